/*
 * counts.c: how many records a workspace (or the whole store) holds, for `clout stats` and for
 * sizing derived data.
 */
#include <stddef.h>
#include <string.h>

#include "lib/store/store_internal.h"
#include "util/banned.h"

/* One count: its query over the whole store, over one workspace (?1), and where it goes. */
typedef struct count_query {
	const char *all, *one;
	size_t offset;
} count_query;

#define AT(field) offsetof(clout_store_counts, field)

static const count_query queries[] = {
	{ "SELECT count(*) FROM workspace", "SELECT count(*) FROM workspace WHERE id = ?1", AT(workspaces) },
	{ "SELECT count(*) FROM person", "SELECT count(*) FROM person WHERE workspace_id = ?1", AT(people) },
	{ "SELECT count(*) FROM account", "SELECT count(*) FROM account WHERE workspace_id = ?1", AT(accounts) },
	{ "SELECT count(*) FROM post", "SELECT count(*) FROM post WHERE workspace_id = ?1", AT(posts) },
	{ "SELECT count(*) FROM edge", "SELECT count(*) FROM edge WHERE workspace_id = ?1", AT(edges) },
	{ "SELECT coalesce(max(created_at), -1) FROM post",
		"SELECT coalesce(max(created_at), -1) FROM post WHERE workspace_id = ?1", AT(newest_post_at) },
	{ "SELECT count(*) FROM account_snapshot",
		"SELECT count(*) FROM account_snapshot s JOIN account a ON a.id = s.account_id WHERE a.workspace_id = ?1",
		AT(snapshots) },
};

int clout_store_counts_get(clout_store *store, int64_t workspace, clout_store_counts *out, clout_error *err)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		store_bind b;
		int64_t n = 0;
		int rc;
		if ((rc = store_stmt(store, &b, workspace ? queries[i].one : queries[i].all, err)) < 0)
			return rc;
		if (workspace)
			sb_int(&b, 1, workspace);
		if (b.rc < 0)
			return store_bind_error(store, &b, "counting", err);
		if ((rc = clout_sql_run_int64(store->db, b.st, &n, "counting", err)) < 0)
			return rc;
		memcpy((char *)out + queries[i].offset, &n, sizeof(n));
	}
	return 0;
}
