/*
 * clout/sys/store_backend.h: the versioned function table a storage backend implements.
 *
 * SQLite (src/lib/store/sqlite.c) is the embedded default; a PostgreSQL backend implements the
 * same table. store.c owns argument checking and dispatch; a backend sees valid arguments only.
 * Every function returns 0 or a negative CLOUT_E* code with a message on err.
 */
#ifndef CLOUT_SYS_STORE_BACKEND_H
#define CLOUT_SYS_STORE_BACKEND_H

#include "clout/store.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CLOUT_STORE_BACKEND_VERSION 2

typedef struct clout_store_backend {
	unsigned int version;
	const char *name;
	/* Whether this backend handles location (e.g. a postgresql:// prefix). */
	bool (*accepts)(const char *location);
	int (*open)(void **out, const char *location, clout_error *err);
	void (*close)(void *db);
	int (*begin)(void *db, clout_error *err);
	int (*commit)(void *db, clout_error *err);
	int (*rollback)(void *db);
	int (*schema_version)(void *db, int *out, clout_error *err);
	int (*workspace)(void *db, int64_t *out, const char *name, bool create, clout_error *err);
	int (*put_account)(void *db, int64_t ws, const clout_account *a, int64_t *out_id, clout_error *err);
	/* The id of (platform, ext_id), inserting a stub account when absent; handle (may be NULL)
	 * names the stub, or the account if it has no handle yet (version 2). */
	int (*ensure_account)(void *db, int64_t ws, const char *platform, const char *ext_id, const char *handle,
		int64_t *out, clout_error *err);
	int (*put_post)(void *db, int64_t ws, const clout_post *p, int64_t *out_id, clout_error *err);
	int (*put_edge)(void *db, int64_t ws, const clout_edge *e, clout_error *err);
	/* put_post and put_edge with the accounts already resolved by ensure_account (version 2);
	 * parent_author is 0 when the post has none. */
	int (*put_post_as)(void *db, int64_t ws, const clout_post *p, int64_t author, int64_t parent_author,
		int64_t *out_id, clout_error *err);
	int (*put_edge_between)(void *db, int64_t ws, const clout_edge *e, int64_t src, int64_t dst,
		clout_error *err);
	int (*counts)(void *db, int64_t ws, clout_store_counts *out, clout_error *err);
	int (*generation)(void *db, int64_t ws, int64_t *out, clout_error *err);
	/* Advances the workspace's generation (called once per writing transaction). */
	int (*bump_generation)(void *db, int64_t ws, clout_error *err);
	int (*find_account)(void *db, int64_t ws, const char *platform, const char *key, int64_t *out,
		clout_error *err);
	int (*foreach_edge)(void *db, int64_t ws, const char *kind, clout_edge_fn fn, void *ctx,
		clout_error *err);
	int (*foreach_post)(void *db, int64_t ws, int64_t account, int limit, clout_post_fn fn,
		void *ctx, clout_error *err);
	int (*get_account)(void *db, int64_t account, clout_account_row *out, clout_error *err);
	int (*foreach_account)(void *db, int64_t ws, clout_account_fn fn, void *ctx, clout_error *err);
	int (*foreach_snapshot)(void *db, int64_t ws, int64_t account, clout_snapshot_fn fn, void *ctx,
		clout_error *err);
	int (*put_blob)(void *db, int64_t ws, const char *space, const char *key, const void *data,
		size_t len, clout_error *err);
	int (*get_blob)(void *db, int64_t ws, const char *space, const char *key, void **out,
		size_t *len_out, clout_error *err);
	int (*clear_blobs)(void *db, int64_t ws, const char *space, clout_error *err);
} clout_store_backend;

#ifdef __cplusplus
}
#endif
#endif
