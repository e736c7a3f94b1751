/**
 * Issue 14 item 1 against the real kubectl: -f and --local on label, annotate and set (kubectl
 * changes --local objects itself, without a server, so its output is the expectation), --record's
 * change-cause, -f on scale, autoscale and expose (their --dry-run=client objects are built by
 * kubectl from the object an oracle server serves), and kubectl's guards between them.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli, splitArgs, staticCluster, tempHome } from '../helpers/cli.js';
import { kubectlAlone, kubectlAvailable, SKIP_NO_KUBECTL, startOracle, type Oracle } from '../helpers/oracle.js';
import type { KubeObject } from '../../src/api/types.js';
import { dump } from 'js-yaml';

const DEPLOYMENT: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }] }], initContainers: [{ name: 'init', image: 'busybox' }] },
    },
  },
};
const SERVICE: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's1' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };
const POD: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', annotations: { x: 'y' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };
const WORKLOADS = [
  `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: postgres}]}`,
  `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: a}}
  template:
    metadata: {labels: {app: a}}
    spec: {containers: [{name: a, image: agent}]}`,
  `apiVersion: batch/v1
kind: CronJob
metadata: {name: cj}
spec:
  schedule: '* * * * *'
  jobTemplate:
    spec:
      template:
        spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}`,
  `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: rs}
spec:
  selector: {matchLabels: {app: rs}}
  template:
    metadata: {labels: {app: rs}}
    spec: {containers: [{name: c, image: busybox}]}`,
].join('\n---\n');

/** --local: kubectl needs no server. */
const LOCAL = [
  'label --local -f all.yaml a=b',
  'label --local -f all.yaml a=b -o yaml',
  'label --local -f all.yaml a=b app- -o json',
  'label --local -f all.yaml app=x',
  'annotate --local -f all.yaml a=b -o yaml',
  'annotate --local -f all.yaml a=b x- -o name',
  'annotate --local -f all.yaml --list',
  'set image --local -f all.yaml web=nginx:2 -o yaml',
  'set image --local -f all.yaml *=nginx:2 -o json',
  'set image --local -f all.yaml web=nginx:2',
  'set image --local -f work.yaml *=x:1 -o yaml',
  'set image --local -f work.yaml *=x:1 -o json',
  'set env --local -f all.yaml B=2 A- -o yaml',
  'set env --local -f all.yaml -c init B=2 -o yaml',
  'set resources --local -f all.yaml --limits=cpu=1,memory=1Gi --requests=cpu=100m -o yaml',
  'set resources --local -f work.yaml --limits=cpu=1 -o yaml',
  'set selector --local -f all.yaml app=x,tier=y -o yaml',
  'set selector --local -f all.yaml app=x',
  'set serviceaccount --local -f all.yaml robot -o yaml',
  'set sa --local -f work.yaml robot -o yaml',
  'set image --local -f all.yaml web=x --record -o yaml',
  'set resources --local -f all.yaml --record --limits=cpu=1 -n default -o yaml',
  'set env --local -f all.yaml --record C=3',
];

/** kubectl's refusals, before any request. */
const GUARDS = [
  'label --local a=b',
  'label --local -f all.yaml deploy/x a=b',
  'label -f all.yaml deploy/x a=b',
  'label --local -f all.yaml a=b --dry-run=server',
  'annotate --local a=b',
  'set image --local -f all.yaml web=x --dry-run=server',
  'set image --local deploy/x a=b',
  'set image --local a=b',
  'set env --local -f all.yaml --keys=a',
  'set selector --local -f all.yaml',
  'set serviceaccount --local -f all.yaml',
  'scale --local -f all.yaml --replicas=1',
  'autoscale --local -f all.yaml --max=2',
  'expose --local -f all.yaml',
];

/** -f naming live objects (served by the oracle, stored in kubectl-lite's cluster). */
const SERVED = [
  'autoscale -f deploy.yaml --max=5 --min=2 --cpu-percent=50 --dry-run=client -o yaml',
  'autoscale -f deploy.yaml --max=5 --dry-run=client -o json',
  'expose -f deploy.yaml --port=8080 --target-port=80 --dry-run=client -o yaml',
  'expose -f deploy.yaml --dry-run=client -o yaml',
  // several ports, named port-1, port-2; a port Go's Atoi cannot read
  'expose -f deploy.yaml --port=80,81 --target-port=8080 --name=two --dry-run=client -o yaml',
  'expose -f deploy.yaml --port=abc --name=bad --dry-run=client',
  'expose -f deploy.yaml --port=99999999999999999999 --name=bad --dry-run=client',
  // set resources reads its lists as kubectl does (canonical quantities, its own errors)
  'set resources -f deploy.yaml --limits=cpu=0.5,memory=1024Mi --requests=cpu=2E6 --dry-run=client -o yaml',
  'set resources -f deploy.yaml --limits=cpu=abc --dry-run=client',
  'set resources -f deploy.yaml --limits=cpu --dry-run=client',
  'scale -f deploy.yaml --replicas=3 --dry-run=client',
  'label -f deploy.yaml a=b --dry-run=client',
  'set image -f deploy.yaml web=nginx:3 --dry-run=client -o yaml',
  'delete pods --all -l a=b',
  'delete pods --all --field-selector=metadata.name=x',
  'replace -f all.yaml --grace-period=3',
  'cordon --selector=',
  'run x --image=Nginx',
  'run x --image=a//b',
  'run x --image=x@sha256:abc',
  'run x --image=UPPER/x:1 --dry-run=client -o name',
  'create -f all.yaml -l app=web --validate=false --dry-run=client -o name',
  'create -f all.yaml -l app!=web --validate=false --dry-run=client -o name',
  'create -f all.yaml -l nothing=here --validate=false --dry-run=client -o name',
  // client-go names the kubeconfig user: kubectl runs with kubectl-lite's config as its kubeconfig (CONFIGURED).
  'label --local -f all.yaml a=b -o name --token=t --username=u',
  'label --local -f all.yaml a=b -o name --as-group=g',
  'label --local -f all.yaml a=b -o name --log-flush-frequency=x',
  'label --local -f all.yaml a=b -o name -s=http://127.0.0.1:1 --insecure-skip-tls-verify --cache-dir=/tmp -v=0',
];

/** The lines whose errors name the kubeconfig user, and so need kubectl-lite's config as kubectl's kubeconfig. */
const CONFIGURED = ['--token=', '--as-group='];

/** kubectl names itself in usage lines and the change-cause; klog lines carry a time and a pid. */
function comparable(r: { stdout: string; stderr: string; code: number }, prog: string) {
  const fix = (s: string) => s.replaceAll(`change-cause: ${prog} `, 'change-cause: kubectl ').replaceAll(`'${prog} `, "'kubectl ").replace(/^([EW])\d{4} [\d:.]+ +\d+ /gm, '$1 ');
  return { stdout: fix(r.stdout), stderr: fix(r.stderr), code: r.code };
}

describe('-f and --local on label, annotate, set, scale, autoscale, expose as kubectl has them', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  let home: string;
  let dispose: () => void;
  let oracle: Oracle;
  let dir: string;
  before(async () => {
    ({ home, dispose } = tempHome());
    await staticCluster(home);
    dir = mkdtempSync(join(tmpdir(), 'kubectl-lite-flags-'));
    const yaml = (o: KubeObject) => dump(o);
    writeFileSync(join(dir, 'all.yaml'), [DEPLOYMENT, SERVICE, POD].map(yaml).join('\n---\n'));
    writeFileSync(join(dir, 'work.yaml'), WORKLOADS);
    writeFileSync(join(dir, 'deploy.yaml'), yaml(DEPLOYMENT));
    const created = await runCli(['create', '-f', join(dir, 'deploy.yaml')], { home });
    assert.equal(created.code, 0, created.stderr);
    // The oracle serves the object as kubectl-lite stores it.
    oracle = await startOracle([JSON.parse((await runCli(['get', 'deployment', 'web', '-o', 'json'], { home })).stdout)]);
  });
  after(async () => {
    dispose();
    await oracle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const line of [...LOCAL, ...GUARDS, ...SERVED]) {
    test(line, async () => {
      const argv = splitArgs(line);
      // Lines that need no server run kubectl without one (the oracle's --server would be recorded by --record).
      const kubeconfig = CONFIGURED.some((flag) => line.includes(flag)) ? join(dir, 'kubeconfig') : undefined;
      if (kubeconfig) writeFileSync(kubeconfig, (await runCli(['config', 'view', '--raw'], { home })).stdout);
      const want = comparable(SERVED.includes(line) ? await oracle.kubectl(argv, kubeconfig ? { KUBECONFIG: kubeconfig } : {}, dir) : kubectlAlone(argv, dir), 'kubectl');
      const got = comparable(await runCli(argv, { home, cwd: dir }), 'kubectl-lite');
      if (GUARDS.includes(line)) assert.notEqual(want.code, 0, 'kubectl refuses it');
      assert.deepEqual(got, want);
    });
  }
});
