/*
 * pg.c: the PostgreSQL engine (clout__sql_postgresql): connections, errors, scripts,
 * transactions and savepoints, bulk loads with COPY FROM STDIN, and the schema lock and version.
 * Statements and rows are in pg_stmt.c, the SQL rewriting and message text in pg_dialect.c.
 *
 * Errors: a lost or unreachable server is CLOUT_EUNAVAILABLE, "cannot reach the database at
 * LOCATION: why" (the location never shows a password); the server's other errors map from their
 * SQLSTATE (constraints, lock waits and deadlocks to CLOUT_ECONFLICT, bad values to
 * CLOUT_EBADDATA). A transaction cut off by a lost connection is rolled back by the server: the
 * data stays as it was.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/store/pg.h"
#include "util/lazylib.h"
#include "util/banned.h"

/* The advisory lock that migrations hold: the ASCII bytes of "clout" (0x636c6f7574). */
#define SCHEMA_LOCK_KEY "427021006196"
/* Rows of a COPY are sent in pieces of about this size. */
#define COPY_FLUSH_BYTES (256 * 1024)

bool clout__pg_lost(clout_sql_conn *conn)
{
	return PQstatus(conn->pg) != CONNECTION_OK;
}

static int code_of_sqlstate(const char *state)
{
	if (!state)
		return CLOUT_EBACKEND;
	if (!strncmp(state, "23", 2) || !strncmp(state, "40", 2) || !strcmp(state, "55P03"))
		return CLOUT_ECONFLICT; /* constraints, serialization failures and deadlocks, lock waits */
	if (!strncmp(state, "22", 2))
		return CLOUT_EBADDATA;
	if (!strcmp(state, "53200"))
		return CLOUT_ENOMEM;
	if (!strcmp(state, "53100"))
		return CLOUT_EIO;
	if (!strcmp(state, "42P01") || !strcmp(state, "42703") || !strcmp(state, "3D000"))
		return CLOUT_ENOTFOUND;
	return CLOUT_EBACKEND;
}

static bool sqlstate_unavailable(const char *state)
{
	/* Connection exceptions, and the server shutting down or starting up. */
	return state && (!strncmp(state, "08", 2) || !strcmp(state, "57P01") || !strcmp(state, "57P02") ||
				!strcmp(state, "57P03"));
}

int clout__pg_error(clout_sql_conn *conn, const PGresult *res, const char *what, clout_error *err)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
	char reason[512];
	/* An error with no SQLSTATE is libpq's own: the connection broke (the server went away). */
	if (clout__pg_lost(conn) || sqlstate_unavailable(state) || !state) {
		clout__pg_connect_reason(reason, sizeof(reason), primary ? primary : PQerrorMessage(conn->pg));
		return clout_error_set(err, CLOUT_EUNAVAILABLE, "cannot reach the database at %s: %s", conn->location,
			reason);
	}
	if (!primary) {
		clout__pg_connect_reason(reason, sizeof(reason), PQerrorMessage(conn->pg));
		primary = reason;
	}
	/* No privilege to write (a read-only role), or a read-only transaction or server: the store's
	 * fault, not the record's, so the message names the store first. */
	if (!strcmp(state, "42501") || !strcmp(state, "25006"))
		return clout_error_set(err, CLOUT_EDENIED, "the store at %s is read-only for this role: %s: %s",
			conn->location, what, primary);
	if (detail)
		return clout_error_set(err, code_of_sqlstate(state), "%s: %s (%s)", what, primary, detail);
	return clout_error_set(err, code_of_sqlstate(state), "%s: %s", what, primary);
}

/* Runs sql (no parameters; one or more statements) and checks that it worked. */
static int run(clout_sql_conn *conn, const char *sql, const char *what, clout_error *err)
{
	int rc;
	if ((rc = clout__pg_claim(conn, err)) < 0)
		return rc;
	if (conn->copying)
		return clout_error_set(err, CLOUT_EINVAL, "%s during a bulk load on %s", what, conn->location);
	PGresult *res = PQexec(conn->pg, sql);
	ExecStatusType status = PQresultStatus(res);
	rc = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK ? 0 : clout__pg_error(conn, res, what, err);
	PQclear(res);
	return rc;
}

/* Runs a query that returns one integer (text form) into *out. */
static int run_integer(clout_sql_conn *conn, const char *sql, int64_t *out, const char *what, clout_error *err)
{
	int rc;
	if ((rc = clout__pg_claim(conn, err)) < 0)
		return rc;
	PGresult *res = PQexec(conn->pg, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = clout__pg_error(conn, res, what, err);
	else if (PQntuples(res) != 1 || PQnfields(res) != 1 || PQgetisnull(res, 0, 0))
		rc = clout_error_set(err, CLOUT_EINTERNAL, "%s: no value", what);
	else
		*out = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return rc;
}

static bool pg_accepts(const char *location)
{
	return location && (!strncmp(location, "postgresql://", 13) || !strncmp(location, "postgres://", 11));
}

/* libpq's notices (NOTICE, WARNING) would go to stderr: the library prints nothing. */
static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static void pg_close(clout_sql_conn *conn)
{
	if (!conn)
		return;
	/* The caller may still finalize its statements after this: they forget the connection. */
	while (conn->statements)
		clout__pg_detach(conn->statements);
	PQfinish(conn->pg);
	clout_buf_release(&conn->copy_data);
	free(conn->location);
	free(conn);
}

static int pg_open(clout_sql_conn **out, const char *location, const clout_sql_open_options *opts,
	clout_error *err)
{
	clout_sql_open_options defaults = CLOUT_SQL_OPEN_OPTIONS_INIT;
	clout_sql_conn *conn = NULL;
	char setup[160];
	int rc = 0;
	*out = NULL;
	if (!opts)
		opts = &defaults;
	if (!(conn = calloc(1, sizeof(*conn))) || !(conn->location = clout__pg_public_location(location))) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory opening a database connection");
		goto done;
	}
	clout_buf_init(&conn->copy_data, 0);
	conn->lock_timeout_ms = opts->lock_timeout_ms > 0 ? opts->lock_timeout_ms : 0;
	/* The URI's own settings win over the first two; the encoding is always UTF-8. */
	const char *const keys[] = { "connect_timeout", "fallback_application_name", "dbname", "client_encoding", NULL };
	const char *const values[] = { "10", "clout", location, "UTF8", NULL };
	conn->pg = PQconnectdbParams(keys, values, 1);
	if (!conn->pg) {
		const char *why = clout_libpq_error();
		rc = why ? clout_error_set(err, CLOUT_EUNAVAILABLE, "cannot reach the database at %s: %s (PostgreSQL stores"
				" need libpq, Debian package libpq5)", conn->location, why)
			 : clout_error_set(err, CLOUT_ENOMEM, "out of memory opening a database connection");
		goto done;
	}
	if (PQstatus(conn->pg) != CONNECTION_OK) {
		char reason[512];
		clout__pg_connect_reason(reason, sizeof(reason), PQerrorMessage(conn->pg));
		rc = clout_error_set(err, CLOUT_EUNAVAILABLE, "cannot reach the database at %s: %s", conn->location,
			reason);
		goto done;
	}
	PQsetNoticeProcessor(conn->pg, quiet, NULL);
	snprintf(setup, sizeof(setup), "SET lock_timeout = %d; SET client_min_messages = warning",
		conn->lock_timeout_ms);
	if ((rc = run(conn, setup, "cannot set up the connection", err)) < 0)
		goto done;
	*out = conn;
	conn = NULL;
done:
	pg_close(conn);
	return rc;
}

static const char *pg_location(clout_sql_conn *conn)
{
	return conn->location;
}

static int pg_exec(clout_sql_conn *conn, const char *sql, clout_error *err)
{
	return run(conn, sql, "cannot run a script", err);
}

/* ---- Transactions ---- */

static int pg_begin(clout_sql_conn *conn, bool write, clout_error *err)
{
	/* Rows are locked as they are written (MVCC): there is no database-wide write lock to take. */
	(void)write;
	return run(conn, "BEGIN", "cannot begin a transaction", err);
}

static int pg_commit(clout_sql_conn *conn, clout_error *err)
{
	int rc;
	if ((rc = clout__pg_claim(conn, err)) < 0)
		return rc;
	PGresult *res = PQexec(conn->pg, "COMMIT");
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = clout__pg_error(conn, res, "cannot commit", err);
	else if (!strcmp(PQcmdStatus(res), "ROLLBACK"))
		/* COMMIT of a transaction in which a statement failed rolls it back. */
		rc = clout_error_set(err, CLOUT_ECONFLICT,
			"cannot commit on %s: a statement of the transaction failed, so it was rolled back", conn->location);
	PQclear(res);
	return rc;
}

static void copy_abort(clout_sql_conn *conn)
{
	if (!conn->copying)
		return;
	PGresult *res;
	PQputCopyEnd(conn->pg, "the bulk load was abandoned");
	while ((res = PQgetResult(conn->pg)))
		PQclear(res);
	conn->copying = false;
	clout_buf_clear(&conn->copy_data);
}

static int pg_rollback(clout_sql_conn *conn)
{
	clout_error err = { 0 };
	copy_abort(conn);
	return run(conn, "ROLLBACK", "cannot roll back", &err);
}

static int savepoint_command(clout_sql_conn *conn, const char *command, const char *name, clout_error *err)
{
	char sql[128];
	size_t len = strlen(name);
	if (!len || len > 63 || strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789") != len ||
		(name[0] >= '0' && name[0] <= '9'))
		return clout_error_set(err, CLOUT_EINVAL, "savepoint name '%s' is not a plain identifier", name);
	snprintf(sql, sizeof(sql), "%s %s", command, name);
	return run(conn, sql, command, err);
}

static int pg_savepoint(clout_sql_conn *conn, const char *name, clout_error *err)
{
	return savepoint_command(conn, "SAVEPOINT", name, err);
}

static int pg_release(clout_sql_conn *conn, const char *name, clout_error *err)
{
	return savepoint_command(conn, "RELEASE SAVEPOINT", name, err);
}

static int pg_rollback_to(clout_sql_conn *conn, const char *name, clout_error *err)
{
	return savepoint_command(conn, "ROLLBACK TO SAVEPOINT", name, err);
}

/* ---- Bulk load: COPY ... FROM STDIN in text format ---- */

static bool plain_identifier(const char *name)
{
	size_t len = strlen(name);
	return len && len <= 63 && !(name[0] >= '0' && name[0] <= '9') &&
		strspn(name, "abcdefghijklmnopqrstuvwxyz_0123456789") == len;
}

static int pg_copy_begin(clout_sql_conn *conn, const char *table, const char *const *columns, int ncolumns,
	clout_error *err)
{
	clout_buf sql = CLOUT_BUF_INIT;
	PGresult *res = NULL;
	int rc;
	if ((rc = clout__pg_claim(conn, err)) < 0)
		goto done;
	if (!plain_identifier(table) || ncolumns < 1) {
		rc = clout_error_set(err, CLOUT_EINVAL, "bulk load into '%s': not a plain table name and columns", table);
		goto done;
	}
	clout_buf_printf(&sql, "COPY %s (", table);
	for (int i = 0; i < ncolumns; i++) {
		if (!plain_identifier(columns[i])) {
			rc = clout_error_set(err, CLOUT_EINVAL, "bulk load into %s: '%s' is not a plain column name", table,
				columns[i]);
			goto done;
		}
		clout_buf_printf(&sql, "%s%s", i ? ", " : "", columns[i]);
	}
	if (clout_buf_puts(&sql, ") FROM STDIN") < 0) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory starting a bulk load");
		goto done;
	}
	res = PQexec(conn->pg, sql.ptr);
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		rc = clout__pg_error(conn, res, "cannot start a bulk load", err);
		goto done;
	}
	conn->copying = true;
	conn->copy_columns = ncolumns;
	clout_buf_clear(&conn->copy_data);
done:
	PQclear(res);
	clout_buf_release(&sql);
	return rc;
}

static int copy_flush(clout_sql_conn *conn, clout_error *err)
{
	if (!conn->copy_data.len)
		return 0;
	if (PQputCopyData(conn->pg, conn->copy_data.ptr, (int)conn->copy_data.len) != 1)
		return clout__pg_error(conn, NULL, "cannot send bulk load rows", err);
	clout_buf_clear(&conn->copy_data);
	return 0;
}

/* Appends bytes escaped for COPY's text format (backslash, tab, newline, carriage return). */
static int copy_escape(clout_buf *b, const char *data, size_t len)
{
	size_t from = 0;
	for (size_t i = 0; i < len; i++) {
		const char *escape = NULL;
		switch (data[i]) {
		case '\\': escape = "\\\\"; break;
		case '\t': escape = "\\t"; break;
		case '\n': escape = "\\n"; break;
		case '\r': escape = "\\r"; break;
		default: continue;
		}
		if (clout_buf_put(b, data + from, i - from) < 0 || clout_buf_puts(b, escape) < 0)
			return CLOUT_ENOMEM;
		from = i + 1;
	}
	return clout_buf_put(b, data + from, len - from);
}

/* Appends v in decimal (printf is most of the cost of formatting a row of integers). */
static int copy_integer(clout_buf *b, int64_t v)
{
	char digits[24], *end = digits + sizeof(digits), *p = end;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	return clout_buf_put(b, p, (size_t)(end - p));
}

static int copy_value(clout_buf *b, const clout_sql_value *value)
{
	static const char hex[] = "0123456789abcdef";
	char text[32];
	switch (value->type) {
	case CLOUT_SQL_NULL:
		return clout_buf_puts(b, "\\N");
	case CLOUT_SQL_INTEGER:
		return copy_integer(b, value->v.i);
	case CLOUT_SQL_FLOAT:
		clout__pg_format_double(text, value->v.f);
		return clout_buf_puts(b, text);
	case CLOUT_SQL_TEXT:
		return copy_escape(b, value->v.bytes.data, value->v.bytes.len);
	case CLOUT_SQL_BLOB:
		/* bytea's hex input form, its backslash doubled for COPY. */
		if (clout_buf_grow(b, 3 + 2 * value->v.bytes.len) < 0)
			return CLOUT_ENOMEM;
		clout_buf_puts(b, "\\\\x");
		for (size_t i = 0; i < value->v.bytes.len; i++) {
			unsigned char c = ((const unsigned char *)value->v.bytes.data)[i];
			b->ptr[b->len++] = hex[c >> 4];
			b->ptr[b->len++] = hex[c & 15];
		}
		b->ptr[b->len] = '\0';
		return 0;
	}
	return CLOUT_EINVAL;
}

static int pg_copy_row(clout_sql_conn *conn, const clout_sql_value *values, clout_error *err)
{
	if (!conn->copying)
		return clout_error_set(err, CLOUT_EINVAL, "a bulk load row with no bulk load started on %s", conn->location);
	size_t mark = conn->copy_data.len;
	for (int i = 0; i < conn->copy_columns; i++) {
		int rc = copy_value(&conn->copy_data, &values[i]);
		if (rc == 0)
			rc = clout_buf_putc(&conn->copy_data, i + 1 < conn->copy_columns ? '\t' : '\n');
		if (rc < 0) {
			clout_buf_setlen(&conn->copy_data, mark);
			return clout_error_set(err, rc, "bulk load row, column %d: %s", i + 1,
				rc == CLOUT_ENOMEM ? "out of memory" : "unknown value type");
		}
	}
	return conn->copy_data.len >= COPY_FLUSH_BYTES ? copy_flush(conn, err) : 0;
}

static int pg_copy_end(clout_sql_conn *conn, clout_error *err)
{
	PGresult *res;
	int rc;
	if (!conn->copying)
		return clout_error_set(err, CLOUT_EINVAL, "no bulk load to end on %s", conn->location);
	if ((rc = copy_flush(conn, err)) < 0) {
		copy_abort(conn);
		return rc;
	}
	if (PQputCopyEnd(conn->pg, NULL) != 1) {
		rc = clout__pg_error(conn, NULL, "cannot end a bulk load", err);
		copy_abort(conn);
		return rc;
	}
	conn->copying = false;
	while ((res = PQgetResult(conn->pg))) {
		if (rc == 0 && PQresultStatus(res) != PGRES_COMMAND_OK)
			rc = clout__pg_error(conn, res, "bulk load failed", err);
		PQclear(res);
	}
	return rc;
}

static int pg_stage(clout_sql_conn *conn, const char *table, const char *const *columns, const clout_sql_type *types,
	int ncolumns, clout_error *err)
{
	clout_buf sql = CLOUT_BUF_INIT;
	int rc = 0;
	/* Dropped at commit or rollback: a staging table never outlives its transaction. */
	clout_buf_printf(&sql, "CREATE TEMP TABLE IF NOT EXISTS %s (", table);
	for (int i = 0; i < ncolumns; i++)
		clout_buf_printf(&sql, "%s%s %s", i ? ", " : "", columns[i],
			types[i] == CLOUT_SQL_INTEGER ? "BIGINT" : types[i] == CLOUT_SQL_FLOAT ? "DOUBLE PRECISION" :
			types[i] == CLOUT_SQL_BLOB ? "BYTEA" : "TEXT");
	if (clout_buf_printf(&sql, ") ON COMMIT DROP; TRUNCATE %s", table) < 0)
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory making a staging table");
	else
		rc = run(conn, sql.ptr, "cannot make a staging table", err);
	clout_buf_release(&sql);
	return rc;
}

/* ---- Foreign keys of a fresh bulk load ---- */

/* Appends to drop and restore the statements for table's foreign keys (none: nothing). */
static int foreign_keys_of(clout_sql_conn *conn, const char *table, clout_buf *drop, clout_buf *restore,
	clout_error *err)
{
	const char *params[1] = { table };
	PGresult *res = PQexecParams(conn->pg,
		"SELECT quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint"
		" WHERE conrelid = to_regclass($1) AND contype = 'f' ORDER BY conname",
		1, NULL, params, NULL, NULL, 0);
	int rc = 0, n;
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		rc = clout__pg_error(conn, res, "cannot read the foreign keys", err);
		goto done;
	}
	n = PQntuples(res);
	for (int i = 0; i < n; i++) {
		const char *name = PQgetvalue(res, i, 0), *def = PQgetvalue(res, i, 1);
		if ((i == 0 && (clout_buf_printf(drop, "ALTER TABLE %s", table) < 0 ||
				   clout_buf_printf(restore, "ALTER TABLE %s", table) < 0)) ||
		    clout_buf_printf(drop, "%s DROP CONSTRAINT %s", i ? "," : "", name) < 0 ||
		    clout_buf_printf(restore, "%s ADD CONSTRAINT %s %s", i ? "," : "", name, def) < 0 ||
		    (i + 1 == n && (clout_buf_puts(drop, ";") < 0 || clout_buf_puts(restore, ";") < 0))) {
			rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory reading the foreign keys");
			goto done;
		}
	}
done:
	PQclear(res);
	return rc;
}

static int pg_drop_foreign_keys(clout_sql_conn *conn, const char *const *tables, int ntables, char **restore,
	clout_error *err)
{
	clout_buf drop = CLOUT_BUF_INIT, make = CLOUT_BUF_INIT;
	int rc;
	*restore = NULL;
	if ((rc = clout__pg_claim(conn, err)) < 0)
		return rc;
	for (int i = 0; i < ntables && rc == 0; i++) {
		if (!plain_identifier(tables[i]))
			rc = clout_error_set(err, CLOUT_EINVAL, "'%s' is not a plain table name", tables[i]);
		else
			rc = foreign_keys_of(conn, tables[i], &drop, &make, err);
	}
	if (rc == 0 && drop.len && (rc = run(conn, drop.ptr, "cannot drop the foreign keys", err)) == 0) {
		if (!(*restore = clout_buf_detach(&make, NULL)))
			rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory reading the foreign keys");
	}
	clout_buf_release(&drop);
	clout_buf_release(&make);
	return rc;
}

/* ---- Schema ---- */

static int pg_lock_schema(clout_sql_conn *conn, clout_error *err)
{
	char sql[192];
	/* Another process may be migrating for longer than a row lock is worth waiting: wait for it. */
	snprintf(sql, sizeof(sql), "SET lock_timeout = 0; SELECT pg_advisory_lock(%s); SET lock_timeout = %d",
		SCHEMA_LOCK_KEY, conn->lock_timeout_ms);
	return run(conn, sql, "cannot take the schema lock", err);
}

static int pg_unlock_schema(clout_sql_conn *conn, clout_error *err)
{
	return run(conn, "SELECT pg_advisory_unlock(" SCHEMA_LOCK_KEY ")", "cannot release the schema lock", err);
}

static int pg_schema_version(clout_sql_conn *conn, int *out, clout_error *err)
{
	int64_t exists = 0, version = 0;
	int rc = run_integer(conn, "SELECT (to_regclass('clout_schema_version') IS NOT NULL)::int", &exists,
		"cannot read the schema version", err);
	if (rc == 0 && exists)
		rc = run_integer(conn, "SELECT coalesce(max(version), 0) FROM clout_schema_version", &version,
			"cannot read the schema version", err);
	if (rc == 0)
		*out = (int)version;
	return rc;
}

static int pg_set_schema_version(clout_sql_conn *conn, int version, clout_error *err)
{
	char sql[256];
	snprintf(sql, sizeof(sql),
		"CREATE TABLE IF NOT EXISTS clout_schema_version (version INTEGER NOT NULL); "
		"DELETE FROM clout_schema_version; INSERT INTO clout_schema_version (version) VALUES (%d)",
		version);
	return run(conn, sql, "cannot record the schema version", err);
}

const clout_sql_driver clout__sql_postgresql = {
	.version = CLOUT_SQL_DRIVER_VERSION,
	.name = "postgresql",
	.exclusive_writes = false,
	.in_process = false,
	.accepts = pg_accepts,
	.open = pg_open,
	.close = pg_close,
	.prepare = clout__pg_prepare,
	.finalize = clout__pg_finalize,
	.bind_null = clout__pg_bind_null,
	.bind_int64 = clout__pg_bind_int64,
	.bind_double = clout__pg_bind_double,
	.bind_text = clout__pg_bind_text,
	.bind_blob = clout__pg_bind_blob,
	.step = clout__pg_step,
	.reset = clout__pg_reset,
	.changes = clout__pg_changes,
	.column_type = clout__pg_column_type,
	.column_int64 = clout__pg_column_int64,
	.column_double = clout__pg_column_double,
	.column_text = clout__pg_column_text,
	.column_blob = clout__pg_column_blob,
	.exec = pg_exec,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.savepoint = pg_savepoint,
	.release = pg_release,
	.rollback_to = pg_rollback_to,
	.copy_begin = pg_copy_begin,
	.copy_row = pg_copy_row,
	.copy_end = pg_copy_end,
	.stage = pg_stage,
	.drop_foreign_keys = pg_drop_foreign_keys,
	.lock_schema = pg_lock_schema,
	.unlock_schema = pg_unlock_schema,
	.schema_version = pg_schema_version,
	.set_schema_version = pg_set_schema_version,
	.location = pg_location,
};
