"""SIGTERM drains: the server stops accepting at once, finishes the request in flight (its client
gets the whole answer, told to close), and exits 0."""
import errno
import json
import socket
import time

from server import Checks, Server

t = Checks()
srv = Server("--drain-timeout", "30")
try:
    s = srv.raw_socket(timeout=60)
    body = b'{"padding": "' + b"x" * 100 + b'"}'
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
              b"Content-Length: %d\r\n\r\n" % len(body) + body[:50])
    status, _, _ = srv.request("GET", "/healthz")  # the half-sent request is in flight by now
    t.eq(status, 200, "a request before SIGTERM")
    srv.proc.send_signal(15)
    refused = False
    for _ in range(3000):  # until the listener is closed: no fixed sleep decides the test
        try:
            socket.create_connection(("127.0.0.1", srv.port), timeout=5).close()
        except OSError as e:
            refused = e.errno == errno.ECONNREFUSED
            break
        time.sleep(0.01)
    t.ok(refused, "new connections are refused once draining")
    t.eq(srv.proc.poll(), None, "the server waits for the request in flight")
    s.sendall(body[50:])
    data = b""
    while True:
        part = s.recv(65536)
        if not part:
            break
        data += part
    head, _, rest = data.partition(b"\r\n\r\n")
    t.ok(head.startswith(b"HTTP/1.1 503"), "the request in flight is answered (healthz says draining): %r" % head[:30])
    t.ok(b"connection: close" in head.lower(), "answers while draining close their connection")
    t.eq(json.loads(rest), {"status": "draining"}, "healthz while draining")
    t.eq(srv.wait(), 0, "serve exits 0 after the drain")
    t.ok("draining" in srv.output() and "stopped" in srv.output(), "the drain is logged")
finally:
    srv.cleanup()
t.finish()
