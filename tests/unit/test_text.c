/* test_text.c: the text engine's tokenizer, folding, index terms and language identification. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "clout/text.h"
#include "unit/text_fixture.h"
#include "util/banned.h"

#define MAX_ITEMS 64

typedef struct collected {
	int n;
	clout_token_kind kind[MAX_ITEMS];
	unsigned flags[MAX_ITEMS];
	char text[MAX_ITEMS][64];   /* original bytes */
	char folded[MAX_ITEMS][64]; /* folded form */
} collected;

static int collect_token(void *ctx, const clout_token *tok)
{
	collected *c = ctx;
	if (c->n == MAX_ITEMS)
		return 1;
	c->kind[c->n] = tok->kind;
	c->flags[c->n] = tok->flags;
	snprintf(c->folded[c->n], sizeof(c->folded[0]), "%.*s", (int)tok->folded_len, tok->folded);
	c->n++;
	return 0;
}

static collected tokenize(clout_text *t, const char *s)
{
	collected c;
	memset(&c, 0, sizeof(c));
	assert_int_equal(clout_text_tokenize(t, s, strlen(s), collect_token, &c), 0);
	return c;
}

static int find_folded(const collected *c, const char *folded)
{
	for (int i = 0; i < c->n; i++)
		if (!strcmp(c->folded[i], folded))
			return i;
	return -1;
}

static void test_tokenize__social_kinds(void **state)
{
	collected c = tokenize(*state, "Hey @Acme, see https://acme.com/x?y=1. #HomeCooking $ACME costs 3.50!!");
	clout_token_kind want[] = { CLOUT_TOKEN_WORD, CLOUT_TOKEN_MENTION, CLOUT_TOKEN_PUNCT, CLOUT_TOKEN_WORD,
		CLOUT_TOKEN_URL, CLOUT_TOKEN_PUNCT, CLOUT_TOKEN_HASHTAG, CLOUT_TOKEN_CASHTAG, CLOUT_TOKEN_WORD,
		CLOUT_TOKEN_NUMBER, CLOUT_TOKEN_PUNCT };
	assert_int_equal(c.n, (int)(sizeof(want) / sizeof(want[0])));
	for (int i = 0; i < c.n; i++)
		assert_int_equal(c.kind[i], want[i]);
	assert_string_equal(c.folded[4], "https://acme.com/x?y=1");
	assert_string_equal(c.folded[6], "#homecooking");
	assert_string_equal(c.folded[9], "3.50");
	assert_string_equal(c.folded[10], "!!");
}

static void test_tokenize__emoji_sequences_stay_whole(void **state)
{
	/* thumbs up + skin tone, family ZWJ sequence, French flag, red heart with selector */
	collected c = tokenize(*state, "ok \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD \xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7 "
				       "\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7\xE2\x9D\xA4\xEF\xB8\x8F");
	assert_int_equal(c.n, 5);
	assert_int_equal(c.kind[0], CLOUT_TOKEN_WORD);
	for (int i = 1; i < 5; i++)
		assert_int_equal(c.kind[i], CLOUT_TOKEN_EMOJI);
	/* the variation selector is folded away */
	assert_string_equal(c.folded[4], "\xE2\x9D\xA4");
}

static void test_tokenize__emoticons(void **state)
{
	collected c = tokenize(*state, "love it :-) <3 but :'( and (see below):");
	assert_true(find_folded(&c, ":-)") >= 0);
	assert_int_equal(c.kind[find_folded(&c, ":-)")], CLOUT_TOKEN_EMOTICON);
	assert_int_equal(c.kind[find_folded(&c, "<3")], CLOUT_TOKEN_EMOTICON);
	assert_int_equal(c.kind[find_folded(&c, ":'(")], CLOUT_TOKEN_EMOTICON);
	/* a closing bracket glued to a word is punctuation, not a frown */
	assert_int_equal(find_folded(&c, "):"), -1);
}

static void test_tokenize__case_and_elongation_flags(void **state)
{
	collected c = tokenize(*state, "This is SOOOO good, sooooo GOOD");
	int i = find_folded(&c, "soo");
	assert_true(i >= 0);
	assert_true(c.flags[i] & CLOUT_TOKEN_ELONGATED);
	assert_true(c.flags[i] & CLOUT_TOKEN_ALL_CAPS);
	assert_true(c.flags[0] & CLOUT_TOKEN_HAS_UPPER);
	assert_false(c.flags[0] & CLOUT_TOKEN_ALL_CAPS);
	i = find_folded(&c, "good");
	assert_false(c.flags[i] & CLOUT_TOKEN_ELONGATED);
}

/* Words of every length up to 20 letters, with a letter repeated two or three times at every
 * place and a capital at every place (ASCII letters are read eight at a time where the text has
 * eight bytes left): the flags and the folded form are those a letter-by-letter reading gives. */
static void test_tokenize__ascii_words_at_every_offset(void **state)
{
	const char alphabet[] = "abcdefghijklmnopqrstuvwxyz";
	for (int len = 1; len <= 20; len++)
		for (int at = 0; at < len; at++)
			for (int reps = 2; reps <= 3; reps++)
				for (int cap = -1; cap <= len; cap++) { /* no capital, one at cap, or all (len) */
					char word[32], text[64], want[32];
					int n = 0;
					for (int i = 0; i < len && n < 26; i++) {
						int times = i == at ? reps : 1;
						for (int r = 0; r < times; r++)
							word[n++] = alphabet[(i * 7) % 26];
					}
					word[n] = '\0';
					for (int i = 0; i < n; i++)
						if (i == cap || cap == len)
							word[i] = (char)(word[i] - 32);
					/* the reference: a third identical byte in a row is an elongation; folding
					 * lower-cases and, when elongated, cuts runs of three lower-case letters */
					bool elongated = false;
					int upper = 0;
					for (int i = 0; i < n; i++) {
						elongated |= i >= 2 && word[i] == word[i - 1] && word[i] == word[i - 2];
						upper += word[i] >= 'A' && word[i] <= 'Z';
					}
					int m = 0;
					for (int i = 0; i < n; i++) {
						char c = (char)(word[i] | 32);
						if (elongated && m >= 2 && want[m - 1] == c && want[m - 2] == c)
							continue;
						want[m++] = c;
					}
					want[m] = '\0';
					/* the word alone, then with text after it, then after other words */
					const char *forms[] = { "%s", "%s and more text after it", "a b c %s!" };
					for (size_t f = 0; f < sizeof(forms) / sizeof(forms[0]); f++) {
						snprintf(text, sizeof(text), forms[f], word);
						collected c = tokenize(*state, text);
						int k = find_folded(&c, want);
						if (k < 0)
							fail_msg("'%s' in '%s': no token folded to '%s'", word, text, want);
						assert_int_equal(c.kind[k], CLOUT_TOKEN_WORD);
						assert_int_equal(!!(c.flags[k] & CLOUT_TOKEN_ELONGATED), elongated);
						assert_int_equal(!!(c.flags[k] & CLOUT_TOKEN_HAS_UPPER), upper > 0);
						assert_int_equal(!!(c.flags[k] & CLOUT_TOKEN_ALL_CAPS), upper >= 2 && upper == n);
					}
				}
}

static void test_tokenize__folds_case_and_accents(void **state)
{
	collected c = tokenize(*state, "\xC3\x89T\xC3\x89 Stra\xC3\x9F" "e Caf\xC3\xA9 \xEF\xAC\x81n");
	assert_string_equal(c.folded[0], "ete");
	assert_string_equal(c.folded[1], "strasse");
	assert_string_equal(c.folded[2], "cafe");
	assert_string_equal(c.folded[3], "fin");
}

static void test_tokenize__splits_french_elision(void **state)
{
	collected c = tokenize(*state, "l'amour qu\xE2\x80\x99il don't aujourd'hui");
	assert_string_equal(c.folded[0], "l'");
	assert_string_equal(c.folded[1], "amour");
	assert_string_equal(c.folded[2], "qu'");
	assert_string_equal(c.folded[3], "il");
	assert_string_equal(c.folded[4], "don't");
	assert_string_equal(c.folded[5], "aujourd'hui");
}

static void test_tokenize__invalid_utf8_is_replaced(void **state)
{
	const char bad[] = "ok \xFF\xFE caf\xC3 \xE2\x82 \xF0\x9F end";
	clout_text *t = *state;
	collected c;
	memset(&c, 0, sizeof(c));
	assert_int_equal(clout_text_tokenize(t, bad, sizeof(bad) - 1, collect_token, &c), 0);
	assert_true(c.n >= 3);
	assert_string_equal(c.folded[0], "ok");
	assert_string_equal(c.folded[c.n - 1], "end");
	for (int i = 0; i < c.n; i++) {
		utf8proc_int32_t cp;
		const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)c.folded[i];
		utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(c.folded[i]);
		for (utf8proc_ssize_t j = 0; j < len;) {
			utf8proc_ssize_t k = utf8proc_iterate(s + j, len - j, &cp);
			assert_true(k > 0);
			j += k;
		}
	}
	assert_true(find_folded(&c, "\xEF\xBF\xBD") >= 0);
}

typedef struct terms {
	int n;
	char term[MAX_ITEMS][64];
	int stop_after;
} terms;

static int collect_term(void *ctx, const char *term, size_t len)
{
	terms *c = ctx;
	if (c->n == MAX_ITEMS)
		return 1;
	snprintf(c->term[c->n++], sizeof(c->term[0]), "%.*s", (int)len, term);
	return c->stop_after && c->n == c->stop_after ? 42 : 0;
}

static terms index_terms(clout_text *t, const char *s, const char *lang)
{
	terms c;
	memset(&c, 0, sizeof(c));
	assert_int_equal(clout_text_terms(t, s, strlen(s), lang, collect_term, &c), 0);
	return c;
}

static bool has_term(const terms *c, const char *term)
{
	for (int i = 0; i < c->n; i++)
		if (!strcmp(c->term[i], term))
			return true;
	return false;
}

static void test_terms__hashtag_camel_case(void **state)
{
	terms c = index_terms(*state, "#HomeCooking", "en");
	assert_int_equal(c.n, 3);
	assert_string_equal(c.term[0], "home");
	assert_string_equal(c.term[1], "cook");
	assert_string_equal(c.term[2], "homecooking");
}

static void test_terms__stopwords_stems_numbers(void **state)
{
	terms c = index_terms(*state, "The 3 RUNNERS were running to @coach https://t.co/x", "en");
	assert_true(has_term(&c, "3"));
	assert_true(has_term(&c, "runner"));
	assert_true(has_term(&c, "run"));
	assert_false(has_term(&c, "the"));
	assert_false(has_term(&c, "were"));
	assert_false(has_term(&c, "coach"));
	assert_int_equal(c.n, 3);
}

static void test_terms__french_elision_and_accents(void **state)
{
	terms c = index_terms(*state, "L'\xC3\xA9" "cole des \xC3\xA9l\xC3\xA8ves", "fr");
	assert_false(has_term(&c, "l'"));
	assert_false(has_term(&c, "des"));
	assert_int_equal(c.n, 2);
	/* the same words typed without accents give the same terms */
	terms d = index_terms(*state, "l'ecole des eleves", "fr");
	assert_int_equal(d.n, 2);
	assert_string_equal(c.term[0], d.term[0]);
	assert_string_equal(c.term[1], d.term[1]);
}

static void test_terms__callback_stops_the_walk(void **state)
{
	terms c;
	memset(&c, 0, sizeof(c));
	c.stop_after = 2;
	assert_int_equal(clout_text_terms(*state, "apples pears plums figs", 23, "en", collect_term, &c), 42);
	assert_int_equal(c.n, 2);
}

static void test_terms__unknown_language_is_rejected(void **state)
{
	terms c;
	memset(&c, 0, sizeof(c));
	assert_int_equal(clout_text_terms(*state, "hello", 5, "xx", collect_term, &c), CLOUT_EINVAL);
}

static void expect_lang(clout_text *t, const char *text, const char *want)
{
	char got[4];
	assert_int_equal(clout_text_detect_lang(t, text, strlen(text), got), 0);
	if (strcmp(got, want))
		fail_msg("'%s': detected %s, wanted %s", text, got, want);
}

static void test_detect_lang__english_french_other(void **state)
{
	clout_text *t = *state;
	expect_lang(t, "This is the best day of my life", "en");
	expect_lang(t, "Loving the new collection, can't wait to try it", "en");
	expect_lang(t, "Je suis tr\xC3\xA8s content de ce film, c'est g\xC3\xA9nial", "fr");
	expect_lang(t, "Trop bien la soir\xC3\xA9" "e d'hier avec les copains", "fr");
	expect_lang(t, "El perro come en la casa con su amigo", "und");
	expect_lang(t, "Der Hund ist nicht mit dem Auto gefahren", "und");
	expect_lang(t, "RT @bibaigna96: #POIUYTREWQ", "und");
	expect_lang(t, "", "und");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokenize__social_kinds),
		cmocka_unit_test(test_tokenize__emoji_sequences_stay_whole),
		cmocka_unit_test(test_tokenize__emoticons),
		cmocka_unit_test(test_tokenize__ascii_words_at_every_offset),
		cmocka_unit_test(test_tokenize__case_and_elongation_flags),
		cmocka_unit_test(test_tokenize__folds_case_and_accents),
		cmocka_unit_test(test_tokenize__splits_french_elision),
		cmocka_unit_test(test_tokenize__invalid_utf8_is_replaced),
		cmocka_unit_test(test_terms__hashtag_camel_case),
		cmocka_unit_test(test_terms__stopwords_stems_numbers),
		cmocka_unit_test(test_terms__french_elision_and_accents),
		cmocka_unit_test(test_terms__callback_stops_the_walk),
		cmocka_unit_test(test_terms__unknown_language_is_rejected),
		cmocka_unit_test(test_detect_lang__english_french_other),
	};
	return cmocka_run_group_tests(tests, text_setup, text_teardown);
}
