/*
 * campaign.h (libclout only): the campaign tables (migration 0013_campaign): campaigns and their
 * KPI targets, roster members, contracts and deliverables, in portable SQL, plus the lookups of
 * persons, accounts and posts that campaigns need. The rules live in src/lib/campaign/.
 */
#ifndef CLOUT_LIB_STORE_CAMPAIGN_H
#define CLOUT_LIB_STORE_CAMPAIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clout/campaign.h"
#include "clout/store.h"

/* Inserts c (id ignored) with its KPIs; *out_id. CLOUT_EEXISTS when the name is taken. */
int clout__store_campaign_insert(clout_store *store, int64_t workspace, const clout_campaign *c, int64_t *out_id,
	clout_error *err);
/* Writes every column of c (by c->id) and replaces its KPIs. */
int clout__store_campaign_update(clout_store *store, const clout_campaign *c, clout_error *err);
/* Fills *out (with KPIs) for name; 0 found, CLOUT_ENOTFOUND. */
int clout__store_campaign_get(clout_store *store, int64_t workspace, const char *name, clout_campaign *out,
	clout_error *err);
/* Calls fn with each campaign name of workspace, by name. */
int clout__store_campaign_names(clout_store *store, int64_t workspace, int (*fn)(void *ctx, const char *name),
	void *ctx, clout_error *err);
int clout__store_campaign_set_forecast(clout_store *store, int64_t campaign_id, const char *forecast,
	clout_error *err);

/* A person of workspace by key: 1 found (*out_id), 0 absent. */
int clout__store_person_id(clout_store *store, int64_t workspace, const char *key, int64_t *out_id, clout_error *err);
/* The person id of account (platform, ext_id) of workspace: 1 found (*out_person 0 when the account
 * belongs to no person), 0 no such account. */
int clout__store_account_person(clout_store *store, int64_t workspace, const char *platform, const char *ext_id,
	int64_t *out_person, clout_error *err);
/* Calls fn with each handle (lower case) of the person's accounts, by handle. */
int clout__store_person_handles(clout_store *store, int64_t person_id, int (*fn)(void *ctx, const char *handle),
	void *ctx, clout_error *err);

/* Calls fn with each language (lower case, distinct, in order) stated on the person's accounts. */
int clout__store_person_langs(clout_store *store, int64_t person_id, int (*fn)(void *ctx, const char *lang), void *ctx,
	clout_error *err);

int clout__store_member_put(clout_store *store, int64_t campaign_id, int64_t person_id, const char *source,
	double gain, double cost, int64_t now, clout_error *err);
/* 1 removed, 0 not a member. */
int clout__store_member_delete(clout_store *store, int64_t campaign_id, int64_t person_id, clout_error *err);
/* The roster (malloc'd array, count). */
int clout__store_members(clout_store *store, int64_t campaign_id, clout_roster_member **out, size_t *count,
	clout_error *err);

/* Inserts a contract (campaign_id and person_id as given); CLOUT_EEXISTS when the pair has one. */
int clout__store_contract_insert(clout_store *store, int64_t campaign_id, int64_t person_id, const clout_contract *c,
	int64_t *out_id, clout_error *err);
/* Contracts of workspace, filtered by campaign id and person id when non-zero, with deliverables. */
int clout__store_contracts(clout_store *store, int64_t workspace, int64_t campaign_id, int64_t person_id,
	clout_contract **out, size_t *count, clout_error *err);
/* 1 changed, 0 no such contract. */
int clout__store_contract_status(clout_store *store, int64_t campaign_id, int64_t person_id, const char *status,
	const char *payment_status, clout_error *err);

int clout__store_deliverable_insert(clout_store *store, int64_t contract_id, const clout_deliverable *d, int64_t now,
	int64_t *out_id, clout_error *err);
int clout__store_deliverable_update(clout_store *store, const clout_deliverable *d, clout_error *err);
/* The deliverable id of workspace with its contract id: 1 found, 0 absent. */
int clout__store_deliverable_get(clout_store *store, int64_t workspace, int64_t id, clout_deliverable *out,
	int64_t *out_contract, clout_error *err);

/* A post of workspace found by URL or by (platform, ext_id). */
typedef struct clout__store_post_ref {
	int64_t id;
	char *text;
	bool sponsored;
	int64_t created_at; /* unix seconds or CLOUT_UNKNOWN */
} clout__store_post_ref;
/* 1 found (*out filled, free out->text), 0 absent. url or platform/ext_id (the other NULL). */
int clout__store_post_find(clout_store *store, int64_t workspace, const char *url, const char *platform,
	const char *ext_id, clout__store_post_ref *out, clout_error *err);

/* Sums over the posts of a contract's deliverables: followers of their distinct accounts, views,
 * and likes + comments + shares + quotes + saves; -1 where no post has the count. */
int clout__store_contract_post_totals(clout_store *store, int64_t contract_id, int64_t *reach, int64_t *impressions,
	int64_t *engagements, clout_error *err);

/* Calls fn with the total value of the gifts and samples given to the person, per currency; fn's
 * non-zero return stops and is returned. */
int clout__store_person_gifts(clout_store *store, int64_t person_id, int (*fn)(void *ctx, const char *currency,
	int64_t minor), void *ctx, clout_error *err);

#endif
