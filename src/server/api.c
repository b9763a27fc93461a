/* api.c: sessions and failures for the data API's handlers (see api.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/api.h"
#include "server/resources.h"
#include "util/banned.h"

void api_fold_clicks(http_request *req)
{
	clout_error err = { 0 };
	if (req->srv->resources->recorder)
		clout_track_recorder_fold(req->srv->resources->recorder, &err);
}

clout_session *api_session(http_request *req)
{
	clout_error err = { 0 };
	clout_session *s;
	if (resources_session(req->srv->resources, &req->who, &s, &err) < 0) {
		api_reply_failure(req, &err, false, NULL);
		return NULL;
	}
	return s;
}

void api_session_done(http_request *req, clout_session *s)
{
	resources_session_done(req->srv->resources, s);
}

int api_reply_failure(http_request *req, const clout_error *err, bool from_body, const char *fallback)
{
	char field[48] = "";
	const char *colon = strchr(err->message, ':');
	size_t n = colon ? (size_t)(colon - err->message) : 0;
	bool input = err->code == CLOUT_EINVAL || err->code == CLOUT_EBADDATA;
	if (n && n < 40 && colon[1] == ' ' && strspn(err->message, "abcdefghijklmnopqrstuvwxyz_") == n)
		snprintf(field, sizeof(field), "%s%.*s", from_body ? "/" : "", (int)n, err->message);
	if (input && !*field && fallback)
		snprintf(field, sizeof(field), "%s", fallback);
	if (input)
		return http_reply_error(req, from_body ? 422 : 400, from_body ? "invalid_value" : "invalid_query",
			*field ? field : NULL, "%s", err->message);
	switch (err->code) {
	case CLOUT_ENOTFOUND: return http_reply_error(req, 404, "not_found", NULL, "%s", err->message);
	case CLOUT_ECONFLICT: return http_reply_error(req, 409, "conflict", *field ? field : NULL, "%s", err->message);
	case CLOUT_EUNAVAILABLE: return http_reply_error(req, 503, "unavailable", NULL, "%s", err->message);
	default: return http_reply_error(req, 500, "internal", NULL, "%s", err->message);
	}
}

int api_reply_json_text(http_request *req, char *json)
{
	int rc = json ? http_reply(req, 200, "application/json", json, strlen(json)) : CLOUT_ENOMEM;
	free(json);
	return rc;
}
