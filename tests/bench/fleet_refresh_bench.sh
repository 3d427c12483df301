#!/usr/bin/env bash
# Fleet-wide state refresh of N wlcsim controllers over HTTPS through licensingd (cold and warm),
# the service's peak RSS, and — in the same run, against the same simulator — the same GETs by a
# Python `requests` thread pool (the script users write today). Writes JSON to OUT and stdout.
#   tests/bench/fleet_refresh_bench.sh <build dir> [OUT]
#   env: WLC_BENCH_CONTROLLERS (10000), WLC_BENCH_CONCURRENCY (256),
#        WLC_BENCH_PY_CONTROLLERS (2000: the baseline's sample), WLC_BENCH_PY_THREADS (64)
set -euo pipefail
BUILD=${1:?usage: fleet_refresh_bench.sh <build dir> [out.json]}
OUT=${2:-fleet-refresh-bench.json}
N=${WLC_BENCH_CONTROLLERS:-10000}
CONC=${WLC_BENCH_CONCURRENCY:-256}
PYN=${WLC_BENCH_PY_CONTROLLERS:-2000}
PYT=${WLC_BENCH_PY_THREADS:-64}
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

# shellcheck source=fleet_setup.sh
source "$(dirname "$0")/fleet_setup.sh"
bench_start_fleet "$BUILD/sim/wlcsim" "$WORK" "$N"
"$BUILD/service/licensingd" --config "$WORK/config.json" --ready_file "$WORK/ready.json" \
  2>"$WORK/licensingd.err" &
SVC=$!
PIDS+=($SVC)
PORT=$(bench_grpc_port "$WORK")

SERVICE=$("$BUILD/tests/bench/fleet_refresh_bench" "127.0.0.1:$PORT" "$CONC" 2)
RSS_PEAK_KIB=$(awk '/VmHWM/{print $2}' "/proc/$SVC/status")
kill "$SVC"; wait "$SVC" 2>/dev/null || true
PY=$(/usr/bin/python3 "$(dirname "$0")/python_baseline.py" "$WORK/sim/manifest.json" "$PYT" "$PYN")

/usr/bin/python3 - "$SERVICE" "$PY" "$RSS_PEAK_KIB" "$N" "$CONC" "$PYT" "$OUT" <<'PY'
import json, sys
service, py, rss, n, conc, pyt, out = (json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3]),
                                       int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7])
warm = service[-1]
result = {"controllers": n, "service_concurrency": conc, "python_threads": pyt,
          "service": service, "python_baseline": py,
          "service_peak_rss_mib": round(rss / 1024, 1),
          "warm_over_python": round(warm["controllers_per_second"] / py["controllers_per_second"], 2)}
json.dump(result, open(out, "w"), indent=1)
print(json.dumps(result, indent=1))
PY
