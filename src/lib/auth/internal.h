/* internal.h (libclout only): what the auth module's files share. */
#ifndef CLOUT_LIB_AUTH_INTERNAL_H
#define CLOUT_LIB_AUTH_INTERNAL_H

#include <stdint.h>

#include "clout/auth.h"

/* The current time when now is 0. */
int64_t auth_now(int64_t now);
/* Checks a user name: 1..CLOUT_AUTH_NAME_MAX of [A-Za-z0-9._@-]. */
int auth_check_name(const char *name, clout_error *err);

#endif
