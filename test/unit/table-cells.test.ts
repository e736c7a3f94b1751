/** Cell values of the server-side Tables (facts §2, §2.1, §2.2), from hand-built objects. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinRegistry } from '../../src/api/registry.js';
import type { KubeObject } from '../../src/api/types.js';
import { buildTable, handlerFor } from '../../src/printers/table/index.js';
import { podCells } from '../../src/printers/table/pods.js';
import { NOW, ago, pod } from './table-fixtures.js';

function cells(apiVersion: string, kind: string, obj: Partial<KubeObject>): Record<string, unknown> {
  const type = builtinRegistry.forKind(apiVersion, kind)!;
  const full = { apiVersion, kind, metadata: { name: 'x', namespace: 'default', creationTimestamp: ago(60) }, ...obj } as KubeObject;
  const table = buildTable(type, [full], NOW);
  return Object.fromEntries(table.columnDefinitions.map((c, i) => [c.name, table.rows[0]!.cells[i]]));
}

const cs = (state: any, extra: any = {}) => ({ name: 'app', ready: false, restartCount: 0, state, ...extra });

test('pod STATUS follows printPod for every kind of container state', () => {
  const status = (o: Parameters<typeof pod>[2]) => podCells(pod('p', 60, o), NOW).status;
  assert.equal(status({ statuses: [cs({ terminated: { exitCode: 137, signal: 9 } })] }), 'Signal:9');
  assert.equal(status({ statuses: [cs({ terminated: { exitCode: 2 } })] }), 'ExitCode:2');
  assert.equal(status({ statuses: [cs({ terminated: { exitCode: 137, reason: 'OOMKilled' } })] }), 'OOMKilled');
  assert.equal(status({ statuses: [cs({ waiting: { reason: 'ErrImagePull' } })] }), 'ErrImagePull');
  assert.equal(status({ phase: 'Failed', statuses: [] }), 'Failed');
  // status.reason replaces the phase.
  assert.equal(podCells({ ...pod('p', 60, { phase: 'Failed', statuses: [] }), status: { phase: 'Failed', reason: 'Evicted' } }, NOW).status, 'Evicted');
  assert.equal(status({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }), 'SchedulingGated');
  // The first container in the list wins (the walk goes from last to first).
  assert.equal(status({ statuses: [cs({ waiting: { reason: 'CrashLoopBackOff' } }), cs({ waiting: { reason: 'ErrImagePull' } })] }), 'CrashLoopBackOff');
});

test('pod init containers: Init:<reason>, Init:ExitCode, Init:i/n, sidecars counted in READY', () => {
  const init = [{ name: 'i1' }, { name: 'i2' }];
  const st = (initStatuses: any[]) => podCells(pod('p', 60, { phase: 'Pending', initContainers: init, initStatuses, statuses: [cs({ waiting: { reason: 'PodInitializing' } })] }), NOW);
  assert.equal(st([cs({ terminated: { exitCode: 0 } }), cs({ waiting: { reason: 'CrashLoopBackOff' } }, { restartCount: 3, lastState: { terminated: { finishedAt: ago(30) } } })]).status, 'Init:CrashLoopBackOff');
  assert.equal(st([cs({ terminated: { exitCode: 0 } }), cs({ waiting: { reason: 'CrashLoopBackOff' } }, { restartCount: 3, lastState: { terminated: { finishedAt: ago(30) } } })]).restarts, '3 (30s ago)');
  assert.equal(st([cs({ terminated: { exitCode: 1, reason: 'Error' } })]).status, 'Init:Error');
  assert.equal(st([cs({ terminated: { exitCode: 3 } })]).status, 'Init:ExitCode:3');
  assert.equal(st([cs({ terminated: { exitCode: 0 } }), cs({ running: {} })]).status, 'Init:1/2');

  const sidecar = pod('p', 60, {
    initContainers: [{ name: 'proxy', restartPolicy: 'Always' }],
    initStatuses: [{ name: 'proxy', ready: true, started: true, restartCount: 1, state: { running: {} }, lastState: { terminated: { finishedAt: ago(50) } } }],
    statuses: [{ name: 'app', ready: true, started: true, restartCount: 0, state: { running: {} } }],
    conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }],
  });
  assert.deepEqual(podCells(sidecar, NOW), { ready: '2/2', status: 'Running', restarts: '1 (50s ago)' });
});

test('pod Completed with a running container is Running when Ready, else NotReady; deletion gives Terminating or Unknown', () => {
  const mixed = (ready: boolean) =>
    pod('p', 60, {
      containers: [{ name: 'a' }, { name: 'b' }],
      statuses: [cs({ terminated: { exitCode: 0, reason: 'Completed' } }), { name: 'b', ready: true, restartCount: 0, state: { running: {} } }],
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    });
  assert.equal(podCells(mixed(true), NOW).status, 'Running');
  assert.equal(podCells(mixed(false), NOW).status, 'NotReady');
  const lost = pod('p', 60, { deleting: true, statuses: [] });
  lost.status.reason = 'NodeLost';
  assert.equal(podCells(lost, NOW).status, 'Unknown');
  assert.equal(podCells(pod('p', 60, { deleting: true, phase: 'Succeeded', statuses: [cs({ terminated: { exitCode: 0, reason: 'Completed' } })] }), NOW).status, 'Completed');
});

test('pod wide cells: IP, NODE, NOMINATED NODE, READINESS GATES', () => {
  const p = pod('p', 60, { ip: '10.0.0.1', node: 'n1' });
  p.spec.readinessGates = [{ conditionType: 'example.com/a' }, { conditionType: 'example.com/b' }];
  p.status.conditions = [{ type: 'example.com/a', status: 'True' }];
  p.status.nominatedNodeName = 'n2';
  const c = cells('v1', 'Pod', p);
  assert.deepEqual([c.IP, c.Node, c['Nominated Node'], c['Readiness Gates']], ['10.0.0.1', 'n1', 'n2', '1/2']);
});

test('services: each type, LoadBalancer ingress and external IPs, ports', () => {
  const lb = cells('v1', 'Service', {
    spec: { type: 'LoadBalancer', clusterIPs: ['10.96.0.5'], externalIPs: ['1.2.3.4'], ports: [{ port: 80, nodePort: 30001, protocol: 'TCP' }] },
    status: { loadBalancer: { ingress: [{ ip: '172.18.0.9' }, { hostname: 'lb.example.com' }, { ip: '172.18.0.10' }] } },
  });
  assert.equal(lb['External-IP'], '172.18.0.10,172.18.0.9,lb.example.com,1.2.3.4');
  assert.equal(lb['Port(s)'], '80:30001/TCP');
  const cip = cells('v1', 'Service', { spec: { type: 'ClusterIP', clusterIPs: ['10.96.0.6'], externalIPs: ['5.6.7.8', '5.6.7.9'], ports: [] } });
  assert.deepEqual([cip['Cluster-IP'], cip['External-IP'], cip['Port(s)'], cip.Selector], ['10.96.0.6', '5.6.7.8,5.6.7.9', '<none>', '<none>']);
  const lbIdle = cells('v1', 'Service', { spec: { type: 'LoadBalancer', clusterIPs: ['10.96.0.7'], ports: [{ port: 53, protocol: 'UDP' }] } });
  assert.deepEqual([lbIdle['External-IP'], lbIdle['Port(s)']], ['<pending>', '53/UDP']);
});

test('nodes: roles from both label forms, status with SchedulingDisabled, missing Ready condition', () => {
  const n = cells('v1', 'Node', {
    metadata: { name: 'n', creationTimestamp: ago(60), labels: { 'node-role.kubernetes.io/worker': '', 'node-role.kubernetes.io/infra': 'true', 'kubernetes.io/role': 'edge' } },
    spec: { unschedulable: true },
    status: { conditions: [], nodeInfo: { kubeletVersion: 'v1.32.2' } },
  });
  assert.deepEqual([n.Status, n.Roles, n['Internal-IP'], n['OS-Image']], ['Unknown,SchedulingDisabled', 'edge,infra,worker', '<none>', '<unknown>']);
});

test('jobs: status precedence, completions without spec.completions, duration', () => {
  const job = (spec: any, status: any, meta: any = {}) => cells('batch/v1', 'Job', { metadata: { name: 'j', creationTimestamp: ago(600), ...meta }, spec: { template: { spec: { containers: [] } }, ...spec }, status });
  assert.equal(job({}, { conditions: [{ type: 'Failed', status: 'True' }] }).Status, 'Failed');
  assert.equal(job({}, { conditions: [{ type: 'Suspended', status: 'True' }] }).Status, 'Suspended');
  assert.equal(job({}, {}, { deletionTimestamp: ago(1) }).Status, 'Terminating');
  assert.equal(job({ parallelism: 3 }, { succeeded: 1 }).Completions, '1/1 of 3');
  assert.equal(job({ parallelism: 1 }, {}).Completions, '0/1');
  assert.equal(job({}, {}).Duration, '');
  assert.equal(job({}, { startTime: ago(125) }).Duration, '2m5s');
});

test('cronjobs, HPAs and PDBs', () => {
  const cj = cells('batch/v1', 'CronJob', { spec: { schedule: '*/5 * * * *', suspend: false, jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } } } }, status: { active: [{ name: 'a' }], lastScheduleTime: ago(90) } });
  assert.deepEqual([cj.Schedule, cj.Timezone, cj.Suspend, cj.Active, cj['Last Schedule'], cj.Containers, cj.Selector], ['*/5 * * * *', '<none>', 'False', 1, '90s', 'c', '<none>']);
  const hpa = cells('autoscaling/v2', 'HorizontalPodAutoscaler', {
    spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
    status: { currentReplicas: 2 },
  });
  assert.deepEqual([hpa.Reference, hpa.Targets, hpa.MinPods, hpa.MaxPods, hpa.Replicas], ['Deployment/web', 'cpu: <unknown>/50%', '1', 5, 2]);
  const pdb = cells('policy/v1', 'PodDisruptionBudget', { spec: { minAvailable: 2 }, status: { disruptionsAllowed: 1 } });
  assert.deepEqual([pdb['Min Available'], pdb['Max Unavailable'], pdb['Allowed Disruptions']], ['2', 'N/A', 1]);
});

test('endpoints and endpoint slices cut after three entries', () => {
  const addrs = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'].map((ip) => ({ ip }));
  const ep = cells('v1', 'Endpoints', { subsets: [{ addresses: addrs, ports: [{ port: 80 }, { port: 443 }] }] });
  assert.equal(ep.Endpoints, '10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 5 more...');
  assert.equal(cells('v1', 'Endpoints', { subsets: [{ addresses: [{ ip: '10.0.0.9' }] }] }).Endpoints, '10.0.0.9');
  const es = cells('discovery.k8s.io/v1', 'EndpointSlice', { addressType: 'IPv4', ports: [{ port: 1 }, { port: 2 }, {}, { port: 4 }], endpoints: [] });
  assert.deepEqual([es.Ports, es.Endpoints], ['1,2,* + 1 more...', '<unset>']);
});

test('ingresses: hosts list, TLS ports, class', () => {
  const ing = cells('networking.k8s.io/v1', 'Ingress', { spec: { rules: [{ host: 'a' }, { host: 'b' }, {}, { host: 'd' }, { host: 'e' }], tls: [{}] }, status: {} });
  assert.deepEqual([ing.Class, ing.Hosts, ing.Address, ing.Ports], ['<none>', 'a,b,d + 2 more...', '', '80, 443']);
  assert.equal(cells('networking.k8s.io/v1', 'Ingress', { spec: {} }).Hosts, '*');
});

test('storage: PVC before and after binding, PV claim and class', () => {
  const pending = cells('v1', 'PersistentVolumeClaim', { spec: { storageClassName: 'standard', resources: { requests: { storage: '1Gi' } } }, status: { phase: 'Pending' } });
  assert.deepEqual([pending.Status, pending.Volume, pending.Capacity, pending['Access Modes'], pending.StorageClass, pending.VolumeAttributesClass], ['Pending', '', '', '', 'standard', '<unset>']);
  const bound = cells('v1', 'PersistentVolumeClaim', { spec: { volumeName: 'pv1', storageClassName: 'standard', volumeMode: 'Filesystem' }, status: { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteMany', 'ReadWriteOnce'] } });
  assert.deepEqual([bound.Capacity, bound['Access Modes'], bound.VolumeMode], ['1Gi', 'RWO,RWX', 'Filesystem']);
  const pv = cells('v1', 'PersistentVolume', { metadata: { name: 'pv1', creationTimestamp: ago(60) }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Delete', claimRef: { namespace: 'default', name: 'data' }, storageClassName: 'standard' }, status: { phase: 'Bound' } });
  assert.deepEqual([pv.Capacity, pv['Access Modes'], pv['Reclaim Policy'], pv.Status, pv.Claim, pv.StorageClass], ['1Gi', 'RWO', 'Delete', 'Bound', 'default/data', 'standard']);
});

test('quota, priority classes, leases, bindings, CSRs', () => {
  const q = cells('v1', 'ResourceQuota', { spec: { hard: { 'requests.cpu': '1', pods: '10', 'limits.memory': '1Gi' } }, status: { used: { pods: '2' } } });
  assert.deepEqual([q.Request, q.Limit], ['pods: 2/10, requests.cpu: 0/1', 'limits.memory: 0/1Gi']);
  const pc = cells('scheduling.k8s.io/v1', 'PriorityClass', { metadata: { name: 'high', creationTimestamp: ago(60) }, value: 1000, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority' });
  assert.deepEqual([pc.Value, pc['Global-Default'], pc.PreemptionPolicy], [1000, false, 'PreemptLowerPriority']);
  assert.equal(cells('coordination.k8s.io/v1', 'Lease', { spec: { holderIdentity: 'node-1' } }).Holder, 'node-1');
  const crb = cells('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', { metadata: { name: 'b', creationTimestamp: ago(60) }, roleRef: { kind: 'ClusterRole', name: 'admin' }, subjects: [{ kind: 'Group', name: 'devs' }, { kind: 'Group', name: 'ops' }] });
  assert.deepEqual([crb.Role, crb.Users, crb.Groups, crb.ServiceAccounts], ['ClusterRole/admin', '', 'devs, ops', '']);
  const csr = cells('certificates.k8s.io/v1', 'CertificateSigningRequest', { metadata: { name: 'c', creationTimestamp: ago(60) }, spec: { signerName: 'kubernetes.io/kube-apiserver-client', username: 'jane', expirationSeconds: 3600 }, status: { conditions: [{ type: 'Approved', status: 'True' }], certificate: 'eA==' } });
  assert.deepEqual([csr.RequestedDuration, csr.Condition], ['60m', 'Approved,Issued']);
});

test('kinds without a printer get NAME / CREATED AT; custom resources NAME / AGE', () => {
  assert.deepEqual(handlerFor(builtinRegistry.lookup('clusterroles')!).columns.map((c) => c.name), ['Name', 'Created At']);
  assert.deepEqual(handlerFor(builtinRegistry.lookup('limitranges')!).columns.map((c) => c.name), ['Name', 'Created At']);
  const crType = { ...builtinRegistry.lookup('pods')!, group: 'example.com', kind: 'Widget', plural: 'widgets', custom: true };
  const t = buildTable(crType, [{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', creationTimestamp: ago(3600) } }], NOW);
  assert.deepEqual(t.rows[0]!.cells, ['w', '60m']);
});
