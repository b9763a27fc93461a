/*
 * internal.h: what the discovery index builder (index.c) and the query (discover.c) share: the
 * stored account profile, the blob spaces and keys, and varint coding of postings.
 */
#ifndef CLOUT_LIB_SCORE_INTERNAL_H
#define CLOUT_LIB_SCORE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "clout/score.h"
#include "clout/text.h"

#define SCORE_INDEX_VERSION 3
#define SPACE_META "discover.meta"
#define SPACE_PROFILE "discover.profile"  /* key: dense account index in decimal */
#define SPACE_POSTINGS "discover.postings" /* key: term; value: varint (delta index, tf) pairs */
#define SPACE_DF "discover.df"             /* key: term; value: uint32 document frequency */
/* SPACE_META keys: "meta" (score_meta), "doclen" (uint32 per dense index), "langs" (one
 * score_lang byte per dense index), "platforms" and "countries" (the distinct values, one a line) */

#define RECENT_DAYS 90

/* An account's language as the index keeps it for filtering without reading its profile. */
enum { SCORE_LANG_NONE = 0, SCORE_LANG_EN = 1, SCORE_LANG_FR = 2, SCORE_LANG_OTHER = 3 };

static inline uint8_t clout__score_lang_code(const char *lang)
{
	if (!lang || !*lang)
		return SCORE_LANG_NONE;
	return !strcmp(lang, "en") ? SCORE_LANG_EN : !strcmp(lang, "fr") ? SCORE_LANG_FR : SCORE_LANG_OTHER;
}

typedef struct score_meta {
	uint32_t version;
	uint32_t reserved;
	uint64_t accounts, posts;     /* store counts at build time */
	int64_t generation;           /* the workspace generation indexed, to detect a stale index */
	uint64_t docs;                /* accounts with indexed text */
	double avg_doc_len;
	int64_t reference_time;
} score_meta;

/* An account's profile: everything discovery needs besides relevance, computed at build time. */
typedef struct score_profile {
	int64_t account_id;
	int64_t followers;        /* -1 unknown */
	double price;             /* -1 unknown */
	char platform[24], lang[8], country[8];
	uint32_t doc_len, posts, recent_posts, answered;
	int64_t first_post_at, last_post_at; /* -1 when no post */
	double comments_seen;     /* sum over posts of min(comments, 10) */
	/* engagement per post ((likes + comments + shares + quotes) / followers): the median is the
	 * account's rate, so that one viral post does not make it; the mean and the best post show
	 * how far a single post would have carried it */
	double engagement_rate, engagement_mean, engagement_max;
	double likes_cv, avg_views, growth_jump, sponsored_share;
	/* derived */
	double engagement_norm, reply_rate, posts_per_week;
	double audience, activity, views_score, reach;
	double resonance, penalty;
	uint32_t flags;
	uint32_t reserved;
} score_profile;

/* The language to analyse a post in: its own when the text engine has rules for it (en, fr),
 * else NULL (the engine detects it). Other languages (es, de, ...) are tokenized and folded by
 * the detected pipeline rather than refused. */
static inline const char *clout__analysis_lang(const char *lang)
{
	if (lang && (!strcmp(lang, "en") || !strcmp(lang, "fr")))
		return lang;
	return NULL;
}

/* ---- surface.c: the written words behind index terms ---- */
typedef struct score_surfaces score_surfaces;
int clout__surfaces_new(score_surfaces **out);
void clout__surfaces_free(score_surfaces *s);
/* Counts, for each word and hashtag of text, its index term (stemmed for lang, NULL to detect) and
 * the word as written (ASCII lower-cased). */
int clout__surfaces_add(score_surfaces *s, clout_text *t, const char *text, size_t len, const char *lang);
/* The most frequent written form of term, or NULL when none was counted. */
const char *clout__surfaces_best(const score_surfaces *s, const char *term);

/* Fills the derived fields and flags of p from its raw fields. */
void clout__score_profile_finish(score_profile *p, int64_t reference_time);

static inline size_t clout__varint_put(uint8_t *out, uint64_t v)
{
	size_t n = 0;
	while (v >= 0x80) {
		out[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	out[n++] = (uint8_t)v;
	return n;
}

/* Reads a varint at *p (< end); 0 when truncated. */
static inline int clout__varint_get(const uint8_t **p, const uint8_t *end, uint64_t *out)
{
	uint64_t v = 0;
	int shift = 0;
	while (*p < end && shift < 64) {
		uint8_t b = *(*p)++;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*out = v;
			return 1;
		}
		shift += 7;
	}
	return 0;
}

#endif
