/* cmd_audit.c: `clout audit [--since T] -o json|table`: the audit log of writes. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "util/banned.h"

/* --since: an RFC 3339 time or date (UTC), or a duration back from now (24h, 7d). */
static int parse_since(int64_t *out_ms, const char *text)
{
	struct tm tm;
	const char *end;
	int64_t seconds;
	memset(&tm, 0, sizeof(tm));
	if ((end = strptime(text, "%Y-%m-%dT%H:%M:%S", &tm)) != NULL && (!*end || !strcmp(end, "Z"))) {
		*out_ms = (int64_t)timegm(&tm) * 1000;
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	if ((end = strptime(text, "%Y-%m-%d", &tm)) != NULL && !*end) {
		*out_ms = (int64_t)timegm(&tm) * 1000;
		return 0;
	}
	if (clout_auth_parse_duration(&seconds, text, NULL) == 0) {
		*out_ms = ((int64_t)time(NULL) - seconds) * 1000;
		return 0;
	}
	return -1;
}

int cmd_audit(const cli_context *ctx, int argc, char **argv)
{
	const char *db = NULL, *since = NULL, *format_name = NULL;
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "since", 0, &since, "T", "from this time: 2026-11-26T10:00:00Z, 2026-11-26, or 24h ago" },
		CLI_OPT_DB(&db),
		CLI_OPT_FORMAT(&format_name),
		{ 0 },
	};
	const cli_command_spec spec = { "audit", "[--since T] [-o json|table]",
		"Print the audit log: who wrote what, when, from where.", options, 0, 0 };
	clout_session *session = NULL;
	clout_audit_list list = { 0 };
	cli_format format;
	int64_t since_ms = 0;
	char *json = NULL;
	int rc;
	if (cli_parse_options(&spec, argc, argv, &rc))
		return rc;
	if (cli_parse_format("audit", format_name, &format) < 0)
		return EXIT_USAGE;
	if (since && parse_since(&since_ms, since) < 0) {
		fprintf(stderr, "clout audit: --since '%s' is not a time (2026-11-26T10:00:00Z), a date or a duration (24h)\n",
			since);
		return EXIT_USAGE;
	}
	if ((rc = cli_open_session("audit", ctx, db, NULL, false, &session)) != 0)
		return rc;
	if (clout_audit_read(&list, session, since_ms) < 0) {
		rc = cli_fail_session("audit", session);
		goto done;
	}
	if (format == CLI_FORMAT_TABLE || format == CLI_FORMAT_CSV) {
		const char *row = format == CLI_FORMAT_CSV ? "%s,%s,%s,%s,%s\n" : "%-24s %-16s %-18s %-28s %s\n";
		printf(row, "at", "actor", "action", "object", "origin");
		for (size_t i = 0; i < list.count; i++) {
			const clout_audit_entry *e = &list.entries[i];
			time_t s = (time_t)(e->at_ms / 1000);
			struct tm tm;
			char at[32];
			gmtime_r(&s, &tm);
			strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
			printf(row, at, e->actor, e->action, e->object ? e->object : "-", e->origin);
		}
	} else {
		if (!(json = clout_audit_json(&list))) {
			fprintf(stderr, "clout audit: out of memory\n");
			rc = EXIT_SOFTWARE;
			goto done;
		}
		printf("%s\n", json);
	}
	rc = EXIT_OK;
done:
	free(json);
	clout_audit_list_release(&list);
	clout_session_free(session);
	return rc;
}
