/*
 * test_import_pipeline.c: the import's two threads (a reader that parses and sorts chunks, the
 * caller that writes them): progress, interruption while the reader waits on a full queue, errors
 * from either side in multi-file imports, and that nothing of a failed import stays.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "clout/clout.h"
#include "store_fixture.h"
#include "import_fixture.h"
#include "util/banned.h"

typedef struct fixture {
	char dir[256];
	char db[SCRATCH_LOCATION_MAX];
	char big[300];   /* 150,000 posts by 7,000 authors: several chunks */
	char small[300]; /* 3 accounts */
	char bad[300];   /* 50,000 good posts, then a bad one */
	clout_session *session;
	clout_store *store; /* the session's */
	int64_t ws;
} fixture;

#define BIG_POSTS 150000

static void write_posts(const char *path, int n, int bad_at)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	for (int i = 1; i <= n; i++) {
		if (i == bad_at)
			fprintf(f, "{\"type\":\"post\",\"platform\":\"x\",\"id\":\"q%d\",\"author\":\"a1\",\"likes\":\"many\"}\n", i);
		else
			fprintf(f, "{\"type\":\"post\",\"platform\":\"x\",\"id\":\"p%d\",\"author\":\"a%d\",\"likes\":%d,"
				   "\"text\":\"post number %d\"}\n",
				i, (i * 7919) % 7000, i % 50, i);
	}
	fclose(f);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	FILE *s;
	snprintf(f->dir, sizeof(f->dir), "/tmp/clout-test-pipeline-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->db, sizeof(f->db), "%s/t.db", f->dir);
	snprintf(f->big, sizeof(f->big), "%s/big.jsonl", f->dir);
	snprintf(f->small, sizeof(f->small), "%s/small.jsonl", f->dir);
	snprintf(f->bad, sizeof(f->bad), "%s/bad.jsonl", f->dir);
	write_posts(f->big, BIG_POSTS, 0);
	write_posts(f->bad, 50001, 50001);
	s = fopen(f->small, "w");
	assert_non_null(s);
	fputs("{\"type\":\"account\",\"platform\":\"x\",\"id\":\"s1\",\"followers\":10}\n"
	      "{\"type\":\"account\",\"platform\":\"x\",\"id\":\"s2\",\"followers\":20}\n"
	      "{\"type\":\"account\",\"platform\":\"x\",\"id\":\"s3\",\"followers\":30}\n",
		s);
	fclose(s);
	if (scratch_session_fresh(f->db, sizeof(f->db), &f->session, &f->store, &f->ws) < 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	char path[400];
	const char *names[] = { "big.jsonl", "small.jsonl", "bad.jsonl" };
	clout_session_free(f->session);
	scratch_store_remove(f->db);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", f->dir, names[i]);
		unlink(path);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

typedef struct progress_log {
	int calls;
	int stop_at; /* interrupt at this call (0: never) */
	uint64_t last, total;
	bool went_back;
} progress_log;

static int on_progress(void *ctx, uint64_t done, uint64_t total)
{
	progress_log *p = ctx;
	p->calls++;
	if (done < p->last)
		p->went_back = true;
	p->last = done;
	p->total = total;
	return p->stop_at && p->calls >= p->stop_at;
}

static int import(fixture *f, const char *const *paths, size_t n, progress_log *log, clout_import_stats *st,
	clout_error *err)
{
	clout_import_options opts = CLOUT_IMPORT_OPTIONS_INIT;
	opts.progress = on_progress;
	opts.progress_ctx = log;
	memset(err, 0, sizeof(*err));
	return fixture_import_paths(f->session, paths, n, &opts, st, err);
}

static clout_store_counts counts(fixture *f)
{
	clout_store_counts c;
	assert_int_equal(clout_store_counts_get(f->store, f->ws, &c, NULL), 0);
	return c;
}

static void test_pipeline__progress_rises_to_the_total(void **state)
{
	fixture *f = *state;
	const char *paths[] = { f->small, f->big };
	progress_log log = { 0 };
	clout_import_stats st;
	clout_error err;
	assert_int_equal(import(f, paths, 2, &log, &st, &err), 0);
	assert_int_equal(st.posts, BIG_POSTS);
	assert_int_equal(st.files[0].accounts, 3);
	assert_int_equal(st.files[1].posts, BIG_POSTS);
	assert_true(log.calls >= 3); /* one per chunk, and the end */
	assert_false(log.went_back);
	assert_int_equal(log.last, log.total);
	assert_int_equal(counts(f).posts, BIG_POSTS);
	assert_int_equal(counts(f).accounts, 3 + 7000);
	clout_import_stats_release(&st);
}

/* Stopped at the first chunk, with the reader thread waiting on a full queue: no hang, nothing kept. */
static void test_pipeline__interrupted_import_keeps_nothing(void **state)
{
	fixture *f = *state;
	const char *paths[] = { f->big, f->small };
	progress_log log = { .stop_at = 1 };
	clout_import_stats st;
	clout_error err;
	assert_int_equal(import(f, paths, 2, &log, &st, &err), CLOUT_EINVAL);
	assert_non_null(strstr(err.message, "interrupted"));
	assert_int_equal(log.calls, 1);
	assert_int_equal(counts(f).posts, 0);
	assert_int_equal(counts(f).accounts, 0);
	/* the store takes the next import as if nothing happened */
	log = (progress_log){ 0 };
	assert_int_equal(import(f, paths, 2, &log, &st, &err), 0);
	assert_int_equal(counts(f).posts, BIG_POSTS);
	clout_import_stats_release(&st);
}

/* A bad record in the last of several files: named by its own file and line; the files before it
 * (already written by then) are taken back. */
static void test_pipeline__error_in_a_later_file_takes_back_the_earlier(void **state)
{
	fixture *f = *state;
	const char *paths[] = { f->small, f->big, f->bad };
	progress_log log = { 0 };
	clout_import_stats st;
	clout_error err;
	char want[400];
	assert_int_equal(import(f, paths, 3, &log, &st, &err), CLOUT_EBADDATA);
	snprintf(want, sizeof(want), "%s:50001:", f->bad);
	assert_non_null(strstr(err.message, want));
	assert_non_null(strstr(err.message, "likes"));
	assert_int_equal(counts(f).posts, 0);
	assert_int_equal(counts(f).accounts, 0);
	assert_null(st.files);
}

/* With --skip-bad the same files import, all but the one record. */
static void test_pipeline__skip_bad_across_files(void **state)
{
	fixture *f = *state;
	const char *paths[] = { f->small, f->bad };
	clout_import_options opts = CLOUT_IMPORT_OPTIONS_INIT;
	clout_import_stats st;
	clout_error err = { 0 };
	char rejects[400];
	snprintf(rejects, sizeof(rejects), "%s/rejects", f->dir);
	opts.skip_bad = true;
	opts.reject_path = rejects;
	assert_int_equal(fixture_import_paths(f->session, paths, 2, &opts, &st, &err), 0);
	assert_int_equal(st.rejected, 1);
	assert_int_equal(st.files[1].rejected, 1);
	assert_int_equal(st.files[1].posts, 50000);
	assert_int_equal(counts(f).posts, 50000);
	clout_import_stats_release(&st);
	unlink(rejects);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pipeline__progress_rises_to_the_total, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pipeline__interrupted_import_keeps_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pipeline__error_in_a_later_file_takes_back_the_earlier, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pipeline__skip_bad_across_files, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
