/*
 * clout/webhook.h: webhooks: HTTP POSTs to a subscriber's URL when events happen in a workspace.
 *
 * Every operation takes the session handle (clout/session.h): its store and workspace; errors are
 * left on it. An event is enqueued (clout_webhook_enqueue) in the same store as the write that caused it: one
 * row per subscribed webhook in a durable outbox, so nothing waits on the subscriber. A deliverer
 * (one thread with its own store connection, started by `clout serve`) posts due rows, each body
 * {"id", "event", "created_at", "data"} signed with HMAC-SHA256 under the webhook's secret:
 *
 *     Clout-Signature: t=UNIX_SECONDS,v1=HEX(HMAC-SHA256(secret, "UNIX_SECONDS.BODY"))
 *
 * A 2xx answer delivers it; anything else (another status, a refused connection, a timeout) is
 * retried with exponential backoff (base, 2 base, 4 base, ... capped at one hour) until
 * max_attempts, then the row is marked failed. Every attempt's result stays on the row (the
 * delivery log). Deliveries are at least once: a receiver deduplicates by "id".
 */
#ifndef CLOUT_WEBHOOK_H
#define CLOUT_WEBHOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clout/common.h"
#include "clout/session.h"
#include "clout/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The event names a webhook may subscribe to (comma-separated in clout_webhook_add). */
#define CLOUT_WEBHOOK_EVENTS "link.created,click.recorded,conversion.created,conversion.refunded,alert.triggered,mention.created"
/* A generated secret: 64 hex digits and a NUL. */
#define CLOUT_WEBHOOK_SECRET_GEN 65
/* A signature header value, with its NUL. */
#define CLOUT_WEBHOOK_SIGNATURE_MAX 96

typedef struct clout_webhook {
	int64_t id;
	char *url;
	char *events;
	int64_t created_at;
} clout_webhook;

void clout_webhooks_free(clout_webhook *hooks, size_t n);

/*
 * Adds a webhook of workspace posting events (a comma-separated list of CLOUT_WEBHOOK_EVENTS) to
 * url (http:// or https://). secret NULL: one is generated into generated (CLOUT_WEBHOOK_SECRET_GEN
 * bytes; show it once). CLOUT_EINVAL names the bad url, event or secret.
 */
int clout_webhook_add(int64_t *out_id, clout_session *s, const char *url, const char *events, const char *secret,
	char *generated);
int clout_webhook_list(clout_webhook **out, size_t *n, clout_session *s);
/* Removes a webhook of the session's workspace and its deliveries. CLOUT_ENOTFOUND. */
int clout_webhook_remove(clout_session *s, int64_t id);

/* Enqueues event with data (a JSON text) for every webhook of the session's workspace subscribed
 * to it, in the transaction the session's store has open, if any (the outbox row is then durable
 * with the write that caused the event). */
int clout_webhook_enqueue(clout_session *s, const char *event, const char *data_json);

typedef enum { CLOUT_DELIVERY_PENDING = 0, CLOUT_DELIVERY_DELIVERED = 1, CLOUT_DELIVERY_FAILED = 2 } clout_delivery_status;

typedef struct clout_webhook_delivery {
	int64_t id, webhook_id;
	char *event;
	int64_t created_at_ms;
	int attempts;
	clout_delivery_status status;
	int last_status;    /* the last HTTP status, 0 when none */
	char *last_error;   /* NULL when none */
	int64_t next_at_ms; /* when pending */
	int64_t done_at_ms; /* 0 when pending */
} clout_webhook_delivery;

void clout_webhook_deliveries_free(clout_webhook_delivery *d, size_t n);
/* The deliveries of workspace's webhooks, oldest first. */
int clout_webhook_log(clout_webhook_delivery **out, size_t *n, clout_session *s);
const char *clout_delivery_status_name(clout_delivery_status s);

/* The signature header value for body sent at unix time ts. */
void clout_webhook_sign(char *out, const char *secret, int64_t ts, const char *body, size_t len);

typedef struct clout_webhook_deliverer clout_webhook_deliverer;

typedef struct clout_webhook_deliverer_options {
	unsigned int version;
	int max_attempts;      /* 8 */
	int64_t backoff_ms;    /* first retry delay: 1000 */
	int64_t poll_ms;       /* how often the outbox is read: 250 */
	long timeout_s;        /* per attempt: 10 */
} clout_webhook_deliverer_options;

#define CLOUT_WEBHOOK_DELIVERER_OPTIONS_VERSION 1
#define CLOUT_WEBHOOK_DELIVERER_OPTIONS_INIT { CLOUT_WEBHOOK_DELIVERER_OPTIONS_VERSION, 8, 1000, 250, 10 }

/* Opens its own connection to the store at location and starts the delivery thread. */
int clout_webhook_deliverer_start(clout_webhook_deliverer **out, const char *location,
	const clout_webhook_deliverer_options *opts, clout_error *err);
/* Stops the thread (after the attempt in progress) and frees it. NULL-safe. */
void clout_webhook_deliverer_stop(clout_webhook_deliverer *d);

#ifdef __cplusplus
}
#endif
#endif
