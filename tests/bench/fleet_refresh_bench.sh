#!/usr/bin/env bash
# Fleet-wide state refresh of N wlcsim controllers over HTTPS through licensingd (cold and warm),
# the service's peak RSS, and — in the same run, against the same simulator — the same GETs by a
# Python `requests` thread pool (the script users write today). Writes JSON to OUT and stdout.
#   tests/bench/fleet_refresh_bench.sh <build dir> [OUT]
#   env: WLC_BENCH_CONTROLLERS (10000), WLC_BENCH_CONCURRENCY (256),
#        WLC_BENCH_PY_CONTROLLERS (2000: the baseline's sample), WLC_BENCH_PY_THREADS (64),
#        WLC_BENCH_BASELINE_LICENSINGD (a licensingd binary of another commit: run first, against the
#        same wlcsim and with the same client, and reported as "baseline" with warm_over_baseline)
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
# One licensingd binary against the fleet: sets SERVICE (the client's JSON) and RSS_PEAK_KIB.
run_service() {
  rm -f "$WORK/ready.json"
  "$1" --config "$WORK/config.json" --ready_file "$WORK/ready.json" 2>"$WORK/licensingd.err" &
  SVC=$!
  PIDS+=($SVC)
  PORT=$(bench_grpc_port "$WORK")
  SERVICE=$("$BUILD/tests/bench/fleet_refresh_bench" "127.0.0.1:$PORT" "$CONC" 2)
  RSS_PEAK_KIB=$(awk '/VmHWM/{print $2}' "/proc/$SVC/status")
  kill "$SVC"; wait "$SVC" 2>/dev/null || true
}
BASELINE=null
BASELINE_RSS_KIB=0
if [[ -n "${WLC_BENCH_BASELINE_LICENSINGD:-}" ]]; then
  run_service "$WLC_BENCH_BASELINE_LICENSINGD"
  BASELINE=$SERVICE
  BASELINE_RSS_KIB=$RSS_PEAK_KIB
fi
run_service "$BUILD/service/licensingd"
PY=$(/usr/bin/python3 "$(dirname "$0")/python_baseline.py" "$WORK/sim/manifest.json" "$PYT" "$PYN")

/usr/bin/python3 - "$SERVICE" "$PY" "$RSS_PEAK_KIB" "$N" "$CONC" "$PYT" "$OUT" "$BASELINE" \
  "$BASELINE_RSS_KIB" <<'PY'
import json, sys
service, py, rss, n, conc, pyt, out = (json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3]),
                                       int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7])
baseline, baseline_rss = json.loads(sys.argv[8]), int(sys.argv[9])
warm = service[-1]
result = {"controllers": n, "service_concurrency": conc, "python_threads": pyt,
          "service": service, "python_baseline": py,
          "service_peak_rss_mib": round(rss / 1024, 1),
          "warm_over_python": round(warm["controllers_per_second"] / py["controllers_per_second"], 2)}
if baseline:
    result["baseline"] = baseline
    result["baseline_peak_rss_mib"] = round(baseline_rss / 1024, 1)
    for i, name in enumerate(("cold", "warm")):
        result[f"{name}_over_baseline"] = round(
            service[i]["controllers_per_second"] / baseline[i]["controllers_per_second"], 2)
json.dump(result, open(out, "w"), indent=1)
print(json.dumps(result, indent=1))
PY
