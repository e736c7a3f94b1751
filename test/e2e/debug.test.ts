/**
 * `kubectl debug`: an ephemeral container added to a running pod through its ephemeralcontainers
 * subresource (the kubelet starts it, never restarts it; with -i its command runs in the pod's
 * network), a pod on a node for `debug node/NAME`, and what the API server refuses. Then the real
 * kubectl through serve: the same lines, the same ephemeral container stored.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runBin, tempHome } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { serveForSuite } from './serve-helpers.js';

const PROFILE = '--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example "--profile=general".\n';
const WEB = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: app, image: nginx:1.27, ports: [{containerPort: 80}]}]}\n';

/** Every file of the store, by path, for "nothing changed" checks. */
function storeFiles(dir: string, out = new Map<string, string>()): Map<string, string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) storeFiles(p, out);
    else out.set(p, readFileSync(p, 'latin1'));
  }
  return out;
}

const json = (r: { stdout: string }) => JSON.parse(r.stdout);

describe('debug: an ephemeral container in a running pod', () => {
  let home: { home: string; dispose(): void };
  const kl = (args: string[], stdin?: string) => runBin(args, { home: home.home, stdin });
  before(() => {
    home = tempHome();
    assert.equal(kl(['apply', '-f', '-'], WEB).code, 0);
  });
  after(() => home.dispose());

  test('without -i: added with a generated name, started, and (a shell with no stdin) exited at once', () => {
    const r = kl(['debug', 'web', '--image=busybox']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, PROFILE);
    const m = /^Defaulting debug container name to (debugger-[bcdfghjklmnpqrstvwxz2456789]{5})\.\n$/.exec(r.stdout);
    assert.ok(m, r.stdout);
    const pod = json(kl(['get', 'pod', 'web', '-o', 'json']));
    assert.deepEqual(pod.spec.ephemeralContainers, [
      { image: 'busybox', imagePullPolicy: 'Always', name: m[1], resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' },
    ]);
    const [status] = pod.status.ephemeralContainerStatuses;
    assert.equal(status.name, m[1]);
    assert.equal(status.ready, false);
    assert.equal('started' in status, false);
    assert.deepEqual([status.state.terminated.reason, status.state.terminated.exitCode], ['Completed', 0]);
    // The pod itself is untouched: still running and ready.
    assert.match(kl(['get', 'pod', 'web', '--no-headers']).stdout, /^web\s+1\/1\s+Running\s+0\s/);
    const events = kl(['get', 'events', '--field-selector', `involvedObject.fieldPath=spec.ephemeralContainers{${m[1]}}`, '-o', 'custom-columns=REASON:.reason', '--no-headers']).stdout;
    assert.deepEqual(events.trim().split('\n'), ['Pulled', 'Created', 'Started']);
    assert.match(kl(['get', 'pod', 'web', '-o', 'jsonpath={.metadata.managedFields[?(@.subresource=="ephemeralcontainers")].manager}']).stdout, /^kubectl$/);
  });

  test('with -i: its command runs in the pod, localhost is the app; the container ends with it; -q says nothing', () => {
    const r = kl(['debug', 'web', '--image=busybox', '-i', '-q', '-c', 'probe', '--target=app', '--profile=general', '--', 'sh', '-c', 'wget -qO- localhost:80; hostname'], '');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^web \(container app, node \S+, IP [\d.]+\): GET \/ Host: localhost(:80)? from 127\.0\.0\.1\nweb\n$/);
    const pod = json(kl(['get', 'pod', 'web', '-o', 'json']));
    const probe = pod.spec.ephemeralContainers.find((c: { name: string }) => c.name === 'probe');
    assert.deepEqual(probe.securityContext, { capabilities: { add: ['SYS_PTRACE'] } });
    assert.equal(probe.targetContainerName, 'app');
    assert.deepEqual(probe.command, ['sh', '-c', 'wget -qO- localhost:80; hostname']);
    assert.equal(probe.stdin, true);
    // The command ran to its end: so did the container's process (an ephemeral container is never restarted).
    const status = pod.status.ephemeralContainerStatuses.find((s: { name: string }) => s.name === 'probe');
    assert.deepEqual([status.state.terminated?.reason, status.state.terminated?.exitCode, status.restartCount], ['Completed', 0, 0], JSON.stringify(status));
    assert.match(kl(['describe', 'pod', 'web']).stdout, /\nEphemeral Containers:\n {2}debugger-\w{5}:\n[\s\S]*\n {2}probe:\n/);
  });

  test('the profiles set what kubectl sets', () => {
    const r = kl(['debug', 'web', '--image=busybox', '-c', 'r', '--profile=restricted', '--env=A=1', '--env=B=x=y', '--image-pull-policy=IfNotPresent', '--arguments-only', '--', 'a', 'b']);
    assert.deepEqual(r, { stdout: '', stderr: '', code: 0 });
    const r2 = kl(['get', 'pod', 'web', '-o', 'jsonpath={.spec.ephemeralContainers[?(@.name=="r")]}']);
    const c = JSON.parse(r2.stdout);
    assert.deepEqual(c.securityContext, { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    assert.deepEqual([c.args, c.command, c.env, c.imagePullPolicy], [['a', 'b'], undefined, [{ name: 'A', value: '1' }, { name: 'B', value: 'x=y' }], 'IfNotPresent']);
  });

  test('what the API server and kubectl refuse leaves the store as it was', () => {
    const dir = join(home.home, 'clusters');
    const targeting = `Targeting container "nope". If you don't see processes from this container it may be because the container runtime doesn't support this feature.\n`;
    const cases: Array<[string[], string, string?]> = [
      [['debug', 'web', '--image=busybox', '-c', 'x', '--target=nope'], `${PROFILE}The Pod "web" is invalid: spec.ephemeralContainers[3].targetContainerName: Not found: "nope"\n`, targeting],
      [['debug', 'web', '--image=busybox', '-c', 'app'], `${PROFILE}The Pod "web" is invalid: spec.ephemeralContainers[3].name: Duplicate value: "app"\n`],
      [['debug', 'web', '--image=busybox', '--env=FOO'], `Error: invalid argument "FOO" for "--env" flag: FOO must be formatted as key=value\nSee 'kubectl-lite debug --help' for usage.\n`],
      [['debug', 'web', '--image=busybox', '--profile=bogus'], 'error: unknown profile: bogus\n'],
      [['debug', 'nope', '--image=busybox', '--profile=general'], 'Error from server (NotFound): pods "nope" not found\n'],
    ];
    for (const [args, stderr, stdout = ''] of cases) {
      const before = storeFiles(dir);
      assert.deepEqual(kl(args), { stdout, stderr, code: 1 }, args.join(' '));
      assert.deepEqual(storeFiles(dir), before, args.join(' '));
    }
    // An ephemeral container of a name already there: kubectl's patch (its diff pairs the last of a
    // name with the last) changes the one there into the new one and adds it back whole after: merged,
    // nothing changes, and the API server takes it as the no-op it is.
    const before = storeFiles(dir);
    assert.deepEqual(kl(['debug', 'web', '--image=alpine', '-c', 'probe']), { stdout: '', stderr: PROFILE, code: 0 });
    assert.deepEqual(storeFiles(dir), before);
  });

  test('what -f names is debugged; kubectl debugs pods and nodes only', () => {
    const file = join(home.home, 'web.yaml');
    writeFileSync(file, WEB);
    assert.deepEqual(kl(['debug', '-f', file, '--image=busybox', '-c', 'fromfile', '--profile=general']), { stdout: '', stderr: '', code: 0 });
    assert.equal(kl(['get', 'pod', 'web', '-o', 'jsonpath={.spec.ephemeralContainers[?(@.name=="fromfile")].image}']).stdout, 'busybox');
    assert.deepEqual(kl(['debug', 'svc/kubernetes', '--image=busybox', '--profile=general']), { stdout: '', stderr: 'error: "/v1, Kind=Service" not supported by debug\n', code: 1 });
  });

  test('a pod cannot be created with ephemeral containers', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: eph}\nspec:\n  containers: [{name: app, image: nginx}]\n  ephemeralContainers: [{name: d, image: busybox}]\n';
    assert.deepEqual(kl(['apply', '-f', '-'], pod), {
      stdout: '',
      stderr: 'The Pod "eph" is invalid: spec.ephemeralContainers: Forbidden: cannot be set on create\n',
      code: 1,
    });
  });

  test('debug node/NAME: a pod on the node, in its host network, its root at /host', () => {
    const r = kl(['debug', 'node/lite-worker', '--image=busybox', '-i', '--', 'hostname'], '');
    assert.equal(r.code, 0, r.stderr);
    const m = /^Creating debugging pod (node-debugger-lite-worker-\w{5}) with container debugger on node lite-worker\.\nlite-worker\n$/.exec(r.stdout);
    assert.ok(m, r.stdout);
    const pod = json(kl(['get', 'pod', m[1]!, '-o', 'json']));
    assert.deepEqual([pod.spec.nodeName, pod.spec.hostNetwork, pod.spec.hostPID, pod.spec.hostIPC, pod.spec.restartPolicy], ['lite-worker', true, true, true, 'Never']);
    assert.deepEqual(pod.spec.tolerations, [{ operator: 'Exists' }]);
    assert.deepEqual(pod.spec.volumes[0], { name: 'host-root', hostPath: { path: '/', type: '' } });
    assert.deepEqual(pod.spec.containers[0].volumeMounts[0], { mountPath: '/host', name: 'host-root' });
    // The baseline profile gets neither the host's namespaces nor its filesystem.
    const b = kl(['debug', 'node/lite-worker', '--image=busybox', '--profile=baseline', '-q']);
    assert.deepEqual(b, { stdout: '', stderr: '', code: 0 });
  });

  test('--copy-to: a copy of the pod with the debug container, -i runs its shell there', () => {
    const r = kl(['debug', 'web', '--copy-to=web-copy', '--image=busybox', '-c', 'dbg', '-i', '--profile=general', '-q'], 'wget -qO- localhost:80\nhostname\n');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^web-copy \(container app, node \S+, IP [\d.]+\): GET \/ Host: localhost(:80)? from 127\.0\.0\.1\nweb-copy\n$/);
    const pod = json(kl(['get', 'pod', 'web-copy', '-o', 'json']));
    assert.deepEqual(pod.spec.containers.map((c: { name: string }) => c.name), ['app', 'dbg']);
    assert.equal(pod.spec.shareProcessNamespace, true);
    assert.equal(pod.spec.ephemeralContainers, undefined);
  });

  test('a deleted pod stops its running ephemeral containers as the others', () => {
    assert.equal(kl(['delete', 'pod', 'web']).code, 0);
    const killing = kl(['get', 'events', '--field-selector', 'reason=Killing', '-o', 'custom-columns=PATH:.involvedObject.fieldPath,MESSAGE:.message', '--no-headers', '--sort-by=.involvedObject.fieldPath']).stdout;
    // `probe` had ended with its command: only the running ones are stopped.
    assert.deepEqual(killing.trim().split('\n').map((l) => l.split(/\s{2,}/)), [
      ['spec.containers{app}', 'Stopping container app'],
      ['spec.ephemeralContainers{r}', 'Stopping container r'],
    ]);
  });
});

const RICH = `apiVersion: v1
kind: Pod
metadata: {name: rich, labels: {app: rich}, annotations: {note: hello}}
spec:
  initContainers: [{name: init, image: busybox, command: [sh, -c, 'true']}]
  containers:
  - {name: app, image: nginx:1.27, ports: [{containerPort: 80}], livenessProbe: {httpGet: {path: /, port: 80}}, readinessProbe: {httpGet: {path: /, port: 80}}, startupProbe: {httpGet: {path: /, port: 80}}}
  - {name: side, image: busybox, command: [sleep, 1d]}
`;

describe('debug through serve: the real kubectl adds the same ephemeral container', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite((served) => {
    assert.equal(served.lite(['apply', '-f', '-'], { stdin: WEB }).code, 0);
    assert.equal(served.lite(['apply', '-f', '-'], { stdin: RICH }).code, 0);
  });
  const ephemeral = (name: string) => JSON.parse(suite.served.lite(['get', 'pod', 'web', '-o', `jsonpath={.spec.ephemeralContainers[?(@.name=="${name}")]}`]).stdout);

  test('the same lines, the same container stored, for each profile and option', async () => {
    const variants: string[][] = [
      ['--image=busybox', '--target=app', '--profile=general'],
      ['--image=busybox', '--profile=restricted', '--env=A=1', '--image-pull-policy=IfNotPresent', '--', 'sleep', '1d'],
      ['--image=busybox', '--profile=netadmin', '-i', '-t', '--attach=false', '--arguments-only', '--', 'a'],
      ['--image=busybox', '--profile=sysadmin', '-q', '--target=app'],
    ];
    for (const [i, flags] of variants.entries()) {
      const dash = flags.indexOf('--');
      const own = dash < 0 ? flags : flags.slice(0, dash);
      const rest = dash < 0 ? [] : flags.slice(dash);
      const real = await suite.served.kubectl(['debug', 'web', '-c', `real${i}`, ...own, ...rest]);
      const lite = suite.served.lite(['debug', 'web', '-c', `lite${i}`, ...own, ...rest]);
      assert.deepEqual(lite, real, flags.join(' '));
      assert.deepEqual({ ...ephemeral(`lite${i}`), name: '' }, { ...ephemeral(`real${i}`), name: '' }, flags.join(' '));
    }
    // A generated name is announced on stdout by both.
    const real = await suite.served.kubectl(['debug', 'web', '--image=busybox', '--profile=baseline']);
    const lite = suite.served.lite(['debug', 'web', '--image=busybox', '--profile=baseline']);
    const shape = (r: { stdout: string; stderr: string; code: number }) => ({ ...r, stdout: r.stdout.replace(/debugger-\w{5}/, 'debugger-XXXXX') });
    assert.deepEqual(shape(lite), shape(real));
  });

  test('--attach to a container that has exited already prints its log, as kubectl falls back to the logs', async () => {
    const quick = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: quick\n  annotations: {sim.kubectl-lite.io/run-for-dbg: 0s, sim.kubectl-lite.io/exit-code-dbg: "3", sim.kubectl-lite.io/log-dbg: hello}\nspec: {containers: [{name: app, image: nginx}]}\n';
    assert.equal(suite.served.lite(['apply', '-f', '-'], { stdin: quick }).code, 0);
    const args = ['debug', 'quick', '--image=busybox', '--attach', '-c', 'dbg', '--profile=general', '--', 'sleep', '1'];
    const real = await suite.served.kubectl(args);
    assert.deepEqual(real, { code: 0, stdout: '[kubectl-lite] container dbg started (image busybox)\nhello\n[kubectl-lite] container dbg exited with code 3 (Error)\n', stderr: '' });
    suite.served.lite(['delete', 'pod', 'quick']);
    assert.equal(suite.served.lite(['apply', '-f', '-'], { stdin: quick }).code, 0);
    assert.deepEqual(suite.served.lite(args), real);
  });

  test('the refusals are the API server\'s, in kubectl\'s words', async () => {
    await suite.same(['debug', 'web', '--image=busybox', '-c', 'x', '--target=nope', '--profile=general']);
    await suite.same(['debug', 'web', '--image=busybox', '-c', 'app', '--profile=general']);
    await suite.same(['debug', 'web', '--image=busybox', '--env=FOO', '--profile=general'], (r) => ({ ...r, stderr: r.stderr.replace(/kubectl(-lite)? debug/, 'K debug') }));
    await suite.same(['debug', 'svc/kubernetes', '--image=busybox', '--profile=general']);
    // A name already there: both patches change it and add it back, a no-op the server accepts.
    await suite.same(['debug', 'web', '--image=busybox', '-c', 'twice']);
    await suite.same(['debug', 'web', '--image=alpine', '-c', 'twice']);
    assert.equal(suite.served.lite(['get', 'pod', 'web', '-o', 'jsonpath={.spec.ephemeralContainers[?(@.name=="twice")].image}']).stdout, 'busybox');
  });

  test("kubectl's own checks, in its order: Targeting is said once, before the profile's warning", async () => {
    for (const args of [
      ['web', '--image=busybox', '--attach=false', '--target=app', '-t'],
      ['--image=Bad:Image'],
      ['web', '--image=busybox', '--image-pull-policy=bogus', '--copy-to=c', '--set-image=app=Bad:Image'],
      ['--copy-to=c', '--set-image=app=Bad:Image'],
      ['web', '--copy-to=c', '--set-image=app=Bad:Image'],
      ['web', '--image=busybox', '--set-image=app=x'],
      ['web', '--copy-to=c', '--', 'sh'],
      ['web', '--attach'],
      ['web', '--image=busybox', '--target=app', '--copy-to=c'],
      ['web', '--profile=bogus'],
      ['nope', 'web', '--image=busybox'],
    ]) {
      await suite.same(['debug', ...args]);
    }
    // Each name is debugged in turn, up to the first that fails; --target is announced once.
    const args = (name: string) => ['debug', 'web', 'svc/kubernetes', '--image=busybox', '-c', name, '--target=app'];
    const real = await suite.served.kubectl(args('multi-real'));
    assert.deepEqual(suite.served.lite(args('multi-lite')), real);
    assert.match(real.stdout, /^Targeting container "app"\./);
    assert.equal(ephemeral('multi-lite').image, 'busybox');
  });

  test('--copy-to makes the same copy, for each profile and what it keeps', async () => {
    const variants: string[][] = [
      ['--image=busybox'],
      ['--image=busybox', '--keep-labels', '--keep-annotations', '--keep-liveness', '--keep-init-containers=false', '--share-processes=false'],
      ['--set-image=app=nginx:1.28,side=alpine'],
      ['--set-image=*=alpine', '--profile=general'],
      ['--image=busybox', '-c', 'dbg', '--profile=restricted', '--env=A=1'],
      ['--image=busybox', '--profile=general', '--keep-annotations', '--keep-readiness', '--keep-init-containers=false', '--share-processes=false'],
      ['--image=busybox', '--profile=general', '--keep-labels', '--same-node'],
      ['--image=busybox', '--profile=netadmin', '-i', '--attach=false', '--arguments-only', '--', 'a', 'b'],
      ['--image=alpine', '-c', 'side', '--profile=baseline', '--', 'sleep', '2d'],
    ];
    const shape = (r: { stdout: string; stderr: string; code: number }) => ({ ...r, stdout: r.stdout.replace(/debugger-\w{5}/, 'debugger-XXXXX') });
    const copy = (name: string) => {
      const p = JSON.parse(suite.served.lite(['get', 'pod', name, '-o', 'json']).stdout);
      const text = JSON.stringify({ labels: p.metadata.labels, annotations: p.metadata.annotations, spec: { ...p.spec, nodeName: undefined } });
      return JSON.parse(text.replace(/kube-api-access-\w{5}/g, 'kube-api-access').replace(/debugger-\w{5}/g, 'debugger'));
    };
    for (const [i, flags] of variants.entries()) {
      const dash = flags.indexOf('--');
      const [own, rest] = dash < 0 ? [flags, []] : [flags.slice(0, dash), flags.slice(dash)];
      const real = await suite.served.kubectl(['debug', 'rich', `--copy-to=real${i}`, ...own, ...rest]);
      const lite = suite.served.lite(['debug', 'rich', `--copy-to=lite${i}`, ...own, ...rest]);
      assert.deepEqual(shape(lite), shape(real), flags.join(' '));
      assert.deepEqual(copy(`lite${i}`), copy(`real${i}`), flags.join(' '));
    }
    // A copy of that name exists; --replace deletes the original.
    await suite.same(['debug', 'rich', '--copy-to=real0', '--image=busybox', '-c', 'x', '--profile=general']);
    assert.equal(suite.served.lite(['apply', '-f', '-'], { stdin: RICH.replace('name: rich', 'name: rich2') }).code, 0);
    const real = await suite.served.kubectl(['debug', 'rich', '--copy-to=replaced-real', '--image=busybox', '-c', 'x', '--profile=general', '--replace']);
    const lite = suite.served.lite(['debug', 'rich2', '--copy-to=replaced-lite', '--image=busybox', '-c', 'x', '--profile=general', '--replace']);
    assert.deepEqual(lite, real);
    assert.deepEqual(suite.served.lite(['get', 'pods', 'rich', 'rich2', '-o', 'name', '--ignore-not-found']).stdout, '');
  });

  test('--custom merges a partial container spec over the profile, and refuses what kubectl refuses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kl-custom-'));
    try {
      const json = join(dir, 'custom.json');
      writeFileSync(json, '{"env":[{"name":"Y","value":"2"}],"securityContext":{"runAsUser":1000},"workingDir":"/tmp"}');
      const real = await suite.served.kubectl(['debug', 'web', '--image=busybox', '-c', 'customreal', '--profile=restricted', `--custom=${json}`]);
      const lite = suite.served.lite(['debug', 'web', '--image=busybox', '-c', 'customlite', '--profile=restricted', `--custom=${json}`]);
      assert.deepEqual(lite, real);
      assert.deepEqual({ ...ephemeral('customlite'), name: '' }, { ...ephemeral('customreal'), name: '' });
      assert.deepEqual(ephemeral('customlite').securityContext.runAsUser, 1000);
      writeFileSync(join(dir, 'named.yaml'), 'name: evil\nimage: alpine\n');
      writeFileSync(join(dir, 'broken.yaml'), 'x: [\n');
      for (const file of ['named.yaml', 'broken.yaml', 'missing.yaml']) {
        await suite.same(['debug', 'web', '--image=busybox', '-c', 'c', '--profile=general', `--custom=${join(dir, file)}`]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('debug node/NAME makes the same pod', async () => {
    const real = await suite.served.kubectl(['debug', 'node/lite-worker', '--image=busybox', '--profile=general']);
    const lite = suite.served.lite(['debug', 'node/lite-worker', '--image=busybox', '--profile=general']);
    const name = (r: { stdout: string }) => /Creating debugging pod (\S+) /.exec(r.stdout)?.[1] ?? '';
    assert.deepEqual({ ...lite, stdout: lite.stdout.replace(name(lite), 'X') }, { ...real, stdout: real.stdout.replace(name(real), 'X') });
    const spec = (n: string) => {
      const p = JSON.parse(suite.served.lite(['get', 'pod', n, '-o', 'json']).stdout);
      // The service account's projected volume has a generated name.
      return JSON.parse(JSON.stringify(p.spec).replace(/kube-api-access-\w{5}/g, 'kube-api-access'));
    };
    assert.deepEqual(spec(name(lite)), spec(name(real)));
  });
});
