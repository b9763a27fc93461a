/*
 * graph_run.c: the whole plan operation as `clout plan` runs it, on a graph from an edge list (a
 * session without a store will do) or from the session's store: costs from a file, a rate card or
 * the stored prices of discovery's candidates, a target audience from a file, the optimizer and the
 * forecast.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clout/plan.h"
#include "util/banned.h"

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int costs_of(clout_session *s, const clout_plan_graph_options *o, clout_plan_outcome *out,
	clout_key_resolver resolve, void *resolve_ctx)
{
	clout_error *err = clout_session_err(s);
	int rc;
	if (o->topic) {
		if ((rc = clout_plan_topic_costs_run(&out->costs, &out->topic, s, out->graph, o->topic, o->currency,
			     o->rate_card_path)) < 0)
			return rc;
		out->has_topic = true;
		out->currency = o->currency ? o->currency : out->topic.currency;
		return 0;
	}
	out->currency = o->currency;
	if (o->costs_path)
		return clout_plan_read_costs(&out->costs, out->graph, o->costs_path, resolve, resolve_ctx, err);
	if (o->rate_card_path && !o->graph.path)
		return clout_plan_store_costs(&out->costs, s, out->graph, o->rate_card_path);
	if (o->rate_card_path)
		return clout_plan_rate_card_costs(&out->costs, out->graph, o->rate_card_path, NULL, NULL, err);
	return 0;
}

int clout_plan_graph_run(clout_session *s, const clout_plan_graph_options *opts, clout_plan_outcome *out)
{
	clout_error *err = clout_session_err(s);
	clout_plan_options plan;
	clout_key_resolver resolve;
	void *resolve_ctx;
	uint8_t *target = NULL;
	double started = now_seconds(), loaded;
	int rc;
	memset(out, 0, sizeof(*out));
	clout_session_reset(s);
	if (!opts || opts->version != CLOUT_PLAN_GRAPH_OPTIONS_VERSION)
		return clout_error_set(err, CLOUT_EINVAL, "plan options of an unknown version");
	if ((rc = clout_graph_input_open(&out->graph, &resolve, &resolve_ctx, s, &opts->graph)) < 0 ||
		(rc = costs_of(s, opts, out, resolve, resolve_ctx)) < 0 ||
		(opts->target_path && (rc = clout_graph_read_target(&target, out->graph, opts->target_path, resolve, resolve_ctx, err)) < 0))
		goto done;
	plan = opts->plan;
	plan.costs = out->costs;
	plan.target = target;
	if (plan.delta <= 0)
		plan.delta = 1.0 / (double)clout_graph_node_count(out->graph);
	if (opts->loaded)
		opts->loaded(opts->loaded_ctx);
	loaded = now_seconds();
	if ((rc = clout_plan_run(&out->result, out->graph, &plan, err)) < 0)
		goto done;
	out->plan_seconds = now_seconds() - loaded;
	out->load_seconds = loaded - started;
	out->threads = plan.threads;
	out->seed = (int64_t)plan.seed;
	out->rates = opts->rates;
	out->rates.seed = plan.seed;
	if (opts->forecast) {
		if ((rc = clout_plan_forecast(&out->forecast, out->result->spread, out->costs ? out->result->total_cost : 0,
			     &out->rates, err)) < 0)
			goto done;
		out->has_forecast = true;
	}
done:
	free(target);
	return rc < 0 ? rc : 0;
}
