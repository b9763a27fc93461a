/* url.c: what a link may point at, what a code may be, and the redirect target of a click. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/track/internal.h"
#include "util/banned.h"

bool clout_track_code_valid(const char *code)
{
	size_t n = 0;
	if (!code)
		return false;
	for (; code[n]; n++) {
		char c = code[n];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return false;
	}
	return n >= 1 && n <= CLOUT_LINK_CODE_MAX;
}

const char *track_url_problem(const char *url)
{
	char host[TRACK_HOST_MAX];
	size_t len;
	if (!url || !*url)
		return "is empty";
	len = strlen(url);
	if (len > CLOUT_LINK_URL_MAX)
		return "is longer than 2048 bytes";
	if (strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8))
		return "must be an absolute http:// or https:// URL";
	/* It goes out in a Location header as is: printable ASCII only (IRIs percent-encoded). */
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)url[i] <= 0x20 || (unsigned char)url[i] >= 0x7f)
			return "must be printable ASCII without spaces (percent-encode the rest)";
	track_url_host(host, sizeof(host), url);
	if (!host[0])
		return "has no host";
	return NULL;
}

char *track_destination(const char *url, int64_t click_id)
{
	size_t base_len = strcspn(url, "#");
	const char *fragment = url + base_len;
	const char *query = memchr(url, '?', base_len);
	const char *sep = !query ? "?" : (url[base_len - 1] == '?' || url[base_len - 1] == '&') ? "" : "&";
	size_t size = base_len + strlen(sep) + strlen("clout_click=") + 21 + strlen(fragment) + 1;
	char *out = malloc(size);
	if (!out)
		return NULL;
	snprintf(out, size, "%.*s%sclout_click=%" PRId64 "%s", (int)base_len, url, sep, click_id, fragment);
	return out;
}
