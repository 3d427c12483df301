#!/usr/bin/env bash
# Issue 13's fleet benchmarks, each in one run against one wlcsim (writes JSON to OUT and stdout):
#   tests/bench/realistic_fleet_bench.sh ideal <build dir> [OUT]
#     (a) a refresh of N ideal controllers (no latency) with a pool as large as the inventory,
#         cold then warm, and in the same run the same GETs without the service (wlcsim_ceiling):
#         warm_over_ceiling.
#   tests/bench/realistic_fleet_bench.sh realistic <build dir> [OUT]
#     (b) N controllers of wlcsim's ios-xe-9800 profile (p50 150 ms, p99 600 ms, 2 connections,
#         25 requests a connection, 1 % transient 500s; no truncations) refreshed RUNS times in a
#         row with licensingd's default pool: time per refresh, controllers/s, failures, retries by
#         cause (from /metrics), against the bound max(latency limit, machine ceiling) — the latency
#         limit is N x 3 GETs x p50 / controllers in flight, the ceiling the same handshakes and GETs
#         of an ideal wlcsim by wlcsim_ceiling in the same run — and the Python `requests` script
#         (64 threads, no retries) over PYN of the same controllers, with its failures.
#   env: WLC_BENCH_CONTROLLERS (10000), WLC_BENCH_CONCURRENCY (1024), WLC_BENCH_RUNS (3),
#        WLC_BENCH_PY_CONTROLLERS (2000), WLC_BENCH_PY_THREADS (64)
set -euo pipefail
MODE=${1:?usage: realistic_fleet_bench.sh ideal|realistic <build dir> [out.json]}
BUILD=${2:?usage: realistic_fleet_bench.sh ideal|realistic <build dir> [out.json]}
OUT=${3:-realistic-fleet-bench-$MODE.json}
N=${WLC_BENCH_CONTROLLERS:-10000}
CONC=${WLC_BENCH_CONCURRENCY:-1024}
RUNS=${WLC_BENCH_RUNS:-3}
PYN=${WLC_BENCH_PY_CONTROLLERS:-2000}
PYT=${WLC_BENCH_PY_THREADS:-64}
P50_MS=150
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
# shellcheck source=fleet_setup.sh
source "$(dirname "$0")/fleet_setup.sh"

metrics() { curl -s "http://127.0.0.1:$(/usr/bin/python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['metrics_port'])" "$WORK/ready.json")/metrics"; }

if [[ $MODE == ideal ]]; then
  export WLC_BENCH_POOL_SIZE=$((N + 512))
  bench_start_fleet "$BUILD/sim/wlcsim" "$WORK" "$N"
  "$BUILD/service/licensingd" --config "$WORK/config.json" --ready_file "$WORK/ready.json" \
    2>"$WORK/licensingd.err" &
  SVC=$!; PIDS+=($SVC)
  PORT=$(bench_grpc_port "$WORK")
  SERVICE=$("$BUILD/tests/bench/fleet_refresh_bench" "127.0.0.1:$PORT" "$CONC" 2)
  kill "$SVC"; wait "$SVC" 2>/dev/null || true
  CEILING=$("$BUILD/tests/bench/wlcsim_ceiling" "$WORK/sim/manifest.json" "$CONC" 2)
  /usr/bin/python3 - "$SERVICE" "$CEILING" "$N" "$CONC" "$OUT" <<'PY'
import json, sys
service, ceiling, n, conc, out = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
r = {"benchmark": "ideal", "controllers": n, "concurrency": conc, "pool": n + 512,
     "service": service, "ceiling": ceiling,
     "cold_over_ceiling": round(service[0]["controllers_per_second"] / ceiling[0]["controllers_per_second"], 2),
     "warm_over_ceiling": round(service[-1]["controllers_per_second"] / ceiling[-1]["controllers_per_second"], 2)}
json.dump(r, open(out, "w"), indent=1); print(json.dumps(r, indent=1))
PY
  exit 0
fi

# (b) The ceiling first, on an ideal fleet of the same size (the same handshakes and GETs).
mkdir -p "$WORK/ideal"
bench_start_fleet "$BUILD/sim/wlcsim" "$WORK/ideal" "$N"
CEILING=$("$BUILD/tests/bench/wlcsim_ceiling" "$WORK/ideal/sim/manifest.json" "$CONC" 1)
kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true
# The realistic fleet, licensingd with its default pool and /metrics for the retries.
WLC_BENCH_SIM_ARGS="--profile ios-xe-9800 --truncate-rate 0" WLC_BENCH_METRICS=1 \
  bench_start_fleet "$BUILD/sim/wlcsim" "$WORK" "$N"
"$BUILD/service/licensingd" --config "$WORK/config.json" --ready_file "$WORK/ready.json" \
  2>"$WORK/licensingd.err" &
SVC=$!; PIDS+=($SVC)
PORT=$(bench_grpc_port "$WORK")
# The metrics refresher reads the fleet once at start-up: let it finish first (its retries are
# counted with the runs': REFRESHES = RUNS + 1).
until metrics | grep -E '^wlc_licensing_fleet_refresh_timestamp_seconds [1-9]' >/dev/null; do sleep 0.5; done
SERVICE=$("$BUILD/tests/bench/fleet_refresh_bench" "127.0.0.1:$PORT" "$CONC" "$RUNS")
metrics | grep -E '^wlc_licensing_device_call(s_total|_retries_total)' >"$WORK/calls.txt" || true
RSS_PEAK_KIB=$(awk '/VmHWM/{print $2}' "/proc/$SVC/status")
kill "$SVC"; wait "$SVC" 2>/dev/null || true
PY=$(/usr/bin/python3 "$(dirname "$0")/python_baseline.py" "$WORK/sim/manifest.json" "$PYT" "$PYN")
/usr/bin/python3 - "$SERVICE" "$CEILING" "$PY" "$WORK/calls.txt" "$N" "$CONC" "$P50_MS" "$RSS_PEAK_KIB" "$OUT" <<'PY'
import json, re, sys
service, ceiling, py = json.loads(sys.argv[1]), json.loads(sys.argv[2]), json.loads(sys.argv[3])
calls_txt, n, conc, p50, rss, out = sys.argv[4], int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7]), int(sys.argv[8]), sys.argv[9]
retries, calls = {}, {}
for line in open(calls_txt):
    m = re.match(r'(\w+)\{(.*)\} ([0-9.e+]+)', line)
    if not m: continue
    labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(2)))
    if m.group(1) == "wlc_licensing_device_call_retries_total":
        retries[labels.get("cause", "?")] = retries.get(labels.get("cause", "?"), 0) + float(m.group(3))
    else:
        calls[labels.get("code", "?")] = calls.get(labels.get("code", "?"), 0) + float(m.group(3))
latency_limit = n * 3 * p50 / 1000.0 / min(conc, n)
ceiling_s = ceiling[0]["seconds"]
bound = max(latency_limit, ceiling_s)
runs = [{"run": r["run"], "seconds": round(r["seconds"], 2), "controllers_per_second": round(r["controllers_per_second"]),
         "failed": r["failed"], "p50_ms": r["p50_ms"], "p99_ms": r["p99_ms"],
         "over_bound": round(r["seconds"] / bound, 2)} for r in service]
res = {"benchmark": "realistic", "controllers": n, "concurrency": conc, "profile": "ios-xe-9800 (no truncations)",
       "refreshes": runs, "bound_seconds": round(bound, 2), "latency_limit_seconds": round(latency_limit, 2),
       "ceiling_seconds_cold": round(ceiling_s, 2),
       "device_calls_by_code (runs + the start-up refresh)": calls,
       "retries_by_cause (runs + the start-up refresh)": retries,
       "service_peak_rss_mib": round(rss / 1024, 1), "python_baseline": py}
json.dump(res, open(out, "w"), indent=1); print(json.dumps(res, indent=1))
PY
