/* buf.c: the growable byte buffer (see buf.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clout/common.h"
#include "util/buf.h"
#include "util/banned.h"

char clout__buf_empty[1];

void clout_buf_init(clout_buf *b, size_t max)
{
	b->ptr = clout__buf_empty;
	b->len = b->cap = 0;
	b->max = max;
}

void clout_buf_release(clout_buf *b)
{
	if (b->cap)
		free(b->ptr);
	clout_buf_init(b, b->max);
}

void clout_buf_clear(clout_buf *b)
{
	b->len = 0;
	if (b->cap)
		b->ptr[0] = '\0';
}

int clout_buf_grow(clout_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;
	if (extra > SIZE_MAX - b->len - 1)
		return CLOUT_ENOMEM;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	if (b->max && need > b->max + 1)
		return CLOUT_ENOMEM;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if (b->max && cap > b->max + 1)
		cap = b->max + 1;
	p = realloc(b->cap ? b->ptr : NULL, cap);
	if (!p)
		return CLOUT_ENOMEM;
	if (!b->cap)
		p[0] = '\0';
	b->ptr = p;
	b->cap = cap;
	return 0;
}

int clout_buf_put(clout_buf *b, const void *data, size_t len)
{
	if (clout_buf_grow(b, len) < 0)
		return CLOUT_ENOMEM;
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return 0;
}

int clout_buf_puts(clout_buf *b, const char *s)
{
	return clout_buf_put(b, s, strlen(s));
}

int clout_buf_putc(clout_buf *b, char c)
{
	return clout_buf_put(b, &c, 1);
}

int clout_buf_vprintf(clout_buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	int n;
	size_t room = b->cap ? b->cap - b->len : 0;
	va_copy(copy, ap);
	n = vsnprintf(room ? b->ptr + b->len : NULL, room, fmt, copy);
	va_end(copy);
	if (n < 0)
		return CLOUT_EINVAL;
	if ((size_t)n >= room) {
		if (clout_buf_grow(b, (size_t)n) < 0)
			return CLOUT_ENOMEM;
		vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
	return 0;
}

int clout_buf_printf(clout_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;
	va_start(ap, fmt);
	rc = clout_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void clout_buf_setlen(clout_buf *b, size_t len)
{
	if (!b->cap)
		return;
	b->len = len < b->cap ? len : b->cap - 1;
	b->ptr[b->len] = '\0';
}

char *clout_buf_detach(clout_buf *b, size_t *len_out)
{
	char *p;
	if (!b->cap) {
		p = calloc(1, 1);
	} else {
		p = b->ptr;
	}
	if (len_out)
		*len_out = b->len;
	clout_buf_init(b, b->max);
	return p;
}
