/*
 * test_listen.c: listening rules: every kind of malformed rule gives its message at its line and
 * column, and the rule language's semantics (folding, whole words, tags, phrases, prefixes, NEAR,
 * filters, precedence) on hand-written posts, plus rules added to a running set (the second
 * database) and removed from it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clout/listen.h"
#include "clout/text.h"
#include "unit/text_fixture.h"
#include "util/banned.h"

typedef struct bad_rule {
	const char *expr;
	const char *message;
} bad_rule;

static void test_parse__errors_name_line_and_column(void **state)
{
	static const bad_rule cases[] = {
		{ "", "rule 'r':1:1: empty rule: expected a term" },
		{ "   ", "rule 'r':1:4: empty rule: expected a term" },
		{ "(acme OR acmeco lang:fr", "rule 'r':1:24: expected ')'" },
		{ "(acme", "rule 'r':1:6: expected ')'" },
		{ "(acme OR (b c)", "rule 'r':1:15: expected ')'" },
		{ "acme)", "rule 'r':1:5: unexpected ')'" },
		{ ")", "rule 'r':1:1: unexpected ')'" },
		{ "acme AND", "rule 'r':1:9: expected a term" },
		{ "acme OR", "rule 'r':1:8: expected a term" },
		{ "acme NOT", "rule 'r':1:9: expected a term" },
		{ "OR acme", "rule 'r':1:1: expected a term before 'OR'" },
		{ "AND", "rule 'r':1:1: expected a term before 'AND'" },
		{ "acme OR OR b", "rule 'r':1:9: expected a term before 'OR'" },
		{ "acme AND OR b", "rule 'r':1:10: expected a term before 'OR'" },
		{ "()", "rule 'r':1:2: expected a term inside '()'" },
		{ "\"acme", "rule 'r':1:1: unterminated phrase: expected a closing '\"'" },
		{ "acme \"big apple", "rule 'r':1:6: unterminated phrase: expected a closing '\"'" },
		{ "\"\"", "rule 'r':1:1: empty phrase: expected words between the quotes" },
		{ "\" !! \"", "rule 'r':1:1: empty phrase: expected words between the quotes" },
		{ "#", "rule 'r':1:2: expected a hashtag after '#'" },
		{ "#a-b", "rule 'r':1:2: expected a hashtag after '#'" },
		{ "@", "rule 'r':1:2: expected a handle after '@'" },
		{ "$123", "rule 'r':1:2: expected a ticker (1 to 10 letters) after '$'" },
		{ "a*", "rule 'r':1:2: a prefix needs at least 2 characters before '*'" },
		{ "#a*", "rule 'r':1:3: a prefix needs at least 2 characters before '*'" },
		{ "ac*me", "rule 'r':1:3: '*' may only end a word (acme*)" },
		{ "*", "rule 'r':1:1: '*' may only end a word (acme*)" },
		{ "e-commerce*", "rule 'r':1:11: a prefix needs a single word before '*'" },
		{ "\xF0\x9F\x98\x80", "rule 'r':1:1: '\xF0\x9F\x98\x80' has no word to match" },
		{ "acme !!!", "rule 'r':1:6: '!!!' has no word to match" },
		{ "www.acme.com", "rule 'r':1:1: links cannot be matched as terms (use has:link)" },
		{ "https://acme.com/x", "rule 'r':1:1: links cannot be matched as terms (use has:link)" },
		{ "\"see https://acme.com\"", "rule 'r':1:1: links cannot be matched in a phrase (use has:link)" },
		{ "acme lang:french", "rule 'r':1:11: expected a language code such as en or fr after 'lang:'" },
		{ "acme lang:", "rule 'r':1:11: expected a language code such as en or fr after 'lang:'" },
		{ "acme platform:", "rule 'r':1:15: expected a platform name such as instagram after 'platform:'" },
		{ "acme platform:x/y", "rule 'r':1:15: expected a platform name such as instagram after 'platform:'" },
		{ "acme from:@", "rule 'r':1:12: expected a handle such as @acme after 'from:'" },
		{ "acme from:a,b", "rule 'r':1:11: expected a handle such as @acme after 'from:'" },
		{ "acme is:retweet", "rule 'r':1:9: expected 'reply' after 'is:'" },
		{ "acme has:image", "rule 'r':1:10: expected 'link' after 'has:'" },
		{ "acme foo:bar", "rule 'r':1:6: unknown filter 'foo:' (expected lang:, platform:, from:, is: or has:)" },
		{ "NEAR/3 acme", "rule 'r':1:1: expected a term before NEAR" },
		{ "acme NEAR b", "rule 'r':1:10: expected '/' and a distance after NEAR (NEAR/3)" },
		{ "acme NEAR/ b", "rule 'r':1:11: expected a number after 'NEAR/'" },
		{ "acme NEAR/x b", "rule 'r':1:11: expected a number after 'NEAR/'" },
		{ "acme NEAR/3x b", "rule 'r':1:12: expected a number after 'NEAR/'" },
		{ "acme NEAR/300 b", "rule 'r':1:11: NEAR distance must be at most 255" },
		{ "acme NEAR/2 (b AND c)", "rule 'r':1:13: NEAR needs a term, phrase or tag (or an OR of them) on each side" },
		{ "acme NEAR/2 lang:fr", "rule 'r':1:13: NEAR needs a term, phrase or tag (or an OR of them) on each side" },
		{ "(a OR NOT b) NEAR/2 c", "rule 'r':1:1: NEAR needs a term, phrase or tag (or an OR of them) on each side" },
		{ "a NEAR/2 b NEAR/2 c", "rule 'r':1:12: NEAR cannot be chained: join NEAR clauses with AND" },
		{ "acme NEAR/2", "rule 'r':1:12: expected a term" },
		{ "NOT acme", "rule 'r':1:1: the rule can match a post without any of its terms: it needs a term that every "
			    "match contains (NOT and filters only narrow)" },
		{ "acme OR NOT jobs", "rule 'r':1:1: the rule can match a post without any of its terms: it needs a term "
				    "that every match contains (NOT and filters only narrow)" },
		{ "lang:fr", "rule 'r':1:1: the rule can match a post without any of its terms: it needs a term that every "
			   "match contains (NOT and filters only narrow)" },
		{ "acme OR is:reply", "rule 'r':1:1: the rule can match a post without any of its terms: it needs a term "
				    "that every match contains (NOT and filters only narrow)" },
		{ "NOT (acme AND NOT has:link)", "rule 'r':1:1: the rule can match a post without any of its terms: it "
					       "needs a term that every match contains (NOT and filters only narrow)" },
		{ "acme\n  AND (x", "rule 'r':2:9: expected ')'" },
		{ "acme OR\n\n  )", "rule 'r':3:3: unexpected ')'" },
		{ "caf\xC3\xA9 cr\xC3\xA8me (", "rule 'r':1:13: expected a term" },
		{ "acme \xFF", "rule 'r':1:6: invalid UTF-8" },
		{ "acme \xC3", "rule 'r':1:6: invalid UTF-8" },
	};
	clout_text *t = *state;
	clout_listen_set *set;
	assert_int_equal(clout_listen_set_new(&set, NULL), 0);
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		clout_error err = { 0 };
		int rc = clout_listen_set_add(set, t, "r", cases[k].expr, NULL, &err);
		if (rc != CLOUT_EBADDATA || strcmp(err.message, cases[k].message))
			fail_msg("rule %zu \"%s\": got %d \"%s\", want \"%s\"", k, cases[k].expr, rc, err.message,
				cases[k].message);
	}
	assert_int_equal(clout_listen_set_count(set), 0); /* nothing was added */
	clout_listen_set_free(set);
}

static void test_parse__limits(void **state)
{
	clout_text *t = *state;
	clout_listen_set *set;
	clout_error err = { 0 };
	char deep[128] = "";
	size_t at = 0;
	for (int k = 0; k < CLOUT_LISTEN_MAX_DEPTH + 1; k++)
		deep[at++] = '(';
	snprintf(deep + at, sizeof(deep) - at, "acme");
	assert_int_equal(clout_listen_set_new(&set, NULL), 0);
	assert_int_equal(clout_listen_set_add(set, t, NULL, deep, NULL, &err), CLOUT_EBADDATA);
	assert_string_equal(err.message, "rule:1:33: rule nested too deeply (at most 32 levels)");
	char *nots = calloc(200, 1);
	for (int k = 0; k < 40; k++)
		memcpy(nots + 4 * k, "NOT ", 4);
	memcpy(nots + 160, "acme", 5);
	assert_int_equal(clout_listen_set_add(set, t, NULL, nots, NULL, &err), CLOUT_EBADDATA);
	assert_string_equal(err.message, "rule:1:129: rule nested too deeply (at most 32 levels)");
	free(nots);
	char *longer = malloc(CLOUT_LISTEN_RULE_MAX_BYTES + 10);
	memset(longer, 'a', CLOUT_LISTEN_RULE_MAX_BYTES + 9);
	longer[CLOUT_LISTEN_RULE_MAX_BYTES + 9] = '\0';
	assert_int_equal(clout_listen_set_add(set, t, NULL, longer, NULL, &err), CLOUT_EBADDATA);
	assert_string_equal(err.message, "rule:1:16385: rule longer than 16384 bytes");
	free(longer);
	clout_listen_set_free(set);
}

/* ---- semantics ---- */

typedef struct fixture {
	clout_text *t;
	clout_listen_set *set;
	clout_listen_matcher *m;
} fixture;

static int fixture_setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	if (!f || text_setup((void **)&f->t) < 0 || clout_listen_set_new(&f->set, NULL) < 0 ||
		clout_listen_matcher_new(&f->m, f->t, NULL) < 0)
		return -1;
	*state = f;
	return 0;
}

static int fixture_teardown(void **state)
{
	fixture *f = *state;
	clout_listen_matcher_free(f->m);
	clout_listen_set_free(f->set);
	clout_text_free(f->t);
	free(f);
	return 0;
}

static int note_match(void *ctx, uint32_t id)
{
	uint64_t *mask = ctx;
	*mask |= 1ull << id;
	return 0;
}

/* Matches post against a fresh set of the single rule expr. */
static bool matches_post(fixture *f, const char *expr, const clout_listen_post *post)
{
	clout_error err = { 0 };
	clout_listen_set *set;
	uint64_t mask = 0;
	assert_int_equal(clout_listen_set_new(&set, NULL), 0);
	if (clout_listen_set_add(set, f->t, "r", expr, NULL, &err) < 0)
		fail_msg("%s: %s", expr, err.message);
	assert_int_equal(clout_listen_set_compile(set, false, &err), 0);
	assert_int_equal(clout_listen_match(f->m, set, post, note_match, &mask, &err), 0);
	clout_listen_set_free(set);
	return mask != 0;
}

static bool matches(fixture *f, const char *expr, const char *text)
{
	clout_listen_post post = { text, strlen(text), "en", "twitter", "@someone", false, false };
	return matches_post(f, expr, &post);
}

static void test_match__folds_case_and_accents_whole_words(void **state)
{
	fixture *f = *state;
	assert_true(matches(f, "Caf\xC3\xA9", "best CAFE in town"));
	assert_true(matches(f, "cafe", "un caf\xC3\xA9 cr\xC3\xA8me"));
	assert_true(matches(f, "CR\xC3\x88ME", "un caf\xC3\xA9 creme"));
	assert_false(matches(f, "acme", "acmeco is great"));
	assert_false(matches(f, "acme", "the acmes"));
	assert_true(matches(f, "acme", "Love ACME!"));
	assert_true(matches(f, "acme", "(acme)"));
}

static void test_match__tags_and_mentions(void **state)
{
	fixture *f = *state;
	assert_true(matches(f, "acme", "thanks #Acme"));
	assert_true(matches(f, "acme", "thanks @acme"));
	assert_false(matches(f, "acme", "buy $ACME"));
	assert_true(matches(f, "#acme", "thanks #ACME"));
	assert_false(matches(f, "#acme", "thanks acme"));
	assert_false(matches(f, "#acme", "thanks @acme"));
	assert_true(matches(f, "@acme", "hi @Acme"));
	assert_false(matches(f, "@acme", "hi acme #acme"));
	assert_true(matches(f, "$acme", "long $ACME"));
	assert_false(matches(f, "$acme", "long acme"));
}

static void test_match__phrases_and_prefixes(void **state)
{
	fixture *f = *state;
	assert_true(matches(f, "\"nail art\"", "Loving NAIL ART today"));
	assert_true(matches(f, "\"nail art\"", "nail-art is back")); /* punctuation between tokens is skipped */
	assert_false(matches(f, "\"nail art\"", "art nail"));
	assert_false(matches(f, "\"nail art\"", "nail and art"));
	assert_false(matches(f, "\"acme\"", "#acme")); /* a quoted word matches the word only */
	assert_true(matches(f, "\"acme\"", "acme"));
	assert_true(matches(f, "e-commerce", "e commerce rocks")); /* a split word is a phrase */
	/* U+FDFB folds (compatibility decomposition) to two words with a space: still one token */
	assert_true(matches(f, "acme", "\xEF\xB7\xBB acme"));
	assert_true(matches(f, "\xEF\xB7\xBB", "acme \xEF\xB7\xBB"));
	assert_false(matches(f, "\"\xD8\xAC\xD9\x84 \xD8\xAC\xD9\x84\xD8\xA7\xD9\x84\xD9\x87\"", "\xEF\xB7\xBB"));
	assert_true(matches(f, "\"\xD8\xAC\xD9\x84 \xD8\xAC\xD9\x84\xD8\xA7\xD9\x84\xD9\x87\"",
		"\xD8\xAC\xD9\x84 \xD8\xAC\xD9\x84\xD8\xA7\xD9\x84\xD9\x87"));
	assert_true(matches(f, "cook*", "Cooking tonight"));
	assert_true(matches(f, "cook*", "#cookingathome"));
	assert_true(matches(f, "cook*", "cook"));
	assert_false(matches(f, "cook*", "precooked meals"));
	assert_true(matches(f, "#cook*", "#CookBook"));
	assert_false(matches(f, "#cook*", "cookbook"));
}

static void test_match__operators_and_precedence(void **state)
{
	fixture *f = *state;
	assert_true(matches(f, "acme OR globex", "globex wins"));
	assert_true(matches(f, "acme globex", "globex and acme"));
	assert_false(matches(f, "acme globex", "acme alone"));
	assert_true(matches(f, "acme AND NOT jobs", "acme rocks"));
	assert_false(matches(f, "acme AND NOT jobs", "acme jobs"));
	assert_false(matches(f, "acme NOT jobs", "acme jobs")); /* juxtaposed NOT is AND NOT */
	/* AND binds tighter than OR: a OR (b AND c) */
	assert_true(matches(f, "acme OR globex initech", "acme"));
	assert_false(matches(f, "acme OR globex initech", "globex"));
	assert_false(matches(f, "(acme OR globex) initech", "acme"));
	assert_true(matches(f, "(acme OR globex) initech", "globex initech"));
	assert_true(matches(f, "NOT jobs acme", "acme"));
}

static void test_match__near(void **state)
{
	fixture *f = *state;
	assert_true(matches(f, "acme NEAR/2 recall", "acme issues a recall"));
	assert_false(matches(f, "acme NEAR/1 recall", "acme issues a recall"));
	assert_true(matches(f, "acme NEAR/2 recall", "recall: the acme story")); /* either order, punctuation skipped */
	assert_true(matches(f, "acme NEAR/0 recall", "acme recall"));
	assert_false(matches(f, "acme NEAR/0 recall", "acme big recall"));
	assert_true(matches(f, "\"acme corp\" NEAR/1 (recall OR lawsuit)", "acme corp faces lawsuit"));
	assert_false(matches(f, "\"acme corp\" NEAR/1 (recall OR lawsuit)", "acme corp now faces a lawsuit"));
	assert_true(matches(f, "acme NEAR/3 recal*", "ACME: recalled!"));
	/* the first occurrence is too far, the second is near */
	assert_true(matches(f, "acme NEAR/1 recall", "acme one two three four recall and acme"));
	assert_false(matches(f, "acme NEAR/1 recall", "acme one two recall"));
}

static void test_match__filters(void **state)
{
	fixture *f = *state;
	clout_listen_post post = { "acme rocks", 10, "fr", "instagram", "@Acme_Official", true, false };
	assert_true(matches_post(f, "acme lang:fr", &post));
	assert_false(matches_post(f, "acme lang:en", &post));
	assert_true(matches_post(f, "acme platform:instagram", &post));
	assert_true(matches_post(f, "acme platform:Instagram", &post));
	assert_false(matches_post(f, "acme platform:twitter", &post));
	assert_true(matches_post(f, "acme from:@acme_official", &post));
	assert_true(matches_post(f, "acme from:acme_official", &post));
	assert_false(matches_post(f, "acme from:@acme", &post));
	assert_true(matches_post(f, "acme is:reply", &post));
	assert_false(matches_post(f, "acme NOT is:reply", &post));
	assert_false(matches_post(f, "acme has:link", &post));
	post.has_link = true;
	assert_true(matches_post(f, "acme has:link", &post));
	post.has_link = false;
	post.text = "acme rocks https://acme.com/x";
	post.len = strlen(post.text);
	assert_true(matches_post(f, "acme has:link", &post)); /* a URL in the text is a link */
	assert_false(matches_post(f, "acme AND com", &post));   /* and its words are no terms */
	/* no language given: the text engine decides */
	post.lang = NULL;
	post.text = "Je suis tr\xC3\xA8s content de ce nouveau produit acme, c'est g\xC3\xA9nial";
	post.len = strlen(post.text);
	assert_true(matches_post(f, "acme lang:fr", &post));
	assert_false(matches_post(f, "acme lang:en", &post));
	post.lang = "en-US";
	assert_true(matches_post(f, "acme lang:en", &post));
	post.platform = NULL;
	post.author = NULL;
	assert_false(matches_post(f, "acme platform:instagram", &post));
	assert_false(matches_post(f, "acme from:@acme_official", &post));
}

static uint64_t match_mask(fixture *f, const char *text)
{
	clout_listen_post post = { text, strlen(text), "en", NULL, NULL, false, false };
	uint64_t mask = 0;
	clout_error err = { 0 };
	assert_int_equal(clout_listen_match(f->m, f->set, &post, note_match, &mask, &err), 0);
	return mask;
}

static void test_set__grows_while_running_and_removes(void **state)
{
	fixture *f = *state;
	clout_error err = { 0 };
	uint32_t id;
	assert_int_equal(clout_listen_set_add(f->set, f->t, "acme", "acme NOT jobs", &id, &err), 0);
	assert_int_equal(id, 0);
	assert_int_equal(clout_listen_set_add(f->set, f->t, "globex", "#globex OR globex", &id, &err), 0);
	assert_int_equal(clout_listen_set_compile(f->set, false, &err), 0);
	assert_int_equal(match_mask(f, "acme and #globex"), 3);
	/* added after the full build: matched once compiled (through the second database), not before */
	assert_int_equal(clout_listen_set_add(f->set, f->t, "initech", "initech OR acme NEAR/1 launch", &id, &err), 0);
	assert_int_equal(id, 2);
	assert_int_equal(match_mask(f, "initech"), 0);
	assert_int_equal(clout_listen_set_compile(f->set, false, &err), 0);
	assert_int_equal(match_mask(f, "initech"), 4);
	assert_int_equal(match_mask(f, "acme big launch"), 5); /* acme: a main term now needed at every occurrence */
	assert_int_equal(match_mask(f, "acme big huge launch"), 1);
	assert_string_equal(clout_listen_set_name(f->set, 2), "initech");
	assert_null(clout_listen_set_name(f->set, 3));
	assert_int_equal(clout_listen_set_remove(f->set, 0, &err), 0);
	assert_int_equal(match_mask(f, "acme and #globex"), 2);
	assert_int_equal(clout_listen_set_remove(f->set, 0, &err), CLOUT_ENOTFOUND);
	assert_int_equal(clout_listen_set_remove(f->set, 9, &err), CLOUT_ENOTFOUND);
	/* enough new rules force a full rebuild; everything still matches */
	for (int k = 0; k < 70; k++) {
		char expr[64];
		snprintf(expr, sizeof(expr), "brand%d OR initech", k);
		assert_int_equal(clout_listen_set_add(f->set, f->t, NULL, expr, NULL, &err), 0);
	}
	assert_int_equal(clout_listen_set_compile(f->set, false, &err), 0);
	assert_int_equal(clout_listen_set_count(f->set), 73);
	assert_int_equal(match_mask(f, "acme big launch #globex brand0"), 2 | 4 | (1ull << 3));
	assert_int_equal(clout_listen_set_compile(f->set, true, &err), 0);
	assert_int_equal(match_mask(f, "acme big launch brand60"), 4 | (1ull << 63));
}

int main(void)
{
	const struct CMUnitTest parse_tests[] = {
		cmocka_unit_test(test_parse__errors_name_line_and_column),
		cmocka_unit_test(test_parse__limits),
	};
	const struct CMUnitTest match_tests[] = {
		cmocka_unit_test(test_match__folds_case_and_accents_whole_words),
		cmocka_unit_test(test_match__tags_and_mentions),
		cmocka_unit_test(test_match__phrases_and_prefixes),
		cmocka_unit_test(test_match__operators_and_precedence),
		cmocka_unit_test(test_match__near),
		cmocka_unit_test(test_match__filters),
		cmocka_unit_test(test_set__grows_while_running_and_removes),
	};
	int failed = cmocka_run_group_tests(parse_tests, text_setup, text_teardown);
	failed += cmocka_run_group_tests(match_tests, fixture_setup, fixture_teardown);
	return failed;
}
