/*
 * clout/text.h: the text engine: tokens, language, index terms (folded, stemmed) and sentiment for
 * short social posts in English and French.
 *
 * A clout_text_model holds the lexicons, rules and stemmer settings loaded from clout's data files
 * (data/text/, compiled into the binary), with any user lexicons added. Once loaded it is never
 * written again, so any number of threads share one model.
 *
 * A clout_text is a working handle on a model: its Snowball stemmers, stem memo and scratch
 * memory. It is not thread-safe: use one per thread (or per call). Calls on it reuse its scratch
 * memory, so scoring or indexing a post allocates nothing once warmed up.
 * Input text is UTF-8; invalid sequences are read as U+FFFD and never fail a call.
 */
#ifndef CLOUT_TEXT_H
#define CLOUT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "clout/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct clout_text_model clout_text_model;
typedef struct clout_text clout_text;

/*
 * Loads the embedded lexicons, rules and stemmer settings into a new model for the caller to free
 * with clout_text_model_free (after every handle made from it). CLOUT_ENOMEM when out of memory,
 * CLOUT_EBADDATA (with "file:line: what") when a data file is malformed.
 */
int clout_text_model_new(clout_text_model **out, clout_error *err);

/* Frees model (NULL-safe). */
void clout_text_model_free(clout_text_model *model);

/*
 * Adds the entries of a user lexicon file to the sentiment lexicon of lang ("en" or "fr") of
 * model; later entries replace earlier ones. Call it before making handles from the model: a
 * model is shared read-only once in use. Format: one `term<TAB>valence` (or `term->valence`) per
 * line, valence in -4..4, '#' starts a comment line; a term may hold spaces (an idiom).
 * CLOUT_EIO if unreadable, CLOUT_EBADDATA naming path:line for a bad line, CLOUT_EINVAL for lang.
 */
int clout_text_load_lexicon(clout_text_model *model, const char *lang, const char *path, clout_error *err);

/*
 * Sets a global sentiment parameter of lang ("en" or "fr") of model, as a `param NAME VALUE` line
 * of data/text/<lang>/rules.txt does (negation_scalar, alpha, length_norm, ...): for tuning and
 * for measuring, e.g. by cross-validation (bench/sentiment-cv). Call it before making handles.
 * CLOUT_EINVAL naming the known parameters for an unknown name, or for lang.
 */
int clout_text_set_param(clout_text_model *model, const char *lang, const char *name, double value, clout_error *err);

/*
 * A new working handle on model (borrowed: it must outlive the handle), or, when model is NULL,
 * on the embedded data loaded for this handle alone. Free with clout_text_free. CLOUT_ENOMEM, or
 * what clout_text_model_new returns.
 */
int clout_text_new(clout_text **out, const clout_text_model *model, clout_error *err);

/* Frees t (NULL-safe). */
void clout_text_free(clout_text *t);

/* Token kinds produced by the tokenizer; the word-like ones first (clout_token_is_word_like). */
typedef enum clout_token_kind {
	CLOUT_TOKEN_WORD = 1,
	CLOUT_TOKEN_NUMBER,
	CLOUT_TOKEN_HASHTAG,  /* "#HomeCooking", text includes the '#' */
	CLOUT_TOKEN_MENTION,  /* "@acme" */
	CLOUT_TOKEN_CASHTAG,  /* "$ACME" */
	CLOUT_TOKEN_URL,      /* "https://..." or "www...." */
	CLOUT_TOKEN_EMOJI,    /* one emoji grapheme: ZWJ sequences, skin tones and flags stay whole */
	CLOUT_TOKEN_EMOTICON, /* ":-)", "<3", ":'(" */
	CLOUT_TOKEN_PUNCT     /* any other visible character or run of the same one ("!!!") */
} clout_token_kind;

/*
 * Whether tokens of kind are word-like: words, numbers, hashtags, mentions and cashtags (not URLs,
 * emoji, emoticons or punctuation). A listening scan text holds these tokens, and the terms of a
 * listening rule are made of them.
 */
bool clout_token_is_word_like(clout_token_kind kind);

/* Token flags. */
enum {
	CLOUT_TOKEN_HAS_UPPER = 1 << 0, /* at least one upper-case letter */
	CLOUT_TOKEN_ALL_CAPS = 1 << 1,  /* two or more letters, all upper case */
	CLOUT_TOKEN_ELONGATED = 1 << 2, /* a letter repeated three times or more ("sooooo") */
	CLOUT_TOKEN_NON_ASCII = 1 << 3  /* holds bytes >= 0x80 */
};

/*
 * One token: where it is in the input (offset, len: the original bytes, invalid UTF-8 included)
 * and its folded form (case-folded, accents stripped, invalid bytes replaced by U+FFFD; for
 * elongated words, letter runs cut to two). folded is borrowed from the handle and valid until the
 * next call on it; it is not NUL-terminated.
 */
typedef struct clout_token {
	clout_token_kind kind;
	unsigned flags;
	size_t offset, len;
	const char *folded;
	size_t folded_len;
} clout_token;

/* Called once per token, in order; return non-zero to stop (the call then returns that value). */
typedef int (*clout_token_fn)(void *ctx, const clout_token *token);

/* Tokenizes text[0..len). Returns 0, the callback's non-zero value, or CLOUT_ENOMEM. */
int clout_text_tokenize(clout_text *t, const char *text, size_t len, clout_token_fn fn, void *ctx);

/*
 * Index terms of a post for search: tokens case- and accent-folded (utf8proc), stopwords dropped,
 * stemmed with Snowball for lang ("en", "fr"; NULL or "auto" = detect). Hashtags give their words
 * (#HomeCooking -> "home", "cook", split on camel case) plus the folded whole tag ("homecooking"),
 * @mentions and URLs give no terms, numbers are kept. fn returns non-zero to stop (the call then
 * returns that value). Terms are NOT NUL-terminated and are valid only during the callback.
 * Returns 0, fn's value, CLOUT_EINVAL for an unknown lang, or CLOUT_ENOMEM.
 */
typedef int (*clout_term_fn)(void *ctx, const char *term, size_t len);
int clout_text_terms(clout_text *t, const char *text, size_t len, const char *lang, clout_term_fn fn,
	void *ctx);

/*
 * Language of a short text: writes "en", "fr" or "und" (undetermined: too little evidence, or
 * another language) into out, NUL-terminated. Returns 0 or CLOUT_ENOMEM.
 */
int clout_text_detect_lang(clout_text *t, const char *text, size_t len, char out[4]);

/*
 * Sentiment of a post. compound is in [-1, 1]; pos, neg and neu are the shares of positive,
 * negative and neutral evidence (they sum to 1); label is a static string: "positive" when
 * compound >= 0.05, "negative" when <= -0.05, else "neutral"; lang is the language used.
 */
typedef struct clout_sentiment {
	double compound;
	double pos, neg, neu;
	const char *label; /* "positive" / "negative" / "neutral" */
	char lang[4];
} clout_sentiment;

/*
 * Scores text[0..len) in lang ("en", "fr"; NULL or "auto" = detect, and "und" texts are scored
 * with the English rules). Returns 0, CLOUT_EINVAL for an unknown lang, or CLOUT_ENOMEM.
 */
int clout_text_sentiment(clout_text *t, const char *text, size_t len, const char *lang,
	clout_sentiment *out);

/* One scored record of clout_text_sentiment_lines. */
typedef struct clout_sentiment_record {
	const char *id_json;  /* the record's id as JSON (a string literal or an integer), not NUL-terminated */
	size_t id_len;
	long line;            /* its line number */
	clout_sentiment sentiment;
} clout_sentiment_record;

#define CLOUT_TEXT_LINES_OPTIONS_VERSION 2
#define CLOUT_TEXT_LINES_MAX_DEFAULT (4u << 20)

typedef struct clout_text_lines_options {
	unsigned int version;
	const char *name;   /* the input's name in messages ("posts.jsonl", "<stdin>") */
	const char *lang;   /* "en", "fr"; NULL or "auto": detect per record */
	bool plain;         /* one text per line (id = line number) instead of JSON lines */
	size_t max_line;    /* longest line scored (0: CLOUT_TEXT_LINES_MAX_DEFAULT); longer ones are malformed */
	/* Called with the output, in input order, in blocks of whole lines (one line per record, as
	 * clout_text_sentiment_record_json writes it); non-zero stops the run (that value is returned). */
	int (*write)(void *ctx, const char *data, size_t len);
	/* Called per malformed line (skipped) with CLOUT_EBADDATA and "NAME:LINE: what", after the
	 * output of the lines before it; non-zero stops. May be NULL. */
	int (*bad)(void *ctx, const clout_error *err);
	void *ctx;
	/* Threads reading and scoring (the output comes from the calling thread, in input order, the
	 * same whatever the count); more than 1 needs model, the model t was made from, for the other
	 * threads' handles. */
	unsigned threads;
	const clout_text_model *model;
} clout_text_lines_options;

#define CLOUT_TEXT_LINES_OPTIONS_INIT \
	{ CLOUT_TEXT_LINES_OPTIONS_VERSION, "<input>", NULL, false, 0, NULL, NULL, NULL, 1, NULL }

typedef struct clout_text_lines_stats {
	uint64_t records, bad;
} clout_text_lines_stats;

/*
 * The whole sentiment operation over a stream: reads lines from in (JSON lines with "id" (string
 * or integer) and "text", or plain lines), scores each record with t and hands the JSON lines
 * out to opts->write, in order; malformed lines go to opts->bad and are skipped (counted in
 * out->bad). A regular file is mapped into memory from in's position (left at its end); other
 * streams are read in large blocks. Returns 0, the callbacks' non-zero value, CLOUT_EINVAL for
 * bad options or lang, CLOUT_EIO on a read error, CLOUT_ENOMEM (naming NAME:LINE).
 */
int clout_text_sentiment_lines(clout_text *t, FILE *in, const clout_text_lines_options *opts,
	clout_text_lines_stats *out, clout_error *err);

/*
 * The JSON line of a record ({"id":ID,"lang":"..","compound":0.1234,"label":".."} and a newline)
 * written into out, which holds at least record->id_len + 128 bytes; returns its length (out is
 * NUL-terminated).
 */
size_t clout_text_sentiment_record_json(char *out, const clout_sentiment_record *record);

#ifdef __cplusplus
}
#endif
#endif
