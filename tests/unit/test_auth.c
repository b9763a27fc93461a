/*
 * test_auth.c: users and password hashes, roles and their permissions, API tokens (expiry,
 * revocation, tampering), login sessions and CSRF tokens, the login rate limit, workspace
 * membership, switching a session's workspace and the audit log; every store test runs on SQLite
 * and, when $CLOUT_TEST_PG names a scratch cluster, on PostgreSQL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clout/clout.h"
#include "store_fixture.h"
#include "util/banned.h"

typedef engine_fixture fixture;

static int setup_sqlite(void **state)
{
	return engine_fixture_open(state, "sqlite", "test_auth");
}

static int setup_pg(void **state)
{
	return engine_fixture_open(state, "postgresql", "test_auth");
}

static int teardown(void **state)
{
	return engine_fixture_teardown(state);
}

static fixture *fixture_or_skip(void **state)
{
	if (!*state)
		skip();
	return *state;
}

static void add(fixture *f, const char *name, clout_role role, int64_t ws)
{
	int rc = clout_auth_user_add(NULL, f->s, name, role, "correct horse", CLOUT_PASSWORD_MIN, ws);
	if (rc < 0)
		fail_msg("adding %s: %s", name, clout_session_error(f->s)->message);
}

static void test_roles__table(void **state)
{
	clout_role r;
	clout_error err = { 0 };
	(void)state;
	for (int p = 0; p < CLOUT_PERM_COUNT; p++) {
		assert_true(clout_role_allows(CLOUT_ROLE_ADMIN, (clout_permission)p));
		assert_int_equal(clout_permission_parse(clout_permission_name((clout_permission)p)), p);
	}
	for (int i = 0; i < CLOUT_ROLE_COUNT; i++) {
		assert_int_equal(clout_role_parse(&r, clout_role_name((clout_role)i), &err), 0);
		assert_int_equal(r, i);
		assert_true(clout_role_allows((clout_role)i, CLOUT_PERM_PUBLIC));
		assert_true(clout_role_allows((clout_role)i, CLOUT_PERM_LINKS_READ));
		if (i != CLOUT_ROLE_ADMIN)
			assert_false(clout_role_allows((clout_role)i, CLOUT_PERM_USERS_ADMIN));
	}
	assert_false(clout_role_allows(CLOUT_ROLE_VIEWER, CLOUT_PERM_LINKS_WRITE));
	assert_false(clout_role_allows(CLOUT_ROLE_ANALYST, CLOUT_PERM_LINKS_WRITE));
	assert_true(clout_role_allows(CLOUT_ROLE_PR, CLOUT_PERM_LINKS_WRITE));
	assert_true(clout_role_allows(CLOUT_ROLE_SUPPORT, CLOUT_PERM_CONVERSIONS_WRITE));
	assert_false(clout_role_allows(CLOUT_ROLE_SOCIAL, CLOUT_PERM_CONVERSIONS_WRITE));
	assert_true(clout_role_allows(CLOUT_ROLE_MANAGER, CLOUT_PERM_AUDIT_READ));
	assert_false(clout_role_allows(CLOUT_ROLE_MANAGER, CLOUT_PERM_USERS_ADMIN));
	assert_int_equal(clout_role_parse(&r, "root", &err), CLOUT_EINVAL);
	assert_non_null(strstr(err.message, "'root' is not a role"));
	assert_int_equal(clout_permission_parse("links:delete"), -1);
}

static void test_duration__units(void **state)
{
	int64_t s;
	clout_error err = { 0 };
	(void)state;
	assert_int_equal(clout_auth_parse_duration(&s, "90d", &err), 0);
	assert_int_equal(s, 90 * 86400);
	assert_int_equal(clout_auth_parse_duration(&s, "12h", &err), 0);
	assert_int_equal(s, 12 * 3600);
	assert_int_equal(clout_auth_parse_duration(&s, "45", &err), 0);
	assert_int_equal(s, 45);
	assert_int_equal(clout_auth_parse_duration(&s, "3w", &err), CLOUT_EINVAL);
	assert_int_equal(clout_auth_parse_duration(&s, "-1d", &err), CLOUT_EINVAL);
	assert_int_equal(clout_auth_parse_duration(&s, "1dd", &err), CLOUT_EINVAL);
}

static void test_users__add_list_role_remove(void **state)
{
	fixture *f = fixture_or_skip(state);
	clout_user *users = NULL, one;
	size_t n = 0;
	add(f, "zoe", CLOUT_ROLE_VIEWER, f->ws);
	add(f, "ana", CLOUT_ROLE_PR, f->ws);
	assert_int_equal(clout_auth_user_add(NULL, f->s, "ana", CLOUT_ROLE_ADMIN, "another one", CLOUT_PASSWORD_MIN,
		f->ws), CLOUT_EEXISTS);
	assert_int_equal(clout_auth_user_add(NULL, f->s, "bad name", CLOUT_ROLE_ADMIN, "long enough",
		CLOUT_PASSWORD_MIN, f->ws), CLOUT_EINVAL);
	assert_non_null(strstr(clout_session_error(f->s)->message, "name:"));
	assert_int_equal(clout_auth_user_add(NULL, f->s, "bob", CLOUT_ROLE_ADMIN, "short", CLOUT_PASSWORD_MIN,
		f->ws), CLOUT_EINVAL);
	assert_non_null(strstr(clout_session_error(f->s)->message, "password:"));
	assert_int_equal(clout_auth_user_list(&users, &n, f->s), 0);
	assert_int_equal(n, 2);
	assert_string_equal(users[0].name, "ana");
	assert_int_equal(users[0].role, CLOUT_ROLE_PR);
	assert_string_equal(users[1].name, "zoe");
	clout_users_free(users, n);
	assert_int_equal(clout_auth_user_set_role(f->s, "zoe", CLOUT_ROLE_ANALYST), 0);
	assert_int_equal(clout_auth_user_get(&one, f->s, "zoe"), 0);
	assert_int_equal(one.role, CLOUT_ROLE_ANALYST);
	free(one.name);
	assert_int_equal(clout_auth_user_set_role(f->s, "nobody", CLOUT_ROLE_ANALYST), CLOUT_ENOTFOUND);
	assert_int_equal(clout_auth_user_remove(f->s, "zoe"), 0);
	assert_int_equal(clout_auth_user_get(&one, f->s, "zoe"), CLOUT_ENOTFOUND);
	assert_int_equal(clout_auth_user_remove(f->s, "zoe"), CLOUT_ENOTFOUND);
}

static void test_tokens__check_expire_revoke_tamper(void **state)
{
	fixture *f = fixture_or_skip(state);
	char text[CLOUT_AUTH_SECRET_TEXT_MAX], other[CLOUT_AUTH_SECRET_TEXT_MAX], bad[CLOUT_AUTH_SECRET_TEXT_MAX];
	clout_principal who;
	clout_api_token *list = NULL;
	size_t n = 0;
	int64_t id, id2, now = 1700000000;
	add(f, "ana", CLOUT_ROLE_PR, f->ws);
	assert_int_equal(clout_auth_token_create(&id, text, f->s, "ana", f->ws, 0), 0);
	assert_int_equal(clout_auth_token_check(&who, f->s, text, now), 0);
	assert_string_equal(who.name, "ana");
	assert_int_equal(who.role, CLOUT_ROLE_PR);
	assert_int_equal(who.workspace, f->ws);
	assert_int_equal(who.token_id, id);
	/* one changed character of the secret */
	memcpy(bad, text, sizeof(bad));
	bad[strlen(bad) - 2] = bad[strlen(bad) - 2] == 'A' ? 'B' : 'A';
	assert_int_equal(clout_auth_token_check(&who, f->s, bad, now), CLOUT_EDENIED);
	assert_int_equal(clout_auth_token_check(&who, f->s, "ct_1", now), CLOUT_EDENIED);
	assert_int_equal(clout_auth_token_check(&who, f->s, "", now), CLOUT_EDENIED);
	assert_int_equal(clout_auth_token_check(&who, f->s, "ct_99999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", now), CLOUT_EDENIED);
	/* expiry */
	assert_int_equal(clout_auth_token_create(&id2, other, f->s, "ana", f->ws, now + 60), 0);
	assert_int_equal(clout_auth_token_check(&who, f->s, other, now + 59), 0);
	assert_int_equal(clout_auth_token_check(&who, f->s, other, now + 60), CLOUT_EDENIED);
	assert_non_null(strstr(clout_session_error(f->s)->message, "expired"));
	/* revocation */
	assert_int_equal(clout_auth_token_revoke(f->s, id, now), 0);
	assert_int_equal(clout_auth_token_check(&who, f->s, text, now), CLOUT_EDENIED);
	assert_non_null(strstr(clout_session_error(f->s)->message, "revoked"));
	assert_int_equal(clout_auth_token_revoke(f->s, id, now), CLOUT_ENOTFOUND);
	assert_int_equal(clout_auth_token_list(&list, &n, f->s, "ana"), 0);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, id2);
	assert_int_equal(list[0].expires_at, now + 60);
	assert_int_equal(list[1].revoked_at, now);
	assert_string_equal(list[1].workspace, "default");
	clout_api_tokens_free(list, n);
	/* a token only for a workspace the user belongs to; an admin reaches any */
	assert_int_equal(clout_auth_token_create(&id, text, f->s, "ana", f->other_ws, 0), CLOUT_EINVAL);
	add(f, "root", CLOUT_ROLE_ADMIN, 0);
	assert_int_equal(clout_auth_token_create(&id, text, f->s, "root", f->other_ws, 0), 0);
	assert_int_equal(clout_auth_token_check(&who, f->s, text, now), 0);
	assert_int_equal(who.workspace, f->other_ws);
	/* removing the user ends their tokens */
	if (clout_auth_user_remove(f->s, "root") < 0)
		fail_msg("%s", clout_session_error(f->s)->message);
	assert_int_equal(clout_auth_token_check(&who, f->s, text, now), CLOUT_EDENIED);
}

static void test_login__session_csrf_logout(void **state)
{
	fixture *f = fixture_or_skip(state);
	clout_login login;
	clout_principal who;
	char csrf[CLOUT_AUTH_CSRF_MAX];
	int64_t retry, now = 1700000000;
	add(f, "ana", CLOUT_ROLE_SOCIAL, f->ws);
	assert_int_equal(clout_auth_login(&login, &retry, f->s, "ana", "correct horse", "addr:1", 0, now), 0);
	assert_int_equal(login.who.role, CLOUT_ROLE_SOCIAL);
	assert_int_equal(login.who.workspace, f->ws);
	assert_int_equal(strlen(login.csrf), 64);
	assert_int_equal(clout_auth_session_check(&who, csrf, f->s, login.session, now + 10), 0);
	assert_string_equal(who.name, "ana");
	assert_int_equal(who.session_id, login.who.session_id);
	assert_true(clout_auth_csrf_equal(csrf, login.csrf));
	assert_false(clout_auth_csrf_equal(csrf, "00"));
	assert_false(clout_auth_csrf_equal(csrf, NULL));
	/* a token is not a session, and the other way round */
	assert_int_equal(clout_auth_token_check(&who, f->s, login.session, now), CLOUT_EDENIED);
	/* expiry and logout */
	assert_int_equal(clout_auth_session_check(&who, csrf, f->s, login.session, login.expires_at),
		CLOUT_EDENIED);
	assert_int_equal(clout_auth_login(&login, &retry, f->s, "ana", "correct horse", "addr:1", 0, now), 0);
	assert_int_equal(clout_auth_session_end(f->s, login.who.session_id), 0);
	assert_int_equal(clout_auth_session_check(&who, csrf, f->s, login.session, now), CLOUT_EDENIED);
	/* not a member of the workspace asked for */
	assert_int_equal(clout_auth_login(&login, &retry, f->s, "ana", "correct horse", "addr:1", f->other_ws, now), CLOUT_EDENIED);
}

static void test_session__switch_rotates(void **state)
{
	fixture *f = fixture_or_skip(state);
	clout_login login, moved, again;
	clout_principal who;
	char csrf[CLOUT_AUTH_CSRF_MAX];
	int64_t retry, now = 1700000000;
	add(f, "ana", CLOUT_ROLE_PR, f->ws);
	add(f, "root", CLOUT_ROLE_ADMIN, f->ws);
	assert_int_equal(clout_auth_login(&login, &retry, f->s, "ana", "correct horse", "addr:1", 0, now), 0);
	/* not a member of "other" yet, and no "nowhere" at all: the same answer */
	assert_int_equal(clout_auth_session_switch(&moved, f->s, login.who.session_id, "other", "addr:1", now + 1), CLOUT_ENOTFOUND);
	assert_non_null(strstr(clout_session_error(f->s)->message, "has no workspace 'other'"));
	assert_int_equal(clout_auth_session_switch(&moved, f->s, login.who.session_id, "nowhere", "addr:1", now + 1), CLOUT_ENOTFOUND);
	assert_non_null(strstr(clout_session_error(f->s)->message, "has no workspace 'nowhere'"));
	assert_int_equal(clout_auth_session_switch(&moved, f->s, login.who.session_id, "", "addr:1", now + 1), CLOUT_EINVAL);
	assert_int_equal(clout_auth_session_check(&who, NULL, f->s, login.session, now + 1), 0);
	/* a member: the session is rotated into the workspace with the same expiry */
	assert_int_equal(clout_auth_user_join(f->s, "ana", f->other_ws), 0);
	assert_int_equal(clout_auth_user_join(f->s, "ana", f->other_ws), 0); /* idempotent */
	assert_int_equal(clout_auth_user_join(f->s, "nobody", f->other_ws), CLOUT_ENOTFOUND);
	assert_int_equal(clout_auth_session_switch(&moved, f->s, login.who.session_id, "other", "addr:1", now + 2), 0);
	assert_int_equal(moved.who.workspace, f->other_ws);
	assert_int_equal(moved.who.role, CLOUT_ROLE_PR);
	assert_string_equal(moved.who.name, "ana");
	assert_int_equal(moved.expires_at, login.expires_at);
	assert_true(moved.who.session_id != login.who.session_id);
	assert_string_not_equal(moved.session, login.session);
	assert_string_not_equal(moved.csrf, login.csrf);
	assert_int_equal(clout_auth_session_check(&who, NULL, f->s, login.session, now + 3), CLOUT_EDENIED);
	assert_int_equal(clout_auth_session_check(&who, csrf, f->s, moved.session, now + 3), 0);
	assert_int_equal(who.workspace, f->other_ws);
	assert_true(clout_auth_csrf_equal(csrf, moved.csrf));
	/* the ended session cannot switch again; an expired one neither */
	assert_int_equal(clout_auth_session_switch(&again, f->s, login.who.session_id, "default", "addr:1", now + 3), CLOUT_EDENIED);
	assert_int_equal(clout_auth_session_switch(&again, f->s, moved.who.session_id, "default", "addr:1", moved.expires_at), CLOUT_EDENIED);
	assert_int_equal(clout_auth_session_check(&who, NULL, f->s, moved.session, now + 4), 0);
	/* the role is the user's at the time of the switch */
	assert_int_equal(clout_auth_user_set_role(f->s, "ana", CLOUT_ROLE_VIEWER), 0);
	assert_int_equal(clout_auth_session_switch(&again, f->s, moved.who.session_id, "default", "addr:1", now + 5), 0);
	assert_int_equal(again.who.role, CLOUT_ROLE_VIEWER);
	assert_int_equal(again.who.workspace, f->ws);
	/* an admin reaches every workspace without being a member */
	assert_int_equal(clout_auth_login(&login, &retry, f->s, "root", "correct horse", "addr:1", 0, now), 0);
	assert_int_equal(clout_auth_session_switch(&moved, f->s, login.who.session_id, "other", "addr:1", now + 1), 0);
	assert_int_equal(moved.who.workspace, f->other_ws);
}

static void test_login__rate_limited_per_user_and_origin(void **state)
{
	fixture *f = fixture_or_skip(state);
	clout_login login;
	int64_t retry, now = 1700000000;
	add(f, "ana", CLOUT_ROLE_VIEWER, f->ws);
	add(f, "bob", CLOUT_ROLE_VIEWER, f->ws);
	for (int i = 0; i < CLOUT_AUTH_LOGIN_MAX_FAILURES; i++)
		assert_int_equal(clout_auth_login(&login, &retry, f->s, "ana", "wrong guess", "addr:a", 0, now + i),
			CLOUT_EDENIED);
	/* the right password is refused too, from anywhere, until the window has passed */
	assert_int_equal(clout_auth_login(&login, &retry, f->s, "ana", "correct horse", "addr:b", 0, now + 10),
		CLOUT_ELIMITED);
	assert_int_equal(retry, CLOUT_AUTH_LOGIN_WINDOW_S - 10);
	assert_int_equal(clout_auth_login(&login, &retry, f->s, "ana", "correct horse", "addr:b", 0,
		now + CLOUT_AUTH_LOGIN_WINDOW_S + 1), 0);
	/* one address trying many names (that exist: an unknown name costs a moderate hash) */
	for (int i = 1; i < CLOUT_AUTH_LOGIN_MAX_FAILURES; i++) {
		char name[16];
		snprintf(name, sizeof(name), "guess%d", i);
		add(f, name, CLOUT_ROLE_VIEWER, f->ws);
	}
	for (int i = 0; i < CLOUT_AUTH_LOGIN_MAX_FAILURES; i++) {
		char name[16];
		snprintf(name, sizeof(name), "guess%d", i);
		assert_int_equal(clout_auth_login(&login, &retry, f->s, i == 0 ? "bob" : name, "wrong guess", "addr:c", 0,
			now + i), CLOUT_EDENIED);
	}
	assert_int_equal(clout_auth_login(&login, &retry, f->s, "bob", "correct horse", "addr:c", 0, now + 20),
		CLOUT_ELIMITED);
	assert_true(retry > 0 && retry <= CLOUT_AUTH_LOGIN_WINDOW_S);
	assert_int_equal(clout_auth_login(&login, &retry, f->s, "bob", "correct horse", "addr:d", 0, now + 20),
		0);
}

static void test_audit__append_and_read(void **state)
{
	fixture *f = fixture_or_skip(state);
	clout_audit_list list;
	clout_audit_entry a = { .at_ms = 1000, .workspace = f->ws, .actor = "ana", .action = "link.create",
		.object = "link:spring", .origin = "addr:00" };
	clout_audit_entry b = { .at_ms = 2000, .action = "user.add", .object = "user:bob" };
	clout_audit_entry none = { .at_ms = 3000 };
	char *json;
	assert_int_equal(clout_audit_append(f->s, &a), 0);
	assert_int_equal(clout_audit_append(f->s, &b), 0);
	assert_int_equal(clout_audit_append(f->s, &none), CLOUT_EINVAL);
	assert_int_equal(clout_audit_read(&list, f->s, 0), 0);
	assert_int_equal(list.count, 2);
	assert_string_equal(list.entries[0].actor, "ana");
	assert_string_equal(list.entries[0].object, "link:spring");
	assert_string_equal(list.entries[1].actor, "local");
	assert_string_equal(list.entries[1].origin, "cli");
	assert_int_equal(list.entries[1].workspace, 0);
	json = clout_audit_json(&list);
	assert_non_null(json);
	assert_non_null(strstr(json, "\"at\":\"1970-01-01T00:00:01.000Z\""));
	assert_non_null(strstr(json, "\"action\":\"user.add\""));
	free(json);
	clout_audit_list_release(&list);
	assert_int_equal(clout_audit_read(&list, f->s, 1500), 0);
	assert_int_equal(list.count, 1);
	assert_string_equal(list.entries[0].action, "user.add");
	clout_audit_list_release(&list);
}

static void test_origin__keyed_and_stable(void **state)
{
	fixture *f = fixture_or_skip(state);
	const uint8_t a[4] = { 192, 0, 2, 1 }, b[4] = { 192, 0, 2, 2 };
	char x[CLOUT_AUTH_ORIGIN_MAX], y[CLOUT_AUTH_ORIGIN_MAX], z[CLOUT_AUTH_ORIGIN_MAX];
	assert_int_equal(clout_auth_origin(x, f->s, a, 4), 0);
	assert_int_equal(clout_auth_origin(y, f->s, a, 4), 0);
	assert_int_equal(clout_auth_origin(z, f->s, b, 4), 0);
	assert_string_equal(x, y);
	assert_string_not_equal(x, z);
	assert_int_equal(strlen(x), 5 + 32);
	assert_null(strstr(x, "192.0.2")); /* no address in it (a bare "192" can occur in the hex by chance) */
}

#define BOTH(t) cmocka_unit_test_setup_teardown(t, setup_sqlite, teardown), \
	cmocka_unit_test_setup_teardown(t, setup_pg, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roles__table),
		cmocka_unit_test(test_duration__units),
		BOTH(test_users__add_list_role_remove),
		BOTH(test_tokens__check_expire_revoke_tamper),
		BOTH(test_login__session_csrf_logout),
		BOTH(test_session__switch_rotates),
		BOTH(test_login__rate_limited_per_user_and_origin),
		BOTH(test_audit__append_and_read),
		BOTH(test_origin__keyed_and_stable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
