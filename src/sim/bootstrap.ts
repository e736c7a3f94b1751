/**
 * A fresh cluster, shaped like a new kind/kubeadm one: system namespaces, a control-plane
 * node and workers, the `kubernetes` and `kube-dns` Services, CoreDNS, kube-proxy and
 * kindnet, the default StorageClass, the built-in PriorityClasses, and per namespace the
 * `default` ServiceAccount and `kube-root-ca.crt` ConfigMap (from the serviceaccount controller),
 * and the bootstrap RBAC policy (src/api/rbac-bootstrap.ts).
 */
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import { ensureBootstrapPolicy } from '../api/rbac-bootstrap.js';
import { runToFixedPoint } from '../controllers/loop.js';
import { healthyConditions } from '../controllers/node-lifecycle.js';
import { STANDARD_STORAGE_CLASS } from '../controllers/storage.js';
import { stableHex, stableUUID } from './ids.js';
import { installIngressNginx } from './ingress-nginx.js';
import { canonical } from './admission/quantity.js';
import { parseQuantity } from './quantity.js';
import { TAINT_CONTROL_PLANE } from './taints.js';

export interface ClusterShape {
  name: string;
  workers: number;
  nodeCpu: string;
  nodeMemory: string;
}

export const DEFAULT_SHAPE: Omit<ClusterShape, 'name'> = { workers: 3, nodeCpu: '4', nodeMemory: '8Gi' };

export const SHAPE_META = 'cluster.shape';
export const KUBELET_VERSION = 'v1.32.2';
/** The manager the system objects' creation is recorded under. */
export const SYSTEM_MANAGER = 'kube-controller-manager';
export const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/** Fills an empty store with a fresh cluster. */
export function bootstrapCluster(api: ApiServer, shape: ClusterShape): void {
  for (const name of SYSTEM_NAMESPACES) {
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  const now = api.now();
  const controlPlane = api.create(makeNode(shape, `${shape.name}-control-plane`, 0, true, now), { trusted: true });
  for (let i = 1; i <= shape.workers; i++) api.create(makeNode(shape, workerName(shape.name, i), i, false, now), { trusted: true });
  // Created as requests are (defaulted and validated), so that a later update of their metadata
  // changes nothing else: a kubelet's mirror pods, the rest as the controllers' writes were recorded.
  for (const obj of systemObjects(nodeIP(0))) api.create(obj, { fieldManager: SYSTEM_MANAGER });
  ensureBootstrapPolicy(api);
  for (const pod of staticPods(controlPlane)) api.create(pod, { fieldManager: 'kubelet' });
  // ingress-nginx, installed as on kind (src/sim/ingress-nginx.ts).
  installIngressNginx(api, controlPlane, SYSTEM_MANAGER);
  // Bring the system pods up, then drop their start-up events, as if the cluster had been
  // up for longer than the API server keeps events: a new cluster starts with a quiet event list.
  runToFixedPoint(api);
  const eventType = api.registry.forKind('v1', 'Event')!;
  for (const e of api.list(eventType)) api.remove(eventType, e);
}

/** `kind-worker`, `kind-worker2`, ...: kind's worker names. */
export function workerName(cluster: string, i: number): string {
  return `${cluster}-worker${i === 1 ? '' : i}`;
}

export function nodeIP(index: number): string {
  return `172.18.${Math.floor((index + 2) / 256)}.${(index + 2) % 256}`;
}

/**
 * Memory as the kubelet reports it: whole KiB (as /proc/meminfo counts them) in a binary quantity,
 * which the API server writes with the largest suffix that keeps it exact (`8Gi`, `8G` → `7812500Ki`).
 */
export function memoryKi(memory: string): string {
  const bytes = parseQuantity(memory);
  if (!Number.isFinite(bytes)) return memory;
  let n = Math.floor(bytes / 1024);
  let suffix = 0;
  while (n > 0 && n % 1024 === 0 && suffix < 5) {
    n /= 1024;
    suffix++;
  }
  return `${n}${['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][suffix]}`;
}

/** The first address of node 0's pod range: 10.244.0.0, kind's default pod subnet. */
const POD_RANGE_START = (10 << 24) + (244 << 16);

/**
 * The /24 of the node with this index: the index-th one from 10.244.0.0, so kind's 10.244.<index>.0/24
 * for the first 256 nodes, and the /24s after them (10.245.0.0/24, ...) for a bigger cluster, as
 * one with a larger pod subnet gets them (never an address such as 10.244.848.0).
 */
export function podCIDROf(index: number): string {
  const n = POD_RANGE_START + index * 256;
  return `${Math.floor(n / 2 ** 24) % 256}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.0/24`;
}

/** The index podCIDROf gave this range, or undefined for any other. */
export function indexOfPodCIDR(cidr: string): number | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.0\/24$/.exec(cidr);
  if (!m) return undefined;
  const n = Number(m[1]) * 2 ** 24 + Number(m[2]) * 65536 + Number(m[3]) * 256;
  const index = (n - POD_RANGE_START) / 256;
  return index >= 0 && podCIDROf(index) === cidr ? index : undefined;
}

/** A registered, Ready node like kind's; `index` picks its podCIDR (podCIDROf) and InternalIP. */
export function makeNode(shape: Omit<ClusterShape, 'workers'>, name: string, index: number, controlPlane: boolean, now?: string): KubeObject {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
  };
  if (controlPlane) {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  const resources = {
    cpu: canonical(shape.nodeCpu),
    'ephemeral-storage': '102625208Ki',
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: memoryKi(shape.nodeMemory),
    pods: '110',
  };
  const id = `${shape.name}/${name}`;
  const spec: Record<string, unknown> = {
    podCIDR: podCIDROf(index),
    podCIDRs: [podCIDROf(index)],
    providerID: `kind://docker/${shape.name}/${name}`,
  };
  if (controlPlane) spec.taints = [{ effect: 'NoSchedule', key: TAINT_CONTROL_PLANE }];
  const node: KubeObject = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
      labels,
      name,
    },
    spec,
    status: {
      addresses: [{ address: nodeIP(index), type: 'InternalIP' }, { address: name, type: 'Hostname' }],
      allocatable: { ...resources },
      capacity: resources,
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: stableUUID(`${id}/boot`),
        containerRuntimeVersion: 'containerd://1.7.24',
        kernelVersion: '6.8.0-49-generic',
        kubeProxyVersion: KUBELET_VERSION,
        kubeletVersion: KUBELET_VERSION,
        machineID: stableHex(id, 32),
        operatingSystem: 'linux',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        systemUUID: stableUUID(`${id}/system`),
      },
    },
  };
  if (now) node.status.conditions = healthyConditions(now);
  return node;
}

const DAEMONSET_DEFAULTS = { revisionHistoryLimit: 10, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } } };
const CRITICAL_TOLERATIONS = [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { effect: 'NoSchedule', key: TAINT_CONTROL_PLANE }];

function systemObjects(apiserverIP: string): KubeObject[] {
  const ipv4 = { ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster', sessionAffinity: 'None', type: 'ClusterIP' };
  return [
    {
      apiVersion: 'v1', kind: 'Service',
      metadata: { labels: { component: 'apiserver', provider: 'kubernetes' }, name: 'kubernetes', namespace: 'default' },
      spec: { clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ...ipv4, ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
      status: { loadBalancer: {} },
    },
    {
      apiVersion: 'v1', kind: 'Endpoints',
      metadata: { labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' }, name: 'kubernetes', namespace: 'default' },
      subsets: [{ addresses: [{ ip: apiserverIP }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
    },
    {
      apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
      metadata: { labels: { 'kubernetes.io/service-name': 'kubernetes' }, name: 'kubernetes', namespace: 'default' },
      addressType: 'IPv4',
      endpoints: [{ addresses: [apiserverIP], conditions: { ready: true } }],
      ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
    },
    {
      apiVersion: 'v1', kind: 'Service',
      metadata: {
        annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
        labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
        name: 'kube-dns', namespace: 'kube-system',
      },
      spec: {
        clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ...ipv4,
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
          { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
        ],
        selector: { 'k8s-app': 'kube-dns' },
      },
      status: { loadBalancer: {} },
    },
    {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' },
      data: { Corefile: '.:53 {\n    errors\n    health {\n       lameduck 5s\n    }\n    ready\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n       ttl 30\n    }\n    prometheus :9153\n    forward . /etc/resolv.conf {\n       max_concurrent 1000\n    }\n    cache 30\n    loop\n    reload\n    loadbalance\n}\n' },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'coredns', namespace: 'kube-system' } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'kube-proxy', namespace: 'kube-system' } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'kindnet', namespace: 'kube-system' } },
    priorityClass('system-cluster-critical', 2000000000, 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.'),
    priorityClass('system-node-critical', 2000001000, 'Used for system critical pods that must not be moved from their current node.'),
    STANDARD_STORAGE_CLASS,
    workload('Deployment', 'coredns', { 'k8s-app': 'kube-dns' }, {
      priorityClassName: 'system-cluster-critical',
      serviceAccountName: 'coredns',
      dnsPolicy: 'Default',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: CRITICAL_TOLERATIONS,
      containers: [{
        name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.11.3', args: ['-conf', '/etc/coredns/Corefile'],
        ports: [
          { containerPort: 53, name: 'dns', protocol: 'UDP' },
          { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
          { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
        ],
        resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
        readinessProbe: { httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' } },
        volumeMounts: [{ mountPath: '/etc/coredns', name: 'config-volume', readOnly: true }],
      }],
      volumes: [{ name: 'config-volume', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] } }],
    }, { replicas: 2, progressDeadlineSeconds: 600, revisionHistoryLimit: 10, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } } }),
    workload('DaemonSet', 'kube-proxy', { 'k8s-app': 'kube-proxy' }, {
      priorityClassName: 'system-node-critical',
      serviceAccountName: 'kube-proxy',
      hostNetwork: true,
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [{ operator: 'Exists' }],
      containers: [{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.32.2', command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'], securityContext: { privileged: true } }],
    }, DAEMONSET_DEFAULTS),
    workload('DaemonSet', 'kindnet', { app: 'kindnet', 'k8s-app': 'kindnet', tier: 'node' }, {
      serviceAccountName: 'kindnet',
      hostNetwork: true,
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [{ operator: 'Exists' }],
      containers: [{
        name: 'kindnet-cni', image: 'docker.io/kindest/kindnetd:v20241212-9f82dd49',
        resources: { limits: { cpu: '100m', memory: '50Mi' }, requests: { cpu: '100m', memory: '50Mi' } },
      }],
    }, DAEMONSET_DEFAULTS, { app: 'kindnet', 'k8s-app': 'kindnet' }),
  ];
}

function priorityClass(name: string, value: number, description: string): KubeObject {
  return { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority', description };
}

function workload(kind: 'Deployment' | 'DaemonSet', name: string, labels: Record<string, string>, podSpec: Record<string, unknown>, extra: Record<string, unknown> = {}, selector = labels): KubeObject {
  return {
    apiVersion: 'apps/v1', kind,
    metadata: { labels, name, namespace: 'kube-system' },
    spec: {
      ...extra,
      selector: { matchLabels: selector },
      template: { metadata: { labels }, spec: { restartPolicy: 'Always', terminationGracePeriodSeconds: 30, ...podSpec } },
    },
  };
}

/** kubeadm's control-plane static pods, as their mirror pods appear in the API. */
function staticPods(node: KubeObject): KubeObject[] {
  const nodeName = node.metadata.name!;
  const pod = (component: string, image: string, cpu: string, tier = 'control-plane', hash = stableHex(component + nodeName, 32)): KubeObject => ({
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      annotations: { 'kubernetes.io/config.mirror': hash, 'kubernetes.io/config.source': 'file' },
      labels: { component, tier },
      name: `${component}-${nodeName}`,
      namespace: 'kube-system',
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: node.metadata.uid!, controller: true }],
    },
    spec: {
      containers: [{ name: component, image, resources: { requests: { cpu } } }],
      hostNetwork: true,
      nodeName,
      priority: 2000001000,
      priorityClassName: 'system-node-critical',
      restartPolicy: 'Always',
      tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
    },
    status: { phase: 'Pending', qosClass: 'Burstable' },
  });
  return [
    pod('etcd', 'registry.k8s.io/etcd:3.5.16-0', '100m'),
    pod('kube-apiserver', 'registry.k8s.io/kube-apiserver:v1.32.2', '250m'),
    pod('kube-controller-manager', 'registry.k8s.io/kube-controller-manager:v1.32.2', '200m'),
    pod('kube-scheduler', 'registry.k8s.io/kube-scheduler:v1.32.2', '100m'),
  ];
}
