import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli, tempHome } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { storedObject, storeBytes } from './store-helpers.js';

const MANIFESTS = `apiVersion: v1
kind: Pod
metadata:
  name: nginx
  labels: {run: nginx}
spec:
  containers:
  - name: app
    image: nginx
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
`;

describe('patch', () => {
  let home: string;
  let dispose: () => void;
  before(async () => {
    ({ home, dispose } = tempHome());
    writeFileSync(join(home, 'm.yaml'), MANIFESTS);
    writeFileSync(join(home, 'pod.yaml'), MANIFESTS.split('---\n')[0]!);
    assert.equal((await runCli(['apply', '-f', join(home, 'm.yaml')], { home })).code, 0);
  });
  after(() => dispose());
  const pod = () => storedObject(home, 'core/pods', 'default/nginx');

  test('strategic (default), then the same patch again is no change', async () => {
    const p = '{"metadata":{"labels":{"tier":"fe"}}}';
    assert.deepEqual(await runCli(['patch', 'pod', 'nginx', '-p', p], { home }), { stdout: 'pod/nginx patched\n', stderr: '', code: 0 });
    assert.equal(pod().metadata.labels.tier, 'fe');
    assert.deepEqual(await runCli(['patch', 'pod/nginx', '-p', p], { home }), { stdout: 'pod/nginx patched (no change)\n', stderr: '', code: 0 });
  });

  test('strategic merges containers by name; YAML patch text', async () => {
    const r = await runCli(['patch', 'deployment', 'web', '-p', 'spec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.28'], { home });
    assert.deepEqual(r, { stdout: 'deployment.apps/web patched\n', stderr: '', code: 0 });
    const d = storedObject(home, 'apps/deployments', 'default/web');
    assert.equal(d.spec.template.spec.containers.length, 1);
    assert.equal(d.spec.template.spec.containers[0].image, 'nginx:1.28');
  });

  test('merge and json types', async () => {
    assert.equal((await runCli(['patch', 'pod', 'nginx', '--type', 'merge', '-p', '{"metadata":{"labels":{"tier":null}}}'], { home })).stdout, 'pod/nginx patched\n');
    assert.equal(pod().metadata.labels.tier, undefined);
    const json = '[{"op":"replace","path":"/spec/containers/0/image","value":"nginx:2"}]';
    assert.equal((await runCli(['patch', 'pod', 'nginx', '--type=json', '-p', json], { home })).stdout, 'pod/nginx patched\n');
    assert.equal(pod().spec.containers[0].image, 'nginx:2');
  });

  test('errors: bad patch text, failed JSON patch test, invalid result, missing object; store unchanged', async () => {
    const bytes = storeBytes(home);
    assert.deepEqual(await runCli(['patch', 'pod', 'nginx', '-p', 'a: b: c'], { home }), {
      stdout: '',
      stderr: 'error: unable to parse "a: b: c": yaml: mapping values are not allowed in this context\n',
      code: 1,
    });
    assert.deepEqual(await runCli(['patch', 'pod', 'nginx', '-p', '{bad'], { home }), {
      stdout: '',
      stderr: "Error from server (BadRequest): invalid character 'b' looking for beginning of object key string\n",
      code: 1,
    });
    assert.deepEqual(await runCli(['patch', 'pod', 'nginx', '--type', 'json', '-p', '[{"op":"test","path":"/spec/x","value":1}]'], { home }), {
      stdout: '',
      stderr: 'The request is invalid: the server rejected our request due to an error in our request\n',
      code: 1,
    });
    assert.deepEqual(await runCli(['patch', 'pod', 'nginx', '--type', 'json', '-p', '{"op":"add"}'], { home }), {
      stdout: '',
      stderr: 'Error from server (BadRequest): json: cannot unmarshal object into Go value of type jsonpatch.Patch\n',
      code: 1,
    });
    const invalid = await runCli(['patch', 'deployment', 'web', '-p', '{"spec":{"replicas":-1}}'], { home });
    assert.equal(invalid.code, 1);
    assert.match(invalid.stderr, /^The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n$/);
    assert.deepEqual(await runCli(['patch', 'pod', 'nosuch', '-p', '{}'], { home }), { stdout: '', stderr: 'Error from server (NotFound): pods "nosuch" not found\n', code: 1 });
    assert.deepEqual(await runCli(['patch', 'pod', 'nginx', '--type', 'x', '-p', '{}'], { home }), {
      stdout: '',
      stderr: 'error: --type must be one of [json merge strategic], not "x"\n',
      code: 1,
    });
    assert.deepEqual(await runCli(['patch', 'pod', 'nginx'], { home }), {
      stdout: '',
      stderr: 'error: must specify --patch or --patch-file containing the contents of the patch\n',
      code: 1,
    });
    assert.deepEqual(storeBytes(home), bytes);
  });

  test('-f, --patch-file, dry runs, --local and -o name', async () => {
    const patchFile = join(home, 'p.yaml');
    writeFileSync(patchFile, 'metadata:\n  annotations:\n    a: "1"\n');
    const bytes = storeBytes(home);
    assert.equal((await runCli(['patch', '-f', join(home, 'pod.yaml'), '--patch-file', patchFile, '--dry-run=client'], { home })).stdout, 'pod/nginx patched\n');
    assert.equal((await runCli(['patch', 'pod', 'nginx', '--patch-file', patchFile, '--dry-run=server'], { home })).stdout, 'pod/nginx patched\n');
    assert.deepEqual(storeBytes(home), bytes);
    assert.equal((await runCli(['patch', '-f', join(home, 'pod.yaml'), '--local', '-p', '{"spec":{"a":1}}', '-o', 'name'], { home })).stdout, 'pod/nginx\n');
    assert.deepEqual(await runCli(['patch', 'pod', 'nginx', '--local', '-p', '{}'], { home }), { stdout: '', stderr: 'error: cannot specify --local and server resources\n', code: 1 });
    assert.equal((await runCli(['patch', '-f', join(home, 'pod.yaml'), '--patch-file', patchFile], { home })).stdout, 'pod/nginx patched\n');
    assert.equal(pod().metadata.annotations.a, '1');
  });

  test('--subresource scale', async () => {
    const r = await runCli(['patch', 'deployment', 'web', '--subresource', 'scale', '--type', 'merge', '-p', '{"spec":{"replicas":3}}'], { home });
    // kubectl names the Scale the server answers (checked against the real kubectl in subresource.test.ts).
    assert.deepEqual(r, { stdout: 'scale.autoscaling/web patched\n', stderr: '', code: 0 });
    assert.equal(storedObject(home, 'apps/deployments', 'default/web').spec.replicas, 3);
  });

  test("unknown fields: kubectl patch sends no fieldValidation, so the API server's Warn drops them and says so", async () => {
    assert.deepEqual(await runCli(['patch', 'pod', 'nginx', '-p', '{"spec":{"bogus":1}}'], { home }), {
      stdout: 'pod/nginx patched (no change)\n',
      stderr: 'Warning: unknown field "spec.bogus"\n',
      code: 0,
    });
    assert.deepEqual(await runCli(['patch', 'pod', 'nginx', '--type=merge', '-p', '{"metadata":{"labels":{"seen":"yes"}},"spec":{"bogus":1}}'], { home }), {
      stdout: 'pod/nginx patched\n',
      stderr: 'Warning: unknown field "spec.bogus"\n',
      code: 0,
    });
    assert.equal(pod().metadata.labels.seen, 'yes');
    assert.equal('bogus' in pod().spec, false);
  });
});

describe('patch --local matches real kubectl (client-side patching)', () => {
  let home: string;
  let dispose: () => void;
  before(() => {
    ({ home, dispose } = tempHome());
    writeFileSync(join(home, 'd.yaml'), MANIFESTS.split('---\n')[1]!);
  });
  after(() => dispose());
  const CASES: Array<[type: string, patch: string]> = [
    ['strategic', '{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:2"},{"name":"side","image":"busybox"}]}}}}'],
    ['strategic', '{"spec":{"template":{"spec":{"containers":[{"name":"web","$patch":"delete"}]}}}}'],
    ['strategic', 'spec:\n  replicas: 4\n  selector: null'],
    ['merge', '{"spec":{"template":{"spec":{"containers":[{"name":"only"}]}}},"metadata":{"labels":{"a":"b"}}}'],
    ['json', '[{"op":"add","path":"/metadata/labels","value":{"x":"y"}},{"op":"replace","path":"/spec/replicas","value":7}]'],
    ['json', '[{"op":"test","path":"/spec/replicas","value":9}]'],
    // Not compared: src/api/merge/json-patch.ts words some failures differently from the json-patch
    // library kubectl and the API server use (remove of a missing key, replace/copy of missing paths).
    ['json', '{"op":"add"}'],
    ['strategic', '{bad'],
    ['strategic', 'a: b: c'],
    ['merge', '[1]'],
  ];
  for (const [type, patch] of CASES) {
    test(`--type ${type} -p ${patch}`, { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, async () => {
      const args = ['patch', '-f', join(home, 'd.yaml'), '--local', '--type', type, '-p', patch, '-o', 'json'];
      const real = spawnSync('kubectl', args, { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home, KUBECONFIG: join(home, 'none') } });
      const ours = await runCli(args, { home });
      assert.deepEqual(ours, { stdout: real.stdout, stderr: real.stderr, code: real.status });
    });
  }
});
