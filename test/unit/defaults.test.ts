import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyDefaults, applyPostCreateDefaults } from '../../src/api/defaults/index.js';
import { defaultPullPolicy } from '../../src/api/defaults/pod.js';
import { builtinRegistry } from '../../src/api/registry.js';
import type { KubeObject } from '../../src/api/types.js';

function defaulted(obj: KubeObject): KubeObject {
  const type = builtinRegistry.forKind(obj.apiVersion, obj.kind)!;
  const copy = structuredClone(obj);
  applyDefaults(copy, type);
  return copy;
}

const CONTAINER_DEFAULTS = {
  imagePullPolicy: 'IfNotPresent',
  resources: {},
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
};

const TEMPLATE_SPEC_DEFAULTS = {
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  schedulerName: 'default-scheduler',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
};

test('imagePullPolicy: Always for latest or untagged images, IfNotPresent otherwise', () => {
  assert.equal(defaultPullPolicy('nginx'), 'Always');
  assert.equal(defaultPullPolicy('nginx:latest'), 'Always');
  assert.equal(defaultPullPolicy('nginx:1.27'), 'IfNotPresent');
  assert.equal(defaultPullPolicy('registry:5000/app'), 'Always');
  assert.equal(defaultPullPolicy('nginx@sha256:abcd'), 'IfNotPresent');
});

test('pod: spec, container, port, probe, volume and status defaults', () => {
  const pod = defaulted({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web' },
    spec: {
      containers: [
        {
          name: 'nginx',
          image: 'nginx:1.27',
          ports: [{ containerPort: 80 }],
          readinessProbe: { httpGet: { port: 80 } },
          env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
          resources: { limits: { cpu: '500m', memory: '128Mi' } },
        },
      ],
      volumes: [{ name: 'cache' }, { name: 'conf', configMap: { name: 'c' } }],
    },
  });
  assert.deepEqual(pod.spec, {
    ...TEMPLATE_SPEC_DEFAULTS,
    enableServiceLinks: true,
    containers: [
      {
        ...CONTAINER_DEFAULTS,
        name: 'nginx',
        image: 'nginx:1.27',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        readinessProbe: { httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
        env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName', apiVersion: 'v1' } } }],
        resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '500m', memory: '128Mi' } },
      },
    ],
    volumes: [
      { name: 'cache', emptyDir: {} },
      { name: 'conf', configMap: { name: 'c', defaultMode: 420 } },
    ],
  });
  assert.equal(pod.status, undefined, 'status is set on create only');
  applyPostCreateDefaults(pod, builtinRegistry.forKind('v1', 'Pod')!);
  assert.deepEqual(pod.status, { phase: 'Pending', qosClass: 'Guaranteed' });
});

test('pod QoS class', () => {
  const qos = (resources: unknown): string => {
    const p = defaulted({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'x', resources }] } });
    applyPostCreateDefaults(p, builtinRegistry.forKind('v1', 'Pod')!);
    return p.status.qosClass;
  };
  assert.equal(qos(undefined), 'BestEffort');
  assert.equal(qos({ requests: { cpu: '100m' } }), 'Burstable');
  assert.equal(qos({ limits: { cpu: '1', memory: '1Gi' } }), 'Guaranteed');
});

test('service: type, affinity, ports, ip families, traffic policies', () => {
  const svc = defaulted({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
  assert.deepEqual(svc.spec, {
    selector: { app: 'web' },
    ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
    type: 'ClusterIP',
    sessionAffinity: 'None',
    ipFamilyPolicy: 'SingleStack',
    ipFamilies: ['IPv4'],
    internalTrafficPolicy: 'Cluster',
  });
  assert.deepEqual(svc.status, { loadBalancer: {} });
  const lb = defaulted({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'lb' }, spec: { type: 'LoadBalancer', ports: [{ port: 443, targetPort: 'https' }] } });
  assert.equal(lb.spec.externalTrafficPolicy, 'Cluster');
  assert.equal(lb.spec.allocateLoadBalancerNodePorts, true);
  assert.equal(lb.spec.ports[0].targetPort, 'https');
  const ext = defaulted({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: { type: 'ExternalName', externalName: 'example.com' } });
  assert.deepEqual(ext.spec, { type: 'ExternalName', externalName: 'example.com', sessionAffinity: 'None' });
});

test('deployment: replicas, strategy, limits, and template defaults without pod-only fields', () => {
  const d = defaulted({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } },
    },
  });
  assert.deepEqual(d.spec, {
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
    template: {
      metadata: { labels: { app: 'web' }, creationTimestamp: null },
      spec: { ...TEMPLATE_SPEC_DEFAULTS, containers: [{ name: 'nginx', image: 'nginx:1.27', ...CONTAINER_DEFAULTS }] },
    },
  });
  assert.equal(d.status, undefined);
});

test('explicit values are kept: a Recreate strategy gets no rollingUpdate', () => {
  const d = defaulted({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { replicas: 0, strategy: { type: 'Recreate' }, template: { spec: { containers: [] } } },
  });
  assert.deepEqual(d.spec.strategy, { type: 'Recreate' });
  assert.equal(d.spec.replicas, 0);
});

test('job: completion defaults, then selector and labels from the uid once it is set', () => {
  const type = builtinRegistry.forKind('batch/v1', 'Job')!;
  const job = defaulted({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi' },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:5.34' }] } } },
  });
  assert.deepEqual(
    { ...job.spec, template: undefined },
    { completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed', template: undefined },
  );
  assert.equal(job.spec.template.spec.restartPolicy, 'Never');
  job.metadata.uid = '0f8d2b1c-1111-4222-8333-444455556666';
  applyPostCreateDefaults(job, type);
  const uid = job.metadata.uid;
  const labels = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': uid, 'job-name': 'pi' };
  assert.deepEqual(job.spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
  assert.deepEqual(job.spec.template.metadata.labels, labels);
  assert.deepEqual(job.metadata.labels, labels);
});

test('job: parallelism alone leaves completions unset', () => {
  const job = defaulted({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'w' }, spec: { parallelism: 3, template: { spec: { containers: [] } } } });
  assert.equal(job.spec.parallelism, 3);
  assert.equal(job.spec.completions, undefined);
});

test('namespace and secret defaults', () => {
  const ns = defaulted({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' } });
  assert.deepEqual(ns.metadata.labels, { 'kubernetes.io/metadata.name': 'dev' });
  assert.deepEqual(ns.spec, { finalizers: ['kubernetes'] });
  assert.deepEqual(ns.status, { phase: 'Active' });
  assert.equal(defaulted({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }).type, 'Opaque');
});

test('defaulting is idempotent for every kind with defaults', () => {
  const template = { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'a', image: 'a', ports: [{ containerPort: 1 }], livenessProbe: { tcpSocket: { port: 1 } } }], volumes: [{ name: 'v' }] } };
  const objects: KubeObject[] = [
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: structuredClone(template.spec) },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { clusterIP: 'None', ports: [{ port: 80 }] } },
    { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'r' }, spec: { template: structuredClone(template) } },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: structuredClone(template) } },
    { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's' }, spec: { template: structuredClone(template), volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: {} }] } },
    { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ds' }, spec: { template: structuredClone(template) } },
    { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: structuredClone(template) } },
    { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: structuredClone(template) } } } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'np' }, spec: { podSelector: {}, egress: [{}] } },
  ];
  for (const obj of objects) {
    const once = defaulted(obj);
    assert.deepEqual(defaulted(once), once, `${obj.kind} defaulting is not idempotent`);
  }
});

test('nulls are dropped as Go decoding drops them; embedded metadata shows a null creationTimestamp', () => {
  const d = defaulted({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', creationTimestamp: null, labels: null as unknown as Record<string, string> },
    spec: { paused: null, template: { spec: { containers: [] } } },
  });
  assert.deepEqual(d.metadata, { name: 'd' });
  assert.equal('paused' in d.spec, false);
  assert.deepEqual(d.spec.template.metadata, { creationTimestamp: null });
});

test('secret: stringData is merged into data as base64 and not stored', () => {
  const s = defaulted({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'eA==', b: 'eQ==' }, stringData: { b: 'two', c: 'three' } });
  assert.deepEqual(s.data, { a: 'eA==', b: 'dHdv', c: 'dGhyZWU=' });
  assert.equal('stringData' in s, false);
  assert.equal(s.type, 'Opaque');
});
