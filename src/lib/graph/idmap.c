/* idmap.c: original node ids -> dense indexes (see idmap.h). */
#include <stdlib.h>
#include <string.h>

#include "clout/common.h"
#include "lib/graph/idmap.h"
#include "util/rng.h"
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
	free(map->hash_keys);
	free(map->hash_values);
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

static int hash_grow(clout_idmap *map)
{
	uint64_t cap = map->hash_cap ? map->hash_cap * 2 : 1024;
	int64_t *keys = malloc(cap * sizeof(*keys));
	uint32_t *values = calloc(cap, sizeof(*values));
	if (!keys || !values) {
		free(keys);
		free(values);
		return CLOUT_ENOMEM;
	}
	for (uint64_t i = 0; i < map->hash_cap; i++) {
		if (!map->hash_values[i])
			continue;
		uint64_t h = clout_rng_mix64((uint64_t)map->hash_keys[i]) & (cap - 1);
		while (values[h])
			h = (h + 1) & (cap - 1);
		keys[h] = map->hash_keys[i];
		values[h] = map->hash_values[i];
	}
	free(map->hash_keys);
	free(map->hash_values);
	map->hash_keys = keys;
	map->hash_values = values;
	map->hash_cap = cap;
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
	if ((map->hash_used + 1) * 2 > map->hash_cap && (rc = hash_grow(map)) < 0)
		return rc;
	uint64_t h = clout_rng_mix64((uint64_t)id) & (map->hash_cap - 1);
	while (map->hash_values[h]) {
		if (map->hash_keys[h] == id) {
			*out = map->hash_values[h] - 1;
			return 0;
		}
		h = (h + 1) & (map->hash_cap - 1);
	}
	if ((rc = push_id(map, id, out)) < 0)
		return rc;
	map->hash_keys[h] = id;
	map->hash_values[h] = *out + 1;
	map->hash_used++;
	return 0;
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
