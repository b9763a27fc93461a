/*
 * auth.h: who a request comes from. Every route that is not public needs credentials:
 * "Authorization: Bearer TOKEN" (an API token) or the session cookie clout_session (from
 * POST /api/v1/session); with the cookie, unsafe methods (POST, PUT, PATCH, DELETE) also need the
 * session's CSRF token in X-CSRF-Token. The caller's role must grant the route's permission.
 * The client's address is http_client_ip's (the connection's, or X-Forwarded-For's from the
 * --trusted-proxy).
 */
#ifndef CLOUT_SERVER_AUTH_H
#define CLOUT_SERVER_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "clout/auth.h"
#include "clout/session.h"

typedef struct http_request http_request;

/* The name of the session cookie. */
#define SERVER_SESSION_COOKIE "clout_session"

/*
 * Checks req's credentials against its route's permission and fills req->who. 0 when the request
 * may go on (always for public routes); -1 after answering 401 (no or bad credentials), 403 (a
 * missing CSRF token, or a role without the permission) or 503.
 */
int server_authenticate(http_request *req);

/* The client's address (see above): 0 with out (16 bytes) and *len (4 or 16), or -1 when unknown. */
int server_client_address(http_request *req, uint8_t *out, size_t *len);

/* The client's origin for the audit log and the login rate limit ("addr:HEX"), through the
 * request's session. 0 or a negative code (the message copied into err). */
int server_origin(http_request *req, clout_session *s, char *out, clout_error *err);

/* Appends an entry for req's caller to the audit log, through the request's session. */
int server_audit(http_request *req, clout_session *s, const char *action, const char *object, clout_error *err);


/* Sets the session cookie to value for max_age seconds (0 and "": clears it): HttpOnly,
 * SameSite=Strict, Path=/, and Secure when the server speaks HTTPS. */
int server_session_cookie(http_request *req, const char *value, long max_age);

#endif
