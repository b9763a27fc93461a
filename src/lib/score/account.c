/*
 * account.c: accounts as the JSON API lists and shows them: a page of accounts with their tier
 * and flags, and one account in depth (its posts, the terms of a topic its posts hold, its
 * engagement against its tier's norm, its follower history), with their JSON writers.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/score/internal.h"
#include "util/json_out.h"
#include "util/banned.h"

static void copy_text(char *out, size_t cap, const char *s)
{
	snprintf(out, cap, "%s", s ? s : "");
}

/* Fills item from row and, when the index holds the account, from its profile. */
static void item_from_row(clout_store *store, int64_t ws, const clout_account_row *row, clout_score_account_item *item,
	clout_store_index_profile *profile_out)
{
	clout_store_index_profile p;
	memset(item, 0, sizeof(*item));
	item->account_id = row->id;
	copy_text(item->platform, sizeof(item->platform), row->platform);
	copy_text(item->ext_id, sizeof(item->ext_id), row->ext_id);
	copy_text(item->handle, sizeof(item->handle), row->handle);
	copy_text(item->name, sizeof(item->name), row->name);
	copy_text(item->lang, sizeof(item->lang), row->lang);
	copy_text(item->country, sizeof(item->country), row->country);
	copy_text(item->currency, sizeof(item->currency), row->currency);
	item->followers = row->followers;
	item->tier = clout_vocab_tier_name(clout_vocab_tier(row->followers < 0 ? 0 : row->followers));
	item->price = row->price;
	if (clout_store_index_get_account_profile(store, ws, row->id, &p, NULL, NULL) == 0) {
		item->indexed = true;
		item->flags = p.flags;
		if (profile_out)
			*profile_out = p;
	}
}

typedef struct page_ctx {
	clout_score_account_page *page;
	int64_t cap;
	clout_account_row *rows;
	char **strings; /* the rows' strings, copied: they are borrowed until the next store call */
} page_ctx;

#define ROW_STRINGS 8

static char *dup_or_null(const char *s, int *bad)
{
	char *d = s ? strdup(s) : NULL;
	if (s && !d)
		*bad = 1;
	return d;
}

static int collect_row(void *ctx, const clout_account_row *row)
{
	page_ctx *c = ctx;
	size_t i = c->page->count;
	char **str = c->strings + i * ROW_STRINGS;
	int bad = 0;
	if ((int64_t)i >= c->cap)
		return 1;
	c->rows[i] = *row;
	c->rows[i].platform = str[0] = dup_or_null(row->platform, &bad);
	c->rows[i].ext_id = str[1] = dup_or_null(row->ext_id, &bad);
	c->rows[i].handle = str[2] = dup_or_null(row->handle, &bad);
	c->rows[i].name = str[3] = dup_or_null(row->name, &bad);
	c->rows[i].lang = str[4] = dup_or_null(row->lang, &bad);
	c->rows[i].country = str[5] = dup_or_null(row->country, &bad);
	c->rows[i].currency = str[6] = dup_or_null(row->currency, &bad);
	c->rows[i].person = NULL;
	c->page->count++;
	return bad ? CLOUT_ENOMEM : 0;
}

int clout_score_accounts_list(clout_session *s, const char *platform, int64_t offset, int64_t limit,
	clout_score_account_page *out)
{
	clout_store *store = clout_session_store(s);
	clout_error *err = clout_session_err(s);
	page_ctx c = { out, limit, NULL, NULL };
	int64_t ws;
	int rc;
	memset(out, 0, sizeof(*out));
	clout_session_reset(s);
	if (limit < 1 || limit > CLOUT_SCORE_ACCOUNTS_MAX_LIMIT)
		return clout_error_set(err, CLOUT_EINVAL, "limit: %lld is not in 1..%d", (long long)limit,
			CLOUT_SCORE_ACCOUNTS_MAX_LIMIT);
	if (offset < 0)
		return clout_error_set(err, CLOUT_EINVAL, "offset: %lld is negative", (long long)offset);
	if ((rc = clout_session_workspace(s, &ws)) < 0)
		return rc;
	out->offset = offset;
	out->limit = limit;
	c.rows = calloc((size_t)limit, sizeof(*c.rows));
	c.strings = calloc((size_t)limit * ROW_STRINGS, sizeof(*c.strings));
	out->items = calloc((size_t)limit, sizeof(*out->items));
	if (!c.rows || !c.strings || !out->items) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = clout_store_count_accounts(store, ws, platform, &out->total, err)) < 0 ||
	    (rc = clout_store_page_accounts(store, ws, platform, offset, limit, collect_row, &c, err)) < 0)
		goto done;
	if (rc == CLOUT_ENOMEM) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	rc = 0;
	for (size_t i = 0; i < out->count; i++)
		item_from_row(store, ws, &c.rows[i], &out->items[i], NULL);
done:
	for (size_t i = 0; c.strings && i < (size_t)limit * ROW_STRINGS; i++)
		free(c.strings[i]);
	free(c.strings);
	free(c.rows);
	if (rc < 0)
		clout_score_account_page_release(out);
	return rc;
}

void clout_score_account_page_release(clout_score_account_page *page)
{
	if (!page)
		return;
	free(page->items);
	page->items = NULL;
	page->count = 0;
}

static json_t *flags_json(unsigned flags)
{
	json_t *a = json_array();
	for (unsigned k = 0; a && k < CLOUT_FLAG_COUNT; k++)
		if ((flags & (1u << k)) && json_array_append_new(a, json_string(clout_vocab_flag_name(k))) < 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

/* The fields of an account item into o; non-zero when out of memory. */
static int item_fields(json_t *o, const clout_score_account_item *x)
{
	char key[128];
	snprintf(key, sizeof(key), "%s:%s", x->platform, x->ext_id);
	return clout_json_set(o, "id", clout_json_str(key, 0)) | clout_json_set(o, "account_id", clout_json_int(x->account_id)) |
	       clout_json_set(o, "platform", clout_json_str(x->platform, 0)) |
	       clout_json_set(o, "ext_id", clout_json_str(x->ext_id, 0)) | clout_json_set(o, "handle", clout_json_str(x->handle, 1)) |
	       clout_json_set(o, "name", clout_json_str(x->name, 1)) | clout_json_set(o, "tier", clout_json_str(x->tier, 0)) |
	       clout_json_set(o, "followers", x->followers >= 0 ? clout_json_int(x->followers) : json_null()) |
	       clout_json_set(o, "lang", clout_json_str(x->lang, 1)) | clout_json_set(o, "country", clout_json_str(x->country, 1)) |
	       clout_json_set(o, "price", x->price >= 0 ? clout_json_fixed(x->price, 2) : json_null()) |
	       clout_json_set(o, "currency", clout_json_str(x->currency, 1)) | clout_json_set(o, "flags", flags_json(x->flags)) |
	       clout_json_set(o, "indexed", json_boolean(x->indexed));
}

int clout_score_account_page_json(char **out, const clout_score_account_page *page, clout_error *err)
{
	json_t *doc = json_object(), *items = json_array();
	int bad = !doc || !items;
	for (size_t i = 0; i < page->count && !bad; i++) {
		json_t *o = json_object();
		bad = !o || item_fields(o, &page->items[i]) || json_array_append_new(items, o) < 0;
	}
	if (!bad)
		bad = clout_json_set(doc, "total", clout_json_int(page->total)) |
		      clout_json_set(doc, "offset", clout_json_int(page->offset)) |
		      clout_json_set(doc, "limit", clout_json_int(page->limit)) | json_object_set(doc, "accounts", items);
	json_decref(items);
	return clout_json_finish(out, doc, bad, 1, err);
}

/* ---- one account ---- */

typedef struct detail_ctx {
	clout_score_account_detail *d;
	clout_text *text;
	score_surfaces *surfaces;
	size_t posts_limit, cap_history;
	double *rates;             /* engagement rate per post read, when not indexed */
	size_t rate_count;
	uint8_t *seen;             /* per topic term: seen in the current post */
	int rc;
} detail_ctx;

static int count_term(void *ctx, const char *term, size_t len)
{
	detail_ctx *c = ctx;
	for (size_t i = 0; i < c->d->term_count; i++) {
		clout_score_account_term *t = &c->d->terms[i];
		if (strlen(t->term) == len && !memcmp(t->term, term, len)) {
			t->occurrences++;
			if (!c->seen[i]) {
				c->seen[i] = 1;
				t->posts++;
			}
		}
	}
	return 0;
}

static double post_rate(const clout_post_row *row, int64_t followers)
{
	int64_t parts[4] = { row->likes, row->comments, row->shares, row->quotes }, sum = 0;
	if (followers <= 0)
		return -1;
	for (int i = 0; i < 4; i++)
		if (parts[i] > 0)
			sum += parts[i];
	return (double)sum / (double)followers;
}

static int read_post(void *ctx, const clout_post_row *row)
{
	detail_ctx *c = ctx;
	clout_score_account_detail *d = c->d;
	double rate = post_rate(row, d->account.followers);
	const char *lang = clout__analysis_lang(row->lang);
	int rc;
	d->posts_read++;
	if (c->rates && rate >= 0)
		c->rates[c->rate_count++] = rate;
	if (d->term_count) {
		memset(c->seen, 0, d->term_count);
		if ((rc = clout_text_terms(c->text, row->text ? row->text : "", row->text_len, lang, count_term, c)) < 0 ||
		    (rc = clout__surfaces_add(c->surfaces, c->text, row->text ? row->text : "", row->text_len, lang)) < 0)
			return c->rc = rc;
	}
	if (d->post_count_shown < c->posts_limit) {
		clout_score_account_post *p = &d->posts[d->post_count_shown];
		p->id = row->id;
		p->created_at = row->created_at;
		if (!(p->text = malloc(row->text_len + 1)))
			return c->rc = CLOUT_ENOMEM;
		memcpy(p->text, row->text ? row->text : "", row->text_len);
		p->text[row->text_len] = '\0';
		copy_text(p->lang, sizeof(p->lang), row->lang);
		p->kind = row->kind;
		p->likes = row->likes;
		p->comments = row->comments;
		p->shares = row->shares;
		p->quotes = row->quotes;
		p->views = row->views;
		p->sponsored = row->sponsored;
		p->engagement_rate = rate;
		d->post_count_shown++;
	}
	return 0;
}

static int add_topic_term(void *ctx, const char *term, size_t len)
{
	detail_ctx *c = ctx;
	clout_score_account_detail *d = c->d;
	for (size_t i = 0; i < d->term_count; i++)
		if (strlen(d->terms[i].term) == len && !memcmp(d->terms[i].term, term, len))
			return 0;
	if (d->term_count == 32 || len >= sizeof(d->terms[0].term))
		return 0;
	memcpy(d->terms[d->term_count].term, term, len);
	d->terms[d->term_count].term[len] = '\0';
	d->term_count++;
	return 0;
}

static int add_point(void *ctx, int64_t account, int64_t observed_at, int64_t followers)
{
	detail_ctx *c = ctx;
	clout_score_account_detail *d = c->d;
	(void)account;
	if (d->history_count == c->cap_history) {
		size_t cap = c->cap_history ? 2 * c->cap_history : 16;
		clout_score_account_point *h = realloc(d->history, cap * sizeof(*h));
		if (!h)
			return CLOUT_ENOMEM;
		d->history = h;
		c->cap_history = cap;
	}
	d->history[d->history_count].observed_at = observed_at;
	d->history[d->history_count++].followers = followers;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Engagement from the posts read, for an account the index does not hold. */
static void engagement_from_posts(clout_score_account_detail *d, double *rates, size_t n)
{
	double sum = 0;
	d->engagement_rate = d->engagement_mean = d->engagement_max = 0;
	if (n) {
		qsort(rates, n, sizeof(*rates), cmp_double);
		d->engagement_rate = n % 2 ? rates[n / 2] : (rates[n / 2 - 1] + rates[n / 2]) / 2;
		for (size_t i = 0; i < n; i++)
			sum += rates[i];
		d->engagement_mean = sum / (double)n;
		d->engagement_max = rates[n - 1];
	}
	d->engagement_norm = clout_score_engagement_norm(d->account.followers > 0 ? (double)d->account.followers : 0);
	d->reply_rate = d->posts_per_week = -1;
	d->penalty = 1;
}

static int resolve_key(clout_store *store, int64_t ws, const char *key, int64_t *out, clout_error *err)
{
	if (key[0] == '#') {
		char *end;
		long long id = strtoll(key + 1, &end, 10);
		if (end == key + 1 || *end || id <= 0)
			return clout_error_set(err, CLOUT_ENOTFOUND, "no account '%s'", key);
		*out = id;
		return 0;
	}
	return clout_store_find_account(store, ws, NULL, key, out, err);
}

/* The topic's terms (stemmed in the account's language) into d->terms. */
static int topic_terms(detail_ctx *c, const char *topic, const char *lang, clout_error *err)
{
	clout_score_account_detail *d = c->d;
	int rc;
	copy_text(d->topic, sizeof(d->topic), topic);
	if (!(d->terms = calloc(32, sizeof(*d->terms))) || !(c->seen = calloc(32, 1)))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	if ((rc = clout_text_terms(c->text, topic, strlen(topic), lang, add_topic_term, c)) < 0)
		return clout_error_set(err, rc, "topic: %s", clout_strerror(rc));
	if (!d->term_count)
		return clout_error_set(err, CLOUT_EINVAL, "topic: '%s' has no searchable words", topic);
	return clout__surfaces_new(&c->surfaces) < 0 ? clout_error_set(err, CLOUT_ENOMEM, "out of memory") : 0;
}

int clout_score_account_show(clout_session *s, const char *key, const char *topic, size_t posts_limit,
	clout_score_account_detail *out)
{
	clout_store *store = clout_session_store(s);
	clout_error *err = clout_session_err(s);
	detail_ctx c;
	const clout_text_model *model;
	clout_store_index_profile profile;
	clout_account_row row;
	int64_t ws, id;
	int rc;
	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	memset(&profile, 0, sizeof(profile));
	c.d = out;
	c.posts_limit = posts_limit;
	clout_session_reset(s);
	if (posts_limit > 200)
		return clout_error_set(err, CLOUT_EINVAL, "posts: %zu is more than 200", posts_limit);
	if (!key || !*key)
		return clout_error_set(err, CLOUT_EINVAL, "account: empty key");
	if ((rc = clout_session_workspace(s, &ws)) < 0 || (rc = clout_session_text_model(s, &model)) < 0 ||
	    (rc = resolve_key(store, ws, key, &id, err)) < 0 || (rc = clout_store_get_account(store, ws, id, &row, err)) < 0)
		goto done;
	item_from_row(store, ws, &row, &out->account, &profile);
	out->following = row.following;
	out->post_count = row.post_count;
	out->views = row.views;
	out->created_at = row.created_at;
	out->verified = row.verified;
	if ((rc = clout_text_new(&c.text, model, err)) < 0)
		goto done;
	if (topic && *topic && (rc = topic_terms(&c, topic, clout__analysis_lang(out->account.lang), err)) < 0)
		goto done;
	out->posts = calloc(posts_limit ? posts_limit : 1, sizeof(*out->posts));
	if (!out->account.indexed)
		c.rates = malloc(CLOUT_SCORE_ACCOUNT_POSTS_READ * sizeof(*c.rates));
	if (!out->posts || (!out->account.indexed && !c.rates)) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	rc = clout_store_foreach_post(store, ws, id, CLOUT_SCORE_ACCOUNT_POSTS_READ, read_post, &c, err);
	if (rc < 0 || c.rc < 0) {
		if (c.rc < 0)
			rc = clout_error_set(err, c.rc, "reading the posts of %s: %s", key, clout_strerror(c.rc));
		goto done;
	}
	for (size_t i = 0; i < out->term_count; i++) {
		const char *surface = clout__surfaces_best(c.surfaces, out->terms[i].term);
		copy_text(out->terms[i].surface, sizeof(out->terms[i].surface), surface);
	}
	if (out->account.indexed) {
		out->engagement_rate = profile.engagement_rate;
		out->engagement_mean = profile.engagement_mean;
		out->engagement_max = profile.engagement_max;
		out->engagement_norm = profile.engagement_norm;
		out->reply_rate = profile.reply_rate;
		out->posts_per_week = profile.posts_per_week;
		out->penalty = profile.penalty;
	} else {
		engagement_from_posts(out, c.rates, c.rate_count);
	}
	if ((rc = clout_store_foreach_snapshot(store, ws, id, add_point, &c, err)) < 0 || rc == CLOUT_ENOMEM)
		rc = rc == CLOUT_ENOMEM ? clout_error_set(err, rc, "out of memory") : rc;
done:
	clout_text_free(c.text);
	clout__surfaces_free(c.surfaces);
	free(c.rates);
	free(c.seen);
	if (rc < 0)
		clout_score_account_detail_release(out);
	return rc < 0 ? rc : 0;
}

void clout_score_account_detail_release(clout_score_account_detail *d)
{
	if (!d)
		return;
	for (size_t i = 0; d->posts && i < d->post_count_shown; i++)
		free(d->posts[i].text);
	free(d->posts);
	free(d->terms);
	free(d->history);
	d->posts = NULL;
	d->terms = NULL;
	d->history = NULL;
	d->post_count_shown = d->term_count = d->history_count = 0;
}

static const char *kind_name(clout_post_kind kind)
{
	static const char *const names[] = { "original", "reply", "repost", "quote" };
	return (unsigned)kind < 4 ? names[kind] : "original";
}

static json_t *count_json(int64_t v)
{
	return v >= 0 ? clout_json_int(v) : json_null();
}

static json_t *posts_json(const clout_score_account_detail *d)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < d->post_count_shown; i++) {
		const clout_score_account_post *p = &d->posts[i];
		json_t *o = json_object();
		if (!o || clout_json_set(o, "id", clout_json_int(p->id)) |
			      clout_json_set(o, "created_at", p->created_at >= 0 ? clout_json_int(p->created_at) : json_null()) |
			      clout_json_set(o, "kind", clout_json_str(kind_name(p->kind), 0)) |
			      clout_json_set(o, "lang", clout_json_str(p->lang, 1)) | clout_json_set(o, "text", clout_json_str(p->text, 0)) |
			      clout_json_set(o, "likes", count_json(p->likes)) | clout_json_set(o, "comments", count_json(p->comments)) |
			      clout_json_set(o, "shares", count_json(p->shares)) | clout_json_set(o, "quotes", count_json(p->quotes)) |
			      clout_json_set(o, "views", count_json(p->views)) |
			      clout_json_set(o, "sponsored", p->sponsored >= 0 ? json_boolean(p->sponsored) : json_null()) |
			      clout_json_set(o, "engagement_rate",
				      p->engagement_rate >= 0 ? clout_json_fixed(p->engagement_rate, 6) : json_null()) ||
		    json_array_append_new(a, o) < 0) {
			json_decref(o);
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *terms_json(const clout_score_account_detail *d)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < d->term_count; i++) {
		const clout_score_account_term *t = &d->terms[i];
		json_t *o = json_object();
		if (!o || clout_json_set(o, "term", clout_json_str(t->term, 0)) |
			      clout_json_set(o, "surface", clout_json_str(t->surface, 1)) |
			      clout_json_set(o, "posts", clout_json_int(t->posts)) |
			      clout_json_set(o, "occurrences", clout_json_int(t->occurrences)) ||
		    json_array_append_new(a, o) < 0) {
			json_decref(o);
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *history_json(const clout_score_account_detail *d)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < d->history_count; i++) {
		json_t *o = json_object();
		if (!o || clout_json_set(o, "observed_at", clout_json_int(d->history[i].observed_at)) |
			      clout_json_set(o, "followers", clout_json_int(d->history[i].followers)) ||
		    json_array_append_new(a, o) < 0) {
			json_decref(o);
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *engagement_json(const clout_score_account_detail *d)
{
	json_t *o = json_object();
	double ratio = d->engagement_norm > 0 ? d->engagement_rate / d->engagement_norm : 0;
	if (o && (clout_json_set(o, "source", clout_json_str(d->account.indexed ? "index" : "posts", 0)) |
		     clout_json_set(o, "rate", clout_json_fixed(d->engagement_rate, 6)) |
		     clout_json_set(o, "mean", clout_json_fixed(d->engagement_mean, 6)) |
		     clout_json_set(o, "max", clout_json_fixed(d->engagement_max, 6)) |
		     clout_json_set(o, "tier", clout_json_str(d->account.tier, 0)) |
		     clout_json_set(o, "tier_norm", clout_json_fixed(d->engagement_norm, 6)) |
		     clout_json_set(o, "vs_norm", clout_json_fixed(ratio, 3)) |
		     clout_json_set(o, "reply_rate", d->reply_rate >= 0 ? clout_json_fixed(d->reply_rate, 6) : json_null()) |
		     clout_json_set(o, "posts_per_week", d->posts_per_week >= 0 ? clout_json_fixed(d->posts_per_week, 3) : json_null()) |
		     clout_json_set(o, "penalty", clout_json_fixed(d->penalty, 2)))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int clout_score_account_detail_json(char **out, const clout_score_account_detail *d, clout_error *err)
{
	json_t *doc = json_object();
	int bad = !doc;
	if (!bad) {
		bad = item_fields(doc, &d->account);
		bad |= clout_json_set(doc, "following", count_json(d->following));
		bad |= clout_json_set(doc, "post_count", count_json(d->post_count));
		bad |= clout_json_set(doc, "views", count_json(d->views));
		bad |= clout_json_set(doc, "created_at", count_json(d->created_at));
		bad |= clout_json_set(doc, "verified", d->verified >= 0 ? json_boolean(d->verified) : json_null());
		bad |= clout_json_set(doc, "engagement", engagement_json(d));
		bad |= clout_json_set(doc, "posts_read", clout_json_int(d->posts_read));
		bad |= clout_json_set(doc, "topic", d->topic[0] ? clout_json_str(d->topic, 0) : json_null());
		bad |= clout_json_set(doc, "terms", terms_json(d));
		bad |= clout_json_set(doc, "follower_history", history_json(d));
		bad |= clout_json_set(doc, "posts", posts_json(d));
	}
	return clout_json_finish(out, doc, bad, 1, err);
}
