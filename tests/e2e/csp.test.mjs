// Strict CSP: dist/ served with the policy README gives operators (plus frame-ancestors) runs
// every view with zero violations — no inline script, no inline style attribute — including
// hover read-outs and legend swatches, which style elements through the CSSOM.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serve, launch, open, DIST } from './lib.mjs';

const POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; connect-src *; frame-ancestors 'self'";

let browser, app;
before(async () => { browser = await launch(); app = await serve({ headers: { 'content-security-policy': POLICY } }); });
after(async () => { await browser?.close(); await app?.close(); });

test('index.html carries the policy and no inline script or style', async () => {
  const html = await readFile(`${DIST}/index.html`, 'utf8');
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'/);
  assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)[^>]*>/, 'no inline script');
  assert.doesNotMatch(html, /\sstyle="/, 'no inline style');
});

test('every view runs under the strict policy with zero violations', async () => {
  const page = await open(browser);
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sample || ''}`));
  });
  let swatches = 0;
  const views = ['#/', '#/slos', '#/slos/checkout-availability', '#/slo-editor', '#/inventory', '#/inventory/checkout', '#/delivery', '#/reports', '#/explore', '#/sources'];
  for (const v of views) {
    await page.goto(`${app.url}${v}`);
    await page.locator('nav.nav').waitFor({ timeout: 20000 });
    await page.waitForTimeout(1500);
    swatches += await page.locator('.swatch').count();
    // Hover every chart: read-outs and crosshairs are positioned through the CSSOM.
    for (const chart of await page.locator('.chart svg').all()) {
      const box = await chart.boundingBox();
      if (box) await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    }
  }
  assert.ok(swatches > 0, 'legend swatches were drawn');
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(page.errors.filter((e) => /Content Security Policy/i.test(e)), []);
  // The listener does hear violations: an inline style attribute set now is refused.
  await page.evaluate(() => document.body.appendChild(document.createElement('div')).setAttribute('style', 'color: red'));
  await page.waitForFunction(() => window.__violations.length > 0);
  assert.match((await page.evaluate(() => window.__violations))[0], /^style-src-attr/);
  await page.context().close();
});
