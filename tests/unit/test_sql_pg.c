/*
 * test_sql_pg.c: the PostgreSQL engine (clout__sql_postgresql) through its driver table: parameter
 * rewriting, values that must round-trip exactly, rows streamed while other statements run, COPY,
 * transactions and savepoints, and the faults (wrong password, unknown host, missing database, the
 * server stopped in the middle of a transaction, two processes migrating at once).
 *
 * Needs a server: $CLOUT_TEST_PG (scripts/test starts one); without it the test is skipped (77).
 * The stopped-server case starts its own cluster with scripts/pg-scratch ($CLOUT_SOURCE).
 */
#include <float.h>
#include <math.h>
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
#include "lib/store/pg.h"
#include "pg_fixture.h"
#include "util/buf.h"
#include "util/banned.h"

static const clout_sql_driver *const D = &clout__sql_postgresql;
static clout_sql_conn *conn;
static char dbname[64];
static char *url;

static int group_setup(void **state)
{
	clout_error err = { 0 };
	(void)state;
	snprintf(dbname, sizeof(dbname), "clout_test_sql_pg_%ld", (long)getpid());
	if (!(url = pg_scratch_db_create(dbname)))
		return -1;
	if (D->open(&conn, url, NULL, &err) < 0) {
		fprintf(stderr, "%s\n", err.message);
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	D->close(conn);
	pg_scratch_db_drop(dbname);
	free(url);
	return 0;
}

static void exec_ok(const char *sql)
{
	clout_error err = { 0 };
	int rc = D->exec(conn, sql, &err);
	if (rc < 0)
		fail_msg("%s: %s", sql, err.message);
}

static clout_sql_stmt *prepare_ok(const char *sql)
{
	clout_error err = { 0 };
	clout_sql_stmt *st = NULL;
	if (D->prepare(conn, &st, sql, &err) < 0)
		fail_msg("%s: %s", sql, err.message);
	return st;
}

/* The first column of the first row of sql, an integer. */
static int64_t query_int(clout_sql_conn *c, const char *sql)
{
	clout_error err = { 0 };
	clout_sql_stmt *st = NULL;
	if (D->prepare(c, &st, sql, &err) < 0 || D->step(st, &err) != CLOUT_SQL_ROW)
		fail_msg("%s: %s", sql, err.message);
	int64_t v = D->column_int64(st, 0);
	D->finalize(st);
	return v;
}

static void test_rewrite__leaves_literals_identifiers_and_comments(void **state)
{
	clout_buf out = CLOUT_BUF_INIT;
	clout_error err = { 0 };
	int n = 0;
	(void)state;
	assert_int_equal(clout__pg_rewrite(&out, &n,
		"SELECT '?1', \"a?\", ?2 -- ?3\n FROM t WHERE x = ?1 /* ?4 /* ?5 */ */ AND y = E'\\'?6' "
		"AND z = $$?7$$ AND w = $q$ ?8 $q$ AND v = 'it''s ?9'", &err), 0);
	assert_string_equal(out.ptr,
		"SELECT '?1', \"a?\", $2 -- ?3\n FROM t WHERE x = $1 /* ?4 /* ?5 */ */ AND y = E'\\'?6' "
		"AND z = $$?7$$ AND w = $q$ ?8 $q$ AND v = 'it''s ?9'");
	assert_int_equal(n, 2);
	assert_int_equal(clout__pg_rewrite(&out, &n, "VALUES (?, ?, ?5, ?)", &err), 0);
	assert_string_equal(out.ptr, "VALUES ($1, $2, $5, $6)");
	assert_int_equal(n, 6);
	assert_int_equal(clout__pg_rewrite(&out, &n, "SELECT 'open ?1", &err), CLOUT_EINVAL);
	assert_non_null(strstr(err.message, "unterminated string"));
	assert_int_equal(clout__pg_rewrite(&out, &n, "SELECT ?0", &err), CLOUT_EINVAL);
	assert_int_equal(clout__pg_rewrite(&out, &n, "SELECT 1 /* open", &err), CLOUT_EINVAL);
	clout_buf_release(&out);
}

static void test_rewrite__runs_on_the_server(void **state)
{
	clout_error err = { 0 };
	(void)state;
	exec_ok("CREATE TABLE \"odd?name\" (\"col?\" TEXT)");
	clout_sql_stmt *st = prepare_ok("INSERT INTO \"odd?name\" (\"col?\") VALUES (?1) -- a comment with ?2\n");
	assert_int_equal(D->bind_text(st, 1, "x?1", 3), 0);
	assert_int_equal(D->step(st, &err), CLOUT_SQL_DONE);
	assert_int_equal(D->changes(st), 1);
	D->finalize(st);
	st = prepare_ok("SELECT '?1', \"col?\" FROM \"odd?name\" WHERE \"col?\" = ?1");
	assert_int_equal(D->bind_text(st, 1, "x?1", 3), 0);
	assert_int_equal(D->step(st, &err), CLOUT_SQL_ROW);
	assert_string_equal(D->column_text(st, 0, NULL), "?1");
	assert_string_equal(D->column_text(st, 1, NULL), "x?1");
	assert_int_equal(D->step(st, &err), CLOUT_SQL_DONE);
	D->finalize(st);
}

static void test_location__never_shows_the_password(void **state)
{
	(void)state;
	char *shown = clout__pg_public_location("postgresql://anna:s3cret@db.example:5433/clout?password=x&sslmode=require");
	assert_string_equal(shown, "postgresql://anna@db.example:5433/clout?sslmode=require");
	free(shown);
	shown = clout__pg_public_location("postgres:///clout?host=/run/pg&password=s3cret");
	assert_string_equal(shown, "postgres:///clout?host=/run/pg");
	free(shown);
	assert_true(D->accepts("postgresql://h/db"));
	assert_true(D->accepts("postgres://h/db"));
	assert_false(D->accepts("/tmp/clout.db"));
}

static const int64_t ints[] = { INT64_MIN, INT64_MAX, 0, -1, 4294967296 };
static const double doubles[] = { 0.1, -2.5e-300, DBL_MAX, 5e-324, 1.0 / 3.0 };
static const char utf8[] = "h\xc3\xa9llo \xe2\x9c\x93 \xf0\x9f\x98\x80 '?1' \"q\" \\ \t\n";
static const char bytes[] = { 0, 'a', 0, (char)0xff, '\\', 'x', 0 };

static void test_values__round_trip_exactly(void **state)
{
	clout_error err = { 0 };
	(void)state;
	exec_ok("CREATE TABLE v (id BIGINT, i BIGINT, f DOUBLE PRECISION, s TEXT, b BYTEA)");
	clout_sql_stmt *st = prepare_ok("INSERT INTO v (id, i, f, s, b) VALUES (?1, ?2, ?3, ?4, ?5)");
	for (int k = 0; k < 5; k++) {
		D->bind_int64(st, 1, k);
		D->bind_int64(st, 2, ints[k]);
		D->bind_double(st, 3, doubles[k]);
		D->bind_text(st, 4, utf8, strlen(utf8));
		D->bind_blob(st, 5, bytes, sizeof(bytes));
		assert_int_equal(D->step(st, &err), CLOUT_SQL_DONE);
		D->reset(st);
	}
	D->bind_int64(st, 1, 5);
	for (int c = 2; c <= 5; c++)
		D->bind_null(st, c);
	assert_int_equal(D->step(st, &err), CLOUT_SQL_DONE);
	D->reset(st);
	D->bind_int64(st, 1, 6);
	D->bind_null(st, 2);
	D->bind_double(st, 3, INFINITY);
	D->bind_text(st, 4, "", 0);
	D->bind_blob(st, 5, "", 0);
	assert_int_equal(D->step(st, &err), CLOUT_SQL_DONE);
	D->finalize(st);

	st = prepare_ok("SELECT i, f, s, b FROM v ORDER BY id");
	size_t len;
	for (int k = 0; k < 5; k++) {
		assert_int_equal(D->step(st, &err), CLOUT_SQL_ROW);
		assert_int_equal(D->column_type(st, 0), CLOUT_SQL_INTEGER);
		assert_true(D->column_int64(st, 0) == ints[k]);
		assert_int_equal(D->column_type(st, 1), CLOUT_SQL_FLOAT);
		assert_true(D->column_double(st, 1) == doubles[k]);
		assert_int_equal(D->column_type(st, 2), CLOUT_SQL_TEXT);
		assert_string_equal(D->column_text(st, 2, &len), utf8);
		assert_int_equal(len, strlen(utf8));
		assert_int_equal(D->column_type(st, 3), CLOUT_SQL_BLOB);
		const void *blob = D->column_blob(st, 3, &len);
		assert_int_equal(len, sizeof(bytes));
		assert_memory_equal(blob, bytes, sizeof(bytes));
	}
	assert_int_equal(D->step(st, &err), CLOUT_SQL_ROW);
	for (int c = 0; c < 4; c++)
		assert_int_equal(D->column_type(st, c), CLOUT_SQL_NULL);
	assert_null(D->column_text(st, 2, &len));
	assert_int_equal(D->step(st, &err), CLOUT_SQL_ROW);
	assert_true(isinf(D->column_double(st, 1)));
	assert_string_equal(D->column_text(st, 2, &len), "");
	assert_int_equal(D->column_type(st, 3), CLOUT_SQL_BLOB);
	assert_non_null(D->column_blob(st, 3, &len));
	assert_int_equal(len, 0);
	assert_int_equal(D->step(st, &err), CLOUT_SQL_DONE);
	D->finalize(st);
}

static void test_values__numeric_and_other_types_read_from_text(void **state)
{
	clout_error err = { 0 };
	(void)state;
	/* sum() of BIGINT is NUMERIC: the statement's results come as text and are parsed. */
	clout_sql_stmt *st = prepare_ok("SELECT sum(x), 2.5::numeric, '\\x00ff'::bytea, true, now() "
					"FROM (VALUES (9007199254740993::bigint), (1)) AS t (x)");
	assert_int_equal(D->step(st, &err), CLOUT_SQL_ROW);
	assert_int_equal(D->column_type(st, 0), CLOUT_SQL_INTEGER);
	assert_true(D->column_int64(st, 0) == 9007199254740994);
	assert_int_equal(D->column_type(st, 1), CLOUT_SQL_FLOAT);
	assert_true(D->column_double(st, 1) == 2.5);
	size_t len;
	const unsigned char *blob = D->column_blob(st, 2, &len);
	assert_int_equal(len, 2);
	assert_int_equal(blob[0], 0);
	assert_int_equal(blob[1], 0xff);
	assert_int_equal(D->column_int64(st, 3), 1);
	assert_int_equal(D->column_type(st, 4), CLOUT_SQL_TEXT);
	D->finalize(st);
}

static void test_changes__counts_rows_written(void **state)
{
	clout_error err = { 0 };
	(void)state;
	exec_ok("CREATE TABLE ch (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, n BIGINT);"
		"INSERT INTO ch (n) VALUES (1), (2), (3), (4)");
	clout_sql_stmt *st = prepare_ok("UPDATE ch SET n = n + 10 WHERE n > ?1");
	D->bind_int64(st, 1, 1);
	assert_int_equal(D->step(st, &err), CLOUT_SQL_DONE);
	assert_int_equal(D->changes(st), 3);
	D->finalize(st);
	st = prepare_ok("INSERT INTO ch (n) VALUES (?1) RETURNING id");
	D->bind_int64(st, 1, 7);
	assert_int_equal(D->step(st, &err), CLOUT_SQL_ROW);
	assert_int_equal(D->column_int64(st, 0), 5);
	assert_int_equal(D->step(st, &err), CLOUT_SQL_DONE);
	assert_int_equal(D->changes(st), 1);
	D->finalize(st);
}

static int copy_rows(const char *table, int nrows, bool with_text)
{
	clout_error err = { 0 };
	const char *columns[] = { "id", "f", "s", "b" };
	char text[64];
	if (D->copy_begin(conn, table, columns, with_text ? 4 : 1, &err) < 0)
		fail_msg("copy_begin: %s", err.message);
	for (int k = 0; k < nrows; k++) {
		int n = snprintf(text, sizeof(text), "row\t%d\n\\N \\ %s", k, "\xc3\xa9");
		clout_sql_value values[4] = {
			{ .type = CLOUT_SQL_INTEGER, .v.i = k },
			{ .type = k % 7 ? CLOUT_SQL_FLOAT : CLOUT_SQL_NULL, .v.f = k / 3.0 },
			{ .type = CLOUT_SQL_TEXT, .v.bytes = { text, (size_t)n } },
			{ .type = CLOUT_SQL_BLOB, .v.bytes = { bytes, sizeof(bytes) } },
		};
		if (D->copy_row(conn, values, &err) < 0)
			fail_msg("copy_row: %s", err.message);
	}
	if (D->copy_end(conn, &err) < 0)
		fail_msg("copy_end: %s", err.message);
	return 0;
}

static void test_copy__loads_100k_rows_with_escapes(void **state)
{
	clout_error err = { 0 };
	(void)state;
	exec_ok("CREATE TABLE cp (id BIGINT PRIMARY KEY, f DOUBLE PRECISION, s TEXT, b BYTEA)");
	assert_int_equal(D->begin(conn, true, &err), 0);
	copy_rows("cp", 100000, true);
	assert_int_equal(D->commit(conn, &err), 0);
	assert_int_equal(query_int(conn, "SELECT count(*) FROM cp"), 100000);
	assert_int_equal(query_int(conn, "SELECT sum(id) FROM cp"), 4999950000);
	assert_int_equal(query_int(conn, "SELECT count(*) FROM cp WHERE f IS NULL"), 14286);
	clout_sql_stmt *st = prepare_ok("SELECT f, s, b FROM cp WHERE id = ?1");
	D->bind_int64(st, 1, 99998);
	assert_int_equal(D->step(st, &err), CLOUT_SQL_ROW);
	assert_true(D->column_double(st, 0) == 99998 / 3.0);
	assert_string_equal(D->column_text(st, 1, NULL), "row\t99998\n\\N \\ \xc3\xa9");
	size_t len;
	const void *blob = D->column_blob(st, 2, &len);
	assert_int_equal(len, sizeof(bytes));
	assert_memory_equal(blob, bytes, sizeof(bytes));
	D->finalize(st);
}

static void test_copy__duplicate_rows_fail_and_change_nothing(void **state)
{
	clout_error err = { 0 };
	const char *columns[] = { "id" };
	(void)state;
	exec_ok("CREATE TABLE cpd (id BIGINT PRIMARY KEY); INSERT INTO cpd VALUES (3)");
	assert_int_equal(D->begin(conn, true, &err), 0);
	assert_int_equal(D->copy_begin(conn, "cpd", columns, 1, &err), 0);
	for (int k = 0; k < 10; k++) {
		clout_sql_value value = { .type = CLOUT_SQL_INTEGER, .v.i = k };
		assert_int_equal(D->copy_row(conn, &value, &err), 0);
	}
	assert_int_equal(D->copy_end(conn, &err), CLOUT_ECONFLICT);
	assert_non_null(strstr(err.message, "duplicate key"));
	assert_int_equal(D->rollback(conn), 0);
	assert_int_equal(query_int(conn, "SELECT count(*) FROM cpd"), 1);
	assert_int_equal(D->copy_begin(conn, "cpd; DROP TABLE cpd", columns, 1, &err), CLOUT_EINVAL);
}

/* Staging tables: a COPY into one, then set-based statements over it; a bad row in the middle of
 * the COPY fails the load and the rolled-back transaction leaves the target as it was. */
static void test_stage__copy_then_set_based_and_a_bad_row_changes_nothing(void **state)
{
	clout_error err = { 0 };
	const char *columns[] = { "id", "n" };
	const clout_sql_type types[] = { CLOUT_SQL_INTEGER, CLOUT_SQL_INTEGER };
	(void)state;
	exec_ok("CREATE TABLE stg_target (id BIGINT PRIMARY KEY, n BIGINT); INSERT INTO stg_target VALUES (1, 10)");
	for (int round = 0; round < 2; round++) {
		assert_int_equal(D->begin(conn, true, &err), 0);
		/* twice in one transaction: the second call empties the table the first made */
		for (int load = 0; load < 2; load++) {
			assert_int_equal(D->stage(conn, "stage_t", columns, types, 2, &err), 0);
			assert_int_equal(D->copy_begin(conn, "stage_t", columns, 2, &err), 0);
			for (int k = 0; k < 5000; k++) {
				bool bad = round == 1 && k == 2500;
				clout_sql_value v[2] = { { .type = CLOUT_SQL_INTEGER, .v.i = k },
					{ .type = bad ? CLOUT_SQL_TEXT : CLOUT_SQL_INTEGER, .v.i = k } };
				if (bad)
					v[1].v.bytes.data = "not a number", v[1].v.bytes.len = 12;
				assert_int_equal(D->copy_row(conn, v, &err), 0);
			}
			if (round == 1) {
				assert_int_equal(D->copy_end(conn, &err), CLOUT_EBADDATA);
				assert_non_null(strstr(err.message, "not a number"));
				break;
			}
			assert_int_equal(D->copy_end(conn, &err), 0);
		}
		if (round == 1) {
			assert_int_equal(D->rollback(conn), 0);
			break;
		}
		assert_int_equal(query_int(conn, "SELECT count(*) FROM stage_t"), 5000);
		exec_ok("INSERT INTO stg_target SELECT id, n * 2 FROM stage_t ORDER BY id"
			" ON CONFLICT (id) DO UPDATE SET n = excluded.n");
		assert_int_equal(D->commit(conn, &err), 0);
	}
	assert_int_equal(query_int(conn, "SELECT count(*) FROM stg_target"), 5000);
	assert_int_equal(query_int(conn, "SELECT n FROM stg_target WHERE id = 1"), 2);
	assert_int_equal(query_int(conn, "SELECT sum(n) FROM stg_target"), 2 * (4999 * 5000 / 2));
	/* gone with its transaction */
	assert_int_equal(query_int(conn, "SELECT count(*) FROM pg_class WHERE relname = 'stage_t'"), 0);
}

static void test_step__large_result_while_other_statements_run(void **state)
{
	clout_error err = { 0 };
	(void)state;
	exec_ok("CREATE TABLE big (id BIGINT PRIMARY KEY, f DOUBLE PRECISION, s TEXT, b BYTEA)");
	copy_rows("big", 50000, true);
	clout_sql_stmt *rows = prepare_ok("SELECT id, s FROM big ORDER BY id");
	clout_sql_stmt *update = prepare_ok("UPDATE big SET s = 'changed' WHERE id = ?1");
	clout_sql_stmt *count = prepare_ok("SELECT count(*) FROM big WHERE s = 'changed'");
	int64_t expect = 0;
	int rc;
	while ((rc = D->step(rows, &err)) == CLOUT_SQL_ROW) {
		assert_true(D->column_int64(rows, 0) == expect);
		const char *s = D->column_text(rows, 1, NULL);
		assert_non_null(s);
		if (expect % 10000 == 5) {
			/* Another statement runs in the middle: the rest of the rows are kept for us. */
			D->bind_int64(update, 1, expect + 1);
			assert_int_equal(D->step(update, &err), CLOUT_SQL_DONE);
			assert_int_equal(D->changes(update), 1);
			D->reset(update);
			assert_int_equal(D->step(count, &err), CLOUT_SQL_ROW);
			assert_int_equal(D->column_int64(count, 0), expect / 10000 + 1);
			D->reset(count);
			/* The current row is still readable after the other statements ran. */
			assert_true(D->column_int64(rows, 0) == expect);
			assert_string_equal(D->column_text(rows, 1, NULL), s);
		}
		expect++;
	}
	assert_int_equal(rc, CLOUT_SQL_DONE);
	assert_int_equal(expect, 50000);
	/* A reset in the middle of a stream leaves the connection usable. */
	assert_int_equal(D->step(rows, &err), CLOUT_SQL_DONE);
	D->reset(rows);
	assert_int_equal(D->step(rows, &err), CLOUT_SQL_ROW);
	D->reset(rows);
	assert_int_equal(query_int(conn, "SELECT count(*) FROM big WHERE s = 'changed'"), 5);
	D->finalize(rows);
	D->finalize(update);
	D->finalize(count);
}

static void test_transactions__savepoints(void **state)
{
	clout_error err = { 0 };
	(void)state;
	exec_ok("CREATE TABLE sp (x BIGINT)");
	assert_int_equal(D->begin(conn, true, &err), 0);
	exec_ok("INSERT INTO sp VALUES (1)");
	assert_int_equal(D->savepoint(conn, "a", &err), 0);
	exec_ok("INSERT INTO sp VALUES (2)");
	assert_int_equal(D->rollback_to(conn, "a", &err), 0);
	assert_int_equal(D->release(conn, "a", &err), 0);
	assert_int_equal(D->savepoint(conn, "b", &err), 0);
	exec_ok("INSERT INTO sp VALUES (3)");
	assert_int_equal(D->release(conn, "b", &err), 0);
	assert_int_equal(D->commit(conn, &err), 0);
	assert_int_equal(query_int(conn, "SELECT sum(x) FROM sp"), 4);
	assert_int_equal(D->savepoint(conn, "bad name", &err), CLOUT_EINVAL);
	/* A failed statement spoils the transaction: commit says so and nothing stays. */
	assert_int_equal(D->begin(conn, true, &err), 0);
	exec_ok("INSERT INTO sp VALUES (10)");
	assert_int_equal(D->exec(conn, "INSERT INTO sp VALUES ('not a number')", &err), CLOUT_EBADDATA);
	assert_int_equal(D->commit(conn, &err), CLOUT_ECONFLICT);
	assert_non_null(strstr(err.message, "rolled back"));
	assert_int_equal(query_int(conn, "SELECT sum(x) FROM sp"), 4);
	assert_int_equal(D->exec(conn, "SELECT * FROM no_such_table", &err), CLOUT_ENOTFOUND);
	assert_non_null(strstr(err.message, "no_such_table"));
}

static void expect_unreachable(const char *location, const char *why, const char *hidden)
{
	clout_error err = { 0 };
	clout_sql_conn *c = NULL;
	assert_int_equal(D->open(&c, location, NULL, &err), CLOUT_EUNAVAILABLE);
	assert_null(c);
	if (!strstr(err.message, "cannot reach the database at ") || !strstr(err.message, why))
		fail_msg("wanted '%s' in: %s", why, err.message);
	if (hidden && strstr(err.message, hidden))
		fail_msg("'%s' shown in: %s", hidden, err.message);
}

static void test_open__says_why_it_cannot_connect(void **state)
{
	(void)state;
	char *missing = pg_url_with_db(pg_test_server(), "clout_no_such_database");
	expect_unreachable(missing, "database \"clout_no_such_database\" does not exist", NULL);
	free(missing);
	expect_unreachable("postgresql://clout-no-such-host.invalid/clout", "could not translate host name", NULL);
	expect_unreachable("postgresql:///clout?host=/nonexistent/clout-socket-dir", "No such file or directory", NULL);

	assert_int_equal(pg_admin("DROP ROLE IF EXISTS clout_pw_test"), 0);
	assert_int_equal(pg_admin("CREATE ROLE clout_pw_test LOGIN PASSWORD 'right-s3cret'"), 0);
	clout_buf wrong = CLOUT_BUF_INIT, right = CLOUT_BUF_INIT;
	clout_buf_printf(&wrong, "%s&user=clout_pw_test&password=wrong-s3cret", pg_test_server());
	clout_buf_printf(&right, "%s&user=clout_pw_test&password=right-s3cret", pg_test_server());
	expect_unreachable(wrong.ptr, "password authentication failed for user \"clout_pw_test\"", "wrong-s3cret");
	clout_error err = { 0 };
	clout_sql_conn *c = NULL;
	assert_int_equal(D->open(&c, right.ptr, NULL, &err), 0);
	assert_null(strstr(D->location(c), "s3cret"));
	D->close(c);
	clout_buf_release(&wrong);
	clout_buf_release(&right);
	pg_admin("DROP ROLE IF EXISTS clout_pw_test");
}

/* Runs scripts/pg-scratch COMMAND DIR; its exit status. */
static int pg_scratch(const char *command, const char *dir)
{
	char line[1200];
	const char *source = getenv("CLOUT_SOURCE");
	snprintf(line, sizeof(line), "'%s/scripts/pg-scratch' %s '%s' >/dev/null", source ? source : ".", command, dir);
	return system(line);
}

static char fault_dir[] = "/tmp/clout-pgfault.XXXXXX";

static int fault_teardown(void **state)
{
	(void)state;
	pg_scratch("stop", fault_dir);
	return 0;
}

static void test_fault__server_stopped_in_a_transaction(void **state)
{
	clout_error err = { 0 };
	char *dir = fault_dir, command[1200], location[1200] = "";
	clout_sql_conn *c = NULL;
	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(pg_scratch("start", dir), 0);
	snprintf(command, sizeof(command), "'%s/scripts/pg-scratch' url '%s'", getenv("CLOUT_SOURCE"), dir);
	FILE *p = popen(command, "r");
	assert_non_null(p);
	assert_non_null(fgets(location, sizeof(location), p));
	pclose(p);
	location[strcspn(location, "\n")] = '\0';

	assert_int_equal(D->open(&c, location, NULL, &err), 0);
	assert_int_equal(D->exec(c, "CREATE TABLE t (x BIGINT); INSERT INTO t VALUES (1)", &err), 0);
	assert_int_equal(D->begin(c, true, &err), 0);
	assert_int_equal(D->exec(c, "INSERT INTO t SELECT generate_series(2, 1000)", &err), 0);
	assert_int_equal(pg_scratch("kill", dir), 0);
	int rc = D->exec(c, "INSERT INTO t VALUES (1001)", &err);
	if (rc != CLOUT_EUNAVAILABLE)
		fail_msg("after the server stopped: %d %s", rc, err.message);
	assert_non_null(strstr(err.message, "cannot reach the database at postgresql:///postgres"));
	assert_int_equal(D->commit(c, &err), CLOUT_EUNAVAILABLE);
	D->rollback(c);
	D->close(c);

	assert_int_equal(pg_scratch("start", dir), 0);
	c = NULL;
	assert_int_equal(D->open(&c, location, NULL, &err), 0);
	assert_int_equal(query_int(c, "SELECT count(*) FROM t"), 1);
	D->close(c);
}

/* One process's migration: the schema lock, then version 1 applied unless it already is. */
static int migrate(const char *location)
{
	clout_error err = { 0 };
	clout_sql_conn *c = NULL;
	int version = -1, rc;
	if ((rc = D->open(&c, location, NULL, &err)) < 0 || (rc = D->lock_schema(c, &err)) < 0 ||
		(rc = D->schema_version(c, &version, &err)) < 0)
		goto done;
	if (version < 1) {
		if ((rc = D->begin(c, true, &err)) < 0 ||
			(rc = D->exec(c, "SELECT pg_sleep(0.2); CREATE TABLE migrated (x BIGINT); "
				"INSERT INTO applied VALUES (1)", &err)) < 0 ||
			(rc = D->set_schema_version(c, 1, &err)) < 0 || (rc = D->commit(c, &err)) < 0)
			goto done;
	}
	rc = D->unlock_schema(c, &err);
done:
	if (rc < 0)
		fprintf(stderr, "migrate: %s\n", err.message);
	D->close(c);
	return rc;
}

static void test_schema__two_processes_migrate_once(void **state)
{
	char name[64];
	clout_error err = { 0 };
	(void)state;
	snprintf(name, sizeof(name), "clout_test_sql_pg_mig_%ld", (long)getpid());
	char *location = pg_scratch_db_create(name);
	assert_non_null(location);
	clout_sql_conn *c = NULL;
	assert_int_equal(D->open(&c, location, NULL, &err), 0);
	int version = -1;
	assert_int_equal(D->schema_version(c, &version, &err), 0);
	assert_int_equal(version, 0);
	assert_int_equal(D->exec(c, "CREATE TABLE applied (x BIGINT)", &err), 0);
	pid_t children[2];
	for (int k = 0; k < 2; k++) {
		children[k] = fork();
		assert_true(children[k] >= 0);
		if (children[k] == 0)
			_exit(migrate(location) < 0 ? 1 : 0);
	}
	for (int k = 0; k < 2; k++) {
		int status = 0;
		assert_int_equal(waitpid(children[k], &status, 0), children[k]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	assert_int_equal(D->schema_version(c, &version, &err), 0);
	assert_int_equal(version, 1);
	assert_int_equal(query_int(c, "SELECT count(*) FROM applied"), 1);
	D->close(c);
	pg_scratch_db_drop(name);
	free(location);
}

int main(void)
{
	if (!pg_test_server()) {
		fprintf(stderr, "CLOUT_TEST_PG is not set (scripts/test starts a scratch server): skipped\n");
		return 77;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rewrite__leaves_literals_identifiers_and_comments),
		cmocka_unit_test(test_rewrite__runs_on_the_server),
		cmocka_unit_test(test_location__never_shows_the_password),
		cmocka_unit_test(test_values__round_trip_exactly),
		cmocka_unit_test(test_values__numeric_and_other_types_read_from_text),
		cmocka_unit_test(test_changes__counts_rows_written),
		cmocka_unit_test(test_copy__loads_100k_rows_with_escapes),
		cmocka_unit_test(test_copy__duplicate_rows_fail_and_change_nothing),
		cmocka_unit_test(test_stage__copy_then_set_based_and_a_bad_row_changes_nothing),
		cmocka_unit_test(test_step__large_result_while_other_statements_run),
		cmocka_unit_test(test_transactions__savepoints),
		cmocka_unit_test(test_open__says_why_it_cannot_connect),
		cmocka_unit_test_teardown(test_fault__server_stopped_in_a_transaction, fault_teardown),
		cmocka_unit_test(test_schema__two_processes_migrate_once),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
