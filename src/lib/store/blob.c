/*
 * blob.c: key-value blobs per workspace and named space, for derived data that a module builds
 * and reads back whole. put replaces.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/store/store_internal.h"
#include "util/banned.h"

static const char PUT_SQL[] =
	"INSERT INTO blob(workspace_id, space, key, data) VALUES(?1, ?2, ?3, ?4)"
	" ON CONFLICT(workspace_id, space, key) DO UPDATE SET data = excluded.data";
static const char GET_SQL[] = "SELECT data FROM blob WHERE workspace_id = ?1 AND space = ?2 AND key = ?3";
static const char CLEAR_SQL[] = "DELETE FROM blob WHERE workspace_id = ?1 AND space = ?2";

#define BLOB_MAX 1000000000u

int clout_store_put_blob(clout_store *store, int64_t workspace, const char *space, const char *key,
	const void *data, size_t len, clout_error *err)
{
	store_bind b;
	int rc;
	if (len > BLOB_MAX)
		return clout_error_set(err, CLOUT_ENOMEM, "blob %s/%s of %zu bytes is too large", space, key, len);
	if ((rc = store_stmt(store, &b, PUT_SQL, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_text(&b, 2, space);
	sb_text(&b, 3, key);
	sb_blob(&b, 4, len ? data : "", len);
	if (b.rc < 0)
		return store_bind_error(store, &b, "storing blob", err);
	return clout_sql_run(store->db, b.st, "storing blob", err);
}

int clout_store_get_blob(clout_store *store, int64_t workspace, const char *space, const char *key, void **out,
	size_t *len_out, clout_error *err)
{
	store_bind b;
	int rc;
	*out = NULL;
	*len_out = 0;
	if ((rc = store_stmt(store, &b, GET_SQL, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_text(&b, 2, space);
	sb_text(&b, 3, key);
	if (b.rc < 0)
		return store_bind_error(store, &b, "reading blob", err);
	rc = clout_sql_step(store->db, b.st, "reading blob", err);
	if (rc == CLOUT_SQL_ROW) {
		size_t n = 0;
		const void *data = clout_sql_column_blob(store->db, b.st, 0, &n);
		void *p = malloc(n ? n : 1);
		if (!p) {
			rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		} else {
			if (n)
				memcpy(p, data, n);
			*out = p;
			*len_out = n;
			rc = 0;
		}
	} else if (rc == CLOUT_SQL_DONE) {
		rc = clout_error_set(err, CLOUT_ENOTFOUND, "no %s entry '%s'", space, key);
	}
	clout_sql_reset(store->db, b.st);
	return rc;
}

int clout_store_clear_blobs(clout_store *store, int64_t workspace, const char *space, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, CLEAR_SQL, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_text(&b, 2, space);
	if (b.rc < 0)
		return store_bind_error(store, &b, "clearing blobs", err);
	return clout_sql_run(store->db, b.st, "clearing blobs", err);
}
