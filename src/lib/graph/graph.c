/*
 * graph.c: the CSR of a clout_graph: building it from remapped arcs (sorting and merging
 * duplicates in linear time), probabilities, accessors, out-arcs and audience overlap.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/graph/graph_internal.h"
#include "lib/graph/idmap.h"
#include "lib/graph/rng.h"

int clout_prob_parse(const char *spec, clout_prob_kind *out, double *p_out, clout_error *err)
{
	*p_out = 0;
	if (!spec || !strcmp(spec, "wc")) {
		*out = CLOUT_PROB_WC;
		return 0;
	}
	if (!strcmp(spec, "trivalency")) {
		*out = CLOUT_PROB_TRIVALENCY;
		return 0;
	}
	if (!strcmp(spec, "weights")) {
		*out = CLOUT_PROB_WEIGHTS;
		return 0;
	}
	if (!strncmp(spec, "uniform:", 8)) {
		char *end;
		double p = strtod(spec + 8, &end);
		if (end == spec + 8 || *end || !(p > 0 && p <= 1))
			return clout_error_set(err, CLOUT_EINVAL, "probability '%s': uniform:P needs 0 < P <= 1", spec);
		*out = CLOUT_PROB_UNIFORM;
		*p_out = p;
		return 0;
	}
	return clout_error_set(err, CLOUT_EINVAL,
		"unknown probability model '%s' (wc, uniform:P, trivalency or weights)", spec);
}

int clout_model_parse(const char *name, clout_model *out, clout_error *err)
{
	if (!name || !strcmp(name, "ic"))
		*out = CLOUT_MODEL_IC;
	else if (!strcmp(name, "lt"))
		*out = CLOUT_MODEL_LT;
	else
		return clout_error_set(err, CLOUT_EINVAL, "unknown diffusion model '%s' (ic or lt)", name);
	return 0;
}

void clout_graph_free(clout_graph *g)
{
	if (!g)
		return;
	free(g->ids);
	free(g->in_offset);
	free(g->in_src);
	free(g->in_weight);
	free(g->arc_p);
	free(g->node_p);
	free(g->out_offset);
	free(g->out_dst);
	free(g->out_p);
	free(g->by_id);
	pthread_mutex_destroy(&g->out_lock);
	free(g);
}

/*
 * Two stable counting sorts (by source, then by target) leave each node's in-arcs sorted by
 * source, so duplicates are adjacent and merge in one pass: O(n + m), no comparison sort.
 */
int clout__graph_build(clout_graph **out, uint32_t n, int64_t *ids, const uint32_t *src, const uint32_t *dst,
	const float *weights, uint64_t m, clout_error *err)
{
	clout_graph *g = NULL;
	uint64_t *by_src_offset = NULL, *cursor = NULL;
	uint32_t *by_src_dst = NULL;
	float *by_src_w = NULL;
	int rc = CLOUT_ENOMEM;
	*out = NULL;
	if (!(g = calloc(1, sizeof(*g)))) {
		free(ids);
		goto done;
	}
	pthread_mutex_init(&g->out_lock, NULL);
	g->ids = ids;
	g->node_count = n;
	if (!(by_src_offset = calloc((size_t)n + 1, sizeof(*by_src_offset))) ||
		!(cursor = malloc(((size_t)n + 1) * sizeof(*cursor))) ||
		!(by_src_dst = malloc((m ? m : 1) * sizeof(*by_src_dst))) ||
		(weights && !(by_src_w = malloc((m ? m : 1) * sizeof(*by_src_w)))) ||
		!(g->in_offset = calloc((size_t)n + 1, sizeof(*g->in_offset))) ||
		!(g->in_src = malloc((m ? m : 1) * sizeof(*g->in_src))) ||
		(weights && !(g->in_weight = malloc((m ? m : 1) * sizeof(*g->in_weight)))))
		goto done;
	for (uint64_t e = 0; e < m; e++)
		by_src_offset[src[e] + 1]++;
	for (uint32_t v = 0; v < n; v++)
		by_src_offset[v + 1] += by_src_offset[v];
	memcpy(cursor, by_src_offset, ((size_t)n + 1) * sizeof(*cursor));
	for (uint64_t e = 0; e < m; e++) {
		uint64_t pos = cursor[src[e]]++;
		by_src_dst[pos] = dst[e];
		if (weights)
			by_src_w[pos] = weights[e];
	}
	for (uint64_t e = 0; e < m; e++)
		g->in_offset[dst[e] + 1]++;
	for (uint32_t v = 0; v < n; v++)
		g->in_offset[v + 1] += g->in_offset[v];
	memcpy(cursor, g->in_offset, ((size_t)n + 1) * sizeof(*cursor));
	for (uint32_t u = 0; u < n; u++)
		for (uint64_t e = by_src_offset[u]; e < by_src_offset[u + 1]; e++) {
			uint64_t pos = cursor[by_src_dst[e]]++;
			g->in_src[pos] = u;
			if (weights)
				g->in_weight[pos] = by_src_w[e];
		}
	/* merge duplicate arcs, adding up their weights */
	uint64_t write = 0, read = 0;
	for (uint32_t v = 0; v < n; v++) {
		uint64_t end = g->in_offset[v + 1];
		g->in_offset[v] = write;
		for (; read < end; read++) {
			if (write > g->in_offset[v] && g->in_src[write - 1] == g->in_src[read]) {
				if (weights)
					g->in_weight[write - 1] += g->in_weight[read];
				continue;
			}
			g->in_src[write] = g->in_src[read];
			if (weights)
				g->in_weight[write] = g->in_weight[read];
			write++;
		}
	}
	g->in_offset[n] = write;
	g->arc_count = write;
	if (write < m) {
		uint32_t *shrunk = realloc(g->in_src, (write ? write : 1) * sizeof(*shrunk));
		if (shrunk)
			g->in_src = shrunk;
		if (weights) {
			float *w = realloc(g->in_weight, (write ? write : 1) * sizeof(*w));
			if (w)
				g->in_weight = w;
		}
	}
	if (!(g->node_p = malloc(((size_t)n ? n : 1) * sizeof(*g->node_p))))
		goto done;
	if ((rc = clout_graph_set_probabilities(g, CLOUT_PROB_WC, 0, 0, err)) < 0)
		goto done;
	*out = g;
	g = NULL;
	rc = 0;
done:
	if (rc == CLOUT_ENOMEM)
		clout_error_set(err, rc, "out of memory building a graph of %u nodes and %llu arcs", n,
			(unsigned long long)m);
	clout_graph_free(g);
	free(by_src_offset);
	free(cursor);
	free(by_src_dst);
	free(by_src_w);
	return rc;
}

int clout_graph_from_arcs(clout_graph **out, const int64_t *src, const int64_t *dst, const double *weights,
	uint64_t count, clout_error *err)
{
	clout_idmap map;
	uint32_t *s = NULL, *d = NULL;
	float *w = NULL;
	int rc = CLOUT_ENOMEM;
	*out = NULL;
	clout__idmap_init(&map);
	if (!(s = malloc((count ? count : 1) * sizeof(*s))) || !(d = malloc((count ? count : 1) * sizeof(*d))) ||
		(weights && !(w = malloc((count ? count : 1) * sizeof(*w)))))
		goto done;
	for (uint64_t e = 0; e < count; e++) {
		if (src[e] == dst[e]) {
			rc = clout_error_set(err, CLOUT_EBADDATA, "arc %llu: self-loop on %lld", (unsigned long long)e,
				(long long)src[e]);
			goto done;
		}
		if (weights && !(weights[e] > 0)) {
			rc = clout_error_set(err, CLOUT_EBADDATA, "arc %llu: weight %g is not positive",
				(unsigned long long)e, weights[e]);
			goto done;
		}
		if ((rc = clout__idmap_get(&map, src[e], &s[e])) < 0 || (rc = clout__idmap_get(&map, dst[e], &d[e])) < 0)
			goto done;
		if (weights)
			w[e] = (float)weights[e];
	}
	if (!count) {
		rc = clout_error_set(err, CLOUT_EBADDATA, "the graph has no arcs");
		goto done;
	}
	{
		uint32_t n = map.count;
		rc = clout__graph_build(out, n, clout__idmap_detach_ids(&map), s, d, w, count, err);
	}
done:
	if (rc == CLOUT_ENOMEM && err && !err->message[0])
		clout_error_set(err, rc, "out of memory");
	clout__idmap_release(&map);
	free(s);
	free(d);
	free(w);
	return rc;
}

static const float trivalency_values[3] = { 0.1f, 0.01f, 0.001f };

int clout_graph_set_probabilities(clout_graph *g, clout_prob_kind kind, double p, uint64_t seed, clout_error *err)
{
	uint32_t n = g->node_count;
	bool per_arc = kind == CLOUT_PROB_TRIVALENCY || (kind == CLOUT_PROB_WEIGHTS && g->in_weight);
	if (kind == CLOUT_PROB_UNIFORM && !(p > 0 && p <= 1))
		return clout_error_set(err, CLOUT_EINVAL, "uniform probability %g is not in (0, 1]", p);
	if (per_arc && !g->arc_p && !(g->arc_p = malloc((g->arc_count ? g->arc_count : 1) * sizeof(*g->arc_p))))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory for arc probabilities");
	if (!per_arc) {
		free(g->arc_p);
		g->arc_p = NULL;
	}
	for (uint32_t v = 0; v < n; v++) {
		uint64_t begin = g->in_offset[v], end = g->in_offset[v + 1];
		uint64_t degree = end - begin;
		switch (kind) {
		case CLOUT_PROB_UNIFORM:
			g->node_p[v] = (float)p;
			break;
		case CLOUT_PROB_TRIVALENCY:
			for (uint64_t e = begin; e < end; e++) {
				uint64_t h = clout__mix64(seed ^ clout__mix64((uint64_t)g->ids[g->in_src[e]]) ^
					clout__mix64((uint64_t)g->ids[v] * 0x9e3779b97f4a7c15ULL + 1));
				g->arc_p[e] = trivalency_values[h % 3];
			}
			break;
		case CLOUT_PROB_WEIGHTS:
			if (per_arc) {
				double total = 0;
				for (uint64_t e = begin; e < end; e++)
					total += g->in_weight[e];
				for (uint64_t e = begin; e < end; e++)
					g->arc_p[e] = (float)(g->in_weight[e] / total);
			} else {
				/* without weights every interaction counts once, which is WC */
				g->node_p[v] = degree ? (float)(1.0 / (double)degree) : 0.0f;
			}
			break;
		case CLOUT_PROB_WC:
		default:
			g->node_p[v] = degree ? (float)(1.0 / (double)degree) : 0.0f;
			break;
		}
	}
	g->prob = kind;
	/* out-arc probabilities are stale now */
	free(g->out_offset);
	free(g->out_dst);
	free(g->out_p);
	g->out_offset = NULL;
	g->out_dst = NULL;
	g->out_p = NULL;
	return 0;
}

uint32_t clout_graph_node_count(const clout_graph *g)
{
	return g->node_count;
}

uint64_t clout_graph_arc_count(const clout_graph *g)
{
	return g->arc_count;
}

int64_t clout_graph_node_id(const clout_graph *g, uint32_t index)
{
	return g->ids[index];
}

static int compare_by_id(const void *a, const void *b, void *ctx)
{
	const int64_t *ids = ctx;
	int64_t x = ids[*(const uint32_t *)a], y = ids[*(const uint32_t *)b];
	return (x > y) - (x < y);
}

/* Sorted once per graph, on the first lookup. */
static int build_by_id(clout_graph *g)
{
	int rc = 0;
	pthread_mutex_lock(&g->out_lock);
	if (!g->by_id) {
		uint32_t *by_id = malloc(((size_t)g->node_count ? g->node_count : 1) * sizeof(*by_id));
		if (!by_id) {
			rc = CLOUT_ENOMEM;
		} else {
			for (uint32_t v = 0; v < g->node_count; v++)
				by_id[v] = v;
			qsort_r(by_id, g->node_count, sizeof(*by_id), compare_by_id, g->ids);
			g->by_id = by_id;
		}
	}
	pthread_mutex_unlock(&g->out_lock);
	return rc;
}

int clout_graph_find_node(const clout_graph *cg, int64_t id, uint32_t *out, clout_error *err)
{
	clout_graph *g = (clout_graph *)cg; /* the lookup index is a cache, not a change */
	uint32_t lo = 0, hi = g->node_count;
	if (build_by_id(g) < 0)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (g->ids[g->by_id[mid]] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < g->node_count && g->ids[g->by_id[lo]] == id) {
		*out = g->by_id[lo];
		return 0;
	}
	return clout_error_set(err, CLOUT_ENOTFOUND, "node %lld is not in the graph", (long long)id);
}

uint32_t clout_graph_in_degree(const clout_graph *g, uint32_t v)
{
	return (uint32_t)(g->in_offset[v + 1] - g->in_offset[v]);
}

uint32_t clout_graph_out_degree(const clout_graph *g, uint32_t v)
{
	uint32_t degree = 0;
	/* the out-arc index is a cache; without memory for it, count the slow way */
	if (g->out_offset || clout__graph_build_out((clout_graph *)g, NULL) == 0)
		return (uint32_t)(g->out_offset[v + 1] - g->out_offset[v]);
	for (uint64_t e = 0; e < g->arc_count; e++)
		degree += g->in_src[e] == v;
	return degree;
}

uint64_t clout_graph_memory(const clout_graph *g)
{
	uint64_t n = g->node_count, m = g->arc_count, bytes = sizeof(*g);
	bytes += n * (sizeof(int64_t) + sizeof(float)) + (n + 1) * sizeof(uint64_t) + m * sizeof(uint32_t);
	if (g->in_weight)
		bytes += m * sizeof(float);
	if (g->arc_p)
		bytes += m * sizeof(float);
	if (g->out_offset)
		bytes += (n + 1) * sizeof(uint64_t) + m * (sizeof(uint32_t) + sizeof(float));
	return bytes;
}

int clout__graph_build_out(clout_graph *g, clout_error *err)
{
	uint32_t n = g->node_count;
	uint64_t m = g->arc_count, *cursor = NULL;
	int rc = 0;
	pthread_mutex_lock(&g->out_lock);
	if (g->out_offset)
		goto done;
	uint64_t *offset = calloc((size_t)n + 1, sizeof(*offset));
	uint32_t *dst = malloc((m ? m : 1) * sizeof(*dst));
	float *p = malloc((m ? m : 1) * sizeof(*p));
	cursor = malloc(((size_t)n + 1) * sizeof(*cursor));
	if (!offset || !dst || !p || !cursor) {
		free(offset);
		free(dst);
		free(p);
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory for out-arcs");
		goto done;
	}
	for (uint64_t e = 0; e < m; e++)
		offset[g->in_src[e] + 1]++;
	for (uint32_t v = 0; v < n; v++)
		offset[v + 1] += offset[v];
	memcpy(cursor, offset, ((size_t)n + 1) * sizeof(*cursor));
	for (uint32_t v = 0; v < n; v++)
		for (uint64_t e = g->in_offset[v]; e < g->in_offset[v + 1]; e++) {
			uint64_t pos = cursor[g->in_src[e]]++;
			dst[pos] = v;
			p[pos] = clout__graph_arc_p(g, v, e);
		}
	g->out_dst = dst;
	g->out_p = p;
	g->out_offset = offset;
done:
	pthread_mutex_unlock(&g->out_lock);
	free(cursor);
	return rc;
}

int clout_graph_overlap(const clout_graph *cg, const uint32_t *nodes, uint32_t count, uint64_t *out,
	double *jaccard_out, clout_error *err)
{
	clout_graph *g = (clout_graph *)cg; /* the lazy out-arc index is a cache, not a change */
	uint32_t *mark = NULL;
	int rc;
	if ((rc = clout__graph_build_out(g, err)) < 0)
		return rc;
	if (!(mark = calloc((size_t)g->node_count ? g->node_count : 1, sizeof(*mark))))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	for (uint32_t i = 0; i < count; i++) {
		uint32_t a = nodes[i];
		for (uint64_t e = g->out_offset[a]; e < g->out_offset[a + 1]; e++)
			mark[g->out_dst[e]] = i + 1;
		out[(size_t)i * count + i] = g->out_offset[a + 1] - g->out_offset[a];
		for (uint32_t j = i + 1; j < count; j++) {
			uint32_t b = nodes[j];
			uint64_t shared = 0;
			for (uint64_t e = g->out_offset[b]; e < g->out_offset[b + 1]; e++)
				shared += mark[g->out_dst[e]] == i + 1;
			out[(size_t)i * count + j] = out[(size_t)j * count + i] = shared;
		}
	}
	if (jaccard_out)
		for (uint32_t i = 0; i < count; i++)
			for (uint32_t j = 0; j < count; j++) {
				uint64_t both = out[(size_t)i * count + j];
				uint64_t either = out[(size_t)i * count + i] + out[(size_t)j * count + j] - both;
				jaccard_out[(size_t)i * count + j] = i == j ? 1.0 : either ? (double)both / (double)either : 0.0;
			}
	free(mark);
	return 0;
}
