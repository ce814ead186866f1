// A large /metrics file keeps the page responsive: 100,200 series (20,100 services from
// *_build_info, 80,000 request counters, 100 series with 10,000-character label values),
// with SLOs over it — one over every counter. The file is read once per load and in pieces;
// the 20,100-row services table renders only what is in view; long values are cut in their
// cells and whole on hover; no task blocks the page for more than 200 ms.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open } from './lib.mjs';

const SERVICES = 20100;
const LONG = 'x'.repeat(10000);
let browser, app, fetches = 0;

function bigExposition(now) {
  const lines = ['# HELP app_build_info Build information', '# TYPE app_build_info gauge'];
  for (let i = 0; i < SERVICES; i++) lines.push(`app_build_info{service="svc-${i}",version="1.${i % 7}.0"} 1`);
  lines.push('# TYPE http_requests_total counter');
  for (let i = 0; i < 40000; i++) {
    for (const code of ['200', '500']) lines.push(`http_requests_total{service="svc-${i % SERVICES}",code="${code}",path="/p/${i}"} ${code === '200' ? 1000 + i : i % 5} ${now - 2 * 3600e3}`);
  }
  for (let i = 0; i < 100; i++) lines.push(`long_label_build_info{service="long-${i}",version="${LONG}${i}"} 1`);
  return `${lines.join('\n')}\n`;
}

before(async () => {
  browser = await launch();
  const text = bigExposition(Date.now());
  const slo = (name, errors, total) => ({ name, service: 'svc-1', objective: 0.99, source: 'big', sli: { ratio: { errors, total } } });
  const config = {
    title: 'Large file',
    sources: [{ name: 'big', kind: 'exposition', url: 'big.prom' }],
    slos: [
      slo('fleet-availability', 'http_requests_total{code="500"}', 'http_requests_total'),
      slo('svc-2-availability', 'http_requests_total{code="500",service="svc-2"}', 'http_requests_total{service="svc-2"}'),
    ],
  };
  app = await serve({ extra: {
    '/big.json': (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(config)),
    '/big.prom': (req, res) => { fetches += 1; res.writeHead(200, { 'content-type': 'text/plain' }).end(text); },
  } });
});
after(async () => { await browser?.close(); await app?.close(); });

test('a 100,200-series file: read once, no long task over 200 ms, 20,100 services virtualised', async () => {
  const page = await open(browser);
  await page.addInitScript(() => {
    window.__long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(Math.round(e.duration)); }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${app.url}?config=big.json#/slos`);
  await page.locator('tr[data-slo="fleet-availability"]:not(.row-pending)').waitFor({ timeout: 60000 });
  await page.locator('tr[data-slo="svc-2-availability"]:not(.row-pending)').waitFor({ timeout: 60000 });
  assert.equal(fetches, 1, 'both SLOs (four selections) and the inventory read the file once');

  await page.goto(`${app.url}?config=big.json#/inventory`);
  const table = page.locator('#inventory-table');
  await table.locator('tr[data-service]').first().waitFor({ timeout: 60000 });
  assert.equal(await page.getByText(/ services shown$/).innerText(), `${SERVICES + 100} services shown`);
  const rendered = await table.locator('tr[data-service]').count();
  assert.ok(rendered < 60, `${rendered} service rows in the DOM`);
  // The last service is reached by scrolling, and its row is the one rendered.
  await page.evaluate(() => { const v = document.querySelector('#inventory-table').closest('.vtable'); v.scrollTop = v.scrollHeight; });
  await table.locator('tr[data-service="svc-9999"]').waitFor({ timeout: 10000 });
  const last = await table.locator('tr[data-service]').last().getAttribute('data-service');
  assert.equal(last, 'svc-9999', 'services sort as text; the last of them is rendered after scrolling');
  // A 10,000-character version is cut in its cell and whole in its tooltip.
  await page.goto(`${app.url}?config=big.json#/inventory?mode=entities&cols=service,version&q=long-42`);
  const cell = page.locator('#entity-table tr.entity-row td').nth(1);
  await cell.waitFor({ timeout: 60000 });
  assert.ok((await cell.getAttribute('title')) === `${LONG}42`, 'the tooltip holds the whole value');
  // Cut by the cell itself: its text runs on past its edge (hidden), and the table stays in its card.
  const [shown, whole, card] = await cell.evaluate((td) => [td.clientWidth, td.scrollWidth, td.closest('.vtable').clientWidth]);
  assert.ok(whole > 20 * shown && shown < card, `cell ${shown} px of ${whole} px of text, card ${card} px`);
  assert.equal(Math.round((await cell.boundingBox()).height), 30, 'the row keeps its height');

  const long = await page.evaluate(() => window.__long);
  assert.ok(Math.max(0, ...long) <= 200, `long tasks (ms): ${long.join(', ')}`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
