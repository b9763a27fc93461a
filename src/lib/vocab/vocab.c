/* vocab.c: the domain vocabulary (see include/clout/vocab.h). */
#include <stdio.h>
#include <string.h>

#include "clout/vocab.h"
#include "util/banned.h"

static const char *const platforms[] = { "twitter", "instagram", "youtube", "tiktok", NULL };

const char *const *clout_vocab_platforms(void)
{
	return platforms;
}

static const struct {
	const char *name;
	int64_t min; /* the tier holds min <= followers < the next tier's min */
} tiers[CLOUT_TIER_COUNT] = {
	{ "nano", 0 },
	{ "micro", 10000 },
	{ "mid", 100000 },
	{ "macro", 500000 },
	{ "mega", 1000000 },
};

clout_tier clout_vocab_tier(int64_t followers)
{
	if (followers < 0)
		return CLOUT_TIER_UNKNOWN;
	for (int t = CLOUT_TIER_COUNT - 1; t > 0; t--)
		if (followers >= tiers[t].min)
			return (clout_tier)t;
	return CLOUT_TIER_NANO;
}

const char *clout_vocab_tier_name(clout_tier tier)
{
	return tier >= 0 && tier < CLOUT_TIER_COUNT ? tiers[tier].name : "unknown";
}

int clout_vocab_tier_parse(clout_tier *out, const char *name, clout_error *err)
{
	for (int t = 0; t < CLOUT_TIER_COUNT; t++)
		if (name && !strcmp(name, tiers[t].name)) {
			*out = (clout_tier)t;
			return 0;
		}
	*out = CLOUT_TIER_UNKNOWN;
	return clout_error_set(err, CLOUT_EINVAL, "tier: '%s' is not nano, micro, mid, macro or mega", name ? name : "");
}

void clout_vocab_tier_bounds(clout_tier tier, int64_t *min, int64_t *max)
{
	if (tier < 0 || tier >= CLOUT_TIER_COUNT) {
		*min = *max = -1;
		return;
	}
	*min = tiers[tier].min;
	*max = tier + 1 < CLOUT_TIER_COUNT ? tiers[tier + 1].min : -1;
}

static const char *const languages[] = { "en", "fr", NULL };

const char *const *clout_vocab_languages(void)
{
	return languages;
}

bool clout_vocab_language_known(const char *code)
{
	for (const char *const *l = languages; code && *l; l++)
		if (!strcmp(code, *l))
			return true;
	return false;
}

static const char *const flag_names[CLOUT_FLAG_COUNT] = { "suspicious-growth", "engagement-anomaly", "dormant",
	"viral-outlier", "negative-content" };

const char *clout_vocab_flag_name(unsigned i)
{
	return i < CLOUT_FLAG_COUNT ? flag_names[i] : NULL;
}

void clout_vocab_flag_names(unsigned flags, char *out, size_t size)
{
	size_t at = 0;
	if (size)
		out[0] = '\0';
	for (unsigned i = 0; i < CLOUT_FLAG_COUNT; i++) {
		int n;
		if (!(flags & (1u << i)))
			continue;
		n = snprintf(out + at, size > at ? size - at : 0, "%s%s", at ? "," : "", flag_names[i]);
		if (n < 0 || (size_t)n >= (size > at ? size - at : 0))
			return;
		at += (size_t)n;
	}
}

int clout_vocab_flags_parse(unsigned *out, const char *names, clout_error *err)
{
	const char *p = names;
	*out = 0;
	if (!strcmp(names, "all")) {
		*out = ((1u << CLOUT_FLAG_COUNT) - 1) & ~(unsigned)CLOUT_FLAG_VIRAL_OUTLIER;
		return 0;
	}
	while (*p) {
		size_t n = strcspn(p, ","), i;
		for (i = 0; i < CLOUT_FLAG_COUNT; i++)
			if (strlen(flag_names[i]) == n && !strncmp(p, flag_names[i], n))
				break;
		if (i == CLOUT_FLAG_COUNT)
			return clout_error_set(err, CLOUT_EINVAL, "unknown flag '%.*s'", (int)n, p);
		*out |= 1u << i;
		p += n + (p[n] == ',');
	}
	return 0;
}
