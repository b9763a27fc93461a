/*
 * reader.c: the streaming line reader of imports. zlib's gzread reads gzip and plain files alike;
 * lines are returned in place from one buffer that never grows past the record limit, so memory
 * stays constant however large the file.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/import/internal.h"

#define READ_CHUNK (1u << 20)

int clout__reader_open(clout__reader *r, const char *path, size_t max_line, clout_error *err)
{
	struct stat st;
	memset(r, 0, sizeof(*r));
	r->path = path;
	r->max_line = max_line;
	if (stat(path, &st) < 0)
		return clout_error_set(err, errno == ENOENT ? CLOUT_ENOTFOUND : CLOUT_EIO, "%s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return clout_error_set(err, CLOUT_EINVAL, "%s: is a directory", path);
	r->file_size = (uint64_t)st.st_size;
	r->gz = gzopen(path, "rb");
	if (!r->gz)
		return clout_error_set(err, CLOUT_EIO, "%s: %s", path, errno ? strerror(errno) : "cannot open");
	gzbuffer(r->gz, 256 * 1024);
	r->cap = READ_CHUNK + CLOUT_JSON_PADDING;
	r->buf = malloc(r->cap);
	if (!r->buf) {
		gzclose(r->gz);
		r->gz = NULL;
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	}
	return 0;
}

void clout__reader_close(clout__reader *r)
{
	if (r->gz)
		gzclose(r->gz);
	free(r->buf);
	memset(r, 0, sizeof(*r));
}

static int fill(clout__reader *r, clout_error *err)
{
	int n, errnum;
	size_t room;
	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->end + CLOUT_JSON_PADDING >= r->cap) {
		size_t limit = r->max_line + 2 + CLOUT_JSON_PADDING, cap = r->cap * 2;
		char *p;
		if (r->cap >= limit)
			return 0; /* full: the caller sees a too-long line */
		if (cap > limit)
			cap = limit;
		p = realloc(r->buf, cap);
		if (!p)
			return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		r->buf = p;
		r->cap = cap;
	}
	room = r->cap - CLOUT_JSON_PADDING - r->end;
	if (room > INT32_MAX)
		room = INT32_MAX;
	n = gzread(r->gz, r->buf + r->end, (unsigned)room);
	if (n < 0) {
		const char *msg = gzerror(r->gz, &errnum);
		return clout_error_set(err, errnum == Z_ERRNO ? CLOUT_EIO : CLOUT_EBADDATA, "%s: %s", r->path,
			errnum == Z_ERRNO ? strerror(errno) : msg);
	}
	if (n == 0) {
		/* gzread returns 0 on a truncated gzip stream too: ask why. */
		const char *msg = gzerror(r->gz, &errnum);
		if (errnum != Z_OK && errnum != Z_BUF_ERROR)
			return clout_error_set(err, CLOUT_EBADDATA, "%s: %s", r->path, msg);
		if (errnum == Z_BUF_ERROR)
			return clout_error_set(err, CLOUT_EBADDATA, "%s: truncated gzip data", r->path);
		r->eof = true;
	}
	r->end += (size_t)n;
	return 0;
}

int clout__reader_next(clout__reader *r, const char **line, size_t *len, clout_error *err)
{
	size_t scanned = 0;
	bool overlong = false;
	int rc;
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
		if ((rc = fill(r, err)) < 0)
			return rc;
		if (r->start == 0)
			scanned = scanned > r->end ? r->end : scanned;
	}
}

uint64_t clout__reader_offset(clout__reader *r)
{
	z_off_t off = gzoffset(r->gz);
	return off < 0 ? 0 : (uint64_t)off;
}

int clout__reader_slurp(clout__reader *r, char **out, size_t *len, size_t max, clout_error *err)
{
	size_t cap = 1 << 16, n = 0;
	char *p = malloc(cap + CLOUT_JSON_PADDING);
	int got, errnum;
	*out = NULL;
	if (!p)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	if (gzrewind(r->gz) < 0) {
		free(p);
		return clout_error_set(err, CLOUT_EIO, "%s: cannot rewind", r->path);
	}
	for (;;) {
		if (n == cap) {
			char *q;
			if (cap >= max + 1) {
				free(p);
				return clout_error_set(err, CLOUT_EBADDATA, "%s: document is longer than %zu bytes", r->path, max);
			}
			cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			q = realloc(p, cap + CLOUT_JSON_PADDING);
			if (!q) {
				free(p);
				return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
			}
			p = q;
		}
		got = gzread(r->gz, p + n, (unsigned)(cap - n));
		if (got < 0) {
			const char *msg = gzerror(r->gz, &errnum);
			free(p);
			return clout_error_set(err, CLOUT_EBADDATA, "%s: %s", r->path, msg);
		}
		if (got == 0) {
			gzerror(r->gz, &errnum);
			if (errnum == Z_BUF_ERROR) {
				free(p);
				return clout_error_set(err, CLOUT_EBADDATA, "%s: truncated gzip data", r->path);
			}
			break;
		}
		n += (size_t)got;
	}
	if (n > max) {
		free(p);
		return clout_error_set(err, CLOUT_EBADDATA, "%s: document is longer than %zu bytes", r->path, max);
	}
	memset(p + n, 0, CLOUT_JSON_PADDING);
	*out = p;
	*len = n;
	r->eof = true;
	return 0;
}
