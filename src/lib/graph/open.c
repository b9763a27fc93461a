/* open.c: resolving user-written node keys to a graph's nodes, one by one or from a node list (see graph.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/graph/graph_internal.h"
#include "util/banned.h"

int clout_graph_resolve(const clout_graph *g, const char *key, clout_key_resolver resolve, void *ctx, uint32_t *out,
	clout_error *err)
{
	int64_t id;
	int rc;
	if (resolve) {
		if ((rc = resolve(ctx, key, &id, err)) < 0)
			return rc == CLOUT_ENOTFOUND ? clout_error_set(err, rc, "unknown id '%s'", key) : rc;
	} else {
		char *end;
		errno = 0;
		long long v = strtoll(key, &end, 10);
		if (errno || end == key || *end)
			return clout_error_set(err, CLOUT_ENOTFOUND, "unknown id '%s' (node ids are integers)", key);
		id = v;
	}
	if (clout_graph_find_node(g, id, out, NULL) < 0)
		return clout_error_set(err, CLOUT_ENOTFOUND, "unknown id '%s': not in the graph", key);
	return 0;
}

int clout_graph_read_nodes(uint32_t **out, uint32_t *count_out, const clout_graph *g, const char *path,
	clout_key_resolver resolve, void *ctx, clout_error *err)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	uint32_t *nodes = NULL, count = 0, cap = 0;
	uint64_t lineno = 0;
	int rc = 0;
	*out = NULL;
	*count_out = 0;
	if (!f)
		return clout_error_set(err, errno == ENOENT ? CLOUT_ENOTFOUND : CLOUT_EIO, "%s: cannot open: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *key = line;
		size_t len;
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			rc = clout_error_set(err, CLOUT_EBADDATA, "%s:%llu: line too long", path, (unsigned long long)lineno);
			goto done;
		}
		while (*key == ' ' || *key == '\t')
			key++;
		len = strcspn(key, ",\t \r\n");
		key[len] = '\0';
		if (!len || key[0] == '#' || (lineno == 1 && !strcmp(key, "id")))
			continue;
		if (count == cap) {
			cap = cap ? cap * 2 : 64;
			uint32_t *grown = realloc(nodes, cap * sizeof(*grown));
			if (!grown) {
				rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
				goto done;
			}
			nodes = grown;
		}
		if ((rc = clout_graph_resolve(g, key, resolve, ctx, &nodes[count], err)) < 0) {
			rc = clout_error_wrap(err, rc == CLOUT_ENOTFOUND ? CLOUT_EBADDATA : rc, "%s:%llu: ", path,
				(unsigned long long)lineno);
			goto done;
		}
		count++;
	}
	if (ferror(f)) {
		rc = clout_error_set(err, CLOUT_EIO, "%s: read error", path);
		goto done;
	}
	*out = nodes;
	*count_out = count;
	nodes = NULL;
done:
	fclose(f);
	free(nodes);
	return rc;
}

int clout_graph_read_target(uint8_t **out, const clout_graph *g, const char *path, clout_key_resolver resolve,
	void *ctx, clout_error *err)
{
	uint32_t *nodes = NULL, count = 0;
	int rc;
	*out = NULL;
	if ((rc = clout_graph_read_nodes(&nodes, &count, g, path, resolve, ctx, err)) < 0)
		return rc;
	if (!(*out = calloc(clout_graph_node_count(g), 1)))
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	for (uint32_t i = 0; *out && i < count; i++)
		(*out)[nodes[i]] = 1;
	free(nodes);
	return rc;
}
