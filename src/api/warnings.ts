/**
 * The warnings the API server sends back with a create or an update (the registry strategies'
 * WarningsOnCreate and WarningsOnUpdate), which kubectl prints as `Warning: ...`: a name that is
 * not a DNS label where it becomes a hostname, and what pkg/api/pod/warnings.go finds in a pod's
 * spec or a workload's pod template (deprecated node labels, a duplicate env name or port,
 * fractional bytes, a negative grace period, a null label selector, ...); a Service's, an Ingress's,
 * a PersistentVolume's and a claim's deprecated annotations and ignored fields.
 */
import { formatQuantity, parseQuantity } from '../sim/admission/quantity.js';
import type { KubeObject } from './types.js';
import { dns1123Label } from './validation/names.js';
import { INGRESS_CLASS_ANNOTATION } from './validation/semantic.js';

type Obj = Record<string, any>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const hasAnnotation = (obj: KubeObject, key: string): boolean => isObj(obj.metadata?.annotations) && Object.hasOwn(obj.metadata.annotations, key);

/** Where each kind keeps its pod template, and whether its name becomes pods' names. */
const TEMPLATES = new Map<string, { template: string[]; namesPods: boolean }>([
  ['Deployment', { template: ['spec', 'template'], namesPods: true }],
  ['ReplicaSet', { template: ['spec', 'template'], namesPods: true }],
  ['ReplicationController', { template: ['spec', 'template'], namesPods: true }],
  ['Job', { template: ['spec', 'template'], namesPods: true }],
  ['CronJob', { template: ['spec', 'jobTemplate', 'spec', 'template'], namesPods: true }],
  ['DaemonSet', { template: ['spec', 'template'], namesPods: false }],
  ['StatefulSet', { template: ['spec', 'template'], namesPods: false }],
  ['PodTemplate', { template: ['template'], namesPods: false }],
]);

/** Kinds checked the same way on create and on every update. */
const ON_EVERY_WRITE = new Map<string, (obj: KubeObject) => string[]>([
  ['Service', serviceWarnings],
  ['PersistentVolumeClaim', claimWarnings],
  ['PersistentVolume', volumeWarnings],
]);

/** The warnings of a create of `obj` (defaulted and valid). */
export function createWarnings(obj: KubeObject): string[] {
  const name = obj.metadata?.name ?? '';
  if (obj.kind === 'Ingress') return ingressWarnings(obj);
  const every = ON_EVERY_WRITE.get(obj.kind);
  if (every) return every(obj);
  if (obj.kind === 'Pod') {
    return [...nameWarning(name, "the Pod's hostname"), ...podWarnings('', obj.spec, obj.metadata)];
  }
  const where = TEMPLATES.get(obj.kind);
  if (!where) return [];
  return [...(where.namesPods ? nameWarning(name, 'Pod names and hostnames') : []), ...templateWarnings(obj, where.template)];
}

/**
 * The warnings of an update of `live` to `obj`: a Service's, a claim's or a volume's as on create; a
 * workload's pod template's once its generation moved (pods are not warned about on update), and a
 * CronJob's schedule that names a time zone.
 */
export function updateWarnings(obj: KubeObject, live: KubeObject): string[] {
  const every = ON_EVERY_WRITE.get(obj.kind);
  if (every) return every(obj);
  const where = TEMPLATES.get(obj.kind);
  if (!where || obj.kind === 'PodTemplate') return [];
  const out = obj.metadata?.generation !== live.metadata?.generation ? templateWarnings(obj, where.template) : [];
  if (obj.kind === 'CronJob' && String(obj.spec?.schedule ?? '').includes('TZ')) {
    out.push('cannot use TZ or CRON_TZ in spec.spec.schedule, use timeZone instead, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details');
  }
  return out;
}

/** An Ingress still naming its class by the old annotation (on create only). */
function ingressWarnings(obj: KubeObject): string[] {
  if (!hasAnnotation(obj, INGRESS_CLASS_ANNOTATION) || obj.spec?.ingressClassName !== undefined) return [];
  return [`annotation "${INGRESS_CLASS_ANNOTATION}" is deprecated, please use 'spec.ingressClassName' instead`];
}

const TOPOLOGY_HINTS = 'service.kubernetes.io/topology-aware-hints';

/** A Service's fields that do nothing for its type, and a deprecated annotation (on create and update). */
function serviceWarnings(obj: KubeObject): string[] {
  const out: string[] = [];
  const spec: Obj = isObj(obj.spec) ? obj.spec : {};
  if (hasAnnotation(obj, TOPOLOGY_HINTS)) out.push(`annotation ${TOPOLOGY_HINTS} is deprecated, please use service.kubernetes.io/topology-mode instead`);
  const externalName = spec.type === 'ExternalName';
  if (externalName && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0) out.push('spec.externalIPs is ignored when spec.type is "ExternalName"');
  if (!externalName && typeof spec.externalName === 'string' && spec.externalName !== '') out.push('spec.externalName is ignored when spec.type is not "ExternalName"');
  return out;
}

function nameWarning(name: string, usedIn: string): string[] {
  const errors = dns1123Label(name);
  return errors.length ? [`metadata.name: this is used in ${usedIn}, which can result in surprising behavior; a DNS label is recommended: [${errors.join(' ')}]`] : [];
}

function templateWarnings(obj: KubeObject, path: string[]): string[] {
  let template: unknown = obj;
  for (const step of path) template = isObj(template) ? template[step] : undefined;
  const out = isObj(template) ? podWarnings(`${path.join('.')}.`, template.spec, template.metadata) : [];
  // A StatefulSet's claim templates, each at its own path (not under `.spec`).
  if (obj.kind === 'StatefulSet') list(obj.spec?.volumeClaimTemplates).forEach((c, i) => out.push(...claimSpecWarnings(`spec.volumeClaimTemplates[${i}]`, c.spec)));
  return out;
}

const BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';

/** A claim's or a volume's class named by the annotation that came before `storageClassName`. */
function betaStorageClassWarning(obj: KubeObject): string[] {
  return hasAnnotation(obj, BETA_STORAGE_CLASS) ? [`metadata.annotations[${BETA_STORAGE_CLASS}]: deprecated since v1.8; use "storageClassName" attribute instead`] : [];
}

/** A claim (on create and update): the beta storage-class annotation, fractional bytes of storage. */
function claimWarnings(obj: KubeObject): string[] {
  return [...betaStorageClassWarning(obj), ...claimSpecWarnings('spec', obj.spec)];
}

function claimSpecWarnings(path: string, spec: unknown): string[] {
  const resources: Obj = isObj(spec) && isObj(spec.resources) ? spec.resources : {};
  return (['requests', 'limits'] as const).flatMap((kind) => fractionalBytes(`${path}.resources.${kind}[storage]`, isObj(resources[kind]) ? resources[kind].storage : undefined));
}

/** The volume sources a PersistentVolume may still name, in the order they are warned about. */
const PV_SOURCES = ['cephfs', 'photonPersistentDisk', 'scaleIO', 'storageos', 'glusterfs', 'rbd'];

/** A PersistentVolume (on create and update). */
function volumeWarnings(obj: KubeObject): string[] {
  const spec: Obj = isObj(obj.spec) ? obj.spec : {};
  const out = betaStorageClassWarning(obj);
  if (spec.persistentVolumeReclaimPolicy === 'Recycle') {
    out.push('spec.persistentVolumeReclaimPolicy: The Recycle reclaim policy is deprecated. Instead, the recommended approach is to use dynamic provisioning.');
  }
  const required = isObj(spec.nodeAffinity) && isObj(spec.nodeAffinity.required) ? spec.nodeAffinity.required : undefined;
  if (required) list(required.nodeSelectorTerms).forEach((term, i) => out.push(...termWarnings(term, `spec.nodeAffinity.required.nodeSelectorTerms[${i}]`)));
  for (const source of PV_SOURCES) if (isObj(spec[source])) out.push(`spec.${deprecatedSource(source)}`);
  return out;
}

/** `fractional byte value "1500m" is invalid` for a quantity with a fraction of a unit (MilliValue() rounds up, so any shows). */
function fractionalBytes(path: string, value: unknown): string[] {
  const q = value === undefined ? undefined : parseQuantity(value);
  return q && q.nanos % 1_000_000_000n !== 0n ? [`${path}: fractional byte value ${JSON.stringify(formatQuantity(q))} is invalid, must be an integer`] : [];
}

/** Deprecated node labels and what replaces them (pkg/api/node). */
const DEPRECATED_NODE_LABELS: Record<string, string> = {
  'beta.kubernetes.io/arch': 'deprecated since v1.14; use "kubernetes.io/arch" instead',
  'beta.kubernetes.io/os': 'deprecated since v1.14; use "kubernetes.io/os" instead',
  'failure-domain.beta.kubernetes.io/region': 'deprecated since v1.17; use "topology.kubernetes.io/region" instead',
  'failure-domain.beta.kubernetes.io/zone': 'deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
  'beta.kubernetes.io/instance-type': 'deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
};

const deprecatedLabel = (key: unknown): string | undefined => (typeof key === 'string' && Object.hasOwn(DEPRECATED_NODE_LABELS, key) ? DEPRECATED_NODE_LABELS[key] : undefined);

const DEPRECATED_ANNOTATIONS: Array<[string, string]> = [
  ['scheduler.alpha.kubernetes.io/critical-pod', 'non-functional in v1.16+; use the "priorityClassName" field instead'],
  ['security.alpha.kubernetes.io/sysctls', 'non-functional in v1.11+; use the "sysctls" field instead'],
  ['security.alpha.kubernetes.io/unsafe-sysctls', 'non-functional in v1.11+; use the "sysctls" field instead'],
];

/** Volume sources that went (their JSON names), each with the name the warning gives it and why. */
const DEPRECATED_SOURCES: Record<string, [named: string, message: string]> = {
  photonPersistentDisk: ['photonPersistentDisk', 'deprecated in v1.11, non-functional in v1.16+'],
  gitRepo: ['gitRepo', 'deprecated in v1.11'],
  scaleIO: ['scaleIO', 'deprecated in v1.16, non-functional in v1.22+'],
  flocker: ['flocker', 'deprecated in v1.22, non-functional in v1.25+'],
  storageos: ['storageOS', 'deprecated in v1.22, non-functional in v1.25+'],
  quobyte: ['quobyte', 'deprecated in v1.22, non-functional in v1.25+'],
  glusterfs: ['glusterfs', 'deprecated in v1.25, non-functional in v1.26+'],
  cephfs: ['cephfs', 'deprecated in v1.28, non-functional in v1.31+'],
  rbd: ['rbd', 'deprecated in v1.28, non-functional in v1.31+'],
};

/** `storageOS: deprecated in ...` for a source's JSON name. */
function deprecatedSource(source: string): string {
  const [named, message] = DEPRECATED_SOURCES[source]!;
  return `${named}: ${message}`;
}

const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_CONTAINER = 'container.apparmor.security.beta.kubernetes.io/';

/**
 * warningsForPodSpecAndMeta, in its order. `at` is the template's path with a trailing dot
 * (`spec.template.`), empty for a pod.
 */
function podWarnings(at: string, specValue: unknown, metaValue: unknown): string[] {
  const spec: Obj = isObj(specValue) ? specValue : {};
  const annotations: Obj = isObj(metaValue) && isObj(metaValue.annotations) ? metaValue.annotations : {};
  const out: string[] = [];
  for (const key of Object.keys(isObj(spec.nodeSelector) ? spec.nodeSelector : {})) {
    const msg = deprecatedLabel(key);
    if (msg) out.push(`${at}spec.nodeSelector[${key}]: ${msg}`);
  }
  const nodeAffinity: Obj | undefined = isObj(spec.affinity) && isObj(spec.affinity.nodeAffinity) ? spec.affinity.nodeAffinity : undefined;
  if (nodeAffinity) {
    const required = isObj(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution) ? nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution : undefined;
    if (required) {
      list(required.nodeSelectorTerms).forEach((term, i) => out.push(...termWarnings(term, `${at}spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${i}]`)));
    }
    list(nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution).forEach((term, i) => {
      if (isObj(term.preference)) out.push(...termWarnings(term.preference, `${at}spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}].preference`));
    });
  }
  list(spec.topologySpreadConstraints).forEach((t, i) => {
    const path = `${at}spec.topologySpreadConstraints[${i}]`;
    const msg = deprecatedLabel(t.topologyKey);
    if (msg) out.push(`${path}.topologyKey: ${t.topologyKey} is ${msg}`);
    if (!isObj(t.labelSelector)) out.push(`${path}.labelSelector: a null labelSelector results in matching no pod`);
  });
  for (const [key, message] of DEPRECATED_ANNOTATIONS) if (Object.hasOwn(annotations, key)) out.push(`${at}metadata.annotations[${key}]: ${message}`);
  list(spec.volumes).forEach((v, i) => {
    for (const source of Object.keys(DEPRECATED_SOURCES)) {
      // An ephemeral volume's claim template is checked as a claim, between glusterfs and cephfs.
      if (source === 'cephfs' && isObj(v.ephemeral) && isObj(v.ephemeral.volumeClaimTemplate)) {
        out.push(...claimSpecWarnings(`${at}spec.volumes[${i}].ephemeral.volumeClaimTemplate.spec`, v.ephemeral.volumeClaimTemplate.spec));
      }
      if (isObj(v[source])) out.push(`${at}spec.volumes[${i}].${deprecatedSource(source)}`);
    }
  });
  out.push(...duplicates(list(spec.hostAliases), (h) => h.ip, (i, ip) => `${at}spec.hostAliases[${i}].ip: duplicate ip ${JSON.stringify(ip)}`));
  const pullSecrets = list(spec.imagePullSecrets);
  out.push(...duplicates(pullSecrets, (s) => s.name ?? '', (i, name) => `${at}spec.imagePullSecrets[${i}].name: duplicate name ${JSON.stringify(name)}`));
  pullSecrets.forEach((s, i) => {
    if (!s.name) out.push(`${at}spec.imagePullSecrets[${i}].name: invalid empty name ""`);
  });
  const podSecurity: Obj = isObj(spec.securityContext) ? spec.securityContext : {};
  if (!isObj(podSecurity.seccompProfile) && Object.hasOwn(annotations, SECCOMP_POD)) {
    out.push(`${at}metadata.annotations[${SECCOMP_POD}]: non-functional in v1.27+; use the "seccompProfile" field instead`);
  }
  const containers = containersWithPaths(spec, `${at}spec`);
  for (const [c, path] of containers) out.push(...containerWarnings(c, path, at, annotations, isObj(podSecurity.appArmorProfile)));
  out.push(...portWarnings(containers));
  if (typeof spec.terminationGracePeriodSeconds === 'number' && spec.terminationGracePeriodSeconds < 0) {
    out.push(`${at}spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1`);
  }
  const affinity: Obj = isObj(spec.affinity) ? spec.affinity : {};
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const a = affinity[kind];
    if (!isObj(a)) continue;
    const base = `${at}spec.affinity.${kind}`;
    list(a.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      if (!isObj(t.labelSelector)) out.push(`${base}.requiredDuringSchedulingIgnoredDuringExecution[${i}].labelSelector: a null labelSelector results in matching no pod`);
    });
    list(a.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      if (!isObj(t.podAffinityTerm?.labelSelector)) {
        out.push(`${base}.preferredDuringSchedulingIgnoredDuringExecution[${i}].podAffinityTerm.labelSelector: a null labelSelector results in matching no pod`);
      }
    });
  }
  return out;
}

function termWarnings(term: Obj, path: string): string[] {
  const out: string[] = [];
  for (const field of ['matchExpressions', 'matchFields']) {
    list(term[field]).forEach((e, i) => {
      const msg = deprecatedLabel(e.key);
      if (msg) out.push(`${path}.${field}[${i}].key: ${e.key} is ${msg}`);
    });
  }
  return out;
}

/** The items whose key an earlier item had, each said by `say` (index and key). */
function duplicates(items: Obj[], keyOf: (item: Obj) => unknown, say: (i: number, key: unknown) => string): string[] {
  if (items.length < 2) return [];
  const seen = new Set<unknown>();
  const out: string[] = [];
  items.forEach((item, i) => {
    const key = keyOf(item);
    if (seen.has(key)) out.push(say(i, key));
    else seen.add(key);
  });
  return out;
}

/** Init containers, containers, then ephemeral containers, each with its field path (VisitContainersWithPath). */
function containersWithPaths(spec: Obj, at: string): Array<[Obj, string]> {
  const out: Array<[Obj, string]> = [];
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) list(spec[field]).forEach((c, i) => out.push([c, `${at}.${field}[${i}]`]));
  return out;
}

function containerWarnings(c: Obj, path: string, at: string, annotations: Obj, podAppArmor: boolean): string[] {
  const out: string[] = [];
  const security: Obj = isObj(c.securityContext) ? c.securityContext : {};
  const seccomp = `${SECCOMP_CONTAINER}${c.name}`;
  if (!isObj(security.seccompProfile) && Object.hasOwn(annotations, seccomp)) {
    out.push(`${at}metadata.annotations[${seccomp}]: non-functional in v1.27+; use the "seccompProfile" field instead`);
  }
  // A pod's AppArmor annotations are warned about where the API server syncs them with the fields.
  const apparmor = `${APPARMOR_CONTAINER}${c.name}`;
  if (at !== '' && !podAppArmor && !isObj(security.appArmorProfile) && Object.hasOwn(annotations, apparmor)) {
    out.push(`${at}metadata.annotations[${apparmor}]: deprecated since v1.30; use the "appArmorProfile" field instead`);
  }
  const resources: Obj = isObj(c.resources) ? c.resources : {};
  for (const [kind, resource] of [['limits', 'memory'], ['requests', 'memory'], ['limits', 'ephemeral-storage'], ['requests', 'ephemeral-storage']] as const) {
    out.push(...fractionalBytes(`${path}.resources.${kind}[${resource}]`, isObj(resources[kind]) ? resources[kind][resource] : undefined));
  }
  const env = list(c.env);
  if (env.length > 1) {
    const seen = new Set<string>();
    env.forEach((e, i) => {
      const name = String(e.name ?? '');
      if (!seen.has(name)) {
        seen.add(name);
        return;
      }
      // A later definition may build on the earlier one (`X=$(X)-more`); anything else hides it.
      const ref = `$(${name})`;
      const value = typeof e.value === 'string' ? e.value : '';
      if (e.valueFrom !== undefined || value === ref || !value.includes(ref)) {
        out.push(`${path}.env[${i}]: hides previous definition of ${JSON.stringify(name)}, which may be dropped when using apply`);
      }
    });
  }
  return out;
}

interface PortBlock {
  field: string;
  port: Obj;
}

/** Ports that say the same thing twice, or overlap, across all containers. */
function portWarnings(containers: Array<[Obj, string]>): string[] {
  const out: string[] = [];
  const all = new Map<string, PortBlock[]>();
  for (const [c, path] of containers) {
    list(c.ports).forEach((port, i) => {
      const field = `${path}.ports[${i}]`;
      const hostIP = port.hostIP ?? '';
      const hostPort = port.hostPort ?? 0;
      if (hostIP !== '' && hostPort === 0) out.push(`${field}: hostIP set without hostPort: ${goPort(port)}`);
      const key = `${port.containerPort ?? 0}/${port.protocol ?? ''}`;
      for (const other of all.get(key) ?? []) {
        const otherIP = other.port.hostIP ?? '';
        const otherPort = other.port.hostPort ?? 0;
        if (hostIP === otherIP && hostPort === otherPort) out.push(`${field}: duplicate port definition with ${other.field}`);
        else if (hostPort === 0 || otherPort === 0) out.push(`${field}: overlapping port definition with ${other.field}`);
        else if (hostPort === otherPort && (hostIP === '') !== (otherIP === '')) out.push(`${field}: dangerously ambiguous port definition with ${other.field}`);
      }
      all.set(key, [...(all.get(key) ?? []), { field, port }]);
    });
  }
  return out;
}

/** Go's %+v of a core ContainerPort. */
function goPort(p: Obj): string {
  return `{Name:${p.name ?? ''} HostPort:${p.hostPort ?? 0} ContainerPort:${p.containerPort ?? 0} Protocol:${p.protocol ?? ''} HostIP:${p.hostIP ?? ''}}`;
}
