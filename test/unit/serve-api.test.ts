/**
 * The API serve speaks, request by request (in-process, plain HTTP): discovery, OpenAPI, list
 * paging and resourceVersion rules, dryRun, fieldValidation, Tables, subresources, watch
 * resumption, bookmarks and 410 Gone, and errors as Status objects.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { join } from 'node:path';
import { Session } from '../../src/cli/session.js';
import { startServing, type Serving } from '../../src/serve/server.js';
import { tempHome } from '../helpers/cli.js';

let home: { home: string; dispose(): void };
let serving: Serving;
let session: Session;

before(async () => {
  home = tempHome();
  session = new Session({ env: { KUBECTL_LITE_HOME: home.home }, globals: {}, realNow: () => Date.now() });
  serving = await startServing({
    session, port: 0, address: '127.0.0.1', insecure: true, kubeconfig: join(home.home, 'kubeconfig'), realNow: () => Date.now(), pollMs: 20, bookmarkMs: 200,
  });
});

after(async () => {
  await serving.close();
  home.dispose();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ code: number; json: any; text: string; headers: Headers }> {
  const res = await fetch(`${serving.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { code: res.status, json, text, headers: res.headers };
}

const cm = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { set: 'a' } }, data: { k: name }, ...extra });

test('version, health and discovery (legacy and aggregated)', async () => {
  assert.equal((await call('GET', '/version')).json.minor, '32');
  assert.equal((await call('GET', '/readyz')).text, 'ok');
  const apps = await call('GET', '/apis/apps/v1');
  assert.ok(apps.json.resources.some((r: any) => r.name === 'deployments/scale' && r.kind === 'Scale' && r.group === 'autoscaling'));
  const agg = await call('GET', '/apis', undefined, { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' });
  assert.match(agg.headers.get('content-type')!, /as=APIGroupDiscoveryList/);
  const appsGroup = agg.json.items.find((g: any) => g.metadata.name === 'apps');
  const deploy = appsGroup.versions[0].resources.find((r: any) => r.resource === 'deployments');
  assert.deepEqual(deploy.subresources.map((s: any) => s.subresource), ['scale', 'status']);
  const core = await call('GET', '/api', undefined, { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' });
  assert.equal(core.json.items[0].versions[0].resources.find((r: any) => r.resource === 'pods').scope, 'Namespaced');
  assert.equal((await call('GET', '/apis/nope.io/v1')).code, 404);
});

test('OpenAPI v3 per group version, and v2 for JSON clients', async () => {
  const index = await call('GET', '/openapi/v3');
  assert.ok(index.json.paths['apis/apps/v1'].serverRelativeURL.startsWith('/openapi/v3/apis/apps/v1'));
  const apps = await call('GET', '/openapi/v3/apis/apps/v1');
  assert.ok(Object.keys(apps.json.components.schemas).some((k) => k.endsWith('.Deployment')));
  const v2 = await call('GET', '/openapi/v2', undefined, { Accept: 'application/json' });
  assert.equal(v2.json.swagger, '2.0');
  assert.ok(!v2.text.includes('#/components/schemas/'));
  const proto = await call('GET', '/openapi/v2', undefined, { Accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' });
  assert.equal(proto.code, 200);
  assert.match(proto.headers.get('content-type')!, /protobuf/);
  assert.ok(proto.text.startsWith('\n\u00032.0'));
  // The definitions (field 9) are there, each a NamedSchema: Deployment's with its kind as YAML (field 31).
  assert.ok(proto.text.includes('lite.Deployment.Deployment'));
  assert.ok(proto.text.includes('[{"group":"apps","kind":"Deployment","version":"v1"}]'));
  // Swagger 2.0's shape: a reference beside its description, not v3's allOf.
  assert.deepEqual(v2.json.definitions['lite.Deployment.Deployment'].properties.spec.$ref, '#/definitions/lite.Deployment.DeploymentSpec');
  assert.ok(!v2.text.includes('"allOf"'));
  // Every served kind has a path with fieldValidation, so kubectl validates on the server.
  const storage = await call('GET', '/openapi/v3/apis/storage.k8s.io/v1');
  assert.ok(storage.json.paths['/apis/storage.k8s.io/v1/csidrivers/{name}'].patch.parameters.some((p: any) => p.name === 'fieldValidation'));
});

test('create, dryRun, fieldValidation and errors as Status objects', async () => {
  const created = await call('POST', '/api/v1/namespaces/default/configmaps', cm('one'));
  assert.equal(created.code, 201);
  assert.ok(created.json.metadata.uid);
  const again = await call('POST', '/api/v1/namespaces/default/configmaps', cm('one'));
  assert.equal(again.code, 409);
  assert.deepEqual(again.json, {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'configmaps "one" already exists', reason: 'AlreadyExists',
    details: { name: 'one', group: '', kind: 'configmaps' }, code: 409,
  });
  const dry = await call('POST', '/api/v1/namespaces/default/configmaps?dryRun=All', cm('dry'));
  assert.equal(dry.code, 201);
  assert.equal((await call('GET', '/api/v1/namespaces/default/configmaps/dry')).code, 404);
  const strict = await call('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', cm('strict', { bogus: 1 }));
  assert.equal(strict.code, 400);
  assert.match(strict.json.message, /strict decoding error: unknown field "bogus"/);
  const warn = await call('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Warn', cm('warned', { bogus: 1 }));
  assert.equal(warn.code, 201);
  assert.equal(warn.headers.get('warning'), '299 - "unknown field \\"bogus\\""');
  assert.equal(warn.json.bogus, undefined);
  const ignore = await call('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Ignore', cm('ignored', { bogus: 1 }));
  assert.equal(ignore.code, 201);
  assert.equal(ignore.headers.get('warning'), null);
  const wrongNs = await call('POST', '/api/v1/namespaces/default/configmaps', { ...cm('x'), metadata: { name: 'x', namespace: 'other' } });
  assert.equal(wrongNs.code, 400);
  // An envelope with no object in it: protobuf is decoded (test/e2e/serve-protobuf.test.ts), this one cannot be.
  const proto = await call('POST', '/api/v1/namespaces/default/configmaps', 'k8s\u0000', { 'Content-Type': 'application/vnd.kubernetes.protobuf' });
  assert.equal(proto.code, 400);
  assert.equal(proto.json.reason, 'BadRequest');
  const unknown = await call('POST', '/api/v1/namespaces/default/configmaps', 'x', { 'Content-Type': 'application/cbor' });
  assert.equal(unknown.code, 415);
  assert.equal(unknown.json.message, 'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf');
});

test('list: selectors, limit and continue, resourceVersion rules, Tables', async () => {
  for (const n of ['p1', 'p2', 'p3']) await call('POST', '/api/v1/namespaces/default/configmaps', cm(n));
  const all = await call('GET', '/api/v1/namespaces/default/configmaps?labelSelector=set%3Da');
  const names = all.json.items.map((o: any) => o.metadata.name);
  assert.ok(names.includes('p1') && names.includes('p3'));
  const first = await call('GET', '/api/v1/namespaces/default/configmaps?labelSelector=set%3Da&limit=2');
  assert.equal(first.json.items.length, 2);
  assert.equal(first.json.metadata.remainingItemCount, names.length - 2);
  const rest = await call('GET', `/api/v1/namespaces/default/configmaps?labelSelector=set%3Da&limit=100&continue=${encodeURIComponent(first.json.metadata.continue)}`);
  assert.deepEqual([...first.json.items, ...rest.json.items].map((o: any) => o.metadata.name), names);
  const fields = await call('GET', '/api/v1/namespaces/default/configmaps?fieldSelector=metadata.name%3Dp2');
  assert.deepEqual(fields.json.items.map((o: any) => o.metadata.name), ['p2']);
  const badField = await call('GET', '/api/v1/configmaps?fieldSelector=spec.nope%3Dx');
  assert.equal(badField.code, 400);
  const rv = Number(all.json.metadata.resourceVersion);
  assert.equal((await call('GET', `/api/v1/configmaps?resourceVersion=${rv + 1000}`)).code, 504);
  assert.equal((await call('GET', `/api/v1/configmaps?resourceVersion=1&resourceVersionMatch=Exact`)).code, 410);
  const table = await call('GET', '/api/v1/namespaces/default/configmaps/p1', undefined, { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
  assert.equal(table.json.kind, 'Table');
  assert.deepEqual(table.json.columnDefinitions.map((c: any) => c.name), ['Name', 'Data', 'Age']);
  assert.deepEqual(table.json.rows[0].cells.slice(0, 2), ['p1', 1]);
  assert.equal(table.json.rows[0].object.kind, 'PartialObjectMetadata');
});

test('update conflicts, patches, delete, deletecollection', async () => {
  const live = (await call('GET', '/api/v1/namespaces/default/configmaps/p1')).json;
  const stale = { ...live, metadata: { ...live.metadata, resourceVersion: '1' } };
  assert.equal((await call('PUT', '/api/v1/namespaces/default/configmaps/p1', stale)).json.reason, 'Conflict');
  const put = await call('PUT', '/api/v1/namespaces/default/configmaps/p1', { ...live, data: { k: 'v2' } });
  assert.equal(put.json.data.k, 'v2');
  const merge = await call('PATCH', '/api/v1/namespaces/default/configmaps/p1', { data: { m: '1' } }, { 'Content-Type': 'application/merge-patch+json' });
  assert.deepEqual(merge.json.data, { k: 'v2', m: '1' });
  const json = await call('PATCH', '/api/v1/namespaces/default/configmaps/p1', [{ op: 'remove', path: '/data/m' }], { 'Content-Type': 'application/json-patch+json' });
  assert.deepEqual(json.json.data, { k: 'v2' });
  const apply = await call('PATCH', '/api/v1/namespaces/default/configmaps/applied?fieldManager=t', cm('applied'), { 'Content-Type': 'application/apply-patch+yaml' });
  assert.equal(apply.code, 201);
  const unsupported = await call('PATCH', '/api/v1/namespaces/default/configmaps/p1', {}, { 'Content-Type': 'text/plain' });
  assert.equal(unsupported.code, 415);
  const del = await call('DELETE', '/api/v1/namespaces/default/configmaps/p1', { propagationPolicy: 'Foreground' });
  assert.equal(del.json.status, 'Success');
  assert.equal(del.json.details.name, 'p1');
  assert.equal((await call('DELETE', '/api/v1/namespaces/default/configmaps/p1')).code, 404);
  const coll = await call('DELETE', '/api/v1/namespaces/default/configmaps?labelSelector=set%3Da');
  assert.ok(coll.json.items.length >= 2);
  assert.equal((await call('GET', '/api/v1/namespaces/default/configmaps?labelSelector=set%3Da')).json.items.length, 0);
});

test('subresources: scale, status, binding, log, eviction', async () => {
  const deploy = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' },
    spec: { replicas: 1, selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  };
  assert.equal((await call('POST', '/apis/apps/v1/namespaces/default/deployments', deploy)).code, 201);
  const scale = await call('GET', '/apis/apps/v1/namespaces/default/deployments/d/scale');
  assert.equal(scale.json.kind, 'Scale');
  assert.equal(scale.json.spec.replicas, 1);
  const scaled = await call('PATCH', '/apis/apps/v1/namespaces/default/deployments/d/scale', { spec: { replicas: 2 } }, { 'Content-Type': 'application/merge-patch+json' });
  assert.equal(scaled.json.spec.replicas, 2);
  const pods = await call('GET', '/api/v1/namespaces/default/pods?labelSelector=app%3Dd');
  assert.equal(pods.json.items.length, 2);
  const podName = pods.json.items[0].metadata.name;
  const log = await call('GET', `/api/v1/namespaces/default/pods/${podName}/log`);
  assert.match(log.text, /^\[kubectl-lite\] container c started \(image nginx\)\n/);
  const unbound = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'manual' }, spec: { schedulerName: 'none', containers: [{ name: 'c', image: 'nginx' }] } };
  await call('POST', '/api/v1/namespaces/default/pods', unbound);
  const bind = await call('POST', '/api/v1/namespaces/default/pods/manual/binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'manual' }, target: { kind: 'Node', name: 'lite-worker' } });
  assert.equal(bind.code, 201, bind.text);
  assert.equal((await call('GET', '/api/v1/namespaces/default/pods/manual')).json.spec.nodeName, 'lite-worker');
  const again = await call('POST', '/api/v1/namespaces/default/pods/manual/binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'manual' }, target: { kind: 'Node', name: 'lite-worker2' } });
  assert.equal(again.code, 409);
  const evict = await call('POST', `/api/v1/namespaces/default/pods/${podName}/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: podName } });
  assert.equal(evict.code, 201);
  assert.equal((await call('GET', `/api/v1/namespaces/default/pods/${podName}`)).code, 404);
  const status = await call('GET', '/apis/apps/v1/namespaces/default/deployments/d/status');
  assert.equal(status.json.kind, 'Deployment');
});

test('a Scale without spec.replicas (absent or null) is 0, as Go decodes an int32 left out; a Scale of 0 has no spec.replicas', async () => {
  const deploy = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'z' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'z' } }, template: { metadata: { labels: { app: 'z' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  };
  assert.equal((await call('POST', '/apis/apps/v1/namespaces/default/deployments', deploy)).code, 201);
  const path = '/apis/apps/v1/namespaces/default/deployments/z/scale';
  const put = await call('PUT', path, { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'z' }, spec: {} });
  assert.equal(put.code, 200, put.text);
  assert.deepEqual(put.json.spec, {});
  assert.equal((await call('GET', '/apis/apps/v1/namespaces/default/deployments/z')).json.spec.replicas, 0);
  assert.deepEqual((await call('GET', path)).json.spec, {});
  assert.equal((await call('PATCH', path, { spec: { replicas: 3 } }, { 'Content-Type': 'application/merge-patch+json' })).json.spec.replicas, 3);
  const nulled = await call('PATCH', path, { spec: { replicas: null } }, { 'Content-Type': 'application/merge-patch+json' });
  assert.equal(nulled.code, 200, nulled.text);
  assert.equal((await call('GET', '/apis/apps/v1/namespaces/default/deployments/z')).json.spec.replicas, 0);
  // What is not an int32 still fails decoding.
  const bad = await call('PUT', path, { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'z' }, spec: { replicas: 'x' } });
  assert.equal(bad.code, 400);
});

/** Reads a watch stream's events until `until` says stop (or the time runs out). */
async function watchEvents(path: string, until: (events: any[]) => boolean, during?: () => Promise<void>): Promise<any[]> {
  const ctrl = new AbortController();
  const res = await fetch(`${serving.url}${path}`, { signal: ctrl.signal });
  const events: any[] = [];
  const reader = res.body!.getReader();
  let buf = '';
  const timer = setTimeout(() => ctrl.abort(), 10_000);
  const pending = during?.();
  try {
    while (!until(events)) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += Buffer.from(value).toString('utf8');
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        events.push(JSON.parse(buf.slice(0, nl)));
        buf = buf.slice(nl + 1);
      }
    }
  } catch {
    /* aborted */
  } finally {
    clearTimeout(timer);
    ctrl.abort();
  }
  await pending;
  return events;
}

test('watch: initial state, writes from another process, resumption, bookmarks and 410 Gone', async () => {
  const list = await call('GET', '/api/v1/namespaces/default/configmaps');
  const rv = list.json.metadata.resourceVersion;
  // A write through the store directly (as the CLI makes it) after the list.
  session.write((api) => api.create(cm('outside')));
  const resumed = await watchEvents(`/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${rv}`, (e) => e.length >= 1);
  assert.equal(resumed[0].type, 'ADDED');
  assert.equal(resumed[0].object.metadata.name, 'outside');
  const live = await watchEvents('/api/v1/namespaces/default/configmaps?watch=true&allowWatchBookmarks=true&fieldSelector=metadata.name%3Dlater',
    (e) => e.some((x) => x.type === 'BOOKMARK') && e.some((x) => x.type === 'DELETED'),
    async () => {
      await new Promise((r) => setTimeout(r, 100));
      session.write((api) => api.create(cm('later')));
      await call('DELETE', '/api/v1/namespaces/default/configmaps/later');
    });
  assert.deepEqual(live.filter((e) => e.type !== 'BOOKMARK').map((e) => `${e.type} ${e.object.metadata.name}`), ['ADDED later', 'DELETED later']);
  // Commits made between two polls (here all in one tick, by another writer): each is an event,
  // and the deletion carries the object's last state.
  const versions = await watchEvents('/api/v1/namespaces/default/configmaps?watch=1&fieldSelector=metadata.name%3Dversions',
    (e) => e.some((x) => x.type === 'DELETED'),
    async () => {
      await new Promise((r) => setTimeout(r, 100));
      session.write((api) => api.create(cm('versions')));
      for (const v of ['1', '2']) {
        session.write((api) => {
          const obj = api.get(api.registry.forKind('v1', 'ConfigMap')!, 'default', 'versions');
          api.update({ ...obj, metadata: { ...obj.metadata, labels: { v } } });
        });
      }
      session.write((api) => api.delete(api.registry.forKind('v1', 'ConfigMap')!, 'default', 'versions'));
    });
  assert.deepEqual(versions.map((e) => `${e.type} ${e.object.metadata.labels?.v ?? '-'}`), ['ADDED -', 'MODIFIED 1', 'MODIFIED 2', 'DELETED 2']);
  const rvs = versions.map((e) => Number(e.object.metadata.resourceVersion));
  assert.deepEqual([...rvs].sort((a, b) => a - b), rvs);
  const gone = await watchEvents('/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=1', (e) => e.length >= 1);
  assert.equal(gone[0].type, 'ERROR');
  assert.equal(gone[0].object.code, 410);
  assert.equal(gone[0].object.reason, 'Expired');
  assert.match(gone[0].object.message, /^too old resource version: 1 \(\d+\)$/);
  const initial = await watchEvents('/api/v1/namespaces/kube-system/pods?watch=1', (e) => e.length >= 2);
  assert.ok(initial.every((e) => e.type === 'ADDED'));
});
