/*
 * webhook.c: adding, listing and removing webhooks, enqueueing events, the delivery log and the
 * signature (see clout/webhook.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>

#include "lib/store/webhook.h"
#include "util/banned.h"

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Whether name (len bytes) is one of CLOUT_WEBHOOK_EVENTS. */
static bool known_event(const char *name, size_t len)
{
	const char *p = CLOUT_WEBHOOK_EVENTS;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n == len && !memcmp(p, name, len))
			return true;
		p += n + (end ? 1 : 0);
	}
	return false;
}

static int check_events(const char *events, clout_error *err)
{
	const char *p = events;
	if (!events || !*events)
		return clout_error_set(err, CLOUT_EINVAL, "events: at least one event is required (%s)", CLOUT_WEBHOOK_EVENTS);
	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (!known_event(p, n))
			return clout_error_set(err, CLOUT_EINVAL, "events: '%.*s' is not an event (%s)", (int)n, p,
				CLOUT_WEBHOOK_EVENTS);
		p += n + (end ? 1 : 0);
		if (end && !*p)
			return clout_error_set(err, CLOUT_EINVAL, "events: a trailing comma");
	}
	return 0;
}

static int check_url(const char *url, clout_error *err)
{
	size_t len = url ? strlen(url) : 0;
	if (!url || (strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8)))
		return clout_error_set(err, CLOUT_EINVAL, "url: '%s' must be an http:// or https:// URL", url ? url : "");
	if (len > 2048)
		return clout_error_set(err, CLOUT_EINVAL, "url: longer than 2048 bytes");
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)url[i] <= ' ' || (unsigned char)url[i] >= 0x7f)
			return clout_error_set(err, CLOUT_EINVAL, "url: byte %zu is not printable ASCII", i + 1);
	return 0;
}

void clout_webhooks_free(clout_webhook *hooks, size_t n)
{
	if (!hooks)
		return;
	for (size_t i = 0; i < n; i++) {
		free(hooks[i].url);
		free(hooks[i].events);
	}
	free(hooks);
}

/* The session's store, workspace and error, after clearing the error: 0 or the lookup's failure. */
static int session_parts(clout_session *s, clout_store **store, int64_t *workspace, clout_error **err)
{
	clout_error_clear(clout_session_err(s)); /* not the arena: an operation may call this one */
	*store = clout_session_store(s);
	*err = clout_session_err(s);
	return clout_session_workspace(s, workspace);
}

int clout_webhook_add(int64_t *out_id, clout_session *s, const char *url, const char *events, const char *secret,
	char *generated)
{
	clout_store *store;
	clout_error *err;
	int64_t id, workspace;
	int rc;
	if ((rc = session_parts(s, &store, &workspace, &err)) < 0)
		return rc;
	if ((rc = check_url(url, err)) < 0 || (rc = check_events(events, err)) < 0)
		return rc;
	if (secret && (strlen(secret) < 16 || strlen(secret) > 256))
		return clout_error_set(err, CLOUT_EINVAL, "secret: must be 16 to 256 bytes");
	if (!secret) {
		uint8_t raw[32];
		if (sodium_init() < 0)
			return clout_error_set(err, CLOUT_EINTERNAL, "libsodium could not be initialised");
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2hex(generated, CLOUT_WEBHOOK_SECRET_GEN, raw, sizeof(raw));
		secret = generated;
	}
	if ((rc = clout__webhook_insert(store, workspace, url, events, secret, (int64_t)time(NULL), &id, err)) < 0)
		return rc;
	if (out_id)
		*out_id = id;
	return 0;
}

int clout_webhook_list(clout_webhook **out, size_t *n, clout_session *s)
{
	clout_store *store;
	clout_error *err;
	int64_t workspace;
	int rc;
	*out = NULL;
	*n = 0;
	if ((rc = session_parts(s, &store, &workspace, &err)) < 0)
		return rc;
	return clout__webhook_list(store, workspace, out, n, err);
}

int clout_webhook_remove(clout_session *s, int64_t id)
{
	clout_store *store;
	clout_error *err;
	int64_t workspace;
	int rc;
	if ((rc = session_parts(s, &store, &workspace, &err)) < 0)
		return rc;
	if ((rc = clout_store_begin(store, err)) < 0)
		return rc;
	if ((rc = clout__webhook_delete(store, workspace, id, err)) <= 0) {
		clout_store_rollback(store);
		return rc < 0 ? rc : clout_error_set(err, CLOUT_ENOTFOUND, "no webhook with id %lld", (long long)id);
	}
	return clout_store_commit(store, err);
}

int clout_webhook_enqueue(clout_session *s, const char *event, const char *data_json)
{
	clout_store *store;
	clout_error *err;
	int64_t workspace;
	json_error_t jerr;
	json_t *doc;
	int rc;
	if ((rc = session_parts(s, &store, &workspace, &err)) < 0)
		return rc;
	if (!event || !known_event(event, strlen(event)))
		return clout_error_set(err, CLOUT_EINVAL, "event: '%s' is not an event", event ? event : "");
	if (!(doc = json_loads(data_json, JSON_DECODE_ANY, &jerr)))
		return clout_error_set(err, CLOUT_EINVAL, "event data: not JSON: %s", jerr.text);
	json_decref(doc);
	return clout__webhook_enqueue(store, workspace, event, data_json, now_ms(), err);
}

void clout_webhook_deliveries_free(clout_webhook_delivery *d, size_t n)
{
	if (!d)
		return;
	for (size_t i = 0; i < n; i++) {
		free(d[i].event);
		free(d[i].last_error);
	}
	free(d);
}

int clout_webhook_log(clout_webhook_delivery **out, size_t *n, clout_session *s)
{
	clout_store *store;
	clout_error *err;
	int64_t workspace;
	int rc;
	*out = NULL;
	*n = 0;
	if ((rc = session_parts(s, &store, &workspace, &err)) < 0)
		return rc;
	return clout__webhook_log(store, workspace, out, n, err);
}

const char *clout_delivery_status_name(clout_delivery_status s)
{
	switch (s) {
	case CLOUT_DELIVERY_PENDING: return "pending";
	case CLOUT_DELIVERY_DELIVERED: return "delivered";
	case CLOUT_DELIVERY_FAILED: return "failed";
	}
	return "unknown";
}

void clout_webhook_sign(char *out, const char *secret, int64_t ts, const char *body, size_t len)
{
	crypto_auth_hmacsha256_state st;
	uint8_t mac[crypto_auth_hmacsha256_BYTES];
	char stamp[32], hex[2 * crypto_auth_hmacsha256_BYTES + 1];
	int n = snprintf(stamp, sizeof(stamp), "%lld.", (long long)ts);
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)stamp, (unsigned long long)n);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, len);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(hex, sizeof(hex), mac, sizeof(mac));
	snprintf(out, CLOUT_WEBHOOK_SIGNATURE_MAX, "t=%lld,v1=%s", (long long)ts, hex);
}
