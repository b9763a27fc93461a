/*
 * listening.c: what listening heard about a campaign, for its report (see clout/report.h): the
 * mentions of the rule named like the campaign over its days, their sentiment split, and its share
 * of voice against the workspace's competitor rules (clout_listen_sov).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clout/listen.h"
#include "clout/report.h"
#include "util/banned.h"

typedef struct rule_names {
	char **names;
	size_t count;
	bool found;        /* the campaign's rule exists */
	const char *campaign;
} rule_names;

static int collect_rule(void *ctx, const clout_listen_rule *rule)
{
	rule_names *r = ctx;
	char **p;
	if (!strcmp(rule->name, r->campaign)) {
		r->found = true;
		return 0;
	}
	if (strcmp(rule->kind, "competitor"))
		return 0;
	/* 1 stops the walk: out of memory */
	if (!(p = realloc(r->names, (r->count + 1) * sizeof(*p))))
		return 1;
	r->names = p;
	if (!(p[r->count] = strdup(rule->name)))
		return 1;
	r->count++;
	return 0;
}

int clout_report_listening_load(clout_report_listening *out, clout_session *s, const char *campaign, int64_t start,
	int64_t end)
{
	clout_error *err = clout_session_err(s);
	clout_listen_sov_options o = CLOUT_LISTEN_SOV_OPTIONS_INIT;
	clout_listen_sov_row *rows = NULL;
	rule_names names = { NULL, 0, false, campaign };
	size_t n = 0;
	int rc;
	memset(out, 0, sizeof(*out));
	out->net_sentiment = out->share_of_voice = NAN;
	if ((rc = clout_listen_rule_foreach(s, NULL, collect_rule, &names)) != 0) {
		if (rc > 0)
			rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	if (!names.found)
		goto done;
	o.brand = campaign;
	o.competitors = (const char *const *)names.names;
	o.ncompetitors = names.count;
	o.from = start;
	o.to = end + 86400;
	if ((rc = clout_listen_sov(s, &o, &rows, &n)) < 0)
		goto done;
	out->known = true;
	out->competitors = names.count;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(rows[i].rule, campaign)) {
			out->mentions += (int64_t)rows[i].mentions;
			out->positive += (int64_t)rows[i].positive;
			out->neutral += (int64_t)rows[i].neutral;
			out->negative += (int64_t)rows[i].negative;
			out->reach += rows[i].reach > 0 ? rows[i].reach : 0;
		} else {
			out->competitor_mentions += (int64_t)rows[i].mentions;
		}
	}
	if (out->mentions)
		out->net_sentiment = (double)(out->positive - out->negative) / (double)out->mentions;
	if (names.count && out->mentions + out->competitor_mentions)
		out->share_of_voice = (double)out->mentions / (double)(out->mentions + out->competitor_mentions);
done:
	free(rows);
	for (size_t i = 0; i < names.count; i++)
		free(names.names[i]);
	free(names.names);
	return rc < 0 ? rc : 0;
}
