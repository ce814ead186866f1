// Embedding: the example host page (dist/embed-example.html) frames Headroom's kiosk overview
// and single-panel embeds in <iframe sandbox="allow-scripts allow-same-origin">, everything
// served under the strict CSP (with frame-ancestors). Each frame must render its panel and
// nothing else, post its height, and be sized by the host so its content ends exactly at the
// frame's bottom; the card shows the SLO page's figures; theme=dark is honoured; badges
// download as standalone SVG; zero console errors and zero CSP violations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, downloadText } from './lib.mjs';

const POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; connect-src *; frame-ancestors 'self'";
const SLO = 'checkout-availability';
const TILES = ['Objective', 'Attainment', 'Budget left', 'Burn rate (1h)', 'Status'];

let browser, app;
before(async () => {
  browser = await launch();
  app = await serve({ headers: { 'content-security-policy': POLICY } });
});
after(async () => { await browser?.close(); await app?.close(); });

/** Records CSP violations in every frame, and (top window only) the height messages by frame id. */
function instrument() {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective}: ${e.blockedURI}`));
  if (window !== window.top) return;
  window.__heights = [];
  window.addEventListener('message', (e) => {
    if (e.data?.type !== 'headroom:height') return;
    const frame = [...document.querySelectorAll('iframe')].find((f) => f.contentWindow === e.source);
    window.__heights.push({ id: frame ? frame.id : '(self)', height: e.data.height });
  });
}

/** What the host saw of frame `id`, and what the frame's own document measures. */
function measure(id) {
  const f = document.getElementById(id);
  const doc = f.contentDocument;
  const root = doc.querySelector('.embed') || doc.querySelector('.app');
  const posted = window.__heights.filter((h) => h.id === id);
  return {
    posts: posted.length,
    posted: posted.at(-1)?.height,
    content: root ? root.scrollHeight : null,
    rootBottom: root ? root.getBoundingClientRect().bottom : null,
    frame: f.getBoundingClientRect().height,
    inner: f.contentWindow.innerHeight,
    docScroll: doc.documentElement.scrollHeight,
  };
}

/** Waits until frame `id` shows `ready` and its posted height has settled, then checks it. */
async function settled(page, id, ready) {
  const frame = await (await page.$(`#${id}`)).contentFrame();
  await frame.waitForSelector(ready, { state: 'attached', timeout: 30000 });
  let last = null;
  for (let i = 0; i < 60; i++) {
    const m = await page.evaluate(measure, id);
    const same = last && JSON.stringify(m) === JSON.stringify(last);
    if (same && m.posted === m.content && Math.abs(m.frame - m.posted) <= 1) break;
    last = m;
    await page.waitForTimeout(250);
  }
  const m = await page.evaluate(measure, id);
  assert.ok(m.posts > 0, `${id}: no headroom:height message arrived`);
  assert.ok(Number.isInteger(m.posted) && m.posted > 0, `${id}: posted ${m.posted}`);
  assert.equal(m.posted, m.content, `${id}: posted height ≠ the content's height`);
  assert.ok(Math.abs(m.frame - m.posted) <= 1, `${id}: the host set ${m.frame}px, posted ${m.posted}px`);
  // Independent of how the app measures: the content ends at the frame's bottom (±1 px) and
  // nothing overflows it.
  assert.ok(Math.abs(m.rootBottom - m.inner) <= 1, `${id}: content ends at ${m.rootBottom}, frame is ${m.inner}`);
  assert.ok(m.docScroll <= m.inner + 1, `${id}: the frame's document scrolls (${m.docScroll} > ${m.inner})`);
  return { frame, m };
}

/** label → value of the tiles on a page or frame. */
async function tiles(where) {
  return where.$$eval('.tiles .tile', (els) => Object.fromEntries(els.map((t) => [
    t.querySelector('.tile-label').textContent.trim(), t.querySelector('.tile-value').textContent.trim(),
  ])));
}

test('the example host page frames kiosk and single-panel embeds, sized to their content', async () => {
  const page = await open(browser, null, { colorScheme: 'light', viewport: { width: 1360, height: 900 } });
  await page.addInitScript(instrument);
  // The SLO's own page, for the figures the card must repeat.
  const detail = await open(browser, `${app.url}#/slos/${SLO}`);
  await detail.waitForSelector('.tiles .tile-value', { timeout: 30000 });
  const expected = await tiles(detail);
  await page.goto(`${app.url}embed-example.html`);
  for (const f of await page.$$('iframe')) {
    assert.equal(await f.getAttribute('sandbox'), 'allow-scripts allow-same-origin');
  }

  // (a) kiosk overview: the app without its navigation, charts drawn.
  const kiosk = (await settled(page, 'kiosk', '.chart-svg svg polyline')).frame;
  assert.equal(await kiosk.locator('.app.kiosk').count(), 1);
  assert.equal(await kiosk.locator('nav.nav').isVisible(), false, 'kiosk hides the navigation');
  assert.equal(await kiosk.locator('.topbar').isVisible(), false);
  assert.equal((await kiosk.locator('main h1').textContent()).trim(), 'Overview');

  // (b) the burn-rate chart alone, at the frame's width.
  const burn = (await settled(page, 'burn', '.embed .chart-svg svg polyline')).frame;
  assert.equal(await burn.locator('nav, .topbar, .page-header').count(), 0, 'no chrome in an embed');
  assert.equal(await burn.locator('.chart-card').count(), 1, 'exactly one chart');
  assert.match(await burn.locator('figcaption').textContent(), /Burn rate/);
  assert.equal((await burn.locator('.embed-name').textContent()).trim(), SLO);
  const sized = await burn.evaluate(() => {
    const svg = document.querySelector('.chart-svg svg');
    return { drawn: Number(svg.getAttribute('width')), shown: svg.getBoundingClientRect().width, frame: window.innerWidth };
  });
  assert.ok(Math.abs(sized.drawn - sized.shown) <= 1, `chart drawn at ${sized.drawn}, shown at ${sized.shown}`);
  assert.ok(sized.shown > sized.frame - 60 && sized.shown <= sized.frame, `chart ${sized.shown}px in a ${sized.frame}px frame`);
  assert.equal(await burn.evaluate(() => document.documentElement.dataset.theme), 'light');

  // (c) the card, dark: the same figures as the SLO's page.
  const card = (await settled(page, 'card', '.embed .tiles .tile-value')).frame;
  assert.equal(await card.locator('nav, .topbar').count(), 0);
  const shown = await tiles(card);
  for (const label of TILES) assert.equal(shown[label], expected[label], `card tile ${label}`);
  assert.equal(await card.evaluate(() => document.documentElement.dataset.theme), 'dark', 'theme=dark is honoured');
  assert.equal(await card.evaluate(() => getComputedStyle(document.querySelector('.tile')).backgroundColor), 'rgb(22, 27, 34)');

  // (d) the badge: a standalone SVG with the same attainment, 20 px tall.
  const { frame: badge, m: badgeHeight } = await settled(page, 'badge', '.embed-badge-svg svg');
  assert.equal(badgeHeight.posted, 20);
  const svg = badge.locator('.embed-badge-svg svg');
  assert.equal(await svg.getAttribute('xmlns'), 'http://www.w3.org/2000/svg');
  const text = await svg.locator('text').allTextContents();
  assert.ok(text.includes(`${SLO} · ${expected.Objective}`), text.join(' | '));
  assert.ok(text.some((t) => t.startsWith(`${expected.Attainment} `) && t.includes('budget')), text.join(' | '));

  // (e) the SLO table with the list's team filter: the same SLOs, in the same order.
  const slos = (await settled(page, 'slos', '.embed #slo-table tbody tr')).frame;
  const embedded = await slos.$$eval('#slo-table tbody tr', (rows) => rows.map((r) => r.dataset.slo));
  const list = await open(browser, `${app.url}#/slos?team=payments`);
  await list.waitForFunction(() => document.querySelectorAll('#slo-table tbody tr[data-slo]').length > 0 && !document.querySelector('.slo-waiting'), null, { timeout: 30000 });
  const listed = await list.$$eval('#slo-table tbody tr[data-slo]', (rows) => rows.map((r) => r.dataset.slo));
  assert.deepEqual(embedded, listed);
  assert.ok(listed.length >= 2);

  // A wider frame: the card's tiles fit on one row, a new height is posted and the host follows.
  const before = (await page.evaluate(measure, 'card')).posted;
  await page.evaluate(() => { document.getElementById('card').style.width = '1000px'; });
  await page.waitForFunction((h) => window.__heights.filter((x) => x.id === 'card').at(-1).height !== h, before);
  const wide = (await settled(page, 'card', '.embed .tiles')).m;
  assert.ok(wide.posted < before, `the 1000 px card is shorter (${wide.posted} < ${before})`);

  // Nothing refused by the policy, in the host page or any frame; no console errors.
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  for (const f of page.frames()) assert.deepEqual(await f.evaluate(() => window.__violations), [], f.url());
  assert.deepEqual(page.errors, []);
  assert.deepEqual(detail.errors, []);
  for (const p of [page, detail, list]) await p.context().close();
});

test('unknown SLOs and panels say so inside the frame; nothing is posted outside a frame', async () => {
  const page = await open(browser);
  await page.addInitScript(instrument);
  await page.goto(`${app.url}#/embed/slo/no-such-slo/burn`);
  await page.waitForSelector('.embed .error-box', { timeout: 30000 });
  assert.match(await page.locator('.error-box').innerText(), /Unknown SLO[\s\S]*No SLO is named "no-such-slo"/);
  assert.equal(await page.locator('nav, .topbar').count(), 0);
  await page.goto(`${app.url}#/embed/slo/${SLO}/pie`);
  await page.waitForFunction(() => /Nothing to embed here/.test(document.querySelector('.error-box')?.textContent || ''));
  assert.match(await page.locator('.error-box').innerText(), /panels: card, burn, budget, sli, badge/);
  // Back to the app: the chrome returns.
  await page.goto(`${app.url}#/slos`);
  await page.locator('nav.nav').waitFor({ timeout: 20000 });
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('embedded')), false);
  assert.deepEqual(await page.evaluate(() => window.__heights), [], 'a page outside a frame posts nothing');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the SLO page offers its badge as a download, an embed URL and snippets', async () => {
  const page = await open(browser, `${app.url}#/slos/${SLO}`);
  await page.waitForSelector('.tiles .tile-value', { timeout: 30000 });
  const figures = await tiles(page);
  await page.click('#badge-menu');
  await page.waitForSelector('.badge-preview svg');
  const file = await downloadText(page, () => page.click('#badge-download'));
  assert.equal(file.name, `${SLO}-badge.svg`);
  assert.match(file.text, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" /);
  // Standalone-valid XML, with the page's figures.
  const parsed = await page.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
    return { error: doc.querySelector('parsererror')?.textContent ?? null, root: doc.documentElement.localName, text: [...doc.querySelectorAll('text')].map((n) => n.textContent) };
  }, file.text);
  assert.equal(parsed.error, null);
  assert.equal(parsed.root, 'svg');
  assert.ok(parsed.text.some((t) => t.startsWith(`${figures.Attainment} `)), parsed.text.join(' | '));
  const fields = await page.locator('.badge-popover textarea').evaluateAll((els) => els.map((e) => e.value));
  const url = fields[0];
  assert.ok(url.endsWith(`#/embed/slo/${SLO}/badge`), url);
  assert.match(fields[1], new RegExp(`^<iframe src="${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" .*sandbox="allow-scripts allow-same-origin"></iframe>$`));
  assert.equal(fields[2], `![${SLO} SLO](${SLO}-badge.svg)`);
  // The embed URL shows the same badge.
  const embed = await open(browser, url);
  await embed.waitForSelector('.embed-badge-svg svg', { timeout: 30000 });
  assert.deepEqual(await embed.locator('.embed-badge-svg svg text').allTextContents(), parsed.text);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(embed.errors, []);
  for (const p of [page, embed]) await p.context().close();
});
