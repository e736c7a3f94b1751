/**
 * Resources at more than one version through `kubectl-lite serve`: the real kubectl v1.32 prints what
 * kubectl-lite prints for events.k8s.io Events, autoscaling/v1 HPAs and custom resources at a
 * non-storage version; watches on /apis/events.k8s.io/v1 and /apis/autoscaling/v1 get objects of that
 * version; an events.k8s.io Event created through serve is a core Event; deleting a CRD through serve
 * removes its custom resources. The kubectl parts skip, saying so, where kubectl is not installed.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { tempHome } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { startServe, type Served } from './serve-helpers.js';
import { GIZMO_CRD, GIZMOS } from './served-versions-fixtures.js';

const skip = !kubectlAvailable() && SKIP_NO_KUBECTL;

let home: ReturnType<typeof tempHome>;
let served: Served;

before(async () => {
  home = tempHome();
  served = await startServe(home.home, ['--insecure-http'], { KUBECTL_LITE_NOW: String(Date.now()) });
  for (const args of [['run', 'web', '--image=nginx'], ['create', 'deployment', 'app', '--image=nginx'], ['autoscale', 'deployment', 'app', '--max=4', '--cpu-percent=70']]) {
    const r = served.lite(args);
    assert.equal(r.code, 0, r.stderr);
  }
});

after(async () => {
  await served.stop();
  home.dispose();
});

/** The events of a watch request until `enough` says so (or 5 s pass). */
async function watchEvents(path: string, enough: (events: any[]) => boolean): Promise<any[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 5000);
  const events: any[] = [];
  try {
    const res = await fetch(served.url + path, { signal: controller.signal });
    assert.equal(res.status, 200);
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of res.body as any) {
      buffered += decoder.decode(chunk, { stream: true });
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        events.push(JSON.parse(buffered.slice(0, nl)));
        buffered = buffered.slice(nl + 1);
      }
      if (enough(events)) break;
    }
  } catch (e) {
    if ((e as Error).name !== 'AbortError') throw e;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

test('watches at events.k8s.io/v1 and autoscaling/v1 get objects of that version', async () => {
  const events = await watchEvents('/apis/events.k8s.io/v1/namespaces/default/events?watch=1', (e) => e.length >= 1);
  assert.ok(events.length >= 1);
  assert.equal(events[0].type, 'ADDED');
  assert.equal(events[0].object.apiVersion, 'events.k8s.io/v1');
  assert.equal(events[0].object.regarding.kind, 'Pod');
  assert.ok(events[0].object.note);
  const hpas = await watchEvents('/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers?watch=1', (e) => e.length >= 1);
  assert.equal(hpas[0].object.apiVersion, 'autoscaling/v1');
  assert.equal(hpas[0].object.spec.targetCPUUtilizationPercentage, 70);
  // A change made by the CLI reaches a running watch converted.
  const later = watchEvents('/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers?watch=1', (e) => e.some((x) => x.type === 'MODIFIED'));
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(served.lite(['patch', 'hpa', 'app', '-p', '{"spec":{"maxReplicas":6}}']).code, 0);
  const modified = (await later).find((e) => e.type === 'MODIFIED');
  assert.ok(modified, 'no MODIFIED event');
  assert.equal(modified.object.apiVersion, 'autoscaling/v1');
  assert.equal(modified.object.spec.maxReplicas, 6);
});

test('an events.k8s.io Event POSTed through serve is a core Event', async () => {
  const body = {
    apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'posted' },
    eventTime: '2026-06-01T11:59:00.000000Z', reportingController: 'example.com/poster', reportingInstance: 'p-1',
    action: 'Posting', reason: 'Posted', note: 'sent over HTTP', type: 'Warning', regarding: { kind: 'Pod', name: 'web', namespace: 'default' },
  };
  const res = await fetch(`${served.url}/apis/events.k8s.io/v1/namespaces/default/events`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 201);
  const created = await res.json();
  assert.equal(created.apiVersion, 'events.k8s.io/v1');
  assert.equal(created.note, 'sent over HTTP');
  const core = await (await fetch(`${served.url}/api/v1/namespaces/default/events/posted`)).json();
  assert.equal(core.apiVersion, 'v1');
  assert.equal(core.message, 'sent over HTTP');
  assert.equal(core.involvedObject.name, 'web');
  assert.equal(core.reportingComponent, 'example.com/poster');
  const bad = await fetch(`${served.url}/apis/events.k8s.io/v1/namespaces/default/events`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...body, metadata: { name: 'bad' }, action: '' }) });
  assert.equal(bad.status, 422);
  assert.equal((await bad.json()).message, 'Event.events.k8s.io "bad" is invalid: action: Required value');
});

test('kubectl get events.events.k8s.io through serve prints what kubectl-lite prints', { skip }, async () => {
  for (const args of [['get', 'events.events.k8s.io', '-A'], ['get', 'events.events.k8s.io', '-o', 'wide'], ['get', 'events.v1.events.k8s.io', 'posted', '-o', 'yaml']]) {
    const want = served.lite(args);
    const got = await served.kubectl(args);
    assert.equal(got.code, 0, got.stderr);
    assert.equal(got.stdout, want.stdout, args.join(' '));
  }
  const created = await served.kubectl(['create', '-f', '-'], {
    stdin: 'apiVersion: events.k8s.io/v1\nkind: Event\nmetadata: {name: by-kubectl}\neventTime: "2026-06-01T11:59:00.000000Z"\nreportingController: kubectl\nreportingInstance: k\naction: A\nreason: R\ntype: Normal\nregarding: {kind: Pod, name: web, namespace: default}\n',
  });
  assert.equal(created.stdout, 'event.events.k8s.io/by-kubectl created\n', created.stderr);
  assert.match(served.lite(['get', 'events', 'by-kubectl', '-o', 'jsonpath={.apiVersion} {.reportingComponent}']).stdout, /^v1 kubectl$/);
  const watched = await served.kubectl(['get', 'events.events.k8s.io', 'by-kubectl', '-w', '-o', 'json', '--request-timeout=2s']);
  assert.equal(JSON.parse(watched.stdout).apiVersion, 'events.k8s.io/v1');
});

test('kubectl get horizontalpodautoscalers.v1.autoscaling through serve prints the v1 form', { skip }, async () => {
  const args = ['get', 'horizontalpodautoscalers.v1.autoscaling', 'app', '-o', 'yaml'];
  const got = await served.kubectl(args);
  assert.equal(got.code, 0, got.stderr);
  assert.match(got.stdout, /^apiVersion: autoscaling\/v1\n/);
  assert.equal(got.stdout, served.lite(args).stdout);
});

test('custom resources at a non-storage version and CRD deletion through serve, with kubectl', { skip }, async () => {
  assert.equal((await served.kubectl(['apply', '-f', '-'], { stdin: GIZMO_CRD })).code, 0);
  const applied = await served.kubectl(['apply', '-f', '-'], { stdin: GIZMOS });
  assert.equal(applied.code, 0, applied.stderr);
  for (const args of [['get', 'gizmos.v1beta1.example.com'], ['get', 'gizmos'], ['get', 'gizmos.v1beta1.example.com', 'a', '-o', 'yaml']]) {
    const got = await served.kubectl(args);
    assert.equal(got.stdout, served.lite(args).stdout, args.join(' '));
  }
  assert.match((await served.kubectl(['get', 'gizmos.v1beta1.example.com'])).stdout, /^NAME +COLOUR\n/);
  const deleted = await served.kubectl(['delete', 'crd', 'gizmos.example.com', '--wait=false']);
  assert.equal(deleted.stdout, 'customresourcedefinition.apiextensions.k8s.io "gizmos.example.com" deleted\n');
  assert.equal((await served.kubectl(['get', 'gizmos', '-o', 'name'])).stdout, 'gizmo.example.com/b\n');
  const refused = await served.kubectl(['create', '-f', '-'], { stdin: 'apiVersion: example.com/v1\nkind: Gizmo\nmetadata: {name: c}\n' });
  assert.match(refused.stderr, /Error from server \(MethodNotAllowed\): error when creating "STDIN": create not allowed while custom resource definition is terminating/);
  assert.equal((await served.kubectl(['patch', 'gizmo', 'b', '--type=merge', '-p', '{"metadata":{"finalizers":null}}'])).code, 0);
  const gone = await served.kubectl(['get', 'crd', 'gizmos.example.com']);
  assert.match(gone.stderr, /NotFound/);
});
