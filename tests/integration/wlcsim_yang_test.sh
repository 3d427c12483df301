#!/bin/bash
# Conformance: every RESTCONF answer wlcsim gives must be valid against the
# real Cisco YANG (validated with yanglint exactly as shared/yang/README.md
# shows). Usage: wlcsim_yang_test.sh <wlcsim binary> <shared/yang dir>
# Exit 0 = all valid, 1 = a failure, 77 = skipped (no YANG folder / tools).
set -u
WLCSIM=$1
YANG=$2

if [ ! -d "$YANG" ]; then
  echo "SKIPPED: ../shared/yang not found"
  exit 77
fi
for tool in yanglint curl jq; do
  if ! command -v "$tool" > /dev/null; then
    echo "SKIPPED: $tool not installed"
    exit 77
  fi
done
YANG=$(cd "$YANG" && pwd)

TMP=$(mktemp -d)
SIM_PID=""
cleanup() {
  if [ -n "$SIM_PID" ]; then kill "$SIM_PID" 2> /dev/null; wait "$SIM_PID" 2> /dev/null; fi
  rm -rf "$TMP"
}
trap cleanup EXIT

cat > "$TMP/fleet.json" << 'JSON'
[{"index": 0, "version": "17.9.1", "aps": 0},
 {"index": 1, "transport": "smart", "url_default": true, "aps": 42},
 {"index": 2, "transport": "cslu", "url_cslu": "http://10.1.1.1:8182/cslu/v1/pi"},
 {"index": 3, "transport": "off", "trust_installed": true}]
JSON

"$WLCSIM" --state-dir "$TMP/state" --controllers 5 --trust-delay-ms 700 --fleet "$TMP/fleet.json" \
  > "$TMP/stdout" 2> "$TMP/stderr" &
SIM_PID=$!
for _ in $(seq 1 100); do
  grep -q '^wlcsim ready' "$TMP/stdout" 2> /dev/null && break
  sleep 0.1
done
if ! grep -q '^wlcsim ready' "$TMP/stdout"; then
  echo "FAIL: wlcsim did not start"; cat "$TMP/stderr"; exit 1
fi
M="$TMP/state/manifest.json"
PORT=$(jq -r .port "$M")
USER=$(jq -r .username "$M")
PASS=$(jq -r .password "$M")
CTL=$(jq -r .control_url "$M")
CA=$(jq -r .ca_file "$M")

# curl to controller N (1-based): rc <n> <method> <path> [body]
rc() {
  local addr
  addr=$(jq -r ".controllers[$(($1 - 1))].address" "$M")
  if [ $# -ge 4 ]; then
    curl -sS --cacert "$CA" -u "$USER:$PASS" -X "$2" -H 'Content-Type: application/yang-data+json' \
      -d "$4" "https://$addr:$PORT$3"
  else
    curl -sS --cacert "$CA" -u "$USER:$PASS" -X "$2" "https://$addr:$PORT$3"
  fi
}

FAILS=0
CHECKS=0
# check <name> <yanglint -t type> <file> <modules...>
check() {
  local name=$1 type=$2 file=$3
  shift 3
  CHECKS=$((CHECKS + 1))
  if (cd "$YANG" && yanglint -Q -p . -t "$type" "$@" "$file") > "$TMP/lint.out" 2>&1; then
    echo "ok   $name"
  else
    FAILS=$((FAILS + 1))
    echo "FAIL $name"; cat "$TMP/lint.out"; echo "--- payload:"; cat "$file"; echo
  fi
}

SMART=/restconf/data/Cisco-IOS-XE-native:native/license/smart
STATE=/restconf/data/cisco-smart-license:licensing/state
TRUST=/restconf/operations/cisco-smart-license:id-token-trust
CLI=/restconf/operations/Cisco-IOS-XE-cli-rpc:config-ios-cli-rpc

# Drive the controllers through the interesting states.
rc 1 PATCH $SMART '{"Cisco-IOS-XE-native:smart":{"transport-type":"smart","url":{"name":"https://onprem.example/SmartTransport","utility":"https://onprem.example/SmartTransport"},"usage":{"interval":30},"privacy":{"hostname":[null]}}}' > /dev/null
rc 2 PATCH /restconf/data/Cisco-IOS-XE-native:native '{"Cisco-IOS-XE-native:native":{"license":{"smart":{"usage":{"interval":7,"customer-tags":{"tag1":"lab"}},"utility":{"enable":[null],"customer-info":{"city":"Lyon"}}}}}}' > /dev/null
rc 2 POST $TRUST '{"cisco-smart-license:input":{"id-token":"wlcsim-valid-yang-1","all-ha":false,"force":false}}' > "$TMP/trust-reply.json"
rc 3 POST $TRUST '{"cisco-smart-license:input":{"id-token":"no-such-token"}}' > /dev/null
rc 5 POST $TRUST '{"cisco-smart-license:input":{"id-token":"wlcsim-valid-yang-2"}}' > /dev/null
rc 2 POST $CLI '{"Cisco-IOS-XE-cli-rpc:input":{"config-clis":"license smart proxy address 10.0.0.1\nlicense smart proxy port 3128\nlicense smart url smart https://onprem.example/SmartTransport"}}' > "$TMP/cli-reply.json"
curl -sS -X POST -d '{"closed":2}' "$CTL/controllers/wlc-00003/rum-reports" > /dev/null
curl -sS -X POST -d '{}' "$CTL/controllers/wlc-00004/ack" > /dev/null
curl -sS -X POST -d '{"closed":1}' "$CTL/controllers/wlc-00004/rum-reports" > /dev/null

validate_all() {
  local phase=$1
  for n in 1 2 3 4 5; do
    rc $n GET $SMART | jq '{"Cisco-IOS-XE-native:native":{"license":{"smart":.["Cisco-IOS-XE-native:smart"]}}}' \
      > "$TMP/native-$n.json"
    check "$phase wlc-$n native license/smart" config "$TMP/native-$n.json" \
      Cisco-IOS-XE-native.yang Cisco-IOS-XE-call-home.yang
    rc $n GET /restconf/data/Cisco-IOS-XE-native:native > "$TMP/native-full-$n.json"
    check "$phase wlc-$n native" config "$TMP/native-full-$n.json" \
      Cisco-IOS-XE-native.yang Cisco-IOS-XE-call-home.yang
    rc $n GET $STATE | jq '{"cisco-smart-license:licensing":{"state":.["cisco-smart-license:state"]}}' \
      > "$TMP/state-$n.json"
    check "$phase wlc-$n licensing/state" data "$TMP/state-$n.json" cisco-smart-license.yang
    rc $n GET /restconf/data/cisco-smart-license:licensing > "$TMP/licensing-$n.json"
    check "$phase wlc-$n licensing" data "$TMP/licensing-$n.json" cisco-smart-license.yang
    if [ $n -ne 1 ]; then  # wlc-1 runs 17.9.1: no join count
      rc $n GET /restconf/data/Cisco-IOS-XE-wireless-ap-global-oper:ap-global-oper-data/emltd-join-count-stat |
        jq '{"Cisco-IOS-XE-wireless-ap-global-oper:ap-global-oper-data":{"emltd-join-count-stat":.["Cisco-IOS-XE-wireless-ap-global-oper:emltd-join-count-stat"]}}' \
        > "$TMP/ap-$n.json"
      check "$phase wlc-$n emltd-join-count-stat" data "$TMP/ap-$n.json" \
        Cisco-IOS-XE-wireless-ap-global-oper.yang
      rc $n GET /restconf/data/Cisco-IOS-XE-wireless-ap-global-oper:ap-global-oper-data \
        > "$TMP/apg-$n.json"
      check "$phase wlc-$n ap-global-oper-data" data "$TMP/apg-$n.json" \
        Cisco-IOS-XE-wireless-ap-global-oper.yang
    fi
  done
}

# Right after the trust RPCs: registration in progress.
validate_all "pending"
sleep 1.2
# Trust done: wlc-2 installed, wlc-3 failed (unknown token), wlc-5 installed.
grep -q reg-state-failed "$TMP/state-3.json" || true
validate_all "after-trust"
if ! jq -e '.["cisco-smart-license:licensing"].state["state-info"].registration["registration-state"] == "reg-state-failed"' \
     "$TMP/state-3.json" > /dev/null; then
  echo "FAIL wlc-3 should show reg-state-failed"; FAILS=$((FAILS + 1))
fi

# RPC replies, RESTCONF "output" wrapper renamed to the rpc name for yanglint.
jq '{"cisco-smart-license:id-token-trust": .["cisco-smart-license:output"]}' "$TMP/trust-reply.json" \
  > "$TMP/trust-reply-yang.json"
check "id-token-trust reply" reply "$TMP/trust-reply-yang.json" cisco-smart-license.yang
jq '{"Cisco-IOS-XE-cli-rpc:config-ios-cli-rpc": .["Cisco-IOS-XE-cli-rpc:output"]}' "$TMP/cli-reply.json" \
  > "$TMP/cli-reply-yang.json"
check "config-ios-cli-rpc reply" reply "$TMP/cli-reply-yang.json" Cisco-IOS-XE-cli-rpc.yang
MODELLED=/restconf/operations/Cisco-IOS-XE-cli-rpc:get-modelled-config-clis
echo '{"Cisco-IOS-XE-cli-rpc:input":{"datastore":"running"}}' > "$TMP/modelled-in.json"
rc 2 POST $MODELLED "$(cat "$TMP/modelled-in.json")" > "$TMP/modelled-reply.json"
jq '{"Cisco-IOS-XE-cli-rpc:get-modelled-config-clis": .["Cisco-IOS-XE-cli-rpc:output"]}' \
  "$TMP/modelled-reply.json" > "$TMP/modelled-reply-yang.json"
check "get-modelled-config-clis reply" reply "$TMP/modelled-reply-yang.json" Cisco-IOS-XE-cli-rpc.yang
if ! jq -e '.["Cisco-IOS-XE-cli-rpc:output"].result | contains("license smart proxy port 3128\n")' \
     "$TMP/modelled-reply.json" > /dev/null; then
  echo "FAIL get-modelled-config-clis should show the proxy port set by config-ios-cli-rpc"
  FAILS=$((FAILS + 1))
fi
jq '{"Cisco-IOS-XE-cli-rpc:get-modelled-config-clis": .["Cisco-IOS-XE-cli-rpc:input"]}' \
  "$TMP/modelled-in.json" > "$TMP/modelled-in-yang.json"
check "get-modelled-config-clis input" rpc "$TMP/modelled-in-yang.json" Cisco-IOS-XE-cli-rpc.yang
rc 3 POST $MODELLED '{"Cisco-IOS-XE-cli-rpc:input":{"datastore":"candidate"}}' |
  jq '{"Cisco-IOS-XE-cli-rpc:get-modelled-config-clis": .["Cisco-IOS-XE-cli-rpc:output"]}' \
  > "$TMP/modelled-cand-yang.json"
check "get-modelled-config-clis reply (candidate)" reply "$TMP/modelled-cand-yang.json" \
  Cisco-IOS-XE-cli-rpc.yang

# --- Second fleet: usage cycle on a fast clock, HA, versions, RPC variants. ---
kill "$SIM_PID" 2> /dev/null; wait "$SIM_PID" 2> /dev/null
cat > "$TMP/fleet2.json" << 'JSON'
[{"index": 0, "ha": true, "transport": "smart", "url_default": true},
 {"index": 1, "version": "17.3.1"},
 {"index": 2, "version": "17.17.1", "aps": 3},
 {"index": 3, "transport": "off", "aps": 4},
 {"index": 4, "aps": 2}]
JSON
rm -f "$TMP/stdout"
"$WLCSIM" --state-dir "$TMP/state2" --controllers 5 --trust-delay-ms 50 --clock-speed 60 \
  --fleet "$TMP/fleet2.json" > "$TMP/stdout" 2> "$TMP/stderr" &
SIM_PID=$!
for _ in $(seq 1 100); do
  grep -q '^wlcsim ready' "$TMP/stdout" 2> /dev/null && break
  sleep 0.1
done
M="$TMP/state2/manifest.json"
PORT=$(jq -r .port "$M")
PASS=$(jq -r .password "$M")
CTL=$(jq -r .control_url "$M")
CA=$(jq -r .ca_file "$M")
XE=/restconf/operations/Cisco-IOS-XE-rpc:license
rc 1 POST $XE '{"Cisco-IOS-XE-rpc:input":{"smart":{"trust":{"idtoken":"wlcsim-valid-yang-ha","all":[null]}}}}' > "$TMP/xe-trust-reply.json"
rc 3 POST $XE '{"Cisco-IOS-XE-rpc:input":{"smart":{"trust":{"idtoken":"wlcsim-valid-yang-3","local":[null]}}}}' > /dev/null
sleep 0.5
curl -sS -X POST -d '{"advance_seconds":2678400}' "$CTL/clock" > /dev/null  # 31 days
sleep 1
rc 4 POST $XE '{"Cisco-IOS-XE-rpc:input":{"smart":{"save":{"usage":{"unreported":{"file":"bootflash:rum.txt"}}}}}}' > "$TMP/xe-save-reply.json"
rc 5 POST /restconf/operations/cisco-smart-license:rum-save-usage-days '{"cisco-smart-license:input":{"file-path":"bootflash:d.txt","days":30}}' > "$TMP/sl-save-reply.json"
rc 5 POST /restconf/operations/cisco-smart-license:import-file '{"cisco-smart-license:input":{"file-path":"bootflash:nope.txt"}}' > "$TMP/sl-import-reply.json"
rc 4 POST $XE '{"Cisco-IOS-XE-rpc:input":{"smart":{"import":"bootflash:rum.txt"}}}' > "$TMP/xe-import-reply.json"
curl -sS -X POST "$CTL/controllers/wlc-00005/factory-reset" > /dev/null
for n in 1 2 3 4 5; do
  rc $n GET $STATE | jq '{"cisco-smart-license:licensing":{"state":.["cisco-smart-license:state"]}}' \
    > "$TMP/state2-$n.json"
  check "fleet2 wlc-$n licensing/state" data "$TMP/state2-$n.json" cisco-smart-license.yang
done
if ! jq -e '.["cisco-smart-license:licensing"].state["state-info"]["trust-code"] | length == 2' \
     "$TMP/state2-1.json" > /dev/null; then
  echo "FAIL wlc-1 (HA) should list two trust codes"; FAILS=$((FAILS + 1))
fi
if ! jq -e '.["cisco-smart-license:licensing"].state["state-info"].utility["reporting-times"]["last-report-time"]' \
     "$TMP/state2-1.json" > /dev/null; then
  echo "FAIL wlc-1 should show utility/reporting-times"; FAILS=$((FAILS + 1))
fi
if ! jq -e '.["cisco-smart-license:licensing"].state["state-info"]["rum-reports-closed-keys"][0]["report-state"] == "rum-report-state-unacknowledged"' \
     "$TMP/state2-4.json" > /dev/null; then
  echo "FAIL wlc-4 (off, saved) should list unacknowledged reports"; FAILS=$((FAILS + 1))
fi
AP=/restconf/data/Cisco-IOS-XE-wireless-access-point-oper:access-point-oper-data
for n in 3 5; do
  rc $n GET $AP > "$TMP/capwap-$n.json"
  check "fleet2 wlc-$n access-point-oper-data" data "$TMP/capwap-$n.json" \
    Cisco-IOS-XE-wireless-access-point-oper.yang Cisco-IOS-XE-wireless-general-cfg.yang
done
MAC=$(jq -r '.["Cisco-IOS-XE-wireless-access-point-oper:access-point-oper-data"]["capwap-data"][0]["wtp-mac"]' "$TMP/capwap-3.json")
rc 3 GET "$AP/capwap-data=${MAC//:/%3A}" |
  jq '{"Cisco-IOS-XE-wireless-access-point-oper:access-point-oper-data":{"capwap-data":.["Cisco-IOS-XE-wireless-access-point-oper:capwap-data"]}}' \
  > "$TMP/capwap-one.json"
check "fleet2 capwap-data=<mac> (17.17.1, ap-license)" data "$TMP/capwap-one.json" \
  Cisco-IOS-XE-wireless-access-point-oper.yang Cisco-IOS-XE-wireless-general-cfg.yang
for f in xe-trust xe-save xe-import; do
  jq '{"Cisco-IOS-XE-rpc:license": .["Cisco-IOS-XE-rpc:output"]}' "$TMP/$f-reply.json" > "$TMP/$f-yang.json"
  check "Cisco-IOS-XE-rpc:license reply ($f)" reply "$TMP/$f-yang.json" Cisco-IOS-XE-rpc.yang
done
jq '{"cisco-smart-license:rum-save-usage-days": .["cisco-smart-license:output"]}' "$TMP/sl-save-reply.json" > "$TMP/sl-save-yang.json"
check "rum-save-usage-days reply" reply "$TMP/sl-save-yang.json" cisco-smart-license.yang
jq '{"cisco-smart-license:import-file": .["cisco-smart-license:output"]}' "$TMP/sl-import-reply.json" > "$TMP/sl-import-yang.json"
check "import-file reply" reply "$TMP/sl-import-yang.json" cisco-smart-license.yang
# The RPC inputs the tests send validate too.
echo '{"Cisco-IOS-XE-rpc:license":{"smart":{"trust":{"idtoken":"wlcsim-valid-yang-ha","all":[null]}}}}' > "$TMP/in1.json"
check "Cisco-IOS-XE-rpc:license trust input" rpc "$TMP/in1.json" Cisco-IOS-XE-rpc.yang
echo '{"cisco-smart-license:rum-save-usage-days":{"file-path":"bootflash:d.txt","days":30}}' > "$TMP/in2.json"
check "rum-save-usage-days input" rpc "$TMP/in2.json" cisco-smart-license.yang

echo "$CHECKS checks, $FAILS failed"
[ "$FAILS" -eq 0 ]
