/* cmd_calendar.c: `clout calendar`: campaign dates, KPI deadlines and deliverables' due days, as a
 * table, JSON or an iCalendar file (-o ics) that calendar apps import. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/begin.h"
#include "cli/campaign_common.h"
#include "cli/commands.h"
#include "clout/campaign.h"
#include "util/banned.h"

/* What the calendar reads before it opens the store: -o (table, json or ics) and the days. */
typedef struct calendar_args {
	const char *from, *to;
	int64_t from_day, to_day;
	bool ics;
} calendar_args;

static int calendar_check(cli_call *call, void *arg)
{
	calendar_args *a = arg;
	clout_error err = { 0 };
	call->format = CLI_FORMAT_TABLE;
	if (call->format_name && !strcmp(call->format_name, "ics"))
		a->ics = true;
	else if (call->format_name && !strcmp(call->format_name, "csv")) {
		fprintf(stderr, "clout calendar: -o: 'csv' is not table, json or ics\n");
		return EXIT_USAGE;
	} else if (cli_parse_format(call->cmd, call->format_name, &call->format) < 0)
		return EXIT_USAGE;
	if ((a->from && clout_campaign_day_parse(&a->from_day, a->from, "from", &err) < 0) ||
	    (a->to && clout_campaign_day_parse(&a->to_day, a->to, "to", &err) < 0)) {
		fprintf(stderr, "clout calendar: --%s\n", err.message);
		return EXIT_USAGE;
	}
	return 0;
}

int cmd_calendar(const cli_context *ctx, int argc, char **argv)
{
	calendar_args a = { 0 };
	const char *campaign = NULL;
	cli_call call = { .cmd = "calendar", .own_format = true, .check = calendar_check, .check_arg = &a };
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "campaign", 0, &campaign, "NAME", "only this campaign" },
		{ CLI_OPT_STRING, "from", 0, &a.from, "DATE", "from this day (YYYY-MM-DD, included)" },
		{ CLI_OPT_STRING, "to", 0, &a.to, "DATE", "to this day (included)" },
		CLI_OPT_STORE(&call),
		{ CLI_OPT_STRING, "output", 'o', &call.format_name, "FORMAT", "table, json or ics" },
		{ 0 },
	};
	const cli_command_spec spec = { call.cmd, "[--campaign NAME] [--from D --to D] [-o table|json|ics]",
		"The content calendar: campaign dates, KPI deadlines, deliverables.", options, 0, 0 };
	clout_calendar cal = { 0 };
	clout_error err = { 0 };
	int rc;
	if (cli_begin(&call, ctx, &spec, argc, argv, &rc))
		goto done;
	if (clout_calendar_build(&cal, call.session, campaign, a.from_day, a.to_day) < 0) {
		rc = cli_fail_session(call.cmd, call.session);
		goto done;
	}
	if (a.ics) {
		char *text;
		size_t len;
		if (clout_calendar_ics(&text, &len, &cal, (int64_t)time(NULL), &err) < 0) {
			rc = cli_fail("calendar", &err);
			goto done;
		}
		fwrite(text, 1, len, stdout);
		free(text);
	} else if (call.format == CLI_FORMAT_JSON) {
		rc = cli_emit_json("calendar", clout_calendar_json(&cal));
	} else {
		printf("%-10s %-16s %-16s %s\n", "DATE", "KIND", "CAMPAIGN", "WHAT");
		for (size_t i = 0; i < cal.count; i++) {
			char day[16];
			printf("%-10s %-16s %-16s %s\n", clout_campaign_day_format(day, sizeof(day), cal.events[i].day),
				clout_calendar_kind_name(cal.events[i].kind), cal.events[i].campaign, cal.events[i].summary);
		}
	}
done:
	clout_calendar_release(&cal);
	cli_end(&call);
	return rc;
}
