/*
 * internal.h: what the discovery index builder (index.c) and the query (discover.c) share: the
 * meta and account profile as the store keeps them (clout_store_index_*), the index format's
 * version, and varint coding of postings.
 */
#ifndef CLOUT_LIB_SCORE_INTERNAL_H
#define CLOUT_LIB_SCORE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "clout/score.h"
#include "clout/store.h"
#include "clout/text.h"

/*
 * Version 4: the index lives in the store's discover_* tables (versions 2 and 3 were blobs of
 * these structs). A term's postings are, per account holding it in increasing dense index order,
 * three varints (clout__varint_put): the index's difference from the previous one (the first from
 * 0), the term's frequency in the account's posts, and the account's document length.
 */
#define SCORE_INDEX_VERSION 4
/* The postings (account, term frequency) an index build holds in memory before it spills them to
 * a run on disk: 20 bytes each (12 held, 8 when sorted by term): 8M is 160 MB. */
#define SCORE_INDEX_MAX_POSTINGS ((size_t)8 << 20)
/* What the store's connection keeps of the database during an index build (clout_store_cache_limit):
 * the build reads each post once, in account order (rows spread over the whole file), and writes
 * the index once, so a large page cache saves little; the store's own (2 GiB) comes back after. */
#define SCORE_INDEX_CACHE_BYTES ((size_t)64 << 20)
#define SCORE_INDEX_MAP_BYTES ((size_t)1 << 30)
/* Blobs beside the tables, in explicit formats: "langs" (one score_lang byte per dense index),
 * "platforms" and "countries" (the distinct values, one a line). */
#define SPACE_META "discover.meta"

#define RECENT_DAYS 90
/* Brand safety: a post is clearly negative at this compound sentiment or below, and an account
 * (with at least NEGATIVE_MIN_POSTS posts of its own) is flagged when this share of them is. */
#define NEGATIVE_COMPOUND (-0.5)
#define NEGATIVE_SHARE 0.25
#define NEGATIVE_MIN_POSTS 5

/* An account's language as the index keeps it for filtering without reading its profile. */
enum { SCORE_LANG_NONE = 0, SCORE_LANG_EN = 1, SCORE_LANG_FR = 2, SCORE_LANG_OTHER = 3 };

static inline uint8_t clout__score_lang_code(const char *lang)
{
	if (!lang || !*lang)
		return SCORE_LANG_NONE;
	return !strcmp(lang, "en") ? SCORE_LANG_EN : !strcmp(lang, "fr") ? SCORE_LANG_FR : SCORE_LANG_OTHER;
}

typedef clout_store_index_meta score_meta;

/* An account's profile: everything discovery needs besides relevance, computed at build time
 * (the fields are described at clout_store_index_profile). */
typedef clout_store_index_profile score_profile;

/* The language to analyse a post in: its own when the text engine has rules for it (en, fr),
 * else NULL (the engine detects it). Other languages (es, de, ...) are tokenized and folded by
 * the detected pipeline rather than refused. */
static inline const char *clout__analysis_lang(const char *lang)
{
	if (clout_vocab_language_known(lang))
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
/* After clout__score_profile_finish: the negative-content flag (and its penalty) from the number
 * of p's own posts that read clearly negative, counted at build time. */
void clout__score_profile_brand_safety(score_profile *p, uint32_t negative_posts);

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

/*
 * Rebuilds the discovery index of workspace from store, in one transaction, reading posts with
 * model (borrowed; NULL: the embedded one); progress in posts. clout_score_index_run's work.
 */
int clout__score_index_build(clout_store *store, int64_t workspace, const clout_text_model *model,
	clout_progress_fn progress, void *progress_ctx, clout_score_index_stats *out, clout_error *err);

/*
 * Ranks the accounts of workspace for query, reading the topic with model (borrowed; NULL: the
 * embedded one). CLOUT_ENOTFOUND when no index exists yet. clout_score_discover_run's work.
 */
int clout__score_discover(clout_store *store, int64_t workspace, const clout_text_model *model,
	const clout_score_query *query, clout_score_results *out, clout_error *err);

/*
 * clout__score_index_build holding at most max_postings postings in memory (spilling runs to disk
 * past it; 0 counts as 1); *runs_out (may be NULL) is the number of runs spilled. The result is
 * the same whatever the budget.
 */
int clout__score_index_build_runs(clout_store *store, int64_t workspace, const clout_text_model *model,
	clout_progress_fn progress, void *progress_ctx, size_t max_postings, size_t *runs_out, clout_score_index_stats *out,
	clout_error *err);

#endif
