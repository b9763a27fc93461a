/*
 * sql_internal.h: what the SQL front (sql.c) shares with the engines and the tests, inside
 * libclout: the engines compiled in, and the migration runner over any table of migration files.
 */
#ifndef CLOUT_LIB_STORE_SQL_INTERNAL_H
#define CLOUT_LIB_STORE_SQL_INTERNAL_H

#include "clout/sys/sql.h"
#include "util/data.h"

/* The engines (one file each beside sql.c). */
extern const clout_sql_driver clout__sql_sqlite;
extern const clout_sql_driver clout__sql_postgresql;

/*
 * Applies the migrations of files (a table ended by a NULL name, as clout__embedded) that db has
 * not had: files named "migrations/NNNN_name.sql" (both engines) or "migrations/NNNN_name.ENGINE.sql"
 * (one engine; a number has one common file or one file per engine), numbered from 0001 without
 * gaps. Each runs in its own write transaction, under the schema lock. Other files are ignored.
 */
int clout__sql_migrate(clout_sql *db, const struct clout__embedded_file *files, clout_error *err);

/*
 * The migration numbered number for engine: *out is the file, or NULL when files have no such
 * number; CLOUT_EINTERNAL when the number is ill-formed (both a common file and variants, two
 * files for one engine, variants without one for engine).
 */
int clout__sql_migration_find(const struct clout__embedded_file **out, const struct clout__embedded_file *files,
	const char *engine, int number, clout_error *err);

/* Opens location like clout_sql_open, without applying any migration (for the tests). */
int clout__sql_open_bare(clout_sql **out, const char *location, const clout_sql_open_options *opts,
	clout_error *err);

#endif
