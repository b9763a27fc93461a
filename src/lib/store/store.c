/*
 * store.c: the store front: picks a backend for a location, checks arguments, dispatches, and
 * keeps transactions balanced. Backends live beside it (sqlite.c).
 */
#include <stdlib.h>
#include <string.h>

#include "clout/sys/sql.h"
#include "clout/sys/store_backend.h"
#include "lib/store/backends.h"

struct clout_store {
	clout_sql *sql; /* the front: the engine, the migrations */
	const clout_store_backend *backend;
	void *db;
	int in_transaction;
	int64_t bumped; /* workspace whose generation this transaction advanced, or 0 */
};

static const clout_store_backend *const backends[] = {
	&clout__store_sqlite,
};

const char *clout_store_default_location(const char *path)
{
	const char *env;
	if (path && *path)
		return path;
	env = getenv("CLOUT_DB");
	if (env && *env)
		return env;
	return "./clout.db";
}

int clout_store_open(clout_store **out, const char *location, clout_error *err)
{
	const clout_store_backend *backend = NULL;
	clout_store *store;
	size_t i;
	int rc;
	*out = NULL;
	if (!location || !*location)
		return clout_error_set(err, CLOUT_EINVAL, "empty store location");
	for (i = 0; i < sizeof(backends) / sizeof(backends[0]); i++) {
		if (backends[i]->accepts(location)) {
			backend = backends[i];
			break;
		}
	}
	if (!backend)
		return clout_error_set(err, CLOUT_EINVAL, "%s: no store backend for this location", location);
	store = calloc(1, sizeof(*store));
	if (!store)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	store->backend = backend;
	if ((rc = clout_sql_open(&store->sql, location, NULL, err)) < 0 ||
	    (rc = backend->open(&store->db, location, err)) < 0) {
		clout_sql_free(store->sql);
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
	if (store->in_transaction)
		store->backend->rollback(store->db);
	store->backend->close(store->db);
	clout_sql_free(store->sql);
	free(store);
}

int clout_store_begin(clout_store *store, clout_error *err)
{
	int rc;
	if (store->in_transaction)
		return clout_error_set(err, CLOUT_EINVAL, "a transaction is already open");
	rc = store->backend->begin(store->db, err);
	if (rc == 0) {
		store->in_transaction = 1;
		store->bumped = 0;
	}
	return rc;
}

int clout_store_commit(clout_store *store, clout_error *err)
{
	int rc;
	if (!store->in_transaction)
		return clout_error_set(err, CLOUT_EINVAL, "no transaction is open");
	rc = store->backend->commit(store->db, err);
	if (rc == 0)
		store->in_transaction = 0;
	return rc;
}

int clout_store_rollback(clout_store *store)
{
	if (!store || !store->in_transaction)
		return 0;
	store->in_transaction = 0;
	return store->backend->rollback(store->db);
}

int clout_store_schema_version(clout_store *store, int *out, clout_error *err)
{
	return clout_sql_schema_version(store->sql, out, err);
}

int clout_store_workspace(clout_store *store, int64_t *out, const char *name, bool create,
	clout_error *err)
{
	if (!name || !*name)
		name = "default";
	return store->backend->workspace(store->db, out, name, create, err);
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

/* Every write advances the workspace's generation, once per transaction (or per write outside one). */
static int touch(clout_store *store, int64_t workspace, clout_error *err)
{
	int rc;
	if (store->in_transaction && store->bumped == workspace)
		return 0;
	if ((rc = store->backend->bump_generation(store->db, workspace, err)) < 0)
		return rc;
	if (store->in_transaction)
		store->bumped = workspace;
	return 0;
}

int clout_store_generation(clout_store *store, int64_t workspace, int64_t *out, clout_error *err)
{
	return store->backend->generation(store->db, workspace, out, err);
}

static int check_key(const char *what, const char *value, clout_error *err)
{
	if (!value || !*value)
		return clout_error_set(err, CLOUT_EBADDATA, "%s is missing", what);
	if (strlen(value) > 256)
		return clout_error_set(err, CLOUT_EBADDATA, "%s is longer than 256 bytes", what);
	return 0;
}

static int check_count(const char *what, int64_t v, clout_error *err)
{
	if (v < CLOUT_UNKNOWN)
		return clout_error_set(err, CLOUT_EBADDATA, "%s is negative (%lld)", what, (long long)v);
	return 0;
}

int clout_account_check(const clout_account *a, clout_error *err)
{
	int rc;
	if ((rc = check_key("platform", a->platform, err)) < 0 ||
	    (rc = check_key("account id", a->ext_id, err)) < 0 ||
	    (rc = check_count("followers", a->followers, err)) < 0 ||
	    (rc = check_count("following", a->following, err)) < 0 ||
	    (rc = check_count("post count", a->post_count, err)) < 0 ||
	    (rc = check_count("listed count", a->listed, err)) < 0 ||
	    (rc = check_count("views", a->views, err)) < 0 ||
	    (a->weak && a->handle && *a->handle && (rc = check_key("handle", a->handle, err)) < 0))
		return rc;
	return 0;
}

int clout_post_check(const clout_post *p, clout_error *err)
{
	int rc;
	if ((rc = check_key("platform", p->platform, err)) < 0 ||
	    (rc = check_key("post id", p->ext_id, err)) < 0 ||
	    (rc = check_key("author id", p->author_ext_id, err)) < 0 ||
	    (p->parent_author_ext_id && *p->parent_author_ext_id &&
		    (rc = check_key("parent author id", p->parent_author_ext_id, err)) < 0) ||
	    (rc = check_count("likes", p->likes, err)) < 0 ||
	    (rc = check_count("comments", p->comments, err)) < 0 ||
	    (rc = check_count("shares", p->shares, err)) < 0 ||
	    (rc = check_count("quotes", p->quotes, err)) < 0 ||
	    (rc = check_count("views", p->views, err)) < 0 ||
	    (rc = check_count("saves", p->saves, err)) < 0)
		return rc;
	return 0;
}

int clout_edge_check(const clout_edge *e, clout_error *err)
{
	int rc;
	if ((rc = check_key("platform", e->platform, err)) < 0 ||
	    (rc = check_key("edge source", e->src_ext_id, err)) < 0 ||
	    (rc = check_key("edge target", e->dst_ext_id, err)) < 0 ||
	    (rc = check_key("edge kind", e->kind, err)) < 0)
		return rc;
	if (!(e->weight > 0) || e->weight > 1e12)
		return clout_error_set(err, CLOUT_EBADDATA, "edge weight %g is not a positive number", e->weight);
	return 0;
}

int clout_store_put_account(clout_store *store, int64_t workspace, const clout_account *a,
	int64_t *out_id, clout_error *err)
{
	int rc;
	if (a->weak)
		return clout_store_ensure_account(store, workspace, a->platform, a->ext_id, a->handle, out_id, err);
	if ((rc = clout_account_check(a, err)) < 0 || (rc = touch(store, workspace, err)) < 0)
		return rc;
	return store->backend->put_account(store->db, workspace, a, out_id, err);
}

int clout_store_ensure_account(clout_store *store, int64_t workspace, const char *platform, const char *ext_id,
	const char *handle, int64_t *out_id, clout_error *err)
{
	int64_t id;
	int rc;
	if (handle && !*handle)
		handle = NULL;
	if ((rc = check_key("platform", platform, err)) < 0 || (rc = check_key("account id", ext_id, err)) < 0 ||
	    (handle && (rc = check_key("handle", handle, err)) < 0) || (rc = touch(store, workspace, err)) < 0)
		return rc;
	if ((rc = store->backend->ensure_account(store->db, workspace, platform, ext_id, handle, &id, err)) < 0)
		return rc;
	if (out_id)
		*out_id = id;
	return 0;
}

int clout_store_put_post(clout_store *store, int64_t workspace, const clout_post *p,
	int64_t *out_id, clout_error *err)
{
	int rc;
	if ((rc = clout_post_check(p, err)) < 0 || (rc = touch(store, workspace, err)) < 0)
		return rc;
	return store->backend->put_post(store->db, workspace, p, out_id, err);
}

int clout_store_put_edge(clout_store *store, int64_t workspace, const clout_edge *e,
	clout_error *err)
{
	int rc;
	if ((rc = clout_edge_check(e, err)) < 0 || (rc = touch(store, workspace, err)) < 0)
		return rc;
	return store->backend->put_edge(store->db, workspace, e, err);
}

int clout_store_put_post_as(clout_store *store, int64_t workspace, const clout_post *p, int64_t author,
	int64_t parent_author, int64_t *out_id, clout_error *err)
{
	int rc;
	if (author <= 0 || parent_author < 0)
		return clout_error_set(err, CLOUT_EINVAL, "post %s: no author id", p->ext_id ? p->ext_id : "?");
	if ((rc = clout_post_check(p, err)) < 0 || (rc = touch(store, workspace, err)) < 0)
		return rc;
	return store->backend->put_post_as(store->db, workspace, p, author, parent_author, out_id, err);
}

int clout_store_put_edge_between(clout_store *store, int64_t workspace, const clout_edge *e, int64_t src,
	int64_t dst, clout_error *err)
{
	int rc;
	if (src <= 0 || dst <= 0)
		return clout_error_set(err, CLOUT_EINVAL, "edge: no account id");
	if ((rc = clout_edge_check(e, err)) < 0 || (rc = touch(store, workspace, err)) < 0)
		return rc;
	return store->backend->put_edge_between(store->db, workspace, e, src, dst, err);
}

int clout_store_counts_get(clout_store *store, int64_t workspace, clout_store_counts *out,
	clout_error *err)
{
	memset(out, 0, sizeof(*out));
	return store->backend->counts(store->db, workspace, out, err);
}

int clout_store_find_account(clout_store *store, int64_t workspace, const char *platform,
	const char *key, int64_t *out, clout_error *err)
{
	if (!key || !*key)
		return clout_error_set(err, CLOUT_EINVAL, "empty account key");
	return store->backend->find_account(store->db, workspace, platform, key, out, err);
}

int clout_store_foreach_edge(clout_store *store, int64_t workspace, const char *kind,
	clout_edge_fn fn, void *ctx, clout_error *err)
{
	return store->backend->foreach_edge(store->db, workspace, kind, fn, ctx, err);
}

int clout_store_foreach_post(clout_store *store, int64_t workspace, int64_t account, int limit,
	clout_post_fn fn, void *ctx, clout_error *err)
{
	return store->backend->foreach_post(store->db, workspace, account, limit, fn, ctx, err);
}

int clout_store_get_account(clout_store *store, int64_t account, clout_account_row *out,
	clout_error *err)
{
	return store->backend->get_account(store->db, account, out, err);
}

int clout_store_foreach_account(clout_store *store, int64_t workspace, clout_account_fn fn,
	void *ctx, clout_error *err)
{
	return store->backend->foreach_account(store->db, workspace, fn, ctx, err);
}

int clout_store_foreach_snapshot(clout_store *store, int64_t workspace, int64_t account,
	clout_snapshot_fn fn, void *ctx, clout_error *err)
{
	return store->backend->foreach_snapshot(store->db, workspace, account, fn, ctx, err);
}

int clout_store_put_blob(clout_store *store, int64_t workspace, const char *space, const char *key,
	const void *data, size_t len, clout_error *err)
{
	return store->backend->put_blob(store->db, workspace, space, key, data, len, err);
}

int clout_store_get_blob(clout_store *store, int64_t workspace, const char *space, const char *key,
	void **out, size_t *len_out, clout_error *err)
{
	*out = NULL;
	*len_out = 0;
	return store->backend->get_blob(store->db, workspace, space, key, out, len_out, err);
}

int clout_store_clear_blobs(clout_store *store, int64_t workspace, const char *space,
	clout_error *err)
{
	return store->backend->clear_blobs(store->db, workspace, space, err);
}
