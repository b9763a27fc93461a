/*
 * speed.c: in-process throughput of clout_text_sentiment (and clout_text_terms) on one core, over
 * the posts of a file (one per line). Built and run by run.sh beside the npm vader-sentiment peer.
 * Usage: speed POSTS_FILE [LANG]   (LANG: auto (default), en or fr)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clout/text.h"

static double clock_s(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Wall time, and the CPU time of this process (what one core spent, whatever else the machine runs). */
static double now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

static double cpu(void)
{
	return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

static int count_term(void *ctx, const char *term, size_t len)
{
	(void)term;
	*(size_t *)ctx += len;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: speed POSTS_FILE [LANG]\n");
		return 64;
	}
	const char *lang = argc > 2 && strcmp(argv[2], "auto") ? argv[2] : NULL;
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		fprintf(stderr, "speed: %s: cannot open\n", argv[1]);
		return 66;
	}
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *data = malloc((size_t)size + 1);
	if (!data || fread(data, 1, (size_t)size, f) != (size_t)size) {
		fprintf(stderr, "speed: %s: read error\n", argv[1]);
		return 74;
	}
	fclose(f);
	size_t n = 0, cap = 1 << 20;
	const char **texts = malloc(cap * sizeof(*texts));
	size_t *lens = malloc(cap * sizeof(*lens));
	for (char *p = data, *end = data + size; p < end;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (n == cap) {
			cap *= 2;
			texts = realloc(texts, cap * sizeof(*texts));
			lens = realloc(lens, cap * sizeof(*lens));
		}
		texts[n] = p;
		lens[n++] = (size_t)(nl - p);
		p = nl + 1;
	}
	clout_text *t;
	clout_error err = { 0 };
	if (clout_text_new(&t, NULL, &err) < 0) {
		fprintf(stderr, "speed: %s\n", err.message);
		return 70;
	}
	/* warm-up: grows the handle's scratch memory once */
	clout_sentiment s;
	for (size_t i = 0; i < n && i < 10000; i++)
		clout_text_sentiment(t, texts[i], lens[i], lang, &s);
	double sum = 0, t0 = now(), c0 = cpu();
	size_t positive = 0;
	for (size_t i = 0; i < n; i++) {
		clout_text_sentiment(t, texts[i], lens[i], lang, &s);
		sum += s.compound;
		positive += s.label[0] == 'p';
	}
	double sentiment_s = now() - t0, sentiment_cpu = cpu() - c0;
	size_t term_bytes = 0;
	t0 = now();
	c0 = cpu();
	for (size_t i = 0; i < n; i++)
		clout_text_terms(t, texts[i], lens[i], lang, count_term, &term_bytes);
	double terms_s = now() - t0, terms_cpu = cpu() - c0;
	printf("posts %zu bytes %ld\n", n, size);
	printf("clout_text_sentiment %.0f posts/s of CPU time, %.0f posts/s wall (%.3f s CPU, %.3f s wall, mean compound %.4f, positive %zu)\n",
		(double)n / sentiment_cpu, (double)n / sentiment_s, sentiment_cpu, sentiment_s, sum / (double)n, positive);
	printf("clout_text_terms %.0f posts/s of CPU time, %.0f posts/s wall (%zu term bytes)\n", (double)n / terms_cpu,
		(double)n / terms_s, term_bytes);
	clout_text_free(t);
	free(texts);
	free(lens);
	free(data);
	return 0;
}
