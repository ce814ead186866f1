// Share: the link to exactly this view, with "lock the time range" turning `range=7d` into
// absolute times; the locked link reopens the view over those times, with no preset active.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ROOT, serve, launch, open } from './lib.mjs';

let browser, app;
before(async () => { browser = await launch(); app = await serve(); });
after(async () => { await browser?.close(); await app?.close(); });

test('a shared link keeps the view, and a locked one keeps its times', async () => {
  const page = await open(browser, `${app.url}#/slos/checkout-availability?range=7d&refresh=5m`);
  await page.locator('.chart-svg svg').first().waitFor({ timeout: 30000 });
  await page.click('.share summary');
  const link = page.locator('.share-link');
  assert.equal(await link.inputValue(), `${app.url}#/slos/checkout-availability?range=7d&refresh=5m`);
  await page.check('.share input[name=lock]');
  const locked = new URL(await link.inputValue());
  const params = new URLSearchParams(locked.hash.split('?')[1]);
  assert.equal(params.get('range'), null);
  assert.equal(params.get('refresh'), '5m');
  const [from, to] = [Number(params.get('from')), Number(params.get('to'))];
  assert.equal(to - from, 7 * 86400e3, 'seven days');
  // Ending at the workspace's "now": the demo recording's capture time, not the clock.
  const captured = JSON.parse(await readFile(resolve(ROOT, 'public/demo/prometheus/index.json'), 'utf8')).captured_at;
  assert.equal(to, captured);

  const other = await open(browser, locked.href);
  await other.locator('.chart-svg svg').first().waitFor({ timeout: 30000 });
  assert.equal(await other.locator('.presets .button.active').count(), 0, 'no preset: the locked times');
  // The charts' axis spans the locked week (labels are days of that week).
  const axis = await other.locator('.chart-svg svg').first().innerHTML();
  assert.ok(axis.length > 1000, 'a drawn chart');
  assert.deepEqual([...page.errors, ...other.errors], []);
  await page.context().close();
  await other.context().close();
});
