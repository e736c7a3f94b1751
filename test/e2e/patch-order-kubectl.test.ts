/**
 * The order of merged lists after a strategic merge patch without `$setElementOrder`, against kubectl's
 * own strategicpatch (`kubectl patch --local` merges client-side): elements the patch adds, env
 * variables, containers, ports, finalizers, deletions.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runBin } from '../helpers/cli.js';
import { kubectlAlone, kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: d, finalizers: [a.io/x, b.io/y]}
spec:
  selector: {matchLabels: {a: b}}
  template:
    metadata: {labels: {a: b}}
    spec:
      containers:
      - name: app
        image: nginx
        env: [{name: Z, value: "1"}, {name: W, value: "2"}]
        ports: [{containerPort: 80}, {containerPort: 81}]
      - name: side
        image: busybox
      volumes: [{name: v1, emptyDir: {}}, {name: v2, emptyDir: {}}]
`;

const app = (fields: string) => `{"spec":{"template":{"spec":{"containers":[{"name":"app",${fields}}]}}}}`;
const PATCHES = [
  app('"env":[{"name":"X","value":"9"}]'),
  app('"env":[{"name":"W","value":"7"},{"name":"X","value":"9"}]'),
  app('"env":[{"name":"X"},{"name":"Z","value":"5"},{"name":"Y"}]'),
  app('"env":[{"name":"W","value":"7"},{"name":"Z","value":"5"}]'),
  app('"ports":[{"containerPort":82},{"containerPort":80,"name":"h"}]'),
  '{"spec":{"template":{"spec":{"containers":[{"name":"new","image":"x"},{"name":"side","image":"y"}]}}}}',
  '{"spec":{"template":{"spec":{"containers":[{"name":"side","image":"y"},{"name":"app","image":"z"}]}}}}',
  '{"metadata":{"finalizers":["c.io/z"]}}',
  '{"metadata":{"finalizers":["b.io/y","c.io/z"]}}',
  '{"spec":{"template":{"spec":{"volumes":[{"name":"v3","emptyDir":{}},{"name":"v1","$patch":"delete"}]}}}}',
  '{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"side"},{"name":"app"}],"containers":[{"name":"app","image":"q"}]}}}}',
];

test('patch --local orders merged lists as kubectl does', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kl-order-'));
  try {
    writeFileSync(join(dir, 'd.yaml'), DEPLOYMENT);
    for (const p of PATCHES) {
      const args = ['patch', '--local', '-f', 'd.yaml', '--type=strategic', '-p', p, '-o', 'json'];
      const real = kubectlAlone(args, dir);
      assert.equal(real.code, 0, real.stderr);
      const lite = runBin(args, { home: dir, cwd: dir });
      assert.deepEqual(JSON.parse(lite.stdout), JSON.parse(real.stdout), p);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
