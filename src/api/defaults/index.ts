/**
 * The API server's defaulting (the SetDefaults_* functions of each API group, plus the registry
 * strategies' create-time status). Mutates in place, fills only unset fields, and is idempotent.
 * Allocation (cluster IPs, node ports) and admission (service account, tolerations, priority) are
 * not defaulting and live elsewhere.
 */
import { canonicalizeQuantities } from '../canonical-quantities.js';
import type { ResourceType } from '../registry.js';
import type { KubeObject } from '../types.js';
import { child, defaultEmbeddedMeta, defaultPodSpec, defaultPodTemplate, each, isObj, qosClass, setDefault } from './pod.js';

type Obj = Record<string, any>;
type Defaulter = (obj: KubeObject) => void;

/**
 * Go decoding leaves null fields at their zero value: the stored object has no nulls (except the
 * creationTimestamp of embedded metadata, put back by the defaulters below, and whatever is inside
 * the top-level fields `raw`, kept as the JSON sent).
 */
function dropNulls(v: unknown, raw?: readonly string[]): void {
  if (Array.isArray(v)) v.forEach((item) => dropNulls(item));
  else if (isObj(v)) {
    for (const [k, child] of Object.entries(v)) {
      if (child === null) delete v[k];
      else if (!raw?.includes(k)) dropNulls(child);
    }
  }
}

/** Top-level fields the API server keeps as the JSON sent (runtime.RawExtension), nulls and all. */
const RAW_FIELDS: Record<string, readonly string[]> = { 'apps/ControllerRevision': ['data'] };

const spec = (obj: KubeObject): Obj | undefined => (isObj(obj.spec) ? obj.spec : undefined);

function pod(obj: KubeObject): void {
  defaultPodSpec(obj.spec, true);
}

/** The pod strategy's PrepareForCreate: a new pod is Pending, with its QoS class worked out. */
function newPodStatus(obj: KubeObject): void {
  const s = spec(obj);
  const status = child(obj, 'status');
  if (!status) return;
  setDefault(status, 'phase', 'Pending');
  if (s) setDefault(status, 'qosClass', qosClass(s));
}

function service(obj: KubeObject): void {
  const s = spec(obj);
  if (!s) return;
  setDefault(s, 'type', 'ClusterIP');
  setDefault(s, 'sessionAffinity', 'None');
  if (s.sessionAffinity === 'ClientIP') {
    const config = child(s, 'sessionAffinityConfig');
    const clientIP = config && child(config, 'clientIP');
    if (clientIP) setDefault(clientIP, 'timeoutSeconds', 10800);
  }
  each(s.ports, (p) => {
    setDefault(p, 'protocol', 'TCP');
    // A Go ServicePort's port is 0 when it was not given (a protobuf body leaves the zero out).
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port ?? 0;
  });
  const external = s.type === 'ExternalName';
  if (!external) {
    const headlessWithoutSelector = s.clusterIP === 'None' && !(isObj(s.selector) && Object.keys(s.selector).length);
    if (headlessWithoutSelector) {
      setDefault(s, 'ipFamilyPolicy', 'RequireDualStack');
      setDefault(s, 'ipFamilies', ['IPv4', 'IPv6']);
    } else {
      setDefault(s, 'ipFamilyPolicy', 'SingleStack');
      setDefault(s, 'ipFamilies', ['IPv4']);
    }
    setDefault(s, 'internalTrafficPolicy', 'Cluster');
  }
  const exposed = s.type === 'NodePort' || s.type === 'LoadBalancer' || (Array.isArray(s.externalIPs) && s.externalIPs.length > 0);
  if (exposed && !external) setDefault(s, 'externalTrafficPolicy', 'Cluster');
  if (s.type === 'LoadBalancer') setDefault(s, 'allocateLoadBalancerNodePorts', true);
  const status = child(obj, 'status');
  if (status) setDefault(status, 'loadBalancer', {});
}

function deployment(obj: KubeObject): void {
  const s = spec(obj);
  if (!s) return;
  setDefault(s, 'replicas', 1);
  const strategy = child(s, 'strategy');
  if (strategy) {
    setDefault(strategy, 'type', 'RollingUpdate');
    const rolling = strategy.type === 'RollingUpdate' ? child(strategy, 'rollingUpdate') : undefined;
    if (rolling) {
      setDefault(rolling, 'maxUnavailable', '25%');
      setDefault(rolling, 'maxSurge', '25%');
    }
  }
  setDefault(s, 'revisionHistoryLimit', 10);
  setDefault(s, 'progressDeadlineSeconds', 600);
  defaultPodTemplate(s.template);
}

function replicaSet(obj: KubeObject): void {
  const s = spec(obj);
  if (!s) return;
  setDefault(s, 'replicas', 1);
  defaultPodTemplate(s.template);
}

const isUnsetMap = (v: unknown): boolean => v === undefined || (isObj(v) && Object.keys(v).length === 0);

function replicationController(obj: KubeObject): void {
  const s = spec(obj);
  if (!s) return;
  const labels = isObj(s.template) && isObj(s.template.metadata) ? s.template.metadata.labels : undefined;
  if (isObj(labels) && Object.keys(labels).length) {
    if (isUnsetMap(s.selector)) s.selector = { ...labels };
    if (isUnsetMap(obj.metadata.labels)) obj.metadata.labels = { ...labels };
  }
  setDefault(s, 'replicas', 1);
  defaultPodTemplate(s.template);
}

/**
 * A Secret's stringData is a write-only convenience: decoding merges it into data (base64, winning
 * over data's own key) and it is never stored.
 */
function secret(obj: KubeObject): void {
  setDefault(obj, 'type', 'Opaque');
  const strings = obj.stringData;
  if (!isObj(strings) || !Object.values(strings).every((v) => typeof v === 'string')) return;
  if (obj.data !== undefined && !isObj(obj.data)) return;
  const data: Obj = obj.data ?? {};
  for (const [k, v] of Object.entries(strings)) data[k] = Buffer.from(v as string, 'utf8').toString('base64');
  if (Object.keys(data).length) obj.data = data;
  delete obj.stringData;
}

function persistentVolumeClaimSpec(s: unknown): void {
  if (isObj(s)) setDefault(s, 'volumeMode', 'Filesystem');
}

function statefulSet(obj: KubeObject): void {
  const s = spec(obj);
  if (!s) return;
  setDefault(s, 'replicas', 1);
  setDefault(s, 'podManagementPolicy', 'OrderedReady');
  const update = child(s, 'updateStrategy');
  if (update) {
    setDefault(update, 'type', 'RollingUpdate');
    const rolling = update.type === 'RollingUpdate' ? child(update, 'rollingUpdate') : undefined;
    if (rolling) setDefault(rolling, 'partition', 0);
  }
  setDefault(s, 'revisionHistoryLimit', 10);
  const retention = child(s, 'persistentVolumeClaimRetentionPolicy');
  if (retention) {
    setDefault(retention, 'whenDeleted', 'Retain');
    setDefault(retention, 'whenScaled', 'Retain');
  }
  each(s.volumeClaimTemplates, (pvc) => {
    setDefault(pvc, 'apiVersion', 'v1');
    setDefault(pvc, 'kind', 'PersistentVolumeClaim');
    defaultEmbeddedMeta(pvc);
    persistentVolumeClaimSpec(pvc.spec);
    const status = child(pvc, 'status');
    if (status) setDefault(status, 'phase', 'Pending');
  });
  defaultPodTemplate(s.template);
}

function daemonSet(obj: KubeObject): void {
  const s = spec(obj);
  if (!s) return;
  const update = child(s, 'updateStrategy');
  if (update) {
    setDefault(update, 'type', 'RollingUpdate');
    const rolling = update.type === 'RollingUpdate' ? child(update, 'rollingUpdate') : undefined;
    if (rolling) {
      setDefault(rolling, 'maxUnavailable', 1);
      setDefault(rolling, 'maxSurge', 0);
    }
  }
  setDefault(s, 'revisionHistoryLimit', 10);
  defaultPodTemplate(s.template);
}

function job(obj: KubeObject): void {
  const s = spec(obj);
  if (!s) return;
  if (s.completions == null && s.parallelism == null) {
    s.completions = 1;
    s.parallelism = 1;
  }
  setDefault(s, 'parallelism', 1);
  setDefault(s, 'backoffLimit', s.backoffLimitPerIndex != null ? 2147483647 : 6);
  setDefault(s, 'completionMode', 'NonIndexed');
  setDefault(s, 'suspend', false);
  setDefault(s, 'podReplacementPolicy', isObj(s.podFailurePolicy) ? 'Failed' : 'TerminatingOrFailed');
  defaultPodTemplate(s.template);
}

function cronJob(obj: KubeObject): void {
  const s = spec(obj);
  if (!s) return;
  setDefault(s, 'concurrencyPolicy', 'Allow');
  setDefault(s, 'suspend', false);
  setDefault(s, 'successfulJobsHistoryLimit', 3);
  setDefault(s, 'failedJobsHistoryLimit', 1);
  if (isObj(s.jobTemplate)) {
    defaultEmbeddedMeta(s.jobTemplate);
    if (isObj(s.jobTemplate.spec)) defaultPodTemplate(s.jobTemplate.spec.template);
  }
}

function namespace(obj: KubeObject): void {
  const name = obj.metadata.name;
  const labels = child(obj.metadata, 'labels');
  if (name && labels) labels['kubernetes.io/metadata.name'] = name;
  const s = child(obj, 'spec');
  if (s) setDefault(s, 'finalizers', ['kubernetes']);
  const status = child(obj, 'status');
  if (status) setDefault(status, 'phase', 'Active');
}

function persistentVolume(obj: KubeObject): void {
  const s = spec(obj);
  if (s) {
    setDefault(s, 'persistentVolumeReclaimPolicy', 'Retain');
    setDefault(s, 'volumeMode', 'Filesystem');
  }
  const status = child(obj, 'status');
  if (status) setDefault(status, 'phase', 'Pending');
}

function persistentVolumeClaim(obj: KubeObject): void {
  persistentVolumeClaimSpec(obj.spec);
  const status = child(obj, 'status');
  if (status) setDefault(status, 'phase', 'Pending');
}

function endpointPorts(ports: unknown): void {
  each(ports, (p) => setDefault(p, 'protocol', 'TCP'));
}

function networkPolicy(obj: KubeObject): void {
  const s = spec(obj);
  if (!s) return;
  for (const rules of [s.ingress, s.egress]) each(rules, (r) => endpointPorts(r.ports));
  if (!Array.isArray(s.policyTypes) || s.policyTypes.length === 0) {
    s.policyTypes = Array.isArray(s.egress) && s.egress.length ? ['Ingress', 'Egress'] : ['Ingress'];
  }
}

function roleBinding(obj: KubeObject): void {
  each(obj.subjects, (sub) => {
    if (sub.kind === 'User' || sub.kind === 'Group') setDefault(sub, 'apiGroup', 'rbac.authorization.k8s.io');
    // A ServiceAccount's group is "", which the API server's JSON omits (apiGroup is omitempty).
    if (sub.apiGroup === '' || sub.apiGroup === null) delete sub.apiGroup;
  });
}

function webhooks(obj: KubeObject, mutating: boolean): void {
  each(obj.webhooks, (w) => {
    setDefault(w, 'failurePolicy', 'Fail');
    setDefault(w, 'matchPolicy', 'Equivalent');
    setDefault(w, 'namespaceSelector', {});
    setDefault(w, 'objectSelector', {});
    setDefault(w, 'timeoutSeconds', 10);
    if (mutating) setDefault(w, 'reinvocationPolicy', 'Never');
    each(w.rules, (r) => setDefault(r, 'scope', '*'));
    if (isObj(w.clientConfig) && isObj(w.clientConfig.service)) setDefault(w.clientConfig.service, 'port', 443);
  });
}

const SCALE_UP = { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] };
const SCALE_DOWN = { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };

/** GenerateHPAScaleUpRules / GenerateHPAScaleDownRules: unset parts of a rule get the defaults. */
function scalingRules(behavior: Obj, key: string, defaults: Obj): void {
  const rules = child(behavior, key);
  if (rules) for (const [k, v] of Object.entries(defaults)) setDefault(rules, k, structuredClone(v));
}

function hpa(obj: KubeObject): void {
  const s = spec(obj);
  if (!s) return;
  setDefault(s, 'minReplicas', 1);
  if (obj.apiVersion !== 'autoscaling/v2') return;
  if (!Array.isArray(s.metrics) || s.metrics.length === 0) {
    s.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  }
  if (isObj(s.behavior)) {
    scalingRules(s.behavior, 'scaleUp', SCALE_UP);
    scalingRules(s.behavior, 'scaleDown', SCALE_DOWN);
  }
}

const DEFAULTERS: Record<string, Defaulter> = {
  '/Pod': pod,
  '/Service': service,
  '/Namespace': namespace,
  '/ReplicationController': replicationController,
  '/PodTemplate': (o) => defaultPodTemplate(o.template),
  '/PersistentVolume': persistentVolume,
  '/PersistentVolumeClaim': persistentVolumeClaim,
  '/Endpoints': (o) => each(o.subsets, (s) => endpointPorts(s.ports)),
  '/Secret': secret,
  'apps/Deployment': deployment,
  'apps/ReplicaSet': replicaSet,
  'apps/StatefulSet': statefulSet,
  'apps/DaemonSet': daemonSet,
  'batch/Job': job,
  'batch/CronJob': cronJob,
  'autoscaling/HorizontalPodAutoscaler': hpa,
  'discovery.k8s.io/EndpointSlice': (o) => endpointPorts(o.ports),
  'networking.k8s.io/NetworkPolicy': networkPolicy,
  'networking.k8s.io/Ingress': (o) => {
    const status = child(o, 'status');
    if (status) setDefault(status, 'loadBalancer', {});
  },
  // PolicyRule lists have no omitempty: a role without rules is encoded `rules: null`.
  'rbac.authorization.k8s.io/Role': (o) => setDefault(o, 'rules', null),
  'rbac.authorization.k8s.io/ClusterRole': (o) => setDefault(o, 'rules', null),
  'rbac.authorization.k8s.io/RoleBinding': roleBinding,
  'rbac.authorization.k8s.io/ClusterRoleBinding': roleBinding,
  'storage.k8s.io/StorageClass': (o) => {
    setDefault(o, 'reclaimPolicy', 'Delete');
    setDefault(o, 'volumeBindingMode', 'Immediate');
  },
  'scheduling.k8s.io/PriorityClass': (o) => setDefault(o, 'preemptionPolicy', 'PreemptLowerPriority'),
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': (o) => webhooks(o, false),
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': (o) => webhooks(o, true),
};

/** Applies the API server's defaulting (SetDefaults_*) in place. */
export function applyDefaults(obj: KubeObject, type: ResourceType): void {
  dropEmptyMetadataMaps(obj);
  if (type.custom) return;
  dropNulls(obj, RAW_FIELDS[`${type.group}/${type.kind}`]);
  if (!isObj(obj.metadata)) return;
  // Decoded before it is defaulted: defaults copied from a quantity (requests from limits) are canonical too.
  canonicalizeQuantities(obj);
  DEFAULTERS[`${type.group}/${type.kind}`]?.(obj);
}

/**
 * ObjectMeta's labels and annotations are omitempty: an empty map sent (kubectl's label and
 * annotate send `labels: {}` for an object that had none) is not kept, custom resources included
 * (their metadata is coerced through ObjectMeta).
 */
function dropEmptyMetadataMaps(obj: KubeObject): void {
  const meta = obj.metadata as Record<string, unknown> | undefined;
  if (!isObj(meta)) return;
  for (const field of ['labels', 'annotations']) {
    const map = meta[field];
    if (isObj(map) && Object.keys(map).length === 0) delete meta[field];
  }
}

const JOB_UID_LABELS = ['batch.kubernetes.io/controller-uid', 'controller-uid'];
const JOB_NAME_LABELS = ['batch.kubernetes.io/job-name', 'job-name'];

/**
 * What the API server sets on create only, once metadata.uid is set (strategies' PrepareForCreate):
 * a new Pod's status; a Job's selector and labels by `controller-uid`.
 */
export function applyPostCreateDefaults(obj: KubeObject, type: ResourceType): void {
  if (type.custom || !isObj(obj.metadata)) return;
  if (type.group === '' && type.kind === 'Pod') newPodStatus(obj);
  if (type.group === 'batch' && type.kind === 'Job') jobSelector(obj);
}

/** A Job without a manual selector selects its pods by `controller-uid`, set on the template and the Job alike. */
function jobSelector(obj: KubeObject): void {
  const s = spec(obj);
  const uid = obj.metadata.uid;
  if (!s || !uid || s.manualSelector === true) return;
  const tmeta = isObj(s.template) ? child(s.template, 'metadata') : undefined;
  const labels = tmeta && child(tmeta, 'labels');
  if (!labels) return;
  for (const k of JOB_UID_LABELS) labels[k] = uid;
  for (const k of JOB_NAME_LABELS) labels[k] = obj.metadata.name;
  if (s.selector === undefined) s.selector = { matchLabels: { [JOB_UID_LABELS[0]!]: uid } };
  if (isUnsetMap(obj.metadata.labels)) obj.metadata.labels = { ...labels };
}
