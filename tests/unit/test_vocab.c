/* test_vocab.c: the domain vocabulary: tier bounds and names, languages, flag names and parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "clout/vocab.h"
#include "util/banned.h"

static void test_vocab__tier_boundaries(void **state)
{
	(void)state;
	assert_string_equal(clout_vocab_tier_name(clout_vocab_tier(0)), "nano");
	assert_string_equal(clout_vocab_tier_name(clout_vocab_tier(9999)), "nano");
	assert_string_equal(clout_vocab_tier_name(clout_vocab_tier(10000)), "micro");
	assert_string_equal(clout_vocab_tier_name(clout_vocab_tier(99999)), "micro");
	assert_string_equal(clout_vocab_tier_name(clout_vocab_tier(100000)), "mid");
	assert_string_equal(clout_vocab_tier_name(clout_vocab_tier(499999)), "mid");
	assert_string_equal(clout_vocab_tier_name(clout_vocab_tier(500000)), "macro");
	assert_string_equal(clout_vocab_tier_name(clout_vocab_tier(999999)), "macro");
	assert_string_equal(clout_vocab_tier_name(clout_vocab_tier(1000000)), "mega");
	assert_int_equal(clout_vocab_tier(-1), CLOUT_TIER_UNKNOWN);
	assert_string_equal(clout_vocab_tier_name(CLOUT_TIER_UNKNOWN), "unknown");
}

static void test_vocab__tier_bounds_agree_with_tiers(void **state)
{
	(void)state;
	for (int t = 0; t < CLOUT_TIER_COUNT; t++) {
		int64_t min, max;
		clout_vocab_tier_bounds((clout_tier)t, &min, &max);
		assert_int_equal(clout_vocab_tier(min), t);
		if (max >= 0) {
			assert_int_equal(clout_vocab_tier(max - 1), t);
			assert_int_equal(clout_vocab_tier(max), t + 1);
		} else {
			assert_int_equal(t, CLOUT_TIER_MEGA);
		}
	}
}

static void test_vocab__tier_parse(void **state)
{
	clout_tier t;
	clout_error err = { 0 };
	(void)state;
	assert_int_equal(clout_vocab_tier_parse(&t, "macro", &err), 0);
	assert_int_equal(t, CLOUT_TIER_MACRO);
	assert_int_equal(clout_vocab_tier_parse(&t, "giga", &err), CLOUT_EINVAL);
	assert_string_equal(err.message, "tier: 'giga' is not nano, micro, mid, macro or mega");
}

static void test_vocab__languages(void **state)
{
	const char *const *l = clout_vocab_languages();
	(void)state;
	assert_string_equal(l[0], "en");
	assert_string_equal(l[1], "fr");
	assert_null(l[2]);
	assert_true(clout_vocab_language_known("fr"));
	assert_false(clout_vocab_language_known("de"));
	assert_false(clout_vocab_language_known(NULL));
}

static void test_vocab__flag_names(void **state)
{
	char buf[96];
	(void)state;
	clout_vocab_flag_names(0, buf, sizeof(buf));
	assert_string_equal(buf, "");
	clout_vocab_flag_names(CLOUT_FLAG_DORMANT, buf, sizeof(buf));
	assert_string_equal(buf, "dormant");
	clout_vocab_flag_names(CLOUT_FLAG_SUSPICIOUS_GROWTH | CLOUT_FLAG_DORMANT, buf, sizeof(buf));
	assert_string_equal(buf, "suspicious-growth,dormant");
	clout_vocab_flag_names(7, buf, sizeof(buf));
	assert_string_equal(buf, "suspicious-growth,engagement-anomaly,dormant");
	clout_vocab_flag_names(CLOUT_FLAG_VIRAL_OUTLIER | CLOUT_FLAG_DORMANT, buf, sizeof(buf));
	assert_string_equal(buf, "dormant,viral-outlier");
	clout_vocab_flag_names(CLOUT_FLAG_NEGATIVE_CONTENT, buf, sizeof(buf));
	assert_string_equal(buf, "negative-content");
	clout_vocab_flag_names(7, buf, 10); /* cut, never overrun */
	assert_true(strlen(buf) < 10);
}

static void test_vocab__flags_parse(void **state)
{
	unsigned flags;
	clout_error err = { 0 };
	(void)state;
	assert_int_equal(clout_vocab_flags_parse(&flags, "all", &err), 0);
	/* every reason to drop an account; a viral post is not one */
	assert_int_equal(flags, CLOUT_FLAG_SUSPICIOUS_GROWTH | CLOUT_FLAG_ENGAGEMENT_ANOMALY | CLOUT_FLAG_DORMANT |
		CLOUT_FLAG_NEGATIVE_CONTENT);
	assert_int_equal(clout_vocab_flags_parse(&flags, "viral-outlier", &err), 0);
	assert_int_equal(flags, CLOUT_FLAG_VIRAL_OUTLIER);
	assert_int_equal(clout_vocab_flags_parse(&flags, "dormant,suspicious-growth", &err), 0);
	assert_int_equal(flags, CLOUT_FLAG_DORMANT | CLOUT_FLAG_SUSPICIOUS_GROWTH);
	assert_int_equal(clout_vocab_flags_parse(&flags, "dormant,sleepy", &err), CLOUT_EINVAL);
	assert_string_equal(err.message, "unknown flag 'sleepy'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vocab__tier_boundaries),
		cmocka_unit_test(test_vocab__tier_bounds_agree_with_tiers),
		cmocka_unit_test(test_vocab__tier_parse),
		cmocka_unit_test(test_vocab__languages),
		cmocka_unit_test(test_vocab__flag_names),
		cmocka_unit_test(test_vocab__flags_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
