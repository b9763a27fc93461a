/* cmd_discover.c: `clout discover`: rank accounts for a topic by relevance, reach and resonance. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/banned.h"

static void print_price(const clout_score_result *x, char *out, size_t size)
{
	char n[32];
	if (x->price < 0)
		snprintf(out, size, "-");
	else
		snprintf(out, size, "%s%s%s", x->currency[0] ? x->currency : "", x->currency[0] ? " " : "",
			cli_thousands((int64_t)(x->price + 0.5), n, sizeof(n)));
}

/* The filters that thin the list, for the footer and the empty-result message. */
static void describe_filters(const clout_score_query *q, const clout_score_results *r, char *out, size_t size)
{
	char n[32];
	size_t at = 0;
	at += (size_t)snprintf(out + at, size - at, "relevance >= %.2f", r->min_relevance);
	if (r->min_followers > 0 && at < size)
		at += (size_t)snprintf(out + at, size - at, ", at least %s followers", cli_thousands(r->min_followers, n, sizeof(n)));
	if (q->max_followers >= 0 && at < size)
		at += (size_t)snprintf(out + at, size - at, ", at most %s followers", cli_thousands(q->max_followers, n, sizeof(n)));
	if (r->langs[0] && at < size)
		at += (size_t)snprintf(out + at, size - at, ", language %s", r->langs);
	if (q->platform && at < size)
		at += (size_t)snprintf(out + at, size - at, ", platform %s", q->platform);
	if (q->country && at < size)
		at += (size_t)snprintf(out + at, size - at, ", country %s", q->country);
	if (q->tier && at < size)
		at += (size_t)snprintf(out + at, size - at, ", tier %s", q->tier);
	if (q->max_price >= 0 && at < size)
		at += (size_t)snprintf(out + at, size - at, ", price at most %.0f", q->max_price);
	if (q->exclude_flags && at < size)
		snprintf(out + at, size - at, ", flagged accounts excluded");
}

static void print_table(const clout_score_query *q, const clout_score_results *r)
{
	char filters[320];
	describe_filters(q, r, filters, sizeof(filters));
	if (r->count == 0) {
		printf("no account matches '%s' (%s).\n", q->topic, filters);
		if (r->candidates == 0)
			printf("no account%s%s uses the topic's words in its posts.\n", r->langs[0] ? " in " : "", r->langs);
		if (r->below_floor)
			printf("%zu account%s its words, but below the relevance floor %.2f: lower it with --min-relevance.\n",
				r->below_floor, r->below_floor == 1 ? " uses" : "s use", r->min_relevance);
		if (r->candidates > r->below_floor)
			printf("%zu account%s relevant enough but fail%s the filters above%s.\n", r->candidates - r->below_floor,
				r->candidates - r->below_floor == 1 ? " is" : "s are", r->candidates - r->below_floor == 1 ? "s" : "",
				r->min_followers > 0 ? " (--min-followers 0 lifts the audience floor)" : "");
		printf("topic terms: %s%s%s%s\n", r->terms, r->langs[0] ? " (searched in " : "", r->langs,
			r->langs[0] ? ")" : "");
		return;
	}
	printf("%-4s %-24s %-9s %-5s %11s %-4s %-4s %12s %6s  %4s %5s %5s  %5s %5s  %s\n", "rank", "account", "platform",
		"tier", "followers", "ctry", "lang", "price", "score", "rel", "reach", "reson", "eng%", "norm%", "flags");
	for (size_t i = 0; i < r->count; i++) {
		const clout_score_result *x = &r->items[i];
		char flags[96], who[80], followers[32], price[40];
		clout_vocab_flag_names(x->flags, flags, sizeof(flags));
		snprintf(who, sizeof(who), "%s%s", x->handle[0] ? "@" : "", x->handle[0] ? x->handle : x->ext_id);
		print_price(x, price, sizeof(price));
		printf("%-4zu %-24.24s %-9.9s %-5s %11s %-4s %-4s %12s %6.3f  %4.2f %5.2f %5.2f  %5.2f %5.2f  %s\n", i + 1, who,
			x->platform, x->tier, cli_thousands(x->followers, followers, sizeof(followers)), x->country[0] ? x->country : "-",
			x->lang[0] ? x->lang : "-", price, x->score, x->relevance, x->reach, x->resonance,
			100 * x->engagement_rate, 100 * x->engagement_norm, flags);
	}
	printf("\nrel: relevance of the account's own posts to the topic (1 = the best match). reach: audience, cadence\n"
	       "and views (0-1). reson: resonance, the median post's engagement (eng%%) against the norm for the\n"
	       "audience size (norm%%), and answers to commenters (0-1). price: per post, as stored.\n"
	       "flags: suspicious-growth (follower jumps engagement does not follow), engagement-anomaly (too high\n"
	       "and too regular: pods), dormant (no post in 90 days), viral-outlier (one post far above the rest),\n"
	       "negative-content (a quarter or more of its own posts read clearly negative: brand safety).\n");
	printf("\ntopic terms: %s", r->terms);
	if (r->langs[0])
		printf(" (searched in %s: %s)", r->langs, r->lang_reason);
	printf("\n");
	if (r->expansion[0])
		printf("associated terms: %s\n", r->expansion);
	printf("%zu shown of %zu account%s matched (%s)\n", r->count, r->matched, r->matched == 1 ? "" : "s", filters);
	printf("score = (%.2f relevance + %.2f reach + %.2f resonance) x flag penalty\n", r->w_relevance, r->w_reach,
		r->w_resonance);
}

static void print_csv(const clout_score_results *r)
{
	printf("rank,platform,id,handle,name,tier,followers,lang,country,price,currency,score,relevance,bm25_direct,bm25_indirect,"
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
		printf(",%s", x->currency);
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
		{ CLI_OPT_STRING, "lang", 'l', &q.lang, "CODES", "accounts in these languages (en, fr, or en,fr); default: the topic's language" },
		{ CLI_OPT_STRING, "campaign", 0, &q.campaign, "NAME", "people for this campaign: its languages bound --lang (default: them)" },
		{ CLI_OPT_STRING, "tier", 0, &q.tier, "TIER", "nano, micro, mid, macro or mega" },
		{ CLI_OPT_STRING, "country", 0, &q.country, "CODE", "only this country (ISO 3166 alpha-2)" },
		{ CLI_OPT_INT, "min-followers", 0, &q.min_followers, "N", "at least N followers (default 1000; 0: no floor)" },
		{ CLI_OPT_INT, "max-followers", 0, &q.max_followers, "N", "at most N followers" },
		{ CLI_OPT_DOUBLE, "max-price", 0, &q.max_price, "P", "price per post at most P (unpriced accounts pass)" },
		{ CLI_OPT_STRING, "exclude", 0, &exclude, "FLAGS", "drop flagged accounts: suspicious-growth,engagement-anomaly,dormant,viral-outlier,negative-content or all (all but viral-outlier)" },
		{ CLI_OPT_POS_INT, "limit", 'n', &limit, "N", "number of results (default 20)" },
		{ CLI_OPT_FRACTION, "min-relevance", 0, &q.min_relevance, "R", "relevance floor in [0, 1] (default 0.25)" },
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
		print_table(&q, &results);
	clout_score_results_release(&results);
done:
	clout_session_free(session);
	return rc;
}
