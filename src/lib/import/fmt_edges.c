/*
 * fmt_edges.c: SNAP-style edge lists: `src dst`, `src dst weight` or `src dst timestamp type`
 * (Higgs activity: RT/MT/RE), separated by spaces, tabs or commas; `#` and `%` start comments.
 * Node ids are the ids of accounts on the --platform given (default "graph").
 */
#include <stdlib.h>
#include <string.h>

#include "lib/import/internal.h"
#include "util/utf8.h"
#include "util/banned.h"

#define MAX_FIELDS 4

static bool is_sep(char c)
{
	return c == ' ' || c == '\t' || c == ',' || c == ';';
}

static size_t split(const char *line, size_t len, const char **f, size_t *flen, size_t max)
{
	size_t n = 0, i = 0;
	while (i < len) {
		while (i < len && is_sep(line[i]))
			i++;
		if (i >= len)
			break;
		if (n == max)
			return max + 1;
		f[n] = line + i;
		while (i < len && !is_sep(line[i]))
			i++;
		flen[n] = (size_t)(line + i - f[n]);
		n++;
	}
	return n;
}

static const char *interaction_kind(const char *s, size_t len)
{
	static const struct { const char *code, *kind; } kinds[] = {
		{ "RT", "retweet" }, { "MT", "mention" }, { "RE", "reply" }, { "QT", "quote" }, { "FO", "follow" },
		{ "retweet", "retweet" }, { "mention", "mention" }, { "reply", "reply" }, { "quote", "quote" },
		{ "follow", "follow" }, { "like", "like" },
	};
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strlen(kinds[i].code) == len && !strncmp(kinds[i].code, s, len))
			return kinds[i].kind;
	return NULL;
}

static int edge_line(clout__import *im, void *state, const char *line, size_t len)
{
	const clout_import_options *o = clout__options(im);
	const char *f[MAX_FIELDS + 1];
	size_t flen[MAX_FIELDS + 1], n, bad;
	clout_edge *e;
	char *end;
	int rc = 0;
	(void)state;
	while (len && (line[0] == ' ' || line[0] == '\t'))
		line++, len--;
	if (len == 0 || line[0] == '#' || line[0] == '%')
		return 0;
	if (!clout_utf8_valid(line, len, &bad))
		return clout__record_done(im, clout__bad(im, "invalid UTF-8 at byte %zu", bad + 1), line, len);
	n = split(line, len, f, flen, MAX_FIELDS);
	if (n < 2 || n > MAX_FIELDS) {
		rc = clout__bad(im, "expected 'src dst [weight | timestamp type]', got %zu fields", n > MAX_FIELDS ? n : n);
		return clout__record_done(im, rc, line, len);
	}
	if (!(e = clout__add_edge(im)))
		return CLOUT_ENOMEM;
	e->platform = o->platform ? o->platform : "graph";
	e->kind = o->edge_kind ? o->edge_kind : "follow";
	e->src_ext_id = clout_arena_strndup(clout__record_arena(im), f[0], flen[0]);
	e->dst_ext_id = clout_arena_strndup(clout__record_arena(im), f[1], flen[1]);
	if (!e->src_ext_id || !e->dst_ext_id)
		return CLOUT_ENOMEM;
	if (o->edges_reverse) {
		const char *t = e->src_ext_id;
		e->src_ext_id = e->dst_ext_id;
		e->dst_ext_id = t;
	}
	if (n == 3) {
		char *w = clout_arena_strndup(clout__record_arena(im), f[2], flen[2]);
		e->weight = w ? strtod(w, &end) : 0;
		if (!w || *end || !(e->weight > 0) || e->weight > 1e12)
			rc = clout__bad(im, "weight '%.*s' is not a positive number", (int)flen[2], f[2]);
	} else if (n == 4) {
		char *t = clout_arena_strndup(clout__record_arena(im), f[2], flen[2]);
		const char *kind = interaction_kind(f[3], flen[3]);
		long long ts = t ? strtoll(t, &end, 10) : -1;
		if (!t || *end || ts < 0)
			rc = clout__bad(im, "timestamp '%.*s' is not unix seconds", (int)flen[2], f[2]);
		else if (!kind)
			rc = clout__bad(im, "interaction type '%.*s' is not RT, MT, RE, QT or FO", (int)flen[3], f[3]);
		else {
			e->ts = ts;
			e->kind = kind;
		}
	}
	return clout__record_done(im, rc, line, len);
}

static int edge_begin(clout__import *im, void **state)
{
	(void)im;
	*state = NULL;
	return 0;
}

static int edge_end(clout__import *im, void *state)
{
	(void)im;
	(void)state;
	return 0;
}

static int edge_sniff(const char *path, const char *line, size_t len)
{
	const char *f[MAX_FIELDS + 1];
	size_t flen[MAX_FIELDS + 1], n;
	(void)path;
	if (len && (line[0] == '#' || line[0] == '%'))
		return 8;
	n = split(line, len, f, flen, MAX_FIELDS);
	if (n < 2 || n > MAX_FIELDS || memchr(line, '"', len) || memchr(line, '{', len))
		return 0;
	return memchr(line, ',', len) ? 3 : 8;
}

const clout__format clout__format_edges = {
	.name = "edges",
	.sniff_text = edge_sniff,
	.text_begin = edge_begin,
	.text_line = edge_line,
	.text_end = edge_end,
};
