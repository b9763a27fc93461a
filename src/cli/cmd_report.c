/*
 * cmd_report.c: `clout report links`: clicks, unique and bot/prefetch clicks, conversions, the
 * conversion rate and revenue (net of refunds, per currency) by link, influencer or campaign,
 * under an attribution model; `clout report campaign NAME` and `clout report person PERSON`: every
 * figure of a campaign (or of a person across campaigns) against its KPI targets, with --share for
 * people outside the workspace. The JSON is the library's writer, the same as the server's.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/begin.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "clout/campaign.h"
#include "clout/convert.h"
#include "clout/report.h"
#include "util/banned.h"

/* Prints a library writer's JSON text on one line and frees it. */
static int print_json(const char *cmd, char *json)
{
	if (!json) {
		fprintf(stderr, "clout %s: out of memory\n", cmd);
		return EXIT_SOFTWARE;
	}
	printf("%s\n", json);
	free(json);
	return EXIT_OK;
}

static void print_csv(const clout_convert_report *r)
{
	printf("link,promo_code,influencer,campaign,day,clicks,unique_clicks,bot_clicks,prefetch_clicks,conversions,"
	       "conversion_rate,currency,revenue,refunded\n");
	for (size_t i = 0; i < r->count; i++) {
		const clout_convert_report_row *row = &r->rows[i];
		double rate = clout_convert_report_rate(row);
		char day[16] = "";
		if (row->day >= 0) {
			time_t t = (time_t)(row->day * 86400);
			struct tm tm;
			gmtime_r(&t, &tm);
			strftime(day, sizeof(day), "%Y-%m-%d", &tm);
		}
		/* one line per currency: amounts of different currencies are never added */
		for (size_t k = 0; k < (row->revenue_count ? row->revenue_count : 1); k++) {
			cli_csv_field(stdout, row->link ? row->link : "");
			putchar(',');
			cli_csv_field(stdout, row->promo_code ? row->promo_code : "");
			putchar(',');
			cli_csv_field(stdout, row->influencer ? row->influencer : "");
			putchar(',');
			cli_csv_field(stdout, row->campaign ? row->campaign : "");
			printf(",%s,%lld,%lld,%lld,%lld,%.4g,", day, (long long)row->clicks, (long long)row->unique_clicks,
				(long long)row->bot_clicks, (long long)row->prefetch_clicks, row->conversions);
			if (rate >= 0)
				printf("%.4f", rate);
			if (row->revenue_count) {
				char net[40], refunded[40];
				const clout_convert_revenue *rev = &row->revenue[k];
				printf(",%s,%s,%s\n", rev->currency,
					clout_convert_money_format(net, sizeof(net), rev->net_minor, rev->currency),
					clout_convert_money_format(refunded, sizeof(refunded), rev->refunded_minor, rev->currency));
			} else {
				printf(",,,\n");
			}
		}
	}
}

static void print_table(const clout_convert_report *r)
{
	printf("%-16s %-14s %-14s %-10s %7s %7s %6s %6s %8s %7s  %s\n", r->opts.group == CLOUT_GROUP_LINK ? "LINK/CODE"
		: r->opts.group == CLOUT_GROUP_INFLUENCER ? "INFLUENCER" : "CAMPAIGN", "INFLUENCER", "CAMPAIGN", "DAY", "CLICKS",
		"UNIQUE", "BOTS", "PREF", "CONV", "RATE", "REVENUE (net of refunds)");
	for (size_t i = 0; i < r->count; i++) {
		const clout_convert_report_row *row = &r->rows[i];
		const char *key = row->link ? row->link : row->promo_code ? row->promo_code
			: r->opts.group == CLOUT_GROUP_INFLUENCER ? row->influencer : row->campaign;
		double rate = clout_convert_report_rate(row);
		char day[16] = "-", rate_text[16] = "-";
		if (row->day >= 0) {
			time_t t = (time_t)(row->day * 86400);
			struct tm tm;
			gmtime_r(&t, &tm);
			strftime(day, sizeof(day), "%Y-%m-%d", &tm);
		}
		if (rate >= 0)
			snprintf(rate_text, sizeof(rate_text), "%.1f%%", rate * 100);
		printf("%-16s %-14s %-14s %-10s %7lld %7lld %6lld %6lld %8.2f %7s ", key ? key : "-",
			row->influencer ? row->influencer : "-", row->campaign ? row->campaign : "-", day, (long long)row->clicks,
			(long long)row->unique_clicks, (long long)row->bot_clicks, (long long)row->prefetch_clicks,
			row->conversions, rate_text);
		if (!row->revenue_count)
			printf(" -");
		for (size_t k = 0; k < row->revenue_count; k++) {
			char net[40];
			printf(" %s %s", clout_convert_money_format(net, sizeof(net), row->revenue[k].net_minor,
				row->revenue[k].currency), row->revenue[k].currency);
		}
		putchar('\n');
	}
	printf("\nmodel %s; conversions credited to links by click id, promo code, or the customer's clicks within "
	       "%lld days; bots, previews, prefetches and HEAD requests are not clicks; currencies are never added.\n",
		clout_convert_model_name(r->opts.model), (long long)(r->opts.window_s / 86400));
}

static int parse_day(const char *cmd, const char *what, const char *text, bool end, int64_t *out)
{
	clout_error err = { 0 };
	bool date_only;
	if (clout_convert_time_parse(out, text, &date_only, &err) < 0) {
		fprintf(stderr, "clout %s: --%s: %s\n", cmd, what, err.message + strlen("time: "));
		return -1;
	}
	if (end && date_only)
		*out += 86400000; /* --to 2026-11-20 includes that day */
	return 0;
}

static int report_links(const cli_context *ctx, int argc, char **argv)
{
	clout_convert_report_options o = CLOUT_CONVERT_REPORT_OPTIONS_INIT;
	const char *db = NULL, *workspace = NULL, *format_name = NULL, *by = NULL, *model = NULL, *group = NULL;
	const char *from = NULL, *to = NULL;
	int64_t window_days = 30;
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "campaign", 0, &o.campaign, "NAME", "only links and codes of this campaign" },
		{ CLI_OPT_STRING, "influencer", 0, &o.influencer, "HANDLE", "only links and codes of this influencer" },
		{ CLI_OPT_STRING, "link", 0, &o.link, "CODE", "only this link" },
		{ CLI_OPT_STRING, "group", 0, &group, "BY", "rows per link (default), influencer or campaign" },
		{ CLI_OPT_STRING, "by", 0, &by, "day", "split rows by day (UTC)" },
		{ CLI_OPT_STRING, "model", 0, &model, "MODEL", "attribution: last (default), first or linear" },
		{ CLI_OPT_STRING, "from", 0, &from, "DATE", "from this date or time (UTC)" },
		{ CLI_OPT_STRING, "to", 0, &to, "DATE", "to this date (included) or time (excluded)" },
		{ CLI_OPT_POS_INT, "window", 0, &window_days, "DAYS", "customer attribution window (30)" },
		CLI_OPT_DB(&db),
		CLI_OPT_WORKSPACE(&workspace),
		CLI_OPT_FORMAT(&format_name),
		{ 0 },
	};
	const cli_command_spec spec = { "report links", "[options]",
		"Clicks, conversions and revenue by link, influencer or campaign.", options, 0, 0 };
	clout_session *session = NULL;
	clout_convert_report r = { 0 };
	cli_format format;
	int64_t ws;
	int rc, v;
	if (cli_parse_options(&spec, argc, argv, &rc))
		return rc;
	if (cli_parse_format("report links", format_name, &format) < 0)
		return EXIT_USAGE;
	if (by && strcmp(by, "day")) {
		fprintf(stderr, "clout report links: --by: '%s' is not day\n", by);
		return EXIT_USAGE;
	}
	o.by_day = by != NULL;
	if (model && (v = clout_convert_model_parse(model)) < 0) {
		fprintf(stderr, "clout report links: --model: '%s' is not last, first or linear\n", model);
		return EXIT_USAGE;
	} else if (model) {
		o.model = (clout_convert_model)v;
	}
	if (group && (v = clout_convert_group_parse(group)) < 0) {
		fprintf(stderr, "clout report links: --group: '%s' is not link, influencer or campaign\n", group);
		return EXIT_USAGE;
	} else if (group) {
		o.group = (clout_convert_group)v;
	}
	if (window_days <= 0 || window_days > 3650) {
		fprintf(stderr, "clout report links: --window: %lld is not 1 to 3650 days\n", (long long)window_days);
		return EXIT_USAGE;
	}
	o.window_s = window_days * 86400;
	if ((from && parse_day("report links", "from", from, false, &o.from_ms) < 0) ||
	    (to && parse_day("report links", "to", to, true, &o.to_ms) < 0))
		return EXIT_USAGE;
	if ((rc = cli_open_session("report links", ctx, db, workspace, false, &session)) != 0)
		return rc;
	if (clout_session_workspace(session, &ws) < 0) {
		rc = cli_fail_session("report links", session);
		goto done;
	}
	if (clout_convert_report_build(&r, session, &o) < 0) {
		rc = cli_fail_session("report links", session);
		goto done;
	}
	if (format == CLI_FORMAT_JSON)
		rc = print_json("report links", clout_convert_report_json(&r));
	else if (format == CLI_FORMAT_CSV)
		print_csv(&r);
	else
		print_table(&r);
done:
	clout_convert_report_release(&r);
	clout_session_free(session);
	return rc;
}


/* A ratio as text ("" when unknown). */
static void put_ratio(double x)
{
	if (!isnan(x))
		printf("%.6g", x);
}

static void put_money(int64_t minor, const char *currency)
{
	char text[40];
	if (minor >= 0)
		printf("%s", clout_convert_money_format(text, sizeof(text), minor, currency));
}

static void put_count(int64_t v)
{
	if (v >= 0)
		printf("%lld", (long long)v);
}

static void csv_figures(const char *row, const char *handles, const clout_report_figures *f, const char *cur)
{
	cli_csv_field(stdout, row);
	putchar(',');
	cli_csv_field(stdout, handles ? handles : "");
	putchar(',');
	put_count(f->reach);
	putchar(',');
	put_count(f->impressions);
	putchar(',');
	put_count(f->engagements);
	putchar(',');
	put_ratio(f->engagement_rate);
	printf(",%lld,", (long long)f->clicks);
	put_ratio(f->ctr);
	printf(",%.6g,", f->conversions);
	put_ratio(f->conversion_rate);
	printf(",%s,", cur);
	put_money(f->revenue_minor, cur);
	putchar(',');
	put_money(f->fees_minor, cur);
	putchar(',');
	put_money(f->gifts_minor, cur);
	putchar(',');
	put_money(f->commission_minor, cur);
	putchar(',');
	put_money(f->cost_minor, cur);
	putchar(',');
	put_ratio(f->roi);
	putchar(',');
	put_ratio(f->roi_extended);
	putchar(',');
	put_money(f->cpe_minor, cur);
	putchar(',');
	put_money(f->cpm_minor, cur);
	putchar(',');
	put_money(f->cpc_minor, cur);
	putchar(',');
	put_money(f->cpa_minor, cur);
	putchar('\n');
}

static const char *row_label(const clout_report_row *row)
{
	return row->withheld ? "withheld" : row->unassigned ? "(not on the roster)" : row->key;
}

static void listening_csv(const clout_report *r)
{
	const clout_report_listening *l = &r->listening;
	if (!l->known)
		return;
	printf("\nlistening,mentions,positive,neutral,negative,net_sentiment,share_of_voice,competitor_mentions,reach\n");
	cli_csv_field(stdout, r->subject);
	printf(",%lld,%lld,%lld,%lld,", (long long)l->mentions, (long long)l->positive, (long long)l->neutral,
		(long long)l->negative);
	put_ratio(l->net_sentiment);
	putchar(',');
	put_ratio(l->share_of_voice);
	printf(",%lld,%lld\n", (long long)l->competitor_mentions, (long long)l->reach);
}

static void report_csv(const clout_report *r)
{
	printf("row,handles,reach,impressions,engagements,engagement_rate,clicks,ctr,conversions,conversion_rate,currency,"
	       "revenue,fees,gifts,commission,cost,roi,roi_extended,cpe,cpm,cpc,cpa\n");
	for (size_t i = 0; i < r->count; i++)
		csv_figures(row_label(&r->rows[i]), r->rows[i].handles, &r->rows[i].f, r->currency);
	csv_figures("total", NULL, &r->total, r->currency);
	if (r->kpi_count)
		printf("\nkpi,target,actual,deadline,status\n");
	for (size_t i = 0; i < r->kpi_count; i++) {
		char day[16];
		printf("%s,%s,", r->kpis[i].metric, r->kpis[i].target);
		put_ratio(r->kpis[i].actual);
		printf(",%s,%s\n", clout_campaign_day_format(day, sizeof(day), r->kpis[i].deadline),
			clout_report_kpi_status_name(r->kpis[i].status));
	}
	listening_csv(r);
}

static void table_money(const char *label, int64_t minor, const char *cur)
{
	char text[40];
	if (minor >= 0)
		printf("  %-18s %s %s\n", label, clout_convert_money_format(text, sizeof(text), minor, cur), cur);
	else
		printf("  %-18s -\n", label);
}

static void table_ratio(const char *label, double x, bool percent)
{
	if (isnan(x))
		printf("  %-18s -\n", label);
	else if (percent)
		printf("  %-18s %.2f%%\n", label, x * 100);
	else
		printf("  %-18s %.4f\n", label, x);
}

static void report_table(const clout_report *r)
{
	const clout_report_figures *f = &r->total;
	char day[16];
	printf("%s report: %s%s (as of %s, %s attribution)\n\n", r->kind, r->subject, r->shared ? " [shared]" : "",
		clout_campaign_day_format(day, sizeof(day), r->as_of_day), clout_convert_model_name(r->model));
	printf("%-24s %8s %8s %10s %12s %12s %9s\n", "ROW", "CLICKS", "CONV", "REVENUE", "COST", "ROI", "HANDLES");
	for (size_t i = 0; i < r->count; i++) {
		char rev[40], cost[40], roi[24] = "-";
		const clout_report_row *row = &r->rows[i];
		if (!isnan(row->f.roi))
			snprintf(roi, sizeof(roi), "%.4f", row->f.roi);
		printf("%-24s %8lld %8.6g %10s %12s %12s %s\n", row_label(row), (long long)row->f.clicks, row->f.conversions,
			clout_convert_money_format(rev, sizeof(rev), row->f.revenue_minor, r->currency),
			clout_convert_money_format(cost, sizeof(cost), row->f.cost_minor, r->currency), roi,
			row->handles ? row->handles : "");
	}
	printf("\ntotals (%s)\n", r->currency);
	printf("  %-18s ", "reach");
	put_count(f->reach);
	printf("%s\n  %-18s ", f->reach < 0 ? "-" : "", "impressions");
	put_count(f->impressions);
	printf("%s\n  %-18s ", f->impressions < 0 ? "-" : "", "engagements");
	put_count(f->engagements);
	printf("%s\n", f->engagements < 0 ? "-" : "");
	table_ratio("engagement rate", f->engagement_rate, true);
	printf("  %-18s %lld\n", "clicks", (long long)f->clicks);
	table_ratio("CTR", f->ctr, true);
	printf("  %-18s %.6g\n", "conversions", f->conversions);
	table_ratio("conversion rate", f->conversion_rate, true);
	table_money("revenue", f->revenue_minor, r->currency);
	table_money("fees", f->fees_minor, r->currency);
	table_money("gifts", f->gifts_minor, r->currency);
	table_money("commission", f->commission_minor, r->currency);
	table_money("cost", f->cost_minor, r->currency);
	table_ratio("ROI", f->roi, false);
	table_ratio("ROI (extended)", f->roi_extended, false);
	table_money("CPE", f->cpe_minor, r->currency);
	table_money("CPM", f->cpm_minor, r->currency);
	table_money("CPC", f->cpc_minor, r->currency);
	table_money("CPA", f->cpa_minor, r->currency);
	if (r->listening.known) {
		printf("  %-18s %lld (%lld positive, %lld neutral, %lld negative)\n", "mentions", (long long)r->listening.mentions,
			(long long)r->listening.positive, (long long)r->listening.neutral, (long long)r->listening.negative);
		table_ratio("net sentiment", r->listening.net_sentiment, false);
		table_ratio("share of voice", r->listening.share_of_voice, true);
	}
	if (r->kpi_count)
		printf("\nKPIs\n");
	for (size_t i = 0; i < r->kpi_count; i++) {
		printf("  %-18s target %-10s actual ", r->kpis[i].metric, r->kpis[i].target);
		if (isnan(r->kpis[i].actual))
			printf("%-10s", "-");
		else
			printf("%-10.6g", r->kpis[i].actual);
		printf(" by %s: %s\n", clout_campaign_day_format(day, sizeof(day), r->kpis[i].deadline),
			clout_report_kpi_status_name(r->kpis[i].status));
	}
	if (r->forecast)
		printf("\nthe plan's forecast is in -o json (\"forecast\")\n");
}

/* -o html: one self-contained printable file on stdout (clout_report_html) */
static int print_html(const char *cmd, const clout_report *r)
{
	clout_error err = { 0 };
	char *text = clout_report_html(r, &err);
	if (!text)
		return cli_fail(cmd, &err);
	fputs(text, stdout);
	free(text);
	return EXIT_OK;
}

/* What a report reads before it opens the store: -o (table, csv, json or html), --model, --as-of. */
typedef struct report_args {
	clout_report_options o;
	const char *as_of, *model;
	bool html;
} report_args;

static int report_check(cli_call *call, void *arg)
{
	report_args *a = arg;
	const char *cmd = call->cmd, *format_name = call->format_name, *why;
	clout_error err = { 0 };
	int v;
	a->html = format_name && !strcmp(format_name, "html");
	if (format_name && !a->html && strcmp(format_name, "table") && strcmp(format_name, "csv") &&
	    strcmp(format_name, "json")) {
		fprintf(stderr, "clout %s: unknown output format '%s' (table, csv, json or html)\n", cmd, format_name);
		return EXIT_USAGE;
	}
	if (a->html && !clout_report_html_available(&why)) {
		fprintf(stderr, "clout %s: the HTML report needs the web part of clout, which was not built: %s\n", cmd, why);
		return EXIT_UNAVAILABLE;
	}
	if (!a->html && cli_parse_format(cmd, format_name, &call->format) < 0)
		return EXIT_USAGE;
	if (a->model && (v = clout_convert_model_parse(a->model)) < 0) {
		fprintf(stderr, "clout %s: --model: '%s' is not last, first or linear\n", cmd, a->model);
		return EXIT_USAGE;
	} else if (a->model) {
		a->o.model = (clout_convert_model)v;
	}
	if (a->as_of && clout_campaign_day_parse(&a->o.as_of_day, a->as_of, "as-of", &err) < 0) {
		fprintf(stderr, "clout %s: --%s\n", cmd, err.message);
		return EXIT_USAGE;
	}
	return 0;
}

/* report campaign NAME / report person PERSON */
static int report_subject(const cli_context *ctx, int argc, char **argv, bool person)
{
	report_args a = { CLOUT_REPORT_OPTIONS_INIT, NULL, NULL, false };
	cli_call call = { .cmd = person ? "report person" : "report campaign", .own_format = true, .check = report_check,
		.check_arg = &a };
	const char *cmd = call.cmd;
	const cli_opt options[] = {
		{ CLI_OPT_FLAG, "share", 0, &a.o.share, NULL, "the version for outside the workspace (obeys sharing rights)" },
		{ CLI_OPT_STRING, "as-of", 0, &a.as_of, "DATE", "judge KPIs on this day (default today)" },
		{ CLI_OPT_STRING, "lifetime-value", 0, &a.o.lifetime_value, "AMOUNT", "customer lifetime value for the extended ROI" },
		{ CLI_OPT_STRING, "model", 0, &a.model, "MODEL", "attribution: last (default), first or linear" },
		CLI_OPT_STORE(&call),
		{ CLI_OPT_STRING, "output", 'o', &call.format_name, "FORMAT", "table (default), csv, json, or html (one printable file)" },
		{ 0 },
	};
	const cli_command_spec spec = { cmd, person ? "PERSON [options]" : "NAME [options]",
		person ? "A person's figures on every campaign they are on."
		       : "Every figure of a campaign against its KPI targets, with the plan's forecast.", options, 1, 1 };
	clout_report r = { 0 };
	int rc;
	if (cli_begin(&call, ctx, &spec, argc, argv, &rc))
		goto done;
	rc = person ? clout_report_person(&r, call.session, call.args[0], &a.o)
		    : clout_report_campaign(&r, call.session, call.args[0], &a.o);
	if (rc < 0) {
		rc = cli_fail_session(cmd, call.session);
		goto done;
	}
	rc = EXIT_OK;
	if (a.html)
		rc = print_html(cmd, &r);
	else if (call.format == CLI_FORMAT_JSON)
		rc = print_json(cmd, clout_report_json(&r));
	else if (call.format == CLI_FORMAT_CSV)
		report_csv(&r);
	else
		report_table(&r);
done:
	clout_report_release(&r);
	cli_end(&call);
	return rc;
}

int cmd_report(const cli_context *ctx, int argc, char **argv)
{
	static const char usage[] = "usage: clout report links [--campaign NAME] [--influencer HANDLE] [--by day]\n"
				    "                          [--model last|first|linear] [--from D --to D] [-o table|csv|json]\n"
				    "       clout report campaign NAME [--share] [--as-of D] [-o table|csv|json|html]\n"
				    "       clout report person PERSON [--share] [-o table|csv|json|html]\n"
				    "       clout report sov --brand RULE --competitor RULE... [--by day|week] [-o table|csv|json]\n";
	if (argc >= 2 && !strcmp(argv[1], "links"))
		return report_links(ctx, argc - 1, argv + 1);
	if (argc >= 2 && (!strcmp(argv[1], "campaign") || !strcmp(argv[1], "person")))
		return report_subject(ctx, argc - 1, argv + 1, !strcmp(argv[1], "person"));
	if (argc >= 2 && !strcmp(argv[1], "sov"))
		return cmd_listen_sov(ctx, argc - 1, argv + 1); /* the same as clout listen sov */
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("%s", usage);
		return EXIT_OK;
	}
	fprintf(stderr, "%s", usage);
	return EXIT_USAGE;
}
