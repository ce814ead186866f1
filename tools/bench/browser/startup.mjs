// Cold open of the demo: what is downloaded before the first paint (gzipped, as served, the
// demo data excluded), navigation → first chart with data painted, navigation → SLO list
// populated (every row answered), the longest task of the load, and the Wasm compiled on first
// call on the way (traced). Fresh context per run.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fresh, untilPainted, longest, medianOf, OUT, DIST } from './harness.mjs';

// A series' line (2 px): the axes are polylines too, in a chart with no data as well.
const CHART = { sel: '.chart-svg svg polyline[stroke-width="2"]' };
const SLOS = { sel: 'tr[data-slo]', gone: 'tr[data-slo].row-pending' };

async function coldOpen(browser, url, spec) {
  const page = await fresh(browser);
  await page.goto(url, { waitUntil: 'commit' });
  const { at } = await page.evaluate(untilPainted, spec);
  return { ms: at, long: await longest(page), page };
}

/** Bytes (encoded body, i.e. gzipped as served) of what started before first-contentful-paint. */
async function firstPaintBytes(page) {
  await page.waitForFunction(() => performance.getEntriesByType('paint').some((p) => p.name === 'first-contentful-paint'));
  return page.evaluate(() => {
    const fcp = performance.getEntriesByType('paint').find((p) => p.name === 'first-contentful-paint').startTime;
    const all = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
    const demo = (u) => /\/(demo\/|headroom\.json)/.test(new URL(u).pathname);
    const mine = all.filter((e) => e.startTime <= fcp && !demo(e.name));
    return { bytes: mine.reduce((s, e) => s + e.encodedBodySize, 0), files: mine.map((e) => `${new URL(e.name).pathname} ${e.encodedBodySize}`) };
  });
}

/**
 * The same download with the start-up floor's Wasm and glue (`make bench` builds it into
 * target/bench/floor-dist: every page but the Overview left out), gzipped as served.
 */
function floorBytes(files) {
  const dir = resolve(OUT, 'floor-dist');
  if (!existsSync(dir)) return { note: 'not built (make bench builds it)' };
  const find = (d, end) => readdirSync(d).find((n) => /^headroom-[0-9a-f]+/.test(n) && n.endsWith(end));
  const shipped = existsSync(DIST) && find(DIST, '_bg.wasm');
  const floorWasm = find(dir, '_bg.wasm');
  // Built before dist/ was, it is another build's floor.
  if (!floorWasm || (shipped && statSync(resolve(dir, floorWasm)).mtimeMs < statSync(resolve(DIST, shipped)).mtimeMs)) {
    return { note: 'older than dist/ (make bench builds it again)' };
  }
  const gz = (end) => gzipSync(readFileSync(resolve(dir, find(dir, end))), { level: 9 }).length;
  const wasm = gz('_bg.wasm'), glue = gz('.js');
  let bytes = 0;
  for (const [path, size] of files.map((f) => f.split(' '))) {
    if (/\/headroom-[0-9a-f]+_bg\.wasm$/.test(path)) bytes += wasm;
    else if (/\/headroom-[0-9a-f]+\.js$/.test(path)) bytes += glue;
    else bytes += Number(size);
  }
  return { bytes, note: `Wasm ${Math.round(wasm / 1024)} KB gz: what the Overview alone needs, the most that splitting the Wasm by page could leave to load later` };
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
  const chart = await medianOf(async () => {
    const r = await coldOpen(browser, app.url, CHART);
    await r.page.context().close();
    return { ms: r.ms, long: r.long };
  });
  const first = await coldOpen(browser, app.url, CHART);
  const { bytes, files } = await firstPaintBytes(first.page);
  await first.page.context().close();
  const floor = floorBytes(files);
  const list = await medianOf(async () => {
    const r = await coldOpen(browser, `${app.url}#/slos`, SLOS);
    await r.page.context().close();
    return { ms: r.ms, long: r.long };
  });
  const lazy = await lazyCompile(browser, app.url);
  return [
    { name: 'downloaded before first paint, gz (demo data excluded)', value: bytes / 1024, unit: 'KB', budget: 300, note: files.join(', ') },
    { name: 'the same, floor: the Overview\'s code alone (no other page)', value: floor.bytes == null ? null : floor.bytes / 1024, unit: 'KB', budget: 300, note: floor.note },
    { name: 'cold open demo → first chart with data', value: chart.ms, unit: 'ms', budget: 500 },
    { name: 'cold open demo → SLO list populated', value: list.ms, unit: 'ms', budget: 800 },
    { name: 'cold open demo: longest task', value: Math.max(chart.long, list.long), unit: 'ms', budget: 100 },
    { name: 'cold open demo: Wasm compiled on first call, to first chart', value: lazy.cpu, unit: 'ms', note: `${lazy.n} functions, ${Math.round(lazy.wall)} ms wall, on the main thread (V8 compiles Wasm lazily; one traced run)` },
  ];
}
