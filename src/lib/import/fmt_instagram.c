/*
 * fmt_instagram.c: Instagram Graph API payloads ("instagram-graph"): IG user objects (with a
 * nested "media" edge), business_discovery responses, media lists ({"data": [media], "paging"}),
 * multi-id lookups ({"<id>": {media}, ...}), single media objects and insights responses
 * ({"data": [{"name", "period", "values"}]}). Users become accounts, media become posts of their
 * owner. Media that name no owner (a /{user-id}/media page, ?ids= lookups, hashtag search results)
 * and media insights belong to the account given with --author; without it they are bad records,
 * never dropped in silence: the store keys every post to its author. docs/formats.md has the
 * mapping.
 */
#include <string.h>

#include "lib/import/platform.h"
#include "util/banned.h"

#define PLATFORM "instagram"

static int media(clout__import *im, const clout_jv *m, const char *path, const char *owner, const char *owner_name)
{
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
		return clout__bad(im, "%s: media %s names no owner: pass --author ID (the account it belongs to)",
			path[0] ? path : "media", p.ext_id);
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
	return 0;
}

static int media_list(clout__import *im, const clout_jv *arr, const char *path, const char *key, const char *owner,
	const char *owner_name)
{
	clout_json_iter it;
	clout_jv v;
	size_t i = 0;
	int rc;
	clout_jv_array_begin(arr, &it);
	while (clout_jv_array_next(&it, &v))
		if ((rc = media(im, &v, clout__path_index(im, path, key, i++), owner, owner_name)) < 0)
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
		if (rc == 1 && (rc = media_list(im, &data, mp, "data", a.ext_id, a.handle)) < 0)
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
	if ((rc = clout__jv_array(im, root, "", "data", &data)) < 0)
		return rc;
	if (rc == 1) {
		clout_jv_array_begin(&data, &it);
		if (clout_jv_array_next(&it, &first) && clout_jv_type(&first) == CLOUT_JSON_OBJECT) {
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
		return media_list(im, &data, NULL, "data", NULL, NULL);
	}
	if (is_user(root))
		return user(im, root, "");
	if (is_media(root))
		return media(im, root, "", NULL, NULL);
	if (is_id_map(root)) {
		const char *key;
		size_t len;
		clout_jv_object_begin(root, &it);
		while (clout_jv_object_next(&it, &key, &len, &first)) {
			const char *path = clout_arena_strndup(clout__record_arena(im), key, len);
			if (!path)
				return CLOUT_ENOMEM;
			if ((rc = is_user(&first) ? user(im, &first, path) : media(im, &first, path, NULL, NULL)) < 0)
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
	if (clout__has(root, "business_discovery"))
		return 20;
	if (clout_jv_get(root, "data", &data) && clout_jv_type(&data) == CLOUT_JSON_ARRAY) {
		clout_jv_array_begin(&data, &it);
		if (!clout_jv_array_next(&it, &first) || clout_jv_type(&first) != CLOUT_JSON_OBJECT)
			return 0;
		if (clout__has(&first, "media_type") || clout__has(&first, "comments_count") ||
		    clout__has(&first, "permalink") || (is_insight(&first) && clout__has(&first, "title")))
			return 15;
		if (is_insight(&first))
			return 10;
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
