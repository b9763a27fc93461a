/*
 * user.c: users, their Argon2id password hashes (libsodium crypto_pwhash_str with the moderate
 * limits) and their workspaces (see clout/auth.h).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "lib/auth/internal.h"
#include "lib/store/auth.h"
#include "util/banned.h"

int64_t auth_now(int64_t now)
{
	return now ? now : (int64_t)time(NULL);
}

int auth_check_name(const char *name, clout_error *err)
{
	size_t len = name ? strlen(name) : 0;
	if (len == 0)
		return clout_error_set(err, CLOUT_EINVAL, "name: a user name is required");
	if (len > CLOUT_AUTH_NAME_MAX)
		return clout_error_set(err, CLOUT_EINVAL, "name: longer than %d bytes", CLOUT_AUTH_NAME_MAX);
	for (size_t i = 0; i < len; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-' || c == '@'))
			return clout_error_set(err, CLOUT_EINVAL,
				"name: '%s' may only hold letters, digits, '.', '_', '-' and '@'", name);
	}
	return 0;
}

int clout_password_cost_parse(clout_password_cost *out, const char *name, clout_error *err)
{
	static const char *const names[] = { "moderate", "interactive", "min" };
	for (int i = 0; i < 3; i++)
		if (name && !strcmp(name, names[i])) {
			*out = (clout_password_cost)i;
			return 0;
		}
	return clout_error_set(err, CLOUT_EINVAL, "password cost: '%s' is not moderate, interactive or min",
		name ? name : "");
}

static int hash_password(char out[crypto_pwhash_STRBYTES], const char *password, clout_password_cost cost,
	clout_error *err)
{
	size_t len = password ? strlen(password) : 0;
	unsigned long long ops = crypto_pwhash_OPSLIMIT_MODERATE;
	size_t mem = crypto_pwhash_MEMLIMIT_MODERATE;
	if (cost == CLOUT_PASSWORD_INTERACTIVE) {
		ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	} else if (cost == CLOUT_PASSWORD_MIN) {
		ops = crypto_pwhash_OPSLIMIT_MIN;
		mem = crypto_pwhash_MEMLIMIT_MIN;
	}
	if (sodium_init() < 0)
		return clout_error_set(err, CLOUT_EINTERNAL, "libsodium could not be initialised");
	if (len < CLOUT_AUTH_PASSWORD_MIN)
		return clout_error_set(err, CLOUT_EINVAL, "password: shorter than %d characters", CLOUT_AUTH_PASSWORD_MIN);
	if (len > 4096)
		return clout_error_set(err, CLOUT_EINVAL, "password: longer than 4096 bytes");
	if (crypto_pwhash_str(out, password, len, ops, mem) != 0)
		return clout_error_set(err, CLOUT_ENOMEM, "password: hashing ran out of memory");
	return 0;
}

void clout_users_free(clout_user *users, size_t n)
{
	if (!users)
		return;
	for (size_t i = 0; i < n; i++)
		free(users[i].name);
	free(users);
}

void clout_workspace_refs_free(clout_workspace_ref *list, size_t n)
{
	if (!list)
		return;
	for (size_t i = 0; i < n; i++)
		free(list[i].name);
	free(list);
}

int clout_auth_workspaces(clout_workspace_ref **out, size_t *n, clout_session *s, const clout_principal *who)
{
	clout_error *err = clout_session_err(s);
	*out = NULL;
	*n = 0;
	clout_error_clear(err);
	if (!who)
		return clout_error_set(err, CLOUT_EINVAL, "workspaces: no caller");
	if (clout_session_need_store(s) < 0)
		return CLOUT_EINVAL;
	return clout__auth_workspaces(clout_session_store(s), who->role == CLOUT_ROLE_ADMIN ? 0 : who->user_id, out, n, err);
}

void clout_auth_password_generate(char *out)
{
	static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	for (int i = 0; i < CLOUT_AUTH_PASSWORD_GEN - 1; i++)
		out[i] = alphabet[randombytes_uniform((uint32_t)(sizeof(alphabet) - 1))];
	out[CLOUT_AUTH_PASSWORD_GEN - 1] = '\0';
}

int clout__auth_user_add_on(int64_t *out_id, clout_store *store, const char *name, clout_role role, const char *password,
	clout_password_cost cost, int64_t workspace, clout_error *err)
{
	char hash[crypto_pwhash_STRBYTES];
	int64_t id;
	int rc;
	if ((rc = auth_check_name(name, err)) < 0)
		return rc;
	if ((unsigned)role >= CLOUT_ROLE_COUNT)
		return clout_error_set(err, CLOUT_EINVAL, "role: unknown role %d", (int)role);
	if ((rc = hash_password(hash, password, cost, err)) < 0)
		return rc;
	if ((rc = clout_store_begin(store, err)) < 0)
		goto done;
	if ((rc = clout__auth_user_insert(store, name, clout_role_name(role), hash, auth_now(0), &id, err)) < 0 ||
	    (workspace && (rc = clout__auth_member_add(store, id, workspace, err)) < 0)) {
		clout_store_rollback(store);
		goto done;
	}
	if ((rc = clout_store_commit(store, err)) < 0)
		goto done;
	if (out_id)
		*out_id = id;
done:
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

int clout__auth_user_get_on(clout_user *out, clout_store *store, const char *name, clout_error *err)
{
	auth_user_row row;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = clout__auth_user_get(store, name, &row, err)) < 0)
		return rc;
	sodium_memzero(row.password_hash, sizeof(row.password_hash));
	if (rc == 0)
		return clout_error_set(err, CLOUT_ENOTFOUND, "no user '%s'", name);
	if (!(out->name = strdup(row.name)))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	out->id = row.id;
	out->created_at = row.created_at;
	if (clout_role_parse(&out->role, row.role, err) < 0) {
		free(out->name);
		out->name = NULL;
		return clout_error_wrap(err, CLOUT_EBADDATA, "user '%s': ", name);
	}
	return 0;
}

int clout__auth_user_list_on(clout_user **out, size_t *n, clout_store *store, clout_error *err)
{
	return clout__auth_user_list(store, out, n, err);
}

int clout__auth_user_set_role_on(clout_store *store, const char *name, clout_role role, clout_error *err)
{
	int rc;
	if ((unsigned)role >= CLOUT_ROLE_COUNT)
		return clout_error_set(err, CLOUT_EINVAL, "role: unknown role %d", (int)role);
	if ((rc = clout__auth_user_set(store, name, clout_role_name(role), NULL, err)) < 0)
		return rc;
	return rc ? 0 : clout_error_set(err, CLOUT_ENOTFOUND, "no user '%s'", name);
}

int clout__auth_user_set_password_on(clout_store *store, const char *name, const char *password, clout_password_cost cost,
	clout_error *err)
{
	char hash[crypto_pwhash_STRBYTES];
	auth_user_row row;
	int rc;
	if ((rc = hash_password(hash, password, cost, err)) < 0)
		return rc;
	if ((rc = clout_store_begin(store, err)) < 0)
		goto done;
	if ((rc = clout__auth_user_get(store, name, &row, err)) < 0 ||
	    (rc == 0 && (rc = clout_error_set(err, CLOUT_ENOTFOUND, "no user '%s'", name)) < 0) ||
	    (rc = clout__auth_user_set(store, name, NULL, hash, err)) < 0 ||
	    (rc = clout__auth_sessions_delete_user(store, row.id, err)) < 0) {
		clout_store_rollback(store);
		goto done;
	}
	rc = clout_store_commit(store, err);
done:
	sodium_memzero(hash, sizeof(hash));
	sodium_memzero(row.password_hash, sizeof(row.password_hash));
	return rc;
}

int clout__auth_user_remove_on(clout_store *store, const char *name, clout_error *err)
{
	auth_user_row row;
	int rc;
	if ((rc = clout_store_begin(store, err)) < 0)
		return rc;
	if ((rc = clout__auth_user_get(store, name, &row, err)) < 0 ||
	    (rc == 0 && (rc = clout_error_set(err, CLOUT_ENOTFOUND, "no user '%s'", name)) < 0) ||
	    (rc = clout__auth_user_delete(store, row.id, err)) < 0) {
		clout_store_rollback(store);
		return rc;
	}
	return clout_store_commit(store, err);
}

int clout__auth_member_add_on(clout_store *store, int64_t user, int64_t workspace, clout_error *err)
{
	return clout__auth_member_add(store, user, workspace, err);
}

int clout__auth_user_join_on(clout_store *store, const char *name, int64_t workspace, clout_error *err)
{
	auth_user_row row;
	int rc;
	if (workspace <= 0)
		return clout_error_set(err, CLOUT_EINVAL, "workspace: no workspace given");
	if ((rc = clout__auth_user_get(store, name, &row, err)) < 0)
		return rc;
	sodium_memzero(row.password_hash, sizeof(row.password_hash));
	if (rc == 0)
		return clout_error_set(err, CLOUT_ENOTFOUND, "no user '%s'", name);
	return clout__auth_member_add(store, row.id, workspace, err);
}

int clout__auth_member_check_on(bool *out, clout_store *store, int64_t user, clout_role role, int64_t workspace,
	clout_error *err)
{
	int rc;
	*out = false;
	if (role == CLOUT_ROLE_ADMIN) {
		*out = true;
		return 0;
	}
	if ((rc = clout__auth_member_has(store, user, workspace, err)) < 0)
		return rc;
	*out = rc == 1;
	return 0;
}
