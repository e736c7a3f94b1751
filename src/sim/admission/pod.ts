/**
 * Pod admission plugins that fill in the spec: ServiceAccount (+ the projected token
 * volume), DefaultTolerationSeconds and Priority.
 */
import { randomSuffix, type ApiServer } from '../../api/server.js';
import type { KubeObject } from '../../api/types.js';
import { ApiError } from '../../errors.js';

export const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const TOKEN_VOLUME_PREFIX = 'kube-api-access-';

/** The name admission errors use: a generated name is not known yet, so the prefix is shown. */
export function admissionName(obj: KubeObject): string {
  const { name = '', generateName } = obj.metadata;
  if (generateName && name.startsWith(generateName) && name.length === generateName.length + 5) return generateName;
  return name;
}

/** An admission refusal; `resource` is group-qualified (`deployments.apps`). */
export function forbidden(resource: string, obj: KubeObject, message: string): ApiError {
  const name = admissionName(obj);
  const [plural = resource, ...group] = resource.split('.');
  return new ApiError('Forbidden', 403, `${resource} "${name}" is forbidden: ${message}`, { name, group: group.join('.'), kind: plural });
}

/** ServiceAccount plugin: default the account, check it exists, mount its token. */
export function admitServiceAccount(api: ApiServer, pod: KubeObject): void {
  if (pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined) return;
  const spec = pod.spec;
  const name: string = spec.serviceAccountName || spec.serviceAccount || 'default';
  spec.serviceAccountName = name;
  spec.serviceAccount = name;
  const ns = pod.metadata.namespace!;
  const sa = api.tryGet(api.registry.forKind('v1', 'ServiceAccount')!, ns, name);
  // The `default` account is made by a controller within milliseconds of its namespace;
  // a pod created in the same breath as its namespace is not refused for that.
  if (!sa && name !== 'default') {
    throw forbidden('pods', pod, `error looking up service account ${ns}/${name}: serviceaccount "${name}" not found`);
  }
  if (!shouldAutomount(sa, pod)) return;
  mountToken(pod);
}

function shouldAutomount(sa: KubeObject | undefined, pod: KubeObject): boolean {
  if (pod.spec.automountServiceAccountToken !== undefined) return pod.spec.automountServiceAccountToken !== false;
  return sa?.automountServiceAccountToken !== false;
}

function mountToken(pod: KubeObject): void {
  const spec = pod.spec;
  const volumes: any[] = (spec.volumes ??= []);
  let volumeName: string | undefined = volumes.find((v) => typeof v.name === 'string' && v.name.startsWith(TOKEN_VOLUME_PREFIX))?.name;
  if (!volumeName) {
    const taken = new Set(volumes.map((v) => v.name));
    do volumeName = TOKEN_VOLUME_PREFIX + randomSuffix();
    while (taken.has(volumeName));
    volumes.push(tokenVolume(volumeName));
  }
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    const mounts: any[] = (c.volumeMounts ??= []);
    if (mounts.some((m) => m.mountPath === TOKEN_MOUNT_PATH)) continue;
    mounts.push({ mountPath: TOKEN_MOUNT_PATH, name: volumeName, readOnly: true });
  }
}

function tokenVolume(name: string): Record<string, unknown> {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
        { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
      ],
    },
  };
}

const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

/** DefaultTolerationSeconds: tolerate not-ready / unreachable NoExecute taints for 300 s unless the pod says otherwise. */
export function admitDefaultTolerations(pod: KubeObject): void {
  const tolerations: any[] = pod.spec.tolerations ?? [];
  const tolerates = (key: string) =>
    tolerations.some(
      (t) => (t.effect === 'NoExecute' || !t.effect) && ((t.operator === 'Exists' && !t.key) || t.key === key),
    );
  const add: any[] = [];
  for (const key of [NOT_READY, UNREACHABLE]) {
    if (!tolerates(key)) add.push({ effect: 'NoExecute', key, operator: 'Exists', tolerationSeconds: 300 });
  }
  if (add.length) pod.spec.tolerations = [...tolerations, ...add];
}

/** The classes every cluster has, whether or not their objects were listed. */
export const SYSTEM_PRIORITY_CLASSES: Record<string, number> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};

/** Priority plugin: spec.priority and preemptionPolicy from the PriorityClass (or the global default). */
export function admitPriority(api: ApiServer, pod: KubeObject): void {
  const spec = pod.spec;
  const pcType = api.registry.forKind('scheduling.k8s.io/v1', 'PriorityClass')!;
  let value = 0;
  let policy = 'PreemptLowerPriority';
  const className: string | undefined = spec.priorityClassName || undefined;
  if (className) {
    const pc = api.tryGet(pcType, undefined, className);
    if (pc) {
      value = pc.value ?? 0;
      policy = pc.preemptionPolicy ?? policy;
    } else if (className in SYSTEM_PRIORITY_CLASSES) {
      value = SYSTEM_PRIORITY_CLASSES[className]!;
    } else {
      throw forbidden('pods', pod, `no PriorityClass with name ${className} was found`);
    }
  } else {
    const global = api.list(pcType).find((pc) => pc.globalDefault === true);
    if (global) {
      spec.priorityClassName = global.metadata.name;
      value = global.value ?? 0;
      policy = global.preemptionPolicy ?? policy;
    }
  }
  if (spec.priority !== undefined && spec.priority !== null && spec.priority !== value) {
    throw forbidden(
      'pods',
      pod,
      `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`,
    );
  }
  spec.priority = value;
  spec.preemptionPolicy ??= policy;
}
