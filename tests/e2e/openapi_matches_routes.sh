#!/usr/bin/env bash
# Keeps api/openapi.yaml honest against the real server:
#  (a) the document parses (python3 + yaml) and is structurally OpenAPI 3.0: openapi/info/paths,
#      every $ref resolves, path templates and path parameters agree, examples fit their schemas;
#  (b) every documented path + method (and each path's x-aliases, and both the /api/v1 prefix and
#      none for GETs) is sent to the server with real ids (a project it creates, a finished scan
#      of a python http.server site, a webhook secret): the answer must not be a routing miss, its
#      status must be one documented for the operation (GETs must succeed), its Content-Type one
#      documented for that status, and JSON bodies must fit the documented schema (XML and JUnit
#      reports are checked with xmllint against api/report.xsd and tests/schemas/junit-4.xsd);
#  (c) undocumented paths derived from the documented ones answer 404 "no such endpoint" for every
#      documented method, and every documented path answers 405 with an Allow header listing
#      exactly the documented methods for the methods it does not document.
# So a route added in code without docs, or documented without code, fails here.
# Usage: openapi_matches_routes.sh path/to/crashtest-compat
set -uo pipefail
BIN=$(realpath "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SPEC="$ROOT/api/openapi.yaml"
WORK=$(mktemp -d)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$WORK"' EXIT
passed=0; failed=0
check() { if eval "$2"; then echo "ok   $1"; passed=$((passed+1)); else echo "FAIL $1"; failed=$((failed+1)); fi; }

# A python3 that has the yaml module (Debian package python3-yaml).
PY=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import yaml' 2>/dev/null; then
    PY=$candidate; break
  fi
done
if [ -z "$PY" ]; then
  echo "FAIL python3 with the 'yaml' module is needed to read api/openapi.yaml:" \
       "install the Debian package python3-yaml (apt-get install -y python3-yaml)"
  echo "0 passed, 1 failed"
  exit 1
fi
check "api/openapi.yaml exists" '[ -s "$SPEC" ]'

# The site under test: python's http.server on loopback.
mkdir -p "$WORK/site"
printf '<html><head><title>App</title></head><body><a href="/about.html">about</a></body></html>' > "$WORK/site/index.html"
printf '<html><head><title>About</title></head><body>about</body></html>' > "$WORK/site/about.html"
(cd "$WORK/site" && exec python3 -m http.server 0 --bind 127.0.0.1 >"$WORK/site.log" 2>&1) & PIDS+=($!)
SITE_PORT=""
for _ in $(seq 1 50); do SITE_PORT=$(grep -o 'port [0-9]*' "$WORK/site.log" | grep -o '[0-9]*'); [ -n "${SITE_PORT:-}" ] && break; sleep 0.1; done

# Rate limiting off (CTC_RATE_LIMIT=0): this test sends ~150 keyed requests in a second or two;
# the 429 itself is covered by tests/api/limits_test.cpp.
CTC_RATE_LIMIT=0 "$BIN" serve --listen 127.0.0.1:0 --db "$WORK/data/crashtest.db" --allow-private-targets \
  --port-file "$WORK/port" >"$WORK/server.log" 2>&1 & PIDS+=($!)
for _ in $(seq 1 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
check "site and server started" '[ -n "$SITE_PORT" ] && [ -s "$WORK/port" ] && [ -s "$WORK/data/initial-api-key" ]'
if [ "$failed" -ne 0 ]; then echo "$passed passed, $failed failed"; exit 1; fi
BASE="http://127.0.0.1:$(cat "$WORK/port")"
KEY=$(cat "$WORK/data/initial-api-key")

timeout 120 "$PY" - "$SPEC" "$BASE" "$KEY" "http://127.0.0.1:$SITE_PORT/" "$ROOT" "$WORK" <<'PY'
import http.client, json, os, re, shutil, socket, subprocess, sys, time, urllib.parse
import yaml

spec_path, base, key, site_url, root, work = sys.argv[1:7]
host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok   " + name)
    else:
        failed += 1
        print("FAIL " + name + (": " + detail if detail else ""))
    return ok


def finish():
    with open(os.path.join(work, "py-counts"), "w") as f:
        f.write(f"{passed} {failed}\n")
    sys.exit(0)


# ---------------------------------------------------------------- (a) the document itself
try:
    with open(spec_path) as f:
        spec = yaml.safe_load(f)
except Exception as e:  # noqa: BLE001
    check("openapi.yaml parses as YAML", False, str(e))
    finish()
check("openapi.yaml parses as YAML", isinstance(spec, dict))
if not isinstance(spec, dict):
    finish()
check("openapi is 3.0.x", str(spec.get("openapi", "")).startswith("3.0."), str(spec.get("openapi")))
info = spec.get("info") or {}
check("info has title and version", isinstance(info.get("title"), str) and isinstance(info.get("version"), str))
paths = spec.get("paths") or {}
check("paths is a non-empty map of /-paths", isinstance(paths, dict) and paths and all(p.startswith("/") for p in paths))


def pointer(ref):
    if not ref.startswith("#/"):
        raise KeyError("not a local reference: " + ref)
    node = spec
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[part]
    return node


bad_refs = []


def walk_refs(node, where):
    if isinstance(node, dict):
        if "$ref" in node:
            try:
                pointer(node["$ref"])
            except (KeyError, TypeError, IndexError):
                bad_refs.append(f"{where}: {node['$ref']}")
        for k, v in node.items():
            walk_refs(v, f"{where}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            walk_refs(v, f"{where}[{i}]")


walk_refs(spec, "#")
check("every $ref resolves", not bad_refs, "; ".join(bad_refs[:5]))
if bad_refs:
    finish()


def resolve(node):
    seen = 0
    while isinstance(node, dict) and "$ref" in node:
        node = pointer(node["$ref"])
        seen += 1
        if seen > 20:
            raise ValueError("$ref loop")
    return node


METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
schemes = (spec.get("components") or {}).get("securitySchemes") or {}
problems = []
op_ids = set()
for path, item in paths.items():
    template_params = set(re.findall(r"{([^}]+)}", path))
    path_level = [resolve(p) for p in item.get("parameters", [])]
    ops = {m: item[m] for m in METHODS if m in item}
    if not ops:
        problems.append(f"{path}: no operations")
    for method, op in ops.items():
        params = path_level + [resolve(p) for p in op.get("parameters", [])]
        declared = {p["name"] for p in params if p.get("in") == "path"}
        if declared != template_params:
            problems.append(f"{method.upper()} {path}: path parameters {sorted(declared)} vs template {sorted(template_params)}")
        for p in params:
            if p.get("in") == "path" and not p.get("required"):
                problems.append(f"{method.upper()} {path}: path parameter {p.get('name')} not required")
        oid = op.get("operationId")
        if not oid or oid in op_ids:
            problems.append(f"{method.upper()} {path}: missing or duplicate operationId {oid}")
        op_ids.add(oid)
        responses = op.get("responses") or {}
        if not responses:
            problems.append(f"{method.upper()} {path}: no responses")
        for status, resp in responses.items():
            if not re.fullmatch(r"[1-5]\d\d|default", str(status)):
                problems.append(f"{method.upper()} {path}: bad status key {status}")
            if "description" not in resolve(resp):
                problems.append(f"{method.upper()} {path} {status}: response without description")
        for req in op.get("security", spec.get("security", [])):
            for name in req:
                if name not in schemes:
                    problems.append(f"{method.upper()} {path}: unknown security scheme {name}")
check("operations well-formed (path params, operationIds, responses, security)", not problems, "; ".join(problems[:5]))


# A small JSON-schema checker for the OpenAPI 3.0 subset the document uses.
def type_ok(value, t):
    if t == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if t == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if t == "string":
        return isinstance(value, str)
    if t == "boolean":
        return isinstance(value, bool)
    if t == "object":
        return isinstance(value, dict)
    if t == "array":
        return isinstance(value, list)
    return True


def validate(value, schema, where, errors):
    schema = resolve(schema)
    if not isinstance(schema, dict) or not schema:
        return
    for part in schema.get("allOf", []):
        validate(value, part, where, errors)
    if "oneOf" in schema:
        hits = sum(1 for part in schema["oneOf"] if not validate(value, part, where, []))
        if hits != 1:
            errors.append(f"{where}: matches {hits} of oneOf")
    if value is None:
        if "type" in schema and not schema.get("nullable"):
            errors.append(f"{where}: null where {schema['type']} expected")
        return errors
    t = schema.get("type")
    if t and not type_ok(value, t):
        errors.append(f"{where}: {type(value).__name__} where {t} expected")
        return errors
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where}: {value!r} not in {schema['enum']}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{where}: {value} < {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(f"{where}: {value} > {schema['maximum']}")
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append(f"{where}: {value!r} does not match {schema['pattern']}")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            errors.append(f"{where}: longer than {schema['maxLength']}")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                errors.append(f"{where}: missing {name}")
        for name, v in value.items():
            if name in props:
                validate(v, props[name], f"{where}.{name}", errors)
            else:
                extra = schema.get("additionalProperties", True)
                if extra is False:
                    errors.append(f"{where}: undocumented field {name}")
                elif isinstance(extra, dict):
                    validate(v, extra, f"{where}.{name}", errors)
    if isinstance(value, list) and "items" in schema:
        for i, v in enumerate(value):
            validate(v, schema["items"], f"{where}[{i}]", errors)
    return errors


example_errors = []
for path, item in paths.items():
    for method in METHODS:
        op = item.get(method)
        if not op:
            continue
        media_sets = []
        if "requestBody" in op:
            media_sets.append(("request", resolve(op["requestBody"]).get("content", {})))
        for status, resp in op.get("responses", {}).items():
            media_sets.append((status, resolve(resp).get("content", {})))
        for label, content in media_sets:
            for media, m in content.items():
                samples = []
                if "example" in m:
                    samples.append(m["example"])
                for ex in (m.get("examples") or {}).values():
                    samples.append(resolve(ex).get("value"))
                for sample in samples:
                    errs = validate(sample, m.get("schema", {}), "example", [])
                    if errs:
                        example_errors.append(f"{method.upper()} {path} {label} {media}: {errs[0]}")
check("every example fits its schema", not example_errors, "; ".join(example_errors[:5]))

# ---------------------------------------------------------------- talking to the server


def request(method, target, body=None, headers=None, with_key=True):
    h = dict(headers or {})
    if with_key:
        h["API_KEY"] = key
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
        h.setdefault("Content-Type", "application/json")
    conn = http.client.HTTPConnection(host, port, timeout=20)
    try:
        conn.request(method, target, body=body, headers=h)
        r = conn.getresponse()
        data = r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data
    finally:
        conn.close()


def raw_status(payload):
    with socket.create_connection((host, port), timeout=10) as s:
        s.sendall(payload)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        m = re.match(rb"HTTP/1\.[01] (\d{3})", data)
        return int(m.group(1)) if m else 0


def json_of(data):
    try:
        return json.loads(data)
    except ValueError:
        return None


def is_routing_miss(status, data):
    if status == 405:
        return True
    body = json_of(data)
    return status == 404 and isinstance(body, dict) and str(body.get("message", "")).startswith("no such endpoint")


# Set-up: a project of the loopback site, a finished scan of it, a webhook secret.
status, _, data = request("POST", "/api/v1/teams/1/projects", {"title": "openapi", "url": site_url, "type": "webapp"})
project = (json_of(data) or {}).get("data", {}).get("id")
check("set-up: project created", status == 201 and isinstance(project, int), f"{status} {data[:200]!r}")
status, _, data = request("POST", f"/api/v1/teams/1/projects/{project}/scans")
scan = (json_of(data) or {}).get("data", {}).get("scanId")
check("set-up: scan started", status == 201 and isinstance(scan, int), f"{status} {data[:200]!r}")
code = 0
for _ in range(150):
    status, _, data = request("GET", f"/api/v1/teams/1/scans/{scan}/status")
    code = ((json_of(data) or {}).get("data") or {}).get("status", {}).get("status_code", 0)
    if code > 101:
        break
    time.sleep(0.1)
check("set-up: scan finished (200)", code == 200, f"status_code {code}")
status, _, data = request("POST", f"/api/v1/teams/1/projects/{project}/webhook")
secret = (json_of(data) or {}).get("data", {}).get("secret")
check("set-up: webhook secret issued", status == 201 and isinstance(secret, str), f"{status} {data[:200]!r}")
if not (isinstance(project, int) and isinstance(scan, int) and isinstance(secret, str)):
    finish()

status, _, data = request("POST", f"/api/v1/teams/1/projects/{project}/specifications",
                          {"openapi": "3.0.3", "info": {"title": "set-up"}, "paths": {"/a": {"get": {}}}})
specification = (json_of(data) or {}).get("data", {}).get("id")
check("set-up: API description stored", status == 201 and isinstance(specification, int), f"{status} {data[:200]!r}")

values = {"teamId": "1", "projectId": str(project), "scanId": str(scan), "secret": secret,
          "specificationId": str(specification)}


def fill(template, fmt=None):
    out = template
    for k, v in values.items():
        out = out.replace("{" + k + "}", v)
    if fmt is not None:
        out = out.replace("{format}", fmt)
    return out


def servers_of(item):
    return [s["url"] for s in (item.get("servers") or spec.get("servers") or [{"url": "/"}])]


def join(server, path):
    return (server.rstrip("/") + path) or "/"


# Claims of the description that no single operation shows.
status, _, _ = request("GET", "/api/v1/teams?API_KEY=" + urllib.parse.quote(key), with_key=False)
check("key in ?API_KEY= (upper case) is accepted", status == 200, str(status))
status, _, _ = request("GET", "/teams", headers={"Api_Key": key}, with_key=False)
check("key in header Api_Key (mixed case), no prefix, is accepted", status == 200, str(status))
status, headers, data = request("GET", "/api/v1/teams", with_key=False)
check("no key: 401 JSON with WWW-Authenticate: API_KEY",
      status == 401 and headers.get("www-authenticate") == "API_KEY" and not validate(json_of(data), {"$ref": "#/components/schemas/Error"}, "body", []),
      f"{status} {headers.get('www-authenticate')}")
status, _, data = request("GET", "/api/v1/teams/abc")
check("non-integer id: 400", status == 400, str(status))
status, _, data = request("GET", "/api/v1/teams/999")
check("team the user is not in: 404 (not 403)", status == 404 and not is_routing_miss(status, data), str(status))
status, headers, data = request("HEAD", f"/api/v1/teams/1/scans/{scan}/status")
check("HEAD on a GET route: 200, no body", status == 200 and data == b"", f"{status} {len(data)}")
status, _, data = request("POST", "/api/v1/teams/1/projects", b"a" * (1200 * 1024), {"Content-Type": "application/json"})
check("body over 1 MiB: 413 JSON", status == 413 and json_of(data) is not None, str(status))
status, _, data = request("GET", "/", b"a" * (1200 * 1024), {"Content-Type": "text/plain"}, with_key=False)
check("body over 1 MiB on a GET: 413 JSON too", status == 413 and json_of(data) is not None, str(status))
hook = f"/webhook/{secret}".encode()
framings = {
    "Content-Length 0 + form type (curl --data \"\", axios)":
        b"POST " + hook + b" HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    "no Content-Length": b"POST " + hook + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    "chunked, zero chunk": b"POST " + hook + b" HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n",
}
for name, payload in framings.items():
    status = raw_status(payload)
    check(f"webhook empty body, {name}: 200/201", status in (200, 201), str(status))

# ---------------------------------------------------------------- (b) every documented operation
MEDIA = {"pdf": "application/pdf", "xml": "application/xml", "junit": "application/xml", "json": "application/json",
         "sarif": "application/sarif+json", "html": "text/html"}
XSD = {"xml": os.path.join(root, "api", "report.xsd"), "junit": os.path.join(root, "tests", "schemas", "junit-4.xsd")}
have_xmllint = shutil.which("xmllint") is not None


def params_of(item, op):
    return [resolve(p) for p in item.get("parameters", [])] + [resolve(p) for p in op.get("parameters", [])]


def variants(item, op):
    """(format-in-path, query) pairs to try for this operation."""
    params = params_of(item, op)
    fmt = next((p for p in params if p["in"] == "path" and p["name"] == "format"), None)
    query = [p for p in params if p["in"] == "query"]
    out = []
    if fmt:
        out += [(v, {}) for v in resolve(fmt["schema"])["enum"]]
    else:
        out.append((None, {}))
    # Query enums are tried one by one; on a path with {format}, with the format they apply to
    # (the JUnit gate: fail_on, new_only, which needs fail_on).
    path_format = None
    if fmt:
        formats = resolve(fmt["schema"])["enum"]
        path_format = "junit" if "junit" in formats else formats[0]
    for q in query:
        for v in resolve(q.get("schema", {})).get("enum", []):
            values = {q["name"]: v}
            if q["name"] in ("fail_on", "new_only") and not fmt:
                values["format"] = "junit"
            if q["name"] == "new_only":
                values["fail_on"] = "high"
            out.append((path_format, values))
    return out


def body_of(op):
    rb = op.get("requestBody")
    if not rb:
        return None
    content = resolve(rb).get("content", {})
    m = content.get("application/json")
    if not m:
        return None
    sample = m.get("example")
    if sample is None and m.get("examples"):
        sample = resolve(next(iter(m["examples"].values()))).get("value")
    if isinstance(sample, dict) and "url" in sample:
        sample = dict(sample, url=site_url)  # a URL this server can reach
    return sample


def exercise(method, item, op, template, server, fmt, query, label):
    target = join(server, fill(template, fmt))
    if query:
        target += "?" + urllib.parse.urlencode(query)
    with_key = op.get("security", spec.get("security")) != []
    status, headers, data = request(method.upper(), target, body_of(op) if method != "get" else None, with_key=with_key)
    name = f"{label} {method.upper()} {target.replace(secret, '{secret}')} -> {status}"
    responses = op.get("responses", {})
    if is_routing_miss(status, data):
        return check(name + " is routed", False, f"routing miss: {data[:160]!r}")
    if str(status) not in responses:
        return check(name + " is documented", False, f"documented: {sorted(responses)}; body {data[:160]!r}")
    if method == "get" and not 200 <= status < 300:
        return check(name + " succeeds", False, f"body {data[:200]!r}")
    resp = resolve(responses[str(status)])
    media = headers.get("content-type", "").split(";")[0].strip()
    content = resp.get("content", {})
    if content and media not in content:
        return check(name + " media type", False, f"{media} not in {sorted(content)}")
    report_format = None
    if status == 200 and "/report" in template:
        report_format = (fmt or query.get("format") or "json").lower()
    if report_format and media != MEDIA[report_format]:
        return check(name + " media type", False, f"{media} for {report_format}")
    if media == "application/sarif+json":
        body = json_of(data)
        if not isinstance(body, dict) or body.get("version") != "2.1.0" or not isinstance(body.get("runs"), list):
            return check(name + " is SARIF 2.1.0", False, f"body {data[:160]!r}")
    if media == "application/json":
        body = json_of(data)
        errs = ["not JSON"] if body is None else validate(body, content[media].get("schema", {}), "body", [])
        if errs:
            return check(name + " body fits schema", False, "; ".join(errs[:4]))
    if report_format == "pdf":
        disposition = headers.get("content-disposition", "")
        if not data.startswith(b"%PDF-") or disposition != f'attachment; filename="crashtest-scan-{scan}.pdf"':
            return check(name + " is a PDF attachment", False, disposition)
    if report_format in XSD and have_xmllint:
        path = os.path.join(work, "report.xml")
        with open(path, "wb") as f:
            f.write(data)
        r = subprocess.run(["xmllint", "--noout", "--schema", XSD[report_format], path], capture_output=True, text=True)
        if r.returncode != 0:
            return check(name + " valid against " + os.path.basename(XSD[report_format]), False, r.stderr[-300:])
    return check(name, True)


operations = []
for template, item in paths.items():
    for method in METHODS:
        if method in item:
            operations.append((template, item, method, item[method]))


def order(entry):
    template, _, method, _ = entry
    rank = {"get": 0, "post": 1, "delete": 2}.get(method, 1)
    # Destructive last: revoking the secrets, then deleting the project.
    if method == "delete" and template.endswith("/webhook"):
        rank = 3
    if method == "delete" and template == "/teams/{teamId}/projects/{projectId}":
        rank = 4
    return rank


operations.sort(key=order)
for template, item, method, op in operations:
    servers = servers_of(item)
    for fmt, query in variants(item, op):
        for server in (servers if method == "get" else servers[:1]):
            exercise(method, item, op, template, server, fmt, query, "op")
        if method == "get":
            for alias in item.get("x-aliases", []):
                exercise(method, item, op, alias, servers[0], fmt, query, "alias")
print(f"documented: {len(paths)} paths, {len(operations)} operations")

# ---------------------------------------------------------------- (c) undocumented paths and methods
templates = {}
for template, item in paths.items():
    allowed = {m.upper() for m in METHODS if m in item}
    for t in [template] + list(item.get("x-aliases", [])):
        templates[t] = (allowed, servers_of(item)[0])
documented_methods = sorted({m for allowed, _ in templates.values() for m in allowed})


def segments(p):
    return [s for s in p.split("/") if s]


def matches_documented(probe):
    segs = segments(probe)
    for t in templates:
        ts = segments(t)
        if len(ts) == len(segs) and all(a.startswith("{") or a == b for a, b in zip(ts, segs)):
            return True
    return False


for template, (allowed, server) in templates.items():
    target = join(server, fill(template, "json"))
    bad = []
    for method in ["GET", "POST", "PUT", "DELETE", "PATCH"]:
        if method in allowed:
            continue
        status, headers, data = request(method, target)
        got = {m.strip() for m in headers.get("allow", "").split(",") if m.strip()}
        if status != 405 or got != allowed or json_of(data) is None:
            bad.append(f"{method} -> {status} Allow={sorted(got)}")
    check(f"405 + Allow {sorted(allowed)} for other methods on {template}", not bad, "; ".join(bad))

probes = {}
for template, (_, server) in templates.items():
    segs = segments(template)
    candidates = ["/" + "/".join(segs + ["zzz-undocumented"])]
    for i, s in enumerate(segs):
        if not s.startswith("{"):
            candidates.append("/" + "/".join(segs[:i] + ["zzz-undocumented"] + segs[i + 1:]))
    for c in candidates:
        if not matches_documented(c):
            probes.setdefault(template, set()).add(join(server, fill(c, "json")))
probes["explicit"] = {"/api/v1/teams/1/nothing", "/nothing/here", "/webhook", "/api/v1/teams/1/scans",
                      f"/api/v1/teams/1/projects/{project}/scans/{scan}/report/json/extra", "/api/v2/teams"}
for group, targets in probes.items():
    bad = []
    for target in sorted(targets):
        for method in documented_methods:
            status, _, data = request(method, target)
            body = json_of(data) or {}
            if status != 404 or not str(body.get("message", "")).startswith("no such endpoint"):
                bad.append(f"{method} {target.replace(secret, '{secret}')} -> {status} {data[:80]!r}")
    check(f"404 'no such endpoint' on {len(targets)} undocumented paths near {group} ({', '.join(documented_methods)})",
          not bad, "; ".join(bad[:4]))

# Route existence needs one method only (an undocumented route answers anything but "no such
# endpoint", 405 included), so a wider vocabulary of next segments is probed with GET alone: the
# literals of the document plus words a new route would plausibly use, and an id.
vocabulary = {s for t in templates for s in segments(t) if not s.startswith("{")}
vocabulary |= {"1", "api", "v1", "v2", "team", "project", "target", "scan", "findings", "finding", "members",
               "users", "keys", "credentials", "start", "cancel", "restart", "results", "summary", "openapi",
               "swagger", "export", "download", "logs", "events", "config", "version", "me", "latest", "all"}
vocabulary_probes = set()
for template, (_, server) in templates.items():
    for word in sorted(vocabulary):
        candidate = "/" + "/".join(segments(template) + [word])
        if not matches_documented(candidate):
            vocabulary_probes.add(join(server, fill(candidate, "json")))
bad = []
for target in sorted(vocabulary_probes):
    status, _, data = request("GET", target)
    body = json_of(data) or {}
    if status != 404 or not str(body.get("message", "")).startswith("no such endpoint"):
        bad.append(f"GET {target.replace(secret, '{secret}')} -> {status} {data[:80]!r}")
check(f"404 'no such endpoint' on {len(vocabulary_probes)} undocumented next-segment paths (GET)",
      not bad, "; ".join(bad[:6]))

finish()
PY
rc=$?
if [ -s "$WORK/py-counts" ]; then
  read -r p f < "$WORK/py-counts"
  passed=$((passed+p)); failed=$((failed+f))
else
  echo "FAIL the python checker did not finish (exit $rc)"; failed=$((failed+1))
fi
check "server still running" 'kill -0 "${PIDS[1]}" 2>/dev/null'

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
