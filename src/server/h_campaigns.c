/*
 * h_campaigns.c: campaigns, their roster and links, and the calendar:
 * POST|GET /api/v1/campaigns, GET|PATCH /api/v1/campaigns/{name}, GET|POST
 * /api/v1/campaigns/{name}/roster, POST /api/v1/campaigns/{name}/links, GET /api/v1/calendar.
 * Every write is audit-logged; the JSON is the library's writers', as the CLI prints them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clout/campaign.h"
#include "server/api.h"
#include "server/auth.h"
#include "server/campaign_api.h"
#include "server/handlers.h"
#include "server/query.h"
#include "server/resources.h"
#include "util/banned.h"

int campaign_reply_failure(http_request *req, const clout_error *err)
{
	char field[40] = "";
	const char *colon = strchr(err->message, ':');
	size_t n = colon ? (size_t)(colon - err->message) : 0;
	if (n && n < sizeof(field) - 1 && strspn(err->message, "abcdefghijklmnopqrstuvwxyz_") == n)
		snprintf(field, sizeof(field), "/%.*s", (int)n, err->message);
	switch (err->code) {
	case CLOUT_EINVAL:
	case CLOUT_EBADDATA: return http_reply_error(req, 422, "invalid_value", *field ? field : NULL, "%s", err->message);
	case CLOUT_ENOTFOUND: return http_reply_error(req, 404, "not_found", NULL, "%s", err->message);
	case CLOUT_EEXISTS:
	case CLOUT_ECONFLICT: return http_reply_error(req, 409, "conflict", *field ? field : NULL, "%s", err->message);
	case CLOUT_EDENIED: return http_reply_error(req, 403, "forbidden", NULL, "%s", err->message);
	case CLOUT_EUNAVAILABLE: return http_reply_error(req, 503, "unavailable", NULL, "%s", err->message);
	default: return http_reply_error(req, 500, "internal", NULL, "%s", err->message);
	}
}

int campaign_json_strings(http_request *req, json_t *obj, const char *key, const char ***out, size_t *count)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	*count = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		goto bad;
	for (size_t i = 0; i < json_array_size(v); i++)
		if (!json_is_string(json_array_get(v, i)))
			goto bad;
	if (json_array_size(v) && !(*out = malloc(json_array_size(v) * sizeof(**out))))
		return CLOUT_ENOMEM;
	for (size_t i = 0; i < json_array_size(v); i++)
		(*out)[i] = json_string_value(json_array_get(v, i));
	*count = json_array_size(v);
	return 0;
bad:
	http_reply_error(req, 422, "invalid_value", NULL, "%s: an array of strings is expected", key);
	return -1;
}

int campaign_reply_text(http_request *req, int status, char *json)
{
	int rc = json ? http_reply(req, status, "application/json", json, strlen(json)) : CLOUT_ENOMEM;
	free(json);
	return rc;
}

/* Reads a campaign body into in (strings borrowed from body; *kpis to free). 0, or -1 after 422. */
static int campaign_body(http_request *req, json_t *body, clout_campaign_input *in, const char ***kpis, bool create)
{
	if (http_json_string(req, body, "name", create, &in->name) < 0 || http_json_string(req, body, "goal", create, &in->goal) < 0 ||
	    http_json_string(req, body, "status", false, &in->status) < 0 ||
	    http_json_string(req, body, "start", create, &in->start) < 0 || http_json_string(req, body, "end", create, &in->end) < 0 ||
	    http_json_string(req, body, "budget", create, &in->budget) < 0 ||
	    http_json_string(req, body, "currency", create, &in->currency) < 0 ||
	    http_json_string(req, body, "audience", false, &in->audience) < 0 ||
	    http_json_string(req, body, "lifetime_value", false, &in->lifetime_value) < 0 ||
	    http_json_string(req, body, "languages", false, &in->languages) < 0)
		return -1;
	if (create && in->status)
		return http_reply_error(req, 422, "invalid_value", "/status", "status: a new campaign is a draft"), -1;
	if (campaign_json_strings(req, body, "kpis", kpis, &in->kpi_count) < 0)
		return -1;
	in->kpis = *kpis;
	return 0;
}

/* POST /api/v1/campaigns and PATCH /api/v1/campaigns/{name}. */
static int campaign_write(http_request *req, bool create)
{
	clout_campaign_input in = CLOUT_CAMPAIGN_INPUT_INIT;
	const char **kpis = NULL, *name = create ? NULL : http_param(req, "name");
	clout_campaign c = { 0 };
	clout_error err = { 0 };
	clout_session *s;
	json_t *body;
	int rc;
	if (!create && !name)
		return CLOUT_ENOMEM;
	if (http_body_object(req, &body) < 0)
		return 0;
	if (campaign_body(req, body, &in, &kpis, create) < 0) {
		json_decref(body);
		return 0;
	}
	if (!(s = api_session(req))) {
		free(kpis);
		json_decref(body);
		return 0;
	}
	if ((rc = create ? clout_campaign_create(&c, s, &in) : clout_campaign_update(&c, s, name, &in)) < 0)
		err = *clout_session_error(s);
	if (rc == 0) {
		char object[CLOUT_CAMPAIGN_NAME_MAX + 16];
		snprintf(object, sizeof(object), "campaign:%s", c.name);
		rc = server_audit(req, s, create ? "campaign.create" : "campaign.update", object, &err);
	}
	api_session_done(req, s);
	free(kpis);
	json_decref(body);
	if (rc < 0) {
		clout_campaign_release(&c);
		return campaign_reply_failure(req, &err);
	}
	rc = campaign_reply_text(req, create ? 201 : 200, clout_campaign_json(&c));
	clout_campaign_release(&c);
	return rc;
}

int h_campaign_create(http_request *req)
{
	return campaign_write(req, true);
}

int h_campaign_update(http_request *req)
{
	return campaign_write(req, false);
}

int h_campaign_get(http_request *req)
{
	const char *name = http_param(req, "name");
	clout_campaign c;
	clout_error err = { 0 };
	clout_session *s;
	int rc;
	if (!name)
		return CLOUT_ENOMEM;
	if (!(s = api_session(req)))
		return 0;
	if ((rc = clout_campaign_get(&c, s, name)) < 0)
		err = *clout_session_error(s);
	api_session_done(req, s);
	if (rc < 0)
		return campaign_reply_failure(req, &err);
	rc = campaign_reply_text(req, 200, clout_campaign_json(&c));
	clout_campaign_release(&c);
	return rc;
}

int h_campaign_list(http_request *req)
{
	clout_campaign *all = NULL;
	clout_error err = { 0 };
	clout_session *s;
	size_t n = 0;
	json_t *doc, *arr;
	int rc;
	if (!(s = api_session(req)))
		return 0;
	if ((rc = clout_campaign_list(&all, &n, s)) < 0)
		err = *clout_session_error(s);
	api_session_done(req, s);
	doc = json_object();
	arr = json_array();
	if (rc < 0) {
		json_decref(doc);
		json_decref(arr);
		return campaign_reply_failure(req, &err);
	}
	for (size_t i = 0; i < n; i++) {
		char *text = clout_campaign_json(&all[i]);
		if (arr && text)
			json_array_append_new(arr, json_loads(text, 0, NULL));
		free(text);
		clout_campaign_release(&all[i]);
	}
	free(all);
	if (!doc || !arr || json_object_set_new(doc, "campaigns", arr) < 0) {
		json_decref(doc);
		return CLOUT_ENOMEM;
	}
	return http_reply_json(req, 200, doc);
}

int h_roster_get(http_request *req)
{
	const char *name = http_param(req, "name");
	clout_roster_member *m = NULL;
	clout_error err = { 0 };
	clout_session *s;
	size_t n = 0;
	json_t *arr;
	int rc;
	if (!name)
		return CLOUT_ENOMEM;
	if (!(s = api_session(req)))
		return 0;
	if ((rc = clout_campaign_roster(&m, &n, s, name)) < 0)
		err = *clout_session_error(s);
	api_session_done(req, s);
	if (rc < 0)
		return campaign_reply_failure(req, &err);
	arr = json_array();
	for (size_t i = 0; arr && i < n; i++)
		json_array_append_new(arr, json_pack("{s:s,s:s?,s:s?,s:s,s:o,s:o}", "person", m[i].person, "name", m[i].name,
			"handle", m[i].handle, "source", m[i].source, "planned_gain",
			m[i].planned_gain >= 0 ? json_real(m[i].planned_gain) : json_null(), "planned_cost",
			m[i].planned_cost >= 0 ? json_real(m[i].planned_cost) : json_null()));
	clout_roster_release(m, n);
	free(m);
	return arr ? http_reply_json(req, 200, json_pack("{s:s,s:o}", "campaign", name, "members", arr)) : CLOUT_ENOMEM;
}

/* POST /api/v1/campaigns/{name}/roster: {"people": [...]} and/or {"plan": <clout plan -o json>}. */
int h_roster_add(http_request *req)
{
	const char *name = http_param(req, "name"), **people = NULL;
	json_t *body, *plan;
	clout_error err = { 0 };
	clout_session *s;
	char *plan_text = NULL;
	size_t n = 0, added = 0;
	int rc = 0;
	if (!name)
		return CLOUT_ENOMEM;
	if (http_body_object(req, &body) < 0)
		return 0;
	if (campaign_json_strings(req, body, "people", &people, &n) < 0) {
		json_decref(body);
		return 0;
	}
	plan = json_object_get(body, "plan");
	if ((plan && !json_is_object(plan)) || (!plan && !n)) {
		free(people);
		json_decref(body);
		return http_reply_error(req, 422, "invalid_value", plan ? "/plan" : "/people",
			"give \"people\" (names) or \"plan\" (the output of clout plan -o json)");
	}
	if (plan && !(plan_text = json_dumps(plan, JSON_COMPACT))) {
		free(people);
		json_decref(body);
		return CLOUT_ENOMEM;
	}
	if (!(s = api_session(req))) {
		free(plan_text);
		free(people);
		json_decref(body);
		return 0;
	}
	if (n)
		rc = clout_campaign_roster_add(s, name, people, n);
	if (rc == 0 && plan_text)
		rc = clout_campaign_roster_from_plan(&added, s, name, plan_text, strlen(plan_text));
	if (rc < 0)
		err = *clout_session_error(s);
	if (rc == 0) {
		char object[CLOUT_CAMPAIGN_NAME_MAX + 16];
		snprintf(object, sizeof(object), "campaign:%s", name);
		rc = server_audit(req, s, "campaign.roster.add", object, &err);
	}
	api_session_done(req, s);
	free(plan_text);
	free(people);
	json_decref(body);
	if (rc < 0)
		return campaign_reply_failure(req, &err);
	return h_roster_get(req);
}

/* POST /api/v1/campaigns/{name}/links: {"url", "codes": bool}. */
int h_campaign_links(http_request *req)
{
	const char *name = http_param(req, "name"), *url = NULL;
	clout_campaign_link *links = NULL;
	clout_error err = { 0 };
	clout_session *s;
	json_t *body, *arr;
	size_t n = 0;
	int rc;
	if (!name)
		return CLOUT_ENOMEM;
	if (http_body_object(req, &body) < 0)
		return 0;
	if (http_json_string(req, body, "url", true, &url) < 0) {
		json_decref(body);
		return 0;
	}
	if (!(s = api_session(req))) {
		json_decref(body);
		return 0;
	}
	if ((rc = clout_campaign_links_create(&links, &n, s, name, url, json_is_true(json_object_get(body, "codes")))) < 0)
		err = *clout_session_error(s);
	if (rc == 0) {
		char object[CLOUT_CAMPAIGN_NAME_MAX + 16];
		snprintf(object, sizeof(object), "campaign:%s", name);
		rc = server_audit(req, s, "campaign.links", object, &err);
	}
	api_session_done(req, s);
	json_decref(body);
	if (rc < 0) {
		clout_campaign_links_release(links, n);
		free(links);
		return campaign_reply_failure(req, &err);
	}
	arr = json_array();
	for (size_t i = 0; arr && i < n; i++)
		json_array_append_new(arr, json_pack("{s:s,s:s,s:s}", "person", links[i].person, "code", links[i].code,
			"influencer", links[i].influencer));
	clout_campaign_links_release(links, n);
	free(links);
	return arr ? http_reply_json(req, 201, json_pack("{s:s,s:o}", "campaign", name, "links", arr)) : CLOUT_ENOMEM;
}

/* GET /api/v1/calendar?campaign=&from=&to=&format=json|ics */
int h_calendar(http_request *req)
{
	static const char *const known[] = { "campaign", "from", "to", "format", NULL };
	static const char *const formats[] = { "json", "ics", NULL };
	clout_calendar cal;
	clout_error err = { 0 };
	clout_session *s;
	int64_t from = 0, to = 0;
	const char *text;
	int format = 0, rc;
	query q;
	if (query_from_request(&q, req) < 0)
		return CLOUT_ENOMEM;
	if (query_check_names(&q, req, known) < 0 || query_enum(&q, req, "format", formats, &format) < 0)
		return 0;
	if (((text = query_get(&q, "from")) && clout_campaign_day_parse(&from, text, "from", &err) < 0) ||
	    ((text = query_get(&q, "to")) && clout_campaign_day_parse(&to, text, "to", &err) < 0))
		return http_reply_error(req, 400, "invalid_query", strncmp(err.message, "from", 4) ? "to" : "from", "%s",
			err.message);
	if (!(s = api_session(req)))
		return 0;
	if ((rc = clout_calendar_build(&cal, s, query_get(&q, "campaign"), from, to)) < 0)
		err = *clout_session_error(s);
	api_session_done(req, s);
	if (rc < 0)
		return campaign_reply_failure(req, &err);
	if (format == 1) {
		char *ics;
		size_t len;
		if ((rc = clout_calendar_ics(&ics, &len, &cal, (int64_t)time(NULL), &err)) == 0) {
			rc = http_reply(req, 200, "text/calendar; charset=utf-8", ics, len);
			free(ics);
		}
	} else {
		rc = campaign_reply_text(req, 200, clout_calendar_json(&cal));
	}
	clout_calendar_release(&cal);
	return rc;
}
