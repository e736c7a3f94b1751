/**
 * A pod's exec subresource over a WebSocket, as kubectl (v1.30 and later) and the other clients
 * speak it: the channel protocol `v5.channel.k8s.io` (or v4), each binary message one stream's bytes
 * behind its number (0 stdin, 1 stdout, 2 stderr, 3 the error stream, 4 terminal resizes, 255 a
 * stream closed, v5). A command runs in the simulated container once stdin has been closed (a
 * simulated process reads its input whole); `sh` on a terminal (`exec -it POD -- sh`) is the
 * interactive shell, fed keystrokes as they come. Output goes out as it is written, and the error
 * stream carries the outcome as the kubelet reports it (a Status: Success, or NonZeroExitCode with the
 * exit code). A client that only speaks SPDY is answered `Upgrade request required`.
 */
import type { IncomingMessage } from 'node:http';
import { PassThrough, Writable, type Duplex } from 'node:stream';
import type { KubeObject } from '../api/types.js';
import type { Session } from '../cli/session.js';
import { isBareShell } from '../userland/types.js';
import { FrameReader, frame, handshakeResponse, OPCODE } from './websocket.js';

/** What an exec request asks for, checked (the pod and container exist, it runs). */
export interface ExecPlan {
  kind: 'exec';
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** What a port-forward request opens, checked (the pod exists and is on a node). */
export interface PortForwardPlan {
  kind: 'portforward';
  namespace: string;
  pod: KubeObject;
  /** The `ports` query: the ports the kubelet's WebSocket channels carry (kubectl names its ports per stream instead). */
  ports: number[];
}

/** A checked request for a stream of its own, handed to the upgraded connection. */
export type StreamPlan = ExecPlan | PortForwardPlan;

export const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
const CLOSE = 255;

/** The protocol to speak: the first the client offers that is served; undefined: none. */
export function chooseProtocol(req: IncomingMessage): string | undefined {
  const offered = String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim());
  return offered.find((p) => PROTOCOLS.includes(p));
}

/** Whether the request is a WebSocket handshake this server can take (else it is answered as plain HTTP). */
export function isWebSocketHandshake(req: IncomingMessage): boolean {
  return String(req.headers.upgrade ?? '').toLowerCase() === 'websocket' && typeof req.headers['sec-websocket-key'] === 'string' && chooseProtocol(req) !== undefined;
}

/** The error stream's Status for an exit code, as the kubelet words it. */
export function exitStatus(command: string[], code: number): Record<string, unknown> {
  if (code === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

export interface ExecServer {
  session: Session;
  realNow(): number;
  pinned: boolean;
}

/** Takes over the upgraded socket: the handshake's answer, then the exec's streams until the process ends. */
export function streamExec(server: ExecServer, req: IncomingMessage, socket: Duplex, head: Buffer, plan: ExecPlan): void {
  const protocol = chooseProtocol(req)!;
  socket.write(handshakeResponse(String(req.headers['sec-websocket-key']), protocol));
  const abort = new AbortController();
  const send = (channel: number, data: string) => {
    if (socket.writable) socket.write(frame(OPCODE.binary, Buffer.concat([Buffer.from([channel]), Buffer.from(data, 'utf8')])));
  };
  // `sh` on a terminal is the interactive shell, fed keystrokes as they come; anything else reads its input whole.
  const interactive = plan.tty && plan.stdin && isBareShell(plan.command);
  const keys = new PassThrough();
  const input: Buffer[] = [];
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    void run();
  };
  const reader = new FrameReader();
  const onData = (chunk: Buffer) => {
    for (const m of reader.push(chunk)) {
      if (m.opcode === OPCODE.close) {
        abort.abort();
        keys.end();
        socket.end(frame(OPCODE.close, m.data.subarray(0, 2)));
        return;
      }
      if (m.opcode === OPCODE.ping) socket.write(frame(OPCODE.pong, m.data));
      if (m.opcode !== OPCODE.binary && m.opcode !== OPCODE.text) continue;
      if (m.data[0] === STDIN) {
        if (interactive) keys.write(m.data.subarray(1));
        else input.push(m.data.subarray(1));
      } else if (m.data[0] === CLOSE && m.data[1] === STDIN) {
        keys.end();
        start();
      }
    }
  };
  socket.on('data', onData);
  socket.on('error', () => abort.abort());
  socket.on('close', () => {
    abort.abort();
    keys.end();
  });
  if (head.length) onData(head);
  // v4 cannot say that stdin ended: its process starts at once, with what came with the handshake.
  if (interactive || !plan.stdin || protocol !== PROTOCOLS[0]) start();

  async function run(): Promise<void> {
    const { interactiveExec, runWithStreams, StartError } = await import('../userland/exec.js');
    const out = (t: string) => (plan.stdout ? send(STDOUT, t) : undefined);
    // A terminal has one stream: what goes to stderr comes out on stdout.
    const err = (t: string) => (plan.tty ? out(t) : plan.stderr ? send(STDERR, t) : undefined);
    let status: Record<string, unknown>;
    try {
      const { pod, snap } = server.session.read((api) => ({ pod: api.get(api.registry.resolve('pods'), plan.namespace, plan.pod), snap: api.store }));
      const host = { session: server.session, realNow: server.realNow, pinned: server.pinned, signal: () => abort.signal, note: err };
      let code: number;
      if (interactive) {
        const screen = new Writable({ write: (c: Buffer, _e, done) => (out(c.toString('utf8')), done()) });
        code = await interactiveExec(host, snap, pod, plan.container, { input: keys, output: screen, signal: abort.signal });
      } else {
        const stdin = { data: Buffer.concat(input).toString('utf8'), pos: 0 };
        code = await runWithStreams(host, snap, pod, plan.container, plan.command, { stdin, out, err, tty: plan.tty });
      }
      status = exitStatus(plan.command, code);
    } catch (e) {
      const message = e instanceof StartError ? e.reason : `Internal error occurred: ${(e as Error).message}`;
      status = { metadata: {}, status: 'Failure', message, reason: 'InternalError', code: 500 };
    }
    send(ERROR, JSON.stringify(status));
    if (socket.writable) socket.end(frame(OPCODE.close, Buffer.from([0x03, 0xe8])));
  }
}
