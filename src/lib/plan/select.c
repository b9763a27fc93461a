/*
 * select.c: greedy budgeted maximum coverage on RR sets, with the upper bound on the optimum that
 * OPIM-C's stopping rule needs.
 *
 * Marginal gains are kept exact (covering a set decrements the gain of every node in it), so a
 * lazy max-heap keyed by gain per cost finds the next pick: a popped entry whose key is stale is
 * pushed back with its current key (gains only fall, as in CELF).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clout/common.h"
#include "lib/plan/select.h"
#include "util/hugepage.h"
#include "util/banned.h"

typedef struct clout__heap_entry {
	double key;
	uint32_t node;
} heap_entry;

static void sift_down(heap_entry *h, uint64_t size, uint64_t i)
{
	heap_entry x = h[i];
	for (;;) {
		uint64_t c = 2 * i + 1;
		if (c >= size)
			break;
		if (c + 1 < size && (h[c + 1].key > h[c].key || (h[c + 1].key == h[c].key && h[c + 1].node < h[c].node)))
			c++;
		if (h[c].key < x.key || (h[c].key == x.key && h[c].node > x.node))
			break;
		h[i] = h[c];
		i = c;
	}
	h[i] = x;
}

typedef struct clout__item {
	double gain, cost;
} item;

/* The fractional knapsack optimum of items within capacity, in expected linear time (quickselect on
 * the gain/cost ratio). Reorders items. */
static double fractional_knapsack(item *items, uint64_t count, double capacity)
{
	double value = 0;
	uint64_t lo = 0, hi = count, state = 0x9e3779b97f4a7c15ULL;
	while (lo < hi && capacity > 0) {
		state = state * 6364136223846793005ULL + 1442695040888963407ULL;
		item pivot = items[lo + (state >> 33) % (hi - lo)];
		double ratio = pivot.gain / pivot.cost;
		/* three-way partition: [lo, a) above ratio, [a, b) equal, [b, hi) below */
		uint64_t a = lo, i = lo, b = hi;
		while (i < b) {
			double r = items[i].gain / items[i].cost;
			if (r > ratio) {
				item t = items[a];
				items[a++] = items[i];
				items[i++] = t;
			} else if (r < ratio) {
				item t = items[--b];
				items[b] = items[i];
				items[i] = t;
			} else {
				i++;
			}
		}
		double above_cost = 0, above_gain = 0, equal_cost = 0, equal_gain = 0;
		for (uint64_t j = lo; j < a; j++) {
			above_cost += items[j].cost;
			above_gain += items[j].gain;
		}
		if (above_cost > capacity) {
			hi = a;
			continue;
		}
		value += above_gain;
		capacity -= above_cost;
		for (uint64_t j = a; j < b; j++) {
			equal_cost += items[j].cost;
			equal_gain += items[j].gain;
		}
		if (equal_cost >= capacity)
			return value + ratio * capacity;
		value += equal_gain;
		capacity -= equal_cost;
		lo = b;
	}
	return value;
}

void clout__selection_release(clout_selection *sel)
{
	free(sel->nodes);
	free(sel->gains);
	memset(sel, 0, sizeof(*sel));
}

static inline double cost_of(const double *costs, uint32_t v)
{
	return costs ? costs[v] : 1.0;
}

void clout__select_work_release(clout_select_work *w)
{
	free(w->index_offset);
	free(w->gain);
	free(w->alive);
	free(w->heap);
	free(w->items);
	free(w->chosen);
	free(w->index);
	free(w->covered);
	free(w->hist);
	memset(w, 0, sizeof(*w));
}

/* Makes w's node-sized buffers fit n nodes; 0 or CLOUT_ENOMEM. */
static int work_nodes(clout_select_work *w, uint32_t n)
{
	size_t count = (size_t)n + 1;
	if (w->index_offset && w->n == n)
		return 0;
	clout__select_work_release(w);
	if (!(w->index_offset = malloc(count * sizeof(*w->index_offset))) || !(w->gain = malloc(count * sizeof(*w->gain))) ||
		!(w->alive = malloc(count * sizeof(*w->alive))) || !(w->heap = malloc(count * sizeof(*w->heap))) ||
		!(w->items = malloc(count * sizeof(*w->items))) || !(w->chosen = calloc(count, 1)))
		return CLOUT_ENOMEM;
	clout_hint_huge(w->index_offset, count * sizeof(*w->index_offset));
	clout_hint_huge(w->gain, count * sizeof(*w->gain));
	w->n = n;
	return 0;
}

/* Grows *buf (of *cap elements of size bytes) to at least want; 0 or CLOUT_ENOMEM. */
static int work_grow(void **buf, uint64_t *cap, uint64_t want, size_t size)
{
	void *p;
	if (want <= *cap && *buf)
		return 0;
	want += want / 2 + 64;
	if (!(p = realloc(*buf, want * size)))
		return CLOUT_ENOMEM;
	*buf = p;
	*cap = want;
	clout_hint_huge(p, want * size);
	return 0;
}

int clout__select(clout_selection *out, clout_select_work *w, const clout_rr_sets *sets, uint32_t n,
	const double *costs, double budget)
{
	uint64_t *index_offset, *gain, *hist = NULL;
	uint32_t *index, *alive, *picked = NULL;
	uint8_t *covered;
	heap_entry *heap;
	item *items;
	uint64_t *pick_gains = NULL;
	uint64_t heap_size = 0, alive_count = 0, total_covered = 0, hist_top = 0;
	uint32_t pick_count = 0, pick_cap = 64;
	double spent = 0, best_bound = INFINITY, cheapest = INFINITY;
	/* Greedy+Max: the best "prefix + one node" seen so far */
	uint64_t best_value = 0;
	uint32_t best_prefix = 0, best_extra = UINT32_MAX;
	int rc = CLOUT_ENOMEM;
	memset(out, 0, sizeof(*out));
	if (work_nodes(w, n) < 0 || work_grow((void **)&w->index, &w->index_cap, sets->entries, sizeof(*w->index)) < 0 ||
		work_grow((void **)&w->covered, &w->covered_cap, sets->count, 1) < 0 ||
		!(picked = malloc(pick_cap * sizeof(*picked))) || !(pick_gains = malloc(pick_cap * sizeof(*pick_gains))))
		goto done;
	index_offset = w->index_offset;
	gain = w->gain;
	index = w->index;
	covered = w->covered;
	alive = w->alive;
	heap = w->heap;
	items = w->items;
	memset(gain, 0, (size_t)n * sizeof(*gain));
	memset(covered, 0, sets->count);
	/* inverted index: node -> the sets it is in (filled backwards from each node's end, so that
	 * index_offset[v] ends at the node's first slot) */
	for (uint64_t i = 0; i < sets->entries; i++)
		gain[sets->nodes[i]]++;
	index_offset[0] = 0;
	for (uint32_t v = 0; v < n; v++)
		index_offset[v + 1] = index_offset[v] + gain[v];
	for (uint64_t s = sets->count; s-- > 0;)
		for (uint64_t i = sets->offset[s]; i < sets->offset[s + 1]; i++)
			index[--index_offset[sets->nodes[i] + 1]] = (uint32_t)s;
	/* now index_offset[v + 1] is v's first slot: shift back */
	for (uint32_t v = 0; v < n; v++)
		index_offset[v] = index_offset[v + 1];
	index_offset[n] = sets->entries;
	/* candidates: affordable nodes that are in some set */
	for (uint32_t v = 0; v < n; v++)
		if (gain[v] && cost_of(costs, v) >= 0 && cost_of(costs, v) <= budget) {
			alive[alive_count++] = v;
			heap[heap_size].key = (double)gain[v] / cost_of(costs, v);
			heap[heap_size++].node = v;
			if (cost_of(costs, v) < cheapest)
				cheapest = cost_of(costs, v);
			if (gain[v] > hist_top)
				hist_top = gain[v];
		}
	for (uint64_t i = heap_size / 2; i-- > 0;)
		sift_down(heap, heap_size, i);
	if (!costs) {
		/* unit costs: hist[g] counts the candidates gaining g sets, for the top-k sums */
		if (work_grow((void **)&w->hist, &w->hist_cap, hist_top + 1, sizeof(*w->hist)) < 0)
			goto done;
		hist = w->hist;
		memset(hist, 0, (hist_top + 1) * sizeof(*hist));
		for (uint64_t i = 0; i < alive_count; i++)
			hist[gain[alive[i]]]++;
	}
	for (;;) {
		/* the last prefix: nothing more fits (every candidate costs at least the cheapest) */
		bool last_prefix = !(spent + cheapest <= budget + 1e-9);
		if (!costs) {
			/* the bound at every prefix, from the histogram: the sum of the k largest gains */
			uint64_t k = (uint64_t)floor(budget + 1e-9), top = 0;
			while (hist_top && !hist[hist_top])
				hist_top--;
			for (uint64_t g = hist_top; g && k; g--) {
				uint64_t take = hist[g] < k ? hist[g] : k;
				top += take * g;
				k -= take;
			}
			if ((double)(total_covered + top) < best_bound)
				best_bound = (double)(total_covered + top);
			if (last_prefix)
				break;
			goto pick;
		}
		uint64_t kept = 0, best_single = 0;
		uint32_t best_single_node = UINT32_MAX;
		for (uint64_t i = 0; i < alive_count; i++) {
			uint32_t v = alive[i];
			if (!gain[v])
				continue;
			alive[kept] = v;
			items[kept].gain = (double)gain[v];
			items[kept].cost = cost_of(costs, v);
			kept++;
			if (costs && costs[v] <= budget - spent + 1e-9 && gain[v] > best_single) {
				best_single = gain[v];
				best_single_node = v;
			}
		}
		alive_count = kept;
		double bound = (double)total_covered + fractional_knapsack(items, kept, budget);
		if (bound < best_bound)
			best_bound = bound;
		if (best_single_node != UINT32_MAX && total_covered + best_single > best_value) {
			best_value = total_covered + best_single;
			best_prefix = pick_count;
			best_extra = best_single_node;
		}
		if (last_prefix)
			break;
		/* the next greedy pick */
pick:;
		uint32_t next = UINT32_MAX;
		while (heap_size) {
			heap_entry top = heap[0];
			double c = cost_of(costs, top.node);
			double key = (double)gain[top.node] / c;
			if (c > budget - spent + 1e-9 || !gain[top.node]) {
				heap[0] = heap[--heap_size]; /* it will never fit or gain again */
				sift_down(heap, heap_size, 0);
				continue;
			}
			if (key < top.key) {
				heap[0].key = key;
				sift_down(heap, heap_size, 0);
				continue;
			}
			next = top.node;
			heap[0] = heap[--heap_size];
			sift_down(heap, heap_size, 0);
			break;
		}
		if (next == UINT32_MAX)
			break;
		if (pick_count == pick_cap) {
			pick_cap *= 2;
			uint32_t *p = realloc(picked, pick_cap * sizeof(*p));
			if (!p)
				goto done;
			picked = p;
			uint64_t *g = realloc(pick_gains, pick_cap * sizeof(*g));
			if (!g)
				goto done;
			pick_gains = g;
		}
		picked[pick_count] = next;
		pick_gains[pick_count++] = gain[next];
		spent += cost_of(costs, next);
		total_covered += gain[next];
		for (uint64_t j = index_offset[next]; j < index_offset[next + 1]; j++) {
			uint32_t s = index[j];
			if (covered[s])
				continue;
			covered[s] = 1;
			if (hist)
				for (uint64_t i = sets->offset[s]; i < sets->offset[s + 1]; i++) {
					uint64_t g = gain[sets->nodes[i]]--;
					hist[g]--;
					hist[g - 1]++;
				}
			else
				for (uint64_t i = sets->offset[s]; i < sets->offset[s + 1]; i++)
					gain[sets->nodes[i]]--;
		}
	}
	out->upper_bound = best_bound;
	if (costs && best_extra != UINT32_MAX && best_value > total_covered) {
		/* a prefix plus one node beats the full greedy set: return that */
		pick_count = best_prefix;
		picked[pick_count] = best_extra;
		pick_gains[pick_count++] = 0;
		/* recompute the gains of the returned order exactly */
		total_covered = 0;
		spent = 0;
		memset(covered, 0, sets->count ? sets->count : 1);
		for (uint32_t k = 0; k < pick_count; k++) {
			uint64_t added = 0;
			for (uint64_t j = index_offset[picked[k]]; j < index_offset[picked[k] + 1]; j++)
				if (!covered[index[j]]) {
					covered[index[j]] = 1;
					added++;
				}
			pick_gains[k] = added;
			total_covered += added;
			spent += cost_of(costs, picked[k]);
		}
	}
	out->nodes = picked;
	out->gains = pick_gains;
	out->count = pick_count;
	out->covered = total_covered;
	out->cost = spent;
	picked = NULL;
	pick_gains = NULL;
	rc = 0;
done:
	free(picked);
	free(pick_gains);
	return rc;
}

int clout__coverage(uint64_t *out, clout_select_work *w, const clout_rr_sets *sets, uint32_t n, const uint32_t *nodes,
	uint32_t count)
{
	uint8_t *chosen;
	uint64_t hits = 0;
	if (work_nodes(w, n) < 0)
		return CLOUT_ENOMEM;
	chosen = w->chosen; /* all zero between calls */
	for (uint32_t i = 0; i < count; i++)
		chosen[nodes[i]] = 1;
	for (uint64_t s = 0; s < sets->count; s++)
		for (uint64_t i = sets->offset[s]; i < sets->offset[s + 1]; i++)
			if (chosen[sets->nodes[i]]) {
				hits++;
				break;
			}
	for (uint32_t i = 0; i < count; i++)
		chosen[nodes[i]] = 0;
	*out = hits;
	return 0;
}
