/*
 * cmd_listen_inbox.c: `clout listen inbox`: the mentions routed to the team, overdue first, and what
 * is done with them (assign, reply --note, close), the SLAs (sla), who is on duty (duty) and the
 * response-time report (report); `clout listen sov`: share of voice between a brand's rule and its
 * competitors' rules.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "clout/convert.h"
#include "util/banned.h"

/* Opens the session and workspace; an exit status (> 0) on failure. */
static int open_ws(const char *cmd, const cli_context *ctx, const char *db, const char *workspace, bool create,
	clout_session **session, int64_t *ws)
{
	int rc = cli_open_session(cmd, ctx, db, workspace, create, session);
	if (rc == 0 && clout_session_workspace(*session, ws) < 0)
		rc = cli_fail_session(cmd, *session);
	return rc;
}

/* A library failure: a bad argument is a usage error (64), the rest as cli_fail. */
static int fail(const char *cmd, const clout_error *err)
{
	if (err->code == CLOUT_EINVAL) {
		fprintf(stderr, "clout %s: %s\n", cmd, err->message);
		return EXIT_USAGE;
	}
	return cli_fail(cmd, err);
}

static void utc(char *out, size_t cap, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!t)
		snprintf(out, cap, "-");
	else if (!gmtime_r(&tt, &tm) || !strftime(out, cap, "%Y-%m-%d %H:%M", &tm))
		snprintf(out, cap, "%lld", (long long)t);
}

typedef struct list_output {
	cli_format format;
	uint64_t rows;
} list_output;

static int print_mention(void *ctx, const clout_listen_mention *m)
{
	list_output *o = ctx;
	char due[32], posted[32];
	o->rows++;
	if (o->format == CLI_FORMAT_JSON) {
		char *json = clout_listen_mention_json(m);
		if (!json)
			return CLOUT_ENOMEM;
		printf("%s\n", json);
		free(json);
		return 0;
	}
	utc(due, sizeof(due), m->due_at);
	utc(posted, sizeof(posted), m->posted_at);
	if (o->format == CLI_FORMAT_CSV) {
		printf("%lld,%s,%s,%s,%s,%s,%s,%s,%s,%s,%.3f,%s\n", (long long)m->id, m->rule, m->team, m->priority, m->status,
			m->owner ? m->owner : "", m->handle ? m->handle : "", m->platform, m->post_ext_id, m->label, m->sentiment,
			m->breached ? "yes" : "no");
		return 0;
	}
	printf("%-6lld %-16s %-8s %-7s %-9s %-12s %-16s %-9s %-17s%s\n", (long long)m->id, m->rule, m->team, m->priority,
		m->status, m->owner ? m->owner : "-", m->handle ? m->handle : "-", m->label, due, m->breached ? " OVERDUE" : "");
	return 0;
}

static int inbox_list(const cli_context *ctx, int argc, char **argv)
{
	clout_listen_inbox_query q = CLOUT_LISTEN_INBOX_QUERY_INIT;
	const char *db = NULL, *workspace = NULL, *format_name = NULL;
	bool mine = false;
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "team", 0, &q.team, "TEAM", "only pr, social or support" },
		{ CLI_OPT_STRING, "owner", 0, &q.owner, "USER", "only USER's mentions" },
		{ CLI_OPT_FLAG, "mine", 0, &mine, NULL, "only my mentions ($CLOUT_USER, else $USER)" },
		{ CLI_OPT_STRING, "status", 0, &q.status, "S", "new, assigned, replied or closed (default: all but closed)" },
		{ CLI_OPT_FLAG, "breached", 0, &q.breached, NULL, "only mentions past their SLA" },
		{ CLI_OPT_POS_INT, "limit", 0, &q.limit, "N", "at most N mentions (1000)" },
		CLI_OPT_DB(&db), CLI_OPT_WORKSPACE(&workspace), CLI_OPT_FORMAT(&format_name), { 0 },
	};
	const cli_command_spec spec = { "listen inbox", "[list] [options]",
		"The mentions routed to the teams, overdue ones first, then by due time.", options, 0, 0 };
	clout_session *session = NULL;
	list_output out = { CLI_FORMAT_TABLE, 0 };
	int64_t ws;
	int rc;
	if (cli_parse_options(&spec, argc, argv, &rc))
		return rc;
	if (cli_parse_format("listen inbox", format_name, &out.format) < 0)
		return EXIT_USAGE;
	if ((rc = open_ws("listen inbox", ctx, db, workspace, false, &session, &ws)) != 0)
		goto done;
	if (mine) {
		if (q.owner) {
			fprintf(stderr, "clout listen inbox: --mine and --owner: give one\n");
			rc = EXIT_USAGE;
			goto done;
		}
		/* me: the session's user, else the clout user this shell names ($CLOUT_USER), else the login */
		if (!(q.owner = clout_session_user(session)) && !(q.owner = getenv("CLOUT_USER")) &&
		    !(q.owner = getenv("USER"))) {
			fprintf(stderr, "clout listen inbox: --mine: who is me? set $CLOUT_USER to your clout user name\n");
			rc = EXIT_USAGE;
			goto done;
		}
	}
	if (out.format == CLI_FORMAT_CSV)
		printf("id,rule,team,priority,status,owner,author,platform,post,label,sentiment,breached\n");
	else if (out.format == CLI_FORMAT_TABLE)
		printf("%-6s %-16s %-8s %-7s %-9s %-12s %-16s %-9s %-17s\n", "id", "rule", "team", "priority", "status",
			"owner", "author", "sentiment", "due (UTC)");
	clout_error *err = clout_session_err(session);
	if (clout_listen_inbox_foreach(session, &q, print_mention, &out) < 0)
		rc = fail("listen inbox", err);
done:
	clout_session_free(session);
	return rc;
}

/* assign ID USER, reply ID --note TEXT, close ID */
static int inbox_change(const cli_context *ctx, int argc, char **argv, const char *verb)
{
	const char *db = NULL, *workspace = NULL, *note = NULL, *as = NULL;
	cli_opt options[] = {
		CLI_OPT_DB(&db), CLI_OPT_WORKSPACE(&workspace),
		{ CLI_OPT_STRING, "note", 0, &note, "TEXT", "the answer given (reply)" },
		{ CLI_OPT_STRING, "as", 0, &as, "USER", "who answered (reply; default: the local user)" },
		{ 0 },
	};
	bool assign = !strcmp(verb, "assign"), reply = !strcmp(verb, "reply");
	char name[32];
	snprintf(name, sizeof(name), "listen inbox %s", verb);
	if (!reply)
		options[2] = (cli_opt){ 0 };
	const cli_command_spec spec = { name, assign ? "ID USER [options]" : reply ? "ID --note TEXT [options]" : "ID [options]",
		assign ? "Give a mention to a user." : reply ? "Log the answer to a mention (stops its response clock)."
							     : "Close a mention.",
		options, assign ? 2 : 1, assign ? 2 : 1 };
	clout_session *session = NULL;
	char **args;
	int nargs, rc;
	int64_t ws;
	if ((rc = cli_opt_parse(&spec, argc, argv, &args, &nargs)) != 0)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	int64_t id;
	if (cli_opt_number(name, "ID", args[0], CLI_OPT_POS_INT, &id) < 0) {
		rc = EXIT_USAGE;
		goto done;
	}
	if (reply && !note) {
		fprintf(stderr, "clout %s: --note TEXT is required\n", name);
		rc = EXIT_USAGE;
		goto done;
	}
	if ((rc = open_ws(name, ctx, db, workspace, false, &session, &ws)) != 0)
		goto done;
	clout_error *err = clout_session_err(session);
	int lrc = assign ? clout_listen_inbox_assign(session, id, args[1])
		  : reply ? clout_listen_inbox_reply(session, id, as ? as : clout_session_user(session), note)
			  : clout_listen_inbox_close(session, id);
	if (lrc < 0) {
		rc = fail(name, err);
		goto done;
	}
	char object[32];
	snprintf(object, sizeof(object), "mention:%lld", (long long)id);
	char action[32];
	snprintf(action, sizeof(action), "listen.%s", verb);
	rc = cli_audit(name, session, ws, action, object);
done:
	clout_session_free(session);
	free(args);
	return rc;
}

/* Parses "90", "30s", "45m", "2h", "1d" into seconds; -1 when malformed. */
static int64_t parse_duration(const char *text)
{
	char *end;
	long long n = strtoll(text, &end, 10);
	int64_t unit = 1;
	if (end == text || n <= 0)
		return -1;
	if (*end && end[1])
		return -1;
	switch (*end) {
	case '\0': case 's': unit = 1; break;
	case 'm': unit = 60; break;
	case 'h': unit = 3600; break;
	case 'd': unit = 86400; break;
	default: return -1;
	}
	return n > INT64_MAX / unit ? -1 : (int64_t)n * unit;
}

static int inbox_sla(const cli_context *ctx, int argc, char **argv)
{
	static const char *const teams[] = { "pr", "social", "support" }, *const priorities[] = { "low", "normal", "high" };
	const char *db = NULL, *workspace = NULL;
	const cli_opt options[] = { CLI_OPT_DB(&db), CLI_OPT_WORKSPACE(&workspace), { 0 } };
	const cli_command_spec spec = { "listen inbox sla", "[TEAM PRIORITY DURATION] [options]",
		"Show the response times allowed per team and priority, or set one (DURATION: 90s, 45m, 2h, 1d).",
		options, 0, 3 };
	clout_session *session = NULL;
	char **args;
	int nargs, rc;
	int64_t ws, seconds = 0;
	if ((rc = cli_opt_parse(&spec, argc, argv, &args, &nargs)) != 0)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if (nargs != 0 && nargs != 3) {
		fprintf(stderr, "clout listen inbox sla: expected TEAM PRIORITY DURATION, or nothing to show them\n");
		rc = EXIT_USAGE;
		goto done;
	}
	if (nargs == 3 && (seconds = parse_duration(args[2])) < 0) {
		fprintf(stderr, "clout listen inbox sla: DURATION: expected a number with s, m, h or d (got '%s')\n", args[2]);
		rc = EXIT_USAGE;
		goto done;
	}
	if ((rc = open_ws("listen inbox sla", ctx, db, workspace, nargs == 3, &session, &ws)) != 0)
		goto done;
	clout_error *err = clout_session_err(session);
	if (nargs == 3) {
		if (clout_listen_sla_set(session, args[0], args[1], seconds) < 0)
			rc = fail("listen inbox sla", err);
		goto done;
	}
	printf("%-8s %-8s %s\n", "team", "priority", "seconds");
	for (int t = 0; t < 3; t++)
		for (int p = 0; p < 3; p++) {
			if (clout_listen_sla_get(session, teams[t], priorities[p], &seconds) < 0) {
				rc = fail("listen inbox sla", err);
				goto done;
			}
			printf("%-8s %-8s %lld\n", teams[t], priorities[p], (long long)seconds);
		}
done:
	clout_session_free(session);
	free(args);
	return rc;
}

static int inbox_duty(const cli_context *ctx, int argc, char **argv)
{
	const char *db = NULL, *workspace = NULL;
	const cli_opt options[] = { CLI_OPT_DB(&db), CLI_OPT_WORKSPACE(&workspace), { 0 } };
	const cli_command_spec spec = { "listen inbox duty", "USER on|off [options]",
		"Put a team member on or off duty: round robin skips members off duty.", options, 2, 2 };
	clout_session *session = NULL;
	char **args;
	int nargs, rc;
	int64_t ws;
	if ((rc = cli_opt_parse(&spec, argc, argv, &args, &nargs)) != 0)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if (strcmp(args[1], "on") && strcmp(args[1], "off")) {
		fprintf(stderr, "clout listen inbox duty: expected on or off (got '%s')\n", args[1]);
		rc = EXIT_USAGE;
	} else if ((rc = open_ws("listen inbox duty", ctx, db, workspace, false, &session, &ws)) == 0 &&
		   clout_listen_duty_set(session, args[0], !strcmp(args[1], "on")) < 0) {
		rc = fail("listen inbox duty", clout_session_err(session));
	}
	clout_session_free(session);
	free(args);
	return rc;
}

static int inbox_report(const cli_context *ctx, int argc, char **argv)
{
	const char *db = NULL, *workspace = NULL, *format_name = NULL;
	const cli_opt options[] = { CLI_OPT_DB(&db), CLI_OPT_WORKSPACE(&workspace), CLI_OPT_FORMAT(&format_name), { 0 } };
	const cli_command_spec spec = { "listen inbox report", "[options]",
		"Per team: mentions, answered, answered within the SLA, breaches, open, median and P90 first-response time.",
		options, 0, 0 };
	clout_listen_team_report r[3];
	clout_session *session = NULL;
	cli_format format;
	int64_t ws;
	int rc;
	if (cli_parse_options(&spec, argc, argv, &rc))
		return rc;
	if (cli_parse_format("listen inbox report", format_name, &format) < 0)
		return EXIT_USAGE;
	if ((rc = open_ws("listen inbox report", ctx, db, workspace, false, &session, &ws)) != 0)
		goto done;
	if (clout_listen_inbox_report(session, 0, 0, 0, r) < 0) {
		rc = cli_fail_session("listen inbox report", session);
		goto done;
	}
	if (format == CLI_FORMAT_TABLE)
		printf("%-8s %8s %8s %10s %8s %6s %9s %9s %11s\n", "team", "mentions", "answered", "within_sla", "breached",
			"open", "median_s", "p90_s", "sla_share");
	else if (format == CLI_FORMAT_CSV)
		printf("team,mentions,answered,within_sla,breached,open,median_s,p90_s,sla_share\n");
	for (int t = 0; t < 3; t++) {
		double share = r[t].answered ? (double)r[t].within_sla / (double)r[t].answered : 0.0;
		if (format == CLI_FORMAT_JSON)
			printf("{\"team\":\"%s\",\"mentions\":%llu,\"answered\":%llu,\"within_sla\":%llu,\"breached\":%llu,"
			       "\"open\":%llu,\"median_s\":%lld,\"p90_s\":%lld,\"sla_share\":%.4f}\n",
				r[t].team, (unsigned long long)r[t].mentions, (unsigned long long)r[t].answered,
				(unsigned long long)r[t].within_sla, (unsigned long long)r[t].breached, (unsigned long long)r[t].open,
				(long long)r[t].median_s, (long long)r[t].p90_s, share);
		else
			printf(format == CLI_FORMAT_CSV ? "%s,%llu,%llu,%llu,%llu,%llu,%lld,%lld,%.4f\n"
							: "%-8s %8llu %8llu %10llu %8llu %6llu %9lld %9lld %11.4f\n",
				r[t].team, (unsigned long long)r[t].mentions, (unsigned long long)r[t].answered,
				(unsigned long long)r[t].within_sla, (unsigned long long)r[t].breached, (unsigned long long)r[t].open,
				(long long)r[t].median_s, (long long)r[t].p90_s, share);
	}
done:
	clout_session_free(session);
	return rc;
}

int cmd_listen_inbox(const cli_context *ctx, int argc, char **argv)
{
	if (argc >= 2 && argv[1][0] != '-') {
		const char *verb = argv[1];
		if (!strcmp(verb, "list"))
			return inbox_list(ctx, argc - 1, argv + 1);
		if (!strcmp(verb, "assign") || !strcmp(verb, "reply") || !strcmp(verb, "close"))
			return inbox_change(ctx, argc - 1, argv + 1, verb);
		if (!strcmp(verb, "sla"))
			return inbox_sla(ctx, argc - 1, argv + 1);
		if (!strcmp(verb, "duty"))
			return inbox_duty(ctx, argc - 1, argv + 1);
		if (!strcmp(verb, "report"))
			return inbox_report(ctx, argc - 1, argv + 1);
		fprintf(stderr, "clout listen inbox: unknown subcommand '%s' (list, assign, reply, close, sla, duty, report)\n",
			verb);
		return EXIT_USAGE;
	}
	return inbox_list(ctx, argc, argv);
}

/* ---- share of voice ---- */

static int parse_when(const char *name, const char *text, bool end, int64_t *out)
{
	clout_error err = { 0 };
	int64_t ms;
	bool date_only = false;
	*out = 0;
	if (!text)
		return 0;
	if (clout_convert_time_parse(&ms, text, &date_only, &err) < 0) {
		fprintf(stderr, "clout listen sov: --%s: %s\n", name, err.message);
		return -1;
	}
	*out = ms / 1000 + (end && date_only ? 86400 : 0);
	return 0;
}

int cmd_listen_sov(const cli_context *ctx, int argc, char **argv)
{
	clout_listen_sov_options o = CLOUT_LISTEN_SOV_OPTIONS_INIT;
	const char *db = NULL, *workspace = NULL, *format_name = NULL, *by = NULL, *from = NULL, *to = NULL;
	cli_list competitors = { NULL, 0 };
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "brand", 0, &o.brand, "RULE", "the brand's rule" },
		{ CLI_OPT_LIST, "competitor", 0, &competitors, "RULE", "a competitor's rule (repeat)" },
		{ CLI_OPT_STRING, "by", 0, &by, "PERIOD", "day (default) or week" },
		{ CLI_OPT_STRING, "from", 0, &from, "DATE", "posts from DATE" },
		{ CLI_OPT_STRING, "to", 0, &to, "DATE", "posts up to DATE (included)" },
		CLI_OPT_DB(&db), CLI_OPT_WORKSPACE(&workspace), CLI_OPT_FORMAT(&format_name), { 0 },
	};
	const cli_command_spec spec = { "listen sov", "--brand RULE --competitor RULE... [options]",
		"Share of voice per period: mentions, share, sentiment split and reach per rule.", options, 0, 0 };
	clout_listen_sov_row *rows = NULL;
	clout_session *session = NULL;
	cli_format format;
	size_t n = 0;
	int64_t ws;
	int rc;
	if (cli_parse_options(&spec, argc, argv, &rc)) {
		free(competitors.items); /* --help after a --competitor */
		return rc;
	}
	rc = EXIT_USAGE;
	if (!o.brand) {
		fprintf(stderr, "clout listen sov: --brand RULE is required\n");
		goto done;
	}
	if (by && strcmp(by, "day") && strcmp(by, "week")) {
		fprintf(stderr, "clout listen sov: --by: expected day or week (got '%s')\n", by);
		goto done;
	}
	if (cli_parse_format("listen sov", format_name, &format) < 0 || parse_when("from", from, false, &o.from) < 0 ||
	    parse_when("to", to, true, &o.to) < 0)
		goto done;
	o.by_week = by && !strcmp(by, "week");
	o.competitors = competitors.items;
	o.ncompetitors = (size_t)competitors.count;
	if ((rc = open_ws("listen sov", ctx, db, workspace, false, &session, &ws)) != 0)
		goto done;
	if (clout_listen_sov(session, &o, &rows, &n) < 0) {
		rc = fail("listen sov", clout_session_err(session));
		goto done;
	}
	if (format == CLI_FORMAT_TABLE)
		printf("%-10s %-20s %8s %7s %8s %7s %8s %12s\n", "period", "rule", "mentions", "share", "positive", "neutral",
			"negative", "reach");
	else if (format == CLI_FORMAT_CSV)
		printf("period,rule,mentions,share,positive,neutral,negative,reach\n");
	for (size_t i = 0; i < n; i++) {
		char day[16];
		time_t t = (time_t)rows[i].period;
		struct tm tm;
		if (!gmtime_r(&t, &tm) || !strftime(day, sizeof(day), "%Y-%m-%d", &tm))
			snprintf(day, sizeof(day), "%lld", (long long)rows[i].period);
		const clout_listen_sov_row *r = &rows[i];
		if (format == CLI_FORMAT_JSON) {
			printf("{\"period\":\"%s\",\"rule\":", day);
			cli_json_string(stdout, r->rule);
			printf(",\"mentions\":%llu,\"share\":%.4f,\"positive\":%llu,\"neutral\":%llu,\"negative\":%llu,\"reach\":%lld}\n",
				(unsigned long long)r->mentions, r->share, (unsigned long long)r->positive,
				(unsigned long long)r->neutral, (unsigned long long)r->negative, (long long)r->reach);
		} else {
			printf(format == CLI_FORMAT_CSV ? "%s,%s,%llu,%.4f,%llu,%llu,%llu,%lld\n"
							: "%-10s %-20s %8llu %7.4f %8llu %7llu %8llu %12lld\n",
				day, r->rule, (unsigned long long)r->mentions, r->share, (unsigned long long)r->positive,
				(unsigned long long)r->neutral, (unsigned long long)r->negative, (long long)r->reach);
		}
	}
done:
	free(rows);
	free(competitors.items);
	clout_session_free(session);
	return rc;
}
