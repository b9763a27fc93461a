/*
 * jsonl.h: reading one post of a JSON lines input ({"id": ..., "text": ...}) for the sentiment
 * operation (lines.c): a fast reader that finds the two fields in place when the line is simple,
 * and the full parser (jansson) that everything else goes through. Internal to libclout; the
 * unit tests and the fuzz target compare the two.
 */
#ifndef CLOUT_TEXT_JSONL_H
#define CLOUT_TEXT_JSONL_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

/* A post read from a line: its id and text, pointing into the line or into what the full parser holds. */
typedef struct clout__jsonl_post {
	const char *id_json;  /* a string id as JSON (its quotes included); NULL for an integer id */
	size_t id_len;
	long long id_int;     /* the integer id when id_json is NULL */
	const char *text;     /* the text, UTF-8, not NUL-terminated */
	size_t text_len;
	json_t *doc;          /* held by the full parser (NULL from the fast reader) */
	char *dumped;         /* the string id as jansson writes it, held by the full parser */
} clout__jsonl_post;

/*
 * The fast reader: 1 when line[0..len) is a JSON object of string keys without escapes whose
 * values are strings without escapes, short integers, decimals without exponent, true, false or
 * null, with no key twice, an "id" that is a string or an integer and a "text" that is a string;
 * out then points into line (out->doc and out->dumped are NULL). 0 for anything else (escapes,
 * nesting, invalid UTF-8, exponents, long numbers, malformed or missing fields, whitespace other
 * than JSON's): the full parser decides. It never accepts a line the full parser refuses, and
 * what it reads is what the full parser reads.
 */
int clout__jsonl_fast(clout__jsonl_post *out, const char *line, size_t len);

/*
 * The full parser (jansson, duplicate keys refused): 0 with the post in out (release it with
 * clout__jsonl_release), CLOUT_EBADDATA with why the line is malformed in what (NUL-terminated,
 * what_size > 0; the messages of `clout sentiment`: "malformed JSON: ...", "expected a JSON
 * object", "\"id\" must be a string or an integer", "\"text\" must be a string"), or CLOUT_ENOMEM.
 */
int clout__jsonl_full(clout__jsonl_post *out, const char *line, size_t len, char *what, size_t what_size);

/* The fast reader, then the full parser when the fast one declines; returns as clout__jsonl_full. */
int clout__jsonl_read(clout__jsonl_post *out, const char *line, size_t len, char *what, size_t what_size);

/* Frees what the full parser holds for out (NULL-safe, a no-op after the fast reader). */
void clout__jsonl_release(clout__jsonl_post *out);

#endif
