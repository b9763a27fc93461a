"""The HTTP layer over real HTTP: health, metrics, unknown routes, wrong methods, oversized
bodies and headers, keep-alive; every JSON answer checked against docs/openapi.yaml."""
import json
import socket
import threading

from server import Checks, Server, error_errors, schema_errors

t = Checks()
srv = Server("--threads", "2")


def test_healthz__answers_ok():
    status, headers, body = srv.request("GET", "/healthz")
    t.eq(status, 200, "GET /healthz status")
    t.eq(headers.get("content-type"), "application/json", "GET /healthz content type")
    t.eq(json.loads(body), {"status": "ok"}, "GET /healthz body")
    t.eq(schema_errors("/healthz", "GET", status, body), [], "GET /healthz matches its schema")


def test_head__answers_without_body():
    status, _, body = srv.request("HEAD", "/healthz")
    t.eq(status, 200, "HEAD /healthz status")
    t.eq(body, b"", "HEAD /healthz has no body")


def test_unknown_route__is_404_json():
    status, _, body = srv.request("GET", "/no/such/route")
    t.eq(status, 404, "unknown route status")
    t.eq(error_errors(body), [], "404 body is an Error")
    t.eq(json.loads(body)["error"]["code"], "not_found", "404 error code")


def test_wrong_method__is_405_with_allow():
    status, headers, body = srv.request("DELETE", "/healthz")
    t.eq(status, 405, "DELETE /healthz status")
    t.eq(headers.get("allow"), "GET, HEAD", "405 names the allowed methods")
    t.eq(error_errors(body), [], "405 body is an Error")
    t.eq(json.loads(body)["error"]["code"], "method_not_allowed", "405 error code")


def test_keep_alive__serves_many_requests_on_one_connection():
    conn = srv.connection()
    statuses = [srv.request("GET", "/healthz", conn=conn)[0] for _ in range(20)]
    sock = conn.sock
    t.eq(statuses, [200] * 20, "20 requests on one connection")
    t.ok(sock is not None and conn.sock is sock, "the connection stayed open between requests")
    conn.close()


def test_ten_megabyte_body__is_413():
    size = 10 * 1024 * 1024
    s = srv.raw_socket()
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
              b"Content-Length: %d\r\n\r\n" % size)

    def send_body():  # the server may close before it is all sent: that is the point
        try:
            chunk = b"x" * 65536
            for _ in range(size // len(chunk)):
                s.sendall(chunk)
        except OSError:
            pass
    sender = threading.Thread(target=send_body, daemon=True)
    sender.start()
    data = b""
    while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < 10:
        part = s.recv(65536)
        if not part:
            break
        data += part
    head, _, body = data.partition(b"\r\n\r\n")
    t.ok(head.startswith(b"HTTP/1.1 413"), "10 MB body answered 413, got %r" % head[:40])
    t.ok(b"connection: close" in head.lower(), "413 closes the connection rather than read the body")
    length = int([l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")][0].split(b":")[1])
    while len(body) < length:
        part = s.recv(65536)
        if not part:
            break
        body += part
    t.eq(error_errors(body[:length]), [], "413 body is an Error")
    t.eq(json.loads(body[:length])["error"]["code"], "payload_too_large", "413 error code")
    s.close()


def test_large_headers__are_431():
    status, _, body = srv.request("GET", "/healthz", headers={"X-Padding": "a" * 20000})
    t.eq(status, 431, "20 kB of headers status")
    t.eq(json.loads(body)["error"]["code"], "header_too_large", "431 error code")


def test_metrics__counts_requests_by_route_and_status():
    srv.request("GET", "/no/such/route")
    status, headers, body = srv.request("GET", "/metrics")
    text = body.decode()
    t.eq(status, 200, "GET /metrics status")
    t.ok(headers.get("content-type", "").startswith("text/plain; version=0.0.4"), "metrics content type")
    samples = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            samples[name] = float(value)
    t.ok(samples.get('clout_http_requests_total{route="/healthz",status="200"}', 0) >= 1,
         "healthz 200 counted")
    t.ok(samples.get('clout_http_requests_total{route="unmatched",status="404"}', 0) >= 2,
         "404s counted as unmatched")
    t.ok(samples.get('clout_http_request_duration_seconds_count{route="/healthz"}', 0) >= 1,
         "latency histogram has the healthz requests")
    t.ok(samples.get("clout_http_connections_open", 0) >= 1, "the metrics request's own connection is open")
    t.ok("# TYPE clout_commit_batch_size histogram" in text, "commit batch histogram is exposed")
    for line in text.splitlines():  # every sample line is NAME{labels} VALUE
        if line and not line.startswith("#"):
            t.ok(bool(__import__("re").match(r'^[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? [0-9.e+-]+$', line)),
                 "exposition line: %r" % line)


try:
    for name, fn in list(globals().items()):
        if name.startswith("test_"):
            fn()
    t.eq(srv.stop(), 0, "serve exits 0 on SIGTERM")
finally:
    srv.cleanup()
t.finish()
