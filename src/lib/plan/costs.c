/* costs.c: seeding costs per node, from an "id,cost" CSV or a rate card by platform and tier. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clout/plan.h"
#include "clout/vocab.h"
#include "util/banned.h"

/* Splits line into at most max comma/tab separated, trimmed fields; returns the count. */
static int split_fields(char *line, char **fields, int max)
{
	int count = 0;
	char *p = line;
	line[strcspn(line, "\r\n")] = '\0';
	while (count < max) {
		char *end;
		while (*p == ' ' || *p == '\t')
			p++;
		fields[count++] = p;
		end = p + strcspn(p, ",\t");
		char sep = *end;
		*end = '\0';
		for (char *t = end; t > p && (t[-1] == ' ' || t[-1] == '\t');)
			*--t = '\0';
		if (!sep)
			break;
		p = end + 1;
	}
	return count;
}

static int parse_cost(const char *text, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(text, &end);
	if (errno || end == text || *end || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

static int bad_line(clout_error *err, const char *path, uint64_t line, const char *what, const char *value)
{
	return clout_error_set(err, CLOUT_EBADDATA, "%s:%llu: %s '%s'", path, (unsigned long long)line, what, value);
}

int clout_plan_read_costs(double **out, const clout_graph *g, const char *path, clout_key_resolver resolve,
	void *ctx, clout_error *err)
{
	uint32_t n = clout_graph_node_count(g);
	double *costs = NULL;
	char line[4096];
	uint64_t lineno = 0;
	FILE *f;
	int rc = 0;
	*out = NULL;
	if (!(f = fopen(path, "r")))
		return clout_error_set(err, errno == ENOENT ? CLOUT_ENOTFOUND : CLOUT_EIO, "%s: cannot open: %s", path, strerror(errno));
	if (!(costs = malloc((n ? n : 1) * sizeof(*costs)))) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	for (uint32_t v = 0; v < n; v++)
		costs[v] = -1;
	while (fgets(line, sizeof(line), f)) {
		char *fields[3];
		int count;
		uint32_t node;
		double cost;
		lineno++;
		count = split_fields(line, fields, 3);
		if (!fields[0][0] || fields[0][0] == '#')
			continue;
		if (lineno == 1 && count >= 2 && parse_cost(fields[1], &cost) < 0 && !strcmp(fields[0], "id"))
			continue;
		if (count < 2) {
			rc = bad_line(err, path, lineno, "expected 'id,cost', got", fields[0]);
			goto done;
		}
		if (parse_cost(fields[1], &cost) < 0) {
			rc = bad_line(err, path, lineno, "cost is not a number:", fields[1]);
			goto done;
		}
		if (cost < 0) {
			rc = bad_line(err, path, lineno, "negative cost", fields[1]);
			goto done;
		}
		if (cost == 0) {
			rc = bad_line(err, path, lineno, "zero cost (costs must be positive)", fields[1]);
			goto done;
		}
		if ((rc = clout_graph_resolve(g, fields[0], resolve, ctx, &node, err)) < 0) {
			rc = clout_error_wrap(err, rc == CLOUT_ENOTFOUND ? CLOUT_EBADDATA : rc, "%s:%llu: ", path,
				(unsigned long long)lineno);
			goto done;
		}
		if (costs[node] >= 0) {
			rc = bad_line(err, path, lineno, "id listed twice:", fields[0]);
			goto done;
		}
		costs[node] = cost;
	}
	if (ferror(f)) {
		rc = clout_error_set(err, CLOUT_EIO, "%s: read error", path);
		goto done;
	}
	*out = costs;
	costs = NULL;
done:
	fclose(f);
	free(costs);
	return rc;
}

#define RATE_CARD_MAX 256

typedef struct rate_row {
	char platform[64];
	int tier;
	double cost;
} rate_row;

/* Costs per node from rows[0..row_count) (see clout_plan_rate_card_costs). */
static int costs_from_rows(double **out, const clout_graph *g, const rate_row *rows, int row_count,
	const int64_t *followers, const char *const *platforms, clout_error *err)
{
	uint32_t n = clout_graph_node_count(g);
	double *costs = NULL;
	int64_t *audience = NULL;
	int rc = 0;
	*out = NULL;
	if (!(costs = malloc((n ? n : 1) * sizeof(*costs))) ||
		(!followers && !(audience = calloc(n ? n : 1, sizeof(*audience))))) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	if (!followers) {
		/* a node's audience in the graph: the nodes it can influence directly */
		for (uint32_t v = 0; v < n; v++)
			audience[v] = clout_graph_out_degree(g, v);
		followers = audience;
	}
	for (uint32_t v = 0; v < n; v++) {
		/* an unknown audience (-1) is costed as the smallest tier */
		int tier = (int)clout_vocab_tier(followers[v] < 0 ? 0 : followers[v]);
		const char *platform = platforms ? platforms[v] : NULL;
		costs[v] = -1;
		for (int r = 0; r < row_count; r++) {
			if (rows[r].tier != tier)
				continue;
			if (platform && strcmp(rows[r].platform, "*") && strcmp(rows[r].platform, platform))
				continue;
			if (!platform && strcmp(rows[r].platform, "*"))
				continue;
			costs[v] = rows[r].cost;
			if (strcmp(rows[r].platform, "*"))
				break; /* an exact platform row beats a "*" row */
		}
	}
	*out = costs;
	costs = NULL;
done:
	free(costs);
	free(audience);
	return rc;
}

int clout_plan_rate_card_costs(double **out, const clout_graph *g, const char *path, const int64_t *followers,
	const char *const *platforms, clout_error *err)
{
	rate_row rows[RATE_CARD_MAX];
	int row_count = 0;
	char line[1024];
	uint64_t lineno = 0;
	FILE *f;
	int rc = 0;
	*out = NULL;
	if (!(f = fopen(path, "r")))
		return clout_error_set(err, errno == ENOENT ? CLOUT_ENOTFOUND : CLOUT_EIO, "%s: cannot open: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *fields[3];
		int count, tier = -1;
		double cost;
		lineno++;
		count = split_fields(line, fields, 3);
		if (!fields[0][0] || fields[0][0] == '#')
			continue;
		if (lineno == 1 && !strcmp(fields[0], "platform"))
			continue;
		if (count < 3) {
			rc = bad_line(err, path, lineno, "expected 'platform,tier,cost', got", fields[0]);
			goto done;
		}
		clout_tier parsed;
		if (clout_vocab_tier_parse(&parsed, fields[1], NULL) == 0)
			tier = (int)parsed;
		if (tier < 0) {
			rc = bad_line(err, path, lineno, "unknown tier (nano, micro, mid, macro, mega):", fields[1]);
			goto done;
		}
		if (parse_cost(fields[2], &cost) < 0 || cost <= 0) {
			rc = bad_line(err, path, lineno, "cost must be a positive number, got", fields[2]);
			goto done;
		}
		if (row_count == RATE_CARD_MAX || strlen(fields[0]) >= sizeof(rows[0].platform)) {
			rc = bad_line(err, path, lineno, "too many rows or platform name too long:", fields[0]);
			goto done;
		}
		snprintf(rows[row_count].platform, sizeof(rows[row_count].platform), "%s", fields[0]);
		rows[row_count].tier = tier;
		rows[row_count++].cost = cost;
	}
	rc = costs_from_rows(out, g, rows, row_count, followers, platforms, err);
done:
	fclose(f);
	return rc;
}

int clout_plan_rate_rows_costs(double **out, const clout_graph *g, const clout_plan_rate_row *card, size_t count,
	const int64_t *followers, const char *const *platforms, clout_error *err)
{
	rate_row rows[RATE_CARD_MAX];
	*out = NULL;
	if (count > RATE_CARD_MAX)
		return clout_error_set(err, CLOUT_EINVAL, "rate_card: %zu rows, more than %d", count, RATE_CARD_MAX);
	for (size_t r = 0; r < count; r++) {
		clout_tier tier;
		if (!card[r].platform || !*card[r].platform || strlen(card[r].platform) >= sizeof(rows[r].platform))
			return clout_error_set(err, CLOUT_EINVAL, "rate_card: row %zu: the platform must be a name or \"*\"", r + 1);
		if (!card[r].tier || clout_vocab_tier_parse(&tier, card[r].tier, NULL) < 0)
			return clout_error_set(err, CLOUT_EINVAL, "rate_card: row %zu: unknown tier '%s' (nano, micro, mid, macro, mega)",
				r + 1, card[r].tier ? card[r].tier : "");
		if (!(card[r].cost > 0) || !isfinite(card[r].cost))
			return clout_error_set(err, CLOUT_EINVAL, "rate_card: row %zu: the cost must be a positive number", r + 1);
		snprintf(rows[r].platform, sizeof(rows[r].platform), "%s", card[r].platform);
		rows[r].tier = (int)tier;
		rows[r].cost = card[r].cost;
	}
	return costs_from_rows(out, g, rows, (int)count, followers, platforms, err);
}
