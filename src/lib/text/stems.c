/*
 * stems.c: the Snowball stems of the text engine: a handle's memo of the stems of the words it
 * scores, and a language's stem table (stem -> mean valence of the lexicon's single words with
 * that stem, for inflections the lexicon lacks), built when the model loads.
 *
 * Stemming the lexicon's words (about 18,000 of them for English and French) was the larger part
 * of loading the model, and it is work that threads can share: each stems a slice of the words
 * with a stemmer of its own, then the stems go into the table in the order one thread would put
 * them there, so the table and its means (float sums, whose last bits depend on that order) are
 * the same whatever the number of threads.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pthread.h>

#include <libstemmer.h>

#include "lib/text/text_internal.h"
#include "util/banned.h"

/* Threads stemming a table at most, and the fewest words worth a thread of their own. */
#define STEM_THREADS_MAX 4
#define STEM_WORDS_PER_THREAD 2048

clout__stem_slot *clout__stem_slot_get(clout__lang *lang, const char *w, size_t n, uint64_t hash)
{
	if (n > CLOUT__STEM_KEY_MAX || !lang->stem_cache)
		return NULL;
	clout__stem_slot *slot = &lang->stem_cache[(hash >> 20) & (CLOUT__STEM_CACHE_SIZE - 1)];
	if (slot->hash == hash && slot->word_len == n && clout__key_equal(slot->word, w, n))
		return slot; /* the usual case: social text repeats its words */
	size_t sn;
	const char *stem = clout__stem(lang, w, n, &sn);
	if (!stem || sn > CLOUT__STEM_KEY_MAX)
		return NULL;
	slot->hash = hash;
	slot->word_len = (uint8_t)n;
	memcpy(slot->word, w, n);
	slot->stem_len = (uint8_t)sn;
	memcpy(slot->stem, stem, sn);
	slot->valence_state = 0;
	return slot;
}

const char *clout__stem_cached(clout__lang *lang, const char *w, size_t n, uint64_t hash, size_t *out_len)
{
	clout__stem_slot *slot = clout__stem_slot_get(lang, w, n, hash);
	if (!slot)
		return clout__stem(lang, w, n, out_len);
	*out_len = slot->stem_len;
	return slot->stem;
}

const char *clout__stem(clout__lang *lang, const char *w, size_t n, size_t *out_len)
{
	const sb_symbol *s = sb_stemmer_stem(lang->stemmer, (const sb_symbol *)w, (int)n);
	if (!s) {
		*out_len = 0;
		return NULL;
	}
	*out_len = (size_t)sb_stemmer_length(lang->stemmer);
	return (const char *)s;
}

/* Does lexicon entry e count toward its language's stem table: a single word of three letters or
 * more with a valence, not a negator or a booster? */
static bool stem_source(const clout__lex *words, const clout__lex_entry *e)
{
	if (!e->key_len || !(e->flags & LEX_VALENCE) || (e->flags & (LEX_NEGATOR | LEX_BOOSTER)) || e->key_len < 3)
		return false;
	const char *key = words->keys.ptr + e->key_off;
	for (size_t j = 0; j < e->key_len; j++)
		if (!((unsigned char)key[j] >= 0x80 || ((key[j] | 32) >= 'a' && (key[j] | 32) <= 'z')))
			return false;
	return true;
}

/* The words of one language that one thread stems: sources[from..to) of that language. */
typedef struct stem_part {
	const clout__lex *words;
	struct sb_stemmer *stemmer;
	const uint32_t *sources;  /* slots of the language's table, in slot order */
	size_t from, to;
	uint32_t *off, *len;      /* per source: its stem in bytes */
	clout_buf bytes;
	int rc;
} stem_part;

/* What one thread stems: a part per language. */
typedef struct stem_job {
	stem_part *parts;
	size_t nparts;
} stem_job;

static void *stem_job_run(void *arg)
{
	stem_job *job = arg;
	for (size_t i = 0; i < job->nparts; i++) {
		stem_part *p = &job->parts[i];
		for (size_t k = p->from; k < p->to; k++) {
			const clout__lex_entry *e = &p->words->slots[p->sources[k]];
			const sb_symbol *s = sb_stemmer_stem(p->stemmer, (const sb_symbol *)(p->words->keys.ptr + e->key_off),
				(int)e->key_len);
			int n = s ? sb_stemmer_length(p->stemmer) : 0;
			if (n <= 0 || p->bytes.len > UINT32_MAX - (size_t)n) {
				p->rc = CLOUT_ENOMEM;
				break;
			}
			p->off[k] = (uint32_t)p->bytes.len;
			p->len[k] = (uint32_t)n;
			if (clout_buf_put(&p->bytes, s, (size_t)n) < 0) {
				p->rc = CLOUT_ENOMEM;
				break;
			}
		}
	}
	return NULL;
}

/* Puts the stems of lang's sources (stemmed by parts[0], parts[1]..., each a slice of them in
 * order) into its stem table, in slot order, as the means of their words' valences. */
static int fill_table(clout__lang *lang, const uint32_t *sources, size_t nsources, stem_part *const *parts)
{
	size_t j = 0;
	clout__lex_release(&lang->stems);
	for (size_t k = 0; k < nsources; k++) {
		while (k >= parts[j]->to)
			j++;
		const stem_part *p = parts[j];
		clout__lex_entry *s;
		float valence = lang->words.slots[sources[k]].valence;
		if (p->rc < 0 || clout__lex_put(&lang->stems, p->bytes.ptr + p->off[k], p->len[k], &s) < 0)
			return CLOUT_ENOMEM;
		s->valence += valence;
		s->booster += 1;
		s->flags |= LEX_VALENCE;
	}
	/* valences memoised against the old table are stale */
	for (size_t i = 0; lang->stem_cache && i < CLOUT__STEM_CACHE_SIZE; i++)
		lang->stem_cache[i].valence_state = 0;
	for (size_t i = 0; i < lang->stems.cap; i++) {
		clout__lex_entry *s = &lang->stems.slots[i];
		if (s->key_len && s->booster > 0) {
			s->valence /= s->booster;
			s->booster = 0;
		}
	}
	return 0;
}

int clout__build_stems(clout__lang *const *langs, size_t n)
{
	uint32_t *sources[2] = { NULL, NULL }, *offs[2] = { NULL, NULL }, *lens[2] = { NULL, NULL };
	size_t nsources[2] = { 0, 0 }, total = 0, nthreads, started = 0;
	stem_part parts[STEM_THREADS_MAX][2];
	stem_job jobs[STEM_THREADS_MAX];
	pthread_t tids[STEM_THREADS_MAX];
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int rc = CLOUT_ENOMEM;
	if (n > 2) {
		/* two languages at a time */
		for (size_t i = 0; i < n; i += 2)
			if ((rc = clout__build_stems(langs + i, n - i < 2 ? n - i : 2)) < 0)
				return rc;
		return 0;
	}
	memset(parts, 0, sizeof(parts));
	for (size_t l = 0; l < n; l++) {
		const clout__lex *words = &langs[l]->words;
		if (words->count && (!(sources[l] = malloc(words->count * sizeof(uint32_t))) ||
			!(offs[l] = malloc(words->count * sizeof(uint32_t))) || !(lens[l] = malloc(words->count * sizeof(uint32_t)))))
			goto done;
		for (size_t i = 0; i < words->cap; i++)
			if (stem_source(words, &words->slots[i]))
				sources[l][nsources[l]++] = (uint32_t)i;
		total += nsources[l];
	}
	nthreads = total / STEM_WORDS_PER_THREAD;
	if (cores > 0 && nthreads > (size_t)cores)
		nthreads = (size_t)cores;
	nthreads = nthreads < 1 ? 1 : nthreads > STEM_THREADS_MAX ? STEM_THREADS_MAX : nthreads;
	for (size_t j = 0; j < nthreads; j++) {
		jobs[j] = (stem_job){ parts[j], n };
		for (size_t l = 0; l < n; l++) {
			stem_part *p = &parts[j][l];
			p->words = &langs[l]->words;
			p->sources = sources[l];
			p->from = nsources[l] * j / nthreads;
			p->to = nsources[l] * (j + 1) / nthreads;
			p->off = offs[l];
			p->len = lens[l];
			clout_buf_init(&p->bytes, 0);
			/* the calling thread stems with the language's own stemmer, the others with theirs */
			p->stemmer = j == 0 ? langs[l]->stemmer : sb_stemmer_new(langs[l]->algorithm, "UTF_8");
			if (!p->stemmer)
				goto done;
		}
	}
	for (started = 1; started < nthreads; started++)
		if (pthread_create(&tids[started], NULL, stem_job_run, &jobs[started]) != 0)
			break;
	stem_job_run(&jobs[0]);
	for (size_t j = started; j < nthreads; j++)
		stem_job_run(&jobs[j]); /* a thread that did not start: its share here */
	for (size_t j = 1; j < started; j++)
		pthread_join(tids[j], NULL);
	rc = 0;
	for (size_t l = 0; l < n && rc == 0; l++) {
		stem_part *ps[STEM_THREADS_MAX];
		for (size_t j = 0; j < nthreads; j++)
			ps[j] = &parts[j][l];
		rc = fill_table(langs[l], sources[l], nsources[l], ps);
	}
done:
	for (size_t j = 0; j < STEM_THREADS_MAX; j++)
		for (size_t l = 0; l < 2; l++) {
			if (j > 0 && parts[j][l].stemmer)
				sb_stemmer_delete(parts[j][l].stemmer);
			clout_buf_release(&parts[j][l].bytes);
		}
	for (size_t l = 0; l < 2; l++) {
		free(sources[l]);
		free(offs[l]);
		free(lens[l]);
	}
	return rc;
}

/* A language's lexicon words being stemmed on a thread of their own. */
struct clout__stems_bg {
	clout__lang *lang;
	uint32_t *sources, *off, *len;
	size_t nsources;
	stem_part part;
	stem_job job;
	pthread_t tid;
};

static void stems_bg_free(clout__stems_bg *bg)
{
	if (bg->part.stemmer)
		sb_stemmer_delete(bg->part.stemmer);
	clout_buf_release(&bg->part.bytes);
	free(bg->sources);
	free(bg->off);
	free(bg->len);
	free(bg);
}

clout__stems_bg *clout__stems_bg_begin(clout__lang *lang)
{
	const clout__lex *words = &lang->words;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	clout__stems_bg *bg;
	if (cores < 2 || !words->count || !(bg = calloc(1, sizeof(*bg))))
		return NULL;
	bg->lang = lang;
	clout_buf_init(&bg->part.bytes, 0);
	if (!(bg->sources = malloc(words->count * sizeof(uint32_t))) || !(bg->off = malloc(words->count * sizeof(uint32_t))) ||
		!(bg->len = malloc(words->count * sizeof(uint32_t))) ||
		!(bg->part.stemmer = sb_stemmer_new(lang->algorithm, "UTF_8"))) {
		stems_bg_free(bg);
		return NULL;
	}
	for (size_t i = 0; i < words->cap; i++)
		if (stem_source(words, &words->slots[i]))
			bg->sources[bg->nsources++] = (uint32_t)i;
	bg->part.words = words;
	bg->part.sources = bg->sources;
	bg->part.from = 0;
	bg->part.to = bg->nsources;
	bg->part.off = bg->off;
	bg->part.len = bg->len;
	bg->job = (stem_job){ &bg->part, 1 };
	if (pthread_create(&bg->tid, NULL, stem_job_run, &bg->job) != 0) {
		stems_bg_free(bg);
		return NULL;
	}
	return bg;
}

int clout__stems_bg_end(clout__stems_bg *bg)
{
	stem_part *parts[1] = { &bg->part };
	pthread_join(bg->tid, NULL);
	int rc = fill_table(bg->lang, bg->sources, bg->nsources, parts);
	stems_bg_free(bg);
	return rc;
}
