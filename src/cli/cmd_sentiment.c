/*
 * cmd_sentiment.c: `clout sentiment`: scores posts read as JSON lines ({"id":..., "text":...}) or
 * plain lines, and writes one JSON line per input record, in order. Malformed lines are reported
 * on stderr as FILE:LINE: what, and skipped; the exit status is then 65.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"

#define MAX_LINE (4u << 20)

static void print_result(const char *id_json, const clout_sentiment *s)
{
	printf("{\"id\":%s,\"lang\":\"%s\",\"compound\":%.4f,\"label\":\"%s\"}\n", id_json, s->lang, s->compound,
		s->label);
}

/* Scores one JSON line; returns 0, or 1 after reporting a malformed line. */
static int json_record(clout_text *t, const char *lang, const char *name, long lineno, const char *line,
	size_t len, int *rc)
{
	json_error_t jerr;
	json_t *doc = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
	json_t *id, *text;
	char *id_json = NULL;
	clout_sentiment s;
	int bad = 1;
	if (!doc) {
		fprintf(stderr, "clout sentiment: %s:%ld: malformed JSON: %s\n", name, lineno, jerr.text);
		goto done;
	}
	if (!json_is_object(doc)) {
		fprintf(stderr, "clout sentiment: %s:%ld: expected a JSON object\n", name, lineno);
		goto done;
	}
	if (!(id = json_object_get(doc, "id")) || !(json_is_string(id) || json_is_integer(id))) {
		fprintf(stderr, "clout sentiment: %s:%ld: \"id\" must be a string or an integer\n", name, lineno);
		goto done;
	}
	if (!(text = json_object_get(doc, "text")) || !json_is_string(text)) {
		fprintf(stderr, "clout sentiment: %s:%ld: \"text\" must be a string\n", name, lineno);
		goto done;
	}
	if (!(id_json = json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT))) {
		fprintf(stderr, "clout sentiment: %s:%ld: out of memory\n", name, lineno);
		*rc = EXIT_SOFTWARE;
		goto done;
	}
	if (clout_text_sentiment(t, json_string_value(text), json_string_length(text), lang, &s) < 0) {
		fprintf(stderr, "clout sentiment: %s:%ld: out of memory\n", name, lineno);
		*rc = EXIT_SOFTWARE;
		goto done;
	}
	print_result(id_json, &s);
	bad = 0;
done:
	free(id_json);
	json_decref(doc);
	return bad;
}

static int run(clout_text *t, FILE *in, const char *name, const char *lang, bool plain)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long lineno = 0, bad = 0;
	int rc = EXIT_OK;
	while ((n = getline(&line, &cap, in)) >= 0 && rc == EXIT_OK) {
		size_t len = (size_t)n;
		lineno++;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		if (len > MAX_LINE) {
			fprintf(stderr, "clout sentiment: %s:%ld: line longer than %u bytes\n", name, lineno, MAX_LINE);
			bad++;
			continue;
		}
		if (plain) {
			clout_sentiment s;
			char id[32];
			if (clout_text_sentiment(t, line, len, lang, &s) < 0) {
				fprintf(stderr, "clout sentiment: %s:%ld: out of memory\n", name, lineno);
				rc = EXIT_SOFTWARE;
				break;
			}
			snprintf(id, sizeof(id), "%ld", lineno);
			print_result(id, &s);
			continue;
		}
		size_t k = 0;
		while (k < len && (line[k] == ' ' || line[k] == '\t'))
			k++;
		if (k == len)
			continue; /* a blank line holds no record */
		bad += json_record(t, lang, name, lineno, line, len, &rc);
	}
	if (ferror(in)) {
		fprintf(stderr, "clout sentiment: %s: read error\n", name);
		rc = EXIT_IOERR;
	}
	free(line);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "clout sentiment: cannot write the output\n");
		rc = EXIT_IOERR;
	}
	if (rc == EXIT_OK && bad) {
		fprintf(stderr, "clout sentiment: %ld malformed line%s skipped\n", bad, bad == 1 ? "" : "s");
		rc = EXIT_DATAERR;
	}
	return rc;
}

int cmd_sentiment(int argc, char **argv)
{
	const char *lang = "auto", *lexicon = NULL;
	bool plain = false;
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "lang", 0, &lang, "LANG", "language of the posts: auto (default), en or fr" },
		{ CLI_OPT_FLAG, "plain", 0, &plain, NULL, "read one text per line instead of JSON lines (id = line number)" },
		{ CLI_OPT_STRING, "lexicon", 0, &lexicon, "FILE",
			"add a user lexicon (term<TAB>valence per line) to the language given by --lang (en if auto)" },
		{ 0 },
	};
	const cli_command_spec spec = { "sentiment", "[options] [FILE]",
		"Score the sentiment of posts: JSON lines with \"id\" and \"text\" in, one JSON line out per post.",
		options, 0, 1 };
	clout_text *t = NULL;
	clout_error err = { 0 };
	FILE *in = stdin;
	const char *name = "<stdin>";
	char **args;
	int nargs, rc;
	if ((rc = cli_opt_parse(&spec, argc, argv, &args, &nargs)) != 0)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if (strcmp(lang, "auto") && strcmp(lang, "en") && strcmp(lang, "fr")) {
		fprintf(stderr, "clout sentiment: --lang must be auto, en or fr, not '%s'\n", lang);
		free(args);
		return EXIT_USAGE;
	}
	if (nargs == 1 && strcmp(args[0], "-")) {
		name = args[0];
		if (!(in = fopen(name, "rb"))) {
			fprintf(stderr, "clout sentiment: %s: cannot open\n", name);
			free(args);
			return EXIT_NOINPUT;
		}
	}
	free(args);
	if (clout_text_new(&t, &err) < 0) {
		rc = cli_fail("sentiment", &err);
		goto done;
	}
	if (lexicon && clout_text_load_lexicon(t, strcmp(lang, "fr") ? "en" : "fr", lexicon, &err) < 0) {
		rc = cli_fail("sentiment", &err);
		goto done;
	}
	rc = run(t, in, name, strcmp(lang, "auto") ? lang : NULL, plain);
done:
	clout_text_free(t);
	if (in != stdin)
		fclose(in);
	return rc;
}
