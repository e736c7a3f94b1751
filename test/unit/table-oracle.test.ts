/**
 * Real kubectl renders our server-side Tables (served by the oracle); our renderer must
 * print the same bytes for the same objects and flags.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { builtinRegistry, kindPrefix, type ResourceType } from '../../src/api/registry.js';
import type { KubeObject } from '../../src/api/types.js';
import { buildTable } from '../../src/printers/table/index.js';
import { renderTables, type TableRenderOptions } from '../../src/printers/table-render.js';
import { kubectlAvailable, SKIP_NO_KUBECTL, startOracle, type Oracle } from '../helpers/oracle.js';
import { NOW, capturedEvents, capturedMisc, capturedNodes, capturedPods, capturedServices, capturedWorkloads, systemPods } from './table-fixtures.js';

const skip = !kubectlAvailable() && SKIP_NO_KUBECTL;

const extras: KubeObject[] = [
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default', creationTimestamp: '2026-11-20T00:00:00Z' } },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'reader', namespace: 'default', creationTimestamp: '2026-11-20T00:00:00Z' }, rules: [] },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'read', namespace: 'default', creationTimestamp: '2026-11-20T00:00:00Z' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' }, subjects: [{ kind: 'User', name: 'jane' }, { kind: 'ServiceAccount', name: 'default', namespace: 'default' }] },
  { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard', creationTimestamp: '2026-11-20T00:00:00Z', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'rancher.io/local-path', reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer' },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'multiline', namespace: 'default', creationTimestamp: '2026-11-21T23:00:00Z', labels: { 'example.com/team': 'a' } }, spec: { containers: [{ name: 'c', image: 'x' }] }, status: { phase: 'Pending', reason: 'Line one\nline two' } },
];

const OBJECTS = [...capturedPods(), ...systemPods(), ...capturedServices(), ...capturedNodes(), ...capturedWorkloads(), ...capturedMisc(), ...capturedEvents(), ...extras];

let oracle: Oracle;
before(async () => {
  if (skip) return;
  oracle = await startOracle(OBJECTS, { table: (type, objs) => buildTable(type, objs, NOW) });
});
after(async () => {
  await oracle?.close();
});

interface Case {
  args: string[];
  types: string[];
  namespace?: string;
  opts?: TableRenderOptions;
  multi?: boolean;
  filter?: (o: KubeObject) => boolean;
}

function ours(c: Case): string {
  const groups = c.types.map((arg) => {
    const type: ResourceType = builtinRegistry.lookup(arg)!;
    const objs = OBJECTS.filter((o) => builtinRegistry.forKind(o.apiVersion, o.kind) === type)
      .filter((o) => !type.namespaced || c.namespace === undefined || o.metadata.namespace === c.namespace)
      .filter(c.filter ?? (() => true));
    return {
      table: buildTable(type, objs, NOW),
      opts: { ...c.opts, withNamespace: Boolean(c.opts?.withNamespace && type.namespaced), kindPrefix: c.multi ? kindPrefix(type) : undefined },
    };
  });
  return renderTables(groups);
}

const web = (o: KubeObject) => o.metadata.labels?.app === 'web';

const CASES: Case[] = [
  { args: ['get', 'pods'], types: ['pods'], namespace: 'default' },
  { args: ['get', 'pods', '-o', 'wide'], types: ['pods'], namespace: 'default', opts: { wide: true } },
  { args: ['get', 'pods', '-A'], types: ['pods'], opts: { withNamespace: true } },
  { args: ['get', 'pods', '--show-labels'], types: ['pods'], namespace: 'default', opts: { showLabels: true } },
  { args: ['get', 'pods', '-L', 'app,example.com/team', '-L', 'run'], types: ['pods'], namespace: 'default', opts: { labelColumns: ['app', 'example.com/team', 'run'] } },
  { args: ['get', 'pods', '--no-headers', '-A', '-o', 'wide', '--show-labels'], types: ['pods'], opts: { noHeaders: true, withNamespace: true, wide: true, showLabels: true } },
  { args: ['get', 'pods,svc', '-l', 'app=web'], types: ['pods', 'svc'], namespace: 'default', multi: true, filter: web },
  { args: ['get', 'pods,svc', '-l', 'app=web', '--no-headers'], types: ['pods', 'svc'], namespace: 'default', multi: true, filter: web, opts: { noHeaders: true } },
  { args: ['get', 'nodes', '-o', 'wide', '-A'], types: ['nodes'], opts: { wide: true, withNamespace: true } },
  { args: ['get', 'svc', '-A', '-o', 'wide'], types: ['svc'], opts: { withNamespace: true, wide: true } },
  { args: ['get', 'deploy,rs,sts,ds,jobs', '-A', '-o', 'wide'], types: ['deploy', 'rs', 'sts', 'ds', 'jobs'], multi: true, opts: { withNamespace: true, wide: true } },
  { args: ['get', 'events', '-o', 'wide'], types: ['events'], namespace: 'default', opts: { wide: true } },
  { args: ['get', 'ns,cm,secrets,ep,ingress,endpointslices,sa'], types: ['ns', 'cm', 'secrets', 'ep', 'ingress', 'endpointslices', 'sa'], namespace: 'default', multi: true },
  { args: ['get', 'roles,rolebindings,storageclasses', '-o', 'wide'], types: ['roles', 'rolebindings', 'storageclasses'], namespace: 'default', multi: true, opts: { wide: true } },
  { args: ['get', 'deployments', '--show-kind'], types: ['deployments'], namespace: 'default', multi: true },
];

for (const c of CASES) {
  test(`real kubectl renders our Table like our renderer: kubectl ${c.args.join(' ')}`, { skip }, async () => {
    const r = await oracle.kubectl(c.args);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    assert.equal(ours(c), r.stdout);
  });
}
