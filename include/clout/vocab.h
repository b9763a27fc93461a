/*
 * clout/vocab.h: the domain vocabulary, defined once for every module and front end: the
 * platforms clout reads natively, account tiers with their follower bounds, the languages the
 * text engine has rules for, and the quality flags discovery sets.
 */
#ifndef CLOUT_VOCAB_H
#define CLOUT_VOCAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clout/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The platforms with native importers, NULL-terminated ("twitter", "instagram", "youtube",
 * "tiktok"). Any other lowercase name is a valid platform too (edge lists, clout's own format). */
const char *const *clout_vocab_platforms(void);

/* Account tiers by audience size: nano < 10k <= micro < 100k <= mid < 500k <= macro < 1M <= mega. */
typedef enum clout_tier {
	CLOUT_TIER_UNKNOWN = -1, /* the follower count is unknown */
	CLOUT_TIER_NANO = 0,
	CLOUT_TIER_MICRO,
	CLOUT_TIER_MID,
	CLOUT_TIER_MACRO,
	CLOUT_TIER_MEGA
} clout_tier;

#define CLOUT_TIER_COUNT 5

/* The tier of an audience of followers (CLOUT_TIER_UNKNOWN when followers < 0). */
clout_tier clout_vocab_tier(int64_t followers);

/* "nano", "micro", "mid", "macro", "mega", or "unknown". */
const char *clout_vocab_tier_name(clout_tier tier);

/* The tier named name; CLOUT_EINVAL ("tier: 'x' is not nano, micro, mid, macro or mega"). */
int clout_vocab_tier_parse(clout_tier *out, const char *name, clout_error *err);

/* The follower bounds of tier: min <= followers < max; max is -1 for mega (no bound). */
void clout_vocab_tier_bounds(clout_tier tier, int64_t *min, int64_t *max);

/* The languages the text engine has rules for, NULL-terminated ("en", "fr"). */
const char *const *clout_vocab_languages(void);

/* Whether code is one of clout_vocab_languages. */
bool clout_vocab_language_known(const char *code);

/* Quality flags of an account (discovery sets them; docs/discover.md has the rules). */
enum {
	CLOUT_FLAG_SUSPICIOUS_GROWTH = 1u << 0, /* follower jumps that engagement does not follow */
	CLOUT_FLAG_ENGAGEMENT_ANOMALY = 1u << 1, /* engagement far above the norm and too regular (pods) */
	CLOUT_FLAG_DORMANT = 1u << 2,            /* no post in the 90 days before the data's last post */
	CLOUT_FLAG_VIRAL_OUTLIER = 1u << 3,      /* one post far above the account's usual engagement: the mean
	                                            would overstate it (resonance uses the median post) */
	CLOUT_FLAG_NEGATIVE_CONTENT = 1u << 4    /* brand safety: many of its own posts read clearly negative */
};

#define CLOUT_FLAG_COUNT 5

/* The name of flag i (0 <= i < CLOUT_FLAG_COUNT): "suspicious-growth", "engagement-anomaly",
 * "dormant", "viral-outlier", "negative-content". */
const char *clout_vocab_flag_name(unsigned i);

/* Writes the names of flags, comma-separated, into out ("" when none). */
void clout_vocab_flag_names(unsigned flags, char *out, size_t size);

/* Parses a comma-separated list of flag names, or "all", into CLOUT_FLAG_* bits. "all" is every
 * flag that is a reason to drop an account: all but viral-outlier (a fact about one post).
 * CLOUT_EINVAL ("unknown flag 'x'"). */
int clout_vocab_flags_parse(unsigned *out, const char *names, clout_error *err);

#ifdef __cplusplus
}
#endif
#endif
