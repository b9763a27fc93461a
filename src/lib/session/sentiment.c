/*
 * sentiment.c: the sentiment operation on a session (see clout_session_sentiment_lines in
 * include/clout/session.h): the session's text model (shared, or its own with the user's
 * lexicons and parameters), a working handle made from it for the calling thread, and the text
 * module's stream scorer, which makes one more handle per extra thread from the same model.
 */
#include <string.h>

#include "clout/session.h"
#include "util/banned.h"

int clout_session_sentiment_lines(clout_session *s, FILE *in, const clout_session_sentiment_options *opts,
	clout_text_lines_stats *out)
{
	clout_text_lines_options lines = CLOUT_TEXT_LINES_OPTIONS_INIT;
	clout_error *err = clout_session_err(s);
	const clout_text_model *model;
	clout_text *t = NULL;
	int rc;
	clout_session_reset(s);
	memset(out, 0, sizeof(*out));
	if (!opts || opts->version != CLOUT_SESSION_SENTIMENT_OPTIONS_VERSION)
		return clout_error_set(err, CLOUT_EINVAL, "sentiment options version %u is not %d", opts ? opts->version : 0,
			CLOUT_SESSION_SENTIMENT_OPTIONS_VERSION);
	if ((rc = clout_session_text_model(s, &model)) < 0 || (rc = clout_text_new(&t, model, err)) < 0)
		return rc;
	lines.name = opts->name;
	lines.lang = opts->lang;
	lines.plain = opts->plain;
	lines.max_line = opts->max_line;
	lines.write = opts->write;
	lines.bad = opts->bad;
	lines.ctx = opts->ctx;
	lines.threads = opts->threads ? opts->threads : 1;
	lines.model = model;
	rc = clout_text_sentiment_lines(t, in, &lines, out, err);
	clout_text_free(t);
	return rc;
}
