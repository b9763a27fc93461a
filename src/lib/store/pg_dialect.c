/*
 * pg_dialect.c: the PostgreSQL engine's text work: portable SQL's ?N parameters rewritten to $N,
 * the location shown in messages (password removed), and libpq's connection messages made short.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/store/pg.h"
#include "util/banned.h"

/* The highest parameter number accepted (PostgreSQL's own limit is 65535). */
#define MAX_PARAM 65535

/* Where the literal, identifier or comment starting at p ends (just past it), or NULL if it does not. */
static const char *skip_quoted(const char *p, char quote, bool backslashes)
{
	for (p++; *p; p++) {
		if (backslashes && *p == '\\' && p[1]) {
			p++;
		} else if (*p == quote) {
			if (p[1] != quote)
				return p + 1;
			p++;
		}
	}
	return NULL;
}

static const char *skip_block_comment(const char *p)
{
	int depth = 0;
	while (*p) {
		if (p[0] == '/' && p[1] == '*') {
			depth++;
			p += 2;
		} else if (p[0] == '*' && p[1] == '/') {
			p += 2;
			if (--depth == 0)
				return p;
		} else {
			p++;
		}
	}
	return NULL;
}

/* A dollar quote $tag$...$tag$ starting at p: its end, p itself when p does not start one, NULL
 * when it is not closed. */
static const char *skip_dollar_quote(const char *start, const char *p)
{
	const char *q = p + 1;
	/* $1 is a parameter, and a $ inside an identifier (a$b) starts nothing. */
	if (p > start && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
		return p;
	while (isalnum((unsigned char)*q) || *q == '_') {
		if (q == p + 1 && isdigit((unsigned char)*q))
			return p;
		q++;
	}
	if (*q != '$')
		return p;
	size_t tag_len = (size_t)(q - p) + 1;
	const char *end = strstr(q + 1, "$");
	while (end) {
		if (strncmp(end, p, tag_len) == 0)
			return end + tag_len;
		end = strstr(end + 1, "$");
	}
	return NULL;
}

int clout__pg_rewrite(clout_buf *out, int *nparams_out, const char *sql, clout_error *err)
{
	const char *p = sql, *next;
	int highest = 0;
	clout_buf_clear(out);
	while (*p) {
		const char *from = p;
		if (*p == '\'') {
			bool escapes = p > sql && (p[-1] == 'E' || p[-1] == 'e') &&
				(p - 1 == sql || !(isalnum((unsigned char)p[-2]) || p[-2] == '_'));
			if (!(next = skip_quoted(p, '\'', escapes)))
				return clout_error_set(err, CLOUT_EINVAL, "unterminated string literal in: %.120s", sql);
		} else if (*p == '"') {
			if (!(next = skip_quoted(p, '"', false)))
				return clout_error_set(err, CLOUT_EINVAL, "unterminated quoted identifier in: %.120s", sql);
		} else if (p[0] == '-' && p[1] == '-') {
			next = p + strcspn(p, "\n");
		} else if (p[0] == '/' && p[1] == '*') {
			if (!(next = skip_block_comment(p)))
				return clout_error_set(err, CLOUT_EINVAL, "unterminated comment in: %.120s", sql);
		} else if (*p == '$') {
			if (!(next = skip_dollar_quote(sql, p)))
				return clout_error_set(err, CLOUT_EINVAL, "unterminated dollar quote in: %.120s", sql);
			if (next == p)
				next = p + 1;
		} else if (*p == '?') {
			long number;
			char *end;
			if (isdigit((unsigned char)p[1])) {
				number = strtol(p + 1, &end, 10);
			} else {
				/* A bare ? takes the number after the highest so far, as in SQLite. */
				number = highest + 1;
				end = (char *)p + 1;
			}
			if (number < 1 || number > MAX_PARAM)
				return clout_error_set(err, CLOUT_EINVAL, "parameter ?%ld out of range in: %.120s", number, sql);
			if (number > highest)
				highest = (int)number;
			if (clout_buf_printf(out, "$%ld", number) < 0)
				return clout_error_set(err, CLOUT_ENOMEM, "out of memory rewriting a statement");
			p = end;
			continue;
		} else {
			next = p + 1;
			while (*next && !strchr("'\"-/$?", *next))
				next++;
		}
		if (clout_buf_put(out, from, (size_t)(next - from)) < 0)
			return clout_error_set(err, CLOUT_ENOMEM, "out of memory rewriting a statement");
		p = next;
	}
	*nparams_out = highest;
	return 0;
}

/* Drops the "password=..." parameters from a URI's query string, in place. */
static void drop_password_param(char *query)
{
	char *read = query, *write = query;
	while (*read) {
		size_t len = strcspn(read, "&");
		if (strncmp(read, "password=", 9) != 0) {
			if (write != query)
				*write++ = '&';
			memmove(write, read, len);
			write += len;
		}
		read += len;
		if (*read == '&')
			read++;
	}
	*write = '\0';
}

char *clout__pg_public_location(const char *location)
{
	char *copy = strdup(location);
	if (!copy)
		return NULL;
	char *authority = strstr(copy, "://");
	if (!authority)
		return copy;
	authority += 3;
	char *end = authority + strcspn(authority, "/?");
	char *at = NULL;
	for (char *p = authority; p < end; p++)
		if (*p == '@')
			at = p;
	if (at) {
		char *colon = memchr(authority, ':', (size_t)(at - authority));
		if (colon)
			memmove(colon, at, strlen(at) + 1);
	}
	char *query = strchr(copy, '?');
	if (query) {
		drop_password_param(query + 1);
		if (query[1] == '\0')
			*query = '\0';
	}
	return copy;
}

void clout__pg_connect_reason(char *out, size_t size, const char *message)
{
	const char *server = strstr(message, "failed: FATAL:  ");
	const char *line = server ? server + 16 : message;
	size_t len = strcspn(line, "\n");
	while (len && isspace((unsigned char)line[len - 1]))
		len--;
	const char *hint = strstr(message, "Is the server running");
	snprintf(out, size, "%.*s%s", (int)len, line, hint && !server ? " (is the server running?)" : "");
	if (!out[0])
		snprintf(out, size, "the connection failed");
}
