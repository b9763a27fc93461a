/*
 * h_store.c: what the store holds, over the JSON API: GET /api/v1/stats, the session's stats
 * operation and writer, so it answers what `clout stats -o json` prints for the same store.
 */
#include <stdlib.h>
#include <string.h>

#include "clout/session.h"
#include "clout/store.h"
#include "server/handlers.h"
#include "server/http.h"
#include "server/query.h"
#include "server/resources.h"
#include "util/banned.h"

int h_stats(http_request *req)
{
	static const char *const known[] = { "all", NULL };
	static const char *const booleans[] = { "false", "true", NULL };
	server_resources *res = req->srv->resources;
	clout_store_counts counts;
	clout_session *s;
	clout_error err = { 0 };
	char *json = NULL;
	query q;
	int all = 0, rc;
	if (query_from_request(&q, req) < 0)
		return CLOUT_ENOMEM;
	if (query_check_names(&q, req, known) < 0 || query_enum(&q, req, "all", booleans, &all) < 0)
		return 0;
	if ((rc = resources_session(res, &req->who, &s, &err)) == 0) {
		if ((rc = clout_session_stats(s, all, &counts)) < 0)
			err = *clout_session_error(s);
		resources_session_done(res, s);
	}
	if (rc == 0)
		rc = clout_session_stats_json(&json, &counts, &err);
	if (rc < 0)
		return http_reply_error(req, rc == CLOUT_EUNAVAILABLE ? 503 : 500, rc == CLOUT_EUNAVAILABLE ? "unavailable" : "internal",
			NULL, "%s", err.message);
	rc = http_reply(req, 200, "application/json", json, strlen(json));
	free(json);
	return rc;
}
