/* internal.h: what the plan module's files share: the audience of a store graph's nodes. */
#ifndef CLOUT_LIB_PLAN_INTERNAL_H
#define CLOUT_LIB_PLAN_INTERNAL_H

#include <stdint.h>

#include "clout/plan.h"

/*
 * Per node of g (a graph of the session's store): its account's follower count (else its
 * out-degree) and platform (NULL when the store does not know it). Both malloc'd; free them with
 * clout__plan_audience_free. Errors on the session.
 */
int clout__plan_store_audience(clout_session *s, const clout_graph *g, int64_t **followers_out, char ***platforms_out);
void clout__plan_audience_free(int64_t *followers, char **platforms, uint32_t n);

#endif
