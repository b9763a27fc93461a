/*
 * daily.c: a campaign report's series per day (clout_report_daily_load, clout/report.h): human
 * clicks on the campaign's links, conversions credited to them and their revenue, per day of the
 * click or the order, from the link report (clout/convert.h) grouped by campaign and day. The
 * series is of the whole campaign (no person in it), so it is the same in shared reports.
 */
#include <stdlib.h>
#include <string.h>

#include "clout/report.h"
#include "util/banned.h"

int clout_report_daily_load(clout_report *r, clout_session *s, const char *campaign, clout_convert_model model)
{
	clout_convert_report_options ro = CLOUT_CONVERT_REPORT_OPTIONS_INIT;
	clout_error *err = clout_session_err(s);
	clout_convert_report cr;
	int rc;
	ro.group = CLOUT_GROUP_CAMPAIGN;
	ro.by_day = true;
	ro.model = model;
	ro.campaign = campaign;
	if ((rc = clout_convert_report_build(&cr, s, &ro)) < 0)
		return rc;
	free(r->days);
	r->days = NULL;
	r->day_count = 0;
	if (cr.count && !(r->days = calloc(cr.count, sizeof(*r->days)))) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < cr.count && rc == 0; i++) {
		const clout_convert_report_row *row = &cr.rows[i];
		clout_report_day *d;
		if (row->day < 0)
			continue;
		/* rows come ordered by day; one campaign, so a day is seen once, but merge to be sure */
		d = r->day_count && r->days[r->day_count - 1].day == row->day ? &r->days[r->day_count - 1]
			: &r->days[r->day_count++];
		d->day = row->day;
		d->clicks += row->clicks;
		d->conversions += row->conversions;
		for (size_t k = 0; k < row->revenue_count && rc == 0; k++) {
			if (strcmp(row->revenue[k].currency, r->currency))
				rc = clout_error_set(err, CLOUT_EINVAL, "revenue: conversions in %s for a campaign in %s: no "
					"exchange rate is stated", row->revenue[k].currency, r->currency);
			else
				d->revenue_minor += row->revenue[k].net_minor;
		}
	}
done:
	clout_convert_report_release(&cr);
	return rc;
}
