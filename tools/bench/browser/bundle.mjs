// What the Wasm is made of: twiggy's per-function sizes of the release build (before
// wasm-bindgen and wasm-opt, where names are still there), summed per crate or layer, as shares
// of the code and as estimated KB of the shipped gzipped Wasm. Printed by `make bench` after the
// figures and kept in target/bench/latest.json (`bundle`).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Which bucket a twiggy item belongs to. */
function bucket(name) {
  if (/^(export|import) "?__wbindgen|^__wbindgen|wasm_bindgen|^<?&?(js_sys|web_sys)::/.test(name)) return 'wasm-bindgen glue (js-sys, web-sys)';
  if (name.startsWith('data segment')) return 'data (strings, tables)';
  // The first path in the name: `<T as tachys::…>` is tachys', `<&mut serde_yaml_ng::… as …>`
  // serde_yaml_ng's.
  const m = name.match(/(?:^|[<\s&*])([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::(?:([a-z_][a-z0-9_]*)::)?/);
  const crate = m?.[1] ?? '';
  if (crate === 'headroom') return `headroom::${m[2] ?? ''}`;
  if (['core', 'alloc', 'std', 'hashbrown', 'dlmalloc'].includes(crate)) return 'Rust core, alloc (most of it their generics, compiled for Headroom\'s types)';
  if (/^(reactive_graph|tachys|leptos|leptos_[a-z_]+|any_spawner|throw_error|or_poisoned|guardian|send_wrapper|slotmap|oco_ref)$/.test(crate)) return 'Leptos (most of it its generics, compiled for Headroom\'s views and signals)';
  if (/^(serde_yaml_ng|unsafe_libyaml)$/.test(crate)) return 'YAML (serde_yaml_ng, unsafe-libyaml)';
  if (/^(serde|serde_core|serde_json|serde_path_to_error|ryu|itoa)$/.test(crate)) return 'serde, serde_json, serde_path_to_error';
  if (/^(futures|futures_[a-z_]+|pin_project[a-z_]*)$/.test(crate)) return 'futures';
  if (crate) return crate;
  return '(unnamed: closures, shims)';
}

/** The breakdown, or a one-line reason it is not there. */
export function breakdown(root) {
  const target = process.env.CARGO_TARGET_DIR || resolve(root, 'target');
  const dist = resolve(root, 'dist');
  const shipped = existsSync(dist) ? readdirSync(dist).find((f) => f.endsWith('_bg.wasm')) : null;
  // rustc's output, before the split (it still has the names): the whole program.
  const wasm = resolve(target, 'wasm32-unknown-unknown/release/headroom.wasm');
  if (!existsSync(wasm) || !shipped) return { note: 'no release build (make dist)' };
  let csv;
  try {
    csv = execFileSync('twiggy', ['top', '-n', '1000000', '--format', 'csv', wasm], { maxBuffer: 1 << 28 }).toString();
  } catch (e) {
    return { note: `twiggy failed: ${String(e.message).split('\n')[0]}` };
  }
  const sums = new Map();
  let total = 0;
  for (const line of csv.split('\n').slice(1)) {
    // Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent — names may hold
    // commas (quoted), so the numbers are taken from the right.
    const parts = line.split(',');
    if (parts.length < 5) continue;
    const size = Number(parts[parts.length - 4]);
    const name = parts.slice(0, -4).join(',').replace(/^"|"$/g, '').replace(/""/g, '"');
    // Names, wasm-bindgen's descriptions and its describe functions are not shipped.
    if (/function names|__wasm_bindgen_unstable|^custom section|__wbindgen_describe/.test(name)) continue;
    total += size;
    const b = bucket(name);
    sums.set(b, (sums.get(b) ?? 0) + size);
  }
  // All the modules the split makes of it (src/ui/pages.rs), together.
  const modules = readdirSync(dist).filter((f) => /^headroom-[0-9a-f]{16}.*\.wasm$/.test(f));
  const gzKb = modules.reduce((a, f) => a + gzipSync(readFileSync(resolve(dist, f)), { level: 9 }).length, 0) / 1024;
  const rows = [...sums].sort((a, b) => b[1] - a[1]).map(([what, bytes]) => ({ what, share: bytes / total, kbGz: (bytes / total) * gzKb }));
  return { shippedKbGz: gzKb, rawBytes: statSync(wasm).size, rows };
}

/** Prints the breakdown's first `n` rows. */
export function print(b, n = 16) {
  if (!b.rows) {
    console.log(`Wasm by crate: not measured (${b.note})`);
    return;
  }
  console.log(`Wasm by crate (twiggy, share of the code before wasm-opt, applied to the ${Math.round(b.shippedKbGz)} KB gz of all its modules):`);
  for (const r of b.rows.slice(0, n)) console.log(`  ${(r.share * 100).toFixed(1).padStart(5)}%  ~${String(Math.round(r.kbGz)).padStart(4)} KB gz  ${r.what}`);
  const rest = b.rows.slice(n).reduce((a, r) => a + r.share, 0);
  if (rest > 0) console.log(`  ${(rest * 100).toFixed(1).padStart(5)}%  the other ${b.rows.length - n}`);
}
