// A small static file server for dist/: serves it at / and, with --prefix, at a sub-path
// (e.g. /tools/headroom/) to prove one bundle works anywhere. Used by `make run` and the
// end-to-end suite. Loopback only.
//
//   node tests/e2e/serve.mjs --dir dist --port 8080 [--prefix /tools/headroom/]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.css': 'text/css; charset=utf-8', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.yaml': 'text/yaml; charset=utf-8', '.yml': 'text/yaml; charset=utf-8',
  '.prom': 'text/plain; version=0.0.4; charset=utf-8', '.txt': 'text/plain; charset=utf-8', '.png': 'image/png',
};

export function staticServer({ dir, prefix = '/', extra = {}, headers = {} }) {
  const root = resolve(dir);
  return createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (extra[url.pathname]) return extra[url.pathname](req, res);
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
    if (rel.endsWith('/')) rel += 'index.html';
    const file = normalize(join(root, rel));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const s = await stat(file);
      if (!s.isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cache-control': 'no-cache', ...headers });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : dflt;
  };
  const dir = arg('dir', 'dist');
  const port = Number(arg('port', '8080'));
  const prefix = arg('prefix', '/');
  staticServer({ dir, prefix }).listen(port, '127.0.0.1', () => {
    console.log(`Headroom is being served at http://127.0.0.1:${port}${prefix}  (Ctrl-C to stop)`);
  });
}
