"""The redirect fast path (src/server/fastpath.c): a keep-alive connection that clicks, calls the
API (handed to libmicrohttpd) and clicks again; pipelined requests answered in order; requests the
fast path does not take answered exactly as with --no-fast-path; a slow client closed at the
timeout; /metrics counting the fast path's requests and clicks; the store holding each click once."""
import os
import re
import socket
import time
from urllib.parse import parse_qs, urlsplit

from server import CLOUT, Checks, Server
import subprocess

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
t = Checks()


def read_response(sock, buf, head=False):
    """One response from sock (buf: bytes read ahead, a one-element list). (status, headers, body)."""
    while b"\r\n\r\n" not in buf[0]:
        data = sock.recv(65536)
        if not data:
            raise EOFError("connection closed")
        buf[0] += data
    head_text, _, rest = buf[0].partition(b"\r\n\r\n")
    lines = head_text.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    length = 0 if head else int(headers.get("content-length", "0"))
    while len(rest) < length:
        data = sock.recv(65536)
        if not data:
            raise EOFError("connection closed in a body")
        rest += data
    buf[0] = rest[length:]
    return status, headers, rest[:length]


def click_id(headers):
    return int(parse_qs(urlsplit(headers["location"]).query)["clout_click"][0])


def get(path, extra=""):
    return ("GET %s HTTP/1.1\r\nHost: t\r\nUser-Agent: %s\r\n%s\r\n" % (path, BROWSER, extra)).encode()


srv = Server("--timeout", "2")
r = subprocess.run([CLOUT, "link", "create", "--db", srv.db, "--url", "https://shop.example.com/p?a=1#top",
                    "--code", "fast"], capture_output=True, text=True)
t.eq(r.returncode, 0, "link create (%s)" % r.stderr)
ids = []


def test_keep_alive__click_api_click_on_one_connection():
    s = srv.raw_socket()
    buf = [b""]
    s.sendall(get("/r/fast"))
    status, headers, _ = read_response(s, buf)
    t.eq(status, 302, "the first click")
    t.ok(headers["location"].startswith("https://shop.example.com/p?a=1&clout_click=") and
         headers["location"].endswith("#top"), "the destination keeps its query and fragment")
    ids.append(click_id(headers))
    s.sendall(("GET /api/v1/links/fast/stats HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer %s\r\n\r\n"
               % srv.token).encode())
    status, _, body = read_response(s, buf)
    t.eq(status, 200, "the API on the same connection (handed to libmicrohttpd)")
    t.ok(b'"clicks":1' in body.replace(b" ", b""), "the stats count the click logged just before")
    s.sendall(get("/r/fast"))
    status, headers, _ = read_response(s, buf)
    t.eq(status, 302, "a click after the API call, on the same connection")
    ids.append(click_id(headers))
    s.close()


def test_pipelined__answers_in_order():
    s = srv.raw_socket()
    buf = [b""]
    s.sendall(get("/r/fast") + get("/r/fast") + b"HEAD /r/fast HTTP/1.1\r\nHost: t\r\n\r\n" + get("/r/nosuchcode") +
              get("/r/fast", "Sec-Purpose: prefetch\r\n") + b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n" + get("/r/fast"))
    got = []
    for head in (False, False, True, False, False, False, False):
        status, headers, body = read_response(s, buf, head=head)
        got.append(status)
        if status == 302:
            ids.append(click_id(headers))
        if status == 404:
            t.eq(body, b'{"error":{"code":"not_found","message":"no link here","field":null}}', "the 404 page")
    t.eq(got, [302, 302, 302, 404, 302, 200, 302], "seven pipelined answers in order")
    s.close()


def statuses(server, requests):
    out = []
    for raw in requests:
        s = server.raw_socket(timeout=10)
        buf = [b""]
        try:
            s.sendall(raw)
            out.append(read_response(s, buf)[0])
        except (EOFError, OSError):
            out.append("closed")
        s.close()
    return out


def test_not_taken__same_answers_as_without_the_fast_path():
    requests = [
        b"GET /r/fast HTTP/1.0\r\nHost: t\r\n\r\n",
        b"GET /r/fa%73t HTTP/1.1\r\nHost: t\r\n\r\n",
        b"GET /r/fast HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello",
        b"GET /r/fast HTTP/1.1\r\nHost: t\r\nX-Pad: " + b"a" * 20000 + b"\r\n\r\n",
        b"GET /r/fast HTTP/1.1\r\nHost: t\r\nX-Pad: " + b"a" * 70000 + b"\r\n\r\n",
        b"GET /r/bad.code HTTP/1.1\r\nHost: t\r\n\r\n",
        b"POST /r/fast HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n",
        b"GET /r/nosuchcode HTTP/1.1\r\nHost: t\r\n\r\n",
        b"GARBAGE\r\n\r\n",
    ]
    plain = Server("--state-dir", os.path.join(srv.scratch, "plain.clicks"), "--no-fast-path", db=srv.db,
                   scratch=srv.scratch)
    try:
        want = statuses(plain, requests)
    finally:
        t.eq(plain.stop(), 0, "the --no-fast-path server exits 0")
    got = statuses(srv, requests)
    print("statuses: %s" % want)
    t.eq(got, want, "the same statuses with and without the fast path")
    t.eq(want[:4] + want[5:8], [302, 302, 302, 431, 404, 405, 404], "what libmicrohttpd's path answers")


def test_slow_client__closed_at_the_timeout():
    s = srv.raw_socket(timeout=30)
    s.sendall(b"GET /r/fast HTTP/1.1\r\nHost: t\r\n")  # and nothing more
    started = time.monotonic()
    try:
        data = s.recv(1024)
    except OSError:
        data = b""
    t.eq(data, b"", "a request left unfinished is closed, unanswered (--timeout 2)")
    t.ok(time.monotonic() - started < 25, "closed by the server, not by the test's own timeout")
    s.close()


def test_metrics__count_the_fast_path():
    status, _, body = srv.request("GET", "/metrics")
    t.eq(status, 200, "metrics")
    text = body.decode()

    def sample(name):
        m = re.search("^" + re.escape(name) + r" (\S+)$", text, re.M)
        return float(m.group(1)) if m else 0.0
    t.ok(sample('clout_http_requests_total{route="/r/{code}",status="302"}') >= 6, "302s by route and status")
    t.ok(sample('clout_http_requests_total{route="/r/{code}",status="404"}') >= 1, "404s by route and status")
    t.ok(sample('clout_http_request_duration_seconds_count{route="/r/{code}"}') >= 7, "the latency histogram")
    t.ok(sample('clout_clicks_recorded_total{class="human"}') >= 5, "human clicks recorded")
    t.ok(sample('clout_clicks_recorded_total{class="head"}') >= 1, "HEAD clicks recorded")
    t.ok(sample('clout_clicks_recorded_total{class="prefetch"}') >= 1, "prefetches recorded")
    t.ok(sample("clout_commit_batch_size_count") >= 1, "log batches counted")
    t.ok(sample("clout_http_connections_open") >= 1, "open connections (this one)")


def test_store__each_click_once():
    status, _, body = srv.request("GET", "/api/v1/links/fast/stats")
    t.eq(status, 200, "stats")
    import json
    stats = json.loads(body)
    t.eq(len(set(ids)), len(ids), "every click id is new")
    # the ones on this connection's tests, plus the statuses test's (the same on both servers)
    t.ok(stats["human"] >= 5 and stats["head"] == 1 and stats["prefetch"] == 1, "classes of the fast path's clicks")
    import sqlite3
    con = sqlite3.connect(srv.db)
    stored = {row[0] for row in con.execute("SELECT id FROM track_click")}
    con.close()
    t.eq([i for i in ids if i not in stored], [], "each acknowledged id is in the store")


try:
    for name, fn in list(globals().items()):
        if name.startswith("test_") and callable(fn):
            fn()
    t.eq(srv.stop(), 0, "the server exits 0 on SIGTERM")
finally:
    srv.cleanup()
t.finish()
