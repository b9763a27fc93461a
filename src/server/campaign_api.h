/*
 * campaign_api.h: what the campaign, contract and report handlers share (defined in h_campaigns.c):
 * the status for a library failure, string lists from a JSON body, and the audit-then-reply step.
 */
#ifndef CLOUT_SERVER_CAMPAIGN_API_H
#define CLOUT_SERVER_CAMPAIGN_API_H

#include <stddef.h>

#include <jansson.h>

#include "clout/common.h"
#include "server/http.h"

/* Answers a library failure: 422 naming the field its message starts with, 404, 409, 403, 503 or 500. */
int campaign_reply_failure(http_request *req, const clout_error *err);

/*
 * Reads member key of obj as a list of strings into a malloc'd array (*out, *count; free *out);
 * absent or null is an empty list. -1 after answering 422 when it is not an array of strings.
 */
int campaign_json_strings(http_request *req, json_t *obj, const char *key, const char ***out, size_t *count);

/* Replies status with json (a library writer's text, freed); CLOUT_ENOMEM when it is NULL. */
int campaign_reply_text(http_request *req, int status, char *json);

#endif
