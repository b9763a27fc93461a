/*
 * internal.h: what the listen module's files share: the compiled form of a rule (a postfix boolean
 * program over term ids, filters and NEAR clauses), the set's term table and Vectorscan databases,
 * the parser's entry point and the post preparation that both the matcher and the benchmark use.
 *
 * Matching works on a post's "scan text": the folded forms of its word-like tokens (words, numbers,
 * hashtags, mentions, cashtags), each preceded and followed by one space (" acme #launch rocks ").
 * A term is then a literal with its spaces (" acme "), so one Vectorscan pass over the scan text
 * finds every term on token boundaries, with no boundary check in the callback.
 */
#ifndef CLOUT_LIB_LISTEN_INTERNAL_H
#define CLOUT_LIB_LISTEN_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <hs.h>

#include "clout/listen.h"
#include "util/buf.h"
#include "util/map.h"

/* What a term matches. */
typedef enum clout__listen_kind {
	CLOUT__LISTEN_WORD = 1, /* a word or number token, or a hashtag or mention with that text */
	CLOUT__LISTEN_HASHTAG,  /* body "#tag" */
	CLOUT__LISTEN_MENTION,  /* body "@handle" */
	CLOUT__LISTEN_CASHTAG,  /* body "$tick" */
	CLOUT__LISTEN_PHRASE    /* body "tok tok ...": consecutive tokens with these exact folded forms */
} clout__listen_kind;

/* Post filters. */
typedef enum clout__listen_filter_kind {
	CLOUT__FILTER_LANG = 1,
	CLOUT__FILTER_PLATFORM,
	CLOUT__FILTER_FROM,
	CLOUT__FILTER_REPLY,
	CLOUT__FILTER_LINK
} clout__listen_filter_kind;

/* Longest value of a lang:, platform: or from: filter. */
#define CLOUT__LISTEN_VALUE_MAX 64

typedef struct clout__listen_filter {
	uint8_t kind;
	char *value; /* folded: "fr", "instagram", "handle" (no '@'); NULL for is:reply, has:link */
	uint32_t value_id; /* the value's id in the set's value table (set by clout_listen_set_add) */
} clout__listen_filter;

/* a NEAR/n b: a and b are lists of term ids (an OR of terms on each side). */
typedef struct clout__listen_near {
	uint32_t distance;
	uint32_t *a, *b;
	uint32_t na, nb;
} clout__listen_near;

#define CLOUT__CODE_REMOVED (1u << 31)
#define CLOUT__CODE_ANY (1u << 30) /* only terms and OR: true whenever one of its terms is found */
#define CLOUT__CODE_LENGTH(header) ((header) & ((1u << 30) - 1))

/*
 * Program instructions: the opcode in the low 3 bits, the argument above. In a rule's own program
 * (clout__listen_rule.prog) FILTER and NEAR take the index of the rule's filter or NEAR clause. In
 * the set's code, which the matcher runs, they are self-contained: FILTER's argument is
 * (value id << 3 | filter kind), and NEAR's is the number of words that follow it inline:
 * distance, na, a[na], nb, b[nb].
 */
enum {
	CLOUT__OP_TERM = 0, /* push: term arg was found */
	CLOUT__OP_FILTER,   /* push: filter arg holds */
	CLOUT__OP_NEAR,     /* push: NEAR clause arg holds */
	CLOUT__OP_NOT,
	CLOUT__OP_AND,
	CLOUT__OP_OR
};
#define CLOUT__OP(op, arg) ((uint32_t)(op) | ((uint32_t)(arg) << 3))

/*
 * In the set's code a rule is a conjunction of factors (its top-level ANDs flattened), each a word
 * (the factor kind in the low 3 bits, the number of words that follow it above) and its words. The
 * matcher stops at the first factor that fails; compile puts the cheap and selective ones first
 * (filters on fields the post carries, then term lists, then lang:, NEAR and the rest).
 */
enum {
	CLOUT__F_ANY = 0,   /* term ids: one of them was found */
	CLOUT__F_NONE,      /* term ids: none of them was found */
	CLOUT__F_FILTER,    /* one word, a FILTER argument: the filter holds */
	CLOUT__F_NOTFILTER, /* ... the filter does not hold */
	CLOUT__F_NEAR,      /* a NEAR argument's words: distance, na, a[na], nb, b[nb] */
	CLOUT__F_PROG       /* a postfix program (see above) that must hold */
};

typedef struct clout__listen_rule {
	char *name;
	uint32_t *prog;
	uint32_t nprog;
	clout__listen_filter *filters;
	uint32_t nfilters;
	clout__listen_near *nears;
	uint32_t nnears;
	uint32_t *terms; /* distinct term ids the rule mentions */
	uint32_t nterms;
	bool removed;
} clout__listen_rule;

typedef struct clout__listen_term {
	uint8_t kind;
	bool prefix;      /* matches tokens that start with the body */
	bool positional;  /* some NEAR needs every occurrence */
	bool in_main;     /* has patterns in the main database */
	bool main_every;  /* ... reporting every occurrence (not single-match) */
	char *body;
	uint32_t body_len;
	uint32_t nuses;  /* rules that use it (how common it is likely to be) */
	uint32_t *rules; /* compiled rules whose cover holds it: evaluated when it is found */
	uint32_t nrules, rules_cap;
} clout__listen_term;

/* One Vectorscan pattern: its term and literal length. The pattern's Vectorscan id is the term id
 * shifted left by one, plus one when it is reported at every occurrence (which the callback then
 * records for NEAR): the callback needs nothing else. */
typedef struct clout__listen_pattern {
	uint32_t term;
	uint32_t len;
	bool space_end; /* the literal ends with the token-closing space (not a prefix) */
	bool every;     /* reported at every occurrence, which is then recorded for NEAR */
} clout__listen_pattern;

typedef struct clout__listen_db {
	hs_database_t *db;
	clout__listen_pattern *patterns;
	uint32_t npatterns;
} clout__listen_db;

struct clout_listen_set {
	clout__listen_rule *rules;
	uint32_t nrules, rules_cap;
	clout__listen_term *terms;
	uint32_t nterms, terms_cap;
	clout_smap term_keys; /* kind, prefix flag and body -> term id */
	clout_smap values;    /* filter values: "l" + language, "p" + platform, "f" + handle -> value id */
	clout__listen_db main, delta;
	/* the programs of compiled rules, one after the other so that evaluating the rules of a post
	 * touches little memory: at code_at[id], a header (length of what follows the id, CLOUT__CODE_REMOVED when the
	 * rule was removed, CLOUT__CODE_ANY), the rule id, then its factors (see CLOUT__F_ANY) */
	uint32_t *code, *code_at;
	size_t ncode, code_cap;
	/* what the matcher reads: for term t, the rules to evaluate when it is found, each as its id,
	 * its code header and its factors (a copy of its code: the matcher reads a term's rules in one
	 * sweep, without a jump to each rule's code), at list[list_off[t] .. list_off[t + 1]) (rebuilt
	 * from the terms' rule lists by compile); removed_bits: the compiled rules removed since;
	 * term_tail[t] is the length of t's body plus one when its literals end with a space, shifted
	 * left by one, plus one when they do (what the matcher needs to place an occurrence from its
	 * end) */
	uint32_t *list_off, *list, *term_tail;
	uint64_t *removed_bits;
	uint32_t list_terms;
	uint32_t main_rules;     /* rules [0, main_rules) were compiled into main */
	uint32_t compiled_rules; /* rules [0, compiled_rules) are matched */
	uint64_t version;        /* bumped by every compile: matchers resize their scratch */
};

/* A term as the parser found it, before it is interned in the set. */
typedef struct clout__listen_term_spec {
	uint8_t kind;
	bool prefix;
	char *body;
	uint32_t body_len;
} clout__listen_term_spec;

/* A parsed rule whose term arguments (OP_TERM, near lists) index specs, not the set's terms. */
typedef struct clout__listen_parsed {
	clout__listen_rule rule;
	clout__listen_term_spec *specs;
	uint32_t nspecs;
	bool *spec_positional;
} clout__listen_parsed;

/* Parses expr into out (freed with clout__listen_parsed_release). CLOUT_EBADDATA with
 * "rule 'NAME':L:C: what" (or "rule:L:C: what" when name is NULL), CLOUT_ENOMEM. */
int clout__listen_parse(clout__listen_parsed *out, clout_text *t, const char *name, const char *expr,
	clout_error *err);
void clout__listen_parsed_release(clout__listen_parsed *p);

/* Frees what a rule owns. */
void clout__listen_rule_release(clout__listen_rule *r);

/*
 * The scan text of a post, appended to out (which is cleared first): " tok tok ... tok " with the
 * start offset of each token in starts (grown as needed; *nstarts set). *has_url is set when the
 * text holds a URL token. Spaces inside a folded token (compatibility decompositions) become 0x1f
 * so that a token never looks like two. Returns 0 or CLOUT_ENOMEM.
 */
int clout__listen_scan_text(clout_text *t, const char *text, size_t len, clout_buf *out, uint32_t **starts,
	uint32_t *starts_cap, uint32_t *nstarts, bool *has_url);

/* A post's scan text with its token starts (see clout__listen_scan_text). */
typedef struct clout__listen_scan {
	const char *text;
	size_t len;
	const uint32_t *starts;
	uint32_t ntokens;
	bool has_url;
} clout__listen_scan;

/* clout_listen_match on a scan text made beforehand (the benchmark separates tokenizing from
 * matching with it); post gives the filters' fields, its text is not read again unless a lang:
 * filter needs to identify the language. */
int clout__listen_match_scan(clout_listen_matcher *m, const clout_listen_set *set, const clout_listen_post *post,
	const clout__listen_scan *scan, clout_listen_match_fn fn, void *ctx, clout_error *err);

/* The start of an operation on a session: clears its error, gives its store and looks up its
 * workspace (CLOUT_ENOTFOUND on the session when absent). */
int listen_session_begin(clout_session *s, clout_store **store, int64_t *workspace);

/* clout_listen_rule_foreach on a store and workspace (the listener and the rule set loader hold
 * them without a session). */
int listen_rule_foreach_in(clout_store *store, int64_t workspace, const char *name, clout_listen_rule_fn fn, void *ctx,
	clout_error *err);

/* The folded token text as it appears in scan text: spaces become 0x1f (see above). */
static inline char clout__listen_scan_byte(char c)
{
	return c == ' ' ? '\x1f' : c;
}

#endif
