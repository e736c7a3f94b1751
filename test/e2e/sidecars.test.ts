import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runBin, tempHome } from '../helpers/cli.js';

const NOW = '2026-11-22T00:00:00Z';

const POD = `
apiVersion: v1
kind: Pod
metadata:
  name: sc
  annotations:
    sim.kubectl-lite.io/started-delay-proxy: 5s
spec:
  initContainers:
  - name: init-db
    image: busybox
  - name: proxy
    image: envoyproxy/envoy:v1.31
    restartPolicy: Always
    startupProbe:
      tcpSocket: {port: 9901}
  - name: migrate
    image: busybox
  containers:
  - name: app
    image: nginx
`;

const JOB = `
apiVersion: batch/v1
kind: Job
metadata:
  name: with-sidecar
spec:
  template:
    metadata:
      annotations:
        sim.kubectl-lite.io/run-for-main: 10s
    spec:
      restartPolicy: Never
      initContainers:
      - name: logs
        image: fluent/fluent-bit:3.1
        restartPolicy: Always
      containers:
      - name: main
        image: busybox
`;

describe('native sidecars (init containers with restartPolicy: Always)', () => {
  let home: string;
  let dispose: () => void;
  const kl = (args: string | string[], stdin?: string) => runBin(args, { home, now: NOW, stdin });
  const row = (name: string) => kl(`get pod ${name} --no-headers`).stdout.split(/\s+/).slice(1, 4).join(' ');
  before(() => ({ home, dispose } = tempHome()));
  after(() => dispose());

  test('start in order, gate the next init container on their startup probe, keep running and count in READY', () => {
    assert.equal(kl('apply -f -', POD).code, 0);
    // init-db completed, proxy running but its startup probe has not passed: migrate waits.
    assert.equal(row('sc'), '0/2 Init:1/3 0');
    assert.equal(kl(['get', 'pod', 'sc', '-o', 'jsonpath={.status.initContainerStatuses[2].state.waiting.reason}']).stdout, 'PodInitializing');
    kl('cluster advance 5s');
    assert.equal(row('sc'), '2/2 Running 0');
    const states = kl(['get', 'pod', 'sc', '-o', 'jsonpath={range .status.initContainerStatuses[*]}{.name}={.state}{" "}{end}']).stdout;
    assert.match(states, /^init-db=\{"terminated":\{.*"reason":"Completed".*proxy=\{"running":.*migrate=\{"terminated":/);
    assert.equal(kl(['get', 'pod', 'sc', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}']).stdout, 'True');
  });

  test('a sidecar that exits is restarted, whatever the pod restartPolicy; its restarts are counted', () => {
    assert.equal(kl(['annotate', 'pod', 'sc', 'sim.kubectl-lite.io/run-for-proxy=1m', 'sim.kubectl-lite.io/exit-code-proxy=1']).code, 0);
    kl('cluster advance 61s');
    assert.match(kl('get pod sc --no-headers').stdout, /^sc +\d\/2 +Running +1 \(\d+s ago\) +\S+\n$/);
  });

  test('a Job completes when its main container does; the sidecar is stopped after it', () => {
    assert.equal(kl('apply -f -', JOB).code, 0);
    const pod = kl('get pods -l job-name=with-sidecar -o name').stdout.trim();
    assert.equal(kl(`get ${pod} --no-headers`).stdout.split(/\s+/).slice(1, 3).join(' '), '2/2 Running');
    kl('cluster advance 10s');
    assert.equal(kl(`get ${pod} --no-headers`).stdout.split(/\s+/).slice(1, 3).join(' '), '0/2 Completed');
    assert.match(kl('get job with-sidecar --no-headers').stdout, /^with-sidecar +Complete +1\/1 /);
    assert.equal(kl(['get', pod, '-o', 'jsonpath={.status.initContainerStatuses[0].state.terminated.reason}']).stdout, 'Completed');
    const events = kl(`events --for ${pod}`).stdout;
    assert.match(events, /Killing +Pod\/\S+ +Stopping container logs\n$/);
  });
});
