// Shared pieces of the browser bench: a server that gzips like a real static server (reusing
// tests/e2e/serve.mjs through its `extra` routes), pages instrumented for long tasks, event
// timing and the Wasm memory, "until painted" waits, CDP request and heap probes, medians.
import { gzipSync } from 'node:zlib';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { DIST, ROOT, serve, open } from '../../../tests/e2e/lib.mjs';

export { ROOT, DIST };
export const OUT = resolve(ROOT, 'target/bench');
export const DATA = resolve(OUT, 'data');
export const RUNS = Number(process.env.BENCH_RUNS || 5);

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.prom': 'text/plain; version=0.0.4' };
const gzCache = new Map();

/**
 * A route answering `file` gzipped (level 9, as precompressed by `gzip -9` for gzip_static).
 * `ahead`: compressed now, not on the first request (the app's files: a static host serves
 * them precompressed, and gzip -9 of the Wasm on the first cold open ran on the cores the
 * browser needed). Data files are read on their first request: some are written after the
 * server starts (the configs naming the test Prometheus).
 */
export function gzRoute(file, level = 9, ahead = false) {
  const gz = () => {
    if (!gzCache.has(file)) gzCache.set(file, gzipSync(readFileSync(file), { level }));
    return gzCache.get(file);
  };
  if (ahead) gz();
  return (req, res) => {
    const type = TYPES[extname(file)] || 'application/octet-stream';
    if (!/\bgzip\b/.test(req.headers['accept-encoding'] || '')) return res.writeHead(200, { 'content-type': type }).end(readFileSync(file));
    const body = gz();
    res.writeHead(200, { 'content-type': type, 'content-encoding': 'gzip', 'cache-control': 'no-cache', vary: 'accept-encoding' }).end(body);
  };
}

function filesUnder(dir) {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));
}

/** dist/ at `/`, every file gzipped, plus `extra` routes (path → file or handler). */
export async function benchServer(extra = {}) {
  const routes = { '/': gzRoute(join(DIST, 'index.html'), 9, true) };
  for (const f of filesUnder(DIST)) routes[`/${relative(DIST, f)}`] = gzRoute(f, 9, true);
  for (const [path, v] of Object.entries(extra)) routes[path] = typeof v === 'string' ? gzRoute(v, 6) : v;
  routes['/bench/uPlot.js'] = gzRoute(resolve(ROOT, 'node_modules/uplot/dist/uPlot.iife.min.js'));
  routes['/bench/uPlot.css'] = gzRoute(resolve(ROOT, 'node_modules/uplot/dist/uPlot.min.css'));
  return serve({ extra: routes });
}

/** Runs in the page before anything else: long tasks, event timing, the app's Wasm exports. */
function instrument(shiftTo) {
  const b = (window.__bench = { long: [], events: [], wasm: null, input: 0 });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) b.long.push({ start: e.startTime, dur: e.duration }); }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.interactionId) b.events.push({ start: e.startTime, dur: e.duration }); }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  addEventListener('TrunkApplicationStarted', (e) => { b.wasm = e.detail.wasm; });
  for (const t of ['pointerdown', 'keydown', 'input', 'change']) addEventListener(t, (e) => { if (!b.input) b.input = e.timeStamp; }, true);
  if (shiftTo) {
    // The page's clock moved to a fixed instant (the test data's end); timers and
    // performance.now() untouched, so every figure stays real time.
    const D = Date, off = shiftTo - D.now();
    window.Date = class extends D { constructor(...a) { super(...(a.length ? a : [D.now() + off])); } static now() { return D.now() + off; } };
  }
}

/**
 * Resolves once the machine has been idle for 100 ms (at most `limit` ms): a new context's page
 * starts a renderer, and the last context's is torn down, on the cores a measured load needs.
 * Interleaved, navigating at once read 634 ms to the demo's first chart, after a settle 482 ms
 * (11 each); a browser tab opens on a renderer already started (Chromium keeps a spare one).
 */
export async function quiet(limit = 3000) {
  const busy = () => {
    const [user, nice, system, idle, iowait, irq, softirq] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { busy: user + nice + system + irq + softirq, all: user + nice + system + idle + iowait + irq + softirq };
  };
  const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
  const start = Date.now();
  try {
    for (let last = busy(); Date.now() - start < limit; ) {
      await sleep(100);
      const now = busy();
      const share = (now.busy - last.busy) / Math.max(1, now.all - last.all);
      last = now;
      if (share < 0.15) return;
    }
  } catch {
    await sleep(500); // no /proc/stat: a fixed settle
  }
}

/** A fresh context and instrumented page (nothing loaded yet), on a settled machine. */
export async function fresh(browser, { clock } = {}) {
  const page = await open(browser);
  await page.addInitScript(instrument, clock || 0);
  page.cdp = await page.context().newCDPSession(page);
  await quiet();
  return page;
}

/**
 * In the page: resolves once `spec` holds in a frame, after that frame painted, with the time
 * (performance.now) and the input that started it. spec: { sel, min, text, not, gone }.
 */
export function untilPainted(spec) {
  const holds = () => {
    if (spec.gone && document.querySelector(spec.gone)) return false;
    const els = document.querySelectorAll(spec.sel);
    if (els.length < (spec.min || 1)) return false;
    // textContent, not innerText: run from the MutationObserver below, innerText forced a
    // layout inside the page's own task, and the 30 MB load's longest task read 114-157 ms
    // with it against 94-118 ms without (5 runs each).
    const t = els[0].textContent;
    if (spec.text && !new RegExp(spec.text).test(t)) return false;
    return !(spec.not !== undefined && t === spec.not);
  };
  const t0 = performance.now();
  return new Promise((ok, fail) => {
    let done = false, inFrame = false;
    const finish = () => {
      done = true;
      mo.disconnect();
      setTimeout(() => ok({ at: performance.now(), input: window.__bench.input }), 0);
    };
    // A change made while a frame is being rendered (in a ResizeObserver callback, or in an
    // animation callback after ours) is painted by that frame, and a task queued then runs once
    // it is; checked in the next frame's animation callbacks, it counted a frame late.
    // Observed only from our animation callback to the task after the frame, so the page's own
    // work between frames is not slowed by the records.
    const mo = new MutationObserver(() => { if (inFrame && !done && holds()) finish(); });
    const tick = () => {
      if (done) return;
      inFrame = true;
      mo.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
      setTimeout(() => { inFrame = false; mo.disconnect(); }, 0);
      // Checked in a frame's animation callbacks: the change is in this frame, and a task queued
      // now runs once it is painted (waiting for one more frame added 16 ms to every figure).
      if (holds()) finish();
      else if (performance.now() - t0 > (spec.timeout || 120000)) { done = true; mo.disconnect(); fail(new Error(`timeout waiting for ${JSON.stringify(spec)}`)); }
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** Forgets the inputs, long tasks and events seen so far. */
export const resetMarks = (page) => page.evaluate(() => { const b = window.__bench; b.input = 0; b.long = []; b.events = []; });
export const longest = (page) => page.evaluate(() => Math.max(0, ...window.__bench.long.map((l) => l.dur)));
export const worstEvent = (page) => page.evaluate(() => Math.max(0, ...window.__bench.events.map((l) => l.dur)));

/** Performs `act` (an interaction) and returns input → painted result, in ms, plus INP-like and long tasks. */
export async function interaction(page, spec, act) {
  await resetMarks(page);
  const done = page.evaluate(untilPainted, spec);
  done.catch(() => {}); // awaited below; a failing `act` must not leave it unhandled
  await act();
  const { at, input } = await done;
  // Held before any input (a stale `not`, a check that cannot fail): no figure, not a wrong one.
  if (!(input > 0) || at < input) throw new Error(`the result held before the input (${JSON.stringify(spec)})`);
  await page.waitForTimeout(50); // event timing entries are reported after the paint
  return { ms: at - input, inp: await worstEvent(page), long: await longest(page) };
}

/** Requests in flight per origin, counted from CDP Network events. */
export async function inflight(page) {
  const now = {}, max = {}, live = new Map();
  let total = 0;
  await page.cdp.send('Network.enable');
  page.cdp.on('Network.requestWillBeSent', (e) => {
    if (e.redirectResponse || live.has(e.requestId)) return;
    const o = new URL(e.request.url).origin;
    live.set(e.requestId, o); total += 1;
    now[o] = (now[o] || 0) + 1; max[o] = Math.max(max[o] || 0, now[o]);
  });
  const end = (e) => { const o = live.get(e.requestId); if (o) { now[o] -= 1; live.delete(e.requestId); } };
  page.cdp.on('Network.loadingFinished', end);
  page.cdp.on('Network.loadingFailed', end);
  return { max, total: () => total };
}

/** JS heap used (after a GC) plus the app's Wasm linear memory, in bytes. */
export async function memory(page) {
  await page.cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await page.cdp.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(() => window.__bench.wasm?.memory?.buffer.byteLength || 0);
  return { js: usedSize, wasm, total: usedSize + wasm };
}

/** Loads uPlot (from node_modules, served by the bench server) into the page. */
export async function withUplot(page, origin) {
  await page.addStyleTag({ url: `${origin}/bench/uPlot.css` });
  await page.addScriptTag({ url: `${origin}/bench/uPlot.js` });
}

/** Median of the runs that finished (NaN marks a run that timed out; all NaN → NaN). */
export const median = (xs) => { const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : NaN; };

/** Runs `once` RUNS times and returns the median of each numeric field. */
export async function medianOf(once, runs = RUNS) {
  const all = [];
  for (let i = 0; i < runs; i++) all.push(await once(i));
  return Object.fromEntries(Object.keys(all[0]).map((k) => [k, median(all.map((r) => r[k]))]));
}
