/**
 * Golden outputs of why, tree and map for the scenarios in manifests/why/ (see its README).
 * Regenerate after an intended change: UPDATE_GOLDEN=1 node --test dist/test/e2e/why-golden.test.js
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT, runCli, tempHome } from '../helpers/cli.js';

const NOW = '2026-11-22T00:00:00Z';
const GOLDEN = join(REPO_ROOT, 'test', 'golden', 'why');
const M = 'manifests/why';

interface Scenario {
  name: string;
  setup: string[];
  commands: string[];
}

const SCENARIOS: Scenario[] = [
  { name: 'pending-resources', setup: [`apply -f ${M}/pending-resources.yaml`], commands: ['why pod/big', 'why pod/big -o json'] },
  { name: 'pending-taint', setup: [`apply -f ${M}/pending-taint.yaml`], commands: ['why pod/pinned'] },
  { name: 'pending-selector', setup: [`apply -f ${M}/pending-selector.yaml`], commands: ['why pod/ssd'] },
  { name: 'pending-affinity', setup: [`apply -f ${M}/pending-affinity.yaml`], commands: ['why pod/zonal'] },
  { name: 'pending-cordoned', setup: ['cordon lite-worker lite-worker2 lite-worker3', `apply -f ${M}/pending-cordoned.yaml`], commands: ['why pod/plain'] },
  { name: 'pending-volume', setup: [`apply -f ${M}/pending-volume.yaml`], commands: ['why pod/db'] },
  { name: 'pending-claim', setup: [`apply -f ${M}/pending-claim.yaml`], commands: ['why pod/orphan'] },
  { name: 'service-typo', setup: [`apply -f ${M}/service-typo.yaml`], commands: ['why svc/shop', 'why svc/shop -o json', 'map svc/shop'] },
  { name: 'service-targetport', setup: [`apply -f ${M}/service-targetport.yaml`], commands: ['why svc/api', 'map svc/api', 'map svc/api -o dot'] },
  { name: 'service-not-ready', setup: [`apply -f ${M}/service-not-ready.yaml`], commands: ['why svc/slow', 'why pod/slow-1', 'why pod/slow-2', 'map svc/slow'] },
  { name: 'crashloop', setup: [`apply -f ${M}/crashloop.yaml`], commands: ['why deploy/crasher', 'why pod/$POD', 'tree deploy/crasher', 'tree deploy/crasher -o dot'] },
  { name: 'missing-configmap', setup: [`apply -f ${M}/missing-configmap.yaml`], commands: ['why pod/env-config', 'why pod/mounted-config'] },
  { name: 'ingress-no-class', setup: [`apply -f ${M}/ingress-no-class.yaml`, `apply -f ${M}/service-typo.yaml`], commands: ['why ing/shop', 'map ing/shop'] },
  { name: 'pvc-pending', setup: [`apply -f ${M}/pvc-pending.yaml`], commands: ['why pvc/fast-data'] },
];

/** Names with random suffixes (ReplicaSet pods, EndpointSlices) and uids, made stable. */
function normalise(text: string): string {
  return text
    .replace(/\b(crasher-[0-9a-f]{8,10})-[a-z0-9]{5}\b/g, '$1-XXXXX')
    .replace(/\b((?:shop|api|slow)-)[a-z0-9]{5}\b/g, '$1XXXXX')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UID');
}

for (const s of SCENARIOS) {
  test(`why/tree/map golden: ${s.name}`, async () => {
    const { home, dispose } = tempHome();
    try {
      const cli = (line: string) => runCli(line, { home, now: NOW, cwd: REPO_ROOT });
      for (const line of s.setup) {
        const r = await cli(line);
        assert.equal(r.code, 0, `${line}: ${r.stderr}`);
      }
      const pod = (await cli('get pods -l app=crasher -o jsonpath={.items[0].metadata.name}')).stdout;
      let out = '';
      for (const line of s.commands) {
        const r = await cli(line.replace('$POD', pod));
        assert.equal(r.code, 0, `${line}: ${r.stderr}`);
        assert.equal(r.stderr, '');
        for (const l of r.stdout.split('\n')) if (!/-o (json|dot)/.test(line)) assert.ok(l.length <= 80, `${line}: a line is wider than 80 columns: ${l}`);
        if (line.endsWith('-o json')) JSON.parse(r.stdout);
        out += `$ kubectl-lite ${line}\n${r.stdout}\n`;
      }
      const file = join(GOLDEN, `${s.name}.txt`);
      const got = normalise(out);
      if (process.env.UPDATE_GOLDEN || !existsSync(file)) {
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(file, got);
      }
      assert.equal(got, readFileSync(file, 'utf8'));
    } finally {
      dispose();
    }
  });
}

/** Graphviz must accept every DOT the scenarios produce; skipped where `dot` is not installed. */
test('dot accepts the -o dot output of tree and map', async (t) => {
  const { spawnSync } = await import('node:child_process');
  if (spawnSync('dot', ['-V']).error) {
    process.stderr.write('SKIPPING: Graphviz (dot) is not installed\n');
    t.skip('Graphviz (dot) is not installed');
    return;
  }
  const { home, dispose } = tempHome();
  try {
    const cli = (line: string) => runCli(line, { home, now: NOW, cwd: REPO_ROOT });
    for (const f of ['crashloop', 'service-typo', 'service-not-ready', 'ingress-no-class']) assert.equal((await cli(`apply -f ${M}/${f}.yaml`)).code, 0);
    for (const line of ['tree deploy/crasher -o dot', 'map svc/slow -o dot', 'map svc/shop -o dot', 'map ing/shop -o dot', 'map svc/kube-dns -n kube-system -o dot', 'tree ds/kube-proxy -n kube-system -o dot']) {
      const r = await cli(line);
      assert.equal(r.code, 0, r.stderr);
      const dot = spawnSync('dot', ['-Tsvg'], { input: r.stdout, encoding: 'utf8' });
      assert.equal(dot.status, 0, `${line}: dot rejected it: ${dot.stderr}`);
      assert.match(dot.stdout, /<svg/);
    }
  } finally {
    dispose();
  }
});

test('tree and map fit 80 columns for a namespace of 30 pods, ASCII when piped', async () => {
  const { home, dispose } = tempHome();
  try {
    const cli = (line: string, stdin?: string) => runCli(line, { home, now: NOW, cwd: REPO_ROOT, stdin });
    const manifest = `apiVersion: apps/v1
kind: Deployment
metadata: {name: a-rather-long-deployment-name-for-width}
spec:
  replicas: 30
  selector: {matchLabels: {app: wide}}
  template:
    metadata: {labels: {app: wide}}
    spec:
      containers: [{name: app, image: nginx:1.27, ports: [{containerPort: 8080, name: http}]}]
---
apiVersion: v1
kind: Service
metadata: {name: a-rather-long-service-name-for-width}
spec:
  selector: {app: wide}
  ports: [{port: 80, targetPort: http}]
`;
    assert.equal((await cli('apply -f -', manifest)).code, 0);
    for (const line of ['tree deploy/a-rather-long-deployment-name-for-width', 'map svc/a-rather-long-service-name-for-width']) {
      const r = await cli(line);
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.trimEnd().split('\n');
      assert.ok(lines.length >= 31, `${line}: ${lines.length} lines`);
      for (const l of lines) {
        assert.ok(l.length <= 80, `wider than 80 columns: ${l}`);
        assert.match(l, /^[\x20-\x7e]*$/, `not plain ASCII: ${l}`);
      }
      assert.equal(lines.filter((l) => /Running 1\/1/.test(l)).length, 30);
    }
  } finally {
    dispose();
  }
});

test('why, tree and map: bad input is one line on stderr and exit 1', async () => {
  const { home, dispose } = tempHome();
  try {
    const cli = (line: string) => runCli(line, { home, now: NOW, cwd: REPO_ROOT });
    const cases: Array<[string, RegExp]> = [
      ['why pod/nope', /^Error from server \(NotFound\): pods "nope" not found\n$/],
      ['why', /^error: you must specify one resource as TYPE\/NAME/],
      ['why configmap/x', /^error: why explains pod, service,/],
      ['why pod/x -o yaml', /^error: unable to match a printer suitable for the output format "yaml", allowed formats are: json\n$/],
      ['tree svc/kubernetes', /^error: cannot draw services: give one of deployment,/],
      ['map deploy/x', /^error: cannot draw deployments: give one of service, ingress\n$/],
      ['map svc/kubernetes -o svg', /^error: unable to match a printer suitable for the output format "svg", allowed formats are: dot,json\n$/],
      ['why nosuchtype/x', /^error: the server doesn't have a resource type "nosuchtype"\n$/],
    ];
    for (const [line, want] of cases) {
      const r = await cli(line);
      assert.equal(r.code, 1, line);
      assert.equal(r.stdout, '', line);
      assert.match(r.stderr, want, line);
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, `${line}: ${r.stderr}`);
    }
  } finally {
    dispose();
  }
});
