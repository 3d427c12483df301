#!/usr/bin/env bash
# Runs every libFuzzer target of BUILD_DIR (configured with -DWLC_FUZZ=ON, see tests/fuzz/README.md)
# for SECONDS_PER_TARGET seconds each: first it replays the target's regression inputs
# (tests/fuzz/regressions/<target>/), then fuzzes a scratch copy of its seed corpus
# (tests/fuzz/corpus/<target>/; the tree is never written) with its dictionary
# (tests/fuzz/dict/<target>.dict) when there is one. Prints the executions per target and
# exits non-zero on any crash, leak, timeout or out-of-memory; the input that failed is kept in
# $FUZZ_ARTIFACTS (default BUILD_DIR/fuzz-artifacts) for tests/fuzz/regressions/.
#
#   tests/fuzz/run.sh build/ci-fuzz 25
#   FUZZ_TARGETS="config label_selector" tests/fuzz/run.sh build/ci-fuzz 60
set -uo pipefail
if [[ $# -ne 2 ]]; then
  echo "usage: $0 BUILD_DIR SECONDS_PER_TARGET" >&2
  exit 2
fi
BUILD=$1
SECONDS_PER_TARGET=$2
HERE=$(cd "$(dirname "$0")" && pwd)
TARGETS=${FUZZ_TARGETS:-restconf_request licensing_state rum_reports syslog_line config label_selector cli_grammar}
ARTIFACTS=${FUZZ_ARTIFACTS:-$BUILD/fuzz-artifacts}
# Cisco's sample payloads seed licensing_state too (read in place: they are not copied into the tree).
SHARED=${WLC_SHARED_DIR:-$HERE/../../../shared}
mkdir -p "$ARTIFACTS"
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
# Leaks fail the run; UB aborts with a stack (the libraries are built -fno-sanitize-recover).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
COMMON=(-rss_limit_mb=2048 -timeout=10 -print_final_stats=1 -artifact_prefix="$ARTIFACTS/")

failed=()
printf '%-18s %12s %s\n' target executions result >"$SCRATCH/summary"
for t in $TARGETS; do
  bin=$BUILD/tests/fuzz/fuzz_$t
  if [[ ! -x $bin ]]; then
    echo "== $t: $bin is missing (build the 'fuzzers' target)" >&2
    failed+=("$t")
    continue
  fi
  log=$SCRATCH/$t.log
  result=ok
  regressions=$HERE/regressions/$t
  if compgen -G "$regressions/*" >/dev/null; then
    echo "== $t: replaying $(ls "$regressions" | wc -l) regression inputs"
    if ! "$bin" "${COMMON[@]}" "$regressions"/* </dev/null >"$log.replay" 2>&1; then
      tail -n 40 "$log.replay" >&2
      result="regression failed"
    fi
  fi
  if [[ $result == ok ]]; then
    echo "== $t: fuzzing for ${SECONDS_PER_TARGET}s"
    mkdir -p "$SCRATCH/corpus/$t"
    cp -r "$HERE/corpus/$t/." "$SCRATCH/corpus/$t/" 2>/dev/null || true
    seeds=("$SCRATCH/corpus/$t")
    dict=()
    [[ -f $HERE/dict/$t.dict ]] && dict=(-dict="$HERE/dict/$t.dict")
    if [[ $t == licensing_state && -d $SHARED/yang/examples ]]; then
      seeds+=("$SHARED/yang/examples")
    fi
    if ! "$bin" "${COMMON[@]}" "${dict[@]}" -max_total_time="$SECONDS_PER_TARGET" "${seeds[@]}" \
        </dev/null >"$log" 2>&1; then
      tail -n 60 "$log" >&2
      result="FAILED (input in $ARTIFACTS)"
    fi
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" 2>/dev/null | tail -n 1)
  printf '%-18s %12s %s\n' "$t" "${execs:--}" "$result" >>"$SCRATCH/summary"
  [[ $result == ok ]] || failed+=("$t")
done
cat "$SCRATCH/summary"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: all targets passed"
