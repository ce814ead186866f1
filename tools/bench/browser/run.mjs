// `make bench`, browser section: serves dist/ (gzipped) on 127.0.0.1, drives headless Chromium
// through the scenario groups (startup, entities, prometheus, files) on generated data and the
// real test Prometheus, prints one line per figure (measured, budget, same-run baseline,
// pass/fail), the machine, `N passed, M failed`, and writes target/bench/latest.json.
//   node tools/bench/browser/run.mjs        BENCH_ONLY=startup,entities  BENCH_RUNS=5
//   BENCH_PROM_URL=http://127.0.0.1:9090 reuses a running test Prometheus (else up.sh starts one)
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { launch } from '../../../tests/e2e/lib.mjs';
import { benchServer, ROOT, OUT, DATA, RUNS } from './harness.mjs';
import { ensureData } from './data.mjs';
import * as startup from './startup.mjs';
import * as entities from './entities.mjs';
import * as prometheus from './prometheus.mjs';
import * as files from './files.mjs';
import * as bundle from './bundle.mjs';

const GROUPS = { startup, entities, prometheus, files };
const only = (process.env.BENCH_ONLY || Object.keys(GROUPS).join(',')).split(',');

/** The test Prometheus: BENCH_PROM_URL, or one started here (and stopped at the end). */
function startPrometheus() {
  if (process.env.BENCH_PROM_URL) return { url: process.env.BENCH_PROM_URL, stop() {} };
  const dir = resolve(ROOT, 'target/prom-bench');
  process.stderr.write('starting the test Prometheus (tests/prometheus/up.sh, ~1.5 min) … ');
  try {
    execFileSync(resolve(ROOT, 'tests/prometheus/up.sh'), [dir], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    console.error(`failed: ${String(e.stderr).slice(-400)}`);
    return { url: null, stop() {} };
  }
  const url = readFileSync(resolve(dir, 'url'), 'utf8').trim();
  console.error(url);
  const pids = ['prometheus.pid', 'ksm.pid'].map((f) => Number(readFileSync(resolve(dir, f), 'utf8')));
  return { url, stop: () => pids.forEach((p) => { try { process.kill(p); } catch {} }) };
}

/**
 * Waits until a just-started Prometheus is idle (under 5% of a core over 2 s, by its own
 * `process_cpu_seconds_total`; at most 2 minutes): it loads and compacts the backfilled blocks
 * first, and a server in production is past that.
 */
async function settled(url) {
  const cpu = async () => Number((await (await fetch(`${url}/metrics`)).text()).match(/^process_cpu_seconds_total (\S+)$/m)?.[1]);
  const t0 = Date.now();
  for (let last = await cpu(); Date.now() - t0 < 120_000;) {
    await new Promise((ok) => setTimeout(ok, 2000));
    const now = await cpu();
    if (!(now - last > 0.1)) break;
    last = now;
  }
  process.stderr.write(`the test Prometheus settled after ${Math.round((Date.now() - t0) / 1000)} s\n`);
}

const fmt = (f, v) => (v == null || Number.isNaN(v) ? 'n/a' : `${v < 10 && f.unit && f.unit !== 'KB' ? v.toFixed(2) : Math.round(v)}${f.unit ? ` ${f.unit}` : ''}`);
const verdict = (f) => (f.value == null ? 'not measured' : Number.isNaN(f.value) ? 'FAIL' : (f.higher ? f.value >= f.budget : f.value <= f.budget) ? 'pass' : 'FAIL');

function line(f) {
  const budget = f.budget == null ? '—' : f.budgetIsBaseline ? '≤ 1.0× baseline' : `${f.higher ? '≥' : '≤'} ${fmt(f, f.budget)}`;
  const base = f.baseline == null ? '—' : `${fmt(f, f.baseline)}${f.budgetIsBaseline ? ` (${(f.value / f.baseline).toFixed(2)}×)` : ''}`;
  const v = f.budget == null ? '' : verdict(f);
  return `${f.name.padEnd(62)} ${fmt(f, f.value).padStart(10)}  ${budget.padEnd(17)} ${base.padEnd(18)} ${v}`;
}

async function main() {
  const data = ensureData();
  mkdirSync(OUT, { recursive: true });
  // Started for its own group only (and stopped after it): its scrapes and compactions must not
  // run beside the other groups' timings.
  const none = { url: null, stop() {} };
  let prom = none;
  for (const n of [10000, 100000]) {
    writeFileSync(resolve(DATA, `k8s-${n}-config.json`), JSON.stringify({ title: `bench: ${n} entities`, sources: [{ name: 'k8s', kind: 'kubernetes', url: `/bench/k8s-${n}.json` }] }));
  }
  for (const [name, cfg] of Object.entries(files.configs)) writeFileSync(resolve(DATA, name), JSON.stringify(cfg));
  const extra = {};
  for (const name of ['k8s-10000.json', 'k8s-100000.json', 'k8s-10000-config.json', 'k8s-100000-config.json', 'samples-1m-v2.prom', 'big-30mb.prom', 'samples.json', 'big30.json', 'slo500.json', 'prom.json']) extra[`/bench/${name}`] = resolve(DATA, name);
  const app = await benchServer(extra);
  const browser = await launch();
  const machine = { cpu: cpus()[0]?.model, cores: cpus().length, chromium: browser.version(), node: process.version, runs: RUNS };
  console.log(`machine: ${machine.cpu}, ${machine.cores} cores, Chromium ${machine.chromium}, Node ${machine.node}; median of ${RUNS} runs, loopback`);
  console.log(`${'figure'.padEnd(62)} ${'measured'.padStart(10)}  ${'budget'.padEnd(17)} ${'baseline'.padEnd(18)} result`);
  const figures = [];
  try {
    for (const g of only) {
      let got;
      if (g === 'prometheus') {
        prom = startPrometheus();
        if (prom.url) {
          prometheus.writeConfigs(prom.url);
          await settled(prom.url);
        }
      }
      try {
        got = await GROUPS[g].run({ browser, app, promUrl: prom.url, data });
      } catch (e) {
        got = [{ name: `${g}: scenario failed`, value: NaN, budget: 0, note: e.message.split('\n')[0] }];
      }
      prom.stop();
      prom = none;
      for (const f of got) { figures.push({ group: g, ...f, result: f.budget == null ? 'info' : verdict(f) }); console.log(line(f)); }
    }
  } finally {
    await browser.close();
    await app.close();
    prom.stop();
  }
  for (const f of figures.filter((f) => f.note)) console.log(`  ${f.name}: ${f.note}`);
  const passed = figures.filter((f) => f.result === 'pass').length, failed = figures.filter((f) => f.result === 'FAIL').length;
  const skipped = figures.filter((f) => f.result === 'not measured').length;
  const wasm = bundle.breakdown(ROOT);
  bundle.print(wasm);
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} not measured` : ''}`);
  writeFileSync(resolve(OUT, 'latest.json'), `${JSON.stringify({ date: new Date().toISOString(), machine, figures, passed, failed, bundle: wasm }, null, 1)}\n`);
}

await main();
