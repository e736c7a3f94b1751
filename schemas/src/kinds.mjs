// Field lists of the non-core API groups and the top-level kinds (see core.mjs for the notation).

export const apis = {
  // apps/v1
  DeploymentSpec: {
    replicas: 'int32', selector: 'LabelSelector', template: 'PodTemplateSpec', strategy: 'DeploymentStrategy',
    minReadySeconds: 'int32', revisionHistoryLimit: 'int32', paused: 'bool', progressDeadlineSeconds: 'int32',
  },
  DeploymentStrategy: { type: 'string', rollingUpdate: 'RollingUpdateDeployment' },
  RollingUpdateDeployment: { maxUnavailable: 'intstr', maxSurge: 'intstr' },
  ReplicaSetSpec: { replicas: 'int32', minReadySeconds: 'int32', selector: 'LabelSelector', template: 'PodTemplateSpec' },
  StatefulSetSpec: {
    replicas: 'int32', selector: 'LabelSelector', template: 'PodTemplateSpec',
    volumeClaimTemplates: '[]PersistentVolumeClaim', serviceName: 'string', podManagementPolicy: 'string',
    updateStrategy: 'StatefulSetUpdateStrategy', revisionHistoryLimit: 'int32', minReadySeconds: 'int32',
    persistentVolumeClaimRetentionPolicy: 'StatefulSetPersistentVolumeClaimRetentionPolicy',
    ordinals: 'StatefulSetOrdinals',
  },
  StatefulSetUpdateStrategy: { type: 'string', rollingUpdate: 'RollingUpdateStatefulSetStrategy' },
  RollingUpdateStatefulSetStrategy: { partition: 'int32', maxUnavailable: 'intstr' },
  StatefulSetPersistentVolumeClaimRetentionPolicy: { whenDeleted: 'string', whenScaled: 'string' },
  StatefulSetOrdinals: { start: 'int32' },
  DaemonSetSpec: {
    selector: 'LabelSelector', template: 'PodTemplateSpec', updateStrategy: 'DaemonSetUpdateStrategy',
    minReadySeconds: 'int32', revisionHistoryLimit: 'int32',
  },
  DaemonSetUpdateStrategy: { type: 'string', rollingUpdate: 'RollingUpdateDaemonSet' },
  RollingUpdateDaemonSet: { maxUnavailable: 'intstr', maxSurge: 'intstr' },

  // batch/v1
  JobSpec: {
    parallelism: 'int32', completions: 'int32', activeDeadlineSeconds: 'int64', podFailurePolicy: 'PodFailurePolicy',
    successPolicy: 'SuccessPolicy', backoffLimit: 'int32', backoffLimitPerIndex: 'int32', maxFailedIndexes: 'int32',
    selector: 'LabelSelector', manualSelector: 'bool', template: 'PodTemplateSpec', ttlSecondsAfterFinished: 'int32',
    completionMode: 'string', suspend: 'bool', podReplacementPolicy: 'string', managedBy: 'string',
  },
  PodFailurePolicy: { rules: '[]PodFailurePolicyRule' },
  PodFailurePolicyRule: {
    action: '!string', onExitCodes: 'PodFailurePolicyOnExitCodesRequirement',
    onPodConditions: '[]PodFailurePolicyOnPodConditionsPattern',
  },
  PodFailurePolicyOnExitCodesRequirement: { containerName: 'string', operator: '!string', values: '[]int32' },
  PodFailurePolicyOnPodConditionsPattern: { type: '!string', status: 'string' },
  SuccessPolicy: { rules: '[]SuccessPolicyRule' },
  SuccessPolicyRule: { succeededIndexes: 'string', succeededCount: 'int32' },
  CronJobSpec: {
    schedule: '!string', timeZone: 'string', startingDeadlineSeconds: 'int64', concurrencyPolicy: 'string',
    suspend: 'bool', jobTemplate: 'JobTemplateSpec', successfulJobsHistoryLimit: 'int32', failedJobsHistoryLimit: 'int32',
  },
  JobTemplateSpec: { metadata: 'ObjectMeta', spec: 'JobSpec' },

  // autoscaling/v1 and v2
  CrossVersionObjectReference: { kind: '!string', name: '!string', apiVersion: 'string' },
  HorizontalPodAutoscalerSpecV1: {
    $go: 'v1.HorizontalPodAutoscalerSpec', scaleTargetRef: 'CrossVersionObjectReference', minReplicas: 'int32',
    maxReplicas: 'int32', targetCPUUtilizationPercentage: 'int32',
  },
  HorizontalPodAutoscalerSpecV2: {
    $go: 'v2.HorizontalPodAutoscalerSpec', scaleTargetRef: 'CrossVersionObjectReferenceV2', minReplicas: 'int32',
    maxReplicas: 'int32', metrics: '[]MetricSpec', behavior: 'HorizontalPodAutoscalerBehavior',
  },
  CrossVersionObjectReferenceV2: { $go: 'v2.CrossVersionObjectReference', kind: '!string', name: '!string', apiVersion: 'string' },
  MetricSpec: {
    $go: 'v2.MetricSpec', type: '!string', object: 'ObjectMetricSource', pods: 'PodsMetricSource',
    resource: 'ResourceMetricSource', containerResource: 'ContainerResourceMetricSource', external: 'ExternalMetricSource',
  },
  ObjectMetricSource: {
    $go: 'v2.ObjectMetricSource', describedObject: 'CrossVersionObjectReferenceV2', target: 'MetricTarget',
    metric: 'MetricIdentifier',
  },
  PodsMetricSource: { $go: 'v2.PodsMetricSource', metric: 'MetricIdentifier', target: 'MetricTarget' },
  ResourceMetricSource: { $go: 'v2.ResourceMetricSource', name: '!string', target: 'MetricTarget' },
  ContainerResourceMetricSource: {
    $go: 'v2.ContainerResourceMetricSource', name: '!string', target: 'MetricTarget', container: '!string',
  },
  ExternalMetricSource: { $go: 'v2.ExternalMetricSource', metric: 'MetricIdentifier', target: 'MetricTarget' },
  MetricIdentifier: { $go: 'v2.MetricIdentifier', name: '!string', selector: 'LabelSelector' },
  MetricTarget: {
    $go: 'v2.MetricTarget', type: '!string', value: 'quantity', averageValue: 'quantity', averageUtilization: 'int32',
  },
  HorizontalPodAutoscalerBehavior: {
    $go: 'v2.HorizontalPodAutoscalerBehavior', scaleUp: 'HPAScalingRules', scaleDown: 'HPAScalingRules',
  },
  HPAScalingRules: {
    $go: 'v2.HPAScalingRules', stabilizationWindowSeconds: 'int32', selectPolicy: 'string', policies: '[]HPAScalingPolicy',
  },
  HPAScalingPolicy: { $go: 'v2.HPAScalingPolicy', type: '!string', value: 'int32', periodSeconds: 'int32' },

  // networking.k8s.io/v1
  IngressSpec: {
    ingressClassName: 'string', defaultBackend: 'IngressBackend', tls: '[]IngressTLS', rules: '[]IngressRule',
  },
  IngressBackend: { service: 'IngressServiceBackend', resource: 'TypedLocalObjectReference' },
  IngressServiceBackend: { name: '!string', port: 'ServiceBackendPort' },
  ServiceBackendPort: { name: 'string', number: 'int32' },
  IngressTLS: { hosts: '[]string', secretName: 'string' },
  IngressRule: { host: 'string', http: 'HTTPIngressRuleValue' },
  HTTPIngressRuleValue: { paths: '[]HTTPIngressPath' },
  HTTPIngressPath: { path: 'string', pathType: 'string', backend: 'IngressBackend' },
  IngressClassSpec: { controller: 'string', parameters: 'IngressClassParametersReference' },
  IngressClassParametersReference: {
    apiGroup: 'string', kind: '!string', name: '!string', scope: 'string', namespace: 'string',
  },
  NetworkPolicySpec: {
    podSelector: 'LabelSelector', ingress: '[]NetworkPolicyIngressRule', egress: '[]NetworkPolicyEgressRule',
    policyTypes: '[]string',
  },
  NetworkPolicyIngressRule: { ports: '[]NetworkPolicyPort', from: '[]NetworkPolicyPeer' },
  NetworkPolicyEgressRule: { ports: '[]NetworkPolicyPort', to: '[]NetworkPolicyPeer' },
  NetworkPolicyPort: { protocol: 'string', port: 'intstr', endPort: 'int32' },
  NetworkPolicyPeer: { podSelector: 'LabelSelector', namespaceSelector: 'LabelSelector', ipBlock: 'IPBlock' },
  IPBlock: { cidr: '!string', except: '[]string' },

  // policy/v1
  PodDisruptionBudgetSpec: {
    minAvailable: 'intstr', selector: 'LabelSelector', maxUnavailable: 'intstr', unhealthyPodEvictionPolicy: 'string',
  },

  // rbac.authorization.k8s.io/v1
  PolicyRule: {
    verbs: '[]string', apiGroups: '[]string', resources: '[]string', resourceNames: '[]string',
    nonResourceURLs: '[]string',
  },
  AggregationRule: { clusterRoleSelectors: '[]LabelSelector' },
  Subject: { kind: '!string', apiGroup: 'string', name: '!string', namespace: 'string' },
  RoleRef: { apiGroup: 'string', kind: '!string', name: '!string' },

  // storage.k8s.io/v1
  TopologySelectorTerm: { matchLabelExpressions: '[]TopologySelectorLabelRequirement' },
  TopologySelectorLabelRequirement: { key: '!string', values: '[]string' },

  // coordination.k8s.io/v1
  LeaseSpec: {
    holderIdentity: 'string', leaseDurationSeconds: 'int32', acquireTime: 'microtime', renewTime: 'microtime',
    leaseTransitions: 'int32', strategy: 'string', preferredHolder: 'string',
  },

  // discovery.k8s.io/v1
  Endpoint: {
    addresses: '[]string', conditions: 'EndpointConditions', hostname: 'string', targetRef: 'ObjectReference',
    deprecatedTopology: 'map[string]string', nodeName: 'string', zone: 'string', hints: 'EndpointHints',
  },
  EndpointConditions: { ready: 'bool', serving: 'bool', terminating: 'bool' },
  EndpointHints: { forZones: '[]ForZone' },
  ForZone: { name: '!string' },
  EndpointSlicePort: { $go: 'v1.EndpointPort', name: 'string', protocol: 'string', port: 'int32', appProtocol: 'string' },

  // apiregistration.k8s.io/v1
  APIServiceSpec: {
    service: 'ServiceReference', group: 'string', version: 'string', insecureSkipTLSVerify: 'bool', caBundle: 'bytes',
    groupPriorityMinimum: 'int32', versionPriority: 'int32',
  },
  ServiceReference: { namespace: 'string', name: 'string', port: 'int32' },

  // admissionregistration.k8s.io/v1
  ValidatingWebhook: {
    name: '!string', clientConfig: 'WebhookClientConfig', rules: '[]RuleWithOperations', failurePolicy: 'string',
    matchPolicy: 'string', namespaceSelector: 'LabelSelector', objectSelector: 'LabelSelector', sideEffects: 'string',
    timeoutSeconds: 'int32', admissionReviewVersions: '[]string', matchConditions: '[]MatchCondition',
  },
  MutatingWebhook: {
    $extends: 'ValidatingWebhook', reinvocationPolicy: 'string',
  },
  WebhookClientConfig: { url: 'string', service: 'WebhookServiceReference', caBundle: 'bytes' },
  WebhookServiceReference: { $go: 'v1.ServiceReference', namespace: '!string', name: '!string', path: 'string', port: 'int32' },
  RuleWithOperations: {
    operations: '[]string', apiGroups: '[]string', apiVersions: '[]string', resources: '[]string', scope: 'string',
  },
  MatchCondition: { name: '!string', expression: '!string' },

  // apiextensions.k8s.io/v1 (schemas inside are free-form JSONSchemaProps)
  CustomResourceDefinitionSpec: {
    group: '!string', names: 'CustomResourceDefinitionNames', scope: '!string',
    versions: '[]CustomResourceDefinitionVersion', conversion: 'any', preserveUnknownFields: 'bool',
  },
  CustomResourceDefinitionNames: {
    plural: '!string', singular: 'string', shortNames: '[]string', kind: '!string', listKind: 'string',
    categories: '[]string',
  },
  CustomResourceDefinitionVersion: {
    name: '!string', served: 'bool', storage: 'bool', deprecated: 'bool', deprecationWarning: 'string',
    schema: 'any', subresources: 'any', additionalPrinterColumns: 'any', selectableFields: 'any',
  },
};

const typed = (spec) => ({ metadata: 'ObjectMeta', ...spec });

/**
 * Every kind that gets its own schema file: [file name, apiVersion, kind, Go package, fields].
 * apiVersion and kind are implicit on every kind.
 */
export const kinds = [
  ['Namespace', 'v1', 'Namespace', 'v1', typed({ spec: { $inline: 'NamespaceSpec', finalizers: '[]string' }, status: '~NamespaceStatus' })],
  ['Node', 'v1', 'Node', 'v1', typed({ spec: 'NodeSpec', status: '~NodeStatus' })],
  ['Pod', 'v1', 'Pod', 'v1', typed({ spec: 'PodSpec', status: '~PodStatus' })],
  ['Service', 'v1', 'Service', 'v1', typed({ spec: 'ServiceSpec', status: 'ServiceStatus' })],
  ['Endpoints', 'v1', 'Endpoints', 'v1', typed({ subsets: '[]EndpointSubset' })],
  ['ConfigMap', 'v1', 'ConfigMap', 'v1', typed({ data: 'map[string]string', binaryData: 'map[string]bytes', immutable: 'bool' })],
  ['Secret', 'v1', 'Secret', 'v1', typed({ data: 'map[string]bytes', stringData: 'map[string]string', type: 'string', immutable: 'bool' })],
  ['ServiceAccount', 'v1', 'ServiceAccount', 'v1', typed({ secrets: '[]ObjectReference', imagePullSecrets: '[]LocalObjectReference', automountServiceAccountToken: 'bool' })],
  ['Event', 'v1', 'Event', 'v1', typed({
    involvedObject: 'ObjectReference', reason: 'string', message: 'string', source: 'EventSource', firstTimestamp: 'time',
    lastTimestamp: 'time', count: 'int32', type: 'string', eventTime: 'microtime', series: 'EventSeries', action: 'string',
    related: 'ObjectReference', reportingComponent: 'string', reportingInstance: 'string',
  })],
  ['Event.events.k8s.io', 'events.k8s.io/v1', 'Event', 'v1', typed({
    eventTime: 'microtime', series: 'EventSeries', reportingController: 'string', reportingInstance: 'string', action: 'string',
    reason: 'string', regarding: 'ObjectReference', related: 'ObjectReference', note: 'string', type: 'string',
    deprecatedSource: 'EventSource', deprecatedFirstTimestamp: 'time', deprecatedLastTimestamp: 'time', deprecatedCount: 'int32',
  })],
  ['ReplicationController', 'v1', 'ReplicationController', 'v1', typed({ spec: 'ReplicationControllerSpec', status: 'any' })],
  ['PersistentVolume', 'v1', 'PersistentVolume', 'v1', typed({ spec: 'PersistentVolumeSpec', status: 'any' })],
  ['PersistentVolumeClaim', 'v1', 'PersistentVolumeClaim', 'v1', typed({ spec: 'PersistentVolumeClaimSpec', status: '~PersistentVolumeClaimStatus' })],
  ['ResourceQuota', 'v1', 'ResourceQuota', 'v1', typed({ spec: 'ResourceQuotaSpec', status: 'any' })],
  ['LimitRange', 'v1', 'LimitRange', 'v1', typed({ spec: 'LimitRangeSpec' })],
  ['PodTemplate', 'v1', 'PodTemplate', 'v1', typed({ template: 'PodTemplateSpec' })],
  ['Deployment', 'apps/v1', 'Deployment', 'v1', typed({ spec: 'DeploymentSpec', status: '~DeploymentStatus' })],
  ['ReplicaSet', 'apps/v1', 'ReplicaSet', 'v1', typed({ spec: 'ReplicaSetSpec', status: '~ReplicaSetStatus' })],
  ['StatefulSet', 'apps/v1', 'StatefulSet', 'v1', typed({ spec: 'StatefulSetSpec', status: '~StatefulSetStatus' })],
  ['DaemonSet', 'apps/v1', 'DaemonSet', 'v1', typed({ spec: 'DaemonSetSpec', status: '~DaemonSetStatus' })],
  ['ControllerRevision', 'apps/v1', 'ControllerRevision', 'v1', typed({ data: 'any', revision: 'int64' })],
  ['Job', 'batch/v1', 'Job', 'v1', typed({ spec: 'JobSpec', status: '~JobStatus' })],
  ['CronJob', 'batch/v1', 'CronJob', 'v1', typed({ spec: 'CronJobSpec', status: '~CronJobStatus' })],
  ['HorizontalPodAutoscaler.v1', 'autoscaling/v1', 'HorizontalPodAutoscaler', 'v1', typed({ spec: 'HorizontalPodAutoscalerSpecV1', status: 'any' })],
  ['HorizontalPodAutoscaler.v2', 'autoscaling/v2', 'HorizontalPodAutoscaler', 'v2', typed({ spec: 'HorizontalPodAutoscalerSpecV2', status: '~HorizontalPodAutoscalerStatusV2' })],
  ['Ingress', 'networking.k8s.io/v1', 'Ingress', 'v1', typed({ spec: 'IngressSpec', status: '~IngressStatus' })],
  ['IngressClass', 'networking.k8s.io/v1', 'IngressClass', 'v1', typed({ spec: 'IngressClassSpec' })],
  ['NetworkPolicy', 'networking.k8s.io/v1', 'NetworkPolicy', 'v1', typed({ spec: 'NetworkPolicySpec' })],
  ['PodDisruptionBudget', 'policy/v1', 'PodDisruptionBudget', 'v1', typed({ spec: 'PodDisruptionBudgetSpec', status: 'any' })],
  ['Role', 'rbac.authorization.k8s.io/v1', 'Role', 'v1', typed({ rules: '[]PolicyRule' })],
  ['ClusterRole', 'rbac.authorization.k8s.io/v1', 'ClusterRole', 'v1', typed({ rules: '[]PolicyRule', aggregationRule: 'AggregationRule' })],
  ['RoleBinding', 'rbac.authorization.k8s.io/v1', 'RoleBinding', 'v1', typed({ subjects: '[]Subject', roleRef: 'RoleRef' })],
  ['ClusterRoleBinding', 'rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'v1', typed({ subjects: '[]Subject', roleRef: 'RoleRef' })],
  ['StorageClass', 'storage.k8s.io/v1', 'StorageClass', 'v1', typed({
    provisioner: '!string', parameters: 'map[string]string', reclaimPolicy: 'string', mountOptions: '[]string',
    allowVolumeExpansion: 'bool', volumeBindingMode: 'string', allowedTopologies: '[]TopologySelectorTerm',
  })],
  ['PriorityClass', 'scheduling.k8s.io/v1', 'PriorityClass', 'v1', typed({
    value: 'int32', globalDefault: 'bool', description: 'string', preemptionPolicy: 'string',
  })],
  ['Lease', 'coordination.k8s.io/v1', 'Lease', 'v1', typed({ spec: 'LeaseSpec' })],
  ['EndpointSlice', 'discovery.k8s.io/v1', 'EndpointSlice', 'v1', typed({
    addressType: '!string', endpoints: '[]Endpoint', ports: '[]EndpointSlicePort',
  })],
  ['CustomResourceDefinition', 'apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'v1', typed({ spec: 'CustomResourceDefinitionSpec', status: 'any' })],
  ['APIService', 'apiregistration.k8s.io/v1', 'APIService', 'v1', typed({ spec: 'APIServiceSpec', status: 'any' })],
  ['ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', 'v1', typed({ webhooks: '[]ValidatingWebhook' })],
  ['MutatingWebhookConfiguration', 'admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', 'v1', typed({ webhooks: '[]MutatingWebhook' })],
];
