/*
 * map.h: the hash maps of clout, open addressing on hot paths: int64 -> uint32 (store ids and graph
 * node ids to dense indexes) and string -> uint32 (terms and account keys to ids, with the strings
 * kept in the map).
 */
#ifndef CLOUT_UTIL_MAP_H
#define CLOUT_UTIL_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct clout_imap {
	int64_t *keys;
	uint32_t *values;
	size_t cap, count; /* cap is a power of two; key INT64_MIN marks an empty slot */
} clout_imap;

int clout_imap_init(clout_imap *m, size_t expected);
void clout_imap_release(clout_imap *m);
/* Inserts or overwrites; CLOUT_ENOMEM on failure. */
int clout_imap_put(clout_imap *m, int64_t key, uint32_t value);
bool clout_imap_get(const clout_imap *m, int64_t key, uint32_t *out);
/* The value of key, or, when key is absent, inserts it with value (one probe either way).
 * 1 when inserted, 0 when found (*out is then the value held), CLOUT_ENOMEM. key must not be
 * INT64_MIN. */
int clout_imap_intern(clout_imap *m, int64_t key, uint32_t value, uint32_t *out);

typedef struct clout_smap {
	uint32_t *slots;     /* id + 1, 0 when empty */
	uint64_t *hashes;    /* per id */
	uint32_t *offsets;   /* per id: offset of the NUL-terminated string in chars */
	char *chars;
	size_t cap, count, ids_cap, chars_len, chars_cap;
} clout_smap;

int clout_smap_init(clout_smap *m, size_t expected);
void clout_smap_release(clout_smap *m);
/* The id of s[0..len), added (ids are 0, 1, 2, ... in order of first insertion) when absent.
 * Returns the id, or a negative CLOUT_ENOMEM. */
int64_t clout_smap_intern(clout_smap *m, const char *s, size_t len);
/* The id of s, or -1. */
int64_t clout_smap_find(const clout_smap *m, const char *s, size_t len);
/* The string of id. */
const char *clout_smap_string(const clout_smap *m, uint32_t id);

#endif
