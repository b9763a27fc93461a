/*
 * pg_fixture.h: throwaway PostgreSQL databases for the unit tests. The server is the one named by
 * $CLOUT_TEST_PG (a URL of a maintenance database where tests may CREATE and DROP DATABASE; the
 * scripts/test runner starts scripts/pg-scratch and sets it). Not a test itself: the name is not
 * test_*.c.
 */
#ifndef CLOUT_TESTS_UNIT_PG_FIXTURE_H
#define CLOUT_TESTS_UNIT_PG_FIXTURE_H

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The maintenance URL, or NULL when no test server is configured. */
static inline const char *pg_test_server(void)
{
	const char *url = getenv("CLOUT_TEST_PG");
	return url && *url ? url : NULL;
}

/* url with its database (the URI path) replaced by db; malloc'd. */
static inline char *pg_url_with_db(const char *url, const char *db)
{
	const char *authority = strstr(url, "://");
	authority = authority ? authority + 3 : url;
	const char *path = authority + strcspn(authority, "/?");
	const char *query = path + strcspn(path, "?");
	size_t size = strlen(url) + strlen(db) + 2;
	char *out = malloc(size);
	if (out)
		snprintf(out, size, "%.*s/%s%s", (int)(path - url), url, db, query);
	return out;
}

static inline void pg_fixture_quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Runs sql on the maintenance database; 0 or -1 with the reason on stderr. */
static inline int pg_admin(const char *sql)
{
	const char *server = pg_test_server();
	if (!server)
		return -1;
	PGconn *pg = PQconnectdb(server);
	int rc = -1;
	if (PQstatus(pg) != CONNECTION_OK) {
		fprintf(stderr, "%s: %s", server, PQerrorMessage(pg));
	} else {
		PQsetNoticeProcessor(pg, pg_fixture_quiet, NULL);
		PGresult *res = PQexec(pg, sql);
		if (PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK)
			rc = 0;
		else
			fprintf(stderr, "%s: %s", sql, PQerrorMessage(pg));
		PQclear(res);
	}
	PQfinish(pg);
	return rc;
}

/* Creates an empty database named name (dropping one left over) and returns its URL (malloc'd),
 * or NULL with the reason on stderr. */
static inline char *pg_scratch_db_create(const char *name)
{
	char sql[256];
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
	if (pg_admin(sql) < 0)
		return NULL;
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
	if (pg_admin(sql) < 0)
		return NULL;
	return pg_url_with_db(pg_test_server(), name);
}

static inline void pg_scratch_db_drop(const char *name)
{
	char sql[256];
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
	pg_admin(sql);
}

#endif
