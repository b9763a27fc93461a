/*
 * select.h: budgeted maximum coverage over a collection of RR sets.
 */
#ifndef CLOUT_LIB_PLAN_SELECT_H
#define CLOUT_LIB_PLAN_SELECT_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/plan/rrset.h"

typedef struct clout_selection {
	uint32_t *nodes;      /* chosen, in order */
	uint64_t *gains;      /* sets newly covered by each */
	uint32_t count;
	uint64_t covered;     /* sets covered by all of them */
	double upper_bound;   /* upper bound on the sets any feasible seed set covers */
	double cost;
} clout_selection;

void clout__selection_release(clout_selection *sel);

/* The buffers of clout__select and clout__coverage, kept from one round to the next so that each
 * round reuses memory already mapped instead of faulting in fresh pages. Zero-initialise it;
 * release with clout__select_work_release. */
typedef struct clout_select_work {
	uint32_t n;                 /* node count the node-sized buffers were made for */
	uint64_t *index_offset;     /* n + 1 */
	uint64_t *gain;             /* n */
	uint32_t *alive;            /* n */
	struct clout__heap_entry *heap; /* n */
	struct clout__item *items;  /* n */
	uint8_t *chosen;            /* n */
	uint32_t *index;            /* index_cap: the sets of each node */
	uint64_t index_cap;
	uint8_t *covered;           /* covered_cap: one per set */
	uint64_t covered_cap;
	uint64_t *hist;             /* hist_cap: candidates per gain */
	uint64_t hist_cap;
} clout_select_work;

void clout__select_work_release(clout_select_work *work);

/*
 * Greedy by marginal coverage per unit of cost, with the Greedy+Max rule when costs are given
 * (each greedy prefix is also completed with the single best affordable node; the best of those
 * sets is returned). costs NULL means every node costs 1. Nodes with a negative cost or a cost
 * above budget are never chosen. The upper bound is the smallest, over greedy prefixes, of the
 * prefix's coverage plus the fractional-knapsack optimum of the marginal coverages (submodularity
 * makes each one an upper bound on the optimum; with unit costs it is the top-k sum of OPIM-C).
 */
int clout__select(clout_selection *out, clout_select_work *work, const clout_rr_sets *sets, uint32_t node_count,
	const double *costs, double budget);

/* The number of sets in sets that contain at least one of nodes, into *out. CLOUT_ENOMEM. */
int clout__coverage(uint64_t *out, clout_select_work *work, const clout_rr_sets *sets, uint32_t node_count,
	const uint32_t *nodes, uint32_t count);

#endif
