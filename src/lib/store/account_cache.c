/*
 * account_cache.c: the per-transaction cache of account ids (see store_account_cache in
 * store_internal.h): a string map from (workspace, platform, ext_id) to the id and whether the
 * account has a handle.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/store/store_internal.h"
#include "util/banned.h"

#define CACHE_MAX (4u << 20)
#define KEY_MAX 640
#define NAMED_BIT ((int64_t)1 << 62)

void store_cache_clear(store_account_cache *c)
{
	clout_smap_release(&c->keys);
	memset(&c->keys, 0, sizeof(c->keys));
	free(c->ids);
	c->ids = NULL;
	c->ids_cap = 0;
	c->complete_ws = 0;
	c->complete_all = false;
	c->misses = 0;
	c->on = false;
}

/* The key of an account in buf: the workspace's 8 bytes, platform, US, ext_id; 0 when it does not
 * fit (then the cache is bypassed). */
static size_t cache_key(char *buf, int64_t ws, const char *platform, size_t plen, const char *ext_id, size_t elen)
{
	if (sizeof(ws) + plen + 1 + elen > KEY_MAX)
		return 0;
	memcpy(buf, &ws, sizeof(ws));
	memcpy(buf + sizeof(ws), platform, plen);
	buf[sizeof(ws) + plen] = '\x1f';
	memcpy(buf + sizeof(ws) + plen + 1, ext_id, elen);
	return sizeof(ws) + plen + 1 + elen;
}

bool store_cache_get(store_account_cache *c, int64_t ws, const char *platform, const char *ext_id, int64_t *out,
	bool *named)
{
	char key[KEY_MAX];
	size_t len;
	int64_t i;
	if (!c->on || !c->ids || !(len = cache_key(key, ws, platform, strlen(platform), ext_id, strlen(ext_id))))
		return false;
	if ((i = clout_smap_find(&c->keys, key, len)) < 0)
		return false;
	*out = c->ids[i] & ~NAMED_BIT;
	if (named)
		*named = (c->ids[i] & NAMED_BIT) != 0;
	return true;
}

void store_cache_put_len(store_account_cache *c, int64_t ws, const char *platform, size_t plen, const char *ext_id,
	size_t elen, int64_t id, bool named)
{
	char key[KEY_MAX];
	size_t len;
	int64_t i;
	if (!c->on)
		return;
	if (!(len = cache_key(key, ws, platform, plen, ext_id, elen)))
		goto incomplete;
	if (!c->ids) {
		if (clout_smap_init(&c->keys, 1 << 16) < 0)
			goto incomplete;
		c->ids_cap = 1 << 16;
		if (!(c->ids = malloc(c->ids_cap * sizeof(*c->ids)))) {
			clout_smap_release(&c->keys);
			memset(&c->keys, 0, sizeof(c->keys));
			c->ids_cap = 0;
			goto incomplete;
		}
	}
	if (c->keys.count >= CACHE_MAX || (i = clout_smap_intern(&c->keys, key, len)) < 0)
		goto incomplete;
	if ((size_t)i >= c->ids_cap) {
		int64_t *p = realloc(c->ids, c->ids_cap * 2 * sizeof(*p));
		if (!p) {
			/* the key is in the map without an id: forget everything, the cache is only a cache */
			bool on = c->on;
			store_cache_clear(c);
			c->on = on;
			return;
		}
		c->ids = p;
		c->ids_cap *= 2;
	}
	c->ids[i] = id | (named ? NAMED_BIT : 0);
	return;
incomplete:
	c->complete_ws = 0;
	c->complete_all = false;
}

void store_cache_put(store_account_cache *c, int64_t ws, const char *platform, const char *ext_id, int64_t id,
	bool named)
{
	store_cache_put_len(c, ws, platform, strlen(platform), ext_id, strlen(ext_id), id, named);
}
