"""SIGTERM drains: the server stops accepting at once, finishes the requests in flight (a click
among them is committed to the store and answered 302; every client gets its whole answer, told
to close), and exits 0."""
import errno
import json
import os
import re
import socket
import sqlite3
import subprocess
import tempfile
import time

from server import CLOUT, Checks, Server

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36"
t = Checks()
scratch = tempfile.mkdtemp(prefix="clout-e2e-")
db = os.path.join(scratch, "test.db")
r = subprocess.run([CLOUT, "link", "create", "--db", db, "--url", "https://shop.example.com/", "--code", "drain"],
                   capture_output=True, text=True)
t.eq(r.returncode, 0, "link create (%s)" % r.stderr)
srv = Server("--drain-timeout", "30", db=db, scratch=scratch)


def half_sent(path):
    """A request whose headers are in but whose body is not: in flight until the rest comes."""
    s = srv.raw_socket(timeout=60)
    body = b'{"padding": "' + b"x" * 100 + b'"}'
    s.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: t\r\nUser-Agent: " + BROWSER.encode() +
              b"\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body[:50])
    return s, body[50:]


def read_all(s):
    data = b""
    while True:
        part = s.recv(65536)
        if not part:
            return data
        data += part


try:
    health, health_rest = half_sent(b"/healthz")
    click, click_rest = half_sent(b"/r/drain")
    in_flight = 0
    for _ in range(3000):  # until the server has both half-sent requests' headers (and this one)
        status, _, body = srv.request("GET", "/metrics")
        m = re.search(r"^clout_http_requests_in_flight (\d+)$", body.decode(), re.M)
        in_flight = int(m.group(1)) if m else 0
        if in_flight >= 3:
            break
        time.sleep(0.01)
    t.eq(in_flight, 3, "both half-sent requests are in flight (and the metrics request)")
    srv.proc.send_signal(15)
    refused = False
    for _ in range(3000):  # until the listener is closed: no fixed sleep decides the test
        try:
            socket.create_connection(("127.0.0.1", srv.port), timeout=5).close()
        except OSError as e:
            # refused; or reset, when the connection reached the backlog just as the listener closed
            refused = e.errno in (errno.ECONNREFUSED, errno.ECONNRESET)
            if not refused:
                print("connect after the drain began: %s" % e)
            break
        time.sleep(0.01)
    t.ok(refused, "new connections are refused once draining")
    t.eq(srv.proc.poll(), None, "the server waits for the requests in flight")
    health.sendall(health_rest)
    click.sendall(click_rest)
    head, _, rest = read_all(health).partition(b"\r\n\r\n")
    t.ok(head.startswith(b"HTTP/1.1 503"), "the health request in flight is answered (draining): %r" % head[:30])
    t.ok(b"connection: close" in head.lower(), "answers while draining close their connection")
    t.eq(json.loads(rest), {"status": "draining"}, "healthz while draining")
    head, _, _ = read_all(click).partition(b"\r\n\r\n")
    t.ok(head.startswith(b"HTTP/1.1 302"), "the click in flight is recorded and answered: %r" % head[:30])
    location = [l for l in head.split(b"\r\n") if l.lower().startswith(b"location:")]
    t.eq(len(location), 1, "the 302 has a Location")
    click_id = int(location[0].split(b"clout_click=")[1]) if location else -1
    t.eq(srv.wait(), 0, "serve exits 0 after the drain")
    t.ok("draining" in srv.output() and "stopped" in srv.output(), "the drain is logged")
    con = sqlite3.connect(db)
    ids = [row[0] for row in con.execute("SELECT id FROM track_click")]
    con.close()
    t.eq(ids, [click_id], "the click answered during the drain is in the store")
finally:
    srv.cleanup()
t.finish()
