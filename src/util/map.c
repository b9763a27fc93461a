/* map.c: the hash maps (see map.h). Linear probing, load factor at most 1/2. */
#include <stdlib.h>
#include <string.h>

#include "clout/common.h"
#include "util/map.h"
#include "util/banned.h"

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	x ^= x >> 33;
	return x;
}

static size_t pow2_at_least(size_t n)
{
	size_t c = 16;
	while (c < n)
		c <<= 1;
	return c;
}

int clout_imap_init(clout_imap *m, size_t expected)
{
	memset(m, 0, sizeof(*m));
	m->cap = pow2_at_least(expected * 2);
	m->keys = malloc(m->cap * sizeof(*m->keys));
	m->values = malloc(m->cap * sizeof(*m->values));
	if (!m->keys || !m->values) {
		clout_imap_release(m);
		return CLOUT_ENOMEM;
	}
	for (size_t i = 0; i < m->cap; i++)
		m->keys[i] = INT64_MIN;
	return 0;
}

void clout_imap_release(clout_imap *m)
{
	free(m->keys);
	free(m->values);
	memset(m, 0, sizeof(*m));
}

static int imap_grow(clout_imap *m)
{
	clout_imap bigger;
	if (clout_imap_init(&bigger, m->cap) < 0)
		return CLOUT_ENOMEM;
	for (size_t i = 0; i < m->cap; i++)
		if (m->keys[i] != INT64_MIN)
			clout_imap_put(&bigger, m->keys[i], m->values[i]);
	clout_imap_release(m);
	*m = bigger;
	return 0;
}

int clout_imap_put(clout_imap *m, int64_t key, uint32_t value)
{
	size_t i;
	if ((m->count + 1) * 2 > m->cap && imap_grow(m) < 0)
		return CLOUT_ENOMEM;
	for (i = mix64((uint64_t)key) & (m->cap - 1); m->keys[i] != INT64_MIN; i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == key) {
			m->values[i] = value;
			return 0;
		}
	m->keys[i] = key;
	m->values[i] = value;
	m->count++;
	return 0;
}

bool clout_imap_get(const clout_imap *m, int64_t key, uint32_t *out)
{
	if (!m->cap)
		return false;
	for (size_t i = mix64((uint64_t)key) & (m->cap - 1); m->keys[i] != INT64_MIN; i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == key) {
			*out = m->values[i];
			return true;
		}
	return false;
}

int clout_imap_intern(clout_imap *m, int64_t key, uint32_t value, uint32_t *out)
{
	size_t i, mask;
	if (!m->cap && clout_imap_init(m, 512) < 0)
		return CLOUT_ENOMEM;
	if ((m->count + 1) * 2 > m->cap && imap_grow(m) < 0)
		return CLOUT_ENOMEM;
	mask = m->cap - 1;
	for (i = mix64((uint64_t)key) & mask; m->keys[i] != INT64_MIN; i = (i + 1) & mask)
		if (m->keys[i] == key) {
			*out = m->values[i];
			return 0;
		}
	m->keys[i] = key;
	m->values[i] = value;
	m->count++;
	*out = value;
	return 1;
}

static uint64_t hash_bytes(const char *s, size_t len)
{
	/* FNV-1a, finished with a 64-bit mix */
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
	return mix64(h ^ len);
}

int clout_smap_init(clout_smap *m, size_t expected)
{
	memset(m, 0, sizeof(*m));
	m->cap = pow2_at_least(expected * 2);
	m->slots = calloc(m->cap, sizeof(*m->slots));
	return m->slots ? 0 : CLOUT_ENOMEM;
}

void clout_smap_release(clout_smap *m)
{
	free(m->slots);
	free(m->hashes);
	free(m->offsets);
	free(m->chars);
	memset(m, 0, sizeof(*m));
}

static bool same(const clout_smap *m, uint32_t id, uint64_t h, const char *s, size_t len)
{
	const char *t = m->chars + m->offsets[id];
	return m->hashes[id] == h && !memcmp(t, s, len) && t[len] == '\0';
}

int64_t clout_smap_find(const clout_smap *m, const char *s, size_t len)
{
	uint64_t h = hash_bytes(s, len);
	if (!m->cap)
		return -1;
	for (size_t i = h & (m->cap - 1); m->slots[i]; i = (i + 1) & (m->cap - 1))
		if (same(m, m->slots[i] - 1, h, s, len))
			return m->slots[i] - 1;
	return -1;
}

static int smap_grow(clout_smap *m)
{
	size_t cap = m->cap * 2;
	uint32_t *slots = calloc(cap, sizeof(*slots));
	if (!slots)
		return CLOUT_ENOMEM;
	for (uint32_t id = 0; id < m->count; id++) {
		size_t i = m->hashes[id] & (cap - 1);
		while (slots[i])
			i = (i + 1) & (cap - 1);
		slots[i] = id + 1;
	}
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
	return 0;
}

int64_t clout_smap_intern(clout_smap *m, const char *s, size_t len)
{
	uint64_t h = hash_bytes(s, len);
	size_t i;
	uint32_t id;
	for (i = h & (m->cap - 1); m->slots[i]; i = (i + 1) & (m->cap - 1))
		if (same(m, m->slots[i] - 1, h, s, len))
			return m->slots[i] - 1;
	if (m->count >= UINT32_MAX - 1 || m->chars_len + len + 1 > UINT32_MAX)
		return CLOUT_ENOMEM;
	if (m->count == m->ids_cap) {
		size_t c = m->ids_cap ? m->ids_cap * 2 : 1024;
		uint64_t *hashes = realloc(m->hashes, c * sizeof(*hashes));
		uint32_t *offsets;
		if (!hashes)
			return CLOUT_ENOMEM;
		m->hashes = hashes;
		offsets = realloc(m->offsets, c * sizeof(*offsets));
		if (!offsets)
			return CLOUT_ENOMEM;
		m->offsets = offsets;
		m->ids_cap = c;
	}
	if (m->chars_len + len + 1 > m->chars_cap) {
		size_t c = m->chars_cap ? m->chars_cap * 2 : 65536;
		char *chars;
		while (c < m->chars_len + len + 1)
			c *= 2;
		if (!(chars = realloc(m->chars, c)))
			return CLOUT_ENOMEM;
		m->chars = chars;
		m->chars_cap = c;
	}
	id = (uint32_t)m->count;
	memcpy(m->chars + m->chars_len, s, len);
	m->chars[m->chars_len + len] = '\0';
	m->offsets[id] = (uint32_t)m->chars_len;
	m->hashes[id] = h;
	m->chars_len += len + 1;
	m->slots[i] = id + 1;
	m->count++;
	if (m->count * 2 > m->cap && smap_grow(m) < 0)
		return CLOUT_ENOMEM;
	return id;
}

const char *clout_smap_string(const clout_smap *m, uint32_t id)
{
	return m->chars + m->offsets[id];
}
