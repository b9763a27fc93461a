/*
 * pg.h: the PostgreSQL engine's internals (libclout only), shared by pg.c (connections, errors,
 * transactions, scripts, COPY, schema) and pg_stmt.c (prepared statements, rows).
 *
 * A connection runs one query at a time. A statement that returns rows streams them one by one
 * (libpq single-row mode) and owns the connection until its last row; when another statement or
 * command of the same connection needs it first, the rest of the stream is read into the
 * statement's own row buffer (pg_claim), so both may go on.
 */
#ifndef CLOUT_LIB_STORE_PG_H
#define CLOUT_LIB_STORE_PG_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "clout/sys/sql.h"
#include "util/buf.h"

extern const clout_sql_driver clout__sql_postgresql;

struct clout_sql_conn {
	PGconn *pg;
	char *location;         /* as given, password removed */
	int lock_timeout_ms;
	uint64_t next_statement; /* names the server-side prepared statements s1, s2, ... */
	struct clout_sql_stmt *streaming; /* the statement whose rows are on the wire, or NULL */
	struct clout_sql_stmt *statements; /* every live statement (close detaches them) */
	/* COPY FROM STDIN in progress: its column count and the rows not yet sent. */
	bool copying;
	int copy_columns;
	clout_buf copy_data;
};

/* Drains the statement streaming on conn (if any) into its buffer, so conn can run something else. */
int clout__pg_claim(clout_sql_conn *conn, clout_error *err);

/*
 * Sets err from a failed libpq call or result (res may be NULL): CLOUT_EUNAVAILABLE with "cannot
 * reach the database at LOCATION: why" when the connection is gone, else a code from the SQLSTATE
 * and "what: the server's message". Returns the code.
 */
int clout__pg_error(clout_sql_conn *conn, const PGresult *res, const char *what, clout_error *err);

/* Whether conn's server has gone (connection lost). */
bool clout__pg_lost(clout_sql_conn *conn);

/*
 * Rewrites portable SQL (?N and ? parameters) to PostgreSQL's ($N) outside string literals,
 * quoted identifiers, dollar quotes and comments. *nparams_out is the highest number used.
 * CLOUT_EINVAL for a parameter number out of range or an unterminated literal or comment.
 */
int clout__pg_rewrite(clout_buf *out, int *nparams_out, const char *sql, clout_error *err);

/* Driver entries that live in pg_stmt.c. */
int clout__pg_prepare(clout_sql_conn *conn, clout_sql_stmt **out, const char *sql, clout_error *err);
void clout__pg_finalize(clout_sql_stmt *st);
/* Makes st forget its closing connection (st may still be finalized after). */
void clout__pg_detach(clout_sql_stmt *st);
int clout__pg_bind_null(clout_sql_stmt *st, int index);
int clout__pg_bind_int64(clout_sql_stmt *st, int index, int64_t value);
int clout__pg_bind_double(clout_sql_stmt *st, int index, double value);
int clout__pg_bind_text(clout_sql_stmt *st, int index, const char *text, size_t len);
int clout__pg_bind_blob(clout_sql_stmt *st, int index, const void *data, size_t len);
int clout__pg_step(clout_sql_stmt *st, clout_error *err);
void clout__pg_reset(clout_sql_stmt *st);
int64_t clout__pg_changes(clout_sql_stmt *st);
clout_sql_type clout__pg_column_type(clout_sql_stmt *st, int col);
int64_t clout__pg_column_int64(clout_sql_stmt *st, int col);
double clout__pg_column_double(clout_sql_stmt *st, int col);
const char *clout__pg_column_text(clout_sql_stmt *st, int col, size_t *len_out);
const void *clout__pg_column_blob(clout_sql_stmt *st, int col, size_t *len_out);

/* The location with any password removed (malloc'd; NULL when out of memory). */
char *clout__pg_public_location(const char *location);

/* The reason in a libpq connection message, on one line, without the prefixes that repeat the
 * location ("connection to server ... failed: FATAL:  "). */
void clout__pg_connect_reason(char *out, size_t size, const char *message);

/* Formats a double so that PostgreSQL reads back the same value (NaN, Infinity included). */
void clout__pg_format_double(char out[32], double value);

#endif
