// Compact field lists of Kubernetes v1.32 API types (core/v1 and meta/v1), written for kubectl-lite.
// Notation: each definition maps JSON field name -> type. Types: string, int32, int64, float64, bool,
// bytes (base64 string), quantity, intstr, time, any (free-form JSON), object (free-form map),
// []T (list), map[string]T (map), or a definition name. A leading '!' marks a field the API server
// requires (reported as `Required value`, not as a decoding error). `$go` names the Go type.

export const meta = {
  ObjectMeta: {
    name: 'string', generateName: 'string', namespace: 'string', selfLink: 'string', uid: 'string',
    resourceVersion: 'string', generation: 'int64', creationTimestamp: 'time', deletionTimestamp: 'time',
    deletionGracePeriodSeconds: 'int64', labels: 'map[string]string', annotations: 'map[string]string',
    ownerReferences: '[]OwnerReference', finalizers: '[]string', managedFields: '[]ManagedFieldsEntry',
  },
  OwnerReference: {
    apiVersion: '!string', kind: '!string', name: '!string', uid: '!string', controller: 'bool', blockOwnerDeletion: 'bool',
  },
  ManagedFieldsEntry: {
    manager: 'string', operation: 'string', apiVersion: 'string', time: 'time', fieldsType: 'string',
    fieldsV1: 'object', subresource: 'string',
  },
  ListMeta: { selfLink: 'string', resourceVersion: 'string', continue: 'string', remainingItemCount: 'int64' },
  LabelSelector: { matchLabels: 'map[string]string', matchExpressions: '[]LabelSelectorRequirement' },
  LabelSelectorRequirement: { key: '!string', operator: '!string', values: '[]string' },
  Condition: {
    type: 'string', status: 'string', observedGeneration: 'int64', lastTransitionTime: 'time', reason: 'string', message: 'string',
  },
};

const probeHandlers = {
  exec: 'ExecAction', httpGet: 'HTTPGetAction', tcpSocket: 'TCPSocketAction', grpc: 'GRPCAction',
};

export const core = {
  ObjectReference: {
    kind: 'string', namespace: 'string', name: 'string', uid: 'string', apiVersion: 'string',
    resourceVersion: 'string', fieldPath: 'string',
  },
  LocalObjectReference: { name: 'string' },
  TypedLocalObjectReference: { apiGroup: 'string', kind: '!string', name: '!string' },
  TypedObjectReference: { apiGroup: 'string', kind: '!string', name: '!string', namespace: 'string' },
  SecretReference: { name: 'string', namespace: 'string' },

  PodTemplateSpec: { metadata: 'ObjectMeta', spec: 'PodSpec' },
  PodSpec: {
    volumes: '[]Volume', initContainers: '[]Container', containers: '[]Container',
    ephemeralContainers: '[]EphemeralContainer', restartPolicy: 'string', terminationGracePeriodSeconds: 'int64',
    activeDeadlineSeconds: 'int64', dnsPolicy: 'string', nodeSelector: 'map[string]string',
    serviceAccountName: 'string', serviceAccount: 'string', automountServiceAccountToken: 'bool', nodeName: 'string',
    hostNetwork: 'bool', hostPID: 'bool', hostIPC: 'bool', shareProcessNamespace: 'bool',
    securityContext: 'PodSecurityContext', imagePullSecrets: '[]LocalObjectReference', hostname: 'string',
    subdomain: 'string', affinity: 'Affinity', schedulerName: 'string', tolerations: '[]Toleration',
    hostAliases: '[]HostAlias', priorityClassName: 'string', priority: 'int32', dnsConfig: 'PodDNSConfig',
    readinessGates: '[]PodReadinessGate', runtimeClassName: 'string', enableServiceLinks: 'bool',
    preemptionPolicy: 'string', overhead: 'map[string]quantity', topologySpreadConstraints: '[]TopologySpreadConstraint',
    setHostnameAsFQDN: 'bool', os: 'PodOS', hostUsers: 'bool', schedulingGates: '[]PodSchedulingGate',
    resourceClaims: '[]PodResourceClaim', resources: 'ResourceRequirements',
  },
  PodOS: { name: '!string' },
  PodSchedulingGate: { name: '!string' },
  PodResourceClaim: { name: '!string', resourceClaimName: 'string', resourceClaimTemplateName: 'string' },
  PodReadinessGate: { conditionType: '!string' },
  HostAlias: { ip: 'string', hostnames: '[]string' },
  PodDNSConfig: { nameservers: '[]string', searches: '[]string', options: '[]PodDNSConfigOption' },
  PodDNSConfigOption: { name: 'string', value: 'string' },
  PodSecurityContext: {
    seLinuxOptions: 'SELinuxOptions', windowsOptions: 'WindowsSecurityContextOptions', runAsUser: 'int64',
    runAsGroup: 'int64', runAsNonRoot: 'bool', supplementalGroups: '[]int64', supplementalGroupsPolicy: 'string',
    fsGroup: 'int64', sysctls: '[]Sysctl', fsGroupChangePolicy: 'string', seccompProfile: 'SeccompProfile',
    appArmorProfile: 'AppArmorProfile', seLinuxChangePolicy: 'string',
  },
  SELinuxOptions: { user: 'string', role: 'string', type: 'string', level: 'string' },
  WindowsSecurityContextOptions: {
    gmsaCredentialSpecName: 'string', gmsaCredentialSpec: 'string', runAsUserName: 'string', hostProcess: 'bool',
  },
  Sysctl: { name: '!string', value: 'string' },
  SeccompProfile: { type: '!string', localhostProfile: 'string' },
  AppArmorProfile: { type: '!string', localhostProfile: 'string' },
  SecurityContext: {
    capabilities: 'Capabilities', privileged: 'bool', seLinuxOptions: 'SELinuxOptions',
    windowsOptions: 'WindowsSecurityContextOptions', runAsUser: 'int64', runAsGroup: 'int64', runAsNonRoot: 'bool',
    readOnlyRootFilesystem: 'bool', allowPrivilegeEscalation: 'bool', procMount: 'string',
    seccompProfile: 'SeccompProfile', appArmorProfile: 'AppArmorProfile',
  },
  Capabilities: { add: '[]string', drop: '[]string' },

  Container: {
    name: '!string', image: 'string', command: '[]string', args: '[]string', workingDir: 'string',
    ports: '[]ContainerPort', envFrom: '[]EnvFromSource', env: '[]EnvVar', resources: 'ResourceRequirements',
    resizePolicy: '[]ContainerResizePolicy', restartPolicy: 'string', volumeMounts: '[]VolumeMount',
    volumeDevices: '[]VolumeDevice', livenessProbe: 'Probe', readinessProbe: 'Probe', startupProbe: 'Probe',
    lifecycle: 'Lifecycle', terminationMessagePath: 'string', terminationMessagePolicy: 'string',
    imagePullPolicy: 'string', securityContext: 'SecurityContext', stdin: 'bool', stdinOnce: 'bool', tty: 'bool',
  },
  ContainerPort: { name: 'string', hostPort: 'int32', containerPort: 'int32', protocol: 'string', hostIP: 'string' },
  ContainerResizePolicy: { resourceName: '!string', restartPolicy: '!string' },
  EnvFromSource: { prefix: 'string', configMapRef: 'ConfigMapEnvSource', secretRef: 'SecretEnvSource' },
  ConfigMapEnvSource: { name: '!string', optional: 'bool' },
  SecretEnvSource: { name: '!string', optional: 'bool' },
  EnvVar: { name: '!string', value: 'string', valueFrom: 'EnvVarSource' },
  EnvVarSource: {
    fieldRef: 'ObjectFieldSelector', resourceFieldRef: 'ResourceFieldSelector',
    configMapKeyRef: 'ConfigMapKeySelector', secretKeyRef: 'SecretKeySelector',
  },
  ObjectFieldSelector: { apiVersion: 'string', fieldPath: '!string' },
  ResourceFieldSelector: { containerName: 'string', resource: '!string', divisor: 'quantity' },
  ConfigMapKeySelector: { name: '!string', key: '!string', optional: 'bool' },
  SecretKeySelector: { name: '!string', key: '!string', optional: 'bool' },
  ResourceRequirements: { limits: 'map[string]quantity', requests: 'map[string]quantity', claims: '[]ResourceClaim' },
  ResourceClaim: { name: '!string', request: 'string' },
  VolumeMount: {
    name: '!string', readOnly: 'bool', recursiveReadOnly: 'string', mountPath: '!string', subPath: 'string',
    mountPropagation: 'string', subPathExpr: 'string',
  },
  VolumeDevice: { name: '!string', devicePath: '!string' },
  Probe: {
    ...probeHandlers, initialDelaySeconds: 'int32', timeoutSeconds: 'int32', periodSeconds: 'int32',
    successThreshold: 'int32', failureThreshold: 'int32', terminationGracePeriodSeconds: 'int64',
  },
  ExecAction: { command: '[]string' },
  HTTPGetAction: { path: 'string', port: 'intstr', host: 'string', scheme: 'string', httpHeaders: '[]HTTPHeader' },
  HTTPHeader: { name: '!string', value: 'string' },
  TCPSocketAction: { port: 'intstr', host: 'string' },
  GRPCAction: { port: 'int32', service: 'string' },
  Lifecycle: { postStart: 'LifecycleHandler', preStop: 'LifecycleHandler' },
  LifecycleHandler: { exec: 'ExecAction', httpGet: 'HTTPGetAction', tcpSocket: 'TCPSocketAction', sleep: 'SleepAction' },
  SleepAction: { seconds: 'int64' },
  EphemeralContainer: {
    $extends: 'Container', targetContainerName: 'string',
  },

  Affinity: { nodeAffinity: 'NodeAffinity', podAffinity: 'PodAffinity', podAntiAffinity: 'PodAntiAffinity' },
  NodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: 'NodeSelector',
    preferredDuringSchedulingIgnoredDuringExecution: '[]PreferredSchedulingTerm',
  },
  NodeSelector: { nodeSelectorTerms: '[]NodeSelectorTerm' },
  NodeSelectorTerm: { matchExpressions: '[]NodeSelectorRequirement', matchFields: '[]NodeSelectorRequirement' },
  NodeSelectorRequirement: { key: '!string', operator: '!string', values: '[]string' },
  PreferredSchedulingTerm: { weight: 'int32', preference: 'NodeSelectorTerm' },
  PodAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: '[]PodAffinityTerm',
    preferredDuringSchedulingIgnoredDuringExecution: '[]WeightedPodAffinityTerm',
  },
  PodAntiAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: '[]PodAffinityTerm',
    preferredDuringSchedulingIgnoredDuringExecution: '[]WeightedPodAffinityTerm',
  },
  PodAffinityTerm: {
    labelSelector: 'LabelSelector', namespaces: '[]string', topologyKey: 'string', namespaceSelector: 'LabelSelector',
    matchLabelKeys: '[]string', mismatchLabelKeys: '[]string',
  },
  WeightedPodAffinityTerm: { weight: 'int32', podAffinityTerm: 'PodAffinityTerm' },
  Toleration: { key: 'string', operator: 'string', value: 'string', effect: 'string', tolerationSeconds: 'int64' },
  TopologySpreadConstraint: {
    maxSkew: 'int32', topologyKey: '!string', whenUnsatisfiable: '!string', labelSelector: 'LabelSelector',
    minDomains: 'int32', nodeAffinityPolicy: 'string', nodeTaintsPolicy: 'string', matchLabelKeys: '[]string',
  },

  Volume: {
    name: '!string', hostPath: 'HostPathVolumeSource', emptyDir: 'EmptyDirVolumeSource',
    gcePersistentDisk: 'GCEPersistentDiskVolumeSource', awsElasticBlockStore: 'AWSElasticBlockStoreVolumeSource',
    gitRepo: 'GitRepoVolumeSource', secret: 'SecretVolumeSource', nfs: 'NFSVolumeSource', iscsi: 'ISCSIVolumeSource',
    glusterfs: 'GlusterfsVolumeSource', persistentVolumeClaim: 'PersistentVolumeClaimVolumeSource',
    rbd: 'RBDVolumeSource', flexVolume: 'FlexVolumeSource', cinder: 'CinderVolumeSource', cephfs: 'CephFSVolumeSource',
    flocker: 'FlockerVolumeSource', downwardAPI: 'DownwardAPIVolumeSource', fc: 'FCVolumeSource',
    azureFile: 'AzureFileVolumeSource', configMap: 'ConfigMapVolumeSource', vsphereVolume: 'VsphereVirtualDiskVolumeSource',
    quobyte: 'any', azureDisk: 'AzureDiskVolumeSource', photonPersistentDisk: 'any', projected: 'ProjectedVolumeSource',
    portworxVolume: 'any', scaleIO: 'any', storageos: 'any', csi: 'CSIVolumeSource', ephemeral: 'EphemeralVolumeSource',
    image: 'ImageVolumeSource',
  },
  HostPathVolumeSource: { path: '!string', type: 'string' },
  EmptyDirVolumeSource: { medium: 'string', sizeLimit: 'quantity' },
  GCEPersistentDiskVolumeSource: { pdName: '!string', fsType: 'string', partition: 'int32', readOnly: 'bool' },
  AWSElasticBlockStoreVolumeSource: { volumeID: '!string', fsType: 'string', partition: 'int32', readOnly: 'bool' },
  GitRepoVolumeSource: { repository: '!string', revision: 'string', directory: 'string' },
  SecretVolumeSource: { secretName: 'string', items: '[]KeyToPath', defaultMode: 'int32', optional: 'bool' },
  KeyToPath: { key: '!string', path: '!string', mode: 'int32' },
  NFSVolumeSource: { server: '!string', path: '!string', readOnly: 'bool' },
  ISCSIVolumeSource: {
    targetPortal: '!string', iqn: '!string', lun: 'int32', iscsiInterface: 'string', fsType: 'string', readOnly: 'bool',
    portals: '[]string', chapAuthDiscovery: 'bool', chapAuthSession: 'bool', secretRef: 'LocalObjectReference',
    initiatorName: 'string',
  },
  GlusterfsVolumeSource: { endpoints: '!string', path: '!string', readOnly: 'bool' },
  PersistentVolumeClaimVolumeSource: { claimName: '!string', readOnly: 'bool' },
  RBDVolumeSource: {
    monitors: '[]string', image: '!string', fsType: 'string', pool: 'string', user: 'string', keyring: 'string',
    secretRef: 'LocalObjectReference', readOnly: 'bool',
  },
  FlexVolumeSource: {
    driver: '!string', fsType: 'string', secretRef: 'LocalObjectReference', readOnly: 'bool', options: 'map[string]string',
  },
  CinderVolumeSource: { volumeID: '!string', fsType: 'string', readOnly: 'bool', secretRef: 'LocalObjectReference' },
  CephFSVolumeSource: {
    monitors: '[]string', path: 'string', user: 'string', secretFile: 'string', secretRef: 'LocalObjectReference',
    readOnly: 'bool',
  },
  FlockerVolumeSource: { datasetName: 'string', datasetUUID: 'string' },
  DownwardAPIVolumeSource: { items: '[]DownwardAPIVolumeFile', defaultMode: 'int32' },
  DownwardAPIVolumeFile: {
    path: '!string', fieldRef: 'ObjectFieldSelector', resourceFieldRef: 'ResourceFieldSelector', mode: 'int32',
  },
  FCVolumeSource: { targetWWNs: '[]string', lun: 'int32', fsType: 'string', readOnly: 'bool', wwids: '[]string' },
  AzureFileVolumeSource: { secretName: '!string', shareName: '!string', readOnly: 'bool' },
  AzureDiskVolumeSource: {
    diskName: '!string', diskURI: '!string', cachingMode: 'string', fsType: 'string', readOnly: 'bool', kind: 'string',
  },
  VsphereVirtualDiskVolumeSource: {
    volumePath: '!string', fsType: 'string', storagePolicyName: 'string', storagePolicyID: 'string',
  },
  ConfigMapVolumeSource: { name: 'string', items: '[]KeyToPath', defaultMode: 'int32', optional: 'bool' },
  ProjectedVolumeSource: { sources: '[]VolumeProjection', defaultMode: 'int32' },
  VolumeProjection: {
    secret: 'SecretProjection', downwardAPI: 'DownwardAPIProjection', configMap: 'ConfigMapProjection',
    serviceAccountToken: 'ServiceAccountTokenProjection', clusterTrustBundle: 'ClusterTrustBundleProjection',
  },
  SecretProjection: { name: 'string', items: '[]KeyToPath', optional: 'bool' },
  ConfigMapProjection: { name: 'string', items: '[]KeyToPath', optional: 'bool' },
  DownwardAPIProjection: { items: '[]DownwardAPIVolumeFile' },
  ServiceAccountTokenProjection: { audience: 'string', expirationSeconds: 'int64', path: '!string' },
  ClusterTrustBundleProjection: {
    name: 'string', signerName: 'string', labelSelector: 'LabelSelector', optional: 'bool', path: '!string',
  },
  CSIVolumeSource: {
    driver: '!string', readOnly: 'bool', fsType: 'string', volumeAttributes: 'map[string]string',
    nodePublishSecretRef: 'LocalObjectReference',
  },
  EphemeralVolumeSource: { volumeClaimTemplate: 'PersistentVolumeClaimTemplate' },
  PersistentVolumeClaimTemplate: { metadata: 'ObjectMeta', spec: 'PersistentVolumeClaimSpec' },
  ImageVolumeSource: { reference: 'string', pullPolicy: 'string' },

  PersistentVolumeClaimSpec: {
    accessModes: '[]string', selector: 'LabelSelector', resources: 'VolumeResourceRequirements', volumeName: 'string',
    storageClassName: 'string', volumeMode: 'string', dataSource: 'TypedLocalObjectReference',
    dataSourceRef: 'TypedObjectReference', volumeAttributesClassName: 'string',
  },
  VolumeResourceRequirements: { limits: 'map[string]quantity', requests: 'map[string]quantity' },
  // The element of StatefulSet volumeClaimTemplates: a full object, TypeMeta included.
  PersistentVolumeClaim: { apiVersion: 'string', kind: 'string', metadata: 'ObjectMeta', spec: 'PersistentVolumeClaimSpec', status: 'any' },
  PersistentVolumeSpec: {
    capacity: 'map[string]quantity', hostPath: 'HostPathVolumeSource', gcePersistentDisk: 'GCEPersistentDiskVolumeSource',
    awsElasticBlockStore: 'AWSElasticBlockStoreVolumeSource', nfs: 'NFSVolumeSource', iscsi: 'any', glusterfs: 'any',
    rbd: 'any', flexVolume: 'any', cinder: 'any', cephfs: 'any', flocker: 'FlockerVolumeSource', fc: 'FCVolumeSource',
    azureFile: 'any', azureDisk: 'AzureDiskVolumeSource', vsphereVolume: 'VsphereVirtualDiskVolumeSource', quobyte: 'any',
    photonPersistentDisk: 'any', portworxVolume: 'any', scaleIO: 'any', local: 'LocalVolumeSource', storageos: 'any',
    csi: 'CSIPersistentVolumeSource', accessModes: '[]string', claimRef: 'ObjectReference',
    persistentVolumeReclaimPolicy: 'string', storageClassName: 'string', mountOptions: '[]string', volumeMode: 'string',
    nodeAffinity: 'VolumeNodeAffinity', volumeAttributesClassName: 'string',
  },
  LocalVolumeSource: { path: '!string', fsType: 'string' },
  VolumeNodeAffinity: { required: 'NodeSelector' },
  CSIPersistentVolumeSource: {
    driver: '!string', volumeHandle: '!string', readOnly: 'bool', fsType: 'string', volumeAttributes: 'map[string]string',
    controllerPublishSecretRef: 'SecretReference', nodeStageSecretRef: 'SecretReference',
    nodePublishSecretRef: 'SecretReference', controllerExpandSecretRef: 'SecretReference',
    nodeExpandSecretRef: 'SecretReference',
  },

  ServiceSpec: {
    ports: '[]ServicePort', selector: 'map[string]string', clusterIP: 'string', clusterIPs: '[]string', type: 'string',
    externalIPs: '[]string', sessionAffinity: 'string', loadBalancerIP: 'string', loadBalancerSourceRanges: '[]string',
    externalName: 'string', externalTrafficPolicy: 'string', healthCheckNodePort: 'int32',
    publishNotReadyAddresses: 'bool', sessionAffinityConfig: 'SessionAffinityConfig', ipFamilies: '[]string',
    ipFamilyPolicy: 'string', allocateLoadBalancerNodePorts: 'bool', loadBalancerClass: 'string',
    internalTrafficPolicy: 'string', trafficDistribution: 'string',
  },
  ServicePort: {
    name: 'string', protocol: 'string', appProtocol: 'string', port: 'int32', targetPort: 'intstr', nodePort: 'int32',
  },
  SessionAffinityConfig: { clientIP: 'ClientIPConfig' },
  ClientIPConfig: { timeoutSeconds: 'int32' },
  ServiceStatus: { loadBalancer: 'LoadBalancerStatus', conditions: '[]Condition' },
  LoadBalancerStatus: { ingress: '[]LoadBalancerIngress' },
  LoadBalancerIngress: { ip: 'string', hostname: 'string', ipMode: 'string', ports: '[]PortStatus' },
  PortStatus: { port: 'int32', protocol: 'string', error: 'string' },

  EndpointSubset: { addresses: '[]EndpointAddress', notReadyAddresses: '[]EndpointAddress', ports: '[]EndpointPort' },
  EndpointAddress: { ip: '!string', hostname: 'string', nodeName: 'string', targetRef: 'ObjectReference' },
  EndpointPort: { name: 'string', port: 'int32', protocol: 'string', appProtocol: 'string' },

  ReplicationControllerSpec: {
    replicas: 'int32', minReadySeconds: 'int32', selector: 'map[string]string', template: 'PodTemplateSpec',
  },
  ResourceQuotaSpec: { hard: 'map[string]quantity', scopes: '[]string', scopeSelector: 'ScopeSelector' },
  ScopeSelector: { matchExpressions: '[]ScopedResourceSelectorRequirement' },
  ScopedResourceSelectorRequirement: { scopeName: '!string', operator: '!string', values: '[]string' },
  LimitRangeSpec: { limits: '[]LimitRangeItem' },
  LimitRangeItem: {
    type: '!string', max: 'map[string]quantity', min: 'map[string]quantity', default: 'map[string]quantity',
    defaultRequest: 'map[string]quantity', maxLimitRequestRatio: 'map[string]quantity',
  },
  NodeSpec: {
    podCIDR: 'string', podCIDRs: '[]string', providerID: 'string', unschedulable: 'bool', taints: '[]Taint',
    configSource: 'any', externalID: 'string',
  },
  Taint: { key: '!string', value: 'string', effect: '!string', timeAdded: 'time' },
  EventSource: { component: 'string', host: 'string' },
  EventSeries: { count: 'int32', lastObservedTime: 'time' },
};
