/*
 * rrset.c: sampling reverse-reachable sets under IC and LT.
 *
 * An RR set is the set of nodes that would have activated a random root (Borgs et al. 2014):
 * under IC a reverse breadth-first search keeping each in-arc with its probability; under LT a
 * reverse random walk choosing at most one in-arc per node. When all in-arcs of a node share one
 * probability p (WC, uniform), the IC search jumps straight to the next live arc with a geometric
 * draw, so its cost follows the live arcs rather than all arcs (SUBSIM, Guo et al. 2020).
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/hugepage.h"
#include "util/rng.h"
#include "lib/plan/rrset.h"
#include "util/banned.h"

typedef struct sample_buffer {
	uint32_t *nodes;
	uint64_t len, cap;
	uint64_t *ends; /* end of each set, relative to nodes */
	uint64_t count;
} sample_buffer;

typedef struct worker {
	const clout_rr_sampler *sampler;
	clout_rr_scratch *scratch;
	uint64_t stream, first, last;
	uint32_t *stamp;
	uint32_t mark;
	sample_buffer out;
	int rc;
} worker;

static int buffer_reserve(sample_buffer *b, uint64_t extra)
{
	if (b->len + extra <= b->cap)
		return 0;
	uint64_t cap = b->cap ? b->cap : 4096;
	while (cap < b->len + extra)
		cap += cap / 2 + 16;
	uint32_t *nodes = realloc(b->nodes, cap * sizeof(*nodes));
	if (!nodes)
		return CLOUT_ENOMEM;
	b->nodes = nodes;
	b->cap = cap;
	return 0;
}

static inline int push(worker *w, uint32_t v)
{
	if (w->out.len == w->out.cap && buffer_reserve(&w->out, 1) < 0)
		return CLOUT_ENOMEM;
	w->out.nodes[w->out.len++] = v;
	w->stamp[v] = w->mark;
	return 0;
}

static int sample_ic(worker *w, clout_rng *rng, uint32_t root)
{
	const clout_graph_csr *g = &w->sampler->graph;
	uint64_t head = w->out.len;
	if (push(w, root) < 0)
		return CLOUT_ENOMEM;
	for (; head < w->out.len; head++) {
		uint32_t v = w->out.nodes[head];
		uint64_t begin = g->in_offset[v], degree = g->in_offset[v + 1] - begin;
		if (!degree)
			continue;
		if (g->arc_p) {
			for (uint64_t e = begin; e < begin + degree; e++) {
				uint32_t u = g->in_src[e];
				if (w->stamp[u] != w->mark && clout_rng_uniform(rng) < g->arc_p[e] && push(w, u) < 0)
					return CLOUT_ENOMEM;
			}
			continue;
		}
		double p = g->node_p[v];
		if (p >= 1.0) {
			for (uint64_t e = begin; e < begin + degree; e++)
				if (w->stamp[g->in_src[e]] != w->mark && push(w, g->in_src[e]) < 0)
					return CLOUT_ENOMEM;
			continue;
		}
		if (p <= 0)
			continue;
		/* the gap to the next live arc is geometric: floor(log U / log(1 - p)) */
		double inv_log_q = 1.0 / log1p(-p);
		double jump = floor(log(clout_rng_uniform_pos(rng)) * inv_log_q);
		while (jump < (double)degree) {
			uint64_t e = begin + (uint64_t)jump;
			uint32_t u = g->in_src[e];
			if (w->stamp[u] != w->mark && push(w, u) < 0)
				return CLOUT_ENOMEM;
			jump += 1.0 + floor(log(clout_rng_uniform_pos(rng)) * inv_log_q);
		}
	}
	return 0;
}

static int sample_lt(worker *w, clout_rng *rng, uint32_t root)
{
	const clout_graph_csr *g = &w->sampler->graph;
	uint32_t v = root;
	if (push(w, root) < 0)
		return CLOUT_ENOMEM;
	for (;;) {
		uint64_t begin = g->in_offset[v], degree = g->in_offset[v + 1] - begin;
		uint32_t u;
		if (!degree)
			return 0;
		if (!g->arc_p) {
			/* in-weights summing past 1 are scaled down to sum to 1 */
			double total = (double)g->node_p[v] * (double)degree;
			if (total < 1.0 && clout_rng_uniform(rng) >= total)
				return 0;
			u = g->in_src[begin + clout_rng_below32(rng, (uint32_t)degree)];
		} else {
			double total = 0, r, acc = 0;
			uint64_t e;
			for (e = begin; e < begin + degree; e++)
				total += g->arc_p[e];
			r = clout_rng_uniform(rng) * (total > 1.0 ? total : 1.0);
			if (r >= total)
				return 0;
			for (e = begin; e < begin + degree - 1; e++) {
				acc += g->arc_p[e];
				if (r < acc)
					break;
			}
			u = g->in_src[e];
		}
		if (w->stamp[u] == w->mark)
			return 0;
		if (push(w, u) < 0)
			return CLOUT_ENOMEM;
		v = u;
	}
}

static void *work(void *arg)
{
	worker *w = arg;
	const clout_rr_sampler *s = w->sampler;
	uint32_t n = s->graph.node_count;
	uint64_t sets = w->last - w->first;
	if (!w->scratch->stamp && (w->scratch->stamp = calloc(n ? n : 1, sizeof(uint32_t))) != NULL)
		clout_hint_huge(w->scratch->stamp, (size_t)n * sizeof(uint32_t));
	w->stamp = w->scratch->stamp;
	w->mark = w->scratch->mark;
	if (!w->stamp || !(w->out.ends = malloc((sets ? sets : 1) * sizeof(uint64_t))) ||
		buffer_reserve(&w->out, sets * 4 + 16) < 0) {
		w->rc = CLOUT_ENOMEM;
		return NULL;
	}
	for (uint64_t i = w->first; i < w->last; i++) {
		clout_rng rng;
		uint32_t root;
		int rc;
		clout_rng_seed_stream(&rng, s->seed, w->stream, i);
		root = s->roots ? s->roots[clout_rng_below32(&rng, s->root_count)] : clout_rng_below32(&rng, n);
		if (++w->mark == 0) {
			memset(w->stamp, 0, (size_t)n * sizeof(*w->stamp));
			w->mark = 1;
		}
		rc = s->model == CLOUT_MODEL_LT ? sample_lt(w, &rng, root) : sample_ic(w, &rng, root);
		if (rc < 0) {
			w->rc = rc;
			break;
		}
		w->out.ends[w->out.count++] = w->out.len;
	}
	w->scratch->mark = w->mark;
	return NULL;
}

void clout__rr_sets_init(clout_rr_sets *sets, uint64_t stream)
{
	memset(sets, 0, sizeof(*sets));
	sets->stream = stream;
}

void clout__rr_sets_release(clout_rr_sets *sets)
{
	free(sets->nodes);
	free(sets->offset);
	memset(sets, 0, sizeof(*sets));
}

static int reserve_sets(clout_rr_sets *sets, uint64_t count, uint64_t entries)
{
	if (count + 1 > sets->offset_cap) {
		uint64_t cap = count + 1;
		uint64_t *offset = realloc(sets->offset, cap * sizeof(*offset));
		if (!offset)
			return CLOUT_ENOMEM;
		if (!sets->offset_cap)
			offset[0] = 0;
		sets->offset = offset;
		sets->offset_cap = cap;
	}
	if (entries > sets->nodes_cap) {
		uint64_t cap = entries + entries / 4;
		uint32_t *nodes = realloc(sets->nodes, cap * sizeof(*nodes));
		if (!nodes)
			return CLOUT_ENOMEM;
		sets->nodes = nodes;
		sets->nodes_cap = cap;
		clout_hint_huge(nodes, cap * sizeof(*nodes));
	}
	return 0;
}

void clout__rr_sampler_release(clout_rr_sampler *s)
{
	for (unsigned t = 0; t < sizeof(s->scratch) / sizeof(s->scratch[0]); t++) {
		free(s->scratch[t].stamp);
		s->scratch[t].stamp = NULL;
		s->scratch[t].mark = 0;
	}
}

int clout__rr_sets_extend(clout_rr_sets *sets, clout_rr_sampler *s, uint64_t count, clout_error *err)
{
	unsigned threads = s->threads ? s->threads : 1;
	uint64_t first = sets->count, todo, entries;
	worker *workers = NULL;
	pthread_t *tids = NULL;
	bool *started = NULL;
	int rc = 0;
	if (count <= first)
		return 0;
	todo = count - first;
	if (threads > 256)
		threads = 256;
	if (todo < (uint64_t)threads * 64)
		threads = todo < 64 ? 1 : (unsigned)(todo / 64);
	workers = calloc(threads, sizeof(*workers));
	tids = calloc(threads, sizeof(*tids));
	started = calloc(threads, sizeof(*started));
	if (!workers || !tids || !started) {
		rc = CLOUT_ENOMEM;
		goto done;
	}
	for (unsigned t = 0; t < threads; t++) {
		workers[t].sampler = s;
		workers[t].scratch = &s->scratch[t];
		workers[t].stream = sets->stream;
		workers[t].first = first + todo * t / threads;
		workers[t].last = first + todo * (t + 1) / threads;
	}
	for (unsigned t = 1; t < threads; t++)
		started[t] = pthread_create(&tids[t], NULL, work, &workers[t]) == 0;
	work(&workers[0]);
	for (unsigned t = 1; t < threads; t++) {
		if (started[t])
			pthread_join(tids[t], NULL);
		else
			work(&workers[t]); /* no thread: do its share here, the result is the same */
	}
	entries = sets->entries;
	for (unsigned t = 0; t < threads; t++) {
		if (workers[t].rc < 0)
			rc = workers[t].rc;
		entries += workers[t].out.len;
	}
	if (rc < 0 || (rc = reserve_sets(sets, count, entries)) < 0)
		goto done;
	/* append the workers' sets in index order */
	for (unsigned t = 0; t < threads; t++) {
		worker *w = &workers[t];
		uint64_t base = sets->entries;
		memcpy(sets->nodes + base, w->out.nodes, w->out.len * sizeof(uint32_t));
		for (uint64_t i = 0; i < w->out.count; i++)
			sets->offset[sets->count + 1 + i] = base + w->out.ends[i];
		sets->count += w->out.count;
		sets->entries += w->out.len;
	}
done:
	if (rc < 0)
		clout_error_set(err, rc, "out of memory sampling %llu RR sets", (unsigned long long)count);
	if (workers)
		for (unsigned t = 0; t < threads; t++) {
			free(workers[t].out.nodes);
			free(workers[t].out.ends);
		}
	free(workers);
	free(tids);
	free(started);
	return rc;
}
