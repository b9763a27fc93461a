/*
 * roster.c: a campaign's roster (see clout/campaign.h): people added by hand or from the seeds of
 * a `clout plan -o json` document (whose forecast is kept on the campaign), and the tracking links
 * and promo codes made for every member in one call.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "clout/convert.h"
#include "clout/track.h"
#include "lib/campaign/internal.h"
#include "lib/store/track.h"
#include "lib/store/campaign.h"
#include "util/banned.h"

void clout_roster_release(clout_roster_member *members, size_t count)
{
	for (size_t i = 0; members && i < count; i++) {
		free(members[i].person);
		free(members[i].name);
		free(members[i].handle);
		free(members[i].source);
	}
}

/* Runs fn inside one write transaction: commit on success, rollback on failure. */
static int in_transaction(clout_store *store, clout_error *err, int rc)
{
	if (rc < 0) {
		clout_store_rollback(store);
		return rc;
	}
	return clout_store_commit(store, err);
}

int clout_campaign_roster_add(clout_session *s, const char *campaign, const char *const *persons, size_t count)
{
	campaign_op op;
	clout_store *store;
	clout_error *err;
	clout_campaign c;
	int64_t person, now = campaign__now();
	int rc;
	if ((rc = campaign__start(&op, s)) < 0)
		return rc;
	store = op.store;
	err = op.err;
	if ((rc = clout_campaign_get(&c, s, campaign)) < 0)
		return rc;
	if ((rc = clout_store_begin(store, err)) < 0)
		goto done;
	for (size_t i = 0; rc >= 0 && i < count; i++)
		if ((rc = campaign__person(&person, store, op.ws, persons[i], err)) == 0 &&
		    (rc = campaign__language_check(store, &c, person, persons[i], err)) == 0)
			rc = clout__store_member_put(store, c.id, person, "hand", -1, -1, now, err);
	rc = in_transaction(store, err, rc);
done:
	clout_campaign_release(&c);
	return rc;
}

int clout_campaign_roster_remove(clout_session *s, const char *campaign, const char *person)
{
	campaign_op op;
	clout_campaign c;
	int64_t person_id;
	int rc;
	if ((rc = campaign__start(&op, s)) < 0)
		return rc;
	if ((rc = clout_campaign_get(&c, s, campaign)) < 0)
		return rc;
	if ((rc = campaign__person(&person_id, op.store, op.ws, person, op.err)) == 0 &&
	    (rc = clout__store_member_delete(op.store, c.id, person_id, op.err)) == 0)
		rc = clout_error_set(op.err, CLOUT_ENOTFOUND, "'%s' is not on the roster of '%s'", person, campaign);
	clout_campaign_release(&c);
	return rc < 0 ? rc : 0;
}

int clout_campaign_roster(clout_roster_member **out, size_t *count, clout_session *s, const char *campaign)
{
	clout_campaign c;
	int rc;
	*out = NULL;
	*count = 0;
	if ((rc = clout_campaign_get(&c, s, campaign)) < 0)
		return rc;
	rc = clout__store_members(clout_session_store(s), c.id, out, count, clout_session_err(s));
	clout_campaign_release(&c);
	return rc;
}

/* Splits a plan seed id "platform:ext_id" or "platform:ext_id (@handle)" into its parts. */
static int seed_account(const char *id, char *platform, size_t psize, char *ext_id, size_t esize)
{
	const char *colon = strchr(id, ':'), *end;
	size_t plen, elen;
	if (!colon)
		return -1;
	plen = (size_t)(colon - id);
	end = strchr(colon + 1, ' ');
	elen = end ? (size_t)(end - colon - 1) : strlen(colon + 1);
	if (!plen || plen >= psize || !elen || elen >= esize)
		return -1;
	memcpy(platform, id, plen);
	platform[plen] = '\0';
	memcpy(ext_id, colon + 1, elen);
	ext_id[elen] = '\0';
	return 0;
}

/* Adds one seed of the plan (index i) to the roster of campaign_id. */
static int plan_seed(clout_store *store, int64_t workspace, const clout_campaign *c, json_t *seed, size_t i,
	int64_t now, clout_error *err)
{
	char who[320];
	const char *id = json_string_value(json_object_get(seed, "id"));
	json_t *gain = json_object_get(seed, "marginal_gain"), *cost = json_object_get(seed, "cost");
	char platform[64], ext_id[256];
	int64_t person = 0;
	int rc;
	if (!id || seed_account(id, platform, sizeof(platform), ext_id, sizeof(ext_id)) < 0)
		return clout_error_set(err, CLOUT_EBADDATA, "plan: seeds[%zu]: the id is not \"platform:ext_id\"", i);
	if ((rc = clout__store_account_person(store, workspace, platform, ext_id, &person, err)) < 0)
		return rc;
	if (rc == 0)
		return clout_error_set(err, CLOUT_EBADDATA, "plan: seeds[%zu]: no account %s:%s in the workspace", i, platform,
			ext_id);
	if (person == 0)
		return clout_error_set(err, CLOUT_EBADDATA,
			"plan: seeds[%zu]: account %s belongs to no person (clout crm add NAME --account ...)", i, id);
	snprintf(who, sizeof(who), "plan seed %s", id);
	if ((rc = campaign__language_check(store, c, person, who, err)) < 0)
		return rc;
	return clout__store_member_put(store, c->id, person, "plan", json_is_number(gain) ? json_number_value(gain) : -1,
		json_is_number(cost) ? json_number_value(cost) : -1, now, err);
}

int clout_campaign_roster_from_plan(size_t *out_added, clout_session *s, const char *campaign, const char *plan_json,
	size_t len)
{
	campaign_op op;
	clout_store *store;
	clout_error *err;
	int64_t workspace;
	clout_campaign c;
	json_error_t jerr;
	json_t *doc = NULL, *seeds, *forecast;
	char *forecast_text = NULL;
	int64_t now = campaign__now();
	size_t before = 0, after = 0;
	clout_roster_member *members = NULL;
	int rc;
	*out_added = 0;
	if ((rc = campaign__start(&op, s)) < 0)
		return rc;
	store = op.store;
	err = op.err;
	workspace = op.ws;
	if ((rc = clout_campaign_get(&c, s, campaign)) < 0)
		return rc;
	if (!(doc = json_loadb(plan_json, len, 0, &jerr))) {
		rc = clout_error_set(err, CLOUT_EBADDATA, "plan:%d: %s", jerr.line, jerr.text);
		goto done;
	}
	seeds = json_object_get(doc, "seeds");
	forecast = json_object_get(doc, "forecast");
	if (!json_is_array(seeds)) {
		rc = clout_error_set(err, CLOUT_EBADDATA, "plan: no \"seeds\" array (is it the output of clout plan -o json?)");
		goto done;
	}
	if (json_is_object(forecast) && !(forecast_text = json_dumps(forecast, JSON_COMPACT | JSON_PRESERVE_ORDER))) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = clout__store_members(store, c.id, &members, &before, err)) < 0)
		goto done;
	clout_roster_release(members, before);
	free(members);
	members = NULL;
	if ((rc = clout_store_begin(store, err)) < 0)
		goto done;
	for (size_t i = 0; rc >= 0 && i < json_array_size(seeds); i++)
		rc = plan_seed(store, workspace, &c, json_array_get(seeds, i), i, now, err);
	if (rc >= 0 && forecast_text)
		rc = clout__store_campaign_set_forecast(store, c.id, forecast_text, err);
	if ((rc = in_transaction(store, err, rc)) < 0)
		goto done;
	if ((rc = clout__store_members(store, c.id, &members, &after, err)) == 0)
		*out_added = after - before;
	clout_roster_release(members, after);
	free(members);
done:
	json_decref(doc);
	free(forecast_text);
	clout_campaign_release(&c);
	return rc;
}

void clout_campaign_links_release(clout_campaign_link *links, size_t count)
{
	for (size_t i = 0; links && i < count; i++) {
		free(links[i].person);
		free(links[i].code);
		free(links[i].influencer);
	}
}

/* "CAMPAIGN-PERSON" with every character a code may not hold replaced by '-'. */
static void member_code(char *out, size_t size, const char *campaign, const char *person)
{
	snprintf(out, size, "%s-%s", campaign, person);
	for (char *p = out; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-')
			*p = '-';
}

/* Whether the workspace has promo code code (stops the walk when found). */
typedef struct code_probe {
	const char *code;
	bool found;
} code_probe;

static int probe_code(void *ctx, const clout_promo_code *code)
{
	code_probe *p = ctx;
	if (strcasecmp(code->code, p->code))
		return 0;
	p->found = true;
	return 1;
}

int clout_campaign_links_create(clout_campaign_link **out, size_t *count, clout_session *s, const char *campaign,
	const char *url, bool codes)
{
	clout_store *store = clout_session_store(s);
	clout_error *err = clout_session_err(s);
	clout_roster_member *members = NULL;
	clout_campaign_link *links = NULL;
	size_t n = 0, made = 0;
	int rc;
	*out = NULL;
	*count = 0;
	if ((rc = clout_campaign_roster(&members, &n, s, campaign)) < 0)
		return rc;
	if (!n) {
		rc = clout_error_set(err, CLOUT_EINVAL, "campaign '%s' has nobody on its roster", campaign);
		goto done;
	}
	if (!(links = calloc(n, sizeof(*links)))) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	/* every check before the first write: all or none */
	for (size_t i = 0; i < n; i++) {
		char code[CLOUT_LINK_CODE_MAX + 1];
		clout_link existing;
		if (!members[i].handle) {
			rc = clout_error_set(err, CLOUT_EINVAL, "'%s' has no account with a handle (clout crm link)", members[i].person);
			goto done;
		}
		member_code(code, sizeof(code), campaign, members[i].person);
		/* codes are unique across workspaces (/r/CODE names none): look in all of them */
		if (clout__store_link_get(store, 0, code, &existing, NULL) == 0) {
			clout_link_release(&existing);
			rc = clout_error_set(err, CLOUT_EEXISTS, "code: '%s' is taken", code);
			goto done;
		}
		if (codes) {
			code_probe probe = { code, false };
			if ((rc = clout_convert_code_foreach(s, probe_code, &probe)) < 0)
				goto done;
			rc = 0;
			if (probe.found) {
				rc = clout_error_set(err, CLOUT_EEXISTS, "code: the promo code '%s' is taken", code);
				goto done;
			}
		}
		links[i].person = strdup(members[i].person);
		links[i].code = strdup(code);
		links[i].influencer = strdup(members[i].handle);
		if (!links[i].person || !links[i].code || !links[i].influencer) {
			rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
			goto done;
		}
	}
	for (; made < n; made++) {
		clout_link_options o = CLOUT_LINK_OPTIONS_INIT;
		clout_link link;
		o.url = url;
		o.code = links[made].code;
		o.influencer = links[made].influencer;
		o.campaign = campaign;
		if ((rc = clout_track_link_create(&link, s, &o)) < 0)
			goto done;
		clout_link_release(&link);
		if (codes) {
			clout_promo_code pc;
			if ((rc = clout_convert_code_create(&pc, s, links[made].code, links[made].influencer, campaign)) < 0)
				goto done;
			clout_promo_code_release(&pc);
		}
	}
	*out = links;
	*count = n;
	links = NULL;
done:
	clout_campaign_links_release(links, n);
	free(links);
	clout_roster_release(members, n);
	free(members);
	return rc;
}
