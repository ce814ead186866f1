// Exclusion windows entered in the UI: on the demo, the hour search-availability burned worst
// (found here from the recorded Prometheus answers) is excluded through the SLO list's form.
// A bad window is refused with its reason and nothing typed is lost; the good one changes the
// exported attainment to the figure computed here from the same answers with those slices
// removed, labels the row, shades the SLO's charts (legend "excluded: <name>"), lives in the
// URL and survives a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DIST, serve, launch, open, downloadText, parseCsv, recordedAnswer } from './lib.mjs';

const H = 3600e3;
const demo = async (rel) => JSON.parse(await readFile(resolve(DIST, rel), 'utf8'));
const BAD = 'sum(increase(http_requests_total{service="search",code=~"5.."}[1h]))';
const TOTAL = 'sum(increase(http_requests_total{service="search"}[1h]))';
const NAME = 'search outage';

let browser, app;
before(async () => { browser = await launch(); app = await serve(); });
after(async () => { await browser?.close(); await app?.close(); });

/** `yyyy-mm-ddThh:mm` in UTC, as a datetime-local input takes it. */
const local = (ms) => new Date(ms).toISOString().slice(0, 16);

async function exportedRow(page) {
  await page.waitForFunction(() => !document.querySelector('#export-slos')?.disabled, null, { timeout: 30000 });
  const { text } = await downloadText(page, () => page.click('#export-slos'));
  const [header, ...rows] = parseCsv(text);
  const row = rows.find((r) => r[0] === 'search-availability');
  return Object.fromEntries(header.map((h, i) => [h, row[i]]));
}

test('a window excluded in the UI changes the figures to the samples-removed ones, is labelled and kept in the URL', async () => {
  const index = await demo('demo/prometheus/index.json');
  const series = async (q) => new Map((await recordedAnswer(demo, index, q)).data.result[0].values.map(([t, v]) => [t * 1000, Number(v)]));
  const [bad, total] = [await series(BAD), await series(TOTAL)];
  const now = index.captured_at;
  const slices = [...total].filter(([t]) => t > now - 30 * 86400e3 && t <= now).map(([t, v]) => ({ t, v, b: bad.get(t) ?? 0 }));
  const worst = slices.reduce((a, s) => (s.b / s.v > a.b / a.v ? s : a));
  // From half an hour into the slice two before the worst to its end: three slices.
  const from = worst.t - 3 * H + 30 * 60e3, to = worst.t;
  const kept = slices.filter((s) => !(from < s.t && to > s.t - H));
  assert.equal(slices.length - kept.length, 3);
  const sum = (xs, k) => xs.reduce((a, s) => a + s[k], 0);
  const want = 1 - sum(kept, 'b') / sum(kept, 'v');
  const plain = 1 - sum(slices, 'b') / sum(slices, 'v');

  const page = await open(browser, `${app.url}#/slos`);
  await page.locator('tr[data-slo="search-availability"]').waitFor({ timeout: 30000 });
  const before = await exportedRow(page);
  assert.ok(Math.abs(Number(before.sli) - plain) < 1e-9, `${before.sli} vs ${plain}`);
  assert.equal(before.excluded, '');

  await page.click('#exclusions > summary');
  await page.fill('#exclusion-name', NAME);
  // The end before the start: refused with the reason, every field kept.
  await page.fill('#exclusion-from', local(to));
  await page.fill('#exclusion-to', local(from));
  await page.click('#exclusion-add');
  assert.match(await page.locator('#exclusion-error').innerText(), /Not applied: the end .* must be after the start/);
  assert.equal(await page.inputValue('#exclusion-name'), NAME);
  assert.ok(!page.url().includes('exclude='));
  await page.fill('#exclusion-from', local(from));
  await page.fill('#exclusion-to', local(to));
  await page.click('#exclusion-add');
  await page.locator('tr[data-slo="search-availability"] .excluded').waitFor({ timeout: 30000 });
  assert.equal(await page.locator('#exclusion-error').count(), 0);
  assert.match(await page.locator('tr[data-slo="search-availability"] .excluded').getAttribute('title'), /Excluded from the figures: search outage \(/);
  assert.match(page.url(), /[?&]exclude=[^#]*search/);

  const check = async () => {
    const row = await exportedRow(page);
    assert.ok(Math.abs(Number(row.sli) - want) < 1e-9, `exported ${row.sli} vs ${want} computed here`);
    assert.equal(row.excluded, NAME);
  };
  await check();
  assert.ok(want > plain);

  // The SLO's page: the window is named in the legend and shaded, the link keeps it.
  await page.click('tr[data-slo="search-availability"] a');
  await page.locator('.legend-item', { hasText: `excluded: ${NAME}` }).first().waitFor({ timeout: 30000 });
  assert.ok(await page.locator('.legend-item', { hasText: `excluded: ${NAME}` }).count() >= 4, 'every chart names the window');
  assert.match(await page.locator('.notices').allInnerTexts().then((t) => t.join('\n')), /Excluded from the figures: search outage/);
  assert.match(page.url(), /exclude=/);

  // A reload restores it.
  await page.goto(page.url().replace(/#.*/, '#/slos'));
  await page.reload();
  await page.locator('tr[data-slo="search-availability"] .excluded').waitFor({ timeout: 30000 });
  await check();
  // Removed again: back to the plain figures.
  await page.click('#exclusions > summary');
  await page.click('.exclusion[data-source="url"] button');
  await page.waitForFunction(() => !document.querySelector('tr[data-slo="search-availability"] .excluded'), null, { timeout: 30000 });
  assert.ok(!page.url().includes('exclude='));
  assert.ok(Math.abs(Number((await exportedRow(page)).sli) - plain) < 1e-9);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
