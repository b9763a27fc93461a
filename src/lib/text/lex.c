/*
 * lex.c: the word table of the text engine: an open-addressing hash table (linear probing, power
 * of two capacity, at most half full) from folded strings to their roles and values. Keys are
 * stored back to back in one buffer so that a lookup touches one slot and one key.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lib/text/text_internal.h"
#include "util/banned.h"

uint64_t clout__hash(const char *s, size_t n)
{
	/* Eight bytes at a time (words are short), multiply-xorshift mixing, length folded in. */
	uint64_t h = 0x9e3779b97f4a7c15ull ^ (n * 0xff51afd7ed558ccdull);
	while (n >= 8) {
		uint64_t v;
		memcpy(&v, s, 8);
		h = (h ^ v) * 0xbf58476d1ce4e5b9ull;
		h ^= h >> 31;
		s += 8;
		n -= 8;
	}
	if (n) {
		/* the last 1..7 bytes, read as overlapping words rather than byte by byte (which would
		 * stall on the store-to-load forwarding of a byte-built word) */
		uint64_t v;
		if (n >= 4) {
			uint32_t lo, hi;
			memcpy(&lo, s, 4);
			memcpy(&hi, s + n - 4, 4);
			v = (uint64_t)lo | ((uint64_t)hi << 32);
		} else {
			v = (uint64_t)(unsigned char)s[0] | ((uint64_t)(unsigned char)s[n / 2] << 8) |
			    ((uint64_t)(unsigned char)s[n - 1] << 16);
		}
		h = (h ^ v) * 0x94d049bb133111ebull;
		h ^= h >> 29;
	}
	h *= 0xd6e8feb86659fd93ull;
	h ^= h >> 32;
	return h;
}

void clout__lex_release(clout__lex *l)
{
	free(l->slots);
	free(l->tags);
	l->slots = NULL;
	l->tags = NULL;
	l->cap = l->count = 0;
	clout_buf_release(&l->keys);
}

const clout__lex_entry *clout__lex_get(const clout__lex *l, const char *key, size_t n)
{
	return clout__lex_get_h(l, key, n, clout__hash(key, n));
}


static int lex_grow(clout__lex *l)
{
	size_t cap = l->cap ? l->cap * 2 : 256;
	clout__lex_entry *slots = calloc(cap, sizeof(*slots));
	uint16_t *tags = calloc(cap, sizeof(*tags));
	if (!slots || !tags) {
		free(slots);
		free(tags);
		return CLOUT_ENOMEM;
	}
	for (size_t i = 0; i < l->cap; i++) {
		clout__lex_entry *e = &l->slots[i];
		if (!e->key_len)
			continue;
		size_t j = (size_t)e->hash & (cap - 1);
		while (slots[j].key_len)
			j = (j + 1) & (cap - 1);
		slots[j] = *e;
		tags[j] = clout__lex_tag(e->hash);
	}
	free(l->slots);
	free(l->tags);
	l->slots = slots;
	l->tags = tags;
	l->cap = cap;
	return 0;
}

int clout__lex_put(clout__lex *l, const char *key, size_t n, clout__lex_entry **out)
{
	if (n == 0 || n > UINT16_MAX)
		return CLOUT_EINVAL;
	if ((l->count + 1) * 2 > l->cap && lex_grow(l) < 0)
		return CLOUT_ENOMEM;
	uint64_t h = clout__hash(key, n);
	size_t mask = l->cap - 1, i;
	for (i = (size_t)h & mask; l->slots[i].key_len; i = (i + 1) & mask) {
		clout__lex_entry *e = &l->slots[i];
		if (e->hash == h && e->key_len == n && !memcmp(l->keys.ptr + e->key_off, key, n)) {
			*out = e;
			return 0;
		}
	}
	size_t off = l->keys.len;
	if (clout_buf_put(&l->keys, key, n) < 0)
		return CLOUT_ENOMEM;
	clout__lex_entry *e = &l->slots[i];
	memset(e, 0, sizeof(*e));
	e->hash = h;
	e->key_off = (uint32_t)off;
	e->key_len = (uint32_t)n;
	l->tags[i] = clout__lex_tag(h);
	l->count++;
	*out = e;
	return 0;
}
