/*
 * ops.c: the whole graph operations on a session, as front ends call them: the graph from an edge
 * list or from the session's store (clout_graph_input_open), the Monte Carlo spread of a seed set
 * (clout_graph_spread_run) and the audience overlap of a set of accounts (clout_graph_overlap_run).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clout/graph.h"
#include "clout/session.h"
#include "clout/store.h"
#include "lib/graph/graph_internal.h"
#include "util/banned.h"

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Store account keys ("platform:ext_id", "@handle") of the session's workspace; ctx is the session. */
static int resolve_account(void *ctx, const char *key, int64_t *out, clout_error *err)
{
	clout_session *s = ctx;
	int64_t ws;
	int rc = clout_session_workspace(s, &ws);
	if (rc < 0)
		return clout_error_set(err, rc, "%s", clout_session_error(s)->message);
	return clout_store_find_account(clout_session_store(s), ws, NULL, key, out, err);
}

int clout_graph_input_open(clout_graph **out, clout_key_resolver *resolve, void **resolve_ctx, clout_session *s,
	const clout_graph_input *input)
{
	clout_error *err = clout_session_err(s);
	int64_t ws;
	int rc;
	*out = NULL;
	if (resolve)
		*resolve = NULL;
	if (resolve_ctx)
		*resolve_ctx = NULL;
	if (input->path)
		rc = clout_graph_load_edgelist(out, input->path, &input->load, err);
	else if ((rc = clout_session_workspace(s, &ws)) == 0)
		rc = clout__graph_from_store(out, clout_session_store(s), ws, input->kind, err);
	if (rc < 0)
		return rc;
	if ((rc = clout_graph_set_probabilities(*out, input->prob, input->uniform_p, input->seed, err)) < 0) {
		clout_graph_free(*out);
		*out = NULL;
		return rc;
	}
	if (!input->path) {
		if (resolve)
			*resolve = resolve_account;
		if (resolve_ctx)
			*resolve_ctx = s;
	}
	return 0;
}

int clout_graph_spread_run(clout_session *s, const clout_graph_spread_options *opts, clout_graph_spread_outcome *out)
{
	clout_error *err = clout_session_err(s);
	clout_graph *g = NULL;
	clout_key_resolver resolve;
	void *resolve_ctx;
	uint32_t *seeds = NULL, seed_count = 0;
	uint8_t *target = NULL;
	double started = now_seconds(), loaded;
	int rc;
	clout_session_reset(s);
	memset(out, 0, sizeof(*out));
	if (!opts || opts->version != CLOUT_GRAPH_SPREAD_OPTIONS_VERSION)
		return clout_error_set(err, CLOUT_EINVAL, "spread options of an unknown version");
	if (!opts->seeds_path)
		return clout_error_set(err, CLOUT_EINVAL, "seeds: a seed file is required");
	if ((rc = clout_graph_input_open(&g, &resolve, &resolve_ctx, s, &opts->graph)) < 0 ||
		(rc = clout_graph_read_nodes(&seeds, &seed_count, g, opts->seeds_path, resolve, resolve_ctx, err)) < 0 ||
		(opts->target_path && (rc = clout_graph_read_target(&target, g, opts->target_path, resolve, resolve_ctx, err)) < 0))
		goto done;
	loaded = now_seconds();
	if ((rc = clout_graph_spread(g, opts->model, seeds, seed_count, target, opts->simulations, opts->seed,
		     opts->threads, &out->spread, err)) < 0)
		goto done;
	out->simulate_seconds = now_seconds() - loaded;
	out->load_seconds = loaded - started;
	out->seeds = seed_count;
	out->nodes = clout_graph_node_count(g);
	out->arcs = clout_graph_arc_count(g);
done:
	clout_graph_free(g);
	free(seeds);
	free(target);
	return rc < 0 ? rc : 0;
}

int clout_graph_overlap_run(clout_session *s, const clout_graph_overlap_options *opts, clout_graph_overlap_result *out)
{
	clout_error *err = clout_session_err(s);
	clout_graph *g = NULL;
	clout_key_resolver resolve;
	void *resolve_ctx;
	int rc;
	clout_session_reset(s);
	memset(out, 0, sizeof(*out));
	if (!opts || opts->version != CLOUT_GRAPH_OVERLAP_OPTIONS_VERSION)
		return clout_error_set(err, CLOUT_EINVAL, "overlap options of an unknown version");
	if ((rc = clout_graph_input_open(&g, &resolve, &resolve_ctx, s, &opts->graph)) == 0)
		rc = clout_graph_overlap_keys(out, g, opts->keys, opts->count, resolve, resolve_ctx, err);
	clout_graph_free(g);
	return rc < 0 ? rc : 0;
}
