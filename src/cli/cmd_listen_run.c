/*
 * cmd_listen_run.c: `clout listen run`: the workspace's saved rules against posts from files, stdin
 * (-) or files being appended to (--follow, until SIGINT or SIGTERM); mentions and alerts go to the
 * store (and webhooks), alerts to stderr, and with -o json each new mention to stdout as a JSON
 * line. Also `clout listen alerts` (the stored alerts) and `clout listen partner` (accounts whose
 * sponsored posts must disclose).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "clout/convert.h"
#include "util/banned.h"

/* Set by SIGINT/SIGTERM: the listener ends after committing what it read. */
static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

typedef struct run_output {
	bool json;
	bool failed;
} run_output;

static int print_mention(void *ctx, const clout_listen_mention *m)
{
	run_output *o = ctx;
	char *json;
	if (!o->json)
		return 0;
	if (!(json = clout_listen_mention_json(m)))
		return CLOUT_ENOMEM;
	if (fputs(json, stdout) < 0 || fputc('\n', stdout) < 0)
		o->failed = true;
	free(json);
	return o->failed ? 1 : 0;
}

static void utc_time(char *out, size_t cap, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm) || !strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(out, cap, "%lld", (long long)t);
}

static int print_alert(void *ctx, const clout_listen_alert *a)
{
	char when[32];
	(void)ctx;
	utc_time(when, sizeof(when), a->at);
	fprintf(stderr, "clout listen: alert %s%s%s at %s: %s\n", a->kind, a->rule ? " on " : "", a->rule ? a->rule : "",
		when, a->detail);
	return 0;
}

static int print_bad(void *ctx, const clout_error *err)
{
	(void)ctx;
	fprintf(stderr, "clout listen run: %s (skipped)\n", err->message);
	return 0;
}

int cmd_listen_run(const cli_context *ctx, int argc, char **argv)
{
	clout_listen_run_options o = CLOUT_LISTEN_RUN_OPTIONS_INIT;
	const char *db = NULL, *workspace = NULL, *format_name = NULL;
	int64_t reach = o.reach_threshold, min_count = o.min_count;
	bool quiet = false;
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "from", 0, &o.format, "FORMAT", "the input's format (as clout import; default: detected)" },
		{ CLI_OPT_FLAG, "follow", 'f', &o.follow, NULL, "follow files as they grow (and rotate), until interrupted" },
		{ CLI_OPT_FLAG, "skip-bad", 0, &o.skip_bad, NULL, "report bad records on stderr and go on" },
		{ CLI_OPT_INT, "reach", 0, &reach, "N", "influencer alert: authors with at least N followers (100000)" },
		{ CLI_OPT_POS_INT, "min-count", 0, &min_count, "N", "spike and crisis alerts: at least N mentions an hour (10)" },
		CLI_OPT_DB(&db),
		CLI_OPT_WORKSPACE(&workspace),
		{ CLI_OPT_STRING, "output", 'o', &format_name, "FORMAT", "json: each new mention as a JSON line on stdout" },
		{ CLI_OPT_FLAG, "quiet", 'q', &quiet, NULL, "no summary and no alerts on stderr" },
		{ 0 },
	};
	const cli_command_spec spec = { "listen run", "[options] FILE...|-",
		"Match posts against the workspace's saved rules and store the mentions, routed to the inbox,\n"
		"with alerts (docs/listen.md). - reads stdin until it ends.",
		options, 1, -1 };
	clout_session *session = NULL;
	clout_import_source *sources = NULL;
	clout_listen_run_stats stats;
	run_output out = { false, false };
	struct sigaction sa, old_int, old_term;
	char **args;
	int nargs, rc;
	if ((rc = cli_opt_parse(&spec, argc, argv, &args, &nargs)) != 0)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if (format_name && strcmp(format_name, "json") && strcmp(format_name, "table")) {
		fprintf(stderr, "clout listen run: -o: expected json or table (got '%s')\n", format_name);
		free(args);
		return EXIT_USAGE;
	}
	if (reach < 0 || min_count < 1) {
		fprintf(stderr, "clout listen run: --reach must be >= 0 and --min-count >= 1\n");
		free(args);
		return EXIT_USAGE;
	}
	out.json = format_name && !strcmp(format_name, "json");
	o.reach_threshold = reach;
	o.min_count = min_count;
	/* only when printed: a mention told about needs its id, which costs a read back per mention */
	o.on_mention = out.json ? print_mention : NULL;
	o.on_alert = quiet ? NULL : print_alert;
	o.on_bad = print_bad;
	o.ctx = &out;
	o.stop = &stop_requested;
	if (!(sources = calloc((size_t)nargs, sizeof(*sources)))) {
		fprintf(stderr, "clout listen run: out of memory\n");
		free(args);
		return EXIT_SOFTWARE;
	}
	for (int i = 0; i < nargs; i++) {
		clout_import_source path = CLOUT_IMPORT_SOURCE_PATH(args[i]), in = CLOUT_IMPORT_SOURCE_FD(0, "<stdin>");
		sources[i] = strcmp(args[i], "-") ? path : in;
	}
	if ((rc = cli_open_session("listen run", ctx, db, workspace, false, &session)) != 0)
		goto done;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	int lrc = clout_listen_run(session, sources, (size_t)nargs, &o, &stats);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (fflush(stdout) != 0 || out.failed) {
		fprintf(stderr, "clout listen run: cannot write the output\n");
		rc = EXIT_IOERR;
		goto done;
	}
	if (lrc < 0) {
		rc = cli_fail_session("listen run", session);
		goto done;
	}
	if (!quiet)
		fprintf(out.json ? stderr : stdout,
		"%llu posts, %llu matched, %llu mentions stored (%llu already), %llu alerts, %llu rejected, %.2f s, "
		"%.0f posts/s\n",
		(unsigned long long)stats.posts, (unsigned long long)stats.matched_posts, (unsigned long long)stats.mentions,
		(unsigned long long)stats.existing, (unsigned long long)stats.alerts, (unsigned long long)stats.rejected,
		stats.seconds, stats.seconds > 0 ? (double)stats.posts / stats.seconds : 0.0);
done:
	clout_session_free(session);
	free(sources);
	free(args);
	return rc;
}

/* ---- alerts ---- */

static int parse_time_option(const char *cmd, const char *name, const char *text, bool end, int64_t *out)
{
	clout_error err = { 0 };
	int64_t ms;
	bool date_only = false;
	*out = 0;
	if (!text)
		return 0;
	if (clout_convert_time_parse(&ms, text, &date_only, &err) < 0) {
		fprintf(stderr, "clout %s: --%s: %s\n", cmd, name, err.message);
		return -1;
	}
	*out = ms / 1000 + (end && date_only ? 86400 : 0);
	return 0;
}

typedef struct alert_output {
	cli_format format;
	bool failed;
} alert_output;

static int list_alert(void *ctx, const clout_listen_alert *a)
{
	alert_output *o = ctx;
	char when[32];
	if (o->format == CLI_FORMAT_JSON) {
		char *json = clout_listen_alert_json(a);
		if (!json)
			return CLOUT_ENOMEM;
		printf("%s\n", json);
		free(json);
		return 0;
	}
	utc_time(when, sizeof(when), a->at);
	if (o->format == CLI_FORMAT_CSV) {
		printf("%lld,%s,%s,%s,", (long long)a->id, a->kind, a->rule ? a->rule : "", when);
		cli_csv_field(stdout, a->detail);
		printf("\n");
	} else {
		printf("%-6lld %-11s %-20s %-20s %s\n", (long long)a->id, a->kind, a->rule ? a->rule : "-", when, a->detail);
	}
	return 0;
}

int cmd_listen_alerts(const cli_context *ctx, int argc, char **argv)
{
	const char *db = NULL, *workspace = NULL, *format_name = NULL, *kind = NULL, *from = NULL, *to = NULL;
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "kind", 0, &kind, "KIND", "only spike, crisis, influencer or disclosure alerts" },
		{ CLI_OPT_STRING, "since", 0, &from, "TIME", "alerts at or after TIME (a date or RFC 3339 time)" },
		{ CLI_OPT_STRING, "until", 0, &to, "TIME", "alerts before TIME (a date: to its end)" },
		CLI_OPT_DB(&db), CLI_OPT_WORKSPACE(&workspace), CLI_OPT_FORMAT(&format_name), { 0 },
	};
	const cli_command_spec spec = { "listen alerts", "[options]",
		"List the listening alerts, oldest first, at the time of the posts that raised them.", options, 0, 0 };
	clout_session *session = NULL;
	alert_output out = { CLI_FORMAT_TABLE, false };
	int64_t ws, since, until;
	int rc;
	if (cli_parse_options(&spec, argc, argv, &rc))
		return rc;
	if (cli_parse_format("listen alerts", format_name, &out.format) < 0 ||
	    parse_time_option("listen alerts", "since", from, false, &since) < 0 ||
	    parse_time_option("listen alerts", "until", to, true, &until) < 0)
		return EXIT_USAGE;
	if ((rc = cli_open_session("listen alerts", ctx, db, workspace, false, &session)) != 0)
		return rc;
	if (clout_session_workspace(session, &ws) < 0) {
		rc = cli_fail_session("listen alerts", session);
		goto done;
	}
	if (out.format == CLI_FORMAT_CSV)
		printf("id,kind,rule,at,detail\n");
	else if (out.format == CLI_FORMAT_TABLE)
		printf("%-6s %-11s %-20s %-20s %s\n", "id", "kind", "rule", "at", "detail");
	clout_error *err = clout_session_err(session);
	if (clout_listen_alert_foreach(session, kind, since, until, list_alert, &out) < 0)
		rc = err->code == CLOUT_EINVAL ? (fprintf(stderr, "clout listen alerts: %s\n", err->message), EXIT_USAGE)
					      : cli_fail("listen alerts", err);
done:
	clout_session_free(session);
	return rc;
}

/* ---- partners ---- */

static int print_partner(void *ctx, const char *platform, const char *handle)
{
	(void)ctx;
	printf("%s @%s\n", platform, handle);
	return 0;
}

int cmd_listen_partner(const cli_context *ctx, int argc, char **argv)
{
	const char *db = NULL, *workspace = NULL, *platform = NULL;
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "platform", 0, &platform, "P", "the account's platform (default: any)" },
		CLI_OPT_DB(&db), CLI_OPT_WORKSPACE(&workspace), { 0 },
	};
	const cli_command_spec spec = { "listen partner", "add|rm @HANDLE [options] | list",
		"Accounts under contract: their posts that mention a brand or campaign rule must carry a disclosure\n"
		"(#ad, #sponsored, \"paid partnership\", #pub, \"partenariat rémunéré\"), else a disclosure alert.",
		options, 1, 2 };
	clout_session *session = NULL;
	char **args;
	int nargs, rc;
	int64_t ws;
	if ((rc = cli_opt_parse(&spec, argc, argv, &args, &nargs)) != 0)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	bool list = !strcmp(args[0], "list"), add = !strcmp(args[0], "add"), rm = !strcmp(args[0], "rm");
	if (!(list && nargs == 1) && !((add || rm) && nargs == 2)) {
		fprintf(stderr, "clout listen partner: expected add @HANDLE, rm @HANDLE or list\n");
		free(args);
		return EXIT_USAGE;
	}
	if ((rc = cli_open_session("listen partner", ctx, db, workspace, add, &session)) != 0)
		goto done;
	clout_error *err = clout_session_err(session);
	if (clout_session_workspace(session, &ws) < 0) {
		rc = cli_fail_session("listen partner", session);
		goto done;
	}
	int lrc = list  ? clout_listen_partner_foreach(session, print_partner, NULL)
		  : add ? clout_listen_partner_add(session, platform, args[1])
			: clout_listen_partner_remove(session, platform, args[1]);
	if (lrc < 0)
		rc = err->code == CLOUT_EINVAL ? (fprintf(stderr, "clout listen partner: %s\n", err->message), EXIT_USAGE)
					      : cli_fail("listen partner", err);
done:
	clout_session_free(session);
	free(args);
	return rc;
}
