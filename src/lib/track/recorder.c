/*
 * recorder.c: the click recorder (see clout/track.h): links cached in memory, click ids from
 * blocks reserved in the store, clicks prepared on the caller's thread and made durable by
 * appending their records to the click log (clicklog.c) before their redirects leave; the folder
 * (folder.c) moves them into the store's track_click table later, off the request path.
 *
 * Two ways in. The server's fast path prepares each click on its loop thread and logs everything
 * one turn of its loop prepared in one append (clout_track_recorder_log), then answers: no other
 * thread is involved. clout_track_recorder_submit (the libmicrohttpd path) prepares on the
 * caller's thread and queues; one writer thread takes the whole queue, logs it in one append and
 * calls each click's callback, so while one batch is written the next gathers.
 *
 * Click ids are handed out from a block [id_next, id_end) reserved in the store's track_id_block
 * (UPDATE ... RETURNING, so every process sharing the store gets its own blocks); the folder
 * reserves the next block ahead when half of the current one is used, so the request path reads
 * the store only for codes it has not seen (unknown codes are never cached).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "lib/store/track.h"
#include "lib/track/recorder_internal.h"
#include "util/banned.h"

#define QUEUE_MAX 65536  /* submits beyond this fail (the log is stuck) */
#define LINK_CACHE_MAX 100000
#define ID_BLOCK ((int64_t)1 << 24) /* ids per block: a restart leaves the rest of its block unused */

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- links ---- */

static void cache_clear(link_cache *c)
{
	for (size_t i = 0; i < c->codes.count; i++) {
		free(c->links[i].head);
		free(c->links[i].tail);
	}
	clout_smap_release(&c->codes);
	free(c->links);
	memset(c, 0, sizeof(*c));
}

/* Remembers a resolved code (under the write lock); a failure only costs a lookup later. */
static void cache_put(link_cache *c, const char *code, int64_t id, const char *url)
{
	size_t base_len = strcspn(url, "#");
	const char *query = memchr(url, '?', base_len);
	const char *sep = !query ? "?" : (base_len && (url[base_len - 1] == '?' || url[base_len - 1] == '&')) ? "" : "&";
	cached_link link = { id, NULL, 0, NULL, 0 };
	int64_t slot;
	if (c->codes.count >= LINK_CACHE_MAX)
		cache_clear(c);
	if (!c->codes.slots && clout_smap_init(&c->codes, 1024) < 0)
		return;
	if (clout_smap_find(&c->codes, code, strlen(code)) >= 0)
		return;
	if (c->codes.count == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 1024;
		cached_link *grown = realloc(c->links, cap * sizeof(*grown));
		if (!grown)
			return;
		c->links = grown;
		c->cap = cap;
	}
	link.head_len = base_len + strlen(sep) + strlen("clout_click=");
	link.tail_len = strlen(url + base_len);
	link.head = malloc(link.head_len + 1);
	link.tail = strdup(url + base_len);
	if (!link.head || !link.tail) {
		free(link.head);
		free(link.tail);
		return;
	}
	snprintf(link.head, link.head_len + 1, "%.*s%sclout_click=", (int)base_len, url, sep);
	slot = clout_smap_intern(&c->codes, code, strlen(code));
	if (slot < 0 || (size_t)slot != c->codes.count - 1) {
		free(link.head);
		free(link.tail);
		return;
	}
	c->links[slot] = link;
}

/* Reads code's link from the store into the cache: 1 found, 0 unknown, or a negative code. */
static int load_link(clout_track_recorder *rec, const char *code, clout_error *err)
{
	const char *url;
	char *copy = NULL;
	int64_t id;
	int rc;
	pthread_mutex_lock(&rec->lookup_lock);
	if ((rc = clout__store_link_target(rec->lookup, code, &id, &url, err)) == 1 && !(copy = strdup(url)))
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	pthread_mutex_unlock(&rec->lookup_lock);
	/* not under lookup_lock: prepare holds the cache's read lock while it may reserve ids there */
	if (copy) {
		pthread_rwlock_wrlock(&rec->cache_lock);
		cache_put(&rec->links, code, id, copy);
		pthread_rwlock_unlock(&rec->cache_lock);
		free(copy);
	}
	return rc;
}

/* ---- ids ---- */

/* The next click id (under id_lock): from the block, the spare block, or a block reserved now. */
static int next_id(clout_track_recorder *rec, int64_t *out, clout_error *err)
{
	int rc = 0;
	pthread_mutex_lock(&rec->id_lock);
	if (rec->id_next >= rec->id_end) {
		if (rec->spare_end > rec->spare_next) {
			rec->id_next = rec->spare_next;
			rec->id_end = rec->spare_end;
			rec->spare_next = rec->spare_end = 0;
		} else {
			int64_t first;
			pthread_mutex_lock(&rec->lookup_lock);
			rc = clout__store_click_ids(rec->lookup, rec->block, &first, err);
			pthread_mutex_unlock(&rec->lookup_lock);
			if (rc == 0) {
				rec->id_next = first;
				rec->id_end = first + rec->block;
			}
		}
	}
	if (rc == 0) {
		*out = rec->id_next++;
		if (rec->id_end - rec->id_next == rec->block / 2 && rec->spare_end == 0) {
			pthread_mutex_lock(&rec->folder_lock);
			rec->want_spare = true;
			pthread_cond_signal(&rec->folder_wake);
			pthread_mutex_unlock(&rec->folder_lock);
		}
	}
	pthread_mutex_unlock(&rec->id_lock);
	return rc;
}

void recorder_reserve_spare(clout_track_recorder *rec)
{
	clout_error err = { 0 };
	int64_t first;
	bool want;
	pthread_mutex_lock(&rec->folder_lock);
	want = rec->want_spare;
	rec->want_spare = false;
	pthread_mutex_unlock(&rec->folder_lock);
	if (!want || clout__store_click_ids(rec->store, rec->block, &first, &err) < 0)
		return; /* the request path reserves its own block when this one failed */
	pthread_mutex_lock(&rec->id_lock);
	if (rec->spare_end == 0) {
		rec->spare_next = first;
		rec->spare_end = first + rec->block;
	}
	pthread_mutex_unlock(&rec->id_lock);
}

/* ---- preparing and logging ---- */

int clout_track_recorder_prepare(clout_track_recorder *rec, const char *code, const clout_click_request *req,
	clout_click_prepared *out, char *location, clout_error *err)
{
	click_record r;
	track_facts facts;
	int64_t slot;
	size_t code_len;
	int rc;
	if (!clout_track_code_valid(code))
		return CLOUT_ENOTFOUND;
	if (atomic_load(&rec->closed))
		return clout_error_set(err, CLOUT_EUNAVAILABLE, "the click recorder is stopped");
	code_len = strlen(code);
	track_classify(&rec->rules, req, &facts);
	memset(&r, 0, sizeof(r));
	r.at_ms = now_ms();
	r.click_class = (uint8_t)facts.click_class;
	r.ua_class = clicklog_ua_index(facts.ua_class);
	r.referrer_len = (uint8_t)strnlen(facts.referrer_host, 255);
	memcpy(r.referrer_host, facts.referrer_host, r.referrer_len);
	crypto_generichash(r.address_hash, CLICKLOG_HASH_LEN, req->address, req->address_len, rec->salt,
		RECORDER_SALT_LEN);
	for (int attempt = 0;; attempt++) {
		pthread_rwlock_rdlock(&rec->cache_lock);
		slot = rec->links.codes.slots ? clout_smap_find(&rec->links.codes, code, code_len) : -1;
		if (slot >= 0)
			break; /* read-locked */
		pthread_rwlock_unlock(&rec->cache_lock);
		if (attempt > 0) /* found but not cached (out of memory) */
			return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		if ((rc = load_link(rec, code, err)) <= 0)
			return rc == 0 ? CLOUT_ENOTFOUND : rc;
	}
	{
		const cached_link *l = &rec->links.links[slot];
		char digits[24];
		int n;
		if ((rc = next_id(rec, &r.id, err)) < 0) {
			pthread_rwlock_unlock(&rec->cache_lock);
			return rc;
		}
		r.link_id = l->id;
		n = snprintf(digits, sizeof(digits), "%" PRId64, r.id);
		memcpy(location, l->head, l->head_len);
		memcpy(location + l->head_len, digits, (size_t)n);
		memcpy(location + l->head_len + (size_t)n, l->tail, l->tail_len + 1);
	}
	pthread_rwlock_unlock(&rec->cache_lock);
	out->click_id = r.id;
	out->click_class = (clout_click_class)r.click_class;
	out->record_len = clicklog_encode(out->record, &r);
	return 0;
}

int clout_track_recorder_log(clout_track_recorder *rec, const uint8_t *records, size_t len, size_t count,
	const uint64_t by_class[CLOUT_CLICK_CLASSES], clout_error *err)
{
	int rc;
	if (atomic_load(&rec->closed))
		return clout_error_set(err, CLOUT_EUNAVAILABLE, "the click recorder is stopped");
	if ((rc = clicklog_append(&rec->log, records, len, err)) == 0 && count && rec->opts.on_batch) {
		static const uint64_t none[CLOUT_CLICK_CLASSES];
		rec->opts.on_batch(rec->opts.on_batch_ctx, count, by_class ? by_class : none);
	}
	return rc;
}

/* ---- the writer thread ---- */

static void answer(clout_track_recorder *rec, pending_click *p)
{
	clout_click_result r = { p->result, NULL, p->prepared.click_id, p->prepared.click_class, p->location };
	if (p->result < 0)
		r.message = rec->err.message;
	p->done(p->ctx, &r);
	free(p->location);
	p->location = NULL;
}

/* Logs clicks[0..n) in one append and answers them. */
static void write_batch(clout_track_recorder *rec, pending_click *clicks, size_t n)
{
	uint64_t by_class[CLOUT_CLICK_CLASSES] = { 0 };
	size_t len = 0;
	int rc = 0;
	if (rec->records_cap < n * CLOUT_CLICK_RECORD_MAX) {
		uint8_t *grown = realloc(rec->records, n * CLOUT_CLICK_RECORD_MAX);
		if (!grown)
			rc = clout_error_set(&rec->err, CLOUT_ENOMEM, "out of memory");
		else {
			rec->records = grown;
			rec->records_cap = n * CLOUT_CLICK_RECORD_MAX;
		}
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		memcpy(rec->records + len, clicks[i].prepared.record, clicks[i].prepared.record_len);
		len += clicks[i].prepared.record_len;
		by_class[clicks[i].prepared.click_class]++;
	}
	if (rc == 0)
		rc = clicklog_append(&rec->log, rec->records, len, &rec->err);
	if (rc == 0 && rec->opts.on_batch)
		rec->opts.on_batch(rec->opts.on_batch_ctx, n, by_class);
	for (size_t i = 0; i < n; i++) {
		clicks[i].result = rc;
		answer(rec, &clicks[i]);
	}
}

static void *writer(void *arg)
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
		write_batch(rec, rec->batch, n);
		pthread_mutex_lock(&rec->lock);
	}
	pthread_mutex_unlock(&rec->lock);
	return NULL;
}

int clout_track_recorder_submit(clout_track_recorder *rec, const char *code, const clout_click_request *req,
	clout_click_done_fn done, void *ctx)
{
	pending_click p;
	char location[CLOUT_CLICK_LOCATION_MAX];
	clout_error err = { 0 };
	int rc;
	if (!clout_track_code_valid(code))
		return CLOUT_EINVAL;
	if (atomic_load(&rec->closed))
		return CLOUT_EUNAVAILABLE;
	memset(&p, 0, sizeof(p));
	p.done = done;
	p.ctx = ctx;
	if ((rc = clout_track_recorder_prepare(rec, code, req, &p.prepared, location, &err)) < 0) {
		clout_click_result r = { rc, err.message[0] ? err.message : NULL, 0, CLOUT_CLICK_HUMAN, NULL };
		done(ctx, &r);
		return 0;
	}
	if (!(p.location = strdup(location)))
		return CLOUT_ENOMEM;
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
	if (rc < 0)
		free(p.location);
	return rc;
}

/* ---- life ---- */

/* The state directory: opts->state_dir, else LOCATION.clicks beside a file store, else ./clout-state. */
static char *state_dir_for(const char *location, const clout_track_recorder_options *o)
{
	size_t n;
	char *dir;
	if (o->state_dir)
		return strdup(o->state_dir);
	if (!strncmp(location, "postgres://", 11) || !strncmp(location, "postgresql://", 13))
		return strdup("clout-state");
	n = strlen(location) + sizeof(".clicks");
	if ((dir = malloc(n)) != NULL)
		snprintf(dir, n, "%s.clicks", location);
	return dir;
}

int clout_track_recorder_new(clout_track_recorder **out, const char *location,
	const clout_track_recorder_options *opts, clout_error *err)
{
	clout_track_recorder *rec;
	uint8_t candidate[RECORDER_SALT_LEN];
	int64_t first;
	uint64_t *seqs = NULL;
	size_t nseqs = 0;
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
	if (!rec->opts.fold_interval_ms)
		rec->opts.fold_interval_ms = 200;
	rec->block = ID_BLOCK;
	atomic_init(&rec->closed, false);
	atomic_init(&rec->fold_waiters, 0);
	rec->log.dir_fd = rec->log.lock_fd = rec->log.fd = -1;
	pthread_mutex_init(&rec->lock, NULL);
	pthread_cond_init(&rec->wake, NULL);
	pthread_mutex_init(&rec->lookup_lock, NULL);
	pthread_rwlock_init(&rec->cache_lock, NULL);
	pthread_mutex_init(&rec->id_lock, NULL);
	pthread_mutex_init(&rec->fold_lock, NULL);
	pthread_mutex_init(&rec->folder_lock, NULL);
	pthread_cond_init(&rec->folder_wake, NULL);
	randombytes_buf(candidate, sizeof(candidate));
	if (!(rec->state_dir = state_dir_for(location, &rec->opts))) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto fail;
	}
	rec->opts.state_dir = rec->state_dir;
	if ((rc = clout_store_open(&rec->store, location, err)) < 0 ||
	    (rc = clout_store_open(&rec->lookup, location, err)) < 0 || (rc = track_rules_load(&rec->rules, err)) < 0 ||
	    (rc = clout__store_secret(rec->store, "address_salt", candidate, rec->salt, RECORDER_SALT_LEN, err)) < 0 ||
	    (rc = clicklog_open(&rec->log, rec->state_dir, rec->opts.fsync, err)) < 0 ||
	    (rc = clicklog_segments(&rec->log, &seqs, &nseqs, err)) < 0)
		goto fail;
	/* New appends go past every segment there; then what a crash left is folded before serving. */
	if ((rc = clicklog_start(&rec->log, nseqs ? seqs[nseqs - 1] + 1 : 1, err)) < 0 ||
	    (rc = recorder_fold(rec, false, false, err)) < 0 || (rc = clout__store_click_ids(rec->lookup, rec->block, &first, err)) < 0)
		goto fail;
	rec->id_next = first;
	rec->id_end = first + rec->block;
	if (pthread_create(&rec->writer, NULL, writer, rec) != 0) {
		rc = clout_error_set(err, CLOUT_EINTERNAL, "cannot start the click writer thread");
		goto fail;
	}
	pthread_setname_np(rec->writer, "clout-clicks");
	rec->writer_started = true;
	if ((rc = recorder_folder_start(rec, err)) < 0)
		goto fail;
	free(seqs);
	*out = rec;
	return 0;
fail:
	free(seqs);
	clout_track_recorder_free(rec);
	return rc;
}

void clout_track_recorder_stop(clout_track_recorder *rec)
{
	clout_error err = { 0 };
	if (!rec || !rec->writer_started)
		return;
	pthread_mutex_lock(&rec->lock);
	rec->stopping = true;
	pthread_cond_signal(&rec->wake);
	pthread_mutex_unlock(&rec->lock);
	pthread_join(rec->writer, NULL);
	rec->writer_started = false;
	atomic_store(&rec->closed, true);
	recorder_folder_stop(rec);
	/* Everything logged goes into the store; a failure leaves it in the log for the next start. */
	if (recorder_fold(rec, true, false, &err) < 0)
		rec->fold_err = err;
}

void clout_track_recorder_free(clout_track_recorder *rec)
{
	if (!rec)
		return;
	clout_track_recorder_stop(rec);
	recorder_folder_stop(rec);
	cache_clear(&rec->links);
	track_rules_release(&rec->rules);
	clout_store_free(rec->store);
	clout_store_free(rec->lookup);
	clicklog_close(&rec->log);
	for (size_t i = 0; i < rec->queued; i++)
		free(rec->queue[i].location);
	free(rec->queue);
	free(rec->batch);
	free(rec->records);
	free(rec->state_dir);
	pthread_mutex_destroy(&rec->lock);
	pthread_cond_destroy(&rec->wake);
	pthread_mutex_destroy(&rec->lookup_lock);
	pthread_rwlock_destroy(&rec->cache_lock);
	pthread_mutex_destroy(&rec->id_lock);
	pthread_mutex_destroy(&rec->fold_lock);
	pthread_mutex_destroy(&rec->folder_lock);
	pthread_cond_destroy(&rec->folder_wake);
	free(rec);
}
