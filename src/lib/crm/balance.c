/*
 * balance.c: the engagement balance sheet of a person: what the workspace gave (the interaction
 * log's values by kind) against what it received (earned mentions, reach and engagements of the
 * person's accounts, their posts that listening matched, and the clicks, conversions and revenue of
 * the links and promo codes made for those accounts), in one currency. Amounts in other currencies are listed beside it, never added.
 */
#include <stdlib.h>
#include <string.h>

#include "clout/convert.h"
#include "lib/crm/internal.h"
#include "lib/store/campaign.h"
#include "lib/store/crm.h"
#include "util/banned.h"
#include "util/json_out.h"

typedef struct balance_ctx {
	clout_crm_balance *b;
	int rc;
} balance_ctx;

/* Adds minor of currency to the other-currency list. */
static int add_other(clout_crm_balance *b, const char *currency, bool given, int64_t minor)
{
	clout_crm_amount *grown;
	for (size_t i = 0; i < b->nother; i++)
		if (b->other[i].given == given && !strcmp(b->other[i].currency, currency)) {
			b->other[i].minor += minor;
			return 0;
		}
	if (!(grown = realloc(b->other, (b->nother + 1) * sizeof(*grown))))
		return CLOUT_ENOMEM;
	b->other = grown;
	memset(&grown[b->nother], 0, sizeof(*grown));
	memcpy(grown[b->nother].currency, currency, 3);
	grown[b->nother].given = given;
	grown[b->nother].minor = minor;
	b->nother++;
	return 0;
}

static int on_interaction(void *ctx, const clout_crm_interaction *r)
{
	balance_ctx *c = ctx;
	clout_crm_balance *b = c->b;
	bool given = !strcmp(r->direction, "given");
	bool amplification = !strcmp(r->kind, "like") || !strcmp(r->kind, "share") || !strcmp(r->kind, "reply") ||
		!strcmp(r->kind, "thanks");
	bool gift = !strcmp(r->kind, "gift") || !strcmp(r->kind, "sample");
	int64_t v;
	if (!given)
		b->mentions++;
	if (amplification)
		b->amplification_count++;
	if (gift)
		b->gift_count++;
	if (r->value_minor < 0 || !r->currency)
		return 0;
	if (strcmp(r->currency, b->currency))
		return add_other(b, r->currency, given, r->value_minor);
	v = r->value_minor;
	if (!given)
		b->mention_value += v;
	else if (!strcmp(r->kind, "payment"))
		b->payments_logged += v;
	else if (gift)
		b->gifts += v;
	else if (!strcmp(r->kind, "private_access"))
		b->private_access += v;
	else if (amplification)
		b->amplification += v;
	else
		b->other_given += v;
	return 0;
}

/*
 * The fees: the agreed compensation of the person's contracts (flat + per deliverable x deliverables
 * + product value) beside the payments logged. The payments go first to the contracts marked paid
 * (whose fee is paid whatever was logged); what is left over was paid on the others, and reduces
 * what is still due on them.
 */
static int add_contracts(clout_crm_balance *b, crm_op *op, int64_t person)
{
	clout_contract *all = NULL;
	int64_t agreed_paid = 0, agreed_open = 0, left;
	size_t n = 0;
	int rc;
	if ((rc = clout__store_contracts(op->store, op->ws, 0, person, &all, &n, op->err)) < 0)
		return rc;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const clout_contract *k = &all[i];
		int64_t agreed = k->flat_fee_minor + k->per_deliverable_minor * (int64_t)k->deliverable_count +
			k->product_value_minor;
		if (strcmp(k->currency, b->currency)) {
			if (add_other(b, k->currency, true, agreed) < 0)
				rc = clout_error_set(op->err, CLOUT_ENOMEM, "balance: out of memory");
			continue;
		}
		b->contracts++;
		if (!strcmp(k->payment_status, "paid"))
			agreed_paid += agreed;
		else
			agreed_open += agreed;
	}
	for (size_t i = 0; i < n; i++)
		clout_contract_release(&all[i]);
	free(all);
	left = b->payments_logged > agreed_paid ? b->payments_logged - agreed_paid : 0;
	b->fees_paid = agreed_paid + left;
	b->fees_due = agreed_open > left ? agreed_open - left : 0;
	b->fees = b->fees_paid + b->fees_due;
	return rc;
}

/* Adds the link report of one handle (clicks, conversions, revenue) to b. */
static int add_tracking(clout_crm_balance *b, crm_op *op, const char *handle)
{
	clout_convert_report_options opts = CLOUT_CONVERT_REPORT_OPTIONS_INIT;
	clout_convert_report r = { 0 };
	int rc;
	opts.group = CLOUT_GROUP_INFLUENCER;
	opts.influencer = handle;
	if ((rc = clout_convert_report_build(&r, op->s, &opts)) < 0)
		return rc;
	for (size_t i = 0; i < r.count && rc == 0; i++) {
		const clout_convert_report_row *row = &r.rows[i];
		b->clicks += row->clicks;
		b->conversions += row->conversions;
		for (size_t j = 0; j < row->revenue_count && rc == 0; j++) {
			if (!strcmp(row->revenue[j].currency, b->currency))
				b->revenue += row->revenue[j].net_minor;
			else if (add_other(b, row->revenue[j].currency, false, row->revenue[j].net_minor) < 0)
				rc = clout_error_set(op->err, CLOUT_ENOMEM, "balance: out of memory");
		}
	}
	clout_convert_report_release(&r);
	return rc;
}

int clout_crm_balance_get(clout_crm_balance *out, clout_session *s, const char *name, const char *currency)
{
	clout_crm_person p = { 0 };
	balance_ctx ctx = { out, 0 };
	crm_op op;
	int64_t id;
	int rc;
	memset(out, 0, sizeof(*out));
	out->ratio = -1;
	if ((rc = crm_op_start(&op, s)) < 0)
		return rc;
	if (currency) {
		if ((rc = crm_currency(out->currency, currency, op.err)) < 0)
			return rc;
	} else {
		if ((rc = clout__store_workspace_currency(op.store, op.ws, out->currency, op.err)) < 0)
			return rc;
		if (!out->currency[0])
			return clout_error_set(op.err, CLOUT_EINVAL,
				"currency: the workspace has none (clout crm currency CODE) and none was given");
	}
	if ((rc = crm_person_id(&op, name, &id)) < 0 || (rc = clout__store_person_read(op.store, op.ws, id, &p, op.err)) < 0)
		goto done;
	if ((rc = clout__store_interaction_foreach(op.store, op.ws, id, on_interaction, &ctx, op.err)) < 0)
		goto done;
	if (rc > 0 || ctx.rc < 0) {
		rc = clout_error_set(op.err, CLOUT_ENOMEM, "balance: out of memory");
		goto done;
	}
	if ((rc = add_contracts(out, &op, id)) < 0)
		goto done;
	if ((rc = clout__store_person_reach(op.store, id, &out->reach, &out->posts, &out->engagements, op.err)) < 0 ||
		(rc = clout__store_person_listened(op.store, op.ws, id, &out->listened_mentions, op.err)) < 0)
		goto done;
	for (size_t i = 0; i < p.naccounts && rc == 0; i++)
		if (p.accounts[i].handle)
			rc = add_tracking(out, &op, p.accounts[i].handle);
	out->given_total = out->fees + out->gifts + out->private_access + out->amplification + out->other_given;
	out->received_total = out->revenue + out->mention_value;
	if (out->given_total > 0)
		out->ratio = (double)out->received_total / (double)out->given_total;
done:
	clout_crm_person_release(&p);
	if (rc < 0)
		clout_crm_balance_release(out);
	return rc < 0 ? rc : 0;
}

void clout_crm_balance_release(clout_crm_balance *b)
{
	if (!b)
		return;
	free(b->other);
	b->other = NULL;
	b->nother = 0;
}

/* An amount as a decimal string of currency. */
static json_t *money_json(int64_t minor, const char *currency)
{
	char text[48];
	return json_string(clout_convert_money_format(text, sizeof(text), minor, currency));
}

char *clout_crm_balance_json(const clout_crm_balance *b)
{
	json_t *doc = json_object(), *given = json_object(), *received = json_object(), *other = json_array();
	const char *c = b->currency;
	char *out = NULL;
	int failed = !doc || !given || !received || !other;
	if (!failed) {
		failed |= clout_json_set(given, "fees", money_json(b->fees, c)) |
			clout_json_set(given, "fees_paid", money_json(b->fees_paid, c)) |
			clout_json_set(given, "fees_due", money_json(b->fees_due, c)) |
			clout_json_set(given, "payments_logged", money_json(b->payments_logged, c)) |
			clout_json_set(given, "contracts", clout_json_int(b->contracts)) |
			clout_json_set(given, "gifts", money_json(b->gifts, c)) |
			clout_json_set(given, "gift_count", clout_json_int(b->gift_count)) |
			clout_json_set(given, "private_access", money_json(b->private_access, c)) |
			clout_json_set(given, "amplification", money_json(b->amplification, c)) |
			clout_json_set(given, "amplification_count", clout_json_int(b->amplification_count)) |
			clout_json_set(given, "other", money_json(b->other_given, c)) |
			clout_json_set(given, "total", money_json(b->given_total, c));
		failed |= clout_json_set(received, "mentions", clout_json_int(b->mentions)) |
			clout_json_set(received, "listened_mentions", clout_json_int(b->listened_mentions)) |
			clout_json_set(received, "mention_value", money_json(b->mention_value, c)) |
			clout_json_set(received, "reach", clout_json_int(b->reach)) |
			clout_json_set(received, "posts", clout_json_int(b->posts)) |
			clout_json_set(received, "engagements", clout_json_int(b->engagements)) |
			clout_json_set(received, "clicks", clout_json_int(b->clicks)) |
			clout_json_set(received, "conversions", clout_json_fixed(b->conversions, 4)) |
			clout_json_set(received, "revenue", money_json(b->revenue, c)) |
			clout_json_set(received, "total", money_json(b->received_total, c));
		for (size_t i = 0; i < b->nother && !failed; i++) {
			json_t *o = json_object();
			if (!o || json_array_append_new(other, o) < 0) {
				json_decref(o);
				failed = 1;
				break;
			}
			failed |= clout_json_set(o, "currency", json_string(b->other[i].currency)) |
				clout_json_set(o, "direction", json_string(b->other[i].given ? "given" : "received")) |
				clout_json_set(o, "amount", money_json(b->other[i].minor, b->other[i].currency));
		}
		failed |= clout_json_set(doc, "currency", json_string(c));
		failed |= clout_json_set(doc, "given", given);
		failed |= clout_json_set(doc, "received", received);
		failed |= clout_json_set(doc, "ratio", b->ratio < 0 ? json_null() : clout_json_fixed(b->ratio, 4));
		failed |= clout_json_set(doc, "other_currencies", other);
	} else {
		json_decref(given);
		json_decref(received);
		json_decref(other);
	}
	if (clout_json_finish(&out, doc, failed, 0, NULL) < 0)
		return NULL;
	return out;
}
