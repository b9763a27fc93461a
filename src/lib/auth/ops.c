/*
 * ops.c: the auth module's operations on the session handle (see clout/auth.h): each clears the
 * session's error (not its arena: other operations call these) and runs on its store, leaving its
 * error there (CLOUT_EINVAL for a session without a store).
 */
#include "clout/session.h"
#include "lib/auth/internal.h"
#include "util/banned.h"

int clout_auth_user_add(int64_t *out_id, clout_session *s, const char *name, clout_role role, const char *password, clout_password_cost cost, int64_t workspace)
{
	clout_error_clear(clout_session_err(s));
	if (clout_session_need_store(s) < 0)
		return CLOUT_EINVAL;
	return clout__auth_user_add_on(out_id, clout_session_store(s), name, role, password, cost, workspace, clout_session_err(s));
}

int clout_auth_user_get(clout_user *out, clout_session *s, const char *name)
{
	clout_error_clear(clout_session_err(s));
	if (clout_session_need_store(s) < 0)
		return CLOUT_EINVAL;
	return clout__auth_user_get_on(out, clout_session_store(s), name, clout_session_err(s));
}

int clout_auth_user_list(clout_user **out, size_t *n, clout_session *s)
{
	clout_error_clear(clout_session_err(s));
	if (clout_session_need_store(s) < 0)
		return CLOUT_EINVAL;
	return clout__auth_user_list_on(out, n, clout_session_store(s), clout_session_err(s));
}

int clout_auth_user_set_role(clout_session *s, const char *name, clout_role role)
{
	clout_error_clear(clout_session_err(s));
	if (clout_session_need_store(s) < 0)
		return CLOUT_EINVAL;
	return clout__auth_user_set_role_on(clout_session_store(s), name, role, clout_session_err(s));
}

int clout_auth_user_set_password(clout_session *s, const char *name, const char *password, clout_password_cost cost)
{
	clout_error_clear(clout_session_err(s));
	if (clout_session_need_store(s) < 0)
		return CLOUT_EINVAL;
	return clout__auth_user_set_password_on(clout_session_store(s), name, password, cost, clout_session_err(s));
}

int clout_auth_user_remove(clout_session *s, const char *name)
{
	clout_error_clear(clout_session_err(s));
	if (clout_session_need_store(s) < 0)
		return CLOUT_EINVAL;
	return clout__auth_user_remove_on(clout_session_store(s), name, clout_session_err(s));
}

int clout_auth_member_add(clout_session *s, int64_t user, int64_t workspace)
{
	clout_error_clear(clout_session_err(s));
	if (clout_session_need_store(s) < 0)
		return CLOUT_EINVAL;
	return clout__auth_member_add_on(clout_session_store(s), user, workspace, clout_session_err(s));
}

int clout_auth_user_join(clout_session *s, const char *name, int64_t workspace)
{
	clout_error_clear(clout_session_err(s));
	if (clout_session_need_store(s) < 0)
		return CLOUT_EINVAL;
	return clout__auth_user_join_on(clout_session_store(s), name, workspace, clout_session_err(s));
}

int clout_auth_member_check(bool *out, clout_session *s, int64_t user, clout_role role, int64_t workspace)
{
	clout_error_clear(clout_session_err(s));
	if (clout_session_need_store(s) < 0)
		return CLOUT_EINVAL;
	return clout__auth_member_check_on(out, clout_session_store(s), user, role, workspace, clout_session_err(s));
}

int clout_auth_token_create(int64_t *out_id, char *text, clout_session *s, const char *user, int64_t workspace, int64_t expires_at)
{
	clout_error_clear(clout_session_err(s));
	if (clout_session_need_store(s) < 0)
		return CLOUT_EINVAL;
	return clout__auth_token_create_on(out_id, text, clout_session_store(s), user, workspace, expires_at, clout_session_err(s));
}

int clout_auth_token_list(clout_api_token **out, size_t *n, clout_session *s, const char *user)
{
	clout_error_clear(clout_session_err(s));
	if (clout_session_need_store(s) < 0)
		return CLOUT_EINVAL;
	return clout__auth_token_list_on(out, n, clout_session_store(s), user, clout_session_err(s));
}

int clout_auth_token_revoke(clout_session *s, int64_t id, int64_t now)
{
	clout_error_clear(clout_session_err(s));
	if (clout_session_need_store(s) < 0)
		return CLOUT_EINVAL;
	return clout__auth_token_revoke_on(clout_session_store(s), id, now, clout_session_err(s));
}

int clout_auth_token_check(clout_principal *out, clout_session *s, const char *text, int64_t now)
{
	clout_error_clear(clout_session_err(s));
	if (clout_session_need_store(s) < 0)
		return CLOUT_EINVAL;
	return clout__auth_token_check_on(out, clout_session_store(s), text, now, clout_session_err(s));
}

int clout_auth_login(clout_login *out, int64_t *retry_after, clout_session *s, const char *name, const char *password, const char *origin, int64_t workspace, int64_t now)
{
	clout_error_clear(clout_session_err(s));
	if (clout_session_need_store(s) < 0)
		return CLOUT_EINVAL;
	return clout__auth_login_on(out, retry_after, clout_session_store(s), name, password, origin, workspace, now, clout_session_err(s));
}

int clout_auth_session_check(clout_principal *out, char *csrf, clout_session *s, const char *text, int64_t now)
{
	clout_error_clear(clout_session_err(s));
	if (clout_session_need_store(s) < 0)
		return CLOUT_EINVAL;
	return clout__auth_session_check_on(out, csrf, clout_session_store(s), text, now, clout_session_err(s));
}

int clout_auth_session_end(clout_session *s, int64_t id)
{
	clout_error_clear(clout_session_err(s));
	if (clout_session_need_store(s) < 0)
		return CLOUT_EINVAL;
	return clout__auth_session_end_on(clout_session_store(s), id, clout_session_err(s));
}

int clout_auth_session_switch(clout_login *out, clout_session *s, int64_t session_id, const char *workspace, const char *origin, int64_t now)
{
	clout_error_clear(clout_session_err(s));
	if (clout_session_need_store(s) < 0)
		return CLOUT_EINVAL;
	return clout__auth_session_switch_on(out, clout_session_store(s), session_id, workspace, origin, now, clout_session_err(s));
}

int clout_auth_origin(char *out, clout_session *s, const void *address, size_t len)
{
	clout_error_clear(clout_session_err(s));
	if (clout_session_need_store(s) < 0)
		return CLOUT_EINVAL;
	return clout__auth_origin_on(out, clout_session_store(s), address, len, clout_session_err(s));
}

int clout_audit_append(clout_session *s, const clout_audit_entry *entry)
{
	clout_error_clear(clout_session_err(s));
	if (clout_session_need_store(s) < 0)
		return CLOUT_EINVAL;
	return clout__audit_append_on(clout_session_store(s), entry, clout_session_err(s));
}

int clout_audit_read(clout_audit_list *out, clout_session *s, int64_t since_ms)
{
	clout_error_clear(clout_session_err(s));
	if (clout_session_need_store(s) < 0)
		return CLOUT_EINVAL;
	return clout__audit_read_on(out, clout_session_store(s), since_ms, clout_session_err(s));
}
