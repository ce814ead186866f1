// A fault server for the failures a real Prometheus cannot be made to produce on demand:
// each path prefix (/unauthorized/…, /slow/…) answers every request with one kind of fault.
// Counts requests per prefix so tests can prove retries. Loopback only.
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
  nocors: (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(ok({ version: 'hidden' })),
};

export async function faultServer() {
  const counts = {};
  const server = createServer((req, res) => {
    const kind = req.url.split('/')[1];
    if (req.method === 'OPTIONS') {
      return res.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'authorization, x-scope-orgid, content-type', 'access-control-allow-methods': 'GET, POST' }).end();
    }
    counts[kind] = (counts[kind] || 0) + 1;
    const fault = FAULTS[kind];
    if (!fault) return res.writeHead(404, { 'access-control-allow-origin': '*' }).end('no such fault');
    fault(req, res, counts[kind]);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, counts, close: () => { server.closeAllConnections?.(); return new Promise((r) => server.close(r)); } };
}

export const FAULT_KINDS = Object.keys(FAULTS);
