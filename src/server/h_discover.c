/*
 * h_discover.c: discovery over the JSON API: GET /api/v1/discover?topic=...&platform=&lang=&tier=
 * &country=&min_followers=&max_followers=&max_price=&flags=&min_relevance=&limit=, answered by the
 * library's discover operation and its JSON writer, so it returns what `clout discover -o json`
 * prints for the same store and filters (flags= is --exclude).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "clout/score.h"
#include "clout/vocab.h"
#include "server/api.h"
#include "server/handlers.h"
#include "server/query.h"
#include "util/banned.h"

#define DISCOVER_MAX_LIMIT 10000

/* The query's filters into q; -1 after answering 400 naming the parameter. */
static int read_filters(http_request *req, const query *params, clout_score_query *q)
{
	clout_error err = { 0 };
	const char *v;
	int64_t limit = (int64_t)q->limit;
	double max_price = -1;
	if (query_check_names(params, req, (const char *const[]){ "topic", "platform", "lang", "campaign", "tier", "country",
		"min_followers", "max_followers", "max_price", "flags", "min_relevance", "limit", NULL }) < 0 ||
	    query_int(params, req, "min_followers", 0, INT64_MAX, &q->min_followers) < 0 ||
	    query_int(params, req, "max_followers", 0, INT64_MAX, &q->max_followers) < 0 ||
	    query_int(params, req, "limit", 1, DISCOVER_MAX_LIMIT, &limit) < 0 ||
	    query_number(params, req, "max_price", 0, 1e15, &max_price) < 0 ||
	    query_number(params, req, "min_relevance", 0, 1, &q->min_relevance) < 0)
		return -1;
	q->limit = (size_t)limit;
	q->max_price = max_price;
	if (!(q->topic = query_get(params, "topic")) || !*q->topic)
		return http_reply_error(req, 400, "missing_parameter", "topic", "topic: required (the brand or campaign topic)"), -1;
	if ((v = query_get(params, "lang")) && strcmp(v, "en") && strcmp(v, "fr") && strcmp(v, "en,fr") && strcmp(v, "fr,en"))
		return http_reply_error(req, 400, "invalid_query", "lang", "lang: '%.32s' is not en, fr or en,fr", v), -1;
	q->lang = v && *v ? v : NULL;
	if ((v = query_get(params, "campaign")) && *v)
		q->campaign = v;
	if ((v = query_get(params, "tier")) && *v) {
		clout_tier tier;
		if (clout_vocab_tier_parse(&tier, v, &err) < 0)
			return http_reply_error(req, 400, "invalid_query", "tier", "%s", err.message), -1;
		q->tier = v;
	}
	if ((v = query_get(params, "country")) && *v) {
		if (strlen(v) != 2 || !isalpha((unsigned char)v[0]) || !isalpha((unsigned char)v[1]))
			return http_reply_error(req, 400, "invalid_query", "country", "country: '%.32s' is not an ISO 3166 alpha-2 code", v), -1;
		q->country = v;
	}
	if ((v = query_get(params, "platform")) && *v)
		q->platform = v;
	if ((v = query_get(params, "flags")) && *v && clout_vocab_flags_parse(&q->exclude_flags, v, &err) < 0)
		return http_reply_error(req, 400, "invalid_query", "flags", "flags: %s", err.message), -1;
	if (q->max_followers >= 0 && q->min_followers > q->max_followers)
		return http_reply_error(req, 400, "invalid_query", "max_followers", "max_followers: %lld is below min_followers %lld",
			(long long)q->max_followers, (long long)q->min_followers), -1;
	return 0;
}

int h_discover(http_request *req)
{
	clout_score_query q = CLOUT_SCORE_QUERY_INIT;
	clout_score_results results;
	clout_session *s;
	clout_error err = { 0 };
	char *json = NULL;
	query params;
	int rc;
	if (query_from_request(&params, req) < 0)
		return CLOUT_ENOMEM;
	if (read_filters(req, &params, &q) < 0 || !(s = api_session(req)))
		return 0;
	if (clout_score_discover_run(s, &q, &results) < 0) {
		rc = api_reply_failure(req, clout_session_error(s), false, "topic");
		api_session_done(req, s);
		return rc;
	}
	api_session_done(req, s);
	rc = clout_score_discover_json(&json, &results, &err);
	clout_score_results_release(&results);
	return rc < 0 ? api_reply_failure(req, &err, false, NULL) : api_reply_json_text(req, json);
}
