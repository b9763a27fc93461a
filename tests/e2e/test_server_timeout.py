"""A slow client: a connection that sends half a request and then nothing is closed by the server
after --timeout, and the server goes on answering others."""
import socket

from server import Checks, Server

t = Checks()
srv = Server("--timeout", "1")
try:
    slow = srv.raw_socket(timeout=60)  # the guard against a server that never closes it
    slow.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n")  # no blank line: the request never ends
    try:
        data = slow.recv(4096)
    except socket.timeout:
        data = None
    t.ok(data is not None, "the server closed the stalled connection")
    t.ok(not data or data.startswith(b"HTTP/1.1 "), "nothing but a possible error answer came back: %r" % data)
    slow.close()

    idle = srv.raw_socket(timeout=60)  # an idle keep-alive connection goes the same way
    idle.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
    first = b""
    while b"\r\n\r\n" not in first or len(first.split(b"\r\n\r\n", 1)[1]) < len(b'{"status":"ok"}'):
        part = idle.recv(4096)
        if not part:
            break
        first += part
    t.ok(first.startswith(b"HTTP/1.1 200"), "first answer on the kept-alive connection")
    try:
        rest = idle.recv(4096)
    except socket.timeout:
        rest = None
    t.eq(rest, b"", "the idle kept-alive connection is closed after the timeout")
    idle.close()

    status, _, _ = srv.request("GET", "/healthz")
    t.eq(status, 200, "others are still served")
    t.eq(srv.stop(), 0, "serve exits 0 on SIGTERM")
finally:
    srv.cleanup()
t.finish()
