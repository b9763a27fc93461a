/* test_text_sentiment.c: each sentiment rule, asserted on the sign and order of scores. */
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "clout/text.h"
#include "unit/text_fixture.h"
#include "util/banned.h"

static double score(clout_text *t, const char *text, const char *lang)
{
	clout_sentiment s;
	assert_int_equal(clout_text_sentiment(t, text, strlen(text), lang, &s), 0);
	return s.compound;
}

#define EN(text) score(t, (text), "en")
#define FR(text) score(t, (text), "fr")

/* a > b, with both texts in the failure message */
#define assert_above(a_text, b_text, lang)                                                              \
	do {                                                                                            \
		double a_ = score(t, (a_text), (lang)), b_ = score(t, (b_text), (lang));                \
		if (!(a_ > b_))                                                                         \
			fail_msg("'%s' (%.4f) should score above '%s' (%.4f)", (a_text), a_, (b_text), b_); \
	} while (0)

static void test_sentiment__basic_polarity_and_labels(void **state)
{
	clout_text *t = *state;
	clout_sentiment s;
	assert_int_equal(clout_text_sentiment(t, "I love this phone", 17, NULL, &s), 0);
	assert_true(s.compound >= 0.05);
	assert_string_equal(s.label, "positive");
	assert_string_equal(s.lang, "en");
	assert_true(fabs(s.pos + s.neg + s.neu - 1.0) < 1e-9);
	assert_true(s.pos > s.neg);
	assert_int_equal(clout_text_sentiment(t, "I hate this phone", 17, "en", &s), 0);
	assert_true(s.compound <= -0.05);
	assert_string_equal(s.label, "negative");
	assert_int_equal(clout_text_sentiment(t, "The table is in the kitchen", 27, "en", &s), 0);
	assert_true(fabs(s.compound) < 0.05);
	assert_string_equal(s.label, "neutral");
}

static void test_sentiment__compound_stays_in_range(void **state)
{
	clout_text *t = *state;
	double hi = EN("BEST BEST BEST amazing wonderful fantastic superb love love love!!!! :-) <3");
	double lo = EN("WORST WORST horrible awful terrible disgusting hate hate hate!!!! :'(");
	assert_true(hi > 0.9 && hi <= 1.0);
	assert_true(lo < -0.9 && lo >= -1.0);
}

static void test_sentiment__negation_flips_and_weakens(void **state)
{
	clout_text *t = *state;
	double good = EN("The food was good"), not_good = EN("The food was not good");
	assert_true(good > 0);
	assert_true(not_good < 0);
	assert_true(fabs(not_good) < fabs(good));
	assert_true(EN("The food isn't bad") > 0);
	assert_true(EN("I don't love it") < 0);
	/* scope: the negation does not cross a clause */
	assert_true(EN("Not what I ordered, but great") > 0);
}

static void test_sentiment__contrastive_but(void **state)
{
	clout_text *t = *state;
	assert_true(EN("The food was great but the service was terrible") < 0);
	assert_true(EN("The food was terrible but the service was great") > 0);
	assert_true(FR("Le d\xC3\xA9" "cor est beau mais le sc\xC3\xA9nario est mauvais") < 0);
	assert_true(FR("Le sc\xC3\xA9nario est mauvais mais le d\xC3\xA9" "cor est magnifique") > 0);
}

static void test_sentiment__intensifiers_and_dampeners(void **state)
{
	clout_text *t = *state;
	assert_above("The movie was very good", "The movie was good", "en");
	assert_above("The movie was good", "The movie was slightly good", "en");
	assert_above("The movie was good", "The movie was kind of good", "en");
	assert_above("Le film est vraiment bon", "Le film est bon", "fr");
	assert_above("Le film est bon", "Le film est un peu bon", "fr");
}

static void test_sentiment__capitals_and_exclamations(void **state)
{
	clout_text *t = *state;
	assert_above("This is GOOD news", "This is good news", "en");
	assert_above("This is good news!!!", "This is good news", "en");
	assert_true(EN("This is BAD news") < EN("This is bad news"));
	/* all capitals is shouting everywhere: no word stands out */
	assert_true(fabs(EN("THIS IS GOOD NEWS") - EN("this is good news")) < 1e-9);
}

static void test_sentiment__elongation(void **state)
{
	clout_text *t = *state;
	assert_true(EN("soooo goooood") > 0);
	assert_above("this is goooood", "this is good", "en");
}

static void test_sentiment__emoji_and_emoticons(void **state)
{
	clout_text *t = *state;
	assert_true(EN("\xF0\x9F\x98\x8D") > 0);                  /* smiling face with heart-eyes */
	assert_true(EN("\xF0\x9F\x98\xA1") < 0);                  /* pouting face */
	assert_true(EN("\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD") > 0); /* thumbs up, medium skin tone */
	assert_true(EN("new phone :-)") > 0);
	assert_true(EN("new phone :'(") < 0);
	assert_true(EN("my cat <3") > 0);
	assert_above("dinner tonight \xF0\x9F\x98\x8D", "dinner tonight", "en");
}

static void test_sentiment__hashtags_split_into_words(void **state)
{
	clout_text *t = *state;
	assert_true(EN("Monday again #NotHappy") < 0);
	assert_true(EN("Monday again #SoHappy") > 0);
	assert_true(EN("Monday again #happy") > 0);
}

static void test_sentiment__idioms(void **state)
{
	clout_text *t = *state;
	assert_true(EN("The meeting was a waste of time") < 0);
	assert_true(EN("That deal was the kiss of death") < 0);
	assert_true(EN("This cake is to die for") > 0);
	/* stock phrases that plain negation would get backwards */
	assert_true(EN("better") > 0 && EN("Never been better") > 0);
	assert_true(EN("Thanks for nothing") < 0);
	assert_true(FR("Franchement pas mal") > 0);
	assert_true(FR("Ce film est un navet") < 0);
}

static void test_sentiment__like_as_a_preposition(void **state)
{
	clout_text *t = *state;
	assert_true(fabs(EN("It looks like rain")) < 0.05);
	assert_true(EN("I like this song") > 0);
	assert_true(EN("I don't like this song") < 0);
}

static void test_sentiment__sarcasm_markers(void **state)
{
	clout_text *t = *state;
	assert_true(EN("What a wonderful day") > 0);
	assert_true(EN("What a wonderful day #sarcasm") < 0);
	assert_true(EN("Love waiting two hours for a bus /s") < 0);
	/* a marker does not make a negative post positive */
	assert_true(EN("Awful service #sarcasm") < 0);
}

static void test_sentiment__french_negation(void **state)
{
	clout_text *t = *state;
	assert_true(FR("Ce film est bon") > 0);
	assert_true(FR("Ce film n'est pas bon") < 0);
	assert_true(FR("Je n'aime pas ce film") < 0);
	assert_true(FR("J'aime pas ce film") < 0);
	assert_true(FR("Je ne suis jamais content") < 0);
	assert_true(FR("Je ne suis plus heureux") < 0);
	/* "plus" without "ne" is "more", not a negation */
	assert_true(FR("Je suis plus heureux") > 0);
	assert_true(FR("Ce n'est pas mauvais") > 0);
}

static void test_sentiment__french_elision_and_accents(void **state)
{
	clout_text *t = *state;
	/* "l'" is split off, so "histoire"/"intrigue" and the adjective are found */
	assert_true(FR("l'histoire est magnifique") > 0);
	assert_true(FR("l'intrigue est ennuyeuse") < 0);
	assert_true(FR("d'une beaut\xC3\xA9 \xC3\xA9poustouflante") > 0);
	/* accents or none, the same score */
	assert_true(fabs(FR("C'est g\xC3\xA9nial") - FR("C'est genial")) < 1e-12);
	assert_true(FR("C'est g\xC3\xA9nial") > 0);
}

static void test_sentiment__auto_detects_french(void **state)
{
	clout_text *t = *state;
	clout_sentiment s;
	const char *text = "Je n'ai pas aim\xC3\xA9 ce film, c'est vraiment nul";
	assert_int_equal(clout_text_sentiment(t, text, strlen(text), "auto", &s), 0);
	assert_string_equal(s.lang, "fr");
	assert_true(s.compound < 0);
	assert_int_equal(clout_text_sentiment(t, text, strlen(text), "de", &s), CLOUT_EINVAL);
}

static void test_sentiment__stem_fallback_for_unknown_inflections(void **state)
{
	clout_text *t = *state;
	/* "disappointingly" is in no lexicon; its stem is */
	assert_true(EN("the ending was disappointingly") < 0);
}

static void test_sentiment__survives_bad_and_long_input(void **state)
{
	clout_text *t = *state;
	clout_sentiment s;
	const char bad[] = "good \xFF\xFE\xC3 \xF0\x9F\x98 great";
	assert_int_equal(clout_text_sentiment(t, bad, sizeof(bad) - 1, NULL, &s), 0);
	assert_true(s.compound > 0);
	size_t n = 200000;
	char *big = malloc(n);
	assert_non_null(big);
	for (size_t i = 0; i < n; i++)
		big[i] = "good bad :) #Tag \xC3\xA9t\xC3\xA9 "[i % 22];
	assert_int_equal(clout_text_sentiment(t, big, n, NULL, &s), 0);
	assert_true(s.compound >= -1 && s.compound <= 1);
	free(big);
	assert_int_equal(clout_text_sentiment(t, "", 0, NULL, &s), 0);
	assert_string_equal(s.label, "neutral");
	assert_string_equal(s.lang, "und");
}

static double score_en(clout_text *t, const char *text)
{
	clout_sentiment s;
	assert_int_equal(clout_text_sentiment(t, text, strlen(text), "en", &s), 0);
	return s.compound;
}

static void test_sentiment__user_lexicon_extends_the_rules(void **state)
{
	clout_text_model *model;
	clout_text *t, *plain = *state;
	clout_error err = { 0 };
	char path[] = "/tmp/clout-lexicon-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs("# brand slang\nclouty\t3.0\nmeh-tastic->-2\n", f);
	fclose(f);
	assert_int_equal(clout_text_model_new(&model, &err), 0);
	assert_int_equal(clout_text_load_lexicon(model, "en", path, &err), 0);
	assert_int_equal(clout_text_new(&t, model, &err), 0);
	assert_true(fabs(score_en(plain, "so clouty")) < 0.05);
	assert_true(score_en(t, "so clouty") > 0.05);
	assert_true(score_en(t, "so meh-tastic") < -0.05);
	clout_text_free(t);
	f = fopen(path, "w");
	fputs("fine\t1\nbroken line without a value\n", f);
	fclose(f);
	assert_int_equal(clout_text_load_lexicon(model, "en", path, &err), CLOUT_EBADDATA);
	assert_non_null(strstr(err.message, ":2:"));
	assert_int_equal(clout_text_load_lexicon(model, "de", path, &err), CLOUT_EINVAL);
	unlink(path);
	assert_int_equal(clout_text_load_lexicon(model, "en", path, &err), CLOUT_EIO);
	clout_text_model_free(model);
}

typedef struct shared_run {
	const clout_text_model *model;
	double sum;
	int rc;
} shared_run;

static void *score_many(void *arg)
{
	static const char *posts[] = { "I love this so much!!", "this is not good at all", "Je n'aime pas ce film",
		"great recipes, terrible service", "meh" };
	shared_run *r = arg;
	clout_text *t;
	if ((r->rc = clout_text_new(&t, r->model, NULL)) < 0)
		return NULL;
	for (int i = 0; i < 2000; i++) {
		clout_sentiment s;
		const char *p = posts[i % 5];
		if ((r->rc = clout_text_sentiment(t, p, strlen(p), NULL, &s)) < 0)
			break;
		r->sum += s.compound;
	}
	clout_text_free(t);
	return NULL;
}

static void test_sentiment__threads_share_one_model(void **state)
{
	clout_text_model *model;
	shared_run runs[3] = { { 0 } };
	pthread_t threads[3];
	(void)state;
	assert_int_equal(clout_text_model_new(&model, NULL), 0);
	for (int i = 0; i < 3; i++) {
		runs[i].model = model;
		assert_int_equal(pthread_create(&threads[i], NULL, score_many, &runs[i]), 0);
	}
	for (int i = 0; i < 3; i++) {
		assert_int_equal(pthread_join(threads[i], NULL), 0);
		assert_int_equal(runs[i].rc, 0);
		assert_true(runs[i].sum == runs[0].sum);
	}
	assert_true(runs[0].sum != 0);
	clout_text_model_free(model);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sentiment__basic_polarity_and_labels),
		cmocka_unit_test(test_sentiment__compound_stays_in_range),
		cmocka_unit_test(test_sentiment__negation_flips_and_weakens),
		cmocka_unit_test(test_sentiment__contrastive_but),
		cmocka_unit_test(test_sentiment__intensifiers_and_dampeners),
		cmocka_unit_test(test_sentiment__capitals_and_exclamations),
		cmocka_unit_test(test_sentiment__elongation),
		cmocka_unit_test(test_sentiment__emoji_and_emoticons),
		cmocka_unit_test(test_sentiment__hashtags_split_into_words),
		cmocka_unit_test(test_sentiment__idioms),
		cmocka_unit_test(test_sentiment__like_as_a_preposition),
		cmocka_unit_test(test_sentiment__sarcasm_markers),
		cmocka_unit_test(test_sentiment__french_negation),
		cmocka_unit_test(test_sentiment__french_elision_and_accents),
		cmocka_unit_test(test_sentiment__auto_detects_french),
		cmocka_unit_test(test_sentiment__stem_fallback_for_unknown_inflections),
		cmocka_unit_test(test_sentiment__survives_bad_and_long_input),
		cmocka_unit_test(test_sentiment__user_lexicon_extends_the_rules),
		cmocka_unit_test(test_sentiment__threads_share_one_model),
	};
	return cmocka_run_group_tests(tests, text_setup, text_teardown);
}
