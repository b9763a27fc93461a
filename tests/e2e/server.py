"""server.py: helpers for the server tests: start and stop a real `clout serve` on a free
loopback port, talk HTTP to it (http.client, or raw sockets for misbehaving clients), check
answers against docs/openapi.yaml, and count passes and failures like tests/cli/lib.sh."""
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile

import jsonschema
import yaml

CLOUT = os.environ["CLOUT"]
SOURCE = os.environ["CLOUT_SOURCE"]


class Checks:
    """Counts checks; each failure is printed with what was expected."""

    def __init__(self):
        self.passes = 0
        self.failures = 0

    def ok(self, cond, what):
        if cond:
            self.passes += 1
        else:
            self.failures += 1
            print("FAIL: " + what, file=sys.stderr)
        return cond

    def eq(self, got, want, what):
        return self.ok(got == want, "%s: got %r, wanted %r" % (what, got, want))

    def error(self, status, body, want_status, want_code, what):
        """An error answer: want_status, a body that is an Error of docs/openapi.yaml, code want_code."""
        self.eq(status, want_status, what + ": status")
        self.eq(error_errors(body), [], what + ": error body matches the schema")
        try:
            self.eq(json.loads(body)["error"]["code"], want_code, what + ": error code")
        except (ValueError, KeyError):
            self.ok(False, what + ": error body is JSON")

    def finish(self):
        print("%d passed, %d failed" % (self.passes, self.failures))
        sys.exit(1 if self.failures else 0)


def clout_cli(db, *args, stdin=None):
    """Runs the clout CLI on db; returns (exit status, stdout, stderr)."""
    r = subprocess.run([CLOUT, "--db", db] + list(args), input=stdin, capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


def make_user(db, name, role, password=None, workspace=None):
    """Adds a user (cheap password hash) and returns its password."""
    password = password or "pw-" + name + "-secret"
    args = ["user", "add", name, "--role", role, "--password-stdin", "--password-cost", "min"]
    if workspace:
        args += ["-w", workspace]
    rc, _, err = clout_cli(db, *args, stdin=password + "\n")
    if rc != 0 and "exists" not in err:
        raise RuntimeError("user add %s: %s" % (name, err))
    return password


def make_token(db, user, workspace=None, expires=None):
    """Creates an API token for user and returns it."""
    args = ["token", "create", "--user", user]
    if workspace:
        args += ["-w", workspace]
    if expires:
        args += ["--expires", expires]
    rc, out, err = clout_cli(db, *args)
    if rc != 0:
        raise RuntimeError("token create: " + err)
    return out.strip()


class Server:
    """A `clout serve` child on 127.0.0.1 and a free port, with its own scratch store. Requests carry
    an admin's API token unless told otherwise (token=None: no credentials)."""

    def __init__(self, *args, db=None, scratch=None, admin=True):
        self.scratch = scratch or tempfile.mkdtemp(prefix="clout-e2e-")
        self.db = db or os.path.join(self.scratch, "test.db")
        self.token = None
        if admin:
            make_user(self.db, "e2e-admin", "admin")
            self.token = make_token(self.db, "e2e-admin")
        self.log_path = os.path.join(self.scratch, "serve.log")
        self.log = open(self.log_path, "ab")
        args = list(args)
        if self.db.startswith("postgres") and "--state-dir" not in args:
            # the click log of a PostgreSQL store defaults to ./clout-state: one per test instead
            args += ["--state-dir", os.path.join(self.scratch, "clicks")]
        self.proc = subprocess.Popen([CLOUT, "serve", "--listen", "127.0.0.1:0", "--db", self.db] + args,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.port = None
        for raw in self.proc.stderr:
            self.log.write(raw)
            m = re.match(r"listening on https?://127\.0\.0\.1:(\d+)", raw.decode())
            if m:
                self.port = int(m.group(1))
                break
        if self.port is None:
            self.log.flush()
            raise RuntimeError("clout serve did not start: " + open(self.log_path).read())
        # keep draining stderr so the server never blocks on a full pipe
        import threading
        self.reader = threading.Thread(target=self._pump, daemon=True)
        self.reader.start()

    def _pump(self):
        for raw in self.proc.stderr:
            self.log.write(raw)
            self.log.flush()

    def stop(self, sig=signal.SIGTERM, timeout=60):
        """Sends sig and returns the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        rc = self.proc.wait(timeout=timeout)
        self.reader.join(timeout=5)
        self.log.flush()
        return rc

    def wait(self, timeout=60):
        """Waits for the server to exit on its own and returns the exit status."""
        rc = self.proc.wait(timeout=timeout)
        self.reader.join(timeout=5)
        self.log.flush()
        return rc

    def output(self):
        self.log.flush()
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def connection(self, timeout=30):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, conn=None, token=""):
        """One request; returns (status, headers dict with lowercase names, body bytes). token: ""
        for the server's admin token, None for none, else that token."""
        own = conn is None
        conn = conn or self.connection()
        token = self.token if token == "" else token
        if token and not any(k.lower() in ("authorization", "cookie") for k in (headers or {})):
            headers = dict(headers or {}, Authorization="Bearer " + token)
        try:
            if isinstance(body, (dict, list)):
                body = json.dumps(body)
                headers = dict(headers or {}, **{"Content-Type": "application/json"})
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            data = r.read()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, data
        finally:
            if own:
                conn.close()

    def raw_socket(self, timeout=30):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        return s

    def cleanup(self):
        if self.proc.poll() is None:
            self.stop(signal.SIGKILL)
        shutil.rmtree(self.scratch, ignore_errors=True)


_DOC = None


def openapi():
    global _DOC
    if _DOC is None:
        with open(os.path.join(SOURCE, "docs", "openapi.yaml")) as f:
            _DOC = yaml.safe_load(f)
    return _DOC


def schema_errors(path, method, status, body):
    """Checks a JSON body against the document's schema for (path pattern, method, status);
    returns a list of problems (empty when it conforms)."""
    doc = openapi()
    op = doc["paths"].get(path, {}).get(method.lower())
    if op is None:
        return ["%s %s is not in docs/openapi.yaml" % (method, path)]
    resp = op["responses"].get(str(status))
    if resp is None:
        return ["%s %s does not document status %d" % (method, path, status)]
    if "$ref" in resp:
        resp = doc["components"]["responses"][resp["$ref"].rsplit("/", 1)[1]]
    schema = resp.get("content", {}).get("application/json", {}).get("schema")
    if schema is None:
        return ["%s %s %d has no JSON schema" % (method, path, status)]
    try:
        value = json.loads(body)
    except ValueError as e:
        return ["body is not JSON: %s" % e]
    root = dict(schema, components=doc["components"])
    validator = jsonschema.Draft202012Validator(root)
    return [e.message for e in validator.iter_errors(value)]


def error_errors(body):
    """Checks a body against components.schemas.Error."""
    doc = openapi()
    root = {"$ref": "#/components/schemas/Error", "components": doc["components"]}
    try:
        value = json.loads(body)
    except ValueError as e:
        return ["body is not JSON: %s" % e]
    return [e.message for e in jsonschema.Draft202012Validator(root).iter_errors(value)]


ENGINE = os.environ.get("CLOUT_TEST_ENGINE", "sqlite")
_PG_DATABASES = []


def fresh_store(scratch, name):
    """A new, empty store on the test's engine ($CLOUT_TEST_ENGINE): a file in scratch, or a
    database of its own on the cluster of $CLOUT_TEST_PG (dropped by drop_stores). Exits 77 (skip)
    for postgresql without a cluster."""
    if ENGINE != "postgresql":
        return os.path.join(scratch, name + ".db")
    maintenance = os.environ.get("CLOUT_TEST_PG")
    if not maintenance:
        print("CLOUT_TEST_PG is not set (scripts/test starts a scratch server): skipped", file=sys.stderr)
        sys.exit(77)
    db = re.sub(r"[^a-z0-9_]", "_", ("clout_e2e_%s_%s_%d" % (os.path.basename(sys.argv[0])[:-3], name, os.getpid())).lower())
    env = dict(os.environ, PGOPTIONS="-c client_min_messages=warning")
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", maintenance, "-c", "DROP DATABASE IF EXISTS %s WITH (FORCE)" % db,
                    "-c", "CREATE DATABASE %s" % db], check=True, env=env, stdout=subprocess.DEVNULL)
    _PG_DATABASES.append(db)
    return re.sub(r"^([a-z]+://[^/?]*)(/[^?]*)?", lambda m: m.group(1) + "/" + db, maintenance, count=1)


def drop_stores():
    """Drops the databases fresh_store made."""
    env = dict(os.environ, PGOPTIONS="-c client_min_messages=warning")
    for db in _PG_DATABASES:
        subprocess.run(["psql", "-X", "-q", os.environ["CLOUT_TEST_PG"], "-c", "DROP DATABASE IF EXISTS %s WITH (FORCE)" % db],
                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
