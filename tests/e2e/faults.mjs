// A fault server for the failures a real Prometheus cannot be made to produce on demand:
// each path prefix (/unauthorized/…, /slow/…) answers every request with one kind of fault.
// Counts requests per prefix so tests can prove retries, and for the streaming faults the
// bytes sent (`counts.<kind>Bytes`) and the answers ended (`counts.<kind>BytesClosed`), so
// tests can prove the client stopped reading. Loopback only.
import { createServer } from 'node:http';

const JSON_HEADERS = { 'content-type': 'application/json', 'access-control-allow-origin': '*' };
const ok = (data) => JSON.stringify({ status: 'success', data });

function success(res, path) {
  if (path.endsWith('/status/buildinfo')) return res.writeHead(200, JSON_HEADERS).end(ok({ version: '2.99.0-fault', revision: 'x' }));
  if (path.endsWith('/status/runtimeinfo')) return res.writeHead(200, JSON_HEADERS).end(ok({ storageRetention: '15d' }));
  return res.writeHead(200, JSON_HEADERS).end(ok({ resultType: 'matrix', result: [] }));
}

const FAULTS = {
  unauthorized: (req, res) => res.writeHead(401, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' }).end('Unauthorized'),
  forbidden: (req, res) => res.writeHead(403, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' }).end('Forbidden'),
  ratelimited: (req, res) => res.writeHead(429, { 'retry-after': '1', 'access-control-allow-origin': '*', 'access-control-expose-headers': 'Retry-After' }).end('slow down'),
  // Rate limited once, then fine: the client must wait Retry-After and try again.
  flaky: (req, res, n) => (n === 1 ? FAULTS.ratelimited(req, res) : success(res, req.url)),
  badgateway: (req, res) => res.writeHead(502, { 'content-type': 'text/html', 'access-control-allow-origin': '*' }).end('<html><head><title>502</title></head><body><h1>502 Bad Gateway</h1>\n<hr><p>nginx</p></body></html>'),
  apierror: (req, res) => (req.url.includes('/query') ? res.writeHead(422, JSON_HEADERS).end(JSON.stringify({ status: 'error', errorType: 'execution', error: 'many-to-many matching not allowed: matching labels must be unique on one side' })) : success(res, req.url)),
  truncated: (req, res) => (req.url.includes('/query') ? res.writeHead(200, JSON_HEADERS).end('{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1700000000,"1"],[17000') : success(res, req.url)),
  html: (req, res) => res.writeHead(200, { 'content-type': 'text/html', 'access-control-allow-origin': '*' }).end('<!doctype html><html><body><h1>Sign in to Acme SSO</h1><form></form></body></html>'),
  slow: (req, res) => setTimeout(() => success(res, req.url), 4000),
  huge: (req, res) => {
    res.writeHead(200, { ...JSON_HEADERS, 'content-length': String(200 * 1024 * 1024) });
    res.write('{"status":"success","data":');
    setTimeout(() => res.destroy(), 3000);
  },
  // Needs the bearer token "s3cret".
  auth: (req, res) => (req.headers.authorization === 'Bearer s3cret' ? success(res, req.url) : FAULTS.unauthorized(req, res)),
  // Needs the tenant header Mimir and Cortex use.
  tenant: (req, res) => (req.headers['x-scope-orgid'] === 'acme' ? success(res, req.url) : res.writeHead(401, { 'access-control-allow-origin': '*' }).end('no org id')),
  // Partial data: the answer carries warnings and infos to show next to the data.
  warnings: (req, res) => (req.url.includes('/query')
    ? res.writeHead(200, JSON_HEADERS).end(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: { job: 'x' }, values: [[Math.floor(Date.now() / 1000) - 60, '1']] }] }, warnings: ['partial response: store eu-2 unavailable'], infos: ['PromQL info: metric might not be a counter'] }))
    : success(res, req.url)),
  // Never answers: the connection stays open, without headers, until the client gives up.
  hang: () => {},
  // Headers at once, then one byte of body a second, forever (until the client leaves).
  drip: (req, res, n, counts) => {
    res.writeHead(200, JSON_HEADERS).write('{');
    const timer = setInterval(() => { res.write(' '); counts.dripBytes = (counts.dripBytes || 1) + 1; }, 1000);
    res.on('close', () => clearInterval(timer));
  },
  // A valid-looking 60 MB query answer, streamed without Content-Length (chunked).
  big60: (req, res, n, counts) => streamMatrix(res, 60 * 1024 * 1024, counts, 'big60Bytes'),
  nocors: (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(ok({ version: 'hidden' })),
};

/** A `matrix` answer of about `size` bytes, written as fast as the client reads it. */
function streamMatrix(res, size, counts, key) {
  const values = Array.from({ length: 2000 }, (_, i) => `[${1700000000 + i * 60},"${i % 7}"]`).join(',');
  const series = (i) => `{"metric":{"__name__":"http_requests_total","job":"big","i":"${i}"},"values":[${values}]}`;
  res.writeHead(200, JSON_HEADERS);
  let sent = 0, i = 0, closed = false;
  const write = (s) => { sent += Buffer.byteLength(s); counts[key] = sent; return res.write(s); };
  res.on('close', () => { closed = true; counts[`${key}Closed`] = (counts[`${key}Closed`] || 0) + 1; });
  write('{"status":"success","data":{"resultType":"matrix","result":[');
  const pump = () => {
    while (!closed && sent < size) if (!write(`${i ? ',' : ''}${series(i++)}`)) return res.once('drain', pump);
    if (!closed) res.end(']}}');
  };
  pump();
}

// A GitHub Actions API look-alike: three pages linked with Link headers, ETags answered 304
// on If-None-Match, rate-limit headers; and one whose rate limit is used up.
function githubRuns(req, res, counts) {
  const url = new URL(req.url, 'http://x');
  const json = { 'content-type': 'application/json', 'access-control-allow-origin': '*' };
  if (url.pathname.endsWith('/deployments')) {
    const dep = (id, sha) => ({ id, sha, ref: 'main', environment: 'production', created_at: '2026-11-20T10:00:00Z', statuses_url: `http://${req.headers.host}/github/statuses/${id}` });
    return res.writeHead(200, json).end(JSON.stringify([dep(1, 'aaa'), dep(2, 'bbb')]));
  }
  if (url.pathname.includes('/statuses/')) {
    const id = url.pathname.split('/').pop();
    const states = id === '1' ? [{ state: 'success', created_at: '2026-11-20T10:12:00Z' }, { state: 'in_progress', created_at: '2026-11-20T10:01:00Z' }] : [{ state: 'failure', created_at: '2026-11-20T10:20:00Z' }];
    return res.writeHead(200, json).end(JSON.stringify(states));
  }
  const page = Number(url.searchParams.get('page') || '1');
  const etag = `"runs-p${page}"`;
  const headers = {
    'content-type': 'application/json', 'access-control-allow-origin': '*', etag,
    'access-control-expose-headers': 'ETag, Link, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset',
    'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': String(5000 - (counts.github || 0)), 'x-ratelimit-reset': '1900000000',
  };
  if (req.headers['if-none-match'] === etag) {
    counts.github304 = (counts.github304 || 0) + 1;
    return res.writeHead(304, headers).end();
  }
  if (page < 3) headers.link = `<http://${req.headers.host}/github/runs?page=${page + 1}>; rel="next", <http://${req.headers.host}/github/runs?page=3>; rel="last"`;
  const run = (k) => ({ id: page * 10 + k, name: 'ci', head_branch: 'main', head_sha: `sha${page}${k}`, event: 'push', status: 'completed', conclusion: k ? 'success' : 'failure',
    created_at: '2026-11-20T10:00:00Z', run_started_at: '2026-11-20T10:01:00Z', updated_at: '2026-11-20T10:06:00Z', html_url: `https://github.example/r/${page}${k}`, repository: { full_name: 'acme/shop' } });
  res.writeHead(200, headers).end(JSON.stringify({ total_count: 6, workflow_runs: [run(0), run(1)] }));
}

export async function faultServer() {
  const counts = {};
  const server = createServer((req, res) => {
    const kind = req.url.split('/')[1];
    if (req.method === 'OPTIONS') {
      return res.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'authorization, x-scope-orgid, content-type, if-none-match', 'access-control-allow-methods': 'GET, POST' }).end();
    }
    counts[kind] = (counts[kind] || 0) + 1;
    if (kind === 'github') return githubRuns(req, res, counts);
    if (kind === 'github-limited') {
      return res.writeHead(403, { 'content-type': 'application/json', 'access-control-allow-origin': '*', 'access-control-expose-headers': 'X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset', 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1900000000' })
        .end(JSON.stringify({ message: 'API rate limit exceeded' }));
    }
    const fault = FAULTS[kind];
    if (!fault) return res.writeHead(404, { 'access-control-allow-origin': '*' }).end('no such fault');
    fault(req, res, counts[kind], counts);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, counts, close: () => { server.closeAllConnections?.(); return new Promise((r) => server.close(r)); } };
}

export const FAULT_KINDS = Object.keys(FAULTS);
