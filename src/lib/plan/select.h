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

/*
 * Greedy by marginal coverage per unit of cost, with the Greedy+Max rule when costs are given
 * (each greedy prefix is also completed with the single best affordable node; the best of those
 * sets is returned). costs NULL means every node costs 1. Nodes with a negative cost or a cost
 * above budget are never chosen. The upper bound is the smallest, over greedy prefixes, of the
 * prefix's coverage plus the fractional-knapsack optimum of the marginal coverages (submodularity
 * makes each one an upper bound on the optimum; with unit costs it is the top-k sum of OPIM-C).
 */
int clout__select(clout_selection *out, const clout_rr_sets *sets, uint32_t node_count, const double *costs,
	double budget);

/* The number of sets in sets that contain at least one of nodes, into *out. CLOUT_ENOMEM. */
int clout__coverage(uint64_t *out, const clout_rr_sets *sets, uint32_t node_count, const uint32_t *nodes,
	uint32_t count);

#endif
