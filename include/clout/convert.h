/*
 * clout/convert.h: what tracking links bring in: money, promo codes, conversions, refunds,
 * attribution and the link report.
 *
 * Money is an integer count of a currency's minor units (cents for EUR, yen for JPY, fils for
 * KWD) with its ISO 4217 code; the exponent of each currency comes from data/track/currencies.txt.
 * Amounts are parsed from decimal text exactly ("100", "100.5", "99.99"), never through doubles.
 *
 * A conversion is an order reported by the shop (a postback or an import): order id, amount,
 * currency, and what ties it to a campaign: the click id the redirect appended (clout_click=ID),
 * a promo code, or a customer id. It is recorded once per order id and workspace: the same order
 * again with the same amount and currency is the same conversion; with another amount or currency
 * it is a conflict. A refund reverses part or all of a conversion's revenue, once per refund id.
 *
 * Attribution is computed when reading, from the stored touch points, by a model:
 * - a conversion that names a human click, or (without a click) a promo code, is credited to it;
 * - the touches of a customer are the human clicks whose ids earlier conversions of that customer
 *   carried (the customer-click map is written when a conversion names both); a conversion with a
 *   customer id and no usable click or code is credited to the customer's touches within the
 *   window (30 days by default) before it;
 * - model last credits the latest touch, first the earliest, linear every touch in equal shares
 *   (revenue split in minor units, the remainder going to the latest touches).
 * Bot, preview, prefetch and HEAD clicks are never touches.
 *
 * The operations that read or write the store take the session handle (clout/session.h): they act
 * in its workspace and leave their error on it.
 */
#ifndef CLOUT_CONVERT_H
#define CLOUT_CONVERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clout/common.h"
#include "clout/session.h"
#include "clout/store.h"
#include "clout/track.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Money ---- */

/* The minor-unit exponent of an ISO 4217 code (upper case, e.g. "EUR" -> 2), or -1 when unknown. */
int clout_convert_currency_exponent(const char *currency);

/*
 * Parses a non-negative decimal amount ("100", "100.5", "99.99") of currency into minor units,
 * exactly. CLOUT_EINVAL naming "currency" for an unknown code, or "amount" for text that is not
 * a plain decimal, has more decimals than the currency has, or does not fit in 64 bits.
 */
int clout_convert_money_parse(int64_t *out_minor, const char *text, const char *currency, clout_error *err);

/* Writes minor units of currency as a decimal ("12.30", "1200", "-0.50") into out (size >= 32).
 * Returns out. */
char *clout_convert_money_format(char *out, size_t size, int64_t minor, const char *currency);

/*
 * Parses a time: unix seconds ("1763640000"), a date ("2026-11-20", midnight UTC; *date_only set
 * when not NULL) or an RFC 3339 time ("2026-11-20T10:00:00Z", "...+01:00", seconds optional).
 * *out_ms is unix milliseconds. CLOUT_EINVAL naming "time" otherwise.
 */
int clout_convert_time_parse(int64_t *out_ms, const char *text, bool *date_only, clout_error *err);

/* ---- Promo codes ---- */

#define CLOUT_CONVERT_CODE_MAX 64

typedef struct clout_promo_code {
	int64_t id;
	char *code;       /* upper case: codes are matched without regard to case */
	char *influencer; /* handle without @, or NULL */
	char *campaign;   /* or NULL */
	int64_t created_at;
} clout_promo_code;

void clout_promo_code_release(clout_promo_code *code);

/*
 * Creates a promo code (letters, digits, '-' and '_', 1..64, kept upper case) for influencer in
 * workspace. CLOUT_EINVAL naming "code" or "influencer"; CLOUT_EEXISTS when the workspace has it.
 */
int clout_convert_code_create(clout_promo_code *out, clout_session *s, const char *code, const char *influencer,
	const char *campaign);

/* Calls fn for each promo code of workspace, in code order; fn's non-zero return stops and is returned. */
int clout_convert_code_foreach(clout_session *s, int (*fn)(void *ctx, const clout_promo_code *code), void *ctx);

/* {"code", "influencer", "campaign", "created_at"}: malloc'd, or NULL when out of memory. */
char *clout_promo_code_json(const clout_promo_code *code);

/* ---- Conversions ---- */

#define CLOUT_CONVERT_ORDER_MAX 128

typedef struct clout_conversion_input {
	unsigned int version;
	const char *order_id;    /* required, 1..128 bytes */
	const char *amount;      /* required decimal text in the currency's major unit */
	const char *currency;    /* required ISO 4217 code (any case) */
	int64_t click_id;        /* 0: none */
	const char *code;        /* promo code, or NULL */
	const char *customer_id; /* or NULL */
	int64_t at_ms;           /* when the order was placed (unix ms); 0: now */
} clout_conversion_input;

#define CLOUT_CONVERSION_INPUT_VERSION 1
#define CLOUT_CONVERSION_INPUT_INIT { CLOUT_CONVERSION_INPUT_VERSION, NULL, NULL, NULL, 0, NULL, NULL, 0 }

/* How the answer attributed a conversion. */
typedef enum {
	CLOUT_ATTRIBUTED_NONE = 0,
	CLOUT_ATTRIBUTED_CLICK,    /* by the click id it carried */
	CLOUT_ATTRIBUTED_CODE,     /* by its promo code */
	CLOUT_ATTRIBUTED_CUSTOMER  /* by the customer's last click within the window */
} clout_attributed_by;

/* A stored conversion and its last-touch attribution as first answered. */
typedef struct clout_conversion {
	int64_t id;
	char *order_id;
	int64_t amount_minor;
	char currency[4];
	int64_t refunded_minor;
	int64_t at_ms;
	int64_t click_id;    /* as recorded: 0 when none or not a known click of the workspace */
	char *code;          /* as recorded: NULL when none or unknown */
	char *customer_id;
	clout_attributed_by by;
	char *link;          /* the attributed link's code, or NULL */
	char *influencer;    /* of the attributed link or code */
	char *campaign;
	char *warning;       /* why a click id or code given was not used, or NULL */
} clout_conversion;

void clout_conversion_release(clout_conversion *c);

typedef struct clout_convert_options {
	unsigned int version;
	int64_t window_s; /* customer attribution window (30 days) */
} clout_convert_options;

#define CLOUT_CONVERT_OPTIONS_VERSION 1
#define CLOUT_CONVERT_OPTIONS_INIT { CLOUT_CONVERT_OPTIONS_VERSION, 30 * 86400 }

/*
 * Records a conversion in one transaction, durable on return. Returns 1 when it was created,
 * 0 when the order id was recorded before with the same amount and currency (*out is the stored
 * one), CLOUT_ECONFLICT when it was recorded with another amount or currency, or CLOUT_EINVAL
 * naming the field ("order_id: ...", "amount: ...", "currency: ...", "time: ..."). A click id that
 * is not a human click of the workspace, or an unknown code, is dropped with out->warning set.
 * opts may be NULL.
 */
int clout_convert_record(clout_conversion *out, clout_session *s, const clout_conversion_input *in,
	const clout_convert_options *opts);

/* The conversion with order_id (CLOUT_ENOTFOUND when none). */
int clout_convert_get(clout_conversion *out, clout_session *s, const char *order_id);

/*
 * Refunds amount (decimal text in the conversion's currency; NULL: everything not yet refunded)
 * of the conversion with order_id, once per refund_id (NULL: "full" for a whole refund; a partial
 * refund needs one). Returns 1 when refunded now, 0 when refund_id was applied before with the
 * same amount; CLOUT_ECONFLICT for the same refund id with another amount; CLOUT_EINVAL naming
 * "amount" when it exceeds what is left, "refund_id" when a partial refund has none;
 * CLOUT_ENOTFOUND for an unknown order. *out is the conversion after it.
 */
int clout_convert_refund(clout_conversion *out, clout_session *s, const char *order_id, const char *refund_id,
	const char *amount);

/* {"order_id", "amount", "currency", "refunded", "net", "time", "click_id", "code", "customer_id",
 * "attribution": {"by", "link", "influencer", "campaign"}, "warning"?}. Malloc'd or NULL. */
char *clout_conversion_json(const clout_conversion *c);

/* ---- Postback signatures ---- */

#define CLOUT_CONVERT_SECRET_LEN 32
/* Seconds a signature's timestamp may differ from the server's clock. */
#define CLOUT_CONVERT_SIGNATURE_SKEW 300

/*
 * The workspace's postback secret as 64 hex characters (+ NUL) in hex; made on first use, replaced
 * by a new random one when rotate is true.
 */
int clout_convert_secret(char hex[2 * CLOUT_CONVERT_SECRET_LEN + 1], clout_session *s, bool rotate);

/*
 * Checks a Clout-Signature header "t=UNIX_SECONDS,v1=HEX" over body: v1 must be the HMAC-SHA256,
 * under the secret given as hex, of "T.BODY", and |now - T| <= CLOUT_CONVERT_SIGNATURE_SKEW.
 * 0, or CLOUT_EINVAL saying what is wrong (malformed, stale, mismatch).
 */
int clout_convert_signature_check(const char *header, const void *body, size_t body_len, const char *secret_hex,
	int64_t now_s, clout_error *err);

/* Writes "t=NOW,v1=HEX" for body under secret_hex into out (size >= 96), as a shop would. */
int clout_convert_signature_make(char *out, size_t size, const void *body, size_t body_len, const char *secret_hex,
	int64_t now_s, clout_error *err);

/* ---- The link report ---- */

typedef enum { CLOUT_MODEL_LAST = 0, CLOUT_MODEL_FIRST, CLOUT_MODEL_LINEAR } clout_convert_model;
typedef enum { CLOUT_GROUP_LINK = 0, CLOUT_GROUP_INFLUENCER, CLOUT_GROUP_CAMPAIGN } clout_convert_group;

/* "last", "first", "linear" / "link", "influencer", "campaign"; parse returns -1 when unknown. */
const char *clout_convert_model_name(clout_convert_model m);
int clout_convert_model_parse(const char *name);
const char *clout_convert_group_name(clout_convert_group g);
int clout_convert_group_parse(const char *name);

typedef struct clout_convert_report_options {
	unsigned int version;
	clout_convert_model model;
	clout_convert_group group;
	bool by_day;
	const char *campaign;   /* only links and codes of this campaign, or NULL */
	const char *influencer; /* only those of this influencer (a leading @ is dropped), or NULL */
	const char *link;       /* only this link code, or NULL */
	int64_t from_ms, to_ms; /* clicks and conversions with from <= time < to; 0: unbounded */
	int64_t window_s;       /* the customer attribution window (30 days) */
} clout_convert_report_options;

#define CLOUT_CONVERT_REPORT_OPTIONS_VERSION 1
#define CLOUT_CONVERT_REPORT_OPTIONS_INIT { CLOUT_CONVERT_REPORT_OPTIONS_VERSION, CLOUT_MODEL_LAST, \
	CLOUT_GROUP_LINK, false, NULL, NULL, NULL, 0, 0, 30 * 86400 }

/* Revenue in one currency: never added across currencies (no rate is assumed). */
typedef struct clout_convert_revenue {
	char currency[4];
	int64_t net_minor;      /* credited amount less refunds */
	int64_t refunded_minor; /* credited refunds */
} clout_convert_revenue;

typedef struct clout_convert_report_row {
	const char *link;       /* group link: the link's code, or NULL for a promo code's row */
	const char *promo_code; /* group link: the promo code, for conversions credited to one */
	const char *influencer; /* NULL when none */
	const char *campaign;
	int64_t day;            /* by_day: unix day (ms / 86400000); else -1 */
	int64_t clicks;         /* human clicks */
	int64_t unique_clicks;
	int64_t bot_clicks;     /* bots and link previews */
	int64_t prefetch_clicks;/* prefetches and HEAD requests */
	double conversions;     /* credited conversions (fractions under linear) */
	size_t revenue_count;
	clout_convert_revenue *revenue; /* by currency code */
} clout_convert_report_row;

typedef struct clout_convert_report {
	clout_convert_report_options opts; /* strings not kept */
	clout_convert_report_row *rows;    /* ordered by key, then day */
	size_t count;
	void *owner;                       /* the rows' strings */
} clout_convert_report;

/* Builds the report of workspace. Release with clout_convert_report_release. */
int clout_convert_report_build(clout_convert_report *out, clout_session *s, const clout_convert_report_options *opts);
void clout_convert_report_release(clout_convert_report *r);

/* A row's conversion rate: conversions / human clicks, or -1 when it has no human click. */
double clout_convert_report_rate(const clout_convert_report_row *row);

/*
 * {"model", "group", "from", "to", "rows": [{"link", "promo_code", "influencer", "campaign",
 * "day", "clicks", "unique_clicks", "bot_clicks", "prefetch_clicks", "conversions",
 * "conversion_rate", "revenue": [{"currency", "net", "refunded"}]}]} with amounts as decimal
 * strings. Malloc'd or NULL.
 */
char *clout_convert_report_json(const clout_convert_report *r);

#ifdef __cplusplus
}
#endif
#endif
