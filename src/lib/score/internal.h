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

#define SCORE_INDEX_VERSION 2
#define SPACE_META "discover.meta"
#define SPACE_PROFILE "discover.profile"  /* key: dense account index in decimal */
#define SPACE_POSTINGS "discover.postings" /* key: term; value: varint (delta index, tf) pairs */
#define SPACE_DF "discover.df"             /* key: term; value: uint32 document frequency */

#define RECENT_DAYS 90
/* Brand safety: a post is clearly negative at this compound sentiment or below, and an account
 * (with at least NEGATIVE_MIN_POSTS posts of its own) is flagged when this share of them is. */
#define NEGATIVE_COMPOUND (-0.5)
#define NEGATIVE_SHARE 0.25
#define NEGATIVE_MIN_POSTS 5

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
	double engagement_rate, likes_cv, avg_views, growth_jump, sponsored_share;
	/* derived */
	double engagement_norm, reply_rate, posts_per_week;
	double audience, activity, views_score, reach;
	double resonance, penalty;
	uint32_t flags;
	uint32_t negative_posts;  /* own posts that read clearly negative (brand safety), at build time */
} score_profile;

/* The language to analyse a post in: its own when the text engine has rules for it (en, fr),
 * else NULL (the engine detects it). Other languages (es, de, ...) are tokenized and folded by
 * the detected pipeline rather than refused. */
static inline const char *clout__analysis_lang(const char *lang)
{
	if (clout_vocab_language_known(lang))
		return lang;
	return NULL;
}

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
