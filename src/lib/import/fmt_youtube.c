/*
 * fmt_youtube.c: YouTube Data API v3 resources ("youtube-data"): channels.list, videos.list,
 * search.list, commentThreads.list and comments.list responses ({"kind":
 * "youtube#...ListResponse", "items": [...]}) or single resources. Channels become accounts;
 * videos become posts of their channel (created as an account with the channel's title); comments
 * become replies to their video (top-level) or to their top-level comment (replies), by the
 * commenter's channel; counts arrive as strings of digits. Any other kind (playlists, captions,
 * subscriptions...) is refused by name. docs/formats.md has the mapping.
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

/* The commenter's handle: "@name" in authorDisplayName, else the tail of ".../@name" in authorChannelUrl. */
static const char *commenter_handle(const char *display, const char *url)
{
	const char *at;
	if (display && display[0] == '@' && display[1])
		return display + 1;
	if (url && (at = strstr(url, "/@")) && at[2] && !strchr(at + 2, '/'))
		return at + 2;
	return NULL;
}

static int reply_edge(clout__import *im, const char *src, const char *dst, int64_t ts)
{
	clout_edge *e;
	if (!src || !dst || !strcmp(src, dst))
		return 0;
	if (!(e = clout__add_edge(im)))
		return CLOUT_ENOMEM;
	e->platform = PLATFORM;
	e->kind = "reply";
	e->src_ext_id = src;
	e->dst_ext_id = dst;
	e->ts = ts;
	return 0;
}

/*
 * A youtube#comment: a reply post by the commenter's channel. Its parent is parent_id (the
 * top-level comment of a reply) when given, else snippet.parentId, else the video; parent_author
 * is that parent's author when known. *author_out gets the commenter's channel id.
 */
static int comment(clout__import *im, const clout_jv *r, const char *path, const char *parent_id,
	const char *parent_author, int64_t replies, const char **author_out)
{
	clout_post p;
	clout_post *out;
	clout_jv snip, chan;
	const char *sp, *display = NULL, *channel_url = NULL, *video = NULL, *video_channel = NULL, *parent = NULL;
	const char *text = NULL, *shown = NULL;
	int rc;
	clout_post_init(&p);
	p.platform = PLATFORM;
	p.kind = CLOUT_POST_REPLY;
	if (clout_jv_type(r) != CLOUT_JSON_OBJECT)
		return clout__bad(im, "%s: expected a comment object, got %s", path[0] ? path : "comment",
			clout_json_type_name(clout_jv_type(r)));
	if ((rc = clout__jv_id(im, r, path, "id", &p.ext_id)) < 0)
		return rc;
	if (!p.ext_id)
		return clout__bad(im, "%s: missing", clout__child(im, path, "id"));
	if ((rc = clout__jv_object(im, r, path, "snippet", &snip)) < 0)
		return rc;
	if (rc == 0)
		return clout__bad(im, "%s: missing (request part=snippet: it names the author)", clout__child(im, path, "snippet"));
	sp = clout__child(im, path, "snippet");
	if ((rc = clout__jv_str(im, &snip, sp, "authorDisplayName", &display)) < 0 ||
	    (rc = clout__jv_str(im, &snip, sp, "authorChannelUrl", &channel_url)) < 0 ||
	    (rc = clout__jv_str(im, &snip, sp, "textOriginal", &text)) < 0 ||
	    (rc = clout__jv_str(im, &snip, sp, "textDisplay", &shown)) < 0 ||
	    (rc = clout__jv_id(im, &snip, sp, "videoId", &video)) < 0 ||
	    (rc = clout__jv_id(im, &snip, sp, "channelId", &video_channel)) < 0 ||
	    (rc = clout__jv_id(im, &snip, sp, "parentId", &parent)) < 0 ||
	    (rc = clout__jv_count(im, &snip, sp, "likeCount", &p.likes)) < 0 ||
	    (rc = clout__jv_time(im, &snip, sp, "publishedAt", &p.created_at)) < 0 ||
	    (rc = clout__jv_object(im, &snip, sp, "authorChannelId", &chan)) < 0)
		return rc;
	if (rc == 1 && (rc = clout__jv_id(im, &chan, clout__child(im, sp, "authorChannelId"), "value", &p.author_ext_id)) < 0)
		return rc;
	if (!p.author_ext_id)
		return clout__bad(im, "%s: missing: comment %s names no author channel", clout__child(im, sp, "authorChannelId.value"),
			p.ext_id);
	/* textOriginal needs the comment's owner's rights; textDisplay is what everyone sees */
	p.text = text ? text : shown;
	if (p.text) {
		clout_jv v;
		if (clout_jv_get(&snip, text ? "textOriginal" : "textDisplay", &v))
			clout_jv_string(&v, &p.text, &p.text_len);
	}
	p.comments = replies;
	p.conversation_ext_id = video;
	if (parent_id || parent) {
		p.parent_ext_id = parent_id ? parent_id : parent;
		p.parent_author_ext_id = parent_id ? parent_author : NULL;
	} else if (video) {
		p.parent_ext_id = video;
		p.parent_author_ext_id = video_channel; /* the channel of the video commented on */
	}
	if (video) {
		if (!(p.url = clout__fmt(im, "https://www.youtube.com/watch?v=%s&lc=%s", video, p.ext_id)))
			return CLOUT_ENOMEM;
	}
	{
		clout_account *a = clout__add_account(im);
		if (!a)
			return CLOUT_ENOMEM;
		a->platform = PLATFORM;
		a->ext_id = p.author_ext_id;
		a->handle = commenter_handle(display, channel_url);
		a->name = display && display[0] != '@' ? display : NULL;
		if (!(a->url = clout__fmt(im, "https://www.youtube.com/channel/%s", a->ext_id)))
			return CLOUT_ENOMEM;
	}
	if ((rc = reply_edge(im, p.author_ext_id, p.parent_author_ext_id, p.created_at)) < 0)
		return rc;
	if (!(out = clout__add_post(im)))
		return CLOUT_ENOMEM;
	*out = p;
	if (author_out)
		*author_out = p.author_ext_id;
	return 0;
}

/* A youtube#commentThread: its top-level comment, then the replies the response includes under it. */
static int comment_thread(clout__import *im, const clout_jv *r, const char *path)
{
	clout_jv snip, top, replies, list, v;
	clout_json_iter it;
	const char *sp, *top_path, *top_id = NULL, *top_author = NULL;
	int64_t total = CLOUT_UNKNOWN;
	size_t i = 0;
	int rc;
	if ((rc = clout__jv_object(im, r, path, "snippet", &snip)) < 0)
		return rc;
	if (rc == 0)
		return clout__bad(im, "%s: missing (request part=snippet)", clout__child(im, path, "snippet"));
	sp = clout__child(im, path, "snippet");
	if ((rc = clout__jv_count(im, &snip, sp, "totalReplyCount", &total)) < 0 ||
	    (rc = clout__jv_object(im, &snip, sp, "topLevelComment", &top)) < 0)
		return rc;
	if (rc == 0)
		return clout__bad(im, "%s: missing", clout__child(im, sp, "topLevelComment"));
	top_path = clout__child(im, sp, "topLevelComment");
	if ((rc = comment(im, &top, top_path, NULL, NULL, total, &top_author)) < 0)
		return rc;
	if ((rc = clout__jv_id(im, &top, top_path, "id", &top_id)) < 0)
		return rc;
	if ((rc = clout__jv_object(im, r, path, "replies", &replies)) < 0)
		return rc;
	if (rc == 0)
		return 0;
	if ((rc = clout__jv_array(im, &replies, clout__child(im, path, "replies"), "comments", &list)) < 0)
		return rc;
	if (rc == 0)
		return 0;
	clout_jv_array_begin(&list, &it);
	while (clout_jv_array_next(&it, &v)) {
		const char *rp = clout__path_index(im, clout__child(im, path, "replies"), "comments", i++);
		if ((rc = comment(im, &v, rp, top_id, top_author, CLOUT_UNKNOWN, NULL)) < 0)
			return rc;
	}
	return 0;
}

/* A kind clout does not import: refused by name, never counted as an empty page. */
static int unsupported(clout__import *im, const char *path, const char *kind)
{
	return clout__bad(im, "%s%s%s is not supported yet (youtube-data imports channels, videos, search results, "
		"comment threads and comments)", path[0] ? path : "", path[0] ? ": " : "", kind);
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

static int resource(clout__import *im, const clout_jv *r, const char *path, bool in_search)
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
	if (kind && !strcmp(kind, "youtube#commentThread"))
		return comment_thread(im, r, path);
	if (kind && !strcmp(kind, "youtube#comment"))
		return comment(im, r, path, NULL, NULL, CLOUT_UNKNOWN, NULL);
	if (!kind) {
		/* without a kind: a video has a channelId in its snippet */
		clout_jv snip;
		if (clout_jv_get(r, "snippet", &snip) && clout__has(&snip, "channelId"))
			return video(im, r, path);
		return channel(im, r, path);
	}
	if (in_search && !strcmp(kind, "youtube#playlist"))
		return 0; /* a playlist among search results: the page's videos and channels are imported */
	return unsupported(im, path, kind);
}

static bool list_kind(const char *kind)
{
	size_t n = strlen(kind), suffix = strlen("ListResponse");
	return n > suffix && !strcmp(kind + n - suffix, "ListResponse");
}

static bool supported_list(const char *kind)
{
	static const char *const lists[] = { "youtube#channelListResponse", "youtube#videoListResponse",
		"youtube#searchListResponse", "youtube#commentThreadListResponse", "youtube#commentListResponse" };
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		if (!strcmp(kind, lists[i]))
			return true;
	return false;
}

static int json_record(clout__import *im, const clout_jv *root)
{
	clout_jv items, v;
	clout_json_iter it;
	size_t i = 0;
	int rc;
	const char *kind = NULL;
	bool search = false;
	if (clout_jv_type(root) != CLOUT_JSON_OBJECT)
		return clout__bad(im, "expected a json object, got %s", clout_json_type_name(clout_jv_type(root)));
	if (clout_jv_get(root, "kind", &v))
		clout_jv_string(&v, &kind, NULL);
	if (kind && list_kind(kind)) {
		if (!supported_list(kind))
			return unsupported(im, "", kind);
		search = !strcmp(kind, "youtube#searchListResponse");
	}
	if ((rc = clout__jv_array(im, root, "", "items", &items)) < 0)
		return rc;
	if (rc == 1) {
		clout_jv_array_begin(&items, &it);
		while (clout_jv_array_next(&it, &v))
			if ((rc = resource(im, &v, clout__path_index(im, NULL, "items", i++), search)) < 0)
				return rc;
		return 0;
	}
	if (kind && list_kind(kind))
		return 0; /* a list response without items: an empty page */
	if (clout__has(root, "error") && !clout__has(root, "id"))
		return 0; /* an API error response carries nothing */
	return resource(im, root, "", false);
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
