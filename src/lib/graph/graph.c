/*
 * graph.c: the CSR of a clout_graph: building it from remapped arcs (sorting and merging
 * duplicates in linear time), probabilities, accessors, out-arcs and audience overlap.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/graph/graph_internal.h"
#include "lib/graph/idmap.h"
#include "util/rng.h"
#include "util/banned.h"

int clout_graph_prob_parse(const char *spec, clout_prob_kind *out, double *p_out, clout_error *err)
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

int clout_graph_model_parse(const char *name, clout_model *out, clout_error *err)
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
	if (g->map) {
		munmap(g->map, g->map_size);
	} else {
		free(g->ids);
		free(g->in_offset);
		free(g->in_src);
		free(g->in_weight);
	}
	free(g->arc_p);
	free(g->node_p);
	free(g->out_offset);
	free(g->out_dst);
	free(g->out_p);
	pthread_mutex_destroy(&g->out_lock);
	free(g);
}

typedef struct build_job {
	clout_graph *g;
	clout__arc_chunk *chunk;
	uint64_t *cursor;      /* per node: next free in-arc slot for this chunk */
	uint32_t first, last;  /* dedupe: node range */
	uint32_t *degree;      /* dedupe: new degree per node */
	int rc;
} build_job;

static void *scatter_chunk(void *arg)
{
	build_job *job = arg;
	clout__arc_chunk *c = job->chunk;
	clout_graph *g = job->g;
	for (uint64_t e = 0; e < c->count; e++) {
		uint64_t pos = job->cursor[c->dst[e]]++;
		g->in_src[pos] = c->src[e];
		if (g->in_weight)
			g->in_weight[pos] = c->weight ? c->weight[e] : 1.0f;
	}
	return NULL;
}

/* Merges duplicate in-arcs of nodes [first, last) in place (adding weights); records new degrees. */
static void *dedupe_range(void *arg)
{
	build_job *job = arg;
	clout_graph *g = job->g;
	uint64_t *seen = calloc(g->node_count ? g->node_count : 1, sizeof(*seen));
	if (!seen) {
		job->rc = CLOUT_ENOMEM;
		return NULL;
	}
	for (uint32_t v = job->first; v < job->last; v++) {
		uint64_t begin = g->in_offset[v], end = g->in_offset[v + 1], write = begin;
		/* seen[u] = (v + 1) << 32 | slot of u's first arc into v */
		for (uint64_t e = begin; e < end; e++) {
			uint32_t u = g->in_src[e];
			if ((seen[u] >> 32) == (uint64_t)v + 1) {
				if (g->in_weight)
					g->in_weight[begin + (seen[u] & 0xffffffffu)] += g->in_weight[e];
				continue;
			}
			seen[u] = ((uint64_t)v + 1) << 32 | (write - begin);
			g->in_src[write] = u;
			if (g->in_weight)
				g->in_weight[write] = g->in_weight[e];
			write++;
		}
		job->degree[v] = (uint32_t)(write - begin);
	}
	free(seen);
	return NULL;
}

/* Runs fn on jobs[0..count) with one thread each (the caller's thread takes the first). */
static void run_jobs(void *(*fn)(void *), build_job *jobs, unsigned count)
{
	pthread_t tids[64];
	bool started[64] = { false };
	for (unsigned t = 1; t < count; t++)
		started[t] = pthread_create(&tids[t], NULL, fn, &jobs[t]) == 0;
	fn(&jobs[0]);
	for (unsigned t = 1; t < count; t++) {
		if (started[t])
			pthread_join(tids[t], NULL);
		else
			fn(&jobs[t]);
	}
}

/*
 * One counting sort by target (chunk by chunk, each chunk's arcs after the previous chunk's, so the
 * result does not depend on how the input was split), then duplicates merged per node with a
 * "seen" mark: O(n + m), no comparison sort. Chunks are freed as soon as they are placed.
 */
int clout__graph_build(clout_graph **out, uint32_t n, int64_t *ids, clout__arc_chunk *chunks, unsigned chunk_count,
	unsigned threads, clout_error *err)
{
	clout_graph *g = NULL;
	uint64_t **cursors = NULL, m = 0;
	build_job jobs[64];
	bool weights = false;
	int rc = CLOUT_ENOMEM;
	*out = NULL;
	if (chunk_count > 64)
		chunk_count = 64;
	if (threads < 1)
		threads = 1;
	if (threads > 64)
		threads = 64;
	for (unsigned c = 0; c < chunk_count; c++) {
		m += chunks[c].count;
		weights |= chunks[c].weight != NULL;
	}
	if (!(g = calloc(1, sizeof(*g)))) {
		free(ids);
		goto done;
	}
	pthread_mutex_init(&g->out_lock, NULL);
	g->ids = ids;
	g->node_count = n;
	if (!(cursors = calloc(chunk_count ? chunk_count : 1, sizeof(*cursors))) ||
		!(g->in_offset = calloc((size_t)n + 1, sizeof(*g->in_offset))) ||
		!(g->in_src = malloc((m ? m : 1) * sizeof(*g->in_src))) ||
		(weights && !(g->in_weight = malloc((m ? m : 1) * sizeof(*g->in_weight)))))
		goto done;
	for (unsigned c = 0; c < chunk_count; c++) {
		if (!(cursors[c] = calloc((size_t)n + 1, sizeof(uint64_t))))
			goto done;
		for (uint64_t e = 0; e < chunks[c].count; e++)
			cursors[c][chunks[c].dst[e]]++;
	}
	/* in_offset[v] = arcs into nodes before v; chunk c's cursor starts after chunks before c */
	{
		uint64_t total = 0;
		for (uint32_t v = 0; v < n; v++) {
			g->in_offset[v] = total;
			for (unsigned c = 0; c < chunk_count; c++) {
				uint64_t count = cursors[c][v];
				cursors[c][v] = total;
				total += count;
			}
		}
		g->in_offset[n] = total;
	}
	for (unsigned c = 0; c < chunk_count; c++) {
		memset(&jobs[c], 0, sizeof(jobs[c]));
		jobs[c].g = g;
		jobs[c].chunk = &chunks[c];
		jobs[c].cursor = cursors[c];
	}
	/* chunks are scattered in parallel: their target slots are disjoint */
	for (unsigned c = 0; c < chunk_count; c += threads) {
		unsigned batch = chunk_count - c < threads ? chunk_count - c : threads;
		run_jobs(scatter_chunk, jobs + c, batch);
	}
	for (unsigned c = 0; c < chunk_count; c++) {
		free(cursors[c]);
		cursors[c] = NULL;
		clout__arc_chunk_release(&chunks[c]);
	}
	*out = g;
	g = NULL;
	rc = clout__graph_finish(out, threads, err);
done:
	if (rc == CLOUT_ENOMEM && g)
		clout_error_set(err, rc, "out of memory building a graph of %u nodes and %llu arcs", n,
			(unsigned long long)m);
	for (unsigned c = 0; c < chunk_count; c++) {
		if (cursors)
			free(cursors[c]);
		clout__arc_chunk_release(&chunks[c]);
	}
	free(cursors);
	clout_graph_free(g);
	return rc;
}

/* Merges duplicate in-arcs (in parallel over node ranges), compacts the CSR and sets WC. Frees
 * the graph and clears *graph on failure. */
int clout__graph_finish(clout_graph **graph, unsigned threads, clout_error *err)
{
	clout_graph *g = *graph;
	uint32_t n = g->node_count, *degree = NULL;
	uint64_t m = g->in_offset[n];
	build_job jobs[64];
	bool weights = g->in_weight != NULL;
	int rc = CLOUT_ENOMEM;
	if (threads < 1)
		threads = 1;
	if (threads > 64)
		threads = 64;
	if (!(degree = malloc(((size_t)n ? n : 1) * sizeof(*degree))))
		goto done;
	{
		uint32_t v = 0;
		for (unsigned t = 0; t < threads; t++) {
			memset(&jobs[t], 0, sizeof(jobs[t]));
			jobs[t].g = g;
			jobs[t].degree = degree;
			jobs[t].first = v;
			/* balance by arcs, not nodes */
			uint64_t goal = m * (t + 1) / threads;
			while (v < n && (t == threads - 1 || g->in_offset[v + 1] <= goal))
				v++;
			jobs[t].last = v;
		}
		run_jobs(dedupe_range, jobs, threads);
		for (unsigned t = 0; t < threads; t++)
			if (jobs[t].rc < 0)
				goto done;
	}
	{
		uint64_t write = 0;
		for (uint32_t v = 0; v < n; v++) {
			uint64_t begin = g->in_offset[v];
			g->in_offset[v] = write;
			if (write != begin) {
				memmove(g->in_src + write, g->in_src + begin, degree[v] * sizeof(*g->in_src));
				if (weights)
					memmove(g->in_weight + write, g->in_weight + begin, degree[v] * sizeof(*g->in_weight));
			}
			write += degree[v];
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
	}
	if (!g->node_p && !(g->node_p = malloc(((size_t)n ? n : 1) * sizeof(*g->node_p))))
		goto done;
	if ((rc = clout_graph_set_probabilities(g, CLOUT_PROB_WC, 0, 0, err)) < 0)
		goto done;
	rc = 0;
done:
	if (rc == CLOUT_ENOMEM)
		clout_error_set(err, rc, "out of memory building a graph of %u nodes and %llu arcs", n, (unsigned long long)m);
	if (rc < 0) {
		clout_graph_free(g);
		*graph = NULL;
	}
	free(degree);
	return rc;
}

int clout__graph_from_csr(clout_graph **out, uint32_t n, int64_t *ids, uint64_t *in_offset, uint32_t *in_src,
	float *in_weight, unsigned threads, clout_error *err)
{
	clout_graph *g = calloc(1, sizeof(*g));
	*out = NULL;
	if (!g) {
		free(ids);
		free(in_offset);
		free(in_src);
		free(in_weight);
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	}
	pthread_mutex_init(&g->out_lock, NULL);
	g->node_count = n;
	g->ids = ids;
	g->in_offset = in_offset;
	g->in_src = in_src;
	g->in_weight = in_weight;
	*out = g;
	return clout__graph_finish(out, threads, err);
}

void clout__arc_chunk_release(clout__arc_chunk *c)
{
	free(c->src);
	free(c->dst);
	free(c->weight);
	memset(c, 0, sizeof(*c));
}

static int compare_ids(const void *a, const void *b, void *ctx)
{
	const int64_t *ids = ctx;
	int64_t x = ids[*(const uint32_t *)a], y = ids[*(const uint32_t *)b];
	return (x > y) - (x < y);
}

/* Renumbers nodes so that indexes follow ascending original ids (the order every loader yields). */
int clout__graph_sort_ids(int64_t *ids, uint32_t n, clout__arc_chunk *chunks, unsigned chunk_count)
{
	uint32_t *order = malloc(((size_t)n ? n : 1) * sizeof(*order)), *rank = NULL;
	int64_t *sorted = NULL;
	if (!order || !(rank = malloc(((size_t)n ? n : 1) * sizeof(*rank))) ||
		!(sorted = malloc(((size_t)n ? n : 1) * sizeof(*sorted)))) {
		free(order);
		free(rank);
		return CLOUT_ENOMEM;
	}
	for (uint32_t v = 0; v < n; v++)
		order[v] = v;
	qsort_r(order, n, sizeof(*order), compare_ids, ids);
	for (uint32_t i = 0; i < n; i++) {
		rank[order[i]] = i;
		sorted[i] = ids[order[i]];
	}
	memcpy(ids, sorted, (size_t)n * sizeof(*ids));
	for (unsigned c = 0; c < chunk_count; c++)
		for (uint64_t e = 0; e < chunks[c].count; e++) {
			chunks[c].src[e] = rank[chunks[c].src[e]];
			chunks[c].dst[e] = rank[chunks[c].dst[e]];
		}
	free(order);
	free(rank);
	free(sorted);
	return 0;
}

int clout_graph_from_arcs(clout_graph **out, const int64_t *src, const int64_t *dst, const double *weights,
	uint64_t count, clout_error *err)
{
	clout_idmap map;
	clout__arc_chunk chunk = { NULL, NULL, NULL, 0 };
	int rc = CLOUT_ENOMEM;
	*out = NULL;
	clout__idmap_init(&map);
	if (!(chunk.src = malloc((count ? count : 1) * sizeof(*chunk.src))) ||
		!(chunk.dst = malloc((count ? count : 1) * sizeof(*chunk.dst))) ||
		(weights && !(chunk.weight = malloc((count ? count : 1) * sizeof(*chunk.weight)))))
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
		if ((rc = clout__idmap_get(&map, src[e], &chunk.src[e])) < 0 ||
			(rc = clout__idmap_get(&map, dst[e], &chunk.dst[e])) < 0)
			goto done;
		if (weights)
			chunk.weight[e] = (float)weights[e];
	}
	chunk.count = count;
	if (!count) {
		rc = clout_error_set(err, CLOUT_EBADDATA, "the graph has no arcs");
		goto done;
	}
	{
		uint32_t n = map.count;
		int64_t *ids = clout__idmap_detach_ids(&map);
		if (!ids || (rc = clout__graph_sort_ids(ids, n, &chunk, 1)) < 0) {
			free(ids);
			rc = CLOUT_ENOMEM;
			goto done;
		}
		rc = clout__graph_build(out, n, ids, &chunk, 1, 1, err);
	}
done:
	if (rc == CLOUT_ENOMEM && err && !err->message[0])
		clout_error_set(err, rc, "out of memory");
	clout__idmap_release(&map);
	clout__arc_chunk_release(&chunk);
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
				uint64_t h = clout_rng_mix64(seed ^ clout_rng_mix64((uint64_t)g->ids[g->in_src[e]]) ^
					clout_rng_mix64((uint64_t)g->ids[v] * 0x9e3779b97f4a7c15ULL + 1));
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

void clout_graph_csr_get(const clout_graph *g, clout_graph_csr *out)
{
	out->node_count = g->node_count;
	out->arc_count = g->arc_count;
	out->in_offset = g->in_offset;
	out->in_src = g->in_src;
	out->arc_p = g->arc_p;
	out->node_p = g->node_p;
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

int clout_graph_find_node(const clout_graph *g, int64_t id, uint32_t *out, clout_error *err)
{
	/* ids are sorted ascending (every loader renumbers so) */
	uint32_t lo = 0, hi = g->node_count;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (g->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < g->node_count && g->ids[lo] == id) {
		*out = lo;
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
