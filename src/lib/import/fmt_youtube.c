/*
 * fmt_youtube.c: YouTube Data API v3 resources ("youtube-data"): channels.list, videos.list and
 * search.list responses ({"kind": "youtube#...ListResponse", "items": [...]}) or single
 * resources. Channels become accounts; videos become posts of their channel (created as an account
 * with the channel's title); counts arrive as strings of digits. docs/formats.md has the mapping.
 */
#include <string.h>

#include "lib/import/platform.h"
#include "util/banned.h"

#define PLATFORM "youtube"

/* The resource's id: a string, or in search results an object {"kind", "videoId"|"channelId"}. */
static int resource_id(clout__import *im, const clout_jv *r, const char *path, const char *inner, const char **out)
{
	clout_jv id;
	*out = NULL;
	if (clout_jv_get(r, "id", &id) && clout_jv_type(&id) == CLOUT_JSON_OBJECT)
		return clout__jv_id(im, &id, clout__child(im, path, "id"), inner, out);
	return clout__jv_id(im, r, path, "id", out);
}

static int channel(clout__import *im, const clout_jv *r, const char *path)
{
	clout_account a;
	clout_account *out;
	clout_jv snip, stats;
	const char *sp, *lang = NULL;
	int hidden = CLOUT_UNKNOWN, rc;
	clout_account_init(&a);
	a.platform = PLATFORM;
	if ((rc = resource_id(im, r, path, "channelId", &a.ext_id)) < 0)
		return rc;
	if (!a.ext_id)
		return clout__bad(im, "%s: missing", clout__child(im, path, "id"));
	if ((rc = clout__jv_object(im, r, path, "snippet", &snip)) < 0)
		return rc;
	if (rc == 1) {
		sp = clout__child(im, path, "snippet");
		if ((rc = clout__jv_str(im, &snip, sp, "title", &a.name)) < 0 ||
		    (rc = clout__jv_str(im, &snip, sp, "description", &a.bio)) < 0 ||
		    (rc = clout__jv_str(im, &snip, sp, "customUrl", &a.handle)) < 0 ||
		    (rc = clout__jv_time(im, &snip, sp, "publishedAt", &a.created_at)) < 0 ||
		    (rc = clout__jv_str(im, &snip, sp, "country", &a.country)) < 0 ||
		    (rc = clout__jv_str(im, &snip, sp, "defaultLanguage", &lang)) < 0)
			return rc;
	}
	if ((rc = clout__jv_object(im, r, path, "statistics", &stats)) < 0)
		return rc;
	if (rc == 1) {
		sp = clout__child(im, path, "statistics");
		if ((rc = clout__jv_count(im, &stats, sp, "subscriberCount", &a.followers)) < 0 ||
		    (rc = clout__jv_count(im, &stats, sp, "videoCount", &a.post_count)) < 0 ||
		    (rc = clout__jv_count(im, &stats, sp, "viewCount", &a.views)) < 0 ||
		    (rc = clout__jv_bool(im, &stats, sp, "hiddenSubscriberCount", &hidden)) < 0)
			return rc;
		if (hidden == 1)
			a.followers = CLOUT_UNKNOWN; /* the API then reports a rounded or zero count */
	}
	if (a.handle && a.handle[0] == '@')
		a.handle++;
	if (a.bio && !*a.bio)
		a.bio = NULL;
	a.lang = clout__lang(im, lang);
	if (!(a.url = clout__fmt(im, "https://www.youtube.com/channel/%s", a.ext_id)))
		return CLOUT_ENOMEM;
	if (!(out = clout__add_account(im)))
		return CLOUT_ENOMEM;
	*out = a;
	return 0;
}

static int video(clout__import *im, const clout_jv *r, const char *path)
{
	clout_post p;
	clout_post *out;
	clout_jv snip, stats, v;
	const char *sp, *title = NULL, *lang = NULL, *audio_lang = NULL, *channel_title = NULL;
	size_t title_len = 0, desc_len = 0;
	const char *desc = NULL;
	int rc;
	clout_post_init(&p);
	p.platform = PLATFORM;
	if ((rc = resource_id(im, r, path, "videoId", &p.ext_id)) < 0)
		return rc;
	if (!p.ext_id)
		return clout__bad(im, "%s: missing", clout__child(im, path, "id"));
	if ((rc = clout__jv_object(im, r, path, "snippet", &snip)) < 0)
		return rc;
	if (rc == 0)
		return clout__bad(im, "%s: missing (request part=snippet: it names the channel)", clout__child(im, path, "snippet"));
	sp = clout__child(im, path, "snippet");
	if ((rc = clout__jv_id(im, &snip, sp, "channelId", &p.author_ext_id)) < 0 ||
	    (rc = clout__jv_str(im, &snip, sp, "channelTitle", &channel_title)) < 0 ||
	    (rc = clout__jv_str(im, &snip, sp, "title", &title)) < 0 ||
	    (rc = clout__jv_str(im, &snip, sp, "description", &desc)) < 0 ||
	    (rc = clout__jv_time(im, &snip, sp, "publishedAt", &p.created_at)) < 0 ||
	    (rc = clout__jv_str(im, &snip, sp, "defaultLanguage", &lang)) < 0 ||
	    (rc = clout__jv_str(im, &snip, sp, "defaultAudioLanguage", &audio_lang)) < 0)
		return rc;
	if (!p.author_ext_id)
		return clout__bad(im, "%s: missing", clout__child(im, sp, "channelId"));
	if ((rc = clout__jv_object(im, r, path, "statistics", &stats)) < 0)
		return rc;
	if (rc == 1) {
		sp = clout__child(im, path, "statistics");
		if ((rc = clout__jv_count(im, &stats, sp, "viewCount", &p.views)) < 0 ||
		    (rc = clout__jv_count(im, &stats, sp, "likeCount", &p.likes)) < 0 ||
		    (rc = clout__jv_count(im, &stats, sp, "commentCount", &p.comments)) < 0)
			return rc;
	}
	/* the text is the title, a blank line and the description */
	if (title && clout_jv_get(&snip, "title", &v))
		clout_jv_string(&v, &title, &title_len);
	if (desc && clout_jv_get(&snip, "description", &v))
		clout_jv_string(&v, &desc, &desc_len);
	if (title || desc) {
		char *text = clout_arena_alloc(clout__record_arena(im), title_len + desc_len + 3);
		if (!text)
			return CLOUT_ENOMEM;
		memcpy(text, title ? title : "", title_len);
		p.text_len = title_len;
		if (desc_len) {
			if (title_len) {
				memcpy(text + p.text_len, "\n\n", 2);
				p.text_len += 2;
			}
			memcpy(text + p.text_len, desc, desc_len);
			p.text_len += desc_len;
		}
		text[p.text_len] = '\0';
		p.text = text;
	}
	p.lang = clout__lang(im, lang ? lang : audio_lang);
	if (!(p.url = clout__fmt(im, "https://www.youtube.com/watch?v=%s", p.ext_id)))
		return CLOUT_ENOMEM;
	if (channel_title) {
		clout_account *a = clout__add_account(im);
		if (!a)
			return CLOUT_ENOMEM;
		a->platform = PLATFORM;
		a->ext_id = p.author_ext_id;
		a->name = channel_title;
	}
	if (!(out = clout__add_post(im)))
		return CLOUT_ENOMEM;
	*out = p;
	return 0;
}

/* The resource kind: "youtube#video", or the id kind of a search result. */
static const char *kind_of(const clout_jv *r)
{
	clout_jv v, id;
	const char *s = NULL;
	if (clout_jv_get(r, "id", &id) && clout_jv_type(&id) == CLOUT_JSON_OBJECT && clout_jv_get(&id, "kind", &v) &&
	    clout_jv_string(&v, &s, NULL))
		return s;
	if (clout_jv_get(r, "kind", &v) && clout_jv_string(&v, &s, NULL))
		return s;
	return NULL;
}

static int resource(clout__import *im, const clout_jv *r, const char *path)
{
	const char *kind;
	if (clout_jv_type(r) != CLOUT_JSON_OBJECT)
		return clout__bad(im, "%s: expected an object, got %s", path[0] ? path : "resource",
			clout_json_type_name(clout_jv_type(r)));
	kind = kind_of(r);
	if (kind && !strcmp(kind, "youtube#channel"))
		return channel(im, r, path);
	if (kind && !strcmp(kind, "youtube#video"))
		return video(im, r, path);
	if (!kind) {
		/* without a kind: a video has a channelId in its snippet */
		clout_jv snip;
		if (clout_jv_get(r, "snippet", &snip) && clout__has(&snip, "channelId"))
			return video(im, r, path);
		return channel(im, r, path);
	}
	return 0; /* playlists and other kinds carry no account or post */
}

static int json_record(clout__import *im, const clout_jv *root)
{
	clout_jv items, v;
	clout_json_iter it;
	size_t i = 0;
	int rc;
	if (clout_jv_type(root) != CLOUT_JSON_OBJECT)
		return clout__bad(im, "expected a json object, got %s", clout_json_type_name(clout_jv_type(root)));
	if ((rc = clout__jv_array(im, root, "", "items", &items)) < 0)
		return rc;
	if (rc == 1) {
		clout_jv_array_begin(&items, &it);
		while (clout_jv_array_next(&it, &v))
			if ((rc = resource(im, &v, clout__path_index(im, NULL, "items", i++))) < 0)
				return rc;
		return 0;
	}
	if (clout__has(root, "error") && !clout__has(root, "id"))
		return 0; /* an API error response carries nothing */
	return resource(im, root, "");
}

static int sniff(const clout_jv *root)
{
	clout_jv v;
	const char *s;
	if (clout_jv_type(root) != CLOUT_JSON_OBJECT)
		return 0;
	if (clout_jv_get(root, "kind", &v) && clout_jv_string(&v, &s, NULL) && !strncmp(s, "youtube#", 8))
		return 20;
	if (clout_jv_get(root, "items", &v) && clout_jv_type(&v) == CLOUT_JSON_ARRAY)
		return 5;
	return 0;
}

const clout__format clout__format_youtube = {
	.name = "youtube-data",
	.sniff_json = sniff,
	.json_record = json_record,
};
