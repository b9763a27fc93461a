/*
 * classify.c: which clicks count. A request is classed, in this order: HEAD; a prefetch or
 * preview announced by the browser (Purpose, Sec-Purpose, X-Purpose, X-Moz); a link-preview
 * fetcher or a bot by its User-Agent (data/track/user_agents.txt, or no User-Agent at all);
 * otherwise a human click. Also the user-agent class and the referrer's host.
 */
#include <ctype.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/track/internal.h"
#include "util/data.h"
#include "util/banned.h"

void track_rules_release(track_rules *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->count; i++)
		free(r->rules[i].token);
	free(r->rules);
	free(r->start);
	free(r->by_bigram);
	free(r->short_rules);
	memset(r, 0, sizeof(*r));
}

#define BIGRAMS 65536

static unsigned bigram(const char *s)
{
	return (unsigned)(unsigned char)s[0] << 8 | (unsigned char)s[1];
}

/* Builds the bigram index of r's rules (counting sort by first two bytes, rule order kept). */
static int index_rules(track_rules *r)
{
	size_t n = r->count ? r->count : 1;
	if (!(r->start = calloc(BIGRAMS + 1, sizeof(*r->start))) || !(r->by_bigram = malloc(n * sizeof(*r->by_bigram))) ||
	    !(r->short_rules = malloc(n * sizeof(*r->short_rules))))
		return CLOUT_ENOMEM;
	for (size_t i = 0; i < r->count; i++)
		if (r->rules[i].len >= 2)
			r->start[bigram(r->rules[i].token) + 1]++;
		else
			r->short_rules[r->short_count++] = (uint32_t)i;
	for (size_t k = 0; k < BIGRAMS; k++)
		r->start[k + 1] += r->start[k];
	{
		uint32_t *fill = malloc(BIGRAMS * sizeof(*fill));
		if (!fill)
			return CLOUT_ENOMEM;
		memcpy(fill, r->start, BIGRAMS * sizeof(*fill));
		for (size_t i = 0; i < r->count; i++)
			if (r->rules[i].len >= 2)
				r->by_bigram[fill[bigram(r->rules[i].token)]++] = (uint32_t)i;
		free(fill);
	}
	return 0;
}

static int add_rule(track_rules *r, clout_click_class kind, const char *token, size_t len)
{
	track_rule *grown = realloc(r->rules, (r->count + 1) * sizeof(*grown));
	char *copy = malloc(len + 1);
	if (grown)
		r->rules = grown;
	if (!grown || !copy) {
		free(copy);
		return CLOUT_ENOMEM;
	}
	for (size_t i = 0; i < len; i++)
		copy[i] = (char)tolower((unsigned char)token[i]);
	copy[len] = '\0';
	r->rules[r->count++] = (track_rule){ kind, copy, len };
	return 0;
}

/* One line: blank, "# comment", or "KIND TOKEN". */
static int parse_line(track_rules *r, const char *line, size_t len, const char *name, int lineno, clout_error *err)
{
	const char *end = line + len, *kind = line, *token;
	size_t kind_len;
	clout_click_class k;
	while (kind < end && isspace((unsigned char)*kind))
		kind++;
	while (end > kind && isspace((unsigned char)end[-1]))
		end--;
	if (kind == end || *kind == '#')
		return 0;
	for (token = kind; token < end && !isspace((unsigned char)*token); token++)
		;
	kind_len = (size_t)(token - kind);
	while (token < end && isspace((unsigned char)*token))
		token++;
	if (kind_len == 7 && !memcmp(kind, "preview", 7))
		k = CLOUT_CLICK_PREVIEW;
	else if (kind_len == 3 && !memcmp(kind, "bot", 3))
		k = CLOUT_CLICK_BOT;
	else
		return clout_error_set(err, CLOUT_EBADDATA, "%s:%d: the kind must be preview or bot", name, lineno);
	if (token == end)
		return clout_error_set(err, CLOUT_EBADDATA, "%s:%d: a rule needs a token after its kind", name, lineno);
	if (add_rule(r, k, token, (size_t)(end - token)) < 0)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	return 0;
}

static _Atomic uint64_t rules_serial;

int track_rules_parse(track_rules *out, const char *text, size_t len, const char *name, clout_error *err)
{
	const char *p = text, *end = text + len;
	int lineno = 0, rc = 0;
	memset(out, 0, sizeof(*out));
	while (p < end && rc == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl ? nl : end;
		rc = parse_line(out, p, (size_t)(line_end - p), name, ++lineno, err);
		p = nl ? nl + 1 : end;
	}
	if (rc == 0 && index_rules(out) < 0)
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	if (rc == 0)
		out->serial = atomic_fetch_add(&rules_serial, 1) + 1;
	if (rc < 0)
		track_rules_release(out);
	return rc;
}

int track_rules_load(track_rules *out, clout_error *err)
{
	const struct clout__embedded_file *f = clout__data_find("track/user_agents.txt");
	if (!f)
		return clout_error_set(err, CLOUT_EINTERNAL, "track/user_agents.txt is not embedded");
	return track_rules_parse(out, (const char *)f->data, f->size, "user_agents.txt", err);
}

/* ASCII lower case, without the locale (tolower() is a call through the locale per byte, and
 * this runs for every click). */
static inline char fold(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

/* Whether needle (lowercase, length n) occurs in hay without regard to case. */
static bool contains_folded(const char *hay, const char *needle, size_t n)
{
	for (; *hay; hay++) {
		size_t i = 0;
		while (i < n && hay[i] && fold(hay[i]) == needle[i])
			i++;
		if (i == n)
			return true;
	}
	return false;
}

static bool says_prefetch(const char *value)
{
	return value && (contains_folded(value, "prefetch", 8) || contains_folded(value, "preview", 7) ||
			 contains_folded(value, "prerender", 9));
}

#define FOLDED_MAX 1024

/* The user-agent class of ua, folded to lower case in f[0..len) (all of it). */
static const char *ua_class_folded(const char *ua, const char *f, size_t len)
{
	if (memmem(f, len, "ipad", 4) || memmem(f, len, "tablet", 6) ||
	    (memmem(f, len, "android", 7) && !memmem(f, len, "mobile", 6)))
		return "tablet";
	if (memmem(f, len, "mobile", 6) || memmem(f, len, "iphone", 6))
		return "mobile";
	if (!strncmp(ua, "Mozilla/", 8))
		return "desktop";
	return "other";
}

const char *track_ua_class(const char *ua)
{
	char folded[FOLDED_MAX];
	size_t len = 0;
	if (!ua || !*ua)
		return "none";
	for (; ua[len] && len < sizeof(folded); len++)
		folded[len] = fold(ua[len]);
	if (!ua[len])
		return ua_class_folded(ua, folded, len);
	/* longer than the buffer: read in place */
	if (contains_folded(ua, "ipad", 4) || contains_folded(ua, "tablet", 6) ||
	    (contains_folded(ua, "android", 7) && !contains_folded(ua, "mobile", 6)))
		return "tablet";
	if (contains_folded(ua, "mobile", 6) || contains_folded(ua, "iphone", 6))
		return "mobile";
	if (!strncmp(ua, "Mozilla/", 8))
		return "desktop";
	return "other";
}

void track_url_host(char *out, size_t size, const char *url)
{
	const char *host, *end;
	size_t len;
	out[0] = '\0';
	if (!url)
		return;
	if (!strncasecmp(url, "https://", 8))
		host = url + 8;
	else if (!strncasecmp(url, "http://", 7))
		host = url + 7;
	else
		return;
	end = host + strcspn(host, "/?#");
	{ /* userinfo never leaves: keep what follows the last @ */
		const char *at = host;
		for (const char *p = host; p < end; p++)
			if (*p == '@')
				at = p + 1;
		host = at;
	}
	if (*host == '[') {
		const char *close = memchr(host, ']', (size_t)(end - host));
		end = close ? close + 1 : end;
	} else {
		const char *colon = memchr(host, ':', (size_t)(end - host));
		end = colon ? colon : end;
	}
	len = (size_t)(end - host);
	if (len == 0 || len >= size)
		return;
	for (size_t i = 0; i < len; i++)
		out[i] = fold(host[i]);
	out[len] = '\0';
}

/* The class the rules give ua. This runs for every click on the worker threads, so the User-Agent
 * is folded once and read once: at each place, only the rules whose token starts with the two
 * bytes there are compared. Previews first: a fetcher such as Twitterbot is a preview, not a
 * crawler, wherever its tokens are. */
static clout_click_class ua_rule_class(const track_rules *rules, const char *folded, size_t len)
{
	clout_click_class found = CLOUT_CLICK_HUMAN;
	for (size_t at = 0; at + 1 < len; at++) {
		unsigned k = bigram(folded + at);
		for (uint32_t j = rules->start[k]; j < rules->start[k + 1]; j++) {
			const track_rule *r = &rules->rules[rules->by_bigram[j]];
			if (r->len <= len - at && !memcmp(folded + at, r->token, r->len)) {
				if (r->kind == CLOUT_CLICK_PREVIEW)
					return CLOUT_CLICK_PREVIEW;
				found = r->kind;
			}
		}
	}
	for (size_t j = 0; j < rules->short_count; j++) {
		const track_rule *r = &rules->rules[rules->short_rules[j]];
		if (memmem(folded, len, r->token, r->len)) {
			if (r->kind == CLOUT_CLICK_PREVIEW)
				return CLOUT_CLICK_PREVIEW;
			found = r->kind;
		}
	}
	return found;
}

/* ---- the per-thread User-Agent class cache ----
 * Browsers repeat their User-Agent, so both readings of one (its class and its rule class) are
 * kept per thread in a small direct-mapped cache. A slot holds the whole User-Agent and the rules'
 * serial; a lookup compares both, so a collision only costs a miss, never a wrong class. */

#define UA_CACHE_SLOTS 64
#define UA_CACHE_MAX 384 /* longer User-Agents are classed each time */

typedef struct ua_cache_slot {
	uint64_t serial; /* 0: empty */
	size_t len;
	const char *ua_class;
	clout_click_class rule_class;
	char ua[UA_CACHE_MAX];
} ua_cache_slot;

static _Thread_local ua_cache_slot ua_cache[UA_CACHE_SLOTS];
static _Thread_local uint64_t ua_cache_hit_count;

static inline uint64_t load8(const char *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

/* A cheap hash of the length and a few words (the start, the middle, the end): the lookup
 * compares the whole User-Agent anyway. */
unsigned track_ua_cache_slot(const char *ua, size_t len)
{
	uint64_t h = (uint64_t)len * 0x9E3779B97F4A7C15u;
	if (len >= 8) {
		h = (h ^ load8(ua)) * 0xFF51AFD7ED558CCDu;
		h = (h ^ load8(ua + len / 2 - (len / 2 >= 4 ? 4 : 0))) * 0xC4CEB9FE1A85EC53u;
		h = (h ^ load8(ua + len - 8)) * 0xFF51AFD7ED558CCDu;
	} else {
		for (size_t i = 0; i < len; i++)
			h = (h ^ (unsigned char)ua[i]) * 0x100000001B3u;
	}
	h ^= h >> 29;
	h ^= h >> 17;
	return (unsigned)(h % UA_CACHE_SLOTS);
}

uint64_t track_ua_cache_hits(void)
{
	return ua_cache_hit_count;
}

/* The user-agent class and the rule class (bot, preview or human) of a non-empty ua. */
static void ua_classes(const track_rules *rules, const char *ua, const char **ua_class, clout_click_class *rule_class)
{
	char folded[FOLDED_MAX]; /* the User-Agent in lower case, folded once for both readings */
	size_t len = strlen(ua), n;
	ua_cache_slot *slot = NULL;
	folded[0] = '\0'; /* ua is not empty: overwritten, but said for the compiler */
	if (len <= UA_CACHE_MAX && rules->serial) {
		slot = &ua_cache[track_ua_cache_slot(ua, len)];
		if (slot->serial == rules->serial && slot->len == len && !memcmp(slot->ua, ua, len)) {
			*ua_class = slot->ua_class;
			*rule_class = slot->rule_class;
			ua_cache_hit_count++;
			return;
		}
	}
	for (n = 0; n < len && n < sizeof(folded); n++)
		folded[n] = fold(ua[n]);
	*ua_class = n == len ? ua_class_folded(ua, folded, len) : track_ua_class(ua);
	*rule_class = ua_rule_class(rules, folded, n);
	if (slot) {
		slot->serial = rules->serial;
		slot->len = len;
		slot->ua_class = *ua_class;
		slot->rule_class = *rule_class;
		memcpy(slot->ua, ua, len);
	}
}

void track_classify(const track_rules *rules, const clout_click_request *req, track_facts *out)
{
	const char *ua = req->user_agent;
	clout_click_class rule_class = CLOUT_CLICK_BOT; /* no User-Agent at all */
	out->ua_class = "none";
	if (ua && *ua)
		ua_classes(rules, ua, &out->ua_class, &rule_class);
	track_url_host(out->referrer_host, sizeof(out->referrer_host), req->referer);
	if (req->head) {
		out->click_class = CLOUT_CLICK_HEAD;
		return;
	}
	if (says_prefetch(req->purpose) || says_prefetch(req->sec_purpose) || says_prefetch(req->x_purpose) ||
	    says_prefetch(req->x_moz)) {
		out->click_class = CLOUT_CLICK_PREFETCH;
		return;
	}
	out->click_class = rule_class;
}

const char *clout_click_class_name(clout_click_class c)
{
	switch (c) {
	case CLOUT_CLICK_HUMAN: return "human";
	case CLOUT_CLICK_HEAD: return "head";
	case CLOUT_CLICK_PREFETCH: return "prefetch";
	case CLOUT_CLICK_PREVIEW: return "preview";
	case CLOUT_CLICK_BOT: return "bot";
	}
	return "unknown";
}
