/**
 * The patch `apply` computes, where kubectl shows it (a manifest at a stale resourceVersion is
 * refused with the patch in the message): lists merged by key or as sets say their new order
 * ($setElementOrder) as apimachinery decides, removals and additions in its order. Then the objects
 * the patches make, applied one after another by each client on a store of its own. Through serve,
 * the real kubectl is the expectation.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { runBin, tempHome } from '../helpers/cli.js';
import { serveForSuite, startServe, type Served } from './serve-helpers.js';

interface Container {
  name: string;
  image: string;
  args?: string[];
  env?: Array<{ name: string; value: string }>;
  ports?: Array<{ containerPort: number }>;
}

interface Shape {
  finalizers?: string[];
  containers: Container[];
  volumes?: string[];
  pullSecrets?: string[];
}

const BASE: Shape = {
  finalizers: ['a.example.com/x', 'b.example.com/y'],
  containers: [
    { name: 'a', image: 'nginx', args: ['x1', 'y1'], env: [{ name: 'E1', value: '1' }, { name: 'E2', value: '2' }], ports: [{ containerPort: 80 }, { containerPort: 443 }] },
    { name: 'b', image: 'busybox' },
  ],
  volumes: ['v1', 'v2'],
  pullSecrets: ['s1', 's2'],
};

function manifest(s: Shape, resourceVersion?: string): string {
  const metadata: Record<string, unknown> = { name: 'sm' };
  if (s.finalizers) metadata.finalizers = s.finalizers;
  if (resourceVersion) metadata.resourceVersion = resourceVersion;
  const spec: Record<string, unknown> = { containers: s.containers };
  if (s.volumes) spec.volumes = s.volumes.map((name) => ({ name, emptyDir: {} }));
  if (s.pullSecrets) spec.imagePullSecrets = s.pullSecrets.map((name) => ({ name }));
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: { replicas: 1, selector: { matchLabels: { app: 'sm' } }, template: { metadata: { labels: { app: 'sm' } }, spec } },
  });
}

const [a, b] = BASE.containers as [Container, Container];
const VARIANTS: Record<string, Shape> = {
  reordered: { ...BASE, containers: [b, a] },
  dropped: { ...BASE, containers: [a] },
  added: { ...BASE, containers: [a, b, { name: 'c', image: 'redis' }] },
  envReordered: { ...BASE, containers: [{ ...a, env: [...a.env!].reverse() }, b] },
  envReplaced: { ...BASE, containers: [{ ...a, env: [{ name: 'E3', value: '3' }, a.env![1]!] }, b] },
  portsGone: { ...BASE, containers: [{ ...a, ports: undefined }, b] },
  finalizersReordered: { ...BASE, finalizers: ['b.example.com/y', 'a.example.com/x'] },
  finalizersDropped: { ...BASE, finalizers: ['b.example.com/y'] },
  finalizersAdded: { ...BASE, finalizers: ['c.example.com/z', ...BASE.finalizers!] },
  volumesSwapped: { ...BASE, volumes: ['v3', 'v1'] },
  mixed: { ...BASE, finalizers: ['z/z'], containers: [{ ...b, image: 'busybox:2' }, { name: 'c', image: 'redis' }, { ...a, env: [a.env![0]!] }], pullSecrets: ['s3', 's1'] },
};

describe("apply's strategic merge patch, as kubectl computes it", { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite();
  let dir = '';
  const file = (name: string) => join(dir, `${name}.json`);
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kl-smp-'));
    writeFileSync(file('base'), manifest(BASE));
    for (const [name, shape] of Object.entries(VARIANTS)) {
      writeFileSync(file(`${name}-stale`), manifest(shape, '1'));
      writeFileSync(file(name), manifest(shape));
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the patch in the Conflict of a stale manifest is the one kubectl sends', async () => {
    assert.equal(suite.served.lite(['apply', '-f', file('base')]).code, 0);
    for (const name of Object.keys(VARIANTS)) {
      const r = await suite.same(['apply', '-f', file(`${name}-stale`), '--dry-run=server']);
      assert.match(r.stderr, /^Error from server \(Conflict\): error when applying patch:\n\{/, name);
    }
  });

  test('applied one after another, each client on its own store, the objects are the same', async () => {
    const mine = tempHome();
    const theirs = tempHome();
    let served: Served | undefined;
    try {
      served = await startServe(theirs.home);
      const read = ['get', 'deploy', 'sm', '-o', 'jsonpath={.metadata.finalizers}{.spec.template.spec.containers}{.spec.template.spec.volumes}{.spec.template.spec.imagePullSecrets}'];
      for (const name of ['base', ...Object.keys(VARIANTS).flatMap((n) => [n, 'base'])]) {
        const lite = runBin(['apply', '-f', file(name)], { home: mine.home });
        const real = await served.kubectl(['apply', '-f', file(name)]);
        assert.equal(lite.code, 0, lite.stderr);
        assert.equal(real.code, 0, real.stderr);
        assert.equal(runBin(read, { home: mine.home }).stdout, (await served.kubectl(read)).stdout, `after ${name}`);
      }
    } finally {
      await served?.stop();
      mine.dispose();
      theirs.dispose();
    }
  });
});
