/*
 * store_internal.h: what the store's modules share (libclout only): the store object over its
 * SQL front, the per-transaction account cache, the generation bump, and a binder that binds many
 * parameters and reports the first failure once.
 *
 * The modules, one per concern, each written once in portable SQL on include/clout/sys/sql.h:
 * store.c (open, transactions, the record types), check.c (record checks), workspace.c
 * (workspaces and generations), account.c and account_cache.c (accounts, people, snapshots),
 * post.c, edge.c, blob.c, counts.c, discover_index.c (the discovery index's tables).
 */
#ifndef CLOUT_LIB_STORE_STORE_INTERNAL_H
#define CLOUT_LIB_STORE_STORE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "clout/store.h"
#include "clout/sys/sql.h"
#include "util/map.h"

/*
 * Account ids seen inside the current write transaction, keyed by workspace, platform and ext_id:
 * a bulk import resolves the same authors again and again, and a hash lookup is far cheaper than
 * a query. Only filled between begin and commit/rollback, after the transaction's first write
 * has advanced the workspace's generation: from then on no one else can change the workspace's
 * accounts (SQLite: this connection holds the store's write lock; PostgreSQL: it holds the
 * workspace row's lock until it ends). Emptied at both ends: a rollback takes back the ids it
 * handed out.
 *
 * When a transaction keeps meeting accounts the store does not have (a large import), the cache
 * is filled with every account of the workspace once (if they are not too many) and marked
 * complete: from then on a miss means "absent", and a new account is one INSERT instead of a
 * query that finds nothing and then an INSERT. A fresh load (bulk.c) marks it complete for every
 * workspace from its start: the store had no account at all.
 */
typedef struct store_account_cache {
	clout_smap keys;
	int64_t *ids;         /* per key: the id, with NAMED_BIT when the account has a handle */
	size_t ids_cap;
	int64_t complete_ws;  /* the workspace whose accounts are all in the cache, or 0 */
	bool complete_all;    /* every account of the store is in the cache (a fresh load's) */
	uint32_t misses;
	bool on;              /* inside a write transaction */
} store_account_cache;

typedef struct store_fresh store_fresh;

struct clout_store {
	clout_sql *db;
	bool in_transaction;
	int64_t bumped;            /* workspace whose generation this transaction advanced, or 0 */
	store_account_cache cache;
	char *row_strings[8];      /* strings of the last account row read back (get_account) */
	int copying;               /* the bulk load in progress (STORE_COPY_*) */
	bool fresh_load;           /* a fresh bulk load dropped the secondary indexes (bulk.c) */
	char *fresh_keys;          /* and the foreign keys: the statements that make them again, or NULL */
	store_fresh *fresh;        /* the keys it wrote straight into its tables (bulk_fresh.c), or NULL */
	size_t fresh_cap;          /* the most keys kept per table (0: STORE_FRESH_KEYS_MAX; tests set less) */
};

enum { STORE_COPY_NONE = 0, STORE_COPY_PROFILES, STORE_COPY_TERMS };

/* Ends the bulk load in progress, if any (discover_index.c). */
int store_copy_end(clout_store *store, clout_error *err);

/* Whether the cache knows every account of workspace ws (a miss means "absent"). */
static inline bool store_cache_complete(const store_account_cache *c, int64_t ws)
{
	return c->on && (c->complete_ws == ws || c->complete_all);
}

/* Misses (accounts the store did not have) in one transaction before the cache is made complete. */
#define STORE_PRELOAD_AFTER 2048
/* The most accounts a workspace may hold for the cache to be made complete. */
#define STORE_PRELOAD_MAX (2u << 20)

void store_cache_clear(store_account_cache *c);
/* The cached id of (ws, platform, ext_id): true with *out (and *named: whether it has a handle). */
bool store_cache_get(store_account_cache *c, int64_t ws, const char *platform, const char *ext_id, int64_t *out,
	bool *named);
/* Remembers an id (inside a write transaction only). A failure to remember only costs a query
 * later, unless the cache is complete: then it stops being so. */
void store_cache_put_len(store_account_cache *c, int64_t ws, const char *platform, size_t plen, const char *ext_id,
	size_t elen, int64_t id, bool named);
void store_cache_put(store_account_cache *c, int64_t ws, const char *platform, const char *ext_id, int64_t id,
	bool named);

/* CLOUT_EBADDATA "WHAT is missing" or "... longer than 256 bytes" unless value is a usable key. */
int store_check_key(const char *what, const char *value, clout_error *err);

/* Advances the workspace's generation once per transaction (or per write outside one). */
int store_touch(clout_store *store, int64_t workspace, clout_error *err);

/* The id of account (platform, ext_id), created as a stub when absent; handle (may be NULL) names
 * the stub, or the account if it has none (account.c). */
int store_account_id(clout_store *store, int64_t ws, const char *platform, const char *ext_id, const char *handle,
	int64_t *out, clout_error *err);

/* Binds parameters one after another; the first failure is kept in rc. */
typedef struct store_bind {
	clout_sql *db;
	clout_sql_stmt *st;
	int rc;
} store_bind;

static inline void sb_int(store_bind *b, int i, int64_t v)
{
	if (b->rc == 0)
		b->rc = clout_sql_bind_int64(b->db, b->st, i, v);
}

/* An id, or NULL when 0. */
static inline void sb_id(store_bind *b, int i, int64_t v)
{
	if (b->rc == 0)
		b->rc = v ? clout_sql_bind_int64(b->db, b->st, i, v) : clout_sql_bind_null(b->db, b->st, i);
}

/* A count or time: NULL when negative (unknown). */
static inline void sb_count(store_bind *b, int i, int64_t v)
{
	if (b->rc == 0)
		b->rc = clout_sql_bind_count(b->db, b->st, i, v);
}

/* A value that is NULL only when exactly CLOUT_UNKNOWN (a time may be negative). */
static inline void sb_known(store_bind *b, int i, int64_t v)
{
	if (b->rc == 0)
		b->rc = v != CLOUT_UNKNOWN ? clout_sql_bind_int64(b->db, b->st, i, v) : clout_sql_bind_null(b->db, b->st, i);
}

static inline void sb_double(store_bind *b, int i, double v)
{
	if (b->rc == 0)
		b->rc = clout_sql_bind_double(b->db, b->st, i, v);
}

static inline void sb_text(store_bind *b, int i, const char *s)
{
	if (b->rc == 0)
		b->rc = clout_sql_bind_text(b->db, b->st, i, s);
}

/* Text, or NULL when s is NULL. */
static inline void sb_text_or_null(store_bind *b, int i, const char *s)
{
	if (b->rc == 0)
		b->rc = s ? clout_sql_bind_text(b->db, b->st, i, s) : clout_sql_bind_null(b->db, b->st, i);
}

/* Optional text: NULL when s is NULL or empty. */
static inline void sb_opt_text(store_bind *b, int i, const char *s)
{
	if (b->rc == 0)
		b->rc = s && *s ? clout_sql_bind_text(b->db, b->st, i, s) : clout_sql_bind_null(b->db, b->st, i);
}

static inline void sb_text_len(store_bind *b, int i, const char *s, size_t len)
{
	if (b->rc == 0)
		b->rc = clout_sql_bind_text_len(b->db, b->st, i, s, len);
}

static inline void sb_blob(store_bind *b, int i, const void *p, size_t len)
{
	if (b->rc == 0)
		b->rc = clout_sql_bind_blob(b->db, b->st, i, p, len);
}

/* A malloc'd copy of a text column (NULL for SQL NULL; NULL with *oom set when out of memory). */
char *store_column_dup(clout_store *store, clout_sql_stmt *st, int col, bool *oom);
/* An integer column, 0 for SQL NULL (an absent id). */
int64_t store_column_id(clout_store *store, clout_sql_stmt *st, int col);

/* Reads one row of st into item (zeroed); sets *oom when a copy fails. */
typedef void (*store_row_reader)(clout_store *store, clout_sql_stmt *st, void *item, bool *oom);

/*
 * Steps b's bound statement to its end (what names the step in errors), reading each row with read
 * into a new element of size bytes in a growing array. 0, or the error (out of memory included);
 * either way *items and *count hold what was read, for the caller to release with its own free.
 */
int store_collect(clout_store *store, store_bind *b, const char *what, size_t size, store_row_reader read,
	void **items, size_t *count, clout_error *err);

/* Gets the cached statement for sql and starts a binder on it; 0 or a negative code. */
int store_stmt(clout_store *store, store_bind *b, const char *sql, clout_error *err);
/* The error of a failed bind (b->rc), naming what. */
int store_bind_error(clout_store *store, const store_bind *b, const char *what, clout_error *err);

/* Values of a staging row (clout_sql_copy_row), NULL as the binders above make it. */
static inline clout_sql_value sv_int(int64_t v)
{
	clout_sql_value x = { CLOUT_SQL_INTEGER, { .i = v } };
	return x;
}

static inline clout_sql_value sv_null(void)
{
	clout_sql_value x = { CLOUT_SQL_NULL, { .i = 0 } };
	return x;
}

/* A count or time: NULL when negative (as sb_count). */
static inline clout_sql_value sv_count(int64_t v)
{
	return v < 0 ? sv_null() : sv_int(v);
}

/* NULL only when exactly CLOUT_UNKNOWN (as sb_known). */
static inline clout_sql_value sv_known(int64_t v)
{
	return v == CLOUT_UNKNOWN ? sv_null() : sv_int(v);
}

/* An id, or NULL when 0 (as sb_id). */
static inline clout_sql_value sv_id(int64_t v)
{
	return v ? sv_int(v) : sv_null();
}

static inline clout_sql_value sv_double(double v)
{
	clout_sql_value x = { CLOUT_SQL_FLOAT, { .f = v } };
	return x;
}

static inline clout_sql_value sv_text_len(const char *s, size_t len)
{
	clout_sql_value x = { CLOUT_SQL_TEXT, { .bytes = { s, len } } };
	return s ? x : sv_null();
}

/* Text, or NULL when s is NULL (as sb_text). */
static inline clout_sql_value sv_text(const char *s)
{
	return sv_text_len(s, s ? strlen(s) : 0);
}

/*
 * A bulk write's staging (bulk.c): loads rows into a temporary table, then runs set-based
 * statements over it. stage_begin makes the table (columns typed by types) and opens the load;
 * rows follow with clout_sql_copy_row; stage_end closes it.
 */
int store_stage_begin(clout_store *store, const char *table, const char *const *columns, const clout_sql_type *types,
	int ncolumns, clout_error *err);
int store_stage_end(clout_store *store, clout_error *err);
/* CLOUT_EINVAL unless a transaction is open (a bulk write needs one), else 0. */
int store_bulk_check(clout_store *store, clout_error *err);
/* Forgets a fresh bulk load at the end of its transaction (commit or rollback) (bulk.c). */
void store_bulk_load_forget(clout_store *store);

/*
 * The direct path of a fresh bulk load over a connection (bulk_fresh.c): the keys written straight
 * into post and edge. store_fresh_start makes the sets (nothing on an in-process engine);
 * store_fresh_posts / _edges say whether a batch of n records may take the direct path (1) or not
 * (0: no fresh load; for posts 2: a fresh load past its cap of keys, then for the rest of the load,
 * whose batches are merged without spending ids (post.c); for edges 0 then too);
 * store_fresh_post_new / _edge_new record a key and say whether it is new (1), or was written
 * before or cannot be kept (0: the staging path, which is right either way).
 */
#define STORE_FRESH_KEYS_MAX (2u << 20)
int store_fresh_start(clout_store *store, clout_error *err);
void store_fresh_free(store_fresh *f);
int store_fresh_posts(clout_store *store, size_t n);
int store_fresh_post_new(clout_store *store, const char *platform, const char *ext_id);
int store_fresh_edges(clout_store *store, size_t n);
int store_fresh_edge_new(clout_store *store, const char *kind, int64_t src, int64_t dst, int64_t ts);
/* Starts a bulk load into table itself (a fresh load's direct path): clout_sql_copy_row, then
 * store_stage_end (bulk.c). */
int store_direct_begin(clout_store *store, const char *table, const char *const *columns, int ncolumns,
	clout_error *err);

/* Runs a set-based statement of a bulk write that binds only the workspace as ?1. */
int store_run_ws(clout_store *store, const char *sql, int64_t ws, const char *what, clout_error *err);

/*
 * The rows of an in-process engine's bulk write go STORE_ROWS at a time through one statement of
 * that many VALUES groups (what a statement costs besides its rows, paid once per group): head,
 * then STORE_ROWS groups of ncols parameters numbered on from ?1, then tail. A store_rows names
 * the statement; its SQL is written on first use, once per process (bulk.c).
 */
#define STORE_ROWS 64
#define STORE_ROWS_SQL_MAX 16384
typedef struct store_rows {
	const char *head, *tail;
	int ncols;
	bool built, fits;
	char sql[STORE_ROWS_SQL_MAX];
} store_rows;
#define STORE_ROWS_INIT(head_, ncols_, tail_) { .head = (head_), .tail = (tail_), .ncols = (ncols_) }
/* Prepares rows' statement into b: store_stmt's result, or CLOUT_EINTERNAL ("WHAT: the statement
 * does not fit") when its SQL is longer than STORE_ROWS_SQL_MAX. */
int store_rows_stmt(clout_store *store, store_rows *rows, store_bind *b, const char *what, clout_error *err);

/* A sort key for bulk writes: records of one (platform, id), in their original order. */
typedef struct store_key {
	const char *platform, *id;
	int64_t extra; /* a third key part (a snapshot's time), 0 when unused */
	size_t at;
} store_key;

/* Sorts keys by platform, id, extra, then original position (stable). */
void store_keys_sort(store_key *keys, size_t n);
/* Whether two sorted keys name the same record (platform, id and extra). */
bool store_keys_same(const store_key *a, const store_key *b);

#endif
