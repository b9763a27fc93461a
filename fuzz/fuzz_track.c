/*
 * fuzz_track.c: libFuzzer target for what the tracker reads from a request and a link: the
 * user-agent rules parser, click classification (User-Agent, Referer, Purpose headers), referrer
 * hosts, URL checks and the redirect target. The input's lines are the fields, in that order.
 * Build like fuzz_edgelist.c (add -Isrc), or with -DFUZZ_STANDALONE to replay files.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/track/internal.h"

/* The next line of [*p, end) as a NUL-terminated copy (NULL when there is none). */
static char *next_field(const uint8_t **p, const uint8_t *end)
{
	const uint8_t *nl;
	char *field;
	if (*p >= end)
		return NULL;
	nl = memchr(*p, '\n', (size_t)(end - *p));
	if (!nl)
		nl = end;
	if (!(field = malloc((size_t)(nl - *p) + 1)))
		abort();
	memcpy(field, *p, (size_t)(nl - *p));
	field[nl - *p] = '\0';
	*p = nl < end ? nl + 1 : end;
	return field;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	char *fields[6] = { 0 };
	char host[TRACK_HOST_MAX];
	track_rules rules, shipped;
	track_facts facts;
	clout_error err = { 0 };
	clout_click_request req = { 0 };
	if (track_rules_parse(&rules, (const char *)data, size, "fuzz", &err) == 0)
		track_rules_release(&rules);
	else if (!err.message[0])
		abort(); /* a refusal always says why */
	if (track_rules_load(&shipped, &err) < 0)
		abort();
	for (int i = 0; i < 6; i++)
		fields[i] = next_field(&p, end);
	req.user_agent = fields[0];
	req.referer = fields[1];
	req.purpose = fields[2];
	req.sec_purpose = fields[3];
	req.head = size && (data[0] & 1);
	track_classify(&shipped, &req, &facts);
	if (facts.click_class > CLOUT_CLICK_BOT || strlen(facts.referrer_host) >= TRACK_HOST_MAX)
		abort();
	track_url_host(host, sizeof(host), fields[4]);
	if (fields[4] && !track_url_problem(fields[4])) {
		char *target = track_destination(fields[4], 1234567);
		if (!target || !strstr(target, "clout_click=1234567"))
			abort();
		free(target);
	}
	(void)clout_track_code_valid(fields[5]);
	track_rules_release(&shipped);
	for (int i = 0; i < 6; i++)
		free(fields[i]);
	return 0;
}
