/*
 * convert.c: the tables of migration 0009_convert in portable SQL (see convert.h): promo codes,
 * conversions, refunds, the customer-click map, touches and the report's reads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/store/convert.h"
#include "lib/store/store_internal.h"
#include "util/banned.h"

static const char SQL_CODE_INSERT[] =
	"INSERT INTO track_code (workspace_id, code, influencer, campaign, created_at) VALUES (?1, ?2, ?3, ?4, ?5) "
	"ON CONFLICT (workspace_id, code) DO NOTHING RETURNING id";
static const char SQL_CODE_FIND[] =
	"SELECT id, code, influencer, campaign, created_at FROM track_code WHERE workspace_id = ?1 AND code = ?2";
static const char SQL_CODE_LIST[] =
	"SELECT id, code, influencer, campaign, created_at FROM track_code WHERE workspace_id = ?1 ORDER BY code";
static const char SQL_CONVERSION_GET[] =
	"SELECT v.id, v.order_id, v.amount, v.currency, v.refunded, v.at, v.click_id, c.code, v.customer_id, "
	"v.attributed_by, l.code, CASE WHEN v.attributed_by = 2 THEN c.influencer ELSE l.influencer END, "
	"CASE WHEN v.attributed_by = 2 THEN c.campaign ELSE l.campaign END, v.warning "
	"FROM track_conversion v LEFT JOIN track_link l ON l.id = v.link_id LEFT JOIN track_code c ON c.id = v.code_id "
	"WHERE v.workspace_id = ?1 AND v.order_id = ?2";
static const char SQL_CONVERSION_INSERT[] =
	"INSERT INTO track_conversion (workspace_id, order_id, amount, currency, refunded, at, click_id, code_id, "
	"customer_id, attributed_by, link_id, warning) VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
	"RETURNING id";
static const char SQL_CLICK_TOUCH[] =
	"SELECT c.link_id, c.at FROM track_click c JOIN track_link l ON l.id = c.link_id "
	"WHERE c.id = ?1 AND l.workspace_id = ?2 AND c.class = 0";
static const char SQL_CUSTOMER_CLICK[] =
	"INSERT INTO track_customer_click (workspace_id, customer_id, click_id) VALUES (?1, ?2, ?3) "
	"ON CONFLICT (workspace_id, customer_id, click_id) DO NOTHING";
static const char SQL_CUSTOMER_TOUCHES[] =
	"SELECT c.id, c.link_id, c.at FROM track_customer_click m JOIN track_click c ON c.id = m.click_id "
	"WHERE m.workspace_id = ?1 AND m.customer_id = ?2 AND c.class = 0 AND c.at >= ?3 AND c.at <= ?4 "
	"ORDER BY c.at, c.id";
static const char SQL_REFUND_GET[] = "SELECT amount FROM track_refund WHERE conversion_id = ?1 AND refund_id = ?2";
static const char SQL_REFUND_INSERT[] =
	"INSERT INTO track_refund (conversion_id, refund_id, amount, at) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_REFUND_ADD[] = "UPDATE track_conversion SET refunded = refunded + ?2 WHERE id = ?1";
static const char SQL_SECRET_REPLACE[] =
	"INSERT INTO track_secret (name, value) VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE SET value = excluded.value";
static const char SQL_LINKS[] =
	"SELECT id, code, influencer, campaign FROM track_link WHERE workspace_id = ?1 ORDER BY code";
static const char SQL_CODES[] =
	"SELECT id, code, influencer, campaign FROM track_code WHERE workspace_id = ?1 ORDER BY code";
static const char SQL_CLICK_COUNTS[] =
	"SELECT c.link_id, c.at / 86400000, c.class, c.is_unique, COUNT(*) FROM track_click c "
	"JOIN track_link l ON l.id = c.link_id WHERE l.workspace_id = ?1 AND c.at >= ?2 AND c.at < ?3 "
	"GROUP BY c.link_id, c.at / 86400000, c.class, c.is_unique";
static const char SQL_CONVERSIONS[] =
	"SELECT id, amount, refunded, currency, at, click_id, code_id, customer_id FROM track_conversion "
	"WHERE workspace_id = ?1 AND at >= ?2 AND at < ?3 ORDER BY at, id";

int clout__store_code_insert(clout_store *store, int64_t workspace, const clout_promo_code *code, int64_t *out_id,
	clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_CODE_INSERT, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_text(&b, 2, code->code);
	sb_opt_text(&b, 3, code->influencer);
	sb_opt_text(&b, 4, code->campaign);
	sb_int(&b, 5, code->created_at);
	if (b.rc < 0)
		return store_bind_error(store, &b, "promo code", err);
	rc = clout_sql_run_int64(store->db, b.st, out_id, "insert promo code", err);
	if (rc == 0)
		return clout_error_set(err, CLOUT_EEXISTS, "code: '%s' exists in this workspace", code->code);
	return rc < 0 ? rc : 0;
}

static int read_code(clout_store *store, clout_sql_stmt *st, clout_promo_code *out, clout_error *err)
{
	bool oom = false;
	out->id = clout_sql_column_int64(store->db, st, 0);
	out->code = store_column_dup(store, st, 1, &oom);
	out->influencer = store_column_dup(store, st, 2, &oom);
	out->campaign = store_column_dup(store, st, 3, &oom);
	out->created_at = clout_sql_column_int64(store->db, st, 4);
	if (oom || !out->code) {
		clout_promo_code_release(out);
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	}
	return 0;
}

int clout__store_code_find(clout_store *store, int64_t workspace, const char *code, clout_promo_code *out,
	clout_error *err)
{
	store_bind b;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = store_stmt(store, &b, SQL_CODE_FIND, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_text(&b, 2, code);
	if (b.rc < 0)
		return store_bind_error(store, &b, "promo code", err);
	rc = clout_sql_step(store->db, b.st, "read promo code", err);
	if (rc == CLOUT_SQL_ROW)
		rc = read_code(store, b.st, out, err) < 0 ? CLOUT_ENOMEM : 1;
	clout_sql_reset(store->db, b.st);
	return rc;
}

int clout__store_code_foreach(clout_store *store, int64_t workspace,
	int (*fn)(void *ctx, const clout_promo_code *code), void *ctx, clout_error *err)
{
	store_bind b;
	clout_promo_code code;
	int rc, stop = 0;
	if ((rc = store_stmt(store, &b, SQL_CODE_LIST, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	if (b.rc < 0)
		return store_bind_error(store, &b, "promo codes", err);
	while ((rc = clout_sql_step(store->db, b.st, "list promo codes", err)) == CLOUT_SQL_ROW) {
		if ((rc = read_code(store, b.st, &code, err)) < 0)
			break;
		stop = fn(ctx, &code);
		clout_promo_code_release(&code);
		if (stop != 0)
			break;
	}
	clout_sql_reset(store->db, b.st);
	return stop != 0 ? stop : rc < 0 ? rc : 0;
}

int clout__store_conversion_get(clout_store *store, int64_t workspace, const char *order_id, clout_conversion *out,
	clout_error *err)
{
	store_bind b;
	bool oom = false;
	const char *currency;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = store_stmt(store, &b, SQL_CONVERSION_GET, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_text(&b, 2, order_id);
	if (b.rc < 0)
		return store_bind_error(store, &b, "conversion", err);
	rc = clout_sql_step(store->db, b.st, "read conversion", err);
	if (rc == CLOUT_SQL_ROW) {
		out->id = clout_sql_column_int64(store->db, b.st, 0);
		out->order_id = store_column_dup(store, b.st, 1, &oom);
		out->amount_minor = clout_sql_column_int64(store->db, b.st, 2);
		currency = clout_sql_column_text(store->db, b.st, 3, NULL);
		snprintf(out->currency, sizeof(out->currency), "%s", currency ? currency : "");
		out->refunded_minor = clout_sql_column_int64(store->db, b.st, 4);
		out->at_ms = clout_sql_column_int64(store->db, b.st, 5);
		out->click_id = store_column_id(store, b.st, 6);
		out->code = store_column_dup(store, b.st, 7, &oom);
		out->customer_id = store_column_dup(store, b.st, 8, &oom);
		out->by = (clout_attributed_by)clout_sql_column_int64(store->db, b.st, 9);
		out->link = store_column_dup(store, b.st, 10, &oom);
		out->influencer = store_column_dup(store, b.st, 11, &oom);
		out->campaign = store_column_dup(store, b.st, 12, &oom);
		out->warning = store_column_dup(store, b.st, 13, &oom);
		rc = 1;
		if (oom || !out->order_id) {
			clout_conversion_release(out);
			rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		}
	}
	clout_sql_reset(store->db, b.st);
	return rc;
}

int clout__store_conversion_insert(clout_store *store, int64_t workspace, const clout__store_conversion *c,
	int64_t *out_id, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_CONVERSION_INSERT, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_text(&b, 2, c->order_id);
	sb_int(&b, 3, c->amount);
	sb_text(&b, 4, c->currency);
	sb_int(&b, 5, c->at_ms);
	sb_id(&b, 6, c->click_id);
	sb_id(&b, 7, c->code_id);
	sb_opt_text(&b, 8, c->customer_id);
	sb_int(&b, 9, c->attributed_by);
	sb_id(&b, 10, c->link_id);
	sb_opt_text(&b, 11, c->warning);
	if (b.rc < 0)
		return store_bind_error(store, &b, "conversion", err);
	rc = clout_sql_run_int64(store->db, b.st, out_id, "insert conversion", err);
	if (rc == 0)
		return clout_error_set(err, CLOUT_EINTERNAL, "insert conversion returned no id");
	return rc < 0 ? rc : 0;
}

int clout__store_click_touch(clout_store *store, int64_t workspace, int64_t click_id, int64_t *link_id,
	int64_t *at_ms, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_CLICK_TOUCH, err)) < 0)
		return rc;
	sb_int(&b, 1, click_id);
	sb_int(&b, 2, workspace);
	if (b.rc < 0)
		return store_bind_error(store, &b, "click", err);
	rc = clout_sql_step(store->db, b.st, "read click", err);
	if (rc == CLOUT_SQL_ROW) {
		*link_id = clout_sql_column_int64(store->db, b.st, 0);
		*at_ms = clout_sql_column_int64(store->db, b.st, 1);
		rc = 1;
	}
	clout_sql_reset(store->db, b.st);
	return rc;
}

int clout__store_customer_click(clout_store *store, int64_t workspace, const char *customer_id, int64_t click_id,
	clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_CUSTOMER_CLICK, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_text(&b, 2, customer_id);
	sb_int(&b, 3, click_id);
	if (b.rc < 0)
		return store_bind_error(store, &b, "customer click", err);
	return clout_sql_run(store->db, b.st, "record customer click", err);
}

int clout__store_customer_touches(clout_store *store, int64_t workspace, const char *customer_id, int64_t from_ms,
	int64_t to_ms, int (*fn)(void *ctx, const clout__touch *t), void *ctx, clout_error *err)
{
	store_bind b;
	clout__touch t;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_CUSTOMER_TOUCHES, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_text(&b, 2, customer_id);
	sb_int(&b, 3, from_ms);
	sb_int(&b, 4, to_ms);
	if (b.rc < 0)
		return store_bind_error(store, &b, "customer touches", err);
	while ((rc = clout_sql_step(store->db, b.st, "read customer touches", err)) == CLOUT_SQL_ROW) {
		t.click_id = clout_sql_column_int64(store->db, b.st, 0);
		t.link_id = clout_sql_column_int64(store->db, b.st, 1);
		t.at_ms = clout_sql_column_int64(store->db, b.st, 2);
		if ((rc = fn(ctx, &t)) != 0)
			break;
	}
	clout_sql_reset(store->db, b.st);
	return rc < 0 ? rc : 0;
}

int clout__store_refund_get(clout_store *store, int64_t conversion_id, const char *refund_id, int64_t *amount,
	clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_REFUND_GET, err)) < 0)
		return rc;
	sb_int(&b, 1, conversion_id);
	sb_text(&b, 2, refund_id);
	if (b.rc < 0)
		return store_bind_error(store, &b, "refund", err);
	return clout_sql_run_int64(store->db, b.st, amount, "read refund", err);
}

int clout__store_refund_insert(clout_store *store, int64_t conversion_id, const char *refund_id, int64_t amount,
	int64_t at_ms, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_REFUND_INSERT, err)) < 0)
		return rc;
	sb_int(&b, 1, conversion_id);
	sb_text(&b, 2, refund_id);
	sb_int(&b, 3, amount);
	sb_int(&b, 4, at_ms);
	if (b.rc < 0)
		return store_bind_error(store, &b, "refund", err);
	if ((rc = clout_sql_run(store->db, b.st, "insert refund", err)) < 0)
		return rc;
	if ((rc = store_stmt(store, &b, SQL_REFUND_ADD, err)) < 0)
		return rc;
	sb_int(&b, 1, conversion_id);
	sb_int(&b, 2, amount);
	if (b.rc < 0)
		return store_bind_error(store, &b, "refund", err);
	return clout_sql_run(store->db, b.st, "apply refund", err);
}

int clout__store_secret_replace(clout_store *store, const char *name, const uint8_t *value, size_t len,
	clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_SECRET_REPLACE, err)) < 0)
		return rc;
	sb_text(&b, 1, name);
	sb_blob(&b, 2, value, len);
	if (b.rc < 0)
		return store_bind_error(store, &b, "secret", err);
	return clout_sql_run(store->db, b.st, "replace secret", err);
}

static int targets_each(clout_store *store, const char *sql, int64_t workspace,
	int (*fn)(void *ctx, const clout__store_target *t), void *ctx, clout_error *err)
{
	store_bind b;
	clout__store_target t;
	int rc;
	if ((rc = store_stmt(store, &b, sql, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	if (b.rc < 0)
		return store_bind_error(store, &b, "links", err);
	while ((rc = clout_sql_step(store->db, b.st, "read links", err)) == CLOUT_SQL_ROW) {
		t.id = clout_sql_column_int64(store->db, b.st, 0);
		t.code = clout_sql_column_text(store->db, b.st, 1, NULL);
		t.influencer = clout_sql_column_text(store->db, b.st, 2, NULL);
		t.campaign = clout_sql_column_text(store->db, b.st, 3, NULL);
		if ((rc = fn(ctx, &t)) != 0)
			break;
	}
	clout_sql_reset(store->db, b.st);
	return rc < 0 ? rc : 0;
}

int clout__store_links_each(clout_store *store, int64_t workspace, int (*fn)(void *ctx, const clout__store_target *t),
	void *ctx, clout_error *err)
{
	return targets_each(store, SQL_LINKS, workspace, fn, ctx, err);
}

int clout__store_codes_each(clout_store *store, int64_t workspace, int (*fn)(void *ctx, const clout__store_target *t),
	void *ctx, clout_error *err)
{
	return targets_each(store, SQL_CODES, workspace, fn, ctx, err);
}

int clout__store_click_counts(clout_store *store, int64_t workspace, int64_t from_ms, int64_t to_ms,
	int (*fn)(void *ctx, const clout__click_count *c), void *ctx, clout_error *err)
{
	store_bind b;
	clout__click_count c;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_CLICK_COUNTS, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_int(&b, 2, from_ms);
	sb_int(&b, 3, to_ms);
	if (b.rc < 0)
		return store_bind_error(store, &b, "click counts", err);
	while ((rc = clout_sql_step(store->db, b.st, "count clicks", err)) == CLOUT_SQL_ROW) {
		c.link_id = clout_sql_column_int64(store->db, b.st, 0);
		c.day = clout_sql_column_int64(store->db, b.st, 1);
		c.click_class = clout_sql_column_int64(store->db, b.st, 2);
		c.unique = clout_sql_column_int64(store->db, b.st, 3) != 0;
		c.count = clout_sql_column_int64(store->db, b.st, 4);
		if ((rc = fn(ctx, &c)) != 0)
			break;
	}
	clout_sql_reset(store->db, b.st);
	return rc < 0 ? rc : 0;
}

int clout__store_conversions_each(clout_store *store, int64_t workspace, int64_t from_ms, int64_t to_ms,
	int (*fn)(void *ctx, const clout__conversion_row *c), void *ctx, clout_error *err)
{
	store_bind b;
	clout__conversion_row c;
	const char *currency;
	int rc;
	if ((rc = store_stmt(store, &b, SQL_CONVERSIONS, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_int(&b, 2, from_ms);
	sb_int(&b, 3, to_ms);
	if (b.rc < 0)
		return store_bind_error(store, &b, "conversions", err);
	while ((rc = clout_sql_step(store->db, b.st, "read conversions", err)) == CLOUT_SQL_ROW) {
		c.id = clout_sql_column_int64(store->db, b.st, 0);
		c.amount = clout_sql_column_int64(store->db, b.st, 1);
		c.refunded = clout_sql_column_int64(store->db, b.st, 2);
		currency = clout_sql_column_text(store->db, b.st, 3, NULL);
		snprintf(c.currency, sizeof(c.currency), "%s", currency ? currency : "");
		c.at_ms = clout_sql_column_int64(store->db, b.st, 4);
		c.click_id = store_column_id(store, b.st, 5);
		c.code_id = store_column_id(store, b.st, 6);
		c.customer_id = clout_sql_column_text(store->db, b.st, 7, NULL);
		if ((rc = fn(ctx, &c)) != 0)
			break;
	}
	clout_sql_reset(store->db, b.st);
	return rc < 0 ? rc : 0;
}
