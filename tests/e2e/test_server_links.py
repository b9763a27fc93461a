"""Tracking links over real HTTP: creating links (CLI and API, with every kind of bad body),
redirects that carry the click id, clicks kept apart by class, repeats, unknown codes, stats,
metrics, and what the store keeps of the client (a hash, never the address)."""
import json
import os
import sqlite3
import subprocess
from urllib.parse import parse_qs, urlsplit

from server import CLOUT, Checks, Server, error_errors, schema_errors

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
t = Checks()
srv = Server("--public-url", "https://go.example.com/")


def cli(*args):
    return subprocess.run([CLOUT] + list(args), capture_output=True, text=True)


def stats(code):
    status, _, body = srv.request("GET", "/api/v1/links/%s/stats" % code)
    t.eq(status, 200, "stats of %s" % code)
    t.eq(schema_errors("/api/v1/links/{code}/stats", "GET", status, body), [], "stats match their schema")
    return json.loads(body)


def click(code, method="GET", **headers):
    headers.setdefault("User-Agent", BROWSER)
    return srv.request(method, "/r/" + code, headers=headers)


def test_cli_create__prints_code_short_url_url():
    r = cli("link", "create", "--db", srv.db, "--url", "https://shop.example.com/p?x=1#top", "--code", "spring",
            "--influencer", "@anna", "--campaign", "spring-24", "--base-url", "https://go.example.com", "-o", "json")
    t.eq(r.returncode, 0, "link create exit status (%s)" % r.stderr)
    doc = json.loads(r.stdout)
    t.eq(doc["code"], "spring", "the code asked for")
    t.eq(doc["short_url"], "https://go.example.com/r/spring", "short_url")
    t.eq(doc["url"], "https://shop.example.com/p?x=1#top", "url")
    r = cli("link", "create", "--db", srv.db, "--url", "https://shop.example.com/", "--code", "spring")
    t.eq(r.returncode, 65, "a taken code is refused")
    t.ok("code: 'spring' is taken" in r.stderr, "the refusal names the code: " + r.stderr)
    r = cli("link", "create", "--db", srv.db, "--url", "ftp://x.example/")
    t.eq(r.returncode, 64, "a bad URL is a usage error")
    t.ok(r.stderr.startswith("clout link create: url:"), "the error names the url: " + r.stderr)


def test_api_create__201_with_generated_code():
    status, _, body = srv.request("POST", "/api/v1/links", {"url": "https://shop.example.com/a", "campaign": "c1"})
    t.eq(status, 201, "POST /api/v1/links status")
    t.eq(schema_errors("/api/v1/links", "POST", status, body), [], "201 matches its schema")
    doc = json.loads(body)
    t.ok(doc["short_url"] == "https://go.example.com/r/" + doc["code"], "short_url is on --public-url")
    t.eq(doc["campaign"], "c1", "campaign kept")


def expect_error(status, body, want_status, want_code, want_field, what):
    t.eq(status, want_status, what + ": status")
    t.eq(error_errors(body), [], what + ": body is an Error")
    err = json.loads(body).get("error", {}) if body.startswith(b"{") else {}
    t.eq(err.get("code"), want_code, what + ": error code")
    t.eq(err.get("field"), want_field, what + ": field")


def test_api_create__bad_bodies():
    json_type = {"Content-Type": "application/json"}
    s, _, b = srv.request("POST", "/api/v1/links", body='{"url": "https://a.example/"', headers=json_type)
    expect_error(s, b, 400, "malformed_json", None, "truncated JSON")
    s, _, b = srv.request("POST", "/api/v1/links", body='{"url": "https://a.example/", "url": "x"}', headers=json_type)
    expect_error(s, b, 400, "malformed_json", None, "duplicate keys")
    s, _, b = srv.request("POST", "/api/v1/links", body='["https://a.example/"]', headers=json_type)
    expect_error(s, b, 422, "wrong_type", "", "an array body")
    s, _, b = srv.request("POST", "/api/v1/links", {"url": 42})
    expect_error(s, b, 422, "wrong_type", "/url", "a number for url")
    s, _, b = srv.request("POST", "/api/v1/links", {"campaign": "x"})
    expect_error(s, b, 422, "missing_field", "/url", "no url")
    s, _, b = srv.request("POST", "/api/v1/links", {"url": "https://a.example/", "code": "no/slash"})
    expect_error(s, b, 422, "invalid_value", "/code", "a code with a slash")
    s, _, b = srv.request("POST", "/api/v1/links", {"url": "mailto:x@example.com"})
    expect_error(s, b, 422, "invalid_value", "/url", "a mailto url")
    s, _, b = srv.request("POST", "/api/v1/links", {"url": "https://a.example/", "code": "spring"})
    expect_error(s, b, 409, "conflict", "/code", "a taken code")
    s, _, b = srv.request("POST", "/api/v1/links", body="url=https://a.example/",
                          headers={"Content-Type": "application/x-www-form-urlencoded"})
    expect_error(s, b, 415, "unsupported_media_type", None, "a form body")
    s, _, b = srv.request("POST", "/api/v1/links", body=b'{"url": "https://a.example/\xff"}', headers=json_type)
    expect_error(s, b, 400, "malformed_json", None, "a body that is not UTF-8")


def test_redirect__302_with_click_id():
    status, headers, body = click("spring")
    t.eq(status, 302, "GET /r/spring status")
    location = headers.get("location", "")
    parts = urlsplit(location)
    t.eq((parts.scheme, parts.netloc, parts.path, parts.fragment), ("https", "shop.example.com", "/p", "top"),
         "the destination is kept: " + location)
    query = parse_qs(parts.query)
    t.eq(query.get("x"), ["1"], "the destination's query is kept")
    t.ok(query.get("clout_click", [""])[0].isdigit(), "clout_click=ID is appended: " + location)
    t.eq(headers.get("cache-control"), "no-store", "redirects are not cached (each click must reach us)")
    status2, headers2, _ = click("spring")
    id1 = int(query["clout_click"][0])
    id2 = int(parse_qs(urlsplit(headers2["location"]).query)["clout_click"][0])
    t.ok(id2 > id1, "each click has its own id")


def test_redirect__classes_kept_apart():
    before = stats("spring")
    t.eq(click("spring", method="HEAD")[0], 302, "HEAD is answered")
    t.eq(click("spring", **{"Sec-Purpose": "prefetch"})[0], 302, "a prefetch is answered")
    t.eq(click("spring", Purpose="prefetch")[0], 302, "a Purpose: prefetch is answered")
    t.eq(click("spring", **{"User-Agent": "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"})[0], 302,
         "a preview fetcher is answered")
    t.eq(click("spring", **{"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"})[0],
         302, "a crawler is answered")
    t.eq(click("spring", **{"User-Agent": "curl/8.0"})[0], 302, "a tool is answered")
    after = stats("spring")
    t.eq(after["clicks"], before["clicks"], "none of them is a human click")
    t.eq(after["head"] - before["head"], 1, "one HEAD")
    t.eq(after["prefetch"] - before["prefetch"], 2, "two prefetches")
    t.eq(after["preview"] - before["preview"], 1, "one preview")
    t.eq(after["bot"] - before["bot"], 2, "two bots")


def test_redirect__repeats_are_clicks_not_unique():
    s = stats("spring")
    t.eq(s["clicks"], 2, "the two human clicks of the redirect test")
    t.eq(s["unique_clicks"], 1, "from one address within the window: one unique click")
    t.ok(s["first_click_at"] is not None and s["last_click_at"] >= s["first_click_at"], "click times")


def test_redirect__unknown_code_is_404_and_records_nothing():
    total = sum(stats("spring")[k] for k in ("human", "head", "prefetch", "preview", "bot"))
    con = sqlite3.connect(srv.db)
    rows_before = con.execute("SELECT COUNT(*) FROM track_click").fetchone()[0]
    status, _, body = click("nosuchcode")
    expect_error(status, body, 404, "not_found", None, "an unknown code")
    status, _, body = click("bad%20code")
    t.eq(status, 404, "an invalid code")
    rows_after = con.execute("SELECT COUNT(*) FROM track_click").fetchone()[0]
    con.close()
    t.eq(rows_after, rows_before, "nothing recorded for unknown codes")
    t.eq(sum(stats("spring")[k] for k in ("human", "head", "prefetch", "preview", "bot")), total, "stats unchanged")
    status, _, body = srv.request("GET", "/api/v1/links/nosuchcode/stats")
    expect_error(status, body, 404, "not_found", None, "stats of an unknown code")


def test_store__keeps_a_hash_never_the_address():
    con = sqlite3.connect(srv.db)
    rows = con.execute("SELECT address_hash, ua_class, referrer_host FROM track_click").fetchall()
    dump = "\n".join(con.iterdump())
    con.close()
    t.ok(len(rows) >= 8, "clicks are in the store")
    t.ok(all(isinstance(r[0], bytes) and len(r[0]) == 16 for r in rows), "each click has a 16-byte address hash")
    t.ok("127.0.0.1" not in dump, "the client address appears nowhere in the store")
    t.eq(len({r[0] for r in rows}), 1, "one client, one hash")
    t.ok(all(len(set(r[0])) > 1 for r in rows), "the hash is not a padded address")


def test_redirect__referrer_host_and_ua_class():
    click("spring", Referer="https://www.instagram.com/p/abc?utm=1",
          **{"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"})
    stats("spring")  # an API call folds the click log into the store first
    con = sqlite3.connect(srv.db)
    row = con.execute("SELECT ua_class, referrer_host FROM track_click ORDER BY id DESC LIMIT 1").fetchone()
    con.close()
    t.eq(row, ("mobile", "www.instagram.com"), "the last click's user-agent class and referrer host")


def test_forwarded_for__believed_only_from_the_trusted_proxy():
    r = cli("link", "create", "--db", srv.db, "--url", "https://shop.example.com/xff", "--code", "xff")
    t.eq(r.returncode, 0, "link create xff")
    click("xff", **{"X-Forwarded-For": "203.0.113.9"})
    click("xff", **{"X-Forwarded-For": "203.0.113.10"})
    t.eq(stats("xff")["unique_clicks"], 1, "without --trusted-proxy, X-Forwarded-For is ignored (one client)")
    # a second server on the same store keeps its own click log
    proxied = Server("--trusted-proxy", "127.0.0.1", "--state-dir", os.path.join(srv.scratch, "proxied.clicks"),
                     db=srv.db, scratch=srv.scratch)
    try:
        for forwarded in ("203.0.113.9", "198.51.100.1, 203.0.113.10", "2001:db8::7", "203.0.113.9"):
            s, _, _ = proxied.request("GET", "/r/xff", headers={"User-Agent": BROWSER, "X-Forwarded-For": forwarded})
            t.eq(s, 302, "a click through the proxy")
        t.eq(proxied.stop(), 0, "the proxied server exits 0")
    finally:
        proxied.log.close()
    got = stats("xff")
    t.eq(got["clicks"], 6, "six human clicks")
    t.eq(got["unique_clicks"], 4, "behind the trusted proxy each forwarded client counts (the last hop of the list)")


def test_metrics__count_clicks_and_batches():
    _, _, body = srv.request("GET", "/metrics")
    samples = {}
    for line in body.decode().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            samples[name] = float(value)
    t.ok(samples.get('clout_clicks_recorded_total{class="human"}', 0) >= 3, "human clicks counted")
    t.ok(samples.get('clout_clicks_recorded_total{class="bot"}', 0) >= 2, "bot clicks counted")
    t.ok(samples.get("clout_commit_batch_size_count", 0) >= 1, "commits counted")
    t.ok(samples.get("clout_commit_batch_size_sum", 0) >= samples.get("clout_commit_batch_size_count", 0),
         "batch sizes summed")
    t.ok(samples.get('clout_http_requests_total{route="/r/{code}",status="302"}', 0) >= 9, "302s counted by route")


try:
    for name, fn in list(globals().items()):
        if name.startswith("test_"):
            fn()
    t.eq(srv.stop(), 0, "serve exits 0 on SIGTERM")
finally:
    srv.cleanup()
t.finish()
