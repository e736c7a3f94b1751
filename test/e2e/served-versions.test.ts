/**
 * Resources served at more than one version, as a v1.32 API server serves them, through the binary:
 * events.k8s.io Events (the core Events' storage, converted), HPAs at autoscaling/v1, custom resources
 * at the version the type argument names (printer columns per version), and a CRD's deletion
 * removing its custom resources (the customresourcecleanup finalizer).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runBin, tempHome } from '../helpers/cli.js';
import { GIZMO_CRD, GIZMOS } from './served-versions-fixtures.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');

const EVENT = `apiVersion: events.k8s.io/v1
kind: Event
metadata: {name: hello, namespace: default}
eventTime: "2026-06-01T11:59:00.000000Z"
reportingController: example.com/checker
reportingInstance: checker-1
action: Checking
reason: Checked
note: all good
type: Normal
regarding: {apiVersion: v1, kind: Pod, name: web, namespace: default}
`;

describe('events.k8s.io Events', () => {
  let h: ReturnType<typeof tempHome>;
  const k = (args: string[], stdin?: string) => runBin(args, { home: h.home, now: NOW, stdin });
  before(() => {
    h = tempHome();
    assert.equal(k(['run', 'web', '--image=nginx']).code, 0);
  });
  after(() => h.dispose());

  test('the core Events are listed at events.k8s.io, with the same table', () => {
    const core = k(['get', 'events']);
    const v1 = k(['get', 'events.events.k8s.io']);
    assert.equal(v1.code, 0, v1.stderr);
    assert.match(v1.stdout, /^LAST SEEN +TYPE +REASON +OBJECT +MESSAGE\n/);
    assert.match(v1.stdout, /Normal +Scheduled +pod\/web +Successfully assigned default\/web to /);
    assert.equal(v1.stdout, core.stdout);
    const names = k(['get', 'events.v1.events.k8s.io', '-o', 'name']).stdout.trim().split('\n');
    assert.ok(names.length >= 4 && names.every((n) => n.startsWith('event.events.k8s.io/web.')), names.join(' '));
  });

  test('field selectors use events.k8s.io/v1 field labels', () => {
    const r = k(['get', 'events.events.k8s.io', '--field-selector', 'regarding.name=web,reason=Scheduled,reportingController=default-scheduler', '-o', 'name']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^event\.events\.k8s\.io\/web\.[0-9a-f]+\n$/);
    const core = k(['get', 'events.events.k8s.io', '--field-selector', 'involvedObject.name=web']);
    assert.equal(core.code, 1);
    assert.match(core.stderr, /Unable to find "events\.k8s\.io\/v1, Resource=events" that match label selector "", field selector "involvedObject\.name=web": field label not supported: involvedObject\.name/);
  });

  test('-o yaml at events.k8s.io/v1 carries the converted fields', () => {
    const scheduled = k(['get', 'events', '--field-selector', 'reason=Scheduled', '-o', 'jsonpath={.items[0].metadata.name}']).stdout;
    const r = k(['get', 'events.v1.events.k8s.io', scheduled, '-o', 'yaml']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^apiVersion: events\.k8s\.io\/v1\n/);
    assert.match(r.stdout, /\ndeprecatedCount: 1\n/);
    assert.match(r.stdout, /\ndeprecatedSource:\n  component: default-scheduler\n/);
    assert.match(r.stdout, /\neventTime: null\n/);
    assert.match(r.stdout, /\nnote: Successfully assigned default\/web to lite-worker\d\n/);
    assert.match(r.stdout, /\nregarding:\n  apiVersion: v1\n  kind: Pod\n  name: web\n/);
    assert.match(r.stdout, /\nreportingController: default-scheduler\n/);
    assert.doesNotMatch(r.stdout, /involvedObject|message:|firstTimestamp|\nsource:/);
  });

  test('an Event created at events.k8s.io/v1 is a core Event too, and is served back converted', () => {
    const c = k(['create', '-f', '-'], EVENT);
    assert.equal(c.code, 0, c.stderr);
    assert.equal(c.stdout, 'event.events.k8s.io/hello created\n');
    const core = JSON.parse(k(['get', 'events', 'hello', '-o', 'json']).stdout);
    assert.equal(core.apiVersion, 'v1');
    assert.equal(core.message, 'all good');
    assert.deepEqual(core.involvedObject, { apiVersion: 'v1', kind: 'Pod', name: 'web', namespace: 'default' });
    assert.equal(core.reportingComponent, 'example.com/checker');
    assert.equal(core.reportingInstance, 'checker-1');
    assert.equal(core.firstTimestamp, null);
    assert.deepEqual(core.source, {});
    const v1 = JSON.parse(k(['get', 'events.events.k8s.io', 'hello', '-o', 'json']).stdout);
    assert.equal(v1.note, 'all good');
    assert.equal(v1.action, 'Checking');
    assert.equal(v1.deprecatedFirstTimestamp, null);
    assert.equal(v1.eventTime, '2026-06-01T11:59:00.000000Z');
    const row = k(['get', 'events', '-o', 'wide']).stdout.split('\n').find((l) => l.includes('hello'));
    assert.match(row ?? '', /^60s +Normal +Checked +pod\/web +example\.com\/checker, checker-1 +all good +60s +1 +hello$/);
  });

  test('events.k8s.io/v1 refuses what the API server refuses, and stores nothing', () => {
    const bad = EVENT.replace('name: hello', 'name: bad').replace(/eventTime: .*\n/, 'deprecatedCount: 2\n').replace('type: Normal', 'type: Odd');
    const r = k(['create', '-f', '-'], bad);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      'The Event "bad" is invalid: \n* eventTime: Required value\n* type: Invalid value: "": has invalid value: Odd\n* deprecatedCount: Invalid value: "": needs to be unset\n',
    );
    const noController = EVENT.replace('name: hello', 'name: bad').replace(/reportingController: .*\n/, '');
    assert.match(k(['create', '-f', '-'], noController).stderr, /The Event "bad" is invalid: reportingController: Required value\n/);
    assert.equal(k(['get', 'events', 'bad']).code, 1);
  });

  test('label, patch and edit at events.k8s.io work on the served form', () => {
    assert.equal(k(['label', 'events.events.k8s.io', 'hello', 'checked=yes']).stdout, 'event.events.k8s.io/hello labeled\n');
    const p = k(['patch', 'events.events.k8s.io', 'hello', '--type=merge', '-p', '{"note":"patched note"}']);
    assert.equal(p.stdout, 'event.events.k8s.io/hello patched\n', p.stderr);
    assert.equal(k(['get', 'events', 'hello', '-o', 'jsonpath={.message} {.metadata.labels.checked}']).stdout, 'patched note yes');
    const e = runBin(['edit', 'events.events.k8s.io', 'hello'], { home: h.home, now: NOW, env: { EDITOR: 'sed -i s/patched.note/edited\\ note/' } });
    assert.equal(e.stdout, 'event.events.k8s.io/hello edited\n', e.stderr);
    assert.equal(k(['get', 'events', 'hello', '-o', 'jsonpath={.message}']).stdout, 'edited note');
    assert.match(k(['get', '-f', '-', '-o', 'yaml'], EVENT).stdout, /\n {2}apiVersion: events\.k8s\.io\/v1\n/);
  });

  test('a watch at events.k8s.io prints the converted objects', () => {
    // The clock pinned as for every command here (--request-timeout is counted on the real one): on
    // the real clock, months after NOW, the Event would have gone an hour after it was written.
    const r = runBin(['get', 'events.events.k8s.io', 'hello', '-w', '-o', 'yaml', '--request-timeout=1s'], { home: h.home, now: NOW });
    assert.match(r.stdout, /^action: Checking\napiVersion: events\.k8s\.io\/v1\n(.*\n)*note: edited note\n/);
  });

  test('an Event deleted at one group is gone at the other', () => {
    assert.equal(k(['delete', 'events.events.k8s.io', 'hello']).stdout, 'event.events.k8s.io "hello" deleted\n');
    assert.match(k(['get', 'events', 'hello']).stderr, /Error from server \(NotFound\): events "hello" not found/);
  });
});

describe('HorizontalPodAutoscalers at autoscaling/v1', () => {
  let h: ReturnType<typeof tempHome>;
  const k = (args: string[], stdin?: string) => runBin(args, { home: h.home, now: NOW, stdin });
  before(() => {
    h = tempHome();
    assert.equal(k(['create', 'deployment', 'web', '--image=nginx']).code, 0);
    assert.equal(k(['autoscale', 'deployment', 'web', '--max=5', '--cpu-percent=60']).code, 0);
  });
  after(() => h.dispose());

  test('get horizontalpodautoscalers.v1.autoscaling prints the v1 form; the plain type the v2 one', () => {
    const v1 = k(['get', 'horizontalpodautoscalers.v1.autoscaling', 'web', '-o', 'yaml']);
    assert.equal(v1.code, 0, v1.stderr);
    assert.match(v1.stdout, /^apiVersion: autoscaling\/v1\n/);
    assert.match(v1.stdout, /\n  targetCPUUtilizationPercentage: 60\n/);
    assert.doesNotMatch(v1.stdout, /metrics:/);
    const v2 = k(['get', 'hpa', 'web', '-o', 'yaml']);
    assert.match(v2.stdout, /^apiVersion: autoscaling\/v2\n/);
    assert.match(v2.stdout, /averageUtilization: 60/);
    assert.equal(k(['get', 'horizontalpodautoscaler.v1.autoscaling', 'web', '-o', 'jsonpath={.apiVersion} {.spec.targetCPUUtilizationPercentage}']).stdout, 'autoscaling/v1 60');
    assert.equal(k(['get', 'horizontalpodautoscalers.v1.autoscaling']).stdout, k(['get', 'hpa']).stdout);
    // A short name drops the version it is given, as kubectl's shortcut expander does: the preferred v2.
    assert.equal(k(['get', 'hpa.v1.autoscaling', 'web', '-o', 'jsonpath={.apiVersion}']).stdout, 'autoscaling/v2');
  });

  test('patch and edit at autoscaling/v1 change the v2 object', () => {
    assert.equal(k(['patch', 'horizontalpodautoscalers.v1.autoscaling', 'web', '-p', '{"spec":{"targetCPUUtilizationPercentage":70}}']).stdout, 'horizontalpodautoscaler.autoscaling/web patched\n');
    assert.equal(k(['get', 'hpa', 'web', '-o', 'jsonpath={.spec.metrics[0].resource.target.averageUtilization}']).stdout, '70');
    const e = runBin(['edit', 'horizontalpodautoscalers.v1.autoscaling', 'web'], { home: h.home, now: NOW, env: { EDITOR: 'sed -i s/targetCPUUtilizationPercentage:.70/targetCPUUtilizationPercentage:\\ 60/' } });
    assert.equal(e.stdout, 'horizontalpodautoscaler.autoscaling/web edited\n', e.stderr);
    assert.equal(k(['get', 'hpa', 'web', '-o', 'jsonpath={.spec.metrics[0].resource.target.averageUtilization}']).stdout, '60');
  });

  test('a watch at autoscaling/v1 prints v1 objects', () => {
    const r = runBin(['get', 'horizontalpodautoscalers.v1.autoscaling', 'web', '-w', '-o', 'json', '--request-timeout=1s'], { home: h.home });
    const obj = JSON.parse(r.stdout);
    assert.equal(obj.apiVersion, 'autoscaling/v1');
    assert.equal(obj.spec.targetCPUUtilizationPercentage, 60);
  });
});

describe('custom resources at the version asked for, and CRD deletion', () => {
  let h: ReturnType<typeof tempHome>;
  const k = (args: string[], stdin?: string) => runBin(args, { home: h.home, now: NOW, stdin });
  before(() => {
    h = tempHome();
    assert.equal(k(['apply', '-f', '-'], GIZMO_CRD).code, 0);
    const r = k(['apply', '-f', '-'], GIZMOS);
    assert.equal(r.code, 0, r.stderr);
  });
  after(() => h.dispose());

  test('tables use the printer columns of the version the type argument names', () => {
    assert.equal(k(['get', 'gizmos']).stdout, 'NAME   SIZE\na      3\nb      4\n');
    assert.equal(k(['get', 'gizmos.v1.example.com']).stdout, 'NAME   SIZE\na      3\nb      4\n');
    assert.equal(k(['get', 'gizmos.v1beta1.example.com']).stdout, 'NAME   COLOUR\na      red\nb      blue\n');
    assert.equal(k(['get', 'gizmos.v1beta1.example.com', 'a', '--no-headers']).stdout, 'a     red\n');
  });

  test('-o yaml and -o json name the version asked for', () => {
    assert.match(k(['get', 'gizmos.v1beta1.example.com', 'a', '-o', 'yaml']).stdout, /^apiVersion: example\.com\/v1beta1\nkind: Gizmo\n/);
    assert.match(k(['get', 'gz', 'b', '-o', 'yaml']).stdout, /^apiVersion: example\.com\/v1\nkind: Gizmo\n/);
    const list = JSON.parse(k(['get', 'gizmos.v1beta1.example.com', '-o', 'json']).stdout);
    assert.deepEqual(list.items.map((i: any) => i.apiVersion), ['example.com/v1beta1', 'example.com/v1beta1']);
  });

  test('deleting the CRD deletes its custom resources; one held by a finalizer keeps the CRD Terminating', () => {
    const d = k(['delete', 'crd', 'gizmos.example.com', '--wait=false']);
    assert.equal(d.stdout, 'customresourcedefinition.apiextensions.k8s.io "gizmos.example.com" deleted\n');
    // a is gone at once; b waits for its own finalizer.
    assert.equal(k(['get', 'gizmos', '-o', 'name']).stdout, 'gizmo.example.com/b\n');
    assert.match(k(['get', 'gizmo', 'b', '-o', 'jsonpath={.metadata.deletionTimestamp}']).stdout, /^2026-06-01T12:00:00Z$/);
    const crd = JSON.parse(k(['get', 'crd', 'gizmos.example.com', '-o', 'json']).stdout);
    assert.deepEqual(crd.metadata.finalizers, ['customresourcecleanup.apiextensions.k8s.io']);
    assert.ok(crd.metadata.deletionTimestamp);
    const terminating = crd.status.conditions.find((c: any) => c.type === 'Terminating');
    assert.deepEqual(
      { status: terminating.status, reason: terminating.reason, message: terminating.message },
      { status: 'True', reason: 'InstanceDeletionInProgress', message: 'CustomResource deletion is in progress' },
    );
    // New custom resources are refused meanwhile.
    const create = k(['create', '-f', '-'], 'apiVersion: example.com/v1\nkind: Gizmo\nmetadata: {name: c}\n');
    assert.equal(create.code, 1);
    assert.equal(create.stderr, 'Error from server (MethodNotAllowed): error when creating "STDIN": create not allowed while custom resource definition is terminating\n');
    // The last finalizer goes: the custom resource, then the CRD, are gone.
    assert.equal(k(['patch', 'gizmo', 'b', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']).code, 0);
    assert.match(k(['get', 'crd', 'gizmos.example.com']).stderr, /Error from server \(NotFound\): customresourcedefinitions\.apiextensions\.k8s\.io "gizmos\.example\.com" not found/);
    assert.match(k(['get', 'gizmos']).stderr, /the server doesn't have a resource type "gizmos"/);
  });

  test('a CRD without custom resources goes at once', () => {
    assert.equal(k(['apply', '-f', '-'], GIZMO_CRD).code, 0);
    assert.equal(k(['get', 'gizmos']).stderr, 'No resources found in default namespace.\n');
    assert.equal(k(['delete', 'crd', 'gizmos.example.com']).code, 0);
    assert.equal(k(['get', 'crd', 'gizmos.example.com', '--ignore-not-found']).stdout, '');
  });
});
