#!/usr/bin/env bash
# A real Prometheus (Debian's) scraping licensingd's /probe for every wlcsim controller through
# the blackbox/snmp-exporter relabelling, plus /metrics. Asserts through Prometheus's HTTP API
# that wlc_licensing_aps{state="joined"} and wlc_licensing_report_success follow wlcsim's truth
# (control API): at start, after a month of reporting, after APs join, and after reports fail
# (the CSLU back end down for a month). Also lints /metrics and /probe with promtool.
# Usage: prometheus_test.sh <licensingd> <wlcsim> <source dir>
set -euo pipefail
LICENSINGD=$(realpath "$1") WLCSIM=$(realpath "$2") SRC=$3
if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then
  echo "SKIPPED: prometheus/promtool not installed (apt-get install prometheus)"
  exit 77
fi
source "$(dirname "$0")/metrics_lib.sh"

# 1. wlcsim: 3 controllers reporting to the mock back ends over HTTP(S).
start_wlcsim --controllers 3 --upstream backends

# 2. licensingd with metrics on an ephemeral port; config written from the manifest.
start_licensingd '{"metrics_refresh_seconds": 2, "device_timeout_seconds": 5}'
M=http://127.0.0.1:$MPORT

# 3. The exposition itself: promtool lint, status codes, the series a probe must carry.
curl -sf "$M/probe?target=${NAMES[0]}" -H 'X-Prometheus-Scrape-Timeout-Seconds: 5' >"$WORK/probe.txt" ||
  fail "/probe"
promtool check metrics <"$WORK/probe.txt" || fail "promtool check metrics /probe"
for s in up probe_success probe_duration_seconds report_success aps entitlements \
         trust_installed transport_info info rum_reports; do
  grep -q "^wlc_licensing_$s[{ ]" "$WORK/probe.txt" || fail "/probe lacks wlc_licensing_$s"
done
grep -q '^wlc_licensing_up 1' "$WORK/probe.txt" || fail "probe: controller not up"
code=$(curl -s -o /dev/null -w '%{http_code}' "$M/probe")
[[ $code == 400 ]] || fail "/probe without target: $code"
code=$(curl -s -o /dev/null -w '%{http_code}' "$M/probe?target=nope")
[[ $code == 404 ]] || fail "/probe?target=nope: $code"
for _ in $(seq 1 100); do
  curl -sf "$M/metrics" >"$WORK/metrics.txt" && grep -q "controller=\"${NAMES[2]}\"" "$WORK/metrics.txt" && break
  sleep 0.1
done
promtool check metrics <"$WORK/metrics.txt" || fail "promtool check metrics /metrics"
for s in build_info errors_total device_request_duration_seconds_bucket fleet_refresh_timestamp_seconds; do
  grep -q "^wlc_licensing_$s" "$WORK/metrics.txt" || fail "/metrics lacks wlc_licensing_$s"
done
grep -q "^wlc_licensing_aps{controller=\"${NAMES[0]}\",state=\"joined\"}" "$WORK/metrics.txt" ||
  fail "/metrics lacks the fleet series"
echo "exposition: ok (promtool check metrics on /probe and /metrics)"

# gRPC calls are counted by method and code (the interceptor), when buf (tests/tools) is there.
BUF=$SRC/tests/tools/node_modules/.bin/buf
if [[ -x $BUF ]]; then
  GPORT=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["grpc_port"])' "$WORK/ready.json")
  "$BUF" curl --protocol grpc --http2-prior-knowledge -d "{\"controller\":\"${NAMES[0]}\"}" \
    "http://127.0.0.1:$GPORT/wlc.licensing.v1.LicensingService/GetLicensingState" >/dev/null ||
    fail "buf curl GetLicensingState"
  "$BUF" curl --protocol grpc --http2-prior-knowledge -d '{"controller":"nope"}' \
    "http://127.0.0.1:$GPORT/wlc.licensing.v1.LicensingService/GetLicensingState" >/dev/null 2>&1 || true
  curl -sf "$M/metrics" >"$WORK/metrics2.txt"
  for code in OK NOT_FOUND; do
    grep -q "^wlc_licensing_grpc_server_handled_total{grpc_code=\"$code\",grpc_method=\"GetLicensingState\",grpc_service=\"wlc.licensing.v1.LicensingService\"} 1" \
      "$WORK/metrics2.txt" || fail "gRPC call with $code not counted"
  done
  echo "gRPC metrics: ok"
else
  echo "(buf not installed: gRPC call counting not checked here; metrics_test covers it)"
fi

# 4. Prometheus: the multi-target relabelling onto /probe, and /metrics.
TARGETS=$(printf "'%s'," "${NAMES[@]}")
cat >"$WORK/prometheus.yml" <<YML
global: {scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s}
rule_files: ['$SRC/observability/prometheus/alerts.yml']
scrape_configs:
  - job_name: wlc-licensing-probe
    metrics_path: /probe
    static_configs: [{targets: [${TARGETS%,}]}]
    relabel_configs:
      - {source_labels: [__address__], target_label: __param_target}
      - {source_labels: [__param_target], target_label: instance}
      - {source_labels: [__param_target], target_label: controller}
      - {target_label: __address__, replacement: '127.0.0.1:$MPORT'}
  - job_name: wlc-licensing
    static_configs: [{targets: ['127.0.0.1:$MPORT']}]
YML
start_prometheus

# query EXPR -> "controller value" lines, sorted
query() {
  curl -sf -G "$P/api/v1/query" --data-urlencode "query=$1" | $PY -c '
import json, sys
r = json.load(sys.stdin)["data"]["result"]
for s in sorted(r, key=lambda s: s["metric"].get("controller", "")):
    print(s["metric"].get("controller", "-"), s["value"][1])'
}
# wlcsim's truth (control API) -> "controller value" lines, sorted like query().
#   joined:  the controller's joined APs.
#   report:  1 when an ACK was received, its deadline is ahead of the controller's clock and the
#            last usage push went through (wlcsim's own view of the rule in docs/observability.md).
truth() {
  $PY - "$1" "$CTL" "${NAMES[@]}" <<'PYEOF'
import json, sys, urllib.request
what, ctl, names = sys.argv[1], sys.argv[2], sys.argv[3:]
for n in sorted(names):
    s = json.load(urllib.request.urlopen(f"{ctl}/controllers/{n}", timeout=5))
    if what == "joined":
        print(n, s["joined_aps"])
    else:
        u = s["usage"]
        ok = (u["last_ack_received"] != "<none>" and
              (u["next_ack_deadline"] == "<none>" or u["next_ack_deadline"] > s["device_time"]) and
              (u["last_report_push"] == "<none>" or u["last_report_push_ok"]))
        print(n, int(ok))
PYEOF
}
expect() {  # expect NAME PROMQL TRUTH-KIND: Prometheus agrees with wlcsim (polled, 30 s)
  local name=$1 expr=$2 kind=$3 got="" want=""
  for _ in $(seq 1 60); do
    want=$(truth "$kind")
    got=$(query "$expr" || true)
    [[ -n $got && $got == "$want" ]] && { echo "$name: ok"; echo "$got" | sed 's/^/    /'; return 0; }
    sleep 0.5
  done
  fail "$name: $expr
want (wlcsim):
$want
got (prometheus):
$got"
}
wait_truth() {  # wait_truth KIND SUM: until wlcsim's values add up to SUM (30 s)
  for _ in $(seq 1 60); do
    [[ $(truth "$1" | awk '{s+=$2} END {print s+0}') == "$2" ]] && return 0
    sleep 0.5
  done
  fail "wlcsim: $1 does not add up to $2: $(truth "$1" | tr '\n' ' ')"
}
ctl_post() { curl -sf -d "$2" "$CTL$1" >/dev/null || fail "POST $1"; }
JOINED='wlc_licensing_aps{job="wlc-licensing-probe",state="joined"}'
REPORT='wlc_licensing_report_success{job="wlc-licensing-probe"}'

# 5. At start: no controller has an ACK yet.
wait_truth report 0
expect "start: joined APs" "$JOINED" joined
expect "start: report_success" "$REPORT" report

# 6. APs join on wlc-00001; a month passes: every controller reports (CSLU back end) and gets
#    its ACK.
ctl_post "/controllers/${NAMES[0]}/aps" '{"joined":22}'
ctl_post /clock '{"advance_seconds":2678400}'
wait_truth joined 42
expect "after joins: joined APs" "$JOINED" joined
[[ $(query "$JOINED" | awk 'NR == 1') == "${NAMES[0]} 22" ]] || fail "22 joined APs not seen"
wait_truth report 3
expect "after a month: report_success" "$REPORT" report

# 7. The CSLU back end goes down for a month: reports fail, report_success drops to 0.
ctl_post /upstream/faults '{"cslu":"down"}'
ctl_post /clock '{"advance_seconds":2678400}'
wait_truth report 0
expect "after failed reports: report_success" "$REPORT" report

# The alert rules see it too (pending: they need 1 h to fire).
for _ in $(seq 1 40); do
  got=$(query 'count(ALERTS{alertname="WlcLicensingReportOverdue",job="wlc-licensing-probe"})' | awk '{print $2}')
  [[ $got == 3 ]] && break
  sleep 0.5
done
[[ $got == 3 ]] || fail "WlcLicensingReportOverdue pending for $got controllers, want 3"
echo "alert rules: WlcLicensingReportOverdue pending for every controller"

# 8. The same through the fleet series on /metrics (label controller), and the service's own health.
expect "fleet series: report_success" 'wlc_licensing_report_success{job="wlc-licensing"}' report
[[ -n $(query 'wlc_licensing_build_info{job="wlc-licensing"}') ]] || fail "no build_info"
[[ -n $(query 'wlc_licensing_device_request_duration_seconds_count{job="wlc-licensing"} > 0') ]] ||
  fail "no device request latency"
echo "prometheus: all assertions passed"
