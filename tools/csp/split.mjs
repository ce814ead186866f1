// Splits the Wasm Trunk built into the main module (what paints the first frame: the boot
// screen and the config's reading), the shell (`src/ui/app.rs`), the other pages
// (`src/ui/pages.rs`) and the config errors reader, so the first paint downloads the main module
// only. Called by post_build.mjs.
//
// Trunk 0.21 has no splitting of its own, so this redoes the last two steps of its Rust
// pipeline on rustc's output (built with `--emit-relocs`, see .cargo/config.toml):
//   wasm-split-cli (wasm_split_cli_support, the splitter Leptos' `#[lazy]` is made for) cuts
//   rustc's Wasm at the `wasm_split` points into a main module, the pages' modules and the
//   chunks they share, plus the JS that loads them (`__wasm_split.js`);
//   wasm-bindgen (the same version Trunk uses) binds the main module, keeping the table and
//   globals the page modules import (`--keep-lld-exports`);
//   wasm-opt (release) shrinks each module with the flags Trunk used before.
// The outputs replace Trunk's, named by one hash of all of them (so a deploy never mixes two
// builds' modules), and the caller rewrites index.html's names and integrity hashes.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';

// HEADROOM_WASM_NAMES=1 keeps the functions' names, for CPU profiles (tools/bench/browser/adhoc).
const OPT = ['-Oz', ...(process.env.HEADROOM_WASM_NAMES ? ['-g'] : ['--strip-debug']), '--strip-producers',
  '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals',
  '--enable-reference-types', '--enable-multivalue'];

/** Runs `cmd args` to completion, failing with its output. */
function run(cmd, args, env = {}) {
  try {
    return execFileSync(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  } catch (e) {
    if (e.code === 'ENOENT') throw new Error(`${cmd} is not installed: \`make dist\` installs it (see README)`);
    throw new Error(`${cmd} failed (${e.status ?? e.code}):\n${e.stderr?.toString() ?? ''}${e.stdout?.toString() ?? ''}`);
  }
}

/** wasm-opt over `jobs` ([input, output] pairs), as many at once as there are cores. */
async function optimise(jobs) {
  const queue = [...jobs];
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const [input, output] = job;
      await new Promise((done, fail) => {
        const p = spawn('wasm-opt', [...OPT, input, '-o', output], { stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        p.stderr.on('data', (d) => { err += d; });
        p.on('error', fail);
        p.on('exit', (code) => (code === 0 ? done() : fail(new Error(`wasm-opt ${input} failed (${code}):\n${err}`))));
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(cpus().length, jobs.length)) }, worker));
}

// Appended to the loaders' JS (function declarations: hoisted).
// Each module is compiled as its bytes arrive, before the modules it depends on are
// instantiated: wasm-split-cli's loader compiled the shell only once its chunks had been
// instantiated, one after the other.
const INSTANTIATE = `
async function compile(src) {
  const response = await src;
  if (!response.ok) throw new Error(\`\${response.url}: HTTP \${response.status}\`);
  if (response.headers.get('content-type')?.split(';')[0].trim() === 'application/wasm') {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}
async function instantiate(compiled, imports) {
  const module = await compiled;
  return { module, instance: await WebAssembly.instantiate(module, imports) };
}
`;

const sha = (bytes, alg = 'sha256') => createHash(alg).update(bytes).digest(alg === 'sha256' ? 'hex' : 'base64');

/**
 * Splits the build in `dir` (Trunk's staging directory). Returns the renames ([old, new] file
 * names) for index.html, and the new files that index.html should preload.
 */
export async function split(dir, { sourceDir, profile }) {
  const trunkJs = readdirSync(dir).find((f) => /^headroom-[0-9a-f]+\.js$/.test(f));
  const trunkWasm = readdirSync(dir).find((f) => /^headroom-[0-9a-f]+_bg\.wasm$/.test(f));
  if (!trunkJs || !trunkWasm) throw new Error(`no headroom-<hash>.js and _bg.wasm in ${dir} (Trunk changed?)`);
  const target = process.env.CARGO_TARGET_DIR || join(sourceDir, 'target');
  const original = join(target, 'wasm32-unknown-unknown', profile, 'headroom.wasm');
  if (!existsSync(original)) throw new Error(`rustc's Wasm is not at ${original}`);
  const work = join(target, `split-${profile}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });

  run('wasm-split-cli', [original, work, '--out-name', 'headroom'], { RUST_LOG: 'warn' });
  const modules = readdirSync(work).filter((f) => f.endsWith('.wasm') && f !== 'headroom.wasm');
  if (!modules.length) throw new Error('wasm-split-cli found no split point (src/ui/app.rs, pages.rs)');
  run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--keep-lld-exports', '--out-dir', join(work, 'bg'),
    '--out-name', 'headroom', join(work, 'headroom.wasm')]);

  const main = join(work, 'bg', 'headroom_bg.wasm');
  const opt = (f) => join(work, 'opt', f);
  mkdirSync(join(work, 'opt'));
  const all = [[main, opt('headroom_bg.wasm')], ...modules.map((m) => [join(work, m), opt(m)])];
  if (profile === 'release') await optimise(all);
  const bytes = Object.fromEntries(all.map(([input, output]) => [input, readFileSync(profile === 'release' ? output : input)]));

  let mainJs = readFileSync(join(work, 'bg', 'headroom.js'), 'utf8');
  let linkJs = readFileSync(join(work, '__wasm_split.js'), 'utf8');
  const hash = createHash('sha256');
  for (const b of Object.values(bytes)) hash.update(b);
  // And this file: a change to how the outputs are rewritten renames them too.
  hash.update(mainJs).update(linkJs).update(readFileSync(new URL(import.meta.url)));
  const h = hash.digest('hex').slice(0, 16);
  const name = {
    js: `headroom-${h}.js`,
    wasm: `headroom-${h}_bg.wasm`,
    link: `headroom-${h}-split.js`,
    module: (m) => `headroom-${h}-${m}`,
  };

  // The two JS files import each other: the main module's glue imports the loaders, which take
  // the main module's exports from its `initSync`.
  // Only the import statements (one per split point): the imports object keeps the Wasm's own
  // module name.
  const importLink = /from (["'])\.\/__wasm_split\.js\1/g;
  if (!importLink.test(mainJs)) throw new Error("wasm-bindgen's JS does not import ./__wasm_split.js");
  mainJs = mainJs.replace(importLink, `from "./${name.link}"`);
  const importMain = /from "\.\/headroom\.js"/;
  if (!importMain.test(linkJs)) throw new Error('__wasm_split.js does not import ./headroom.js');
  linkJs = linkJs.replace(importMain, `from "./${name.js}"`);
  for (const m of modules) {
    const url = `"./${m}"`;
    if (!linkJs.includes(url)) throw new Error(`__wasm_split.js never loads ${m}`);
    linkJs = linkJs.replaceAll(url, `"./${name.module(m)}"`);
  }

  // A server that sends .wasm as another type than application/wasm (some object stores do)
  // must not break the pages: the loaders instantiate from the bytes then, as wasm-bindgen's
  // own init does for the main module, and an HTTP error says which file and status.
  const streaming = 'return async (imports) => (WebAssembly.instantiateStreaming(src, imports));';
  if (!linkJs.includes(streaming)) throw new Error(`__wasm_split.js no longer says ${streaming}`);
  linkJs = linkJs.replaceAll(streaming, `const compiled = compile(src);
    compiled.catch(() => {});
    return async (imports) => (instantiate(compiled, imports));`) + INSTANTIATE;

  unlinkSync(join(dir, trunkJs));
  unlinkSync(join(dir, trunkWasm));
  writeFileSync(join(dir, name.js), mainJs);
  writeFileSync(join(dir, name.link), linkJs);
  writeFileSync(join(dir, name.wasm), bytes[main]);
  for (const m of modules) writeFileSync(join(dir, name.module(m)), bytes[join(work, m)]);
  return { renames: [[trunkJs, name.js], [trunkWasm, name.wasm]], link: name.link };
}

/** The SRI value of a file in `dir`. */
export const integrity = (dir, file) => `sha384-${sha(readFileSync(join(dir, file)), 'sha384')}`;
