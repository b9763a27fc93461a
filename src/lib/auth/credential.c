/*
 * credential.c: API tokens and login sessions (see clout/auth.h).
 *
 * Both are "PREFIX ID . SECRET" texts ("ct_12.xxxx" for tokens, "cs_7.xxxx" for sessions): the
 * secret is 32 random bytes in unpadded base64url; the store keeps only BLAKE2b-256 of those bytes.
 * A presented text is found by its id and its secret's hash compared in constant time, so the
 * lookup never depends on the secret. A session's CSRF token is BLAKE2b keyed with the secret, so
 * only the holder of the cookie can know it.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "lib/auth/internal.h"
#include "lib/store/auth.h"
#include "lib/store/track.h"
#include "util/banned.h"

#define SECRET_BYTES 32
#define TOKEN_PREFIX "ct_"
#define SESSION_PREFIX "cs_"
/* A token's last use is written at most this often (seconds), so checks stay reads. */
#define TOKEN_USED_EVERY 60

static void secret_hash(uint8_t out[AUTH_HASH_BYTES], const uint8_t secret[SECRET_BYTES])
{
	crypto_generichash(out, AUTH_HASH_BYTES, secret, SECRET_BYTES, NULL, 0);
}

/* Makes a secret and writes PREFIX ID . base64url(secret) into text. */
static void secret_text(char *text, const char *prefix, int64_t id, const uint8_t secret[SECRET_BYTES])
{
	char b64[sodium_base64_ENCODED_LEN(SECRET_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	sodium_bin2base64(b64, sizeof(b64), secret, SECRET_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	snprintf(text, CLOUT_AUTH_SECRET_TEXT_MAX, "%s%lld.%s", prefix, (long long)id, b64);
	sodium_memzero(b64, sizeof(b64));
}

/* Parses PREFIX ID . SECRET: 0 with *id and secret, or -1. */
static int secret_parse(const char *text, const char *prefix, int64_t *id, uint8_t secret[SECRET_BYTES])
{
	size_t plen = strlen(prefix), bin_len = 0;
	const char *p, *dot;
	int64_t v = 0;
	if (!text || strncmp(text, prefix, plen) != 0)
		return -1;
	p = text + plen;
	for (dot = p; *dot >= '0' && *dot <= '9'; dot++) {
		if (v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*dot - '0');
	}
	if (dot == p || *dot != '.' || v <= 0)
		return -1;
	if (sodium_base642bin(secret, SECRET_BYTES, dot + 1, strlen(dot + 1), NULL, &bin_len, NULL,
		    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || bin_len != SECRET_BYTES)
		return -1;
	*id = v;
	return 0;
}

static void csrf_for(char out[CLOUT_AUTH_CSRF_MAX], const uint8_t secret[SECRET_BYTES])
{
	static const char label[] = "clout csrf v1";
	uint8_t mac[32];
	crypto_generichash(mac, sizeof(mac), (const uint8_t *)label, sizeof(label) - 1, secret, SECRET_BYTES);
	sodium_bin2hex(out, CLOUT_AUTH_CSRF_MAX, mac, sizeof(mac));
}

bool clout_auth_csrf_equal(const char *expected, const char *presented)
{
	size_t len = strlen(expected);
	if (!presented || strlen(presented) != len)
		return false;
	return sodium_memcmp(expected, presented, len) == 0;
}

static void fill_principal(clout_principal *out, const auth_secret_row *row)
{
	memset(out, 0, sizeof(*out));
	out->user_id = row->user.id;
	memcpy(out->name, row->user.name, sizeof(out->name));
	if (clout_role_parse(&out->role, row->user.role, NULL) < 0)
		out->role = CLOUT_ROLE_VIEWER;
	out->workspace = row->workspace;
}

void clout_api_tokens_free(clout_api_token *tokens, size_t n)
{
	if (!tokens)
		return;
	for (size_t i = 0; i < n; i++) {
		free(tokens[i].user);
		free(tokens[i].workspace);
	}
	free(tokens);
}

int clout_auth_parse_duration(int64_t *out, const char *text, clout_error *err)
{
	char *end = NULL;
	long long v;
	int64_t unit = 1;
	if (!text || !*text || *text < '0' || *text > '9')
		return clout_error_set(err, CLOUT_EINVAL, "duration: '%s' is not a number with d, h, m or s", text ? text : "");
	v = strtoll(text, &end, 10);
	if (*end == 'd')
		unit = 86400;
	else if (*end == 'h')
		unit = 3600;
	else if (*end == 'm')
		unit = 60;
	else if (*end != 's' && *end != '\0')
		end = NULL;
	if (!end || (*end && end[1]) || v <= 0 || v > INT32_MAX)
		return clout_error_set(err, CLOUT_EINVAL, "duration: '%s' is not a positive number with d, h, m or s", text);
	*out = (int64_t)v * unit;
	return 0;
}

int clout__auth_token_create_on(int64_t *out_id, char *text, clout_store *store, const char *user, int64_t workspace,
	int64_t expires_at, clout_error *err)
{
	uint8_t secret[SECRET_BYTES], hash[AUTH_HASH_BYTES];
	auth_user_row row;
	clout_role role;
	bool member;
	int64_t id;
	int rc;
	text[0] = '\0';
	if ((rc = clout__auth_user_get(store, user, &row, err)) < 0)
		return rc;
	sodium_memzero(row.password_hash, sizeof(row.password_hash));
	if (rc == 0)
		return clout_error_set(err, CLOUT_ENOTFOUND, "no user '%s'", user);
	if (clout_role_parse(&role, row.role, err) < 0)
		return clout_error_wrap(err, CLOUT_EBADDATA, "user '%s': ", user);
	if ((rc = clout__auth_member_check_on(&member, store, row.id, role, workspace, err)) < 0)
		return rc;
	if (!member)
		return clout_error_set(err, CLOUT_EINVAL, "workspace: user '%s' is not a member of it", user);
	randombytes_buf(secret, sizeof(secret));
	secret_hash(hash, secret);
	if ((rc = clout__auth_token_insert(store, row.id, workspace, hash, auth_now(0), expires_at, &id, err)) == 0) {
		secret_text(text, TOKEN_PREFIX, id, secret);
		if (out_id)
			*out_id = id;
	}
	sodium_memzero(secret, sizeof(secret));
	return rc;
}

int clout__auth_token_list_on(clout_api_token **out, size_t *n, clout_store *store, const char *user, clout_error *err)
{
	return clout__auth_token_list(store, user, out, n, err);
}

int clout__auth_token_revoke_on(clout_store *store, int64_t id, int64_t now, clout_error *err)
{
	int rc = clout__auth_token_revoke(store, id, auth_now(now), err);
	if (rc < 0)
		return rc;
	return rc ? 0 : clout_error_set(err, CLOUT_ENOTFOUND, "no live token with id %lld", (long long)id);
}

int clout__auth_token_check_on(clout_principal *out, clout_store *store, const char *text, int64_t now,
	clout_error *err)
{
	uint8_t secret[SECRET_BYTES], hash[AUTH_HASH_BYTES];
	auth_secret_row row;
	int64_t id;
	int rc;
	memset(out, 0, sizeof(*out));
	now = auth_now(now);
	if (secret_parse(text, TOKEN_PREFIX, &id, secret) < 0)
		return clout_error_set(err, CLOUT_EDENIED, "the token is malformed");
	secret_hash(hash, secret);
	sodium_memzero(secret, sizeof(secret));
	if ((rc = clout__auth_token_get(store, id, &row, err)) < 0)
		return rc;
	if (rc == 0 || row.hash_len != AUTH_HASH_BYTES || sodium_memcmp(row.hash, hash, AUTH_HASH_BYTES) != 0)
		return clout_error_set(err, CLOUT_EDENIED, "the token is not known");
	if (row.revoked_at)
		return clout_error_set(err, CLOUT_EDENIED, "the token was revoked");
	if (row.expires_at && row.expires_at <= now)
		return clout_error_set(err, CLOUT_EDENIED, "the token has expired");
	if (row.last_used_at + TOKEN_USED_EVERY <= now && (rc = clout__auth_token_used(store, id, now, err)) < 0)
		return rc;
	fill_principal(out, &row);
	out->token_id = id;
	return 0;
}

/* The failures recorded against key in the window: CLOUT_ELIMITED with *retry_after when too many. */
static int check_limit(clout_store *store, bool by_origin, const char *key, int64_t now, int64_t *retry_after,
	clout_error *err)
{
	int64_t count, oldest;
	int rc = clout__auth_attempt_failures(store, by_origin, key, now - CLOUT_AUTH_LOGIN_WINDOW_S, &count, &oldest,
		err);
	if (rc < 0 || count < CLOUT_AUTH_LOGIN_MAX_FAILURES)
		return rc;
	*retry_after = oldest + CLOUT_AUTH_LOGIN_WINDOW_S - now;
	if (*retry_after < 1)
		*retry_after = 1;
	return clout_error_set(err, CLOUT_ELIMITED, "too many failed logins %s; try again in %lld s",
		by_origin ? "from this address" : "for this user", (long long)*retry_after);
}

/* A hash to verify against when the user does not exist, so both cases cost the same. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static int dummy_ok;
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_make(void)
{
	dummy_ok = crypto_pwhash_str(dummy_hash, "not a password", 14, crypto_pwhash_OPSLIMIT_MODERATE,
		crypto_pwhash_MEMLIMIT_MODERATE) == 0;
}

static bool dummy_verify(const char *password)
{
	pthread_once(&dummy_once, dummy_make);
	return dummy_ok && crypto_pwhash_str_verify(dummy_hash, password, strlen(password)) == 0 && false;
}

/* The workspace a login acts in: the one asked for (a member's, or any for an admin), or the first. */
static int login_workspace(int64_t *ws, clout_store *store, const auth_user_row *row, clout_role role,
	clout_error *err)
{
	bool member;
	int rc;
	if (*ws) {
		if ((rc = clout__auth_member_check_on(&member, store, row->id, role, *ws, err)) < 0)
			return rc;
		return member ? 0 : clout_error_set(err, CLOUT_EDENIED, "user '%s' is not a member of that workspace", row->name);
	}
	if ((rc = clout__auth_member_first(store, row->id, ws, err)) < 0)
		return rc;
	if (rc == 1)
		return 0;
	if (role == CLOUT_ROLE_ADMIN)
		return clout_store_workspace(store, ws, "default", true, err);
	return clout_error_set(err, CLOUT_EDENIED, "user '%s' is not a member of any workspace", row->name);
}

int clout__auth_login_on(clout_login *out, int64_t *retry_after, clout_store *store, const char *name,
	const char *password, const char *origin, int64_t workspace, int64_t now, clout_error *err)
{
	uint8_t secret[SECRET_BYTES], hash[AUTH_HASH_BYTES];
	auth_user_row row;
	clout_role role = CLOUT_ROLE_VIEWER;
	int64_t id;
	bool ok;
	int rc;
	memset(out, 0, sizeof(*out));
	*retry_after = 0;
	now = auth_now(now);
	if (!origin)
		origin = "cli";
	if (!name || !password || auth_check_name(name, NULL) < 0)
		return clout_error_set(err, CLOUT_EDENIED, "wrong user name or password");
	if (sodium_init() < 0)
		return clout_error_set(err, CLOUT_EINTERNAL, "libsodium could not be initialised");
	/* what no longer counts: attempts out of the window, expired sessions */
	if ((rc = clout__auth_prune(store, now - CLOUT_AUTH_LOGIN_WINDOW_S, now, err)) < 0)
		return rc;
	if ((rc = check_limit(store, false, name, now, retry_after, err)) < 0 ||
	    (rc = check_limit(store, true, origin, now, retry_after, err)) < 0)
		return rc;
	if ((rc = clout__auth_user_get(store, name, &row, err)) < 0)
		return rc;
	ok = rc == 1 ? crypto_pwhash_str_verify(row.password_hash, password, strlen(password)) == 0
		     : dummy_verify(password);
	sodium_memzero(row.password_hash, sizeof(row.password_hash));
	if (ok && clout_role_parse(&role, row.role, NULL) < 0)
		ok = false;
	if ((rc = clout__auth_attempt_insert(store, name, origin, now, ok, err)) < 0)
		return rc;
	if (!ok)
		return clout_error_set(err, CLOUT_EDENIED, "wrong user name or password");
	if ((rc = login_workspace(&workspace, store, &row, role, err)) < 0)
		return rc;
	randombytes_buf(secret, sizeof(secret));
	secret_hash(hash, secret);
	out->expires_at = now + CLOUT_AUTH_SESSION_TTL_S;
	if ((rc = clout__auth_session_insert(store, row.id, workspace, hash, now, out->expires_at, origin, &id, err)) == 0) {
		secret_text(out->session, SESSION_PREFIX, id, secret);
		csrf_for(out->csrf, secret);
		out->who.user_id = row.id;
		memcpy(out->who.name, row.name, sizeof(out->who.name));
		out->who.role = role;
		out->who.workspace = workspace;
		out->who.session_id = id;
	}
	sodium_memzero(secret, sizeof(secret));
	return rc;
}

int clout__auth_session_check_on(clout_principal *out, char *csrf, clout_store *store, const char *text, int64_t now,
	clout_error *err)
{
	uint8_t secret[SECRET_BYTES], hash[AUTH_HASH_BYTES];
	auth_secret_row row;
	int64_t id;
	int rc;
	memset(out, 0, sizeof(*out));
	now = auth_now(now);
	if (secret_parse(text, SESSION_PREFIX, &id, secret) < 0)
		return clout_error_set(err, CLOUT_EDENIED, "the session cookie is malformed");
	secret_hash(hash, secret);
	if (csrf)
		csrf_for(csrf, secret);
	sodium_memzero(secret, sizeof(secret));
	if ((rc = clout__auth_session_get(store, id, &row, err)) < 0)
		return rc;
	if (rc == 0 || row.hash_len != AUTH_HASH_BYTES || sodium_memcmp(row.hash, hash, AUTH_HASH_BYTES) != 0)
		return clout_error_set(err, CLOUT_EDENIED, "the session is not known (signed out?)");
	if (row.expires_at <= now) {
		clout__auth_session_delete(store, id, NULL);
		return clout_error_set(err, CLOUT_EDENIED, "the session has expired");
	}
	fill_principal(out, &row);
	out->session_id = id;
	return 0;
}

int clout__auth_session_end_on(clout_store *store, int64_t id, clout_error *err)
{
	int rc = clout__auth_session_delete(store, id, err);
	return rc < 0 ? rc : 0;
}

/* The workspace called name where the session's user may act, in *ws; one CLOUT_ENOTFOUND for a
 * workspace that does not exist and for one the user is not a member of. */
static int switch_target(int64_t *ws, clout_store *store, const auth_secret_row *row, clout_role role,
	const char *name, clout_error *err)
{
	bool member = false;
	int rc;
	if (!name || !*name)
		return clout_error_set(err, CLOUT_EINVAL, "workspace: a workspace name is required");
	rc = clout_store_workspace(store, ws, name, false, err);
	if (rc == 0 && (rc = clout__auth_member_check_on(&member, store, row->user.id, role, *ws, err)) < 0)
		return rc;
	if (rc == CLOUT_ENOTFOUND || (rc == 0 && !member))
		return clout_error_set(err, CLOUT_ENOTFOUND, "workspace: user '%s' has no workspace '%s'", row->user.name,
			name);
	return rc;
}

int clout__auth_session_switch_on(clout_login *out, clout_store *store, int64_t session_id, const char *workspace,
	const char *origin, int64_t now, clout_error *err)
{
	uint8_t secret[SECRET_BYTES], hash[AUTH_HASH_BYTES];
	auth_secret_row row;
	clout_role role;
	int64_t ws = 0, id = 0;
	int rc;
	memset(out, 0, sizeof(*out));
	now = auth_now(now);
	if (sodium_init() < 0)
		return clout_error_set(err, CLOUT_EINTERNAL, "libsodium could not be initialised");
	if ((rc = clout_store_begin(store, err)) < 0)
		return rc;
	if ((rc = clout__auth_session_get(store, session_id, &row, err)) < 0)
		goto done;
	if (rc == 0 || row.expires_at <= now) {
		rc = clout_error_set(err, CLOUT_EDENIED, "the session is not known (signed out?)");
		goto done;
	}
	if (clout_role_parse(&role, row.user.role, NULL) < 0)
		role = CLOUT_ROLE_VIEWER;
	if ((rc = switch_target(&ws, store, &row, role, workspace, err)) < 0)
		goto done;
	/* the new session first, so that its id is new on every engine (SQLite would hand out a deleted
	 * highest id again); the old one ends in the same transaction, and a second switch with it
	 * finds nothing to end */
	randombytes_buf(secret, sizeof(secret));
	secret_hash(hash, secret);
	if ((rc = clout__auth_session_insert(store, row.user.id, ws, hash, now, row.expires_at, origin ? origin : "cli",
		     &id, err)) < 0 ||
	    (rc = clout__auth_session_delete(store, session_id, err)) < 0)
		goto done;
	if (rc == 0) {
		rc = clout_error_set(err, CLOUT_EDENIED, "the session is not known (signed out?)");
		goto done;
	}
	if ((rc = clout_store_commit(store, err)) < 0)
		goto done;
	secret_text(out->session, SESSION_PREFIX, id, secret);
	csrf_for(out->csrf, secret);
	out->who.user_id = row.user.id;
	memcpy(out->who.name, row.user.name, sizeof(out->who.name));
	out->who.role = role;
	out->who.workspace = ws;
	out->who.session_id = id;
	out->expires_at = row.expires_at;
done:
	if (rc < 0)
		clout_store_rollback(store);
	sodium_memzero(secret, sizeof(secret));
	return rc;
}

int clout__auth_origin_on(char *out, clout_store *store, const void *address, size_t len, clout_error *err)
{
	uint8_t candidate[32], key[32], mac[16];
	char hex[33];
	int rc;
	randombytes_buf(candidate, sizeof(candidate));
	if ((rc = clout__store_secret(store, "auth_origin_key", candidate, key, sizeof(key), err)) < 0)
		return rc;
	crypto_generichash(mac, sizeof(mac), address, len, key, sizeof(key));
	sodium_memzero(key, sizeof(key));
	sodium_bin2hex(hex, sizeof(hex), mac, sizeof(mac));
	snprintf(out, CLOUT_AUTH_ORIGIN_MAX, "addr:%s", hex);
	return 0;
}
