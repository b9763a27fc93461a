/*
 * set.c: the rule set: rules, the term table they share, the two Vectorscan databases built from
 * it, and what the matcher reads. Each distinct term (kind, prefix flag, folded body) is one term id,
 * whatever the number of rules that use it; its literals (" acme ", " #acme ", " @acme " for a bare
 * word) all report that id. The main database holds every live rule's terms at the last full build;
 * the delta database holds the terms first needed by rules added since, and is rebuilt alone on
 * each compile until it grows past a share of the main one, when everything is rebuilt and removed
 * rules are dropped. Compiling also lays each rule's program out in one code array (filters and
 * NEAR clauses inline) and lists each rule under the terms of its cheapest cover, so that the
 * matcher evaluates a rule only when one of those terms is found.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/listen/internal.h"
#include "util/banned.h"

int clout_listen_set_new(clout_listen_set **out, clout_error *err)
{
	clout_listen_set *set = calloc(1, sizeof(*set));
	*out = NULL;
	if (!set || clout_smap_init(&set->term_keys, 64) < 0) {
		free(set);
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory creating a rule set");
	}
	if (clout_smap_init(&set->values, 16) < 0) {
		clout_smap_release(&set->term_keys);
		free(set);
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory creating a rule set");
	}
	*out = set;
	return 0;
}

static void db_release(clout__listen_db *d)
{
	if (d->db)
		hs_free_database(d->db);
	free(d->patterns);
	memset(d, 0, sizeof(*d));
}

void clout_listen_set_free(clout_listen_set *set)
{
	if (!set)
		return;
	for (uint32_t k = 0; k < set->nrules; k++)
		clout__listen_rule_release(&set->rules[k]);
	free(set->rules);
	for (uint32_t k = 0; k < set->nterms; k++) {
		free(set->terms[k].body);
		free(set->terms[k].rules);
	}
	free(set->terms);
	free(set->code);
	free(set->code_at);
	free(set->list_off);
	free(set->list);
	free(set->term_tail);
	free(set->removed_bits);
	clout_smap_release(&set->term_keys);
	clout_smap_release(&set->values);
	db_release(&set->main);
	db_release(&set->delta);
	free(set);
}

uint32_t clout_listen_set_count(const clout_listen_set *set)
{
	return set->nrules;
}

const char *clout_listen_set_name(const clout_listen_set *set, uint32_t id)
{
	if (id >= set->nrules)
		return NULL;
	return set->rules[id].name ? set->rules[id].name : "";
}

/* The set's id for a parsed term, added when new. */
static int intern_term(clout_listen_set *set, const clout__listen_term_spec *spec, uint32_t *out)
{
	clout_buf key = CLOUT_BUF_INIT;
	int rc = clout_buf_putc(&key, (char)('0' + spec->kind));
	if (rc == 0)
		rc = clout_buf_putc(&key, spec->prefix ? '*' : '=');
	if (rc == 0)
		rc = clout_buf_put(&key, spec->body, spec->body_len);
	int64_t id = rc < 0 ? rc : clout_smap_intern(&set->term_keys, key.ptr, key.len);
	clout_buf_release(&key);
	if (id < 0)
		return CLOUT_ENOMEM;
	if ((uint32_t)id < set->nterms) {
		*out = (uint32_t)id;
		return 0;
	}
	if (set->nterms == set->terms_cap) {
		uint32_t cap = set->terms_cap ? set->terms_cap * 2 : 64;
		clout__listen_term *terms = realloc(set->terms, cap * sizeof(*terms));
		if (!terms)
			return CLOUT_ENOMEM;
		set->terms = terms;
		set->terms_cap = cap;
	}
	char *body = malloc(spec->body_len + 1);
	if (!body)
		return CLOUT_ENOMEM;
	memcpy(body, spec->body, spec->body_len + 1);
	clout__listen_term *t = &set->terms[set->nterms];
	memset(t, 0, sizeof(*t));
	t->kind = spec->kind;
	t->prefix = spec->prefix;
	t->body = body;
	t->body_len = spec->body_len;
	*out = set->nterms++;
	return 0;
}

int clout_listen_set_add(clout_listen_set *set, clout_text *t, const char *name, const char *expr, uint32_t *out,
	clout_error *err)
{
	clout__listen_parsed parsed;
	uint32_t *ids = NULL;
	int rc = clout__listen_parse(&parsed, t, name, expr, err);
	if (rc < 0)
		return rc;
	if (set->nrules == set->rules_cap) {
		uint32_t cap = set->rules_cap ? set->rules_cap * 2 : 16;
		clout__listen_rule *rules = realloc(set->rules, cap * sizeof(*rules));
		if (!rules)
			goto nomem;
		set->rules = rules;
		set->rules_cap = cap;
	}
	if (!(ids = malloc((parsed.nspecs ? parsed.nspecs : 1) * sizeof(*ids))))
		goto nomem;
	for (uint32_t k = 0; k < parsed.nspecs; k++)
		if (intern_term(set, &parsed.specs[k], &ids[k]) < 0)
			goto nomem;
	for (uint32_t k = 0; k < parsed.rule.nfilters; k++) {
		clout__listen_filter *f = &parsed.rule.filters[k];
		char key[CLOUT__LISTEN_VALUE_MAX + 2];
		if (!f->value)
			continue;
		char tag = f->kind == CLOUT__FILTER_LANG ? 'l' : f->kind == CLOUT__FILTER_PLATFORM ? 'p' : 'f';
		int n = snprintf(key, sizeof(key), "%c%s", tag, f->value);
		int64_t v = clout_smap_intern(&set->values, key, (size_t)n);
		if (v < 0 || v >= (1 << 25))
			goto nomem;
		f->value_id = (uint32_t)v;
	}
	/* from here nothing fails: the rule's spec indexes become term ids */
	clout__listen_rule *r = &parsed.rule;
	for (uint32_t k = 0; k < r->nprog; k++)
		if ((r->prog[k] & 7) == CLOUT__OP_TERM)
			r->prog[k] = CLOUT__OP(CLOUT__OP_TERM, ids[r->prog[k] >> 3]);
	for (uint32_t k = 0; k < r->nnears; k++) {
		for (uint32_t j = 0; j < r->nears[k].na; j++)
			r->nears[k].a[j] = ids[r->nears[k].a[j]];
		for (uint32_t j = 0; j < r->nears[k].nb; j++)
			r->nears[k].b[j] = ids[r->nears[k].b[j]];
	}
	for (uint32_t k = 0; k < parsed.nspecs; k++) {
		if (parsed.spec_positional[k])
			set->terms[ids[k]].positional = true;
		set->terms[ids[k]].nuses++;
	}
	r->terms = ids;
	r->nterms = parsed.nspecs;
	ids = NULL;
	set->rules[set->nrules] = *r;
	memset(r, 0, sizeof(*r));
	if (out)
		*out = set->nrules;
	set->nrules++;
	clout__listen_parsed_release(&parsed);
	return 0;
nomem:
	free(ids);
	clout__listen_parsed_release(&parsed);
	return clout_error_set(err, CLOUT_ENOMEM, "out of memory adding a rule");
}

int clout_listen_set_remove(clout_listen_set *set, uint32_t id, clout_error *err)
{
	if (id >= set->nrules || set->rules[id].removed)
		return clout_error_set(err, CLOUT_ENOTFOUND, "no rule %u", id);
	set->rules[id].removed = true;
	if (id < set->compiled_rules && set->code_at[id] != UINT32_MAX) {
		set->code[set->code_at[id]] |= CLOUT__CODE_REMOVED;
		set->removed_bits[id >> 6] |= 1ull << (id & 63);
	}
	return 0;
}

/* Literals under construction for one database. */
typedef struct lits {
	clout_buf text;
	size_t *offsets, *lens;
	unsigned *flags, *ids;
	clout__listen_pattern *patterns;
	uint32_t n, cap;
} lits;

static int lit_add(lits *l, uint32_t term, char sigil, const clout__listen_term *t, bool every)
{
	if (l->n == l->cap) {
		uint32_t cap = l->cap ? l->cap * 2 : 256;
		size_t *offsets = realloc(l->offsets, cap * sizeof(*offsets));
		if (offsets)
			l->offsets = offsets;
		size_t *lens = realloc(l->lens, cap * sizeof(*lens));
		if (lens)
			l->lens = lens;
		unsigned *flags = realloc(l->flags, cap * sizeof(*flags));
		if (flags)
			l->flags = flags;
		unsigned *ids = realloc(l->ids, cap * sizeof(*ids));
		if (ids)
			l->ids = ids;
		clout__listen_pattern *patterns = realloc(l->patterns, cap * sizeof(*patterns));
		if (patterns)
			l->patterns = patterns;
		if (!offsets || !lens || !flags || !ids || !patterns)
			return CLOUT_ENOMEM;
		l->cap = cap;
	}
	size_t start = l->text.len;
	if (clout_buf_putc(&l->text, ' ') < 0 || (sigil && clout_buf_putc(&l->text, sigil) < 0) ||
		clout_buf_put(&l->text, t->body, t->body_len) < 0 || (!t->prefix && clout_buf_putc(&l->text, ' ') < 0))
		return CLOUT_ENOMEM;
	l->offsets[l->n] = start;
	l->lens[l->n] = l->text.len - start;
	if (term > UINT32_MAX / 2 || l->n > UINT32_MAX / 2)
		return CLOUT_ENOMEM;
	l->flags[l->n] = every ? 0 : HS_FLAG_SINGLEMATCH;
	l->ids[l->n] = (term << 1) | (every ? 1 : 0);
	l->patterns[l->n] = (clout__listen_pattern){ term, (uint32_t)(l->text.len - start), !t->prefix, every };
	l->n++;
	return 0;
}

static int lit_add_term(lits *l, uint32_t term, const clout__listen_term *t)
{
	int rc = lit_add(l, term, 0, t, t->positional);
	if (rc == 0 && t->kind == CLOUT__LISTEN_WORD)
		rc = lit_add(l, term, '#', t, t->positional);
	if (rc == 0 && t->kind == CLOUT__LISTEN_WORD)
		rc = lit_add(l, term, '@', t, t->positional);
	return rc;
}

static void lits_release(lits *l)
{
	clout_buf_release(&l->text);
	free(l->offsets);
	free(l->lens);
	free(l->flags);
	free(l->ids);
	free(l->patterns);
}

/* Compiles l into d (which it replaces). An empty l gives an empty database. */
static int build_db(clout__listen_db *d, lits *l, clout_error *err)
{
	hs_database_t *db = NULL;
	int rc = 0;
	const char **exprs = NULL;
	if (l->n) {
		if (!(exprs = malloc(l->n * sizeof(*exprs)))) {
			rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory compiling rules");
			goto done;
		}
		for (uint32_t k = 0; k < l->n; k++)
			exprs[k] = l->text.ptr + l->offsets[k];
		hs_compile_error_t *cerr = NULL;
		if (hs_compile_lit_multi(exprs, l->flags, l->ids, l->lens, l->n, HS_MODE_BLOCK, NULL, &db, &cerr) != HS_SUCCESS) {
			rc = clout_error_set(err, CLOUT_EBACKEND, "vectorscan: %s", cerr ? cerr->message : "compile failed");
			hs_free_compile_error(cerr);
			goto done;
		}
	}
	db_release(d);
	d->db = db;
	d->patterns = l->patterns;
	d->npatterns = l->n;
	l->patterns = NULL;
done:
	free(exprs);
	return rc;
}

/*
 * A cover of a rule: terms of which at least one is in every post the rule matches, so that the rule
 * needs evaluating only when one of them is found. A term covers itself; an AND is covered by either
 * side (the cheaper one is kept), an OR by the union of its sides, a NEAR by either side's terms; NOT
 * and filters have no cover. The cost of a cover is the number of rules that use its terms, a proxy
 * for how often they occur: "acme" in one rule beats "broken" in two thousand.
 */
typedef struct cover {
	uint32_t *terms;
	uint32_t n;
	uint64_t cost;
	bool none; /* no cover: the subexpression can hold with none of its terms */
} cover;

static int cover_of_list(const clout_listen_set *set, const uint32_t *terms, uint32_t n, cover *out)
{
	out->none = false;
	out->n = n;
	out->cost = 0;
	if (!(out->terms = malloc((n ? n : 1) * sizeof(*out->terms))))
		return CLOUT_ENOMEM;
	for (uint32_t k = 0; k < n; k++) {
		out->terms[k] = terms[k];
		out->cost += set->terms[terms[k]].nuses;
	}
	return 0;
}

/* The cheaper of a and b in *a; b is released. */
static void cover_either(cover *a, cover *b)
{
	if (a->none || (!b->none && b->cost < a->cost)) {
		cover t = *a;
		*a = *b;
		*b = t;
	}
	free(b->terms);
}

/* The union of a and b in *a; b is released. */
static int cover_union(cover *a, cover *b)
{
	int rc = 0;
	if (a->none || b->none) {
		a->none = true;
	} else {
		uint32_t *terms = realloc(a->terms, (a->n + b->n) * sizeof(*terms));
		if (!terms) {
			rc = CLOUT_ENOMEM;
		} else {
			memcpy(terms + a->n, b->terms, b->n * sizeof(*terms));
			a->terms = terms;
			a->n += b->n;
			a->cost += b->cost;
		}
	}
	free(b->terms);
	return rc;
}

/* The rule's cheapest cover (computed on its postfix program), or all its terms when it has none. */
static int rule_cover(const clout_listen_set *set, const clout__listen_rule *r, cover *out)
{
	cover stack[72];
	int sp = 0, rc = 0;
	stack[0] = (cover){ NULL, 0, 0, true };
	for (uint32_t k = 0; k < r->nprog && rc == 0; k++) {
		uint32_t ins = r->prog[k], arg = ins >> 3;
		cover c = { NULL, 0, 0, true };
		switch (ins & 7) {
		case CLOUT__OP_TERM:
			rc = cover_of_list(set, &arg, 1, &c);
			stack[sp++] = c;
			break;
		case CLOUT__OP_NEAR: {
			cover b;
			if ((rc = cover_of_list(set, r->nears[arg].a, r->nears[arg].na, &c)) == 0 &&
				(rc = cover_of_list(set, r->nears[arg].b, r->nears[arg].nb, &b)) == 0)
				cover_either(&c, &b);
			stack[sp++] = c;
			break;
		}
		case CLOUT__OP_FILTER:
			stack[sp++] = c;
			break;
		case CLOUT__OP_NOT:
			free(stack[sp - 1].terms);
			stack[sp - 1] = c;
			break;
		case CLOUT__OP_AND:
			sp--;
			cover_either(&stack[sp - 1], &stack[sp]);
			break;
		default:
			sp--;
			rc = cover_union(&stack[sp - 1], &stack[sp]);
			break;
		}
	}
	for (int k = 1; k < sp; k++)
		free(stack[k].terms);
	*out = stack[0];
	if (rc == 0 && sp == 1 && !out->none)
		return 0;
	free(out->terms);
	out->none = false;
	if (rc < 0)
		return rc;
	return cover_of_list(set, r->terms, r->nterms, out);
}

/* Writes the instructions r->prog[s..e] to out with filters and NEAR clauses inline; returns the
 * number of words written. */
static size_t emit_prog(const clout__listen_rule *r, uint32_t s, uint32_t e, uint32_t *out)
{
	size_t n = 0;
	for (uint32_t k = s; k <= e; k++) {
		uint32_t ins = r->prog[k], arg = ins >> 3;
		if ((ins & 7) == CLOUT__OP_FILTER) {
			const clout__listen_filter *f = &r->filters[arg];
			out[n++] = CLOUT__OP(CLOUT__OP_FILTER, (f->value_id << 3) | f->kind);
		} else if ((ins & 7) == CLOUT__OP_NEAR) {
			const clout__listen_near *nr = &r->nears[arg];
			out[n++] = CLOUT__OP(CLOUT__OP_NEAR, 3 + nr->na + nr->nb);
			out[n++] = nr->distance;
			out[n++] = nr->na;
			memcpy(out + n, nr->a, nr->na * sizeof(*out));
			n += nr->na;
			out[n++] = nr->nb;
			memcpy(out + n, nr->b, nr->nb * sizeof(*out));
			n += nr->nb;
		} else {
			out[n++] = ins;
		}
	}
	return n;
}

/* Are r->prog[s..e] only terms and ORs? */
static bool only_terms(const clout__listen_rule *r, uint32_t s, uint32_t e)
{
	for (uint32_t k = s; k <= e; k++)
		if ((r->prog[k] & 7) != CLOUT__OP_TERM && (r->prog[k] & 7) != CLOUT__OP_OR)
			return false;
	return true;
}

/* A factor of a rule: the instructions prog[s..e], the kind it is written as, and its rank (the
 * order the matcher tries factors in: cheap and selective first). */
typedef struct factor {
	uint32_t s, e;
	uint8_t kind, rank;
} factor;

static factor classify(const clout__listen_rule *r, uint32_t s, uint32_t e)
{
	uint32_t last = r->prog[e] & 7, first = r->prog[s] & 7;
	factor f = { s, e, CLOUT__F_PROG, 4 };
	if (only_terms(r, s, e))
		f.kind = CLOUT__F_ANY, f.rank = 1;
	else if (last == CLOUT__OP_NOT && e > s && only_terms(r, s, e - 1))
		f.kind = CLOUT__F_NONE, f.rank = 1;
	else if (first == CLOUT__OP_FILTER && (s == e || (e == s + 1 && last == CLOUT__OP_NOT))) {
		f.kind = s == e ? CLOUT__F_FILTER : CLOUT__F_NOTFILTER;
		/* lang: may need the language identified: after the terms */
		f.rank = r->filters[r->prog[s] >> 3].kind == CLOUT__FILTER_LANG ? 2 : 0;
	} else if (first == CLOUT__OP_NEAR && s == e)
		f.kind = CLOUT__F_NEAR, f.rank = 3;
	return f;
}

/*
 * The factors of r (its top-level AND chain flattened) into fs (room for nprog); returns how many.
 * start[k] is where the subexpression that ends at instruction k starts.
 */
static uint32_t factors_of(const clout__listen_rule *r, const uint32_t *start, factor *fs)
{
	uint32_t todo[72][2], ntodo = 0, n = 0;
	todo[ntodo][0] = 0;
	todo[ntodo++][1] = r->nprog - 1;
	while (ntodo) {
		ntodo--;
		uint32_t s = todo[ntodo][0], e = todo[ntodo][1];
		if ((r->prog[e] & 7) == CLOUT__OP_AND && ntodo + 2 <= 72) {
			uint32_t rs = start[e - 1];
			/* the right side first on the stack: the left one comes out first */
			todo[ntodo][0] = rs;
			todo[ntodo++][1] = e - 1;
			todo[ntodo][0] = s;
			todo[ntodo++][1] = rs - 1;
			continue;
		}
		fs[n++] = classify(r, s, e);
	}
	return n;
}

/* Appends rule id's factors to the set's code. */
static int append_code(clout_listen_set *set, uint32_t id)
{
	const clout__listen_rule *r = &set->rules[id];
	size_t len = 2 + 2 * (size_t)r->nprog;
	uint32_t *start = NULL;
	factor *fs = NULL;
	int rc = 0;
	if (r->nprog == 0 || r->nprog >= CLOUT__CODE_ANY)
		return CLOUT_ENOMEM;
	for (uint32_t k = 0; k < r->nnears; k++)
		len += 3 + (size_t)r->nears[k].na + r->nears[k].nb;
	if (set->ncode + len > UINT32_MAX)
		return CLOUT_ENOMEM;
	if (set->ncode + len > set->code_cap) {
		size_t cap = set->code_cap ? set->code_cap * 2 : 1024;
		while (cap < set->ncode + len)
			cap *= 2;
		uint32_t *code = realloc(set->code, cap * sizeof(*code));
		if (!code)
			return CLOUT_ENOMEM;
		set->code = code;
		set->code_cap = cap;
	}
	if (!(start = malloc(r->nprog * sizeof(*start))) || !(fs = malloc(r->nprog * sizeof(*fs)))) {
		rc = CLOUT_ENOMEM;
		goto done;
	}
	for (uint32_t k = 0; k < r->nprog; k++) {
		switch (r->prog[k] & 7) {
		case CLOUT__OP_NOT:
			start[k] = start[k - 1];
			break;
		case CLOUT__OP_AND:
		case CLOUT__OP_OR:
			start[k] = start[start[k - 1] - 1];
			break;
		default:
			start[k] = k;
			break;
		}
	}
	uint32_t nf = factors_of(r, start, fs);
	uint32_t *out = set->code + set->ncode;
	size_t n = 2;
	for (uint8_t rank = 0; rank <= 4; rank++)
		for (uint32_t k = 0; k < nf; k++) {
			const factor *f = &fs[k];
			size_t head = n++;
			if (f->rank != rank) {
				n--;
				continue;
			}
			if (f->kind == CLOUT__F_ANY || f->kind == CLOUT__F_NONE) {
				for (uint32_t j = f->s; j <= f->e; j++)
					if ((r->prog[j] & 7) == CLOUT__OP_TERM)
						out[n++] = r->prog[j] >> 3;
			} else if (f->kind == CLOUT__F_FILTER || f->kind == CLOUT__F_NOTFILTER) {
				n += emit_prog(r, f->s, f->s, out + n);
				out[n - 1] >>= 3; /* the FILTER argument alone */
			} else if (f->kind == CLOUT__F_NEAR) {
				n += emit_prog(r, f->s, f->s, out + n);
				memmove(out + head + 1, out + head + 2, (n - head - 2) * sizeof(*out));
				n--; /* the NEAR arguments without their instruction */
			} else {
				n += emit_prog(r, f->s, f->e, out + n);
			}
			out[head] = (uint32_t)f->kind | (uint32_t)((n - head - 1) << 3);
		}
	out[0] = (uint32_t)(n - 2) | (only_terms(r, 0, r->nprog - 1) ? CLOUT__CODE_ANY : 0);
	out[1] = id;
	set->code_at[id] = (uint32_t)set->ncode;
	set->ncode += n;
done:
	free(start);
	free(fs);
	return rc;
}

/* Adds rule id's program to the code and the rule to the lists of the terms of its cover. */
static int attach(clout_listen_set *set, uint32_t id)
{
	const clout__listen_rule *r = &set->rules[id];
	cover c;
	int rc = append_code(set, id);
	if (rc < 0)
		return rc;
	rc = rule_cover(set, r, &c);
	for (uint32_t k = 0; k < c.n && rc == 0; k++) {
		clout__listen_term *t = &set->terms[c.terms[k]];
		if (t->nrules && t->rules[t->nrules - 1] == id)
			continue; /* a term twice in the cover */
		if (t->nrules == t->rules_cap) {
			uint32_t cap = t->rules_cap ? t->rules_cap * 2 : 4;
			uint32_t *rules = realloc(t->rules, cap * sizeof(*rules));
			if (!rules) {
				rc = CLOUT_ENOMEM;
				break;
			}
			t->rules = rules;
			t->rules_cap = cap;
		}
		t->rules[t->nrules++] = id;
	}
	free(c.terms);
	return rc;
}

static int build_main(clout_listen_set *set, clout_error *err)
{
	lits l = { CLOUT_BUF_INIT, NULL, NULL, NULL, NULL, NULL, 0, 0 };
	bool *used = calloc(set->nterms ? set->nterms : 1, sizeof(*used));
	int rc = 0;
	if (!used) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory compiling rules");
		goto done;
	}
	for (uint32_t k = 0; k < set->nrules; k++)
		if (!set->rules[k].removed)
			for (uint32_t j = 0; j < set->rules[k].nterms; j++)
				used[set->rules[k].terms[j]] = true;
	for (uint32_t k = 0; k < set->nterms && rc == 0; k++)
		if (used[k] && lit_add_term(&l, k, &set->terms[k]) < 0)
			rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory compiling rules");
	if (rc == 0)
		rc = build_db(&set->main, &l, err);
	if (rc < 0)
		goto done;
	/* the rule lists lose removed rules; the terms learn what the main database reports */
	for (uint32_t k = 0; k < set->nterms; k++) {
		clout__listen_term *t = &set->terms[k];
		uint32_t w = 0;
		for (uint32_t j = 0; j < t->nrules; j++)
			if (!set->rules[t->rules[j]].removed)
				t->rules[w++] = t->rules[j];
		t->nrules = w;
		t->in_main = used[k];
		t->main_every = used[k] && t->positional;
	}
	lits empty = { CLOUT_BUF_INIT, NULL, NULL, NULL, NULL, NULL, 0, 0 };
	rc = build_db(&set->delta, &empty, err);
	set->main_rules = set->nrules;
	/* the code loses the removed rules too (their lists no longer point at it) */
	set->ncode = 0;
	for (uint32_t k = 0; k < set->compiled_rules && rc == 0; k++) {
		set->code_at[k] = UINT32_MAX;
		if (!set->rules[k].removed && append_code(set, k) < 0)
			rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory compiling rules");
	}
done:
	free(used);
	lits_release(&l);
	return rc;
}

static int build_delta(clout_listen_set *set, clout_error *err)
{
	lits l = { CLOUT_BUF_INIT, NULL, NULL, NULL, NULL, NULL, 0, 0 };
	bool *added = calloc(set->nterms ? set->nterms : 1, sizeof(*added));
	int rc = 0;
	if (!added) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory compiling rules");
		goto done;
	}
	for (uint32_t k = set->main_rules; k < set->nrules && rc == 0; k++) {
		const clout__listen_rule *r = &set->rules[k];
		for (uint32_t j = 0; j < r->nterms && !r->removed && rc == 0; j++) {
			uint32_t id = r->terms[j];
			const clout__listen_term *t = &set->terms[id];
			/* a main-database term that a new NEAR needs at every occurrence is reported again here */
			if (added[id] || (t->in_main && (t->main_every || !t->positional)))
				continue;
			added[id] = true;
			if (lit_add_term(&l, id, t) < 0)
				rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory compiling rules");
		}
	}
	if (rc == 0)
		rc = build_db(&set->delta, &l, err);
done:
	free(added);
	lits_release(&l);
	return rc;
}

/* Rebuilds list_off, list, term_tail and removed_bits from the terms' rule lists and the code. */
static int build_lists(clout_listen_set *set)
{
	size_t total = 0;
	for (uint32_t k = 0; k < set->nterms; k++)
		for (uint32_t j = 0; j < set->terms[k].nrules; j++)
			total += 2 + CLOUT__CODE_LENGTH(set->code[set->code_at[set->terms[k].rules[j]]]);
	if (total > UINT32_MAX)
		return CLOUT_ENOMEM;
	for (uint32_t k = 0; k < set->nterms; k++)
		if (set->terms[k].body_len >= UINT32_MAX / 2 - 1)
			return CLOUT_ENOMEM;
	uint32_t *off = malloc(((size_t)set->nterms + 1) * sizeof(*off));
	uint32_t *list = malloc((total ? total : 1) * sizeof(*list));
	uint32_t *tail = malloc((set->nterms ? set->nterms : 1) * sizeof(*tail));
	uint64_t *removed = calloc(set->nrules / 64 + 1, sizeof(*removed));
	if (!off || !list || !tail || !removed) {
		free(off);
		free(list);
		free(tail);
		free(removed);
		return CLOUT_ENOMEM;
	}
	uint32_t n = 0;
	for (uint32_t k = 0; k < set->nterms; k++) {
		const clout__listen_term *t = &set->terms[k];
		off[k] = n;
		tail[k] = (t->body_len + (t->prefix ? 0 : 1)) << 1 | (t->prefix ? 0 : 1);
		for (uint32_t j = 0; j < t->nrules; j++) {
			/* at code_at: header, rule id, factors; in the list: rule id, header, factors */
			const uint32_t *code = set->code + set->code_at[t->rules[j]];
			uint32_t len = CLOUT__CODE_LENGTH(code[0]);
			list[n] = code[1];
			list[n + 1] = code[0];
			memcpy(list + n + 2, code + 2, len * sizeof(*list));
			n += 2 + len;
		}
	}
	off[set->nterms] = n;
	for (uint32_t k = 0; k < set->nrules; k++)
		if (set->rules[k].removed)
			removed[k >> 6] |= 1ull << (k & 63);
	free(set->list_off);
	free(set->list);
	free(set->term_tail);
	free(set->removed_bits);
	set->list_off = off;
	set->list = list;
	set->term_tail = tail;
	set->removed_bits = removed;
	set->list_terms = set->nterms;
	return 0;
}

int clout_listen_set_compile(clout_listen_set *set, bool full, clout_error *err)
{
	uint32_t pending = set->nrules - set->main_rules, limit = set->main_rules / 4;
	int rc;
	if (limit < 64)
		limit = 64;
	if (!set->main.db && set->main_rules == 0)
		full = true;
	if (pending > limit)
		full = true;
	rc = full ? build_main(set, err) : build_delta(set, err);
	if (rc < 0)
		return rc;
	uint32_t *code_at = realloc(set->code_at, (set->nrules ? set->nrules : 1) * sizeof(*code_at));
	if (!code_at)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory compiling rules");
	set->code_at = code_at;
	for (uint32_t k = set->compiled_rules; k < set->nrules; k++) {
		code_at[k] = UINT32_MAX;
		if (!set->rules[k].removed && attach(set, k) < 0)
			return clout_error_set(err, CLOUT_ENOMEM, "out of memory compiling rules");
	}
	if (build_lists(set) < 0)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory compiling rules");
	set->compiled_rules = set->nrules;
	set->version++;
	return 0;
}
