/**
 * Discovery as a v1.32 API server serves it, from the registry: legacy `/api`, `/apis`, one
 * APIResourceList per group version (subresources included, as `kubectl scale` needs), and the
 * aggregated APIGroupDiscoveryList (apidiscovery.k8s.io/v2) kubectl asks for first. Used by
 * `kubectl-lite serve` and by the test oracle that serves fixed objects to real kubectl.
 */
import type { ResourceType } from '../api/registry.js';
import type { KubeObject } from '../api/types.js';

/** The media type of aggregated discovery, as kubectl's Accept header names it. */
export const AGGREGATED_DISCOVERY = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

interface Subresource {
  name: string;
  group: string;
  version: string;
  kind: string;
  verbs: string[];
}

const STATUS_VERBS = ['get', 'patch', 'update'];

/** Kinds with a status subresource (besides the scalable ones). */
const WITH_STATUS = new Set([
  '/Pod', '/Service', '/Node', '/Namespace', '/PersistentVolume', '/PersistentVolumeClaim', '/ResourceQuota',
  'apps/DaemonSet', 'batch/Job', 'batch/CronJob', 'autoscaling/HorizontalPodAutoscaler', 'policy/PodDisruptionBudget',
  'networking.k8s.io/Ingress', 'certificates.k8s.io/CertificateSigningRequest', 'apiregistration.k8s.io/APIService',
  'apiextensions.k8s.io/CustomResourceDefinition', 'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration', 'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'storage.k8s.io/VolumeAttachment',
]);

const SCALABLE = new Set(['apps/Deployment', 'apps/ReplicaSet', 'apps/StatefulSet', '/ReplicationController']);

/** The subresources a type serves; a custom type's come from its CustomResourceDefinition. */
export function subresourcesOf(t: ResourceType, crd?: KubeObject): Subresource[] {
  const key = `${t.group}/${t.kind}`;
  const own = (name: string): Subresource => ({ name, group: t.group, version: t.version, kind: t.kind, verbs: STATUS_VERBS });
  const scale: Subresource = { name: 'scale', group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: STATUS_VERBS };
  if (t.custom) {
    const v = (crd?.spec?.versions ?? []).find((x: any) => x.name === t.version);
    const subs = v?.subresources ?? crd?.spec?.subresources ?? {};
    return [...(subs.scale ? [scale] : []), ...(subs.status ? [own('status')] : [])];
  }
  if (SCALABLE.has(key)) return [scale, own('status')];
  if (key === '/Pod') {
    return [
      { name: 'binding', group: '', version: 'v1', kind: 'Binding', verbs: ['create'] },
      own('ephemeralcontainers'),
      { name: 'eviction', group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] },
      { name: 'log', group: '', version: 'v1', kind: 'Pod', verbs: ['get'] },
      own('status'),
    ];
  }
  if (key === '/ServiceAccount') return [{ name: 'token', group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', verbs: ['create'] }];
  if (key === 'certificates.k8s.io/CertificateSigningRequest') return [{ ...own('approval') }, own('status')];
  return WITH_STATUS.has(key) ? [own('status')] : [];
}

const gvOf = (group: string, version: string) => (group ? `${group}/${version}` : version);

function servesVersion(t: ResourceType, groupVersion: string): boolean {
  return t.versions.some((v) => gvOf(t.group, v) === groupVersion);
}

export type CrdLookup = (t: ResourceType) => KubeObject | undefined;

/** /api/v1, /apis/apps/v1: the APIResourceList of one group version. */
export function resourceList(types: readonly ResourceType[], groupVersion: string, crdOf: CrdLookup = () => undefined): Record<string, unknown> {
  const resources: unknown[] = [];
  for (const t of types) {
    if (!servesVersion(t, groupVersion)) continue;
    resources.push({
      name: t.plural,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.verbs,
      ...(t.shortNames.length ? { shortNames: t.shortNames } : {}),
      ...(t.categories.length ? { categories: t.categories } : {}),
    });
    for (const s of subresourcesOf(t, crdOf(t))) {
      resources.push({
        name: `${t.plural}/${s.name}`,
        singularName: '',
        namespaced: t.namespaced,
        ...(s.group !== t.group || s.version !== t.version ? { group: s.group, version: s.version } : {}),
        kind: s.kind,
        verbs: s.verbs,
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}

/** Whether some served type lives in this group version (else the path is a 404). */
export function servesGroupVersion(types: readonly ResourceType[], groupVersion: string): boolean {
  return types.some((t) => servesVersion(t, groupVersion));
}

/** Groups in discovery order (as the registry lists them), with their versions, preferred first. */
function groupsOf(types: readonly ResourceType[]): Array<{ name: string; versions: string[]; preferred: string }> {
  const out = new Map<string, { name: string; versions: string[]; preferred: string }>();
  for (const t of types) {
    if (!t.group) continue;
    let g = out.get(t.group);
    if (!g) out.set(t.group, (g = { name: t.group, versions: [], preferred: t.version }));
    for (const v of t.versions) if (!g.versions.includes(v)) g.versions.push(v);
  }
  for (const g of out.values()) g.versions.sort((a, b) => (a === g.preferred ? -1 : b === g.preferred ? 1 : 0));
  return [...out.values()];
}

export function apiVersions(serverAddress = ''): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

export function apiGroupList(types: readonly ResourceType[]): Record<string, unknown> {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groupsOf(types).map((g) => ({
      name: g.name,
      versions: g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v })),
      preferredVersion: { groupVersion: `${g.name}/${g.preferred}`, version: g.preferred },
    })),
  };
}

/** `/apis/GROUP` and `/apis/GROUP/VERSION` of every group served (the root listing's). */
export function groupVersionPaths(types: readonly ResourceType[]): string[] {
  return groupsOf(types).flatMap((g) => [`/apis/${g.name}`, ...g.versions.map((v) => `/apis/${g.name}/${v}`)]);
}

/** /apis/GROUP: one APIGroup. */
export function apiGroup(types: readonly ResourceType[], group: string): Record<string, unknown> | undefined {
  const g = groupsOf(types).find((x) => x.name === group);
  if (!g) return undefined;
  return {
    kind: 'APIGroup',
    apiVersion: 'v1',
    name: g.name,
    versions: g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v })),
    preferredVersion: { groupVersion: `${g.name}/${g.preferred}`, version: g.preferred },
  };
}

/** The aggregated discovery document: `/api` (core: true) or `/apis`. */
export function aggregatedDiscovery(types: readonly ResourceType[], core: boolean, crdOf: CrdLookup = () => undefined): Record<string, unknown> {
  const groups = core ? [{ name: '', versions: ['v1'], preferred: 'v1' }] : groupsOf(types);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map((g) => ({
      metadata: { name: g.name, creationTimestamp: null },
      versions: g.versions.map((v) => ({
        version: v,
        resources: types
          .filter((t) => t.group === g.name && t.versions.includes(v))
          .map((t) => ({
            resource: t.plural,
            responseKind: { group: t.group, version: v, kind: t.kind },
            scope: t.namespaced ? 'Namespaced' : 'Cluster',
            singularResource: t.singular,
            verbs: t.verbs,
            ...(t.shortNames.length ? { shortNames: t.shortNames } : {}),
            ...(t.categories.length ? { categories: t.categories } : {}),
            ...subresourceEntries(t, crdOf(t)),
          })),
        freshness: 'Current',
      })),
    })),
  };
}

function subresourceEntries(t: ResourceType, crd: KubeObject | undefined): Record<string, unknown> {
  const subs = subresourcesOf(t, crd);
  if (subs.length === 0) return {};
  return {
    subresources: subs.map((s) => ({ subresource: s.name, responseKind: { group: s.group, version: s.version, kind: s.kind }, verbs: s.verbs })),
  };
}
