/* arena.c: the bump allocator (see arena.h). */
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/banned.h"

struct clout_arena_block {
	clout_arena_block *next;
	size_t size, used;
	_Alignas(16) unsigned char data[];
};

void *clout_arena_alloc(clout_arena *a, size_t size)
{
	clout_arena_block *b = a->head;
	size = (size + 15) & ~(size_t)15;
	if (!b || b->size - b->used < size) {
		size_t block = a->block_size ? a->block_size : 64 * 1024;
		if (size > block)
			block = size;
		b = malloc(sizeof(*b) + block);
		if (!b)
			return NULL;
		b->size = block;
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	b->used += size;
	return b->data + b->used - size;
}

char *clout_arena_strndup(clout_arena *a, const char *s, size_t len)
{
	char *p = clout_arena_alloc(a, len + 1);
	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void clout_arena_reset(clout_arena *a)
{
	clout_arena_block *b = a->head, *next;
	if (!b)
		return;
	/* keep the newest block (usually the largest) */
	next = b->next;
	b->next = NULL;
	b->used = 0;
	while (next) {
		clout_arena_block *n = next->next;
		free(next);
		next = n;
	}
}

void clout_arena_release(clout_arena *a)
{
	clout_arena_block *b = a->head;
	while (b) {
		clout_arena_block *n = b->next;
		free(b);
		b = n;
	}
	a->head = NULL;
}
