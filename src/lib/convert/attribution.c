/*
 * attribution.c: a conversion's touch points and how a model shares its credit among them
 * (see clout/convert.h). The touches are read from the store each time, so a model is a choice
 * made when reading, never baked into the stored conversion.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/convert/internal.h"
#include "util/banned.h"

void convert_touches_release(convert_touches *t)
{
	free(t->items);
	memset(t, 0, sizeof(*t));
}

static int touch_add(void *ctx, const clout__touch *touch)
{
	convert_touches *t = ctx;
	for (size_t i = 0; i < t->count; i++)
		if (t->items[i].click_id == touch->click_id)
			return 0;
	if (t->count == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 8;
		clout__touch *items = realloc(t->items, cap * sizeof(*items));
		if (!items)
			return CLOUT_ENOMEM;
		t->items = items;
		t->cap = cap;
	}
	t->items[t->count++] = *touch;
	return 0;
}

static int touch_order(const void *a, const void *b)
{
	const clout__touch *x = a, *y = b;
	if (x->at_ms != y->at_ms)
		return x->at_ms < y->at_ms ? -1 : 1;
	return x->click_id < y->click_id ? -1 : x->click_id > y->click_id;
}

int convert_touches_collect(convert_touches *out, clout_store *store, int64_t workspace, int64_t click_id,
	const char *customer_id, int64_t at_ms, int64_t window_s, clout_error *err)
{
	clout__touch named = { click_id, 0, 0 };
	int rc = 0;
	memset(out, 0, sizeof(*out));
	if (click_id > 0 && (rc = clout__store_click_touch(store, workspace, click_id, &named.link_id, &named.at_ms, err)) == 1)
		rc = touch_add(out, &named);
	if (rc >= 0 && customer_id && *customer_id)
		rc = clout__store_customer_touches(store, workspace, customer_id, at_ms - window_s * 1000, at_ms, touch_add, out,
			err);
	if (rc < 0) {
		if (rc == CLOUT_ENOMEM)
			clout_error_set(err, rc, "out of memory");
		convert_touches_release(out);
		return rc;
	}
	if (out->count > 1)
		qsort(out->items, out->count, sizeof(*out->items), touch_order);
	for (size_t i = 0; named.link_id && i < out->count; i++)
		if (out->items[i].click_id == click_id)
			out->named = (int64_t)i + 1;
	return 0;
}

void convert_touches_split(const convert_touches *t, clout_convert_model model, int64_t amount, int64_t *shares,
	double *weights)
{
	size_t n = t->count, pick;
	if (n == 0)
		return;
	for (size_t i = 0; i < n; i++) {
		shares[i] = 0;
		weights[i] = 0;
	}
	if (model == CLOUT_MODEL_LINEAR) {
		int64_t each = amount / (int64_t)n, rest = amount % (int64_t)n;
		for (size_t i = 0; i < n; i++) {
			/* the remainder, one minor unit each, to the latest touches */
			shares[i] = each + ((int64_t)(n - i) <= rest ? 1 : 0);
			weights[i] = 1.0 / (double)n;
		}
		return;
	}
	/* last: the click the conversion named is its last touch by the shop's word */
	if (model == CLOUT_MODEL_FIRST)
		pick = 0;
	else
		pick = t->named ? (size_t)(t->named - 1) : n - 1;
	shares[pick] = amount;
	weights[pick] = 1.0;
}
