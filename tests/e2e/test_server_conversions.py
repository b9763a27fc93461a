"""Promo codes, signed conversion postbacks, refunds and the link report over real HTTP:
idempotent and conflicting orders, bad, stale (replayed) and missing signatures, malformed JSON,
wrong types, unknown click ids, amounts read exactly, the report against the CLI's -o json for
the same store, and the docs' curl + openssl example run as written."""
import hashlib
import hmac
import json
import os
import re
import subprocess
import time
from urllib.parse import parse_qs, urlsplit

from server import CLOUT, SOURCE, Checks, Server, error_errors, schema_errors

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
t = Checks()
srv = Server()


def cli(*args):
    return subprocess.run([CLOUT] + list(args) + ["--db", srv.db], capture_output=True, text=True)


SECRET = cli("conversion", "secret").stdout.strip()


def sign(body, secret=SECRET, when=None):
    stamp = str(int(time.time()) if when is None else when)
    mac = hmac.new(bytes.fromhex(secret), (stamp + ".").encode() + body, hashlib.sha256).hexdigest()
    return "t=%s,v1=%s" % (stamp, mac)


def post(path, doc, signature=True, raw=None, **kw):
    body = raw if raw is not None else json.dumps(doc).encode()
    headers = {"Content-Type": "application/json"}
    if signature is True:
        headers["Clout-Signature"] = sign(body, **kw)
    elif signature:
        headers["Clout-Signature"] = signature
    # a shop's postback carries no user credential: the signature is its only proof
    status, _, data = srv.request("POST", path, body=body, headers=headers, token=None)
    return status, data


def expect_error(status, body, want_status, want_field, what):
    t.eq(status, want_status, what + ": status")
    t.eq(error_errors(body), [], what + ": body is an Error")
    if want_field is not None:
        t.eq(json.loads(body)["error"]["field"], want_field, what + ": field")


def click(code):
    status, headers, _ = srv.request("GET", "/r/" + code, headers={"User-Agent": BROWSER})
    t.eq(status, 302, "click on " + code)
    return int(parse_qs(urlsplit(headers["location"]).query)["clout_click"][0])


def test_codes():
    status, _, body = srv.request("POST", "/api/v1/codes", {"code": "anna10", "influencer": "@anna", "campaign": "s24"})
    t.eq(status, 201, "POST /api/v1/codes")
    t.eq(schema_errors("/api/v1/codes", "POST", status, body), [], "code matches its schema")
    t.eq(json.loads(body)["code"], "ANNA10", "codes are upper case")
    status, _, body = srv.request("POST", "/api/v1/codes", {"code": "ANNA10", "influencer": "bob"})
    expect_error(status, body, 409, "/code", "a taken code")
    status, _, body = srv.request("POST", "/api/v1/codes", {"code": "x y", "influencer": "bob"})
    expect_error(status, body, 422, "/code", "a bad code")
    status, _, body = srv.request("POST", "/api/v1/codes", {"code": "BOB"})
    expect_error(status, body, 422, "/influencer", "a code without influencer")
    status, _, body = srv.request("GET", "/api/v1/codes")
    t.eq(status, 200, "GET /api/v1/codes")
    t.eq(schema_errors("/api/v1/codes", "GET", status, body), [], "code list matches its schema")
    t.eq([c["code"] for c in json.loads(body)["codes"]], ["ANNA10"], "the code is listed")


def test_signatures():
    doc = {"order_id": "S-1", "amount": "1", "currency": "EUR"}
    status, body = post("/api/v1/conversions", doc, signature=False)
    expect_error(status, body, 401, None, "no signature")
    status, _, body = srv.request("POST", "/api/v1/conversions", doc,
                                  headers={"Authorization": "Bearer abc"})
    expect_error(status, body, 401, None, "an unknown Bearer token")
    status, _, body = srv.request("POST", "/api/v1/conversions", {"order_id": "S-T", "amount": "1", "currency": "EUR"})
    t.eq(status, 201, "a user token with conversions:write needs no signature")
    status, body = post("/api/v1/conversions", doc, signature=sign(b"{}"))
    expect_error(status, body, 401, None, "a signature over another body")
    t.ok("does not match" in json.loads(body)["error"]["message"], "the refusal says the signature does not match")
    status, body = post("/api/v1/conversions", doc, secret="00" * 32)
    expect_error(status, body, 401, None, "a signature under another secret")
    status, body = post("/api/v1/conversions", doc, when=int(time.time()) - 3600)
    expect_error(status, body, 401, None, "a replayed (hour-old) signature")
    t.ok("replayed" in json.loads(body)["error"]["message"], "the refusal names a replay")
    status, body = post("/api/v1/conversions", doc, signature="t=abc,v1=00")
    expect_error(status, body, 401, None, "a malformed signature header")
    status, _, body = srv.request("GET", "/api/v1/conversions/S-1")
    t.eq(status, 404, "nothing was recorded by refused postbacks")


def test_bad_bodies():
    status, body = post("/api/v1/conversions", None, raw=b'{"order_id": "B-1", ')
    expect_error(status, body, 400, None, "malformed JSON")
    status, body = post("/api/v1/conversions", None, raw=b'[1, 2]')
    expect_error(status, body, 422, None, "not an object")
    for doc, field, what in [
        ({"amount": "1", "currency": "EUR"}, "/order_id", "no order id"),
        ({"order_id": 7, "amount": "1", "currency": "EUR"}, "/order_id", "order id of the wrong type"),
        ({"order_id": "B-1", "amount": [1], "currency": "EUR"}, "/amount", "amount of the wrong type"),
        ({"order_id": "B-1", "amount": "1.001", "currency": "EUR"}, "/amount", "too many decimals"),
        ({"order_id": "B-1", "amount": 1.001, "currency": "EUR"}, "/amount", "too many decimals in a number"),
        ({"order_id": "B-1", "amount": "-5", "currency": "EUR"}, "/amount", "a negative amount"),
        ({"order_id": "B-1", "amount": "5", "currency": "EURO"}, "/currency", "a bad currency"),
        ({"order_id": "B-1", "amount": "5", "currency": "EUR", "click_id": "12"}, "/click_id", "click id of the wrong type"),
        ({"order_id": "B-1", "amount": "5", "currency": "EUR", "time": "soon"}, "/time", "a bad time"),
        ({"order_id": "B-1", "amount": "5", "currency": "EUR", "time": 1.5}, "/time", "time of the wrong type"),
    ]:
        status, body = post("/api/v1/conversions", doc)
        expect_error(status, body, 422, field, what)
    status, _, body = srv.request("GET", "/api/v1/conversions/B-1")
    t.eq(status, 404, "nothing was recorded by bad bodies")


def test_conversions_and_refunds():
    srv.request("POST", "/api/v1/links", {"url": "https://shop.example.com/", "code": "spring",
                                          "influencer": "anna", "campaign": "s24"})
    cid = click("spring")
    doc = {"order_id": "O-1", "amount": 99.99, "currency": "eur", "click_id": cid, "customer_id": "u1"}
    status, body = post("/api/v1/conversions", doc)
    t.eq(status, 201, "a new order: 201")
    t.eq(schema_errors("/api/v1/conversions", "POST", status, body), [], "201 matches its schema")
    first = json.loads(body)
    t.eq((first["amount"], first["currency"], first["attribution"]["by"], first["attribution"]["link"]),
         ("99.99", "EUR", "click", "spring"), "99.99 read exactly, credited to the clicked link")
    status, body = post("/api/v1/conversions", dict(doc, amount="99.990"))
    t.eq(status, 200, "the same order again: 200")
    t.eq(schema_errors("/api/v1/conversions", "POST", status, body), [], "200 matches its schema")
    t.eq(json.loads(body), first, "the same result")
    status, body = post("/api/v1/conversions", dict(doc, amount="99.98"))
    expect_error(status, body, 409, "/order_id", "the same order with another amount")
    status, body = post("/api/v1/conversions", dict(doc, currency="USD"))
    expect_error(status, body, 409, "/order_id", "the same order with another currency")
    # by customer: no click id, the customer's click within the window
    status, body = post("/api/v1/conversions", {"order_id": "O-2", "amount": "20", "currency": "EUR",
                                                "customer_id": "u1", "time": int(time.time()) + 60})
    t.eq(status, 201, "an order by a known customer")
    t.eq(json.loads(body)["attribution"]["by"], "customer", "credited through the customer's click")
    status, body = post("/api/v1/conversions", {"order_id": "O-3", "amount": "5", "currency": "EUR",
                                                "click_id": 987654321})
    t.eq(status, 201, "an unknown click id is still recorded")
    got = json.loads(body)
    t.eq((got["click_id"], got["attribution"]["by"]), (None, None), "and credited to nobody")
    t.ok(got.get("warning", "").startswith("click_id:"), "with a warning naming click_id")
    status, body = post("/api/v1/conversions", {"order_id": "O-4", "amount": 3000, "currency": "JPY", "code": "anna10"})
    t.eq(json.loads(body)["attribution"]["by"], "code", "a promo code credits its influencer")
    status, body = post("/api/v1/conversions", {"order_id": "O-5", "amount": "7", "currency": "EUR", "code": "ANNA10",
                                                "time": "2020-01-01T00:00:00Z"})
    t.eq(status, 201, "an old order")
    # refunds
    status, body = post("/api/v1/conversions/O-1/refund", {"amount": "9.99"})
    expect_error(status, body, 422, "/refund_id", "a partial refund without an id")
    status, body = post("/api/v1/conversions/O-1/refund", {"amount": "9.99", "refund_id": "R1"})
    t.eq(status, 201, "partial refund")
    t.eq(schema_errors("/api/v1/conversions/{order_id}/refund", "POST", status, body), [], "refund matches its schema")
    t.eq(json.loads(body)["net"], "90.00", "revenue reversed")
    status, body = post("/api/v1/conversions/O-1/refund", {"amount": "9.99", "refund_id": "R1"})
    t.eq(status, 200, "the same refund again: 200")
    t.eq(json.loads(body)["net"], "90.00", "and nothing more reversed")
    status, body = post("/api/v1/conversions/O-1/refund", {"amount": "1", "refund_id": "R1"})
    expect_error(status, body, 409, "/refund_id", "the same refund id with another amount")
    status, body = post("/api/v1/conversions/O-1/refund", {"amount": "500", "refund_id": "R2"})
    expect_error(status, body, 422, "/amount", "more than is left")
    status, body = post("/api/v1/conversions/NOPE/refund", {})
    expect_error(status, body, 404, None, "refund of an unknown order")
    status, body = post("/api/v1/conversions/O-3/refund", {})
    t.eq((status, json.loads(body)["net"]), (201, "0.00"), "a whole refund")
    status, _, body = srv.request("GET", "/api/v1/conversions/O-1")
    t.eq(status, 200, "GET a conversion")
    t.eq(schema_errors("/api/v1/conversions/{order_id}", "GET", status, body), [], "conversion matches its schema")
    # link stats and the report
    status, _, body = srv.request("GET", "/api/v1/links/spring/stats")
    t.eq(schema_errors("/api/v1/links/{code}/stats", "GET", status, body), [], "stats match their schema")
    stats = json.loads(body)
    t.eq((stats["clicks"], stats["conversions"], stats["revenue"]),
         (1, 2.0, [{"currency": "EUR", "net": "110.00", "refunded": "9.99"}]), "stats carry conversions and revenue")
    today = time.strftime("%Y-%m-%d", time.gmtime())
    for query in ["", "?model=linear", "?group=influencer&by=day", "?campaign=s24&from=%s&to=%s" % (today, today)]:
        status, _, body = srv.request("GET", "/api/v1/reports/links" + query)
        t.eq(status, 200, "report " + query)
        t.eq(schema_errors("/api/v1/reports/links", "GET", status, body), [], "report matches its schema " + query)
        args = []
        for part in query.lstrip("?").split("&"):
            if part:
                k, v = part.split("=")
                args += ["--" + k, v]
        r = cli("report", "links", "-o", "json", *args)
        t.eq(r.returncode, 0, "clout report links " + " ".join(args))
        t.eq(json.loads(body), json.loads(r.stdout), "the API and the CLI agree " + query)
    status, _, body = srv.request("GET", "/api/v1/reports/links?campaign=s24&from=%s&to=%s" % (today, today))
    rows = json.loads(body)["rows"]
    t.eq([(r["link"], r["promo_code"], r["conversions"]) for r in rows], [("spring", None, 2.0), (None, "ANNA10", 1.0)],
         "only the campaign's link and code, only today's orders (not O-5 of 2020)")
    for query, field in [("?model=best", "model"), ("?by=week", "by"), ("?window=0", "window"), ("?colour=red", "colour"),
                         ("?from=yesterday", "from"), ("?model=last&model=first", "model"),
                         ("?from=2026-11-21&to=2026-11-01", "to")]:
        status, _, body = srv.request("GET", "/api/v1/reports/links" + query)
        expect_error(status, body, 400, field, "report " + query)


def test_docs_example_runs_as_written():
    with open(os.path.join(SOURCE, "docs", "tracking.md")) as f:
        text = f.read()
    m = re.search(r"<!-- postback-example -->\s*```sh\n(.*?)```", text, re.S)
    if not t.ok(m is not None, "docs/tracking.md has the postback example"):
        return
    script = m.group(1).replace("http://127.0.0.1:8080", "http://127.0.0.1:%d" % srv.port)
    env = dict(os.environ, CLOUT_DB=srv.db, PATH=os.path.dirname(CLOUT) + ":" + os.environ["PATH"])
    r = subprocess.run(["bash", "-euo", "pipefail", "-c", script], capture_output=True, text=True, env=env)
    t.eq(r.returncode, 0, "the example runs (%s)" % r.stderr)
    try:
        doc = json.loads(r.stdout)
    except ValueError:
        doc = {}
    t.eq(doc.get("order_id"), "1001", "the example's order was recorded: " + r.stdout)


try:
    test_codes()
    test_signatures()
    test_bad_bodies()
    test_conversions_and_refunds()
    test_docs_example_runs_as_written()
finally:
    srv.cleanup()
t.finish()
