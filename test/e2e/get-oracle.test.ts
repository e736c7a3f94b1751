/**
 * The whole `get` path against real kubectl: the same stored objects are read by our CLI
 * and served to real kubectl (with our server-side Tables); stdout, stderr and exit code must agree.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Session } from '../../src/cli/session.js';
import type { KubeObject } from '../../src/api/types.js';
import { buildTable } from '../../src/printers/table/index.js';
import { runCli, staticCluster, tempHome } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL, startOracle, type Oracle } from '../helpers/oracle.js';

const skip = !kubectlAvailable() && SKIP_NO_KUBECTL;
const CREATED = Date.parse('2026-05-01T08:00:00Z');
const NOW = CREATED + 3 * 3600 * 1000 + 61 * 1000;

let home: { home: string; dispose(): void };
let oracle: Oracle | undefined;

before(async () => {
  home = tempHome();
  // Exact objects to print: a static cluster stores them and reconciles nothing.
  await staticCluster(home.home);
  const session = new Session({ env: { KUBECTL_LITE_HOME: home.home }, globals: {}, realNow: () => CREATED });
  const stored = session.write((api) => {
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { team: 'a' } } });
    const objs: KubeObject[] = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default', labels: { app: 'shop', 'app.kubernetes.io/part-of': 'store' } }, data: { a: '1', b: '2', c: '3' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'flags', namespace: 'team-a', labels: { app: 'shop' } }, data: {} },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token', namespace: 'default', labels: { app: 'shop' } }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==', 'tls.key': 'eA==' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'plain', namespace: 'team-a' }, type: 'Opaque', data: {} },
    ];
    for (const o of objs) api.create(o);
    const all: KubeObject[] = [];
    for (const plural of ['namespaces', 'configmaps', 'secrets']) all.push(...api.list(api.registry.resolve(plural)));
    return all.map((o) => JSON.parse(JSON.stringify(o)) as KubeObject);
  });
  if (!skip) oracle = await startOracle(stored, { table: (type, objs) => buildTable(type, objs, new Date(NOW)) });
});

after(async () => {
  home.dispose();
  await oracle?.close();
});

const COMMANDS = [
  'get cm',
  'get configmaps -A',
  'get cm -A --show-labels',
  'get cm,secrets -A -L app -L app.kubernetes.io/part-of',
  'get secrets,cm -l app=shop',
  'get secret -n team-a -o wide',
  'get cm,secret -A --no-headers',
  'get ns -l team=a',
  'get cm -l app=none',
  'get cm -A -l app=none',
  'get cm -n nowhere',
  'get cm --field-selector metadata.name=settings',
  'get cm -A --field-selector metadata.namespace!=default',
  'get cm --show-kind',
  'get cm --sort-by=.spec.nothere',
  'get cm,secrets -A -o wide --sort-by=.spec.nothere',
  'get cm -A -o name --sort-by=.spec.nothere',
  'get cm -A -o yaml --sort-by={.spec.nothere}',
  'get cm settings -o jsonpath={.spec.nothere} --allow-missing-template-keys=false',
  'get cm -A -o go-template={{range.items}}{{.data.a}}{{end}} --allow-missing-template-keys=false',
];

for (const command of COMMANDS) {
  test(`kubectl-lite ${command} prints what real kubectl prints`, { skip }, async () => {
    const want = await oracle!.kubectl(command.split(' '));
    const got = await runCli(command, { home: home.home, now: NOW });
    assert.deepEqual(got, { stdout: want.stdout, stderr: want.stderr, code: want.code });
  });
}
