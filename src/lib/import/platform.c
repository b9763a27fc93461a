/*
 * platform.c: helpers shared by the platform formats (see platform.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lib/import/platform.h"
#include "util/banned.h"

static int typed(clout__import *im, const clout_jv *obj, const char *path, const char *key, clout_jv *out,
	clout_json_type want, const char *want_name)
{
	clout_json_type t;
	if (!clout_jv_get(obj, key, out))
		return 0;
	t = clout_jv_type(out);
	if (t == CLOUT_JSON_NULL)
		return 0;
	if (t != want)
		return clout__bad(im, "%s: expected %s, got %s", clout__path(im, path, key), want_name,
			clout_json_type_name(t));
	return 1;
}

int clout__jv_object(clout__import *im, const clout_jv *obj, const char *path, const char *key, clout_jv *out)
{
	return typed(im, obj, path, key, out, CLOUT_JSON_OBJECT, "an object");
}

int clout__jv_array(clout__import *im, const clout_jv *obj, const char *path, const char *key, clout_jv *out)
{
	return typed(im, obj, path, key, out, CLOUT_JSON_ARRAY, "an array");
}

const char *clout__child(clout__import *im, const char *path, const char *key)
{
	return path && *path ? clout__path(im, path, key) : key;
}

const char *clout__lang(clout__import *im, const char *code)
{
	char tmp[8];
	size_t n = 0;
	if (!code || !*code)
		return NULL;
	/* Twitter's "und" (undetermined), "zxx" (no text) and q-codes (qme: media only, qht: hashtags only...) */
	if (!strcmp(code, "und") || !strcmp(code, "zxx") || (code[0] == 'q' && strlen(code) == 3))
		return NULL;
	while (code[n] && code[n] != '-' && code[n] != '_' && n < sizeof(tmp) - 1) {
		char c = code[n];
		tmp[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	if (n == 0)
		return NULL;
	if (!code[n] && !memcmp(code, tmp, n))
		return code; /* already a plain lowercase code: no copy */
	return clout_arena_strndup(clout__record_arena(im), tmp, n);
}

const char *clout__fmt(clout__import *im, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	return clout_arena_strndup(clout__record_arena(im), tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

bool clout__has(const clout_jv *obj, const char *key)
{
	clout_jv v;
	return clout_jv_get(obj, key, &v);
}
