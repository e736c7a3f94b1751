/**
 * `diff --prune` (with -l, without, with --prune-allowlist) against the real kubectl through serve:
 * what `apply --prune` would delete is shown as deletions (a pruned Secret's data unmasked, as
 * kubectl shows it), with kubectl's warning about the default allowlist. Skipped, saying so,
 * where kubectl is not installed.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { tempHome } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { diffStable as stable, startServe, type Served } from './serve-helpers.js';

const skip = !kubectlAvailable() && SKIP_NO_KUBECTL;

let home: { home: string; dispose(): void };
let served: Served;

const cm = (name: string, app: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  labels: {app: ${app}}\ndata: {k: "${name}"}\n`;

before(async () => {
  if (skip) return;
  home = tempHome();
  const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s-gone\n  labels: {app: demo}\nstringData: {p: x}\n';
  writeFileSync(join(home.home, 'all.yaml'), [cm('keep', 'demo'), cm('gone', 'demo'), secret, cm('other', 'other')].join('---\n'));
  writeFileSync(join(home.home, 'some.yaml'), cm('keep', 'demo'));
  served = await startServe(home.home, [], { KUBECTL_LITE_NOW: String(Date.now()) });
  assert.equal(served.lite(['apply', '-f', join(home.home, 'all.yaml')]).code, 0);
});

after(async () => {
  if (skip) return;
  await served.stop();
  home.dispose();
});


for (const flags of [['--prune', '-l', 'app=demo'], ['--prune'], ['--prune', '-l', 'app=demo', '--prune-allowlist=core/v1/ConfigMap'], ['--prune', '-l', 'app=none']]) {
  test(`diff -f some.yaml ${flags.join(' ')} shows what kubectl shows`, { skip }, async () => {
    const args = ['diff', '-f', join(home.home, 'some.yaml'), ...flags];
    const want = stable(await served.kubectl(args));
    const got = stable(served.lite(args));
    assert.deepEqual(got, want);
    if (flags.includes('app=none')) assert.equal(want.code, 0);
    else assert.match(want.stdout, /\n-  name: gone\n/);
  });
}
