/* test_plan.c: the roster optimizer against brute force: on small graphs the exact expected spread
 * of every feasible seed set is computed by enumerating all live-arc worlds, and the plan's seeds
 * must be within the stated factor of the optimum (and of the certified ratio it reports). Also
 * determinism, costs and budgets, target audiences, bad input and the forecast. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "clout/graph.h"
#include "clout/plan.h"
#include "lib/plan/select.h"
#include "util/rng.h"
#include "util/banned.h"

#define MAX_NODES 10
#define MAX_ARCS 15

typedef struct small_graph {
	int n, m;
	int64_t src[MAX_ARCS], dst[MAX_ARCS];
	double p[MAX_ARCS];       /* IC probability of each arc */
	clout_graph *g;
	/* exact spread by subset of nodes (bit i = node id i) */
	double spread[1 << MAX_NODES];
} small_graph;

static uint64_t lcg(uint64_t *state)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return *state >> 33;
}

/* Reach masks of every node in one world (live arcs given by a mask over arcs or a per-node pick). */
static void reach_masks(const small_graph *s, const int *live, uint32_t *reach)
{
	for (int v = 0; v < s->n; v++) {
		uint32_t mask = 1u << v, before;
		do {
			before = mask;
			for (int e = 0; e < s->m; e++)
				if (live[e] && (mask >> s->src[e] & 1))
					mask |= 1u << s->dst[e];
		} while (mask != before);
		reach[v] = mask;
	}
}

static void add_world(small_graph *s, const int *live, double prob, const uint32_t *target_mask)
{
	uint32_t reach[MAX_NODES];
	reach_masks(s, live, reach);
	for (uint32_t set = 1; set < (1u << s->n); set++) {
		uint32_t covered = 0;
		for (int v = 0; v < s->n; v++)
			if (set >> v & 1)
				covered |= reach[v];
		if (target_mask)
			covered &= *target_mask;
		s->spread[set] += prob * __builtin_popcount(covered);
	}
}

static void exact_ic(small_graph *s, const uint32_t *target_mask)
{
	int live[MAX_ARCS];
	memset(s->spread, 0, sizeof(s->spread));
	for (uint32_t world = 0; world < (1u << s->m); world++) {
		double prob = 1;
		for (int e = 0; e < s->m; e++) {
			live[e] = world >> e & 1;
			prob *= live[e] ? s->p[e] : 1 - s->p[e];
		}
		add_world(s, live, prob, target_mask);
	}
}

/* LT as live arcs: each node keeps at most one in-arc, arc (u,v) with probability p(u,v). */
static void exact_lt(small_graph *s)
{
	int choice[MAX_NODES], live[MAX_ARCS];
	memset(s->spread, 0, sizeof(s->spread));
	memset(choice, 0, sizeof(choice));
	for (;;) {
		double prob = 1;
		memset(live, 0, sizeof(live));
		for (int v = 0; v < s->n; v++) {
			/* choice[v] = 0: no arc; j > 0: the j-th in-arc of v */
			int j = 0;
			double rest = 1;
			for (int e = 0; e < s->m; e++)
				if (s->dst[e] == v) {
					rest -= s->p[e];
					if (++j == choice[v]) {
						live[e] = 1;
						prob *= s->p[e];
					}
				}
			if (!choice[v])
				prob *= rest > 0 ? rest : 0;
		}
		add_world(s, live, prob, NULL);
		int v = 0;
		for (; v < s->n; v++) {
			int degree = 0;
			for (int e = 0; e < s->m; e++)
				degree += s->dst[e] == v;
			if (++choice[v] <= degree)
				break;
			choice[v] = 0;
		}
		if (v == s->n)
			break;
	}
}

/* A random simple digraph on n nodes (ids 0..n-1) with m arcs; every node has an arc. */
static void make_graph(small_graph *s, int n, int m, uint64_t seed, double uniform_p)
{
	uint64_t state = seed;
	clout_error err = { 0 };
	s->n = n;
	s->m = 0;
	for (int v = 0; v < n && s->m < m; v++) {
		/* a ring keeps every node in the graph */
		s->src[s->m] = v;
		s->dst[s->m++] = (v + 1) % n;
	}
	while (s->m < m) {
		int64_t a = (int64_t)(lcg(&state) % (uint64_t)n), b = (int64_t)(lcg(&state) % (uint64_t)n);
		int dup = a == b;
		for (int e = 0; e < s->m; e++)
			dup |= s->src[e] == a && s->dst[e] == b;
		if (dup)
			continue;
		s->src[s->m] = a;
		s->dst[s->m++] = b;
	}
	for (int e = 0; e < s->m; e++) {
		int indegree = 0;
		for (int f = 0; f < s->m; f++)
			indegree += s->dst[f] == s->dst[e];
		s->p[e] = uniform_p > 0 ? uniform_p : 1.0 / indegree;
	}
	assert_int_equal(clout_graph_from_arcs(&s->g, s->src, s->dst, NULL, (uint64_t)s->m, &err), 0);
	assert_int_equal(clout_graph_set_probabilities(s->g, uniform_p > 0 ? CLOUT_PROB_UNIFORM : CLOUT_PROB_WC,
		uniform_p, 0, &err), 0);
}

/* Cost per node id and the exact optimum within budget. */
static double optimum(const small_graph *s, const double *cost_by_id, double budget)
{
	double best = 0;
	for (uint32_t set = 1; set < (1u << s->n); set++) {
		double cost = 0;
		for (int v = 0; v < s->n; v++)
			if (set >> v & 1)
				cost += cost_by_id ? cost_by_id[v] : 1.0;
		if (cost <= budget + 1e-9 && s->spread[set] > best)
			best = s->spread[set];
	}
	return best;
}

static double plan_spread(const small_graph *s, const clout_plan_result *r)
{
	uint32_t set = 0;
	for (uint32_t i = 0; i < r->pick_count; i++)
		set |= 1u << clout_graph_node_id(s->g, r->picks[i].node);
	return s->spread[set];
}

static double *costs_by_index(const small_graph *s, const double *cost_by_id)
{
	double *costs = malloc(sizeof(double) * (size_t)s->n);
	for (uint32_t v = 0; v < (uint32_t)s->n; v++)
		costs[v] = cost_by_id[clout_graph_node_id(s->g, v)];
	return costs;
}

static void check_plan(small_graph *s, clout_model model, const double *cost_by_id, double budget, uint64_t seed)
{
	clout_plan_options opts = CLOUT_PLAN_OPTIONS_INIT;
	clout_plan_result *r = NULL;
	clout_error err = { 0 };
	double *costs = cost_by_id ? costs_by_index(s, cost_by_id) : NULL;
	opts.model = model;
	opts.budget = budget;
	opts.costs = costs;
	opts.seed = seed;
	opts.threads = 2;
	if (clout_plan_run(&r, s->g, &opts, &err) < 0)
		fail_msg("plan: %s", err.message);
	double best = optimum(s, cost_by_id, budget), got = plan_spread(s, r);
	assert_true(r->guarantee_met);
	assert_true(r->total_cost <= budget + 1e-9);
	/* within the promised factor of the optimum, and of the ratio it certified */
	if (!(got >= r->guarantee * best - 1e-9) || !(got >= r->approximation * best - 1e-9))
		fail_msg("spread %.4f, optimum %.4f, guarantee %.3f, certified %.3f", got, best, r->guarantee, r->approximation);
	if (getenv("PLAN_TEST_VERBOSE"))
		printf("spread %.4f optimum %.4f certified %.3f rr %llu est %.4f\n", got, best, r->approximation, (unsigned long long)r->rr_sets, r->spread);
	/* the certified bounds bracket the truth */
	assert_true(r->spread_lower <= got + 1e-9);
	assert_true(r->optimum_upper >= best - 1e-9);
	clout_plan_result_free(r);
	free(costs);
}

static void test_plan__ic_uniform_cost_within_factor_of_brute_force(void **state)
{
	(void)state;
	for (uint64_t graph_seed = 1; graph_seed <= 4; graph_seed++) {
		small_graph *s = calloc(1, sizeof(*s));
		make_graph(s, 9, 14, graph_seed, graph_seed % 2 ? 0.3 : 0);
		exact_ic(s, NULL);
		for (double k = 1; k <= 3; k++)
			check_plan(s, CLOUT_MODEL_IC, NULL, k, graph_seed * 10 + (uint64_t)k);
		clout_graph_free(s->g);
		free(s);
	}
}

static void test_plan__lt_within_factor_of_brute_force(void **state)
{
	(void)state;
	small_graph *s = calloc(1, sizeof(*s));
	make_graph(s, 8, 13, 7, 0);
	exact_lt(s);
	check_plan(s, CLOUT_MODEL_LT, NULL, 2, 5);
	check_plan(s, CLOUT_MODEL_LT, NULL, 3, 6);
	clout_graph_free(s->g);
	free(s);
}

static void test_plan__budgeted_within_factor_of_brute_force(void **state)
{
	(void)state;
	const double cost_by_id[MAX_NODES] = { 3, 1, 2, 1, 4, 2, 1, 3, 2, 1 };
	for (uint64_t graph_seed = 11; graph_seed <= 13; graph_seed++) {
		small_graph *s = calloc(1, sizeof(*s));
		make_graph(s, 9, 14, graph_seed, 0.35);
		exact_ic(s, NULL);
		check_plan(s, CLOUT_MODEL_IC, cost_by_id, 4, graph_seed);
		check_plan(s, CLOUT_MODEL_IC, cost_by_id, 2.5, graph_seed + 1);
		clout_graph_free(s->g);
		free(s);
	}
}

static void test_plan__target_audience_counts_only_targets(void **state)
{
	(void)state;
	small_graph *s = calloc(1, sizeof(*s));
	uint32_t target_mask = 0x1f0; /* ids 4..8 */
	uint8_t target[MAX_NODES] = { 0 };
	clout_plan_options opts = CLOUT_PLAN_OPTIONS_INIT;
	clout_plan_result *r = NULL;
	make_graph(s, 9, 14, 21, 0.3);
	exact_ic(s, &target_mask);
	for (uint32_t v = 0; v < 9; v++)
		target[v] = (target_mask >> clout_graph_node_id(s->g, v)) & 1;
	opts.budget = 2;
	opts.target = target;
	assert_int_equal(clout_plan_run(&r, s->g, &opts, NULL), 0);
	assert_true(r->audience == 5);
	assert_true(plan_spread(s, r) >= r->guarantee * optimum(s, NULL, 2) - 1e-9);
	assert_true(r->spread <= 5.0 + 1e-9);
	clout_plan_result_free(r);
	clout_graph_free(s->g);
	free(s);
}

static void test_plan__deterministic_for_seed_whatever_the_threads(void **state)
{
	(void)state;
	small_graph *s = calloc(1, sizeof(*s));
	clout_plan_options opts = CLOUT_PLAN_OPTIONS_INIT;
	clout_plan_result *a = NULL, *b = NULL;
	make_graph(s, 10, 15, 31, 0.2);
	opts.budget = 3;
	opts.epsilon = 0.05;
	opts.seed = 99;
	opts.threads = 1;
	assert_int_equal(clout_plan_run(&a, s->g, &opts, NULL), 0);
	opts.threads = 2;
	assert_int_equal(clout_plan_run(&b, s->g, &opts, NULL), 0);
	assert_int_equal(a->pick_count, b->pick_count);
	assert_true(a->rr_sets == b->rr_sets);
	assert_true(a->spread == b->spread);
	for (uint32_t i = 0; i < a->pick_count; i++)
		assert_int_equal(a->picks[i].node, b->picks[i].node);
	clout_plan_result_free(a);
	clout_plan_result_free(b);
	clout_graph_free(s->g);
	free(s);
}

static void test_plan__rejects_budget_below_every_cost(void **state)
{
	(void)state;
	small_graph *s = calloc(1, sizeof(*s));
	clout_plan_options opts = CLOUT_PLAN_OPTIONS_INIT;
	clout_plan_result *r = NULL;
	clout_error err = { 0 };
	double costs[MAX_NODES];
	make_graph(s, 6, 8, 41, 0.2);
	for (int v = 0; v < 6; v++)
		costs[v] = 5;
	opts.costs = costs;
	opts.budget = 4;
	assert_int_equal(clout_plan_run(&r, s->g, &opts, &err), CLOUT_EBADDATA);
	assert_non_null(strstr(err.message, "below every cost"));
	assert_null(r);
	opts.costs = NULL;
	opts.budget = 0.5;
	assert_int_equal(clout_plan_run(&r, s->g, &opts, &err), CLOUT_EINVAL);
	opts.budget = 2;
	opts.epsilon = 0;
	assert_int_equal(clout_plan_run(&r, s->g, &opts, &err), CLOUT_EINVAL);
	clout_graph_free(s->g);
	free(s);
}

static const char *fixture(const char *name)
{
	static char path[4096];
	const char *root = getenv("CLOUT_SOURCE");
	snprintf(path, sizeof(path), "%s/tests/fixtures/graphs/%s", root ? root : "..", name);
	return path;
}

static void test_costs__read_and_reject_bad_lines(void **state)
{
	(void)state;
	clout_graph *g = NULL;
	clout_error err = { 0 };
	double *costs = NULL;
	uint32_t v;
	assert_int_equal(clout_graph_load_edgelist(&g, fixture("tiny.txt"), NULL, &err), 0);
	assert_int_equal(clout_plan_read_costs(&costs, g, fixture("costs.csv"), NULL, NULL, &err), 0);
	assert_int_equal(clout_graph_find_node(g, 5, &v, NULL), 0);
	assert_true(costs[v] == 3);
	free(costs);
	assert_int_equal(clout_plan_read_costs(&costs, g, fixture("costs_unknown.csv"), NULL, NULL, &err), CLOUT_EBADDATA);
	assert_non_null(strstr(err.message, "costs_unknown.csv:3: unknown id '42'"));
	assert_int_equal(clout_plan_read_costs(&costs, g, fixture("costs_negative.csv"), NULL, NULL, &err), CLOUT_EBADDATA);
	assert_non_null(strstr(err.message, "costs_negative.csv:3: negative cost '-3'"));
	assert_int_equal(clout_plan_rate_card_costs(&costs, g, fixture("rates.csv"), NULL, NULL, &err), 0);
	assert_true(costs[v] == 1);
	free(costs);
	clout_graph_free(g);
}

static void test_forecast__quantiles_are_ordered_and_centred(void **state)
{
	(void)state;
	clout_forecast_rates rates = CLOUT_FORECAST_RATES_INIT;
	clout_forecast f;
	assert_int_equal(clout_plan_forecast(&f, 10000, 100, &rates, NULL), 0);
	for (int m = 0; m < CLOUT_FORECAST_METRICS; m++) {
		assert_true(f.p10[m] <= f.p50[m]);
		assert_true(f.p50[m] <= f.p90[m]);
	}
	assert_true(fabs(f.p50[CLOUT_FORECAST_REACH] - 10000) < 100);
	assert_true(fabs(f.p50[CLOUT_FORECAST_CLICKS] - 100) < 10);
	rates.click_rate = 2;
	assert_int_equal(clout_plan_forecast(&f, 10000, 100, &rates, NULL), CLOUT_EINVAL);
}

/* count random sets over n nodes, each of 1 to 5 distinct members */
static void random_sets(clout_rr_sets *sets, uint32_t n, uint64_t count, uint64_t seed)
{
	clout_rng rng;
	clout_rng_seed(&rng, seed);
	memset(sets, 0, sizeof(*sets));
	sets->nodes = malloc(count * 5 * sizeof(*sets->nodes));
	sets->offset = malloc((count + 1) * sizeof(*sets->offset));
	assert_non_null(sets->nodes);
	assert_non_null(sets->offset);
	sets->offset[0] = 0;
	for (uint64_t s = 0; s < count; s++) {
		uint32_t size = 1 + clout_rng_below32(&rng, 5);
		for (uint32_t j = 0; j < size; j++) {
			uint32_t v = clout_rng_below32(&rng, n);
			bool dup = false;
			for (uint64_t i = sets->offset[s]; i < sets->entries; i++)
				dup = dup || sets->nodes[i] == v;
			if (!dup)
				sets->nodes[sets->entries++] = v;
		}
		sets->offset[s + 1] = sets->entries;
	}
	sets->count = count;
}

/* sets of sets[0..count) that contain a node of mask (bit v: node v) */
static uint64_t covered_by(const clout_rr_sets *sets, uint64_t count, uint64_t mask)
{
	uint64_t hits = 0;
	for (uint64_t s = 0; s < count; s++)
		for (uint64_t i = sets->offset[s]; i < sets->offset[s + 1]; i++)
			if (mask >> sets->nodes[i] & 1) {
				hits++;
				break;
			}
	return hits;
}

/* OPIM-C's unit-cost bound by brute force: the smallest, over the greedy prefixes of picked[0..k),
 * of the prefix's coverage plus the k largest marginal gains */
static double brute_bound(const clout_rr_sets *sets, uint32_t n, const uint32_t *picked, uint32_t k)
{
	double bound = INFINITY;
	uint64_t mask = 0;
	for (uint32_t i = 0; i <= k; i++) {
		uint64_t base = covered_by(sets, sets->count, mask), gains[64], top = 0;
		for (uint32_t v = 0; v < n; v++)
			gains[v] = covered_by(sets, sets->count, mask | (1ull << v)) - base;
		for (uint32_t j = 0; j < k; j++) { /* the k largest, by selection */
			uint32_t best = 0;
			for (uint32_t v = 1; v < n; v++)
				if (gains[v] > gains[best])
					best = v;
			top += gains[best];
			gains[best] = 0;
		}
		if ((double)(base + top) < bound)
			bound = (double)(base + top);
		if (i < k)
			mask |= 1ull << picked[i];
	}
	return bound;
}

/* The unit-cost bound is OPIM-C's taken at every greedy prefix (checked by brute force on many small
 * collections), it bounds the true optimum, and a work area reused from a smaller collection gives
 * what a fresh one gives. */
static void test_select__unit_bound_is_min_over_prefixes_of_top_k(void **state)
{
	(void)state;
	const uint32_t n = 24;
	clout_select_work work, fresh;
	memset(&work, 0, sizeof(work));
	for (uint64_t seed = 1; seed <= 40; seed++) {
		uint32_t k = 2 + (uint32_t)(seed % 6);
		clout_rr_sets sets;
		clout_selection sel, again;
		random_sets(&sets, n, 20 + seed * 10, seed);
		memset(&fresh, 0, sizeof(fresh));
		assert_int_equal(clout__select(&sel, &work, &sets, n, NULL, k), 0);
		assert_int_equal(clout__select(&again, &fresh, &sets, n, NULL, k), 0);
		assert_int_equal(sel.count, again.count);
		assert_memory_equal(sel.nodes, again.nodes, sel.count * sizeof(*sel.nodes));
		assert_true(sel.upper_bound == again.upper_bound);
		if (sel.count == k)
			assert_true(sel.upper_bound == brute_bound(&sets, n, sel.nodes, k));
		if (seed == 2) { /* k = 4: the optimum by enumeration */
			uint64_t optimum = 0;
			for (uint64_t m = 0; m < (1ull << n); m++)
				if (__builtin_popcountll(m) == (int)k) {
					uint64_t c = covered_by(&sets, sets.count, m);
					optimum = c > optimum ? c : optimum;
				}
			assert_true((double)optimum <= sel.upper_bound);
			assert_true(sel.covered <= optimum);
		}
		clout__selection_release(&sel);
		clout__selection_release(&again);
		clout__select_work_release(&fresh);
		free(sets.nodes);
		free(sets.offset);
	}
	clout__select_work_release(&work);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan__ic_uniform_cost_within_factor_of_brute_force),
		cmocka_unit_test(test_plan__lt_within_factor_of_brute_force),
		cmocka_unit_test(test_plan__budgeted_within_factor_of_brute_force),
		cmocka_unit_test(test_plan__target_audience_counts_only_targets),
		cmocka_unit_test(test_plan__deterministic_for_seed_whatever_the_threads),
		cmocka_unit_test(test_plan__rejects_budget_below_every_cost),
		cmocka_unit_test(test_costs__read_and_reject_bad_lines),
		cmocka_unit_test(test_forecast__quantiles_are_ordered_and_centred),
		cmocka_unit_test(test_select__unit_bound_is_min_over_prefixes_of_top_k),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
