/*
 * tls.h: HTTPS for `clout serve --tls-cert FILE --tls-key FILE`: the PEM files read into memory
 * for libmicrohttpd (GnuTLS), and the daemon options that turn it on.
 */
#ifndef CLOUT_SERVER_TLS_H
#define CLOUT_SERVER_TLS_H

#include <microhttpd.h>

#include "server/server.h"

typedef struct server_tls {
	char *cert, *key;                  /* PEM text, NUL-terminated; NULL without TLS */
	struct MHD_OptionItem options[3];  /* for MHD_OPTION_ARRAY: empty without TLS */
} server_tls;

/* Reads opts->tls_cert and tls_key (both or neither). CLOUT_EINVAL names the option at fault
 * (one without the other, libmicrohttpd without TLS support), CLOUT_EIO a file that cannot be read. */
int tls_load(server_tls *out, const server_options *opts, clout_error *err);
/* The daemon flag to add (MHD_USE_TLS, or 0). */
unsigned int tls_flags(const server_tls *tls);
void tls_release(server_tls *tls);

#endif
