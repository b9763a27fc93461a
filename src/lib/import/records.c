/*
 * records.c: record sources (a path, a file descriptor or memory, each plain or gzip) and the
 * record iterator: one input read one record at a time through the same parsers as the bulk
 * import, for a listener on a stream or an HTTP ingest endpoint.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/import/internal.h"
#include "util/banned.h"

static const char *source_name(const clout_import_source *source)
{
	if (source->name)
		return source->name;
	switch (source->kind) {
	case CLOUT_SOURCE_PATH: return source->path;
	case CLOUT_SOURCE_FD: return source->fd == 0 ? "<stdin>" : "<fd>";
	default: return "<memory>";
	}
}

int clout__source_open(clout_stream **out, const clout_import_source *source, clout_error *err)
{
	int rc;
	*out = NULL;
	switch (source->kind) {
	case CLOUT_SOURCE_PATH:
		if (!source->path)
			return clout_error_set(err, CLOUT_EINVAL, "a path source without a path");
		if ((rc = clout_stream_open_path(out, source->path, err)) == 0 && source->name)
			clout_stream_set_name(*out, source->name);
		return rc;
	case CLOUT_SOURCE_FD:
		if (source->fd < 0)
			return clout_error_set(err, CLOUT_EINVAL, "%s: not an open file descriptor", source_name(source));
		return clout_stream_open_fd(out, source->fd, source_name(source), err);
	case CLOUT_SOURCE_MEMORY:
		if (!source->data && source->len)
			return clout_error_set(err, CLOUT_EINVAL, "a memory source without data");
		return clout_stream_open_memory(out, source->data ? source->data : "", source->len, source_name(source), err);
	}
	return clout_error_set(err, CLOUT_EINVAL, "unknown source kind %d", (int)source->kind);
}

int clout__source_size(const clout_import_source *source, uint64_t *out, clout_error *err)
{
	struct stat st;
	*out = 0;
	switch (source->kind) {
	case CLOUT_SOURCE_PATH:
		if (!source->path)
			return clout_error_set(err, CLOUT_EINVAL, "a path source without a path");
		if (stat(source->path, &st) < 0)
			return clout_error_set(err, errno == ENOENT ? CLOUT_ENOTFOUND : CLOUT_EIO, "%s: %s", source->path,
				strerror(errno));
		if (S_ISDIR(st.st_mode))
			return clout_error_set(err, CLOUT_EINVAL, "%s: is a directory", source->path);
		*out = (uint64_t)st.st_size;
		return 0;
	case CLOUT_SOURCE_FD:
		if (fstat(source->fd, &st) == 0 && S_ISREG(st.st_mode))
			*out = (uint64_t)st.st_size;
		return 0;
	case CLOUT_SOURCE_MEMORY:
		*out = source->len;
		return 0;
	}
	return clout_error_set(err, CLOUT_EINVAL, "unknown source kind %d", (int)source->kind);
}

struct clout_import_reader {
	clout__import im;
	clout_import_file_stats file;
	clout_stream *stream;
	clout__reader reader;
	bool reader_open, parse_begun, ended;
	clout__parse parse;
	clout_error err;    /* im.err: errors that end the source */
	clout_error bad;    /* the last bad record's, "NAME:LINE: what" */
	bool bad_ready;
	uint64_t ready_line;
};

static int accept_record(clout__import *im)
{
	im->ready = true;
	return 0;
}

static int refuse_record(clout__import *im, int rc, const char *raw, size_t raw_len)
{
	clout_import_reader *r = (clout_import_reader *)(void *)im; /* im is the reader's first member */
	(void)raw;
	(void)raw_len;
	clout_error_set(&r->bad, rc, "%s:%llu: %s", im->path, (unsigned long long)im->record_line, im->record_err.message);
	clout_error_clear(&im->record_err);
	r->bad_ready = true;
	return rc == CLOUT_EBADDATA ? 0 : rc;
}

int clout_import_reader_open(clout_import_reader **out, const clout_import_source *source,
	const clout_import_options *opts, clout_error *err)
{
	clout_import_options defaults = CLOUT_IMPORT_OPTIONS_INIT;
	clout_import_reader *r;
	int rc;
	*out = NULL;
	if (!opts)
		opts = &defaults;
	if (opts->version != CLOUT_IMPORT_OPTIONS_VERSION)
		return clout_error_set(err, CLOUT_EINVAL, "import options of an unknown version");
	if (opts->format && strcmp(opts->format, "auto") && !clout__known_format(opts->format))
		return clout_error_set(err, CLOUT_EINVAL, "unknown format '%s'", opts->format);
	if (!(r = calloc(1, sizeof(*r))))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	r->im.opts = *opts;
	r->im.opts.skip_bad = false;
	if (!r->im.opts.max_record_bytes)
		r->im.opts.max_record_bytes = CLOUT__DEFAULT_MAX_RECORD;
	r->im.err = &r->err;
	r->im.file = &r->file;
	r->im.accept = accept_record;
	r->im.refuse = refuse_record;
	if (clout_json_parser_new(&r->im.parser, r->im.opts.max_record_bytes) < 0) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto fail;
	}
	if ((rc = clout__source_open(&r->stream, source, err)) < 0)
		goto fail;
	if ((rc = clout__reader_open_stream(&r->reader, r->stream, r->im.opts.max_record_bytes, err)) < 0)
		goto fail;
	r->reader_open = true;
	if ((rc = clout__parse_begin(&r->im, &r->parse, &r->reader)) < 0) {
		if (err)
			*err = r->err;
		goto fail;
	}
	r->parse_begun = true;
	snprintf(r->file.format, sizeof(r->file.format), "%s", clout__parse_format_name(&r->parse));
	*out = r;
	return 0;
fail:
	clout_import_reader_free(r);
	return rc;
}

const char *clout_import_reader_format(const clout_import_reader *r)
{
	return r->file.format;
}

int clout_import_reader_next(clout_import_reader *r, clout_import_record *out, clout_error *err)
{
	clout__batch *b = &r->im.batch;
	int rc;
	memset(out, 0, sizeof(*out));
	if (r->im.ready) {
		r->im.ready = false;
		clout__batch_clear(&r->im);
	}
	while (!r->im.ready && !r->bad_ready) {
		if (r->ended)
			return 0;
		r->ready_line = r->im.record_line;
		if ((rc = clout__parse_step(&r->im, &r->parse)) < 0) {
			r->ended = true;
			if (err)
				*err = r->err.code ? r->err : r->bad;
			return rc;
		}
		if (rc == 0)
			r->ended = true;
	}
	if (r->bad_ready) {
		r->bad_ready = false;
		if (r->im.ready) { /* not possible: a step completes one record at most */
			r->im.ready = false;
			clout__batch_clear(&r->im);
		}
		if (err)
			*err = r->bad;
		return r->bad.code;
	}
	out->name = r->reader.name;
	out->line = r->im.record_line;
	out->accounts = b->accounts;
	out->naccounts = b->naccounts;
	out->posts = b->posts;
	out->nposts = b->nposts;
	out->edges = b->edges;
	out->nedges = b->nedges;
	return 1;
}

void clout_import_reader_free(clout_import_reader *r)
{
	if (!r)
		return;
	if (r->parse_begun)
		clout__parse_end(&r->im, &r->parse);
	if (r->reader_open)
		clout__reader_close(&r->reader);
	clout_stream_free(r->stream);
	clout_json_parser_free(r->im.parser);
	clout_arena_release(&r->im.arena);
	free(r->im.batch.accounts);
	free(r->im.batch.posts);
	free(r->im.batch.edges);
	free(r);
}
