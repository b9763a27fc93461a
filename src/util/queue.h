/*
 * queue.h: a bounded queue of pointers between one producer thread and one consumer, the way
 * clout pipelines work (the import's reader and writer, the discovery index's reader and builder).
 *
 * The producer pushes (blocking while the queue is full) and finishes; the consumer pops (blocking
 * while it is empty) until NULL, and may stop the producer when it fails: a push then returns
 * false at once. A second, unbounded list of spare items lets the consumer hand used buffers back
 * to the producer.
 */
#ifndef CLOUT_UTIL_QUEUE_H
#define CLOUT_UTIL_QUEUE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct clout_queue {
	pthread_mutex_t mu;
	pthread_cond_t changed;
	void **items;          /* ring of cap items */
	size_t cap, head, count;
	void **spare;          /* handed back by the consumer */
	size_t nspare, cap_spare;
	bool finished;         /* the producer has pushed its last item */
	bool stopped;          /* the consumer wants no more */
} clout_queue;

/* 0, or CLOUT_ENOMEM. cap is the most items waiting at once (at least 1). */
int clout_queue_init(clout_queue *q, size_t cap);
/* Frees the queue's own memory; items still in it and spares are the caller's (see drain). */
void clout_queue_release(clout_queue *q);
/* Producer: waits for room; false (item not taken) when the consumer has stopped. */
bool clout_queue_push(clout_queue *q, void *item);
/* Producer: no more items. */
void clout_queue_finish(clout_queue *q);
/* Consumer: the next item, or NULL once the producer has finished and all are taken. */
void *clout_queue_pop(clout_queue *q);
/* Consumer: stops the producer (its pushes fail from now on). */
void clout_queue_stop(clout_queue *q);
/* Either side: hands an item back for reuse (false when it could not be kept: the caller frees
 * it), or takes one (NULL when none). */
bool clout_queue_give_spare(clout_queue *q, void *item);
void *clout_queue_take_spare(clout_queue *q);

#endif
