/*
 * parse.c: the rule language's lexer and recursive-descent parser (grammar in docs/listen.md).
 * A rule becomes a small tree, is checked (NEAR operands, nesting, "needs a term"), then flattened
 * into the postfix program the matcher runs. Terms are tokenized and folded with the text engine,
 * exactly as posts are, so that a rule term and a post token compare byte for byte. Every error
 * names the rule, line and column (in characters) and what was expected there.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "lib/listen/internal.h"
#include "util/banned.h"

typedef enum {
	LX_EOF,
	LX_LPAREN,
	LX_RPAREN,
	LX_AND,
	LX_OR,
	LX_NOT,
	LX_NEAR,
	LX_PHRASE, /* start..end is the text between the quotes */
	LX_WORD
} lex_kind;

typedef struct lexeme {
	lex_kind kind;
	size_t pos;        /* byte offset where it starts (the quote for a phrase) */
	size_t start, end; /* its text */
	uint32_t distance; /* NEAR/n */
} lexeme;

typedef enum { N_TERM, N_FILTER, N_NEAR, N_NOT, N_AND, N_OR } node_kind;

typedef struct node {
	node_kind kind;
	uint32_t left, right, arg;
	size_t pos;
} node;

typedef struct parser {
	clout_text *t;
	const char *name;
	const char *s;
	size_t n, i;
	lexeme look;
	bool have_look;
	int depth;
	node *nodes;
	uint32_t nnodes, nodes_cap;
	clout__listen_parsed *out;
	uint32_t filters_cap, nears_cap, specs_cap;
	clout_error *err;
	/* token collection for a term */
	clout_token_kind tok_kinds[64];
	char *tok_text[64];
	size_t tok_len[64];
	int ntok, nother, nurl;
	size_t tok_covered;
	clout_buf tokbuf;
} parser;

static int fail_at(parser *p, size_t pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail_at(parser *p, size_t pos, const char *fmt, ...)
{
	char what[512];
	va_list ap;
	size_t line = 1, col = 1;
	for (size_t j = 0; j < pos && j < p->n; j++) {
		unsigned char c = (unsigned char)p->s[j];
		if (c == '\n') {
			line++;
			col = 1;
		} else if ((c & 0xC0) != 0x80) {
			col++;
		}
	}
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (p->name)
		return clout_error_set(p->err, CLOUT_EBADDATA, "rule '%s':%zu:%zu: %s", p->name, line, col, what);
	return clout_error_set(p->err, CLOUT_EBADDATA, "rule:%zu:%zu: %s", line, col, what);
}

static int oom(parser *p)
{
	return clout_error_set(p->err, CLOUT_ENOMEM, "out of memory parsing a rule");
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool ends_word(char c)
{
	return is_space(c) || c == '(' || c == ')' || c == '"';
}

static bool word_is(const parser *p, const lexeme *x, const char *w)
{
	size_t n = strlen(w);
	return x->end - x->start == n && !memcmp(p->s + x->start, w, n);
}

static int lex(parser *p, lexeme *x)
{
	while (p->i < p->n && is_space(p->s[p->i]))
		p->i++;
	memset(x, 0, sizeof(*x));
	x->pos = x->start = x->end = p->i;
	if (p->i >= p->n) {
		x->kind = LX_EOF;
		return 0;
	}
	char c = p->s[p->i];
	if (c == '(' || c == ')') {
		x->kind = c == '(' ? LX_LPAREN : LX_RPAREN;
		x->end = ++p->i;
		return 0;
	}
	if (c == '"') {
		const char *close = memchr(p->s + p->i + 1, '"', p->n - p->i - 1);
		if (!close)
			return fail_at(p, p->i, "unterminated phrase: expected a closing '\"'");
		x->kind = LX_PHRASE;
		x->start = p->i + 1;
		x->end = (size_t)(close - p->s);
		p->i = x->end + 1;
		return 0;
	}
	while (p->i < p->n && !ends_word(p->s[p->i]))
		p->i++;
	x->kind = LX_WORD;
	x->end = p->i;
	if (word_is(p, x, "AND"))
		x->kind = LX_AND;
	else if (word_is(p, x, "OR"))
		x->kind = LX_OR;
	else if (word_is(p, x, "NOT"))
		x->kind = LX_NOT;
	else if (x->end - x->start >= 4 && !memcmp(p->s + x->start, "NEAR", 4)) {
		size_t j = x->start + 4;
		if (j == x->end || p->s[j] != '/')
			return fail_at(p, j, "expected '/' and a distance after NEAR (NEAR/3)");
		j++;
		if (j == x->end || p->s[j] < '0' || p->s[j] > '9')
			return fail_at(p, j, "expected a number after 'NEAR/'");
		uint32_t d = 0;
		for (; j < x->end; j++) {
			if (p->s[j] < '0' || p->s[j] > '9')
				return fail_at(p, j, "expected a number after 'NEAR/'");
			d = d * 10 + (uint32_t)(p->s[j] - '0');
			if (d > CLOUT_LISTEN_MAX_NEAR)
				return fail_at(p, x->start + 5, "NEAR distance must be at most %d", CLOUT_LISTEN_MAX_NEAR);
		}
		x->kind = LX_NEAR;
		x->distance = d;
	}
	return 0;
}

static int peek(parser *p, lexeme **out)
{
	if (!p->have_look) {
		int rc = lex(p, &p->look);
		if (rc < 0)
			return rc;
		p->have_look = true;
	}
	*out = &p->look;
	return 0;
}

static void consume(parser *p)
{
	p->have_look = false;
}

static int new_node(parser *p, node_kind kind, uint32_t left, uint32_t right, uint32_t arg, size_t pos, uint32_t *out)
{
	if (p->nnodes == p->nodes_cap) {
		uint32_t cap = p->nodes_cap ? p->nodes_cap * 2 : 16;
		node *nodes = realloc(p->nodes, cap * sizeof(*nodes));
		if (!nodes)
			return oom(p);
		p->nodes = nodes;
		p->nodes_cap = cap;
	}
	p->nodes[p->nnodes] = (node){ kind, left, right, arg, pos };
	*out = p->nnodes++;
	return 0;
}

/* ---- terms ---- */

static int collect_token(void *ctx, const clout_token *tok)
{
	parser *p = ctx;
	p->tok_covered += tok->len;
	if (!clout_token_is_word_like(tok->kind)) {
		if (tok->kind == CLOUT_TOKEN_URL)
			p->nurl++;
		else
			p->nother++;
		return 0;
	}
	if (p->ntok == (int)(sizeof(p->tok_kinds) / sizeof(p->tok_kinds[0])))
		return 1; /* too many words: reported by the caller */
	/* folded text is only valid during the callback: keep offsets into tokbuf, pointers later */
	size_t off = p->tokbuf.len;
	if (clout_buf_grow(&p->tokbuf, tok->folded_len + 1) < 0)
		return CLOUT_ENOMEM;
	for (size_t j = 0; j < tok->folded_len; j++)
		p->tokbuf.ptr[off + j] = clout__listen_scan_byte(tok->folded[j]);
	clout_buf_setlen(&p->tokbuf, off + tok->folded_len);
	p->tok_kinds[p->ntok] = tok->kind;
	p->tok_text[p->ntok] = (char *)(uintptr_t)off;
	p->tok_len[p->ntok] = tok->folded_len;
	p->ntok++;
	return 0;
}

/* Tokenizes s[start..end) into p's token list. */
static int tokenize_term(parser *p, size_t start, size_t end)
{
	p->ntok = p->nother = p->nurl = 0;
	p->tok_covered = 0;
	clout_buf_clear(&p->tokbuf);
	int rc = clout_text_tokenize(p->t, p->s + start, end - start, collect_token, p);
	if (rc == CLOUT_ENOMEM)
		return oom(p);
	if (rc == 1)
		return fail_at(p, start, "too many words in one term or phrase (at most 64)");
	for (int k = 0; k < p->ntok; k++)
		p->tok_text[k] = p->tokbuf.ptr + (uintptr_t)p->tok_text[k];
	return 0;
}

/* Interns a term spec in the rule being parsed; *out is its index. */
static int add_spec(parser *p, uint8_t kind, bool prefix, const char *body, size_t len, uint32_t *out)
{
	clout__listen_parsed *r = p->out;
	for (uint32_t k = 0; k < r->nspecs; k++) {
		clout__listen_term_spec *s = &r->specs[k];
		if (s->kind == kind && s->prefix == prefix && s->body_len == len && !memcmp(s->body, body, len)) {
			*out = k;
			return 0;
		}
	}
	if (r->nspecs == p->specs_cap) {
		uint32_t cap = p->specs_cap ? p->specs_cap * 2 : 8;
		clout__listen_term_spec *specs = realloc(r->specs, cap * sizeof(*specs));
		if (!specs)
			return oom(p);
		r->specs = specs;
		bool *pos = realloc(r->spec_positional, cap * sizeof(*pos));
		if (!pos)
			return oom(p);
		r->spec_positional = pos;
		p->specs_cap = cap;
	}
	char *copy = malloc(len + 1);
	if (!copy)
		return oom(p);
	memcpy(copy, body, len);
	copy[len] = '\0';
	r->specs[r->nspecs] = (clout__listen_term_spec){ kind, prefix, copy, (uint32_t)len };
	r->spec_positional[r->nspecs] = false;
	*out = r->nspecs++;
	return 0;
}

/* The tokens collected by tokenize_term, joined by spaces, as one spec of kind. */
static int add_joined(parser *p, uint8_t kind, bool prefix, uint32_t *out)
{
	clout_buf joined = CLOUT_BUF_INIT;
	int rc = 0;
	for (int k = 0; k < p->ntok && rc == 0; k++) {
		if (k)
			rc = clout_buf_putc(&joined, ' ');
		if (rc == 0)
			rc = clout_buf_put(&joined, p->tok_text[k], p->tok_len[k]);
	}
	if (rc < 0)
		rc = oom(p);
	else
		rc = add_spec(p, kind, prefix, joined.ptr, joined.len, out);
	clout_buf_release(&joined);
	return rc;
}

static int phrase_term(parser *p, const lexeme *x, uint32_t *spec)
{
	int rc = tokenize_term(p, x->start, x->end);
	if (rc < 0)
		return rc;
	if (p->nurl)
		return fail_at(p, x->pos, "links cannot be matched in a phrase (use has:link)");
	if (p->ntok == 0)
		return fail_at(p, x->pos, "empty phrase: expected words between the quotes");
	return add_joined(p, CLOUT__LISTEN_PHRASE, false, spec);
}

static int word_term(parser *p, const lexeme *x, uint32_t *spec)
{
	size_t start = x->start, end = x->end;
	bool prefix = false;
	const char *star = memchr(p->s + start, '*', end - start);
	if (star) {
		if ((size_t)(star - p->s) != end - 1 || star == p->s + start)
			return fail_at(p, (size_t)(star - p->s), "'*' may only end a word (acme*)");
		prefix = true;
		end--;
	}
	int rc = tokenize_term(p, start, end);
	if (rc < 0)
		return rc;
	char sigil = p->s[start];
	if (sigil == '#' || sigil == '@' || sigil == '$') {
		clout_token_kind want = sigil == '#' ? CLOUT_TOKEN_HASHTAG : sigil == '@' ? CLOUT_TOKEN_MENTION : CLOUT_TOKEN_CASHTAG;
		const char *what = sigil == '#' ? "a hashtag" : sigil == '@' ? "a handle" : "a ticker (1 to 10 letters)";
		if (p->ntok != 1 || p->nother || p->nurl || p->tok_kinds[0] != want || p->tok_covered != end - start)
			return fail_at(p, start + 1, "expected %s after '%c'", what, sigil);
		if (prefix && p->tok_len[0] < 3)
			return fail_at(p, x->end - 1, "a prefix needs at least 2 characters before '*'");
		uint8_t kind = sigil == '#' ? CLOUT__LISTEN_HASHTAG : sigil == '@' ? CLOUT__LISTEN_MENTION : CLOUT__LISTEN_CASHTAG;
		return add_spec(p, kind, prefix, p->tok_text[0], p->tok_len[0], spec);
	}
	if (p->nurl)
		return fail_at(p, start, "links cannot be matched as terms (use has:link)");
	if (p->ntok == 0)
		return fail_at(p, start, "'%.*s' has no word to match", (int)(end - start), p->s + start);
	if (p->ntok == 1 && (p->tok_kinds[0] == CLOUT_TOKEN_WORD || p->tok_kinds[0] == CLOUT_TOKEN_NUMBER)) {
		if (prefix && p->tok_len[0] < 2)
			return fail_at(p, x->end - 1, "a prefix needs at least 2 characters before '*'");
		return add_spec(p, CLOUT__LISTEN_WORD, prefix, p->tok_text[0], p->tok_len[0], spec);
	}
	if (prefix)
		return fail_at(p, x->end - 1, "a prefix needs a single word before '*'");
	/* a word the tokenizer splits (l'oréal, e-commerce) is the phrase of its parts */
	return add_joined(p, CLOUT__LISTEN_PHRASE, false, spec);
}

/* ---- filters ---- */

static bool all_chars(const char *s, size_t n, const char *extra)
{
	for (size_t j = 0; j < n; j++) {
		unsigned char c = (unsigned char)s[j];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (extra && c >= '0' && c <= '9') ||
			  (extra && c && strchr(extra, c));
		if (!ok)
			return false;
	}
	return true;
}

/* Returns 1 and adds a filter when x is NAME:VALUE with a filter name, 0 when it is no filter. */
static int try_filter(parser *p, const lexeme *x, uint32_t *out)
{
	static const char *const names[] = { "lang", "platform", "from", "is", "has" };
	const char *w = p->s + x->start;
	size_t n = x->end - x->start, colon = 0;
	while (colon < n && w[colon] != ':')
		colon++;
	if (colon == 0 || colon == n || !all_chars(w, colon, NULL))
		return 0;
	if (n - colon >= 3 && w[colon + 1] == '/' && w[colon + 2] == '/')
		return 0; /* a link: refused as a term */
	int which = -1;
	for (int k = 0; k < 5; k++)
		if (strlen(names[k]) == colon && !strncasecmp(w, names[k], colon))
			which = k;
	if (which < 0)
		return fail_at(p, x->start, "unknown filter '%.*s:' (expected lang:, platform:, from:, is: or has:)",
			(int)colon, w);
	const char *v = w + colon + 1;
	size_t vn = n - colon - 1, vpos = x->start + colon + 1;
	clout__listen_filter f = { 0, NULL, 0 };
	switch (which) {
	case 0:
		if (vn < 2 || vn > 3 || !all_chars(v, vn, NULL))
			return fail_at(p, vpos, "expected a language code such as en or fr after 'lang:'");
		f.kind = CLOUT__FILTER_LANG;
		break;
	case 1:
		if (vn == 0 || !all_chars(v, vn, "_-"))
			return fail_at(p, vpos, "expected a platform name such as instagram after 'platform:'");
		f.kind = CLOUT__FILTER_PLATFORM;
		break;
	case 2:
		if (vn && v[0] == '@') {
			v++;
			vn--;
			vpos++;
		}
		if (vn == 0 || !all_chars(v, vn, "_."))
			return fail_at(p, vpos, "expected a handle such as @acme after 'from:'");
		f.kind = CLOUT__FILTER_FROM;
		break;
	case 3:
		if (vn != 5 || strncasecmp(v, "reply", 5))
			return fail_at(p, vpos, "expected 'reply' after 'is:'");
		f.kind = CLOUT__FILTER_REPLY;
		break;
	default:
		if (vn != 4 || strncasecmp(v, "link", 4))
			return fail_at(p, vpos, "expected 'link' after 'has:'");
		f.kind = CLOUT__FILTER_LINK;
		break;
	}
	if (f.kind == CLOUT__FILTER_LANG || f.kind == CLOUT__FILTER_PLATFORM || f.kind == CLOUT__FILTER_FROM) {
		if (vn > CLOUT__LISTEN_VALUE_MAX)
			return fail_at(p, vpos, "filter value longer than %d characters", CLOUT__LISTEN_VALUE_MAX);
		f.value = malloc(vn + 1);
		if (!f.value)
			return oom(p);
		for (size_t j = 0; j < vn; j++)
			f.value[j] = (char)(v[j] >= 'A' && v[j] <= 'Z' ? v[j] + 32 : v[j]);
		f.value[vn] = '\0';
	}
	clout__listen_rule *r = &p->out->rule;
	if (r->nfilters == p->filters_cap) {
		uint32_t cap = p->filters_cap ? p->filters_cap * 2 : 4;
		clout__listen_filter *fs = realloc(r->filters, cap * sizeof(*fs));
		if (!fs) {
			free(f.value);
			return oom(p);
		}
		r->filters = fs;
		p->filters_cap = cap;
	}
	r->filters[r->nfilters] = f;
	*out = r->nfilters++;
	return 1;
}

/* ---- expressions ---- */

static int parse_or(parser *p, uint32_t *out);

static int parse_primary(parser *p, uint32_t *out)
{
	lexeme *x;
	int rc = peek(p, &x);
	if (rc < 0)
		return rc;
	lexeme cur = *x;
	uint32_t arg = 0;
	switch (cur.kind) {
	case LX_LPAREN:
		consume(p);
		if (++p->depth > CLOUT_LISTEN_MAX_DEPTH)
			return fail_at(p, cur.pos, "rule nested too deeply (at most %d levels)", CLOUT_LISTEN_MAX_DEPTH);
		if ((rc = peek(p, &x)) < 0)
			return rc;
		if (x->kind == LX_RPAREN)
			return fail_at(p, x->pos, "expected a term inside '()'");
		if ((rc = parse_or(p, out)) < 0)
			return rc;
		if ((rc = peek(p, &x)) < 0)
			return rc;
		if (x->kind != LX_RPAREN)
			return fail_at(p, x->pos, "expected ')'");
		consume(p);
		p->depth--;
		return 0;
	case LX_PHRASE:
		consume(p);
		if ((rc = phrase_term(p, &cur, &arg)) < 0)
			return rc;
		return new_node(p, N_TERM, 0, 0, arg, cur.pos, out);
	case LX_WORD:
		consume(p);
		if ((rc = try_filter(p, &cur, &arg)) < 0)
			return rc;
		if (rc == 1)
			return new_node(p, N_FILTER, 0, 0, arg, cur.pos, out);
		if ((rc = word_term(p, &cur, &arg)) < 0)
			return rc;
		return new_node(p, N_TERM, 0, 0, arg, cur.pos, out);
	case LX_RPAREN:
		return fail_at(p, cur.pos, "unexpected ')'");
	case LX_EOF:
		return fail_at(p, cur.pos, "expected a term");
	case LX_NEAR:
		return fail_at(p, cur.pos, "expected a term before NEAR");
	default:
		return fail_at(p, cur.pos, "expected a term before '%.*s'", (int)(cur.end - cur.start), p->s + cur.start);
	}
}

/* NEAR operands are terms or an OR of terms: collects their spec indexes. */
static int near_operand(parser *p, uint32_t id, size_t pos, uint32_t **list, uint32_t *n)
{
	node *nd = &p->nodes[id];
	if (nd->kind == N_OR) {
		int rc = near_operand(p, nd->left, pos, list, n);
		return rc < 0 ? rc : near_operand(p, p->nodes[id].right, pos, list, n);
	}
	if (nd->kind != N_TERM)
		return fail_at(p, pos, "NEAR needs a term, phrase or tag (or an OR of them) on each side");
	uint32_t *l = realloc(*list, (*n + 1) * sizeof(**list));
	if (!l)
		return oom(p);
	*list = l;
	l[(*n)++] = nd->arg;
	p->out->spec_positional[nd->arg] = true;
	return 0;
}

static int parse_near(parser *p, uint32_t *out)
{
	lexeme *x;
	int rc = peek(p, &x);
	if (rc < 0)
		return rc;
	size_t left_pos = x->pos, right_pos;
	if ((rc = parse_primary(p, out)) < 0 || (rc = peek(p, &x)) < 0 || x->kind != LX_NEAR)
		return rc;
	uint32_t distance = x->distance, left = *out, right;
	size_t pos = x->pos;
	consume(p);
	if ((rc = peek(p, &x)) < 0)
		return rc;
	right_pos = x->pos;
	if ((rc = parse_primary(p, &right)) < 0)
		return rc;
	if ((rc = peek(p, &x)) < 0)
		return rc;
	if (x->kind == LX_NEAR)
		return fail_at(p, x->pos, "NEAR cannot be chained: join NEAR clauses with AND");
	clout__listen_rule *r = &p->out->rule;
	if (r->nnears == p->nears_cap) {
		uint32_t cap = p->nears_cap ? p->nears_cap * 2 : 2;
		clout__listen_near *ns = realloc(r->nears, cap * sizeof(*ns));
		if (!ns)
			return oom(p);
		r->nears = ns;
		p->nears_cap = cap;
	}
	clout__listen_near *nr = &r->nears[r->nnears++];
	*nr = (clout__listen_near){ distance, NULL, NULL, 0, 0 };
	if ((rc = near_operand(p, left, left_pos, &nr->a, &nr->na)) < 0 || (rc = near_operand(p, right, right_pos, &nr->b, &nr->nb)) < 0)
		return rc;
	return new_node(p, N_NEAR, left, right, r->nnears - 1, pos, out);
}

static int parse_unary(parser *p, uint32_t *out)
{
	lexeme *x;
	int rc = peek(p, &x);
	if (rc < 0)
		return rc;
	if (x->kind != LX_NOT)
		return parse_near(p, out);
	size_t pos = x->pos;
	consume(p);
	if (++p->depth > CLOUT_LISTEN_MAX_DEPTH)
		return fail_at(p, pos, "rule nested too deeply (at most %d levels)", CLOUT_LISTEN_MAX_DEPTH);
	uint32_t child;
	if ((rc = parse_unary(p, &child)) < 0)
		return rc;
	p->depth--;
	return new_node(p, N_NOT, child, 0, 0, pos, out);
}

static int parse_and(parser *p, uint32_t *out)
{
	int rc = parse_unary(p, out);
	while (rc == 0) {
		lexeme *x;
		if ((rc = peek(p, &x)) < 0)
			return rc;
		size_t pos = x->pos;
		if (x->kind == LX_AND)
			consume(p);
		else if (x->kind != LX_WORD && x->kind != LX_PHRASE && x->kind != LX_LPAREN && x->kind != LX_NOT)
			return 0;
		uint32_t right;
		if ((rc = parse_unary(p, &right)) < 0)
			return rc;
		rc = new_node(p, N_AND, *out, right, 0, pos, out);
	}
	return rc;
}

static int parse_or(parser *p, uint32_t *out)
{
	int rc = parse_and(p, out);
	while (rc == 0) {
		lexeme *x;
		if ((rc = peek(p, &x)) < 0 || x->kind != LX_OR)
			return rc;
		size_t pos = x->pos;
		consume(p);
		uint32_t right;
		if ((rc = parse_and(p, &right)) < 0)
			return rc;
		rc = new_node(p, N_OR, *out, right, 0, pos, out);
	}
	return rc;
}

/* ---- checks and code ---- */

enum { V_FALSE, V_TRUE, V_UNKNOWN };

/* The rule's value on a post that holds none of its terms, filters unknown (Kleene logic). */
static int without_terms(const parser *p, uint32_t id)
{
	const node *nd = &p->nodes[id];
	int a, b;
	switch (nd->kind) {
	case N_TERM:
	case N_NEAR:
		return V_FALSE;
	case N_FILTER:
		return V_UNKNOWN;
	case N_NOT:
		a = without_terms(p, nd->left);
		return a == V_UNKNOWN ? V_UNKNOWN : a == V_TRUE ? V_FALSE : V_TRUE;
	case N_AND:
		a = without_terms(p, nd->left);
		b = without_terms(p, nd->right);
		return a == V_FALSE || b == V_FALSE ? V_FALSE : a == V_TRUE && b == V_TRUE ? V_TRUE : V_UNKNOWN;
	default:
		a = without_terms(p, nd->left);
		b = without_terms(p, nd->right);
		return a == V_TRUE || b == V_TRUE ? V_TRUE : a == V_FALSE && b == V_FALSE ? V_FALSE : V_UNKNOWN;
	}
}

/* Appends the postfix code of node id; *depth receives the stack it needs. */
static int emit(parser *p, uint32_t id, uint32_t *cap, uint32_t *depth)
{
	clout__listen_rule *r = &p->out->rule;
	const node nd = p->nodes[id];
	uint32_t dl = 1, dr = 0;
	int rc;
	if (nd.kind == N_NOT || nd.kind == N_AND || nd.kind == N_OR) {
		if ((rc = emit(p, nd.left, cap, &dl)) < 0)
			return rc;
		if (nd.kind != N_NOT && (rc = emit(p, nd.right, cap, &dr)) < 0)
			return rc;
	}
	if (r->nprog == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		uint32_t *prog = realloc(r->prog, *cap * sizeof(*prog));
		if (!prog)
			return oom(p);
		r->prog = prog;
	}
	static const uint32_t ops[] = { CLOUT__OP_TERM, CLOUT__OP_FILTER, CLOUT__OP_NEAR, CLOUT__OP_NOT, CLOUT__OP_AND,
		CLOUT__OP_OR };
	r->prog[r->nprog++] = CLOUT__OP(ops[nd.kind], nd.kind <= N_NEAR ? nd.arg : 0);
	*depth = dl > dr + 1 ? dl : dr + 1;
	return 0;
}

static int check_utf8(parser *p)
{
	for (size_t j = 0; j < p->n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)p->s + j, (utf8proc_ssize_t)(p->n - j), &cp);
		if (k <= 0)
			return fail_at(p, j, "invalid UTF-8");
		if (cp == 0)
			return fail_at(p, j, "unexpected NUL character");
		j += (size_t)k;
	}
	return 0;
}

static int parse_rule(parser *p)
{
	lexeme *x;
	uint32_t root, cap = 0, depth = 0;
	int rc;
	if (p->n > CLOUT_LISTEN_RULE_MAX_BYTES)
		return fail_at(p, CLOUT_LISTEN_RULE_MAX_BYTES, "rule longer than %d bytes", CLOUT_LISTEN_RULE_MAX_BYTES);
	if ((rc = check_utf8(p)) < 0 || (rc = peek(p, &x)) < 0)
		return rc;
	if (x->kind == LX_EOF)
		return fail_at(p, x->pos, "empty rule: expected a term");
	if ((rc = parse_or(p, &root)) < 0 || (rc = peek(p, &x)) < 0)
		return rc;
	if (x->kind == LX_RPAREN)
		return fail_at(p, x->pos, "unexpected ')'");
	if (x->kind != LX_EOF)
		return fail_at(p, x->pos, "expected the end of the rule");
	if (without_terms(p, root) != V_FALSE)
		return fail_at(p, 0, "the rule can match a post without any of its terms: it needs a term that every match "
				     "contains (NOT and filters only narrow)");
	if ((rc = emit(p, root, &cap, &depth)) < 0)
		return rc;
	if (depth > 64)
		return fail_at(p, 0, "rule nested too deeply");
	return 0;
}

int clout__listen_parse(clout__listen_parsed *out, clout_text *t, const char *name, const char *expr, clout_error *err)
{
	parser p;
	memset(&p, 0, sizeof(p));
	memset(out, 0, sizeof(*out));
	p.t = t;
	p.name = name;
	p.s = expr ? expr : "";
	p.n = strlen(p.s);
	p.out = out;
	p.err = err;
	clout_buf_init(&p.tokbuf, 0);
	int rc = parse_rule(&p);
	if (rc == 0 && name && !(out->rule.name = strdup(name)))
		rc = oom(&p);
	free(p.nodes);
	clout_buf_release(&p.tokbuf);
	if (rc < 0)
		clout__listen_parsed_release(out);
	return rc;
}

void clout__listen_rule_release(clout__listen_rule *r)
{
	if (!r)
		return;
	free(r->name);
	free(r->prog);
	for (uint32_t k = 0; k < r->nfilters; k++)
		free(r->filters[k].value);
	free(r->filters);
	for (uint32_t k = 0; k < r->nnears; k++) {
		free(r->nears[k].a);
		free(r->nears[k].b);
	}
	free(r->nears);
	free(r->terms);
	memset(r, 0, sizeof(*r));
}

void clout__listen_parsed_release(clout__listen_parsed *p)
{
	if (!p)
		return;
	clout__listen_rule_release(&p->rule);
	for (uint32_t k = 0; k < p->nspecs; k++)
		free(p->specs[k].body);
	free(p->specs);
	free(p->spec_positional);
	memset(p, 0, sizeof(*p));
}
