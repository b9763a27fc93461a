"""POST /api/v1/session/workspace over real HTTP, on the engine of $CLOUT_TEST_ENGINE: a signed-in
member of two workspaces moves the session to the other one without the password; the session is
rotated (new cookie and CSRF token, same expiry; the old cookie is dead, so a cookie planted before
the switch is worthless after it); the CSRF token is required; a workspace that does not exist and
one the user is not a member of get the same 404 and leave the session as it was; an API token
cannot switch; an admin reaches every workspace; the answer matches docs/openapi.yaml; the switch
is in the audit log; data stay isolated by workspace after it."""
import json
import re
import tempfile

from server import Checks, Server, clout_cli, drop_stores, fresh_store, make_user, schema_errors

t = Checks()
scratch = tempfile.mkdtemp(prefix="clout-e2e-switch-")
db = fresh_store(scratch, "switch")
PATH = "/api/v1/session/workspace"


def login(name, password, workspace=None):
    body = {"name": name, "password": password}
    if workspace:
        body["workspace"] = workspace
    s, h, b = srv.request("POST", "/api/v1/session", body, token=None)
    t.eq(s, 201, "%s logs in" % name)
    doc = json.loads(b)
    return h["set-cookie"].split(";")[0].split("=", 1)[1], doc["csrf_token"], doc


def jar(cookie, csrf=None):
    h = {"Cookie": "clout_session=" + cookie}
    if csrf:
        h["X-CSRF-Token"] = csrf
    return h


def me(cookie):
    s, _, b = srv.request("GET", "/api/v1/me", headers=jar(cookie), token=None)
    return s, (json.loads(b) if s == 200 else None)


def switch(cookie, csrf, workspace):
    return srv.request("POST", PATH, {"workspace": workspace}, headers=jar(cookie, csrf), token=None)


def workspace_ids(cookie):
    s, _, b = srv.request("GET", "/api/v1/workspaces", headers=jar(cookie), token=None)
    t.eq(s, 200, "the workspaces are listed")
    doc = json.loads(b)
    return doc["current_name"], {w["name"]: w["id"] for w in doc["workspaces"]}


def test_switch__rotates_the_session():
    cookie, csrf, first = login("mia", mia_pw)
    t.eq(me(cookie)[1]["role"], "analyst", "mia is an analyst")
    current, ids = workspace_ids(cookie)
    t.eq((current, sorted(ids)), ("default", ["brand-b", "default"]), "mia acts in default and may act in brand-b")

    s, _, b = srv.request("POST", PATH, {"workspace": "brand-b"}, headers=jar(cookie), token=None)
    t.error(s, b, 403, "csrf_required", "a switch without the CSRF token")
    s, _, b = switch(cookie, "0" * 64, "brand-b")
    t.error(s, b, 403, "csrf_required", "a switch with a wrong CSRF token")
    t.eq(me(cookie)[1]["workspace"], ids["default"], "the refused switches left the session in default")

    s, h, b = switch(cookie, csrf, "brand-b")
    t.eq(s, 201, "mia switches to brand-b")
    t.eq(schema_errors(PATH, "POST", s, b), [], "the answer matches its schema")
    doc = json.loads(b)
    set_cookie = h.get("set-cookie", "")
    for part in ["clout_session=cs_", "HttpOnly", "SameSite=Strict", "Path=/"]:
        t.ok(part in set_cookie, "the new cookie has %s: %s" % (part, set_cookie))
    t.eq(h.get("cache-control"), "no-store", "the answer is not cached")
    new_cookie = set_cookie.split(";")[0].split("=", 1)[1]
    age = int(re.search(r"Max-Age=(\d+)", set_cookie).group(1))
    t.ok(0 < age <= 12 * 3600, "the cookie lives at most what is left of the session (%d s)" % age)
    t.ok(new_cookie != cookie, "a new cookie value")
    t.ok(new_cookie.split(".")[0] != cookie.split(".")[0], "a new session id")
    t.ok(doc["csrf_token"] != csrf, "a new CSRF token")
    t.eq((doc["user"], doc["role"], doc["workspace"]), ("mia", "analyst", ids["brand-b"]), "the new session: mia, analyst, brand-b")
    t.eq(doc["expires_at"], first["expires_at"], "the switch keeps the session's expiry (it does not extend it)")

    s, b = me(cookie)
    t.eq(s, 401, "the cookie from before the switch is dead")
    s, _, b = switch(cookie, csrf, "default")
    t.error(s, b, 401, "invalid_credentials", "the old cookie cannot switch again")
    s, m = me(new_cookie)
    t.eq((s, m["workspace"], m["role"], m["via"]), (200, ids["brand-b"], "analyst", "session"), "the new cookie acts in brand-b")
    t.eq(workspace_ids(new_cookie)[0], "brand-b", "the workspace list names brand-b as current")
    s, _, b = switch(new_cookie, csrf, "default")
    t.error(s, b, 403, "csrf_required", "the old CSRF token does not go with the new cookie")

    # isolation: default's link is not in brand-b
    s, _, b = srv.request("GET", "/api/v1/links/base/stats", headers=jar(new_cookie), token=None)
    t.error(s, b, 404, "not_found", "default's link from brand-b")

    # back again, with the role the user has now
    rc, _, err = clout_cli(db, "user", "role", "mia", "manager")
    t.eq(rc, 0, "mia becomes a manager: " + err)
    s, h, b = switch(new_cookie, doc["csrf_token"], "default")
    t.eq(s, 201, "mia switches back to default")
    back = json.loads(b)
    t.eq((back["role"], back["workspace"]), ("manager", ids["default"]), "the switch answers with the role the user has now")
    third = h["set-cookie"].split(";")[0].split("=", 1)[1]
    t.eq(me(new_cookie)[0], 401, "the brand-b cookie is dead too")
    t.eq(me(third)[1]["workspace"], ids["default"], "the third cookie acts in default")
    return third, back["csrf_token"]


def test_switch__no_workspace_to_reveal(cookie, csrf):
    s, _, b1 = switch(cookie, csrf, "secret")
    t.error(s, b1, 404, "not_found", "a workspace mia is not a member of")
    s, _, b2 = switch(cookie, csrf, "nowhere")
    t.error(s, b2, 404, "not_found", "a workspace that does not exist")
    m1 = json.loads(b1)["error"]["message"].replace("secret", "X")
    m2 = json.loads(b2)["error"]["message"].replace("nowhere", "X")
    t.eq(m1, m2, "both say the same thing")
    t.eq(me(cookie)[0], 200, "a refused switch leaves the session alive")
    s, _, b = srv.request("POST", PATH, {}, headers=jar(cookie, csrf), token=None)
    t.error(s, b, 422, "missing_field", "a switch without a workspace")
    s, _, b = srv.request("POST", PATH, {"workspace": 7}, headers=jar(cookie, csrf), token=None)
    t.error(s, b, 422, "wrong_type", "a workspace that is not a string")
    s, _, b = srv.request("POST", PATH, "{", headers=dict(jar(cookie, csrf), **{"Content-Type": "application/json"}),
                          token=None)
    t.eq(s, 400, "malformed JSON")
    t.eq(me(cookie)[0], 200, "the session is still alive")
    s, _, b = srv.request("POST", PATH, {"workspace": "brand-b"})
    t.error(s, b, 400, "not_a_session", "an API token cannot switch")
    s, _, b = srv.request("POST", PATH, {"workspace": "brand-b"}, token=None)
    t.error(s, b, 401, "unauthenticated", "no credentials")


def test_switch__admin_and_single_workspace():
    cookie, csrf, _ = login("ada", ada_pw)
    s, _, b = switch(cookie, csrf, "secret")
    t.eq(s, 201, "an admin reaches a workspace without being a member")
    t.eq(json.loads(b)["role"], "admin", "as admin")
    cookie, csrf, _ = login("bob", bob_pw, "brand-b")
    s, _, b = switch(cookie, csrf, "default")
    t.error(s, b, 404, "not_found", "bob, a member of brand-b only, cannot reach default")
    s, _, b = switch(cookie, csrf, "brand-b")
    t.eq(s, 201, "a switch to the current workspace rotates the session all the same")


def test_switch__audited():
    rc, out, err = clout_cli(db, "audit", "-o", "json")
    t.eq(rc, 0, "clout audit: " + err)
    entries = [e for e in json.loads(out) if e["action"] == "session.switch"]
    t.eq(len(entries), 4, "every switch is in the audit log (and no refused one)")
    mia = [e for e in entries if e["actor"] == "mia"]
    t.eq(len(mia), 2, "mia's two switches")
    t.ok(all(e["object"] == "user:mia" and e["origin"].startswith("addr:") for e in mia), "who and from where")


srv = None
try:
    mia_pw = make_user(db, "mia", "analyst")
    ada_pw = make_user(db, "ada", "admin")
    bob_pw = make_user(db, "bob", "pr", workspace="brand-b")
    make_user(db, "eve", "viewer", workspace="secret")
    rc, _, err = clout_cli(db, "user", "join", "mia", "-w", "brand-b")
    t.eq(rc, 0, "clout user join: " + err)
    rc, _, err = clout_cli(db, "user", "join", "nobody", "-w", "brand-b")
    t.eq(rc != 0 and "nobody" in err, True, "joining an unknown user fails naming them: " + err)
    srv = Server(db=db, scratch=scratch)
    s, _, _ = srv.request("POST", "/api/v1/links", {"url": "https://shop.example.com/", "code": "base"})
    t.eq(s, 201, "a link in default")
    third, third_csrf = test_switch__rotates_the_session()
    test_switch__no_workspace_to_reveal(third, third_csrf)
    test_switch__admin_and_single_workspace()
    test_switch__audited()
finally:
    if srv:
        srv.cleanup()
    drop_stores()
t.finish()
