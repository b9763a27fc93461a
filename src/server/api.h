/*
 * api.h: what the data API's handlers (discover, accounts, plan, overlap, sentiment) share: taking
 * a session for the request's caller, and answering a library failure with the right status and
 * the field its message names.
 */
#ifndef CLOUT_SERVER_API_H
#define CLOUT_SERVER_API_H

#include <stdbool.h>

#include "clout/session.h"
#include "server/http.h"

/*
 * Clicks are logged first and folded into the store later (see docs/tracking.md): a handler that
 * reads clicks (stats, reports, attribution) calls this first, so that it sees every click
 * acknowledged before it. A failure leaves them in the log for the folder to retry.
 */
void api_fold_clicks(http_request *req);

/* A session acting for req's caller (see resources_session); NULL after answering 503 or 500. */
clout_session *api_session(http_request *req);
/* Gives the session back (NULL-safe). */
void api_session_done(http_request *req, clout_session *s);

/*
 * Answers a library failure: CLOUT_EINVAL and CLOUT_EBADDATA 400 (from the query string) or 422
 * (from the body), CLOUT_ENOTFOUND 404, CLOUT_ECONFLICT 409, CLOUT_EUNAVAILABLE 503, else 500.
 * A message that starts with "name: " names the field: "name" for a query, "/name" for a body;
 * else bad input is laid at fallback (may be NULL).
 */
int api_reply_failure(http_request *req, const clout_error *err, bool from_body, const char *fallback);

/* Answers 200 with json (a NUL-terminated JSON text, freed here); CLOUT_ENOMEM when json is NULL. */
int api_reply_json_text(http_request *req, char *json);

#endif
