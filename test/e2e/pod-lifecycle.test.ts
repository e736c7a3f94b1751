/**
 * The pod lifecycle users expect, through the binary: liveness probes restart with the kubelet's
 * events and back-off, image pull failures, a changed image restarts the container, a readiness
 * change on a running pod, pods on an unreachable node, and a StatefulSet pod held to its volume's node.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runBin, tempHome } from '../helpers/cli.js';

const NOW = '2026-11-22T00:00:00Z';

describe('pod lifecycle', () => {
  let home: string;
  let dispose: () => void;
  const kl = (args: string | string[], stdin?: string) => runBin(args, { home, now: NOW, stdin });
  const row = (name: string) => kl(`get pod ${name} --no-headers`).stdout.trim().split(/ {2,}/).slice(1, 4);
  const json = (args: string) => JSON.parse(kl(`${args} -o json`).stdout);
  before(() => ({ home, dispose } = tempHome()));
  after(() => dispose());

  test('a failing liveness probe: Unhealthy, Killing, restarted, then back-off', () => {
    const pod = '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"sick","annotations":{"sim.kubectl-lite.io/live-for":"30s"}},"spec":{"containers":[{"name":"app","image":"nginx","livenessProbe":{"httpGet":{"path":"/healthz","port":80},"periodSeconds":5}}]}}';
    assert.equal(kl('apply -f -', pod).code, 0);
    kl('cluster advance 30s');
    assert.deepEqual(row('sick'), ['1/1', 'Running', '0']);
    // Three failures 5 s apart after 30 s: killed at 40 s.
    kl('cluster advance 10s');
    assert.deepEqual(row('sick'), ['1/1', 'Running', '1 (0s ago)']);
    const events = kl('events --for pod/sick').stdout;
    assert.match(events, /Warning +Unhealthy +Pod\/sick +Liveness probe failed: HTTP probe failed with statuscode: 500\n/);
    assert.match(events, /Normal +Killing +Pod\/sick +Container app failed liveness probe, will be restarted\n/);
    assert.equal(json('get pod sick').status.containerStatuses[0].lastState.terminated.exitCode, 137);
    // The next kill comes 40 s after the restart, and then the kubelet backs off.
    kl('cluster advance 40s');
    assert.deepEqual(row('sick').slice(0, 2), ['0/1', 'CrashLoopBackOff']);
  });

  test('image pull failures: ErrImagePull then ImagePullBackOff, InvalidImageName; fixed by a new image', () => {
    assert.equal(kl(['run', 'missing', '--image=registry.example.com/team/app:2.0', '--annotations=sim.kubectl-lite.io/image-missing=true']).code, 0);
    // kubectl run refuses an invalid image reference itself; a manifest reaches the kubelet with it.
    const invalid = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'invalid', labels: { run: 'invalid' } }, spec: { containers: [{ name: 'invalid', image: 'Nginx:1.27' }] } });
    assert.equal(kl('create -f -', invalid).code, 0);
    assert.deepEqual(row('missing'), ['0/1', 'ImagePullBackOff', '0']);
    assert.deepEqual(row('invalid'), ['0/1', 'InvalidImageName', '0']);
    const events = kl('events --for pod/missing').stdout;
    assert.match(events, /Normal +Pulling +Pod\/missing +Pulling image "registry.example.com\/team\/app:2.0"\n/);
    assert.match(events, /Warning +Failed +Pod\/missing +Failed to pull image "registry.example.com\/team\/app:2.0": rpc error: code = NotFound desc = failed to pull and unpack image "registry.example.com\/team\/app:2.0": .* not found\n/);
    assert.match(events, /Warning +Failed +Pod\/missing +Error: ErrImagePull\n.*BackOff +Pod\/missing +Back-off pulling image "registry.example.com\/team\/app:2.0"\n.*Error: ImagePullBackOff\n/);
    const waiting = json('get pod missing').status.containerStatuses[0].state.waiting;
    assert.deepEqual(waiting, { message: 'Back-off pulling image "registry.example.com/team/app:2.0"', reason: 'ImagePullBackOff' });
    assert.match(kl('events --for pod/invalid').stdout, /InspectFailed +Pod\/invalid +Failed to apply default image tag "Nginx:1.27": couldn't parse image name "Nginx:1.27": invalid reference format: repository name must be lowercase\n/);
    // A good image in the spec: pulled and started.
    assert.equal(kl('set image pod/invalid invalid=nginx:1.27').code, 0);
    assert.deepEqual(row('invalid'), ['1/1', 'Running', '0']);
  });

  test('a changed image restarts the container with it; a readiness change by annotation takes effect', () => {
    assert.equal(kl(['run', 'web', '--image=nginx:1.26']).code, 0);
    assert.equal(kl('set image pod/web web=nginx:1.27').code, 0);
    assert.deepEqual(row('web'), ['1/1', 'Running', '1 (0s ago)']);
    const status = json('get pod web').status.containerStatuses[0];
    assert.equal(status.image, 'docker.io/library/nginx:1.27');
    assert.match(kl('events --for pod/web').stdout, /Killing +Pod\/web +Container web definition changed, will be restarted\n/);
    assert.equal(kl('annotate pod web sim.kubectl-lite.io/ready=false').code, 0);
    assert.deepEqual(row('web').slice(0, 2), ['0/1', 'Running']);
    assert.match(kl('events --for pod/web').stdout, /Warning +Unhealthy +Pod\/web +Readiness probe failed:/);
    assert.equal(kl('annotate pod web sim.kubectl-lite.io/ready-').code, 0);
    assert.deepEqual(row('web').slice(0, 2), ['1/1', 'Running']);
  });

  test('pods on an unreachable node: NotReady with the node controller event, then Terminating', () => {
    assert.equal(kl(['run', 'stranded', '--image=nginx']).code, 0);
    const node = json('get pod stranded').spec.nodeName;
    assert.equal(kl(`node stop ${node}`).code, 0);
    kl('cluster advance 1m');
    const pod = json('get pod stranded');
    assert.equal(pod.status.phase, 'Running');
    assert.equal(pod.status.conditions.find((c: any) => c.type === 'Ready').status, 'False');
    assert.match(kl('events --for pod/stranded').stdout, /Warning +NodeNotReady +Pod\/stranded +Node is not ready\n/);
    kl('cluster advance 5m');
    assert.deepEqual(row('stranded').slice(0, 2), ['1/1', 'Terminating']);
    assert.equal(kl(`node start ${node}`).code, 0);
  });

  test("a StatefulSet pod stays with its volume's node: Pending with volume node affinity conflict elsewhere", () => {
    const sts = `{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db"},"spec":{"serviceName":"db","replicas":1,"selector":{"matchLabels":{"app":"db"}},
      "template":{"metadata":{"labels":{"app":"db"}},"spec":{"containers":[{"name":"db","image":"postgres:16"}]}},
      "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}]}}`;
    assert.equal(kl('apply -f -', sts).code, 0);
    const node = json('get pod db-0').spec.nodeName;
    assert.equal(kl(`cordon ${node}`).code, 0);
    assert.equal(kl('delete pod db-0').code, 0);
    assert.deepEqual(row('db-0'), ['0/1', 'Pending', '0']);
    const message = json('get pod db-0').status.conditions.find((c: any) => c.type === 'PodScheduled').message;
    assert.match(message, /^0\/4 nodes are available: 1 node\(s\) had untolerated taint \{node-role.kubernetes.io\/control-plane: \}, 1 node\(s\) were unschedulable, 2 node\(s\) had volume node affinity conflict\. preemption: 0\/4 nodes are available: 4 Preemption is not helpful for scheduling\.$/);
    assert.equal(kl(`uncordon ${node}`).code, 0);
    assert.deepEqual(row('db-0'), ['1/1', 'Running', '0']);
    assert.equal(json('get pod db-0').spec.nodeName, node);
  });
});
