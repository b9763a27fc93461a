/* rng.c: xoshiro256** and distributions (see rng.h). */
#include <math.h>

#include "util/rng.h"
#include "util/banned.h"

__extension__ typedef unsigned __int128 u128;

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void clout_rng_seed(clout_rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t clout_rng_next(clout_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double clout_rng_uniform(clout_rng *r)
{
	return (double)(clout_rng_next(r) >> 11) * 0x1.0p-53;
}

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
