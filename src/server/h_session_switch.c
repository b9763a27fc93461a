/*
 * h_session_switch.c: POST /api/v1/session/workspace {"workspace": NAME}: the dashboard's workspace
 * switcher. A session acts in one workspace; this moves a signed-in session to another workspace of
 * its user without asking for the password again. The library ends the session and makes a new one
 * (new cookie value and CSRF token, same expiry) in the target workspace, so the cookie held before
 * the switch no longer works. Only session cookies switch (a token acts in its one workspace); the
 * CSRF check of every unsafe cookie request applies. A workspace that does not exist and one the
 * user is not a member of get the same 404.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "server/api.h"
#include "server/auth.h"
#include "server/handlers.h"
#include "server/http.h"
#include "server/resources.h"
#include "util/banned.h"

/* Answers a switch that failed with rc (err's message). */
static int switch_failed(http_request *req, int rc, const clout_error *err)
{
	switch (rc) {
	case CLOUT_EINVAL: return http_reply_error(req, 422, "invalid_value", "/workspace", "%s", err->message);
	case CLOUT_ENOTFOUND: return http_reply_error(req, 404, "not_found", NULL, "%s", err->message);
	case CLOUT_EDENIED: return http_reply_error(req, 401, "invalid_credentials", NULL, "%s", err->message);
	default: return api_reply_failure(req, err, false, NULL);
	}
}

int h_session_switch(http_request *req)
{
	server_resources *res = req->srv->resources;
	char origin[CLOUT_AUTH_ORIGIN_MAX], object[CLOUT_AUTH_NAME_MAX + 16];
	clout_error err = { 0 };
	clout_session *session;
	clout_login login;
	const char *name;
	json_t *body;
	long max_age;
	int rc;
	if (!req->by_session)
		return http_reply_error(req, 400, "not_a_session", NULL,
			"this request carries an API token, which acts in its one workspace; switching needs the session cookie");
	if (http_body_object(req, &body) < 0)
		return 0;
	if (http_json_string(req, body, "workspace", true, &name) < 0) {
		json_decref(body);
		return 0;
	}
	if ((rc = resources_session(res, &req->who, &session, &err)) < 0) {
		json_decref(body);
		return http_reply_error(req, 503, "unavailable", NULL, "%s", err.message);
	}
	if ((rc = server_origin(req, session, origin, &err)) == 0 &&
	    (rc = clout_auth_session_switch(&login, session, req->who.session_id, name, origin, 0)) < 0)
		err = *clout_session_error(session);
	if (rc == 0) {
		req->who = login.who;
		snprintf(object, sizeof(object), "user:%s", login.who.name);
		rc = server_audit(req, session, "session.switch", object, &err);
	}
	resources_session_done(res, session);
	json_decref(body);
	if (rc < 0) {
		memset(&login, 0, sizeof(login));
		return switch_failed(req, rc, &err);
	}
	rc = http_reply_json(req, 201, json_pack("{s:s,s:s,s:I,s:s,s:I}", "user", login.who.name, "role",
		clout_role_name(login.who.role), "workspace", (json_int_t)login.who.workspace, "csrf_token", login.csrf,
		"expires_at", (json_int_t)login.expires_at));
	max_age = (long)(login.expires_at - (int64_t)time(NULL));
	if (rc == 0 && (rc = server_session_cookie(req, login.session, max_age > 0 ? max_age : 1)) == 0)
		rc = http_add_header(req, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	memset(&login, 0, sizeof(login));
	return rc;
}
