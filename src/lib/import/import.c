/*
 * import.c: the import framework: format detection, the one transaction around all files,
 * per-record batches applied to the store, FILE:LINE errors, --skip-bad rejects, and progress.
 * Formats (fmt_*.c) only turn records into batch entries.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/import/internal.h"
#include "util/array.h"
#include "util/buf.h"

#define DEFAULT_MAX_RECORD (16u << 20)

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

struct clout__import {
	clout_store *store;
	int64_t workspace;
	clout_import_options opts;
	clout_json_parser *parser;
	clout_arena arena;
	clout__batch batch;
	clout_error record_err;
	clout_error *err;
	const char *path;
	uint64_t line, record_line;
	FILE *rejects;
	clout_import_stats *stats;
	clout_import_file_stats *file;
	uint64_t bytes_before, bytes_total;
	clout__reader *reader;
};

const char *const *clout_import_formats(void)
{
	return format_names;
}

void clout_import_stats_release(clout_import_stats *stats)
{
	if (!stats)
		return;
	free(stats->files);
	free(stats->reject_path);
	memset(stats, 0, sizeof(*stats));
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

static void batch_clear(clout__import *im)
{
	im->batch.naccounts = im->batch.nposts = im->batch.nedges = 0;
	clout_arena_reset(&im->arena);
}

/* Applies the batch: accounts first, so posts and edges find their authors complete. */
static int batch_apply(clout__import *im)
{
	clout__batch *b = &im->batch;
	int rc;
	for (size_t i = 0; i < b->naccounts; i++)
		if ((rc = clout_store_put_account(im->store, im->workspace, &b->accounts[i], NULL, &im->record_err)) < 0)
			return rc;
	for (size_t i = 0; i < b->nposts; i++)
		if ((rc = clout_store_put_post(im->store, im->workspace, &b->posts[i], NULL, &im->record_err)) < 0)
			return rc;
	for (size_t i = 0; i < b->nedges; i++)
		if ((rc = clout_store_put_edge(im->store, im->workspace, &b->edges[i], &im->record_err)) < 0)
			return rc;
	im->file->accounts += b->naccounts;
	im->file->posts += b->nposts;
	im->file->edges += b->nedges;
	return 0;
}

static void write_reject(clout__import *im, const char *raw, size_t raw_len)
{
	fprintf(im->rejects, "%s:%llu: %s\t", im->path, (unsigned long long)im->record_line, im->record_err.message);
	for (size_t i = 0; i < raw_len; i++) {
		/* one reject per line: escape the record's own line breaks */
		if (raw[i] == '\n')
			fputs("\\n", im->rejects);
		else if (raw[i] == '\r')
			fputs("\\r", im->rejects);
		else if (raw[i] == '\\')
			fputs("\\\\", im->rejects);
		else
			fputc(raw[i], im->rejects);
	}
	fputc('\n', im->rejects);
}

int clout__record_done(clout__import *im, int rc, const char *raw, size_t raw_len)
{
	if (rc == 0 && im->batch.naccounts + im->batch.nposts + im->batch.nedges > 0) {
		rc = batch_apply(im);
		/* A store failure other than bad data cannot be skipped: the transaction is broken. */
		if (rc < 0 && rc != CLOUT_EBADDATA) {
			batch_clear(im);
			clout_error_set(im->err, rc, "%s:%llu: %s", im->path, (unsigned long long)im->record_line,
				im->record_err.message);
			return rc;
		}
	}
	if (rc == 0) {
		/* a record that carries nothing (an API error line, an empty page) is not counted */
		if (im->batch.naccounts + im->batch.nposts + im->batch.nedges > 0)
			im->file->records++;
		batch_clear(im);
		return 0;
	}
	batch_clear(im);
	if (!im->record_err.message[0])
		clout_error_set(&im->record_err, rc, "%s", clout_strerror(rc));
	if (im->opts.skip_bad && rc == CLOUT_EBADDATA && im->rejects) {
		write_reject(im, raw, raw_len);
		im->file->rejected++;
		clout_error_clear(&im->record_err);
		return 0;
	}
	clout_error_set(im->err, rc, "%s:%llu: %s", im->path, (unsigned long long)im->record_line,
		im->record_err.message);
	return rc;
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

static bool known_format(const char *name)
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

typedef enum { MODE_JSON_LINES, MODE_JSON_DOCUMENT, MODE_TEXT, MODE_EMPTY } read_mode;

/*
 * Looks at the first non-blank line: JSON that parses alone means JSON lines; JSON that does not
 * means one document per file (pretty-printed API responses); anything else is a text format.
 */
static int detect(clout__reader *r, clout_json_parser *parser, const char *forced, const clout__format **out,
	read_mode *mode, clout_error *err)
{
	const char *line;
	size_t len, at;
	int rc;
	clout_jv root;
	*out = NULL;
	for (;;) {
		rc = clout__reader_next(r, &line, &len, err);
		if (rc < 0)
			return clout_error_wrap(err, rc, "%s:%llu: ", r->path, (unsigned long long)r->line);
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
			char *doc;
			size_t doc_len;
			*mode = MODE_JSON_DOCUMENT;
			if ((rc = clout__reader_slurp(r, &doc, &doc_len, r->max_line, err)) < 0)
				return rc;
			if ((rc = clout_json_parse(parser, doc, doc_len, &root, err)) < 0) {
				free(doc);
				return clout_error_wrap(err, rc, "%s:%llu: ", r->path, (unsigned long long)r->line);
			}
			if (forced)
				*out = strcmp(forced, "clout") ? format_by_name(forced) : &clout__format_clout_json;
			else
				*out = sniff_json(&root);
			free(doc);
		}
		if (!*out)
			return clout_error_set(err, CLOUT_EBADDATA,
				"%s:%llu: json of no known format (use --from to name one: clout, twitter-v2, "
				"instagram-graph, youtube-data, tiktok-research)",
				r->path, (unsigned long long)r->line);
		return 0;
	}
	*mode = MODE_TEXT;
	if (forced)
		*out = strcmp(forced, "clout") ? format_by_name(forced) : &clout__format_clout_csv;
	else
		*out = sniff_text(r->path, line + at, len - at);
	if (!*out || !(*out)->text_line)
		return clout_error_set(err, CLOUT_EBADDATA,
			"%s:%llu: %s", r->path, (unsigned long long)r->line,
			forced ? "this format is JSON, but the file is not"
			       : "not a format clout knows (JSON lines, CSV with a header, or an edge list)");
	return 0;
}

int clout_import_detect(const char *path, char *out, size_t out_size, clout_error *err)
{
	clout__reader r;
	clout_json_parser *parser = NULL;
	const clout__format *f = NULL;
	read_mode mode;
	int rc;
	if ((rc = clout__reader_open(&r, path, DEFAULT_MAX_RECORD, err)) < 0)
		return rc;
	if (clout_json_parser_new(&parser, DEFAULT_MAX_RECORD) < 0) {
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

/* ---- running a file ------------------------------------------------------------------------- */

static int report_progress(clout__import *im)
{
	if (!im->opts.progress)
		return 0;
	if (im->opts.progress(im->opts.progress_ctx, im->bytes_before + clout__reader_offset(im->reader), im->bytes_total))
		return clout_error_set(im->err, CLOUT_EINVAL, "import interrupted");
	return 0;
}

static int json_value(clout__import *im, const clout__format *f, const clout_jv *root, const char *raw, size_t raw_len)
{
	clout_error_clear(&im->record_err);
	return clout__record_done(im, f->json_record(im, root), raw, raw_len);
}

static int run_json_lines(clout__import *im, const clout__format *f)
{
	clout__reader *r = im->reader;
	const char *line;
	size_t len;
	int rc;
	uint64_t n = 0;
	for (;;) {
		clout_jv root;
		rc = clout__reader_next(r, &line, &len, &im->record_err);
		im->record_line = r->line;
		if (rc == 0)
			break;
		if (rc == CLOUT_EBADDATA) { /* an overlong line: a bad record like any other */
			if ((rc = clout__record_done(im, rc, "", 0)) < 0)
				return rc;
			continue;
		}
		if (rc < 0)
			return clout_error_wrap(im->err, rc, "%s:%llu: ", im->path, (unsigned long long)r->line);
		if (skip_space(line, len) == len)
			continue;
		clout_error_clear(&im->record_err);
		if ((rc = clout_json_parse(im->parser, line, len, &root, &im->record_err)) < 0) {
			if ((rc = clout__record_done(im, rc, line, len)) < 0)
				return rc;
		} else if ((rc = json_value(im, f, &root, line, len)) < 0) {
			return rc;
		}
		if ((++n & 1023) == 0 && (rc = report_progress(im)) < 0)
			return rc;
	}
	return report_progress(im);
}

static int run_json_document(clout__import *im, const clout__format *f)
{
	char *doc = NULL;
	size_t len;
	clout_jv root;
	int rc;
	if ((rc = clout__reader_slurp(im->reader, &doc, &len, im->opts.max_record_bytes, im->err)) < 0)
		return rc;
	im->record_line = 1;
	clout_error_clear(&im->record_err);
	if ((rc = clout_json_parse(im->parser, doc, len, &root, &im->record_err)) < 0)
		rc = clout__record_done(im, rc, doc, len);
	else
		rc = json_value(im, f, &root, doc, len);
	free(doc);
	if (rc == 0)
		rc = report_progress(im);
	return rc;
}

static int run_text(clout__import *im, const clout__format *f)
{
	clout__reader *r = im->reader;
	void *state = NULL;
	const char *line;
	size_t len;
	int rc;
	uint64_t n = 0;
	if ((rc = f->text_begin(im, &state)) < 0)
		return clout_error_wrap(im->err, rc, "%s: ", im->path);
	for (;;) {
		rc = clout__reader_next(r, &line, &len, &im->record_err);
		if (rc == 0)
			break;
		im->line = r->line;
		im->record_line = r->line;
		if (rc == CLOUT_EBADDATA) {
			if ((rc = clout__record_done(im, rc, "", 0)) < 0)
				goto done;
			continue;
		}
		if (rc < 0) {
			clout_error_wrap(im->err, rc, "%s:%llu: ", im->path, (unsigned long long)r->line);
			goto done;
		}
		if ((rc = f->text_line(im, state, line, len)) < 0)
			goto done;
		if ((++n & 4095) == 0 && (rc = report_progress(im)) < 0)
			goto done;
	}
	rc = report_progress(im);
done:
	{
		int end = f->text_end(im, state);
		if (rc == 0 && end < 0)
			rc = end;
	}
	return rc;
}

static int import_one(clout__import *im, const char *path, clout_import_file_stats *fs)
{
	clout__reader r;
	const clout__format *f = NULL;
	read_mode mode;
	const char *forced = im->opts.format && strcmp(im->opts.format, "auto") ? im->opts.format : NULL;
	int rc;
	im->path = path;
	im->file = fs;
	fs->path = path;
	if ((rc = clout__reader_open(&r, path, im->opts.max_record_bytes, im->err)) < 0)
		return rc;
	im->reader = &r;
	if ((rc = detect(&r, im->parser, forced, &f, &mode, im->err)) < 0)
		goto done;
	snprintf(fs->format, sizeof(fs->format), "%s",
		f == &clout__format_clout_json || f == &clout__format_clout_csv ? "clout" : f->name);
	if (gzrewind(r.gz) < 0) {
		rc = clout_error_set(im->err, CLOUT_EIO, "%s: cannot rewind", path);
		goto done;
	}
	r.start = r.end = 0;
	r.eof = false;
	r.line = 0;
	if (mode == MODE_JSON_LINES)
		rc = run_json_lines(im, f);
	else if (mode == MODE_JSON_DOCUMENT)
		rc = run_json_document(im, f);
	else if (mode == MODE_TEXT)
		rc = run_text(im, f);
	fs->bytes = r.file_size;
done:
	im->bytes_before += r.file_size;
	im->reader = NULL;
	clout__reader_close(&r);
	return rc;
}

int clout_import_files(clout_store *store, int64_t workspace, const char *const *paths, size_t npaths,
	const clout_import_options *opts, clout_import_stats *stats, clout_error *err)
{
	clout__import im;
	clout_buf reject_path = CLOUT_BUF_INIT;
	int rc = 0;
	bool began = false;
	memset(stats, 0, sizeof(*stats));
	memset(&im, 0, sizeof(im));
	if (!opts || opts->version != CLOUT_IMPORT_OPTIONS_VERSION)
		return clout_error_set(err, CLOUT_EINVAL, "import options of an unknown version");
	if (npaths == 0)
		return clout_error_set(err, CLOUT_EINVAL, "no file to import");
	im.opts = *opts;
	if (!im.opts.max_record_bytes)
		im.opts.max_record_bytes = DEFAULT_MAX_RECORD;
	if (im.opts.format && strcmp(im.opts.format, "auto") && !known_format(im.opts.format))
		return clout_error_set(err, CLOUT_EINVAL,
			"unknown format '%s' (clout, twitter-v2, instagram-graph, youtube-data, tiktok-research, edges)",
			im.opts.format);
	im.store = store;
	im.workspace = workspace;
	im.err = err;
	im.stats = stats;
	stats->files = calloc(npaths, sizeof(*stats->files));
	if (!stats->files || clout_json_parser_new(&im.parser, im.opts.max_record_bytes) < 0) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	stats->nfiles = npaths;
	for (size_t i = 0; i < npaths; i++) {
		clout__reader probe;
		if ((rc = clout__reader_open(&probe, paths[i], 1, err)) < 0)
			goto done;
		im.bytes_total += probe.file_size;
		clout__reader_close(&probe);
	}
	if (im.opts.skip_bad) {
		if (im.opts.reject_path)
			rc = clout_buf_puts(&reject_path, im.opts.reject_path);
		else
			rc = clout_buf_printf(&reject_path, "%s.rejects", paths[0]);
		if (rc < 0 || !(im.rejects = fopen(reject_path.ptr, "w"))) {
			rc = clout_error_set(err, CLOUT_EIO, "%s: cannot write the reject file", reject_path.ptr);
			goto done;
		}
	}
	if ((rc = clout_store_begin(store, err)) < 0)
		goto done;
	began = true;
	for (size_t i = 0; i < npaths; i++) {
		if ((rc = import_one(&im, paths[i], &stats->files[i])) < 0)
			goto done;
		stats->bytes += stats->files[i].bytes;
		stats->records += stats->files[i].records;
		stats->accounts += stats->files[i].accounts;
		stats->posts += stats->files[i].posts;
		stats->edges += stats->files[i].edges;
		stats->rejected += stats->files[i].rejected;
	}
	rc = clout_store_commit(store, err);
	began = rc < 0;
done:
	if (began)
		clout_store_rollback(store);
	if (im.rejects) {
		fclose(im.rejects);
		if (stats->rejected == 0 || rc < 0)
			remove(reject_path.ptr);
		else
			stats->reject_path = clout_buf_detach(&reject_path, NULL);
	}
	if (rc < 0) {
		free(stats->files);
		stats->files = NULL;
		stats->nfiles = 0;
	}
	clout_buf_release(&reject_path);
	clout_json_parser_free(im.parser);
	clout_arena_release(&im.arena);
	free(im.batch.accounts);
	free(im.batch.posts);
	free(im.batch.edges);
	return rc;
}
