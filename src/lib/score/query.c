/*
 * query.c: the checks of a discovery query against its own fields and against the workspace's
 * index (the platforms and countries it holds), and the choice of the languages to search.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/score/query.h"
#include "util/banned.h"

const char *clout_score_languages(void)
{
	return "en, fr";
}

/* The language mask of a "en,fr" list; CLOUT_EINVAL naming the bad part. */
static int parse_langs(const char *list, unsigned *mask, clout_error *err)
{
	const char *p = list;
	*mask = 0;
	if (!*list)
		return clout_error_set(err, CLOUT_EINVAL, "lang: empty (supported: %s, or several comma-separated: en,fr)",
			clout_score_languages());
	while (*p) {
		size_t n = strcspn(p, ",");
		if (n == 2 && !strncmp(p, "en", 2))
			*mask |= 1u << SCORE_LANG_EN;
		else if (n == 2 && !strncmp(p, "fr", 2))
			*mask |= 1u << SCORE_LANG_FR;
		else
			return clout_error_set(err, CLOUT_EINVAL, "lang: '%.*s' is not supported (supported: %s, lower case; "
				"several comma-separated: en,fr)", (int)n, p, clout_score_languages());
		p += n;
		if (*p == ',' && !*++p)
			return clout_error_set(err, CLOUT_EINVAL, "lang: '%s' ends with a comma (supported: %s)", list,
				clout_score_languages());
	}
	return 0;
}

int clout__discover_check_query(const clout_score_query *q, clout_error *err)
{
	clout_tier tier;
	unsigned mask;
	int rc;
	if (!q || q->version != CLOUT_SCORE_QUERY_VERSION)
		return clout_error_set(err, CLOUT_EINVAL, "discover query of an unknown version");
	if (!q->topic || !*q->topic)
		return clout_error_set(err, CLOUT_EINVAL, "topic: empty");
	if (strlen(q->topic) > 1000)
		return clout_error_set(err, CLOUT_EINVAL, "topic: longer than 1000 bytes");
	if (q->lang && (rc = parse_langs(q->lang, &mask, err)) < 0)
		return rc;
	if (q->tier && clout_vocab_tier_parse(&tier, q->tier, err) < 0)
		return CLOUT_EINVAL;
	if (q->country && (strlen(q->country) != 2 || !((q->country[0] | 32) >= 'a' && (q->country[0] | 32) <= 'z') ||
	    !((q->country[1] | 32) >= 'a' && (q->country[1] | 32) <= 'z')))
		return clout_error_set(err, CLOUT_EINVAL, "country: '%s' is not an ISO 3166 alpha-2 code (two letters: FR, US)",
			q->country);
	if (q->min_followers > 0 && q->max_followers >= 0 && q->min_followers > q->max_followers)
		return clout_error_set(err, CLOUT_EINVAL, "min followers %lld is above max followers %lld",
			(long long)q->min_followers, (long long)q->max_followers);
	if (!(q->w_relevance >= 0 && q->w_reach >= 0 && q->w_resonance >= 0) || q->w_relevance + q->w_reach + q->w_resonance <= 0)
		return clout_error_set(err, CLOUT_EINVAL, "weights must be non-negative and not all zero");
	if (!(q->min_relevance >= 0 && q->min_relevance <= 1))
		return clout_error_set(err, CLOUT_EINVAL, "min relevance must be between 0 and 1");
	if (q->limit == 0 || q->limit > 100000)
		return clout_error_set(err, CLOUT_EINVAL, "limit must be between 1 and 100000");
	return 0;
}

/* Reads an optional SPACE_META blob as a NUL-terminated string ("" when absent). */
static int load_text(query_ctx *q, const char *key, char **out)
{
	void *blob = NULL;
	size_t len = 0;
	int rc = clout_store_get_blob(q->store, q->ws, SPACE_META, key, &blob, &len, NULL);
	if (rc < 0 && rc != CLOUT_ENOTFOUND)
		return clout_error_set(q->err, rc, "reading the discovery index (%s)", key);
	*out = malloc(len + 1);
	if (!*out) {
		free(blob);
		return clout_error_set(q->err, CLOUT_ENOMEM, "out of memory");
	}
	if (len)
		memcpy(*out, blob, len);
	(*out)[len] = '\0';
	free(blob);
	return 0;
}

int clout__discover_load_meta(query_ctx *q)
{
	void *blob;
	size_t len;
	int rc = clout_store_index_get_meta(q->store, q->ws, &q->meta, NULL);
	if (rc == CLOUT_ENOTFOUND)
		return clout_error_set(q->err, CLOUT_ENOTFOUND, "no discovery index in this workspace: import data, or run `clout index`");
	if (rc < 0)
		return clout_error_set(q->err, rc, "reading the discovery index");
	if (q->meta.version != SCORE_INDEX_VERSION)
		return clout_error_set(q->err, CLOUT_EBADDATA, "the discovery index is from another version: run `clout index`");
	q->ndocs = (size_t)q->meta.ndocs;
	rc = clout_store_get_blob(q->store, q->ws, SPACE_META, "langs", &blob, &len, q->err);
	if (rc < 0)
		return rc;
	q->langs = blob;
	q->nlangs = len;
	if ((rc = load_text(q, "platforms", &q->platforms)) < 0)
		return rc;
	return load_text(q, "countries", &q->countries);
}

/* Whether value is a line of list (case-insensitively when nocase). */
static bool listed(const char *list, const char *value, bool nocase)
{
	size_t n = strlen(value);
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, "\n");
		if (len == n && (nocase ? !strncasecmp(p, value, n) : !strncmp(p, value, n)))
			return true;
		p += len + (p[len] == '\n');
	}
	return false;
}

/* "a, b, c" of a newline list, cut to fit. */
static void list_for_message(const char *list, char *out, size_t size)
{
	size_t at = 0;
	out[0] = '\0';
	for (const char *p = list; *p && at + 8 < size;) {
		size_t len = strcspn(p, "\n");
		int n = snprintf(out + at, size - at, "%s%.*s", at ? ", " : "", (int)len, p);
		if (n < 0 || (size_t)n >= size - at) {
			snprintf(out + at, size - at, "...");
			break;
		}
		at += (size_t)n;
		p += len + (p[len] == '\n');
	}
}

/* --platform and --country must name values the workspace has: a typo is an error, not an empty list. */
int clout__discover_check_facets(query_ctx *q, const clout_score_query *query)
{
	char present[256];
	if (query->platform && !listed(q->platforms, query->platform, false)) {
		list_for_message(q->platforms, present, sizeof(present));
		return clout_error_set(q->err, CLOUT_EINVAL, "platform: no account of platform '%s' in this workspace "
			"(platforms: %s)", query->platform, present[0] ? present : "none");
	}
	if (query->country && !listed(q->countries, query->country, true)) {
		list_for_message(q->countries, present, sizeof(present));
		return clout_error_set(q->err, CLOUT_EINVAL, "country: no account from '%s' in this workspace "
			"(countries: %s)", query->country, present[0] ? present : "none");
	}
	return 0;
}

typedef struct stem_ctx {
	const query_ctx *q;
	unsigned lang;       /* score_lang code counted */
	size_t accounts;     /* accounts of that language holding a term */
} stem_ctx;

/* Counts, in the postings of a term (SCORE_INDEX_VERSION's coding), the accounts of one language. */
static int count_postings(void *ctx, const char *term, uint32_t df, const void *postings, size_t len)
{
	stem_ctx *c = ctx;
	const uint8_t *p = postings, *end = p + len;
	uint64_t delta, tf, dl;
	uint32_t index = 0;
	(void)term;
	(void)df;
	while (p < end && clout__varint_get(&p, end, &delta) && clout__varint_get(&p, end, &tf) &&
	       clout__varint_get(&p, end, &dl)) {
		index += (uint32_t)delta;
		if (index < c->q->nlangs && c->q->langs[index] == c->lang)
			c->accounts++;
	}
	return 0;
}

/* Counts the accounts of one language whose documents hold term (from the term's postings). */
static int count_in_lang(void *ctx, const char *term, size_t len)
{
	stem_ctx *c = ctx;
	char key[64];
	const char *keys[1] = { key };
	if (len >= sizeof(key))
		return 0;
	memcpy(key, term, len);
	key[len] = '\0';
	/* a term the index cannot read counts no account, as one it does not hold */
	clout_store_index_get_terms(c->q->store, c->q->ws, keys, 1, true, count_postings, c, NULL);
	return 0;
}

typedef struct stem_list {
	char text[256];
} stem_list;

static int join_stem(void *ctx, const char *term, size_t len)
{
	stem_list *l = ctx;
	size_t at = strlen(l->text);
	snprintf(l->text + at, sizeof(l->text) - at, "%s%.*s", at ? " " : "", (int)len, term);
	return 0;
}

/*
 * The languages to search: the ones asked; else the topic's, when it can be told from its words;
 * else, when its words stem differently in English and French, the language in which more
 * accounts use them; else any language (a name, a brand: the same word everywhere).
 */
int clout__discover_choose_langs(query_ctx *q, const clout_score_query *query, clout_score_results *out)
{
	char detected[4];
	stem_list en = { "" }, fr = { "" };
	stem_ctx cen = { q, SCORE_LANG_EN, 0 }, cfr = { q, SCORE_LANG_FR, 0 };
	int rc;
	if (query->lang) {
		if ((rc = parse_langs(query->lang, &q->lang_mask, q->err)) < 0)
			return rc;
		snprintf(out->langs, sizeof(out->langs), "%s", query->lang);
		snprintf(out->lang_reason, sizeof(out->lang_reason), "asked");
		return 0;
	}
	if (clout_text_detect_lang(q->text, query->topic, strlen(query->topic), detected) == 0 &&
	    (!strcmp(detected, "en") || !strcmp(detected, "fr"))) {
		q->lang_mask = (1u << (!strcmp(detected, "en") ? SCORE_LANG_EN : SCORE_LANG_FR)) | (1u << SCORE_LANG_NONE);
		snprintf(out->langs, sizeof(out->langs), "%s", detected);
		snprintf(out->lang_reason, sizeof(out->lang_reason), "the topic is in %s", detected);
		return 0;
	}
	if ((rc = clout_text_terms(q->text, query->topic, strlen(query->topic), "en", join_stem, &en)) < 0 ||
	    (rc = clout_text_terms(q->text, query->topic, strlen(query->topic), "fr", join_stem, &fr)) < 0)
		return clout_error_set(q->err, rc, "topic: %s", clout_strerror(rc));
	if (!strcmp(en.text, fr.text)) {
		q->lang_mask = 0;
		snprintf(out->lang_reason, sizeof(out->lang_reason), "the topic's words are the same in every language");
		return 0;
	}
	clout_text_terms(q->text, query->topic, strlen(query->topic), "en", count_in_lang, &cen);
	clout_text_terms(q->text, query->topic, strlen(query->topic), "fr", count_in_lang, &cfr);
	if (cen.accounts == 0 && cfr.accounts == 0) {
		q->lang_mask = 0;
		snprintf(out->lang_reason, sizeof(out->lang_reason), "no account uses the topic's words");
		return 0;
	}
	{
		bool use_en = cen.accounts >= cfr.accounts;
		const char *lang = use_en ? "en" : "fr";
		q->lang_mask = (1u << (use_en ? SCORE_LANG_EN : SCORE_LANG_FR)) | (1u << SCORE_LANG_NONE);
		snprintf(out->langs, sizeof(out->langs), "%s", lang);
		snprintf(out->lang_reason, sizeof(out->lang_reason), "its words are used by %zu %s accounts and %zu %s ones",
			use_en ? cen.accounts : cfr.accounts, lang, use_en ? cfr.accounts : cen.accounts, use_en ? "fr" : "en");
	}
	return 0;
}

