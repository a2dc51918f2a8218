#!/usr/bin/env bash
# Replays the vendor's published CI script exactly as pipelines run it (bash + curl + jq under
# `set -euo pipefail`, and the older plain-sh variant), against the real server and a real
# site on loopback, then checks report.xml the way Jenkins/GitLab JUnit readers need it.
# Usage: legacy_ci_flow.sh path/to/crashtest-compat
set -uo pipefail
BIN=$(realpath "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$WORK"' EXIT
passed=0; failed=0
check() { if eval "$2"; then echo "ok   $1"; passed=$((passed+1)); else echo "FAIL $1"; failed=$((failed+1)); fi; }

# The site under test: python's http.server (no security headers, version in Server).
mkdir -p "$WORK/site"
printf '<html><head><title>App</title></head><body><a href="/about.html">about</a></body></html>' > "$WORK/site/index.html"
printf '<html><head><title>About</title></head><body>about</body></html>' > "$WORK/site/about.html"
(cd "$WORK/site" && exec python3 -m http.server 0 --bind 127.0.0.1 >"$WORK/site.log" 2>&1) & PIDS+=($!)
for _ in $(seq 1 50); do SITE_PORT=$(grep -o 'port [0-9]*' "$WORK/site.log" | grep -o '[0-9]*'); [ -n "${SITE_PORT:-}" ] && break; sleep 0.1; done

"$BIN" serve --listen 127.0.0.1:0 --db "$WORK/data/crashtest.db" --allow-private-targets \
  --port-file "$WORK/port" >"$WORK/server.log" 2>&1 & PIDS+=($!)
for _ in $(seq 1 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
BASE="http://127.0.0.1:$(cat "$WORK/port")"
KEY=$(cat "$WORK/data/initial-api-key")

# Set-up through the REST API (a team admin's one-off steps).
PROJECT=$(curl -s -H "API_KEY: $KEY" -H 'Content-Type: application/json' \
  -d "{\"title\":\"ci\",\"url\":\"http://127.0.0.1:$SITE_PORT/\",\"type\":\"webapp\"}" \
  "$BASE/api/v1/teams/1/projects" | jq .data.id)
WEBHOOK=$(curl -s -X POST -H "API_KEY: $KEY" "$BASE/api/v1/teams/1/projects/$PROJECT/webhook" | jq -r .data.secret)
check "webhook secret issued" '[[ "$WEBHOOK" =~ ^[0-9a-f-]{36}$ ]]'

# --- The vendor script's core, verbatim but for the base URL and a shorter sleep. ---
cat > "$WORK/crashtest.sh" <<'SCRIPT'
set -euo pipefail
API_ENDPOINT="$1/webhook"
WEBHOOK="$2"
SCAN_ID=$(curl --silent -X POST --data "" $API_ENDPOINT/$WEBHOOK | jq .data.scanId)
[ $SCAN_ID -ge 0 ]
echo "Started Scan for Webhook $WEBHOOK. Scan ID is $SCAN_ID."
STATUS="100"
while [ $STATUS -le 101 ]
do
  sleep 1
  STATUS=$(curl --silent $API_ENDPOINT/$WEBHOOK/scans/$SCAN_ID/status | jq .data.status.status_code)
done
curl --silent $API_ENDPOINT/$WEBHOOK/scans/$SCAN_ID/report/junit -o report.xml
echo "$SCAN_ID $STATUS"
SCRIPT
(cd "$WORK" && timeout 120 bash crashtest.sh "$BASE" "$WEBHOOK" > bash.out 2>&1); rc=$?
check "bash variant exits 0" '[ $rc -eq 0 ]'
read -r SCAN_ID STATUS < <(tail -1 "$WORK/bash.out")
check "scan ended finished (200)" '[ "$STATUS" = 200 ]'
check "report.xml is well-formed XML" 'xmllint --noout "$WORK/report.xml" 2>/dev/null'
check "report.xml is valid JUnit (junit-4.xsd)" \
  'xmllint --noout --schema "$ROOT/tests/schemas/junit-4.xsd" "$WORK/report.xml" 2>/dev/null'
failures=$(xmllint --xpath 'count(//testcase/failure)' "$WORK/report.xml" 2>/dev/null)
total=$(curl -s -H "API_KEY: $KEY" "$BASE/api/v1/teams/1/scans/$SCAN_ID/report/json" | jq .summary.instances)
check "JUnit failures ($failures) equal the places findings were seen ($total)" '[ "$failures" = "$total" ] && [ "$total" -gt 0 ]'
checks=$(curl -s -H "API_KEY: $KEY" "$BASE/api/v1/teams/1/scans/$SCAN_ID/report/json" | jq -r '.findings[].check' | sort -u)
missing=0
for c in $checks; do
  xmllint --xpath "count(//testcase[failure][starts-with(@name, '$c ')])" "$WORK/report.xml" | grep -qv '^0$' || missing=$((missing+1))
done
check "every finding's check has a failing testcase" '[ $missing -eq 0 ]'
tests=$(xmllint --xpath 'string(/testsuites/@tests)' "$WORK/report.xml")
check "passing checks are test cases too ($tests tests > $failures failures)" '[ "$tests" -gt "$failures" ]'

# The older variant under plain sh (dash): same calls, POSIX test syntax.
sed 's/set -euo pipefail/set -eu/' "$WORK/crashtest.sh" > "$WORK/crashtest-sh.sh"
(cd "$WORK" && rm -f report.xml && timeout 120 sh crashtest-sh.sh "$BASE" "$WEBHOOK" > sh.out 2>&1); rc=$?
check "plain sh variant exits 0 and writes report.xml" '[ $rc -eq 0 ] && xmllint --noout "$WORK/report.xml" 2>/dev/null'

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
