/*
 * clout/score.h: discovery: ranking accounts for a topic by the three R's.
 *
 *   relevance  BM25 of the topic over each account's own posts (terms folded and stemmed per post
 *              language by the text engine), plus indirect relevance through associated terms
 *              mined from the best-matching accounts' posts (pseudo-relevance feedback);
 *   reach      audience size, posting cadence over the last 90 days, and views where known;
 *   resonance  engagement rate of the account's median post against the norm for its audience
 *              size (8% under 1k followers falling to 1.6% at 10M) and the share of commenters it
 *              answers: one viral post does not make an account resonate.
 *
 * A match is an account in the topic's language (or the languages asked) whose relevance is at
 * least the floor (min_relevance, default 0.25) and that passes the filters, of which the audience
 * floor (min_followers, default 1,000) is on by default. The weights are normalised to sum to 1.
 *
 * Accounts also get a tier and flags (suspicious growth, engagement anomaly, dormant, viral outlier,
 * negative content), both defined in clout/vocab.h. Every score is returned with its parts.
 *
 * The index (per-account profiles and term postings) is built once after data changes, with
 * clout_score_index_run (clout_import_run calls it), and stored in the store; queries read only
 * the index.
 */
#ifndef CLOUT_SCORE_H
#define CLOUT_SCORE_H

#include <stdbool.h>
#include <stdint.h>

#include "clout/common.h"
#include "clout/session.h"
#include "clout/store.h"
#include "clout/text.h"
#include "clout/vocab.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The expected engagement rate for an audience of followers (0.08 at 1k, 0.016 at 10M). */
double clout_score_engagement_norm(double followers);
typedef struct clout_score_index_stats {
	uint64_t accounts, posts, terms, postings;
	int64_t reference_time; /* the newest post's time: "now" for recency */
} clout_score_index_stats;

#define CLOUT_SCORE_QUERY_VERSION 1

typedef struct clout_score_query {
	unsigned int version;
	const char *topic;        /* free text: "home cooking", "#vegan recipes" */
	const char *lang;         /* stem the topic and keep accounts in these languages: "en", "fr" or "en,fr";
	                             NULL: the topic's language (see clout_score_results.langs) */
	const char *platform;     /* NULL: any; else a platform of the workspace */
	const char *tier;         /* NULL: any */
	const char *country;      /* NULL: any; else an ISO 3166 alpha-2 code of the workspace's accounts */
	int64_t min_followers;    /* default 1000; 0 or -1: no bound */
	int64_t max_followers;    /* -1: no bound */
	double max_price;         /* < 0: no bound; accounts without a price pass */
	unsigned exclude_flags;   /* drop accounts with any of these flags */
	size_t limit;             /* results wanted (default 20) */
	bool no_expansion;        /* relevance from the topic's own terms only */
	double w_relevance, w_reach, w_resonance; /* weights of the total (default 0.5, 0.25, 0.25), normalised
	                                             to sum to 1 */
	double min_relevance;     /* the relevance floor in [0, 1] (default 0.25): below it, no match */
	const char *campaign;     /* NULL, or a campaign whose languages bound lang (clout_score_discover_run):
	                             without lang, its languages that discovery can search */
} clout_score_query;

#define CLOUT_SCORE_DEFAULT_MIN_FOLLOWERS 1000
#define CLOUT_SCORE_DEFAULT_MIN_RELEVANCE 0.25
#define CLOUT_SCORE_QUERY_INIT { CLOUT_SCORE_QUERY_VERSION, NULL, NULL, NULL, NULL, NULL, \
	CLOUT_SCORE_DEFAULT_MIN_FOLLOWERS, -1, -1, 0, 20, false, 0.5, 0.25, 0.25, CLOUT_SCORE_DEFAULT_MIN_RELEVANCE, NULL }

/* The languages discovery can stem a topic for, comma-separated ("en, fr"). */
const char *clout_score_languages(void);

typedef struct clout_score_result {
	int64_t account_id;
	char platform[24], ext_id[72], handle[72], name[120], lang[8], country[8];
	int64_t followers;
	const char *tier;
	double price;              /* < 0 when unknown */
	char currency[8];          /* of the price, "" when unknown */
	double score;              /* the total, after penalties */
	/* relevance */
	double relevance;          /* in [0, 1]: bm25 / best bm25 of this query */
	double bm25_direct, bm25_indirect;
	/* reach */
	double reach, audience, activity, views_score;
	double posts_per_week, avg_views;
	/* resonance */
	double resonance, engagement_rate, engagement_norm, reply_rate; /* engagement_rate: the median post's */
	double engagement_mean, engagement_max; /* the mean post's rate and the best post's */
	unsigned flags;
	double penalty;            /* multiplier applied for flags (1 when none) */
	uint32_t posts;            /* posts seen in the store */
} clout_score_result;

typedef struct clout_score_results {
	clout_score_result *items;
	size_t count;              /* shown: the best `limit` of the matches */
	char terms[256];           /* the topic's terms as written ("cooking"), one per index term */
	char stems[256];           /* the same terms as indexed ("cook") */
	char expansion[512];       /* associated terms used, as people wrote them: "recipe (0.30), ..." */
	size_t candidates;         /* accounts in the languages searched with any relevance */
	size_t matched;            /* accounts at or above the relevance floor that pass every filter */
	size_t below_floor;        /* accounts with some relevance under the floor */
	char langs[16];            /* languages searched: "en", "fr", "en,fr" or "" (any) */
	char lang_reason[160];     /* why: "asked", "the topic is in en", "'cooking' is used in more en accounts" */
	double min_relevance;      /* the floor applied */
	int64_t min_followers;     /* the audience floor applied (0: none) */
	double w_relevance, w_reach, w_resonance; /* the weights used (normalised) */
	bool index_stale;          /* the store changed since the index was built */
} clout_score_results;

/* Frees what clout_score_discover_run left in results. */
void clout_score_results_release(clout_score_results *results);

/*
 * The whole index operation: rebuilds the discovery index of the session's workspace from the store,
 * in one transaction, reading posts with the session's text model (user lexicons included).
 * Progress is reported in posts; a progress callback that returns non-zero interrupts the build
 * (CLOUT_EINVAL, the index left as it was). Errors on the session.
 */
int clout_score_index_run(clout_session *s, clout_progress_fn progress, void *progress_ctx,
	clout_score_index_stats *out);

/*
 * The whole discover operation: ranks the accounts of the session's workspace for query, with the
 * session's text model. out is released by clout_score_results_release. CLOUT_EINVAL for a query
 * without a topic or with a filter naming nothing in the workspace, CLOUT_ENOTFOUND when no index
 * exists yet; errors on the session.
 * With query->campaign, that campaign's languages bound the search (finding people for its
 * roster): without lang, the languages of the campaign that discovery can search; a lang outside
 * them, or a campaign none of whose languages discovery can search, is CLOUT_EINVAL naming it.
 */
int clout_score_discover_run(clout_session *s, const clout_score_query *query, clout_score_results *out);

/*
 * The JSON of discover results ({"terms", "associated_terms", "candidates", "index_stale",
 * "results": [{rank, platform, id, handle, name, tier, followers, lang, country, price, score,
 * penalty, flags, relevance{}, reach{}, resonance{}}]}; docs/discover.md) as a NUL-terminated
 * string ending in a newline, for the caller to free(). CLOUT_ENOMEM.
 */
int clout_score_discover_json(char **out, const clout_score_results *results, clout_error *err);

/* ---- accounts, as the JSON API lists and shows them (src/lib/score/account.c) ---- */

/* An account in a list or at the head of its page. */
typedef struct clout_score_account_item {
	int64_t account_id;
	char platform[24], ext_id[72], handle[72], name[120], lang[8], country[8], currency[8];
	int64_t followers;         /* -1 when unknown */
	const char *tier;          /* by followers (clout/vocab.h) */
	double price;              /* < 0 when unknown */
	unsigned flags;            /* from the discovery index (0 when not indexed) */
	bool indexed;              /* the discovery index holds the account */
} clout_score_account_item;

#define CLOUT_SCORE_ACCOUNTS_MAX_LIMIT 500

/* A page of accounts: the largest audience first. */
typedef struct clout_score_account_page {
	clout_score_account_item *items;
	size_t count;
	int64_t total, offset, limit; /* total: the accounts matching, on every page */
} clout_score_account_page;

/*
 * Lists the session's workspace's accounts (only platform's when non-NULL), limit (1 ..
 * CLOUT_SCORE_ACCOUNTS_MAX_LIMIT) after offset (>= 0), with their tier and flags. CLOUT_EINVAL
 * ("limit: ...", "offset: ...") for bounds out of range. Release out with
 * clout_score_account_page_release. Errors on the session.
 */
int clout_score_accounts_list(clout_session *s, const char *platform, int64_t offset, int64_t limit,
	clout_score_account_page *out);
void clout_score_account_page_release(clout_score_account_page *page);

/* The JSON of a page ({"total","offset","limit","accounts":[{id, account_id, platform, ext_id, handle,
 * name, tier, followers, lang, country, price, currency, flags, indexed}]}), for the caller to free(). */
int clout_score_account_page_json(char **out, const clout_score_account_page *page, clout_error *err);

/* A post of an account as shown (text owned by the detail). */
typedef struct clout_score_account_post {
	int64_t id, created_at;
	char *text;
	char lang[8];
	clout_post_kind kind;
	int64_t likes, comments, shares, quotes, views; /* -1 when unknown */
	int sponsored;
	double engagement_rate;    /* (likes + comments + shares + quotes) / followers; < 0 when unknown */
} clout_score_account_post;

/* A term of the topic as the account's posts use it. */
typedef struct clout_score_account_term {
	char term[64];             /* as indexed (stemmed): "cook" */
	char surface[64];          /* the written word seen most in the account's posts ("cooking"), or "" */
	uint32_t posts;            /* posts holding it, of those read */
	uint32_t occurrences;
} clout_score_account_term;

/* One follower count observed. */
typedef struct clout_score_account_point {
	int64_t observed_at, followers;
} clout_score_account_point;

/* One account in depth. */
typedef struct clout_score_account_detail {
	clout_score_account_item account;
	int64_t following, post_count, views, created_at;
	int verified;
	/* engagement against the norm of the account's tier: from the discovery index when it holds
	 * the account, else computed from the posts read */
	double engagement_rate, engagement_mean, engagement_max, engagement_norm;
	double reply_rate, posts_per_week;  /* < 0 when not indexed */
	double penalty;                      /* 1 when not indexed */
	uint32_t posts_read;                 /* posts read for engagement and terms (newest first) */
	clout_score_account_post *posts;     /* the newest posts_limit posts */
	size_t post_count_shown;
	clout_score_account_term *terms;     /* the topic's terms, when a topic was asked */
	size_t term_count;
	char topic[256];
	clout_score_account_point *history;  /* follower counts, oldest first */
	size_t history_count;
} clout_score_account_detail;

#define CLOUT_SCORE_ACCOUNT_POSTS_READ 2000

/*
 * Shows the account of the session's workspace named by key ("platform:id", "@handle", or its
 * internal id as "#N"): its fields, tier and flags, engagement against its tier's norm, its newest
 * posts_limit posts (0 .. 200), the terms of topic (NULL: none) its posts hold, of the newest
 * CLOUT_SCORE_ACCOUNT_POSTS_READ, and its follower history from snapshots. CLOUT_ENOTFOUND for an
 * unknown account, CLOUT_EINVAL ("topic: ...", "posts: ...") for bad input. Release out with
 * clout_score_account_detail_release. Errors on the session.
 */
int clout_score_account_show(clout_session *s, const char *key, const char *topic, size_t posts_limit,
	clout_score_account_detail *out);
void clout_score_account_detail_release(clout_score_account_detail *detail);

/* The JSON of an account in depth (docs/openapi.yaml AccountDetail), for the caller to free(). */
int clout_score_account_detail_json(char **out, const clout_score_account_detail *detail, clout_error *err);

#ifdef __cplusplus
}
#endif
#endif
