"""POST /api/v1/rules/test (src/server/h_rule_test.c): a rule tried on texts says which match,
stores nothing, names the place of a malformed rule, and checks its body."""
import json

from server import Checks, Server, make_token, make_user, schema_errors

t = Checks()
srv = Server()
try:
    body = {"expr": "(acme OR #acme) NOT jobs", "texts": ["I love my Acme kettle", "acme jobs in Paris", "nothing here",
                                                       "#acme day"]}
    s, _, b = srv.request("POST", "/api/v1/rules/test", body=body)
    t.eq(s, 200, "a rule tried on four texts")
    t.eq(schema_errors("/api/v1/rules/test", "POST", s, b), [], "the answer matches its schema")
    d = json.loads(b)
    t.eq((d["matches"], d["matched"]), ([True, False, False, True], 2), "which texts match")
    s, _, b = srv.request("GET", "/api/v1/rules")
    t.eq(json.loads(b)["rules"], [], "nothing was saved")
    s, _, b = srv.request("POST", "/api/v1/rules/test", body={"expr": "(acme OR", "texts": ["acme"]})
    e = json.loads(b)["error"]
    t.eq((s, e["code"], e["field"]), (422, "invalid_value", "/expr"), "a malformed rule")
    t.ok("1:" in e["message"], "the message names the place: " + e["message"])
    for bad, field in (({"expr": "acme"}, "/texts"), ({"expr": "acme", "texts": []}, "/texts"),
                       ({"expr": "acme", "texts": ["a", 3]}, "/texts/1"), ({"texts": ["a"]}, "/expr"),
                       ({"expr": "acme", "texts": ["x"] * 101}, "/texts")):
        s, _, b = srv.request("POST", "/api/v1/rules/test", body=bad)
        t.eq((s, json.loads(b)["error"]["field"]), (422, field), "refused: %s" % json.dumps(bad)[:60])
    make_user(srv.db, "rt-viewer", "viewer")
    tok = make_token(srv.db, "rt-viewer")
    s, _, _ = srv.request("POST", "/api/v1/rules/test", body=body, token=tok)
    t.eq(s, 200 if "listen:read" in json.loads(srv.request("GET", "/api/v1/me", token=tok)[2])["permissions"] else 403,
         "a viewer tries rules when the role may read listening")
    s, _, _ = srv.request("POST", "/api/v1/rules/test", body=body, token=None)
    t.eq(s, 401, "no credentials")
finally:
    srv.stop()
t.finish()
