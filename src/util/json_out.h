/*
 * json_out.h: building JSON output with jansson, the way every result writer of libclout does:
 * numbers rounded to a stated number of decimals, NULL strings as null, one dump to a string.
 */
#ifndef CLOUT_UTIL_JSON_OUT_H
#define CLOUT_UTIL_JSON_OUT_H

#include <stdint.h>

#include <jansson.h>

#include "clout/common.h"

/* A JSON string of s, or null when s is NULL (or empty when empty_is_null). */
json_t *clout_json_str(const char *s, int empty_is_null);

/* A JSON number of x rounded to decimals places (as printf's "%.Nf" rounds), null when x is not
 * finite. */
json_t *clout_json_fixed(double x, int decimals);

/* A JSON number of x with digits significant digits (as printf's "%.Ng"), null when not finite. */
json_t *clout_json_sig(double x, int digits);

/* A JSON integer. */
json_t *clout_json_int(int64_t v);

/* Sets key of obj to value (stolen); returns -1 when value is NULL (out of memory) or on failure. */
int clout_json_set(json_t *obj, const char *key, json_t *value);

/*
 * Dumps doc compactly (keys in insertion order) into a malloc'd NUL-terminated string with a
 * final newline when newline is set, and releases doc. building_failed is non-zero when the
 * caller ran out of memory while building: CLOUT_ENOMEM is then returned.
 */
int clout_json_finish(char **out, json_t *doc, int building_failed, int newline, clout_error *err);

#endif
