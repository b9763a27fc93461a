"""Listening over real HTTP: rules saved through the API, posts ingested (authenticated, bounded
body, idempotent, a bad record refused with its line and nothing stored), rules added while the
server runs picked up by the next ingest, the inbox (viewer reads; social and support assign,
answer and close; round robin to the support team), alerts (influencer, delivered to a webhook's
outbox), share of voice and the inbox report, each answer checked against docs/openapi.yaml."""
import json

from server import Checks, Server, clout_cli, error_errors, make_token, make_user, schema_errors

t = Checks()


def lines(*docs):
    return "".join(json.dumps(d) + "\n" for d in docs)


ACCOUNTS = [
    {"type": "account", "platform": "twitter", "id": "1", "handle": "fan_one", "followers": 120},
    {"type": "account", "platform": "twitter", "id": "2", "handle": "bigvoice", "followers": 900000},
]
POSTS = [
    {"type": "post", "platform": "twitter", "id": "t1", "author": "1", "created_at": 1767261600,
     "lang": "en", "text": "My Acme blender broke after two days, terrible"},
    {"type": "post", "platform": "twitter", "id": "t2", "author": "2", "created_at": 1767265200,
     "lang": "en", "text": "Loving the new #acme kettle, great design"},
    {"type": "post", "platform": "twitter", "id": "t3", "author": "1", "created_at": 1767268800,
     "lang": "en", "text": "Globex is fine I guess"},
]

srv = Server("--max-body", "65536")
try:
    make_user(srv.db, "sam", "support")
    make_user(srv.db, "sue", "support")
    make_user(srv.db, "sol", "social")
    make_user(srv.db, "vic", "viewer")
    support = make_token(srv.db, "sam")
    social = make_token(srv.db, "sol")
    viewer = make_token(srv.db, "vic")
    rc, _, err = clout_cli(srv.db, "webhook", "add", "http://127.0.0.1:9/hook", "--events", "alert.triggered",
                           "--secret", "s3cret-for-the-listen-test")
    t.eq(rc, 0, "webhook add: " + err)

    # rules
    status, _, body = srv.request("POST", "/api/v1/rules", {"name": "acme", "expr": "acme OR #acme OR @acme",
                                                           "team": "support", "priority": "high"})
    t.eq(status, 201, "a rule is saved: %s" % body)
    t.eq(schema_errors("/api/v1/rules", "POST", status, body), [], "rule create matches its schema")
    status, _, body = srv.request("POST", "/api/v1/rules", {"name": "bad", "expr": "(acme OR acmeco"})
    t.eq(status, 422, "a malformed rule is refused")
    t.ok(b"rule 'bad':1:16: expected ')'" in body, "the error names the rule and column: %s" % body)
    t.eq(error_errors(body), [], "the error matches the Error schema")
    status, _, _ = srv.request("POST", "/api/v1/rules", {"name": "x", "expr": "x"}, token=viewer)
    t.eq(status, 403, "a viewer cannot save rules")
    status, _, body = srv.request("GET", "/api/v1/rules", token=viewer)
    t.ok(status == 200 and [r["name"] for r in json.loads(body)["rules"]] == ["acme"], "a viewer lists the rules")
    t.eq(schema_errors("/api/v1/rules", "GET", status, body), [], "rule list matches its schema")

    # ingest: bad input first, nothing stored
    body_ok = lines(*ACCOUNTS, *POSTS)
    bad = lines(ACCOUNTS[0]) + "{\"type\":\"post\",\"platform\":\"twitter\",\"id\":\n" + lines(POSTS[0])
    status, _, body = srv.request("POST", "/api/v1/ingest", bad, headers={"Content-Type": "application/x-ndjson"})
    t.eq(status, 400, "a malformed record is refused")
    doc = json.loads(body)
    t.ok(doc["error"]["code"] == "bad_record" and doc["error"]["field"] == "line 2", "with its line: %s" % body)
    t.eq(error_errors(body), [], "the bad record error matches the Error schema")
    status, _, body = srv.request("GET", "/api/v1/mentions")
    t.eq(json.loads(body)["mentions"], [], "nothing was stored from the refused body")
    status, _, body = srv.request("POST", "/api/v1/ingest", "  \n")
    t.ok(status == 400 and json.loads(body)["error"]["code"] == "empty_body", "an empty body is refused")
    status, _, body = srv.request("POST", "/api/v1/ingest?format=nope", body_ok)
    t.ok(status == 400 and json.loads(body)["error"]["field"] == "format", "an unknown format is refused")
    sock = srv.raw_socket()
    sock.sendall(b"POST /api/v1/ingest HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + srv.token.encode() +
                 b"\r\nContent-Type: application/x-ndjson\r\nContent-Length: 100000\r\n\r\n")
    head = b""
    while b"\r\n" not in head:
        part = sock.recv(4096)
        if not part:
            break
        head += part
    sock.close()
    t.ok(head.startswith(b"HTTP/1.1 413"), "a body over the limit is refused: %r" % head[:40])
    status, _, _ = srv.request("POST", "/api/v1/ingest", body_ok, token=None)
    t.eq(status, 401, "ingest needs credentials")
    status, _, _ = srv.request("POST", "/api/v1/ingest", body_ok, token=viewer)
    t.eq(status, 403, "a viewer cannot ingest")

    status, _, body = srv.request("POST", "/api/v1/ingest", body_ok, token=social)
    t.eq(status, 200, "posts are ingested: %s" % body)
    t.eq(schema_errors("/api/v1/ingest", "POST", status, body), [], "ingest matches its schema")
    got = json.loads(body)
    t.eq((got["posts"], got["matched"], got["mentions"], got["existing"]), (3, 2, 2, 0), "two posts mention acme")
    status, _, body = srv.request("POST", "/api/v1/ingest", body_ok, token=social)
    got = json.loads(body)
    t.eq((got["mentions"], got["existing"]), (0, 2), "sending the same posts again stores nothing twice")

    # a rule saved while the server runs is matched by the next ingest
    status, _, _ = srv.request("POST", "/api/v1/rules", {"name": "globex", "expr": "globex", "kind": "competitor"})
    t.eq(status, 201, "a competitor rule is saved")
    status, _, body = srv.request("POST", "/api/v1/ingest", body_ok, token=social)
    got = json.loads(body)
    t.eq((got["mentions"], got["existing"]), (1, 2), "the new rule matches without a restart")

    # the inbox
    status, _, body = srv.request("GET", "/api/v1/mentions?team=support", token=viewer)
    t.eq(status, 200, "a viewer reads the inbox")
    t.eq(schema_errors("/api/v1/mentions", "GET", status, body), [], "the inbox matches its schema")
    mentions = json.loads(body)["mentions"]
    t.eq(sorted(m["post"] for m in mentions), ["t1", "t2"], "the support team's mentions")
    t.eq(sorted(m["owner"] for m in mentions), ["sam", "sue"], "routed round robin over the support team")
    t.ok(all(m["status"] == "assigned" and m["priority"] == "high" for m in mentions), "assigned, high priority")
    neg = [m for m in mentions if m["post"] == "t1"][0]
    t.eq(neg["label"], "negative", "the broken blender is negative")
    status, _, body = srv.request("GET", "/api/v1/mentions?status=done")
    t.eq(status, 400, "an unknown status is refused")
    status, _, _ = srv.request("POST", "/api/v1/mentions/%d/assign" % neg["id"], {"user": "sol"}, token=viewer)
    t.eq(status, 403, "a viewer cannot assign")
    status, _, body = srv.request("POST", "/api/v1/mentions/%d/assign" % neg["id"], {"user": "sol"}, token=support)
    t.ok(status == 200 and json.loads(body)["owner"] == "sol", "support assigns: %s" % body)
    status, _, body = srv.request("POST", "/api/v1/mentions/%d/reply" % neg["id"], {"note": "Sorry! DM sent."},
                                  token=social)
    t.eq(status, 200, "social answers")
    t.eq(schema_errors("/api/v1/mentions/{id}/reply", "POST", status, body), [], "reply matches its schema")
    doc = json.loads(body)
    t.ok(doc["status"] == "replied" and doc["first_response_at"] and doc["notes"][0]["author"] == "sol",
         "the note is logged and the clock stopped")
    status, _, body = srv.request("POST", "/api/v1/mentions/%d/reply" % neg["id"], {"note": ""}, token=social)
    t.eq(status, 422, "an empty note is refused")
    status, _, body = srv.request("POST", "/api/v1/mentions/%d/close" % neg["id"], token=support)
    t.ok(status == 200 and json.loads(body)["status"] == "closed", "support closes")
    status, _, body = srv.request("POST", "/api/v1/mentions/%d/close" % neg["id"], token=support)
    t.eq(status, 409, "closing twice is a conflict")
    status, _, body = srv.request("GET", "/api/v1/mentions/%d" % neg["id"], token=viewer)
    t.ok(status == 200 and json.loads(body)["status"] == "closed", "a closed mention is still readable")
    status, _, _ = srv.request("GET", "/api/v1/mentions/99999")
    t.eq(status, 404, "an unknown mention is 404")
    status, _, body = srv.request("GET", "/api/v1/mentions")
    t.ok(neg["id"] not in [m["id"] for m in json.loads(body)["mentions"]], "closed mentions leave the inbox")
    rc, out, _ = clout_cli(srv.db, "audit", "-o", "json")
    actions = [e["action"] for e in json.loads(out)]
    t.ok("listen.reply" in actions and "listen.close" in actions and "listen.ingest" in actions,
         "inbox changes and ingests are audited")

    # alerts
    status, _, body = srv.request("GET", "/api/v1/alerts", token=viewer)
    t.eq(status, 200, "a viewer lists alerts")
    t.eq(schema_errors("/api/v1/alerts", "GET", status, body), [], "alerts match their schema")
    alerts = json.loads(body)["alerts"]
    t.eq([(a["kind"], a["rule"], a["at"]) for a in alerts], [("influencer", "acme", 1767265200)],
         "the 900,000-follower account raised one influencer alert, at its post's time")
    status, _, body = srv.request("GET", "/api/v1/alerts?kind=weather")
    t.eq(status, 400, "an unknown alert kind is refused")
    rc, out, _ = clout_cli(srv.db, "webhook", "log", "-o", "json")
    t.ok(any(d["event"] == "alert.triggered" for d in json.loads(out)), "the alert went to the webhook outbox")

    # reports
    status, _, body = srv.request("GET", "/api/v1/reports/sov?brand=acme&competitor=globex&by=day", token=viewer)
    t.eq(status, 200, "share of voice")
    t.eq(schema_errors("/api/v1/reports/sov", "GET", status, body), [], "share of voice matches its schema")
    rows = json.loads(body)["rows"]
    t.eq([(r["rule"], r["mentions"]) for r in rows], [("acme", 2), ("globex", 1)], "two acme, one globex")
    t.ok(abs(rows[0]["share"] - 2 / 3) < 1e-9 and rows[0]["reach"] == 900120, "share and reach of distinct authors")
    status, _, body = srv.request("GET", "/api/v1/reports/sov?brand=nope")
    t.eq(status, 404, "an unknown rule is 404")
    status, _, body = srv.request("GET", "/api/v1/reports/sov?competitor=globex")
    t.eq(status, 400, "a brand is required")
    status, _, body = srv.request("GET", "/api/v1/reports/inbox")
    t.eq(status, 200, "the inbox report")
    t.eq(schema_errors("/api/v1/reports/inbox", "GET", status, body), [], "the inbox report matches its schema")
    teams = {r["team"]: r for r in json.loads(body)["teams"]}
    t.eq((teams["support"]["mentions"], teams["support"]["answered"]), (2, 1), "support: two mentions, one answered")
    status, _, _ = srv.request("DELETE", "/api/v1/rules/globex")
    t.eq(status, 204, "a rule is deleted")
    status, _, _ = srv.request("DELETE", "/api/v1/rules/globex")
    t.eq(status, 404, "deleting it again is 404")
finally:
    srv.cleanup()
t.finish()
