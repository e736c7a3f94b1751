/**
 * kubectl's --raw writes: `create --raw` POSTs a file to an API path, `replace --raw` PUTs it,
 * `delete --raw` DELETEs, each answered by the API `serve` exposes, the body printed as the server
 * sent it; a refusal is the Status kubectl reports. kubectl's argument checks come first.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBin, runCli, tempHome } from '../helpers/cli.js';

describe('--raw writes', () => {
  let home: string;
  let dispose: () => void;
  const cli = (args: string | string[], stdin?: string) => runCli(args, { home, stdin });
  before(async () => {
    ({ home, dispose } = tempHome());
    assert.equal((await cli('create configmap cfg --from-literal=a=1')).code, 0);
  });
  after(() => dispose());

  test('create --raw POSTs the file: a SubjectAccessReview answered, a ConfigMap created', async () => {
    const sar = JSON.stringify({ apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: 'jane', resourceAttributes: { verb: 'get', resource: 'pods', namespace: 'default' } } });
    const r = await cli('create --raw /apis/authorization.k8s.io/v1/subjectaccessreviews -f -', sar);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.endsWith('}\n'), 'one JSON line, as json.Encoder writes it');
    const review = JSON.parse(r.stdout);
    assert.deepEqual([review.kind, review.status.allowed], ['SubjectAccessReview', false]);
    const cm = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'raw' }, data: { x: 'y' } });
    const created = await cli('create --raw /api/v1/namespaces/default/configmaps -f -', cm);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(JSON.parse(created.stdout).metadata.name, 'raw');
    assert.equal((await cli('get cm raw -o jsonpath={.data.x}')).stdout, 'y');
    const again = await cli('create --raw /api/v1/namespaces/default/configmaps -f -', cm);
    assert.deepEqual(again, { stdout: '', stderr: 'Error from server (AlreadyExists): configmaps "raw" already exists\n', code: 1 });
  });

  test('replace --raw PUTs, delete --raw DELETEs; the answers are the server bodies', async () => {
    const current = JSON.parse((await cli('get cm cfg -o json')).stdout);
    current.data.a = '2';
    const replaced = await cli('replace --raw /api/v1/namespaces/default/configmaps/cfg -f -', JSON.stringify(current));
    assert.equal(replaced.code, 0, replaced.stderr);
    assert.equal(JSON.parse(replaced.stdout).data.a, '2');
    const uid = current.metadata.uid;
    const deleted = await cli('delete --raw /api/v1/namespaces/default/configmaps/cfg');
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.deepEqual(JSON.parse(deleted.stdout), { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: 'cfg', kind: 'configmaps', uid } });
    assert.deepEqual(await cli('delete --raw /api/v1/namespaces/default/configmaps/cfg'), { stdout: '', stderr: 'Error from server (NotFound): configmaps "cfg" not found\n', code: 1 });
  });

  test('the built CLI reads the file it is given and sends it as it is', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kl-raw-'));
    try {
      writeFileSync(join(dir, 'cm.json'), JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-file' } }));
      writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: y}\n');
      const r = runBin(['create', '--raw', '/api/v1/namespaces/default/configmaps', '-f', join(dir, 'cm.json')], { home });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).metadata.name, 'from-file');
      assert.deepEqual(runBin(['create', '--raw', '/api/v1/namespaces/default/configmaps', '-f', join(dir, 'cm.yaml')], { home }), {
        stdout: '', stderr: "Error from server (BadRequest): couldn't get version/kind; json parse error: invalid character 'a' looking for beginning of value\n", code: 1,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("kubectl's checks: one file, not a URL, no --output, a request URI", async () => {
    // create asks for -f or -k before anything of --raw's (kubectl v1.32 through serve).
    assert.equal((await cli('create --raw /api/v1/namespaces/default/configmaps')).stderr, 'error: must specify one of -f and -k\n');
    assert.equal((await cli('create --raw /x --edit')).stderr, 'error: must specify one of -f and -k\n');
    assert.equal((await cli('create --raw /x -k dir')).stderr, 'error: --raw can only use a single local file or stdin\n');
    assert.equal((await cli('replace --raw /x')).stderr, 'error: --raw can only use a single local file or stdin\n');
    assert.equal((await cli('create --raw /x -f https://example.com/a.yaml')).stderr, 'error: --raw cannot read from a url\n');
    assert.equal((await cli('create --raw /x -f - -o json', '{}')).stderr, 'error: --raw and --output are mutually exclusive\n');
    assert.equal((await cli('create --raw x -f -', '{}')).stderr, 'error: --raw must be a valid URL path: parse "x": invalid URI for request\n');
    assert.equal((await cli('delete --raw /x -f a -f b')).stderr, 'error: --raw can only use a single local file or stdin\n');
    assert.equal((await cli('create --raw /x -f /nope.json')).stderr, 'error: open /nope.json: no such file or directory\n');
  });
});
