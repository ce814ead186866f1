// Every kind of inventory and delivery source, loaded through the UI (the Sources form or
// the file picker), filtered, and exported: each CSV must equal rows computed here, from the
// same inputs, by code that shares nothing with the app — Kubernetes lists (quantities,
// omitted status fields), Backstage catalog files and the paged catalog API (with its progress
// bar), a /metrics page's *_build_info, the real Prometheus (targets and kube-state-metrics),
// GitHub Actions runs (CI health) and a generic deployments/incidents CSV (DORA).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT, serve, launch, open, downloadText, parseCsv, interop, needsInterop } from './lib.mjs';

const promUrl = process.env.HEADROOM_PROM_URL || (await readFile(resolve(ROOT, 'target/prom/url'), 'utf8').catch(() => '')).trim();
const HOUR = 3600e3, DAY = 24 * HOUR;
const NOW = Date.now();
let browser, app, tmp;
const json = (body) => (req, res) => res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' }).end(typeof body === 'string' ? body : JSON.stringify(body));
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

// ---- inputs ------------------------------------------------------------------------------

/** A `kubectl get … -o json` List with every kind Headroom reads, zero fields omitted. */
function kubeList() {
  const items = [];
  for (let i = 0; i < 9; i++) {
    const status = { replicas: 3 };
    if (i % 3) status.availableReplicas = i % 3; // i % 3 == 0: the API server omits 0
    items.push({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `web-${i}`, namespace: `ns-${i % 2}`, labels: { 'app.kubernetes.io/name': `web-${i}`, team: `team-${i % 3}`, ...(i === 4 ? { 'app.kubernetes.io/version': '9.9.9' } : {}) } },
      spec: { replicas: 3, template: { spec: { containers: [{ name: 'web', image: `reg.example/web:${1 + (i % 2)}.0.${i}` }] } } }, status });
  }
  items.push({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'ns-0' }, spec: { replicas: 2, template: { spec: { containers: [{ image: 'postgres:16.4' }] } } }, status: { readyReplicas: 2 } });
  items.push({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'kube-system' }, spec: { template: { spec: { containers: [{ image: 'agent@sha256:abc' }] } } }, status: { desiredNumberScheduled: 4, numberAvailable: 3 } });
  items.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns-0' } });
  items.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0-abc', namespace: 'ns-0', labels: { app: 'web-0' } }, spec: { containers: [{ image: 'reg.example/web:1.0.0' }] }, status: { phase: 'Running' } });
  const mem = ['16241620Ki', '1Gi', '64G', '1e3'];
  mem.forEach((m, i) => items.push({ apiVersion: 'v1', kind: 'Node', metadata: { name: `node-${i}` },
    status: { capacity: { cpu: ['250m', '8', '7910m', '1.5'][i], memory: m }, conditions: [{ type: 'Ready', status: i === 3 ? 'False' : 'True' }], nodeInfo: { kubeletVersion: `v1.3${i % 2}.4` } } }));
  return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items };
}

/** An API list response: items carry no kind, the list's kind names it. */
function deploymentList() {
  return { apiVersion: 'apps/v1', kind: 'DeploymentList', items: [0, 1].map((i) => ({ metadata: { name: `api-${i}`, namespace: 'edge' }, spec: { replicas: 2 }, status: i ? { availableReplicas: 2 } : {} })) };
}

/** Kubernetes quantities, decoded independently: binary and decimal suffixes, exponents. */
function quantity(q) {
  const m = /^([0-9.e+-]+?)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/.exec(q);
  const mult = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
  return Number(m[1]) * (m[2] ? mult[m[2]] : 1);
}

function kubeExpected(list, cluster) {
  const kindOf = (it) => it.kind || list.kind.replace(/List$/, '');
  return list.items.map((it) => {
    const k = kindOf(it), st = it.status || {}, tag = (img) => (/:([^:/@]+)$/.exec((img || '').split('@')[0]) || [])[1];
    let version = '', replicas = '', cpu = '', memory = '';
    if (['Deployment', 'StatefulSet', 'DaemonSet'].includes(k)) {
      const img = it.spec?.template?.spec?.containers?.[0]?.image;
      version = it.metadata.labels?.['app.kubernetes.io/version'] ?? tag(img) ?? '';
      replicas = k === 'DaemonSet' ? `${st.numberAvailable ?? 0}/${st.desiredNumberScheduled ?? 0}` : `${st.availableReplicas ?? st.readyReplicas ?? 0}/${it.spec?.replicas ?? 1}`;
    } else if (k === 'Pod') version = tag(it.spec.containers[0].image) ?? '';
    else if (k === 'Node') {
      version = st.nodeInfo.kubeletVersion;
      cpu = String(quantity(st.capacity.cpu));
      memory = String(quantity(st.capacity.memory));
    }
    return [k, it.metadata.name, it.metadata.namespace || '', version, replicas, cluster, cpu, memory];
  });
}

const sortRows = (rows) => rows.map((r) => r.join('\u0001')).sort().map((r) => r.split('\u0001'));

/** A catalog of 1,000 components and 200 APIs, served 500 per page like /by-query. */
const CATALOG = [...Array(1200).keys()].map((i) => i < 1000
  ? { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: `svc-${i}`, namespace: 'default' }, spec: { type: 'service', lifecycle: i % 5 ? 'production' : 'experimental', owner: `group:default/team-${i % 7}`, system: `sys-${i % 4}` }, relations: [{ type: 'ownedBy', targetRef: `group:default/team-${i % 7}` }] }
  : { apiVersion: 'backstage.io/v1alpha1', kind: 'API', metadata: { name: `api-${i}` }, spec: { type: 'openapi', lifecycle: 'production', owner: 'team-0' } });

const facetUrls = [];

function catalogRoutes() {
  const page = async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const offset = Number(url.searchParams.get('cursor') || 0);
    const limit = Number(url.searchParams.get('limit') || 200); // Backstage's default page size
    await sleep(1500); // slow enough to watch the progress bar
    const items = CATALOG.slice(offset, offset + limit);
    const next = offset + limit < CATALOG.length ? { nextCursor: String(offset + limit) } : {};
    json({ items, totalItems: CATALOG.length, pageInfo: next })(req, res);
  };
  return {
    '/backstage/api/catalog/entities/by-query': page,
    '/backstage/api/catalog/entity-facets': (req, res) => {
      facetUrls.push(req.url);
      json({ facets: { kind: [{ value: 'Component', count: 1000 }, { value: 'API', count: 200 }] } })(req, res);
    },
    '/catalog-config.json': json({ title: 'catalog', sources: [{ name: 'catalog', kind: 'backstage', url: '/backstage/api/catalog/entities/by-query?filter=kind=component,kind=api&limit=500' }] }),
  };
}

/** GitHub Actions runs: three workflows over the last 20 days with known timings. */
function githubRuns() {
  const runs = [];
  let id = 1;
  for (const [repo, wf, n] of [['acme/cart', 'ci', 9], ['acme/cart', 'deploy', 4], ['acme/search', 'ci', 6]]) {
    for (let k = 0; k < n; k++) {
      const created = NOW - (2 + k * 2) * DAY - (k * 7 % 5) * HOUR;
      const queue = (20 + 13 * k) * 1000, dur = (300 + 97 * ((k * 5) % 7)) * 1000;
      const conclusion = k % 4 === 3 ? 'failure' : k === 5 ? 'cancelled' : 'success';
      runs.push({ id: id++, name: wf, head_branch: 'main', head_sha: `${repo}-${k}`, event: 'push', status: 'completed', conclusion,
        created_at: new Date(created).toISOString(), run_started_at: new Date(created + queue).toISOString(), updated_at: new Date(created + queue + dur).toISOString(),
        html_url: `https://github.example/${repo}/actions/runs/${id}`, repository: { full_name: repo } });
    }
  }
  return { total_count: runs.length, workflow_runs: runs };
}

function percentile(v, q) {
  const s = [...v].sort((a, b) => a - b), pos = q * (s.length - 1), lo = Math.floor(pos), hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/** Deployments and incidents from "another system", as the generic delivery CSV. */
function deliveryCsv() {
  const iso = (t) => new Date(t).toISOString();
  const rows = ['type,service,repo,commit,commit_time,started_at,finished_at,status,severity'];
  const deploys = [];
  for (let k = 0; k < 6; k++) {
    const finished = NOW - (3 + 3 * k) * DAY, commit = finished - (2 + k) * HOUR;
    deploys.push({ finished, commit, ok: k !== 2 });
    rows.push(`deployment,billing,acme/billing,c${k},${iso(commit)},${iso(finished - 600e3)},${iso(finished)},${k !== 2 ? 'success' : 'failure'},`);
  }
  const incidents = [{ start: deploys[1].finished + 2 * HOUR, hours: 3 }, { start: deploys[4].finished + 30 * HOUR, hours: 1 }];
  for (const i of incidents) rows.push(`incident,billing,,,,${iso(i.start)},${iso(i.start + i.hours * HOUR)},,page`);
  return { text: rows.join('\n') + '\n', deploys, incidents };
}

// ---- harness -----------------------------------------------------------------------------

before(async () => {
  browser = await launch();
  tmp = await mkdtemp(join(tmpdir(), 'headroom-kinds-'));
  await writeFile(join(tmp, 'cluster-a.json'), JSON.stringify(kubeList()));
  await writeFile(join(tmp, 'edge-deployments.json'), JSON.stringify(deploymentList()));
  app = await serve({ extra: {
    ...catalogRoutes(),
    '/empty-config.json': json({ title: 'kinds', sources: [] }),
    '/build.prom': (req, res) => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end('# TYPE acme_build_info gauge\nacme_build_info{job="cart",version="3.1.0"} 1\nacme_build_info{job="search",version="7.0.2"} 1\nacme_build_info{job="old",version="0.9"} 0\nother_build_info{service="auth",version="12.0.1",revision="ab"} 1\n'),
    '/gh/runs': json(githubRuns()),
    '/delivery.csv': (req, res) => res.writeHead(200, { 'content-type': 'text/csv' }).end(deliveryCsv().text),
  } });
});
after(async () => { await browser?.close(); await app?.close(); });

async function addSource(page, name, kind, url) {
  await page.fill('#add-source input[name=name]', name);
  await page.selectOption('#add-source select[name=kind]', kind);
  await page.fill('#add-source input[name=url]', url);
  await page.click('#add-source button[type=submit]');
  const status = page.locator(`tr[data-source="${name}"] .source-status`);
  await status.filter({ hasText: /^(read|connected)/ }).waitFor({ timeout: 30000 });
  return status.innerText();
}

async function entityCsv(page, params, config = 'empty-config.json') {
  await page.goto(`${app.url}?config=${config}#/inventory?mode=entities&${params}`);
  await page.locator('#entity-table tbody tr.entity-row').first().waitFor({ timeout: 30000 });
  const { text } = await downloadText(page, () => page.click('#export-entities-csv'));
  return parseCsv(text);
}

const close = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

// ---- tests -------------------------------------------------------------------------------

test('Kubernetes: two files picked at once and one dropped; the CSV equals the lists read independently (quantities, omitted fields)', async () => {
  const page = await open(browser, `${app.url}?config=empty-config.json#/sources`);
  await page.waitForSelector('#open-files', { state: 'attached' });
  await page.setInputFiles('#open-files', [join(tmp, 'cluster-a.json'), join(tmp, 'edge-deployments.json')]);
  await page.locator('#open-files-result').waitFor();
  assert.match(await page.locator('#open-files-result').innerText(), /Opened file:cluster-a\.json \(kubernetes\), file:edge-deployments\.json \(kubernetes\)/);
  // A third list is dropped onto the page instead of picked.
  const dropped = { apiVersion: 'apps/v1', kind: 'DaemonSetList', items: [{ metadata: { name: 'node-exporter', namespace: 'monitoring' }, spec: { template: { spec: { containers: [{ image: 'quay.io/prometheus/node-exporter:v1.8.2' }] } } }, status: { desiredNumberScheduled: 5 } }] };
  const dt = await page.evaluateHandle((text) => { const d = new DataTransfer(); d.items.add(new File([text], 'dropped.json', { type: 'application/json' })); return d; }, JSON.stringify(dropped));
  await page.dispatchEvent('.drop-zone', 'drop', { dataTransfer: dt });
  await page.locator('#open-files-result', { hasText: 'file:dropped.json (kubernetes)' }).waitFor();
  const want = sortRows([...kubeExpected(kubeList(), 'file:cluster-a.json'), ...kubeExpected(deploymentList(), 'file:edge-deployments.json'), ...kubeExpected(dropped, 'file:dropped.json')]);
  const [header, ...rows] = await entityCsv(page, 'cols=kind,name,namespace,version,replicas,cluster,label:cpu,label:memory');
  assert.deepEqual(header, ['kind', 'name', 'namespace', 'version', 'replicas', 'cluster', 'label:cpu', 'label:memory']);
  assert.deepEqual(sortRows(rows), want);
  // A facet filter narrows the export to exactly the matching rows.
  const [, ...down] = await entityCsv(page, 'cols=kind,name,replicas&f.health=down');
  const wantDown = want.filter(([k, , , , r]) => r && r.startsWith('0/')).map(([k, n, , , r]) => [k, n, r]);
  assert.deepEqual(sortRows(down), sortRows([...wantDown, ['Node', 'node-3', '']]));
  assert.ok(down.some(([k, n]) => k === 'DaemonSet' && n === 'node-exporter'), 'no pod available of five: down');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('Backstage: every interop fixture picked at once; kinds and names equal the YAML documents', { skip: needsInterop }, async () => {
  const dir = interop('backstage');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).map((f) => join(dir, f));
  const want = [];
  for (const f of files) {
    for (const doc of (await readFile(f, 'utf8')).split(/^---\s*$/m)) {
      const kind = /^kind:\s*(\S+)/m.exec(doc)?.[1];
      const name = /^metadata:\s*\n(?:[ \t]+.*\n|\s*\n)*?[ \t]{2}name:\s*(\S+)/m.exec(doc)?.[1];
      if (kind && name) want.push([kind, name, `file:${f.split('/').pop()}`]);
    }
  }
  assert.equal(want.length, 14);
  const page = await open(browser, `${app.url}?config=empty-config.json#/sources`);
  await page.waitForSelector('#open-files', { state: 'attached' });
  await page.setInputFiles('#open-files', files);
  await page.locator('#open-files-result').waitFor();
  const [, ...rows] = await entityCsv(page, 'cols=kind,name,source');
  assert.deepEqual(sortRows(rows), sortRows(want));
  const [, ...people] = await entityCsv(page, 'cols=kind,name,source&f.kind=User,Group');
  assert.deepEqual(sortRows(people), sortRows(want.filter(([k]) => k === 'User' || k === 'Group')));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('Backstage catalog API: paging shows its progress, facets give the total, the filtered CSV is exact', async () => {
  const page = await open(browser);
  // Watch from the first moment: the whole load takes three pages × 1.5 s.
  await page.goto(`${app.url}?config=catalog-config.json#/inventory`, { waitUntil: 'commit' });
  const progress = page.locator('#paging-progress');
  await progress.filter({ hasText: /catalog: (500|1000) of 1200 entities/ }).waitFor({ timeout: 20000 });
  assert.equal(await progress.locator('progress').getAttribute('max'), '1200');
  // The facets request keeps the user's filter, and URLs go out exactly as built.
  assert.equal(facetUrls[0], '/backstage/api/catalog/entity-facets?facet=kind&filter=kind=component,kind=api');
  const [, ...rows] = await entityCsv(page, 'cols=kind,name,owner,lifecycle,system&f.kind=Component&f.owner=team-3&f.lifecycle=production&sort=name', 'catalog-config.json');
  const want = CATALOG.filter((e) => e.kind === 'Component' && e.spec.owner.endsWith('/team-3') && e.spec.lifecycle === 'production')
    .map((e) => ['Component', e.metadata.name, 'team-3', 'production', e.spec.system]);
  assert.ok(want.length > 100);
  assert.deepEqual(sortRows(rows), sortRows(want));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('Exposition: *_build_info gauges of a /metrics page become versions', async () => {
  const page = await open(browser, `${app.url}?config=empty-config.json#/sources`);
  await page.waitForSelector('#add-source');
  await addSource(page, 'build', 'exposition', `${app.origin}/build.prom`);
  const [, ...rows] = await entityCsv(page, 'cols=kind,name,service,version&f.source=build');
  assert.deepEqual(sortRows(rows), sortRows([['Build', 'acme_build_info', 'cart', '3.1.0'], ['Build', 'acme_build_info', 'search', '7.0.2'], ['Build', 'other_build_info', 'auth', '12.0.1']]));
  // No PromQL source and no CI source: both sections say so instead of showing empty tables.
  await page.locator('#inventory-history').waitFor();
  assert.match(await page.locator('#inventory-history').innerText(), /No source keeps inventory history/);
  await page.goto(page.url().replace(/#.*/, '#/delivery'));
  await page.locator('#delivery-empty').waitFor();
  assert.match(await page.locator('#delivery-empty').innerText(), /No CI runs or deployments.*github-actions source.*delivery source/s);
  await page.context().close();
});

test('Prometheus: targets and kube-state-metrics workloads equal what its API says', { skip: !promUrl && 'no test Prometheus (make test starts one)' }, async () => {
  const api = async (path) => JSON.parse(await (await fetch(`${promUrl}${path}`)).text()).data;
  const q = async (query) => (await api(`/api/v1/query?query=${encodeURIComponent(query)}`)).result;
  const page = await open(browser, `${app.url}?config=empty-config.json#/sources`);
  await page.waitForSelector('#add-source');
  await addSource(page, 'prom', 'prometheus', promUrl);
  const targets = (await api('/api/v1/targets?state=active')).activeTargets.map((t) => ['Target', t.labels.instance, t.health === 'up' ? 'healthy' : 'down']);
  const [, ...trows] = await entityCsv(page, 'cols=kind,name,health&f.source=prom&f.kind=Target');
  assert.deepEqual(sortRows(trows), sortRows(targets));
  const want = [];
  for (const [kind, label, desired, available] of [['Deployment', 'deployment', 'kube_deployment_spec_replicas', 'kube_deployment_status_replicas_available'], ['StatefulSet', 'statefulset', 'kube_statefulset_replicas', 'kube_statefulset_status_replicas_ready']]) {
    const have = await q(available);
    for (const d of await q(desired)) {
      const a = have.find((h) => h.metric[label] === d.metric[label] && h.metric.namespace === d.metric.namespace);
      want.push([kind, d.metric[label], d.metric.namespace, `${Number(a?.value[1] ?? 0)}/${Number(d.value[1])}`]);
    }
  }
  assert.ok(want.length >= 4);
  const [, ...wrows] = await entityCsv(page, 'cols=kind,name,namespace,replicas&f.source=prom&f.kind=Deployment,StatefulSet');
  assert.deepEqual(sortRows(wrows), sortRows(want));
  // Pods' images, joined to their workloads through kube_pod_owner.
  const images = (await q('kube_pod_container_info')).length;
  const [, ...pods] = await entityCsv(page, 'cols=kind,name,image,health&f.source=prom&f.kind=Pod');
  // Every pod any series names: owner, phase or containers (a pending pod has no containers).
  const podNames = new Set();
  for (const m of ['kube_pod_owner', 'kube_pod_status_phase', 'kube_pod_container_info']) for (const s of await q(m)) podNames.add(s.metric.pod);
  assert.deepEqual(pods.map((p) => p[1]).sort(), [...podNames].sort());
  // Health from the pod's current phase.
  const phase = Object.fromEntries((await q('kube_pod_status_phase == 1')).map((s) => [s.metric.pod, s.metric.phase]));
  const byPhase = { Running: 'healthy', Succeeded: 'healthy', Pending: 'degraded', Failed: 'down' };
  for (const [, name, , health] of pods) assert.equal(health, byPhase[phase[name]] ?? 'unknown', name);
  assert.ok(images > pods.filter((p) => p[2]).length, 'some pods run sidecars');
  assert.ok(pods.every((p) => !p[2].includes('istio/proxyv2')), 'a sidecar never stands for its pod');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('GitHub Actions: the CI health CSV equals success rates and percentiles computed here', async () => {
  const page = await open(browser, `${app.url}?config=empty-config.json#/sources`);
  await page.waitForSelector('#add-source');
  assert.match(await addSource(page, 'gh', 'github-actions', `${app.origin}/gh/runs`), /read 19 workflow runs/);
  await page.goto(`${app.url}?config=empty-config.json#/delivery`);
  await page.locator('#export-ci-csv').waitFor({ timeout: 30000 });
  const [header, ...rows] = parseCsv((await downloadText(page, () => page.click('#export-ci-csv'))).text);
  assert.deepEqual(header, ['repo', 'workflow', 'runs', 'success_rate', 'p50_duration_s', 'p95_duration_s', 'p50_queue_s', 'weekly_success']);
  const groups = new Map();
  for (const r of githubRuns().workflow_runs) {
    const k = `${r.repository.full_name}\u0001${r.name}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(r);
  }
  assert.equal(rows.length, groups.size);
  for (const row of rows) {
    const rs = groups.get(`${row[0]}\u0001${row[1]}`);
    const outcome = rs.filter((r) => r.conclusion !== 'cancelled' && r.conclusion !== 'skipped');
    const t = (r, f) => Date.parse(r[f]);
    assert.equal(Number(row[2]), rs.length);
    assert.ok(close(Number(row[3]), outcome.filter((r) => r.conclusion === 'success').length / outcome.length), `${row}`);
    assert.ok(close(Number(row[4]), percentile(rs.map((r) => (t(r, 'updated_at') - t(r, 'run_started_at')) / 1000), 0.5)), `${row}`);
    assert.ok(close(Number(row[5]), percentile(rs.map((r) => (t(r, 'updated_at') - t(r, 'run_started_at')) / 1000), 0.95)), `${row}`);
    assert.ok(close(Number(row[6]), percentile(rs.map((r) => (t(r, 'run_started_at') - t(r, 'created_at')) / 1000), 0.5)), `${row}`);
    // Success per ISO week (Monday 00:00 UTC), weeks with finished runs only.
    const weeks = new Map();
    for (const r of outcome) {
      const day = Math.floor(t(r, 'created_at') / DAY), monday = new Date((day - ((day + 3) % 7)) * DAY).toISOString().slice(0, 10);
      const w = weeks.get(monday) || [0, 0];
      weeks.set(monday, [w[0] + (r.conclusion === 'success'), w[1] + 1]);
    }
    const got = row[7].split(' ').map((p) => p.split('='));
    assert.deepEqual(got.map(([d]) => d), [...weeks.keys()].sort());
    for (const [d, v] of got) assert.ok(close(Number(v), weeks.get(d)[0] / weeks.get(d)[1]), `${row[1]} ${d}`);
    // The table shows the same weeks as cells.
    assert.equal(await page.locator(`#ci-health tr[data-workflow="${row[0]}/${row[1]}"] td.week:not(.muted)`).count(), weeks.size);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('Generic delivery CSV: the DORA export equals the four keys computed here', async () => {
  const page = await open(browser, `${app.url}?config=empty-config.json#/sources`);
  await page.waitForSelector('#add-source');
  assert.match(await addSource(page, 'events', 'delivery', `${app.origin}/delivery.csv`), /read 6 deployments and 2 incidents/);
  await page.goto(`${app.url}?config=empty-config.json#/delivery`);
  await page.locator('#export-dora-csv').waitFor({ timeout: 30000 });
  const [header, ...rows] = parseCsv((await downloadText(page, () => page.click('#export-dora-csv'))).text);
  assert.equal(header.join(','), 'scope,group,deployments,deploys_per_day,lead_time_h,change_failure_rate,time_to_restore_h,frequency_band,lead_time_band,change_failure_band,restore_band');
  const repo = rows.find((r) => r[0] === 'repo' && r[1] === 'acme/billing');
  const { deploys, incidents } = deliveryCsv();
  const ok = deploys.filter((d) => d.ok);
  const failed = ok.filter((d) => incidents.some((i) => i.start >= d.finished && i.start < d.finished + DAY)).length;
  assert.equal(Number(repo[2]), ok.length);
  assert.ok(close(Number(repo[3]), ok.length / 30));
  assert.ok(close(Number(repo[4]), percentile(ok.map((d) => (d.finished - d.commit) / HOUR), 0.5)));
  assert.ok(close(Number(repo[5]), failed / ok.length));
  assert.ok(close(Number(repo[6]), percentile(incidents.map((i) => i.hours), 0.5)));
  // Default (2019) bands: 5 in 30 days is weekly–daily, 5 h lead time, 20% failed, 2 h to restore.
  assert.deepEqual(repo.slice(7), ['high', 'elite', 'low', 'high']);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
