/*
 * graph_internal.h: the clout_graph layout, private to the graph module (other modules read a
 * graph through clout/graph.h, samplers through clout_graph_csr_get).
 *
 * In-arcs (who can influence v) are the primary CSR because reverse-reachable sampling walks them.
 * Out-arcs are built on demand (Monte Carlo simulation, overlap). When every in-arc of a node has
 * the same probability (WC, uniform), node_p holds it and arc_p is NULL: samplers then skip over
 * failed arcs geometrically instead of flipping a coin per arc (the SUBSIM idea).
 */
#ifndef CLOUT_LIB_GRAPH_INTERNAL_H
#define CLOUT_LIB_GRAPH_INTERNAL_H

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "clout/graph.h"
#include "util/hugepage.h"

struct clout_graph {
	uint32_t node_count;
	uint64_t arc_count;
	int64_t *ids;          /* original id per node */
	uint64_t *in_offset;   /* node_count + 1 */
	uint32_t *in_src;      /* arc_count: the influencing node of each in-arc */
	float *in_weight;      /* arc_count interaction weights, NULL when all are 1 */
	float *arc_p;          /* per in-arc probability, NULL when node_p applies */
	float *node_p;         /* per node: probability of each of its in-arcs (when arc_p is NULL) */
	clout_prob_kind prob;
	/* ids are sorted ascending, so node indexes follow original ids */
	/* out-arcs, built lazily under out_lock */
	pthread_mutex_t out_lock;
	uint64_t *out_offset;
	uint32_t *out_dst;
	float *out_p;
	/* a graph read from its binary copy (cache.c): ids, in_offset, in_src and in_weight point into
	 * this read-only mapping, which is unmapped instead of freeing them */
	void *map;
	size_t map_size;
};

struct stat;

/*
 * The binary copy of the edge list path (open as fd, with st) made with the same load options,
 * mapped: 0 and *out, or 1 when there is none or it is stale (then nothing is allocated).
 */
int clout__graph_cache_load(clout_graph **out, const char *path, int fd, const struct stat *st,
	const clout_graph_load_options *opts);

/* Writes g as the binary copy of path (best effort: nothing is reported when it cannot). */
void clout__graph_cache_write(const clout_graph *g, const char *path, int fd, const struct stat *st,
	const clout_graph_load_options *opts);

struct clout_store;

/*
 * The graph of workspace's edges of kind (NULL: every kind) read from store, reversed into the
 * influence direction (see clout_graph_input); clout_graph_input_open's store branch.
 */
int clout__graph_from_store(clout_graph **out, struct clout_store *store, int64_t workspace, const char *kind,
	clout_error *err);

/* Builds the out-arc CSR with probabilities if not there yet (thread-safe). */
int clout__graph_build_out(clout_graph *graph, clout_error *err);

/* A batch of remapped arcs (dense indexes); weight may be NULL (all 1). */
typedef struct clout__arc_chunk {
	uint32_t *src, *dst;
	float *weight;
	uint64_t count;
} clout__arc_chunk;

void clout__arc_chunk_release(clout__arc_chunk *chunk);

/* Renumbers so that node indexes follow ascending ids (ids sorted in place, arcs relabelled). */
int clout__graph_sort_ids(int64_t *ids, uint32_t node_count, clout__arc_chunk *chunks, unsigned chunk_count);

/*
 * Builds a graph from chunks of remapped arcs, ids[node_count] being the original ids, sorted.
 * Takes ownership of ids and of the chunks' arrays (released, whatever the outcome). The graph
 * does not depend on how arcs were split into chunks.
 */
int clout__graph_build(clout_graph **out, uint32_t node_count, int64_t *ids, clout__arc_chunk *chunks,
	unsigned chunk_count, unsigned threads, clout_error *err);

/* Merges duplicate in-arcs, compacts and sets WC probabilities; frees *graph on failure. */
int clout__graph_finish(clout_graph **graph, unsigned threads, clout_error *err);

/* A graph from an in-arc CSR that may hold duplicates (takes ownership of every array). */
int clout__graph_from_csr(clout_graph **out, uint32_t node_count, int64_t *ids, uint64_t *in_offset,
	uint32_t *in_src, float *in_weight, unsigned threads, clout_error *err);

static inline float clout__graph_arc_p(const clout_graph *g, uint32_t v, uint64_t arc)
{
	return g->arc_p ? g->arc_p[arc] : g->node_p[v];
}

#endif
