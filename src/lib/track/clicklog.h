/*
 * clicklog.h: the click log (clicklog.c), where the click recorder makes a click durable before
 * its 302 leaves: compact records appended to segment files in a state directory, one write (and,
 * when asked, one fdatasync) per batch of clicks, read back and folded into the store later by
 * the folder (folder.c), which then removes the segment.
 *
 * A segment is DIR/clicks-SEQ.log (SEQ 16 hex digits, growing). Appenders write to the newest;
 * the folder rotates (opens SEQ+1 and switches the appenders to it under the write lock) and folds
 * the old one, which no appender writes any more. DIR/lock is held (flock) by the process that
 * owns the directory, so two servers never share one log.
 *
 * A record: 'C' 'K', its length (u16), a CRC-32 of the rest (u32), then the click id, link id and
 * time in unix ms (i64 each), class (u8), user-agent class (u8), the 16-byte address hash, the
 * referrer host's length (u8) and bytes. Integers are little-endian. A reader skips bytes that do
 * not start a record whose CRC matches (a torn write at a crash), so one bad record costs only itself.
 */
#ifndef CLOUT_LIB_TRACK_CLICKLOG_H
#define CLOUT_LIB_TRACK_CLICKLOG_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clout/track.h"

#define CLICKLOG_HASH_LEN 16
#define CLICKLOG_HEADER 8
#define CLICKLOG_FIXED (CLICKLOG_HEADER + 8 * 3 + 2 + CLICKLOG_HASH_LEN + 1)
#define CLICKLOG_RECORD_MAX (CLICKLOG_FIXED + 255)

typedef struct click_record {
	int64_t id, link_id, at_ms;
	uint8_t click_class;
	uint8_t ua_class; /* index into clicklog_ua_classes */
	uint8_t address_hash[CLICKLOG_HASH_LEN];
	uint8_t referrer_len;
	char referrer_host[256]; /* NUL-terminated */
} click_record;

/* The user-agent class names (track_ua_class's), by their index in a record. */
extern const char *const clicklog_ua_classes[5];
/* The index of a user-agent class name (4, "none", for anything else). */
uint8_t clicklog_ua_index(const char *ua_class);

/* Encodes r into out (room for CLICKLOG_RECORD_MAX bytes); its length. */
size_t clicklog_encode(uint8_t *out, const click_record *r);
/*
 * Decodes the first record of p[0..len): 1 with *used its length; 0 when p starts no valid
 * record (*used: bytes to skip, at least 1, or 0 when the data ends inside what may be a record).
 */
int clicklog_decode(const uint8_t *p, size_t len, click_record *out, size_t *used);

typedef struct clicklog {
	char *dir;
	int dir_fd, lock_fd;
	bool sync;              /* fdatasync each append (and the directory at each new segment) */
	pthread_rwlock_t lock;  /* appenders read-lock; a rotation write-locks */
	int fd;                 /* the newest segment, appended to; -1 before clicklog_start */
	uint64_t seq;
	atomic_uint_fast64_t bytes; /* appended to the newest segment */
} clicklog;

/* Creates dir if needed and locks it (CLOUT_EUNAVAILABLE when another process holds it). */
int clicklog_open(clicklog *log, const char *dir, bool sync, clout_error *err);
void clicklog_close(clicklog *log);
/* The sequence numbers of the segments in the directory, ascending (malloc'd *out). */
int clicklog_segments(clicklog *log, uint64_t **out, size_t *count, clout_error *err);
/* Starts appending to a new segment seq. */
int clicklog_start(clicklog *log, uint64_t seq, clout_error *err);
/* Appends buf[0..len) in one write (then fdatasync when sync): 0 or a negative code. */
int clicklog_append(clicklog *log, const uint8_t *buf, size_t len, clout_error *err);
/* Switches appenders to segment seq+1 when the newest has data: 1 with *old its seq, 0 when empty. */
int clicklog_rotate(clicklog *log, uint64_t *old, clout_error *err);

/* Called for each record of a segment, in order: 0 to go on, or a negative code to stop. */
typedef int (*clicklog_record_fn)(void *ctx, const click_record *r);
/* Reads segment seq and calls fn for each valid record; *skipped counts bytes skipped as torn. */
int clicklog_read(clicklog *log, uint64_t seq, clicklog_record_fn fn, void *ctx, size_t *skipped, clout_error *err);
/* Removes segment seq (after its records are folded). */
int clicklog_remove(clicklog *log, uint64_t seq, clout_error *err);

#endif
