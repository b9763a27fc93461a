/*
 * bench.c: listening throughput on one core, for bench/listen/run. Reads posts (one text per line),
 * makes R rules of realistic shape (brands, competitors, campaign hashtags and phrases, NEAR
 * clauses, NOT clauses and filters) from the posts' own vocabulary plus invented brand names, and
 * times, on the same posts in the same run (each phase three times, match and floor five times in
 * turn, the fastest kept):
 *   full      clout_listen_match: tokenize + fold, scan, evaluate the rules of the terms found
 *   tokenize  building the scan texts alone (the text engine's share of "full")
 *   match     scan + rule evaluation on prepared scan texts (clout__listen_match_scan)
 *   floor     the same Vectorscan database scanning the same scan texts with a callback that only
 *             counts (no rule logic)
 * It writes the scan texts (one per line) and the database's literals (one per line) to OUTDIR so
 * that run can time ripgrep on the same bytes and terms, and prints the number of posts with any
 * term for both to compare. Usage: bench POSTS.txt RULES OUTDIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clout/listen.h"
#include "lib/listen/internal.h"

/* CPU seconds of this (single-threaded) process: the machine may be shared, so wall time would
 * measure the neighbours; run prints wall time beside it. */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double wall(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rng = 0x2545F4914F6CDD1Dull;
static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

typedef struct vocab {
	char **words;
	uint32_t *counts;
	size_t n, cap;
} vocab;

typedef struct posts {
	char **text;
	size_t *len;
	size_t n;
	clout__listen_scan *scans;
} posts;

static void die(const char *what)
{
	fprintf(stderr, "bench: %s\n", what);
	exit(1);
}

static void vocab_add(vocab *v, const char *w, size_t len)
{
	/* linear probing would be faster; the vocabulary of generated posts is small */
	for (size_t k = 0; k < v->n; k++)
		if (strlen(v->words[k]) == len && !memcmp(v->words[k], w, len)) {
			v->counts[k]++;
			return;
		}
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 1024;
		v->words = realloc(v->words, v->cap * sizeof(*v->words));
		v->counts = realloc(v->counts, v->cap * sizeof(*v->counts));
		if (!v->words || !v->counts)
			die("out of memory");
	}
	v->words[v->n] = strndup(w, len);
	v->counts[v->n++] = 1;
}

typedef struct vocab_ctx {
	vocab *words, *tags;
} vocab_ctx;

static int vocab_token(void *ctx, const clout_token *tok)
{
	vocab_ctx *c = ctx;
	if (tok->kind == CLOUT_TOKEN_WORD && tok->folded_len >= 4 && !memchr(tok->folded, '\'', tok->folded_len))
		vocab_add(c->words, tok->folded, tok->folded_len);
	else if (tok->kind == CLOUT_TOKEN_HASHTAG && tok->folded_len >= 3)
		vocab_add(c->tags, tok->folded + 1, tok->folded_len - 1);
	return 0;
}

static const char *pick(const vocab *v)
{
	return v->words[rnd((uint32_t)v->n)];
}

/* An invented brand name: two or three syllables, with a number when names run out. */
static void brand_name(char *out, size_t cap, uint32_t k)
{
	static const char *const syl[] = { "zor", "vex", "kal", "tri", "nova", "lum", "bri", "quo", "dex", "ran", "sil",
		"mor", "tav", "glo", "pex", "ori", "vel", "dra", "kin", "sto" };
	uint32_t a = k % 20, b = (k / 20) % 20, c = (k / 400) % 20;
	if (k < 400)
		snprintf(out, cap, "%s%s", syl[a], syl[b]);
	else
		snprintf(out, cap, "%s%s%s%u", syl[a], syl[b], syl[c], k / 8000);
}

/*
 * One rule of a realistic shape. What a rule must find (its anchor) is an invented brand, product or
 * campaign name in most rules, a word of the posts in a fifth of them (a generic product or topic
 * word); context, exclusions and NEAR partners come from the posts' vocabulary.
 */
static void make_rule(char *out, size_t cap, uint32_t k, const vocab *words, const vocab *tags)
{
	char brand[64], rival[64], anchor[64];
	brand_name(brand, sizeof(brand), k);
	brand_name(rival, sizeof(rival), k + 1);
	snprintf(anchor, sizeof(anchor), "%s", k % 5 == 0 ? pick(words) : brand);
	switch (k % 6) {
	case 0: /* a brand, not its job ads */
		snprintf(out, cap, "(\"%s\" OR #%s OR @%s) AND NOT (jobs OR hiring OR #careers OR %s)", anchor, brand, brand,
			pick(words));
		break;
	case 1: /* a competitor, not its own posts */
		snprintf(out, cap, "(%s OR #%s OR %s*) NOT from:@%s", anchor, rival, rival, rival);
		break;
	case 2: /* a campaign: its hashtags and slogan */
		snprintf(out, cap, "#%s%s OR #%s OR \"%s %s\"", brand, pick(tags), anchor, anchor, pick(words));
		break;
	case 3: /* support trouble near the brand */
		snprintf(out, cap, "(%s OR @%s) NEAR/5 (broken OR refund OR %s OR %s*)", anchor, brand, pick(words),
			pick(words));
		break;
	case 4: /* a product line in one language */
		snprintf(out, cap, "(%s OR \"%s %s\") lang:%s NOT is:reply", anchor, brand, pick(words),
			k % 12 == 4 ? "fr" : "en");
		break;
	default: /* a topic with exclusions */
		snprintf(out, cap, "(%s AND (%s OR #%s)) NOT (%s OR %s) platform:%s", anchor, pick(words), pick(tags),
			pick(words), rival, k % 2 ? "instagram" : "twitter");
		break;
	}
}

/* Plants a mention of one of the first `brands` brand names in one post in 20, in one of the forms a
 * rule looks for, so that brand rules find something (as they do in a real stream). */
static void plant_brands(posts *p, uint32_t brands)
{
	for (size_t k = 0; k < p->n; k += 20) {
		char brand[64], *text;
		brand_name(brand, sizeof(brand), rnd(brands));
		static const char *const forms[] = { "%s love my new %s", "%s @%s", "%s #%s", "%s %s is broken, refund?" };
		if (asprintf(&text, forms[rnd(4)], p->text[k], brand) < 0)
			die("out of memory");
		free(p->text[k]);
		p->text[k] = text;
		p->len[k] = strlen(text);
	}
}

static int count_rule(void *ctx, uint32_t id)
{
	(void)id;
	++*(uint64_t *)ctx;
	return 0;
}

static int floor_hit(unsigned int id, unsigned long long from, unsigned long long to, unsigned int flags, void *ctx)
{
	(void)id;
	(void)from;
	(void)to;
	(void)flags;
	++*(uint64_t *)ctx;
	return 0;
}

static void load_posts(const char *path, posts *p)
{
	FILE *in = fopen(path, "rb");
	char *line = NULL;
	size_t cap = 0, pcap = 0;
	ssize_t n;
	if (!in)
		die("cannot open the posts");
	while ((n = getline(&line, &cap, in)) >= 0) {
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		if (p->n == pcap) {
			pcap = pcap ? pcap * 2 : 1 << 16;
			p->text = realloc(p->text, pcap * sizeof(*p->text));
			p->len = realloc(p->len, pcap * sizeof(*p->len));
			if (!p->text || !p->len)
				die("out of memory");
		}
		p->text[p->n] = strndup(line, (size_t)n);
		p->len[p->n++] = (size_t)n;
	}
	free(line);
	fclose(in);
}

/* Writes s as a JSON string's inside to out. */
static void json_text(FILE *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
}

/*
 * The same posts and rules for `clout listen run` (the whole pipeline: JSON records, matching,
 * sentiment, storing mentions): OUTDIR/posts.jsonl, clout JSON lines with the fields the matcher
 * is given here, and OUTDIR/rules.tsv, "rNNNNN<TAB>rule" per line.
 */
static void write_pipeline_input(const char *outdir, const posts *p, uint32_t nrules, const vocab *words,
	const vocab *tags)
{
	char path[4096], rule[1024];
	snprintf(path, sizeof(path), "%s/rules.tsv", outdir);
	FILE *out = fopen(path, "w");
	if (!out)
		die("cannot write rules.tsv");
	for (uint32_t k = 0; k < nrules; k++) {
		make_rule(rule, sizeof(rule), k, words, tags);
		fprintf(out, "r%05u\t%s\n", k, rule);
	}
	if (fclose(out) != 0)
		die("cannot write rules.tsv");
	snprintf(path, sizeof(path), "%s/posts.jsonl", outdir);
	if (!(out = fopen(path, "w")))
		die("cannot write posts.jsonl");
	for (size_t k = 0; k < p->n; k++) {
		fprintf(out, "{\"type\":\"post\",\"platform\":\"%s\",\"id\":\"b%zu\",\"author\":\"%zu\",\"created_at\":%zu,"
			     "\"lang\":\"%s\",\"text\":\"",
			k % 2 ? "instagram" : "twitter", k, k % 5000, (size_t)1767225600 + k / 20, k % 3 ? "en" : "fr");
		json_text(out, p->text[k], p->len[k]);
		fputs("\"}\n", out);
	}
	if (fclose(out) != 0)
		die("cannot write posts.jsonl");
}

int main(int argc, char **argv)
{
	if (argc != 4)
		die("usage: bench POSTS.txt RULES OUTDIR");
	uint32_t nrules = (uint32_t)strtoul(argv[2], NULL, 10);
	const char *outdir = argv[3];
	clout_text *t;
	clout_listen_set *set;
	clout_listen_matcher *m;
	clout_error err = { 0 };
	posts p = { 0 };
	vocab words = { 0 }, tags = { 0 };
	char path[4096], rule[1024];
	if (clout_text_new(&t, NULL, &err) < 0 || clout_listen_set_new(&set, &err) < 0 || clout_listen_matcher_new(&m, t, &err) < 0)
		die(err.message);
	load_posts(argv[1], &p);

	/* vocabulary from the first 20,000 posts: words seen 5 times or more, minus the 40 most common */
	vocab_ctx vc = { &words, &tags };
	for (size_t k = 0; k < p.n && k < 20000; k++)
		clout_text_tokenize(t, p.text[k], p.len[k], vocab_token, &vc);
	vocab kept = { 0 };
	uint32_t top = 0;
	for (size_t k = 0; k < words.n; k++)
		if (words.counts[k] > top)
			top = words.counts[k];
	for (size_t k = 0; k < words.n; k++) {
		uint32_t above = 0;
		for (size_t j = 0; j < words.n && above < 40; j++)
			above += words.counts[j] > words.counts[k];
		if (words.counts[k] >= 5 && above >= 40)
			vocab_add(&kept, words.words[k], strlen(words.words[k]));
	}
	if (!kept.n || !tags.n)
		die("no vocabulary in the posts");
	plant_brands(&p, nrules);

	write_pipeline_input(outdir, &p, nrules, &kept, &tags);
	double t0 = now();
	for (uint32_t k = 0; k < nrules; k++) {
		make_rule(rule, sizeof(rule), k, &kept, &tags);
		if (clout_listen_set_add(set, t, NULL, rule, NULL, &err) < 0) {
			fprintf(stderr, "bench: %s: %s\n", rule, err.message);
			return 1;
		}
	}
	double t1 = now();
	if (clout_listen_set_compile(set, true, &err) < 0)
		die(err.message);
	double t2 = now();
	make_rule(rule, sizeof(rule), 3, &kept, &tags);
	printf("rules %u: %u distinct terms, %u literals; parse %.2f s, compile %.2f s; e.g. %s\n", nrules,
		set->nterms, set->main.npatterns, t1 - t0, t2 - t1, rule);

	/* Each timed phase runs REPS times and keeps its fastest run: on a shared machine the slower
	 * runs measure the neighbours. */
	enum { REPS = 3 };
	double full_s = 1e30, full_wall = 0, tok_s = 1e30, match_s = 1e30, floor_s = 1e30;
	uint64_t matches = 0, matches2 = 0, hits = 0, posts_hit = 0, bytes = 0;

	/* full */
	for (int rep = 0; rep < REPS; rep++) {
		matches = 0;
		double w0 = wall(), f0 = now();
		for (size_t k = 0; k < p.n; k++) {
			clout_listen_post post = { p.text[k], p.len[k], k % 3 ? "en" : "fr", k % 2 ? "instagram" : "twitter",
				NULL, k % 5 == 0, false };
			if (clout_listen_match(m, set, &post, count_rule, &matches, &err) < 0)
				die(err.message);
		}
		double f1 = now(), w1 = wall();
		if (f1 - f0 < full_s) {
			full_s = f1 - f0;
			full_wall = w1 - w0;
		}
	}

	/* tokenize alone, into one reused buffer; then the scan texts kept for the next two phases */
	clout_buf *bufs = calloc(p.n, sizeof(*bufs));
	p.scans = calloc(p.n, sizeof(*p.scans));
	uint32_t **starts = calloc(p.n, sizeof(*starts));
	if (!bufs || !p.scans || !starts)
		die("out of memory");
	clout_buf one = CLOUT_BUF_INIT;
	uint32_t *one_starts = NULL, one_cap = 0, one_n = 0;
	bool url;
	for (int rep = 0; rep < REPS; rep++) {
		double k0 = now();
		for (size_t k = 0; k < p.n; k++)
			if (clout__listen_scan_text(t, p.text[k], p.len[k], &one, &one_starts, &one_cap, &one_n, &url) < 0)
				die("out of memory");
		double k1 = now();
		if (k1 - k0 < tok_s)
			tok_s = k1 - k0;
	}
	clout_buf_release(&one);
	free(one_starts);
	for (size_t k = 0; k < p.n; k++) {
		uint32_t cap = 0, n = 0;
		clout_buf_init(&bufs[k], 0);
		if (clout__listen_scan_text(t, p.text[k], p.len[k], &bufs[k], &starts[k], &cap, &n, &url) < 0)
			die("out of memory");
		p.scans[k] = (clout__listen_scan){ bufs[k].ptr, bufs[k].len, starts[k], n, url };
	}

	/* match on prepared scan texts, and the floor: the same database over the same bytes, counting
	 * only; their runs alternate (and more of them), so that both meet the same neighbours on a
	 * shared machine and their ratio means something */
	hs_scratch_t *scratch = NULL;
	if (hs_alloc_scratch(set->main.db, &scratch) != HS_SUCCESS)
		die("vectorscan scratch");
	for (int rep = 0; rep < 2 * REPS - 1; rep++) {
		matches2 = 0;
		double m0 = now();
		for (size_t k = 0; k < p.n; k++) {
			clout_listen_post post = { p.text[k], p.len[k], k % 3 ? "en" : "fr", k % 2 ? "instagram" : "twitter",
				NULL, k % 5 == 0, false };
			if (clout__listen_match_scan(m, set, &post, &p.scans[k], count_rule, &matches2, &err) < 0)
				die(err.message);
		}
		double m1 = now();
		if (m1 - m0 < match_s)
			match_s = m1 - m0;
		hits = posts_hit = bytes = 0;
		double s0 = now();
		for (size_t k = 0; k < p.n; k++) {
			uint64_t before = hits;
			hs_scan(set->main.db, p.scans[k].text, (unsigned)p.scans[k].len, 0, scratch, floor_hit, &hits);
			posts_hit += hits != before;
			bytes += p.scans[k].len;
		}
		double s1 = now();
		if (s1 - s0 < floor_s)
			floor_s = s1 - s0;
	}

	/* files for ripgrep: the scan texts, and the literals */
	snprintf(path, sizeof(path), "%s/scan.txt", outdir);
	FILE *out = fopen(path, "wb");
	if (!out)
		die("cannot write scan.txt");
	for (size_t k = 0; k < p.n; k++) {
		fwrite(p.scans[k].text, 1, p.scans[k].len, out);
		fputc('\n', out);
	}
	fclose(out);
	snprintf(path, sizeof(path), "%s/terms.txt", outdir);
	if (!(out = fopen(path, "wb")))
		die("cannot write terms.txt");
	/* the literals of the database, rebuilt the way set.c writes them */
	for (uint32_t k = 0; k < set->nterms; k++) {
		const clout__listen_term *term = &set->terms[k];
		const char *sig[] = { "", "#", "@" };
		for (int s = 0; s < (term->kind == CLOUT__LISTEN_WORD ? 3 : 1); s++)
			fprintf(out, " %s%s%s\n", sig[s], term->body, term->prefix ? "" : " ");
	}
	fclose(out);

	double full = (double)p.n / full_s, tok = (double)p.n / tok_s, match = (double)p.n / match_s,
	       flr = (double)p.n / floor_s;
	printf("posts %zu, scan text %.1f MB, rule matches %llu (%llu on prepared texts), posts with a term %llu\n", p.n,
		(double)bytes / 1e6, (unsigned long long)matches, (unsigned long long)matches2, (unsigned long long)posts_hit);
	printf("  full (tokenize+scan+rules) %10.0f posts/s CPU (%.0f wall)\n", full, (double)p.n / full_wall);
	printf("  tokenize alone             %10.0f posts/s\n", tok);
	printf("  match (scan+rules)         %10.0f posts/s\n", match);
	printf("  floor (scan, no rules)     %10.0f posts/s  %.0f MB/s\n", flr, (double)bytes / 1e6 / floor_s);
	printf("  match / floor %.2fx, full / floor %.2fx\n", match / flr, full / flr);
	printf("RESULT %u %.0f %.0f %.0f %.0f %llu\n", nrules, full, tok, match, flr, (unsigned long long)posts_hit);
	hs_free_scratch(scratch);
	for (size_t k = 0; k < p.n; k++) {
		clout_buf_release(&bufs[k]);
		free(starts[k]);
		free(p.text[k]);
	}
	free(bufs);
	free(starts);
	free(p.scans);
	free(p.text);
	free(p.len);
	clout_listen_matcher_free(m);
	clout_listen_set_free(set);
	clout_text_free(t);
	return 0;
}
