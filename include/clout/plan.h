/*
 * clout/plan.h: the roster optimizer: budgeted influence maximization on a clout_graph.
 *
 * clout_plan_run picks seeds (influencers) whose total cost fits a budget and whose expected
 * spread (distinct audience members reached under the IC or LT model, optionally only those in a
 * target audience) is within a stated factor of the best possible, with probability 1 - delta.
 *
 * How: reverse-reachable (RR) set sampling (Borgs et al. SODA 2014) with the online stopping rule
 * of OPIM-C (Tang et al. SIGMOD 2018): two independent collections of RR sets double each round;
 * the seeds are chosen greedily on the first; a lower bound on their spread comes from the second
 * and an upper bound on the optimum from the first; sampling stops as soon as their ratio reaches
 * the target (1 - 1/e - epsilon with uniform costs; 1/2 - epsilon with costs, the ratio of the
 * Greedy+Max rule of Yaroslavtsev, Zhou & Avdiukhin, AISTATS 2020), or at the IMM sample size
 * (Tang, Shi & Xiao, SIGMOD 2015) where the target holds in the worst case. RR sets under IC with
 * one probability per node skip failed arcs geometrically (SUBSIM, Guo et al. SIGMOD 2020).
 * See docs/plan.md.
 */
#ifndef CLOUT_PLAN_H
#define CLOUT_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "clout/common.h"
#include "clout/graph.h"
#include "clout/session.h"
#include "clout/score.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct clout_plan_options {
	unsigned version;
	clout_model model;
	double budget;          /* > 0 */
	const double *costs;    /* per node index: the cost of seeding it (> 0), or < 0 when the node
	                           cannot be chosen; NULL: every node costs 1 (budget k = k seeds) */
	const uint8_t *target;  /* per node: 1 if it counts toward the spread; NULL: every node counts */
	double epsilon;         /* in (0, 1); 0.1 by default */
	double delta;           /* failure probability in (0, 1); <= 0: 1 / node count */
	unsigned threads;       /* RR-set sampling threads; the result does not depend on it */
	uint64_t seed;
	uint64_t max_rr_sets;   /* 0: no cap beyond the IMM bound; else stop there (guarantee reported as met or not) */
	double sample_fraction; /* after the guarantee is certified, grow the selection sets to this fraction of
	                           the sample size IMM would use (its theta with the certified lower bound as
	                           its OPT estimate): 0 stops at once (pure OPIM-C), 1 is quality mode */
	clout_progress_fn progress; /* RR sets generated so far, and the worst-case total */
	void *progress_ctx;
} clout_plan_options;

#define CLOUT_PLAN_OPTIONS_VERSION 1
#define CLOUT_PLAN_OPTIONS_INIT \
	{ CLOUT_PLAN_OPTIONS_VERSION, CLOUT_MODEL_IC, 0, NULL, NULL, 0.1, 0, 1, 1, 0, 0, NULL, NULL }

typedef struct clout_plan_pick {
	uint32_t node;          /* graph node index */
	double marginal_gain;   /* estimated spread added by this pick, given the earlier ones */
	double cost;
} clout_plan_pick;

typedef struct clout_plan_result {
	clout_plan_pick *picks; /* in the order chosen */
	uint32_t pick_count;
	double total_cost, budget;
	double spread;          /* unbiased estimate of the seeds' expected spread (validation sets) */
	double spread_lower;    /* lower confidence bound on it */
	double optimum_upper;   /* upper confidence bound on the best feasible spread */
	double approximation;   /* certified ratio spread_lower / optimum_upper */
	double guarantee;       /* the ratio promised: worst_case_ratio - epsilon */
	double worst_case_ratio;/* 1 - 1/e (uniform costs) or 1/2 (costs) */
	double epsilon, delta;
	bool guarantee_met;     /* approximation >= guarantee, or the worst-case sample size was reached */
	bool stopped_early;     /* met by the online bound before the worst-case sample size */
	uint64_t rr_sets;       /* RR sets generated (both collections) */
	uint64_t rr_set_entries;/* their total size */
	uint64_t rr_sets_worst_case; /* per collection, from the IMM bound */
	unsigned rounds;
	double audience;        /* nodes that count toward the spread */
	uint64_t peak_bytes;    /* memory held by the RR sets and indexes at the end */
} clout_plan_result;

/* Runs the optimizer. Errors: CLOUT_EINVAL for bad options (a budget below every cost, epsilon or
 * delta out of range, an empty target), CLOUT_ENOMEM. Free the result with clout_plan_result_free. */
int clout_plan_run(clout_plan_result **out, const clout_graph *graph, const clout_plan_options *opts,
	clout_error *err);
void clout_plan_result_free(clout_plan_result *result);

/*
 * Costs from a CSV of "id,cost" lines (an "id,cost" header is allowed): *out is a malloc'd array
 * with one cost per graph node, -1 for nodes not listed (they cannot be chosen). Errors name the
 * place (CLOUT_EBADDATA): "path:line: unknown id 'x'", a negative, zero or missing cost, an id
 * listed twice. Keys go through resolve (NULL: integer ids).
 */
int clout_plan_read_costs(double **out, const clout_graph *graph, const char *path, clout_key_resolver resolve,
	void *ctx, clout_error *err);


/*
 * Costs from a rate card, a CSV of "platform,tier,cost" lines ("*" as platform matches any; a
 * header line is allowed). followers (per node; NULL: the node's out-degree in the graph, its
 * audience there) picks the tier, platforms (per node; NULL or NULL entries: any) the row. Nodes
 * with no matching row get -1. Errors name the place, as for clout_plan_read_costs.
 */
int clout_plan_rate_card_costs(double **out, const clout_graph *graph, const char *path, const int64_t *followers,
	const char *const *platforms, clout_error *err);

/* A rate card row given in memory: platform ("*": any), tier name, cost (> 0). */
typedef struct clout_plan_rate_row {
	const char *platform;
	const char *tier;
	double cost;
} clout_plan_rate_row;

/* As clout_plan_rate_card_costs, from rows[0..count) (at most 256). CLOUT_EINVAL names the row
 * ("rate_card: row 2: unknown tier 'x'"). */
int clout_plan_rate_rows_costs(double **out, const clout_graph *graph, const clout_plan_rate_row *rows, size_t count,
	const int64_t *followers, const char *const *platforms, clout_error *err);

/*
 * The forecast: from the expected reach, stated rates and their relative uncertainty, P10/P50/P90
 * of reached audience, engagements, clicks, conversions, revenue and ROI, by drawing each rate
 * from a log-normal distribution around its stated value (and the reach from a normal around its
 * estimate). Deterministic for a seed.
 */
typedef struct clout_forecast_rates {
	unsigned version;
	double engagement_rate;   /* engagements per reached member */
	double click_rate;        /* clicks per reached member */
	double conversion_rate;   /* conversions per click */
	double order_value;       /* revenue per conversion */
	double lifetime_factor;   /* extended revenue = revenue * lifetime_factor (customer lifetime value) */
	double uncertainty;       /* sigma of each rate's log-normal (0.3: about +-30%) */
	double reach_error;       /* relative standard error of the reach estimate */
	uint32_t draws;
	uint64_t seed;
} clout_forecast_rates;

#define CLOUT_FORECAST_RATES_VERSION 1
#define CLOUT_FORECAST_RATES_INIT \
	{ CLOUT_FORECAST_RATES_VERSION, 0.02, 0.01, 0.02, 50.0, 3.0, 0.3, 0.05, 10000, 1 }

typedef enum {
	CLOUT_FORECAST_REACH = 0,
	CLOUT_FORECAST_ENGAGEMENTS,
	CLOUT_FORECAST_CLICKS,
	CLOUT_FORECAST_CONVERSIONS,
	CLOUT_FORECAST_REVENUE,
	CLOUT_FORECAST_LIFETIME_REVENUE,
	CLOUT_FORECAST_ROI,
	CLOUT_FORECAST_METRICS
} clout_forecast_metric;

typedef struct clout_forecast {
	double p10[CLOUT_FORECAST_METRICS], p50[CLOUT_FORECAST_METRICS], p90[CLOUT_FORECAST_METRICS];
} clout_forecast;

/* The metric's name ("reach", "engagements", ...). */
const char *clout_plan_forecast_metric_name(clout_forecast_metric metric);

/* Forecasts from reach (expected audience reached) and cost (for ROI; 0: ROI is 0). */
int clout_plan_forecast(clout_forecast *out, double reach, double cost, const clout_forecast_rates *rates,
	clout_error *err);

/*
 * Costs from the store and a rate card: each node's audience is its account's follower count in
 * the session's store (else its out-degree in graph) and its platform the account's, then as
 * clout_plan_rate_card_costs. The graph must come from the session's store (node ids are account
 * ids). *out is malloc'd. Errors as clout_plan_rate_card_costs, on the session.
 */
int clout_plan_store_costs(double **out, clout_session *s, const clout_graph *graph, const char *rate_card_path);

/*
 * How node is shown: "platform:ext_id (@handle)" (or "platform:ext_id") for an account of the
 * session's store when s is non-NULL, else the node's id. Written into out (NUL-terminated).
 */
void clout_plan_node_label(clout_session *s, const clout_graph *graph, uint32_t node, char *out, size_t size);

/* What clout_plan_topic_costs_run found: the candidates and how each was costed. */
typedef struct clout_plan_topic_costs {
	char currency[8];      /* the costs' ISO 4217 code */
	size_t candidates;     /* accounts discovery ranked for the topic (at most the query's limit) */
	size_t matched;        /* accounts that matched the topic and filters in all */
	size_t priced;         /* candidates costed at their stored price in the currency */
	size_t rate_card;      /* candidates costed from the rate card (no stored price in the currency) */
	size_t other_currency; /* left out: priced in another currency only (prices are never converted) */
	size_t unpriced;       /* left out: no price, and no rate-card row */
	size_t not_in_graph;   /* left out: no edge in the graph */
} clout_plan_topic_costs;

/*
 * Costs for a plan over the accounts discovery ranks for query (the topic and its filters; up to
 * query->limit candidates): each candidate costs its stored price per post when that is in the
 * currency (NULL: the one currency the priced candidates share), else its rate-card price (the
 * card's costs are in the currency; rate_card_path NULL: none), else it is left out; every other
 * node gets -1 (cannot be chosen). The graph must come from the session's store. *out is
 * malloc'd; info says how the candidates were costed. CLOUT_EINVAL naming "currency" (unknown
 * code, or candidates priced in several currencies and none asked), or when no candidate can be
 * costed; the errors of clout_score_discover_run and clout_plan_store_costs. Errors on the session.
 */
int clout_plan_topic_costs_run(double **out, clout_plan_topic_costs *info, clout_session *s, const clout_graph *graph,
	const clout_score_query *query, const char *currency, const char *rate_card_path);

/* A store account as a plan shows it, in parts. */
typedef struct clout_plan_account {
	char platform[24], ext_id[72], handle[72]; /* handle "" when unknown */
	int64_t followers;                        /* -1 when unknown */
} clout_plan_account;

/* The account of the session's store that node stands for (the graph must come from the store).
 * 0, or CLOUT_ENOTFOUND when s is NULL or the node is no account of the store (out is then empty). */
int clout_plan_node_account(clout_session *s, const clout_graph *graph, uint32_t node, clout_plan_account *out);

/* A plan as reported: the result and what it was run with. */
typedef struct clout_plan_report {
	const clout_plan_result *result;
	const clout_graph *graph;
	const char *const *labels;      /* per pick, how the account is shown (clout_plan_node_label) */
	const char *cost_model;         /* "costs_file", "rate_card" or "uniform" */
	const char *model, *prob;       /* the diffusion model and arc probabilities, by name */
	int64_t threads, seed;
	bool quality;
	double load_seconds, plan_seconds;
	const clout_forecast *forecast; /* NULL when not asked */
	const clout_forecast_rates *rates;
	const clout_graph_overlap_result *overlap; /* the roster's audience overlap, or NULL */
	const char *currency;           /* the costs' currency, or NULL (costs without one) */
	const clout_plan_topic_costs *topic; /* the candidates of --topic, or NULL */
} clout_plan_report;

/*
 * The JSON of a plan ({"seeds":[{rank, id, marginal_gain, cost}], "budget", "total_cost",
 * "cost_model", "model", "prob", "spread", ..., "guarantee":{}, "rr_sets", ..., "seconds":{},
 * "forecast":{}, "overlap":{} when given}; docs/plan.md) as a NUL-terminated string ending in a newline, for the caller to
 * free(). CLOUT_ENOMEM.
 */
int clout_plan_report_json(char **out, const clout_plan_report *report, clout_error *err);

/* ---- the whole plan operation on the session's store (the JSON API's POST /api/v1/plan) ---- */

#define CLOUT_PLAN_REQUEST_VERSION 1

typedef struct clout_plan_request {
	unsigned version;
	double budget;                  /* > 0 */
	const char *kind;               /* the store's edge kind to plan on; NULL: every kind */
	const char *model, *prob;       /* NULL: "ic" and "wc" */
	/* costs: at most one of per-account costs (keys as clout_store_find_account reads them) and a
	 * rate card; neither: every account costs 1 */
	const char *const *cost_keys;
	const double *cost_values;
	size_t cost_count;
	const clout_plan_rate_row *rate_card;
	size_t rate_count;
	const char *const *target;      /* accounts that count as reached; NULL: everyone */
	size_t target_count;
	double epsilon;                 /* (0, 1) */
	uint64_t seed;
	unsigned threads;
	uint64_t max_rr_sets;           /* 0: no cap */
	double sample_fraction;         /* [0, 1] */
	bool forecast;
	clout_forecast_rates rates;
	bool overlap;                   /* also the roster's pairwise audience overlap */
} clout_plan_request;

#define CLOUT_PLAN_REQUEST_INIT { CLOUT_PLAN_REQUEST_VERSION, 0, NULL, NULL, NULL, NULL, NULL, 0, NULL, 0, NULL, 0, \
	0.1, 1, 1, 0, 0.03, true, CLOUT_FORECAST_RATES_INIT, true }

/* What clout_plan_store_run made: the plan, how it ran, and its forecast and overlap. */
typedef struct clout_plan_outcome {
	clout_graph *graph;
	clout_plan_result *result;
	char **labels;                  /* per pick */
	const char *cost_model;         /* "costs", "rate_card" or "uniform" */
	const char *model, *prob;       /* as asked (static or borrowed from the request) */
	clout_forecast forecast;
	bool has_forecast;
	clout_forecast_rates rates;
	clout_graph_overlap_result overlap;
	bool has_overlap;
	int64_t threads, seed;
	double load_seconds, plan_seconds;
	/* set by clout_plan_graph_run only */
	double *costs;                  /* per node (NULL: uniform), as planned on */
	clout_plan_topic_costs topic;   /* with opts->topic: how the candidates were costed */
	bool has_topic;
	const char *currency;           /* the costs' currency (opts->currency or the topic's), or NULL */
} clout_plan_outcome;

/*
 * Plans on the session's store: builds the graph of its workspace's edges (of req->kind), the
 * costs, the target, runs clout_plan_run, and the forecast and the roster's overlap when asked.
 * Errors name the request's field first ("costs: no account 'x'", "target: ...", "budget ...",
 * "model: ...", "rate_card: row 2: ..."): CLOUT_EINVAL or CLOUT_EBADDATA for bad input,
 * CLOUT_ENOTFOUND when the workspace has no edges of that kind. Release out with
 * clout_plan_outcome_release (also after a failure). Errors on the session.
 */
int clout_plan_store_run(clout_session *s, const clout_plan_request *req, clout_plan_outcome *out);
void clout_plan_outcome_release(clout_plan_outcome *outcome);

/* ---- the whole plan operation as `clout plan` runs it: from an edge list or the session's store ---- */

typedef struct clout_plan_graph_options {
	unsigned version;
	clout_graph_input graph;        /* the graph: a file (the session may have no store) or the store's */
	clout_plan_options plan;        /* costs and target are the operation's; delta <= 0: 1 / node count */
	/* costs: at most one of a costs file (clout_plan_read_costs), a rate card file (with the store's
	 * graph: clout_plan_store_costs, else clout_plan_rate_card_costs) and topic; none: uniform */
	const char *costs_path, *rate_card_path;
	const clout_score_query *topic; /* candidates of discovery at their stored prices (the store's graph;
	                                   rate_card_path then prices the unpriced), see clout_plan_topic_costs_run */
	const char *currency;           /* with topic: the costs' currency (NULL: the candidates' one) */
	const char *target_path;        /* a node list of the accounts that count as reached; NULL: everyone */
	bool forecast;
	clout_forecast_rates rates;     /* its seed is plan.seed */
	void (*loaded)(void *ctx);      /* called once the graph, costs and target are read, before planning */
	void *loaded_ctx;
} clout_plan_graph_options;

#define CLOUT_PLAN_GRAPH_OPTIONS_VERSION 1
#define CLOUT_PLAN_GRAPH_OPTIONS_INIT { CLOUT_PLAN_GRAPH_OPTIONS_VERSION, CLOUT_GRAPH_INPUT_INIT, \
	CLOUT_PLAN_OPTIONS_INIT, NULL, NULL, NULL, NULL, NULL, true, CLOUT_FORECAST_RATES_INIT, NULL, NULL }

/*
 * Plans as `clout plan` does: loads the graph (opts->graph), the costs, the target, runs
 * clout_plan_run and the forecast when asked. out->graph, result, costs, forecast, topic,
 * currency, load and plan seconds are set (not labels or overlap). Errors name the place
 * ("costs.csv:3: unknown id '42'", "g.txt:2: ...", "this session has no store"), on the session.
 * Release out with clout_plan_outcome_release (also after a failure).
 */
int clout_plan_graph_run(clout_session *s, const clout_plan_graph_options *opts, clout_plan_outcome *out);

/*
 * The whole overlap operation on the session's store: the audience overlap of the accounts
 * keys[0..count) (as clout_store_find_account reads them; 2 .. 64 of them) in the graph of the
 * workspace's edges of kind (NULL: "follow"). CLOUT_EBADDATA ("ids: no account 'x'") for an
 * unknown account, CLOUT_EINVAL for a bad count. Release out with
 * clout_graph_overlap_result_release. Errors on the session.
 */
int clout_plan_overlap_run(clout_session *s, const char *kind, const char *const *keys, uint32_t count,
	clout_graph_overlap_result *out);

/* The JSON of an outcome: clout_plan_report_json's document. */
int clout_plan_outcome_json(char **out, const clout_plan_outcome *outcome, clout_error *err);

#ifdef __cplusplus
}
#endif
#endif
