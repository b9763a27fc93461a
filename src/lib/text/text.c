/*
 * text.c: the text model (loading, user lexicons) and the clout_text handles made from it, the public tokenizer and index terms
 * (folded, stopwords dropped, Snowball-stemmed, hashtags split on camel case).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/text/text_internal.h"
#include "util/banned.h"

int clout_text_model_new(clout_text_model **out, clout_error *err)
{
	clout_text_model *m = calloc(1, sizeof(*m));
	int rc;
	*out = NULL;
	if (!m)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	clout_buf_init(&m->own.fold, 0);
	clout_buf_init(&m->own.scratch, 0);
	if ((rc = clout__text_load(&m->own, err)) < 0) {
		clout_text_model_free(m);
		return rc;
	}
	*out = m;
	return 0;
}

/* Frees the scratch of t, and its tables unless they are borrowed. */
static void text_release(clout_text *t)
{
	if (t->borrowed) {
		clout__lang_release_stemmer(&t->en);
		clout__lang_release_stemmer(&t->fr);
	} else {
		clout__lang_release(&t->en);
		clout__lang_release(&t->fr);
		clout__lex_release(&t->emoji);
		clout__lex_release(&t->emoticons);
		clout__lex_release(&t->elisions);
		clout__lex_release(&t->langid);
	}
	free(t->units);
	free(t->toks);
	clout_buf_release(&t->fold);
	clout_buf_release(&t->scratch);
}

void clout_text_model_free(clout_text_model *m)
{
	if (!m)
		return;
	text_release(&m->own);
	free(m);
}

int clout_text_new(clout_text **out, const clout_text_model *model, clout_error *err)
{
	clout_text_model *own = NULL;
	clout_text *t;
	int rc;
	*out = NULL;
	if (!model) {
		if ((rc = clout_text_model_new(&own, err)) < 0)
			return rc;
		/* the handle takes the tables over: no copy */
		own->own.borrowed = false;
		t = malloc(sizeof(*t));
		if (!t) {
			clout_text_model_free(own);
			return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		}
		*t = own->own;
		free(own);
		*out = t;
		return 0;
	}
	if (!(t = malloc(sizeof(*t))))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	*t = model->own;
	t->borrowed = true;
	t->units = NULL;
	t->units_cap = 0;
	t->toks = NULL;
	t->ntoks = t->toks_cap = 0;
	clout_buf_init(&t->fold, 0);
	clout_buf_init(&t->scratch, 0);
	t->en.stemmer = t->fr.stemmer = NULL;
	t->en.stem_cache = t->fr.stem_cache = NULL;
	if ((rc = clout__lang_own_stemmer(&t->en, err)) < 0 || (rc = clout__lang_own_stemmer(&t->fr, err)) < 0) {
		clout_text_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

void clout_text_free(clout_text *t)
{
	if (!t)
		return;
	text_release(t);
	free(t);
}

int clout_text_set_param(clout_text_model *model, const char *lang, const char *name, double value, clout_error *err)
{
	clout_text *t = &model->own;
	clout__lang *l = lang && !strcmp(lang, "en") ? &t->en : lang && !strcmp(lang, "fr") ? &t->fr : NULL;
	if (!l)
		return clout_error_set(err, CLOUT_EINVAL, "parameter language '%s' is neither en nor fr", lang ? lang : "");
	return clout__lang_set_param(l, name, value, err);
}

int clout_text_load_lexicon(clout_text_model *model, const char *lang, const char *path, clout_error *err)
{
	clout_text *t = &model->own;
	clout__lang *l = lang && !strcmp(lang, "en") ? &t->en : lang && !strcmp(lang, "fr") ? &t->fr : NULL;
	clout_buf data = CLOUT_BUF_INIT;
	char chunk[65536];
	size_t n;
	int rc = 0;
	FILE *f;
	if (!l)
		return clout_error_set(err, CLOUT_EINVAL, "lexicon language '%s' is neither en nor fr", lang ? lang : "");
	if (!(f = fopen(path, "rb")))
		return clout_error_set(err, CLOUT_EIO, "%s: cannot open the lexicon", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (clout_buf_put(&data, chunk, n) < 0) {
			rc = clout_error_set(err, CLOUT_ENOMEM, "%s: out of memory", path);
			goto done;
		}
	if (ferror(f)) {
		rc = clout_error_set(err, CLOUT_EIO, "%s: read error", path);
		goto done;
	}
	rc = clout__load_lexicon_text(t, l, path, data.ptr, data.len, 1.0, false, err);
done:
	fclose(f);
	clout_buf_release(&data);
	return rc;
}

int clout_text_tokenize(clout_text *t, const char *text, size_t len, clout_token_fn fn, void *ctx)
{
	int rc = clout__tokenize(t, text, len);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < t->ntoks; i++) {
		const clout__tok *k = &t->toks[i];
		clout_token tok = { (clout_token_kind)k->kind, k->flags, k->off, k->len, t->fold.ptr + k->fold_off,
			k->fold_len };
		if ((rc = fn(ctx, &tok)) != 0)
			return rc;
	}
	return 0;
}

/* Resolves lang ("en", "fr", NULL/"auto" = detect from the tokens already in t). */
static int pick_lang(clout_text *t, const char *text, const char *lang, clout__lang **out, const char **code)
{
	if (!lang || !strcmp(lang, "auto")) {
		int id = clout__detect_tokens(t, text);
		*out = id == 1 ? &t->fr : &t->en;
		*code = id == 0 ? "en" : id == 1 ? "fr" : "und";
		return 0;
	}
	if (!strcmp(lang, "en") || !strcmp(lang, "und")) {
		*out = &t->en;
		*code = lang[0] == 'e' ? "en" : "und";
		return 0;
	}
	if (!strcmp(lang, "fr")) {
		*out = &t->fr;
		*code = "fr";
		return 0;
	}
	return CLOUT_EINVAL;
}

typedef struct terms_ctx {
	clout_text *t;
	clout__lang *lang;
	const char *body; /* the hashtag being split (original bytes) */
	clout_term_fn fn;
	void *ctx;
	int parts;
} terms_ctx;

/* Emits the stem of folded word w, unless it is a stopword or an elision ("l'"). */
static int emit_word(terms_ctx *c, const char *w, size_t n, uint64_t hash, bool numeric)
{
	if (!n || w[n - 1] == '\'')
		return 0;
	const clout__lex_entry *e = clout__lex_get_h(&c->lang->words, w, n, hash);
	if (e && (e->flags & LEX_STOPWORD))
		return 0;
	if (numeric || n > 64)
		return c->fn(c->ctx, w, n);
	size_t sn;
	const char *stem = clout__stem_cached(c->lang, w, n, hash, &sn);
	if (!stem)
		return CLOUT_ENOMEM;
	return c->fn(c->ctx, stem, sn);
}

static int hashtag_part(void *vctx, size_t off, size_t len)
{
	terms_ctx *c = vctx;
	clout_buf *b = &c->t->scratch;
	clout_buf_clear(b);
	if (clout__fold(b, c->body + off, len) < 0)
		return CLOUT_ENOMEM;
	c->parts++;
	bool numeric = true;
	for (size_t i = 0; i < b->len && numeric; i++)
		numeric = b->ptr[i] >= '0' && b->ptr[i] <= '9';
	return emit_word(c, b->ptr, b->len, clout__hash(b->ptr, b->len), numeric);
}

int clout_text_terms(clout_text *t, const char *text, size_t len, const char *lang, clout_term_fn fn, void *ctx)
{
	terms_ctx c = { t, NULL, NULL, fn, ctx, 0 };
	const char *code;
	int rc = clout__tokenize(t, text, len);
	if (rc < 0)
		return rc;
	if (pick_lang(t, text, lang, &c.lang, &code) < 0)
		return CLOUT_EINVAL;
	for (size_t i = 0; i < t->ntoks; i++) {
		const clout__tok *k = &t->toks[i];
		const char *folded = t->fold.ptr + k->fold_off;
		switch (k->kind) {
		case CLOUT_TOKEN_WORD:
		case CLOUT_TOKEN_NUMBER:
			rc = emit_word(&c, folded, k->fold_len, k->hash, k->kind == CLOUT_TOKEN_NUMBER);
			break;
		case CLOUT_TOKEN_HASHTAG:
			c.body = text + k->off + 1;
			c.parts = 0;
			rc = clout__split_camel(c.body, k->len - 1, hashtag_part, &c);
			/* the whole tag, folded, for exact hashtag search */
			if (!rc && k->fold_len > 1)
				rc = fn(ctx, folded + 1, k->fold_len - 1);
			break;
		case CLOUT_TOKEN_CASHTAG:
			rc = fn(ctx, folded, k->fold_len);
			break;
		default:
			rc = 0;
		}
		if (rc)
			return rc;
	}
	return 0;
}
