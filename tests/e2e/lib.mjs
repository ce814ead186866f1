// Shared helpers for the end-to-end suite: serve dist/ on a free loopback port (optionally at
// a sub-path, with extra routes for fault cases), launch Debian's Chromium headless through
// playwright-core, and collect console errors so every test can assert there were none.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staticServer } from './serve.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = resolve(ROOT, 'dist');

/** The interop fixtures beside the repository (`../shared/fixtures/interop`). */
export const INTEROP = resolve(ROOT, '../shared/fixtures/interop');
export const interop = (p) => resolve(INTEROP, p);
/**
 * `skip` option for tests that read the interop fixtures: a reason naming the folder when it
 * is missing outside CI; with CI=true the tests run (and fail on the missing files).
 */
export const needsInterop = existsSync(INTEROP) || process.env.CI === 'true' ? false : `${INTEROP} is missing: interop fixture test skipped`;

export async function serve({ prefix = '/', extra = {}, headers = {} } = {}) {
  const server = staticServer({ dir: DIST, prefix, extra, headers });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}${prefix}`, origin: `http://127.0.0.1:${port}`, close: () => new Promise((ok) => server.close(ok)) };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A page that records console errors and uncaught exceptions into `page.errors`. */
export async function open(browser, url, { colorScheme = 'light', viewport = { width: 1360, height: 900 } } = {}) {
  const context = await browser.newContext({ colorScheme, viewport, acceptDownloads: true });
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(`pageerror: ${e.message}`));
  if (url) await page.goto(url);
  return page;
}

/**
 * Asserts that the page's address (decoded) comes to match `re`. The app writes a change into
 * the address bar once the frame showing it is on screen (`web::history`, some 50 ms later),
 * so a test reading the URL right after the change waits for it (5 s at most).
 */
export async function expectUrl(page, re, message) {
  const matches = ([s, f]) => new RegExp(s, f).test(decodeURIComponent(location.href));
  await page.waitForFunction(matches, [re.source, re.flags], { timeout: 5000 }).catch(() => {});
  assert.match(decodeURIComponent(page.url()), re, message);
}

/** Reads a download triggered by `click` as text. */
export async function downloadText(page, click) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const stream = await download.createReadStream();
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
}

/** Minimal RFC 4180 CSV parser (quoted fields, doubled quotes). */
export function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/**
 * One recorded answer of the demo's Prometheus snapshot, read here for independent checks:
 * the index names a file, or `file#key` for the answer under `key` in a bundle of answers.
 * `read(path)` parses a JSON file under dist/.
 */
export async function recordedAnswer(read, index, query) {
  const entry = index.queries[query];
  if (entry === undefined) throw new Error(`the demo recorded no answer for ${query}`);
  const [file, key] = entry.split('#');
  const doc = await read(`demo/prometheus/${file}`);
  return key === undefined ? doc : doc[key];
}
