/*
 * profile.c: the account-level parts of the three R's (reach and resonance) and the audience-quality
 * and brand-safety flags. The thresholds are written here once, with the reason for each.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lib/score/internal.h"
#include "util/banned.h"

double clout_score_engagement_norm(double followers)
{
	/* 8% under 1k followers and 1.6% at 10M (Marketly, as the seeds quote it), log-linear between
	 * and beyond: rate = 0.08 * (followers / 1000)^-b with b = log(5) / log(10^4). */
	if (followers <= 1000)
		return 0.08;
	return 0.08 * pow(followers / 1000.0, -log(5.0) / log(10000.0));
}

static double clamp01(double x)
{
	return x < 0 ? 0 : x > 1 ? 1 : x;
}

void clout__score_profile_finish(score_profile *p, int64_t reference_time)
{
	double followers = p->followers > 0 ? (double)p->followers : 0, ratio = 0;
	p->flags = 0;
	p->engagement_norm = clout_score_engagement_norm(followers);
	p->posts_per_week = p->recent_posts / (RECENT_DAYS / 7.0);
	p->reply_rate = p->comments_seen > 0 ? p->answered / p->comments_seen : 0;
	if (p->reply_rate > 1)
		p->reply_rate = 1;

	/* Reach: audience on a log scale (10 -> 0.125, 100M -> 1), cadence (a post a day is full),
	 * and views where the platform reports them. */
	p->audience = clamp01(log10(1 + followers) / 8);
	p->activity = clamp01(p->posts_per_week / 7);
	p->views_score = p->avg_views >= 0 ? clamp01(log10(1 + p->avg_views) / 8) : p->audience;
	p->reach = 0.6 * p->audience + 0.25 * p->activity + 0.15 * p->views_score;

	/* Resonance: the engagement rate against the norm for the audience size, on a log2 scale
	 * (at the norm 0.5, four times the norm 1, a quarter of it 0), and the answered share of
	 * commenters (answering three in ten is full marks). */
	if (p->posts > 0 && followers > 0) {
		ratio = p->engagement_rate / p->engagement_norm;
		p->resonance = 0.75 * clamp01(0.5 + log2(ratio > 1e-9 ? ratio : 1e-9) / 4) + 0.25 * clamp01(p->reply_rate / 0.3);
	} else {
		p->resonance = 0.25 * clamp01(p->reply_rate / 0.3);
	}

	/* Flags. Bought followers show as a step in the follower history (40% or more between two
	 * snapshots) that engagement does not follow (under 80% of the norm), or as a large audience
	 * that almost never engages (under 15% of the norm over at least five posts). */
	if (p->posts >= 5 && followers >= 1000 &&
	    ((p->growth_jump >= 0.4 && ratio < 0.8) || (followers >= 10000 && ratio < 0.15)))
		p->flags |= CLOUT_FLAG_SUSPICIOUS_GROWTH;
	/* Engagement pods: far above the norm (3x) and too regular from post to post (likes vary by
	 * under 30%), or simply implausibly high (8x the norm). */
	if (p->posts >= 5 && followers >= 100 && ((ratio >= 3 && p->likes_cv < 0.3) || ratio >= 8))
		p->flags |= CLOUT_FLAG_ENGAGEMENT_ANOMALY;
	/* Dormant: silent for 90 days before the data's newest post, and for much longer than the
	 * account's own cadence (three of its average gaps), so that a slow but steady poster is not
	 * called dormant for one quiet season. */
	if (p->posts > 0 && reference_time > 0 && p->last_post_at >= 0) {
		double silence = (double)(reference_time - p->last_post_at);
		double gap = p->posts > 1 ? (double)(p->last_post_at - p->first_post_at) / (p->posts - 1) : 60.0 * 86400;
		if (silence > RECENT_DAYS * 86400.0 && silence > 3 * gap)
			p->flags |= CLOUT_FLAG_DORMANT;
	}
	/* Viral outlier: at least three posts, and the best one alone is ten times the median post and
	 * lifts the mean to twice the median. Informational (no penalty): resonance already uses the
	 * median, so the viral post does not carry the account. */
	if (p->posts >= 3 && p->engagement_rate > 0 && p->engagement_max >= 10 * p->engagement_rate &&
	    p->engagement_mean >= 2 * p->engagement_rate)
		p->flags |= CLOUT_FLAG_VIRAL_OUTLIER;
	else if (p->posts >= 3 && p->engagement_rate == 0 && p->engagement_max > 0.05)
		p->flags |= CLOUT_FLAG_VIRAL_OUTLIER; /* most posts unengaged, one taken up */
	p->penalty = 1;
	if (p->flags & CLOUT_FLAG_SUSPICIOUS_GROWTH)
		p->penalty *= 0.5;
	if (p->flags & CLOUT_FLAG_ENGAGEMENT_ANOMALY)
		p->penalty *= 0.6;
	if (p->flags & CLOUT_FLAG_DORMANT)
		p->penalty *= 0.7;
}

void clout__score_profile_brand_safety(score_profile *p, uint32_t negative_posts)
{
	/* A quarter or more of its own posts read clearly negative (the text engine's compound at
	 * -0.5 or below, with the session's lexicons): a risk for a brand that appears beside them. */
	if (p->posts >= NEGATIVE_MIN_POSTS && negative_posts >= NEGATIVE_SHARE * p->posts) {
		p->flags |= CLOUT_FLAG_NEGATIVE_CONTENT;
		p->penalty *= 0.8;
	}
}
