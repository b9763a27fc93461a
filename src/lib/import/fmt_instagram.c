/*
 * fmt_instagram.c: Instagram Graph API payloads ("instagram-graph"): IG user objects (with a
 * nested "media" edge), business_discovery responses, media lists ({"data": [media], "paging"}),
 * multi-id lookups ({"<id>": {media}, ...}), single media objects and insights responses
 * ({"data": [{"name", "period", "values"}]}) and mentioned_media responses
 * ({"mentioned_media": {media}, "id": <the account mentioned>}). Users become accounts, media
 * become posts of their owner. A /{user-id}/media page names its owner only in its paging URLs:
 * that id is used when present. Media that name no owner otherwise (?ids= lookups, hashtag search
 * results, /{user-id}/tags pages, mentions) and media insights belong to the account given with
 * --author; without it they are bad records saying why, never dropped in silence: the store keys
 * every post to its author. Other Graph API resources (comments, user insights, hashtag ids,
 * publishing containers) are refused by name. docs/formats.md has the mapping.
 */
#include <string.h>

#include "lib/import/platform.h"
#include "util/banned.h"

#define PLATFORM "instagram"

/* Where media without an owner field come from: the owner the page names, or why it names none. */
typedef struct ig_page {
	const char *owner;      /* the media's owner (a user's media edge or a /{user-id}/media page) */
	const char *owner_name; /* its username, when known */
	const char *no_owner;   /* when owner is NULL: why the page names none (for the message) */
} ig_page;

/* One media object: a post of its owner. *added (may be NULL) gets the post's owner id. */
static int media_as(clout__import *im, const clout_jv *m, const char *path, const ig_page *page, const char **added,
	int64_t *added_at)
{
	const char *owner = page ? page->owner : NULL, *owner_name = page ? page->owner_name : NULL;
	clout_post p;
	clout_post *out;
	clout_jv v;
	const char *username = NULL;
	int rc;
	clout_post_init(&p);
	p.platform = PLATFORM;
	if (clout_jv_type(m) != CLOUT_JSON_OBJECT)
		return clout__bad(im, "%s: expected a media object, got %s", path[0] ? path : "media",
			clout_json_type_name(clout_jv_type(m)));
	if ((rc = clout__jv_id(im, m, path, "id", &p.ext_id)) < 0 ||
	    (rc = clout__jv_str(im, m, path, "caption", &p.text)) < 0 ||
	    (rc = clout__jv_str(im, m, path, "permalink", &p.url)) < 0 ||
	    (rc = clout__jv_time(im, m, path, "timestamp", &p.created_at)) < 0 ||
	    (rc = clout__jv_count(im, m, path, "like_count", &p.likes)) < 0 ||
	    (rc = clout__jv_count(im, m, path, "comments_count", &p.comments)) < 0 ||
	    (rc = clout__jv_str(im, m, path, "username", &username)) < 0 ||
	    (rc = clout__jv_object(im, m, path, "owner", &v)) < 0)
		return rc;
	if (rc == 1 && (rc = clout__jv_id(im, &v, clout__child(im, path, "owner"), "id", &owner)) < 0)
		return rc;
	/* video plays: "plays" (older), "video_views", "view_count" */
	if ((rc = clout__jv_count(im, m, path, "view_count", &p.views)) < 0 ||
	    (p.views < 0 && (rc = clout__jv_count(im, m, path, "plays", &p.views)) < 0) ||
	    (p.views < 0 && (rc = clout__jv_count(im, m, path, "video_views", &p.views)) < 0))
		return rc;
	if (!p.ext_id)
		return clout__bad(im, "%s: missing", clout__child(im, path, "id"));
	if (p.text && clout_jv_get(m, "caption", &v))
		clout_jv_string(&v, &p.text, &p.text_len);
	if (!owner)
		owner = clout__options(im)->author;
	if (!owner)
		return clout__bad(im, "%s: media %s names no owner: pass --author ID (the account it belongs to)%s%s",
			path[0] ? path : "media", p.ext_id, page && page->no_owner ? "; " : "",
			page && page->no_owner ? page->no_owner : "");
	if (!owner_name)
		owner_name = username;
	p.author_ext_id = owner;
	if (owner_name) {
		/* the owner's handle, when the media says it */
		clout_account *a = clout__add_account(im);
		if (!a)
			return CLOUT_ENOMEM;
		a->platform = PLATFORM;
		a->ext_id = owner;
		a->handle = owner_name;
	}
	if (!(out = clout__add_post(im)))
		return CLOUT_ENOMEM;
	*out = p;
	if (added)
		*added = p.author_ext_id;
	if (added_at)
		*added_at = p.created_at;
	return 0;
}

static int media(clout__import *im, const clout_jv *m, const char *path, const ig_page *page)
{
	return media_as(im, m, path, page, NULL, NULL);
}

static int media_list(clout__import *im, const clout_jv *arr, const char *path, const char *key, const ig_page *page)
{
	clout_json_iter it;
	clout_jv v;
	size_t i = 0;
	int rc;
	clout_jv_array_begin(arr, &it);
	while (clout_jv_array_next(&it, &v))
		if ((rc = media(im, &v, clout__path_index(im, path, key, i++), page)) < 0)
			return rc;
	return 0;
}

static int user(clout__import *im, const clout_jv *u, const char *path)
{
	clout_account a;
	clout_account *out;
	clout_jv edge, data;
	int rc;
	clout_account_init(&a);
	a.platform = PLATFORM;
	if (clout_jv_type(u) != CLOUT_JSON_OBJECT)
		return clout__bad(im, "%s: expected a user object, got %s", path[0] ? path : "user",
			clout_json_type_name(clout_jv_type(u)));
	if ((rc = clout__jv_id(im, u, path, "id", &a.ext_id)) < 0 ||
	    (rc = clout__jv_str(im, u, path, "username", &a.handle)) < 0 ||
	    (rc = clout__jv_str(im, u, path, "name", &a.name)) < 0 ||
	    (rc = clout__jv_str(im, u, path, "biography", &a.bio)) < 0 ||
	    (rc = clout__jv_count(im, u, path, "followers_count", &a.followers)) < 0 ||
	    (rc = clout__jv_count(im, u, path, "follows_count", &a.following)) < 0 ||
	    (rc = clout__jv_count(im, u, path, "media_count", &a.post_count)) < 0)
		return rc;
	if (!a.ext_id)
		return clout__bad(im, "%s: missing", clout__child(im, path, "id"));
	if (a.bio && !*a.bio)
		a.bio = NULL;
	if (a.handle && !(a.url = clout__fmt(im, "https://www.instagram.com/%s/", a.handle)))
		return CLOUT_ENOMEM;
	if (!(out = clout__add_account(im)))
		return CLOUT_ENOMEM;
	*out = a;
	/* the user's media edge: {"media": {"data": [...], "paging": ...}} */
	if ((rc = clout__jv_object(im, u, path, "media", &edge)) < 0)
		return rc;
	if (rc == 1) {
		const char *mp = clout__child(im, path, "media");
		if ((rc = clout__jv_array(im, &edge, mp, "data", &data)) < 0)
			return rc;
		ig_page page = { a.ext_id, a.handle, NULL };
		if (rc == 1 && (rc = media_list(im, &data, mp, "data", &page)) < 0)
			return rc;
	}
	return 0;
}

/* The post field an insights metric fills, or NULL for metrics clout has no field for. */
static int64_t *insight_field(clout_post *p, const char *name)
{
	if (!strcmp(name, "impressions") || !strcmp(name, "views") || !strcmp(name, "plays") || !strcmp(name, "video_views"))
		return &p->views;
	if (!strcmp(name, "saved"))
		return &p->saves;
	if (!strcmp(name, "likes"))
		return &p->likes;
	if (!strcmp(name, "comments"))
		return &p->comments;
	if (!strcmp(name, "shares"))
		return &p->shares;
	return NULL;
}

/*
 * Media insights ({"data": [{"name", "values": [{"value"}], "id": "<media>/insights/<name>/<period>"}]}):
 * views, saves, likes, comments and shares go onto the media's post, which belongs to --author;
 * other metrics (reach, profile activity, ...) are checked and have no field yet.
 */
static int insights(clout__import *im, const clout_jv *arr)
{
	clout_json_iter it, vit;
	clout_jv m, values, val, value;
	clout_post *p = NULL;
	size_t i = 0;
	int rc;
	clout_jv_array_begin(arr, &it);
	while (clout_jv_array_next(&it, &m)) {
		const char *path = clout__path_index(im, NULL, "data", i++), *name, *id;
		int64_t *field;
		size_t j = 0;
		if (clout_jv_type(&m) != CLOUT_JSON_OBJECT)
			return clout__bad(im, "%s: expected an object", path);
		if ((rc = clout__jv_str(im, &m, path, "name", &name)) < 0 || (rc = clout__jv_str(im, &m, path, "id", &id)) < 0 ||
		    (rc = clout__jv_array(im, &m, path, "values", &values)) < 0)
			return rc;
		if (!name)
			return clout__bad(im, "%s: missing", clout__child(im, path, "name"));
		if (rc == 0)
			continue;
		if (!id || !strstr(id, "/insights/"))
			return clout__bad(im, "%s: missing (expected \"<media id>/insights/<metric>/<period>\")",
				clout__child(im, path, "id"));
		if (!p) {
			if (!clout__options(im)->author)
				return clout__bad(im, "%s: insights of media %.*s name no owner: pass --author ID (the account it belongs to)",
					path, (int)(strstr(id, "/insights/") - id), id);
			if (!(p = clout__add_post(im)))
				return CLOUT_ENOMEM;
			p->platform = PLATFORM;
			p->author_ext_id = clout__options(im)->author;
			if (!(p->ext_id = clout_arena_strndup(clout__record_arena(im), id, (size_t)(strstr(id, "/insights/") - id))))
				return CLOUT_ENOMEM;
		} else if (strncmp(id, p->ext_id, strlen(p->ext_id)) || id[strlen(p->ext_id)] != '/') {
			return clout__bad(im, "%s: insights of another media than %s in one response", clout__child(im, path, "id"), p->ext_id);
		}
		field = insight_field(p, name);
		clout_jv_array_begin(&values, &vit);
		while (clout_jv_array_next(&vit, &val)) {
			const char *vp = clout__path_index(im, path, "values", j++);
			double number = -1;
			if (clout_jv_type(&val) != CLOUT_JSON_OBJECT)
				return clout__bad(im, "%s: expected an object", vp);
			/* a value is a number, or an object of breakdowns (audience insights) */
			if (clout_jv_get(&val, "value", &value) && clout_jv_type(&value) != CLOUT_JSON_OBJECT &&
			    (rc = clout__jv_number(im, &val, vp, "value", &number)) < 0)
				return rc;
			if (number < 0 && number != -1)
				return clout__bad(im, "%s.value: negative count %g", vp, number);
			if (field && number >= 0)
				*field = (int64_t)number;
		}
	}
	return 0;
}

static bool is_media(const clout_jv *o)
{
	return clout__has(o, "media_type") || clout__has(o, "like_count") || clout__has(o, "comments_count") ||
	       clout__has(o, "permalink") || clout__has(o, "caption");
}

static bool is_user(const clout_jv *o)
{
	return clout__has(o, "followers_count") || clout__has(o, "media_count") || clout__has(o, "biography") ||
	       clout__has(o, "follows_count") || (clout__has(o, "username") && !is_media(o));
}

static bool is_insight(const clout_jv *o)
{
	return clout__has(o, "name") && (clout__has(o, "values") || clout__has(o, "period"));
}

/* {"<id>": {"id": "<id>", ...}, ...}: the multi-id lookup (?ids=) */
static bool is_id_map(const clout_jv *root)
{
	clout_json_iter it;
	clout_jv v;
	const char *key;
	size_t len;
	bool any = false;
	clout_jv_object_begin(root, &it);
	while (clout_jv_object_next(&it, &key, &len, &v)) {
		if (clout_jv_type(&v) != CLOUT_JSON_OBJECT || !len || key[0] < '0' || key[0] > '9')
			return false;
		any = true;
	}
	return any;
}

/*
 * The owner of a media page from its paging.next or paging.previous URL
 * ("https://graph.facebook.com/v19.0/<id>/<edge>?..."): a /<user-id>/media (or stories, live_media)
 * page belongs to that user. Other pages set page->no_owner to why they name no owner.
 */
static int page_owner(clout__import *im, const clout_jv *root, ig_page *page)
{
	static const char *const keys[] = { "next", "previous" };
	clout_jv paging, v;
	const char *url = NULL, *at, *id, *edge, *q;
	size_t id_len, edge_len;
	page->owner = page->owner_name = NULL;
	page->no_owner = "the page has no paging.next or paging.previous URL naming the account";
	if (!clout_jv_get(root, "paging", &paging) || clout_jv_type(&paging) != CLOUT_JSON_OBJECT)
		return 0;
	for (size_t i = 0; i < 2 && !url; i++)
		if (clout_jv_get(&paging, keys[i], &v))
			clout_jv_string(&v, &url, NULL);
	page->no_owner = "its paging URL names no account";
	if (!url || !(at = strstr(url, "://")) || !(at = strchr(at + 3, '/')))
		return 0;
	at++;
	if (at[0] == 'v' && at[1] >= '0' && at[1] <= '9' && (q = strchr(at, '/')))
		at = q + 1; /* the API version */
	id = at;
	for (id_len = 0; id[id_len] >= '0' && id[id_len] <= '9'; id_len++)
		;
	if (!id_len || id[id_len] != '/')
		return 0;
	edge = id + id_len + 1;
	for (edge_len = 0; edge[edge_len] && edge[edge_len] != '?' && edge[edge_len] != '/'; edge_len++)
		;
#define EDGE_IS(name) (edge_len == strlen(name) && !memcmp(edge, name, edge_len))
	if (EDGE_IS("media") || EDGE_IS("stories") || EDGE_IS("live_media")) {
		page->no_owner = NULL;
		if (!(page->owner = clout_arena_strndup(clout__record_arena(im), id, id_len)))
			return CLOUT_ENOMEM;
		return 0;
	}
	if (EDGE_IS("tags")) {
		page->no_owner = clout__fmt(im, "this is the /%.*s/tags page: media in which account %.*s is tagged belong "
			"to the accounts that tagged it, which the page does not name", (int)id_len, id, (int)id_len, id);
	} else if (EDGE_IS("recent_media") || EDGE_IS("top_media")) {
		const char *user = strstr(url, "user_id=");
		int ulen = 0;
		if (user)
			for (user += 8; user[ulen] >= '0' && user[ulen] <= '9'; ulen++)
				;
		page->no_owner = clout__fmt(im, "these are hashtag %.*s's search results, posted by many accounts the API "
			"does not name%s%.*s%s", (int)id_len, id, ulen ? " (user_id=" : "", ulen, ulen ? user : "",
			ulen ? " in the paging URL is the account that searched, not the owner)" : "");
	} else {
		page->no_owner = clout__fmt(im, "its paging URL is of the /%.*s/%.*s edge, which names no owner", (int)id_len,
			id, (int)edge_len, edge);
	}
#undef EDGE_IS
	return page->no_owner ? 0 : CLOUT_ENOMEM;
}

/*
 * {"mentioned_media": {media}, "id": "<the account mentioned>"}: the media is a post of its owner
 * (its owner field, else --author) with a mention edge to the account mentioned.
 */
static int mentioned_media(clout__import *im, const clout_jv *root, const clout_jv *m)
{
	const char *mentioned = NULL, *author = NULL;
	int64_t at = CLOUT_UNKNOWN;
	ig_page page = { NULL, NULL, NULL };
	clout_edge *e;
	int rc;
	if ((rc = clout__jv_id(im, root, "", "id", &mentioned)) < 0)
		return rc;
	if (mentioned && !(page.no_owner = clout__fmt(im, "the response's id %s is the account it mentions, not the "
		"owner (request mentioned_media.media_id(...){owner,...})", mentioned)))
		return CLOUT_ENOMEM;
	if ((rc = media_as(im, m, "mentioned_media", &page, &author, &at)) < 0)
		return rc;
	if (!mentioned || !author || !strcmp(author, mentioned))
		return 0;
	if (!(e = clout__add_edge(im)))
		return CLOUT_ENOMEM;
	e->platform = PLATFORM;
	e->kind = "mention";
	e->src_ext_id = author;
	e->dst_ext_id = mentioned;
	e->ts = at;
	return 0;
}

/* Graph API resources clout does not import: their name, or NULL. */
static const char *unsupported_kind(const clout_jv *root, const clout_jv *first)
{
	clout_jv v;
	const char *period = NULL;
	if (clout__has(root, "mentioned_comment"))
		return "an instagram mentioned_comment response";
	if (clout__has(root, "status_code") && clout__has(root, "id"))
		return "an instagram media container (content publishing)";
	if (!first)
		return NULL;
	if (clout__has(first, "text") && clout__has(first, "timestamp") && !clout__has(first, "media_type") &&
	    !clout__has(first, "caption") && !clout__has(first, "permalink"))
		return "an instagram comments page";
	if (clout__has(first, "quota_usage") || clout__has(first, "config"))
		return "an instagram content publishing limit";
	if (is_insight(first) && clout_jv_get(first, "period", &v) && clout_jv_string(&v, &period, NULL) &&
	    strcmp(period, "lifetime"))
		return "instagram account insights (a period other than lifetime)";
	return NULL;
}

static int json_record(clout__import *im, const clout_jv *root)
{
	clout_jv data, first, bd;
	clout_json_iter it;
	int rc;
	if (clout_jv_type(root) != CLOUT_JSON_OBJECT)
		return clout__bad(im, "expected a json object, got %s", clout_json_type_name(clout_jv_type(root)));
	if ((rc = clout__jv_object(im, root, "", "business_discovery", &bd)) < 0)
		return rc;
	if (rc == 1)
		return user(im, &bd, "business_discovery");
	if ((rc = clout__jv_object(im, root, "", "mentioned_media", &bd)) < 0)
		return rc;
	if (rc == 1)
		return mentioned_media(im, root, &bd);
	if ((rc = clout__jv_array(im, root, "", "data", &data)) < 0)
		return rc;
	if (rc == 1) {
		clout_jv_array_begin(&data, &it);
		if (clout_jv_array_next(&it, &first) && clout_jv_type(&first) == CLOUT_JSON_OBJECT) {
			const char *kind = unsupported_kind(root, &first);
			if (kind)
				return clout__bad(im, "%s is not supported yet", kind);
			if (is_insight(&first))
				return insights(im, &data);
			if (is_user(&first) && !is_media(&first)) {
				size_t i = 0;
				clout_jv_array_begin(&data, &it);
				while (clout_jv_array_next(&it, &first))
					if ((rc = user(im, &first, clout__path_index(im, NULL, "data", i++))) < 0)
						return rc;
				return 0;
			}
		}
		{
			ig_page page;
			if ((rc = page_owner(im, root, &page)) < 0)
				return rc;
			return media_list(im, &data, NULL, "data", &page);
		}
	}
	{
		const char *kind = unsupported_kind(root, NULL);
		if (kind)
			return clout__bad(im, "%s is not supported yet", kind);
	}
	if (is_user(root))
		return user(im, root, "");
	if (is_media(root))
		return media(im, root, "", NULL);
	if (is_id_map(root)) {
		const char *key;
		size_t len;
		clout_jv_object_begin(root, &it);
		while (clout_jv_object_next(&it, &key, &len, &first)) {
			const char *path = clout_arena_strndup(clout__record_arena(im), key, len);
			if (!path)
				return CLOUT_ENOMEM;
			static const ig_page lookup = { NULL, NULL, "an ?ids= lookup names the owner only with fields=owner" };
			if ((rc = is_user(&first) ? user(im, &first, path) : media(im, &first, path, &lookup)) < 0)
				return rc;
		}
		return 0;
	}
	if (clout__has(root, "error"))
		return 0; /* an API error response carries nothing */
	return clout__bad(im, "not an instagram graph payload (no data, media or user fields)");
}

static int sniff(const clout_jv *root)
{
	clout_jv data, first;
	clout_json_iter it;
	if (clout_jv_type(root) != CLOUT_JSON_OBJECT)
		return 0;
	if (clout__has(root, "business_discovery") || clout__has(root, "mentioned_media") ||
	    clout__has(root, "mentioned_comment"))
		return 20;
	if (clout__has(root, "status_code") && clout__has(root, "id") && clout_jv_type(root) == CLOUT_JSON_OBJECT)
		return 8;
	if (clout_jv_get(root, "data", &data) && clout_jv_type(&data) == CLOUT_JSON_ARRAY) {
		clout_jv_array_begin(&data, &it);
		if (!clout_jv_array_next(&it, &first) || clout_jv_type(&first) != CLOUT_JSON_OBJECT)
			return 0;
		if (clout__has(&first, "media_type") || clout__has(&first, "comments_count") ||
		    clout__has(&first, "permalink") || (is_insight(&first) && clout__has(&first, "title")))
			return 15;
		if (is_insight(&first))
			return 10;
		if (unsupported_kind(root, &first))
			return 8; /* a Graph API resource refused by name */
		return 0;
	}
	if (clout__has(root, "biography") || clout__has(root, "media_count") || clout__has(root, "follows_count") ||
	    (clout__has(root, "followers_count") && clout__has(root, "username")))
		return 15;
	if (clout__has(root, "media_type") || (clout__has(root, "comments_count") && clout__has(root, "like_count")))
		return 15;
	if (is_id_map(root)) {
		clout_jv_object_begin(root, &it);
		const char *key;
		size_t len;
		if (clout_jv_object_next(&it, &key, &len, &first) && is_media(&first))
			return 12;
	}
	return 0;
}

const clout__format clout__format_instagram = {
	.name = "instagram-graph",
	.sniff_json = sniff,
	.json_record = json_record,
};
