/*
 * internal.h: what the tracking module's files share: the user-agent rules and click
 * classification (classify.c), URL and code checks and the redirect target (url.c).
 */
#ifndef CLOUT_LIB_TRACK_INTERNAL_H
#define CLOUT_LIB_TRACK_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clout/track.h"

typedef struct track_rule {
	clout_click_class kind; /* CLOUT_CLICK_PREVIEW or CLOUT_CLICK_BOT */
	char *token;            /* lowercase */
	size_t len;
} track_rule;

/* The rules of data/track/user_agents.txt, read once and shared read-only between threads. */
typedef struct track_rules {
	track_rule *rules;
	size_t count;
	/* An index by a token's first two bytes, so that a User-Agent is read once whatever the number
	 * of rules: the rules whose token starts with bytes (a, b) are by_bigram[start[k] ..
	 * start[k + 1]) with k = a * 256 + b; tokens of one byte are in short_rules. */
	uint32_t *start;
	uint32_t *by_bigram;
	uint32_t *short_rules;
	size_t short_count;
	uint64_t serial; /* unique per parse (never 0 once parsed): keys the per-thread class cache */
} track_rules;

/* Reads the embedded rules; CLOUT_EBADDATA names user_agents.txt:LINE for a bad line. */
int track_rules_load(track_rules *out, clout_error *err);
void track_rules_release(track_rules *r);
/* Parses rules from text (for tests and the loader); name is used in messages. */
int track_rules_parse(track_rules *out, const char *text, size_t len, const char *name, clout_error *err);

#define TRACK_HOST_MAX 256

typedef struct track_facts {
	clout_click_class click_class;
	const char *ua_class;               /* "desktop", "mobile", "tablet", "other" or "none" (static) */
	char referrer_host[TRACK_HOST_MAX]; /* lowercase host of the Referer, "" when none */
} track_facts;

/* Classes one request (see clout_click_class for the order of precedence: HEAD, prefetch,
 * preview, bot, human). */
void track_classify(const track_rules *rules, const clout_click_request *req, track_facts *out);
/* The slot of the per-thread User-Agent class cache that ua (len bytes) maps to (for tests: two
 * User-Agents of one slot evict each other, never share a class). */
unsigned track_ua_cache_slot(const char *ua, size_t len);
/* The User-Agent class cache of the calling thread, counted: lookups answered from it (tests). */
uint64_t track_ua_cache_hits(void);
/* The user-agent class of ua (NULL: "none"). */
const char *track_ua_class(const char *ua);
/* The lowercase host of an absolute http(s) URL into out; "" when there is none or it is too long. */
void track_url_host(char *out, size_t size, const char *url);

/* NULL when url is an acceptable destination, else why not. */
const char *track_url_problem(const char *url);
/* url with clout_click=ID added to its query (before any #fragment). Malloc'd, NULL on OOM. */
char *track_destination(const char *url, int64_t click_id);

#endif
