/* webhook.c: the webhook tables in portable SQL (see webhook.h). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lib/store/store_internal.h"
#include "lib/store/webhook.h"
#include "util/banned.h"

static const char SQL_INSERT[] =
	"INSERT INTO webhook (workspace_id, url, events, secret, created_at) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id";
static const char SQL_LIST[] =
	"SELECT id, url, events, created_at FROM webhook WHERE workspace_id = ?1 ORDER BY id";
static const char SQL_DELETE_DELIVERIES[] =
	"DELETE FROM webhook_delivery WHERE webhook_id IN (SELECT id FROM webhook WHERE id = ?1 AND workspace_id = ?2)";
static const char SQL_DELETE[] = "DELETE FROM webhook WHERE id = ?1 AND workspace_id = ?2";
/* events is a comma-separated list of names made of [a-z.] (no LIKE wildcards): ",a,b," contains
 * ",EVENT," exactly when subscribed. */
static const char SQL_ENQUEUE[] =
	"INSERT INTO webhook_delivery (webhook_id, event, payload, created_at_ms, attempts, next_at_ms, status) "
	"SELECT id, ?2, ?3, ?4, 0, ?4, 0 FROM webhook WHERE workspace_id = ?1 AND "
	"(',' || events || ',') LIKE ('%,' || ?2 || ',%')";
static const char SQL_DUE[] =
	"SELECT d.id, d.event, d.payload, d.created_at_ms, d.attempts, w.url, w.secret FROM webhook_delivery d "
	"JOIN webhook w ON w.id = d.webhook_id WHERE d.status = 0 AND d.next_at_ms <= ?1 "
	"ORDER BY d.next_at_ms, d.id LIMIT ?2";
static const char SQL_RESULT[] =
	"UPDATE webhook_delivery SET attempts = ?2, status = ?3, next_at_ms = ?4, last_status = ?5, last_error = ?6, "
	"done_at_ms = ?7 WHERE id = ?1";
static const char SQL_LOG[] =
	"SELECT d.id, d.webhook_id, d.event, d.created_at_ms, d.attempts, d.status, d.last_status, d.last_error, "
	"d.next_at_ms, d.done_at_ms FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id "
	"WHERE w.workspace_id = ?1 ORDER BY d.id";

int clout__webhook_insert(clout_store *store, int64_t ws, const char *url, const char *events, const char *secret,
	int64_t created_at, int64_t *out_id, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_INSERT, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	sb_text(&b, 2, url);
	sb_text(&b, 3, events);
	sb_text(&b, 4, secret);
	sb_int(&b, 5, created_at);
	if (b.rc < 0)
		return store_bind_error(store, &b, "webhook", err);
	if ((rc = clout_sql_run_int64(store->db, b.st, out_id, "insert webhook", err)) < 0)
		return rc;
	return rc == 1 ? 0 : clout_error_set(err, CLOUT_EINTERNAL, "inserting a webhook returned no id");
}

static void read_hook(clout_store *store, clout_sql_stmt *st, void *item, bool *oom)
{
	clout_webhook *h = item;
	h->id = clout_sql_column_int64(store->db, st, 0);
	h->url = store_column_dup(store, st, 1, oom);
	h->events = store_column_dup(store, st, 2, oom);
	h->created_at = clout_sql_column_int64(store->db, st, 3);
}

int clout__webhook_list(clout_store *store, int64_t ws, clout_webhook **out, size_t *n, clout_error *err)
{
	store_bind b;
	void *hooks;
	int rc;
	*out = NULL;
	*n = 0;
	if ((rc = store_stmt(store, &b, SQL_LIST, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	if (b.rc < 0)
		return store_bind_error(store, &b, "webhooks", err);
	if ((rc = store_collect(store, &b, "list webhooks", sizeof(clout_webhook), read_hook, &hooks, n, err)) < 0) {
		clout_webhooks_free(hooks, *n);
		*n = 0;
		return rc;
	}
	*out = hooks;
	return 0;
}

static int run_two(clout_store *store, const char *sql, int64_t a, int64_t c, int64_t *changed, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, sql, err)) < 0)
		return rc;
	sb_int(&b, 1, a);
	sb_int(&b, 2, c);
	if (b.rc < 0)
		return store_bind_error(store, &b, "webhook", err);
	if ((rc = clout_sql_step(store->db, b.st, "delete webhook", err)) < 0)
		return rc;
	*changed = clout_sql_changes(store->db, b.st);
	clout_sql_reset(store->db, b.st);
	return 0;
}

int clout__webhook_delete(clout_store *store, int64_t ws, int64_t id, clout_error *err)
{
	int64_t changed = 0;
	int rc;
	if ((rc = run_two(store, SQL_DELETE_DELIVERIES, id, ws, &changed, err)) < 0 ||
	    (rc = run_two(store, SQL_DELETE, id, ws, &changed, err)) < 0)
		return rc;
	return changed > 0;
}

int clout__webhook_enqueue(clout_store *store, int64_t ws, const char *event, const char *payload, int64_t now_ms,
	clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_ENQUEUE, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	sb_text(&b, 2, event);
	sb_text(&b, 3, payload);
	sb_int(&b, 4, now_ms);
	if (b.rc < 0)
		return store_bind_error(store, &b, "webhook event", err);
	return clout_sql_run(store->db, b.st, "enqueue webhook event", err);
}

void webhook_due_free(webhook_due *d, size_t n)
{
	if (!d)
		return;
	for (size_t i = 0; i < n; i++) {
		free(d[i].event);
		free(d[i].payload);
		free(d[i].url);
		free(d[i].secret);
	}
	free(d);
}

static void read_due(clout_store *store, clout_sql_stmt *st, void *item, bool *oom)
{
	webhook_due *d = item;
	d->id = clout_sql_column_int64(store->db, st, 0);
	d->event = store_column_dup(store, st, 1, oom);
	d->payload = store_column_dup(store, st, 2, oom);
	d->created_at_ms = clout_sql_column_int64(store->db, st, 3);
	d->attempts = (int)clout_sql_column_int64(store->db, st, 4);
	d->url = store_column_dup(store, st, 5, oom);
	d->secret = store_column_dup(store, st, 6, oom);
}

int clout__webhook_due(clout_store *store, int64_t now_ms, int limit, webhook_due **out, size_t *n, clout_error *err)
{
	store_bind b;
	void *due;
	int rc;
	*out = NULL;
	*n = 0;
	if ((rc = store_stmt(store, &b, SQL_DUE, err)) < 0)
		return rc;
	sb_int(&b, 1, now_ms);
	sb_int(&b, 2, limit);
	if (b.rc < 0)
		return store_bind_error(store, &b, "deliveries", err);
	if ((rc = store_collect(store, &b, "read due deliveries", sizeof(webhook_due), read_due, &due, n, err)) < 0) {
		webhook_due_free(due, *n);
		*n = 0;
		return rc;
	}
	*out = due;
	return 0;
}

int clout__webhook_result(clout_store *store, int64_t id, int attempts, clout_delivery_status status,
	int64_t next_at_ms, int last_status, const char *last_error, int64_t done_at_ms, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_RESULT, err)) < 0)
		return rc;
	sb_int(&b, 1, id);
	sb_int(&b, 2, attempts);
	sb_int(&b, 3, (int64_t)status);
	sb_int(&b, 4, next_at_ms);
	sb_id(&b, 5, last_status);
	if (b.rc == 0)
		b.rc = last_error ? clout_sql_bind_text(b.db, b.st, 6, last_error) : clout_sql_bind_null(b.db, b.st, 6);
	sb_id(&b, 7, done_at_ms);
	if (b.rc < 0)
		return store_bind_error(store, &b, "delivery", err);
	return clout_sql_run(store->db, b.st, "record delivery", err);
}

static void read_delivery(clout_store *store, clout_sql_stmt *st, void *item, bool *oom)
{
	clout_webhook_delivery *d = item;
	d->id = clout_sql_column_int64(store->db, st, 0);
	d->webhook_id = clout_sql_column_int64(store->db, st, 1);
	d->event = store_column_dup(store, st, 2, oom);
	d->created_at_ms = clout_sql_column_int64(store->db, st, 3);
	d->attempts = (int)clout_sql_column_int64(store->db, st, 4);
	d->status = (clout_delivery_status)clout_sql_column_int64(store->db, st, 5);
	d->last_status = (int)store_column_id(store, st, 6);
	d->last_error = store_column_dup(store, st, 7, oom);
	d->next_at_ms = clout_sql_column_int64(store->db, st, 8);
	d->done_at_ms = store_column_id(store, st, 9);
}

int clout__webhook_log(clout_store *store, int64_t ws, clout_webhook_delivery **out, size_t *n, clout_error *err)
{
	store_bind b;
	void *log;
	int rc;
	*out = NULL;
	*n = 0;
	if ((rc = store_stmt(store, &b, SQL_LOG, err)) < 0)
		return rc;
	sb_int(&b, 1, ws);
	if (b.rc < 0)
		return store_bind_error(store, &b, "deliveries", err);
	if ((rc = store_collect(store, &b, "read deliveries", sizeof(clout_webhook_delivery), read_delivery, &log, n,
		     err)) < 0) {
		clout_webhook_deliveries_free(log, *n);
		*n = 0;
		return rc;
	}
	*out = log;
	return 0;
}
