/**
 * What structured-merge-diff needs to know about a built-in type's shape, from the
 * `x-kubernetes-list-type`, `x-kubernetes-list-map-keys`, `x-kubernetes-map-type` and patch
 * tags of the v1.32 OpenAPI: which lists are associative (keyed items, `k:{...}`), which are
 * sets (`v:...`) and which are atomic, which maps are atomic, which maps are free-form (their
 * keys are not declared fields), and which nodes a kind's Go zero value already has.
 * Custom resources: every list atomic, as the API server treats lists a schema says nothing about.
 */

export type ListType = { type: 'map'; keys: string[] } | { type: 'set' } | { type: 'atomic' };

const ATOMIC: ListType = { type: 'atomic' };
const SET: ListType = { type: 'set' };
const keyed = (...keys: string[]): ListType => ({ type: 'map', keys });

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

const BY_FIELD: Record<string, ListType> = {
  containers: keyed('name'),
  initContainers: keyed('name'),
  ephemeralContainers: keyed('name'),
  volumes: keyed('name'),
  imagePullSecrets: keyed('name'),
  schedulingGates: keyed('name'),
  resourceClaims: keyed('name'),
  hostAliases: keyed('ip'),
  topologySpreadConstraints: keyed('topologyKey', 'whenUnsatisfiable'),
  volumeMounts: keyed('mountPath'),
  volumeDevices: keyed('devicePath'),
  ownerReferences: keyed('uid'),
  finalizers: SET,
  podIPs: keyed('ip'),
  hostIPs: keyed('ip'),
  podCIDRs: SET,
};

/** The list at `path` (field names only, list items left out) of a `kind`. */
export function listType(kind: string, custom: boolean, path: readonly string[]): ListType {
  if (custom) return path.length === 2 && path[0] === 'metadata' ? (BY_FIELD[path[1]!] ?? ATOMIC) : ATOMIC;
  const field = path[path.length - 1] ?? '';
  if (field === 'ports') {
    if (path.some((p) => CONTAINER_LISTS.has(p))) return keyed('containerPort', 'protocol');
    if (kind === 'Service' && path.length === 2 && path[0] === 'spec') return keyed('port', 'protocol');
    return ATOMIC;
  }
  if (field === 'env') return path.some((p) => CONTAINER_LISTS.has(p)) ? keyed('name') : ATOMIC;
  if (field === 'conditions') return path[0] === 'status' ? keyed('type') : ATOMIC;
  if (field === 'addresses') return kind === 'Node' && path[0] === 'status' ? keyed('type') : ATOMIC;
  return BY_FIELD[field] ?? ATOMIC;
}

/** Maps owned as a whole (`+mapType=atomic`, `+structType=atomic`): label selectors, nodeSelector, a Service's selector. */
const ATOMIC_MAPS = new Set(['selector', 'nodeSelector', 'podSelector', 'namespaceSelector', 'labelSelector']);

export function isAtomicMap(custom: boolean, path: readonly string[]): boolean {
  return !custom && ATOMIC_MAPS.has(path[path.length - 1] ?? '');
}

/** Maps whose keys are data, not declared fields: each key is owned as a member. */
const FREE_FORM = new Set([
  'labels', 'annotations', 'data', 'binaryData', 'stringData', 'limits', 'requests', 'capacity', 'allocatable',
  'hard', 'used', 'parameters', 'allocatedResources', 'overhead', 'matchLabels',
]);

export function isFreeForm(custom: boolean, path: readonly string[]): boolean {
  if (custom) return path.length === 2 && path[0] === 'metadata' && FREE_FORM.has(path[1]!);
  return FREE_FORM.has(path[path.length - 1] ?? '');
}

type Zero = { [key: string]: Zero | null };

const TEMPLATE: Zero = { metadata: { creationTimestamp: null }, spec: { containers: null } };

/** The nodes a kind's Go zero value serializes (non-pointer structs, fields without omitempty). */
const ZERO_SPEC: Record<string, Zero> = {
  Pod: { containers: null },
  PodTemplate: {},
  Deployment: { selector: null, template: TEMPLATE, strategy: {} },
  ReplicaSet: { selector: null, template: TEMPLATE },
  StatefulSet: { selector: null, template: TEMPLATE, updateStrategy: {} },
  DaemonSet: { selector: null, template: TEMPLATE, updateStrategy: {} },
  Job: { template: TEMPLATE },
  CronJob: { jobTemplate: { metadata: { creationTimestamp: null }, spec: { template: TEMPLATE } } },
  PersistentVolumeClaim: { resources: {} },
  HorizontalPodAutoscaler: { scaleTargetRef: {} },
};

/** What an Update that creates an object is compared with: the kind's zero value (a custom resource's is empty). */
export function zeroObject(kind: string, custom: boolean, obj: Record<string, unknown>): Record<string, unknown> {
  if (custom) return {};
  const zero: Record<string, unknown> = { metadata: {} };
  if ('spec' in obj || ZERO_SPEC[kind]) zero.spec = structuredClone(ZERO_SPEC[kind] ?? {});
  if (kind === 'PodTemplate') zero.template = structuredClone(TEMPLATE);
  if ('status' in obj) zero.status = {};
  return zero;
}
