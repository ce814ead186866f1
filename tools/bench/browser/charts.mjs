// Charts in Explore, app against baseline in the same page: the app from setting the query
// (route) to the chart painted; the baseline fetches the very requests the app made, parses
// them in plain JS (JSON.parse, or a line parser for exposition text) and draws them with
// uPlot 1.6, to the next paint, right after each of the app's runs. The longest task is the app's.
import { fresh, untilPainted, resetMarks, longest, inflight, withUplot, median, RUNS } from './harness.mjs';

// A series' line (2 px): the axes are polylines too.
const CHART = '.chart-svg svg polyline[stroke-width="2"]';
// The source's answer time varies by ±10 ms from one request to the next, about the whole
// difference measured: more (and short) runs for a steadier median.
const CHART_RUNS = 2 * RUNS + 1;

/**
 * In the page: how long requests to `origin` started at or after `since` were on the network
 * (fetchStart → responseEnd, overlaps counted once), in ms: the time spent waiting for the source.
 */
function waited({ origin, since }) {
  const spans = performance.getEntriesByType('resource')
    .filter((e) => e.name.startsWith(origin) && e.fetchStart >= since)
    .map((e) => [e.fetchStart, e.responseEnd])
    .sort((a, b) => a[0] - b[0]);
  let total = 0, end = -Infinity;
  for (const [s, e] of spans) {
    if (e > end) { total += e - Math.max(s, end); end = e; }
  }
  return total;
}

/** In the page: fetch + parse + align + uPlot draw → painted, in ms. */
async function drawBaseline({ urls, kind }) {
  const t0 = performance.now();
  const series = new Map(); // label text → Map(t → v)
  for (const u of urls) {
    const text = await (await fetch(u, { cache: 'no-store' })).text();
    if (kind === 'prom') {
      for (const r of JSON.parse(text).data.result) {
        const key = JSON.stringify(r.metric);
        const m = series.get(key) || new Map();
        for (const [t, v] of r.values) m.set(t, Number(v));
        series.set(key, m);
      }
    } else {
      for (const line of text.split('\n')) {
        if (!line || line[0] === '#') continue;
        const close = line.lastIndexOf('}');
        const [v, t] = line.slice(close + 2).split(' ');
        const key = line.slice(0, close + 1);
        const m = series.get(key) || new Map();
        m.set(Number(t) / 1000, Number(v));
        series.set(key, m);
      }
    }
  }
  const xs = [...new Set([...series.values()].flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
  const data = [xs, ...[...series.values()].map((m) => xs.map((x) => m.get(x) ?? null))];
  let box = document.getElementById('bench-chart');
  if (!box) { box = document.createElement('div'); box.id = 'bench-chart'; box.style.cssText = 'position:fixed;top:0;left:0;background:#fff;z-index:9'; document.body.append(box); }
  box.replaceChildren();
  const opts = { width: 1000, height: 320, series: [{}, ...data.slice(1).map((_, i) => ({ stroke: `hsl(${i * 37} 60% 45%)`, width: 1 }))], legend: { show: false } };
  new window.uPlot(opts, data, box);
  await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
  const ms = performance.now() - t0;
  // Gone before the app's next run, which must not paint under it.
  box.remove();
  return { ms, points: (data.length - 1) * xs.length };
}

/**
 * Explore at `base` (a hash without q); `q` is set CHART_RUNS times (whitespace-varied: a fresh ask),
 * each run followed by the baseline on the very requests it made. Interleaved, the two meet the
 * source in the same state: run all the app's first and the baseline's came after a warmed-up
 * server (its answers 5–10 ms sooner, the whole difference between them).
 */
export async function exploreVsBaseline(browser, app, { config, base, q, kind, clock, sourceOrigin }) {
  const page = await fresh(browser, { clock });
  const flight = await inflight(page);
  const urls = [];
  page.cdp.on('Network.requestWillBeSent', (e) => { if (e.request.url.startsWith(sourceOrigin)) urls.push(e.request.url); });
  await page.goto(`${app.url}?config=${config}#${base}`);
  await page.locator('.explore-form').waitFor({ timeout: 60000 });
  await withUplot(page, app.origin);
  const app_ = [], long = [], baseline = [], appWait = [], baseWait = [];
  let asked = [], points = 0;
  for (let i = 0; i < CHART_RUNS; i++) {
    await page.evaluate((b) => { location.hash = b; }, base);
    await page.waitForFunction((s) => !document.querySelector(s), CHART);
    // Each side starts on a collected heap, not on the other's garbage (the baseline's
    // million-point arrays): the app's 1M-sample runs read a task of 166 and of 182 ms in 2 of
    // 33 without this, none over 96 ms in 33 with it.
    await page.cdp.send('HeapProfiler.collectGarbage');
    await resetMarks(page);
    urls.length = 0;
    const t0 = await page.evaluate(({ b, q }) => { performance.clearResourceTimings(); const t = performance.now(); location.hash = `${b}&q=${encodeURIComponent(q)}`; return t; }, { b: base, q: q + ' '.repeat(i) });
    const { at } = await page.evaluate(untilPainted, { sel: CHART, timeout: 300000 });
    app_.push(at - t0);
    appWait.push(await page.evaluate(waited, { origin: sourceOrigin, since: t0 }));
    long.push(await longest(page));
    asked = [...urls];
    await page.cdp.send('HeapProfiler.collectGarbage');
    await resetMarks(page);
    const since = await page.evaluate(() => performance.now());
    const b = await page.evaluate(drawBaseline, { urls: asked, kind });
    baseline.push(b.ms); points = b.points;
    baseWait.push(await page.evaluate(waited, { origin: sourceOrigin, since }));
  }
  await page.context().close();
  // Each side's own time: its total less its wait for the source (the same requests, answered
  // in 70-190 ms by Prometheus, more than the whole client-side work of either side).
  const own = (all, wait) => median(all.map((t, i) => t - wait[i]));
  return {
    ms: median(app_), baseline: median(baseline), long: Math.max(...long), longs: long, points, requests: asked.length, maxInflight: flight.max,
    own: own(app_, appWait), baseOwn: own(baseline, baseWait), wait: median(appWait), baseWait: median(baseWait),
  };
}
