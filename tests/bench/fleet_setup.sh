# Sourced by the fleet benchmarks: a wlcsim fleet and a licensingd config for all of it.
#   bench_start_fleet <wlcsim> <work dir> <controllers>   starts wlcsim (pid appended to PIDS) and
#                                                         writes <work>/config.json + profile.json
#   bench_grpc_port <work dir>                            after licensingd wrote <work>/ready.json
#   env WLC_BENCH_POOL_SIZE=<n>: southbound_pool_size in the config (kept-alive connections)
#   env WLC_BENCH_SIM_ARGS="...": more wlcsim flags (e.g. --profile ios-xe-9800)
#   env WLC_BENCH_METRICS=1: the config serves /metrics (its port in ready.json)
bench_start_fleet() {
  local wlcsim=$1 work=$2 n=$3
  # shellcheck disable=SC2086 # the extra flags are words
  "$wlcsim" --state-dir "$work/sim" --controllers "$n" --first-address 127.4.0.1 \
    ${WLC_BENCH_SIM_ARGS:-} >"$work/sim.out" 2>"$work/sim.err" &
  PIDS+=($!)
  until [[ -s $work/sim/manifest.json ]]; do sleep 0.05; done
  /usr/bin/python3 - "$work" <<'PY'
import json, os, sys
work = sys.argv[1]
m = json.load(open(f"{work}/sim/manifest.json"))
json.dump({"username": m["username"], "password": m["password"], "ca_file": m["ca_file"]},
          open(f"{work}/profile.json", "w"))
cfg = {"grpc_listen": "127.0.0.1:0", "device_timeout_seconds": 20, "request_deadline_seconds": 300,
           "credentials_profiles": {"lab": "profile.json"},
           "controllers": [{"name": c["name"], "address": f"{c['address']}:{c['port']}",
                            "credentials_profile": "lab", "software_version": c["version"]}
                           for c in m["controllers"]]}
if os.environ.get("WLC_BENCH_POOL_SIZE"):
    cfg["southbound_pool_size"] = int(os.environ["WLC_BENCH_POOL_SIZE"])
if os.environ.get("WLC_BENCH_METRICS") == "1":
    cfg["metrics_listen"] = "127.0.0.1:0"
    cfg["metrics_refresh_seconds"] = 86400
json.dump(cfg, open(f"{work}/config.json", "w"))
PY
}

bench_grpc_port() {
  until [[ -s $1/ready.json ]]; do sleep 0.05; done
  /usr/bin/python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['grpc_port'])" "$1/ready.json"
}
