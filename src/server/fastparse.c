/*
 * fastparse.c: the fast path's request parser (see fastparse.h).
 */
#include <string.h>
#include <strings.h>

#include "server/fastparse.h"
#include "util/banned.h"

/* Whether buf[0..len) is a prefix of what (len may be shorter than what). */
static bool starts(const char *buf, size_t len, const char *what)
{
	size_t n = strlen(what);
	return !memcmp(buf, what, len < n ? len : n);
}

static bool code_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* RFC 9110 token characters (a field name). */
static bool token_char(unsigned char c)
{
	return c > 0x20 && c < 0x7f && !strchr("\"(),/:;<=>?@[\\]{}", c);
}

/* Whether name[0..n) is want, without regard to case. */
static bool named(const char *name, size_t n, const char *want)
{
	return strlen(want) == n && !strncasecmp(name, want, n);
}

/* The request line: "GET|HEAD /r/CODE[?query] HTTP/1.1\r\n". Its length, 0 when more is needed, or
 * -1 to hand off. */
static long request_line(const char *buf, size_t len, fastparse_request *out)
{
	const char *p, *end = buf + len;
	size_t method, code_len = 0;
	if (len < 5)
		return starts(buf, len, "GET /r/") || starts(buf, len, "HEAD /r/") ? 0 : -1;
	if (starts(buf, len, "GET /r/")) {
		method = 4;
		out->head = false;
	} else if (starts(buf, len, "HEAD /r/")) {
		method = 5;
		out->head = true;
	} else {
		return -1;
	}
	if (len < method + 3)
		return 0;
	p = buf + method + 3;
	while (p < end && code_char(*p) && code_len <= CLOUT_LINK_CODE_MAX)
		p++, code_len++;
	if (p == end)
		return code_len > CLOUT_LINK_CODE_MAX ? -1 : 0;
	if (code_len == 0 || code_len > CLOUT_LINK_CODE_MAX)
		return -1;
	memcpy(out->code, buf + method + 3, code_len);
	out->code[code_len] = '\0';
	if (*p == '?') { /* a query string: printable, no '%' to unescape, no '#' */
		while (++p < end && *p > 0x20 && *p < 0x7f && *p != '%' && *p != '#')
			;
		if (p == end)
			return 0;
	}
	if (*p != ' ')
		return -1;
	p++;
	if ((size_t)(end - p) < 10)
		return starts(p, (size_t)(end - p), "HTTP/1.1\r\n") ? 0 : -1;
	if (memcmp(p, "HTTP/1.1\r\n", 10))
		return -1;
	return (long)(p + 10 - buf);
}

/* A copy of value[0..n) with blanks trimmed, NUL-terminated, in *scratch (which moves on). */
static const char *keep(const char *value, size_t n, char **scratch)
{
	char *copy = *scratch;
	while (n && (*value == ' ' || *value == '\t'))
		value++, n--;
	while (n && (value[n - 1] == ' ' || value[n - 1] == '\t'))
		n--;
	memcpy(copy, value, n);
	copy[n] = '\0';
	*scratch += n + 1;
	return copy;
}

/* One header field name[0..n): value[0..vn). false to hand off. */
static bool field(fastparse_request *out, const char *name, size_t n, const char *value, size_t vn, char **scratch)
{
	const char **slot = NULL;
	if (named(name, n, "User-Agent"))
		slot = &out->user_agent;
	else if (named(name, n, "Referer"))
		slot = &out->referer;
	else if (named(name, n, "Purpose"))
		slot = &out->purpose;
	else if (named(name, n, "Sec-Purpose"))
		slot = &out->sec_purpose;
	else if (named(name, n, "X-Purpose"))
		slot = &out->x_purpose;
	else if (named(name, n, "X-Moz"))
		slot = &out->x_moz;
	else if (named(name, n, "X-Forwarded-For"))
		slot = &out->forwarded_for;
	else if (named(name, n, "Transfer-Encoding") || named(name, n, "Expect") || named(name, n, "Upgrade"))
		return false;
	if (slot) {
		if (!*slot)
			*slot = keep(value, vn, scratch);
		return true;
	}
	if (named(name, n, "Content-Length")) {
		const char *v = keep(value, vn, scratch);
		return !strcmp(v, "0");
	}
	if (named(name, n, "Connection")) {
		const char *v = keep(value, vn, scratch);
		if (!strcasecmp(v, "close"))
			out->close = true;
		else if (strcasecmp(v, "keep-alive"))
			return false;
	}
	return true;
}

fastparse_verdict fastparse_request_parse(const char *buf, size_t len, size_t max_header_bytes, size_t max_request,
	fastparse_request *out, char *scratch)
{
	long line;
	size_t pos, header_bytes = 0;
	memset(out, 0, sizeof(*out));
	if (len > max_request)
		len = max_request;
	if ((line = request_line(buf, len, out)) < 0)
		return FASTPARSE_HANDOFF;
	if (line == 0)
		return len >= max_request ? FASTPARSE_HANDOFF : FASTPARSE_MORE;
	pos = (size_t)line;
	for (;;) {
		const char *start = buf + pos, *eol = memchr(start, '\n', len - pos), *colon;
		size_t n;
		if (!eol)
			return len >= max_request ? FASTPARSE_HANDOFF : FASTPARSE_MORE;
		if (eol == start || eol[-1] != '\r') /* a bare LF */
			return FASTPARSE_HANDOFF;
		n = (size_t)(eol - 1 - start);
		pos = (size_t)(eol + 1 - buf);
		if (n == 0)
			break; /* the blank line */
		colon = memchr(start, ':', n);
		if (!colon || colon == start)
			return FASTPARSE_HANDOFF;
		for (const char *c = start; c < colon; c++)
			if (!token_char((unsigned char)*c))
				return FASTPARSE_HANDOFF; /* obsolete folding starts with a blank, which is no token */
		for (const char *c = colon + 1; c < start + n; c++)
			if ((unsigned char)*c < 0x20 && *c != '\t')
				return FASTPARSE_HANDOFF;
		header_bytes += n + 3; /* name + value + 4, less the colon */
		if (header_bytes > max_header_bytes)
			return FASTPARSE_HANDOFF;
		if (!field(out, start, (size_t)(colon - start), colon + 1, (size_t)(start + n - colon - 1), &scratch))
			return FASTPARSE_HANDOFF;
	}
	out->length = pos;
	return FASTPARSE_REDIRECT;
}
