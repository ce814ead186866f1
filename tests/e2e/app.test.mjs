// End-to-end: the built bundle in headless Chromium. Every section renders charts without
// console errors, at / and at a sub-path; navigation lives in the URL; themes; the broken-
// config and panic paths show their messages; exported SLO figures equal an independent
// computation from the demo's raw files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DIST, serve, launch, open, downloadText, parseCsv, recordedAnswer } from './lib.mjs';

let browser, root, sub;
const SECTIONS = [
  ['#/', 'Overview'],
  ['#/slos', 'SLOs'],
  ['#/slos?group=team&label=service%3Dsearch', 'SLOs'],
  ['#/slos/search-availability', 'search-availability'],
  ['#/inventory?q=a&owner=payments', 'Inventory'],
  ['#/inventory', 'Inventory'],
  ['#/inventory/checkout', 'checkout'],
  ['#/reports?period=week', 'Reliability report'],
  ['#/explore?source=demo-prometheus&range=30d&end=2025-11-01T00%3A00%3A00Z&q=sum(increase(http_requests_total%7Bservice%3D%22search%22%7D%5B1h%5D))', 'Explore'],
  ['#/sources', 'Sources'],
];

before(async () => {
  browser = await launch();
  const broken = JSON.stringify({ sources: [{ name: 'p', kind: 'prometheus', url: 'http://127.0.0.1:1' }, { name: 'q', kind: 'prom', url: 'x' }] });
  const extra = {
    '/configs/broken.json': (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(broken),
    '/configs/bad-syntax.yaml': (req, res) => res.writeHead(200, { 'content-type': 'text/yaml' }).end('sources:\n  - name: [\n'),
  };
  root = await serve({ extra });
  sub = await serve({ prefix: '/tools/headroom/' });
});

after(async () => {
  await browser?.close();
  await root?.close();
  await sub?.close();
});

async function expectSection(page, heading) {
  if (process.env.E2E_DEBUG) console.log("expect", heading, page.url());
  await page.waitForSelector(`main h1:text-is("${heading}")`, { timeout: 20000 });
  // Data-driven content has arrived when at least one chart has drawn lines or bars.
  await page.waitForFunction(() => [...document.querySelectorAll('.chart-svg svg')].some((s) => s.querySelector('polyline, rect:nth-of-type(3)')), null, { timeout: 20000 });
}

for (const [label, base] of [['root', () => root.url], ['sub-path', () => sub.url]]) {
  test(`every section renders charts with no console errors (${label})`, async () => {
    const page = await open(browser, base());
    // No CDN, web fonts or telemetry: every request stays on the page's own origin.
    const foreign = [];
    page.on('request', (r) => { if (!r.url().startsWith(new URL(base()).origin)) foreign.push(r.url()); });
    for (const [hash, heading] of SECTIONS) {
      await page.goto(base() + hash);
      await expectSection(page, heading);
      const charts = await page.locator('.chart-svg svg').count();
      assert.ok(charts >= 1, `${hash}: no chart`);
      assert.equal(await page.locator('.error-box').count(), 0, `${hash}: an error box is shown`);
    }
    assert.deepEqual(page.errors, []);
    assert.deepEqual(foreign, []);
    await page.context().close();
  });
}

test('charts: hover read-out, legend toggles a series, drag zooms and resets', async () => {
  const page = await open(browser, `${root.url}#/slos/payments-availability`);
  const chart = page.locator('figure:has(figcaption:has-text("Events per second")) .chart');
  await chart.locator('svg').waitFor({ timeout: 20000 });
  await chart.scrollIntoViewIfNeeded();
  const box = await chart.boundingBox();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
  const readout = chart.locator('.readout');
  await readout.waitFor();
  assert.match(await readout.innerText(), /\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC[\s\S]*total: [\d.]+[kM]?\/s/);
  // The crosshair is synced: every chart of the page shows one.
  assert.ok(await page.locator('.crosshair').count() >= 4);
  const figure = page.locator('figure:has(figcaption:has-text("Events per second"))');
  const lines = await figure.locator('svg polyline').count();
  // Polls the chart's line count until `ok` holds (5 s at most), then returns it.
  const linesWhen = async (ok) => {
    let n = await figure.locator('svg polyline').count();
    for (let i = 0; i < 100 && !ok(n); i++) { await page.waitForTimeout(50); n = await figure.locator('svg polyline').count(); }
    return n;
  };
  const bad = figure.locator('.legend-item:has-text("bad")');
  assert.equal(await bad.getAttribute('aria-pressed'), 'true');
  await bad.click();
  assert.ok((await linesWhen((n) => n < lines)) < lines, 'the series is hidden');
  // The button says the series is off, and a second click brings its line back.
  assert.equal(await bad.getAttribute('aria-pressed'), 'false');
  assert.match(await bad.getAttribute('class'), /\boff\b/);
  await bad.click();
  assert.equal(await linesWhen((n) => n === lines), lines, 'the series is shown again');
  assert.equal(await bad.getAttribute('aria-pressed'), 'true');
  await chart.scrollIntoViewIfNeeded();
  const at = await chart.boundingBox();
  await page.mouse.move(at.x + at.width * 0.3, at.y + at.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(at.x + at.width * 0.5, at.y + at.height * 0.5, { steps: 5 });
  await page.mouse.up();
  await figure.locator('button:text-is("Reset zoom")').waitFor();
  await figure.locator('button:text-is("Reset zoom")').click();
  assert.equal(await figure.locator('button:text-is("Reset zoom")').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('navigation updates the URL and a copied URL reopens the same view (sub-path)', async () => {
  const page = await open(browser, sub.url);
  await expectSection(page, 'Overview');
  await page.click('nav a:text-is("Inventory")');
  await expectSection(page, 'Inventory');
  assert.equal(new URL(page.url()).hash, '#/inventory');
  await page.fill('input[aria-label="Search inventory"]', 'recomm');
  await page.waitForFunction(() => location.hash.includes('q=recomm'));
  assert.equal(await page.locator('#inventory-table tbody tr[data-service]').count(), 1);
  const copied = page.url();
  const other = await open(browser, copied);
  await expectSection(other, 'Inventory');
  assert.equal(await other.inputValue('input[aria-label="Search inventory"]'), 'recomm');
  // The charts can draw before the inventory's rows arrive: wait for the row, then count.
  await other.locator('#inventory-table tbody tr[data-service]').first().waitFor({ timeout: 20000 });
  assert.equal(await other.locator('#inventory-table tbody tr[data-service]').count(), 1);
  assert.equal(await other.locator('#inventory-table tbody tr[data-service] td a').innerText(), 'recommendations');
  // The address bar is written after the paint; a link followed before then stands (the
  // filter's late write must not take the new page's address back to the inventory).
  await page.evaluate(() => {
    const input = document.querySelector('input[aria-label="Search inventory"]');
    input.value = 'recommend';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    location.hash = '#/slos';
  });
  await expectSection(page, 'SLOs');
  await page.waitForTimeout(200);
  assert.equal(new URL(page.url()).hash, '#/slos');
  await other.goBack().catch(() => {});
  assert.deepEqual([...page.errors, ...other.errors], []);
  await page.context().close();
  await other.context().close();
});

test('themes follow prefers-color-scheme and the toggle', async () => {
  const dark = await open(browser, root.url, { colorScheme: 'dark' });
  await expectSection(dark, 'Overview');
  assert.equal(await dark.getAttribute('html', 'data-theme'), 'dark');
  const bg = await dark.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(13, 17, 23)');
  await dark.click('#theme-toggle');
  assert.equal(await dark.getAttribute('html', 'data-theme'), 'light');
  // Charts are redrawn in the light palette (white plot background).
  await dark.waitForFunction(() => document.querySelector('.chart-svg svg rect')?.getAttribute('fill')?.toLowerCase() === '#ffffff');
  await dark.reload();
  await expectSection(dark, 'Overview');
  assert.equal(await dark.getAttribute('html', 'data-theme'), 'light', 'the choice survives a reload');
  assert.deepEqual(dark.errors, []);
  await dark.context().close();
});

test('a broken config names the field and does not fall back to the demo', async () => {
  const page = await open(browser, `${root.url}?config=configs/broken.json`);
  const box = page.locator('.config-error');
  await box.waitFor({ timeout: 20000 });
  const text = await box.innerText();
  assert.match(text, /sources\[1\]\.kind: unknown kind "prom"/);
  assert.match(text, /configs\/broken\.json/);
  assert.equal(await page.locator('nav.nav').count(), 0, 'the demo must not load');
  await page.goto(`${root.url}?config=configs/bad-syntax.yaml`);
  await page.reload();
  await box.waitFor();
  assert.match(await box.innerText(), /line \d+/);
  await page.goto(`${root.url}?config=configs/missing.json`);
  await page.reload();
  await box.waitFor();
  assert.match(await box.innerText(), /HTTP 404/);
  await page.context().close();
});

test('a Rust panic shows a visible error panel, not a blank page', async () => {
  const page = await open(browser, `${root.url}#/__panic`);
  const panel = page.locator('#panic-panel');
  await panel.waitFor({ timeout: 20000 });
  assert.match(await panel.innerText(), /diagnostic panic requested through #\/__panic/);
  assert.ok(await panel.isVisible());
  await page.context().close();
});

// --- numbers: the CSV export equals an independent computation from the demo files ---------

async function demoJson(rel) {
  return JSON.parse(await readFile(resolve(DIST, rel), 'utf8'));
}

// Independent of the app: builds the same slice queries, reads the recorded answers, and
// applies the definitions of slo-math.md for each budgeting method and window.
function sliceQueries(sli) {
  const q = (sel) => `sum(increase(${sel}[1h]))`;
  const open = '59m59s999ms';
  if (sli.ratio) return { bad: q(sli.ratio.errors), total: q(sli.ratio.total) };
  if (sli.latency) {
    const h = sli.latency.histogram; const i = h.indexOf('{');
    const name = h.slice(0, i), m = h.slice(i + 1, -1);
    return { good: q(`${name}_bucket{${m},le="${sli.latency.threshold}"}`), total: q(`${name}_count{${m}}`) };
  }
  if (sli.bool_gauge) return { good: `sum(sum_over_time(${sli.bool_gauge.metric}[${open}]))`, total: `sum(count_over_time(${sli.bool_gauge.metric}[${open}]))` };
  const t = sli.threshold; const sym = { lt: '<', lte: '<=', gt: '>', gte: '>=' }[t.op];
  return { good: `sum(count_over_time((${t.metric} ${sym} ${t.value})[${open}:${t.interval}]))`, total: `sum(count_over_time((${t.metric})[${open}:${t.interval}]))` };
}

/** UTC ms of local midnight on the 1st of the month containing `nowMs`, in `timeZone`. */
function monthStart(nowMs, timeZone) {
  const parts = (ms) => Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const now = parts(nowMs);
  for (let off = -14; off <= 14; off += 0.25) {
    const guess = Date.UTC(Number(now.year), Number(now.month) - 1, 1) - off * 3600e3;
    const p = parts(guess);
    if (p.day === '01' && p.month === now.month && p.hour === '00' && p.minute === '00') return guess;
  }
  throw new Error('no local midnight found');
}

function independentFigures(answers, slo, nowMs) {
  const { bad: badQ, good: goodQ, total: totalQ } = sliceQueries(slo.sli);
  const values = (query) => new Map(answers[query].data.result[0].values.map(([t, v]) => [t * 1000, Number(v)]));
  const total = values(totalQ), part = values(badQ ?? goodQ);
  const objective = slo.objective > 1 ? slo.objective / 100 : slo.objective;
  const budget = 1 - objective;
  const from = slo.window === 'month' ? monthStart(nowMs, slo.timezone) : nowMs - 30 * 86400e3;
  const over = (lo) => {
    let bad = 0, tot = 0; const ratios = [];
    for (const [t, v] of total) {
      if (t > lo && t <= nowMs) {
        const b = badQ ? (part.get(t) ?? 0) : Math.max(0, v - (part.get(t) ?? v));
        bad += b; tot += v;
        if (v > 0) ratios.push(1 - b / v);
      }
    }
    if (slo.method === 'timeslices') {
      const target = slo.timeslice_target ?? objective;
      const good = ratios.filter((r) => r >= target - 1e-12).length;
      return { good, total: ratios.length, sli: good / ratios.length };
    }
    if (slo.method === 'ratio_timeslices') return { good: tot - bad, total: tot, sli: ratios.reduce((a, b) => a + b, 0) / ratios.length };
    return { good: tot - bad, total: tot, sli: 1 - bad / tot };
  };
  const w = over(from), h1 = over(nowMs - 3600e3);
  return { good: w.good, total: w.total, sli: w.sli, remaining: 1 - (1 - w.sli) / budget, burn1h: (1 - h1.sli) / budget };
}

test('exported SLO figures equal an independent computation from the raw demo data', async () => {
  const cfg = await demoJson('headroom.json');
  const index = await demoJson('demo/prometheus/index.json');
  const answers = {};
  for (const q of Object.keys(index.queries)) answers[q] = await recordedAnswer(demoJson, index, q);
  const page = await open(browser, `${root.url}#/slos`);
  await expectSection(page, 'SLOs');
  const { name, text } = await downloadText(page, () => page.click('#export-slos'));
  assert.equal(name, 'headroom-slos.csv');
  const [header, ...rows] = parseCsv(text);
  assert.deepEqual(header, ['slo', 'service', 'team', 'objective', 'window', 'method', 'good_events', 'total_events', 'sli', 'budget_remaining', 'budget_consumed', 'burn_1h', 'burn_6h', 'burn_1d', 'burn_3d', 'alert_state', 'flags', 'excluded']);
  assert.equal(rows.length, cfg.slos.length);
  const close = (a, b, what) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
  for (const row of rows) {
    const r = Object.fromEntries(header.map((h, i) => [h, row[i]]));
    const slo = cfg.slos.find((s) => s.name === r.slo);
    const want = independentFigures(answers, slo, index.captured_at);
    close(Number(r.good_events), want.good, `${r.slo} good`);
    close(Number(r.total_events), want.total, `${r.slo} total`);
    close(Number(r.sli), want.sli, `${r.slo} sli`);
    close(Number(r.budget_remaining), want.remaining, `${r.slo} budget_remaining`);
    close(Number(r.burn_1h), want.burn1h, `${r.slo} burn_1h`);
  }
  // Every SLI kind and budgeting method, and a calendar window, are covered by the demo.
  const kinds = new Set(cfg.slos.map((s) => Object.keys(s.sli)[0]));
  assert.deepEqual([...kinds].sort(), ['bool_gauge', 'latency', 'ratio', 'threshold']);
  assert.ok(cfg.slos.some((s) => s.method === 'timeslices') && cfg.slos.some((s) => s.method === 'ratio_timeslices') && cfg.slos.some((s) => s.window === 'month'));
  // The demo has one breached SLO and one burning fast, as the UI says.
  const row = (n) => rows.find((x) => x[0] === n);
  assert.ok(Number(row('search-availability')[9]) < 0, 'search-availability is breached');
  assert.ok(Number(row('payments-availability')[11]) > 14.4, 'payments-availability burns faster than the page threshold');
  // Alert state from the ALERTS history: the payments page is firing at capture time.
  assert.equal(row('payments-availability')[15], 'firing');
  assert.equal(row('search-availability')[15], 'inactive');
  assert.match(row('shipping-availability')[16], /gaps/);
  assert.equal(await page.locator('tr[data-slo="search-availability"] .badge').innerText(), 'breached');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('delivery: deployments per repository equal an independent count of the CI runs', async () => {
  const runs = (await demoJson('demo/ci/runs.json')).workflow_runs;
  const now = (await demoJson('demo/prometheus/index.json')).captured_at;
  const page = await open(browser, `${root.url}#/delivery`);
  await page.locator('#dora-repos tbody tr').first().waitFor({ state: 'attached', timeout: 20000 });
  const repos = [...new Set(runs.map((r) => r.repository.full_name))];
  for (const repo of repos) {
    const want = runs.filter((r) => r.repository.full_name === repo && r.name === 'deploy' && r.head_branch === 'main' && r.conclusion === 'success'
      && Date.parse(r.updated_at) >= now - 30 * 86400e3 && Date.parse(r.updated_at) < now).length;
    const cells = await page.locator(`#dora-repos tr[data-repo="${repo}"] td`).allTextContents();
    assert.equal(Number(cells[1]), want, repo);
  }
  assert.ok(await page.locator('#ci-health tbody tr').count() >= repos.length);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a service page joins its sources: relations, links, SLOs and workloads', async () => {
  const page = await open(browser, `${root.url}#/inventory/checkout`);
  await page.locator('#relations tr').first().waitFor({ timeout: 20000 });
  const rel = await page.locator('#relations').innerText();
  assert.match(rel, /ownedBy\s+payments/);
  assert.match(rel, /partOf\s+storefront/);
  assert.equal(await page.locator('ul.links a').first().getAttribute('href'), 'https://runbooks.acme.example/checkout');
  const list = JSON.parse(await readFile(resolve(DIST, 'demo/k8s/prod-eu.json'), 'utf8'));
  const want = list.items.filter((d) => d.kind === 'Deployment' && d.metadata.labels['app.kubernetes.io/name'] === 'checkout').length * 3;
  assert.equal(await page.locator('section:has(h2:text-is("Workloads")) tbody tr').count(), want, 'checkout and its worker in three clusters');
  // Its deployments: the deploy workflow's runs on main, newest first (ten at most).
  const deploys = (await demoJson('demo/ci/runs.json')).workflow_runs.filter((r) => r.repository.full_name === 'acme/checkout' && r.name === 'deploy' && r.head_branch === 'main')
    .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at)).slice(0, 10);
  const rows = await page.locator('#service-deployments tbody tr').allInnerTexts();
  assert.deepEqual(rows.map((r) => r.split('\t')[2]), deploys.map((r) => r.head_sha.slice(0, 8)));
  assert.deepEqual(rows.map((r) => r.split('\t')[3]), deploys.map((r) => r.conclusion));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
