/**
 * How `wait` visits what it is given, as kubectl's builder and condition functions do: each named
 * object is fetched when the visit reaches it (one deleted while an earlier one was waited for is
 * passed over by --for=delete; one created meanwhile is waited for); once --timeout has passed, the
 * objects left are not looked at (delete's request fails in the client, a condition's watch ends);
 * an -f document in another namespace than -n, or without a name, is refused in its place among the
 * objects, while what the builder cannot find comes after them; --for=create's first visit stops at
 * any error of the builder's. Through serve, the real kubectl is the expectation.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { BIN, type Result } from '../helpers/cli.js';
import { baseEnv, serveForSuite } from './serve-helpers.js';

const NOW = String(Date.now());

describe("wait's visit, beside the real kubectl", { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kl-waitvisit-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, docs: string[]) => {
    writeFileSync(join(dir, name), docs.map((d) => `apiVersion: v1\nkind: ConfigMap\nmetadata: ${d}\n`).join('---\n'));
    return join(dir, name);
  };
  const mixed = file('mixed.yaml', ['{name: c1}', '{name: zz}', '{name: o1, namespace: other}', '{name: c2}']);
  const mismatchOnly = file('mismatch.yaml', ['{name: c1}', '{name: o1, namespace: other}', '{name: c2}']);
  const nameless = file('nameless.yaml', ['{name: c1}', '{labels: {a: b}}']);
  const suite = serveForSuite(
    (s) => {
      for (const words of [['create', 'ns', 'other'], ['create', 'cm', 'c1'], ['create', 'cm', 'c2'], ['create', 'cm', 'o1', '-n', 'other']]) {
        assert.equal(s.lite(words).code, 0, words.join(' '));
      }
    },
    { KUBECTL_LITE_NOW: NOW },
  );

  /** kubectl-lite on the suite's store, as a process of its own, so that the test can change the store while it waits. */
  const liteAsync = (args: string[]): Promise<Result> =>
    new Promise((resolve) => {
      const home = dirname(suite.served.kubeconfig);
      execFile(process.execPath, [BIN, ...args], { env: baseEnv(home, { KUBECTL_LITE_NOW: NOW }) }, (e, stdout, stderr) =>
        resolve({ stdout, stderr, code: e ? (typeof (e as any).code === 'number' ? (e as any).code : 1) : 0 }),
      );
    });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const withoutWarnings = (r: Result): Result => ({ ...r, stderr: r.stderr.replace(/^[WE]\d{4} .*\n/gm, '') });

  test('once --timeout has passed, the objects left are not looked at', async () => {
    for (const words of [
      ['wait', 'cm/c1', 'cm/c2', '--for=delete', '--timeout=1s'],
      ['wait', 'cm/c1', 'cm/nope', 'cm/c2', '--for=delete', '--timeout=1s', '-o', 'name'],
      ['wait', 'cm/c1', 'cm/c2', '--for=jsonpath={.metadata.name}=c2', '--timeout=1s'],
      ['wait', 'cm/c1', 'cm/c2', '--for=delete', '--timeout=0'],
    ]) await suite.same(words);
  });

  test('a document refused in its place among the objects; what the builder cannot find after them', async () => {
    for (const words of [
      ['wait', '-f', mixed, '-n', 'default', '--for=jsonpath={.data}', '--timeout=1s'],
      ['wait', '-f', mixed, '-n', 'default', '--for=delete', '--timeout=1s'],
      ['wait', '-f', mismatchOnly, '-n', 'default', '--for=condition=Ready', '--timeout=1s'],
      ['wait', '-f', nameless, '--for=delete', '--timeout=1s'],
      // --for=create visits first and stops at the builder's errors (a namespace refused too), not at wait's own.
      ['wait', '-f', mixed, '-n', 'default', '--for=create', '--timeout=1s'],
      ['wait', '-f', mismatchOnly, '-n', 'default', '--for=create', '--timeout=1s'],
      ['wait', '-f', nameless, '--for=create', '--timeout=1s'],
    ]) await suite.same(words);
  });

  test('each named object is fetched when the visit reaches it', async () => {
    const outcomes: Record<string, Result[]> = {};
    for (const [name, run] of [
      ['real', (args: string[]) => suite.served.kubectl(args)],
      ['lite', liteAsync],
    ] as const) {
      for (const words of [['create', 'cm', 'd1'], ['create', 'cm', 'd2']]) assert.equal(suite.served.lite(words).code, 0);
      const deleting = run(['wait', 'cm/d1', 'cm/d2', '--for=delete', '--timeout=30s']);
      await sleep(1500);
      assert.equal(suite.served.lite(['delete', 'cm', 'd2']).code, 0);
      await sleep(1000);
      assert.equal(suite.served.lite(['delete', 'cm', 'd1']).code, 0);
      const first = withoutWarnings(await deleting);
      assert.equal(suite.served.lite(['create', 'cm', 'd1']).code, 0);
      const creating = run(['wait', 'cm/d1', 'cm/d3', '--for=jsonpath={.data.x}=1', '--timeout=30s']);
      await sleep(1500);
      assert.equal(suite.served.lite(['create', 'cm', 'd3', '--from-literal=x=1']).code, 0);
      await sleep(1000);
      assert.equal(suite.served.lite(['patch', 'cm', 'd1', '-p', '{"data":{"x":"1"}}']).code, 0);
      const second = withoutWarnings(await creating);
      assert.equal(suite.served.lite(['delete', 'cm', 'd1', 'd3']).code, 0);
      outcomes[name] = [first, second];
    }
    assert.deepEqual(outcomes.lite, outcomes.real);
    assert.deepEqual(outcomes.real![0], { stdout: 'configmap/d1 condition met\n', stderr: '', code: 0 });
  });
});
