#!/usr/bin/env bash
# wlcsim at fleet scale: start-up time and memory per idle controller (10,000 vs a 10-controller
# baseline in the same run), and requests/s on a licensing-state GET over kept-alive HTTPS (wrk),
# for a 10-controller and a 10,000-controller fleet (ratio = how much scale costs per request).
#
#   tests/bench/wlcsim_bench.sh <path/to/wlcsim> [out.json]     (needs: wrk)
# Figures go to out.json (default: wlcsim-bench.json in the current directory) and stdout.
set -euo pipefail
WLCSIM=${1:?usage: wlcsim_bench.sh <wlcsim> [out.json]}
OUT=${2:-wlcsim-bench.json}
N=${WLC_BENCH_CONTROLLERS:-10000}
DURATION=${WLC_BENCH_SECONDS:-10}
CONNS=${WLC_BENCH_CONNECTIONS:-64}
THREADS=${WLC_BENCH_THREADS:-1}   # wlcsim io threads
command -v wrk >/dev/null || { echo "SKIPPED: wrk not installed (apt-get install wrk)"; exit 77; }
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

now_ms() { date +%s%3N; }
rss_kib() { awk '/VmRSS/{print $2}' "/proc/$1/status"; }

# start <label> <controllers> <first-address>: sets START_MS, PID, MANIFEST
start() {
  local dir=$WORK/$1
  mkdir -p "$dir"
  local t0; t0=$(now_ms)
  "$WLCSIM" --state-dir "$dir" --controllers "$2" --first-address "$3" --threads "$THREADS" \
    >"$dir/out" 2>"$dir/err" &
  PID=$!
  PIDS+=("$PID")
  until [[ -s $dir/manifest.json ]]; do sleep 0.01; done
  START_MS=$(( $(now_ms) - t0 ))
  MANIFEST=$dir/manifest.json
}

get() { /usr/bin/python3 -c "import json,sys; m=json.load(open('$1')); print($2)"; }

run_wrk() {  # manifest index -> req/s
  local url auth
  url=$(get "$1" "m['controllers'][$2]['base_url']")/restconf/data/cisco-smart-license:licensing/state
  auth=$(get "$1" "__import__('base64').b64encode((m['username']+':'+m['password']).encode()).decode()")
  wrk -t1 -c"$CONNS" -d"${DURATION}s" -H "Authorization: Basic $auth" \
      -H 'Accept: application/yang-data+json' "$url" >"$WORK/wrk.txt"
  grep -q 'Non-2xx' "$WORK/wrk.txt" && { cat "$WORK/wrk.txt" >&2; echo "non-2xx answers" >&2; exit 1; }
  awk '/Requests\/sec/{print $2}' "$WORK/wrk.txt"
}

start small 10 127.2.0.1
SMALL_START=$START_MS; SMALL_PID=$PID; SMALL_MANIFEST=$MANIFEST
sleep 1
SMALL_RSS=$(rss_kib "$SMALL_PID")
SMALL_RPS=$(run_wrk "$SMALL_MANIFEST" 0)
kill "$SMALL_PID"; wait "$SMALL_PID" 2>/dev/null || true

start large "$N" 127.3.0.1
LARGE_START=$START_MS; LARGE_PID=$PID; LARGE_MANIFEST=$MANIFEST
sleep 1
LARGE_RSS=$(rss_kib "$LARGE_PID")
LARGE_RPS=$(run_wrk "$LARGE_MANIFEST" $((N - 1)))

PER_CTRL=$(awk -v a="$LARGE_RSS" -v b="$SMALL_RSS" -v n="$N" 'BEGIN{printf "%.2f", (a-b)/(n-10)}')
RATIO=$(awk -v a="$LARGE_RPS" -v b="$SMALL_RPS" 'BEGIN{printf "%.2f", a/b}')
cat >"$OUT" <<JSON
{
  "controllers": $N,
  "startup_ms": {"baseline_10": $SMALL_START, "fleet": $LARGE_START},
  "rss_kib": {"baseline_10": $SMALL_RSS, "fleet_idle": $LARGE_RSS},
  "idle_kib_per_controller": $PER_CTRL,
  "licensing_state_get_rps": {"baseline_10": $SMALL_RPS, "fleet": $LARGE_RPS, "fleet_over_baseline": $RATIO},
  "wrk": {"threads": 1, "connections": $CONNS, "seconds": $DURATION, "keepalive": true, "tls": true},
  "wlcsim_threads": $THREADS,
  "machine": "$(nproc) cores, $(uname -r)"
}
JSON
cat "$OUT"
