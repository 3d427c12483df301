#!/usr/bin/env bash
# Memory per kept-alive TLS connection with Debian's two libcurl flavours (OpenSSL, GnuTLS), in
# the same run against the same wlcsim fleet: the floor under the service's RSS at 10,000
# controllers (docs/benchmarks.md). Needs gcc, libcurl4-openssl-dev, libcurl3-gnutls, libssl-dev.
#   tests/bench/tls_connection_memory.sh <path/to/wlcsim> [controllers=2000]
set -euo pipefail
WLCSIM=${1:?usage: tls_connection_memory.sh <wlcsim> [controllers]}
N=${2:-2000}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
SIM=
cleanup() { [[ -n $SIM ]] && kill "$SIM" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
gcc -O2 -o "$WORK/openssl" "$HERE/tls_connection_memory.c" -lcurl -lssl
gcc -O2 -o "$WORK/gnutls" "$HERE/tls_connection_memory.c" \
  /usr/lib/x86_64-linux-gnu/libcurl-gnutls.so.4 -lssl
"$WLCSIM" --state-dir "$WORK/sim" --controllers "$N" --first-address 127.5.0.1 >"$WORK/sim.log" 2>&1 &
SIM=$!
until [[ -s $WORK/sim/manifest.json ]]; do sleep 0.05; done
/usr/bin/python3 - "$WORK" <<'PY'
import json, sys
w = sys.argv[1]
m = json.load(open(f"{w}/sim/manifest.json"))
open(f"{w}/urls.txt", "w").write("\n".join(
    c["base_url"] + "/restconf/data/cisco-smart-license:licensing/state" for c in m["controllers"]))
open(f"{w}/auth.txt", "w").write(m["username"] + ":" + m["password"])
PY
for flavour in openssl gnutls; do
  "$WORK/$flavour" "$WORK/urls.txt" "$WORK/sim/ca.pem" "$(cat "$WORK/auth.txt")"
done
