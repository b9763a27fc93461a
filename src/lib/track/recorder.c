/*
 * recorder.c: the click recorder, group commit for clicks (see clout/track.h).
 *
 * Submitters (the server's worker threads) classify and hash their click, append it to a queue
 * under a mutex and go on serving other connections. One committer thread swaps the queue out,
 * writes every click in it in one transaction on its own store connection, commits, and only
 * then calls each click's callback: so a caller learns its click id only once the click is
 * durable. While one batch commits, the next one gathers; under load a commit carries hundreds of
 * clicks, at rest each click commits alone at once (no timer adds latency).
 *
 * Links never change once made, so the committer keeps the codes it has resolved in a map and
 * reads the store only for codes it has not seen (and for unknown codes, which are never cached).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "lib/store/track.h"
#include "lib/track/internal.h"
#include "util/map.h"
#include "util/banned.h"

#define ADDRESS_HASH_LEN 16
#define SALT_LEN 32
#define QUEUE_MAX 65536  /* submits beyond this wait for nothing: they fail (the store is stuck) */
#define LINK_CACHE_MAX 100000

typedef struct pending_click {
	char code[CLOUT_LINK_CODE_MAX + 1];
	int64_t at_ms;
	uint8_t address_hash[ADDRESS_HASH_LEN];
	track_facts facts;
	clout_click_done_fn done;
	void *ctx;
	/* filled by the committer */
	int result;
	int64_t click_id;
	bool unique;
	char *location;
} pending_click;

typedef struct link_cache {
	clout_smap codes;
	int64_t *ids;
	char **urls;
	size_t cap;
} link_cache;

struct clout_track_recorder {
	clout_track_recorder_options opts;
	clout_store *store;
	track_rules rules;
	uint8_t salt[SALT_LEN];
	link_cache links;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pending_click *queue, *batch;
	size_t queued, queue_cap, batch_cap;
	bool stopping, started;
	pthread_t thread;
	clout_error err; /* the committer's last failure */
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void cache_clear(link_cache *c)
{
	for (size_t i = 0; i < c->codes.count; i++)
		free(c->urls[i]);
	clout_smap_release(&c->codes);
	free(c->ids);
	free(c->urls);
	memset(c, 0, sizeof(*c));
}

/* Remembers a resolved code; a failure only costs a lookup later. */
static void cache_put(link_cache *c, const char *code, int64_t id, const char *url)
{
	int64_t slot;
	char *copy;
	if (c->codes.count >= LINK_CACHE_MAX)
		cache_clear(c);
	if (!c->codes.slots && clout_smap_init(&c->codes, 1024) < 0)
		return;
	if (c->codes.count == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 1024;
		int64_t *ids = realloc(c->ids, cap * sizeof(*ids));
		char **urls;
		if (ids)
			c->ids = ids;
		urls = ids ? realloc(c->urls, cap * sizeof(*urls)) : NULL;
		if (!urls)
			return;
		c->urls = urls;
		c->cap = cap;
	}
	if (!(copy = strdup(url)))
		return;
	slot = clout_smap_intern(&c->codes, code, strlen(code));
	if (slot < 0 || (size_t)slot != c->codes.count - 1) { /* failed, or known already */
		free(copy);
		return;
	}
	c->ids[slot] = id;
	c->urls[slot] = copy;
}

/* The link of code: 1 found (*url borrowed until the next store call or cache change), 0 unknown. */
static int resolve(clout_track_recorder *rec, const char *code, int64_t *id, const char **url, clout_error *err)
{
	int64_t slot = rec->links.codes.slots ? clout_smap_find(&rec->links.codes, code, strlen(code)) : -1;
	int rc;
	if (slot >= 0) {
		*id = rec->links.ids[slot];
		*url = rec->links.urls[slot];
		return 1;
	}
	if ((rc = clout__store_link_target(rec->store, code, id, url, err)) == 1)
		cache_put(&rec->links, code, *id, *url);
	return rc;
}

/* Writes one click inside the open transaction: 0 (p->result says whether the link exists), or a
 * negative code that fails the batch. */
static int write_click(clout_track_recorder *rec, pending_click *p, clout_error *err)
{
	const char *url;
	char *target;
	int64_t link_id;
	clout__store_click click;
	int rc = resolve(rec, p->code, &link_id, &url, err);
	if (rc <= 0) {
		p->result = rc == 0 ? CLOUT_ENOTFOUND : rc;
		return rc;
	}
	/* url may belong to the lookup statement's row: keep a copy across the insert. */
	if (!(target = strdup(url)))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	click = (clout__store_click){ link_id, p->at_ms, p->address_hash, ADDRESS_HASH_LEN, p->facts.click_class,
		p->facts.ua_class, p->facts.referrer_host };
	rc = clout__store_click_insert(rec->store, &click, p->at_ms - rec->opts.unique_window_s * 1000, &p->click_id,
		&p->unique, err);
	if (rc == 0 && !(p->location = track_destination(target, p->click_id)))
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	free(target);
	p->result = rc;
	return rc;
}

/* Writes and commits clicks[0..n); on failure every click of the batch fails with it. */
static void commit_batch(clout_track_recorder *rec, pending_click *clicks, size_t n)
{
	uint64_t by_class[CLOUT_CLICK_CLASSES] = { 0 };
	size_t recorded = 0;
	int rc = clout_store_begin(rec->store, &rec->err);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		rc = write_click(rec, &clicks[i], &rec->err);
	}
	if (rc == 0)
		rc = clout_store_commit(rec->store, &rec->err);
	else
		clout_store_rollback(rec->store);
	for (size_t i = 0; i < n; i++) {
		pending_click *p = &clicks[i];
		if (rc < 0) {
			p->result = rc;
			free(p->location);
			p->location = NULL;
		} else if (p->result == 0) {
			by_class[p->facts.click_class]++;
			recorded++;
		}
	}
	if (rc < 0) /* a failed transaction may leave resolved links that were never read: forget them */
		cache_clear(&rec->links);
	if (recorded && rec->opts.on_batch)
		rec->opts.on_batch(rec->opts.on_batch_ctx, recorded, by_class);
}

static void answer(clout_track_recorder *rec, pending_click *p)
{
	clout_click_result r = { p->result, NULL, p->click_id, p->facts.click_class, p->unique, p->location };
	if (p->result < 0 && p->result != CLOUT_ENOTFOUND)
		r.message = rec->err.message;
	p->done(p->ctx, &r);
	free(p->location);
	p->location = NULL;
}

static void *committer(void *arg)
{
	clout_track_recorder *rec = arg;
	pthread_mutex_lock(&rec->lock);
	for (;;) {
		pending_click *swap;
		size_t n, cap;
		while (!rec->queued && !rec->stopping)
			pthread_cond_wait(&rec->wake, &rec->lock);
		if (!rec->queued && rec->stopping)
			break;
		/* Take the whole queue; submitters fill the other array meanwhile. */
		swap = rec->batch;
		cap = rec->batch_cap;
		rec->batch = rec->queue;
		rec->batch_cap = rec->queue_cap;
		rec->queue = swap;
		rec->queue_cap = cap;
		n = rec->queued;
		rec->queued = 0;
		pthread_mutex_unlock(&rec->lock);
		for (size_t start = 0; start < n; start += rec->opts.max_batch) {
			size_t count = n - start < rec->opts.max_batch ? n - start : rec->opts.max_batch;
			commit_batch(rec, rec->batch + start, count);
			for (size_t i = start; i < start + count; i++)
				answer(rec, &rec->batch[i]);
		}
		pthread_mutex_lock(&rec->lock);
	}
	pthread_mutex_unlock(&rec->lock);
	return NULL;
}

int clout_track_recorder_new(clout_track_recorder **out, const char *location,
	const clout_track_recorder_options *opts, clout_error *err)
{
	clout_track_recorder *rec;
	uint8_t candidate[SALT_LEN];
	int rc;
	*out = NULL;
	if (opts && opts->version != CLOUT_TRACK_RECORDER_OPTIONS_VERSION)
		return clout_error_set(err, CLOUT_EINVAL, "recorder options: unsupported version");
	if (sodium_init() < 0)
		return clout_error_set(err, CLOUT_EINTERNAL, "libsodium did not initialize");
	if (!(rec = calloc(1, sizeof(*rec))))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	rec->opts = opts ? *opts : (clout_track_recorder_options)CLOUT_TRACK_RECORDER_OPTIONS_INIT;
	if (!rec->opts.max_batch)
		rec->opts.max_batch = 4096;
	pthread_mutex_init(&rec->lock, NULL);
	pthread_cond_init(&rec->wake, NULL);
	randombytes_buf(candidate, sizeof(candidate));
	if ((rc = clout_store_open(&rec->store, location, err)) < 0 || (rc = track_rules_load(&rec->rules, err)) < 0 ||
	    (rc = clout__store_secret(rec->store, "address_salt", candidate, rec->salt, SALT_LEN, err)) < 0)
		goto fail;
	if (pthread_create(&rec->thread, NULL, committer, rec) != 0) {
		rc = clout_error_set(err, CLOUT_EINTERNAL, "cannot start the click committer thread");
		goto fail;
	}
	pthread_setname_np(rec->thread, "clout-clicks");
	rec->started = true;
	*out = rec;
	return 0;
fail:
	clout_track_recorder_free(rec);
	return rc;
}

int clout_track_recorder_submit(clout_track_recorder *rec, const char *code, const clout_click_request *req,
	clout_click_done_fn done, void *ctx)
{
	pending_click p;
	int rc = 0;
	if (!clout_track_code_valid(code))
		return CLOUT_EINVAL;
	memset(&p, 0, sizeof(p));
	memcpy(p.code, code, strlen(code) + 1);
	p.at_ms = now_ms();
	p.done = done;
	p.ctx = ctx;
	track_classify(&rec->rules, req, &p.facts);
	crypto_generichash(p.address_hash, ADDRESS_HASH_LEN, req->address, req->address_len, rec->salt, SALT_LEN);
	pthread_mutex_lock(&rec->lock);
	if (rec->stopping || rec->queued >= QUEUE_MAX) {
		rc = CLOUT_EUNAVAILABLE;
	} else if (rec->queued == rec->queue_cap) {
		size_t cap = rec->queue_cap ? rec->queue_cap * 2 : 256;
		pending_click *grown = realloc(rec->queue, cap * sizeof(*grown));
		if (!grown)
			rc = CLOUT_ENOMEM;
		else {
			rec->queue = grown;
			rec->queue_cap = cap;
		}
	}
	if (rc == 0) {
		rec->queue[rec->queued++] = p;
		if (rec->queued == 1)
			pthread_cond_signal(&rec->wake);
	}
	pthread_mutex_unlock(&rec->lock);
	return rc;
}

void clout_track_recorder_stop(clout_track_recorder *rec)
{
	if (!rec || !rec->started)
		return;
	pthread_mutex_lock(&rec->lock);
	rec->stopping = true;
	pthread_cond_signal(&rec->wake);
	pthread_mutex_unlock(&rec->lock);
	pthread_join(rec->thread, NULL);
	rec->started = false;
}

void clout_track_recorder_free(clout_track_recorder *rec)
{
	if (!rec)
		return;
	clout_track_recorder_stop(rec);
	cache_clear(&rec->links);
	track_rules_release(&rec->rules);
	clout_store_free(rec->store);
	free(rec->queue);
	free(rec->batch);
	pthread_mutex_destroy(&rec->lock);
	pthread_cond_destroy(&rec->wake);
	free(rec);
}
