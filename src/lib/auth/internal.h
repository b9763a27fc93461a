/* internal.h (libclout only): what the auth module's files share. */
#ifndef CLOUT_LIB_AUTH_INTERNAL_H
#define CLOUT_LIB_AUTH_INTERNAL_H

#include <stdint.h>

#include "clout/auth.h"

/* The current time when now is 0. */
int64_t auth_now(int64_t now);
/* Checks a user name: 1..CLOUT_AUTH_NAME_MAX of [A-Za-z0-9._@-]. */
int auth_check_name(const char *name, clout_error *err);

/* The operations of clout/auth.h on a store (ops.c wraps each for a session). */
int clout__auth_user_add_on(int64_t *out_id, clout_store *store, const char *name, clout_role role, const char *password, clout_password_cost cost, int64_t workspace, clout_error *err);
int clout__auth_user_get_on(clout_user *out, clout_store *store, const char *name, clout_error *err);
int clout__auth_user_list_on(clout_user **out, size_t *n, clout_store *store, clout_error *err);
int clout__auth_user_set_role_on(clout_store *store, const char *name, clout_role role, clout_error *err);
int clout__auth_user_set_password_on(clout_store *store, const char *name, const char *password, clout_password_cost cost, clout_error *err);
int clout__auth_user_remove_on(clout_store *store, const char *name, clout_error *err);
int clout__auth_member_add_on(clout_store *store, int64_t user, int64_t workspace, clout_error *err);
int clout__auth_user_join_on(clout_store *store, const char *name, int64_t workspace, clout_error *err);
int clout__auth_member_check_on(bool *out, clout_store *store, int64_t user, clout_role role, int64_t workspace, clout_error *err);
int clout__auth_token_create_on(int64_t *out_id, char *text, clout_store *store, const char *user, int64_t workspace, int64_t expires_at, clout_error *err);
int clout__auth_token_list_on(clout_api_token **out, size_t *n, clout_store *store, const char *user, clout_error *err);
int clout__auth_token_revoke_on(clout_store *store, int64_t id, int64_t now, clout_error *err);
int clout__auth_token_check_on(clout_principal *out, clout_store *store, const char *text, int64_t now, clout_error *err);
int clout__auth_login_on(clout_login *out, int64_t *retry_after, clout_store *store, const char *name, const char *password, const char *origin, int64_t workspace, int64_t now, clout_error *err);
int clout__auth_session_check_on(clout_principal *out, char *csrf, clout_store *store, const char *text, int64_t now, clout_error *err);
int clout__auth_session_end_on(clout_store *store, int64_t id, clout_error *err);
int clout__auth_session_switch_on(clout_login *out, clout_store *store, int64_t session_id, const char *workspace, const char *origin, int64_t now, clout_error *err);
int clout__auth_origin_on(char *out, clout_store *store, const void *address, size_t len, clout_error *err);
int clout__audit_append_on(clout_store *store, const clout_audit_entry *entry, clout_error *err);
int clout__audit_read_on(clout_audit_list *out, clout_store *store, int64_t since_ms, clout_error *err);

#endif
