/* link.c: creating and reading tracking links, their stats, and their JSON (see clout/track.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>

#include "lib/store/track.h"
#include "lib/track/internal.h"
#include "util/banned.h"

#define GENERATED_CODE_LEN 8
#define GENERATE_ATTEMPTS 8

void clout_link_release(clout_link *link)
{
	if (!link)
		return;
	free(link->code);
	free(link->url);
	free(link->influencer);
	free(link->campaign);
	memset(link, 0, sizeof(*link));
}

static void random_code(char out[GENERATED_CODE_LEN + 1])
{
	static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	for (int i = 0; i < GENERATED_CODE_LEN; i++)
		out[i] = alphabet[randombytes_uniform((uint32_t)(sizeof(alphabet) - 1))];
	out[GENERATED_CODE_LEN] = '\0';
}

static char *dup_or_null(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

static int check_options(const clout_link_options *o, clout_error *err)
{
	const char *problem;
	if (!o || o->version != CLOUT_LINK_OPTIONS_VERSION)
		return clout_error_set(err, CLOUT_EINVAL, "link options: unsupported version");
	if ((problem = track_url_problem(o->url)) != NULL)
		return clout_error_set(err, CLOUT_EINVAL, "url: %s", problem);
	if (o->code && !clout_track_code_valid(o->code))
		return clout_error_set(err, CLOUT_EINVAL, "code: '%s' must be 1 to %d letters, digits, '-' or '_'", o->code,
			CLOUT_LINK_CODE_MAX);
	if (o->influencer && strlen(o->influencer) > 256)
		return clout_error_set(err, CLOUT_EINVAL, "influencer: longer than 256 bytes");
	if (o->campaign && strlen(o->campaign) > 256)
		return clout_error_set(err, CLOUT_EINVAL, "campaign: longer than 256 bytes");
	return 0;
}

static int clout_track_link_create_in(clout_link *out, clout_store *store, int64_t workspace, const clout_link_options *opts,
	clout_error *err)
{
	char generated[GENERATED_CODE_LEN + 1];
	const char *influencer;
	int rc, attempt = 0;
	memset(out, 0, sizeof(*out));
	if ((rc = check_options(opts, err)) < 0)
		return rc;
	if (sodium_init() < 0)
		return clout_error_set(err, CLOUT_EINTERNAL, "libsodium did not initialize");
	influencer = opts->influencer && opts->influencer[0] == '@' ? opts->influencer + 1 : opts->influencer;
	out->workspace = workspace;
	out->url = strdup(opts->url);
	out->influencer = dup_or_null(influencer);
	out->campaign = dup_or_null(opts->campaign);
	out->created_at = (int64_t)time(NULL);
	if (!out->url || (influencer && *influencer && !out->influencer) || (opts->campaign && *opts->campaign && !out->campaign)) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	do {
		free(out->code);
		if (!opts->code)
			random_code(generated);
		if (!(out->code = strdup(opts->code ? opts->code : generated))) {
			rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
			goto done;
		}
		rc = clout__store_link_insert(store, workspace, out, &out->id, err);
		/* A generated code that is taken is drawn again; a chosen one is the caller's to change. */
	} while (rc == CLOUT_EEXISTS && !opts->code && ++attempt < GENERATE_ATTEMPTS);
done:
	if (rc < 0)
		clout_link_release(out);
	return rc;
}

static int clout_track_link_get_in(clout_link *out, clout_store *store, int64_t workspace, const char *code,
	clout_error *err)
{
	if (!clout_track_code_valid(code)) {
		memset(out, 0, sizeof(*out));
		return clout_error_set(err, CLOUT_ENOTFOUND, "no link with code '%s'", code ? code : "");
	}
	return clout__store_link_get(store, workspace, code, out, err);
}

static int clout_track_link_stats_in(clout_link_stats *out, clout_store *store, int64_t workspace, const char *code,
	clout_error *err)
{
	clout_link link;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = clout_track_link_get_in(&link, store, workspace, code, err)) < 0)
		return rc;
	rc = clout__store_link_stats(store, link.id, out, err);
	clout_link_release(&link);
	return rc;
}

static char *dump(json_t *doc)
{
	char *text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
	json_decref(doc);
	return text;
}

char *clout_link_json(const clout_link *link, const char *base_url)
{
	size_t base_len = base_url ? strlen(base_url) : 0, size;
	char *short_url;
	json_t *doc;
	while (base_len && base_url[base_len - 1] == '/')
		base_len--;
	size = base_len + strlen("/r/") + strlen(link->code) + 1;
	if (!(short_url = malloc(size)))
		return NULL;
	snprintf(short_url, size, "%.*s/r/%s", (int)base_len, base_url ? base_url : "", link->code);
	doc = json_pack("{s:s,s:s,s:s,s:s?,s:s?,s:I}", "code", link->code, "short_url", short_url, "url", link->url,
		"influencer", link->influencer, "campaign", link->campaign, "created_at", (json_int_t)link->created_at);
	free(short_url);
	return dump(doc);
}

static json_t *time_or_null(int64_t ms)
{
	return ms ? json_integer((json_int_t)ms) : json_null();
}

char *clout_link_stats_json(const char *code, const clout_link_stats *s)
{
	return dump(json_pack("{s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:o,s:o}", "code", code, "clicks", (json_int_t)s->clicks,
		"unique_clicks", (json_int_t)s->unique_clicks, "human", (json_int_t)s->by_class[CLOUT_CLICK_HUMAN], "head",
		(json_int_t)s->by_class[CLOUT_CLICK_HEAD], "prefetch", (json_int_t)s->by_class[CLOUT_CLICK_PREFETCH],
		"preview", (json_int_t)s->by_class[CLOUT_CLICK_PREVIEW], "bot", (json_int_t)s->by_class[CLOUT_CLICK_BOT],
		"first_click_at", time_or_null(s->first_click_at), "last_click_at", time_or_null(s->last_click_at)));
}

/* A whole operation's start: clears the session's error and looks up its workspace. */
static int session_workspace(clout_session *s, int64_t *workspace)
{
	clout_error_clear(clout_session_err(s)); /* not the arena: an operation may call this one */
	return clout_session_workspace(s, workspace);
}

int clout_track_link_create(clout_link *out, clout_session *s, const clout_link_options *opts)
{
	int64_t ws;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = session_workspace(s, &ws)) < 0)
		return rc;
	return clout_track_link_create_in(out, clout_session_store(s), ws, opts, clout_session_err(s));
}

int clout_track_link_get(clout_link *out, clout_session *s, const char *code)
{
	int64_t ws;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = session_workspace(s, &ws)) < 0)
		return rc;
	return clout_track_link_get_in(out, clout_session_store(s), ws, code, clout_session_err(s));
}

int clout_track_link_stats(clout_link_stats *out, clout_session *s, const char *code)
{
	int64_t ws;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = session_workspace(s, &ws)) < 0)
		return rc;
	return clout_track_link_stats_in(out, clout_session_store(s), ws, code, clout_session_err(s));
}
