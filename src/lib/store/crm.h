/*
 * crm.h (libclout only): the tables of migration 0012_crm in portable SQL: people (the person
 * table's CRM columns), the accounts they own (account.person_id), the stage history, the
 * interaction log and product feedback. The rules (names, consent, what is refused) live in
 * src/lib/crm/.
 */
#ifndef CLOUT_LIB_STORE_CRM_H
#define CLOUT_LIB_STORE_CRM_H

#include <stdbool.h>
#include <stdint.h>

#include "clout/crm.h"
#include "clout/store.h"

/* The id of person name in workspace (ASCII case ignored): 1 found, 0 absent. */
int clout__store_person_find(clout_store *store, int64_t workspace, const char *name, int64_t *out,
	clout_error *err);

/* Inserts person name at stage identified, created at `at` by by_user (its first stage-history
 * row); *out is its id. The caller has checked that the name is free. */
int clout__store_person_insert(clout_store *store, int64_t workspace, const char *name, int64_t at,
	const char *by_user, int64_t *out, clout_error *err);

/* Reads person id of workspace into *out (owned strings, accounts filled): 1 found, 0 absent. */
int clout__store_person_read(clout_store *store, int64_t workspace, int64_t id, clout_crm_person *out,
	clout_error *err);

/* Every person of workspace by name (accounts filled), each borrowed for the call. */
int clout__store_person_foreach(clout_store *store, int64_t workspace, clout_crm_person_fn fn, void *ctx,
	clout_error *err);

/* The person account belongs to (0: none), when account is in workspace: 1, else 0. */
int clout__store_account_owner(clout_store *store, int64_t workspace, int64_t account, int64_t *person,
	clout_error *err);

/* Sets (person > 0) or clears (person 0) the owner of account. */
int clout__store_account_set_owner(clout_store *store, int64_t workspace, int64_t account, int64_t person,
	clout_error *err);

/* ---- Relationship state (crm_log.c) ---- */

/* Sets person id's stage and owner (NULL: none) and appends the change to its history. */
int clout__store_person_set_stage(clout_store *store, int64_t workspace, int64_t id, clout_crm_stage stage,
	const char *owner, int64_t at, const char *by_user, clout_error *err);

/* Calls fn for each change of person id's stage, oldest first (strings borrowed for the call). */
int clout__store_stage_foreach(clout_store *store, int64_t id, int (*fn)(void *ctx, const clout_crm_stage_change *c),
	void *ctx, clout_error *err);

/* Sets person id's consent (at, source) and sharing. */
int clout__store_person_set_consent(clout_store *store, int64_t workspace, int64_t id, clout_crm_consent consent,
	int64_t at, const char *source, clout_crm_sharing sharing, clout_error *err);

/* Sets person id's NDA status and days (negative: none). */
int clout__store_person_set_nda(clout_store *store, int64_t workspace, int64_t id, clout_crm_nda nda, int64_t sent,
	int64_t signed_at, int64_t expires, clout_error *err);

/* Inserts an interaction of person (row->id and row->campaign ignored), tied to campaign (an id, 0:
 * none); *out is its id. */
int clout__store_interaction_insert(clout_store *store, int64_t workspace, int64_t person, int64_t campaign,
	const clout_crm_interaction *row, int64_t *out, clout_error *err);

/* Calls fn for each interaction of person (every person when 0), oldest first. */
int clout__store_interaction_foreach(clout_store *store, int64_t workspace, int64_t person,
	int (*fn)(void *ctx, const clout_crm_interaction *row), void *ctx, clout_error *err);

/* Inserts feedback; *out is its id. */
int clout__store_feedback_insert(clout_store *store, int64_t workspace, int64_t person, const char *product,
	const char *text, int64_t at, const char *by_user, int64_t *out, clout_error *err);

/* Sets feedback id's status (closed_by and closed_at set when closing, cleared otherwise): 1 done,
 * 0 when workspace has no feedback id. */
int clout__store_feedback_set(clout_store *store, int64_t workspace, int64_t id, clout_crm_feedback_status status,
	int64_t at, const char *by_user, clout_error *err);

/* Calls fn for each feedback of person (every person when 0), oldest first. */
int clout__store_feedback_foreach(clout_store *store, int64_t workspace, int64_t person,
	int (*fn)(void *ctx, const clout_crm_feedback *row), void *ctx, clout_error *err);

/* The workspace's currency into out[4] ("" when not chosen). */
int clout__store_workspace_currency(clout_store *store, int64_t workspace, char out[4], clout_error *err);
int clout__store_workspace_set_currency(clout_store *store, int64_t workspace, const char *currency,
	clout_error *err);

/* What the store holds on person id's accounts: reach (followers), posts and their engagements
 * (likes, comments, shares, quotes). */
int clout__store_person_reach(clout_store *store, int64_t id, int64_t *followers, int64_t *posts,
	int64_t *engagements, clout_error *err);

/* The posts of person id's accounts that listening matched (listen_mention), each counted once. */
int clout__store_person_listened(clout_store *store, int64_t workspace, int64_t id, int64_t *out, clout_error *err);

/* Erases person id of workspace (crm_erase.c): its interactions, feedback and stage history, its
 * accounts' and their posts' personal fields, the handles on links, promo codes, listened mentions
 * and the partner list, notes and alert details on their posts, their deliverables' URLs, the
 * discovery index, and the person row's own (left as the stub "erased-ID"). Counts stay. */
int clout__store_person_erase(clout_store *store, int64_t workspace, int64_t id, clout_error *err);

#endif
