/** RBAC's matching and the impersonation filter's groups (src/api/rbac.ts), over an in-memory store. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SettableClock } from '../../src/api/clock.js';
import { actingAs } from '../../src/api/impersonation.js';
import { authorize, impersonatedUser, rulesFor, type AccessAttributes } from '../../src/api/rbac.js';
import { ensureBootstrapPolicy } from '../../src/api/rbac-bootstrap.js';
import { Registry } from '../../src/api/registry.js';
import { ApiServer } from '../../src/api/server.js';
import type { KubeObject } from '../../src/api/types.js';
import { ApiError } from '../../src/errors.js';
import { MemoryStore } from '../../src/store/file-store.js';

const RBAC = 'rbac.authorization.k8s.io/v1';

function withCluster(objects: KubeObject[], fn: (api: ApiServer) => void): void {
  new MemoryStore().update((tx) => {
    const api = new ApiServer(tx, new Registry(), new SettableClock(Date.parse('2026-12-04T00:00:00Z')));
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    // What the API server stores as it starts: the bootstrap policy.
    ensureBootstrapPolicy(api);
    for (const o of objects) api.create(o);
    fn(api);
  });
}

const role = (name: string, rules: unknown[], namespace = 'default'): KubeObject => ({ apiVersion: RBAC, kind: 'Role', metadata: { name, namespace }, rules });
const binding = (name: string, roleName: string, subjects: unknown[], namespace = 'default'): KubeObject => ({
  apiVersion: RBAC,
  kind: 'RoleBinding',
  metadata: { name, namespace },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
  subjects,
});

test('the impersonation filter adds a service account\'s groups and system:authenticated as the API server does', () => {
  assert.deepEqual(impersonatedUser('jane'), { username: 'jane', groups: ['system:authenticated'] });
  assert.deepEqual(impersonatedUser('jane', ['devs']).groups, ['devs', 'system:authenticated']);
  assert.deepEqual(impersonatedUser('jane', ['system:unauthenticated']).groups, ['system:unauthenticated']);
  assert.deepEqual(impersonatedUser('system:serviceaccount:ns1:robot').groups, ['system:serviceaccounts', 'system:serviceaccounts:ns1', 'system:authenticated']);
  assert.deepEqual(impersonatedUser('system:serviceaccount:ns1:robot', ['x']).groups, ['x', 'system:authenticated']);
  assert.deepEqual(impersonatedUser('system:anonymous').groups, ['system:unauthenticated']);
});

test('rules match verbs, groups, resource/subresource, */subresource and resource names', () => {
  const rules = [
    { apiGroups: ['apps'], resources: ['deployments/scale', '*/status'], verbs: ['patch'] },
    { apiGroups: [''], resources: ['configmaps'], resourceNames: ['one'], verbs: ['get'] },
  ];
  const jane = impersonatedUser('jane');
  withCluster([role('r', rules), binding('b', 'r', [{ kind: 'User', name: 'jane' }])], (api) => {
    const can = (a: AccessAttributes) => authorize(api, jane, { namespace: 'default', ...a }).allowed;
    assert.equal(can({ verb: 'patch', group: 'apps', resource: 'deployments', subresource: 'scale' }), true);
    assert.equal(can({ verb: 'patch', group: 'apps', resource: 'deployments' }), false, 'the subresource rule is not the resource');
    assert.equal(can({ verb: 'patch', group: 'apps', resource: 'replicasets', subresource: 'status' }), true, '*/status');
    assert.equal(can({ verb: 'patch', group: '', resource: 'pods', subresource: 'status' }), false, 'another API group');
    assert.equal(can({ verb: 'get', group: '', resource: 'configmaps', name: 'one' }), true);
    assert.equal(can({ verb: 'get', group: '', resource: 'configmaps', name: 'two' }), false);
    assert.equal(can({ verb: 'get', group: '', resource: 'configmaps' }), false, 'a named rule does not allow an unnamed request');
    // A non-resource request has no namespace: only ClusterRoleBindings grant it.
    assert.equal(authorize(api, jane, { verb: 'get', path: '/logs/a/b' }).allowed, false);
    assert.equal(authorize(api, jane, { verb: 'get', path: '/healthz' }).allowed, true, 'the bootstrap system:public-info-viewer');
    assert.equal(authorize(api, jane, { verb: 'post', path: '/healthz' }).allowed, false);
    assert.equal(authorize(api, jane, { verb: 'patch', namespace: 'other', group: 'apps', resource: 'deployments', subresource: 'scale' }).allowed, false, 'only in its namespace');
    assert.equal(authorize(api, jane, { verb: 'patch', namespace: 'default', group: 'apps', resource: 'deployments', subresource: 'scale' }).reason, 'RBAC: allowed by RoleBinding "b/default" of Role "r" to User "jane"');
  });
});

test('a service account subject without a namespace is the binding\'s; a missing role is the reason', () => {
  withCluster([role('r', [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }]), binding('b', 'r', [{ kind: 'ServiceAccount', name: 'robot' }]), binding('dangling', 'gone', [{ kind: 'Group', name: 'system:serviceaccounts' }])], (api) => {
    const robot = impersonatedUser('system:serviceaccount:default:robot');
    assert.deepEqual(authorize(api, robot, { verb: 'list', namespace: 'default', group: '', resource: 'pods' }), {
      allowed: true,
      reason: 'RBAC: allowed by RoleBinding "b/default" of Role "r" to ServiceAccount "robot/default"',
    });
    assert.deepEqual(authorize(api, robot, { verb: 'delete', namespace: 'default', group: '', resource: 'pods' }), {
      allowed: false,
      reason: 'RBAC: role.rbac.authorization.k8s.io "gone" not found',
    });
    assert.equal(rulesFor(api, robot, 'default').evaluationError, 'role.rbac.authorization.k8s.io "gone" not found');
  });
});

test('acting as a user checks the requests made through the API, not what the API server does inside them', () => {
  withCluster([role('r', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'update'] }]), binding('b', 'r', [{ kind: 'User', name: 'jane' }])], (admin) => {
    admin.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { a: '1' } });
    const api = actingAs(admin, impersonatedUser('jane'));
    const cm = api.get(admin.registry.resolve('configmaps'), 'default', 'c');
    assert.throws(() => api.update({ ...cm, data: { a: '2' } }), (e: unknown) => e instanceof ApiError && e.reason === 'Forbidden' && /cannot patch resource "configmaps"/.test(e.message));
    assert.equal(api.update({ ...cm, data: { a: '2' } }, { requestVerb: 'update' }).data.a, '2', 'a PUT is an update');
    assert.throws(() => api.list(admin.registry.resolve('configmaps'), 'default'), /cannot list resource "configmaps" in API group "" in the namespace "default"/);
    assert.equal(api.asSystem().list(admin.registry.resolve('configmaps'), 'default').length, 1);
  });
});

test('a ClusterRoleBinding grants non-resource URLs, exactly or by a trailing *', () => {
  const urls: KubeObject = { apiVersion: RBAC, kind: 'ClusterRole', metadata: { name: 'urls' }, rules: [{ nonResourceURLs: ['/logs/*', '/metrics'], verbs: ['get'] }] };
  const crb: KubeObject = { apiVersion: RBAC, kind: 'ClusterRoleBinding', metadata: { name: 'urls' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'urls' }, subjects: [{ kind: 'Group', name: 'ops' }] };
  withCluster([urls, crb], (api) => {
    const ops = impersonatedUser('x', ['ops']);
    const can = (path: string) => authorize(api, ops, { verb: 'get', path }).allowed;
    assert.deepEqual([can('/logs/'), can('/logs/a/b'), can('/logs'), can('/metrics'), can('/metrics/x')], [true, true, false, true, false]);
  });
});
