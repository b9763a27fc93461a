/*
 * webhook.h (libclout only): the webhook tables (migration 0011_webhook): webhooks and the outbox
 * of their deliveries, in portable SQL. The rules (events, signing, backoff) live in
 * src/lib/webhook/.
 */
#ifndef CLOUT_LIB_STORE_WEBHOOK_H
#define CLOUT_LIB_STORE_WEBHOOK_H

#include <stddef.h>
#include <stdint.h>

#include "clout/store.h"
#include "clout/webhook.h"

int clout__webhook_insert(clout_store *store, int64_t ws, const char *url, const char *events, const char *secret,
	int64_t created_at, int64_t *out_id, clout_error *err);
int clout__webhook_list(clout_store *store, int64_t ws, clout_webhook **out, size_t *n, clout_error *err);
/* 1 removed, 0 no such webhook in ws. Inside a transaction. */
int clout__webhook_delete(clout_store *store, int64_t ws, int64_t id, clout_error *err);
int clout__webhook_enqueue(clout_store *store, int64_t ws, const char *event, const char *payload, int64_t now_ms,
	clout_error *err);

/* A due delivery with what posting it needs (owned strings). */
typedef struct webhook_due {
	int64_t id;
	char *event, *payload, *url, *secret;
	int64_t created_at_ms;
	int attempts;
} webhook_due;

void webhook_due_free(webhook_due *d, size_t n);
/* Up to limit pending deliveries due at now_ms, soonest first. */
int clout__webhook_due(clout_store *store, int64_t now_ms, int limit, webhook_due **out, size_t *n, clout_error *err);
/* Records an attempt's outcome on delivery id. */
int clout__webhook_result(clout_store *store, int64_t id, int attempts, clout_delivery_status status,
	int64_t next_at_ms, int last_status, const char *last_error, int64_t done_at_ms, clout_error *err);
int clout__webhook_log(clout_store *store, int64_t ws, clout_webhook_delivery **out, size_t *n, clout_error *err);

#endif
