/*
 * lex.c: the word table of the text engine: an open-addressing hash table (linear probing, power
 * of two capacity, at most half full) from folded strings to their roles and values. Keys are
 * stored back to back in one buffer so that a lookup touches one slot and one key.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/text/text_internal.h"

uint64_t clout__hash(const char *s, size_t n)
{
	/* FNV-1a, then a final mix so that the low bits used for the slot index are well spread. */
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	h ^= h >> 32;
	h *= 0xd6e8feb86659fd93ull;
	h ^= h >> 32;
	return h;
}

void clout__lex_release(clout__lex *l)
{
	free(l->slots);
	l->slots = NULL;
	l->cap = l->count = 0;
	clout_buf_release(&l->keys);
}

const clout__lex_entry *clout__lex_get(const clout__lex *l, const char *key, size_t n)
{
	if (!l->cap)
		return NULL;
	uint64_t h = clout__hash(key, n);
	size_t mask = l->cap - 1;
	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
		const clout__lex_entry *e = &l->slots[i];
		if (!e->key_len)
			return NULL;
		if (e->hash == h && e->key_len == n && !memcmp(l->keys.ptr + e->key_off, key, n))
			return e;
	}
}

static int lex_grow(clout__lex *l)
{
	size_t cap = l->cap ? l->cap * 2 : 256;
	clout__lex_entry *slots = calloc(cap, sizeof(*slots));
	if (!slots)
		return CLOUT_ENOMEM;
	for (size_t i = 0; i < l->cap; i++) {
		clout__lex_entry *e = &l->slots[i];
		if (!e->key_len)
			continue;
		size_t j = (size_t)e->hash & (cap - 1);
		while (slots[j].key_len)
			j = (j + 1) & (cap - 1);
		slots[j] = *e;
	}
	free(l->slots);
	l->slots = slots;
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
	l->count++;
	*out = e;
	return 0;
}
