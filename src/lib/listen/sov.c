/*
 * sov.c: share of voice: the mentions of a brand's rule beside its competitors' rules, per day or
 * ISO week (UTC), with the sentiment split and the reach of the distinct accounts that mentioned
 * each rule in the period.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/listen/internal.h"
#include "lib/store/listen_inbox.h"
#include "util/map.h"
#include "util/banned.h"

#define SOV_MAX_RULES 64

typedef struct sov_ctx {
	clout_listen_sov_row *rows;
	size_t n, cap;
	const char *rule;
	size_t rule_index;
	bool by_week;
	clout_imap cells;   /* period / 86400 * SOV_MAX_RULES + rule index -> row */
	clout_imap authors; /* account id -> the row it was last counted in, for the current rule */
} sov_ctx;

static int64_t period_of(int64_t t, bool by_week)
{
	int64_t day = (t >= 0 ? t : t - 86399) / 86400;
	/* 1970-01-01 was a Thursday: Monday is 3 days before it */
	if (by_week)
		day -= ((day + 3) % 7 + 7) % 7;
	return day;
}

static int sov_row(void *ctx, int64_t posted_at, const char *label, int64_t account_id, int64_t reach)
{
	sov_ctx *c = ctx;
	int64_t day = period_of(posted_at, c->by_week);
	uint32_t index, counted;
	int rc = clout_imap_intern(&c->cells, day * SOV_MAX_RULES + (int64_t)c->rule_index, (uint32_t)c->n, &index);
	if (rc < 0)
		return rc;
	if (rc == 1) {
		if (c->n == c->cap) {
			size_t cap = c->cap ? c->cap * 2 : 64;
			clout_listen_sov_row *grown = realloc(c->rows, cap * sizeof(*grown));
			if (!grown)
				return CLOUT_ENOMEM;
			c->rows = grown;
			c->cap = cap;
		}
		memset(&c->rows[c->n], 0, sizeof(c->rows[c->n]));
		c->rows[c->n].period = day * 86400;
		c->rows[c->n].rule = c->rule;
		c->n++;
	}
	clout_listen_sov_row *r = &c->rows[index];
	r->mentions++;
	if (!strcmp(label, "positive"))
		r->positive++;
	else if (!strcmp(label, "negative"))
		r->negative++;
	else
		r->neutral++;
	if ((rc = clout_imap_intern(&c->authors, account_id, index, &counted)) < 0)
		return rc;
	if (rc == 1 || counted != index) {
		if ((rc = clout_imap_put(&c->authors, account_id, index)) < 0)
			return rc;
		r->reach += reach > 0 ? reach : 0;
	}
	return 0;
}

/* A row with its rule's place in the options, for sorting. */
typedef struct ranked_row {
	clout_listen_sov_row row;
	size_t rank;
} ranked_row;

static int compare_rows(const void *a, const void *b)
{
	const ranked_row *x = a, *y = b;
	if (x->row.period != y->row.period)
		return (x->row.period > y->row.period) - (x->row.period < y->row.period);
	return (x->rank > y->rank) - (x->rank < y->rank);
}

static int rule_exists(void *ctx, const clout_listen_rule *rule)
{
	(void)ctx;
	(void)rule;
	return 0;
}

int clout_listen_sov(clout_session *s, const clout_listen_sov_options *opts, clout_listen_sov_row **out, size_t *n)
{
	const char *rules[SOV_MAX_RULES];
	clout_error *err = clout_session_err(s);
	clout_store *store;
	int64_t workspace;
	sov_ctx c;
	size_t nrules = 0;
	int rc = 0;
	*out = NULL;
	*n = 0;
	memset(&c, 0, sizeof(c));
	if ((rc = listen_session_begin(s, &store, &workspace)) < 0)
		return rc;
	if (!opts || opts->version != CLOUT_LISTEN_SOV_OPTIONS_VERSION)
		return clout_error_set(err, CLOUT_EINVAL, "share of voice options: bad version");
	if (!opts->brand || !*opts->brand)
		return clout_error_set(err, CLOUT_EINVAL, "brand: a rule name is required");
	if (opts->ncompetitors + 1 > SOV_MAX_RULES)
		return clout_error_set(err, CLOUT_EINVAL, "competitor: at most %d", SOV_MAX_RULES - 1);
	if (opts->to && opts->to <= opts->from)
		return clout_error_set(err, CLOUT_EINVAL, "to: must be after from");
	rules[nrules++] = opts->brand;
	for (size_t i = 0; i < opts->ncompetitors; i++)
		rules[nrules++] = opts->competitors[i];
	for (size_t i = 0; i < nrules; i++)
		if ((rc = listen_rule_foreach_in(store, workspace, rules[i], rule_exists, NULL, err)) < 0)
			return rc;
	if (clout_imap_init(&c.cells, 256) < 0)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	c.by_week = opts->by_week;
	for (size_t i = 0; i < nrules && rc == 0; i++) {
		c.rule = rules[i];
		c.rule_index = i;
		clout_imap_release(&c.authors);
		if (clout_imap_init(&c.authors, 1024) < 0) {
			rc = CLOUT_ENOMEM;
			break;
		}
		rc = clout__store_sov_rows(store, workspace, rules[i], opts->from, opts->to, sov_row, &c, err);
	}
	clout_imap_release(&c.authors);
	clout_imap_release(&c.cells);
	if (rc == CLOUT_ENOMEM && !err->code)
		rc = clout_error_set(err, rc, "out of memory");
	if (rc < 0) {
		free(c.rows);
		return rc;
	}
	/* each period's share: its rule's mentions over all the rules' */
	for (size_t i = 0; i < c.n; i++) {
		uint64_t total = 0;
		for (size_t k = 0; k < c.n; k++)
			if (c.rows[k].period == c.rows[i].period)
				total += c.rows[k].mentions;
		c.rows[i].share = total ? (double)c.rows[i].mentions / (double)total : 0.0;
	}
	ranked_row *ranked = calloc(c.n + 1, sizeof(*ranked));
	if (!ranked) {
		free(c.rows);
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < c.n; i++) {
		ranked[i].row = c.rows[i];
		for (ranked[i].rank = 0; ranked[i].rank < nrules && rules[ranked[i].rank] != c.rows[i].rule; ranked[i].rank++)
			;
	}
	qsort(ranked, c.n, sizeof(*ranked), compare_rows);
	for (size_t i = 0; i < c.n; i++)
		c.rows[i] = ranked[i].row;
	free(ranked);
	*out = c.rows;
	*n = c.n;
	return 0;
}
