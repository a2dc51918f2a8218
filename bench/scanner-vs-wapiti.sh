#!/usr/bin/env bash
# Our scanner against Wapiti 3 (Debian's package) on the vulnerable fixture site, loopback only.
#   bench/scanner-vs-wapiti.sh
# Each tool gets a fresh fixture (tests/fixture/vulnerable_site.py --verbose) and runs alone, so
# the fixture's request log of that run counts exactly the requests that tool sent. Prints one
# table: findings per check family (the answer key's planted count, Wapiti, ours), then wall
# time, requests and peak memory of each, then our findings against tests/fixture/answer_key.json
# (found / missed / extra) so false positives show.
#
# Environment (all optional):
#   BENCH_SERVER_FLAGS         extra `crashtest-compat serve` flags, split on spaces
#                              (e.g. "--scan-rate 20 --scan-concurrency 4")
#   BENCH_SCAN_SETTINGS        JSON object sent as the project's "scan_settings"
#                              (e.g. '{"allow_destructive_methods": true}')
#   BENCH_FIXTURE              fixture script with vulnerable_site.py's command line
#                              (default tests/fixture/vulnerable_site.py)
#   BENCH_SITE                 fixture site to scan; default "active" when the fixture serves
#                              it, else "vuln"
#   BENCH_WAPITI_MODULES       comma-separated Wapiti modules; default: every installed module
#                              that covers one of our checks (see wapiti_modules below)
#   BENCH_WAPITI_TIMEOUT       Wapiti's per-request timeout in s (default 5; its time-based
#                              payloads sleep this + 1)
#   BENCH_WAPITI_MAX_SCAN_TIME Wapiti --max-scan-time, s (default 300; in 3.0.4 it bounds the
#                              crawl only)
#   BENCH_WAPITI_MAX_ATTACK_TIME  Wapiti --max-attack-time per module, s (default 300)
#   BENCH_WAPITI_HARD_LIMIT    Wapiti is killed after this many s (default 1800)
#   BENCH_OURS_DEADLINE        give up polling our scan after this many s (default 900)
#   BENCH_KEEP=1               keep the work directory (reports, logs) and print its path
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN="$ROOT/build/crashtest-compat"
FIXTURE=${BENCH_FIXTURE:-$ROOT/tests/fixture/vulnerable_site.py}
ANSWER_KEY="$ROOT/tests/fixture/answer_key.json"

WAPITI_TIMEOUT=${BENCH_WAPITI_TIMEOUT:-5}
WAPITI_MAX_SCAN_TIME=${BENCH_WAPITI_MAX_SCAN_TIME:-300}
WAPITI_MAX_ATTACK_TIME=${BENCH_WAPITI_MAX_ATTACK_TIME:-300}
WAPITI_HARD_LIMIT=${BENCH_WAPITI_HARD_LIMIT:-1800}
OURS_DEADLINE=${BENCH_OURS_DEADLINE:-900}
read -r -a SERVER_FLAGS <<<"${BENCH_SERVER_FLAGS:-}"

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
elapsed() { python3 -c 'import sys; print("%.2f" % (float(sys.argv[2]) - float(sys.argv[1])))' "$1" "$2"; }

# --- tools ------------------------------------------------------------------------------------

# Installs the Debian packages behind any missing command (non-interactive; sudo when not root).
ensure_packages() {
  local missing=() pair
  for pair in wapiti:wapiti /usr/bin/time:time jq:jq curl:curl python3:python3 timeout:coreutils; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" </dev/null
}

ensure_packages
if [ ! -x "$BIN" ]; then
  log "building $BIN (make build)"
  make -C "$ROOT" build >&2
fi
[ -x "$BIN" ] || die "no $BIN after make build"
WAPITI_VERSION=$(wapiti --version 2>/dev/null | awk '/^Wapiti [0-9]/ {print $2; exit}')
[ -n "$WAPITI_VERSION" ] || WAPITI_VERSION=unknown
[ "$WAPITI_VERSION" = 3.0.4 ] || log "note: written for Wapiti 3.0.4 (Debian 12), found $WAPITI_VERSION"

# --- processes and cleanup --------------------------------------------------------------------

WORK=$(mktemp -d "${TMPDIR:-/tmp}/ctc-vs-wapiti.XXXXXX")
FIXTURE_PID="" SERVER_PID="" ENDPOINT_PID="" WAPITI_PID=""

stop_pid() {  # pid: SIGTERM, wait up to 10 s, then SIGKILL. Only our own children get here.
  local pid=$1
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  # WAPITI_PID is coreutils `timeout`, which passes the signal on to /usr/bin/time and Wapiti.
  stop_pid "$WAPITI_PID"
  stop_pid "$SERVER_PID"
  stop_pid "$ENDPOINT_PID"
  stop_pid "$FIXTURE_PID"
  if [ "${BENCH_KEEP:-0}" = 1 ]; then
    log "work directory kept: $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

wait_for_file() {  # path seconds what [pid that must stay alive]
  for _ in $(seq 1 $(($2 * 10))); do
    [ -s "$1" ] && return 0
    if [ -n "${4:-}" ] && ! kill -0 "$4" 2>/dev/null; then
      die "no $3: the process exited"
    fi
    sleep 0.1
  done
  die "no $3 after $2 s"
}

# Starts a fresh fixture for one tool's run: its own work dir, request log and ready file.
start_fixture() {  # name
  local dir="$WORK/fixture-$1"
  mkdir -p "$dir"
  python3 "$FIXTURE" --ready-file "$dir/ready.json" --workdir "$dir/certs" --verbose \
    </dev/null >"$dir/stdout.log" 2>"$dir/requests.log" &
  FIXTURE_PID=$!
  wait_for_file "$dir/ready.json" 60 "fixture ready file (see $dir/requests.log)" "$FIXTURE_PID"
  FIXTURE_READY="$dir/ready.json"
  FIXTURE_LOG="$dir/requests.log"
}

stop_fixture() {
  stop_pid "$FIXTURE_PID"
  FIXTURE_PID=""
}

# Requests the fixture logged for one site: one line per request, "<site> <METHOD> <target>
# <status>" (METHOD and target are "-" for an unparsable request line). Older fixtures logged
# http.server's default "[<site>] <addr> "<METHOD> <path> HTTP/1.1" <status> <size>"; both are
# counted, nothing else (start-up JSON, "[site] ... timed out", TLS handshake errors) is.
count_requests() {  # log site
  awk -v site="$2" '
    $1 == site && NF >= 4 && $2 ~ /^[A-Za-z-]+$/ && $NF ~ /^[0-9][0-9][0-9]$/ { n++; next }
    $1 == "[" site "]" && /"[A-Za-z-]+ [^"]* HTTP\/[0-9.]+" [0-9][0-9][0-9] / { n++ }
    END { print n + 0 }' "$1"
}

pick_site() {  # ready-file
  if [ -n "${BENCH_SITE:-}" ]; then
    jq -e --arg s "$BENCH_SITE" 'has($s)' "$1" >/dev/null || die "fixture has no site \"$BENCH_SITE\""
    echo "$BENCH_SITE"
  elif jq -e 'has("active")' "$1" >/dev/null; then
    echo active
  else
    echo vuln
  fi
}

# --- our server -------------------------------------------------------------------------------

run_ours() {
  start_fixture ours
  SITE=$(pick_site "$FIXTURE_READY")
  local url
  url=$(jq -r --arg s "$SITE" '.[$s]' "$FIXTURE_READY")
  case "$url" in http://127.0.0.1:* | https://127.0.0.1:* | http://\[::1\]:* | https://\[::1\]:*) ;;
    *) die "fixture URL $url is not on loopback" ;;
  esac
  log "ours: scanning site \"$SITE\" at $url"

  local dir="$WORK/server"
  mkdir -p "$dir"
  "$BIN" serve --listen 127.0.0.1:0 --port-file "$dir/port" --db "$dir/data/crashtest.db" \
    --allow-private-targets --log-level warn --rate-limit 0 "${SERVER_FLAGS[@]}" \
    </dev/null >"$dir/stdout.log" 2>"$dir/server.log" &
  SERVER_PID=$!
  wait_for_file "$dir/port" 30 "server port file (see $dir/server.log)" "$SERVER_PID"
  wait_for_file "$dir/data/initial-api-key" 30 "initial API key file"
  local api key team body project scan t0 t1 status code
  api="http://127.0.0.1:$(cat "$dir/port")/api/v1"
  key=$(cat "$dir/data/initial-api-key")
  team=$(curl -sf -H "API_KEY: $key" "$api/teams" | jq -r '.data[0].id')

  body=$(jq -n --arg t "bench $SITE" --arg u "$url" --argjson s "${BENCH_SCAN_SETTINGS:-null}" \
    '{title: $t, url: $u, type: "webapp"} + (if $s == null then {} else {scan_settings: $s} end)')
  project=$(curl -s -H "API_KEY: $key" -H 'Content-Type: application/json' -d "$body" \
    "$api/teams/$team/projects")
  jq -e '.data.id' <<<"$project" >/dev/null || die "creating the project failed: $project"

  t0=$(now)
  local deadline=$((SECONDS + OURS_DEADLINE))
  scan=$(curl -s -X POST -H "API_KEY: $key" \
    "$api/teams/$team/projects/$(jq -r .data.id <<<"$project")/scans" | jq -r '.data.scanId')
  [[ "$scan" =~ ^[0-9]+$ ]] || die "starting the scan failed"
  while :; do
    status=$(curl -s -H "API_KEY: $key" "$api/teams/$team/scans/$scan/status")
    code=$(jq -r '.data.status.status_code' <<<"$status")
    [[ "$code" =~ ^[0-9]+$ ]] || die "bad status answer: $status"
    [ "$code" -gt 101 ] && break
    [ "$SECONDS" -lt "$deadline" ] || die "our scan still running after $OURS_DEADLINE s"
    sleep 0.1
  done
  t1=$(now)
  OURS_SECONDS=$(elapsed "$t0" "$t1")
  OURS_STATUS=$(jq -r '.data.status | "\(.status_code) \(.status)" + (if .message then " (\(.message))" else "" end)' \
    <<<"$status")
  OURS_HWM_KB=$(awk '/^VmHWM:/ {print $2}' "/proc/$SERVER_PID/status")
  curl -sf -H "API_KEY: $key" "$api/teams/$team/scans/$scan/report/json" -o "$WORK/ours.json" ||
    die "no JSON report for scan $scan"
  stop_pid "$SERVER_PID"
  SERVER_PID=""
  stop_fixture
  OURS_REQUESTS=$(count_requests "$FIXTURE_LOG" "$SITE")
}

# --- Wapiti -----------------------------------------------------------------------------------

# Wapiti's SSRF and XXE modules send the target to an "endpoint" and later ask that endpoint
# who called it; the default is a public host. This stands in for it on loopback: it records
# /ssrf/<session>/<path id>/<hex parameter>/ hits and answers get_ssrf.php / get_xxe.php in the
# shape mod_ssrf/mod_xxe read ({path_id: {hex_param: [{url, date, ip, method, size}]}}). The
# out-of-band XXE DTDs are not served, so Wapiti finds only in-band XXE here.
start_endpoint() {
  cat >"$WORK/endpoint.py" <<'PY'
import datetime, json, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

hits = {"ssrf": {}, "xxe": {}}
lock = threading.Lock()

class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        if 0 < length <= 1 << 20:
            self.rfile.read(length)
        url = urlsplit(self.path)
        parts = [p for p in url.path.split("/") if p]
        status, ctype, body = 404, "text/plain", b"not found\n"
        if len(parts) >= 4 and parts[0] == "ssrf":
            session, path_id, hex_param = parts[1:4]
            with lock:
                hits["ssrf"].setdefault(session, {}).setdefault(path_id, {}).setdefault(
                    hex_param, []).append({
                        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(),
                        "url": "http://%s:%d%s" % (self.server.server_address[0],
                                                   self.server.server_address[1], self.path),
                        "ip": self.client_address[0], "method": self.command, "size": length})
            status, body = 200, b"wapiti ssrf endpoint\n"
        elif parts in (["get_ssrf.php"], ["get_xxe.php"]):
            session = parse_qs(url.query).get("id", [""])[0]
            with lock:
                data = hits["ssrf" if parts[0] == "get_ssrf.php" else "xxe"].get(session, {})
                status, ctype, body = 200, "application/json", json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_HEAD = handle_any

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os
os.replace(sys.argv[1] + ".tmp", sys.argv[1])
server.serve_forever()
PY
  python3 "$WORK/endpoint.py" "$WORK/endpoint.port" </dev/null >"$WORK/endpoint.log" 2>&1 &
  ENDPOINT_PID=$!
  wait_for_file "$WORK/endpoint.port" 15 "Wapiti endpoint stand-in port" "$ENDPOINT_PID"
  ENDPOINT_URL="http://127.0.0.1:$(cat "$WORK/endpoint.port")/"
}

# The installed modules that cover one of our checks. Left out: wapp and nikto (they download
# their databases from the internet), buster (a path brute force, ~10^4 requests, nothing of
# ours), permanentxss (stored XSS, no check of ours), htaccess and shellshock, brute_login_form.
# ssl only for https targets.
wapiti_modules() {  # url
  if [ -n "${BENCH_WAPITI_MODULES:-}" ]; then
    echo "$BENCH_WAPITI_MODULES"
    return
  fi
  local wanted=(xss sql blindsql timesql exec crlf file redirect ssrf xxe methods csrf
    http_headers csp cookieflags backup https_redirect)
  case "$1" in https:*) wanted+=(ssl) ;; esac
  local installed chosen=() m
  installed=$(wapiti --list-modules 2>/dev/null | awk '/^\t[a-z_]+/ {print $1}')
  for m in "${wanted[@]}"; do
    grep -qx "$m" <<<"$installed" && chosen+=("$m")
  done
  local IFS=,
  echo "${chosen[*]}"
}

run_wapiti() {
  start_endpoint
  start_fixture wapiti
  local url dir="$WORK/wapiti" t0 t1 rc=0
  url=$(jq -r --arg s "$SITE" '.[$s]' "$FIXTURE_READY")
  mkdir -p "$dir"
  WAPITI_MODULES=$(wapiti_modules "$url")
  log "wapiti $WAPITI_VERSION: scanning site \"$SITE\" at $url with modules $WAPITI_MODULES"
  # Wapiti 3.0.4 instantiates every module, whatever -m says, and mod_wapp's constructor
  # downloads its database from GitHub when the config dir has none: an empty one stops that.
  mkdir -p "$dir/config"
  echo '{"apps": {}, "categories": {}}' >"$dir/config/apps.json"
  t0=$(now)
  # --no-bugreport: a crashing module would otherwise upload a traceback to a public host.
  # The proxy variables send anything that is not loopback to a closed local port, so nothing
  # Wapiti tries on its own leaves the machine (python-requests honours them; NO_PROXY keeps
  # the fixture and the endpoint direct). Run from $dir: Wapiti may write files to its cwd.
  (cd "$dir" && export HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 \
    NO_PROXY=127.0.0.1,localhost,::1 http_proxy=http://127.0.0.1:9 \
    https_proxy=http://127.0.0.1:9 no_proxy=127.0.0.1,localhost,::1 &&
    exec timeout --kill-after=15 "$WAPITI_HARD_LIMIT" \
    /usr/bin/time -v -o "$dir/time.txt" \
    wapiti -u "$url" --scope folder -m "$WAPITI_MODULES" -f json -o "$dir/report.json" \
    --store-session "$dir/session" --store-config "$dir/config" --no-bugreport \
    -t "$WAPITI_TIMEOUT" --max-scan-time "$WAPITI_MAX_SCAN_TIME" \
    --max-attack-time "$WAPITI_MAX_ATTACK_TIME" \
    --external-endpoint "$ENDPOINT_URL" --internal-endpoint "$ENDPOINT_URL" -v 1 \
    </dev/null >"$dir/console.log" 2>&1) &
  WAPITI_PID=$!
  wait "$WAPITI_PID" || rc=$?
  WAPITI_PID=""
  t1=$(now)
  WAPITI_SECONDS=$(elapsed "$t0" "$t1")
  WAPITI_RC=$rc
  [ "$rc" -eq 0 ] || log "wapiti exited with $rc (124/137: killed after $WAPITI_HARD_LIMIT s); see $dir/console.log"
  WAPITI_RSS_KB=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$dir/time.txt" 2>/dev/null || true)
  stop_fixture
  stop_pid "$ENDPOINT_PID"
  ENDPOINT_PID=""
  WAPITI_REQUESTS=$(count_requests "$FIXTURE_LOG" "$SITE")
}

# --- compare ----------------------------------------------------------------------------------

run_ours
run_wapiti

cat >"$WORK/compare.py" <<'PY'
import json, os, re, sys
from urllib.parse import urlsplit

(site, key_path, ours_path, wapiti_path, console_path, wapiti_version, modules,
 w_secs, w_reqs, w_rss_kb, w_rc, o_secs, o_reqs, o_hwm_kb, o_status) = sys.argv[1:16]

# Wapiti vulnerability categories (3.0.4 names, and the names newer 3.x releases use) -> our
# check families. Anything else counts as "other".
WAPITI_FAMILY = {
    "Cross Site Scripting": "xss",
    "Reflected Cross Site Scripting": "xss",
    "Stored Cross Site Scripting": "xss",
    "HTML Injection": "xss",
    "Stored HTML Injection": "xss",
    "SQL Injection": "sqli",
    "Blind SQL Injection": "sqli",
    "Command execution": "injection",
    "CRLF Injection": "injection",
    "Path Traversal": "files",
    "Open Redirect": "redirect",
    "Server Side Request Forgery": "ssrf",
    "XML External Entity": "xxe",
    "Cross Site Request Forgery": "csrf",
    "HTTP Secure Headers": "headers",
    "Content Security Policy Configuration": "headers",
    "Clickjacking Protection": "headers",
    "MIME Type Confusion": "headers",
    "HTTP Strict Transport Security (HSTS)": "headers",
    "HttpOnly Flag cookie": "cookies",
    "Secure Flag cookie": "cookies",
    "Backup file": "exposure",
    "Potentially dangerous file": "exposure",
    "Vulnerable software": "components",
    "Unencrypted Channels": "transport",
    "TLS/SSL misconfigurations": "tls",
}
FAMILIES = ["xss", "sqli", "injection", "files", "redirect", "ssrf", "xxe", "cors", "methods",
            "csrf", "content", "components", "headers", "cookies", "disclosure", "exposure",
            "transport", "tls"]

def path_of(url):
    if not url:
        return "/"
    parts = urlsplit(url)
    return (parts.path if parts.scheme else url.split("?", 1)[0]) or "/"

def family_of(check):
    return check.split(".", 1)[0]

def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None

key = (load(key_path) or {}).get("sites", {}).get(site)
expected = set()
for e in (key or {}).get("expected", []):
    expected.add((e["check"], e["path"], e.get("parameter") or ""))

ours = load(ours_path) or {}
found = {}
for f in ours.get("findings", []):
    found[(f["check"], path_of(f["url"]), f.get("parameter") or "")] = f.get("family") or family_of(f["check"])

wapiti = load(wapiti_path)
w_items = []  # (category, family, path)
if wapiti is not None:
    for cat, items in (wapiti.get("vulnerabilities") or {}).items():
        for it in items or []:
            w_items.append((cat, WAPITI_FAMILY.get(cat, "other"), path_of(it.get("path"))))
# mod_methods (3.0.4 and later) only prints what OPTIONS allowed; it never reaches the report.
# An exception inside a module ends that module for the whole scan (Wapiti prints the class and
# a traceback, then launches the next module): the URLs it had not reached stay untested.
methods_pages = set()
aborted = []  # (module, exception line)
if os.path.exists(console_path):
    module = None
    with open(console_path, errors="replace") as f:
        for line in f:
            m = re.search(r"Interesting methods allowed on (\S+): (.*)", line)
            if m:
                methods_pages.add((path_of(m.group(1)), m.group(2).strip()))
            m = re.match(r"\[\*\] Launching module (\w+)", line)
            if m:
                module = m.group(1)
            m = re.match(r"([A-Z]\w*(?:Error|Exception)) (.*)", line)
            if m and module:
                aborted.append((module, "%s: %s" % (m.group(1), m.group(2)[:100])))
for page, _ in sorted(methods_pages):
    w_items.append(("(console) Interesting methods allowed", "methods", page))

def count(families):
    out = {}
    for fam in families:
        out[fam] = out.get(fam, 0) + 1
    return out

planted = count(family_of(c) for c, _, _ in expected)
w_count = count(fam for _, fam, _ in w_items)
o_count = count(found.values())
families = FAMILIES + sorted((set(planted) | set(w_count) | set(o_count)) - set(FAMILIES) - {"other"}) + ["other"]

mb = lambda kb: "%.1f" % (int(kb) / 1024) if kb and kb.isdigit() else "n/a"
w_note = "" if w_rc == "0" else "  (wapiti exit %s%s)" % (w_rc, ", killed by the time limit" if w_rc in ("124", "137") else "")

print()
print("Scanner comparison on fixture site %r (%s)" % (site, "answer key entry present" if key else "NO answer-key entry for this site"))
print("Wapiti %s modules: %s" % (wapiti_version, modules))
print("ours: %s" % o_status)
print()
print("%-12s | %7s | %14s | %6s" % ("family", "planted", "wapiti findings", "ours"))
print("-" * 13 + "+" + "-" * 9 + "+" + "-" * 17 + "+" + "-" * 7)
for fam in families:
    print("%-12s | %7s | %15s | %6s" % (fam, planted.get(fam, 0),
                                      w_count.get(fam, 0) if wapiti is not None else "n/a",
                                      o_count.get(fam, 0)))
print("-" * 13 + "+" + "-" * 9 + "+" + "-" * 17 + "+" + "-" * 7)
print("%-12s | %7s | %15s | %6s" % ("total", sum(planted.values()),
                                  len(w_items) if wapiti is not None else "n/a", len(found)))
print()
print("%-34s | %15s | %15s" % ("", "wapiti", "ours"))
print("%-34s | %15s | %15s" % ("wall time, s", w_secs, o_secs))
print("%-34s | %15s | %15s" % ("requests to the fixture site", w_reqs, o_reqs))
print("%-34s | %15s | %15s" % ("peak memory, MB", mb(w_rss_kb), mb(o_hwm_kb)))
print("  wall time: Wapiti process start to exit (crawl, attacks, report); ours: scan start")
print("  (POST .../scans) to a final status. Requests: lines the fixture logged for the site")
print("  during that tool's run, including requests the site makes to itself (an SSRF page")
print("  fetching a URL on its own port). Peak memory: Wapiti's max RSS (/usr/bin/time -v);")
print("  ours is VmHWM of the whole crashtest-compat server process (HTTP API, SQLite, scans).")
if ours.get("scan"):
    print("  our server counted %s requests itself (report scan.requests_sent), %s pages."
          % (ours["scan"].get("requests_sent"), ours["scan"].get("pages_crawled")))
if w_note:
    print(w_note)

print()
print("Wapiti category -> family (categories in this run's report; 'other' = not mapped):")
cats = count(cat for cat, _, _ in w_items)
if wapiti is not None:
    for cat in sorted(set((wapiti.get("vulnerabilities") or {}).keys()) | set(cats)):
        print("  %-44s -> %-10s %4d" % (cat, WAPITI_FAMILY.get(cat, "methods" if cat.startswith("(console)") else "other"), cats.get(cat, 0)))
    anomalies = {c: len(v or []) for c, v in (wapiti.get("anomalies") or {}).items() if v}
    if anomalies:
        print("  not counted (Wapiti 'anomalies'): " + ", ".join("%s %d" % kv for kv in sorted(anomalies.items())))
else:
    print("  (no Wapiti report)")
for module, what in aborted:
    print("  module %s aborted by %s; its remaining URLs were not tested" % (module, what))

def show(title, items, limit=40):
    print("%s: %d" % (title, len(items)))
    for check, path, param in sorted(items)[:limit]:
        print("    %-32s %s%s" % (check, path, " [%s]" % param if param else ""))
    if len(items) > limit:
        print("    ... %d more" % (len(items) - limit))

print()
if key:
    print("Ours against tests/fixture/answer_key.json (check, path, parameter; the query is ignored):")
    show("  found", expected & set(found))
    show("  missed", expected - set(found))
    show("  extra (not planted: false positives)", set(found) - expected)
    clean = set((key or {}).get("clean_paths", []))
    on_clean = sorted(k for k in set(found) - expected if k[1] in clean)
    print("  extra findings on the key's clean pages: %d" % len(on_clean))
    planted_pages = {(family_of(c), p) for c, p, _ in expected}
    hit = {(fam, p) for _, fam, p in w_items} & planted_pages
    off = [(cat, p) for cat, fam, p in w_items if (fam, p) not in planted_pages]
    print()
    print("Wapiti by (family, path) against the key: %d of %d planted (family, path) pairs hit; "
          "%d findings elsewhere" % (len(hit), len(planted_pages), len(off)))
else:
    print("No answer-key entry for site %r: ours listed without a verdict." % site)
    show("  ours", set(found))
PY

python3 "$WORK/compare.py" "$SITE" "$ANSWER_KEY" "$WORK/ours.json" "$WORK/wapiti/report.json" \
  "$WORK/wapiti/console.log" "$WAPITI_VERSION" "$WAPITI_MODULES" \
  "$WAPITI_SECONDS" "$WAPITI_REQUESTS" "${WAPITI_RSS_KB:-}" "$WAPITI_RC" \
  "$OURS_SECONDS" "$OURS_REQUESTS" "${OURS_HWM_KB:-}" "$OURS_STATUS"
