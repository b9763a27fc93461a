/*
 * reader.c: the streaming line reader of imports, over a clout_stream (a file, a descriptor or
 * memory; gzip or plain). Lines are returned in place from one buffer that never grows past the
 * record limit, so memory stays constant however large the input.
 *
 * Nothing is read twice: detection looks at the first lines while the reader is pinned (the
 * buffer keeps everything from the start), then clout__reader_restart replays them, so pipes and
 * sockets import like files.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/import/internal.h"
#include "util/banned.h"

#define READ_CHUNK (1u << 20)

static int reader_init(clout__reader *r, size_t max_line, clout_error *err)
{
	r->name = clout_stream_name(r->stream);
	r->max_line = max_line;
	r->file_size = clout_stream_size(r->stream);
	r->pinned = true;
	r->cap = READ_CHUNK + CLOUT_JSON_PADDING;
	if (!(r->buf = malloc(r->cap)))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	return 0;
}

int clout__reader_open(clout__reader *r, const char *path, size_t max_line, clout_error *err)
{
	int rc;
	memset(r, 0, sizeof(*r));
	if ((rc = clout_stream_open_path(&r->stream, path, err)) < 0)
		return rc;
	r->own_stream = true;
	if ((rc = reader_init(r, max_line, err)) < 0)
		clout__reader_close(r);
	return rc;
}

int clout__reader_open_stream(clout__reader *r, clout_stream *stream, size_t max_line, clout_error *err)
{
	int rc;
	memset(r, 0, sizeof(*r));
	r->stream = stream;
	if ((rc = reader_init(r, max_line, err)) < 0)
		clout__reader_close(r);
	return rc;
}

void clout__reader_close(clout__reader *r)
{
	if (r->own_stream)
		clout_stream_free(r->stream);
	free(r->buf);
	memset(r, 0, sizeof(*r));
}

int clout__reader_restart(clout__reader *r, clout_error *err)
{
	if (!r->pinned)
		return clout_error_set(err, CLOUT_EBADDATA, "%s: the first record starts too far into the input", r->name);
	r->pinned = false;
	r->start = 0;
	r->line = 0;
	return 0;
}

static int fill(clout__reader *r, clout_error *err)
{
	size_t room, got;
	int rc;
	if (r->start > 0 && !r->pinned) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->end + CLOUT_JSON_PADDING >= r->cap) {
		size_t limit = r->max_line + 2 + CLOUT_JSON_PADDING, cap = r->cap * 2;
		char *p;
		if (r->cap >= limit) {
			if (r->pinned && r->start > 0) {
				r->pinned = false; /* what precedes is dropped: no restart any more */
				return fill(r, err);
			}
			return 0; /* full: the caller sees a too-long line */
		}
		if (cap > limit)
			cap = limit;
		if (!(p = realloc(r->buf, cap)))
			return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		r->buf = p;
		r->cap = cap;
	}
	room = r->cap - CLOUT_JSON_PADDING - r->end;
	if ((rc = clout_stream_read(r->stream, r->buf + r->end, room, &got, err)) < 0) {
		r->broken = rc; /* the input itself failed: no record after this */
		return rc;
	}
	if (got == 0)
		r->eof = true;
	r->end += got;
	return 0;
}

int clout__reader_next(clout__reader *r, const char **line, size_t *len, clout_error *err)
{
	size_t scanned = 0;
	bool overlong = false;
	int rc;
	if (r->broken)
		return clout_error_set(err, r->broken, "%s: the input ended in error", r->name);
	for (;;) {
		char *nl = memchr(r->buf + r->start + scanned, '\n', r->end - r->start - scanned);
		if (nl || (r->eof && r->end > r->start)) {
			size_t n = nl ? (size_t)(nl - (r->buf + r->start)) : r->end - r->start;
			char *p = r->buf + r->start;
			r->start += n + (nl ? 1 : 0);
			r->line++;
			if (overlong)
				return clout_error_set(err, CLOUT_EBADDATA, "line is longer than %zu bytes", r->max_line);
			if (n > 0 && p[n - 1] == '\r')
				n--;
			if (n > r->max_line)
				return clout_error_set(err, CLOUT_EBADDATA, "line is longer than %zu bytes", r->max_line);
			/* the padding after the line is readable: it is inside the buffer */
			*line = p;
			*len = n;
			return 1;
		}
		if (r->eof)
			return 0;
		scanned = r->end - r->start;
		if (scanned > r->max_line + 1) {
			/* Too long: drop what we have and keep looking for the end of this line. */
			overlong = true;
			r->start = r->end;
			scanned = 0;
		}
		size_t before = r->start;
		if ((rc = fill(r, err)) < 0)
			return rc;
		if (r->start != before) /* compacted: what was scanned moved with it */
			scanned = scanned > r->end - r->start ? r->end - r->start : scanned;
	}
}

uint64_t clout__reader_offset(clout__reader *r)
{
	return clout_stream_offset(r->stream);
}

int clout__reader_slurp(clout__reader *r, const char **out, size_t *len, size_t max, clout_error *err)
{
	size_t base = r->pinned ? 0 : r->start, got;
	int rc;
	*out = NULL;
	if (base > 0) { /* keep the document at the start of the buffer */
		memmove(r->buf, r->buf + base, r->end - base);
		r->end -= base;
		r->start = 0;
	}
	while (!r->eof) {
		if (r->end > max)
			return clout_error_set(err, CLOUT_EBADDATA, "%s: document is longer than %zu bytes", r->name, max);
		if (r->end + CLOUT_JSON_PADDING + 1 >= r->cap) {
			size_t cap = r->cap * 2 > max + 1 + CLOUT_JSON_PADDING ? max + 1 + CLOUT_JSON_PADDING : r->cap * 2;
			char *p;
			if (cap <= r->cap)
				cap = r->cap + CLOUT_JSON_PADDING + 1;
			if (!(p = realloc(r->buf, cap)))
				return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
			r->buf = p;
			r->cap = cap;
		}
		if ((rc = clout_stream_read(r->stream, r->buf + r->end, r->cap - CLOUT_JSON_PADDING - r->end, &got, err)) < 0) {
			r->broken = rc;
			return rc;
		}
		if (got == 0)
			r->eof = true;
		r->end += got;
	}
	if (r->end > max)
		return clout_error_set(err, CLOUT_EBADDATA, "%s: document is longer than %zu bytes", r->name, max);
	memset(r->buf + r->end, 0, CLOUT_JSON_PADDING);
	*out = r->buf;
	*len = r->end;
	return 0;
}
