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
