/*
 * clicklog.c: the click log's records and segment files (see clicklog.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/track/clicklog.h"
#include "util/banned.h"

const char *const clicklog_ua_classes[5] = { "desktop", "mobile", "tablet", "other", "none" };

uint8_t clicklog_ua_index(const char *ua_class)
{
	for (uint8_t i = 0; i < 4; i++)
		if (ua_class && !strcmp(ua_class, clicklog_ua_classes[i]))
			return i;
	return 4;
}

/* CRC-32 (the IEEE polynomial, reflected), tables made on first use: eight of them, to take eight
 * bytes a step (a byte a step was most of clicklog_encode's time on the redirect path). */
static uint32_t crc_table[8][256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

static void crc_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
		crc_table[0][i] = c;
	}
	for (int t = 1; t < 8; t++)
		for (uint32_t i = 0; i < 256; i++)
			crc_table[t][i] = (crc_table[t - 1][i] >> 8) ^ crc_table[0][crc_table[t - 1][i] & 0xFF];
}

static uint32_t crc_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t crc32_of(const uint8_t *p, size_t len)
{
	uint32_t c = 0xFFFFFFFFu;
	pthread_once(&crc_once, crc_init);
	for (; len >= 8; p += 8, len -= 8) {
		uint32_t lo = c ^ crc_le32(p), hi = crc_le32(p + 4);
		c = crc_table[7][lo & 0xFF] ^ crc_table[6][(lo >> 8) & 0xFF] ^ crc_table[5][(lo >> 16) & 0xFF] ^
		    crc_table[4][lo >> 24] ^ crc_table[3][hi & 0xFF] ^ crc_table[2][(hi >> 8) & 0xFF] ^
		    crc_table[1][(hi >> 16) & 0xFF] ^ crc_table[0][hi >> 24];
	}
	for (size_t i = 0; i < len; i++)
		c = crc_table[0][(c ^ p[i]) & 0xFF] ^ (c >> 8);
	return c ^ 0xFFFFFFFFu;
}

static void put_u16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put_u32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put_i64(uint8_t *p, int64_t v)
{
	uint64_t u = (uint64_t)v;
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(u >> (8 * i));
}

static uint32_t get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int64_t get_i64(const uint8_t *p)
{
	uint64_t u = 0;
	for (int i = 7; i >= 0; i--)
		u = u << 8 | p[i];
	return (int64_t)u;
}

size_t clicklog_encode(uint8_t *out, const click_record *r)
{
	size_t len = CLICKLOG_FIXED + r->referrer_len;
	uint8_t *p = out + CLICKLOG_HEADER;
	out[0] = 'C';
	out[1] = 'K';
	put_u16(out + 2, (uint16_t)len);
	put_i64(p, r->id);
	put_i64(p + 8, r->link_id);
	put_i64(p + 16, r->at_ms);
	p[24] = r->click_class;
	p[25] = r->ua_class;
	memcpy(p + 26, r->address_hash, CLICKLOG_HASH_LEN);
	p[26 + CLICKLOG_HASH_LEN] = r->referrer_len;
	memcpy(p + 27 + CLICKLOG_HASH_LEN, r->referrer_host, r->referrer_len);
	put_u32(out + 4, crc32_of(out + CLICKLOG_HEADER, len - CLICKLOG_HEADER));
	return len;
}

int clicklog_decode(const uint8_t *p, size_t len, click_record *out, size_t *used)
{
	size_t n;
	const uint8_t *b = p + CLICKLOG_HEADER;
	if (len < 2 || p[0] != 'C' || p[1] != 'K') {
		/* one byte 'C' at the end may start a record that goes on */
		*used = len >= 2 || (len == 1 && p[0] != 'C') ? 1 : 0;
		return 0;
	}
	if (len < 4) {
		*used = 0;
		return 0;
	}
	n = (size_t)p[2] | (size_t)p[3] << 8;
	if (n < CLICKLOG_FIXED || n > CLICKLOG_RECORD_MAX) {
		*used = 1;
		return 0;
	}
	if (len < n) {
		*used = 0;
		return 0;
	}
	if (get_u32(p + 4) != crc32_of(b, n - CLICKLOG_HEADER) || b[26 + CLICKLOG_HASH_LEN] != n - CLICKLOG_FIXED ||
	    b[24] >= CLOUT_CLICK_CLASSES || b[25] > 4) {
		*used = 1;
		return 0;
	}
	out->id = get_i64(b);
	out->link_id = get_i64(b + 8);
	out->at_ms = get_i64(b + 16);
	out->click_class = b[24];
	out->ua_class = b[25];
	memcpy(out->address_hash, b + 26, CLICKLOG_HASH_LEN);
	out->referrer_len = b[26 + CLICKLOG_HASH_LEN];
	memcpy(out->referrer_host, b + 27 + CLICKLOG_HASH_LEN, out->referrer_len);
	out->referrer_host[out->referrer_len] = '\0';
	*used = n;
	return 1;
}

int clicklog_open(clicklog *log, const char *dir, bool sync, clout_error *err)
{
	memset(log, 0, sizeof(*log));
	log->dir_fd = log->lock_fd = log->fd = -1;
	log->sync = sync;
	pthread_rwlock_init(&log->lock, NULL);
	atomic_init(&log->bytes, 0);
	if (!(log->dir = strdup(dir)))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return clout_error_set(err, CLOUT_EIO, "click log: cannot make %s: %s", dir, strerror(errno));
	if ((log->dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return clout_error_set(err, CLOUT_EIO, "click log: cannot open %s: %s", dir, strerror(errno));
	if ((log->lock_fd = openat(log->dir_fd, "lock", O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0)
		return clout_error_set(err, CLOUT_EIO, "click log: cannot open %s/lock: %s", dir, strerror(errno));
	if (flock(log->lock_fd, LOCK_EX | LOCK_NB) < 0)
		return clout_error_set(err, CLOUT_EUNAVAILABLE,
			"click log: %s is in use by another clout serve (give each its own --state-dir)", dir);
	return 0;
}

void clicklog_close(clicklog *log)
{
	if (log->fd >= 0)
		close(log->fd);
	if (log->lock_fd >= 0)
		close(log->lock_fd); /* releases the flock */
	if (log->dir_fd >= 0)
		close(log->dir_fd);
	free(log->dir);
	pthread_rwlock_destroy(&log->lock);
	memset(log, 0, sizeof(*log));
	log->dir_fd = log->lock_fd = log->fd = -1;
}

static int cmp_seq(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Whether name is clicks-SEQ.log (16 hex digits): its seq. */
static bool segment_seq(const char *name, uint64_t *seq)
{
	uint64_t v = 0;
	if (strlen(name) != 27 || strncmp(name, "clicks-", 7) || strcmp(name + 23, ".log"))
		return false;
	for (int i = 7; i < 23; i++) {
		char c = name[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (d < 0)
			return false;
		v = v << 4 | (uint64_t)d;
	}
	*seq = v;
	return true;
}

int clicklog_segments(clicklog *log, uint64_t **out, size_t *count, clout_error *err)
{
	int fd = openat(log->dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;
	uint64_t *seqs = NULL;
	size_t n = 0, cap = 0;
	*out = NULL;
	*count = 0;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return clout_error_set(err, CLOUT_EIO, "click log: cannot list %s: %s", log->dir, strerror(errno));
	}
	while ((e = readdir(d)) != NULL) {
		uint64_t seq;
		if (!segment_seq(e->d_name, &seq))
			continue;
		if (n == cap) {
			uint64_t *grown = realloc(seqs, (cap = cap ? cap * 2 : 16) * sizeof(*seqs));
			if (!grown) {
				free(seqs);
				closedir(d);
				return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
			}
			seqs = grown;
		}
		seqs[n++] = seq;
	}
	closedir(d);
	if (n)
		qsort(seqs, n, sizeof(*seqs), cmp_seq);
	*out = seqs;
	*count = n;
	return 0;
}

static void segment_name(char out[32], uint64_t seq)
{
	snprintf(out, 32, "clicks-%016" PRIx64 ".log", seq);
}

static int open_segment(clicklog *log, uint64_t seq, int *out, clout_error *err)
{
	char name[32];
	int fd;
	segment_name(name, seq);
	if ((fd = openat(log->dir_fd, name, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600)) < 0)
		return clout_error_set(err, CLOUT_EIO, "click log: cannot open %s/%s: %s", log->dir, name, strerror(errno));
	if (log->sync && fsync(log->dir_fd) < 0) {
		int e = errno;
		close(fd);
		return clout_error_set(err, CLOUT_EIO, "click log: cannot sync %s: %s", log->dir, strerror(e));
	}
	*out = fd;
	return 0;
}

int clicklog_start(clicklog *log, uint64_t seq, clout_error *err)
{
	int rc = open_segment(log, seq, &log->fd, err);
	if (rc == 0) {
		log->seq = seq;
		atomic_store(&log->bytes, 0);
	}
	return rc;
}

int clicklog_append(clicklog *log, const uint8_t *buf, size_t len, clout_error *err)
{
	size_t done = 0;
	int rc = 0;
	pthread_rwlock_rdlock(&log->lock);
	while (done < len) {
		ssize_t n = write(log->fd, buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = clout_error_set(err, CLOUT_EIO, "click log: cannot write to %s: %s", log->dir,
				n < 0 ? strerror(errno) : "no progress");
			break;
		}
		done += (size_t)n;
	}
	if (rc == 0 && log->sync && fdatasync(log->fd) < 0)
		rc = clout_error_set(err, CLOUT_EIO, "click log: cannot sync %s: %s", log->dir, strerror(errno));
	atomic_fetch_add(&log->bytes, done);
	pthread_rwlock_unlock(&log->lock);
	return rc;
}

int clicklog_rotate(clicklog *log, uint64_t *old, clout_error *err)
{
	int fd, rc, old_fd;
	if (atomic_load(&log->bytes) == 0)
		return 0;
	if ((rc = open_segment(log, log->seq + 1, &fd, err)) < 0)
		return rc;
	pthread_rwlock_wrlock(&log->lock);
	old_fd = log->fd;
	*old = log->seq;
	log->fd = fd;
	log->seq++;
	atomic_store(&log->bytes, 0);
	pthread_rwlock_unlock(&log->lock);
	close(old_fd);
	return 1;
}

#define READ_CHUNK (1 << 20)

int clicklog_read(clicklog *log, uint64_t seq, clicklog_record_fn fn, void *ctx, size_t *skipped, clout_error *err)
{
	char name[32];
	uint8_t *buf = malloc(READ_CHUNK + CLICKLOG_RECORD_MAX);
	size_t have = 0;
	int fd, rc = 0;
	bool eof = false;
	*skipped = 0;
	segment_name(name, seq);
	if (!buf)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	if ((fd = openat(log->dir_fd, name, O_RDONLY | O_CLOEXEC)) < 0) {
		free(buf);
		return clout_error_set(err, CLOUT_EIO, "click log: cannot read %s/%s: %s", log->dir, name, strerror(errno));
	}
	while (rc == 0 && !(eof && have == 0)) {
		size_t pos = 0;
		if (!eof) {
			ssize_t n = read(fd, buf + have, READ_CHUNK + CLICKLOG_RECORD_MAX - have);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				rc = clout_error_set(err, CLOUT_EIO, "click log: cannot read %s/%s: %s", log->dir, name,
					strerror(errno));
				break;
			}
			eof = n == 0;
			have += (size_t)n;
		}
		while (rc == 0 && pos < have) {
			click_record r;
			size_t used;
			if (clicklog_decode(buf + pos, have - pos, &r, &used)) {
				rc = fn(ctx, &r);
			} else if (used == 0) {
				if (!eof)
					break; /* the record goes on in the next read */
				used = 1;  /* a torn record at the end */
				++*skipped;
			} else {
				*skipped += used;
			}
			pos += used;
		}
		memmove(buf, buf + pos, have - pos);
		have -= pos;
	}
	close(fd);
	free(buf);
	return rc;
}

int clicklog_remove(clicklog *log, uint64_t seq, clout_error *err)
{
	char name[32];
	segment_name(name, seq);
	if (unlinkat(log->dir_fd, name, 0) < 0 && errno != ENOENT)
		return clout_error_set(err, CLOUT_EIO, "click log: cannot remove %s/%s: %s", log->dir, name,
			strerror(errno));
	if (log->sync)
		fsync(log->dir_fd);
	return 0;
}
