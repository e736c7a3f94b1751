/**
 * The objects kubectl's generators build: real kubectl renders `create|run ... --dry-run=client -o yaml`
 * itself (it only asks the oracle server for discovery), so its output is the exact expectation for ours.
 * (-o json is left out: kubectl prints the typed objects it built in Go struct field order.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runCli, splitArgs, staticCluster, tempHome } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL, startOracle, type Oracle } from '../helpers/oracle.js';

const COMMANDS = [
  'create deployment web --image=nginx --replicas=3 --port=80',
  'create deployment multi --image=nginx --image=busybox:1.36',
  'create deployment cmd --image=busybox -- sh -c date',
  'create deployment web -n other --image=ghcr.io/example/api:v2',
  'create service clusterip cip --tcp=80:8080 --tcp=443',
  'create service clusterip headless --clusterip=None',
  'create service nodeport np --tcp=80:8080 --node-port=30080',
  'create service loadbalancer lb --tcp=80:http',
  'create service externalname ext --external-name=example.com',
  'create configmap cfg --from-literal=a=b --from-literal=c=d',
  'create secret generic sec --from-literal=password=s3cr3t --type=Opaque',
  'create secret docker-registry reg --docker-username=u --docker-password=p --docker-email=e@x.io',
  'create job j --image=busybox -- date',
  "create cronjob cj --image=busybox --schedule=*/5_*_*_*_* -- date",
  'create namespace foo',
  'create serviceaccount robot -n tools',
  'run nginx --image=nginx --port=80 --env=A=1 --labels=a=b,c=d',
  'run once --image=busybox --restart=Never -- echo hi',
  'run c --image=busybox --command -- sh -c date',
];

describe('generators build what kubectl builds', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  let home: string;
  let dispose: () => void;
  let oracle: Oracle;
  before(async () => {
    ({ home, dispose } = tempHome());
    await staticCluster(home);
    oracle = await startOracle([]);
  });
  after(async () => {
    dispose();
    await oracle.close();
  });

  for (const line of COMMANDS) {
    for (const output of ['yaml']) {
      test(`${line} --dry-run=client -o ${output}`, async () => {
        const args = [...splitArgs(line).map((a) => a.replace(/_/g, ' ')), '--dry-run=client', '-o', output];
        const dash = args.indexOf('--');
        // Flags go before `--` (the container command).
        const argv = dash < 0 ? args : [...args.slice(0, dash), ...args.slice(-3), ...args.slice(dash, -3)];
        const want = await oracle.kubectl(argv);
        const got = await runCli(argv, { home });
        assert.deepEqual(got, want);
      });
    }
  }
});
