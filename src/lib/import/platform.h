/*
 * platform.h: small helpers the platform formats (fmt_twitter.c, fmt_instagram.c, fmt_youtube.c,
 * fmt_tiktok.c) share: typed lookups of nested objects and arrays with path-named errors, child
 * paths that cost nothing at the record root, language normalization and formatted strings in the
 * record arena.
 */
#ifndef CLOUT_LIB_IMPORT_PLATFORM_H
#define CLOUT_LIB_IMPORT_PLATFORM_H

#include "lib/import/internal.h"

/* 1 and *out when obj.key is an object; 0 when absent or null; CLOUT_EBADDATA for another type. */
int clout__jv_object(clout__import *im, const clout_jv *obj, const char *path, const char *key, clout_jv *out);
/* The same for an array. */
int clout__jv_array(clout__import *im, const clout_jv *obj, const char *path, const char *key, clout_jv *out);
/* The path of obj.key for messages: key itself at the root (no allocation), else "path.key". */
const char *clout__child(clout__import *im, const char *path, const char *key);
/* A language code as ISO 639-1: "en-US" -> "en", "und"/"zxx"/"qme"... -> NULL; in the record arena. */
const char *clout__lang(clout__import *im, const char *code);
/* printf into the record arena (NULL when out of memory). */
const char *clout__fmt(clout__import *im, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* True when obj has key (whatever its value). */
bool clout__has(const clout_jv *obj, const char *key);

#endif
