/*
 * auth.c: the auth tables in portable SQL (see auth.h): users, memberships, API tokens, login
 * sessions, login attempts and the audit log.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/store/auth.h"
#include "lib/store/store_internal.h"
#include "util/banned.h"

static const char SQL_USER_INSERT[] =
	"INSERT INTO auth_user (name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4) "
	"ON CONFLICT (name) DO NOTHING RETURNING id";
static const char SQL_USER_GET[] =
	"SELECT id, name, role, password_hash, created_at FROM auth_user WHERE name = ?1";
static const char SQL_USER_LIST[] = "SELECT id, name, role, created_at FROM auth_user ORDER BY name, id";
static const char SQL_WORKSPACES_ALL[] = "SELECT id, name FROM workspace ORDER BY name, id";
static const char SQL_WORKSPACES_OF[] =
	"SELECT w.id, w.name FROM workspace w JOIN auth_member m ON m.workspace_id = w.id WHERE m.user_id = ?1 "
	"ORDER BY w.name, w.id";
static const char SQL_USER_SET_ROLE[] = "UPDATE auth_user SET role = ?2 WHERE name = ?1";
static const char SQL_USER_SET_PASSWORD[] = "UPDATE auth_user SET password_hash = ?2 WHERE name = ?1";
static const char SQL_USER_DEL_MEMBERS[] = "DELETE FROM auth_member WHERE user_id = ?1";
static const char SQL_USER_DEL_TOKENS[] = "DELETE FROM auth_token WHERE user_id = ?1";
static const char SQL_USER_DEL_SESSIONS[] = "DELETE FROM auth_session WHERE user_id = ?1";
static const char SQL_USER_DEL[] = "DELETE FROM auth_user WHERE id = ?1";
static const char SQL_MEMBER_ADD[] =
	"INSERT INTO auth_member (user_id, workspace_id) VALUES (?1, ?2) ON CONFLICT (user_id, workspace_id) DO NOTHING";
static const char SQL_MEMBER_HAS[] = "SELECT 1 FROM auth_member WHERE user_id = ?1 AND workspace_id = ?2";
static const char SQL_MEMBER_FIRST[] = "SELECT MIN(workspace_id) FROM auth_member WHERE user_id = ?1";
static const char SQL_TOKEN_INSERT[] =
	"INSERT INTO auth_token (user_id, workspace_id, secret_hash, created_at, expires_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id";
static const char SQL_TOKEN_GET[] =
	"SELECT t.id, t.workspace_id, t.secret_hash, t.expires_at, t.revoked_at, u.id, u.name, u.role, u.created_at, "
	"t.last_used_at "
	"FROM auth_token t JOIN auth_user u ON u.id = t.user_id WHERE t.id = ?1";
static const char SQL_TOKEN_USED[] = "UPDATE auth_token SET last_used_at = ?2 WHERE id = ?1";
static const char SQL_TOKEN_LIST[] =
	"SELECT t.id, u.name, w.name, t.created_at, t.expires_at, t.revoked_at, t.last_used_at "
	"FROM auth_token t JOIN auth_user u ON u.id = t.user_id JOIN workspace w ON w.id = t.workspace_id "
	"WHERE ?2 = 0 OR u.name = ?1 ORDER BY t.id DESC";
static const char SQL_TOKEN_REVOKE[] = "UPDATE auth_token SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL";
static const char SQL_SESSION_INSERT[] =
	"INSERT INTO auth_session (user_id, workspace_id, secret_hash, created_at, expires_at, origin) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id";
static const char SQL_SESSION_GET[] =
	"SELECT s.id, s.workspace_id, s.secret_hash, s.expires_at, 0, u.id, u.name, u.role, u.created_at, 0 "
	"FROM auth_session s JOIN auth_user u ON u.id = s.user_id WHERE s.id = ?1";
static const char SQL_SESSION_DEL[] = "DELETE FROM auth_session WHERE id = ?1";
static const char SQL_ATTEMPT_INSERT[] =
	"INSERT INTO auth_login_attempt (name, origin, at, ok) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_FAILURES_NAME[] =
	"SELECT COUNT(*), MIN(at) FROM auth_login_attempt WHERE name = ?1 AND at >= ?2 AND ok = 0";
static const char SQL_FAILURES_ORIGIN[] =
	"SELECT COUNT(*), MIN(at) FROM auth_login_attempt WHERE origin = ?1 AND at >= ?2 AND ok = 0";
static const char SQL_ATTEMPTS_PRUNE[] = "DELETE FROM auth_login_attempt WHERE at < ?1";
static const char SQL_SESSIONS_PRUNE[] = "DELETE FROM auth_session WHERE expires_at <= ?1";
static const char SQL_AUDIT_INSERT[] =
	"INSERT INTO audit_log (at_ms, workspace_id, actor, action, object, origin) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_AUDIT_LIST[] =
	"SELECT id, at_ms, workspace_id, actor, action, object, origin FROM audit_log WHERE at_ms >= ?1 "
	"ORDER BY at_ms, id";

static void copy_text(clout_store *store, clout_sql_stmt *st, int col, char *out, size_t size)
{
	size_t len = 0;
	const char *s = clout_sql_column_text(store->db, st, col, &len);
	if (!s)
		len = 0;
	if (len >= size)
		len = size - 1;
	if (len)
		memcpy(out, s, len);
	out[len] = '\0';
}

/* Runs a statement with one id parameter (and an optional second integer); returns rows changed. */
static int run_id(clout_store *store, const char *sql, int64_t id, bool with_second, int64_t second,
	const char *what, clout_error *err)
{
	store_bind b;
	int rc;
	int64_t changed;
	if ((rc = store_stmt(store, &b, sql, err)) < 0)
		return rc;
	sb_int(&b, 1, id);
	if (with_second)
		sb_int(&b, 2, second);
	if (b.rc < 0)
		return store_bind_error(store, &b, what, err);
	if ((rc = clout_sql_step(store->db, b.st, what, err)) < 0)
		return rc;
	changed = clout_sql_changes(store->db, b.st);
	clout_sql_reset(store->db, b.st);
	return changed > 0 ? 1 : 0;
}

int clout__auth_user_insert(clout_store *store, const char *name, const char *role, const char *pwhash,
	int64_t created_at, int64_t *out_id, clout_error *err)
{
	store_bind b;
	int64_t id = 0;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_USER_INSERT, err)) < 0)
		return rc;
	sb_text(&b, 1, name);
	sb_text(&b, 2, role);
	sb_text(&b, 3, pwhash);
	sb_int(&b, 4, created_at);
	if (b.rc < 0)
		return store_bind_error(store, &b, "user", err);
	if ((rc = clout_sql_run_int64(store->db, b.st, &id, "insert user", err)) < 0)
		return rc;
	if (rc == 0)
		return clout_error_set(err, CLOUT_EEXISTS, "user '%s' exists", name);
	if (out_id)
		*out_id = id;
	return 0;
}

int clout__auth_user_get(clout_store *store, const char *name, auth_user_row *out, clout_error *err)
{
	store_bind b;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = store_stmt(store, &b, SQL_USER_GET, err)) < 0)
		return rc;
	sb_text(&b, 1, name);
	if (b.rc < 0)
		return store_bind_error(store, &b, "user", err);
	rc = clout_sql_step(store->db, b.st, "read user", err);
	if (rc == CLOUT_SQL_ROW) {
		out->id = clout_sql_column_int64(store->db, b.st, 0);
		copy_text(store, b.st, 1, out->name, sizeof(out->name));
		copy_text(store, b.st, 2, out->role, sizeof(out->role));
		copy_text(store, b.st, 3, out->password_hash, sizeof(out->password_hash));
		out->created_at = clout_sql_column_int64(store->db, b.st, 4);
	}
	clout_sql_reset(store->db, b.st);
	return rc < 0 ? rc : rc == CLOUT_SQL_ROW;
}

static void read_user(clout_store *store, clout_sql_stmt *st, void *item, bool *oom)
{
	clout_user *u = item;
	char role[AUTH_ROLE_MAX];
	u->id = clout_sql_column_int64(store->db, st, 0);
	u->name = store_column_dup(store, st, 1, oom);
	copy_text(store, st, 2, role, sizeof(role));
	if (clout_role_parse(&u->role, role, NULL) < 0)
		u->role = CLOUT_ROLE_VIEWER;
	u->created_at = clout_sql_column_int64(store->db, st, 3);
}

int clout__auth_user_list(clout_store *store, clout_user **out, size_t *n, clout_error *err)
{
	store_bind b;
	void *users;
	int rc;
	*out = NULL;
	*n = 0;
	if ((rc = store_stmt(store, &b, SQL_USER_LIST, err)) < 0)
		return rc;
	if ((rc = store_collect(store, &b, "list users", sizeof(clout_user), read_user, &users, n, err)) < 0) {
		clout_users_free(users, *n);
		*n = 0;
		return rc;
	}
	*out = users;
	return 0;
}

static void read_workspace(clout_store *store, clout_sql_stmt *st, void *item, bool *oom)
{
	clout_workspace_ref *w = item;
	w->id = clout_sql_column_int64(store->db, st, 0);
	w->name = store_column_dup(store, st, 1, oom);
}

int clout__auth_workspaces(clout_store *store, int64_t user, clout_workspace_ref **out, size_t *n, clout_error *err)
{
	store_bind b;
	void *list;
	int rc;
	*out = NULL;
	*n = 0;
	if ((rc = store_stmt(store, &b, user ? SQL_WORKSPACES_OF : SQL_WORKSPACES_ALL, err)) < 0)
		return rc;
	if (user)
		sb_int(&b, 1, user);
	if (b.rc < 0)
		return store_bind_error(store, &b, "listing workspaces", err);
	if ((rc = store_collect(store, &b, "list workspaces", sizeof(clout_workspace_ref), read_workspace, &list, n,
		     err)) < 0) {
		clout_workspace_refs_free(list, *n);
		*n = 0;
		return rc;
	}
	*out = list;
	return 0;
}

int clout__auth_user_set(clout_store *store, const char *name, const char *role, const char *pwhash,
	clout_error *err)
{
	store_bind b;
	int64_t changed;
	int rc;
	if ((rc = store_stmt(store, &b, role ? SQL_USER_SET_ROLE : SQL_USER_SET_PASSWORD, err)) < 0)
		return rc;
	sb_text(&b, 1, name);
	sb_text(&b, 2, role ? role : pwhash);
	if (b.rc < 0)
		return store_bind_error(store, &b, "user", err);
	if ((rc = clout_sql_step(store->db, b.st, "update user", err)) < 0)
		return rc;
	changed = clout_sql_changes(store->db, b.st);
	clout_sql_reset(store->db, b.st);
	return changed > 0;
}

int clout__auth_sessions_delete_user(clout_store *store, int64_t user, clout_error *err)
{
	int rc = run_id(store, SQL_USER_DEL_SESSIONS, user, false, 0, "delete sessions", err);
	return rc < 0 ? rc : 0;
}

int clout__auth_user_delete(clout_store *store, int64_t user, clout_error *err)
{
	int rc;
	if ((rc = run_id(store, SQL_USER_DEL_MEMBERS, user, false, 0, "delete memberships", err)) < 0 ||
	    (rc = run_id(store, SQL_USER_DEL_TOKENS, user, false, 0, "delete tokens", err)) < 0 ||
	    (rc = run_id(store, SQL_USER_DEL_SESSIONS, user, false, 0, "delete sessions", err)) < 0)
		return rc;
	return run_id(store, SQL_USER_DEL, user, false, 0, "delete user", err);
}

int clout__auth_member_add(clout_store *store, int64_t user, int64_t workspace, clout_error *err)
{
	int rc = run_id(store, SQL_MEMBER_ADD, user, true, workspace, "add member", err);
	return rc < 0 ? rc : 0;
}

int clout__auth_member_has(clout_store *store, int64_t user, int64_t workspace, clout_error *err)
{
	store_bind b;
	int64_t one;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_MEMBER_HAS, err)) < 0)
		return rc;
	sb_int(&b, 1, user);
	sb_int(&b, 2, workspace);
	if (b.rc < 0)
		return store_bind_error(store, &b, "member", err);
	return clout_sql_run_int64(store->db, b.st, &one, "read member", err);
}

int clout__auth_member_first(clout_store *store, int64_t user, int64_t *out, clout_error *err)
{
	store_bind b;
	int rc;
	*out = 0;
	if ((rc = store_stmt(store, &b, SQL_MEMBER_FIRST, err)) < 0)
		return rc;
	sb_int(&b, 1, user);
	if (b.rc < 0)
		return store_bind_error(store, &b, "member", err);
	rc = clout_sql_step(store->db, b.st, "read member", err);
	if (rc == CLOUT_SQL_ROW)
		*out = store_column_id(store, b.st, 0);
	clout_sql_reset(store->db, b.st);
	return rc < 0 ? rc : *out != 0;
}

static int insert_secret(clout_store *store, const char *sql, int64_t user, int64_t workspace, const uint8_t *hash,
	int64_t created_at, int64_t expires_at, const char *origin, int64_t *out_id, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, sql, err)) < 0)
		return rc;
	sb_int(&b, 1, user);
	sb_int(&b, 2, workspace);
	sb_blob(&b, 3, hash, AUTH_HASH_BYTES);
	sb_int(&b, 4, created_at);
	sb_id(&b, 5, expires_at);
	if (origin)
		sb_text(&b, 6, origin);
	if (b.rc < 0)
		return store_bind_error(store, &b, "credential", err);
	if ((rc = clout_sql_run_int64(store->db, b.st, out_id, "insert credential", err)) < 0)
		return rc;
	return rc == 1 ? 0 : clout_error_set(err, CLOUT_EINTERNAL, "inserting a credential returned no id");
}

static int get_secret(clout_store *store, const char *sql, int64_t id, auth_secret_row *out, clout_error *err)
{
	store_bind b;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = store_stmt(store, &b, sql, err)) < 0)
		return rc;
	sb_int(&b, 1, id);
	if (b.rc < 0)
		return store_bind_error(store, &b, "credential", err);
	rc = clout_sql_step(store->db, b.st, "read credential", err);
	if (rc == CLOUT_SQL_ROW) {
		size_t len = 0;
		const void *hash = clout_sql_column_blob(store->db, b.st, 2, &len);
		out->id = clout_sql_column_int64(store->db, b.st, 0);
		out->workspace = clout_sql_column_int64(store->db, b.st, 1);
		if (hash && len == AUTH_HASH_BYTES) {
			memcpy(out->hash, hash, len);
			out->hash_len = len;
		}
		out->expires_at = store_column_id(store, b.st, 3);
		out->revoked_at = store_column_id(store, b.st, 4);
		out->user.id = clout_sql_column_int64(store->db, b.st, 5);
		copy_text(store, b.st, 6, out->user.name, sizeof(out->user.name));
		copy_text(store, b.st, 7, out->user.role, sizeof(out->user.role));
		out->user.created_at = clout_sql_column_int64(store->db, b.st, 8);
		out->last_used_at = store_column_id(store, b.st, 9);
	}
	clout_sql_reset(store->db, b.st);
	return rc < 0 ? rc : rc == CLOUT_SQL_ROW;
}

int clout__auth_token_insert(clout_store *store, int64_t user, int64_t workspace, const uint8_t *hash,
	int64_t created_at, int64_t expires_at, int64_t *out_id, clout_error *err)
{
	return insert_secret(store, SQL_TOKEN_INSERT, user, workspace, hash, created_at, expires_at, NULL, out_id, err);
}

int clout__auth_token_get(clout_store *store, int64_t id, auth_secret_row *out, clout_error *err)
{
	return get_secret(store, SQL_TOKEN_GET, id, out, err);
}

int clout__auth_token_used(clout_store *store, int64_t id, int64_t at, clout_error *err)
{
	int rc = run_id(store, SQL_TOKEN_USED, id, true, at, "mark token used", err);
	return rc < 0 ? rc : 0;
}

int clout__auth_token_revoke(clout_store *store, int64_t id, int64_t at, clout_error *err)
{
	return run_id(store, SQL_TOKEN_REVOKE, id, true, at, "revoke token", err);
}

int clout__auth_token_list(clout_store *store, const char *user, clout_api_token **out, size_t *n,
	clout_error *err)
{
	store_bind b;
	clout_api_token *tokens = NULL;
	size_t count = 0, cap = 0;
	bool oom = false;
	int rc;
	*out = NULL;
	*n = 0;
	if ((rc = store_stmt(store, &b, SQL_TOKEN_LIST, err)) < 0)
		return rc;
	sb_text(&b, 1, user ? user : "");
	sb_int(&b, 2, user ? 1 : 0);
	if (b.rc < 0)
		return store_bind_error(store, &b, "tokens", err);
	while ((rc = clout_sql_step(store->db, b.st, "list tokens", err)) == CLOUT_SQL_ROW) {
		clout_api_token *t;
		if (count == cap) {
			clout_api_token *grown = realloc(tokens, (cap = cap ? cap * 2 : 8) * sizeof(*tokens));
			if (!grown) {
				oom = true;
				break;
			}
			tokens = grown;
		}
		t = &tokens[count++];
		memset(t, 0, sizeof(*t));
		t->id = clout_sql_column_int64(store->db, b.st, 0);
		t->user = store_column_dup(store, b.st, 1, &oom);
		t->workspace = store_column_dup(store, b.st, 2, &oom);
		t->created_at = clout_sql_column_int64(store->db, b.st, 3);
		t->expires_at = store_column_id(store, b.st, 4);
		t->revoked_at = store_column_id(store, b.st, 5);
		t->last_used_at = store_column_id(store, b.st, 6);
		if (oom)
			break;
	}
	clout_sql_reset(store->db, b.st);
	if (oom)
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	if (rc < 0) {
		clout_api_tokens_free(tokens, count);
		return rc;
	}
	*out = tokens;
	*n = count;
	return 0;
}

int clout__auth_session_insert(clout_store *store, int64_t user, int64_t workspace, const uint8_t *hash,
	int64_t created_at, int64_t expires_at, const char *origin, int64_t *out_id, clout_error *err)
{
	return insert_secret(store, SQL_SESSION_INSERT, user, workspace, hash, created_at, expires_at, origin, out_id,
		err);
}

int clout__auth_session_get(clout_store *store, int64_t id, auth_secret_row *out, clout_error *err)
{
	return get_secret(store, SQL_SESSION_GET, id, out, err);
}

int clout__auth_session_delete(clout_store *store, int64_t id, clout_error *err)
{
	return run_id(store, SQL_SESSION_DEL, id, false, 0, "delete session", err);
}

int clout__auth_attempt_insert(clout_store *store, const char *name, const char *origin, int64_t at, bool ok,
	clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_ATTEMPT_INSERT, err)) < 0)
		return rc;
	sb_text(&b, 1, name);
	sb_text(&b, 2, origin);
	sb_int(&b, 3, at);
	sb_int(&b, 4, ok ? 1 : 0);
	if (b.rc < 0)
		return store_bind_error(store, &b, "login attempt", err);
	return clout_sql_run(store->db, b.st, "record login attempt", err);
}

int clout__auth_attempt_failures(clout_store *store, bool by_origin, const char *key, int64_t since, int64_t *count,
	int64_t *oldest, clout_error *err)
{
	store_bind b;
	int rc;
	*count = 0;
	*oldest = 0;
	if ((rc = store_stmt(store, &b, by_origin ? SQL_FAILURES_ORIGIN : SQL_FAILURES_NAME, err)) < 0)
		return rc;
	sb_text(&b, 1, key);
	sb_int(&b, 2, since);
	if (b.rc < 0)
		return store_bind_error(store, &b, "login attempts", err);
	rc = clout_sql_step(store->db, b.st, "count login failures", err);
	if (rc == CLOUT_SQL_ROW) {
		*count = clout_sql_column_int64(store->db, b.st, 0);
		*oldest = store_column_id(store, b.st, 1);
	}
	clout_sql_reset(store->db, b.st);
	return rc < 0 ? rc : 0;
}

int clout__auth_prune(clout_store *store, int64_t attempts_before, int64_t sessions_until, clout_error *err)
{
	int rc;
	if ((rc = run_id(store, SQL_ATTEMPTS_PRUNE, attempts_before, false, 0, "prune login attempts", err)) < 0 ||
	    (rc = run_id(store, SQL_SESSIONS_PRUNE, sessions_until, false, 0, "prune sessions", err)) < 0)
		return rc;
	return 0;
}

int clout__audit_insert(clout_store *store, const clout_audit_entry *e, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_AUDIT_INSERT, err)) < 0)
		return rc;
	sb_int(&b, 1, e->at_ms);
	sb_id(&b, 2, e->workspace);
	sb_text(&b, 3, e->actor);
	sb_text(&b, 4, e->action);
	sb_text_or_null(&b, 5, e->object);
	sb_text(&b, 6, e->origin);
	if (b.rc < 0)
		return store_bind_error(store, &b, "audit entry", err);
	return clout_sql_run(store->db, b.st, "append audit entry", err);
}

/* Appends s (or nothing for NULL) to the list's string block; returns its offset + 1, or 0 for NULL. */
static size_t strings_put(char **block, size_t *len, size_t *cap, const char *s, size_t slen, bool *oom)
{
	size_t at;
	if (!s)
		return 0;
	if (*len + slen + 1 > *cap) {
		size_t want = (*cap ? *cap * 2 : 1024) + slen + 1;
		char *grown = realloc(*block, want);
		if (!grown) {
			*oom = true;
			return 0;
		}
		*block = grown;
		*cap = want;
	}
	at = *len;
	memcpy(*block + at, s, slen);
	(*block)[at + slen] = '\0';
	*len += slen + 1;
	return at + 1;
}

/* Entries keep string offsets (+1) in their pointers until the block stops moving. */
static void audit_fix_strings(clout_audit_list *list, size_t (*offs)[4])
{
	for (size_t i = 0; i < list->count; i++) {
		clout_audit_entry *e = &list->entries[i];
		e->actor = offs[i][0] ? list->strings + offs[i][0] - 1 : NULL;
		e->action = offs[i][1] ? list->strings + offs[i][1] - 1 : NULL;
		e->object = offs[i][2] ? list->strings + offs[i][2] - 1 : NULL;
		e->origin = offs[i][3] ? list->strings + offs[i][3] - 1 : NULL;
	}
}

int clout__audit_list(clout_store *store, int64_t since_ms, clout_audit_list *out, clout_error *err)
{
	store_bind b;
	size_t cap = 0, slen = 0, scap = 0;
	size_t (*offs)[4] = NULL;
	bool oom = false;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = store_stmt(store, &b, SQL_AUDIT_LIST, err)) < 0)
		return rc;
	sb_int(&b, 1, since_ms);
	if (b.rc < 0)
		return store_bind_error(store, &b, "audit log", err);
	while ((rc = clout_sql_step(store->db, b.st, "read audit log", err)) == CLOUT_SQL_ROW) {
		clout_audit_entry *e;
		if (out->count == cap) {
			size_t want = cap ? cap * 2 : 16;
			clout_audit_entry *grown = realloc(out->entries, want * sizeof(*grown));
			size_t (*grown_offs)[4] = grown ? realloc(offs, want * sizeof(*offs)) : NULL;
			if (grown)
				out->entries = grown;
			if (!grown || !grown_offs) {
				oom = true;
				break;
			}
			offs = grown_offs;
			cap = want;
		}
		e = &out->entries[out->count];
		memset(e, 0, sizeof(*e));
		e->id = clout_sql_column_int64(store->db, b.st, 0);
		e->at_ms = clout_sql_column_int64(store->db, b.st, 1);
		e->workspace = store_column_id(store, b.st, 2);
		for (int c = 0; c < 4; c++) {
			size_t len = 0;
			const char *s = clout_sql_column_text(store->db, b.st, 3 + c, &len);
			offs[out->count][c] = strings_put(&out->strings, &slen, &scap, s, s ? len : 0, &oom);
		}
		out->count++;
		if (oom)
			break;
	}
	clout_sql_reset(store->db, b.st);
	if (oom)
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	if (rc >= 0 && out->count)
		audit_fix_strings(out, offs);
	free(offs);
	if (rc < 0) {
		clout_audit_list_release(out);
		return rc;
	}
	return 0;
}
