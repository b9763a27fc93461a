/*
 * store_fixture.h: throwaway databases for the unit tests, on either engine.
 *
 * SQLite: a file in the test's working directory, removed with its WAL files.
 * PostgreSQL: a database created for the test on the cluster whose maintenance URL (a database the
 * test may connect to, e.g. "postgres", as a role that may CREATE and DROP DATABASE) is in
 * $CLOUT_TEST_PG, and dropped afterwards.
 *
 * Which engine the store tests use: $CLOUT_TEST_ENGINE ("sqlite", the default, or "postgresql",
 * which needs $CLOUT_TEST_PG); a test that covers both engines itself (test_sql) asks for each.
 * Include after "clout/clout.h". Not a test itself: the name is not test_*.c.
 */
#ifndef CLOUT_TESTS_UNIT_STORE_FIXTURE_H
#define CLOUT_TESTS_UNIT_STORE_FIXTURE_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clout/session.h"
#include "clout/sys/sql.h"
#include "lib/store/sql_internal.h"

#define SCRATCH_LOCATION_MAX 1100

/* Removes the SQLite store at path, and its -wal and -shm files. */
static inline void scratch_file_remove(const char *path)
{
	char side[SCRATCH_LOCATION_MAX + 8];
	if (!strncmp(path, "postgres", 8))
		return;
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

/* The maintenance URL of the scratch PostgreSQL cluster, or NULL when there is none. */
static inline const char *scratch_pg_url(void)
{
	const char *url = getenv("CLOUT_TEST_PG");
	return url && *url ? url : NULL;
}

/* Whether the store tests run on PostgreSQL ($CLOUT_TEST_ENGINE=postgresql). */
static inline bool scratch_engine_is_pg(void)
{
	const char *e = getenv("CLOUT_TEST_ENGINE");
	return e && !strcmp(e, "postgresql");
}

/* url with its database name replaced by name, in out. 0, or -1 when it does not fit. */
static inline int scratch_pg_url_for(char *out, size_t cap, const char *url, const char *name)
{
	const char *scheme = strstr(url, "://"), *path, *query;
	int n;
	if (!scheme)
		return -1;
	path = strchr(scheme + 3, '/');
	query = strchr(scheme + 3, '?');
	if (!path || (query && path > query))
		path = query ? query : url + strlen(url);
	if (!query || query < path)
		query = strchr(path, '?');
	if (!query)
		query = url + strlen(url);
	n = snprintf(out, cap, "%.*s/%s%s", (int)(path - url), url, name, query);
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

/* Runs one statement on the maintenance database; 0 or -1 with the reason on stderr. */
static inline int scratch_pg_admin(const char *sql)
{
	clout_error err = { 0 };
	clout_sql *db = NULL;
	int rc = clout__sql_open_bare(&db, scratch_pg_url(), NULL, &err);
	if (rc == 0)
		rc = clout_sql_exec(db, sql, &err);
	clout_sql_free(db);
	if (rc < 0)
		fprintf(stderr, "%s: %s\n", sql, err.message);
	return rc < 0 ? -1 : 0;
}

/*
 * A fresh, empty database for tag on engine ("sqlite" or "postgresql"): its location in out (cap
 * at least SCRATCH_LOCATION_MAX). SQLite: the file tag_PID.db; PostgreSQL: the database
 * clout_test_TAG_PID (tag made of letters, digits and _). 0, or -1 with the reason on stderr.
 */
static inline int scratch_db_create(char *out, size_t cap, const char *engine, const char *tag)
{
	char name[128], sql[256];
	if (strcmp(engine, "postgresql")) {
		snprintf(out, cap, "%s_%d.db", tag, (int)getpid());
		scratch_file_remove(out);
		return 0;
	}
	if (!scratch_pg_url()) {
		fprintf(stderr, "%s: CLOUT_TEST_PG is not set\n", tag);
		return -1;
	}
	snprintf(name, sizeof(name), "clout_test_%s_%d", tag, (int)getpid());
	for (char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
			*p = '_';
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", name);
	if (scratch_pg_admin(sql) < 0)
		return -1;
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
	if (scratch_pg_admin(sql) < 0)
		return -1;
	if (scratch_pg_url_for(out, cap, scratch_pg_url(), name) < 0) {
		fprintf(stderr, "%s: the URL is too long\n", name);
		return -1;
	}
	return 0;
}

/* Removes the database at location (made by scratch_db_create). */
static inline void scratch_db_drop(const char *location)
{
	const char *name, *end;
	char sql[256];
	if (strncmp(location, "postgres", 8)) {
		scratch_file_remove(location);
		return;
	}
	/* the database name: from the first '/' after "scheme://" to the query */
	if (!(name = strstr(location, "://")) || !(name = strchr(name + 3, '/')))
		return;
	name++;
	end = strchr(name, '?');
	if (name == end || !*name)
		return; /* no database in the path */
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %.*s", (int)(end ? end - name : (long)strlen(name)),
		name);
	scratch_pg_admin(sql);
}

/* Removes the store at location: the file and its WAL files, or the scratch PostgreSQL database. */
static inline void scratch_store_remove(const char *location)
{
	scratch_db_drop(location);
}

/*
 * Opens a fresh store with its default workspace for the engine the store tests use: at path
 * (whatever was there is removed) on SQLite, or in a new database named after path on
 * PostgreSQL, whose URL is then written back to path (cap: its size; SCRATCH_LOCATION_MAX is
 * always enough). 0 or -1 with the reason on stderr.
 */
static inline int scratch_store_open(char *path, size_t cap, clout_store **store, int64_t *ws)
{
	clout_error err = { 0 };
	char location[SCRATCH_LOCATION_MAX];
	if (scratch_engine_is_pg()) {
		char tag[64];
		size_t n = strlen(path);
		if (n > 3 && !strcmp(path + n - 3, ".db"))
			n -= 3;
		if (n > 40)
			n = 40; /* PostgreSQL names hold 63 bytes */
		memcpy(tag, path, n);
		tag[n] = '\0';
		if (scratch_db_create(location, sizeof(location), "postgresql", tag) < 0)
			return -1;
		if (strlen(location) >= cap) {
			fprintf(stderr, "%s: no room for the location\n", path);
			return -1;
		}
		memcpy(path, location, strlen(location) + 1);
	} else {
		scratch_file_remove(path);
	}
	if (clout_store_open(store, path, &err) < 0 || clout_store_workspace(*store, ws, "default", true, &err) < 0) {
		fprintf(stderr, "%s: %s\n", path, err.message);
		return -1;
	}
	return 0;
}

/* A session on the store at location (made by scratch_store_open or engine_fixture_open), in
 * workspace. 0 or -1 with the reason on stderr. */
static inline int scratch_session_open(const char *location, const char *workspace, clout_session **out)
{
	clout_session_options opts = CLOUT_SESSION_OPTIONS_INIT;
	clout_error err = { 0 };
	opts.location = location;
	opts.workspace = workspace;
	opts.create = true;
	if (clout_session_open(out, &opts, &err) < 0) {
		fprintf(stderr, "%s: %s\n", location, err.message);
		return -1;
	}
	return 0;
}

/*
 * A fresh store as scratch_store_open makes it (path is written back the same way), opened as a
 * session in its default workspace, for tests of the session operations that fill the store
 * through its own API first: *store (borrowed from the session) and *ws are the session's. Free
 * it with clout_session_free. 0 or -1 with the reason on stderr.
 */
static inline int scratch_session_fresh(char *path, size_t cap, clout_session **out, clout_store **store, int64_t *ws)
{
	clout_store *made = NULL;
	*out = NULL;
	*store = NULL;
	if (scratch_store_open(path, cap, &made, ws) < 0)
		return -1;
	clout_store_free(made);
	if (scratch_session_open(path, "default", out) < 0)
		return -1;
	if (clout_session_workspace(*out, ws) < 0) {
		fprintf(stderr, "%s: %s\n", path, clout_session_error(*out)->message);
		clout_session_free(*out);
		*out = NULL;
		return -1;
	}
	*store = clout_session_store(*out);
	return 0;
}

/*
 * A store on a named engine with two workspaces ("default" and "other"), for tests that run each
 * case once per engine inside one binary. engine_fixture_open leaves *state NULL (the case then
 * skips) on PostgreSQL when $CLOUT_TEST_PG is not set; tag names the scratch database.
 */
typedef struct engine_fixture {
	char location[SCRATCH_LOCATION_MAX];
	clout_store *store;
	int64_t ws, other_ws;
	clout_session *s, *other_s; /* sessions in the two workspaces */
} engine_fixture;

static inline int engine_fixture_open(void **state, const char *engine, const char *tag)
{
	engine_fixture *f = calloc(1, sizeof(*f));
	clout_error err = { 0 };
	*state = NULL;
	if (!f)
		return -1;
	if (!strcmp(engine, "postgresql") && !scratch_pg_url()) {
		free(f);
		return 0;
	}
	if (scratch_db_create(f->location, sizeof(f->location), engine, tag) < 0 ||
	    clout_store_open(&f->store, f->location, &err) < 0 ||
	    clout_store_workspace(f->store, &f->ws, "default", true, &err) < 0 ||
	    clout_store_workspace(f->store, &f->other_ws, "other", true, &err) < 0) {
		fprintf(stderr, "%s: %s\n", f->location, err.message);
		clout_store_free(f->store);
		free(f);
		return -1;
	}
	if (scratch_session_open(f->location, "default", &f->s) < 0 || scratch_session_open(f->location, "other", &f->other_s) < 0) {
		clout_session_free(f->s);
		clout_store_free(f->store);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static inline int engine_fixture_teardown(void **state)
{
	engine_fixture *f = *state;
	if (!f)
		return 0;
	clout_session_free(f->s);
	clout_session_free(f->other_s);
	clout_store_free(f->store);
	scratch_db_drop(f->location);
	free(f);
	return 0;
}

#endif
