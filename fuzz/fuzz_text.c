/*
 * fuzz_text.c: libFuzzer target for the text engine: any bytes through the tokenizer, index
 * terms, language identification and sentiment (auto, en, fr). Checks the output invariants
 * (compound in [-1, 1], a label that matches it, shares that sum to 1, terms that are non-empty)
 * and aborts when one breaks. Build with clang -fsanitize=fuzzer,address; tests/unit/
 * test_text_fuzz.c replays generated inputs through the same entry point in CTest.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clout/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int check_token(void *ctx, const clout_token *tok)
{
	size_t size = *(size_t *)ctx;
	if (tok->offset + tok->len > size || tok->len == 0 || (tok->folded_len && !tok->folded))
		abort();
	return 0;
}

static int check_term(void *ctx, const char *term, size_t len)
{
	(void)ctx;
	if (!term || len == 0)
		abort();
	return 0;
}

static void check_sentiment(const clout_sentiment *s)
{
	if (!(s->compound >= -1.0 && s->compound <= 1.0))
		abort();
	const char *want = s->compound >= 0.05 ? "positive" : s->compound <= -0.05 ? "negative" : "neutral";
	if (strcmp(s->label, want) || fabs(s->pos + s->neg + s->neu - 1.0) > 1e-6)
		abort();
	if (strcmp(s->lang, "en") && strcmp(s->lang, "fr") && strcmp(s->lang, "und"))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static clout_text *t;
	const char *text = (const char *)data;
	const char *langs[] = { NULL, "en", "fr" };
	clout_sentiment s;
	char lang[4];
	if (!t && clout_text_new(&t, NULL, NULL) < 0)
		abort();
	if (clout_text_tokenize(t, text, size, check_token, &size) < 0)
		abort();
	if (clout_text_detect_lang(t, text, size, lang) < 0)
		abort();
	for (size_t i = 0; i < sizeof(langs) / sizeof(langs[0]); i++) {
		if (clout_text_terms(t, text, size, langs[i], check_term, NULL) < 0)
			abort();
		if (clout_text_sentiment(t, text, size, langs[i], &s) < 0)
			abort();
		check_sentiment(&s);
	}
	return 0;
}
