/*
 * mention.c: one record through the listener: remember what its accounts say about authors, match
 * each post against the rules, and for a post that matched, store its author and the post and one
 * mention per rule (sentiment scored once per post), routed and clocked; then the alerts. Also the
 * JSON of a mention and of an alert.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "clout/webhook.h"
#include "lib/listen/internal.h"
#include "lib/listen/listener.h"
#include "lib/store/listen_inbox.h"
#include "lib/store/listen_mention.h"
#include "lib/store/webhook.h"
#include "util/banned.h"

static int author_key(char *out, size_t cap, const char *platform, const char *ext_id)
{
	int n = snprintf(out, cap, "%s\x1f%s", platform ? platform : "", ext_id ? ext_id : "");
	return n < 0 || (size_t)n >= cap ? -1 : n;
}

static listen_author *find_author(clout_listen_listener *l, const char *platform, const char *ext_id)
{
	char key[512];
	int n = author_key(key, sizeof(key), platform, ext_id);
	int64_t k = n < 0 ? -1 : clout_smap_find(&l->author_keys, key, (size_t)n);
	return k < 0 ? NULL : &l->authors[k];
}

/* Keeps an account record's handle, followers and person link for the posts that follow. */
static int remember_author(clout_listen_listener *l, const clout_account *a, clout_error *err)
{
	char key[512];
	int n = author_key(key, sizeof(key), a->platform, a->ext_id);
	if (n < 0)
		return 0; /* no post can name an author with an id that long */
	int64_t k = clout_smap_intern(&l->author_keys, key, (size_t)n);
	if (k < 0)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	if ((size_t)k >= l->authors_cap) {
		size_t cap = l->authors_cap ? l->authors_cap * 2 : 1024;
		listen_author *grown = realloc(l->authors, cap * sizeof(*grown));
		if (!grown)
			return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		memset(grown + l->authors_cap, 0, (cap - l->authors_cap) * sizeof(*grown));
		for (size_t i = l->authors_cap; i < cap; i++)
			grown[i].followers = -1;
		l->authors = grown;
		l->authors_cap = cap;
	}
	listen_author *au = &l->authors[k];
	if (a->handle && (!au->handle || strcmp(au->handle, a->handle))) {
		free(au->handle);
		if (!(au->handle = strdup(a->handle)))
			return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	}
	if (!a->weak) {
		if (a->followers >= 0)
			au->followers = a->followers;
		au->person = a->person && *a->person;
	}
	return 0;
}

static int collect_rule(void *ctx, uint32_t rule)
{
	clout_listen_listener *l = ctx;
	if (l->nmatched == l->matched_cap) {
		uint32_t cap = l->matched_cap ? l->matched_cap * 2 : 16;
		uint32_t *grown = realloc(l->matched, cap * sizeof(*grown));
		if (!grown)
			return CLOUT_ENOMEM;
		l->matched = grown;
		l->matched_cap = cap;
	}
	l->matched[l->nmatched++] = rule;
	return 0;
}

/* The owner of a new mention of rule r: its fixed owner, else the next member of its team. */
static const char *route(clout_listen_listener *l, const listen_rule_meta *r)
{
	int t = listen_team_index(r->team);
	if (r->owner)
		return r->owner;
	if (t < 0 || !l->teams[t].nmembers)
		return NULL;
	listen_team *team = &l->teams[t];
	const char *owner = team->members[team->next % team->nmembers];
	team->next = (team->next + 1) % team->nmembers;
	return owner;
}

/* Stores the post's author (from the record's accounts when it has them) and its parent's; the
 * mention gets the author's id, handle and reach, *parent the parent author's id (0: none). */
static int store_author(clout_listen_listener *l, const clout_import_record *rec, const clout_post *p,
	clout_listen_mention *m, int64_t *parent, bool *person, clout_error *err)
{
	const clout_account *full = NULL;
	listen_author *au = find_author(l, p->platform, p->author_ext_id);
	int rc;
	*parent = 0;
	for (size_t i = 0; i < rec->naccounts; i++)
		if (!rec->accounts[i].weak && !strcmp(rec->accounts[i].ext_id, p->author_ext_id) &&
		    !strcmp(rec->accounts[i].platform, p->platform))
			full = &rec->accounts[i];
	m->handle = au ? au->handle : NULL;
	m->reach = au ? au->followers : -1;
	*person = au && au->person;
	if (full)
		rc = clout_store_put_account(l->store, l->ws, full, &m->account_id, err);
	else
		rc = clout_store_ensure_account(l->store, l->ws, p->platform, p->author_ext_id, m->handle, &m->account_id,
			err);
	if (rc == 0 && p->parent_author_ext_id)
		rc = clout_store_ensure_account(l->store, l->ws, p->platform, p->parent_author_ext_id, NULL, parent, err);
	if (rc < 0)
		return rc;
	if (!au || (!au->looked_up && (m->reach < 0 || !m->handle))) {
		/* what the stream did not say about the author, the store may know: read it once */
		clout_account_row row;
		clout_account a;
		if ((rc = clout_store_get_account(l->store, l->ws, m->account_id, &row, err)) < 0)
			return rc;
		if (m->reach < 0)
			m->reach = row.followers;
		*person = *person || (row.person && *row.person);
		clout_account_init(&a);
		a.platform = p->platform;
		a.ext_id = p->author_ext_id;
		a.handle = m->handle ? m->handle : row.handle;
		a.followers = m->reach;
		a.person = *person ? "y" : NULL;
		/* the row's strings live until the next call on the store: remember_author copies them */
		if ((rc = remember_author(l, &a, err)) < 0)
			return rc;
		if ((au = find_author(l, p->platform, p->author_ext_id)) != NULL) {
			au->looked_up = true;
			m->handle = au->handle;
		}
	}
	return 0;
}

static int mention_created(clout_listen_listener *l, const clout_listen_mention *m, clout_error *err)
{
	int rc = 0;
	if (l->mention_hook) {
		char *json = clout_listen_mention_json(m);
		if (!json)
			return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		rc = clout__webhook_enqueue(l->store, l->ws, "mention.created", json, (int64_t)time(NULL) * 1000, err);
		free(json);
		if (rc < 0)
			return rc;
	}
	if (l->opts.on_mention && (rc = l->opts.on_mention(l->opts.ctx, m)) != 0)
		return rc < 0 ? rc : clout_error_set(err, CLOUT_EIO, "the mention could not be written");
	return 0;
}

/* Queues the mentions of post p, which matched l->matched[0..nmatched): the post is checked, its
 * author stored and its sentiment scored now; the post and mentions are stored with the batch. */
static int store_mentions(clout_listen_listener *l, const clout_import_record *rec, const clout_post *p,
	clout_error *err)
{
	clout_listen_mention m;
	clout_sentiment s;
	int64_t now = (int64_t)time(NULL), parent = 0;
	bool person = false;
	int rc;
	memset(&m, 0, sizeof(m));
	/* a bad post fails here, at its record, not when the batch is stored */
	if ((rc = clout_post_check(p, err)) < 0 || (rc = listen_tx_begin(l, err)) < 0)
		return rc;
	if (clout_text_sentiment(l->t, p->text, p->text_len, p->lang && !strcmp(p->lang, "fr") ? "fr" : p->lang &&
		    !strcmp(p->lang, "en") ? "en" : NULL, &s) < 0)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory scoring a post");
	if ((rc = store_author(l, rec, p, &m, &parent, &person, err)) < 0)
		return rc;
	m.posted_at = p->created_at != CLOUT_UNKNOWN ? p->created_at : now;
	m.lang = p->lang ? p->lang : s.lang;
	m.sentiment = s.compound;
	m.label = s.label;
	m.created_at = now;
	return listen_batch_add(l, p, &m, parent, person, l->matched, l->nmatched, err);
}

/* ---- the batch ---- */

static size_t str_room(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

static const char *str_copy(char **at, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *out = *at;
	memcpy(out, s, n);
	*at += n;
	return out;
}

/* A copy of p's strings (and of handle and lang) in one block. */
static int pending_copy(listen_pending *q, const clout_post *p, const char *handle, const char *lang)
{
	size_t need = str_room(p->platform) + str_room(p->ext_id) + str_room(p->author_ext_id) + p->text_len + 1 +
		      str_room(p->lang) + str_room(p->url) + str_room(p->parent_ext_id) + str_room(p->parent_author_ext_id) +
		      str_room(p->conversation_ext_id) + str_room(handle) + str_room(lang);
	char *at = malloc(need ? need : 1);
	if (!at)
		return CLOUT_ENOMEM;
	q->mem = at;
	q->p = *p;
	q->p.platform = str_copy(&at, p->platform);
	q->p.ext_id = str_copy(&at, p->ext_id);
	q->p.author_ext_id = str_copy(&at, p->author_ext_id);
	if (p->text) {
		memcpy(at, p->text, p->text_len);
		at[p->text_len] = '\0';
		q->p.text = at;
		at += p->text_len + 1;
	}
	q->p.lang = str_copy(&at, p->lang);
	q->p.url = str_copy(&at, p->url);
	q->p.parent_ext_id = str_copy(&at, p->parent_ext_id);
	q->p.parent_author_ext_id = str_copy(&at, p->parent_author_ext_id);
	q->p.conversation_ext_id = str_copy(&at, p->conversation_ext_id);
	q->handle = str_copy(&at, handle);
	q->lang = str_copy(&at, lang);
	return 0;
}

int listen_batch_add(clout_listen_listener *l, const clout_post *p, const clout_listen_mention *m, int64_t parent_id,
	bool person, const uint32_t *matched, uint32_t n, clout_error *err)
{
	if (l->nbatch == l->batch_cap) {
		size_t cap = l->batch_cap ? l->batch_cap * 2 : 64;
		listen_pending *grown = realloc(l->batch, cap * sizeof(*grown));
		if (!grown)
			return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		l->batch = grown;
		l->batch_cap = cap;
	}
	if (l->nbatch_mentions + n > l->batch_mentions_cap) {
		size_t cap = l->batch_mentions_cap ? l->batch_mentions_cap * 2 : 256;
		while (cap < l->nbatch_mentions + n)
			cap *= 2;
		listen_pending_mention *grown = realloc(l->batch_mentions, cap * sizeof(*grown));
		if (!grown)
			return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		l->batch_mentions = grown;
		l->batch_mentions_cap = cap;
	}
	listen_pending *q = &l->batch[l->nbatch];
	if (pending_copy(q, p, m->handle, m->lang) < 0)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	q->account_id = m->account_id;
	q->parent_id = parent_id;
	q->reach = m->reach;
	q->posted_at = m->posted_at;
	q->created_at = m->created_at;
	q->sentiment = m->sentiment;
	q->label = m->label;
	q->person = person;
	q->first = (uint32_t)l->nbatch_mentions;
	q->n = 0;
	l->nbatch++;
	for (uint32_t i = 0; i < n; i++) {
		listen_rule_meta *r = &l->rules[matched[i]];
		int t = listen_team_index(r->team), pr = listen_priority_index(r->priority);
		const char *owner = route(l, r);
		listen_pending_mention *pm = &l->batch_mentions[l->nbatch_mentions];
		pm->rule = matched[i];
		pm->due_at = m->created_at + (t >= 0 && pr >= 0 ? l->sla[t][pr] : 4 * 3600);
		/* a copy: the teams are read again every few seconds */
		if (owner && !(pm->owner = strdup(owner)))
			return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		if (!owner)
			pm->owner = NULL;
		l->nbatch_mentions++;
		q->n++;
	}
	return l->nbatch >= LISTEN_BATCH_POSTS ? listen_batch_flush(l, err) : 0;
}

void listen_batch_clear(clout_listen_listener *l)
{
	for (size_t i = 0; i < l->nbatch; i++)
		free(l->batch[i].mem);
	for (size_t i = 0; i < l->nbatch_mentions; i++)
		free(l->batch_mentions[i].owner);
	l->nbatch = l->nbatch_mentions = 0;
	l->stats = NULL; /* the next record names where it counts */
}

/* The mention of the batch's post q and its k-th mention, as stored (id and post_id not known). */
static void pending_mention(const clout_listen_listener *l, const listen_pending *q, const listen_pending_mention *pm,
	clout_listen_mention *m)
{
	const listen_rule_meta *r = &l->rules[pm->rule];
	memset(m, 0, sizeof(*m));
	m->rule_id = r->store_id;
	m->rule = r->name;
	m->kind = r->kind;
	m->team = r->team;
	m->priority = r->priority;
	m->account_id = q->account_id;
	m->platform = q->p.platform;
	m->post_ext_id = q->p.ext_id;
	m->handle = q->handle;
	m->posted_at = q->posted_at;
	m->lang = q->lang;
	m->sentiment = q->sentiment;
	m->label = q->label;
	m->reach = q->reach;
	m->owner = pm->owner;
	m->status = pm->owner ? "assigned" : "new";
	m->created_at = q->created_at;
	m->due_at = pm->due_at;
	m->text = q->p.text;
	m->text_len = q->p.text_len;
}

typedef struct stored {
	int64_t *ids, *post_ids;
} stored;

static int note_stored(void *ctx, size_t index, int64_t id, int64_t post_id)
{
	stored *s = ctx;
	s->ids[index] = id;
	s->post_ids[index] = post_id;
	return 0;
}

/* Counts, tells about and raises the alerts of the mentions of the batch's post q. */
static int pending_done(clout_listen_listener *l, const listen_pending *q, const stored *st,
	clout_listen_run_stats *stats, clout_error *err)
{
	clout_listen_mention m;
	bool influencer_rule = false;
	const char *brand_rule = NULL;
	int64_t post_id = 0;
	int rc;
	memset(&m, 0, sizeof(m));
	for (uint32_t k = q->first; k < q->first + q->n; k++) {
		const listen_pending_mention *pm = &l->batch_mentions[k];
		const listen_rule_meta *r = &l->rules[pm->rule];
		if (!strcmp(r->kind, "influencer"))
			influencer_rule = true;
		if (!st->ids[k]) {
			stats->existing++;
			continue;
		}
		pending_mention(l, q, pm, &m);
		m.id = st->ids[k];
		m.post_id = post_id = st->post_ids[k];
		stats->mentions++;
		if ((!strcmp(r->kind, "brand") || !strcmp(r->kind, "campaign")) && !brand_rule)
			brand_rule = r->name;
		if ((rc = mention_created(l, &m, err)) < 0 || (rc = listen_alerts_count(l, pm->rule, &m, err)) < 0)
			return rc;
	}
	m.post_id = post_id;
	if (brand_rule && (rc = listen_alerts_post(l, &q->p, &m, influencer_rule || q->person, brand_rule, err)) < 0)
		return rc;
	return 0;
}

int listen_batch_flush(clout_listen_listener *l, clout_error *err)
{
	const clout_post **posts = NULL;
	int64_t *authors = NULL, *parents = NULL;
	clout_listen_mention *ms = NULL;
	clout_listen_run_stats scratch;
	clout_listen_run_stats *stats = l->stats ? l->stats : &scratch;
	stored st = { NULL, NULL };
	size_t n = l->nbatch, nm = l->nbatch_mentions;
	int rc = 0;
	if (n == 0)
		return 0;
	posts = malloc(n * sizeof(*posts));
	authors = malloc(n * sizeof(*authors));
	parents = malloc(n * sizeof(*parents));
	ms = malloc((nm ? nm : 1) * sizeof(*ms));
	st.ids = calloc(nm ? nm : 1, sizeof(*st.ids));
	st.post_ids = calloc(nm ? nm : 1, sizeof(*st.post_ids));
	if (!posts || !authors || !parents || !ms || !st.ids || !st.post_ids) {
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		const listen_pending *q = &l->batch[i];
		posts[i] = &q->p;
		authors[i] = q->account_id;
		parents[i] = q->parent_id;
		for (uint32_t k = q->first; k < q->first + q->n; k++)
			pending_mention(l, q, &l->batch_mentions[k], &ms[k]);
	}
	if ((rc = clout_store_put_posts_as(l->store, l->ws, posts, authors, parents, n, NULL, err)) < 0 ||
	    (rc = clout__store_mentions_insert(l->store, l->ws, ms, nm, note_stored, &st, err)) < 0)
		goto done;
	l->pending += n + nm;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = pending_done(l, &l->batch[i], &st, stats, err);
	stats->alerts += l->alerts_new;
	l->alerts_new = 0;
done:
	listen_batch_clear(l);
	free(posts);
	free(authors);
	free(parents);
	free(ms);
	free(st.ids);
	free(st.post_ids);
	return rc;
}

int listen_record(clout_listen_listener *l, const clout_import_record *rec, clout_listen_run_stats *stats,
	clout_error *err)
{
	int rc;
	stats->records++;
	for (size_t i = 0; i < rec->naccounts; i++)
		if ((rc = remember_author(l, &rec->accounts[i], err)) < 0)
			return rc;
	for (size_t i = 0; i < rec->nposts; i++) {
		const clout_post *p = &rec->posts[i];
		listen_author *au;
		stats->posts++;
		if (!p->text || !l->any_rule)
			continue;
		au = find_author(l, p->platform, p->author_ext_id);
		clout_listen_post post = { p->text, p->text_len, p->lang, p->platform, au ? au->handle : NULL,
			p->kind == CLOUT_POST_REPLY, false };
		l->nmatched = 0;
		if ((rc = clout_listen_match(l->m, l->set, &post, collect_rule, l, err)) != 0)
			return rc < 0 && err->code ? rc : clout_error_set(err, CLOUT_ENOMEM, "out of memory matching");
		if (!l->nmatched)
			continue;
		stats->matched_posts++;
		l->stats = stats;
		rc = store_mentions(l, rec, p, err);
		stats->alerts += l->alerts_new;
		l->alerts_new = 0;
		if (rc < 0) {
			if (rc == CLOUT_EBADDATA)
				clout_error_wrap(err, rc, "%s:%llu: ", rec->name, (unsigned long long)rec->line);
			return rc;
		}
	}
	return 0;
}

int clout_listen_ingest(clout_listen_listener *l, const clout_import_source *source, const char *format,
	clout_listen_run_stats *stats, clout_error *err)
{
	clout_import_options io = CLOUT_IMPORT_OPTIONS_INIT;
	clout_listen_run_stats scratch;
	clout_import_reader *reader = NULL;
	clout_import_record rec;
	int rc;
	if (!stats) {
		memset(&scratch, 0, sizeof(scratch));
		stats = &scratch;
	}
	io.format = format ? format : l->opts.format;
	io.max_record_bytes = l->opts.max_record_bytes;
	if ((rc = clout_import_reader_open(&reader, source, &io, err)) < 0)
		return rc;
	while ((rc = clout_import_reader_next(reader, &rec, err)) != 0) {
		if (rc == CLOUT_EBADDATA && l->opts.skip_bad) {
			stats->rejected++;
			if (l->opts.on_bad && (rc = l->opts.on_bad(l->opts.ctx, err)) != 0)
				break;
			continue;
		}
		if (rc < 0 || (rc = listen_record(l, &rec, stats, err)) < 0)
			break;
	}
	if (rc == 0)
		rc = listen_tx_commit(l, err);
	else
		listen_tx_rollback(l);
	clout_import_reader_free(reader);
	return rc < 0 ? rc : 0;
}

/* ---- JSON ---- */

static json_t *opt_string(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *opt_time(int64_t t)
{
	return t ? json_integer((json_int_t)t) : json_null();
}

char *clout_listen_mention_json(const clout_listen_mention *m)
{
	json_t *doc = json_pack("{s:I,s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:o,s:I,s:o,s:f,s:s,s:o,s:o,s:s,s:I,s:I,s:o,s:o,s:b}",
		"id", (json_int_t)m->id, "rule", m->rule, "kind", m->kind, "team", m->team, "priority", m->priority,
		"post_id", (json_int_t)m->post_id, "platform", m->platform, "post", m->post_ext_id, "author",
		opt_string(m->handle), "posted_at", (json_int_t)m->posted_at, "lang", opt_string(m->lang), "sentiment",
		m->sentiment, "label", m->label, "reach", m->reach >= 0 ? json_integer((json_int_t)m->reach) : json_null(),
		"owner", opt_string(m->owner), "status", m->status, "created_at", (json_int_t)m->created_at, "due_at",
		(json_int_t)m->due_at, "first_response_at", opt_time(m->first_response_at), "closed_at",
		opt_time(m->closed_at), "breached", m->breached);
	char *out;
	if (!doc)
		return NULL;
	if (m->text && json_object_set_new(doc, "text", json_stringn(m->text, m->text_len)) < 0) {
		json_decref(doc);
		return NULL;
	}
	out = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(doc);
	return out;
}

char *clout_listen_alert_json(const clout_listen_alert *a)
{
	json_t *detail = json_loads(a->detail, 0, NULL);
	json_t *doc = json_pack("{s:I,s:s,s:o,s:I,s:o,s:o,s:I}", "id", (json_int_t)a->id, "kind", a->kind, "rule",
		opt_string(a->rule), "at", (json_int_t)a->at, "post_id",
		a->post_id ? json_integer((json_int_t)a->post_id) : json_null(), "detail", detail ? detail : json_object(),
		"created_at", (json_int_t)a->created_at);
	char *out = doc ? json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(doc);
	return out;
}
