"""Campaigns, rosters, links, contracts, deliverables, the calendar and reports over real HTTP, on
the engine of $CLOUT_TEST_ENGINE: answers match their schemas in docs/openapi.yaml and what the CLI
prints for the same store; roles are followed (a viewer reads, an analyst cannot change contracts,
a manager does everything); bad input is a 4xx naming the field and changes nothing; writes are in
the audit log; a shared report holds no trace of a withheld person."""
import json
import subprocess
import tempfile
from urllib.parse import quote

from server import (CLOUT, Checks, Server, drop_stores, error_errors, fresh_store, make_token, make_user,
                    schema_errors)

t = Checks()
scratch = tempfile.mkdtemp(prefix="clout-e2e-campaigns-")
db = fresh_store(scratch, "campaigns")


def cli(*args):
    return subprocess.run([CLOUT, "--db", db] + list(args), capture_output=True, text=True)


def check_error(status, body, want_status, field, what):
    t.eq(status, want_status, what + ": status")
    t.eq(error_errors(body), [], what + ": an Error")
    if field is not None:
        t.eq(json.loads(body)["error"].get("field"), field, what + ": names " + field)


srv = None
try:
    with open(scratch + "/people.jsonl", "w") as f:
        f.write('{"type":"account","platform":"instagram","id":"91001","handle":"erin_eats","followers":5000}\n')
        f.write('{"type":"account","platform":"instagram","id":"91002","handle":"finn_fries","followers":7000}\n')
        f.write('{"type":"post","platform":"instagram","id":"FP1","author":"91002","text":"Fries! #summer #ad",'
                '"created_at":"2026-06-10T10:00:00Z","likes":50,"comments":5,"shares":5,"views":1000}\n')
    for args in (["import", scratch + "/people.jsonl"], ["crm", "add", "erin", "--account", "@erin_eats"],
                 ["crm", "consent", "erin", "--opt-in", "--sharing", "none"],
                 ["crm", "add", "finn", "--account", "@finn_fries"],
                 ["crm", "consent", "finn", "--opt-in", "--sharing", "public"]):
        r = cli(*args)
        t.eq(r.returncode, 0, " ".join(args) + " (%s)" % r.stderr)
    srv = Server(db=db, scratch=scratch)
    tokens = {}
    for role in ("viewer", "analyst", "manager"):
        make_user(db, "c-" + role, role)
        tokens[role] = make_token(db, "c-" + role)

    campaign = {"name": "summer", "goal": "engagement", "start": "2026-06-01", "end": "2026-08-31", "budget": "5000",
                "currency": "EUR", "kpis": ["engagements=1000", "cpe=2@2026-07-31"], "audience": "lang=en tier=micro"}
    status, _, body = srv.request("POST", "/api/v1/campaigns", campaign, token=tokens["analyst"])
    check_error(status, body, 403, None, "an analyst cannot create a campaign")
    status, _, body = srv.request("POST", "/api/v1/campaigns", campaign, token=tokens["manager"])
    t.eq(status, 201, "a manager creates a campaign")
    t.eq(schema_errors("/api/v1/campaigns", "POST", status, body), [], "201 matches its schema")
    t.eq(json.loads(body)["kpis"][1], {"metric": "engagements", "target": "1000", "deadline": "2026-08-31"},
         "KPIs with their deadlines")
    status, _, body = srv.request("POST", "/api/v1/campaigns", campaign, token=tokens["manager"])
    check_error(status, body, 409, "/name", "the same name again")
    for field, value, what in (("budget", "-1", "negative budget"), ("currency", "EUX", "unknown currency"),
                               ("start", "01/06/2026", "date format"), ("goal", "fame", "unknown goal")):
        status, _, body = srv.request("POST", "/api/v1/campaigns", dict(campaign, name="bad", **{field: value}),
                                      token=tokens["manager"])
        check_error(status, body, 422, "/" + field, what)
    status, _, body = srv.request("GET", "/api/v1/campaigns", token=tokens["viewer"])
    t.eq((status, [c["name"] for c in json.loads(body)["campaigns"]]), (200, ["summer"]), "bad input added nothing")
    t.eq(schema_errors("/api/v1/campaigns", "GET", status, body), [], "the list matches its schema")
    t.eq(json.loads(body)["campaigns"][0], json.loads(cli("campaign", "show", "summer", "-o", "json").stdout),
         "the API answers what the CLI prints")
    status, _, body = srv.request("PATCH", "/api/v1/campaigns/summer", {"status": "active"}, token=tokens["manager"])
    t.eq((status, json.loads(body)["status"]), (200, "active"), "the campaign is activated")
    t.eq(schema_errors("/api/v1/campaigns/{name}", "PATCH", status, body), [], "PATCH matches its schema")
    status, _, body = srv.request("GET", "/api/v1/campaigns/nope", token=tokens["viewer"])
    check_error(status, body, 404, None, "an unknown campaign")

    # the roster and links
    status, _, body = srv.request("POST", "/api/v1/campaigns/summer/roster", {"people": ["erin", "ghost"]},
                                  token=tokens["manager"])
    check_error(status, body, 404, None, "an unknown person")
    status, _, body = srv.request("POST", "/api/v1/campaigns/summer/roster", {"people": ["erin", "finn"]},
                                  token=tokens["manager"])
    t.eq((status, [m["person"] for m in json.loads(body)["members"]]), (200, ["erin", "finn"]), "two on the roster")
    t.eq(schema_errors("/api/v1/campaigns/{name}/roster", "POST", status, body), [], "the roster matches its schema")
    status, _, body = srv.request("POST", "/api/v1/campaigns/summer/links", {"url": "https://shop.example/s"},
                                  token=tokens["manager"])
    t.eq((status, [(l["code"], l["influencer"]) for l in json.loads(body)["links"]]),
         (201, [("summer-erin", "erin_eats"), ("summer-finn", "finn_fries")]), "a link per member")

    # contracts and deliverables
    contract = {"campaign": "summer", "person": "finn", "flat": "300", "hashtags": ["summer"], "disclosure": "#ad",
                "donts": ["burnt"]}
    status, _, body = srv.request("POST", "/api/v1/contracts", contract, token=tokens["analyst"])
    check_error(status, body, 403, None, "an analyst cannot change contracts")
    status, _, body = srv.request("POST", "/api/v1/contracts", dict(contract, flat="-3"), token=tokens["manager"])
    check_error(status, body, 422, "/flat", "a negative fee")
    status, _, body = srv.request("POST", "/api/v1/contracts", contract, token=tokens["manager"])
    t.eq(status, 201, "a manager creates a contract")
    t.eq(schema_errors("/api/v1/contracts", "POST", status, body), [], "the contract matches its schema")
    status, _, body = srv.request("POST", "/api/v1/contracts", {"campaign": "summer", "person": "erin", "flat": "200"},
                                  token=tokens["manager"])
    t.eq(status, 201, "erin's contract")
    deliverable = {"campaign": "summer", "person": "finn", "platform": "instagram", "format": "reel", "due": "2026-06-12",
                   "post": "instagram:FP1"}
    status, _, body = srv.request("POST", "/api/v1/deliverables", dict(deliverable, due="12/06/2026"), token=tokens["manager"])
    check_error(status, body, 422, "/due", "a due date in the wrong format")
    status, _, body = srv.request("POST", "/api/v1/deliverables", deliverable, token=tokens["manager"])
    t.eq(status, 201, "a deliverable")
    t.eq(schema_errors("/api/v1/deliverables", "POST", status, body), [], "the deliverable matches its schema")
    d = json.loads(body)
    t.eq((d["status"], d["check"]["problems"]), ("published", None), "checked against its post: all well")
    status, _, body = srv.request("PATCH", "/api/v1/deliverables/%d" % d["id"], {"status": "approved"}, token=tokens["analyst"])
    check_error(status, body, 403, None, "an analyst cannot change a deliverable")
    status, _, body = srv.request("GET", "/api/v1/contracts?campaign=summer", token=tokens["viewer"])
    t.eq(schema_errors("/api/v1/contracts", "GET", status, body), [], "contracts match their schema")
    t.eq([(c["person"], len(c["deliverables"])) for c in json.loads(body)["contracts"]], [("erin", 0), ("finn", 1)],
         "contracts with their deliverables")

    # calendar
    status, headers, body = srv.request("GET", "/api/v1/calendar?campaign=summer", token=tokens["viewer"])
    t.eq(schema_errors("/api/v1/calendar", "GET", status, body), [], "the calendar matches its schema")
    t.eq([e["kind"] for e in json.loads(body)["events"]],
         ["campaign-start", "deliverable-due", "kpi-deadline", "campaign-end", "kpi-deadline"], "the calendar's events")
    status, headers, body = srv.request("GET", "/api/v1/calendar?format=ics", token=tokens["viewer"])
    t.eq((status, headers.get("content-type", "").split(";")[0]), (200, "text/calendar"), "the calendar as iCalendar")
    t.ok(body.startswith(b"BEGIN:VCALENDAR\r\n") and body.count(b"BEGIN:VEVENT") == 5, "five VEVENTs")
    status, _, body = srv.request("GET", "/api/v1/calendar?from=2026-13-01", token=tokens["viewer"])
    check_error(status, body, 400, "from", "a bad date in the query")

    # reports: the same as the CLI's; shared, no trace of erin
    status, _, body = srv.request("GET", "/api/v1/reports/campaigns/summer?as_of=2026-06-20", token=tokens["viewer"])
    t.eq(schema_errors("/api/v1/reports/campaigns/{name}", "GET", status, body), [], "the report matches its schema")
    t.eq(json.loads(body), json.loads(cli("report", "campaign", "summer", "--as-of", "2026-06-20", "-o", "json").stdout),
         "the API's report is the CLI's")
    rep = json.loads(body)
    t.eq((rep["totals"]["engagements"], rep["totals"]["cost"]["total"], rep["totals"]["cpe"]), (60, "500.00", "8.33"),
         "engagements 50 + 5 + 5, cost 300 + 200, CPE 500 / 60")
    t.eq([(k["metric"], k["status"]) for k in rep["kpis"]], [("cpe", "at-risk"), ("engagements", "at-risk")], "KPI status")
    status, _, body = srv.request("GET", "/api/v1/reports/campaigns/summer?share=true", token=tokens["viewer"])
    t.eq(status, 200, "the shared report")
    for trace in (b"erin", b"91001", b"summer-erin"):
        t.ok(trace not in body.lower(), "the shared report holds no %r" % trace)
    t.ok(b"finn" in body, "the shared report holds finn")
    status, _, body = srv.request("GET", "/api/v1/reports/people/finn?share=true", token=tokens["viewer"])
    t.eq(schema_errors("/api/v1/reports/people/{person}", "GET", status, body), [], "the person report matches its schema")
    status, _, body = srv.request("GET", "/api/v1/reports/people/erin?share=true", token=tokens["viewer"])
    check_error(status, body, 403, None, "a withheld person's shared report is refused")
    t.ok(b"91001" not in body, "and names no account")

    # every write in the audit log
    audit = cli("audit", "-o", "csv").stdout
    for action in ("campaign.create", "campaign.update", "campaign.roster.add", "campaign.links", "contract.create",
                   "deliverable.create"):
        t.ok(action in audit, action + " is in the audit log")
finally:
    if srv:
        srv.cleanup()
    drop_stores()
t.finish()
