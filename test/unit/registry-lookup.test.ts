/**
 * Type arguments mapped as kubectl's builder maps them (mappingFor): as a resource through client-go's
 * shortcut expander and the RESTMapper (names in lower case, a group or its prefix, a version the type
 * serves; a short name drops its version), then as a kind. Each expectation was checked against the
 * real kubectl v1.32 through `serve`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinRegistry, setRegistryWarnings } from '../../src/api/registry.js';

const resolved = (arg: string) => {
  const r = builtinRegistry.lookupVersioned(arg);
  return r && `${r.type.group ? `${r.type.plural}.${r.type.group}` : r.type.plural}@${r.version}`;
};

test('a short name drops the version it is given; a resource name keeps it', () => {
  assert.equal(resolved('hpa.v1.autoscaling'), 'horizontalpodautoscalers.autoscaling@v2');
  assert.equal(resolved('horizontalpodautoscalers.v1.autoscaling'), 'horizontalpodautoscalers.autoscaling@v1');
  assert.equal(resolved('horizontalpodautoscaler.v1.autoscaling'), 'horizontalpodautoscalers.autoscaling@v1');
  assert.equal(resolved('deploy.v9.apps'), 'deployments.apps@v1');
  assert.equal(resolved('hpa.v2beta2.autoscaling'), 'horizontalpodautoscalers.autoscaling@v2');
  assert.equal(resolved('deployments.v9.apps'), undefined);
  assert.equal(resolved('deployments.v1.apps'), 'deployments.apps@v1');
});

test('a group may be a prefix of the type\'s; a short name in a prefixed group keeps its version', () => {
  assert.equal(resolved('deployments.app'), 'deployments.apps@v1');
  assert.equal(resolved('deployments.a'), 'deployments.apps@v1');
  assert.equal(resolved('deploy.app'), 'deployments.apps@v1');
  assert.equal(resolved('hpa.autoscal'), 'horizontalpodautoscalers.autoscaling@v2');
  assert.equal(resolved('hpa.v1.autoscal'), 'horizontalpodautoscalers.autoscaling@v1');
  assert.equal(resolved('hpa.v9.autoscal'), undefined);
  assert.equal(resolved('deployments.v1.app'), undefined);
  assert.equal(resolved('ev.e'), 'events.events.k8s.io@v1');
  assert.equal(resolved('netpol.networking'), 'networkpolicies.networking.k8s.io@v1');
  assert.equal(resolved('pods.metrics'), 'pods.metrics.k8s.io@v1beta1');
  // The core group is no prefix of anything.
  assert.equal(resolved('pods.core'), undefined);
  assert.equal(resolved('pods.v1'), undefined);
});

test('resource names match in lower case, short names and groups as typed; a kind matches exactly', () => {
  assert.equal(resolved('Deployments.apps'), 'deployments.apps@v1');
  assert.equal(resolved('DEPLOYMENT'), 'deployments.apps@v1');
  assert.equal(resolved('Deployment.v1.apps'), 'deployments.apps@v1');
  for (const arg of ['DEPLOY', 'Deploy', 'PO', 'HPA', 'Deployment.Apps', 'deployment.APPS', 'deployments.V1.apps', 'Deployment.v9.apps', 'rs.apps.v1', 'x.v1.apps', '.', '']) {
    assert.equal(resolved(arg), undefined, arg);
  }
  assert.equal(resolved('Pod.v1.'), 'pods@v1');
  assert.equal(resolved('Event.v1.'), 'events@v1');
  assert.equal(resolved('Event.v1.events.k8s.io'), 'events.events.k8s.io@v1');
});

test('a short name two resources have is the first one\'s, and the other is warned of each time', () => {
  const warnings: string[] = [];
  setRegistryWarnings((w) => warnings.push(w));
  try {
    assert.equal(resolved('ev'), 'events@v1');
    assert.equal(resolved('ev'), 'events@v1');
    assert.equal(resolved('ev.events.k8s.io'), 'events.events.k8s.io@v1');
  } finally {
    setRegistryWarnings(undefined);
  }
  assert.deepEqual(warnings, Array(2).fill('short name "ev" could also match lower priority resource events.events.k8s.io'));
});
