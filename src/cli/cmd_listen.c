/*
 * cmd_listen.c: `clout listen`: listening rules. `listen test EXPR FILE...` tries a rule before it
 * is saved: it reads clout JSON lines (docs/formats.md; accounts give the handles that from:
 * compares, posts are matched) and prints the id of every post that matches, one per line.
 * `listen rule add|list|rm|test` keeps rules in the store's workspace. The other subcommands are in
 * cmd_listen_run.c (run, alerts, partner) and cmd_listen_inbox.c (inbox, sov).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "util/map.h"
#include "util/banned.h"

#define MAX_LINE (4u << 20)

/* Account handles by "platform\x1fid", read from account records, for from: filters. */
typedef struct handles {
	clout_smap keys;
	char **names;
	size_t cap;
} handles;

static int key_of(char *out, size_t cap, const char *platform, const char *id)
{
	int n = snprintf(out, cap, "%s\x1f%s", platform ? platform : "", id);
	return n < 0 || (size_t)n >= cap ? -1 : n;
}

static int remember_handle(handles *h, const char *platform, const char *id, const char *handle)
{
	char key[512];
	int n = key_of(key, sizeof(key), platform, id);
	if (n < 0)
		return 0; /* an id that long cannot be an author we will meet */
	int64_t k = clout_smap_intern(&h->keys, key, (size_t)n);
	if (k < 0)
		return -1;
	if ((size_t)k >= h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 256;
		char **names = realloc(h->names, cap * sizeof(*names));
		if (!names)
			return -1;
		memset(names + h->cap, 0, (cap - h->cap) * sizeof(*names));
		h->names = names;
		h->cap = cap;
	}
	free(h->names[k]);
	return (h->names[k] = strdup(handle)) ? 0 : -1;
}

static const char *find_handle(const handles *h, const char *platform, const char *id)
{
	char key[512];
	int n = key_of(key, sizeof(key), platform, id);
	int64_t k = n < 0 ? -1 : clout_smap_find(&h->keys, key, (size_t)n);
	return k < 0 ? NULL : h->names[k];
}

/* A JSON id (string or integer) as text in buf. */
static const char *id_text(json_t *v, char *buf, size_t cap)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return buf;
	}
	return NULL;
}

static int print_match(void *ctx, uint32_t rule)
{
	(void)rule;
	*(bool *)ctx = true;
	return 0;
}

typedef struct test_run {
	clout_listen_set *set;
	clout_listen_matcher *m;
	handles h;
	long matched;
} test_run;

/* Matches one JSON line; returns an exit status (EXIT_OK to go on). */
static int test_record(test_run *r, const char *name, long lineno, const char *line, size_t len)
{
	json_error_t jerr;
	clout_error err = { 0 };
	json_t *doc = json_loadb(line, len, 0, &jerr);
	int rc = EXIT_OK;
	char idbuf[32], authbuf[32];
	if (!doc || !json_is_object(doc)) {
		fprintf(stderr, "clout listen: %s:%ld: %s\n", name, lineno, doc ? "expected a JSON object" : jerr.text);
		rc = EXIT_DATAERR;
		goto done;
	}
	const char *type = json_string_value(json_object_get(doc, "type"));
	const char *platform = json_string_value(json_object_get(doc, "platform"));
	json_t *text = json_object_get(doc, "text");
	const char *id = id_text(json_object_get(doc, "id"), idbuf, sizeof(idbuf));
	if ((type && !strcmp(type, "account")) || (!type && json_object_get(doc, "handle") && !text)) {
		const char *handle = json_string_value(json_object_get(doc, "handle"));
		if (id && handle && remember_handle(&r->h, platform, id, handle) < 0) {
			fprintf(stderr, "clout listen: out of memory\n");
			rc = EXIT_SOFTWARE;
		}
		goto done;
	}
	if ((type && strcmp(type, "post")) || !json_is_string(text))
		goto done; /* edges, and posts without text, cannot match */
	if (!id) {
		fprintf(stderr, "clout listen: %s:%ld: \"id\" must be a string or an integer\n", name, lineno);
		rc = EXIT_DATAERR;
		goto done;
	}
	const char *author = id_text(json_object_get(doc, "author"), authbuf, sizeof(authbuf));
	const char *kind = json_string_value(json_object_get(doc, "kind"));
	clout_listen_post post = { json_string_value(text), json_string_length(text),
		json_string_value(json_object_get(doc, "lang")), platform,
		author ? find_handle(&r->h, platform, author) : NULL, kind && !strcmp(kind, "reply"), false };
	bool hit = false;
	if (clout_listen_match(r->m, r->set, &post, print_match, &hit, &err) < 0) {
		rc = cli_fail("listen", &err);
		goto done;
	}
	if (hit) {
		fputs(id, stdout);
		fputc('\n', stdout);
		r->matched++;
	}
done:
	json_decref(doc);
	return rc;
}

static int test_file(test_run *r, const char *path)
{
	FILE *in = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	const char *name = in == stdin ? "<stdin>" : path;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long lineno = 0;
	int rc = EXIT_OK;
	if (!in)
		return cli_fail_open("listen", path);
	while (rc == EXIT_OK && (n = getline(&line, &cap, in)) >= 0) {
		size_t len = (size_t)n;
		lineno++;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		if (len > MAX_LINE) {
			fprintf(stderr, "clout listen: %s:%ld: line longer than %u bytes\n", name, lineno, MAX_LINE);
			rc = EXIT_DATAERR;
		} else if (strspn(line, " \t") < len) {
			rc = test_record(r, name, lineno, line, len);
		}
	}
	if (rc == EXIT_OK && ferror(in)) {
		fprintf(stderr, "clout listen: %s: read error\n", name);
		rc = EXIT_IOERR;
	}
	free(line);
	if (in != stdin)
		fclose(in);
	return rc;
}

/* Matches the posts of files against one rule: expr, or (session given) the saved rule called name. */
static int run_test(const char *expr, clout_session *session, const char *name, char **files, int nfiles)
{
	clout_text *t = NULL;
	clout_error err = { 0 };
	test_run r = { 0 };
	int rc = EXIT_OK;
	if (clout_smap_init(&r.h.keys, 256) < 0) {
		fprintf(stderr, "clout listen: out of memory\n");
		rc = EXIT_SOFTWARE;
		goto done;
	}
	const clout_text_model *model = NULL;
	/* the posts are folded with the model the saved rule is parsed with: the session's */
	if (session && clout_session_text_model(session, &model) < 0) {
		rc = cli_fail("listen", clout_session_err(session));
		goto done;
	}
	if (clout_text_new(&t, model, &err) < 0 || clout_listen_set_new(&r.set, &err) < 0) {
		rc = cli_fail("listen", &err);
		goto done;
	}
	if (session && clout_listen_set_load(session, r.set, name) < 0) {
		rc = cli_fail("listen", clout_session_err(session));
		goto done;
	}
	if ((!session && clout_listen_set_add(r.set, t, NULL, expr, NULL, &err) < 0) ||
		clout_listen_set_compile(r.set, true, &err) < 0 || clout_listen_matcher_new(&r.m, t, &err) < 0) {
		rc = cli_fail("listen", &err);
		goto done;
	}
	for (int k = 0; k < nfiles && rc == EXIT_OK; k++)
		rc = test_file(&r, files[k]);
	if (fflush(stdout) != 0 && rc == EXIT_OK) {
		fprintf(stderr, "clout listen: cannot write the output\n");
		rc = EXIT_IOERR;
	}
done:
	for (size_t k = 0; k < r.h.cap; k++)
		free(r.h.names[k]);
	free(r.h.names);
	clout_smap_release(&r.h.keys);
	clout_listen_matcher_free(r.m);
	clout_listen_set_free(r.set);
	clout_text_free(t);
	return rc;
}

static int cmd_listen_test(const cli_context *ctx, int argc, char **argv)
{
	const cli_opt options[] = { { 0 } };
	const cli_command_spec spec = { "listen test", "EXPR FILE...",
		"Print the id of every post in FILE (clout JSON lines, - for stdin) that rule EXPR matches.\n"
		"Account records give the handles that from: compares (list accounts before posts).",
		options, 2, -1 };
	char **args;
	int nargs, rc;
	(void)ctx;
	if ((rc = cli_opt_parse(&spec, argc, argv, &args, &nargs)) != 0)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	rc = run_test(args[0], NULL, NULL, args + 1, nargs - 1);
	free(args);
	return rc;
}

/* ---- saved rules ---- */

/* Opens the session of a rule command and its workspace; an exit status (> 0) on failure. */
static int open_rules(const char *cmd, const cli_context *ctx, const char *db, const char *workspace, bool create,
	clout_session **session, int64_t *ws)
{
	int rc = cli_open_session(cmd, ctx, db, workspace, create, session);
	if (rc == 0 && clout_session_workspace(*session, ws) < 0)
		rc = cli_fail_session(cmd, *session);
	return rc;
}

static int rule_add(const cli_context *ctx, int argc, char **argv)
{
	clout_listen_rule rule = CLOUT_LISTEN_RULE_INIT;
	const char *db = NULL, *workspace = NULL;
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "kind", 0, &rule.kind, "KIND", "brand (default), competitor, campaign or influencer" },
		{ CLI_OPT_STRING, "team", 0, &rule.team, "TEAM", "who answers its mentions: pr, social (default) or support" },
		{ CLI_OPT_STRING, "priority", 0, &rule.priority, "P", "low, normal (default) or high" },
		{ CLI_OPT_STRING, "owner", 0, &rule.owner, "USER", "who answers every mention (default: round robin in the team)" },
		CLI_OPT_DB(&db),
		CLI_OPT_WORKSPACE(&workspace),
		{ 0 },
	};
	const cli_command_spec spec = { "listen rule add", "NAME EXPR [options]",
		"Save a listening rule (the language is in docs/listen.md).", options, 2, 2 };
	clout_session *session = NULL;
	char **args;
	int nargs, rc;
	int64_t ws, id;
	if ((rc = cli_opt_parse(&spec, argc, argv, &args, &nargs)) != 0)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	rule.name = args[0];
	rule.expr = args[1];
	if ((rc = open_rules("listen rule add", ctx, db, workspace, true, &session, &ws)) != 0)
		goto done;
	if (clout_listen_rule_add(session, &rule, &id) < 0) {
		const clout_error *err = clout_session_error(session);
		rc = err->code == CLOUT_EINVAL ? (fprintf(stderr, "clout listen rule add: %s\n", err->message), EXIT_USAGE)
					       : cli_fail("listen rule add", err);
		goto done;
	}
	printf("%s\n", rule.name);
done:
	clout_session_free(session);
	free(args);
	return rc;
}

static int rule_rm(const cli_context *ctx, int argc, char **argv)
{
	const char *db = NULL, *workspace = NULL;
	const cli_opt options[] = { CLI_OPT_DB(&db), CLI_OPT_WORKSPACE(&workspace), { 0 } };
	const cli_command_spec spec = { "listen rule rm", "NAME [options]", "Delete a saved listening rule.", options, 1, 1 };
	clout_session *session = NULL;
	char **args;
	int nargs, rc;
	int64_t ws;
	if ((rc = cli_opt_parse(&spec, argc, argv, &args, &nargs)) != 0)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if ((rc = open_rules("listen rule rm", ctx, db, workspace, false, &session, &ws)) != 0)
		goto done;
	if (clout_listen_rule_remove(session, args[0]) < 0)
		rc = cli_fail_session("listen rule rm", session);
done:
	clout_session_free(session);
	free(args);
	return rc;
}

static int print_rule(void *ctx, const clout_listen_rule *r)
{
	cli_format format = *(cli_format *)ctx;
	if (format == CLI_FORMAT_JSON) {
		json_t *row = json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:I,s:s}", "id", (json_int_t)r->id, "name", r->name, "kind",
			r->kind, "team", r->team, "priority", r->priority, "owner", r->owner ? json_string(r->owner) : json_null(),
			"created_at", (json_int_t)r->created_at, "expr", r->expr);
		if (!row || json_dumpf(row, stdout, JSON_COMPACT) < 0) {
			json_decref(row);
			return 1; /* stops the walk: out of memory */
		}
		json_decref(row);
		putchar('\n');
	} else if (format == CLI_FORMAT_CSV) {
		printf("%s,%s,%s,%s,", r->name, r->kind, r->team, r->priority);
		cli_csv_field(stdout, r->expr);
		printf("\n");
	} else {
		printf("%-20s %-11s %-8s %-9s %s\n", r->name, r->kind, r->team, r->priority, r->expr);
	}
	return 0;
}

static int rule_list(const cli_context *ctx, int argc, char **argv)
{
	const char *db = NULL, *workspace = NULL, *format_name = NULL;
	const cli_opt options[] = { CLI_OPT_DB(&db), CLI_OPT_WORKSPACE(&workspace), CLI_OPT_FORMAT(&format_name), { 0 } };
	const cli_command_spec spec = { "listen rule list", "[options]", "List the saved listening rules.", options, 0, 0 };
	clout_session *session = NULL;
	cli_format format;
	int64_t ws;
	int rc;
	if (cli_parse_options(&spec, argc, argv, &rc))
		return rc;
	if (cli_parse_format("listen rule list", format_name, &format) < 0)
		return EXIT_USAGE;
	if ((rc = open_rules("listen rule list", ctx, db, workspace, false, &session, &ws)) != 0) {
		clout_session_free(session);
		return rc;
	}
	if (format == CLI_FORMAT_CSV)
		printf("name,kind,team,priority,expr\n");
	else if (format == CLI_FORMAT_TABLE)
		printf("%-20s %-11s %-8s %-9s %s\n", "name", "kind", "team", "priority", "rule");
	int walk = clout_listen_rule_foreach(session, NULL, print_rule, &format);
	if (walk < 0)
		rc = cli_fail_session("listen rule list", session);
	else if (walk > 0) {
		fprintf(stderr, "clout listen rule list: out of memory\n");
		rc = EXIT_SOFTWARE;
	}
	clout_session_free(session);
	return rc;
}

static int rule_test(const cli_context *ctx, int argc, char **argv)
{
	const char *db = NULL, *workspace = NULL;
	const cli_opt options[] = { CLI_OPT_DB(&db), CLI_OPT_WORKSPACE(&workspace), { 0 } };
	const cli_command_spec spec = { "listen rule test", "NAME FILE... [options]",
		"Print the id of every post in FILE (clout JSON lines, - for stdin) that the saved rule NAME matches.",
		options, 2, -1 };
	clout_session *session = NULL;
	char **args;
	int nargs, rc;
	int64_t ws;
	if ((rc = cli_opt_parse(&spec, argc, argv, &args, &nargs)) != 0)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if ((rc = open_rules("listen rule test", ctx, db, workspace, false, &session, &ws)) == 0)
		rc = run_test(NULL, session, args[0], args + 1, nargs - 1);
	clout_session_free(session);
	free(args);
	return rc;
}

typedef struct subcommand {
	const char *name;
	int (*fn)(const cli_context *, int, char **);
	const char *summary;
} subcommand;

static const subcommand rule_subcommands[] = {
	{ "add", rule_add, "save a rule: NAME EXPR [--kind K] [--team T] [--priority P]" },
	{ "list", rule_list, "list the saved rules" },
	{ "rm", rule_rm, "delete a saved rule" },
	{ "test", rule_test, "print the ids of the posts in FILE that a saved rule matches" },
};

static int dispatch(const char *cmd, const subcommand *subs, size_t nsubs, const cli_context *ctx, int argc,
	char **argv);

static int cmd_listen_rule(const cli_context *ctx, int argc, char **argv)
{
	return dispatch("listen rule", rule_subcommands, sizeof(rule_subcommands) / sizeof(rule_subcommands[0]), ctx, argc,
		argv);
}

static const subcommand subcommands[] = {
	{ "test", cmd_listen_test, "print the ids of the posts in FILE that a rule matches" },
	{ "rule", cmd_listen_rule, "saved rules: add, list, rm, test" },
	{ "run", cmd_listen_run, "match posts (files, -, --follow) against the saved rules and store mentions" },
	{ "inbox", cmd_listen_inbox, "the mentions routed to the teams: list, assign, reply, close, sla, duty, report" },
	{ "alerts", cmd_listen_alerts, "the alerts raised: spike, crisis, influencer, disclosure" },
	{ "sov", cmd_listen_sov, "share of voice between a brand's rule and its competitors'" },
	{ "partner", cmd_listen_partner, "accounts under contract, whose sponsored posts must disclose: add, rm, list" },
};

static int dispatch(const char *cmd, const subcommand *subs, size_t nsubs, const cli_context *ctx, int argc,
	char **argv)
{
	if (argc >= 2)
		for (size_t k = 0; k < nsubs; k++)
			if (!strcmp(argv[1], subs[k].name))
				return subs[k].fn(ctx, argc - 1, argv + 1);
	bool help = argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));
	FILE *out = help ? stdout : stderr;
	if (!help && argc >= 2)
		fprintf(stderr, "clout %s: unknown subcommand '%s'\n", cmd, argv[1]);
	fprintf(out, "usage: clout %s SUBCOMMAND ...\n\nListening (docs/listen.md).\n\nsubcommands:\n", cmd);
	for (size_t k = 0; k < nsubs; k++)
		fprintf(out, "  %-10s %s\n", subs[k].name, subs[k].summary);
	return help ? EXIT_OK : EXIT_USAGE;
}

int cmd_listen(const cli_context *ctx, int argc, char **argv)
{
	return dispatch("listen", subcommands, sizeof(subcommands) / sizeof(subcommands[0]), ctx, argc, argv);
}
