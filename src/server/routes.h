/*
 * routes.h: the server's one declarative routes table (method, path pattern, handler, required
 * permission) and the matcher that maps a request line onto it. The table is also what
 * `clout serve --print-routes` prints and what tests compare with docs/openapi.yaml.
 */
#ifndef CLOUT_SERVER_ROUTES_H
#define CLOUT_SERVER_ROUTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "clout/auth.h"

typedef struct http_request http_request;

/* A handler answers one request through the http_reply_* calls (or suspends it); it returns 0, or
 * a negative code when it could not answer at all (the server then answers 500). */
typedef int (*route_handler)(http_request *req);

/*
 * What a caller must be allowed to do: a permission of clout/auth.h (CLOUT_PERM_*), checked
 * against the caller's role by server_authenticate before the handler runs. The PERM_* names are
 * the ones the table uses.
 */
typedef clout_permission route_permission;
#define PERM_PUBLIC CLOUT_PERM_PUBLIC
#define PERM_METRICS_READ CLOUT_PERM_METRICS_READ
#define PERM_LINKS_READ CLOUT_PERM_LINKS_READ
#define PERM_LINKS_WRITE CLOUT_PERM_LINKS_WRITE
#define PERM_CODES_WRITE CLOUT_PERM_CODES_WRITE
#define PERM_CONVERSIONS_READ CLOUT_PERM_CONVERSIONS_READ
#define PERM_CONVERSIONS_WRITE CLOUT_PERM_CONVERSIONS_WRITE
#define PERM_REPORTS_READ CLOUT_PERM_REPORTS_READ
#define PERM_ACCOUNTS_READ CLOUT_PERM_ACCOUNTS_READ
#define PERM_CAMPAIGNS_READ CLOUT_PERM_CAMPAIGNS_READ
#define PERM_CAMPAIGNS_WRITE CLOUT_PERM_CAMPAIGNS_WRITE
#define PERM_CONTRACTS_WRITE CLOUT_PERM_CONTRACTS_WRITE
#define PERM_DISCOVER_READ CLOUT_PERM_DISCOVER_READ
#define PERM_PLAN_RUN CLOUT_PERM_PLAN_RUN
#define PERM_SENTIMENT_RUN CLOUT_PERM_SENTIMENT_RUN

#define ROUTE_MAX_PARAMS 4

typedef struct route {
	const char *method;  /* "GET" (also answers HEAD), "POST", ... */
	const char *pattern; /* "/api/v1/links/{code}/stats": {name} matches one non-empty segment */
	route_handler handler;
	route_permission permission;
	const char *summary;
	/* A shop may call it with no user credential, signing the body instead (Clout-Signature):
	 * the handler then checks the signature against the server's workspace's secret. */
	bool signed_postback;
} route;

/* The table and its length. */
extern const route server_routes[];
extern const size_t server_routes_count;

/* The name of a permission ("links:write"). */
const char *route_permission_name(route_permission p);

typedef struct route_params {
	int count;
	const char *names[ROUTE_MAX_PARAMS];  /* borrowed from the pattern, not NUL-terminated */
	size_t name_lens[ROUTE_MAX_PARAMS];
	const char *values[ROUTE_MAX_PARAMS]; /* borrowed from the path, not NUL-terminated */
	size_t value_lens[ROUTE_MAX_PARAMS];
} route_params;

typedef enum {
	ROUTE_FOUND,
	ROUTE_NO_PATH,   /* no pattern matches the path: 404 */
	ROUTE_NO_METHOD  /* a pattern matches, with another method: 405 */
} route_match_result;

/*
 * Finds the route for method and path (without the query string). On ROUTE_FOUND, *out is the
 * route and params its captured segments; on ROUTE_NO_METHOD, allow (size allow_size) receives
 * the methods the path does answer, comma-separated.
 */
route_match_result route_match(const char *method, const char *path, const route **out, route_params *params,
	char *allow, size_t allow_size);

/* Index of r in server_routes (for metrics). */
size_t route_index(const route *r);

/* Prints one line per route: "METHOD PATTERN PERMISSION". */
void routes_print(FILE *out);

#endif
