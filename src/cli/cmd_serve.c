/* cmd_serve.c: `clout serve`: the HTTP API and the tracking endpoints (src/server). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "server/server.h"
#include "util/banned.h"

/* Splits "ADDR:PORT" or "[V6ADDR]:PORT" into host (copied into host_buf) and port. */
static int parse_listen(const char *listen, char *host_buf, size_t host_size, uint16_t *port)
{
	const char *colon = strrchr(listen, ':'), *host = listen;
	size_t host_len;
	char *end;
	long p;
	if (!colon)
		return -1;
	host_len = (size_t)(colon - listen);
	if (listen[0] == '[') {
		if (host_len < 2 || listen[host_len - 1] != ']')
			return -1;
		host++;
		host_len -= 2;
	}
	p = strtol(colon + 1, &end, 10);
	if (host_len == 0 || host_len >= host_size || end == colon + 1 || *end || p < 0 || p > 65535)
		return -1;
	memcpy(host_buf, host, host_len);
	host_buf[host_len] = '\0';
	*port = (uint16_t)p;
	return 0;
}

static int check_positive(const char *name, int64_t value, int64_t max)
{
	if (value >= 1 && value <= max)
		return 0;
	fprintf(stderr, "clout serve: --%s: %lld is out of range (1..%lld)\n", name, (long long)value, (long long)max);
	return -1;
}

int cmd_serve(const cli_context *ctx, int argc, char **argv)
{
	server_options o = SERVER_OPTIONS_INIT;
	const char *listen = "127.0.0.1:8080";
	int64_t threads = sysconf(_SC_NPROCESSORS_ONLN), timeout = o.timeout_s, max_body = (int64_t)o.max_body_bytes;
	int64_t drain = o.drain_timeout_s, webhook_backoff = 1000;
	bool print_routes = false;
	char host[128];
	const cli_opt options[] = {
		{ CLI_OPT_STRING, "listen", 'l', &listen, "ADDR:PORT", "address to listen on (default 127.0.0.1:8080; port 0: any free port)" },
		{ CLI_OPT_POS_INT, "threads", 't', &threads, "N", "worker threads (default: one per core)" },
		CLI_OPT_DB(&o.db),
		{ CLI_OPT_STRING, "public-url", 0, &o.public_url, "URL", "base URL of short links (default http://ADDR:PORT)" },
		{ CLI_OPT_POS_INT, "timeout", 0, &timeout, "SECONDS", "close connections idle this long (default 30)" },
		{ CLI_OPT_POS_INT, "max-body", 0, &max_body, "BYTES", "largest request body accepted (default 1048576)" },
		{ CLI_OPT_POS_INT, "drain-timeout", 0, &drain, "SECONDS", "on SIGTERM, how long requests in flight may take (default 10)" },
		{ CLI_OPT_STRING, "tls-cert", 0, &o.tls_cert, "FILE", "serve HTTPS with this PEM certificate chain (with --tls-key)" },
		{ CLI_OPT_STRING, "tls-key", 0, &o.tls_key, "FILE", "the PEM private key of --tls-cert" },
		{ CLI_OPT_POS_INT, "webhook-backoff", 0, &webhook_backoff, "MS", "first webhook retry delay; doubles per attempt (default 1000)" },
		{ CLI_OPT_STRING, "trusted-proxy", 0, &o.trusted_proxy, "ADDR",
			"a reverse proxy's address: its X-Forwarded-For names the client" },
		{ CLI_OPT_STRING, "state-dir", 0, &o.state_dir, "DIR",
			"the click log's directory (default: DB.clicks beside a SQLite store, ./clout-state for PostgreSQL)" },
		{ CLI_OPT_FLAG, "click-fsync", 0, &o.click_fsync, NULL,
			"fdatasync the click log before each batch of redirects (survives power loss; slower)" },
		{ CLI_OPT_FLAG, "no-fast-path", 0, &o.no_fast_path, NULL,
			"answer /r/CODE through libmicrohttpd like every other route (always so with --tls-cert)" },
		{ CLI_OPT_FLAG, "print-routes", 0, &print_routes, NULL, "print the routes table and exit" },
		{ 0 },
	};
	const cli_command_spec spec = { "serve", "[options]",
		"Serve the JSON HTTP API, tracking links and /metrics until SIGTERM or SIGINT.", options, 0, 0 };
	clout_error err = { 0 };
	int rc;
	if (cli_parse_options(&spec, argc, argv, &rc))
		return rc;
	if (print_routes) {
		server_print_routes(stdout);
		rc = EXIT_OK;
		goto done;
	}
	rc = EXIT_USAGE;
	if (parse_listen(listen, host, sizeof(host), &o.port) < 0) {
		fprintf(stderr, "clout serve: --listen: '%s' is not ADDR:PORT\n", listen);
		goto done;
	}
	if (check_positive("threads", threads, 1024) < 0 || check_positive("timeout", timeout, 86400) < 0 ||
	    check_positive("max-body", max_body, (int64_t)1 << 32) < 0 || check_positive("drain-timeout", drain, 3600) < 0 ||
	    check_positive("webhook-backoff", webhook_backoff, 3600 * 1000) < 0)
		goto done;
	if (!o.db)
		o.db = ctx->db;
	o.host = host;
	o.threads = (unsigned int)threads;
	o.timeout_s = (unsigned int)timeout;
	o.max_body_bytes = (size_t)max_body;
	o.drain_timeout_s = (unsigned int)drain;
	o.log = stderr;
	o.webhook_backoff_ms = (long)webhook_backoff;
	rc = server_run(&o, &err) < 0 ? cli_fail("serve", &err) : EXIT_OK;
done:
	return rc;
}
