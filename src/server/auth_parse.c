/* auth_parse.c: the credential header parsers (see auth_parse.h). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "server/auth_parse.h"
#include "util/banned.h"

static bool token_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
	       c == '.';
}

int auth_parse_bearer(const char *header, const char **token, size_t *len)
{
	const char *p = header, *start;
	*token = NULL;
	*len = 0;
	if (!header)
		return 0;
	while (*p == ' ' || *p == '\t')
		p++;
	if (strncasecmp(p, "Bearer", 6) != 0 || (p[6] != ' ' && p[6] != '\t' && p[6] != '\0'))
		return 0;
	p += 6;
	while (*p == ' ' || *p == '\t')
		p++;
	start = p;
	while (token_char(*p))
		p++;
	if (p == start || (size_t)(p - start) > AUTH_TOKEN_MAX)
		return -1;
	for (const char *q = p; *q; q++)
		if (*q != ' ' && *q != '\t')
			return -1;
	*token = start;
	*len = (size_t)(p - start);
	return 1;
}

int auth_parse_cookie(const char *header, const char *name, const char **value, size_t *len)
{
	size_t name_len = strlen(name);
	const char *p = header;
	*value = NULL;
	*len = 0;
	if (!header)
		return 0;
	while (*p) {
		const char *pair, *end, *eq;
		while (*p == ' ' || *p == '\t' || *p == ';')
			p++;
		pair = p;
		end = strchr(p, ';');
		if (!end)
			end = p + strlen(p);
		eq = memchr(pair, '=', (size_t)(end - pair));
		p = end;
		if (!eq)
			continue;
		{
			const char *n_end = eq, *v = eq + 1, *v_end = end;
			while (n_end > pair && (n_end[-1] == ' ' || n_end[-1] == '\t'))
				n_end--;
			while (v < v_end && (*v == ' ' || *v == '\t'))
				v++;
			while (v_end > v && (v_end[-1] == ' ' || v_end[-1] == '\t'))
				v_end--;
			if ((size_t)(n_end - pair) != name_len || memcmp(pair, name, name_len) != 0)
				continue;
			if (v_end - v >= 2 && *v == '"' && v_end[-1] == '"') {
				v++;
				v_end--;
			}
			*value = v;
			*len = (size_t)(v_end - v);
			return 1;
		}
	}
	return 0;
}
