/*
 * query.h: what a discovery query (discover.c) shares with its checks and its choice of
 * languages (query.c): the query context read from the index.
 */
#ifndef CLOUT_LIB_SCORE_QUERY_H
#define CLOUT_LIB_SCORE_QUERY_H

#include <stdbool.h>

#include "clout/text.h"
#include "lib/score/internal.h"

typedef struct query_term {
	char term[64];
	double weight;
} query_term;

typedef struct query_ctx {
	clout_store *store;
	int64_t ws;
	clout_text *text;
	score_meta meta;
	size_t ndocs;
	float *direct, *indirect;
	query_term terms[64];
	size_t nterms;
	uint8_t *langs;          /* per dense index: score_lang code */
	size_t nlangs;
	unsigned lang_mask;      /* 1 << score_lang code of the languages searched; 0: any */
	char *platforms, *countries; /* present in the workspace, one a line */
	score_surfaces *surfaces;
	clout_error *err;
} query_ctx;

/* Whether the account at dense index i is in the languages searched. */
static inline bool in_langs(const query_ctx *q, uint32_t i)
{
	return !q->lang_mask || (i < q->nlangs && (q->lang_mask & (1u << q->langs[i])));
}

/* The query's own checks: version, topic, languages, tier, country code, bounds, weights, floor. */
int clout__discover_check_query(const clout_score_query *q, clout_error *err);
/* Reads the index's meta, languages, platforms and countries into q. */
int clout__discover_load_meta(query_ctx *q);
/* --platform and --country must name values the workspace has. */
int clout__discover_check_facets(query_ctx *q, const clout_score_query *query);
/* Sets q->lang_mask and out->langs, out->lang_reason (see query.c). */
int clout__discover_choose_langs(query_ctx *q, const clout_score_query *query, clout_score_results *out);

#endif
