/*
 * gen.c: the sample-data generator (see include/clout/gen.h). One pass over accounts writes each
 * account with its follower history, its posts and replies, and its follow edges; everything is
 * drawn from one seeded generator in a fixed order, so output is byte-for-byte reproducible.
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "clout/gen.h"
#include "clout/score.h"
#include "lib/gen/vocab.h"
#include "util/buf.h"
#include "util/rng.h"
#include "util/banned.h"

#define DAY 86400
#define NPLATFORMS 4

static const char *const platforms[NPLATFORMS] = { "instagram", "tiktok", "youtube", "twitter" };
static const double platform_share[NPLATFORMS] = { 0.40, 0.20, 0.15, 0.25 };
/* price per post per 1,000 followers, in EUR, by platform (a rate-card order of magnitude) */
static const double platform_cpm[NPLATFORMS] = { 10.0, 8.0, 20.0, 4.0 };

enum { PROBLEM_NONE, PROBLEM_BOUGHT, PROBLEM_POD, PROBLEM_DORMANT };

typedef struct gen_account {
	uint32_t followers;
	uint32_t organic;      /* followers that engage (bought ones never do) */
	uint8_t platform, topic, second_topic, lang, problem;
	float er_mult, reply_propensity;
} gen_account;

/* Walker's alias table over a set of account indexes, weighted. */
typedef struct alias_table {
	uint32_t *items;
	double *prob;
	uint32_t *alias;
	size_t n;
} alias_table;

typedef struct gen_ctx {
	const clout_gen_options *o;
	clout_rng rng;
	gen_account *acc;
	alias_table tables[NPLATFORMS][GEN_TOPICS];
	alias_table platform_tables[NPLATFORMS];
	FILE *accounts, *posts, *edges, *planted;
	clout_buf line;
	clout_gen_stats *stats;
	uint64_t post_seq;
} gen_ctx;

static int alias_build(alias_table *t, const uint32_t *items, const double *w, size_t n)
{
	double sum = 0, *scaled;
	size_t *small, *large, ns = 0, nl = 0;
	memset(t, 0, sizeof(*t));
	if (!n)
		return 0;
	t->items = malloc(n * sizeof(*t->items));
	t->prob = malloc(n * sizeof(*t->prob));
	t->alias = malloc(n * sizeof(*t->alias));
	scaled = malloc(n * sizeof(*scaled));
	small = malloc(n * sizeof(*small));
	large = malloc(n * sizeof(*large));
	if (!t->items || !t->prob || !t->alias || !scaled || !small || !large) {
		free(scaled), free(small), free(large);
		return CLOUT_ENOMEM;
	}
	t->n = n;
	memcpy(t->items, items, n * sizeof(*items));
	for (size_t i = 0; i < n; i++)
		sum += w[i];
	for (size_t i = 0; i < n; i++) {
		scaled[i] = w[i] * (double)n / sum;
		if (scaled[i] < 1)
			small[ns++] = i;
		else
			large[nl++] = i;
	}
	while (ns && nl) {
		size_t s = small[--ns], l = large[nl - 1];
		t->prob[s] = scaled[s];
		t->alias[s] = (uint32_t)l;
		scaled[l] -= 1 - scaled[s];
		if (scaled[l] < 1) {
			nl--;
			small[ns++] = l;
		}
	}
	while (nl)
		t->prob[large[--nl]] = 1;
	while (ns)
		t->prob[small[--ns]] = 1;
	free(scaled), free(small), free(large);
	return 0;
}

static uint32_t alias_draw(const alias_table *t, clout_rng *r)
{
	size_t i = clout_rng_below(r, t->n);
	return t->items[clout_rng_uniform(r) < t->prob[i] ? i : t->alias[i]];
}

static void alias_free(alias_table *t)
{
	free(t->items);
	free(t->prob);
	free(t->alias);
}

static void account_id(char *out, size_t size, const gen_account *a, uint64_t i)
{
	switch (a->platform) {
	case 0: snprintf(out, size, "178414%011llu", (unsigned long long)(i * 7 + 3)); break;
	case 1: snprintf(out, size, "68%017llu", (unsigned long long)(i * 13 + 5)); break;
	case 2: snprintf(out, size, "UCgen%017llx", (unsigned long long)(i * 2654435761u)); break;
	default: snprintf(out, size, "1%018llu", (unsigned long long)(i * 11 + 1)); break;
	}
}

static void handle_of(char *out, size_t size, const gen_account *a, uint64_t i)
{
	const char *name = a->lang ? gen_names_fr[i % GEN_NAMES] : gen_names_en[i % GEN_NAMES];
	snprintf(out, size, "%s_%s%llu", name, gen_topics[a->topic].handle_word, (unsigned long long)(i / GEN_NAMES));
}

static void json_str(clout_buf *b, const char *s)
{
	clout_buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			clout_buf_putc(b, '\\');
		clout_buf_putc(b, *s);
	}
	clout_buf_putc(b, '"');
}

static int flush_line(gen_ctx *g, FILE *f)
{
	clout_buf_putc(&g->line, '\n');
	if (fwrite(g->line.ptr, 1, g->line.len, f) != g->line.len)
		return CLOUT_EIO;
	g->stats->bytes += g->line.len;
	clout_buf_clear(&g->line);
	return 0;
}

static void draw_account(gen_ctx *g, gen_account *a)
{
	clout_rng *r = &g->rng;
	double u = clout_rng_uniform(r), acc = 0, f;
	for (int p = 0; p < NPLATFORMS; p++) {
		acc += platform_share[p];
		if (u < acc || p == NPLATFORMS - 1) {
			a->platform = (uint8_t)p;
			break;
		}
	}
	a->topic = (uint8_t)clout_rng_below(r, GEN_TOPICS);
	a->second_topic = (uint8_t)clout_rng_below(r, GEN_TOPICS);
	a->lang = clout_rng_uniform(r) < 0.35 ? 1 : 0;
	/* heavy tail: log-normal around 3,000 followers; about 1 in 1,500 accounts passes 1M */
	f = clout_rng_lognormal(r, log(3000.0), 1.8);
	if (f < 20)
		f = 20 + clout_rng_below(r, 50);
	if (f > 4e8)
		f = 4e8;
	a->followers = (uint32_t)f;
	a->organic = a->followers;
	a->er_mult = (float)clout_rng_lognormal(r, 0, 0.35);
	/* the 10k-100k band engages best for its reach */
	if (f >= 1e4 && f < 1e5)
		a->er_mult *= 1.15f;
	a->reply_propensity = (float)(clout_rng_uniform(r) * clout_rng_uniform(r) * 0.35);
	a->problem = PROBLEM_NONE;
	u = clout_rng_uniform(r);
	if (u < g->o->planted_share && f > 5000) {
		a->problem = PROBLEM_BOUGHT;
		a->organic = (uint32_t)(f / (2.0 + 3.0 * clout_rng_uniform(r)));
		/* the organic half to fifth engages as a typical audience: a rare lucky draw of er_mult (a
		 * 1% tail) would give the bought account more engagement than the norm for its inflated
		 * size, planting a fake that shows no sign of one */
		if (a->er_mult > 1.5f)
			a->er_mult = 1.5f;
	} else if (u < 2 * g->o->planted_share) {
		a->problem = PROBLEM_POD;
		a->er_mult = (float)(4.0 + clout_rng_uniform(r));
	} else if (u < 3 * g->o->planted_share) {
		a->problem = PROBLEM_DORMANT;
	}
}

static int write_account(gen_ctx *g, uint64_t i)
{
	gen_account *a = &g->acc[i];
	clout_rng *r = &g->rng;
	clout_buf *b = &g->line;
	char id[40], handle[64];
	const char *countries_en[] = { "US", "GB", "CA", "AU" }, *countries_fr[] = { "FR", "BE", "CA", "CH" };
	int64_t now = g->o->now;
	double growth = 0.005 + 0.03 * clout_rng_uniform(r);
	int jump_at = 1 + (int)clout_rng_below(r, 4);
	account_id(id, sizeof(id), a, i);
	handle_of(handle, sizeof(handle), a, i);
	clout_buf_printf(b, "{\"type\":\"account\",\"platform\":\"%s\",\"id\":\"%s\",\"handle\":\"%s\",\"name\":",
		platforms[a->platform], id, handle);
	{
		char name[96];
		/* "Anna | home cooking" style display names */
		snprintf(name, sizeof(name), "%.*s | %s", (int)(strchr(handle, '_') - handle), handle, gen_topics[a->topic].name);
		name[0] = (char)(name[0] - 32);
		json_str(b, name);
	}
	clout_buf_printf(b, ",\"bio\":");
	{
		char bio[256];
		const gen_topic *t = &gen_topics[a->topic];
		if (a->lang)
			snprintf(bio, sizeof(bio), "Passionnée de %s. %s %s", t->fr[0], t->tags_fr[0], t->tags_fr[1]);
		else
			snprintf(bio, sizeof(bio), "All about %s. %s %s", t->en[0], t->tags_en[0], t->tags_en[1]);
		json_str(b, bio);
	}
	clout_buf_printf(b, ",\"lang\":\"%s\",\"country\":\"%s\",\"followers\":%u,\"following\":%llu,\"posts\":%llu",
		a->lang ? "fr" : "en", a->lang ? countries_fr[i % 4] : countries_en[i % 4], a->followers,
		(unsigned long long)(50 + clout_rng_below(r, 900)), (unsigned long long)(20 + clout_rng_below(r, 2000)));
	clout_buf_printf(b, ",\"verified\":%s,\"created_at\":%lld,\"observed_at\":%lld",
		a->followers > 500000 && clout_rng_uniform(r) < 0.6 ? "true" : "false",
		(long long)(now - (int64_t)(400 + clout_rng_below(r, 3000)) * DAY), (long long)now);
	if (clout_rng_uniform(r) < 0.7) {
		double price = platform_cpm[a->platform] * a->followers / 1000.0 * clout_rng_lognormal(r, 0, 0.3);
		clout_buf_printf(b, ",\"price\":%.0f,\"currency\":\"EUR\"", price < 20 ? 20 : price);
	}
	/* six monthly snapshots before today */
	clout_buf_puts(b, ",\"history\":[");
	for (int m = 6; m >= 1; m--) {
		double f = a->followers / pow(1 + growth, m);
		if (a->problem == PROBLEM_BOUGHT && m >= jump_at)
			f = a->organic / pow(1 + growth, m);
		clout_buf_printf(b, "%s{\"at\":%lld,\"followers\":%.0f}", m == 6 ? "" : ",", (long long)(now - m * 30 * DAY), f);
	}
	clout_buf_puts(b, "]}");
	return flush_line(g, g->accounts);
}

/* Copies tpl into out with each "%s" replaced by the next of w1, w2, w3. */
static void fill_template(char *out, size_t size, const char *tpl, const char *w1, const char *w2, const char *w3)
{
	const char *words[3] = { w1, w2, w3 };
	size_t n = 0, used = 0;
	while (*tpl && n + 1 < size) {
		if (tpl[0] == '%' && tpl[1] == 's' && used < 3) {
			for (const char *w = words[used++]; *w && n + 1 < size; w++)
				out[n++] = *w;
			tpl += 2;
		} else {
			out[n++] = *tpl++;
		}
	}
	out[n] = '\0';
}

static void post_text(gen_ctx *g, const gen_account *a, clout_buf *t, bool *on_topic)
{
	clout_rng *r = &g->rng;
	const gen_topic *topic = &gen_topics[clout_rng_uniform(r) < 0.8 ? a->topic : a->second_topic];
	const char *const *words = a->lang ? topic->fr : topic->en;
	const char *w1 = words[clout_rng_below(r, GEN_WORDS)], *w2 = words[clout_rng_below(r, GEN_WORDS)],
		   *w3 = words[clout_rng_below(r, GEN_WORDS)];
	char text[512];
	*on_topic = clout_rng_uniform(r) < 0.85;
	if (*on_topic) {
		const char *tpl = a->lang ? gen_templates_fr[clout_rng_below(r, GEN_TEMPLATES_FR)]
					  : gen_templates_en[clout_rng_below(r, GEN_TEMPLATES_EN)];
		fill_template(text, sizeof(text), tpl, w1, w2, w3);
		/* sentence case */
		if (text[0] >= 'a' && text[0] <= 'z')
			text[0] = (char)(text[0] - 32);
		clout_buf_puts(t, text);
		clout_buf_puts(t, gen_emoji[clout_rng_below(r, GEN_EMOJI)]);
		if (clout_rng_uniform(r) < 0.7) {
			clout_buf_putc(t, ' ');
			clout_buf_puts(t, (a->lang ? topic->tags_fr : topic->tags_en)[clout_rng_below(r, 3)]);
		}
	} else {
		clout_buf_puts(t, (a->lang ? gen_offtopic_fr : gen_offtopic_en)[clout_rng_below(r, GEN_OFFTOPIC)]);
	}
}

static int write_posts(gen_ctx *g, uint64_t i)
{
	gen_account *a = &g->acc[i];
	clout_rng *r = &g->rng;
	clout_buf *b = &g->line;
	clout_buf text = CLOUT_BUF_INIT;
	char id[40], commenter[40];
	uint64_t n = clout_rng_poisson(r, g->o->posts_per_account * (0.3 + 1.4 * clout_rng_uniform(r)));
	int64_t now = g->o->now, span = 365 * DAY, newest = now;
	double er = clout_score_engagement_norm(a->followers) * a->er_mult;
	int rc = 0;
	/* accounts worth finding post regularly: a handful of posts at least, the newest one recent */
	if (g->o->posts_per_account >= 5 && n < 5)
		n = 5;
	if (a->problem == PROBLEM_DORMANT)
		newest = now - (150 + (int64_t)clout_rng_below(r, 150)) * DAY;
	else
		newest = now - (int64_t)clout_rng_below(r, 21) * DAY;
	account_id(id, sizeof(id), a, i);
	for (uint64_t k = 0; k < n && rc == 0; k++) {
		bool on_topic;
		/* the first post is the newest one; the others spread over the year before it */
		int64_t at = k == 0 ? newest : newest - (int64_t)(clout_rng_uniform(r) * (double)(span - (now - newest)));
		double noise = a->problem == PROBLEM_POD ? clout_rng_lognormal(r, 0, 0.05) : clout_rng_lognormal(r, 0, 0.5);
		/* engagement comes from the organic audience only: bought followers never engage */
		double engaged = er * a->organic * noise;
		uint64_t likes = clout_rng_poisson(r, engaged * 0.9);
		uint64_t comments = clout_rng_poisson(r, engaged * (a->problem == PROBLEM_POD ? 0.12 : 0.05));
		uint64_t shares = clout_rng_poisson(r, engaged * 0.04);
		uint64_t post = g->post_seq++, replies;
		bool sponsored = clout_rng_uniform(r) < 0.06;
		clout_buf_clear(&text);
		post_text(g, a, &text, &on_topic);
		if (sponsored)
			clout_buf_puts(&text, a->lang ? " #partenariat" : " #ad");
		clout_buf_printf(b, "{\"type\":\"post\",\"platform\":\"%s\",\"id\":\"p%llu\",\"author\":\"%s\",\"created_at\":%lld,"
				    "\"lang\":\"%s\",\"text\":",
			platforms[a->platform], (unsigned long long)post, id, (long long)at, a->lang ? "fr" : "en");
		json_str(b, text.ptr);
		clout_buf_printf(b, ",\"likes\":%llu,\"comments\":%llu,\"shares\":%llu", (unsigned long long)likes,
			(unsigned long long)comments, (unsigned long long)shares);
		if (a->platform == 1 || a->platform == 2)
			clout_buf_printf(b, ",\"views\":%.0f", a->organic * (0.2 + 1.5 * clout_rng_uniform(r)));
		if (sponsored)
			clout_buf_puts(b, ",\"sponsored\":true");
		clout_buf_putc(b, '}');
		if ((rc = flush_line(g, g->posts)) < 0)
			break;
		g->stats->posts++;
		/* answers to commenters: of the first ten comments, each answered with the account's propensity */
		replies = 0;
		for (uint64_t c = 0; c < comments && c < 10; c++)
			replies += clout_rng_uniform(r) < a->reply_propensity;
		for (uint64_t c = 0; c < replies && rc == 0; c++) {
			uint64_t who = clout_rng_below(r, g->o->accounts);
			/* a commenter on the same platform, not the account itself */
			for (int tries = 0; tries < 16 && (g->acc[who].platform != a->platform || who == i); tries++)
				who = clout_rng_below(r, g->o->accounts);
			account_id(commenter, sizeof(commenter), &g->acc[who], who);
			clout_buf_printf(b, "{\"type\":\"post\",\"platform\":\"%s\",\"id\":\"p%llu\",\"author\":\"%s\",\"created_at\":%lld,"
					    "\"lang\":\"%s\",\"kind\":\"reply\",\"parent\":\"p%llu\",\"parent_author\":\"%s\","
					    "\"conversation\":\"p%llu\",\"text\":",
				platforms[a->platform], (unsigned long long)g->post_seq++, id, (long long)(at + 3600),
				a->lang ? "fr" : "en", (unsigned long long)post,
				g->acc[who].platform == a->platform ? commenter : id, (unsigned long long)post);
			json_str(b, (a->lang ? gen_replies_fr : gen_replies_en)[clout_rng_below(r, GEN_REPLIES)]);
			clout_buf_printf(b, ",\"likes\":%llu}", (unsigned long long)clout_rng_below(r, 5));
			rc = flush_line(g, g->posts);
			g->stats->posts++;
		}
	}
	clout_buf_release(&text);
	return rc;
}

static int build_tables(gen_ctx *g)
{
	uint64_t n = g->o->accounts;
	uint32_t *items = malloc(n * sizeof(*items));
	double *w = malloc(n * sizeof(*w));
	int rc = 0;
	if (!items || !w) {
		rc = CLOUT_ENOMEM;
		goto done;
	}
	for (int p = 0; p < NPLATFORMS && rc == 0; p++) {
		size_t m = 0;
		for (uint64_t i = 0; i < n; i++)
			if (g->acc[i].platform == p) {
				items[m] = (uint32_t)i;
				w[m++] = pow(g->acc[i].organic, 0.75);
			}
		rc = alias_build(&g->platform_tables[p], items, w, m);
		for (int t = 0; t < GEN_TOPICS && rc == 0; t++) {
			m = 0;
			for (uint64_t i = 0; i < n; i++)
				if (g->acc[i].platform == p && g->acc[i].topic == t) {
					items[m] = (uint32_t)i;
					w[m++] = pow(g->acc[i].organic, 0.75);
				}
			rc = alias_build(&g->tables[p][t], items, w, m);
		}
	}
done:
	free(items);
	free(w);
	return rc;
}

static int write_edges(gen_ctx *g, uint64_t i)
{
	gen_account *a = &g->acc[i];
	clout_rng *r = &g->rng;
	uint32_t chosen[256];
	size_t nchosen = 0;
	uint64_t n = clout_rng_poisson(r, g->o->follows_per_account);
	char src[40], dst[40];
	int rc = 0;
	if (n > 256)
		n = 256;
	account_id(src, sizeof(src), a, i);
	for (uint64_t k = 0; k < n && rc == 0; k++) {
		const alias_table *t = clout_rng_uniform(r) < 0.8 ? &g->tables[a->platform][a->topic] : &g->platform_tables[a->platform];
		uint32_t v;
		bool dup = false;
		if (t->n < 2)
			t = &g->platform_tables[a->platform];
		if (t->n < 2)
			break;
		v = alias_draw(t, r);
		for (size_t j = 0; j < nchosen; j++)
			dup |= chosen[j] == v;
		if (v == i || dup)
			continue;
		chosen[nchosen++] = v;
		account_id(dst, sizeof(dst), &g->acc[v], v);
		clout_buf_printf(&g->line, "{\"type\":\"edge\",\"platform\":\"%s\",\"src\":\"%s\",\"dst\":\"%s\",\"kind\":\"follow\"}",
			platforms[a->platform], src, dst);
		rc = flush_line(g, g->edges);
		g->stats->edges++;
	}
	return rc;
}

static FILE *open_out(const char *dir, const char *name, clout_error *err)
{
	clout_buf path = CLOUT_BUF_INIT;
	FILE *f;
	if (clout_buf_printf(&path, "%s/%s", dir, name) < 0)
		return NULL;
	f = fopen(path.ptr, "w");
	if (!f)
		clout_error_set(err, CLOUT_EIO, "%s: %s", path.ptr, strerror(errno));
	else
		setvbuf(f, NULL, _IOFBF, 1 << 20);
	clout_buf_release(&path);
	return f;
}

int clout_gen_sample(const clout_gen_options *o, clout_gen_stats *out, clout_error *err)
{
	gen_ctx g;
	int rc = 0;
	static const char *const problem_names[] = { "", "bought_followers", "engagement_pod", "dormant" };
	memset(&g, 0, sizeof(g));
	memset(out, 0, sizeof(*out));
	if (!o || o->version != CLOUT_GEN_OPTIONS_VERSION)
		return clout_error_set(err, CLOUT_EINVAL, "gen options of an unknown version");
	if (o->accounts < 10 || o->accounts > 100000000)
		return clout_error_set(err, CLOUT_EINVAL, "accounts must be between 10 and 100,000,000");
	if (o->posts_per_account < 0 || o->posts_per_account > 10000 || o->follows_per_account < 0 ||
	    o->follows_per_account > 200 || o->planted_share < 0 || o->planted_share > 0.3)
		return clout_error_set(err, CLOUT_EINVAL,
			"posts per account must be in [0, 10000], follows in [0, 200], planted share in [0, 0.3]");
	g.o = o;
	g.stats = out;
	clout_buf_init(&g.line, 0);
	clout_rng_seed(&g.rng, o->seed);
	if (mkdir(o->out_dir, 0777) < 0 && errno != EEXIST)
		return clout_error_set(err, CLOUT_EIO, "%s: %s", o->out_dir, strerror(errno));
	if (!(g.acc = calloc(o->accounts, sizeof(*g.acc)))) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory for %llu accounts", (unsigned long long)o->accounts);
		goto done;
	}
	if (!(g.accounts = open_out(o->out_dir, "accounts.jsonl", err)) || !(g.posts = open_out(o->out_dir, "posts.jsonl", err)) ||
	    !(g.edges = open_out(o->out_dir, "edges.jsonl", err)) || !(g.planted = open_out(o->out_dir, "planted.tsv", err))) {
		rc = err ? err->code : CLOUT_EIO;
		goto done;
	}
	for (uint64_t i = 0; i < o->accounts; i++)
		draw_account(&g, &g.acc[i]);
	if (o->follows_per_account > 0 && (rc = build_tables(&g)) < 0) {
		clout_error_set(err, rc, "out of memory building the follow graph");
		goto done;
	}
	fprintf(g.planted, "platform\tid\tproblem\n");
	for (uint64_t i = 0; i < o->accounts; i++) {
		if ((rc = write_account(&g, i)) < 0 || (rc = write_posts(&g, i)) < 0 ||
		    (o->follows_per_account > 0 && (rc = write_edges(&g, i)) < 0)) {
			clout_error_set(err, CLOUT_EIO, "%s: write failed: %s", o->out_dir, strerror(errno));
			goto done;
		}
		out->accounts++;
		if (g.acc[i].problem) {
			char id[40];
			account_id(id, sizeof(id), &g.acc[i], i);
			fprintf(g.planted, "%s\t%s\t%s\n", platforms[g.acc[i].platform], id, problem_names[g.acc[i].problem]);
			out->planted++;
		}
		if (o->progress && (i & 1023) == 0 && o->progress(o->progress_ctx, i, o->accounts)) {
			rc = clout_error_set(err, CLOUT_EINVAL, "generation interrupted");
			goto done;
		}
	}
	if (o->progress)
		o->progress(o->progress_ctx, o->accounts, o->accounts);
done:
	{
		FILE *files[] = { g.accounts, g.posts, g.edges, g.planted };
		for (size_t k = 0; k < 4; k++)
			if (files[k] && fclose(files[k]) != 0 && rc == 0)
				rc = clout_error_set(err, CLOUT_EIO, "%s: write failed: %s", o->out_dir, strerror(errno));
	}
	for (int p = 0; p < NPLATFORMS; p++) {
		alias_free(&g.platform_tables[p]);
		for (int t = 0; t < GEN_TOPICS; t++)
			alias_free(&g.tables[p][t]);
	}
	free(g.acc);
	clout_buf_release(&g.line);
	return rc;
}
