/*
 * report.c: the link report (see clout/convert.h): click counts by link and day from the store,
 * each conversion's credit shared among its touches by the model chosen, summed into rows by
 * link (or promo code), influencer or campaign, and day; revenue kept apart per currency. One
 * result and one JSON writer serve the CLI and the server.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>

#include "lib/convert/internal.h"
#include "util/map.h"
#include "util/banned.h"

typedef struct target {
	int64_t id;
	char *code, *influencer, *campaign;
	bool is_code, included;
} target;

typedef struct report_owner {
	target *links, *codes;
	size_t nlinks, ncodes, links_cap, codes_cap;
	clout_smap keys;
	size_t rows_cap;
} report_owner;

typedef struct conv_item {
	clout__conversion_row row;
	char *customer;
} conv_item;

typedef struct builder {
	clout_convert_report *out;
	report_owner *own;
	const clout_convert_report_options *opts;
	bool adding_codes;
	conv_item *convs;
	size_t nconvs, convs_cap;
} builder;

const char *clout_convert_model_name(clout_convert_model m)
{
	return m == CLOUT_MODEL_FIRST ? "first" : m == CLOUT_MODEL_LINEAR ? "linear" : "last";
}

int clout_convert_model_parse(const char *name)
{
	if (!name)
		return -1;
	return !strcmp(name, "last") ? CLOUT_MODEL_LAST : !strcmp(name, "first") ? CLOUT_MODEL_FIRST
		: !strcmp(name, "linear") ? CLOUT_MODEL_LINEAR : -1;
}

const char *clout_convert_group_name(clout_convert_group g)
{
	return g == CLOUT_GROUP_INFLUENCER ? "influencer" : g == CLOUT_GROUP_CAMPAIGN ? "campaign" : "link";
}

int clout_convert_group_parse(const char *name)
{
	if (!name)
		return -1;
	return !strcmp(name, "link") ? CLOUT_GROUP_LINK : !strcmp(name, "influencer") ? CLOUT_GROUP_INFLUENCER
		: !strcmp(name, "campaign") ? CLOUT_GROUP_CAMPAIGN : -1;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void targets_free(target *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(t[i].code);
		free(t[i].influencer);
		free(t[i].campaign);
	}
	free(t);
}

void clout_convert_report_release(clout_convert_report *r)
{
	report_owner *own;
	if (!r)
		return;
	own = r->owner;
	for (size_t i = 0; i < r->count; i++)
		free(r->rows[i].revenue);
	free(r->rows);
	if (own) {
		targets_free(own->links, own->nlinks);
		targets_free(own->codes, own->ncodes);
		clout_smap_release(&own->keys);
		free(own);
	}
	memset(r, 0, sizeof(*r));
}

static bool included(const clout_convert_report_options *o, const clout__store_target *t, bool is_code)
{
	const char *inf = o->influencer && o->influencer[0] == '@' ? o->influencer + 1 : o->influencer;
	if (o->campaign && (!t->campaign || strcmp(o->campaign, t->campaign)))
		return false;
	if (inf && (!t->influencer || strcasecmp(inf, t->influencer)))
		return false;
	if (o->link && (is_code || strcmp(o->link, t->code)))
		return false;
	return true;
}

static int target_add(void *ctx, const clout__store_target *t)
{
	builder *b = ctx;
	report_owner *own = b->own;
	target **arr = b->adding_codes ? &own->codes : &own->links;
	size_t *n = b->adding_codes ? &own->ncodes : &own->nlinks, *cap = b->adding_codes ? &own->codes_cap : &own->links_cap;
	target *item;
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		target *grown = realloc(*arr, c * sizeof(*grown));
		if (!grown)
			return CLOUT_ENOMEM;
		*arr = grown;
		*cap = c;
	}
	item = &(*arr)[*n];
	memset(item, 0, sizeof(*item));
	item->id = t->id;
	item->is_code = b->adding_codes;
	item->included = included(b->opts, t, b->adding_codes);
	item->code = dup_or_null(t->code);
	item->influencer = dup_or_null(t->influencer);
	item->campaign = dup_or_null(t->campaign);
	(*n)++;
	if (!item->code || (t->influencer && !item->influencer) || (t->campaign && !item->campaign))
		return CLOUT_ENOMEM;
	return 0;
}

static int by_id(const void *a, const void *b)
{
	const target *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

static target *find_target(target *arr, size_t n, int64_t id)
{
	target key = { .id = id };
	return n ? bsearch(&key, arr, n, sizeof(*arr), by_id) : NULL;
}

/* The row of target t on day (-1 when not by day), made when absent; NULL when out of memory. */
static clout_convert_report_row *row_of(builder *b, const target *t, int64_t day)
{
	clout_convert_report *r = b->out;
	report_owner *own = b->own;
	const char *name;
	char key[600];
	int64_t slot;
	int n;
	switch (b->opts->group) {
	case CLOUT_GROUP_INFLUENCER: name = t->influencer ? t->influencer : ""; break;
	case CLOUT_GROUP_CAMPAIGN: name = t->campaign ? t->campaign : ""; break;
	default: name = t->code; break;
	}
	n = snprintf(key, sizeof(key), "%c%s\x1f%lld", b->opts->group == CLOUT_GROUP_LINK && t->is_code ? 'C' : 'L', name,
		(long long)day);
	if (n < 0 || (size_t)n >= sizeof(key))
		return NULL;
	slot = clout_smap_intern(&own->keys, key, (size_t)n);
	if (slot < 0)
		return NULL;
	if ((size_t)slot < r->count)
		return &r->rows[slot];
	if (r->count == own->rows_cap) {
		size_t cap = own->rows_cap ? own->rows_cap * 2 : 64;
		clout_convert_report_row *rows = realloc(r->rows, cap * sizeof(*rows));
		if (!rows)
			return NULL;
		r->rows = rows;
		own->rows_cap = cap;
	}
	clout_convert_report_row *row = &r->rows[r->count++];
	memset(row, 0, sizeof(*row));
	row->day = day;
	if (b->opts->group == CLOUT_GROUP_LINK) {
		row->link = t->is_code ? NULL : t->code;
		row->promo_code = t->is_code ? t->code : NULL;
	}
	if (b->opts->group != CLOUT_GROUP_CAMPAIGN)
		row->influencer = t->influencer;
	if (b->opts->group != CLOUT_GROUP_INFLUENCER)
		row->campaign = t->campaign;
	return row;
}

static int click_add(void *ctx, const clout__click_count *c)
{
	builder *b = ctx;
	target *t = find_target(b->own->links, b->own->nlinks, c->link_id);
	clout_convert_report_row *row;
	if (!t || !t->included)
		return 0;
	if (!(row = row_of(b, t, b->opts->by_day ? c->day : -1)))
		return CLOUT_ENOMEM;
	switch (c->click_class) {
	case CLOUT_CLICK_HUMAN:
		row->clicks += c->count;
		if (c->unique)
			row->unique_clicks += c->count;
		break;
	case CLOUT_CLICK_HEAD:
	case CLOUT_CLICK_PREFETCH: row->prefetch_clicks += c->count; break;
	default: row->bot_clicks += c->count; break;
	}
	return 0;
}

static int conv_add(void *ctx, const clout__conversion_row *c)
{
	builder *b = ctx;
	conv_item *item;
	if (b->nconvs == b->convs_cap) {
		size_t cap = b->convs_cap ? b->convs_cap * 2 : 64;
		conv_item *grown = realloc(b->convs, cap * sizeof(*grown));
		if (!grown)
			return CLOUT_ENOMEM;
		b->convs = grown;
		b->convs_cap = cap;
	}
	item = &b->convs[b->nconvs];
	item->row = *c;
	item->row.customer_id = NULL;
	item->customer = c->customer_id ? strdup(c->customer_id) : NULL;
	if (c->customer_id && !item->customer)
		return CLOUT_ENOMEM;
	b->nconvs++;
	return 0;
}

static int credit(builder *b, const target *t, int64_t day, const char *currency, int64_t net, int64_t refunded,
	double weight)
{
	clout_convert_report_row *row;
	clout_convert_revenue *rev = NULL;
	if (!t || !t->included)
		return 0;
	if (!(row = row_of(b, t, b->opts->by_day ? day : -1)))
		return CLOUT_ENOMEM;
	row->conversions += weight;
	for (size_t i = 0; i < row->revenue_count && !rev; i++)
		if (!strcmp(row->revenue[i].currency, currency))
			rev = &row->revenue[i];
	if (!rev) {
		clout_convert_revenue *grown = realloc(row->revenue, (row->revenue_count + 1) * sizeof(*grown));
		if (!grown)
			return CLOUT_ENOMEM;
		row->revenue = grown;
		rev = &row->revenue[row->revenue_count++];
		memset(rev, 0, sizeof(*rev));
		memcpy(rev->currency, currency, sizeof(rev->currency));
	}
	rev->net_minor += net;
	rev->refunded_minor += refunded;
	return 0;
}

/* Shares one conversion among its touches (or its code) by the model. */
static int attribute_one(builder *b, clout_store *store, int64_t workspace, const conv_item *c, clout_error *err)
{
	const clout__conversion_row *v = &c->row;
	int64_t day = v->at_ms / 86400000, *net = NULL, *ref = NULL;
	double *weights = NULL;
	convert_touches t;
	int rc;
	if ((rc = convert_touches_collect(&t, store, workspace, v->click_id, c->customer, v->at_ms, b->opts->window_s, err)) < 0)
		return rc;
	if (!t.named && v->code_id) {
		convert_touches_release(&t);
		return credit(b, find_target(b->own->codes, b->own->ncodes, v->code_id), day, v->currency, v->amount - v->refunded,
			v->refunded, 1.0);
	}
	if (t.count) {
		net = malloc(t.count * sizeof(*net));
		ref = malloc(t.count * sizeof(*ref));
		weights = malloc(t.count * sizeof(*weights));
		if (!net || !ref || !weights) {
			rc = CLOUT_ENOMEM;
			goto done;
		}
		convert_touches_split(&t, b->opts->model, v->refunded, ref, weights);
		convert_touches_split(&t, b->opts->model, v->amount - v->refunded, net, weights);
		for (size_t i = 0; i < t.count && rc == 0; i++)
			if (weights[i] > 0)
				rc = credit(b, find_target(b->own->links, b->own->nlinks, t.items[i].link_id), day, v->currency, net[i],
					ref[i], weights[i]);
	}
done:
	free(net);
	free(ref);
	free(weights);
	convert_touches_release(&t);
	return rc;
}

static int row_order(const void *a, const void *b)
{
	const clout_convert_report_row *x = a, *y = b;
	const char *kx = x->link ? x->link : x->promo_code ? x->promo_code : x->influencer ? x->influencer : x->campaign;
	const char *ky = y->link ? y->link : y->promo_code ? y->promo_code : y->influencer ? y->influencer : y->campaign;
	int c;
	if (!x->link != !y->link)
		return x->link ? -1 : 1; /* links before promo codes */
	c = strcmp(kx ? kx : "", ky ? ky : "");
	if (c)
		return c;
	return x->day < y->day ? -1 : x->day > y->day;
}

static int clout_convert_report_build_in(clout_convert_report *out, clout_store *store, int64_t workspace,
	const clout_convert_report_options *opts, clout_error *err)
{
	builder b = { 0 };
	int64_t from, to;
	int rc;
	memset(out, 0, sizeof(*out));
	if (!opts || opts->version != CLOUT_CONVERT_REPORT_OPTIONS_VERSION)
		return clout_error_set(err, CLOUT_EINVAL, "report options: unsupported version");
	if (opts->to_ms && opts->from_ms >= opts->to_ms)
		return clout_error_set(err, CLOUT_EINVAL, "to: must be after from");
	if (opts->window_s <= 0)
		return clout_error_set(err, CLOUT_EINVAL, "window: must be positive");
	out->opts = *opts;
	out->opts.campaign = out->opts.influencer = out->opts.link = NULL;
	if (!(b.own = calloc(1, sizeof(*b.own))) || clout_smap_init(&b.own->keys, 64) < 0) {
		free(b.own);
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	}
	out->owner = b.own;
	b.out = out;
	b.opts = opts;
	from = opts->from_ms;
	to = opts->to_ms ? opts->to_ms : INT64_MAX;
	if ((rc = clout__store_links_each(store, workspace, target_add, &b, err)) < 0)
		goto done;
	b.adding_codes = true;
	if ((rc = clout__store_codes_each(store, workspace, target_add, &b, err)) < 0)
		goto done;
	if (b.own->nlinks > 1)
		qsort(b.own->links, b.own->nlinks, sizeof(target), by_id);
	if (b.own->ncodes > 1)
		qsort(b.own->codes, b.own->ncodes, sizeof(target), by_id);
	/* Every link and code chosen has its row, clicked or not (by day: only days with activity). */
	for (size_t i = 0; !opts->by_day && i < b.own->nlinks + b.own->ncodes; i++) {
		const target *t = i < b.own->nlinks ? &b.own->links[i] : &b.own->codes[i - b.own->nlinks];
		if (t->included && !row_of(&b, t, -1)) {
			rc = CLOUT_ENOMEM;
			goto done;
		}
	}
	if ((rc = clout__store_click_counts(store, workspace, from, to, click_add, &b, err)) < 0)
		goto done;
	if ((rc = clout__store_conversions_each(store, workspace, from, to, conv_add, &b, err)) < 0)
		goto done;
	for (size_t i = 0; i < b.nconvs && rc == 0; i++)
		rc = attribute_one(&b, store, workspace, &b.convs[i], err);
	if (rc == 0 && out->count > 1)
		qsort(out->rows, out->count, sizeof(*out->rows), row_order);
done:
	for (size_t i = 0; i < b.nconvs; i++)
		free(b.convs[i].customer);
	free(b.convs);
	if (rc == CLOUT_ENOMEM)
		clout_error_set(err, rc, "out of memory");
	if (rc < 0)
		clout_convert_report_release(out);
	return rc < 0 ? rc : 0;
}

double clout_convert_report_rate(const clout_convert_report_row *row)
{
	return row->clicks > 0 ? row->conversions / (double)row->clicks : -1;
}

static json_t *day_json(int64_t day)
{
	char text[16];
	struct tm tm;
	time_t t = (time_t)(day * 86400);
	if (day < 0 || !gmtime_r(&t, &tm))
		return json_null();
	strftime(text, sizeof(text), "%Y-%m-%d", &tm);
	return json_string(text);
}

static json_t *row_json(const clout_convert_report_row *row)
{
	json_t *revenue = json_array();
	double rate = clout_convert_report_rate(row);
	for (size_t i = 0; revenue && i < row->revenue_count; i++) {
		const clout_convert_revenue *r = &row->revenue[i];
		char net[40], refunded[40];
		json_array_append_new(revenue, json_pack("{s:s,s:s,s:s}", "currency", r->currency, "net",
			clout_convert_money_format(net, sizeof(net), r->net_minor, r->currency), "refunded",
			clout_convert_money_format(refunded, sizeof(refunded), r->refunded_minor, r->currency)));
	}
	return json_pack("{s:s?,s:s?,s:s?,s:s?,s:o,s:I,s:I,s:I,s:I,s:f,s:o,s:o}", "link", row->link, "promo_code",
		row->promo_code, "influencer", row->influencer, "campaign", row->campaign, "day", day_json(row->day), "clicks",
		(json_int_t)row->clicks, "unique_clicks", (json_int_t)row->unique_clicks, "bot_clicks",
		(json_int_t)row->bot_clicks, "prefetch_clicks", (json_int_t)row->prefetch_clicks, "conversions",
		row->conversions, "conversion_rate", rate < 0 ? json_null() : json_real(rate), "revenue", revenue);
}

char *clout_convert_report_json(const clout_convert_report *r)
{
	json_t *rows = json_array(), *doc;
	char *text;
	for (size_t i = 0; rows && i < r->count; i++)
		if (json_array_append_new(rows, row_json(&r->rows[i])) < 0) {
			json_decref(rows);
			return NULL;
		}
	doc = json_pack("{s:s,s:s,s:o,s:o,s:I,s:o}", "model", clout_convert_model_name(r->opts.model), "group",
		clout_convert_group_name(r->opts.group), "from", r->opts.from_ms ? json_integer((json_int_t)r->opts.from_ms) : json_null(),
		"to", r->opts.to_ms ? json_integer((json_int_t)r->opts.to_ms) : json_null(), "window_s",
		(json_int_t)r->opts.window_s, "rows", rows);
	text = doc ? json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(doc);
	return text;
}

int clout_convert_report_build(clout_convert_report *out, clout_session *s, const clout_convert_report_options *opts)
{
	int64_t ws;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = clout__convert_session(s, &ws)) < 0)
		return rc;
	return clout_convert_report_build_in(out, clout_session_store(s), ws, opts, clout_session_err(s));
}
