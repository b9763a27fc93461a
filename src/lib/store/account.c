/*
 * account.c: accounts, the people who own them, and their follower snapshots. The rules: a put
 * merges (a value the payload does not carry never overwrites a known one); a weak account (seen
 * only in passing) creates a stub or names an account that has no handle, and changes nothing
 * else; an account is found by "platform:ext_id", by ext_id alone, or by "@handle" without regard
 * to case (the most followed first).
 */
#include <stdlib.h>
#include <string.h>

#include "lib/store/store_internal.h"
#include "util/banned.h"

/* An account's columns are bound as ?1..?19 in this order; a merge keeps what is known when the
 * new value is unknown (NULL). */
#define ACCOUNT_INSERT \
	"INSERT INTO account(workspace_id, platform, ext_id, handle, name, bio, lang, country, person_id," \
	" url, followers, following, post_count, listed, views, verified, created_at, price, currency)" \
	" VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19)"
/* MERGE(column, new value): the SET term of one column, the old value named by the table. */
#define MERGE(c, v) " " c " = COALESCE(" v ", account." c ")"
#define ACCOUNT_MERGE_FROM(h, n, b, l, co, pe, u, f1, f2, pc, li, vi, ve, cr, pr, cu) \
	MERGE("handle", h) "," MERGE("name", n) "," MERGE("bio", b) "," MERGE("lang", l) "," \
	MERGE("country", co) "," MERGE("person_id", pe) "," MERGE("url", u) "," MERGE("followers", f1) "," \
	MERGE("following", f2) "," MERGE("post_count", pc) "," MERGE("listed", li) "," MERGE("views", vi) "," \
	MERGE("verified", ve) "," MERGE("created_at", cr) "," MERGE("price", pr) "," MERGE("currency", cu)

static const char UPSERT_SQL[] = ACCOUNT_INSERT " ON CONFLICT(workspace_id, platform, ext_id) DO UPDATE SET"
	ACCOUNT_MERGE_FROM("excluded.handle", "excluded.name", "excluded.bio", "excluded.lang", "excluded.country",
		"excluded.person_id", "excluded.url", "excluded.followers", "excluded.following", "excluded.post_count",
		"excluded.listed", "excluded.views", "excluded.verified", "excluded.created_at", "excluded.price",
		"excluded.currency") " RETURNING id";
/* For an account the transaction knows is absent, or knows the id of. */
static const char INSERT_SQL[] = ACCOUNT_INSERT " RETURNING id";
/* CHANGED(column, new value): whether the merge changes the column (COALESCE keeps a known value). */
#define CHANGED(c, v) " OR COALESCE(" v ", account." c ") IS DISTINCT FROM account." c
/* The row is rewritten only when the merge changes it: an account imported again as it is costs a
 * look-up, not a rewrite of its row and its index entries. */
static const char UPDATE_SQL[] = "UPDATE account SET"
	ACCOUNT_MERGE_FROM("?4", "?5", "?6", "?7", "?8", "?9", "?10", "?11", "?12", "?13", "?14", "?15", "?16", "?17",
		"?18", "?19") " WHERE id = ?20 AND workspace_id = ?1 AND platform = ?2 AND ext_id = ?3 AND (false"
	CHANGED("handle", "?4") CHANGED("name", "?5") CHANGED("bio", "?6") CHANGED("lang", "?7") CHANGED("country", "?8")
	CHANGED("person_id", "?9") CHANGED("url", "?10") CHANGED("followers", "?11") CHANGED("following", "?12")
	CHANGED("post_count", "?13") CHANGED("listed", "?14") CHANGED("views", "?15") CHANGED("verified", "?16")
	CHANGED("created_at", "?17") CHANGED("price", "?18") CHANGED("currency", "?19") ")";

static const char FIND_SQL[] =
	"SELECT id, CASE WHEN handle IS NULL THEN 0 ELSE 1 END FROM account"
	" WHERE workspace_id = ?1 AND platform = ?2 AND ext_id = ?3";
static const char STUB_SQL[] =
	"INSERT INTO account(workspace_id, platform, ext_id, handle) VALUES(?1, ?2, ?3, ?4) RETURNING id";
static const char NAME_SQL[] = "UPDATE account SET handle = ?2 WHERE id = ?1 AND handle IS NULL";
static const char COUNT_SQL[] = "SELECT count(*) FROM account WHERE workspace_id = ?1";
static const char ALL_KEYS_SQL[] =
	"SELECT platform, ext_id, id, CASE WHEN handle IS NULL THEN 0 ELSE 1 END FROM account WHERE workspace_id = ?1";
static const char PERSON_SQL[] =
	"INSERT INTO person(workspace_id, key) VALUES(?1, ?2)"
	" ON CONFLICT(workspace_id, key) DO UPDATE SET key = excluded.key RETURNING id";
#define SNAPSHOT_INSERT "INSERT INTO account_snapshot(account_id, observed_at, followers, following, post_count) VALUES"
/* A snapshot again merges its counts; the row is rewritten only when that changes it. */
#define SNAPSHOT_CONFLICT                                                                                \
	" ON CONFLICT(account_id, observed_at) DO UPDATE SET"                                                \
	" followers = COALESCE(excluded.followers, account_snapshot.followers),"                             \
	" following = COALESCE(excluded.following, account_snapshot.following),"                             \
	" post_count = COALESCE(excluded.post_count, account_snapshot.post_count)"                           \
	" WHERE COALESCE(excluded.followers, account_snapshot.followers) IS DISTINCT FROM account_snapshot.followers" \
	" OR COALESCE(excluded.following, account_snapshot.following) IS DISTINCT FROM account_snapshot.following"  \
	" OR COALESCE(excluded.post_count, account_snapshot.post_count) IS DISTINCT FROM account_snapshot.post_count"
static const char SNAPSHOT_SQL[] = SNAPSHOT_INSERT "(?1, ?2, ?3, ?4, ?5)" SNAPSHOT_CONFLICT;
/* SNAPSHOT_SQL's rows STORE_ROWS at a time (see store_rows). */
static store_rows snapshot_rows = STORE_ROWS_INIT(SNAPSHOT_INSERT, 5, SNAPSHOT_CONFLICT);

/*
 * Fills the cache with every account of workspace ws and marks it complete, when the workspace
 * holds few enough. Called once a transaction has met many accounts the store did not have: the
 * one scan then saves a failed index search per new account for the rest of the transaction.
 */
static int cache_preload(clout_store *store, int64_t ws, clout_error *err)
{
	store_bind b;
	int64_t n = 0;
	int rc;
	if ((rc = store_stmt(store, &b, COUNT_SQL, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	if (b.rc < 0)
		return store_bind_error(store, &b, "counting accounts", err);
	if ((rc = clout_sql_run_int64(store->db, b.st, &n, "counting accounts", err)) < 0)
		return rc;
	if (n > STORE_PRELOAD_MAX)
		return 0;
	if ((rc = store_stmt(store, &b, ALL_KEYS_SQL, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	if (b.rc < 0)
		return store_bind_error(store, &b, "reading accounts", err);
	store->cache.complete_ws = ws; /* put clears it again if one key cannot be kept */
	while ((rc = clout_sql_step(store->db, b.st, "reading accounts", err)) == CLOUT_SQL_ROW) {
		size_t plen, elen;
		const char *platform = clout_sql_column_text(store->db, b.st, 0, &plen);
		const char *ext_id = clout_sql_column_text(store->db, b.st, 1, &elen);
		store_cache_put_len(&store->cache, ws, platform, plen, ext_id, elen,
			clout_sql_column_int64(store->db, b.st, 2), clout_sql_column_int64(store->db, b.st, 3) != 0);
	}
	clout_sql_reset(store->db, b.st);
	if (rc < 0)
		store->cache.complete_ws = 0;
	return rc < 0 ? rc : 0;
}

/*
 * Whether account (platform, ext_id) exists: 1 with its id in *out (and in *named whether it has a
 * handle), 0 when absent, negative on error. The cache answers first; a complete cache answers
 * "absent" too.
 */
static int account_lookup(clout_store *store, int64_t ws, const char *platform, const char *ext_id, int64_t *out,
	bool *named, clout_error *err)
{
	store_bind b;
	int rc;
	if (store_cache_get(&store->cache, ws, platform, ext_id, out, named))
		return 1;
	if (store_cache_complete(&store->cache, ws))
		return 0;
	if ((rc = store_stmt(store, &b, FIND_SQL, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	sb_text(&b, 2, platform);
	sb_text(&b, 3, ext_id);
	if (b.rc < 0)
		return store_bind_error(store, &b, "finding account", err);
	rc = clout_sql_step(store->db, b.st, "finding account", err);
	if (rc == CLOUT_SQL_ROW) {
		*out = clout_sql_column_int64(store->db, b.st, 0);
		*named = clout_sql_column_int64(store->db, b.st, 1) != 0;
		clout_sql_reset(store->db, b.st);
		store_cache_put(&store->cache, ws, platform, ext_id, *out, *named);
		return 1;
	}
	clout_sql_reset(store->db, b.st);
	if (rc < 0)
		return rc;
	if (store->cache.on && ++store->cache.misses == STORE_PRELOAD_AFTER && (rc = cache_preload(store, ws, err)) < 0)
		return rc;
	return 0;
}

int store_account_id(clout_store *store, int64_t ws, const char *platform, const char *ext_id, const char *handle,
	int64_t *out, clout_error *err)
{
	store_bind b;
	bool named = false;
	int rc = account_lookup(store, ws, platform, ext_id, out, &named, err);
	if (handle && !*handle)
		handle = NULL;
	if (rc < 0)
		return rc;
	if (rc > 0) {
		if (!handle || named)
			return 0;
		if ((rc = store_stmt(store, &b, NAME_SQL, err)) < 0)
			return rc;
		sb_int(&b, 1, *out);
		sb_text(&b, 2, handle);
		if (b.rc < 0)
			return store_bind_error(store, &b, "naming account", err);
		if ((rc = clout_sql_run(store->db, b.st, "naming account", err)) < 0)
			return rc;
		store_cache_put(&store->cache, ws, platform, ext_id, *out, true);
		return 0;
	}
	if ((rc = store_stmt(store, &b, STUB_SQL, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	sb_text(&b, 2, platform);
	sb_text(&b, 3, ext_id);
	sb_text(&b, 4, handle);
	if (b.rc < 0)
		return store_bind_error(store, &b, "creating account", err);
	if ((rc = clout_sql_run_int64(store->db, b.st, out, "creating account", err)) < 0)
		return rc;
	store_cache_put(&store->cache, ws, platform, ext_id, *out, handle != NULL);
	return 0;
}

/* Binds an account's columns as ?1..?19 (see ACCOUNT_INSERT). */
static void bind_account(store_bind *b, int64_t ws, const clout_account *a, int64_t person)
{
	sb_int(b, 1, ws);
	sb_text(b, 2, a->platform);
	sb_text(b, 3, a->ext_id);
	sb_text(b, 4, a->handle);
	sb_text(b, 5, a->name);
	sb_text(b, 6, a->bio);
	sb_text(b, 7, a->lang);
	sb_text(b, 8, a->country);
	sb_id(b, 9, person);
	sb_text(b, 10, a->url);
	sb_count(b, 11, a->followers);
	sb_count(b, 12, a->following);
	sb_count(b, 13, a->post_count);
	sb_count(b, 14, a->listed);
	sb_count(b, 15, a->views);
	sb_count(b, 16, a->verified);
	sb_known(b, 17, a->created_at);
	if (a->price >= 0)
		sb_double(b, 18, a->price);
	else if (b->rc == 0)
		b->rc = clout_sql_bind_null(b->db, b->st, 18);
	sb_text(b, 19, a->currency);
}

static int put_person(clout_store *store, int64_t ws, const char *key, int64_t *out, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, PERSON_SQL, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	sb_text(&b, 2, key);
	if (b.rc < 0)
		return store_bind_error(store, &b, "storing person", err);
	return clout_sql_run_int64(store->db, b.st, out, "storing person", err);
}

/* A follower snapshot's row: its account, time and counts (negative when unknown). */
typedef struct snapshot_row {
	int64_t id, observed_at, counts[3];
} snapshot_row;

static void bind_snapshot(store_bind *b, int at, const snapshot_row *r)
{
	sb_int(b, at + 1, r->id);
	sb_int(b, at + 2, r->observed_at);
	sb_count(b, at + 3, r->counts[0]);
	sb_count(b, at + 4, r->counts[1]);
	sb_count(b, at + 5, r->counts[2]);
}

/* A follower snapshot of account id at observed_at (counts: negative when unknown). */
static int put_snapshot_counts(clout_store *store, int64_t id, int64_t observed_at, int64_t followers,
	int64_t following, int64_t post_count, clout_error *err)
{
	snapshot_row r = { id, observed_at, { followers, following, post_count } };
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SNAPSHOT_SQL, err)) < 0)
		return rc;
	bind_snapshot(&b, 0, &r);
	if (b.rc < 0)
		return store_bind_error(store, &b, "storing follower snapshot", err);
	return clout_sql_run(store->db, b.st, "storing follower snapshot", err);
}

/* STORE_ROWS follower snapshots with one statement (as STORE_ROWS put_snapshot_counts). */
static int put_snapshot_rows(clout_store *store, const snapshot_row *rows, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_rows_stmt(store, &snapshot_rows, &b, "storing follower snapshots", err)) < 0)
		return rc;
	for (int r = 0; r < STORE_ROWS; r++)
		bind_snapshot(&b, r * 5, &rows[r]);
	if (b.rc < 0)
		return store_bind_error(store, &b, "storing follower snapshots", err);
	return clout_sql_run(store->db, b.st, "storing follower snapshots", err);
}

static int put_snapshot(clout_store *store, int64_t id, const clout_account *a, clout_error *err)
{
	return put_snapshot_counts(store, id, a->observed_at, a->followers, a->following, a->post_count, err);
}

/* Writes a whole account: a plain UPDATE or INSERT when the transaction knows whether it exists,
 * otherwise an upsert; the id in *out. */
static int write_account(clout_store *store, int64_t ws, const clout_account *a, int64_t person, int64_t *out,
	clout_error *err)
{
	store_account_cache *c = &store->cache;
	store_bind b;
	bool named = false, known = store_cache_get(c, ws, a->platform, a->ext_id, out, &named);
	const char *sql = known ? UPDATE_SQL : store_cache_complete(c, ws) ? INSERT_SQL : UPSERT_SQL;
	int rc;
	if ((rc = store_stmt(store, &b, sql, err)) < 0)
		return rc;
	bind_account(&b, ws, a, person);
	if (known)
		sb_int(&b, 20, *out);
	if (b.rc < 0)
		return store_bind_error(store, &b, "storing account", err);
	if (known)
		rc = clout_sql_run(store->db, b.st, "storing account", err);
	else if ((rc = clout_sql_run_int64(store->db, b.st, out, "storing account", err)) == 0)
		rc = clout_error_set(err, CLOUT_EINTERNAL, "storing account %s: no id returned", a->ext_id);
	if (rc < 0)
		return rc;
	if (!known || (a->handle && !named))
		store_cache_put(c, ws, a->platform, a->ext_id, *out, named || a->handle != NULL);
	return 0;
}

int clout_store_put_account(clout_store *store, int64_t workspace, const clout_account *a, int64_t *out_id,
	clout_error *err)
{
	int64_t id = 0, person = 0;
	int rc;
	if (a->weak)
		return clout_store_ensure_account(store, workspace, a->platform, a->ext_id, a->handle, out_id, err);
	if ((rc = clout_account_check(a, err)) < 0 || (rc = store_touch(store, workspace, err)) < 0)
		return rc;
	if (a->person && *a->person && (rc = put_person(store, workspace, a->person, &person, err)) < 0)
		return rc;
	if ((rc = write_account(store, workspace, a, person, &id, err)) < 0)
		return rc;
	if (a->observed_at != CLOUT_UNKNOWN && (a->followers >= 0 || a->following >= 0 || a->post_count >= 0) &&
	    (rc = put_snapshot(store, id, a, err)) < 0)
		return rc;
	if (out_id)
		*out_id = id;
	return 0;
}

int clout_store_ensure_account(clout_store *store, int64_t workspace, const char *platform, const char *ext_id,
	const char *handle, int64_t *out_id, clout_error *err)
{
	int64_t id;
	int rc;
	if (handle && !*handle)
		handle = NULL;
	if ((rc = store_check_key("platform", platform, err)) < 0 ||
	    (rc = store_check_key("account id", ext_id, err)) < 0 ||
	    (handle && (rc = store_check_key("handle", handle, err)) < 0) ||
	    (rc = store_touch(store, workspace, err)) < 0)
		return rc;
	if ((rc = store_account_id(store, workspace, platform, ext_id, handle, &id, err)) < 0)
		return rc;
	if (out_id)
		*out_id = id;
	return 0;
}

/* ---- bulk writes (see bulk.c) ---- */

static const char *const PERSON_STAGE[] = { "seq", "key" };
static const clout_sql_type PERSON_TYPES[] = { CLOUT_SQL_INTEGER, CLOUT_SQL_TEXT };
static const char BULK_PERSON_SQL[] =
	"INSERT INTO person(workspace_id, key) SELECT CAST(?1 AS BIGINT), s.key FROM stage_person s WHERE true"
	" ORDER BY s.seq ON CONFLICT(workspace_id, key) DO NOTHING";

#define ACCOUNT_STAGE_COLUMNS 19
static const char *const ACCOUNT_STAGE[ACCOUNT_STAGE_COLUMNS] = { "seq", "platform", "ext_id", "handle", "name",
	"bio", "lang", "country", "person", "url", "followers", "following", "post_count", "listed", "views",
	"verified", "created_at", "price", "currency" };
static const clout_sql_type ACCOUNT_TYPES[ACCOUNT_STAGE_COLUMNS] = { CLOUT_SQL_INTEGER, CLOUT_SQL_TEXT,
	CLOUT_SQL_TEXT, CLOUT_SQL_TEXT, CLOUT_SQL_TEXT, CLOUT_SQL_TEXT, CLOUT_SQL_TEXT, CLOUT_SQL_TEXT, CLOUT_SQL_TEXT,
	CLOUT_SQL_TEXT, CLOUT_SQL_INTEGER, CLOUT_SQL_INTEGER, CLOUT_SQL_INTEGER, CLOUT_SQL_INTEGER, CLOUT_SQL_INTEGER,
	CLOUT_SQL_INTEGER, CLOUT_SQL_INTEGER, CLOUT_SQL_FLOAT, CLOUT_SQL_TEXT };
/* The batch's accounts, merged per key, in key order: new ones get their ids in that order. */
#define STAGED_PERSON "(SELECT p.id FROM person p WHERE p.workspace_id = ?1 AND p.key = s.person)"
#define BULK_ACCOUNT_INSERT                                                                              \
	"INSERT INTO account(workspace_id, platform, ext_id, handle, name, bio, lang, country, person_id,"   \
	" url, followers, following, post_count, listed, views, verified, created_at, price, currency)"      \
	" SELECT CAST(?1 AS BIGINT), s.platform, s.ext_id, s.handle, s.name, s.bio, s.lang, s.country,"       \
	" " STAGED_PERSON ", s.url, s.followers,"                                                             \
	" s.following, s.post_count, s.listed, s.views, s.verified, s.created_at, s.price, s.currency"        \
	" FROM stage_account s"
static const char BULK_ACCOUNT_SQL[] =
	BULK_ACCOUNT_INSERT " WHERE true ORDER BY s.seq"
	" ON CONFLICT(workspace_id, platform, ext_id) DO UPDATE SET"
	ACCOUNT_MERGE_FROM("excluded.handle", "excluded.name", "excluded.bio", "excluded.lang", "excluded.country",
		"excluded.person_id", "excluded.url", "excluded.followers", "excluded.following", "excluded.post_count",
		"excluded.listed", "excluded.views", "excluded.verified", "excluded.created_at", "excluded.price",
		"excluded.currency");

/*
 * The same in a fresh load over a connection (store->fresh): the accounts already stored merged
 * by an UPDATE, then the others inserted in key order. Unlike INSERT ... ON CONFLICT on
 * PostgreSQL, a key met again spends no id, so ids come out as SQLite gives them; the people
 * likewise, once per key in the order first named.
 */
static const char FRESH_ACCOUNT_UPDATE_SQL[] =
	"UPDATE account SET"
	ACCOUNT_MERGE_FROM("s.handle", "s.name", "s.bio", "s.lang", "s.country", STAGED_PERSON, "s.url", "s.followers",
		"s.following", "s.post_count", "s.listed", "s.views", "s.verified", "s.created_at", "s.price", "s.currency")
	" FROM stage_account s WHERE account.workspace_id = ?1 AND account.platform = s.platform"
	" AND account.ext_id = s.ext_id";
static const char FRESH_ACCOUNT_INSERT_SQL[] =
	BULK_ACCOUNT_INSERT " WHERE NOT EXISTS (SELECT 1 FROM account a WHERE a.workspace_id = ?1"
	" AND a.platform = s.platform AND a.ext_id = s.ext_id) ORDER BY s.seq";
static const char FRESH_PERSON_SQL[] =
	"INSERT INTO person(workspace_id, key) SELECT CAST(?1 AS BIGINT), s.key FROM stage_person s"
	" WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.workspace_id = ?1 AND p.key = s.key)"
	" GROUP BY s.key ORDER BY min(s.seq)";

static const char *const SNAPSHOT_STAGE[] = { "seq", "platform", "ext_id", "observed_at", "followers", "following",
	"post_count" };
static const clout_sql_type SNAPSHOT_TYPES[] = { CLOUT_SQL_INTEGER, CLOUT_SQL_TEXT, CLOUT_SQL_TEXT, CLOUT_SQL_INTEGER,
	CLOUT_SQL_INTEGER, CLOUT_SQL_INTEGER, CLOUT_SQL_INTEGER };
static const char BULK_SNAPSHOT_SQL[] =
	"INSERT INTO account_snapshot(account_id, observed_at, followers, following, post_count)"
	" SELECT a.id, s.observed_at, s.followers, s.following, s.post_count FROM stage_snapshot s"
	" JOIN account a ON a.workspace_id = ?1 AND a.platform = s.platform AND a.ext_id = s.ext_id"
	" WHERE true ORDER BY s.seq ON CONFLICT(account_id, observed_at) DO UPDATE SET"
	" followers = COALESCE(excluded.followers, account_snapshot.followers),"
	" following = COALESCE(excluded.following, account_snapshot.following),"
	" post_count = COALESCE(excluded.post_count, account_snapshot.post_count)";

static const char *const REF_STAGE[] = { "seq", "platform", "ext_id", "handle" };
static const clout_sql_type REF_TYPES[] = { CLOUT_SQL_INTEGER, CLOUT_SQL_TEXT, CLOUT_SQL_TEXT, CLOUT_SQL_TEXT };
/* Stubs for the accounts the store lacks, in key order (the existing ones keep their ids: no
 * conflict to resolve, so no id is spent on them), then a handle for the ones without. */
static const char BULK_STUB_SQL[] =
	"INSERT INTO account(workspace_id, platform, ext_id, handle)"
	" SELECT CAST(?1 AS BIGINT), s.platform, s.ext_id, s.handle FROM stage_ref s WHERE NOT EXISTS"
	" (SELECT 1 FROM account a WHERE a.workspace_id = ?1 AND a.platform = s.platform AND a.ext_id = s.ext_id)"
	" ORDER BY s.seq";
static const char BULK_NAME_SQL[] =
	"UPDATE account SET handle = s.handle FROM stage_ref s WHERE account.workspace_id = ?1"
	" AND account.platform = s.platform AND account.ext_id = s.ext_id AND account.handle IS NULL"
	" AND s.handle IS NOT NULL";
static const char BULK_REF_IDS_SQL[] =
	"SELECT s.seq, a.id FROM stage_ref s"
	" JOIN account a ON a.workspace_id = ?1 AND a.platform = s.platform AND a.ext_id = s.ext_id";

/* An account's value: the later one when known, else the earlier (a merge's COALESCE). */
#define LATER_TEXT(m, a, f) ((m)->f = (a)->f ? (a)->f : (m)->f)
#define LATER_COUNT(m, a, f) ((m)->f = (a)->f >= 0 ? (a)->f : (m)->f)

static void account_merge(clout_account *m, const clout_account *a)
{
	LATER_TEXT(m, a, handle);
	LATER_TEXT(m, a, name);
	LATER_TEXT(m, a, bio);
	LATER_TEXT(m, a, lang);
	LATER_TEXT(m, a, country);
	if (a->person && *a->person)
		m->person = a->person;
	LATER_TEXT(m, a, url);
	LATER_COUNT(m, a, followers);
	LATER_COUNT(m, a, following);
	LATER_COUNT(m, a, post_count);
	LATER_COUNT(m, a, listed);
	LATER_COUNT(m, a, views);
	LATER_COUNT(m, a, verified);
	if (a->created_at != CLOUT_UNKNOWN)
		m->created_at = a->created_at;
	LATER_COUNT(m, a, price);
	LATER_TEXT(m, a, currency);
}

/* Whether an account record writes a follower snapshot (as put_account). */
static bool has_snapshot(const clout_account *a)
{
	return a->observed_at != CLOUT_UNKNOWN && (a->followers >= 0 || a->following >= 0 || a->post_count >= 0);
}

static int stage_account_row(clout_store *store, int64_t seq, const clout_account *m, clout_error *err)
{
	clout_sql_value v[ACCOUNT_STAGE_COLUMNS] = {
		sv_int(seq), sv_text(m->platform), sv_text(m->ext_id), sv_text(m->handle), sv_text(m->name),
		sv_text(m->bio), sv_text(m->lang), sv_text(m->country), sv_text(m->person && *m->person ? m->person : NULL),
		sv_text(m->url), sv_count(m->followers), sv_count(m->following), sv_count(m->post_count),
		sv_count(m->listed), sv_count(m->views), sv_count(m->verified), sv_known(m->created_at),
		m->price >= 0 ? sv_double(m->price) : sv_null(), sv_text(m->currency)
	};
	return clout_sql_copy_row(store->db, v, err);
}

/* The people the batch names (all of them, even those a later record of the account replaces). */
static int bulk_people(clout_store *store, int64_t ws, const clout_account *const *accounts, const store_key *keys,
	size_t n, clout_error *err)
{
	int64_t seq = 0;
	bool any = false;
	int rc;
	for (size_t i = 0; i < n && !any; i++)
		any = accounts[keys[i].at]->person && *accounts[keys[i].at]->person;
	if (!any)
		return 0;
	if ((rc = store_stage_begin(store, "stage_person", PERSON_STAGE, PERSON_TYPES, 2, err)) < 0)
		return rc;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const clout_account *a = accounts[keys[i].at];
		if (a->person && *a->person) {
			clout_sql_value v[2] = { sv_int(seq++), sv_text(a->person) };
			rc = clout_sql_copy_row(store->db, v, err);
		}
	}
	if (rc < 0 || (rc = store_stage_end(store, err)) < 0)
		return rc;
	return store_run_ws(store, store->fresh ? FRESH_PERSON_SQL : BULK_PERSON_SQL, ws, "storing people", err);
}

/* The accounts, one merged row per key. */
static int bulk_account_rows(clout_store *store, int64_t ws, const clout_account *const *accounts, const store_key *keys,
	size_t n, clout_error *err)
{
	int64_t seq = 0;
	int rc;
	if ((rc = store_stage_begin(store, "stage_account", ACCOUNT_STAGE, ACCOUNT_TYPES, ACCOUNT_STAGE_COLUMNS, err)) < 0)
		return rc;
	for (size_t i = 0; i < n && rc == 0;) {
		clout_account m = *accounts[keys[i].at];
		size_t j = i + 1;
		for (; j < n && store_keys_same(&keys[i], &keys[j]); j++)
			account_merge(&m, accounts[keys[j].at]);
		rc = stage_account_row(store, seq++, &m, err);
		i = j;
	}
	if (rc < 0 || (rc = store_stage_end(store, err)) < 0)
		return rc;
	if (!store->fresh)
		return store_run_ws(store, BULK_ACCOUNT_SQL, ws, "storing accounts", err);
	if ((rc = store_run_ws(store, FRESH_ACCOUNT_UPDATE_SQL, ws, "storing accounts", err)) < 0)
		return rc;
	return store_run_ws(store, FRESH_ACCOUNT_INSERT_SQL, ws, "storing accounts", err);
}

/* Keeps in keys the records that carry a snapshot, keyed by account and time, sorted; their count. */
static size_t snapshot_keys(const clout_account *const *accounts, store_key *keys, size_t n)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (has_snapshot(accounts[keys[i].at]))
			keys[m++] = (store_key){ keys[i].platform, keys[i].id, accounts[keys[i].at]->observed_at, keys[i].at };
	store_keys_sort(keys, m);
	return m;
}

/* The run of keys[i..] with the same account and time merged into one row of counts (the last
 * known value of each wins); returns the index after the run. */
static size_t snapshot_run(const clout_account *const *accounts, const store_key *keys, size_t i, size_t m,
	int64_t counts[3])
{
	const clout_account *a = accounts[keys[i].at];
	size_t j = i + 1;
	counts[0] = a->followers, counts[1] = a->following, counts[2] = a->post_count;
	for (; j < m && store_keys_same(&keys[i], &keys[j]); j++) {
		const clout_account *b = accounts[keys[j].at];
		counts[0] = b->followers >= 0 ? b->followers : counts[0];
		counts[1] = b->following >= 0 ? b->following : counts[1];
		counts[2] = b->post_count >= 0 ? b->post_count : counts[2];
	}
	return j;
}

/* The follower snapshots, one merged row per account and time. */
static int bulk_snapshots(clout_store *store, int64_t ws, const clout_account *const *accounts, store_key *keys,
	size_t n, clout_error *err)
{
	size_t m = snapshot_keys(accounts, keys, n);
	int64_t seq = 0;
	int rc;
	if (m == 0)
		return 0;
	if ((rc = store_stage_begin(store, "stage_snapshot", SNAPSHOT_STAGE, SNAPSHOT_TYPES, 7, err)) < 0)
		return rc;
	for (size_t i = 0, j; i < m && rc == 0; i = j) {
		const clout_account *a = accounts[keys[i].at];
		int64_t c[3];
		j = snapshot_run(accounts, keys, i, m, c);
		clout_sql_value v[7] = { sv_int(seq++), sv_text(a->platform), sv_text(a->ext_id), sv_int(a->observed_at),
			sv_count(c[0]), sv_count(c[1]), sv_count(c[2]) };
		rc = clout_sql_copy_row(store->db, v, err);
	}
	if (rc < 0 || (rc = store_stage_end(store, err)) < 0)
		return rc;
	return store_run_ws(store, BULK_SNAPSHOT_SQL, ws, "storing follower snapshots", err);
}

/*
 * The same batch row by row, for an in-process engine (clout_sql_in_process): per key in key
 * order, the people its records name, then its merged row through the cached statements (a plain
 * INSERT once the transaction knows the account is absent); ids[at] gets every record's account.
 * People, accounts and snapshots get their ids in the same order as with the staging tables.
 */
static int rows_accounts(clout_store *store, int64_t ws, const clout_account *const *accounts, const store_key *keys,
	size_t n, int64_t *ids, clout_error *err)
{
	int rc;
	for (size_t i = 0; i < n;) {
		clout_account m = *accounts[keys[i].at];
		int64_t person = 0, id = 0;
		bool named = false;
		size_t j = i;
		for (; j < n && (j == i || store_keys_same(&keys[i], &keys[j])); j++) {
			const clout_account *a = accounts[keys[j].at];
			if (j > i)
				account_merge(&m, a);
			/* the last person named is the merged row's */
			if (a->person && *a->person && (rc = put_person(store, ws, a->person, &person, err)) < 0)
				return rc;
		}
		/* looked up first: a stored account then takes write_account's UPDATE, which leaves an
		 * unchanged row alone (the upsert would rewrite it) */
		if ((rc = account_lookup(store, ws, m.platform, m.ext_id, &id, &named, err)) < 0 ||
		    (rc = write_account(store, ws, &m, person, &id, err)) < 0)
			return rc;
		for (size_t k = i; k < j; k++)
			ids[keys[k].at] = id;
		i = j;
	}
	return 0;
}

/* The batch's follower snapshots row by row, one merged row per account and time, in key order. */
static int rows_snapshots(clout_store *store, const clout_account *const *accounts, store_key *keys, size_t n,
	const int64_t *ids, clout_error *err)
{
	size_t m = snapshot_keys(accounts, keys, n), nrows = 0;
	snapshot_row rows[STORE_ROWS];
	int rc = 0;
	/* STORE_ROWS at a time, the rest one by one */
	for (size_t i = 0, j; i < m && rc == 0; i = j) {
		snapshot_row *r = &rows[nrows];
		j = snapshot_run(accounts, keys, i, m, r->counts);
		r->id = ids[keys[i].at];
		r->observed_at = accounts[keys[i].at]->observed_at;
		if (++nrows == STORE_ROWS)
			rc = put_snapshot_rows(store, rows, err), nrows = 0;
	}
	for (size_t r = 0; r < nrows && rc == 0; r++)
		rc = put_snapshot_counts(store, rows[r].id, rows[r].observed_at, rows[r].counts[0], rows[r].counts[1],
			rows[r].counts[2], err);
	return rc;
}

int clout_store_put_accounts(clout_store *store, int64_t workspace, const clout_account *const *accounts, size_t n,
	size_t *failed, clout_error *err)
{
	store_key *keys = NULL;
	size_t nkeys = 0;
	int rc = 0;
	if (failed)
		*failed = SIZE_MAX;
	if (n == 0 || (rc = store_bulk_check(store, err)) < 0)
		return rc;
	if (!(keys = malloc(n * sizeof(*keys))))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const clout_account *a = accounts[i];
		if (a->weak) {
			rc = clout_error_set(err, CLOUT_EINVAL, "account %s: a weak account is a ref (ensure_accounts)",
				a->ext_id ? a->ext_id : "?");
		} else if ((rc = clout_account_check(a, err)) == 0) {
			keys[nkeys++] = (store_key){ a->platform, a->ext_id, 0, i };
			continue;
		}
		if (failed)
			*failed = i;
		goto done;
	}
	store_keys_sort(keys, nkeys);
	if ((rc = store_touch(store, workspace, err)) < 0)
		goto done;
	if (clout_sql_in_process(store->db)) {
		int64_t *ids = malloc((n ? n : 1) * sizeof(*ids));
		if (!ids)
			rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		else if ((rc = rows_accounts(store, workspace, accounts, keys, nkeys, ids, err)) == 0)
			rc = rows_snapshots(store, accounts, keys, nkeys, ids, err);
		free(ids);
		goto done; /* the cache knows every account written */
	}
	if ((rc = bulk_people(store, workspace, accounts, keys, nkeys, err)) < 0 ||
	    (rc = bulk_account_rows(store, workspace, accounts, keys, nkeys, err)) < 0 ||
	    (rc = bulk_snapshots(store, workspace, accounts, keys, nkeys, err)) < 0)
		goto done;
	/* accounts the cache does not know may now exist: a miss no longer means "absent" */
	store->cache.complete_ws = 0;
	store->cache.complete_all = false;
done:
	free(keys);
	return rc;
}

/* Reads back the id of each staged ref group into ids (through the groups' first refs). */
static int read_ref_ids(clout_store *store, int64_t ws, const store_key *keys, const size_t *group_at, size_t ngroups,
	int64_t *group_ids, clout_error *err)
{
	store_bind b;
	int rc;
	for (size_t g = 0; g < ngroups; g++)
		group_ids[g] = 0;
	if ((rc = store_stmt(store, &b, BULK_REF_IDS_SQL, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	if (b.rc < 0)
		return store_bind_error(store, &b, "reading account ids", err);
	while ((rc = clout_sql_step(store->db, b.st, "reading account ids", err)) == CLOUT_SQL_ROW) {
		int64_t seq = clout_sql_column_int64(store->db, b.st, 0);
		if (seq >= 0 && (size_t)seq < ngroups)
			group_ids[seq] = clout_sql_column_int64(store->db, b.st, 1);
	}
	clout_sql_reset(store->db, b.st);
	if (rc < 0)
		return rc;
	for (size_t g = 0; g < ngroups; g++)
		if (group_ids[g] <= 0)
			return clout_error_set(err, CLOUT_EINTERNAL, "account %s: no id after storing it", keys[group_at[g]].id);
	return 0;
}

/* The refs row by row (clout_sql_in_process): per account in key order, its id through the cache,
 * a stub when absent, a handle when it has none (the first its refs know). */
static int rows_refs(clout_store *store, int64_t ws, const clout_account_ref *refs, const store_key *keys, size_t n,
	int64_t *ids, clout_error *err)
{
	int rc;
	for (size_t i = 0; i < n;) {
		const char *handle = NULL;
		int64_t id = 0;
		size_t j = i;
		for (; j < n && (j == i || store_keys_same(&keys[i], &keys[j])); j++)
			if (!handle && refs[keys[j].at].handle && *refs[keys[j].at].handle)
				handle = refs[keys[j].at].handle;
		if ((rc = store_account_id(store, ws, keys[i].platform, keys[i].id, handle, &id, err)) < 0)
			return rc;
		for (size_t k = i; k < j; k++)
			ids[keys[k].at] = id;
		i = j;
	}
	return 0;
}

int clout_store_ensure_accounts(clout_store *store, int64_t workspace, const clout_account_ref *refs, size_t n,
	int64_t *ids, size_t *failed, clout_error *err)
{
	store_key *keys = NULL;
	size_t *group_at = NULL, ngroups = 0;
	int64_t *group_ids = NULL;
	int rc = 0;
	if (failed)
		*failed = SIZE_MAX;
	if (n == 0 || (rc = store_bulk_check(store, err)) < 0)
		return rc;
	keys = malloc(n * sizeof(*keys));
	group_at = malloc(n * sizeof(*group_at));
	group_ids = malloc(n * sizeof(*group_ids));
	if (!keys || !group_at || !group_ids) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		const clout_account_ref *r = &refs[i];
		if ((rc = store_check_key("platform", r->platform, err)) < 0 ||
		    (rc = store_check_key("account id", r->ext_id, err)) < 0 ||
		    (r->handle && *r->handle && (rc = store_check_key("handle", r->handle, err)) < 0)) {
			if (failed)
				*failed = i;
			goto done;
		}
		keys[i] = (store_key){ r->platform, r->ext_id, 0, i };
	}
	store_keys_sort(keys, n);
	if ((rc = store_touch(store, workspace, err)) < 0)
		goto done;
	if (clout_sql_in_process(store->db)) {
		rc = rows_refs(store, workspace, refs, keys, n, ids, err);
		goto done;
	}
	if ((rc = store_stage_begin(store, "stage_ref", REF_STAGE, REF_TYPES, 4, err)) < 0)
		goto done;
	/* one row per account, with the first handle its refs know */
	for (size_t i = 0; i < n && rc == 0;) {
		const char *handle = NULL;
		size_t j = i;
		for (; j < n && (j == i || store_keys_same(&keys[i], &keys[j])); j++)
			if (!handle && refs[keys[j].at].handle && *refs[keys[j].at].handle)
				handle = refs[keys[j].at].handle;
		clout_sql_value v[4] = { sv_int((int64_t)ngroups), sv_text(keys[i].platform), sv_text(keys[i].id),
			sv_text(handle) };
		group_at[ngroups++] = i;
		rc = clout_sql_copy_row(store->db, v, err);
		i = j;
	}
	if (rc < 0 || (rc = store_stage_end(store, err)) < 0 ||
	    (rc = store_run_ws(store, BULK_STUB_SQL, workspace, "creating accounts", err)) < 0 ||
	    (rc = store_run_ws(store, BULK_NAME_SQL, workspace, "naming accounts", err)) < 0 ||
	    (rc = read_ref_ids(store, workspace, keys, group_at, ngroups, group_ids, err)) < 0)
		goto done;
	for (size_t g = 0; g < ngroups; g++) {
		size_t end = g + 1 < ngroups ? group_at[g + 1] : n;
		for (size_t i = group_at[g]; i < end; i++)
			ids[keys[i].at] = group_ids[g];
	}
	store->cache.complete_ws = 0;
	store->cache.complete_all = false;
done:
	free(keys);
	free(group_at);
	free(group_ids);
	return rc;
}
