/*
 * bulk.c: what the store's bulk writes share (clout_store_put_accounts, _ensure_accounts,
 * _put_posts_as, _put_edges_between in account.c, post.c and edge.c): the staging table each
 * loads its rows into, the set-based statements that then move them, and the key sort that puts
 * a batch in key order with the records of one key together, oldest first.
 *
 * A bulk write is one round trip per statement, never per row: on PostgreSQL the staging load
 * is a COPY, and each INSERT ... SELECT works on the whole batch in the server.
 */
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
static const char ANY_ACCOUNT_SQL[] = "SELECT count(*) FROM (SELECT 1 FROM account LIMIT 1) AS one";

int clout_store_bulk_load_begin(clout_store *store, bool *fresh, clout_error *err)
{
	clout_sql_stmt *st;
	int64_t any = 1;
	int rc;
	*fresh = false;
	if (!store->in_transaction)
		return clout_error_set(err, CLOUT_EINVAL, "a bulk load outside a transaction");
	if (store->fresh_load || !clout_sql_exclusive_writes(store->db))
		return 0;
	if ((rc = store_copy_end(store, err)) < 0 || (rc = clout_sql_stmt_get(store->db, &st, ANY_ACCOUNT_SQL, err)) < 0 ||
	    (rc = clout_sql_run_int64(store->db, st, &any, "looking for accounts", err)) < 0)
		return rc;
	if (any)
		return 0;
	if ((rc = clout_sql_exec(store->db, DROP_INDEXES_SQL, err)) < 0)
		return rc;
	store->fresh_load = *fresh = true;
	return 0;
}

int clout_store_bulk_load_end(clout_store *store, clout_error *err)
{
	int rc;
	if (!store->fresh_load)
		return 0;
	if (!store->in_transaction)
		return clout_error_set(err, CLOUT_EINVAL, "a bulk load outside a transaction");
	store->fresh_load = false;
	if ((rc = store_copy_end(store, err)) < 0)
		return rc;
	return clout_sql_exec(store->db, CREATE_INDEXES_SQL, err);
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
