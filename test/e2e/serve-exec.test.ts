/**
 * exec and cp through serve: the real kubectl opens the pod's exec subresource over a WebSocket
 * (v5.channel.k8s.io) and prints what kubectl-lite prints for the same words, exit codes included.
 * Then the protocol itself, frame by frame, without kubectl.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { tempHome, type Result } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { serveForSuite, startServe, type Served } from './serve-helpers.js';
import { FrameReader, frame, OPCODE } from '../../src/serve/websocket.js';

const PODS = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec: {containers: [{name: app, image: nginx}]}
---
apiVersion: v1
kind: Pod
metadata: {name: two}
spec: {containers: [{name: a, image: busybox}, {name: b, image: busybox}]}
`;

/** The runtime's exec id is random. */
const execId = (r: Result): Result => ({ ...r, stderr: r.stderr.replace(/failed to start exec "[0-9a-f]{64}"/g, 'failed to start exec "ID"') });

describe('exec and cp through serve: the real kubectl prints what kubectl-lite prints', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kl-serve-exec-'));
    writeFileSync(join(dir, 'index.html'), '<h1>served</h1>\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const suite = serveForSuite((served) => assert.equal(served.lite(['apply', '-f', '-'], { stdin: PODS }).code, 0));

  test('a command, its output, its exit code; what cannot start; a container that is not there', async () => {
    await suite.same(['exec', 'web', '--', 'sh', '-c', 'echo out; echo err >&2; hostname']);
    await suite.same(['exec', 'web', '--', 'sh', '-c', 'exit 3']);
    await suite.same(['exec', 'web', '--', 'cat', '/tmp/none']);
    await suite.same(['exec', 'web', '--', 'nosuchprogram'], execId);
    await suite.same(['exec', 'web', '-c', 'nope', '--', 'ls']);
    // kubectl sets up the terminal before it asks: its warning comes first.
    await suite.same(['exec', '-it', 'web', '-c', 'nope', '--', 'sh']);
    await suite.same(['exec', 'two', '--', 'hostname']);
    await suite.same(['exec', 'two', '-c', 'b', '--', 'hostname']);
    await suite.same(['exec', 'nope', '--', 'ls']);
  });

  test('over SPDY (KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false, what older clients speak): the same output, exit codes, stdin and cp', async () => {
    const env = { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false' };
    for (const words of [
      ['exec', 'web', '--', 'sh', '-c', 'echo out; echo err >&2; hostname'],
      ['exec', 'web', '--', 'sh', '-c', 'exit 3'],
      ['exec', 'two', '-c', 'b', '--', 'hostname'],
      ['exec', '-t', 'web', '--', 'sh', '-c', 'echo to-the-terminal >&2'],
      ['cp', join(dir, 'index.html'), 'web:/tmp/spdy.html'],
      ['exec', 'web', '--', 'cat', '/tmp/spdy.html'],
    ]) {
      assert.deepEqual(await suite.served.kubectl(words, { env }), suite.served.lite(words), words.join(' '));
    }
    const real = await suite.served.kubectl(['exec', '-i', 'web', '--', 'sh', '-c', 'wc -l; echo done'], { stdin: 'a\nb\n', env });
    assert.deepEqual(real, { stdout: '2\ndone\n', stderr: '', code: 0 });
  });

  test('stdin: the process gets what kubectl sends', async () => {
    const real = await suite.served.kubectl(['exec', '-i', 'web', '--', 'sh', '-c', 'wc -l; echo done'], { stdin: 'a\nb\nc\n' });
    assert.deepEqual(real, suite.served.lite(['exec', '-i', 'web', '--', 'sh', '-c', 'wc -l; echo done'], { stdin: 'a\nb\nc\n' }));
    assert.deepEqual(real, { stdout: '3\ndone\n', stderr: '', code: 0 });
  });

  test('cp to and from a pod, and what fails', async () => {
    await suite.same(['cp', join(dir, 'index.html'), 'web:/tmp/index.html']);
    await suite.same(['exec', 'web', '--', 'cat', '/tmp/index.html']);
    await suite.same(['cp', join(dir, 'index.html'), 'web:/tmp']);
    await suite.same(['cp', join(dir, 'index.html'), 'web:/srv/none/index.html']);
    await suite.same(['cp', 'web:/tmp/index.html', join(dir, 'back.html')]);
    assert.equal(readFileSync(join(dir, 'back.html'), 'utf8'), '<h1>served</h1>\n');
    // Not `cp web:/tmp/none`: the real kubectl races tar's last message against its own exit (kubectl#980).
    await suite.same(['cp', join(dir, 'index.html'), 'two:/tmp/x.html']);
    await suite.same(['cp', 'two:/tmp/x.html', join(dir, 'x.html')]);
  });
});

/** A WebSocket handshake to `path`, returning the socket (or the plain HTTP answer when it was refused). */
function connect(served: Served, path: string, protocol: string): Promise<{ socket?: Duplex; head?: Buffer; status?: number; body?: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(served.url);
    const req = request({
      host: url.hostname,
      port: url.port,
      path,
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': randomBytes(16).toString('base64'), 'Sec-WebSocket-Protocol': protocol },
    });
    req.on('upgrade', (res, socket, head) => {
      assert.equal(res.headers['sec-websocket-protocol'], protocol);
      resolve({ socket, head });
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A client frame: masked, as RFC 6455 requires. */
function clientFrame(payload: Buffer): Buffer {
  const plain = frame(OPCODE.binary, payload);
  const mask = randomBytes(4);
  const at = plain.length - payload.length;
  const head = Buffer.from(plain.subarray(0, at));
  head[1]! |= 0x80;
  const body = Buffer.from(payload.map((b, i) => b ^ mask[i & 3]!));
  return Buffer.concat([head, mask, body]);
}

/** Every message until the server closes, by channel (`head`: what came with the handshake's answer). */
function collect({ socket, head }: { socket?: Duplex; head?: Buffer }): Promise<Map<number, string>> {
  const reader = new FrameReader();
  const out = new Map<number, string>();
  const take = (c: Buffer) => {
    for (const m of reader.push(c)) if (m.opcode === OPCODE.binary) out.set(m.data[0]!, (out.get(m.data[0]!) ?? '') + m.data.subarray(1).toString('utf8'));
  };
  if (head?.length) take(head);
  return new Promise((resolve) => {
    socket!.on('data', take);
    socket!.on('close', () => resolve(out));
    socket!.on('end', () => socket!.end());
  });
}

describe('the exec subresource over a WebSocket, frame by frame', () => {
  let home: { home: string; dispose(): void };
  let served: Served;
  before(async () => {
    home = tempHome();
    served = await startServe(home.home, ['--insecure-http'], { KUBECTL_LITE_NOW: String(Date.now()) });
    assert.equal(served.lite(['apply', '-f', '-'], { stdin: PODS }).code, 0);
  });
  after(async () => {
    await served.stop();
    home.dispose();
  });
  const path = (q: string) => `/api/v1/namespaces/default/pods/web/exec?${q}`;

  test('v5: stdin until the client closes it, stdout and stderr, then the exit code as a Status', async () => {
    const conn = await connect(served, path('command=sh&command=-c&command=cat%3B%20echo%20e%20%3E%262%3B%20exit%205&stdin=true&stdout=true&stderr=true'), 'v5.channel.k8s.io');
    const socket = conn.socket;
    const done = collect(conn);
    socket!.write(clientFrame(Buffer.from('\u0000hello\n')));
    socket!.write(clientFrame(Buffer.from([255, 0])));
    const got = await done;
    assert.equal(got.get(1), 'hello\n');
    assert.equal(got.get(2), 'e\n');
    assert.deepEqual(JSON.parse(got.get(3)!), {
      metadata: {},
      status: 'Failure',
      message: 'command terminated with non-zero exit code: error executing command [sh -c cat; echo e >&2; exit 5], exit code 5',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '5' }] },
    });
  });

  test('v4 without stdin: runs at once; success is a Success Status', async () => {
    const got = await collect(await connect(served, path('command=echo&command=hi&stdout=true'), 'v4.channel.k8s.io'));
    assert.equal(got.get(1), 'hi\n');
    assert.deepEqual(JSON.parse(got.get(3)!), { metadata: {}, status: 'Success' });
  });

  test('exec -it POD -- sh: the interactive shell, fed keystrokes as they come, until exit', async () => {
    const conn = await connect(served, path('command=sh&stdin=true&stdout=true&tty=true'), 'v5.channel.k8s.io');
    const socket = conn.socket;
    const done = collect(conn);
    socket!.write(clientFrame(Buffer.from('\u0000echo hi > /tmp/typed\r')));
    socket!.write(clientFrame(Buffer.from('\u0000cat /tmp/typed; exit 4\r')));
    const got = await done;
    const screen = got.get(1)!.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
    // The prompt, each line echoed as typed (the second may be typed ahead, before the next prompt), cat's output.
    assert.ok(screen.startsWith('/ # echo hi > /tmp/typed\r\n'), JSON.stringify(screen));
    assert.ok(screen.includes('cat /tmp/typed; exit 4\r\n'), JSON.stringify(screen));
    assert.ok(screen.endsWith('/ # hi\n') || screen.endsWith('exit 4\r\nhi\n'), JSON.stringify(screen));
    assert.equal(JSON.parse(got.get(3)!).details.causes[0].message, '4');
    // What it wrote is the container's.
    assert.equal(served.lite(['exec', 'web', '--', 'cat', '/tmp/typed']).stdout, 'hi\n');
  });

  test('refused before the upgrade: as plain HTTP, a Status or the kubelet text', async () => {
    const missing = await connect(served, '/api/v1/namespaces/default/pods/nope/exec?command=ls&stdout=true', 'v5.channel.k8s.io');
    assert.equal(missing.status, 404);
    assert.equal(JSON.parse(missing.body!).message, 'pods "nope" not found');
    const plain = await fetch(`${served.url}${path('command=ls&stdout=true')}`, { method: 'POST' });
    assert.equal(plain.status, 400);
    assert.equal(((await plain.json()) as { message: string }).message, 'Upgrade request required');
    const notRunning = await connect(served, '/api/v1/namespaces/default/pods/two/exec?command=ls&container=zz&stdout=true', 'v5.channel.k8s.io');
    assert.deepEqual([notRunning.status, JSON.parse(notRunning.body!).message], [400, 'container zz is not valid for pod two']);
    const noProtocol = await connect(served, path('command=ls'), 'channel.k8s.io');
    assert.equal(noProtocol.status, 400);
  });
});
