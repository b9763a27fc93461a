/*
 * alert.c: listening alerts, evaluated as mentions arrive, in the stream's time (the posts' times):
 *
 * - spike: a rule's mentions in the current hour against its own baseline (clout_listen_spike: the
 *   median of the same hour on earlier days, robust to the daily cycle and to past spikes);
 * - crisis: the rule's negative mentions in the hour above their baseline the same way, and their
 *   share of the hour's mentions at least 0.3 and 0.2 above the baseline's share;
 * - influencer: a brand or campaign mention by an account with reach above the threshold, linked to
 *   a person, or matched by a rule of kind influencer;
 * - disclosure: a brand or campaign mention by a partner that carries no disclosure marker and no
 *   branded-content flag.
 *
 * Spike and crisis keep a cooldown per rule; every alert has a dedup key (kind, rule, hour or post)
 * unique in the store, so replaying a stream raises nothing twice. Each alert is stored, given to
 * on_alert, and queued for the webhooks as alert.triggered.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clout/webhook.h"
#include "lib/listen/internal.h"
#include "lib/listen/listener.h"
#include "lib/store/listen_inbox.h"
#include "lib/store/webhook.h"
#include "util/banned.h"

#define BASELINE_DAYS 7

static int compare_int64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static double median_of(int64_t *v, size_t n)
{
	qsort(v, n, sizeof(*v), compare_int64);
	return n % 2 ? (double)v[n / 2] : ((double)v[n / 2 - 1] + (double)v[n / 2]) / 2.0;
}

bool clout_listen_spike(const int64_t *history, size_t nhistory, int64_t count, double k, int64_t min_count,
	double *baseline, double *threshold)
{
	int64_t values[24], deviations[24];
	size_t n = 0;
	double med, mad, spread, limit;
	if (baseline)
		*baseline = -1;
	if (threshold)
		*threshold = -1;
	/* the same hour on earlier days: history[24 d - 1] is 24 d hours back */
	for (size_t d = 1; d <= BASELINE_DAYS && 24 * d <= nhistory; d++)
		if (history[24 * d - 1] >= 0)
			values[n++] = history[24 * d - 1];
	if (n < 2) {
		n = 0;
		for (size_t h = 0; h < 24 && h < nhistory; h++)
			if (history[h] >= 0)
				values[n++] = history[h];
		if (n < 12)
			return false;
	}
	med = median_of(values, n);
	for (size_t i = 0; i < n; i++) {
		double d = fabs((double)values[i] - med);
		deviations[i] = (int64_t)(d * 2.0); /* halves kept exact in integers */
	}
	mad = median_of(deviations, n) / 2.0;
	spread = fmax(fmax(1.4826 * mad, sqrt(med)), 1.0);
	limit = fmax(med + k * spread, (double)min_count);
	if (baseline)
		*baseline = med;
	if (threshold)
		*threshold = limit;
	return (double)count >= limit;
}

static listen_hour *ring_slot(listen_rule_meta *r, int64_t hour)
{
	return &r->ring[((hour % LISTEN_RING_HOURS) + LISTEN_RING_HOURS) % LISTEN_RING_HOURS];
}

static int ensure_ring(listen_rule_meta *r)
{
	if (r->ring)
		return 0;
	if (!(r->ring = malloc(LISTEN_RING_HOURS * sizeof(*r->ring))))
		return CLOUT_ENOMEM;
	for (size_t i = 0; i < LISTEN_RING_HOURS; i++)
		r->ring[i].hour = -1;
	return 0;
}

/* Adds to the counts of rule r at hour; an hour older than the ring's oldest is dropped. */
static int ring_add(listen_rule_meta *r, int64_t hour, int64_t mentions, int64_t negative)
{
	listen_hour *slot;
	if (ensure_ring(r) < 0)
		return CLOUT_ENOMEM;
	slot = ring_slot(r, hour);
	if (slot->hour > hour)
		return 0;
	if (slot->hour < hour) {
		slot->hour = hour;
		slot->mentions = slot->negative = 0;
	}
	slot->mentions += (uint32_t)mentions;
	slot->negative += (uint32_t)negative;
	return 0;
}

/* Counts k + 1 hours before hour into out[k] (-1 before the listener's first known hour). */
static void ring_history(listen_rule_meta *r, int64_t first_hour, int64_t hour, int64_t *mentions,
	int64_t *negative, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		int64_t h = hour - 1 - (int64_t)k;
		const listen_hour *slot = ring_slot(r, h);
		bool known = first_hour >= 0 && h >= first_hour;
		mentions[k] = !known ? -1 : slot->hour == h ? (int64_t)slot->mentions : 0;
		negative[k] = !known ? -1 : slot->hour == h ? (int64_t)slot->negative : 0;
	}
}

static int load_hour(void *ctx, int64_t rule_id, int64_t hour, int64_t mentions, int64_t negative)
{
	clout_listen_listener *l = ctx;
	if (l->first_hour < 0 || hour < l->first_hour)
		l->first_hour = hour;
	for (uint32_t i = 0; i < l->nrules; i++)
		if (l->rules[i].store_id == rule_id && !l->rules[i].removed)
			return ring_add(&l->rules[i], hour, mentions, negative);
	return 0;
}

static int load_alert(void *ctx, const clout_listen_alert *a)
{
	clout_listen_listener *l = ctx;
	for (uint32_t i = 0; a->rule && i < l->nrules; i++)
		if (!strcmp(l->rules[i].name, a->rule) && !l->rules[i].removed) {
			if (!strcmp(a->kind, "spike") && a->at > l->rules[i].last_spike_at)
				l->rules[i].last_spike_at = a->at;
			if (!strcmp(a->kind, "crisis") && a->at > l->rules[i].last_crisis_at)
				l->rules[i].last_crisis_at = a->at;
		}
	return 0;
}

int listen_alerts_load(clout_listen_listener *l, clout_error *err)
{
	int64_t latest;
	int rc;
	if ((rc = clout__store_mention_latest(l->store, l->ws, &latest, err)) < 0 || !latest)
		return rc;
	int64_t since = latest - (int64_t)LISTEN_RING_HOURS * 3600;
	if ((rc = clout__store_mention_hours(l->store, l->ws, since, load_hour, l, err)) != 0)
		return rc == CLOUT_ENOMEM ? clout_error_set(err, rc, "out of memory loading counts") : rc;
	/* the counts before `since` were not loaded: only later hours are known */
	if (l->first_hour >= 0 && l->first_hour < since / 3600)
		l->first_hour = since / 3600;
	return clout__store_alert_foreach(l->store, l->ws, NULL, since - l->opts.cooldown_s, 0, load_alert, l, err);
}

int listen_alert_raise(clout_listen_listener *l, clout_listen_alert *a, const char *key, clout_error *err)
{
	int64_t id = 0;
	char *json;
	int rc;
	a->created_at = (int64_t)time(NULL);
	if ((rc = clout__store_alert_insert(l->store, l->ws, a, key, &id, err)) <= 0)
		return rc;
	l->pending++;
	l->alerts_new++;
	a->id = id;
	if (!(json = clout_listen_alert_json(a)))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	rc = clout__webhook_enqueue(l->store, l->ws, "alert.triggered", json, (int64_t)time(NULL) * 1000, err);
	free(json);
	if (rc < 0)
		return rc;
	if (l->opts.on_alert && (rc = l->opts.on_alert(l->opts.ctx, a)) != 0)
		return rc < 0 ? rc : clout_error_set(err, CLOUT_EIO, "the alert could not be written");
	return 1;
}

static bool cooling(int64_t last, int64_t now, int64_t cooldown)
{
	return last && llabs(now - last) < cooldown;
}

int listen_alerts_count(clout_listen_listener *l, uint32_t rule, const clout_listen_mention *m, clout_error *err)
{
	listen_rule_meta *r = &l->rules[rule];
	int64_t hour = m->posted_at / 3600, mentions[LISTEN_RING_HOURS], negative[LISTEN_RING_HOURS];
	size_t n = 24 * BASELINE_DAYS;
	bool is_negative = !strcmp(m->label, "negative");
	double base, limit, nbase, nlimit;
	char key[160], detail[320];
	int rc;
	if (l->first_hour < 0 || hour < l->first_hour)
		l->first_hour = hour;
	if (ring_add(r, hour, 1, is_negative) < 0)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	listen_hour *now = ring_slot(r, hour);
	if (now->hour != hour)
		return 0; /* a late post, older than the week kept */
	ring_history(r, l->first_hour, hour, mentions, negative, n);
	if (!cooling(r->last_spike_at, m->posted_at, l->opts.cooldown_s) &&
	    clout_listen_spike(mentions, n, now->mentions, l->opts.spike_k, l->opts.min_count, &base, &limit)) {
		clout_listen_alert a = { 0, "spike", r->name, m->posted_at, m->post_id, detail, 0 };
		snprintf(key, sizeof(key), "spike:%lld:%lld", (long long)r->store_id, (long long)hour);
		snprintf(detail, sizeof(detail), "{\"hour\":%lld,\"count\":%u,\"baseline\":%.1f,\"threshold\":%.1f}",
			(long long)hour * 3600, now->mentions, base, limit);
		if ((rc = listen_alert_raise(l, &a, key, err)) < 0)
			return rc;
		r->last_spike_at = m->posted_at;
	}
	if (!is_negative || cooling(r->last_crisis_at, m->posted_at, l->opts.cooldown_s))
		return 0;
	if (!clout_listen_spike(negative, n, now->negative, l->opts.spike_k, l->opts.min_count, &nbase, &nlimit))
		return 0;
	int64_t past_mentions = 0, past_negative = 0;
	for (size_t k = 0; k < n; k++)
		if (mentions[k] > 0) {
			past_mentions += mentions[k];
			past_negative += negative[k];
		}
	double share = (double)now->negative / (double)now->mentions;
	double base_share = past_mentions ? (double)past_negative / (double)past_mentions : 0.0;
	if (share < 0.3 || share < base_share + 0.2)
		return 0;
	clout_listen_alert a = { 0, "crisis", r->name, m->posted_at, m->post_id, detail, 0 };
	snprintf(key, sizeof(key), "crisis:%lld:%lld", (long long)r->store_id, (long long)hour);
	snprintf(detail, sizeof(detail),
		"{\"hour\":%lld,\"negative\":%u,\"mentions\":%u,\"share\":%.3f,\"baseline\":%.1f,\"baseline_share\":%.3f,"
		"\"threshold\":%.1f}",
		(long long)hour * 3600, now->negative, now->mentions, share, nbase, base_share, nlimit);
	if ((rc = listen_alert_raise(l, &a, key, err)) < 0)
		return rc;
	r->last_crisis_at = m->posted_at;
	return 0;
}

static bool is_partner(clout_listen_listener *l, const char *platform, const char *handle)
{
	char key[512];
	const char *platforms[2] = { platform, "*" };
	for (int i = 0; handle && i < 2; i++) {
		int n = snprintf(key, sizeof(key), "%s\x1f%s", platforms[i] ? platforms[i] : "", handle);
		if (n < 0 || (size_t)n >= sizeof(key))
			return false;
		for (char *c = key; *c; c++)
			*c = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
		if (clout_smap_find(&l->partners, key, (size_t)n) >= 0)
			return true;
	}
	return false;
}

static int found(void *ctx, uint32_t rule)
{
	(void)rule;
	*(bool *)ctx = true;
	return 0;
}

/* Writes s as the inside of a JSON string (quotes and controls escaped) into out. */
static void json_inner(char *out, size_t cap, const char *s)
{
	size_t n = 0;
	for (; s && *s && n + 7 < cap; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			out[n++] = '\\';
			out[n++] = (char)c;
		} else if (c < 0x20) {
			n += (size_t)snprintf(out + n, cap - n, "\\u%04x", c);
		} else {
			out[n++] = (char)c;
		}
	}
	out[n] = '\0';
}

int listen_alerts_post(clout_listen_listener *l, const clout_post *p, const clout_listen_mention *m,
	bool influencer_rule, const char *brand_rule, clout_error *err)
{
	char key[160], detail[512], handle[160], post_id[160];
	int rc;
	json_inner(handle, sizeof(handle), m->handle ? m->handle : p->author_ext_id);
	json_inner(post_id, sizeof(post_id), p->ext_id);
	if (influencer_rule || (m->reach >= 0 && m->reach >= l->opts.reach_threshold)) {
		clout_listen_alert a = { 0, "influencer", brand_rule, m->posted_at, m->post_id, detail, 0 };
		snprintf(key, sizeof(key), "influencer:%lld", (long long)m->post_id);
		snprintf(detail, sizeof(detail), "{\"author\":\"%s\",\"reach\":%lld,\"tracked\":%s}", handle,
			(long long)m->reach, influencer_rule ? "true" : "false");
		if ((rc = listen_alert_raise(l, &a, key, err)) < 0)
			return rc;
	}
	if (p->sponsored == 1 || !is_partner(l, p->platform, m->handle))
		return 0;
	bool disclosed = false;
	clout_listen_post post = { p->text, p->text_len, p->lang, p->platform, NULL, false, false };
	if ((rc = clout_listen_match(l->disclosure_matcher, l->disclosure, &post, found, &disclosed, err)) < 0)
		return rc;
	if (disclosed)
		return 0;
	clout_listen_alert a = { 0, "disclosure", brand_rule, m->posted_at, m->post_id, detail, 0 };
	snprintf(key, sizeof(key), "disclosure:%lld", (long long)m->post_id);
	snprintf(detail, sizeof(detail), "{\"author\":\"%s\",\"post\":\"%s\",\"missing\":\"#ad or paid partnership\"}",
		handle, post_id);
	rc = listen_alert_raise(l, &a, key, err);
	return rc < 0 ? rc : 0;
}
