import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../src/api/types.js';
import { ApiError } from '../../src/errors.js';
import { TOKEN_MOUNT_PATH } from '../../src/sim/admission/pod.js';
import { service, withCluster } from './services-fixtures.js';

function pod(name: string, spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', ...meta }, spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec } };
}

function rejects(fn: () => unknown, reason: string, message: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ApiError, String(err));
    assert.equal(err.reason, reason);
    assert.equal(err.message, message);
    return true;
  });
}

test('Services get a ClusterIP, clusterIPs and single-stack IPv4 families', () => {
  withCluster((api) => {
    const svc = api.create(service('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    assert.match(svc.spec.clusterIP, /^10\.(9[6-9]|10\d|11[01])\.\d+\.\d+$/);
    assert.deepEqual(svc.spec.clusterIPs, [svc.spec.clusterIP]);
    assert.deepEqual(svc.spec.ipFamilies, ['IPv4']);
    assert.equal(svc.spec.ipFamilyPolicy, 'SingleStack');
    assert.equal(svc.spec.ports[0].nodePort, undefined);
  });
});

test('headless, ExternalName and requested ClusterIPs', () => {
  withCluster((api) => {
    const headless = api.create(service('db', { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] }));
    assert.deepEqual(headless.spec.clusterIPs, ['None']);
    const ext = api.create(service('ext', { type: 'ExternalName', externalName: 'example.com' }));
    assert.equal(ext.spec.clusterIP, undefined);
    assert.equal(ext.spec.ipFamilies, undefined);
    const dns = api.create(service('dns', { clusterIP: '10.96.0.10', ports: [{ port: 53 }] }));
    assert.deepEqual(dns.spec.clusterIPs, ['10.96.0.10']);
    rejects(
      () => api.create(service('dns2', { clusterIP: '10.96.0.10', ports: [{ port: 53 }] })),
      'Invalid',
      'Service "dns2" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    );
    rejects(
      () => api.create(service('far', { clusterIP: '192.168.0.1', ports: [{ port: 53 }] })),
      'Invalid',
      'Service "far" is invalid: spec.clusterIPs: Invalid value: []string{"192.168.0.1"}: failed to allocate IP 192.168.0.1: the provided IP (192.168.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    );
  });
});

test('NodePort Services: ports allocated without collisions, requested ports checked, kept on update', () => {
  withCluster((api) => {
    const seen = new Set<number>();
    for (let i = 0; i < 50; i++) {
      const svc = api.create(service(`np${i}`, { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, name: 'http' }, { port: 443, name: 'https' }] }));
      for (const p of svc.spec.ports) {
        assert.ok(p.nodePort >= 30000 && p.nodePort <= 32767);
        assert.ok(!seen.has(p.nodePort), `duplicate ${p.nodePort}`);
        seen.add(p.nodePort);
      }
    }
    api.create(service('fixed', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    rejects(
      () => api.create(service('clash', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })),
      'Invalid',
      'Service "clash" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    );
    rejects(
      () => api.create(service('range', { type: 'NodePort', ports: [{ port: 80, nodePort: 40000 }] })),
      'Invalid',
      'Service "range" is invalid: spec.ports[0].nodePort: Invalid value: 40000: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
    const live = api.get(api.registry.resolve('svc')!, 'default', 'np0');
    const edited = structuredClone(live);
    delete edited.spec.clusterIP;
    delete edited.spec.clusterIPs;
    for (const p of edited.spec.ports) delete p.nodePort;
    edited.metadata.labels = { touched: 'yes' };
    const updated = api.update(edited);
    assert.equal(updated.spec.clusterIP, live.spec.clusterIP);
    assert.deepEqual(updated.spec.ports.map((p: any) => p.nodePort), live.spec.ports.map((p: any) => p.nodePort));
    const headless = structuredClone(updated);
    headless.spec.clusterIP = 'None';
    headless.spec.clusterIPs = ['None'];
    rejects(() => api.update(headless), 'Invalid', 'Service "np0" is invalid: spec.clusterIPs[0]: Invalid value: []string{"None"}: may not change once set');
    const external = structuredClone(updated);
    external.spec = { type: 'ExternalName', externalName: 'example.com', clusterIP: updated.spec.clusterIP, clusterIPs: updated.spec.clusterIPs };
    assert.equal(api.update(external, { dryRun: true }).spec.clusterIP, undefined);
    const back = structuredClone(updated);
    back.spec.type = 'ClusterIP';
    assert.equal(api.update(back).spec.ports[0].nodePort, undefined);
  });
});

test('ServiceAccount admission: default account, token volume and mounts in every container', () => {
  withCluster((api) => {
    const created = api.create(pod('web', { initContainers: [{ name: 'init', image: 'busybox' }] }));
    assert.equal(created.spec.serviceAccountName, 'default');
    assert.equal(created.spec.serviceAccount, 'default');
    const vol = created.spec.volumes[0];
    assert.match(vol.name, /^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.deepEqual(vol.projected, {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
        { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
      ],
    });
    for (const c of [...created.spec.containers, ...created.spec.initContainers]) {
      assert.deepEqual(c.volumeMounts, [{ mountPath: TOKEN_MOUNT_PATH, name: vol.name, readOnly: true }]);
    }
    const noToken = api.create(pod('quiet', { automountServiceAccountToken: false }));
    assert.equal(noToken.spec.volumes, undefined);
    rejects(
      () => api.create(pod('robot', { serviceAccountName: 'robot' })),
      'Forbidden',
      'pods "robot" is forbidden: error looking up service account default/robot: serviceaccount "robot" not found',
    );
    rejects(
      () => api.create(pod('', { serviceAccountName: 'robot' }, { generateName: 'web-7d4b9c8f5d-' })),
      'Forbidden',
      'pods "web-7d4b9c8f5d-" is forbidden: error looking up service account default/robot: serviceaccount "robot" not found',
    );
  });
});

test('DefaultTolerationSeconds appends not-ready/unreachable tolerations unless already tolerated', () => {
  withCluster((api) => {
    const created = api.create(pod('web'));
    assert.deepEqual(created.spec.tolerations, [
      { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
      { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
    ]);
    const own = api.create(pod('own', { tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }] }));
    assert.equal(own.spec.tolerations.length, 2);
    assert.equal(own.spec.tolerations[0].tolerationSeconds, 10);
    const all = api.create(pod('all', { tolerations: [{ operator: 'Exists' }] }));
    assert.deepEqual(all.spec.tolerations, [{ operator: 'Exists' }]);
  });
});

test('Priority admission: class value, default 0, unknown class refused', () => {
  withCluster((api) => {
    assert.equal(api.create(pod('plain')).spec.priority, 0);
    assert.equal(api.create(pod('plain2')).spec.preemptionPolicy, 'PreemptLowerPriority');
    api.create({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000, preemptionPolicy: 'Never' });
    const high = api.create(pod('high', { priorityClassName: 'high' }));
    assert.equal(high.spec.priority, 1000);
    assert.equal(high.spec.preemptionPolicy, 'Never');
    assert.equal(api.create(pod('crit', { priorityClassName: 'system-node-critical' })).spec.priority, 2000001000);
    rejects(() => api.create(pod('nope', { priorityClassName: 'gold' })), 'Forbidden', 'pods "nope" is forbidden: no PriorityClass with name gold was found');
  });
});

test('LimitRanger: defaults requests and limits with its annotation, refuses pods over max or under min', () => {
  withCluster((api) => {
    api.create({
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'limits', namespace: 'default' },
      spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '250m' }, max: { cpu: '1' }, min: { cpu: '100m' } }] },
    });
    const created = api.create(pod('web'));
    assert.deepEqual(created.spec.containers[0].resources, { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '250m', memory: '256Mi' } });
    assert.equal(created.metadata.annotations?.['kubernetes.io/limit-ranger'], 'LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app');
    rejects(
      () => api.create(pod('big', { containers: [{ name: 'app', image: 'nginx', resources: { limits: { cpu: '2' } } }] })),
      'Forbidden',
      'pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2',
    );
    rejects(
      () => api.create(pod('small', { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '50m' }, limits: { cpu: '50m' } } }] })),
      'Forbidden',
      'pods "small" is forbidden: minimum cpu usage per Container is 100m, but request is 50m',
    );
  });
});

test('ResourceQuota: counts and compute refusals in the API server words', () => {
  withCluster((api) => {
    api.create({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'default' }, spec: { hard: { pods: '2', 'requests.cpu': '2', configmaps: '1' } } });
    const withCpu = (name: string, cpu: string) => pod(name, { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu } } }] });
    api.create(withCpu('a', '1'));
    rejects(
      () => api.create(withCpu('b', '1500m')),
      'Forbidden',
      'pods "b" is forbidden: exceeded quota: q, requested: requests.cpu=1500m, used: requests.cpu=1, limited: requests.cpu=2',
    );
    rejects(() => api.create(pod('c')), 'Forbidden', 'pods "c" is forbidden: failed quota: q: must specify requests.cpu for: app');
    api.create(withCpu('d', '1'));
    rejects(
      () => api.create(withCpu('e', '100m')),
      'Forbidden',
      'pods "e" is forbidden: exceeded quota: q, requested: pods=1,requests.cpu=100m, used: pods=2,requests.cpu=2, limited: pods=2,requests.cpu=2',
    );
    api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one', namespace: 'default' } });
    rejects(
      () => api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'two', namespace: 'default' } }),
      'Forbidden',
      'configmaps "two" is forbidden: exceeded quota: q, requested: configmaps=1, used: configmaps=1, limited: configmaps=1',
    );
    // Another namespace is not limited.
    api.create({ ...withCpu('free', '4'), metadata: { name: 'free', namespace: 'other' } });
  });
});

test('LimitRanger: limit/request ratio per Container, and claim size bounds', () => {
  withCluster((api) => {
    api.create({
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'bounds', namespace: 'default' },
      spec: { limits: [{ type: 'Container', maxLimitRequestRatio: { cpu: '2' } }, { type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '10Gi' } }] },
    });
    rejects(
      () => api.create(pod('spiky', { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '100m' }, limits: { cpu: '400m' } } }] })),
      'Forbidden',
      'pods "spiky" is forbidden: cpu max limit to request ratio per Container is 2, but provided ratio is 4.000000',
    );
    const claim = (name: string, storage: string) => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name, namespace: 'default' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } },
    });
    rejects(() => api.create(claim('tiny', '500Mi')), 'Forbidden', 'persistentvolumeclaims "tiny" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi');
    rejects(() => api.create(claim('huge', '20Gi')), 'Forbidden', 'persistentvolumeclaims "huge" is forbidden: maximum storage usage per PersistentVolumeClaim is 10Gi, but request is 20Gi');
    assert.equal(api.create(claim('fine', '5Gi')).metadata.name, 'fine');
  });
});
