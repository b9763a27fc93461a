/*
 * h_accounts.c: accounts over the JSON API: GET /api/v1/accounts (a page, the largest audience
 * first), GET /api/v1/accounts/{id} (one account in depth: posts, the terms of ?topic= its posts
 * hold, engagement against its tier's norm, follower history, flags) and GET /api/v1/overlap
 * (the audience overlap of ?ids=a,b,...), each answered by one library operation on the
 * request's session.
 */
#include <stdlib.h>
#include <string.h>

#include "clout/plan.h"
#include "clout/score.h"
#include "server/api.h"
#include "server/handlers.h"
#include "server/query.h"
#include "util/banned.h"

int h_account_list(http_request *req)
{
	clout_score_account_page page;
	clout_error err = { 0 };
	clout_session *s;
	int64_t offset = 0, limit = 50;
	char *json = NULL;
	query q;
	int rc;
	if (query_from_request(&q, req) < 0)
		return CLOUT_ENOMEM;
	if (query_check_names(&q, req, (const char *const[]){ "platform", "offset", "limit", NULL }) < 0 ||
	    query_int(&q, req, "offset", 0, INT64_MAX, &offset) < 0 ||
	    query_int(&q, req, "limit", 1, CLOUT_SCORE_ACCOUNTS_MAX_LIMIT, &limit) < 0 || !(s = api_session(req)))
		return 0;
	if (clout_score_accounts_list(s, query_get(&q, "platform"), offset, limit, &page) < 0) {
		rc = api_reply_failure(req, clout_session_error(s), false, NULL);
		api_session_done(req, s);
		return rc;
	}
	api_session_done(req, s);
	rc = clout_score_account_page_json(&json, &page, &err);
	clout_score_account_page_release(&page);
	return rc < 0 ? api_reply_failure(req, &err, false, NULL) : api_reply_json_text(req, json);
}

int h_account_get(http_request *req)
{
	clout_score_account_detail detail;
	clout_error err = { 0 };
	clout_session *s;
	const char *key = http_param(req, "id");
	int64_t posts = 20;
	char *json = NULL;
	query q;
	int rc;
	if (!key || query_from_request(&q, req) < 0)
		return CLOUT_ENOMEM;
	if (query_check_names(&q, req, (const char *const[]){ "topic", "posts", NULL }) < 0 ||
	    query_int(&q, req, "posts", 0, 200, &posts) < 0 || !(s = api_session(req)))
		return 0;
	if (clout_score_account_show(s, key, query_get(&q, "topic"), (size_t)posts, &detail) < 0) {
		const clout_error *e = clout_session_error(s);
		/* an account key the store cannot read (an empty one, a platform named twice) is not there */
		rc = e->code == CLOUT_EINVAL && strncmp(e->message, "topic:", 6) && strncmp(e->message, "posts:", 6)
			? http_reply_error(req, 404, "not_found", NULL, "%s", e->message)
			: api_reply_failure(req, e, false, NULL);
		api_session_done(req, s);
		return rc;
	}
	api_session_done(req, s);
	rc = clout_score_account_detail_json(&json, &detail, &err);
	clout_score_account_detail_release(&detail);
	return rc < 0 ? api_reply_failure(req, &err, false, NULL) : api_reply_json_text(req, json);
}

#define OVERLAP_MAX_IDS 64

int h_overlap(http_request *req)
{
	clout_graph_overlap_result r;
	clout_error err = { 0 };
	clout_session *s;
	const char *ids, *keys[OVERLAP_MAX_IDS];
	char *copy, *json = NULL;
	uint32_t count = 0;
	query q;
	int rc;
	if (query_from_request(&q, req) < 0)
		return CLOUT_ENOMEM;
	if (query_check_names(&q, req, (const char *const[]){ "ids", "kind", NULL }) < 0)
		return 0;
	if (!(ids = query_get(&q, "ids")) || !*ids)
		return http_reply_error(req, 400, "missing_parameter", "ids", "ids: required (2 to %d accounts, comma-separated)",
			OVERLAP_MAX_IDS);
	if (!(copy = clout_arena_strndup(&req->arena, ids, strlen(ids))))
		return CLOUT_ENOMEM;
	for (char *p = copy; *p;) {
		size_t len = strcspn(p, ",");
		bool last = p[len] == '\0';
		p[len] = '\0';
		if (!len || count == OVERLAP_MAX_IDS)
			return http_reply_error(req, 400, "invalid_query", "ids",
				len ? "ids: more than %d accounts" : "ids: an empty account in the list (%d at most)", OVERLAP_MAX_IDS);
		keys[count++] = p;
		p += len + !last;
	}
	if (!(s = api_session(req)))
		return 0;
	if (clout_plan_overlap_run(s, query_get(&q, "kind"), keys, count, &r) < 0) {
		/* an account named in ?ids= that is not in the store is a bad value of the query, not a
		 * missing resource: 400 naming ids */
		err = *clout_session_error(s);
		if (err.code == CLOUT_ENOTFOUND)
			err.code = CLOUT_EINVAL;
		rc = api_reply_failure(req, &err, false, "ids");
		api_session_done(req, s);
		return rc;
	}
	api_session_done(req, s);
	rc = clout_graph_overlap_json(&json, &r, &err);
	clout_graph_overlap_result_release(&r);
	return rc < 0 ? api_reply_failure(req, &err, false, NULL) : api_reply_json_text(req, json);
}
