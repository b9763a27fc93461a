/*
 * clout/listen.h: listening rules and the matcher that runs them over a stream of posts.
 *
 * A rule is a boolean expression over terms, phrases, hashtags, mentions, cashtags, prefixes,
 * NEAR/n and post filters (the language is documented in docs/listen.md). A clout_listen_set holds
 * rules; clout_listen_set_compile turns every term of every rule into one Vectorscan database and
 * each rule into a compact boolean program. Rules added after a full compile go into a small second
 * database on the next compile, so a running listener picks them up without rebuilding the first;
 * the two are merged by a full rebuild once the second grows past a share of the first.
 *
 * A clout_listen_matcher is the per-thread scratch (token buffer, Vectorscan scratch, hit sets) that
 * matches posts against a compiled set. Several matchers may share one set as long as nothing adds,
 * removes or compiles rules while they match.
 */
#ifndef CLOUT_LISTEN_H
#define CLOUT_LISTEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clout/common.h"
#include "clout/store.h"
#include "clout/text.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Limits a rule must stay within (beyond them the parser reports an error naming the place). */
#define CLOUT_LISTEN_RULE_MAX_BYTES 16384 /* length of a rule's text */
#define CLOUT_LISTEN_MAX_DEPTH 32         /* nesting of parentheses and NOT */
#define CLOUT_LISTEN_MAX_NEAR 255         /* largest n in NEAR/n */

typedef struct clout_listen_set clout_listen_set;
typedef struct clout_listen_matcher clout_listen_matcher;

/* A post as the matcher sees it. Strings are borrowed for the duration of the call. */
typedef struct clout_listen_post {
	const char *text; /* UTF-8 (invalid bytes are read as U+FFFD) */
	size_t len;
	const char *lang;     /* "en", "fr", ...; NULL: detected by the text engine when a rule asks */
	const char *platform; /* "twitter", "instagram", ...; NULL when unknown */
	const char *author;   /* the author's handle, with or without '@'; NULL when unknown */
	bool is_reply;        /* the post answers another post */
	bool has_link;        /* the post carries a link (a URL in the text also counts) */
} clout_listen_post;

/* Creates an empty rule set for the caller to free with clout_listen_set_free. CLOUT_ENOMEM. */
int clout_listen_set_new(clout_listen_set **out, clout_error *err);

/* Frees set (NULL-safe). Matchers that used it must not be used with it again. */
void clout_listen_set_free(clout_listen_set *set);

/*
 * Parses expr as the rule called name (name may be NULL; it is only used in messages and by
 * clout_listen_set_name) and adds it to set; *out (may be NULL) receives its id: 0, 1, 2, ... in
 * order of addition. t is the text engine used to fold and tokenize the rule's terms exactly as posts
 * are. The rule is matched once clout_listen_set_compile has run. A malformed rule gives
 * CLOUT_EBADDATA with "rule 'NAME':LINE:COLUMN: what was expected" (columns count characters from
 * 1) and leaves set unchanged; CLOUT_ENOMEM.
 */
int clout_listen_set_add(clout_listen_set *set, clout_text *t, const char *name, const char *expr,
	uint32_t *out, clout_error *err);

/* Stops matching rule id (its terms stay in the database until the next full rebuild).
 * CLOUT_ENOTFOUND for an unknown id. */
int clout_listen_set_remove(clout_listen_set *set, uint32_t id, clout_error *err);

/* Number of rules ever added (removed ones included: ids are never reused). */
uint32_t clout_listen_set_count(const clout_listen_set *set);

/* The name rule id was added with ("" when none), or NULL for an unknown id; borrowed from set. */
const char *clout_listen_set_name(const clout_listen_set *set, uint32_t id);

/*
 * Makes the rules added since the last compile matchable. The first compile, or one after which
 * the rules added since the last full build would exceed max(64, a quarter of it), builds the main
 * database from every live rule; otherwise only the rules added since the last full build go into
 * the second, small database. full forces a full rebuild. CLOUT_EBACKEND when Vectorscan refuses
 * (the message says why), CLOUT_ENOMEM.
 */
int clout_listen_set_compile(clout_listen_set *set, bool full, clout_error *err);

/* Creates a matcher for the caller to free with clout_listen_matcher_free; t is borrowed and used
 * for tokens and, when a rule filters on language, language identification. CLOUT_ENOMEM. */
int clout_listen_matcher_new(clout_listen_matcher **out, clout_text *t, clout_error *err);

/* Frees m (NULL-safe). */
void clout_listen_matcher_free(clout_listen_matcher *m);

/* Called once per rule that matches a post, in increasing id order; non-zero stops the call, which
 * then returns that value. */
typedef int (*clout_listen_match_fn)(void *ctx, uint32_t rule_id);

/*
 * Matches post against the compiled rules of set and calls fn for each rule that matches. The
 * post's text is tokenized and folded once and scanned once per database. Returns 0, fn's non-zero
 * value, CLOUT_ENOMEM, or CLOUT_EBACKEND when Vectorscan fails.
 */
int clout_listen_match(clout_listen_matcher *m, const clout_listen_set *set, const clout_listen_post *post,
	clout_listen_match_fn fn, void *ctx, clout_error *err);

/* ---- saved rules (the store's listen_rule table) ---- */

/* A saved rule. Strings are borrowed (from the caller when adding, from the store in a walk). */
typedef struct clout_listen_rule {
	int64_t id;
	const char *name;     /* 1 to 64 of A-Z a-z 0-9 _ . - */
	const char *expr;     /* the rule (docs/listen.md) */
	const char *kind;     /* brand, competitor, campaign or influencer */
	const char *team;     /* pr, social or support: who answers its mentions */
	const char *priority; /* low, normal or high */
	int64_t created_at;   /* unix seconds */
} clout_listen_rule;

/* Defaults for clout_listen_rule_add: kind brand, team social, priority normal. */
#define CLOUT_LISTEN_RULE_INIT { 0, NULL, NULL, "brand", "social", "normal", 0 }

/*
 * Checks rule (name, kind, team, priority, and expr parsed as in clout_listen_set_add, with errors
 * "rule 'NAME':LINE:COLUMN: ...") and saves it in workspace; *out_id (may be NULL) is its id; a
 * created_at of 0 is now. CLOUT_EINVAL for a bad name, kind, team or priority, CLOUT_EBADDATA for a
 * malformed expr, CLOUT_EEXISTS when the workspace has a rule of that name; store errors.
 */
int clout_listen_rule_add(clout_store *store, int64_t workspace, clout_text *t, const clout_listen_rule *rule,
	int64_t *out_id, clout_error *err);

/* Deletes the rule called name. CLOUT_ENOTFOUND when there is none. */
int clout_listen_rule_remove(clout_store *store, int64_t workspace, const char *name, clout_error *err);

/* Called per saved rule; non-zero stops the walk, which returns that value. */
typedef int (*clout_listen_rule_fn)(void *ctx, const clout_listen_rule *rule);

/* Calls fn for each saved rule of workspace, in order of creation (name: only that rule, and
 * CLOUT_ENOTFOUND when there is none). */
int clout_listen_rule_foreach(clout_store *store, int64_t workspace, const char *name, clout_listen_rule_fn fn,
	void *ctx, clout_error *err);

/* Adds the saved rules of workspace (or only the one called name) to set, named as saved; compile
 * the set afterwards. CLOUT_ENOTFOUND for an unknown name; a saved rule that no longer parses (the
 * language changed) gives CLOUT_EBADDATA naming it. */
int clout_listen_set_load(clout_listen_set *set, clout_text *t, clout_store *store, int64_t workspace,
	const char *name, clout_error *err);

#ifdef __cplusplus
}
#endif
#endif
