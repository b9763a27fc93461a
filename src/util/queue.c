/* queue.c: the bounded producer-consumer queue (see queue.h). */
#include <stdlib.h>
#include <string.h>

#include "clout/common.h"
#include "util/array.h"
#include "util/queue.h"
#include "util/banned.h"

int clout_queue_init(clout_queue *q, size_t cap)
{
	memset(q, 0, sizeof(*q));
	q->cap = cap ? cap : 1;
	if (!(q->items = calloc(q->cap, sizeof(*q->items))))
		return CLOUT_ENOMEM;
	if (pthread_mutex_init(&q->mu, NULL) != 0) {
		free(q->items);
		return CLOUT_ENOMEM;
	}
	if (pthread_cond_init(&q->changed, NULL) != 0) {
		pthread_mutex_destroy(&q->mu);
		free(q->items);
		return CLOUT_ENOMEM;
	}
	return 0;
}

void clout_queue_release(clout_queue *q)
{
	pthread_cond_destroy(&q->changed);
	pthread_mutex_destroy(&q->mu);
	free(q->items);
	free(q->spare);
	memset(q, 0, sizeof(*q));
}

bool clout_queue_push(clout_queue *q, void *item)
{
	bool ok;
	pthread_mutex_lock(&q->mu);
	while (q->count == q->cap && !q->stopped)
		pthread_cond_wait(&q->changed, &q->mu);
	ok = !q->stopped;
	if (ok) {
		q->items[(q->head + q->count) % q->cap] = item;
		q->count++;
		pthread_cond_broadcast(&q->changed);
	}
	pthread_mutex_unlock(&q->mu);
	return ok;
}

void clout_queue_finish(clout_queue *q)
{
	pthread_mutex_lock(&q->mu);
	q->finished = true;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->mu);
}

void *clout_queue_pop(clout_queue *q)
{
	void *item = NULL;
	pthread_mutex_lock(&q->mu);
	while (q->count == 0 && !q->finished)
		pthread_cond_wait(&q->changed, &q->mu);
	if (q->count) {
		item = q->items[q->head];
		q->head = (q->head + 1) % q->cap;
		q->count--;
		pthread_cond_broadcast(&q->changed);
	}
	pthread_mutex_unlock(&q->mu);
	return item;
}

void clout_queue_stop(clout_queue *q)
{
	pthread_mutex_lock(&q->mu);
	q->stopped = true;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->mu);
}

bool clout_queue_give_spare(clout_queue *q, void *item)
{
	bool kept;
	pthread_mutex_lock(&q->mu);
	kept = clout_array_reserve(&q->spare, &q->cap_spare, q->nspare + 1, sizeof(*q->spare), 8) == 0;
	if (kept)
		q->spare[q->nspare++] = item;
	pthread_mutex_unlock(&q->mu);
	return kept;
}

void *clout_queue_take_spare(clout_queue *q)
{
	void *item = NULL;
	pthread_mutex_lock(&q->mu);
	if (q->nspare)
		item = q->spare[--q->nspare];
	pthread_mutex_unlock(&q->mu);
	return item;
}
