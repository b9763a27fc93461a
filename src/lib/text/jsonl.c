/*
 * jsonl.c: one post of a JSON lines input (see jsonl.h): the fast reader, which scans a simple
 * line in place (no tree, no allocation), and the full parser (jansson), which decides every line
 * the fast reader declines and words the errors.
 *
 * The fast reader accepts a strict subset of what jansson accepts with JSON_REJECT_DUPLICATES:
 * strings are checked for UTF-8 as jansson checks them (no overlong forms, no surrogates, nothing
 * above U+10FFFF) and for control characters; a backslash anywhere declines (so keys compare as
 * bytes and a string's bytes are its value); integers longer than 18 digits and numbers with an
 * exponent decline (jansson refuses those that overflow); arrays and objects as values decline.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clout/common.h"
#include "lib/text/jsonl.h"
#include "util/banned.h"

#define FAST_MAX_KEYS 16

/* Length of the valid UTF-8 sequence at s[0..n) (s[0] >= 0x80), or 0 when it is not one. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	if (c >= 0xC2 && c <= 0xDF)
		return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0)) /* overlong; surrogates */
			return 0;
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90)) /* overlong; above U+10FFFF */
			return 0;
		return 4;
	}
	return 0;
}

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* The high bit of each of the 8 bytes of w (little-endian) that may be a quote, a backslash, a
 * control character or non-ASCII; the lowest one set is exactly the first such byte (the bits
 * above it may be set by borrows), 0 when there is none. */
static uint64_t special8(uint64_t w)
{
	uint64_t q = w ^ (ONES * '"'), b = w ^ (ONES * '\\');
	return (((q - ONES) & ~q) | ((b - ONES) & ~b) | ((w - ONES * 0x20) & ~w) | w) & HIGHS;
}

/* Scans a string token whose opening quote is at s[*at]; on success *at is past the closing
 * quote and [*start, *end) is its content. 0 when the string needs the full parser. */
static int scan_string(const unsigned char *s, size_t len, size_t *at, size_t *start, size_t *end)
{
	size_t i = *at + 1;
	*start = i;
	while (i < len) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		if (len - i >= 8) {
			uint64_t w, m;
			memcpy(&w, s + i, 8);
			if (!(m = special8(w))) {
				i += 8;
				continue;
			}
			i += (size_t)__builtin_ctzll(m) >> 3; /* to the first byte that needs a look */
		}
#endif
		unsigned c = s[i];
		if (c == '"') {
			*end = i;
			*at = i + 1;
			return 1;
		}
		if (c < 0x20 || c == '\\')
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t k = utf8_seq(s + i, len - i);
		if (!k)
			return 0;
		i += k;
	}
	return 0;
}

/* Scans a number at s[*at]; 1 with *is_int and, for an integer, its value; 0 when it needs the
 * full parser (malformed, an exponent, or more digits than fit for certain). */
static int scan_number(const unsigned char *s, size_t len, size_t *at, int *is_int, long long *value)
{
	size_t i = *at, digits = 0;
	int neg = 0;
	unsigned long long v = 0;
	if (i < len && s[i] == '-') {
		neg = 1;
		i++;
	}
	if (i >= len || s[i] < '0' || s[i] > '9')
		return 0;
	if (s[i] == '0') {
		i++;
		if (i < len && s[i] >= '0' && s[i] <= '9')
			return 0;
		digits = 1;
	} else
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			v = v * 10 + (unsigned)(s[i++] - '0');
			if (++digits > 18)
				return 0;
		}
	*is_int = 1;
	if (i < len && s[i] == '.') {
		size_t frac = 0;
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9' && frac < 64) {
			i++;
			frac++;
		}
		if (!frac || (i < len && s[i] >= '0' && s[i] <= '9'))
			return 0;
		*is_int = 0;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E'))
		return 0;
	*value = neg ? -(long long)v : (long long)v;
	*at = i;
	return 1;
}

static size_t skip_ws(const unsigned char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	return i;
}

static int literal(const unsigned char *s, size_t len, size_t *at, const char *word, size_t n)
{
	if (len - *at < n || memcmp(s + *at, word, n))
		return 0;
	*at += n;
	return 1;
}

int clout__jsonl_fast(clout__jsonl_post *out, const char *line, size_t len)
{
	const unsigned char *s = (const unsigned char *)line;
	size_t keys[FAST_MAX_KEYS][2], nkeys = 0, i = skip_ws(s, len, 0);
	int have_id = 0, have_text = 0;
	memset(out, 0, sizeof(*out));
	if (i >= len || s[i] != '{')
		return 0;
	i = skip_ws(s, len, i + 1);
	if (i >= len || s[i] != '"')
		return 0; /* an empty object, or malformed: no id either way */
	for (;;) {
		size_t ks, ke, vs, ve;
		if (i >= len || s[i] != '"' || !scan_string(s, len, &i, &ks, &ke) || nkeys == FAST_MAX_KEYS)
			return 0;
		for (size_t k = 0; k < nkeys; k++)
			if (keys[k][1] - keys[k][0] == ke - ks && !memcmp(s + keys[k][0], s + ks, ke - ks))
				return 0; /* a duplicate key: the full parser words it */
		keys[nkeys][0] = ks;
		keys[nkeys++][1] = ke;
		i = skip_ws(s, len, i);
		if (i >= len || s[i] != ':')
			return 0;
		i = skip_ws(s, len, i + 1);
		if (i >= len)
			return 0;
		int is_id = ke - ks == 2 && !memcmp(s + ks, "id", 2), is_text = ke - ks == 4 && !memcmp(s + ks, "text", 4);
		if (s[i] == '"') {
			size_t at = i;
			if (!scan_string(s, len, &i, &vs, &ve))
				return 0;
			if (is_id) {
				out->id_json = line + at;
				out->id_len = i - at;
				have_id = 1;
			} else if (is_text) {
				out->text = line + vs;
				out->text_len = ve - vs;
				have_text = 1;
			}
		} else if (s[i] == '-' || (s[i] >= '0' && s[i] <= '9')) {
			int is_int = 0;
			long long v = 0;
			if (!scan_number(s, len, &i, &is_int, &v) || is_text || (is_id && !is_int))
				return 0; /* a text or an id of the wrong type: the full parser words it */
			if (is_id) {
				out->id_json = NULL;
				out->id_int = v;
				have_id = 1;
			}
		} else if (is_id || is_text)
			return 0;
		else if (!literal(s, len, &i, "true", 4) && !literal(s, len, &i, "false", 5) && !literal(s, len, &i, "null", 4))
			return 0;
		i = skip_ws(s, len, i);
		if (i < len && s[i] == ',') {
			i = skip_ws(s, len, i + 1);
			continue;
		}
		if (i < len && s[i] == '}')
			break;
		return 0;
	}
	if (skip_ws(s, len, i + 1) != len || !have_id || !have_text)
		return 0;
	return 1;
}

int clout__jsonl_full(clout__jsonl_post *out, const char *line, size_t len, char *what, size_t what_size)
{
	json_error_t jerr;
	json_t *doc, *id, *text;
	const char *bad = NULL;
	memset(out, 0, sizeof(*out));
	if (!(doc = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr))) {
		snprintf(what, what_size, "malformed JSON: %s", jerr.text);
		return CLOUT_EBADDATA;
	}
	if (!json_is_object(doc))
		bad = "expected a JSON object";
	else if (!(id = json_object_get(doc, "id")) || !(json_is_string(id) || json_is_integer(id)))
		bad = "\"id\" must be a string or an integer";
	else if (!(text = json_object_get(doc, "text")) || !json_is_string(text))
		bad = "\"text\" must be a string";
	if (bad) {
		snprintf(what, what_size, "%s", bad);
		json_decref(doc);
		return CLOUT_EBADDATA;
	}
	if (json_is_integer(id))
		out->id_int = (long long)json_integer_value(id);
	else if (!(out->dumped = json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT))) {
		json_decref(doc);
		return CLOUT_ENOMEM;
	} else {
		out->id_json = out->dumped;
		out->id_len = strlen(out->dumped);
	}
	out->text = json_string_value(text);
	out->text_len = json_string_length(text);
	out->doc = doc;
	return 0;
}

int clout__jsonl_read(clout__jsonl_post *out, const char *line, size_t len, char *what, size_t what_size)
{
	if (clout__jsonl_fast(out, line, len))
		return 0;
	return clout__jsonl_full(out, line, len, what, what_size);
}

void clout__jsonl_release(clout__jsonl_post *out)
{
	if (!out)
		return;
	free(out->dumped);
	json_decref(out->doc);
	out->dumped = NULL;
	out->doc = NULL;
}
