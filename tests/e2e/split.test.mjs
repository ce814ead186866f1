// End-to-end: the Wasm split (src/ui/app.rs, pages.rs, tools/csp/split.mjs). The first paint
// downloads the main module only; the shell (the Overview, the SLO list, all loading) is asked
// for right after it; the other pages bring their module the first time one is opened (or
// pointed at); a module that cannot be downloaded shows a message in the view's place, with a
// retry that works once the network is back, and the rest of the app keeps working. The reader
// that says where a config fails is a module too, downloaded for such a config only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { DIST, serve, launch, open } from './lib.mjs';

let browser, app;
before(async () => {
  browser = await launch();
  // A type error (a number where a duration is expected) the quick reader cannot place.
  const typo = JSON.stringify({ sources: [{ name: 'p', kind: 'prometheus', url: 'http://127.0.0.1:1', timeout: 5 }] });
  app = await serve({ extra: { '/typo.json': (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(typo) } });
});
after(async () => {
  await browser?.close();
  await app?.close();
});

/** The Wasm files the page requests, by their name without the build's hash. */
function wasmRequests(page) {
  const seen = [];
  page.on('request', (r) => {
    const m = r.url().match(/headroom-[0-9a-f]{16}(?:-(\w+))?(_bg)?\.wasm$/);
    if (m) seen.push(m[2] ? 'main' : m[1]);
  });
  return seen;
}

/**
 * The Wasm files asked for while the main module downloaded: the first paint needs that one
 * only, and nothing may share the network with it. (The shell is asked for right after the
 * first paint, or as soon as the config is read if that comes first: the paint is no fixed
 * point to test against.)
 */
async function besideMain(page) {
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /_bg\.wasm$/.test(e.name) && e.responseEnd > 0));
  return page.evaluate(() => {
    const wasm = performance.getEntriesByType('resource').filter((e) => /\.wasm$/.test(e.name));
    const main = wasm.find((e) => /_bg\.wasm$/.test(e.name));
    return wasm.filter((e) => e.startTime < main.responseEnd).map((e) => e.name.replace(/^.*headroom-[0-9a-f]{16}-?/, ''));
  });
}

test('the build has a main module, the shell, the pages and the config errors reader, named by one hash', () => {
  const wasm = readdirSync(DIST).filter((f) => f.endsWith('.wasm'));
  const hashes = new Set(wasm.map((f) => f.match(/^headroom-([0-9a-f]{16})/)?.[1]));
  assert.equal(hashes.size, 1, `one build's files: ${wasm.join(', ')}`);
  for (const group of ['shell', 'pages', 'config_errors']) {
    assert.ok(wasm.some((f) => f.endsWith(`-split_${group}.wasm`)), `no module for ${group}: ${wasm.join(', ')}`);
  }
  assert.equal(wasm.filter((f) => /-split_\w+\.wasm$/.test(f)).length, 3, wasm.join(', '));
  assert.equal(wasm.filter((f) => f.endsWith('_bg.wasm')).length, 1);
});

test('the main module downloads alone; the shell brings the Overview and the SLO list; the other pages their module', async () => {
  const page = await open(browser);
  const seen = wasmRequests(page);
  await page.goto(app.url);
  assert.deepEqual(await besideMain(page), ['_bg.wasm'], 'while the main module downloads');
  await page.waitForSelector('.tile');
  await page.waitForFunction(() => document.querySelector('.chart-svg svg polyline'));
  assert.deepEqual(seen.filter((m) => !/^chunk_\d+$/.test(m)), ['main', 'split_shell'], 'at the first chart');

  const atChart = seen.length;
  await page.goto(`${app.url}#/slos`);
  await page.waitForSelector('tr[data-slo]');
  assert.equal(seen.length, atChart, `the SLO list is the shell's: ${seen.join(', ')}`);
  await page.goto(`${app.url}#/reports`);
  await page.waitForSelector('main h1:text-is("Reliability report")');
  assert.ok(seen.includes('split_pages'), seen.join(', '));
  const afterReports = seen.length;
  // Another page of the same module: nothing more to download.
  await page.goto(`${app.url}#/inventory`);
  await page.waitForSelector('main h1:text-is("Inventory")');
  assert.equal(seen.length, afterReports, seen.join(', '));
  assert.equal(seen.filter((m) => m === 'split_shell').length, 1, seen.join(', '));
  assert.deepEqual(page.errors, []);
});

test("pointing at a link starts its page's download before the click", async () => {
  const page = await open(browser);
  const seen = wasmRequests(page);
  await page.goto(app.url);
  await page.waitForSelector('.tile');
  assert.ok(!seen.includes('split_pages'));
  await page.hover('nav a[href="#/explore"]');
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /split_pages\.wasm$/.test(e.name)));
  await page.click('nav a[href="#/explore"]');
  await page.waitForSelector('main h1:text-is("Explore")');
  assert.equal(seen.filter((s) => s === 'split_pages').length, 1, seen.join(', '));
  assert.deepEqual(page.errors, []);
});

test('a link to a page downloads the main module alone, then the shell and its module, once each', async () => {
  const routes = { '#/slos/checkout-availability': 'SLO', '#/reports': 'Reliability report', '#/inventory/checkout': 'checkout', '#/delivery': 'Delivery', '#/explore': 'Explore', '#/sources': 'Sources', '#/slos': 'SLOs' };
  for (const [hash, heading] of Object.entries(routes)) {
    const page = await open(browser);
    const seen = wasmRequests(page);
    await page.goto(app.url + hash);
    assert.deepEqual(await besideMain(page), ['_bg.wasm'], `${hash}: while the main module downloads`);
    await page.waitForSelector(heading === 'SLO' ? 'main h1' : `main h1:text-is("${heading}")`);
    const modules = seen.filter((m) => m.startsWith('split_')).sort();
    assert.deepEqual(modules, hash === '#/slos' ? ['split_shell'] : ['split_pages', 'split_shell'], hash);
    assert.deepEqual(page.errors, [], hash);
    await page.context().close();
  }
});

test("a link's route that is no page downloads no page's module and raises nothing", async () => {
  for (const hash of ['#/constructor', '#/__proto__', '#/toString', '#/nope']) {
    const page = await open(browser);
    const seen = wasmRequests(page);
    await page.goto(app.url + hash);
    await page.waitForSelector('main .error-box');
    assert.deepEqual(seen.filter((m) => m.startsWith('split_')), ['split_shell'], hash);
    assert.deepEqual(page.errors, [], hash);
    await page.context().close();
  }
});

test('a page whose module cannot be downloaded says so in its place, and its retry works', async () => {
  const page = await open(browser);
  let failing = true;
  await page.route(/split_pages\.wasm$/, (route) => (failing ? route.abort('internetdisconnected') : route.continue()));
  await page.goto(`${app.url}#/inventory`);
  const box = page.locator('main .error-box');
  await box.waitFor();
  assert.match(await box.innerText(), /This page could not be downloaded/);
  // The rest of the app works: the top bar navigates, and the shell's pages open.
  await page.click('nav a[href="#/slos"]');
  await page.waitForSelector('main h1:text-is("SLOs")');
  await page.click('nav a[href="#/inventory"]');
  await box.waitFor();
  // Back online: "Try again" downloads the module and shows the page.
  failing = false;
  await page.click('main .error-box button:text-is("Try again")');
  await page.waitForSelector('main h1:text-is("Inventory")');
  assert.equal(await page.locator('main .error-box').count(), 0);
  // The loader logs each failed download to the console, and nothing else went wrong.
  assert.ok(page.errors.length > 0, 'the failed download was logged');
  assert.deepEqual(page.errors.filter((e) => !/split_pages|Failed to fetch|ERR_INTERNET_DISCONNECTED|TypeError/.test(e)), []);
});

test('a shell that cannot be downloaded says so on the boot screen, in the page\'s theme, and its retry works', async () => {
  const page = await open(browser, undefined, { colorScheme: 'dark' });
  let failing = true;
  await page.route(/split_shell\.wasm$/, (route) => (failing ? route.abort('internetdisconnected') : route.continue()));
  await page.goto(app.url);
  const box = page.locator('.boot .error-box');
  await box.waitFor();
  assert.match(await box.innerText(), /Headroom could not be downloaded completely.*reloading the tab then helps/s);
  // The boot screen is dark already: a dark page does not flash light while the shell downloads.
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  failing = false;
  await page.click('.boot .error-box button:text-is("Try again")');
  await page.waitForSelector('.tile');
  await page.waitForFunction(() => document.querySelector('.chart-svg svg polyline'));
  assert.equal(await page.locator('.error-box').count(), 0);
  assert.deepEqual(page.errors.filter((e) => !/split_shell|Failed to fetch|ERR_INTERNET_DISCONNECTED|TypeError/.test(e)), []);
});

test('a config that does not read downloads the reader that says where, and says it', async () => {
  const page = await open(browser);
  const seen = wasmRequests(page);
  await page.goto(`${app.url}?config=typo.json`);
  const box = page.locator('.config-error');
  await box.waitFor();
  assert.match(await box.innerText(), /sources\[0\]\.timeout: invalid type: integer "5", expected a string at line 1 column 82/);
  // The module, and the chunks of code it shares; the shell too (asked for at the first paint,
  // before the config was read), but not the pages'.
  assert.deepEqual(seen.filter((m) => !/^chunk_\d+$/.test(m)).sort(), ['main', 'split_config_errors', 'split_shell']);
  assert.deepEqual(page.errors, []);

  // Without that module, the message still says what is wrong, and how to see where.
  const offline = await open(browser);
  await offline.route(/split_config_errors\.wasm$/, (route) => route.abort('internetdisconnected'));
  await offline.goto(`${app.url}?config=typo.json`);
  await offline.locator('.config-error').waitFor();
  assert.match(await offline.locator('.config-error').innerText(), /does not read as a config.*reload the page to see where/s);
});

test('a server that sends the modules under another type than application/wasm still opens the pages', async () => {
  const page = await open(browser);
  await page.route(/split_\w+\.wasm$|chunk_\d+\.wasm$/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
  });
  await page.goto(`${app.url}#/reports`);
  await page.waitForSelector('main h1:text-is("Reliability report")');
  await page.goto(`${app.url}#/slos`);
  await page.waitForSelector('tr[data-slo]');
  assert.equal(await page.locator('main .error-box').count(), 0);
  assert.deepEqual(page.errors, []);
});
