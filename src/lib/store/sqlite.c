/*
 * sqlite.c: the SQLite engine of the SQL front (a clout_sql_driver), the embedded default: one
 * file per install in WAL mode (readers never wait for the writer), a busy timeout for writers,
 * the schema version in PRAGMA user_version. A writer that waits past the timeout is told which
 * process holds the write lock when the system can say (the WAL's lock byte in the -shm file).
 * No store rules here: those are written once in the store modules beside this file.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "lib/store/sql_internal.h"
#include "util/banned.h"

struct clout_sql_conn {
	sqlite3 *db;
	char *path;
	int timeout_ms;
	sqlite3_stmt *copy; /* the INSERT of the open bulk load */
	int copy_columns;
	bool readonly;      /* the file could only be opened for reading */
	bool had_wal_files; /* the -wal or -shm file was there before this connection */
};

/* Whether path's "-wal" or "-shm" companion exists. */
static bool wal_files_exist(const char *path)
{
	char name[4096];
	snprintf(name, sizeof(name), "%s-wal", path);
	if (access(name, F_OK) == 0)
		return true;
	snprintf(name, sizeof(name), "%s-shm", path);
	return access(name, F_OK) == 0;
}

/*
 * Removes the empty -wal and the -shm that a read-only connection made: it cannot checkpoint, so
 * SQLite leaves them behind, and a command that only read (or was refused) leaves no new file.
 */
static void remove_readonly_wal_files(const char *path)
{
	char wal[4096], shm[4096];
	struct stat st;
	snprintf(wal, sizeof(wal), "%s-wal", path);
	snprintf(shm, sizeof(shm), "%s-shm", path);
	if (stat(wal, &st) == 0 && st.st_size != 0)
		return;
	unlink(wal);
	unlink(shm);
}

struct clout_sql_stmt {
	sqlite3_stmt *st;
	struct clout_sql_conn *conn;
	int64_t changes;
};

/* The byte of the -shm file that SQLite's WAL writer locks (WALINDEX_LOCK_OFFSET + WAL_WRITE_LOCK). */
#define WAL_WRITE_LOCK_BYTE 120

/*
 * Who holds the WAL write lock on path: "pid N: its command line" in buf, or "" when unknown (no
 * -shm file, the lock is free again, or this process holds it on another connection).
 */
static void lock_holder(const char *path, char *buf, size_t cap)
{
	char name[PATH_MAX + 8], cmd[160];
	struct flock fl = { 0 };
	int fd;
	size_t n = 0;
	FILE *f;
	buf[0] = '\0';
	if (snprintf(name, sizeof(name), "%s-shm", path) >= (int)sizeof(name) || (fd = open(name, O_RDONLY)) < 0)
		return;
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = WAL_WRITE_LOCK_BYTE;
	fl.l_len = 1;
	if (fcntl(fd, F_GETLK, &fl) < 0 || fl.l_type == F_UNLCK || fl.l_pid <= 0) {
		close(fd);
		return;
	}
	close(fd);
	snprintf(name, sizeof(name), "/proc/%d/cmdline", (int)fl.l_pid);
	if ((f = fopen(name, "rb"))) {
		n = fread(cmd, 1, sizeof(cmd) - 1, f);
		fclose(f);
	}
	for (size_t i = 0; i < n; i++)
		if (cmd[i] == '\0')
			cmd[i] = ' ';
	while (n > 0 && cmd[n - 1] == ' ')
		n--;
	cmd[n] = '\0';
	snprintf(buf, cap, n ? "process %d: %s" : "process %d", (int)fl.l_pid, cmd);
}

/* The error for SQLite result code code on c, with what SQLite said. */
static int conn_error(struct clout_sql_conn *c, int code, clout_error *err)
{
	const char *msg = sqlite3_errmsg(c->db);
	switch (code & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED: {
		char who[220];
		lock_holder(c->path, who, sizeof(who));
		return clout_error_set(err, CLOUT_ECONFLICT,
			"store %s is locked by another writer (%s); gave up after waiting %d ms", c->path,
			who[0] ? who : "another clout import?", c->timeout_ms);
	}
	case SQLITE_NOMEM:
		return clout_error_set(err, CLOUT_ENOMEM, "%s: out of memory", c->path);
	case SQLITE_CONSTRAINT:
		return clout_error_set(err, CLOUT_ECONFLICT, "%s: %s", c->path, msg);
	case SQLITE_READONLY:
		return clout_error_set(err, CLOUT_EDENIED, "the store %s is read-only (%s)", c->path, msg);
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_CANTOPEN:
		return clout_error_set(err, CLOUT_EIO, "%s: %s", c->path, msg);
	default:
		return clout_error_set(err, CLOUT_EBACKEND, "%s: %s", c->path, msg);
	}
}

static bool sqlite_accepts(const char *location)
{
	return strncmp(location, "postgres://", 11) != 0 && strncmp(location, "postgresql://", 13) != 0;
}

static int exec_sql(struct clout_sql_conn *c, const char *sql, clout_error *err)
{
	char *msg = NULL;
	int code = sqlite3_exec(c->db, sql, NULL, NULL, &msg);
	if (code == SQLITE_OK)
		return 0;
	if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED || !msg) {
		sqlite3_free(msg);
		return conn_error(c, code, err);
	}
	code = clout_error_set(err, (code & 0xff) == SQLITE_CONSTRAINT ? CLOUT_ECONFLICT : CLOUT_EBACKEND, "%s: %s",
		c->path, msg);
	sqlite3_free(msg);
	return code;
}

static void sqlite_close(clout_sql_conn *c)
{
	if (!c)
		return;
	sqlite3_finalize(c->copy);
	sqlite3_close(c->db);
	if (c->readonly && !c->had_wal_files)
		remove_readonly_wal_files(c->path);
	free(c->path);
	free(c);
}

/*
 * Once per process, before SQLite's first use: no memory statistics. With them on (the default)
 * every allocation SQLite makes takes a global mutex to count it, a cursor of every statement
 * step included: a few percent of an import's CPU. clout never reads them. When something else
 * in the process initialized SQLite first, the call is refused and changes nothing.
 */
static pthread_once_t sqlite_configured = PTHREAD_ONCE_INIT;

static void sqlite_configure(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* PRAGMA cache_size in KiB (negative: a size, not a count of pages) and mmap_size in bytes. */
static int sqlite_cache_limit(struct clout_sql_conn *c, size_t cache_bytes, size_t map_bytes, clout_error *err)
{
	char sql[128];
	snprintf(sql, sizeof(sql), "PRAGMA cache_size=-%zu; PRAGMA mmap_size=%zu", cache_bytes / 1024, map_bytes);
	return exec_sql(c, sql, err);
}

static int sqlite_open(clout_sql_conn **out, const char *location, const clout_sql_open_options *opts,
	clout_error *err)
{
	struct clout_sql_conn *c = calloc(1, sizeof(*c));
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (opts->create ? SQLITE_OPEN_CREATE : 0);
	int rc = 0;
	*out = NULL;
	if (!c || !(c->path = strdup(location))) {
		free(c);
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	}
	c->timeout_ms = opts->lock_timeout_ms > 0 ? opts->lock_timeout_ms : 0;
	if (!opts->create && strcmp(location, ":memory:") && access(location, F_OK) < 0) {
		rc = clout_error_set(err, errno == ENOENT ? CLOUT_ENOTFOUND : CLOUT_EIO, "%s: no store there (%s)",
			location, strerror(errno));
		goto done;
	}
	c->had_wal_files = strcmp(location, ":memory:") && wal_files_exist(location);
	pthread_once(&sqlite_configured, sqlite_configure);
	if (sqlite3_open_v2(location, &c->db, flags, NULL) != SQLITE_OK) {
		rc = clout_error_set(err, CLOUT_EIO, "%s: cannot open store: %s", location,
			c->db ? sqlite3_errmsg(c->db) : "out of memory");
		goto done;
	}
	/* SQLite falls back to reading a file it may not write. A caller that means to write (create)
	 * hears so now, naming the store, rather than from its first write. */
	c->readonly = sqlite3_db_readonly(c->db, "main") == 1;
	if (c->readonly && opts->create) {
		rc = clout_error_set(err, CLOUT_EDENIED, "the store %s is read-only (this user may not write the file)",
			location);
		goto done;
	}
	sqlite3_busy_timeout(c->db, c->timeout_ms);
	sqlite3_extended_result_codes(c->db, 0);
	/* The file must be a SQLite database before anything else touches it. */
	if (sqlite3_exec(c->db, "PRAGMA schema_version", NULL, NULL, NULL) != SQLITE_OK) {
		rc = clout_error_set(err, CLOUT_EIO, "%s: not a clout store (%s)", location, sqlite3_errmsg(c->db));
		goto done;
	}
	/*
	 * 16 KiB pages for a new store (an existing one keeps its own): fewer, larger WAL frames and a
	 * shallower tree for bulk imports; it must come before the store's first write. A large page
	 * cache (CLOUT_SQL_CACHE_BYTES, allocated only as used): an import is one transaction, and
	 * pages that fall out of the cache must then be found again in the WAL, which dominated the
	 * profile of multi-GB imports with a 256 MiB cache.
	 */
	if ((rc = exec_sql(c, "PRAGMA page_size=16384", err)) < 0)
		goto done;
	/* Temporary B-trees (ORDER BY without an index, CREATE INDEX) stay in memory up to the page
	 * cache's size and spill to temporary files past it: with temp_store=MEMORY SQLite never
	 * spills a sort, and reading a workspace's accounts in id order sorted all of them in memory
	 * (1 GB for 1.5M accounts during an index build). */
	if ((rc = exec_sql(c, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=FILE", err)) < 0)
		goto done;
	rc = sqlite_cache_limit(c, CLOUT_SQL_CACHE_BYTES, CLOUT_SQL_MAP_BYTES, err);
done:
	if (rc < 0) {
		sqlite_close(c);
		return rc;
	}
	*out = c;
	return 0;
}

static int sqlite_prepare(clout_sql_conn *c, clout_sql_stmt **out, const char *sql, clout_error *err)
{
	struct clout_sql_stmt *s = calloc(1, sizeof(*s));
	const char *tail = NULL;
	int code;
	*out = NULL;
	if (!s)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	code = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st, &tail);
	if (code != SQLITE_OK || !s->st) {
		int rc = code != SQLITE_OK ? conn_error(c, code, err)
					   : clout_error_set(err, CLOUT_EINVAL, "%s: empty SQL statement", c->path);
		clout_error_wrap(err, rc, "preparing \"%.60s\": ", sql);
		sqlite3_finalize(s->st);
		free(s);
		return rc;
	}
	while (tail && (*tail == ' ' || *tail == '\n' || *tail == '\t' || *tail == ';'))
		tail++;
	if (tail && *tail) {
		sqlite3_finalize(s->st);
		free(s);
		return clout_error_set(err, CLOUT_EINVAL, "%s: more than one statement in \"%.60s\"", c->path, sql);
	}
	s->conn = c;
	*out = s;
	return 0;
}

static void sqlite_finalize(clout_sql_stmt *s)
{
	if (!s)
		return;
	sqlite3_finalize(s->st);
	free(s);
}

static int bind_result(int code)
{
	if (code == SQLITE_OK)
		return 0;
	if (code == SQLITE_NOMEM || code == SQLITE_TOOBIG)
		return CLOUT_ENOMEM;
	return CLOUT_EINVAL;
}

static int sqlite_bind_null(clout_sql_stmt *s, int index)
{
	return bind_result(sqlite3_bind_null(s->st, index));
}

static int sqlite_bind_int64(clout_sql_stmt *s, int index, int64_t value)
{
	return bind_result(sqlite3_bind_int64(s->st, index, value));
}

static int sqlite_bind_double(clout_sql_stmt *s, int index, double value)
{
	return bind_result(sqlite3_bind_double(s->st, index, value));
}

static int sqlite_bind_text(clout_sql_stmt *s, int index, const char *text, size_t len)
{
	if (len > INT_MAX)
		return CLOUT_ENOMEM;
	return bind_result(sqlite3_bind_text(s->st, index, text, (int)len, SQLITE_STATIC));
}

static int sqlite_bind_blob(clout_sql_stmt *s, int index, const void *data, size_t len)
{
	if (len > INT_MAX)
		return CLOUT_ENOMEM;
	return bind_result(sqlite3_bind_blob(s->st, index, data, (int)len, SQLITE_STATIC));
}

static int sqlite_step(clout_sql_stmt *s, clout_error *err)
{
	int code = sqlite3_step(s->st);
	if (code == SQLITE_ROW)
		return CLOUT_SQL_ROW;
	if (code == SQLITE_DONE) {
		s->changes = sqlite3_stmt_readonly(s->st) ? 0 : sqlite3_changes64(s->conn->db);
		return CLOUT_SQL_DONE;
	}
	return conn_error(s->conn, code, err);
}

static void sqlite_reset(clout_sql_stmt *s)
{
	sqlite3_reset(s->st);
	sqlite3_clear_bindings(s->st);
}

static int64_t sqlite_changes(clout_sql_stmt *s)
{
	return s->changes;
}

static clout_sql_type sqlite_column_type(clout_sql_stmt *s, int col)
{
	switch (sqlite3_column_type(s->st, col)) {
	case SQLITE_INTEGER:
		return CLOUT_SQL_INTEGER;
	case SQLITE_FLOAT:
		return CLOUT_SQL_FLOAT;
	case SQLITE_TEXT:
		return CLOUT_SQL_TEXT;
	case SQLITE_BLOB:
		return CLOUT_SQL_BLOB;
	default:
		return CLOUT_SQL_NULL;
	}
}

static int64_t sqlite_column_int64(clout_sql_stmt *s, int col)
{
	return sqlite3_column_int64(s->st, col);
}

static double sqlite_column_double(clout_sql_stmt *s, int col)
{
	return sqlite3_column_double(s->st, col);
}

static const char *sqlite_column_text(clout_sql_stmt *s, int col, size_t *len_out)
{
	const char *t = (const char *)sqlite3_column_text(s->st, col);
	*len_out = (size_t)sqlite3_column_bytes(s->st, col);
	return t;
}

static const void *sqlite_column_blob(clout_sql_stmt *s, int col, size_t *len_out)
{
	const void *p = sqlite3_column_blob(s->st, col);
	*len_out = (size_t)sqlite3_column_bytes(s->st, col);
	return p ? p : "";
}

static int sqlite_exec(clout_sql_conn *c, const char *sql, clout_error *err)
{
	return exec_sql(c, sql, err);
}

static int sqlite_begin(clout_sql_conn *c, bool write, clout_error *err)
{
	/* IMMEDIATE takes the write lock now (waiting up to the busy timeout), so a writer never
	 * fails half-way when another one got there first. */
	return exec_sql(c, write ? "BEGIN IMMEDIATE" : "BEGIN", err);
}

static int sqlite_commit(clout_sql_conn *c, clout_error *err)
{
	return exec_sql(c, "COMMIT", err);
}

static int sqlite_rollback(clout_sql_conn *c)
{
	if (sqlite3_get_autocommit(c->db))
		return 0;
	return exec_sql(c, "ROLLBACK", NULL);
}

/* SAVEPOINT, RELEASE or ROLLBACK TO name (a plain identifier, checked by the front). */
static int savepoint_sql(clout_sql_conn *c, const char *verb, const char *name, clout_error *err)
{
	char sql[128];
	snprintf(sql, sizeof(sql), "%s %s", verb, name);
	return exec_sql(c, sql, err);
}

static int sqlite_savepoint(clout_sql_conn *c, const char *name, clout_error *err)
{
	return savepoint_sql(c, "SAVEPOINT", name, err);
}

static int sqlite_release(clout_sql_conn *c, const char *name, clout_error *err)
{
	return savepoint_sql(c, "RELEASE", name, err);
}

static int sqlite_rollback_to(clout_sql_conn *c, const char *name, clout_error *err)
{
	return savepoint_sql(c, "ROLLBACK TO", name, err);
}

static int sqlite_copy_begin(clout_sql_conn *c, const char *table, const char *const *columns, int ncolumns,
	clout_error *err)
{
	char sql[64 * 70 + 256];
	size_t n;
	int code;
	n = (size_t)snprintf(sql, sizeof(sql), "INSERT INTO %s(", table);
	for (int i = 0; i < ncolumns && n < sizeof(sql); i++)
		n += (size_t)snprintf(sql + n, sizeof(sql) - n, "%s%s", i ? "," : "", columns[i]);
	for (int i = 0; i < ncolumns && n < sizeof(sql); i++)
		n += (size_t)snprintf(sql + n, sizeof(sql) - n, "%s?%d", i ? "," : ") VALUES(", i + 1);
	if (n >= sizeof(sql) - 2)
		return clout_error_set(err, CLOUT_EINVAL, "%s: bulk load into %s: too many columns", c->path, table);
	memcpy(sql + n, ")", 2);
	code = sqlite3_prepare_v2(c->db, sql, -1, &c->copy, NULL);
	if (code != SQLITE_OK)
		return clout_error_wrap(err, conn_error(c, code, err), "bulk load into %s: ", table);
	c->copy_columns = ncolumns;
	return 0;
}

static int sqlite_copy_row(clout_sql_conn *c, const clout_sql_value *values, clout_error *err)
{
	int code = SQLITE_OK;
	for (int i = 0; i < c->copy_columns && code == SQLITE_OK; i++) {
		const clout_sql_value *v = &values[i];
		switch (v->type) {
		case CLOUT_SQL_INTEGER:
			code = sqlite3_bind_int64(c->copy, i + 1, v->v.i);
			break;
		case CLOUT_SQL_FLOAT:
			code = sqlite3_bind_double(c->copy, i + 1, v->v.f);
			break;
		case CLOUT_SQL_TEXT:
			code = v->v.bytes.len > INT_MAX ? SQLITE_TOOBIG
							: sqlite3_bind_text(c->copy, i + 1, v->v.bytes.data ? v->v.bytes.data : "",
								  (int)v->v.bytes.len, SQLITE_STATIC);
			break;
		case CLOUT_SQL_BLOB:
			code = v->v.bytes.len > INT_MAX ? SQLITE_TOOBIG
							: sqlite3_bind_blob(c->copy, i + 1, v->v.bytes.data ? v->v.bytes.data : "",
								  (int)v->v.bytes.len, SQLITE_STATIC);
			break;
		default:
			code = sqlite3_bind_null(c->copy, i + 1);
		}
	}
	if (code == SQLITE_OK)
		code = sqlite3_step(c->copy);
	sqlite3_reset(c->copy);
	if (code != SQLITE_DONE)
		return clout_error_wrap(err, conn_error(c, code, err), "bulk load: ");
	return 0;
}

static int sqlite_stage(clout_sql_conn *c, const char *table, const char *const *columns, const clout_sql_type *types,
	int ncolumns, clout_error *err)
{
	char sql[64 * 80 + 256];
	size_t n;
	n = (size_t)snprintf(sql, sizeof(sql), "CREATE TEMP TABLE IF NOT EXISTS %s(", table);
	for (int i = 0; i < ncolumns && n < sizeof(sql); i++)
		n += (size_t)snprintf(sql + n, sizeof(sql) - n, "%s%s %s", i ? "," : "", columns[i],
			types[i] == CLOUT_SQL_INTEGER ? "INTEGER" : types[i] == CLOUT_SQL_FLOAT ? "REAL" :
			types[i] == CLOUT_SQL_BLOB ? "BLOB" : "TEXT");
	if (n < sizeof(sql))
		n += (size_t)snprintf(sql + n, sizeof(sql) - n, "); DELETE FROM temp.%s", table);
	if (n >= sizeof(sql))
		return clout_error_set(err, CLOUT_EINVAL, "%s: staging table %s: too many columns", c->path, table);
	return exec_sql(c, sql, err);
}

static int sqlite_copy_end(clout_sql_conn *c, clout_error *err)
{
	(void)err;
	sqlite3_finalize(c->copy);
	c->copy = NULL;
	c->copy_columns = 0;
	return 0;
}

static int sqlite_lock_schema(clout_sql_conn *c, clout_error *err)
{
	/* Nothing: each migration's BEGIN IMMEDIATE excludes every other writer, and the front reads
	 * the version again inside it. */
	(void)c;
	(void)err;
	return 0;
}

static int sqlite_unlock_schema(clout_sql_conn *c, clout_error *err)
{
	(void)c;
	(void)err;
	return 0;
}

static int sqlite_schema_version(clout_sql_conn *c, int *out, clout_error *err)
{
	sqlite3_stmt *st;
	int code;
	if ((code = sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &st, NULL)) != SQLITE_OK)
		return clout_error_wrap(err, conn_error(c, code, err), "reading the schema version: ");
	code = sqlite3_step(st);
	if (code == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (code != SQLITE_ROW)
		return clout_error_wrap(err, conn_error(c, code, err), "reading the schema version: ");
	return 0;
}

static int sqlite_set_schema_version(clout_sql_conn *c, int version, clout_error *err)
{
	char sql[64];
	snprintf(sql, sizeof(sql), "PRAGMA user_version=%d", version);
	return exec_sql(c, sql, err);
}

static const char *sqlite_location(clout_sql_conn *c)
{
	return c->path;
}

const clout_sql_driver clout__sql_sqlite = {
	.version = CLOUT_SQL_DRIVER_VERSION,
	.name = "sqlite",
	.exclusive_writes = true,
	.in_process = true,
	.accepts = sqlite_accepts,
	.open = sqlite_open,
	.close = sqlite_close,
	.prepare = sqlite_prepare,
	.finalize = sqlite_finalize,
	.bind_null = sqlite_bind_null,
	.bind_int64 = sqlite_bind_int64,
	.bind_double = sqlite_bind_double,
	.bind_text = sqlite_bind_text,
	.bind_blob = sqlite_bind_blob,
	.step = sqlite_step,
	.reset = sqlite_reset,
	.changes = sqlite_changes,
	.column_type = sqlite_column_type,
	.column_int64 = sqlite_column_int64,
	.column_double = sqlite_column_double,
	.column_text = sqlite_column_text,
	.column_blob = sqlite_column_blob,
	.exec = sqlite_exec,
	.begin = sqlite_begin,
	.commit = sqlite_commit,
	.rollback = sqlite_rollback,
	.savepoint = sqlite_savepoint,
	.release = sqlite_release,
	.rollback_to = sqlite_rollback_to,
	.copy_begin = sqlite_copy_begin,
	.copy_row = sqlite_copy_row,
	.copy_end = sqlite_copy_end,
	.stage = sqlite_stage,
	.lock_schema = sqlite_lock_schema,
	.unlock_schema = sqlite_unlock_schema,
	.schema_version = sqlite_schema_version,
	.set_schema_version = sqlite_set_schema_version,
	.location = sqlite_location,
	.cache_limit = sqlite_cache_limit,
};
