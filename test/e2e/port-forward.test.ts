/**
 * kubectl port-forward to a simulated pod: local ports answered by the pod's simulated server from
 * inside the pod, kubectl's lines (`Forwarding from`, `Handling connection for`), Ctrl-C ending it
 * with exit 0; and the errors kubectl gives before it listens, checked against the real kubectl
 * through serve.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BIN, REPO_ROOT, runBin, tempHome } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { baseEnv, serveForSuite } from './serve-helpers.js';

const WEB = join(REPO_ROOT, 'manifests', 'web.yaml');
const PENDING = 'apiVersion: v1\nkind: Pod\nmetadata: {name: stuck}\nspec: {nodeSelector: {nowhere: "true"}, containers: [{name: c, image: nginx}]}\n';
const NOW = '2026-12-02T10:00:00Z';

interface Forward {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  ready: Promise<string[]>;
  exited: Promise<number | null>;
}

/** A port-forward command started as a user starts it, its output gathered, the first `want` `Forwarding from` lines awaited. */
const children = new Set<ChildProcess>();
// A test that fails (or times out) while a forward runs leaves nothing running behind it.
after(() => children.forEach((c) => c.kill('SIGKILL')));

/** Each test that waits on a forward fails after this, instead of hanging the suite. */
const WITHIN = { timeout: 60_000 };

function spawnForward(command: string, args: string[], env: NodeJS.ProcessEnv, want: number): Forward {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let out = '';
  let err = '';
  child.stderr!.on('data', (c) => (err += c));
  const ready = new Promise<string[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no Forwarding line: ${out}${err}`)), 30_000);
    child.stdout!.on('data', (c) => {
      out += c;
      const lines = out.split('\n').filter((l) => l.startsWith('Forwarding from'));
      if (lines.length >= want && out.endsWith('\n')) {
        clearTimeout(timer);
        resolve(lines);
      }
    });
    child.on('exit', () => reject(new Error(`port-forward exited: ${out}${err}`)));
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, out: () => out, err: () => err, ready, exited };
}

/** kubectl-lite port-forward. */
function startForward(home: string, args: string[], want = 1, env: Record<string, string> = { KUBECTL_LITE_NOW: NOW }): Forward {
  return spawnForward(process.execPath, [BIN, 'port-forward', ...args], { ...process.env, KUBECTL_LITE_HOME: home, NO_COLOR: '1', ...env }, want);
}

const portOf = (line: string) => Number(/:(\d+) -> /.exec(line)![1]);

describe('port-forward', () => {
  let home: string;
  let dispose: () => void;
  before(() => {
    ({ home, dispose } = tempHome());
    assert.equal(runBin(['apply', '-f', WEB], { home, now: NOW }).code, 0);
    assert.equal(runBin(['apply', '-f', '-'], { home, now: NOW, stdin: PENDING }).code, 0);
  });
  after(() => dispose());

  test("a Service's port reaches its pod's target port; each connection is said; Ctrl-C ends it with exit 0", WITHIN, async () => {
    const pf = startForward(home, ['svc/web', '--address', '127.0.0.1', ':80']);
    const lines = await pf.ready;
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^Forwarding from 127\.0\.0\.1:\d+ -> 80$/);
    const port = portOf(lines[0]!);
    const res = await fetch(`http://127.0.0.1:${port}/hello?x=1`);
    assert.equal(res.status, 200);
    const body = await res.text();
    // The pod's simulated server, asked from inside the pod: the connection comes from localhost.
    assert.match(body, /^web-[a-z0-9]+-[a-z0-9]{5} \(container web, node [a-z0-9-]+, IP 10\.244\.\d+\.\d+\): GET \/hello\?x=1 Host: 127\.0\.0\.1:\d+ from 127\.0\.0\.1\n$/);
    assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
    pf.child.kill('SIGINT');
    assert.equal(await pf.exited, 0);
    assert.equal(pf.out(), `Forwarding from 127.0.0.1:${port} -> 80\nHandling connection for ${port}\n`);
    assert.equal(pf.err(), '');
  });

  test('a port nothing listens on: that connection gets the error line, then the connection to the pod is lost (exit 1)', WITHIN, async () => {
    const pf = startForward(home, ['deploy/web', '--address=127.0.0.1', '0:81', '0:http'], 2);
    const [to81] = (await pf.ready).map(portOf);
    await assert.rejects(fetch(`http://127.0.0.1:${to81}/`));
    assert.equal(await pf.exited, 1);
    assert.match(pf.err(), /^E\d{4} [\d:.]+ +\d+ portforward\.go:424\] "Unhandled Error" err="an error occurred forwarding \d+ -> 81: error forwarding port 81 to pod [0-9a-f-]+, uid : failed to connect to localhost:81 inside the pod's network namespace: connection refused"\nerror: lost connection to pod\n$/);
    assert.equal(pf.out().split('\n').filter((l) => l.startsWith('Handling')).length, 1);
  });

  test('localhost listens on 127.0.0.1 and, where the machine has it, ::1', WITHIN, async () => {
    const pf = startForward(home, ['pod/' + runBin(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}'], { home, now: NOW }).stdout, '0:80']);
    const lines = await pf.ready;
    // The ::1 line, where there is one, comes right after.
    await new Promise((r) => setTimeout(r, 300));
    assert.match(pf.out(), /^Forwarding from 127\.0\.0\.1:(\d+) -> 80\n(Forwarding from \[::1\]:\1 -> 80\n)?$/, JSON.stringify(lines));
    pf.child.kill('SIGINT');
    assert.equal(await pf.exited, 0);
  });
});

describe('port-forward: the errors before it listens are the real kubectl\'s (through serve)', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite((served) => {
    assert.equal(served.lite(['apply', '-f', WEB]).code, 0);
    assert.equal(served.lite(['apply', '-f', '-'], { stdin: PENDING }).code, 0);
  });
  test('each error', WITHIN, async () => {
    for (const args of [
      ['port-forward', 'stuck', '8080:80'],
      ['port-forward', 'svc/web', '8080:81'],
      ['port-forward', 'svc/web', '8080:nope'],
      ['port-forward', 'deploy/web', '8080:nope'],
      ['port-forward', 'deploy/web', 'abc:80'],
      ['port-forward', 'deploy/web', '8080:0'],
      ['port-forward', 'deploy/web', '70000:80'],
      ['port-forward', 'deploy/web', '8080:'],
      ['port-forward', 'deploy/web', '--address', 'nowhere', '8080:80'],
      ['port-forward', 'svc/nope', '8080:80'],
    ]) {
      const real = await suite.same(args);
      assert.equal(real.code, 1, args.join(' '));
    }
  });
});

describe('port-forward through serve: the real kubectl forwards to the simulated pod as kubectl-lite does', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite((served) => assert.equal(served.lite(['apply', '-f', WEB]).code, 0), { KUBECTL_LITE_NOW: NOW });
  const kubectl = (args: string[], want = 1, env: Record<string, string> = {}) => {
    const home = dirname(suite.served.kubeconfig);
    return spawnForward('kubectl', ['--cache-dir', join(home, '.kube-cache'), 'port-forward', ...args], baseEnv(home, { KUBECONFIG: suite.served.kubeconfig, ...env }), want);
  };
  const ANSWER = /^web-[a-z0-9]+-[a-z0-9]{5} \(container web, node [a-z0-9-]+, IP 10\.244\.\d+\.\d+\): (GET|POST) \/[a-z]+ Host: 127\.0\.0\.1:\d+ from 127\.0\.0\.1\n$/;

  for (const [how, env] of [
    ['SPDY in a WebSocket (kubectl v1.32\'s default)', {}],
    ['SPDY on the upgraded connection (KUBECTL_PORT_FORWARD_WEBSOCKETS=false)', { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' }],
  ] as const) {
    test(`${how}: each connection answered by the pod's server; Ctrl-C ends it with exit 0`, WITHIN, async () => {
      const pf = kubectl(['svc/web', '--address', '127.0.0.1', ':80'], 1, env);
      const port = portOf((await pf.ready)[0]!);
      const first = await fetch(`http://127.0.0.1:${port}/first`);
      assert.equal(first.status, 200);
      assert.match(await first.text(), ANSWER);
      const second = await fetch(`http://127.0.0.1:${port}/second`, { method: 'POST', body: 'x=1', headers: { connection: 'close' } });
      assert.match(await second.text(), ANSWER);
      pf.child.kill('SIGINT');
      assert.equal(await pf.exited, 0);
      assert.match(pf.out(), new RegExp(`^Forwarding from 127\\.0\\.0\\.1:${port} -> 80\\n(Handling connection for ${port}\\n){1,2}$`));
      assert.equal(pf.err(), '');
    });
  }

  test('a port nothing listens on: the same error line and `lost connection to pod` from both', WITHIN, async () => {
    const run = async (pf: Forward) => {
      const port = portOf((await pf.ready)[0]!);
      await assert.rejects(fetch(`http://127.0.0.1:${port}/`));
      const code = await pf.exited;
      // The klog header's time and process id, and the local port, differ from run to run.
      const norm = (t: string) => t.replace(/^E\d{4} [\d:.]+ +\d+ /gm, 'E ').replaceAll(String(port), 'LOCAL');
      return { code, out: norm(pf.out()), err: norm(pf.err()) };
    };
    const real = await run(kubectl(['deploy/web', '--address', '127.0.0.1', '0:81']));
    const lite = await run(startForward(dirname(suite.served.kubeconfig), ['deploy/web', '--address', '127.0.0.1', '0:81']));
    assert.equal(real.code, 1);
    assert.match(real.err, /^E portforward\.go:424\] "Unhandled Error" err="an error occurred forwarding LOCAL -> 81: error forwarding port 81 to pod [0-9a-f-]+, uid : failed to connect to localhost:81 inside the pod's network namespace: connection refused"\nerror: lost connection to pod\n$/);
    assert.deepEqual(lite, real);
  });
});
