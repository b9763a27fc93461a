/*
 * lang.c: language identification for short posts. Evidence, weakest to strongest: words found
 * in the English or French sentiment lexicon, letters typical of a language (é, ñ), and function
 * words listed per language in data/text/langid.txt. Languages other than English and French are
 * listed there too, so that a Spanish post is recognised as "not en/fr" (und) rather than forced.
 */
#include <string.h>

#include <utf8proc.h>

#include "lib/text/text_internal.h"
#include "util/banned.h"

#define WORD_WEIGHT 1.0
#define CHAR_WEIGHT 0.5
#define CHAR_MAX_TOTAL 2.0
#define LEXICON_WEIGHT 0.2
#define MIN_EVIDENCE 0.6

/* Shares weight among the languages whose bits are set (only those are visited). */
static void add_bits(double *score, int count, unsigned bits, double weight)
{
	static const double share[] = { 0, 1, 1.0 / 2, 1.0 / 3, 1.0 / 4, 1.0 / 5, 1.0 / 6, 1.0 / 7, 1.0 / 8 };
	unsigned n = 0;
	(void)count;
	for (unsigned b = bits; b; b &= b - 1)
		n++;
	if (!n)
		return;
	weight *= n < sizeof(share) / sizeof(share[0]) ? share[n] : 1.0 / n;
	for (; bits; bits &= bits - 1)
		score[__builtin_ctz(bits)] += weight;
}

int clout__detect_tokens(const clout_text *t, const char *text)
{
	double score[CLOUT__LANG_MAX] = { 0 }, chars = 0;
	int en = t->langid_en, fr = t->langid_fr, words = 0;
	for (size_t i = 0; i < t->ntoks; i++) {
		const clout__tok *k = &t->toks[i];
		if (k->kind != CLOUT_TOKEN_WORD)
			continue;
		const char *w = t->fold.ptr + k->fold_off;
		words++;
		const clout__lex_entry *e = clout__lex_get_h(&t->langid, w, k->fold_len, k->hash);
		if (e)
			add_bits(score, t->langid_count, e->langs, WORD_WEIGHT);
		if (!(k->flags & CLOUT_TOKEN_NON_ASCII) || chars >= CHAR_MAX_TOTAL)
			continue;
		const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text + k->off;
		for (utf8proc_ssize_t j = 0; j < (utf8proc_ssize_t)k->len && chars < CHAR_MAX_TOTAL;) {
			utf8proc_int32_t cp;
			utf8proc_ssize_t n = utf8proc_iterate(s + j, (utf8proc_ssize_t)k->len - j, &cp);
			if (n <= 0) {
				j++;
				continue;
			}
			j += n;
			if (cp < 0x80)
				continue;
			cp = utf8proc_tolower(cp);
			for (int c = 0; c < t->langid_char_count; c++)
				if ((uint32_t)cp == t->langid_chars[c]) {
					add_bits(score, t->langid_count, t->langid_char_langs[c], CHAR_WEIGHT);
					chars += CHAR_WEIGHT;
				}
		}
	}
	if (!words)
		return -1;
	/* no function word: fall back on which sentiment lexicon knows the words (slower, rarer) */
	double evidence = 0;
	for (int l = 0; l < t->langid_count; l++)
		evidence = score[l] > evidence ? score[l] : evidence;
	if (evidence < MIN_EVIDENCE && en >= 0 && fr >= 0) {
		for (size_t i = 0; i < t->ntoks; i++) {
			const clout__tok *k = &t->toks[i];
			if (k->kind != CLOUT_TOKEN_WORD)
				continue;
			const char *w = t->fold.ptr + k->fold_off;
			const clout__lex_entry *ee = clout__lex_get_h(&t->en.words, w, k->fold_len, k->hash);
			const clout__lex_entry *fe = clout__lex_get_h(&t->fr.words, w, k->fold_len, k->hash);
			unsigned bits = (ee ? 1u << en : 0) | (fe ? 1u << fr : 0);
			add_bits(score, t->langid_count, bits, LEXICON_WEIGHT);
		}
	}
	int best = -1;
	double best_score = 0, second = 0;
	for (int l = 0; l < t->langid_count; l++) {
		if (score[l] > best_score) {
			second = best_score;
			best_score = score[l];
			best = l;
		} else if (score[l] > second) {
			second = score[l];
		}
	}
	if (best < 0 || best_score < MIN_EVIDENCE || best_score == second)
		return -1;
	if (best == en)
		return 0;
	if (best == fr)
		return 1;
	return -1;
}

int clout_text_detect_lang(clout_text *t, const char *text, size_t len, char out[4])
{
	int rc = clout__tokenize(t, text, len);
	if (rc < 0) {
		memcpy(out, "und", 4);
		return rc;
	}
	int id = clout__detect_tokens(t, text);
	memcpy(out, id == 0 ? "en" : id == 1 ? "fr" : "und", id < 0 ? 4 : 3);
	return 0;
}
