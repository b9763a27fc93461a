/*
 * test_text_stems.c: the stem tables of the text model (src/lib/text/stems.c). They are stemmed
 * on several threads, each a slice of the lexicon (or a language on a thread of its own while the
 * next is read); the table must be the one a single thread makes by stemming the lexicon's words
 * in slot order: the same stems, and the same means to the last bit (float sums, whose bits
 * depend on their order).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/text/text_internal.h"
#include "util/banned.h"

/* The table of lang as one thread builds it, from lang's words and stemmer. */
static void single_thread_table(clout__lang *lang, clout__lex *out)
{
	memset(out, 0, sizeof(*out));
	clout_buf_init(&out->keys, 0);
	for (size_t i = 0; i < lang->words.cap; i++) {
		const clout__lex_entry *e = &lang->words.slots[i];
		if (!e->key_len || !(e->flags & LEX_VALENCE) || (e->flags & (LEX_NEGATOR | LEX_BOOSTER)) || e->key_len < 3)
			continue;
		const char *key = lang->words.keys.ptr + e->key_off;
		bool word = true;
		for (size_t j = 0; j < e->key_len && word; j++)
			word = (unsigned char)key[j] >= 0x80 || ((key[j] | 32) >= 'a' && (key[j] | 32) <= 'z');
		if (!word)
			continue;
		size_t n;
		const char *stem = clout__stem(lang, key, e->key_len, &n);
		clout__lex_entry *s;
		assert_non_null(stem);
		assert_int_equal(clout__lex_put(out, stem, n, &s), 0);
		s->valence += e->valence;
		s->booster += 1;
	}
	for (size_t i = 0; i < out->cap; i++)
		if (out->slots[i].key_len)
			out->slots[i].valence /= out->slots[i].booster;
}

static void assert_same_table(const clout__lex *got, const clout__lex *want)
{
	assert_int_equal(got->count, want->count);
	assert_int_equal(got->cap, want->cap);
	for (size_t i = 0; i < want->cap; i++) {
		const clout__lex_entry *w = &want->slots[i], *g = &got->slots[i];
		assert_int_equal(g->key_len, w->key_len); /* same order of insertion, same slots */
		if (!w->key_len)
			continue;
		assert_memory_equal(got->keys.ptr + g->key_off, want->keys.ptr + w->key_off, w->key_len);
		assert_memory_equal(&g->valence, &w->valence, sizeof(w->valence));
		assert_true(g->flags & LEX_VALENCE);
		assert_true(g->booster == 0);
	}
}

static void test_stems__threads_build_the_single_thread_table(void **state)
{
	(void)state;
	clout_text_model *model;
	clout_error err = { 0 };
	assert_int_equal(clout_text_model_new(&model, &err), 0);
	clout__lang *langs[2] = { &model->own.en, &model->own.fr };
	for (int round = 0; round < 2; round++) {
		for (size_t l = 0; l < 2; l++) {
			clout__lex want;
			single_thread_table(langs[l], &want);
			assert_true(want.count > 1000); /* many stems: the work is shared */
			assert_same_table(&langs[l]->stems, &want);
			clout__lex_release(&want);
		}
		/* built again, one language and both at once (as a user lexicon does it) */
		assert_int_equal(clout__build_stems(&langs[1], 1), 0);
		assert_int_equal(clout__build_stems(langs, 2), 0);
	}
	/* begun on a thread of its own (as loading does it for English while French is read) */
	for (size_t l = 0; l < 2; l++) {
		clout__stems_bg *bg = clout__stems_bg_begin(langs[l]);
		if (bg) /* NULL on one core */
			assert_int_equal(clout__stems_bg_end(bg), 0);
		clout__lex want;
		single_thread_table(langs[l], &want);
		assert_same_table(&langs[l]->stems, &want);
		clout__lex_release(&want);
	}
	clout_text_model_free(model);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stems__threads_build_the_single_thread_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
