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
/* h_session.c */
int h_session_create(http_request *req);
int h_session_delete(http_request *req);
int h_me(http_request *req);
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
