"""People and relationships over real HTTP: every route's role permissions (a viewer and an analyst
only read; pr, social and support log interactions and feedback; admin and manager change people),
answers that match docs/openapi.yaml, a contact refused for a person who opted out (409, nothing
logged), bad input answered 4xx with nothing changed, the audit log of each write (person:ID, no
name), and erasure."""
import json

from server import Checks, Server, clout_cli, make_token, make_user, schema_errors

t = Checks()
srv = Server()
ROLES = ["admin", "manager", "analyst", "pr", "social", "support", "viewer"]
# docs/users.md's table, written out here so that a change to the library's table shows up.
PEOPLE_WRITE = {"admin", "manager"}
INTERACTIONS_WRITE = {"admin", "manager", "pr", "social", "support"}
tokens = {}
for role in ROLES:
    make_user(srv.db, "u-" + role, role)
    tokens[role] = make_token(srv.db, "u-" + role)

ACCOUNTS = "\n".join(json.dumps(a) for a in [
    {"type": "account", "platform": "instagram", "id": "1", "handle": "anna_h", "followers": 1000},
    {"type": "account", "platform": "instagram", "id": "2", "handle": "ben_h", "followers": 2000},
    {"type": "account", "platform": "youtube", "id": "3", "handle": "carl_h", "followers": 30},
]) + "\n"
rc, _, err = clout_cli(srv.db, "import", "-", stdin=ACCOUNTS)
assert rc == 0, err


def call(method, path, body=None, role="admin", want=None, what=""):
    s, _, b = srv.request(method, path, body, token=tokens[role])
    if want is not None:
        t.eq(s, want, "%s: %s %s as %s (%s)" % (what, method, path, role, b[:200]))
    return s, b


def schema_ok(pattern, method, status, body, what):
    t.eq(schema_errors(pattern, method, status, body), [], what + " matches its schema")


def people_names():
    _, b = call("GET", "/api/v1/people", want=200, what="list")
    return [p["name"] for p in json.loads(b)["people"]]


def test_people__add_show_link():
    s, b = call("POST", "/api/v1/people", {"name": "anna", "accounts": ["@anna_h"]}, want=201, what="add anna")
    schema_ok("/api/v1/people", "POST", s, b, "the new person")
    p = json.loads(b)
    t.eq((p["name"], p["stage"], p["sharing"], [a["handle"] for a in p["accounts"]]),
         ("anna", "identified", "none", ["anna_h"]), "anna as added")
    s, b = call("POST", "/api/v1/people", {"name": "ANNA"})
    t.error(s, b, 409, "conflict", "a name taken in another case")
    s, b = call("POST", "/api/v1/people", {"name": "dora", "accounts": ["@nobody"]})
    t.error(s, b, 404, "not_found", "an unknown account")
    s, b = call("POST", "/api/v1/people", {"name": "dora", "accounts": "@anna_h"})
    t.error(s, b, 422, "wrong_type", "accounts that are not a list")
    s, b = call("POST", "/api/v1/people", {"accounts": []})
    t.error(s, b, 422, "missing_field", "no name")
    t.eq(people_names(), ["anna"], "the failed adds changed nothing")
    call("POST", "/api/v1/people", {"name": "ben"}, want=201, what="add ben")
    s, b = call("POST", "/api/v1/people/ben/accounts", {"account": "instagram:2"}, want=200, what="link")
    schema_ok("/api/v1/people/{name}/accounts", "POST", s, b, "the linked person")
    s, b = call("POST", "/api/v1/people/carl/accounts", {"account": "@carl_h"})
    t.error(s, b, 404, "not_found", "linking to an unknown person")
    call("POST", "/api/v1/people", {"name": "carl", "accounts": ["@carl_h"]}, want=201, what="add carl")
    s, b = call("GET", "/api/v1/people/BEN", role="viewer", want=200, what="a viewer reads a person")
    schema_ok("/api/v1/people/{name}", "GET", s, b, "a person")
    t.eq(json.loads(b)["accounts"][0]["handle"], "ben_h", "ben owns @ben_h")
    s, b = call("GET", "/api/v1/people", role="viewer", want=200, what="a viewer lists")
    schema_ok("/api/v1/people", "GET", s, b, "the list")


def test_people__consent_and_refusal():
    s, b = call("POST", "/api/v1/people/carl/consent", {"consent": "out"}, want=200, what="carl opts out")
    schema_ok("/api/v1/people/{name}/consent", "POST", s, b, "the person after consent")
    t.eq(json.loads(b)["consent"], "out", "carl's consent")
    s, b = call("POST", "/api/v1/people/carl/interactions", {"kind": "gift", "value": "10", "currency": "EUR"}, role="pr")
    t.error(s, b, 409, "refused", "a gift to a person who opted out")
    t.ok(b"opted out" in b, "the refusal says why")
    s, b = call("POST", "/api/v1/people/anna/consent", {"consent": "in", "sharing": "none", "source": "form",
                                                       "date": "2026-02-03"}, want=200, what="anna opts in")
    t.eq((json.loads(b)["consent"], json.loads(b)["consent_at"]), ("in", "2026-02-03T00:00:00Z"), "anna's consent")
    s, b = call("POST", "/api/v1/people/ben/consent", {"consent": "maybe"})
    t.error(s, b, 422, "invalid_value", "an unknown consent")
    s, b = call("POST", "/api/v1/people/ben/consent", {"consent": "in", "sharing": "everyone"})
    t.error(s, b, 422, "invalid_value", "an unknown sharing right")
    s, b = call("POST", "/api/v1/people/ben/consent", {"consent": "in", "date": "2026-02-30"})
    t.error(s, b, 422, "invalid_value", "a bad date")
    _, b = call("GET", "/api/v1/people/ben", want=200)
    t.eq(json.loads(b)["consent"], "unknown", "the refused consents changed nothing")
    call("POST", "/api/v1/people/ben/consent", {"consent": "in", "sharing": "public"}, want=200, what="ben opts in")


def test_people__exports_obey_sharing_rights():
    # anna: opted in, sharing none; ben: opted in, public; carl: opted out
    for audience, shown in [("workspace", ["ben"]), ("share", ["ben"])]:
        s, b = call("GET", "/api/v1/people?for=" + audience, role="viewer", want=200, what="export for " + audience)
        schema_ok("/api/v1/people", "GET", s, b, "the export for " + audience)
        people = json.loads(b)["people"]
        t.eq([p["name"] for p in people if "name" in p], shown, "who shows for " + audience)
        t.eq(sum(1 for p in people if p == {"withheld": True}), 2, "the others are withheld for " + audience)
        for trace in (b"anna", b"carl", b"anna_h", b"carl_h"):
            t.ok(trace not in b, "no trace of %s in the export for %s" % (trace.decode(), audience))
    call("POST", "/api/v1/people/anna/consent", {"sharing": "brand"}, want=200, what="anna shares with the brand")
    _, b = call("GET", "/api/v1/people?for=workspace", want=200)
    t.eq([p.get("name") for p in json.loads(b)["people"]], ["anna", "ben", None], "brand shows in the workspace's")
    _, b = call("GET", "/api/v1/people?for=share", want=200)
    t.eq([p.get("name") for p in json.loads(b)["people"]], [None, "ben", None], "but not in the shared export")
    t.ok(b"anna" not in b, "no trace of anna in the shared export")
    call("POST", "/api/v1/people/anna/consent", {"sharing": "none"}, want=200, what="anna back to none")
    s, b = call("GET", "/api/v1/people?for=everyone")
    t.eq(s, 400, "an unknown audience")


def test_people__interactions_and_bad_input():
    s, b = call("POST", "/api/v1/people/ben/interactions", {"kind": "gift", "product": "knife set", "value": "80",
                                                           "currency": "EUR", "shipped": "2026-03-01"},
                role="pr", want=201, what="pr logs a gift")
    schema_ok("/api/v1/people/{name}/interactions", "POST", s, b, "the interaction")
    got = json.loads(b)
    t.eq((got["value"], got["currency"], got["shipped"], got["logged_by"]), ("80.00", "EUR", "2026-03-01", "u-pr"),
         "the gift as logged")
    for body, field in [({"kind": "gift", "value": "-80", "currency": "EUR"}, "/value"),
                        ({"kind": "gift", "value": "80", "currency": "EURO"}, "/currency"),
                        ({"kind": "hug"}, "/kind"),
                        ({"kind": "gift", "value": 80.5, "currency": "EUR"}, "/value"),
                        ({"kind": "gift", "shipped": "2026-13-01"}, "/shipped")]:
        s, b = call("POST", "/api/v1/people/ben/interactions", body)
        t.eq(s, 422, "bad input %s: status" % body)
        t.eq(json.loads(b)["error"]["field"], field, "bad input %s names its field" % body)
    s, b = call("POST", "/api/v1/people/nobody/interactions", {"kind": "like"})
    t.error(s, b, 404, "not_found", "an unknown person")
    s, b = call("GET", "/api/v1/people/ben/interactions", role="viewer", want=200, what="a viewer reads the log")
    schema_ok("/api/v1/people/{name}/interactions", "GET", s, b, "the log")
    t.eq(len(json.loads(b)["interactions"]), 1, "only the good interaction was logged")


def test_people__stage_nda_feedback_balance():
    s, b = call("POST", "/api/v1/people/ben/stage", {"stage": "partner", "owner": "u-pr"}, want=200, what="stage")
    t.eq((json.loads(b)["stage"], json.loads(b)["owner"]), ("partner", "u-pr"), "ben is a partner owned by u-pr")
    s, b = call("POST", "/api/v1/people/ben/stage", {"stage": "flirting"})
    t.error(s, b, 422, "invalid_value", "an unknown stage")
    s, b = call("POST", "/api/v1/people/ben/stage", {"owner": "nobody"})
    t.error(s, b, 404, "not_found", "an unknown owner")
    s, b = call("GET", "/api/v1/people/ben/stages", want=200, what="history")
    schema_ok("/api/v1/people/{name}/stages", "GET", s, b, "the history")
    t.eq([c["stage"] for c in json.loads(b)["stages"]], ["identified", "partner"], "the history holds each change")
    s, b = call("POST", "/api/v1/people/ben/nda", {"status": "signed", "signed": "2026-03-01", "expires": "2027-03-01"},
                want=200, what="nda")
    t.eq((json.loads(b)["nda"], json.loads(b)["nda_expires_at"]), ("signed", "2027-03-01"), "the NDA")
    s, b = call("POST", "/api/v1/people/ben/feedback", {"product": "knife set", "text": "the handle slips"},
                role="support", want=201, what="support records feedback")
    fid = json.loads(b)["id"]
    s, b = call("POST", "/api/v1/feedback/%d/status" % fid, {"status": "told"}, role="social", want=200, what="close")
    schema_ok("/api/v1/feedback/{id}/status", "POST", s, b, "the status")
    s, b = call("GET", "/api/v1/people/ben/feedback", want=200, what="feedback")
    schema_ok("/api/v1/people/{name}/feedback", "GET", s, b, "the feedback")
    t.eq(json.loads(b)["feedback"][0]["closed_by"], "u-social", "who closed the loop")
    s, b = call("POST", "/api/v1/feedback/999/status", {"status": "told"})
    t.error(s, b, 404, "not_found", "unknown feedback")
    s, b = call("GET", "/api/v1/people/ben/balance?currency=EUR", role="viewer", want=200, what="balance")
    schema_ok("/api/v1/people/{name}/balance", "GET", s, b, "the balance")
    bal = json.loads(b)
    t.eq((bal["given"]["gifts"], bal["given"]["total"], bal["received"]["reach"], bal["ratio"]),
         ("80.00", "80.00", 2000, 0), "ben's sheet")
    s, b = call("GET", "/api/v1/people/ben/balance")
    t.error(s, b, 422, "invalid_value", "no currency anywhere")


def test_people__permissions():
    for role in ROLES:
        s, b = call("POST", "/api/v1/people", {"name": "p-" + role}, role=role)
        if role in PEOPLE_WRITE:
            t.eq(s, 201, "%s adds a person" % role)
        else:
            t.error(s, b, 403, "forbidden", "%s may not add people" % role)
            t.ok(b"people:write" in b, "the refusal names the permission")
        s, b = call("POST", "/api/v1/people/ben/interactions", {"kind": "like"}, role=role)
        if role in INTERACTIONS_WRITE:
            t.eq(s, 201, "%s logs an interaction" % role)
        else:
            t.error(s, b, 403, "forbidden", "%s may not log interactions" % role)
        s, b = call("POST", "/api/v1/people/ben/stage", {"stage": "alumni"}, role=role)
        t.eq(s, 200 if role in PEOPLE_WRITE else 403, "%s and the stage" % role)
        s, b = call("DELETE", "/api/v1/people/p-admin", role=role) if role not in PEOPLE_WRITE else (403, b"")
        if role not in PEOPLE_WRITE:
            t.eq(s, 403, "%s may not erase" % role)
        call("GET", "/api/v1/people/ben/balance?currency=EUR", role=role, want=200, what="everyone reads")
    t.eq(sorted(n for n in people_names() if n.startswith("p-")), ["p-admin", "p-manager"], "only the allowed added")


def test_people__audit_and_erase():
    s, b = call("DELETE", "/api/v1/people/ben/accounts/instagram:2", want=200, what="unlink")
    t.eq(json.loads(b)["accounts"], [], "ben has no account left")
    call("POST", "/api/v1/people/ben/accounts", {"account": "@ben_h"}, want=200, what="relink")
    s, b = call("DELETE", "/api/v1/people/ben", want=200, what="erase")
    schema_ok("/api/v1/people/{name}", "DELETE", s, b, "the erasure")
    erased = json.loads(b)["erased"]
    s, b = call("GET", "/api/v1/people/ben")
    t.error(s, b, 404, "not_found", "an erased person")
    s, b = call("GET", "/api/v1/people/ben/interactions")
    t.eq(s, 404, "no log left")
    rc, out, _ = clout_cli(srv.db, "audit")
    entries = json.loads(out)
    actions = [e["action"] for e in entries if (e["object"] or "").startswith("person:")]
    for a in ["person.add", "person.link", "person.consent", "interaction.log", "person.stage", "person.nda",
              "feedback.add", "person.unlink", "person.erase"]:
        t.ok(a in actions, "the audit log has %s" % a)
    t.ok(any(e["action"] == "person.erase" and e["object"] == "person:%d" % erased and e["actor"] == "u-admin"
             for e in entries), "the erasure is recorded with its actor")
    t.ok("ben" not in out.replace("ben_h", ""), "the audit log holds no trace of ben's name")
    rc, out, _ = clout_cli(srv.db, "crm", "list", "-o", "csv")
    t.ok("ben" not in out, "ben is gone from the CRM")
    s, b = call("GET", "/api/v1/people/anna", want=200)
    t.eq(json.loads(b)["name"], "anna", "anna stays")


try:
    test_people__add_show_link()
    test_people__consent_and_refusal()
    test_people__exports_obey_sharing_rights()
    test_people__interactions_and_bad_input()
    test_people__stage_nda_feedback_balance()
    test_people__permissions()
    test_people__audit_and_erase()
finally:
    srv.cleanup()
t.finish()
