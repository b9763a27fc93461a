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
	{ "POST", "/api/v1/campaigns", h_campaign_create, PERM_CAMPAIGNS_WRITE, "create a campaign", false },
	{ "GET", "/api/v1/campaigns", h_campaign_list, PERM_CAMPAIGNS_READ, "list campaigns", false },
	{ "GET", "/api/v1/campaigns/{name}", h_campaign_get, PERM_CAMPAIGNS_READ, "one campaign", false },
	{ "PATCH", "/api/v1/campaigns/{name}", h_campaign_update, PERM_CAMPAIGNS_WRITE, "change a campaign", false },
	{ "GET", "/api/v1/campaigns/{name}/roster", h_roster_get, PERM_CAMPAIGNS_READ, "a campaign's roster", false },
	{ "POST", "/api/v1/campaigns/{name}/roster", h_roster_add, PERM_CAMPAIGNS_WRITE,
		"add people (or a plan's seeds) to a campaign's roster", false },
	{ "POST", "/api/v1/campaigns/{name}/links", h_campaign_links, PERM_CAMPAIGNS_WRITE,
		"a tracking link (and promo code) for every roster member", false },
	{ "POST", "/api/v1/contracts", h_contract_create, PERM_CONTRACTS_WRITE, "create a contract", false },
	{ "GET", "/api/v1/contracts", h_contract_list, PERM_CAMPAIGNS_READ, "list contracts with their deliverables", false },
	{ "POST", "/api/v1/deliverables", h_deliverable_create, PERM_CONTRACTS_WRITE, "add a deliverable to a contract", false },
	{ "PATCH", "/api/v1/deliverables/{id}", h_deliverable_update, PERM_CONTRACTS_WRITE,
		"change a deliverable and check it against its post", false },
	{ "GET", "/api/v1/calendar", h_calendar, PERM_CAMPAIGNS_READ, "the content calendar (JSON or iCalendar)", false },
	{ "GET", "/api/v1/reports/campaigns/{name}", h_report_campaign, PERM_REPORTS_READ,
		"every figure of a campaign against its KPIs", false },
	{ "GET", "/api/v1/reports/people/{person}", h_report_person, PERM_REPORTS_READ,
		"a person's figures across campaigns", false },
	{ "GET", "/api/v1/stats", h_stats, PERM_ACCOUNTS_READ, "counts of what the store holds", false },
	{ "GET", "/api/v1/people", h_people_list, CLOUT_PERM_PEOPLE_READ, "list the workspace's people", false },
	{ "POST", "/api/v1/people", h_people_add, CLOUT_PERM_PEOPLE_WRITE, "add a person, linked to accounts of the store", false },
	{ "GET", "/api/v1/people/{name}", h_person_get, CLOUT_PERM_PEOPLE_READ, "one person", false },
	{ "DELETE", "/api/v1/people/{name}", h_person_erase, CLOUT_PERM_PEOPLE_WRITE,
		"erase a person's personal data everywhere in the workspace", false },
	{ "POST", "/api/v1/people/{name}/accounts", h_person_link, CLOUT_PERM_PEOPLE_WRITE, "link an account to a person", false },
	{ "DELETE", "/api/v1/people/{name}/accounts/{account}", h_person_unlink, CLOUT_PERM_PEOPLE_WRITE,
		"unlink an account from a person", false },
	{ "POST", "/api/v1/people/{name}/stage", h_person_stage, CLOUT_PERM_PEOPLE_WRITE, "set the pipeline stage and owner", false },
	{ "GET", "/api/v1/people/{name}/stages", h_person_stages, CLOUT_PERM_PEOPLE_READ, "the stage history", false },
	{ "POST", "/api/v1/people/{name}/consent", h_person_consent, CLOUT_PERM_PEOPLE_WRITE, "record consent and sharing rights", false },
	{ "POST", "/api/v1/people/{name}/nda", h_person_nda, CLOUT_PERM_PEOPLE_WRITE, "record the NDA status and dates", false },
	{ "GET", "/api/v1/people/{name}/interactions", h_interactions_list, CLOUT_PERM_PEOPLE_READ, "the interaction log", false },
	{ "POST", "/api/v1/people/{name}/interactions", h_interaction_add, CLOUT_PERM_INTERACTIONS_WRITE, "log an interaction", false },
	{ "GET", "/api/v1/people/{name}/feedback", h_feedback_list, CLOUT_PERM_PEOPLE_READ, "a person's product feedback", false },
	{ "POST", "/api/v1/people/{name}/feedback", h_feedback_add, CLOUT_PERM_INTERACTIONS_WRITE, "record product feedback", false },
	{ "POST", "/api/v1/feedback/{id}/status", h_feedback_status, CLOUT_PERM_INTERACTIONS_WRITE,
		"move feedback along its closed loop", false },
	{ "GET", "/api/v1/people/{name}/balance", h_person_balance, CLOUT_PERM_PEOPLE_READ, "the engagement balance sheet", false },
	{ "GET", "/api/v1/discover", h_discover, PERM_DISCOVER_READ, "rank accounts for a topic (as clout discover)", false },
	{ "GET", "/api/v1/accounts", h_account_list, PERM_ACCOUNTS_READ, "a page of accounts, the largest audience first", false },
	{ "GET", "/api/v1/accounts/{id}", h_account_get, PERM_ACCOUNTS_READ,
		"one account: posts, topic terms, engagement against its tier, follower history, flags", false },
	{ "GET", "/api/v1/overlap", h_overlap, PERM_ACCOUNTS_READ, "audience overlap of accounts (as clout overlap)", false },
	{ "POST", "/api/v1/plan", h_plan, PERM_PLAN_RUN, "plan a roster within a budget (as clout plan --from-store)", false },
	{ "POST", "/api/v1/sentiment", h_sentiment, PERM_SENTIMENT_RUN, "score the sentiment of a text or of JSON lines", false },
	{ "POST", "/api/v1/session", h_session_create, CLOUT_PERM_PUBLIC, "log in: sets the session cookie, returns the CSRF token", false },
	{ "DELETE", "/api/v1/session", h_session_delete, CLOUT_PERM_SIGNED_IN, "log out", false },
	{ "POST", "/api/v1/session/workspace", h_session_switch, CLOUT_PERM_SIGNED_IN,
		"move the session to another of the caller's workspaces: a new session cookie and CSRF token", false },
	{ "GET", "/api/v1/me", h_me, CLOUT_PERM_SIGNED_IN, "the caller: user, role, workspace, permissions", false },
	{ "GET", "/api/v1/workspaces", h_workspaces, CLOUT_PERM_SIGNED_IN, "the workspaces the caller may act in", false },
	{ "POST", "/api/v1/ingest", h_ingest, CLOUT_PERM_LISTEN_WRITE, "match posts against the saved rules and store mentions", false },
	{ "GET", "/api/v1/rules", h_rule_list, CLOUT_PERM_LISTEN_READ, "the saved listening rules", false },
	{ "POST", "/api/v1/rules", h_rule_create, CLOUT_PERM_LISTEN_WRITE, "save a listening rule", false },
	{ "DELETE", "/api/v1/rules/{name}", h_rule_delete, CLOUT_PERM_LISTEN_WRITE, "delete a listening rule", false },
	{ "POST", "/api/v1/rules/test", h_rule_test, CLOUT_PERM_LISTEN_READ, "try a rule on texts before saving it (nothing is stored)", false },
	{ "GET", "/api/v1/mentions", h_mention_list, CLOUT_PERM_LISTEN_READ, "the inbox: mentions, overdue first", false },
	{ "GET", "/api/v1/mentions/{id}", h_mention_get, CLOUT_PERM_LISTEN_READ, "one mention with its reply notes", false },
	{ "POST", "/api/v1/mentions/{id}/assign", h_mention_assign, CLOUT_PERM_INBOX_WRITE, "give a mention to a user", false },
	{ "POST", "/api/v1/mentions/{id}/reply", h_mention_reply, CLOUT_PERM_INBOX_WRITE, "log the answer to a mention", false },
	{ "POST", "/api/v1/mentions/{id}/close", h_mention_close, CLOUT_PERM_INBOX_WRITE, "close a mention", false },
	{ "GET", "/api/v1/alerts", h_alert_list, CLOUT_PERM_LISTEN_READ, "listening alerts", false },
	{ "GET", "/api/v1/reports/sov", h_report_sov, CLOUT_PERM_LISTEN_READ, "share of voice per day or week", false },
	{ "GET", "/api/v1/reports/inbox", h_report_inbox, CLOUT_PERM_LISTEN_READ, "response times per team against the SLA", false },
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
