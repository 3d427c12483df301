#!/usr/bin/env bash
# Static checks of the Dockerfile (no Docker daemon needed):
#  - the builder installs the packages of .ci/packages.txt (reads the file);
#  - it configures and builds with the same CMake generator and build type as .ci/run;
#  - the runtime stage is non-root, ENTRYPOINT licensingd, CMD its config, exposes its ports;
#  - every shared library licensingd needs directly (readelf NEEDED) comes from a package the
#    runtime stage installs or the base image has.
# Usage: dockerfile_test.sh <source dir> [<licensingd binary>]
set -euo pipefail
SRC=$1 BIN=${2:-}
DF=$SRC/Dockerfile RUN=$SRC/.ci/run
fail() { echo "FAIL: $*"; exit 1; }

grep -q 'COPY .ci/packages.txt' "$DF" || fail "Dockerfile does not copy .ci/packages.txt"
grep -Eq "grep -v '\^#' /src/.ci/packages.txt" "$DF" || fail "Dockerfile does not install from .ci/packages.txt"

# The configure line of .ci/run and of the Dockerfile: same generator and build type.
ci_cfg=$(grep -E '^\s*cmake -S' "$RUN" | head -1)
df_cfg=$(grep -E 'cmake -S' "$DF" | head -1)
for flag in $(grep -oE -- '-G [A-Za-z]+|-DCMAKE_BUILD_TYPE=[A-Za-z]+' <<<"$ci_cfg" | tr ' ' '#'); do
  flag=${flag//#/ }
  grep -qF -- "$flag" <<<"$df_cfg" || fail "Dockerfile configure lacks '$flag' (.ci/run: $ci_cfg)"
done
grep -Eq 'cmake --build' "$DF" || fail "Dockerfile does not run cmake --build"
grep -q 'licensingd' <<<"$(grep -E 'cmake --build' "$DF")" || fail "Dockerfile does not build licensingd"

# Runtime stage: the last FROM onwards.
runtime=$(awk '/^FROM /{buf=""} {buf=buf $0 "\n"} END {printf "%s", buf}' "$DF")
grep -Eq '^FROM debian:12(-slim)?' <<<"$runtime" || fail "runtime is not Debian 12"
user=$(grep -E '^USER ' <<<"$runtime" | tail -1 | awk '{print $2}')
[[ -n $user && ${user%%:*} != 0 && ${user%%:*} != root ]] || fail "runtime runs as root (USER '$user')"
grep -Eq '^ENTRYPOINT \["/usr/local/bin/licensingd"\]' <<<"$runtime" || fail "ENTRYPOINT is not licensingd"
grep -Eq '^CMD \["--config", "[^"]+"\]' <<<"$runtime" || fail "CMD is not --config <file>"
for port in 50051 9464; do
  grep -Eq "^EXPOSE .*\b$port\b" <<<"$runtime" || fail "runtime does not EXPOSE $port"
done

if [[ -n $BIN && -x $BIN ]] && command -v readelf >/dev/null && command -v dpkg >/dev/null; then
  installed=$(sed -n '/apt-get install/,/rm -rf/p' <<<"$runtime" | tr ' \\' '\n\n' | grep -E '^[a-z0-9][a-z0-9.+-]+$' || true)
  # In debian:12-slim already (essential or required by apt).
  base="libc6 libgcc-s1 libstdc++6 zlib1g libzstd1 libgnutls30 libsystemd0"
  missing=()
  for lib in $(readelf -d "$BIN" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
    path=$(ldconfig -p | awk -v l="$lib" '$1 == l && !found {print $NF; found = 1}')
    [[ -n $path ]] || continue
    pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -1 | cut -d: -f1) || true
    [[ -z $pkg ]] && pkg=$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1) || true
    [[ -z $pkg ]] && continue
    grep -qx "$pkg" <<<"$installed" && continue
    [[ " $base " == *" $pkg "* ]] && continue
    missing+=("$pkg ($lib)")
  done
  ((${#missing[@]} == 0)) || fail "runtime stage lacks packages for licensingd's libraries: ${missing[*]}"
  echo "runtime packages cover licensingd's $(readelf -d "$BIN" | grep -c NEEDED) direct libraries"
else
  echo "(no licensingd binary given: library check skipped)"
fi
echo "Dockerfile: ok"
