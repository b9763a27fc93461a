/*
 * json.c: the JSON writer of campaign and person reports (see clout/report.h and
 * docs/formats.md): money as decimal strings in the report's currency, ratios as numbers, unknown
 * figures as null.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "clout/campaign.h"
#include "clout/report.h"
#include "util/json_out.h"
#include "util/banned.h"

static json_t *money(int64_t minor, const char *currency, bool known)
{
	char text[40];
	return known ? json_string(clout_convert_money_format(text, sizeof(text), minor, currency)) : json_null();
}

static json_t *count(int64_t v)
{
	return v >= 0 ? json_integer(v) : json_null();
}

static json_t *figures_json(const clout_report_figures *f, const char *cur)
{
	json_t *o = json_object();
	int bad = !o;
	if (!bad)
		bad = clout_json_set(o, "reach", count(f->reach)) | clout_json_set(o, "impressions", count(f->impressions)) |
		      clout_json_set(o, "engagements", count(f->engagements)) |
		      clout_json_set(o, "engagement_rate", clout_json_sig(f->engagement_rate, 6)) |
		      clout_json_set(o, "clicks", json_integer(f->clicks)) | clout_json_set(o, "ctr", clout_json_sig(f->ctr, 6)) |
		      clout_json_set(o, "conversions", clout_json_sig(f->conversions, 9)) |
		      clout_json_set(o, "conversion_rate", clout_json_sig(f->conversion_rate, 6)) |
		      clout_json_set(o, "revenue", money(f->revenue_minor, cur, true)) |
		      clout_json_set(o, "cost", json_pack("{s:o,s:o,s:o,s:o}", "fees", money(f->fees_minor, cur, true), "gifts",
			      money(f->gifts_minor, cur, true), "commission", money(f->commission_minor, cur, true), "total",
			      money(f->cost_minor, cur, true))) |
		      clout_json_set(o, "roi", clout_json_sig(f->roi, 6)) |
		      clout_json_set(o, "extended_revenue", money(f->extended_revenue_minor, cur, f->extended_revenue_minor >= 0)) |
		      clout_json_set(o, "roi_extended", clout_json_sig(f->roi_extended, 6)) |
		      clout_json_set(o, "cpe", money(f->cpe_minor, cur, f->cpe_minor >= 0)) |
		      clout_json_set(o, "cpm", money(f->cpm_minor, cur, f->cpm_minor >= 0)) |
		      clout_json_set(o, "cpc", money(f->cpc_minor, cur, f->cpc_minor >= 0)) |
		      clout_json_set(o, "cpa", money(f->cpa_minor, cur, f->cpa_minor >= 0));
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *row_json(const clout_report_row *row, const char *cur)
{
	const char *kind = row->withheld ? "withheld" : row->unassigned ? "unassigned" : "member";
	json_t *plan = row->planned_gain >= 0 || row->planned_cost >= 0
		? json_pack("{s:o,s:o}", "marginal_gain", row->planned_gain >= 0 ? clout_json_sig(row->planned_gain, 6) : json_null(),
			"cost", row->planned_cost >= 0 ? clout_json_sig(row->planned_cost, 6) : json_null())
		: json_null();
	return json_pack("{s:s,s:s?,s:s?,s:o,s:o}", "row", kind, "name", row->key, "handles", row->handles, "plan",
		plan ? plan : json_null(), "figures", figures_json(&row->f, cur));
}

static json_t *listening_json(const clout_report_listening *l)
{
	if (!l->known)
		return json_null();
	return json_pack("{s:I,s:I,s:I,s:I,s:o,s:o,s:I,s:I,s:I}", "mentions", (json_int_t)l->mentions, "positive",
		(json_int_t)l->positive, "neutral", (json_int_t)l->neutral, "negative", (json_int_t)l->negative,
		"net_sentiment", clout_json_sig(l->net_sentiment, 6), "share_of_voice", clout_json_sig(l->share_of_voice, 6),
		"competitor_mentions", (json_int_t)l->competitor_mentions, "competitor_rules", (json_int_t)l->competitors,
		"reach", (json_int_t)l->reach);
}

static json_t *kpi_json(const clout_report_kpi *k)
{
	char deadline[16];
	return json_pack("{s:s,s:s,s:o,s:s,s:s}", "metric", k->metric, "target", k->target, "actual",
		clout_json_sig(k->actual, 9), "deadline", clout_campaign_day_format(deadline, sizeof(deadline), k->deadline),
		"status", clout_report_kpi_status_name(k->status));
}

/* campaign reports: [{"day", "clicks", "conversions", "revenue"}]; person reports: null */
static json_t *daily_json(const clout_report *r)
{
	json_t *a;
	if (strcmp(r->kind, "campaign"))
		return json_null();
	a = json_array();
	for (size_t i = 0; a && i < r->day_count; i++) {
		const clout_report_day *d = &r->days[i];
		char day[16];
		if (json_array_append_new(a, json_pack("{s:s,s:I,s:o,s:o}", "day", clout_campaign_day_format(day, sizeof(day),
			d->day), "clicks", (json_int_t)d->clicks, "conversions", clout_json_sig(d->conversions, 9), "revenue",
			money(d->revenue_minor, r->currency, true))) < 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

char *clout_report_json(const clout_report *r)
{
	char start[16], end[16], as_of[16], budget[40], ltv[40];
	json_t *rows = json_array(), *kpis = json_array(), *doc = NULL, *forecast, *listening, *daily;
	char *text = NULL;
	for (size_t i = 0; rows && i < r->count; i++)
		json_array_append_new(rows, row_json(&r->rows[i], r->currency));
	for (size_t i = 0; kpis && i < r->kpi_count; i++)
		json_array_append_new(kpis, kpi_json(&r->kpis[i]));
	forecast = r->forecast ? json_loads(r->forecast, 0, NULL) : NULL;
	listening = listening_json(&r->listening);
	daily = daily_json(r);
	if (r->lifetime_value_minor >= 0)
		clout_convert_money_format(ltv, sizeof(ltv), r->lifetime_value_minor, r->currency);
	if (r->budget_minor >= 0)
		clout_convert_money_format(budget, sizeof(budget), r->budget_minor, r->currency);
	if (rows && kpis && daily)
		doc = json_pack("{s:s,s:s,s:b,s:s?,s:s?,s:s?,s:s,s:s,s:s?,s:s?,s:s,s:o,s:o,s:o,s:o,s:o,s:o}", "kind", r->kind,
			!strcmp(r->kind, "campaign") ? "campaign" : "person", r->subject, "shared", r->shared, "currency",
			r->currency[0] ? r->currency : NULL, "start", r->start_day ? clout_campaign_day_format(start, sizeof(start),
			r->start_day) : NULL, "end", r->end_day ? clout_campaign_day_format(end, sizeof(end), r->end_day) : NULL,
			"as_of", clout_campaign_day_format(as_of, sizeof(as_of), r->as_of_day), "model",
			clout_convert_model_name(r->model), "budget", r->budget_minor >= 0 ? budget : NULL, "lifetime_value",
			r->lifetime_value_minor >= 0 ? ltv : NULL, "attribution_note",
			"conversions are credited to the campaign's tracking links and promo codes by click id, code or the "
			"customer's clicks; bots, previews and prefetches are not clicks",
			"totals", figures_json(&r->total, r->currency[0] ? r->currency : "EUR"), "kpis", kpis, "rows", rows,
			"forecast", forecast ? forecast : json_null(), "listening", listening ? listening : json_null(), "daily",
			daily);
	if (!doc) {
		json_decref(rows);
		json_decref(kpis);
		json_decref(daily);
		json_decref(forecast);
		json_decref(listening);
	}
	clout_json_finish(&text, doc, doc == NULL, 0, NULL);
	return text;
}
