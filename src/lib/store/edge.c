/*
 * edge.c: edges between accounts (follow, retweet, mention, reply, quote, like), keyed by
 * (workspace, kind, src, dst, ts): the same edge at the same time is stored once, so re-importing a
 * file changes nothing; unknown accounts become stubs.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/store/store_internal.h"
#include "util/banned.h"

/* The same edge again takes the new weight (a row is rewritten only when it changes). */
#define EDGE_CONFLICT \
	" ON CONFLICT(workspace_id, kind, src, dst, ts) DO UPDATE SET weight = excluded.weight" \
	" WHERE edge.weight <> excluded.weight"
#define EDGE_INSERT "INSERT INTO edge(workspace_id, kind, src, dst, ts, weight) VALUES"
static const char UPSERT_SQL[] = EDGE_INSERT "(?1, ?2, ?3, ?4, ?5, ?6)" EDGE_CONFLICT;
/* In key order on every engine. */
static const char ALL_SQL[] =
	"SELECT src, dst, weight, ts, kind FROM edge WHERE workspace_id = ?1 ORDER BY kind, src, dst, ts";
static const char OF_KIND_SQL[] =
	"SELECT src, dst, weight, ts, kind FROM edge WHERE workspace_id = ?1 AND kind = ?2 ORDER BY src, dst, ts";

/* Binds an edge's columns as ?(at+1)..?(at+6) (see EDGE_INSERT). */
static void bind_edge(store_bind *b, int at, int64_t workspace, const char *kind, int64_t src, int64_t dst, int64_t ts,
	double weight)
{
	sb_int(b, at + 1, workspace);
	sb_text(b, at + 2, kind);
	sb_int(b, at + 3, src);
	sb_int(b, at + 4, dst);
	sb_int(b, at + 5, ts >= 0 ? ts : -1);
	sb_double(b, at + 6, weight);
}

static int write_edge(clout_store *store, int64_t workspace, const clout_edge *e, int64_t src, int64_t dst,
	clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, UPSERT_SQL, err)) < 0)
		return rc;
	bind_edge(&b, 0, workspace, e->kind, src, dst, e->ts, e->weight);
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

/* ---- bulk writes (see bulk.c) ---- */

static const char *const EDGE_STAGE[] = { "seq", "kind", "src", "dst", "ts", "weight" };
static const clout_sql_type EDGE_TYPES[] = { CLOUT_SQL_INTEGER, CLOUT_SQL_TEXT, CLOUT_SQL_INTEGER, CLOUT_SQL_INTEGER,
	CLOUT_SQL_INTEGER, CLOUT_SQL_FLOAT };
/* The batch's edges, one per key (the last weight), in key order. */
static const char BULK_SQL[] =
	"INSERT INTO edge(workspace_id, kind, src, dst, ts, weight)"
	" SELECT CAST(?1 AS BIGINT), s.kind, s.src, s.dst, s.ts, s.weight FROM stage_edge s WHERE true ORDER BY s.seq"
	EDGE_CONFLICT;

typedef struct edge_key {
	const char *kind;
	int64_t src, dst, ts;
	size_t at;
} edge_key;

static int edge_key_cmp(const void *x, const void *y)
{
	const edge_key *p = x, *q = y;
	int c = p->kind == q->kind ? 0 : strcmp(p->kind, q->kind);
	if (c)
		return c;
	if (p->src != q->src)
		return p->src < q->src ? -1 : 1;
	if (p->dst != q->dst)
		return p->dst < q->dst ? -1 : 1;
	if (p->ts != q->ts)
		return p->ts < q->ts ? -1 : 1;
	return p->at < q->at ? -1 : p->at > q->at;
}

static bool edge_key_same(const edge_key *p, const edge_key *q)
{
	return p->src == q->src && p->dst == q->dst && p->ts == q->ts && (p->kind == q->kind || !strcmp(p->kind, q->kind));
}

/* The upsert of STORE_ROWS edges (UPSERT_SQL's rows in one statement). */
static store_rows edge_rows = STORE_ROWS_INIT(EDGE_INSERT, 6, EDGE_CONFLICT);

/* Writes the STORE_ROWS edges of keys (each the first of its key's run; last[r] gives its weight)
 * with one statement. */
static int write_edge_rows(clout_store *store, int64_t workspace, const edge_key *const *first,
	const clout_edge *const *last, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_rows_stmt(store, &edge_rows, &b, "storing edges", err)) < 0)
		return rc;
	for (int r = 0; r < STORE_ROWS; r++)
		bind_edge(&b, r * 6, workspace, first[r]->kind, first[r]->src, first[r]->dst, first[r]->ts, last[r]->weight);
	if (b.rc < 0)
		return store_bind_error(store, &b, "storing edges", err);
	return clout_sql_run(store->db, b.st, "storing edges", err);
}

static const char *const EDGE_DIRECT[] = { "workspace_id", "kind", "src", "dst", "ts", "weight" };

/* A fresh load's batch (bulk_fresh.c; checked, keys sorted): new keys straight into edge, keys met
 * before through the staging table and the upsert (the last weight). */
static int put_edges_fresh(clout_store *store, int64_t ws, const clout_edge *const *edges, const edge_key *keys,
	size_t n, clout_error *err)
{
	size_t *again = malloc(n * sizeof(*again)), nagain = 0;
	int rc;
	if (!again)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	if ((rc = store_touch(store, ws, err)) < 0 || (rc = store_direct_begin(store, "edge", EDGE_DIRECT, 6, err)) < 0)
		goto done;
	for (size_t i = 0, j; i < n && rc == 0; i = j) {
		for (j = i + 1; j < n && edge_key_same(&keys[i], &keys[j]); j++)
			;
		if (store_fresh_edge_new(store, keys[i].kind, keys[i].src, keys[i].dst, keys[i].ts)) {
			clout_sql_value v[6] = { sv_int(ws), sv_text(keys[i].kind), sv_int(keys[i].src), sv_int(keys[i].dst),
				sv_int(keys[i].ts), sv_double(edges[keys[j - 1].at]->weight) };
			rc = clout_sql_copy_row(store->db, v, err);
		} else {
			again[nagain++] = i;
		}
	}
	if (rc < 0 || (rc = store_stage_end(store, err)) < 0 || nagain == 0 ||
	    (rc = store_stage_begin(store, "stage_edge", EDGE_STAGE, EDGE_TYPES, 6, err)) < 0)
		goto done;
	for (size_t k = 0; k < nagain && rc == 0; k++) {
		size_t i = again[k], j = i + 1;
		for (; j < n && edge_key_same(&keys[i], &keys[j]); j++)
			;
		clout_sql_value v[6] = { sv_int((int64_t)k), sv_text(keys[i].kind), sv_int(keys[i].src), sv_int(keys[i].dst),
			sv_int(keys[i].ts), sv_double(edges[keys[j - 1].at]->weight) };
		rc = clout_sql_copy_row(store->db, v, err);
	}
	if (rc == 0 && (rc = store_stage_end(store, err)) == 0)
		rc = store_run_ws(store, BULK_SQL, ws, "storing edges", err);
done:
	free(again);
	return rc;
}

int clout_store_put_edges_between(clout_store *store, int64_t workspace, const clout_edge *const *edges,
	const int64_t *srcs, const int64_t *dsts, size_t n, size_t *failed, clout_error *err)
{
	edge_key *keys = NULL;
	const edge_key *first[STORE_ROWS];
	const clout_edge *last[STORE_ROWS];
	size_t nbatch = 0;
	int64_t seq = 0;
	bool rows;
	int rc = 0;
	if (failed)
		*failed = SIZE_MAX;
	if (n == 0 || (rc = store_bulk_check(store, err)) < 0)
		return rc;
	if (!(keys = malloc(n * sizeof(*keys))))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		if (srcs[i] <= 0 || dsts[i] <= 0)
			rc = clout_error_set(err, CLOUT_EINVAL, "edge: no account id");
		else
			rc = clout_edge_check(edges[i], err);
		if (rc < 0) {
			if (failed)
				*failed = i;
			goto done;
		}
		keys[i] = (edge_key){ edges[i]->kind, srcs[i], dsts[i], edges[i]->ts >= 0 ? edges[i]->ts : -1, i };
	}
	qsort(keys, n, sizeof(*keys), edge_key_cmp);
	if (store_fresh_edges(store, n)) {
		rc = put_edges_fresh(store, workspace, edges, keys, n, err);
		goto done;
	}
	/* an in-process engine takes each row straight (clout_sql_in_process) */
	rows = clout_sql_in_process(store->db);
	if ((rc = store_touch(store, workspace, err)) < 0 ||
	    (!rows && (rc = store_stage_begin(store, "stage_edge", EDGE_STAGE, EDGE_TYPES, 6, err)) < 0))
		goto done;
	for (size_t i = 0; i < n && rc == 0;) {
		size_t j = i + 1;
		for (; j < n && edge_key_same(&keys[i], &keys[j]); j++)
			;
		/* the last record of the key gives the weight; STORE_ROWS edges at a time, the rest one by one */
		if (rows) {
			first[nbatch] = &keys[i];
			last[nbatch] = edges[keys[j - 1].at];
			if (++nbatch == STORE_ROWS)
				rc = write_edge_rows(store, workspace, first, last, err), nbatch = 0;
		} else {
			clout_sql_value v[6] = { sv_int(seq++), sv_text(keys[i].kind), sv_int(keys[i].src),
				sv_int(keys[i].dst), sv_int(keys[i].ts), sv_double(edges[keys[j - 1].at]->weight) };
			rc = clout_sql_copy_row(store->db, v, err);
		}
		i = j;
	}
	for (size_t r = 0; r < nbatch && rc == 0; r++) {
		clout_edge e = *last[r];
		e.kind = first[r]->kind;
		e.ts = first[r]->ts;
		rc = write_edge(store, workspace, &e, first[r]->src, first[r]->dst, err);
	}
	if (rc == 0 && !rows && (rc = store_stage_end(store, err)) == 0)
		rc = store_run_ws(store, BULK_SQL, workspace, "storing edges", err);
done:
	free(keys);
	return rc;
}
