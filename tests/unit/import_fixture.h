/*
 * import_fixture.h: the import tests' one call into the library: clout_import_run on a session,
 * without the index rebuild, handing back the import's stats and the session's error as the
 * checks want them. Include after "clout/clout.h". Not a test itself: the name is not test_*.c.
 */
#ifndef CLOUT_TESTS_UNIT_IMPORT_FIXTURE_H
#define CLOUT_TESTS_UNIT_IMPORT_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "clout/import.h"
#include "clout/session.h"

/* Imports sources[0..n) with opts (no_index forced) into the session's workspace: the result code,
 * *stats (the caller releases it with clout_import_stats_release; zeroed on failure) and *err. */
static inline int fixture_import_sources(clout_session *s, const clout_import_source *sources, size_t n,
	const clout_import_options *opts, clout_import_stats *stats, clout_error *err)
{
	clout_import_options o = *opts;
	clout_import_result result;
	int rc;
	o.no_index = true;
	rc = clout_import_run(s, sources, n, &o, &result);
	*stats = result.stats;
	*err = *clout_session_error(s);
	return rc;
}

/* fixture_import_sources on the files paths[0..n). */
static inline int fixture_import_paths(clout_session *s, const char *const *paths, size_t n,
	const clout_import_options *opts, clout_import_stats *stats, clout_error *err)
{
	clout_import_source *sources = calloc(n ? n : 1, sizeof(*sources));
	int rc;
	memset(stats, 0, sizeof(*stats));
	if (!sources)
		return CLOUT_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		clout_import_source one = CLOUT_IMPORT_SOURCE_PATH(paths[i]);
		sources[i] = one;
	}
	rc = fixture_import_sources(s, sources, n, opts, stats, err);
	free(sources);
	return rc;
}

#endif
