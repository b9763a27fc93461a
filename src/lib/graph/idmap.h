/*
 * idmap.h: original 64-bit node ids -> dense 32-bit indexes, in order of first appearance.
 * Small non-negative ids (the usual SNAP and store ids) go through a direct array; the rest
 * through clout's int64 hash map (util/map.h).
 */
#ifndef CLOUT_LIB_GRAPH_IDMAP_H
#define CLOUT_LIB_GRAPH_IDMAP_H

#include <stdint.h>

#include "util/map.h"

typedef struct clout_idmap {
	uint32_t *direct;      /* id -> index + 1 (0: absent), for 0 <= id < direct_len */
	uint64_t direct_len;
	clout_imap hash;       /* the other ids -> index */
	uint32_t min_index;    /* index + 1 of INT64_MIN, which the hash map cannot hold (0: absent) */
	int64_t *ids;          /* index -> id */
	uint32_t count, ids_cap;
} clout_idmap;

void clout__idmap_init(clout_idmap *map);
void clout__idmap_release(clout_idmap *map);
/* The index of id, assigning the next one if new. CLOUT_ENOMEM past 2^32 - 2 nodes or memory. */
int clout__idmap_get(clout_idmap *map, int64_t id, uint32_t *out);
/* Hands over the index -> id array (count entries); add no ids afterwards. */
int64_t *clout__idmap_detach_ids(clout_idmap *map);

#endif
