/*
 * cmd_sentiment.c: `clout sentiment`: scores posts read as JSON lines ({"id":..., "text":...}) or
 * plain lines, and writes one JSON line per input record, in order. Malformed lines are reported
 * on stderr as FILE:LINE: what, and skipped; the exit status is then 65. It runs
 * clout_session_sentiment_lines on a session without a store (none is needed or opened).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/banned.h"

/* Writes a block of JSON lines to stdout. */
static int print_lines(void *ctx, const char *data, size_t len)
{
	(void)ctx;
	return fwrite(data, 1, len, stdout) == len ? 0 : CLOUT_EIO;
}

static int print_bad(void *ctx, const clout_error *err)
{
	(void)ctx;
	fprintf(stderr, "clout sentiment: %s\n", err->message);
	return 0;
}

/* Reads --param NAME=VALUE options for lang into out (params->count entries, the names in
 * names); 0 or the exit status after printing why. */
static int parse_params(clout_session_param *out, char (*names)[64], const char *lang, const cli_list *params)
{
	for (int i = 0; i < params->count; i++) {
		const char *eq = strchr(params->items[i], '=');
		if (!eq || eq == params->items[i] || (size_t)(eq - params->items[i]) >= sizeof(names[i])) {
			fprintf(stderr, "clout sentiment: --param: '%s' is not NAME=VALUE\n", params->items[i]);
			return EXIT_USAGE;
		}
		snprintf(names[i], sizeof(names[i]), "%.*s", (int)(eq - params->items[i]), params->items[i]);
		if (cli_opt_number("sentiment", names[i], eq + 1, CLI_OPT_REAL, &out[i].value) < 0)
			return EXIT_USAGE;
		out[i].lang = lang;
		out[i].name = names[i];
	}
	return 0;
}

int cmd_sentiment(const cli_context *ctx, int argc, char **argv)
{
	(void)ctx;
	const char *lang = "auto", *lexicon = NULL;
	bool plain = false;
	cli_list params = { NULL, 0 };
	int64_t threads = sysconf(_SC_NPROCESSORS_ONLN) > 0 ? sysconf(_SC_NPROCESSORS_ONLN) : 1;
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "lang", 0, &lang, "LANG", "language of the posts: auto (default), en or fr" },
		{ CLI_OPT_FLAG, "plain", 0, &plain, NULL, "read one text per line instead of JSON lines (id = line number)" },
		{ CLI_OPT_STRING, "lexicon", 0, &lexicon, "FILE",
			"add a user lexicon (term<TAB>valence per line) to the language given by --lang (en if auto)" },
		{ CLI_OPT_POS_INT, "threads", 'j', &threads, "N", "scoring threads (default: all cores); the output does not depend on it" },
		{ CLI_OPT_LIST, "param", 0, &params, "NAME=VALUE",
			"set a rules.txt parameter of --lang's language (en if auto); may repeat" },
		{ 0 },
	};
	const cli_command_spec spec = { "sentiment", "[options] [FILE]",
		"Score the sentiment of posts: JSON lines with \"id\" and \"text\" in, one JSON line out per post.",
		options, 0, 1 };
	clout_session_options so = CLOUT_SESSION_OPTIONS_INIT;
	clout_session_sentiment_options lines = CLOUT_SESSION_SENTIMENT_OPTIONS_INIT;
	clout_session_lexicon lex;
	clout_session_param *ps = NULL;
	char (*names)[64] = NULL;
	clout_session *session = NULL;
	clout_text_lines_stats stats;
	clout_error err = { 0 };
	FILE *in = stdin;
	const char *name = "<stdin>", *rules_lang;
	char **args;
	int nargs, rc;
	if ((rc = cli_opt_parse(&spec, argc, argv, &args, &nargs)) != 0)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if (strcmp(lang, "auto") && !clout_vocab_language_known(lang)) {
		fprintf(stderr, "clout sentiment: --lang must be auto, en or fr, not '%s'\n", lang);
		free(args);
		free(params.items);
		return EXIT_USAGE;
	}
	if (nargs == 1 && strcmp(args[0], "-")) {
		name = args[0];
		if (!(in = fopen(name, "rb"))) {
			free(args);
			free(params.items);
			return cli_fail_open("sentiment", name);
		}
	}
	free(args);
	/* the session has no store: only the text model, with the user's lexicon and parameters */
	rules_lang = strcmp(lang, "fr") ? "en" : "fr";
	if (params.count && (!(ps = calloc((size_t)params.count, sizeof(*ps))) || !(names = calloc((size_t)params.count, sizeof(*names))))) {
		clout_error_set(&err, CLOUT_ENOMEM, "out of memory");
		rc = cli_fail("sentiment", &err);
		goto done;
	}
	if ((rc = parse_params(ps, names, rules_lang, &params)) != 0)
		goto done;
	so.no_store = true;
	if (lexicon) {
		lex.lang = rules_lang;
		lex.path = lexicon;
		so.lexicons = &lex;
		so.nlexicons = 1;
	}
	so.params = ps;
	so.nparams = (size_t)params.count;
	if (clout_session_open(&session, &so, &err) < 0) {
		rc = cli_fail("sentiment", &err);
		goto done;
	}
	lines.name = name;
	lines.lang = lang;
	lines.plain = plain;
	lines.threads = threads > 64 ? 64 : (unsigned)threads;
	lines.write = print_lines;
	lines.bad = print_bad;
	rc = clout_session_sentiment_lines(session, in, &lines, &stats);
	if (rc == CLOUT_EIO && clout_session_error(session)->code == 0) {
		fprintf(stderr, "clout sentiment: cannot write the output\n"); /* print_lines failed */
		rc = EXIT_IOERR;
		goto done;
	}
	if (rc < 0) {
		if (clout_session_error(session)->code == 0)
			clout_error_set(clout_session_err(session), CLOUT_ENOMEM, "out of memory");
		rc = cli_fail_session("sentiment", session);
		goto done;
	}
	if (fflush(stdout) != 0) {
		fprintf(stderr, "clout sentiment: cannot write the output\n");
		rc = EXIT_IOERR;
		goto done;
	}
	rc = EXIT_OK;
	if (stats.bad) {
		fprintf(stderr, "clout sentiment: %llu malformed line%s skipped\n", (unsigned long long)stats.bad,
			stats.bad == 1 ? "" : "s");
		rc = EXIT_DATAERR;
	}
done:
	free(params.items);
	free(ps);
	free(names);
	clout_session_free(session);
	if (in != stdin)
		fclose(in);
	return rc;
}
