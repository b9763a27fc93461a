/*
 * text_internal.h: what the text engine's files share: the word table (lexicon + rules), the token
 * array the tokenizer fills, the per-language rules and the clout_text handle itself.
 */
#ifndef CLOUT_TEXT_INTERNAL_H
#define CLOUT_TEXT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clout/text.h"
#include "util/buf.h"

struct sb_stemmer;

/* Roles a word (or phrase) can play; one word may have several. */
enum {
	LEX_VALENCE = 1u << 0,   /* carries sentiment valence */
	LEX_NEGATOR = 1u << 1,   /* flips what follows in its scope ("not", "ne", "jamais") */
	LEX_NEG_AFTER_NE = 1u << 2, /* a negator only after "ne"/"n'" ("plus") */
	LEX_BOOSTER = 1u << 3,   /* intensifier (booster > 0) or dampener (booster < 0) */
	LEX_CONTRAST = 1u << 4,  /* "but": what precedes weighs less, what follows more */
	LEX_STOPWORD = 1u << 5,  /* dropped from index terms */
	LEX_SARCASM = 1u << 6,   /* a sarcasm marker ("#sarcasm", "/s") */
	LEX_PHRASE_HEAD = 1u << 7, /* first word of a multi-word entry */
	LEX_SCOPE_END = 1u << 8, /* ends a negation scope ("and" does not, "because" does) */
	LEX_NEUTRAL = 1u << 9    /* explicitly neutral: no valence even by stem */
};

typedef struct clout__lex_entry {
	uint64_t hash;
	uint32_t key_off, key_len;
	float valence;
	float booster;
	uint32_t flags;
	uint8_t phrase_words; /* for a phrase head: most words in a phrase starting with it */
	uint16_t langs;       /* language-id: bit per language that uses this word */
} clout__lex_entry;

/* An open-addressing hash table from folded strings to entries; keys live in one buffer. */
typedef struct clout__lex {
	clout__lex_entry *slots;
	size_t cap, count;
	clout_buf keys;
} clout__lex;

uint64_t clout__hash(const char *s, size_t n);
void clout__lex_release(clout__lex *l);
const clout__lex_entry *clout__lex_get(const clout__lex *l, const char *key, size_t n);
/* Finds or inserts key; *out points into the table until the next insert. */
int clout__lex_put(clout__lex *l, const char *key, size_t n, clout__lex_entry **out);

/* A token as the tokenizer keeps it: folded text as an offset into the handle's fold buffer. */
typedef struct clout__tok {
	uint8_t kind;  /* clout_token_kind */
	uint8_t flags; /* CLOUT_TOKEN_* flags */
	uint32_t off, len;
	uint32_t fold_off, fold_len;
} clout__tok;

/* Per-language sentiment rules, loaded from data/text/<lang>/rules.txt and the lexicons. */
typedef struct clout__lang {
	char code[4];
	clout__lex words; /* lexicon, rules and stopwords, folded keys */
	clout__lex stems; /* stem -> mean valence of single-word lexicon entries, for unknown forms */
	struct sb_stemmer *stemmer;
	double negation_scalar;  /* a negated valence is multiplied by this */
	int negation_window;     /* how many words back a negator reaches */
	double contrast_before, contrast_after;
	double caps_boost;       /* added to |valence| of an ALL-CAPS word in mixed-case text */
	double elongation_boost; /* added to |valence| of an elongated word */
	double exclamation_boost; /* per '!', up to exclamation_max */
	int exclamation_max;
	double question_boost;
	double alpha;            /* compound = s / sqrt(s^2 + alpha) */
	double emoji_scale;      /* emoji valence multiplier */
	double sarcasm_scalar;   /* a positive score with a sarcasm marker is multiplied by this */
	int negation_lookahead;  /* how many words after a valence word a negator reaches ("j'aime pas") */
	double stem_scale;       /* valence of a word known only by its stem is multiplied by this */
	double sd_weight;        /* a lexicon valence with rater spread sd is scaled by 1 / (1 + sd_weight * sd) */
	double length_norm;
	double negative_weight;  /* negative evidence is multiplied by this (negativity bias) */      /* the sum is divided by (valenced units)^length_norm before squashing */
	bool stem_fallback;
} clout__lang;

#define CLOUT__LANG_MAX 16

struct clout_text {
	clout__lang en, fr;
	clout__lex emoji;      /* emoji grapheme -> valence (from its description, scored in English) */
	clout__lex emoticons;  /* emoticons the tokenizer recognises (folded) */
	size_t emoticon_max;   /* longest emoticon in bytes */
	clout__lex elisions;   /* "l'", "qu'": split off the word they elide into */
	clout__lex langid;     /* function words -> language bits */
	char langid_names[CLOUT__LANG_MAX][4];
	int langid_count;
	uint32_t langid_chars[64]; /* code points that hint at a language */
	uint16_t langid_char_langs[64];
	int langid_char_count;

	/* scratch, reused from call to call */
	struct clout__unit *units;
	size_t units_cap;
	clout__tok *toks;
	size_t ntoks, toks_cap;
	clout_buf fold;
	clout_buf scratch;
};

/* Tokenizes text into t->toks / t->fold. Returns 0 or CLOUT_ENOMEM. */
int clout__tokenize(clout_text *t, const char *text, size_t len);

/* Appends the folded form of text[0..len) (case folded, marks stripped) to b. */
int clout__fold(clout_buf *b, const char *text, size_t len);

/*
 * Splits a hashtag body (without '#') into words on camel case, digits and '_', calling fn with
 * each part's byte range in body. Returns fn's first non-zero value or 0.
 */
typedef int (*clout__part_fn)(void *ctx, size_t off, size_t len);
int clout__split_camel(const char *body, size_t len, clout__part_fn fn, void *ctx);

/* Language of the tokens in t->toks: 0 en, 1 fr, -1 und. */
int clout__detect_tokens(const clout_text *t, const char *text);

/* Loading (load.c). */
int clout__text_load(clout_text *t, clout_error *err);
int clout__load_lexicon_text(clout_text *t, clout__lang *lang, const char *name, const char *data,
	size_t size, double scale, bool keep_existing, clout_error *err);
void clout__lang_release(clout__lang *l);

/* Stems folded word w with lang's stemmer; returns a pointer borrowed from the stemmer. */
const char *clout__stem(clout__lang *lang, const char *w, size_t n, size_t *out_len);

#endif
