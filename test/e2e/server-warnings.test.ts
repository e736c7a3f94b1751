/**
 * The warnings the API server sends with a create or an update (WarningsOnCreate/WarningsOnUpdate),
 * printed once each as kubectl's warning handler does: a workload or pod name that is not a DNS
 * label, and what the pod template holds that will not work as written.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { runCli, tempHome } from '../helpers/cli.js';
import { clients, serveForSuite } from './serve-helpers.js';

const now = '2026-11-21T10:00:00Z';
const LABEL_RULE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** A Deployment whose template holds one of each thing the API server warns about. */
function deployment(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          nodeSelector: { 'beta.kubernetes.io/os': 'linux' },
          terminationGracePeriodSeconds: -5,
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'failure-domain.beta.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }],
          containers: [
            {
              name: 'app',
              image: 'nginx:1.27',
              env: [{ name: 'MODE', value: 'a' }, { name: 'MODE', value: 'b' }, { name: 'PATH2', value: 'x' }, { name: 'PATH2', value: '$(PATH2):y' }],
              ports: [{ containerPort: 80 }, { containerPort: 80 }],
              resources: { requests: { memory: '1.5' } },
            },
          ],
          ...extra,
        },
      },
    },
  };
}

const TEMPLATE_WARNINGS = [
  'spec.template.spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use "kubernetes.io/os" instead',
  'spec.template.spec.topologySpreadConstraints[0].topologyKey: failure-domain.beta.kubernetes.io/zone is deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
  'spec.template.spec.topologySpreadConstraints[0].labelSelector: a null labelSelector results in matching no pod',
  'spec.template.spec.containers[0].resources.requests[memory]: fractional byte value "1500m" is invalid, must be an integer',
  'spec.template.spec.containers[0].env[1]: hides previous definition of "MODE", which may be dropped when using apply',
  'spec.template.spec.containers[0].ports[1]: duplicate port definition with spec.template.spec.containers[0].ports[0]',
  'spec.template.spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1',
];
const warned = (lines: string[]) => lines.map((l) => `Warning: ${l}\n`).join('');

test('create and apply: a name that is not a DNS label and a pod template\'s flaws are warned about, each text once per command', async () => {
  const h = tempHome();
  try {
    const k = (line: string, stdin?: string) => runCli(line, { home: h.home, now, stdin });
    assert.deepEqual(await k('create deployment my.app --image=nginx:1.27'), {
      stdout: 'deployment.apps/my.app created\n',
      stderr: `Warning: metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [${LABEL_RULE}]\n`,
      code: 0,
    });
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web.1' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } };
    assert.deepEqual(await k('apply -f -', JSON.stringify(pod)), {
      stdout: 'pod/web.1 created\n',
      stderr: `Warning: metadata.name: this is used in the Pod's hostname, which can result in surprising behavior; a DNS label is recommended: [${LABEL_RULE}]\n`,
      code: 0,
    });
    // Two Deployments with the same flaws: the same texts are printed once.
    const list = { apiVersion: 'v1', kind: 'List', items: [deployment('one'), deployment('two')] };
    assert.deepEqual(await k('apply -f -', JSON.stringify(list)), {
      stdout: 'deployment.apps/one created\ndeployment.apps/two created\n',
      stderr: warned(TEMPLATE_WARNINGS),
      code: 0,
    });
    // An update warns again only when the generation moves (the template or the replicas changed).
    assert.deepEqual(await k('label deployment one tier=web'), { stdout: 'deployment.apps/one labeled\n', stderr: '', code: 0 });
    assert.deepEqual(await k('scale deployment one --replicas=2'), { stdout: 'deployment.apps/one scaled\n', stderr: warned(TEMPLATE_WARNINGS), code: 0 });
    // What the controllers create from the template (ReplicaSets, pods) warns nobody.
    assert.equal((await k('get pods -l app=one -o name')).stdout.split('\n').filter(Boolean).length, 2);
    // Pods are not warned about on update.
    assert.deepEqual(await k('label pod web.1 tier=web'), { stdout: 'pod/web.1 labeled\n', stderr: '', code: 0 });
    // --warnings-as-errors fails the command on them (after it ran, as kubectl does).
    const strict = await k('create deployment other.app --image=nginx:1.27 --warnings-as-errors');
    assert.equal(strict.code, 1);
    assert.match(strict.stderr, /^Warning: metadata\.name: this is used in Pod names/);
  } finally {
    h.dispose();
  }
});

function ingress(name: string, className?: string): Record<string, unknown> {
  const backend = { service: { name: 'web', port: { number: 80 } } };
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, annotations: { 'kubernetes.io/ingress.class': 'nginx' } },
    spec: { ...(className ? { ingressClassName: className } : {}), rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }] },
  };
}
const INGRESS_CLASS_WARNING = 'Warning: annotation "kubernetes.io/ingress.class" is deprecated, please use \'spec.ingressClassName\' instead\n';

test('an Ingress naming its class by the old annotation is warned about on create, refused beside ingressClassName; a Service\'s ignored fields on every write', async () => {
  const h = tempHome();
  try {
    const k = (line: string, stdin?: string) => runCli(line, { home: h.home, now, stdin });
    assert.deepEqual(await k('apply -f -', JSON.stringify(ingress('both', 'nginx'))), {
      stdout: '',
      stderr: 'The Ingress "both" is invalid: annotations.kubernetes.io/ingress.class: Invalid value: "nginx": can not be set when the class field is also set\n',
      code: 1,
    });
    assert.deepEqual(await k('apply -f -', JSON.stringify(ingress('old'))), { stdout: 'ingress.networking.k8s.io/old created\n', stderr: INGRESS_CLASS_WARNING, code: 0 });
    // Only a create is warned about, and an update may then set the field beside the annotation.
    assert.deepEqual(await k('apply -f -', JSON.stringify(ingress('old', 'nginx'))), { stdout: 'ingress.networking.k8s.io/old configured\n', stderr: '', code: 0 });
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', annotations: { 'service.kubernetes.io/topology-aware-hints': 'auto' } },
      spec: { externalName: 'db.example.com', ports: [{ port: 80 }] },
    };
    const serviceWarnings =
      'Warning: annotation service.kubernetes.io/topology-aware-hints is deprecated, please use service.kubernetes.io/topology-mode instead\n' +
      'Warning: spec.externalName is ignored when spec.type is not "ExternalName"\n';
    assert.deepEqual(await k('apply -f -', JSON.stringify(service)), { stdout: 'service/s created\n', stderr: serviceWarnings, code: 0 });
    assert.deepEqual(await k('label service s tier=db'), { stdout: 'service/s labeled\n', stderr: serviceWarnings, code: 0 });
    assert.equal((await k('create service externalname e --external-name=db.example.com')).stderr, '');
    assert.deepEqual(await k(`patch service e -p '{"spec":{"externalIPs":["192.0.2.1"]}}'`), {
      stdout: 'service/e patched\n',
      stderr: 'Warning: spec.externalIPs is ignored when spec.type is "ExternalName"\n',
      code: 0,
    });
  } finally {
    h.dispose();
  }
});

test('a claim and a volume: the beta storage-class annotation, fractional bytes of storage, Recycle, deprecated sources and labels', async () => {
  const h = tempHome();
  try {
    const k = (stdin: string) => runCli('apply -f -', { home: h.home, now, stdin });
    const claim = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', annotations: { 'volume.beta.kubernetes.io/storage-class': 'standard' } },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1.5' } } },
    };
    assert.deepEqual(await k(JSON.stringify(claim)), {
      stdout: 'persistentvolumeclaim/data created\n',
      stderr:
        'Warning: metadata.annotations[volume.beta.kubernetes.io/storage-class]: deprecated since v1.8; use "storageClassName" attribute instead\n' +
        'Warning: spec.resources.requests[storage]: fractional byte value "1500m" is invalid, must be an integer\n',
      code: 0,
    });
    const volume = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'old' },
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Recycle',
        glusterfs: { endpoints: 'gluster', path: '/vol' },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'beta.kubernetes.io/arch', operator: 'In', values: ['amd64'] }] }] } },
      },
    };
    assert.deepEqual(await k(JSON.stringify(volume)), {
      stdout: 'persistentvolume/old created\n',
      stderr:
        'Warning: spec.persistentVolumeReclaimPolicy: The Recycle reclaim policy is deprecated. Instead, the recommended approach is to use dynamic provisioning.\n' +
        'Warning: spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].key: beta.kubernetes.io/arch is deprecated since v1.14; use "kubernetes.io/arch" instead\n' +
        'Warning: spec.glusterfs: deprecated in v1.25, non-functional in v1.26+\n',
      code: 0,
    });
    // A pod's ephemeral volume is checked as a claim, at its own path.
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'scratch' },
      spec: {
        containers: [{ name: 'app', image: 'busybox' }],
        volumes: [{ name: 'tmp', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '0.5Gi' } } } } } }],
      },
    };
    assert.deepEqual(await k(JSON.stringify(pod)), { stdout: 'pod/scratch created\n', stderr: '', code: 0 });
    const odd = { ...pod, metadata: { name: 'odd' } };
    (odd.spec.volumes[0]!.ephemeral.volumeClaimTemplate.spec.resources.requests as Record<string, string>).storage = '100m';
    assert.deepEqual(await k(JSON.stringify(odd)), {
      stdout: 'pod/odd created\n',
      stderr: 'Warning: spec.volumes[0].ephemeral.volumeClaimTemplate.spec.resources.requests[storage]: fractional byte value "100m" is invalid, must be an integer\n',
      code: 0,
    });
    const git = { ...pod, metadata: { name: 'git' }, spec: { ...pod.spec, volumes: [{ name: 'src', gitRepo: { repository: 'https://example.com/x.git' } }] } };
    assert.deepEqual(await k(JSON.stringify(git)), { stdout: 'pod/git created\n', stderr: 'Warning: spec.volumes[0].gitRepo: deprecated in v1.11\n', code: 0 });
  } finally {
    h.dispose();
  }
});

describe('the real kubectl prints the warnings serve sends, as kubectl-lite prints them', { skip: kubectlAvailable() ? false : SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite();

  test('create deployment with a dotted name, apply of a flawed template, scale', async () => {
    const { served } = suite;
    const dir = tempHome();
    try {
      const real = await served.kubectl(['create', 'deployment', 'kube.app', '--image=nginx:1.27']);
      const lite = served.lite(['create', 'deployment', 'lite.app', '--image=nginx:1.27']);
      assert.equal(lite.stderr, real.stderr);
      assert.match(real.stderr, /^Warning: metadata\.name: this is used in Pod names and hostnames/);
      // Created again: the warning comes with the refusal (the API server's headers go with any response).
      const realAgain = await served.kubectl(['create', 'deployment', 'kube.app', '--image=nginx:1.27']);
      const liteAgain = served.lite(['create', 'deployment', 'lite.app', '--image=nginx:1.27']);
      assert.equal(realAgain.stderr, `${real.stderr}error: failed to create deployment: deployments.apps "kube.app" already exists\n`);
      assert.equal(liteAgain.stderr.replace('lite.app', 'kube.app'), realAgain.stderr);
      const file = join(dir.home, 'd.json');
      writeFileSync(file, JSON.stringify(deployment('flawed')));
      for (const [, run] of clients(served)) {
        assert.deepEqual(await run(['apply', '-f', file]), { stdout: 'deployment.apps/flawed created\n', stderr: warned(TEMPLATE_WARNINGS), code: 0 });
        assert.deepEqual(await run(['scale', 'deployment', 'flawed', '--replicas=2']), { stdout: 'deployment.apps/flawed scaled\n', stderr: warned(TEMPLATE_WARNINGS), code: 0 });
        assert.equal((await run(['delete', 'deployment', 'flawed'])).code, 0);
      }
      writeFileSync(file, JSON.stringify(ingress('old')));
      for (const [, run] of clients(served)) {
        assert.deepEqual(await run(['apply', '-f', file]), { stdout: 'ingress.networking.k8s.io/old created\n', stderr: INGRESS_CLASS_WARNING, code: 0 });
        assert.equal((await run(['delete', 'ingress', 'old'])).code, 0);
      }
    } finally {
      dir.dispose();
    }
  });
});
