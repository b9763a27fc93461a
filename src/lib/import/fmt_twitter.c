/*
 * fmt_twitter.c: X/Twitter API v2 payloads ("twitter-v2"), one JSON record at a time:
 *   - response pages as twarc writes them: {"data": [tweets or users], "includes": {"users",
 *     "tweets"}, "errors", "meta"};
 *   - filtered-stream lines: {"data": {tweet}, "includes": ..., "matching_rules": ...};
 *   - flat tweets (one tweet per line, expansions merged in: "author", "in_reply_to_user",
 *     full tweets in "referenced_tweets", user objects in "entities.mentions");
 *   - single user objects; error-only lines, which carry nothing and are accepted.
 * Tweets become posts (kind and parent from referenced_tweets), users become accounts, and
 * mentions, retweets, quotes and replies become edges from the author when the other account's id
 * is known. docs/formats.md lists the mapping.
 */
#include <string.h>

#include "lib/import/platform.h"
#include "util/banned.h"

#define PLATFORM "twitter"

typedef struct tw_ctx {
	clout__import *im;
	clout_jv inc_users, inc_tweets; /* includes.users / includes.tweets (NONE when absent) */
	int64_t observed_at;            /* __twarc.retrieved_at, or CLOUT_UNKNOWN */
} tw_ctx;

/* ---- lookups in includes -------------------------------------------------------------------- */

static bool str_eq(const clout_jv *obj, const char *key, const char *want, bool fold_case)
{
	clout_jv v;
	const char *s;
	size_t len, n = strlen(want);
	if (!clout_jv_get(obj, key, &v) || !clout_jv_string(&v, &s, &len) || len != n)
		return false;
	if (!fold_case)
		return !memcmp(s, want, n);
	for (size_t i = 0; i < n; i++) {
		char a = s[i], b = want[i];
		a = (char)(a >= 'A' && a <= 'Z' ? a + 32 : a);
		b = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
		if (a != b)
			return false;
	}
	return true;
}

/* The element of array arr whose key equals want, if any. */
static bool find_in(const clout_jv *arr, const char *key, const char *want, bool fold_case, clout_jv *out)
{
	clout_json_iter it;
	if (clout_jv_type(arr) != CLOUT_JSON_ARRAY)
		return false;
	clout_jv_array_begin(arr, &it);
	while (clout_jv_array_next(&it, out))
		if (clout_jv_type(out) == CLOUT_JSON_OBJECT && str_eq(out, key, want, fold_case))
			return true;
	return false;
}

/* The author id of tweet id, from includes.tweets (an id string borrowed from the document). */
static const char *included_author(tw_ctx *c, const char *tweet_id)
{
	clout_jv t, v;
	const char *s;
	if (!find_in(&c->inc_tweets, "id", tweet_id, false, &t) || !clout_jv_get(&t, "author_id", &v) ||
	    !clout_jv_string(&v, &s, NULL) || !*s)
		return NULL;
	return s;
}

/* ---- users ------------------------------------------------------------------------------------ */

static int user(tw_ctx *c, const clout_jv *u, const char *path)
{
	clout__import *im = c->im;
	clout_account a;
	clout_account *out;
	clout_jv pm;
	int rc;
	clout_account_init(&a);
	a.platform = PLATFORM;
	if (clout_jv_type(u) != CLOUT_JSON_OBJECT)
		return clout__bad(im, "%s: expected a user object, got %s", path, clout_json_type_name(clout_jv_type(u)));
	if ((rc = clout__jv_id(im, u, path, "id", &a.ext_id)) < 0 ||
	    (rc = clout__jv_str(im, u, path, "username", &a.handle)) < 0 ||
	    (rc = clout__jv_str(im, u, path, "name", &a.name)) < 0 ||
	    (rc = clout__jv_str(im, u, path, "description", &a.bio)) < 0 ||
	    (rc = clout__jv_bool(im, u, path, "verified", &a.verified)) < 0 ||
	    (rc = clout__jv_time(im, u, path, "created_at", &a.created_at)) < 0 ||
	    (rc = clout__jv_object(im, u, path, "public_metrics", &pm)) < 0)
		return rc;
	if (rc == 1) {
		const char *pp = clout__child(im, path, "public_metrics");
		if ((rc = clout__jv_count(im, &pm, pp, "followers_count", &a.followers)) < 0 ||
		    (rc = clout__jv_count(im, &pm, pp, "following_count", &a.following)) < 0 ||
		    (rc = clout__jv_count(im, &pm, pp, "tweet_count", &a.post_count)) < 0 ||
		    (rc = clout__jv_count(im, &pm, pp, "listed_count", &a.listed)) < 0)
			return rc;
	}
	if (!a.ext_id)
		return clout__bad(im, "%s: missing", clout__child(im, path, "id"));
	if (a.bio && !*a.bio)
		a.bio = NULL;
	if (a.handle && !(a.url = clout__fmt(im, "https://twitter.com/%s", a.handle)))
		return CLOUT_ENOMEM;
	a.observed_at = c->observed_at;
	if (!(out = clout__add_account(im)))
		return CLOUT_ENOMEM;
	*out = a;
	return 0;
}

/* A user object merged into a flat tweet ("author", "in_reply_to_user", a mention) is imported
 * when it carries more than an id and a username. */
static bool is_full_user(const clout_jv *u)
{
	return clout_jv_type(u) == CLOUT_JSON_OBJECT && clout__has(u, "id") &&
	       (clout__has(u, "public_metrics") || clout__has(u, "name") || clout__has(u, "created_at"));
}

/* ---- tweets ----------------------------------------------------------------------------------- */

static int add_edge(clout__import *im, const char *kind, const char *src, const char *dst, int64_t ts)
{
	clout_edge *e;
	if (!src || !dst || !strcmp(src, dst))
		return 0;
	if (!(e = clout__add_edge(im)))
		return CLOUT_ENOMEM;
	e->platform = PLATFORM;
	e->kind = kind;
	e->src_ext_id = src;
	e->dst_ext_id = dst;
	e->ts = ts;
	return 0;
}

static int metrics(clout__import *im, const clout_jv *t, const char *path, clout_post *p)
{
	clout_jv pm;
	int rc = clout__jv_object(im, t, path, "public_metrics", &pm);
	const char *pp;
	if (rc <= 0)
		return rc;
	pp = clout__child(im, path, "public_metrics");
	if ((rc = clout__jv_count(im, &pm, pp, "like_count", &p->likes)) < 0 ||
	    (rc = clout__jv_count(im, &pm, pp, "reply_count", &p->comments)) < 0 ||
	    (rc = clout__jv_count(im, &pm, pp, "retweet_count", &p->shares)) < 0 ||
	    (rc = clout__jv_count(im, &pm, pp, "quote_count", &p->quotes)) < 0 ||
	    (rc = clout__jv_count(im, &pm, pp, "impression_count", &p->views)) < 0 ||
	    (rc = clout__jv_count(im, &pm, pp, "bookmark_count", &p->saves)) < 0)
		return rc;
	return 0;
}

/* Mentions: an edge to each mentioned account whose id is known (in the mention, or by username
 * in includes.users); merged user objects (flat files) are imported as accounts, and a mention's
 * id and username give the handle to an account that has none (a weak account). */
static int mentions(tw_ctx *c, const clout_jv *t, const char *path, const char *author, int64_t ts)
{
	clout__import *im = c->im;
	clout_jv ent, arr, m, u;
	clout_json_iter it;
	const char *ep, *mp, *id, *username;
	size_t i = 0;
	int rc = clout__jv_object(im, t, path, "entities", &ent);
	if (rc <= 0)
		return rc;
	ep = clout__child(im, path, "entities");
	if ((rc = clout__jv_array(im, &ent, ep, "mentions", &arr)) <= 0)
		return rc;
	clout_jv_array_begin(&arr, &it);
	while (clout_jv_array_next(&it, &m)) {
		mp = clout__path_index(im, ep, "mentions", i++);
		if (clout_jv_type(&m) != CLOUT_JSON_OBJECT)
			return clout__bad(im, "%s: expected an object, got %s", mp, clout_json_type_name(clout_jv_type(&m)));
		if ((rc = clout__jv_id(im, &m, mp, "id", &id)) < 0 ||
		    (rc = clout__jv_str(im, &m, mp, "username", &username)) < 0)
			return rc;
		if (!id && username && find_in(&c->inc_users, "username", username, true, &u))
			clout__jv_id(im, &u, "includes.users", "id", &id);
		if (is_full_user(&m)) {
			if ((rc = user(c, &m, mp)) < 0)
				return rc;
		} else if (id && username && *username) {
			/* the mention names the account: a stub gets its handle */
			clout_account *w = clout__add_account(im);
			if (!w)
				return CLOUT_ENOMEM;
			w->platform = PLATFORM;
			w->ext_id = id;
			w->handle = username;
			w->weak = true;
		}
		if ((rc = add_edge(im, "mention", author, id, ts)) < 0)
			return rc;
	}
	return 0;
}

static int tweet(tw_ctx *c, const clout_jv *t, const char *path, int depth);

/* referenced_tweets: the post's kind and parent; full tweets merged in (flat files) are imported. */
static int references(tw_ctx *c, const clout_jv *t, const char *path, clout_post *p, const char **retweeted,
	const char **quoted, int depth)
{
	clout__import *im = c->im;
	clout_jv arr, ref;
	clout_json_iter it;
	size_t i = 0;
	int rc = clout__jv_array(im, t, path, "referenced_tweets", &arr);
	if (rc <= 0)
		return rc;
	clout_jv_array_begin(&arr, &it);
	while (clout_jv_array_next(&it, &ref)) {
		const char *rp = clout__path_index(im, path, "referenced_tweets", i++), *type, *id, *author;
		int rank;
		clout_post_kind kind;
		if (clout_jv_type(&ref) != CLOUT_JSON_OBJECT)
			return clout__bad(im, "%s: expected an object, got %s", rp, clout_json_type_name(clout_jv_type(&ref)));
		if ((rc = clout__jv_str(im, &ref, rp, "type", &type)) < 0 || (rc = clout__jv_id(im, &ref, rp, "id", &id)) < 0 ||
		    (rc = clout__jv_id(im, &ref, rp, "author_id", &author)) < 0)
			return rc;
		if (!type || !id)
			return clout__bad(im, "%s: a referenced tweet needs a type and an id", rp);
		if (!strcmp(type, "retweeted"))
			kind = CLOUT_POST_REPOST, rank = 3;
		else if (!strcmp(type, "replied_to"))
			kind = CLOUT_POST_REPLY, rank = 2;
		else if (!strcmp(type, "quoted"))
			kind = CLOUT_POST_QUOTE, rank = 1;
		else
			return clout__bad(im, "%s.type: unknown reference type '%s' (retweeted, replied_to, quoted)", rp, type);
		if (!author)
			author = included_author(c, id);
		if (kind == CLOUT_POST_REPOST)
			*retweeted = author;
		else if (kind == CLOUT_POST_QUOTE)
			*quoted = author;
		/* a retweet outranks a reply, which outranks a quote, for the post's own kind */
		if (p->kind == CLOUT_POST_ORIGINAL || rank > (p->kind == CLOUT_POST_REPOST ? 3 : p->kind == CLOUT_POST_REPLY ? 2 : 1)) {
			p->kind = kind;
			p->parent_ext_id = id;
			if (author || kind != CLOUT_POST_REPLY)
				p->parent_author_ext_id = author;
		}
		if (depth == 0 && clout__has(&ref, "text") && (rc = tweet(c, &ref, rp, depth + 1)) < 0)
			return rc;
	}
	return 0;
}

static int tweet(tw_ctx *c, const clout_jv *t, const char *path, int depth)
{
	clout__import *im = c->im;
	clout_post p;
	clout_post *out;
	clout_jv v, note;
	const char *lang = NULL, *reply_to = NULL, *retweeted = NULL, *quoted = NULL, *username = NULL;
	int rc;
	clout_post_init(&p);
	p.platform = PLATFORM;
	if (clout_jv_type(t) != CLOUT_JSON_OBJECT)
		return clout__bad(im, "%s: expected a tweet object, got %s", path, clout_json_type_name(clout_jv_type(t)));
	if ((rc = clout__jv_id(im, t, path, "id", &p.ext_id)) < 0 ||
	    (rc = clout__jv_id(im, t, path, "author_id", &p.author_ext_id)) < 0 ||
	    (rc = clout__jv_str(im, t, path, "text", &p.text)) < 0 || (rc = clout__jv_str(im, t, path, "lang", &lang)) < 0 ||
	    (rc = clout__jv_time(im, t, path, "created_at", &p.created_at)) < 0 ||
	    (rc = clout__jv_id(im, t, path, "conversation_id", &p.conversation_ext_id)) < 0 ||
	    (rc = clout__jv_id(im, t, path, "in_reply_to_user_id", &reply_to)) < 0 || (rc = metrics(im, t, path, &p)) < 0)
		return rc;
	if (!p.ext_id)
		return clout__bad(im, "%s: missing", clout__child(im, path, "id"));
	/* flat files: the author merged in */
	if (clout_jv_get(t, "author", &v) && clout_jv_type(&v) != CLOUT_JSON_NULL) {
		const char *ap = clout__child(im, path, "author");
		if (!p.author_ext_id && (rc = clout__jv_id(im, &v, ap, "id", &p.author_ext_id)) < 0)
			return rc;
		if (is_full_user(&v) && (rc = user(c, &v, ap)) < 0)
			return rc;
		clout__jv_str(im, &v, ap, "username", &username);
	}
	if (clout_jv_get(t, "in_reply_to_user", &v) && is_full_user(&v) &&
	    (rc = user(c, &v, clout__child(im, path, "in_reply_to_user"))) < 0)
		return rc;
	if (!p.author_ext_id)
		return clout__bad(im, "%s: missing (request the author_id field)", clout__child(im, path, "author_id"));
	if (p.text) {
		/* long posts: the full text is in note_tweet.text */
		if ((rc = clout__jv_object(im, t, path, "note_tweet", &note)) < 0)
			return rc;
		if (!(rc == 1 && clout_jv_get(&note, "text", &v) && clout_jv_string(&v, &p.text, &p.text_len)) &&
		    clout_jv_get(t, "text", &v))
			clout_jv_string(&v, &p.text, &p.text_len);
	}
	p.lang = clout__lang(im, lang);
	if ((rc = references(c, t, path, &p, &retweeted, &quoted, depth)) < 0)
		return rc;
	if (p.kind == CLOUT_POST_REPLY && !p.parent_author_ext_id)
		p.parent_author_ext_id = reply_to;
	if (!username) {
		clout_jv u;
		if (find_in(&c->inc_users, "id", p.author_ext_id, false, &u) && clout_jv_get(&u, "username", &v))
			clout_jv_string(&v, &username, NULL);
	}
	p.url = username ? clout__fmt(im, "https://twitter.com/%s/status/%s", username, p.ext_id)
	                 : clout__fmt(im, "https://twitter.com/i/web/status/%s", p.ext_id);
	if (!p.url)
		return CLOUT_ENOMEM;
	if ((rc = mentions(c, t, path, p.author_ext_id, p.created_at)) < 0 ||
	    (rc = add_edge(im, "retweet", p.author_ext_id, retweeted, p.created_at)) < 0 ||
	    (rc = add_edge(im, "quote", p.author_ext_id, quoted, p.created_at)) < 0 ||
	    (rc = add_edge(im, "reply", p.author_ext_id, reply_to, p.created_at)) < 0)
		return rc;
	if (!(out = clout__add_post(im)))
		return CLOUT_ENOMEM;
	*out = p;
	return 0;
}

/* ---- records ---------------------------------------------------------------------------------- */

static bool looks_like_tweet(const clout_jv *o)
{
	return clout__has(o, "text") || clout__has(o, "author_id") || clout__has(o, "referenced_tweets");
}

static int one(tw_ctx *c, const clout_jv *o, const char *path)
{
	if (clout_jv_type(o) == CLOUT_JSON_OBJECT && !looks_like_tweet(o) && clout__has(o, "username"))
		return user(c, o, path);
	return tweet(c, o, path, 0);
}

static int each(tw_ctx *c, const clout_jv *arr, const char *path, const char *key, bool users)
{
	clout_json_iter it;
	clout_jv v;
	size_t i = 0;
	int rc;
	clout_jv_array_begin(arr, &it);
	while (clout_jv_array_next(&it, &v)) {
		const char *p = clout__path_index(c->im, path, key, i++);
		if ((rc = users ? user(c, &v, p) : one(c, &v, p)) < 0)
			return rc;
	}
	return 0;
}

static int json_record(clout__import *im, const clout_jv *root)
{
	tw_ctx c = { .im = im, .observed_at = CLOUT_UNKNOWN };
	clout_jv data, inc, meta;
	int rc;
	memset(&c.inc_users, 0, sizeof(c.inc_users));
	memset(&c.inc_tweets, 0, sizeof(c.inc_tweets));
	if (clout_jv_type(root) != CLOUT_JSON_OBJECT)
		return clout__bad(im, "expected a json object, got %s", clout_json_type_name(clout_jv_type(root)));
	if ((rc = clout__jv_object(im, root, "", "__twarc", &meta)) < 0 ||
	    (rc == 1 && (rc = clout__jv_time(im, &meta, "__twarc", "retrieved_at", &c.observed_at)) < 0))
		return rc;
	if ((rc = clout__jv_object(im, root, "", "includes", &inc)) < 0)
		return rc;
	if (rc == 1 && ((rc = clout__jv_array(im, &inc, "includes", "users", &c.inc_users)) < 0 ||
	                (rc = clout__jv_array(im, &inc, "includes", "tweets", &c.inc_tweets)) < 0))
		return rc;
	if (!clout_jv_get(root, "data", &data) || clout_jv_type(&data) == CLOUT_JSON_NULL) {
		/* a flat tweet or user, or a line that carries only errors or meta */
		if (clout__has(root, "id"))
			return one(&c, root, "");
		if (!clout__has(root, "errors") && !clout__has(root, "meta") && !clout__has(root, "includes") &&
		    !clout__has(root, "title"))
			return clout__bad(im, "not a twitter v2 payload (no data, id, includes or errors)");
	} else if (clout_jv_type(&data) == CLOUT_JSON_ARRAY) {
		if ((rc = each(&c, &data, NULL, "data", false)) < 0)
			return rc;
	} else if ((rc = one(&c, &data, "data")) < 0) {
		return rc;
	}
	if (clout_jv_type(&c.inc_users) == CLOUT_JSON_ARRAY && (rc = each(&c, &c.inc_users, "includes", "users", true)) < 0)
		return rc;
	if (clout_jv_type(&c.inc_tweets) == CLOUT_JSON_ARRAY &&
	    (rc = each(&c, &c.inc_tweets, "includes", "tweets", false)) < 0)
		return rc;
	return 0;
}

static int sniff_object(const clout_jv *o)
{
	clout_jv pm;
	if (clout_jv_type(o) != CLOUT_JSON_OBJECT)
		return 0;
	if (clout__has(o, "author_id") || clout__has(o, "edit_history_tweet_ids") || clout__has(o, "referenced_tweets") ||
	    clout__has(o, "conversation_id"))
		return 15;
	if (clout_jv_get(o, "public_metrics", &pm) &&
	    (clout__has(&pm, "followers_count") || clout__has(&pm, "retweet_count") || clout__has(&pm, "tweet_count")))
		return 15;
	return 0;
}

static int sniff(const clout_jv *root)
{
	clout_jv data, first;
	clout_json_iter it;
	if (clout_jv_type(root) != CLOUT_JSON_OBJECT)
		return 0;
	if (clout__has(root, "__twarc") || clout__has(root, "matching_rules") || clout__has(root, "includes"))
		return 20;
	if (clout_jv_get(root, "data", &data)) {
		if (clout_jv_type(&data) == CLOUT_JSON_OBJECT)
			return sniff_object(&data);
		if (clout_jv_type(&data) == CLOUT_JSON_ARRAY) {
			clout_jv_array_begin(&data, &it);
			return clout_jv_array_next(&it, &first) ? sniff_object(&first) : 0;
		}
		return 0;
	}
	if (clout__has(root, "id"))
		return sniff_object(root);
	/* an error-only page: {"errors": [...]} or a stream error {"title", "detail", "type"} */
	if (clout__has(root, "errors") || (clout__has(root, "title") && clout__has(root, "detail")))
		return 5;
	return 0;
}

const clout__format clout__format_twitter = {
	.name = "twitter-v2",
	.sniff_json = sniff,
	.json_record = json_record,
};
