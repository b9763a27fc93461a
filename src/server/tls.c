/* tls.c: loading the certificate and key for HTTPS (see tls.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/tls.h"
#include "util/banned.h"

#define PEM_MAX (1024 * 1024)

static int read_pem(char **out, const char *option, const char *path, clout_error *err)
{
	FILE *f = fopen(path, "rb");
	size_t len;
	char *text;
	*out = NULL;
	if (!f)
		return clout_error_set(err, CLOUT_EIO, "%s: %s: %s", option, path, strerror(errno));
	if (!(text = malloc(PEM_MAX + 1))) {
		fclose(f);
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	}
	len = fread(text, 1, PEM_MAX + 1, f);
	fclose(f);
	if (len == 0 || len > PEM_MAX || !strstr(text, "-----BEGIN ")) {
		free(text);
		return clout_error_set(err, CLOUT_EINVAL, "%s: %s is not a PEM file", option, path);
	}
	text[len] = '\0';
	*out = text;
	return 0;
}

int tls_load(server_tls *out, const server_options *opts, clout_error *err)
{
	int rc;
	memset(out, 0, sizeof(*out));
	out->options[0].option = MHD_OPTION_END;
	if (!opts->tls_cert && !opts->tls_key)
		return 0;
	if (!opts->tls_cert || !opts->tls_key)
		return clout_error_set(err, CLOUT_EINVAL, "--tls-cert and --tls-key go together");
	if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
		return clout_error_set(err, CLOUT_EINVAL,
			"--tls-cert: this libmicrohttpd has no TLS support; run behind a reverse proxy (docs/reverse-proxy.md)");
	if ((rc = read_pem(&out->cert, "--tls-cert", opts->tls_cert, err)) < 0 ||
	    (rc = read_pem(&out->key, "--tls-key", opts->tls_key, err)) < 0) {
		tls_release(out);
		return rc;
	}
	out->options[0] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_KEY, 0, out->key };
	out->options[1] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_CERT, 0, out->cert };
	out->options[2] = (struct MHD_OptionItem){ MHD_OPTION_END, 0, NULL };
	return 0;
}

unsigned int tls_flags(const server_tls *tls)
{
	return tls->cert ? MHD_USE_TLS : 0;
}

void tls_release(server_tls *tls)
{
	if (tls->key) {
		memset(tls->key, 0, strlen(tls->key));
		free(tls->key);
	}
	free(tls->cert);
	memset(tls, 0, sizeof(*tls));
	tls->options[0].option = MHD_OPTION_END;
}
