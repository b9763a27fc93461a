/*
 * clout/sys/sql.h: the thin SQL driver that every store module is written on, and the versioned
 * function table that an engine (SQLite, PostgreSQL) implements.
 *
 * The store's modules (src/lib/store/: workspaces, accounts, posts, edges, the discovery index, and
 * every later table) write their SQL once, in the portable subset both engines accept, and run it
 * through the clout_sql_* calls below. An engine implements clout_sql_driver; nothing above this
 * header names an engine type.
 *
 * Portable SQL, as the store writes it:
 * - parameters are written ?1, ?2, ... (the PostgreSQL engine rewrites them to $1, $2, ...
 *   outside string literals and quoted identifiers); each number is bound with one type;
 * - upserts are INSERT ... ON CONFLICT (cols) DO UPDATE SET c = excluded.c, and RETURNING id;
 * - integers are 64-bit (INTEGER on SQLite, BIGINT on PostgreSQL), reals are doubles, text is
 *   UTF-8, blobs are bytes (BLOB / BYTEA); booleans are integers 0/1;
 * - where DDL must differ (identity columns, collations, blob types), a migration has one variant
 *   per engine (see clout_sql_driver.name); queries never differ.
 *
 * Every function returns 0 (or CLOUT_SQL_ROW / CLOUT_SQL_DONE where stated) or a negative
 * CLOUT_E* code with a message on err that names the store location and what failed. An engine
 * that loses its server answers CLOUT_EUNAVAILABLE ("cannot reach the database at LOCATION: why").
 */
#ifndef CLOUT_SYS_SQL_H
#define CLOUT_SYS_SQL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clout/common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CLOUT_SQL_DRIVER_VERSION 1

/* What step returns besides errors. */
enum { CLOUT_SQL_DONE = 0, CLOUT_SQL_ROW = 1 };

typedef enum {
	CLOUT_SQL_NULL = 0,
	CLOUT_SQL_INTEGER,
	CLOUT_SQL_FLOAT,
	CLOUT_SQL_TEXT,
	CLOUT_SQL_BLOB
} clout_sql_type;

/* One value for a bulk load row (clout_sql_copy_row). Text and blobs are borrowed for the call. */
typedef struct clout_sql_value {
	clout_sql_type type;
	union {
		int64_t i;
		double f;
		struct {
			const void *data;
			size_t len;
		} bytes;
	} v;
} clout_sql_value;

/* Options for opening a connection. */
typedef struct clout_sql_open_options {
	unsigned int version;
	/* How long a writer waits for another process's lock before failing (milliseconds). */
	int lock_timeout_ms;
	/* Create the database when absent (SQLite file); false: a missing store is CLOUT_ENOTFOUND. */
	bool create;
} clout_sql_open_options;

#define CLOUT_SQL_OPEN_OPTIONS_VERSION 1
#define CLOUT_SQL_OPEN_OPTIONS_INIT { CLOUT_SQL_OPEN_OPTIONS_VERSION, 10000, true }

/* Engine-defined connection and statement objects. */
typedef struct clout_sql_conn clout_sql_conn;
typedef struct clout_sql_stmt clout_sql_stmt;

/*
 * The table an engine implements. The front (clout_sql_* below) checks arguments, caches prepared
 * statements and keeps transactions balanced; an engine sees valid calls only.
 */
typedef struct clout_sql_driver {
	unsigned int version;
	/* "sqlite" or "postgresql": also the suffix of a migration's engine variant
	 * (data/migrations/NNNN_name.ENGINE.sql beside or instead of NNNN_name.sql). */
	const char *name;
	/* A dialect fact: whether a write transaction excludes every other writer of the whole database
	 * (SQLite's write lock). Then an import into an empty store drops secondary indexes and builds
	 * them again at its end, keeping out no one who could have gone on; where writers of different
	 * workspaces run side by side (PostgreSQL) it does so inside a savepoint and looks at the store
	 * again once the drop holds its locks (clout_store_bulk_load_begin). */
	bool exclusive_writes;
	/* A dialect fact: whether statements run inside this process (SQLite), so that a statement per
	 * row costs no round trip. Then the store's bulk writes bind each merged row of a batch straight
	 * into its table with cached statements; elsewhere (PostgreSQL) they load the batch into a
	 * staging table (COPY) and move it with one INSERT ... SELECT. The outcome is the same. */
	bool in_process;
	/* Whether this engine handles location (a postgresql:// or postgres:// URI, or a file path). */
	bool (*accepts)(const char *location);
	int (*open)(clout_sql_conn **out, const char *location, const clout_sql_open_options *opts,
		clout_error *err);
	void (*close)(clout_sql_conn *conn);

	/* Prepares one statement written in portable SQL (?N parameters). */
	int (*prepare)(clout_sql_conn *conn, clout_sql_stmt **out, const char *sql, clout_error *err);
	void (*finalize)(clout_sql_stmt *st);
	/* Binds parameter index (1-based). Text and blobs are borrowed until the statement is reset. */
	int (*bind_null)(clout_sql_stmt *st, int index);
	int (*bind_int64)(clout_sql_stmt *st, int index, int64_t value);
	int (*bind_double)(clout_sql_stmt *st, int index, double value);
	int (*bind_text)(clout_sql_stmt *st, int index, const char *text, size_t len);
	int (*bind_blob)(clout_sql_stmt *st, int index, const void *data, size_t len);
	/*
	 * Runs the statement or advances to its next row: CLOUT_SQL_ROW with a row to read,
	 * CLOUT_SQL_DONE when finished, or a negative code. Another statement of the same connection
	 * may be stepped while this one has rows left (the engine fetches in batches or buffers).
	 */
	int (*step)(clout_sql_stmt *st, clout_error *err);
	/* Makes the statement ready to run again and clears its bindings. */
	void (*reset)(clout_sql_stmt *st);
	/* Rows written by the statement's last run. */
	int64_t (*changes)(clout_sql_stmt *st);
	/* Columns of the current row (0-based). Text and blobs are borrowed until the next step or reset;
	 * text is NUL-terminated. */
	clout_sql_type (*column_type)(clout_sql_stmt *st, int col);
	int64_t (*column_int64)(clout_sql_stmt *st, int col);
	double (*column_double)(clout_sql_stmt *st, int col);
	const char *(*column_text)(clout_sql_stmt *st, int col, size_t *len_out);
	const void *(*column_blob)(clout_sql_stmt *st, int col, size_t *len_out);

	/* Runs one or more statements without parameters or rows (DDL, migrations). */
	int (*exec)(clout_sql_conn *conn, const char *sql, clout_error *err);
	/* Transactions. begin with write true takes the write lock at once (SQLite BEGIN IMMEDIATE),
	 * waiting up to lock_timeout_ms, then failing with CLOUT_ECONFLICT and who holds it when known. */
	int (*begin)(clout_sql_conn *conn, bool write, clout_error *err);
	int (*commit)(clout_sql_conn *conn, clout_error *err);
	int (*rollback)(clout_sql_conn *conn);
	/* Nested points inside a transaction; name is a plain identifier. */
	int (*savepoint)(clout_sql_conn *conn, const char *name, clout_error *err);
	int (*release)(clout_sql_conn *conn, const char *name, clout_error *err);
	int (*rollback_to)(clout_sql_conn *conn, const char *name, clout_error *err);

	/*
	 * Bulk load into table's columns, inside the current transaction: COPY FROM STDIN on
	 * PostgreSQL, one prepared INSERT stepped per row on SQLite. No conflict handling: rows must be
	 * new. table and columns are plain identifiers (the front checks them). Between copy_begin and
	 * copy_end the front runs no other statement on the connection.
	 */
	int (*copy_begin)(clout_sql_conn *conn, const char *table, const char *const *columns, int ncolumns,
		clout_error *err);
	int (*copy_row)(clout_sql_conn *conn, const clout_sql_value *values, clout_error *err);
	int (*copy_end)(clout_sql_conn *conn, clout_error *err);
	/*
	 * Makes table an empty temporary table of this connection with the columns given (typed as
	 * types: integers 64-bit, floats doubles, text), for a bulk load that set-based statements
	 * then read (INSERT ... SELECT ... FROM table). Created on first use inside the current
	 * transaction, emptied on each later call: PostgreSQL CREATE TEMP TABLE ... ON COMMIT DROP and
	 * TRUNCATE (no dead rows); SQLite CREATE TEMP TABLE and DELETE. Only this connection sees it.
	 */
	int (*stage)(clout_sql_conn *conn, const char *table, const char *const *columns, const clout_sql_type *types,
		int ncolumns, clout_error *err);
	/*
	 * Optional (NULL where checking a foreign key row by row costs little: SQLite). For a bulk load
	 * into empty tables, inside the current transaction: drops the foreign keys that tables hold and
	 * gives back in *restore (allocated; NULL when there were none) the statements that make them
	 * again, exactly as they were, for clout_sql_exec before the commit: each key is then checked
	 * once over its whole table (one join) instead of once per row. A rollback brings them back.
	 */
	int (*drop_foreign_keys)(clout_sql_conn *conn, const char *const *tables, int ntables, char **restore,
		clout_error *err);

	/*
	 * Schema: lock_schema excludes every other process migrating the same database until
	 * unlock_schema (a PostgreSQL session advisory lock; nothing on SQLite, where each migration's
	 * write transaction already excludes other writers). The version is the number of the last
	 * migration applied (0 for an empty database). The front calls schema_version again inside
	 * each migration's write transaction and set_schema_version inside it, so both must work there
	 * and be part of that transaction.
	 */
	int (*lock_schema)(clout_sql_conn *conn, clout_error *err);
	int (*unlock_schema)(clout_sql_conn *conn, clout_error *err);
	int (*schema_version)(clout_sql_conn *conn, int *out, clout_error *err);
	int (*set_schema_version)(clout_sql_conn *conn, int version, clout_error *err);

	/* The location as given to open, for messages (passwords removed). */
	const char *(*location)(clout_sql_conn *conn);

	/*
	 * Caps the memory the connection keeps of the database in this process from now on: a page
	 * cache of at most cache_bytes (allocated as used) and a memory map of at most map_bytes of the
	 * file (0: none). NULL where the engine keeps no such cache in the client (PostgreSQL: its
	 * cache is the server's). A connection opens with CLOUT_SQL_CACHE_BYTES and CLOUT_SQL_MAP_BYTES.
	 */
	int (*cache_limit)(clout_sql_conn *conn, size_t cache_bytes, size_t map_bytes, clout_error *err);
} clout_sql_driver;

/* What a connection keeps of the database when it opens (see clout_sql_driver.cache_limit): a large
 * page cache, since an import is one transaction whose pages, once out of the cache, must be found
 * again in the WAL; and a memory map of the file's first GiB (file-backed, reclaimable pages). */
#define CLOUT_SQL_CACHE_BYTES ((size_t)2 << 30)
#define CLOUT_SQL_MAP_BYTES ((size_t)1 << 30)

/* ---- The front every store module uses ---- */

typedef struct clout_sql clout_sql;

/*
 * Opens location with the engine that accepts it and applies the schema migrations embedded in
 * libclout (under the schema lock, each in its own transaction). opts may be NULL for defaults.
 * Free with clout_sql_free.
 */
int clout_sql_open(clout_sql **out, const char *location, const clout_sql_open_options *opts,
	clout_error *err);
void clout_sql_free(clout_sql *db);

/* The engine's name ("sqlite", "postgresql") and the location, for messages. Borrowed. */
const char *clout_sql_engine(const clout_sql *db);
const char *clout_sql_location(const clout_sql *db);
/* See clout_sql_driver.exclusive_writes. */
bool clout_sql_exclusive_writes(const clout_sql *db);
/* See clout_sql_driver.in_process. */
bool clout_sql_in_process(const clout_sql *db);
/* See clout_sql_driver.cache_limit; 0 (nothing done) on an engine without a client-side cache. */
int clout_sql_cache_limit(clout_sql *db, size_t cache_bytes, size_t map_bytes, clout_error *err);

/*
 * The prepared statement for sql, prepared on first use and cached on db for its lifetime, keyed
 * by the string's address: pass a string literal (or other storage that outlives db). The
 * statement is reset and ready to bind. Borrowed from db.
 */
int clout_sql_stmt_get(clout_sql *db, clout_sql_stmt **out, const char *sql, clout_error *err);

/* Binding; NULL text binds NULL. A count of CLOUT_UNKNOWN (-1) binds NULL with bind_count (any
 * negative value does). Indexes are 1-based. */
int clout_sql_bind_null(clout_sql *db, clout_sql_stmt *st, int index);
int clout_sql_bind_int64(clout_sql *db, clout_sql_stmt *st, int index, int64_t value);
int clout_sql_bind_count(clout_sql *db, clout_sql_stmt *st, int index, int64_t value);
int clout_sql_bind_double(clout_sql *db, clout_sql_stmt *st, int index, double value);
int clout_sql_bind_text(clout_sql *db, clout_sql_stmt *st, int index, const char *text);
int clout_sql_bind_text_len(clout_sql *db, clout_sql_stmt *st, int index, const char *text, size_t len);
int clout_sql_bind_blob(clout_sql *db, clout_sql_stmt *st, int index, const void *data, size_t len);

/* CLOUT_SQL_ROW, CLOUT_SQL_DONE or a negative code; what names the operation for the message. */
int clout_sql_step(clout_sql *db, clout_sql_stmt *st, const char *what, clout_error *err);
/* Steps a statement that returns no row, then resets it. */
int clout_sql_run(clout_sql *db, clout_sql_stmt *st, const char *what, clout_error *err);
/* Steps a statement that returns at most one row whose first column is an integer: 1 with it in
 * *out, 0 when no row; resets it. */
int clout_sql_run_int64(clout_sql *db, clout_sql_stmt *st, int64_t *out, const char *what, clout_error *err);
void clout_sql_reset(clout_sql *db, clout_sql_stmt *st);
int64_t clout_sql_changes(clout_sql *db, clout_sql_stmt *st);

clout_sql_type clout_sql_column_type(clout_sql *db, clout_sql_stmt *st, int col);
int64_t clout_sql_column_int64(clout_sql *db, clout_sql_stmt *st, int col);
/* An integer column that may be NULL: CLOUT_UNKNOWN (-1) for NULL. */
int64_t clout_sql_column_count(clout_sql *db, clout_sql_stmt *st, int col);
double clout_sql_column_double(clout_sql *db, clout_sql_stmt *st, int col);
/* NULL for a NULL column. */
const char *clout_sql_column_text(clout_sql *db, clout_sql_stmt *st, int col, size_t *len_out);
const void *clout_sql_column_blob(clout_sql *db, clout_sql_stmt *st, int col, size_t *len_out);

int clout_sql_exec(clout_sql *db, const char *sql, clout_error *err);

/* The number of the last migration applied to the database. */
int clout_sql_schema_version(clout_sql *db, int *out, clout_error *err);

/* Transactions (one level; use savepoints inside). */
int clout_sql_begin(clout_sql *db, bool write, clout_error *err);
int clout_sql_commit(clout_sql *db, clout_error *err);
int clout_sql_rollback(clout_sql *db);
bool clout_sql_in_transaction(const clout_sql *db);
int clout_sql_savepoint(clout_sql *db, const char *name, clout_error *err);
int clout_sql_release(clout_sql *db, const char *name, clout_error *err);
int clout_sql_rollback_to(clout_sql *db, const char *name, clout_error *err);

/* Bulk load (see clout_sql_driver.copy_begin). */
int clout_sql_copy_begin(clout_sql *db, const char *table, const char *const *columns, int ncolumns,
	clout_error *err);
int clout_sql_copy_row(clout_sql *db, const clout_sql_value *values, clout_error *err);
int clout_sql_copy_end(clout_sql *db, clout_error *err);
/*
 * A bulk load into a staging table (see clout_sql_driver.stage): makes table an empty temporary
 * table with these columns and types, then starts the bulk load into it (clout_sql_copy_row,
 * clout_sql_copy_end). Inside a transaction only. The store's set-based writes load a chunk of
 * rows this way, then move them with one INSERT ... SELECT ... ON CONFLICT per table: the same SQL
 * on every engine, one round trip per statement instead of one per row.
 */
int clout_sql_stage_begin(clout_sql *db, const char *table, const char *const *columns, const clout_sql_type *types,
	int ncolumns, clout_error *err);
/* See clout_sql_driver.drop_foreign_keys: 0 with *restore NULL on an engine without it. tables are
 * plain identifiers. */
int clout_sql_drop_foreign_keys(clout_sql *db, const char *const *tables, int ntables, char **restore,
	clout_error *err);

#ifdef __cplusplus
}
#endif
#endif
