/*
 * post.c: posts. A put merges like an account's (unknown counts never overwrite known ones); an
 * unknown author gets a stub account. Read back for indexing and scoring, each post comes with
 * the author of its thread's root (the conversation owner), found by the root's platform id.
 */
#include <stdlib.h>

#include "lib/store/store_internal.h"
#include "util/banned.h"

#define MERGE(c) " " c " = COALESCE(excluded." c ", post." c ")"
#define POST_INSERT                                                                                     \
	"INSERT INTO post(workspace_id, platform, ext_id, account_id, created_at, kind, lang, text, url,"   \
	" parent_ext_id, parent_account_id, conversation_ext_id, likes, comments, shares, quotes, views,"  \
	" saves, sponsored) VALUES"
#define POST_UPSERT POST_INSERT "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19)" POST_CONFLICT
/* How a post's upsert merges with the stored row: unknown values never overwrite known ones. */
#define POST_CONFLICT                                                                                   \
	" ON CONFLICT(workspace_id, platform, ext_id) DO UPDATE SET"                                         \
	" account_id = excluded.account_id," MERGE("created_at") ", kind = excluded.kind," MERGE("lang") "," \
	MERGE("text") "," MERGE("url") "," MERGE("parent_ext_id") "," MERGE("parent_account_id") ","       \
	MERGE("conversation_ext_id") "," MERGE("likes") "," MERGE("comments") "," MERGE("shares") ","       \
	MERGE("quotes") "," MERGE("views") "," MERGE("saves") "," MERGE("sponsored")

/* CHANGED(c): whether the merge would change column c of the stored row (COALESCE keeps it when the
 * new value is unknown). */
#define CHANGED(c) " OR COALESCE(excluded." c ", post." c ") IS DISTINCT FROM post." c
/*
 * The same merge, writing the stored row only when it changes: a post imported again as it is
 * (every record of a re-import) costs a look-up, not a rewrite of its row and its index entries.
 * Without RETURNING, where an unchanged row would return no id.
 */
#define POST_IF_CHANGED                                                                                 \
	" WHERE post.account_id <> excluded.account_id OR post.kind <> excluded.kind" CHANGED("created_at")  \
	CHANGED("lang") CHANGED("text") CHANGED("url") CHANGED("parent_ext_id") CHANGED("parent_account_id") \
	CHANGED("conversation_ext_id") CHANGED("likes") CHANGED("comments") CHANGED("shares")              \
	CHANGED("quotes") CHANGED("views") CHANGED("saves") CHANGED("sponsored")

static const char UPSERT_SQL[] = POST_UPSERT POST_IF_CHANGED;
static const char UPSERT_ID_SQL[] = POST_UPSERT " RETURNING id";

/* Columns of a post row; the conversation owner is the author of the root post of a reply's thread. */
#define POST_COLUMNS                                                                                    \
	"SELECT p.id, p.account_id, p.created_at, p.text, p.lang, p.kind, p.likes, p.comments, p.shares,"   \
	" p.quotes, p.views, p.parent_account_id,"                                                          \
	" CASE WHEN p.kind = 1 AND p.conversation_ext_id IS NOT NULL THEN (SELECT r.account_id FROM post r" \
	"  WHERE r.workspace_id = p.workspace_id AND r.platform = p.platform"                              \
	"  AND r.ext_id = p.conversation_ext_id) END,"                                                      \
	" p.sponsored FROM post p "
/* Oldest first by account (the post_account index); ties and unknown times ordered the same on
 * every engine. */
static const char ALL_SQL[] =
	POST_COLUMNS "WHERE p.workspace_id = ?1 ORDER BY p.account_id, p.created_at NULLS FIRST, p.id";
static const char OF_ACCOUNT_SQL[] =
	POST_COLUMNS "WHERE p.account_id = ?2 AND p.workspace_id = ?1 ORDER BY p.created_at DESC NULLS LAST, p.id DESC";
static const char OF_ACCOUNT_LIMIT_SQL[] =
	POST_COLUMNS "WHERE p.account_id = ?2 AND p.workspace_id = ?1 ORDER BY p.created_at DESC NULLS LAST, p.id DESC"
	" LIMIT ?3";

#define POST_COLUMNS_N 19

/* Binds a post's columns as ?(at+1)..?(at+19) (see POST_INSERT). */
static void bind_post(store_bind *b, int at, int64_t workspace, const clout_post *p, int64_t author,
	int64_t parent_author)
{
	sb_int(b, at + 1, workspace);
	sb_text(b, at + 2, p->platform);
	sb_text(b, at + 3, p->ext_id);
	sb_int(b, at + 4, author);
	sb_known(b, at + 5, p->created_at);
	sb_int(b, at + 6, (int64_t)p->kind);
	sb_text(b, at + 7, p->lang);
	sb_text_len(b, at + 8, p->text, p->text_len);
	sb_text(b, at + 9, p->url);
	sb_text(b, at + 10, p->parent_ext_id);
	sb_id(b, at + 11, parent_author);
	sb_text(b, at + 12, p->conversation_ext_id);
	sb_count(b, at + 13, p->likes);
	sb_count(b, at + 14, p->comments);
	sb_count(b, at + 15, p->shares);
	sb_count(b, at + 16, p->quotes);
	sb_count(b, at + 17, p->views);
	sb_count(b, at + 18, p->saves);
	sb_count(b, at + 19, p->sponsored);
}

/* Writes a checked post whose accounts are resolved. */
static int write_post(clout_store *store, int64_t workspace, const clout_post *p, int64_t author,
	int64_t parent_author, int64_t *out_id, clout_error *err)
{
	store_bind b;
	int64_t id = 0;
	int rc;
	if ((rc = store_stmt(store, &b, out_id ? UPSERT_ID_SQL : UPSERT_SQL, err)) < 0)
		return rc;
	bind_post(&b, 0, workspace, p, author, parent_author);
	if (b.rc < 0)
		return store_bind_error(store, &b, "storing post", err);
	if (!out_id)
		return clout_sql_run(store->db, b.st, "storing post", err);
	if ((rc = clout_sql_run_int64(store->db, b.st, &id, "storing post", err)) < 0)
		return rc;
	if (rc == 0)
		return clout_error_set(err, CLOUT_EINTERNAL, "storing post %s: no id returned", p->ext_id);
	*out_id = id;
	return 0;
}

int clout_store_put_post_as(clout_store *store, int64_t workspace, const clout_post *p, int64_t author,
	int64_t parent_author, int64_t *out_id, clout_error *err)
{
	int rc;
	if (author <= 0 || parent_author < 0)
		return clout_error_set(err, CLOUT_EINVAL, "post %s: no author id", p->ext_id ? p->ext_id : "?");
	if ((rc = clout_post_check(p, err)) < 0 || (rc = store_touch(store, workspace, err)) < 0)
		return rc;
	return write_post(store, workspace, p, author, parent_author, out_id, err);
}

int clout_store_put_post(clout_store *store, int64_t workspace, const clout_post *p, int64_t *out_id,
	clout_error *err)
{
	int64_t author = 0, parent_author = 0;
	int rc;
	if ((rc = clout_post_check(p, err)) < 0 || (rc = store_touch(store, workspace, err)) < 0)
		return rc;
	if ((rc = store_account_id(store, workspace, p->platform, p->author_ext_id, NULL, &author, err)) < 0)
		return rc;
	if (p->parent_author_ext_id && *p->parent_author_ext_id &&
	    (rc = store_account_id(store, workspace, p->platform, p->parent_author_ext_id, NULL, &parent_author, err)) < 0)
		return rc;
	return write_post(store, workspace, p, author, parent_author, out_id, err);
}

int clout_store_foreach_post(clout_store *store, int64_t workspace, int64_t account, int limit, clout_post_fn fn,
	void *ctx, clout_error *err)
{
	clout_sql *db = store->db;
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, account <= 0 ? ALL_SQL : limit > 0 ? OF_ACCOUNT_LIMIT_SQL : OF_ACCOUNT_SQL,
		     err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	if (account > 0)
		sb_int(&b, 2, account);
	if (account > 0 && limit > 0)
		sb_int(&b, 3, limit);
	if (b.rc < 0)
		return store_bind_error(store, &b, "reading posts", err);
	while ((rc = clout_sql_step(db, b.st, "reading posts", err)) == CLOUT_SQL_ROW) {
		clout_post_row row;
		row.id = clout_sql_column_int64(db, b.st, 0);
		row.account_id = clout_sql_column_int64(db, b.st, 1);
		row.created_at = clout_sql_column_count(db, b.st, 2);
		row.text = clout_sql_column_text(db, b.st, 3, &row.text_len);
		if (!row.text)
			row.text = "";
		row.lang = clout_sql_column_text(db, b.st, 4, NULL);
		row.kind = (clout_post_kind)clout_sql_column_int64(db, b.st, 5);
		row.likes = clout_sql_column_count(db, b.st, 6);
		row.comments = clout_sql_column_count(db, b.st, 7);
		row.shares = clout_sql_column_count(db, b.st, 8);
		row.quotes = clout_sql_column_count(db, b.st, 9);
		row.views = clout_sql_column_count(db, b.st, 10);
		row.parent_author_id = clout_sql_column_int64(db, b.st, 11);
		row.conversation_owner_id = clout_sql_column_int64(db, b.st, 12);
		row.sponsored = (int)clout_sql_column_count(db, b.st, 13);
		if ((rc = fn(ctx, &row)) != 0)
			break;
	}
	clout_sql_reset(db, b.st);
	return rc;
}

/* ---- bulk writes (see bulk.c) ---- */

#define POST_STAGE_COLUMNS 19
static const char *const POST_STAGE[POST_STAGE_COLUMNS] = { "seq", "platform", "ext_id", "account_id", "created_at",
	"kind", "lang", "text", "url", "parent_ext_id", "parent_account_id", "conversation_ext_id", "likes", "comments",
	"shares", "quotes", "views", "saves", "sponsored" };
static const clout_sql_type POST_TYPES[POST_STAGE_COLUMNS] = { CLOUT_SQL_INTEGER, CLOUT_SQL_TEXT, CLOUT_SQL_TEXT,
	CLOUT_SQL_INTEGER, CLOUT_SQL_INTEGER, CLOUT_SQL_INTEGER, CLOUT_SQL_TEXT, CLOUT_SQL_TEXT, CLOUT_SQL_TEXT,
	CLOUT_SQL_TEXT, CLOUT_SQL_INTEGER, CLOUT_SQL_TEXT, CLOUT_SQL_INTEGER, CLOUT_SQL_INTEGER, CLOUT_SQL_INTEGER,
	CLOUT_SQL_INTEGER, CLOUT_SQL_INTEGER, CLOUT_SQL_INTEGER, CLOUT_SQL_INTEGER };
/* The batch's posts, merged per key, in key order (new ones get their ids in that order), with
 * the upsert's own merge against the stored row. */
static const char BULK_SQL[] =
	"INSERT INTO post(workspace_id, platform, ext_id, account_id, created_at, kind, lang, text, url,"
	" parent_ext_id, parent_account_id, conversation_ext_id, likes, comments, shares, quotes, views,"
	" saves, sponsored)"
	" SELECT CAST(?1 AS BIGINT), s.platform, s.ext_id, s.account_id, s.created_at, s.kind, s.lang, s.text, s.url,"
	" s.parent_ext_id, s.parent_account_id, s.conversation_ext_id, s.likes, s.comments, s.shares, s.quotes,"
	" s.views, s.saves, s.sponsored FROM stage_post s WHERE true ORDER BY s.seq"
	POST_CONFLICT;

/* One post merged from the batch's records of its key (as successive upserts would). */
typedef struct merged_post {
	clout_post p;
	int64_t author, parent;
} merged_post;

#define LATER_TEXT(m, q, f) ((m)->p.f = (q)->f ? (q)->f : (m)->p.f)
#define LATER_COUNT(m, q, f) ((m)->p.f = (q)->f >= 0 ? (q)->f : (m)->p.f)

static void post_merge(merged_post *m, const clout_post *q, int64_t author, int64_t parent)
{
	m->author = author;
	m->p.kind = q->kind;
	if (q->created_at != CLOUT_UNKNOWN)
		m->p.created_at = q->created_at;
	LATER_TEXT(m, q, lang);
	if (q->text) {
		m->p.text = q->text;
		m->p.text_len = q->text_len;
	}
	LATER_TEXT(m, q, url);
	LATER_TEXT(m, q, parent_ext_id);
	m->parent = parent ? parent : m->parent;
	LATER_TEXT(m, q, conversation_ext_id);
	LATER_COUNT(m, q, likes);
	LATER_COUNT(m, q, comments);
	LATER_COUNT(m, q, shares);
	LATER_COUNT(m, q, quotes);
	LATER_COUNT(m, q, views);
	LATER_COUNT(m, q, saves);
	LATER_COUNT(m, q, sponsored);
}

/* Sends m as one row of the open bulk load, first column first: the staging table's sequence
 * number, or the workspace on a fresh load's direct path (POST_DIRECT). */
static int copy_post_row(clout_store *store, int64_t first, const merged_post *m, clout_error *err)
{
	const clout_post *p = &m->p;
	clout_sql_value v[POST_STAGE_COLUMNS] = { sv_int(first), sv_text(p->platform), sv_text(p->ext_id), sv_int(m->author),
		sv_known(p->created_at), sv_int((int64_t)p->kind), sv_text(p->lang), sv_text_len(p->text, p->text_len),
		sv_text(p->url), sv_text(p->parent_ext_id), sv_id(m->parent), sv_text(p->conversation_ext_id),
		sv_count(p->likes), sv_count(p->comments), sv_count(p->shares), sv_count(p->quotes), sv_count(p->views),
		sv_count(p->saves), sv_count(p->sponsored) };
	return clout_sql_copy_row(store->db, v, err);
}

/* The upsert of STORE_ROWS posts (UPSERT_SQL's rows in one statement). */
static store_rows post_rows = STORE_ROWS_INIT(POST_INSERT, POST_COLUMNS_N, POST_CONFLICT POST_IF_CHANGED);

/* Writes STORE_ROWS merged posts with one statement (the rows in order, as STORE_ROWS upserts). */
static int write_post_rows(clout_store *store, int64_t workspace, const merged_post *m, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_rows_stmt(store, &post_rows, &b, "storing posts", err)) < 0)
		return rc;
	for (int r = 0; r < STORE_ROWS; r++)
		bind_post(&b, r * POST_COLUMNS_N, workspace, &m[r].p, m[r].author, m[r].parent);
	if (b.rc < 0)
		return store_bind_error(store, &b, "storing posts", err);
	return clout_sql_run(store->db, b.st, "storing posts", err);
}

/*
 * A fresh load's direct path (bulk_fresh.c): the columns of a post row sent straight into post (its
 * id from the table, in the order sent), and the merge of keys met again into the stored rows: the
 * upsert's merge as an UPDATE, then an INSERT of the staged keys the table lacks (none, unless a
 * batch had to take this path whole), in key order. Unlike INSERT ... ON CONFLICT on PostgreSQL, a
 * key already stored spends no id, so new posts get the ids SQLite gives them.
 */
static const char *const POST_DIRECT[POST_STAGE_COLUMNS] = { "workspace_id", "platform", "ext_id", "account_id",
	"created_at", "kind", "lang", "text", "url", "parent_ext_id", "parent_account_id", "conversation_ext_id", "likes",
	"comments", "shares", "quotes", "views", "saves", "sponsored" };
#define SET(c) " " c " = COALESCE(s." c ", post." c ")"
static const char AGAIN_UPDATE_SQL[] =
	"UPDATE post SET account_id = s.account_id," SET("created_at") ", kind = s.kind," SET("lang") "," SET("text") ","
	SET("url") "," SET("parent_ext_id") "," SET("parent_account_id") "," SET("conversation_ext_id") ","
	SET("likes") "," SET("comments") "," SET("shares") "," SET("quotes") "," SET("views") "," SET("saves") ","
	SET("sponsored") " FROM stage_post s WHERE post.workspace_id = ?1 AND post.platform = s.platform"
	" AND post.ext_id = s.ext_id";
static const char AGAIN_INSERT_SQL[] =
	"INSERT INTO post(workspace_id, platform, ext_id, account_id, created_at, kind, lang, text, url,"
	" parent_ext_id, parent_account_id, conversation_ext_id, likes, comments, shares, quotes, views,"
	" saves, sponsored)"
	" SELECT CAST(?1 AS BIGINT), s.platform, s.ext_id, s.account_id, s.created_at, s.kind, s.lang, s.text, s.url,"
	" s.parent_ext_id, s.parent_account_id, s.conversation_ext_id, s.likes, s.comments, s.shares, s.quotes,"
	" s.views, s.saves, s.sponsored FROM stage_post s WHERE NOT EXISTS (SELECT 1 FROM post p"
	" WHERE p.workspace_id = ?1 AND p.platform = s.platform AND p.ext_id = s.ext_id) ORDER BY s.seq";
#undef SET

/* The records keys[i..] of one key merged into *m; returns the index after them. */
static size_t post_run(const clout_post *const *posts, const int64_t *authors, const int64_t *parents,
	const store_key *keys, size_t i, size_t n, merged_post *m)
{
	size_t j = i + 1;
	*m = (merged_post){ *posts[keys[i].at], authors[keys[i].at], parents[keys[i].at] };
	for (; j < n && store_keys_same(&keys[i], &keys[j]); j++)
		post_merge(m, posts[keys[j].at], authors[keys[j].at], parents[keys[j].at]);
	return j;
}

/* A fresh load's batch (checked, keys sorted): new keys straight into post, the others merged (all
 * of them when !direct: the load is past its cap of keys). */
static int put_posts_fresh(clout_store *store, int64_t ws, const clout_post *const *posts, const int64_t *authors,
	const int64_t *parents, const store_key *keys, size_t n, bool direct, clout_error *err)
{
	size_t *again = malloc(n * sizeof(*again)), nagain = 0;
	int64_t seq = 0;
	merged_post m;
	int rc;
	if (!again)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	if ((rc = store_touch(store, ws, err)) < 0 ||
	    (direct && (rc = store_direct_begin(store, "post", POST_DIRECT, POST_STAGE_COLUMNS, err)) < 0))
		goto done;
	for (size_t i = 0, j; i < n && rc == 0; i = j) {
		j = post_run(posts, authors, parents, keys, i, n, &m);
		if (direct && store_fresh_post_new(store, m.p.platform, m.p.ext_id))
			rc = copy_post_row(store, ws, &m, err);
		else
			again[nagain++] = i;
	}
	if (rc < 0 || (direct && (rc = store_stage_end(store, err)) < 0) || nagain == 0)
		goto done;
	if ((rc = store_stage_begin(store, "stage_post", POST_STAGE, POST_TYPES, POST_STAGE_COLUMNS, err)) < 0)
		goto done;
	for (size_t k = 0; k < nagain && rc == 0; k++) {
		post_run(posts, authors, parents, keys, again[k], n, &m);
		rc = copy_post_row(store, seq++, &m, err);
	}
	if (rc == 0 && (rc = store_stage_end(store, err)) == 0 &&
	    (rc = store_run_ws(store, AGAIN_UPDATE_SQL, ws, "storing posts", err)) == 0)
		rc = store_run_ws(store, AGAIN_INSERT_SQL, ws, "storing posts", err);
done:
	free(again);
	return rc;
}

int clout_store_put_posts_as(clout_store *store, int64_t workspace, const clout_post *const *posts,
	const int64_t *authors, const int64_t *parent_authors, size_t n, size_t *failed, clout_error *err)
{
	store_key *keys = NULL;
	merged_post batch[STORE_ROWS];
	size_t nbatch = 0;
	int64_t seq = 0;
	bool rows;
	int rc = 0, fresh;
	if (failed)
		*failed = SIZE_MAX;
	if (n == 0 || (rc = store_bulk_check(store, err)) < 0)
		return rc;
	if (!(keys = malloc(n * sizeof(*keys))))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		if (authors[i] <= 0 || parent_authors[i] < 0)
			rc = clout_error_set(err, CLOUT_EINVAL, "post %s: no author id", posts[i]->ext_id ? posts[i]->ext_id : "?");
		else
			rc = clout_post_check(posts[i], err);
		if (rc < 0) {
			if (failed)
				*failed = i;
			goto done;
		}
		keys[i] = (store_key){ posts[i]->platform, posts[i]->ext_id, 0, i };
	}
	store_keys_sort(keys, n);
	if ((fresh = store_fresh_posts(store, n)) > 0) {
		rc = put_posts_fresh(store, workspace, posts, authors, parent_authors, keys, n, fresh == 1, err);
		goto done;
	}
	/* an in-process engine takes each merged row straight (clout_sql_in_process) */
	rows = clout_sql_in_process(store->db);
	if ((rc = store_touch(store, workspace, err)) < 0 ||
	    (!rows && (rc = store_stage_begin(store, "stage_post", POST_STAGE, POST_TYPES, POST_STAGE_COLUMNS, err)) < 0))
		goto done;
	for (size_t i = 0; i < n && rc == 0;) {
		merged_post *m = &batch[nbatch];
		size_t j = i + 1;
		*m = (merged_post){ *posts[keys[i].at], authors[keys[i].at], parent_authors[keys[i].at] };
		for (; j < n && store_keys_same(&keys[i], &keys[j]); j++)
			post_merge(m, posts[keys[j].at], authors[keys[j].at], parent_authors[keys[j].at]);
		if (!rows)
			rc = copy_post_row(store, seq++, m, err);
		else if (++nbatch == STORE_ROWS) /* STORE_ROWS at a time, the rest one by one */
			rc = write_post_rows(store, workspace, batch, err), nbatch = 0;
		i = j;
	}
	for (size_t r = 0; r < nbatch && rc == 0; r++)
		rc = write_post(store, workspace, &batch[r].p, batch[r].author, batch[r].parent, NULL, err);
	if (rc == 0 && !rows && (rc = store_stage_end(store, err)) == 0)
		rc = store_run_ws(store, BULK_SQL, workspace, "storing posts", err);
done:
	free(keys);
	return rc;
}
