/**
 * Client-side apply with --validate=false|ignore|warn sends the manifest's unknown fields (its
 * last-applied annotation keeps them) and the API server drops them (fieldValidation=Ignore|Warn):
 * so every later apply of the same file has something to patch and says `configured`, as kubectl's
 * does. Server-side apply and the other verbs drop them before sending, as before.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { runCli, tempHome } from '../helpers/cli.js';
import { clients, serveForSuite } from './serve-helpers.js';

const now = '2026-11-21T10:00:00Z';

function manifest(name: string): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: "1"\nbogus: true\n`;
}

test('apply --validate=false keeps an unknown field in last-applied, the server drops it, and the next apply is `configured`', async () => {
  const h = tempHome();
  try {
    const file = join(h.home, 'cm.yaml');
    writeFileSync(file, manifest('unk'));
    const k = (line: string) => runCli(line, { home: h.home, now });
    assert.deepEqual(await k(`apply -f ${file} --validate=false`), { stdout: 'configmap/unk created\n', stderr: '', code: 0 });
    assert.deepEqual(await k(`apply -f ${file} --validate=false`), { stdout: 'configmap/unk configured\n', stderr: '', code: 0 });
    assert.deepEqual(await k(`apply -f ${file} --validate=warn`), { stdout: 'configmap/unk configured\n', stderr: 'Warning: unknown field "bogus"\n', code: 0 });
    assert.equal(JSON.parse((await k('apply view-last-applied configmap unk -o json')).stdout).bogus, true);
    const stored = JSON.parse((await k('get configmap unk -o json')).stdout);
    assert.equal(stored.bogus, undefined);
    // Strict (the default) refuses the field, whatever the annotation holds.
    assert.equal((await k(`apply -f ${file}`)).code, 1);
    // Server-side apply drops it before the merge: no field manager owns it, and nothing changes.
    assert.deepEqual(await k(`apply -f ${file} --validate=false --server-side`), { stdout: 'configmap/unk serverside-applied\n', stderr: '', code: 0 });
    assert.doesNotMatch((await k('get configmap unk -o json --show-managed-fields')).stdout, /bogus/);
  } finally {
    h.dispose();
  }
});

describe('the real kubectl applies a manifest with an unknown field as kubectl-lite does', { skip: kubectlAvailable() ? false : SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite();

  test('created, then configured, then configured with the warning', async () => {
    const { served } = suite;
    const dir = tempHome();
    try {
      // Each client applies its own object to the one store: what they print is the same but for the name.
      const outputs: string[][] = [];
      for (const [name, run] of clients(served)) {
        const file = join(dir.home, `${name}.yaml`);
        writeFileSync(file, manifest(name));
        const seen: string[] = [];
        for (const validate of ['false', 'false', 'warn', 'ignore']) {
          const r = await run(['apply', '-f', file, `--validate=${validate}`]);
          seen.push(`${r.code} ${r.stdout.replace(name, 'NAME')}${r.stderr}`);
        }
        seen.push((await run(['apply', 'view-last-applied', 'configmap', name])).stdout.replace(name, 'NAME'));
        outputs.push(seen);
      }
      assert.deepEqual(outputs[1], outputs[0]);
      assert.deepEqual(outputs[0]!.slice(0, 3), ['0 configmap/NAME created\n', '0 configmap/NAME configured\n', '0 configmap/NAME configured\nWarning: unknown field "bogus"\n']);
    } finally {
      dir.dispose();
    }
  });
});
