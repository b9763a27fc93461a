/*
 * cmd_campaign.c: `clout campaign`: create, set, show, list; the roster (add by hand or from a
 * `clout plan -o json` file, remove, roster); tracking links and promo codes for every member.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/begin.h"
#include "cli/campaign_common.h"
#include "cli/commands.h"
#include "clout/campaign.h"
#include "clout/convert.h"
#include "util/banned.h"

/* The options create and set share. */
typedef struct campaign_opts {
	clout_campaign_input in;
	cli_list kpis;
} campaign_opts;

#define CAMPAIGN_FIELD_OPTIONS(o, call) \
	{ CLI_OPT_STRING, "goal", 0, &(o)->in.goal, "GOAL", "awareness, engagement, traffic, leads or sales" }, \
	{ CLI_OPT_STRING, "start", 0, &(o)->in.start, "DATE", "first day (YYYY-MM-DD)" }, \
	{ CLI_OPT_STRING, "end", 0, &(o)->in.end, "DATE", "last day (YYYY-MM-DD)" }, \
	{ CLI_OPT_STRING, "budget", 0, &(o)->in.budget, "AMOUNT", "budget in the currency, e.g. 10000" }, \
	{ CLI_OPT_STRING, "currency", 0, &(o)->in.currency, "CODE", "ISO 4217 currency of every amount, e.g. EUR" }, \
	{ CLI_OPT_LIST, "kpi", 0, &(o)->kpis, "METRIC=TARGET[@DATE]", "a KPI target (repeat), deadline the end day unless given" }, \
	{ CLI_OPT_STRING, "audience", 0, &(o)->in.audience, "FILTERS", "target audience, as discovery filters" }, \
	{ CLI_OPT_STRING, "lifetime-value", 0, &(o)->in.lifetime_value, "AMOUNT", "customer lifetime value (extended ROI)" }, \
	{ CLI_OPT_STRING, "languages", 0, &(o)->in.languages, "LIST", "the campaign's languages, e.g. en,fr" }, \
	CLI_OPT_STORE(call), \
	CLI_OPT_OUTPUT(call)

static void print_campaign(const clout_campaign *c, cli_format format)
{
	char start[16], end[16], budget[40], day[16];
	if (format == CLI_FORMAT_JSON) {
		cli_emit_json("campaign", clout_campaign_json(c));
		return;
	}
	if (format == CLI_FORMAT_CSV) {
		printf("name,goal,status,start,end,budget,currency\n");
		cli_csv_field(stdout, c->name);
		printf(",%s,%s,%s,%s,%s,%s\n", c->goal, c->status, clout_campaign_day_format(start, sizeof(start), c->start_day),
			clout_campaign_day_format(end, sizeof(end), c->end_day),
			clout_convert_money_format(budget, sizeof(budget), c->budget_minor, c->currency), c->currency);
		return;
	}
	printf("%-10s %s\n%-10s %s\n%-10s %s\n%-10s %s to %s\n%-10s %s %s\n", "campaign", c->name, "goal", c->goal, "status",
		c->status, "dates", clout_campaign_day_format(start, sizeof(start), c->start_day),
		clout_campaign_day_format(end, sizeof(end), c->end_day), "budget",
		clout_convert_money_format(budget, sizeof(budget), c->budget_minor, c->currency), c->currency);
	if (c->audience)
		printf("%-10s %s\n", "audience", c->audience);
	for (size_t i = 0; i < c->kpi_count; i++)
		printf("%-10s %s >= %s by %s\n", i ? "" : "kpis", c->kpis[i].metric, c->kpis[i].target,
			clout_campaign_day_format(day, sizeof(day), c->kpis[i].deadline));
	if (c->plan_forecast)
		printf("%-10s kept from the plan (see -o json)\n", "forecast");
}

/* create (update false) or set (update true). */
static int campaign_write(const cli_context *ctx, int argc, char **argv, bool update)
{
	campaign_opts o;
	cli_call call = { .cmd = update ? "campaign set" : "campaign create", .create = !update };
	memset(&o, 0, sizeof(o));
	clout_campaign_input init = CLOUT_CAMPAIGN_INPUT_INIT;
	o.in = init;
	const cli_opt create_options[] = { CAMPAIGN_FIELD_OPTIONS(&o, &call), { 0 } };
	const cli_opt set_options[] = {
		CAMPAIGN_FIELD_OPTIONS(&o, &call),
		{ CLI_OPT_STRING, "status", 0, &o.in.status, "STATUS", "draft, active, paused, done or cancelled" },
		{ 0 },
	};
	const cli_command_spec spec = { call.cmd, "NAME [options]", update ? "Change a campaign's fields or status."
		: "Create a campaign: goal, dates, budget and currency, KPI targets.", update ? set_options : create_options, 1, 1 };
	clout_campaign c = { 0 };
	int rc;
	if (cli_begin(&call, ctx, &spec, argc, argv, &rc))
		goto done;
	o.in.name = call.args[0];
	o.in.kpis = o.kpis.items;
	o.in.kpi_count = (size_t)o.kpis.count;
	rc = update ? clout_campaign_update(&c, call.session, call.args[0], &o.in) : clout_campaign_create(&c, call.session, &o.in);
	if (rc < 0) {
		rc = cli_fail_session(call.cmd, call.session);
		goto done;
	}
	{
		char object[CLOUT_CAMPAIGN_NAME_MAX + 16];
		snprintf(object, sizeof(object), "campaign:%s", c.name);
		if ((rc = cli_call_audit(&call, update ? "campaign.update" : "campaign.create", object)) != 0)
			goto done;
	}
	print_campaign(&c, call.format);
	rc = EXIT_OK;
done:
	clout_campaign_release(&c);
	cli_end(&call);
	free(o.kpis.items);
	return rc;
}

static int campaign_show(const cli_context *ctx, int argc, char **argv, bool list)
{
	cli_call call = { .cmd = list ? "campaign list" : "campaign show" };
	const cli_opt options[] = { CLI_OPT_STORE(&call), CLI_OPT_OUTPUT(&call), { 0 } };
	const cli_command_spec spec = { call.cmd, list ? "[options]" : "NAME [options]",
		list ? "List the workspace's campaigns." : "Show a campaign.", options, list ? 0 : 1, list ? 0 : 1 };
	clout_campaign *all = NULL;
	size_t n = 0;
	cli_format format;
	int rc;
	if (cli_begin(&call, ctx, &spec, argc, argv, &rc))
		goto done;
	format = call.format;
	if (!list) {
		if (!(all = calloc(1, sizeof(*all))) || clout_campaign_get(all, call.session, call.args[0]) < 0) {
			rc = all ? cli_fail_session(call.cmd, call.session) : EXIT_SOFTWARE;
			goto done;
		}
		n = 1;
		print_campaign(all, format);
	} else if (clout_campaign_list(&all, &n, call.session) < 0) {
		rc = cli_fail_session(call.cmd, call.session);
		goto done;
	} else if (format == CLI_FORMAT_JSON) {
		printf("[");
		for (size_t i = 0; i < n; i++) {
			char *json = clout_campaign_json(&all[i]);
			printf("%s%s", i ? "," : "", json ? json : "null");
			free(json);
		}
		printf("]\n");
	} else {
		printf(format == CLI_FORMAT_CSV ? "name,goal,status,start,end,budget,currency\n"
						: "%-20s %-11s %-9s %-10s %-10s %s\n", "NAME", "GOAL", "STATUS", "START", "END", "BUDGET");
		for (size_t i = 0; i < n; i++) {
			char start[16], end[16], budget[40];
			const clout_campaign *c = &all[i];
			printf(format == CLI_FORMAT_CSV ? "%s,%s,%s,%s,%s,%s,%s\n" : "%-20s %-11s %-9s %-10s %-10s %s %s\n", c->name,
				c->goal, c->status, clout_campaign_day_format(start, sizeof(start), c->start_day),
				clout_campaign_day_format(end, sizeof(end), c->end_day),
				clout_convert_money_format(budget, sizeof(budget), c->budget_minor, c->currency), c->currency);
		}
	}
	rc = EXIT_OK;
done:
	for (size_t i = 0; i < n; i++)
		clout_campaign_release(&all[i]);
	free(all);
	cli_end(&call);
	return rc;
}

/* Reads a whole file (at most 64 MiB) into a malloc'd buffer. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = !strcmp(path, "-") ? stdin : fopen(path, "rb");
	char *data = NULL;
	size_t cap = 0;
	*len = 0;
	if (!f)
		return NULL;
	for (;;) {
		if (*len == cap) {
			char *p = cap < (64u << 20) ? realloc(data, cap ? cap * 2 : 65536) : NULL;
			if (!p) {
				free(data);
				data = NULL;
				break;
			}
			data = p;
			cap = cap ? cap * 2 : 65536;
		}
		size_t got = fread(data + *len, 1, cap - *len, f);
		*len += got;
		if (got == 0)
			break;
	}
	if (f != stdin)
		fclose(f);
	return data;
}

/* What campaign add reads before it opens the store: the plan file, when given. */
typedef struct add_input {
	const char *plan;
	char *data;
	size_t len;
} add_input;

static int add_check(cli_call *call, void *arg)
{
	add_input *in = arg;
	if (call->nargs < 2 && !in->plan) {
		fprintf(stderr, "clout campaign add: name people or give --plan FILE\n");
		return EXIT_USAGE;
	}
	if (in->plan && !(in->data = read_file(in->plan, &in->len))) {
		fprintf(stderr, "clout campaign add: --plan: cannot read %s\n", in->plan);
		return EXIT_NOINPUT;
	}
	return 0;
}

static int campaign_add(const cli_context *ctx, int argc, char **argv)
{
	add_input in = { 0 };
	cli_call call = { .cmd = "campaign add", .check = add_check, .check_arg = &in };
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "plan", 0, &in.plan, "FILE", "add the seeds of a `clout plan -o json` output (- for stdin)" },
		CLI_OPT_STORE(&call),
		{ 0 },
	};
	const cli_command_spec spec = { call.cmd, "NAME [PERSON...] [--plan FILE]",
		"Add people to a campaign's roster, by name or from a plan (keeping its forecast).", options, 1, -1 };
	int rc;
	size_t added = 0;
	if (cli_begin(&call, ctx, &spec, argc, argv, &rc))
		goto done;
	if (call.nargs > 1 && clout_campaign_roster_add(call.session, call.args[0], (const char *const *)call.args + 1,
		(size_t)call.nargs - 1) < 0) {
		rc = cli_fail_session(call.cmd, call.session);
		goto done;
	}
	if (in.plan && clout_campaign_roster_from_plan(&added, call.session, call.args[0], in.data, in.len) < 0) {
		rc = cli_fail_session(call.cmd, call.session);
		goto done;
	}
	{
		char object[CLOUT_CAMPAIGN_NAME_MAX + 16];
		snprintf(object, sizeof(object), "campaign:%s", call.args[0]);
		if ((rc = cli_call_audit(&call, "campaign.roster.add", object)) != 0)
			goto done;
	}
	if (in.plan)
		fprintf(stderr, "clout campaign add: %zu from the plan\n", added);
	rc = EXIT_OK;
done:
	free(in.data);
	cli_end(&call);
	return rc;
}

static int campaign_remove(const cli_context *ctx, int argc, char **argv)
{
	cli_call call = { .cmd = "campaign remove" };
	const cli_opt options[] = { CLI_OPT_STORE(&call), { 0 } };
	const cli_command_spec spec = { call.cmd, "NAME PERSON", "Take a person off a campaign's roster.", options, 2, 2 };
	int rc;
	if (cli_begin(&call, ctx, &spec, argc, argv, &rc))
		goto done;
	if (clout_campaign_roster_remove(call.session, call.args[0], call.args[1]) < 0)
		rc = cli_fail_session(call.cmd, call.session);
	else
		rc = cli_call_audit(&call, "campaign.roster.remove", call.args[0]);
done:
	cli_end(&call);
	return rc;
}

static int campaign_roster(const cli_context *ctx, int argc, char **argv)
{
	cli_call call = { .cmd = "campaign roster" };
	const cli_opt options[] = { CLI_OPT_STORE(&call), CLI_OPT_OUTPUT(&call), { 0 } };
	const cli_command_spec spec = { call.cmd, "NAME [options]", "The people on a campaign.", options, 1, 1 };
	clout_roster_member *m = NULL;
	size_t n = 0;
	cli_format format;
	int rc;
	if (cli_begin(&call, ctx, &spec, argc, argv, &rc))
		goto done;
	format = call.format;
	if (clout_campaign_roster(&m, &n, call.session, call.args[0]) < 0) {
		rc = cli_fail_session(call.cmd, call.session);
		goto done;
	}
	if (format == CLI_FORMAT_JSON) {
		printf("[");
		for (size_t i = 0; i < n; i++) {
			printf("%s{\"person\":", i ? "," : "");
			cli_json_string(stdout, m[i].person);
			printf(",\"handle\":");
			if (m[i].handle)
				cli_json_string(stdout, m[i].handle);
			else
				printf("null");
			printf(",\"source\":\"%s\"}", m[i].source);
		}
		printf("]\n");
	} else {
		printf(format == CLI_FORMAT_CSV ? "person,handle,source\n" : "%-24s %-24s %s\n", "PERSON", "HANDLE", "SOURCE");
		for (size_t i = 0; i < n; i++) {
			if (format == CLI_FORMAT_CSV) {
				cli_csv_field(stdout, m[i].person);
				printf(",%s,%s\n", m[i].handle ? m[i].handle : "", m[i].source);
			} else {
				printf("%-24s %-24s %s\n", m[i].person, m[i].handle ? m[i].handle : "-", m[i].source);
			}
		}
	}
	rc = EXIT_OK;
done:
	clout_roster_release(m, n);
	free(m);
	cli_end(&call);
	return rc;
}

static int links_check(cli_call *call, void *arg)
{
	(void)call;
	if (!*(const char **)arg) {
		fprintf(stderr, "clout campaign links: --url is required\n");
		return EXIT_USAGE;
	}
	return 0;
}

static int campaign_links(const cli_context *ctx, int argc, char **argv)
{
	const char *url = NULL;
	bool codes = false;
	cli_call call = { .cmd = "campaign links", .check = links_check, .check_arg = &url };
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "url", 0, &url, "URL", "destination of every link (required)" },
		{ CLI_OPT_FLAG, "codes", 0, &codes, NULL, "also a promo code per member (the link's code, upper case)" },
		CLI_OPT_STORE(&call),
		{ 0 },
	};
	const cli_command_spec spec = { call.cmd, "NAME --url URL [--codes]",
		"A tracking link (and promo code) CAMPAIGN-PERSON for every roster member, all or none.", options, 1, 1 };
	clout_campaign_link *links = NULL;
	size_t n = 0;
	int rc;
	if (cli_begin(&call, ctx, &spec, argc, argv, &rc))
		goto done;
	if (clout_campaign_links_create(&links, &n, call.session, call.args[0], url, codes) < 0) {
		rc = cli_fail_session(call.cmd, call.session);
		goto done;
	}
	if ((rc = cli_call_audit(&call, "campaign.links", call.args[0])) != 0)
		goto done;
	printf("person,code,influencer\n");
	for (size_t i = 0; i < n; i++) {
		cli_csv_field(stdout, links[i].person);
		printf(",%s,%s\n", links[i].code, links[i].influencer);
	}
done:
	clout_campaign_links_release(links, n);
	free(links);
	cli_end(&call);
	return rc;
}

int cmd_campaign(const cli_context *ctx, int argc, char **argv)
{
	static const char usage[] =
		"usage: clout campaign create NAME --goal G --start D --end D --budget A --currency C [--kpi M=T]...\n"
		"       clout campaign set NAME [--status S] [fields]\n"
		"       clout campaign show NAME | list\n"
		"       clout campaign add NAME PERSON... | add NAME --plan PLAN.json\n"
		"       clout campaign remove NAME PERSON | roster NAME\n"
		"       clout campaign links NAME --url URL [--codes]\n";
	const char *sub = argc >= 2 ? argv[1] : "";
	if (!strcmp(sub, "create") || !strcmp(sub, "set"))
		return campaign_write(ctx, argc - 1, argv + 1, !strcmp(sub, "set"));
	if (!strcmp(sub, "show") || !strcmp(sub, "list"))
		return campaign_show(ctx, argc - 1, argv + 1, !strcmp(sub, "list"));
	if (!strcmp(sub, "add"))
		return campaign_add(ctx, argc - 1, argv + 1);
	if (!strcmp(sub, "remove"))
		return campaign_remove(ctx, argc - 1, argv + 1);
	if (!strcmp(sub, "roster"))
		return campaign_roster(ctx, argc - 1, argv + 1);
	if (!strcmp(sub, "links"))
		return campaign_links(ctx, argc - 1, argv + 1);
	if (!strcmp(sub, "--help") || !strcmp(sub, "-h")) {
		printf("%s", usage);
		return EXIT_OK;
	}
	fprintf(stderr, "%s", usage);
	return EXIT_USAGE;
}
