// The same config, two runtimes: the native workspace suite (tests/workspace_pipeline.rs)
// loads a config against the real test Prometheus with its clock pinned to the end of the
// test data and writes the SLO list CSV; here the app loads that config in Chromium with the
// page clock pinned to the same instant and must export exactly the same files (the SLO list
// and the September report), whose HTML and PDF forms are checked too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { resolve, join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { ROOT, serve, launch, open, downloadText } from './lib.mjs';

const END = Date.UTC(2026, 9, 1);
const read = (p) => readFile(resolve(ROOT, 'target/workspace', p), 'utf8').catch(() => null);
const config = await read('live.json');
const nativeCsv = await read('slos.csv');

let browser, app;
before(async () => {
  browser = await launch();
  app = await serve({ extra: { '/live.json': (req, res) => { res.setHeader('Content-Type', 'application/json'); res.end(config); } } });
});
after(async () => { await browser?.close(); await app?.close(); });

test('the browser exports the SLO CSV the native workspace computed for the same config', { skip: !config && 'no target/workspace/ (the native suite of make test writes it)' }, async () => {
  const page = await open(browser);
  await page.clock.setFixedTime(new Date(END));
  await page.goto(`${app.url}?config=live.json#/slos`);
  await page.locator('tr[data-slo="broken"]').waitFor({ timeout: 60000 });
  const button = page.locator('#export-slos');
  await page.waitForFunction(() => !document.querySelector('#export-slos')?.disabled, null, { timeout: 60000 });
  const { name, text } = await downloadText(page, () => button.click());
  assert.equal(name, 'headroom-slos.csv');
  assert.equal(text, nativeCsv);
  assert.equal(text.trim().split('\n').length, 8, 'seven SLOs: five from the config, two discovered');
  // The browser logs the 400 Prometheus answers to the broken SLO's query (on purpose).
  assert.deepEqual(page.errors.filter((e) => !/status of 400 \(Bad Request\)/.test(e)), []);
  await page.context().close();
});

test('the September report: the browser\'s CSV equals the native one; its HTML export reads the same offline; its PDF is a clean document', { skip: !config && 'no target/workspace/ (the native suite of make test writes it)' }, async () => {
  const nativeReport = await read('report.csv');
  const page = await open(browser, null, { colorScheme: 'dark' });
  await page.clock.setFixedTime(new Date(END));
  await page.goto(`${app.url}?config=live.json#/reports?period=month&at=2026-09&tz=UTC`);
  await page.locator('#report-table').waitFor({ timeout: 60000 });
  const csv = await downloadText(page, () => page.click('#export-report-csvslos'));
  assert.equal(csv.text, nativeReport);
  const summary = await page.locator('#report-summary').innerText();
  assert.match(summary, /^\d+ of 6 SLOs met their objective in September 2026/);

  // The HTML export, opened with JavaScript off, shows the same summary and rows.
  const html = await downloadText(page, () => page.click('#export-report-html'));
  assert.equal(html.name, 'headroom-report-2026-09.html');
  const offline = await browser.newContext({ javaScriptEnabled: false, offline: true });
  const doc = await offline.newPage();
  await doc.setContent(html.text);
  assert.equal(await doc.locator('p.summary').innerText(), summary);
  const rows = await doc.locator('table').first().locator('tbody tr td:first-child').allInnerTexts();
  assert.deepEqual(rows, await page.locator('#report-table tbody tr td:first-child a').allInnerTexts());
  assert.equal(await doc.locator('svg.sparkline').count(), 6);
  await offline.close();

  // Chromium's PDF (from the dark theme): pages, no navigation or controls, every column.
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4' });
  const dir = await mkdtemp(join(tmpdir(), 'report-'));
  await writeFile(join(dir, 'r.pdf'), pdf);
  const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
  const pages = text.split('\f').filter((p) => p.trim());
  assert.ok(pages.length >= 1 && pages.length <= 4, `${pages.length} pages`);
  assert.match(pages[0], /Reliability report · September 2026 · time zone UTC/);
  assert.match(pages[0], /SLOs in the period/, 'the SLO table starts on page 1');
  // Every column (its header's words: a header may wrap onto two lines in the PDF).
  for (const word of ['SLO', 'Team', 'Objective', 'Attainment', 'Met', 'Budget', 'consumed', 'left', 'Events', 'Burn-down']) {
    assert.match(text, new RegExp(`\\b${word}\\b`), `column word ${word}`);
  }
  assert.match(text, /Attainment history[\s\S]*2026-09/);
  for (const control of ['Explore', 'Export CSV', 'CSV: SLOs', 'Time zone', 'Print']) assert.ok(!text.includes(control), `no "${control}" in the PDF`);
  assert.deepEqual(page.errors.filter((e) => !/status of 400 \(Bad Request\)/.test(e)), []);
  await page.context().close();
});
