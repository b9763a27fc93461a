/* auth_parse.c: credentials and forwarded-address parsers (see auth_parse.h). */
#include <arpa/inet.h>
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

/* Parses an address of at most len bytes (not NUL-terminated). */
static int parse_addr(const char *s, size_t n, uint8_t *out, size_t *len)
{
	char buf[64];
	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, out) == 1) {
		*len = 4;
		return 0;
	}
	if (inet_pton(AF_INET6, buf, out) == 1) {
		/* an IPv4-mapped IPv6 address is the IPv4 address */
		static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
		if (!memcmp(out, mapped, 12)) {
			memmove(out, out + 12, 4);
			*len = 4;
		} else {
			*len = 16;
		}
		return 0;
	}
	return -1;
}

int auth_net_parse(auth_net *out, const char *text)
{
	const char *slash = strchr(text, '/');
	size_t n = slash ? (size_t)(slash - text) : strlen(text);
	memset(out, 0, sizeof(*out));
	if (parse_addr(text, n, out->addr, &out->len) < 0)
		return -1;
	out->bits = (unsigned)out->len * 8;
	if (slash) {
		char *end;
		long bits = strtol(slash + 1, &end, 10);
		if (slash[1] == '\0' || *end || bits < 0 || bits > (long)out->len * 8)
			return -1;
		out->bits = (unsigned)bits;
	}
	return 0;
}

bool auth_net_contains(const auth_net *net, const uint8_t *addr, size_t len)
{
	unsigned full = net->bits / 8, rest = net->bits % 8;
	if (len != net->len)
		return false;
	if (memcmp(net->addr, addr, full) != 0)
		return false;
	if (rest) {
		uint8_t mask = (uint8_t)(0xff << (8 - rest));
		if ((net->addr[full] & mask) != (addr[full] & mask))
			return false;
	}
	return true;
}

int auth_parse_forwarded(const char *header, const auth_net *trusted, size_t n, uint8_t *out, size_t *len)
{
	const char *end;
	if (!header)
		return 0;
	end = header + strlen(header);
	while (end > header) {
		const char *start = end, *s, *e;
		bool is_trusted = false;
		while (start > header && start[-1] != ',')
			start--;
		s = start;
		e = end;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		end = start > header ? start - 1 : header;
		if (s == e)
			continue;
		if (parse_addr(s, (size_t)(e - s), out, len) < 0)
			return -1;
		for (size_t i = 0; i < n && !is_trusted; i++)
			is_trusted = auth_net_contains(&trusted[i], out, *len);
		if (!is_trusted)
			return 1;
	}
	return 0;
}
