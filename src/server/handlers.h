/* handlers.h: every route handler, one file per resource (h_<resource>.c). */
#ifndef CLOUT_SERVER_HANDLERS_H
#define CLOUT_SERVER_HANDLERS_H

#include "server/routes.h"

/* h_system.c */
int h_healthz(http_request *req);
int h_metrics(http_request *req);

/* h_links.c */
int h_link_create(http_request *req);
int h_link_stats(http_request *req);
int h_redirect(http_request *req);

/* h_store.c */
int h_stats(http_request *req);

/* h_conversions.c */
int h_code_create(http_request *req);
int h_code_list(http_request *req);
int h_conversion_create(http_request *req);
int h_conversion_get(http_request *req);
int h_conversion_refund(http_request *req);
int h_report_links(http_request *req);
/* h_people.c */
int h_people_list(http_request *req);
int h_people_add(http_request *req);
int h_person_get(http_request *req);
int h_person_erase(http_request *req);
int h_person_link(http_request *req);
int h_person_unlink(http_request *req);
int h_person_stage(http_request *req);
int h_person_stages(http_request *req);
int h_person_consent(http_request *req);
int h_person_nda(http_request *req);
int h_interactions_list(http_request *req);
int h_interaction_add(http_request *req);
int h_feedback_list(http_request *req);
int h_feedback_add(http_request *req);
int h_feedback_status(http_request *req);
int h_person_balance(http_request *req);

/* h_campaigns.c */
int h_campaign_create(http_request *req);
int h_campaign_list(http_request *req);
int h_campaign_get(http_request *req);
int h_campaign_update(http_request *req);
int h_roster_get(http_request *req);
int h_roster_add(http_request *req);
int h_campaign_links(http_request *req);
int h_calendar(http_request *req);

/* h_contracts.c */
int h_contract_create(http_request *req);
int h_contract_list(http_request *req);
int h_deliverable_create(http_request *req);
int h_deliverable_update(http_request *req);
int h_report_campaign(http_request *req);
int h_report_person(http_request *req);
/* h_discover.c */
int h_discover(http_request *req);

/* h_accounts.c */
int h_account_list(http_request *req);
int h_account_get(http_request *req);
int h_overlap(http_request *req);

/* h_plan.c */
int h_plan(http_request *req);

/* h_sentiment.c */
int h_sentiment(http_request *req);

/* h_session.c */
int h_session_create(http_request *req);
int h_session_delete(http_request *req);
int h_me(http_request *req);
int h_workspaces(http_request *req);
/* h_session_switch.c */
int h_session_switch(http_request *req);
/* h_rule_test.c */
int h_rule_test(http_request *req);
/* h_listen.c */
int h_ingest(http_request *req);
int h_rule_list(http_request *req);
int h_rule_create(http_request *req);
int h_rule_delete(http_request *req);
int h_mention_list(http_request *req);
int h_mention_get(http_request *req);
int h_mention_assign(http_request *req);
int h_mention_reply(http_request *req);
int h_mention_close(http_request *req);
int h_alert_list(http_request *req);
int h_report_sov(http_request *req);
int h_report_inbox(http_request *req);

#endif
