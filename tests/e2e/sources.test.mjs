// Data sources in the browser: the real Prometheus added through the UI and queried in
// Explore; and one case per failure class, each asserting its message where the data would
// have been while the rest of the page keeps working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ROOT, DIST, serve, launch, open, interop, needsInterop, expectUrl } from './lib.mjs';
import { faultServer } from './faults.mjs';

let browser, app, faults;
const promUrl = process.env.HEADROOM_PROM_URL || (await readFile(resolve(ROOT, 'target/prom/url'), 'utf8').catch(() => '')).trim();

function faultConfig(base) {
  const src = (name, path, extra = {}) => ({ name, kind: 'prometheus', url: `${base}/${path}`, timeout: '2s', ...extra });
  return {
    title: 'fault drill',
    sources: [
      { name: 'demo-prometheus', kind: 'prometheus-snapshot', url: 'demo/prometheus' },
      { name: 'f-refused', kind: 'prometheus', url: 'http://127.0.0.1:1' },
      src('f-nocors', 'nocors'), src('f-unauthorized', 'unauthorized'), src('f-forbidden', 'forbidden'),
      src('f-ratelimited', 'ratelimited'), src('f-flaky', 'flaky'), src('f-badgateway', 'badgateway'),
      src('f-apierror', 'apierror'), src('f-truncated', 'truncated'), src('f-html', 'html'),
      src('f-slow', 'slow', { timeout: '1s' }), src('f-huge', 'huge'),
      { name: 'f-html-file', kind: 'kubernetes', url: `${base}/html` },
    ],
    slos: [
      { name: 'good', service: 'search', objective: 99.9, source: 'demo-prometheus', sli: { ratio: { errors: 'http_requests_total{service="search",code=~"5.."}', total: 'http_requests_total{service="search"}' } } },
      { name: 'broken-query', service: 'x', objective: 99, source: 'f-apierror', sli: { ratio: { errors: 'e', total: 't' } } },
      { name: 'cut-off', service: 'y', objective: 99, source: 'f-truncated', sli: { ratio: { errors: 'e', total: 't' } } },
    ],
  };
}

before(async () => {
  browser = await launch();
  faults = await faultServer();
  const cfg = JSON.stringify(faultConfig(faults.url));
  app = await serve({ extra: { '/faults.json': (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(cfg) } });
});

after(async () => {
  await browser?.close();
  await app?.close();
  await faults?.close();
});

test('the real Prometheus, added in the UI, answers a query in Explore', { skip: !promUrl && 'no test Prometheus (make test starts one)' }, async () => {
  const page = await open(browser, `${app.url}#/sources`);
  await page.waitForSelector('#add-source');
  await page.fill('#add-source input[name=name]', 'test-prom');
  await page.selectOption('#add-source select[name=kind]', 'prometheus');
  await page.fill('#add-source input[name=url]', promUrl);
  await page.click('#add-source button[type=submit]');
  const status = page.locator('tr[data-source="test-prom"] .source-status');
  await status.filter({ hasText: 'connected' }).waitFor({ timeout: 20000 });
  const build = JSON.parse(await (await fetch(`${promUrl}/api/v1/status/buildinfo`)).text()).data.version;
  assert.match(await status.innerText(), new RegExp(`connected: Prometheus ${build.replace(/[.+*?^$()[\]{}|\\]/g, '\\$&')}, retention 10y`));
  // Persisted in this browser: still there after a reload.
  await page.reload();
  await page.locator('tr[data-source="test-prom"]').waitFor();
  await page.goto(`${app.url}#/explore?source=test-prom&range=7d&end=2026-10-01T00:00:00Z`);
  await page.fill('textarea[aria-label=PromQL]', 'sum by (service) (rate(http_requests_total[1h]))');
  await page.click('button:text-is("Run")');
  await page.locator('#explore-table tbody tr').nth(3).waitFor({ timeout: 20000 });
  assert.equal(await page.locator('#explore-table tbody tr').count(), 4);
  assert.ok(await page.locator('.chart-svg svg polyline').count() >= 4, 'one line per series');
  await expectUrl(page, /q=sum/, 'the query is in the URL');
  // SLOs that Sloth and Pyrra defined in its rules appear by themselves, marked as discovered.
  await page.goto(`${app.url}#/slos`);
  for (const name of ['api-requests-availability', 'checkout-errors']) {
    const row = page.locator(`tr[data-slo="${name}"]`);
    await row.waitFor({ timeout: 20000 });
    assert.match(await row.innerText(), /discovered/);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

const EXPECT = {
  'f-refused': /Could not connect to http:\/\/127\.0\.0\.1:1\/api\/v1\/status\/buildinfo .*connection was refused/,
  'f-nocors': /answered, but the browser blocked the response \(CORS\).*--web\.cors\.origin.*reverse proxy in front that answers OPTIONS/,
  'f-unauthorized': /HTTP 401 from .*: not authenticated\. Check the credential/,
  'f-forbidden': /HTTP 403 from .*: access denied/,
  'f-ratelimited': /HTTP 429 from .*: rate limited; retry after 1s\./,
  'f-flaky': /connected: Prometheus 2\.99\.0-fault, retention 15d/,
  'f-badgateway': /HTTP 502 from .*: 502 502 Bad Gateway nginx/,
  'f-apierror': /connected: Prometheus 2\.99\.0-fault/,
  'f-html': /returned data Headroom cannot read: expected JSON, got HTML: .*Sign in to Acme SSO/,
  'f-html-file': /returned data Headroom cannot read: expected data, got an HTML page \(a login or proxy page\?\): Sign in to Acme SSO/,
  'f-slow': /did not answer within 1s; the request was cancelled/,
  'f-huge': /exceeded 32 MB and was dropped/,
  'demo-prometheus': /snapshot of Prometheus 2\.53\.2/,
};

test('every failure class gets its own message on the Sources page, the rest keeps working', async () => {
  const page = await open(browser, `${app.url}?config=faults.json#/sources`);
  for (const [name, re] of Object.entries(EXPECT)) {
    const cell = page.locator(`tr[data-source="${name}"] .source-status`);
    await page.waitForFunction(([n, src]) => new RegExp(src).test(document.querySelector(`tr[data-source="${n}"] .source-status`)?.innerText || ''), [name, re.source], { timeout: 30000 })
      .catch(async () => assert.fail(`${name}: "${await cell.innerText()}" does not match ${re}`));
  }
  // The flaky source was retried after its Retry-After and then worked.
  assert.ok(faults.counts.flaky >= 3, `flaky: ${faults.counts.flaky} requests`);
  // The persistent rate limit was retried twice, then reported.
  assert.ok(faults.counts.ratelimited >= 3, `ratelimited: ${faults.counts.ratelimited} requests`);
  // Nothing leaked secrets or crashed; the page still renders its chart.
  assert.ok(await page.locator('.chart-svg svg').count() >= 1);
  const unexpected = page.errors.filter((e) => !/Failed to load resource|CORS policy|net::ERR_/.test(e));
  assert.deepEqual(unexpected, []);
  await page.context().close();
});

test('a failing SLO source shows its error in its own row; the other SLOs are computed', async () => {
  const page = await open(browser, `${app.url}?config=faults.json#/slos`);
  await page.locator('tr[data-slo="good"] .badge').waitFor({ timeout: 30000 });
  assert.equal(await page.locator('tr[data-slo="good"] .badge').innerText(), 'breached');
  // Each SLO appears when its own source answered: wait for each row's own message.
  for (const [slo, re] of [['broken-query', /The query failed \(execution\): many-to-many matching not allowed/], ['cut-off', /the JSON ends early \(\d+ bytes received\): the response was truncated/]]) {
    await page.locator(`tr[data-slo="${slo}"]`).filter({ hasText: re }).waitFor({ timeout: 20000 })
      .catch(async () => assert.fail(`${slo}: "${await page.locator(`tr[data-slo="${slo}"]`).innerText()}" does not match ${re}`));
  }
  await page.goto(`${app.url}?config=faults.json#/slos/broken-query`);
  await page.reload();
  await page.locator('.error-box').waitFor({ timeout: 20000 });
  assert.match(await page.locator('.error-box').innerText(), /could not be loaded.*many-to-many/s);
  assert.equal(await page.locator('nav.nav a').count(), 7, 'navigation still works');
  await page.context().close();
});

test('auth: bearer tokens and tenant headers reach the server, secrets stay out of exports and reloads', async () => {
  const page = await open(browser, `${app.url}#/sources`);
  const add = async (fields) => {
    for (const [k, v] of Object.entries(fields)) {
      if (k === 'kind' || k === 'auth' || k === 'keep') await page.selectOption(`#add-source select[name=${k}]`, v);
      else await page.fill(`#add-source input[name=${k}]`, v);
    }
    await page.click('#add-source button[type=submit]');
  };
  const status = (n) => page.locator(`tr[data-source="${n}"] .source-status`);
  await page.waitForSelector('#add-source');
  await add({ name: 'with-token', kind: 'prometheus', url: `${faults.url}/auth`, auth: 'bearer', secret: 's3cret' });
  await status('with-token').filter({ hasText: 'connected' }).waitFor({ timeout: 20000 });
  await add({ name: 'tenant', kind: 'prometheus', url: `${faults.url}/tenant`, headers: 'X-Scope-OrgID: acme' });
  await status('tenant').filter({ hasText: 'connected' }).waitFor({ timeout: 20000 });
  const { text } = await (async () => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click('button:text-is("Export config (no secrets)")')]);
    const chunks = []; for await (const c of await d.createReadStream()) chunks.push(c);
    return { text: Buffer.concat(chunks).toString('utf8') };
  })();
  const exported = JSON.parse(text);
  assert.ok(exported.sources.some((s) => s.name === 'with-token' && s.auth.mode === 'bearer'));
  assert.ok(!text.includes('s3cret'), 'the token is not exported');
  assert.ok(!page.url().includes('s3cret'));
  // Memory-only secret: gone after a reload, and the server says so.
  await page.reload();
  await status('with-token').filter({ hasText: 'HTTP 401' }).waitFor({ timeout: 20000 });
  assert.match(await status('with-token').innerText(), /not authenticated\. Check the credential/);
  assert.ok(!(await page.evaluate(() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage))).includes('s3cret'));
  // Edit: keep it for the tab's life this time.
  await page.click('tr[data-source="with-token"] button:text-is("Edit")');
  await page.fill('#add-source input[name=secret]', 's3cret');
  await page.selectOption('#add-source select[name=keep]', 'session');
  await page.click('#add-source button[type=submit]');
  await page.reload();
  await status('with-token').filter({ hasText: 'connected' }).waitFor({ timeout: 20000 });
  await page.context().close();
});

test('warnings and infos are shown next to the data they concern', async () => {
  const page = await open(browser, `${app.url}#/sources`);
  await page.waitForSelector('#add-source');
  await page.fill('#add-source input[name=name]', 'partial');
  await page.fill('#add-source input[name=url]', `${faults.url}/warnings`);
  await page.click('#add-source button[type=submit]');
  await page.goto(`${app.url}#/explore?source=partial&range=1h&q=up`);
  await page.locator('#explore-table tbody tr').waitFor({ timeout: 20000 });
  const notes = await page.locator('.notices').innerText();
  assert.match(notes, /partial response: store eu-2 unavailable/);
  assert.match(notes, /PromQL info: metric might not be a counter/);
  await page.context().close();
});

test('an exposition file opened from disk becomes a source', { skip: needsInterop }, async () => {
  const fixture = interop('exposition/omtestdata.txt');
  const text = await readFile(fixture, 'utf8');
  const samples = text.split('\n').filter((l) => l.trim() && !l.startsWith('#')).length;
  const families = text.split('\n').filter((l) => l.startsWith('# TYPE ')).length;
  const page = await open(browser, `${app.url}#/sources`);
  await page.waitForSelector('#open-files', { state: 'attached' });
  await page.setInputFiles('#open-files', fixture);
  await page.locator('#open-files-result').waitFor();
  assert.match(await page.locator('#open-files-result').innerText(), /Opened file:omtestdata\.txt \(exposition\)/);
  const status = page.locator('tr[data-source="file:omtestdata.txt"] .source-status');
  await status.filter({ hasText: 'read' }).waitFor({ timeout: 20000 });
  assert.equal(await status.innerText(), `read ${samples} samples in ${families} metric families (OpenMetrics)`);
  await page.goto(`${app.url}#/explore?source=file:omtestdata.txt&range=1h&q=${encodeURIComponent('rpc_durations_seconds_count')}`);
  await page.locator('#explore-table tbody tr').nth(2).waitFor({ timeout: 20000 });
  assert.equal(await page.locator('#explore-table tbody tr').count(), 3);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('GitHub Actions: pages followed through Link headers, ETags revalidated, rate limits reported', async () => {
  const page = await open(browser, `${app.url}#/sources`);
  await page.waitForSelector('#add-source');
  const add = async (name, path) => {
    await page.fill('#add-source input[name=name]', name);
    await page.selectOption('#add-source select[name=kind]', 'github-actions');
    await page.fill('#add-source input[name=url]', `${faults.url}/${path}`);
    await page.click('#add-source button[type=submit]');
  };
  await add('gh', 'github/runs?per_page=2');
  const status = page.locator('tr[data-source="gh"] .source-status');
  await status.filter({ hasText: 'read' }).waitFor({ timeout: 20000 });
  assert.match(await status.innerText(), /read 6 workflow runs \(3 pages\); rate limit \d+ of 5000 left/);
  // Testing again revalidates every page with If-None-Match: answered 304, same result.
  await page.click('tr[data-source="gh"] button:text-is("Test")');
  await page.waitForFunction(() => /read 6 workflow runs/.test(document.querySelector('tr[data-source="gh"] .source-status')?.innerText || ''));
  await page.waitForFunction(() => true);
  assert.ok((faults.counts.github304 || 0) >= 3, `${faults.counts.github304} conditional answers`);
  // Deployments resolve through their statuses: one succeeded, one failed.
  await add('gh-deploys', 'github/repos/acme/shop/deployments');
  const deploys = page.locator('tr[data-source="gh-deploys"] .source-status');
  await deploys.filter({ hasText: 'read' }).waitFor({ timeout: 20000 });
  assert.match(await deploys.innerText(), /read 2 deployments \(1 page\)/);
  await add('gh-limited', 'github-limited/runs');
  const limited = page.locator('tr[data-source="gh-limited"] .source-status');
  await limited.filter({ hasText: 'HTTP 403' }).waitFor({ timeout: 20000 });
  assert.match(await limited.innerText(), /GitHub API rate limit of 60 requests used up; it resets at 2030-03-17 17:46 UTC\. Add a token/);
  await page.context().close();
});
