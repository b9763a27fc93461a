/*
 * auth.h (libclout only): the tables of users, memberships, API tokens, login sessions, login
 * attempts and the audit log (migration 0010_auth), in portable SQL on the clout_sql front. The
 * rules (hashing, expiry, rate limits, roles) live in src/lib/auth/.
 */
#ifndef CLOUT_LIB_STORE_AUTH_H
#define CLOUT_LIB_STORE_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clout/auth.h"
#include "clout/store.h"

#define AUTH_HASH_BYTES 32
#define AUTH_ROLE_MAX 16
#define AUTH_PWHASH_MAX 128

/* A user as stored. */
typedef struct auth_user_row {
	int64_t id;
	char name[CLOUT_AUTH_NAME_MAX + 1];
	char role[AUTH_ROLE_MAX];
	char password_hash[AUTH_PWHASH_MAX];
	int64_t created_at;
} auth_user_row;

/* A token or session with its user, as stored. */
typedef struct auth_secret_row {
	int64_t id;
	int64_t workspace;
	uint8_t hash[AUTH_HASH_BYTES];
	size_t hash_len;
	int64_t expires_at; /* 0: never */
	int64_t revoked_at; /* 0: live (tokens) */
	int64_t last_used_at; /* 0: never (tokens) */
	auth_user_row user; /* without password_hash */
} auth_secret_row;

/* CLOUT_EEXISTS when the name is taken. */
int clout__auth_user_insert(clout_store *store, const char *name, const char *role, const char *pwhash,
	int64_t created_at, int64_t *out_id, clout_error *err);
/* 1 found, 0 absent. */
int clout__auth_user_get(clout_store *store, const char *name, auth_user_row *out, clout_error *err);
int clout__auth_user_list(clout_store *store, clout_user **out, size_t *n, clout_error *err);
/* Every workspace (user 0), or the ones user is a member of, by name. */
int clout__auth_workspaces(clout_store *store, int64_t user, clout_workspace_ref **out, size_t *n, clout_error *err);
/* 1 changed, 0 no such user. */
int clout__auth_user_set(clout_store *store, const char *name, const char *role, const char *pwhash,
	clout_error *err);
/* Deletes the user and what hangs on them; 1 deleted, 0 no such user. Inside a transaction. */
int clout__auth_user_delete(clout_store *store, int64_t user, clout_error *err);
int clout__auth_sessions_delete_user(clout_store *store, int64_t user, clout_error *err);

int clout__auth_member_add(clout_store *store, int64_t user, int64_t workspace, clout_error *err);
/* 1 member, 0 not. */
int clout__auth_member_has(clout_store *store, int64_t user, int64_t workspace, clout_error *err);
/* The user's first workspace (lowest id): 1 with *out, 0 none. */
int clout__auth_member_first(clout_store *store, int64_t user, int64_t *out, clout_error *err);

int clout__auth_token_insert(clout_store *store, int64_t user, int64_t workspace, const uint8_t *hash,
	int64_t created_at, int64_t expires_at, int64_t *out_id, clout_error *err);
/* 1 found, 0 absent. */
int clout__auth_token_get(clout_store *store, int64_t id, auth_secret_row *out, clout_error *err);
int clout__auth_token_used(clout_store *store, int64_t id, int64_t at, clout_error *err);
int clout__auth_token_list(clout_store *store, const char *user, clout_api_token **out, size_t *n,
	clout_error *err);
/* 1 revoked, 0 no live token with id. */
int clout__auth_token_revoke(clout_store *store, int64_t id, int64_t at, clout_error *err);

int clout__auth_session_insert(clout_store *store, int64_t user, int64_t workspace, const uint8_t *hash,
	int64_t created_at, int64_t expires_at, const char *origin, int64_t *out_id, clout_error *err);
int clout__auth_session_get(clout_store *store, int64_t id, auth_secret_row *out, clout_error *err);
/* 1 deleted, 0 no such session. */
int clout__auth_session_delete(clout_store *store, int64_t id, clout_error *err);

int clout__auth_attempt_insert(clout_store *store, const char *name, const char *origin, int64_t at, bool ok,
	clout_error *err);
/* Failed attempts at or after since for name (by_origin false) or origin: *count and the oldest time. */
int clout__auth_attempt_failures(clout_store *store, bool by_origin, const char *key, int64_t since, int64_t *count,
	int64_t *oldest, clout_error *err);

/* Deletes login attempts older than attempts_before and sessions expired by sessions_until. */
int clout__auth_prune(clout_store *store, int64_t attempts_before, int64_t sessions_until, clout_error *err);

int clout__audit_insert(clout_store *store, const clout_audit_entry *e, clout_error *err);
int clout__audit_list(clout_store *store, int64_t since_ms, clout_audit_list *out, clout_error *err);

#endif
