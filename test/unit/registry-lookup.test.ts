/**
 * Type arguments mapped as kubectl's builder maps them (mappingFor): as a resource through client-go's
 * shortcut expander and the RESTMapper (names in lower case, a group or its prefix, a version the type
 * serves; a short name drops its version), then as a kind. Each expectation was checked against the
 * real kubectl v1.32 through `serve`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinRegistry, newBuilderWarnings, setRegistryWarnings } from '../../src/api/registry.js';

const resolved = (arg: string) => {
  const r = builtinRegistry.lookupVersioned(arg);
  return r && `${r.type.group ? `${r.type.plural}.${r.type.group}` : r.type.plural}@${r.version}`;
};

/** Each argument and what it maps to (`resources.group@version`), or undefined where kubectl refuses it. */
function expectEach(cases: Array<[arg: string, expected: string | undefined]>): void {
  for (const [arg, expected] of cases) assert.equal(resolved(arg), expected, arg);
}

test('a short name drops the version it is given; a resource name keeps it', () => {
  expectEach([
    ['hpa.v1.autoscaling', 'horizontalpodautoscalers.autoscaling@v2'],
    ['horizontalpodautoscalers.v1.autoscaling', 'horizontalpodautoscalers.autoscaling@v1'],
    ['horizontalpodautoscaler.v1.autoscaling', 'horizontalpodautoscalers.autoscaling@v1'],
    ['deploy.v9.apps', 'deployments.apps@v1'],
    ['hpa.v2beta2.autoscaling', 'horizontalpodautoscalers.autoscaling@v2'],
    ['deployments.v9.apps', undefined],
    ['deployments.v1.apps', 'deployments.apps@v1'],
  ]);
});

test("a group may be a prefix of the type's; a short name in a prefixed group keeps its version", () => {
  expectEach([
    ['deployments.app', 'deployments.apps@v1'],
    ['deployments.a', 'deployments.apps@v1'],
    ['deploy.app', 'deployments.apps@v1'],
    ['hpa.autoscal', 'horizontalpodautoscalers.autoscaling@v2'],
    ['hpa.v1.autoscal', 'horizontalpodautoscalers.autoscaling@v1'],
    ['hpa.v9.autoscal', undefined],
    ['deployments.v1.app', undefined],
    ['ev.e', 'events.events.k8s.io@v1'],
    ['netpol.networking', 'networkpolicies.networking.k8s.io@v1'],
    ['pods.metrics', 'pods.metrics.k8s.io@v1beta1'],
    // The core group is no prefix of anything.
    ['pods.core', undefined],
    ['pods.v1', undefined],
  ]);
});

test('resource names match in lower case, short names and groups as typed; a kind matches exactly', () => {
  expectEach([
    ['Deployments.apps', 'deployments.apps@v1'],
    ['DEPLOYMENT', 'deployments.apps@v1'],
    ['Deployment.v1.apps', 'deployments.apps@v1'],
    ['Pod.v1.', 'pods@v1'],
    ['Event.v1.', 'events@v1'],
    ['Event.v1.events.k8s.io', 'events.events.k8s.io@v1'],
    ...['DEPLOY', 'Deploy', 'PO', 'HPA', 'Deployment.Apps', 'deployment.APPS', 'deployments.V1.apps', 'Deployment.v9.apps', 'rs.apps.v1', 'x.v1.apps', '.', ''].map((arg): [string, undefined] => [arg, undefined]),
  ]);
});

test('a short name two resources have is the first one\'s, and the other is warned of once per builder', () => {
  const warnings: string[] = [];
  setRegistryWarnings((w) => warnings.push(w));
  try {
    assert.equal(resolved('ev'), 'events@v1');
    assert.equal(resolved('ev'), 'events@v1');
    assert.equal(resolved('ev.events.k8s.io'), 'events.events.k8s.io@v1');
    assert.equal(warnings.length, 1);
    newBuilderWarnings();
    assert.equal(resolved('ev'), 'events@v1');
  } finally {
    setRegistryWarnings(undefined);
  }
  assert.deepEqual(warnings, Array(2).fill('short name "ev" could also match lower priority resource events.events.k8s.io'));
});

test("a List's kind maps as kubectl's discovery mapper maps it: List in a served group version, a kind served there, or that kind and List", () => {
  const maps = (apiVersion: unknown, kind: unknown) => builtinRegistry.mapsListKind(apiVersion, kind);
  for (const [apiVersion, kind] of [['v1', 'List'], ['apps/v1', 'List'], ['autoscaling/v1', 'List'], [undefined, 'List'], ['v1', 'PodList'], ['apps/v1', 'DeploymentList'], ['v1', 'ConfigMap'], ['v1', 'configmap'], [undefined, 'ConfigMapList']]) {
    assert.equal(maps(apiVersion, kind), true, `${String(apiVersion)} ${String(kind)}`);
  }
  for (const [apiVersion, kind] of [['v9', 'List'], ['foo.io/v1', 'List'], ['apps/v1beta1', 'List'], ['v1', 'FooList'], ['apps/v1', 'ConfigMapList'], ['autoscaling/v1', 'ScaleList'], ['v1', 'configmapList'], ['v1', 'list'], [5, 'List'], ['v1', undefined]]) {
    assert.equal(maps(apiVersion, kind), false, `${String(apiVersion)} ${String(kind)}`);
  }
});
