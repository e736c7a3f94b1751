/**
 * describe through the CLI: a cluster is seeded with the fixtures and events recorded the
 * way the simulation records them, then every command's stdout, stderr and exit code must
 * equal real kubectl's for the very objects the store holds.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Session } from '../../src/cli/session.js';
import type { KubeObject } from '../../src/api/types.js';
import type { ApiServer } from '../../src/api/server.js';
import { ApiError } from '../../src/errors.js';
import { kubectlAvailable, SKIP_NO_KUBECTL, startOracle, type Oracle } from '../helpers/oracle.js';
import { runBin, runCli, staticCluster, tempHome } from '../helpers/cli.js';
import { buildFixtures } from '../unit/describe-fixtures.js';
import { sharesStorage } from '../../src/api/registry.js';

process.env.TZ = 'UTC';
const skip = !kubectlAvailable() && SKIP_NO_KUBECTL;
const home = tempHome();
let oracle: Oracle | undefined;
const SEEDED_AGO = 30 * 60_000;

function session(realNow: () => number): Session {
  return new Session({ env: { KUBECTL_LITE_HOME: home.home, HOME: home.home }, globals: {}, realNow });
}

before(async () => {
  if (skip) return;
  // The fixtures are exact objects for kubectl to render: a static cluster leaves them as stored.
  await staticCluster(home.home);
  // Seed as if it all happened half an hour ago, so ages are minutes and cannot race kubectl's clock.
  const past = () => Date.now() - SEEDED_AGO;
  // Pods after what admission checks them against (priority classes...), quotas and limits after the pods.
  const rank = (o: KubeObject) => (o.kind === 'ResourceQuota' || o.kind === 'LimitRange' ? 2 : o.kind === 'Pod' ? 1 : 0);
  const fixtures = buildFixtures(new Date(past()))
    .filter((o) => o.kind !== 'Event' && o.kind !== 'Namespace')
    .sort((a, b) => rank(a) - rank(b));
  const isCustom = (o: KubeObject) => o.apiVersion.startsWith('stable.example.com/');
  // Custom resources go in once their CustomResourceDefinition is stored.
  // Objects the simulated API server refuses (an IPv6 service in this IPv4 cluster...) are left out;
  // the unit fidelity tests describe them.
  const putAll = (api: ApiServer, objects: KubeObject[]) =>
    objects.forEach((o) => {
      try {
        api.put(o);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
      }
    });
  session(past).write((api) => putAll(api, fixtures.filter((o) => !isCustom(o))));
  session(past).write((api) => {
    putAll(api, fixtures.filter(isCustom));
    const get = (kind: string, apiVersion: string, name: string, ns?: string) => api.get(api.typeFor({ apiVersion, kind })!, ns, name);
    const has = (kind: string, apiVersion: string, name: string, ns?: string) => api.tryGet(api.typeFor({ apiVersion, kind })!, ns, name) !== undefined;
    const web = get('Pod', 'v1', 'web', 'default');
    api.recordEvent(web, 'Normal', 'Scheduled', 'Successfully assigned default/web to kind-worker2', { component: 'default-scheduler' });
    api.recordEvent(web, 'Warning', 'BackOff', 'Back-off restarting failed container app in pod web_default', { component: 'kubelet', host: 'kind-worker2' } as any);
    api.recordEvent(web, 'Warning', 'BackOff', 'Back-off restarting failed container app in pod web_default', { component: 'kubelet', host: 'kind-worker2' } as any);
    api.recordEvent(get('Deployment', 'apps/v1', 'webdeploy', 'default'), 'Normal', 'ScalingReplicaSet', 'Scaled up replica set webdeploy-7d4b9c8f5d from 0 to 3', { component: 'deployment-controller' });
    api.recordEvent(get('Node', 'v1', 'kind-worker3'), 'Normal', 'NodeReady', 'Node kind-worker3 status is now: NodeReady', { component: 'kubelet' });
    if (has('Service', 'v1', 'web-lb', 'default')) api.recordEvent(get('Service', 'v1', 'web-lb', 'default'), 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer', { component: 'service-controller' });
  });
  writeFileSync(join(home.home, 'two.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: nosuch\n');
  writeFileSync(join(home.home, 'both.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'webdeploy', labels: { app: 'web' } } }, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'websvc' } }] }));
  writeFileSync(join(home.home, 'nokind.yaml'), 'apiVersion: v1\nmetadata:\n  name: web\n');
  writeFileSync(join(home.home, 'otherns.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\n  namespace: other\n');
  const stored = session(() => Date.now()).read((api) => api.registry.types.filter((t) => !sharesStorage(t)).flatMap((t) => api.list(t)) as KubeObject[]);
  oracle = await startOracle(stored);
});

after(async () => {
  await oracle?.close();
  home.dispose();
});

const COMMANDS = [
  'describe pod web',
  'describe pods',
  'describe po -l app=web',
  'describe pod webdeploy-7d4b9c8f5d',
  'describe pod nosuch',
  'describe pod web nosuch',
  'describe pod/web svc/websvc',
  'describe pod/web svc/nosuch',
  'describe deploy,svc -l app=web',
  'describe deployment webdeploy',
  'describe rs',
  'describe nodes',
  'describe node kind-worker3',
  'describe svc',
  'describe endpointslices',
  'describe pods -A -l tier=frontend',
  'describe pods -n empty',
  'describe pod web --show-events=false',
  'describe pod web --chunk-size=10',
  'describe foo',
  'describe',
  'describe pods nosuch -l app=web',
  'describe pod -A web',
  'describe ns default',
  'describe secrets',
  'describe sa builder',
  'describe leases -n kube-node-lease',
  'describe statefulset,daemonset,job,cronjob,hpa,pdb,rc',
  'describe pv,pvc,sc,quota,limits',
  'describe ingress,ingressclass,netpol',
  'describe roles,rolebindings,clusterrole/viewer,clusterrolebinding/view-all',
  'describe roles,rolebindings',
  'describe clusterrole/viewer clusterrolebinding/view-all',
  'describe clusterrole/viewer pods',
  'describe priorityclass high',
  'describe controllerrevisions',
  'describe validatingwebhookconfigurations',
  'describe crd',
  'describe crontabs',
  'describe ct my-cron',
  'describe crontab.stable.example.com/my-cron',
  'describe apiservices,mutatingwebhookconfigurations',
  'describe events',
  `describe -f ${join(home.home, 'two.yaml')}`,
  `describe -f ${join(home.home, 'both.json')}`,
  `describe -f ${join(home.home, 'both.json')} -l app=web`,
  `describe -f ${join(home.home, 'nokind.yaml')}`,
  `describe -f ${join(home.home, 'otherns.yaml')}`,
  `describe pods -f ${join(home.home, 'two.yaml')}`,
  `describe -f ${join(home.home, 'missing.yaml')}`,
  'describe all',
  'describe all,cm -l app=web',
  'describe pods -l app=web,tier in (frontend)',
  'describe pods -l app in',
  'describe pod,svc web',
  'describe pod/web pod/big pod/nosuch',
];

for (const cmd of COMMANDS) {
  test(`${cmd} matches kubectl`, { skip }, async () => {
    const ours = await runCli(cmd, { home: home.home });
    const theirs = await oracle!.kubectl(cmd.split(' '));
    assert.equal(ours.stderr, theirs.stderr);
    assert.equal(ours.stdout, theirs.stdout);
    assert.equal(ours.code, theirs.code);
  });
}

test('the built binary describes as kubectl does', { skip }, async () => {
  const ours = runBin('describe deploy webdeploy', { home: home.home });
  const theirs = await oracle!.kubectl(['describe', 'deploy', 'webdeploy']);
  assert.equal(ours.stderr, theirs.stderr);
  assert.equal(ours.stdout, theirs.stdout);
  assert.equal(ours.code, 0);
});
