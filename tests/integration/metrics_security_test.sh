#!/usr/bin/env bash
# The Prometheus face secured and bounded, through the real path: licensingd with metrics over
# mTLS and metrics_require_token against wlcsim.
#  1. TLS/mTLS: no client certificate, or one from another CA, fails the handshake; plain HTTP
#     gets no answer; a client certificate from metrics_tls_client_ca_file is accepted.
#  2. Tokens: no token or an unknown one is a 401 with WWW-Authenticate: Bearer (the token never
#     echoed); a reader token is a 200; /healthz stays open.
#  3. A storm of 50 concurrent /probe scrapes of one slow controller: wlcsim's per-controller
#     request counters show no more concurrent device requests than one read makes, and about
#     one read's worth of GETs (single flight).
#  4. No free read slot within the scrape budget: 503 "busy", counted on /metrics.
#  5. A real Prometheus scrapes /metrics and /probe with authorization.credentials_file and
#     tls_config {ca_file, cert_file, key_file, server_name}; a job without the token is down.
# Usage: metrics_security_test.sh <licensingd> <wlcsim>
set -euo pipefail
LICENSINGD=$(realpath "$1") WLCSIM=$(realpath "$2")
source "$(dirname "$0")/metrics_lib.sh"

# Certificates: a CA for the server and the scraper, and a rogue CA the service does not trust.
cd "$WORK"
openssl_quiet() { openssl "$@" >/dev/null 2>&1 || fail "openssl $1"; }
for ca in ca rogue; do
  openssl_quiet req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
    -subj "/CN=test $ca" -keyout $ca.key -out $ca.pem
done
issue() {  # issue NAME CA EXTENSIONS
  openssl_quiet req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$1" \
    -keyout "$1.key" -out "$1.csr"
  printf '%s\n' "$3" >"$1.ext"
  openssl_quiet x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -CAcreateserial -days 2 \
    -extfile "$1.ext" -out "$1.pem"
}
issue server ca "subjectAltName=DNS:licensingd.test,IP:127.0.0.1
extendedKeyUsage=serverAuth"
issue prometheus ca "extendedKeyUsage=clientAuth"
issue intruder rogue "extendedKeyUsage=clientAuth"

# wlcsim: 3 controllers. licensingd: metrics over mTLS with a token; 2 probe read slots.
start_wlcsim --controllers 3
TOKEN=prometheus-reader-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
printf '%s' "$TOKEN" >"$WORK/prometheus.token"
printf '{"tokens": [{"name": "prometheus", "role": "reader", "token": "%s"}]}' "$TOKEN" \
  >"$WORK/tokens.json"
start_licensingd '{"metrics_refresh_seconds": 86400, "device_timeout_seconds": 10,
  "tokens_file": "tokens.json", "metrics_require_token": true,
  "metrics_tls_cert_file": "server.pem", "metrics_tls_key_file": "server.key",
  "metrics_tls_client_ca_file": "ca.pem", "probe_max_concurrent_reads": 2}'
M=https://127.0.0.1:$MPORT
CURL=(curl -s --max-time 20 --cacert "$WORK/ca.pem")
WITH_CERT=(--cert "$WORK/prometheus.pem" --key "$WORK/prometheus.key")
AUTH=(-H "Authorization: Bearer $TOKEN")

# 1. TLS and mTLS.
if "${CURL[@]}" -o /dev/null "$M/healthz"; then fail "a client without a certificate was served"; fi
if "${CURL[@]}" -o /dev/null --cert "$WORK/intruder.pem" --key "$WORK/intruder.key" "$M/healthz"; then
  fail "a client certificate from an untrusted CA was accepted"
fi
code=$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$MPORT/metrics" || true)
[[ $code != 200 ]] || fail "plain HTTP served on the TLS port"
code=$("${CURL[@]}" "${WITH_CERT[@]}" -o /dev/null -w '%{http_code}' "$M/healthz")
[[ $code == 200 ]] || fail "/healthz with a client certificate: $code"
echo "mTLS: no certificate and an untrusted one refused, a trusted one accepted"

# 2. Tokens.
for path in /metrics "/probe?target=${NAMES[0]}"; do
  for header in "X-None: 1" "Authorization: Bearer not-a-known-token-123456" "Authorization: Basic dTpw"; do
    "${CURL[@]}" "${WITH_CERT[@]}" -D "$WORK/h.txt" -o "$WORK/b.txt" -H "$header" "$M$path" ||
      fail "GET $path"
    head -1 "$WORK/h.txt" | grep -q ' 401' || fail "$path with '$header': $(head -1 "$WORK/h.txt")"
    grep -qi '^WWW-Authenticate: Bearer' "$WORK/h.txt" || fail "$path: 401 without WWW-Authenticate"
    ! grep -q 'not-a-known-token' "$WORK/h.txt" "$WORK/b.txt" || fail "$path: the token was echoed"
  done
done
! grep -q 'not-a-known-token\|'"$TOKEN" "$WORK/licensingd.log" || fail "a token reached the log"
code=$("${CURL[@]}" "${WITH_CERT[@]}" "${AUTH[@]}" -o "$WORK/metrics.txt" -w '%{http_code}' "$M/metrics")
[[ $code == 200 ]] || fail "/metrics with the reader token: $code"
grep -q '^wlc_licensing_errors_total{kind="metrics_unauthenticated"} 6' "$WORK/metrics.txt" ||
  fail "the 401s are not counted"
code=$("${CURL[@]}" "${WITH_CERT[@]}" "${AUTH[@]}" -o "$WORK/probe.txt" -w '%{http_code}' \
  -H 'X-Prometheus-Scrape-Timeout-Seconds: 5' "$M/probe?target=${NAMES[0]}")
[[ $code == 200 ]] && grep -q '^wlc_licensing_up 1' "$WORK/probe.txt" || fail "/probe with the token: $code"
echo "tokens: none, unknown and non-bearer are 401 (not echoed), the reader token reads /metrics and /probe"

# 3. A storm of probes of one slow controller. The fleet refresh has read every controller once
#    (metrics_refresh_seconds is a day: it stays out of the way).
for _ in $(seq 1 100); do
  "${CURL[@]}" "${WITH_CERT[@]}" "${AUTH[@]}" "$M/metrics" | grep -q "controller=\"${NAMES[2]}\"" && break
  sleep 0.1
done
ctl() { curl -sf --max-time 5 ${2:+-d "$2"} "$CTL/controllers/${NAMES[0]}$1" || fail "control API $1"; }
counter() { $PY -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }
ctl /faults '{"latency_ms":1500}' >/dev/null
ctl /requests '{}' >/dev/null
probe() {  # probe CONTROLLER TIMEOUT OUT -> HTTP code
  "${CURL[@]}" "${WITH_CERT[@]}" "${AUTH[@]}" -H "X-Prometheus-Scrape-Timeout-Seconds: $2" \
    -o "$3" -w '%{http_code}' "$M/probe?target=$1" || true
}
[[ $(probe "${NAMES[0]}" 15 "$WORK/one.txt") == 200 ]] || fail "single probe"
ONE=$(ctl /requests)
ctl /requests '{}' >/dev/null
GETS_PER_READ=$(counter "$ONE" gets)
PEAK_ONE=$(counter "$ONE" max_in_flight)
[[ $GETS_PER_READ -ge 1 ]] || fail "wlcsim counted no GET for one probe: $ONE"
mkdir -p "$WORK/storm"
STORM=()
for i in $(seq 1 50); do
  probe "${NAMES[0]}" 15 "$WORK/storm/$i.txt" >"$WORK/storm/$i.code" &
  STORM+=($!)
done
wait "${STORM[@]}"
STORMED=$(ctl /requests)
ok=$(grep -lx 200 "$WORK"/storm/*.code | wc -l)
up=$(grep -l '^wlc_licensing_up 1' "$WORK"/storm/*.txt | wc -l)
GETS=$(counter "$STORMED" gets)
PEAK=$(counter "$STORMED" max_in_flight)
echo "storm: 50 probes -> $ok answered 200 ($up up), device: $GETS GETs ($GETS_PER_READ per read)," \
  "at most $PEAK requests in flight (one read: $PEAK_ONE)"
[[ $ok == 50 && $up == 50 ]] || fail "storm: $ok of 50 probes answered 200, $up up"
[[ $PEAK -le $PEAK_ONE ]] || fail "storm: $PEAK device requests in flight, one read makes $PEAK_ONE"
# 50 scrapes started within one read's 1.5 s share it; a late straggler may start a second.
[[ $GETS -le $((2 * GETS_PER_READ)) ]] || fail "storm: $GETS GETs, more than two reads' worth"
"${CURL[@]}" "${WITH_CERT[@]}" "${AUTH[@]}" "$M/metrics" >"$WORK/metrics2.txt"
shared=$(awk '/^wlc_licensing_probe_shared_reads_total/ {print $2}' "$WORK/metrics2.txt")
echo "storm: wlc_licensing_probe_shared_reads_total $shared"
[[ ${shared%.*} -ge 48 ]] || fail "storm: only $shared probes shared a read"

# 4. Both read slots taken by slow controllers: a third controller's probe gets none within its
#    budget (1 s scrape timeout -> 0.75 s) and is a 503, counted.
ctl /faults '{"latency_ms":3000}' >/dev/null
curl -sf --max-time 5 -d '{"latency_ms":3000}' "$CTL/controllers/${NAMES[1]}/faults" >/dev/null
probe "${NAMES[0]}" 10 "$WORK/slow0.txt" >/dev/null &
SLOW=($!)
probe "${NAMES[1]}" 10 "$WORK/slow1.txt" >/dev/null &
SLOW+=($!)
sleep 0.5
start=$(date +%s%N)
code=$(probe "${NAMES[2]}" 1 "$WORK/busy.txt")
took_ms=$((($(date +%s%N) - start) / 1000000))
[[ $code == 503 ]] || fail "no free slot: $code, want 503 ($(cat "$WORK/busy.txt"))"
grep -q '^busy' "$WORK/busy.txt" || fail "503 body: $(cat "$WORK/busy.txt")"
[[ $took_ms -lt 2000 ]] || fail "the 503 took $took_ms ms (budget 750 ms)"
wait "${SLOW[@]}"
"${CURL[@]}" "${WITH_CERT[@]}" "${AUTH[@]}" "$M/metrics" >"$WORK/metrics3.txt"
grep -q '^wlc_licensing_probe_rejected_total{reason="busy"} 1' "$WORK/metrics3.txt" ||
  fail "the 503 is not counted: $(grep probe_rejected "$WORK/metrics3.txt")"
echo "busy: 503 after $took_ms ms ($(cat "$WORK/busy.txt")), counted"
ctl /faults '{}' >/dev/null
curl -sf --max-time 5 -d '{}' "$CTL/controllers/${NAMES[1]}/faults" >/dev/null

# 5. A real Prometheus with authorization.credentials_file and tls_config.
if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then
  echo "(prometheus not installed: the scrape with credentials_file/tls_config is not checked)"
  echo "metrics security: all assertions passed"
  exit 0
fi
TARGETS=$(printf "'%s'," "${NAMES[@]}")
cat >"$WORK/prometheus.yml" <<YML
global: {scrape_interval: 1s, scrape_timeout: 1s}
scrape_configs:
  - job_name: wlc-licensing
    scheme: https
    authorization: {type: Bearer, credentials_file: $WORK/prometheus.token}
    tls_config: {ca_file: $WORK/ca.pem, cert_file: $WORK/prometheus.pem,
                 key_file: $WORK/prometheus.key, server_name: licensingd.test}
    static_configs: [{targets: ['127.0.0.1:$MPORT']}]
  - job_name: wlc-licensing-probe
    scheme: https
    metrics_path: /probe
    authorization: {type: Bearer, credentials_file: $WORK/prometheus.token}
    tls_config: {ca_file: $WORK/ca.pem, cert_file: $WORK/prometheus.pem,
                 key_file: $WORK/prometheus.key, server_name: licensingd.test}
    static_configs: [{targets: [${TARGETS%,}]}]
    relabel_configs:
      - {source_labels: [__address__], target_label: __param_target}
      - {source_labels: [__param_target], target_label: controller}
      - {target_label: __address__, replacement: '127.0.0.1:$MPORT'}
  - job_name: no-token
    scheme: https
    tls_config: {ca_file: $WORK/ca.pem, cert_file: $WORK/prometheus.pem,
                 key_file: $WORK/prometheus.key, server_name: licensingd.test}
    static_configs: [{targets: ['127.0.0.1:$MPORT']}]
YML
start_prometheus
query() {
  curl -sf -G "$P/api/v1/query" --data-urlencode "query=$1" | $PY -c '
import json, sys
for s in json.load(sys.stdin)["data"]["result"]:
    print(s["metric"].get("job"), s["metric"].get("controller", "-"), s["value"][1])' | LC_ALL=C sort
}
want="no-token - 0
wlc-licensing - 1
$(for n in "${NAMES[@]}"; do echo "wlc-licensing-probe $n 1"; done)"
got=""
for _ in $(seq 1 60); do
  got=$(query 'up' || true)
  [[ $got == "$want" ]] && break
  sleep 0.5
done
[[ $got == "$want" ]] || fail "Prometheus 'up':
want:
$want
got:
$got"
got=$(query 'wlc_licensing_up{job="wlc-licensing-probe"}' | awk '{s+=$3} END {print s+0}')
[[ $got == "${#NAMES[@]}" ]] || fail "Prometheus: wlc_licensing_up over /probe sums to $got"
echo "prometheus: /metrics and /probe scraped with credentials_file + tls_config; no token = down"
echo "metrics security: all assertions passed"
