/*
 * clout/store.h: the store, where workspaces, people, accounts, posts and edges live.
 *
 * A store is opened from a location: a file path (SQLite, the embedded default) or a
 * postgresql:// (postgres://) URI. The store is written once on the SQL front of
 * include/clout/sys/sql.h, which every engine implements; nothing here names an engine. Schema
 * migrations are applied on open. Records are addressed by workspace and by
 * the platform's own id (ext_id, always a string: ids are never doubles); puts are upserts, so
 * re-importing the same data updates and never duplicates.
 *
 * Counts that a payload does not carry are CLOUT_UNKNOWN (-1) and are stored as NULL; an update
 * never overwrites a known value with an unknown one.
 */
#ifndef CLOUT_STORE_H
#define CLOUT_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "clout/common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CLOUT_UNKNOWN (-1)

typedef struct clout_store clout_store;

/*
 * Resolves the store location: path if non-NULL and not empty, else "./clout.db" (front ends read
 * $CLOUT_DB themselves; the library never reads the environment). Borrowed from path or static.
 */
const char *clout_store_default_location(const char *path);

/* Opens (creating if needed) the store at location and migrates its schema. Free with clout_store_free. */
int clout_store_open(clout_store **out, const char *location, clout_error *err);

/* Options for clout_store_open_ext. */
typedef struct clout_store_open_options {
	unsigned int version;
	/*
	 * How long a writer waits for another process's write lock before failing with CLOUT_ECONFLICT
	 * and who holds it (milliseconds). Readers never wait on SQLite (WAL) nor on PostgreSQL.
	 */
	int lock_timeout_ms;
	/*
	 * Whether a store may be made: false opens only an existing clout store (a missing file, or a
	 * database without clout's schema, is CLOUT_ENOTFOUND "no store at ...") and creates nothing.
	 */
	bool create;
} clout_store_open_options;

#define CLOUT_STORE_OPEN_OPTIONS_VERSION 1
#define CLOUT_STORE_OPEN_OPTIONS_INIT { CLOUT_STORE_OPEN_OPTIONS_VERSION, 10000, true }

/* clout_store_open with options (NULL: the defaults). */
int clout_store_open_ext(clout_store **out, const char *location, const clout_store_open_options *opts,
	clout_error *err);
void clout_store_free(clout_store *store);

/* Transactions: everything between begin and commit is applied whole or not at all. */
int clout_store_begin(clout_store *store, clout_error *err);
int clout_store_commit(clout_store *store, clout_error *err);
int clout_store_rollback(clout_store *store);

/* The schema version the store is at. */
int clout_store_schema_version(clout_store *store, int *out, clout_error *err);

/*
 * Caps the memory the store's connection keeps of the database in this process, until called
 * again: a page cache of at most cache_bytes (allocated as used) and a memory map of at most
 * map_bytes of the file (0: none). On SQLite; nothing on PostgreSQL, whose cache is the server's.
 * A store opens with a large cache (2 GiB, for imports, see clout/sys/sql.h) and a 1 GiB map;
 * clout_store_cache_default brings them back.
 */
int clout_store_cache_limit(clout_store *store, size_t cache_bytes, size_t map_bytes, clout_error *err);
int clout_store_cache_default(clout_store *store, clout_error *err);

/* Finds the workspace named name, creating it when create is true. The default one is "default". */
int clout_store_workspace(clout_store *store, int64_t *out, const char *name, bool create,
	clout_error *err);

typedef struct clout_account {
	const char *platform;  /* "twitter", "instagram", "youtube", "tiktok", or any lowercase name */
	const char *ext_id;    /* the platform's id, as a string */
	const char *handle;    /* username without @; may be NULL */
	const char *name;
	const char *bio;
	const char *lang;      /* ISO 639-1 or NULL */
	const char *country;   /* ISO 3166-1 alpha-2 or NULL */
	const char *person;    /* a person key grouping several accounts, or NULL */
	const char *url;
	int64_t followers, following, post_count, listed, views; /* CLOUT_UNKNOWN when absent */
	int verified;          /* 1, 0, or CLOUT_UNKNOWN */
	int64_t created_at;    /* unix seconds, or CLOUT_UNKNOWN */
	int64_t observed_at;   /* when these counts were seen (unix seconds), or CLOUT_UNKNOWN */
	double price;          /* price per post in currency, < 0 when unknown */
	const char *currency;
	/*
	 * An account seen only in passing (a mention's id and username): it creates a stub with its
	 * handle, or gives the handle to an account that has none, and changes nothing else. Only
	 * platform, ext_id and handle are read.
	 */
	bool weak;
} clout_account;

/* Fills a with "unknown" everywhere. */
void clout_account_init(clout_account *a);

typedef enum {
	CLOUT_POST_ORIGINAL = 0,
	CLOUT_POST_REPLY,
	CLOUT_POST_REPOST,
	CLOUT_POST_QUOTE
} clout_post_kind;

typedef struct clout_post {
	const char *platform;
	const char *ext_id;
	const char *author_ext_id;         /* account ext_id; an unknown author gets a stub account */
	const char *text;
	size_t text_len;
	const char *lang;
	const char *url;
	int64_t created_at;                /* unix seconds or CLOUT_UNKNOWN */
	clout_post_kind kind;
	const char *parent_ext_id;         /* replied-to / reposted / quoted post, or NULL */
	const char *parent_author_ext_id;  /* its author, or NULL */
	const char *conversation_ext_id;   /* root post of the thread, or NULL */
	int64_t likes, comments, shares, quotes, views, saves; /* CLOUT_UNKNOWN when absent */
	int sponsored;                     /* 1 if marked as a paid partnership, 0, or CLOUT_UNKNOWN */
} clout_post;

void clout_post_init(clout_post *p);

typedef struct clout_edge {
	const char *platform;
	const char *src_ext_id;
	const char *dst_ext_id;
	const char *kind;   /* "follow" (src follows dst), "retweet", "mention", "reply", "quote", "like" */
	double weight;      /* > 0; 1 by default */
	int64_t ts;         /* unix seconds or CLOUT_UNKNOWN */
} clout_edge;

void clout_edge_init(clout_edge *e);

/* Upserts. Out-parameter (may be NULL): the store's internal id of the account or post. */
int clout_store_put_account(clout_store *store, int64_t workspace, const clout_account *a,
	int64_t *out_id, clout_error *err);
int clout_store_put_post(clout_store *store, int64_t workspace, const clout_post *p,
	int64_t *out_id, clout_error *err);
/*
 * The id of account (platform, ext_id), created as a stub (no fields known) when absent. handle
 * (may be NULL) names the stub, or the account if it has no handle yet.
 */
int clout_store_ensure_account(clout_store *store, int64_t workspace, const char *platform,
	const char *ext_id, const char *handle, int64_t *out_id, clout_error *err);
/*
 * put_post and put_edge with the accounts already resolved to internal ids (by
 * clout_store_ensure_account or put_account): a bulk writer resolves each account once. The
 * ext_ids of the accounts in p and e are then not read; parent_author is 0 when there is none.
 */
int clout_store_put_post_as(clout_store *store, int64_t workspace, const clout_post *p, int64_t author,
	int64_t parent_author, int64_t *out_id, clout_error *err);
int clout_store_put_edge_between(clout_store *store, int64_t workspace, const clout_edge *e, int64_t src,
	int64_t dst, clout_error *err);
/*
 * Bulk writes (the import's): many records in one call, stored exactly as if each were put in
 * the order given (a later record of the same key merges over an earlier one as the puts do),
 * in a few set-based statements: the records go to a staging table in one bulk load
 * (clout_sql_stage_begin: COPY on PostgreSQL), then one INSERT ... SELECT ... ON CONFLICT per
 * table moves them. New rows get their ids in key order ((platform, ext_id) for accounts and
 * posts). Every record is checked before anything is written: on a bad one, *failed (may be NULL)
 * is its position and nothing was written; on any other failure *failed is SIZE_MAX. Inside a
 * transaction only (CLOUT_EINVAL otherwise); a failure leaves the transaction to be rolled back.
 */
int clout_store_put_accounts(clout_store *store, int64_t workspace, const clout_account *const *accounts, size_t n,
	size_t *failed, clout_error *err);
/*
 * Brackets a bulk load (the import's), inside a transaction: begin tells in *fresh whether the
 * store held no account in any workspace: then the secondary indexes of accounts, posts and edges
 * are dropped, and end builds them again, sorted, at once (far faster than keeping them in step
 * row by row). On PostgreSQL the drop locks those tables against other sessions until the commit;
 * if the store is no longer empty once the locks are held, or the drop fails, the load is not
 * fresh (*fresh false) and both do nothing. A rollback (or a killed process) brings the indexes
 * back with the rest. end must come before the commit.
 */
int clout_store_bulk_load_begin(clout_store *store, bool *fresh, clout_error *err);
int clout_store_bulk_load_end(clout_store *store, clout_error *err);
/* An account named in passing: clout_store_ensure_account's arguments. */
typedef struct clout_account_ref {
	const char *platform, *ext_id, *handle;
} clout_account_ref;
/* clout_store_ensure_account for each ref: ids[i] is the id of refs[i]'s account. */
int clout_store_ensure_accounts(clout_store *store, int64_t workspace, const clout_account_ref *refs, size_t n,
	int64_t *ids, size_t *failed, clout_error *err);
/* clout_store_put_post_as for each post with authors[i] and parent_authors[i] (0: none). */
int clout_store_put_posts_as(clout_store *store, int64_t workspace, const clout_post *const *posts,
	const int64_t *authors, const int64_t *parent_authors, size_t n, size_t *failed, clout_error *err);
/* clout_store_put_edge_between for each edge with srcs[i] and dsts[i]. */
int clout_store_put_edges_between(clout_store *store, int64_t workspace, const clout_edge *const *edges,
	const int64_t *srcs, const int64_t *dsts, size_t n, size_t *failed, clout_error *err);
/*
 * Whether a record can be stored: the checks the puts make, without a store. CLOUT_EBADDATA with
 * the field and what is wrong ("post id is missing", "likes is negative (-3)"), else 0.
 */
int clout_account_check(const clout_account *a, clout_error *err);
int clout_post_check(const clout_post *p, clout_error *err);
int clout_edge_check(const clout_edge *e, clout_error *err);
/* Edges between accounts (created as stubs when unknown); the same (src, dst, kind) adds weight
 * only when ts differs, so re-importing a file changes nothing. */
int clout_store_put_edge(clout_store *store, int64_t workspace, const clout_edge *e,
	clout_error *err);

typedef struct clout_store_counts {
	int64_t workspaces, people, accounts, posts, edges, snapshots;
	int64_t newest_post_at; /* created_at of the newest post, CLOUT_UNKNOWN when none */
} clout_store_counts;

/* Counts of records in workspace (or in all workspaces when workspace is 0). */
int clout_store_counts_get(clout_store *store, int64_t workspace, clout_store_counts *out,
	clout_error *err);

/* The workspace's generation: a number that changes whenever a transaction writes records to it. */
int clout_store_generation(clout_store *store, int64_t workspace, int64_t *out, clout_error *err);

/* Resolves an account's internal id from (platform, ext_id) or "platform:ext_id"/"@handle". A
 * handle (without a platform) used on several platforms is CLOUT_ECONFLICT naming them ("@x is on
 * instagram and tiktok: say --platform"); an ext_id on several platforms likewise. */
int clout_store_find_account(clout_store *store, int64_t workspace, const char *platform,
	const char *key, int64_t *out, clout_error *err);

/*
 * Edge iteration: calls fn for every edge of kind (NULL: all kinds) in workspace, with internal
 * account ids. fn returns non-zero to stop (that value is returned).
 */
typedef int (*clout_edge_fn)(void *ctx, int64_t src, int64_t dst, double weight, int64_t ts,
	const char *kind);
int clout_store_foreach_edge(clout_store *store, int64_t workspace, const char *kind,
	clout_edge_fn fn, void *ctx, clout_error *err);

/* A post as read back for indexing and scoring; strings are borrowed for the callback only. */
typedef struct clout_post_row {
	int64_t id, account_id, created_at;
	const char *text;
	size_t text_len;
	const char *lang;
	clout_post_kind kind;
	int64_t likes, comments, shares, quotes, views;
	int64_t parent_author_id;       /* internal id or 0 */
	int64_t conversation_owner_id;  /* author of the thread's root post, or 0 */
	int sponsored;
} clout_post_row;

typedef int (*clout_post_fn)(void *ctx, const clout_post_row *row);
/* All posts of workspace in account order (then time); or only of account when account > 0,
 * newest first, at most limit (0: all). */
int clout_store_foreach_post(clout_store *store, int64_t workspace, int64_t account, int limit,
	clout_post_fn fn, void *ctx, clout_error *err);

/* An account as read back; strings are borrowed until the next call on the store. */
typedef struct clout_account_row {
	int64_t id, workspace;
	const char *platform, *ext_id, *handle, *name, *lang, *country, *person;
	int64_t followers, following, post_count, views, created_at;
	int verified;
	double price;
	const char *currency;
} clout_account_row;

/* The account with internal id account, if it belongs to workspace (else CLOUT_ENOTFOUND). */
int clout_store_get_account(clout_store *store, int64_t workspace, int64_t account, clout_account_row *out,
	clout_error *err);
typedef int (*clout_account_fn)(void *ctx, const clout_account_row *row);
int clout_store_foreach_account(clout_store *store, int64_t workspace, clout_account_fn fn,
	void *ctx, clout_error *err);
/* A page of workspace's accounts (only platform's when platform is non-NULL), the largest audience
 * first (then by id; unknown audiences last): at most limit of them after skipping offset. */
int clout_store_page_accounts(clout_store *store, int64_t workspace, const char *platform, int64_t offset,
	int64_t limit, clout_account_fn fn, void *ctx, clout_error *err);
/* How many accounts workspace holds (only platform's when platform is non-NULL). */
int clout_store_count_accounts(clout_store *store, int64_t workspace, const char *platform, int64_t *out,
	clout_error *err);

/* Follower-count history of one account (account > 0) or of every account of workspace,
 * by account then oldest first: fn(ctx, account, observed_at, followers). */
typedef int (*clout_snapshot_fn)(void *ctx, int64_t account, int64_t observed_at, int64_t followers);
int clout_store_foreach_snapshot(clout_store *store, int64_t workspace, int64_t account,
	clout_snapshot_fn fn, void *ctx, clout_error *err);

/*
 * Key-value blobs per workspace, for derived data that modules build and read back whole
 * (the discovery index stores its term postings and account statistics here). put replaces.
 * get returns CLOUT_ENOTFOUND when absent; *out is malloc'd, the caller frees it.
 */
int clout_store_put_blob(clout_store *store, int64_t workspace, const char *space, const char *key,
	const void *data, size_t len, clout_error *err);
int clout_store_get_blob(clout_store *store, int64_t workspace, const char *space, const char *key,
	void **out, size_t *len_out, clout_error *err);
/* Removes every blob of space in workspace. */
int clout_store_clear_blobs(clout_store *store, int64_t workspace, const char *space,
	clout_error *err);

/*
 * The discovery index of a workspace, as stored (tables discover_meta, discover_profile and
 * discover_term): a meta row, one profile per indexed account (its dense index is its place in
 * the index's document arrays), and per term its document frequency and its postings. The index
 * itself (what the fields mean, how postings are coded) belongs to the score module; the store
 * keeps it portable (real columns; postings as bytes in the format named by version) and reads it
 * in batches.
 */
#define CLOUT_STORE_INDEX_BATCH 64

typedef struct clout_store_index_meta {
	uint32_t version;             /* of the index format (postings coding, profile fields) */
	uint32_t reserved;
	uint64_t accounts, posts;     /* store counts at build time */
	int64_t generation;           /* the workspace generation indexed, to detect a stale index */
	uint64_t docs;                /* accounts with indexed text */
	double avg_doc_len;
	int64_t reference_time;
	uint64_t ndocs;               /* dense indexes in use: 0 .. ndocs - 1 */
} clout_store_index_meta;

typedef struct clout_store_index_profile {
	int64_t account_id;
	int64_t followers;        /* -1 unknown */
	double price;             /* -1 unknown */
	char platform[24], lang[8], country[8];
	uint32_t doc_len, posts, recent_posts, answered;
	int64_t first_post_at, last_post_at; /* -1 when no post */
	double comments_seen;     /* sum over posts of min(comments, 10) */
	/* engagement per post ((likes + comments + shares + quotes) / followers): the median is the
	 * account's rate, so that one viral post does not make it; the mean and the best post show
	 * how far a single post would have carried it */
	double engagement_rate, engagement_mean, engagement_max;
	double likes_cv, avg_views, growth_jump, sponsored_share;
	/* derived */
	double engagement_norm, reply_rate, posts_per_week;
	double audience, activity, views_score, reach;
	double resonance, penalty;
	uint32_t flags;
	uint32_t reserved;
} clout_store_index_profile;

/*
 * Writing an index, inside a transaction: clear removes the workspace's index; profiles and terms
 * are then bulk-loaded (a run of puts of one kind is one bulk load; any other store call ends it),
 * and put_meta comes last.
 */
int clout_store_index_clear(clout_store *store, int64_t workspace, clout_error *err);
int clout_store_index_put_profile(clout_store *store, int64_t workspace, uint32_t index,
	const clout_store_index_profile *p, clout_error *err);
int clout_store_index_put_term(clout_store *store, int64_t workspace, const char *term, uint32_t df,
	const void *postings, size_t len, clout_error *err);
int clout_store_index_put_meta(clout_store *store, int64_t workspace, const clout_store_index_meta *meta,
	clout_error *err);

/* The workspace's index meta; CLOUT_ENOTFOUND when it has no index. */
int clout_store_index_get_meta(clout_store *store, int64_t workspace, clout_store_index_meta *out,
	clout_error *err);

/* An indexed account's names as they are now (borrowed for the callback; NULL when unknown). */
typedef struct clout_store_index_names {
	const char *ext_id, *handle, *name, *currency;
} clout_store_index_names;

/*
 * The profiles of the accounts at indexes[0..n) (CLOUT_STORE_INDEX_BATCH per query), with the
 * accounts' names. fn is called once per profile found, in no particular order; indexes without a
 * profile are skipped. fn returns non-zero to stop (that value is returned).
 */
typedef int (*clout_store_index_profile_fn)(void *ctx, uint32_t index, const clout_store_index_profile *p,
	const clout_store_index_names *names);
int clout_store_index_get_profiles(clout_store *store, int64_t workspace, const uint32_t *indexes, size_t n,
	clout_store_index_profile_fn fn, void *ctx, clout_error *err);

/* The profile of the indexed account with internal id account (its dense index in *index_out, which
 * may be NULL); CLOUT_ENOTFOUND when the index does not hold it. */
int clout_store_index_get_account_profile(clout_store *store, int64_t workspace, int64_t account,
	clout_store_index_profile *out, uint32_t *index_out, clout_error *err);

/*
 * The terms among terms[0..n) that the index holds (CLOUT_STORE_INDEX_BATCH per query), in no
 * particular order: fn(ctx, term, df, postings, len), postings borrowed for the call (NULL and 0
 * when with_postings is false).
 */
typedef int (*clout_store_index_term_fn)(void *ctx, const char *term, uint32_t df, const void *postings,
	size_t len);
int clout_store_index_get_terms(clout_store *store, int64_t workspace, const char *const *terms, size_t n,
	bool with_postings, clout_store_index_term_fn fn, void *ctx, clout_error *err);

#ifdef __cplusplus
}
#endif
#endif
