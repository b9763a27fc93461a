/*
 * fmt_clout.c: clout's own schema (docs/formats.md): JSON lines and CSV records of accounts, posts
 * and edges. The record type comes from a "type" field, or from the fields present.
 */
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "lib/import/internal.h"
#include "util/utf8.h"
#include "util/banned.h"

typedef enum { REC_UNKNOWN, REC_ACCOUNT, REC_POST, REC_EDGE } record_type;

static bool has(const clout_jv *o, const char *key)
{
	clout_jv v;
	return clout_jv_get(o, key, &v);
}

static record_type json_type(const clout_jv *root)
{
	clout_jv v;
	const char *s;
	if (clout_jv_get(root, "type", &v) && clout_jv_string(&v, &s, NULL)) {
		if (!strcmp(s, "account"))
			return REC_ACCOUNT;
		if (!strcmp(s, "post"))
			return REC_POST;
		if (!strcmp(s, "edge"))
			return REC_EDGE;
		return REC_UNKNOWN;
	}
	if (has(root, "src") && has(root, "dst"))
		return REC_EDGE;
	if (has(root, "author") && (has(root, "text") || has(root, "likes")))
		return REC_POST;
	if (has(root, "id") && (has(root, "followers") || has(root, "handle")))
		return REC_ACCOUNT;
	return REC_UNKNOWN;
}

static int sniff(const clout_jv *root)
{
	if (clout_jv_type(root) != CLOUT_JSON_OBJECT || !has(root, "platform"))
		return 0;
	return json_type(root) != REC_UNKNOWN ? 10 : 0;
}

static int kind_from_name(clout__import *im, const char *s, clout_post_kind *out)
{
	if (!s || !strcmp(s, "original") || !strcmp(s, "post"))
		*out = CLOUT_POST_ORIGINAL;
	else if (!strcmp(s, "reply"))
		*out = CLOUT_POST_REPLY;
	else if (!strcmp(s, "repost") || !strcmp(s, "retweet") || !strcmp(s, "share"))
		*out = CLOUT_POST_REPOST;
	else if (!strcmp(s, "quote"))
		*out = CLOUT_POST_QUOTE;
	else
		return clout__bad(im, "kind: unknown post kind '%s' (original, reply, repost, quote)", s);
	return 0;
}

static int check_platform(clout__import *im, const char *platform)
{
	if (!platform)
		return clout__bad(im, "platform: missing");
	for (const char *p = platform; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return clout__bad(im, "platform: '%s' is not a lowercase name", platform);
	return 0;
}

static int json_account(clout__import *im, const clout_jv *r)
{
	clout_account a;
	clout_account *out;
	clout_jv hist, item;
	clout_json_iter it;
	int rc;
	size_t i = 0;
	clout_account_init(&a);
	if ((rc = clout__jv_str(im, r, "", "platform", &a.platform)) < 0 || (rc = check_platform(im, a.platform)) < 0 ||
	    (rc = clout__jv_id(im, r, "", "id", &a.ext_id)) < 0 || (rc = clout__jv_str(im, r, "", "handle", &a.handle)) < 0 ||
	    (rc = clout__jv_str(im, r, "", "name", &a.name)) < 0 || (rc = clout__jv_str(im, r, "", "bio", &a.bio)) < 0 ||
	    (rc = clout__jv_str(im, r, "", "lang", &a.lang)) < 0 ||
	    (rc = clout__jv_str(im, r, "", "country", &a.country)) < 0 ||
	    (rc = clout__jv_id(im, r, "", "person", &a.person)) < 0 || (rc = clout__jv_str(im, r, "", "url", &a.url)) < 0 ||
	    (rc = clout__jv_count(im, r, "", "followers", &a.followers)) < 0 ||
	    (rc = clout__jv_count(im, r, "", "following", &a.following)) < 0 ||
	    (rc = clout__jv_count(im, r, "", "posts", &a.post_count)) < 0 ||
	    (rc = clout__jv_count(im, r, "", "listed", &a.listed)) < 0 ||
	    (rc = clout__jv_count(im, r, "", "views", &a.views)) < 0 ||
	    (rc = clout__jv_bool(im, r, "", "verified", &a.verified)) < 0 ||
	    (rc = clout__jv_time(im, r, "", "created_at", &a.created_at)) < 0 ||
	    (rc = clout__jv_time(im, r, "", "observed_at", &a.observed_at)) < 0 ||
	    (rc = clout__jv_number(im, r, "", "price", &a.price)) < 0 ||
	    (rc = clout__jv_str(im, r, "", "currency", &a.currency)) < 0)
		return rc;
	if (!a.ext_id)
		return clout__bad(im, "id: missing");
	if (a.price < 0 && a.price != -1)
		return clout__bad(im, "price: negative price %g", a.price);
	/* follower history: earlier snapshots, applied before the current record */
	if (clout_jv_get(r, "history", &hist)) {
		if (clout_jv_type(&hist) != CLOUT_JSON_ARRAY)
			return clout__bad(im, "history: expected an array, got %s", clout_json_type_name(clout_jv_type(&hist)));
		clout_jv_array_begin(&hist, &it);
		while (clout_jv_array_next(&it, &item)) {
			const char *path = clout__path_index(im, NULL, "history", i++);
			clout_account *h = clout__add_account(im);
			if (!h)
				return CLOUT_ENOMEM;
			h->platform = a.platform;
			h->ext_id = a.ext_id;
			if (clout_jv_type(&item) != CLOUT_JSON_OBJECT)
				return clout__bad(im, "%s: expected an object", path);
			if ((rc = clout__jv_time(im, &item, path, "at", &h->observed_at)) < 0 ||
			    (rc = clout__jv_count(im, &item, path, "followers", &h->followers)) < 0 ||
			    (rc = clout__jv_count(im, &item, path, "following", &h->following)) < 0 ||
			    (rc = clout__jv_count(im, &item, path, "posts", &h->post_count)) < 0)
				return rc;
			if (h->observed_at == CLOUT_UNKNOWN)
				return clout__bad(im, "%s.at: missing", path);
		}
	}
	if (!(out = clout__add_account(im)))
		return CLOUT_ENOMEM;
	*out = a;
	return 0;
}

static int json_post(clout__import *im, const clout_jv *r)
{
	clout_post *p = clout__add_post(im);
	const char *kind = NULL;
	clout_jv v;
	int rc;
	if (!p)
		return CLOUT_ENOMEM;
	if ((rc = clout__jv_str(im, r, "", "platform", &p->platform)) < 0 || (rc = check_platform(im, p->platform)) < 0 ||
	    (rc = clout__jv_id(im, r, "", "id", &p->ext_id)) < 0 ||
	    (rc = clout__jv_id(im, r, "", "author", &p->author_ext_id)) < 0 ||
	    (rc = clout__jv_str(im, r, "", "text", &p->text)) < 0 || (rc = clout__jv_str(im, r, "", "lang", &p->lang)) < 0 ||
	    (rc = clout__jv_str(im, r, "", "url", &p->url)) < 0 ||
	    (rc = clout__jv_time(im, r, "", "created_at", &p->created_at)) < 0 ||
	    (rc = clout__jv_str(im, r, "", "kind", &kind)) < 0 || (rc = kind_from_name(im, kind, &p->kind)) < 0 ||
	    (rc = clout__jv_id(im, r, "", "parent", &p->parent_ext_id)) < 0 ||
	    (rc = clout__jv_id(im, r, "", "parent_author", &p->parent_author_ext_id)) < 0 ||
	    (rc = clout__jv_id(im, r, "", "conversation", &p->conversation_ext_id)) < 0 ||
	    (rc = clout__jv_count(im, r, "", "likes", &p->likes)) < 0 ||
	    (rc = clout__jv_count(im, r, "", "comments", &p->comments)) < 0 ||
	    (rc = clout__jv_count(im, r, "", "shares", &p->shares)) < 0 ||
	    (rc = clout__jv_count(im, r, "", "quotes", &p->quotes)) < 0 ||
	    (rc = clout__jv_count(im, r, "", "views", &p->views)) < 0 ||
	    (rc = clout__jv_count(im, r, "", "saves", &p->saves)) < 0 ||
	    (rc = clout__jv_bool(im, r, "", "sponsored", &p->sponsored)) < 0)
		return rc;
	if (!p->ext_id)
		return clout__bad(im, "id: missing");
	if (!p->author_ext_id)
		return clout__bad(im, "author: missing");
	if (p->text && clout_jv_get(r, "text", &v))
		clout_jv_string(&v, &p->text, &p->text_len);
	return 0;
}

static int json_edge(clout__import *im, const clout_jv *r)
{
	clout_edge *e = clout__add_edge(im);
	const char *kind = NULL;
	double weight = 1;
	int rc;
	if (!e)
		return CLOUT_ENOMEM;
	if ((rc = clout__jv_str(im, r, "", "platform", &e->platform)) < 0 || (rc = check_platform(im, e->platform)) < 0 ||
	    (rc = clout__jv_id(im, r, "", "src", &e->src_ext_id)) < 0 ||
	    (rc = clout__jv_id(im, r, "", "dst", &e->dst_ext_id)) < 0 ||
	    (rc = clout__jv_str(im, r, "", "kind", &kind)) < 0 ||
	    (rc = clout__jv_number(im, r, "", "weight", &weight)) < 0 ||
	    (rc = clout__jv_time(im, r, "", "at", &e->ts)) < 0)
		return rc;
	if (!e->src_ext_id)
		return clout__bad(im, "src: missing");
	if (!e->dst_ext_id)
		return clout__bad(im, "dst: missing");
	if (!(weight > 0))
		return clout__bad(im, "weight: %g is not positive", weight);
	e->weight = weight;
	if (kind)
		e->kind = kind;
	return 0;
}

static int json_record(clout__import *im, const clout_jv *root)
{
	if (clout_jv_type(root) != CLOUT_JSON_OBJECT)
		return clout__bad(im, "expected a json object, got %s", clout_json_type_name(clout_jv_type(root)));
	switch (json_type(root)) {
	case REC_ACCOUNT: return json_account(im, root);
	case REC_POST: return json_post(im, root);
	case REC_EDGE: return json_edge(im, root);
	default: return clout__bad(im, "not an account, post or edge record (set \"type\")");
	}
}

const clout__format clout__format_clout_json = {
	.name = "clout",
	.sniff_json = sniff,
	.json_record = json_record,
};

/* ---- CSV --------------------------------------------------------------------------------------- */

#define MAX_COLUMNS 64

typedef struct csv_state {
	struct csv_parser parser;
	clout__import *im;
	char *header[MAX_COLUMNS];
	size_t ncolumns;
	const char *fields[MAX_COLUMNS];
	size_t nfields;
	bool header_done, too_many, in_record;
	uint64_t record_start;
	const char *raw;
	size_t raw_len;
	int rc;
	record_type type;
} csv_state;

static const char *field(csv_state *s, const char *name)
{
	for (size_t i = 0; i < s->ncolumns && i < s->nfields; i++)
		if (!strcmp(s->header[i], name))
			return s->fields[i] && *s->fields[i] ? s->fields[i] : NULL;
	return NULL;
}

static int csv_count(csv_state *s, const char *name, int64_t *out)
{
	const char *v = field(s, name);
	char *end;
	long long n;
	*out = CLOUT_UNKNOWN;
	if (!v)
		return 0;
	n = strtoll(v, &end, 10);
	if (*end || end == v)
		return clout__bad(s->im, "%s: '%s' is not a count", name, v);
	if (n < 0)
		return clout__bad(s->im, "%s: negative count %lld", name, n);
	*out = n;
	return 0;
}

static int csv_time(csv_state *s, const char *name, int64_t *out)
{
	const char *v = field(s, name);
	char *end;
	*out = CLOUT_UNKNOWN;
	if (!v)
		return 0;
	if (clout__parse_time(v, strlen(v), out))
		return 0;
	*out = strtoll(v, &end, 10);
	if (*end || end == v)
		return clout__bad(s->im, "%s: '%s' is not a time (ISO 8601 or unix seconds)", name, v);
	return 0;
}

static int csv_bool(csv_state *s, const char *name, int *out)
{
	const char *v = field(s, name);
	*out = CLOUT_UNKNOWN;
	if (!v)
		return 0;
	if (!strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "yes"))
		*out = 1;
	else if (!strcmp(v, "false") || !strcmp(v, "0") || !strcmp(v, "no"))
		*out = 0;
	else
		return clout__bad(s->im, "%s: '%s' is not true or false", name, v);
	return 0;
}

static int csv_number(csv_state *s, const char *name, double *out)
{
	const char *v = field(s, name);
	char *end;
	if (!v)
		return 0;
	*out = strtod(v, &end);
	if (*end || end == v || *out != *out)
		return clout__bad(s->im, "%s: '%s' is not a number", name, v);
	return 0;
}

static record_type csv_row_type(csv_state *s)
{
	const char *t = field(s, "type");
	if (t)
		return !strcmp(t, "account") ? REC_ACCOUNT : !strcmp(t, "post") ? REC_POST : !strcmp(t, "edge") ? REC_EDGE : REC_UNKNOWN;
	return s->type;
}

static int csv_row(csv_state *s)
{
	clout__import *im = s->im;
	int rc;
	const char *platform = field(s, "platform");
	if ((rc = check_platform(im, platform)) < 0)
		return rc;
	switch (csv_row_type(s)) {
	case REC_ACCOUNT: {
		clout_account *a = clout__add_account(im);
		if (!a)
			return CLOUT_ENOMEM;
		a->platform = platform;
		a->ext_id = field(s, "id");
		a->handle = field(s, "handle");
		a->name = field(s, "name");
		a->bio = field(s, "bio");
		a->lang = field(s, "lang");
		a->country = field(s, "country");
		a->person = field(s, "person");
		a->url = field(s, "url");
		a->currency = field(s, "currency");
		if ((rc = csv_count(s, "followers", &a->followers)) < 0 || (rc = csv_count(s, "following", &a->following)) < 0 ||
		    (rc = csv_count(s, "posts", &a->post_count)) < 0 || (rc = csv_count(s, "listed", &a->listed)) < 0 ||
		    (rc = csv_count(s, "views", &a->views)) < 0 || (rc = csv_bool(s, "verified", &a->verified)) < 0 ||
		    (rc = csv_time(s, "created_at", &a->created_at)) < 0 ||
		    (rc = csv_time(s, "observed_at", &a->observed_at)) < 0 || (rc = csv_number(s, "price", &a->price)) < 0)
			return rc;
		if (!a->ext_id)
			return clout__bad(im, "id: missing");
		if (a->price < 0 && a->price != -1)
			return clout__bad(im, "price: negative price %g", a->price);
		return 0;
	}
	case REC_POST: {
		clout_post *p = clout__add_post(im);
		if (!p)
			return CLOUT_ENOMEM;
		p->platform = platform;
		p->ext_id = field(s, "id");
		p->author_ext_id = field(s, "author");
		p->text = field(s, "text");
		p->text_len = p->text ? strlen(p->text) : 0;
		p->lang = field(s, "lang");
		p->url = field(s, "url");
		p->parent_ext_id = field(s, "parent");
		p->parent_author_ext_id = field(s, "parent_author");
		p->conversation_ext_id = field(s, "conversation");
		if ((rc = kind_from_name(im, field(s, "kind"), &p->kind)) < 0 ||
		    (rc = csv_time(s, "created_at", &p->created_at)) < 0 || (rc = csv_count(s, "likes", &p->likes)) < 0 ||
		    (rc = csv_count(s, "comments", &p->comments)) < 0 || (rc = csv_count(s, "shares", &p->shares)) < 0 ||
		    (rc = csv_count(s, "quotes", &p->quotes)) < 0 || (rc = csv_count(s, "views", &p->views)) < 0 ||
		    (rc = csv_count(s, "saves", &p->saves)) < 0 || (rc = csv_bool(s, "sponsored", &p->sponsored)) < 0)
			return rc;
		if (!p->ext_id)
			return clout__bad(im, "id: missing");
		if (!p->author_ext_id)
			return clout__bad(im, "author: missing");
		return 0;
	}
	case REC_EDGE: {
		clout_edge *e = clout__add_edge(im);
		if (!e)
			return CLOUT_ENOMEM;
		e->platform = platform;
		e->src_ext_id = field(s, "src");
		e->dst_ext_id = field(s, "dst");
		if (field(s, "kind"))
			e->kind = field(s, "kind");
		if ((rc = csv_number(s, "weight", &e->weight)) < 0 || (rc = csv_time(s, "at", &e->ts)) < 0)
			return rc;
		if (!e->src_ext_id || !e->dst_ext_id)
			return clout__bad(im, "%s: missing", e->src_ext_id ? "dst" : "src");
		if (!(e->weight > 0))
			return clout__bad(im, "weight: %g is not positive", e->weight);
		return 0;
	}
	default:
		return clout__bad(im, "type: not account, post or edge");
	}
}

static void on_field(void *data, size_t len, void *ctx)
{
	csv_state *s = ctx;
	if (s->nfields >= MAX_COLUMNS) {
		s->too_many = true;
		return;
	}
	s->fields[s->nfields++] = data ? clout_arena_strndup(clout__record_arena(s->im), data, len) : NULL;
}

static void on_row(int term, void *ctx)
{
	csv_state *s = ctx;
	int rc = 0;
	(void)term;
	s->in_record = false;
	if (s->rc < 0)
		return;
	clout__set_record_line(s->im, s->record_start);
	if (!s->header_done) {
		s->header_done = true;
		if (s->too_many) {
			s->rc = clout__record_done(s->im, clout__bad(s->im, "header: more than %d columns", MAX_COLUMNS), s->raw, s->raw_len);
			return;
		}
		for (size_t i = 0; i < s->nfields; i++) {
			s->header[i] = strdup(s->fields[i] ? s->fields[i] : "");
			if (!s->header[i]) {
				s->rc = CLOUT_ENOMEM;
				return;
			}
		}
		s->ncolumns = s->nfields;
		{
			bool text = false, src = false, dst = false, id = false, type = false;
			for (size_t i = 0; i < s->ncolumns; i++) {
				text |= !strcmp(s->header[i], "text") || !strcmp(s->header[i], "author");
				src |= !strcmp(s->header[i], "src");
				dst |= !strcmp(s->header[i], "dst");
				id |= !strcmp(s->header[i], "id");
				type |= !strcmp(s->header[i], "type");
			}
			s->type = src && dst ? REC_EDGE : text ? REC_POST : id ? REC_ACCOUNT : REC_UNKNOWN;
			if (s->type == REC_UNKNOWN && !type)
				rc = clout__bad(s->im, "header: no id, author or src/dst column: not a clout CSV file");
			bool platform = false;
			for (size_t i = 0; i < s->ncolumns; i++)
				platform |= !strcmp(s->header[i], "platform");
			if (!rc && !platform)
				rc = clout__bad(s->im, "header: no platform column");
		}
		s->nfields = 0;
		s->too_many = false;
		if (rc < 0)
			s->rc = clout__record_done(s->im, rc, s->raw, s->raw_len);
		else
			clout_arena_reset(clout__record_arena(s->im));
		return;
	}
	if (s->too_many)
		rc = clout__bad(s->im, "more than %d fields", MAX_COLUMNS);
	else if (s->nfields != s->ncolumns)
		rc = clout__bad(s->im, "%zu fields, the header has %zu", s->nfields, s->ncolumns);
	else
		rc = csv_row(s);
	s->nfields = 0;
	s->too_many = false;
	s->rc = clout__record_done(s->im, rc, s->raw, s->raw_len);
}

static int csv_begin(clout__import *im, void **state)
{
	csv_state *s = calloc(1, sizeof(*s));
	if (!s)
		return CLOUT_ENOMEM;
	if (csv_init(&s->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0) {
		free(s);
		return CLOUT_ENOMEM;
	}
	s->im = im;
	*state = s;
	return 0;
}

static int csv_line(clout__import *im, void *state, const char *line, size_t len)
{
	csv_state *s = state;
	size_t bad;
	if (!s->in_record) {
		s->record_start = clout__current_line(im);
		s->in_record = true;
	}
	s->raw = line;
	s->raw_len = len;
	if (!clout_utf8_valid(line, len, &bad)) {
		s->in_record = false;
		return clout__record_done(im, clout__bad(im, "invalid UTF-8 at byte %zu", bad + 1), line, len);
	}
	if (csv_parse(&s->parser, line, len, on_field, on_row, s) != len || csv_parse(&s->parser, "\n", 1, on_field, on_row, s) != 1) {
		int rc = clout__bad(im, "malformed CSV: %s", csv_strerror(csv_error(&s->parser)));
		return clout__record_done(im, rc, line, len);
	}
	return s->rc;
}

static int csv_end(clout__import *im, void *state)
{
	csv_state *s = state;
	int rc = 0;
	if (!s)
		return 0;
	if (s->rc == 0 && csv_fini(&s->parser, on_field, on_row, s) != 0)
		rc = clout__record_done(im, clout__bad(im, "malformed CSV at end of file: %s", csv_strerror(csv_error(&s->parser))), "", 0);
	if (s->rc < 0)
		rc = s->rc;
	csv_free(&s->parser);
	for (size_t i = 0; i < s->ncolumns; i++)
		free(s->header[i]);
	free(s);
	return rc;
}

static int csv_sniff(const char *path, const char *line, size_t len)
{
	size_t plen = strlen(path);
	bool csv_name = (plen > 4 && !strcmp(path + plen - 4, ".csv")) || (plen > 7 && !strcmp(path + plen - 7, ".csv.gz"));
	bool header = memchr(line, ',', len) && (strstr(line, "platform") != NULL);
	return header ? 10 : csv_name ? 5 : 0;
}

const clout__format clout__format_clout_csv = {
	.name = "clout-csv",
	.sniff_text = csv_sniff,
	.text_begin = csv_begin,
	.text_line = csv_line,
	.text_end = csv_end,
};
