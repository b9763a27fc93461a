/*
 * pg_stmt.c: the PostgreSQL engine's prepared statements: preparing (server-side, named per
 * connection), binding, stepping through rows and reading columns.
 *
 * Parameters go as text (the server parses them into whatever type it inferred, so an integer
 * bound where PostgreSQL expects a numeric or a boolean still works, and int64 and doubles written
 * with 17 digits come back exactly), except blobs, which go as raw bytes (binary bytea).
 * Results come in binary when every column is of a type read here directly (integers, floats,
 * booleans, text, bytea), else in text (numeric sums, timestamps, ...), which is then parsed.
 *
 * Rows stream one at a time (single-row mode), so a large result is never held whole; when another
 * statement of the connection runs before the last row is read, the rest is copied into this
 * statement's row buffer first (clout__pg_claim), and stepping goes on from there.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/store/pg.h"
#include "util/banned.h"

/* PostgreSQL type oids (pg_type.dat): the types read here without their text form. */
enum {
	OID_BOOL = 16, OID_BYTEA = 17, OID_NAME = 19, OID_INT8 = 20, OID_INT2 = 21, OID_INT4 = 23,
	OID_TEXT = 25, OID_OID = 26, OID_JSON = 114, OID_FLOAT4 = 700, OID_FLOAT8 = 701,
	OID_UNKNOWN = 705, OID_BPCHAR = 1042, OID_VARCHAR = 1043, OID_NUMERIC = 1700
};

typedef enum { KIND_INTEGER, KIND_BOOL, KIND_FLOAT, KIND_NUMERIC, KIND_BYTEA, KIND_TEXT } value_kind;

typedef enum { STATE_READY, STATE_STREAMING, STATE_BUFFERED, STATE_DONE } stmt_state;

struct clout_sql_stmt {
	clout_sql_conn *conn; /* NULL once the connection is closed */
	struct clout_sql_stmt *prev, *next;
	char name[32];
	int nparams;
	const char **values;
	int *lengths;
	int *formats;
	clout_buf *owned; /* per parameter: the text sent */
	int ncols;
	value_kind *kinds;
	bool binary;
	stmt_state state;
	int64_t changes;
	PGresult *row; /* the current streamed row */
	/* Buffered rows: per column a 4-byte length (-1 for NULL), the bytes and a NUL. */
	clout_buf rows;
	size_t read_at;
	int pending_code; /* an error met while buffering, given after the buffered rows */
	char *pending_message;
	const char **cur;
	int *cur_len; /* -1 for NULL */
	clout_buf *scratch; /* per column: converted text or decoded bytes */
};

static value_kind kind_of(Oid type, bool *binary_ok)
{
	switch (type) {
	case OID_INT8: case OID_INT4: case OID_INT2: case OID_OID: return KIND_INTEGER;
	case OID_BOOL: return KIND_BOOL;
	case OID_FLOAT4: case OID_FLOAT8: return KIND_FLOAT;
	case OID_BYTEA: return KIND_BYTEA;
	case OID_TEXT: case OID_VARCHAR: case OID_BPCHAR: case OID_NAME: case OID_UNKNOWN: case OID_JSON:
		return KIND_TEXT;
	case OID_NUMERIC: *binary_ok = false; return KIND_NUMERIC;
	default: *binary_ok = false; return KIND_TEXT;
	}
}

static void stmt_free(clout_sql_stmt *st)
{
	for (int i = 0; i < st->nparams; i++)
		clout_buf_release(&st->owned[i]);
	for (int i = 0; i < st->ncols; i++)
		clout_buf_release(&st->scratch[i]);
	free(st->values);
	free(st->lengths);
	free(st->formats);
	free(st->owned);
	free(st->kinds);
	free(st->cur);
	free(st->cur_len);
	free(st->scratch);
	clout_buf_release(&st->rows);
	free(st->pending_message);
	free(st);
}

static int stmt_alloc(clout_sql_stmt *st, int nparams, int ncols)
{
	size_t np = nparams > 0 ? (size_t)nparams : 1, nc = ncols > 0 ? (size_t)ncols : 1;
	st->nparams = nparams;
	st->ncols = ncols;
	st->values = calloc(np, sizeof(*st->values));
	st->lengths = calloc(np, sizeof(*st->lengths));
	st->formats = calloc(np, sizeof(*st->formats));
	st->owned = calloc(np, sizeof(*st->owned));
	st->kinds = calloc(nc, sizeof(*st->kinds));
	st->cur = calloc(nc, sizeof(*st->cur));
	st->cur_len = calloc(nc, sizeof(*st->cur_len));
	st->scratch = calloc(nc, sizeof(*st->scratch));
	if (!st->values || !st->lengths || !st->formats || !st->owned || !st->kinds || !st->cur || !st->cur_len ||
		!st->scratch)
		return CLOUT_ENOMEM;
	for (int i = 0; i < nparams; i++)
		clout_buf_init(&st->owned[i], 0);
	for (int i = 0; i < ncols; i++)
		clout_buf_init(&st->scratch[i], 0);
	return 0;
}

/* Reads the parameter count and the result columns' types of the prepared statement. */
static int stmt_describe(clout_sql_stmt *st, int rewritten_params, clout_error *err)
{
	PGresult *res = PQdescribePrepared(st->conn->pg, st->name);
	int rc;
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = clout__pg_error(st->conn, res, "cannot describe a prepared statement", err);
		goto done;
	}
	int nparams = PQnparams(res) > rewritten_params ? PQnparams(res) : rewritten_params;
	if ((rc = stmt_alloc(st, nparams, PQnfields(res))) < 0) {
		clout_error_set(err, rc, "out of memory preparing a statement");
		goto done;
	}
	st->binary = true;
	for (int i = 0; i < st->ncols; i++)
		st->kinds[i] = kind_of(PQftype(res, i), &st->binary);
done:
	PQclear(res);
	return rc;
}

int clout__pg_prepare(clout_sql_conn *conn, clout_sql_stmt **out, const char *sql, clout_error *err)
{
	clout_buf text = CLOUT_BUF_INIT;
	clout_sql_stmt *st = NULL;
	PGresult *res = NULL;
	int nparams = 0, rc;
	*out = NULL;
	if ((rc = clout__pg_rewrite(&text, &nparams, sql, err)) < 0 || (rc = clout__pg_claim(conn, err)) < 0)
		goto done;
	if (!(st = calloc(1, sizeof(*st)))) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory preparing a statement");
		goto done;
	}
	st->conn = conn;
	clout_buf_init(&st->rows, 0);
	snprintf(st->name, sizeof(st->name), "clout_s%" PRIu64, ++conn->next_statement);
	res = PQprepare(conn->pg, st->name, text.ptr, 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = clout__pg_error(conn, res, "cannot prepare statement", err);
		clout_error_wrap(err, rc, "%.120s: ", sql);
		goto done;
	}
	if ((rc = stmt_describe(st, nparams, err)) < 0)
		goto done;
	st->next = conn->statements;
	if (st->next)
		st->next->prev = st;
	conn->statements = st;
	*out = st;
	st = NULL;
done:
	PQclear(res);
	clout_buf_release(&text);
	if (st)
		stmt_free(st);
	return rc;
}

/* Reads what is left of st's stream and drops it; the connection is free after. */
static void stream_finish(clout_sql_stmt *st)
{
	PGresult *res;
	while ((res = PQgetResult(st->conn->pg)))
		PQclear(res);
	st->conn->streaming = NULL;
}

void clout__pg_reset(clout_sql_stmt *st)
{
	if (st->conn && st->state == STATE_STREAMING)
		stream_finish(st);
	PQclear(st->row);
	st->row = NULL;
	clout_buf_clear(&st->rows);
	st->read_at = 0;
	free(st->pending_message);
	st->pending_message = NULL;
	st->pending_code = 0;
	st->state = STATE_READY;
	for (int i = 0; i < st->nparams; i++) {
		st->values[i] = NULL;
		st->lengths[i] = 0;
		st->formats[i] = 0;
	}
}

/* Unlinks st from its connection's list of live statements. */
static void stmt_unlink(clout_sql_stmt *st)
{
	clout_sql_conn *conn = st->conn;
	if (st->prev)
		st->prev->next = st->next;
	else
		conn->statements = st->next;
	if (st->next)
		st->next->prev = st->prev;
	st->prev = st->next = NULL;
}

void clout__pg_detach(clout_sql_stmt *st)
{
	/* The connection is closing: what is left of a stream is dropped with it, unread. */
	if (st->conn->streaming == st)
		st->conn->streaming = NULL;
	st->state = STATE_DONE;
	clout__pg_reset(st);
	stmt_unlink(st);
	st->conn = NULL;
}

void clout__pg_finalize(clout_sql_stmt *st)
{
	if (!st)
		return;
	clout_sql_conn *conn = st->conn;
	clout__pg_reset(st);
	if (conn) {
		stmt_unlink(st);
		/* The server forgets the statement with the session anyway; drop it now only when the
		 * connection is free (not in the middle of another statement's rows or a COPY). */
		if (!conn->streaming && !conn->copying && PQstatus(conn->pg) == CONNECTION_OK &&
			PQtransactionStatus(conn->pg) != PQTRANS_INERROR) {
			char sql[64];
			snprintf(sql, sizeof(sql), "DEALLOCATE %s", st->name);
			PQclear(PQexec(conn->pg, sql));
		}
	}
	stmt_free(st);
}

/* ---- Binding ---- */

static int bind_owned(clout_sql_stmt *st, int index, const void *data, size_t len, int format)
{
	if (index < 1 || index > st->nparams)
		return CLOUT_EINVAL;
	clout_buf *b = &st->owned[index - 1];
	clout_buf_clear(b);
	if (len > INT32_MAX || clout_buf_put(b, data, len) < 0)
		return CLOUT_ENOMEM;
	st->values[index - 1] = b->ptr;
	st->lengths[index - 1] = (int)len;
	st->formats[index - 1] = format;
	return 0;
}

int clout__pg_bind_null(clout_sql_stmt *st, int index)
{
	if (index < 1 || index > st->nparams)
		return CLOUT_EINVAL;
	st->values[index - 1] = NULL;
	st->lengths[index - 1] = 0;
	st->formats[index - 1] = 0;
	return 0;
}

int clout__pg_bind_int64(clout_sql_stmt *st, int index, int64_t value)
{
	char text[32];
	int n = snprintf(text, sizeof(text), "%" PRId64, value);
	return bind_owned(st, index, text, (size_t)n, 0);
}

void clout__pg_format_double(char out[32], double value)
{
	if (isnan(value))
		snprintf(out, 32, "NaN");
	else if (isinf(value))
		snprintf(out, 32, "%s", value > 0 ? "Infinity" : "-Infinity");
	else
		snprintf(out, 32, "%.17g", value);
}

int clout__pg_bind_double(clout_sql_stmt *st, int index, double value)
{
	char text[32];
	clout__pg_format_double(text, value);
	return bind_owned(st, index, text, strlen(text), 0);
}

int clout__pg_bind_text(clout_sql_stmt *st, int index, const char *text, size_t len)
{
	/* Text parameters are NUL-terminated for libpq: copy (the caller's text may not be). */
	return bind_owned(st, index, text, len, 0);
}

int clout__pg_bind_blob(clout_sql_stmt *st, int index, const void *data, size_t len)
{
	if (index < 1 || index > st->nparams)
		return CLOUT_EINVAL;
	if (len > INT32_MAX)
		return CLOUT_ENOMEM;
	/* Borrowed until reset, as the header allows; an empty blob still needs a non-NULL value. */
	st->values[index - 1] = len ? data : "";
	st->lengths[index - 1] = (int)len;
	st->formats[index - 1] = 1;
	return 0;
}

/* ---- Stepping ---- */

static void row_from_result(clout_sql_stmt *st, const PGresult *res)
{
	for (int i = 0; i < st->ncols; i++) {
		st->cur[i] = PQgetvalue(res, 0, i);
		st->cur_len[i] = PQgetisnull(res, 0, i) ? -1 : PQgetlength(res, 0, i);
	}
}

static bool row_from_buffer(clout_sql_stmt *st)
{
	if (st->read_at >= st->rows.len)
		return false;
	for (int i = 0; i < st->ncols; i++) {
		int32_t len;
		memcpy(&len, st->rows.ptr + st->read_at, sizeof(len));
		st->read_at += sizeof(len);
		st->cur[i] = st->rows.ptr + st->read_at;
		st->cur_len[i] = len;
		if (len >= 0)
			st->read_at += (size_t)len + 1;
	}
	return true;
}

static int64_t result_changes(const PGresult *res)
{
	const char *tag = PQcmdStatus((PGresult *)res);
	if (strncmp(tag, "INSERT", 6) && strncmp(tag, "UPDATE", 6) && strncmp(tag, "DELETE", 6) &&
		strncmp(tag, "MERGE", 5) && strncmp(tag, "COPY", 4))
		return 0;
	return strtoll(PQcmdTuples((PGresult *)res), NULL, 10);
}

/* The next result of st's stream: CLOUT_SQL_ROW, CLOUT_SQL_DONE (the connection is free after)
 * or an error (likewise). */
static int stream_next(clout_sql_stmt *st, clout_error *err)
{
	PQclear(st->row);
	st->row = NULL;
	PGresult *res = PQgetResult(st->conn->pg);
	int rc;
	switch (PQresultStatus(res)) {
	case PGRES_SINGLE_TUPLE:
		st->row = res;
		row_from_result(st, res);
		return CLOUT_SQL_ROW;
	case PGRES_TUPLES_OK:
	case PGRES_COMMAND_OK:
		st->changes = result_changes(res);
		rc = CLOUT_SQL_DONE;
		break;
	default:
		rc = clout__pg_error(st->conn, res, "statement failed", err);
		break;
	}
	PQclear(res);
	stream_finish(st);
	st->state = STATE_DONE;
	return rc;
}

static int buffer_row(clout_sql_stmt *st, const PGresult *res)
{
	for (int i = 0; i < st->ncols; i++) {
		int32_t len = PQgetisnull(res, 0, i) ? -1 : PQgetlength(res, 0, i);
		if (clout_buf_put(&st->rows, &len, sizeof(len)) < 0)
			return CLOUT_ENOMEM;
		if (len >= 0 && (clout_buf_put(&st->rows, PQgetvalue(res, 0, i), (size_t)len) < 0 ||
				clout_buf_putc(&st->rows, '\0') < 0))
			return CLOUT_ENOMEM;
	}
	return 0;
}

/* Copies the rest of st's stream into its row buffer (the current row stays where it is). */
static int stream_buffer(clout_sql_stmt *st, clout_error *err)
{
	clout_error local = { 0 };
	PGresult *res;
	int rc = 0;
	while (rc == 0 && (res = PQgetResult(st->conn->pg))) {
		ExecStatusType status = PQresultStatus(res);
		if (status == PGRES_SINGLE_TUPLE)
			rc = buffer_row(st, res) < 0 ? clout_error_set(&local, CLOUT_ENOMEM, "out of memory buffering rows")
						      : 0;
		else if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
			st->changes = result_changes(res);
		else
			rc = clout__pg_error(st->conn, res, "statement failed", &local);
		PQclear(res);
	}
	stream_finish(st);
	st->read_at = 0;
	st->state = STATE_BUFFERED;
	if (rc < 0) {
		/* The rows read so far are still given; the error comes after them. */
		st->pending_code = rc;
		st->pending_message = strdup(local.message);
		if (rc == CLOUT_ENOMEM || rc == CLOUT_EUNAVAILABLE)
			return clout_error_set(err, rc, "%s", local.message);
	}
	return 0;
}

int clout__pg_claim(clout_sql_conn *conn, clout_error *err)
{
	if (!conn->streaming)
		return 0;
	return stream_buffer(conn->streaming, err);
}

static int stmt_start(clout_sql_stmt *st, clout_error *err)
{
	clout_sql_conn *conn = st->conn;
	int rc;
	if ((rc = clout__pg_claim(conn, err)) < 0)
		return rc;
	if (conn->copying)
		return clout_error_set(err, CLOUT_EINVAL, "a statement ran during a bulk load on %s", conn->location);
	if (!PQsendQueryPrepared(conn->pg, st->name, st->nparams, st->values, st->lengths, st->formats,
		    st->binary ? 1 : 0))
		return clout__pg_error(conn, NULL, "cannot send a statement", err);
	PQsetSingleRowMode(conn->pg);
	conn->streaming = st;
	st->state = STATE_STREAMING;
	st->changes = 0;
	return 0;
}

int clout__pg_step(clout_sql_stmt *st, clout_error *err)
{
	int rc;
	if (!st->conn)
		return clout_error_set(err, CLOUT_EINTERNAL, "a statement was used after its connection closed");
	switch (st->state) {
	case STATE_READY:
		if ((rc = stmt_start(st, err)) < 0) {
			st->state = STATE_DONE;
			return rc;
		}
		return stream_next(st, err);
	case STATE_STREAMING:
		return stream_next(st, err);
	case STATE_BUFFERED:
		PQclear(st->row);
		st->row = NULL;
		if (row_from_buffer(st))
			return CLOUT_SQL_ROW;
		st->state = STATE_DONE;
		if (st->pending_code < 0)
			return clout_error_set(err, st->pending_code, "%s",
				st->pending_message ? st->pending_message : "statement failed");
		return CLOUT_SQL_DONE;
	case STATE_DONE:
		break;
	}
	return CLOUT_SQL_DONE;
}

int64_t clout__pg_changes(clout_sql_stmt *st)
{
	return st->changes;
}

/* ---- Columns ---- */

static uint64_t read_be(const char *p, int len)
{
	uint64_t v = 0;
	for (int i = 0; i < len; i++)
		v = (v << 8) | (unsigned char)p[i];
	return v;
}

static bool is_null(clout_sql_stmt *st, int col)
{
	return col < 0 || col >= st->ncols || st->cur_len[col] < 0;
}

static bool numeric_is_integer(const char *text)
{
	return !strpbrk(text, ".eEN");
}

clout_sql_type clout__pg_column_type(clout_sql_stmt *st, int col)
{
	if (is_null(st, col))
		return CLOUT_SQL_NULL;
	switch (st->kinds[col]) {
	case KIND_INTEGER: case KIND_BOOL: return CLOUT_SQL_INTEGER;
	case KIND_FLOAT: return CLOUT_SQL_FLOAT;
	case KIND_NUMERIC: return numeric_is_integer(st->cur[col]) ? CLOUT_SQL_INTEGER : CLOUT_SQL_FLOAT;
	case KIND_BYTEA: return CLOUT_SQL_BLOB;
	case KIND_TEXT: break;
	}
	return CLOUT_SQL_TEXT;
}

static double binary_double(const char *p, int len)
{
	if (len == 4) {
		uint32_t bits = (uint32_t)read_be(p, 4);
		float f;
		memcpy(&f, &bits, sizeof(f));
		return f;
	}
	uint64_t bits = read_be(p, 8);
	double d;
	memcpy(&d, &bits, sizeof(d));
	return d;
}

static int64_t double_to_int64(double d)
{
	if (isnan(d))
		return 0;
	if (d >= 9223372036854775807.0)
		return INT64_MAX;
	if (d <= -9223372036854775808.0)
		return INT64_MIN;
	return (int64_t)d;
}

int64_t clout__pg_column_int64(clout_sql_stmt *st, int col)
{
	if (is_null(st, col))
		return 0;
	const char *p = st->cur[col];
	int len = st->cur_len[col];
	value_kind kind = st->kinds[col];
	if (st->binary && kind == KIND_INTEGER) {
		uint64_t v = read_be(p, len);
		if (len == 2)
			return (int16_t)v;
		if (len == 4)
			return (int32_t)v;
		return (int64_t)v;
	}
	if (kind == KIND_BOOL)
		return st->binary ? p[0] != 0 : p[0] == 't';
	if (st->binary && kind == KIND_FLOAT)
		return double_to_int64(binary_double(p, len));
	if ((kind == KIND_FLOAT || kind == KIND_NUMERIC) && !numeric_is_integer(p))
		return double_to_int64(strtod(p, NULL));
	return strtoll(p, NULL, 10);
}

double clout__pg_column_double(clout_sql_stmt *st, int col)
{
	if (is_null(st, col))
		return 0;
	value_kind kind = st->kinds[col];
	if (st->binary && kind == KIND_FLOAT)
		return binary_double(st->cur[col], st->cur_len[col]);
	if ((st->binary && kind == KIND_INTEGER) || kind == KIND_BOOL)
		return (double)clout__pg_column_int64(st, col);
	return strtod(st->cur[col], NULL);
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A bytea column in text form (\x followed by hex digits) decoded into the column's scratch. */
static const char *bytea_from_text(clout_sql_stmt *st, int col, size_t *len_out)
{
	clout_buf *b = &st->scratch[col];
	const char *p = st->cur[col];
	size_t len = (size_t)st->cur_len[col];
	clout_buf_clear(b);
	if (len < 2 || p[0] != '\\' || p[1] != 'x' || clout_buf_grow(b, (len - 2) / 2) < 0) {
		*len_out = 0;
		return "";
	}
	for (size_t i = 2; i + 1 < len; i += 2) {
		int hi = hex_value(p[i]), lo = hex_value(p[i + 1]);
		if (hi < 0 || lo < 0)
			break;
		b->ptr[b->len++] = (char)(hi << 4 | lo);
	}
	b->ptr[b->len] = '\0';
	*len_out = b->len;
	return b->ptr;
}

const char *clout__pg_column_text(clout_sql_stmt *st, int col, size_t *len_out)
{
	size_t ignored;
	if (!len_out)
		len_out = &ignored;
	*len_out = 0;
	if (is_null(st, col))
		return NULL;
	value_kind kind = st->kinds[col];
	clout_buf *b = &st->scratch[col];
	if (kind == KIND_BOOL || (st->binary && (kind == KIND_INTEGER || kind == KIND_FLOAT))) {
		char text[32];
		if (kind == KIND_FLOAT)
			clout__pg_format_double(text, clout__pg_column_double(st, col));
		else
			snprintf(text, sizeof(text), "%" PRId64, clout__pg_column_int64(st, col));
		clout_buf_clear(b);
		if (clout_buf_puts(b, text) < 0)
			return NULL;
		*len_out = b->len;
		return b->ptr;
	}
	if (kind == KIND_BYTEA && !st->binary)
		return bytea_from_text(st, col, len_out);
	*len_out = (size_t)st->cur_len[col];
	return st->cur[col];
}

const void *clout__pg_column_blob(clout_sql_stmt *st, int col, size_t *len_out)
{
	size_t ignored;
	if (!len_out)
		len_out = &ignored;
	if (!is_null(st, col) && st->kinds[col] == KIND_BYTEA && st->binary) {
		*len_out = (size_t)st->cur_len[col];
		return st->cur[col];
	}
	return clout__pg_column_text(st, col, len_out);
}
