// The same config, two runtimes: the native workspace suite (tests/workspace_pipeline.rs)
// loads a config against the real test Prometheus with its clock pinned to the end of the
// test data and writes the SLO list CSV; here the app loads that config in Chromium with the
// page clock pinned to the same instant and must export exactly the same file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
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
