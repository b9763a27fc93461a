"""The dashboard's files as clout serve answers them (src/server/web.c): index.html for every page
path a browser asks for, hashed assets with their types, long caching, ETag and 304, gzip when
accepted, a strict Content-Security-Policy and the hardening headers; API paths keep their JSON
404. Then GET /api/v1/workspaces (the workspace switcher's list). The file checks are skipped (77)
when the binary was built without the dashboard (no npm)."""
import gzip
import json
import re
import sys

from server import Checks, Server, make_token, make_user, schema_errors

t = Checks()
srv = Server()
try:
    # the workspaces a caller may act in: an admin all of them, a user their memberships
    make_user(srv.db, "wsu", "pr", workspace="alpha")
    make_user(srv.db, "wsv", "viewer", workspace="beta")
    make_user(srv.db, "wsu", "pr", workspace="beta")  # already there: stays in alpha only
    tok = make_token(srv.db, "wsu", workspace="alpha")
    s0, _, b0 = srv.request("GET", "/api/v1/workspaces")
    t.eq(s0, 200, "GET /api/v1/workspaces as the admin")
    t.eq(schema_errors("/api/v1/workspaces", "GET", s0, b0), [], "the answer matches its schema")
    names = [w["name"] for w in json.loads(b0)["workspaces"]]
    t.ok({"alpha", "beta", "default"} <= set(names), "an admin sees every workspace: %r" % names)
    s1, _, b1 = srv.request("GET", "/api/v1/workspaces", token=tok)
    d1 = json.loads(b1)
    t.eq((s1, [(w["name"], w["current"]) for w in d1["workspaces"]], d1["current_name"]),
         (200, [("alpha", True)], "alpha"), "a member sees their workspace, marked current")
    s2, _, _ = srv.request("GET", "/api/v1/workspaces", token=None)
    t.eq(s2, 401, "no credentials")

    html = {"Accept": "text/html,application/xhtml+xml"}
    status, h, body = srv.request("GET", "/", headers=html, token=None)
    if status == 404 and b"not in this build" in body:
        print("SKIP: clout was built without the dashboard: " + body.decode(errors="replace"), file=sys.stderr)
        sys.exit(77)
    t.eq(status, 200, "GET / with Accept: text/html")
    t.eq(h.get("content-type"), "text/html; charset=utf-8", "index.html's type")
    csp = h.get("content-security-policy", "")
    t.ok("script-src 'self'" in csp and "'unsafe-inline'" not in csp and "default-src 'none'" in csp,
         "a strict CSP without unsafe-inline: %r" % csp)
    t.ok("frame-ancestors 'none'" in csp, "the CSP forbids framing")
    t.eq(h.get("x-content-type-options"), "nosniff", "nosniff on the page")
    t.eq(h.get("x-frame-options"), "DENY", "X-Frame-Options")
    t.eq(h.get("cache-control"), "no-cache", "index.html is revalidated")
    t.ok(b"<script" not in re.sub(rb'<script type="module" src="/assets/[^"]+"></script>', b"", body),
         "the page has no inline script, only module scripts from /assets/")
    scripts = re.findall(rb'src="(/assets/[^"]+\.js)"', body)
    styles = re.findall(rb'href="(/assets/[^"]+\.css)"', body)
    t.ok(len(scripts) == 1 and len(styles) >= 1, "one entry script and its style sheet are linked")

    # every page URL is the same document (the client routes it), bookmarkable with its query
    for path in ("/discover?topic=home%20cooking", "/accounts/instagram:anna", "/plan", "/reports", "/signin"):
        s2, h2, b2 = srv.request("GET", path, headers=html, token=None)
        t.eq((s2, b2 == body), (200, True), "GET %s answers index.html" % path)
    # API clients keep their JSON 404 for unknown paths, and API paths never get the page
    s3, h3, b3 = srv.request("GET", "/discover", token=None)
    t.eq((s3, h3.get("content-type")), (404, "application/json"), "an unknown path without Accept: text/html")
    s4, h4, _ = srv.request("GET", "/api/v1/nope", headers=html, token=None)
    t.eq((s4, h4.get("content-type")), (404, "application/json"), "an unknown API path stays JSON")
    t.eq(h4.get("x-content-type-options"), "nosniff", "nosniff on API answers too")
    s5, _, _ = srv.request("POST", "/discover", body=b"", headers=html, token=None)
    t.eq(s5, 404, "POST to a page path is not the dashboard's")

    js = scripts[0].decode()
    s6, h6, b6 = srv.request("GET", js, token=None)
    t.eq(s6, 200, "GET " + js)
    t.eq(h6.get("content-type"), "text/javascript; charset=utf-8", "the script's type")
    t.eq(h6.get("cache-control"), "public, max-age=31536000, immutable", "hashed assets are cached for a year")
    t.ok(h6.get("content-encoding") is None, "no gzip unless asked for")
    etag = h6.get("etag")
    t.ok(etag and etag.startswith('"'), "an ETag")
    s7, h7, b7 = srv.request("GET", js, headers={"Accept-Encoding": "gzip, deflate"}, token=None)
    t.eq((s7, h7.get("content-encoding"), h7.get("vary")), (200, "gzip", "Accept-Encoding"), "gzip when accepted")
    t.ok(gzip.decompress(b7) == b6, "the gzip body is the same file")
    t.ok(len(b7) < len(b6), "the gzip body is smaller")
    s8, _, b8 = srv.request("GET", js, headers={"If-None-Match": etag}, token=None)
    t.eq((s8, b8), (304, b""), "If-None-Match with the ETag: 304 without a body")
    s9, h9, _ = srv.request("HEAD", js, token=None)
    t.eq((s9, h9.get("content-length")), (200, str(len(b6))), "HEAD gives the length")
    css = styles[0].decode()
    s10, h10, _ = srv.request("GET", css, token=None)
    t.eq((s10, h10.get("content-type")), (200, "text/css; charset=utf-8"), "the style sheet's type")
    s11, h11, _ = srv.request("GET", "/assets/../index.html", token=None)
    t.eq(s11, 404, "no path games under /assets/")
    s12, h12, _ = srv.request("GET", "/assets/nope.js", token=None)
    t.eq((s12, h12.get("content-type")), (404, "application/json"), "an unknown asset is 404")
finally:
    srv.stop()
t.finish()
