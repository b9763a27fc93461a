/*
 * contract.c: contracts and deliverables (see clout/campaign.h): the checks of compensation and
 * guidelines, the deliverable's check against its post in the store, and their JSON writers.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "clout/convert.h"
#include "lib/campaign/internal.h"
#include "lib/store/campaign.h"
#include "util/buf.h"
#include "util/json_out.h"
#include "util/banned.h"

static const char *const contract_statuses[] = { "draft", "sent", "signed", "active", "completed", "cancelled", NULL };
static const char *const payment_statuses[] = { "unpaid", "pending", "paid", NULL };
static const char *const formats[] = { "post", "story", "reel", "video", "live", "short", "thread", "article", NULL };
static const char *const deliverable_statuses[] = { "draft", "submitted", "approved", "published", "late", NULL };

static bool in_list(const char *const *list, const char *s)
{
	for (; s && *list; list++)
		if (!strcmp(*list, s))
			return true;
	return false;
}

void clout_deliverable_release(clout_deliverable *d)
{
	if (!d)
		return;
	free(d->platform);
	free(d->format);
	free(d->status);
	free(d->url);
	free(d->check.problems);
	memset(d, 0, sizeof(*d));
}

void clout_contract_release(clout_contract *c)
{
	if (!c)
		return;
	char **strings[] = { &c->campaign, &c->person, &c->person_name, &c->status, &c->product, &c->objectives, &c->dos,
		&c->donts, &c->hashtags, &c->disclosure, &c->exclusivity, &c->payment_terms, &c->payment_status };
	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
		free(*strings[i]);
	for (size_t i = 0; i < c->deliverable_count; i++)
		clout_deliverable_release(&c->deliverables[i]);
	free(c->deliverables);
	memset(c, 0, sizeof(*c));
}

/* "10%", "10", "12.5%", "0.25": percent with up to two decimals, 0..100, into basis points. */
static int commission_parse(int32_t *out, const char *text, clout_error *err)
{
	const char *p = text;
	int64_t whole = 0, frac = 0;
	int decimals = 0;
	*out = 0;
	if (!text || !*text)
		return 0;
	if (*p == '-')
		return clout_error_set(err, CLOUT_EINVAL, "commission: %s is negative", text);
	if (!isdigit((unsigned char)*p))
		goto bad;
	for (; isdigit((unsigned char)*p) && whole <= 100; p++)
		whole = whole * 10 + (*p - '0');
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p) && decimals < 3; p++, decimals++)
			frac = frac * 10 + (*p - '0');
	if (decimals > 2 || (*p && strcmp(p, "%")))
		goto bad;
	for (; decimals < 2; decimals++)
		frac *= 10;
	if (whole * 100 + frac > 10000)
		return clout_error_set(err, CLOUT_EINVAL, "commission: %s is more than 100%%", text);
	*out = (int32_t)(whole * 100 + frac);
	return 0;
bad:
	return clout_error_set(err, CLOUT_EINVAL, "commission: '%s' is not a percentage such as 10%% or 12.5%%", text);
}

/* Fills the money, guidelines and terms of c from in, checked; c->currency is the campaign's. */
static int contract_fill(clout_contract *c, const clout_contract_input *in, clout_error *err)
{
	int rc;
	char currency[4];
	int64_t day;
	if (in->currency && ((rc = campaign__currency(currency, in->currency, "currency", err)) < 0))
		return rc;
	if (in->currency && strcmp(currency, c->currency))
		return clout_error_set(err, CLOUT_EINVAL, "currency: the campaign is in %s, the contract in %s: amounts of "
			"one campaign are in one currency (no exchange rate is assumed)", c->currency, currency);
	if (in->status && !in_list(contract_statuses, in->status))
		return clout_error_set(err, CLOUT_EINVAL, "status: '%s' is not draft, sent, signed, active, completed or cancelled",
			in->status);
	if (in->payment_status && !in_list(payment_statuses, in->payment_status))
		return clout_error_set(err, CLOUT_EINVAL, "payment_status: '%s' is not unpaid, pending or paid", in->payment_status);
	if ((rc = campaign__amount(&c->flat_fee_minor, in->flat, c->currency, "flat", err)) < 0 ||
	    (rc = campaign__amount(&c->per_deliverable_minor, in->per_deliverable, c->currency, "per_deliverable", err)) < 0 ||
	    (rc = campaign__amount(&c->product_value_minor, in->product_value, c->currency, "product_value", err)) < 0 ||
	    (rc = commission_parse(&c->commission_bp, in->commission, err)) < 0)
		return rc;
	if ((rc = campaign__join(&c->dos, in->dos, in->dos_count, false, "dos", err)) < 0 ||
	    (rc = campaign__join(&c->donts, in->donts, in->donts_count, false, "donts", err)) < 0 ||
	    (rc = campaign__join(&c->hashtags, in->hashtags, in->hashtags_count, true, "hashtags", err)) < 0 ||
	    (rc = campaign__join(&c->exclusivity, in->competitors, in->competitors_count, false, "competitors", err)) < 0)
		return rc;
	if (in->exclusive_from && (rc = clout_campaign_day_parse(&day, in->exclusive_from, "exclusive_from", err)) < 0)
		return rc;
	c->exclusive_from = in->exclusive_from ? day : 0;
	if (in->exclusive_to && (rc = clout_campaign_day_parse(&day, in->exclusive_to, "exclusive_to", err)) < 0)
		return rc;
	c->exclusive_to = in->exclusive_to ? day : 0;
	if (c->exclusive_from && c->exclusive_to && c->exclusive_to < c->exclusive_from)
		return clout_error_set(err, CLOUT_EINVAL, "exclusive_to: the exclusivity ends before it starts");
	c->status = strdup(in->status ? in->status : "draft");
	c->payment_status = strdup(in->payment_status ? in->payment_status : "unpaid");
	c->product = in->product && *in->product ? strdup(in->product) : NULL;
	c->objectives = in->objectives && *in->objectives ? strdup(in->objectives) : NULL;
	c->disclosure = in->disclosure && *in->disclosure ? strdup(in->disclosure) : NULL;
	c->payment_terms = in->payment_terms && *in->payment_terms ? strdup(in->payment_terms) : NULL;
	if (!c->status || !c->payment_status || (in->product && *in->product && !c->product) ||
	    (in->objectives && *in->objectives && !c->objectives) || (in->disclosure && *in->disclosure && !c->disclosure) ||
	    (in->payment_terms && *in->payment_terms && !c->payment_terms))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	return 0;
}

int clout_contract_create(clout_contract *out, clout_session *s, const clout_contract_input *in)
{
	campaign_op op;
	clout_store *store;
	clout_error *err;
	clout_campaign camp;
	clout_contract c;
	int64_t person, id;
	int rc;
	memset(&c, 0, sizeof(c));
	if ((rc = campaign__start(&op, s)) < 0)
		return rc;
	store = op.store;
	err = op.err;
	if (!in || in->version != CLOUT_CONTRACT_INPUT_VERSION)
		return clout_error_set(err, CLOUT_EINVAL, "contract input of an unknown version");
	if ((rc = clout_campaign_get(&camp, s, in->campaign)) < 0)
		return rc;
	if ((rc = campaign__person(&person, store, op.ws, in->person, err)) < 0 ||
	    (rc = campaign__language_check(store, &camp, person, in->person, err)) < 0)
		goto done;
	memcpy(c.currency, camp.currency, sizeof(c.currency));
	c.campaign = (char *)in->campaign; /* borrowed for the messages; not released */
	c.person = (char *)in->person;
	c.created_at = campaign__now();
	rc = contract_fill(&c, in, err);
	c.campaign = c.person = NULL;
	if (rc < 0)
		goto done;
	if ((rc = clout_store_begin(store, err)) < 0)
		goto done;
	rc = clout__store_member_put(store, camp.id, person, "hand", -1, -1, c.created_at, err);
	if (rc >= 0) {
		c.campaign = (char *)in->campaign;
		c.person = (char *)in->person;
		rc = clout__store_contract_insert(store, camp.id, person, &c, &id, err);
		c.campaign = c.person = NULL;
	}
	if (rc < 0) {
		clout_store_rollback(store);
		goto done;
	}
	if ((rc = clout_store_commit(store, err)) < 0)
		goto done;
	if (out)
		rc = clout_contract_get(out, s, in->campaign, in->person);
done:
	clout_contract_release(&c);
	clout_campaign_release(&camp);
	return rc;
}

int clout_contract_list(clout_contract **out, size_t *count, clout_session *s, const char *campaign,
	const char *person)
{
	int64_t campaign_id = 0, person_id = 0;
	campaign_op op;
	int rc;
	*out = NULL;
	*count = 0;
	if ((rc = campaign__start(&op, s)) < 0)
		return rc;
	if (campaign) {
		clout_campaign c;
		if ((rc = clout_campaign_get(&c, s, campaign)) < 0)
			return rc;
		campaign_id = c.id;
		clout_campaign_release(&c);
	}
	if (person && (rc = campaign__person(&person_id, op.store, op.ws, person, op.err)) < 0)
		return rc;
	return clout__store_contracts(op.store, op.ws, campaign_id, person_id, out, count, op.err);
}

int clout_contract_get(clout_contract *out, clout_session *s, const char *campaign, const char *person)
{
	clout_contract *arr;
	size_t n;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = clout_contract_list(&arr, &n, s, campaign, person)) < 0)
		return rc;
	if (n == 0) {
		free(arr);
		return clout_error_set(clout_session_err(s), CLOUT_ENOTFOUND, "'%s' has no contract on '%s'", person, campaign);
	}
	*out = arr[0];
	for (size_t i = 1; i < n; i++)
		clout_contract_release(&arr[i]);
	free(arr);
	return 0;
}

int clout_contract_set_status(clout_session *s, const char *campaign, const char *person, const char *status,
	const char *payment_status)
{
	campaign_op op;
	clout_error *err;
	clout_contract c;
	clout_campaign camp;
	int64_t person_id;
	int rc;
	if ((rc = campaign__start(&op, s)) < 0)
		return rc;
	err = op.err;
	if (!in_list(contract_statuses, status))
		return clout_error_set(err, CLOUT_EINVAL, "status: '%s' is not draft, sent, signed, active, completed or cancelled",
			status ? status : "");
	if (payment_status && !in_list(payment_statuses, payment_status))
		return clout_error_set(err, CLOUT_EINVAL, "payment_status: '%s' is not unpaid, pending or paid", payment_status);
	if ((rc = clout_contract_get(&c, s, campaign, person)) < 0)
		return rc;
	clout_contract_release(&c);
	if ((rc = clout_campaign_get(&camp, s, campaign)) < 0)
		return rc;
	if ((rc = campaign__person(&person_id, op.store, op.ws, person, err)) == 0)
		rc = clout__store_contract_status(op.store, camp.id, person_id, status, payment_status, err);
	clout_campaign_release(&camp);
	return rc < 0 ? rc : 0;
}

/* ---- Deliverables and their checks ---- */

/* Whether text holds #tag as a hashtag (followed by a character that cannot continue it), without
 * regard to ASCII case. */
static bool has_hashtag(const char *text, const char *tag)
{
	size_t n = strlen(tag);
	for (const char *p = text; (p = strchr(p, '#')) != NULL; p++) {
		if (strncasecmp(p + 1, tag, n))
			continue;
		/* matched n characters, so p[1 + n] is within the text (its NUL at worst) */
		unsigned char next = (unsigned char)p[1 + n];
		if (!isalnum(next) && next != '_')
			return true;
	}
	return false;
}

static bool has_text(const char *text, const char *needle)
{
	size_t n = strlen(needle);
	for (const char *p = text; *p; p++)
		if (!strncasecmp(p, needle, n))
			return true;
	return false;
}

int clout_deliverable_check_text(clout_deliverable_check *out, const clout_contract *contract, const char *text,
	bool sponsored, int64_t created_at, int64_t due_day, clout_error *err)
{
	clout_buf problems;
	int rc = 0;
	memset(out, 0, sizeof(*out));
	clout_buf_init(&problems, 64 * 1024);
	text = text ? text : "";
	out->checked = true;
	out->hashtags_ok = out->disclosure_ok = out->donts_ok = out->on_time = out->exclusivity_ok = true;
	for (const char *h = contract->hashtags; h && *h && rc >= 0;) {
		size_t n = strcspn(h, "\n");
		char tag[256];
		snprintf(tag, sizeof(tag), "%.*s", (int)(n < sizeof(tag) - 1 ? n : sizeof(tag) - 1), h);
		if (!has_hashtag(text, tag)) {
			out->hashtags_ok = false;
			rc = clout_buf_printf(&problems, "%smissing hashtag #%s", problems.len ? "; " : "", tag);
		}
		h += n + (h[n] == '\n');
	}
	if (rc >= 0 && contract->disclosure && !sponsored && !has_text(text, contract->disclosure)) {
		out->disclosure_ok = false;
		rc = clout_buf_printf(&problems, "%sno disclosure (%s)", problems.len ? "; " : "", contract->disclosure);
	}
	for (const char *w = contract->donts; w && *w && rc >= 0;) {
		size_t n = strcspn(w, "\n");
		char word[256];
		snprintf(word, sizeof(word), "%.*s", (int)(n < sizeof(word) - 1 ? n : sizeof(word) - 1), w);
		if (has_text(text, word)) {
			out->donts_ok = false;
			rc = clout_buf_printf(&problems, "%sdon't-word '%s'", problems.len ? "; " : "", word);
		}
		w += n + (w[n] == '\n');
	}
	bool exclusive = created_at == CLOUT_UNKNOWN || ((!contract->exclusive_from || created_at >= contract->exclusive_from) &&
		(!contract->exclusive_to || created_at < contract->exclusive_to + 86400));
	for (const char *w = exclusive ? contract->exclusivity : NULL; w && *w && rc >= 0;) {
		size_t n = strcspn(w, "\n");
		char name[256];
		snprintf(name, sizeof(name), "%.*s", (int)(n < sizeof(name) - 1 ? n : sizeof(name) - 1), w);
		if (has_text(text, name)) {
			out->exclusivity_ok = false;
			rc = clout_buf_printf(&problems, "%scompetitor '%s' named during the exclusivity", problems.len ? "; " : "",
				name);
		}
		w += n + (w[n] == '\n');
	}
	if (rc >= 0 && created_at != CLOUT_UNKNOWN && created_at >= due_day + 86400) {
		out->on_time = false;
		rc = clout_buf_printf(&problems, "%slate by %lld day(s)", problems.len ? "; " : "",
			(long long)((created_at - due_day) / 86400));
	}
	if (rc < 0) {
		clout_buf_release(&problems);
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	}
	out->problems = problems.len ? clout_buf_detach(&problems, NULL) : NULL;
	clout_buf_release(&problems);
	return 0;
}

/* Finds d's post (by "platform:ext_id" in post, else by d->url) and checks it against contract. */
static int deliverable_check(clout_store *store, int64_t workspace, const clout_contract *contract,
	clout_deliverable *d, const char *post, clout_error *err)
{
	clout__store_post_ref ref;
	int rc;
	free(d->check.problems);
	memset(&d->check, 0, sizeof(d->check));
	if (post) {
		char platform[64];
		const char *colon = strchr(post, ':');
		if (!colon || colon == post || (size_t)(colon - post) >= sizeof(platform) || !colon[1])
			return clout_error_set(err, CLOUT_EINVAL, "post: '%s' is not platform:id", post);
		snprintf(platform, sizeof(platform), "%.*s", (int)(colon - post), post);
		rc = clout__store_post_find(store, workspace, NULL, platform, colon + 1, &ref, err);
		if (rc == 0)
			return clout_error_set(err, CLOUT_ENOTFOUND, "post: no post %s in the store", post);
	} else if (d->url) {
		rc = clout__store_post_find(store, workspace, d->url, NULL, NULL, &ref, err);
	} else {
		rc = 0;
	}
	if (rc <= 0) {
		d->post_id = 0;
		return rc;
	}
	d->post_id = ref.id;
	rc = clout_deliverable_check_text(&d->check, contract, ref.text, ref.sponsored, ref.created_at, d->due_day, err);
	free(ref.text);
	/* a post found is a published deliverable; one that came after its due day is late */
	if (rc == 0 && (!strcmp(d->status, "draft") || !strcmp(d->status, "submitted") || !strcmp(d->status, "approved") ||
		!strcmp(d->status, "published") || !strcmp(d->status, "late"))) {
		char *status = strdup(d->check.on_time ? "published" : "late");
		if (!status)
			return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		free(d->status);
		d->status = status;
	}
	return rc;
}

static int replace(char **field, const char *value, clout_error *err)
{
	char *copy = value && *value ? strdup(value) : NULL;
	if (value && *value && !copy)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	free(*field);
	*field = copy;
	return 0;
}

/* Applies the non-NULL fields of in to d, checked. */
static int deliverable_apply(clout_deliverable *d, const clout_deliverable_input *in, clout_error *err)
{
	int rc;
	if (in->platform) {
		for (const char *p = in->platform; *p; p++)
			if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p))
				return clout_error_set(err, CLOUT_EINVAL, "platform: '%s' is not a platform name (lower case)", in->platform);
		if (!*in->platform)
			return clout_error_set(err, CLOUT_EINVAL, "platform: empty");
	}
	if (in->format && !in_list(formats, in->format))
		return clout_error_set(err, CLOUT_EINVAL, "format: '%s' is not post, story, reel, video, live, short, thread or "
			"article", in->format);
	if (in->status && !in_list(deliverable_statuses, in->status))
		return clout_error_set(err, CLOUT_EINVAL, "status: '%s' is not draft, submitted, approved, published or late",
			in->status);
	if (in->url && *in->url && strncmp(in->url, "http://", 7) && strncmp(in->url, "https://", 8))
		return clout_error_set(err, CLOUT_EINVAL, "url: '%s' is not an http(s) URL", in->url);
	if (in->due && (rc = clout_campaign_day_parse(&d->due_day, in->due, "due", err)) < 0)
		return rc;
	if ((in->platform && (rc = replace(&d->platform, in->platform, err)) < 0) ||
	    (in->format && (rc = replace(&d->format, in->format, err)) < 0) ||
	    (in->status && (rc = replace(&d->status, in->status, err)) < 0) ||
	    (in->url && (rc = replace(&d->url, in->url, err)) < 0))
		return rc;
	return 0;
}

static int deliverable_copy(clout_deliverable *out, const clout_deliverable *d, clout_error *err)
{
	memset(out, 0, sizeof(*out));
	*out = *d;
	out->platform = strdup(d->platform);
	out->format = strdup(d->format);
	out->status = strdup(d->status);
	out->url = d->url ? strdup(d->url) : NULL;
	out->check.problems = d->check.problems ? strdup(d->check.problems) : NULL;
	if (!out->platform || !out->format || !out->status || (d->url && !out->url) ||
	    (d->check.problems && !out->check.problems)) {
		clout_deliverable_release(out);
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	}
	return 0;
}

int clout_deliverable_add(clout_deliverable *out, clout_session *s, const char *campaign, const char *person,
	const clout_deliverable_input *in)
{
	campaign_op op;
	clout_error *err;
	clout_contract c;
	clout_deliverable d;
	int rc;
	memset(&d, 0, sizeof(d));
	if ((rc = campaign__start(&op, s)) < 0)
		return rc;
	err = op.err;
	if (!in || in->version != CLOUT_DELIVERABLE_INPUT_VERSION)
		return clout_error_set(err, CLOUT_EINVAL, "deliverable input of an unknown version");
	if (!in->platform || !in->format || !in->due)
		return clout_error_set(err, CLOUT_EINVAL, "%s: a deliverable needs one",
			!in->platform ? "platform" : !in->format ? "format" : "due");
	if ((rc = clout_contract_get(&c, s, campaign, person)) < 0)
		return rc;
	if (!(d.status = strdup("draft"))) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = deliverable_apply(&d, in, err)) < 0 || (rc = deliverable_check(op.store, op.ws, &c, &d, in->post, err)) < 0 ||
	    (rc = clout__store_deliverable_insert(op.store, c.id, &d, campaign__now(), &d.id, err)) < 0)
		goto done;
	if (out)
		rc = deliverable_copy(out, &d, err);
done:
	clout_deliverable_release(&d);
	clout_contract_release(&c);
	return rc;
}

int clout_deliverable_update(clout_deliverable *out, clout_session *s, int64_t id, const clout_deliverable_input *in)
{
	campaign_op op;
	clout_store *store;
	clout_error *err;
	int64_t workspace;
	clout_deliverable d;
	clout_contract *contracts = NULL, *contract = NULL;
	size_t n = 0;
	int64_t contract_id;
	int rc;
	if ((rc = campaign__start(&op, s)) < 0)
		return rc;
	store = op.store;
	err = op.err;
	workspace = op.ws;
	if (!in || in->version != CLOUT_DELIVERABLE_INPUT_VERSION)
		return clout_error_set(err, CLOUT_EINVAL, "deliverable input of an unknown version");
	if ((rc = clout__store_deliverable_get(store, workspace, id, &d, &contract_id, err)) < 0)
		return rc;
	if (rc == 0)
		return clout_error_set(err, CLOUT_ENOTFOUND, "no deliverable %lld", (long long)id);
	if ((rc = clout__store_contracts(store, workspace, 0, 0, &contracts, &n, err)) < 0)
		goto done;
	for (size_t i = 0; i < n; i++)
		if (contracts[i].id == contract_id)
			contract = &contracts[i];
	if (!contract) {
		rc = clout_error_set(err, CLOUT_EINTERNAL, "deliverable %lld has no contract", (long long)id);
		goto done;
	}
	if ((rc = deliverable_apply(&d, in, err)) < 0 || (rc = deliverable_check(store, workspace, contract, &d, in->post, err)) < 0 ||
	    (rc = clout__store_deliverable_update(store, &d, err)) < 0)
		goto done;
	if (out)
		rc = deliverable_copy(out, &d, err);
done:
	for (size_t i = 0; i < n; i++)
		clout_contract_release(&contracts[i]);
	free(contracts);
	clout_deliverable_release(&d);
	return rc;
}

/* ---- JSON ---- */

/* A '\n'-separated list as a JSON array of strings (empty when NULL). */
static json_t *list_json(const char *list, bool hashtags)
{
	json_t *a = json_array();
	for (const char *p = list; a && p && *p;) {
		size_t n = strcspn(p, "\n");
		char item[512];
		snprintf(item, sizeof(item), "%s%.*s", hashtags ? "#" : "", (int)(n < 500 ? n : 500), p);
		json_array_append_new(a, json_string(item));
		p += n + (p[n] == '\n');
	}
	return a;
}

static json_t *deliverable_doc(const clout_deliverable *d)
{
	char due[16];
	json_t *check = d->check.checked ? json_pack("{s:b,s:b,s:b,s:b,s:b,s:s?}", "hashtags_ok", d->check.hashtags_ok,
		"disclosure_ok", d->check.disclosure_ok, "donts_ok", d->check.donts_ok, "exclusivity_ok",
		d->check.exclusivity_ok, "on_time", d->check.on_time, "problems", d->check.problems) : json_null();
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s?,s:o,s:o}", "id", (json_int_t)d->id, "platform", d->platform, "format",
		d->format, "due", clout_campaign_day_format(due, sizeof(due), d->due_day), "status", d->status, "url", d->url,
		"post_id", d->post_id ? json_integer(d->post_id) : json_null(), "check", check ? check : json_null());
}

char *clout_deliverable_json(const clout_deliverable *d)
{
	char *text = NULL;
	json_t *doc = deliverable_doc(d);
	clout_json_finish(&text, doc, doc == NULL, 0, NULL);
	return text;
}

char *clout_contract_json(const clout_contract *c)
{
	char flat[40], per[40], value[40], commission[16], from[16], to[16];
	json_t *deliverables = json_array(), *doc;
	char *text = NULL;
	for (size_t i = 0; deliverables && i < c->deliverable_count; i++)
		json_array_append_new(deliverables, deliverable_doc(&c->deliverables[i]));
	snprintf(commission, sizeof(commission), "%d.%02d%%", c->commission_bp / 100, c->commission_bp % 100);
	doc = json_pack("{s:I,s:s,s:s,s:s?,s:s,s:s,s:s,s:s,s:s,s:s?,s:s,s:s?,s:{s:o,s:o,s:o,s:s?},s:{s:o,s:s?,s:s?},"
		"s:{s:s?,s:s},s:o}",
		"id", (json_int_t)c->id, "campaign", c->campaign, "person", c->person, "person_name", c->person_name, "status",
		c->status, "currency", c->currency, "flat_fee", clout_convert_money_format(flat, sizeof(flat), c->flat_fee_minor,
		c->currency), "per_deliverable_fee", clout_convert_money_format(per, sizeof(per), c->per_deliverable_minor,
		c->currency), "commission", commission, "product", c->product, "product_value",
		clout_convert_money_format(value, sizeof(value), c->product_value_minor, c->currency), "objectives", c->objectives,
		"guidelines", "dos", list_json(c->dos, false), "donts", list_json(c->donts, false), "hashtags",
		list_json(c->hashtags, true), "disclosure", c->disclosure,
		"exclusivity", "competitors", list_json(c->exclusivity, false), "from",
		c->exclusive_from ? clout_campaign_day_format(from, sizeof(from), c->exclusive_from) : NULL, "to",
		c->exclusive_to ? clout_campaign_day_format(to, sizeof(to), c->exclusive_to) : NULL,
		"payment", "terms", c->payment_terms, "status", c->payment_status,
		"deliverables", deliverables ? deliverables : json_null());
	clout_json_finish(&text, doc, doc == NULL, 0, NULL);
	return text;
}
