/*
 * signature.c: the per-workspace postback secret and the Clout-Signature header: HMAC-SHA256
 * (libsodium) of "T.BODY" with T the sender's unix time, accepted within a bounded clock skew so
 * that a captured request cannot be replayed later (see clout/convert.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "lib/convert/internal.h"
#include "lib/store/track.h"
#include "util/banned.h"

static void secret_name(char *out, size_t size, int64_t workspace)
{
	snprintf(out, size, "convert-hmac:%" PRId64, workspace);
}

static int clout_convert_secret_in(char hex[2 * CLOUT_CONVERT_SECRET_LEN + 1], clout_store *store, int64_t workspace,
	bool rotate, clout_error *err)
{
	uint8_t candidate[CLOUT_CONVERT_SECRET_LEN], value[CLOUT_CONVERT_SECRET_LEN];
	char name[64];
	int rc;
	hex[0] = '\0';
	if (sodium_init() < 0)
		return clout_error_set(err, CLOUT_EINTERNAL, "libsodium did not initialize");
	secret_name(name, sizeof(name), workspace);
	randombytes_buf(candidate, sizeof(candidate));
	if (rotate) {
		if ((rc = clout__store_secret_replace(store, name, candidate, sizeof(candidate), err)) < 0)
			return rc;
		memcpy(value, candidate, sizeof(value));
	} else if ((rc = clout__store_secret(store, name, candidate, value, sizeof(value), err)) < 0) {
		return rc;
	}
	sodium_bin2hex(hex, 2 * CLOUT_CONVERT_SECRET_LEN + 1, value, sizeof(value));
	sodium_memzero(value, sizeof(value));
	sodium_memzero(candidate, sizeof(candidate));
	return 0;
}

static int mac(uint8_t out[crypto_auth_hmacsha256_BYTES], const char *stamp, const void *body, size_t body_len,
	const char *secret_hex, clout_error *err)
{
	uint8_t key[CLOUT_CONVERT_SECRET_LEN];
	size_t key_len = 0;
	crypto_auth_hmacsha256_state st;
	if (sodium_init() < 0)
		return clout_error_set(err, CLOUT_EINTERNAL, "libsodium did not initialize");
	if (!secret_hex || sodium_hex2bin(key, sizeof(key), secret_hex, strlen(secret_hex), NULL, &key_len, NULL) != 0 ||
	    key_len != sizeof(key))
		return clout_error_set(err, CLOUT_EINVAL, "secret: not %d hex characters", 2 * CLOUT_CONVERT_SECRET_LEN);
	crypto_auth_hmacsha256_init(&st, key, key_len);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)stamp, strlen(stamp));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&st, body, body_len);
	crypto_auth_hmacsha256_final(&st, out);
	sodium_memzero(key, sizeof(key));
	return 0;
}

int clout_convert_signature_make(char *out, size_t size, const void *body, size_t body_len, const char *secret_hex,
	int64_t now_s, clout_error *err)
{
	uint8_t digest[crypto_auth_hmacsha256_BYTES];
	char stamp[24], hex[2 * crypto_auth_hmacsha256_BYTES + 1];
	int rc;
	snprintf(stamp, sizeof(stamp), "%" PRId64, now_s);
	if ((rc = mac(digest, stamp, body, body_len, secret_hex, err)) < 0)
		return rc;
	sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
	if ((size_t)snprintf(out, size, "t=%s,v1=%s", stamp, hex) >= size)
		return clout_error_set(err, CLOUT_EINVAL, "signature: buffer too small");
	return 0;
}

/* Finds "name=" among the comma-separated parts of header: the value and its length, or NULL. */
static const char *part(const char *header, const char *name, size_t *len)
{
	size_t n = strlen(name);
	const char *p = header;
	while (p && *p) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *end = strchr(p, ',');
		size_t plen = end ? (size_t)(end - p) : strlen(p);
		while (plen && p[plen - 1] == ' ')
			plen--;
		if (plen > n && !strncmp(p, name, n) && p[n] == '=') {
			*len = plen - n - 1;
			return p + n + 1;
		}
		p = end;
	}
	return NULL;
}

int clout_convert_signature_check(const char *header, const void *body, size_t body_len, const char *secret_hex,
	int64_t now_s, clout_error *err)
{
	uint8_t want[crypto_auth_hmacsha256_BYTES], got[crypto_auth_hmacsha256_BYTES];
	char stamp[24];
	size_t t_len = 0, v_len = 0, got_len = 0;
	const char *t, *v;
	int64_t when = 0;
	int rc;
	if (!header || !(t = part(header, "t", &t_len)) || !(v = part(header, "v1", &v_len)))
		return clout_error_set(err, CLOUT_EINVAL, "Clout-Signature: expected t=UNIX_SECONDS,v1=HEX");
	if (t_len == 0 || t_len >= 16)
		return clout_error_set(err, CLOUT_EINVAL, "Clout-Signature: t is not a unix time in seconds");
	for (size_t i = 0; i < t_len; i++) {
		if (t[i] < '0' || t[i] > '9')
			return clout_error_set(err, CLOUT_EINVAL, "Clout-Signature: t is not a unix time in seconds");
		when = when * 10 + (t[i] - '0');
	}
	if (when > now_s + CLOUT_CONVERT_SIGNATURE_SKEW || when < now_s - CLOUT_CONVERT_SIGNATURE_SKEW)
		return clout_error_set(err, CLOUT_EINVAL,
			"Clout-Signature: t is %" PRId64 " s away from the server's clock (at most %d): stale or replayed",
			when > now_s ? when - now_s : now_s - when, CLOUT_CONVERT_SIGNATURE_SKEW);
	if (v_len != 2 * sizeof(got) || sodium_hex2bin(got, sizeof(got), v, v_len, NULL, &got_len, NULL) != 0 ||
	    got_len != sizeof(got))
		return clout_error_set(err, CLOUT_EINVAL, "Clout-Signature: v1 is not 64 hex characters");
	memcpy(stamp, t, t_len);
	stamp[t_len] = '\0';
	if ((rc = mac(want, stamp, body, body_len, secret_hex, err)) < 0)
		return rc;
	if (sodium_memcmp(want, got, sizeof(want)) != 0)
		return clout_error_set(err, CLOUT_EINVAL, "Clout-Signature: does not match the body under the workspace's secret");
	return 0;
}

int clout_convert_secret(char hex[2 * CLOUT_CONVERT_SECRET_LEN + 1], clout_session *s, bool rotate)
{
	int64_t ws;
	int rc;
	hex[0] = '\0';
	if ((rc = clout__convert_session(s, &ws)) < 0)
		return rc;
	return clout_convert_secret_in(hex, clout_session_store(s), ws, rotate, clout_session_err(s));
}
