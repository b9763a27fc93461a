/*
 * test_sql.c: the SQL front (include/clout/sys/sql.h) on each engine: the statement cache,
 * binding and reading every type and NULL, transactions, savepoints, bulk loads, and migrations
 * (applied once, per-engine variants, a failed one changes nothing). Every group runs on SQLite;
 * the same tests run on PostgreSQL when $CLOUT_TEST_PG names a scratch cluster's maintenance
 * database (see store_fixture.h), and are skipped otherwise.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "clout/clout.h"
#include "store_fixture.h"
#include "util/banned.h"

typedef struct fixture {
	const char *engine;
	char location[SCRATCH_LOCATION_MAX];
	clout_sql *db;
} fixture;

/* The engine a group runs on, passed as the group's initial state. */
static const char engine_sqlite[] = "sqlite", engine_pg[] = "postgresql";

static int setup(void **state)
{
	const char *engine = *state;
	fixture *f;
	clout_error err = { 0 };
	if (engine == engine_pg && !scratch_pg_url()) {
		*state = NULL; /* each test skips */
		return 0;
	}
	f = calloc(1, sizeof(*f));
	f->engine = engine;
	if (scratch_db_create(f->location, sizeof(f->location), engine, "test_sql") < 0)
		return -1;
	if (clout__sql_open_bare(&f->db, f->location, NULL, &err) < 0) {
		fprintf(stderr, "%s: %s\n", f->location, err.message);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	if (!f)
		return 0;
	clout_sql_free(f->db);
	scratch_db_drop(f->location);
	free(f);
	return 0;
}

/* The fixture, or a cmocka skip when the engine is not available. */
static fixture *need(void **state)
{
	if (!*state)
		skip();
	return *state;
}

static bool is_pg(const fixture *f)
{
	return !strcmp(clout_sql_engine(f->db), "postgresql");
}

static void make_table(fixture *f)
{
	clout_error err = { 0 };
	int rc = clout_sql_exec(f->db,
		is_pg(f) ? "CREATE TABLE t_sql (i BIGINT, f DOUBLE PRECISION, s TEXT, b BYTEA)"
			 : "CREATE TABLE t_sql (i INTEGER, f REAL, s TEXT, b BLOB)",
		&err);
	if (rc < 0)
		fprintf(stderr, "%s\n", err.message);
	assert_int_equal(rc, 0);
}

static const char INSERT_SQL[] = "INSERT INTO t_sql(i, f, s, b) VALUES(?1, ?2, ?3, ?4)";
static const char COUNT_SQL[] = "SELECT count(*) FROM t_sql";
static const char SELECT_SQL[] = "SELECT i, f, s, b FROM t_sql ORDER BY i";

static void insert(fixture *f, int64_t i, const char *s)
{
	clout_sql_stmt *st;
	assert_int_equal(clout_sql_stmt_get(f->db, &st, INSERT_SQL, NULL), 0);
	assert_int_equal(clout_sql_bind_int64(f->db, st, 1, i), 0);
	assert_int_equal(clout_sql_bind_double(f->db, st, 2, (double)i / 4), 0);
	assert_int_equal(clout_sql_bind_text(f->db, st, 3, s), 0);
	assert_int_equal(clout_sql_bind_blob(f->db, st, 4, "\0\1\2", 3), 0);
	assert_int_equal(clout_sql_run(f->db, st, "inserting", NULL), 0);
}

static int64_t count_rows(fixture *f)
{
	clout_sql_stmt *st;
	int64_t n = -1;
	assert_int_equal(clout_sql_stmt_get(f->db, &st, COUNT_SQL, NULL), 0);
	assert_int_equal(clout_sql_run_int64(f->db, st, &n, "counting", NULL), 1);
	return n;
}

static void test_sql__statements_are_cached_by_address(void **state)
{
	fixture *f = need(state);
	char copy[sizeof(COUNT_SQL)];
	clout_sql_stmt *a, *b, *c;
	make_table(f);
	memcpy(copy, COUNT_SQL, sizeof(copy));
	assert_int_equal(clout_sql_stmt_get(f->db, &a, COUNT_SQL, NULL), 0);
	assert_int_equal(clout_sql_stmt_get(f->db, &b, COUNT_SQL, NULL), 0);
	assert_int_equal(clout_sql_stmt_get(f->db, &c, copy, NULL), 0);
	assert_ptr_equal(a, b);
	assert_ptr_not_equal(a, c);
	/* a statement left on a row is reset by the next get */
	insert(f, 1, "x");
	insert(f, 2, "y");
	assert_int_equal(clout_sql_stmt_get(f->db, &a, SELECT_SQL, NULL), 0);
	assert_int_equal(clout_sql_step(f->db, a, "reading", NULL), CLOUT_SQL_ROW);
	assert_int_equal(clout_sql_column_int64(f->db, a, 0), 1);
	assert_int_equal(clout_sql_stmt_get(f->db, &a, SELECT_SQL, NULL), 0);
	assert_int_equal(clout_sql_step(f->db, a, "reading", NULL), CLOUT_SQL_ROW);
	assert_int_equal(clout_sql_column_int64(f->db, a, 0), 1);
	clout_sql_reset(f->db, a);
}

static void test_sql__bad_sql_names_the_statement(void **state)
{
	fixture *f = need(state);
	clout_error err = { 0 };
	clout_sql_stmt *st;
	assert_true(clout_sql_stmt_get(f->db, &st, "SELEKT 1", &err) < 0);
	assert_null(st);
	assert_non_null(strstr(err.message, "SELEKT"));
	assert_int_equal(clout_sql_stmt_get(f->db, &st, "", &err), CLOUT_EINVAL);
}

static void test_sql__binds_and_reads_every_type(void **state)
{
	fixture *f = need(state);
	clout_sql_stmt *st;
	const char *s;
	const unsigned char *b;
	size_t len;
	make_table(f);
	assert_int_equal(clout_sql_stmt_get(f->db, &st, INSERT_SQL, NULL), 0);
	assert_int_equal(clout_sql_bind_int64(f->db, st, 1, INT64_C(9007199254740993)), 0);
	assert_int_equal(clout_sql_bind_double(f->db, st, 2, 2.5), 0);
	assert_int_equal(clout_sql_bind_text_len(f->db, st, 3, "héllo world", 6), 0);
	assert_int_equal(clout_sql_bind_blob(f->db, st, 4, "\0\xff\x01", 3), 0);
	assert_int_equal(clout_sql_run(f->db, st, "inserting", NULL), 0);
	assert_int_equal(clout_sql_changes(f->db, st), 1);

	assert_int_equal(clout_sql_stmt_get(f->db, &st, SELECT_SQL, NULL), 0);
	assert_int_equal(clout_sql_step(f->db, st, "reading", NULL), CLOUT_SQL_ROW);
	assert_int_equal(clout_sql_column_type(f->db, st, 0), CLOUT_SQL_INTEGER);
	assert_true(clout_sql_column_int64(f->db, st, 0) == INT64_C(9007199254740993)); /* not a double */
	assert_int_equal(clout_sql_column_type(f->db, st, 1), CLOUT_SQL_FLOAT);
	assert_true(clout_sql_column_double(f->db, st, 1) == 2.5);
	assert_int_equal(clout_sql_column_type(f->db, st, 2), CLOUT_SQL_TEXT);
	s = clout_sql_column_text(f->db, st, 2, &len);
	assert_int_equal(len, 6);
	assert_string_equal(s, "h\xc3\xa9llo"); /* NUL-terminated */
	assert_int_equal(clout_sql_column_type(f->db, st, 3), CLOUT_SQL_BLOB);
	b = clout_sql_column_blob(f->db, st, 3, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(b, "\0\xff\x01", 3);
	assert_int_equal(clout_sql_step(f->db, st, "reading", NULL), CLOUT_SQL_DONE);
	clout_sql_reset(f->db, st);
}

static const char CACHE_SIZE_SQL[] = "PRAGMA cache_size", MMAP_SIZE_SQL[] = "PRAGMA mmap_size";

static int64_t pragma(fixture *f, const char *sql)
{
	clout_sql_stmt *st;
	int64_t v = -1;
	assert_int_equal(clout_sql_stmt_get(f->db, &st, sql, NULL), 0);
	assert_int_equal(clout_sql_run_int64(f->db, st, &v, "reading a pragma", NULL), 1);
	return v;
}

/* A connection opens with the default cache and map, and cache_limit changes both (SQLite); on an
 * engine without a client-side cache it does nothing and succeeds. */
static void test_sql__cache_limit(void **state)
{
	fixture *f = need(state);
	clout_error err = { 0 };
	if (is_pg(f)) {
		assert_int_equal(clout_sql_cache_limit(f->db, 1 << 20, 0, &err), 0);
		return;
	}
	assert_int_equal(pragma(f, CACHE_SIZE_SQL), -(int64_t)(CLOUT_SQL_CACHE_BYTES / 1024));
	assert_int_equal(pragma(f, MMAP_SIZE_SQL), (int64_t)CLOUT_SQL_MAP_BYTES);
	assert_int_equal(clout_sql_cache_limit(f->db, (size_t)64 << 20, 0, &err), 0);
	assert_int_equal(pragma(f, CACHE_SIZE_SQL), -65536);
	assert_int_equal(pragma(f, MMAP_SIZE_SQL), 0);
	/* the connection still reads and writes */
	make_table(f);
	insert(f, 1, "x");
	assert_int_equal(count_rows(f), 1);
	assert_int_equal(clout_sql_cache_limit(f->db, CLOUT_SQL_CACHE_BYTES, CLOUT_SQL_MAP_BYTES, &err), 0);
	assert_int_equal(pragma(f, CACHE_SIZE_SQL), -(int64_t)(CLOUT_SQL_CACHE_BYTES / 1024));
	assert_int_equal(pragma(f, MMAP_SIZE_SQL), (int64_t)CLOUT_SQL_MAP_BYTES);
}

static void test_sql__nulls(void **state)
{
	fixture *f = need(state);
	clout_sql_stmt *st;
	size_t len = 99;
	make_table(f);
	assert_int_equal(clout_sql_stmt_get(f->db, &st, INSERT_SQL, NULL), 0);
	assert_int_equal(clout_sql_bind_count(f->db, st, 1, CLOUT_UNKNOWN), 0);
	assert_int_equal(clout_sql_bind_null(f->db, st, 2), 0);
	assert_int_equal(clout_sql_bind_text(f->db, st, 3, NULL), 0);
	assert_int_equal(clout_sql_bind_null(f->db, st, 4), 0);
	assert_int_equal(clout_sql_run(f->db, st, "inserting", NULL), 0);
	assert_int_equal(clout_sql_stmt_get(f->db, &st, SELECT_SQL, NULL), 0);
	assert_int_equal(clout_sql_step(f->db, st, "reading", NULL), CLOUT_SQL_ROW);
	for (int c = 0; c < 4; c++)
		assert_int_equal(clout_sql_column_type(f->db, st, c), CLOUT_SQL_NULL);
	assert_int_equal(clout_sql_column_count(f->db, st, 0), CLOUT_UNKNOWN);
	assert_null(clout_sql_column_text(f->db, st, 2, &len));
	assert_int_equal(len, 0);
	assert_null(clout_sql_column_blob(f->db, st, 3, NULL));
	clout_sql_reset(f->db, st);
	/* a bad index is refused before the engine sees it */
	assert_int_equal(clout_sql_stmt_get(f->db, &st, INSERT_SQL, NULL), 0);
	assert_int_equal(clout_sql_bind_int64(f->db, st, 0, 1), CLOUT_EINVAL);
}

static void test_sql__transactions(void **state)
{
	fixture *f = need(state);
	clout_error err = { 0 };
	make_table(f);
	assert_int_equal(clout_sql_commit(f->db, &err), CLOUT_EINVAL);
	assert_int_equal(clout_sql_begin(f->db, true, NULL), 0);
	assert_true(clout_sql_in_transaction(f->db));
	assert_int_equal(clout_sql_begin(f->db, true, &err), CLOUT_EINVAL);
	assert_non_null(strstr(err.message, "already open"));
	insert(f, 1, "gone");
	assert_int_equal(count_rows(f), 1);
	assert_int_equal(clout_sql_rollback(f->db), 0);
	assert_false(clout_sql_in_transaction(f->db));
	assert_int_equal(count_rows(f), 0);
	assert_int_equal(clout_sql_begin(f->db, true, NULL), 0);
	insert(f, 2, "kept");
	assert_int_equal(clout_sql_commit(f->db, NULL), 0);
	assert_int_equal(count_rows(f), 1);
	/* a read transaction */
	assert_int_equal(clout_sql_begin(f->db, false, NULL), 0);
	assert_int_equal(count_rows(f), 1);
	assert_int_equal(clout_sql_commit(f->db, NULL), 0);
}

static void test_sql__savepoints(void **state)
{
	fixture *f = need(state);
	clout_error err = { 0 };
	clout_sql_stmt *st;
	int64_t sum = 0;
	make_table(f);
	assert_int_equal(clout_sql_savepoint(f->db, "outside", &err), CLOUT_EINVAL);
	assert_int_equal(clout_sql_begin(f->db, true, NULL), 0);
	insert(f, 1, "a");
	assert_int_equal(clout_sql_savepoint(f->db, "sp1", NULL), 0);
	insert(f, 10, "b");
	assert_int_equal(clout_sql_savepoint(f->db, "sp2", NULL), 0);
	insert(f, 100, "c");
	assert_int_equal(clout_sql_rollback_to(f->db, "sp1", NULL), 0); /* takes back b and c */
	insert(f, 1000, "d");
	assert_int_equal(clout_sql_release(f->db, "sp2", &err), CLOUT_EINVAL); /* gone with sp1's rollback */
	assert_int_equal(clout_sql_release(f->db, "sp1", NULL), 0);
	assert_int_equal(clout_sql_savepoint(f->db, "bad name", &err), CLOUT_EINVAL);
	assert_int_equal(clout_sql_commit(f->db, NULL), 0);
	assert_int_equal(clout_sql_stmt_get(f->db, &st, "SELECT sum(i) FROM t_sql", NULL), 0);
	assert_int_equal(clout_sql_run_int64(f->db, st, &sum, "summing", NULL), 1);
	assert_int_equal(sum, 1001);
}

static void test_sql__copy(void **state)
{
	fixture *f = need(state);
	static const char *const cols[] = { "i", "f", "s", "b" };
	clout_error err = { 0 };
	clout_sql_stmt *st;
	clout_sql_value v[4];
	char text[32];
	int64_t n = 0;
	make_table(f);
	assert_int_equal(clout_sql_copy_begin(f->db, "t_sql", cols, 4, &err), CLOUT_EINVAL); /* no transaction */
	assert_int_equal(clout_sql_begin(f->db, true, NULL), 0);
	assert_int_equal(clout_sql_copy_begin(f->db, "t_sql; DROP", cols, 4, &err), CLOUT_EINVAL);
	assert_int_equal(clout_sql_copy_begin(f->db, "t_sql", cols, 4, NULL), 0);
	assert_int_equal(clout_sql_stmt_get(f->db, &st, COUNT_SQL, &err), CLOUT_EINVAL); /* busy copying */
	for (int i = 0; i < 1000; i++) {
		snprintf(text, sizeof(text), "row\t%d\n\\", i); /* characters COPY's text format escapes */
		v[0].type = CLOUT_SQL_INTEGER;
		v[0].v.i = i;
		v[1].type = i % 2 ? CLOUT_SQL_FLOAT : CLOUT_SQL_NULL;
		v[1].v.f = i * 0.5;
		v[2].type = CLOUT_SQL_TEXT;
		v[2].v.bytes.data = text;
		v[2].v.bytes.len = strlen(text);
		v[3].type = CLOUT_SQL_BLOB;
		v[3].v.bytes.data = "\0\\\n";
		v[3].v.bytes.len = 3;
		assert_int_equal(clout_sql_copy_row(f->db, v, NULL), 0);
	}
	assert_int_equal(clout_sql_copy_end(f->db, NULL), 0);
	assert_int_equal(clout_sql_commit(f->db, NULL), 0);
	assert_int_equal(count_rows(f), 1000);
	assert_int_equal(clout_sql_stmt_get(f->db, &st, "SELECT count(*) FROM t_sql WHERE f IS NULL", NULL), 0);
	assert_int_equal(clout_sql_run_int64(f->db, st, &n, "counting", NULL), 1);
	assert_int_equal(n, 500);
	assert_int_equal(clout_sql_stmt_get(f->db, &st, "SELECT s, b FROM t_sql WHERE i = ?1", NULL), 0);
	assert_int_equal(clout_sql_bind_int64(f->db, st, 1, 7), 0);
	assert_int_equal(clout_sql_step(f->db, st, "reading", NULL), CLOUT_SQL_ROW);
	assert_string_equal(clout_sql_column_text(f->db, st, 0, NULL), "row\t7\n\\");
	{
		size_t len = 0;
		const void *b = clout_sql_column_blob(f->db, st, 1, &len);
		assert_int_equal(len, 3);
		assert_memory_equal(b, "\0\\\n", 3);
	}
	clout_sql_reset(f->db, st);
}

/* Migration tables for the runner: NULL-ended like clout__embedded. */
#define FILE_OF(name, sql) { name, (const unsigned char *)(sql), sizeof(sql) - 1 }

static int migrated_rows(fixture *f, int64_t *sum)
{
	clout_sql_stmt *st;
	assert_int_equal(clout_sql_stmt_get(f->db, &st, "SELECT sum(x) FROM m_sql", NULL), 0);
	return clout_sql_run_int64(f->db, st, sum, "summing", NULL);
}

static void test_sql__migrations_run_once_with_engine_variants(void **state)
{
	fixture *f = need(state);
	const struct clout__embedded_file two[] = {
		FILE_OF("migrations/0001_table.sql", "CREATE TABLE m_sql (x INTEGER NOT NULL);"),
		FILE_OF("migrations/0002_rows.sqlite.sql", "INSERT INTO m_sql(x) VALUES (1);"),
		FILE_OF("migrations/0002_rows.postgresql.sql", "INSERT INTO m_sql(x) VALUES (1);"),
		FILE_OF("migrations/0002_rows.otherdb.sql", "this is never run"),
		FILE_OF("text/en/rules.txt", "not a migration"),
		{ NULL, NULL, 0 },
	};
	const struct clout__embedded_file three[] = {
		two[0], two[1], two[2],
		FILE_OF("migrations/0003_more.sql", "INSERT INTO m_sql(x) VALUES (10);"),
		{ NULL, NULL, 0 },
	};
	int version = -1;
	int64_t sum = 0;
	assert_int_equal(clout_sql_schema_version(f->db, &version, NULL), 0);
	assert_int_equal(version, 0);
	assert_int_equal(clout__sql_migrate(f->db, two, NULL), 0);
	assert_int_equal(clout__sql_migrate(f->db, two, NULL), 0);
	assert_int_equal(clout_sql_schema_version(f->db, &version, NULL), 0);
	assert_int_equal(version, 2);
	assert_int_equal(migrated_rows(f, &sum), 1);
	assert_int_equal(sum, 1);
	assert_int_equal(clout__sql_migrate(f->db, three, NULL), 0);
	assert_int_equal(clout_sql_schema_version(f->db, &version, NULL), 0);
	assert_int_equal(version, 3);
	assert_int_equal(migrated_rows(f, &sum), 1);
	assert_int_equal(sum, 11);
	/* an older table of migrations: the store is newer than this clout */
	assert_int_equal(clout__sql_migrate(f->db, two, NULL), CLOUT_ECONFLICT);
}

static void test_sql__a_failed_migration_changes_nothing(void **state)
{
	fixture *f = need(state);
	const struct clout__embedded_file files[] = {
		FILE_OF("migrations/0001_table.sql", "CREATE TABLE m_sql (x INTEGER NOT NULL);"),
		FILE_OF("migrations/0002_broken.sql",
			"CREATE TABLE m_half (y INTEGER); INSERT INTO m_sql(x) VALUES (NULL);"),
		{ NULL, NULL, 0 },
	};
	clout_error err = { 0 };
	clout_sql_stmt *st;
	int version = -1;
	int64_t n = -1;
	assert_true(clout__sql_migrate(f->db, files, &err) < 0);
	assert_non_null(strstr(err.message, "0002_broken.sql"));
	assert_int_equal(clout_sql_schema_version(f->db, &version, NULL), 0);
	assert_int_equal(version, 1);
	assert_false(clout_sql_in_transaction(f->db));
	/* the half-made table went with the failed migration */
	assert_int_equal(clout_sql_stmt_get(f->db, &st, "SELECT count(*) FROM m_sql", NULL), 0);
	assert_int_equal(clout_sql_run_int64(f->db, st, &n, "counting", NULL), 1);
	assert_int_equal(n, 0);
	assert_true(clout_sql_exec(f->db, "SELECT y FROM m_half", NULL) < 0);
}

static void test_sql__ill_formed_migrations_are_refused(void **state)
{
	fixture *f = need(state);
	const struct clout__embedded_file both[] = {
		FILE_OF("migrations/0001_a.sql", "SELECT 1;"),
		FILE_OF("migrations/0001_a.sqlite.sql", "SELECT 1;"),
		{ NULL, NULL, 0 },
	};
	const struct clout__embedded_file other_only[] = {
		FILE_OF("migrations/0001_a.otherdb.sql", "SELECT 1;"),
		{ NULL, NULL, 0 },
	};
	clout_error err = { 0 };
	int version = -1;
	assert_int_equal(clout__sql_migrate(f->db, both, &err), CLOUT_EINTERNAL);
	assert_non_null(strstr(err.message, "0001"));
	assert_int_equal(clout__sql_migrate(f->db, other_only, &err), CLOUT_EINTERNAL);
	assert_non_null(strstr(err.message, clout_sql_engine(f->db)));
	assert_int_equal(clout_sql_schema_version(f->db, &version, NULL), 0);
	assert_int_equal(version, 0);
}

static void test_sql__open_applies_clouts_migrations_once(void **state)
{
	fixture *f = need(state);
	const struct clout__embedded_file *m;
	clout_sql *db = NULL;
	clout_error err = { 0 };
	int latest = 0, version = -1;
	while (clout__sql_migration_find(&m, clout__embedded, clout_sql_engine(f->db), latest + 1, NULL) == 0 && m)
		latest++;
	assert_true(latest >= 4);
	for (int i = 0; i < 2; i++) {
		if (clout_sql_open(&db, f->location, NULL, &err) < 0)
			fail_msg("%s", err.message);
		assert_int_equal(clout_sql_schema_version(db, &version, NULL), 0);
		assert_int_equal(version, latest);
		clout_sql_free(db);
	}
}

/* SQLite only: a writer that waits past its timeout says who holds the lock. */
static void test_sql__a_blocked_writer_names_the_holder(void **state)
{
	fixture *f = need(state);
	clout_sql_open_options opts = CLOUT_SQL_OPEN_OPTIONS_INIT;
	clout_error err = { 0 };
	clout_sql *other = NULL;
	int ready[2], release[2], status = 0;
	char c = 0, pid[32];
	pid_t child;
	make_table(f);
	opts.lock_timeout_ms = 50;
	/* the same process on another connection: the holder cannot be named */
	assert_int_equal(clout__sql_open_bare(&other, f->location, &opts, NULL), 0);
	assert_int_equal(clout_sql_begin(f->db, true, NULL), 0);
	assert_int_equal(clout_sql_begin(other, true, &err), CLOUT_ECONFLICT);
	assert_non_null(strstr(err.message, "is locked by another writer"));
	assert_non_null(strstr(err.message, "another clout import?"));
	assert_int_equal(clout_sql_rollback(f->db), 0);
	/* another process: named by its pid (no connection is open across the fork) */
	clout_sql_free(other);
	clout_sql_free(f->db);
	f->db = other = NULL;
	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(release), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		/* only the parent writes to release: if it fails and exits, the read below ends */
		close(release[1]);
		close(ready[0]);
		clout_sql *db = NULL;
		int ok = clout__sql_open_bare(&db, f->location, NULL, NULL) == 0 && clout_sql_begin(db, true, NULL) == 0;
		(void)!write(ready[1], ok ? "y" : "n", 1);
		(void)!read(release[0], &c, 1);
		_exit(ok ? 0 : 1);
	}
	close(ready[1]);
	close(release[0]);
	assert_int_equal(read(ready[0], &c, 1), 1);
	assert_int_equal(c, 'y');
	assert_int_equal(clout__sql_open_bare(&other, f->location, &opts, NULL), 0);
	assert_int_equal(clout_sql_begin(other, true, &err), CLOUT_ECONFLICT);
	snprintf(pid, sizeof(pid), "process %d", (int)child);
	assert_non_null(strstr(err.message, pid));
	assert_int_equal(write(release[1], "x", 1), 1);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* and once it is gone, the writer gets in */
	assert_int_equal(clout_sql_begin(other, true, NULL), 0);
	assert_int_equal(clout_sql_commit(other, NULL), 0);
	clout_sql_free(other);
	assert_int_equal(clout__sql_open_bare(&f->db, f->location, NULL, NULL), 0);
	close(ready[0]);
	close(release[1]);
}

#define ENGINE_TESTS                                                                                   \
	cmocka_unit_test_setup_teardown(test_sql__statements_are_cached_by_address, setup, teardown),    \
	cmocka_unit_test_setup_teardown(test_sql__bad_sql_names_the_statement, setup, teardown),         \
	cmocka_unit_test_setup_teardown(test_sql__binds_and_reads_every_type, setup, teardown),          \
	cmocka_unit_test_setup_teardown(test_sql__nulls, setup, teardown),                               \
	cmocka_unit_test_setup_teardown(test_sql__cache_limit, setup, teardown),                         \
	cmocka_unit_test_setup_teardown(test_sql__transactions, setup, teardown),                        \
	cmocka_unit_test_setup_teardown(test_sql__savepoints, setup, teardown),                          \
	cmocka_unit_test_setup_teardown(test_sql__copy, setup, teardown),                                \
	cmocka_unit_test_setup_teardown(test_sql__migrations_run_once_with_engine_variants, setup, teardown), \
	cmocka_unit_test_setup_teardown(test_sql__a_failed_migration_changes_nothing, setup, teardown),  \
	cmocka_unit_test_setup_teardown(test_sql__ill_formed_migrations_are_refused, setup, teardown),   \
	cmocka_unit_test_setup_teardown(test_sql__open_applies_clouts_migrations_once, setup, teardown)

int main(void)
{
	struct CMUnitTest sqlite_tests[] = {
		ENGINE_TESTS,
		cmocka_unit_test_setup_teardown(test_sql__a_blocked_writer_names_the_holder, setup, teardown),
	};
	struct CMUnitTest pg_tests[] = { ENGINE_TESTS };
	int failed = 0;
	for (size_t i = 0; i < sizeof(sqlite_tests) / sizeof(sqlite_tests[0]); i++)
		sqlite_tests[i].initial_state = (void *)engine_sqlite;
	for (size_t i = 0; i < sizeof(pg_tests) / sizeof(pg_tests[0]); i++)
		pg_tests[i].initial_state = (void *)engine_pg;
	failed += cmocka_run_group_tests_name("sql on sqlite", sqlite_tests, NULL, NULL);
	failed += cmocka_run_group_tests_name("sql on postgresql", pg_tests, NULL, NULL);
	return failed;
}
