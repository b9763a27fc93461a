/*
 * test_listen_agree.c: the listening engine against a brute-force evaluator written here: random
 * rules (terms, phrases, tags, prefixes, NOT, AND, OR, juxtaposition, NEAR/n, filters) are printed as
 * rule text for the engine, and evaluated here straight from the rule tree over the post's tokens
 * from the text engine (no Vectorscan, no compiled program). Both must agree on every rule and
 * post: generated posts (mixed case, accents, tags, punctuation, links), posts written by `clout gen`
 * (tests/fixtures/listen/gen_posts.jsonl) and hand-written real-looking ones. Rules the evaluator
 * finds unanchored (able to match with none of their terms) must be refused by the engine.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "clout/listen.h"
#include "clout/text.h"
#include "lib/listen/internal.h"
#include "unit/text_fixture.h"
#include "util/banned.h"

#define MAX_TOKS 256
#define MAX_NODES 64
#define MAX_TERMS 4096
#define NRULES 2000
#define NGEN_POSTS 1200

/* ---- a tiny seeded generator ---- */

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % n);
}

/* ---- posts as the brute force sees them: word-like tokens ---- */

typedef struct btok {
	clout_token_kind kind;
	char folded[96];
} btok;

typedef struct bpost {
	char *text;
	btok toks[MAX_TOKS];
	int n;
	bool url;
	char lang[8];
	const char *platform, *author;
	bool reply, link;
} bpost;

static int keep_token(void *ctx, const clout_token *tok)
{
	bpost *p = ctx;
	if (tok->kind == CLOUT_TOKEN_URL)
		p->url = true;
	if (tok->kind != CLOUT_TOKEN_WORD && tok->kind != CLOUT_TOKEN_NUMBER && tok->kind != CLOUT_TOKEN_HASHTAG &&
		tok->kind != CLOUT_TOKEN_MENTION && tok->kind != CLOUT_TOKEN_CASHTAG)
		return 0;
	assert_true(p->n < MAX_TOKS && tok->folded_len < sizeof(p->toks[0].folded));
	p->toks[p->n].kind = tok->kind;
	memcpy(p->toks[p->n].folded, tok->folded, tok->folded_len);
	p->toks[p->n].folded[tok->folded_len] = '\0';
	p->n++;
	return 0;
}

static void tokens_of(clout_text *t, const char *text, bpost *out)
{
	out->n = 0;
	out->url = false;
	assert_int_equal(clout_text_tokenize(t, text, strlen(text), keep_token, out), 0);
}

/* ---- terms ---- */

typedef enum { T_WORD, T_PHRASE, T_HASHTAG, T_MENTION, T_CASHTAG } term_kind;

typedef struct bterm {
	term_kind kind;
	bool prefix;
	char text[128]; /* as printed in the rule */
	bpost toks;     /* its tokens */
} bterm;

static bterm *terms;
static int nterms;

static int intern(clout_text *t, term_kind kind, bool prefix, const char *text)
{
	for (int k = 0; k < nterms; k++)
		if (terms[k].kind == kind && terms[k].prefix == prefix && !strcmp(terms[k].text, text))
			return k;
	assert_true(nterms < MAX_TERMS);
	bterm *b = &terms[nterms];
	b->kind = kind;
	b->prefix = prefix;
	snprintf(b->text, sizeof(b->text), "%s", text);
	tokens_of(t, text, &b->toks);
	return nterms++;
}

static bool starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* Does token k of post equal (or, for a prefix, start with) what term b asks for? */
static bool token_fits(const bterm *b, const btok *tok)
{
	const btok *want = &b->toks.toks[0];
	bool (*same)(const char *, const char *) = b->prefix ? starts : NULL;
#define FITS(s, w) (same ? same((s), (w)) : !strcmp((s), (w)))
	switch (b->kind) {
	case T_WORD:
		if (tok->kind == CLOUT_TOKEN_WORD || tok->kind == CLOUT_TOKEN_NUMBER)
			return FITS(tok->folded, want->folded);
		if (tok->kind == CLOUT_TOKEN_HASHTAG || tok->kind == CLOUT_TOKEN_MENTION)
			return FITS(tok->folded + 1, want->folded);
		return false;
	case T_HASHTAG:
		return tok->kind == CLOUT_TOKEN_HASHTAG && FITS(tok->folded, want->folded);
	case T_MENTION:
		return tok->kind == CLOUT_TOKEN_MENTION && FITS(tok->folded, want->folded);
	case T_CASHTAG:
		return tok->kind == CLOUT_TOKEN_CASHTAG && FITS(tok->folded, want->folded);
	default:
		return false;
	}
#undef FITS
}

/* Occurrences of term b in post p: spans [first, last] of token indexes. Returns their number. */
static int occurrences(const bterm *b, const bpost *p, int first[], int last[], int cap)
{
	int n = 0;
	bool phrase = b->kind == T_PHRASE || (b->kind == T_WORD && (b->toks.n != 1 ||
		(b->toks.toks[0].kind != CLOUT_TOKEN_WORD && b->toks.toks[0].kind != CLOUT_TOKEN_NUMBER)));
	int len = phrase ? b->toks.n : 1;
	for (int i = 0; i + len <= p->n && n < cap; i++) {
		bool ok = true;
		for (int j = 0; j < len && ok; j++)
			ok = phrase ? !strcmp(p->toks[i + j].folded, b->toks.toks[j].folded) : token_fits(b, &p->toks[i]);
		if (ok) {
			first[n] = i;
			last[n] = i + len - 1;
			n++;
		}
	}
	return n;
}

/* ---- rule trees ---- */

typedef enum { R_TERM, R_FILTER, R_NEAR, R_NOT, R_AND, R_OR } rule_kind;
typedef enum { F_LANG, F_PLATFORM, F_FROM, F_REPLY, F_LINK } filter_kind;

typedef struct rnode {
	rule_kind kind;
	int left, right; /* children (node indexes) */
	int term;        /* R_TERM */
	filter_kind filter;
	const char *value;
	int distance;
	bool juxtapose;
} rnode;

typedef struct rtree {
	rnode nodes[MAX_NODES];
	int n, root;
} rtree;

static const char *const vocab[][3] = {
	{ "acme", "ACME", "Acme" },
	{ "caf\xC3\xA9", "cafe", "CAF\xC3\x89" },
	{ "cr\xC3\xA8me", "creme", "Cr\xC3\xA8me" },
	{ "launch", "Launch", "LAUNCH" },
	{ "recall", "Recall", "recall" },
	{ "jobs", "Jobs", "JOBS" },
	{ "love", "Love", "LOVE" },
	{ "paris", "Paris", "PARIS" },
	{ "\xC3\xA9t\xC3\xA9", "ete", "\xC3\x89T\xC3\x89" },
	{ "2024", "2024", "2024" },
	{ "serum", "s\xC3\xA9rum", "Serum" },
	{ "nail", "Nail", "NAIL" },
	{ "art", "Art", "ART" },
	{ "cook", "Cook", "COOK" },
	{ "cooking", "Cooking", "COOKING" },
	{ "globex", "Globex", "GLOBEX" },
	{ "don't", "Don't", "don\xE2\x80\x99t" },
	{ "e-mail", "E-mail", "e-mail" },
};
#define NVOCAB (int)(sizeof(vocab) / sizeof(vocab[0]))

/* Words seen in the real-looking posts, folded, and their hashtags. */
static char **real_words, **real_tags;
static int nreal_words, nreal_tags;

static const char *const platforms[] = { "twitter", "instagram", "youtube", "tiktok" };
static const char *const handles[] = { "acme", "anna_glow0", "globex.fr" };

static int node(rtree *r, rule_kind kind)
{
	assert_true(r->n < MAX_NODES);
	memset(&r->nodes[r->n], 0, sizeof(r->nodes[0]));
	r->nodes[r->n].kind = kind;
	return r->n++;
}

static const char *a_word(bool real)
{
	if (real && nreal_words)
		return real_words[rnd((uint32_t)nreal_words)];
	return vocab[rnd(NVOCAB)][rnd(3)];
}

static int gen_term(clout_text *t, rtree *r, bool real)
{
	char text[128];
	term_kind kind = T_WORD;
	bool prefix = false;
	uint32_t pick = rnd(100);
	const char *w = a_word(real);
	if (pick < 45) {
		snprintf(text, sizeof(text), "%s", w);
	} else if (pick < 55) {
		/* a prefix of a single-word vocabulary word, at least 2 characters */
		bpost tw;
		tokens_of(t, w, &tw);
		if (tw.n != 1 || tw.toks[0].kind != CLOUT_TOKEN_WORD || strlen(tw.toks[0].folded) < 3 ||
			strchr(tw.toks[0].folded, '\''))
			snprintf(text, sizeof(text), "%s", w);
		else {
			size_t len = 2 + rnd((uint32_t)strlen(tw.toks[0].folded) - 1);
			while (len > 2 && (tw.toks[0].folded[len] & 0xC0) == 0x80)
				len--; /* whole characters only */
			snprintf(text, sizeof(text), "%.*s*", (int)len, tw.toks[0].folded);
			prefix = true;
		}
	} else if (pick < 70) {
		kind = T_HASHTAG;
		if (real && nreal_tags && rnd(2))
			snprintf(text, sizeof(text), "%s", real_tags[rnd((uint32_t)nreal_tags)]);
		else
			snprintf(text, sizeof(text), "#%s", vocab[rnd(NVOCAB - 2)][rnd(3)]);
	} else if (pick < 78) {
		kind = T_MENTION;
		snprintf(text, sizeof(text), "@%s", vocab[rnd(NVOCAB - 3)][rnd(3)]);
	} else if (pick < 82) {
		kind = T_CASHTAG;
		snprintf(text, sizeof(text), "$%s", rnd(2) ? "acme" : "GLBX");
	} else {
		kind = T_PHRASE;
		snprintf(text, sizeof(text), "%s %s", a_word(real), a_word(real));
	}
	int id = node(r, R_TERM);
	if (prefix && text[strlen(text) - 1] == '*')
		text[strlen(text) - 1] = '\0';
	r->nodes[id].term = intern(t, kind, prefix, text);
	return id;
}

static int gen_filter(rtree *r)
{
	int id = node(r, R_FILTER);
	rnode *nd = &r->nodes[id];
	nd->filter = (filter_kind)rnd(5);
	nd->value = nd->filter == F_LANG ? (rnd(2) ? "en" : "fr") : nd->filter == F_PLATFORM ? platforms[rnd(4)] :
		    nd->filter == F_FROM ? handles[rnd(3)] : NULL;
	return id;
}

static int gen_positional(clout_text *t, rtree *r, bool real)
{
	if (rnd(3))
		return gen_term(t, r, real);
	int id = node(r, R_OR);
	int left = gen_term(t, r, real), right = gen_term(t, r, real);
	r->nodes[id].left = left;
	r->nodes[id].right = right;
	return id;
}

static int gen_expr(clout_text *t, rtree *r, int depth, bool real)
{
	uint32_t pick = rnd(100);
	if (depth == 0 || pick < 30)
		return rnd(100) < 82 ? gen_term(t, r, real) : gen_filter(r);
	if (pick < 42) {
		int id = node(r, R_NOT);
		int child = gen_expr(t, r, depth - 1, real);
		r->nodes[id].left = child;
		return id;
	}
	if (pick < 52) {
		int id = node(r, R_NEAR);
		int left = gen_positional(t, r, real), right = gen_positional(t, r, real);
		r->nodes[id].left = left;
		r->nodes[id].right = right;
		r->nodes[id].distance = (int)rnd(4);
		return id;
	}
	int id = node(r, pick < 78 ? R_AND : R_OR);
	int left = gen_expr(t, r, depth - 1, real), right = gen_expr(t, r, depth - 1, real);
	r->nodes[id].left = left;
	r->nodes[id].right = right;
	r->nodes[id].juxtapose = rnd(2);
	return id;
}

static void print_rule(const rtree *r, int id, char *out, size_t cap)
{
	const rnode *nd = &r->nodes[id];
	size_t len = strlen(out);
	char *p = out + len;
	size_t room = cap - len;
	switch (nd->kind) {
	case R_TERM: {
		const bterm *b = &terms[nd->term];
		snprintf(p, room, b->kind == T_PHRASE ? "\"%s\"" : b->prefix ? "%s*" : "%s", b->text);
		break;
	}
	case R_FILTER: {
		static const char *const names[] = { "lang:", "platform:", "from:@", "is:reply", "has:link" };
		snprintf(p, room, "%s%s", names[nd->filter], nd->value ? nd->value : "");
		break;
	}
	case R_NOT:
		snprintf(p, room, "NOT ");
		print_rule(r, nd->left, out, cap);
		break;
	default:
		snprintf(p, room, "(");
		print_rule(r, nd->left, out, cap);
		len = strlen(out);
		if (nd->kind == R_NEAR)
			snprintf(out + len, cap - len, ") NEAR/%d (", nd->distance);
		else
			snprintf(out + len, cap - len, nd->kind == R_OR ? " OR " : nd->juxtapose ? " " : " AND ");
		print_rule(r, nd->right, out, cap);
		len = strlen(out);
		snprintf(out + len, cap - len, ")");
		break;
	}
}

/* ---- the brute-force evaluator ---- */

enum { V_FALSE, V_TRUE, V_UNKNOWN };

static int without_terms(const rtree *r, int id)
{
	const rnode *nd = &r->nodes[id];
	int a, b;
	switch (nd->kind) {
	case R_TERM:
	case R_NEAR:
		return V_FALSE;
	case R_FILTER:
		return V_UNKNOWN;
	case R_NOT:
		a = without_terms(r, nd->left);
		return a == V_UNKNOWN ? a : a == V_TRUE ? V_FALSE : V_TRUE;
	case R_AND:
		a = without_terms(r, nd->left);
		b = without_terms(r, nd->right);
		return a == V_FALSE || b == V_FALSE ? V_FALSE : a == V_TRUE && b == V_TRUE ? V_TRUE : V_UNKNOWN;
	default:
		a = without_terms(r, nd->left);
		b = without_terms(r, nd->right);
		return a == V_TRUE || b == V_TRUE ? V_TRUE : a == V_FALSE && b == V_FALSE ? V_FALSE : V_UNKNOWN;
	}
}

static int spans(const rtree *r, int id, const bpost *p, int first[], int last[], int cap)
{
	const rnode *nd = &r->nodes[id];
	if (nd->kind == R_OR) {
		int n = spans(r, nd->left, p, first, last, cap);
		return n + spans(r, nd->right, p, first + n, last + n, cap - n);
	}
	return occurrences(&terms[nd->term], p, first, last, cap);
}

static bool eval(const rtree *r, int id, const bpost *p)
{
	const rnode *nd = &r->nodes[id];
	int f1[MAX_TOKS * 2], l1[MAX_TOKS * 2], f2[MAX_TOKS * 2], l2[MAX_TOKS * 2], n1, n2;
	switch (nd->kind) {
	case R_TERM:
		return occurrences(&terms[nd->term], p, f1, l1, 1) > 0;
	case R_FILTER:
		switch (nd->filter) {
		case F_LANG: return !strcmp(p->lang, nd->value);
		case F_PLATFORM: return p->platform && !strcmp(p->platform, nd->value);
		case F_FROM: return p->author && !strcasecmp(p->author, nd->value);
		case F_REPLY: return p->reply;
		default: return p->link || p->url;
		}
	case R_NEAR:
		n1 = spans(r, nd->left, p, f1, l1, MAX_TOKS * 2);
		n2 = spans(r, nd->right, p, f2, l2, MAX_TOKS * 2);
		for (int i = 0; i < n1; i++)
			for (int j = 0; j < n2; j++) {
				/* words strictly between the spans; overlapping spans are adjacent */
				int gap = (f1[i] > f2[j] ? f1[i] : f2[j]) - (l1[i] < l2[j] ? l1[i] : l2[j]) - 1;
				if (gap <= nd->distance)
					return true;
			}
		return false;
	case R_NOT:
		return !eval(r, nd->left, p);
	case R_AND:
		return eval(r, nd->left, p) && eval(r, nd->right, p);
	default:
		return eval(r, nd->left, p) || eval(r, nd->right, p);
	}
}

/* ---- posts ---- */

static char *gen_text(void)
{
	static const char *const extras[] = { ",", "!", "-", "...", "https://acme.com/launch", "\xF0\x9F\x98\x80",
		"acmeco", "cookies", "l'acme", "(acme)", "#cooking", "$ACME", ":-)", "the", "le", "NEAR", "AND" };
	char buf[1024] = "";
	int n = 2 + (int)rnd(14);
	for (int k = 0; k < n; k++) {
		char word[160];
		uint32_t pick = rnd(100);
		const char *w = vocab[rnd(NVOCAB)][rnd(3)];
		if (pick < 55)
			snprintf(word, sizeof(word), "%s", w);
		else if (pick < 67)
			snprintf(word, sizeof(word), "#%s", w);
		else if (pick < 75)
			snprintf(word, sizeof(word), "@%s", w);
		else if (pick < 80)
			snprintf(word, sizeof(word), "%s%s", w, rnd(2) ? "," : "!");
		else
			snprintf(word, sizeof(word), "%s", extras[rnd(sizeof(extras) / sizeof(extras[0]))]);
		if (k) {
			size_t at = strlen(buf);
			snprintf(buf + at, sizeof(buf) - at, "%s", rnd(8) ? " " : "  ");
		}
		size_t at = strlen(buf);
		snprintf(buf + at, sizeof(buf) - at, "%s", word);
	}
	return strdup(buf);
}

static void fill_meta(bpost *p, const char *lang, const char *platform, const char *author, bool reply)
{
	snprintf(p->lang, sizeof(p->lang), "%s", lang);
	p->platform = platform;
	p->author = author;
	p->reply = reply;
}

static const char *const handwritten[] = {
	"Just tried the new @Acme serum and WOW \xF0\x9F\x98\x8D #skincare #ad",
	"@AcmeSupport my order #4512 never arrived, 3 weeks now. Not happy!!!",
	"Acme vs Globex: which one do you prefer? \xF0\x9F\xA4\x94 https://t.co/xyz",
	"RT @globex: Big launch tomorrow in Paris! #GlobexLaunch",
	"J'adore la nouvelle cr\xC3\xA8me d'Acme, elle sent trop bon \xF0\x9F\x92\x95 #pub",
	"Franchement d\xC3\xA9\xC3\xA7u par le s\xC3\xA9rum Acme... rembours\xC3\xA9 ?",
	"Acme recall: what you need to know about the recalled batch",
	"Not sure about $ACME earnings, holding for now",
	"Hiring! Acme jobs in Paris and Lyon, apply at www.acme.com/jobs",
	"soooo good, acme cooking class was amazing!!! :-)",
	"partenariat r\xC3\xA9mun\xC3\xA9r\xC3\xA9 avec @acme pour la rentr\xC3\xA9" "e #sponsoris\xC3\xA9",
	"the ACME-COOK e-mail came through, don't worry",
	"l'Acme de Paris est ferm\xC3\xA9 cet \xC3\xA9t\xC3\xA9",
	"Nail art by @anna_glow0 using Acme polish \xF0\x9F\x92\x85\xF0\x9F\x8F\xBD #nailart #NailArt",
	"Cooking with the new Acme pan \xE2\x80\x94 love it. #HomeCooking",
};

static int load_posts(clout_text *t, bpost **out)
{
	int cap = NGEN_POSTS + 600, n = 0;
	bpost *posts = calloc((size_t)cap, sizeof(*posts));
	assert_non_null(posts);
	for (int k = 0; k < NGEN_POSTS; k++, n++) {
		posts[n].text = gen_text();
		fill_meta(&posts[n], rnd(2) ? "en" : "fr", platforms[rnd(4)], rnd(3) ? handles[rnd(3)] : NULL, rnd(4) == 0);
		posts[n].link = rnd(10) == 0;
	}
	for (size_t k = 0; k < sizeof(handwritten) / sizeof(handwritten[0]); k++, n++) {
		posts[n].text = strdup(handwritten[k]);
		fill_meta(&posts[n], k == 4 || k == 5 || k == 10 || k == 12 ? "fr" : "en", platforms[k % 4],
			handles[k % 3], k == 1);
	}
	char path[1024];
	const char *src = getenv("CLOUT_SOURCE");
	snprintf(path, sizeof(path), "%s/tests/fixtures/listen/gen_posts.jsonl", src ? src : "../..");
	FILE *in = fopen(path, "rb");
	assert_non_null(in);
	char line[8192];
	while (fgets(line, sizeof(line), in) && n < cap) {
		json_t *doc = json_loads(line, 0, NULL);
		assert_non_null(doc);
		const char *kind = json_string_value(json_object_get(doc, "kind"));
		posts[n].text = strdup(json_string_value(json_object_get(doc, "text")));
		fill_meta(&posts[n], json_string_value(json_object_get(doc, "lang")), platforms[rnd(4)], handles[rnd(3)],
			kind && !strcmp(kind, "reply"));
		json_decref(doc);
		n++;
	}
	fclose(in);
	for (int k = 0; k < n; k++)
		tokens_of(t, posts[k].text, &posts[k]);
	*out = posts;
	return n;
}

/* Collects the folded words and hashtags of the real-looking posts for rules over them. */
static void collect_real_vocab(bpost *posts, int from, int to)
{
	real_words = calloc(MAX_TERMS, sizeof(char *));
	real_tags = calloc(MAX_TERMS, sizeof(char *));
	for (int k = from; k < to; k++)
		for (int j = 0; j < posts[k].n; j++) {
			const btok *tok = &posts[k].toks[j];
			if ((tok->kind == CLOUT_TOKEN_WORD) && nreal_words < MAX_TERMS && !rnd(3))
				real_words[nreal_words++] = strdup(tok->folded);
			if (tok->kind == CLOUT_TOKEN_HASHTAG && nreal_tags < MAX_TERMS)
				real_tags[nreal_tags++] = strdup(tok->folded);
		}
}

typedef struct hits {
	uint8_t *row;
} hits;

static int note(void *ctx, uint32_t id)
{
	hits *h = ctx;
	h->row[id] = 1;
	return 0;
}

static void test_agree__random_rules_over_posts(void **state)
{
	clout_text *t = *state;
	bpost *posts;
	int nposts = load_posts(t, &posts);
	collect_real_vocab(posts, NGEN_POSTS, nposts);
	terms = calloc(MAX_TERMS, sizeof(*terms));
	rtree *rules = calloc(NRULES, sizeof(*rules));
	int32_t *engine_id = calloc(NRULES, sizeof(*engine_id));
	bool *removed = calloc(NRULES, sizeof(*removed));
	clout_listen_set *set;
	clout_listen_matcher *m;
	clout_error err = { 0 };
	assert_int_equal(clout_listen_set_new(&set, &err), 0);
	assert_int_equal(clout_listen_matcher_new(&m, t, &err), 0);
	int valid = 0, refused = 0;
	char text[4096];
	for (int k = 0; k < NRULES; k++) {
		rtree *r = &rules[k];
		r->root = gen_expr(t, r, 4, k % 2 == 1);
		text[0] = '\0';
		print_rule(r, r->root, text, sizeof(text));
		uint32_t id;
		int rc = clout_listen_set_add(set, t, NULL, text, &id, &err);
		bool anchored = without_terms(r, r->root) == V_FALSE;
		if (anchored != (rc == 0))
			fail_msg("rule %s: engine %s (%s), brute force says %s", text, rc == 0 ? "took it" : "refused it",
				err.message, anchored ? "valid" : "unanchored");
		engine_id[k] = rc == 0 ? (int32_t)id : -1;
		valid += rc == 0;
		refused += rc != 0;
		/* all but the last 50 rules go into the main database; those into the second one */
		if (k == NRULES - 51)
			assert_int_equal(clout_listen_set_compile(set, false, &err), 0);
	}
	assert_int_equal(clout_listen_set_compile(set, false, &err), 0);
	/* removed rules stop matching */
	for (int k = 0; k < NRULES; k += 97)
		if (engine_id[k] >= 0) {
			assert_int_equal(clout_listen_set_remove(set, (uint32_t)engine_id[k], &err), 0);
			removed[k] = true;
		}
	uint8_t *row = calloc(clout_listen_set_count(set), 1);
	long agree_true = 0, agree_false = 0;
	for (int p = 0; p < nposts; p++) {
		bpost *bp = &posts[p];
		clout_listen_post post = { bp->text, strlen(bp->text), bp->lang, bp->platform, bp->author, bp->reply,
			bp->link };
		hits h = { row };
		memset(row, 0, clout_listen_set_count(set));
		assert_int_equal(clout_listen_match(m, set, &post, note, &h, &err), 0);
		for (int k = 0; k < NRULES; k++) {
			if (engine_id[k] == -1)
				continue;
			/* a removed rule must stay silent */
			bool want = !removed[k] && eval(&rules[k], rules[k].root, bp);
			bool got = row[engine_id[k]];
			if (want != got) {
				text[0] = '\0';
				print_rule(&rules[k], rules[k].root, text, sizeof(text));
				fail_msg("post \"%s\" (lang %s, platform %s, author %s, reply %d, link %d)\nrule %s\nengine %d, "
					 "brute force %d",
					bp->text, bp->lang, bp->platform, bp->author ? bp->author : "-", bp->reply, bp->link, text,
					got, want);
			}
			agree_true += want;
			agree_false += !want;
		}
	}
	print_message("%d rules (%d refused as unanchored) x %d posts: %ld matches, %ld non-matches agree\n", valid,
		refused, nposts, agree_true, agree_false);
	/* the test means something only if both outcomes are common */
	assert_true(valid > NRULES / 2);
	assert_true(agree_true > 5000);
	assert_true(agree_false > 100000);
	free(row);
	clout_listen_matcher_free(m);
	clout_listen_set_free(set);
	for (int k = 0; k < nposts; k++)
		free(posts[k].text);
	free(posts);
	for (int k = 0; k < nreal_words; k++)
		free(real_words[k]);
	for (int k = 0; k < nreal_tags; k++)
		free(real_tags[k]);
	free(real_words);
	free(real_tags);
	free(terms);
	free(rules);
	free(engine_id);
	free(removed);
}

/* The scan text as the listening module defines it, built here from clout_text_tokenize's tokens. */
typedef struct ref_scan {
	char text[16384];
	size_t len;
	uint32_t starts[2048];
	uint32_t n;
	bool url;
} ref_scan;

static int ref_token(void *ctx, const clout_token *tok)
{
	ref_scan *r = ctx;
	if (tok->kind == CLOUT_TOKEN_URL)
		r->url = true;
	if (tok->kind != CLOUT_TOKEN_WORD && tok->kind != CLOUT_TOKEN_NUMBER && tok->kind != CLOUT_TOKEN_HASHTAG &&
		tok->kind != CLOUT_TOKEN_MENTION && tok->kind != CLOUT_TOKEN_CASHTAG)
		return 0;
	assert_true(r->len + tok->folded_len + 1 < sizeof(r->text) && r->n < 2048);
	r->starts[r->n++] = (uint32_t)r->len;
	for (size_t i = 0; i < tok->folded_len; i++)
		r->text[r->len++] = tok->folded[i] == ' ' ? '\x1f' : tok->folded[i];
	r->text[r->len++] = ' ';
	return 0;
}

static void scan_agrees(clout_text *t, const char *text, clout_buf *out, uint32_t **starts, uint32_t *cap)
{
	static ref_scan ref;
	uint32_t n = 0;
	bool url = false;
	ref.len = 0;
	ref.n = 0;
	ref.url = false;
	ref.text[ref.len++] = ' ';
	assert_int_equal(clout_text_tokenize(t, text, strlen(text), ref_token, &ref), 0);
	assert_int_equal(clout__listen_scan_text(t, text, strlen(text), out, starts, cap, &n, &url), 0);
	if (out->len != ref.len || memcmp(out->ptr, ref.text, ref.len))
		fail_msg("scan text of '%s': '%.*s', tokens say '%.*s'", text, (int)out->len, out->ptr, (int)ref.len, ref.text);
	assert_int_equal(n, ref.n);
	assert_memory_equal(*starts, ref.starts, n * sizeof(uint32_t));
	assert_int_equal(url, ref.url);
}

/* The matcher's scan text (folded by the tokenizer straight into its buffer) is exactly the word-like
 * tokens clout_text_tokenize gives, on every post here and on text made to be awkward. */
static void test_agree__scan_text_is_the_tokens(void **state)
{
	clout_text *t = *state;
	static const char *const awkward[] = {
		"", "   ", "a", "#", "@", "$", "$acme", "$ACME1", "#_x @_ #tag_ @h.andle", "sooooo goooood!!!",
		"ÉTÉ à Paris, l'été d'Acme qu'il aime", "don't won\xE2\x80\x99t l\xE2\x80\x99" "amour", "1,000 3.5 10:30 1.a",
		"http://x.y/z?a=1. www.acme.com) https://t.co/x", "\xEF\xB7\xBA and \xE3\x8F\x82 and \xC2\xBD", "\xEF\xB7\xBB x\xEF\xB7\xBB" "y #\xEF\xB7\xBB",
		"\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD#tag\xF0\x9F\x98\x8D@who", ":-) :D xD :p :P <3 (see below):",
		"\xFF\xFE broken \xC3 utf8 \xE2\x82", "ＡＣＭＥ ｆｕｌｌ ｗｉｄｔｈ", "Ǆ ǅ ǆ ß ẞ İ ı",
		"caf\xC3\xA9 cafe\xCC\x81 #caf\xC3\xA9 @caf\xC3\xA9", "tab\there\nnew\rline\x7f\x01end",
	};
	clout_buf out = CLOUT_BUF_INIT;
	uint32_t *starts = NULL, cap = 0;
	for (size_t k = 0; k < sizeof(awkward) / sizeof(awkward[0]); k++)
		scan_agrees(t, awkward[k], &out, &starts, &cap);
	bpost *posts;
	int nposts = load_posts(t, &posts);
	for (int k = 0; k < nposts; k++) {
		scan_agrees(t, posts[k].text, &out, &starts, &cap);
		free(posts[k].text);
	}
	/* random bytes from an alphabet of what tokenizing turns on */
	static const char *const bits[] = { "a", "Z", "9", " ", "#", "@", "$", "'", ".", ",", ":", "-", "_", "!", "(",
		")", "http://", "www.", "\xC3\xA9", "\xE2\x80\x99", "\xF0\x9F\x98\x8D", "\xCC\x81", "\xEF\xB7\xBA",
		"\xFF", "ooo", "l'", ":-)", "\xEF\xB7\xBB" };
	for (int k = 0; k < 20000; k++) {
		char text[256] = "";
		size_t len = 0;
		for (int j = (int)rnd(24); j > 0; j--) {
			const char *b = bits[rnd(sizeof(bits) / sizeof(bits[0]))];
			size_t n = strlen(b);
			memcpy(text + len, b, n);
			len += n;
		}
		text[len] = '\0';
		scan_agrees(t, text, &out, &starts, &cap);
	}
	free(posts);
	free(starts);
	clout_buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_agree__scan_text_is_the_tokens),
		cmocka_unit_test(test_agree__random_rules_over_posts),
	};
	return cmocka_run_group_tests(tests, text_setup, text_teardown);
}
