/*
 * test_import_sources.c: record sources and the record iterator: the same payload read from a
 * file, a gzip file, a file descriptor (a pipe, plain and gzip) and memory (plain and gzip) yields
 * the same records in the same order, for JSON lines, one JSON document and CSV; truncated input
 * gives a NAME:LINE error from every source; bad records are reported and skipped; and
 * clout_import_run writes a stream into the store like a file.
 */
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <cmocka.h>

#include "clout/clout.h"
#include "unit/store_fixture.h"
#include "unit/import_fixture.h"
#include "util/banned.h"

static const char *local(const char *rel)
{
	static char path[1024];
	const char *root = getenv("CLOUT_SOURCE");
	snprintf(path, sizeof(path), "%s/tests/fixtures/import/%s", root ? root : ".", rel);
	return path;
}

/* A payload in memory. */
typedef struct payload {
	char *data;
	size_t len;
} payload;

static payload read_file(const char *path)
{
	payload p = { NULL, 0 };
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	p.len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	p.data = malloc(p.len + 1);
	assert_non_null(p.data);
	assert_int_equal(fread(p.data, 1, p.len, f), p.len);
	fclose(f);
	return p;
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

/* data gzip-compressed (in two members, as concatenated .gz files are). */
static payload gzip(const payload *in)
{
	payload out = { NULL, 0 };
	size_t half = in->len / 2;
	for (int m = 0; m < 2; m++) {
		const char *from = in->data + (m ? half : 0);
		size_t n = m ? in->len - half : half;
		z_stream z;
		memset(&z, 0, sizeof(z));
		assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
		size_t bound = deflateBound(&z, n) + 64;
		out.data = realloc(out.data, out.len + bound);
		z.next_in = (unsigned char *)(uintptr_t)from;
		z.avail_in = (uInt)n;
		z.next_out = (unsigned char *)out.data + out.len;
		z.avail_out = (uInt)bound;
		assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
		out.len += bound - z.avail_out;
		deflateEnd(&z);
	}
	return out;
}

/* Writes a payload into a pipe from a thread, so that the reader sees a real stream. */
typedef struct pipe_feed {
	int fd;
	payload p;
} pipe_feed;

static void *feed(void *arg)
{
	pipe_feed *f = arg;
	size_t at = 0;
	while (at < f->p.len) {
		size_t n = f->p.len - at > 1000 ? 1000 : f->p.len - at; /* small writes: many partial reads */
		ssize_t w = write(f->fd, f->p.data + at, n);
		if (w <= 0)
			break;
		at += (size_t)w;
	}
	close(f->fd);
	return NULL;
}

/* Every record of source as text ("line|accounts|posts|edges" lines), or the first error. */
static char *records_of(const clout_import_source *source, const char *format, clout_error *err_out, int *rc_out)
{
	clout_import_options opts = CLOUT_IMPORT_OPTIONS_INIT;
	clout_import_reader *r;
	clout_import_record rec;
	clout_error err = { 0 };
	size_t cap = 1 << 16, len = 0;
	char *out = calloc(1, cap);
	int rc;
	opts.format = format;
	*rc_out = 0;
	if ((rc = clout_import_reader_open(&r, source, &opts, &err)) < 0) {
		*rc_out = rc;
		*err_out = err;
		return out;
	}
	while ((rc = clout_import_reader_next(r, &rec, &err)) != 0) {
		char line[4096];
		int n;
		if (rc < 0) {
			if (!*rc_out) {
				*rc_out = rc;
				*err_out = err;
			}
			n = snprintf(line, sizeof(line), "bad %s\n", err.message);
			if (rc != CLOUT_EBADDATA)
				break;
		} else {
			n = snprintf(line, sizeof(line), "%llu|", (unsigned long long)rec.line);
			for (size_t i = 0; i < rec.naccounts; i++)
				n += snprintf(line + n, sizeof(line) - (size_t)n, "a:%s:%s:%s:%lld%s,", rec.accounts[i].platform,
					rec.accounts[i].ext_id, rec.accounts[i].handle ? rec.accounts[i].handle : "-",
					(long long)rec.accounts[i].followers, rec.accounts[i].weak ? ":weak" : "");
			for (size_t i = 0; i < rec.nposts; i++)
				n += snprintf(line + n, sizeof(line) - (size_t)n, "p:%s:%s:%.*s:%lld,", rec.posts[i].ext_id,
					rec.posts[i].author_ext_id ? rec.posts[i].author_ext_id : "-", (int)rec.posts[i].text_len,
					rec.posts[i].text ? rec.posts[i].text : "", (long long)rec.posts[i].likes);
			for (size_t i = 0; i < rec.nedges; i++)
				n += snprintf(line + n, sizeof(line) - (size_t)n, "e:%s:%s:%s,", rec.edges[i].src_ext_id,
					rec.edges[i].dst_ext_id, rec.edges[i].kind);
			n += snprintf(line + n, sizeof(line) - (size_t)n, "\n");
		}
		if (len + (size_t)n + 1 > cap) {
			cap = (cap + (size_t)n) * 2;
			out = realloc(out, cap);
		}
		memcpy(out + len, line, (size_t)n + 1);
		len += (size_t)n;
	}
	clout_import_reader_free(r);
	return out;
}

/* The records of p from every kind of source; all must be equal. Returns them (for more checks). */
static char *same_from_every_source(const payload *p, const char *format, int want_rc, const char *want_error)
{
	payload z = gzip(p);
	char plain_path[] = "/tmp/clout-src-XXXXXX", gz_path[] = "/tmp/clout-srcgz-XXXXXX";
	int fd1 = mkstemp(plain_path), fd2 = mkstemp(gz_path);
	char *first = NULL;
	close(fd1);
	close(fd2);
	write_file(plain_path, p->data, p->len);
	write_file(gz_path, z.data, z.len);
	for (int kind = 0; kind < 6; kind++) {
		clout_import_source src = CLOUT_IMPORT_SOURCE_PATH(plain_path);
		pthread_t writer;
		pipe_feed f;
		int fds[2] = { -1, -1 };
		clout_error err = { 0 };
		int rc;
		src.name = "payload";
		if (kind == 1)
			src.path = gz_path;
		if (kind == 2 || kind == 3) {
			assert_int_equal(pipe(fds), 0);
			f.fd = fds[1];
			f.p = kind == 2 ? *p : z;
			assert_int_equal(pthread_create(&writer, NULL, feed, &f), 0);
			clout_import_source s = CLOUT_IMPORT_SOURCE_FD(fds[0], "payload");
			src = s;
		}
		if (kind == 4 || kind == 5) {
			clout_import_source s = CLOUT_IMPORT_SOURCE_MEMORY(kind == 4 ? p->data : z.data, kind == 4 ? p->len : z.len,
				"payload");
			src = s;
		}
		char *got = records_of(&src, format, &err, &rc);
		if (kind == 2 || kind == 3) {
			close(fds[0]); /* the writer ends even when the reader stopped early */
			pthread_join(writer, NULL);
		}
		if (rc != want_rc)
			fail_msg("source kind %d: rc %d (%s), wanted %d", kind, rc, err.message, want_rc);
		if (want_error && !strstr(err.message, want_error))
			fail_msg("source kind %d: error '%s' lacks '%s'", kind, err.message, want_error);
		if (!first)
			first = got;
		else {
			if (strcmp(first, got))
				fail_msg("source kind %d gave other records:\n%s\n---- than\n%s", kind, got, first);
			free(got);
		}
	}
	unlink(plain_path);
	unlink(gz_path);
	free(z.data);
	return first;
}

static payload jsonl_payload(void)
{
	payload p = { malloc(1 << 16), 0 };
	for (int i = 0; i < 40; i++) {
		p.len += (size_t)snprintf(p.data + p.len, (1 << 16) - p.len,
			"{\"type\":\"account\",\"platform\":\"instagram\",\"id\":\"a%d\",\"handle\":\"user%d\",\"followers\":%d}\n", i, i,
			1000 + i);
		p.len += (size_t)snprintf(p.data + p.len, (1 << 16) - p.len,
			"{\"type\":\"post\",\"platform\":\"instagram\",\"id\":\"p%d\",\"author\":\"a%d\",\"text\":\"post number %d about "
			"cooking\",\"likes\":%d}\n",
			i, i, i, i * 3);
		if (i % 4 == 0)
			p.len += (size_t)snprintf(p.data + p.len, (1 << 16) - p.len, "\n"); /* blank lines hold no record */
		p.len += (size_t)snprintf(p.data + p.len, (1 << 16) - p.len,
			"{\"type\":\"edge\",\"platform\":\"instagram\",\"src\":\"a%d\",\"dst\":\"a%d\",\"kind\":\"follow\"}\n", i,
			(i + 1) % 40);
	}
	return p;
}

static void test_sources__json_lines_same_from_every_source(void **state)
{
	payload p = jsonl_payload();
	(void)state;
	char *got = same_from_every_source(&p, NULL, 0, NULL);
	assert_non_null(strstr(got, "1|a:instagram:a0:user0:1000,\n"));
	assert_non_null(strstr(got, "|p:p39:a39:post number 39 about cooking:117,\n"));
	assert_non_null(strstr(got, "|e:a39:a0:follow,\n"));
	size_t lines = 0;
	for (const char *c = got; *c; c++)
		lines += *c == '\n';
	assert_int_equal(lines, 120);
	free(got);
	free(p.data);
}

static void test_sources__document_and_csv_same_from_every_source(void **state)
{
	payload doc = read_file(local("instagram_business_discovery.json"));
	payload csv = read_file(local("clout_posts.csv"));
	(void)state;
	char *got = same_from_every_source(&doc, NULL, 0, NULL);
	assert_non_null(strstr(got, "a:instagram:17841405309211844:bluebottle:267793"));
	free(got);
	got = same_from_every_source(&csv, NULL, 0, NULL);
	assert_non_null(strstr(got, "p:p2:17841400000000001:Two lines\nin one quoted field:300,"));
	free(got);
	free(doc.data);
	free(csv.data);
}

static void test_sources__truncated_input_names_its_line(void **state)
{
	payload p = jsonl_payload();
	payload cut = { p.data, p.len - 30 }; /* the last edge loses its end */
	(void)state;
	char *got = same_from_every_source(&cut, NULL, CLOUT_EBADDATA, "payload:130: ");
	assert_non_null(strstr(got, "bad payload:130: "));
	free(got);
	free(p.data);
}

static void test_sources__truncated_gzip_is_an_error_with_its_place(void **state)
{
	payload p = jsonl_payload();
	payload z = gzip(&p);
	payload cut = { z.data, z.len - 200 };
	char path[] = "/tmp/clout-cutgz-XXXXXX";
	int fd = mkstemp(path);
	(void)state;
	close(fd);
	write_file(path, cut.data, cut.len);
	for (int kind = 0; kind < 2; kind++) {
		clout_import_source file = CLOUT_IMPORT_SOURCE_PATH(path), mem = CLOUT_IMPORT_SOURCE_MEMORY(cut.data, cut.len, "cut.gz");
		clout_error err = { 0 };
		int rc;
		file.name = "cut.gz";
		char *got = records_of(kind ? &mem : &file, NULL, &err, &rc);
		assert_true(rc < 0);
		assert_non_null(strstr(err.message, "cut.gz:"));
		if (!strstr(err.message, "truncated gzip data"))
			fail_msg("kind %d: %s", kind, err.message);
		free(got);
	}
	unlink(path);
	free(z.data);
	free(p.data);
}

static void test_sources__bad_records_are_reported_and_skipped(void **state)
{
	const char *text = "{\"type\":\"post\",\"platform\":\"x\",\"id\":\"1\",\"author\":\"a\",\"text\":\"ok\"}\n"
			   "{\"type\":\"post\",\"platform\":\"x\",\"id\":\"2\",\"author\":\"a\",\"likes\":-3}\n"
			   "not json at all\n"
			   "{\"type\":\"post\",\"platform\":\"x\",\"id\":\"4\",\"author\":\"a\",\"text\":\"ok too\"}\n";
	payload p = { (char *)(uintptr_t)text, strlen(text) };
	(void)state;
	char *got = same_from_every_source(&p, "clout", CLOUT_EBADDATA, "payload:2: ");
	assert_non_null(strstr(got, "1|p:1:a:ok:"));
	assert_non_null(strstr(got, "bad payload:2: "));
	assert_non_null(strstr(got, "bad payload:3: "));
	assert_non_null(strstr(got, "4|p:4:a:ok too:"));
	free(got);
}

static void test_sources__import_from_a_stream_into_the_store(void **state)
{
	char db[SCRATCH_LOCATION_MAX] = "test_import_sources.db";
	payload p = jsonl_payload();
	payload z = gzip(&p);
	clout_session *session;
	clout_store *store;
	clout_store_counts counts;
	clout_import_stats stats;
	clout_import_options opts = CLOUT_IMPORT_OPTIONS_INIT;
	clout_error err = { 0 };
	int64_t ws;
	int fds[2];
	pthread_t writer;
	pipe_feed f;
	(void)state;
	assert_int_equal(scratch_session_fresh(db, sizeof(db), &session, &store, &ws), 0);
	assert_int_equal(pipe(fds), 0);
	f.fd = fds[1];
	f.p = z;
	assert_int_equal(pthread_create(&writer, NULL, feed, &f), 0);
	clout_import_source sources[2] = { CLOUT_IMPORT_SOURCE_FD(fds[0], "stream"),
		CLOUT_IMPORT_SOURCE_MEMORY(p.data, p.len, "request body") };
	assert_int_equal(fixture_import_sources(session, sources, 2, &opts, &stats, &err), 0);
	close(fds[0]);
	pthread_join(writer, NULL);
	assert_int_equal(stats.nfiles, 2);
	assert_string_equal(stats.files[0].path, "stream");
	assert_string_equal(stats.files[1].path, "request body");
	assert_int_equal(stats.files[0].records, 120);
	assert_int_equal(stats.files[1].records, 120);
	assert_int_equal(clout_store_counts_get(store, ws, &counts, &err), 0);
	assert_int_equal(counts.accounts, 40);
	assert_int_equal(counts.posts, 40);
	assert_int_equal(counts.edges, 40);
	clout_import_stats_release(&stats);
	/* skip_bad on a stream needs a reject path */
	opts.skip_bad = true;
	assert_int_equal(fixture_import_sources(session, &sources[1], 1, &opts, &stats, &err), CLOUT_EINVAL);
	clout_session_free(session);
	scratch_store_remove(db);
	free(z.data);
	free(p.data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sources__json_lines_same_from_every_source),
		cmocka_unit_test(test_sources__document_and_csv_same_from_every_source),
		cmocka_unit_test(test_sources__truncated_input_names_its_line),
		cmocka_unit_test(test_sources__truncated_gzip_is_an_error_with_its_place),
		cmocka_unit_test(test_sources__bad_records_are_reported_and_skipped),
		cmocka_unit_test(test_sources__import_from_a_stream_into_the_store),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
