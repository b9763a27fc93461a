/*
 * h_session.c: logging in and out, and who the caller is: POST /api/v1/session (name and
 * password: sets the session cookie and returns the CSRF token), DELETE /api/v1/session,
 * GET /api/v1/me, GET /api/v1/workspaces (where the caller may act: the dashboard's switcher).
 */
#include <stdio.h>
#include <string.h>

#include "server/auth.h"
#include "server/handlers.h"
#include "server/http.h"
#include "server/resources.h"
#include "util/banned.h"

/* The workspace a login asks for (by name), or 0: 1 to go on, 0 after answering (an unknown
 * workspace gets the same 401 as a wrong password, so logins do not tell which names exist). */
static int login_workspace(http_request *req, clout_session *session, json_t *body, int64_t *ws)
{
	const char *name;
	int rc;
	*ws = 0;
	if (http_json_string(req, body, "workspace", false, &name) < 0)
		return 0;
	if (name && (rc = clout_session_workspace_find(session, name, ws)) < 0) {
		if (rc == CLOUT_ENOTFOUND)
			http_reply_error(req, 401, "invalid_credentials", NULL, "wrong user name or password");
		else
			http_reply_error(req, 503, "unavailable", NULL, "%s", clout_session_error(session)->message);
		return 0;
	}
	return 1;
}

int h_session_create(http_request *req)
{
	server_resources *res = req->srv->resources;
	const char *name, *password;
	char origin[CLOUT_AUTH_ORIGIN_MAX], object[CLOUT_AUTH_NAME_MAX + 8], retry[32];
	clout_error err = { 0 };
	clout_login login;
	clout_session *session;
	int64_t ws, retry_after = 0;
	json_t *body;
	int rc;
	if (http_body_object(req, &body) < 0)
		return 0;
	if (http_json_string(req, body, "name", true, &name) < 0 || http_json_string(req, body, "password", true, &password) < 0) {
		json_decref(body);
		return 0;
	}
	/* a session of the pool: Argon2id takes long, and holds no other request's connection */
	if ((rc = resources_session(res, NULL, &session, &err)) < 0) {
		json_decref(body);
		return http_reply_error(req, 503, "unavailable", NULL, "%s", err.message);
	}
	if (!login_workspace(req, session, body, &ws)) {
		resources_session_done(res, session);
		json_decref(body);
		return 0;
	}
	if ((rc = server_origin(req, session, origin, &err)) == 0 &&
	    (rc = clout_auth_login(&login, &retry_after, session, name, password, origin, ws, 0)) < 0)
		err = *clout_session_error(session);
	if (rc == 0) {
		req->who = login.who;
		snprintf(object, sizeof(object), "user:%s", login.who.name);
		rc = server_audit(req, session, "session.create", object, &err);
	}
	resources_session_done(res, session);
	json_decref(body);
	if (rc == CLOUT_ELIMITED) {
		snprintf(retry, sizeof(retry), "%lld", (long long)retry_after);
		http_reply_error(req, 429, "too_many_attempts", NULL, "%s", err.message);
		return http_add_header(req, "Retry-After", retry);
	}
	if (rc == CLOUT_EDENIED) {
		http_reply_error(req, 401, "invalid_credentials", NULL, "%s", err.message);
		return 0;
	}
	if (rc < 0)
		return http_reply_error(req, 503, "unavailable", NULL, "%s", err.message);
	rc = http_reply_json(req, 201, json_pack("{s:s,s:s,s:I,s:s,s:I}", "user", login.who.name, "role",
		clout_role_name(login.who.role), "workspace", (json_int_t)login.who.workspace, "csrf_token", login.csrf,
		"expires_at", (json_int_t)login.expires_at));
	if (rc == 0 && (rc = server_session_cookie(req, login.session, CLOUT_AUTH_SESSION_TTL_S)) == 0)
		rc = http_add_header(req, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	memset(&login, 0, sizeof(login));
	return rc;
}

int h_session_delete(http_request *req)
{
	server_resources *res = req->srv->resources;
	clout_error err = { 0 };
	clout_session *session;
	char object[CLOUT_AUTH_NAME_MAX + 8];
	int rc;
	if (!req->by_session)
		return http_reply_error(req, 400, "not_a_session", NULL,
			"this request carries an API token, not a session cookie (revoke tokens with clout token revoke)");
	snprintf(object, sizeof(object), "user:%s", req->who.name);
	if ((rc = resources_session(res, &req->who, &session, &err)) == 0) {
		if ((rc = clout_auth_session_end(session, req->who.session_id)) < 0)
			err = *clout_session_error(session);
		else
			rc = server_audit(req, session, "session.delete", object, &err);
		resources_session_done(res, session);
	}
	if (rc < 0)
		return http_reply_error(req, 503, "unavailable", NULL, "%s", err.message);
	if ((rc = http_reply(req, 204, NULL, "", 0)) == 0)
		rc = server_session_cookie(req, "", 0);
	return rc;
}

int h_me(http_request *req)
{
	json_t *perms = json_array();
	if (!perms)
		return CLOUT_ENOMEM;
	for (int p = CLOUT_PERM_METRICS_READ; p < CLOUT_PERM_COUNT; p++)
		if (clout_role_allows(req->who.role, (clout_permission)p))
			json_array_append_new(perms, json_string(clout_permission_name((clout_permission)p)));
	return http_reply_json(req, 200, json_pack("{s:s,s:s,s:I,s:s,s:o}", "user", req->who.name, "role",
		clout_role_name(req->who.role), "workspace", (json_int_t)req->who.workspace, "via",
		req->by_session ? "session" : "token", "permissions", perms));
}

int h_workspaces(http_request *req)
{
	server_resources *res = req->srv->resources;
	clout_workspace_ref *list = NULL;
	clout_error err = { 0 };
	clout_session *session;
	json_t *items, *current = json_null();
	size_t n = 0;
	int rc;
	if ((rc = resources_session(res, &req->who, &session, &err)) == 0) {
		if ((rc = clout_auth_workspaces(&list, &n, session, &req->who)) < 0)
			err = *clout_session_error(session);
		resources_session_done(res, session);
	}
	if (rc < 0)
		return http_reply_error(req, 503, "unavailable", NULL, "%s", err.message);
	if (!(items = json_array())) {
		clout_workspace_refs_free(list, n);
		return CLOUT_ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		bool here = list[i].id == req->who.workspace;
		json_array_append_new(items, json_pack("{s:I,s:s,s:b}", "id", (json_int_t)list[i].id, "name", list[i].name,
			"current", here));
		if (here)
			current = json_string(list[i].name);
	}
	clout_workspace_refs_free(list, n);
	return http_reply_json(req, 200, json_pack("{s:I,s:o,s:o}", "current", (json_int_t)req->who.workspace,
		"current_name", current ? current : json_null(), "workspaces", items));
}
