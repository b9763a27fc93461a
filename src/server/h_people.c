/*
 * h_people.c: people and relationships over the JSON API (see clout/crm.h): /api/v1/people,
 * /api/v1/people/{name} and its accounts, stage, stages, consent, nda, interactions, feedback and
 * balance, and /api/v1/feedback/{id}/status. Each request runs one library operation on the
 * session the server lends it (api_session), acting as the caller; every write is
 * recorded in the audit log as "person:ID" (never by name: an erased person's name must not stay).
 * These routes are the workspace's own view of its people, for its members: they show a withheld
 * person (the withheld rule is for exports and shared reports).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clout/crm.h"
#include "server/api.h"
#include "server/auth.h"
#include "server/handlers.h"
#include "server/http.h"
#include "server/query.h"
#include "util/banned.h"
#include "util/buf.h"

/* A route parameter's longest value (a person's name, an account key). */
#define PARAM_MAX (CLOUT_CRM_NAME_MAX * 2)

typedef struct people_call {
	http_request *req;
	clout_session *s;
	char name[PARAM_MAX + 1]; /* the {name} parameter */
} people_call;

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
	case CLOUT_EEXISTS:
	case CLOUT_ECONFLICT: return http_reply_error(req, 409, "conflict", *field ? field : NULL, "%s", err->message);
	case CLOUT_EDENIED: return http_reply_error(req, 409, "refused", NULL, "%s", err->message);
	case CLOUT_EUNAVAILABLE: return http_reply_error(req, 503, "unavailable", NULL, "%s", err->message);
	default: return http_reply_error(req, 500, "internal", NULL, "%s", err->message);
	}
}

/* Copies route parameter i into out (size PARAM_MAX + 1); -1 after answering 404 when too long. */
static int param(http_request *req, int i, char *out)
{
	size_t len = i < req->params.count ? req->params.value_lens[i] : 0;
	if (len > PARAM_MAX)
		return http_reply_error(req, 404, "not_found", NULL, "no such person"), -1;
	memcpy(out, req->params.values[i], len);
	out[len] = '\0';
	return 0;
}

/* Takes a session acting for the caller: 0, or -1 after answering. */
static int call_open(people_call *c, http_request *req, bool named)
{
	memset(c, 0, sizeof(*c));
	c->req = req;
	if (named && param(req, 0, c->name) < 0)
		return -1;
	if (!(c->s = api_session(req)))
		return -1;
	return 0;
}

static void call_close(people_call *c)
{
	if (c->s)
		api_session_done(c->req, c->s);
	c->s = NULL;
}

/* Answers the session's error and ends the call. */
static int call_fail(people_call *c)
{
	clout_error err = *clout_session_error(c->s);
	call_close(c);
	return reply_failure(c->req, &err);
}

/* Audits action on person id (found by name when id is 0); -1 after answering 500. */
static int call_audit(people_call *c, const char *action, int64_t id)
{
	clout_error err = { 0 };
	char object[40];
	if (!id && clout_crm_find(&id, c->s, c->name) < 0)
		return call_fail(c), -1;
	snprintf(object, sizeof(object), "person:%lld", (long long)id);
	if (server_audit(c->req, c->s, action, object, &err) < 0) {
		call_close(c);
		reply_failure(c->req, &err);
		return -1;
	}
	return 0;
}

/* Answers with malloc'd JSON text (freed), or 500 when it is NULL. */
static int reply_text(http_request *req, int status, char *json)
{
	int rc = json ? http_reply(req, status, "application/json", json, strlen(json))
		      : http_reply_error(req, 500, "internal", NULL, "out of memory");
	free(json);
	return rc;
}

/* Ends the call answering person c->name (status). */
static int reply_person(people_call *c, int status)
{
	clout_crm_person p;
	char *json;
	if (clout_crm_get(&p, c->s, c->name) < 0)
		return call_fail(c);
	json = clout_crm_person_json(&p);
	clout_crm_person_release(&p);
	call_close(c);
	return reply_text(c->req, status, json);
}

/* A JSON list {"KEY":[...]} built from the items' JSON texts. */
typedef struct list_out {
	clout_buf buf;
	size_t count;
	bool oom;
} list_out;

static void list_begin(list_out *l, const char *key)
{
	clout_buf_init(&l->buf, 0);
	l->count = 0;
	l->oom = clout_buf_printf(&l->buf, "{\"%s\":[", key) < 0;
}

static int list_add(list_out *l, char *json)
{
	if (!json || (l->count && clout_buf_putc(&l->buf, ',') < 0) || clout_buf_puts(&l->buf, json) < 0)
		l->oom = true;
	free(json);
	l->count++;
	return l->oom ? CLOUT_ENOMEM : 0;
}

static int list_reply(list_out *l, http_request *req)
{
	char *text;
	if (l->oom || clout_buf_puts(&l->buf, "]}") < 0) {
		clout_buf_release(&l->buf);
		return http_reply_error(req, 500, "internal", NULL, "out of memory");
	}
	text = clout_buf_detach(&l->buf, NULL);
	return reply_text(req, 200, text);
}

typedef struct people_list {
	list_out out;
	int audience; /* -1: the CRM's own view (everyone), else a clout_crm_audience */
} people_list;

static int person_item(void *ctx, const clout_crm_person *p)
{
	people_list *l = ctx;
	return list_add(&l->out, l->audience < 0 ? clout_crm_person_json(p)
						 : clout_crm_person_json_for(p, (clout_crm_audience)l->audience));
}

int h_people_list(http_request *req)
{
	static const char *const known[] = { "for", NULL };
	static const char *const audiences[] = { "workspace", "share", NULL };
	people_list pl = { .audience = -1 };
	list_out *l = &pl.out;
	people_call c;
	query q;
	if (query_from_request(&q, req) < 0)
		return CLOUT_ENOMEM;
	if (query_check_names(&q, req, known) < 0 || query_enum(&q, req, "for", audiences, &pl.audience) < 0 ||
		call_open(&c, req, false) < 0)
		return 0;
	list_begin(l, "people");
	if (clout_crm_foreach(c.s, person_item, &pl) < 0) {
		clout_buf_release(&l->buf);
		return call_fail(&c);
	}
	call_close(&c);
	return list_reply(l, req);
}

/* The "accounts" member: an array of strings; -1 after answering 422. */
static int accounts_member(http_request *req, json_t *body, const char ***out, size_t *n)
{
	json_t *list = json_object_get(body, "accounts"), *v;
	size_t i;
	*out = NULL;
	*n = 0;
	if (!list || json_is_null(list))
		return 0;
	if (!json_is_array(list) || json_array_size(list) > 64)
		return http_reply_error(req, 422, "wrong_type", "/accounts", "accounts: must be an array of at most 64 strings"), -1;
	if (json_array_size(list) && !(*out = calloc(json_array_size(list), sizeof(**out))))
		return http_reply_error(req, 500, "internal", NULL, "out of memory"), -1;
	json_array_foreach(list, i, v) {
		if (!json_is_string(v)) {
			free(*out);
			*out = NULL;
			return http_reply_error(req, 422, "wrong_type", "/accounts", "accounts: must be an array of strings"), -1;
		}
		(*out)[(*n)++] = json_string_value(v);
	}
	return 0;
}

int h_people_add(http_request *req)
{
	const char *name = NULL, *platform = NULL, **accounts = NULL;
	size_t naccounts = 0;
	people_call c;
	json_t *body;
	int64_t id = 0;
	int rc = 0;
	if (http_body_object(req, &body) < 0)
		return 0;
	if (http_json_string(req, body, "name", true, &name) < 0 || http_json_string(req, body, "platform", false, &platform) < 0 ||
		accounts_member(req, body, &accounts, &naccounts) < 0 || call_open(&c, req, false) < 0)
		goto done;
	snprintf(c.name, sizeof(c.name), "%s", name);
	if (clout_crm_add(&id, c.s, name, accounts, naccounts, platform) < 0) {
		rc = call_fail(&c);
		goto done;
	}
	if (call_audit(&c, "person.add", id) == 0)
		rc = reply_person(&c, 201);
done:
	free(accounts);
	json_decref(body);
	return rc;
}

int h_person_get(http_request *req)
{
	people_call c;
	if (call_open(&c, req, true) < 0)
		return 0;
	return reply_person(&c, 200);
}

int h_person_erase(http_request *req)
{
	people_call c;
	int64_t id = 0;
	char text[64];
	if (call_open(&c, req, true) < 0)
		return 0;
	if (clout_crm_erase(&id, c.s, c.name) < 0)
		return call_fail(&c);
	if (call_audit(&c, "person.erase", id) < 0)
		return 0;
	call_close(&c);
	snprintf(text, sizeof(text), "{\"erased\":%lld}", (long long)id);
	return http_reply(req, 200, "application/json", text, strlen(text));
}

int h_person_link(http_request *req)
{
	const char *account = NULL, *platform = NULL;
	people_call c;
	json_t *body;
	int rc = 0;
	if (http_body_object(req, &body) < 0)
		return 0;
	if (http_json_string(req, body, "account", true, &account) < 0 ||
		http_json_string(req, body, "platform", false, &platform) < 0 || call_open(&c, req, true) < 0)
		goto done;
	if (clout_crm_link(c.s, c.name, account, platform) < 0)
		rc = call_fail(&c);
	else if (call_audit(&c, "person.link", 0) == 0)
		rc = reply_person(&c, 200);
done:
	json_decref(body);
	return rc;
}

int h_person_unlink(http_request *req)
{
	char account[PARAM_MAX + 1];
	people_call c;
	if (param(req, 1, account) < 0 || call_open(&c, req, true) < 0)
		return 0;
	if (clout_crm_unlink(c.s, c.name, account, NULL) < 0)
		return call_fail(&c);
	if (call_audit(&c, "person.unlink", 0) < 0)
		return 0;
	return reply_person(&c, 200);
}

int h_person_stage(http_request *req)
{
	const char *stage = NULL, *owner = NULL;
	people_call c;
	json_t *body;
	int rc = 0;
	if (http_body_object(req, &body) < 0)
		return 0;
	if (http_json_string(req, body, "stage", false, &stage) < 0 || http_json_string(req, body, "owner", false, &owner) < 0)
		goto done;
	if (!stage && !owner) {
		rc = http_reply_error(req, 422, "missing_field", "/stage", "stage: give a stage, an owner, or both");
		goto done;
	}
	if (call_open(&c, req, true) < 0)
		goto done;
	if (clout_crm_stage_set(c.s, c.name, stage, owner) < 0)
		rc = call_fail(&c);
	else if (call_audit(&c, "person.stage", 0) == 0)
		rc = reply_person(&c, 200);
done:
	json_decref(body);
	return rc;
}

static int stage_item(void *ctx, const clout_crm_stage_change *ch)
{
	return list_add(ctx, clout_crm_stage_change_json(ch));
}

int h_person_stages(http_request *req)
{
	people_call c;
	list_out l;
	if (call_open(&c, req, true) < 0)
		return 0;
	list_begin(&l, "stages");
	if (clout_crm_stage_foreach(c.s, c.name, stage_item, &l) < 0) {
		clout_buf_release(&l.buf);
		return call_fail(&c);
	}
	call_close(&c);
	return list_reply(&l, req);
}

int h_person_consent(http_request *req)
{
	clout_crm_consent_options o = CLOUT_CRM_CONSENT_OPTIONS_INIT;
	const char *consent = NULL;
	people_call c;
	json_t *body;
	int rc = 0;
	if (http_body_object(req, &body) < 0)
		return 0;
	if (http_json_string(req, body, "consent", false, &consent) < 0 || http_json_string(req, body, "sharing", false, &o.sharing) < 0 ||
		http_json_string(req, body, "date", false, &o.date) < 0 || http_json_string(req, body, "source", false, &o.source) < 0)
		goto done;
	if (consent && strcmp(consent, "in") && strcmp(consent, "out")) {
		rc = http_reply_error(req, 422, "invalid_value", "/consent", "consent: '%s' is not in or out", consent);
		goto done;
	}
	if (!consent && !o.sharing) {
		rc = http_reply_error(req, 422, "missing_field", "/consent", "consent: give consent (in or out), sharing, or both");
		goto done;
	}
	o.consent = !consent ? CLOUT_CRM_CONSENT_UNKNOWN : !strcmp(consent, "in") ? CLOUT_CRM_CONSENT_IN : CLOUT_CRM_CONSENT_OUT;
	if (call_open(&c, req, true) < 0)
		goto done;
	if (clout_crm_consent_set(c.s, c.name, &o) < 0)
		rc = call_fail(&c);
	else if (call_audit(&c, "person.consent", 0) == 0)
		rc = reply_person(&c, 200);
done:
	json_decref(body);
	return rc;
}

int h_person_nda(http_request *req)
{
	const char *status = NULL, *sent = NULL, *signed_on = NULL, *expires = NULL;
	people_call c;
	json_t *body;
	int rc = 0;
	if (http_body_object(req, &body) < 0)
		return 0;
	if (http_json_string(req, body, "status", false, &status) < 0 || http_json_string(req, body, "sent", false, &sent) < 0 ||
		http_json_string(req, body, "signed", false, &signed_on) < 0 ||
		http_json_string(req, body, "expires", false, &expires) < 0 || call_open(&c, req, true) < 0)
		goto done;
	if (clout_crm_nda_set(c.s, c.name, status, sent, signed_on, expires) < 0)
		rc = call_fail(&c);
	else if (call_audit(&c, "person.nda", 0) == 0)
		rc = reply_person(&c, 200);
done:
	json_decref(body);
	return rc;
}

static int interaction_item(void *ctx, const clout_crm_interaction *r)
{
	return list_add(ctx, clout_crm_interaction_json(r));
}

int h_interactions_list(http_request *req)
{
	people_call c;
	list_out l;
	if (call_open(&c, req, true) < 0)
		return 0;
	list_begin(&l, "interactions");
	if (clout_crm_interaction_foreach(c.s, c.name, interaction_item, &l) < 0) {
		clout_buf_release(&l.buf);
		return call_fail(&c);
	}
	call_close(&c);
	return list_reply(&l, req);
}

/* The value member as decimal text: a string as it is, or an integer; -1 after answering 422. */
static int value_member(http_request *req, json_t *body, char *buf, size_t size, const char **out)
{
	json_t *v = json_object_get(body, "value");
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_string(v)) {
		*out = json_string_value(v);
		return 0;
	}
	if (json_is_integer(v)) {
		snprintf(buf, size, "%lld", (long long)json_integer_value(v));
		*out = buf;
		return 0;
	}
	http_reply_error(req, 422, "wrong_type", "/value", "value: must be a decimal string (\"12.50\") or an integer");
	return -1;
}

typedef struct find_interaction {
	int64_t id;
	char *json;
} find_interaction;

static int interaction_find(void *ctx, const clout_crm_interaction *r)
{
	find_interaction *f = ctx;
	if (r->id == f->id && !f->json)
		f->json = clout_crm_interaction_json(r);
	return 0;
}

int h_interaction_add(http_request *req)
{
	clout_crm_log_options o = CLOUT_CRM_LOG_OPTIONS_INIT;
	find_interaction found = { 0 };
	char value[32];
	people_call c;
	json_t *body;
	int rc = 0;
	if (http_body_object(req, &body) < 0)
		return 0;
	if (http_json_string(req, body, "kind", true, &o.kind) < 0 || http_json_string(req, body, "date", false, &o.date) < 0 ||
		http_json_string(req, body, "note", false, &o.note) < 0 || http_json_string(req, body, "product", false, &o.product) < 0 ||
		value_member(req, body, value, sizeof(value), &o.value) < 0 ||
		http_json_string(req, body, "currency", false, &o.currency) < 0 ||
		http_json_string(req, body, "shipped", false, &o.shipped) < 0 ||
		http_json_string(req, body, "received", false, &o.received) < 0 ||
		http_json_string(req, body, "campaign", false, &o.campaign) < 0 || call_open(&c, req, true) < 0)
		goto done;
	if (clout_crm_log(&found.id, c.s, c.name, &o) < 0 ||
		clout_crm_interaction_foreach(c.s, c.name, interaction_find, &found) < 0) {
		rc = call_fail(&c);
		goto done;
	}
	if (call_audit(&c, "interaction.log", 0) == 0) {
		call_close(&c);
		rc = reply_text(req, 201, found.json);
		found.json = NULL;
	}
done:
	free(found.json);
	json_decref(body);
	return rc;
}

static int feedback_item(void *ctx, const clout_crm_feedback *f)
{
	return list_add(ctx, clout_crm_feedback_json(f));
}

int h_feedback_list(http_request *req)
{
	people_call c;
	list_out l;
	if (call_open(&c, req, true) < 0)
		return 0;
	list_begin(&l, "feedback");
	if (clout_crm_feedback_foreach(c.s, c.name, feedback_item, &l) < 0) {
		clout_buf_release(&l.buf);
		return call_fail(&c);
	}
	call_close(&c);
	return list_reply(&l, req);
}

int h_feedback_add(http_request *req)
{
	const char *product = NULL, *text = NULL;
	people_call c;
	json_t *body;
	int64_t id = 0;
	char out[64];
	int rc = 0;
	if (http_body_object(req, &body) < 0)
		return 0;
	if (http_json_string(req, body, "text", true, &text) < 0 || http_json_string(req, body, "product", false, &product) < 0 ||
		call_open(&c, req, true) < 0)
		goto done;
	if (clout_crm_feedback_add(&id, c.s, c.name, product, text) < 0) {
		rc = call_fail(&c);
		goto done;
	}
	if (call_audit(&c, "feedback.add", 0) == 0) {
		call_close(&c);
		snprintf(out, sizeof(out), "{\"id\":%lld,\"status\":\"open\"}", (long long)id);
		rc = http_reply(req, 201, "application/json", out, strlen(out));
	}
done:
	json_decref(body);
	return rc;
}

int h_feedback_status(http_request *req)
{
	char idtext[PARAM_MAX + 1], out[96], *end;
	const char *status = NULL;
	clout_error err = { 0 };
	people_call c;
	json_t *body;
	long long id;
	int rc = 0;
	if (param(req, 0, idtext) < 0)
		return 0;
	id = strtoll(idtext, &end, 10);
	if (*end || id <= 0)
		return http_reply_error(req, 404, "not_found", NULL, "no feedback '%s'", idtext);
	if (http_body_object(req, &body) < 0)
		return 0;
	if (http_json_string(req, body, "status", true, &status) < 0 || call_open(&c, req, false) < 0)
		goto done;
	if (clout_crm_feedback_set(c.s, (int64_t)id, status) < 0) {
		rc = call_fail(&c);
		goto done;
	}
	snprintf(out, sizeof(out), "feedback:%lld", id);
	if (server_audit(req, c.s, "feedback.status", out, &err) < 0) {
		call_close(&c);
		rc = reply_failure(req, &err);
		goto done;
	}
	call_close(&c);
	snprintf(out, sizeof(out), "{\"id\":%lld,\"status\":\"%s\"}", id, status);
	rc = http_reply(req, 200, "application/json", out, strlen(out));
done:
	json_decref(body);
	return rc;
}

int h_person_balance(http_request *req)
{
	static const char *const known[] = { "currency", NULL };
	clout_crm_balance b;
	people_call c;
	query q;
	char *json;
	if (query_from_request(&q, req) < 0)
		return CLOUT_ENOMEM;
	if (query_check_names(&q, req, known) < 0 || call_open(&c, req, true) < 0)
		return 0;
	if (clout_crm_balance_get(&b, c.s, c.name, query_get(&q, "currency")) < 0)
		return call_fail(&c);
	call_close(&c);
	json = clout_crm_balance_json(&b);
	clout_crm_balance_release(&b);
	return reply_text(req, 200, json);
}
