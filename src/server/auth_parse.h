/*
 * auth_parse.h: the parsers of what a request presents as credentials and where it came from:
 * the Authorization header (Bearer), the Cookie header, X-Forwarded-For and --trusted-proxy
 * addresses. Pure functions over strings (fuzz/fuzz_auth_headers.c feeds them any bytes).
 */
#ifndef CLOUT_SERVER_AUTH_PARSE_H
#define CLOUT_SERVER_AUTH_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* An address with a prefix length (a trusted proxy: "10.0.0.1", "10.0.0.0/8", "::1", "fd00::/8"). */
typedef struct auth_net {
	uint8_t addr[16];
	size_t len;    /* 4 or 16 */
	unsigned bits; /* prefix length */
} auth_net;

/* Parses ADDR[/BITS]; 0 or -1. */
int auth_net_parse(auth_net *out, const char *text);
/* Whether addr (len 4 or 16 bytes) is inside net. */
bool auth_net_contains(const auth_net *net, const uint8_t *addr, size_t len);

/*
 * The client address that X-Forwarded-For names, after proxies: the entries are read from the
 * right, skipping those inside one of trusted (n nets); the first other entry is the client.
 * 1 with out (16 bytes) and *len (4 or 16), 0 when every entry is a trusted proxy or the header
 * is empty, -1 when an entry read is not an address.
 */
int auth_parse_forwarded(const char *header, const auth_net *trusted, size_t n, uint8_t *out, size_t *len);

#endif
