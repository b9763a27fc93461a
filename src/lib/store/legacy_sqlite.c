/*
 * legacy_sqlite.c: the store's operations on SQLite, from before the SQL front: store.c opens the
 * store through the front (sql.c, which applies the migrations) and then this backend on the same
 * file. Being replaced by store modules written once on the front.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "clout/sys/store_backend.h"
#include "lib/store/backends.h"
#include "util/map.h"

enum {
	ST_ACCOUNT_FIND,
	ST_ACCOUNT_STUB,
	ST_ACCOUNT_NAME,
	ST_ACCOUNT_UPSERT,
	ST_ACCOUNT_INSERT,
	ST_ACCOUNT_UPDATE,
	ST_ACCOUNT_COUNT,
	ST_ACCOUNT_ALL,
	ST_SNAPSHOT_PUT,
	ST_PERSON_UPSERT,
	ST_POST_UPSERT,
	ST_POST_UPSERT_NORET,
	ST_EDGE_UPSERT,
	ST_BLOB_PUT,
	ST_BLOB_GET,
	ST_COUNT
};

/*
 * An account's columns are bound as ?1..?19 in this order; a merge keeps what is known when the
 * new value is unknown (NULL).
 */
#define ACCOUNT_INSERT_SQL \
	"INSERT INTO account(workspace_id, platform, ext_id, handle, name, bio, lang, country, person_id," \
	" url, followers, following, post_count, listed, views, verified, created_at, price, currency)" \
	" VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19)"
/* MERGE(column, new value): the SET term of one column. */
#define MERGE(c, v) " " c "=COALESCE(" v ", " c ")"
#define ACCOUNT_MERGE_FROM(h, n, b, l, co, pe, u, f1, f2, pc, li, vi, ve, cr, pr, cu) \
	MERGE("handle", h) "," MERGE("name", n) "," MERGE("bio", b) "," MERGE("lang", l) "," \
	MERGE("country", co) "," MERGE("person_id", pe) "," MERGE("url", u) "," MERGE("followers", f1) "," \
	MERGE("following", f2) "," MERGE("post_count", pc) "," MERGE("listed", li) "," MERGE("views", vi) "," \
	MERGE("verified", ve) "," MERGE("created_at", cr) "," MERGE("price", pr) "," MERGE("currency", cu)
#define ACCOUNT_MERGE_EXCLUDED \
	ACCOUNT_MERGE_FROM("excluded.handle", "excluded.name", "excluded.bio", "excluded.lang", "excluded.country", \
		"excluded.person_id", "excluded.url", "excluded.followers", "excluded.following", "excluded.post_count", \
		"excluded.listed", "excluded.views", "excluded.verified", "excluded.created_at", "excluded.price", \
		"excluded.currency")
#define ACCOUNT_MERGE_PARAMS \
	ACCOUNT_MERGE_FROM("?4", "?5", "?6", "?7", "?8", "?9", "?10", "?11", "?12", "?13", "?14", "?15", "?16", "?17", \
		"?18", "?19")

#define POST_UPSERT_SQL \
	"INSERT INTO post(workspace_id, platform, ext_id, account_id, created_at, kind, lang, text, url," \
	" parent_ext_id, parent_account_id, conversation_ext_id, likes, comments, shares, quotes, views," \
	" saves, sponsored)" \
	" VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19)" \
	" ON CONFLICT(workspace_id, platform, ext_id) DO UPDATE SET" \
	" account_id=excluded.account_id," MERGE("created_at", "excluded.created_at") "," \
	" kind=excluded.kind," MERGE("lang", "excluded.lang") "," MERGE("text", "excluded.text") "," \
	MERGE("url", "excluded.url") "," MERGE("parent_ext_id", "excluded.parent_ext_id") "," \
	MERGE("parent_account_id", "excluded.parent_account_id") "," \
	MERGE("conversation_ext_id", "excluded.conversation_ext_id") "," MERGE("likes", "excluded.likes") "," \
	MERGE("comments", "excluded.comments") "," MERGE("shares", "excluded.shares") "," \
	MERGE("quotes", "excluded.quotes") "," MERGE("views", "excluded.views") "," \
	MERGE("saves", "excluded.saves") "," MERGE("sponsored", "excluded.sponsored")

static const char *const statement_sql[ST_COUNT] = {
	[ST_ACCOUNT_FIND] = "SELECT id, handle IS NOT NULL FROM account WHERE workspace_id=?1 AND platform=?2 AND ext_id=?3",
	[ST_ACCOUNT_STUB] = "INSERT INTO account(workspace_id, platform, ext_id, handle) VALUES(?1,?2,?3,?4)",
	[ST_ACCOUNT_NAME] = "UPDATE account SET handle=?2 WHERE id=?1 AND handle IS NULL",
	[ST_ACCOUNT_UPSERT] = ACCOUNT_INSERT_SQL " ON CONFLICT(workspace_id, platform, ext_id) DO UPDATE SET"
		ACCOUNT_MERGE_EXCLUDED " RETURNING id",
	/* for an account the transaction knows is absent, or knows the id of */
	[ST_ACCOUNT_INSERT] = ACCOUNT_INSERT_SQL,
	[ST_ACCOUNT_UPDATE] = "UPDATE account SET" ACCOUNT_MERGE_PARAMS " WHERE id=?20",
	[ST_ACCOUNT_COUNT] = "SELECT count(*) FROM account WHERE workspace_id=?1",
	[ST_ACCOUNT_ALL] = "SELECT platform, ext_id, id, handle IS NOT NULL FROM account WHERE workspace_id=?1",
	[ST_SNAPSHOT_PUT] =
		"INSERT INTO account_snapshot(account_id, observed_at, followers, following, post_count)"
		" VALUES(?1,?2,?3,?4,?5) ON CONFLICT(account_id, observed_at) DO UPDATE SET"
		" followers=COALESCE(excluded.followers, followers),"
		" following=COALESCE(excluded.following, following),"
		" post_count=COALESCE(excluded.post_count, post_count)",
	[ST_PERSON_UPSERT] =
		"INSERT INTO person(workspace_id, key) VALUES(?1,?2)"
		" ON CONFLICT(workspace_id, key) DO UPDATE SET key=excluded.key RETURNING id",
	[ST_POST_UPSERT] = POST_UPSERT_SQL " RETURNING id",
	[ST_POST_UPSERT_NORET] = POST_UPSERT_SQL,
	[ST_EDGE_UPSERT] =
		"INSERT INTO edge(workspace_id, kind, src, dst, ts, weight) VALUES(?1,?2,?3,?4,?5,?6)"
		" ON CONFLICT(workspace_id, kind, src, dst, ts) DO UPDATE SET weight=excluded.weight",
	[ST_BLOB_PUT] =
		"INSERT INTO blob(workspace_id, space, key, data) VALUES(?1,?2,?3,?4)"
		" ON CONFLICT(workspace_id, space, key) DO UPDATE SET data=excluded.data",
	[ST_BLOB_GET] = "SELECT data FROM blob WHERE workspace_id=?1 AND space=?2 AND key=?3",
};

typedef struct sqlite_db {
	sqlite3 *db;
	sqlite3_stmt *stmt[ST_COUNT];
	char *path;
	/* strings of the last account row read back (get_account) */
	char *row_strings[9];
	/*
	 * Account ids seen inside the current write transaction, keyed by workspace, platform and
	 * ext_id: a bulk import resolves the same authors again and again, and a hash lookup is far
	 * cheaper than the SELECT. Only filled between begin and commit/rollback (when this connection
	 * holds the write lock, so no one else can change the rows), and emptied at both ends: a
	 * rollback takes back the ids it handed out.
	 *
	 * When a transaction keeps meeting accounts the store does not have (a large import), the
	 * cache is filled with every account of the workspace once (if they are not too many) and
	 * marked complete: from then on a miss means "absent", and a new account is one INSERT instead
	 * of a SELECT that finds nothing and then an INSERT.
	 */
	clout_smap account_keys;
	int64_t *account_ids;
	size_t account_ids_cap;
	int64_t complete_ws; /* the workspace whose accounts are all in the cache, or 0 */
	uint32_t account_misses;
	bool in_transaction;
} sqlite_db;

#define ACCOUNT_CACHE_MAX (4u << 20)
/* Misses (accounts the store did not have) in one transaction before the cache is made complete. */
#define ACCOUNT_PRELOAD_AFTER 2048
/* The most accounts a workspace may hold for the cache to be made complete. */
#define ACCOUNT_PRELOAD_MAX (2u << 20)
#define ACCOUNT_KEY_MAX 640

static void account_cache_clear(sqlite_db *s)
{
	clout_smap_release(&s->account_keys);
	memset(&s->account_keys, 0, sizeof(s->account_keys));
	free(s->account_ids);
	s->account_ids = NULL;
	s->account_ids_cap = 0;
	s->complete_ws = 0;
	s->account_misses = 0;
}

/* The cache key of an account in buf: the workspace's 8 bytes, platform, US, ext_id; 0 when it does
 * not fit (then the cache is bypassed). */
static size_t account_key(char *buf, int64_t ws, const char *platform, size_t plen, const char *ext_id, size_t elen)
{
	if (sizeof(ws) + plen + 1 + elen > ACCOUNT_KEY_MAX)
		return 0;
	memcpy(buf, &ws, sizeof(ws));
	memcpy(buf + sizeof(ws), platform, plen);
	buf[sizeof(ws) + plen] = '\x1f';
	memcpy(buf + sizeof(ws) + plen + 1, ext_id, elen);
	return sizeof(ws) + plen + 1 + elen;
}

/* The cache keeps, beside each id, whether the account has a handle (so a mention's username is
 * written only to accounts that lack one, without reading the row). */
#define NAMED_BIT ((int64_t)1 << 62)

static bool account_cache_get(sqlite_db *s, int64_t ws, const char *platform, const char *ext_id, int64_t *out,
	bool *named)
{
	char key[ACCOUNT_KEY_MAX];
	size_t len;
	int64_t i;
	if (!s->in_transaction || !s->account_ids ||
	    !(len = account_key(key, ws, platform, strlen(platform), ext_id, strlen(ext_id))))
		return false;
	if ((i = clout_smap_find(&s->account_keys, key, len)) < 0)
		return false;
	*out = s->account_ids[i] & ~NAMED_BIT;
	if (named)
		*named = (s->account_ids[i] & NAMED_BIT) != 0;
	return true;
}

/* Remembers an id. A failure to remember only costs a SELECT later, unless the cache is complete:
 * then it stops being so. */
static void account_cache_put_len(sqlite_db *s, int64_t ws, const char *platform, size_t plen, const char *ext_id,
	size_t elen, int64_t id, bool named)
{
	char key[ACCOUNT_KEY_MAX];
	size_t len;
	int64_t i;
	if (!s->in_transaction)
		return;
	if (!(len = account_key(key, ws, platform, plen, ext_id, elen)))
		goto incomplete;
	if (!s->account_ids) {
		if (clout_smap_init(&s->account_keys, 1 << 16) < 0)
			goto incomplete;
		s->account_ids_cap = 1 << 16;
		if (!(s->account_ids = malloc(s->account_ids_cap * sizeof(*s->account_ids)))) {
			account_cache_clear(s);
			return;
		}
	}
	if (s->account_keys.count >= ACCOUNT_CACHE_MAX)
		goto incomplete;
	if ((i = clout_smap_intern(&s->account_keys, key, len)) < 0)
		goto incomplete;
	if ((size_t)i >= s->account_ids_cap) {
		int64_t *p = realloc(s->account_ids, s->account_ids_cap * 2 * sizeof(*p));
		if (!p) {
			account_cache_clear(s);
			return;
		}
		s->account_ids = p;
		s->account_ids_cap *= 2;
	}
	s->account_ids[i] = id | (named ? NAMED_BIT : 0);
	return;
incomplete:
	s->complete_ws = 0;
}

static void account_cache_put(sqlite_db *s, int64_t ws, const char *platform, const char *ext_id, int64_t id,
	bool named)
{
	account_cache_put_len(s, ws, platform, strlen(platform), ext_id, strlen(ext_id), id, named);
}

static int db_error(sqlite_db *s, clout_error *err, const char *what)
{
	int code = sqlite3_errcode(s->db);
	int rc = CLOUT_EBACKEND;
	if (code == SQLITE_NOMEM)
		rc = CLOUT_ENOMEM;
	else if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		rc = CLOUT_ECONFLICT;
	else if (code == SQLITE_CONSTRAINT)
		rc = CLOUT_ECONFLICT;
	else if (code == SQLITE_IOERR || code == SQLITE_FULL || code == SQLITE_CANTOPEN || code == SQLITE_READONLY)
		rc = CLOUT_EIO;
	return clout_error_set(err, rc, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

static int exec(sqlite_db *s, const char *sql, clout_error *err)
{
	char *msg = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int rc = clout_error_set(err, CLOUT_EBACKEND, "%s: %s", s->path, msg ? msg : "sqlite error");
		sqlite3_free(msg);
		return rc;
	}
	return 0;
}

static bool sqlite_accepts(const char *location)
{
	return strncmp(location, "postgres://", 11) != 0 && strncmp(location, "postgresql://", 13) != 0;
}

static int get_user_version(sqlite_db *s, int *out, clout_error *err)
{
	sqlite3_stmt *st;
	int rc = 0;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return db_error(s, err, "reading schema version");
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	else
		rc = db_error(s, err, "reading schema version");
	sqlite3_finalize(st);
	return rc;
}

static void sqlite_close(void *db)
{
	sqlite_db *s = db;
	if (!s)
		return;
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(s->stmt[i]);
	sqlite3_close(s->db);
	for (size_t i = 0; i < sizeof(s->row_strings) / sizeof(s->row_strings[0]); i++)
		free(s->row_strings[i]);
	account_cache_clear(s);
	free(s->path);
	free(s);
}

static int sqlite_open(void **out, const char *location, clout_error *err)
{
	sqlite_db *s = calloc(1, sizeof(*s));
	int rc = 0;
	*out = NULL;
	if (!s || !(s->path = strdup(location))) {
		free(s);
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	}
	if (sqlite3_open_v2(location, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
		    NULL) != SQLITE_OK) {
		rc = clout_error_set(err, CLOUT_EIO, "%s: cannot open store: %s", location,
			s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto done;
	}
	sqlite3_busy_timeout(s->db, 10000);
	sqlite3_extended_result_codes(s->db, 0);
	/* The file must be a SQLite database before anything else touches it. */
	if ((rc = exec(s, "PRAGMA schema_version", err)) < 0) {
		rc = clout_error_set(err, CLOUT_EIO, "%s: not a clout store (%s)", location, sqlite3_errmsg(s->db));
		goto done;
	}
	/* A large page cache (up to 2 GiB, allocated only as used): an import is one transaction, and
	 * pages that fall out of the cache must then be found again in the WAL, which dominated the
	 * profile of multi-GB imports with a 256 MiB cache. */
	/* 16 KiB pages for a new store (an existing one keeps its own): fewer, larger WAL frames and a
	 * shallower tree for bulk imports. Must come before the store's first write. */
	if ((rc = exec(s, "PRAGMA page_size=16384", err)) < 0)
		goto done;
	if ((rc = exec(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;"
			  " PRAGMA cache_size=-2097152; PRAGMA mmap_size=1073741824", err)) < 0)
		goto done;
	for (int i = 0; i < ST_COUNT; i++) {
		if (sqlite3_prepare_v3(s->db, statement_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->stmt[i], NULL) !=
			SQLITE_OK) {
			rc = db_error(s, err, "preparing statements");
			goto done;
		}
	}
done:
	if (rc < 0) {
		sqlite_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

static int sqlite_begin(void *db, clout_error *err)
{
	sqlite_db *s = db;
	int rc = exec(db, "BEGIN IMMEDIATE", err);
	account_cache_clear(s);
	s->in_transaction = rc == 0;
	return rc;
}

static int sqlite_commit(void *db, clout_error *err)
{
	sqlite_db *s = db;
	int rc = exec(db, "COMMIT", err);
	if (rc == 0) {
		s->in_transaction = false;
		account_cache_clear(s);
	}
	return rc;
}

static int sqlite_rollback(void *db)
{
	sqlite_db *s = db;
	s->in_transaction = false;
	account_cache_clear(s);
	return exec(db, "ROLLBACK", NULL);
}

static int sqlite_schema_version(void *db, int *out, clout_error *err)
{
	return get_user_version(db, out, err);
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static void bind_count(sqlite3_stmt *st, int i, int64_t v)
{
	if (v >= 0)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

static int64_t column_count(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? CLOUT_UNKNOWN : sqlite3_column_int64(st, i);
}

/* Runs a statement that returns no row. */
static int step_done(sqlite_db *s, sqlite3_stmt *st, clout_error *err, const char *what)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : db_error(s, err, what);
}

/* Runs a statement that returns one id row (RETURNING id or SELECT id). 1 found, 0 none. */
static int step_id(sqlite_db *s, sqlite3_stmt *st, int64_t *out, clout_error *err, const char *what)
{
	int rc = sqlite3_step(st), found = 0;
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		found = 1;
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE) {
		int e = db_error(s, err, what);
		sqlite3_reset(st);
		return e;
	}
	sqlite3_reset(st);
	return found;
}

static int sqlite_workspace(void *db, int64_t *out, const char *name, bool create, clout_error *err)
{
	sqlite_db *s = db;
	sqlite3_stmt *st = NULL;
	int rc;
	if (sqlite3_prepare_v2(s->db, "SELECT id FROM workspace WHERE name=?1", -1, &st, NULL) != SQLITE_OK)
		return db_error(s, err, "finding workspace");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = step_id(s, st, out, err, "finding workspace");
	sqlite3_finalize(st);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	if (!create)
		return clout_error_set(err, CLOUT_ENOTFOUND, "workspace '%s' does not exist", name);
	if (sqlite3_prepare_v2(s->db, "INSERT INTO workspace(name, created_at) VALUES(?1, ?2) RETURNING id", -1, &st,
		    NULL) != SQLITE_OK)
		return db_error(s, err, "creating workspace");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (int64_t)time(NULL));
	rc = step_id(s, st, out, err, "creating workspace");
	sqlite3_finalize(st);
	return rc < 0 ? rc : 0;
}

/*
 * Fills the cache with every account of workspace ws and marks it complete, when the workspace
 * holds few enough. Called once a transaction has met many accounts the store did not have: the
 * one scan then saves a failed index search per new account for the rest of the transaction.
 */
static int account_cache_preload(sqlite_db *s, int64_t ws, clout_error *err)
{
	sqlite3_stmt *st = s->stmt[ST_ACCOUNT_COUNT];
	int64_t n = 0;
	int rc;
	sqlite3_bind_int64(st, 1, ws);
	if ((rc = step_id(s, st, &n, err, "counting accounts")) < 0)
		return rc;
	if (n > ACCOUNT_PRELOAD_MAX)
		return 0;
	st = s->stmt[ST_ACCOUNT_ALL];
	sqlite3_bind_int64(st, 1, ws);
	s->complete_ws = ws; /* put clears it again if one key cannot be kept */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		account_cache_put_len(s, ws, (const char *)sqlite3_column_text(st, 0), (size_t)sqlite3_column_bytes(st, 0),
			(const char *)sqlite3_column_text(st, 1), (size_t)sqlite3_column_bytes(st, 1),
			sqlite3_column_int64(st, 2), sqlite3_column_int(st, 3) != 0);
	if (rc != SQLITE_DONE) {
		s->complete_ws = 0;
		rc = db_error(s, err, "reading accounts");
		sqlite3_reset(st);
		return rc;
	}
	sqlite3_reset(st);
	return 0;
}

/*
 * Whether account (platform, ext_id) exists: 1 with its id in *out (and in *named whether it has a
 * handle), 0 when absent, negative on error. The cache answers first; a complete cache answers
 * "absent" too.
 */
static int account_lookup(sqlite_db *s, int64_t ws, const char *platform, const char *ext_id, int64_t *out,
	bool *named, clout_error *err)
{
	sqlite3_stmt *st = s->stmt[ST_ACCOUNT_FIND];
	int rc;
	if (account_cache_get(s, ws, platform, ext_id, out, named))
		return 1;
	if (s->complete_ws == ws)
		return 0;
	sqlite3_bind_int64(st, 1, ws);
	sqlite3_bind_text(st, 2, platform, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, ext_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		*named = sqlite3_column_int(st, 1) != 0;
		sqlite3_reset(st);
		account_cache_put(s, ws, platform, ext_id, *out, *named);
		return 1;
	}
	if (rc != SQLITE_DONE) {
		rc = db_error(s, err, "finding account");
		sqlite3_reset(st);
		return rc;
	}
	sqlite3_reset(st);
	if (s->in_transaction && ++s->account_misses == ACCOUNT_PRELOAD_AFTER) {
		int pre = account_cache_preload(s, ws, err);
		if (pre < 0)
			return pre;
	}
	return 0;
}

/*
 * The id of account (platform, ext_id), created as a stub when absent. A handle (may be NULL) is
 * given to the stub, or to the account if it has none.
 */
static int account_id(sqlite_db *s, int64_t ws, const char *platform, const char *ext_id, const char *handle,
	int64_t *out, clout_error *err)
{
	sqlite3_stmt *st;
	bool named = false;
	int rc = account_lookup(s, ws, platform, ext_id, out, &named, err);
	if (handle && !*handle)
		handle = NULL;
	if (rc < 0)
		return rc;
	if (rc > 0) {
		if (!handle || named)
			return 0;
		st = s->stmt[ST_ACCOUNT_NAME];
		sqlite3_bind_int64(st, 1, *out);
		sqlite3_bind_text(st, 2, handle, -1, SQLITE_STATIC);
		if ((rc = step_done(s, st, err, "naming account")) < 0)
			return rc;
		account_cache_put(s, ws, platform, ext_id, *out, true);
		return 0;
	}
	st = s->stmt[ST_ACCOUNT_STUB];
	sqlite3_bind_int64(st, 1, ws);
	sqlite3_bind_text(st, 2, platform, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, ext_id, -1, SQLITE_STATIC);
	bind_text(st, 4, handle);
	if ((rc = step_done(s, st, err, "creating account")) < 0)
		return rc;
	*out = sqlite3_last_insert_rowid(s->db);
	account_cache_put(s, ws, platform, ext_id, *out, handle != NULL);
	return 0;
}

/* Binds an account's columns as ?1..?19 (see ACCOUNT_INSERT_SQL). */
static void bind_account(sqlite3_stmt *st, int64_t ws, const clout_account *a, int64_t person)
{
	sqlite3_bind_int64(st, 1, ws);
	bind_text(st, 2, a->platform);
	bind_text(st, 3, a->ext_id);
	bind_text(st, 4, a->handle);
	bind_text(st, 5, a->name);
	bind_text(st, 6, a->bio);
	bind_text(st, 7, a->lang);
	bind_text(st, 8, a->country);
	if (person)
		sqlite3_bind_int64(st, 9, person);
	else
		sqlite3_bind_null(st, 9);
	bind_text(st, 10, a->url);
	bind_count(st, 11, a->followers);
	bind_count(st, 12, a->following);
	bind_count(st, 13, a->post_count);
	bind_count(st, 14, a->listed);
	bind_count(st, 15, a->views);
	bind_count(st, 16, a->verified);
	if (a->created_at != CLOUT_UNKNOWN)
		sqlite3_bind_int64(st, 17, a->created_at);
	else
		sqlite3_bind_null(st, 17);
	if (a->price >= 0)
		sqlite3_bind_double(st, 18, a->price);
	else
		sqlite3_bind_null(st, 18);
	bind_text(st, 19, a->currency);
}

static int sqlite_put_account(void *db, int64_t ws, const clout_account *a, int64_t *out_id, clout_error *err)
{
	sqlite_db *s = db;
	sqlite3_stmt *st;
	int64_t id = 0, person = 0;
	bool named = false;
	int rc;
	if (a->person && *a->person) {
		st = s->stmt[ST_PERSON_UPSERT];
		sqlite3_bind_int64(st, 1, ws);
		sqlite3_bind_text(st, 2, a->person, -1, SQLITE_STATIC);
		if ((rc = step_id(s, st, &person, err, "storing person")) < 0)
			return rc;
	}
	/* When the transaction knows whether the account exists, one plain UPDATE or INSERT does;
	 * otherwise an upsert that returns the id. */
	if (account_cache_get(s, ws, a->platform, a->ext_id, &id, &named)) {
		st = s->stmt[ST_ACCOUNT_UPDATE];
		bind_account(st, ws, a, person);
		sqlite3_bind_int64(st, 20, id);
		if ((rc = step_done(s, st, err, "storing account")) < 0)
			return rc;
		if (a->handle && !named)
			account_cache_put(s, ws, a->platform, a->ext_id, id, true);
	} else if (s->in_transaction && s->complete_ws == ws) {
		st = s->stmt[ST_ACCOUNT_INSERT];
		bind_account(st, ws, a, person);
		if ((rc = step_done(s, st, err, "storing account")) < 0)
			return rc;
		id = sqlite3_last_insert_rowid(s->db);
		account_cache_put(s, ws, a->platform, a->ext_id, id, a->handle != NULL);
	} else {
		st = s->stmt[ST_ACCOUNT_UPSERT];
		bind_account(st, ws, a, person);
		rc = step_id(s, st, &id, err, "storing account");
		sqlite3_clear_bindings(st);
		if (rc < 0)
			return rc;
		account_cache_put(s, ws, a->platform, a->ext_id, id, a->handle != NULL);
	}
	if (a->observed_at != CLOUT_UNKNOWN &&
	    (a->followers >= 0 || a->following >= 0 || a->post_count >= 0)) {
		st = s->stmt[ST_SNAPSHOT_PUT];
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, a->observed_at);
		bind_count(st, 3, a->followers);
		bind_count(st, 4, a->following);
		bind_count(st, 5, a->post_count);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_error(s, err, "storing follower snapshot");
	}
	if (out_id)
		*out_id = id;
	return 0;
}

static int sqlite_ensure_account(void *db, int64_t ws, const char *platform, const char *ext_id, const char *handle,
	int64_t *out, clout_error *err)
{
	return account_id(db, ws, platform, ext_id, handle, out, err);
}

static int sqlite_put_post_as(void *db, int64_t ws, const clout_post *p, int64_t author, int64_t parent_author,
	int64_t *out_id, clout_error *err)
{
	sqlite_db *s = db;
	sqlite3_stmt *st;
	int64_t id = 0;
	int rc;
	st = s->stmt[out_id ? ST_POST_UPSERT : ST_POST_UPSERT_NORET];
	sqlite3_bind_int64(st, 1, ws);
	bind_text(st, 2, p->platform);
	bind_text(st, 3, p->ext_id);
	sqlite3_bind_int64(st, 4, author);
	if (p->created_at != CLOUT_UNKNOWN)
		sqlite3_bind_int64(st, 5, p->created_at);
	else
		sqlite3_bind_null(st, 5);
	sqlite3_bind_int(st, 6, (int)p->kind);
	bind_text(st, 7, p->lang);
	if (p->text)
		sqlite3_bind_text(st, 8, p->text, (int)p->text_len, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 8);
	bind_text(st, 9, p->url);
	bind_text(st, 10, p->parent_ext_id);
	if (parent_author)
		sqlite3_bind_int64(st, 11, parent_author);
	else
		sqlite3_bind_null(st, 11);
	bind_text(st, 12, p->conversation_ext_id);
	bind_count(st, 13, p->likes);
	bind_count(st, 14, p->comments);
	bind_count(st, 15, p->shares);
	bind_count(st, 16, p->quotes);
	bind_count(st, 17, p->views);
	bind_count(st, 18, p->saves);
	bind_count(st, 19, p->sponsored);
	if (!out_id)
		return step_done(s, st, err, "storing post");
	rc = step_id(s, st, &id, err, "storing post");
	sqlite3_clear_bindings(st);
	if (rc < 0)
		return rc;
	*out_id = id;
	return 0;
}

static int sqlite_put_post(void *db, int64_t ws, const clout_post *p, int64_t *out_id, clout_error *err)
{
	int64_t author = 0, parent_author = 0;
	int rc;
	if ((rc = account_id(db, ws, p->platform, p->author_ext_id, NULL, &author, err)) < 0)
		return rc;
	if (p->parent_author_ext_id && *p->parent_author_ext_id &&
	    (rc = account_id(db, ws, p->platform, p->parent_author_ext_id, NULL, &parent_author, err)) < 0)
		return rc;
	return sqlite_put_post_as(db, ws, p, author, parent_author, out_id, err);
}

static int sqlite_put_edge_between(void *db, int64_t ws, const clout_edge *e, int64_t src, int64_t dst,
	clout_error *err)
{
	sqlite_db *s = db;
	sqlite3_stmt *st = s->stmt[ST_EDGE_UPSERT];
	int rc;
	sqlite3_bind_int64(st, 1, ws);
	sqlite3_bind_text(st, 2, e->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, src);
	sqlite3_bind_int64(st, 4, dst);
	sqlite3_bind_int64(st, 5, e->ts >= 0 ? e->ts : -1);
	sqlite3_bind_double(st, 6, e->weight);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(s, err, "storing edge");
	return 0;
}

static int sqlite_put_edge(void *db, int64_t ws, const clout_edge *e, clout_error *err)
{
	int64_t src, dst;
	int rc;
	if ((rc = account_id(db, ws, e->platform, e->src_ext_id, NULL, &src, err)) < 0 ||
	    (rc = account_id(db, ws, e->platform, e->dst_ext_id, NULL, &dst, err)) < 0)
		return rc;
	return sqlite_put_edge_between(db, ws, e, src, dst, err);
}

static int count_query(sqlite_db *s, const char *sql, int64_t ws, int64_t *out, clout_error *err)
{
	sqlite3_stmt *st;
	int rc = 0;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(s, err, "counting");
	sqlite3_bind_int64(st, 1, ws);
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else
		rc = db_error(s, err, "counting");
	sqlite3_finalize(st);
	return rc;
}

static int sqlite_counts(void *db, int64_t ws, clout_store_counts *out, clout_error *err)
{
	sqlite_db *s = db;
	int rc;
	const char *filter = ws ? "workspace_id=?1" : "?1=?1";
	char sql[256];
	struct { const char *table; int64_t *dst; } q[] = {
		{ "person", &out->people }, { "account", &out->accounts }, { "post", &out->posts },
		{ "edge", &out->edges },
	};
	if ((rc = count_query(s, ws ? "SELECT count(*) FROM workspace WHERE id=?1" : "SELECT count(*) FROM workspace WHERE ?1=?1",
		     ws, &out->workspaces, err)) < 0)
		return rc;
	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s WHERE %s", q[i].table, filter);
		if ((rc = count_query(s, sql, ws, q[i].dst, err)) < 0)
			return rc;
	}
	if ((rc = count_query(s, ws ? "SELECT coalesce(max(created_at), -1) FROM post WHERE workspace_id=?1"
				 : "SELECT coalesce(max(created_at), -1) FROM post WHERE ?1=?1",
		     ws, &out->newest_post_at, err)) < 0)
		return rc;
	return count_query(s,
		ws ? "SELECT count(*) FROM account_snapshot JOIN account a ON a.id=account_id WHERE a.workspace_id=?1"
		   : "SELECT count(*) FROM account_snapshot WHERE ?1=?1",
		ws, &out->snapshots, err);
}

static int sqlite_generation(void *db, int64_t ws, int64_t *out, clout_error *err)
{
	return count_query(db, "SELECT generation FROM workspace WHERE id=?1", ws, out, err);
}

static int sqlite_bump_generation(void *db, int64_t ws, clout_error *err)
{
	sqlite_db *s = db;
	sqlite3_stmt *st;
	int rc;
	if (sqlite3_prepare_v2(s->db, "UPDATE workspace SET generation = generation + 1 WHERE id=?1", -1, &st, NULL) !=
		SQLITE_OK)
		return db_error(s, err, "advancing the workspace generation");
	sqlite3_bind_int64(st, 1, ws);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_error(s, err, "advancing the workspace generation");
	sqlite3_finalize(st);
	return rc;
}

static int sqlite_find_account(void *db, int64_t ws, const char *platform, const char *key, int64_t *out,
	clout_error *err)
{
	sqlite_db *s = db;
	sqlite3_stmt *st;
	const char *colon = strchr(key, ':');
	char plat[64];
	int rc;
	bool by_handle = key[0] == '@';
	const char *sql;
	if (by_handle) {
		sql = "SELECT id FROM account WHERE workspace_id=?1 AND handle=?3 COLLATE NOCASE AND (?2 IS NULL OR platform=?2)"
		      " ORDER BY followers DESC LIMIT 2";
		key++;
	} else {
		if (!platform && colon && (size_t)(colon - key) < sizeof(plat)) {
			memcpy(plat, key, (size_t)(colon - key));
			plat[colon - key] = '\0';
			platform = plat;
			key = colon + 1;
		}
		sql = "SELECT id FROM account WHERE workspace_id=?1 AND ext_id=?3 AND (?2 IS NULL OR platform=?2) LIMIT 2";
	}
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(s, err, "finding account");
	sqlite3_bind_int64(st, 1, ws);
	bind_text(st, 2, platform);
	sqlite3_bind_text(st, 3, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = sqlite3_step(st) == SQLITE_ROW && !by_handle
			? clout_error_set(err, CLOUT_ECONFLICT, "account '%s' exists on several platforms: name one as platform:id", key)
			: 0;
	} else if (rc == SQLITE_DONE) {
		rc = clout_error_set(err, CLOUT_ENOTFOUND, "no account '%s'%s%s", key, platform ? " on " : "", platform ? platform : "");
	} else {
		rc = db_error(s, err, "finding account");
	}
	sqlite3_finalize(st);
	return rc;
}

static int sqlite_foreach_edge(void *db, int64_t ws, const char *kind, clout_edge_fn fn, void *ctx,
	clout_error *err)
{
	sqlite_db *s = db;
	sqlite3_stmt *st;
	int rc;
	if (sqlite3_prepare_v2(s->db,
		    "SELECT src, dst, weight, ts, kind FROM edge WHERE workspace_id=?1 AND (?2 IS NULL OR kind=?2)", -1,
		    &st, NULL) != SQLITE_OK)
		return db_error(s, err, "reading edges");
	sqlite3_bind_int64(st, 1, ws);
	bind_text(st, 2, kind);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int stop = fn(ctx, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), sqlite3_column_double(st, 2),
			sqlite3_column_int64(st, 3), (const char *)sqlite3_column_text(st, 4));
		if (stop) {
			sqlite3_finalize(st);
			return stop;
		}
	}
	rc = rc == SQLITE_DONE ? 0 : db_error(s, err, "reading edges");
	sqlite3_finalize(st);
	return rc;
}

static int sqlite_foreach_post(void *db, int64_t ws, int64_t account, int limit, clout_post_fn fn, void *ctx,
	clout_error *err)
{
	sqlite_db *s = db;
	sqlite3_stmt *st;
	int rc;
	const char *cols =
		"SELECT p.id, p.account_id, p.created_at, p.text, p.lang, p.kind, p.likes, p.comments, p.shares,"
		" p.quotes, p.views, p.parent_account_id,"
		" CASE WHEN p.kind=1 AND p.conversation_ext_id IS NOT NULL THEN (SELECT r.account_id FROM post r"
		"  WHERE r.workspace_id=p.workspace_id AND r.platform=p.platform AND r.ext_id=p.conversation_ext_id) END,"
		" p.sponsored FROM post p ";
	char sql[1024];
	if (account > 0)
		snprintf(sql, sizeof(sql), "%s WHERE p.account_id=?2 AND p.workspace_id=?1 ORDER BY p.created_at DESC LIMIT ?3", cols);
	else
		snprintf(sql, sizeof(sql), "%s WHERE p.workspace_id=?1 ORDER BY p.account_id, p.created_at", cols);
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(s, err, "reading posts");
	sqlite3_bind_int64(st, 1, ws);
	if (account > 0) {
		sqlite3_bind_int64(st, 2, account);
		sqlite3_bind_int(st, 3, limit > 0 ? limit : -1);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		clout_post_row row;
		int stop;
		row.id = sqlite3_column_int64(st, 0);
		row.account_id = sqlite3_column_int64(st, 1);
		row.created_at = column_count(st, 2);
		row.text = (const char *)sqlite3_column_text(st, 3);
		row.text_len = (size_t)sqlite3_column_bytes(st, 3);
		if (!row.text)
			row.text = "";
		row.lang = (const char *)sqlite3_column_text(st, 4);
		row.kind = (clout_post_kind)sqlite3_column_int(st, 5);
		row.likes = column_count(st, 6);
		row.comments = column_count(st, 7);
		row.shares = column_count(st, 8);
		row.quotes = column_count(st, 9);
		row.views = column_count(st, 10);
		row.parent_author_id = sqlite3_column_int64(st, 11);
		row.conversation_owner_id = sqlite3_column_int64(st, 12);
		row.sponsored = (int)column_count(st, 13);
		if ((stop = fn(ctx, &row)) != 0) {
			sqlite3_finalize(st);
			return stop;
		}
	}
	rc = rc == SQLITE_DONE ? 0 : db_error(s, err, "reading posts");
	sqlite3_finalize(st);
	return rc;
}

#define ACCOUNT_COLUMNS                                                                                  \
	"SELECT a.id, a.workspace_id, a.platform, a.ext_id, a.handle, a.name, a.lang, a.country, p.key,"     \
	" a.followers, a.following, a.post_count, a.views, a.created_at, a.verified, a.price, a.currency"  \
	" FROM account a LEFT JOIN person p ON p.id = a.person_id "

static void read_account_row(sqlite3_stmt *st, clout_account_row *r)
{
	r->id = sqlite3_column_int64(st, 0);
	r->workspace = sqlite3_column_int64(st, 1);
	r->platform = (const char *)sqlite3_column_text(st, 2);
	r->ext_id = (const char *)sqlite3_column_text(st, 3);
	r->handle = (const char *)sqlite3_column_text(st, 4);
	r->name = (const char *)sqlite3_column_text(st, 5);
	r->lang = (const char *)sqlite3_column_text(st, 6);
	r->country = (const char *)sqlite3_column_text(st, 7);
	r->person = (const char *)sqlite3_column_text(st, 8);
	r->followers = column_count(st, 9);
	r->following = column_count(st, 10);
	r->post_count = column_count(st, 11);
	r->views = column_count(st, 12);
	r->created_at = column_count(st, 13);
	r->verified = (int)column_count(st, 14);
	r->price = sqlite3_column_type(st, 15) == SQLITE_NULL ? -1 : sqlite3_column_double(st, 15);
	r->currency = (const char *)sqlite3_column_text(st, 16);
}

static int sqlite_get_account(void *db, int64_t account, clout_account_row *out, clout_error *err)
{
	sqlite_db *s = db;
	sqlite3_stmt *st;
	int rc;
	if (sqlite3_prepare_v2(s->db, ACCOUNT_COLUMNS "WHERE a.id=?1", -1, &st, NULL) != SQLITE_OK)
		return db_error(s, err, "reading account");
	sqlite3_bind_int64(st, 1, account);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		/* Copy the strings: they must outlive the statement. */
		const char **fields[] = { &out->platform, &out->ext_id, &out->handle, &out->name, &out->lang,
			&out->country, &out->person, &out->currency };
		read_account_row(st, out);
		for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
			free(s->row_strings[i]);
			s->row_strings[i] = *fields[i] ? strdup(*fields[i]) : NULL;
			*fields[i] = s->row_strings[i];
		}
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = clout_error_set(err, CLOUT_ENOTFOUND, "no account with id %lld", (long long)account);
	} else {
		rc = db_error(s, err, "reading account");
	}
	sqlite3_finalize(st);
	return rc;
}

static int sqlite_foreach_account(void *db, int64_t ws, clout_account_fn fn, void *ctx, clout_error *err)
{
	sqlite_db *s = db;
	sqlite3_stmt *st;
	int rc;
	if (sqlite3_prepare_v2(s->db, ACCOUNT_COLUMNS "WHERE a.workspace_id=?1 ORDER BY a.id", -1, &st, NULL) !=
		SQLITE_OK)
		return db_error(s, err, "reading accounts");
	sqlite3_bind_int64(st, 1, ws);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		clout_account_row row;
		int stop;
		read_account_row(st, &row);
		if ((stop = fn(ctx, &row)) != 0) {
			sqlite3_finalize(st);
			return stop;
		}
	}
	rc = rc == SQLITE_DONE ? 0 : db_error(s, err, "reading accounts");
	sqlite3_finalize(st);
	return rc;
}

static int sqlite_foreach_snapshot(void *db, int64_t ws, int64_t account, clout_snapshot_fn fn, void *ctx,
	clout_error *err)
{
	sqlite_db *s = db;
	sqlite3_stmt *st;
	int rc;
	const char *sql = account > 0
		? "SELECT account_id, observed_at, followers FROM account_snapshot WHERE account_id=?2"
		  " AND followers IS NOT NULL ORDER BY observed_at"
		: "SELECT s.account_id, s.observed_at, s.followers FROM account_snapshot s JOIN account a ON a.id=s.account_id"
		  " WHERE a.workspace_id=?1 AND s.followers IS NOT NULL ORDER BY s.account_id, s.observed_at";
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(s, err, "reading snapshots");
	if (account > 0)
		sqlite3_bind_int64(st, 2, account);
	else
		sqlite3_bind_int64(st, 1, ws);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int stop = fn(ctx, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2));
		if (stop) {
			sqlite3_finalize(st);
			return stop;
		}
	}
	rc = rc == SQLITE_DONE ? 0 : db_error(s, err, "reading snapshots");
	sqlite3_finalize(st);
	return rc;
}

static int sqlite_put_blob(void *db, int64_t ws, const char *space, const char *key, const void *data, size_t len,
	clout_error *err)
{
	sqlite_db *s = db;
	sqlite3_stmt *st = s->stmt[ST_BLOB_PUT];
	int rc;
	if (len > 1000000000)
		return clout_error_set(err, CLOUT_ENOMEM, "blob %s/%s of %zu bytes is too large", space, key, len);
	sqlite3_bind_int64(st, 1, ws);
	sqlite3_bind_text(st, 2, space, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, key, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 4, len ? data : "", (int)len, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(s, err, "storing blob");
}

static int sqlite_get_blob(void *db, int64_t ws, const char *space, const char *key, void **out, size_t *len_out,
	clout_error *err)
{
	sqlite_db *s = db;
	sqlite3_stmt *st = s->stmt[ST_BLOB_GET];
	int rc;
	sqlite3_bind_int64(st, 1, ws);
	sqlite3_bind_text(st, 2, space, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		size_t n = (size_t)sqlite3_column_bytes(st, 0);
		void *p = malloc(n ? n : 1);
		if (!p) {
			sqlite3_reset(st);
			return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		}
		if (n)
			memcpy(p, sqlite3_column_blob(st, 0), n);
		*out = p;
		*len_out = n;
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = clout_error_set(err, CLOUT_ENOTFOUND, "no %s entry '%s'", space, key);
	} else {
		rc = db_error(s, err, "reading blob");
	}
	sqlite3_reset(st);
	return rc;
}

static int sqlite_clear_blobs(void *db, int64_t ws, const char *space, clout_error *err)
{
	sqlite_db *s = db;
	sqlite3_stmt *st;
	int rc;
	if (sqlite3_prepare_v2(s->db, "DELETE FROM blob WHERE workspace_id=?1 AND space=?2", -1, &st, NULL) != SQLITE_OK)
		return db_error(s, err, "clearing blobs");
	sqlite3_bind_int64(st, 1, ws);
	sqlite3_bind_text(st, 2, space, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_error(s, err, "clearing blobs");
	sqlite3_finalize(st);
	return rc;
}

const clout_store_backend clout__store_sqlite = {
	.version = CLOUT_STORE_BACKEND_VERSION,
	.name = "sqlite",
	.accepts = sqlite_accepts,
	.open = sqlite_open,
	.close = sqlite_close,
	.begin = sqlite_begin,
	.commit = sqlite_commit,
	.rollback = sqlite_rollback,
	.schema_version = sqlite_schema_version,
	.workspace = sqlite_workspace,
	.put_account = sqlite_put_account,
	.ensure_account = sqlite_ensure_account,
	.put_post = sqlite_put_post,
	.put_post_as = sqlite_put_post_as,
	.put_edge_between = sqlite_put_edge_between,
	.put_edge = sqlite_put_edge,
	.counts = sqlite_counts,
	.generation = sqlite_generation,
	.bump_generation = sqlite_bump_generation,
	.find_account = sqlite_find_account,
	.foreach_edge = sqlite_foreach_edge,
	.foreach_post = sqlite_foreach_post,
	.get_account = sqlite_get_account,
	.foreach_account = sqlite_foreach_account,
	.foreach_snapshot = sqlite_foreach_snapshot,
	.put_blob = sqlite_put_blob,
	.get_blob = sqlite_get_blob,
	.clear_blobs = sqlite_clear_blobs,
};
