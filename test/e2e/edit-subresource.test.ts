/**
 * `edit --subresource=status` reads the object through .../NAME/status and PATCHes that: only
 * the status is written, as `get/replace --subresource` do (src/api/subresources.ts); a type
 * without the subresource is the server's 404, and nothing is written.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli, staticCluster, tempHome } from '../helpers/cli.js';
import { storeBytes } from './store-helpers.js';

/** An editor that sets the Deployment's spec.replicas to 4 and gives it status.replicas 7. */
const EDITOR = `
const fs = require('fs');
const file = process.argv[2];
const text = fs.readFileSync(file, 'utf8').replace(/^status: \\{\\}$/m, 'status:\\n  replicas: 7').replace(/^  replicas: 1$/m, '  replicas: 4');
fs.writeFileSync(file, text);
`;

describe('edit --subresource=status', () => {
  let home: string;
  let dispose: () => void;
  let env: Record<string, string>;
  before(async () => {
    ({ home, dispose } = tempHome());
    await staticCluster(home);
    writeFileSync(join(home, 'editor.cjs'), EDITOR);
    env = { KUBE_EDITOR: `node ${join(home, 'editor.cjs')}` };
    for (const line of ['create deployment web --image=nginx', 'create deployment api --image=nginx', 'create configmap settings --from-literal=a=b']) {
      const r = await runCli(line, { home });
      assert.equal(r.code, 0, r.stderr);
    }
  });
  after(() => dispose());

  const replicas = async (name: string) => (await runCli(['get', 'deployment', name, '-o', 'jsonpath={.spec.replicas} {.status.replicas}'], { home })).stdout;

  test('writes the status and leaves the spec', async () => {
    const r = await runCli('edit deployment web --subresource=status', { home, env });
    assert.deepEqual(r, { stdout: 'deployment.apps/web edited\n', stderr: '', code: 0 });
    assert.equal(await replicas('web'), '1 7');
  });

  test('without it, the main resource: the spec is written and the status left', async () => {
    const r = await runCli('edit deployment api', { home, env });
    assert.deepEqual(r, { stdout: 'deployment.apps/api edited\n', stderr: '', code: 0 });
    assert.equal(await replicas('api'), '4 ');
  });

  test('a type without a status subresource: the 404, the store unchanged', async () => {
    const bytes = storeBytes(home);
    const r = await runCli('edit configmap settings --subresource=status', { home, env });
    assert.deepEqual(r, { stdout: '', stderr: 'Error from server (NotFound): the server could not find the requested resource\n', code: 1 });
    assert.deepEqual(storeBytes(home), bytes);
    // kubectl v1.32 checks no value: the server has no such path for the type.
    const bad = await runCli('edit configmap settings --subresource=scale', { home, env });
    assert.deepEqual(bad, { stdout: '', stderr: 'Error from server (NotFound): the server could not find the requested resource\n', code: 1 });
    assert.deepEqual(storeBytes(home), bytes);
  });
});
