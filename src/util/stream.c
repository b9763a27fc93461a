/*
 * stream.c: plain or gzip input from a path, a file descriptor or memory (see stream.h). Files and
 * descriptors go through zlib's gz* functions (which pass plain data through); memory is inflated
 * with zlib's inflate directly.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "util/stream.h"
#include "util/banned.h"

struct clout_stream {
	const char *name;
	uint64_t size;
	/* files and descriptors */
	gzFile gz;
	/* memory */
	const unsigned char *data;
	size_t len, at;
	bool gzip;     /* memory holds gzip data */
	bool inflating, ended;
	z_stream z;
};

static int open_gz(clout_stream *s, int fd, clout_error *err)
{
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		s->size = (uint64_t)st.st_size;
	if (!(s->gz = gzdopen(fd, "rb"))) {
		close(fd);
		return clout_error_set(err, CLOUT_ENOMEM, "%s: out of memory", s->name);
	}
	gzbuffer(s->gz, 256 * 1024);
	return 0;
}

int clout_stream_open_path(clout_stream **out, const char *path, clout_error *err)
{
	struct stat st;
	clout_stream *s;
	int fd, rc;
	*out = NULL;
	if (stat(path, &st) < 0)
		return clout_error_set(err, errno == ENOENT ? CLOUT_ENOTFOUND : CLOUT_EIO, "%s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return clout_error_set(err, CLOUT_EINVAL, "%s: is a directory", path);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return clout_error_set(err, CLOUT_EIO, "%s: %s", path, strerror(errno));
	if (!(s = calloc(1, sizeof(*s)))) {
		close(fd);
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	}
	s->name = path;
	if ((rc = open_gz(s, fd, err)) < 0) {
		free(s);
		return rc;
	}
	*out = s;
	return 0;
}

int clout_stream_open_fd(clout_stream **out, int fd, const char *name, clout_error *err)
{
	clout_stream *s;
	int own, rc;
	*out = NULL;
	/* gzclose closes the descriptor it reads: give it a copy */
	if ((own = fcntl(fd, F_DUPFD_CLOEXEC, 0)) < 0)
		return clout_error_set(err, CLOUT_EIO, "%s: %s", name, strerror(errno));
	if (!(s = calloc(1, sizeof(*s)))) {
		close(own);
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	}
	s->name = name;
	if ((rc = open_gz(s, own, err)) < 0) {
		free(s);
		return rc;
	}
	*out = s;
	return 0;
}

int clout_stream_open_memory(clout_stream **out, const void *data, size_t len, const char *name, clout_error *err)
{
	clout_stream *s = calloc(1, sizeof(*s));
	*out = NULL;
	if (!s)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	s->name = name;
	s->data = data;
	s->len = len;
	s->size = len;
	s->gzip = len >= 2 && s->data[0] == 0x1f && s->data[1] == 0x8b;
	*out = s;
	return 0;
}

void clout_stream_set_name(clout_stream *s, const char *name)
{
	s->name = name;
}

void clout_stream_free(clout_stream *s)
{
	if (!s)
		return;
	if (s->gz)
		gzclose(s->gz);
	if (s->inflating)
		inflateEnd(&s->z);
	free(s);
}

static int read_gz(clout_stream *s, void *buf, size_t size, size_t *got, clout_error *err)
{
	int n, errnum;
	if (size > INT32_MAX)
		size = INT32_MAX;
	n = gzread(s->gz, buf, (unsigned)size);
	if (n < 0) {
		const char *msg = gzerror(s->gz, &errnum);
		return clout_error_set(err, errnum == Z_ERRNO ? CLOUT_EIO : CLOUT_EBADDATA, "%s: %s", s->name,
			errnum == Z_ERRNO ? strerror(errno) : msg);
	}
	if (n == 0 && size > 0) {
		/* gzread returns 0 on a truncated gzip stream too: ask why */
		const char *msg = gzerror(s->gz, &errnum);
		if (errnum == Z_BUF_ERROR)
			return clout_error_set(err, CLOUT_EBADDATA, "%s: truncated gzip data", s->name);
		if (errnum != Z_OK)
			return clout_error_set(err, CLOUT_EBADDATA, "%s: %s", s->name, msg);
	}
	*got = (size_t)n;
	return 0;
}

static int read_inflate(clout_stream *s, void *buf, size_t size, size_t *got, clout_error *err)
{
	int zrc;
	*got = 0;
	if (s->ended)
		return 0;
	if (!s->inflating) {
		memset(&s->z, 0, sizeof(s->z));
		if (inflateInit2(&s->z, 16 + MAX_WBITS) != Z_OK)
			return clout_error_set(err, CLOUT_ENOMEM, "%s: out of memory", s->name);
		s->inflating = true;
	}
	while (*got == 0 && size > 0) {
		size_t in = s->len - s->at, room = size;
		if (in > UINT32_MAX)
			in = UINT32_MAX;
		if (room > UINT32_MAX)
			room = UINT32_MAX;
		s->z.next_in = (unsigned char *)(uintptr_t)(s->data + s->at);
		s->z.avail_in = (uInt)in;
		s->z.next_out = buf;
		s->z.avail_out = (uInt)room;
		zrc = inflate(&s->z, Z_NO_FLUSH);
		s->at += in - s->z.avail_in;
		*got = room - s->z.avail_out;
		if (zrc == Z_STREAM_END) {
			/* another gzip member may follow, as gzread allows */
			if (s->at + 2 <= s->len && s->data[s->at] == 0x1f && s->data[s->at + 1] == 0x8b) {
				inflateReset(&s->z);
				continue;
			}
			s->ended = true;
			return 0;
		}
		if (zrc != Z_OK && zrc != Z_BUF_ERROR)
			return clout_error_set(err, CLOUT_EBADDATA, "%s: %s", s->name, s->z.msg ? s->z.msg : "bad gzip data");
		if (*got == 0 && (s->at == s->len || zrc == Z_BUF_ERROR))
			return clout_error_set(err, CLOUT_EBADDATA, "%s: truncated gzip data", s->name);
	}
	return 0;
}

int clout_stream_read(clout_stream *s, void *buf, size_t size, size_t *got, clout_error *err)
{
	*got = 0;
	if (s->gz)
		return read_gz(s, buf, size, got, err);
	if (s->gzip)
		return read_inflate(s, buf, size, got, err);
	if (size > s->len - s->at)
		size = s->len - s->at;
	memcpy(buf, s->data + s->at, size);
	s->at += size;
	*got = size;
	return 0;
}

uint64_t clout_stream_offset(const clout_stream *s)
{
	if (s->gz) {
		z_off_t off = gzoffset(s->gz);
		return off < 0 ? 0 : (uint64_t)off;
	}
	return s->at;
}

uint64_t clout_stream_size(const clout_stream *s)
{
	return s->size;
}

const char *clout_stream_name(const clout_stream *s)
{
	return s->name;
}
