// One Prometheus that never answers must hold back only its own SLOs: the healthy source's
// SLOs, the Overview tiles and the list appear at once, the hanging SLO says what it waits
// for, and after the source's timeout it shows the timeout message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { serve, launch, open } from './lib.mjs';

const CORS = { 'content-type': 'application/json', 'access-control-allow-origin': '*' };
let browser, app, up, down;

/**
 * A Prometheus look-alike that answers every query with hourly events, or (`hang`) accepts
 * every request and never answers. Two servers: browsers allow 6 connections per host, so a
 * hanging host must be another origin, as two Prometheus servers are.
 */
function prometheus({ hang }) {
  const hanging = new Set();
  const server = createServer((req, res) => {
    if (req.method === 'OPTIONS') return res.writeHead(204, { ...CORS, 'access-control-allow-headers': '*' }).end();
    if (hang) { hanging.add(res); return; }
    const url = new URL(req.url, 'http://x');
    const ok = (data) => res.writeHead(200, CORS).end(JSON.stringify({ status: 'success', data }));
    if (url.pathname.endsWith('/status/buildinfo')) return ok({ version: '2.99.0' });
    if (url.pathname.endsWith('/rules')) return ok({ groups: [] });
    if (url.pathname.endsWith('/alerts')) return ok({ alerts: [] });
    if (!url.pathname.endsWith('/query_range')) return ok({ resultType: 'vector', result: [] });
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const p = new URLSearchParams(req.method === 'POST' ? body : url.search);
      const query = p.get('query') || '';
      const end = Math.floor(Number(p.get('end'))), step = Number(p.get('step'));
      const values = [];
      for (let t = end - 48 * 3600; t <= end; t += Math.max(step, 3600)) values.push([t, query.includes('errors_total') ? '1' : '1000']);
      ok({ resultType: 'matrix', result: query.includes('ALERTS') ? [] : [{ metric: {}, values }] });
    });
  });
  return {
    listen: () => new Promise((ok) => server.listen(0, '127.0.0.1', ok)).then(() => `http://127.0.0.1:${server.address().port}`),
    close: () => { hanging.forEach((r) => r.destroy()); return new Promise((ok) => server.close(ok)); },
  };
}

const slo = (name, source) => ({ name, service: name, objective: 0.99, source, sli: { ratio: { errors: 'errors_total', total: 'requests_total' } } });

before(async () => {
  browser = await launch();
  up = prometheus({ hang: false });
  down = prometheus({ hang: true });
  const [upUrl, downUrl] = [await up.listen(), await down.listen()];
  const config = {
    title: 'Half down',
    sources: [
      { name: 'up', kind: 'prometheus', url: upUrl },
      { name: 'down', kind: 'prometheus', url: downUrl, timeout: '8s' },
    ],
    slos: [slo('alpha', 'up'), slo('bravo', 'down'), slo('charlie', 'up')],
  };
  app = await serve({ extra: { '/half.json': (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(config)) } });
});
after(async () => { await browser?.close(); await app?.close(); await up?.close(); await down?.close(); });

test('a hanging source holds back only its own SLOs, then says it timed out', async () => {
  const t0 = Date.now();
  const page = await open(browser, `${app.url}?config=half.json#/slos`);
  const alpha = page.locator('tr[data-slo="alpha"]');
  await alpha.locator('td.num', { hasText: '99.9' }).first().waitFor({ timeout: 6000 });
  const shownAfter = Date.now() - t0;
  assert.ok(shownAfter < 8000, `the healthy SLOs appeared before the hanging source's timeout (${shownAfter} ms)`);
  // The first answer after a quiet spell is shown at once and later ones gather for a moment
  // (ui/state.rs), so charlie may follow alpha by one publish.
  await page.locator('tr[data-slo="charlie"] td.num', { hasText: '99.9' }).first().waitFor({ timeout: 1000 });
  assert.match(await page.locator('tr[data-slo="bravo"]').innerText(), /waiting for down…/);
  assert.equal(await page.locator('.slo-waiting').innerText(),
    '2 of 3 SLOs loaded; waiting for down (1 SLO); reading the recording rules of down');
  assert.ok(await page.locator('#export-slos').isDisabled(), 'no CSV of a partial load');

  // The Overview counts what is there while the rest waits.
  await page.goto(`${app.url}?config=half.json#/`);
  await page.locator('.tile', { hasText: 'SLOs meeting objective' }).filter({ hasText: '2 / 3' }).waitFor({ timeout: 3000 });
  assert.ok(Date.now() - t0 < 8000, 'still inside the timeout');

  // The hanging source's own message once its timeout passed; the waiting line is gone.
  await page.goto(`${app.url}?config=half.json#/slos`);
  const bravo = page.locator('tr[data-slo="bravo"]');
  await bravo.filter({ hasText: /did not answer within 8s/ }).waitFor({ timeout: 15000 });
  assert.match(await bravo.innerText(), /^bravo\tSource down: http:\/\/127\.0\.0\.1:\d+\/api\/v1\/query_range did not answer within 8s/);
  assert.equal(await page.locator('.slo-waiting').count(), 0);
  assert.match(await alpha.innerText(), /99\.9/);
  await page.context().close();
});
