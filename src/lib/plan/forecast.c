/*
 * forecast.c: P10/P50/P90 of a plan's outcomes (reach, engagements, clicks, conversions, revenue,
 * lifetime revenue, ROI) by Monte Carlo over the uncertainty of the stated rates.
 *
 * Each draw takes the reach from a normal around its estimate and every rate from a log-normal
 * whose median is the stated rate, then chains them: engagements = reach * engagement rate,
 * clicks = reach * click rate, conversions = clicks * conversion rate, revenue = conversions *
 * order value, lifetime revenue = revenue * lifetime factor, ROI = (revenue - cost) / cost.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clout/plan.h"
#include "util/rng.h"
#include "util/banned.h"

#define FORECAST_STREAM 0x464f524543415354ULL

static const char *const metric_names[CLOUT_FORECAST_METRICS] = {
	"reach", "engagements", "clicks", "conversions", "revenue", "lifetime_revenue", "roi"
};

const char *clout_plan_forecast_metric_name(clout_forecast_metric metric)
{
	return (unsigned)metric < CLOUT_FORECAST_METRICS ? metric_names[metric] : "unknown";
}

static double normal(clout_rng *rng)
{
	double u1 = clout_rng_uniform_pos(rng), u2 = clout_rng_uniform(rng);
	return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double quantile(const double *sorted, uint32_t count, double q)
{
	double pos = q * (double)(count - 1);
	uint32_t i = (uint32_t)floor(pos);
	double frac = pos - (double)i;
	return i + 1 < count ? sorted[i] * (1 - frac) + sorted[i + 1] * frac : sorted[count - 1];
}

int clout_plan_forecast(clout_forecast *out, double reach, double cost, const clout_forecast_rates *r,
	clout_error *err)
{
	double *values;
	uint32_t draws;
	memset(out, 0, sizeof(*out));
	if (!r || r->version != CLOUT_FORECAST_RATES_VERSION)
		return clout_error_set(err, CLOUT_EINVAL, "forecast rates of an unknown version");
	if (!(reach >= 0) || !(cost >= 0))
		return clout_error_set(err, CLOUT_EINVAL, "reach and cost must not be negative");
	if (!(r->engagement_rate >= 0 && r->engagement_rate <= 1) || !(r->click_rate >= 0 && r->click_rate <= 1) ||
		!(r->conversion_rate >= 0 && r->conversion_rate <= 1))
		return clout_error_set(err, CLOUT_EINVAL, "rates must be between 0 and 1");
	if (!(r->order_value >= 0) || !(r->lifetime_factor >= 0) || !(r->uncertainty >= 0) || !(r->reach_error >= 0))
		return clout_error_set(err, CLOUT_EINVAL, "order value, lifetime factor and uncertainties must not be negative");
	draws = r->draws ? r->draws : 1;
	if (!(values = malloc((size_t)draws * CLOUT_FORECAST_METRICS * sizeof(*values))))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	for (uint32_t d = 0; d < draws; d++) {
		clout_rng rng;
		double *v = values + (size_t)d;
		clout_rng_seed_stream(&rng, r->seed, FORECAST_STREAM, d);
		double reached = reach * (1.0 + r->reach_error * normal(&rng));
		if (reached < 0)
			reached = 0;
		double engagement = r->engagement_rate * exp(r->uncertainty * normal(&rng));
		double click = r->click_rate * exp(r->uncertainty * normal(&rng));
		double conversion = r->conversion_rate * exp(r->uncertainty * normal(&rng));
		double value = r->order_value * exp(r->uncertainty * normal(&rng));
		double lifetime = r->lifetime_factor * exp(r->uncertainty * normal(&rng));
		double clicks = reached * (click < 1 ? click : 1);
		double conversions = clicks * (conversion < 1 ? conversion : 1);
		double revenue = conversions * value;
		v[(size_t)CLOUT_FORECAST_REACH * draws] = reached;
		v[(size_t)CLOUT_FORECAST_ENGAGEMENTS * draws] = reached * (engagement < 1 ? engagement : 1);
		v[(size_t)CLOUT_FORECAST_CLICKS * draws] = clicks;
		v[(size_t)CLOUT_FORECAST_CONVERSIONS * draws] = conversions;
		v[(size_t)CLOUT_FORECAST_REVENUE * draws] = revenue;
		v[(size_t)CLOUT_FORECAST_LIFETIME_REVENUE * draws] = revenue * lifetime;
		v[(size_t)CLOUT_FORECAST_ROI * draws] = cost > 0 ? (revenue - cost) / cost : 0;
	}
	for (int m = 0; m < CLOUT_FORECAST_METRICS; m++) {
		double *column = values + (size_t)m * draws;
		qsort(column, draws, sizeof(*column), compare_double);
		out->p10[m] = quantile(column, draws, 0.10);
		out->p50[m] = quantile(column, draws, 0.50);
		out->p90[m] = quantile(column, draws, 0.90);
	}
	free(values);
	return 0;
}
