// A source defined in the config file with bearer auth gets its token on the Sources page:
// typed, kept for the tab's life, used by the connection test, forgotten again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open } from './lib.mjs';
import { faultServer } from './faults.mjs';

let browser, app, faults;
before(async () => {
  browser = await launch();
  faults = await faultServer();
  const config = { title: 'Configured auth', sources: [{ name: 'cfg-prom', kind: 'prometheus', url: `${faults.url}/auth`, auth: { mode: 'bearer' } }] };
  app = await serve({ extra: { '/cfg.json': (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(config)) } });
});
after(async () => { await browser?.close(); await app?.close(); await faults?.close(); });

test('a config-file source with bearer auth is given its token on the Sources page', async () => {
  const page = await open(browser, `${app.url}?config=cfg.json#/sources`);
  const row = page.locator('tr[data-source="cfg-prom"]');
  const status = row.locator('.source-status');
  await status.filter({ hasText: 'HTTP 401' }).waitFor({ timeout: 20000 });
  assert.match(await row.innerText(), /bearer \(no token\)/);
  assert.equal(await row.locator('input[name=credential]').getAttribute('aria-label'), `token for ${faults.url}`);
  await row.locator('input[name=credential]').fill('s3cret');
  await row.locator('select[name=keep]').selectOption('session');
  await row.locator('button:text-is("Save")').click();
  await status.filter({ hasText: 'connected' }).waitFor({ timeout: 20000 });
  assert.match(await row.innerText(), /bearer \(token set\)/);
  assert.equal(await row.locator('input[name=credential]').inputValue(), '', 'the field is cleared');
  // Kept for the tab's life: still there after a reload, and not in the URL.
  await page.reload();
  await status.filter({ hasText: 'connected' }).waitFor({ timeout: 20000 });
  assert.ok(!page.url().includes('s3cret'));
  await row.locator('button:text-is("Forget")').click();
  await status.filter({ hasText: 'HTTP 401' }).waitFor({ timeout: 20000 });
  assert.ok(!(await page.evaluate(() => JSON.stringify(sessionStorage) + JSON.stringify(localStorage))).includes('s3cret'));
  assert.deepEqual(page.errors.filter((e) => !/401/.test(e)), []);
  await page.context().close();
});
