/*
 * clout/track.h: tracking links and their clicks.
 *
 * A link maps a short code (the path of /r/CODE) to a destination URL, with the influencer and
 * campaign it was made for. A click on it is recorded before the redirect leaves, with its time,
 * a salted hash of the client address (the address itself is never stored), the class of its
 * user agent and the host of its referrer. Clicks are classed: human clicks count; HEAD
 * requests, prefetches, link-preview fetchers and bots are kept apart. A human click from an
 * address hash that clicked the same link within the unique window counts as a click but not as
 * a unique click.
 *
 * The click recorder writes clicks by group commit: callers hand it clicks from any thread, one
 * committer thread writes everything queued in one transaction, and each caller is told (by
 * callback) once its click is durable, with the click's id and the destination to send to.
 */
#ifndef CLOUT_TRACK_H
#define CLOUT_TRACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clout/common.h"
#include "clout/session.h"
#include "clout/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Links ---- */

/* Longest code and URL accepted. */
#define CLOUT_LINK_CODE_MAX 64
#define CLOUT_LINK_URL_MAX 2048

typedef struct clout_link {
	int64_t id;
	int64_t workspace;
	char *code;
	char *url;
	char *influencer; /* handle without @, or NULL */
	char *campaign;   /* or NULL */
	int64_t created_at; /* unix seconds */
} clout_link;

/* Frees the strings of a link filled by clout_track_*; leaves it zeroed. NULL-safe. */
void clout_link_release(clout_link *link);

typedef struct clout_link_options {
	unsigned int version;
	const char *url;        /* required: an absolute http:// or https:// URL */
	const char *code;       /* NULL: a random 8-character code; else [A-Za-z0-9_-], 1..64 */
	const char *influencer; /* optional handle (a leading @ is dropped) */
	const char *campaign;   /* optional campaign name */
} clout_link_options;

#define CLOUT_LINK_OPTIONS_VERSION 1
#define CLOUT_LINK_OPTIONS_INIT { CLOUT_LINK_OPTIONS_VERSION, NULL, NULL, NULL, NULL }

/*
 * Creates a link in the session's workspace (errors on the session). Fills *out (release with clout_link_release). CLOUT_EINVAL with
 * the field named ("url: ...", "code: ...") for a bad URL or code; CLOUT_EEXISTS when the code is
 * taken (codes are unique across workspaces, since /r/CODE names no workspace).
 */
int clout_track_link_create(clout_link *out, clout_session *s, const clout_link_options *opts);

/* Finds the link with code in the session's workspace; CLOUT_ENOTFOUND when there is none. */
int clout_track_link_get(clout_link *out, clout_session *s, const char *code);

/* The link as JSON: {"code", "short_url", "url", "influencer", "campaign", "created_at"}, with
 * short_url = base_url + "/r/" + code. A malloc'd string, or NULL when out of memory. */
char *clout_link_json(const clout_link *link, const char *base_url);

/* ---- Clicks ---- */

typedef enum {
	CLOUT_CLICK_HUMAN = 0, /* a person's browser: counted */
	CLOUT_CLICK_HEAD,      /* a HEAD request */
	CLOUT_CLICK_PREFETCH,  /* Purpose / Sec-Purpose / X-Purpose / X-Moz: prefetch or preview */
	CLOUT_CLICK_PREVIEW,   /* a link-preview fetcher (chat apps unfurling the link) */
	CLOUT_CLICK_BOT        /* a crawler, monitor or HTTP tool */
} clout_click_class;

#define CLOUT_CLICK_CLASSES 5

/* "human", "head", "prefetch", "preview", "bot". */
const char *clout_click_class_name(clout_click_class c);

/* What the tracker needs from one request to /r/CODE. Strings may be NULL (header absent). */
typedef struct clout_click_request {
	bool head;
	const char *user_agent;
	const char *referer;
	const char *purpose;     /* Purpose */
	const char *sec_purpose; /* Sec-Purpose */
	const char *x_purpose;   /* X-Purpose */
	const char *x_moz;       /* X-Moz */
	const void *address;     /* the client address as bytes (4 for IPv4, 16 for IPv6) */
	size_t address_len;
} clout_click_request;

/* Counts of one link's clicks. */
typedef struct clout_link_stats {
	int64_t clicks;        /* human clicks, repeats included */
	int64_t unique_clicks; /* human clicks that were not repeats within the window */
	int64_t by_class[CLOUT_CLICK_CLASSES];
	int64_t first_click_at, last_click_at; /* unix milliseconds of human clicks; 0 when none */
} clout_link_stats;

/* The stats of the link with code in the session's workspace (CLOUT_ENOTFOUND when there is none). */
int clout_track_link_stats(clout_link_stats *out, clout_session *s, const char *code);

/* {"code", "clicks", "unique_clicks", "human", "head", "prefetch", "preview", "bot",
 * "first_click_at", "last_click_at"} (times as unix milliseconds or null). Malloc'd or NULL. */
char *clout_link_stats_json(const char *code, const clout_link_stats *stats);

/* ---- The click recorder (a durable click log, folded into the store) ---- */

typedef struct clout_track_recorder clout_track_recorder;

/* What a caller learns once its click is logged (or refused). Borrowed for the callback. */
typedef struct clout_click_result {
	int code;              /* 0; CLOUT_ENOTFOUND for an unknown link (nothing recorded); or a failure */
	const char *message;   /* for a failure */
	int64_t click_id;
	clout_click_class click_class;
	const char *location;  /* the destination with clout_click=ID appended */
} clout_click_result;

/* Called once per submitted click, once its log record is written (or on failure), on the
 * recorder's writer thread, or on the caller's before clout_track_recorder_submit returns (an
 * unknown link). */
typedef void (*clout_click_done_fn)(void *ctx, const clout_click_result *result);

/* Called after each logged batch, on the thread that wrote it: its size and its clicks per class. */
typedef void (*clout_click_batch_fn)(void *ctx, size_t batch, const uint64_t by_class[CLOUT_CLICK_CLASSES]);

typedef struct clout_track_recorder_options {
	unsigned int version;
	int64_t unique_window_s;  /* repeats from one address hash within this are not unique (1800) */
	size_t max_batch;         /* most clicks per fold transaction (4096) */
	clout_click_batch_fn on_batch; /* optional */
	void *on_batch_ctx;
	/* The click log's directory. NULL: beside a file store (LOCATION.clicks), or ./clout-state for
	 * a postgresql:// store. Two servers never share one (the second is refused). */
	const char *state_dir;
	bool fsync;               /* fdatasync the log at each batch (survives power loss), not only write */
	unsigned int fold_interval_ms; /* how often logged clicks are folded into the store (200) */
} clout_track_recorder_options;

#define CLOUT_TRACK_RECORDER_OPTIONS_VERSION 2
#define CLOUT_TRACK_RECORDER_OPTIONS_INIT { CLOUT_TRACK_RECORDER_OPTIONS_VERSION, 1800, 4096, NULL, NULL, NULL, \
	false, 200 }

/*
 * Opens two connections to the store at location (link lookups and id blocks; the folder's), the
 * address salt kept there (made on first use), the user-agent rules and the click log; folds into
 * the store whatever the log holds from before (a crash), then starts the writer and folder
 * threads. opts may be NULL.
 */
int clout_track_recorder_new(clout_track_recorder **out, const char *location,
	const clout_track_recorder_options *opts, clout_error *err);

/* Longest log record of one click, and room for a location built by clout_track_recorder_prepare. */
#define CLOUT_CLICK_RECORD_MAX 320
#define CLOUT_CLICK_LOCATION_MAX (CLOUT_LINK_URL_MAX + 48)

/* One click made ready on the caller's thread: its id, class and log record. */
typedef struct clout_click_prepared {
	int64_t click_id;
	clout_click_class click_class;
	size_t record_len;
	uint8_t record[CLOUT_CLICK_RECORD_MAX];
} clout_click_prepared;

/*
 * Resolves code (links are cached in memory; the store is read for codes not seen yet), classifies
 * and hashes the click, gives it an id and writes its destination (clout_click=ID appended, NUL
 * terminated) into location[0..CLOUT_CLICK_LOCATION_MAX). Nothing is recorded until its record is
 * logged (clout_track_recorder_log). 0; CLOUT_ENOTFOUND for an unknown link or invalid code; or a
 * failure with a message on err. Any thread.
 */
int clout_track_recorder_prepare(clout_track_recorder *rec, const char *code, const clout_click_request *req,
	clout_click_prepared *out, char *location, clout_error *err);

/*
 * Appends the records of count prepared clicks (records[0..len), their record bytes one after the
 * other) to the click log in one write, and fdatasync when asked: once it returns 0 the clicks
 * are durable and their redirects may leave. by_class (may be NULL) counts them per class for the
 * on_batch callback. Any thread; CLOUT_EUNAVAILABLE after stop.
 */
int clout_track_recorder_log(clout_track_recorder *rec, const uint8_t *records, size_t len, size_t count,
	const uint64_t by_class[CLOUT_CLICK_CLASSES], clout_error *err);

/*
 * Prepares the click now (on the calling thread) and queues it for the writer thread, which logs
 * everything queued in one write and then calls each done. done(ctx, ...) is called exactly once,
 * possibly before this returns (an unknown link: CLOUT_ENOTFOUND).
 * Returns 0, or CLOUT_EINVAL (bad code: nothing queued, done not called) or CLOUT_EUNAVAILABLE
 * after stop.
 */
int clout_track_recorder_submit(clout_track_recorder *rec, const char *code, const clout_click_request *req,
	clout_click_done_fn done, void *ctx);

/* Folds every click logged so far into the store now (the folder does it every fold interval). */
int clout_track_recorder_fold(clout_track_recorder *rec, clout_error *err);

/* Logs and answers everything queued, stops the threads, folds the whole log into the store and
 * empties it; later submits fail. NULL-safe. */
void clout_track_recorder_stop(clout_track_recorder *rec);
/* Stops (if needed) and frees. NULL-safe. */
void clout_track_recorder_free(clout_track_recorder *rec);

/* Whether code is a valid link code ([A-Za-z0-9_-], 1..CLOUT_LINK_CODE_MAX). */
bool clout_track_code_valid(const char *code);

#ifdef __cplusplus
}
#endif
#endif
