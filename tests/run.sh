#!/usr/bin/env bash
# `make test`: every suite, in an order that overlaps the slow parts. The test Prometheus
# (data generation + promtool backfill, about a minute on one core) is prepared in the
# background while cargo compiles; native tests (unit + integration against that Prometheus),
# then the release bundle, then the browser suite. Prometheus is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target
rm -rf target/prom
tests/prometheus/up.sh target/prom >target/prom-up.log 2>&1 &
up=$!
cleanup() {
  for pid in target/prom/prometheus.pid target/prom/ksm.pid; do
    if [ -f "$pid" ]; then kill "$(cat "$pid")" 2>/dev/null || true; fi
  done
  kill "$up" 2>/dev/null || true
}
trap cleanup EXIT

echo "== native: compiling tests"
cargo test --quiet --no-run
if ! wait "$up"; then
  echo "The test Prometheus could not be started:" >&2
  cat target/prom-up.log >&2
  exit 1
fi
cat target/prom-up.log
export HEADROOM_PROM_URL
HEADROOM_PROM_URL=$(cat target/prom/url)

echo "== native: cargo test (unit, interop fixtures, real Prometheus)"
cargo test --quiet -- --include-ignored 2>&1 | tee target/native-test.log
awk '/^test result:/ { p += $4; f += $6 } END { printf "native suite: %d passed, %d failed\n", p, f; exit (f > 0) }' target/native-test.log

echo "== release bundle"
make --no-print-directory dist >target/dist.log 2>&1 || { cat target/dist.log; exit 1; }
grep -E "total$|_bg.wasm" target/dist.log

echo "== browser end-to-end: headless Chromium against dist/"
node --test --test-concurrency=1 tests/e2e/
