/*
 * report.c: what plan needs from the store (costs from a rate card and the accounts' audiences,
 * how a chosen account is shown) and the one JSON writer of a plan.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clout/plan.h"
#include "lib/plan/internal.h"
#include "util/json_out.h"
#include "util/banned.h"

int clout__plan_store_audience(clout_session *s, const clout_graph *g, int64_t **followers_out, char ***platforms_out)
{
	uint32_t n = clout_graph_node_count(g);
	int64_t *followers = calloc(n ? n : 1, sizeof(*followers));
	char **platforms = calloc(n ? n : 1, sizeof(*platforms));
	int64_t ws;
	int rc = 0;
	*followers_out = NULL;
	*platforms_out = NULL;
	if (!followers || !platforms) {
		rc = clout_error_set(clout_session_err(s), CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = clout_session_workspace(s, &ws)) < 0)
		goto done;
	for (uint32_t v = 0; v < n; v++) {
		clout_account_row row;
		followers[v] = clout_graph_out_degree(g, v);
		if (clout_store_get_account(clout_session_store(s), ws, clout_graph_node_id(g, v), &row, NULL) == 0) {
			if (row.followers >= 0)
				followers[v] = row.followers;
			if (row.platform && !(platforms[v] = strdup(row.platform))) {
				rc = clout_error_set(clout_session_err(s), CLOUT_ENOMEM, "out of memory");
				goto done;
			}
		}
	}
done:
	if (rc < 0) {
		clout__plan_audience_free(followers, platforms, n);
		return rc;
	}
	*followers_out = followers;
	*platforms_out = platforms;
	return 0;
}

void clout__plan_audience_free(int64_t *followers, char **platforms, uint32_t n)
{
	for (uint32_t v = 0; platforms && v < n; v++)
		free(platforms[v]);
	free(platforms);
	free(followers);
}

int clout_plan_store_costs(double **out, clout_session *s, const clout_graph *g, const char *rate_card_path)
{
	int64_t *followers;
	char **platforms;
	int rc;
	*out = NULL;
	if ((rc = clout__plan_store_audience(s, g, &followers, &platforms)) < 0)
		return rc;
	rc = clout_plan_rate_card_costs(out, g, rate_card_path, followers, (const char *const *)platforms,
		clout_session_err(s));
	clout__plan_audience_free(followers, platforms, clout_graph_node_count(g));
	return rc;
}

void clout_plan_node_label(clout_session *s, const clout_graph *g, uint32_t node, char *out, size_t size)
{
	int64_t id = clout_graph_node_id(g, node);
	clout_account_row row;
	int64_t ws;
	if (s && clout_session_workspace(s, &ws) == 0 && clout_store_get_account(clout_session_store(s), ws, id, &row, NULL) == 0) {
		if (row.handle && row.handle[0])
			snprintf(out, size, "%s:%s (@%s)", row.platform, row.ext_id, row.handle);
		else
			snprintf(out, size, "%s:%s", row.platform, row.ext_id);
		return;
	}
	snprintf(out, size, "%lld", (long long)id);
}

/*
 * The parts of a label that clout_plan_node_label wrote: "platform:ext_id (@handle)" gives
 * "id" ("platform:ext_id"), "platform", "ext_id" and "handle" (null when none); a node id of a
 * file graph gives "id" alone.
 */
static int set_account_parts(json_t *o, const char *label)
{
	const char *colon = strchr(label, ':'), *at = strstr(label, " (@");
	int id_len = (int)(at ? (size_t)(at - label) : strlen(label));
	char part[256];
	int bad;
	snprintf(part, sizeof(part), "%.*s", id_len, label);
	bad = clout_json_set(o, "id", clout_json_str(part, 0));
	if (!colon || colon > label + id_len)
		return bad;
	snprintf(part, sizeof(part), "%.*s", (int)(colon - label), label);
	bad |= clout_json_set(o, "platform", clout_json_str(part, 0));
	snprintf(part, sizeof(part), "%.*s", id_len - (int)(colon + 1 - label), colon + 1);
	bad |= clout_json_set(o, "ext_id", clout_json_str(part, 0));
	if (at && label[strlen(label) - 1] == ')') {
		snprintf(part, sizeof(part), "%.*s", (int)strlen(at + 3) - 1, at + 3);
		bad |= clout_json_set(o, "handle", clout_json_str(part, 0));
	} else {
		bad |= clout_json_set(o, "handle", json_null());
	}
	return bad;
}

static json_t *seeds_json(const clout_plan_report *rep)
{
	const clout_plan_result *r = rep->result;
	json_t *seeds = json_array();
	for (uint32_t i = 0; seeds && i < r->pick_count; i++) {
		json_t *o = json_object();
		if (!o || (clout_json_set(o, "rank", clout_json_int(i + 1)) | set_account_parts(o, rep->labels[i]) |
			      clout_json_set(o, "marginal_gain", clout_json_fixed(r->picks[i].marginal_gain, 3)) |
			      clout_json_set(o, "cost", clout_json_sig(r->picks[i].cost, 6)))) {
			json_decref(o);
			json_decref(seeds);
			return NULL;
		}
		if (json_array_append_new(seeds, o) < 0) { /* o is released by the call */
			json_decref(seeds);
			return NULL;
		}
	}
	return seeds;
}

static json_t *guarantee_json(const clout_plan_result *r)
{
	json_t *o = json_object();
	if (o && (clout_json_set(o, "approximation", clout_json_fixed(r->approximation, 6)) |
		     clout_json_set(o, "target", clout_json_fixed(r->guarantee, 6)) |
		     clout_json_set(o, "worst_case_ratio", clout_json_fixed(r->worst_case_ratio, 6)) |
		     clout_json_set(o, "epsilon", clout_json_sig(r->epsilon, 6)) | clout_json_set(o, "delta", clout_json_sig(r->delta, 6)) |
		     clout_json_set(o, "met", json_boolean(r->guarantee_met)) |
		     clout_json_set(o, "stopped_early", json_boolean(r->stopped_early)))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *forecast_json(const clout_plan_report *rep)
{
	const clout_forecast_rates *x = rep->rates;
	json_t *o = json_object(), *rates = json_object();
	int bad = !o || !rates;
	if (!bad)
		bad = clout_json_set(rates, "engagement_rate", clout_json_sig(x->engagement_rate, 6)) |
		      clout_json_set(rates, "click_rate", clout_json_sig(x->click_rate, 6)) |
		      clout_json_set(rates, "conversion_rate", clout_json_sig(x->conversion_rate, 6)) |
		      clout_json_set(rates, "order_value", clout_json_sig(x->order_value, 6)) |
		      clout_json_set(rates, "lifetime_factor", clout_json_sig(x->lifetime_factor, 6)) |
		      clout_json_set(rates, "uncertainty", clout_json_sig(x->uncertainty, 6)) |
		      json_object_set(o, "rates", rates);
	for (int m = 0; m < CLOUT_FORECAST_METRICS && !bad; m++) {
		const clout_forecast *fc = rep->forecast;
		json_t *q = json_object();
		bad = !q || (clout_json_set(q, "p10", clout_json_sig(fc->p10[m], 6)) | clout_json_set(q, "p50", clout_json_sig(fc->p50[m], 6)) |
			     clout_json_set(q, "p90", clout_json_sig(fc->p90[m], 6)));
		bad |= clout_json_set(o, clout_plan_forecast_metric_name((clout_forecast_metric)m), q);
	}
	json_decref(rates);
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* The roster's overlap as the graph module writes it (clout_graph_overlap_json), as a value. */
static json_t *overlap_json(const clout_graph_overlap_result *overlap)
{
	char *text = NULL;
	json_t *value = NULL;
	if (clout_graph_overlap_json(&text, overlap, NULL) == 0)
		value = json_loads(text, 0, NULL);
	free(text);
	return value;
}

/* How the candidates of a topic were costed (clout_plan_topic_costs). */
static json_t *topic_json(const clout_plan_topic_costs *t)
{
	json_t *o = json_object();
	if (o && (clout_json_set(o, "ranked", clout_json_int((int64_t)t->candidates)) |
		     clout_json_set(o, "matched", clout_json_int((int64_t)t->matched)) |
		     clout_json_set(o, "stored_price", clout_json_int((int64_t)t->priced)) |
		     clout_json_set(o, "rate_card", clout_json_int((int64_t)t->rate_card)) |
		     clout_json_set(o, "other_currency", clout_json_int((int64_t)t->other_currency)) |
		     clout_json_set(o, "unpriced", clout_json_int((int64_t)t->unpriced)) |
		     clout_json_set(o, "not_in_graph", clout_json_int((int64_t)t->not_in_graph)))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int clout_plan_report_json(char **out, const clout_plan_report *rep, clout_error *err)
{
	const clout_plan_result *r = rep->result;
	json_t *doc = json_object(), *seconds = json_object();
	int bad = !doc || !seconds;
	if (!bad) {
		bad |= clout_json_set(doc, "seeds", seeds_json(rep));
		bad |= clout_json_set(doc, "budget", clout_json_sig(r->budget, 6));
		bad |= clout_json_set(doc, "total_cost", clout_json_sig(r->total_cost, 6));
		bad |= clout_json_set(doc, "cost_model", clout_json_str(rep->cost_model, 0));
		bad |= clout_json_set(doc, "model", clout_json_str(rep->model ? rep->model : "ic", 0));
		bad |= clout_json_set(doc, "prob", clout_json_str(rep->prob ? rep->prob : "wc", 0));
		bad |= clout_json_set(doc, "spread", clout_json_fixed(r->spread, 3));
		bad |= clout_json_set(doc, "spread_lower", clout_json_fixed(r->spread_lower, 3));
		bad |= clout_json_set(doc, "optimum_upper", clout_json_fixed(r->optimum_upper, 3));
		bad |= clout_json_set(doc, "audience", clout_json_fixed(r->audience, 0));
		bad |= clout_json_set(doc, "guarantee", guarantee_json(r));
		bad |= clout_json_set(doc, "rr_sets", clout_json_int((int64_t)r->rr_sets));
		bad |= clout_json_set(doc, "rr_set_entries", clout_json_int((int64_t)r->rr_set_entries));
		bad |= clout_json_set(doc, "rr_sets_worst_case", clout_json_int((int64_t)r->rr_sets_worst_case));
		bad |= clout_json_set(doc, "rounds", clout_json_int(r->rounds));
		bad |= clout_json_set(doc, "threads", clout_json_int(rep->threads));
		bad |= clout_json_set(doc, "seed", clout_json_int(rep->seed));
		bad |= clout_json_set(doc, "nodes", clout_json_int(clout_graph_node_count(rep->graph)));
		bad |= clout_json_set(doc, "arcs", clout_json_int((int64_t)clout_graph_arc_count(rep->graph)));
		bad |= clout_json_set(doc, "quality_mode", json_boolean(rep->quality));
		bad |= clout_json_set(seconds, "load", clout_json_fixed(rep->load_seconds, 4));
		bad |= clout_json_set(seconds, "plan", clout_json_fixed(rep->plan_seconds, 4));
		bad |= clout_json_set(seconds, "total", clout_json_fixed(rep->load_seconds + rep->plan_seconds, 4));
		bad |= json_object_set(doc, "seconds", seconds);
		if (rep->forecast)
			bad |= clout_json_set(doc, "forecast", forecast_json(rep));
		if (rep->overlap)
			bad |= clout_json_set(doc, "overlap", overlap_json(rep->overlap));
		bad |= clout_json_set(doc, "currency", rep->currency ? clout_json_str(rep->currency, 0) : json_null());
		if (rep->topic)
			bad |= clout_json_set(doc, "candidates", topic_json(rep->topic));
	}
	json_decref(seconds);
	return clout_json_finish(out, doc, bad, 1, err);
}
