/*
 * check.c: whether a record can be stored: the checks every put makes, callable without a store
 * (the import checks whole records before writing any part of one).
 */
#include <string.h>

#include "lib/store/store_internal.h"
#include "util/banned.h"

int store_check_key(const char *what, const char *value, clout_error *err)
{
	if (!value || !*value)
		return clout_error_set(err, CLOUT_EBADDATA, "%s is missing", what);
	if (strlen(value) > 256)
		return clout_error_set(err, CLOUT_EBADDATA, "%s is longer than 256 bytes", what);
	return 0;
}

static int check_count(const char *what, int64_t v, clout_error *err)
{
	if (v < CLOUT_UNKNOWN)
		return clout_error_set(err, CLOUT_EBADDATA, "%s is negative (%lld)", what, (long long)v);
	return 0;
}

int clout_account_check(const clout_account *a, clout_error *err)
{
	int rc;
	if ((rc = store_check_key("platform", a->platform, err)) < 0 ||
	    (rc = store_check_key("account id", a->ext_id, err)) < 0 ||
	    (rc = check_count("followers", a->followers, err)) < 0 ||
	    (rc = check_count("following", a->following, err)) < 0 ||
	    (rc = check_count("post count", a->post_count, err)) < 0 ||
	    (rc = check_count("listed count", a->listed, err)) < 0 ||
	    (rc = check_count("views", a->views, err)) < 0 ||
	    (a->weak && a->handle && *a->handle && (rc = store_check_key("handle", a->handle, err)) < 0))
		return rc;
	return 0;
}

int clout_post_check(const clout_post *p, clout_error *err)
{
	int rc;
	if ((rc = store_check_key("platform", p->platform, err)) < 0 ||
	    (rc = store_check_key("post id", p->ext_id, err)) < 0 ||
	    (rc = store_check_key("author id", p->author_ext_id, err)) < 0 ||
	    (p->parent_author_ext_id && *p->parent_author_ext_id &&
		    (rc = store_check_key("parent author id", p->parent_author_ext_id, err)) < 0) ||
	    (rc = check_count("likes", p->likes, err)) < 0 ||
	    (rc = check_count("comments", p->comments, err)) < 0 ||
	    (rc = check_count("shares", p->shares, err)) < 0 ||
	    (rc = check_count("quotes", p->quotes, err)) < 0 ||
	    (rc = check_count("views", p->views, err)) < 0 ||
	    (rc = check_count("saves", p->saves, err)) < 0)
		return rc;
	/* a JSON \u0000 would reach the text: PostgreSQL cannot keep one, so no engine takes it */
	if (p->text && memchr(p->text, '\0', p->text_len))
		return clout_error_set(err, CLOUT_EBADDATA, "post text contains a NUL character (\\u0000)");
	return 0;
}

int clout_edge_check(const clout_edge *e, clout_error *err)
{
	int rc;
	if ((rc = store_check_key("platform", e->platform, err)) < 0 ||
	    (rc = store_check_key("edge source", e->src_ext_id, err)) < 0 ||
	    (rc = store_check_key("edge target", e->dst_ext_id, err)) < 0 ||
	    (rc = store_check_key("edge kind", e->kind, err)) < 0)
		return rc;
	if (!(e->weight > 0) || e->weight > 1e12)
		return clout_error_set(err, CLOUT_EBADDATA, "edge weight %g is not a positive number", e->weight);
	return 0;
}
