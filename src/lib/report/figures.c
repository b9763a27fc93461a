/*
 * figures.c: the arithmetic of reports (see clout/report.h), pure: costs and commissions in
 * integer minor units, the ratios, and the judgement of a KPI against its target.
 */
#include <math.h>
#include <string.h>

#include "clout/report.h"
#include "util/banned.h"

void clout_report_figures_init(clout_report_figures *f)
{
	memset(f, 0, sizeof(*f));
	f->reach = f->impressions = f->engagements = -1;
	f->engagement_rate = f->ctr = f->conversion_rate = f->roi = f->roi_extended = NAN;
	f->extended_revenue_minor = -1;
	f->cpe_minor = f->cpm_minor = f->cpc_minor = f->cpa_minor = -1;
}

static int64_t add_known(int64_t a, int64_t b)
{
	if (a < 0)
		return b;
	return b < 0 ? a : a + b;
}

void clout_report_figures_add(clout_report_figures *a, const clout_report_figures *b)
{
	a->reach = add_known(a->reach, b->reach);
	a->impressions = add_known(a->impressions, b->impressions);
	a->engagements = add_known(a->engagements, b->engagements);
	a->clicks += b->clicks;
	a->conversions += b->conversions;
	a->revenue_minor += b->revenue_minor;
	a->fees_minor += b->fees_minor;
	a->gifts_minor += b->gifts_minor;
	a->commission_minor += b->commission_minor;
}

int64_t clout_report_commission(int64_t revenue_minor, int32_t bp)
{
	if (revenue_minor <= 0 || bp <= 0)
		return 0;
	/* revenue * bp / 10000, half up, without overflow for any revenue below 2^63 / 10^4 x 10^4 */
	int64_t whole = revenue_minor / 10000, rest = revenue_minor % 10000;
	return whole * bp + (rest * bp + 5000) / 10000;
}

/* cost * scale / count rounded half up to a minor unit; -1 when count is not positive. */
static int64_t per(int64_t cost, double count, double scale)
{
	if (!(count > 0))
		return -1;
	return (int64_t)floor((double)cost * scale / count + 0.5);
}

static double ratio(double num, double den)
{
	return den > 0 ? num / den : NAN;
}

void clout_report_derive(clout_report_figures *f, int64_t lifetime_value_minor)
{
	f->cost_minor = f->fees_minor + f->gifts_minor + f->commission_minor;
	f->engagement_rate = f->engagements >= 0 && f->reach > 0 ? ratio((double)f->engagements, (double)f->reach) : NAN;
	f->ctr = f->impressions > 0 ? ratio((double)f->clicks, (double)f->impressions) : NAN;
	f->conversion_rate = ratio(f->conversions, (double)f->clicks);
	f->roi = f->cost_minor > 0 ? (double)(f->revenue_minor - f->cost_minor) / (double)f->cost_minor : NAN;
	if (lifetime_value_minor >= 0) {
		f->extended_revenue_minor = (int64_t)floor(f->conversions * (double)lifetime_value_minor + 0.5);
		f->roi_extended = f->cost_minor > 0
			? (double)(f->extended_revenue_minor - f->cost_minor) / (double)f->cost_minor : NAN;
	} else {
		f->extended_revenue_minor = -1;
		f->roi_extended = NAN;
	}
	f->cpe_minor = f->engagements >= 0 ? per(f->cost_minor, (double)f->engagements, 1) : -1;
	f->cpm_minor = f->impressions >= 0 ? per(f->cost_minor, (double)f->impressions, 1000) : -1;
	f->cpc_minor = per(f->cost_minor, (double)f->clicks, 1);
	f->cpa_minor = per(f->cost_minor, f->conversions, 1);
}

const char *clout_report_kpi_status_name(clout_report_kpi_status s)
{
	static const char *const names[] = { "unknown", "on-track", "at-risk", "met", "missed" };
	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "unknown";
}

static bool lower_is_better(const char *metric)
{
	return !strcmp(metric, "cpe") || !strcmp(metric, "cpm") || !strcmp(metric, "cpc") || !strcmp(metric, "cpa");
}

static bool cumulative(const char *metric)
{
	static const char *const names[] = { "reach", "impressions", "engagements", "clicks", "conversions", "revenue",
		"mentions" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(metric, names[i]))
			return true;
	return false;
}

clout_report_kpi_status clout_report_kpi_judge(const char *metric, double actual, double target, int64_t start,
	int64_t deadline, int64_t as_of)
{
	bool good;
	if (isnan(actual))
		return as_of >= deadline ? CLOUT_KPI_MISSED : CLOUT_KPI_UNKNOWN;
	good = lower_is_better(metric) ? actual <= target : actual >= target;
	/* the deadline day is the last day to reach it: judged once it has passed */
	if (as_of > deadline)
		return good ? CLOUT_KPI_MET : CLOUT_KPI_MISSED;
	if (good)
		return CLOUT_KPI_ON_TRACK;
	if (cumulative(metric)) {
		/* on pace: a straight line from 0 at the start to the target at the end of the deadline day */
		double span = (double)(deadline + 86400 - start), done = (double)(as_of + 86400 - start);
		double expected = span > 0 ? target * (done < 0 ? 0 : done > span ? 1 : done / span) : target;
		return actual >= expected ? CLOUT_KPI_ON_TRACK : CLOUT_KPI_AT_RISK;
	}
	return CLOUT_KPI_AT_RISK;
}

static double money(int64_t minor, int exponent)
{
	double scale = 1;
	for (int i = 0; i < exponent; i++)
		scale *= 10;
	return minor < 0 ? NAN : (double)minor / scale;
}

static double known(int64_t v)
{
	return v < 0 ? NAN : (double)v;
}

double clout_report_metric(const clout_report_figures *f, const char *metric, int exponent)
{
	if (!strcmp(metric, "reach"))
		return known(f->reach);
	if (!strcmp(metric, "impressions"))
		return known(f->impressions);
	if (!strcmp(metric, "engagements"))
		return known(f->engagements);
	if (!strcmp(metric, "engagement_rate"))
		return f->engagement_rate;
	if (!strcmp(metric, "clicks"))
		return (double)f->clicks;
	if (!strcmp(metric, "ctr"))
		return f->ctr;
	if (!strcmp(metric, "conversions"))
		return f->conversions;
	if (!strcmp(metric, "conversion_rate"))
		return f->conversion_rate;
	if (!strcmp(metric, "revenue"))
		return money(f->revenue_minor, exponent);
	if (!strcmp(metric, "roi"))
		return f->roi;
	if (!strcmp(metric, "cpe"))
		return money(f->cpe_minor, exponent);
	if (!strcmp(metric, "cpm"))
		return money(f->cpm_minor, exponent);
	if (!strcmp(metric, "cpc"))
		return money(f->cpc_minor, exponent);
	if (!strcmp(metric, "cpa"))
		return money(f->cpa_minor, exponent);
	return NAN;
}
