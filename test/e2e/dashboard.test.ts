/**
 * `kubectl-lite dashboard` as a user runs it (the built binary), and its page in a real browser:
 * Debian's chromium driven by puppeteer-core. The browser tests skip, saying so, where no
 * chromium is installed (CHROMIUM_PATH, else /usr/bin/chromium).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { BIN, REPO_ROOT, runBin, tempHome } from '../helpers/cli.js';

interface Running {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

function envFor(home: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, KUBECTL_LITE_HOME: home, NO_COLOR: '1', TZ: 'UTC' };
}

async function startDashboard(home: string, args: string[] = []): Promise<Running> {
  const child = spawn(process.execPath, [BIN, 'dashboard', ...args], { env: envFor(home), cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 10 s: ${out} ${err}`)), 10_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then((code) => reject(new Error(`exited ${code}: ${err}`)));
  });
  return { child, url, exited };
}

async function stop(r: Running): Promise<number | null> {
  r.child.kill('SIGTERM');
  const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('timeout'), 5000));
  const code = await Promise.race([r.exited, timeout]);
  if (code === 'timeout') {
    r.child.kill('SIGKILL');
    assert.fail('the dashboard did not stop within 5 s of SIGTERM');
  }
  return code as number | null;
}

test('dashboard: prints its URL, serves the page, the state and events; refuses foreign writes; stops on SIGTERM', async () => {
  const { home, dispose } = tempHome();
  try {
    assert.equal(runBin('apply -f manifests/web.yaml', { home }).code, 0);
    const d = await startDashboard(home);
    try {
      const page = await fetch(d.url);
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.match(html, /<script src="\/app.js"><\/script>/);
      assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//, 'the page loads nothing from the network');
      for (const asset of ['app.js', 'app.css']) assert.equal((await fetch(d.url + asset)).status, 200);
      const state = await (await fetch(d.url + 'api/state')).json();
      assert.deepEqual(state.view.nodes.map((n: any) => n.name), ['lite-control-plane', 'lite-worker', 'lite-worker2', 'lite-worker3']);
      assert.equal(state.view.nodes.flatMap((n: any) => n.pods).filter((p: any) => p.namespace === 'default').length, 3);
      assert.equal(state.view.services.find((s: any) => s.name === 'web').endpoints.length, 3);
      // Without the header a cross-site form cannot send, an action is refused and the store unchanged.
      const forged = await fetch(d.url + 'api/actions/scale', { method: 'POST', body: JSON.stringify({ namespace: 'default', name: 'web', replicas: 0 }) });
      assert.equal(forged.status, 403);
      const bad = await fetch(d.url + 'api/actions/scale', { method: 'POST', headers: { 'x-kubectl-lite': '1' }, body: JSON.stringify({ name: 'web', replicas: -1 }) });
      assert.equal(bad.status, 400);
      assert.equal(runBin('get deploy web -o jsonpath={.spec.replicas}', { home }).stdout, '3');
      // Another process's write reaches an open event stream within a second.
      const controller = new AbortController();
      const events = await fetch(d.url + 'api/events', { signal: controller.signal });
      const reader = events.body!.getReader();
      const decoder = new TextDecoder();
      let seen = '';
      await reader.read().then((c) => (seen += decoder.decode(c.value)));
      const t0 = Date.now();
      assert.equal(runBin('run extra --image=nginx:1.27', { home }).code, 0);
      const wrote = Date.now();
      while (!seen.includes('"name":"extra"')) {
        const chunk = await Promise.race([reader.read(), new Promise<never>((_, rej) => setTimeout(() => rej(new Error('no event within 3 s')), 3000))]);
        seen += decoder.decode(chunk.value);
      }
      const latency = Date.now() - wrote;
      assert.ok(latency < 1000, `the event came ${latency} ms after the write (${wrote - t0} ms for the write)`);
      controller.abort();
    } finally {
      assert.equal(await stop(d), 0);
    }
  } finally {
    dispose();
  }
});

test('dashboard: a port in use is one error line and exit 1', async () => {
  const { home, dispose } = tempHome();
  try {
    const d = await startDashboard(home);
    try {
      const port = new URL(d.url).port;
      const r = runBin(['dashboard', '--port', port], { home });
      assert.equal(r.code, 1);
      assert.equal(r.stderr, `error: listen tcp 127.0.0.1:${port}: bind: address already in use\n`);
      const neg = runBin(['dashboard', '--port', '70000'], { home });
      assert.equal(neg.code, 1);
      assert.match(neg.stderr, /^error: invalid port 70000/);
    } finally {
      await stop(d);
    }
  } finally {
    dispose();
  }
});

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function browser(): Promise<any | string> {
  if (!existsSync(CHROMIUM)) return `no chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
  let puppeteer: any;
  try {
    puppeteer = (await import('puppeteer-core')).default;
  } catch {
    return 'puppeteer-core is not installed (npm install)';
  }
  return puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

test('dashboard in Chromium: nodes and pods of the store; a pod created from the CLI appears within a second; a stopped node turns NotReady; actions change the store', async (t) => {
  const b = await browser();
  if (typeof b === 'string') {
    process.stderr.write(`SKIPPING the browser tests: ${b}\n`);
    t.skip(b);
    return;
  }
  const { home, dispose } = tempHome();
  let d: Running | undefined;
  try {
    assert.equal(runBin('apply -f manifests/web.yaml', { home }).code, 0);
    d = await startDashboard(home);
    const page = await b.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const foreign: string[] = [];
    const errors: string[] = [];
    page.on('request', (req: any) => {
      if (!req.url().startsWith(d!.url)) foreign.push(req.url());
    });
    page.on('pageerror', (e: Error) => errors.push(e.message));
    const { mkdirSync: mkdir } = await import('node:fs');
    mkdir(`${REPO_ROOT}/test/artifacts`, { recursive: true });
    await page.goto(d.url);
    await page.waitForSelector('.node[data-node="lite-worker3"]', { timeout: 5000 });
    await page.waitForFunction(() => document.getElementById('live')?.textContent === 'live', { timeout: 5000 });

    // The nodes and pods of the store.
    const nodes = await page.$$eval('.node', (els: Element[]) => els.map((e) => [e.getAttribute('data-node'), e.getAttribute('data-status')]));
    assert.deepEqual(nodes, [['lite-control-plane', 'Ready'], ['lite-worker', 'Ready'], ['lite-worker2', 'Ready'], ['lite-worker3', 'Ready']]);
    const storePods = runBin('get pods -o jsonpath={.items[*].metadata.name}', { home }).stdout.split(' ').sort();
    const shown = (await page.$$eval('.node .pod', (els: Element[]) => els.map((e) => e.getAttribute('data-pod')))).sort();
    assert.deepEqual(shown, storePods.map((p) => `default/${p}`));
    assert.equal(await page.$$eval('path.link[data-from="service/default/web"]', (els: Element[]) => els.length), 3);

    // A live load run's side file (the format `load` writes) animates its traffic along the Service's lines.
    const { mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const trafficDir = `${home}/clusters/lite/traffic`;
    mkdirSync(trafficDir, { recursive: true });
    const target = shown[0]!.split('/')[1];
    const side = { pid: process.pid, target: 'svc/web', sent: 120, failed: 0, pods: [{ namespace: 'default', name: target, node: 'lite-worker', served: 120, lastSecond: 40 }] };
    writeFileSync(`${trafficDir}/${process.pid}.json`, JSON.stringify(side));
    await page.waitForSelector('circle.packet', { timeout: 3000 });
    assert.match(await page.$eval('#traffic', (e: Element) => e.textContent), /load svc\/web: 40\/s, 120 sent, 0 failed/);
    await page.screenshot({ path: `${REPO_ROOT}/test/artifacts/dashboard-traffic.png`, fullPage: true });
    rmSync(`${trafficDir}/${process.pid}.json`);
    await page.waitForFunction(() => !document.querySelector('circle.packet'), { timeout: 3000 });

    // A pod created from the CLI appears within a second.
    assert.equal(runBin('run extra --image=nginx:1.27', { home }).code, 0);
    const created = Date.now();
    await page.waitForSelector('.pod[data-pod="default/extra"]', { timeout: 3000 });
    const latency = Date.now() - created;
    assert.ok(latency < 1000, `the pod appeared ${latency} ms after the command`);

    // A node stopped turns its box NotReady (after the node monitor grace period).
    assert.equal(runBin('node stop lite-worker2', { home }).code, 0);
    assert.equal(runBin('cluster advance 1m', { home }).code, 0);
    await page.waitForSelector('.node.notready[data-node="lite-worker2"]', { timeout: 3000 });
    assert.match(await page.$eval('.node[data-node="lite-worker2"]', (e: Element) => e.getAttribute('data-status')), /^NotReady/);

    // Offered actions change the store: scale up, delete a pod, start the node again. The page redraws its
    // nodes, pods and lists on every change, so an element found by one call from here and clicked by the
    // next may be gone in between ("Node is detached from document"): each is found and clicked in one task
    // of the page.
    const click = (selector: string) => page.$eval(selector, (e: Element) => void e.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true })));
    await click('li[data-deployment="default/web"] button[data-scale="1"]');
    await waitFor(() => runBin('get deploy web -o jsonpath={.spec.replicas}', { home }).stdout === '4', 'the scale action');
    await click('.pod[data-pod="default/extra"]');
    await click('button[data-action="delete-pod"]');
    await waitFor(() => runBin('get pod extra --ignore-not-found -o name', { home }).stdout === '', 'the delete action');
    await page.waitForFunction(() => !document.querySelector('.pod[data-pod="default/extra"]'), { timeout: 3000 });
    await click('.node[data-node="lite-worker2"] .action[data-action="node-start"]');
    await page.waitForSelector('.node[data-node="lite-worker2"]:not(.notready)', { timeout: 3000 });

    // The namespace filter.
    await page.select('#namespace', 'kube-system');
    await page.waitForSelector('.pod[data-pod^="kube-system/coredns-"]', { timeout: 2000 });
    assert.equal(await page.$$eval('.pod[data-pod^="default/"]', (els: Element[]) => els.length), 0);
    await page.select('#namespace', 'default');

    // A picture to look at (test/artifacts is not committed).
    await page.screenshot({ path: `${REPO_ROOT}/test/artifacts/dashboard.png`, fullPage: true });
    assert.deepEqual(foreign, [], 'every asset is served by the command');
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
    if (d) assert.equal(await stop(d), 0);
    dispose();
  }
});

async function waitFor(check: () => boolean, what: string, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) assert.fail(`${what} did not change the store within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
