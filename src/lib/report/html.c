/*
 * html.c: the printable report (clout_report_html, docs/campaigns.md): one self-contained HTML
 * file with the report's tables as plain HTML (printable without JavaScript), the report JSON
 * (with its series per day) in a <script type="application/json" id="report"> element, and the
 * charts' script and style sheet (web/src/report.js with uPlot, html_assets.h) inlined, so it
 * opens with no network.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clout/campaign.h"
#include "clout/report.h"
#include "lib/report/html_assets.h"
#include "util/buf.h"
#include "util/banned.h"

static int put_escaped(clout_buf *b, const char *s)
{
	int rc = 0;
	for (; s && *s && rc == 0; s++) {
		switch (*s) {
		case '&': rc = clout_buf_puts(b, "&amp;"); break;
		case '<': rc = clout_buf_puts(b, "&lt;"); break;
		case '>': rc = clout_buf_puts(b, "&gt;"); break;
		case '"': rc = clout_buf_puts(b, "&quot;"); break;
		case '\'': rc = clout_buf_puts(b, "&#39;"); break;
		default: rc = clout_buf_putc(b, *s);
		}
	}
	return rc;
}

/* JSON inside <script>: <, > and & as \u escapes, so no "</script" or "<!--" can appear. */
static int put_json(clout_buf *b, const char *s)
{
	int rc = 0;
	for (; *s && rc == 0; s++)
		rc = *s == '<' ? clout_buf_puts(b, "\\u003c") : *s == '>' ? clout_buf_puts(b, "\\u003e")
			: *s == '&' ? clout_buf_puts(b, "\\u0026") : clout_buf_putc(b, *s);
	return rc;
}

static const char *money(char *text, size_t size, int64_t minor, const char *cur, bool known)
{
	return known ? clout_convert_money_format(text, size, minor, cur) : "unknown";
}

static const char *count(char *text, size_t size, int64_t v)
{
	if (v < 0)
		return "unknown";
	snprintf(text, size, "%lld", (long long)v);
	return text;
}

static const char *ratio(char *text, size_t size, double v, bool percent)
{
	if (isnan(v))
		return "unknown";
	snprintf(text, size, percent ? "%.2f%%" : "%.4g", percent ? v * 100 : v);
	return text;
}

/* <tr><th>label</th><td class="n">value</td></tr> */
static int line(clout_buf *b, const char *label, const char *value)
{
	return clout_buf_printf(b, "<tr><th>%s</th><td class=\"n\">", label) | put_escaped(b, value) |
	       clout_buf_puts(b, "</td></tr>\n");
}

static int totals(clout_buf *b, const clout_report *r)
{
	const clout_report_figures *f = &r->total;
	const char *c = r->currency[0] ? r->currency : "EUR";
	char t[64];
	int rc = clout_buf_printf(b, "<h2>Totals (%s)</h2>\n<table class=\"totals\">\n", c);
	rc |= line(b, "reach", count(t, sizeof(t), f->reach)) | line(b, "impressions", count(t, sizeof(t), f->impressions)) |
	      line(b, "engagements", count(t, sizeof(t), f->engagements)) |
	      line(b, "engagement rate", ratio(t, sizeof(t), f->engagement_rate, true)) |
	      line(b, "clicks", count(t, sizeof(t), f->clicks)) | line(b, "CTR", ratio(t, sizeof(t), f->ctr, true)) |
	      line(b, "conversions", ratio(t, sizeof(t), f->conversions, false)) |
	      line(b, "conversion rate", ratio(t, sizeof(t), f->conversion_rate, true)) |
	      line(b, "revenue", money(t, sizeof(t), f->revenue_minor, c, true)) |
	      line(b, "fees", money(t, sizeof(t), f->fees_minor, c, true)) |
	      line(b, "gifts", money(t, sizeof(t), f->gifts_minor, c, true)) |
	      line(b, "commission", money(t, sizeof(t), f->commission_minor, c, true)) |
	      line(b, "cost", money(t, sizeof(t), f->cost_minor, c, true)) | line(b, "ROI", ratio(t, sizeof(t), f->roi, false)) |
	      line(b, "extended ROI", ratio(t, sizeof(t), f->roi_extended, false)) |
	      line(b, "CPE", money(t, sizeof(t), f->cpe_minor, c, f->cpe_minor >= 0)) |
	      line(b, "CPM", money(t, sizeof(t), f->cpm_minor, c, f->cpm_minor >= 0)) |
	      line(b, "CPC", money(t, sizeof(t), f->cpc_minor, c, f->cpc_minor >= 0)) |
	      line(b, "CPA", money(t, sizeof(t), f->cpa_minor, c, f->cpa_minor >= 0));
	return rc | clout_buf_puts(b, "</table>\n");
}

static int kpis(clout_buf *b, const clout_report *r)
{
	char actual[64], day[16];
	int rc;
	if (!r->kpi_count)
		return 0;
	rc = clout_buf_puts(b, "<h2>KPIs</h2>\n<table class=\"kpis\">\n<tr><th>metric</th><th class=\"n\">target</th>"
			       "<th class=\"n\">actual</th><th>deadline</th><th>status</th></tr>\n");
	for (size_t i = 0; i < r->kpi_count && rc == 0; i++) {
		const clout_report_kpi *k = &r->kpis[i];
		const char *status = clout_report_kpi_status_name(k->status);
		rc = clout_buf_puts(b, "<tr><td>") | put_escaped(b, k->metric) | clout_buf_puts(b, "</td><td class=\"n\">") |
		     put_escaped(b, k->target) | clout_buf_puts(b, "</td><td class=\"n\">") |
		     put_escaped(b, ratio(actual, sizeof(actual), k->actual, false)) | clout_buf_puts(b, "</td><td>") |
		     put_escaped(b, clout_campaign_day_format(day, sizeof(day), k->deadline)) |
		     clout_buf_printf(b, "</td><td class=\"status-%s\">%s</td></tr>\n", status, status);
	}
	return rc | clout_buf_puts(b, "</table>\n<div id=\"chart-kpis\" class=\"chart\"></div>\n");
}

static int rows(clout_buf *b, const clout_report *r)
{
	const char *c = r->currency[0] ? r->currency : "EUR";
	char t[64];
	int rc = clout_buf_printf(b, "<h2>Per %s</h2>\n<table class=\"rows\">\n<tr><th>%s</th><th>handles</th>"
				  "<th class=\"n\">clicks</th><th class=\"n\">conversions</th><th class=\"n\">revenue</th>"
				  "<th class=\"n\">cost</th><th class=\"n\">ROI</th></tr>\n",
		!strcmp(r->kind, "person") ? "campaign" : "person", !strcmp(r->kind, "person") ? "campaign" : "person");
	for (size_t i = 0; i < r->count && rc == 0; i++) {
		const clout_report_row *row = &r->rows[i];
		rc = clout_buf_puts(b, "<tr><td>") |
		     put_escaped(b, row->withheld ? "withheld" : row->unassigned ? "not on the roster" : row->key) |
		     clout_buf_puts(b, "</td><td>") | put_escaped(b, row->withheld ? "" : row->handles) |
		     clout_buf_printf(b, "</td><td class=\"n\">%lld</td><td class=\"n\">", (long long)row->f.clicks) |
		     put_escaped(b, ratio(t, sizeof(t), row->f.conversions, false)) | clout_buf_puts(b, "</td><td class=\"n\">") |
		     put_escaped(b, money(t, sizeof(t), row->f.revenue_minor, c, true)) | clout_buf_puts(b, "</td><td class=\"n\">") |
		     put_escaped(b, money(t, sizeof(t), row->f.cost_minor, c, true)) | clout_buf_puts(b, "</td><td class=\"n\">") |
		     put_escaped(b, ratio(t, sizeof(t), row->f.roi, false)) | clout_buf_puts(b, "</td></tr>\n");
	}
	return rc | clout_buf_puts(b, "</table>\n<div id=\"chart-rows\"></div>\n");
}

/* the series per day: its span in words and the chart's place (campaign reports with clicks or orders) */
static int daily(clout_buf *b, const clout_report *r)
{
	char first[16], last[16];
	if (!r->day_count)
		return 0;
	return clout_buf_printf(b, "<h2>Per day</h2>\n<p class=\"meta\">%zu day%s with clicks or orders, %s to %s</p>\n"
				   "<div id=\"chart-daily\" class=\"chart\"></div>\n", r->day_count, r->day_count == 1 ? "" : "s",
		clout_campaign_day_format(first, sizeof(first), r->days[0].day),
		clout_campaign_day_format(last, sizeof(last), r->days[r->day_count - 1].day));
}

static int head(clout_buf *b, const clout_report *r)
{
	char start[16], end[16], as_of[16];
	int rc = clout_buf_puts(b, "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
				   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>clout ") |
		 put_escaped(b, r->kind) | clout_buf_puts(b, " report: ") | put_escaped(b, r->subject) |
		 clout_buf_puts(b, "</title>\n<style>\n") |
		 clout_buf_put(b, clout_report_html_css, clout_report_html_css_size) |
		 clout_buf_puts(b, "</style>\n</head>\n<body>\n<h1>") | put_escaped(b, !strcmp(r->kind, "person") ? "Person" : "Campaign") |
		 clout_buf_puts(b, " report: ") | put_escaped(b, r->subject) | clout_buf_puts(b, "</h1>\n<p class=\"meta\">");
	if (r->start_day)
		rc |= put_escaped(b, clout_campaign_day_format(start, sizeof(start), r->start_day)) | clout_buf_puts(b, " to ") |
		      put_escaped(b, r->end_day ? clout_campaign_day_format(end, sizeof(end), r->end_day) : "open") |
		      clout_buf_puts(b, "; ");
	rc |= clout_buf_puts(b, "as of ") | put_escaped(b, clout_campaign_day_format(as_of, sizeof(as_of), r->as_of_day)) |
	      clout_buf_puts(b, "; ") | put_escaped(b, clout_convert_model_name(r->model)) |
	      clout_buf_puts(b, "-click attribution") | clout_buf_puts(b, r->shared ? "; shared version" : "") |
	      clout_buf_puts(b, "</p>\n");
	return rc;
}

bool clout_report_html_available(const char **why)
{
	if (why)
		*why = clout_report_html_missing;
	return clout_report_html_missing == NULL;
}

char *clout_report_html(const clout_report *r, clout_error *err)
{
	clout_buf b = CLOUT_BUF_INIT;
	char *json = NULL, *out = NULL;
	if (clout_report_html_missing) {
		clout_error_set(err, CLOUT_EUNAVAILABLE, "the HTML report needs the web part of clout, which was not built: %s",
			clout_report_html_missing);
		goto done;
	}
	if (!(json = clout_report_json(r))) {
		clout_error_set(err, CLOUT_ENOMEM, "out of memory writing the report");
		goto done;
	}
	if (head(&b, r) | totals(&b, r) | kpis(&b, r) | daily(&b, r) | rows(&b, r) |
	    clout_buf_puts(&b, "<p class=\"note\">Conversions are credited to the campaign's tracking links and promo codes "
			       "by click id, code or the customer's clicks; bots, previews and prefetches are not clicks.</p>\n"
			       "<script type=\"application/json\" id=\"report\">") |
	    put_json(&b, json) | clout_buf_puts(&b, "</script>\n<script>\n") |
	    clout_buf_put(&b, clout_report_html_js, clout_report_html_js_size) |
	    clout_buf_puts(&b, "</script>\n</body>\n</html>\n")) {
		clout_error_set(err, CLOUT_ENOMEM, "out of memory writing the report");
		goto done;
	}
	out = clout_buf_detach(&b, NULL);
done:
	clout_buf_release(&b);
	free(json);
	return out;
}
