/**
 * kustomize's built-in configuration as data: where labels, annotations, namespaces and images
 * live in each kind (its field specs), which fields refer to other objects by name (its
 * name-reference config), which kinds are cluster-scoped, and its legacy output order by kind.
 * Facts from kustomize v5.5.0, as kubectl v1.32 embeds it.
 */

/** A field path (`/`-separated, `\/` for a slash inside a key) in the objects a gvk selects. */
export interface FieldSpec {
  path: string;
  kind?: string;
  group?: string;
  version?: string;
  /** Create the missing maps on the way (a missing list is never created). */
  create?: boolean;
}

const fs = (path: string, kind?: string, group?: string, create = true, version?: string): FieldSpec => ({ path, kind, group, create, version });

const TEMPLATE_KINDS: Array<[string, string | undefined]> = [
  ['ReplicationController', undefined],
  ['Deployment', undefined],
  ['ReplicaSet', undefined],
  ['DaemonSet', undefined],
  ['StatefulSet', 'apps'],
  ['Job', 'batch'],
];

/** Labels on the objects and on their pod templates (labels' includeTemplates). */
export const METADATA_LABELS: FieldSpec[] = [
  fs('metadata/labels'),
  ...TEMPLATE_KINDS.map(([k, g]) => fs('spec/template/metadata/labels', k, g, true, k === 'ReplicationController' ? 'v1' : undefined)),
  fs('spec/volumeClaimTemplates/metadata/labels', 'StatefulSet', 'apps'),
  fs('spec/jobTemplate/metadata/labels', 'CronJob', 'batch'),
  fs('spec/jobTemplate/spec/template/metadata/labels', 'CronJob', 'batch'),
];

const AFFINITY = [
  'spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels',
];

/** commonLabels (and labels with includeSelectors): selectors too. */
export const COMMON_LABELS: FieldSpec[] = [
  fs('spec/selector', 'Service', undefined, true, 'v1'),
  fs('spec/selector', 'ReplicationController', undefined, true, 'v1'),
  fs('spec/selector/matchLabels', 'Deployment'),
  ...AFFINITY.map((p) => fs(p, 'Deployment', 'apps', false)),
  fs('spec/selector/matchLabels', 'ReplicaSet'),
  fs('spec/selector/matchLabels', 'DaemonSet'),
  fs('spec/selector/matchLabels', 'StatefulSet', 'apps'),
  fs('spec/volumeClaimTemplates/metadata/labels', 'StatefulSet', 'apps'),
  ...AFFINITY.map((p) => fs(p, 'StatefulSet', 'apps', false)),
  fs('spec/selector/matchLabels', 'Job', 'batch', false),
  fs('spec/jobTemplate/spec/selector/matchLabels', 'CronJob', 'batch', false),
  fs('spec/selector/matchLabels', 'PodDisruptionBudget', 'policy', false),
  fs('spec/podSelector/matchLabels', 'NetworkPolicy', 'networking.k8s.io', false),
  fs('spec/ingress/from/podSelector/matchLabels', 'NetworkPolicy', 'networking.k8s.io', false),
  fs('spec/egress/to/podSelector/matchLabels', 'NetworkPolicy', 'networking.k8s.io', false),
  ...METADATA_LABELS,
];

export const COMMON_ANNOTATIONS: FieldSpec[] = [
  fs('metadata/annotations'),
  ...TEMPLATE_KINDS.map(([k, g]) => fs('spec/template/metadata/annotations', k, g === 'apps' ? undefined : g, true, k === 'ReplicationController' ? 'v1' : undefined)),
  fs('spec/jobTemplate/metadata/annotations', 'CronJob', 'batch'),
  fs('spec/jobTemplate/spec/template/metadata/annotations', 'CronJob', 'batch'),
];

export const REPLICAS: FieldSpec[] = ['Deployment', 'ReplicationController', 'ReplicaSet', 'StatefulSet'].map((k) => fs('spec/replicas', k));

/** Images: these paths, and every `containers`/`initContainers` list anywhere (kustomize's legacy filter). */
export const IMAGES: FieldSpec[] = [
  fs('spec/volumes/image/reference'),
  fs('spec/template/spec/volumes/image/reference'),
];

/** Kinds namePrefix/nameSuffix leave alone. */
export const PREFIX_SKIP = new Set(['CustomResourceDefinition', 'APIService', 'Namespace']);

/** Built-in cluster-scoped kinds (not given the kustomization's namespace). */
export const CLUSTER_SCOPED = new Set([
  'APIService', 'CSIDriver', 'CSINode', 'CertificateSigningRequest', 'ClusterRole', 'ClusterRoleBinding', 'ComponentStatus',
  'CustomResourceDefinition', 'FlowSchema', 'IngressClass', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding',
  'MutatingWebhookConfiguration', 'Namespace', 'Node', 'PersistentVolume', 'PodSecurityPolicy', 'PriorityClass',
  'PriorityLevelConfiguration', 'RuntimeClass', 'SelfSubjectAccessReview', 'SelfSubjectReview', 'SelfSubjectRulesReview',
  'StorageClass', 'StorageVersionMigration', 'SubjectAccessReview', 'TokenReview', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration', 'VolumeAttachment', 'VolumeAttributesClass',
  'IPAddress', 'ServiceCIDR', 'DeviceClass', 'ResourceSlice', 'ClusterTrustBundle',
]);

/** A referral kind and the fields (in referrer kinds) that name it. */
export interface NameReference {
  kind: string;
  group?: string;
  refs: FieldSpec[];
}

const POD_PATHS = (prefixes: Array<[string, string, string | undefined]>, tails: string[]): FieldSpec[] =>
  prefixes.flatMap(([prefix, kind, group]) => tails.map((t) => ({ path: `${prefix}${t}`, kind, group })));

const WORKLOADS: Array<[string, string, string | undefined]> = [
  ['spec/', 'Pod', undefined],
  ['template/spec/', 'PodTemplate', undefined],
  ['spec/template/spec/', 'Deployment', undefined],
  ['spec/template/spec/', 'ReplicaSet', undefined],
  ['spec/template/spec/', 'DaemonSet', undefined],
  ['spec/template/spec/', 'StatefulSet', undefined],
  ['spec/template/spec/', 'Job', undefined],
  ['spec/jobTemplate/spec/template/spec/', 'CronJob', undefined],
];

const SA_WORKLOADS: Array<[string, string, string | undefined]> = [
  ['spec/', 'Pod', undefined],
  ['spec/template/spec/', 'StatefulSet', undefined],
  ['spec/template/spec/', 'Deployment', undefined],
  ['spec/template/spec/', 'ReplicationController', undefined],
  ['spec/jobTemplate/spec/template/spec/', 'CronJob', undefined],
  ['spec/template/spec/', 'Job', undefined],
  ['spec/template/spec/', 'DaemonSet', undefined],
];

const scaleTarget = (kind: string): NameReference => ({ kind, refs: [{ path: 'spec/scaleTargetRef/name', kind: 'HorizontalPodAutoscaler' }] });

export const NAME_REFERENCES: NameReference[] = [
  scaleTarget('Deployment'),
  scaleTarget('ReplicationController'),
  scaleTarget('ReplicaSet'),
  scaleTarget('StatefulSet'),
  {
    kind: 'ConfigMap',
    refs: [
      ...POD_PATHS(WORKLOADS, [
        'volumes/configMap/name',
        'containers/env/valueFrom/configMapKeyRef/name',
        'initContainers/env/valueFrom/configMapKeyRef/name',
        'containers/envFrom/configMapRef/name',
        'initContainers/envFrom/configMapRef/name',
        'volumes/projected/sources/configMap/name',
      ]),
      { path: 'spec/configSource/configMap', kind: 'Node' },
      { path: 'rules/resourceNames', kind: 'Role' },
      { path: 'rules/resourceNames', kind: 'ClusterRole' },
      { path: 'metadata/annotations/nginx.ingress.kubernetes.io\\/fastcgi-params-configmap', kind: 'Ingress' },
    ],
  },
  {
    kind: 'Secret',
    refs: [
      ...POD_PATHS(WORKLOADS, [
        'volumes/secret/secretName',
        'containers/env/valueFrom/secretKeyRef/name',
        'initContainers/env/valueFrom/secretKeyRef/name',
        'containers/envFrom/secretRef/name',
        'initContainers/envFrom/secretRef/name',
        'imagePullSecrets/name',
        'volumes/projected/sources/secret/name',
      ]),
      { path: 'spec/tls/secretName', kind: 'Ingress' },
      { path: 'metadata/annotations/ingress.kubernetes.io\\/auth-secret', kind: 'Ingress' },
      { path: 'metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret', kind: 'Ingress' },
      { path: 'metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret', kind: 'Ingress' },
      { path: 'imagePullSecrets/name', kind: 'ServiceAccount' },
      ...['secretName', 'adminSecretName', 'userSecretName', 'secretRef'].map((p) => ({ path: `parameters/${p}`, kind: 'StorageClass' })),
      { path: 'rules/resourceNames', kind: 'Role' },
      { path: 'rules/resourceNames', kind: 'ClusterRole' },
      { path: 'spec/template/spec/containers/env/valueFrom/secretKeyRef/name', kind: 'Service', group: 'serving.knative.dev' },
      { path: 'spec/azureFile/secretName', kind: 'PersistentVolume' },
    ],
  },
  {
    kind: 'Service',
    group: '',
    refs: [
      { path: 'spec/serviceName', kind: 'StatefulSet', group: 'apps' },
      { path: 'spec/rules/http/paths/backend/serviceName', kind: 'Ingress' },
      { path: 'spec/backend/serviceName', kind: 'Ingress' },
      { path: 'spec/rules/http/paths/backend/service/name', kind: 'Ingress' },
      { path: 'spec/defaultBackend/service/name', kind: 'Ingress' },
      { path: 'spec/service/name', kind: 'APIService', group: 'apiregistration.k8s.io' },
      { path: 'webhooks/clientConfig/service', kind: 'ValidatingWebhookConfiguration', group: 'admissionregistration.k8s.io' },
      { path: 'webhooks/clientConfig/service', kind: 'MutatingWebhookConfiguration', group: 'admissionregistration.k8s.io' },
      { path: 'spec/rules/backendRefs/name', kind: 'HTTPRoute' },
    ],
  },
  { kind: 'Role', group: 'rbac.authorization.k8s.io', refs: [{ path: 'roleRef/name', kind: 'RoleBinding', group: 'rbac.authorization.k8s.io' }] },
  {
    kind: 'ClusterRole',
    group: 'rbac.authorization.k8s.io',
    refs: [
      { path: 'roleRef/name', kind: 'RoleBinding', group: 'rbac.authorization.k8s.io' },
      { path: 'roleRef/name', kind: 'ClusterRoleBinding', group: 'rbac.authorization.k8s.io' },
    ],
  },
  {
    kind: 'ServiceAccount',
    refs: [
      { path: 'subjects', kind: 'RoleBinding', group: 'rbac.authorization.k8s.io' },
      { path: 'subjects', kind: 'ClusterRoleBinding', group: 'rbac.authorization.k8s.io' },
      ...POD_PATHS(SA_WORKLOADS, ['serviceAccountName']),
    ],
  },
  { kind: 'PersistentVolumeClaim', refs: POD_PATHS(SA_WORKLOADS, ['volumes/persistentVolumeClaim/claimName']) },
  {
    kind: 'PersistentVolume',
    refs: [
      { path: 'spec/volumeName', kind: 'PersistentVolumeClaim' },
      { path: 'rules/resourceNames', kind: 'ClusterRole' },
    ],
  },
  {
    kind: 'StorageClass',
    group: 'storage.k8s.io',
    refs: [
      { path: 'spec/storageClassName', kind: 'PersistentVolume' },
      { path: 'spec/storageClassName', kind: 'PersistentVolumeClaim' },
      { path: 'spec/volumeClaimTemplates/spec/storageClassName', kind: 'StatefulSet' },
    ],
  },
  { kind: 'PriorityClass', group: 'scheduling.k8s.io', refs: POD_PATHS(SA_WORKLOADS, ['priorityClassName']) },
  { kind: 'IngressClass', refs: [{ path: 'spec/ingressClassName', kind: 'Ingress' }] },
];

/** The legacy sort's kinds that come first and last, in order. */
const ORDER_FIRST = [
  'Namespace', 'ResourceQuota', 'StorageClass', 'CustomResourceDefinition', 'ServiceAccount', 'PodSecurityPolicy', 'Role',
  'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'Endpoints', 'Service', 'LimitRange',
  'PriorityClass', 'PersistentVolume', 'PersistentVolumeClaim', 'Deployment', 'StatefulSet', 'CronJob', 'PodDisruptionBudget',
];
const ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

/** A kind's rank in the legacy order: negative for the first ones, 0 for any other, positive for the last. */
export function kindRank(kind: string): number {
  const first = ORDER_FIRST.indexOf(kind);
  if (first >= 0) return first - ORDER_FIRST.length;
  const last = ORDER_LAST.indexOf(kind);
  return last >= 0 ? last + 1 : 0;
}
