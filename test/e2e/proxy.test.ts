/**
 * kubectl proxy, and the proxy subresource it is used for: kubectl-lite's proxy answers what the
 * real kubectl's proxy (in front of serve, on the same cluster) answers, request for request:
 * the API, a pod's and a Service's proxy, their errors, the filter's refusals, the API prefix and
 * static files. `get --raw` on proxy paths too.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BIN, REPO_ROOT } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { baseEnv, serveForSuite } from './serve-helpers.js';

const WEB = join(REPO_ROOT, 'manifests', 'web.yaml');
const NOW = '2026-12-02T10:00:00Z';
const WITHIN = { timeout: 60_000 };

interface Proxy {
  child: ChildProcess;
  port: Promise<number>;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
}

const children = new Set<ChildProcess>();
after(() => children.forEach((c) => c.kill('SIGKILL')));

function startProxy(command: string, args: string[], env: NodeJS.ProcessEnv): Proxy {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (c) => (err += c));
  const port = new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /^Starting to serve on 127\.0\.0\.1:(\d+)\n/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', () => reject(new Error(`proxy exited: ${out}${err}`)));
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => (children.delete(child), r(code))));
  return { child, port, out: () => out, err: () => err, exited };
}

/** What a client sees of one answer (the headers that say something about it). */
async function ask(port: number, path: string, init: { method?: string; host?: string } = {}) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method: init.method ?? 'GET', redirect: 'manual', headers: init.host ? { host: init.host } : {} });
  return { status: res.status, type: res.headers.get('content-type'), location: res.headers.get('location'), body: await res.text() };
}

describe('kubectl proxy: kubectl-lite answers as the real kubectl in front of serve', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite((served) => assert.equal(served.lite(['apply', '-f', WEB]).code, 0), { KUBECTL_LITE_NOW: NOW });
  let www: string;
  before(() => {
    www = mkdtempSync(join(tmpdir(), 'kl-proxy-www-'));
    writeFileSync(join(www, 'a.txt'), 'hello\n');
    mkdirSync(join(www, 'sub'));
    writeFileSync(join(www, 'sub', 'i.html'), '<p>x</p>\n');
  });
  after(() => rmSync(www, { recursive: true, force: true }));
  const both = (args: string[]) => {
    const home = dirname(suite.served.kubeconfig);
    return {
      real: startProxy('kubectl', ['--cache-dir', join(home, '.kube-cache'), 'proxy', '--port=0', ...args], baseEnv(home, { KUBECONFIG: suite.served.kubeconfig })),
      lite: startProxy(process.execPath, [BIN, 'proxy', '--port=0', ...args], baseEnv(home, { KUBECTL_LITE_NOW: NOW })),
    };
  };
  const stop = async (p: Proxy) => {
    p.child.kill('SIGINT');
    return p.exited;
  };

  test('the API, pod and Service proxies and their errors, the filter', WITHIN, async () => {
    const pod = suite.served.lite(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}']).stdout;
    const { real, lite } = both([]);
    const [rp, lp] = await Promise.all([real.port, lite.port]);
    const requests: Array<[string, { method?: string; host?: string }?]> = [
      ['/version'],
      [`/api/v1/namespaces/default/pods/${pod}`],
      ['/api/v1/namespaces/default/pods/nope'],
      [`/api/v1/namespaces/default/pods/${pod}/proxy/hello?x=1`],
      [`/api/v1/namespaces/default/pods/${pod}:http/proxy/`],
      [`/api/v1/namespaces/default/pods/${pod}:81/proxy/`],
      [`/api/v1/namespaces/default/pods/${pod}/proxy`],
      ['/api/v1/namespaces/default/services/web/proxy/'],
      ['/api/v1/namespaces/default/services/web:81/proxy/'],
      ['/api/v1/namespaces/default/services/nope:80/proxy/'],
      [`/api/v1/namespaces/default/pods/${pod}/exec?command=ls`, { method: 'POST' }],
      ['/api/v1/namespaces/default/pods', { host: 'evil.example:8001' }],
      ['/api/v1/namespaces/default/pods', { host: '[::1]:8001' }],
    ];
    for (const [path, init] of requests) {
      assert.deepEqual(await ask(lp, path, init), await ask(rp, path, init), path);
    }
    // A Service's endpoints are picked at random: the answer is one of its pods'.
    assert.match((await ask(lp, '/api/v1/namespaces/default/services/web:80/proxy/x')).body, /^web-[a-z0-9]+-[a-z0-9]{5} \(container web, node [a-z0-9-]+, IP 10\.244\.\d+\.\d+\): GET \/x Host: 10\.244\.\d+\.\d+:80 from 172\.18\.0\.\d+\n$/);
    assert.equal(await stop(lite), 0);
    await stop(real);
    assert.equal(lite.out(), `Starting to serve on 127.0.0.1:${lp}\n`);
    assert.equal(lite.err(), '');
  });

  test('--api-prefix and --www: the mux, the file server; --disable-filter warns', WITHIN, async () => {
    const { real, lite } = both(['--api-prefix=/k8s/', `--www=${www}`, '--disable-filter']);
    const [rp, lp] = await Promise.all([real.port, lite.port]);
    for (const path of ['/k8s', '/k8s/version', '/version', '/static/a.txt', '/static/', '/static/sub', '/static/sub/i.html', '/static/nope', '/k8s/api/v1/namespaces/default/pods/x/exec']) {
      assert.deepEqual(await ask(lp, path), await ask(rp, path), path);
    }
    assert.equal(await stop(lite), 0);
    await stop(real);
    const warning = (t: string) => t.replace(/^W\d{4} [\d:.]+ +\d+ /, 'W ');
    assert.equal(warning(lite.err()), warning(real.err()));
    assert.equal(warning(lite.err()), 'W proxy.go:177] Request filter disabled, your proxy is vulnerable to XSRF attacks, please be cautious\n');
  });

  test('get --raw on proxy paths: the same answers, a path without its slash followed', WITHIN, async () => {
    const pod = suite.served.lite(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}']).stdout;
    const raw = (path: string) => suite.same(['get', '--raw', `/api/v1/namespaces/default/${path}`]);
    assert.match((await raw(`pods/${pod}/proxy/raw`)).stdout, new RegExp(`^${pod} \\(container web, .*\\): GET /raw Host: 10\\.244\\.\\d+\\.\\d+:80 from 172\\.18\\.0\\.\\d+\\n$`));
    assert.match((await raw(`pods/${pod}/proxy`)).stdout, / GET \/ Host: /);
    assert.equal((await raw(`pods/${pod}:81/proxy/`)).stderr, `Error from server (ServiceUnavailable): error trying to reach service: dial tcp ${suite.served.lite(['get', 'pod', pod, '-o', 'jsonpath={.status.podIP}']).stdout}:81: connect: connection refused\n`);
    // web's port has a name: a request that names no port finds no endpoint for it.
    assert.equal((await raw('services/web/proxy')).stderr, 'Error from server (ServiceUnavailable): no endpoints available for service "web"\n');
  });
});

describe('kubectl proxy: what it refuses before it serves, as the real kubectl does', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite();
  test('a port out of range or taken; a regular expression Go cannot compile', WITHIN, async () => {
    for (const port of ['70000', '-1', 'abc']) {
      const real = await suite.same(['proxy', `--port=${port}`], (r) => ({ ...r, stderr: r.stderr.replace(/kubectl(-lite)? proxy --help/, 'PROXY --help') }));
      assert.equal(real.code, 1, port);
    }
    // A regular expression Go cannot compile: kubectl's klog.Fatal line, exit 255.
    const fatal = (r: { stdout: string; stderr: string; code: number }) => ({ ...r, stderr: r.stderr.replace(/^F\d{4} [\d:.]+ +\d+ /, 'F ') });
    for (const [flag, words] of [['--accept-paths=(', 'missing closing ): `(`'], ['--accept-hosts=a,[', 'missing closing ]: `[`']] as const) {
      const real = fatal(await suite.same(['proxy', '--port=0', flag], fatal));
      assert.deepEqual(real, { stdout: '', stderr: `F proxy_server.go:83] Error compiling re: error parsing regexp: ${words}\n`, code: 255 });
    }
    const taken = new URL(suite.served.url).port;
    const real = await suite.same(['proxy', `--port=${taken}`, 'ignored-argument']);
    assert.deepEqual(real, { stdout: '', stderr: `error: listen tcp 127.0.0.1:${taken}: bind: address already in use\n`, code: 1 });
  });
});

describe("get --raw of a proxied server's own error: client-go's words for its status code, as the real kubectl prints them", { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const CODES = ['500', '404', '503', '418', '400', '403', '401', '409'];
  const pods = CODES.map((c) => `apiVersion: v1
kind: Pod
metadata: {name: s${c}, annotations: {sim.kubectl-lite.io/http-status: "${c}", sim.kubectl-lite.io/http-body: "said ${c}"}}
spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]}
`).join('---\n');
  const suite = serveForSuite((served) => assert.equal(served.lite(['apply', '-f', '-'], { stdin: pods }).code, 0), { KUBECTL_LITE_NOW: NOW });
  test('each status code', WITHIN, async () => {
    for (const c of CODES) {
      const real = await suite.same(['get', '--raw', `/api/v1/namespaces/default/pods/s${c}/proxy/`]);
      assert.equal(real.code, 1, c);
    }
    assert.equal((await suite.served.kubectl(['get', '--raw', '/api/v1/namespaces/default/pods/s500/proxy/'])).stderr, 'Error from server (InternalError): an error on the server ("said 500") has prevented the request from succeeding\n');
  });
});
