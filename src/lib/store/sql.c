/*
 * sql.c: the SQL front every store module is written on (include/clout/sys/sql.h): picks the
 * engine for a location, caches prepared statements by the address of their SQL, checks the
 * calls before an engine sees them, keeps transactions, savepoints and bulk loads balanced, and
 * runs the schema migrations embedded in libclout.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/store/sql_internal.h"
#include "util/map.h"
#include "util/banned.h"

/*
 * The engines compiled into libclout, asked in order whether they take a location. PostgreSQL
 * (pg.c) goes first: SQLite takes every location that is not a postgres:// or postgresql:// URI.
 */
static const clout_sql_driver *const engines[] = {
	&clout__sql_postgresql,
	&clout__sql_sqlite,
};

#define SAVEPOINT_DEPTH 16
#define NAME_MAX_LEN 63
#define COPY_COLUMNS_MAX 64

typedef struct cached_stmt {
	const char *sql;
	clout_sql_stmt *st;
} cached_stmt;

struct clout_sql {
	const clout_sql_driver *drv;
	clout_sql_conn *conn;
	clout_imap by_address; /* SQL string address -> index in stmts */
	cached_stmt *stmts;
	size_t nstmts, cap;
	bool in_transaction, copying;
	int depth; /* savepoints open */
	char savepoints[SAVEPOINT_DEPTH][NAME_MAX_LEN + 1];
};

static int misuse(clout_sql *db, clout_error *err, const char *what)
{
	return clout_error_set(err, CLOUT_EINVAL, "%s: %s", db ? db->drv->location(db->conn) : "store", what);
}

/* A plain SQL identifier: a letter or _, then letters, digits or _, at most NAME_MAX_LEN bytes. */
static bool identifier(const char *s)
{
	size_t n = 0;
	if (!s || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return false;
	for (; s[n]; n++)
		if (!(isalnum((unsigned char)s[n]) || s[n] == '_') || n >= NAME_MAX_LEN)
			return false;
	return true;
}

int clout__sql_open_bare(clout_sql **out, const char *location, const clout_sql_open_options *opts,
	clout_error *err)
{
	clout_sql_open_options defaults = CLOUT_SQL_OPEN_OPTIONS_INIT;
	const clout_sql_driver *drv = NULL;
	clout_sql *db;
	int rc;
	*out = NULL;
	if (!location || !*location)
		return clout_error_set(err, CLOUT_EINVAL, "empty store location");
	if (!opts)
		opts = &defaults;
	if (opts->version != CLOUT_SQL_OPEN_OPTIONS_VERSION)
		return clout_error_set(err, CLOUT_EINVAL, "%s: open options of version %u, expected %u", location,
			opts->version, CLOUT_SQL_OPEN_OPTIONS_VERSION);
	for (size_t i = 0; i < sizeof(engines) / sizeof(engines[0]); i++) {
		if (engines[i]->version == CLOUT_SQL_DRIVER_VERSION && engines[i]->accepts(location)) {
			drv = engines[i];
			break;
		}
	}
	if (!drv)
		return clout_error_set(err, CLOUT_EINVAL, "%s: no database engine for this location", location);
	if (!(db = calloc(1, sizeof(*db))) || clout_imap_init(&db->by_address, 64) < 0) {
		free(db);
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	}
	db->drv = drv;
	if ((rc = drv->open(&db->conn, location, opts, err)) < 0) {
		clout_imap_release(&db->by_address);
		free(db);
		return rc;
	}
	*out = db;
	return 0;
}

int clout_sql_open(clout_sql **out, const char *location, const clout_sql_open_options *opts,
	clout_error *err)
{
	int rc = clout__sql_open_bare(out, location, opts, err);
	int version = 0;
	if (rc < 0)
		return rc;
	/* a caller that may not create a store finds none in an empty database, and changes nothing */
	if (opts && !opts->create) {
		if ((rc = clout_sql_schema_version(*out, &version, err)) == 0 && version == 0)
			rc = clout_error_set(err, CLOUT_ENOTFOUND, "no store at %s (the database holds no clout schema)",
				clout_sql_location(*out));
		if (rc < 0) {
			clout_sql_free(*out);
			*out = NULL;
			return rc;
		}
	}
	if ((rc = clout__sql_migrate(*out, clout__embedded, err)) < 0) {
		clout_sql_free(*out);
		*out = NULL;
	}
	return rc;
}

void clout_sql_free(clout_sql *db)
{
	if (!db)
		return;
	if (db->copying)
		db->drv->copy_end(db->conn, NULL);
	if (db->in_transaction)
		db->drv->rollback(db->conn);
	for (size_t i = 0; i < db->nstmts; i++)
		db->drv->finalize(db->stmts[i].st);
	free(db->stmts);
	clout_imap_release(&db->by_address);
	db->drv->close(db->conn);
	free(db);
}

const char *clout_sql_engine(const clout_sql *db)
{
	return db->drv->name;
}

bool clout_sql_exclusive_writes(const clout_sql *db)
{
	return db->drv->exclusive_writes;
}

bool clout_sql_in_process(const clout_sql *db)
{
	return db->drv->in_process;
}

int clout_sql_cache_limit(clout_sql *db, size_t cache_bytes, size_t map_bytes, clout_error *err)
{
	if (!db->drv->cache_limit)
		return 0;
	return db->drv->cache_limit(db->conn, cache_bytes, map_bytes, err);
}

const char *clout_sql_location(const clout_sql *db)
{
	return db->drv->location(db->conn);
}

int clout_sql_stmt_get(clout_sql *db, clout_sql_stmt **out, const char *sql, clout_error *err)
{
	uint32_t i;
	clout_sql_stmt *st;
	int rc;
	*out = NULL;
	if (!sql || !*sql)
		return misuse(db, err, "empty SQL statement");
	if (db->copying)
		return misuse(db, err, "a statement during a bulk load");
	if (clout_imap_get(&db->by_address, (int64_t)(intptr_t)sql, &i)) {
		db->drv->reset(db->stmts[i].st);
		*out = db->stmts[i].st;
		return 0;
	}
	if (db->nstmts == db->cap) {
		size_t cap = db->cap ? db->cap * 2 : 32;
		cached_stmt *p = realloc(db->stmts, cap * sizeof(*p));
		if (!p)
			return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		db->stmts = p;
		db->cap = cap;
	}
	if ((rc = db->drv->prepare(db->conn, &st, sql, err)) < 0)
		return rc;
	if (clout_imap_put(&db->by_address, (int64_t)(intptr_t)sql, (uint32_t)db->nstmts) < 0) {
		db->drv->finalize(st);
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	}
	db->stmts[db->nstmts].sql = sql;
	db->stmts[db->nstmts++].st = st;
	*out = st;
	return 0;
}

/* Binding: the engines take valid indexes only; a bad one is a bug in a store module. */
#define CHECK_BIND(db, st, index)                      \
	do {                                           \
		if (!(st) || (index) < 1)              \
			return CLOUT_EINVAL;           \
	} while (0)

int clout_sql_bind_null(clout_sql *db, clout_sql_stmt *st, int index)
{
	CHECK_BIND(db, st, index);
	return db->drv->bind_null(st, index);
}

int clout_sql_bind_int64(clout_sql *db, clout_sql_stmt *st, int index, int64_t value)
{
	CHECK_BIND(db, st, index);
	return db->drv->bind_int64(st, index, value);
}

int clout_sql_bind_count(clout_sql *db, clout_sql_stmt *st, int index, int64_t value)
{
	CHECK_BIND(db, st, index);
	return value < 0 ? db->drv->bind_null(st, index) : db->drv->bind_int64(st, index, value);
}

int clout_sql_bind_double(clout_sql *db, clout_sql_stmt *st, int index, double value)
{
	CHECK_BIND(db, st, index);
	return db->drv->bind_double(st, index, value);
}

int clout_sql_bind_text(clout_sql *db, clout_sql_stmt *st, int index, const char *text)
{
	CHECK_BIND(db, st, index);
	return text ? db->drv->bind_text(st, index, text, strlen(text)) : db->drv->bind_null(st, index);
}

int clout_sql_bind_text_len(clout_sql *db, clout_sql_stmt *st, int index, const char *text, size_t len)
{
	CHECK_BIND(db, st, index);
	return text ? db->drv->bind_text(st, index, text, len) : db->drv->bind_null(st, index);
}

int clout_sql_bind_blob(clout_sql *db, clout_sql_stmt *st, int index, const void *data, size_t len)
{
	CHECK_BIND(db, st, index);
	if (!data && len)
		return CLOUT_EINVAL;
	return db->drv->bind_blob(st, index, data ? data : "", len);
}

int clout_sql_step(clout_sql *db, clout_sql_stmt *st, const char *what, clout_error *err)
{
	int rc;
	if (!st)
		return misuse(db, err, "no statement to run");
	if (db->copying)
		return misuse(db, err, "a statement during a bulk load");
	rc = db->drv->step(st, err);
	if (rc < 0 && what)
		clout_error_wrap(err, rc, "%s: ", what);
	return rc;
}

int clout_sql_run(clout_sql *db, clout_sql_stmt *st, const char *what, clout_error *err)
{
	int rc = clout_sql_step(db, st, what, err);
	if (st)
		db->drv->reset(st);
	if (rc == CLOUT_SQL_ROW)
		return misuse(db, err, "a statement meant to return no row returned one");
	return rc;
}

int clout_sql_run_int64(clout_sql *db, clout_sql_stmt *st, int64_t *out, const char *what, clout_error *err)
{
	int rc = clout_sql_step(db, st, what, err);
	if (rc == CLOUT_SQL_ROW) {
		*out = db->drv->column_int64(st, 0);
		rc = clout_sql_step(db, st, what, err);
		if (rc == CLOUT_SQL_ROW)
			rc = misuse(db, err, "a statement meant to return one row returned several");
		else if (rc == CLOUT_SQL_DONE)
			rc = 1;
	}
	if (st)
		db->drv->reset(st);
	return rc;
}

void clout_sql_reset(clout_sql *db, clout_sql_stmt *st)
{
	if (st)
		db->drv->reset(st);
}

int64_t clout_sql_changes(clout_sql *db, clout_sql_stmt *st)
{
	return st ? db->drv->changes(st) : 0;
}

clout_sql_type clout_sql_column_type(clout_sql *db, clout_sql_stmt *st, int col)
{
	return col < 0 ? CLOUT_SQL_NULL : db->drv->column_type(st, col);
}

int64_t clout_sql_column_int64(clout_sql *db, clout_sql_stmt *st, int col)
{
	return col < 0 ? 0 : db->drv->column_int64(st, col);
}

int64_t clout_sql_column_count(clout_sql *db, clout_sql_stmt *st, int col)
{
	if (col < 0 || db->drv->column_type(st, col) == CLOUT_SQL_NULL)
		return -1;
	return db->drv->column_int64(st, col);
}

double clout_sql_column_double(clout_sql *db, clout_sql_stmt *st, int col)
{
	return col < 0 ? 0 : db->drv->column_double(st, col);
}

const char *clout_sql_column_text(clout_sql *db, clout_sql_stmt *st, int col, size_t *len_out)
{
	size_t len = 0;
	const char *s = NULL;
	if (col >= 0 && db->drv->column_type(st, col) != CLOUT_SQL_NULL)
		s = db->drv->column_text(st, col, &len);
	if (len_out)
		*len_out = s ? len : 0;
	return s;
}

const void *clout_sql_column_blob(clout_sql *db, clout_sql_stmt *st, int col, size_t *len_out)
{
	size_t len = 0;
	const void *p = NULL;
	if (col >= 0 && db->drv->column_type(st, col) != CLOUT_SQL_NULL)
		p = db->drv->column_blob(st, col, &len);
	if (len_out)
		*len_out = p ? len : 0;
	return p;
}

int clout_sql_exec(clout_sql *db, const char *sql, clout_error *err)
{
	if (!sql)
		return misuse(db, err, "empty SQL");
	if (db->copying)
		return misuse(db, err, "a statement during a bulk load");
	return db->drv->exec(db->conn, sql, err);
}

int clout_sql_schema_version(clout_sql *db, int *out, clout_error *err)
{
	return db->drv->schema_version(db->conn, out, err);
}

/* ---- transactions ---- */

int clout_sql_begin(clout_sql *db, bool write, clout_error *err)
{
	int rc;
	if (db->in_transaction)
		return misuse(db, err, "a transaction is already open");
	if ((rc = db->drv->begin(db->conn, write, err)) < 0)
		return rc;
	db->in_transaction = true;
	db->depth = 0;
	return 0;
}

int clout_sql_commit(clout_sql *db, clout_error *err)
{
	int rc;
	if (!db->in_transaction)
		return misuse(db, err, "no transaction is open");
	if (db->copying)
		return misuse(db, err, "commit during a bulk load");
	if ((rc = db->drv->commit(db->conn, err)) < 0)
		db->drv->rollback(db->conn); /* a failed commit leaves the data as it was */
	db->in_transaction = false;
	db->depth = 0;
	return rc;
}

int clout_sql_rollback(clout_sql *db)
{
	if (!db || !db->in_transaction)
		return 0;
	if (db->copying) {
		db->drv->copy_end(db->conn, NULL);
		db->copying = false;
	}
	db->in_transaction = false;
	db->depth = 0;
	return db->drv->rollback(db->conn);
}

bool clout_sql_in_transaction(const clout_sql *db)
{
	return db->in_transaction;
}

/* The depth of savepoint name (1-based from the outermost), or 0. */
static int savepoint_depth(const clout_sql *db, const char *name)
{
	for (int i = db->depth; i > 0; i--)
		if (!strcmp(db->savepoints[i - 1], name))
			return i;
	return 0;
}

static int check_savepoint(clout_sql *db, const char *name, clout_error *err)
{
	if (!db->in_transaction)
		return misuse(db, err, "a savepoint outside a transaction");
	if (db->copying)
		return misuse(db, err, "a savepoint during a bulk load");
	if (!identifier(name))
		return misuse(db, err, "a savepoint name is not a plain identifier");
	return 0;
}

int clout_sql_savepoint(clout_sql *db, const char *name, clout_error *err)
{
	int rc;
	if ((rc = check_savepoint(db, name, err)) < 0)
		return rc;
	if (db->depth == SAVEPOINT_DEPTH)
		return misuse(db, err, "savepoints nested too deep");
	if ((rc = db->drv->savepoint(db->conn, name, err)) < 0)
		return rc;
	memcpy(db->savepoints[db->depth++], name, strlen(name) + 1);
	return 0;
}

int clout_sql_release(clout_sql *db, const char *name, clout_error *err)
{
	int d, rc;
	if ((rc = check_savepoint(db, name, err)) < 0)
		return rc;
	if (!(d = savepoint_depth(db, name)))
		return clout_error_set(err, CLOUT_EINVAL, "%s: no savepoint %s", clout_sql_location(db), name);
	if ((rc = db->drv->release(db->conn, name, err)) < 0)
		return rc;
	db->depth = d - 1; /* releasing a savepoint releases those inside it */
	return 0;
}

int clout_sql_rollback_to(clout_sql *db, const char *name, clout_error *err)
{
	int d, rc;
	if ((rc = check_savepoint(db, name, err)) < 0)
		return rc;
	if (!(d = savepoint_depth(db, name)))
		return clout_error_set(err, CLOUT_EINVAL, "%s: no savepoint %s", clout_sql_location(db), name);
	if ((rc = db->drv->rollback_to(db->conn, name, err)) < 0)
		return rc;
	db->depth = d; /* the savepoint itself stays open */
	return 0;
}

/* ---- bulk load ---- */

int clout_sql_copy_begin(clout_sql *db, const char *table, const char *const *columns, int ncolumns,
	clout_error *err)
{
	int rc;
	if (!db->in_transaction)
		return misuse(db, err, "a bulk load outside a transaction");
	if (db->copying)
		return misuse(db, err, "a bulk load is already open");
	if (!identifier(table) || !columns || ncolumns < 1 || ncolumns > COPY_COLUMNS_MAX)
		return misuse(db, err, "a bulk load needs a table and 1 to 64 columns");
	for (int i = 0; i < ncolumns; i++)
		if (!identifier(columns[i]))
			return misuse(db, err, "a bulk load column is not a plain identifier");
	if ((rc = db->drv->copy_begin(db->conn, table, columns, ncolumns, err)) < 0)
		return rc;
	db->copying = true;
	return 0;
}

int clout_sql_stage_begin(clout_sql *db, const char *table, const char *const *columns, const clout_sql_type *types,
	int ncolumns, clout_error *err)
{
	int rc;
	if (!db->in_transaction)
		return misuse(db, err, "a staging table outside a transaction");
	if (db->copying)
		return misuse(db, err, "a bulk load is already open");
	if (!identifier(table) || !columns || !types || ncolumns < 1 || ncolumns > COPY_COLUMNS_MAX)
		return misuse(db, err, "a staging table needs a name and 1 to 64 typed columns");
	for (int i = 0; i < ncolumns; i++)
		if (!identifier(columns[i]) || types[i] == CLOUT_SQL_NULL)
			return misuse(db, err, "a staging column is not a plain identifier with a type");
	if ((rc = db->drv->stage(db->conn, table, columns, types, ncolumns, err)) < 0)
		return rc;
	return clout_sql_copy_begin(db, table, columns, ncolumns, err);
}

int clout_sql_drop_foreign_keys(clout_sql *db, const char *const *tables, int ntables, char **restore,
	clout_error *err)
{
	*restore = NULL;
	if (!db->in_transaction)
		return misuse(db, err, "dropping foreign keys outside a transaction");
	if (db->copying)
		return misuse(db, err, "a bulk load is already open");
	for (int i = 0; i < ntables; i++)
		if (!identifier(tables[i]))
			return misuse(db, err, "a table name is not a plain identifier");
	return db->drv->drop_foreign_keys ? db->drv->drop_foreign_keys(db->conn, tables, ntables, restore, err) : 0;
}

int clout_sql_copy_row(clout_sql *db, const clout_sql_value *values, clout_error *err)
{
	if (!db->copying)
		return misuse(db, err, "a bulk load row with no bulk load open");
	if (!values)
		return misuse(db, err, "a bulk load row without values");
	return db->drv->copy_row(db->conn, values, err);
}

int clout_sql_copy_end(clout_sql *db, clout_error *err)
{
	if (!db->copying)
		return misuse(db, err, "no bulk load is open");
	db->copying = false;
	return db->drv->copy_end(db->conn, err);
}

/* ---- migrations ---- */

/* Whether name is "migrations/NNNN_rest.sql": its number, and in *engine the variant's engine
 * ("" for a common file, else the part between the last two dots). */
static int migration_number(const char *name, char *engine, size_t engine_cap)
{
	const char *p = name + strlen("migrations/"), *end, *dot;
	size_t n = strlen(name);
	int number = 0;
	if (strncmp(name, "migrations/", strlen("migrations/")) || n < 20 || strcmp(name + n - 4, ".sql"))
		return 0;
	for (int i = 0; i < 4; i++) {
		if (!isdigit((unsigned char)p[i]))
			return 0;
		number = number * 10 + (p[i] - '0');
	}
	if (p[4] != '_')
		return 0;
	end = name + n - 4;
	engine[0] = '\0';
	for (dot = end; dot > p + 5 && dot[-1] != '.'; dot--)
		;
	if (dot > p + 5) {
		size_t len = (size_t)(end - dot);
		if (len >= engine_cap)
			return 0;
		memcpy(engine, dot, len);
		engine[len] = '\0';
	}
	return number;
}

int clout__sql_migration_find(const struct clout__embedded_file **out, const struct clout__embedded_file *files,
	const char *engine, int number, clout_error *err)
{
	const struct clout__embedded_file *common = NULL, *mine = NULL;
	int variants = 0;
	char e[32];
	*out = NULL;
	for (const struct clout__embedded_file *f = files; f->name; f++) {
		if (migration_number(f->name, e, sizeof(e)) != number)
			continue;
		if (!e[0]) {
			if (common)
				return clout_error_set(err, CLOUT_EINTERNAL, "two migrations numbered %04d", number);
			common = f;
		} else {
			variants++;
			if (!strcmp(e, engine)) {
				if (mine)
					return clout_error_set(err, CLOUT_EINTERNAL, "two %s migrations numbered %04d", engine,
						number);
				mine = f;
			}
		}
	}
	if (common && variants)
		return clout_error_set(err, CLOUT_EINTERNAL, "migration %04d has both a common file and engine variants",
			number);
	if (variants && !mine)
		return clout_error_set(err, CLOUT_EINTERNAL, "migration %04d has no %s variant", number, engine);
	*out = common ? common : mine;
	return 0;
}

/* Runs one migration in its own write transaction unless another process applied it first:
 * 1 applied, 0 nothing left to do, or a negative code. */
static int migrate_one(clout_sql *db, const struct clout__embedded_file *files, int latest, clout_error *err)
{
	const clout_sql_driver *drv = db->drv;
	const struct clout__embedded_file *f;
	int version = 0, rc;
	if ((rc = drv->begin(db->conn, true, err)) < 0)
		return rc;
	if ((rc = drv->schema_version(db->conn, &version, err)) < 0)
		goto done;
	if (version >= latest) {
		rc = 0;
		goto done;
	}
	if ((rc = clout__sql_migration_find(&f, files, drv->name, version + 1, err)) < 0)
		goto done;
	if ((rc = drv->exec(db->conn, (const char *)f->data, err)) < 0) {
		clout_error_wrap(err, rc, "migration %s: ", f->name + strlen("migrations/"));
		goto done;
	}
	if ((rc = drv->set_schema_version(db->conn, version + 1, err)) < 0)
		goto done;
	if ((rc = drv->commit(db->conn, err)) < 0)
		goto done;
	return 1;
done:
	drv->rollback(db->conn);
	return rc;
}

int clout__sql_migrate(clout_sql *db, const struct clout__embedded_file *files, clout_error *err)
{
	const struct clout__embedded_file *f;
	int latest = 0, version = 0, rc;
	/* The migrations are numbered from 1 without gaps; each must be well formed for this engine. */
	for (;;) {
		if ((rc = clout__sql_migration_find(&f, files, db->drv->name, latest + 1, err)) < 0)
			return rc;
		if (!f)
			break;
		latest++;
	}
	if ((rc = db->drv->schema_version(db->conn, &version, err)) < 0)
		return rc;
	if (version == latest)
		return 0;
	if (version > latest)
		return clout_error_set(err, CLOUT_ECONFLICT,
			"%s: the store is at schema version %d, newer than this clout knows (%d): upgrade clout",
			clout_sql_location(db), version, latest);
	if ((rc = db->drv->lock_schema(db->conn, err)) < 0)
		return rc;
	while ((rc = migrate_one(db, files, latest, err)) > 0)
		;
	if (rc < 0) {
		db->drv->unlock_schema(db->conn, NULL);
		return rc;
	}
	return db->drv->unlock_schema(db->conn, err);
}
