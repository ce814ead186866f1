// Against the real test Prometheus (tests/prometheus/up.sh, backfilled with promtool; its data
// ends 2026-10-01, so the page's clock is moved there): 500 SLOs generated from the series it
// holds → SLO list populated, with the requests in flight per origin; and Explore with a
// query of 50 series over 30 days against JSON.parse + uPlot on the same requests.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fresh, untilPainted, longest, inflight, median, DATA, RUNS } from './harness.mjs';
import { exploreVsBaseline } from './charts.mjs';

const END = Date.UTC(2026, 9, 1);
// SLO rows the table's 600 px card shows at its top (ui/slos/table.rs, 30 px rows).
const IN_VIEW = 19;
const SERVICES = ['api', 'checkout', 'search', 'batch'];
// 50 series: the 40 http_*/probe_success series and 10 relabelled copies.
export const FIFTY = '{__name__=~"http_.*|probe_success"} or label_replace(http_request_duration_seconds_bucket{le=~"0.1|0.3"}, "copy", "1", "", "") or label_replace(probe_success{service=~"api|checkout"}, "copy", "1", "", "")';

/** 500 SLOs over the series that exist: ratio and latency SLIs per service, each query distinct. */
function config(url) {
  const slos = [];
  for (let i = 0; i < 500; i++) {
    const service = SERVICES[i % 4], tag = `instance!="bench-${i}"`;
    const sli = i % 2 === 0
      ? { ratio: { errors: `http_requests_total{service="${service}",code="500",${tag}}`, total: `http_requests_total{service="${service}",${tag}}` } }
      : { latency: { histogram: `http_request_duration_seconds{service="${service}",${tag}}`, threshold: [0.1, 0.3, 1][i % 3] } };
    slos.push({ name: `bench-${i}`, service, objective: [0.99, 0.995, 0.999][i % 3], window: ['7d', '28d', '30d'][i % 3], source: 'prom', sli });
  }
  return { title: 'bench: 500 SLOs', sources: [{ name: 'prom', kind: 'prometheus', url }], slos };
}

export function writeConfigs(promUrl) {
  writeFileSync(resolve(DATA, 'slo500.json'), JSON.stringify(config(promUrl)));
  writeFileSync(resolve(DATA, 'prom.json'), JSON.stringify({ title: 'bench: prometheus', sources: [{ name: 'prom', kind: 'prometheus', url: promUrl }] }));
}

async function sloList(browser, app, promOrigin) {
  const page = await fresh(browser, { clock: END });
  const flight = await inflight(page);
  await page.goto(`${app.url}?config=/bench/slo500.json#/slos`, { waitUntil: 'commit' });
  // The table is virtualised: it says how many SLOs it lists (the 500 and those discovered in
  // the recording rules) and is busy until every one has its answer. Done when it is no
  // longer busy and the rows in view are painted with their figures.
  const { at } = await page.evaluate(untilPainted, { sel: '#slo-table:not([aria-busy="true"]) tbody tr[data-slo]', min: IN_VIEW, gone: '#slo-table tr.row-pending', timeout: 600000 });
  const [loaded, rendered] = await page.$eval('#slo-table', (t) => [Number(t.dataset.loaded), t.querySelectorAll('tbody tr[data-slo]').length]);
  if (loaded < 500) throw new Error(`the list was done with ${loaded} SLOs`);
  const out = { ms: at, long: await longest(page), inflight: flight.max[promOrigin] || 0, requests: flight.total(), rendered };
  await page.context().close();
  return out;
}

export async function run({ browser, app, promUrl }) {
  if (!promUrl) return [{ name: '500 SLOs against Prometheus', value: null, note: 'no Prometheus (BENCH_PROM_URL unset and up.sh failed)' }];
  const origin = new URL(promUrl).origin;
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    runs.push(await sloList(browser, app, origin));
    if (runs[0].ms > 30000) break; // a slow list: one run is the figure (said in the note)
  }
  const ex = await exploreVsBaseline(browser, app, {
    config: '/bench/prom.json', base: `/explore?source=prom&range=30d&end=2026-10-01T00%3A00%3A00Z`,
    q: FIFTY, kind: 'prom', clock: END, sourceOrigin: origin,
  });
  const note = runs.length < RUNS ? `median of ${runs.length} run(s): each took over 30 s` : '';
  return [
    { name: '500 SLOs (real Prometheus) → list populated', value: median(runs.map((r) => r.ms)), unit: 'ms', budget: 1500, note: `${runs[0].requests} requests, ${runs[0].rendered} of 500 rows in the DOM ${note}`.trim() },
    { name: '500 SLOs: most requests in flight to Prometheus', value: Math.max(...runs.map((r) => r.inflight)), unit: '', budget: 6 },
    { name: '500 SLOs: longest task while loading', value: Math.max(...runs.map((r) => r.long)), unit: 'ms', budget: 100 },
    { name: 'Explore 50 series × 30 d (real Prometheus) → chart', value: ex.ms, unit: 'ms', baseline: ex.baseline, note: `${ex.points} points in ${ex.requests} request(s); Explore asks ~300 points per series; ${(ex.ms / ex.baseline).toFixed(2)}× with the wait for Prometheus (${Math.round(ex.wait)} / ${Math.round(ex.baseWait)} ms)` },
    { name: 'Explore 50 series: own time (less the wait for Prometheus)', value: ex.own, unit: 'ms', budget: ex.baseOwn, budgetIsBaseline: true, baseline: ex.baseOwn, note: 'the baseline: parse + align + uPlot draw → painted' },
    { name: 'Explore 50 series: longest task while loading', value: ex.long, unit: 'ms', budget: 100 },
    { name: '50 series × 20,000 points from a range query → chart', value: null, note: 'not measurable: a Prometheus range query returns at most 11,000 points per series (its API refuses more), and Explore asks range/300 points (nice_step)' },
  ];
}
