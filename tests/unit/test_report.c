/*
 * test_report.c: the pure parts of campaigns and reports: report arithmetic (the acceptance
 * scenario's figures worked out by hand), commissions rounded in minor units, KPI judgements, dates,
 * the deliverable check against a post's text, and the iCalendar writer (CRLF, folding at 75
 * octets outside UTF-8 sequences, escaping, UID, DTSTAMP).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clout/campaign.h"
#include "clout/report.h"
#include "util/banned.h"

static const int64_t MARCH_1 = 1772323200;  /* 2026-03-01 */
static const int64_t APRIL_30 = 1777507200; /* 2026-04-30 */

static void test_report__scenario_figures(void **state)
{
	/* fees 1000 + 500, gift 80, 10% of ben's 200: cost 1600; revenue 500; 15 clicks, 3 orders */
	clout_report_figures anna, ben, total;
	(void)state;
	clout_report_figures_init(&anna);
	clout_report_figures_init(&ben);
	clout_report_figures_init(&total);
	anna.fees_minor = 100000;
	anna.clicks = 5;
	anna.conversions = 1;
	anna.revenue_minor = 30000;
	ben.fees_minor = 50000;
	ben.gifts_minor = 8000;
	ben.clicks = 10;
	ben.conversions = 2;
	ben.revenue_minor = 20000;
	ben.commission_minor = clout_report_commission(ben.revenue_minor, 1000);
	assert_int_equal(ben.commission_minor, 2000);
	clout_report_figures_add(&total, &anna);
	clout_report_figures_add(&total, &ben);
	clout_report_derive(&total, -1);
	assert_int_equal(total.clicks, 15);
	assert_true(total.conversions == 3);
	assert_int_equal(total.revenue_minor, 50000);
	assert_int_equal(total.cost_minor, 160000);
	assert_true(fabs(total.conversion_rate - 0.2) < 1e-12);
	assert_true(fabs(total.roi - (-0.6875)) < 1e-12);
	assert_int_equal(total.cpc_minor, 10667);  /* 1600 / 15 = 106.666... */
	assert_int_equal(total.cpa_minor, 53333);  /* 1600 / 3 */
	assert_true(isnan(total.ctr));             /* no impressions known */
	assert_int_equal(total.cpm_minor, -1);
	assert_true(isnan(total.roi_extended));
	clout_report_derive(&total, 120000);       /* a customer is worth 1200 over their life */
	assert_int_equal(total.extended_revenue_minor, 360000);
	assert_true(fabs(total.roi_extended - 1.25) < 1e-12);
}

static void test_report__commission_rounds_half_up(void **state)
{
	(void)state;
	assert_int_equal(clout_report_commission(0, 1000), 0);
	assert_int_equal(clout_report_commission(-500, 1000), 0);
	assert_int_equal(clout_report_commission(5, 1000), 1);     /* 0.5 -> 1 */
	assert_int_equal(clout_report_commission(4, 1000), 0);     /* 0.4 -> 0 */
	assert_int_equal(clout_report_commission(12345, 1250), 1543); /* 1543.125 */
	assert_int_equal(clout_report_commission(INT64_MAX / 2, 10000), INT64_MAX / 2);
}

static void test_report__ratios_unknown_without_denominator(void **state)
{
	clout_report_figures f;
	(void)state;
	clout_report_figures_init(&f);
	clout_report_derive(&f, -1);
	assert_true(isnan(f.roi));
	assert_true(isnan(f.conversion_rate));
	assert_int_equal(f.cpc_minor, -1);
	assert_int_equal(f.cpa_minor, -1);
	f.reach = 10000;
	f.impressions = 40000;
	f.engagements = 800;
	f.clicks = 400;
	f.fees_minor = 20000;
	clout_report_derive(&f, -1);
	assert_true(fabs(f.engagement_rate - 0.08) < 1e-12);
	assert_true(fabs(f.ctr - 0.01) < 1e-12);
	assert_int_equal(f.cpe_minor, 25);   /* 200.00 / 800 = 0.25 */
	assert_int_equal(f.cpm_minor, 500);  /* 200.00 / 40 = 5.00 */
	assert_int_equal(f.cpc_minor, 50);
	assert_true(fabs(clout_report_metric(&f, "cpm", 2) - 5.0) < 1e-12);
	assert_true(isnan(clout_report_metric(&f, "nonsense", 2)));
}

static void test_report__kpi_judgements(void **state)
{
	int64_t mid = MARCH_1 + 30 * 86400; /* about half way */
	(void)state;
	/* conversions 3 of 5: after the deadline missed, at mid-campaign ahead of pace */
	assert_int_equal(clout_report_kpi_judge("conversions", 3, 5, MARCH_1, APRIL_30, APRIL_30 + 86400), CLOUT_KPI_MISSED);
	assert_int_equal(clout_report_kpi_judge("conversions", 3, 5, MARCH_1, APRIL_30, mid), CLOUT_KPI_ON_TRACK);
	assert_int_equal(clout_report_kpi_judge("conversions", 1, 5, MARCH_1, APRIL_30, mid), CLOUT_KPI_AT_RISK);
	assert_int_equal(clout_report_kpi_judge("conversions", 5, 5, MARCH_1, APRIL_30, APRIL_30 + 86400), CLOUT_KPI_MET);
	/* the deadline day itself still counts */
	assert_int_equal(clout_report_kpi_judge("conversions", 4, 5, MARCH_1, APRIL_30, APRIL_30), CLOUT_KPI_AT_RISK);
	/* ratios: no pace; lower is better for cost metrics */
	assert_int_equal(clout_report_kpi_judge("roi", -0.6875, 1.0, MARCH_1, APRIL_30, mid), CLOUT_KPI_AT_RISK);
	assert_int_equal(clout_report_kpi_judge("roi", -0.6875, 1.0, MARCH_1, APRIL_30, APRIL_30 + 86400), CLOUT_KPI_MISSED);
	assert_int_equal(clout_report_kpi_judge("cpa", 12, 20, MARCH_1, APRIL_30, mid), CLOUT_KPI_ON_TRACK);
	assert_int_equal(clout_report_kpi_judge("cpa", 25, 20, MARCH_1, APRIL_30, APRIL_30 + 86400), CLOUT_KPI_MISSED);
	assert_int_equal(clout_report_kpi_judge("reach", NAN, 1000, MARCH_1, APRIL_30, mid), CLOUT_KPI_UNKNOWN);
	assert_string_equal(clout_report_kpi_status_name(CLOUT_KPI_AT_RISK), "at-risk");
}

static void test_campaign__days(void **state)
{
	clout_error err = { 0 };
	int64_t day;
	char text[16];
	(void)state;
	assert_int_equal(clout_campaign_day_parse(&day, "2026-03-01", "start", &err), 0);
	assert_int_equal(day, MARCH_1);
	assert_string_equal(clout_campaign_day_format(text, sizeof(text), APRIL_30), "2026-04-30");
	assert_int_equal(clout_campaign_day_parse(&day, "2028-02-29", "due", &err), 0);
	assert_int_equal(clout_campaign_day_parse(&day, "2026-02-29", "due", &err), CLOUT_EINVAL);
	assert_string_equal(err.message, "due: '2026-02-29' is not a date (YYYY-MM-DD)");
	assert_int_equal(clout_campaign_day_parse(&day, "01/03/2026", "due", &err), CLOUT_EINVAL);
	assert_int_equal(clout_campaign_day_parse(&day, "2026-3-1", "due", &err), CLOUT_EINVAL);
	assert_int_equal(clout_campaign_day_parse(&day, "2026-13-01", "due", &err), CLOUT_EINVAL);
}

static void test_deliverable__check_text(void **state)
{
	clout_contract c;
	clout_deliverable_check chk;
	clout_error err = { 0 };
	char hashtags[] = "spring\nknifeclub", donts[] = "cheap", disclosure[] = "#ad";
	(void)state;
	memset(&c, 0, sizeof(c));
	c.hashtags = hashtags;
	c.donts = donts;
	c.disclosure = disclosure;
	assert_int_equal(clout_deliverable_check_text(&chk, &c, "My new knives! #Spring #KnifeClub #ad", false,
		MARCH_1 + 3600, MARCH_1, &err), 0);
	assert_true(chk.checked && chk.hashtags_ok && chk.disclosure_ok && chk.donts_ok && chk.on_time);
	assert_null(chk.problems);
	/* #springtime is not #spring; a cheap word; no disclosure; two days late */
	assert_int_equal(clout_deliverable_check_text(&chk, &c, "#springtime #knifeclub so CHEAP", false,
		MARCH_1 + 2 * 86400 + 60, MARCH_1, &err), 0);
	assert_false(chk.hashtags_ok);
	assert_false(chk.disclosure_ok);
	assert_false(chk.donts_ok);
	assert_false(chk.on_time);
	assert_string_equal(chk.problems, "missing hashtag #spring; no disclosure (#ad); don't-word 'cheap'; late by 2 day(s)");
	free(chk.problems);
	/* a competitor named within the exclusivity; outside it, no matter */
	char competitors[] = "Blades Inc";
	c.exclusivity = competitors;
	c.exclusive_from = MARCH_1;
	c.exclusive_to = APRIL_30;
	assert_int_equal(clout_deliverable_check_text(&chk, &c, "#spring #knifeclub #ad better than blades inc", false,
		MARCH_1, MARCH_1, &err), 0);
	assert_false(chk.exclusivity_ok);
	assert_string_equal(chk.problems, "competitor 'Blades Inc' named during the exclusivity");
	free(chk.problems);
	assert_int_equal(clout_deliverable_check_text(&chk, &c, "#spring #knifeclub #ad better than blades inc", false,
		APRIL_30 + 86400, APRIL_30 + 86400, &err), 0);
	assert_true(chk.exclusivity_ok);
	assert_null(chk.problems);
	c.exclusivity = NULL;
	/* a post the platform marks as a paid partnership is disclosed */
	assert_int_equal(clout_deliverable_check_text(&chk, &c, "#spring #knifeclub", true, MARCH_1, MARCH_1, &err), 0);
	assert_true(chk.disclosure_ok);
	assert_null(chk.problems);
}

/* Every physical line ends with CRLF and holds at most 75 octets; unfolding gives back want. */
static void assert_ics_line(const char *ics, const char *want)
{
	char *unfolded = malloc(strlen(ics) + 1), *p = unfolded;
	const char *line = ics;
	assert_non_null(unfolded);
	while (*line) {
		const char *end = strstr(line, "\r\n");
		assert_non_null(end);
		assert_true(end - line <= 75);
		for (const char *q = line; q < end; q++)
			assert_true(*q != '\n' && *q != '\r');
		/* a continuation (leading space) joins the previous line */
		memcpy(p, line[0] == ' ' ? line + 1 : line, (size_t)(end - line) - (line[0] == ' '));
		p += (end - line) - (line[0] == ' ');
		if (end[2] != ' ')
			*p++ = '\n';
		line = end + 2;
	}
	*p = '\0';
	assert_non_null(strstr(unfolded, want));
	free(unfolded);
}

static void test_calendar__ics(void **state)
{
	clout_calendar_event events[2] = {
		{ CLOUT_CALENDAR_CAMPAIGN_START, MARCH_1, (char *)"spring", (char *)"spring starts, with; a\\b\nnew line",
			(char *)"campaign-1-start@clout" },
		{ CLOUT_CALENDAR_DELIVERABLE_DUE, APRIL_30, (char *)"spring",
			(char *)"spring: reel on instagram by Zoë — «crème brûlée» édition spéciale, été 2026, très très longue",
			(char *)"deliverable-7@clout" },
	};
	clout_calendar cal = { events, 2 };
	clout_error err = { 0 };
	char *ics;
	size_t len;
	(void)state;
	assert_int_equal(clout_calendar_ics(&ics, &len, &cal, 1772366400, &err), 0);
	assert_int_equal(strlen(ics), len);
	assert_true(!strncmp(ics, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:", 37));
	assert_true(len > 15 && !strcmp(ics + len - 15, "END:VCALENDAR\r\n"));
	assert_non_null(strstr(ics, "UID:campaign-1-start@clout\r\n"));
	assert_non_null(strstr(ics, "DTSTAMP:20260301T120000Z\r\n"));
	assert_non_null(strstr(ics, "DTSTART;VALUE=DATE:20260301\r\nDTEND;VALUE=DATE:20260302\r\n"));
	assert_non_null(strstr(ics, "DTSTART;VALUE=DATE:20260430\r\nDTEND;VALUE=DATE:20260501\r\n"));
	assert_ics_line(ics, "SUMMARY:spring starts\\, with\\; a\\\\b\\nnew line\n");
	assert_ics_line(ics, "SUMMARY:spring: reel on instagram by Zoë — «crème brûlée» édition spéciale\\, été 2026\\, "
		"très très longue\n");
	/* no fold splits a UTF-8 sequence: no continuation line starts with a continuation byte */
	for (const char *p = ics; (p = strstr(p, "\r\n ")) != NULL; p += 3)
		assert_true(((unsigned char)p[3] & 0xC0) != 0x80);
	free(ics);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report__scenario_figures),
		cmocka_unit_test(test_report__commission_rounds_half_up),
		cmocka_unit_test(test_report__ratios_unknown_without_denominator),
		cmocka_unit_test(test_report__kpi_judgements),
		cmocka_unit_test(test_campaign__days),
		cmocka_unit_test(test_deliverable__check_text),
		cmocka_unit_test(test_calendar__ics),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
