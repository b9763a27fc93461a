/* auth.c: authenticating requests and checking their permission (see auth.h). */
#include <stdio.h>
#include <string.h>

#include "server/auth.h"
#include "server/auth_parse.h"
#include "server/http.h"
#include "server/resources.h"
#include "util/banned.h"

static bool unsafe_method(const char *m)
{
	return !strcmp(m, "POST") || !strcmp(m, "PUT") || !strcmp(m, "PATCH") || !strcmp(m, "DELETE");
}

static int refuse_401(http_request *req, const char *code, const char *message)
{
	http_reply_error(req, 401, code, NULL, "%s", message);
	http_add_header(req, "WWW-Authenticate", "Bearer realm=\"clout\"");
	return -1;
}

/* Copies len bytes of s into out (size CLOUT_AUTH_SECRET_TEXT_MAX); -1 when too long. */
static int copy_credential(char *out, const char *s, size_t len)
{
	if (len >= CLOUT_AUTH_SECRET_TEXT_MAX)
		return -1;
	memcpy(out, s, len);
	out[len] = '\0';
	return 0;
}

int server_authenticate(http_request *req)
{
	server_resources *res = req->srv->resources;
	clout_permission need = req->route->permission;
	const char *authz, *cred;
	char text[CLOUT_AUTH_SECRET_TEXT_MAX];
	clout_error err = { 0 };
	clout_session *session;
	size_t len;
	int kind, rc;
	if (need == CLOUT_PERM_PUBLIC)
		return 0;
	authz = http_header(req, MHD_HTTP_HEADER_AUTHORIZATION);
	kind = auth_parse_bearer(authz, &cred, &len);
	if (authz && kind <= 0)
		return refuse_401(req, "invalid_credentials", "the Authorization header must be \"Bearer TOKEN\"");
	if (kind == 1) {
		req->by_session = false;
	} else if (auth_parse_cookie(http_header(req, MHD_HTTP_HEADER_COOKIE), SERVER_SESSION_COOKIE, &cred, &len) == 1) {
		req->by_session = true;
	} else if (req->route->signed_postback && http_header(req, "Clout-Signature")) {
		/* a shop's postback, signed with the server's workspace's secret: the handler checks it */
		req->signed_postback = true;
		req->who.workspace = res->workspace;
		return 0;
	} else {
		return refuse_401(req, "unauthenticated",
			"credentials required: Authorization: Bearer TOKEN, or the session cookie from POST /api/v1/session");
	}
	if (copy_credential(text, cred, len) < 0)
		return refuse_401(req, "invalid_credentials", "the credential is malformed");
	if ((rc = resources_session(res, NULL, &session, &err)) == 0) {
		rc = req->by_session ? clout_auth_session_check(&req->who, req->csrf, session, text, 0)
				     : clout_auth_token_check(&req->who, session, text, 0);
		if (rc < 0)
			err = *clout_session_error(session);
		resources_session_done(res, session);
	}
	memset(text, 0, sizeof(text));
	if (rc == CLOUT_EDENIED)
		return refuse_401(req, "invalid_credentials", err.message);
	if (rc < 0) {
		http_reply_error(req, 503, "unavailable", NULL, "credentials could not be checked: %s", err.message);
		return -1;
	}
	if (req->by_session && unsafe_method(req->method) &&
	    !clout_auth_csrf_equal(req->csrf, http_header(req, "X-CSRF-Token"))) {
		http_reply_error(req, 403, "csrf_required", NULL,
			"%s with a session cookie needs the session's CSRF token in X-CSRF-Token", req->method);
		return -1;
	}
	if (!clout_role_allows(req->who.role, need)) {
		http_reply_error(req, 403, "forbidden", NULL, "the role %s does not have the permission %s",
			clout_role_name(req->who.role), clout_permission_name(need));
		return -1;
	}
	return 0;
}

int server_client_address(http_request *req, uint8_t *out, size_t *len)
{
	http_client_ip(req, out, len);
	return *len ? 0 : -1;
}

int server_origin(http_request *req, clout_session *s, char *out, clout_error *err)
{
	uint8_t addr[16];
	size_t len;
	int rc;
	if (server_client_address(req, addr, &len) < 0) {
		snprintf(out, CLOUT_AUTH_ORIGIN_MAX, "addr:unknown");
		return 0;
	}
	if ((rc = clout_auth_origin(out, s, addr, len)) < 0)
		*err = *clout_session_error(s);
	return rc;
}

int server_audit(http_request *req, clout_session *s, const char *action, const char *object, clout_error *err)
{
	clout_audit_entry e = { 0 };
	char origin[CLOUT_AUTH_ORIGIN_MAX];
	int rc;
	if ((rc = server_origin(req, s, origin, err)) < 0)
		return rc;
	e.workspace = req->who.workspace;
	e.actor = req->who.name[0] ? req->who.name : "anonymous";
	e.action = action;
	e.object = object;
	e.origin = origin;
	if ((rc = clout_audit_append(s, &e)) < 0)
		*err = *clout_session_error(s);
	return rc;
}

int server_session_cookie(http_request *req, const char *value, long max_age)
{
	char cookie[CLOUT_AUTH_SECRET_TEXT_MAX + 128];
	snprintf(cookie, sizeof(cookie), "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Strict%s", SERVER_SESSION_COOKIE,
		value, max_age, req->srv->resources->tls ? "; Secure" : "");
	return http_add_header(req, MHD_HTTP_HEADER_SET_COOKIE, cookie);
}
