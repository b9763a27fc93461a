/*
 * cmd_plan.c: `clout plan`: the roster optimizer. Parses the options, runs clout_plan_graph_run
 * (the graph from an edge-list file or the store, the costs, the target, the optimizer, the
 * forecast) and prints the chosen accounts, the spread estimate, the guarantee met, the RR sets
 * used, the time taken and the forecast.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli/cli.h"
#include "cli/commands.h"
#include "clout/convert.h"
#include "util/banned.h"

typedef struct plan_cli {
	cli_graph_opts graph;
	clout_score_query q;         /* --topic and the discovery filters */
	const char *topic, *currency, *exclude;
	clout_plan_topic_costs topic_info;
	const char *model_name, *prob_name, *costs_path, *rate_card_path;
	const char *target_path, *delta_text, *format_name, *seeds_out;
	bool uniform_cost, no_forecast, low_memory, quality, quiet;
	double budget, epsilon, sample_fraction;
	int64_t threads, seed, max_rr_sets;
	clout_forecast_rates rates;
} plan_cli;

/* --delta: a probability, or "1/n" (the default), which the plan operation reads as 0. */
static int parse_delta(const char *text, double *out)
{
	char *end;
	if (!text || !strcmp(text, "1/n")) {
		*out = 0;
		return 0;
	}
	*out = strtod(text, &end);
	if (end == text || *end || !(*out > 0 && *out < 1)) {
		fprintf(stderr, "clout plan: --delta '%s' must be in (0, 1) or '1/n'\n", text);
		return -1;
	}
	return 0;
}

/* How an account is shown: "platform:ext_id" (and @handle) from the store, else the node id. */
static void node_label(plan_cli *c, const clout_graph *g, uint32_t node, char *out, size_t size)
{
	clout_plan_node_label(c->graph.session, g, node, out, size);
}

/* The forecast's quantiles; ROI only when the roster has a price (uniform cost has none). */
static void print_forecast(const plan_cli *c, const clout_forecast *fc)
{
	bool priced = c->topic || c->costs_path || c->rate_card_path;
	printf("\nforecast (engagement rate %.3g, click rate %.3g, conversion rate %.3g, order value %.6g, "
	       "lifetime factor %.3g, uncertainty %.2g)\n",
		c->rates.engagement_rate, c->rates.click_rate, c->rates.conversion_rate, c->rates.order_value,
		c->rates.lifetime_factor, c->rates.uncertainty);
	printf("%-18s %14s %14s %14s\n", "", "P10", "P50", "P90");
	for (int m = 0; m < CLOUT_FORECAST_METRICS; m++) {
		if (m == CLOUT_FORECAST_ROI && !priced)
			continue;
		printf("%-18s %14.2f %14.2f %14.2f\n", clout_plan_forecast_metric_name((clout_forecast_metric)m), fc->p10[m],
			fc->p50[m], fc->p90[m]);
	}
	if (!priced)
		printf("(no ROI: with uniform cost the roster has no price; give --topic, --costs or --rate-card)\n");
}

/* cost as money in the plan's currency ("EUR 1,250.00"), else as a number. */
static void format_cost(const plan_cli *c, double cost, char *out, size_t size)
{
	char whole[32], minor_text[48];
	int exponent = c->currency ? clout_convert_currency_exponent(c->currency) : -1;
	if (exponent < 0) {
		snprintf(out, size, "%.6g", cost);
		return;
	}
	int64_t scale = 1, minor;
	for (int i = 0; i < exponent; i++)
		scale *= 10;
	minor = (int64_t)llround(cost * (double)scale);
	clout_convert_money_format(minor_text, sizeof(minor_text), minor, c->currency);
	cli_thousands(minor / scale, whole, sizeof(whole));
	/* the whole part with separators, then the decimals clout_convert_money_format wrote */
	const char *point = strchr(minor_text, '.');
	snprintf(out, size, "%s %s%s", c->currency, whole, point ? point : "");
}

static int print_json(plan_cli *c, const clout_graph *g, const clout_plan_result *r, const clout_forecast *fc,
	double load_seconds, double plan_seconds)
{
	char label[256];
	const char *cost_kind = c->topic ? "topic_prices" : c->costs_path ? "costs_file" : c->rate_card_path ? "rate_card" : "uniform";
	clout_plan_report rep = { r, g, NULL, cost_kind, c->model_name, c->prob_name, c->threads, c->seed, c->quality,
		load_seconds, plan_seconds, fc, &c->rates, NULL, c->currency, c->topic ? &c->topic_info : NULL };
	char **labels = calloc(r->pick_count ? r->pick_count : 1, sizeof(*labels)), *json = NULL;
	clout_error err = { 0 };
	int rc = labels ? 0 : clout_error_set(&err, CLOUT_ENOMEM, "out of memory");
	for (uint32_t i = 0; rc == 0 && i < r->pick_count; i++) {
		node_label(c, g, r->picks[i].node, label, sizeof(label));
		if (!(labels[i] = strdup(label)))
			rc = clout_error_set(&err, CLOUT_ENOMEM, "out of memory");
	}
	rep.labels = (const char *const *)labels;
	if (rc == 0)
		rc = clout_plan_report_json(&json, &rep, &err);
	for (uint32_t i = 0; labels && i < r->pick_count; i++)
		free(labels[i]);
	free(labels);
	return cli_print_json("plan", rc, json, &err);
}

/* The roster, one account a line: who (in parts, for a store graph), its cost, its gains. Returns the
 * roster's followers in all (-1 when not known). */
static int64_t print_roster(plan_cli *c, const clout_graph *g, const clout_plan_result *r)
{
	double cumulative = 0;
	int64_t followers_total = c->graph.session ? 0 : -1;
	printf("%-4s %-24s %-9s %11s %16s %13s %12s\n", "rank", "account", "platform", "followers", "cost", "marginal gain",
		"cumulative");
	for (uint32_t i = 0; i < r->pick_count; i++) {
		clout_plan_account a;
		char who[80], followers[32], cost[64];
		if (clout_plan_node_account(c->graph.session, g, r->picks[i].node, &a) == 0) {
			snprintf(who, sizeof(who), "%s%s", a.handle[0] ? "@" : "", a.handle[0] ? a.handle : a.ext_id);
			cli_thousands(a.followers, followers, sizeof(followers));
			if (a.followers >= 0 && followers_total >= 0)
				followers_total += a.followers;
		} else {
			snprintf(who, sizeof(who), "%lld", (long long)clout_graph_node_id(g, r->picks[i].node));
			snprintf(a.platform, sizeof(a.platform), "-");
			snprintf(followers, sizeof(followers), "-");
		}
		format_cost(c, r->picks[i].cost, cost, sizeof(cost));
		cumulative += r->picks[i].marginal_gain;
		printf("%-4u %-24.24s %-9.9s %11s %16s %13.1f %12.1f\n", i + 1, who, a.platform, followers, cost,
			r->picks[i].marginal_gain, cumulative);
	}
	return followers_total;
}

/* Where the candidates of --topic came from and which were left out. */
static void print_candidates(const plan_cli *c)
{
	const clout_plan_topic_costs *t = &c->topic_info;
	char matched[32];
	printf("candidates: the best %zu of %s %s discovery matched for '%s'; %zu at %s stored price in %s", t->candidates,
		cli_thousands((int64_t)t->matched, matched, sizeof(matched)), cli_plural(t->matched, "account", "accounts"),
		c->q.topic, t->priced,
		t->priced == 1 ? "its" : "their", t->currency);
	if (t->rate_card)
		printf(", %zu from the rate card", t->rate_card);
	if (t->other_currency + t->unpriced + t->not_in_graph)
		printf("; left out: %zu unpriced, %zu priced in another currency only (never converted), %zu outside the graph",
			t->unpriced, t->other_currency, t->not_in_graph);
	printf("\n");
}

/* Prints the plan; returns 0 or an exit status after an error. */
static int print_result(plan_cli *c, cli_format format, const clout_graph *g, const clout_plan_result *r,
	const clout_forecast *fc, double load_seconds, double plan_seconds)
{
	char label[256], budget[64], spent[64], n[32];
	const char *cost_text = c->topic ? "stored prices" : c->costs_path ? "costs from --costs" :
				c->rate_card_path ? "costs from --rate-card" : "uniform cost 1";
	int64_t followers_total;
	if (format == CLI_FORMAT_JSON)
		return print_json(c, g, r, fc, load_seconds, plan_seconds);
	if (format == CLI_FORMAT_CSV) {
		printf("rank,id,handle,marginal_gain,cost,currency\n");
		for (uint32_t i = 0; i < r->pick_count; i++) {
			clout_plan_account a;
			bool known = clout_plan_node_account(c->graph.session, g, r->picks[i].node, &a) == 0;
			node_label(c, g, r->picks[i].node, label, sizeof(label));
			label[strcspn(label, " ")] = '\0';
			printf("%u,", i + 1);
			cli_csv_field(stdout, label);
			putchar(',');
			cli_csv_field(stdout, known ? a.handle : "");
			printf(",%.3f,%.6g,%s\n", r->picks[i].marginal_gain, r->picks[i].cost, c->currency ? c->currency : "");
		}
		return 0;
	}
	followers_total = print_roster(c, g, r);
	printf("(marginal gains are counted on the RR sets the roster was chosen on, which favour it; the estimated\n"
	       " spread below comes from independent RR sets, so the last cumulative gain may exceed it)\n");
	format_cost(c, r->budget, budget, sizeof(budget));
	format_cost(c, r->total_cost, spent, sizeof(spent));
	printf("\nbudget %s, spent %s (%s); %u %s\n", budget, spent, cost_text, r->pick_count,
		cli_plural(r->pick_count, "seed", "seeds"));
	if (c->topic)
		print_candidates(c);
	printf("estimated spread %.1f of the %s %s in the graph (lower bound %.1f; no roster within budget exceeds %.1f)\n",
		r->spread, cli_thousands((int64_t)r->audience, n, sizeof(n)), c->graph.session ? "accounts" : "nodes",
		r->spread_lower, r->optimum_upper);
	if (followers_total >= 0)
		printf("(only accounts the store holds count as reached; the roster's own audiences add up to %s followers,\n"
		       " most of whom the store does not hold)\n", cli_thousands(followers_total, n, sizeof(n)));
	printf("guarantee: %s: certified ratio %.4f against a target of %.4f (%s - epsilon %.3g), probability >= 1 - %.3g%s\n",
		r->guarantee_met ? "met" : "NOT met", r->approximation, r->guarantee,
		r->worst_case_ratio > 0.6 ? "1 - 1/e" : "1/2", r->epsilon, r->delta,
		r->guarantee_met && !r->stopped_early ? " (worst-case sample size reached)" : "");
	printf("RR sets: %llu in %u %s (%llu entries); time %.3f s (load %.3f s, plan %.3f s), %lld %s, seed %lld\n",
		(unsigned long long)r->rr_sets, r->rounds, cli_plural(r->rounds, "round", "rounds"),
		(unsigned long long)r->rr_set_entries, load_seconds + plan_seconds, load_seconds, plan_seconds,
		(long long)c->threads, cli_plural((uint64_t)c->threads, "thread", "threads"), (long long)c->seed);
	if (fc)
		print_forecast(c, fc);
	return 0;
}

static int write_seeds(plan_cli *c, const clout_graph *g, const clout_plan_result *r)
{
	FILE *f = fopen(c->seeds_out, "w");
	char label[256];
	if (!f) {
		fprintf(stderr, "clout plan: %s: cannot write: %s\n", c->seeds_out, strerror(errno));
		return EXIT_IOERR;
	}
	for (uint32_t i = 0; i < r->pick_count; i++) {
		if (c->graph.session) {
			node_label(c, g, r->picks[i].node, label, sizeof(label));
			label[strcspn(label, " ")] = '\0';
			fprintf(f, "%s\n", label);
		} else {
			fprintf(f, "%lld\n", (long long)clout_graph_node_id(g, r->picks[i].node));
		}
	}
	if (fclose(f) != 0) {
		fprintf(stderr, "clout plan: %s: write error\n", c->seeds_out);
		return EXIT_IOERR;
	}
	return 0;
}

/* The checks across options the parser cannot make; -1 after printing what is wrong. */
static int check_options(plan_cli *c)
{
	clout_error err = { 0 };
	if (c->topic && !c->graph.path)
		c->graph.from_store = true; /* the candidates and their prices are the store's */
	if (!c->graph.path == !c->graph.from_store) {
		fprintf(stderr, "clout plan: give exactly one of --graph FILE and --from-store%s\n",
			c->topic ? " (--topic plans on the store)" : "");
		return -1;
	}
	if (c->topic && (c->costs_path || c->uniform_cost)) {
		fprintf(stderr, "clout plan: --topic costs the candidates at their stored prices: no --costs or --uniform-cost\n");
		return -1;
	}
	c->q.topic = c->topic;
	if (c->exclude && clout_vocab_flags_parse(&c->q.exclude_flags, c->exclude, &err) < 0) {
		fprintf(stderr, "clout plan: --exclude: %s\n", err.message);
		return -1;
	}
	if (c->budget <= 0) {
		fprintf(stderr, "clout plan: --budget B is required (a positive number)\n");
		return -1;
	}
	if ((c->costs_path != NULL) + (c->rate_card_path != NULL) + c->uniform_cost > 1) {
		fprintf(stderr, "clout plan: give at most one of --costs, --rate-card and --uniform-cost\n");
		return -1;
	}
	if (c->threads > 256) {
		fprintf(stderr, "clout plan: --threads: '%lld' is more than 256\n", (long long)c->threads);
		return -1;
	}
	return 0;
}

/*
 * Every optimizer round allocates and frees arrays of node_count entries. By default
 * glibc serves each from a fresh mmap and unmaps it on free, so every round faults all its pages
 * in again: on a 256k-node graph that is over half of the planning time (page faults are dear in
 * a VM). Serving blocks up to glibc's largest threshold from the heap and not trimming it lets
 * later rounds reuse the pages; the peak (the high-water mark) stays the same.
 */
static void keep_freed_memory(void)
{
#ifdef __GLIBC__
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}

/* Once the graph, costs and target are read: the loading line ends, and freed memory is kept. */
static void loaded(void *ctx)
{
	cli_progress *progress = ctx;
	cli_progress_done(progress);
	progress->enabled = false; /* done: nothing more to draw or end */
	keep_freed_memory(); /* after loading: the loader's arrays are gone by now, its peak unchanged */
}

int cmd_plan(const cli_context *ctx, int argc, char **argv)
{
	plan_cli c;
	memset(&c, 0, sizeof(c));
	clout_forecast_rates rates_init = CLOUT_FORECAST_RATES_INIT;
	c.rates = rates_init;
	c.epsilon = 0.1;
	c.budget = -1;
	c.sample_fraction = 0.03;
	c.threads = sysconf(_SC_NPROCESSORS_ONLN) > 0 ? sysconf(_SC_NPROCESSORS_ONLN) : 1;
	c.seed = 1;
	clout_score_query q_init = CLOUT_SCORE_QUERY_INIT;
	c.q = q_init;
	c.q.limit = 100;
	int64_t candidates = 100;
	const cli_opt options[] = {
		CLI_OPT_GRAPH(&c.graph, "edge list (\"src dst [weight]\" lines, plain or gzip)",
			"store edge kind only (follow, retweet, mention, reply, ...)",
			"\"a b\" means b influences a (retweet, follow lists)"),
		{ CLI_OPT_FLAG, "low-memory", 0, &c.low_memory, NULL, "load with the least memory (parses the file twice)" },
		{ CLI_OPT_STRING, "model", 'm', &c.model_name, "MODEL", "diffusion model: ic (default) or lt" },
		{ CLI_OPT_STRING, "prob", 'p', &c.prob_name, "PROB", "arc probabilities: wc (default), uniform:P, trivalency, weights" },
		{ CLI_OPT_POS_DOUBLE, "budget", 'b', &c.budget, "B", "budget (with uniform cost: the number of seeds)" },
		{ CLI_OPT_STRING, "costs", 0, &c.costs_path, "FILE", "CSV of id,cost; unlisted accounts cannot be chosen" },
		{ CLI_OPT_STRING, "rate-card", 0, &c.rate_card_path, "FILE", "CSV of platform,tier,cost (tier by audience size)" },
		{ CLI_OPT_FLAG, "uniform-cost", 0, &c.uniform_cost, NULL, "every account costs 1 (the default)" },
		{ CLI_OPT_STRING, "topic", 0, &c.topic, "TEXT", "choose among the accounts discover ranks for TEXT, at their stored prices" },
		{ CLI_OPT_STRING, "currency", 0, &c.currency, "CODE", "the budget's currency (ISO 4217); prices in others are left out" },
		{ CLI_OPT_POS_INT, "candidates", 0, &candidates, "N", "with --topic: the best N of discovery (default 100)" },
		{ CLI_OPT_STRING, "lang", 0, &c.q.lang, "CODES", "with --topic: as discover --lang" },
		{ CLI_OPT_STRING, "platform", 0, &c.q.platform, "NAME", "with --topic: only this platform" },
		{ CLI_OPT_STRING, "tier", 0, &c.q.tier, "TIER", "with --topic: nano, micro, mid, macro or mega" },
		{ CLI_OPT_STRING, "country", 0, &c.q.country, "CODE", "with --topic: only this country" },
		{ CLI_OPT_INT, "min-followers", 0, &c.q.min_followers, "N", "with --topic: at least N followers (default 1000)" },
		{ CLI_OPT_INT, "max-followers", 0, &c.q.max_followers, "N", "with --topic: at most N followers" },
		{ CLI_OPT_FRACTION, "min-relevance", 0, &c.q.min_relevance, "R", "with --topic: relevance floor (default 0.25)" },
		{ CLI_OPT_STRING, "exclude", 0, &c.exclude, "FLAGS", "with --topic: drop flagged accounts (as discover --exclude)" },
		{ CLI_OPT_STRING, "target", 't', &c.target_path, "FILE", "only these accounts (one id a line) count as reached" },
		{ CLI_OPT_POS_DOUBLE, "epsilon", 'e', &c.epsilon, "EPS", "approximation slack (default 0.1)" },
		{ CLI_OPT_STRING, "delta", 0, &c.delta_text, "DELTA", "failure probability (default 1/n)" },
		{ CLI_OPT_POS_INT, "threads", 'j', &c.threads, "N", "sampling threads (default: all cores)" },
		{ CLI_OPT_INT, "seed", 's', &c.seed, "S", "random seed (default 1); same seed, same roster" },
		{ CLI_OPT_FLAG, "quality", 0, &c.quality, NULL, "after the guarantee holds, sample as many RR sets as IMM would" },
		{ CLI_OPT_FRACTION, "sample-fraction", 0, &c.sample_fraction, "F", "after certifying, select on F x IMM's RR sets (default 0.03; 0: stop at once)" },
		{ CLI_OPT_INT, "max-rr-sets", 0, &c.max_rr_sets, "N", "cap on RR sets (the guarantee may then be unmet)" },
		{ CLI_OPT_STRING, "seeds-out", 0, &c.seeds_out, "FILE", "also write the chosen ids, one a line" },
		{ CLI_OPT_FRACTION, "engagement-rate", 0, &c.rates.engagement_rate, "R", "forecast: engagements per reached member (0.02)" },
		{ CLI_OPT_FRACTION, "click-rate", 0, &c.rates.click_rate, "R", "forecast: clicks per reached member (0.01)" },
		{ CLI_OPT_FRACTION, "conversion-rate", 0, &c.rates.conversion_rate, "R", "forecast: conversions per click (0.02)" },
		{ CLI_OPT_DOUBLE, "order-value", 0, &c.rates.order_value, "V", "forecast: revenue per conversion (50)" },
		{ CLI_OPT_DOUBLE, "lifetime-factor", 0, &c.rates.lifetime_factor, "F", "forecast: lifetime revenue / first revenue (3)" },
		{ CLI_OPT_DOUBLE, "rate-uncertainty", 0, &c.rates.uncertainty, "S", "forecast: log-normal sigma of each rate (0.3)" },
		{ CLI_OPT_FLAG, "no-forecast", 0, &c.no_forecast, NULL, "skip the forecast" },
		CLI_OPT_QUIET(&c.quiet),
		CLI_OPT_FORMAT(&c.format_name),
		{ 0 },
	};
	const cli_command_spec spec = { "plan", "(--graph FILE | --from-store) --budget B [options]",
		"Choose the accounts that reach the most of the audience within a budget (budgeted influence\n"
		"maximization with a certified approximation guarantee).",
		options, 0, 0 };
	clout_plan_graph_options opts = CLOUT_PLAN_GRAPH_OPTIONS_INIT;
	clout_plan_outcome out;
	clout_session *session = NULL;
	clout_error err = { 0 };
	cli_format format;
	cli_progress progress;
	int rc = EXIT_OK;
	memset(&out, 0, sizeof(out));
	if (cli_parse_options(&spec, argc, argv, &rc))
		return rc;
	if (cli_parse_format("plan", c.format_name, &format) < 0)
		return EXIT_USAGE;
	c.q.limit = (size_t)candidates;
	if (check_options(&c) < 0)
		return EXIT_USAGE;
	if (clout_graph_prob_parse(c.prob_name, &opts.graph.prob, &opts.graph.uniform_p, &err) < 0 ||
		clout_graph_model_parse(c.model_name, &opts.plan.model, &err) < 0)
		return cli_fail("plan", &err);
	if ((rc = cli_graph_session("plan", ctx, &c.graph, &session, &opts.graph)) != 0)
		return rc;
	if (c.graph.from_store) { /* accounts are then shown and counted from the store */
		c.graph.session = session;
	}
	opts.graph.seed = (uint64_t)c.seed;
	opts.graph.load.low_memory = c.low_memory;
	opts.graph.load.threads = (unsigned)c.threads;
	cli_progress_init(&progress, "loading", NULL);
	opts.graph.load.progress = cli_progress_fn;
	opts.graph.load.progress_ctx = &progress;
	opts.costs_path = c.costs_path;
	opts.rate_card_path = c.rate_card_path;
	opts.topic = c.topic ? &c.q : NULL;
	opts.currency = c.currency;
	opts.target_path = c.target_path;
	opts.plan.budget = c.budget;
	opts.plan.epsilon = c.epsilon;
	opts.plan.threads = (unsigned)c.threads;
	opts.plan.seed = (uint64_t)c.seed;
	opts.plan.max_rr_sets = (uint64_t)c.max_rr_sets;
	opts.plan.sample_fraction = c.quality ? 1.0 : c.sample_fraction;
	opts.forecast = !c.no_forecast;
	opts.rates = c.rates;
	opts.loaded = loaded;
	opts.loaded_ctx = &progress;
	if (parse_delta(c.delta_text, &opts.plan.delta) < 0) {
		rc = EXIT_USAGE;
		goto done;
	}
	rc = clout_plan_graph_run(session, &opts, &out);
	cli_progress_done(&progress);
	if (rc < 0) {
		rc = cli_fail_session("plan", session);
		goto done;
	}
	if (out.has_topic)
		c.topic_info = out.topic;
	if (!c.currency && out.has_topic)
		c.currency = c.topic_info.currency;
	c.rates = out.rates;
	if (!c.quiet && (rc = print_result(&c, format, out.graph, out.result, out.has_forecast ? &out.forecast : NULL,
				  out.load_seconds, out.plan_seconds)) != 0)
		goto done;
	rc = c.seeds_out ? write_seeds(&c, out.graph, out.result) : EXIT_OK;
done:
	clout_plan_outcome_release(&out);
	clout_session_free(session);
	return rc;
}
