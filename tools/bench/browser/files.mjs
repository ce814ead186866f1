// Files: 1,000,000 timestamped samples (50 series × 20,000) opened in Explore against a plain
// JS line parser + uPlot on the same file, and the memory (JS heap after GC + Wasm linear
// memory) after loading a 30 MB exposition file into the inventory, against its size.
import { statSync } from 'node:fs';
import { fresh, untilPainted, longest, memory, median, RUNS } from './harness.mjs';
import { exploreVsBaseline } from './charts.mjs';
import { T_END, POINTS, STEP_MS } from './data.mjs';

const days = Math.ceil((POINTS * STEP_MS) / 86400e3);

export const configs = {
  'samples.json': { title: 'bench: 1M samples', sources: [{ name: 'file', kind: 'exposition', url: '/bench/samples-1m-v2.prom' }] },
  'big30.json': { title: 'bench: 30 MB', sources: [{ name: 'big', kind: 'exposition', url: '/bench/big-30mb.prom' }] },
};

export async function run({ browser, app, data }) {
  const ex = await exploreVsBaseline(browser, app, {
    config: '/bench/samples.json', base: `/explore?source=file&range=${days}d&end=${T_END}`,
    q: 'b', kind: 'expo', sourceOrigin: `${app.origin}/bench/samples-1m-v2.prom`,
  });
  // The 30 MB load RUNS times, each in a fresh context: its longest task is a median like
  // every other figure (one run read 102 ms where traces of the same build read 54-68).
  const loads = [];
  for (let i = 0; i < RUNS; i++) {
    const page = await fresh(browser);
    await page.goto(`${app.url}?config=/bench/big30.json#/inventory?mode=entities&cols=name,version`, { waitUntil: 'commit' });
    await page.evaluate(untilPainted, { sel: '#entity-count', text: '^\\d+ of \\d+', timeout: 300000 });
    await page.waitForTimeout(2000); // let the other loads of the page (timeline, runs) settle
    loads.push({ long: await longest(page), mem: await memory(page) });
    await page.context().close();
  }
  const long = median(loads.map((l) => l.long));
  const mem = loads.map((l) => l.mem).sort((a, b) => a.total - b.total)[Math.floor(loads.length / 2)];
  const size = statSync(data['big-30mb.prom']).size;
  const mb = (b) => (b / 1e6).toFixed(1);
  return [
    { name: '1,000,000 samples from a file → chart (Explore)', value: ex.ms, unit: 'ms', budget: ex.baseline, budgetIsBaseline: true, baseline: ex.baseline, note: `${ex.points} points drawn by the baseline; less the wait for the file: ${Math.round(ex.own)} / ${Math.round(ex.baseOwn)} ms` },
    { name: '1,000,000 samples: longest task while loading', value: ex.long, unit: 'ms', budget: 100, note: `each run: ${ex.longs.map(Math.round).join(', ')} ms` },
    { name: 'memory after loading a 30 MB file (× file size)', value: mem.total / size, unit: '×', budget: 3, note: `JS heap ${mb(mem.js)} MB + Wasm memory ${mb(mem.wasm)} MB for ${mb(size)} MB` },
    { name: '30 MB file: longest task while loading', value: long, unit: 'ms', budget: 100, note: `each load: ${loads.map((l) => Math.round(l.long)).join(', ')} ms` },
  ];
}
