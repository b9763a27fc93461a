/* rng.c: the distributions of the random generator (see rng.h). */
#include <math.h>

#include "util/rng.h"
#include "util/banned.h"

__extension__ typedef unsigned __int128 u128;

uint64_t clout_rng_below(clout_rng *r, uint64_t n)
{
	/* Lemire's multiply-shift; the tiny bias is irrelevant for data generation */
	return n ? (uint64_t)(((u128)clout_rng_next(r) * n) >> 64) : 0;
}

double clout_rng_normal(clout_rng *r)
{
	double u1 = clout_rng_uniform(r), u2 = clout_rng_uniform(r);
	if (u1 < 1e-300)
		u1 = 1e-300;
	return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

double clout_rng_lognormal(clout_rng *r, double mu, double sigma)
{
	return exp(mu + sigma * clout_rng_normal(r));
}

uint64_t clout_rng_poisson(clout_rng *r, double lambda)
{
	if (lambda <= 0)
		return 0;
	if (lambda > 50) {
		double x = lambda + sqrt(lambda) * clout_rng_normal(r);
		return x < 0 ? 0 : (uint64_t)(x + 0.5);
	}
	double l = exp(-lambda), p = 1;
	uint64_t k = 0;
	do {
		k++;
		p *= clout_rng_uniform(r);
	} while (p > l);
	return k - 1;
}
