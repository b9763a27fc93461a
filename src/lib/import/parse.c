/*
 * parse.c: reading one input record by record, whatever the format: the format table, detection
 * (JSON lines, one JSON document, or a text format, from the first non-blank line), the per-record
 * batch the formats fill, the checks every record passes, and the step-by-step runner that both
 * the bulk import (import.c) and the record iterator (records.c) drive. What happens to a record
 * once read is the caller's: im->accept and im->refuse.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/import/internal.h"
#include "util/array.h"
#include "util/banned.h"

static const clout__format *const formats[] = {
	&clout__format_clout_json,
	&clout__format_clout_csv,
	&clout__format_edges,
	&clout__format_twitter,
	&clout__format_instagram,
	&clout__format_youtube,
	&clout__format_tiktok,
};
#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

static const char *const format_names[] = {
	"clout", "twitter-v2", "instagram-graph", "youtube-data", "tiktok-research", "edges", NULL,
};

const char *const *clout_import_formats(void)
{
	return format_names;
}

/* ---- batch --------------------------------------------------------------------------------- */

clout_account *clout__add_account(clout__import *im)
{
	clout__batch *b = &im->batch;
	if (clout_array_reserve(&b->accounts, &b->cap_accounts, b->naccounts + 1, sizeof(*b->accounts), 16) < 0)
		return NULL;
	clout_account_init(&b->accounts[b->naccounts]);
	return &b->accounts[b->naccounts++];
}

clout_post *clout__add_post(clout__import *im)
{
	clout__batch *b = &im->batch;
	if (clout_array_reserve(&b->posts, &b->cap_posts, b->nposts + 1, sizeof(*b->posts), 16) < 0)
		return NULL;
	clout_post_init(&b->posts[b->nposts]);
	return &b->posts[b->nposts++];
}

clout_edge *clout__add_edge(clout__import *im)
{
	clout__batch *b = &im->batch;
	if (clout_array_reserve(&b->edges, &b->cap_edges, b->nedges + 1, sizeof(*b->edges), 16) < 0)
		return NULL;
	clout_edge_init(&b->edges[b->nedges]);
	return &b->edges[b->nedges++];
}

clout_arena *clout__record_arena(clout__import *im)
{
	return &im->arena;
}

const clout_import_options *clout__options(clout__import *im)
{
	return &im->opts;
}

int clout__bad(clout__import *im, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	im->record_err.code = CLOUT_EBADDATA;
	vsnprintf(im->record_err.message, sizeof(im->record_err.message), fmt, ap);
	va_end(ap);
	return CLOUT_EBADDATA;
}

void clout__set_record_line(clout__import *im, uint64_t line)
{
	im->record_line = line;
}

uint64_t clout__current_line(clout__import *im)
{
	return im->line;
}

void clout__batch_clear(clout__import *im)
{
	im->batch.naccounts = im->batch.nposts = im->batch.nedges = 0;
	clout_arena_reset(&im->arena);
}

/* Checks every entry of the current record : a record is stored whole or not at all. */
static int batch_check(clout__import *im)
{
	clout__batch *b = &im->batch;
	int rc;
	for (size_t i = 0; i < b->naccounts; i++)
		if ((rc = clout_account_check(&b->accounts[i], &im->record_err)) < 0)
			return rc;
	for (size_t i = 0; i < b->nposts; i++)
		if ((rc = clout_post_check(&b->posts[i], &im->record_err)) < 0)
			return rc;
	for (size_t i = 0; i < b->nedges; i++)
		if ((rc = clout_edge_check(&b->edges[i], &im->record_err)) < 0)
			return rc;
	return 0;
}

int clout__record_done(clout__import *im, int rc, const char *raw, size_t raw_len)
{
	bool carries = im->batch.naccounts + im->batch.nposts + im->batch.nedges > 0;
	if (rc == 0 && carries)
		rc = batch_check(im);
	if (rc == 0) {
		/* a record that carries nothing (an API error line, an empty page) is not counted */
		if (carries) {
			im->file->records++;
			rc = im->accept(im);
		}
		if (!im->ready)
			clout__batch_clear(im);
		return rc;
	}
	clout__batch_clear(im);
	if (!im->record_err.message[0])
		clout_error_set(&im->record_err, rc, "%s", clout_strerror(rc));
	return im->refuse(im, rc, raw, raw_len);
}

/* ---- detection ------------------------------------------------------------------------------- */

static const clout__format *format_by_name(const char *name)
{
	if (!strcmp(name, "clout"))
		return NULL; /* resolved per file: JSON lines or CSV */
	for (size_t i = 0; i < NFORMATS; i++)
		if (!strcmp(formats[i]->name, name))
			return formats[i];
	return NULL;
}

bool clout__known_format(const char *name)
{
	for (const char *const *n = format_names; *n; n++)
		if (!strcmp(*n, name))
			return true;
	return false;
}

static const clout__format *sniff_json(const clout_jv *root)
{
	const clout__format *best = NULL;
	int best_score = 0;
	for (size_t i = 0; i < NFORMATS; i++) {
		int s = formats[i]->sniff_json ? formats[i]->sniff_json(root) : 0;
		if (s > best_score) {
			best_score = s;
			best = formats[i];
		}
	}
	return best;
}

static const clout__format *sniff_text(const char *path, const char *line, size_t len)
{
	const clout__format *best = NULL;
	int best_score = 0;
	for (size_t i = 0; i < NFORMATS; i++) {
		int s = formats[i]->sniff_text ? formats[i]->sniff_text(path, line, len) : 0;
		if (s > best_score) {
			best_score = s;
			best = formats[i];
		}
	}
	return best;
}

static size_t skip_space(const char *s, size_t len)
{
	size_t i = 0;
	/* a UTF-8 byte-order mark is allowed at the start of a file */
	if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	return i;
}


/*
 * Looks at the first non-blank line: JSON that parses alone means JSON lines; JSON that does not
 * means one document per file (pretty-printed API responses); anything else is a text format.
 */
static int detect(clout__reader *r, clout_json_parser *parser, const char *forced, const clout__format **out,
	clout__read_mode *mode, clout_error *err)
{
	const char *line;
	size_t len, at;
	int rc;
	clout_jv root;
	*out = NULL;
	for (;;) {
		rc = clout__reader_next(r, &line, &len, err);
		if (rc < 0)
			return clout_error_wrap(err, rc, "%s:%llu: ", r->name, (unsigned long long)r->line);
		if (rc == 0) {
			/* an empty (or all-blank) file: nothing to read, whatever its format */
			*mode = MODE_EMPTY;
			*out = forced && strcmp(forced, "clout") ? format_by_name(forced) : &clout__format_clout_json;
			return 0;
		}
		at = skip_space(line, len);
		if (at < len)
			break;
	}
	if (line[at] == '{' || line[at] == '[') {
		if (clout_json_parse(parser, line + at, len - at, &root, NULL) == 0) {
			*mode = MODE_JSON_LINES;
			if (forced && strcmp(forced, "clout") != 0)
				*out = format_by_name(forced);
			else if (forced)
				*out = &clout__format_clout_json;
			else
				*out = sniff_json(&root);
		} else {
			const char *doc;
			size_t doc_len;
			*mode = MODE_JSON_DOCUMENT;
			if ((rc = clout__reader_slurp(r, &doc, &doc_len, r->max_line, err)) < 0)
				return rc;
			if ((rc = clout_json_parse(parser, doc, doc_len, &root, err)) < 0)
				return clout_error_wrap(err, rc, "%s:%llu: ", r->name, (unsigned long long)r->line);
			if (forced)
				*out = strcmp(forced, "clout") ? format_by_name(forced) : &clout__format_clout_json;
			else
				*out = sniff_json(&root);
		}
		if (!*out)
			return clout_error_set(err, CLOUT_EBADDATA,
				"%s:%llu: json of no known format (use --from to name one: clout, twitter-v2, "
				"instagram-graph, youtube-data, tiktok-research)",
				r->name, (unsigned long long)r->line);
		return 0;
	}
	*mode = MODE_TEXT;
	if (forced)
		*out = strcmp(forced, "clout") ? format_by_name(forced) : &clout__format_clout_csv;
	else
		*out = sniff_text(r->name, line + at, len - at);
	if (!*out || !(*out)->text_line)
		return clout_error_set(err, CLOUT_EBADDATA,
			"%s:%llu: %s", r->name, (unsigned long long)r->line,
			forced ? "this format is JSON, but the file is not"
			       : "not a format clout knows (JSON lines, CSV with a header, or an edge list)");
	return 0;
}

int clout_import_detect(const char *path, char *out, size_t out_size, clout_error *err)
{
	clout__reader r;
	clout_json_parser *parser = NULL;
	const clout__format *f = NULL;
	clout__read_mode mode;
	int rc;
	if ((rc = clout__reader_open(&r, path, CLOUT__DEFAULT_MAX_RECORD, err)) < 0)
		return rc;
	if (clout_json_parser_new(&parser, CLOUT__DEFAULT_MAX_RECORD) < 0) {
		clout__reader_close(&r);
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	}
	rc = detect(&r, parser, NULL, &f, &mode, err);
	if (rc == 0)
		snprintf(out, out_size, "%s", f == &clout__format_clout_json || f == &clout__format_clout_csv ? "clout" : f->name);
	clout_json_parser_free(parser);
	clout__reader_close(&r);
	return rc;
}

/* ---- reading an input step by step -------------------------------------------------------- */

int clout__parse_begin(clout__import *im, clout__parse *p, clout__reader *r)
{
	const char *forced = im->opts.format && strcmp(im->opts.format, "auto") ? im->opts.format : NULL;
	int rc;
	memset(p, 0, sizeof(*p));
	p->reader = r;
	im->reader = r;
	im->path = r->name;
	if ((rc = detect(r, im->parser, forced, &p->format, &p->mode, im->err)) < 0)
		return rc;
	p->guessed = !forced;
	if ((rc = clout__reader_restart(r, im->err)) < 0)
		return rc;
	if (p->mode == MODE_TEXT) {
		if ((rc = p->format->text_begin(im, &p->text_state)) < 0)
			return clout_error_wrap(im->err, rc, "%s: ", im->path);
		p->text_begun = true;
	}
	return 0;
}

const char *clout__parse_format_name(const clout__parse *p)
{
	const clout__format *f = p->format;
	return f == &clout__format_clout_json || f == &clout__format_clout_csv ? "clout" : f->name;
}

static int json_value(clout__import *im, const clout__format *f, const clout_jv *root, const char *raw, size_t raw_len)
{
	clout_error_clear(&im->record_err);
	return clout__record_done(im, f->json_record(im, root), raw, raw_len);
}

static int step_json_line(clout__import *im, clout__parse *p)
{
	clout__reader *r = p->reader;
	const char *line;
	size_t len;
	clout_jv root;
	int rc = clout__reader_next(r, &line, &len, &im->record_err);
	im->record_line = r->line;
	if (rc == 0)
		return 0;
	if (rc == CLOUT_EBADDATA && !r->broken) /* an overlong line: a bad record like any other */
		return (rc = clout__record_done(im, rc, "", 0)) < 0 ? rc : 1;
	if (rc < 0) {
		*im->err = im->record_err; /* the reader's reason, then where */
		return clout_error_wrap(im->err, rc, "%s:%llu: ", im->path, (unsigned long long)r->line);
	}
	if (skip_space(line, len) == len)
		return 1;
	clout_error_clear(&im->record_err);
	if ((rc = clout_json_parse(im->parser, line, len, &root, &im->record_err)) < 0)
		rc = clout__record_done(im, rc, line, len);
	else
		rc = json_value(im, p->format, &root, line, len);
	return rc < 0 ? rc : 1;
}

static int step_json_document(clout__import *im, clout__parse *p)
{
	const char *doc;
	size_t len;
	clout_jv root;
	int rc;
	if ((rc = clout__reader_slurp(p->reader, &doc, &len, im->opts.max_record_bytes, im->err)) < 0)
		return rc;
	p->done = true;
	im->record_line = 1;
	clout_error_clear(&im->record_err);
	if ((rc = clout_json_parse(im->parser, doc, len, &root, &im->record_err)) < 0)
		rc = clout__record_done(im, rc, doc, len);
	else
		rc = json_value(im, p->format, &root, doc, len);
	return rc < 0 ? rc : 1;
}

static int text_end(clout__import *im, clout__parse *p)
{
	p->text_begun = false;
	return p->format->text_end(im, p->text_state);
}

static int step_text(clout__import *im, clout__parse *p)
{
	clout__reader *r = p->reader;
	const char *line;
	size_t len;
	int rc = clout__reader_next(r, &line, &len, &im->record_err);
	if (rc == 0) {
		p->done = true;
		return (rc = text_end(im, p)) < 0 ? rc : 1;
	}
	im->line = r->line;
	im->record_line = r->line;
	if (rc == CLOUT_EBADDATA && !r->broken)
		return (rc = clout__record_done(im, rc, "", 0)) < 0 ? rc : 1;
	if (rc < 0) {
		*im->err = im->record_err;
		return clout_error_wrap(im->err, rc, "%s:%llu: ", im->path, (unsigned long long)r->line);
	}
	return (rc = p->format->text_line(im, p->text_state, line, len)) < 0 ? rc : 1;
}

/* Why a format was guessed, for the message of an input that then fails to read as it. */
static const char *guess_reason(const clout__format *f)
{
	if (f == &clout__format_edges)
		return "an edge list ('src dst', 'src dst weight' or 'src dst timestamp type'): its first line is 2 to 4 "
		       "fields separated by white space";
	if (f == &clout__format_clout_csv)
		return "clout CSV: its first line is a comma-separated header";
	if (f == &clout__format_clout_json)
		return "clout JSON lines: its first record has a \"type\" of account, post or edge";
	if (f == &clout__format_twitter)
		return "twitter-v2: its first record has X/Twitter API v2 fields";
	if (f == &clout__format_instagram)
		return "instagram-graph: its first record has Instagram Graph API fields";
	if (f == &clout__format_youtube)
		return "youtube-data: its first record has a youtube# kind or an items list";
	if (f == &clout__format_tiktok)
		return "tiktok-research: its first record has TikTok Research API fields";
	return NULL;
}

/* Adds to err which format was guessed and why, when an input whose format was guessed fails. */
static void explain_guess(clout_error *err, const clout__format *f)
{
	char msg[sizeof(err->message)];
	const char *why = guess_reason(f);
	if (!why || err->code != CLOUT_EBADDATA)
		return;
	snprintf(msg, sizeof(msg), "%s", err->message);
	clout_error_set(err, err->code, "%s (format guessed: %s; if it is not, name the format with --from)", msg, why);
}

static int parse_step_mode(clout__import *im, clout__parse *p)
{
	if (p->done || p->mode == MODE_EMPTY)
		return 0;
	if (p->mode == MODE_JSON_LINES)
		return step_json_line(im, p);
	if (p->mode == MODE_JSON_DOCUMENT)
		return step_json_document(im, p);
	return step_text(im, p);
}

int clout__parse_step(clout__import *im, clout__parse *p)
{
	int rc = parse_step_mode(im, p);
	if (rc == CLOUT_EBADDATA && p->guessed)
		explain_guess(im->err, p->format);
	return rc;
}

void clout__parse_end(clout__import *im, clout__parse *p)
{
	if (p->text_begun)
		text_end(im, p);
	im->reader = NULL;
}
