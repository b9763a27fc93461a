/*
 * auth_parse.h: the parsers of what a request presents as credentials: the Authorization header
 * (Bearer) and the Cookie header. Pure functions over strings (fuzz/fuzz_auth_headers.c feeds them
 * any bytes).
 */
#ifndef CLOUT_SERVER_AUTH_PARSE_H
#define CLOUT_SERVER_AUTH_PARSE_H

#include <stddef.h>

/* Longest token accepted in a header. */
#define AUTH_TOKEN_MAX 128

/*
 * An Authorization header: 1 with *token (borrowed from header, len bytes) for "Bearer TOKEN"
 * (scheme in any case, TOKEN of base64url characters, '.' and '_', at most AUTH_TOKEN_MAX bytes);
 * 0 when the scheme is not Bearer; -1 when it is Bearer with a malformed token.
 */
int auth_parse_bearer(const char *header, const char **token, size_t *len);

/* The value of cookie name in a Cookie header ("a=1; b=2", a quoted value unquoted): 1 with
 * *value (borrowed, len bytes), 0 when absent. Pairs without '=' are skipped. */
int auth_parse_cookie(const char *header, const char *name, const char **value, size_t *len);

#endif
