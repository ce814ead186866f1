// A long SLO list is virtualised: 300 SLOs over a generated /metrics file (each SLO's error
// ratio known here: e/10,000 with e a distinct number from 1 to 300) render only the rows in
// view, yet the table says it lists all 300; the last one is reached by scrolling, with its
// figures; sorting by a column orders the whole list (checked against the CSV export, which
// does not depend on what is rendered); columns keep their widths while scrolling; grouping
// still heads each group; a search down to a few SLOs gives back a plain table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, downloadText, parseCsv, expectUrl } from './lib.mjs';

const N = 300;
const STEP = 15 * 60e3;
const pad = (i) => String(i).padStart(3, '0');
/** Errors per 10,000 requests of SLO i: 1 … 300, each once (7919 is prime to 300). */
const errors = (i) => 1 + ((i * 7919) % N);

/** 12 h of counters every 15 min, growing in proportion, so every window's ratio is exact. */
function exposition(now) {
  const lines = ['# TYPE http_requests_total counter'];
  for (let i = 0; i < N; i++) {
    for (const [code, per] of [['200', 10000 - errors(i)], ['500', errors(i)]]) {
      for (let k = 0; k < 48; k++) lines.push(`http_requests_total{service="svc-${pad(i)}",code="${code}"} ${per * (k + 1)} ${now - (47 - k) * STEP}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

let browser, app;
before(async () => {
  browser = await launch();
  const slos = Array.from({ length: N }, (_, i) => ({
    name: `slo-${pad(i)}`, service: `svc-${pad(i)}`, team: `team-${i % 7}`, objective: 0.99, window: '7d', source: 'file',
    sli: { ratio: { errors: `http_requests_total{service="svc-${pad(i)}",code="500"}`, total: `http_requests_total{service="svc-${pad(i)}"}` } },
  }));
  const config = JSON.stringify({ title: 'Many SLOs', sources: [{ name: 'file', kind: 'exposition', url: 'many.prom' }], slos });
  const text = exposition(Date.now());
  app = await serve({ extra: {
    '/many.json': (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(config),
    '/many.prom': (req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(text),
  } });
});
after(async () => { await browser?.close(); await app?.close(); });

const table = '#slo-table';
const rows = (page) => page.locator(`${table} tbody tr[data-slo]`);
const scrollTo = (page, where) => page.evaluate((w) => { const v = document.querySelector('#slo-table').closest('.vtable'); v.scrollTop = w === 'bottom' ? v.scrollHeight : 0; }, where);
/** The percentage a cell shows, as a ratio, and half its last digit (the rounding). */
function shown(text) {
  const m = /^(-?\d+(?:\.(\d+))?)%$/.exec(text.trim());
  assert.ok(m, `"${text}" is a percentage`);
  return { v: Number(m[1]) / 100, tol: 0.5 * 10 ** -(m[2]?.length ?? 0) / 100 };
}
function near(text, want, what) {
  const { v, tol } = shown(text);
  assert.ok(Math.abs(v - want) <= tol + 1e-12, `${what}: shows ${text}, expected ${want}`);
}
/** The cells of the row of `name` (attainment is the 7th column, budget left the 8th). */
async function cells(page, name) {
  const row = page.locator(`${table} tr[data-slo="${name}"]`);
  await row.waitFor({ timeout: 10000 });
  return { attainment: await row.locator('td:nth-child(7)').innerText(), budget: (await row.locator('td:nth-child(8)').innerText()).trim(), status: await row.locator('.badge').first().innerText() };
}
async function loaded(page) {
  await page.waitForFunction(() => {
    const t = document.querySelector('#slo-table');
    return t?.dataset.rows === '300' && t.dataset.loaded === '300' && !t.querySelector('.row-pending');
  }, null, { timeout: 90000 });
}

test('300 SLOs: all counted, few rendered, the last reached by scrolling, sorting over the whole list', async () => {
  const page = await open(browser, `${app.url}?config=many.json#/slos`, { viewport: { width: 1440, height: 900 } });
  await loaded(page);
  assert.equal(await page.locator(table).getAttribute('aria-rowcount'), String(N + 1), 'the header and every SLO');
  assert.ok(await page.locator(`${table}.fixed`).count(), 'a long list has fixed columns');
  const rendered = await rows(page).count();
  assert.ok(rendered >= 19 && rendered < 60, `${rendered} of ${N} rows in the DOM`);

  // The CSV holds every SLO, whatever is rendered.
  await page.waitForFunction(() => !document.querySelector('#export-slos')?.disabled, null, { timeout: 30000 });
  const [header, ...csv] = parseCsv((await downloadText(page, () => page.click('#export-slos'))).text).filter((r) => r.length > 1);
  assert.equal(csv.length, N);
  const col = (name) => header.indexOf(name);
  for (const r of csv) {
    const i = Number(r[0].slice(4));
    assert.ok(Math.abs(Number(r[col('sli')]) - (1 - errors(i) / 1e4)) < 1e-9, `${r[0]}: exported SLI ${r[col('sli')]}`);
  }

  // Worst first: the last row is the SLO with the fewest errors (slo-000: 1 in 10,000).
  const widths = () => page.$$eval(`${table} thead th`, (ths) => ths.map((th) => Math.round(th.getBoundingClientRect().width)));
  const before = await widths();
  await scrollTo(page, 'bottom');
  await page.locator(`${table} tr[data-slo="slo-000"]`).waitFor({ timeout: 10000 });
  assert.equal(await rows(page).last().getAttribute('data-slo'), 'slo-000');
  assert.equal(await rows(page).last().getAttribute('aria-rowindex'), String(N + 1));
  const last = await cells(page, 'slo-000');
  near(last.attainment, 1 - 1 / 1e4, 'attainment of slo-000');
  near(last.budget, 1 - (1 / 1e4) / 0.01, 'budget left of slo-000');
  assert.equal(last.status, 'healthy');
  assert.deepEqual(await widths(), before, 'column widths do not follow the rows in view');

  // Sorting by attainment orders all 300: the first row is the CSV's lowest, then its highest.
  const sli = csv.map((r) => ({ name: r[0], sli: Number(r[col('sli')]) })).sort((a, b) => a.sli - b.sli);
  const sortBy = async (label, dir) => {
    await page.click(`${table} th button:has-text("${label}")`);
    await page.locator(`${table} th[aria-sort="${dir}"]`, { hasText: label }).waitFor({ timeout: 5000 });
  };
  for (const [dir, want] of [['ascending', sli[0]], ['descending', sli[N - 1]]]) {
    await sortBy('Attainment', dir);
    await scrollTo(page, 'top');
    await page.waitForFunction((name) => document.querySelector('#slo-table tbody tr[data-slo]')?.dataset.slo === name, want.name, { timeout: 5000 });
    assert.equal(await rows(page).first().getAttribute('aria-rowindex'), '2');
    near((await cells(page, want.name)).attainment, want.sli, `first row sorted ${dir}`);
  }
  await expectUrl(page, /sort=-attainment/);
  // The bottom of the descending list is the lowest attainment.
  await scrollTo(page, 'bottom');
  await page.waitForFunction((name) => [...document.querySelectorAll('#slo-table tbody tr[data-slo]')].pop()?.dataset.slo === name, sli[0].name, { timeout: 5000 });
  assert.ok(await rows(page).count() < 60);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('300 SLOs grouped by team: group heads among the rows; a search down to ten gives a plain table', async () => {
  const page = await open(browser, `${app.url}?config=many.json#/slos?group=team`, { colorScheme: 'dark', viewport: { width: 420, height: 800 } });
  await loaded(page);
  assert.equal(await page.locator(table).getAttribute('aria-rowcount'), String(N + 7 + 1), 'seven group heads');
  const head = page.locator(`${table} tr.group-row`).first();
  assert.equal(await head.getAttribute('data-group'), 'team-0');
  assert.match(await head.innerText(), /of 43 SLOs met/);
  await scrollTo(page, 'bottom');
  await page.waitForFunction((n) => [...document.querySelectorAll('#slo-table tbody tr[data-slo]')].pop()?.getAttribute('aria-rowindex') === n, String(N + 7 + 1), { timeout: 10000 });
  assert.equal(Number((await rows(page).last().getAttribute('data-slo')).slice(4)) % 7, 6, 'the last row is one of team-6\'s');

  await page.fill('input[aria-label="Search SLOs"]', 'slo-00');
  await page.waitForFunction(() => document.querySelector('#slo-table')?.dataset.rows === '10', null, { timeout: 10000 });
  assert.equal(await page.locator('.vtable #slo-table, #slo-table.fixed').count(), 0, 'ten rows: a plain table');
  assert.equal(await rows(page).count(), 10);
  await page.fill('input[aria-label="Search SLOs"]', '');
  await page.waitForFunction(() => document.querySelector('#slo-table')?.dataset.rows === '300', null, { timeout: 10000 });
  // Virtualised again, from its top.
  assert.equal(await rows(page).first().getAttribute('aria-rowindex'), '3', 'below the first group head');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
