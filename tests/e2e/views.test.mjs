// Every view right at first sight (on the demo, measured from the DOM): what pages comes first
// and its status is red; charts draw nothing outside their plot area, threshold labels sit
// above their own line and apart, the latency chart has a unit and follows the presets; a
// calendar-window SLO's budget chart ends at its tile; charts wait with "Loading…", not "no
// data"; bar labels sit on their bars, numeric headers align right, nothing is clipped at
// 1440 px or wider than the window at 420 px; drift is counted per environment.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { serve, launch, open, downloadText, parseCsv } from './lib.mjs';

let browser, app;
before(async () => {
  browser = await launch();
  app = await serve();
});
after(async () => {
  await browser?.close();
  await app?.close();
});

/** Waits until the page's time charts have drawn a series (2 px lines, or a lone point). */
const charts = (page) => page.waitForFunction(() => document.querySelector('.chart[data-plot] svg polyline[stroke-width="2"], .chart[data-plot] svg circle'), null, { timeout: 20000 });

/** Every drawn point of every time chart on the page, against its plot area (SVG units). */
function pointsOutsidePlot() {
  const out = [];
  for (const c of document.querySelectorAll('.chart[data-plot]')) {
    const [left, top, width, height] = c.dataset.plot.split(' ').map(Number);
    for (const p of c.querySelectorAll('svg polyline')) {
      // Grid and threshold lines are drawn by the axes; series are 2 px wide.
      if (p.getAttribute('stroke-width') !== '2') continue;
      for (const xy of p.getAttribute('points').trim().split(/\s+/)) {
        const [x, y] = xy.split(',').map(Number);
        if (x < left - 1 || x > left + width + 1 || y < top - 1 || y > top + height + 1) out.push(`${c.closest('figure').querySelector('figcaption span').textContent}: ${x},${y}`);
      }
    }
  }
  return out;
}

/** Threshold labels: their bottom above their own (dashed) line, close to it, and apart. */
function thresholdLabels() {
  const found = [];
  for (const svg of document.querySelectorAll('.chart[data-plot] svg')) {
    const red = [...svg.querySelectorAll('text')].filter((t) => /^(objective|page|ticket|exhausted|threshold)/.test(t.textContent.trim()));
    const boxes = red.map((t) => {
      const b = t.getBBox();
      const color = t.getAttribute('fill');
      const ys = [...svg.querySelectorAll('polyline, line')]
        .filter((l) => l.getAttribute('stroke') === color)
        .flatMap((l) => {
          const pts = l.tagName === 'line' ? [[+l.getAttribute('x1'), +l.getAttribute('y1')], [+l.getAttribute('x2'), +l.getAttribute('y2')]] : l.getAttribute('points').trim().split(/\s+/).map((p) => p.split(',').map(Number));
          return pts.length === 2 && pts[0][1] === pts[1][1] ? [pts[0][1]] : [];
        });
      const bottom = b.y + b.height;
      const line = ys.reduce((best, y) => (Math.abs(y - bottom) < Math.abs(best - bottom) ? y : best), Infinity);
      return { text: t.textContent.trim(), top: b.y, bottom, left: b.x, right: b.x + b.width, line };
    });
    found.push(boxes);
  }
  return found;
}

test('what pages comes first, in red, on the Overview and the SLO list', async () => {
  const page = await open(browser, `${app.url}#/`);
  const first = page.locator('#needs-attention tbody tr, .attention tbody tr').first();
  await first.waitFor({ timeout: 20000 });
  assert.match(await first.innerText(), /payments-availability/);
  assert.match(await first.innerText(), /paging/);
  const tile = page.locator('.tile', { hasText: 'Paging' });
  assert.ok(Number(await tile.locator('.tile-value, .value').first().innerText()) >= 1);
  await page.goto(`${app.url}#/slos`);
  const row = page.locator('tr[data-slo]').first();
  await row.locator('.badge', { hasText: 'paging' }).waitFor({ timeout: 20000 });
  assert.equal(await row.getAttribute('data-slo'), 'payments-availability');
  assert.match(await row.locator('.badge', { hasText: 'paging' }).getAttribute('class'), /\bbad\b/);
  // The 77× hour crosses the page tier: its burn cell says so in colour.
  assert.match(await row.locator('td.burn-page').first().innerText(), /×$/);
  // "paging" is the status, said once.
  assert.equal(await row.locator('.badge', { hasText: 'paging' }).count(), 1);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('charts: nothing outside the plot, labels above their own line and apart, latency in ms following the presets', async () => {
  const page = await open(browser, null, { viewport: { width: 1440, height: 900 } });
  for (const range of ['1h', '7d', '90d']) {
    await page.goto(`${app.url}#/slos/payments-availability?range=${range}`);
    await charts(page);
    await page.waitForTimeout(300);
    assert.deepEqual(await page.evaluate(pointsOutsidePlot), [], `range ${range}`);
    const ticks = await page.evaluate(() => [...document.querySelectorAll('.chart svg text')].map((t) => t.textContent.trim()));
    assert.ok(!ticks.some((t) => /^-0(\D|$)/.test(t)), ticks.join(' '));
    for (const labels of await page.evaluate(thresholdLabels)) {
      for (const l of labels) {
        assert.ok(Number.isFinite(l.line), `${l.text}: its line was found`);
        assert.ok(l.bottom <= l.line + 0.5 && l.line - l.bottom < 8, `${l.text} (${range}): bottom ${l.bottom} vs its line ${l.line}`);
      }
      for (const a of labels) for (const b of labels) {
        if (a === b) continue;
        const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
        assert.ok(apart, `${a.text} overlaps ${b.text} (${range})`);
      }
    }
  }
  // The latency chart: a unit on its axis and its threshold; it follows the range preset.
  await page.goto(`${app.url}#/slos/checkout-latency?range=90d`);
  const latency = page.locator('figure', { hasText: 'Latency percentiles' });
  await latency.locator('svg polyline[stroke-width="2"]').first().waitFor({ state: 'attached', timeout: 20000 });
  const texts = async () => latency.locator('svg text').evaluateAll((ts) => ts.map((t) => t.textContent.trim()));
  const wide = await texts();
  assert.ok(wide.some((t) => /^\d+(\.\d+)?ms$/.test(t)), wide.join(' '));
  assert.ok(wide.some((t) => /^threshold \d+(\.\d+)?m?s$/.test(t)), wide.join(' '));
  await page.click('.presets button:text-is("1d")');
  await page.waitForFunction(() => [...document.querySelectorAll('figure')].find((f) => f.textContent.includes('Latency percentiles'))?.querySelector('svg')?.textContent.match(/\d\d:\d\d/), null, { timeout: 5000 });
  assert.deepEqual(await page.evaluate(pointsOutsidePlot), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a calendar-window SLO's budget chart ends at its tile, under the tile's name", async () => {
  const page = await open(browser, `${app.url}#/slos/cart-availability?range=month`, { viewport: { width: 1440, height: 900 } });
  const fig = page.locator('figure', { hasText: 'Error budget left' });
  await fig.locator('svg polyline[stroke-width="2"]').first().waitFor({ timeout: 20000 });
  const tile = (await page.locator('.tile', { hasText: 'Budget left' }).locator('.tile-value, .value').first().innerText()).trim();
  // Hover the last drawn point: the read-out names the figure and shows the tile's value.
  const last = await fig.evaluate((f) => {
    const pts = [...f.querySelectorAll('svg polyline[stroke-width="2"]')].flatMap((p) => p.getAttribute('points').trim().split(/\s+/).map((q) => q.split(',').map(Number)));
    const end = pts.reduce((a, b) => (b[0] > a[0] ? b : a));
    const svg = f.querySelector('svg');
    const r = svg.getBoundingClientRect();
    const scale = r.width / Number(svg.getAttribute('width'));
    return { x: r.left + end[0] * scale, y: r.top + end[1] * scale };
  });
  // Just right of it: no sample lies beyond the last, so the last is the nearest.
  await page.mouse.move(last.x + 2, last.y);
  const readout = await fig.locator('.readout').innerText();
  assert.match(readout, /budget left since/);
  assert.ok(readout.includes(tile), `read-out "${readout}" vs tile ${tile}`);
  assert.ok(!/rolling|ideal|no data/.test(await fig.innerText()), await fig.innerText());
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('charts wait with "Loading…" while their source has not answered, never "no data"', async () => {
  const CORS = { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' };
  const hang = createServer((req, res) => { if (req.method === 'OPTIONS') res.writeHead(204, CORS).end(); });
  await new Promise((ok) => hang.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${hang.address().port}`;
  const config = { title: 'hanging', sources: [{ name: 'prom', kind: 'prometheus', url, timeout: '60s' }], slos: [{ name: 'api', service: 'api', objective: 0.999, source: 'prom', sli: { ratio: { errors: 'x{code="5xx"}', total: 'x' } } }] };
  const hung = await serve({ extra: { '/hang.json': (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(config)) } });
  const page = await open(browser, null);
  for (const view of ['#/slos', '#/sources']) {
    await page.goto(`${hung.url}?config=hang.json${view}`);
    await page.locator('.chart-loading', { hasText: 'Loading…' }).first().waitFor({ timeout: 10000 });
    await page.waitForTimeout(500);
    assert.ok(await page.locator('.chart-loading').first().isVisible(), view);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
  await hung.close();
  hang.closeAllConnections();
  hang.close();
});

test('layout: bar labels on their bars, numeric headers right-aligned, nothing clipped at 1440 or wider than 420', async () => {
  const page = await open(browser, null, { viewport: { width: 1440, height: 900 } });
  await page.goto(`${app.url}#/slos/payments-availability`);
  await page.locator('#alert-tiers tbody tr').first().waitFor({ timeout: 20000 });
  const clip = await page.evaluate(() => {
    const t = document.querySelector('#alert-tiers');
    const w = t.closest('.table-wrap');
    return { table: t.scrollWidth, wrap: w.clientWidth, state: t.querySelector('th:last-child').getBoundingClientRect().right <= w.getBoundingClientRect().right + 1 };
  });
  assert.ok(clip.table <= clip.wrap && clip.state, JSON.stringify(clip));
  for (const th of await page.locator('#alert-tiers th.num').all()) assert.equal(await th.evaluate((e) => getComputedStyle(e).textAlign), 'right');
  // Bar labels: each label's middle lies within the height of a bar drawn beside it.
  await page.goto(`${app.url}#/slos`);
  const bars = page.locator('figure', { hasText: 'Error budget consumed' }).locator('svg');
  await bars.locator('rect').nth(3).waitFor({ timeout: 20000 });
  const off = await bars.evaluate((svg) => {
    const rects = [...svg.querySelectorAll('rect')].map((r) => r.getBBox()).filter((b) => b.height < 60 && b.width > 0);
    return [...svg.querySelectorAll('text[text-anchor="end"]')].filter((t) => {
      const b = t.getBBox();
      const mid = b.y + b.height / 2;
      return !rects.some((r) => mid >= r.y && mid <= r.y + r.height);
    }).map((t) => t.textContent.trim());
  });
  assert.deepEqual(off, []);
  // 420 px: no page is wider than the window; wide tables scroll inside their card.
  await page.setViewportSize({ width: 420, height: 900 });
  for (const view of ['#/', '#/slos', '#/slos/payments-availability', '#/slos/cart-availability', '#/inventory', '#/inventory/checkout', '#/delivery', '#/reports', '#/sources']) {
    await page.goto(`${app.url}${view}`);
    await page.locator('main h1').first().waitFor({ timeout: 20000 });
    await page.waitForTimeout(1500);
    const wide = await page.evaluate(() => {
      const vw = document.documentElement.clientWidth;
      const scrolls = (e) => { for (let p = e.parentElement; p; p = p.parentElement) if (/auto|scroll/.test(getComputedStyle(p).overflowX)) return true; return false; };
      return { doc: document.documentElement.scrollWidth, vw, out: [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > vw + 1 && !scrolls(e)).slice(0, 3).map((e) => `${e.tagName}.${e.className}`) };
    });
    assert.ok(wide.doc <= wide.vw && wide.out.length === 0, `${view}: ${JSON.stringify(wide)}`);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('sources are named and counted; drift is counted within an environment', async () => {
  const page = await open(browser, `${app.url}#/inventory`, { viewport: { width: 1440, height: 900 } });
  await page.locator('.tile', { hasText: 'Version drift' }).waitFor({ timeout: 20000 });
  // Every entity with the columns this check needs (the CSV holds the columns shown).
  await page.goto(`${app.url}#/inventory?mode=entities&cols=kind,service,environment,version,source`);
  await page.locator('#entity-table tbody tr:not(.spacer)').first().waitFor({ timeout: 20000 });
  const { text } = await downloadText(page, () => page.click('#export-entities-csv'));
  const [head, ...rows] = parseCsv(text).filter((r) => r.length > 1);
  const col = (n) => head.indexOf(n);
  assert.ok(['service', 'environment', 'version', 'source'].every((n) => col(n) >= 0), head.join());
  // Independently: (service, environment) pairs whose workloads run more than one version.
  const seen = new Map();
  for (const r of rows) {
    if (!r[col('service')] || !r[col('version')] || r[col('version')] === 'unknown' || !/Deployment|StatefulSet|DaemonSet/.test(r[col('kind')])) continue;
    const k = `${r[col('service')]}\u0000${r[col('environment')] || ''}`;
    seen.set(k, (seen.get(k) ?? new Set()).add(r[col('version')]));
  }
  const drifting = new Set([...seen].filter(([, v]) => v.size > 1).map(([k]) => k.split('\u0000')[0]));
  const tile = page.locator('.tile', { hasText: 'Version drift' });
  assert.equal(Number(await tile.locator('.tile-value, .value').first().innerText()), drifting.size);
  assert.match(await tile.innerText(), /within an environment/);
  // The Overview counts the sources that name services, out of those configured.
  const named = new Set(rows.filter((r) => r[col('service')]).map((r) => r[col('source')]));
  await page.goto(`${app.url}#/`);
  const services = page.locator('.tile', { hasText: 'Services' });
  await services.locator('text=/named by/').waitFor({ timeout: 20000 });
  const m = (await services.innerText()).match(/named by (\d+) of (\d+) sources/);
  assert.ok(m, await services.innerText());
  assert.equal(Number(m[2]), 8);
  assert.ok(Number(m[1]) >= named.size, `${m[1]} vs ${[...named]}`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('words users know: probe/uptime, 3h not 3h 0m, versions in version order, a third version in the legend, Delivery in the navigation', async () => {
  const page = await open(browser, `${app.url}#/slos`, { viewport: { width: 1440, height: 900 } });
  const probe = page.locator('tr[data-slo="auth-probe"]');
  await probe.locator('.badge, .budget-bar').first().waitFor({ timeout: 20000 });
  assert.match(await probe.innerText(), /probe\/uptime/);
  assert.doesNotMatch(await page.locator('#slo-table').innerText(), /bool gauge|bool_gauge/);
  // "no data" is said once per row at most.
  for (const text of await page.locator('tr[data-slo]').allInnerTexts()) assert.ok((text.match(/no data/g) ?? []).length <= 1, text);
  await page.goto(`${app.url}#/slos/payments-availability`);
  await page.locator('#alert-tiers tbody tr').first().waitFor({ timeout: 20000 });
  const windows = await page.locator('#alert-tiers tbody tr td:nth-child(2)').allInnerTexts();
  assert.deepEqual(windows, ['1h / 5m', '6h / 30m', '1d / 2h', '3d / 6h']);
  // Versions in a cell are in version order (0.9.1 before 0.10.0), checked by a comparator
  // written here.
  await page.goto(`${app.url}#/inventory`);
  await page.locator('#inventory-table tbody tr:not(.spacer)').first().waitFor({ timeout: 20000 });
  const cmp = (a, b) => {
    const pa = a.replace(/^v/, '').split(/[.-]/), pb = b.replace(/^v/, '').split(/[.-]/);
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
      const x = pa[i] ?? '', y = pb[i] ?? '';
      const d = /^\d+$/.test(x) && /^\d+$/.test(y) ? Number(x) - Number(y) : x.localeCompare(y);
      if (d) return d;
    }
    return 0;
  };
  const cells = await page.locator('#inventory-table tbody tr:not(.spacer) td .cut').allInnerTexts();
  const lists = cells.map((c) => c.split(', ').map((v) => v.replace(/ \(.*$/, ''))).filter((l) => l.length > 1 && l.every((v) => /^v?\d/.test(v)));
  for (const l of lists) assert.deepEqual([...l].sort(cmp), l, l.join(', '));
  const legend = await page.locator('figure', { hasText: 'Replicas per service' }).locator('.legend').innerText();
  assert.match(legend, /third/);
  // Delivery has its own place in the navigation.
  await page.click('nav.nav a[href="#/delivery"]');
  await page.locator('main h1:text-is("Delivery")').waitFor({ timeout: 20000 });
  assert.match(await page.locator('main').innerText(), /Deployment frequency|DORA/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('facet charts show the filtered rows they say they show', async () => {
  const page = await open(browser, `${app.url}#/inventory?mode=entities&f.kind=Deployment`, { viewport: { width: 1440, height: 900 } });
  const chart = page.locator('figure', { hasText: 'Entities by kind (filtered)' });
  await chart.locator('svg text', { hasText: 'Deployment' }).first().waitFor({ state: 'attached', timeout: 20000 });
  // The charts follow the counts once they settle (150 ms).
  await page.waitForTimeout(600);
  // Bar labels are the right-anchored texts beside the bars.
  const labels = await chart.locator('svg text[text-anchor="end"]').evaluateAll((ts) => ts.map((t) => t.textContent.trim()));
  assert.deepEqual(labels, ['Deployment']);
  // Without a filter, the same chart offers every kind again.
  await page.goto(`${app.url}#/inventory?mode=entities`);
  await chart.locator('svg text', { hasText: 'Node' }).first().waitFor({ state: 'attached', timeout: 20000 });
  const all = await chart.locator('svg text[text-anchor="end"]').evaluateAll((ts) => ts.map((t) => t.textContent.trim()));
  assert.ok(all.length > 1 && all.includes('Deployment'), all.join());
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
