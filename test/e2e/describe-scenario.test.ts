/**
 * describe after objects are made by the CLI itself (create, run, expose): the objects the
 * store ends up with, whatever the simulation did to them, are described as kubectl would.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Session } from '../../src/cli/session.js';
import type { KubeObject } from '../../src/api/types.js';
import { kubectlAvailable, SKIP_NO_KUBECTL, startOracle, type Oracle } from '../helpers/oracle.js';
import { runCli, tempHome } from '../helpers/cli.js';
import { hpaAsV2 } from '../../src/printers/describe/apps.js';
import { sharesStorage } from '../../src/api/registry.js';

process.env.TZ = 'UTC';
const skip = !kubectlAvailable() && SKIP_NO_KUBECTL;
const home = tempHome();
let oracle: Oracle | undefined;

const SETUP = [
  'create deployment web --image=nginx:1.27 --replicas=3 --port=80',
  'expose deployment web --port=80 --target-port=8080 --type=NodePort',
  'run solo --image=busybox:1.36 --labels=app=solo,tier=x --env=MODE=debug --port=8080 -- sleep 3600',
  'create configmap settings --from-literal=level=info',
  'create secret generic creds --from-literal=password=s3cret',
  'create job once --image=busybox:1.36 -- echo hi',
  // A schedule that does not fire during the test: run times would give seconds-precision ages.
  "create cronjob tick --image=busybox:1.36 --schedule='0 0 1 1 *' -- date",
  'create serviceaccount builder',
  'create namespace team-a',
  // With CPU requests the HPA computes (idle: it scales to 2 after the 300 s window, 25 minutes ago);
  // without them it would warn on every 15 s sync, at ages of seconds that race kubectl's clock.
  'set resources deployment web --requests=cpu=100m',
  'autoscale deployment web --min=2 --max=5 --cpu-percent=70',
];

before(async () => {
  if (skip) return;
  // Made half an hour ago, so ages are minutes and cannot race kubectl's clock.
  const past = Date.now() - 30 * 60_000;
  for (const cmd of SETUP) {
    const r = await runCli(cmd, { home: home.home, now: past });
    assert.equal(r.code, 0, `${cmd}: ${r.stderr}`);
  }
  const stored = new Session({ env: { KUBECTL_LITE_HOME: home.home, HOME: home.home }, globals: {}, realNow: () => Date.now() }).read(
    (api) => api.registry.types.filter((t) => !sharesStorage(t)).flatMap((t) => api.list(t)) as KubeObject[],
  );
  // A real API server serves a v1-created HPA at autoscaling/v2; the oracle does not convert.
  oracle = await startOracle(stored.map(hpaAsV2));
});

after(async () => {
  await oracle?.close();
  home.dispose();
});

const COMMANDS = [
  'describe deployments',
  'describe replicasets',
  'describe pods -A',
  'describe services',
  'describe endpoints,endpointslices',
  'describe nodes',
  'describe configmaps,secrets,serviceaccounts',
  'describe jobs,cronjobs',
  'describe hpa',
  'describe namespaces',
  'describe all -A',
];

for (const cmd of COMMANDS) {
  test(`after create/run/expose: ${cmd} matches kubectl`, { skip }, async () => {
    const ours = await runCli(cmd, { home: home.home });
    const theirs = await oracle!.kubectl(cmd.split(' '));
    assert.equal(ours.stderr, theirs.stderr);
    assert.equal(ours.stdout, theirs.stdout);
    assert.equal(ours.code, theirs.code);
  });
}
