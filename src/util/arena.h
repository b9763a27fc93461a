/*
 * arena.h: a bump allocator for memory that lives exactly as long as one unit of work (one import
 * record, one request). Everything is released at once by clout_arena_reset or clout_arena_release.
 */
#ifndef CLOUT_UTIL_ARENA_H
#define CLOUT_UTIL_ARENA_H

#include <stddef.h>

typedef struct clout_arena_block clout_arena_block;

typedef struct clout_arena {
	clout_arena_block *head;
	size_t block_size;
} clout_arena;

#define CLOUT_ARENA_INIT { NULL, 0 }

/* Returns size bytes aligned to 16, or NULL when out of memory. */
void *clout_arena_alloc(clout_arena *a, size_t size);
/* A NUL-terminated copy of s[0..len). */
char *clout_arena_strndup(clout_arena *a, const char *s, size_t len);
/* Keeps the first block, forgets everything allocated. */
void clout_arena_reset(clout_arena *a);
void clout_arena_release(clout_arena *a);

#endif
