/*
 * edge.c: edges between accounts (follow, retweet, mention, reply, quote, like), keyed by
 * (workspace, kind, src, dst, ts): the same edge at the same time is stored once, so re-importing a
 * file changes nothing; unknown accounts become stubs.
 */
#include "lib/store/store_internal.h"
#include "util/banned.h"

static const char UPSERT_SQL[] =
	"INSERT INTO edge(workspace_id, kind, src, dst, ts, weight) VALUES(?1, ?2, ?3, ?4, ?5, ?6)"
	" ON CONFLICT(workspace_id, kind, src, dst, ts) DO UPDATE SET weight = excluded.weight";
/* In key order on every engine. */
static const char ALL_SQL[] =
	"SELECT src, dst, weight, ts, kind FROM edge WHERE workspace_id = ?1 ORDER BY kind, src, dst, ts";
static const char OF_KIND_SQL[] =
	"SELECT src, dst, weight, ts, kind FROM edge WHERE workspace_id = ?1 AND kind = ?2 ORDER BY src, dst, ts";

static int write_edge(clout_store *store, int64_t workspace, const clout_edge *e, int64_t src, int64_t dst,
	clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, UPSERT_SQL, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_text(&b, 2, e->kind);
	sb_int(&b, 3, src);
	sb_int(&b, 4, dst);
	sb_int(&b, 5, e->ts >= 0 ? e->ts : -1);
	sb_double(&b, 6, e->weight);
	if (b.rc < 0)
		return store_bind_error(store, &b, "storing edge", err);
	return clout_sql_run(store->db, b.st, "storing edge", err);
}

int clout_store_put_edge_between(clout_store *store, int64_t workspace, const clout_edge *e, int64_t src,
	int64_t dst, clout_error *err)
{
	int rc;
	if (src <= 0 || dst <= 0)
		return clout_error_set(err, CLOUT_EINVAL, "edge: no account id");
	if ((rc = clout_edge_check(e, err)) < 0 || (rc = store_touch(store, workspace, err)) < 0)
		return rc;
	return write_edge(store, workspace, e, src, dst, err);
}

int clout_store_put_edge(clout_store *store, int64_t workspace, const clout_edge *e, clout_error *err)
{
	int64_t src, dst;
	int rc;
	if ((rc = clout_edge_check(e, err)) < 0 || (rc = store_touch(store, workspace, err)) < 0 ||
	    (rc = store_account_id(store, workspace, e->platform, e->src_ext_id, NULL, &src, err)) < 0 ||
	    (rc = store_account_id(store, workspace, e->platform, e->dst_ext_id, NULL, &dst, err)) < 0)
		return rc;
	return write_edge(store, workspace, e, src, dst, err);
}

int clout_store_foreach_edge(clout_store *store, int64_t workspace, const char *kind, clout_edge_fn fn, void *ctx,
	clout_error *err)
{
	clout_sql *db = store->db;
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, kind ? OF_KIND_SQL : ALL_SQL, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	if (kind)
		sb_text(&b, 2, kind);
	if (b.rc < 0)
		return store_bind_error(store, &b, "reading edges", err);
	while ((rc = clout_sql_step(db, b.st, "reading edges", err)) == CLOUT_SQL_ROW) {
		if ((rc = fn(ctx, clout_sql_column_int64(db, b.st, 0), clout_sql_column_int64(db, b.st, 1),
			     clout_sql_column_double(db, b.st, 2), clout_sql_column_int64(db, b.st, 3),
			     clout_sql_column_text(db, b.st, 4, NULL))) != 0)
			break;
	}
	clout_sql_reset(db, b.st);
	return rc;
}
