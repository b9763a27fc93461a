/*
 * cmd_sentiment.c: `clout sentiment`: scores posts read as JSON lines ({"id":..., "text":...}) or
 * plain lines, and writes one JSON line per input record, in order. Malformed lines are reported
 * on stderr as FILE:LINE: what, and skipped; the exit status is then 65.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"

#define MAX_LINE (4u << 20)

/*
 * Writes x as printf's "%.4f" would, without printf (it was the larger part of the CLI's own time).
 * x * 10000 is exact in an x87 long double (53 + 10 significant bits fit its 64), so rounding
 * that product to an integer, ties to even as glibc does, gives printf's digits. Values that are
 * not finite or not small, or a long double without 64 bits, go through snprintf.
 */
static size_t put_fixed4(char *p, double x)
{
#if LDBL_MANT_DIG >= 64
	if (isfinite(x) && fabs(x) < 1e9) {
		char *start = p;
		if (signbit(x))
			*p++ = '-'; /* printf keeps the sign of -0.0 and of what rounds to it */
		long double v = fabsl((long double)x) * 10000.0L;
		long double whole = floorl(v), frac = v - whole;
		uint64_t q = (uint64_t)whole;
		if (frac > 0.5L || (frac == 0.5L && (q & 1)))
			q++;
		uint64_t ip = q / 10000;
		unsigned fp = (unsigned)(q % 10000);
		char digits[24];
		size_t n = 0;
		do {
			digits[n++] = (char)('0' + ip % 10);
			ip /= 10;
		} while (ip);
		while (n)
			*p++ = digits[--n];
		*p++ = '.';
		p[0] = (char)('0' + fp / 1000);
		p[1] = (char)('0' + fp / 100 % 10);
		p[2] = (char)('0' + fp / 10 % 10);
		p[3] = (char)('0' + fp % 10);
		return (size_t)(p + 4 - start);
	}
#endif
	return (size_t)snprintf(p, 64, "%.4f", x);
}

static char *put_str(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

/* One output line: {"id":ID,"lang":"..","compound":0.1234,"label":".."}; id_json is already JSON. */
static void print_result(const char *id_json, size_t id_len, const clout_sentiment *s)
{
	char small[256], *line = small, *p;
	size_t need = id_len + 128;
	if (need > sizeof(small) && !(line = malloc(need))) {
		/* out of memory for a huge string id: printf needs no buffer of ours */
		printf("{\"id\":%s,\"lang\":\"%s\",\"compound\":%.4f,\"label\":\"%s\"}\n", id_json, s->lang,
			s->compound, s->label);
		return;
	}
	p = put_str(line, "{\"id\":", 6);
	p = put_str(p, id_json, id_len);
	p = put_str(p, ",\"lang\":\"", 9);
	p = put_str(p, s->lang, strnlen(s->lang, sizeof(s->lang)));
	p = put_str(p, "\",\"compound\":", 13);
	p += put_fixed4(p, s->compound);
	p = put_str(p, ",\"label\":\"", 10);
	p = put_str(p, s->label, strlen(s->label));
	p = put_str(p, "\"}\n", 3);
	fwrite(line, 1, (size_t)(p - line), stdout);
	if (line != small)
		free(line);
}

/* Decimal digits of v into out (at least 21 bytes); returns their count. */
static size_t put_long(char *out, long long v)
{
	char digits[24];
	size_t n = 0, k = 0;
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	do {
		digits[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		out[k++] = '-';
	while (n)
		out[k++] = digits[--n];
	out[k] = '\0';
	return k;
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
	char id_int[24];
	if (json_is_integer(id)) {
		/* what json_dumps writes for an integer, without its allocation */
		put_long(id_int, (long long)json_integer_value(id));
	} else if (!(id_json = json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT))) {
		fprintf(stderr, "clout sentiment: %s:%ld: out of memory\n", name, lineno);
		*rc = EXIT_SOFTWARE;
		goto done;
	}
	if (clout_text_sentiment(t, json_string_value(text), json_string_length(text), lang, &s) < 0) {
		fprintf(stderr, "clout sentiment: %s:%ld: out of memory\n", name, lineno);
		*rc = EXIT_SOFTWARE;
		goto done;
	}
	if (id_json)
		print_result(id_json, strlen(id_json), &s);
	else
		print_result(id_int, strlen(id_int), &s);
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
			print_result(id, put_long(id, lineno), &s);
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

int cmd_sentiment(const cli_context *ctx, int argc, char **argv)
{
	(void)ctx;
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
	clout_text_model *model = NULL;
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
	if (clout_text_model_new(&model, &err) < 0) {
		rc = cli_fail("sentiment", &err);
		goto done;
	}
	if (lexicon && clout_text_load_lexicon(model, strcmp(lang, "fr") ? "en" : "fr", lexicon, &err) < 0) {
		rc = cli_fail("sentiment", &err);
		goto done;
	}
	if (clout_text_new(&t, model, &err) < 0) {
		rc = cli_fail("sentiment", &err);
		goto done;
	}
	rc = run(t, in, name, strcmp(lang, "auto") ? lang : NULL, plain);
done:
	clout_text_free(t);
	clout_text_model_free(model);
	if (in != stdin)
		fclose(in);
	return rc;
}
