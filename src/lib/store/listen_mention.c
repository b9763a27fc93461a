/*
 * listen_mention.c: mentions stored a batch at a time (see listen_mention.h), in portable SQL.
 */
#include <string.h>

#include "lib/store/listen_mention.h"
#include "lib/store/store_internal.h"
#include "util/banned.h"

#define STAGE_COLUMNS 19
static const char *const STAGE[STAGE_COLUMNS] = { "seq", "rule_id", "rule_name", "kind", "team", "priority",
	"account_id", "platform", "post_ext_id", "handle", "posted_at", "lang", "sentiment", "label", "reach", "owner",
	"status", "created_at", "due_at" };
static const clout_sql_type TYPES[STAGE_COLUMNS] = { CLOUT_SQL_INTEGER, CLOUT_SQL_INTEGER, CLOUT_SQL_TEXT,
	CLOUT_SQL_TEXT, CLOUT_SQL_TEXT, CLOUT_SQL_TEXT, CLOUT_SQL_INTEGER, CLOUT_SQL_TEXT, CLOUT_SQL_TEXT, CLOUT_SQL_TEXT,
	CLOUT_SQL_INTEGER, CLOUT_SQL_TEXT, CLOUT_SQL_FLOAT, CLOUT_SQL_TEXT, CLOUT_SQL_INTEGER, CLOUT_SQL_TEXT,
	CLOUT_SQL_TEXT, CLOUT_SQL_INTEGER, CLOUT_SQL_INTEGER };

/* Ids only grow: the batch's new rows are those above the largest id before it. */
static const char MAX_ID_SQL[] = "SELECT COALESCE(MAX(id), 0) FROM listen_mention";
#define STAGE_POST                                                                                               \
	" FROM stage_mention s JOIN post p ON p.workspace_id = ?1 AND p.platform = s.platform AND p.ext_id = s.post_ext_id"
static const char INSERT_SQL[] =
	"INSERT INTO listen_mention (workspace_id, rule_id, rule_name, kind, team, priority, post_id, account_id,"
	" platform, post_ext_id, handle, posted_at, lang, sentiment, label, reach, owner, status, created_at, due_at)"
	" SELECT CAST(?1 AS BIGINT), s.rule_id, s.rule_name, s.kind, s.team, s.priority, p.id, s.account_id, s.platform,"
	" s.post_ext_id, s.handle, s.posted_at, s.lang, s.sentiment, s.label, s.reach, s.owner, s.status, s.created_at,"
	" s.due_at" STAGE_POST " WHERE true ORDER BY s.seq ON CONFLICT (workspace_id, rule_id, post_id) DO NOTHING";
/* the stored ones, each once (the first of the batch's rows of its rule and post) */
static const char NEW_SQL[] = "SELECT MIN(s.seq), m.id, p.id" STAGE_POST
			      " JOIN listen_mention m ON m.workspace_id = ?1 AND m.rule_id = s.rule_id AND m.post_id = p.id"
			      " WHERE m.id > ?2 GROUP BY m.id, p.id ORDER BY 1";

static int stage_row(clout_store *store, size_t seq, const clout_listen_mention *m, clout_error *err)
{
	clout_sql_value v[STAGE_COLUMNS] = { sv_int((int64_t)seq), sv_int(m->rule_id), sv_text(m->rule), sv_text(m->kind),
		sv_text(m->team), sv_text(m->priority), sv_int(m->account_id), sv_text(m->platform),
		sv_text(m->post_ext_id), sv_text(m->handle), sv_int(m->posted_at), sv_text(m->lang),
		sv_double(m->sentiment), sv_text(m->label), sv_count(m->reach), sv_text(m->owner), sv_text(m->status),
		sv_int(m->created_at), sv_int(m->due_at) };
	return clout_sql_copy_row(store->db, v, err);
}

int clout__store_mentions_insert(clout_store *store, int64_t ws, const clout_listen_mention *ms, size_t n,
	clout__store_mention_new_fn fn, void *ctx, clout_error *err)
{
	clout_sql_stmt *st;
	store_bind b;
	int64_t before = 0;
	int rc = 0;
	if (n == 0 || (rc = store_bulk_check(store, err)) < 0)
		return rc;
	if ((rc = clout_sql_stmt_get(store->db, &st, MAX_ID_SQL, err)) < 0 ||
	    (rc = clout_sql_run_int64(store->db, st, &before, "reading mention ids", err)) < 0 ||
	    (rc = store_stage_begin(store, "stage_mention", STAGE, TYPES, STAGE_COLUMNS, err)) < 0)
		return rc;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = stage_row(store, i, &ms[i], err);
	if (rc < 0 || (rc = store_stage_end(store, err)) < 0 ||
	    (rc = store_run_ws(store, INSERT_SQL, ws, "storing mentions", err)) < 0)
		return rc;
	if ((rc = store_stmt(store, &b, NEW_SQL, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	sb_int(&b, 2, before);
	if (b.rc < 0)
		return store_bind_error(store, &b, "new mentions", err);
	while ((rc = clout_sql_step(store->db, b.st, "reading new mentions", err)) == CLOUT_SQL_ROW) {
		int64_t seq = clout_sql_column_int64(store->db, b.st, 0);
		if (seq < 0 || (size_t)seq >= n)
			continue;
		if ((rc = fn(ctx, (size_t)seq, clout_sql_column_int64(store->db, b.st, 1),
			     clout_sql_column_int64(store->db, b.st, 2))) != 0)
			break;
	}
	clout_sql_reset(store->db, b.st);
	return rc == CLOUT_SQL_DONE ? 0 : rc;
}
