/*
 * h_listen.c: listening over the JSON API: POST /api/v1/ingest (posts in any format clout import
 * reads, matched against the workspace's saved rules), the rules (GET|POST /api/v1/rules,
 * DELETE /api/v1/rules/{name}), the inbox (GET /api/v1/mentions, GET /api/v1/mentions/{id},
 * POST /api/v1/mentions/{id}/assign|reply|close), GET /api/v1/alerts, and the reports
 * GET /api/v1/reports/sov and GET /api/v1/reports/inbox. Each request works on the pooled session
 * the server lends it (api_session), acting as the caller; ingest hands it to the workspace's
 * listener (resources_listener).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clout/convert.h"
#include "clout/listen.h"
#include "server/api.h"
#include "server/auth.h"
#include "server/handlers.h"
#include "server/http.h"
#include "server/query.h"
#include "server/resources.h"
#include "util/banned.h"

#define SOV_MAX_COMPETITORS 32

/* The status and error code for a library failure; field names the bad value. */
static int reply_failure(http_request *req, const clout_error *err)
{
	char field[40] = "";
	const char *colon = strchr(err->message, ':');
	size_t n = colon ? (size_t)(colon - err->message) : 0;
	if (n && n < sizeof(field) - 1 && strspn(err->message, "abcdefghijklmnopqrstuvwxyz_") == n)
		snprintf(field, sizeof(field), "/%.*s", (int)n, err->message);
	switch (err->code) {
	case CLOUT_EINVAL: return http_reply_error(req, 422, "invalid_value", *field ? field : NULL, "%s", err->message);
	case CLOUT_EBADDATA: return http_reply_error(req, 422, "invalid_value", *field ? field : NULL, "%s", err->message);
	case CLOUT_ENOTFOUND: return http_reply_error(req, 404, "not_found", NULL, "%s", err->message);
	case CLOUT_EEXISTS:
	case CLOUT_ECONFLICT: return http_reply_error(req, 409, "conflict", *field ? field : NULL, "%s", err->message);
	case CLOUT_EUNAVAILABLE: return http_reply_error(req, 503, "unavailable", NULL, "%s", err->message);
	default: return http_reply_error(req, 500, "internal", NULL, "%s", err->message);
	}
}

/* Parses a JSON text made by the library and appends it to list. */
static int append_json(json_t *list, char *text)
{
	json_t *doc = text ? json_loads(text, 0, NULL) : NULL;
	free(text);
	return doc && json_array_append_new(list, doc) == 0 ? 0 : CLOUT_ENOMEM;
}

/* ---- ingest ---- */

int h_ingest(http_request *req)
{
	static const char *const known[] = { "format", NULL };
	server_resources *res = req->srv->resources;
	clout_listen_listener *l;
	clout_listen_run_stats stats;
	clout_error err = { 0 };
	clout_session *s;
	query q;
	int rc;
	if (query_from_request(&q, req) < 0)
		return CLOUT_ENOMEM;
	if (query_check_names(&q, req, known) < 0)
		return 0;
	const char *format = query_get(&q, "format");
	if (format) {
		bool ok = !strcmp(format, "auto");
		for (const char *const *f = clout_import_formats(); *f; f++)
			ok |= !strcmp(format, *f);
		if (!ok)
			return http_reply_error(req, 400, "invalid_query", "format", "format: unknown format '%s'", format);
	}
	if (req->body.len == 0 || strspn(req->body.ptr, " \t\r\n") == req->body.len)
		return http_reply_error(req, 400, "empty_body", NULL, "the body holds no posts");
	memset(&stats, 0, sizeof(stats));
	if (!(s = api_session(req)))
		return 0;
	resources_listen_lock(res); /* a listener serves one request at a time */
	rc = resources_listener(res, s, &l);
	if (rc < 0)
		err = *clout_session_error(s);
	if (rc == 0) {
		clout_import_source src = CLOUT_IMPORT_SOURCE_MEMORY(req->body.ptr, req->body.len, "body");
		rc = clout_listen_ingest(l, &src, format, &stats, &err);
	}
	resources_listen_unlock(res);
	if (rc == 0) {
		char object[64];
		snprintf(object, sizeof(object), "posts:%llu", (unsigned long long)stats.posts);
		rc = server_audit(req, s, "listen.ingest", object, &err);
	}
	api_session_done(req, s);
	if (rc == CLOUT_EBADDATA) {
		/* "body:LINE: what": the line is the field */
		char field[32] = "";
		unsigned long long line = 0;
		if (sscanf(err.message, "body:%llu:", &line) == 1)
			snprintf(field, sizeof(field), "line %llu", line);
		return http_reply_error(req, 400, "bad_record", *field ? field : NULL, "%s", err.message);
	}
	if (rc == CLOUT_ENOTFOUND)
		return http_reply_error(req, 409, "no_rules", NULL, "%s", err.message);
	if (rc < 0)
		return reply_failure(req, &err);
	return http_reply_json(req, 200,
		json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}", "records", (json_int_t)stats.records, "posts", (json_int_t)stats.posts,
			"matched", (json_int_t)stats.matched_posts, "mentions", (json_int_t)stats.mentions, "existing",
			(json_int_t)stats.existing, "alerts", (json_int_t)stats.alerts));
}

/* ---- rules ---- */

static int rule_append(void *ctx, const clout_listen_rule *r)
{
	json_t *doc = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:I}", "id", (json_int_t)r->id, "name", r->name, "expr",
		r->expr, "kind", r->kind, "team", r->team, "priority", r->priority, "owner",
		r->owner ? json_string(r->owner) : json_null(), "created_at", (json_int_t)r->created_at);
	return doc && json_array_append_new(ctx, doc) == 0 ? 0 : CLOUT_ENOMEM;
}

int h_rule_list(http_request *req)
{
	clout_error err = { 0 };
	clout_session *s;
	json_t *list;
	int rc;
	if (!(s = api_session(req)))
		return 0;
	if (!(list = json_array())) {
		api_session_done(req, s);
		return CLOUT_ENOMEM;
	}
	if ((rc = clout_listen_rule_foreach(s, NULL, rule_append, list)) < 0)
		err = *clout_session_error(s);
	api_session_done(req, s);
	if (rc != 0) {
		json_decref(list);
		return rc == CLOUT_ENOMEM && !err.message[0] ? CLOUT_ENOMEM : reply_failure(req, &err);
	}
	return http_reply_json(req, 200, json_pack("{s:o}", "rules", list));
}

int h_rule_create(http_request *req)
{
	clout_listen_rule rule = CLOUT_LISTEN_RULE_INIT;
	const char *kind = NULL, *team = NULL, *priority = NULL;
	clout_error err = { 0 };
	clout_session *s;
	json_t *body;
	int64_t id = 0;
	int rc;
	if (http_body_object(req, &body) < 0)
		return 0;
	if (http_json_string(req, body, "name", true, &rule.name) < 0 || http_json_string(req, body, "expr", true, &rule.expr) < 0 ||
	    http_json_string(req, body, "kind", false, &kind) < 0 || http_json_string(req, body, "team", false, &team) < 0 ||
	    http_json_string(req, body, "priority", false, &priority) < 0 ||
	    http_json_string(req, body, "owner", false, &rule.owner) < 0) {
		json_decref(body);
		return 0;
	}
	rule.kind = kind ? kind : rule.kind;
	rule.team = team ? team : rule.team;
	rule.priority = priority ? priority : rule.priority;
	if (!(s = api_session(req))) {
		json_decref(body);
		return 0;
	}
	if ((rc = clout_listen_rule_add(s, &rule, &id)) < 0) {
		err = *clout_session_error(s);
	} else {
		char object[96];
		snprintf(object, sizeof(object), "rule:%s", rule.name);
		rc = server_audit(req, s, "listen.rule.create", object, &err);
	}
	api_session_done(req, s);
	if (rc == CLOUT_EBADDATA) {
		/* "rule 'NAME':LINE:COLUMN: what" */
		rc = http_reply_error(req, 422, "invalid_rule", "/expr", "%s", err.message);
	} else if (rc < 0) {
		rc = reply_failure(req, &err);
	} else {
		rc = http_reply_json(req, 201, json_pack("{s:I,s:s}", "id", (json_int_t)id, "name", rule.name));
	}
	json_decref(body);
	return rc;
}

int h_rule_delete(http_request *req)
{
	const char *name = http_param(req, "name");
	clout_error err = { 0 };
	clout_session *s;
	int rc;
	if (!name)
		return CLOUT_ENOMEM;
	if (!(s = api_session(req)))
		return 0;
	if ((rc = clout_listen_rule_remove(s, name)) < 0) {
		err = *clout_session_error(s);
	} else {
		char object[96];
		snprintf(object, sizeof(object), "rule:%s", name);
		rc = server_audit(req, s, "listen.rule.delete", object, &err);
	}
	api_session_done(req, s);
	if (rc < 0)
		return reply_failure(req, &err);
	return http_reply(req, 204, "application/json", "", 0);
}

/* ---- the inbox ---- */

static int mention_append(void *ctx, const clout_listen_mention *m)
{
	return append_json(ctx, clout_listen_mention_json(m));
}

int h_mention_list(http_request *req)
{
	static const char *const known[] = { "team", "owner", "status", "breached", "mine", "limit", NULL };
	static const char *const booleans[] = { "false", "true", NULL };
	clout_listen_inbox_query iq = CLOUT_LISTEN_INBOX_QUERY_INIT;
	clout_error err = { 0 };
	clout_session *s;
	json_t *list;
	query q;
	int breached = 0, mine = 0, rc;
	int64_t limit = 100;
	if (query_from_request(&q, req) < 0)
		return CLOUT_ENOMEM;
	if (query_check_names(&q, req, known) < 0 || query_enum(&q, req, "breached", booleans, &breached) < 0 ||
	    query_enum(&q, req, "mine", booleans, &mine) < 0 || query_int(&q, req, "limit", 1, 1000, &limit) < 0)
		return 0;
	iq.team = query_get(&q, "team");
	iq.owner = mine ? req->who.name : query_get(&q, "owner");
	iq.status = query_get(&q, "status");
	iq.breached = breached == 1;
	iq.limit = limit;
	if (!(s = api_session(req)))
		return 0;
	if (!(list = json_array())) {
		api_session_done(req, s);
		return CLOUT_ENOMEM;
	}
	if ((rc = clout_listen_inbox_foreach(s, &iq, mention_append, list)) != 0)
		err = *clout_session_error(s);
	api_session_done(req, s);
	if (rc != 0) {
		json_decref(list);
		if (rc == CLOUT_EINVAL)
			return http_reply_error(req, 400, "invalid_query", NULL, "%s", err.message);
		return rc == CLOUT_ENOMEM && !err.message[0] ? CLOUT_ENOMEM : reply_failure(req, &err);
	}
	return http_reply_json(req, 200, json_pack("{s:o}", "mentions", list));
}

/* The {id} parameter: > 0, or 0 after answering 404. */
static int64_t mention_id(http_request *req)
{
	const char *text = http_param(req, "id");
	char *end;
	long long id = text ? strtoll(text, &end, 10) : 0;
	if (!text || *end || id <= 0) {
		http_reply_error(req, 404, "not_found", NULL, "no mention '%s'", text ? text : "");
		return 0;
	}
	return id;
}

static int note_append(void *ctx, const char *author, const char *note, int64_t created_at)
{
	json_t *doc = json_pack("{s:s,s:s,s:I}", "author", author, "note", note, "created_at", (json_int_t)created_at);
	return doc && json_array_append_new(ctx, doc) == 0 ? 0 : CLOUT_ENOMEM;
}

/* Answers the mention id with its notes (status 200), read through the request's session s. */
static int reply_mention(http_request *req, clout_session *s, int64_t id, clout_error *err)
{
	clout_listen_inbox_query iq = CLOUT_LISTEN_INBOX_QUERY_INIT;
	json_t *found = json_array(), *notes = json_array();
	int rc;
	iq.id = id;
	iq.status = NULL;
	if (!found || !notes) {
		json_decref(found);
		json_decref(notes);
		return CLOUT_ENOMEM;
	}
	/* closed mentions are asked for by status, so look in both */
	rc = clout_listen_inbox_foreach(s, &iq, mention_append, found);
	if (rc == 0 && json_array_size(found) == 0) {
		iq.status = "closed";
		rc = clout_listen_inbox_foreach(s, &iq, mention_append, found);
	}
	if (rc == 0)
		rc = clout_listen_inbox_notes(s, id, note_append, notes);
	if (rc != 0)
		*err = *clout_session_error(s);
	if (rc == 0 && json_array_size(found) == 0)
		rc = clout_error_set(err, CLOUT_ENOTFOUND, "no mention %lld", (long long)id);
	if (rc != 0) {
		json_decref(found);
		json_decref(notes);
		return rc == CLOUT_ENOMEM && !err->message[0] ? clout_error_set(err, rc, "out of memory") : rc;
	}
	json_t *m = json_incref(json_array_get(found, 0));
	json_decref(found);
	json_object_set_new(m, "notes", notes);
	return http_reply_json(req, 200, m);
}

int h_mention_get(http_request *req)
{
	clout_error err = { 0 };
	clout_session *s;
	int64_t id = mention_id(req);
	int rc;
	if (!id || !(s = api_session(req)))
		return 0;
	rc = reply_mention(req, s, id, &err);
	api_session_done(req, s);
	return rc < 0 ? reply_failure(req, &err) : rc;
}

/* assign, reply and close: the change, its audit entry, then the mention as it is now. */
static int mention_change(http_request *req, const char *verb)
{
	clout_error err = { 0 };
	const char *user = NULL, *note = NULL;
	clout_session *s;
	json_t *body = NULL;
	int64_t id = mention_id(req);
	int rc;
	if (!id)
		return 0;
	if (strcmp(verb, "close")) {
		if (http_body_object(req, &body) < 0)
			return 0;
		if ((!strcmp(verb, "assign") && http_json_string(req, body, "user", false, &user) < 0) ||
		    (!strcmp(verb, "reply") && http_json_string(req, body, "note", true, &note) < 0)) {
			json_decref(body);
			return 0;
		}
	}
	if (!(s = api_session(req))) {
		json_decref(body);
		return 0;
	}
	if (!strcmp(verb, "assign"))
		rc = clout_listen_inbox_assign(s, id, user ? user : req->who.name);
	else if (!strcmp(verb, "reply"))
		rc = clout_listen_inbox_reply(s, id, req->who.name, note);
	else
		rc = clout_listen_inbox_close(s, id);
	if (rc < 0) {
		err = *clout_session_error(s);
	} else {
		char object[32], action[32];
		snprintf(object, sizeof(object), "mention:%lld", (long long)id);
		snprintf(action, sizeof(action), "listen.%s", verb);
		if ((rc = server_audit(req, s, action, object, &err)) == 0)
			rc = reply_mention(req, s, id, &err);
	}
	api_session_done(req, s);
	json_decref(body);
	return rc < 0 ? reply_failure(req, &err) : rc;
}

int h_mention_assign(http_request *req)
{
	return mention_change(req, "assign");
}

int h_mention_reply(http_request *req)
{
	return mention_change(req, "reply");
}

int h_mention_close(http_request *req)
{
	return mention_change(req, "close");
}

/* ---- alerts and reports ---- */

/* A time query parameter: 0 when absent; -1 after answering 400. */
static int query_time(http_request *req, const query *q, const char *name, bool end, int64_t *out)
{
	const char *text = query_get(q, name);
	clout_error err = { 0 };
	bool date_only = false;
	int64_t ms;
	*out = 0;
	if (!text)
		return 0;
	if (clout_convert_time_parse(&ms, text, &date_only, &err) < 0) {
		http_reply_error(req, 400, "invalid_query", name, "%s: %s", name, err.message);
		return -1;
	}
	*out = ms / 1000 + (end && date_only ? 86400 : 0);
	return 0;
}

static int alert_append(void *ctx, const clout_listen_alert *a)
{
	return append_json(ctx, clout_listen_alert_json(a));
}

int h_alert_list(http_request *req)
{
	static const char *const known[] = { "kind", "since", "until", NULL };
	clout_error err = { 0 };
	clout_session *s;
	int64_t since, until;
	json_t *list;
	query q;
	int rc;
	if (query_from_request(&q, req) < 0)
		return CLOUT_ENOMEM;
	if (query_check_names(&q, req, known) < 0 || query_time(req, &q, "since", false, &since) < 0 ||
	    query_time(req, &q, "until", true, &until) < 0)
		return 0;
	if (!(s = api_session(req)))
		return 0;
	if (!(list = json_array())) {
		api_session_done(req, s);
		return CLOUT_ENOMEM;
	}
	if ((rc = clout_listen_alert_foreach(s, query_get(&q, "kind"), since, until, alert_append, list)) != 0)
		err = *clout_session_error(s);
	api_session_done(req, s);
	if (rc != 0) {
		json_decref(list);
		if (rc == CLOUT_EINVAL)
			return http_reply_error(req, 400, "invalid_query", "kind", "%s", err.message);
		return rc == CLOUT_ENOMEM && !err.message[0] ? CLOUT_ENOMEM : reply_failure(req, &err);
	}
	return http_reply_json(req, 200, json_pack("{s:o}", "alerts", list));
}

int h_report_sov(http_request *req)
{
	static const char *const known[] = { "brand", "competitor", "by", "from", "to", NULL };
	static const char *const bys[] = { "day", "week", NULL };
	clout_listen_sov_options o = CLOUT_LISTEN_SOV_OPTIONS_INIT;
	const char *competitors[SOV_MAX_COMPETITORS];
	clout_listen_sov_row *rows = NULL;
	clout_error err = { 0 };
	clout_session *s;
	char *list = NULL;
	size_t n = 0;
	query q;
	int by = 0, rc;
	if (query_from_request(&q, req) < 0)
		return CLOUT_ENOMEM;
	if (query_check_names(&q, req, known) < 0 || query_enum(&q, req, "by", bys, &by) < 0 ||
	    query_time(req, &q, "from", false, &o.from) < 0 || query_time(req, &q, "to", true, &o.to) < 0)
		return 0;
	if (!(o.brand = query_get(&q, "brand")))
		return http_reply_error(req, 400, "invalid_query", "brand", "brand: a rule name is required");
	const char *comp = query_get(&q, "competitor");
	if (comp && *comp) {
		/* competitor=a,b,c */
		if (!(list = clout_arena_strndup(&req->arena, comp, strlen(comp))))
			return CLOUT_ENOMEM;
		for (char *p = list; p && o.ncompetitors < SOV_MAX_COMPETITORS;) {
			char *comma = strchr(p, ',');
			if (comma)
				*comma = '\0';
			if (*p)
				competitors[o.ncompetitors++] = p;
			p = comma ? comma + 1 : NULL;
		}
	}
	o.competitors = competitors;
	o.by_week = by == 1;
	if (!(s = api_session(req)))
		return 0;
	if ((rc = clout_listen_sov(s, &o, &rows, &n)) < 0)
		err = *clout_session_error(s);
	api_session_done(req, s);
	if (rc < 0)
		return rc == CLOUT_EINVAL ? http_reply_error(req, 400, "invalid_query", NULL, "%s", err.message)
					  : reply_failure(req, &err);
	json_t *out = json_array();
	for (size_t i = 0; out && i < n; i++) {
		json_t *row = json_pack("{s:I,s:s,s:I,s:f,s:I,s:I,s:I,s:I}", "period", (json_int_t)rows[i].period, "rule",
			rows[i].rule, "mentions", (json_int_t)rows[i].mentions, "share", rows[i].share, "positive",
			(json_int_t)rows[i].positive, "neutral", (json_int_t)rows[i].neutral, "negative",
			(json_int_t)rows[i].negative, "reach", (json_int_t)rows[i].reach);
		if (!row || json_array_append_new(out, row) < 0) {
			json_decref(out);
			out = NULL;
		}
	}
	free(rows);
	if (!out)
		return CLOUT_ENOMEM;
	return http_reply_json(req, 200, json_pack("{s:s,s:o}", "by", o.by_week ? "week" : "day", "rows", out));
}

int h_report_inbox(http_request *req)
{
	static const char *const known[] = { "from", "to", NULL };
	clout_listen_team_report r[3];
	clout_error err = { 0 };
	clout_session *s;
	int64_t from, to;
	query q;
	int rc;
	if (query_from_request(&q, req) < 0)
		return CLOUT_ENOMEM;
	if (query_check_names(&q, req, known) < 0 || query_time(req, &q, "from", false, &from) < 0 ||
	    query_time(req, &q, "to", true, &to) < 0)
		return 0;
	if (!(s = api_session(req)))
		return 0;
	if ((rc = clout_listen_inbox_report(s, from, to, 0, r)) < 0)
		err = *clout_session_error(s);
	api_session_done(req, s);
	if (rc < 0)
		return reply_failure(req, &err);
	json_t *teams = json_array();
	for (int t = 0; teams && t < 3; t++) {
		json_t *row = json_pack("{s:s,s:I,s:I,s:I,s:I,s:I,s:o,s:o,s:o}", "team", r[t].team, "mentions",
			(json_int_t)r[t].mentions, "answered", (json_int_t)r[t].answered, "within_sla", (json_int_t)r[t].within_sla,
			"breached", (json_int_t)r[t].breached, "open", (json_int_t)r[t].open, "median_response_s",
			r[t].median_s >= 0 ? json_integer((json_int_t)r[t].median_s) : json_null(), "p90_response_s",
			r[t].p90_s >= 0 ? json_integer((json_int_t)r[t].p90_s) : json_null(), "sla_share",
			r[t].answered ? json_real((double)r[t].within_sla / (double)r[t].answered) : json_null());
		if (!row || json_array_append_new(teams, row) < 0) {
			json_decref(teams);
			teams = NULL;
		}
	}
	if (!teams)
		return CLOUT_ENOMEM;
	return http_reply_json(req, 200, json_pack("{s:o}", "teams", teams));
}
