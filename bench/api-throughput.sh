#!/usr/bin/env bash
# API throughput, duplicate-start storm and memory, on loopback only.
#   bench/api-throughput.sh [path/to/crashtest-compat] [seconds per wrk run, default 10] [rounds, 3]
# Prints: req/s and p99 for GET /health and the authenticated scan status endpoint, with
# keep-alive, with a new connection per request and pipelined (bench/pipeline.lua, 10 requests
# in flight per connection; p99 is then per batch of 10), in alternating rounds, with wrk's error
# counts, and the status/health ratio of the medians; how
# many scans 1,000 concurrent duplicate starts created; the server's RSS idle and at its peak
# during 20 concurrent fixture scans.
set -euo pipefail
BIN=$(realpath "${1:-build/crashtest-compat}")
SECS=${2:-10}
ROUNDS=${3:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
for t in wrk curl jq python3 xargs; do command -v $t >/dev/null || { echo "needs $t (apt-get install $t)"; exit 1; }; done
WORK=$(mktemp -d)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$WORK"' EXIT

python3 "$ROOT/tests/fixture/vulnerable_site.py" --ready-file "$WORK/site.json" --workdir "$WORK/site" & PIDS+=($!)
"$BIN" serve --listen 127.0.0.1:0 --db "$WORK/data/crashtest.db" --allow-private-targets \
  --port-file "$WORK/port" --log-level warn --rate-limit 0 --scan-workers 20 \
  --max-running-scans-per-team 20 2>"$WORK/server.log" & SERVER=$!; PIDS+=($SERVER)
for _ in $(seq 1 100); do [ -s "$WORK/port" ] && [ -s "$WORK/site.json" ] && break; sleep 0.1; done
BASE="http://127.0.0.1:$(cat "$WORK/port")"; A="$BASE/api/v1"; KEY=$(cat "$WORK/data/initial-api-key")
VULN=$(jq -r .vuln "$WORK/site.json")
rss() { awk '/VmRSS/ {print $2}' /proc/$SERVER/status; }

project() { curl -s -H "API_KEY: $KEY" -H 'Content-Type: application/json' \
  -d "{\"title\":\"$1\",\"url\":\"$VULN\"}" "$A/teams/1/projects" | jq .data.id; }
P=$(project bench)
SCAN=$(curl -s -X POST -H "API_KEY: $KEY" "$A/teams/1/projects/$P/scans" | jq .data.scanId)
while [ "$(curl -s -H "API_KEY: $KEY" "$A/teams/1/scans/$SCAN/status" | jq .data.status.status_code)" -le 101 ]; do sleep 0.2; done
IDLE_RSS=$(rss)

PIPELINE_DEPTH=10 CONNS=50
run() {  # name url [wrk-args...] [-- script-args...]: one wrk run; prints it and appends its
         # req/s to RPS_<name>. Never fails: a wrk that errors or finds nothing prints what it said.
  local name=$1 url=$2; shift 2
  local pre=() post=()
  while [ $# -gt 0 ]; do [ "$1" = -- ] && { post=("$@"); break; }; pre+=("$1"); shift; done
  local out rc=0
  out=$(wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -H "API_KEY: $KEY" "${pre[@]}" "$url" "${post[@]}" 2>&1) || rc=$?
  local rps p99 errors socket non2xx total
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  total=$(awk '/ requests in / {print $1}' <<<"$out")
  # wrk prints "Socket errors: connect 0, read 0, write 0, timeout 0" and "Non-2xx or Non-3xx
  # responses: N" only when a count is not 0; print all counts every time.
  socket=$(grep -E "Socket errors" <<<"$out" | sed 's/.*Socket errors: *//; s/,//g' || true)
  non2xx=$(grep -E "Non-2xx" <<<"$out" | awk '{print $NF}' || true)
  errors="errors: ${socket:-connect 0 read 0 write 0 timeout 0} non-2xx ${non2xx:-0}"
  # A server that answers only the first request of a pipelined batch and keeps the connection
  # open stalls each connection forever without any wrk error: flag a run in which fewer
  # responses arrived than the connections had in flight.
  if [ "${#post[@]}" -gt 1 ] && [ -n "$total" ] && [ "$total" -le $((CONNS * ${post[1]})) ]; then
    errors="$errors; STALLED: $total responses to $CONNS connections x ${post[1]} pipelined requests"
  fi
  if [ "$rc" -ne 0 ] || [ -z "$rps" ]; then
    errors="$errors; wrk exit $rc: $(grep -vE '^ |Requests/sec|Transfer/sec|^Running|requests in' <<<"$out" | paste -sd' ' - | cut -c1-200 || true)"
  fi
  printf '%-34s %10s req/s   p99 %8s   %s\n' "$name" "${rps:-?}" "${p99:-?}" "$errors"
  eval "RPS_${name//[^a-zA-Z]/_}+=\" ${rps:-0}\""
}
median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
# Health and status alternate, ROUNDS times each, and the ratio is taken of the medians: a VM's
# speed drifts over a minute, which single back-to-back runs would read as a ratio.
echo "wrk -t2 -c$CONNS -d${SECS}s x $ROUNDS rounds, server --http-threads 2, $(nproc) cores (wrk shares them)"
for _ in $(seq 1 "$ROUNDS"); do
  run health_keepalive "$BASE/health"
  run status_keepalive "$A/teams/1/scans/$SCAN/status"
  run health_close "$BASE/health" -H 'Connection: close'
  run status_close "$A/teams/1/scans/$SCAN/status" -H 'Connection: close'
  run health_pipelined "$BASE/health" -s "$ROOT/bench/pipeline.lua" -- "$PIPELINE_DEPTH" "$KEY"
  run status_pipelined "$A/teams/1/scans/$SCAN/status" -s "$ROOT/bench/pipeline.lua" -- "$PIPELINE_DEPTH" "$KEY"
done
HK=$(median "$RPS_health_keepalive"); SK=$(median "$RPS_status_keepalive")
HC=$(median "$RPS_health_close"); SC=$(median "$RPS_status_close")
HP=$(median "$RPS_health_pipelined"); SP=$(median "$RPS_status_pipelined")
echo "medians: health $HK / status $SK req/s keep-alive; health $HC / status $SC req/s new connection per request; health $HP / status $SP req/s pipelined (depth $PIPELINE_DEPTH)"
python3 -c "
r = lambda s, h: '%.2f' % (float(s) / float(h)) if float(h) > 0 else 'n/a'
print('status/health ratio: keep-alive %s, new connection per request %s, pipelined %s' % (
    r('$SK', '$HK'), r('$SC', '$HC'), r('$SP', '$HP')))"

# The storm's target accepts connections and never answers, so its first scan stays running
# for the whole storm and every later start must return that scan.
python3 -c 'import socket,time,sys
s=socket.socket(); s.bind(("127.0.0.1",0)); s.listen(64); print(s.getsockname()[1], flush=True)
conns=[]
while True: conns.append(s.accept()[0])' > "$WORK/blackhole.port" & PIDS+=($!)
for _ in $(seq 1 50); do [ -s "$WORK/blackhole.port" ] && break; sleep 0.1; done
P2=$(curl -s -H "API_KEY: $KEY" -H 'Content-Type: application/json' \
  -d "{\"title\":\"storm\",\"url\":\"http://127.0.0.1:$(cat "$WORK/blackhole.port")/\"}" "$A/teams/1/projects" | jq .data.id)
for _ in $(seq 1000); do printf 'url = "%s"\noutput = "/dev/null"\n' "$A/teams/1/projects/$P2/scans"; done > "$WORK/storm.cfg"
T0=$(date +%s.%N)
curl -s --parallel --parallel-immediate --parallel-max 200 -X POST -H "API_KEY: $KEY" -K "$WORK/storm.cfg" 2>/dev/null
T1=$(date +%s.%N)
N=$(curl -s -H "API_KEY: $KEY" "$A/teams/1/projects/$P2/scans" | jq '.data | length')
echo "1000 concurrent duplicate starts (curl --parallel, 200 at a time, $(python3 -c "print('%.2f' % ($T1 - $T0))") s) -> $N scan(s)"
curl -s -o /dev/null -X POST -H "API_KEY: $KEY" "$A/teams/1/scans/$(curl -s -H "API_KEY: $KEY" "$A/teams/1/projects/$P2/scans" | jq '.data[0].id')/stop"

PEAK=$(rss)
IDS=()
for i in $(seq 1 20); do
  p=$(project "rss$i"); IDS+=("$(curl -s -X POST -H "API_KEY: $KEY" "$A/teams/1/projects/$p/scans" | jq .data.scanId)")
done
T0=$(date +%s.%N)
while :; do
  r=$(rss); [ "$r" -gt "$PEAK" ] && PEAK=$r
  active=0
  for id in "${IDS[@]}"; do
    s=$(curl -s -H "API_KEY: $KEY" "$A/teams/1/scans/$id/status" | jq .data.status.status_code)
    [ "$s" -le 101 ] && active=$((active + 1))
  done
  [ $active -eq 0 ] && break
done
T1=$(date +%s.%N)
echo "RSS idle ${IDLE_RSS} KiB; peak during 20 concurrent fixture scans ${PEAK} KiB; all 20 done in $(python3 -c "print('%.2f' % ($T1 - $T0))") s"
