/*
 * h_sentiment.c: sentiment over the JSON API: POST /api/v1/sentiment with one text
 * ({"text", "lang"?} as application/json) or many (JSON lines {"id", "text"} as
 * application/x-ndjson, ?lang=), scored with the session's shared text model. JSON lines go
 * through clout_session_sentiment_lines, the operation `clout sentiment` runs, and are answered as
 * it prints them, one line per record in order; a malformed line is
 * 422 naming it ("body:LINE").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clout/text.h"
#include "clout/vocab.h"
#include "server/api.h"
#include "server/handlers.h"
#include "server/query.h"
#include "util/buf.h"
#include "util/json_out.h"
#include "util/banned.h"

typedef struct lines_out {
	clout_buf out;
	clout_error first_bad;
	unsigned long bad;
} lines_out;

static int add_lines(void *ctx, const char *data, size_t len)
{
	lines_out *o = ctx;
	return clout_buf_put(&o->out, data, len) < 0 ? CLOUT_ENOMEM : 0;
}

static int note_bad(void *ctx, const clout_error *err)
{
	lines_out *o = ctx;
	if (!o->bad++)
		o->first_bad = *err;
	return 0;
}

/* Whether the content type is JSON lines. */
static bool is_lines_type(const char *type)
{
	size_t n = type ? strcspn(type, "; ") : 0;
	return type && ((n == 20 && !strncasecmp(type, "application/x-ndjson", n)) ||
		(n == 20 && !strncasecmp(type, "application/jsonlines", n)) || (n == 17 && !strncasecmp(type, "application/jsonl", n)));
}

static int score_lines(http_request *req, clout_session *s, const char *lang)
{
	clout_session_sentiment_options opts = CLOUT_SESSION_SENTIMENT_OPTIONS_INIT;
	clout_text_lines_stats stats;
	lines_out o;
	FILE *in;
	int rc;
	memset(&o, 0, sizeof(o));
	clout_buf_init(&o.out, 0);
	if (!(in = fmemopen(req->body.len ? req->body.ptr : (char *)"", req->body.len, "r")))
		return CLOUT_ENOMEM;
	opts.name = "body";
	opts.lang = lang;
	opts.write = add_lines;
	opts.bad = note_bad;
	opts.ctx = &o;
	rc = clout_session_sentiment_lines(s, in, &opts, &stats);
	fclose(in);
	if (rc < 0) {
		clout_buf_release(&o.out);
		return api_reply_failure(req, clout_session_error(s), true, NULL);
	}
	if (o.bad) {
		char field[40];
		const char *colon = strchr(o.first_bad.message + 5, ':');
		snprintf(field, sizeof(field), "%.*s", colon ? (int)(colon - o.first_bad.message) : 4, o.first_bad.message);
		clout_buf_release(&o.out);
		return http_reply_error(req, 422, "malformed_line", field, "%s (%lu malformed line%s)", o.first_bad.message, o.bad,
			o.bad == 1 ? "" : "s");
	}
	rc = http_reply(req, 200, "application/x-ndjson", o.out.ptr ? o.out.ptr : "", o.out.len);
	clout_buf_release(&o.out);
	return rc;
}

static int score_one(http_request *req, clout_text *t)
{
	clout_sentiment sent;
	json_t *body, *doc;
	const char *text, *lang = NULL;
	int rc;
	if (http_body_object(req, &body) < 0)
		return 0;
	if (http_json_string(req, body, "text", true, &text) < 0 || http_json_string(req, body, "lang", false, &lang) < 0) {
		json_decref(body);
		return 0;
	}
	if (lang && strcmp(lang, "auto") && !clout_vocab_language_known(lang)) {
		/* lang points into body: reply before releasing it */
		rc = http_reply_error(req, 422, "invalid_value", "/lang", "lang: '%.32s' is not auto, en or fr", lang);
		json_decref(body);
		return rc;
	}
	rc = clout_text_sentiment(t, text, json_string_length(json_object_get(body, "text")), lang, &sent);
	json_decref(body);
	if (rc < 0)
		return http_reply_error(req, rc == CLOUT_ENOMEM ? 500 : 422, rc == CLOUT_ENOMEM ? "internal" : "invalid_value", NULL,
			"%s", clout_strerror(rc));
	if (!(doc = json_object()) ||
	    clout_json_set(doc, "lang", clout_json_str(sent.lang, 0)) | clout_json_set(doc, "compound", clout_json_fixed(sent.compound, 4)) |
		    clout_json_set(doc, "pos", clout_json_fixed(sent.pos, 4)) | clout_json_set(doc, "neg", clout_json_fixed(sent.neg + 0.0, 4)) |
		    clout_json_set(doc, "neu", clout_json_fixed(sent.neu, 4)) | clout_json_set(doc, "label", clout_json_str(sent.label, 0))) {
		json_decref(doc);
		return CLOUT_ENOMEM;
	}
	return http_reply_json(req, 200, doc);
}

int h_sentiment(http_request *req)
{
	const char *type = http_header(req, MHD_HTTP_HEADER_CONTENT_TYPE), *lang = "auto";
	const clout_text_model *model;
	clout_text *t = NULL;
	clout_session *s;
	clout_error err = { 0 };
	query q;
	int rc;
	if (query_from_request(&q, req) < 0)
		return CLOUT_ENOMEM;
	if (query_check_names(&q, req, (const char *const[]){ "lang", NULL }) < 0 ||
	    query_enum(&q, req, "lang", (const char *const[]){ "auto", "en", "fr", NULL }, &(int){ 0 }) < 0)
		return 0;
	if (query_get(&q, "lang"))
		lang = query_get(&q, "lang");
	if (!(s = api_session(req)))
		return 0;
	if (is_lines_type(type)) {
		/* the whole operation, on the request's session (its shared text model) */
		rc = score_lines(req, s, lang);
		api_session_done(req, s);
		return rc;
	}
	if (clout_session_text_model(s, &model) < 0 || clout_text_new(&t, model, &err) < 0) {
		rc = api_reply_failure(req, err.code ? &err : clout_session_error(s), true, NULL);
		api_session_done(req, s);
		return rc;
	}
	api_session_done(req, s);
	rc = score_one(req, t);
	clout_text_free(t);
	return rc;
}
