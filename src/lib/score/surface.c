/*
 * surface.c: the words people wrote behind index terms. Discovery ranks by stems ("recip",
 * "homemad"); to show a term it counts, over the texts it reads, which written word (lower-cased)
 * gave each stem, and shows the most frequent one ("recipe", "homemade"). A hashtag's whole-tag
 * term shows as the hashtag ("#homecooking").
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/score/internal.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/map.h"
#include "util/banned.h"

struct score_surfaces {
	clout_smap pairs;     /* "term\1surface" */
	uint32_t *counts;     /* per pair */
	size_t cap_counts;
	clout_smap terms;
	uint32_t *best_pair;  /* per term: the pair counted most */
	uint32_t *best_count;
	size_t cap_best, cap_best_count;
	clout_buf key;
};

typedef struct token_ref {
	clout_token_kind kind;
	size_t offset, len;
} token_ref;

typedef struct token_list {
	token_ref *items;
	size_t n, cap;
} token_list;

int clout__surfaces_new(score_surfaces **out)
{
	score_surfaces *s = calloc(1, sizeof(*s));
	*out = NULL;
	if (!s)
		return CLOUT_ENOMEM;
	if (clout_smap_init(&s->pairs, 1024) < 0 || clout_smap_init(&s->terms, 1024) < 0) {
		clout__surfaces_free(s);
		return CLOUT_ENOMEM;
	}
	*out = s;
	return 0;
}

void clout__surfaces_free(score_surfaces *s)
{
	if (!s)
		return;
	clout_smap_release(&s->pairs);
	clout_smap_release(&s->terms);
	free(s->counts);
	free(s->best_pair);
	free(s->best_count);
	clout_buf_release(&s->key);
	free(s);
}

/* Counts one (term, surface) pair. */
static int count_pair(score_surfaces *s, const char *term, size_t term_len, const char *surface, size_t surface_len)
{
	int64_t pair, id;
	clout_buf_clear(&s->key);
	if (clout_buf_put(&s->key, term, term_len) < 0 || clout_buf_putc(&s->key, '\1') < 0)
		return CLOUT_ENOMEM;
	for (size_t i = 0; i < surface_len; i++) {
		char c = surface[i];
		c = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
		if (clout_buf_putc(&s->key, c) < 0)
			return CLOUT_ENOMEM;
	}
	if ((pair = clout_smap_intern(&s->pairs, s->key.ptr, s->key.len)) < 0 ||
	    (id = clout_smap_intern(&s->terms, term, term_len)) < 0)
		return CLOUT_ENOMEM;
	if (clout_array_reserve(&s->counts, &s->cap_counts, (size_t)pair + 1, sizeof(*s->counts), 1024) < 0)
		return CLOUT_ENOMEM;
	if (clout_array_reserve(&s->best_pair, &s->cap_best, (size_t)id + 1, sizeof(*s->best_pair), 1024) < 0 ||
	    clout_array_reserve(&s->best_count, &s->cap_best_count, (size_t)id + 1, sizeof(*s->best_count), 1024) < 0)
		return CLOUT_ENOMEM;
	s->counts[pair]++;
	if (s->counts[pair] > s->best_count[id]) {
		s->best_count[id] = s->counts[pair];
		s->best_pair[id] = (uint32_t)pair;
	}
	return 0;
}

static int on_token(void *ctx, const clout_token *token)
{
	token_list *l = ctx;
	if (token->kind != CLOUT_TOKEN_WORD && token->kind != CLOUT_TOKEN_HASHTAG)
		return 0;
	if (clout_array_reserve(&l->items, &l->cap, l->n + 1, sizeof(*l->items), 64) < 0)
		return CLOUT_ENOMEM;
	l->items[l->n++] = (token_ref){ token->kind, token->offset, token->len };
	return 0;
}

typedef struct term_ctx {
	score_surfaces *s;
	const token_ref *token;
	const char *text;
	int rc;
} term_ctx;

static int on_term(void *ctx, const char *term, size_t len)
{
	term_ctx *c = ctx;
	const char *word = c->text + c->token->offset;
	size_t word_len = c->token->len;
	if (c->token->kind == CLOUT_TOKEN_HASHTAG) {
		/* only the whole tag shows as the hashtag; its split words come from plain words elsewhere */
		if (word_len - 1 != len || strncasecmp(word + 1, term, len))
			return 0;
	}
	return count_pair(c->s, term, len, word, word_len);
}

int clout__surfaces_add(score_surfaces *s, clout_text *t, const char *text, size_t len, const char *lang)
{
	token_list l = { 0 };
	int rc = clout_text_tokenize(t, text, len, on_token, &l);
	for (size_t i = 0; i < l.n && rc >= 0; i++) {
		term_ctx c = { s, &l.items[i], text, 0 };
		rc = clout_text_terms(t, text + l.items[i].offset, l.items[i].len, lang, on_term, &c);
	}
	free(l.items);
	return rc < 0 ? rc : 0;
}

const char *clout__surfaces_best(const score_surfaces *s, const char *term)
{
	int64_t id = clout_smap_find(&s->terms, term, strlen(term));
	const char *pair;
	if (id < 0 || !s->best_count[id])
		return NULL;
	pair = clout_smap_string(&s->pairs, s->best_pair[id]);
	pair = strchr(pair, '\1');
	return pair ? pair + 1 : NULL;
}
