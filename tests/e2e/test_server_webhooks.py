"""Webhooks over real HTTP: a python3 http.server receiver on loopback verifies each delivery's
signature (HMAC-SHA256 over "t.body"), answers 500 to the first attempt and 200 after; the
server delivers from its outbox in the background (the request that caused the event does not
wait), retries after the 500, and the delivery log says so. Bad webhooks are refused."""
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

from server import Checks, Server, clout_cli

t = Checks()
SECRET = "s3cret-for-the-webhook-test"
received = []  # (delivery id, event, signature ok, data)
lock = threading.Lock()


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        sig = self.headers.get("Clout-Signature", "")
        parts = dict(p.split("=", 1) for p in sig.split(",") if "=" in p)
        want = hmac.new(SECRET.encode(), (parts.get("t", "") + ".").encode() + body, hashlib.sha256).hexdigest()
        ok = hmac.compare_digest(want, parts.get("v1", ""))
        doc = json.loads(body)
        with lock:
            first = not any(r[0] == doc["id"] for r in received)
            received.append((doc["id"], doc["event"], ok, doc["data"]))
        self.send_response(500 if first else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


receiver = HTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=receiver.serve_forever, daemon=True).start()
url = "http://127.0.0.1:%d/hook" % receiver.server_address[1]

srv = Server("--webhook-backoff", "200")
try:
    rc, out, err = clout_cli(srv.db, "webhook", "add", url, "--events", "link.created,conversion.created",
                             "--secret", SECRET)
    t.eq(rc, 0, "webhook add: " + err)
    rc, _, err = clout_cli(srv.db, "webhook", "add", url, "--events", "link.made")
    t.ok(rc == 64 and "'link.made' is not an event" in err, "an unknown event is refused")
    rc, _, err = clout_cli(srv.db, "webhook", "add", "ftp://x.example/", "--events", "link.created")
    t.ok(rc == 64 and "url:" in err, "a non-HTTP URL is refused")
    rc, out, _ = clout_cli(srv.db, "webhook", "add", url + "2", "--events", "conversion.created")
    t.ok(rc == 0 and len(out.strip()) == 64, "a generated secret is printed once")
    rc, out, _ = clout_cli(srv.db, "webhook", "list", "-o", "json")
    t.eq([(h["id"], h["events"]) for h in json.loads(out)],
         [(1, "link.created,conversion.created"), (2, "conversion.created")], "webhook list")

    status, _, body = srv.request("POST", "/api/v1/links", {"url": "https://shop.example.com/", "code": "hooked"})
    t.eq(status, 201, "the link is created (and answered before any delivery)")
    deadline = time.time() + 60
    while time.time() < deadline:
        rc, out, _ = clout_cli(srv.db, "webhook", "log", "-o", "json")
        log = json.loads(out)
        if log and all(d["status"] != "pending" for d in log):
            break
        time.sleep(0.2)
    t.eq([(d["webhook"], d["event"], d["status"], d["attempts"], d["last_status"]) for d in log],
         [(1, "link.created", "delivered", 2, 200)], "delivered on the second attempt, to the subscribed hook only")
    with lock:
        got = list(received)
    t.eq(len(got), 2, "two attempts reached the receiver")
    t.ok(all(ok for _, _, ok, _ in got), "every signature verifies")
    t.eq(len(set(r[0] for r in got)), 1, "both attempts carry the same delivery id")
    t.eq(got[0][1], "link.created", "the event")
    t.eq(got[0][3].get("code"), "hooked", "the event's data is the link")
    rc, out, _ = clout_cli(srv.db, "audit", "-o", "json")
    t.ok(any(e["action"] == "webhook.add" for e in json.loads(out)), "webhook add is audited")
    rc, _, _ = clout_cli(srv.db, "webhook", "rm", "2")
    t.eq(rc, 0, "webhook rm")
    rc, _, err = clout_cli(srv.db, "webhook", "rm", "2")
    t.ok(rc == 66 and "no webhook with id 2" in err, "a removed webhook is gone")

    # conversions: created and refunded go through the outbox, once per write (not per retry)
    rc, _, err = clout_cli(srv.db, "webhook", "add", url + "/conv", "--events", "conversion.created,conversion.refunded",
                           "--secret", SECRET)
    t.eq(rc, 0, "webhook add for conversions: " + err)
    rc, out, _ = clout_cli(srv.db, "webhook", "list", "-o", "json")
    conv_hook = [h["id"] for h in json.loads(out) if h["url"].endswith("/conv")][0]
    order = {"order_id": "hook-1", "amount": "40.00", "currency": "EUR"}
    for want in (201, 200):
        status, _, body = srv.request("POST", "/api/v1/conversions", order)
        t.eq(status, want, "conversion posted (%d)" % want)
    status, _, body = srv.request("POST", "/api/v1/conversions/hook-1/refund", {"amount": "15.00", "refund_id": "r1"})
    t.eq(status, 201, "refunded: " + body.decode())
    deadline = time.time() + 60
    while time.time() < deadline:
        rc, out, _ = clout_cli(srv.db, "webhook", "log", "-o", "json")
        log = [d for d in json.loads(out) if d["event"].startswith("conversion.")]
        if len(log) >= 3 and all(d["status"] != "pending" for d in log):
            break
        time.sleep(0.2)
    t.eq(sorted((d["webhook"], d["event"], d["status"]) for d in log),
         [(1, "conversion.created", "delivered"), (conv_hook, "conversion.created", "delivered"),
          (conv_hook, "conversion.refunded", "delivered")],
         "one conversion.created per subscribed hook (the repeat is not an event), one conversion.refunded")
    with lock:
        conv = [r for r in received if r[1].startswith("conversion.")]
    t.ok(conv and all(ok for _, _, ok, _ in conv), "conversion deliveries are signed")
    refunded = [r[3] for r in conv if r[1] == "conversion.refunded"]
    t.ok(refunded and refunded[0]["order_id"] == "hook-1" and refunded[0]["refunded"] == "15.00",
         "the refund event carries the conversion after the refund: %r" % refunded[:1])
finally:
    srv.cleanup()
    receiver.shutdown()
t.finish()
