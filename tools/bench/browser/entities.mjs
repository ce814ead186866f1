// The entity table with 10,000 and 100,000 Kubernetes Deployments: a facet filter, a sort and
// a search keystroke, each from the input event to the painted result (and the worst Event
// Timing duration, INP-like); scrolling (frame rate, long tasks). Baseline, same page: plain JS
// filtering/sorting the same JSON and rendering 40 rows, timed from its own start and, started
// by the same click or key as the app, from the input like the app's figures.
import { fresh, untilPainted, interaction, resetMarks, longest, median, RUNS } from './harness.mjs';

const ROWS = '#entity-table tbody tr.entity-row';
const COUNT = '#entity-count';
// The facet value clicked: listed at 10k and 100k alike (the owner facet lists its 12 most
// frequent teams; team-3 is the 13th at 100k, so clicking it found nothing there).
const TEAM = 'team-1';

/**
 * In the page: plain JS over the same JSON (fetched once), doing an operation and rendering 40
 * rows and the count in a box of its own: `window.__benchBase(op, q)`. Also a button per
 * operation and a search field that run it on their input, so it can be timed from the input
 * like the app (`#bench-base-count` shows the result).
 */
async function installBaseline({ url, team }) {
  const items = (await (await fetch(url)).json()).items;
  const box = document.createElement('div');
  box.id = 'bench-baseline';
  box.style.cssText = 'position:fixed;top:0;right:0;width:500px;background:#fff;z-index:2147483647';
  const count = document.createElement('span');
  count.id = 'bench-base-count';
  const table = document.createElement('table');
  let runs = 0, desc = false;
  window.__benchBase = (op, q) => {
    let rows = items;
    if (op === 'facet') rows = items.filter((d) => d.metadata.labels.team === team);
    if (op === 'sort') { desc = !desc; rows = [...items].sort((a, b) => (desc ? b.spec.replicas - a.spec.replicas : a.spec.replicas - b.spec.replicas) || (a.metadata.name < b.metadata.name ? -1 : 1)); }
    if (op === 'search') rows = items.filter((d) => [d.metadata.name, d.metadata.namespace, d.metadata.labels.team, d.spec.template.spec.containers[0].image].some((v) => v.toLowerCase().includes(q)));
    const body = document.createElement('tbody');
    for (const d of rows.slice(0, 40)) {
      const tr = body.insertRow();
      for (const v of [d.metadata.name, d.metadata.namespace, d.metadata.labels.team, String(d.spec.replicas)]) tr.insertCell().textContent = v;
    }
    table.replaceChildren(body);
    runs += 1;
    count.textContent = `${rows.length} of ${items.length} (${runs})`;
  };
  const buttons = ['facet', 'sort'].map((op) => {
    const b = document.createElement('button');
    b.id = `bench-base-${op}`;
    b.textContent = op;
    b.addEventListener('click', () => window.__benchBase(op));
    return b;
  });
  const search = document.createElement('input');
  search.id = 'bench-base-search';
  search.addEventListener('input', () => window.__benchBase('search', search.value.toLowerCase()));
  box.append(...buttons, search, count, table);
  document.body.append(box);
}

/** In the page: `__benchBase` timed from its start to the painted frame. */
function baseline({ op, q }) {
  const t0 = performance.now();
  window.__benchBase(op, q);
  return new Promise((ok) => requestAnimationFrame(() => setTimeout(() => ok(performance.now() - t0), 0)));
}

/**
 * In the page: a button whose click only changes a number beside it (plain JS), so a click on it
 * measured like the table's interactions gives this harness's floor for "→ next paint".
 */
function probe() {
  const out = document.createElement('span');
  out.id = 'bench-probe';
  out.textContent = '0';
  const b = document.createElement('button');
  b.id = 'bench-probe-button';
  b.textContent = 'probe';
  b.addEventListener('click', () => { out.textContent = String(Number(out.textContent) + 1); });
  document.body.append(b, out);
}

/** Scrolls the table 90 px per frame for 150 frames: frames per second and dropped frames. */
function scroll() {
  return new Promise((ok) => {
    const v = document.querySelector('.vtable'), ts = [];
    const step = (t) => { ts.push(t); v.scrollTop += 90; if (ts.length < 150) requestAnimationFrame(step); else ok(ts); };
    requestAnimationFrame(step);
  });
}

async function one(browser, app, n) {
  const page = await fresh(browser);
  const url = `${app.origin}/bench/k8s-${n}.json`;
  await page.goto(`${app.url}?config=/bench/k8s-${n}-config.json#/inventory?mode=entities&cols=name,namespace,owner,replicas`, { waitUntil: 'commit' });
  const load = await page.evaluate(untilPainted, { sel: COUNT, text: `^${n} of ${n}` });
  // The work the painted table starts (the shown columns' sort orders) is the load's too: a
  // task of 340-510 ms there at 100,000 entities was not seen when read at the paint.
  await page.waitForTimeout(2000);
  const loadLong = await longest(page);
  const r = { facet: [], sort: [], search: [], inp: [], floor: [], floorInp: [], base: { facet: [], sort: [], search: [] }, via: { facet: [], sort: [], search: [] }, viaInp: [] };
  // As the harness reads it (textContent): read otherwise, a row's text never equals it and
  // the check holds before the click.
  const text = (sel) => page.locator(sel).first().textContent();
  const timed = async (key, spec, act) => {
    try { const x = await interaction(page, { ...spec, timeout: 60000 }, act); r[key].push(x.ms); r.inp.push({ op: key, v: x.inp }); } catch { r[key].push(NaN); }
  };
  const search = page.locator('input[aria-label="Search entities"]');
  // Each figure waits for the next frame, whose start falls anywhere in a 16.7 ms period: at
  // 10,000 entities (budget 16 ms) medians of 5 moved by 3-5 ms between runs, of 15 far less.
  const reps = n === 10000 ? 3 * RUNS : RUNS;
  for (let i = 0; i < reps; i++) {
    await timed('facet', { sel: COUNT, not: await text(COUNT) }, () => page.locator(`.facet[data-facet="owner"] label:has(span:text-is("${TEAM}")) input`).first().click());
    await timed('sort', { sel: ROWS, not: await text(ROWS) }, () => page.locator('th.sortable', { hasText: 'replicas' }).first().click());
  }
  await page.locator('.facet[data-facet="owner"] input:checked').first().uncheck().catch(() => {});
  // Keystrokes typed five at a time (9, 99, … 99999: 4676, 280, 19, 1, 0 rows at 10,000; a
  // sixth would change nothing to wait for), the field emptied between, untimed.
  for (let i = 0; i < reps; i++) {
    if (i && i % 5 === 0) {
      await search.fill('');
      await page.waitForFunction(({ sel, n }) => document.querySelector(sel)?.textContent.startsWith(`${n} of`), { sel: COUNT, n });
    }
    await timed('search', { sel: COUNT, not: await text(COUNT) }, () => search.press('9'));
  }
  await page.evaluate(installBaseline, { url, team: TEAM });
  for (let i = 0; i < RUNS; i++) {
    for (const op of ['facet', 'sort', 'search']) r.base[op].push(await page.evaluate(baseline, { op, q: '9'.repeat((i % 5) + 1) }));
  }
  // The same plain JS, from the input as the app's figures are (the harness's click or key).
  const base = '#bench-base-count';
  for (let i = 0; i < reps; i++) {
    if (i % 5 === 0) await page.evaluate(() => { document.getElementById('bench-base-search').value = ''; });
    for (const op of ['facet', 'sort']) {
      const x = await interaction(page, { sel: base, not: await text(base) }, () => page.click(`#bench-base-${op}`));
      r.via[op].push(x.ms);
      r.viaInp.push(x.inp);
    }
    const x = await interaction(page, { sel: base, not: await text(base) }, () => page.press('#bench-base-search', '9'));
    r.via.search.push(x.ms);
    r.viaInp.push(x.inp);
  }
  await page.evaluate(() => document.getElementById('bench-baseline')?.remove());
  await page.evaluate(probe);
  for (let i = 0; i < reps; i++) {
    const x = await interaction(page, { sel: '#bench-probe', not: await text('#bench-probe') }, () => page.click('#bench-probe-button'));
    r.floor.push(x.ms);
    r.floorInp.push(x.inp);
  }
  await page.evaluate(() => ['bench-probe', 'bench-probe-button'].forEach((id) => document.getElementById(id).remove()));
  await search.fill('');
  await page.waitForFunction((n) => document.querySelector('#entity-count')?.innerText.startsWith(`${n} of`), n);
  await resetMarks(page);
  const ts = await page.evaluate(scroll);
  const scrollLong = await page.evaluate(() => window.__bench.long.length);
  await page.context().close();
  const gaps = ts.slice(1).map((t, i) => t - ts[i]);
  return { load: load.at, loadLong, r, fps: (gaps.length * 1000) / (ts.at(-1) - ts[0]), dropped: gaps.filter((g) => g > 20).length, scrollLong };
}

export async function run({ browser, app }) {
  const out = [];
  for (const n of [10000, 100000]) {
    const x = await one(browser, app, n);
    const k = n === 10000 ? '10k' : '100k';
    const budget = n === 10000 ? 16 : 100;
    out.push({ name: `${k} entities: load → table painted`, value: x.load, unit: 'ms' });
    out.push({ name: `${k} entities: longest task while loading`, value: x.loadLong, unit: 'ms', budget: 100 });
    for (const op of ['facet', 'sort', 'search']) {
      const label = { facet: 'facet filter', sort: 'sort by replicas', search: 'search keystroke' }[op];
      const lost = x.r[op].filter((v) => Number.isNaN(v)).length;
      out.push({ name: `${k} entities: ${label} → next paint`, value: median(x.r[op]), unit: 'ms', budget, baseline: median(x.r.base[op]), note: lost ? `${lost} of ${x.r[op].length} runs showed no result within 60 s` : undefined });
    }
    // What the harness measures for a click that does nothing but change a number: the input's
    // dispatch (pointerdown to click) and the wait for the painted frame are in every figure
    // above; the baselines time their own work from its start to the same painted frame.
    out.push({ name: `${k} entities: no-op click → next paint (harness floor)`, value: median(x.r.floor), unit: 'ms' });
    // The baselines' same work started by the same click or key as the app's: what plain JS
    // reaches through this harness, input dispatch and all.
    for (const op of ['facet', 'sort', 'search']) {
      const label = { facet: 'facet filter', sort: 'sort', search: 'search keystroke' }[op];
      out.push({ name: `${k} entities: plain JS ${label}, from the same input`, value: median(x.r.via[op]), unit: 'ms' });
    }
    if (n === 10000) {
      const worst = x.r.inp.reduce((a, b) => (b.v > a.v ? b : a), { op: 'none', v: 0 });
      const ops = ['facet', 'sort', 'search'].map((op) => `${op} ${x.r.inp.filter((i) => i.op === op).map((i) => Math.round(i.v)).join('/')}`).join(', ');
      out.push({ name: '10k entities: worst interaction (Event Timing, INP-like)', value: worst.v, unit: 'ms', budget: 50, note: `the worst was a ${worst.op}; each, in ms: ${ops}` });
      // Event Timing runs from the input to the frame's presentation: what it reads for the no-op
      // click is this harness's floor for the line above (durations are rounded to 8 ms).
      out.push({ name: '10k entities: no-op click, Event Timing (INP floor)', value: Math.max(...x.r.floorInp), unit: 'ms' });
      // The same worst for plain JS from the same inputs: Event Timing ends at the frame's
      // presentation, and headless Chromium composites in software on the same two cores.
      out.push({ name: '10k entities: plain JS from the same inputs, worst Event Timing', value: Math.max(...x.r.viaInp), unit: 'ms', note: `each, in ms: ${x.r.viaInp.map(Math.round).join('/')}` });
      out.push({ name: '10k entities: scrolling frame rate', value: x.fps, unit: 'fps', budget: 59, higher: true, note: `${x.dropped} of 149 frames over 20 ms` });
      out.push({ name: '10k entities: long tasks while scrolling', value: x.scrollLong, unit: '', budget: 0 });
    }
  }
  return out;
}
