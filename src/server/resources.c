/* resources.c: opening and closing what handlers call into (see resources.h). */
#include <stdlib.h>

#include "server/resources.h"

int resources_open(server_resources **out, const server_options *opts, server_metrics *metrics,
	clout_error *err)
{
	server_resources *res = calloc(1, sizeof(*res));
	int rc;
	(void)metrics;
	*out = NULL;
	if (!res)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	if ((rc = clout_store_open(&res->store, clout_store_default_location(opts->db), err)) < 0) {
		free(res);
		return rc;
	}
	*out = res;
	return 0;
}

void resources_stop(server_resources *res)
{
	(void)res;
}

void resources_free(server_resources *res)
{
	if (!res)
		return;
	clout_store_free(res->store);
	free(res);
}
