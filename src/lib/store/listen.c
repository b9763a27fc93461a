/*
 * listen.c: the saved listening rules in portable SQL (see listen.h).
 */
#include <string.h>

#include "lib/store/listen.h"
#include "lib/store/store_internal.h"
#include "util/banned.h"

static const char SQL_RULE_INSERT[] =
	"INSERT INTO listen_rule (workspace_id, name, expr, kind, team, priority, created_at, owner) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (workspace_id, name) DO NOTHING RETURNING id";
static const char SQL_RULE_DELETE[] = "DELETE FROM listen_rule WHERE workspace_id = ?1 AND name = ?2";
static const char SQL_RULE_ALL[] =
	"SELECT id, name, expr, kind, team, priority, created_at, owner FROM listen_rule WHERE workspace_id = ?1 ORDER BY id";
static const char SQL_RULE_NAMED[] =
	"SELECT id, name, expr, kind, team, priority, created_at, owner FROM listen_rule WHERE workspace_id = ?1 AND name = ?2";

int clout__store_listen_rule_insert(clout_store *store, int64_t workspace, const clout_listen_rule *rule,
	int64_t *out_id, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_RULE_INSERT, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_text(&b, 2, rule->name);
	sb_text(&b, 3, rule->expr);
	sb_text(&b, 4, rule->kind);
	sb_text(&b, 5, rule->team);
	sb_text(&b, 6, rule->priority);
	sb_int(&b, 7, rule->created_at);
	sb_opt_text(&b, 8, rule->owner);
	if (b.rc < 0)
		return store_bind_error(store, &b, "listening rule", err);
	rc = clout_sql_run_int64(store->db, b.st, out_id, "insert listening rule", err);
	if (rc == 0)
		return clout_error_set(err, CLOUT_EEXISTS, "rule '%s' exists", rule->name);
	return rc < 0 ? rc : 0;
}

int clout__store_listen_rule_delete(clout_store *store, int64_t workspace, const char *name, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_RULE_DELETE, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_text(&b, 2, name);
	if (b.rc < 0)
		return store_bind_error(store, &b, "listening rule", err);
	clout_sql_stmt *st = b.st;
	if ((rc = clout_sql_run(store->db, st, "delete listening rule", err)) < 0)
		return rc;
	if (clout_sql_changes(store->db, st) == 0)
		return clout_error_set(err, CLOUT_ENOTFOUND, "no rule '%s'", name);
	return 0;
}

static const char SQL_RULE_VERSION[] =
	"SELECT COUNT(*), COALESCE(MAX(id), 0) FROM listen_rule WHERE workspace_id = ?1";

int clout__store_listen_rule_version(clout_store *store, int64_t workspace, int64_t *count, int64_t *max_id,
	clout_error *err)
{
	store_bind b;
	int rc;
	*count = *max_id = 0;
	if ((rc = store_stmt(store, &b, SQL_RULE_VERSION, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	if (b.rc < 0)
		return store_bind_error(store, &b, "listening rules", err);
	if ((rc = clout_sql_step(store->db, b.st, "count listening rules", err)) == CLOUT_SQL_ROW) {
		*count = clout_sql_column_int64(store->db, b.st, 0);
		*max_id = clout_sql_column_int64(store->db, b.st, 1);
	}
	clout_sql_reset(store->db, b.st);
	return rc < 0 ? rc : 0;
}

static const char *column_text(clout_store *store, clout_sql_stmt *st, int col)
{
	const char *s = clout_sql_column_text(store->db, st, col, NULL);
	return s ? s : "";
}

int clout__store_listen_rule_foreach(clout_store *store, int64_t workspace, const char *name,
	clout_listen_rule_fn fn, void *ctx, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, name ? SQL_RULE_NAMED : SQL_RULE_ALL, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	if (name)
		sb_text(&b, 2, name);
	if (b.rc < 0)
		return store_bind_error(store, &b, "listening rule", err);
	while ((rc = clout_sql_step(store->db, b.st, "read listening rules", err)) == CLOUT_SQL_ROW) {
		clout_listen_rule r;
		r.id = clout_sql_column_int64(store->db, b.st, 0);
		r.name = column_text(store, b.st, 1);
		r.expr = column_text(store, b.st, 2);
		r.kind = column_text(store, b.st, 3);
		r.team = column_text(store, b.st, 4);
		r.priority = column_text(store, b.st, 5);
		r.created_at = clout_sql_column_int64(store->db, b.st, 6);
		r.owner = clout_sql_column_text(store->db, b.st, 7, NULL);
		if ((rc = fn(ctx, &r)) != 0)
			break;
	}
	clout_sql_reset(store->db, b.st);
	return rc == CLOUT_SQL_DONE ? 0 : rc;
}
