// Hostile inputs for hostile.test.mjs: every free-text field of every source kind carries
// script tags, <img onerror>, <svg onload>, `javascript:` URLs, text that closes an SVG
// element, and spreadsheet formula prefixes. A payload that ever runs sets `window.__pwned`
// and calls alert(); one that ever loads an image asks EVIL_HOST. All served from loopback by
// `hostileServer()` with CORS, like a real endpoint on another origin.
import { createServer } from 'node:http';

export const EVIL_HOST = 'evil.invalid';
/** Formula prefixes a spreadsheet would act on; each hostile string starts with one of them. */
export const FORMULA = ['=', '+', '-', '@', '\t', '\r'];
/** The active part shared by every hostile string: each piece would run if parsed as HTML/SVG. */
export const ACTIVE = [
  '<script>window.__pwned="script";alert("script")</script>',
  `<img src="http://${EVIL_HOST}/img.png" onerror="window.__pwned='img';alert('img')">`,
  `<svg onload="window.__pwned='svg';alert('svg')"></svg>`,
  `</text></g></svg><svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned='break'"><text>`,
  `"'><img src=x onerror="window.__pwned='attr'">`,
].join('');
export const JS_URL = 'javascript:window.__pwned="href";alert("href")';

/** A hostile string named `tag` (same tag, same string); `lf` = false where a CR cannot go. */
export function h(tag, { lf = true } = {}) {
  const p = FORMULA[[...tag].reduce((a, c) => a + c.charCodeAt(0), 0) % FORMULA.length];
  const prefix = lf ? p : p.replace(/[\r\n]/, '=');
  return `${prefix}${tag}${ACTIVE}`;
}

const HOUR = 3600e3;
const now = Date.now();
const json = (res, body, status = 200) => res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' }).end(JSON.stringify(body));
const text = (res, body, type) => res.writeHead(200, { 'content-type': type, 'access-control-allow-origin': '*' }).end(body);

/** Label sets a fake Prometheus answers with: every label the inventory and SLO code read. */
const LABELS = () => ({
  service: h('svc-prom', { lf: false }), job: h('job', { lf: false }), instance: h('inst', { lf: false }), namespace: h('ns', { lf: false }),
  deployment: h('dep', { lf: false }), pod: h('pod', { lf: false }), image: h('img', { lf: false }), version: h('ver', { lf: false }),
  alertname: h('alert', { lf: false }), slo: h('slo-label', { lf: false }), severity: h('sev', { lf: false }), route: h('route', { lf: false }),
  kubelet_version: h('kubelet', { lf: false }), node: h('node', { lf: false }), container: h('ctr', { lf: false }),
});

function prometheus(req, res) {
  const url = new URL(req.url, 'http://x');
  const p = url.pathname.replace(/^\/prom/, '');
  const body = req.method === 'POST' ? null : url.searchParams;
  const ok = (data, extra = {}) => json(res, { status: 'success', data, warnings: [h('warning', { lf: false })], ...extra });
  if (p.endsWith('/status/buildinfo')) return ok({ version: h('version'), revision: h('rev') });
  if (p.endsWith('/status/runtimeinfo')) return ok({ storageRetention: '15d' });
  if (p.endsWith('/query_range') || p.endsWith('/query')) {
    const collect = async () => {
      const params = body ?? new URLSearchParams(await new Promise((ok) => { let s = ''; req.on('data', (c) => (s += c)); req.on('end', () => ok(s)); }));
      const end = Number(params.get('end') || params.get('time') || now / 1000);
      const step = Math.max(Number(params.get('step') || 3600), 60);
      const start = Math.max(Number(params.get('start') || end - 3600), end - 2000 * step);
      const values = [];
      for (let t = Math.ceil(start / step) * step; t <= end; t += step) values.push([t, String(1 + (t / step) % 3)]);
      const metric = { __name__: h('metric', { lf: false }), ...LABELS() };
      if (p.endsWith('/query')) return ok({ resultType: 'vector', result: [{ metric, value: [end, '1'] }] });
      ok({ resultType: 'matrix', result: [{ metric, values }, { metric: {}, values }] });
    };
    return void collect();
  }
  if (p.endsWith('/targets')) return ok({ activeTargets: [{ labels: LABELS(), discoveredLabels: LABELS(), scrapePool: h('pool'), scrapeUrl: JS_URL, health: 'down', lastError: h('lastError'), lastScrape: new Date().toISOString() }], droppedTargets: [] });
  if (p.endsWith('/alerts')) return ok({ alerts: [{ labels: LABELS(), annotations: { summary: h('summary'), description: h('description'), runbook_url: JS_URL }, state: 'firing', activeAt: new Date(now - HOUR).toISOString(), value: h('value') }] });
  if (p.endsWith('/rules')) {
    const alert = { type: 'alerting', name: h('rule'), query: h('expr'), labels: LABELS(), annotations: { summary: h('summary'), runbook_url: JS_URL }, alerts: [], health: 'ok', state: 'firing' };
    const sloth = { type: 'recording', name: 'slo:sli_error:ratio_rate5m', query: 'sum(rate(x[5m]))', labels: { sloth_id: h('sloth-id', { lf: false }), sloth_service: h('sloth-svc', { lf: false }), sloth_slo: h('sloth-slo', { lf: false }), sloth_window: '5m' }, health: 'ok' };
    const meta = { type: 'recording', name: 'slo:objective:ratio', query: 'vector(0.999)', labels: { sloth_id: sloth.labels.sloth_id, sloth_service: sloth.labels.sloth_service, sloth_slo: sloth.labels.sloth_slo }, health: 'ok' };
    return ok({ groups: [{ name: h('group'), file: h('file'), rules: [alert, sloth, meta], interval: 30 }] });
  }
  if (p.endsWith('/labels')) return ok(Object.keys(LABELS()));
  if (p.includes('/label/')) return ok([h('label-value', { lf: false })]);
  if (p.endsWith('/series')) return ok([LABELS()]);
  json(res, { status: 'error', errorType: 'bad_data', error: h('error') }, 400);
}

/** Exposition label values and HELP text: escaped as the format requires, payload intact. */
function exposition() {
  const esc = (s) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  const ts = now - 5 * 60e3;
  const labels = (extra = '') => `service="${esc(h('svc-metrics', { lf: false }))}",team="${esc(h('team-metrics', { lf: false }))}"${extra}`;
  return [
    `# HELP hostile_requests_total ${h('help', { lf: false }).replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`,
    '# TYPE hostile_requests_total counter',
    ...[0, 1, 2].flatMap((k) => [`hostile_requests_total{${labels(',code="500"')}} ${k} ${ts - (2 - k) * 60e3}`, `hostile_requests_total{${labels(',code="200"')}} ${100 * k} ${ts - (2 - k) * 60e3}`]),
    `# HELP hostile_build_info ${h('help-build', { lf: false })}`,
    '# TYPE hostile_build_info gauge',
    `hostile_build_info{${labels(`,version="${esc(h('version-metrics', { lf: false }))}",revision="${esc(h('rev'))}"`)}} 1`,
    '',
  ].join('\n');
}

function kubernetes() {
  const meta = (tag) => ({ name: h(`${tag}-name`), namespace: h(`${tag}-ns`), labels: { 'app.kubernetes.io/name': h(`${tag}-app`), team: h(`${tag}-team`), [h('label-key')]: h('label-val') }, annotations: { [h('ann-key')]: h('ann-val'), 'link.example/url': JS_URL } });
  const tpl = { spec: { containers: [{ name: h('ctr'), image: `registry.example/${h('image')}:${h('tag')}` }] } };
  return { apiVersion: 'v1', kind: 'List', items: [
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('deploy'), spec: { replicas: 2, template: tpl }, status: { availableReplicas: 1 } },
    { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta('sts'), spec: { replicas: 1, template: tpl }, status: { readyReplicas: 1 } },
    { apiVersion: 'v1', kind: 'Pod', metadata: meta('pod'), spec: tpl.spec, status: { phase: 'Running' } },
    { apiVersion: 'v1', kind: 'Node', metadata: meta('node'), status: { capacity: { cpu: '4', memory: '8Gi' }, conditions: [{ type: 'Ready', status: 'True', message: h('cond') }], nodeInfo: { kubeletVersion: h('kubelet'), containerRuntimeVersion: h('runtime'), osImage: h('os') } } },
  ] };
}

function backstageEntity(tag) {
  return { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: h(`${tag}-name`), title: h(`${tag}-title`), description: h(`${tag}-desc`), namespace: 'default', tags: [h('tag')], labels: { [h('bs-label-key')]: h('bs-label') }, annotations: { 'backstage.io/source-location': JS_URL },
    links: [{ url: JS_URL, title: h('bad-link') }, { url: ` JaVaScRiPt:alert(1)`, title: h('spaced-link') }, { url: 'data:text/html,<script>alert(1)</script>', title: h('data-link') }, { url: 'https://docs.example/ok', title: h('good-link') }] },
    spec: { type: h('type'), lifecycle: h('lifecycle'), owner: `group:default/${h('owner')}`, system: h('system') }, relations: [{ type: h('rel'), targetRef: `component:default/${h('target')}` }] };
}

/** Backstage YAML: JSON strings are valid YAML double-quoted scalars, so nothing is lost. */
function backstageYaml() {
  const e = backstageEntity('yaml');
  const q = JSON.stringify;
  return `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${q(e.metadata.name)}\n  title: ${q(e.metadata.title)}\n  description: ${q(e.metadata.description)}\n  tags: [${q(h('yaml-tag'))}]\n  links:\n${e.metadata.links.map((l) => `    - url: ${q(l.url)}\n      title: ${q(l.title)}\n`).join('')}spec:\n  type: service\n  lifecycle: ${q(e.spec.lifecycle)}\n  owner: ${q(e.spec.owner)}\n  system: ${q(e.spec.system)}\n`;
}

function githubRuns() {
  const run = (k) => ({ id: k, name: h(`workflow-${k}`), display_title: h('title'), head_branch: 'main', head_sha: h('sha'), event: 'push', status: 'completed', conclusion: k % 2 ? 'success' : 'failure',
    created_at: new Date(now - (k + 1) * HOUR * 5).toISOString(), run_started_at: new Date(now - (k + 1) * HOUR * 5 + 60e3).toISOString(), updated_at: new Date(now - (k + 1) * HOUR * 5 + 600e3).toISOString(),
    html_url: JS_URL, repository: { full_name: h(`repo-${k}`), html_url: JS_URL } });
  const runs = [0, 1, 2, 3].map(run);
  runs.push({ ...run(4), name: 'deploy' });
  return { total_count: runs.length, workflow_runs: runs };
}

function deliveryCsv() {
  const q = (s) => `"${s.replace(/"/g, '""')}"`;
  const iso = (t) => new Date(t).toISOString();
  const rows = ['type,service,repo,environment,commit,commit_time,started_at,finished_at,status,severity,title'];
  for (let k = 0; k < 3; k++) rows.push(['deployment', q(h('svc-delivery')), q(h('repo-delivery')), q(h('env')), q(h('commit')), iso(now - (k + 2) * 24 * HOUR), iso(now - (k + 1) * 24 * HOUR), iso(now - (k + 1) * 24 * HOUR + 60e3), 'success', '', q(h('deploy-title'))].join(','));
  rows.push(['incident', q(h('svc-delivery')), '', '', '', '', iso(now - 30 * HOUR), iso(now - 28 * HOUR), '', q(h('severity')), q(h('incident-title'))].join(','));
  return rows.join('\n') + '\n';
}

function metricsCsv() {
  const q = (s) => `"${s.replace(/"/g, '""')}"`;
  const rows = ['timestamp,value,metric,service,team'];
  for (let k = 0; k < 6; k++) rows.push([Math.floor((now - k * 600e3) / 1000), k, 'hostile_csv_total', q(h('svc-csv')), q(h('team-csv'))].join(','));
  return rows.join('\n') + '\n';
}

function openslo() {
  const q = JSON.stringify;
  return `apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: ${q(h('openslo-name', { lf: false }))}\n  displayName: ${q(h('openslo-display'))}\nspec:\n  description: ${q(h('openslo-desc'))}\n  service: ${q(h('openslo-svc', { lf: false }))}\n  indicator:\n    metadata:\n      name: ind\n    spec:\n      ratioMetric:\n        counter: true\n        bad:\n          metricSource:\n            spec:\n              query: ${q('sum(rate(e[{{.window}}]))')}\n        total:\n          metricSource:\n            spec:\n              query: ${q('sum(rate(t[{{.window}}]))')}\n  timeWindow:\n    - duration: 28d\n      isRolling: true\n  budgetingMethod: Occurrences\n  objectives:\n    - target: 0.99\n`;
}

/** The config: one source of each kind on the hostile server, SLOs with hostile text. */
export function hostileConfig(base) {
  const ratio = { errors: 'hostile_requests_total{code="500"}', total: 'hostile_requests_total' };
  return {
    title: h('title'),
    sources: [
      { name: h('src-prom', { lf: false }), kind: 'prometheus', url: `${base}/prom`, timeout: '5s' },
      { name: 'metrics', kind: 'exposition', url: `${base}/metrics` },
      { name: h('cluster', { lf: false }), kind: 'kubernetes', url: `${base}/k8s.json` },
      { name: 'catalog-yaml', kind: 'backstage', url: `${base}/catalog.yaml` },
      { name: 'catalog-json', kind: 'backstage', url: `${base}/catalog.json` },
      { name: 'ci', kind: 'github-actions', url: `${base}/runs.json` },
      { name: 'events', kind: 'delivery', url: `${base}/delivery.csv` },
      { name: 'samples', kind: 'csv', url: `${base}/samples.csv` },
    ],
    slos: [
      { name: h('slo-prom', { lf: false }), service: h('slo-svc', { lf: false }), team: h('slo-team', { lf: false }), description: `${h('slo-desc')}\nkind: Injected\nmetadata: {}`, labels: { tier: h('slo-tier', { lf: false }) }, objective: 99, window: '7d', source: h('src-prom', { lf: false }), sli: { ratio } },
      { name: h('slo-metrics', { lf: false }), service: h('slo-svc2', { lf: false }), team: h('slo-team2', { lf: false }), description: h('slo-desc2'), objective: 99, window: '7d', source: 'metrics', sli: { ratio } },
    ],
    slo_files: [{ url: `${base}/slos.yaml`, source: h('src-prom', { lf: false }) }],
  };
}

/** Serves every hostile input on a loopback port; `seen` records the paths asked for. */
export async function hostileServer() {
  const seen = [];
  const routes = {
    '/metrics': (req, res) => text(res, exposition(), 'text/plain; version=0.0.4'),
    '/k8s.json': (req, res) => json(res, kubernetes()),
    '/catalog.yaml': (req, res) => text(res, backstageYaml(), 'text/yaml'),
    '/catalog.json': (req, res) => json(res, [backstageEntity('json')]),
    '/runs.json': (req, res) => json(res, githubRuns()),
    '/delivery.csv': (req, res) => text(res, deliveryCsv(), 'text/csv'),
    '/samples.csv': (req, res) => text(res, metricsCsv(), 'text/csv'),
    '/slos.yaml': (req, res) => text(res, openslo(), 'text/yaml'),
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    seen.push(path);
    if (req.method === 'OPTIONS') return res.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*', 'access-control-allow-methods': 'GET, POST' }).end();
    if (path.startsWith('/prom')) return prometheus(req, res);
    (routes[path] || ((rq, rs) => rs.writeHead(404, { 'access-control-allow-origin': '*' }).end(h('not-found'))))(req, res);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, seen, close: () => { server.closeAllConnections?.(); return new Promise((ok) => server.close(ok)); } };
}
