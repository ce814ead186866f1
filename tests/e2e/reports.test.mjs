// The report's controls: stepping periods with ‹ ›, picking a custom range of days and a time
// zone — each kept in the URL and shown in the report's header.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, expectUrl } from './lib.mjs';

let browser, app;
before(async () => { browser = await launch(); app = await serve(); });
after(async () => { await browser?.close(); await app?.close(); });

const meta = (page) => page.locator('#report-meta').innerText();

test('report periods: step, custom range and time zone live in the URL and the header', async () => {
  const page = await open(browser, `${app.url}#/reports?period=month`);
  await page.locator('#report-table').waitFor({ timeout: 30000 });
  // The demo's "now" is 18 Nov 2025: the last complete month is October.
  assert.match(await meta(page), /^Reliability report · October 2025 · time zone UTC · generated /);
  await page.click('button[aria-label="Previous period"]');
  await page.waitForFunction(() => location.hash.includes('at=2025-09'));
  await page.locator('#report-meta', { hasText: 'September 2025' }).waitFor();
  await page.click('button[aria-label="Next period"]');
  await page.locator('#report-meta', { hasText: 'October 2025' }).waitFor();

  await page.selectOption('select[aria-label="Period"]', 'custom');
  await page.fill('input[name=from]', '2025-10-06');
  await page.dispatchEvent('input[name=from]', 'change');
  await page.fill('input[name=to]', '2025-10-19');
  await page.dispatchEvent('input[name=to]', 'change');
  await page.locator('#report-meta', { hasText: '6 Oct 2025 – 19 Oct 2025' }).waitFor();
  await expectUrl(page, /period=custom/);
  await expectUrl(page, /at=2025-10-06\.\.2025-10-19/);

  await page.fill('input[name=tz]', 'Europe/Berlin');
  await page.dispatchEvent('input[name=tz]', 'change');
  await page.locator('#report-meta', { hasText: 'time zone Europe/Berlin' }).waitFor();
  // A zone that does not exist says so, and the controls stay.
  await page.fill('input[name=tz]', 'Mars/Olympus');
  await page.dispatchEvent('input[name=tz]', 'change');
  await page.locator('.error-box', { hasText: 'Mars/Olympus' }).waitFor();
  assert.equal(await page.locator('input[name=from]').inputValue(), '2025-10-06');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
