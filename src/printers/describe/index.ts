/**
 * describe: one entry per GroupKind (kubectl's describerMap) with the generic describer as
 * fallback. Each entry fetches what its describer needs from an ObjectSource, then
 * formats purely.
 */
import type { FieldRequirement } from '../../api/fields.js';
import { fromLabelSelector, matches, mapSelectorMatches, type Selector } from '../../api/labels.js';
import type { KubeObject } from '../../api/types.js';
import { CliError } from '../../errors.js';
import { describeDaemonSet, describeDeployment, describeCronJob, describeHPA, describeJob, describePDB, describeReplicaSet, describeStatefulSet } from './apps.js';
import {
  describeConfigMap,
  describeEndpoints,
  describeEndpointSlice,
  describeLimitRange,
  describeNamespace,
  describeNode,
  describePersistentVolume,
  describePersistentVolumeClaim,
  describeQuota,
  describeReplicationController,
  describeSecret,
  describeService,
  describeServiceAccount,
  podCounts,
  podsUsingClaim,
} from './core.js';
import { describeCSINode, describeGeneric, describeIngress, describeIngressClass, describeNetworkPolicy, describePriorityClass, describeRole, describeRoleBinding, describeStorageClass } from './other.js';
import { describePod } from './pod.js';
import { describeCSR, parseCSR } from './csr.js';

/** Read access to the cluster's objects, by apiVersion and kind (all namespaces when omitted). */
export interface ObjectSource {
  list(apiVersion: string, kind: string, namespace?: string): KubeObject[];
  /** The Events whose involvedObject is the object `name` with this uid (in `namespace`, or any), where the source can tell without listing them all (else undefined). */
  eventsInvolving?(uid: string, name: string, namespace?: string): KubeObject[] | undefined;
  /** The objects the selectors keep, in listing order, where the source can tell without listing them all (else undefined). */
  selected?(apiVersion: string, kind: string, namespace: string | undefined, selectors: { labels: Selector; fields?: FieldRequirement[] }): KubeObject[] | undefined;
}

/** The pods in `namespace` (or any) that the selectors keep: through the source's indexes where it has them. */
function podsSelected(src: ObjectSource, namespace: string | undefined, labels: Selector, fields: FieldRequirement[] = []): KubeObject[] | undefined {
  return src.selected?.('v1', 'Pod', namespace, { labels, fields });
}

/** A map selector (`spec.selector` of a Service or ReplicationController) as requirements. */
const mapSelector = (sel: Record<string, string>): Selector => Object.entries(sel).map(([key, value]) => ({ key, operator: '=', values: [value] }));

export interface DescribeOptions {
  now: Date;
  showEvents: boolean;
}

type Describer = (obj: KubeObject, src: ObjectSource, opts: DescribeOptions) => string;

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
}

/** searchEvents: events whose involvedObject names this object (kind ignored for pods). */
export function eventsFor(obj: KubeObject, src: ObjectSource, uid = obj.metadata.uid): KubeObject[] {
  const ns = obj.metadata.namespace ?? '';
  const kind = obj.kind === 'Pod' ? undefined : obj.kind;
  const candidates = (uid && src.eventsInvolving?.(uid, obj.metadata.name ?? '', ns || undefined)) || src.list('v1', 'Event', ns || undefined);
  return candidates.filter((e) => {
    const io = e.involvedObject ?? {};
    return (io.name ?? '') === obj.metadata.name && (io.namespace ?? '') === ns && (kind === undefined || (io.kind ?? '') === kind) && (!uid || (io.uid ?? '') === uid);
  });
}

function events(obj: KubeObject, src: ObjectSource, opts: DescribeOptions): KubeObject[] | undefined {
  return opts.showEvents ? eventsFor(obj, src) : undefined;
}

function selectedPods(obj: KubeObject, src: ObjectSource): KubeObject[] {
  const sel = fromLabelSelector(obj.spec?.selector);
  if (sel === null) return [];
  return (sel.length ? podsSelected(src, obj.metadata.namespace, sel) : undefined) ?? src.list('v1', 'Pod', obj.metadata.namespace).filter((p) => matches(sel, p.metadata.labels));
}

const byName = (name: string) => (o: KubeObject) => o.metadata.name === name;

/** deploymentutil.GetAllReplicaSets: owned ReplicaSets; the new one has the deployment's template. */
function replicaSetsOf(d: KubeObject, src: ObjectSource): { oldRSs: KubeObject[]; newRS?: KubeObject } {
  const owned = src
    .list('apps/v1', 'ReplicaSet', d.metadata.namespace)
    .filter((rs) => rs.metadata.ownerReferences?.some((r) => r.controller && r.uid === d.metadata.uid));
  owned.sort((a, b) => Date.parse(a.metadata.creationTimestamp ?? '') - Date.parse(b.metadata.creationTimestamp ?? '') || (a.metadata.name! < b.metadata.name! ? -1 : 1));
  const newRS = owned.find((rs) => templatesEqual(rs.spec?.template, d.spec?.template));
  return { oldRSs: owned.filter((rs) => rs !== newRS), newRS };
}

function templatesEqual(a: any, b: any): boolean {
  const strip = (t: any) => {
    const c = JSON.parse(JSON.stringify(t ?? {}));
    if (c.metadata?.labels) delete c.metadata.labels['pod-template-hash'];
    return canonicalJson(c);
  };
  return strip(a) === strip(b);
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((v as any)[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

const DESCRIBERS: Record<string, Describer> = {
  '/Pod': (o, s, opts) => {
    // A mirror pod's events are about the static pod, whose uid the annotation holds.
    const mirror = o.metadata.annotations?.['kubernetes.io/config.mirror'];
    const evs = opts.showEvents ? eventsFor(o, s, mirror ?? o.metadata.uid) : undefined;
    return describePod(o, evs, opts.now);
  },
  '/ReplicationController': (o, s, opts) => {
    const sel = o.spec?.selector as Record<string, string> | undefined;
    const candidates = (sel && Object.keys(sel).length ? podsSelected(s, o.metadata.namespace, mapSelector(sel)) : undefined) ?? s.list('v1', 'Pod', o.metadata.namespace);
    const pods = candidates.filter((p) => mapSelectorMatches(sel, p.metadata.labels));
    return describeReplicationController(o, podCounts(o, pods), events(o, s, opts), opts.now);
  },
  '/Secret': (o) => describeSecret(o),
  '/Service': (o, s, opts) => {
    const slices = s.list('discovery.k8s.io/v1', 'EndpointSlice', o.metadata.namespace).filter((e) => e.metadata.labels?.['kubernetes.io/service-name'] === o.metadata.name);
    return describeService(o, slices, events(o, s, opts), opts.now);
  },
  '/ServiceAccount': (o, s, opts) => describeServiceAccount(o, s.list('v1', 'Secret', o.metadata.namespace), events(o, s, opts), opts.now),
  '/Node': (o, s, opts) => {
    const onNode = podsSelected(s, undefined, [], [{ field: 'spec.nodeName', operator: '=', value: o.metadata.name! }]) ?? s.list('v1', 'Pod');
    const pods = onNode.filter((p) => p.spec?.nodeName === o.metadata.name && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    const lease = s.list('coordination.k8s.io/v1', 'Lease', 'kube-node-lease').find(byName(o.metadata.name!));
    const evs = opts.showEvents ? [...eventsFor(o, s), ...eventsFor(o, s, o.metadata.name)] : undefined;
    return describeNode(o, pods, lease, evs, opts.now);
  },
  '/LimitRange': (o) => describeLimitRange(o),
  '/ResourceQuota': (o) => describeQuota(o),
  '/PersistentVolume': (o, s, opts) => describePersistentVolume(o, events(o, s, opts), opts.now),
  '/PersistentVolumeClaim': (o, s, opts) => describePersistentVolumeClaim(o, podsUsingClaim(o, s.list('v1', 'Pod', o.metadata.namespace)), events(o, s, opts), opts.now),
  '/Namespace': (o, s) => describeNamespace(o, s.list('v1', 'ResourceQuota', o.metadata.name), s.list('v1', 'LimitRange', o.metadata.name)),
  '/Endpoints': (o, s, opts) => describeEndpoints(o, events(o, s, opts), opts.now),
  '/ConfigMap': (o, s, opts) => describeConfigMap(o, events(o, s, opts), opts.now),
  'discovery.k8s.io/EndpointSlice': (o, s, opts) => describeEndpointSlice(o, events(o, s, opts), opts.now),
  'autoscaling/HorizontalPodAutoscaler': (o, s, opts) => describeHPA(o, events(o, s, opts), opts.now),
  'networking.k8s.io/Ingress': (o, s, opts) => {
    const ns = o.metadata.namespace;
    const lookup = {
      service: (name: string) => s.list('v1', 'Service', ns).find(byName(name)) ?? `services "${name}" not found`,
      slices: (name: string) => s.list('discovery.k8s.io/v1', 'EndpointSlice', ns).filter((e) => e.metadata.labels?.['kubernetes.io/service-name'] === name),
    };
    return describeIngress(o, lookup, events(o, s, opts), opts.now);
  },
  'networking.k8s.io/IngressClass': (o, s, opts) => describeIngressClass(o, events(o, s, opts), opts.now),
  'networking.k8s.io/NetworkPolicy': (o) => describeNetworkPolicy(o),
  'batch/Job': (o, s, opts) => describeJob(o, events(o, s, opts), opts.now),
  'batch/CronJob': (o, s, opts) => describeCronJob(o, events(o, s, opts), opts.now),
  'apps/StatefulSet': (o, s, opts) => describeStatefulSet(o, podCounts(o, selectedPods(o, s)), events(o, s, opts), opts.now),
  'apps/Deployment': (o, s, opts) => {
    const evs = events(o, s, opts);
    const { oldRSs, newRS } = replicaSetsOf(o, s);
    return describeDeployment(o, oldRSs, newRS, evs, opts.now);
  },
  'apps/DaemonSet': (o, s, opts) => describeDaemonSet(o, podCounts(o, selectedPods(o, s)), events(o, s, opts), opts.now),
  'apps/ReplicaSet': (o, s, opts) => describeReplicaSet(o, podCounts(o, selectedPods(o, s)), events(o, s, opts), opts.now),
  'storage.k8s.io/StorageClass': (o, s, opts) => describeStorageClass(o, events(o, s, opts), opts.now),
  'policy/PodDisruptionBudget': (o, s, opts) => describePDB(o, events(o, s, opts), opts.now),
  'rbac.authorization.k8s.io/Role': (o) => describeRole(o),
  'rbac.authorization.k8s.io/ClusterRole': (o) => describeRole(o),
  'rbac.authorization.k8s.io/RoleBinding': (o) => describeRoleBinding(o),
  'rbac.authorization.k8s.io/ClusterRoleBinding': (o) => describeRoleBinding(o),
  'certificates.k8s.io/CertificateSigningRequest': (o, s, opts) => {
    const subject = parseCSR(o.spec?.request ?? '');
    if (!subject) throw new CliError('Error parsing CSR: PEM block type must be CERTIFICATE REQUEST');
    return describeCSR(o, subject, events(o, s, opts), opts.now);
  },
  'storage.k8s.io/CSINode': (o, s, opts) => describeCSINode(o, events(o, s, opts), opts.now),
  'scheduling.k8s.io/PriorityClass': (o, s, opts) => describePriorityClass(o, events(o, s, opts), opts.now),
};

/** The describe text for one object, as kubectl prints it (without separators). */
export function describeObject(obj: KubeObject, src: ObjectSource, opts: DescribeOptions): string {
  const describer = DESCRIBERS[`${groupOf(obj.apiVersion)}/${obj.kind}`];
  if (describer) return describer(obj, src, opts);
  return describeGeneric(obj, events(obj, src, opts), opts.now);
}

/** An ObjectSource over a plain list of objects (tests, and anything already fetched). */
export function listSource(objects: KubeObject[]): ObjectSource {
  return {
    list(apiVersion, kind, namespace) {
      const group = groupOf(apiVersion);
      return objects.filter((o) => groupOf(o.apiVersion) === group && o.kind === kind && (namespace === undefined || o.metadata.namespace === namespace));
    },
  };
}
