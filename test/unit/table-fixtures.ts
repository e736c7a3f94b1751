/**
 * Objects that reproduce the cluster of kubectl-captures.txt (facts §2, §2.2), at the
 * capture's clock. Rendering them must give the captured tables byte for byte.
 */
import type { KubeObject } from '../../src/api/types.js';

export const NOW = new Date('2026-11-21T23:51:17Z');

export function ago(seconds: number): string {
  return new Date(NOW.getTime() - seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const m = 60;
const h = 3600;
const d = 86400;

function meta(name: string, ageSec: number, extra: Record<string, unknown> = {}): any {
  return { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '1', creationTimestamp: ago(ageSec), ...extra };
}

interface PodOpts {
  labels?: Record<string, string>;
  ip?: string;
  node?: string;
  phase?: string;
  containers?: any[];
  statuses?: any[];
  initContainers?: any[];
  initStatuses?: any[];
  conditions?: any[];
  namespace?: string;
  deleting?: boolean;
}

const running = (name: string, startedAgo: number, extra: any = {}) => ({
  name,
  ready: true,
  started: true,
  restartCount: 0,
  image: 'nginx:1.27',
  imageID: '',
  containerID: `containerd://${name}`,
  state: { running: { startedAt: ago(startedAgo) } },
  ...extra,
});

export function pod(name: string, ageSec: number, o: PodOpts = {}): KubeObject {
  const containers = o.containers ?? [{ name: 'app', image: 'nginx:1.27' }];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(name, ageSec, {
      namespace: o.namespace ?? 'default',
      labels: o.labels ?? { app: name },
      ...(o.deleting ? { deletionTimestamp: ago(-30), deletionGracePeriodSeconds: 30 } : {}),
    }),
    spec: {
      containers,
      ...(o.initContainers ? { initContainers: o.initContainers } : {}),
      ...(o.node ? { nodeName: o.node } : {}),
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      serviceAccountName: 'default',
    },
    status: {
      phase: o.phase ?? 'Running',
      conditions: o.conditions ?? [],
      ...(o.ip ? { podIP: o.ip, podIPs: [{ ip: o.ip }] } : {}),
      ...(o.initStatuses ? { initContainerStatuses: o.initStatuses } : {}),
      ...(o.statuses ? { containerStatuses: o.statuses } : {}),
    },
  };
}

const readyConds = (ready: boolean) => [
  { type: 'Initialized', status: 'True' },
  { type: 'Ready', status: ready ? 'True' : 'False' },
  { type: 'ContainersReady', status: ready ? 'True' : 'False' },
  { type: 'PodScheduled', status: 'True' },
];

const waiting = (reason: string) => ({ name: 'app', ready: false, started: false, restartCount: 0, image: 'x', imageID: '', state: { waiting: { reason } } });
const terminated = (reason: string, exitCode: number) => ({ name: 'app', ready: false, started: false, restartCount: 0, image: 'x', imageID: '', state: { terminated: { reason, exitCode, finishedAt: ago(100) } } });

const webLabels = { app: 'web', 'pod-template-hash': '7d4b9c8f5d' };

/** The pods of facts §2.2's captured table. */
export function capturedPods(): KubeObject[] {
  return [
    pod('badimage', 2 * m + 11, { ip: '10.244.2.10', node: 'kind-worker2', phase: 'Pending', statuses: [waiting('ImagePullBackOff')], conditions: readyConds(false) }),
    pod('big', 10 * m, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] }),
    pod('crash', 6 * m + 41, {
      ip: '10.244.2.8',
      node: 'kind-worker2',
      statuses: [{ ...waiting('CrashLoopBackOff'), restartCount: 5, lastState: { terminated: { reason: 'Error', exitCode: 1, finishedAt: ago(43) } } }],
      conditions: readyConds(false),
    }),
    pod('creating', 6, { node: 'kind-worker', phase: 'Pending', statuses: [waiting('ContainerCreating')] }),
    pod('done', 50 * m, { ip: '10.244.1.7', node: 'kind-worker', phase: 'Succeeded', statuses: [terminated('Completed', 0)] }),
    pod('failed', 33 * m, { ip: '10.244.1.8', node: 'kind-worker', phase: 'Failed', statuses: [terminated('Error', 1)] }),
    pod('going', 15 * m, { ip: '10.244.2.9', node: 'kind-worker2', deleting: true, statuses: [running('app', 15 * m)], conditions: readyConds(true) }),
    pod('initpod', 21, {
      ip: '10.244.1.10',
      node: 'kind-worker',
      phase: 'Pending',
      initContainers: [{ name: 'init', image: 'busybox' }],
      initStatuses: [{ ...running('init', 20), ready: false }],
      statuses: [{ ...waiting('PodInitializing') }],
      conditions: [{ type: 'Initialized', status: 'False' }],
    }),
    pod('multi', 96, {
      ip: '10.244.1.9',
      node: 'kind-worker',
      containers: [{ name: 'app', image: 'nginx:1.27' }, { name: 'sidecar', image: 'busybox' }],
      statuses: [{ ...running('app', 95), ready: false }, running('sidecar', 95)],
      conditions: readyConds(false),
    }),
    pod('nginx', 3 * m + 21, { labels: { run: 'nginx' }, ip: '10.244.2.7', node: 'kind-worker2', statuses: [running('app', 200)], conditions: readyConds(true) }),
    pod('web-7d4b9c8f5d-2xk9p', 121 * m, { labels: webLabels, ip: '10.244.1.5', node: 'kind-worker', statuses: [running('nginx', 7000)], conditions: readyConds(true) }),
    pod('web-7d4b9c8f5d-8mzqt', 121 * m, { labels: webLabels, ip: '10.244.2.4', node: 'kind-worker2', statuses: [running('nginx', 7000)], conditions: readyConds(true) }),
    pod('web-7d4b9c8f5d-kq7wn', 121 * m, { labels: webLabels, ip: '10.244.1.6', node: 'kind-worker', statuses: [running('nginx', 7000)], conditions: readyConds(true) }),
  ];
}

export function systemPods(): KubeObject[] {
  const sys = (name: string, ageSec: number) =>
    pod(name, ageSec, { namespace: 'kube-system', labels: { tier: 'control-plane' }, ip: '10.244.0.2', node: 'kind-control-plane', statuses: [running('c', ageSec)], conditions: readyConds(true) });
  return [sys('coredns-668d6bf9bc-4xv2j', 3 * d + 3 * h), sys('coredns-668d6bf9bc-p7m9d', 3 * d + 3 * h), sys('etcd-kind-control-plane', 3 * d + 4 * h), sys('kube-apiserver-kind-control-plane', 3 * d + 4 * h)];
}

function svc(name: string, ageSec: number, spec: any, ns = 'default', status: any = {}): KubeObject {
  const labels = name === 'web' ? { labels: { app: 'web' } } : {};
  return { apiVersion: 'v1', kind: 'Service', metadata: meta(name, ageSec, { namespace: ns, ...labels }), spec, status };
}

const tcp = (port: number, nodePort?: number, protocol = 'TCP') => ({ port, protocol, targetPort: port, ...(nodePort ? { nodePort } : {}) });

export function capturedServices(): KubeObject[] {
  return [
    svc('db', 90 * m, { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], ports: [tcp(5432)], selector: { app: 'db' } }),
    svc('ext', 16 * m, { type: 'ExternalName', externalName: 'example.com' }),
    svc('kubernetes', 3 * d + 4 * h, { type: 'ClusterIP', clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ports: [tcp(443)] }),
    svc('web', 120 * m, { type: 'ClusterIP', clusterIP: '10.96.142.17', clusterIPs: ['10.96.142.17'], ports: [tcp(80)], selector: { app: 'web' } }),
    svc('web-lb', 30 * m, { type: 'LoadBalancer', clusterIP: '10.96.200.5', clusterIPs: ['10.96.200.5'], ports: [tcp(80, 31234), tcp(443, 31235)], selector: { app: 'web' } }, 'default', { loadBalancer: {} }),
    svc('web-np', 58 * m, { type: 'NodePort', clusterIP: '10.96.88.201', clusterIPs: ['10.96.88.201'], ports: [tcp(80, 30080)], selector: { app: 'web' } }),
    svc('kube-dns', 3 * d + 4 * h, { type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [tcp(53, undefined, 'UDP'), tcp(53), tcp(9153)], selector: { 'k8s-app': 'kube-dns' } }, 'kube-system'),
  ];
}

function node(name: string, ageSec: number, ip: string, o: { ready?: boolean; unschedulable?: boolean; cp?: boolean; info?: boolean } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-${name}`, resourceVersion: '1', creationTimestamp: ago(ageSec), labels: { 'kubernetes.io/hostname': name, ...(o.cp ? { 'node-role.kubernetes.io/control-plane': '' } : {}) } },
    spec: o.unschedulable ? { unschedulable: true } : {},
    status: {
      conditions: [{ type: 'Ready', status: o.ready === false ? 'Unknown' : 'True' }],
      addresses: [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: name }],
      nodeInfo:
        o.info === false
          ? { kubeletVersion: 'v1.32.2' }
          : { kubeletVersion: 'v1.32.2', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.8.0-1015-gcp', containerRuntimeVersion: 'containerd://2.0.2' },
    },
  };
}

export function capturedNodes(): KubeObject[] {
  return [
    node('kind-control-plane', 3 * d + 4 * h, '172.18.0.2', { cp: true }),
    node('kind-worker', 3 * d + 3 * h, '172.18.0.4'),
    node('kind-worker2', 3 * d + 3 * h, '172.18.0.3'),
    node('kind-worker3', 60 * m, '172.18.0.5', { ready: false, unschedulable: true, info: false }),
  ];
}

const template = (labels: Record<string, string>, containers: any[], nodeSelector?: Record<string, string>) => ({
  metadata: { labels },
  spec: { containers, ...(nodeSelector ? { nodeSelector } : {}) },
});

export function capturedWorkloads(): KubeObject[] {
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('api', 67),
      spec: { replicas: 2, selector: { matchLabels: { app: 'api', tier: 'backend' } }, template: template({ app: 'api', tier: 'backend' }, [{ name: 'api', image: 'ghcr.io/example/api:v2' }, { name: 'proxy', image: 'envoyproxy/envoy:v1.31' }]) },
      status: { replicas: 2, updatedReplicas: 2, readyReplicas: 1, availableReplicas: 1 },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('web', 121 * m),
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }, [{ name: 'nginx', image: 'nginx:1.27' }]) },
      status: { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: meta('web-7d4b9c8f5d', 121 * m),
      spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '7d4b9c8f5d' } }, template: template(webLabels, [{ name: 'nginx', image: 'nginx:1.27' }]) },
      status: { replicas: 3, readyReplicas: 3, availableReplicas: 3 },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta('db', 90 * m),
      spec: { replicas: 3, selector: { matchLabels: { app: 'db' } }, template: template({ app: 'db' }, [{ name: 'postgres', image: 'postgres:16' }]) },
      status: { replicas: 3, readyReplicas: 2 },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: meta('kindnet', 3 * d + 4 * h, { namespace: 'kube-system' }),
      spec: { selector: { matchLabels: { app: 'kindnet' } }, template: template({ app: 'kindnet' }, [{ name: 'kindnet-cni', image: 'docker.io/kindest/kindnetd:v20250214-acbabc1a' }], { 'kubernetes.io/os': 'linux' }) },
      status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, updatedNumberScheduled: 3, numberAvailable: 3 },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: meta('kube-proxy', 3 * d + 4 * h, { namespace: 'kube-system' }),
      spec: { selector: { matchLabels: { 'k8s-app': 'kube-proxy' } }, template: template({ 'k8s-app': 'kube-proxy' }, [{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.32.2' }]) },
      status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, updatedNumberScheduled: 3, numberAvailable: 3 },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta('batch', 103),
      spec: { completions: 5, parallelism: 2, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u2' } }, template: template({}, [{ name: 'w', image: 'busybox:1.36' }]) },
      status: { startTime: ago(103), succeeded: 2, active: 2 },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta('pi', 11 * m),
      spec: { completions: 1, parallelism: 1, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' } }, template: template({}, [{ name: 'pi', image: 'perl:5.34.0' }]) },
      status: { startTime: ago(11 * m), completionTime: ago(11 * m - 40), succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] },
    },
  ];
}

export function capturedMisc(): KubeObject[] {
  const ns = (name: string, ageSec: number): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, uid: `uid-${name}`, creationTimestamp: ago(ageSec) }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  const ep = (name: string, ageSec: number, subsets: any[]): KubeObject => ({ apiVersion: 'v1', kind: 'Endpoints', metadata: meta(name, ageSec), ...(subsets.length ? { subsets } : {}) });
  const addrs = (...ips: string[]) => ips.map((ip) => ({ ip }));
  return [
    ns('default', 3 * d + 4 * h),
    ns('dev', 48),
    ns('kube-node-lease', 3 * d + 4 * h),
    ns('kube-public', 3 * d + 4 * h),
    ns('kube-system', 3 * d + 4 * h),
    ns('local-path-storage', 3 * d + 4 * h),
    ep('db', 90 * m, []),
    ep('kubernetes', 3 * d + 4 * h, [{ addresses: addrs('172.18.0.2'), ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }]),
    ep('web', 120 * m, [{ addresses: addrs('10.244.1.5', '10.244.2.4', '10.244.1.6'), notReadyAddresses: addrs('10.244.1.9'), ports: [{ port: 80, protocol: 'TCP' }] }]),
    ep('web-np', 58 * m, [{ addresses: addrs('10.244.1.5', '10.244.2.4', '10.244.1.6'), ports: [{ port: 8080, protocol: 'TCP' }] }]),
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('app-config', 5 * m + 3), data: { a: '1', b: '2' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('kube-root-ca.crt', 3 * d + 4 * h), data: { 'ca.crt': 'x' } },
    { apiVersion: 'v1', kind: 'Secret', metadata: meta('db-pass', 5 * m + 3), type: 'Opaque', data: { user: 'YQ==', pass: 'Yg==' } },
    { apiVersion: 'v1', kind: 'Secret', metadata: meta('tls-cert', 3 * m + 23), type: 'kubernetes.io/tls', data: { 'tls.crt': 'YQ==', 'tls.key': 'Yg==' } },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta('tls', 4 * m + 14),
      spec: { tls: [{ hosts: ['a.example.com'] }], rules: [{ host: 'a.example.com' }, { host: 'b.example.com' }] },
      status: { loadBalancer: {} },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta('web', 4 * m + 14),
      spec: { ingressClassName: 'nginx', rules: [{ host: 'web.example.com' }] },
      status: { loadBalancer: { ingress: [{ ip: '172.18.0.240' }] } },
    },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: meta('web-abc12', 120 * m, { labels: { 'kubernetes.io/service-name': 'web' } }),
      addressType: 'IPv4',
      ports: [{ name: '', port: 80, protocol: 'TCP' }],
      endpoints: ['10.244.1.5', '10.244.2.4', '10.244.1.6'].map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
    },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: meta('web-np-x7k2m', 58 * m, { labels: { 'kubernetes.io/service-name': 'web-np' } }),
      addressType: 'IPv4',
      ports: [{ name: '', port: 8080, protocol: 'TCP' }],
      endpoints: ['10.244.1.5', '10.244.2.4', '10.244.1.6', '10.244.1.9'].map((ip, i) => ({ addresses: [ip], conditions: { ready: i < 3 } })),
    },
  ];
}

function event(name: string, o: { type: string; reason: string; kind: string; obj: string; msg: string; last: number; first: number; count: number; source: any; fieldPath?: string }): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: meta(name, o.first),
    involvedObject: { kind: o.kind, name: o.obj, namespace: 'default', ...(o.fieldPath ? { fieldPath: o.fieldPath } : {}) },
    reason: o.reason,
    message: o.msg,
    type: o.type,
    firstTimestamp: ago(o.first),
    lastTimestamp: ago(o.last),
    count: o.count,
    source: o.source,
  };
}

/** The events of the capture at the clock of its -o wide run; `kubectl get events` ran one second earlier. */
export function capturedEvents(): KubeObject[] {
  const kubelet = (host: string) => ({ component: 'kubelet', host });
  const spec = 'spec.containers{app}';
  return [
    event('big.17f1b1', { type: 'Warning', reason: 'FailedScheduling', kind: 'Pod', obj: 'big', msg: '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.', last: 10 * m + 1, first: 10 * m + 1, count: 1, source: { component: 'default-scheduler' } }),
    event('crash.17f1c1', { type: 'Warning', reason: 'BackOff', kind: 'Pod', obj: 'crash', msg: 'Back-off restarting failed container app in pod crash_default(5c1b2d3e-4f50-4a61-8b72-000000000012)', last: 16, first: 6 * m + 24, count: 25, source: kubelet('kind-worker2'), fieldPath: spec }),
    event('kind-worker3.17f1f1', { type: 'Normal', reason: 'NodeNotReady', kind: 'Node', obj: 'kind-worker3', msg: 'Node kind-worker3 status is now: NodeNotReady', last: 5 * m + 4, first: 5 * m + 4, count: 1, source: { component: 'node-controller' } }),
    event('multi.17f1a1', { type: 'Normal', reason: 'Scheduled', kind: 'Pod', obj: 'multi', msg: 'Successfully assigned default/multi to kind-worker', last: 99, first: 99, count: 1, source: { component: 'default-scheduler' } }),
    event('multi.17f1a2', { type: 'Normal', reason: 'Pulled', kind: 'Pod', obj: 'multi', msg: 'Container image "nginx:1.27" already present on machine', last: 98, first: 98, count: 1, source: kubelet('kind-worker'), fieldPath: spec }),
    event('multi.17f1a3', { type: 'Normal', reason: 'Created', kind: 'Pod', obj: 'multi', msg: 'Created container: app', last: 98, first: 98, count: 1, source: kubelet('kind-worker'), fieldPath: spec }),
    event('multi.17f1a4', { type: 'Normal', reason: 'Started', kind: 'Pod', obj: 'multi', msg: 'Started container app', last: 98, first: 98, count: 1, source: kubelet('kind-worker'), fieldPath: spec }),
    event('multi.17f1a5', { type: 'Warning', reason: 'Unhealthy', kind: 'Pod', obj: 'multi', msg: 'Readiness probe failed: HTTP probe failed with statuscode: 404', last: 12, first: 92, count: 9, source: kubelet('kind-worker'), fieldPath: spec }),
    event('web-lb.17f1e1', { type: 'Normal', reason: 'EnsuringLoadBalancer', kind: 'Service', obj: 'web-lb', msg: 'Ensuring load balancer', last: 28 * m + 1, first: 30 * m + 1, count: 4, source: { component: 'service-controller' } }),
    event('web.17f1d1', { type: 'Normal', reason: 'ScalingReplicaSet', kind: 'Deployment', obj: 'web', msg: 'Scaled up replica set web-7d4b9c8f5d from 0 to 3', last: 121 * m + 1, first: 121 * m + 1, count: 1, source: { component: 'deployment-controller' } }),
  ];
}

/** The capture's text for one `$ kubectl ...` command: its stdout block. */
export function captured(captures: string, command: string): string {
  const start = captures.indexOf(`$ ${command}\n`);
  if (start < 0) throw new Error(`no capture for ${command}`);
  const body = captures.slice(start + command.length + 3);
  const end = body.search(/^\[(stderr|exit \d+)\]$/m);
  return body.slice(0, end);
}
