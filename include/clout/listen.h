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

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clout/common.h"
#include "clout/import.h"
#include "clout/session.h"
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
	const char *owner;    /* the user who answers every mention of the rule, or NULL: round robin */
} clout_listen_rule;

/* Defaults for clout_listen_rule_add: kind brand, team social, priority normal, no fixed owner. */
#define CLOUT_LISTEN_RULE_INIT { 0, NULL, NULL, "brand", "social", "normal", 0, NULL }

/*
 * Checks rule (name, kind, team, priority, and expr parsed as in clout_listen_set_add, with errors
 * "rule 'NAME':LINE:COLUMN: ...") and saves it in the session's workspace; *out_id (may be NULL)
 * is its id; a created_at of 0 is now. Errors on the session: CLOUT_EINVAL for a bad name, kind,
 * team or priority, CLOUT_EBADDATA for a malformed expr, CLOUT_EEXISTS when the workspace has a
 * rule of that name; store errors.
 */
int clout_listen_rule_add(clout_session *s, const clout_listen_rule *rule, int64_t *out_id);

/* Deletes the rule called name from the session's workspace. CLOUT_ENOTFOUND when there is none. */
int clout_listen_rule_remove(clout_session *s, const char *name);

/* Called per saved rule; non-zero stops the walk, which returns that value. */
typedef int (*clout_listen_rule_fn)(void *ctx, const clout_listen_rule *rule);

/* Calls fn for each saved rule of the session's workspace, in order of creation (name: only that
 * rule, and CLOUT_ENOTFOUND when there is none). Errors on the session. */
int clout_listen_rule_foreach(clout_session *s, const char *name, clout_listen_rule_fn fn, void *ctx);

/* Adds the saved rules of the session's workspace (or only the one called name) to set, named as
 * saved and parsed with the session's text model; compile the set afterwards. Errors on the
 * session: CLOUT_ENOTFOUND for an unknown name; a saved rule that no longer parses (the language
 * changed) gives CLOUT_EBADDATA naming it. */
int clout_listen_set_load(clout_session *s, clout_listen_set *set, const char *name);

/* ---- listening to a stream: mentions (docs/listen.md) ---- */

/* A mention: a post that a saved rule matched, with its inbox state. Strings are borrowed (from the
 * store in a walk, from the listener in its callbacks). Times are unix seconds, 0 when not set. */
typedef struct clout_listen_mention {
	int64_t id;
	int64_t rule_id;
	const char *rule, *kind, *team, *priority; /* the rule's, when the mention was made */
	int64_t post_id, account_id;
	const char *platform, *post_ext_id;
	const char *handle;   /* the author's handle, or NULL */
	int64_t posted_at;    /* the post's time (its arrival when the post has none) */
	const char *lang;     /* the post's language, or NULL */
	double sentiment;     /* compound score in [-1, 1] */
	const char *label;    /* positive, neutral or negative */
	int64_t reach;        /* the author's followers, -1 when unknown */
	const char *owner;    /* NULL when nobody is on duty in the team */
	const char *status;   /* new, assigned, replied or closed */
	int64_t created_at, due_at, first_response_at, closed_at;
	bool breached;        /* unanswered past due_at (or answered after it) at the query's time */
	const char *text;     /* the post's text in the listener's callbacks, else NULL */
	size_t text_len;
} clout_listen_mention;

/* An alert. kind is spike, crisis, influencer or disclosure; at is the time of the post that raised
 * it (so a replayed stream gives the alerts it would have given live); detail is a JSON object. */
typedef struct clout_listen_alert {
	int64_t id;
	const char *kind;
	const char *rule;    /* the rule it is about, or NULL */
	int64_t at;
	int64_t post_id;     /* the post that raised it, 0 when none */
	const char *detail;  /* {"count":..,"baseline":..,...} */
	int64_t created_at;
} clout_listen_alert;

typedef int (*clout_listen_mention_fn)(void *ctx, const clout_listen_mention *m);
typedef int (*clout_listen_alert_fn)(void *ctx, const clout_listen_alert *a);

#define CLOUT_LISTEN_RUN_OPTIONS_VERSION 1

typedef struct clout_listen_run_options {
	unsigned int version;
	const char *format;      /* NULL or "auto": detected per source (the formats of clout import) */
	bool follow;             /* clout_listen_run: path sources are followed as tail -F does */
	bool skip_bad;           /* a bad record is reported to on_bad and skipped */
	const volatile sig_atomic_t *stop; /* clout_listen_run: set non-zero (from a signal handler) to end; may be NULL */
	int64_t reach_threshold; /* influencer alert: an author with at least this many followers (100000) */
	int64_t cooldown_s;      /* spike and crisis: quiet time after an alert per rule (21600) */
	int64_t min_count;       /* spike and crisis: fewest mentions in an hour to alert on (10) */
	double spike_k;          /* spike and crisis: robust deviations above the baseline (5) */
	size_t max_record_bytes; /* longest record (16 MiB) */
	clout_listen_mention_fn on_mention; /* each mention stored (not the ones that existed) */
	clout_listen_alert_fn on_alert;     /* each alert raised */
	int (*on_bad)(void *ctx, const clout_error *err); /* with skip_bad: each bad record */
	void *ctx;
} clout_listen_run_options;

#define CLOUT_LISTEN_RUN_OPTIONS_INIT \
	{ CLOUT_LISTEN_RUN_OPTIONS_VERSION, NULL, false, false, NULL, 100000, 21600, 10, 5.0, 0, NULL, NULL, NULL, NULL }

typedef struct clout_listen_run_stats {
	uint64_t records, posts, matched_posts, mentions, existing, alerts, rejected;
	double seconds;
} clout_listen_run_stats;

typedef struct clout_listen_listener clout_listen_listener;

/*
 * A listener: the session's workspace's saved rules compiled into a set (with the session's text
 * model), with the state alerts and routing need (hourly counts per rule since a week before the
 * latest mention, partners, SLAs, the round robin cursors). s is borrowed and must outlive it (or
 * the session given to clout_listen_listener_use), and so must its text model (a server shares one
 * model among its sessions). opts is copied (NULL: the defaults). Errors on the session, as
 * clout_listen_set_load and the store's.
 */
int clout_listen_listener_new(clout_listen_listener **out, clout_session *s, const clout_listen_run_options *opts);

/*
 * Makes l store through session s from now on (s borrowed, as in clout_listen_listener_new): a
 * server keeps a listener per workspace and hands it the session of each request that ingests.
 * s must act in the listener's workspace, on the same store; the text model stays the one l was
 * made with. CLOUT_EINVAL on s for another workspace or while l has a transaction open.
 */
int clout_listen_listener_use(clout_listen_listener *l, clout_session *s);

/* Frees l (NULL-safe). */
void clout_listen_listener_free(clout_listen_listener *l);

/* Picks up rules saved or removed since the listener was made or last refreshed (one cheap query
 * when none was), compiling only what was added (a running listener does not start from scratch),
 * and, every 2 seconds, the teams, duty, SLAs and partners; 1 when the rules changed, else 0. */
int clout_listen_listener_refresh(clout_listen_listener *l, clout_error *err);

/*
 * Matches every post of source (in format, or NULL for the listener's option) against the rules
 * and stores mentions, posts and alerts in one transaction: a bad record (without skip_bad) gives
 * CLOUT_EBADDATA "NAME:LINE: what" and stores nothing. stats (may be NULL) is added to.
 */
int clout_listen_ingest(clout_listen_listener *l, const clout_import_source *source, const char *format,
	clout_listen_run_stats *stats, clout_error *err);

/*
 * The whole listening operation on the session's workspace: the saved rules against
 * sources[0..n) (files, an fd such as stdin, or with opts->follow files being appended to, until
 * *opts->stop). Files are read one transaction each; an fd or a followed file is committed in
 * batches, at least whenever its input pauses. Errors on the session: CLOUT_ENOTFOUND when the
 * workspace has no rule, CLOUT_EBADDATA "NAME:LINE: what" for a bad record (what came before it
 * from a stream stays stored).
 */
int clout_listen_run(clout_session *s, const clout_import_source *sources, size_t n,
	const clout_listen_run_options *opts, clout_listen_run_stats *out);

/* The JSON of a mention, or of an alert, as one line without a newline, for the caller to free();
 * NULL when out of memory. */
char *clout_listen_mention_json(const clout_listen_mention *m);
char *clout_listen_alert_json(const clout_listen_alert *a);

/* ---- the inbox ---- */

#define CLOUT_LISTEN_INBOX_QUERY_VERSION 1

typedef struct clout_listen_inbox_query {
	unsigned int version;
	const char *team;   /* only this team's, or NULL */
	const char *owner;  /* only this user's, or NULL */
	const char *status; /* new, assigned, replied, closed, or NULL: every status but closed */
	bool breached;      /* only mentions past their SLA */
	int64_t id;         /* only this mention, or 0 */
	int64_t now;        /* the clock the SLA is read against (0: now) */
	int64_t limit;      /* at most this many (0: 1000) */
} clout_listen_inbox_query;

#define CLOUT_LISTEN_INBOX_QUERY_INIT { CLOUT_LISTEN_INBOX_QUERY_VERSION, NULL, NULL, NULL, false, 0, 0, 0 }

/* Calls fn for the mentions of q in the session's workspace, overdue ones first, then by due time.
 * Errors on the session: CLOUT_EINVAL for a bad team or status. (The inbox, SLA, duty, partner
 * and alert operations below all act in the session's workspace and report errors on it.) */
int clout_listen_inbox_foreach(clout_session *s, const clout_listen_inbox_query *q, clout_listen_mention_fn fn,
	void *ctx);

/* Gives mention id to user (status assigned unless already replied). CLOUT_ENOTFOUND, CLOUT_ECONFLICT
 * when the mention is closed, CLOUT_EINVAL for an empty user. */
int clout_listen_inbox_assign(clout_session *s, int64_t id, const char *user);

/* Logs the answer note by author (status replied; the first one stops the response clock).
 * CLOUT_EINVAL for an empty note or one over 4,096 bytes, CLOUT_ENOTFOUND, CLOUT_ECONFLICT (closed). */
int clout_listen_inbox_reply(clout_session *s, int64_t id, const char *author, const char *note);

/* Closes mention id. CLOUT_ENOTFOUND, CLOUT_ECONFLICT when already closed. */
int clout_listen_inbox_close(clout_session *s, int64_t id);

/* The reply notes of mention id, oldest first. */
typedef int (*clout_listen_note_fn)(void *ctx, const char *author, const char *note, int64_t created_at);
int clout_listen_inbox_notes(clout_session *s, int64_t id, clout_listen_note_fn fn, void *ctx);

/* The response time allowed to team for priority (seconds): the workspace's setting or the default
 * (docs/listen.md). */
int clout_listen_sla_get(clout_session *s, const char *team, const char *priority, int64_t *out);
/* Sets it (1 second to 30 days). CLOUT_EINVAL naming the bad team, priority or seconds. */
int clout_listen_sla_set(clout_session *s, const char *team, const char *priority, int64_t seconds);

/* Puts user on or off duty: members off duty get no mentions by round robin. */
int clout_listen_duty_set(clout_session *s, const char *user, bool on_duty);

/* Per team: mentions created in the period, answered ones, answered within the SLA, breaches
 * (unanswered past due, or answered late), open ones, and the median and P90 first-response time
 * of the answered (seconds, -1 when none). */
typedef struct clout_listen_team_report {
	const char *team;
	uint64_t mentions, answered, within_sla, breached, open;
	int64_t median_s, p90_s;
} clout_listen_team_report;

/* Fills out[0..3) (pr, social, support) for mentions created in [from, to) (to 0: no end), read
 * against now (0: now). */
int clout_listen_inbox_report(clout_session *s, int64_t from, int64_t to, int64_t now, clout_listen_team_report out[3]);

/* ---- partners (accounts under contract: their posts must disclose) ----
 * A listener checks the accounts added here and the accounts of the people with a signed or active
 * contract in one of the workspace's campaigns (clout/campaign.h). */

typedef int (*clout_listen_partner_fn)(void *ctx, const char *platform, const char *handle);
/* handle with or without '@'; platform NULL: any platform ("*"). CLOUT_EEXISTS, CLOUT_EINVAL. */
int clout_listen_partner_add(clout_session *s, const char *platform, const char *handle);
int clout_listen_partner_remove(clout_session *s, const char *platform, const char *handle);
int clout_listen_partner_foreach(clout_session *s, clout_listen_partner_fn fn, void *ctx);

/* ---- alerts ---- */

/* Calls fn for the alerts of workspace (only of kind when not NULL) at times in [from, to)
 * (to 0: no end), oldest first. CLOUT_EINVAL for an unknown kind. */
int clout_listen_alert_foreach(clout_session *s, const char *kind, int64_t from, int64_t to, clout_listen_alert_fn fn,
	void *ctx);

/*
 * The spike test on counts with a daily cycle: whether count (mentions of the current hour so far)
 * is above the baseline of history. history[k] is the count k + 1 hours before the current one
 * (-1: unknown); the baseline is the median of the same hour on up to 7 earlier days when 2 or more
 * are known, else of the last 24 hours when 12 or more are, else there is none (no alert). The
 * threshold is median + k * max(1.4826 * MAD, sqrt(median), 1), and at least min_count. *baseline
 * and *threshold (may be NULL) receive them (-1 without a baseline).
 */
bool clout_listen_spike(const int64_t *history, size_t nhistory, int64_t count, double k, int64_t min_count,
	double *baseline, double *threshold);

/* ---- share of voice ---- */

#define CLOUT_LISTEN_SOV_OPTIONS_VERSION 1

typedef struct clout_listen_sov_options {
	unsigned int version;
	const char *brand;                /* a rule name */
	const char *const *competitors;   /* rule names */
	size_t ncompetitors;
	bool by_week;                     /* periods of ISO weeks (from Monday) instead of days */
	int64_t from, to;                 /* posted in [from, to) (to 0: no end) */
} clout_listen_sov_options;

#define CLOUT_LISTEN_SOV_OPTIONS_INIT { CLOUT_LISTEN_SOV_OPTIONS_VERSION, NULL, NULL, 0, false, 0, 0 }

/* One period and rule: mentions, its share of the period's mentions of every rule of the report,
 * the sentiment split, and reach (the followers of the distinct accounts that mentioned it). */
typedef struct clout_listen_sov_row {
	int64_t period;  /* the period's first second (UTC) */
	const char *rule; /* borrowed from the options */
	uint64_t mentions, positive, neutral, negative;
	double share;
	int64_t reach;
} clout_listen_sov_row;

/* Share of voice in the session's workspace, by period then in the options' rule order (brand
 * first); rows the caller frees with free(). CLOUT_EINVAL without a brand, CLOUT_ENOTFOUND for a
 * rule name the workspace lacks; errors on the session. */
int clout_listen_sov(clout_session *s, const clout_listen_sov_options *opts, clout_listen_sov_row **out, size_t *n);


#ifdef __cplusplus
}
#endif
#endif
