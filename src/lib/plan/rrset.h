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

/* Per-thread visit marks, kept across extend calls (one array of node_count per thread). */
typedef struct clout_rr_scratch {
	uint32_t *stamp;
	uint32_t mark;
} clout_rr_scratch;

typedef struct clout_rr_sampler {
	clout_graph_csr graph;   /* the graph's in-arcs (clout_graph_csr_get) */
	clout_model model;
	const uint32_t *roots; /* the target audience (roots are drawn from it), or NULL: every node */
	uint32_t root_count;
	uint64_t seed;
	unsigned threads;
	clout_rr_scratch scratch[256]; /* zero-initialise the sampler; release with clout__rr_sampler_release */
	struct clout__rr_pool *pool;   /* its sampling threads, started by the first extend that needs them */
} clout_rr_sampler;

void clout__rr_sampler_release(clout_rr_sampler *sampler);

void clout__rr_sets_init(clout_rr_sets *sets, uint64_t stream);
void clout__rr_sets_release(clout_rr_sets *sets);
/* Grows sets to count sets (no-op when it has them already). */
int clout__rr_sets_extend(clout_rr_sets *sets, clout_rr_sampler *sampler, uint64_t count, clout_error *err);

#endif
