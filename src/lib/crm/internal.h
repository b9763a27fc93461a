/*
 * internal.h (libclout only): what the crm module's files share: the start of every operation
 * (the session's store, workspace and acting user), strict dates, and the person lookup that names
 * the person and the workspace when it fails.
 */
#ifndef CLOUT_LIB_CRM_INTERNAL_H
#define CLOUT_LIB_CRM_INTERNAL_H

#include <stdint.h>

#include <jansson.h>

#include "clout/crm.h"
#include "clout/store.h"

/* What an operation works with. */
typedef struct crm_op {
	clout_session *s;
	clout_store *store;
	clout_error *err;
	int64_t ws;
	const char *who; /* the acting user, "local" for the CLI's operator */
} crm_op;

/* Resets the session and fills op; the workspace's lookup may fail (message on the session). */
int crm_op_start(crm_op *op, clout_session *s);

/* The id of person name: CLOUT_ENOTFOUND "no person 'NAME' in workspace 'WS'" when absent,
 * CLOUT_EINVAL for a name of the wrong shape. */
int crm_person_id(crm_op *op, const char *name, int64_t *out);

/* Begins a write transaction; crm_finish commits when rc is 0 and rolls back otherwise, and
 * returns rc (or the commit's failure). */
int crm_begin(crm_op *op);
int crm_finish(crm_op *op, int rc);

/* The current time in unix seconds. */
int64_t crm_now(void);

/* Parses a day "YYYY-MM-DD" (a real calendar day, from 1970) into unix seconds at 00:00 UTC.
 * CLOUT_EINVAL naming field when it is not one. */
int crm_date_parse(int64_t *out, const char *text, const char *field, clout_error *err);

/* Writes day (unix seconds) as "YYYY-MM-DD" into out (at least 11 bytes). */
void crm_date_format(char *out, size_t size, int64_t day);

/* Writes t (unix seconds) as "YYYY-MM-DDTHH:MM:SSZ" into out (at least 21 bytes). */
void crm_time_format(char *out, size_t size, int64_t t);

/* An ISO 4217 code in any case, upper-cased into out. CLOUT_EINVAL "currency: ..." when unknown. */
int crm_currency(char out[4], const char *text, clout_error *err);

/* The JSON object of a person (see clout_crm_person_json); *failed is set when out of memory. */
json_t *crm_person_json_object(const clout_crm_person *p, int *failed);

#endif
