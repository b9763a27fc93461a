/*
 * rules.c: saved listening rules: what a saved rule may say (name, kind, team, priority, and an
 * expression that parses), and loading the saved rules of a workspace into a rule set. The SQL is
 * in src/lib/store/listen.c.
 */
#include <string.h>
#include <time.h>

#include "lib/listen/internal.h"
#include "lib/store/listen.h"
#include "util/banned.h"

#define NAME_MAX_LEN 64

static bool one_of(const char *value, const char *const *allowed)
{
	for (; value && *allowed; allowed++)
		if (!strcmp(value, *allowed))
			return true;
	return false;
}

static int check_rule(clout_text *t, const clout_listen_rule *rule, clout_error *err)
{
	static const char *const kinds[] = { "brand", "competitor", "campaign", "influencer", NULL };
	static const char *const teams[] = { "pr", "social", "support", NULL };
	static const char *const priorities[] = { "low", "normal", "high", NULL };
	const char *name = rule->name ? rule->name : "";
	size_t len = strlen(name);
	if (len == 0 || len > NAME_MAX_LEN || strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
						     "0123456789_.-") != len)
		return clout_error_set(err, CLOUT_EINVAL, "rule name: expected 1 to %d of A-Z a-z 0-9 _ . - (got '%s')",
			NAME_MAX_LEN, name);
	if (!one_of(rule->kind, kinds))
		return clout_error_set(err, CLOUT_EINVAL, "kind: expected brand, competitor, campaign or influencer (got '%s')",
			rule->kind ? rule->kind : "");
	if (!one_of(rule->team, teams))
		return clout_error_set(err, CLOUT_EINVAL, "team: expected pr, social or support (got '%s')",
			rule->team ? rule->team : "");
	if (!one_of(rule->priority, priorities))
		return clout_error_set(err, CLOUT_EINVAL, "priority: expected low, normal or high (got '%s')",
			rule->priority ? rule->priority : "");
	if (rule->owner && *rule->owner &&
	    (strlen(rule->owner) > NAME_MAX_LEN || strspn(rule->owner, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
									    "0123456789_.-@") != strlen(rule->owner)))
		return clout_error_set(err, CLOUT_EINVAL, "owner: expected a user name (got '%s')", rule->owner);
	clout__listen_parsed parsed;
	int rc = clout__listen_parse(&parsed, t, name, rule->expr ? rule->expr : "", err);
	if (rc == 0)
		clout__listen_parsed_release(&parsed);
	return rc;
}

static int rule_add_in(clout_store *store, int64_t workspace, clout_text *t, const clout_listen_rule *rule,
	int64_t *out_id, clout_error *err)
{
	int64_t id;
	int rc = check_rule(t, rule, err);
	if (rc < 0)
		return rc;
	clout_listen_rule row = *rule;
	if (!row.created_at)
		row.created_at = (int64_t)time(NULL);
	if ((rc = clout__store_listen_rule_insert(store, workspace, &row, &id, err)) < 0)
		return rc;
	if (out_id)
		*out_id = id;
	return 0;
}

static int rule_remove_in(clout_store *store, int64_t workspace, const char *name, clout_error *err)
{
	return clout__store_listen_rule_delete(store, workspace, name, err);
}

typedef struct foreach_ctx {
	clout_listen_rule_fn fn;
	void *ctx;
	bool seen;
} foreach_ctx;

static int count_and_call(void *ctx, const clout_listen_rule *rule)
{
	foreach_ctx *c = ctx;
	c->seen = true;
	return c->fn(c->ctx, rule);
}

int listen_rule_foreach_in(clout_store *store, int64_t workspace, const char *name, clout_listen_rule_fn fn, void *ctx,
	clout_error *err)
{
	foreach_ctx c = { fn, ctx, false };
	int rc = clout__store_listen_rule_foreach(store, workspace, name, count_and_call, &c, err);
	if (rc == 0 && name && !c.seen)
		return clout_error_set(err, CLOUT_ENOTFOUND, "no rule '%s'", name);
	return rc;
}

typedef struct load_ctx {
	clout_listen_set *set;
	clout_text *t;
	clout_error *err;
	int rc;
} load_ctx;

static int load_one(void *ctx, const clout_listen_rule *rule)
{
	load_ctx *c = ctx;
	c->rc = clout_listen_set_add(c->set, c->t, rule->name, rule->expr, NULL, c->err);
	return c->rc < 0 ? 1 : 0;
}

int clout_listen_set_load(clout_session *s, clout_listen_set *set, const char *name)
{
	clout_error *err = clout_session_err(s);
	const clout_text_model *model;
	load_ctx c = { set, NULL, err, 0 };
	clout_store *store;
	int64_t ws;
	int rc;
	if ((rc = listen_session_begin(s, &store, &ws)) < 0 || (rc = clout_session_text_model(s, &model)) < 0 ||
	    (rc = clout_text_new(&c.t, model, err)) < 0)
		goto done;
	rc = listen_rule_foreach_in(store, ws, name, load_one, &c, err);
	if (c.rc < 0)
		rc = c.rc;
done:
	clout_text_free(c.t);
	return rc;
}

int listen_session_begin(clout_session *s, clout_store **store, int64_t *workspace)
{
	clout_error_clear(clout_session_err(s)); /* not the arena: an operation may call this one */
	*store = clout_session_store(s);
	return clout_session_workspace(s, workspace);
}

int clout_listen_rule_foreach(clout_session *s, const char *name, clout_listen_rule_fn fn, void *ctx)
{
	clout_store *store;
	int64_t ws;
	int rc;
	if ((rc = listen_session_begin(s, &store, &ws)) < 0)
		return rc;
	return listen_rule_foreach_in(store, ws, name, fn, ctx, clout_session_err(s));
}

int clout_listen_rule_add(clout_session *s, const clout_listen_rule *rule, int64_t *out_id)
{
	clout_error *err = clout_session_err(s);
	const clout_text_model *model;
	clout_text *t = NULL;
	clout_store *store;
	int64_t ws;
	int rc;
	if ((rc = listen_session_begin(s, &store, &ws)) < 0 || (rc = clout_session_text_model(s, &model)) < 0 ||
	    (rc = clout_text_new(&t, model, err)) < 0)
		goto done;
	rc = rule_add_in(store, ws, t, rule, out_id, err);
done:
	clout_text_free(t);
	return rc;
}

int clout_listen_rule_remove(clout_session *s, const char *name)
{
	clout_store *store;
	int64_t ws;
	int rc = listen_session_begin(s, &store, &ws);
	return rc < 0 ? rc : rule_remove_in(store, ws, name, clout_session_err(s));
}
