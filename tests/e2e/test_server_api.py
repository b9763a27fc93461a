"""The data API the dashboard calls, over real HTTP, on the engine of $CLOUT_TEST_ENGINE:
discovery, accounts (a page, one account), overlap, plan and sentiment answer what the CLI
prints for the same store, match their schemas in docs/openapi.yaml, refuse bad input with a
4xx naming the field, and follow the roles (a viewer reads, but does not plan or score)."""
import json
import subprocess
import tempfile

from server import (CLOUT, Checks, Server, drop_stores, error_errors, fresh_store, make_token, make_user,
                    schema_errors)

t = Checks()
scratch = tempfile.mkdtemp(prefix="clout-e2e-api-")
db = fresh_store(scratch, "api")


def cli(*args, stdin=None):
    return subprocess.run([CLOUT] + list(args), capture_output=True, text=True, input=stdin)


def check_error(status, body, want_status, field, what):
    t.eq(status, want_status, what + ": status")
    t.eq(error_errors(body), [], what + ": an Error")
    if field is not None:
        t.eq(json.loads(body)["error"]["field"], field, what + ": names " + field)


srv = None
try:
    r = cli("gen", "-o", scratch + "/s", "-n", "300", "--seed", "3", "-q")
    t.eq(r.returncode, 0, "gen (%s)" % r.stderr)
    r = cli("import", "-q", "--db", db, scratch + "/s/accounts.jsonl", scratch + "/s/posts.jsonl", scratch + "/s/edges.jsonl")
    t.eq(r.returncode, 0, "import (%s)" % r.stderr)
    srv = Server(db=db, scratch=scratch)
    make_user(db, "api-viewer", "viewer")
    viewer = make_token(db, "api-viewer")

    # discovery: the API answers what the CLI prints
    status, _, body = srv.request("GET", "/api/v1/discover?topic=home%20cooking&lang=en&limit=5&min_followers=500&flags=all",
                                  token=viewer)
    t.eq(status, 200, "a viewer discovers")
    t.eq(schema_errors("/api/v1/discover", "GET", status, body), [], "discover matches its schema")
    r = cli("discover", "--db", db, "-t", "home cooking", "--lang", "en", "-n", "5", "--min-followers", "500",
            "--exclude", "all", "-o", "json")
    t.eq(body.decode(), r.stdout, "GET /api/v1/discover is byte for byte clout discover -o json")
    t.ok(len(json.loads(body)["results"]) == 5, "five results")
    for query, field in [("", "topic"), ("?topic=x&tier=huge", "tier"), ("?topic=x&limit=0", "limit"),
                         ("?topic=x&lang=de", "lang"), ("?topic=x&flags=bogus", "flags"), ("?topic=x&nope=1", "nope"),
                         ("?topic=the", "topic"), ("?topic=x&min_followers=10&max_followers=5", "max_followers"),
                         ("?topic=x&country=FRA", "country"), ("?topic=x&min_relevance=2", "min_relevance")]:
        status, _, body = srv.request("GET", "/api/v1/discover" + query)
        check_error(status, body, 400, field, "discover" + query)

    # accounts: pages, then one account in depth
    status, _, body = srv.request("GET", "/api/v1/accounts?limit=3", token=viewer)
    t.eq(status, 200, "a viewer lists accounts")
    t.eq(schema_errors("/api/v1/accounts", "GET", status, body), [], "the page matches its schema")
    page = json.loads(body)
    t.eq(page["total"], 300, "every account is counted")
    t.eq(len(page["accounts"]), 3, "three on the page")
    followers = [a["followers"] for a in page["accounts"]]
    t.eq(followers, sorted(followers, reverse=True), "the largest audience first")
    status, _, body = srv.request("GET", "/api/v1/accounts?limit=3&offset=2")
    t.eq(json.loads(body)["accounts"][0]["id"], page["accounts"][2]["id"], "offset 2 starts at the third")
    status, _, body = srv.request("GET", "/api/v1/accounts?platform=tiktok&limit=500")
    t.ok(status == 200 and all(a["platform"] == "tiktok" for a in json.loads(body)["accounts"]), "only tiktok accounts")
    t.ok(0 < json.loads(body)["total"] < 300, "some tiktok accounts")
    for query, field in [("?limit=501", "limit"), ("?offset=-1", "offset"), ("?sort=x", "sort")]:
        status, _, body = srv.request("GET", "/api/v1/accounts" + query)
        check_error(status, body, 400, field, "accounts" + query)

    top = page["accounts"][0]["id"]
    status, _, body = srv.request("GET", "/api/v1/accounts/%s?topic=gaming&posts=3" % top, token=viewer)
    t.eq(status, 200, "a viewer reads one account")
    t.eq(schema_errors("/api/v1/accounts/{id}", "GET", status, body), [], "the account matches its schema")
    acc = json.loads(body)
    t.eq(acc["id"], top, "the account asked for")
    t.eq(len(acc["posts"]), 3, "three posts shown")
    t.ok(acc["posts_read"] >= 3, "posts read")
    t.ok(len(acc["follower_history"]) > 0, "its follower history")
    times = [p["observed_at"] for p in acc["follower_history"]]
    t.eq(times, sorted(times), "history oldest first")
    t.eq(acc["engagement"]["source"], "index", "engagement from the discovery index")
    t.ok(acc["engagement"]["tier_norm"] > 0, "the tier's norm")
    t.eq([x["term"] for x in acc["terms"]], ["game"], "the topic's term, stemmed")
    t.ok(acc["terms"][0]["posts"] > 0, "its posts hold the topic (a gaming account)")
    status, _, body = srv.request("GET", "/api/v1/accounts/%s?topic=the" % top)
    check_error(status, body, 400, "topic", "a topic with no words")
    for key in ["twitter:0", "%40nobody_here"]:
        status, _, body = srv.request("GET", "/api/v1/accounts/" + key)
        check_error(status, body, 404, None, "unknown account " + key)

    # overlap: as clout overlap --from-store
    ids = [a["id"] for a in page["accounts"]]
    status, _, body = srv.request("GET", "/api/v1/overlap?ids=" + ",".join(ids), token=viewer)
    t.eq(status, 200, "a viewer reads the overlap")
    t.eq(schema_errors("/api/v1/overlap", "GET", status, body), [], "the overlap matches its schema")
    r = cli("overlap", "--from-store", "--db", db, "-o", "json", *ids)
    t.eq(json.loads(body), json.loads(r.stdout), "GET /api/v1/overlap is clout overlap -o json")
    for query, field in [("", "ids"), ("?ids=" + ids[0], "ids"), ("?ids=%s,twitter:0" % ids[0], "ids")]:
        status, _, body = srv.request("GET", "/api/v1/overlap" + query)
        check_error(status, body, 400, field, "overlap" + query)

    # plan: the roster, guarantee, overlap and forecast
    status, _, body = srv.request("POST", "/api/v1/plan", {"budget": 3}, token=viewer)
    check_error(status, body, 403, None, "a viewer may not plan")
    status, _, body = srv.request("POST", "/api/v1/plan", {"budget": 3, "seed": 7})
    t.eq(status, 200, "POST /api/v1/plan")
    t.eq(schema_errors("/api/v1/plan", "POST", status, body), [], "the plan matches its schema")
    plan = json.loads(body)
    r = cli("plan", "--from-store", "--db", db, "--budget", "3", "--seed", "7", "--threads", "1", "-o", "json")
    t.eq(r.returncode, 0, "clout plan (%s)" % r.stderr)
    t.eq(plan["seeds"], json.loads(r.stdout)["seeds"], "the same roster as clout plan --from-store")
    t.eq(plan["guarantee"], json.loads(r.stdout)["guarantee"], "the same guarantee")
    t.eq(len(plan["overlap"]["ids"]), 3, "the roster's overlap matrix")
    t.eq(plan["overlap"]["ids"], [s["id"].split(" ")[0] for s in plan["seeds"]], "in roster order")
    fc = plan["forecast"]["revenue"]
    t.ok(fc["p10"] <= fc["p50"] <= fc["p90"], "forecast P10 <= P50 <= P90")
    picked = [s["id"].split(" ")[0] for s in plan["seeds"]]
    status, _, body = srv.request("POST", "/api/v1/plan", {"budget": 250, "costs": {picked[0]: 100, picked[1]: 150, picked[2]: 400},
                                                           "forecast": {"order_value": 80}, "overlap": False})
    t.eq(status, 200, "a plan with costs")
    p2 = json.loads(body)
    t.eq(sorted(s["id"].split(" ")[0] for s in p2["seeds"]), sorted(picked[:2]), "only what the budget buys")
    t.eq(p2["cost_model"], "costs", "per-account costs")
    t.ok("overlap" not in p2, "no overlap when not asked")
    t.eq(p2["forecast"]["rates"]["order_value"], 80, "the forecast's rates as given")
    status, _, body = srv.request("POST", "/api/v1/plan", {"budget": 5000, "rate_card": [{"platform": "*", "tier": t_, "cost": 1000}
                                                                                        for t_ in ["nano", "micro", "mid", "macro", "mega"]]})
    t.eq(status, 200, "a plan with a rate card")
    t.ok(len(json.loads(body)["seeds"]) == 5, "five seeds at 1000 each")
    for payload, status_, field in [
            ({}, 422, "/budget"), ({"budget": "3"}, 422, "/budget"), ({"budget": -1}, 422, "/budget"),
            ({"budget": 1, "colour": 1}, 422, "/colour"), ({"budget": 1, "model": "xx"}, 422, "/model"),
            ({"budget": 1, "costs": {"twitter:0": 1}}, 422, "/costs"), ({"budget": 1, "costs": []}, 422, "/costs"),
            ({"budget": 1, "rate_card": [{"platform": "*", "tier": "huge", "cost": 1}]}, 422, "/rate_card"),
            ({"budget": 1, "target": ["twitter:0"]}, 422, "/target"), ({"budget": 1, "threads": 99}, 422, "/threads"),
            ({"budget": 1, "forecast": {"click_rate": 2}}, 422, "/forecast/click_rate"),
            ({"budget": 1, "costs": {ids[0]: 1}, "rate_card": [{"platform": "*", "tier": "nano", "cost": 1}]}, 422, "/costs")]:
        status, _, body = srv.request("POST", "/api/v1/plan", payload)
        check_error(status, body, status_, field, "plan %s" % json.dumps(payload))
    status, _, body = srv.request("POST", "/api/v1/plan", "{\"budget\": 3", headers={"Content-Type": "application/json"})
    check_error(status, body, 400, None, "malformed JSON")
    sock = srv.raw_socket()
    sock.sendall(("POST /api/v1/plan HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\n"
                  "Content-Length: %d\r\n\r\n{" % (srv.token, 10 << 20)).encode())
    head = sock.recv(65536)
    t.ok(head.startswith(b"HTTP/1.1 413"), "a 10 MB plan body is refused before it is read: %r" % head[:40])
    sock.close()

    # sentiment: one text, or JSON lines as clout sentiment prints them
    status, _, body = srv.request("POST", "/api/v1/sentiment", {"text": "I love it, wonderful!"}, token=viewer)
    check_error(status, body, 403, None, "a viewer may not score")
    status, _, body = srv.request("POST", "/api/v1/sentiment", {"text": "I love it, wonderful!"})
    t.eq(status, 200, "one text scored")
    t.eq(schema_errors("/api/v1/sentiment", "POST", status, body), [], "the score matches its schema")
    t.eq(json.loads(body)["label"], "positive", "a positive text")
    lines = '{"id":1,"text":"awful, terrible service"}\n{"id":"b","text":"great, I love it"}\n'
    status, headers, body = srv.request("POST", "/api/v1/sentiment?lang=en", lines,
                                        headers={"Content-Type": "application/x-ndjson"})
    t.eq(status, 200, "JSON lines scored")
    t.eq(headers.get("content-type"), "application/x-ndjson", "answered as JSON lines")
    r = cli("sentiment", "--lang", "en", stdin=lines)
    t.eq(body.decode(), r.stdout, "as clout sentiment prints them")
    status, _, body = srv.request("POST", "/api/v1/sentiment", '{"id":1,"text":"x"}\nnot json\n',
                                  headers={"Content-Type": "application/x-ndjson"})
    check_error(status, body, 422, "body:2", "a malformed line")
    for payload, field in [({}, "/text"), ({"text": 3}, "/text"), ({"text": "x", "lang": "de"}, "/lang")]:
        status, _, body = srv.request("POST", "/api/v1/sentiment", payload)
        check_error(status, body, 422, field, "sentiment %s" % json.dumps(payload))
    status, _, body = srv.request("POST", "/api/v1/sentiment?lang=de", lines, headers={"Content-Type": "application/x-ndjson"})
    check_error(status, body, 400, "lang", "sentiment ?lang=de")
    status, _, body = srv.request("POST", "/api/v1/sentiment", "text", headers={"Content-Type": "text/plain"})
    check_error(status, body, 415, None, "sentiment of text/plain")
finally:
    if srv:
        srv.cleanup()
    drop_stores()
t.finish()
