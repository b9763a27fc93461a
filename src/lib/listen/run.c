/*
 * run.c: clout_listen_run, the listening operation on a session: files are read whole, one
 * transaction each (a bad record leaves the store as it was); a stream (an fd such as stdin, or a
 * file followed as it grows) is read in chunks of whole lines, each chunk parsed by the import
 * readers as a memory source and committed as soon as the input pauses (and at least every quarter
 * of a second, or 4 MiB, while it does not), so
 * nothing that arrived waits for more input to be stored. Following survives rotation and
 * truncation as tail -F does: when the path names a new file, or the file shrank, reading starts
 * again at its beginning. Before each chunk, rules saved or removed since are picked up (without a
 * rebuild: see clout_listen_listener_refresh).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/listen/internal.h"
#include "lib/listen/listener.h"
#include "util/banned.h"

#define CHUNK_READ (1u << 20)
#define CHUNK_MAX (4u << 20)
#define IDLE_MS 100
#define COMMIT_EVERY_S 0.25
#define FOLLOW_POLL_MS 200

static double mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct stream {
	clout_listen_listener *l;
	const char *name;
	const char *path; /* followed file, or NULL */
	int fd;
	dev_t dev;
	ino_t ino;
	off_t pos;
	char *buf;
	size_t len, cap;
	uint64_t lines;     /* lines already parsed: added to the chunk's line numbers */
	char format[32];    /* fixed by the first chunk */
	double committed;   /* when the last chunk was stored */
	clout_listen_run_stats *stats;
	clout_error *err;
} stream;

/* Rewrites "NAME:LINE: what" with the stream's line number. */
static void fix_line(stream *s)
{
	size_t n = strlen(s->name);
	char *msg = s->err->message, *end;
	if (strncmp(msg, s->name, n) || msg[n] != ':')
		return;
	unsigned long long line = strtoull(msg + n + 1, &end, 10);
	if (end == msg + n + 1 || *end != ':')
		return;
	char rest[sizeof(s->err->message)], number[24];
	size_t rest_len = strlen(end), at = n + 1;
	memcpy(rest, end, rest_len + 1);
	int digits = snprintf(number, sizeof(number), "%llu", line + (unsigned long long)s->lines);
	if (digits < 0 || at + (size_t)digits + rest_len >= sizeof(s->err->message))
		return;
	memcpy(msg + at, number, (size_t)digits);
	memcpy(msg + at + digits, rest, rest_len + 1);
}

/* Parses buf[0..len) (whole lines) and stores what it holds; a bad record commits what came before
 * it (the stream goes on being stored up to there) and ends the run, unless skip_bad. */
static int parse_chunk(stream *s, size_t len)
{
	clout_listen_listener *l = s->l;
	clout_import_options io = CLOUT_IMPORT_OPTIONS_INIT;
	clout_import_source src = CLOUT_IMPORT_SOURCE_MEMORY(s->buf, len, s->name);
	clout_import_reader *reader = NULL;
	clout_import_record rec;
	int rc;
	size_t blank = 0;
	while (blank < len && strchr(" \t\r\n", s->buf[blank]) && s->buf[blank])
		blank++;
	if (blank == len)
		goto counted;
	/* a rule saved since the last chunk applies to this one */
	if ((rc = clout_listen_listener_refresh(l, s->err)) < 0)
		goto bad;
	io.format = s->format[0] ? s->format : l->opts.format;
	io.max_record_bytes = l->opts.max_record_bytes;
	if ((rc = clout_import_reader_open(&reader, &src, &io, s->err)) < 0)
		goto bad;
	if (!s->format[0])
		snprintf(s->format, sizeof(s->format), "%s", clout_import_reader_format(reader));
	while ((rc = clout_import_reader_next(reader, &rec, s->err)) != 0) {
		if (rc == CLOUT_EBADDATA && l->opts.skip_bad) {
			fix_line(s);
			s->stats->rejected++;
			if (l->opts.on_bad && (rc = l->opts.on_bad(l->opts.ctx, s->err)) != 0)
				break;
			continue;
		}
		if (rc < 0 || (rc = listen_record(l, &rec, s->stats, s->err)) < 0)
			break;
	}
	clout_import_reader_free(reader);
	if (rc < 0)
		goto bad;
counted:
	for (size_t i = 0; i < len; i++)
		s->lines += s->buf[i] == '\n';
	memmove(s->buf, s->buf + len, s->len - len);
	s->len -= len;
	s->buf[s->len] = '\0';
	return 0;
bad:
	fix_line(s);
	if (rc == CLOUT_EBADDATA) {
		clout_error keep = *s->err;
		int crc = listen_tx_commit(l, s->err);
		if (crc < 0)
			return crc;
		*s->err = keep;
	}
	return rc;
}

/* Parses the whole lines buffered (all of the buffer at the end of the input). */
static int parse_lines(stream *s, bool all)
{
	size_t len = s->len;
	if (!all)
		while (len && s->buf[len - 1] != '\n')
			len--;
	return len ? parse_chunk(s, len) : 0;
}

static int checkpoint(stream *s)
{
	s->committed = mono_now();
	return listen_tx_commit(s->l, s->err);
}

/* The followed path names another file, or the file shrank: reopen it from the start. */
static int follow_check(stream *s)
{
	struct stat st;
	if (stat(s->path, &st) < 0)
		return 0; /* rotated away, not yet recreated: keep waiting */
	if (st.st_dev == s->dev && st.st_ino == s->ino) {
		if (st.st_size < s->pos && lseek(s->fd, 0, SEEK_SET) == 0)
			s->pos = 0;
		return 0;
	}
	int fd = open(s->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	close(s->fd);
	s->fd = fd;
	s->dev = st.st_dev;
	s->ino = st.st_ino;
	s->pos = 0;
	return 0;
}

static int stream_loop(stream *s, const volatile sig_atomic_t *stop)
{
	int rc = 0;
	while (!(stop && *stop)) {
		struct pollfd pfd = { s->fd, POLLIN, 0 };
		if (s->len + CHUNK_READ > s->cap) {
			size_t cap = s->len + CHUNK_READ;
			char *grown = realloc(s->buf, cap + 1);
			if (!grown)
				return clout_error_set(s->err, CLOUT_ENOMEM, "out of memory");
			s->buf = grown;
			s->cap = cap;
		}
		if (!s->path) {
			int ready = poll(&pfd, 1, IDLE_MS);
			if (ready == 0) {
				/* the input paused: store what came */
				if ((rc = parse_lines(s, false)) < 0 || (rc = checkpoint(s)) < 0)
					return rc;
				continue;
			}
			if (ready < 0 && errno == EINTR)
				continue;
		}
		ssize_t n = read(s->fd, s->buf + s->len, CHUNK_READ);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return clout_error_set(s->err, CLOUT_EIO, "%s: %s", s->name, strerror(errno));
		if (n > 0) {
			s->len += (size_t)n;
			s->pos += n;
			s->buf[s->len] = '\0';
			/* a steady trickle never pauses: store what came at least every COMMIT_EVERY_S */
			if ((s->len >= CHUNK_MAX || mono_now() - s->committed >= COMMIT_EVERY_S) &&
			    ((rc = parse_lines(s, false)) < 0 || (rc = checkpoint(s)) < 0))
				return rc;
			if (s->len >= CHUNK_MAX)
				return clout_error_set(s->err, CLOUT_EBADDATA, "%s:%llu: line longer than %u bytes", s->name,
					(unsigned long long)s->lines + 1, CHUNK_MAX);
			continue;
		}
		if (!s->path)
			break; /* end of the input */
		if ((rc = parse_lines(s, false)) < 0 || (rc = checkpoint(s)) < 0 || (rc = follow_check(s)) < 0)
			return rc;
		poll(NULL, 0, FOLLOW_POLL_MS);
	}
	if ((rc = parse_lines(s, true)) < 0)
		return rc;
	return listen_tx_commit(s->l, s->err);
}

static int run_stream(clout_listen_listener *l, const clout_import_source *src, const volatile sig_atomic_t *stop,
	clout_listen_run_stats *stats, clout_error *err)
{
	stream s = { l, NULL, NULL, -1, 0, 0, 0, NULL, 0, 0, 0, "", 0, stats, err };
	struct stat st;
	int rc;
	if (src->kind == CLOUT_SOURCE_PATH) {
		s.path = src->path;
		s.name = src->name ? src->name : src->path;
		if ((s.fd = open(src->path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(s.fd, &st) < 0) {
			rc = clout_error_set(err, errno == ENOENT ? CLOUT_ENOTFOUND : CLOUT_EIO, "%s: %s", src->path, strerror(errno));
			if (s.fd >= 0)
				close(s.fd);
			return rc;
		}
		s.dev = st.st_dev;
		s.ino = st.st_ino;
	} else {
		s.fd = src->fd;
		s.name = src->name ? src->name : src->fd == 0 ? "<stdin>" : "<fd>";
	}
	rc = stream_loop(&s, stop);
	if (rc < 0)
		listen_tx_rollback(l);
	if (s.path)
		close(s.fd);
	free(s.buf);
	return rc;
}

int clout_listen_run(clout_session *s, const clout_import_source *sources, size_t n,
	const clout_listen_run_options *opts, clout_listen_run_stats *out)
{
	clout_error *err = clout_session_err(s);
	clout_listen_listener *l = NULL;
	const clout_text_model *model;
	clout_listen_run_stats stats;
	double started = mono_now();
	int64_t ws;
	int rc;
	clout_session_reset(s);
	memset(&stats, 0, sizeof(stats));
	if ((rc = clout_session_workspace(s, &ws)) < 0 || (rc = clout_session_text_model(s, &model)) < 0)
		goto done;
	if ((rc = listen_listener_open(&l, clout_session_store(s), ws, model, opts, err)) < 0)
		goto done;
	if (!l->any_rule) {
		rc = clout_error_set(err, CLOUT_ENOTFOUND, "no listening rule in workspace '%s' (add one with clout listen rule add)",
			clout_session_workspace_name(s));
		goto done;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		const clout_import_source *src = &sources[i];
		if (src->kind == CLOUT_SOURCE_FD || (src->kind == CLOUT_SOURCE_PATH && l->opts.follow))
			rc = run_stream(l, src, l->opts.stop, &stats, err);
		else
			rc = clout_listen_ingest(l, src, NULL, &stats, err);
	}
done:
	stats.seconds = mono_now() - started;
	if (out)
		*out = stats;
	clout_listen_listener_free(l);
	return rc;
}
