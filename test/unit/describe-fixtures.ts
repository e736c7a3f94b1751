/**
 * Realistic objects for describe fidelity tests, with timestamps relative to `now` (ages of
 * ten minutes or more, so that a second ticking between our run and kubectl's cannot change them).
 */
import type { KubeObject } from '../../src/api/types.js';

const ago = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

const TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

const SA_VOLUME = {
  name: 'kube-api-access-abcde',
  projected: {
    defaultMode: 420,
    sources: [
      { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ],
  },
};
const SA_MOUNT = { name: 'kube-api-access-abcde', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' };

function meta(name: string, now: Date, minutes: number, extra: Record<string, unknown> = {}) {
  return { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '100', creationTimestamp: ago(now, minutes), ...extra };
}

function event(now: Date, obj: KubeObject, reason: string, message: string, opts: { type?: string; first: number; last?: number; count?: number; component: string; n: number }): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${obj.metadata.name}.${opts.n}`, namespace: obj.metadata.namespace || 'default', uid: `ev-${obj.metadata.name}-${opts.n}` },
    involvedObject: { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid },
    reason,
    message,
    type: opts.type ?? 'Normal',
    source: { component: opts.component },
    firstTimestamp: ago(now, opts.first),
    lastTimestamp: ago(now, opts.last ?? opts.first),
    count: opts.count ?? 1,
  };
}

function pod(now: Date, name: string, over: { spec?: any; status?: any; meta?: any }): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...meta(name, now, 130), labels: { app: name }, ...(over.meta ?? {}) },
    spec: {
      containers: [{ name: 'app', image: 'nginx:1.27', volumeMounts: [SA_MOUNT], resources: {} }],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      priority: 0,
      tolerations: TOLERATIONS,
      volumes: [SA_VOLUME],
      ...(over.spec ?? {}),
    },
    status: over.status ?? {},
  };
}

const runningStatus = (now: Date, extra: any = {}) => ({
  phase: 'Running',
  hostIP: '172.18.0.3',
  podIP: '10.244.2.7',
  podIPs: [{ ip: '10.244.2.7' }],
  startTime: ago(now, 129),
  conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastTransitionTime: ago(now, 129) })),
  containerStatuses: [
    { name: 'app', ready: true, restartCount: 0, image: 'nginx:1.27', imageID: 'docker.io/library/nginx@sha256:0123', containerID: 'containerd://abc123', started: true, state: { running: { startedAt: ago(now, 128) } } },
  ],
  ...extra,
});

export function buildFixtures(now: Date): KubeObject[] {
  const objects: KubeObject[] = [];
  const add = (...o: KubeObject[]) => objects.push(...o);

  // A running pod with probes, env of every kind, resources, ports, command and mounts.
  const web = pod(now, 'web', {
    meta: {
      labels: { app: 'web', tier: 'frontend' },
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1"}\n',
        'example.com/short': 'yes',
        'example.com/long': 'x'.repeat(200),
        'example.com/multi': 'line one\nline two\n',
      },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d4b9c8f5d', uid: 'uid-web-7d4b9c8f5d', controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      nodeName: 'kind-worker2',
      containers: [
        {
          name: 'app',
          image: 'nginx:1.27',
          command: ['sh', '-c', 'echo one\necho two'],
          args: ['--port=8080'],
          ports: [{ containerPort: 8080, protocol: 'TCP', name: 'http' }, { containerPort: 8443, protocol: 'TCP', hostPort: 443 }],
          resources: { limits: { cpu: '1', memory: '256Mi' }, requests: { cpu: '250m', memory: '64Mi', 'ephemeral-storage': '1Gi' } },
          livenessProbe: { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 5, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
          readinessProbe: { tcpSocket: { port: 'http' }, timeoutSeconds: 2, periodSeconds: 5, successThreshold: 1, failureThreshold: 3 },
          startupProbe: { exec: { command: ['cat', '/tmp/ready'] }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 30 },
          envFrom: [{ configMapRef: { name: 'app-config' } }, { secretRef: { name: 'app-secret', optional: true }, prefix: 'S_' }],
          env: [
            { name: 'MODE', value: 'debug' },
            { name: 'MULTI', value: 'a\nb' },
            { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
            { name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
            { name: 'APP_LABEL', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.labels['app']" } } },
            { name: 'CPU_LIMIT', valueFrom: { resourceFieldRef: { containerName: 'app', resource: 'limits.cpu', divisor: '0' } } },
            { name: 'MEM_REQ', valueFrom: { resourceFieldRef: { containerName: 'app', resource: 'requests.memory', divisor: '1Mi' } } },
            { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'app-secret', key: 'password' } } },
            { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'level', optional: true } } },
          ],
          volumeMounts: [SA_MOUNT, { name: 'data', mountPath: '/data' }, { name: 'config', mountPath: '/etc/app', readOnly: true, subPath: 'app.conf' }],
        },
      ],
      volumes: [
        SA_VOLUME,
        { name: 'data', persistentVolumeClaim: { claimName: 'data-claim' } },
        { name: 'config', configMap: { name: 'app-config', defaultMode: 420 } },
      ],
      nodeSelector: { 'kubernetes.io/os': 'linux', disk: 'ssd' },
      tolerations: [...TOLERATIONS, { operator: 'Exists' }, { key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }],
    },
    status: runningStatus(now),
  });
  add(web, event(now, web, 'Scheduled', 'Successfully assigned default/web to kind-worker2', { first: 130, component: 'default-scheduler', n: 1 }));
  add(event(now, web, 'Pulled', 'Container image "nginx:1.27" already present on machine', { first: 129, component: 'kubelet', n: 2 }));
  add(event(now, web, 'Unhealthy', 'Readiness probe failed: dial tcp 10.244.2.7:8080: connect: connection refused  ', { type: 'Warning', first: 125, last: 20, count: 9, component: 'kubelet', n: 3 }));

  // A pending pod the scheduler cannot place.
  const big = pod(now, 'big', {
    spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '64' } }, volumeMounts: [SA_MOUNT] }] },
    status: { phase: 'Pending', qosClass: 'Burstable', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', lastTransitionTime: ago(now, 30) }] },
  });
  add(
    big,
    event(now, big, 'FailedScheduling', '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.', {
      type: 'Warning',
      first: 30,
      last: 12,
      count: 4,
      component: 'default-scheduler',
      n: 1,
    }),
  );

  // CrashLoopBackOff with a last state.
  add(
    pod(now, 'crash', {
      spec: { nodeName: 'kind-worker', containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'exit 1'], volumeMounts: [SA_MOUNT] }] },
      status: runningStatus(now, {
        conditions: [{ type: 'Ready', status: 'False' }],
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            restartCount: 5,
            image: 'busybox:1.36',
            imageID: 'docker.io/library/busybox@sha256:abc',
            containerID: 'containerd://def456',
            state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 2m40s restarting failed container' } },
            lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: ago(now, 15), finishedAt: ago(now, 14), containerID: 'containerd://def456' } },
          },
        ],
      }),
    }),
  );

  // Init container still running; main container waiting.
  add(
    pod(now, 'initpod', {
      spec: {
        nodeName: 'kind-worker',
        initContainers: [{ name: 'wait-db', image: 'busybox:1.36', command: ['sh', '-c', 'until nslookup db; do sleep 2; done'], volumeMounts: [SA_MOUNT] }],
      },
      status: {
        phase: 'Pending',
        hostIP: '172.18.0.4',
        podIP: '10.244.1.10',
        podIPs: [{ ip: '10.244.1.10' }],
        startTime: ago(now, 20),
        initContainerStatuses: [{ name: 'wait-db', ready: false, restartCount: 0, image: 'busybox:1.36', imageID: 'x', containerID: 'containerd://ccc', state: { running: { startedAt: ago(now, 19) } } }],
        containerStatuses: [{ name: 'app', ready: false, restartCount: 0, image: 'nginx:1.27', imageID: '', state: { waiting: { reason: 'PodInitializing' } } }],
        conditions: [
          { type: 'Initialized', status: 'False' },
          { type: 'Ready', status: 'False' },
          { type: 'PodScheduled', status: 'True' },
        ],
      },
    }),
  );

  // Terminating pod: deletion timestamp in the past (grace elapsed) and one in the future.
  add(
    pod(now, 'going', {
      meta: { deletionTimestamp: ago(now, 11), deletionGracePeriodSeconds: 30 },
      spec: { nodeName: 'kind-worker2' },
      status: runningStatus(now),
    }),
  );

  // Completed pod (terminated container, guaranteed QoS computed client-side).
  add(
    pod(now, 'done', {
      spec: {
        nodeName: 'kind-worker',
        restartPolicy: 'Never',
        containers: [{ name: 'job', image: 'busybox:1.36', resources: { limits: { cpu: '100m', memory: '64Mi' }, requests: { cpu: '100m', memory: '64Mi' } }, volumeMounts: [SA_MOUNT] }],
      },
      status: {
        phase: 'Succeeded',
        hostIP: '172.18.0.4',
        podIP: '10.244.1.11',
        podIPs: [{ ip: '10.244.1.11' }],
        startTime: ago(now, 40),
        containerStatuses: [
          { name: 'job', ready: false, restartCount: 0, image: 'busybox:1.36', imageID: 'x', containerID: 'containerd://ddd', state: { terminated: { exitCode: 0, reason: 'Completed', message: 'all done', startedAt: ago(now, 39), finishedAt: ago(now, 38) } } },
        ],
        conditions: [{ type: 'Ready', status: 'False', reason: 'PodCompleted' }],
      },
    }),
  );

  // Volumes of many types.
  add(
    pod(now, 'volumes', {
      spec: {
        containers: [{ name: 'app', image: 'nginx:1.27', volumeMounts: [], volumeDevices: [{ name: 'block', devicePath: '/dev/xvda' }] }],
        volumes: [
          { name: 'empty', emptyDir: {} },
          { name: 'mem', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } },
          { name: 'host', hostPath: { path: '/var/log', type: 'Directory' } },
          { name: 'host2', hostPath: { path: '/tmp' } },
          { name: 'sec', secret: { secretName: 'app-secret', optional: true } },
          { name: 'cm', configMap: { name: 'app-config' } },
          { name: 'claim', persistentVolumeClaim: { claimName: 'data-claim', readOnly: true } },
          { name: 'nfs', nfs: { server: 'nfs.example.com', path: '/exports' } },
          { name: 'down', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'cpu', resourceFieldRef: { containerName: 'app', resource: 'limits.cpu' } }] } },
          { name: 'csi', csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: 'vault', b: '2' } } },
          { name: 'csi2', csi: { driver: 'example.csi' } },
          { name: 'git', gitRepo: { repository: 'https://example.com/repo.git' } },
          { name: 'proj', projected: { sources: [{ configMap: { name: 'app-config' } }, { secret: { name: 'app-secret' } }, { downwardAPI: {} }] } },
          { name: 'eph', ephemeral: { volumeClaimTemplate: { metadata: { labels: { a: 'b' } }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '1Gi' } } } } } },
          { name: 'block', persistentVolumeClaim: { claimName: 'block-claim' } },
          { name: 'fc', fc: { targetWWNs: ['500a0982991b8dc5', '500a0982891b8dc5'], lun: 2, fsType: 'ext4' } },
        ],
        tolerations: [],
        readinessGates: [{ conditionType: 'example.com/ready' }],
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'volumes' } } }],
        priorityClassName: 'high',
        priority: 1000,
      },
      status: { phase: 'Pending' },
    }),
  );

  // Services, and the EndpointSlices describe reads.
  const svc = (name: string, spec: any, status: any = {}): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(name, now, 200),
    spec: { sessionAffinity: 'None', ...spec },
    status,
  });
  const slice = (name: string, service: string, ports: any[], endpoints: any[]): KubeObject => ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { ...meta(name, now, 200), labels: { 'kubernetes.io/service-name': service, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' } },
    addressType: 'IPv4',
    ports,
    endpoints,
  });
  const ep = (ip: string, ready: boolean | undefined, node = 'kind-worker', podName = 'web-1') => ({
    addresses: [ip],
    conditions: ready === undefined ? {} : { ready, serving: ready, terminating: false },
    nodeName: node,
    targetRef: { kind: 'Pod', name: podName, namespace: 'default', uid: 'x' },
  });
  const ipv4 = { ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'], internalTrafficPolicy: 'Cluster' };
  add(
    { ...svc('websvc', { ...ipv4, type: 'ClusterIP', selector: { app: 'web' }, clusterIP: '10.96.142.17', clusterIPs: ['10.96.142.17'], ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }] }), metadata: { ...meta('websvc', now, 200), labels: { app: 'web' } } },
    slice('websvc-abcde', 'websvc', [{ name: '', port: 80, protocol: 'TCP' }], [ep('10.244.1.5', true), ep('10.244.2.4', true), ep('10.244.1.6', true)]),
    svc('web-np', { ...ipv4, type: 'NodePort', externalTrafficPolicy: 'Cluster', selector: { app: 'web' }, clusterIP: '10.96.88.201', clusterIPs: ['10.96.88.201'], ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' }] }),
    slice('web-np-x1', 'web-np', [{ name: 'http', port: 8080, protocol: 'TCP' }], [ep('10.244.1.5', true), ep('10.244.2.4', true), ep('10.244.1.6', true), ep('10.244.1.9', false)]),
    svc('web-lb', {
      ...ipv4,
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      healthCheckNodePort: 32000,
      loadBalancerSourceRanges: ['10.0.0.0/8'],
      externalIPs: ['1.2.3.4'],
      selector: { app: 'web' },
      clusterIP: '10.96.200.5',
      clusterIPs: ['10.96.200.5'],
      ports: [
        { name: 'http', port: 80, targetPort: 'http', nodePort: 31234, protocol: 'TCP' },
        { name: 'https', port: 443, targetPort: 8443, nodePort: 31235, protocol: 'TCP' },
      ],
    }, { loadBalancer: { ingress: [{ ip: '172.18.255.1', ipMode: 'VIP' }, { hostname: 'lb.example.com' }] } }),
    svc('ext', { type: 'ExternalName', externalName: 'example.com' }),
    svc('db', { ...ipv4, type: 'ClusterIP', selector: { app: 'db' }, clusterIP: 'None', clusterIPs: ['None'], ports: [{ name: 'pg', port: 5432, targetPort: 5432, protocol: 'TCP' }] }),
    slice('db-zz', 'db', [{ name: 'pg', port: 5432, protocol: 'TCP' }], [ep('10.244.1.20', false)]),
  );
  const lb = objects.find((o) => o.metadata.name === 'web-lb')!;
  add(event(now, lb, 'EnsuringLoadBalancer', 'Ensuring load balancer', { first: 30, last: 28, count: 4, component: 'service-controller', n: 1 }));

  // Endpoints.
  add({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: meta('web-np', now, 200),
    subsets: [
      { addresses: [{ ip: '10.244.1.5' }, { ip: '10.244.2.4' }], notReadyAddresses: [{ ip: '10.244.1.9' }], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }, { port: 9090, protocol: 'TCP' }] },
      { addresses: [{ ip: '10.244.3.1' }] },
    ],
  });

  // Deployment with its ReplicaSets and events.
  const template = {
    metadata: { labels: { app: 'web' } },
    spec: {
      containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }], env: [{ name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } }], resources: {} }],
      restartPolicy: 'Always',
    },
  };
  const deploy: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { ...meta('webdeploy', now, 121), labels: { app: 'web' }, annotations: { 'deployment.kubernetes.io/revision': '2' }, generation: 2 },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 },
    status: {
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: 'ReplicaSet "webdeploy-7d4b9c8f5d" has successfully progressed.' },
      ],
    },
  };
  const rs = (name: string, minutes: number, replicas: number, image: string): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      ...meta(name, now, minutes),
      labels: { app: 'web', 'pod-template-hash': name.split('-').pop()! },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'webdeploy', uid: 'uid-webdeploy', controller: true, blockOwnerDeletion: true }],
      annotations: { 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4', 'deployment.kubernetes.io/revision': '1' },
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web', 'pod-template-hash': name.split('-').pop()! } },
      template: { ...template, metadata: { labels: { app: 'web', 'pod-template-hash': name.split('-').pop()! } }, spec: { ...template.spec, containers: [{ ...template.spec.containers[0]!, image }] } },
    },
    status: { replicas, fullyLabeledReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas, observedGeneration: 1 },
  });
  const newRS = rs('webdeploy-7d4b9c8f5d', 60, 3, 'nginx:1.27');
  add(deploy, rs('webdeploy-55f8b6c9d7', 121, 0, 'nginx:1.26'), newRS);
  add(event(now, deploy, 'ScalingReplicaSet', 'Scaled up replica set webdeploy-55f8b6c9d7 from 0 to 3', { first: 121, component: 'deployment-controller', n: 1 }));
  add(event(now, deploy, 'ScalingReplicaSet', 'Scaled down replica set webdeploy-55f8b6c9d7 from 3 to 0', { first: 59, component: 'deployment-controller', n: 2 }));
  for (let i = 0; i < 3; i++) {
    add(
      pod(now, `webdeploy-7d4b9c8f5d-p${i}`, {
        meta: {
          labels: { app: 'web', 'pod-template-hash': '7d4b9c8f5d' },
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'webdeploy-7d4b9c8f5d', uid: 'uid-webdeploy-7d4b9c8f5d', controller: true }],
        },
        spec: { nodeName: 'kind-worker3', containers: [{ name: 'nginx', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } } }] },
        status: { phase: i === 2 ? 'Pending' : 'Running' },
      }),
    );
  }

  // Nodes: one busy (with pods and a lease), one not ready without a lease.
  const node = (name: string, extra: any): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-${name}`, creationTimestamp: ago(now, 300), labels: { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...(extra.labels ?? {}) }, annotations: extra.annotations },
    spec: { podCIDR: '10.244.3.0/24', podCIDRs: ['10.244.3.0/24'], providerID: extra.providerID, taints: extra.taints, unschedulable: extra.unschedulable },
    status: {
      capacity: { cpu: '8', memory: '16318436Ki', pods: '110', 'ephemeral-storage': '102626232Ki', 'hugepages-2Mi': '0', 'example.com/gpu': '2' },
      allocatable: { cpu: '7800m', memory: '16216036Ki', pods: '110', 'ephemeral-storage': '102626232Ki', 'hugepages-2Mi': '0', 'example.com/gpu': '2' },
      conditions: extra.conditions,
      addresses: [{ type: 'InternalIP', address: '172.18.0.5' }, { type: 'Hostname', address: name }],
      nodeInfo: { machineID: 'm1', systemUUID: 's1', bootID: 'b1', kernelVersion: '6.1.0', osImage: 'Debian GNU/Linux 12 (bookworm)', operatingSystem: 'linux', architecture: 'amd64', containerRuntimeVersion: 'containerd://1.7.24', kubeletVersion: 'v1.32.2', kubeProxyVersion: 'v1.32.2' },
    },
  });
  const cond = (type: string, status: string, reason: string, message: string) => ({ type, status, reason, message, lastHeartbeatTime: ago(now, 12), lastTransitionTime: ago(now, 290) });
  const worker3 = node('kind-worker3', {
    labels: { 'node-role.kubernetes.io/worker': '', 'kubernetes.io/role': 'gpu' },
    annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    providerID: 'kind://docker/kind/kind-worker3',
    taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, { key: 'a', effect: 'NoExecute' }],
    conditions: [
      cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
      cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
    ],
  });
  add(worker3, {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'kind-worker3', namespace: 'kube-node-lease', uid: 'lease-uid', creationTimestamp: ago(now, 300) },
    spec: { holderIdentity: 'kind-worker3', leaseDurationSeconds: 40, renewTime: ago(now, 10).replace('Z', '.000000Z') },
  });
  add({ ...event(now, worker3, 'Starting', 'Starting kubelet.', { first: 299, component: 'kubelet', n: 1 }), involvedObject: { kind: 'Node', name: 'kind-worker3', uid: 'kind-worker3' } });
  add({ ...event(now, worker3, 'RegisteredNode', 'Node kind-worker3 event: Registered Node kind-worker3 in Controller', { first: 298, component: 'node-controller', n: 2 }), involvedObject: { kind: 'Node', name: 'kind-worker3', uid: 'uid-kind-worker3' } });
  add(node('kind-worker4', { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }], conditions: [cond('Ready', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.')] }));

  // ConfigMap, Secret, ServiceAccount.
  add({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('app-config', now, 300), data: { 'app.conf': 'a=1\nb=2\n' }, binaryData: { blob: Buffer.from([1, 2, 3]).toString('base64') } });
  add({ apiVersion: 'v1', kind: 'Secret', metadata: { ...meta('app-secret', now, 300), labels: { app: 'web' } }, type: 'Opaque', data: { password: Buffer.from('s3cret').toString('base64') } });
  add({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: meta('builder', now, 300),
    secrets: [{ name: 'app-secret' }, { name: 'gone' }],
    imagePullSecrets: [{ name: 'regcred' }],
  });

  // Workloads.
  const podTemplate = { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:16', ports: [{ containerPort: 5432, protocol: 'TCP' }] }] } };
  add({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta('db', now, 200),
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'db' } },
      serviceName: 'db',
      template: podTemplate,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'standard' } }],
    },
    status: { replicas: 2 },
  });
  add({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta('agent', now, 200),
    spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'agent', image: 'agent:1' }], tolerations: [{ operator: 'Exists' }] } } },
    status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 2, numberMisscheduled: 0, numberReady: 2 },
  });
  const job: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { ...meta('pi', now, 50), labels: { 'batch.kubernetes.io/job-name': 'pi' } },
    spec: {
      parallelism: 1,
      completions: 1,
      completionMode: 'NonIndexed',
      suspend: false,
      backoffLimit: 6,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'uid-pi' } },
      template: { metadata: { labels: { 'batch.kubernetes.io/job-name': 'pi' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:5', command: ['perl', '-e', 'print 1'] }] } },
    },
    status: { startTime: ago(now, 50), completionTime: ago(now, 37), succeeded: 1, ready: 0, terminating: 0 },
  };
  add(job, event(now, job, 'Completed', 'Job completed', { first: 37, component: 'job-controller', n: 1 }));
  add({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: meta('hourly', now, 500),
    spec: { schedule: '0 * * * *', concurrencyPolicy: 'Forbid', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1, jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox' }] } } } } },
    status: { lastScheduleTime: ago(now, 25), active: [{ kind: 'Job', name: 'hourly-1', namespace: 'default' }] },
  });
  add({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta('webhpa', now, 100),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'webdeploy' },
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
        { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } } },
        { type: 'Pods', pods: { metric: { name: 'packets' }, target: { type: 'AverageValue', averageValue: '1k' } } },
      ],
      behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] } },
    },
    status: {
      currentReplicas: 3,
      desiredReplicas: 3,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 12, averageValue: '12m' } } }],
      conditions: [{ type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' }],
    },
  });
  add({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta('webpdb', now, 100), spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } }, status: { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 } });
  add({
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: meta('legacy', now, 100),
    spec: { replicas: 2, selector: { app: 'legacy' }, template: { metadata: { labels: { app: 'legacy' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    status: { replicas: 2 },
  });

  // Storage.
  add({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { ...meta('data-claim', now, 100), finalizers: ['kubernetes.io/pvc-protection'], annotations: { 'pv.kubernetes.io/bind-completed': 'yes' } },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'standard', volumeMode: 'Filesystem', volumeName: 'pvc-123' },
    status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } },
  });
  add({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'pvc-123', uid: 'uid-pv', creationTimestamp: ago(now, 100), finalizers: ['kubernetes.io/pv-protection'] },
    spec: {
      capacity: { storage: '1Gi' },
      accessModes: ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: 'standard',
      volumeMode: 'Filesystem',
      claimRef: { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data-claim' },
      hostPath: { path: '/var/local-path-provisioner/pvc-123', type: 'DirectoryOrCreate' },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['kind-worker'] }] }] } },
    },
    status: { phase: 'Bound' },
  });
  add({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard', uid: 'uid-sc', creationTimestamp: ago(now, 300), annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'rancher.io/local-path',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  });
  add({
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: meta('quota', now, 100),
    spec: { hard: { pods: '10', 'requests.cpu': '4', 'requests.memory': '8Gi' }, scopes: ['NotBestEffort'] },
    status: { hard: { pods: '10', 'requests.cpu': '4', 'requests.memory': '8Gi' }, used: { pods: '4', 'requests.cpu': '350m', 'requests.memory': '384Mi' } },
  });
  add({
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: meta('limits', now, 100),
    spec: { limits: [{ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '100m' }, max: { cpu: '2' } }] },
  });
  add({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', uid: 'uid-ns', creationTimestamp: ago(now, 400), labels: { 'kubernetes.io/metadata.name': 'default' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });

  // Networking.
  add({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { ...meta('webing', now, 100), annotations: { 'nginx.ingress.kubernetes.io/rewrite-target': '/' } },
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: ['web.example.com'], secretName: 'web-tls' }],
      rules: [
        { host: 'web.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web-np', port: { name: 'http' } } } }, { path: '/api', pathType: 'Prefix', backend: { service: { name: 'missing', port: { number: 80 } } } }] } },
        { http: { paths: [{ path: '/x', pathType: 'Exact', backend: { service: { name: 'websvc', port: { number: 80 } } } }] } },
      ],
    },
    status: { loadBalancer: { ingress: [{ ip: '172.18.0.10' }] } },
  });
  add({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx', uid: 'uid-ic', creationTimestamp: ago(now, 100) }, spec: { controller: 'k8s.io/ingress-nginx', parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb' } } });
  add({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta('np', now, 100),
    spec: {
      podSelector: { matchLabels: { role: 'db' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ ipBlock: { cidr: '172.17.0.0/16', except: ['172.17.1.0/24'] } }, { namespaceSelector: { matchLabels: { project: 'myproject' } } }, { podSelector: { matchLabels: { role: 'frontend' } } }], ports: [{ protocol: 'TCP', port: 6379 }] }, {}],
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ protocol: 'TCP', port: 5978, endPort: 6000 }] }],
    },
  });

  // RBAC, scheduling.
  add({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: meta('reader', now, 100),
    rules: [
      { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['delete'] },
    ],
  });
  add({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'viewer', uid: 'uid-cr', creationTimestamp: ago(now, 100) },
    rules: [{ nonResourceURLs: ['/healthz', '/version'], verbs: ['get'] }, { apiGroups: ['*'], resources: ['*'], verbs: ['list'] }],
  });
  add({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: meta('read-pods', now, 100),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
    subjects: [{ kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' }, { kind: 'ServiceAccount', name: 'builder', namespace: 'default' }],
  });
  add({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'view-all', uid: 'uid-crb', creationTimestamp: ago(now, 100) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'viewer' },
    subjects: [{ kind: 'Group', name: 'system:authenticated', apiGroup: 'rbac.authorization.k8s.io' }],
  });
  add({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high', uid: 'uid-pc', creationTimestamp: ago(now, 100) }, value: 1000, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority', description: 'High priority.' });

  // Kinds served by the generic describer.
  add({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { ...meta('leader', now, 100), labels: { a: 'b' }, managedFields: [{ manager: 'x' }] },
    spec: { holderIdentity: 'pod-1', leaseDurationSeconds: 15, renewTime: '2026-11-21T23:00:00.123456Z', acquireTime: null, leaseTransitions: 2 },
  });
  add({
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: meta('db-5f7d8', now, 100),
    data: { spec: { template: { spec: { containers: [{ name: 'db', image: 'postgres:16', args: ['-c', 'x=1'] }] } } } },
    revision: 1,
  });
  add({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: 'vwc', uid: 'uid-vwc', creationTimestamp: ago(now, 100) },
    webhooks: [{ name: 'v.example.com', admissionReviewVersions: ['v1'], sideEffects: 'None', failurePolicy: 'Fail', timeoutSeconds: 10, clientConfig: { service: { name: 'wh', namespace: 'default', port: 443, path: '/validate' } }, rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'], scope: '*' }] }],
  });

  // A terminating pod still inside its grace period: the deletion timestamp is in the future.
  add(pod(now, 'going2', { meta: { deletionTimestamp: ago(now, -20), deletionGracePeriodSeconds: 1200 }, spec: { nodeName: 'kind-worker2' }, status: runningStatus(now) }));

  // Odd but valid quantities on a node that is also running other pods.
  add(
    pod(now, 'quantities', {
      spec: {
        nodeName: 'kind-worker3',
        containers: [
          { name: 'a', image: 'x', resources: { requests: { cpu: '1000m', memory: '1.5Gi', 'example.com/gpu': '1' }, limits: { cpu: '1.5', memory: '2Gi', 'example.com/gpu': '1' } } },
          { name: 'b', image: 'x', resources: { requests: { cpu: '0.25', memory: '129e6', 'ephemeral-storage': '2G' }, limits: { cpu: '2', memory: '1e9' } } },
        ],
        initContainers: [{ name: 'init', image: 'x', resources: { requests: { cpu: '3', memory: '100Mi' } } }],
        overhead: { cpu: '10m' },
        securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        runtimeClassName: 'kata',
      },
      status: {
        phase: 'Running',
        reason: 'Evicted-ish',
        message: 'a message',
        nominatedNodeName: 'kind-worker3',
        podIP: '10.244.3.9',
        podIPs: [{ ip: '10.244.3.9' }, { ip: 'fd00::9' }],
      },
    }),
  );

  // Every remaining in-tree volume type.
  add(
    pod(now, 'legacyvols', {
      spec: {
        containers: [{ name: 'app', image: 'x', securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/audit.json' } } }],
        volumes: [
          { name: 'gce', gcePersistentDisk: { pdName: 'disk-1', fsType: 'ext4', partition: 1 } },
          { name: 'aws', awsElasticBlockStore: { volumeID: 'vol-1', fsType: 'ext4' } },
          { name: 'iscsi', iscsi: { targetPortal: '10.0.2.15:3260', iqn: 'iqn.2001-04.com.example:storage.kube.sys1.xyz', lun: 0, iscsiInterface: 'default', fsType: 'ext4', readOnly: true, portals: ['10.0.2.16:3260'], secretRef: { name: 'chap' } } },
          { name: 'gluster', glusterfs: { endpoints: 'glusterfs-cluster', path: 'kube_vol', readOnly: true } },
          { name: 'rbd', rbd: { monitors: ['10.16.154.78:6789', '10.16.154.82:6789'], image: 'foo', fsType: 'ext4', pool: 'kube', user: 'admin', keyring: '/etc/ceph/keyring', secretRef: { name: 'ceph-secret' } } },
          { name: 'quobyte', quobyte: { registry: 'registry:7861', volume: 'testVolume' } },
          { name: 'azdisk', azureDisk: { diskName: 'test.vhd', diskURI: 'https://someaccount.blob.microsoft.net/vhds/test.vhd', kind: 'Shared', fsType: 'ext4', cachingMode: 'ReadWrite', readOnly: false } },
          { name: 'vsphere', vsphereVolume: { volumePath: '[DatastoreName] volumes/myDisk', fsType: 'ext4' } },
          { name: 'cinder', cinder: { volumeID: 'abc', fsType: 'ext4' } },
          { name: 'photon', photonPersistentDisk: { pdID: 'p1', fsType: 'ext4' } },
          { name: 'pwx', portworxVolume: { volumeID: 'pxvol', fsType: 'ext4' } },
          { name: 'sio', scaleIO: { gateway: 'https://localhost:443/api', system: 'scaleio', protectionDomain: 'pd01', storagePool: 'sp01', storageMode: 'ThinProvisioned', volumeName: 'vol-0', secretRef: { name: 'sio-secret' }, fsType: 'xfs' } },
          { name: 'ceph', cephfs: { monitors: ['10.16.154.78:6789'], path: '/', user: 'admin', secretFile: '/etc/ceph/admin.secret', readOnly: true } },
          { name: 'sos', storageos: { volumeName: 'redis-vol01', volumeNamespace: 'default', fsType: 'ext4' } },
          { name: 'azfile', azureFile: { secretName: 'azure-secret', shareName: 'k8stest', readOnly: false } },
          { name: 'flex', flexVolume: { driver: 'kubernetes.io/lvm', fsType: 'ext4', options: { volumeID: 'vol1', size: '1000m' } } },
          { name: 'flocker', flocker: { datasetName: 'my-flocker-vol' } },
          { name: 'img', image: { reference: 'quay.io/crio/artifact:v1', pullPolicy: 'IfNotPresent' } },
        ],
      },
      status: { phase: 'Pending' },
    }),
  );

  // Kinds the generic describer handles (API extension and webhook objects, an Event).
  add({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'crontabs.stable.example.com', uid: 'uid-crd', creationTimestamp: ago(now, 100), generation: 1 },
    spec: {
      group: 'stable.example.com',
      names: { kind: 'CronTab', listKind: 'CronTabList', plural: 'crontabs', shortNames: ['ct'], singular: 'crontab' },
      scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { cronSpec: { type: 'string' }, replicas: { type: 'integer', minimum: 1.5 } } } } } } }],
      conversion: { strategy: 'None' },
    },
    status: {
      acceptedNames: { kind: 'CronTab', listKind: 'CronTabList', plural: 'crontabs', shortNames: ['ct'], singular: 'crontab' },
      conditions: [{ type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted', lastTransitionTime: ago(now, 100) }],
      storedVersions: ['v1'],
    },
  });
  add({
    apiVersion: 'apiregistration.k8s.io/v1',
    kind: 'APIService',
    metadata: { name: 'v1beta1.metrics.k8s.io', uid: 'uid-apis', creationTimestamp: ago(now, 100), labels: { 'k8s-app': 'metrics-server' } },
    spec: { group: 'metrics.k8s.io', version: 'v1beta1', groupPriorityMinimum: 100, versionPriority: 100, insecureSkipTLSVerify: true, service: { name: 'metrics-server', namespace: 'kube-system', port: 443 } },
    status: { conditions: [{ type: 'Available', status: 'False', reason: 'MissingEndpoints', message: 'endpoints for service/metrics-server in "kube-system" have no addresses with port name "https"', lastTransitionTime: ago(now, 90) }] },
  });
  add({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: { name: 'mwc', uid: 'uid-mwc', creationTimestamp: ago(now, 100) },
    webhooks: [{ name: 'm.example.com', admissionReviewVersions: ['v1', 'v1beta1'], sideEffects: 'None', reinvocationPolicy: 'Never', matchPolicy: 'Equivalent', namespaceSelector: {}, objectSelector: {}, clientConfig: { url: 'https://example.com/mutate', caBundle: 'Zm9v' } }],
  });
  add({ apiVersion: 'v1', kind: 'Secret', metadata: meta('builder-token', now, 300), type: 'kubernetes.io/service-account-token', data: { token: Buffer.from('eyJhbGciOi').toString('base64') } });
  add({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta('recreate', now, 100),
    spec: { replicas: 1, selector: { matchLabels: { app: 'recreate' } }, strategy: { type: 'Recreate' }, template: { metadata: { labels: { app: 'recreate' }, annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-21T00:00:00Z' } }, spec: { serviceAccountName: 'builder', priorityClassName: 'high', initContainers: [{ name: 'init', image: 'busybox' }], containers: [{ name: 'c', image: 'nginx' }], volumes: [{ name: 'scratch', emptyDir: {} }] } } },
    status: {},
  });
  add({
    apiVersion: 'stable.example.com/v1',
    kind: 'CronTab',
    metadata: { ...meta('my-cron', now, 50), generation: 1, labels: { team: 'a' }, annotations: { 'example.com/x': 'y' }, finalizers: ['example.com/f'] },
    spec: { cronSpec: '* * * * */5', image: 'my-awesome-cron-image', replicas: 2, ratio: 0.25, enabled: true, nothing: null, tags: ['a', 'b'], items: [{ name: 'x', podIP: '1.2.3.4', httpURL: 'u' }, 'plain'] },
    status: { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: ago(now, 40) }] },
  });

  // Edge cases of other kinds.
  const micro = (minutes: number) => ago(now, minutes).replace('Z', '.123456Z');
  add({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'web.series', namespace: 'default', uid: 'ev-series' },
    involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'web', namespace: 'default', uid: 'uid-web' },
    reason: 'Killing',
    message: 'Stopping container app',
    type: 'Normal',
    source: {},
    reportingComponent: 'kubelet',
    reportingController: 'kubelet',
    eventTime: micro(45),
    series: { count: 3, lastObservedTime: micro(15) },
    firstTimestamp: null,
    lastTimestamp: null,
  });
  add(
    pod(now, 'killed', {
      spec: { nodeName: 'kind-worker' },
      status: {
        phase: 'Failed',
        reason: 'Evicted',
        message: 'The node was low on resource: memory.',
        containerStatuses: [{ name: 'app', ready: false, restartCount: 1, image: 'nginx:1.27', imageID: 'x', containerID: 'containerd://k', state: { terminated: { exitCode: 137, signal: 9, reason: 'OOMKilled', startedAt: ago(now, 30), finishedAt: ago(now, 29) } } }],
        ephemeralContainerStatuses: [],
      },
    }),
  );
  const v6 = (name: string, spec: any): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: meta(name, now, 60), spec });
  add(
    v6('dual', { type: 'ClusterIP', sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } }, ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv6', 'IPv4'], clusterIP: 'fd00::10', clusterIPs: ['fd00::10', '10.96.0.10'], selector: { app: 'dual' }, ports: [{ name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' }], trafficDistribution: 'PreferClose' }),
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { ...meta('dual-6', now, 60), labels: { 'kubernetes.io/service-name': 'dual' } },
      addressType: 'IPv6',
      ports: [{ name: 'dns', port: 53, protocol: 'UDP' }],
      endpoints: [{ addresses: ['fd00::1'], conditions: { ready: true }, hostname: 'h1', zone: 'z1' }, { addresses: ['fd00::2'] }],
    },
    v6('headless', { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], selector: { app: 'h' }, sessionAffinity: 'None' }),
    { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { ...meta('headless-1', now, 60), labels: { 'kubernetes.io/service-name': 'headless' } }, addressType: 'IPv4', endpoints: [] },
  );
  add({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta('objhpa', now, 60),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' },
      maxReplicas: 5,
      metrics: [
        { type: 'Object', object: { metric: { name: 'requests-per-second' }, describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'webing' }, target: { type: 'Value', value: '10k' } } },
        { type: 'Object', object: { metric: { name: 'rps' }, describedObject: { kind: 'Service', name: 'websvc' }, target: { type: 'AverageValue', averageValue: '100' } } },
        { type: 'External', external: { metric: { name: 'queue_messages_ready' }, target: { type: 'AverageValue', averageValue: '30' } } },
        { type: 'External', external: { metric: { name: 'queue_depth' }, target: { type: 'Value', value: '5' } } },
        { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', target: { type: 'Utilization', averageUtilization: 60 } } },
      ],
      behavior: { scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] }, scaleDown: { stabilizationWindowSeconds: 300 } },
    },
    status: {
      currentReplicas: 0,
      desiredReplicas: 0,
      currentMetrics: [
        { type: 'Object', object: { metric: { name: 'requests-per-second' }, describedObject: { kind: 'Ingress', name: 'webing' }, current: { value: '2500m' } } },
        { type: 'Object', object: { metric: { name: 'rps' }, describedObject: { kind: 'Service', name: 'websvc' }, current: { averageValue: '50' } } },
        { type: 'External', external: { metric: { name: 'queue_messages_ready' }, current: { averageValue: '12' } } },
        { type: 'External', external: { metric: { name: 'queue_depth' }, current: { value: '3' } } },
        { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', current: { averageUtilization: 30 } } },
      ],
    },
  });
  add({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta('indexed', now, 60),
    spec: { parallelism: 3, completions: 100, completionMode: 'Indexed', backoffLimit: 2, activeDeadlineSeconds: 600, ttlSecondsAfterFinished: 100, suspend: true, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'x' } }, template: { spec: { containers: [{ name: 'c', image: 'busybox' }], restartPolicy: 'Never' } } },
    status: { active: 3, ready: 2, failed: 1, completedIndexes: '0-9,11,13,15,17,19,21,23,25,27,29,31,33,35,37,39,41,43,45,47', startTime: ago(now, 59) },
  });
  add({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta('pct', now, 60), spec: { maxUnavailable: '25%' }, status: {} });
  add({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'fast', uid: 'uid-fast', creationTimestamp: ago(now, 60), annotations: { a: 'b' } },
    provisioner: 'ebs.csi.aws.com',
    parameters: { type: 'gp3', iops: '3000' },
    allowVolumeExpansion: true,
    mountOptions: ['debug', 'noatime'],
    volumeBindingMode: 'Immediate',
    allowedTopologies: [{ matchLabelExpressions: [{ key: 'topology.ebs.csi.aws.com/zone', values: ['us-east-1a', 'us-east-1b'] }] }],
  });
  add({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'csi-pv', uid: 'uid-csi-pv', creationTimestamp: ago(now, 60), deletionTimestamp: ago(now, 12) },
    spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteMany', 'ReadOnlyMany'], persistentVolumeReclaimPolicy: 'Retain', csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-1', fsType: 'ext4', volumeAttributes: { foo: 'bar' } } },
    status: { phase: 'Released', message: 'released' },
  });
  add({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'local-pv', uid: 'uid-local-pv', creationTimestamp: ago(now, 60) },
    spec: { capacity: { storage: '100Gi' }, accessModes: ['ReadWriteOncePod'], local: { path: '/mnt/disks/ssd1' }, storageClassName: 'local', nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'NotIn', values: ['x', 'y'] }] }, {}] } } },
    status: { phase: 'Available' },
  });
  add({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: meta('pending-claim', now, 60),
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } }, dataSource: { kind: 'VolumeSnapshot', apiGroup: 'snapshot.storage.k8s.io', name: 'snap' } },
    status: { phase: 'Pending', conditions: [{ type: 'Resizing', status: 'True', lastTransitionTime: ago(now, 50) }] },
  });
  add({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: meta('defonly', now, 60),
    spec: { defaultBackend: { resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'static-assets' } }, tls: [{ hosts: ['a.example.com', 'b.example.com'] }] },
    status: { loadBalancer: { ingress: [{ hostname: 'lb.example.com' }, { ip: '1.1.1.1' }] } },
  });
  add({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('deny-all', now, 60), spec: { podSelector: {} } });
  add({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta('egress-only', now, 60),
    spec: { podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['a', 'b'] }] }, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { k: 'v' } } }] }, { ports: [{ port: 'dns', protocol: 'UDP' }] }] },
  });
  add({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'dying', uid: 'uid-dying', creationTimestamp: ago(now, 60), deletionTimestamp: ago(now, 11) },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Terminating', conditions: [{ type: 'NamespaceDeletionContentFailure', status: 'False', reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization', lastTransitionTime: ago(now, 10) }] },
  });
  add({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta('ondelete', now, 60),
    spec: { replicas: 1, selector: { matchLabels: { app: 'od' } }, template: { metadata: { labels: { app: 'od' } }, spec: { containers: [{ name: 'c', image: 'x' }] } }, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2, maxUnavailable: '50%' } }, volumeClaimTemplates: [{ metadata: { name: 'd', labels: { a: 'b', c: 'd' }, annotations: { x: 'y' } }, spec: { accessModes: ['ReadWriteOnce', 'ReadOnlyMany'] } }] },
    status: { replicas: 0 },
  });
  add({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { ...meta('crlf', now, 60), annotations: { note: 'bell\x1b[31mred' } }, data: { 'win.txt': 'line one\r\nline two\r\n' } });
  const pvSources: Array<[string, any]> = [
    ['glusterfs', { endpoints: 'glusterfs-cluster', path: 'kube_vol' }],
    ['azureFile', { secretName: 'azure-secret', secretNamespace: 'kube-system', shareName: 'share' }],
    ['scaleIO', { gateway: 'https://gw', system: 'sys', secretRef: { name: 'sio', namespace: 'storage' }, volumeName: 'v' }],
    ['cephfs', { monitors: ['10.16.154.78:6789'], secretRef: { name: 'ceph', namespace: 'storage' } }],
    ['rbd', { monitors: ['10.16.154.78:6789'], image: 'img', secretRef: { name: 'ceph' } }],
    ['iscsi', { targetPortal: '10.0.2.15:3260', iqn: 'iqn.x', lun: 1, secretRef: { name: 'chap', namespace: 'default' }, chapAuthSession: true }],
    ['cinder', { volumeID: 'c1' }],
    ['flexVolume', { driver: 'example/flex', secretRef: { name: 'f' } }],
    ['nfs', { server: '10.0.0.1', path: '/srv', readOnly: true }],
    ['fc', { wwids: ['3600508b400105e210000900000490000'] }],
  ];
  for (const [key, source] of pvSources) {
    add({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: `pv-${key.toLowerCase()}`, uid: `uid-pv-${key}`, creationTimestamp: ago(now, 60), annotations: { 'volume.beta.kubernetes.io/storage-class': 'legacy' } },
      spec: { capacity: { storage: '1Ti' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Recycle', [key]: source },
      status: { phase: 'Available' },
    });
  }
  add(
    pod(now, 'sidecars', {
      spec: {
        nodeName: 'kind-worker3',
        resources: { requests: { cpu: '2' } },
        initContainers: [
          { name: 'proxy', image: 'envoy', restartPolicy: 'Always', resources: { requests: { cpu: '500m', memory: '64Mi' }, limits: { memory: '128Mi' } } },
          { name: 'migrate', image: 'm', resources: { requests: { cpu: '1', memory: '1Gi' } } },
        ],
        containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '250m', memory: '256Mi' } } }],
        ephemeralContainers: [{ name: 'debugger', image: 'busybox', stdin: true, tty: true, targetContainerName: 'app' }],
      },
      status: {
        phase: 'Running',
        ephemeralContainerStatuses: [{ name: 'debugger', ready: false, restartCount: 0, image: 'busybox', imageID: 'b', containerID: 'containerd://e', state: { running: { startedAt: ago(now, 20) } } }],
      },
    }),
  );
  add({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'CSINode',
    metadata: { name: 'kind-worker', uid: 'uid-csinode', creationTimestamp: ago(now, 300), ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'kind-worker', uid: 'uid-kind-worker' }] },
    spec: { drivers: [{ name: 'ebs.csi.aws.com', nodeID: 'i-0abc', allocatable: { count: 25 }, topologyKeys: ['topology.ebs.csi.aws.com/zone', 'kubernetes.io/os'] }, { name: 'plain.csi', nodeID: 'n1' }] },
  });
  add({ apiVersion: 'storage.k8s.io/v1', kind: 'CSINode', metadata: { name: 'kind-worker2', uid: 'uid-csinode2', creationTimestamp: ago(now, 300) }, spec: {} });
  // Certificate signing requests (requests made with openssl; the subject and SANs are parsed).
  add({
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name: 'node-csr', uid: 'uid-csr', creationTimestamp: ago(now, 60), labels: { a: 'b' } },
    spec: { request: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlJQnV6Q0NBV0FDQVFBd2daZ3hJREFlQmdOVkJBTU1GM041YzNSbGJUcHViMlJsT210cGJtUXRkMjl5YTJWeQpNUlV3RXdZRFZRUUtEQXh6ZVhOMFpXMDZibTlrWlhNeEVqQVFCZ05WQkFvTUNXVjRkSEpoSUc5eVp6RU1NQW9HCkExVUVDd3dEYjNCek1Rc3dDUVlEVlFRR0V3SlZVekVVTUJJR0ExVUVCd3dMVTNCeWFXNW5abWxsYkdReEN6QUoKQmdOVkJBZ01Ba2xNTVFzd0NRWURWUVFGRXdJME1qQlpNQk1HQnlxR1NNNDlBZ0VHQ0NxR1NNNDlBd0VIQTBJQQpCRzgySncydGxvV3doQnYxeTNNYzd4MnlyRm1xOUw2WHpsNmVpeWh4eVRlWkhBR0xIeWM5NVk1V3M4QTZFdzBTCjhBaTJ2VFFsMVRsOURoMWJLSXhSWVFtZ1pUQmpCZ2txaGtpRzl3MEJDUTR4VmpCVU1GSUdBMVVkRVFSTE1FbUMKQzJ0cGJtUXRkMjl5YTJWeWdoQnViMlJsTG1WNFlXMXdiR1V1WTI5dGh3U3NFZ0FEZ1ExaFFHVjRZVzF3YkdVdQpZMjl0aGhOemNHbG1abVU2THk5amJIVnpkR1Z5TDI1ek1Bb0dDQ3FHU000OUJBTUNBMGtBTUVZQ0lRRE16VXNOCklrcjhUUk5KaFZEcVNTQ2pqN1NSWkVXVWJyVDZMRTY1aFhEWTVRSWhBSUZWN1pwZXA2bVp4VDk1QmgwbnUwakIKcGZTT2g5Y2VpZ0h6SjYwMkpDc0oKLS0tLS1FTkQgQ0VSVElGSUNBVEUgUkVRVUVTVC0tLS0tCg==', signerName: 'kubernetes.io/kubelet-serving', expirationSeconds: 86400, usages: ['digital signature', 'server auth'], username: 'system:node:kind-worker', groups: ['system:nodes'] },
    status: { conditions: [{ type: 'Approved', status: 'True', reason: 'AutoApproved', lastUpdateTime: ago(now, 59) }], certificate: 'Zm9v' },
  });
  add({
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name: 'jane', uid: 'uid-csr2', creationTimestamp: ago(now, 60) },
    spec: { request: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlISk1IRUNBUUF3RHpFTk1Bc0dBMVVFQXd3RWFtRnVaVEJaTUJNR0J5cUdTTTQ5QWdFR0NDcUdTTTQ5QXdFSApBMElBQktTSFJzS2cyMzBoQkNzTENDUlBwNEpJbUU1N1JNLzNRQXlRWmRhZUVoVXZ1Q1AyK243SytveEFEY0hPCkthZW5OcW51TGVJN1NYcndKMlRBOG9QaHl5S2dBREFLQmdncWhrak9QUVFEQWdOSUFEQkZBaUVBd3RWWmxKUkkKam4rOW90alZOUWJmNEx0YnBxR2pnS2Z5Z2NXN2VMNEdHWlFDSUJxUi8vdHBscVdJNWZOekVQMGpwbnh5YU9iYwpEMG1jQTBlY0NhaEwrY0JCCi0tLS0tRU5EIENFUlRJRklDQVRFIFJFUVVFU1QtLS0tLQo=', signerName: 'kubernetes.io/kube-apiserver-client', username: 'admin' },
    status: { conditions: [{ type: 'Denied', status: 'True' }, { type: 'Failed', status: 'True' }] },
  });
  return objects;
}
