/*
 * run.c: the whole plan operation on a session's store, as the JSON API runs it: the graph of the
 * workspace's edges, costs given per account or by a rate card, a target audience, the optimizer,
 * the forecast and the roster's audience overlap; and the outcome's JSON writer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clout/plan.h"
#include "clout/store.h"
#include "lib/plan/internal.h"
#include "util/banned.h"

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct resolve_ctx {
	clout_store *store;
	int64_t workspace;
} resolve_ctx;

static int resolve_account(void *ctx, const char *key, int64_t *out, clout_error *err)
{
	resolve_ctx *r = ctx;
	return clout_store_find_account(r->store, r->workspace, NULL, key, out, err);
}

/* The node of key, or a message naming field ("costs: no account 'x'"). */
static int node_of(const clout_graph *g, resolve_ctx *r, const char *field, const char *key, uint32_t *out,
	clout_error *err)
{
	int rc = clout_graph_resolve(g, key, resolve_account, r, out, err);
	if (rc < 0)
		return clout_error_wrap(err, rc == CLOUT_ENOMEM ? rc : CLOUT_EBADDATA, "%s: ", field);
	return 0;
}

static int costs_of(double **out, clout_session *s, const clout_graph *g, resolve_ctx *r, const clout_plan_request *req)
{
	clout_error *err = clout_session_err(s);
	uint32_t n = clout_graph_node_count(g);
	double *costs;
	int rc;
	*out = NULL;
	if (req->rate_count) {
		int64_t *followers;
		char **platforms;
		if ((rc = clout__plan_store_audience(s, g, &followers, &platforms)) < 0)
			return rc;
		rc = clout_plan_rate_rows_costs(out, g, req->rate_card, req->rate_count, followers, (const char *const *)platforms,
			err);
		clout__plan_audience_free(followers, platforms, n);
		return rc;
	}
	if (!req->cost_count)
		return 0;
	if (!(costs = malloc((n ? n : 1) * sizeof(*costs))))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	for (uint32_t v = 0; v < n; v++)
		costs[v] = -1;
	for (size_t i = 0; i < req->cost_count; i++) {
		uint32_t node;
		if (!(req->cost_values[i] > 0)) {
			free(costs);
			return clout_error_set(err, CLOUT_EINVAL, "costs: the cost of '%s' must be a positive number", req->cost_keys[i]);
		}
		if ((rc = node_of(g, r, "costs", req->cost_keys[i], &node, err)) < 0) {
			free(costs);
			return rc;
		}
		costs[node] = req->cost_values[i];
	}
	*out = costs;
	return 0;
}

static int target_of(uint8_t **out, clout_session *s, const clout_graph *g, resolve_ctx *r, const clout_plan_request *req)
{
	clout_error *err = clout_session_err(s);
	uint8_t *target;
	int rc;
	*out = NULL;
	if (!req->target)
		return 0;
	if (!req->target_count)
		return clout_error_set(err, CLOUT_EINVAL, "target: empty (leave it out to count everyone)");
	if (!(target = calloc(clout_graph_node_count(g) ? clout_graph_node_count(g) : 1, 1)))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	for (size_t i = 0; i < req->target_count; i++) {
		uint32_t node;
		if ((rc = node_of(g, r, "target", req->target[i], &node, err)) < 0) {
			free(target);
			return rc;
		}
		target[node] = 1;
	}
	*out = target;
	return 0;
}

/* Labels of the picks, and their overlap when asked. */
static int describe_roster(clout_session *s, clout_plan_outcome *o, bool overlap)
{
	clout_error *err = clout_session_err(s);
	const clout_plan_result *r = o->result;
	char label[256];
	if (!(o->labels = calloc(r->pick_count ? r->pick_count : 1, sizeof(*o->labels))))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	for (uint32_t i = 0; i < r->pick_count; i++) {
		clout_plan_node_label(s, o->graph, r->picks[i].node, label, sizeof(label));
		if (!(o->labels[i] = strdup(label)))
			return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	}
	if (overlap) {
		char **keys = calloc(r->pick_count ? r->pick_count : 1, sizeof(*keys));
		int rc = keys ? 0 : clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		/* the overlap's ids are the labels' keys: "platform:id" (the label without " (@handle)") */
		for (uint32_t i = 0; rc == 0 && i < r->pick_count; i++) {
			if (!(keys[i] = strdup(o->labels[i])))
				rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
			else
				keys[i][strcspn(keys[i], " ")] = '\0';
		}
		if (rc == 0) {
			uint32_t *nodes = malloc((r->pick_count ? r->pick_count : 1) * sizeof(*nodes));
			size_t cells = (size_t)r->pick_count * r->pick_count;
			o->overlap.count = r->pick_count;
			o->overlap.ids = keys;
			keys = NULL;
			o->overlap.shared = malloc((cells ? cells : 1) * sizeof(*o->overlap.shared));
			o->overlap.jaccard = malloc((cells ? cells : 1) * sizeof(*o->overlap.jaccard));
			if (!nodes || !o->overlap.shared || !o->overlap.jaccard)
				rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
			for (uint32_t i = 0; rc == 0 && i < r->pick_count; i++)
				nodes[i] = r->picks[i].node;
			if (rc == 0 && (rc = clout_graph_overlap(o->graph, nodes, r->pick_count, o->overlap.shared, o->overlap.jaccard,
					       err)) == 0)
				o->has_overlap = true;
			free(nodes);
		}
		for (uint32_t i = 0; keys && i < r->pick_count; i++)
			free(keys[i]);
		free(keys);
		return rc;
	}
	return 0;
}

static int check_request(clout_error *err, const clout_plan_request *req, clout_graph_input *input, clout_plan_options *opts)
{
	if (!req || req->version != CLOUT_PLAN_REQUEST_VERSION)
		return clout_error_set(err, CLOUT_EINVAL, "plan request of an unknown version");
	if (!(req->budget > 0))
		return clout_error_set(err, CLOUT_EINVAL, "budget: %g must be a positive number", req->budget);
	if (req->cost_count && req->rate_count)
		return clout_error_set(err, CLOUT_EINVAL, "costs: give at most one of costs and rate_card");
	if (!(req->epsilon > 0 && req->epsilon < 1))
		return clout_error_set(err, CLOUT_EINVAL, "epsilon: %g is not in (0, 1)", req->epsilon);
	if (!(req->sample_fraction >= 0 && req->sample_fraction <= 1))
		return clout_error_set(err, CLOUT_EINVAL, "sample_fraction: %g is not in [0, 1]", req->sample_fraction);
	if (req->threads < 1 || req->threads > 256)
		return clout_error_set(err, CLOUT_EINVAL, "threads: %u is not in 1..256", req->threads);
	if (clout_graph_prob_parse(req->prob, &input->prob, &input->uniform_p, err) < 0)
		return clout_error_wrap(err, CLOUT_EINVAL, "prob: ");
	if (clout_graph_model_parse(req->model, &opts->model, err) < 0)
		return clout_error_wrap(err, CLOUT_EINVAL, "model: ");
	return 0;
}

int clout_plan_store_run(clout_session *s, const clout_plan_request *req, clout_plan_outcome *out)
{
	clout_graph_input input = CLOUT_GRAPH_INPUT_INIT;
	clout_plan_options opts = CLOUT_PLAN_OPTIONS_INIT;
	clout_error *err = clout_session_err(s);
	resolve_ctx r = { clout_session_store(s), 0 };
	double *costs = NULL, started, loaded;
	uint8_t *target = NULL;
	int rc;
	memset(out, 0, sizeof(*out));
	clout_session_reset(s);
	if ((rc = check_request(err, req, &input, &opts)) < 0 || (rc = clout_session_workspace(s, &r.workspace)) < 0)
		return rc;
	started = now_seconds();
	input.kind = req->kind;
	input.seed = req->seed;
	if ((rc = clout_graph_input_open(&out->graph, NULL, NULL, s, &input)) < 0) {
		if (rc == CLOUT_EBADDATA)
			rc = clout_error_set(err, CLOUT_ENOTFOUND, "the workspace has no %s%sedges to plan on (import some first)",
				req->kind ? req->kind : "", req->kind ? " " : "");
		goto done;
	}
	if ((rc = costs_of(&costs, s, out->graph, &r, req)) < 0 || (rc = target_of(&target, s, out->graph, &r, req)) < 0)
		goto done;
	loaded = now_seconds();
	opts.budget = req->budget;
	opts.costs = costs;
	opts.target = target;
	opts.epsilon = req->epsilon;
	opts.threads = req->threads;
	opts.seed = req->seed;
	opts.max_rr_sets = req->max_rr_sets;
	opts.sample_fraction = req->sample_fraction;
	if ((rc = clout_plan_run(&out->result, out->graph, &opts, err)) < 0) {
		if (!strncmp(err->message, "budget ", 7))
			clout_error_wrap(err, rc, "budget: ");
		goto done;
	}
	out->plan_seconds = now_seconds() - loaded;
	out->load_seconds = loaded - started;
	out->cost_model = req->rate_count ? "rate_card" : req->cost_count ? "costs" : "uniform";
	out->model = req->model ? req->model : "ic";
	out->prob = req->prob ? req->prob : "wc";
	out->threads = req->threads;
	out->seed = (int64_t)req->seed;
	out->rates = req->rates;
	out->rates.seed = req->seed;
	if (req->forecast) {
		if ((rc = clout_plan_forecast(&out->forecast, out->result->spread, costs ? out->result->total_cost : 0, &out->rates,
			     err)) < 0)
			goto done;
		out->has_forecast = true;
	}
	rc = describe_roster(s, out, req->overlap);
done:
	free(costs);
	free(target);
	return rc;
}

void clout_plan_outcome_release(clout_plan_outcome *o)
{
	if (!o)
		return;
	for (uint32_t i = 0; o->labels && o->result && i < o->result->pick_count; i++)
		free(o->labels[i]);
	free(o->labels);
	clout_graph_overlap_result_release(&o->overlap);
	clout_plan_result_free(o->result);
	clout_graph_free(o->graph);
	free(o->costs);
	memset(o, 0, sizeof(*o));
}

int clout_plan_outcome_json(char **out, const clout_plan_outcome *o, clout_error *err)
{
	clout_plan_report rep = { o->result, o->graph, (const char *const *)o->labels, o->cost_model, o->model, o->prob,
		o->threads, o->seed, false, o->load_seconds, o->plan_seconds, o->has_forecast ? &o->forecast : NULL, &o->rates,
		o->has_overlap ? &o->overlap : NULL, NULL, NULL };
	return clout_plan_report_json(out, &rep, err);
}

int clout_plan_overlap_run(clout_session *s, const char *kind, const char *const *keys, uint32_t count,
	clout_graph_overlap_result *out)
{
	clout_graph_input input = CLOUT_GRAPH_INPUT_INIT;
	clout_error *err = clout_session_err(s);
	resolve_ctx r = { clout_session_store(s), 0 };
	clout_graph *g = NULL;
	int rc;
	memset(out, 0, sizeof(*out));
	clout_session_reset(s);
	if (count < 2 || count > 64)
		return clout_error_set(err, CLOUT_EINVAL, "ids: %u accounts; give 2 to 64", count);
	if ((rc = clout_session_workspace(s, &r.workspace)) < 0)
		return rc;
	input.kind = kind ? kind : "follow";
	if ((rc = clout_graph_input_open(&g, NULL, NULL, s, &input)) < 0) {
		if (rc == CLOUT_EBADDATA)
			rc = clout_error_set(err, CLOUT_ENOTFOUND, "the workspace has no %s edges (import some first)", input.kind);
		return rc;
	}
	if ((rc = clout_graph_overlap_keys(out, g, keys, count, resolve_account, &r, err)) < 0) {
		/* an unknown account is a bad value of the request's "ids" (the graph says not found) */
		if (rc == CLOUT_ENOTFOUND) {
			rc = CLOUT_EBADDATA;
			if (err)
				err->code = rc;
		}
		clout_error_wrap(err, rc, "ids: ");
	}
	clout_graph_free(g);
	return rc;
}
