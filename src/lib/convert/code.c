/* code.c: promo codes, each made for an influencer and maybe a campaign (see clout/convert.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "lib/convert/internal.h"
#include "lib/store/convert.h"
#include "util/banned.h"

void clout_promo_code_release(clout_promo_code *code)
{
	if (!code)
		return;
	free(code->code);
	free(code->influencer);
	free(code->campaign);
	memset(code, 0, sizeof(*code));
}

int convert_code_normalize(char out[CLOUT_CONVERT_CODE_MAX + 1], const char *code)
{
	size_t n = code ? strlen(code) : 0;
	if (n == 0 || n > CLOUT_CONVERT_CODE_MAX)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)code[i];
		if (!isalnum(c) && c != '-' && c != '_')
			return -1;
		out[i] = (char)toupper(c);
	}
	out[n] = '\0';
	return 0;
}

static char *dup_or_null(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

static int clout_convert_code_create_in(clout_promo_code *out, clout_store *store, int64_t workspace, const char *code,
	const char *influencer, const char *campaign, clout_error *err)
{
	char norm[CLOUT_CONVERT_CODE_MAX + 1];
	int rc;
	memset(out, 0, sizeof(*out));
	if (convert_code_normalize(norm, code) < 0)
		return clout_error_set(err, CLOUT_EINVAL, "code: '%s' must be 1 to %d letters, digits, '-' or '_'",
			code ? code : "", CLOUT_CONVERT_CODE_MAX);
	if (influencer && influencer[0] == '@')
		influencer++;
	if (!influencer || !*influencer)
		return clout_error_set(err, CLOUT_EINVAL, "influencer: a promo code is made for an influencer (a handle)");
	if (strlen(influencer) > 256)
		return clout_error_set(err, CLOUT_EINVAL, "influencer: longer than 256 bytes");
	if (campaign && strlen(campaign) > 256)
		return clout_error_set(err, CLOUT_EINVAL, "campaign: longer than 256 bytes");
	out->code = strdup(norm);
	out->influencer = strdup(influencer);
	out->campaign = dup_or_null(campaign);
	out->created_at = (int64_t)time(NULL);
	if (!out->code || !out->influencer || (campaign && *campaign && !out->campaign)) {
		clout_promo_code_release(out);
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	}
	if ((rc = clout__store_code_insert(store, workspace, out, &out->id, err)) < 0)
		clout_promo_code_release(out);
	return rc;
}

static int clout_convert_code_foreach_in(clout_store *store, int64_t workspace,
	int (*fn)(void *ctx, const clout_promo_code *code), void *ctx, clout_error *err)
{
	return clout__store_code_foreach(store, workspace, fn, ctx, err);
}

char *clout_promo_code_json(const clout_promo_code *code)
{
	json_t *doc = json_pack("{s:s,s:s?,s:s?,s:I}", "code", code->code, "influencer", code->influencer, "campaign",
		code->campaign, "created_at", (json_int_t)code->created_at);
	char *text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
	json_decref(doc);
	return text;
}

int clout_convert_code_create(clout_promo_code *out, clout_session *s, const char *code, const char *influencer,
	const char *campaign)
{
	int64_t ws;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = clout__convert_session(s, &ws)) < 0)
		return rc;
	return clout_convert_code_create_in(out, clout_session_store(s), ws, code, influencer, campaign, clout_session_err(s));
}

int clout_convert_code_foreach(clout_session *s, int (*fn)(void *ctx, const clout_promo_code *code), void *ctx)
{
	int64_t ws;
	int rc;
	if ((rc = clout__convert_session(s, &ws)) < 0)
		return rc;
	return clout_convert_code_foreach_in(clout_session_store(s), ws, fn, ctx, clout_session_err(s));
}
