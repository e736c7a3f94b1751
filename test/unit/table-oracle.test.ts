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

const T = '2026-11-20T00:00:00Z';
const md = (name: string, namespaced = true) => ({ name, ...(namespaced ? { namespace: 'default' } : {}), creationTimestamp: T });

/** One object of each remaining kind with a printer (values are ours; layout is kubectl's). */
const moreKinds: KubeObject[] = [
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: md('data'), spec: { volumeName: 'pv1', storageClassName: 'standard', volumeMode: 'Filesystem' }, status: { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] } },
  { apiVersion: 'v1', kind: 'PersistentVolume', metadata: md('pv1', false), spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Delete', claimRef: { namespace: 'default', name: 'data' }, storageClassName: 'standard' }, status: { phase: 'Bound' } },
  { apiVersion: 'v1', kind: 'ResourceQuota', metadata: md('quota'), spec: { hard: { pods: '10', 'limits.cpu': '2' } }, status: { used: { pods: '1' } } },
  { apiVersion: 'v1', kind: 'LimitRange', metadata: md('limits'), spec: { limits: [] } },
  { apiVersion: 'v1', kind: 'ReplicationController', metadata: md('rc'), spec: { replicas: 1, selector: { app: 'rc' }, template: { metadata: { labels: { app: 'rc' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } }, status: { replicas: 1, readyReplicas: 1 } },
  { apiVersion: 'v1', kind: 'PodTemplate', metadata: md('tpl'), template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  { apiVersion: 'batch/v1', kind: 'CronJob', metadata: md('cj'), spec: { schedule: '0 * * * *', suspend: true, jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } } } }, status: {} },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: md('hpa'), spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 4, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] }, status: { currentReplicas: 1, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 12 } } }] } },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: md('pdb'), spec: { maxUnavailable: '25%' }, status: { disruptionsAllowed: 0 } },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: md('deny'), spec: { podSelector: {} } },
  { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: md('nginx', false), spec: { controller: 'k8s.io/ingress-nginx' } },
  { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: md('high', false), value: 1000000, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority' },
  { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: md('lock'), spec: { holderIdentity: 'node-1' } },
  { apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: md('csr', false), spec: { signerName: 'kubernetes.io/kube-apiserver-client', username: 'jane' }, status: {} },
  { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: md('gvisor', false), handler: 'runsc' },
  { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: md('hook', false), webhooks: [{ name: 'a' }] },
  { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { ...md('web-1'), ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u', controller: true }] }, revision: 1 },
  { apiVersion: 'storage.k8s.io/v1', kind: 'CSIDriver', metadata: md('csi.example.com', false), spec: { attachRequired: false, volumeLifecycleModes: ['Persistent'] } },
  { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: md('widgets.example.com', false), spec: {} },
];

const OBJECTS = [...moreKinds, ...capturedPods(), ...systemPods(), ...capturedServices(), ...capturedNodes(), ...capturedWorkloads(), ...capturedMisc(), ...capturedEvents(), ...extras];

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
  {
    args: ['get', 'pvc,pv,quota,limits,rc,podtemplates,cj,hpa,pdb,netpol,ingressclasses,pc,leases,csr,runtimeclasses,validatingwebhookconfigurations,controllerrevisions,csidrivers,crd', '-o', 'wide'],
    types: ['pvc', 'pv', 'quota', 'limits', 'rc', 'podtemplates', 'cj', 'hpa', 'pdb', 'netpol', 'ingressclasses', 'pc', 'leases', 'csr', 'runtimeclasses', 'validatingwebhookconfigurations', 'controllerrevisions', 'csidrivers', 'crd'],
    namespace: 'default',
    multi: true,
    opts: { wide: true },
  },
];

for (const c of CASES) {
  test(`real kubectl renders our Table like our renderer: kubectl ${c.args.join(' ')}`, { skip }, async () => {
    const r = await oracle.kubectl(c.args);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    assert.equal(ours(c), r.stdout);
  });
}
