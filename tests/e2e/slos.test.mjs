// SLO workflows in the browser: the what-if objective, the editor's live preview, definitions
// opened from files in other tools' formats, and the detail page's presets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, interop, needsInterop, expectUrl } from './lib.mjs';

let browser, app;
before(async () => { browser = await launch(); app = await serve(); });
after(async () => { await browser?.close(); await app?.close(); });

const tile = (page, label) => page.locator(`.tile:has(.tile-label:text-is("${label}")) .tile-value`);

test('what-if: a new objective recomputes the figures locally', async () => {
  const page = await open(browser, `${app.url}#/slos/search-availability`);
  await tile(page, 'Budget left').waitFor({ timeout: 20000 });
  const before = await tile(page, 'Budget left').innerText();
  const attainment = await tile(page, 'Attainment').innerText();
  await page.fill('input[aria-label="What-if objective (%)"]', '99');
  await page.dispatchEvent('input[aria-label="What-if objective (%)"]', 'change');
  await page.waitForFunction((b) => document.querySelector('.tile:nth-child(3) .tile-value')?.innerText !== b, before);
  assert.equal(await tile(page, 'Objective').innerText(), '99%');
  assert.equal(await tile(page, 'Attainment').innerText(), attainment, 'the SLI does not depend on the objective');
  // slo-math.md: 99% allows 7h12m per 30 days.
  assert.match(await page.locator('#nines').innerText(), /30 days\s+7h 12m/);
  assert.match(await page.locator('#alert-tiers').innerText(), /14\.4×/);
  // Marked as hypothetical, and kept in the link: a reload restores it.
  assert.match(await page.locator('#what-if-note').innerText(), /objective of 99% instead of the defined 99\.9%/);
  assert.equal(await page.locator('.tiles.hypothetical').count(), 1);
  await expectUrl(page, /objective=99(&|$)/);
  await page.reload();
  await tile(page, 'Objective').filter({ hasText: '99%' }).waitFor({ timeout: 20000 });
  // What cannot be computed is refused with the reason; the figures stay as they were.
  for (const bad of ['100', '99.99999']) {
    await page.fill('input[aria-label="What-if objective (%)"]', bad);
    await page.dispatchEvent('input[aria-label="What-if objective (%)"]', 'change');
    await page.locator('.what-if [role=alert]', { hasText: /no error budget/ }).waitFor();
    assert.equal(await tile(page, 'Objective').innerText(), '99%');
    assert.equal(await page.locator('input[aria-label="What-if objective (%)"]').inputValue(), bad, 'the typed text stays');
  }
  await page.click('.what-if button:text-is("Reset")');
  // The address bar follows once the change is painted.
  await page.waitForFunction(() => !location.hash.includes('objective='));
  assert.equal(await page.locator('#what-if-note').count(), 0);
  // Presets change the charts' range and live in the URL.
  await page.click('.presets button:text-is("7d")');
  await page.waitForFunction(() => location.hash.includes('range=7d'));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the editor previews a definition live and adds it to the workspace', async () => {
  const page = await open(browser, `${app.url}#/slos`);
  const reference = page.locator('tr[data-slo="checkout-availability"] td:nth-child(7)');
  await reference.waitFor({ timeout: 20000 });
  const want = await reference.innerText();
  await page.goto(`${app.url}#/slo-editor`);
  const row = page.locator('#editor-preview tbody tr');
  await row.first().waitFor({ timeout: 20000 });
  // The template is checkout's availability SLO: the preview must agree with the list.
  assert.match(await row.first().innerText(), new RegExp(`checkout-availability-draft\\s+${want.replace(/[.%]/g, '\\$&')}`));
  await page.fill('#slo-editor-text', 'apiVersion: pyrra.dev/v1alpha1\nkind: ServiceLevelObjective\nmetadata:\n  name: native\nspec:\n  target: "99"\n  window: 2w\n  indicator:\n    latencyNative:\n      total:\n        metric: x\n      latency: 200ms\n');
  await page.locator('#editor-preview tbody tr', { hasText: 'latencyNative' }).waitFor();
  assert.match(await page.locator('#editor-preview').innerText(), /spec\.indicator\.latencyNative: native histograms are not supported/);
  await page.fill('#slo-editor-text', 'name: gateway-draft\nservice: gateway\nobjective: 99.9\nsli:\n  ratio:\n    errors: http_requests_total{service="gateway",code=~"5.."}\n    total: http_requests_total{service="gateway"}\n');
  await page.locator('#editor-preview tbody tr', { hasText: 'gateway-draft' }).waitFor();
  await page.click('#editor-add');
  await page.locator('tr[data-slo="gateway-draft"]:not(.row-pending)').waitFor({ timeout: 20000 });
  assert.equal(await page.locator('tr[data-slo="gateway-draft"] td:nth-child(7)').innerText(), await page.locator('tr[data-slo="gateway-availability"] td:nth-child(7)').innerText());
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('Pyrra, Sloth and OpenSLO files opened from disk become SLOs, with precise messages', { skip: needsInterop }, async () => {
  const page = await open(browser, `${app.url}#/sources`);
  await page.waitForSelector('#open-files', { state: 'attached' });
  const fx = interop;
  await page.setInputFiles('#open-files', [fx('pyrra/nginx.yaml'), fx('sloth/getting-started.yml'), fx('openslo/ratio-timeslices.yaml')]);
  await page.locator('#open-files-result').waitFor();
  assert.match(await page.locator('#open-files-result').innerText(), /4 SLO definitions \(nginx-api-errors, nginx-api-latency, myservice-requests-availability, main-page\)/);
  await page.goto(`${app.url}#/slos`);
  for (const name of ['nginx-api-errors', 'nginx-api-latency', 'myservice-requests-availability', 'main-page']) {
    // Rows appear at once as "waiting for …", and get their figures when the source answered.
    await page.locator(`tr[data-slo="${name}"]:not(.row-pending)`).waitFor({ timeout: 20000 });
  }
  // OpenSLO's example queries an "Any" source: shown, with the field named.
  assert.match(await page.locator('tr[data-slo="main-page"]').innerText(), /ratioMetric\.total\.metricSource\.type "Any": Headroom reads Prometheus-compatible sources only/);
  // The demo snapshot has no recording of nginx's queries: said where the figures would be.
  assert.match(await page.locator('tr[data-slo="nginx-api-errors"]').innerText(), /holds no recording/);
  assert.equal(await page.locator('tr[data-slo="search-availability"] .badge').first().innerText(), 'breached', 'the rest still works');
  await page.context().close();
});

test('deep links restore their controls, and a new page starts at its top', async () => {
  const page = await open(browser, `${app.url}#/slos?team=payments`);
  await page.locator('tr[data-slo]').first().waitFor({ timeout: 20000 });
  await page.waitForFunction(() => document.querySelector('select[aria-label="Team"]')?.value === 'payments', null, { timeout: 10000 });
  await page.goto(`${app.url}#/inventory?owner=payments`);
  await page.waitForFunction(() => document.querySelector('select[aria-label="Owner"]')?.value === 'payments', null, { timeout: 20000 });
  // Scrolled down the inventory, a click to another page lands at that page's top.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  assert.ok(await page.evaluate(() => window.scrollY) > 200);
  await page.click('nav.nav a[href="#/reports"]');
  await page.waitForFunction(() => window.scrollY === 0, null, { timeout: 5000 });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
