/*
 * array.h: growing a malloc'd array by doubling, the one way clout does it.
 */
#ifndef CLOUT_UTIL_ARRAY_H
#define CLOUT_UTIL_ARRAY_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clout/common.h"

/*
 * Makes *items (of *cap elements of elem_size bytes) hold at least need elements, doubling from
 * initial; new elements are zeroed. Returns 0 or CLOUT_ENOMEM (then *items is unchanged).
 */
static inline int clout_array_reserve(void *items, size_t *cap, size_t need, size_t elem_size, size_t initial)
{
	void **p = items;
	size_t c = *cap ? *cap : initial;
	void *grown;
	if (need <= *cap)
		return 0;
	while (c < need)
		c = c > SIZE_MAX / 2 ? need : c * 2;
	if (c > SIZE_MAX / elem_size)
		return CLOUT_ENOMEM;
	grown = realloc(*p, c * elem_size);
	if (!grown)
		return CLOUT_ENOMEM;
	memset((char *)grown + *cap * elem_size, 0, (c - *cap) * elem_size);
	*p = grown;
	*cap = c;
	return 0;
}

#endif
