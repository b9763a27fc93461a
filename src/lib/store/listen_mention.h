/*
 * listen_mention.h (libclout only): storing the mentions of many posts at once, for the listener's
 * batches (src/lib/listen/mention.c): the rows go to a staging table in one bulk load, then one
 * INSERT ... SELECT ... ON CONFLICT moves them (the store's bulk-write path, see bulk.c).
 */
#ifndef CLOUT_LIB_STORE_LISTEN_MENTION_H
#define CLOUT_LIB_STORE_LISTEN_MENTION_H

#include <stddef.h>
#include <stdint.h>

#include "clout/listen.h"
#include "clout/store.h"

/* Called for each mention the batch stored (not the ones the workspace had), in batch order: its
 * index in the batch, its id and its post's id. Non-zero stops the calls and is returned. */
typedef int (*clout__store_mention_new_fn)(void *ctx, size_t index, int64_t id, int64_t post_id);

/*
 * Inserts the mentions ms[0..n) (their id and post_id ignored: the post is found by platform and
 * post_ext_id, and must be stored) unless the workspace has one of the same rule and post, as
 * clout__store_mention_insert does for each in turn: of two of the same rule and post in the batch,
 * the first is stored. Then fn for each stored one. Inside a transaction only.
 */
int clout__store_mentions_insert(clout_store *store, int64_t ws, const clout_listen_mention *ms, size_t n,
	clout__store_mention_new_fn fn, void *ctx, clout_error *err);

#endif
