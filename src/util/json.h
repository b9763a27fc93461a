/*
 * json.h: a C interface to simdjson's DOM parser for bulk import (the adapter lives in json.cpp).
 *
 * A clout_jv is a 24-byte value handle into the parser's current document; it is valid until the
 * next clout_json_parse on the same parser. Input must be followed by CLOUT_JSON_PADDING readable
 * bytes (their content does not matter). simdjson validates UTF-8 and keeps integers exact
 * (int64/uint64); numbers never pass through double unless asked for.
 */
#ifndef CLOUT_UTIL_JSON_H
#define CLOUT_UTIL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clout/common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CLOUT_JSON_PADDING 64

typedef enum {
	CLOUT_JSON_NONE = 0, /* a missing value */
	CLOUT_JSON_NULL,
	CLOUT_JSON_BOOL,
	CLOUT_JSON_INT,    /* fits int64 */
	CLOUT_JSON_UINT,   /* above INT64_MAX, fits uint64 */
	CLOUT_JSON_DOUBLE,
	CLOUT_JSON_STRING,
	CLOUT_JSON_ARRAY,
	CLOUT_JSON_OBJECT
} clout_json_type;

typedef struct clout_jv {
	uint64_t opaque[3];
} clout_jv;

typedef struct clout_json_iter {
	uint64_t opaque[6];
} clout_json_iter;

typedef struct clout_json_parser clout_json_parser;

/* A parser for documents up to max_bytes each (0: 4 GiB). */
int clout_json_parser_new(clout_json_parser **out, size_t max_bytes);
void clout_json_parser_free(clout_json_parser *p);

/* Parses data[0..len) (padded, see above) into *root; CLOUT_EBADDATA with a message if malformed. */
int clout_json_parse(clout_json_parser *p, const char *data, size_t len, clout_jv *root,
	clout_error *err);

/* The name of a type, for messages ("string", "object", ...). */
const char *clout_json_type_name(clout_json_type t);

clout_json_type clout_jv_type(const clout_jv *v);
/* Looks up key in an object; returns false (and a NONE value) when absent or v is no object. */
bool clout_jv_get(const clout_jv *obj, const char *key, clout_jv *out);
bool clout_jv_string(const clout_jv *v, const char **s, size_t *len);
bool clout_jv_int64(const clout_jv *v, int64_t *out);
bool clout_jv_uint64(const clout_jv *v, uint64_t *out);
/* Any number as a double. */
bool clout_jv_double(const clout_jv *v, double *out);
bool clout_jv_bool(const clout_jv *v, bool *out);
/* Number of elements of an array or members of an object (0 otherwise). */
size_t clout_jv_size(const clout_jv *v);

/* Array iteration: begin, then next until it returns false. */
void clout_jv_array_begin(const clout_jv *arr, clout_json_iter *it);
bool clout_jv_array_next(clout_json_iter *it, clout_jv *out);
/* Object iteration: key (not NUL-terminated), its length and the value. */
void clout_jv_object_begin(const clout_jv *obj, clout_json_iter *it);
bool clout_jv_object_next(clout_json_iter *it, const char **key, size_t *key_len, clout_jv *out);

/* The raw JSON text of a value, re-serialized minified into a malloc'd string (NULL on OOM). */
char *clout_jv_to_json(const clout_jv *v, size_t *len_out);

#ifdef __cplusplus
}
#endif
#endif
