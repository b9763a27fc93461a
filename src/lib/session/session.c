/*
 * session.c: the session handle (see include/clout/session.h): opening the store from options,
 * the lazily resolved workspace and text model, the per-call arena and the error, and the
 * stats operation (sentiment.c has the sentiment operation).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "clout/session.h"
#include "util/arena.h"
#include "util/json_out.h"
#include "util/banned.h"

struct clout_session {
	clout_store *store;
	char *location, *workspace_name, *user, *role;
	bool create;
	int64_t workspace; /* 0 until looked up */
	const clout_text_model *model;
	clout_text_model *own_model;
	clout_session_lexicon *lexicons;
	size_t nlexicons;
	clout_session_param *params;
	size_t nparams;
	clout_arena arena;
	clout_error err;
};

#define DEFAULT_WORKSPACE "default"

/* A copy of s, or NULL for NULL; false when out of memory. */
static bool dup_opt(char **out, const char *s)
{
	*out = NULL;
	return !s || (*out = strdup(s)) != NULL;
}

/* Whether location names a file (a server URI has a scheme). */
static bool is_file_location(const char *location)
{
	return !strstr(location, "://");
}

static int copy_options(clout_session *s, const clout_session_options *opts, clout_error *err)
{
	s->create = opts->create;
	s->model = opts->text_model;
	if (!dup_opt(&s->location, clout_store_default_location(opts->location)) ||
		!dup_opt(&s->workspace_name, opts->workspace ? opts->workspace : DEFAULT_WORKSPACE) ||
		!dup_opt(&s->user, opts->user) || !dup_opt(&s->role, opts->role))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	if (opts->nlexicons) {
		if (!(s->lexicons = calloc(opts->nlexicons, sizeof(*s->lexicons))))
			return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		for (size_t i = 0; i < opts->nlexicons; i++, s->nlexicons++) {
			char *lang, *path;
			if (!dup_opt(&lang, opts->lexicons[i].lang))
				return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
			s->lexicons[i].lang = lang;
			if (!dup_opt(&path, opts->lexicons[i].path))
				return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
			s->lexicons[i].path = path;
		}
	}
	if (opts->nparams) {
		if (!(s->params = calloc(opts->nparams, sizeof(*s->params))))
			return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		for (size_t i = 0; i < opts->nparams; i++, s->nparams++) {
			char *lang, *name;
			if (!dup_opt(&lang, opts->params[i].lang))
				return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
			s->params[i].lang = lang;
			if (!dup_opt(&name, opts->params[i].name))
				return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
			s->params[i].name = name;
			s->params[i].value = opts->params[i].value;
		}
	}
	return 0;
}

int clout_session_open(clout_session **out, const clout_session_options *opts, clout_error *err)
{
	clout_store_open_options store_opts = CLOUT_STORE_OPEN_OPTIONS_INIT;
	clout_session *s;
	struct stat st;
	int rc;
	*out = NULL;
	if (!opts || opts->version != CLOUT_SESSION_OPTIONS_VERSION)
		return clout_error_set(err, CLOUT_EINVAL, "session options version %u is not %d", opts ? opts->version : 0,
			CLOUT_SESSION_OPTIONS_VERSION);
	if (!(s = calloc(1, sizeof(*s))))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	if ((rc = copy_options(s, opts, err)) < 0)
		goto fail;
	if (opts->no_store) {
		*out = s;
		return 0;
	}
	if (!s->create && is_file_location(s->location) && stat(s->location, &st) != 0) {
		rc = errno == ENOENT ? clout_error_set(err, CLOUT_ENOTFOUND, "no store at %s", s->location)
				     : clout_error_set(err, CLOUT_EIO, "%s: %s", s->location, strerror(errno));
		goto fail;
	}
	store_opts.create = s->create;
	if ((rc = clout_store_open_ext(&s->store, s->location, &store_opts, err)) < 0)
		goto fail;
	*out = s;
	return 0;
fail:
	clout_session_free(s);
	return rc;
}

void clout_session_free(clout_session *s)
{
	if (!s)
		return;
	clout_store_free(s->store);
	clout_text_model_free(s->own_model);
	for (size_t i = 0; i < s->nlexicons; i++) {
		free((char *)s->lexicons[i].lang);
		free((char *)s->lexicons[i].path);
	}
	free(s->lexicons);
	for (size_t i = 0; i < s->nparams; i++) {
		free((char *)s->params[i].lang);
		free((char *)s->params[i].name);
	}
	free(s->params);
	free(s->location);
	free(s->workspace_name);
	free(s->user);
	free(s->role);
	clout_arena_release(&s->arena);
	free(s);
}

const clout_error *clout_session_error(const clout_session *s)
{
	return &s->err;
}

clout_error *clout_session_err(clout_session *s)
{
	return &s->err;
}

clout_store *clout_session_store(clout_session *s)
{
	return s->store;
}

int clout_session_need_store(clout_session *s)
{
	return s->store ? 0 : clout_error_set(&s->err, CLOUT_EINVAL, "this session has no store");
}

const char *clout_session_location(const clout_session *s)
{
	return s->location;
}

const char *clout_session_workspace_name(const clout_session *s)
{
	return s->workspace_name;
}

const char *clout_session_user(const clout_session *s)
{
	return s->user;
}

const char *clout_session_role(const clout_session *s)
{
	return s->role;
}

int clout_session_act_as(clout_session *s, int64_t workspace, const char *user, const char *role)
{
	char *u, *r;
	if (!dup_opt(&u, user))
		return clout_error_set(&s->err, CLOUT_ENOMEM, "out of memory");
	if (!dup_opt(&r, role)) {
		free(u);
		return clout_error_set(&s->err, CLOUT_ENOMEM, "out of memory");
	}
	free(s->user);
	free(s->role);
	s->user = u;
	s->role = r;
	s->workspace = workspace;
	return 0;
}

int clout_session_workspace(clout_session *s, int64_t *out)
{
	int rc;
	*out = 0;
	if ((rc = clout_session_need_store(s)) < 0)
		return rc;
	if (!s->workspace) {
		rc = clout_store_workspace(s->store, &s->workspace, s->workspace_name, s->create, &s->err);
		if (rc == CLOUT_ENOTFOUND)
			return clout_error_set(&s->err, rc, "no workspace '%s' in %s", s->workspace_name, s->location);
		if (rc < 0)
			return rc;
	}
	*out = s->workspace;
	return 0;
}

int clout_session_workspace_find(clout_session *s, const char *name, int64_t *out)
{
	int rc;
	*out = 0;
	clout_error_clear(&s->err);
	if ((rc = clout_session_need_store(s)) < 0)
		return rc;
	rc = clout_store_workspace(s->store, out, name, false, &s->err);
	if (rc == CLOUT_ENOTFOUND)
		return clout_error_set(&s->err, rc, "no workspace '%s' in %s", name, s->location);
	return rc < 0 ? rc : 0;
}

int clout_session_text_model(clout_session *s, const clout_text_model **out)
{
	int rc;
	*out = NULL;
	if (!s->model) {
		if ((rc = clout_text_model_new(&s->own_model, &s->err)) < 0)
			return rc;
		for (size_t i = 0; i < s->nlexicons && rc == 0; i++)
			rc = clout_text_load_lexicon(s->own_model, s->lexicons[i].lang, s->lexicons[i].path, &s->err);
		for (size_t i = 0; i < s->nparams && rc == 0; i++)
			rc = clout_text_set_param(s->own_model, s->params[i].lang, s->params[i].name, s->params[i].value, &s->err);
		if (rc < 0) {
			clout_text_model_free(s->own_model);
			s->own_model = NULL;
			return rc;
		}
		s->model = s->own_model;
	}
	*out = s->model;
	return 0;
}

void *clout_session_alloc(clout_session *s, size_t size)
{
	return clout_arena_alloc(&s->arena, size);
}

void clout_session_reset(clout_session *s)
{
	clout_error_clear(&s->err);
	clout_arena_reset(&s->arena);
}

int clout_session_stats(clout_session *s, bool all, clout_store_counts *out)
{
	int64_t ws = 0;
	int rc;
	clout_session_reset(s);
	memset(out, 0, sizeof(*out));
	if ((rc = clout_session_need_store(s)) < 0)
		return rc;
	if (!all && (rc = clout_session_workspace(s, &ws)) < 0)
		return rc;
	return clout_store_counts_get(s->store, ws, out, &s->err);
}

int clout_session_stats_json(char **out, const clout_store_counts *c, clout_error *err)
{
	json_t *doc = json_object();
	int bad = !doc;
	if (doc)
		bad = clout_json_set(doc, "workspaces", clout_json_int(c->workspaces)) |
		      clout_json_set(doc, "people", clout_json_int(c->people)) |
		      clout_json_set(doc, "accounts", clout_json_int(c->accounts)) |
		      clout_json_set(doc, "posts", clout_json_int(c->posts)) |
		      clout_json_set(doc, "edges", clout_json_int(c->edges)) |
		      clout_json_set(doc, "snapshots", clout_json_int(c->snapshots));
	return clout_json_finish(out, doc, bad, 1, err);
}
