/*
 * recorder_internal.h: the click recorder's state, shared by recorder.c (links, ids, preparing and
 * logging clicks, the writer thread) and folder.c (folding the log into the store).
 */
#ifndef CLOUT_LIB_TRACK_RECORDER_INTERNAL_H
#define CLOUT_LIB_TRACK_RECORDER_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>

#include "clout/track.h"
#include "lib/track/clicklog.h"
#include "lib/track/internal.h"
#include "util/map.h"

#define RECORDER_SALT_LEN 32

/* A link as the redirect needs it: the destination split around where the click id goes. */
typedef struct cached_link {
	int64_t id;
	char *head;  /* url up to the fragment, then "?" or "&", then "clout_click=" */
	size_t head_len;
	char *tail;  /* the #fragment, or "" */
	size_t tail_len;
} cached_link;

typedef struct link_cache {
	clout_smap codes;
	cached_link *links;
	size_t cap;
} link_cache;

typedef struct pending_click {
	clout_click_prepared prepared;
	char *location;
	clout_click_done_fn done;
	void *ctx;
	int result;
} pending_click;

struct clout_track_recorder {
	clout_track_recorder_options opts;
	char *state_dir;
	track_rules rules;
	uint8_t salt[RECORDER_SALT_LEN];
	clicklog log;
	atomic_bool closed;       /* after stop: prepare and log refuse */
	/* link lookups and id blocks, on their own connection */
	clout_store *lookup;
	pthread_mutex_t lookup_lock;
	pthread_rwlock_t cache_lock;
	link_cache links;
	pthread_mutex_t id_lock;
	int64_t id_next, id_end;     /* ids handed out from [id_next, id_end) */
	int64_t spare_next, spare_end; /* the next block, reserved ahead by the folder (0, 0: none) */
	int64_t block;               /* ids per block */
	/* the writer thread (clout_track_recorder_submit) */
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pending_click *queue, *batch;
	size_t queued, queue_cap, batch_cap;
	uint8_t *records;
	size_t records_cap;
	bool stopping, writer_started;
	pthread_t writer;
	clout_error err;             /* the writer's last failure */
	/* the folder thread, on its own connection */
	clout_store *store;
	pthread_mutex_t fold_lock;   /* one fold at a time */
	bool unfolded;               /* (under fold_lock) segments before the newest may be left */
	atomic_int fold_waiters;     /* callers waiting for fold_lock (the folder yields to them) */
	pthread_mutex_t folder_lock; /* folder_stop, wake */
	pthread_cond_t folder_wake;
	bool folder_stop, folder_started, want_spare;
	pthread_t folder;
	clout_error fold_err;
};

/* Folds every segment before the newest (rotating first when rotate is set) into the store and
 * removes it. Takes fold_lock. The folder thread (by_folder) stops early, leaving the rest, when
 * another caller waits for fold_lock. */
int recorder_fold(clout_track_recorder *rec, bool rotate, bool by_folder, clout_error *err);
/* Reserves the next id block ahead (on the folder's connection) when one is wanted. */
void recorder_reserve_spare(clout_track_recorder *rec);
/* Starts and stops the folder thread. */
int recorder_folder_start(clout_track_recorder *rec, clout_error *err);
void recorder_folder_stop(clout_track_recorder *rec);

#endif
