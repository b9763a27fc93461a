/*
 * folder.c: the folder, which moves logged clicks into the store (see recorder.c).
 *
 * Every fold interval the folder thread rotates the click log (appenders move to a new segment),
 * then folds each older segment: its records are inserted into track_click under their logged
 * ids, in transactions of max_batch clicks, and the segment is removed once every one of them is
 * committed. A crash between a commit and the removal folds the segment again at the next start;
 * the rows kept already are left as they are (INSERT ... ON CONFLICT (id) DO NOTHING), so no
 * click counts twice. The folder runs at the lowest CPU priority (nice 19) so that under load the
 * request path comes first; the log grows meanwhile and the folder catches up when load drops,
 * and at the latest when the server stops.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "clout/store.h"
#include "lib/store/track.h"
#include "lib/track/recorder_internal.h"
#include "util/banned.h"

#define FOLD_YIELD 1 /* fold_record: the folder thread stops for a caller who waits */

typedef struct fold_state {
	clout_track_recorder *rec;
	size_t in_txn;
	bool open, by_folder;
	clout_error *err;
} fold_state;

static int fold_record(void *ctx, const click_record *r)
{
	fold_state *f = ctx;
	clout_track_recorder *rec = f->rec;
	clout__store_click c = { r->id, r->link_id, r->at_ms, r->address_hash, CLICKLOG_HASH_LEN,
		(clout_click_class)r->click_class, clicklog_ua_classes[r->ua_class], r->referrer_host };
	int rc;
	/* Someone waits to fold (an API request that reads the store): the folder thread, at the
	 * lowest priority, commits what it has and lets the caller fold the rest, at its own priority.
	 * The part of this segment already committed is folded again then, which adds nothing. */
	if (f->by_folder && atomic_load(&rec->fold_waiters) > 0) {
		if (f->open) {
			f->open = false;
			if ((rc = clout_store_commit(rec->store, f->err)) < 0)
				return rc;
		}
		return FOLD_YIELD;
	}
	if (!f->open) {
		if ((rc = clout_store_begin(rec->store, f->err)) < 0)
			return rc;
		f->open = true;
	}
	if ((rc = clout__store_click_fold(rec->store, &c, r->at_ms - rec->opts.unique_window_s * 1000, NULL, f->err)) < 0)
		return rc;
	if (++f->in_txn >= rec->opts.max_batch) {
		f->open = false;
		f->in_txn = 0;
		return clout_store_commit(rec->store, f->err);
	}
	return 0;
}

/* Folds segment seq into the store and removes it (FOLD_YIELD: left for a waiting caller). */
static int fold_segment(clout_track_recorder *rec, uint64_t seq, bool by_folder, clout_error *err)
{
	fold_state f = { rec, 0, false, by_folder, err };
	size_t skipped;
	int rc = clicklog_read(&rec->log, seq, fold_record, &f, &skipped, err);
	if (rc == FOLD_YIELD)
		return rc;
	if (rc == 0 && f.open) {
		f.open = false;
		rc = clout_store_commit(rec->store, err);
	}
	if (f.open)
		clout_store_rollback(rec->store);
	if (rc == 0)
		rc = clicklog_remove(&rec->log, seq, err);
	return rc;
}

int recorder_fold(clout_track_recorder *rec, bool rotate, bool by_folder, clout_error *err)
{
	uint64_t *seqs = NULL, old;
	size_t n = 0;
	int rc = 0;
	if (by_folder) {
		pthread_mutex_lock(&rec->fold_lock);
	} else {
		atomic_fetch_add(&rec->fold_waiters, 1);
		pthread_mutex_lock(&rec->fold_lock);
		atomic_fetch_sub(&rec->fold_waiters, 1);
	}
	if (rotate && (rc = clicklog_rotate(&rec->log, &old, err)) == 0 && !rec->unfolded) {
		pthread_mutex_unlock(&rec->fold_lock); /* nothing logged since the last fold */
		return 0;
	}
	rec->unfolded = true;
	if (rc >= 0)
		rc = clicklog_segments(&rec->log, &seqs, &n, err);
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (seqs[i] < rec->log.seq) /* the newest is still appended to */
			rc = fold_segment(rec, seqs[i], by_folder, err);
	if (rc == 0)
		rec->unfolded = false;
	else if (rc == FOLD_YIELD)
		rc = 0; /* rec->unfolded stays set: the waiting caller folds the rest */
	pthread_mutex_unlock(&rec->fold_lock);
	free(seqs);
	return rc < 0 ? rc : 0;
}

int clout_track_recorder_fold(clout_track_recorder *rec, clout_error *err)
{
	return recorder_fold(rec, true, false, err);
}

static void *folder(void *arg)
{
	clout_track_recorder *rec = arg;
	/* Linux: a thread's nice value is its own (setpriority on its thread id). */
	setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 19);
	pthread_mutex_lock(&rec->folder_lock);
	while (!rec->folder_stop) {
		struct timespec until;
		clout_error err = { 0 };
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += (long)(rec->opts.fold_interval_ms % 1000) * 1000000L;
		until.tv_sec += rec->opts.fold_interval_ms / 1000 + until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		while (!rec->folder_stop && !rec->want_spare &&
		       pthread_cond_timedwait(&rec->folder_wake, &rec->folder_lock, &until) != ETIMEDOUT)
			;
		if (rec->folder_stop)
			break;
		pthread_mutex_unlock(&rec->folder_lock);
		recorder_reserve_spare(rec);
		if (recorder_fold(rec, true, true, &err) < 0)
			rec->fold_err = err; /* kept in the log: tried again next time */
		pthread_mutex_lock(&rec->folder_lock);
	}
	pthread_mutex_unlock(&rec->folder_lock);
	return NULL;
}

int recorder_folder_start(clout_track_recorder *rec, clout_error *err)
{
	if (pthread_create(&rec->folder, NULL, folder, rec) != 0)
		return clout_error_set(err, CLOUT_EINTERNAL, "cannot start the click folder thread");
	pthread_setname_np(rec->folder, "clout-fold");
	rec->folder_started = true;
	return 0;
}

void recorder_folder_stop(clout_track_recorder *rec)
{
	if (!rec->folder_started)
		return;
	pthread_mutex_lock(&rec->folder_lock);
	rec->folder_stop = true;
	pthread_cond_signal(&rec->folder_wake);
	pthread_mutex_unlock(&rec->folder_lock);
	pthread_join(rec->folder, NULL);
	rec->folder_started = false;
}
