/** Core (v1) kinds other than pods: services, nodes, namespaces, endpoints, config, events, storage claims, quotas. */
import { formatLabels } from '../../api/labels.js';
import type { KubeObject } from '../../api/types.js';
import { age } from '../../util/duration.js';
import type { TableHandler } from '../types.js';
import { AGE, NAME, ageOf, col, nameOf, wide } from './common.js';

const count = (v: unknown): number => (v && typeof v === 'object' ? Object.keys(v).length : 0);

/** loadBalancerStatusStringer: IPs (else hostnames), sorted and de-duplicated. */
export function loadBalancerAddresses(status: any): string {
  const set = new Set<string>();
  for (const ing of status?.loadBalancer?.ingress ?? []) {
    if (ing?.ip) set.add(ing.ip);
    else if (ing?.hostname) set.add(ing.hostname);
  }
  return [...set].sort().join(',');
}

function serviceExternalIP(svc: KubeObject): string {
  const spec = svc.spec ?? {};
  const externalIPs: string[] = spec.externalIPs ?? [];
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerAddresses(svc.status);
      if (externalIPs.length) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

function servicePorts(ports: any[] | undefined): string {
  if (!ports || ports.length === 0) return '<none>';
  return ports.map((p) => (p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
}

export const serviceHandler: TableHandler = {
  columns: [NAME, col('Type', 'type determines how the Service is exposed.'), col('Cluster-IP', 'clusterIP is the IP address of the service.'), col('External-IP', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'), col('Port(s)', 'The list of ports that are exposed by this service.'), AGE, wide('Selector', 'Route service traffic to pods with label keys and values matching this selector.')],
  row(svc, now) {
    const spec = svc.spec ?? {};
    const clusterIP = spec.clusterIPs?.[0] ?? (spec.type === 'ExternalName' ? undefined : spec.clusterIP);
    return [nameOf(svc), spec.type ?? 'ClusterIP', clusterIP || '<none>', serviceExternalIP(svc), servicePorts(spec.ports), ageOf(svc, now), formatLabels(spec.selector)];
  },
};

function nodeRoles(node: KubeObject): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v) {
      roles.add(v);
    }
  }
  return roles.size ? [...roles].sort().join(',') : '<none>';
}

function nodeStatus(node: KubeObject): string {
  const ready = (node.status?.conditions ?? []).find((c: any) => c?.type === 'Ready');
  const parts = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function nodeAddress(node: KubeObject, type: string): string {
  return (node.status?.addresses ?? []).find((a: any) => a?.type === type)?.address ?? '<none>';
}

export const nodeHandler: TableHandler = {
  columns: [NAME, col('Status', 'The status of the node'), col('Roles', 'The roles of the node'), AGE, col('Version', 'Kubelet Version reported by the node.'), wide('Internal-IP', 'List of addresses reachable to the node.'), wide('External-IP', 'List of addresses reachable to the node.'), wide('OS-Image', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).'), wide('Kernel-Version', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."), wide('Container-Runtime', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).')],
  row(node, now) {
    const info = node.status?.nodeInfo ?? {};
    return [nameOf(node), nodeStatus(node), nodeRoles(node), ageOf(node, now), info.kubeletVersion ?? '', nodeAddress(node, 'InternalIP'), nodeAddress(node, 'ExternalIP'), info.osImage || '<unknown>', info.kernelVersion || '<unknown>', info.containerRuntimeVersion || '<unknown>'];
  },
};

export const namespaceHandler: TableHandler = {
  columns: [NAME, col('Status', 'The status of the namespace'), AGE],
  row: (ns, now) => [nameOf(ns), ns.status?.phase ?? '', ageOf(ns, now)],
};

function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** formatEndpoints: ready addresses only, at most three, then ` + N more...`. */
export function formatEndpoints(ep: KubeObject): string {
  const subsets: any[] = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let more = false;
  let total = 0;
  for (const ss of subsets) {
    const addrs: any[] = ss.addresses ?? [];
    const ports: any[] = ss.ports ?? [];
    if (ports.length === 0) {
      total += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const p of ports) {
      total += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(hostPort(a.ip, p.port));
      }
    }
  }
  const joined = list.join(',');
  return more ? `${joined} + ${total - max} more...` : joined;
}

export const endpointsHandler: TableHandler = {
  columns: [NAME, col('Endpoints', 'Endpoints of the service'), AGE],
  row: (ep, now) => [nameOf(ep), formatEndpoints(ep), ageOf(ep, now)],
};

export const configMapHandler: TableHandler = {
  columns: [NAME, col('Data', 'Number of data items in the ConfigMap.', 'integer'), AGE],
  row: (cm, now) => [nameOf(cm), count(cm.data) + count(cm.binaryData), ageOf(cm, now)],
};

export const secretHandler: TableHandler = {
  columns: [NAME, col('Type', 'The type of the secret'), col('Data', 'The number of data items in the secret', 'integer'), AGE],
  row: (s, now) => [nameOf(s), s.type ?? '', count(s.data), ageOf(s, now)],
};

export const serviceAccountHandler: TableHandler = {
  columns: [NAME, col('Secrets', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.', 'integer'), AGE],
  row: (sa, now) => [nameOf(sa), (sa.secrets ?? []).length, ageOf(sa, now)],
};

/** events.k8s.io/v1 Events carry the same data under other field names. */
function asCoreEvent(e: KubeObject): any {
  if (!e.apiVersion?.startsWith('events.k8s.io/')) return e;
  return {
    metadata: e.metadata,
    involvedObject: e.regarding ?? {},
    reason: e.reason,
    message: e.note,
    type: e.type,
    firstTimestamp: e.deprecatedFirstTimestamp,
    lastTimestamp: e.deprecatedLastTimestamp,
    count: e.deprecatedCount,
    source: e.deprecatedSource ?? {},
    eventTime: e.eventTime,
    series: e.series,
    reportingComponent: e.reportingController,
    reportingInstance: e.reportingInstance,
  };
}

export const eventHandler: TableHandler = {
  columns: [
    col('Last Seen', 'Time when last the event was observed.'),
    col('Type', 'Type of this event (Normal, Warning), new types could be added in the future'),
    col('Reason', 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'),
    col('Object', 'The object that this event is about.'),
    wide('Subobject', 'The field path of the object this event is about.'),
    wide('Source', 'The component reporting this event.'),
    col('Message', 'A human-readable description of the status of this operation.'),
    wide('First Seen', 'The time at which the event was first recorded.'),
    wide('Count', 'The number of times this event has occurred.', 'integer'),
    { ...wide('Name', 'Name of the event.'), format: 'name' },
  ],
  row(raw, now) {
    const e = asCoreEvent(raw);
    const first = e.firstTimestamp ? age(e.firstTimestamp, now) : age(e.eventTime, now);
    let last = e.lastTimestamp ? age(e.lastTimestamp, now) : first;
    let n: number = e.count ?? 0;
    if (e.series) {
      last = age(e.series.lastObservedTime, now);
      n = e.series.count ?? 0;
    } else if (n === 0) {
      n = 1;
    }
    const io = e.involvedObject ?? {};
    const kind = String(io.kind ?? '').toLowerCase();
    const target = io.name ? `${kind}/${io.name}` : kind;
    const component = e.source?.component || e.reportingComponent || '';
    const host = e.source?.host || e.reportingInstance || '';
    const source = host ? `${component}, ${host}` : component;
    return [last, e.type ?? '', e.reason ?? '', target, io.fieldPath ?? '', source, String(e.message ?? '').trim(), first, n, e.metadata?.name ?? ''];
  },
};

const ACCESS_MODES: Array<[string, string]> = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

function accessModes(modes: string[] | undefined): string {
  const have = new Set(modes ?? []);
  return ACCESS_MODES.filter(([m]) => have.has(m)).map(([, short]) => short).join(',');
}

function storageClassOf(obj: KubeObject): string {
  return obj.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? obj.spec?.storageClassName ?? '';
}

export const persistentVolumeClaimHandler: TableHandler = {
  columns: [NAME, col('Status', 'The phase of the claim.'), col('Volume', 'The binding reference to the PersistentVolume backing this claim.'), col('Capacity', 'The actual resources of the underlying volume.'), col('Access Modes', 'The actual access modes the volume backing the PVC has.'), col('StorageClass', 'StorageClass of the pvc'), col('VolumeAttributesClass', 'VolumeAttributesClass of the pvc'), AGE, wide('VolumeMode', 'The volume mode of the claim.')],
  row(pvc, now) {
    const bound = Boolean(pvc.spec?.volumeName);
    const phase = pvc.metadata?.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? '');
    return [
      nameOf(pvc),
      phase,
      pvc.spec?.volumeName ?? '',
      bound ? String(pvc.status?.capacity?.storage ?? '0') : '',
      bound ? accessModes(pvc.status?.accessModes) : '',
      storageClassOf(pvc),
      pvc.spec?.volumeAttributesClassName || '<unset>',
      ageOf(pvc, now),
      pvc.spec?.volumeMode ?? '<unset>',
    ];
  },
};

export const persistentVolumeHandler: TableHandler = {
  columns: [NAME, col('Capacity', 'The capacity of the volume.'), col('Access Modes', 'The access modes of the volume.'), col('Reclaim Policy', 'What happens to the volume when released from its claim.'), col('Status', 'The phase of the volume.'), col('Claim', 'The claim bound to the volume.'), col('StorageClass', 'StorageClass of the pv'), col('VolumeAttributesClass', 'VolumeAttributesClass of the pv'), col('Reason', 'Reason the volume is in this phase.'), AGE, wide('VolumeMode', 'The volume mode of the volume.')],
  row(pv, now) {
    const ref = pv.spec?.claimRef;
    const phase = pv.metadata?.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? '');
    return [
      nameOf(pv),
      String(pv.spec?.capacity?.storage ?? '0'),
      accessModes(pv.spec?.accessModes),
      pv.spec?.persistentVolumeReclaimPolicy ?? '',
      phase,
      ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : '',
      storageClassOf(pv),
      pv.spec?.volumeAttributesClassName || '<unset>',
      pv.status?.reason ?? '',
      ageOf(pv, now),
      pv.spec?.volumeMode ?? '<unset>',
    ];
  },
};

export const resourceQuotaHandler: TableHandler = {
  columns: [NAME, AGE, col('Request', 'Request represents a minimum amount of cpu/memory that a container may consume.'), col('Limit', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.')],
  row(q, now) {
    const hard: Record<string, string> = q.spec?.hard ?? {};
    const used: Record<string, string> = q.status?.used ?? {};
    const requests: string[] = [];
    const limits: string[] = [];
    for (const name of Object.keys(hard).sort()) {
      const text = `${name}: ${used[name] ?? '0'}/${hard[name]}`;
      (name.split('.')[0] === 'limits' && name.includes('.') ? limits : requests).push(text);
    }
    return [nameOf(q), ageOf(q, now), requests.join(', '), limits.join(', ')];
  },
};

export const componentStatusHandler: TableHandler = {
  columns: [NAME, col('Status', 'Status of the component conditions'), col('Message', 'Message of the component conditions'), col('Error', 'Error of the component conditions')],
  row(cs) {
    const healthy = (cs.conditions ?? []).find((c: any) => c?.type === 'Healthy');
    if (!healthy) return [nameOf(cs), 'Unknown', '', ''];
    return [nameOf(cs), healthy.status === 'True' ? 'Healthy' : 'Unhealthy', healthy.message ?? '', healthy.error ?? ''];
  },
};
