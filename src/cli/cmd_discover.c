/* cmd_discover.c: `clout discover`: rank accounts for a topic by relevance, reach and resonance. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/banned.h"

static void print_table(const clout_score_results *r)
{
	printf("%-4s %-26s %-10s %-6s %10s %-5s %6s  %5s %5s %5s  %6s %6s  %s\n", "rank", "account", "platform", "tier",
		"followers", "lang", "score", "rel", "reach", "reson", "eng%", "norm%", "flags");
	for (size_t i = 0; i < r->count; i++) {
		const clout_score_result *x = &r->items[i];
		char flags[96], who[80];
		clout_vocab_flag_names(x->flags, flags, sizeof(flags));
		snprintf(who, sizeof(who), "%s%s", x->handle[0] ? "@" : "", x->handle[0] ? x->handle : x->ext_id);
		printf("%-4zu %-26.26s %-10.10s %-6s %10lld %-5s %6.3f  %5.2f %5.2f %5.2f  %6.2f %6.2f  %s\n", i + 1, who,
			x->platform, x->tier, (long long)x->followers, x->lang, x->score, x->relevance, x->reach, x->resonance,
			100 * x->engagement_rate, 100 * x->engagement_norm, flags);
	}
	printf("\ntopic terms: %s\n", r->terms);
	if (r->expansion[0])
		printf("associated terms: %s\n", r->expansion);
	printf("%zu accounts matched; score = (0.5 relevance + 0.25 reach + 0.25 resonance) x flag penalty\n", r->candidates);
}

static void print_csv(const clout_score_results *r)
{
	printf("rank,platform,id,handle,name,tier,followers,lang,country,price,score,relevance,bm25_direct,bm25_indirect,"
	       "reach,audience,activity,views_score,posts_per_week,avg_views,resonance,engagement_rate,engagement_norm,"
	       "reply_rate,penalty,flags\n");
	for (size_t i = 0; i < r->count; i++) {
		const clout_score_result *x = &r->items[i];
		char flags[96];
		clout_vocab_flag_names(x->flags, flags, sizeof(flags));
		printf("%zu,%s,", i + 1, x->platform);
		cli_csv_field(stdout, x->ext_id);
		putchar(',');
		cli_csv_field(stdout, x->handle);
		putchar(',');
		cli_csv_field(stdout, x->name);
		printf(",%s,%lld,%s,%s,", x->tier, (long long)x->followers, x->lang, x->country);
		if (x->price >= 0)
			printf("%.2f", x->price);
		printf(",%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.3f,", x->score, x->relevance, x->bm25_direct,
			x->bm25_indirect, x->reach, x->audience, x->activity, x->views_score, x->posts_per_week);
		if (x->avg_views >= 0)
			printf("%.0f", x->avg_views);
		printf(",%.4f,%.5f,%.5f,%.4f,%.2f,\"%s\"\n", x->resonance, x->engagement_rate, x->engagement_norm,
			x->reply_rate, x->penalty, flags);
	}
}

int cmd_discover(const cli_context *ctx, int argc, char **argv)
{
	const char *db = NULL, *workspace = NULL, *output = NULL, *topic = NULL, *exclude = NULL;
	clout_score_query q = CLOUT_SCORE_QUERY_INIT;
	int64_t limit = 20;
	bool no_expansion = false;
	const cli_opt options[] = {
		CLI_OPT_DB(&db),
		CLI_OPT_WORKSPACE(&workspace),
		{ CLI_OPT_STRING, "topic", 't', &topic, "TEXT", "the brand or campaign topic (required)" },
		{ CLI_OPT_STRING, "platform", 'p', &q.platform, "NAME", "only this platform" },
		{ CLI_OPT_STRING, "lang", 'l', &q.lang, "CODE", "only accounts in this language (en, fr); stems the topic for it" },
		{ CLI_OPT_STRING, "tier", 0, &q.tier, "TIER", "nano, micro, mid, macro or mega" },
		{ CLI_OPT_STRING, "country", 0, &q.country, "CODE", "only this country (ISO 3166 alpha-2)" },
		{ CLI_OPT_INT, "min-followers", 0, &q.min_followers, "N", "at least N followers" },
		{ CLI_OPT_INT, "max-followers", 0, &q.max_followers, "N", "at most N followers" },
		{ CLI_OPT_DOUBLE, "max-price", 0, &q.max_price, "P", "price per post at most P (unpriced accounts pass)" },
		{ CLI_OPT_STRING, "exclude", 0, &exclude, "FLAGS", "drop flagged accounts: suspicious-growth,engagement-anomaly,dormant,negative-content or all" },
		{ CLI_OPT_INT, "limit", 'n', &limit, "N", "number of results (default 20)" },
		{ CLI_OPT_FLAG, "no-expansion", 0, &no_expansion, NULL, "no associated terms: the topic's own words only" },
		{ CLI_OPT_DOUBLE, "w-relevance", 0, &q.w_relevance, "W", "weight of relevance (default 0.5)" },
		{ CLI_OPT_DOUBLE, "w-reach", 0, &q.w_reach, "W", "weight of reach (default 0.25)" },
		{ CLI_OPT_DOUBLE, "w-resonance", 0, &q.w_resonance, "W", "weight of resonance (default 0.25)" },
		CLI_OPT_FORMAT(&output),
		{ 0 },
	};
	const cli_command_spec spec = { "discover", "--topic TEXT [options]",
		"Rank accounts for a topic by the three R's: relevance of their own posts (BM25 with stemming and\n"
		"associated terms), reach (audience, cadence, views) and resonance (engagement against the norm\n"
		"for their size, answers to commenters). Every score is shown with its parts.",
		options, 0, 0 };
	clout_session *session = NULL;
	clout_score_results results;
	clout_error err = { 0 };
	cli_format fmt;
	int rc;
	if (cli_parse_options(&spec, argc, argv, &rc))
		return rc;
	if (!topic) {
		fprintf(stderr, "clout discover: --topic is required\n");
		return EXIT_USAGE;
	}
	if (cli_parse_format("discover", output, &fmt) < 0)
		return EXIT_USAGE;
	if (limit <= 0) {
		fprintf(stderr, "clout discover: --limit must be positive\n");
		return EXIT_USAGE;
	}
	if (exclude && clout_vocab_flags_parse(&q.exclude_flags, exclude, &err) < 0) {
		fprintf(stderr, "clout discover: --exclude: %s\n", err.message);
		return EXIT_USAGE;
	}
	q.topic = topic;
	q.limit = (size_t)limit;
	q.no_expansion = no_expansion;
	if ((rc = cli_open_session("discover", ctx, db, workspace, false, &session)) != 0)
		return rc;
	if (clout_score_discover_run(session, &q, &results) < 0) {
		rc = cli_fail_session("discover", session);
		goto done;
	}
	if (results.index_stale)
		fprintf(stderr, "clout discover: warning: the store changed since the index was built; run `clout index`\n");
	if (fmt == CLI_FORMAT_JSON) {
		char *json;
		int wrc = clout_score_discover_json(&json, &results, &err);
		rc = cli_print_json("discover", wrc, json, &err);
	} else if (fmt == CLI_FORMAT_CSV)
		print_csv(&results);
	else
		print_table(&results);
	clout_score_results_release(&results);
done:
	clout_session_free(session);
	return rc;
}
