# Shared by the shell tests of the Prometheus face (prometheus_test.sh, metrics_security_test.sh):
# a work directory, processes killed by PID on exit, wlcsim and licensingd started from wlcsim's
# manifest. Source it after setting LICENSINGD and WLCSIM (absolute paths).
PY=/usr/bin/python3
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ ${KEEP:-0} == 1 ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*"
  echo "--- licensingd log"; tail -20 "$WORK/licensingd.log" || true
  if [[ -f $WORK/prometheus.log ]]; then echo "--- prometheus log"; tail -20 "$WORK/prometheus.log"; fi
  exit 1
}
free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_file() { for _ in $(seq 1 400); do [[ -s $1 ]] && return 0; sleep 0.05; done; fail "no $1"; }
json_field() { $PY -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

# start_wlcsim ARGS...: wlcsim with its state in $WORK/sim; sets CTL (the control API).
start_wlcsim() {
  "$WLCSIM" --state-dir "$WORK/sim" "$@" >"$WORK/wlcsim.log" 2>&1 &
  PIDS+=($!)
  wait_file "$WORK/sim/manifest.json"
  CTL=$(json_field "$WORK/sim/manifest.json" control_url)
}

# start_licensingd EXTRA_JSON: licensingd for every wlcsim controller (profile "lab"), metrics on
# an ephemeral port, EXTRA_JSON's keys added to $WORK/config.json (paths relative to $WORK).
# Sets MPORT and NAMES (the controllers).
start_licensingd() {
  $PY - "$WORK" "$1" <<'PYEOF'
import json, sys
work, extra = sys.argv[1], json.loads(sys.argv[2])
m = json.load(open(f"{work}/sim/manifest.json"))
json.dump({"username": m["username"], "password": m["password"], "ca_file": m["ca_file"]},
          open(f"{work}/profile-lab.json", "w"))
cfg = {"grpc_listen": "127.0.0.1:0", "metrics_listen": "127.0.0.1:0",
       "credentials_profiles": {"lab": f"{work}/profile-lab.json"},
       "controllers": [{"name": c["name"], "address": f'{c["address"]}:{c.get("port", m["port"])}',
                        "credentials_profile": "lab", "software_version": c["version"],
                        "platform": c["pid"]} for c in m["controllers"]]}
cfg.update(extra)
json.dump(cfg, open(f"{work}/config.json", "w"), indent=2)
print(" ".join(c["name"] for c in m["controllers"]), file=open(f"{work}/names.txt", "w"))
PYEOF
  "$LICENSINGD" --config "$WORK/config.json" --ready_file "$WORK/ready.json" \
    >"$WORK/licensingd.log" 2>&1 &
  PIDS+=($!)
  wait_file "$WORK/ready.json"
  MPORT=$(json_field "$WORK/ready.json" metrics_port)
  [[ $MPORT -gt 0 ]] || fail "no metrics_port in ready.json"
  read -r -a NAMES <"$WORK/names.txt"
}

# start_prometheus: Debian's prometheus with $WORK/prometheus.yml (checked by promtool first) on a
# free port; waits until it is ready and sets P (its URL).
start_prometheus() {
  promtool check config "$WORK/prometheus.yml" >/dev/null || fail "promtool check config"
  local port
  port=$(free_port)
  prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" \
    --web.listen-address="127.0.0.1:$port" >"$WORK/prometheus.log" 2>&1 &
  PIDS+=($!)
  P=http://127.0.0.1:$port
  for _ in $(seq 1 100); do curl -sf "$P/-/ready" >/dev/null && break; sleep 0.1; done
  curl -sf "$P/-/ready" >/dev/null || fail "prometheus not ready"
}
