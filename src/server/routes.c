/*
 * routes.c: the routes table and the matcher (see routes.h). The table is short and read by
 * every request, so matching is a linear scan that compares segments in place, with no
 * allocation.
 */
#include <string.h>

#include "server/handlers.h"
#include "server/routes.h"
#include "util/banned.h"

const route server_routes[] = {
	{ "GET", "/healthz", h_healthz, PERM_PUBLIC, "liveness and store check", false },
	{ "GET", "/metrics", h_metrics, PERM_METRICS_READ, "Prometheus metrics", false },
	{ "GET", "/r/{code}", h_redirect, PERM_PUBLIC, "follow a tracking link (the click is recorded first)", false },
	{ "POST", "/api/v1/links", h_link_create, PERM_LINKS_WRITE, "create a tracking link", false },
	{ "GET", "/api/v1/links/{code}/stats", h_link_stats, PERM_LINKS_READ, "clicks of a tracking link", false },
	{ "POST", "/api/v1/codes", h_code_create, PERM_CODES_WRITE, "create a promo code for an influencer", false },
	{ "GET", "/api/v1/codes", h_code_list, PERM_REPORTS_READ, "list promo codes", false },
	{ "POST", "/api/v1/conversions", h_conversion_create, PERM_CONVERSIONS_WRITE, "record an order (signed postback)", true },
	{ "GET", "/api/v1/conversions/{order_id}", h_conversion_get, PERM_CONVERSIONS_READ, "one conversion", false },
	{ "POST", "/api/v1/conversions/{order_id}/refund", h_conversion_refund, PERM_CONVERSIONS_WRITE,
		"refund an order in full or in part (signed postback)", true },
	{ "GET", "/api/v1/reports/links", h_report_links, PERM_REPORTS_READ, "clicks, conversions and revenue by link", false },
	{ "GET", "/api/v1/stats", h_stats, PERM_ACCOUNTS_READ, "counts of what the store holds", false },
	{ "GET", "/api/v1/discover", h_discover, PERM_DISCOVER_READ, "rank accounts for a topic (as clout discover)", false },
	{ "GET", "/api/v1/accounts", h_account_list, PERM_ACCOUNTS_READ, "a page of accounts, the largest audience first", false },
	{ "GET", "/api/v1/accounts/{id}", h_account_get, PERM_ACCOUNTS_READ,
		"one account: posts, topic terms, engagement against its tier, follower history, flags", false },
	{ "GET", "/api/v1/overlap", h_overlap, PERM_ACCOUNTS_READ, "audience overlap of accounts (as clout overlap)", false },
	{ "POST", "/api/v1/plan", h_plan, PERM_PLAN_RUN, "plan a roster within a budget (as clout plan --from-store)", false },
	{ "POST", "/api/v1/sentiment", h_sentiment, PERM_SENTIMENT_RUN, "score the sentiment of a text or of JSON lines", false },
	{ "POST", "/api/v1/session", h_session_create, CLOUT_PERM_PUBLIC, "log in: sets the session cookie, returns the CSRF token", false },
	{ "DELETE", "/api/v1/session", h_session_delete, CLOUT_PERM_SIGNED_IN, "log out", false },
	{ "GET", "/api/v1/me", h_me, CLOUT_PERM_SIGNED_IN, "the caller: user, role, workspace, permissions", false },
	{ "GET", "/api/v1/workspaces", h_workspaces, CLOUT_PERM_SIGNED_IN, "the workspaces the caller may act in", false },
};
const size_t server_routes_count = sizeof(server_routes) / sizeof(server_routes[0]);

const char *route_permission_name(route_permission p)
{
	return clout_permission_name(p);
}

/* Matches path against pattern segment by segment; {name} takes one non-empty segment. */
static int match_pattern(const char *pattern, const char *path, route_params *params)
{
	const char *p = pattern, *s = path;
	params->count = 0;
	while (*p && *s) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			const char *end = strchr(s, '/');
			size_t len = end ? (size_t)(end - s) : strlen(s);
			if (!close || len == 0 || params->count == ROUTE_MAX_PARAMS)
				return 0;
			params->names[params->count] = p + 1;
			params->name_lens[params->count] = (size_t)(close - p - 1);
			params->values[params->count] = s;
			params->value_lens[params->count] = len;
			params->count++;
			p = close + 1;
			s += len;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	return *p == '\0' && *s == '\0';
}

static int method_matches(const char *route_method, const char *method)
{
	/* HEAD is GET without a body: libmicrohttpd drops the body. */
	return !strcmp(route_method, method) || (!strcmp(route_method, "GET") && !strcmp(method, "HEAD"));
}

static void allow_add(char *allow, size_t size, const char *method)
{
	size_t used = strlen(allow);
	if (strstr(allow, method))
		return;
	if (used && used + 2 < size) {
		memcpy(allow + used, ", ", 3);
		used += 2;
	}
	if (used + strlen(method) < size)
		memcpy(allow + used, method, strlen(method) + 1);
}

route_match_result route_match(const char *method, const char *path, const route **out, route_params *params,
	char *allow, size_t allow_size)
{
	route_params scratch;
	int path_found = 0;
	if (allow_size)
		allow[0] = '\0';
	*out = NULL;
	for (size_t i = 0; i < server_routes_count; i++) {
		const route *r = &server_routes[i];
		if (!match_pattern(r->pattern, path, &scratch))
			continue;
		if (method_matches(r->method, method)) {
			*out = r;
			*params = scratch;
			return ROUTE_FOUND;
		}
		path_found = 1;
		allow_add(allow, allow_size, r->method);
		if (!strcmp(r->method, "GET"))
			allow_add(allow, allow_size, "HEAD");
	}
	return path_found ? ROUTE_NO_METHOD : ROUTE_NO_PATH;
}

size_t route_index(const route *r)
{
	return (size_t)(r - server_routes);
}

void routes_print(FILE *out)
{
	for (size_t i = 0; i < server_routes_count; i++)
		fprintf(out, "%s %s %s\n", server_routes[i].method, server_routes[i].pattern,
			route_permission_name(server_routes[i].permission));
}
