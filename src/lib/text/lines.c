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

#include <pthread.h>

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

/* ---- several threads: a batch of lines is scored in slices, then handed out in order ---- */

#define BATCH_LINES 8192
#define MAX_THREADS 64

typedef enum { RESULT_BLANK, RESULT_RECORD, RESULT_BAD, RESULT_NOMEM } result_kind;

/* What one line came to: a record (its sentiment and id), a malformed line (why), or nothing. */
typedef struct line_result {
	result_kind kind;
	clout_sentiment s;
	char *id_json;        /* a string id as JSON (malloc'd); NULL: int_id (or the line number) */
	long long int_id;
	char *what;           /* why the line is malformed (malloc'd) */
} line_result;

typedef struct batch {
	char *data;           /* the lines, back to back */
	size_t data_len, data_cap;
	size_t *start, *len;
	long first_lineno;
	size_t count;
	line_result *results;
} batch;

typedef struct slice_job {
	clout_text *t;
	const clout_text_lines_options *opts;
	const char *lang;
	batch *b;
	size_t first, last;
} slice_job;

static char *dup_text(const char *a, const char *b)
{
	size_t la = strlen(a), lb = b ? strlen(b) : 0;
	char *s = malloc(la + lb + 1);
	if (s) {
		memcpy(s, a, la);
		memcpy(s + la, b ? b : "", lb + 1);
	}
	return s;
}

/* Scores one line of a batch into its result (what one_line and json_line do, without emitting). */
static void score_line(slice_job *j, size_t i)
{
	const char *line = j->b->data + j->b->start[i];
	size_t len = j->b->len[i], max = j->opts->max_line ? j->opts->max_line : CLOUT_TEXT_LINES_MAX_DEFAULT, k = 0;
	line_result *r = &j->b->results[i];
	json_error_t jerr;
	json_t *doc, *id, *text;
	memset(r, 0, sizeof(*r));
	if (len > max) {
		char what[64];
		snprintf(what, sizeof(what), "line longer than %zu bytes", max);
		r->kind = (r->what = dup_text(what, NULL)) ? RESULT_BAD : RESULT_NOMEM;
		return;
	}
	if (j->opts->plain) {
		r->int_id = j->b->first_lineno + (long)i;
		r->kind = clout_text_sentiment(j->t, line, len, j->lang, &r->s) < 0 ? RESULT_NOMEM : RESULT_RECORD;
		return;
	}
	while (k < len && (line[k] == ' ' || line[k] == '\t'))
		k++;
	if (k == len)
		return; /* a blank line holds no record */
	if (!(doc = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr))) {
		r->kind = (r->what = dup_text("malformed JSON: ", jerr.text)) ? RESULT_BAD : RESULT_NOMEM;
		return;
	}
	const char *bad = NULL;
	if (!json_is_object(doc))
		bad = "expected a JSON object";
	else if (!(id = json_object_get(doc, "id")) || !(json_is_string(id) || json_is_integer(id)))
		bad = "\"id\" must be a string or an integer";
	else if (!(text = json_object_get(doc, "text")) || !json_is_string(text))
		bad = "\"text\" must be a string";
	if (bad)
		r->kind = (r->what = dup_text(bad, NULL)) ? RESULT_BAD : RESULT_NOMEM;
	else if (!json_is_integer(id) && !(r->id_json = json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT)))
		r->kind = RESULT_NOMEM;
	else if (clout_text_sentiment(j->t, json_string_value(text), json_string_length(text), j->lang, &r->s) < 0)
		r->kind = RESULT_NOMEM;
	else {
		r->kind = RESULT_RECORD;
		if (!r->id_json)
			r->int_id = (long long)json_integer_value(id);
	}
	json_decref(doc);
}

static void *score_slice(void *arg)
{
	slice_job *j = arg;
	for (size_t i = j->first; i < j->last; i++)
		score_line(j, i);
	return NULL;
}

/* Reads up to BATCH_LINES lines into b: 1 when the batch is full (more may follow), 0 at the end
 * of the input (b->count may still be > 0), -1 when out of memory. */
static int read_batch(batch *b, FILE *in, char **line, size_t *cap, long *lineno)
{
	ssize_t n;
	b->count = 0;
	b->data_len = 0;
	b->first_lineno = *lineno + 1;
	while (b->count < BATCH_LINES && (n = getline(line, cap, in)) >= 0) {
		size_t len = (size_t)n;
		(*lineno)++;
		while (len && ((*line)[len - 1] == '\n' || (*line)[len - 1] == '\r'))
			len--;
		if (b->data_len + len + 1 > b->data_cap) {
			size_t want = (b->data_cap ? b->data_cap : 1 << 20);
			while (want < b->data_len + len + 1)
				want *= 2;
			char *grown = realloc(b->data, want);
			if (!grown)
				return -1;
			b->data = grown;
			b->data_cap = want;
		}
		memcpy(b->data + b->data_len, *line, len);
		b->start[b->count] = b->data_len;
		b->len[b->count++] = len;
		b->data_len += len;
	}
	return b->count == BATCH_LINES ? 1 : 0;
}

/* Hands the batch's results to the callbacks in order; frees what they hold. */
static int emit_batch(lines_run *r, batch *b)
{
	int rc = 0;
	for (size_t i = 0; i < b->count; i++) {
		line_result *x = &b->results[i];
		long lineno = b->first_lineno + (long)i;
		if (rc == 0) {
			char id[24];
			if (x->kind == RESULT_NOMEM)
				rc = clout_error_set(r->err, CLOUT_ENOMEM, "%s:%ld: out of memory", r->opts->name, lineno);
			else if (x->kind == RESULT_BAD)
				rc = bad_line(r, lineno, x->what, NULL);
			else if (x->kind == RESULT_RECORD && x->id_json)
				rc = emit(r, lineno, x->id_json, strlen(x->id_json), &x->s);
			else if (x->kind == RESULT_RECORD)
				rc = emit(r, lineno, id, put_long(id, x->int_id), &x->s);
		}
		free(x->id_json);
		free(x->what);
	}
	return rc;
}

static int lines_parallel(lines_run *r, FILE *in, unsigned threads)
{
	clout_text *handles[MAX_THREADS] = { 0 };
	slice_job jobs[MAX_THREADS];
	pthread_t tids[MAX_THREADS];
	batch b = { 0 };
	char *line = NULL;
	size_t cap = 0;
	long lineno = 0;
	int more = 1, rc = 0;
	handles[0] = r->t;
	for (unsigned k = 1; k < threads; k++)
		if (clout_text_new(&handles[k], r->opts->model, r->err) < 0) {
			rc = r->err->code ? r->err->code : CLOUT_ENOMEM;
			goto done;
		}
	if (!(b.start = malloc(BATCH_LINES * sizeof(*b.start))) || !(b.len = malloc(BATCH_LINES * sizeof(*b.len))) ||
		!(b.results = malloc(BATCH_LINES * sizeof(*b.results)))) {
		rc = clout_error_set(r->err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	json_object_seed(0); /* before threads parse JSON: jansson seeds its hash once */
	while (rc == 0 && more > 0) {
		bool started[MAX_THREADS] = { false };
		if ((more = read_batch(&b, in, &line, &cap, &lineno)) < 0) {
			rc = clout_error_set(r->err, CLOUT_ENOMEM, "%s:%ld: out of memory", r->opts->name, lineno);
			break;
		}
		if (ferror(in))
			break;
		for (unsigned k = 0; k < threads; k++) {
			jobs[k] = (slice_job){ handles[k], r->opts, r->lang, &b, b.count * k / threads, b.count * (k + 1) / threads };
			if (k > 0 && !(started[k] = pthread_create(&tids[k], NULL, score_slice, &jobs[k]) == 0))
				score_slice(&jobs[k]); /* no thread: this one does its share */
		}
		score_slice(&jobs[0]);
		for (unsigned k = 1; k < threads; k++)
			if (started[k])
				pthread_join(tids[k], NULL);
		rc = emit_batch(r, &b);
	}
	if (rc == 0 && ferror(in))
		rc = clout_error_set(r->err, CLOUT_EIO, "%s: read error", r->opts->name);
done:
	for (unsigned k = 1; k < threads; k++)
		clout_text_free(handles[k]);
	free(line);
	free(b.data);
	free(b.start);
	free(b.len);
	free(b.results);
	return rc;
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
	if (opts->threads > 1 && opts->model)
		return lines_parallel(&r, in, opts->threads > MAX_THREADS ? MAX_THREADS : opts->threads);
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
