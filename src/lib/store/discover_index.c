/*
 * discover_index.c: the discovery index's tables (discover_meta, discover_profile, discover_term;
 * migration 0006): written by bulk loads inside the builder's transaction, read in batches of
 * CLOUT_STORE_INDEX_BATCH (one query for many candidates or terms, with the accounts' names in
 * the same query), so that a query over a networked database makes a few round trips, not one per
 * candidate. What the fields mean is the score module's business.
 */
#include <string.h>

#include "lib/store/store_internal.h"
#include "util/banned.h"

/* The columns of a profile, in the order of clout_store_index_profile. */
static const char *const profile_columns[] = {
	"workspace_id",
	"idx",
	"account_id",
	"followers",
	"price",
	"platform",
	"lang",
	"country",
	"doc_len",
	"posts",
	"recent_posts",
	"answered",
	"first_post_at",
	"last_post_at",
	"comments_seen",
	"engagement_rate",
	"engagement_mean",
	"engagement_max",
	"likes_cv",
	"avg_views",
	"growth_jump",
	"sponsored_share",
	"engagement_norm",
	"reply_rate",
	"posts_per_week",
	"audience",
	"activity",
	"views_score",
	"reach",
	"resonance",
	"penalty",
	"flags",
};
#define PROFILE_COLUMNS 32

static const char *const term_columns[] = { "workspace_id", "term", "df", "postings" };

static const char CLEAR_META_SQL[] = "DELETE FROM discover_meta WHERE workspace_id = ?1";
static const char CLEAR_PROFILES_SQL[] = "DELETE FROM discover_profile WHERE workspace_id = ?1";
static const char CLEAR_TERMS_SQL[] = "DELETE FROM discover_term WHERE workspace_id = ?1";
static const char PUT_META_SQL[] =
	"INSERT INTO discover_meta(workspace_id, version, accounts, posts, generation, docs, ndocs, avg_doc_len,"
	" reference_time) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
	" ON CONFLICT(workspace_id) DO UPDATE SET version = excluded.version, accounts = excluded.accounts,"
	" posts = excluded.posts, generation = excluded.generation, docs = excluded.docs, ndocs = excluded.ndocs,"
	" avg_doc_len = excluded.avg_doc_len, reference_time = excluded.reference_time";
static const char GET_META_SQL[] =
	"SELECT version, accounts, posts, generation, docs, ndocs, avg_doc_len, reference_time FROM discover_meta"
	" WHERE workspace_id = ?1";
#define PROFILE_SELECT \
	"SELECT p.idx, p.account_id, p.followers, p.price, p.platform, p.lang, p.country, " \
	"p.doc_len, p.posts, p.recent_posts, p.answered, p.first_post_at, p.last_post_at, " \
	"p.comments_seen, p.engagement_rate, p.engagement_mean, p.engagement_max, p.likes_cv, p.avg_views, p.growth_jump, " \
	"p.sponsored_share, p.engagement_norm, p.reply_rate, p.posts_per_week, p.audience, " \
	"p.activity, p.views_score, p.reach, p.resonance, p.penalty, p.flags, a.ext_id, a.handle, " \
	"a.name, a.currency FROM discover_profile p LEFT JOIN account a ON a.id = p.account_id AND " \
	"a.workspace_id = p.workspace_id WHERE p.workspace_id = ?1 "
/* CLOUT_STORE_INDEX_BATCH parameters after the workspace; the unused ones are bound NULL. */
static const char PROFILES_SQL[] = PROFILE_SELECT "AND p.idx IN "
	"(?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,?27,?28,?29,?30,?31,?32,?33,?34,?35,?36,?37,?38,?39,?40,?41,?42,?43,?44,?45,?46,?47,?48,?49,?50,?51,?52,?53,?54,?55,?56,?57,?58,?59,?60,?61,?62,?63,?64,?65)";
static const char PROFILE_OF_SQL[] = PROFILE_SELECT "AND p.account_id = ?2";
static const char TERMS_SQL[] =
	"SELECT term, df, postings FROM discover_term WHERE workspace_id = ?1 AND term IN "
	"(?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,?27,?28,?29,?30,?31,?32,?33,?34,?35,?36,?37,?38,?39,?40,?41,?42,?43,?44,?45,?46,?47,?48,?49,?50,?51,?52,?53,?54,?55,?56,?57,?58,?59,?60,?61,?62,?63,?64,?65)";
static const char TERMS_DF_SQL[] =
	"SELECT term, df FROM discover_term WHERE workspace_id = ?1 AND term IN "
	"(?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,?27,?28,?29,?30,?31,?32,?33,?34,?35,?36,?37,?38,?39,?40,?41,?42,?43,?44,?45,?46,?47,?48,?49,?50,?51,?52,?53,?54,?55,?56,?57,?58,?59,?60,?61,?62,?63,?64,?65)";

/* Ends the bulk load in progress, if any. */
int store_copy_end(clout_store *store, clout_error *err)
{
	if (!store->copying)
		return 0;
	store->copying = STORE_COPY_NONE;
	return clout_sql_copy_end(store->db, err);
}

/* Starts a bulk load into table (ending another one first), unless it is the one in progress. */
static int copy_into(clout_store *store, int which, const char *table, const char *const *columns, int ncolumns,
	clout_error *err)
{
	int rc;
	if (store->copying == which)
		return 0;
	if (!store->in_transaction)
		return clout_error_set(err, CLOUT_EINVAL, "writing the discovery index outside a transaction");
	if ((rc = store_copy_end(store, err)) < 0 || (rc = clout_sql_copy_begin(store->db, table, columns, ncolumns, err)) < 0)
		return rc;
	store->copying = which;
	return 0;
}

static int run_ws(clout_store *store, const char *sql, int64_t workspace, const char *what, clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, sql, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	if (b.rc < 0)
		return store_bind_error(store, &b, what, err);
	return clout_sql_run(store->db, b.st, what, err);
}

int clout_store_index_clear(clout_store *store, int64_t workspace, clout_error *err)
{
	int rc;
	if ((rc = store_copy_end(store, err)) < 0 ||
	    (rc = run_ws(store, CLEAR_META_SQL, workspace, "clearing the discovery index", err)) < 0 ||
	    (rc = run_ws(store, CLEAR_PROFILES_SQL, workspace, "clearing the discovery index", err)) < 0)
		return rc;
	return run_ws(store, CLEAR_TERMS_SQL, workspace, "clearing the discovery index", err);
}

static clout_sql_value int_value(int64_t i)
{
	clout_sql_value v;
	v.type = CLOUT_SQL_INTEGER;
	v.v.i = i;
	return v;
}

static clout_sql_value float_value(double f)
{
	clout_sql_value v;
	v.type = CLOUT_SQL_FLOAT;
	v.v.f = f;
	return v;
}

/* A NUL-terminated field of a fixed-size array. */
static clout_sql_value text_value(const char *s)
{
	clout_sql_value v;
	v.type = CLOUT_SQL_TEXT;
	v.v.bytes.data = s;
	v.v.bytes.len = strlen(s);
	return v;
}

int clout_store_index_put_profile(clout_store *store, int64_t workspace, uint32_t index,
	const clout_store_index_profile *p, clout_error *err)
{
	clout_sql_value v[PROFILE_COLUMNS];
	int rc;
	if (memchr(p->platform, 0, sizeof(p->platform)) == NULL || memchr(p->lang, 0, sizeof(p->lang)) == NULL ||
	    memchr(p->country, 0, sizeof(p->country)) == NULL)
		return clout_error_set(err, CLOUT_EINVAL, "discovery profile %u: a text field is not terminated", index);
	if ((rc = copy_into(store, STORE_COPY_PROFILES, "discover_profile", profile_columns, PROFILE_COLUMNS, err)) < 0)
		return rc;
	v[0] = int_value(workspace);
	v[1] = int_value(index);
	v[2] = int_value(p->account_id);
	v[3] = int_value(p->followers);
	v[4] = float_value(p->price);
	v[5] = text_value(p->platform);
	v[6] = text_value(p->lang);
	v[7] = text_value(p->country);
	v[8] = int_value(p->doc_len);
	v[9] = int_value(p->posts);
	v[10] = int_value(p->recent_posts);
	v[11] = int_value(p->answered);
	v[12] = int_value(p->first_post_at);
	v[13] = int_value(p->last_post_at);
	v[14] = float_value(p->comments_seen);
	v[15] = float_value(p->engagement_rate);
	v[16] = float_value(p->engagement_mean);
	v[17] = float_value(p->engagement_max);
	v[18] = float_value(p->likes_cv);
	v[19] = float_value(p->avg_views);
	v[20] = float_value(p->growth_jump);
	v[21] = float_value(p->sponsored_share);
	v[22] = float_value(p->engagement_norm);
	v[23] = float_value(p->reply_rate);
	v[24] = float_value(p->posts_per_week);
	v[25] = float_value(p->audience);
	v[26] = float_value(p->activity);
	v[27] = float_value(p->views_score);
	v[28] = float_value(p->reach);
	v[29] = float_value(p->resonance);
	v[30] = float_value(p->penalty);
	v[31] = int_value(p->flags);
	return clout_sql_copy_row(store->db, v, err);
}

int clout_store_index_put_term(clout_store *store, int64_t workspace, const char *term, uint32_t df,
	const void *postings, size_t len, clout_error *err)
{
	clout_sql_value v[4];
	int rc;
	if (!term || !*term)
		return clout_error_set(err, CLOUT_EINVAL, "discovery index: an empty term");
	if ((rc = copy_into(store, STORE_COPY_TERMS, "discover_term", term_columns, 4, err)) < 0)
		return rc;
	v[0] = int_value(workspace);
	v[1] = text_value(term);
	v[2] = int_value(df);
	v[3].type = CLOUT_SQL_BLOB;
	v[3].v.bytes.data = len ? postings : "";
	v[3].v.bytes.len = len;
	return clout_sql_copy_row(store->db, v, err);
}

int clout_store_index_put_meta(clout_store *store, int64_t workspace, const clout_store_index_meta *meta,
	clout_error *err)
{
	store_bind b;
	int rc;
	if ((rc = store_copy_end(store, err)) < 0 || (rc = store_stmt(store, &b, PUT_META_SQL, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_int(&b, 2, meta->version);
	sb_int(&b, 3, (int64_t)meta->accounts);
	sb_int(&b, 4, (int64_t)meta->posts);
	sb_int(&b, 5, meta->generation);
	sb_int(&b, 6, (int64_t)meta->docs);
	sb_int(&b, 7, (int64_t)meta->ndocs);
	sb_double(&b, 8, meta->avg_doc_len);
	sb_int(&b, 9, meta->reference_time);
	if (b.rc < 0)
		return store_bind_error(store, &b, "storing the discovery index", err);
	return clout_sql_run(store->db, b.st, "storing the discovery index", err);
}

int clout_store_index_get_meta(clout_store *store, int64_t workspace, clout_store_index_meta *out, clout_error *err)
{
	clout_sql *db = store->db;
	store_bind b;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = store_stmt(store, &b, GET_META_SQL, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	if (b.rc < 0)
		return store_bind_error(store, &b, "reading the discovery index", err);
	rc = clout_sql_step(db, b.st, "reading the discovery index", err);
	if (rc == CLOUT_SQL_ROW) {
		out->version = (uint32_t)clout_sql_column_int64(db, b.st, 0);
		out->accounts = (uint64_t)clout_sql_column_int64(db, b.st, 1);
		out->posts = (uint64_t)clout_sql_column_int64(db, b.st, 2);
		out->generation = clout_sql_column_int64(db, b.st, 3);
		out->docs = (uint64_t)clout_sql_column_int64(db, b.st, 4);
		out->ndocs = (uint64_t)clout_sql_column_int64(db, b.st, 5);
		out->avg_doc_len = clout_sql_column_double(db, b.st, 6);
		out->reference_time = clout_sql_column_int64(db, b.st, 7);
		rc = 0;
	} else if (rc == CLOUT_SQL_DONE) {
		rc = clout_error_set(err, CLOUT_ENOTFOUND, "no discovery index in this workspace");
	}
	clout_sql_reset(db, b.st);
	return rc;
}

static void copy_text(char *out, size_t cap, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n >= cap)
		n = cap - 1;
	memcpy(out, s ? s : "", n);
	out[n] = '\0';
}

static void read_profile(clout_sql *db, clout_sql_stmt *st, clout_store_index_profile *p)
{
	memset(p, 0, sizeof(*p));
	p->account_id = clout_sql_column_int64(db, st, 1);
	p->followers = clout_sql_column_int64(db, st, 2);
	p->price = clout_sql_column_double(db, st, 3);
	copy_text(p->platform, sizeof(p->platform), clout_sql_column_text(db, st, 4, NULL));
	copy_text(p->lang, sizeof(p->lang), clout_sql_column_text(db, st, 5, NULL));
	copy_text(p->country, sizeof(p->country), clout_sql_column_text(db, st, 6, NULL));
	p->doc_len = (uint32_t)clout_sql_column_int64(db, st, 7);
	p->posts = (uint32_t)clout_sql_column_int64(db, st, 8);
	p->recent_posts = (uint32_t)clout_sql_column_int64(db, st, 9);
	p->answered = (uint32_t)clout_sql_column_int64(db, st, 10);
	p->first_post_at = clout_sql_column_int64(db, st, 11);
	p->last_post_at = clout_sql_column_int64(db, st, 12);
	p->comments_seen = clout_sql_column_double(db, st, 13);
	p->engagement_rate = clout_sql_column_double(db, st, 14);
	p->engagement_mean = clout_sql_column_double(db, st, 15);
	p->engagement_max = clout_sql_column_double(db, st, 16);
	p->likes_cv = clout_sql_column_double(db, st, 17);
	p->avg_views = clout_sql_column_double(db, st, 18);
	p->growth_jump = clout_sql_column_double(db, st, 19);
	p->sponsored_share = clout_sql_column_double(db, st, 20);
	p->engagement_norm = clout_sql_column_double(db, st, 21);
	p->reply_rate = clout_sql_column_double(db, st, 22);
	p->posts_per_week = clout_sql_column_double(db, st, 23);
	p->audience = clout_sql_column_double(db, st, 24);
	p->activity = clout_sql_column_double(db, st, 25);
	p->views_score = clout_sql_column_double(db, st, 26);
	p->reach = clout_sql_column_double(db, st, 27);
	p->resonance = clout_sql_column_double(db, st, 28);
	p->penalty = clout_sql_column_double(db, st, 29);
	p->flags = (uint32_t)clout_sql_column_int64(db, st, 30);
}

int clout_store_index_get_profiles(clout_store *store, int64_t workspace, const uint32_t *indexes, size_t n,
	clout_store_index_profile_fn fn, void *ctx, clout_error *err)
{
	clout_sql *db = store->db;
	for (size_t at = 0; at < n; at += CLOUT_STORE_INDEX_BATCH) {
		store_bind b;
		int rc;
		if ((rc = store_stmt(store, &b, PROFILES_SQL, err)) < 0)
			return rc;
		sb_int(&b, 1, workspace);
		for (size_t k = 0; k < CLOUT_STORE_INDEX_BATCH; k++) {
			if (at + k < n)
				sb_int(&b, (int)k + 2, indexes[at + k]);
			else if (b.rc == 0)
				b.rc = clout_sql_bind_null(db, b.st, (int)k + 2);
		}
		if (b.rc < 0)
			return store_bind_error(store, &b, "reading discovery profiles", err);
		while ((rc = clout_sql_step(db, b.st, "reading discovery profiles", err)) == CLOUT_SQL_ROW) {
			clout_store_index_profile p;
			clout_store_index_names names;
			read_profile(db, b.st, &p);
			names.ext_id = clout_sql_column_text(db, b.st, 31, NULL);
			names.handle = clout_sql_column_text(db, b.st, 32, NULL);
			names.name = clout_sql_column_text(db, b.st, 33, NULL);
			names.currency = clout_sql_column_text(db, b.st, 34, NULL);
			if ((rc = fn(ctx, (uint32_t)clout_sql_column_int64(db, b.st, 0), &p, &names)) != 0)
				break;
		}
		clout_sql_reset(db, b.st);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int clout_store_index_get_account_profile(clout_store *store, int64_t workspace, int64_t account,
	clout_store_index_profile *out, uint32_t *index_out, clout_error *err)
{
	clout_sql *db = store->db;
	store_bind b;
	int rc;
	if ((rc = store_stmt(store, &b, PROFILE_OF_SQL, err)) < 0)
		return rc;
	sb_int(&b, 1, workspace);
	sb_int(&b, 2, account);
	if (b.rc < 0)
		return store_bind_error(store, &b, "reading a discovery profile", err);
	rc = clout_sql_step(db, b.st, "reading a discovery profile", err);
	if (rc == CLOUT_SQL_ROW) {
		read_profile(db, b.st, out);
		if (index_out)
			*index_out = (uint32_t)clout_sql_column_int64(db, b.st, 0);
		rc = 0;
	} else if (rc == CLOUT_SQL_DONE) {
		rc = clout_error_set(err, CLOUT_ENOTFOUND, "account %lld is not in the discovery index", (long long)account);
	}
	clout_sql_reset(db, b.st);
	return rc;
}

int clout_store_index_get_terms(clout_store *store, int64_t workspace, const char *const *terms, size_t n,
	bool with_postings, clout_store_index_term_fn fn, void *ctx, clout_error *err)
{
	clout_sql *db = store->db;
	for (size_t at = 0; at < n; at += CLOUT_STORE_INDEX_BATCH) {
		store_bind b;
		int rc;
		if ((rc = store_stmt(store, &b, with_postings ? TERMS_SQL : TERMS_DF_SQL, err)) < 0)
			return rc;
		sb_int(&b, 1, workspace);
		for (size_t k = 0; k < CLOUT_STORE_INDEX_BATCH; k++)
			sb_text(&b, (int)k + 2, at + k < n ? terms[at + k] : NULL);
		if (b.rc < 0)
			return store_bind_error(store, &b, "reading discovery terms", err);
		while ((rc = clout_sql_step(db, b.st, "reading discovery terms", err)) == CLOUT_SQL_ROW) {
			size_t len = 0;
			const void *postings = with_postings ? clout_sql_column_blob(db, b.st, 2, &len) : NULL;
			if ((rc = fn(ctx, clout_sql_column_text(db, b.st, 0, NULL), (uint32_t)clout_sql_column_int64(db, b.st, 1),
				     postings, len)) != 0)
				break;
		}
		clout_sql_reset(db, b.st);
		if (rc != 0)
			return rc;
	}
	return 0;
}
