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

#endif
