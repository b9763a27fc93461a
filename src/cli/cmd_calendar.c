/* cmd_calendar.c: `clout calendar`: campaign dates, KPI deadlines and deliverables' due days, as a
 * table, JSON or an iCalendar file (-o ics) that calendar apps import. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/campaign_common.h"
#include "cli/commands.h"
#include "clout/campaign.h"
#include "util/banned.h"

int cmd_calendar(const cli_context *ctx, int argc, char **argv)
{
	const char *db = NULL, *workspace = NULL, *format_name = NULL, *campaign = NULL, *from = NULL, *to = NULL;
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "campaign", 0, &campaign, "NAME", "only this campaign" },
		{ CLI_OPT_STRING, "from", 0, &from, "DATE", "from this day (YYYY-MM-DD, included)" },
		{ CLI_OPT_STRING, "to", 0, &to, "DATE", "to this day (included)" },
		CLI_OPT_DB(&db),
		CLI_OPT_WORKSPACE(&workspace),
		{ CLI_OPT_STRING, "output", 'o', &format_name, "FORMAT", "table, json or ics" },
		{ 0 },
	};
	const cli_command_spec spec = { "calendar", "[--campaign NAME] [--from D --to D] [-o table|json|ics]",
		"The content calendar: campaign dates, KPI deadlines, deliverables.", options, 0, 0 };
	clout_calendar cal = { 0 };
	clout_error err = { 0 };
	int64_t from_day = 0, to_day = 0;
	cli_format format = CLI_FORMAT_TABLE;
	bool ics = false;
	cli_ws w = { 0 };
	int rc;
	if (cli_parse_options(&spec, argc, argv, &rc))
		return rc;
	if (format_name && !strcmp(format_name, "ics"))
		ics = true;
	else if (format_name && !strcmp(format_name, "csv")) {
		fprintf(stderr, "clout calendar: -o: 'csv' is not table, json or ics\n");
		return EXIT_USAGE;
	} else if (cli_parse_format("calendar", format_name, &format) < 0)
		return EXIT_USAGE;
	if ((from && clout_campaign_day_parse(&from_day, from, "from", &err) < 0) ||
	    (to && clout_campaign_day_parse(&to_day, to, "to", &err) < 0)) {
		fprintf(stderr, "clout calendar: --%s\n", err.message);
		return EXIT_USAGE;
	}
	if ((rc = cli_ws_open(&w, "calendar", ctx, db, workspace, false)) != 0)
		return rc;
	if (clout_calendar_build(&cal, w.session, campaign, from_day, to_day) < 0) {
		rc = cli_fail_session("calendar", w.session);
		goto done;
	}
	if (ics) {
		char *text;
		size_t len;
		if (clout_calendar_ics(&text, &len, &cal, (int64_t)time(NULL), &err) < 0) {
			rc = cli_fail("calendar", &err);
			goto done;
		}
		fwrite(text, 1, len, stdout);
		free(text);
	} else if (format == CLI_FORMAT_JSON) {
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
	cli_ws_close(&w);
	return rc;
}
