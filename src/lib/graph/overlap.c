/* overlap.c: the whole audience-overlap operation and the JSON writers of overlap and spread results. */
#include <stdlib.h>
#include <string.h>

#include "clout/graph.h"
#include "util/json_out.h"
#include "util/banned.h"

void clout_graph_overlap_result_release(clout_graph_overlap_result *r)
{
	if (!r)
		return;
	for (uint32_t i = 0; r->ids && i < r->count; i++)
		free(r->ids[i]);
	free(r->ids);
	free(r->shared);
	free(r->jaccard);
	memset(r, 0, sizeof(*r));
}

int clout_graph_overlap_keys(clout_graph_overlap_result *out, const clout_graph *graph, const char *const *keys,
	uint32_t count, clout_key_resolver resolve, void *resolve_ctx, clout_error *err)
{
	uint32_t *nodes = NULL;
	size_t cells = (size_t)count * count;
	int rc = 0;
	memset(out, 0, sizeof(*out));
	nodes = malloc((count ? count : 1) * sizeof(*nodes));
	out->ids = calloc(count ? count : 1, sizeof(*out->ids));
	out->shared = malloc((cells ? cells : 1) * sizeof(*out->shared));
	out->jaccard = malloc((cells ? cells : 1) * sizeof(*out->jaccard));
	if (!nodes || !out->ids || !out->shared || !out->jaccard) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	out->count = count;
	for (uint32_t i = 0; i < count; i++) {
		if (!(out->ids[i] = strdup(keys[i]))) {
			rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
			goto done;
		}
		if ((rc = clout_graph_resolve(graph, keys[i], resolve, resolve_ctx, &nodes[i], err)) < 0)
			goto done;
	}
	rc = clout_graph_overlap(graph, nodes, count, out->shared, out->jaccard, err);
done:
	if (rc < 0)
		clout_graph_overlap_result_release(out);
	free(nodes);
	return rc;
}

int clout_graph_overlap_json(char **out, const clout_graph_overlap_result *r, clout_error *err)
{
	json_t *doc = json_object(), *ids = json_array(), *audience = json_array(), *shared = json_array(),
	       *jaccard = json_array();
	int bad = !doc || !ids || !audience || !shared || !jaccard;
	for (uint32_t i = 0; i < r->count && !bad; i++) {
		json_t *srow = json_array(), *jrow = json_array();
		bad |= json_array_append_new(ids, clout_json_str(r->ids[i], 0));
		bad |= json_array_append_new(audience, clout_json_int((int64_t)r->shared[(size_t)i * r->count + i]));
		for (uint32_t j = 0; j < r->count && srow && jrow; j++) {
			bad |= json_array_append_new(srow, clout_json_int((int64_t)r->shared[(size_t)i * r->count + j]));
			bad |= json_array_append_new(jrow, clout_json_fixed(r->jaccard[(size_t)i * r->count + j], 6));
		}
		bad |= json_array_append_new(shared, srow);
		bad |= json_array_append_new(jaccard, jrow);
	}
	if (!bad)
		bad = clout_json_set(doc, "ids", ids) | clout_json_set(doc, "audience", audience) |
		      clout_json_set(doc, "shared", shared) | clout_json_set(doc, "jaccard", jaccard);
	else {
		json_decref(ids);
		json_decref(audience);
		json_decref(shared);
		json_decref(jaccard);
	}
	return clout_json_finish(out, doc, bad, 1, err);
}

int clout_graph_spread_json(char **out, const clout_graph_spread_outcome *o, clout_error *err)
{
	json_t *doc = json_object(), *seconds = json_object();
	int bad = !doc || !seconds;
	if (!bad) {
		bad = clout_json_set(doc, "spread", clout_json_fixed(o->spread.mean, 3)) |
		      clout_json_set(doc, "std_error", clout_json_fixed(o->spread.std_error, 3)) |
		      clout_json_set(doc, "simulations", clout_json_int((int64_t)o->spread.simulations)) |
		      clout_json_set(doc, "seeds", clout_json_int(o->seeds)) |
		      clout_json_set(doc, "nodes", clout_json_int(o->nodes)) |
		      clout_json_set(doc, "arcs", clout_json_int((int64_t)o->arcs)) |
		      clout_json_set(seconds, "load", clout_json_fixed(o->load_seconds, 4)) |
		      clout_json_set(seconds, "simulate", clout_json_fixed(o->simulate_seconds, 4)) |
		      json_object_set(doc, "seconds", seconds);
	}
	json_decref(seconds);
	return clout_json_finish(out, doc, bad, 1, err);
}
