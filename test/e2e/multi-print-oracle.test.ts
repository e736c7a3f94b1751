/**
 * Several objects printed by a mutating verb as that verb's kubectl prints them: create and
 * replace print one YAML document after another with `---` between them, label (and patch)
 * print each object alone with nothing between them, annotate as create does, apply builds one List. The same
 * stored objects are served to real kubectl (the oracle), which runs the same command lines
 * with --dry-run=client; stdout, stderr and exit code must agree.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Session } from '../../src/cli/session.js';
import type { KubeObject } from '../../src/api/types.js';
import { toYaml } from '../../src/printers/yaml.js';
import { runCli, staticCluster, tempHome } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL, startOracle, type Oracle } from '../helpers/oracle.js';

const skip = !kubectlAvailable() && SKIP_NO_KUBECTL;
const NOW = Date.parse('2026-05-01T08:00:00Z');

const deployment = (name: string): KubeObject =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'nginx' }] } },
    },
  }) as KubeObject;

const FILES: Record<string, string> = {
  'new.yaml': [
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: three\ndata:\n  a: "1"\n',
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: four\ndata:\n  b: "2"\n',
    'apiVersion: v1\nkind: Secret\nmetadata:\n  name: five\nstringData:\n  c: "3"\n',
  ].join('---\n'),
  'new-list.yaml':
    'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: three\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: four\n',
  'one.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: three\n',
};

let home: { home: string; dispose(): void };
let dir: string;
let oracle: Oracle | undefined;

before(async () => {
  home = tempHome();
  dir = mkdtempSync(join(tmpdir(), 'multi-print-'));
  for (const [f, text] of Object.entries(FILES)) writeFileSync(join(dir, f), text);
  await staticCluster(home.home);
  const session = new Session({ env: { KUBECTL_LITE_HOME: home.home }, globals: {}, realNow: () => NOW });
  const stored = session.write((api) => {
    const objs: KubeObject[] = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one', namespace: 'default' }, data: { a: '1' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'two', namespace: 'default', labels: { app: 'shop' } }, data: { b: '2' } },
      deployment('web'),
      deployment('api'),
    ];
    return objs.map((o) => JSON.parse(JSON.stringify(api.create(o))) as KubeObject);
  });
  writeFileSync(join(dir, 'deploys.yaml'), stored.filter((o) => o.kind === 'Deployment').map((o) => toYaml(o)).join('---\n'));
  if (!skip) oracle = await startOracle(stored);
});

after(async () => {
  home.dispose();
  rmSync(dir, { recursive: true, force: true });
  await oracle?.close();
});

const COMMANDS = [
  'create -f new.yaml --dry-run=client -o yaml',
  'create -f new.yaml --dry-run=client -o json',
  'create -f new.yaml --dry-run=client -o name',
  'create -f new.yaml --dry-run=client -o jsonpath={.metadata.name}',
  'create -f new.yaml --dry-run=client -o go-template={{.kind}}/{{.metadata.name}},',
  'create -f new-list.yaml --dry-run=client -o yaml',
  'create -f one.yaml --dry-run=client -o yaml',
  'replace -f deploys.yaml --dry-run=client -o yaml',
  'apply -f new.yaml --dry-run=client -o yaml',
  'apply -f new.yaml --dry-run=client -o json',
  'apply -f new-list.yaml --dry-run=client -o jsonpath={.kind}:{.items[*].metadata.name}',
  'apply -f new.yaml --dry-run=client -o name',
  'apply -f one.yaml --dry-run=client -o yaml',
  'label cm one two x=1 --dry-run=client -o yaml',
  'label cm one two x=1 --dry-run=client -o json',
  'label cm one two x=1 --dry-run=client -o jsonpath={.metadata.labels}',
  'annotate cm one two x=1 --dry-run=client -o yaml',
  'annotate cm one two x=1 --dry-run=client -o json',
  'get cm one two -o yaml',
  'patch -f deploys.yaml -p {"spec":{"replicas":2}} --dry-run=client -o yaml',
];

for (const command of COMMANDS) {
  test(`kubectl-lite ${command} prints what real kubectl prints`, { skip }, async () => {
    const args = command.split(' ');
    // kubectl validates -f input against the server's OpenAPI, which the oracle does not serve.
    const kubectlArgs = ['create', 'apply', 'replace'].includes(args[0]!) ? [args[0]!, '--validate=false', ...args.slice(1)] : args;
    const want = await oracle!.kubectl(kubectlArgs, {}, dir);
    const got = await runCli(args, { home: home.home, now: NOW, cwd: dir });
    assert.deepEqual(got, { stdout: want.stdout, stderr: want.stderr, code: want.code });
  });
}
