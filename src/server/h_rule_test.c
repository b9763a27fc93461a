/*
 * h_rule_test.c: POST /api/v1/rules/test: tries a listening rule before it is saved (the
 * dashboard's "test this rule" box, as `clout listen test` on the command line): the body holds
 * the rule's expression and up to RULE_TEST_MAX_TEXTS texts; the answer says which texts match.
 * The rule is compiled with the server's shared text model; nothing is stored.
 */
#include <stdio.h>
#include <string.h>

#include "clout/listen.h"
#include "clout/text.h"
#include "server/handlers.h"
#include "server/http.h"
#include "server/resources.h"
#include "util/banned.h"

#define RULE_TEST_MAX_TEXTS 100

static int note_match(void *ctx, uint32_t rule_id)
{
	(void)rule_id;
	*(bool *)ctx = true;
	return 0;
}

/* The texts member: 1..RULE_TEST_MAX_TEXTS strings; -1 after answering 422. */
static int read_texts(http_request *req, json_t *body, json_t **out)
{
	json_t *texts = json_object_get(body, "texts"), *v;
	size_t i;
	*out = NULL;
	if (!texts)
		return http_reply_error(req, 422, "missing_field", "/texts", "texts is required (the posts to try the rule on)"), -1;
	if (!json_is_array(texts))
		return http_reply_error(req, 422, "wrong_type", "/texts", "texts must be an array of strings"), -1;
	if (json_array_size(texts) == 0 || json_array_size(texts) > RULE_TEST_MAX_TEXTS)
		return http_reply_error(req, 422, "invalid_value", "/texts", "texts: give 1 to %d texts", RULE_TEST_MAX_TEXTS), -1;
	json_array_foreach(texts, i, v) {
		if (!json_is_string(v)) {
			char field[32];
			snprintf(field, sizeof(field), "/texts/%zu", i);
			return http_reply_error(req, 422, "wrong_type", field, "texts[%zu] must be a string", i), -1;
		}
	}
	*out = texts;
	return 0;
}

int h_rule_test(http_request *req)
{
	server_resources *res = req->srv->resources;
	clout_listen_set *set = NULL;
	clout_listen_matcher *m = NULL;
	clout_text *t = NULL;
	clout_error err = { 0 };
	json_t *body, *texts, *matches = NULL, *v;
	const char *expr;
	size_t i, hits = 0;
	int rc = 0;
	if (http_body_object(req, &body) < 0)
		return 0;
	if (http_json_string(req, body, "expr", true, &expr) < 0 || read_texts(req, body, &texts) < 0)
		goto done;
	if ((rc = clout_text_new(&t, res->model, &err)) < 0 || (rc = clout_listen_set_new(&set, &err)) < 0)
		goto failed;
	if ((rc = clout_listen_set_add(set, t, "test", expr, NULL, &err)) < 0) {
		/* a malformed rule: "rule 'test':LINE:COLUMN: what was expected" */
		http_reply_error(req, 422, "invalid_value", "/expr", "%s", err.message);
		rc = 0;
		goto done;
	}
	if ((rc = clout_listen_set_compile(set, true, &err)) < 0 || (rc = clout_listen_matcher_new(&m, t, &err)) < 0)
		goto failed;
	if (!(matches = json_array())) {
		rc = CLOUT_ENOMEM;
		goto done;
	}
	json_array_foreach(texts, i, v) {
		clout_listen_post post = { json_string_value(v), json_string_length(v), NULL, NULL, NULL, false, false };
		bool hit = false;
		if ((rc = clout_listen_match(m, set, &post, note_match, &hit, &err)) < 0)
			goto failed;
		json_array_append_new(matches, json_boolean(hit));
		hits += hit;
	}
	rc = http_reply_json(req, 200, json_pack("{s:s,s:O,s:I}", "expr", expr, "matches", matches, "matched", (json_int_t)hits));
	goto done;
failed:
	rc = http_reply_error(req, rc == CLOUT_ENOMEM ? 503 : 500, rc == CLOUT_ENOMEM ? "unavailable" : "internal", NULL, "%s",
		err.message);
done:
	json_decref(matches);
	clout_listen_matcher_free(m);
	clout_listen_set_free(set);
	clout_text_free(t);
	json_decref(body);
	return rc;
}
