/*
 * h_conversions.c: promo codes, conversions, refunds and the link report over the JSON API:
 * POST|GET /api/v1/codes, POST /api/v1/conversions, GET /api/v1/conversions/{order_id},
 * POST /api/v1/conversions/{order_id}/refund, GET /api/v1/reports/links.
 *
 * A shop's postbacks (conversions and refunds) must carry a Clout-Signature header: HMAC-SHA256
 * of "T.BODY" under the workspace's postback secret (`clout conversion secret`), T within
 * CLOUT_CONVERT_SIGNATURE_SKEW seconds of the server's clock (they act in the server's workspace),
 * or a Bearer token (or session) of a user whose role has conversions:write (in its workspace).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clout/convert.h"
#include "server/api.h"
#include "server/handlers.h"
#include "server/http.h"
#include "server/query.h"
#include "server/resources.h"
#include "util/banned.h"

/* The status and error code for a library failure, with the field its message names. */
static int reply_failure(http_request *req, const clout_error *err)
{
	char field[40] = "";
	const char *colon = strchr(err->message, ':');
	size_t n = colon ? (size_t)(colon - err->message) : 0;
	if (n && n < sizeof(field) - 1 && strspn(err->message, "abcdefghijklmnopqrstuvwxyz_") == n)
		snprintf(field, sizeof(field), "/%.*s", (int)n, err->message);
	switch (err->code) {
	case CLOUT_EINVAL: return http_reply_error(req, 422, "invalid_value", *field ? field : NULL, "%s", err->message);
	case CLOUT_ENOTFOUND: return http_reply_error(req, 404, "not_found", NULL, "%s", err->message);
	case CLOUT_EEXISTS: return http_reply_error(req, 409, "conflict", *field ? field : NULL, "%s", err->message);
	case CLOUT_ECONFLICT: return http_reply_error(req, 409, "conflict", *field ? field : NULL, "%s", err->message);
	case CLOUT_EUNAVAILABLE: return http_reply_error(req, 503, "unavailable", NULL, "%s", err->message);
	default: return http_reply_error(req, 500, "internal", NULL, "%s", err->message);
	}
}

static int reply_text(http_request *req, int status, char *json)
{
	int rc = json ? http_reply(req, status, "application/json", json, strlen(json)) : CLOUT_ENOMEM;
	free(json);
	return rc;
}

/*
 * Checks the postback's credentials: 0 to go on, -1 after answering 401. A caller that
 * server_authenticate admitted with a token or a session (and the route's permission) goes on; a
 * shop's signed postback (admitted there without one) must carry a good Clout-Signature. The secret
 * is read under the store lock the caller holds.
 */
static int authenticate_postback(http_request *req, clout_session *s)
{
	const char *sig = http_header(req, "Clout-Signature");
	char secret[2 * CLOUT_CONVERT_SECRET_LEN + 1];
	clout_error err = { 0 };
	if (!req->signed_postback)
		return 0;
	if (!sig) {
		http_reply_error(req, 401, "unauthorized", NULL,
			"a Clout-Signature header (t=UNIX_SECONDS,v1=HMAC-SHA256 hex of \"T.BODY\") or an API token is required");
		return -1;
	}
	if (clout_convert_secret(secret, s, false) < 0) {
		reply_failure(req, clout_session_error(s));
		return -1;
	}
	if (clout_convert_signature_check(sig, req->body.ptr, req->body.len, secret, (int64_t)time(NULL), &err) < 0) {
		http_reply_error(req, 401, "unauthorized", NULL, "%s", err.message);
		return -1;
	}
	return 0;
}

/* An optional integer member: 1 present, 0 absent or null, -1 after answering 422. */
static int json_int_member(http_request *req, json_t *obj, const char *key, int64_t *out)
{
	json_t *v = json_object_get(obj, key);
	*out = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v)) {
		char field[32];
		snprintf(field, sizeof(field), "/%s", key);
		http_reply_error(req, 422, "wrong_type", field, "%s: must be an integer", key);
		return -1;
	}
	*out = (int64_t)json_integer_value(v);
	return 1;
}

/*
 * The amount as decimal text in buf: a string as it is, an integer, or a number whose shortest
 * decimal form has no more decimals than the currency (so 99.99 is read exactly as "99.99").
 * NULL after answering 422.
 */
static const char *amount_text(http_request *req, json_t *body, const char *currency, char *buf, size_t size)
{
	json_t *v = json_object_get(body, "amount");
	int exponent = clout_convert_currency_exponent(currency);
	if (!v || json_is_null(v)) {
		http_reply_error(req, 422, "missing_field", "/amount", "amount: required");
		return NULL;
	}
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, size, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	if (json_is_real(v) && exponent >= 0) {
		double d = json_real_value(v);
		if (d >= 0 && d < 1e15 && isfinite(d)) {
			snprintf(buf, size, "%.*f", exponent, d);
			if (strtod(buf, NULL) == d)
				return buf;
		}
		http_reply_error(req, 422, "invalid_value", "/amount",
			"amount: %.17g is not an amount with at most %d decimals (send it as a string, e.g. \"99.99\")", d, exponent);
		return NULL;
	}
	if (json_is_real(v))
		return "0"; /* the currency is refused next, by name */
	http_reply_error(req, 422, "wrong_type", "/amount", "amount: must be a decimal string or a number");
	return NULL;
}

/* Reads the conversion input from body; -1 after answering. */
static int conversion_input(http_request *req, json_t *body, clout_conversion_input *in, char *amount_buf,
	size_t amount_size)
{
	json_t *t = json_object_get(body, "time");
	clout_error err = { 0 };
	int64_t seconds;
	if (http_json_string(req, body, "order_id", true, &in->order_id) < 0 ||
	    http_json_string(req, body, "currency", true, &in->currency) < 0 ||
	    http_json_string(req, body, "code", false, &in->code) < 0 ||
	    http_json_string(req, body, "customer_id", false, &in->customer_id) < 0 ||
	    json_int_member(req, body, "click_id", &in->click_id) < 0)
		return -1;
	char currency[4] = "";
	for (int i = 0; i < 3 && in->currency[i]; i++)
		currency[i] = (char)(in->currency[i] >= 'a' && in->currency[i] <= 'z' ? in->currency[i] - 32 : in->currency[i]);
	if (!(in->amount = amount_text(req, body, currency, amount_buf, amount_size)))
		return -1;
	if (t && json_is_string(t)) {
		if (clout_convert_time_parse(&in->at_ms, json_string_value(t), NULL, &err) < 0) {
			http_reply_error(req, 422, "invalid_value", "/time", "%s", err.message);
			return -1;
		}
	} else if (json_int_member(req, body, "time", &seconds) < 0) {
		return -1;
	} else if (seconds < 0) {
		http_reply_error(req, 422, "invalid_value", "/time", "time: before 1970");
		return -1;
	} else {
		in->at_ms = seconds * 1000;
	}
	return 0;
}

int h_conversion_create(http_request *req)
{
	clout_conversion_input in = CLOUT_CONVERSION_INPUT_INIT;
	clout_conversion c;
	char amount[64];
	clout_session *s;
	json_t *body;
	int rc;
	if (http_body_object(req, &body) < 0)
		return 0;
	if (!(s = api_session(req))) {
		json_decref(body);
		return 0;
	}
	if (authenticate_postback(req, s) < 0 || conversion_input(req, body, &in, amount, sizeof(amount)) < 0) {
		api_session_done(req, s);
		json_decref(body);
		return 0;
	}
	api_fold_clicks(req); /* the click it names, and the customer's last clicks */
	rc = clout_convert_record(&c, s, &in, NULL);
	json_decref(body);
	if (rc < 0) {
		rc = reply_failure(req, clout_session_error(s));
		api_session_done(req, s);
		return rc;
	}
	api_session_done(req, s);
	int status = rc == 1 ? 201 : 200;
	rc = reply_text(req, status, clout_conversion_json(&c));
	clout_conversion_release(&c);
	return rc;
}

int h_conversion_get(http_request *req)
{
	const char *order = http_param(req, "order_id");
	clout_conversion c;
	clout_session *s;
	int rc;
	if (!order)
		return CLOUT_ENOMEM;
	if (!(s = api_session(req)))
		return 0;
	rc = clout_convert_get(&c, s, order);
	if (rc < 0)
		rc = reply_failure(req, clout_session_error(s));
	api_session_done(req, s);
	if (rc < 0 || req->response)
		return rc;
	rc = reply_text(req, 200, clout_conversion_json(&c));
	clout_conversion_release(&c);
	return rc;
}

int h_conversion_refund(http_request *req)
{
	const char *order = http_param(req, "order_id"), *refund_id = NULL, *amount = NULL;
	clout_conversion c;
	clout_session *s;
	char amount_buf[64];
	json_t *body, *v;
	int rc;
	if (!order)
		return CLOUT_ENOMEM;
	if (http_body_object(req, &body) < 0)
		return 0;
	if (!(s = api_session(req))) {
		json_decref(body);
		return 0;
	}
	if (authenticate_postback(req, s) < 0 || http_json_string(req, body, "refund_id", false, &refund_id) < 0) {
		api_session_done(req, s);
		json_decref(body);
		return 0;
	}
	if ((v = json_object_get(body, "amount")) != NULL && !json_is_null(v)) {
		clout_conversion known;
		/* the amount is read in the conversion's currency */
		if (clout_convert_get(&known, s, order) < 0) {
			rc = reply_failure(req, clout_session_error(s));
			api_session_done(req, s);
			json_decref(body);
			return rc;
		}
		amount = amount_text(req, body, known.currency, amount_buf, sizeof(amount_buf));
		clout_conversion_release(&known);
		if (!amount) {
			api_session_done(req, s);
			json_decref(body);
			return 0;
		}
	}
	rc = clout_convert_refund(&c, s, order, refund_id, amount);
	json_decref(body);
	if (rc < 0) {
		rc = reply_failure(req, clout_session_error(s));
		api_session_done(req, s);
		return rc;
	}
	api_session_done(req, s);
	int status = rc == 1 ? 201 : 200;
	rc = reply_text(req, status, clout_conversion_json(&c));
	clout_conversion_release(&c);
	return rc;
}

int h_code_create(http_request *req)
{
	const char *code = NULL, *influencer = NULL, *campaign = NULL;
	clout_promo_code made;
	clout_session *s;
	json_t *body;
	int rc;
	if (http_body_object(req, &body) < 0)
		return 0;
	if (http_json_string(req, body, "code", true, &code) < 0 || http_json_string(req, body, "influencer", true, &influencer) < 0 ||
	    http_json_string(req, body, "campaign", false, &campaign) < 0) {
		json_decref(body);
		return 0;
	}
	if (!(s = api_session(req))) {
		json_decref(body);
		return 0;
	}
	rc = clout_convert_code_create(&made, s, code, influencer, campaign);
	json_decref(body);
	if (rc < 0)
		rc = reply_failure(req, clout_session_error(s));
	api_session_done(req, s);
	if (rc < 0 || req->response)
		return rc;
	rc = reply_text(req, 201, clout_promo_code_json(&made));
	clout_promo_code_release(&made);
	return rc;
}

static int code_append(void *ctx, const clout_promo_code *code)
{
	json_t *list = ctx;
	char *text = clout_promo_code_json(code);
	json_t *doc = text ? json_loads(text, 0, NULL) : NULL;
	free(text);
	return doc && json_array_append_new(list, doc) == 0 ? 0 : CLOUT_ENOMEM;
}

int h_code_list(http_request *req)
{
	json_t *list = json_array();
	clout_session *s;
	int rc;
	if (!list)
		return CLOUT_ENOMEM;
	if (!(s = api_session(req))) {
		json_decref(list);
		return 0;
	}
	rc = clout_convert_code_foreach(s, code_append, list);
	if (rc < 0) {
		json_decref(list);
		rc = rc == CLOUT_ENOMEM && !clout_session_error(s)->message[0] ? CLOUT_ENOMEM
			: reply_failure(req, clout_session_error(s));
		api_session_done(req, s);
		return rc;
	}
	api_session_done(req, s);
	return http_reply_json(req, 200, json_pack("{s:o}", "codes", list));
}

int h_report_links(http_request *req)
{
	clout_convert_report_options o = CLOUT_CONVERT_REPORT_OPTIONS_INIT;
	static const char *const known[] = { "campaign", "influencer", "link", "group", "by", "model", "from", "to",
		"window", NULL };
	static const char *const models[] = { "last", "first", "linear", NULL };
	static const char *const groups[] = { "link", "influencer", "campaign", NULL };
	static const char *const bys[] = { "day", NULL };
	clout_convert_report r;
	clout_error err = { 0 };
	clout_session *s;
	query q;
	int64_t window = 30;
	int model = 0, group = 0, by = -1, rc;
	bool date_only;
	const char *from, *to;
	if (query_from_request(&q, req) < 0)
		return CLOUT_ENOMEM;
	if (query_check_names(&q, req, known) < 0 || query_enum(&q, req, "model", models, &model) < 0 ||
	    query_enum(&q, req, "group", groups, &group) < 0 || query_enum(&q, req, "by", bys, &by) < 0 ||
	    query_int(&q, req, "window", 1, 3650, &window) < 0)
		return 0;
	o.model = (clout_convert_model)model;
	o.group = (clout_convert_group)group;
	o.by_day = by == 0;
	o.window_s = window * 86400;
	o.campaign = query_get(&q, "campaign");
	o.influencer = query_get(&q, "influencer");
	o.link = query_get(&q, "link");
	if ((from = query_get(&q, "from")) && clout_convert_time_parse(&o.from_ms, from, NULL, &err) < 0)
		return http_reply_error(req, 400, "invalid_query", "from", "from: %s", err.message + strlen("time: "));
	if ((to = query_get(&q, "to")) && clout_convert_time_parse(&o.to_ms, to, &date_only, &err) < 0)
		return http_reply_error(req, 400, "invalid_query", "to", "to: %s", err.message + strlen("time: "));
	if (to && date_only)
		o.to_ms += 86400000;
	if (o.to_ms && o.from_ms >= o.to_ms)
		return http_reply_error(req, 400, "invalid_query", "to", "to: must be after from");
	api_fold_clicks(req);
	if (!(s = api_session(req)))
		return 0;
	rc = clout_convert_report_build(&r, s, &o);
	if (rc < 0)
		rc = reply_failure(req, clout_session_error(s));
	api_session_done(req, s);
	if (rc < 0 || req->response)
		return rc;
	rc = reply_text(req, 200, clout_convert_report_json(&r));
	clout_convert_report_release(&r);
	return rc;
}
