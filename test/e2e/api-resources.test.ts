/** api-resources / api-versions against the real-kubectl capture and against real kubectl reading the same discovery. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { kubectlAvailable, SKIP_NO_KUBECTL, startOracle, type Oracle } from '../helpers/oracle.js';
import { SHARED, runCli, skipWithoutShared, tempHome } from '../helpers/cli.js';

const skip = !kubectlAvailable() && SKIP_NO_KUBECTL;
let home: { home: string; dispose(): void };
let oracle: Oracle | undefined;

before(async () => {
  home = tempHome();
  if (!skip) oracle = await startOracle([]);
});
after(async () => {
  home.dispose();
  await oracle?.close();
});

test('api-resources prints the captured kubectl table byte for byte', { skip: skipWithoutShared('reference', 'kubectl-captures.txt') }, async () => {
  const captures = readFileSync(join(SHARED, 'reference', 'kubectl-captures.txt'), 'utf8');
  const start = captures.indexOf('$ kubectl api-resources\n') + '$ kubectl api-resources\n'.length;
  const captured = captures.slice(start, captures.indexOf('[exit 0]', start));
  // The capture's kind cluster had no metrics-server; the simulated one serves its metrics.k8s.io
  // resources, which kubectl sorts between flowcontrol.apiserver.k8s.io and networking.k8s.io.
  const header = captured.slice(0, captured.indexOf('\n'));
  const cols = ['APIVERSION', 'NAMESPACED', 'KIND'].map((c) => header.indexOf(c));
  const row = (name: string, namespaced: string, kind: string) =>
    name.padEnd(cols[0]!) + 'metrics.k8s.io/v1beta1'.padEnd(cols[1]! - cols[0]!) + namespaced.padEnd(cols[2]! - cols[1]!) + kind + '\n';
  const at = captured.indexOf('ingressclasses ');
  assert.ok(at > 0);
  const expected = captured.slice(0, at) + row('nodes', 'false', 'NodeMetrics') + row('pods', 'true', 'PodMetrics') + captured.slice(at);
  const r = await runCli('api-resources', { home: home.home });
  assert.deepEqual(r, { stdout: expected, stderr: '', code: 0 });
});

const FLAG_SETS = [
  ['-o', 'wide'],
  ['-o', 'name'],
  ['--namespaced=false'],
  ['--namespaced=true', '--no-headers'],
  ['--api-group=apps', '-o', 'wide'],
  ['--api-group='],
  ['--verbs=list,watch', '--sort-by=name'],
  ['--verbs', 'create', '--verbs', 'get', '--sort-by=kind', '-o', 'wide'],
  ['--sort-by=kind', '--namespaced=false'],
  ['--categories=all'],
];

for (const flags of FLAG_SETS) {
  test(`api-resources ${flags.join(' ')} matches real kubectl`, { skip }, async () => {
    const want = await oracle!.kubectl(['api-resources', ...flags]);
    const got = await runCli(['api-resources', ...flags], { home: home.home });
    assert.equal(got.stdout, want.stdout);
    assert.equal(got.code, want.code);
  });
}

test('api-resources rejects other -o and --sort-by values as kubectl does', async () => {
  assert.deepEqual(await runCli('api-resources -o yaml', { home: home.home }), { stdout: '', stderr: 'error: --output yaml is not available\n', code: 1 });
  assert.deepEqual(await runCli('api-resources --sort-by=foo', { home: home.home }), { stdout: '', stderr: 'error: --sort-by accepts only name or kind\n', code: 1 });
});

test('api-versions matches real kubectl', { skip }, async () => {
  const want = await oracle!.kubectl(['api-versions']);
  const got = await runCli('api-versions', { home: home.home });
  assert.equal(want.code, 0);
  assert.deepEqual(got, { stdout: want.stdout, stderr: '', code: 0 });
});
