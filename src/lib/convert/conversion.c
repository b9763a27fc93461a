/*
 * conversion.c: recording conversions once per order id, refunds once per refund id, the answer's
 * last-touch attribution, and the JSON of a conversion (see clout/convert.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "lib/store/webhook.h"
#include "lib/convert/internal.h"
#include "lib/store/store_internal.h"
#include "util/banned.h"

void clout_conversion_release(clout_conversion *c)
{
	if (!c)
		return;
	free(c->order_id);
	free(c->code);
	free(c->customer_id);
	free(c->link);
	free(c->influencer);
	free(c->campaign);
	free(c->warning);
	memset(c, 0, sizeof(*c));
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool text_ok(const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20)
			return false;
	return true;
}

/* The input checked, with the currency upper-cased and the amount in minor units. */
static int check_input(const clout_conversion_input *in, char currency[4], int64_t *amount, clout_error *err)
{
	if (!in || in->version != CLOUT_CONVERSION_INPUT_VERSION)
		return clout_error_set(err, CLOUT_EINVAL, "conversion input: unsupported version");
	if (!text_ok(in->order_id, CLOUT_CONVERT_ORDER_MAX))
		return clout_error_set(err, CLOUT_EINVAL, "order_id: must be 1 to %d bytes without control characters",
			CLOUT_CONVERT_ORDER_MAX);
	if (!in->currency || strlen(in->currency) != 3)
		return clout_error_set(err, CLOUT_EINVAL, "currency: '%s' is not an ISO 4217 code",
			in->currency ? in->currency : "");
	for (int i = 0; i < 3; i++)
		currency[i] = (char)toupper((unsigned char)in->currency[i]);
	currency[3] = '\0';
	if (in->customer_id && *in->customer_id && !text_ok(in->customer_id, 256))
		return clout_error_set(err, CLOUT_EINVAL, "customer_id: must be 1 to 256 bytes without control characters");
	if (in->click_id < 0)
		return clout_error_set(err, CLOUT_EINVAL, "click_id: must be a positive click id");
	if (in->at_ms < 0)
		return clout_error_set(err, CLOUT_EINVAL, "time: before 1970");
	return clout_convert_money_parse(amount, in->amount, currency, err);
}

/* Inside the transaction: resolves the click and code, writes the customer's click, attributes. */
static int attribute(clout__store_conversion *row, clout_store *store, int64_t workspace,
	const clout_conversion_input *in, int64_t window_s, char *warning, size_t warning_size, clout_error *err)
{
	char code[CLOUT_CONVERT_CODE_MAX + 1];
	clout_promo_code found;
	convert_touches touches;
	int64_t link_id, at;
	int rc;
	if (in->click_id > 0) {
		if ((rc = clout__store_click_touch(store, workspace, in->click_id, &link_id, &at, err)) < 0)
			return rc;
		if (rc == 1) {
			row->click_id = in->click_id;
			if (row->customer_id && (rc = clout__store_customer_click(store, workspace, row->customer_id, in->click_id, err)) < 0)
				return rc;
		} else {
			snprintf(warning, warning_size, "click_id: %lld is not a human click of this workspace",
				(long long)in->click_id);
		}
	}
	if (in->code && *in->code) {
		rc = convert_code_normalize(code, in->code) < 0 ? 0 : clout__store_code_find(store, workspace, code, &found, err);
		if (rc < 0)
			return rc;
		if (rc == 1) {
			row->code_id = found.id;
			clout_promo_code_release(&found);
		} else if (!*warning) {
			snprintf(warning, warning_size, "code: '%s' is not a promo code of this workspace", in->code);
		}
	}
	if (row->click_id) {
		row->attributed_by = CLOUT_ATTRIBUTED_CLICK;
		row->link_id = link_id;
		return 0;
	}
	if (row->code_id) {
		row->attributed_by = CLOUT_ATTRIBUTED_CODE;
		return 0;
	}
	if (!row->customer_id)
		return 0;
	if ((rc = convert_touches_collect(&touches, store, workspace, 0, row->customer_id, row->at_ms, window_s, err)) < 0)
		return rc;
	if (touches.count) {
		row->attributed_by = CLOUT_ATTRIBUTED_CUSTOMER;
		row->link_id = touches.items[touches.count - 1].link_id;
	}
	convert_touches_release(&touches);
	return 0;
}

/*
 * Puts event (the conversion as clout_conversion_json writes it) in the webhook outbox, in the
 * transaction of the write that caused it: it is delivered exactly when that write is durable.
 */
static int enqueue_event(clout_store *store, int64_t workspace, const char *event, const clout_conversion *c,
	clout_error *err)
{
	char *json = clout_conversion_json(c);
	int rc;
	if (!json)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	rc = clout__webhook_enqueue(store, workspace, event, json, now_ms(), err);
	free(json);
	return rc;
}

static int clout_convert_record_in(clout_conversion *out, clout_store *store, int64_t workspace,
	const clout_conversion_input *in, const clout_convert_options *opts, clout_error *err)
{
	clout_convert_options defaults = CLOUT_CONVERT_OPTIONS_INIT;
	clout__store_conversion row = { 0 };
	char currency[4], warning[200] = "";
	int64_t amount, id;
	int rc, created = 1;
	memset(out, 0, sizeof(*out));
	if (!opts)
		opts = &defaults;
	if ((rc = check_input(in, currency, &amount, err)) < 0)
		return rc;
	row.order_id = in->order_id;
	row.amount = amount;
	row.currency = currency;
	row.at_ms = in->at_ms ? in->at_ms : now_ms();
	row.customer_id = in->customer_id && *in->customer_id ? in->customer_id : NULL;
	if ((rc = clout_store_begin(store, err)) < 0)
		return rc;
	if ((rc = clout__store_conversion_get(store, workspace, in->order_id, out, err)) < 0)
		goto done;
	if (rc == 1) {
		created = 0;
		if (out->amount_minor != amount || strcmp(out->currency, currency)) {
			char had[40], got[40];
			rc = clout_error_set(err, CLOUT_ECONFLICT, "order_id: '%s' was recorded with %s %s, not %s %s",
				in->order_id, clout_convert_money_format(had, sizeof(had), out->amount_minor, out->currency),
				out->currency, clout_convert_money_format(got, sizeof(got), amount, currency), currency);
			clout_conversion_release(out);
			goto done;
		}
		rc = 0;
		goto done;
	}
	if ((rc = attribute(&row, store, workspace, in, opts->window_s, warning, sizeof(warning), err)) < 0)
		goto done;
	row.warning = *warning ? warning : NULL;
	if ((rc = clout__store_conversion_insert(store, workspace, &row, &id, err)) < 0)
		goto done;
	if ((rc = clout__store_conversion_get(store, workspace, in->order_id, out, err)) == 0)
		rc = clout_error_set(err, CLOUT_EINTERNAL, "conversion '%s' vanished", in->order_id);
	if (rc >= 0)
		rc = enqueue_event(store, workspace, "conversion.created", out, err);
done:
	if (rc < 0) {
		clout_store_rollback(store);
		clout_conversion_release(out);
		return rc;
	}
	if ((rc = clout_store_commit(store, err)) < 0) {
		clout_conversion_release(out);
		return rc;
	}
	return created;
}

static int clout_convert_get_in(clout_conversion *out, clout_store *store, int64_t workspace, const char *order_id,
	clout_error *err)
{
	int rc = clout__store_conversion_get(store, workspace, order_id ? order_id : "", out, err);
	if (rc == 0)
		return clout_error_set(err, CLOUT_ENOTFOUND, "no conversion with order id '%s'", order_id ? order_id : "");
	return rc < 0 ? rc : 0;
}

static int clout_convert_refund_in(clout_conversion *out, clout_store *store, int64_t workspace, const char *order_id,
	const char *refund_id, const char *amount_text, clout_error *err)
{
	int64_t amount = 0, before = 0;
	int rc, applied = 1;
	memset(out, 0, sizeof(*out));
	if (refund_id && !text_ok(refund_id, CLOUT_CONVERT_ORDER_MAX))
		return clout_error_set(err, CLOUT_EINVAL, "refund_id: must be 1 to %d bytes without control characters",
			CLOUT_CONVERT_ORDER_MAX);
	if ((rc = clout_store_begin(store, err)) < 0)
		return rc;
	if ((rc = clout_convert_get_in(out, store, workspace, order_id, err)) < 0)
		goto done;
	if (amount_text && (rc = clout_convert_money_parse(&amount, amount_text, out->currency, err)) < 0)
		goto done;
	if (amount_text && amount == 0) {
		rc = clout_error_set(err, CLOUT_EINVAL, "amount: a refund must be more than 0");
		goto done;
	}
	if (!refund_id) {
		if (amount_text && amount != out->amount_minor - out->refunded_minor) {
			rc = clout_error_set(err, CLOUT_EINVAL, "refund_id: a partial refund needs a refund_id");
			goto done;
		}
		refund_id = "full";
	}
	if ((rc = clout__store_refund_get(store, out->id, refund_id, &before, err)) < 0)
		goto done;
	if (rc == 1) {
		applied = 0;
		rc = amount_text && amount != before
			? clout_error_set(err, CLOUT_ECONFLICT, "refund_id: '%s' was applied with another amount", refund_id)
			: 0;
		goto done;
	}
	if (!amount_text)
		amount = out->amount_minor - out->refunded_minor;
	if (amount == 0 || amount > out->amount_minor - out->refunded_minor) {
		char left[40];
		rc = clout_error_set(err, CLOUT_EINVAL, "amount: only %s %s is left to refund",
			clout_convert_money_format(left, sizeof(left), out->amount_minor - out->refunded_minor, out->currency),
			out->currency);
		goto done;
	}
	if ((rc = clout__store_refund_insert(store, out->id, refund_id, amount, now_ms(), err)) < 0)
		goto done;
	out->refunded_minor += amount;
	rc = enqueue_event(store, workspace, "conversion.refunded", out, err);
done:
	if (rc < 0) {
		clout_store_rollback(store);
		clout_conversion_release(out);
		return rc;
	}
	if ((rc = clout_store_commit(store, err)) < 0) {
		clout_conversion_release(out);
		return rc;
	}
	return applied;
}

static const char *by_name(clout_attributed_by by)
{
	switch (by) {
	case CLOUT_ATTRIBUTED_CLICK: return "click";
	case CLOUT_ATTRIBUTED_CODE: return "code";
	case CLOUT_ATTRIBUTED_CUSTOMER: return "customer";
	default: return NULL;
	}
}

char *clout_conversion_json(const clout_conversion *c)
{
	char amount[40], refunded[40], net[40];
	json_t *doc, *attribution;
	char *text;
	attribution = json_pack("{s:s?,s:s?,s:s?,s:s?}", "by", by_name(c->by), "link", c->link, "influencer", c->influencer,
		"campaign", c->campaign);
	doc = json_pack("{s:s,s:s,s:s,s:s,s:s,s:I,s:o,s:s?,s:s?,s:o}", "order_id", c->order_id, "amount",
		clout_convert_money_format(amount, sizeof(amount), c->amount_minor, c->currency), "currency", c->currency,
		"refunded", clout_convert_money_format(refunded, sizeof(refunded), c->refunded_minor, c->currency), "net",
		clout_convert_money_format(net, sizeof(net), c->amount_minor - c->refunded_minor, c->currency), "time",
		(json_int_t)c->at_ms, "click_id", c->click_id ? json_integer((json_int_t)c->click_id) : json_null(), "code", c->code,
		"customer_id", c->customer_id, "attribution", attribution);
	if (doc && c->warning)
		json_object_set_new(doc, "warning", json_string(c->warning));
	text = doc ? json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(doc);
	return text;
}

int clout_convert_record(clout_conversion *out, clout_session *s, const clout_conversion_input *in,
	const clout_convert_options *opts)
{
	int64_t ws;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = clout__convert_session(s, &ws)) < 0)
		return rc;
	return clout_convert_record_in(out, clout_session_store(s), ws, in, opts, clout_session_err(s));
}

int clout_convert_get(clout_conversion *out, clout_session *s, const char *order_id)
{
	int64_t ws;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = clout__convert_session(s, &ws)) < 0)
		return rc;
	return clout_convert_get_in(out, clout_session_store(s), ws, order_id, clout_session_err(s));
}

int clout_convert_refund(clout_conversion *out, clout_session *s, const char *order_id, const char *refund_id,
	const char *amount)
{
	int64_t ws;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = clout__convert_session(s, &ws)) < 0)
		return rc;
	return clout_convert_refund_in(out, clout_session_store(s), ws, order_id, refund_id, amount, clout_session_err(s));
}
