/*
 * fuzz_edgelist.c: libFuzzer target for the edge-list loader (both paths: the parallel parser for
 * plain files and the streaming one, forced by a gzip wrapper). Build with clang:
 *   clang -fsanitize=fuzzer,address,undefined -Iinclude -Isrc fuzz/fuzz_edgelist.c build/libclout.a \
 *     $(pkg-config --libs sqlite3 jansson libutf8proc simdjson zlib) -lcsv -lstemmer -lstdc++ -lpthread -lm
 * or with -DFUZZ_STANDALONE (any C compiler) to replay files given on the command line.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "clout/graph.h"

static void load_both(const char *path, const clout_graph_load_options *opts)
{
	clout_graph *g = NULL;
	clout_error err = { 0 };
	if (clout_graph_load_edgelist(&g, path, opts, &err) == 0) {
		uint32_t n = clout_graph_node_count(g);
		clout_spread_result r;
		uint32_t seed = 0;
		if (n && clout_graph_spread(g, CLOUT_MODEL_IC, &seed, 1, NULL, 2, 1, 1, &r, NULL) != 0)
			abort();
		clout_graph_free(g);
	} else if (g || !err.message[0]) {
		abort(); /* a failure leaves no graph and always says why */
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char plain[] = "/tmp/fuzz-edgelist-XXXXXX", packed[] = "/tmp/fuzz-edgelist-gz-XXXXXX";
	clout_graph_load_options opts = CLOUT_GRAPH_LOAD_OPTIONS_INIT;
	int fd = mkstemp(plain), fdz = mkstemp(packed);
	gzFile z;
	if (fd < 0 || fdz < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size)
		goto done;
	z = gzdopen(dup(fdz), "wb");
	if (z) {
		gzwrite(z, data, (unsigned)size);
		gzclose(z);
	}
	opts.threads = 2;
	opts.drop_self_loops = size && (data[0] & 1);
	opts.reverse = size && (data[0] & 2);
	opts.header = size && (data[0] & 4);
	opts.low_memory = size && (data[0] & 8);
	load_both(plain, &opts);
	load_both(packed, &opts);
done:
	close(fd);
	close(fdz);
	unlink(plain);
	unlink(packed);
	return 0;
}

#ifdef FUZZ_STANDALONE
int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		uint8_t *buf;
		long len;
		if (!f)
			continue;
		fseek(f, 0, SEEK_END);
		len = ftell(f);
		fseek(f, 0, SEEK_SET);
		buf = malloc(len > 0 ? (size_t)len : 1);
		if (buf && fread(buf, 1, (size_t)len, f) == (size_t)len)
			LLVMFuzzerTestOneInput(buf, (size_t)len);
		free(buf);
		fclose(f);
	}
	return 0;
}
#endif
