#!/usr/bin/env bash
# `make test`: every suite, in an order that overlaps the slow parts and fails early. The test
# Prometheus (data generation + promtool backfill, about a minute on one core) is prepared in
# the background while cargo lints, compiles and runs the native tests that do not need it and
# Trunk builds the release bundle; then the native tests against that Prometheus and the
# browser suite. Prometheus is stopped on exit.
# Each step prints one line with its time; its output is in target/logs/ (shown on failure),
# V=1 shows everything. STEP_BASE/STEP_TOTAL (from the Makefile) continue its numbering.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PWD/node_modules/.bin:$PATH"
V=${V:-0}
n=${STEP_BASE:-0}
total=${STEP_TOTAL:-$((n + 7))}
unset STEP_BASE STEP_TOTAL
mkdir -p target/logs

# A failed step's log: from the first compiler error when there is one, else its end.
show_failure() {
  local first
  first=$(grep -n -m1 -E '^error(\[E[0-9]+\])?:' "$1" | cut -d: -f1 || true)
  if [ -n "$first" ]; then
    printf -- '--- %s, from its first error (V=1 shows everything):\n' "$1"
    tail -n "+$first" "$1" | head -n "$2"
    if [ $((first + $2)) -le "$(wc -l <"$1")" ]; then
      printf -- '--- its last lines:\n'
      tail -n 5 "$1"
    fi
  else
    printf -- '--- last %d lines of %s (V=1 shows everything):\n' "$2" "$1"
    tail -n "$2" "$1"
  fi
}
banner() { n=$((n + 1)); printf '==> [%2d/%d] %s' "$n" "$total" "$1"; }
# step NAME TITLE CMD...: runs CMD with its output in target/logs/NAME.log (V=1: the terminal);
# prints "done in S s" (and $note, if CMD set it), or on failure the log's last $tail lines.
step() {
  local log=target/logs/$1.log title=$2 t0=$SECONDS rc=0
  shift 2
  note=
  banner "$title"
  if [ "$V" = 1 ]; then
    printf '\n'
    "$@" || rc=$?
    printf '==> [%2d/%d] %s: ' "$n" "$total" "$title"
  else
    printf ' … '
    "$@" >"$log" 2>&1 </dev/null || rc=$?
  fi
  if [ "$rc" != 0 ]; then
    printf 'FAILED after %d s (exit status %d)\n' $((SECONDS - t0)) "$rc"
    [ "$V" = 1 ] || show_failure "$log" "${tail:-40}"
    exit "$rc"
  fi
  printf 'done in %d s%s\n' $((SECONDS - t0)) "${note:+ — $note}"
}

# The test Prometheus in its own process group, so that everything it started (data
# generation, promtool, Prometheus, the kube-state-metrics page) stops with it.
rm -rf target/prom
prom_t0=$SECONDS
setsid tests/prometheus/up.sh target/prom >target/logs/prometheus.log 2>&1 </dev/null &
up=$!
cleanup() {
  for pid in target/prom/prometheus.pid target/prom/ksm.pid; do
    if [ -f "$pid" ]; then kill "$(cat "$pid")" 2>/dev/null || true; fi
  done
  kill -TERM -- "-$up" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The wasm32 clippy has its own build directory, so it overlaps the test data's native build.
lint() {
  cargo fmt --check &&
    cargo clippy --target wasm32-unknown-unknown --lib --bins -- -D warnings &&
    cargo clippy --all-targets -- -D warnings
}
step lint "lint: cargo fmt --check, clippy -D warnings (native all targets, wasm32 lib and bins)" lint

step test-build "native: compiling tests" cargo test --no-run

# Everything that does not need the test Prometheus runs while it is being prepared.
# native_tests ARGS...: cargo test with a pass/fail count for the banner.
native_tests() {
  cargo test "$@" 2>&1 | tee target/logs/native-tests.out
  local rc=${PIPESTATUS[0]}
  note=$(awk '/^test result:/ { p += $4; f += $6 } END { printf "%d passed, %d failed", p, f }' target/logs/native-tests.out)
  return "$rc"
}
tail=120 step native-tests "native: cargo test (unit, integration, interop fixtures, doc)" native_tests
# Tests that read ../shared/fixtures say once when the folder is missing (skipped; CI fails).
grep -h '^note: .* is missing' target/logs/native-tests.out | sort -u | sed 's/^/  /' || true

step dist "release bundle (make dist: trunk build --release)" make --no-print-directory dist
[ "$V" = 1 ] || grep -E "total$|_bg.wasm" target/logs/dist.log | sed 's/^/  /'

banner "test Prometheus (test data generated and backfilled in the background)"
if ! wait "$up"; then
  printf ' … FAILED after %d s; its log:\n' $((SECONDS - prom_t0))
  cat target/logs/prometheus.log
  exit 1
fi
printf ' … ready, %d s after it started\n' $((SECONDS - prom_t0))
[ "$V" != 1 ] || cat target/logs/prometheus.log
export HEADROOM_PROM_URL
HEADROOM_PROM_URL=$(cat target/prom/url)

tail=120 step native-prometheus "native: cargo test -- --ignored (against the real Prometheus)" native_tests --tests -- --ignored

tail=80 step e2e "browser end-to-end: headless Chromium against dist/" \
  node --test --test-concurrency=1 --test-reporter=spec tests/e2e/
grep -ho '[^ ]* is missing: interop fixture test skipped' target/logs/e2e.log | sort | uniq -c |
  sed 's/^ *\([0-9]*\) \(.*\)/  note: \2 (\1 browser tests)/' || true
