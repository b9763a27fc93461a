/*
 * convert.h (libclout only): the tables of migration 0009_convert in portable SQL: promo codes,
 * conversions with the attribution first answered, refunds, the customer-click map, the touches
 * attribution reads, and the report's counts. The rules live in src/lib/convert/.
 */
#ifndef CLOUT_LIB_STORE_CONVERT_H
#define CLOUT_LIB_STORE_CONVERT_H

#include <stdbool.h>
#include <stdint.h>

#include "clout/convert.h"

/* Inserts a promo code (code already upper case); CLOUT_EEXISTS when the workspace has it. */
int clout__store_code_insert(clout_store *store, int64_t workspace, const clout_promo_code *code, int64_t *out_id,
	clout_error *err);
/* The promo code of workspace: 1 found (*out filled, owned strings), 0 absent. */
int clout__store_code_find(clout_store *store, int64_t workspace, const char *code, clout_promo_code *out,
	clout_error *err);
/* Every promo code of workspace in code order. */
int clout__store_code_foreach(clout_store *store, int64_t workspace,
	int (*fn)(void *ctx, const clout_promo_code *code), void *ctx, clout_error *err);

/* The conversion with order_id: 1 found (*out filled), 0 absent. */
int clout__store_conversion_get(clout_store *store, int64_t workspace, const char *order_id, clout_conversion *out,
	clout_error *err);

/* A conversion row to insert. */
typedef struct clout__store_conversion {
	const char *order_id;
	int64_t amount, at_ms;
	const char *currency;
	int64_t click_id, code_id, link_id; /* 0: none */
	const char *customer_id;
	int attributed_by;
	const char *warning;
} clout__store_conversion;

int clout__store_conversion_insert(clout_store *store, int64_t workspace, const clout__store_conversion *c,
	int64_t *out_id, clout_error *err);

/* A human click of workspace: 1 with its link and time, 0 when click_id is not one. */
int clout__store_click_touch(clout_store *store, int64_t workspace, int64_t click_id, int64_t *link_id,
	int64_t *at_ms, clout_error *err);

/* Records that customer_id made click_id (no-op when known). */
int clout__store_customer_click(clout_store *store, int64_t workspace, const char *customer_id, int64_t click_id,
	clout_error *err);

/* One touch: a human click, by time then id. */
typedef struct clout__touch {
	int64_t click_id, link_id, at_ms;
} clout__touch;

/* Calls fn for each human click of customer_id with from_ms <= time <= to_ms, by time then id. */
int clout__store_customer_touches(clout_store *store, int64_t workspace, const char *customer_id, int64_t from_ms,
	int64_t to_ms, int (*fn)(void *ctx, const clout__touch *t), void *ctx, clout_error *err);

/* The refund refund_id of conversion_id: 1 with its amount, 0 absent. */
int clout__store_refund_get(clout_store *store, int64_t conversion_id, const char *refund_id, int64_t *amount,
	clout_error *err);
/* Adds a refund and adds its amount to the conversion's refunded total. */
int clout__store_refund_insert(clout_store *store, int64_t conversion_id, const char *refund_id, int64_t amount,
	int64_t at_ms, clout_error *err);

/* Replaces the secret called name with value (len bytes). */
int clout__store_secret_replace(clout_store *store, const char *name, const uint8_t *value, size_t len,
	clout_error *err);

/* ---- report reads ---- */

/* A link or promo code of workspace, as the report reads it (borrowed for the callback). */
typedef struct clout__store_target {
	int64_t id;
	const char *code, *influencer, *campaign;
} clout__store_target;

int clout__store_links_each(clout_store *store, int64_t workspace, int (*fn)(void *ctx, const clout__store_target *t),
	void *ctx, clout_error *err);
int clout__store_codes_each(clout_store *store, int64_t workspace, int (*fn)(void *ctx, const clout__store_target *t),
	void *ctx, clout_error *err);

/* Click counts of workspace's links with from <= time < to, by link, day, class and uniqueness. */
typedef struct clout__click_count {
	int64_t link_id, day, click_class, count;
	bool unique;
} clout__click_count;

int clout__store_click_counts(clout_store *store, int64_t workspace, int64_t from_ms, int64_t to_ms,
	int (*fn)(void *ctx, const clout__click_count *c), void *ctx, clout_error *err);

/* A conversion as the report reads it (customer_id borrowed for the callback). */
typedef struct clout__conversion_row {
	int64_t id, amount, refunded, at_ms, click_id, code_id;
	char currency[4];
	const char *customer_id;
} clout__conversion_row;

int clout__store_conversions_each(clout_store *store, int64_t workspace, int64_t from_ms, int64_t to_ms,
	int (*fn)(void *ctx, const clout__conversion_row *c), void *ctx, clout_error *err);

#endif
