/* idmap.c: original node ids -> dense indexes (see idmap.h). */
#include <stdlib.h>
#include <string.h>

#include "clout/common.h"
#include "lib/graph/idmap.h"
#include "util/banned.h"

/* Ids below this go through the direct array (at most 4 bytes per id, grown on demand). */
#define DIRECT_LIMIT (UINT64_C(1) << 28)

void clout__idmap_init(clout_idmap *map)
{
	memset(map, 0, sizeof(*map));
}

void clout__idmap_release(clout_idmap *map)
{
	free(map->direct);
	clout_imap_release(&map->hash);
	free(map->ids);
	memset(map, 0, sizeof(*map));
}

static int push_id(clout_idmap *map, int64_t id, uint32_t *out)
{
	if (map->count >= UINT32_MAX - 1)
		return CLOUT_ENOMEM;
	if (map->count == map->ids_cap) {
		uint32_t cap = map->ids_cap ? (map->ids_cap > UINT32_MAX / 2 ? UINT32_MAX - 1 : map->ids_cap * 2) : 1024;
		int64_t *ids = realloc(map->ids, (size_t)cap * sizeof(*ids));
		if (!ids)
			return CLOUT_ENOMEM;
		map->ids = ids;
		map->ids_cap = cap;
	}
	map->ids[map->count] = id;
	*out = map->count++;
	return 0;
}

int clout__idmap_get(clout_idmap *map, int64_t id, uint32_t *out)
{
	int rc;
	if (id >= 0 && (uint64_t)id < DIRECT_LIMIT) {
		uint64_t u = (uint64_t)id;
		if (u >= map->direct_len) {
			uint64_t len = map->direct_len ? map->direct_len : 4096;
			while (len <= u)
				len *= 2;
			if (len > DIRECT_LIMIT)
				len = DIRECT_LIMIT;
			uint32_t *direct = realloc(map->direct, len * sizeof(*direct));
			if (!direct)
				return CLOUT_ENOMEM;
			memset(direct + map->direct_len, 0, (len - map->direct_len) * sizeof(*direct));
			map->direct = direct;
			map->direct_len = len;
		}
		if (map->direct[u]) {
			*out = map->direct[u] - 1;
			return 0;
		}
		if ((rc = push_id(map, id, out)) < 0)
			return rc;
		map->direct[u] = *out + 1;
		return 0;
	}
	if (id == INT64_MIN) {
		if (map->min_index) {
			*out = map->min_index - 1;
			return 0;
		}
		if ((rc = push_id(map, id, out)) == 0)
			map->min_index = *out + 1;
		return rc;
	}
	if (map->count >= UINT32_MAX - 1)
		return CLOUT_ENOMEM;
	if ((rc = clout_imap_intern(&map->hash, id, map->count, out)) <= 0)
		return rc; /* found, or out of memory */
	return push_id(map, id, out);
}

int64_t *clout__idmap_detach_ids(clout_idmap *map)
{
	int64_t *ids = map->ids;
	if (!ids)
		ids = malloc(sizeof(*ids));
	map->ids = NULL;
	map->ids_cap = 0;
	return ids;
}
