/**
 * The real kubectl v1.32's server-side apply against `kubectl-lite serve`: the apply patch,
 * conflicts (kubectl adds its hint to the server's message), --force-conflicts, and the
 * client-side to server-side migration kubectl runs (an apply patch by kubectl-last-applied, a
 * JSON patch rewriting managedFields, the apply again) must leave what kubectl-lite's own
 * `apply --server-side` leaves. Skipped, saying so, where kubectl is not installed.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { tempHome } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { startServe, type Served } from './serve-helpers.js';
import { DEPLOYMENT } from './ssa-manifests.js';

const skip = !kubectlAvailable() && SKIP_NO_KUBECTL;


let home: { home: string; dispose(): void };
let served: Served;

before(async () => {
  if (skip) return;
  home = tempHome();
  served = await startServe(home.home, [], { KUBECTL_LITE_NOW: String(Date.now()) });
});

after(async () => {
  if (skip) return;
  await served.stop();
  home.dispose();
});

function file(name: string, text: string): string {
  const path = join(home.home, name);
  writeFileSync(path, text);
  return path;
}

/** Manager, operation, subresource and fieldsV1 of each entry, as the real kubectl reads them. */
async function ownership(name: string, via: 'kubectl' | 'lite'): Promise<string> {
  const args = ['get', `deploy/${name}`, '-o', 'json', '--show-managed-fields'];
  const r = via === 'kubectl' ? await served.kubectl(args) : served.lite(args);
  assert.equal(r.code, 0, r.stderr);
  const entries = JSON.parse(r.stdout).metadata.managedFields as Array<Record<string, unknown>>;
  return entries.map((e) => `${e.manager} ${e.operation} ${e.subresource ?? ''} ${JSON.stringify(e.fieldsV1)}`).join('\n');
}

test('real kubectl apply --server-side through serve: conflicts, force, ownership as the CLI records them', { skip }, async () => {
  const k = file('k.yaml', DEPLOYMENT('k'));
  const l = file('l.yaml', DEPLOYMENT('l'));
  assert.equal((await served.kubectl(['apply', '--server-side', '-f', k])).stdout, 'deployment.apps/k serverside-applied\n');
  assert.equal(served.lite(['apply', '--server-side', '-f', l]).stdout, 'deployment.apps/l serverside-applied\n');
  assert.equal((await served.kubectl(['scale', 'deploy/k', '--replicas=4'])).code, 0);
  assert.equal(served.lite(['scale', 'deploy/l', '--replicas=4']).code, 0);
  assert.equal((await ownership('k', 'kubectl')).replaceAll('"k"', '"l"'), await ownership('l', 'lite'));

  const refused = await served.kubectl(['apply', '--server-side', '-f', k]);
  const mine = served.lite(['apply', '--server-side', '-f', l]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps\/v1: \.spec\.replicas\nPlease review the fields above/);
  assert.equal(mine.stderr, refused.stderr);
  assert.equal(mine.code, refused.code);

  assert.equal((await served.kubectl(['apply', '--server-side', '--force-conflicts', '-f', k])).code, 0);
  assert.equal(served.lite(['apply', '--server-side', '--force-conflicts', '-f', l]).code, 0);
  assert.equal((await ownership('k', 'kubectl')).replaceAll('"k"', '"l"'), await ownership('l', 'lite'));
  assert.equal((await served.kubectl(['get', 'deploy/k', '-o', 'jsonpath={.spec.replicas}'])).stdout, '2');
});

test('real kubectl: client-side apply, then --server-side migrates ownership as kubectl-lite does', { skip }, async () => {
  const k = file('ck.yaml', DEPLOYMENT('ck'));
  const l = file('cl.yaml', DEPLOYMENT('cl'));
  assert.equal((await served.kubectl(['apply', '-f', k])).code, 0);
  assert.equal(served.lite(['apply', '-f', l]).code, 0);
  assert.equal((await ownership('ck', 'kubectl')).replaceAll('"ck"', '"cl"'), await ownership('cl', 'lite'));
  assert.equal((await served.kubectl(['apply', '--server-side', '-f', k])).code, 0);
  assert.equal(served.lite(['apply', '--server-side', '-f', l]).code, 0);
  const migrated = await ownership('ck', 'kubectl');
  assert.match(migrated, /^kubectl Apply /m);
  assert.match(migrated, /^kubectl-last-applied Apply /m);
  assert.doesNotMatch(migrated, /kubectl-client-side-apply/);
  assert.equal(migrated.replaceAll('"ck"', '"cl"'), await ownership('cl', 'lite'));
});

test('real kubectl diff --server-side through serve prints what kubectl-lite prints', { skip }, async () => {
  const k = file('dk.yaml', DEPLOYMENT('k').replace('replicas: 2', 'replicas: 6'));
  const args = ['diff', '--server-side', '--field-manager=kubectl', '--force-conflicts', '-f', k];
  const real = await served.kubectl(args, { env: { KUBECTL_EXTERNAL_DIFF: 'diff -u -N' } });
  const lite = served.lite(args, { env: { KUBECTL_EXTERNAL_DIFF: 'diff -u -N' } });
  const body = (s: string) => s.split('\n').filter((line) => !/^(---|\+\+\+|diff )/.test(line)).join('\n');
  assert.equal(real.code, 1, real.stderr);
  assert.equal(body(lite.stdout), body(real.stdout));
  assert.equal(lite.code, real.code);
});
