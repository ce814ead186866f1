// Trunk post_build hook: makes dist/ run under a strict Content-Security-Policy.
// Trunk injects its bootstrap as an inline <script type="module">, which `script-src 'self'`
// refuses; this moves it into its own hashed file (with an integrity hash, like Trunk's other
// assets) and adds the policy as a <meta> (frame-ancestors can only be sent as a header).
// Before it, a classic script (a file too) preloads the default config. First of all, the Wasm
// is split (split.mjs).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { integrity, split } from './split.mjs';

export const POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; connect-src *";

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) {
  console.error('post_build: no TRUNK_STAGING_DIR');
  process.exit(1);
}
const file = join(dir, 'index.html');
let html = readFileSync(file, 'utf8');
const profile = process.env.TRUNK_PROFILE === 'debug' ? 'debug' : 'release';
const parts = await split(dir, { sourceDir: process.env.TRUNK_SOURCE_DIR || process.cwd(), profile }).catch((e) => {
  console.error(`post_build: splitting the Wasm failed: ${e.message}`);
  process.exit(1);
});
for (const [from, to] of parts.renames) html = html.replaceAll(from, to);
// The renamed files' preloads get their new integrity hashes; the loaders' JS is preloaded next
// to the main module's (it imports them), so neither waits for the other.
const renamed = new Set(parts.renames.map(([, to]) => to));
let preloads = 0;
html = html.replace(/(<link rel="(?:modulepreload|preload)" href="\.\/)([^"]+)("[^>]*? integrity=")[^"]*"/g, (m, head, file, mid) => {
  if (!renamed.has(file)) return m;
  preloads += 1;
  const tag = `${head}${file}${mid}${integrity(dir, file)}"`;
  return file.endsWith('.js')
    ? `${tag}><link rel="modulepreload" href="./${parts.link}" crossorigin="anonymous" integrity="${integrity(dir, parts.link)}"`
    : tag;
});
if (preloads !== 2) {
  console.error(`post_build: expected Trunk's preloads of the main module's JS and Wasm, found ${preloads}`);
  process.exit(1);
}
const inline = /<script type="module">([\s\S]*?)<\/script>/;
const found = html.match(inline);
if (!found) {
  console.error('post_build: no inline bootstrap script in index.html (Trunk changed?)');
  process.exit(1);
}
/** `code` as a file of its own named `prefix-<hash>.js`: its <script> tag with an SRI hash. */
function scriptFile(prefix, code, attrs) {
  const name = `${prefix}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`;
  writeFileSync(join(dir, name), code);
  const integrity = `sha384-${createHash('sha384').update(code).digest('base64')}`;
  return `<script ${attrs}src="./${name}" integrity="${integrity}" crossorigin="anonymous"></script>`;
}
// While the Wasm downloads, this asks for the default config (unless a `?config=` names
// another): the app's own request for it is answered from this preload, one round trip fewer
// before the first chart. No other Wasm module is preloaded: before the first paint, only what
// paints it is downloaded (the app asks for the shell and the page's module once it is painted,
// src/ui/app.rs).
const early = "const preload = (href) => {\n" +
  "  const l = document.createElement('link');\n" +
  "  l.rel = 'preload'; l.as = 'fetch'; l.href = href; l.crossOrigin = 'anonymous';\n" +
  "  document.head.append(l);\n};\n" +
  "if (!new URLSearchParams(location.search).has('config')) preload('headroom.json');\n";
html = html.replace(inline, `${scriptFile('preload', early, 'async ')}\n${scriptFile('boot', found[1].trim() + '\n', 'type="module" ')}`);
html = html.replace('<meta charset="utf-8">', `<meta charset="utf-8">\n    <meta http-equiv="Content-Security-Policy" content="${POLICY}">`);
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html) || /\sstyle="/.test(html)) {
  console.error('post_build: index.html still has an inline script or style');
  process.exit(1);
}
writeFileSync(file, html);
