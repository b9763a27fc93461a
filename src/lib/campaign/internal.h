/*
 * internal.h (src/lib/campaign only): what the campaign module's files share: amount and name
 * checks, the start of an operation on the session, the campaign and person lookups with the messages users see, and a growable list.
 */
#ifndef CLOUT_LIB_CAMPAIGN_INTERNAL_H
#define CLOUT_LIB_CAMPAIGN_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "clout/campaign.h"
#include "clout/session.h"

/* What an operation works with: the session's store, workspace and error. */
typedef struct campaign_op {
	clout_session *s;
	clout_store *store;
	clout_error *err;
	int64_t ws;
} campaign_op;

/* Starts an operation on s: clears its error (not its arena: an operation may call another) and
 * looks up its workspace (the message on s when that fails). */
int campaign__start(campaign_op *op, clout_session *s);

/* Parses a non-negative decimal amount of currency for field: CLOUT_EINVAL "field: ..." otherwise.
 * NULL or "" text is 0. */
int campaign__amount(int64_t *out, const char *text, const char *currency, const char *field, clout_error *err);

/* Checks an ISO 4217 code (any case) and writes it upper case into out[4]. */
int campaign__currency(char out[4], const char *text, const char *field, clout_error *err);

/* The id of the person with key (CLOUT_ENOTFOUND "no person 'KEY' (add them with clout crm add)"). */
int campaign__person(int64_t *out, clout_store *store, int64_t workspace, const char *key, clout_error *err);

/*
 * Whether person (id) may join campaign c by language: yes when c states no languages, when none of
 * the person's accounts states one, or when one of them is among c's. Otherwise CLOUT_EINVAL
 * "roster: WHO posts in de, not in the campaign's languages (en, fr)" (who: how to name the person).
 */
int campaign__language_check(clout_store *store, const clout_campaign *c, int64_t person, const char *who,
	clout_error *err);

/* Joins n strings with '\n' into a malloc'd string (NULL when n is 0), dropping a leading '#' when
 * hashtags; CLOUT_EINVAL naming field for an empty item or one with a newline. */
int campaign__join(char **out, const char *const *items, size_t n, bool hashtags, const char *field,
	clout_error *err);

/* Unix seconds now. */
int64_t campaign__now(void);

#endif
