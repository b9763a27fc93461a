/*
 * ops.c: discovery's whole operations on a session (index, discover) and the one JSON writer of
 * discover results.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clout/campaign.h"
#include "clout/score.h"
#include "clout/vocab.h"
#include "lib/score/internal.h"
#include "util/json_out.h"
#include "util/banned.h"

int clout_score_index_run(clout_session *s, clout_progress_fn progress, void *progress_ctx,
	clout_score_index_stats *out)
{
	const clout_text_model *model;
	int64_t ws;
	int rc;
	clout_session_reset(s);
	if ((rc = clout_session_workspace(s, &ws)) < 0 || (rc = clout_session_text_model(s, &model)) < 0)
		return rc;
	return clout__score_index_build(clout_session_store(s), ws, model, progress, progress_ctx, out,
		clout_session_err(s));
}

/* Whether code (len bytes) is in the comma-separated list. */
static bool in_codes(const char *list, const char *code, size_t len)
{
	for (const char *p = list; p && *p;) {
		size_t n = strcspn(p, ",");
		if (n == len && !strncmp(p, code, len))
			return true;
		p += n + (p[n] == ',');
	}
	return false;
}

/* The languages to search for campaign c (lang as asked, or NULL) into out: lang when all its
 * codes are c's, else c's languages that discovery can search. CLOUT_EINVAL naming the field. */
static int campaign_langs(char *out, size_t size, const clout_campaign *c, const char *lang, clout_error *err)
{
	size_t used = 0;
	out[0] = '\0';
	if (!c->languages || !*c->languages) {
		if (lang)
			snprintf(out, size, "%s", lang);
		return 0;
	}
	if (lang) {
		for (const char *p = lang; *p;) {
			size_t n = strcspn(p, ",");
			if (!in_codes(c->languages, p, n))
				return clout_error_set(err, CLOUT_EINVAL, "lang: '%.*s' is not a language of campaign '%s' (%s)",
					(int)n, p, c->name, c->languages);
			p += n + (p[n] == ',');
		}
		snprintf(out, size, "%s", lang);
		return 0;
	}
	for (const char *const *l = clout_vocab_languages(); *l; l++)
		if (in_codes(c->languages, *l, strlen(*l)) && used + strlen(*l) + 2 < size)
			used += (size_t)snprintf(out + used, size - used, "%s%s", used ? "," : "", *l);
	if (!used)
		return clout_error_set(err, CLOUT_EINVAL, "campaign: '%s' speaks %s; discovery searches %s", c->name,
			c->languages, clout_score_languages());
	return 0;
}

int clout_score_discover_run(clout_session *s, const clout_score_query *query, clout_score_results *out)
{
	const clout_text_model *model;
	clout_score_query q;
	char langs[64];
	int64_t ws;
	int rc;
	memset(out, 0, sizeof(*out));
	clout_session_reset(s);
	if (!query)
		return clout_error_set(clout_session_err(s), CLOUT_EINVAL, "discover: no query");
	q = *query;
	if (query->campaign) {
		clout_campaign c;
		if ((rc = clout_campaign_get(&c, s, query->campaign)) < 0)
			return rc;
		rc = campaign_langs(langs, sizeof(langs), &c, query->lang, clout_session_err(s));
		clout_campaign_release(&c);
		if (rc < 0)
			return rc;
		q.lang = langs[0] ? langs : NULL;
	}
	if ((rc = clout_session_workspace(s, &ws)) < 0 || (rc = clout_session_text_model(s, &model)) < 0)
		return rc;
	return clout__score_discover(clout_session_store(s), ws, model, &q, out, clout_session_err(s));
}

static json_t *result_json(const clout_score_result *x, size_t rank)
{
	json_t *o = json_object(), *flags = json_array(), *rel = json_object(), *reach = json_object(),
	       *reson = json_object();
	int bad = !o || !flags || !rel || !reach || !reson;
	for (unsigned k = 0; k < CLOUT_FLAG_COUNT && !bad; k++)
		if (x->flags & (1u << k))
			bad |= json_array_append_new(flags, json_string(clout_vocab_flag_name(k)));
	if (!bad) {
		bad |= clout_json_set(rel, "score", clout_json_fixed(x->relevance, 6));
		bad |= clout_json_set(rel, "bm25_direct", clout_json_fixed(x->bm25_direct, 6));
		bad |= clout_json_set(rel, "bm25_indirect", clout_json_fixed(x->bm25_indirect, 6));
		bad |= clout_json_set(reach, "score", clout_json_fixed(x->reach, 6));
		bad |= clout_json_set(reach, "audience", clout_json_fixed(x->audience, 6));
		bad |= clout_json_set(reach, "activity", clout_json_fixed(x->activity, 6));
		bad |= clout_json_set(reach, "views", clout_json_fixed(x->views_score, 6));
		bad |= clout_json_set(reach, "posts_per_week", clout_json_fixed(x->posts_per_week, 3));
		bad |= clout_json_set(reach, "avg_views", x->avg_views >= 0 ? clout_json_fixed(x->avg_views, 1) : json_null());
		bad |= clout_json_set(reson, "score", clout_json_fixed(x->resonance, 6));
		bad |= clout_json_set(reson, "engagement_rate", clout_json_fixed(x->engagement_rate, 6));
		bad |= clout_json_set(reson, "engagement_mean", clout_json_fixed(x->engagement_mean, 6));
		bad |= clout_json_set(reson, "engagement_max", clout_json_fixed(x->engagement_max, 6));
		bad |= clout_json_set(reson, "engagement_norm", clout_json_fixed(x->engagement_norm, 6));
		bad |= clout_json_set(reson, "reply_rate", clout_json_fixed(x->reply_rate, 6));
		bad |= clout_json_set(reson, "posts", clout_json_int(x->posts));
		bad |= clout_json_set(o, "rank", clout_json_int((int64_t)rank));
		bad |= clout_json_set(o, "platform", clout_json_str(x->platform, 0));
		bad |= clout_json_set(o, "id", clout_json_str(x->ext_id, 0));
		bad |= clout_json_set(o, "handle", clout_json_str(x->handle, 1));
		bad |= clout_json_set(o, "name", clout_json_str(x->name, 1));
		bad |= clout_json_set(o, "tier", clout_json_str(x->tier, 0));
		bad |= clout_json_set(o, "followers", clout_json_int(x->followers));
		bad |= clout_json_set(o, "lang", clout_json_str(x->lang, 1));
		bad |= clout_json_set(o, "country", clout_json_str(x->country, 1));
		bad |= clout_json_set(o, "price", x->price >= 0 ? clout_json_fixed(x->price, 2) : json_null());
		bad |= clout_json_set(o, "currency", clout_json_str(x->currency, 1));
		bad |= clout_json_set(o, "score", clout_json_fixed(x->score, 6));
		bad |= clout_json_set(o, "penalty", clout_json_fixed(x->penalty, 2));
		bad |= json_object_set(o, "flags", flags);
		bad |= json_object_set(o, "relevance", rel);
		bad |= json_object_set(o, "reach", reach);
		bad |= json_object_set(o, "resonance", reson);
	}
	json_decref(flags);
	json_decref(rel);
	json_decref(reach);
	json_decref(reson);
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *weights_json(const clout_score_results *r)
{
	json_t *o = json_object();
	if (!o || clout_json_set(o, "relevance", clout_json_fixed(r->w_relevance, 6)) |
		clout_json_set(o, "reach", clout_json_fixed(r->w_reach, 6)) |
		clout_json_set(o, "resonance", clout_json_fixed(r->w_resonance, 6))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int clout_score_discover_json(char **out, const clout_score_results *r, clout_error *err)
{
	json_t *doc = json_object(), *results = json_array();
	int bad = !doc || !results;
	for (size_t i = 0; i < r->count && !bad; i++)
		bad |= json_array_append_new(results, result_json(&r->items[i], i + 1));
	if (!bad) {
		bad |= clout_json_set(doc, "terms", clout_json_str(r->terms, 0));
		bad |= clout_json_set(doc, "associated_terms", clout_json_str(r->expansion, 0));
		bad |= clout_json_set(doc, "stems", clout_json_str(r->stems, 0));
		bad |= clout_json_set(doc, "langs", clout_json_str(r->langs, 1));
		bad |= clout_json_set(doc, "lang_reason", clout_json_str(r->lang_reason, 0));
		bad |= clout_json_set(doc, "candidates", clout_json_int((int64_t)r->candidates));
		bad |= clout_json_set(doc, "matched", clout_json_int((int64_t)r->matched));
		bad |= clout_json_set(doc, "below_floor", clout_json_int((int64_t)r->below_floor));
		bad |= clout_json_set(doc, "min_relevance", clout_json_fixed(r->min_relevance, 4));
		bad |= clout_json_set(doc, "min_followers", clout_json_int(r->min_followers));
		bad |= clout_json_set(doc, "weights", weights_json(r));
		bad |= clout_json_set(doc, "index_stale", json_boolean(r->index_stale));
		bad |= json_object_set(doc, "results", results);
	}
	json_decref(results);
	return clout_json_finish(out, doc, bad, 1, err);
}
