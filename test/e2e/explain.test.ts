import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runCli, tempHome } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL, startOracle, type Oracle } from '../helpers/oracle.js';
import { openapiDocuments } from './explain-openapi.js';

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
        'GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: strategy <DeploymentStrategy>\n\n\nDESCRIPTION:\n    <empty>\nFIELDS:\n' +
        '  rollingUpdate\t<RollingUpdateDeployment>\n    <no description>\n\n  type\t<string>\n    <no description>\n\n\n',
      stderr: '',
      code: 0,
    });
    const rec = await runCli('explain deploy.spec.strategy --recursive', { home });
    assert.equal(rec.stdout.split('FIELDS:\n')[1], '  rollingUpdate\t<RollingUpdateDeployment>\n    maxSurge\t<IntOrString>\n    maxUnavailable\t<IntOrString>\n  type\t<string>\n\n');
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
});
