/*
 * plan.c: the roster optimizer's driver: OPIM-C's online loop (Tang, Tang, Xiao & Yuan, SIGMOD
 * 2018) generalised to budgets.
 *
 * Each round holds two independent collections R1 and R2 of theta RR sets each, theta taken from a
 * grid fixed in advance: theta_0 * 2^(j/4), j = 0, 1, ..., up to theta_max (i_max sizes in all).
 * Seeds S are picked greedily on R1. With a = ln(3 i_max / delta) (i_max + 1 with quality mode):
 *   lower(S)   = ((sqrt(cov2(S) + 2a/9) - sqrt(a/2))^2 - a/18) * N / |R2|
 *   upper(OPT) = (sqrt(U1 + a/2) + sqrt(a/2))^2 * N / |R1|
 * where U1 bounds the optimum's coverage of R1 (select.c). Each holds with probability
 * 1 - delta / (3 i_max) for each size of the grid, so all of them hold at once with probability
 * 1 - 2 delta / 3 whichever sizes the rounds visit, and their ratio is a certified approximation
 * ratio; sampling stops once it reaches rho - epsilon (rho = 1 - 1/e for unit costs, 1/2 for
 * Greedy+Max with costs), or at theta_max, IMM's worst-case sample size for that guarantee,
 * whichever comes first. A round that falls short picks the next size on the grid: the first one
 * the bounds would certify were this round's coverage fractions to hold there, and at most the
 * first at twice this round's (OPIM-C's doubling), so the last round overshoots the size needed
 * by about 2^(1/4) rather than 2.
 *
 * With a sample fraction f > 0, once certified, R1 grows in one more round to f times the sample
 * size IMM itself would draw: theta_max with the certified lower bound on the spread in place of
 * the worst-case bound on OPT (Tang, Shi & Xiao 2015, their lambda* / LB). The guarantee is
 * re-certified on the new seeds (that round is in the union bound), which are chosen on more
 * samples: f = 1 is quality mode, as many as IMM.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clout/plan.h"
#include "lib/plan/rrset.h"
#include "lib/plan/select.h"
#include "util/banned.h"

#define STREAM_SELECT 1
#define STREAM_VALIDATE 2

void clout_plan_result_free(clout_plan_result *r)
{
	if (!r)
		return;
	free(r->picks);
	free(r);
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The most nodes any affordable set can hold (cheapest first), among nodes accepted by keep. */
static int max_affordable(const double *costs, uint32_t n, const uint8_t *keep, double budget, uint64_t *out)
{
	double *sorted, spent = 0;
	uint64_t count = 0, k = 0;
	if (!costs) {
		uint64_t eligible = keep ? 0 : n;
		for (uint32_t v = 0; keep && v < n; v++)
			eligible += keep[v] != 0;
		k = (uint64_t)floor(budget + 1e-9);
		*out = k < eligible ? k : eligible;
		return 0;
	}
	if (!(sorted = malloc((n ? n : 1) * sizeof(*sorted))))
		return CLOUT_ENOMEM;
	for (uint32_t v = 0; v < n; v++)
		if (costs[v] >= 0 && (!keep || keep[v]))
			sorted[count++] = costs[v];
	qsort(sorted, count, sizeof(*sorted), compare_double);
	for (uint64_t i = 0; i < count && spent + sorted[i] <= budget + 1e-9; i++) {
		spent += sorted[i];
		k++;
	}
	free(sorted);
	*out = k;
	return 0;
}

static double log_choose(double n, double k)
{
	if (k <= 0 || k >= n)
		return 0;
	return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
}

/* Sizes of R2 per round come from a grid fixed in advance, GRID_STEPS sizes per doubling, so that
 * the union bound covers every size a round may have, whichever the rounds pick. */
#define GRID_STEPS 4

/* Size step of the grid from theta_0 to theta_max (step last is theta_max). */
static uint64_t grid_size(double theta_0, double theta_max, uint64_t step, uint64_t last)
{
	double size = step >= last ? theta_max : theta_0 * exp2((double)step / GRID_STEPS);
	return (uint64_t)ceil(size < theta_max ? size : theta_max);
}

typedef struct plan_state {
	const clout_graph *g;
	const clout_plan_options *o;
	uint32_t *roots;
	uint32_t root_count;
	clout_rr_sets r1, r2;
	clout_selection sel;
	clout_select_work work;
} plan_state;

static int check_options(const clout_graph *g, const clout_plan_options *o, clout_error *err)
{
	if (!o || o->version != CLOUT_PLAN_OPTIONS_VERSION)
		return clout_error_set(err, CLOUT_EINVAL, "plan options of an unknown version");
	if (!(o->budget > 0) || isinf(o->budget))
		return clout_error_set(err, CLOUT_EINVAL, "budget %g must be a positive number", o->budget);
	if (!(o->epsilon > 0 && o->epsilon < 1))
		return clout_error_set(err, CLOUT_EINVAL, "epsilon %g is not in (0, 1)", o->epsilon);
	if (o->delta >= 1 || o->delta != o->delta)
		return clout_error_set(err, CLOUT_EINVAL, "delta %g is not in (0, 1)", o->delta);
	if (!clout_graph_node_count(g))
		return clout_error_set(err, CLOUT_EINVAL, "the graph is empty");
	if (o->costs) {
		double cheapest = INFINITY;
		for (uint32_t v = 0; v < clout_graph_node_count(g); v++)
			if (o->costs[v] >= 0 && o->costs[v] < cheapest)
				cheapest = o->costs[v];
		if (isinf(cheapest))
			return clout_error_set(err, CLOUT_EINVAL, "no node has a cost: nothing can be chosen");
		if (cheapest > o->budget)
			return clout_error_set(err, CLOUT_EBADDATA, "budget %g is below every cost (the cheapest is %g)",
				o->budget, cheapest);
	} else if (o->budget < 1) {
		return clout_error_set(err, CLOUT_EINVAL, "budget %g is below the unit cost of a seed", o->budget);
	}
	return 0;
}

static int fill_result(clout_plan_result **out, plan_state *st, double scale1)
{
	clout_plan_result *r = calloc(1, sizeof(*r));
	if (!r || !(r->picks = calloc(st->sel.count ? st->sel.count : 1, sizeof(*r->picks)))) {
		free(r);
		return CLOUT_ENOMEM;
	}
	for (uint32_t i = 0; i < st->sel.count; i++) {
		uint32_t v = st->sel.nodes[i];
		r->picks[i].node = v;
		r->picks[i].marginal_gain = (double)st->sel.gains[i] * scale1;
		r->picks[i].cost = st->o->costs ? st->o->costs[v] : 1.0;
		r->total_cost += r->picks[i].cost;
	}
	r->pick_count = st->sel.count;
	*out = r;
	return 0;
}

int clout_plan_run(clout_plan_result **out, const clout_graph *g, const clout_plan_options *o, clout_error *err)
{
	plan_state st;
	clout_rr_sampler sampler;
	uint32_t n = clout_graph_node_count(g);
	double N, delta, rho, epsilon, log_sets, theta_max, theta_0, a;
	uint64_t k_max, opt_lower, i_max, theta, theta1 = 0;
	double log_sets_imm;
	bool quality_done = false;
	double lower = 0, upper = 0, alpha = 0, scale1 = 0, spread = 0, best_lower = 0;
	bool met = false, early = false;
	unsigned round = 0;
	uint64_t step = 0, grid_last;
	int rc;
	*out = NULL;
	memset(&st, 0, sizeof(st));
	memset(&sampler, 0, sizeof(sampler));
	clout__rr_sets_init(&st.r1, STREAM_SELECT);
	clout__rr_sets_init(&st.r2, STREAM_VALIDATE);
	if ((rc = check_options(g, o, err)) < 0)
		return rc;
	st.g = g;
	st.o = o;
	if (o->target) {
		if (!(st.roots = malloc(n * sizeof(*st.roots))))
			return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		for (uint32_t v = 0; v < n; v++)
			if (o->target[v])
				st.roots[st.root_count++] = v;
		if (!st.root_count) {
			rc = clout_error_set(err, CLOUT_EINVAL, "the target audience has no node in the graph");
			goto done;
		}
	}
	N = o->target ? (double)st.root_count : (double)n;
	delta = o->delta > 0 ? o->delta : 1.0 / (double)n;
	epsilon = o->epsilon;
	rho = o->costs ? 0.5 : 1.0 - exp(-1.0);
	if ((rc = max_affordable(o->costs, n, NULL, o->budget, &k_max)) < 0 ||
		(rc = max_affordable(o->costs, n, o->target, o->budget, &opt_lower)) < 0) {
		rc = clout_error_set(err, rc, "out of memory");
		goto done;
	}
	if (k_max < 1)
		k_max = 1;
	if (opt_lower < 1)
		opt_lower = 1; /* the optimum reaches at least one target node in expectation... or we cannot tell */
	/* ln of the number of feasible seed sets: at most sum_{j <= k} C(n, j) <= (k + 1) C(n, k) for k <= n/2 */
	log_sets_imm = log_choose((double)n, (double)(k_max < n / 2 ? k_max : n / 2));
	log_sets = log_sets_imm + log((double)k_max + 1);
	if (o->costs)
		log_sets_imm = log_sets;
	{
		double x = rho * sqrt(log(6.0 / delta)) + sqrt(rho * (log_sets + log(6.0 / delta)));
		theta_max = 2.0 * N * x * x / (epsilon * epsilon * (double)opt_lower);
		theta_0 = 2.0 * x * x;
		if (theta_0 > theta_max)
			theta_0 = theta_max;
		if (theta_0 < 1)
			theta_0 = 1;
	}
	/* the sizes a round may have: GRID_STEPS per doubling from theta_0 up to theta_max */
	grid_last = (uint64_t)ceil(GRID_STEPS * log2(theta_max / theta_0));
	i_max = grid_last + 1;
	/* the union bound spans every size of the grid (a round may skip some), and quality mode's
	 * extra round when there is one */
	a = log(3.0 * (double)(i_max + (o->sample_fraction > 0 ? 1 : 0)) / delta);
	clout_graph_csr_get(g, &sampler.graph);
	sampler.model = o->model;
	sampler.roots = st.roots;
	sampler.root_count = st.root_count;
	sampler.seed = o->seed;
	sampler.threads = o->threads;
	theta = grid_size(theta_0, theta_max, 0, grid_last);
	for (round = 1;; round++) {
		bool last = step >= grid_last || (double)theta >= theta_max;
		if (o->max_rr_sets && theta * 2 >= o->max_rr_sets) {
			theta = o->max_rr_sets / 2 ? o->max_rr_sets / 2 : 1;
			last = true;
		}
		if (theta1 < theta)
			theta1 = theta;
		if ((rc = clout__rr_sets_extend(&st.r1, &sampler, theta1, err)) < 0 ||
			(rc = clout__rr_sets_extend(&st.r2, &sampler, theta, err)) < 0)
			goto done;
		if (o->progress && o->progress(o->progress_ctx, st.r1.count + st.r2.count, (uint64_t)(2 * theta_max))) {
			rc = clout_error_set(err, CLOUT_EINVAL, "planning stopped");
			goto done;
		}
		clout__selection_release(&st.sel);
		if ((rc = clout__select(&st.sel, &st.work, &st.r1, n, o->costs, o->budget)) < 0) {
			rc = clout_error_set(err, rc, "out of memory selecting seeds");
			goto done;
		}
		uint64_t covered2;
		if ((rc = clout__coverage(&covered2, &st.work, &st.r2, n, st.sel.nodes, st.sel.count)) < 0) {
			rc = clout_error_set(err, rc, "out of memory");
			goto done;
		}
		double t1 = (double)st.r1.count, t2 = (double)st.r2.count, c2 = (double)covered2;
		double lo = sqrt(c2 + 2.0 * a / 9.0) - sqrt(a / 2.0);
		lower = (lo > 0 ? lo * lo - a / 18.0 : 0) * N / t2;
		if (lower < 0)
			lower = 0;
		double hi = sqrt(st.sel.upper_bound + a / 2.0) + sqrt(a / 2.0);
		upper = hi * hi * N / t1;
		alpha = upper > 0 ? lower / upper : 0;
		scale1 = N / t1;
		spread = c2 * N / t2;
		if (lower > best_lower)
			best_lower = lower;
		if (alpha >= rho - epsilon && o->sample_fraction > 0 && !quality_done) {
			/* IMM's sample size with the certified lower bound as its estimate of OPT */
			double l = log(1.0 / delta), lb = best_lower > (double)opt_lower ? best_lower : (double)opt_lower;
			double x = rho * sqrt(l + log(2.0)) + sqrt(rho * (log_sets_imm + l + log(2.0)));
			double theta_imm = 2.0 * N * x * x / (epsilon * epsilon * lb) * (o->sample_fraction < 1 ? o->sample_fraction : 1);
			quality_done = true;
			if (theta_imm > theta_max)
				theta_imm = theta_max;
			if ((double)st.r1.count < theta_imm && !(o->max_rr_sets && (uint64_t)theta_imm + st.r2.count > o->max_rr_sets)) {
				theta1 = (uint64_t)ceil(theta_imm);
				continue; /* one more round: R1 grows to theta_imm, R2 stays */
			}
		}
		if (alpha >= rho - epsilon) {
			met = true;
			early = !((double)st.r1.count >= theta_max);
			break;
		}
		if (last) {
			/* theta_max sets: IMM's worst-case argument gives rho - epsilon */
			met = (double)st.r1.count >= theta_max;
			break;
		}
		/* the next size: past R1's, then the first that the bounds, were the coverage fractions
		 * of this round to hold, would certify; at most the first at twice R1's (OPIM-C's
		 * doubling) */
		{
			double base = (double)(theta1 > theta ? theta1 : theta), f2 = c2 / t2, f1 = st.sel.upper_bound / t1;
			step++;
			while (step < grid_last && (double)grid_size(theta_0, theta_max, step, grid_last) <= base)
				step++;
			while (step < grid_last && (double)grid_size(theta_0, theta_max, step, grid_last) < 2.0 * base) {
				double size = (double)grid_size(theta_0, theta_max, step, grid_last);
				double l = sqrt(f2 * size + 2.0 * a / 9.0) - sqrt(a / 2.0), h = sqrt(f1 * size + a / 2.0) + sqrt(a / 2.0);
				if (l > 0 && (l * l - a / 18.0) / (h * h) >= rho - epsilon)
					break;
				step++;
			}
			theta = grid_size(theta_0, theta_max, step, grid_last);
			theta1 = theta;
		}
	}
	if ((rc = fill_result(out, &st, scale1)) < 0) {
		rc = clout_error_set(err, rc, "out of memory");
		goto done;
	}
	(*out)->budget = o->budget;
	(*out)->spread = spread;
	(*out)->spread_lower = lower;
	(*out)->optimum_upper = upper;
	(*out)->approximation = alpha;
	(*out)->worst_case_ratio = rho;
	(*out)->guarantee = rho - epsilon;
	(*out)->epsilon = epsilon;
	(*out)->delta = delta;
	(*out)->guarantee_met = met;
	(*out)->stopped_early = early;
	(*out)->rr_sets = st.r1.count + st.r2.count;
	(*out)->rr_set_entries = st.r1.entries + st.r2.entries;
	(*out)->rr_sets_worst_case = (uint64_t)ceil(theta_max);
	(*out)->rounds = round;
	(*out)->audience = N;
	(*out)->peak_bytes = (st.r1.nodes_cap + st.r2.nodes_cap) * sizeof(uint32_t) * 2 +
		(st.r1.offset_cap + st.r2.offset_cap) * sizeof(uint64_t);
	rc = 0;
done:
	clout__rr_sampler_release(&sampler);
	clout__selection_release(&st.sel);
	clout__select_work_release(&st.work);
	clout__rr_sets_release(&st.r1);
	clout__rr_sets_release(&st.r2);
	free(st.roots);
	return rc;
}
