"""Users, roles and sessions over real HTTP: every role's allowed and refused calls on the routes,
401 without or with bad credentials, sessions with their cookie and CSRF token, logout, workspace
isolation (404 on another workspace's links), the login rate limit (also per forwarded address
behind a trusted proxy), token expiry and revocation, the audit log of API writes, and HTTPS."""
import http.client
import json
import os
import shutil
import ssl
import subprocess
import time

from server import Checks, Server, clout_cli, make_token, make_user, schema_errors

t = Checks()
srv = Server()
ROLES = ["admin", "manager", "analyst", "pr", "social", "support", "viewer"]
# What docs/users.md says each role may do, for the routes that exist (written out here, not read
# from the library, so that a change to the library's table shows up as a failure).
GRANTS = {
    "metrics:read": {"admin", "manager", "analyst"},
    "links:write": {"admin", "manager", "pr", "social"},
    "links:read": set(ROLES),
}
tokens = {}
for role in ROLES:
    make_user(srv.db, "u-" + role, role)
    tokens[role] = make_token(srv.db, "u-" + role)


def test_roles__allowed_and_refused():
    status, _, body = srv.request("POST", "/api/v1/links", {"url": "https://shop.example.com/", "code": "base"})
    t.eq(status, 201, "the admin makes a link")
    for i, role in enumerate(ROLES):
        tok = tokens[role]
        s, _, b = srv.request("GET", "/metrics", token=tok)
        if role in GRANTS["metrics:read"]:
            t.eq(s, 200, "%s reads metrics" % role)
        else:
            t.error(s, b, 403, "forbidden", "%s may not read metrics" % role)
        s, _, b = srv.request("POST", "/api/v1/links", {"url": "https://shop.example.com/%d" % i, "code": "r-" + role},
                              token=tok)
        if role in GRANTS["links:write"]:
            t.eq(s, 201, "%s creates a link" % role)
        else:
            t.error(s, b, 403, "forbidden", "%s may not create links" % role)
            t.ok(b"links:write" in b, "the refusal names the permission")
        s, _, b = srv.request("GET", "/api/v1/links/base/stats", token=tok)
        t.eq(s, 200, "%s reads link stats" % role)
        s, _, b = srv.request("GET", "/api/v1/me", token=tok)
        t.eq(s, 200, "%s: GET /api/v1/me" % role)
        t.eq(schema_errors("/api/v1/me", "GET", s, b), [], "me matches its schema")
        me = json.loads(b)
        t.eq((me["user"], me["role"], me["via"]), ("u-" + role, role, "token"), "me says who")
        t.eq("links:write" in me["permissions"], role in GRANTS["links:write"], "%s's permissions" % role)
    # the refused link creations wrote nothing
    for role in ROLES:
        if role not in GRANTS["links:write"]:
            s, _, _ = srv.request("GET", "/api/v1/links/r-%s/stats" % role)
            t.eq(s, 404, "no link made by %s" % role)


def test_credentials__401():
    for what, headers in [("no credentials", {}), ("a Basic header", {"Authorization": "Basic YTpi"}),
                          ("an unknown token", {"Authorization": "Bearer ct_999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}),
                          ("a malformed token", {"Authorization": "Bearer ct_1.<script>"}),
                          ("a forged cookie", {"Cookie": "clout_session=cs_1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})]:
        s, h, b = srv.request("GET", "/api/v1/links/base/stats", headers=headers, token=None)
        t.error(s, b, 401, "unauthenticated" if not headers else "invalid_credentials", what)
        t.ok(h.get("www-authenticate", "").startswith("Bearer"), what + ": WWW-Authenticate")
    s, _, _ = srv.request("GET", "/healthz", token=None)
    t.eq(s, 200, "/healthz is public")
    s, _, _ = srv.request("GET", "/r/base", token=None)
    t.eq(s, 302, "/r/ is public")


def login(name, password, server=None, headers=None):
    server = server or srv
    return server.request("POST", "/api/v1/session", {"name": name, "password": password}, headers=headers, token=None)


def test_session__cookie_and_csrf():
    s, h, b = login("u-pr", "pw-u-pr-secret")
    t.eq(s, 201, "login")
    t.eq(schema_errors("/api/v1/session", "POST", s, b), [], "login matches its schema")
    cookie = h.get("set-cookie", "")
    for part in ["clout_session=cs_", "HttpOnly", "SameSite=Strict", "Path=/"]:
        t.ok(part in cookie, "the cookie has %s: %s" % (part, cookie))
    t.ok("Secure" not in cookie, "no Secure over plain HTTP")
    csrf = json.loads(b)["csrf_token"]
    jar = {"Cookie": cookie.split(";")[0]}
    s, _, b = srv.request("GET", "/api/v1/me", headers=jar, token=None)
    t.eq((s, json.loads(b)["via"]), (200, "session"), "GET with the cookie needs no CSRF token")
    s, _, b = srv.request("POST", "/api/v1/links", {"url": "https://a.example/", "code": "csrf1"}, headers=jar, token=None)
    t.error(s, b, 403, "csrf_required", "POST with the cookie and no CSRF token")
    s, _, b = srv.request("POST", "/api/v1/links", {"url": "https://a.example/", "code": "csrf1"},
                          headers=dict(jar, **{"X-CSRF-Token": "0" * 64}), token=None)
    t.error(s, b, 403, "csrf_required", "POST with a wrong CSRF token")
    s, _, b = srv.request("POST", "/api/v1/links", {"url": "https://a.example/", "code": "csrf1"},
                          headers=dict(jar, **{"X-CSRF-Token": csrf}), token=None)
    t.eq(s, 201, "POST with the cookie and its CSRF token")
    s, _, b = srv.request("POST", "/api/v1/links", {"url": "https://a.example/", "code": "csrf2"})
    t.eq(s, 201, "a Bearer token needs no CSRF token")
    s, _, b = srv.request("DELETE", "/api/v1/session", headers=jar, token=None)
    t.error(s, b, 403, "csrf_required", "logout needs the CSRF token")
    s, h, _ = srv.request("DELETE", "/api/v1/session", headers=dict(jar, **{"X-CSRF-Token": csrf}), token=None)
    t.eq(s, 204, "logout")
    t.ok("Max-Age=0" in h.get("set-cookie", ""), "logout clears the cookie")
    s, _, b = srv.request("GET", "/api/v1/me", headers=jar, token=None)
    t.error(s, b, 401, "invalid_credentials", "the cookie after logout")
    s, _, b = srv.request("DELETE", "/api/v1/session")
    t.error(s, b, 400, "not_a_session", "logout with a token")
    s, _, b = login("u-pr", "wrong password")
    t.error(s, b, 401, "invalid_credentials", "a wrong password")
    s, _, b = srv.request("POST", "/api/v1/session", {"name": "u-pr", "password": "pw-u-pr-secret", "workspace": "nowhere"},
                          token=None)
    t.error(s, b, 401, "invalid_credentials", "an unknown workspace is a failed login, not a hint")
    s, _, b = srv.request("POST", "/api/v1/session", {"name": "u-pr"}, token=None)
    t.error(s, b, 422, "missing_field", "login without a password")


def test_workspaces__isolated():
    make_user(srv.db, "other-mgr", "manager", workspace="other")
    other = make_token(srv.db, "other-mgr", workspace="other")
    s, _, _ = srv.request("POST", "/api/v1/links", {"url": "https://b.example/", "code": "autumn"}, token=other)
    t.eq(s, 201, "the other workspace makes a link")
    s, _, b = srv.request("GET", "/api/v1/links/base/stats", token=other)
    t.error(s, b, 404, "not_found", "another workspace's link is 404")
    s, _, b = srv.request("GET", "/api/v1/links/autumn/stats")
    t.error(s, b, 404, "not_found", "and the other way round")
    s, _, _ = srv.request("GET", "/api/v1/links/autumn/stats", token=other)
    t.eq(s, 200, "its own link")
    s, _, b = srv.request("GET", "/api/v1/me", token=other)
    t.ok(json.loads(b)["workspace"] != json.loads(srv.request("GET", "/api/v1/me")[2])["workspace"],
         "the tokens act in different workspaces")
    rc, _, err = clout_cli(srv.db, "token", "create", "--user", "u-viewer", "-w", "other")
    t.ok(rc != 0 and "not a member" in err, "no token for a workspace the user is not in")


def test_login__rate_limited():
    # a server of its own: the failures also count against the loopback address
    own = Server(admin=False)
    try:
        make_user(own.db, "locked", "viewer")
        for i in range(5):
            s, _, _ = login("locked", "wrong %d" % i, server=own)
            t.eq(s, 401, "failure %d" % (i + 1))
        s, h, b = login("locked", "pw-locked-secret", server=own)
    finally:
        own.cleanup()
    t.error(s, b, 429, "too_many_attempts", "the sixth login, right password and all")
    t.ok(h.get("retry-after", "").isdigit() and 0 < int(h["retry-after"]) <= 900, "Retry-After: %r" % h.get("retry-after"))


def test_tokens__expire_and_revoke():
    make_user(srv.db, "temp", "viewer")
    short = make_token(srv.db, "temp", expires="1s")
    time.sleep(2.2)
    s, _, b = srv.request("GET", "/api/v1/me", token=short)
    t.error(s, b, 401, "invalid_credentials", "an expired token")
    t.ok(b"expired" in b, "the message says expired")
    tok = make_token(srv.db, "temp")
    s, _, _ = srv.request("GET", "/api/v1/me", token=tok)
    t.eq(s, 200, "a live token")
    rc, _, _ = clout_cli(srv.db, "token", "revoke", tok.split(".")[0][3:])
    t.eq(rc, 0, "token revoke")
    s, _, b = srv.request("GET", "/api/v1/me", token=tok)
    t.error(s, b, 401, "invalid_credentials", "a revoked token")
    t.ok(b"revoked" in b, "the message says revoked")


def test_audit__api_writes():
    rc, out, _ = clout_cli(srv.db, "audit", "-o", "json")
    t.eq(rc, 0, "clout audit")
    entries = json.loads(out)
    links = [e for e in entries if e["action"] == "link.create" and e["object"] == "link:csrf1"]
    t.eq(len(links), 1, "the API's link create is in the audit log")
    if links:
        t.eq(links[0]["actor"], "u-pr", "who")
        t.ok(links[0]["origin"].startswith("addr:") and "127.0.0.1" not in links[0]["origin"], "from where (a hash)")
    t.ok(any(e["action"] == "session.create" and e["object"] == "user:u-pr" for e in entries), "logins are audited")


def test_trusted_proxy__forwarded_address():
    proxy = Server("--trusted-proxy", "127.0.0.1")
    try:
        for i in range(5):
            make_user(proxy.db, "p%d" % i, "viewer")
        for i in range(5):
            s, _, _ = login("p%d" % i, "wrong", server=proxy, headers={"X-Forwarded-For": "203.0.113.9"})
            t.eq(s, 401, "failure from 203.0.113.9")
        s, _, b = login("p0", "pw-p0-secret", server=proxy, headers={"X-Forwarded-For": "203.0.113.9"})
        t.eq(s, 429, "that address is limited")
        s, _, b = login("p0", "pw-p0-secret", server=proxy, headers={"X-Forwarded-For": "203.0.113.9, 203.0.113.10"})
        t.eq(s, 201, "the last forwarded address is the client's (a forged first entry does not count)")
    finally:
        proxy.cleanup()
    # without --trusted-proxy the header is not believed: every failure counts for 127.0.0.1
    plain = Server(admin=False)
    try:
        for i in range(5):
            make_user(plain.db, "p%d" % i, "viewer")
        for i in range(5):
            login("p%d" % i, "wrong", server=plain, headers={"X-Forwarded-For": "203.0.113.%d" % (20 + i)})
        s, _, _ = login("p1", "pw-p1-secret", server=plain, headers={"X-Forwarded-For": "203.0.113.99"})
        t.eq(s, 429, "X-Forwarded-For is not believed from an untrusted peer")
    finally:
        plain.cleanup()


def test_tls__https_and_secure_cookie():
    if not shutil.which("openssl"):
        print("SKIP: openssl is not installed; HTTPS not tested")
        return
    d = srv.scratch
    cert, key = os.path.join(d, "cert.pem"), os.path.join(d, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "1", "-subj", "/CN=127.0.0.1"], check=True, capture_output=True)
    tls = Server("--tls-cert", cert, "--tls-key", key)
    try:
        ctx = ssl.create_default_context(cafile=cert)
        ctx.check_hostname = False
        conn = http.client.HTTPSConnection("127.0.0.1", tls.port, context=ctx, timeout=30)
        make_user(tls.db, "web", "viewer")
        conn.request("POST", "/api/v1/session", body=json.dumps({"name": "web", "password": "pw-web-secret"}),
                     headers={"Content-Type": "application/json"})
        r = conn.getresponse()
        r.read()
        t.eq(r.status, 201, "login over HTTPS")
        t.ok("; Secure" in (r.getheader("Set-Cookie") or ""), "the cookie is Secure over HTTPS")
        conn.close()
    finally:
        tls.cleanup()
    proc = subprocess.run([os.environ["CLOUT"], "serve", "--listen", "127.0.0.1:0", "--db", os.path.join(d, "x.db"),
                           "--tls-cert", cert], capture_output=True, text=True, timeout=60)
    t.ok(proc.returncode != 0 and "--tls-cert and --tls-key go together" in proc.stderr, "a certificate without key")


try:
    test_roles__allowed_and_refused()
    test_credentials__401()
    test_session__cookie_and_csrf()
    test_workspaces__isolated()
    test_login__rate_limited()
    test_tokens__expire_and_revoke()
    test_audit__api_writes()
    test_trusted_proxy__forwarded_address()
    test_tls__https_and_secure_cookie()
finally:
    srv.cleanup()
t.finish()
