/*
 * rrset.h: collections of reverse-reachable (RR) sets and their multi-threaded sampling.
 *
 * RR set i of a collection is grown from a generator seeded with (seed, stream, i), so a
 * collection depends only on the seed and its stream, not on the number of threads nor on which
 * thread drew which set.
 */
#ifndef CLOUT_LIB_PLAN_RRSET_H
#define CLOUT_LIB_PLAN_RRSET_H

#include <stdint.h>

#include "clout/common.h"
#include "clout/graph.h"

typedef struct clout_rr_sets {
	uint32_t *nodes;      /* all sets, back to back */
	uint64_t *offset;     /* count + 1 */
	uint64_t count, entries;
	uint64_t nodes_cap, offset_cap;
	uint64_t stream;
} clout_rr_sets;

/* Per-thread visit marks, kept across extend calls: one bit per node (n / 8 bytes, so that it stays
 * in the core's own cache), set while a set is drawn and cleared from the set's own list after. */
typedef struct clout_rr_scratch {
	uint64_t *visited;
} clout_rr_scratch;

/* What the IC sampler reads of a node, in one 16-byte record (one cache line per visit instead of
 * three arrays): its in-arcs begin .. begin + degree, and when they share one probability p,
 * jump = 1 / ln(1 - p) (the scale of the geometric gap to the next live arc), 0 when p >= 1. */
typedef struct clout_rr_node {
	uint64_t begin;
	uint32_t degree;
	float jump;
} clout_rr_node;

typedef struct clout_rr_sampler {
	clout_graph_csr graph;   /* the graph's in-arcs (clout_graph_csr_get) */
	clout_model model;
	const uint32_t *roots; /* the target audience (roots are drawn from it), or NULL: every node */
	uint32_t root_count;
	uint64_t seed;
	unsigned threads;
	clout_rr_node *nodes;          /* built by the first extend (NULL with per-arc probabilities) */
	clout_rr_scratch scratch[256]; /* zero-initialise the sampler; release with clout__rr_sampler_release */
	struct clout__rr_pool *pool;   /* its sampling threads, started by the first extend that needs them */
} clout_rr_sampler;

void clout__rr_sampler_release(clout_rr_sampler *sampler);

void clout__rr_sets_init(clout_rr_sets *sets, uint64_t stream);
void clout__rr_sets_release(clout_rr_sets *sets);
/* Grows sets to count sets (no-op when it has them already). */
int clout__rr_sets_extend(clout_rr_sets *sets, clout_rr_sampler *sampler, uint64_t count, clout_error *err);

#endif
