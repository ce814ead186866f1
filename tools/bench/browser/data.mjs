// Generated inputs of the browser bench, written once into target/bench/data/ (kept between
// runs; deterministic): Kubernetes lists of 10,000 and 100,000 Deployments, an exposition file
// of 50 series × 20,000 timestamped samples (1,000,000 samples) and a 30 MB exposition file.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DATA } from './harness.mjs';

/** The same shape as the e2e inventory test's list (tests/e2e/inventory.test.mjs). */
function k8sList(n) {
  const items = [];
  for (let i = 0; i < n; i++) {
    items.push({ kind: 'Deployment', metadata: { name: `svc-${i}`, namespace: `ns-${i % 40}`, labels: { 'app.kubernetes.io/name': `svc-${i % 700}`, team: `team-${i % 23}` } },
      spec: { replicas: 1 + (i * 7919) % 9, template: { spec: { containers: [{ image: `reg/svc:${i % 5}.0.0` }] } } }, status: { availableReplicas: i % 4 } });
  }
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
}

export const SERIES = 50, POINTS = 20000, STEP_MS = 60000;
export const T_END = Date.UTC(2026, 9, 1);
export const T0 = T_END - (POINTS - 1) * STEP_MS;

/** 50 gauges sampled every minute for 20,000 minutes, one line per sample (ms timestamps). */
function samples() {
  // Short lines (~28 bytes): the app drops responses over 32 MB.
  const out = ['# TYPE b gauge'];
  for (let s = 0; s < SERIES; s++) {
    for (let i = 0; i < POINTS; i++) {
      const v = 100 + 50 * Math.sin((i + s * 97) / 300) + ((i * 31 + s) % 17);
      out.push(`b{s="${s}"} ${v.toFixed(0)} ${T0 + i * STEP_MS}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** ~30 MB: 60,000 services' build info and 240,000 request counters (like a big /metrics). */
function big(targetBytes) {
  const out = ['# TYPE app_build_info gauge'];
  const n = 60000;
  for (let i = 0; i < n; i++) out.push(`app_build_info{service="svc-${i}",version="1.${i % 7}.${i % 13}",team="team-${i % 23}"} 1`);
  out.push('# TYPE http_requests_total counter');
  let size = out.join('\n').length;
  for (let i = 0; size < targetBytes; i++) {
    const line = `http_requests_total{service="svc-${i % n}",code="${i % 9 ? 200 : 500}",path="/api/v1/items/${i}",method="GET"} ${1000 + i}`;
    out.push(line); size += line.length + 1;
  }
  return `${out.join('\n')}\n`;
}

const FILES = {
  'k8s-10000.json': () => k8sList(10000),
  'k8s-100000.json': () => k8sList(100000),
  'samples-1m-v2.prom': samples,
  'big-30mb.prom': () => big(30e6),
};

/** Writes what is missing and returns { name: path }. */
export function ensureData() {
  mkdirSync(DATA, { recursive: true });
  const paths = {};
  for (const [name, make] of Object.entries(FILES)) {
    paths[name] = resolve(DATA, name);
    if (!existsSync(paths[name]) || statSync(paths[name]).size === 0) writeFileSync(paths[name], make());
  }
  return paths;
}
