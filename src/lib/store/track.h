/*
 * track.h (libclout only): the tracking tables (migration 0006_track): links, clicks and the
 * address salt, in portable SQL on the clout_sql front. The rules (what a code or URL may be,
 * how clicks are classed, group commit) live in src/lib/track/.
 */
#ifndef CLOUT_LIB_STORE_TRACK_H
#define CLOUT_LIB_STORE_TRACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clout/store.h"
#include "clout/track.h"

/* Inserts a link; *out_id is its id. CLOUT_EEXISTS when the code is taken (anywhere). */
int clout__store_link_insert(clout_store *store, int64_t workspace, const clout_link *link, int64_t *out_id,
	clout_error *err);

/* The link with code; workspace 0 means any. Fills *out (owned strings). CLOUT_ENOTFOUND when absent. */
int clout__store_link_get(clout_store *store, int64_t workspace, const char *code, clout_link *out,
	clout_error *err);

/* The id and destination of the link with code (any workspace): 1 found, 0 absent, or a negative
 * code. *url is borrowed until the next call on store. */
int clout__store_link_target(clout_store *store, const char *code, int64_t *out_id, const char **url,
	clout_error *err);

/* One click to record. */
typedef struct clout__store_click {
	int64_t id; /* reserved with clout__store_click_ids */
	int64_t link_id;
	int64_t at_ms;
	const uint8_t *address_hash;
	size_t address_hash_len;
	clout_click_class click_class;
	const char *ua_class;
	const char *referrer_host; /* NULL or "" for none */
} clout__store_click;

/* Reserves count click ids (shared by every process on the store): [*out_first, *out_first + count). */
int clout__store_click_ids(clout_store *store, int64_t count, int64_t *out_first, clout_error *err);

/*
 * Inserts a click under its id unless a click with that id is kept already (folding a logged
 * click twice keeps one row): 1 inserted, 0 there already, or a negative code. A human click is
 * unique unless the same address hash clicked the same link (as a human) after window_start_ms;
 * *out_unique (may be NULL) says which, for an inserted click.
 */
int clout__store_click_fold(clout_store *store, const clout__store_click *click, int64_t window_start_ms,
	bool *out_unique, clout_error *err);

/* Reserves an id for click (sets click->id) and inserts it (for tests and tools that write one click). */
int clout__store_click_insert(clout_store *store, clout__store_click *click, int64_t window_start_ms,
	bool *out_unique, clout_error *err);

/* Counts of the clicks of link_id (human ones split into unique and repeat). */
int clout__store_link_stats(clout_store *store, int64_t link_id, clout_link_stats *out, clout_error *err);

/* The secret called name: read it, or store candidate (len bytes) as it when there is none, and
 * read back whichever won. out receives len bytes. */
int clout__store_secret(clout_store *store, const char *name, const uint8_t *candidate, uint8_t *out, size_t len,
	clout_error *err);

#endif
