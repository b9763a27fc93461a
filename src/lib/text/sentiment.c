/*
 * sentiment.c: lexicon-and-rules sentiment for short posts. Tokens become "units" (words, parts
 * of hashtags, emoji, emoticons) with valences from the language's lexicon (or, for an unknown
 * inflection, from its Snowball stem); multi-word entries (idioms, "can't stand", "pas mal")
 * replace their words; then each valence is shaped by the rules of data/text/<lang>/rules.txt:
 * boosters and dampeners before it, negation in its clause (before it, and for French after it:
 * "j'aime pas"), ALL CAPS and elongation, and the contrastive "but"/"mais" of its sentence.
 * The sum, with exclamation emphasis and sarcasm markers, is squashed into [-1, 1].
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/text/text_internal.h"
#include "util/banned.h"

typedef struct clout__unit {
	uint32_t off, len;   /* folded text: in t->fold, or in t->scratch when in_scratch */
	bool in_scratch;
	bool consumed;       /* part of a phrase matched at an earlier unit */
	bool word;           /* has letters (counts toward "mixed case") */
	uint8_t tok_flags;   /* CLOUT_TOKEN_* */
	uint32_t flags;      /* LEX_* of its entry */
	float valence, booster;
	int clause, sentence;
	int8_t contrast;     /* -1 before its sentence's "but", +1 after it, 0 no "but" */
	uint8_t phrase_words; /* for a phrase head: most words of a phrase starting here */
} clout__unit;

typedef struct scorer {
	clout_text *t;
	clout__lang *lang;
	clout__unit *u;
	size_t n;
	int clause, sentence;
	int exclamations, questions;
	bool sarcasm;
} scorer;

static const char *unit_text(const clout_text *t, const clout__unit *u)
{
	return (u->in_scratch ? t->scratch.ptr : t->fold.ptr) + u->off;
}

static clout__unit *add_unit(scorer *s)
{
	clout_text *t = s->t;
	if (s->n == t->units_cap) {
		size_t cap = t->units_cap ? t->units_cap * 2 : 64;
		clout__unit *u = realloc(t->units, cap * sizeof(*u));
		if (!u)
			return NULL;
		t->units = u;
		t->units_cap = cap;
	}
	s->u = t->units;
	clout__unit *u = &s->u[s->n++];
	memset(u, 0, sizeof(*u));
	u->clause = s->clause;
	u->sentence = s->sentence;
	return u;
}

/* Looks a folded word up, trying elongation cuts ("gooood" -> "good" -> "god") and its stem. */
static void lookup(scorer *s, clout__unit *u, const char *w, size_t n, uint64_t hash)
{
	const clout__lex_entry *e = clout__lex_get_h(&s->lang->words, w, n, hash);
	char cut[64];
	if ((!e || !(e->flags & ~(uint32_t)LEX_STOPWORD)) && (u->tok_flags & CLOUT_TOKEN_ELONGATED) && n < sizeof(cut)) {
		size_t m = 0;
		for (size_t i = 0; i < n; i++)
			if (!m || cut[m - 1] != w[i])
				cut[m++] = w[i];
		const clout__lex_entry *e2 = clout__lex_get(&s->lang->words, cut, m);
		if (e2)
			e = e2;
	}
	if (e) {
		u->phrase_words = e->phrase_words;
		u->flags = e->flags;
		u->valence = (e->flags & LEX_VALENCE) ? e->valence : 0;
		u->booster = e->booster;
		if (e->flags & ~(uint32_t)(LEX_STOPWORD | LEX_PHRASE_HEAD))
			return;
	}
	/* an inflection the lexicon lacks: its stem's mean valence */
	/* (a word with digits or an apostrophe just misses: the stem table holds letters only) */
	if (!s->lang->stem_fallback || n < 4 || n > 40 || (u->tok_flags & CLOUT_TOKEN_NON_ASCII && s->lang == &s->t->en))
		return;
	clout__stem_slot *slot = clout__stem_slot_get(s->lang, w, n, hash);
	if (!slot)
		return;
	if (!slot->valence_state) {
		const clout__lex_entry *se = clout__lex_get(&s->lang->stems, slot->stem, slot->stem_len);
		slot->valence_state = se ? 2 : 1;
		slot->valence = se ? se->valence : 0;
	}
	if (slot->valence_state == 2) {
		u->valence = (float)(slot->valence * s->lang->stem_scale);
		u->flags |= LEX_VALENCE;
	}
}

static int add_word(scorer *s, uint32_t off, uint32_t len, bool in_scratch, uint8_t tok_flags, uint64_t hash)
{
	clout__unit *u = add_unit(s);
	if (!u)
		return CLOUT_ENOMEM;
	u->off = off;
	u->len = len;
	u->in_scratch = in_scratch;
	u->tok_flags = tok_flags;
	u->word = true;
	lookup(s, u, unit_text(s->t, u), len, hash);
	return 0;
}

typedef struct part_ctx {
	scorer *s;
	const char *body;
} part_ctx;

static int hashtag_part(void *vctx, size_t off, size_t len)
{
	part_ctx *c = vctx;
	clout_buf *b = &c->s->t->scratch;
	size_t start = b->len;
	if (clout__fold(b, c->body + off, len) < 0)
		return CLOUT_ENOMEM;
	uint8_t flags = 0;
	for (size_t i = 0; i < len; i++)
		if (c->body[off + i] >= 'A' && c->body[off + i] <= 'Z')
			flags = CLOUT_TOKEN_HAS_UPPER;
	return add_word(c->s, (uint32_t)start, (uint32_t)(b->len - start), true, flags, clout__hash(b->ptr + start, b->len - start));
}

static void punctuation(scorer *s, const char *p, size_t n)
{
	switch (p[0]) {
	case '!':
		s->exclamations += (int)n;
		s->sentence++;
		s->clause++;
		break;
	case '?':
		s->questions += (int)n;
		s->sentence++;
		s->clause++;
		break;
	case '.':
	case ';':
		s->sentence++;
		s->clause++;
		break;
	case ',':
	case ':':
	case '(':
	case ')':
	case '"':
	case '[':
	case ']':
		s->clause++;
		break;
	default:
		break;
	}
}

static int build_units(scorer *s, const char *text)
{
	clout_text *t = s->t;
	clout_buf_clear(&t->scratch);
	for (size_t i = 0; i < t->ntoks; i++) {
		const clout__tok *k = &t->toks[i];
		const char *folded = t->fold.ptr + k->fold_off;
		clout__unit *u;
		const clout__lex_entry *e;
		int rc = 0;
		switch (k->kind) {
		case CLOUT_TOKEN_WORD:
			rc = add_word(s, k->fold_off, k->fold_len, false, k->flags, k->hash);
			break;
		case CLOUT_TOKEN_HASHTAG:
			e = clout__lex_get_h(&s->lang->words, folded, k->fold_len, k->hash);
			if (e && (e->flags & LEX_SARCASM)) {
				s->sarcasm = true;
				break;
			}
			{
				part_ctx c = { s, text + k->off + 1 };
				rc = clout__split_camel(c.body, k->len - 1, hashtag_part, &c);
			}
			break;
		case CLOUT_TOKEN_EMOJI:
		case CLOUT_TOKEN_EMOTICON:
			if (k->kind == CLOUT_TOKEN_EMOJI) {
				/* the language's own valence first (rules and user lexicons), then the
				 * description's; a skin tone or ZWJ sequence falls back on its base emoji */
				size_t first = 1;
				while (first < k->fold_len && ((unsigned char)folded[first] & 0xC0) == 0x80)
					first++;
				e = clout__lex_get_h(&s->lang->words, folded, k->fold_len, k->hash);
				if (!e && first < k->fold_len)
					e = clout__lex_get(&s->lang->words, folded, first);
				if (!e)
					e = clout__lex_get_h(&t->emoji, folded, k->fold_len, k->hash);
				if (!e && first < k->fold_len)
					e = clout__lex_get(&t->emoji, folded, first);
			} else {
				e = clout__lex_get(&s->lang->words, folded, k->fold_len);
				if (!e)
					e = clout__lex_get(&t->en.words, folded, k->fold_len);
			}
			if (e && (e->flags & LEX_SARCASM))
				s->sarcasm = true;
			if (!e || !(e->flags & LEX_VALENCE))
				break;
			if (!(u = add_unit(s)))
				return CLOUT_ENOMEM;
			u->off = k->fold_off;
			u->len = k->fold_len;
			u->valence = (float)(e->valence * (k->kind == CLOUT_TOKEN_EMOJI ? s->lang->emoji_scale : 1.0));
			u->flags = LEX_VALENCE;
			break;
		case CLOUT_TOKEN_PUNCT:
			punctuation(s, folded, k->fold_len);
			break;
		default:
			break;
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

/*
 * Multi-word entries: the longest phrase starting at a head replaces its words. Keys grow a word
 * at a time and the walk stops at the first key that is neither an entry nor a prefix of one.
 */
static void match_phrases(scorer *s)
{
	const uint32_t roles = LEX_VALENCE | LEX_NEGATOR | LEX_NEG_AFTER_NE | LEX_BOOSTER | LEX_CONTRAST | LEX_SARCASM |
			       LEX_NEUTRAL | LEX_SCOPE_END;
	char key[256];
	for (size_t i = 0; i < s->n; i++) {
		clout__unit *u = &s->u[i];
		if (!(u->flags & LEX_PHRASE_HEAD) || u->consumed)
			continue;
		size_t n = u->len, best_words = 0;
		const clout__lex_entry *best = NULL;
		if (n >= sizeof(key))
			continue;
		memcpy(key, unit_text(s->t, u), n);
		for (size_t j = i + 1; j < s->n && j - i < u->phrase_words; j++) {
			const clout__unit *w = &s->u[j];
			if (!w->word || w->clause != u->clause || n + w->len + 1 >= sizeof(key))
				break;
			key[n++] = ' ';
			memcpy(key + n, unit_text(s->t, w), w->len);
			n += w->len;
			const clout__lex_entry *e = clout__lex_get(&s->lang->words, key, n);
			if (!e)
				break;
			if (e->flags & roles) {
				best = e;
				best_words = j - i + 1;
			}
		}
		if (!best)
			continue;
		u->flags = best->flags;
		u->valence = (best->flags & LEX_VALENCE) ? best->valence : 0;
		u->booster = best->booster;
		for (size_t j = i + 1; j < i + best_words; j++) {
			s->u[j].consumed = true;
			s->u[j].flags = 0;
			s->u[j].valence = 0;
		}
	}
}

static bool is_negator_at(const scorer *s, size_t j)
{
	const clout__unit *w = &s->u[j];
	if (w->consumed)
		return false;
	if (w->flags & LEX_NEGATOR)
		return true;
	if (w->flags & LEX_NEG_AFTER_NE) {
		/* "ne ... plus": only with a "ne" shortly before, else "plus" means "more" */
		for (size_t d = 1; d <= 3 && d <= j; d++)
			if ((s->u[j - d].flags & LEX_NEGATOR) && s->u[j - d].clause == w->clause)
				return true;
	}
	return false;
}

static bool negated(const scorer *s, size_t i)
{
	const clout__unit *u = &s->u[i];
	for (size_t d = 1; d <= (size_t)s->lang->negation_window && d <= i; d++) {
		const clout__unit *w = &s->u[i - d];
		if (w->clause != u->clause || (w->flags & (LEX_SCOPE_END | LEX_CONTRAST)))
			break;
		if (is_negator_at(s, i - d))
			return true;
	}
	for (size_t d = 1; d <= (size_t)s->lang->negation_lookahead && i + d < s->n; d++) {
		const clout__unit *w = &s->u[i + d];
		if (w->clause != u->clause || (w->flags & (LEX_SCOPE_END | LEX_CONTRAST)))
			break;
		if (is_negator_at(s, i + d))
			return true;
	}
	return false;
}

/* "but"/"mais": what follows the first one in a sentence is what the writer means. */
static void mark_contrast(scorer *s)
{
	for (size_t a = 0, b; a < s->n; a = b) {
		size_t c = SIZE_MAX;
		for (b = a; b < s->n && s->u[b].sentence == s->u[a].sentence; b++)
			if (c == SIZE_MAX && (s->u[b].flags & LEX_CONTRAST) && !s->u[b].consumed)
				c = b;
		if (c == SIZE_MAX)
			continue;
		for (size_t i = a; i < b; i++)
			s->u[i].contrast = (int8_t)(i < c ? -1 : i > c ? 1 : 0);
	}
}

static double sign(double v)
{
	return v < 0 ? -1 : 1;
}

/* The valence of unit i after boosters, caps, elongation and negation. */
static double shaped_valence(const scorer *s, size_t i, bool mixed_case)
{
	const clout__unit *u = &s->u[i];
	const clout__lang *l = s->lang;
	double v = u->valence;
	if (mixed_case && (u->tok_flags & CLOUT_TOKEN_ALL_CAPS))
		v += sign(v) * l->caps_boost;
	if (u->tok_flags & CLOUT_TOKEN_ELONGATED)
		v += sign(v) * l->elongation_boost;
	for (size_t d = 1; d <= 3 && d <= i; d++) {
		const clout__unit *w = &s->u[i - d];
		if (w->clause != u->clause)
			break;
		if (!(w->flags & LEX_BOOSTER) || w->consumed)
			continue;
		double b = w->booster * (1.0 - 0.05 * (double)(d - 1));
		if (mixed_case && (w->tok_flags & CLOUT_TOKEN_ALL_CAPS))
			b += sign(b) * l->caps_boost;
		double nv = v + sign(v) * b;
		v = sign(nv) == sign(v) ? nv : sign(v) * 0.05;
	}
	if (negated(s, i))
		v *= l->negation_scalar;
	return v;
}

static void score_units(scorer *s, clout_sentiment *out)
{
	const clout__lang *l = s->lang;
	int caps = 0, words = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (!s->u[i].word)
			continue;
		words++;
		caps += (s->u[i].tok_flags & CLOUT_TOKEN_ALL_CAPS) != 0;
	}
	bool mixed_case = caps > 0 && caps < words;

	double sum = 0, pos = 0, neg = 0;
	int neutral = 0, valenced = 0;
	for (size_t i = 0; i < s->n; i++) {
		const clout__unit *u = &s->u[i];
		if (u->consumed)
			continue;
		if (u->flags & LEX_SARCASM)
			s->sarcasm = true;
		if (!(u->flags & LEX_VALENCE) || (u->flags & LEX_BOOSTER) || u->valence == 0) {
			neutral++;
			continue;
		}
		double v = shaped_valence(s, i, mixed_case);
		if (u->contrast)
			v *= u->contrast > 0 ? l->contrast_after : l->contrast_before;
		if (v < 0)
			v *= l->negative_weight;
		sum += v;
		valenced++;
		if (v > 0)
			pos += v + 1;
		else if (v < 0)
			neg += v - 1;
	}
	if (valenced > 1 && l->length_norm > 0)
		sum /= l->length_norm == 0.5 ? sqrt((double)valenced) : pow((double)valenced, l->length_norm);
	if (sum != 0) {
		int excl = s->exclamations < l->exclamation_max ? s->exclamations : l->exclamation_max;
		double emphasis = excl * l->exclamation_boost;
		if (s->questions > 1)
			emphasis += (s->questions > 3 ? 3 : s->questions) * l->question_boost;
		sum += sign(sum) * emphasis;
		if (sum > 0)
			pos += emphasis;
		else
			neg -= emphasis;
	}
	if (s->sarcasm && sum > 0)
		sum *= l->sarcasm_scalar;
	double compound = sum / sqrt(sum * sum + l->alpha);
	if (compound > 1)
		compound = 1;
	if (compound < -1)
		compound = -1;
	out->compound = compound;
	double total = pos - neg + neutral;
	if (total > 0) {
		out->pos = pos / total;
		out->neg = -neg / total;
		out->neu = neutral / total;
	} else {
		out->pos = out->neg = 0;
		out->neu = 1;
	}
	out->label = compound >= 0.05 ? "positive" : compound <= -0.05 ? "negative" : "neutral";
}

static void set_code(char out[4], const char *code)
{
	size_t n = strlen(code);
	memcpy(out, code, n < 3 ? n + 1 : 4);
	out[3] = '\0';
}

int clout_text_sentiment(clout_text *t, const char *text, size_t len, const char *lang, clout_sentiment *out)
{
	scorer s = { 0 };
	int rc;
	memset(out, 0, sizeof(*out));
	out->label = "neutral";
	out->neu = 1;
	set_code(out->lang, "und");
	if ((rc = clout__tokenize(t, text, len)) < 0)
		return rc;
	s.t = t;
	s.u = t->units;
	if (!lang || !strcmp(lang, "auto")) {
		int id = clout__detect_tokens(t, text);
		s.lang = id == 1 ? &t->fr : &t->en;
		set_code(out->lang, id == 0 ? "en" : id == 1 ? "fr" : "und");
	} else if (!strcmp(lang, "en") || !strcmp(lang, "fr")) {
		s.lang = lang[0] == 'e' ? &t->en : &t->fr;
		set_code(out->lang, lang);
	} else {
		return CLOUT_EINVAL;
	}
	if ((rc = build_units(&s, text)) < 0)
		return rc;
	match_phrases(&s);
	mark_contrast(&s);
	score_units(&s, out);
	return 0;
}
