/*
 * run.c: the whole import operation on a session (import, then rebuild the discovery index) and
 * the one JSON writer of its result.
 */
#include <string.h>
#include <time.h>

#include "clout/import.h"
#include "lib/import/internal.h"
#include "util/json_out.h"
#include "util/banned.h"

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int clout_import_run(clout_session *s, const clout_import_source *sources, size_t nsources,
	const clout_import_options *opts, clout_import_result *out)
{
	int64_t ws;
	int rc;
	double started;
	memset(out, 0, sizeof(*out));
	clout_session_reset(s);
	if ((rc = clout_session_workspace(s, &ws)) < 0)
		return rc;
	started = now_seconds();
	if ((rc = clout__import_sources(clout_session_store(s), ws, sources, nsources, opts, &out->stats,
		     clout_session_err(s))) < 0)
		return rc;
	out->seconds = now_seconds() - started;
	if (opts->no_index)
		return 0;
	started = now_seconds();
	if ((rc = clout_score_index_run(s, opts->index_progress, opts->index_progress_ctx, &out->index)) < 0)
		return rc;
	out->index_seconds = now_seconds() - started;
	out->indexed = true;
	return 0;
}

void clout_import_result_release(clout_import_result *result)
{
	if (result)
		clout_import_stats_release(&result->stats);
}

static json_t *file_json(const clout_import_file_stats *f)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	if (clout_json_set(o, "path", clout_json_str(f->path, 0)) | clout_json_set(o, "format", clout_json_str(f->format, 0)) |
		clout_json_set(o, "bytes", clout_json_int((int64_t)f->bytes)) |
		clout_json_set(o, "records", clout_json_int((int64_t)f->records)) |
		clout_json_set(o, "accounts", clout_json_int((int64_t)f->accounts)) |
		clout_json_set(o, "account_snapshots", clout_json_int((int64_t)f->snapshots)) |
		clout_json_set(o, "posts", clout_json_int((int64_t)f->posts)) |
		clout_json_set(o, "edges", clout_json_int((int64_t)f->edges)) |
		clout_json_set(o, "rejected", clout_json_int((int64_t)f->rejected))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* "phases": where the import's time went (see clout_import_stats), and the index rebuild's. */
static int phases_json(json_t *doc, const clout_import_result *r)
{
	const clout_import_stats *st = &r->stats;
	json_t *o = json_object();
	int bad = !o;
	if (!bad) {
		bad |= clout_json_set(o, "read_cpu", clout_json_fixed(st->read_cpu, 3));
		bad |= clout_json_set(o, "write_cpu", clout_json_fixed(st->write_cpu, 3));
		bad |= clout_json_set(o, "write_wait", clout_json_fixed(st->write_wait, 3));
		bad |= clout_json_set(o, "rebuild_indexes", clout_json_fixed(st->rebuild_seconds, 3));
		bad |= clout_json_set(o, "commit", clout_json_fixed(st->commit_seconds, 3));
		if (r->indexed)
			bad |= clout_json_set(o, "discovery_index", clout_json_fixed(r->index_seconds, 3));
	}
	if (!bad)
		bad |= json_object_set(doc, "phases", o);
	json_decref(o);
	return bad;
}

int clout_import_result_json(char **out, const clout_import_result *r, clout_error *err)
{
	const clout_import_stats *st = &r->stats;
	json_t *doc = json_object(), *files = json_array();
	int bad = !doc || !files;
	for (size_t i = 0; i < st->nfiles && !bad; i++)
		bad |= json_array_append_new(files, file_json(&st->files[i]));
	if (!bad) {
		bad |= json_object_set(doc, "files", files);
		bad |= clout_json_set(doc, "records", clout_json_int((int64_t)st->records));
		bad |= clout_json_set(doc, "accounts", clout_json_int((int64_t)st->accounts));
		bad |= clout_json_set(doc, "account_snapshots", clout_json_int((int64_t)st->snapshots));
		bad |= clout_json_set(doc, "posts", clout_json_int((int64_t)st->posts));
		bad |= clout_json_set(doc, "edges", clout_json_int((int64_t)st->edges));
		bad |= clout_json_set(doc, "rejected", clout_json_int((int64_t)st->rejected));
		bad |= clout_json_set(doc, "rejects", clout_json_str(st->reject_path, 0));
		bad |= clout_json_set(doc, "seconds", clout_json_fixed(r->seconds, 3));
		bad |= phases_json(doc, r);
	}
	json_decref(files);
	return clout_json_finish(out, doc, bad, 1, err);
}
