/*
 * account.c: accounts, the people who own them, and their follower snapshots. The rules: a put
 * merges (a value the payload does not carry never overwrites a known one); a weak account (seen
 * only in passing) creates a stub or names an account that has no handle, and changes nothing
 * else; an account is found by "platform:ext_id", by ext_id alone, or by "@handle" without regard
 * to case (the most followed first).
 */
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
static const char UPDATE_SQL[] = "UPDATE account SET"
	ACCOUNT_MERGE_FROM("?4", "?5", "?6", "?7", "?8", "?9", "?10", "?11", "?12", "?13", "?14", "?15", "?16", "?17",
		"?18", "?19") " WHERE id = ?20 AND workspace_id = ?1 AND platform = ?2 AND ext_id = ?3";

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
static const char SNAPSHOT_SQL[] =
	"INSERT INTO account_snapshot(account_id, observed_at, followers, following, post_count)"
	" VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(account_id, observed_at) DO UPDATE SET"
	" followers = COALESCE(excluded.followers, account_snapshot.followers),"
	" following = COALESCE(excluded.following, account_snapshot.following),"
	" post_count = COALESCE(excluded.post_count, account_snapshot.post_count)";

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
	if (store->cache.on && store->cache.complete_ws == ws)
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

static int put_snapshot(clout_store *store, int64_t id, const clout_account *a, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SNAPSHOT_SQL, err)) < 0)
		return rc;
	sb_int(&b, 1, id);
	sb_int(&b, 2, a->observed_at);
	sb_count(&b, 3, a->followers);
	sb_count(&b, 4, a->following);
	sb_count(&b, 5, a->post_count);
	if (b.rc < 0)
		return store_bind_error(store, &b, "storing follower snapshot", err);
	return clout_sql_run(store->db, b.st, "storing follower snapshot", err);
}

/* Writes a whole account: a plain UPDATE or INSERT when the transaction knows whether it exists,
 * otherwise an upsert; the id in *out. */
static int write_account(clout_store *store, int64_t ws, const clout_account *a, int64_t person, int64_t *out,
	clout_error *err)
{
	store_account_cache *c = &store->cache;
	store_bind b;
	bool named = false, known = store_cache_get(c, ws, a->platform, a->ext_id, out, &named);
	const char *sql = known ? UPDATE_SQL : c->on && c->complete_ws == ws ? INSERT_SQL : UPSERT_SQL;
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
