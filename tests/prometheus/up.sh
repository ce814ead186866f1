#!/usr/bin/env bash
# Starts a real Prometheus (Debian's package) on a free loopback port with the deterministic
# test data backfilled by promtool, and writes its URL to WORKDIR/url when it is ready.
#   tests/prometheus/up.sh WORKDIR      (stop: kill "$(cat WORKDIR/prometheus.pid)" "$(cat WORKDIR/ksm.pid)")
set -euo pipefail
dir=${1:?usage: up.sh WORKDIR}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$dir" && mkdir -p "$dir"
cargo run --quiet --bin gen-testdata -- "$dir/data.om"
promtool tsdb create-blocks-from openmetrics -q "$dir/data.om" "$dir/tsdb" >/dev/null
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
port=$(free_port)
ksm_port=$(free_port)
# A kube-state-metrics look-alike: the static page tests/prometheus/ksm.prom, scraped live.
node "$here/../e2e/serve.mjs" --dir "$here" --port "$ksm_port" >"$dir/ksm.log" 2>&1 &
echo $! >"$dir/ksm.pid"
cp "$here/prometheus.yml" "$here/rules.yml" "$dir/"
sed -i "s/__PORT__/$port/; s/__KSM_PORT__/$ksm_port/" "$dir/prometheus.yml"
prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/tsdb" \
  --storage.tsdb.retention.time=3650d --web.listen-address="127.0.0.1:$port" \
  --web.cors.origin='.*' --log.level=warn >"$dir/prometheus.log" 2>&1 &
echo $! >"$dir/prometheus.pid"
for _ in $(seq 1 120); do
  if curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null; then
    echo "http://127.0.0.1:$port" >"$dir/url"
    echo "Prometheus ready at http://127.0.0.1:$port (data in $dir)"
    exit 0
  fi
  sleep 0.5
done
echo "Prometheus did not become ready; its log:" >&2
cat "$dir/prometheus.log" >&2
exit 1
