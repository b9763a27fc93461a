/* audit.c: the audit log: appending entries and reading them back (see clout/auth.h). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "lib/auth/internal.h"
#include "lib/store/auth.h"
#include "util/banned.h"

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int clout__audit_append_on(clout_store *store, const clout_audit_entry *entry, clout_error *err)
{
	clout_audit_entry e = *entry;
	if (!e.action || !*e.action)
		return clout_error_set(err, CLOUT_EINVAL, "audit: an action is required");
	if (!e.at_ms)
		e.at_ms = now_ms();
	if (!e.actor)
		e.actor = "local";
	if (!e.origin)
		e.origin = "cli";
	return clout__audit_insert(store, &e, err);
}

int clout__audit_read_on(clout_audit_list *out, clout_store *store, int64_t since_ms, clout_error *err)
{
	return clout__audit_list(store, since_ms, out, err);
}

void clout_audit_list_release(clout_audit_list *list)
{
	if (!list)
		return;
	free(list->entries);
	free(list->strings);
	memset(list, 0, sizeof(*list));
}

/* RFC 3339 UTC with milliseconds. */
static void format_ms(char out[32], int64_t ms)
{
	time_t s = (time_t)(ms / 1000);
	struct tm tm;
	char base[24];
	gmtime_r(&s, &tm);
	strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, 32, "%s.%03dZ", base, (int)(ms % 1000));
}

char *clout_audit_json(const clout_audit_list *list)
{
	json_t *arr = json_array();
	char *text = NULL;
	if (!arr)
		return NULL;
	for (size_t i = 0; i < list->count; i++) {
		const clout_audit_entry *e = &list->entries[i];
		char at[32];
		json_t *o;
		format_ms(at, e->at_ms);
		o = json_pack("{s:I,s:s,s:o,s:s?,s:s?,s:s?,s:s?}", "id", (json_int_t)e->id, "at", at, "workspace",
			e->workspace ? json_integer(e->workspace) : json_null(), "actor", e->actor, "action", e->action,
			"object", e->object, "origin", e->origin);
		if (!o || json_array_append_new(arr, o) < 0)
			goto done;
	}
	text = json_dumps(arr, JSON_COMPACT);
done:
	json_decref(arr);
	return text;
}
