/*
 * test_sql_schema.c: the migrations shipped in libclout give both engines the same schema. The
 * migrations are applied to a fresh SQLite database and a fresh PostgreSQL database, each taking
 * for every number its engine's variant (NNNN_name.ENGINE.sql) or else the plain NNNN_name.sql,
 * and the two catalogs are compared: tables, columns (name, type class, NOT NULL), primary keys and
 * unique constraints, and indexes (name, columns or expressions, partial or not).
 *
 * Written against sqlite3 and libpq directly, so it checks the migration files whatever runs them.
 * Needs $CLOUT_TEST_PG (scripts/test starts a scratch server); without it the test is skipped (77).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "pg_fixture.h"
#include "util/data.h"
#include "util/banned.h"

/* A sorted list of lines describing a schema. */
typedef struct {
	char **lines;
	size_t count, cap;
} schema;

static void add(schema *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(schema *s, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (s->count == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->lines = realloc(s->lines, s->cap * sizeof(*s->lines));
		assert_non_null(s->lines);
	}
	s->lines[s->count++] = strdup(line);
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void schema_free(schema *s)
{
	for (size_t i = 0; i < s->count; i++)
		free(s->lines[i]);
	free(s->lines);
}

/* The migration numbered number for engine: its variant, else the plain file; NULL past the last. */
static const struct clout__embedded_file *migration(int number, const char *engine)
{
	const struct clout__embedded_file *plain = NULL, *variant = NULL;
	char prefix[32], suffix[32];
	snprintf(prefix, sizeof(prefix), "migrations/%04d_", number);
	snprintf(suffix, sizeof(suffix), ".%s.sql", engine);
	for (const struct clout__embedded_file *f = clout__embedded; f->name; f++) {
		size_t len = strlen(f->name);
		if (strncmp(f->name, prefix, strlen(prefix)))
			continue;
		if (len > strlen(suffix) && !strcmp(f->name + len - strlen(suffix), suffix))
			variant = f;
		else if (strchr(f->name + strlen(prefix), '.') == strrchr(f->name, '.'))
			plain = f; /* NNNN_name.sql: one dot; another engine's variant has two */
	}
	return variant ? variant : plain;
}

static const char *type_class(const char *declared)
{
	if (!strcasecmp(declared, "INTEGER") || !strcasecmp(declared, "bigint") || !strcasecmp(declared, "smallint"))
		return "integer";
	if (!strcasecmp(declared, "TEXT") || !strcasecmp(declared, "character varying"))
		return "text";
	if (!strcasecmp(declared, "REAL") || !strcasecmp(declared, "double precision"))
		return "float";
	if (!strcasecmp(declared, "BLOB") || !strcasecmp(declared, "bytea"))
		return "blob";
	return declared;
}

/* ---- SQLite ---- */

static void sqlite_rows(sqlite3 *db, const char *sql, const char *arg, void (*row)(schema *, sqlite3_stmt *, const char *),
	schema *s)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (arg)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
	while (sqlite3_step(st) == SQLITE_ROW)
		row(s, st, arg);
	sqlite3_finalize(st);
}

static const char *text_at(sqlite3_stmt *st, int col)
{
	const char *t = (const char *)sqlite3_column_text(st, col);
	return t ? t : "";
}

static void sqlite_column(schema *s, sqlite3_stmt *st, const char *table)
{
	bool not_null = sqlite3_column_int(st, 2) || sqlite3_column_int(st, 3) > 0;
	add(s, "column %s.%s %s%s", table, text_at(st, 0), type_class(text_at(st, 1)), not_null ? " not null" : "");
}

/* The key'th term (0-based) of CREATE INDEX ... ON table (terms) in sql, into out. */
static void index_term(const char *sql, int key, char *out, size_t size)
{
	const char *p = strchr(strstr(sql, " ON ") ? strstr(sql, " ON ") : sql, '(');
	int depth = 0, term = 0;
	size_t len = 0;
	out[0] = '\0';
	for (p = p ? p + 1 : ""; *p && depth >= 0; p++) {
		if (*p == '(')
			depth++;
		if (*p == ')')
			depth--;
		if (depth < 0 || (depth == 0 && *p == ',')) {
			term++;
			continue;
		}
		if (term == key && len + 1 < size && !(len == 0 && *p == ' '))
			out[len++] = *p;
	}
	out[len] = '\0';
}

/* The columns of index (or of the table's primary key), comma-separated; NOCASE is lower(), and an
 * expression is as written in its CREATE INDEX. */
static void sqlite_index_columns(sqlite3 *db, const char *index, char *out, size_t size)
{
	sqlite3_stmt *st = NULL;
	out[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(db,
		"SELECT x.name, x.coll, x.seqno, (SELECT sql FROM sqlite_schema WHERE name = ?1) "
		"FROM pragma_index_xinfo(?1) AS x WHERE x.key ORDER BY x.seqno", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, index, -1, SQLITE_TRANSIENT);
	while (sqlite3_step(st) == SQLITE_ROW) {
		size_t len = strlen(out);
		char term[128];
		if (sqlite3_column_type(st, 0) == SQLITE_NULL)
			index_term(text_at(st, 3), sqlite3_column_int(st, 2), term, sizeof(term));
		else if (!strcasecmp(text_at(st, 1), "NOCASE"))
			snprintf(term, sizeof(term), "lower(%s)", text_at(st, 0));
		else
			snprintf(term, sizeof(term), "%s", text_at(st, 0));
		snprintf(out + len, size - len, "%s%s", len ? ", " : "", term);
	}
	sqlite3_finalize(st);
}

static sqlite3 *index_db;

static void sqlite_index(schema *s, sqlite3_stmt *st, const char *table)
{
	char columns[256];
	const char *name = text_at(st, 0), *origin = text_at(st, 1);
	sqlite_index_columns(index_db, name, columns, sizeof(columns));
	if (!strcmp(origin, "pk"))
		add(s, "primary key %s (%s)", table, columns);
	else if (!strcmp(origin, "u"))
		add(s, "unique %s (%s)", table, columns);
	else
		add(s, "index %s on %s (%s)%s%s", name, table, columns, sqlite3_column_int(st, 2) ? " unique" : "",
			sqlite3_column_int(st, 3) ? " partial" : "");
}

static void sqlite_rowid_key(schema *s, sqlite3_stmt *st, const char *table)
{
	/* INTEGER PRIMARY KEY is the rowid: a primary key with no index of its own. */
	add(s, "primary key %s (%s)", table, text_at(st, 0));
}

static void sqlite_table(schema *s, sqlite3_stmt *st, const char *unused)
{
	(void)unused;
	const char *table = text_at(st, 0);
	add(s, "table %s", table);
	sqlite_rows(index_db, "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?1)", table, sqlite_column, s);
	sqlite_rows(index_db, "SELECT name, origin, \"unique\", partial FROM pragma_index_list(?1)", table, sqlite_index, s);
	sqlite_rows(index_db,
		"SELECT name FROM pragma_table_info(?1) WHERE pk = 1 AND upper(type) = 'INTEGER' "
		"AND (SELECT count(*) FROM pragma_table_info(?1) WHERE pk > 0) = 1 "
		"AND NOT EXISTS (SELECT 1 FROM pragma_index_list(?1) WHERE origin = 'pk')",
		table, sqlite_rowid_key, s);
}

static void sqlite_schema(schema *s)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	const struct clout__embedded_file *f;
	for (int n = 1; (f = migration(n, "sqlite")); n++) {
		char *message = NULL;
		if (sqlite3_exec(db, (const char *)f->data, NULL, NULL, &message) != SQLITE_OK)
			fail_msg("%s on SQLite: %s", f->name, message);
	}
	index_db = db;
	sqlite_rows(db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", NULL,
		sqlite_table, s);
	sqlite3_close(db);
}

/* ---- PostgreSQL ---- */

static PGresult *pg_query(PGconn *pg, const char *sql)
{
	PGresult *res = PQexec(pg, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK && PQresultStatus(res) != PGRES_COMMAND_OK)
		fail_msg("%.80s: %s", sql, PQerrorMessage(pg));
	return res;
}

static void pg_schema(schema *s, const char *location)
{
	PGconn *pg = PQconnectdb(location);
	assert_int_equal(PQstatus(pg), CONNECTION_OK);
	PQsetNoticeProcessor(pg, pg_fixture_quiet, NULL);
	const struct clout__embedded_file *f;
	for (int n = 1; (f = migration(n, "postgresql")); n++) {
		PGresult *res = PQexec(pg, (const char *)f->data);
		if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
			fail_msg("%s on PostgreSQL: %s", f->name, PQerrorMessage(pg));
		PQclear(res);
	}
	const char *exclude = "'clout_schema_version'";
	char sql[1024];
	snprintf(sql, sizeof(sql),
		"SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
		"AND table_name NOT IN (%s)", exclude);
	PGresult *res = pg_query(pg, sql);
	for (int i = 0; i < PQntuples(res); i++)
		add(s, "table %s", PQgetvalue(res, i, 0));
	PQclear(res);
	snprintf(sql, sizeof(sql),
		"SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
		"WHERE table_schema = current_schema() AND table_name NOT IN (%s)", exclude);
	res = pg_query(pg, sql);
	for (int i = 0; i < PQntuples(res); i++)
		add(s, "column %s.%s %s%s", PQgetvalue(res, i, 0), PQgetvalue(res, i, 1), type_class(PQgetvalue(res, i, 2)),
			strcmp(PQgetvalue(res, i, 3), "NO") ? "" : " not null");
	PQclear(res);
	/* Each index: its name, table, key columns or expressions, and what it is. */
	snprintf(sql, sizeof(sql),
		"SELECT c.relname, t.relname, "
		"  (SELECT string_agg(pg_get_indexdef(i.indexrelid, k, true), ', ' ORDER BY k) "
		"   FROM generate_series(1, i.indnkeyatts) AS k), "
		"  i.indisprimary, i.indisunique, i.indpred IS NOT NULL, "
		"  EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = i.indexrelid) "
		"FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid "
		"WHERE t.relnamespace = current_schema()::regnamespace AND t.relname NOT IN (%s)", exclude);
	res = pg_query(pg, sql);
	for (int i = 0; i < PQntuples(res); i++) {
		const char *name = PQgetvalue(res, i, 0), *table = PQgetvalue(res, i, 1), *columns = PQgetvalue(res, i, 2);
		if (!strcmp(PQgetvalue(res, i, 3), "t"))
			add(s, "primary key %s (%s)", table, columns);
		else if (!strcmp(PQgetvalue(res, i, 6), "t"))
			add(s, "unique %s (%s)", table, columns);
		else
			add(s, "index %s on %s (%s)%s%s", name, table, columns, strcmp(PQgetvalue(res, i, 4), "t") ? "" : " unique",
				strcmp(PQgetvalue(res, i, 5), "t") ? "" : " partial");
	}
	PQclear(res);
	PQfinish(pg);
}

static void test_schema__both_engines_end_with_the_same_schema(void **state)
{
	schema lite = { 0 }, pg = { 0 };
	char name[64];
	(void)state;
	snprintf(name, sizeof(name), "clout_test_sql_schema_%ld", (long)getpid());
	char *location = pg_scratch_db_create(name);
	assert_non_null(location);
	sqlite_schema(&lite);
	pg_schema(&pg, location);
	qsort(lite.lines, lite.count, sizeof(*lite.lines), by_text);
	qsort(pg.lines, pg.count, sizeof(*pg.lines), by_text);
	int differences = 0;
	size_t i = 0, j = 0;
	while (i < lite.count || j < pg.count) {
		int order = i == lite.count ? 1 : j == pg.count ? -1 : strcmp(lite.lines[i], pg.lines[j]);
		if (order == 0) {
			i++, j++;
			continue;
		}
		differences++;
		if (order < 0)
			fprintf(stderr, "only on SQLite:     %s\n", lite.lines[i++]);
		else
			fprintf(stderr, "only on PostgreSQL: %s\n", pg.lines[j++]);
	}
	/* The comparison saw the schema: the tables of 0001, and the index of 0003 on both. */
	assert_true(lite.count > 50);
	assert_non_null(bsearch(&(const char *){ "index account_handle on account (workspace_id, lower(handle)) partial" },
		pg.lines, pg.count, sizeof(*pg.lines), by_text));
	assert_int_equal(differences, 0);
	schema_free(&lite);
	schema_free(&pg);
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
		cmocka_unit_test(test_schema__both_engines_end_with_the_same_schema),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
