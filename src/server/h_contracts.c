/*
 * h_contracts.c: contracts, deliverables and the campaign and person reports:
 * POST|GET /api/v1/contracts, POST /api/v1/deliverables, PATCH /api/v1/deliverables/{id},
 * GET /api/v1/reports/campaigns/{name}, GET /api/v1/reports/people/{person}. Writes are
 * audit-logged; a report with share=true obeys the people's sharing rights.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clout/campaign.h"
#include "clout/report.h"
#include "server/api.h"
#include "server/auth.h"
#include "server/campaign_api.h"
#include "server/handlers.h"
#include "server/query.h"
#include "server/resources.h"
#include "util/banned.h"

/* The list members of a contract body (each to free). */
typedef struct contract_lists {
	const char **dos, **donts, **hashtags, **competitors;
} contract_lists;

static int contract_body(http_request *req, json_t *body, clout_contract_input *in, contract_lists *l)
{
	static const char *const fields[] = { "campaign", "person", "status", "flat", "per_deliverable", "commission",
		"product", "product_value", "currency", "objectives", "disclosure", "exclusive_from", "exclusive_to",
		"payment_terms", "payment_status" };
	const char **targets[] = { &in->campaign, &in->person, &in->status, &in->flat, &in->per_deliverable, &in->commission,
		&in->product, &in->product_value, &in->currency, &in->objectives, &in->disclosure, &in->exclusive_from,
		&in->exclusive_to, &in->payment_terms, &in->payment_status };
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (http_json_string(req, body, fields[i], i < 2, targets[i]) < 0)
			return -1;
	if (campaign_json_strings(req, body, "dos", &l->dos, &in->dos_count) < 0 ||
	    campaign_json_strings(req, body, "donts", &l->donts, &in->donts_count) < 0 ||
	    campaign_json_strings(req, body, "hashtags", &l->hashtags, &in->hashtags_count) < 0 ||
	    campaign_json_strings(req, body, "competitors", &l->competitors, &in->competitors_count) < 0)
		return -1;
	in->dos = l->dos;
	in->donts = l->donts;
	in->hashtags = l->hashtags;
	in->competitors = l->competitors;
	return 0;
}

int h_contract_create(http_request *req)
{
	clout_contract_input in = CLOUT_CONTRACT_INPUT_INIT;
	contract_lists lists = { 0 };
	clout_contract c = { 0 };
	clout_error err = { 0 };
	clout_session *s;
	json_t *body;
	int rc = 0;
	if (http_body_object(req, &body) < 0)
		return 0;
	if (contract_body(req, body, &in, &lists) < 0)
		goto done;
	if (!(s = api_session(req)))
		goto done;
	if ((rc = clout_contract_create(&c, s, &in)) < 0)
		err = *clout_session_error(s);
	if (rc == 0) {
		char object[64];
		snprintf(object, sizeof(object), "contract:%lld", (long long)c.id);
		rc = server_audit(req, s, "contract.create", object, &err);
	}
	api_session_done(req, s);
	rc = rc < 0 ? campaign_reply_failure(req, &err) : campaign_reply_text(req, 201, clout_contract_json(&c));
done:
	clout_contract_release(&c);
	free(lists.dos);
	free(lists.donts);
	free(lists.hashtags);
	free(lists.competitors);
	json_decref(body);
	return rc;
}

int h_contract_list(http_request *req)
{
	static const char *const known[] = { "campaign", "person", NULL };
	clout_contract *all = NULL;
	clout_error err = { 0 };
	clout_session *s;
	size_t n = 0;
	json_t *arr;
	query q;
	int rc;
	if (query_from_request(&q, req) < 0)
		return CLOUT_ENOMEM;
	if (query_check_names(&q, req, known) < 0)
		return 0;
	if (!(s = api_session(req)))
		return 0;
	if ((rc = clout_contract_list(&all, &n, s, query_get(&q, "campaign"), query_get(&q, "person"))) < 0)
		err = *clout_session_error(s);
	api_session_done(req, s);
	if (rc < 0)
		return campaign_reply_failure(req, &err);
	arr = json_array();
	for (size_t i = 0; i < n; i++) {
		char *text = clout_contract_json(&all[i]);
		if (arr && text)
			json_array_append_new(arr, json_loads(text, 0, NULL));
		free(text);
		clout_contract_release(&all[i]);
	}
	free(all);
	return arr ? http_reply_json(req, 200, json_pack("{s:o}", "contracts", arr)) : CLOUT_ENOMEM;
}

static int deliverable_body(http_request *req, json_t *body, clout_deliverable_input *in, bool create)
{
	return http_json_string(req, body, "platform", create, &in->platform) < 0 ||
	       http_json_string(req, body, "format", create, &in->format) < 0 ||
	       http_json_string(req, body, "due", create, &in->due) < 0 ||
	       http_json_string(req, body, "status", false, &in->status) < 0 ||
	       http_json_string(req, body, "url", false, &in->url) < 0 ||
	       http_json_string(req, body, "post", false, &in->post) < 0 ? -1 : 0;
}

/* POST /api/v1/deliverables ({"campaign", "person", ...}) and PATCH /api/v1/deliverables/{id}. */
static int deliverable_write(http_request *req, bool create)
{
	clout_deliverable_input in = CLOUT_DELIVERABLE_INPUT_INIT;
	const char *campaign = NULL, *person = NULL, *id_text = create ? NULL : http_param(req, "id");
	clout_deliverable d = { 0 };
	clout_error err = { 0 };
	clout_session *s;
	long long id = 0;
	json_t *body;
	char *end;
	int rc;
	if (!create) {
		if (!id_text)
			return CLOUT_ENOMEM;
		id = strtoll(id_text, &end, 10);
		if (*end || id <= 0)
			return http_reply_error(req, 404, "not_found", NULL, "no deliverable '%s'", id_text);
	}
	if (http_body_object(req, &body) < 0)
		return 0;
	if ((create && (http_json_string(req, body, "campaign", true, &campaign) < 0 ||
			http_json_string(req, body, "person", true, &person) < 0)) ||
	    deliverable_body(req, body, &in, create) < 0) {
		json_decref(body);
		return 0;
	}
	if (!(s = api_session(req))) {
		json_decref(body);
		return 0;
	}
	if ((rc = create ? clout_deliverable_add(&d, s, campaign, person, &in) : clout_deliverable_update(&d, s, id, &in)) < 0)
		err = *clout_session_error(s);
	if (rc == 0) {
		char object[64];
		snprintf(object, sizeof(object), "deliverable:%lld", (long long)d.id);
		rc = server_audit(req, s, create ? "deliverable.create" : "deliverable.update", object, &err);
	}
	api_session_done(req, s);
	json_decref(body);
	rc = rc < 0 ? campaign_reply_failure(req, &err) : campaign_reply_text(req, create ? 201 : 200, clout_deliverable_json(&d));
	clout_deliverable_release(&d);
	return rc;
}

int h_deliverable_create(http_request *req)
{
	return deliverable_write(req, true);
}

int h_deliverable_update(http_request *req)
{
	return deliverable_write(req, false);
}

/* ?format=html: the printable file, whose only script and style are its own inline ones. */
static int report_html(http_request *req, const clout_report *r)
{
	clout_error err = { 0 };
	char *html = clout_report_html(r, &err);
	int rc;
	if (!html)
		return campaign_reply_failure(req, &err);
	rc = http_reply(req, 200, "text/html; charset=utf-8", html, strlen(html));
	if (rc == 0)
		rc = http_add_header(req, "Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; "
			"style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
	free(html);
	return rc;
}

/* GET /api/v1/reports/campaigns/{name} and /api/v1/reports/people/{person} (?format=json|html). */
static int report(http_request *req, bool person)
{
	static const char *const known[] = { "share", "as_of", "model", "lifetime_value", "format", NULL };
	static const char *const formats[] = { "json", "html", NULL };
	static const char *const models[] = { "last", "first", "linear", NULL };
	static const char *const bools[] = { "false", "true", NULL };
	clout_report_options o = CLOUT_REPORT_OPTIONS_INIT;
	const char *subject = http_param(req, person ? "person" : "name"), *as_of;
	clout_report r;
	clout_error err = { 0 };
	clout_session *s;
	int model = 0, share = 0, format = 0, rc;
	query q;
	if (!subject || query_from_request(&q, req) < 0)
		return CLOUT_ENOMEM;
	if (query_check_names(&q, req, known) < 0 || query_enum(&q, req, "model", models, &model) < 0 ||
	    query_enum(&q, req, "share", bools, &share) < 0 || query_enum(&q, req, "format", formats, &format) < 0)
		return 0;
	if ((as_of = query_get(&q, "as_of")) && clout_campaign_day_parse(&o.as_of_day, as_of, "as_of", &err) < 0)
		return http_reply_error(req, 400, "invalid_query", "as_of", "%s", err.message);
	o.model = (clout_convert_model)model;
	o.share = share == 1;
	o.lifetime_value = query_get(&q, "lifetime_value");
	api_fold_clicks(req);
	if (!(s = api_session(req)))
		return 0;
	if ((rc = person ? clout_report_person(&r, s, subject, &o) : clout_report_campaign(&r, s, subject, &o)) < 0)
		err = *clout_session_error(s);
	api_session_done(req, s);
	if (rc < 0)
		return campaign_reply_failure(req, &err);
	rc = format == 1 ? report_html(req, &r) : campaign_reply_text(req, 200, clout_report_json(&r));
	clout_report_release(&r);
	return rc;
}

int h_report_campaign(http_request *req)
{
	return report(req, false);
}

int h_report_person(http_request *req)
{
	return report(req, true);
}
