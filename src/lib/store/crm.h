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

#endif
