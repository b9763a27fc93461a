/*
 * account_read.c: reading accounts back: finding one by "platform:ext_id", ext_id or "@handle",
 * one by id within its workspace, all of a workspace, and follower-count histories.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/store/store_internal.h"
#include "util/banned.h"

/* Handles match without regard to ASCII case (lower() on both engines, served by the
 * account_handle index of migration 0005); the most followed account first (the one taken when a
 * platform has two spellings of the handle), with the platform to tell a handle used on several
 * platforms, which is refused. */
#define HANDLE_CANDIDATES_MAX 16
static const char BY_HANDLE_SQL[] =
	"SELECT id, platform FROM account WHERE workspace_id = ?1 AND lower(handle) = lower(?2) AND handle IS NOT NULL"
	" ORDER BY followers DESC NULLS LAST, id LIMIT 16";
static const char BY_HANDLE_ON_SQL[] =
	"SELECT id, platform FROM account WHERE workspace_id = ?1 AND lower(handle) = lower(?2) AND handle IS NOT NULL"
	" AND platform = ?3 ORDER BY followers DESC NULLS LAST, id LIMIT 16";
static const char BY_EXT_ID_SQL[] = "SELECT id FROM account WHERE workspace_id = ?1 AND ext_id = ?2 ORDER BY id LIMIT 2";
static const char BY_EXT_ID_ON_SQL[] =
	"SELECT id FROM account WHERE workspace_id = ?1 AND ext_id = ?2 AND platform = ?3 LIMIT 2";

#define ACCOUNT_COLUMNS                                                                                 \
	"SELECT a.id, a.workspace_id, a.platform, a.ext_id, a.handle, a.name, a.lang, a.country, p.key,"    \
	" a.followers, a.following, a.post_count, a.views, a.created_at, a.verified, a.price, a.currency" \
	" FROM account a LEFT JOIN person p ON p.id = a.person_id "
static const char GET_SQL[] = ACCOUNT_COLUMNS "WHERE a.id = ?1 AND a.workspace_id = ?2";
static const char ALL_SQL[] = ACCOUNT_COLUMNS "WHERE a.workspace_id = ?1 ORDER BY a.id";
static const char PAGE_SQL[] =
	ACCOUNT_COLUMNS "WHERE a.workspace_id = ?1 ORDER BY a.followers DESC NULLS LAST, a.id LIMIT ?2 OFFSET ?3";
static const char PAGE_ON_SQL[] = ACCOUNT_COLUMNS
	"WHERE a.workspace_id = ?1 AND a.platform = ?4 ORDER BY a.followers DESC NULLS LAST, a.id LIMIT ?2 OFFSET ?3";
static const char COUNT_SQL[] = "SELECT count(*) FROM account WHERE workspace_id = ?1";
static const char COUNT_ON_SQL[] = "SELECT count(*) FROM account WHERE workspace_id = ?1 AND platform = ?2";

static const char SNAPSHOTS_OF_SQL[] =
	"SELECT s.account_id, s.observed_at, s.followers FROM account_snapshot s JOIN account a ON a.id = s.account_id"
	" WHERE a.workspace_id = ?1 AND s.account_id = ?2 AND s.followers IS NOT NULL ORDER BY s.observed_at";
static const char SNAPSHOTS_SQL[] =
	"SELECT s.account_id, s.observed_at, s.followers FROM account_snapshot s JOIN account a ON a.id = s.account_id"
	" WHERE a.workspace_id = ?1 AND s.followers IS NOT NULL ORDER BY s.account_id, s.observed_at";

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Reads the candidates of a handle (st stepped to its first row): *out is the most followed; a
 * handle on several platforms is CLOUT_ECONFLICT naming them ("@x is on instagram and tiktok: ...").
 * Returns 0 or the error; st is left for the caller to reset. */
static int handle_candidates(clout_store *store, clout_sql_stmt *st, const char *handle, int64_t *out,
	clout_error *err)
{
	char platforms[HANDLE_CANDIDATES_MAX][32];
	const char *sorted[HANDLE_CANDIDATES_MAX];
	char list[HANDLE_CANDIDATES_MAX * 34];
	size_t n = 0, used = 0;
	int rc = CLOUT_SQL_ROW;
	*out = clout_sql_column_int64(store->db, st, 0);
	for (; rc == CLOUT_SQL_ROW; rc = clout_sql_step(store->db, st, "finding account", err)) {
		const char *p = clout_sql_column_text(store->db, st, 1, NULL);
		bool seen = false;
		for (size_t i = 0; i < n && !seen; i++)
			seen = !strcmp(platforms[i], p ? p : "");
		if (!seen && n < HANDLE_CANDIDATES_MAX) {
			snprintf(platforms[n], sizeof(platforms[n]), "%s", p ? p : "");
			sorted[n] = platforms[n];
			n++;
		}
	}
	if (rc < 0)
		return rc;
	if (n < 2)
		return 0;
	qsort(sorted, n, sizeof(*sorted), compare_names);
	list[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		int w = snprintf(list + used, sizeof(list) - used, "%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ", sorted[i]);
		if (w < 0 || (size_t)w >= sizeof(list) - used)
			break;
		used += (size_t)w;
	}
	return clout_error_set(err, CLOUT_ECONFLICT, "@%s is on %s: say --platform", handle, list);
}

int clout_store_find_account(clout_store *store, int64_t workspace, const char *platform, const char *key,
	int64_t *out, clout_error *err)
{
	store_bind b;
	char plat[64];
	const char *colon;
	bool by_handle;
	int rc;
	if (!key || !*key)
		return clout_error_set(err, CLOUT_EINVAL, "empty account key");
	by_handle = key[0] == '@';
	colon = strchr(key, ':');
	if (by_handle) {
		key++;
	} else if (!platform && colon && (size_t)(colon - key) < sizeof(plat)) {
		memcpy(plat, key, (size_t)(colon - key));
		plat[colon - key] = '\0';
		platform = plat;
		key = colon + 1;
	}
	if (!*key)
		return clout_error_set(err, CLOUT_EINVAL, "empty account key");
	if ((rc = store_stmt(store, &b,
		     by_handle ? (platform ? BY_HANDLE_ON_SQL : BY_HANDLE_SQL) : (platform ? BY_EXT_ID_ON_SQL : BY_EXT_ID_SQL),
		     err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_text(&b, 2, key);
	if (platform)
		sb_text(&b, 3, platform);
	if (b.rc < 0)
		return store_bind_error(store, &b, "finding account", err);
	rc = clout_sql_step(store->db, b.st, "finding account", err);
	if (rc == CLOUT_SQL_ROW && by_handle) {
		rc = handle_candidates(store, b.st, key, out, err);
	} else if (rc == CLOUT_SQL_ROW) {
		*out = clout_sql_column_int64(store->db, b.st, 0);
		rc = clout_sql_step(store->db, b.st, "finding account", err);
		if (rc == CLOUT_SQL_ROW && !by_handle)
			rc = clout_error_set(err, CLOUT_ECONFLICT,
				"account '%s' exists on several platforms: name one as platform:id", key);
		else if (rc >= 0)
			rc = 0;
	} else if (rc == CLOUT_SQL_DONE) {
		rc = clout_error_set(err, CLOUT_ENOTFOUND, "no account '%s'%s%s", key, platform ? " on " : "",
			platform ? platform : "");
	}
	clout_sql_reset(store->db, b.st);
	return rc;
}

static void read_account_row(clout_sql *db, clout_sql_stmt *st, clout_account_row *r)
{
	r->id = clout_sql_column_int64(db, st, 0);
	r->workspace = clout_sql_column_int64(db, st, 1);
	r->platform = clout_sql_column_text(db, st, 2, NULL);
	r->ext_id = clout_sql_column_text(db, st, 3, NULL);
	r->handle = clout_sql_column_text(db, st, 4, NULL);
	r->name = clout_sql_column_text(db, st, 5, NULL);
	r->lang = clout_sql_column_text(db, st, 6, NULL);
	r->country = clout_sql_column_text(db, st, 7, NULL);
	r->person = clout_sql_column_text(db, st, 8, NULL);
	r->followers = clout_sql_column_count(db, st, 9);
	r->following = clout_sql_column_count(db, st, 10);
	r->post_count = clout_sql_column_count(db, st, 11);
	r->views = clout_sql_column_count(db, st, 12);
	r->created_at = clout_sql_column_count(db, st, 13);
	r->verified = (int)clout_sql_column_count(db, st, 14);
	r->price = clout_sql_column_type(db, st, 15) == CLOUT_SQL_NULL ? -1 : clout_sql_column_double(db, st, 15);
	r->currency = clout_sql_column_text(db, st, 16, NULL);
}

int clout_store_get_account(clout_store *store, int64_t workspace, int64_t account, clout_account_row *out,
	clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, GET_SQL, err)) < 0)
		return rc;
	sb_int(&b, 1, account);
	sb_int(&b, 2, workspace);
	if (b.rc < 0)
		return store_bind_error(store, &b, "reading account", err);
	rc = clout_sql_step(store->db, b.st, "reading account", err);
	if (rc == CLOUT_SQL_ROW) {
		/* Copy the strings: they must outlive the statement. */
		const char **fields[] = { &out->platform, &out->ext_id, &out->handle, &out->name, &out->lang,
			&out->country, &out->person, &out->currency };
		read_account_row(store->db, b.st, out);
		rc = 0;
		for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
			free(store->row_strings[i]);
			store->row_strings[i] = *fields[i] ? strdup(*fields[i]) : NULL;
			if (*fields[i] && !store->row_strings[i])
				rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
			*fields[i] = store->row_strings[i];
		}
	} else if (rc == CLOUT_SQL_DONE) {
		rc = clout_error_set(err, CLOUT_ENOTFOUND, "no account with id %lld in this workspace", (long long)account);
	}
	clout_sql_reset(store->db, b.st);
	return rc;
}

int clout_store_foreach_account(clout_store *store, int64_t workspace, clout_account_fn fn, void *ctx,
	clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, ALL_SQL, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	if (b.rc < 0)
		return store_bind_error(store, &b, "reading accounts", err);
	while ((rc = clout_sql_step(store->db, b.st, "reading accounts", err)) == CLOUT_SQL_ROW) {
		clout_account_row row;
		read_account_row(store->db, b.st, &row);
		if ((rc = fn(ctx, &row)) != 0)
			break;
	}
	clout_sql_reset(store->db, b.st);
	return rc;
}

int clout_store_page_accounts(clout_store *store, int64_t workspace, const char *platform, int64_t offset,
	int64_t limit, clout_account_fn fn, void *ctx, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, platform ? PAGE_ON_SQL : PAGE_SQL, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_int(&b, 2, limit);
	sb_int(&b, 3, offset);
	if (platform)
		sb_text(&b, 4, platform);
	if (b.rc < 0)
		return store_bind_error(store, &b, "reading accounts", err);
	while ((rc = clout_sql_step(store->db, b.st, "reading accounts", err)) == CLOUT_SQL_ROW) {
		clout_account_row row;
		read_account_row(store->db, b.st, &row);
		if ((rc = fn(ctx, &row)) != 0)
			break;
	}
	clout_sql_reset(store->db, b.st);
	return rc == CLOUT_SQL_DONE ? 0 : rc;
}

int clout_store_count_accounts(clout_store *store, int64_t workspace, const char *platform, int64_t *out,
	clout_error *err)
{
	store_bind b;
	int rc;
	*out = 0;
	if ((rc = store_stmt(store, &b, platform ? COUNT_ON_SQL : COUNT_SQL, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	if (platform)
		sb_text(&b, 2, platform);
	if (b.rc < 0)
		return store_bind_error(store, &b, "counting accounts", err);
	rc = clout_sql_step(store->db, b.st, "counting accounts", err);
	if (rc == CLOUT_SQL_ROW) {
		*out = clout_sql_column_int64(store->db, b.st, 0);
		rc = 0;
	} else if (rc == CLOUT_SQL_DONE) {
		rc = 0;
	}
	clout_sql_reset(store->db, b.st);
	return rc;
}

int clout_store_foreach_snapshot(clout_store *store, int64_t workspace, int64_t account, clout_snapshot_fn fn,
	void *ctx, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, account > 0 ? SNAPSHOTS_OF_SQL : SNAPSHOTS_SQL, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	if (account > 0)
		sb_int(&b, 2, account);
	if (b.rc < 0)
		return store_bind_error(store, &b, "reading snapshots", err);
	while ((rc = clout_sql_step(store->db, b.st, "reading snapshots", err)) == CLOUT_SQL_ROW) {
		if ((rc = fn(ctx, clout_sql_column_int64(store->db, b.st, 0), clout_sql_column_int64(store->db, b.st, 1),
			     clout_sql_column_int64(store->db, b.st, 2))) != 0)
			break;
	}
	clout_sql_reset(store->db, b.st);
	return rc;
}
