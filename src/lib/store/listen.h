/*
 * listen.h (libclout only): the saved listening rules (migration 0008_listen_rule), in portable SQL
 * on the clout_sql front. What a rule may say is checked in src/lib/listen/rules.c.
 */
#ifndef CLOUT_LIB_STORE_LISTEN_H
#define CLOUT_LIB_STORE_LISTEN_H

#include <stdint.h>

#include "clout/listen.h"
#include "clout/store.h"

/* Inserts rule (its id is ignored); *out_id is the new id. CLOUT_EEXISTS when the workspace has a
 * rule of that name. */
int clout__store_listen_rule_insert(clout_store *store, int64_t workspace, const clout_listen_rule *rule,
	int64_t *out_id, clout_error *err);

/* Deletes the rule called name. CLOUT_ENOTFOUND when there is none. */
int clout__store_listen_rule_delete(clout_store *store, int64_t workspace, const char *name, clout_error *err);

/* Calls fn for each rule of the workspace (only the one called name when name is not NULL), in
 * order of creation; the rule's strings are borrowed for the call. fn's non-zero value stops the
 * walk and is returned. */
int clout__store_listen_rule_foreach(clout_store *store, int64_t workspace, const char *name,
	clout_listen_rule_fn fn, void *ctx, clout_error *err);

/* The number of rules of the workspace and their largest id: they change whenever a rule is saved
 * or removed. */
int clout__store_listen_rule_version(clout_store *store, int64_t workspace, int64_t *count, int64_t *max_id,
	clout_error *err);

#endif
