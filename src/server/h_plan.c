/*
 * h_plan.c: the roster optimizer over the JSON API: POST /api/v1/plan with the budget, costs
 * (per account, or a rate card), the target audience and the forecast's rates, answered by the
 * library's plan operation on the request's session: the roster, the guarantee met, the roster's
 * audience overlap matrix and the forecast's P10/P50/P90, in the document `clout plan -o json`
 * prints.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clout/plan.h"
#include "server/api.h"
#include "server/handlers.h"
#include "util/banned.h"

/* Caps on what one request may ask for, so that a body cannot buy unbounded work. */
#define PLAN_MAX_THREADS 4
#define PLAN_MAX_RR_SETS 50000000ULL
#define PLAN_MAX_LIST 100000

static int bad(http_request *req, const char *code, const char *field, const char *what)
{
	http_reply_error(req, 422, code, field, "%s: %s", field + 1, what);
	return -1;
}

/* A number member in [min, max]: 1 present, 0 absent (or null), -1 after answering 422. */
static int number_member(http_request *req, json_t *obj, const char *key, const char *field, double min, double max,
	double *out)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_number(v))
		return bad(req, "wrong_type", field, "must be a number");
	if (!isfinite(json_number_value(v)) || json_number_value(v) < min || json_number_value(v) > max) {
		http_reply_error(req, 422, "invalid_value", field, "%s: %g is not in [%g, %g]", field + 1, json_number_value(v), min,
			max);
		return -1;
	}
	*out = json_number_value(v);
	return 1;
}

static int integer_member(http_request *req, json_t *obj, const char *key, const char *field, int64_t min, int64_t max,
	int64_t *out)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v))
		return bad(req, "wrong_type", field, "must be an integer");
	if (json_integer_value(v) < min || json_integer_value(v) > max) {
		http_reply_error(req, 422, "invalid_value", field, "%s: %lld is not in %lld..%lld", field + 1,
			(long long)json_integer_value(v), (long long)min, (long long)max);
		return -1;
	}
	*out = (int64_t)json_integer_value(v);
	return 1;
}

/* "costs": {"platform:id": cost, ...} */
static int read_costs(http_request *req, json_t *body, clout_plan_request *pr)
{
	json_t *costs = json_object_get(body, "costs"), *v;
	const char *key, **keys;
	double *values;
	size_t i = 0;
	if (!costs || json_is_null(costs))
		return 0;
	if (!json_is_object(costs))
		return bad(req, "wrong_type", "/costs", "must be an object of account: cost");
	if (json_object_size(costs) == 0 || json_object_size(costs) > PLAN_MAX_LIST)
		return bad(req, "invalid_value", "/costs", "give 1 to 100000 accounts");
	keys = clout_arena_alloc(&req->arena, json_object_size(costs) * sizeof(*keys));
	values = clout_arena_alloc(&req->arena, json_object_size(costs) * sizeof(*values));
	if (!keys || !values)
		return CLOUT_ENOMEM;
	json_object_foreach(costs, key, v) {
		if (!json_is_number(v) || !(json_number_value(v) > 0) || !isfinite(json_number_value(v))) {
			http_reply_error(req, 422, "invalid_value", "/costs", "costs: the cost of '%.64s' must be a positive number", key);
			return -1;
		}
		keys[i] = key;
		values[i++] = json_number_value(v);
	}
	pr->cost_keys = keys;
	pr->cost_values = values;
	pr->cost_count = i;
	return 0;
}

/* "rate_card": [{"platform": "*", "tier": "micro", "cost": 100}, ...] */
static int read_rate_card(http_request *req, json_t *body, clout_plan_request *pr)
{
	json_t *card = json_object_get(body, "rate_card");
	clout_plan_rate_row *rows;
	if (!card || json_is_null(card))
		return 0;
	if (!json_is_array(card) || json_array_size(card) == 0 || json_array_size(card) > 256)
		return bad(req, json_is_array(card) ? "invalid_value" : "wrong_type", "/rate_card",
			"must be an array of 1 to 256 {platform, tier, cost} rows");
	if (!(rows = clout_arena_alloc(&req->arena, json_array_size(card) * sizeof(*rows))))
		return CLOUT_ENOMEM;
	for (size_t i = 0; i < json_array_size(card); i++) {
		json_t *row = json_array_get(card, i), *cost;
		if (!json_is_object(row) || !json_is_string(json_object_get(row, "platform")) ||
		    !json_is_string(json_object_get(row, "tier")) || !json_is_number(cost = json_object_get(row, "cost"))) {
			http_reply_error(req, 422, "wrong_type", "/rate_card",
				"rate_card: row %zu must be {\"platform\": string, \"tier\": string, \"cost\": number}", i + 1);
			return -1;
		}
		rows[i].platform = json_string_value(json_object_get(row, "platform"));
		rows[i].tier = json_string_value(json_object_get(row, "tier"));
		rows[i].cost = json_number_value(cost);
	}
	pr->rate_card = rows;
	pr->rate_count = json_array_size(card);
	return 0;
}

/* "target": ["platform:id", "@handle", ...] */
static int read_target(http_request *req, json_t *body, clout_plan_request *pr)
{
	json_t *target = json_object_get(body, "target");
	const char **keys;
	if (!target || json_is_null(target))
		return 0;
	if (!json_is_array(target) || json_array_size(target) == 0 || json_array_size(target) > PLAN_MAX_LIST)
		return bad(req, json_is_array(target) ? "invalid_value" : "wrong_type", "/target",
			"must be an array of 1 to 100000 accounts");
	if (!(keys = clout_arena_alloc(&req->arena, json_array_size(target) * sizeof(*keys))))
		return CLOUT_ENOMEM;
	for (size_t i = 0; i < json_array_size(target); i++) {
		if (!json_is_string(json_array_get(target, i)))
			return bad(req, "wrong_type", "/target", "every account must be a string");
		keys[i] = json_string_value(json_array_get(target, i));
	}
	pr->target = keys;
	pr->target_count = json_array_size(target);
	return 0;
}

/* "forecast": false, or the rates {engagement_rate, click_rate, conversion_rate, order_value,
 * lifetime_factor, uncertainty} (each optional) */
static int read_forecast(http_request *req, json_t *body, clout_plan_request *pr)
{
	static const struct { const char *key, *field; double max; } rates[] = {
		{ "engagement_rate", "/forecast/engagement_rate", 1 }, { "click_rate", "/forecast/click_rate", 1 },
		{ "conversion_rate", "/forecast/conversion_rate", 1 }, { "order_value", "/forecast/order_value", 1e12 },
		{ "lifetime_factor", "/forecast/lifetime_factor", 1000 }, { "uncertainty", "/forecast/uncertainty", 3 },
	};
	double *slots[] = { &pr->rates.engagement_rate, &pr->rates.click_rate, &pr->rates.conversion_rate,
		&pr->rates.order_value, &pr->rates.lifetime_factor, &pr->rates.uncertainty };
	json_t *f = json_object_get(body, "forecast");
	if (!f || json_is_null(f) || json_is_true(f))
		return 0;
	if (json_is_false(f)) {
		pr->forecast = false;
		return 0;
	}
	if (!json_is_object(f))
		return bad(req, "wrong_type", "/forecast", "must be false or an object of rates");
	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++)
		if (number_member(req, f, rates[i].key, rates[i].field, 0, rates[i].max, slots[i]) < 0)
			return -1;
	return 0;
}

static int string_member(http_request *req, json_t *body, const char *key, const char *field, const char **out)
{
	json_t *v = json_object_get(body, key);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return bad(req, "wrong_type", field, "must be a string");
	*out = json_string_value(v);
	return 1;
}

/* The request from body; -1 after answering 422 (or a negative code). */
static int read_request(http_request *req, json_t *body, clout_plan_request *pr)
{
	static const char *const known[] = { "budget", "kind", "model", "prob", "costs", "rate_card", "target", "epsilon",
		"seed", "threads", "max_rr_sets", "sample_fraction", "forecast", "overlap", NULL };
	int64_t seed = 1, threads = 1, max_rr = 0;
	const char *key;
	json_t *v;
	int rc;
	json_object_foreach(body, key, v) {
		size_t k = 0;
		while (known[k] && strcmp(known[k], key))
			k++;
		if (!known[k]) {
			char field[80];
			snprintf(field, sizeof(field), "/%.64s", key);
			return bad(req, "unknown_field", field, "not a member of a plan request");
		}
	}
	if (!json_object_get(body, "budget") || json_is_null(json_object_get(body, "budget")))
		return http_reply_error(req, 422, "missing_field", "/budget", "budget: required (a positive number)"), -1;
	if (number_member(req, body, "budget", "/budget", 0, 1e15, &pr->budget) < 0 ||
	    number_member(req, body, "epsilon", "/epsilon", 0.01, 0.9, &pr->epsilon) < 0 ||
	    number_member(req, body, "sample_fraction", "/sample_fraction", 0, 1, &pr->sample_fraction) < 0 ||
	    integer_member(req, body, "seed", "/seed", 0, INT64_MAX, &seed) < 0 ||
	    integer_member(req, body, "threads", "/threads", 1, PLAN_MAX_THREADS, &threads) < 0 ||
	    integer_member(req, body, "max_rr_sets", "/max_rr_sets", 0, (int64_t)PLAN_MAX_RR_SETS, &max_rr) < 0 ||
	    string_member(req, body, "kind", "/kind", &pr->kind) < 0 || string_member(req, body, "model", "/model", &pr->model) < 0 ||
	    string_member(req, body, "prob", "/prob", &pr->prob) < 0)
		return -1;
	if ((v = json_object_get(body, "overlap")) && !json_is_null(v)) {
		if (!json_is_boolean(v))
			return bad(req, "wrong_type", "/overlap", "must be true or false");
		pr->overlap = json_is_true(v);
	}
	if (json_object_get(body, "costs") && json_object_get(body, "rate_card") && !json_is_null(json_object_get(body, "costs")) &&
	    !json_is_null(json_object_get(body, "rate_card")))
		return bad(req, "invalid_value", "/costs", "give at most one of costs and rate_card");
	if ((rc = read_costs(req, body, pr)) != 0 || (rc = read_rate_card(req, body, pr)) != 0 ||
	    (rc = read_target(req, body, pr)) != 0 || (rc = read_forecast(req, body, pr)) != 0)
		return rc;
	pr->seed = (uint64_t)seed;
	pr->threads = (unsigned)threads;
	/* the plan's own cap: the worst case would otherwise be IMM's sample size, unbounded by the body */
	pr->max_rr_sets = max_rr ? (uint64_t)max_rr : PLAN_MAX_RR_SETS;
	return 0;
}

int h_plan(http_request *req)
{
	clout_plan_request pr = CLOUT_PLAN_REQUEST_INIT;
	clout_plan_outcome outcome;
	clout_error err = { 0 };
	clout_session *s;
	json_t *body;
	char *json = NULL;
	int rc;
	if (http_body_object(req, &body) < 0)
		return 0;
	if ((rc = read_request(req, body, &pr)) != 0 || !(s = api_session(req))) {
		json_decref(body);
		return rc < -1 ? rc : 0;
	}
	if (clout_plan_store_run(s, &pr, &outcome) < 0) {
		rc = api_reply_failure(req, clout_session_error(s), true, NULL);
	} else {
		rc = clout_plan_outcome_json(&json, &outcome, &err);
		rc = rc < 0 ? api_reply_failure(req, &err, true, NULL) : api_reply_json_text(req, json);
	}
	clout_plan_outcome_release(&outcome);
	api_session_done(req, s);
	json_decref(body);
	return rc;
}
