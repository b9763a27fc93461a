/*
 * store_fixture.h: throwaway stores for the unit tests: open one (with its "default" workspace)
 * at a path, and remove it with its WAL files. Include after "clout/clout.h". Not a test itself:
 * the name is not test_*.c.
 */
#ifndef CLOUT_TESTS_UNIT_STORE_FIXTURE_H
#define CLOUT_TESTS_UNIT_STORE_FIXTURE_H

#include <stdio.h>
#include <unistd.h>

/* Removes the store at path, and its -wal and -shm files. */
static inline void scratch_store_remove(const char *path)
{
	char side[1100];
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

/* Opens a fresh store at path (whatever was there is removed) with its default workspace; 0 or -1
 * with the reason on stderr. */
static inline int scratch_store_open(const char *path, clout_store **store, int64_t *ws)
{
	clout_error err = { 0 };
	scratch_store_remove(path);
	if (clout_store_open(store, path, &err) < 0 || clout_store_workspace(*store, ws, "default", true, &err) < 0) {
		fprintf(stderr, "%s: %s\n", path, err.message);
		return -1;
	}
	return 0;
}

#endif
