/**
 * How strategic merge patch treats each list, from the `patchStrategy`/`patchMergeKey`
 * struct tags of the Kubernetes API types. Lists not named here are atomic (replaced whole),
 * as are all lists of custom resources (kubectl falls back to JSON merge patch for them).
 */

export type ListStrategy =
  | { kind: 'merge'; key: string }
  | { kind: 'mergePrimitive' }
  | { kind: 'replace' };

/** Field path without list indices, e.g. `['spec', 'template', 'spec', 'containers', 'ports']`. */
export type FieldPath = readonly string[];

export type StrategyFor = ((path: FieldPath) => ListStrategy) & {
  /** Maps with `patchStrategy:"retainKeys"` (a Deployment's strategy, each volume): a patch that changes one lists the keys to keep. */
  retainKeys?: (path: FieldPath) => boolean;
};

const REPLACE: ListStrategy = { kind: 'replace' };
const byKey = (key: string): ListStrategy => ({ kind: 'merge', key });

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** Lists merged by a key wherever they appear in a built-in object. */
const BY_FIELD: Record<string, ListStrategy> = {
  containers: byKey('name'),
  initContainers: byKey('name'),
  ephemeralContainers: byKey('name'),
  volumes: byKey('name'),
  imagePullSecrets: byKey('name'),
  schedulingGates: byKey('name'),
  resourceClaims: byKey('name'),
  hostAliases: byKey('ip'),
  topologySpreadConstraints: byKey('topologyKey'),
  env: byKey('name'),
  volumeMounts: byKey('mountPath'),
  volumeDevices: byKey('devicePath'),
  ownerReferences: byKey('uid'),
  finalizers: { kind: 'mergePrimitive' },
  conditions: byKey('type'),
  podIPs: byKey('ip'),
  podCIDRs: { kind: 'mergePrimitive' },
};

/** The strategy function for a built-in kind; custom resources get `atomicLists`. */
export function strategyForKind(kind: string): StrategyFor {
  const strategy: StrategyFor = (path) => {
    const field = path[path.length - 1] ?? '';
    if (field === 'ports') {
      if (path.some((p) => CONTAINER_LISTS.has(p))) return byKey('containerPort');
      if (kind === 'Service' && path.length === 2 && path[0] === 'spec') return byKey('port');
      return REPLACE;
    }
    if (field === 'addresses' && kind === 'Node') return byKey('type');
    if (field === 'conditions' && path[0] !== 'status') return REPLACE;
    if (field === 'env' && !path.some((p) => CONTAINER_LISTS.has(p))) return REPLACE;
    return BY_FIELD[field] ?? REPLACE;
  };
  strategy.retainKeys = (path) => {
    const field = path[path.length - 1];
    if (field === 'volumes') return path.length >= 2 && path[path.length - 2] === 'spec';
    return field === 'strategy' && kind === 'Deployment' && path.length === 2 && path[0] === 'spec';
  };
  return strategy;
}

export const atomicLists: StrategyFor = () => REPLACE;
