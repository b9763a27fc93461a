/*
 * h_links.c: tracking links: POST /api/v1/links, GET /api/v1/links/{code}/stats, and the
 * redirect GET|HEAD /r/{code}, which suspends its connection until the click recorder has
 * committed the click, then answers 302 to the destination with clout_click=ID.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clout/convert.h"
#include "clout/track.h"
#include "clout/webhook.h"
#include "server/api.h"
#include "server/auth.h"
#include "server/handlers.h"
#include "server/http.h"
#include "server/resources.h"
#include "util/banned.h"

/* The status and error code for a library failure on a link. */
static int reply_failure(http_request *req, const clout_error *err)
{
	const char *field = !strncmp(err->message, "url:", 4) ? "/url" : !strncmp(err->message, "code:", 5) ? "/code" : NULL;
	switch (err->code) {
	case CLOUT_EINVAL: return http_reply_error(req, 422, "invalid_value", field, "%s", err->message);
	case CLOUT_ENOTFOUND: return http_reply_error(req, 404, "not_found", NULL, "%s", err->message);
	case CLOUT_EEXISTS: return http_reply_error(req, 409, "conflict", field, "%s", err->message);
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

int h_link_create(http_request *req)
{
	server_resources *res = req->srv->resources;
	clout_link_options opts = CLOUT_LINK_OPTIONS_INIT;
	clout_error err = { 0 };
	clout_link link;
	clout_session *s;
	json_t *body;
	int rc;
	if (http_body_object(req, &body) < 0)
		return 0;
	if (http_json_string(req, body, "url", true, &opts.url) < 0 || http_json_string(req, body, "code", false, &opts.code) < 0 ||
	    http_json_string(req, body, "influencer", false, &opts.influencer) < 0 ||
	    http_json_string(req, body, "campaign", false, &opts.campaign) < 0) {
		json_decref(body);
		return 0;
	}
	if (!(s = api_session(req))) {
		json_decref(body);
		return 0;
	}
	if ((rc = clout_track_link_create(&link, s, &opts)) < 0)
		err = *clout_session_error(s);
	if (rc == 0) {
		char object[CLOUT_LINK_CODE_MAX + 8];
		snprintf(object, sizeof(object), "link:%s", link.code);
		char *data = clout_link_json(&link, res->public_url);
		if ((rc = server_audit(req, s, "link.create", object, &err)) == 0 &&
		    (rc = data ? clout_webhook_enqueue(s, "link.created", data) : CLOUT_ENOMEM) < 0) {
			if (data)
				err = *clout_session_error(s);
			else
				clout_error_set(&err, CLOUT_ENOMEM, "out of memory");
		}
		free(data);
		if (rc < 0)
			clout_link_release(&link);
	}
	api_session_done(req, s);
	json_decref(body);
	if (rc < 0)
		return reply_failure(req, &err);
	rc = reply_text(req, 201, clout_link_json(&link, res->public_url));
	clout_link_release(&link);
	return rc;
}

/* The link's click counts with its conversions and revenue (last-click model, per currency). */
static int reply_stats(http_request *req, const char *code, const clout_link_stats *stats,
	const clout_convert_report *report)
{
	char *text = clout_link_stats_json(code, stats), *conv = clout_convert_report_json(report);
	json_t *doc = text ? json_loads(text, 0, NULL) : NULL, *rdoc = conv ? json_loads(conv, 0, NULL) : NULL;
	json_t *row = rdoc ? json_array_get(json_object_get(rdoc, "rows"), 0) : NULL;
	free(text);
	free(conv);
	if (!doc || !rdoc) {
		json_decref(doc);
		json_decref(rdoc);
		return CLOUT_ENOMEM;
	}
	json_object_set_new(doc, "conversions", row ? json_incref(json_object_get(row, "conversions")) : json_real(0));
	json_object_set_new(doc, "revenue", row ? json_incref(json_object_get(row, "revenue")) : json_array());
	json_decref(rdoc);
	return http_reply_json(req, 200, doc);
}

int h_link_stats(http_request *req)
{
	const char *code = http_param(req, "code");
	clout_link_stats stats;
	clout_session *s;
	int rc;
	if (!code)
		return CLOUT_ENOMEM;
	clout_convert_report_options o = CLOUT_CONVERT_REPORT_OPTIONS_INIT;
	clout_convert_report report = { 0 };
	api_fold_clicks(req);
	if (!(s = api_session(req)))
		return 0;
	rc = clout_track_link_stats(&stats, s, code);
	o.link = code;
	if (rc == 0)
		rc = clout_convert_report_build(&report, s, &o);
	if (rc < 0) {
		rc = reply_failure(req, clout_session_error(s));
		api_session_done(req, s);
		return rc;
	}
	api_session_done(req, s);
	rc = reply_stats(req, code, &stats, &report);
	clout_convert_report_release(&report);
	return rc;
}

/* What the committer learned about a click, kept in the request's arena for the worker. */
typedef struct click_outcome {
	int code;
	char *location, *message;
} click_outcome;

/* On the worker thread, once resumed: the answer. Built here rather than on the committer
 * thread, which serves every connection and should only commit. */
static int answer_click(http_request *req)
{
	const click_outcome *o = req->handler_state;
	if (o->code == 0 && o->location)
		return http_reply_redirect(req, 302, o->location);
	if (o->code == CLOUT_ENOTFOUND)
		return http_reply_error(req, 404, "not_found", NULL, "no link here");
	return http_reply_error(req, 503, "unavailable", NULL, "the click could not be recorded: %s",
		o->message ? o->message : clout_strerror(o->code ? o->code : CLOUT_ENOMEM));
}

/* On the committer thread, once the click is durable (or refused). The worker is not touching
 * the request while it is suspended, so its arena is ours until http_resume. */
static void click_done(void *ctx, const clout_click_result *result)
{
	http_request *req = ctx;
	click_outcome *o = req->handler_state;
	o->code = result->code;
	if (result->location)
		o->location = clout_arena_strndup(&req->arena, result->location, strlen(result->location));
	if (result->message)
		o->message = clout_arena_strndup(&req->arena, result->message, strlen(result->message));
	http_resume(req);
}

int h_redirect(http_request *req)
{
	server_resources *res = req->srv->resources;
	const char *code = http_param(req, "code");
	clout_click_request click = { 0 };
	uint8_t address[16];
	int rc;
	if (!code)
		return CLOUT_ENOMEM;
	if (!clout_track_code_valid(code))
		return http_reply_error(req, 404, "not_found", NULL, "no link here");
	click.head = http_is_head(req);
	click.user_agent = http_header(req, "User-Agent");
	click.referer = http_header(req, "Referer");
	click.purpose = http_header(req, "Purpose");
	click.sec_purpose = http_header(req, "Sec-Purpose");
	click.x_purpose = http_header(req, "X-Purpose");
	click.x_moz = http_header(req, "X-Moz");
	http_client_ip(req, address, &click.address_len);
	click.address = address;
	if (!(req->handler_state = clout_arena_alloc(&req->arena, sizeof(click_outcome))))
		return CLOUT_ENOMEM;
	memset(req->handler_state, 0, sizeof(click_outcome));
	/* Suspended before it is handed on: the committer may resume it at once. */
	http_suspend(req, answer_click);
	if ((rc = clout_track_recorder_submit(res->recorder, code, &click, click_done, req)) < 0) {
		((click_outcome *)req->handler_state)->code = rc;
		http_resume(req);
	}
	return 0;
}
