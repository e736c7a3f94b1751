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

export function setRegistryWarnings(sink: ((text: string) => void) | undefined): void {
  warningSink = sink;
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
    const lower = arg.toLowerCase();
    const direct = this.matchName(lower, undefined, undefined);
    if (direct) return direct;
    const parts = lower.split('.');
    for (let i = 1; i < parts.length; i++) {
      const name = parts.slice(0, i).join('.');
      const rest = parts.slice(i);
      // name.version.group, e.g. deployments.v1.apps
      if (rest.length >= 2) {
        const t = this.matchName(name, rest.slice(1).join('.'), rest[0]);
        if (t) return t;
      }
      const t = this.matchName(name, rest.join('.'), undefined);
      if (t) return t;
    }
    return undefined;
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

  /** Types in the category, e.g. `all`. */
  category(name: string): ResourceType[] {
    return this.types.filter((t) => t.categories.includes(name));
  }

  private matchName(name: string, group: string | undefined, version: string | undefined): ResourceType | undefined {
    const candidates = this.types.filter(
      (t) => (group === undefined || t.group === group) && (version === undefined || t.versions.includes(version)),
    );
    // Order of preference as in kubectl: plural, singular, short name, then kind. The core group wins ties
    // (`events` is core/v1 Event, not events.k8s.io).
    const named = candidates.find((t) => t.plural === name) ?? candidates.find((t) => t.singular === name);
    if (named) return named;
    const [short, ...others] = candidates.filter((t) => t.shortNames.includes(name));
    // kubectl's shortcut expander warns when a short name also names lower priority resources (`ev`).
    for (const t of others) warningSink?.(`short name "${name}" could also match lower priority resource ${t.group ? `${t.plural}.${t.group}` : t.plural}`);
    return short ?? candidates.find((t) => t.kind.toLowerCase() === name);
  }
}

export const builtinRegistry = new Registry();
