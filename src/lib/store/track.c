/*
 * track.c: the tracking tables in portable SQL (see track.h): links by code, clicks with their
 * unique flag decided in the same INSERT, per-link counts, and named secrets.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/store/store_internal.h"
#include "lib/store/track.h"
#include "util/banned.h"

static const char SQL_LINK_INSERT[] =
	"INSERT INTO track_link (workspace_id, code, url, influencer, campaign, created_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (code) DO NOTHING RETURNING id";
static const char SQL_LINK_GET[] =
	"SELECT id, workspace_id, code, url, influencer, campaign, created_at FROM track_link WHERE code = ?1";
static const char SQL_LINK_TARGET[] = "SELECT id, url FROM track_link WHERE code = ?1";
/* A human click (class 0) is unique unless the same address hash clicked the link as a human in
 * the window; other classes are never unique. Two statements, so that no parameter is both a
 * value and an operand (PostgreSQL deduces one type per parameter), and VALUES rather than
 * INSERT ... SELECT, so that PostgreSQL types each parameter by its column. The id is the one
 * the click was logged under: folding the same click twice leaves one row (ON CONFLICT). */
static const char SQL_CLICK_INSERT_HUMAN[] =
	"INSERT INTO track_click (id, link_id, at, address_hash, class, is_unique, ua_class, referrer_host) "
	"VALUES (?7, ?1, ?2, ?3, 0, CASE WHEN EXISTS (SELECT 1 FROM track_click c WHERE c.link_id = ?1 "
	"AND c.address_hash = ?3 AND c.class = 0 AND c.at > ?4) THEN 0 ELSE 1 END, ?5, ?6) "
	"ON CONFLICT (id) DO NOTHING RETURNING is_unique";
static const char SQL_CLICK_INSERT_OTHER[] =
	"INSERT INTO track_click (id, link_id, at, address_hash, class, is_unique, ua_class, referrer_host) "
	"VALUES (?7, ?1, ?2, ?3, ?4, 0, ?5, ?6) ON CONFLICT (id) DO NOTHING RETURNING is_unique";
/* The same without RETURNING, for the folder: SQLite builds RETURNING's rows in an ephemeral table
 * per statement, which cost more than the insert itself (measured: about half the fold's CPU). */
static const char SQL_CLICK_FOLD_HUMAN[] =
	"INSERT INTO track_click (id, link_id, at, address_hash, class, is_unique, ua_class, referrer_host) "
	"VALUES (?7, ?1, ?2, ?3, 0, CASE WHEN EXISTS (SELECT 1 FROM track_click c WHERE c.link_id = ?1 "
	"AND c.address_hash = ?3 AND c.class = 0 AND c.at > ?4) THEN 0 ELSE 1 END, ?5, ?6) "
	"ON CONFLICT (id) DO NOTHING";
static const char SQL_CLICK_FOLD_OTHER[] =
	"INSERT INTO track_click (id, link_id, at, address_hash, class, is_unique, ua_class, referrer_host) "
	"VALUES (?7, ?1, ?2, ?3, ?4, 0, ?5, ?6) ON CONFLICT (id) DO NOTHING";
static const char SQL_CLICK_IDS[] =
	"UPDATE track_id_block SET next_id = next_id + ?1 WHERE name = 'click' RETURNING next_id";
static const char SQL_LINK_STATS[] =
	"SELECT class, is_unique, COUNT(*), MIN(at), MAX(at) FROM track_click WHERE link_id = ?1 "
	"GROUP BY class, is_unique";
static const char SQL_SECRET_PUT[] =
	"INSERT INTO track_secret (name, value) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING";
static const char SQL_SECRET_GET[] = "SELECT value FROM track_secret WHERE name = ?1";

int clout__store_link_insert(clout_store *store, int64_t workspace, const clout_link *link, int64_t *out_id,
	clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_LINK_INSERT, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_text(&b, 2, link->code);
	sb_text(&b, 3, link->url);
	sb_opt_text(&b, 4, link->influencer);
	sb_opt_text(&b, 5, link->campaign);
	sb_int(&b, 6, link->created_at);
	if (b.rc < 0)
		return store_bind_error(store, &b, "link", err);
	rc = clout_sql_run_int64(store->db, b.st, out_id, "insert link", err);
	if (rc == 0)
		return clout_error_set(err, CLOUT_EEXISTS, "code: '%s' is taken", link->code);
	return rc < 0 ? rc : 0;
}

static char *column_dup(clout_store *store, clout_sql_stmt *st, int col)
{
	size_t len;
	const char *s = clout_sql_column_text(store->db, st, col, &len);
	char *copy;
	if (!s)
		return NULL;
	if ((copy = malloc(len + 1)) != NULL) {
		memcpy(copy, s, len);
		copy[len] = '\0';
	}
	return copy;
}

int clout__store_link_get(clout_store *store, int64_t workspace, const char *code, clout_link *out,
	clout_error *err)
{
	store_bind b;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = store_stmt(store, &b, SQL_LINK_GET, err)) < 0)
		return rc;
	sb_text(&b, 1, code);
	if (b.rc < 0)
		return store_bind_error(store, &b, "link", err);
	rc = clout_sql_step(store->db, b.st, "read link", err);
	if (rc == CLOUT_SQL_ROW && (!workspace || clout_sql_column_int64(store->db, b.st, 1) == workspace)) {
		out->id = clout_sql_column_int64(store->db, b.st, 0);
		out->workspace = clout_sql_column_int64(store->db, b.st, 1);
		out->code = column_dup(store, b.st, 2);
		out->url = column_dup(store, b.st, 3);
		out->influencer = column_dup(store, b.st, 4);
		out->campaign = column_dup(store, b.st, 5);
		out->created_at = clout_sql_column_int64(store->db, b.st, 6);
		rc = out->code && out->url ? 0 : clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	} else if (rc >= 0) {
		rc = clout_error_set(err, CLOUT_ENOTFOUND, "no link with code '%s'", code);
	}
	clout_sql_reset(store->db, b.st);
	if (rc < 0)
		clout_link_release(out);
	return rc;
}

int clout__store_link_target(clout_store *store, const char *code, int64_t *out_id, const char **url,
	clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_LINK_TARGET, err)) < 0)
		return rc;
	sb_text(&b, 1, code);
	if (b.rc < 0)
		return store_bind_error(store, &b, "link", err);
	rc = clout_sql_step(store->db, b.st, "read link", err);
	if (rc != CLOUT_SQL_ROW) {
		clout_sql_reset(store->db, b.st);
		return rc < 0 ? rc : 0;
	}
	/* The row stays current (and url valid) until the statement's next use. */
	*out_id = clout_sql_column_int64(store->db, b.st, 0);
	*url = clout_sql_column_text(store->db, b.st, 1, NULL);
	return 1;
}

int clout__store_click_ids(clout_store *store, int64_t count, int64_t *out_first, clout_error *err)
{
	store_bind b;
	int64_t next = 0;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_CLICK_IDS, err)) < 0)
		return rc;
	sb_int(&b, 1, count);
	if (b.rc < 0)
		return store_bind_error(store, &b, "click ids", err);
	rc = clout_sql_run_int64(store->db, b.st, &next, "reserve click ids", err);
	if (rc == 0)
		return clout_error_set(err, CLOUT_EINTERNAL, "reserve click ids: track_id_block has no 'click' row");
	if (rc < 0)
		return rc;
	*out_first = next - count;
	return 0;
}

int clout__store_click_fold(clout_store *store, const clout__store_click *click, int64_t window_start_ms,
	bool *out_unique, clout_error *err)
{
	store_bind b;
	int rc;
	bool human = click->click_class == CLOUT_CLICK_HUMAN;
	const char *sql = out_unique ? (human ? SQL_CLICK_INSERT_HUMAN : SQL_CLICK_INSERT_OTHER)
				     : (human ? SQL_CLICK_FOLD_HUMAN : SQL_CLICK_FOLD_OTHER);
	if ((rc = store_stmt(store, &b, sql, err)) < 0)
		return rc;
	sb_int(&b, 1, click->link_id);
	sb_int(&b, 2, click->at_ms);
	sb_blob(&b, 3, click->address_hash, click->address_hash_len);
	sb_int(&b, 4, human ? window_start_ms : (int64_t)click->click_class);
	sb_text(&b, 5, click->ua_class);
	sb_opt_text(&b, 6, click->referrer_host);
	sb_int(&b, 7, click->id);
	if (b.rc < 0)
		return store_bind_error(store, &b, "click", err);
	if (!out_unique) {
		if ((rc = clout_sql_run(store->db, b.st, "insert click", err)) < 0)
			return rc;
		return clout_sql_changes(store->db, b.st) > 0 ? 1 : 0;
	}
	rc = clout_sql_step(store->db, b.st, "insert click", err);
	if (rc == CLOUT_SQL_ROW) {
		if (out_unique)
			*out_unique = clout_sql_column_int64(store->db, b.st, 0) != 0;
		rc = 1;
	} else if (rc >= 0) {
		rc = 0; /* folded before */
	}
	clout_sql_reset(store->db, b.st);
	return rc;
}

int clout__store_click_insert(clout_store *store, clout__store_click *click, int64_t window_start_ms,
	bool *out_unique, clout_error *err)
{
	int rc = clout__store_click_ids(store, 1, &click->id, err);
	if (rc == 0 && (rc = clout__store_click_fold(store, click, window_start_ms, out_unique, err)) == 0)
		rc = clout_error_set(err, CLOUT_EINTERNAL, "click %lld exists already", (long long)click->id);
	return rc < 0 ? rc : 0;
}

int clout__store_link_stats(clout_store *store, int64_t link_id, clout_link_stats *out, clout_error *err)
{
	store_bind b;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = store_stmt(store, &b, SQL_LINK_STATS, err)) < 0)
		return rc;
	sb_int(&b, 1, link_id);
	if (b.rc < 0)
		return store_bind_error(store, &b, "link stats", err);
	while ((rc = clout_sql_step(store->db, b.st, "read link stats", err)) == CLOUT_SQL_ROW) {
		int64_t cls = clout_sql_column_int64(store->db, b.st, 0);
		int64_t n = clout_sql_column_int64(store->db, b.st, 2);
		int64_t first = clout_sql_column_int64(store->db, b.st, 3), last = clout_sql_column_int64(store->db, b.st, 4);
		if (cls < 0 || cls >= CLOUT_CLICK_CLASSES)
			continue;
		out->by_class[cls] += n;
		if (cls != CLOUT_CLICK_HUMAN)
			continue;
		out->clicks += n;
		if (clout_sql_column_int64(store->db, b.st, 1))
			out->unique_clicks += n;
		if (!out->first_click_at || first < out->first_click_at)
			out->first_click_at = first;
		if (last > out->last_click_at)
			out->last_click_at = last;
	}
	clout_sql_reset(store->db, b.st);
	return rc < 0 ? rc : 0;
}

int clout__store_secret(clout_store *store, const char *name, const uint8_t *candidate, uint8_t *out, size_t len,
	clout_error *err)
{
	store_bind b;
	const void *value;
	size_t value_len = 0;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_SECRET_PUT, err)) < 0)
		return rc;
	sb_text(&b, 1, name);
	sb_blob(&b, 2, candidate, len);
	if (b.rc < 0)
		return store_bind_error(store, &b, "secret", err);
	if ((rc = clout_sql_run(store->db, b.st, "store secret", err)) < 0)
		return rc;
	if ((rc = store_stmt(store, &b, SQL_SECRET_GET, err)) < 0)
		return rc;
	sb_text(&b, 1, name);
	if (b.rc < 0)
		return store_bind_error(store, &b, "secret", err);
	rc = clout_sql_step(store->db, b.st, "read secret", err);
	if (rc == CLOUT_SQL_ROW) {
		value = clout_sql_column_blob(store->db, b.st, 0, &value_len);
		if (value && value_len == len) {
			memcpy(out, value, len);
			rc = 0;
		} else {
			rc = clout_error_set(err, CLOUT_EBADDATA, "secret '%s' is %zu bytes, not %zu", name, value_len, len);
		}
	} else if (rc >= 0) {
		rc = clout_error_set(err, CLOUT_EINTERNAL, "secret '%s' vanished", name);
	}
	clout_sql_reset(store->db, b.st);
	return rc;
}
