import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runCli, tempHome } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL, startOracle, type Oracle } from '../helpers/oracle.js';
import { wrap } from '../../src/cli/explain.js';
import { openapiDocuments } from './explain-openapi.js';
import { serveForSuite } from './serve-helpers.js';
import { join } from 'node:path';
import { packageRoot } from '../../src/util/paths.js';

const CASES = [
  'explain pods',
  'explain po.spec',
  'explain pods.spec.containers',
  'explain pods.spec.containers.imagePullPolicy',
  'explain pods.spec.containers.resources.limits',
  'explain pods.metadata.labels',
  'explain pods.status',
  'explain pods.nosuch',
  'explain pods.spec.nosuch.deeper',
  'explain pods.metadata.name.deeper',
  'explain pods --recursive',
  'explain deployments.spec --recursive',
  'explain deploy.spec.strategy',
  'explain svc.spec.ports',
  'explain cronjobs.spec.jobTemplate.spec.template.spec.volumes --recursive',
  'explain hpa --api-version autoscaling/v1 --recursive',
  'explain hpa.spec.metrics',
  'explain crd.spec.versions.schema --recursive',
  'explain nodes',
  'explain svc',
  'explain deploy.spec.template.spec.containers.livenessProbe',
  'explain sts.spec.volumeClaimTemplates',
  'explain sts.spec.updateStrategy.rollingUpdate',
  'explain pods.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution.podAffinityTerm',
  'explain leases',
  'explain configmaps',
  'explain secrets',
  'explain pvc.spec',
  'explain ingresses.spec.rules.http.paths',
  'explain netpol.spec',
  'explain hpa.spec.behavior.scaleUp',
  'explain ns',
  'explain endpoints.subsets',
  'explain endpointslices.endpoints',
  'explain rs',
  'explain ds.spec.updateStrategy.rollingUpdate',
  'explain jobs.spec',
  'explain cj.spec',
  'explain sts',
  'explain pods.spec.ephemeralContainers',
  'explain pods.spec.securityContext',
  'explain pods.spec.restartPolicy',
  'explain pods.spec.volumes.hostPath.type',
  'explain pods.status --recursive',
  'explain pods.status.containerStatuses.state.terminated',
  'explain svc.spec',
  'explain deploy.status',
  'explain nodes.status --recursive',
  'explain hpa.status --recursive',
  'explain ing.status --recursive',
  'explain jobs.status',
  'explain pvc.status',
  'explain endpointslices',
  'explain nosuchtype',
  'explain',
  'explain pods nodes',
  'explain pods -o foo',
];

describe('explain', () => {
  let home: string;
  let dispose: () => void;
  before(() => ({ home, dispose } = tempHome()));
  after(() => dispose());

  test('layout of a kind, a field and a recursive listing', async () => {
    const r = await runCli('explain deploy.spec.strategy', { home });
    assert.deepEqual(r, {
      stdout:
        'GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: strategy <DeploymentStrategy>\n\n\nDESCRIPTION:\n' +
        '    How old pods are replaced by new ones during a rollout.\n    \nFIELDS:\n' +
        '  rollingUpdate\t<RollingUpdateDeployment>\n    The pace of a RollingUpdate. Only with type RollingUpdate.\n\n' +
        '  type\t<string>\n  enum: Recreate, RollingUpdate\n    RollingUpdate (the default) replaces pods a few at a time; Recreate deletes\n' +
        '    every old pod before creating new ones, so there is a gap in service.\n\n\n',
      stderr: '',
      code: 0,
    });
    const rec = await runCli('explain deploy.spec.strategy --recursive', { home });
    assert.equal(rec.stdout.split('FIELDS:\n')[1], '  rollingUpdate\t<RollingUpdateDeployment>\n    maxSurge\t<IntOrString>\n    maxUnavailable\t<IntOrString>\n  type\t<string>\n  enum: Recreate, RollingUpdate\n\n');
  });

  test('descriptions: a kind, a nested field wrapped to its depth, a shared type', async () => {
    const pod = await runCli('explain pods', { home });
    assert.match(pod.stdout, /^DESCRIPTION:\n    A Pod is the smallest thing Kubernetes runs: one or more containers\n    scheduled together/m);
    // Four levels down, descriptions are indented by two more per level and wrapped at 78 - 2 * level columns.
    const probe = await runCli('explain deploy.spec.template.spec.containers.livenessProbe', { home });
    assert.match(probe.stdout, /^FIELD: livenessProbe <Probe>\n\n\nDESCRIPTION:\n    A periodic check that the container still works\./m);
    assert.match(probe.stdout, /^  failureThreshold\t<integer>\n    Failures in a row before the probe counts as failed\. Default 3\.\n\n/m);
    for (const line of probe.stdout.split('\n')) assert.ok(line.length <= 80, `line too long: ${line}`);
    // ObjectMeta is described once and reads the same under every kind.
    const a = await runCli('explain pods.metadata.labels', { home });
    const b = await runCli('explain cronjobs.spec.jobTemplate.spec.template.metadata.labels', { home });
    assert.equal(a.stdout.split('DESCRIPTION:')[1], b.stdout.split('DESCRIPTION:')[1]);
    assert.match(a.stdout, /Key\/value pairs for organising and selecting objects\./);
  });

  test('a kind or field without a written description says so in one line', async () => {
    const r = await runCli('explain leases', { home });
    assert.match(r.stdout, /^DESCRIPTION:\n    No description written yet\.\n    \nFIELDS:\n/m);
    assert.match(r.stdout, /^  spec\t<LeaseSpec>\n    No description written yet\.\n\n/m);
    // apiVersion, kind and metadata are the same on every kind, so they are described even here.
    assert.match(r.stdout, /^  metadata\t<ObjectMeta>\n    Name, namespace, labels/m);
  });

  test('errors: unknown type, unknown field, bad --api-version', async () => {
    assert.deepEqual(await runCli('explain nosuch', { home }), { stdout: '', stderr: 'the server doesn\'t have a resource type "nosuch"\n', code: 1 });
    assert.deepEqual(await runCli('explain pods.nosuch', { home }), { stdout: 'KIND:       Pod\nVERSION:    v1\n\n', stderr: 'error: field "nosuch" does not exist\n', code: 1 });
    assert.deepEqual(await runCli('explain hpa --api-version autoscaling/v9', { home }), {
      stdout: '',
      stderr: 'error: couldn\'t find resource for "autoscaling/v9, Resource=horizontalpodautoscalers"\n',
      code: 1,
    });
  });

  describe('matches real kubectl rendering the same schemas', () => {
    let oracle: Oracle | undefined;
    before(async () => {
      if (kubectlAvailable()) oracle = await startOracle([], { documents: openapiDocuments() });
    });
    after(async () => oracle?.close());
    for (const args of CASES) {
      test(args, { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, async () => {
        const ours = await runCli(args, { home });
        const real = await oracle!.kubectl(args.split(' ').slice(0))
        assert.deepEqual(ours, { ...real, stderr: real.stderr.replace(/kubectl explain/g, 'kubectl-lite explain') });
      });
    }
  });

  test('descriptions wrap as real kubectl wraps them (random text, long words, spaces, line breaks)', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, async () => {
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    const properties: Record<string, { type: string; description: string }> = {};
    for (let i = 0; i < 120; i++) {
      let text = '';
      for (let j = 1 + rnd(40); j > 0; j--) {
        const r = rnd(20);
        text += r === 0 ? '\n' : r === 1 ? '  ' : r === 2 ? 'x'.repeat(70 + rnd(15)) : 'w'.repeat(1 + rnd(12));
        if (rnd(6)) text += ' ';
      }
      properties[`f${String(i).padStart(3, '0')}`] = { type: 'string', description: text };
    }
    const gvk = { group: '', version: 'v1', kind: 'Pod' };
    const doc = {
      openapi: '3.0.0',
      paths: { '/api/v1/namespaces/{namespace}/pods': { get: { 'x-kubernetes-group-version-kind': gvk } } },
      components: { schemas: { 't.Pod': { type: 'object', properties, 'x-kubernetes-group-version-kind': [gvk] } } },
    };
    const oracle = await startOracle([], { documents: { '/openapi/v3': { paths: { 'api/v1': { serverRelativeURL: '/openapi/v3/api/v1?hash=0' } } }, '/openapi/v3/api/v1': doc } });
    try {
      const real = await oracle.kubectl(['explain', 'pods']);
      let ours = '';
      for (const [name, p] of Object.entries(properties)) ours += `  ${name}\t<string>\n` + wrap(76, p.description).split('\n').map((l) => '    ' + l).join('\n') + '\n\n';
      assert.equal(real.stdout.split('FIELDS:\n')[1], ours + '\n');
    } finally {
      await oracle.close();
    }
  });
});

describe('explain through serve: custom resources, plural.group prefixes, kinds without a schema', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite((served) => {
    assert.equal(served.lite(['apply', '-f', join(packageRoot(), 'manifests', 'crds', 'certificates.yaml')]).code, 0);
  }, {});

  // The real kubectl reads the document serve publishes; kubectl-lite renders from the same schemas.
  for (const args of [
    'explain certificates', // a CustomResourceDefinition's openAPIV3Schema (kubectl-lite printed only the header)
    'explain certificates.cert-manager.io.spec.issuerRef',
    'explain cert.spec.privateKey.algorithm',
    'explain certificates --recursive',
    'explain cert.cert-manager.io.spec', // only the plural takes a group: this is cert, then the fields cert-manager, io, spec
    'explain deployments.apps.spec.replicas',
    'explain Deployment.apps',
    'explain deployments.v1.apps',
    'explain pods.metrics.k8s.io', // a plural of the core group is that resource
    'explain events.events.k8s.io',
    'explain componentstatuses', // kinds without a schema file: the fields every object has
    'explain podmetrics.metadata.name',
    // --api-version: a group version the server serves (its OpenAPI document lacks the resource), one it does not, one that is no group version.
    'explain pods --api-version=apps/v1',
    'explain deploy.spec.strategy --api-version=v1',
    'explain certificates --api-version=cert-manager.io/v2',
    'explain deploy --api-version=a/b/c',
    'explain hpa --api-version=autoscaling/v1',
    // With --api-version the first word is the resource and the rest the field path: apps is a field here.
    'explain deployments.apps.spec --api-version=apps/v1',
    'explain pods.metrics.k8s.io --api-version=v1',
  ]) {
    test(args, async () => {
      await suite.same(args);
    });
  }

  test("a custom kind has the fields every object has, as the API server publishes it, described", () => {
    const r = suite.served.lite(['explain', 'certificates']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\nFIELDS:\n  apiVersion\t<string>\n    The API group and version [^\n]*\n[\s\S]*\n  kind\t<string>\n[\s\S]*\n  metadata\t<ObjectMeta>\n    Name, namespace, labels[\s\S]*\n  spec\t<Object>/);
  });

  test('a CRD field is explained from its schema', () => {
    const r = suite.served.lite(['explain', 'certificates.cert-manager.io.spec.issuerRef']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^GROUP: +cert-manager\.io\nKIND: +Certificate\nVERSION: +v1\n\nFIELD: issuerRef <Object>\n[\s\S]*FIELDS:\n  group\t<string>\n[\s\S]*  kind\t<string>\n[\s\S]*  name\t<string> -required-\n/);
  });
});
