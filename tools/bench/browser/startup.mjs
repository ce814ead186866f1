// Cold open of the demo: what is downloaded before the first paint and before the first chart
// (gzipped, as served, the demo data excluded), navigation → first chart with data painted,
// navigation → SLO list populated (every row answered), the longest task of the load, the Wasm
// compiled on first call on the way (traced), and the first paint and chart on an emulated
// network. A fresh context per run, navigated once the machine is idle (`harness.quiet`).
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fresh, untilPainted, longest, median, medianOf, DIST } from './harness.mjs';

// A series' line (2 px): the axes are polylines too, in a chart with no data as well.
const CHART = { sel: '.chart-svg svg polyline[stroke-width="2"]' };
const SLOS = { sel: 'tr[data-slo]', gone: 'tr[data-slo].row-pending' };

async function coldOpen(browser, url, spec) {
  const page = await fresh(browser);
  await page.goto(url, { waitUntil: 'commit' });
  const { at } = await page.evaluate(untilPainted, spec);
  return { ms: at, long: await longest(page), page };
}

/**
 * Bytes (encoded body, i.e. gzipped as served) of what started before first-contentful-paint,
 * and before `chartAt` (the first chart's paint).
 */
async function startedBytes(page, chartAt) {
  await page.waitForFunction(() => performance.getEntriesByType('paint').some((p) => p.name === 'first-contentful-paint'));
  return page.evaluate((chartAt) => {
    const fcp = performance.getEntriesByType('paint').find((p) => p.name === 'first-contentful-paint').startTime;
    const all = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
    const demo = (u) => /\/(demo\/|headroom\.json)/.test(new URL(u).pathname);
    const before = (t) => all.filter((e) => e.startTime <= t && !demo(e.name));
    const sum = (es) => es.reduce((s, e) => s + e.encodedBodySize, 0);
    const mine = before(fcp);
    return { bytes: sum(mine), files: mine.map((e) => `${new URL(e.name).pathname} ${e.encodedBodySize}`), toChart: sum(before(chartAt)) };
  }, chartAt);
}

// An emulated network for one figure: what a slower link makes of the download sizes.
const NET = { mbps: 10, rtt: 40 };

/** Cold opens on the emulated network: first paint and first chart (median of 3). */
async function onNetwork(browser, url) {
  return medianOf(async () => {
    const page = await fresh(browser);
    await page.cdp.send('Network.enable');
    const bytesPerS = NET.mbps * 125000;
    await page.cdp.send('Network.emulateNetworkConditions', { offline: false, latency: NET.rtt, downloadThroughput: bytesPerS, uploadThroughput: bytesPerS });
    await page.goto(url, { waitUntil: 'commit' });
    const { at } = await page.evaluate(untilPainted, { ...CHART, timeout: 60000 });
    const paint = await page.evaluate(() => performance.getEntriesByType('paint').find((p) => p.name === 'first-contentful-paint')?.startTime ?? NaN);
    await page.context().close();
    return { paint, chart: at };
  }, 3);
}

/**
 * The Wasm modules of dist/, gzipped: the main one (the boot screen and the config's reading:
 * all the first paint downloads), and the others with the chunks they share (src/ui/pages.rs):
 * the shell (the top bar, the Overview, the SLO list and all loading), asked for right after
 * the first paint; the other pages, when one is first opened or pointed at; the config errors
 * reader, for a config that does not read.
 */
function modules() {
  const gz = (f) => gzipSync(readFileSync(resolve(DIST, f)), { level: 9 }).length / 1024;
  const wasm = readdirSync(DIST).filter((f) => /^headroom-[0-9a-f]{16}.*\.wasm$/.test(f));
  const main = wasm.find((f) => f.endsWith('_bg.wasm'));
  const pages = wasm.filter((f) => /-split_\w+\.wasm$/.test(f)).map((f) => [f.match(/-split_(\w+)\.wasm$/)[1], gz(f)]);
  const chunks = wasm.filter((f) => /-chunk_\d+\.wasm$/.test(f));
  const shared = chunks.reduce((a, f) => a + gz(f), 0);
  const kb = (x) => `${Math.round(x)} KB`;
  return {
    main: main ? gz(main) : null,
    later: pages.reduce((a, [, x]) => a + x, 0) + shared,
    note: `main ${main ? kb(gz(main)) : '?'}; later: ${pages.map(([n, x]) => `${n} ${kb(x)}`).join(', ')}, ${chunks.length} shared chunks ${kb(shared)}`,
  };
}

/**
 * One more cold open to the first chart, traced (category v8.wasm): the Wasm functions V8
 * compiled on their first call (it compiles lazily, on the calling thread) and their thread
 * time. What the start-up path's code costs before any of it has run once.
 */
async function lazyCompile(browser, url) {
  const page = await fresh(browser);
  const events = [];
  page.cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((ok) => page.cdp.once('Tracing.tracingComplete', ok));
  await page.cdp.send('Tracing.start', { categories: 'v8.wasm', transferMode: 'ReportEvents' });
  await page.goto(url, { waitUntil: 'commit' });
  await page.evaluate(untilPainted, CHART);
  await page.cdp.send('Tracing.end');
  await complete;
  await page.context().close();
  const lazy = events.filter((e) => e.name === 'wasm.CompileLazy' && e.dur);
  return { n: lazy.length, cpu: lazy.reduce((a, e) => a + (e.tdur ?? e.dur), 0) / 1000, wall: lazy.reduce((a, e) => a + e.dur, 0) / 1000 };
}

export async function run({ browser, app }) {
  const runs = { chart: [], list: [] }, started = [];
  // Each cold open's bytes too: whether the shell is asked for before the first paint depends
  // on when that paint comes (one bench run read 740 KB, the others 216).
  const chart = await medianOf(async () => {
    const r = await coldOpen(browser, app.url, CHART);
    started.push(await startedBytes(r.page, r.ms));
    await r.page.context().close();
    runs.chart.push(Math.round(r.ms));
    return { ms: r.ms, long: r.long };
  });
  const bytes = median(started.map((s) => s.bytes)), toChart = median(started.map((s) => s.toChart));
  const { files } = started.find((s) => s.bytes === bytes);
  const split = modules();
  const list = await medianOf(async () => {
    const r = await coldOpen(browser, `${app.url}#/slos`, SLOS);
    await r.page.context().close();
    runs.list.push(Math.round(r.ms));
    return { ms: r.ms, long: r.long };
  });
  const lazy = await lazyCompile(browser, app.url);
  const net = await onNetwork(browser, app.url);
  return [
    { name: 'downloaded before first paint, gz (demo data excluded)', value: bytes / 1024, unit: 'KB', budget: 300, note: `each run, KB: ${started.map((s) => Math.round(s.bytes / 1024)).join(', ')}; ${files.join(', ')}` },
    { name: 'downloaded before the first chart, gz (demo data excluded)', value: toChart / 1024, unit: 'KB', note: 'the main module, then the shell with its chunks' },
    { name: 'Wasm split: the main module, gz (all the first paint needs)', value: split.main, unit: 'KB', note: split.note },
    { name: 'Wasm split: the other modules and shared chunks, gz', value: split.later, unit: 'KB', note: 'not downloaded before the first paint' },
    { name: 'cold open demo → first chart with data', value: chart.ms, unit: 'ms', budget: 500, note: `each run, ms: ${runs.chart.join(', ')}` },
    { name: 'cold open demo → SLO list populated', value: list.ms, unit: 'ms', budget: 800, note: `each run, ms: ${runs.list.join(', ')}` },
    { name: 'cold open demo: longest task', value: Math.max(chart.long, list.long), unit: 'ms', budget: 100 },
    { name: `cold open demo at ${NET.mbps} Mbps, ${NET.rtt} ms round trip (emulated) → first paint`, value: net.paint, unit: 'ms', note: 'median of 3' },
    { name: `cold open demo at ${NET.mbps} Mbps, ${NET.rtt} ms round trip (emulated) → first chart with data`, value: net.chart, unit: 'ms', note: 'median of 3' },
    { name: 'cold open demo: Wasm compiled on first call, to first chart', value: lazy.cpu, unit: 'ms', note: `${lazy.n} functions, ${Math.round(lazy.wall)} ms wall, on the main thread (V8 compiles Wasm lazily; one traced run)` },
  ];
}
