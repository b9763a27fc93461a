/*
 * lines.c: sentiment over lines of text, the whole operation behind `clout sentiment` and any
 * front end that scores a stream: JSON lines ({"id":..., "text":...}) or plain lines (id = line
 * number) in, one result per record in order, malformed lines reported with NAME:LINE and skipped;
 * and the one JSON writer of a scored record.
 *
 * The writer formats by hand rather than through jansson: it runs once per post at up to a
 * million posts a second, where a jansson document per post was the larger part of the time
 * (docs/text.md). It writes what jansson would: the id as parsed JSON, then fixed fields.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <jansson.h>

#include "clout/text.h"
#include "util/banned.h"

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

size_t clout_text_sentiment_record_json(char *out, const clout_sentiment_record *rec)
{
	const clout_sentiment *s = &rec->sentiment;
	char *p = put_str(out, "{\"id\":", 6);
	p = put_str(p, rec->id_json, rec->id_len);
	p = put_str(p, ",\"lang\":\"", 9);
	p = put_str(p, s->lang, strnlen(s->lang, sizeof(s->lang)));
	p = put_str(p, "\",\"compound\":", 13);
	p += put_fixed4(p, s->compound);
	p = put_str(p, ",\"label\":\"", 10);
	p = put_str(p, s->label, strlen(s->label));
	p = put_str(p, "\"}\n", 3);
	*p = '\0';
	return (size_t)(p - out);
}

typedef struct lines_run {
	clout_text *t;
	const clout_text_lines_options *opts;
	const char *lang;
	clout_text_lines_stats *stats;
	clout_error *err;
} lines_run;

/* Reports a malformed line through opts->bad (it is skipped); returns what bad returns. */
static int bad_line(lines_run *r, long lineno, const char *what, const char *detail)
{
	clout_error e;
	r->stats->bad++;
	if (!r->opts->bad)
		return 0;
	clout_error_set(&e, CLOUT_EBADDATA, "%s:%ld: %s%s", r->opts->name, lineno, what, detail ? detail : "");
	return r->opts->bad(r->opts->ctx, &e);
}

static int emit(lines_run *r, long lineno, const char *id, size_t id_len, const clout_sentiment *s)
{
	clout_sentiment_record rec = { id, id_len, lineno, *s };
	r->stats->records++;
	return r->opts->record(r->opts->ctx, &rec);
}

static int json_line(lines_run *r, long lineno, const char *line, size_t len)
{
	json_error_t jerr;
	json_t *doc = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr), *id, *text;
	char *id_json = NULL, id_int[24];
	clout_sentiment s;
	int rc;
	if (!doc)
		return bad_line(r, lineno, "malformed JSON: ", jerr.text);
	if (!json_is_object(doc))
		rc = bad_line(r, lineno, "expected a JSON object", NULL);
	else if (!(id = json_object_get(doc, "id")) || !(json_is_string(id) || json_is_integer(id)))
		rc = bad_line(r, lineno, "\"id\" must be a string or an integer", NULL);
	else if (!(text = json_object_get(doc, "text")) || !json_is_string(text))
		rc = bad_line(r, lineno, "\"text\" must be a string", NULL);
	else if (!json_is_integer(id) && !(id_json = json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT)))
		rc = clout_error_set(r->err, CLOUT_ENOMEM, "%s:%ld: out of memory", r->opts->name, lineno);
	else if (clout_text_sentiment(r->t, json_string_value(text), json_string_length(text), r->lang, &s) < 0)
		rc = clout_error_set(r->err, CLOUT_ENOMEM, "%s:%ld: out of memory", r->opts->name, lineno);
	else if (id_json)
		rc = emit(r, lineno, id_json, strlen(id_json), &s);
	else /* what json_dumps writes for an integer, without its allocation */
		rc = emit(r, lineno, id_int, put_long(id_int, (long long)json_integer_value(id)), &s);
	free(id_json);
	json_decref(doc);
	return rc;
}

static int one_line(lines_run *r, long lineno, const char *line, size_t len)
{
	size_t max = r->opts->max_line ? r->opts->max_line : CLOUT_TEXT_LINES_MAX_DEFAULT, k = 0;
	if (len > max) {
		char what[64];
		snprintf(what, sizeof(what), "line longer than %zu bytes", max);
		return bad_line(r, lineno, what, NULL);
	}
	if (r->opts->plain) {
		clout_sentiment s;
		char id[32];
		if (clout_text_sentiment(r->t, line, len, r->lang, &s) < 0)
			return clout_error_set(r->err, CLOUT_ENOMEM, "%s:%ld: out of memory", r->opts->name, lineno);
		return emit(r, lineno, id, put_long(id, lineno), &s);
	}
	while (k < len && (line[k] == ' ' || line[k] == '\t'))
		k++;
	if (k == len)
		return 0; /* a blank line holds no record */
	return json_line(r, lineno, line, len);
}

int clout_text_sentiment_lines(clout_text *t, FILE *in, const clout_text_lines_options *opts,
	clout_text_lines_stats *out, clout_error *err)
{
	lines_run r = { t, opts, NULL, out, err };
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long lineno = 0;
	int rc = 0;
	memset(out, 0, sizeof(*out));
	if (!opts || opts->version != CLOUT_TEXT_LINES_OPTIONS_VERSION || !opts->record || !opts->name)
		return clout_error_set(err, CLOUT_EINVAL, "sentiment lines: bad options");
	if (opts->lang && strcmp(opts->lang, "auto")) {
		if (strcmp(opts->lang, "en") && strcmp(opts->lang, "fr"))
			return clout_error_set(err, CLOUT_EINVAL, "language must be auto, en or fr, not '%s'", opts->lang);
		r.lang = opts->lang;
	}
	while (rc == 0 && (n = getline(&line, &cap, in)) >= 0) {
		size_t len = (size_t)n;
		lineno++;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		rc = one_line(&r, lineno, line, len);
	}
	if (rc == 0 && ferror(in))
		rc = clout_error_set(err, CLOUT_EIO, "%s: read error", opts->name);
	free(line);
	return rc;
}
