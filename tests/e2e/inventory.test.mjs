// Inventory in the browser: the entity table filters through facets kept in the URL, exports
// exactly the filtered rows (compared with rows computed here from the demo's Kubernetes
// lists), and stays usable with 10,000 entities (scrolling renders the last row).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DIST, serve, launch, open, downloadText, parseCsv, recordedAnswer, expectUrl } from './lib.mjs';

let browser, app;

function bigList(n) {
  const items = [];
  for (let i = 0; i < n; i++) {
    items.push({ kind: 'Deployment', metadata: { name: `svc-${i}`, namespace: `ns-${i % 40}`, labels: { 'app.kubernetes.io/name': `svc-${i % 700}`, team: `team-${i % 23}` } },
      spec: { replicas: 3, template: { spec: { containers: [{ image: `reg/svc:${i % 5}.0.0` }] } } }, status: { availableReplicas: i % 4 } });
  }
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
}

before(async () => {
  browser = await launch();
  const big = bigList(10000);
  const cfg = JSON.stringify({ title: 'big fleet', sources: [{ name: 'big', kind: 'kubernetes', url: 'big.json' }] });
  app = await serve({ extra: {
    '/big.json': (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(big),
    '/big-config.json': (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(cfg),
  } });
});
after(async () => { await browser?.close(); await app?.close(); });

test('facet filters live in the URL and the CSV export holds exactly the filtered rows', async () => {
  const list = JSON.parse(await readFile(resolve(DIST, 'demo/k8s/prod-us.json'), 'utf8'));
  const want = list.items.filter((d) => d.kind === 'Deployment' && d.metadata.labels.team === 'payments').map((d) => d.metadata.name).sort();
  const page = await open(browser, `${app.url}#/inventory?mode=entities&cols=name,cluster,owner`);
  await page.locator('#entity-table tbody tr.entity-row').first().waitFor({ timeout: 20000 });
  // The list follows the counts a frame after the rows (aria-busy meanwhile): a click sent
  // before then can land on a line whose value moved.
  for (const [facet, value] of [['cluster', 'prod-us'], ['kind', 'Deployment'], ['owner', 'payments']]) {
    await page.locator(`.facet[data-facet="${facet}"] label:has-text("${value}") input`).check();
    await page.locator('.facets:not([aria-busy])').waitFor();
  }
  await page.waitForFunction(() => location.hash.includes('f.owner=payments'));
  await expectUrl(page, /f\.cluster=prod-us/);
  assert.equal(await page.locator('#entity-count').innerText(), `${want.length} of 116 entities`);
  // The facet counts ignore their own filter: the other clusters stay offered.
  assert.ok(await page.locator('.facet[data-facet="cluster"] label').count() >= 3);
  const { text } = await downloadText(page, () => page.click('#export-entities-csv'));
  const [header, ...rows] = parseCsv(text);
  assert.deepEqual(header, ['name', 'cluster', 'owner']);
  assert.deepEqual(rows.map((r) => r[0]).sort(), want);
  assert.ok(rows.every((r) => r[1] === 'prod-us' && r[2] === 'payments'));
  // A copied link reopens the same filtered view.
  const again = await open(browser, page.url());
  await again.locator('#entity-table tbody tr.entity-row').first().waitFor({ timeout: 20000 });
  assert.equal(await again.locator('#entity-count').innerText(), `${want.length} of 116 entities`);
  assert.deepEqual([...page.errors, ...again.errors], []);
  await page.context().close();
  await again.context().close();
});

test('10,000 entities: the table renders only what is visible and scrolls to the last row', async () => {
  const page = await open(browser, `${app.url}?config=big-config.json#/inventory?mode=entities&cols=name,namespace,replicas&sort=name`);
  await page.locator('#entity-table tbody tr.entity-row').first().waitFor({ timeout: 30000 });
  assert.equal(await page.locator('#entity-count').innerText(), '10000 of 10000 entities');
  const rendered = await page.locator('#entity-table tbody tr.entity-row').count();
  assert.ok(rendered < 60, `${rendered} rows in the DOM`);
  await page.evaluate(() => { const v = document.querySelector('.vtable'); v.scrollTop = v.scrollHeight; v.dispatchEvent(new Event('scroll')); });
  await page.locator('#entity-table tbody tr.entity-row', { hasText: 'svc-9999' }).waitFor({ timeout: 10000 });
  await page.fill('input[aria-label="Search entities"]', 'svc-999');
  await page.waitForFunction(() => document.querySelector('#entity-count')?.innerText.startsWith('11 of'));
  assert.equal(await page.locator('#entity-empty').count(), 0, 'no empty-state line while rows match');
  // A search nothing matches says so in the table, and clearing it brings the rows back.
  await page.fill('input[aria-label="Search entities"]', 'no-such-entity');
  await page.waitForFunction(() => document.querySelector('#entity-count')?.innerText.startsWith('0 of 10000'));
  assert.equal(await page.locator('#entity-empty').innerText(), 'No entities match the search and filters.');
  assert.equal(await page.locator('#entity-table tbody tr.entity-row').count(), 0);
  await page.fill('input[aria-label="Search entities"]', '');
  await page.locator('#entity-table tbody tr.entity-row').first().waitFor();
  assert.equal(await page.locator('#entity-empty').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('10,000 entities: the rows in view are always the right run of the list, through scroll, sort, filter and grouping', async () => {
  // Computed here from the generated list: the app sorts names as text (stable, by position),
  // descending is the ascending order reversed, and groups follow their value's order.
  const n = 10000, names = Array.from({ length: n }, (_, i) => `svc-${i}`);
  const team = (name) => `team-${Number(name.slice(4)) % 23}`;
  const asc = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const page = await open(browser, `${app.url}?config=big-config.json#/inventory?mode=entities&cols=name,namespace,owner&sort=name`);
  const lines = () => page.$$eval('#entity-table tbody tr:not(.spacer)', (trs) => trs.map((tr) => (tr.classList.contains('group-row') ? `H:${tr.textContent}` : tr.cells[0].textContent)));
  // The rendered lines are `want`'s run from the position of the first one, none missing or twice.
  const run = async (want, why) => {
    const got = await lines();
    const at = want.indexOf(got[0]);
    assert.ok(at >= 0 && got.length > 10 && got.length < 60, `${why}: ${got.length} lines from ${got[0]}`);
    assert.deepEqual(got, want.slice(at, at + got.length), why);
    return at;
  };
  const scrollTo = (px) => page.evaluate((px) => { const v = document.querySelector('.vtable'); v.scrollTop = px; v.dispatchEvent(new Event('scroll')); }, px);
  const until = (name) => page.locator('#entity-table tbody tr.entity-row', { hasText: new RegExp(`^${name}`) }).first().waitFor({ timeout: 10000 });
  await until(asc[0]);
  assert.equal(await run(asc, 'first paint'), 0);
  await scrollTo(30 * 5000);
  await until(asc[5000]);
  const mid = await run(asc, 'scrolled to the middle');
  // A small scroll keeps most rows and adds a few.
  await scrollTo(30 * 5003);
  await until(asc[5003 + 20]);
  assert.ok((await run(asc, 'scrolled by three rows')) > mid);
  const sorts = () => page.$$eval('#entity-table th', (ths) => ths.map((th) => th.getAttribute('aria-sort')));
  assert.deepEqual(await sorts(), ['ascending', null, null]);
  // The headers are buttons: the keyboard sorts too.
  await page.locator('#entity-table th button.sort').first().focus();
  await page.keyboard.press('Enter');
  const desc = [...asc].reverse();
  await page.waitForFunction(() => location.hash.includes('sort=-name'));
  assert.deepEqual(await sorts(), ['descending', null, null]);
  await until(desc[5003]);
  await run(desc, 'sorted the other way');
  // The first team the owner facet lists (it lists the 12 most frequent of 23).
  const pick = await page.locator('.facet[data-facet="owner"] label span').first().textContent();
  const box = page.locator(`.facet[data-facet="owner"] label:has(span:text-is("${pick}")) input`);
  await box.check();
  const picked = desc.filter((x) => team(x) === pick);
  await page.waitForFunction((k) => document.querySelector('#entity-count')?.textContent.startsWith(`${k} of`), picked.length);
  await run(picked, `filtered to ${pick}`);
  await page.locator('.facets:not([aria-busy])').waitFor();
  await box.uncheck();
  await page.selectOption('select[aria-label="Group entities by"]', 'owner');
  await scrollTo(0);
  const groups = [...new Set(desc.map(team))].sort((a, b) => (a < b ? -1 : 1));
  const grouped = groups.flatMap((g) => { const rows = desc.filter((x) => team(x) === g); return [`H:${g} · ${rows.length}`, ...rows]; });
  await page.locator('#entity-table tr.group-row').first().waitFor({ timeout: 10000 });
  assert.equal(await run(grouped, 'grouped by owner'), 0);
  await scrollTo(30 * 4000);
  await until(grouped[4000]);
  await run(grouped, 'grouped, scrolled');
  // A click anywhere in a header cell sorts, not only on its label.
  const cell = page.locator('#entity-table th.sortable').nth(1);
  const rect = await cell.boundingBox();
  await cell.click({ position: { x: rect.width - 3, y: rect.height / 2 } });
  await page.waitForFunction(() => location.hash.includes('sort=namespace'));
  assert.deepEqual(await sorts(), [null, 'ascending', null]);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('10,000 entities: a filter draws the rows in view in its own frame and the 8 rows below them in a later one', async () => {
  // The card is 560 px high: 19 rows of 30 px in view, 8 more drawn beyond them (ui/virtual_rows.rs).
  const page = await open(browser, `${app.url}?config=big-config.json#/inventory?mode=entities&cols=name,namespace,owner`);
  const rows = '#entity-table tbody tr.entity-row';
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 27, rows, { timeout: 30000 });
  // Row counts seen by each animation frame from the click on, until the list is the filtered one.
  const frames = page.evaluate((sel) => new Promise((ok) => {
    const seen = [];
    const tick = () => {
      const trs = document.querySelectorAll(sel);
      if (trs[0]?.cells[2].textContent === 'team-1') seen.push(trs.length);
      // Until all 27 are drawn (the overscan waits for the first frame to be on screen, 40 ms).
      if (seen.at(-1) === 27 || seen.length === 60) ok(seen); else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }), rows);
  await page.locator('.facet[data-facet="owner"] label:has(span:text-is("team-1")) input').check();
  const seen = await frames;
  assert.equal(seen[0], 19, `rows per frame: ${seen}`);
  assert.equal(seen.at(-1), 27, `rows per frame: ${seen}`);
  // Every row drawn is the filter's, in list order: svc-1, svc-24, … (i % 23 == 1).
  const names = await page.$$eval(rows, (trs) => trs.map((tr) => tr.cells[0].textContent));
  assert.deepEqual(names, Array.from({ length: 27 }, (_, k) => `svc-${1 + 23 * k}`));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('inventory over time: the then-vs-now table equals the recorded history read here', async () => {
  const index = JSON.parse(await readFile(resolve(DIST, 'demo/prometheus/index.json'), 'utf8'));
  const page = await open(browser, `${app.url}#/inventory`);
  const table = page.locator('#inventory-history .history-table');
  await table.waitFor({ timeout: 30000 });
  const labels = { 'scrape targets': 'count(up)', nodes: 'count(kube_node_info)', 'kubelet versions': 'count(count by (kubelet_version) (kube_node_info))' };
  for (const [label, query] of Object.entries(labels)) {
    const file = await recordedAnswer(async (p) => JSON.parse(await readFile(resolve(DIST, p), 'utf8')), index, query);
    const values = file.data.result[0].values;
    const at = (t) => Number(values.filter(([ts]) => ts * 1000 <= t).pop()[1]);
    const cells = await table.locator(`tr[data-series="${label}"] td`).allInnerTexts();
    const days = [0, 7, 30, 90].map((d) => at(index.captured_at - d * 86400e3));
    assert.deepEqual(cells.slice(1, 5).map(Number), days, label);
    const all = values.map(([, v]) => Number(v));
    assert.equal(cells[5], `${Math.min(...all)} – ${Math.max(...all)}`, label);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
