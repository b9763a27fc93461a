/*
 * listener.c: the listener: the workspace's saved rules compiled into one set (refreshed in place
 * when rules are saved or removed), matching each post of a record, and storing what matched: the
 * author, the post, and one mention per rule with the post's sentiment, routed to the rule's team
 * and an owner (the rule's fixed owner, else round robin over the team's members on duty) with an
 * SLA due time. The alerts are in alert.c, the loop over sources in run.c.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/listen/internal.h"
#include "lib/store/webhook.h"
#include "lib/listen/listener.h"
#include "lib/store/listen.h"
#include "lib/store/listen_inbox.h"
#include "clout/webhook.h"
#include "util/banned.h"

static const char *const TEAMS[LISTEN_TEAMS] = { "pr", "social", "support" };
static const char *const PRIORITIES[3] = { "low", "normal", "high" };
/* Default response times (seconds), by team then priority (low, normal, high): docs/listen.md. */
static const int64_t SLA_DEFAULTS[LISTEN_TEAMS][3] = {
	{ 24 * 3600, 4 * 3600, 3600 },     /* pr */
	{ 24 * 3600, 4 * 3600, 3600 },     /* social */
	{ 8 * 3600, 2 * 3600, 30 * 60 },   /* support */
};

/* The markers a sponsored post must carry (docs/listen.md). */
static const char DISCLOSURE_RULE[] =
	"#ad OR #ads OR #sponsored OR #sponsorise OR #pub OR #partenariat OR #paidpartnership OR \"paid partnership\" "
	"OR \"partenariat remunere\" OR \"sponsored by\" OR \"sponsorise par\"";

int listen_team_index(const char *team)
{
	for (int i = 0; team && i < LISTEN_TEAMS; i++)
		if (!strcmp(team, TEAMS[i]))
			return i;
	return -1;
}

int listen_priority_index(const char *priority)
{
	for (int i = 0; priority && i < 3; i++)
		if (!strcmp(priority, PRIORITIES[i]))
			return i;
	return -1;
}

int64_t listen_sla_default(int team, int priority)
{
	return SLA_DEFAULTS[team][priority];
}

static char *dup_or_null(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

static void rule_meta_release(listen_rule_meta *r)
{
	free(r->name);
	free(r->kind);
	free(r->team);
	free(r->priority);
	free(r->owner);
	free(r->ring);
}

static void teams_release(clout_listen_listener *l)
{
	for (int t = 0; t < LISTEN_TEAMS; t++) {
		for (size_t i = 0; i < l->teams[t].nmembers; i++)
			free(l->teams[t].members[i]);
		free(l->teams[t].members);
		l->teams[t].members = NULL;
		l->teams[t].nmembers = 0;
	}
}

void clout_listen_listener_free(clout_listen_listener *l)
{
	if (!l)
		return;
	listen_tx_rollback(l);
	free(l->batch);
	free(l->batch_mentions);
	for (uint32_t i = 0; i < l->nrules; i++)
		rule_meta_release(&l->rules[i]);
	free(l->rules);
	for (size_t i = 0; i < l->authors_cap; i++)
		free(l->authors[i].handle);
	free(l->authors);
	clout_smap_release(&l->author_keys);
	clout_smap_release(&l->partners);
	teams_release(l);
	free(l->matched);
	clout_listen_matcher_free(l->disclosure_matcher);
	clout_listen_set_free(l->disclosure);
	clout_listen_matcher_free(l->m);
	clout_listen_set_free(l->set);
	clout_text_free(l->t);
	free(l);
}

/* ---- rules ---- */

typedef struct refresh_ctx {
	clout_listen_listener *l;
	bool *seen; /* by set id: the rule is still saved */
	bool changed;
	clout_error *err;
	int rc;
} refresh_ctx;

static int refresh_one(void *ctx, const clout_listen_rule *rule)
{
	refresh_ctx *c = ctx;
	clout_listen_listener *l = c->l;
	uint32_t id;
	for (uint32_t i = 0; i < l->nrules; i++)
		if (l->rules[i].store_id == rule->id && !l->rules[i].removed) {
			c->seen[i] = true;
			return 0;
		}
	if (l->nrules == l->rules_cap) {
		uint32_t cap = l->rules_cap ? l->rules_cap * 2 : 64;
		listen_rule_meta *grown = realloc(l->rules, cap * sizeof(*grown));
		if (!grown)
			goto oom;
		l->rules = grown;
		l->rules_cap = cap;
	}
	if ((c->rc = clout_listen_set_add(l->set, l->t, rule->name, rule->expr, &id, c->err)) < 0)
		return 1;
	listen_rule_meta *r = &l->rules[id];
	memset(r, 0, sizeof(*r));
	l->nrules = id + 1;
	r->store_id = rule->id;
	r->name = strdup(rule->name);
	r->kind = strdup(rule->kind);
	r->team = strdup(rule->team);
	r->priority = strdup(rule->priority);
	r->owner = dup_or_null(rule->owner);
	if (!r->name || !r->kind || !r->team || !r->priority || (rule->owner && *rule->owner && !r->owner))
		goto oom;
	c->changed = true;
	return 0;
oom:
	c->rc = clout_error_set(c->err, CLOUT_ENOMEM, "out of memory loading rules");
	return 1;
}

static int load_member(void *ctx, const char *name)
{
	listen_team *team = ctx;
	char **grown = realloc(team->members, (team->nmembers + 1) * sizeof(*grown));
	if (!grown)
		return CLOUT_ENOMEM;
	team->members = grown;
	if (!(team->members[team->nmembers] = strdup(name)))
		return CLOUT_ENOMEM;
	team->nmembers++;
	return 0;
}

/* Loads the teams' members on duty, each cursor after the team's last owner. */
static int load_teams(clout_listen_listener *l, clout_error *err)
{
	char last[256];
	int rc;
	teams_release(l);
	for (int t = 0; t < LISTEN_TEAMS; t++) {
		listen_team *team = &l->teams[t];
		if ((rc = clout__store_team_members(l->store, l->ws, TEAMS[t], load_member, team, err)) != 0)
			return rc == CLOUT_ENOMEM ? clout_error_set(err, rc, "out of memory loading teams") : rc;
		if ((rc = clout__store_mention_last_owner(l->store, l->ws, TEAMS[t], last, sizeof(last), err)) < 0)
			return rc;
		team->next = 0;
		for (size_t i = 0; i < team->nmembers; i++)
			if (!strcmp(team->members[i], last))
				team->next = i + 1;
	}
	return 0;
}

static int load_sla(void *ctx, const char *team, const char *priority, int64_t seconds)
{
	clout_listen_listener *l = ctx;
	int t = listen_team_index(team), p = listen_priority_index(priority);
	if (t >= 0 && p >= 0)
		l->sla[t][p] = seconds;
	return 0;
}

static int partner_key(char *out, size_t cap, const char *platform, const char *handle)
{
	int n = snprintf(out, cap, "%s\x1f%s", platform, handle[0] == '@' ? handle + 1 : handle);
	if (n < 0 || (size_t)n >= cap)
		return -1;
	for (char *p = out; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return n;
}

static int load_partner(void *ctx, const char *platform, const char *handle)
{
	clout_listen_listener *l = ctx;
	char key[512];
	int n = partner_key(key, sizeof(key), platform, handle);
	return n >= 0 && clout_smap_intern(&l->partners, key, (size_t)n) < 0 ? CLOUT_ENOMEM : 0;
}

static int find_mention_hook(clout_listen_listener *l, clout_error *err)
{
	clout_webhook *hooks = NULL;
	size_t n = 0;
	int rc = clout__webhook_list(l->store, l->ws, &hooks, &n, err);
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (strstr(hooks[i].events, "mention.created"))
			l->mention_hook = true;
	clout_webhooks_free(hooks, n);
	return rc;
}

/* Reloads what the store says about routing: SLAs, teams, partners, webhooks. */
static int load_routing(clout_listen_listener *l, clout_error *err)
{
	int rc;
	for (int t = 0; t < LISTEN_TEAMS; t++)
		for (int p = 0; p < 3; p++)
			l->sla[t][p] = SLA_DEFAULTS[t][p];
	clout_smap_release(&l->partners);
	if (clout_smap_init(&l->partners, 64) < 0)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	if ((rc = clout__store_sla_foreach(l->store, l->ws, load_sla, l, err)) < 0 || (rc = load_teams(l, err)) < 0 ||
	    (rc = find_mention_hook(l, err)) < 0)
		return rc;
	for (int contracted = 0; contracted < 2; contracted++)
		if ((rc = clout__store_partner_foreach(l->store, l->ws, contracted, load_partner, l, err)) != 0)
			return rc == CLOUT_ENOMEM ? clout_error_set(err, rc, "out of memory loading partners") : rc;
	return 0;
}

/* Seconds between two reads of teams, SLAs and partners. */
#define ROUTING_REFRESH_S 2.0

static double mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int clout_listen_listener_refresh(clout_listen_listener *l, clout_error *err)
{
	/* rules added by this refresh get ids from old_n on: only the older ones can have gone */
	uint32_t old_n = l->nrules;
	int64_t count, max_id;
	int rc;
	if ((rc = clout__store_listen_rule_version(l->store, l->ws, &count, &max_id, err)) < 0)
		return rc;
	if (l->routing_at && count == l->rule_count && max_id == l->rule_max) {
		double now = mono_now();
		if (now - l->routing_at < ROUTING_REFRESH_S)
			return 0;
		l->routing_at = now;
		return load_routing(l, err);
	}
	refresh_ctx c = { l, calloc(old_n + 1, sizeof(bool)), false, err, 0 };
	if (!c.seen)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	rc = listen_rule_foreach_in(l->store, l->ws, NULL, refresh_one, &c, err);
	if (c.rc < 0)
		rc = c.rc;
	for (uint32_t i = 0; rc == 0 && i < old_n; i++)
		if (!l->rules[i].removed && !c.seen[i] && (rc = clout_listen_set_remove(l->set, i, err)) == 0) {
			l->rules[i].removed = true;
			c.changed = true;
		}
	free(c.seen);
	if (rc == 0 && c.changed) {
		l->any_rule = false;
		for (uint32_t i = 0; i < l->nrules; i++)
			l->any_rule |= !l->rules[i].removed;
		rc = clout_listen_set_compile(l->set, false, err);
	}
	if (rc == 0)
		rc = load_routing(l, err);
	if (rc == 0) {
		l->rule_count = count;
		l->rule_max = max_id;
		l->routing_at = mono_now();
	}
	return rc < 0 ? rc : c.changed;
}

int listen_listener_open(clout_listen_listener **out, clout_store *store, int64_t workspace,
	const clout_text_model *model, const clout_listen_run_options *opts, clout_error *err)
{
	clout_listen_run_options defaults = CLOUT_LISTEN_RUN_OPTIONS_INIT;
	clout_listen_listener *l = calloc(1, sizeof(*l));
	int rc;
	*out = NULL;
	if (!l)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	l->store = store;
	l->ws = workspace;
	l->opts = opts ? *opts : defaults;
	l->first_hour = -1;
	if (l->opts.version != CLOUT_LISTEN_RUN_OPTIONS_VERSION) {
		rc = clout_error_set(err, CLOUT_EINVAL, "listen options: version %u, expected %u", l->opts.version,
			CLOUT_LISTEN_RUN_OPTIONS_VERSION);
		goto done;
	}
	if (clout_smap_init(&l->author_keys, 1024) < 0 || clout_smap_init(&l->partners, 64) < 0) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = clout_text_new(&l->t, model, err)) < 0 || (rc = clout_listen_set_new(&l->set, err)) < 0 ||
	    (rc = clout_listen_set_new(&l->disclosure, err)) < 0 ||
	    (rc = clout_listen_set_add(l->disclosure, l->t, "disclosure", DISCLOSURE_RULE, NULL, err)) < 0 ||
	    (rc = clout_listen_set_compile(l->disclosure, true, err)) < 0 ||
	    (rc = clout_listen_matcher_new(&l->m, l->t, err)) < 0 ||
	    (rc = clout_listen_matcher_new(&l->disclosure_matcher, l->t, err)) < 0)
		goto done;
	if ((rc = clout_listen_listener_refresh(l, err)) < 0 || (rc = listen_alerts_load(l, err)) < 0)
		goto done;
	*out = l;
	return 0;
done:
	clout_listen_listener_free(l);
	return rc;
}

int clout_listen_listener_new(clout_listen_listener **out, clout_session *s, const clout_listen_run_options *opts)
{
	const clout_text_model *model;
	clout_store *store;
	int64_t ws;
	int rc;
	*out = NULL;
	if ((rc = listen_session_begin(s, &store, &ws)) < 0 || (rc = clout_session_text_model(s, &model)) < 0)
		return rc;
	return listen_listener_open(out, store, ws, model, opts, clout_session_err(s));
}

int clout_listen_listener_use(clout_listen_listener *l, clout_session *s)
{
	int64_t ws;
	int rc;
	clout_error_clear(clout_session_err(s));
	if ((rc = clout_session_workspace(s, &ws)) < 0)
		return rc;
	if (ws != l->ws || l->in_tx)
		return clout_error_set(clout_session_err(s), CLOUT_EINVAL,
			l->in_tx ? "listener: a transaction is open" : "listener: made for another workspace");
	l->store = clout_session_store(s);
	return 0;
}

/* ---- transactions ---- */

int listen_tx_begin(clout_listen_listener *l, clout_error *err)
{
	int rc;
	if (l->in_tx)
		return 0;
	if ((rc = clout_store_begin(l->store, err)) < 0)
		return rc;
	l->in_tx = true;
	l->pending = 0;
	return 0;
}

int listen_tx_commit(clout_listen_listener *l, clout_error *err)
{
	int rc;
	if (!l->in_tx)
		return 0;
	if ((rc = listen_batch_flush(l, err)) < 0) {
		listen_tx_rollback(l);
		return rc;
	}
	l->in_tx = false;
	return clout_store_commit(l->store, err);
}

void listen_tx_rollback(clout_listen_listener *l)
{
	listen_batch_clear(l);
	if (l->in_tx)
		clout_store_rollback(l->store);
	l->in_tx = false;
}
