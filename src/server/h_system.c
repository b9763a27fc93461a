/* h_system.c: the server's own routes: GET /healthz and GET /metrics. */
#include "server/handlers.h"
#include "server/http.h"
#include "util/banned.h"

int h_healthz(http_request *req)
{
	bool draining = atomic_load(&req->srv->draining);
	return http_reply_json(req, draining ? 503 : 200, json_pack("{s:s}", "status", draining ? "draining" : "ok"));
}

int h_metrics(http_request *req)
{
	clout_buf text = CLOUT_BUF_INIT;
	int rc = metrics_write(req->srv->metrics, &text);
	if (rc == 0)
		rc = clout_buf_printf(&text, "# HELP clout_http_requests_in_flight Requests begun and not yet answered "
					     "(this one included).\n# TYPE clout_http_requests_in_flight gauge\n"
					     "clout_http_requests_in_flight %d\n", atomic_load(&req->srv->in_flight));
	if (rc == 0)
		rc = http_reply(req, 200, "text/plain; version=0.0.4; charset=utf-8", text.ptr, text.len);
	clout_buf_release(&text);
	return rc;
}
