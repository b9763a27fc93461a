/*
 * buf.h: clout_buf, the one growable byte buffer (git's strbuf invariants: buf.ptr is always
 * NUL-terminated, buf.len excludes the NUL; an empty buffer points at a shared empty string).
 * A buffer fed from outside carries a maximum size (max, 0 = unlimited); growing past it fails
 * with CLOUT_ENOMEM rather than eating the machine.
 */
#ifndef CLOUT_UTIL_BUF_H
#define CLOUT_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct clout_buf {
	char *ptr;
	size_t len;
	size_t cap;
	size_t max;
} clout_buf;

extern char clout__buf_empty[];
#define CLOUT_BUF_INIT { clout__buf_empty, 0, 0, 0 }

void clout_buf_init(clout_buf *b, size_t max);
/* Frees the memory and leaves an empty buffer. */
void clout_buf_release(clout_buf *b);
/* Keeps the memory, sets length 0. */
void clout_buf_clear(clout_buf *b);
/* Makes room for extra more bytes (plus the NUL); CLOUT_ENOMEM on failure or past max. */
int clout_buf_grow(clout_buf *b, size_t extra);
int clout_buf_put(clout_buf *b, const void *data, size_t len);
int clout_buf_puts(clout_buf *b, const char *s);
int clout_buf_putc(clout_buf *b, char c);
int clout_buf_printf(clout_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int clout_buf_vprintf(clout_buf *b, const char *fmt, va_list ap);
/* Sets the length (<= cap) and restores the NUL. */
void clout_buf_setlen(clout_buf *b, size_t len);
/* Hands the memory to the caller (malloc'd, NUL-terminated, never NULL unless out of memory). */
char *clout_buf_detach(clout_buf *b, size_t *len_out);

#endif
