"""What exists already, over the JSON API: GET /api/v1/stats answers what `clout stats -o json`
prints for the same store (one workspace, or all), and refuses unknown or bad query parameters
by name."""
import json
import subprocess

from server import CLOUT, Checks, Server, error_errors, schema_errors

t = Checks()
srv = Server()


def cli(*args):
    return subprocess.run([CLOUT] + list(args), capture_output=True, text=True)


try:
    r = cli("gen", "-o", srv.scratch + "/s", "-n", "200", "--seed", "3", "-q")
    t.eq(r.returncode, 0, "gen (%s)" % r.stderr)
    r = cli("import", "-q", "--db", srv.db, srv.scratch + "/s/accounts.jsonl", srv.scratch + "/s/posts.jsonl")
    t.eq(r.returncode, 0, "import (%s)" % r.stderr)
    for query, args in [("", []), ("?all=true", ["--all"])]:
        status, _, body = srv.request("GET", "/api/v1/stats" + query)
        t.eq(status, 200, "GET /api/v1/stats" + query)
        t.eq(schema_errors("/api/v1/stats", "GET", status, body), [], "stats match their schema")
        r = cli("stats", "--db", srv.db, "-o", "json", *args)
        t.eq(r.returncode, 0, "clout stats " + " ".join(args))
        t.eq(json.loads(body), json.loads(r.stdout), "the API and the CLI agree" + query)
        t.ok(json.loads(body)["accounts"] == 200, "the imported accounts are counted")
    for query, field in [("?all=yes", "all"), ("?topic=x", "topic")]:
        status, _, body = srv.request("GET", "/api/v1/stats" + query)
        t.eq(status, 400, "GET /api/v1/stats" + query)
        t.eq(error_errors(body), [], "an Error")
        t.eq(json.loads(body)["error"]["field"], field, "naming " + field)
finally:
    srv.cleanup()
t.finish()
