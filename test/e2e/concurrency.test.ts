/** The store under concurrent writers: separate processes, one lock, nothing lost. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { BIN, runBin, tempHome } from '../helpers/cli.js';
import { storedObject } from './store-helpers.js';

function applyProcess(home: string, manifest: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'apply', '-f', '-'], {
      env: { PATH: process.env.PATH, HOME: home, KUBECTL_LITE_HOME: home, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(manifest);
  });
}

test('8 concurrent kubectl-lite apply processes of distinct objects all land', async () => {
  const h = tempHome();
  try {
    // The first write bootstraps the cluster; the 8 then race for the lock.
    assert.equal(runBin(['apply', '-f', '-'], { home: h.home, stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: seed}\n' }).code, 0);
    const names = Array.from({ length: 8 }, (_, i) => `cm-${i}`);
    const results = await Promise.all(
      names.map((name) => applyProcess(h.home, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  value: "${name}"\n`)),
    );
    results.forEach((r, i) => assert.deepEqual(r, { code: 0, stdout: `configmap/${names[i]} created\n`, stderr: '' }));
    for (const name of names) assert.equal(storedObject(h.home, 'core/configmaps', `default/${name}`)?.data.value, name);
  } finally {
    h.dispose();
  }
});
