/* json_out.c: jansson helpers for the result writers (see json_out.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/json_out.h"
#include "util/banned.h"

json_t *clout_json_str(const char *s, int empty_is_null)
{
	if (!s || (empty_is_null && !s[0]))
		return json_null();
	json_t *v = json_string(s);
	/* bytes that are not UTF-8 go out as they are, as the store holds them */
	return v ? v : json_stringn_nocheck(s, strlen(s));
}

json_t *clout_json_fixed(double x, int decimals)
{
	char text[64];
	if (!isfinite(x))
		return json_null();
	/* printf's rounding, read back: the number the old hand-written output showed */
	snprintf(text, sizeof(text), "%.*f", decimals, x);
	if (decimals == 0 && fabs(x) < 9e15)
		return json_integer((json_int_t)strtod(text, NULL)); /* "%.0f" shows an integer */
	return json_real(strtod(text, NULL));
}

json_t *clout_json_sig(double x, int digits)
{
	char text[64];
	if (!isfinite(x))
		return json_null();
	snprintf(text, sizeof(text), "%.*g", digits, x);
	return json_real(strtod(text, NULL));
}

json_t *clout_json_int(int64_t v)
{
	return json_integer((json_int_t)v);
}

int clout_json_set(json_t *obj, const char *key, json_t *value)
{
	if (!value)
		return -1;
	return json_object_set_new(obj, key, value);
}

int clout_json_finish(char **out, json_t *doc, int building_failed, int newline, clout_error *err)
{
	char *text = NULL;
	size_t n;
	*out = NULL;
	if (doc && !building_failed)
		text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	json_decref(doc);
	if (!text)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory writing JSON");
	if (newline) {
		n = strlen(text);
		char *grown = realloc(text, n + 2);
		if (!grown) {
			free(text);
			return clout_error_set(err, CLOUT_ENOMEM, "out of memory writing JSON");
		}
		grown[n] = '\n';
		grown[n + 1] = '\0';
		text = grown;
	}
	*out = text;
	return 0;
}
