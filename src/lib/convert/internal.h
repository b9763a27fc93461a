/* internal.h (src/lib/convert only): what the conversion modules share. */
#ifndef CLOUT_LIB_CONVERT_INTERNAL_H
#define CLOUT_LIB_CONVERT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "clout/convert.h"
#include "clout/session.h"
#include "lib/store/convert.h"

/* Upper-cases a promo code into out: 0, or -1 when it is not 1..64 of [A-Za-z0-9_-]. */
int convert_code_normalize(char out[CLOUT_CONVERT_CODE_MAX + 1], const char *code);

/* The touches of one conversion, by time then click id. */
typedef struct convert_touches {
	clout__touch *items;
	size_t count, cap;
	int64_t named; /* index + 1 of the touch the conversion named by click id, or 0 */
} convert_touches;

/*
 * Collects a conversion's touches: the human click it names (click_id, 0 for none) and the
 * customer's human clicks in [at_ms - window_s, at_ms]. Release with convert_touches_release.
 */
int convert_touches_collect(convert_touches *out, clout_store *store, int64_t workspace, int64_t click_id,
	const char *customer_id, int64_t at_ms, int64_t window_s, clout_error *err);
void convert_touches_release(convert_touches *t);

/* The credit of each touch under model: shares[i] of amount (minor units), summing to amount,
 * the remainder going to the latest touches; weights[i] of one conversion. */
void convert_touches_split(const convert_touches *t, clout_convert_model model, int64_t amount, int64_t *shares,
	double *weights);

/* A whole operation's start: clears the session's error and looks up its workspace. */
static inline int clout__convert_session(clout_session *s, int64_t *workspace)
{
	clout_error_clear(clout_session_err(s)); /* not the arena: an operation may call this one */
	return clout_session_workspace(s, workspace);
}

#endif
