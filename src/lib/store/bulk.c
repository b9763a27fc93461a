/*
 * bulk.c: what the store's bulk writes share (clout_store_put_accounts, _ensure_accounts,
 * _put_posts_as, _put_edges_between in account.c, post.c and edge.c): the staging table each
 * loads its rows into, the set-based statements that then move them, and the key sort that puts
 * a batch in key order with the records of one key together, oldest first.
 *
 * A bulk write is one round trip per statement, never per row: on PostgreSQL the staging load
 * is a COPY, and each INSERT ... SELECT works on the whole batch in the server. An in-process
 * engine (SQLite) has no round trip to save: the merged rows are bound straight into upserts of
 * STORE_ROWS rows each (store_rows_sql), whose conflict clauses rewrite a stored row only when the
 * merge changes it, so a file imported again costs look-ups, not writes.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/store/store_internal.h"
#include "util/banned.h"

/*
 * The secondary indexes of the bulk tables, exactly as the migrations leave them on every engine
 * (0001 edge_dst, 0004 post_account, 0005 account_handle): a fresh load drops them and builds them
 * again at its end. test_store_bulk checks that the store's schema is the same afterwards.
 */
static const char DROP_INDEXES_SQL[] = "DROP INDEX account_handle; DROP INDEX post_account; DROP INDEX edge_dst";
static const char CREATE_INDEXES_SQL[] =
	"CREATE INDEX account_handle ON account (workspace_id, lower(handle)) WHERE handle IS NOT NULL;"
	" CREATE INDEX post_account ON post (workspace_id, account_id, created_at);"
	" CREATE INDEX edge_dst ON edge (dst, kind)";
/* The tables a fresh load fills whose foreign keys it checks once at its end, where the engine
 * would check them row by row (clout_sql_drop_foreign_keys). */
static const char *const KEYED_TABLES[] = { "account", "account_snapshot", "post", "edge" };
static const char ANY_ACCOUNT_SQL[] = "SELECT count(*) FROM (SELECT 1 FROM account LIMIT 1) AS one";

/* Whether the store holds no account at all (*any 0). */
static int any_account(clout_store *store, int64_t *any, clout_error *err)
{
	clout_sql_stmt *st;
	int rc;
	*any = 1;
	if ((rc = clout_sql_stmt_get(store->db, &st, ANY_ACCOUNT_SQL, err)) < 0)
		return rc;
	return clout_sql_run_int64(store->db, st, any, "looking for accounts", err);
}

/*
 * Where writers of different workspaces run side by side (PostgreSQL), the indexes are dropped
 * inside a savepoint: DROP INDEX locks its table against every other session until the commit,
 * so the store is looked at again once the locks are held (another writer may have committed
 * accounts in between) and the savepoint is rolled back, locks and all, when it is not empty any
 * more or when the drop fails (say, two fresh imports meeting in a deadlock): the load then goes
 * on incrementally. While a fresh load runs, other sessions wait for its commit; it only ever
 * happens on a store with no account in any workspace.
 */
static int drop_indexes_shared(clout_store *store, bool *dropped, clout_error *err)
{
	static const char SP[] = "clout_fresh_load";
	int64_t any = 1;
	int rc;
	*dropped = false;
	if ((rc = clout_sql_savepoint(store->db, SP, err)) < 0)
		return rc;
	if (clout_sql_exec(store->db, DROP_INDEXES_SQL, err) < 0 || any_account(store, &any, err) < 0 || any ||
	    clout_sql_drop_foreign_keys(store->db, KEYED_TABLES, 4, &store->fresh_keys, err) < 0) {
		clout_error_clear(err);
		free(store->fresh_keys);
		store->fresh_keys = NULL;
		if ((rc = clout_sql_rollback_to(store->db, SP, err)) < 0)
			return rc;
	} else {
		*dropped = true;
	}
	return clout_sql_release(store->db, SP, err);
}

int clout_store_bulk_load_begin(clout_store *store, bool *fresh, clout_error *err)
{
	int64_t any = 1;
	bool dropped = false;
	int rc;
	*fresh = false;
	if (!store->in_transaction)
		return clout_error_set(err, CLOUT_EINVAL, "a bulk load outside a transaction");
	if (store->fresh_load)
		return 0;
	if ((rc = store_copy_end(store, err)) < 0 || (rc = any_account(store, &any, err)) < 0)
		return rc;
	if (any)
		return 0;
	if (clout_sql_exclusive_writes(store->db)) {
		if ((rc = clout_sql_exec(store->db, DROP_INDEXES_SQL, err)) < 0)
			return rc;
		dropped = true;
	} else if ((rc = drop_indexes_shared(store, &dropped, err)) < 0) {
		return rc;
	}
	store->fresh_load = *fresh = dropped;
	/* the store has no account: a new one needs no look-up before its INSERT (in process: there the
	 * bulk writes go through the account cache; PostgreSQL's do not) */
	if (dropped && clout_sql_in_process(store->db))
		store->cache.complete_all = store->cache.on;
	return dropped ? store_fresh_start(store, err) : 0;
}

int clout_store_bulk_load_end(clout_store *store, clout_error *err)
{
	int rc;
	if (!store->fresh_load)
		return 0;
	if (!store->in_transaction)
		return clout_error_set(err, CLOUT_EINVAL, "a bulk load outside a transaction");
	store->fresh_load = false;
	store_fresh_free(store->fresh);
	store->fresh = NULL;
	if ((rc = store_copy_end(store, err)) < 0 || (rc = clout_sql_exec(store->db, CREATE_INDEXES_SQL, err)) < 0)
		return rc;
	if (store->fresh_keys)
		rc = clout_sql_exec(store->db, store->fresh_keys, err);
	free(store->fresh_keys);
	store->fresh_keys = NULL;
	return rc;
}

void store_bulk_load_forget(clout_store *store)
{
	store->fresh_load = false;
	store_fresh_free(store->fresh);
	store->fresh = NULL;
	free(store->fresh_keys);
	store->fresh_keys = NULL;
}

int store_stage_begin(clout_store *store, const char *table, const char *const *columns, const clout_sql_type *types,
	int ncolumns, clout_error *err)
{
	int rc;
	if (!store->in_transaction)
		return clout_error_set(err, CLOUT_EINVAL, "a bulk write outside a transaction");
	if ((rc = store_copy_end(store, err)) < 0)
		return rc;
	return clout_sql_stage_begin(store->db, table, columns, types, ncolumns, err);
}

int store_direct_begin(clout_store *store, const char *table, const char *const *columns, int ncolumns,
	clout_error *err)
{
	int rc;
	if (!store->in_transaction)
		return clout_error_set(err, CLOUT_EINVAL, "a bulk write outside a transaction");
	if ((rc = store_copy_end(store, err)) < 0)
		return rc;
	return clout_sql_copy_begin(store->db, table, columns, ncolumns, err);
}

int store_bulk_check(clout_store *store, clout_error *err)
{
	if (!store->in_transaction)
		return clout_error_set(err, CLOUT_EINVAL, "a bulk write outside a transaction");
	return 0;
}

int store_stage_end(clout_store *store, clout_error *err)
{
	return clout_sql_copy_end(store->db, err);
}

int store_run_ws(clout_store *store, const char *sql, int64_t ws, const char *what, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, sql, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	if (b.rc < 0)
		return store_bind_error(store, &b, what, err);
	return clout_sql_run(store->db, b.st, what, err);
}

/* Writes rows->sql; false when it does not fit (each group takes at most 6 * ncols + 2 bytes while
 * the numbers have at most 4 digits). */
static bool rows_sql_write(store_rows *rows)
{
	const size_t cap = sizeof(rows->sql);
	size_t n = (size_t)snprintf(rows->sql, cap, "%s", rows->head);
	for (int r = 0; r < STORE_ROWS && n < cap; r++)
		for (int c = 0; c < rows->ncols && n < cap; c++)
			n += (size_t)snprintf(rows->sql + n, cap - n, "%s?%d%s", c ? "," : r ? ",(" : "(",
				r * rows->ncols + c + 1, c == rows->ncols - 1 ? ")" : "");
	if (n < cap)
		n += (size_t)snprintf(rows->sql + n, cap - n, "%s", rows->tail);
	return n < cap;
}

static pthread_mutex_t rows_lock = PTHREAD_MUTEX_INITIALIZER;

int store_rows_stmt(clout_store *store, store_rows *rows, store_bind *b, const char *what, clout_error *err)
{
	bool fits;
	pthread_mutex_lock(&rows_lock);
	if (!rows->built) {
		rows->fits = rows_sql_write(rows);
		rows->built = true;
	}
	fits = rows->fits;
	pthread_mutex_unlock(&rows_lock);
	if (!fits)
		return clout_error_set(err, CLOUT_EINTERNAL, "%s: the statement does not fit", what);
	return store_stmt(store, b, rows->sql, err);
}

static int key_cmp(const void *x, const void *y)
{
	const store_key *p = x, *q = y;
	int c;
	if ((c = strcmp(p->platform, q->platform)) || (c = strcmp(p->id, q->id)))
		return c;
	if (p->extra != q->extra)
		return p->extra < q->extra ? -1 : 1;
	return p->at < q->at ? -1 : p->at > q->at;
}

void store_keys_sort(store_key *keys, size_t n)
{
	/* Batches mostly come sorted already (the import sorts its chunks): check before sorting. */
	for (size_t i = 1; i < n; i++) {
		if (key_cmp(&keys[i - 1], &keys[i]) > 0) {
			qsort(keys, n, sizeof(*keys), key_cmp);
			return;
		}
	}
}

bool store_keys_same(const store_key *a, const store_key *b)
{
	return a->extra == b->extra && !strcmp(a->id, b->id) && !strcmp(a->platform, b->platform);
}
