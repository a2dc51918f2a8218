#!/usr/bin/env bash
# Keeps api/codacy.yaml and api/veracode.yaml honest against the real server: each parses, every
# $ref resolves, path parameters match their templates, and every documented path + method is a
# route of the server (unsigned / tokenless it answers 401 in that surface's error shape, never
# 404 "no such endpoint" or 405), while a path next to them that is not documented is a 404.
# Usage: successor_specs_match_routes.sh path/to/crashtest-compat
set -uo pipefail
BIN=$(realpath "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d)
PID=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
PY=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import yaml' 2>/dev/null; then
    PY=$candidate; break
  fi
done
[ -n "$PY" ] || { echo "FAIL python3 with the yaml module (Debian python3-yaml) is needed"; exit 1; }
"$BIN" serve --listen 127.0.0.1:0 --db "$WORK/data/crashtest.db" --port-file "$WORK/port" \
  >"$WORK/server.log" 2>&1 & PID=$!
for _ in $(seq 1 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
[ -s "$WORK/port" ] || { echo "FAIL server did not start"; cat "$WORK/server.log"; exit 1; }
BASE="http://127.0.0.1:$(cat "$WORK/port")"

"$PY" - "$ROOT" "$BASE" <<'PY'
import json, re, sys, urllib.error, urllib.request
import yaml

root, base = sys.argv[1:3]
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL " + name + (": " + detail if detail else ""))


def resolve(doc, ref):
    node = doc
    for part in ref.lstrip("#/").split("/"):
        node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            return None
    return node


def refs(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str):
                yield v
            else:
                yield from refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from refs(v)


def send(method, url):
    req = urllib.request.Request(url, method=method, data=b"{}" if method in ("POST", "PUT") else None,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


surfaces = {
    "codacy.yaml": lambda body: "error" in body and "actions" in body,
    "veracode.yaml": lambda body: "errors" in body.get("_embedded", {}),
}
for name, shaped in surfaces.items():
    with open(f"{root}/api/{name}") as f:
        doc = yaml.safe_load(f)
    check(f"{name} is OpenAPI 3", str(doc.get("openapi", "")).startswith("3.") and doc.get("paths"))
    for ref in refs(doc):
        check(f"{name} $ref {ref} resolves", resolve(doc, ref) is not None)
    for path, item in doc["paths"].items():
        names = set(re.findall(r"{([^}]+)}", path))
        def names_of(ps):
            return {(resolve(doc, p["$ref"]) or {}).get("name") if "$ref" in p else p.get("name")
                    for p in ps if isinstance(p, dict)}
        params = names_of(item.get("parameters", []))
        concrete = re.sub(r"{[^}]+}", "1", path).replace("/organizations/1/1/", "/organizations/gh/Default/")
        for method in ("get", "post", "put", "delete", "patch"):
            if method not in item:
                continue
            op_params = params | names_of(item[method].get("parameters", []))
            for n in names:
                check(f"{name} {method.upper()} {path} declares path parameter {n}", n in op_params)
            status, body = send(method.upper(), base + concrete)
            try:
                parsed = json.loads(body)
            except ValueError:
                parsed = {}
            check(f"{name} {method.upper()} {path} is routed (401 unauthenticated)", status == 401,
                  f"{status} {body[:200]}")
            check(f"{name} {method.upper()} {path} answers in its surface's error shape",
                  shaped(parsed), body[:200])
        status, body = send("GET", base + concrete.rstrip("/") + "/undocumented-x/undocumented-y")
        check(f"{name} {path}/undocumented-x/undocumented-y is 404", status == 404, f"{status} {body[:200]}")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
