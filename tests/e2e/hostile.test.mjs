// Hostile data is inert everywhere: a config whose sources (Prometheus API, /metrics page,
// Kubernetes JSON, Backstage YAML and JSON, workflow runs, delivery CSV, metric CSV, OpenSLO
// file) carry <script>, <img onerror>, <svg onload>, `javascript:` URLs and SVG-breaking text
// in every free-text field. Every view is visited, every chart hovered, every export opened,
// with the page's CSP <meta> removed so that only the app stands between the data and the
// DOM. Asserted: no payload ran (no `window.__pwned`, no dialog), no element gained an event
// attribute or a script, every request went to the app or a configured source, every link is
// http(s), `#…` or relative, CSV cells that start with = + - @ TAB CR are neutralised, and
// JSON/YAML exports carry the payload only as data. A last test proves each detector fires.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { DIST, serve, launch, open, parseCsv } from './lib.mjs';
import { hostileConfig, hostileServer, h, ACTIVE, JS_URL, EVIL_HOST, FORMULA } from './hostile_data.mjs';

let browser, app, bad;
before(async () => {
  browser = await launch();
  bad = await hostileServer();
  const config = JSON.stringify(hostileConfig(bad.url));
  // The bundle's index.html without its CSP <meta>: the policy would block inline handlers
  // and hide an escaping bug; this suite tests the app's own output.
  const index = (await readFile(`${DIST}/index.html`, 'utf8')).replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
  assert.doesNotMatch(index, /Content-Security-Policy/);
  const html = (req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(index);
  app = await serve({ extra: { '/': html, '/index.html': html, '/hostile.json': (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(config) } });
});
after(async () => { await browser?.close(); await app?.close(); await bad?.close(); });

/** Listens for dialogs and every request the page makes. */
async function instrument(page) {
  page.dialogs = [];
  page.requests = [];
  page.on('dialog', (d) => { page.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('request', (r) => page.requests.push(r.url()));
}

/** What the DOM holds that it must not: event attributes, scripts, frames, unsafe URLs. */
const audit = (page) => page.evaluate(() => {
  const findings = [];
  const own = new Set([...document.querySelectorAll('script[src]')].filter((s) => new URL(s.src, location.href).origin === location.origin));
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) findings.push(`<${el.localName} ${a.name}>`);
      if (/^(src|href|xlink:href|action|formaction|data)$/i.test(a.name) && /^\s*(javascript|vbscript|data):/i.test(a.value)) findings.push(`<${el.localName} ${a.name}="${a.value.slice(0, 40)}">`);
    }
    if (el.localName === 'script' && !own.has(el)) findings.push('<script> not the app\'s own');
    if (['iframe', 'object', 'embed', 'foreignobject'].includes(el.localName)) findings.push(`<${el.localName}>`);
  }
  const links = [...document.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? a.getAttribute('xlink:href')).filter((x) => x !== null);
  for (const href of links) if (!/^(https?:\/\/|#|\.?\/|[^:]*$)/i.test(href.trim()) || /^https?:\/\/[^/]*@/i.test(href)) findings.push(`link ${href.slice(0, 60)}`);
  // Each chart container holds exactly one root <svg>: closing tags in labels broke nothing.
  for (const c of document.querySelectorAll('.chart-svg')) if (c.children.length !== 1 || c.children[0].localName !== 'svg') findings.push(`chart with ${c.children.length} roots`);
  return { findings, links: links.length, pwned: window.__pwned ?? null, text: document.body.innerText };
});

/** Every cell of every row: a cell a spreadsheet would run as a formula is a finding. */
export function formulaCells(rows) {
  const number = /^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+|inf|infinity|nan)$/i;
  return rows.flat().filter((c) => FORMULA.some((p) => c.startsWith(p)) && !number.test(c));
}

/** Origins the page may talk to: itself and the configured sources. */
function foreignRequests(page) {
  const allowed = new Set([app.origin, bad.url]);
  return page.requests.filter((u) => {
    const url = new URL(u);
    if (url.protocol === 'blob:') return new URL(u.slice(5)).origin !== app.origin;
    if (url.protocol === 'data:') return false;
    return !allowed.has(url.origin);
  });
}

/** Clicks every enabled export/download button on the page — the page's own, then inside each
 * menu (chart SVG, badge), one menu open at a time; returns the files. PNG (binary) is left to
 * its own test. */
async function exportAll(page) {
  const files = [];
  const take = async (button) => {
    const label = `${await button.innerText()} on ${page.url()}`;
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }), button.click()])
      .catch((e) => assert.fail(`no download from "${label}": ${e.message.split('\n')[0]}`));
    const chunks = [];
    for await (const c of await download.createReadStream()) chunks.push(c);
    files.push({ name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') });
  };
  const wanted = /export|download|^(SVG|HTML|JSON)$|^CSV:/i;
  const own = page.locator('button:not([disabled]):visible').filter({ hasText: wanted });
  for (let i = 0; i < await own.count(); i++) await take(own.nth(i));
  const menus = page.locator('details:not(.share)');
  for (let m = 0; m < await menus.count(); m++) {
    const menu = menus.nth(m);
    await menu.evaluate((d) => { d.open = true; });
    const inside = menu.locator('button:not([disabled]):visible').filter({ hasText: wanted });
    for (let i = 0; i < await inside.count(); i++) await take(inside.nth(i));
    await menu.evaluate((d) => { d.open = false; });
  }
  return files;
}

/** An exported HTML or SVG document, loaded with scripts off: its active parts and text. */
async function inertDocument(markup) {
  const ctx = await browser.newContext({ javaScriptEnabled: false, offline: true });
  const doc = await ctx.newPage();
  await doc.setContent(markup);
  const found = await doc.evaluate(() => ({
    active: [
      ...[...document.querySelectorAll('script, iframe, object, embed, foreignObject')].map((e) => e.tagName),
      ...[...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name) || /^\s*javascript:/i.test(a.value)).map((a) => `${e.tagName} ${a.name}`)),
    ],
    text: document.documentElement.textContent,
  }));
  await ctx.close();
  return found;
}

async function hoverCharts(page) {
  let n = 0;
  for (const chart of await page.locator('.chart-svg svg').all()) {
    const box = await chart.boundingBox();
    if (!box) continue;
    await chart.scrollIntoViewIfNeeded();
    const b = await chart.boundingBox();
    for (const f of [0.15, 0.5, 0.85]) await page.mouse.move(b.x + b.width * f, b.y + b.height * 0.5);
    n++;
  }
  return n;
}

async function visit(page, hash) {
  await page.goto(`${app.url}?config=hostile.json${hash}`);
  await page.locator('nav.nav').waitFor({ timeout: 20000 });
  await page.waitForTimeout(2500);
}

const NAME = h('slo-prom', { lf: false });
const SOURCE = h('src-prom', { lf: false });

test('every view, chart and export of hostile data: nothing runs, nothing leaves, links stay http(s)', async () => {
  const page = await open(browser);
  await instrument(page);
  const files = [];
  const seen = { views: 0, charts: 0, texts: new Set() };
  const check = async (where) => {
    const a = await audit(page);
    assert.deepEqual(a.findings, [], `${where}: ${a.findings.join(', ')}`);
    assert.equal(a.pwned, null, `${where}: a payload ran (${a.pwned})`);
    assert.deepEqual(page.dialogs, [], `${where}: dialog`);
    // The payload reached the page, as text.
    if (a.text.includes('<script>window.__pwned="script"')) seen.texts.add(where);
    seen.views++;
  };
  const views = ['#/', '#/slos', '#/slo-editor', '#/inventory', '#/inventory?mode=entities', '#/delivery', '#/reports',
    `#/explore?source=${encodeURIComponent(SOURCE)}&range=6h&q=${encodeURIComponent(`up{job="${ACTIVE.replace(/"/g, '\\"')}"}`)}`,
    '#/sources', `#/${encodeURIComponent(h('nowhere'))}`];
  const details = new Set([`#/slos/${encodeURIComponent(NAME)}`]);
  for (const v of views) {
    await visit(page, v);
    if (v.startsWith('#/explore')) {
      await page.click('button:text-is("Run")');
      await page.waitForTimeout(2000);
    }
    for (const href of await page.locator('a[href^="#/slos/"], a[href^="#/inventory/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) details.add(href);
    seen.charts += await hoverCharts(page);
    files.push(...await exportAll(page));
    await check(v);
  }
  // The Sources page read every source (the hostile data was really loaded).
  await visit(page, '#/sources');
  await page.waitForFunction(() => [...document.querySelectorAll('tr[data-source] .source-status')].every((s) => /^(read|connected)/.test(s.innerText)), null, { timeout: 20000 })
    .catch(async () => assert.fail(`not every source loaded: ${await page.locator('tr[data-source] .source-status').allInnerTexts()}`));
  assert.equal(await page.locator('tr[data-source]').count(), 8);
  for (const d of [...details].slice(0, 16)) {
    await visit(page, d);
    seen.charts += await hoverCharts(page);
    files.push(...await exportAll(page));
    await check(d);
  }
  assert.ok(details.size >= 4, `detail pages found: ${[...details]}`);
  assert.ok(seen.charts >= 6, `charts hovered: ${seen.charts}`);
  for (const v of ['#/slos', '#/inventory?mode=entities', '#/sources']) assert.ok(seen.texts.has(v), `${v} shows the payload as text`);

  // Exports: CSV cells neutralised, JSON and YAML well-formed with the payload as data.
  const names = files.map((f) => f.name).sort();
  for (const want of ['headroom-slos.csv', 'slos.openslo.yaml', 'headroom-inventory.csv', 'headroom-inventory.json', 'headroom-entities.csv', 'headroom-entities.json', 'headroom-report.csv', 'headroom-dora.csv', 'headroom-ci-health.csv', 'headroom.json']) {
    assert.ok(names.some((n) => n === want), `${want} exported (got ${names})`);
  }
  let neutralised = 0, payloads = 0, yamlDescriptions = 0, documents = 0;
  for (const f of files) {
    if (f.name.endsWith('.csv')) {
      const rows = parseCsv(f.text);
      assert.deepEqual(formulaCells(rows), [], `${f.name}: formula cells`);
      neutralised += rows.flat().filter((c) => /^'[=+\-@\t\r]/.test(c)).length;
      payloads += rows.flat().filter((c) => c.includes(ACTIVE)).length;
    } else if (f.name.endsWith('.json')) {
      const strings = JSON.stringify(JSON.parse(f.text));
      assert.ok(strings.includes(JSON.stringify(ACTIVE).slice(1, -1)), `${f.name} keeps the payload as a string`);
    } else if (f.name.endsWith('.yaml')) {
      // The description's line break stays inside its block scalar (indented under `description:`).
      assert.doesNotMatch(f.text, /^ {0,2}kind: Injected/m, `${f.name}: a description broke out of its scalar`);
      if (/^ {4,}kind: Injected/m.test(f.text)) yamlDescriptions++;
      assert.equal(f.text.match(/^kind: SLO$/gm)?.length, f.text.split(/^---$/m).length, `${f.name}: one SLO per document`);
    } else if (f.name.endsWith('.html') || f.name.endsWith('.svg')) {
      // Opened on their own (scripts off, as a mail client or image viewer would): nothing active.
      const found = await inertDocument(f.text);
      assert.deepEqual(found.active, [], `${f.name}: active content`);
      if (found.text.includes('<script>')) payloads++;
      documents++;
    } else assert.fail(`unexpected export ${f.name}`);
  }
  assert.ok(documents >= 3, `${documents} HTML/SVG exports checked (report, badge, charts)`);
  assert.equal(yamlDescriptions, 1, 'the SLO list\'s OpenSLO export carries the hostile description');
  assert.ok(neutralised >= 6 && payloads >= 6, `neutralised ${neutralised} cells, ${payloads} with the payload`);
  assert.deepEqual(foreignRequests(page), [], 'requests only to the app and configured sources');
  assert.ok(page.requests.some((u) => u.startsWith(bad.url)), 'the sources were fetched');
  assert.equal(await page.locator('#panic-panel').count(), 0);
  assert.deepEqual(page.errors.filter((e) => !/Failed to load resource/.test(e)), []);
  console.log(`hostile: ${seen.views} views, ${seen.charts} charts hovered, ${files.length} exports (${names.join(' ')}), ${neutralised} CSV cells neutralised`);
  await page.context().close();
});

test('the detectors fire: the same payload, injected as HTML, is caught by each check', async () => {
  const page = await open(browser);
  await instrument(page);
  await visit(page, '#/sources');
  await page.evaluate(([html, js]) => {
    const div = document.body.appendChild(document.createElement('div'));
    div.innerHTML = `${html}<a href="${js.replace(/"/g, '&quot;')}">x</a><div class="chart-svg"><svg></svg><svg></svg></div>`;
  }, [ACTIVE, JS_URL]);
  await page.waitForFunction(() => window.__pwned, null, { timeout: 5000 });
  await page.waitForTimeout(500);
  const a = await audit(page);
  assert.ok(a.pwned, 'the payload ran once parsed as HTML');
  assert.ok(page.dialogs.length > 0, 'the dialog listener heard alert()');
  assert.ok(a.findings.some((f) => /onerror/.test(f)) && a.findings.some((f) => /^link javascript:/.test(f)) && a.findings.some((f) => /chart with 2 roots/.test(f)), a.findings.join(', '));
  assert.ok(foreignRequests(page).some((u) => u.includes(EVIL_HOST)), 'the request listener saw the foreign host');
  assert.deepEqual(formulaCells([['=1+1', '-0.5', "'=ok", '\tx', '12']]), ['=1+1', '\tx']);
  await page.context().close();
});
