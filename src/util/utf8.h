/* utf8.h: UTF-8 validation at the border (every text that enters clout is checked once). */
#ifndef CLOUT_UTIL_UTF8_H
#define CLOUT_UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..len) is well-formed UTF-8 (no overlongs, surrogates or code points > U+10FFFF).
 * On false, *bad_offset (may be NULL) is the offset of the first bad byte. */
bool clout_utf8_valid(const char *s, size_t len, size_t *bad_offset);

#endif
