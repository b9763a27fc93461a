/*
 * store.c: the store object: opening it on the SQL front (which picks the engine and migrates),
 * its transactions (with the per-transaction account cache), the generation bump every write
 * makes, and the record types' initializers. The tables' rules live in the modules beside it.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/store/store_internal.h"
#include "util/banned.h"

const char *clout_store_default_location(const char *path)
{
	return path && *path ? path : "./clout.db";
}

int clout_store_open(clout_store **out, const char *location, clout_error *err)
{
	return clout_store_open_ext(out, location, NULL, err);
}

int clout_store_open_ext(clout_store **out, const char *location, const clout_store_open_options *opts,
	clout_error *err)
{
	clout_sql_open_options sql_opts = CLOUT_SQL_OPEN_OPTIONS_INIT;
	clout_store *store;
	int rc;
	*out = NULL;
	if (!location || !*location)
		return clout_error_set(err, CLOUT_EINVAL, "empty store location");
	if (opts && opts->version != CLOUT_STORE_OPEN_OPTIONS_VERSION)
		return clout_error_set(err, CLOUT_EINVAL, "store open options of version %u, expected %u", opts->version,
			CLOUT_STORE_OPEN_OPTIONS_VERSION);
	if (opts && opts->lock_timeout_ms < 0)
		return clout_error_set(err, CLOUT_EINVAL, "lock timeout %d ms is negative", opts->lock_timeout_ms);
	if (opts) {
		sql_opts.lock_timeout_ms = opts->lock_timeout_ms;
		sql_opts.create = opts->create;
	}
	if (!(store = calloc(1, sizeof(*store))))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	if ((rc = clout_sql_open(&store->db, location, &sql_opts, err)) < 0) {
		free(store);
		return rc;
	}
	*out = store;
	return 0;
}

void clout_store_free(clout_store *store)
{
	if (!store)
		return;
	clout_sql_free(store->db); /* rolls back an open transaction */
	store_cache_clear(&store->cache);
	store_bulk_load_forget(store);
	for (size_t i = 0; i < sizeof(store->row_strings) / sizeof(store->row_strings[0]); i++)
		free(store->row_strings[i]);
	free(store);
}

int clout_store_begin(clout_store *store, clout_error *err)
{
	int rc;
	if (store->in_transaction)
		return clout_error_set(err, CLOUT_EINVAL, "a transaction is already open");
	if ((rc = clout_sql_begin(store->db, true, err)) < 0)
		return rc;
	store_cache_clear(&store->cache);
	store->cache.on = true;
	store->in_transaction = true;
	store->bumped = 0;
	return 0;
}

int clout_store_commit(clout_store *store, clout_error *err)
{
	int rc;
	if (!store->in_transaction)
		return clout_error_set(err, CLOUT_EINVAL, "no transaction is open");
	/* a fresh bulk load left open builds its indexes first: a store never commits without them */
	if ((rc = clout_store_bulk_load_end(store, err)) < 0 || (rc = store_copy_end(store, err)) < 0)
		clout_sql_rollback(store->db);
	else
		rc = clout_sql_commit(store->db, err); /* a failed commit is rolled back */
	store->in_transaction = false;
	store_bulk_load_forget(store);
	store_cache_clear(&store->cache);
	return rc;
}

int clout_store_rollback(clout_store *store)
{
	if (!store || !store->in_transaction)
		return 0;
	store->in_transaction = false;
	store_bulk_load_forget(store); /* the rollback brings the indexes and keys back */
	store->copying = STORE_COPY_NONE; /* the front ends it */
	store_cache_clear(&store->cache);
	return clout_sql_rollback(store->db);
}

int clout_store_schema_version(clout_store *store, int *out, clout_error *err)
{
	return clout_sql_schema_version(store->db, out, err);
}

int clout_store_cache_limit(clout_store *store, size_t cache_bytes, size_t map_bytes, clout_error *err)
{
	return clout_sql_cache_limit(store->db, cache_bytes, map_bytes, err);
}

int clout_store_cache_default(clout_store *store, clout_error *err)
{
	return clout_sql_cache_limit(store->db, CLOUT_SQL_CACHE_BYTES, CLOUT_SQL_MAP_BYTES, err);
}

int store_stmt(clout_store *store, store_bind *b, const char *sql, clout_error *err)
{
	int rc;
	b->db = store->db;
	b->rc = 0;
	b->st = NULL;
	/* a statement ends the bulk load in progress (the next bulk put starts another) */
	if (store->copying && (rc = store_copy_end(store, err)) < 0)
		return rc;
	return clout_sql_stmt_get(store->db, &b->st, sql, err);
}

int store_bind_error(clout_store *store, const store_bind *b, const char *what, clout_error *err)
{
	clout_sql_reset(store->db, b->st);
	if (b->rc == CLOUT_ENOMEM)
		return clout_error_set(err, CLOUT_ENOMEM, "%s: %s: out of memory", clout_sql_location(store->db), what);
	return clout_error_set(err, b->rc, "%s: %s: a parameter could not be bound", clout_sql_location(store->db),
		what);
}

static const char BUMP_SQL[] = "UPDATE workspace SET generation = generation + 1 WHERE id = ?1";

int store_touch(clout_store *store, int64_t workspace, clout_error *err)
{
	store_bind b;
	int rc;
	if (store->in_transaction && store->bumped == workspace)
		return 0;
	if ((rc = store_stmt(store, &b, BUMP_SQL, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	if (b.rc < 0)
		return store_bind_error(store, &b, "advancing the workspace generation", err);
	/*
	 * The row lock this UPDATE takes (held to the end of the transaction) is also what keeps two
	 * writers out of one workspace at once where the engine has no store-wide write lock
	 * (PostgreSQL): the account cache relies on no one else adding the workspace's accounts.
	 */
	if ((rc = clout_sql_run(store->db, b.st, "advancing the workspace generation", err)) < 0) {
		if (rc == CLOUT_ECONFLICT)
			clout_error_wrap(err, rc, "workspace %lld is being written by another process (another clout import?): ",
				(long long)workspace);
		return rc;
	}
	if (store->in_transaction)
		store->bumped = workspace;
	return 0;
}

void clout_account_init(clout_account *a)
{
	memset(a, 0, sizeof(*a));
	a->followers = a->following = a->post_count = a->listed = a->views = CLOUT_UNKNOWN;
	a->verified = CLOUT_UNKNOWN;
	a->created_at = a->observed_at = CLOUT_UNKNOWN;
	a->price = -1;
}

void clout_post_init(clout_post *p)
{
	memset(p, 0, sizeof(*p));
	p->created_at = CLOUT_UNKNOWN;
	p->likes = p->comments = p->shares = p->quotes = p->views = p->saves = CLOUT_UNKNOWN;
	p->sponsored = CLOUT_UNKNOWN;
}

void clout_edge_init(clout_edge *e)
{
	memset(e, 0, sizeof(*e));
	e->kind = "follow";
	e->weight = 1;
	e->ts = CLOUT_UNKNOWN;
}

char *store_column_dup(clout_store *store, clout_sql_stmt *st, int col, bool *oom)
{
	size_t len;
	const char *s = clout_sql_column_text(store->db, st, col, &len);
	char *copy;
	if (!s)
		return NULL;
	if (!(copy = malloc(len + 1))) {
		*oom = true;
		return NULL;
	}
	memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}

int64_t store_column_id(clout_store *store, clout_sql_stmt *st, int col)
{
	return clout_sql_column_type(store->db, st, col) == CLOUT_SQL_NULL ? 0 : clout_sql_column_int64(store->db, st, col);
}

int store_collect(clout_store *store, store_bind *b, const char *what, size_t size, store_row_reader read,
	void **items, size_t *count, clout_error *err)
{
	unsigned char *arr = NULL;
	size_t n = 0, cap = 0;
	bool oom = false;
	int rc;
	while ((rc = clout_sql_step(store->db, b->st, what, err)) == CLOUT_SQL_ROW) {
		if (n == cap) {
			unsigned char *grown = realloc(arr, (cap ? cap * 2 : 8) * size);
			if (!grown) {
				oom = true;
				break;
			}
			arr = grown;
			cap = cap ? cap * 2 : 8;
		}
		memset(arr + n * size, 0, size);
		read(store, b->st, arr + n * size, &oom);
		n++;
		if (oom)
			break;
	}
	clout_sql_reset(store->db, b->st);
	*items = arr;
	*count = n;
	if (oom)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	return rc < 0 ? rc : 0;
}
