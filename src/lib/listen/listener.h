/*
 * listener.h (libclout only): what the listener's files share: the listener object (listener.c:
 * rules, matching, storing mentions and routing them), its alert state (alert.c: hourly counts per
 * rule, spike and crisis tests, influencer and disclosure checks) and the loop over record sources
 * (run.c).
 */
#ifndef CLOUT_LIB_LISTEN_LISTENER_H
#define CLOUT_LIB_LISTEN_LISTENER_H

#include <stdbool.h>
#include <stdint.h>

#include "clout/listen.h"
#include "util/map.h"

/* Hours of history kept per rule: a week, plus a day of slack for late posts. */
#define LISTEN_RING_HOURS 192
#define LISTEN_TEAMS 3

/* One hour's counts in a rule's ring (hour -1: empty slot). */
typedef struct listen_hour {
	int64_t hour;
	uint32_t mentions, negative;
} listen_hour;

/* A rule of the listener, by its id in the set. */
typedef struct listen_rule_meta {
	int64_t store_id;
	char *name, *kind, *team, *priority, *owner;
	bool removed;
	listen_hour *ring;        /* LISTEN_RING_HOURS slots, allocated on the rule's first mention */
	int64_t last_spike_at, last_crisis_at; /* stream time of the rule's last alerts, 0 when none */
} listen_rule_meta;

/* What an account record told us about an author. */
typedef struct listen_author {
	char *handle;
	int64_t followers;
	bool person;
	bool looked_up; /* the store's row was read: no need to read it again */
} listen_author;

typedef struct listen_team {
	char **members; /* on duty, by name */
	size_t nmembers;
	size_t next;     /* round robin cursor */
} listen_team;

/* A matched post waiting in the listener's batch (batch.c): a copy of the post (its strings in mem),
 * what its mentions share, and its mentions at [first, first + n) of the batch's. */
typedef struct listen_pending {
	clout_post p;
	char *mem;
	const char *handle, *lang; /* the author's handle (or NULL); the mentions' language (or NULL) */
	int64_t account_id, parent_id, reach, posted_at, created_at;
	double sentiment;
	const char *label; /* static */
	bool person;
	uint32_t first, n;
} listen_pending;

/* A mention waiting in the batch: its rule (set id), owner (owned, or NULL) and due time. */
typedef struct listen_pending_mention {
	uint32_t rule;
	char *owner;
	int64_t due_at;
} listen_pending_mention;

/* Matched posts a batch holds before it is stored (and at every commit). */
#define LISTEN_BATCH_POSTS 1024

struct clout_listen_listener {
	clout_store *store;
	int64_t ws;
	clout_listen_run_options opts;
	clout_text *t;
	clout_listen_set *set;
	clout_listen_matcher *m;
	listen_rule_meta *rules; /* by set id */
	uint32_t nrules, rules_cap;
	bool any_rule;
	clout_smap author_keys;  /* "platform\x1fext_id" -> index in authors */
	listen_author *authors;
	size_t authors_cap;
	clout_smap partners;     /* "platform\x1fhandle" (lowercase handle; platform "*" for any) */
	clout_listen_set *disclosure; /* the disclosure markers, one rule */
	clout_listen_matcher *disclosure_matcher;
	int64_t sla[LISTEN_TEAMS][3];
	listen_team teams[LISTEN_TEAMS];
	int64_t first_hour;      /* the earliest hour the listener knows counts for (-1: none yet) */
	bool mention_hook;       /* a webhook subscribes to mention.created */
	uint32_t *matched;       /* rule ids matched by the current post */
	uint32_t nmatched, matched_cap;
	int64_t rule_count, rule_max; /* the rules' version at the last refresh */
	double routing_at;       /* when teams, SLAs and partners were last read (monotonic seconds) */
	uint64_t alerts_new;     /* alerts raised since listen_record last counted them */
	bool in_tx;
	uint64_t pending;        /* writes in the open transaction */
	listen_pending *batch;   /* matched posts not yet stored (batch.c) */
	size_t nbatch, batch_cap;
	listen_pending_mention *batch_mentions;
	size_t nbatch_mentions, batch_mentions_cap;
	clout_listen_run_stats *stats; /* where the batch's outcome is counted (the last record's) */
};

/* Team index (pr 0, social 1, support 2) and priority index (low 0, normal 1, high 2), -1 if unknown. */
int listen_team_index(const char *team);
int listen_priority_index(const char *priority);
/* The default SLA of a team and priority (seconds). */
int64_t listen_sla_default(int team, int priority);

/* Loads the alert state (hourly counts, last alerts) from the store. */
int listen_alerts_load(clout_listen_listener *l, clout_error *err);

/* clout_listen_listener_new on a store and workspace (store borrowed; model NULL: the default). */
int listen_listener_open(clout_listen_listener **out, clout_store *store, int64_t workspace,
	const clout_text_model *model, const clout_listen_run_options *opts, clout_error *err);
/* Counts a new mention of rule (set id) and raises spike and crisis alerts it causes. */
int listen_alerts_count(clout_listen_listener *l, uint32_t rule, const clout_listen_mention *m, clout_error *err);
/* The per-post alerts: influencer and disclosure, for a post that made new brand or campaign
 * mentions. */
int listen_alerts_post(clout_listen_listener *l, const clout_post *p, const clout_listen_mention *m,
	bool influencer_rule, const char *brand_rule, clout_error *err);
/* Stores an alert (deduplicated by key), tells on_alert and the webhooks. */
int listen_alert_raise(clout_listen_listener *l, clout_listen_alert *a, const char *key, clout_error *err);

/* Matches and stores one record's posts. */
int listen_record(clout_listen_listener *l, const clout_import_record *rec, clout_listen_run_stats *stats,
	clout_error *err);
/* Adds matched post p (a copy), with what its mentions share (m: account, handle, reach, time,
 * language, sentiment) and person (its author is a person), and its mentions of the rules
 * matched[0..n) to the batch, routed now; stores the batch when it is full. */
int listen_batch_add(clout_listen_listener *l, const clout_post *p, const clout_listen_mention *m, int64_t parent_id,
	bool person, const uint32_t *matched, uint32_t n, clout_error *err);
/* Stores the batch (posts, then mentions in one set-based write each), then, in order, counts each
 * mention stored or already there, tells about the new ones and raises their alerts. */
int listen_batch_flush(clout_listen_listener *l, clout_error *err);
/* Forgets the batch (a rollback). */
void listen_batch_clear(clout_listen_listener *l);

/* Opens the listener's write transaction if it has none; commits (the batch first) or rolls it
 * back (the batch forgotten). */
int listen_tx_begin(clout_listen_listener *l, clout_error *err);
int listen_tx_commit(clout_listen_listener *l, clout_error *err);
void listen_tx_rollback(clout_listen_listener *l);

#endif
