/*
 * workspace.c: workspaces (every record belongs to one) and their generation, the number that
 * every writing transaction advances so that derived data can tell it is stale.
 */
#include <time.h>

#include "lib/store/store_internal.h"
#include "util/banned.h"

static const char FIND_SQL[] = "SELECT id FROM workspace WHERE name = ?1";
/* An upsert, so that two processes creating the same workspace both get its id. */
static const char CREATE_SQL[] =
	"INSERT INTO workspace(name, created_at) VALUES(?1, ?2)"
	" ON CONFLICT(name) DO UPDATE SET name = excluded.name RETURNING id";
static const char GENERATION_SQL[] = "SELECT generation FROM workspace WHERE id = ?1";

int clout_store_workspace(clout_store *store, int64_t *out, const char *name, bool create, clout_error *err)
{
	store_bind b;
	int rc;
	if (!name || !*name)
		name = "default";
	if ((rc = store_stmt(store, &b, FIND_SQL, err)) < 0)
		return rc;
	sb_text(&b, 1, name);
	if (b.rc < 0)
		return store_bind_error(store, &b, "finding workspace", err);
	if ((rc = clout_sql_run_int64(store->db, b.st, out, "finding workspace", err)) != 0)
		return rc < 0 ? rc : 0;
	if (!create)
		return clout_error_set(err, CLOUT_ENOTFOUND, "workspace '%s' does not exist", name);
	if ((rc = store_stmt(store, &b, CREATE_SQL, err)) < 0)
		return rc;
	sb_text(&b, 1, name);
	sb_int(&b, 2, (int64_t)time(NULL));
	if (b.rc < 0)
		return store_bind_error(store, &b, "creating workspace", err);
	if ((rc = clout_sql_run_int64(store->db, b.st, out, "creating workspace", err)) < 0)
		return rc;
	return rc == 1 ? 0 : clout_error_set(err, CLOUT_EINTERNAL, "creating workspace '%s' returned no id", name);
}

int clout_store_generation(clout_store *store, int64_t workspace, int64_t *out, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, GENERATION_SQL, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	if (b.rc < 0)
		return store_bind_error(store, &b, "reading the workspace generation", err);
	if ((rc = clout_sql_run_int64(store->db, b.st, out, "reading the workspace generation", err)) < 0)
		return rc;
	return rc == 1 ? 0 : clout_error_set(err, CLOUT_ENOTFOUND, "no workspace with id %lld", (long long)workspace);
}
