#!/usr/bin/env bash
# Where licensingd's memory goes with N kept-alive controllers: RSS after start, after a cold and
# a warm fleet refresh, and glibc's bytes in use (malloc_stats through gdb). Run it for several N
# to get the cost per connection (docs/benchmarks.md: 1,000 / 4,000 / 10,000).
#   tests/bench/southbound_memory.sh <build dir> [controllers=1000]
#   env WLC_BENCH_HEAPTRACK=1: run licensingd under heaptrack and kill it at steady state, so
#   `heaptrack_print --print-leaks 1 -f <file>` lists what every connection keeps (the file is
#   printed at the end). Needs gdb (and heaptrack for that mode).
set -euo pipefail
BUILD=${1:?usage: southbound_memory.sh <build dir> [controllers]}
N=${2:-1000}
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
# shellcheck source=fleet_setup.sh
source "$(dirname "$0")/fleet_setup.sh"
bench_start_fleet "$BUILD/sim/wlcsim" "$WORK" "$N"
WRAP=()
[[ ${WLC_BENCH_HEAPTRACK:-0} == 1 ]] && WRAP=(heaptrack -o "$WORK/heaptrack")
"${WRAP[@]}" "$BUILD/service/licensingd" --config "$WORK/config.json" --ready_file "$WORK/ready.json" \
  2>"$WORK/licensingd.err" &
PIDS+=($!)
PORT=$(bench_grpc_port "$WORK")
SVC=$(pgrep -n -f "licensingd --config $WORK/config.json")
rss() { awk '/VmRSS/{print $2}' "/proc/$SVC/status"; }
START=$(rss)
"$BUILD/tests/bench/fleet_refresh_bench" "127.0.0.1:$PORT" 256 1 >/dev/null
COLD=$(rss)
"$BUILD/tests/bench/fleet_refresh_bench" "127.0.0.1:$PORT" 256 1 >/dev/null
WARM=$(rss)
gdb -p "$SVC" -batch -ex "call (void)malloc_stats()" >/dev/null 2>&1 || true
IN_USE=$(awk '/in use bytes/{v=$NF} END{print v+0}' "$WORK/licensingd.err")
echo "{\"controllers\": $N, \"rss_kib\": {\"start\": $START, \"after_cold\": $COLD, \"after_warm\": $WARM}," \
     "\"malloc_in_use_bytes\": $IN_USE}"
if [[ ${WLC_BENCH_HEAPTRACK:-0} == 1 ]]; then
  kill -9 "$SVC"; sleep 2
  cp "$WORK"/heaptrack*.zst . && echo "heaptrack data: $(ls heaptrack*.zst | tail -1)"
fi
