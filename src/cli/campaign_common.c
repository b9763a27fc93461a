/* campaign_common.c: helpers of the campaign, contract, calendar and report commands (see
 * campaign_common.h). */
#include <stdlib.h>

#include "cli/campaign_common.h"
#include "util/banned.h"

int cli_emit_json(const char *cmd, char *json)
{
	if (!json) {
		fprintf(stderr, "clout %s: out of memory\n", cmd);
		return EXIT_SOFTWARE;
	}
	printf("%s\n", json);
	free(json);
	return EXIT_OK;
}
