/*
 * text_internal.h: what the text engine's files share: the word table (lexicon + rules), the token
 * array the tokenizer fills, the per-language rules and the clout_text handle itself.
 */
#ifndef CLOUT_TEXT_INTERNAL_H
#define CLOUT_TEXT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

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
	LEX_NEUTRAL = 1u << 9,   /* explicitly neutral: no valence even by stem */
	LEX_PHRASE_PREFIX = 1u << 10 /* the first words of a longer multi-word entry */
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
	uint16_t *tags; /* per slot: 0 empty, else 16 bits of the key's hash */
	size_t cap, count;
	clout_buf keys;
} clout__lex;

uint64_t clout__hash(const char *s, size_t n);
void clout__lex_release(clout__lex *l);
const clout__lex_entry *clout__lex_get(const clout__lex *l, const char *key, size_t n);
/* The same with the key's clout__hash already known (inline: it runs for every word). */
/* key == other[0..n), without a libc call for the short keys words are. */
static inline bool clout__key_equal(const char *a, const char *b, size_t n)
{
	if (n >= 8 && n <= 16) {
		uint64_t a0, a1, b0, b1;
		memcpy(&a0, a, 8);
		memcpy(&b0, b, 8);
		memcpy(&a1, a + n - 8, 8);
		memcpy(&b1, b + n - 8, 8);
		return ((a0 ^ b0) | (a1 ^ b1)) == 0;
	}
	if (n >= 4 && n < 8) {
		uint32_t a0, a1, b0, b1;
		memcpy(&a0, a, 4);
		memcpy(&b0, b, 4);
		memcpy(&a1, a + n - 4, 4);
		memcpy(&b1, b + n - 4, 4);
		return ((a0 ^ b0) | (a1 ^ b1)) == 0;
	}
	if (n < 4) {
		for (size_t i = 0; i < n; i++)
			if (a[i] != b[i])
				return false;
		return true;
	}
	return !memcmp(a, b, n);
}

/* A slot's tag: 16 bits of the hash, never 0 (0 marks an empty slot). */
static inline uint16_t clout__lex_tag(uint64_t h)
{
	return (uint16_t)((h >> 48) | 1);
}

static inline const clout__lex_entry *clout__lex_get_h(const clout__lex *l, const char *key, size_t n, uint64_t h)
{
	if (!l->cap)
		return NULL;
	/* probe the dense tag array first: most words of a post are in no table */
	size_t mask = l->cap - 1;
	uint16_t tag = clout__lex_tag(h);
	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
		uint16_t slot_tag = l->tags[i];
		if (!slot_tag)
			return NULL;
		if (slot_tag != tag)
			continue;
		const clout__lex_entry *e = &l->slots[i];
		if (e->hash == h && e->key_len == n && clout__key_equal(l->keys.ptr + e->key_off, key, n))
			return e;
	}
}

/* Finds or inserts key; *out points into the table until the next insert. */
int clout__lex_put(clout__lex *l, const char *key, size_t n, clout__lex_entry **out);

/* A token as the tokenizer keeps it: folded text as an offset into the handle's fold buffer. */
typedef struct clout__tok {
	uint64_t hash; /* clout__hash of the folded text */
	uint8_t kind;  /* clout_token_kind */
	uint8_t flags; /* CLOUT_TOKEN_* flags */
	uint32_t off, len;
	uint32_t fold_off, fold_len;
} clout__tok;

/*
 * A direct-mapped memo of Snowball stems: social text repeats its words, and stemming is the
 * costliest step per word. Words longer than CLOUT__STEM_KEY_MAX bytes bypass it.
 */
#define CLOUT__STEM_KEY_MAX 30
#define CLOUT__STEM_CACHE_SIZE 4096
typedef struct clout__stem_slot {
	uint64_t hash;
	uint8_t word_len, stem_len;
	int8_t valence_state; /* 0 not looked up yet, 1 the stem has no valence, 2 it has */
	float valence;        /* the stem's valence (state 2) */
	char word[CLOUT__STEM_KEY_MAX];
	char stem[CLOUT__STEM_KEY_MAX];
} clout__stem_slot;

/* Per-language sentiment rules, loaded from data/text/<lang>/rules.txt and the lexicons. */
typedef struct clout__lang {
	char code[4];
	clout__lex words; /* lexicon, rules and stopwords, folded keys */
	clout__lex stems; /* stem -> mean valence of single-word lexicon entries, for unknown forms */
	const char *algorithm;        /* the Snowball algorithm ("english") */
	struct sb_stemmer *stemmer;   /* Snowball stemmers keep state: one per handle */
	clout__stem_slot *stem_cache; /* CLOUT__STEM_CACHE_SIZE slots, one memo per handle */
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

/*
 * A handle. The model's own handle (in clout_text_model) owns the tables and is written only while
 * loading; a handle made from a model is a copy of it whose tables are borrowed (read-only, so
 * threads share them) and whose stemmers, stem memos and scratch are its own (borrowed is true).
 */
struct clout_text {
	bool borrowed;
	clout__lang en, fr;
	clout__lex emoji;      /* emoji grapheme -> valence (from its description, scored in English) */
	clout__lex emoticons;  /* emoticons the tokenizer recognises (folded) */
	size_t emoticon_max;   /* longest emoticon in bytes */
	clout__lex elisions;   /* "l'", "qu'": split off the word they elide into */
	clout__lex langid;     /* function words -> language bits */
	char langid_names[CLOUT__LANG_MAX][4];
	int langid_count;
	int langid_en, langid_fr; /* indexes of "en" and "fr" in langid_names, or -1 */
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

/* The loaded, immutable model: a handle that owns the tables, used only to load them. */
struct clout_text_model {
	clout_text own;
};

/* Sets one rules.txt parameter of lang (as a `param NAME VALUE` line would); CLOUT_EINVAL naming
 * the known ones for an unknown name or a value that is not finite. */
int clout__lang_set_param(clout__lang *lang, const char *name, double value, clout_error *err);

/* Tokenizes text into t->toks / t->fold. Returns 0 or CLOUT_ENOMEM. */
int clout__tokenize(clout_text *t, const char *text, size_t len);

/*
 * The scan text of text[0..len) for listening (see src/lib/listen/internal.h) into out, which is
 * cleared first: " tok tok ... tok ", the folded forms of its word-like tokens (words, numbers,
 * hashtags, mentions, cashtags) exactly as clout__tokenize folds them, a space after each, spaces
 * inside a folded token turned into 0x1f; the start of each token in starts (grown as needed,
 * *nstarts set); *has_url set when the text holds a URL. Leaves no tokens in t. Returns 0 or
 * CLOUT_ENOMEM.
 */
int clout__tokenize_scan(clout_text *t, const char *text, size_t len, clout_buf *out, uint32_t **starts,
	uint32_t *starts_cap, uint32_t *nstarts, bool *has_url);

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
/* Gives l (a borrowed copy of a model's language) its own stemmer and stem memo. */
int clout__lang_own_stemmer(clout__lang *l, clout_error *err);
/* Frees what clout__lang_own_stemmer made. */
void clout__lang_release_stemmer(clout__lang *l);

/*
 * Builds the stem table of each of langs[0..n) (stem -> mean valence of its single-word lexicon
 * entries with that stem), stemming on up to one thread per core (stems.c). Returns 0 or
 * CLOUT_ENOMEM.
 */
int clout__build_stems(clout__lang *const *langs, size_t n);
/*
 * The same for one language, begun on a thread of its own while the caller goes on (loading the
 * next language; lang's words must not change until the end): NULL when it cannot be (one core,
 * no thread), and then clout__build_stems does it. clout__stems_bg_end waits for the thread and
 * builds the table: 0 or CLOUT_ENOMEM.
 */
typedef struct clout__stems_bg clout__stems_bg;
clout__stems_bg *clout__stems_bg_begin(clout__lang *lang);
int clout__stems_bg_end(clout__stems_bg *bg);
/* Stems folded word w with lang's stemmer; returns a pointer borrowed from the stemmer. */
const char *clout__stem(clout__lang *lang, const char *w, size_t n, size_t *out_len);
/* The same through the memo; hash is clout__hash(w, n). The result is valid until the next call. */
const char *clout__stem_cached(clout__lang *lang, const char *w, size_t n, uint64_t hash, size_t *out_len);
/* The memo slot holding w (filled with its stem), or NULL when w is too long or stemming failed. */
clout__stem_slot *clout__stem_slot_get(clout__lang *lang, const char *w, size_t n, uint64_t hash);

#endif
