/**
 * rollout, expose and autoscale given several objects, or a type they have nothing for, as kubectl
 * v1.32 handles them: rollout status follows each object in turn (it refused more than one), the
 * polymorphic helpers' refusals are kubectl's own words, expose and autoscale act on what -f holds
 * (not the live objects), go on past an object they cannot handle, and separate YAML documents;
 * autoscale's client dry run says `created`. And apply's client dry run of an object the cluster has
 * prints it as the cluster has it (kubectl sends no patch), and a server-side one's dry run warns of the
 * last-applied annotation it cannot take, as kubectl's migration does. Then the real kubectl through serve
 * prints the same.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli, tempHome } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { serveForSuite } from './serve-helpers.js';
import { WEB_APP } from '../helpers/manifests.js';

const WEB = WEB_APP;
// The same Deployment and Service as a file has them: without the labels the live ones carry.
const FILE = WEB.replace(/, labels: \{app: web\}\}\nspec/g, '}\nspec');

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kl-several-'));
  writeFileSync(join(dir, 'web.yaml'), WEB);
  writeFileSync(join(dir, 'file.yaml'), FILE);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const NO_STATUS = 'no status viewer has been implemented for Service';
const NO_HISTORY = 'error retrieving history for "Service", no visitor method exists for { Service}';

describe('rollout, expose and autoscale of several objects', () => {
  let home: string;
  let dispose: () => void;
  const cli = (args: string[]) => runCli(args, { home });
  before(async () => {
    ({ home, dispose } = tempHome());
    assert.equal((await cli(['apply', '-f', join(dir, 'web.yaml')])).code, 0);
  });
  after(() => dispose());

  test('rollout status follows each object, and reports what it could not follow at the end', async () => {
    const done = 'deployment "web" successfully rolled out\n';
    assert.deepEqual(await cli(['rollout', 'status', 'deploy/web', 'deploy/web']), { stdout: done + done, stderr: '', code: 0 });
    assert.deepEqual(await cli(['rollout', 'status', 'svc/web', 'deploy/web']), { stdout: done, stderr: `error: ${NO_STATUS}\n`, code: 1 });
    assert.deepEqual(await cli(['rollout', 'status', 'deploy/web', 'svc/web', 'svc/web']), { stdout: done, stderr: `${NO_STATUS}\n${NO_STATUS}\n`, code: 1 });
    assert.deepEqual(await cli(['rollout', 'status', '-f', join(dir, 'file.yaml')]), { stdout: done, stderr: `error: ${NO_STATUS}\n`, code: 1 });
    assert.deepEqual(await cli(['rollout', 'status', 'deploy', '-l', 'app=nope']), { stdout: '', stderr: 'No resources found in default namespace.\n', code: 0 });
  });

  test('rollout history and undo refuse a type as kubectl\'s polymorphic helpers do', async () => {
    assert.deepEqual(await cli(['rollout', 'history', 'svc/web']), { stdout: '', stderr: `error: ${NO_HISTORY}\n`, code: 1 });
    assert.deepEqual(await cli(['rollout', 'undo', 'svc/web']), { stdout: '', stderr: 'error: error retrieving rollbacker for "Service", no visitor method exists for { Service}\n', code: 1 });
    const rs = (await cli(['get', 'rs', '-o', 'name'])).stdout.trim();
    assert.deepEqual(await cli(['rollout', 'history', rs]), { stdout: '', stderr: 'error: no history viewer has been implemented for "ReplicaSet.apps"\n', code: 1 });
    assert.deepEqual(await cli(['rollout', 'undo', rs]), { stdout: '', stderr: 'error: no rollbacker has been implemented for "ReplicaSet.apps"\n', code: 1 });
    // Errors in the order the objects were visited; pause collects the objects first, so what it
    // cannot find comes before what it cannot pause.
    assert.deepEqual(await cli(['rollout', 'status', 'svc/web', 'deploy/nope']), { stdout: '', stderr: `${NO_STATUS}\nError from server (NotFound): deployments.apps "nope" not found\n`, code: 1 });
    assert.deepEqual(await cli(['rollout', 'status', 'deploy/nope', 'svc/web']), { stdout: '', stderr: `Error from server (NotFound): deployments.apps "nope" not found\n${NO_STATUS}\n`, code: 1 });
    assert.deepEqual(await cli(['rollout', 'pause', 'svc/web', 'deploy/nope']), {
      stdout: '',
      // (kubectl's pause words its own errors with `error: `, in an aggregate too.)
      stderr: 'Error from server (NotFound): deployments.apps "nope" not found\nerror: services "web" pausing is not supported\n',
      code: 1,
    });
    // The history printed first, the refusal after it.
    const both = await cli(['rollout', 'history', 'svc/web', 'deploy/web']);
    assert.equal(both.stdout, 'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n\n');
    assert.equal(both.stderr, `error: ${NO_HISTORY}\n`);
  });

  test('expose and autoscale act on the objects -f holds, go on past one they cannot handle, and separate YAML documents', async () => {
    const exposed = await cli(['expose', '-f', join(dir, 'file.yaml'), '--port=81', '--dry-run=client', '-o', 'yaml']);
    assert.equal(exposed.code, 0, exposed.stderr);
    // Not the live Deployment's labels: the file's object has none.
    assert.doesNotMatch(exposed.stdout, /labels:/);
    assert.equal(exposed.stdout.split('\n---\n').length, 2);
    // Every name is one object: `deploy web svc web` is three Deployments (svc is not found).
    assert.deepEqual(await cli(['expose', 'deploy', 'web', 'svc', 'web', '--port=81', '--dry-run=client']), {
      stdout: 'service/web exposed (dry run)\nservice/web exposed (dry run)\n',
      stderr: 'Error from server (NotFound): deployments.apps "svc" not found\n',
      code: 1,
    });
    const scaled = await cli(['autoscale', 'svc/web', '--max=4', '--dry-run=client']);
    assert.deepEqual(scaled, { stdout: '', stderr: 'error: cannot autoscale a Service: could not find scale subresource for /v1, Resource=services in discovery information\n', code: 1 });
    assert.deepEqual(await cli(['autoscale', '-f', join(dir, 'file.yaml'), '--max=4', '--dry-run=client']), {
      stdout: 'horizontalpodautoscaler.autoscaling/web created (dry run)\n',
      stderr: 'error: cannot autoscale a Service: could not find scale subresource for /v1, Resource=services in discovery information\n',
      code: 1,
    });
  });

  test('apply --server-side --dry-run=server after a client-side apply warns as kubectl does of the annotation it cannot take', async () => {
    const r = await cli(['apply', '--server-side', '-f', join(dir, 'web.yaml'), '--dry-run=server']);
    assert.equal(r.stdout, 'service/web serverside-applied (server dry run)\ndeployment.apps/web serverside-applied (server dry run)\n');
    const warning = (v: string) =>
      'Warning: failed to migrate kubectl.kubernetes.io/last-applied-configuration for Server-Side Apply. This is non-fatal and will be retried next time you apply. ' +
      `Error: Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using ${v}: .metadata.annotations.kubectl.kubernetes.io/last-applied-configuration\n`;
    assert.equal(r.stderr, warning('v1') + warning('apps/v1'));
    assert.equal(r.code, 0);
  });

  test('apply --dry-run=client of an object the cluster has prints it as the cluster has it', async () => {
    const printed = await cli(['apply', '-f', join(dir, 'file.yaml'), '--dry-run=client', '-o', 'json']);
    assert.equal(printed.code, 0, printed.stderr);
    const items = JSON.parse(printed.stdout).items as Array<{ metadata: { labels?: Record<string, string> } }>;
    // The live objects' labels, which the file does not have (it printed them patched, without).
    assert.deepEqual(items.map((i) => i.metadata.labels), [{ app: 'web' }, { app: 'web' }]);
  });
});

describe('rollout, expose and autoscale of several objects, through serve: the real kubectl prints the same', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite((served) => assert.equal(served.lite(['apply', '-f', join(dir, 'web.yaml')]).code, 0));
  test('each', async () => {
    const rs = suite.served.lite(['get', 'rs', '-o', 'name']).stdout.trim();
    for (const args of [
      ['rollout', 'status', 'deploy/web', 'deploy/web'],
      ['rollout', 'status', 'svc/web', 'deploy/web'],
      ['rollout', 'status', 'deploy/web', 'svc/web', 'svc/web'],
      ['rollout', 'status', 'deploy/web', 'deploy/nope', 'deploy/web'],
      ['rollout', 'status', '-f', join(dir, 'file.yaml')],
      ['rollout', 'status', 'deploy', '-l', 'app=nope'],
      ['rollout', 'history', 'svc/web'],
      ['rollout', 'history', 'svc/web', 'deploy/web'],
      ['rollout', 'history', '-f', join(dir, 'file.yaml')],
      ['rollout', 'history', rs],
      ['rollout', 'undo', 'svc/web'],
      ['rollout', 'undo', 'cm/kube-root-ca.crt'],
      ['rollout', 'undo', rs],
      ['rollout', 'status', 'svc/web', 'deploy/nope'],
      ['rollout', 'status', 'deploy/nope', 'svc/web'],
      ['rollout', 'history', 'deploy/web', 'deploy/nope', 'svc/web'],
      ['rollout', 'undo', 'deploy/nope', 'svc/web'],
      ['rollout', 'pause', 'svc/web', 'deploy/nope'],
      ['rollout', 'resume', 'svc/web', 'deploy/nope', 'deploy/gone'],
      ['expose', '-f', join(dir, 'file.yaml'), '--port=81', '--dry-run=client', '-o', 'yaml'],
      ['expose', '-f', join(dir, 'file.yaml'), '--port=81', '--dry-run=server'],
      ['autoscale', 'svc/web', '--max=4', '--dry-run=client'],
      ['autoscale', 'deploy/web', '--max=4', '--dry-run=client'],
      ['autoscale', 'deploy/web', '--max=4', '--dry-run=server'],
      ['autoscale', '-f', join(dir, 'file.yaml'), '--max=4', '--dry-run=client', '-o', 'yaml'],
      ['apply', '-f', join(dir, 'file.yaml'), '--dry-run=client', '-o', 'yaml'],
      ['apply', '--server-side', '-f', join(dir, 'web.yaml'), '--dry-run=server'],
      ['expose', 'deploy', 'web', 'svc', 'web', '--port=81', '--dry-run=client'],
      ['expose', 'deploy/web', 'svc/nope', '--port=81', '--dry-run=client', '-o', 'yaml'],
      ['autoscale', 'deploy', 'web', 'nope', '--max=3', '--dry-run=client'],
    ]) {
      await suite.same(args);
    }
  });
});
