import { CliError } from '../errors.js';

/** One API resource as discovery describes it. */
export interface ResourceType {
  group: string;
  /** The preferred (storage and output) version. */
  version: string;
  /** Every version a v1.32 server serves for this resource. */
  versions: string[];
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  categories: string[];
  verbs: string[];
  /** Defined by a CustomResourceDefinition rather than built in. */
  custom?: boolean;
}

const FULL = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const NO_COLLECTION = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const CREATE_ONLY = ['create'];

type Row = [plural: string, shortNames: string, groupVersion: string, namespaced: boolean, kind: string, verbs?: string[], categories?: string[]];

// Discovery of a v1.32 kind cluster, in `kubectl api-resources` order.
const ROWS: Row[] = [
  ['bindings', '', 'v1', true, 'Binding', CREATE_ONLY],
  ['componentstatuses', 'cs', 'v1', false, 'ComponentStatus', ['get', 'list']],
  ['configmaps', 'cm', 'v1', true, 'ConfigMap'],
  ['endpoints', 'ep', 'v1', true, 'Endpoints'],
  ['events', 'ev', 'v1', true, 'Event'],
  ['limitranges', 'limits', 'v1', true, 'LimitRange'],
  ['namespaces', 'ns', 'v1', false, 'Namespace', NO_COLLECTION],
  ['nodes', 'no', 'v1', false, 'Node'],
  ['persistentvolumeclaims', 'pvc', 'v1', true, 'PersistentVolumeClaim'],
  ['persistentvolumes', 'pv', 'v1', false, 'PersistentVolume'],
  ['pods', 'po', 'v1', true, 'Pod', FULL, ['all']],
  ['podtemplates', '', 'v1', true, 'PodTemplate'],
  ['replicationcontrollers', 'rc', 'v1', true, 'ReplicationController', FULL, ['all']],
  ['resourcequotas', 'quota', 'v1', true, 'ResourceQuota'],
  ['secrets', '', 'v1', true, 'Secret'],
  ['serviceaccounts', 'sa', 'v1', true, 'ServiceAccount'],
  ['services', 'svc', 'v1', true, 'Service', FULL, ['all']],
  ['mutatingwebhookconfigurations', '', 'admissionregistration.k8s.io/v1', false, 'MutatingWebhookConfiguration', FULL, ['api-extensions']],
  ['validatingadmissionpolicies', '', 'admissionregistration.k8s.io/v1', false, 'ValidatingAdmissionPolicy', FULL, ['api-extensions']],
  ['validatingadmissionpolicybindings', '', 'admissionregistration.k8s.io/v1', false, 'ValidatingAdmissionPolicyBinding', FULL, ['api-extensions']],
  ['validatingwebhookconfigurations', '', 'admissionregistration.k8s.io/v1', false, 'ValidatingWebhookConfiguration', FULL, ['api-extensions']],
  ['customresourcedefinitions', 'crd,crds', 'apiextensions.k8s.io/v1', false, 'CustomResourceDefinition', FULL, ['api-extensions']],
  ['apiservices', '', 'apiregistration.k8s.io/v1', false, 'APIService', FULL, ['api-extensions']],
  ['controllerrevisions', '', 'apps/v1', true, 'ControllerRevision'],
  ['daemonsets', 'ds', 'apps/v1', true, 'DaemonSet', FULL, ['all']],
  ['deployments', 'deploy', 'apps/v1', true, 'Deployment', FULL, ['all']],
  ['replicasets', 'rs', 'apps/v1', true, 'ReplicaSet', FULL, ['all']],
  ['statefulsets', 'sts', 'apps/v1', true, 'StatefulSet', FULL, ['all']],
  ['selfsubjectreviews', '', 'authentication.k8s.io/v1', false, 'SelfSubjectReview', CREATE_ONLY],
  ['tokenreviews', '', 'authentication.k8s.io/v1', false, 'TokenReview', CREATE_ONLY],
  ['localsubjectaccessreviews', '', 'authorization.k8s.io/v1', true, 'LocalSubjectAccessReview', CREATE_ONLY],
  ['selfsubjectaccessreviews', '', 'authorization.k8s.io/v1', false, 'SelfSubjectAccessReview', CREATE_ONLY],
  ['selfsubjectrulesreviews', '', 'authorization.k8s.io/v1', false, 'SelfSubjectRulesReview', CREATE_ONLY],
  ['subjectaccessreviews', '', 'authorization.k8s.io/v1', false, 'SubjectAccessReview', CREATE_ONLY],
  ['horizontalpodautoscalers', 'hpa', 'autoscaling/v2', true, 'HorizontalPodAutoscaler', FULL, ['all']],
  ['cronjobs', 'cj', 'batch/v1', true, 'CronJob', FULL, ['all']],
  ['jobs', '', 'batch/v1', true, 'Job', FULL, ['all']],
  ['certificatesigningrequests', 'csr', 'certificates.k8s.io/v1', false, 'CertificateSigningRequest'],
  ['leases', '', 'coordination.k8s.io/v1', true, 'Lease'],
  ['endpointslices', '', 'discovery.k8s.io/v1', true, 'EndpointSlice'],
  ['events', 'ev', 'events.k8s.io/v1', true, 'Event'],
  ['flowschemas', '', 'flowcontrol.apiserver.k8s.io/v1', false, 'FlowSchema'],
  ['prioritylevelconfigurations', '', 'flowcontrol.apiserver.k8s.io/v1', false, 'PriorityLevelConfiguration'],
  // metrics-server's resource metrics API (computed on read: src/api/metrics-api.ts).
  ['nodes', '', 'metrics.k8s.io/v1beta1', false, 'NodeMetrics', ['get', 'list']],
  ['pods', '', 'metrics.k8s.io/v1beta1', true, 'PodMetrics', ['get', 'list']],
  ['ingressclasses', '', 'networking.k8s.io/v1', false, 'IngressClass'],
  ['ingresses', 'ing', 'networking.k8s.io/v1', true, 'Ingress'],
  ['networkpolicies', 'netpol', 'networking.k8s.io/v1', true, 'NetworkPolicy'],
  ['runtimeclasses', '', 'node.k8s.io/v1', false, 'RuntimeClass'],
  ['poddisruptionbudgets', 'pdb', 'policy/v1', true, 'PodDisruptionBudget'],
  ['clusterrolebindings', '', 'rbac.authorization.k8s.io/v1', false, 'ClusterRoleBinding'],
  ['clusterroles', '', 'rbac.authorization.k8s.io/v1', false, 'ClusterRole'],
  ['rolebindings', '', 'rbac.authorization.k8s.io/v1', true, 'RoleBinding'],
  ['roles', '', 'rbac.authorization.k8s.io/v1', true, 'Role'],
  ['priorityclasses', 'pc', 'scheduling.k8s.io/v1', false, 'PriorityClass'],
  ['csidrivers', '', 'storage.k8s.io/v1', false, 'CSIDriver'],
  ['csinodes', '', 'storage.k8s.io/v1', false, 'CSINode'],
  ['csistoragecapacities', '', 'storage.k8s.io/v1', true, 'CSIStorageCapacity'],
  ['storageclasses', 'sc', 'storage.k8s.io/v1', false, 'StorageClass'],
  ['volumeattachments', '', 'storage.k8s.io/v1', false, 'VolumeAttachment'],
];

/** Versions served besides the preferred one (v1.32). */
const EXTRA_VERSIONS: Record<string, string[]> = {
  'autoscaling/horizontalpodautoscalers': ['v1'],
};

function splitGroupVersion(gv: string): { group: string; version: string } {
  const i = gv.indexOf('/');
  return i < 0 ? { group: '', version: gv } : { group: gv.slice(0, i), version: gv.slice(i + 1) };
}

export const BUILTIN_TYPES: readonly ResourceType[] = ROWS.map(([plural, short, gv, namespaced, kind, verbs, categories]) => {
  const { group, version } = splitGroupVersion(gv);
  return {
    group,
    version,
    versions: [version, ...(EXTRA_VERSIONS[`${group}/${plural}`] ?? [])],
    kind,
    plural,
    singular: kind.toLowerCase(),
    shortNames: short ? short.split(',') : [],
    namespaced,
    categories: categories ?? [],
    verbs: verbs ?? FULL,
  };
});

/** `pods`, `deployments.apps`: how messages name a resource. */
export function qualifiedName(t: ResourceType): string {
  return t.group ? `${t.plural}.${t.group}` : t.plural;
}

/** `pod`, `deployment.apps`: the prefix of `-o name` and of mutating messages. */
export function kindPrefix(t: ResourceType): string {
  const k = t.kind.toLowerCase();
  return t.group ? `${k}.${t.group}` : k;
}

export function apiVersionOf(t: ResourceType): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/** The Go type kubectl decodes an object of this resource into, as `%T` prints it: `*v1.Service`, a custom resource's unstructured. */
export function goTypeName(t: ResourceType): string {
  return t.custom ? '*unstructured.Unstructured' : `*${t.version}.${t.kind}`;
}

/** The key under which the store keeps objects of this resource. */
export function collectionOf(t: ResourceType): string {
  // events.k8s.io Events are the core Events (one storage), converted when served (event-versions.ts).
  return t.group === 'events.k8s.io' ? 'core/events' : `${t.group || 'core'}/${t.plural}`;
}

/** A resource whose objects are another resource's, served at another group (events.k8s.io Events): passes over every type skip it. */
export function sharesStorage(t: ResourceType): boolean {
  return t.group === 'events.k8s.io';
}

/** Where resolution warnings go (kubectl's warning handler); the CLI sets it for the command it runs. */
let warningSink: ((text: string) => void) | undefined;
/** The warnings the current builder printed: kubectl's handler prints each once. */
const warnedInBuilder = new Set<string>();

export function setRegistryWarnings(sink: ((text: string) => void) | undefined): void {
  warningSink = sink;
  warnedInBuilder.clear();
}

/** A builder of kubectl's own begins (describe's name-prefix retry): its handler warns again of what the first did. */
export function newBuilderWarnings(): void {
  warnedInBuilder.clear();
}

/** A type argument's type, with the version it asks for (the preferred one where it names none). */
type Mapped = { type: ResourceType; version: string };

interface GroupVersionResource {
  resource: string;
  version: string;
  group: string;
}

/**
 * The resource types a cluster serves: the built-ins plus one per CRD. Resolution
 * follows kubectl's RESTMapper: plural, singular, short name or kind, optionally
 * qualified as `name.group` or `name.version.group`.
 */
export class Registry {
  readonly types: ResourceType[];

  constructor(extra: ResourceType[] = []) {
    this.types = [...BUILTIN_TYPES, ...extra];
  }

  /** Resolves a type argument such as `po`, `deploy.apps`, `Deployment`; undefined when unknown. */
  lookup(arg: string): ResourceType | undefined {
    return this.lookupVersioned(arg)?.type;
  }

  /**
   * A type argument resolved as kubectl's builder maps it (mappingFor): first as a resource (the whole
   * `resource.version.group`, then `resource.group`), through the shortcut expander and the RESTMapper,
   * then as a kind. With the version it names, where it names one the type serves (else the preferred):
   * `horizontalpodautoscalers.v1.autoscaling` is v1, but a short name drops the version
   * (`hpa.v1.autoscaling` is the preferred v2, `deploy.v9.apps` is Deployments), and a group may be a
   * prefix of one (`deploy.app`, `storageclass.storage`).
   */
  lookupVersioned(arg: string): Mapped | undefined {
    const cached = this.resolved.get(arg);
    if (cached !== undefined || this.resolved.has(arg)) return cached;
    const { found, warned } = this.passingWarnings((w) => this.resourceArg(arg, w) ?? this.byKindArg(arg));
    // A warning is kubectl's each time the expander meets the short name: only a quiet answer is kept.
    if (!warned) this.resolved.set(arg, found);
    return found;
  }

  /** A resource argument alone, as kubectl's `auth can-i` and `events --for` map theirs (no kind): see lookupVersioned. */
  lookupResource(arg: string): Mapped | undefined {
    return this.passingWarnings((w) => this.resourceArg(arg, w)).found;
  }

  /** The RESTMapper's ResourceFor a resource in a group (`create role --resource`): see lookupVersioned. */
  resourceFor(resource: string, group: string): Mapped | undefined {
    return this.passingWarnings((w) => this.kindFor({ resource, version: '', group }, w)).found;
  }

  /** Runs a mapping and passes on the shortcut expander's warnings it collected; whether there were any. */
  private passingWarnings(map: (warnings: string[]) => Mapped | undefined): { found: Mapped | undefined; warned: boolean } {
    const warnings: string[] = [];
    const found = map(warnings);
    for (const w of warnings) {
      if (warnedInBuilder.has(w)) continue;
      warnedInBuilder.add(w);
      warningSink?.(w);
    }
    return { found, warned: warnings.length > 0 };
  }

  /** ParseResourceArg's two readings, `resource.version.group` (with two dots or more), then `resource.group`. */
  private resourceArg(arg: string, warnings: string[]): Mapped | undefined {
    const dot = arg.indexOf('.');
    const parts = arg.split('.');
    const fully = parts.length >= 3 ? { resource: parts[0]!, version: parts[1]!, group: parts.slice(2).join('.') } : undefined;
    return (fully && this.kindFor(fully, warnings)) ?? this.kindFor({ resource: dot < 0 ? arg : arg.slice(0, dot), version: '', group: dot < 0 ? '' : arg.slice(dot + 1) }, warnings);
  }

  private readonly resolved = new Map<string, Mapped | undefined>();

  /** The RESTMapper's KindFor, after the shortcut expander: the first match in discovery priority (the core group first). */
  private kindFor(asked: GroupVersionResource, warnings: string[]): Mapped | undefined {
    const r = this.expandShortcut(asked, warnings);
    // The mapper matches resources in lower case; group and version as given.
    const resource = r.resource.toLowerCase();
    const named = (t: ResourceType) => t.plural === resource || t.singular === resource;
    if (r.group && r.version) {
      const t = this.types.find((t) => t.group === r.group && t.versions.includes(r.version) && named(t));
      return t && { type: t, version: r.version };
    }
    if (r.version) {
      const t = this.types.find((t) => t.versions.includes(r.version) && named(t));
      return t && { type: t, version: r.version };
    }
    // A group matched exactly, else as a prefix of the type's (`storageclass.storage`).
    const t = r.group
      ? (this.types.find((t) => t.group === r.group && named(t)) ?? this.types.find((t) => t.group.startsWith(r.group) && named(t)))
      : this.types.find(named);
    return t && { type: t, version: t.version };
  }

  /**
   * client-go's shortcut expander: a resource's own name (plural or singular, as typed) stays as it is;
   * a short name becomes its resource, in its group, without the version (a second resource with the
   * same short name is warned of); else, with a group, a short name in a group it prefixes.
   */
  private expandShortcut(r: GroupVersionResource, warnings: string[]): GroupVersionResource {
    const inGroup = (t: ResourceType) => !r.group || t.group === r.group;
    if (this.types.some((t) => inGroup(t) && (t.plural === r.resource || t.singular === r.resource))) return r;
    let found: ResourceType | undefined;
    for (const t of this.types) {
      if (!inGroup(t) || !t.shortNames.includes(r.resource)) continue;
      if (!found) found = t;
      else if (found.group !== t.group || found.plural !== t.plural) {
        warnings.push(`short name "${r.resource}" could also match lower priority resource ${t.group ? `${t.plural}.${t.group}` : t.plural}`);
      }
    }
    if (found) return { resource: found.plural, version: '', group: found.group };
    if (!r.group) return r;
    const prefixed = this.types.find((t) => t.group.startsWith(r.group) && t.shortNames.includes(r.resource));
    return prefixed ? { resource: prefixed.plural, version: r.version, group: prefixed.group } : r;
  }

  /** The argument as a kind (`Kind.version.group`, then `Kind.group`), matched exactly as the RESTMapper maps kinds. */
  private byKindArg(arg: string): Mapped | undefined {
    const parts = arg.split('.');
    if (parts.length >= 3) {
      const [kind, version] = parts as [string, string];
      const group = parts.slice(2).join('.');
      const t = this.types.find((t) => t.kind === kind && t.group === group && t.versions.includes(version));
      if (t) return { type: t, version };
    }
    const dot = arg.indexOf('.');
    const kind = dot < 0 ? arg : arg.slice(0, dot);
    const group = dot < 0 ? '' : arg.slice(dot + 1);
    const t = this.types.find((t) => t.kind === kind && t.group === group);
    return t && { type: t, version: t.version };
  }

  /** Like lookup, but fails as kubectl does for an unknown type. */
  resolve(arg: string): ResourceType {
    const t = this.lookup(arg);
    if (!t) throw new CliError(`the server doesn't have a resource type "${arg.split('.')[0]}"`);
    return t;
  }

  /** The type for a manifest's apiVersion + kind; undefined if not served. */
  forKind(apiVersion: string, kind: string): ResourceType | undefined {
    // Asked several times for every object a settle writes (each write, Event and queued change).
    const key = typeof apiVersion === 'string' && typeof kind === 'string' ? `${apiVersion}\u0000${kind}` : undefined;
    if (key !== undefined && this.byKind.has(key)) return this.byKind.get(key);
    const { group, version } = splitGroupVersion(apiVersion);
    const type = this.types.find((t) => t.group === group && t.kind === kind && t.versions.includes(version));
    if (key !== undefined) this.byKind.set(key, type);
    return type;
  }

  private readonly byKind = new Map<string, ResourceType | undefined>();

  /**
   * The type whose kind, in lower case, a manifest gave (`kind: deployment`): kubectl's discovery mapper
   * maps it as the kind itself, though the API server's decoder knows only the kind as written.
   */
  forLowerCaseKind(apiVersion: string, kind: string): ResourceType | undefined {
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || kind !== kind.toLowerCase()) return undefined;
    const { group, version } = splitGroupVersion(apiVersion);
    return this.types.find((t) => t.group === group && t.kind.toLowerCase() === kind && t.versions.includes(version));
  }

  /**
   * Whether kubectl's discovery mapper maps a List document's apiVersion and kind, as it must before the
   * List is flattened: `List` in any group version served, a kind served there (or that kind in lower
   * case), or that kind with `List` after it (which discovery adds for every resource).
   */
  mapsListKind(apiVersion: unknown, kind: unknown): boolean {
    if ((apiVersion !== undefined && typeof apiVersion !== 'string') || typeof kind !== 'string') return false;
    const { group, version } = splitGroupVersion(apiVersion ?? '');
    // No version (no apiVersion at all): any version of the core group's.
    const served = this.types.filter((t) => t.group === group && (version === '' || t.versions.includes(version)));
    return served.length > 0 && (kind === 'List' || served.some((t) => t.kind === kind || t.kind.toLowerCase() === kind || `${t.kind}List` === kind));
  }

  /** Types in the category, e.g. `all`. */
  category(name: string): ResourceType[] {
    return this.types.filter((t) => t.categories.includes(name));
  }
}

export const builtinRegistry = new Registry();
