// The status types of the seeded kinds (Kubernetes v1.32, fields in Go order), and the enum values
// `explain` lists. Kinds refer to them as `~T` (see kinds.mjs): explain shows every field, while
// validation takes a status as it comes, as the API server does on writes that ignore it.

export const statuses = {
  // core/v1 Pod
  PodStatus: {
    phase: 'string', conditions: '[]PodCondition', message: 'string', reason: 'string', nominatedNodeName: 'string',
    hostIP: 'string', hostIPs: '[]HostIP', podIP: 'string', podIPs: '[]PodIP', startTime: 'time',
    initContainerStatuses: '[]ContainerStatus', containerStatuses: '[]ContainerStatus', qosClass: 'string',
    ephemeralContainerStatuses: '[]ContainerStatus', resize: 'string', resourceClaimStatuses: '[]PodResourceClaimStatus',
  },
  PodCondition: {
    type: '!string', status: '!string', lastProbeTime: 'time', lastTransitionTime: 'time', reason: 'string', message: 'string',
  },
  HostIP: { ip: '!string' },
  PodIP: { ip: '!string' },
  ContainerStatus: {
    name: '!string', state: 'ContainerState', lastState: 'ContainerState', ready: '!bool', restartCount: '!int32',
    image: '!string', imageID: '!string', containerID: 'string', started: 'bool',
    allocatedResources: 'map[string]quantity', resources: 'ResourceRequirements', volumeMounts: '[]VolumeMountStatus',
    user: 'ContainerUser', allocatedResourcesStatus: '[]ResourceStatus',
  },
  ContainerState: { waiting: 'ContainerStateWaiting', running: 'ContainerStateRunning', terminated: 'ContainerStateTerminated' },
  ContainerStateWaiting: { reason: 'string', message: 'string' },
  ContainerStateRunning: { startedAt: 'time' },
  ContainerStateTerminated: {
    exitCode: '!int32', signal: 'int32', reason: 'string', message: 'string', startedAt: 'time', finishedAt: 'time',
    containerID: 'string',
  },
  VolumeMountStatus: { name: '!string', mountPath: '!string', readOnly: 'bool', recursiveReadOnly: 'string' },
  ContainerUser: { linux: 'LinuxContainerUser' },
  LinuxContainerUser: { uid: '!int64', gid: '!int64', supplementalGroups: '[]int64' },
  ResourceStatus: { name: '!string', resources: '[]ResourceHealth' },
  ResourceHealth: { resourceID: '!string', health: 'string' },
  PodResourceClaimStatus: { name: '!string', resourceClaimName: 'string' },

  // core/v1 Node
  NodeStatus: {
    capacity: 'map[string]quantity', allocatable: 'map[string]quantity', phase: 'string', conditions: '[]NodeCondition',
    addresses: '[]NodeAddress', daemonEndpoints: 'NodeDaemonEndpoints', nodeInfo: 'NodeSystemInfo', images: '[]ContainerImage',
    volumesInUse: '[]string', volumesAttached: '[]AttachedVolume', config: 'NodeConfigStatus',
    runtimeHandlers: '[]NodeRuntimeHandler', features: 'NodeFeatures',
  },
  NodeCondition: {
    type: '!string', status: '!string', lastHeartbeatTime: 'time', lastTransitionTime: 'time', reason: 'string', message: 'string',
  },
  NodeAddress: { type: '!string', address: '!string' },
  NodeDaemonEndpoints: { kubeletEndpoint: 'DaemonEndpoint' },
  DaemonEndpoint: { Port: '!int32' },
  NodeSystemInfo: {
    machineID: '!string', systemUUID: '!string', bootID: '!string', kernelVersion: '!string', osImage: '!string',
    containerRuntimeVersion: '!string', kubeletVersion: '!string', kubeProxyVersion: '!string', operatingSystem: '!string',
    architecture: '!string',
  },
  ContainerImage: { names: '[]string', sizeBytes: 'int64' },
  AttachedVolume: { name: '!string', devicePath: '!string' },
  NodeConfigStatus: { assigned: 'NodeConfigSource', active: 'NodeConfigSource', lastKnownGood: 'NodeConfigSource', error: 'string' },
  NodeConfigSource: { configMap: 'ConfigMapNodeConfigSource' },
  ConfigMapNodeConfigSource: {
    namespace: '!string', name: '!string', uid: 'string', resourceVersion: 'string', kubeletConfigKey: '!string',
  },
  NodeRuntimeHandler: { name: 'string', features: 'NodeRuntimeHandlerFeatures' },
  NodeRuntimeHandlerFeatures: { recursiveReadOnlyMounts: 'bool', userNamespaces: 'bool' },
  NodeFeatures: { supplementalGroupsPolicy: 'bool' },

  // core/v1 Namespace and PersistentVolumeClaim
  NamespaceStatus: { phase: 'string', conditions: '[]NamespaceCondition' },
  NamespaceCondition: { type: '!string', status: '!string', lastTransitionTime: 'time', reason: 'string', message: 'string' },
  PersistentVolumeClaimStatus: {
    phase: 'string', accessModes: '[]string', capacity: 'map[string]quantity', conditions: '[]PersistentVolumeClaimCondition',
    allocatedResources: 'map[string]quantity', allocatedResourceStatuses: 'map[string]string',
    currentVolumeAttributesClassName: 'string', modifyVolumeStatus: 'ModifyVolumeStatus',
  },
  PersistentVolumeClaimCondition: {
    type: '!string', status: '!string', lastProbeTime: 'time', lastTransitionTime: 'time', reason: 'string', message: 'string',
  },
  ModifyVolumeStatus: { targetVolumeAttributesClassName: 'string', status: '!string' },

  // The deprecated volume sources a Volume can still name.
  QuobyteVolumeSource: {
    registry: '!string', volume: '!string', readOnly: 'bool', user: 'string', group: 'string', tenant: 'string',
  },
  PhotonPersistentDiskVolumeSource: { pdID: '!string', fsType: 'string' },
  PortworxVolumeSource: { volumeID: '!string', fsType: 'string', readOnly: 'bool' },
  ScaleIOVolumeSource: {
    gateway: '!string', system: '!string', secretRef: '!LocalObjectReference', sslEnabled: 'bool',
    protectionDomain: 'string', storagePool: 'string', storageMode: 'string', volumeName: 'string', fsType: 'string',
    readOnly: 'bool',
  },
  StorageOSVolumeSource: {
    volumeName: 'string', volumeNamespace: 'string', fsType: 'string', readOnly: 'bool', secretRef: 'LocalObjectReference',
  },

  // apps/v1
  DeploymentStatus: {
    observedGeneration: 'int64', replicas: 'int32', updatedReplicas: 'int32', readyReplicas: 'int32',
    availableReplicas: 'int32', unavailableReplicas: 'int32', conditions: '[]DeploymentCondition', collisionCount: 'int32',
  },
  DeploymentCondition: {
    type: '!string', status: '!string', lastUpdateTime: 'time', lastTransitionTime: 'time', reason: 'string', message: 'string',
  },
  ReplicaSetStatus: {
    replicas: '!int32', fullyLabeledReplicas: 'int32', readyReplicas: 'int32', availableReplicas: 'int32',
    observedGeneration: 'int64', conditions: '[]ReplicaSetCondition',
  },
  ReplicaSetCondition: { type: '!string', status: '!string', lastTransitionTime: 'time', reason: 'string', message: 'string' },
  StatefulSetStatus: {
    observedGeneration: 'int64', replicas: '!int32', readyReplicas: 'int32', currentReplicas: 'int32',
    updatedReplicas: 'int32', currentRevision: 'string', updateRevision: 'string', collisionCount: 'int32',
    conditions: '[]StatefulSetCondition', availableReplicas: 'int32',
  },
  StatefulSetCondition: { type: '!string', status: '!string', lastTransitionTime: 'time', reason: 'string', message: 'string' },
  DaemonSetStatus: {
    currentNumberScheduled: '!int32', numberMisscheduled: '!int32', desiredNumberScheduled: '!int32', numberReady: '!int32',
    observedGeneration: 'int64', updatedNumberScheduled: 'int32', numberAvailable: 'int32', numberUnavailable: 'int32',
    collisionCount: 'int32', conditions: '[]DaemonSetCondition',
  },
  DaemonSetCondition: { type: '!string', status: '!string', lastTransitionTime: 'time', reason: 'string', message: 'string' },

  // batch/v1
  JobStatus: {
    conditions: '[]JobCondition', startTime: 'time', completionTime: 'time', active: 'int32', succeeded: 'int32',
    failed: 'int32', terminating: 'int32', completedIndexes: 'string', failedIndexes: 'string',
    uncountedTerminatedPods: 'UncountedTerminatedPods', ready: 'int32',
  },
  JobCondition: {
    type: '!string', status: '!string', lastProbeTime: 'time', lastTransitionTime: 'time', reason: 'string', message: 'string',
  },
  UncountedTerminatedPods: { succeeded: '[]string', failed: '[]string' },
  CronJobStatus: { active: '[]ObjectReference', lastScheduleTime: 'time', lastSuccessfulTime: 'time' },

  // autoscaling/v2
  HorizontalPodAutoscalerStatusV2: {
    $go: 'v2.HorizontalPodAutoscalerStatus', observedGeneration: 'int64', lastScaleTime: 'time', currentReplicas: 'int32',
    desiredReplicas: '!int32', currentMetrics: '[]MetricStatus', conditions: '[]HorizontalPodAutoscalerCondition',
  },
  MetricStatus: {
    $go: 'v2.MetricStatus', type: '!string', object: 'ObjectMetricStatus', pods: 'PodsMetricStatus',
    resource: 'ResourceMetricStatus', containerResource: 'ContainerResourceMetricStatus', external: 'ExternalMetricStatus',
  },
  ObjectMetricStatus: {
    $go: 'v2.ObjectMetricStatus', metric: '!MetricIdentifier', current: '!MetricValueStatus',
    describedObject: '!CrossVersionObjectReferenceV2',
  },
  PodsMetricStatus: { $go: 'v2.PodsMetricStatus', metric: '!MetricIdentifier', current: '!MetricValueStatus' },
  ResourceMetricStatus: { $go: 'v2.ResourceMetricStatus', name: '!string', current: '!MetricValueStatus' },
  ContainerResourceMetricStatus: {
    $go: 'v2.ContainerResourceMetricStatus', name: '!string', current: '!MetricValueStatus', container: '!string',
  },
  ExternalMetricStatus: { $go: 'v2.ExternalMetricStatus', metric: '!MetricIdentifier', current: '!MetricValueStatus' },
  MetricValueStatus: { $go: 'v2.MetricValueStatus', value: 'quantity', averageValue: 'quantity', averageUtilization: 'int32' },
  HorizontalPodAutoscalerCondition: {
    $go: 'v2.HorizontalPodAutoscalerCondition', type: '!string', status: '!string', lastTransitionTime: 'time',
    reason: 'string', message: 'string',
  },

  // networking.k8s.io/v1
  IngressStatus: { loadBalancer: 'IngressLoadBalancerStatus' },
  IngressLoadBalancerStatus: { ingress: '[]IngressLoadBalancerIngress' },
  IngressLoadBalancerIngress: { ip: 'string', hostname: 'string', ports: '[]IngressPortStatus' },
  IngressPortStatus: { port: '!int32', protocol: '!string', error: 'string' },
};

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const PROFILE_TYPES = ['Localhost', 'RuntimeDefault', 'Unconfined'];
const EFFECTS = ['NoExecute', 'NoSchedule', 'PreferNoSchedule'];
const NODE_OPERATORS = ['DoesNotExist', 'Exists', 'Gt', 'In', 'Lt', 'NotIn'];
const UPDATE_STRATEGIES = ['OnDelete', 'RollingUpdate'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];

/** `Definition.field` -> the values the API accepts (string fields whose Go type is an enum in v1.32). */
export const enums = {
  'PodSpec.restartPolicy': ['Always', 'Never', 'OnFailure'],
  'PodSpec.dnsPolicy': ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'],
  'PodSpec.preemptionPolicy': ['Never', 'PreemptLowerPriority'],
  'PodSecurityContext.fsGroupChangePolicy': ['Always', 'OnRootMismatch'],
  'PodSecurityContext.supplementalGroupsPolicy': ['Merge', 'Strict'],
  'SecurityContext.procMount': ['Default', 'Unmasked'],
  'SeccompProfile.type': PROFILE_TYPES,
  'AppArmorProfile.type': PROFILE_TYPES,
  'Container.imagePullPolicy': PULL_POLICIES,
  'Container.terminationMessagePolicy': ['FallbackToLogsOnError', 'File'],
  'ContainerPort.protocol': PROTOCOLS,
  'VolumeMount.mountPropagation': ['Bidirectional', 'HostToContainer', 'None'],
  'HTTPGetAction.scheme': ['HTTP', 'HTTPS'],
  'NodeSelectorRequirement.operator': NODE_OPERATORS,
  'Toleration.operator': ['Equal', 'Exists'],
  'Toleration.effect': EFFECTS,
  'Taint.effect': EFFECTS,
  'TopologySpreadConstraint.whenUnsatisfiable': ['DoNotSchedule', 'ScheduleAnyway'],
  'TopologySpreadConstraint.nodeAffinityPolicy': ['Honor', 'Ignore'],
  'TopologySpreadConstraint.nodeTaintsPolicy': ['Honor', 'Ignore'],
  'HostPathVolumeSource.type': ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'],
  'ImageVolumeSource.pullPolicy': PULL_POLICIES,
  'PersistentVolumeClaimSpec.volumeMode': ['Block', 'Filesystem'],
  'PodStatus.phase': ['Failed', 'Pending', 'Running', 'Succeeded', 'Unknown'],
  'PodStatus.qosClass': ['BestEffort', 'Burstable', 'Guaranteed'],
  'NodeStatus.phase': ['Pending', 'Running', 'Terminated'],
  'NamespaceStatus.phase': ['Active', 'Terminating'],
  'PersistentVolumeClaimStatus.phase': ['Bound', 'Lost', 'Pending'],
  'ServiceSpec.type': ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'],
  'ServiceSpec.sessionAffinity': ['ClientIP', 'None'],
  'ServiceSpec.externalTrafficPolicy': TRAFFIC_POLICIES,
  'ServiceSpec.internalTrafficPolicy': TRAFFIC_POLICIES,
  'ServiceSpec.ipFamilyPolicy': ['PreferDualStack', 'RequireDualStack', 'SingleStack'],
  'ServicePort.protocol': PROTOCOLS,
  'EndpointPort.protocol': PROTOCOLS,
  'DeploymentStrategy.type': ['Recreate', 'RollingUpdate'],
  'StatefulSetSpec.podManagementPolicy': ['OrderedReady', 'Parallel'],
  'StatefulSetUpdateStrategy.type': UPDATE_STRATEGIES,
  'DaemonSetUpdateStrategy.type': UPDATE_STRATEGIES,
  'JobSpec.completionMode': ['Indexed', 'NonIndexed'],
  'JobSpec.podReplacementPolicy': ['Failed', 'TerminatingOrFailed'],
  'PodFailurePolicyRule.action': ['Count', 'FailIndex', 'FailJob', 'Ignore'],
  'PodFailurePolicyOnExitCodesRequirement.operator': ['In', 'NotIn'],
  'CronJobSpec.concurrencyPolicy': ['Allow', 'Forbid', 'Replace'],
  'HTTPIngressPath.pathType': ['Exact', 'ImplementationSpecific', 'Prefix'],
  'NetworkPolicyPort.protocol': PROTOCOLS,
  'EndpointSlice.addressType': ['FQDN', 'IPv4', 'IPv6'],
  'EndpointSlicePort.protocol': PROTOCOLS,
};
