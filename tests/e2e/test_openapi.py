"""docs/openapi.yaml and the routes table agree: the same (method, path) pairs with the same
permission, and the document is valid OpenAPI 3.1 by @seriousme/openapi-schema-validator,
installed with npm into the build tree (CLOUT_NPM_DIR) on first run."""
import os
import shutil
import subprocess
import sys

from server import CLOUT, SOURCE, Checks, openapi

VALIDATOR = "@seriousme/openapi-schema-validator@2.11.0"
t = Checks()

routes = set()
permissions = {}
out = subprocess.run([CLOUT, "serve", "--print-routes"], check=True, capture_output=True, text=True).stdout
for line in out.splitlines():
    method, path, permission = line.split()
    routes.add((method, path))
    permissions[(method, path)] = permission
t.ok(len(routes) >= 2, "the routes table is printed")

documented = set()
for path, item in openapi()["paths"].items():
    for method, op in item.items():
        if method in ("get", "post", "put", "patch", "delete"):
            documented.add((method.upper(), path))
            t.eq(op.get("x-clout-permission"), permissions.get((method.upper(), path)),
                 "permission of %s %s" % (method.upper(), path))
t.eq(sorted(routes - documented), [], "routes missing from docs/openapi.yaml")
t.eq(sorted(documented - routes), [], "documented routes the server does not have")

npm = shutil.which("npm")
if not npm:
    print("SKIP: npm is not installed; the document was not validated", file=sys.stderr)
    t.finish() if t.failures else sys.exit(77)
prefix = os.environ["CLOUT_NPM_DIR"]
validate = os.path.join(prefix, "node_modules", ".bin", "validate-api")
if not os.path.exists(validate):
    subprocess.run([npm, "install", "--no-audit", "--no-fund", "--silent", "--prefix", prefix, VALIDATOR],
                   check=True)
r = subprocess.run([validate, os.path.join(SOURCE, "docs", "openapi.yaml")], capture_output=True, text=True)
t.eq(r.returncode, 0, "validate-api exit status (output: %s%s)" % (r.stdout, r.stderr))
t.ok('"valid": true' in r.stdout, "the validator says the document is valid")
t.finish()
