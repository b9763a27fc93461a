/*
 * fmt_tiktok.c: TikTok Research API responses ("tiktok-research"): video queries
 * ({"data": {"videos": [...], "cursor", "has_more"}, "error": {...}}) and user info
 * ({"data": {"display_name", "follower_count", ...}} or {"data": {"user": {...}}}), and pinned
 * videos ({"data": {"pinned_videos_list": [...]}}); other responses (comments, followers, liked or
 * reposted videos) are refused by name. The Research
 * API names creators by username only, so a TikTok account's ext_id is its username. Videos
 * without a username (a query that did not ask for the field) belong to the account given with
 * --author; without it they are bad records (the store keys every post to its author).
 * docs/formats.md has the mapping.
 */
#include <string.h>

#include "lib/import/platform.h"
#include "util/banned.h"

#define PLATFORM "tiktok"

static int video(clout__import *im, const clout_jv *r, const char *path)
{
	clout_post p;
	clout_post *out;
	clout_jv v;
	const char *desc = NULL, *speech = NULL, *region = NULL;
	size_t desc_len = 0, speech_len = 0;
	int rc;
	clout_post_init(&p);
	p.platform = PLATFORM;
	if (clout_jv_type(r) != CLOUT_JSON_OBJECT)
		return clout__bad(im, "%s: expected a video object, got %s", path, clout_json_type_name(clout_jv_type(r)));
	if ((rc = clout__jv_id(im, r, path, "id", &p.ext_id)) < 0 ||
	    (!p.ext_id && (rc = clout__jv_id(im, r, path, "video_id", &p.ext_id)) < 0) ||
	    (rc = clout__jv_id(im, r, path, "username", &p.author_ext_id)) < 0 ||
	    (rc = clout__jv_str(im, r, path, "video_description", &desc)) < 0 ||
	    (rc = clout__jv_str(im, r, path, "voice_to_text", &speech)) < 0 ||
	    (rc = clout__jv_str(im, r, path, "region_code", &region)) < 0 ||
	    (rc = clout__jv_time(im, r, path, "create_time", &p.created_at)) < 0 ||
	    (rc = clout__jv_count(im, r, path, "view_count", &p.views)) < 0 ||
	    (rc = clout__jv_count(im, r, path, "like_count", &p.likes)) < 0 ||
	    (rc = clout__jv_count(im, r, path, "comment_count", &p.comments)) < 0 ||
	    (rc = clout__jv_count(im, r, path, "share_count", &p.shares)) < 0 ||
	    (rc = clout__jv_count(im, r, path, "favorites_count", &p.saves)) < 0 ||
	    (rc = clout__jv_array(im, r, path, "hashtag_names", &v)) < 0)
		return rc;
	if (!p.ext_id)
		return clout__bad(im, "%s: missing", clout__child(im, path, "id"));
	if (!p.author_ext_id)
		p.author_ext_id = clout__options(im)->author;
	if (!p.author_ext_id)
		return clout__bad(im, "%s: video %s names no username: pass --author USERNAME (the creator it belongs to)",
			path, p.ext_id);
	/* the text is the description, then what is said in the video (for topics and listening) */
	if (desc && clout_jv_get(r, "video_description", &v))
		clout_jv_string(&v, &desc, &desc_len);
	if (speech && clout_jv_get(r, "voice_to_text", &v))
		clout_jv_string(&v, &speech, &speech_len);
	if (desc_len || speech_len) {
		char *text = clout_arena_alloc(clout__record_arena(im), desc_len + speech_len + 3);
		if (!text)
			return CLOUT_ENOMEM;
		memcpy(text, desc ? desc : "", desc_len);
		p.text_len = desc_len;
		if (speech_len) {
			if (desc_len) {
				memcpy(text + p.text_len, "\n\n", 2);
				p.text_len += 2;
			}
			memcpy(text + p.text_len, speech, speech_len);
			p.text_len += speech_len;
		}
		text[p.text_len] = '\0';
		p.text = text;
	}
	if (!(p.url = clout__fmt(im, "https://www.tiktok.com/@%s/video/%s", p.author_ext_id, p.ext_id)))
		return CLOUT_ENOMEM;
	{
		/* the creator: handle = username; region_code is where the video was posted from */
		clout_account *a = clout__add_account(im);
		if (!a)
			return CLOUT_ENOMEM;
		a->platform = PLATFORM;
		a->ext_id = p.author_ext_id;
		a->handle = p.author_ext_id;
		a->country = region;
	}
	if (!(out = clout__add_post(im)))
		return CLOUT_ENOMEM;
	*out = p;
	return 0;
}

static int user(clout__import *im, const clout_jv *u, const char *path)
{
	clout_account a;
	clout_account *out;
	int rc;
	clout_account_init(&a);
	a.platform = PLATFORM;
	if ((rc = clout__jv_str(im, u, path, "username", &a.handle)) < 0 ||
	    (rc = clout__jv_str(im, u, path, "display_name", &a.name)) < 0 ||
	    (rc = clout__jv_str(im, u, path, "bio_description", &a.bio)) < 0 ||
	    (rc = clout__jv_bool(im, u, path, "is_verified", &a.verified)) < 0 ||
	    (rc = clout__jv_count(im, u, path, "follower_count", &a.followers)) < 0 ||
	    (rc = clout__jv_count(im, u, path, "following_count", &a.following)) < 0 ||
	    (rc = clout__jv_count(im, u, path, "video_count", &a.post_count)) < 0)
		return rc;
	if (!a.handle || !*a.handle)
		return clout__bad(im, "%s: missing (the user info response does not carry it: add the username you asked for)",
			clout__child(im, path, "username"));
	a.ext_id = a.handle;
	if (a.bio && !*a.bio)
		a.bio = NULL;
	if (!(a.url = clout__fmt(im, "https://www.tiktok.com/@%s", a.handle)))
		return CLOUT_ENOMEM;
	if (!(out = clout__add_account(im)))
		return CLOUT_ENOMEM;
	*out = a;
	return 0;
}

static int json_record(clout__import *im, const clout_jv *root)
{
	clout_jv data, videos, v, u;
	clout_json_iter it;
	size_t i = 0;
	int rc;
	if (clout_jv_type(root) != CLOUT_JSON_OBJECT)
		return clout__bad(im, "expected a json object, got %s", clout_json_type_name(clout_jv_type(root)));
	if ((rc = clout__jv_object(im, root, "", "data", &data)) < 0)
		return rc;
	if (rc == 0) {
		if (clout__has(root, "error"))
			return 0; /* an error response carries nothing */
		/* one video or user per line */
		if (clout__has(root, "video_id") || clout__has(root, "video_description"))
			return video(im, root, "");
		if (clout__has(root, "follower_count") || clout__has(root, "display_name"))
			return user(im, root, "");
		return clout__bad(im, "not a tiktok research payload (no data, error or video fields)");
	}
	if ((rc = clout__jv_array(im, &data, "data", "videos", &videos)) < 0)
		return rc;
	/* /user/pinned_videos: the queried user's own videos */
	if (rc == 0 && (rc = clout__jv_array(im, &data, "data", "pinned_videos_list", &videos)) < 0)
		return rc;
	if (rc == 1) {
		clout_jv_array_begin(&videos, &it);
		while (clout_jv_array_next(&it, &v))
			if ((rc = video(im, &v, clout__path_index(im, "data", "videos", i++))) < 0)
				return rc;
		return 0;
	}
	if ((rc = clout__jv_object(im, &data, "data", "user", &u)) < 0)
		return rc;
	if (rc == 1)
		return user(im, &u, "data.user");
	if (clout__has(&data, "follower_count") || clout__has(&data, "display_name") || clout__has(&data, "username"))
		return user(im, &data, "data");
	{
		/* comments, followers, following, liked or reposted videos...: refused by name, never counted as
		 * an empty page */
		const char *key;
		size_t len;
		clout_jv_object_begin(&data, &it);
		while (clout_jv_object_next(&it, &key, &len, &v))
			if (clout_jv_type(&v) == CLOUT_JSON_ARRAY)
				return clout__bad(im, "a tiktok research response with data.%.*s is not supported yet (tiktok-research "
					"imports video queries, pinned videos and user info)", (int)len, key);
	}
	return 0; /* an empty data object (no results) */
}

static int sniff(const clout_jv *root)
{
	clout_jv data, err;
	if (clout_jv_type(root) != CLOUT_JSON_OBJECT)
		return 0;
	if (clout_jv_get(root, "data", &data) && clout_jv_type(&data) == CLOUT_JSON_OBJECT &&
	    (clout__has(&data, "videos") || clout__has(&data, "follower_count") || clout__has(&data, "display_name") ||
	     clout__has(&data, "pinned_videos_list") || clout__has(&data, "comments") || clout__has(&data, "user_followers") ||
	     clout__has(&data, "user_following") || clout__has(&data, "user_liked_videos") ||
	     clout__has(&data, "user_reposted_videos")))
		return 20;
	if (clout_jv_get(root, "error", &err) && clout_jv_type(&err) == CLOUT_JSON_OBJECT && clout__has(&err, "log_id"))
		return 15;
	if (clout__has(root, "video_id") && clout__has(root, "create_time"))
		return 15;
	return 0;
}

const clout__format clout__format_tiktok = {
	.name = "tiktok-research",
	.sniff_json = sniff,
	.json_record = json_record,
};
