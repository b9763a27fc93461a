/*
 * topic.c: from discovery to a plan with money. The candidates are the accounts discovery ranks
 * for a topic (with its filters); each costs its stored price per post in the plan's currency, or
 * the rate card's price for its tier; every other node of the graph cannot be chosen. Also how a
 * chosen node is shown in parts (platform, id, handle, followers).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clout/convert.h"
#include "clout/plan.h"
#include "clout/score.h"
#include "util/banned.h"

#define MAX_CURRENCIES 16

typedef struct currency_count {
	char code[8];
	size_t count;
} currency_count;

/* Counts code among the candidates' currencies (at most MAX_CURRENCIES distinct ones are kept). */
static void count_currency(currency_count *seen, size_t *nseen, const char *code)
{
	for (size_t i = 0; i < *nseen; i++)
		if (!strcasecmp(seen[i].code, code)) {
			seen[i].count++;
			return;
		}
	if (*nseen < MAX_CURRENCIES) {
		snprintf(seen[*nseen].code, sizeof(seen[*nseen].code), "%s", code);
		seen[(*nseen)++].count = 1;
	}
}

/* The plan's currency: asked, else the one currency the priced candidates share. */
static int choose_currency(clout_plan_topic_costs *info, const clout_score_results *r, const char *asked,
	clout_error *err)
{
	currency_count seen[MAX_CURRENCIES];
	size_t nseen = 0;
	char list[256];
	size_t at = 0;
	if (asked) {
		for (int i = 0; i < 3 && asked[i]; i++)
			info->currency[i] = (char)(asked[i] >= 'a' && asked[i] <= 'z' ? asked[i] - 'a' + 'A' : asked[i]);
		info->currency[3] = '\0';
		if (strlen(asked) != 3 || clout_convert_currency_exponent(info->currency) < 0)
			return clout_error_set(err, CLOUT_EINVAL, "currency: '%s' is not an ISO 4217 code clout knows", asked);
		return 0;
	}
	for (size_t i = 0; i < r->count; i++)
		if (r->items[i].price > 0 && r->items[i].currency[0])
			count_currency(seen, &nseen, r->items[i].currency);
	if (nseen == 1) {
		snprintf(info->currency, sizeof(info->currency), "%s", seen[0].code);
		return 0;
	}
	if (nseen == 0)
		return clout_error_set(err, CLOUT_EINVAL,
			"currency: no candidate has a stored price: name the currency of the rate card with --currency");
	for (size_t i = 0; i < nseen && at < sizeof(list); i++)
		at += (size_t)snprintf(list + at, sizeof(list) - at, "%s%s (%zu)", i ? ", " : "", seen[i].code, seen[i].count);
	return clout_error_set(err, CLOUT_EINVAL,
		"currency: the candidates are priced in %s and prices are never converted: choose one with --currency", list);
}

int clout_plan_topic_costs_run(double **out, clout_plan_topic_costs *info, clout_session *s, const clout_graph *graph,
	const clout_score_query *query, const char *currency, const char *rate_card_path)
{
	clout_score_results r;
	clout_error *err = clout_session_err(s);
	double *card = NULL, *costs = NULL;
	uint32_t n = clout_graph_node_count(graph);
	int rc;
	*out = NULL;
	memset(info, 0, sizeof(*info));
	memset(&r, 0, sizeof(r));
	if ((rc = clout_score_discover_run(s, query, &r)) < 0)
		return rc;
	info->candidates = r.count;
	info->matched = r.matched;
	if ((rc = choose_currency(info, &r, currency, err)) < 0)
		goto done;
	if (rate_card_path && (rc = clout_plan_store_costs(&card, s, graph, rate_card_path)) < 0)
		goto done;
	if (!(costs = malloc((n ? n : 1) * sizeof(*costs)))) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	for (uint32_t v = 0; v < n; v++)
		costs[v] = -1;
	for (size_t i = 0; i < r.count; i++) {
		const clout_score_result *x = &r.items[i];
		uint32_t node;
		bool has_price = x->price > 0 && x->currency[0];
		if (clout_graph_find_node(graph, x->account_id, &node, NULL) < 0) {
			info->not_in_graph++;
			continue;
		}
		if (has_price && !strcasecmp(x->currency, info->currency)) {
			costs[node] = x->price;
			info->priced++;
		} else if (card && card[node] > 0) {
			costs[node] = card[node];
			info->rate_card++;
		} else if (has_price) {
			info->other_currency++;
		} else {
			info->unpriced++;
		}
	}
	if (info->priced + info->rate_card == 0) {
		rc = clout_error_set(err, CLOUT_EINVAL,
			"no candidate for '%s' can be costed in %s (%zu ranked; %zu unpriced, %zu priced in another currency, "
			"%zu outside the graph)%s",
			query->topic, info->currency, info->candidates, info->unpriced, info->other_currency, info->not_in_graph,
			card ? "" : ": give a rate card (--rate-card) for the unpriced ones");
		goto done;
	}
	*out = costs;
	costs = NULL;
	rc = 0;
done:
	free(costs);
	free(card);
	clout_score_results_release(&r);
	return rc;
}

int clout_plan_node_account(clout_session *s, const clout_graph *graph, uint32_t node, clout_plan_account *out)
{
	clout_account_row row;
	int64_t ws;
	memset(out, 0, sizeof(*out));
	out->followers = -1;
	if (!s || clout_session_workspace(s, &ws) < 0 ||
		clout_store_get_account(clout_session_store(s), ws, clout_graph_node_id(graph, node), &row, NULL) < 0)
		return CLOUT_ENOTFOUND;
	snprintf(out->platform, sizeof(out->platform), "%s", row.platform ? row.platform : "");
	snprintf(out->ext_id, sizeof(out->ext_id), "%s", row.ext_id ? row.ext_id : "");
	snprintf(out->handle, sizeof(out->handle), "%s", row.handle ? row.handle : "");
	out->followers = row.followers;
	return 0;
}
