/**
 * A pod's exec subresource over a WebSocket, as kubectl (v1.30 and later) and the other clients
 * speak it: the channel protocol `v5.channel.k8s.io` (or v4), each binary message one stream's bytes
 * behind its number (0 stdin, 1 stdout, 2 stderr, 3 the error stream, 4 terminal resizes, 255 a
 * stream closed, v5). A command runs in the simulated container once stdin has been closed (a
 * simulated process reads its input whole); `sh` on a terminal (`exec -it POD -- sh`) is the
 * interactive shell, fed keystrokes as they come. Output goes out as it is written, and the error
 * stream carries the outcome as the kubelet reports it (a Status: Success, or NonZeroExitCode with the
 * exit code). Over SPDY (streamExecSpdy) the same process runs behind one SPDY stream per standard
 * stream.
 */
import type { IncomingMessage } from 'node:http';
import { PassThrough, Writable, type Duplex } from 'node:stream';
import type { KubeObject } from '../api/types.js';
import type { Session } from '../cli/session.js';
import { isBareShell } from '../userland/types.js';
import { spdyHandshake, SpdyConnection, type SpdyStream } from './spdy.js';
import { headerValues, upgradeTo } from './upgrade.js';
import { acceptWebSocket, channelMessage, isWebSocketUpgrade, normalClose, readMessages } from './websocket.js';

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
  /** An attach to a process that reads no stdin: what the container writes is followed (command unused). */
  follow?: boolean;
  /** An attach to the container's own process (command): when the session ends it, the container ends too. */
  attach?: boolean;
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
  return headerValues(req, 'sec-websocket-protocol').find((p) => PROTOCOLS.includes(p));
}

/** Whether the request is a WebSocket handshake this server can take (else it is answered as plain HTTP). */
export function isWebSocketHandshake(req: IncomingMessage): boolean {
  return isWebSocketUpgrade(req) && chooseProtocol(req) !== undefined;
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

/** Where a running exec's output and outcome go, whatever carries them. */
interface ExecSink {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The outcome (the error stream's Status); the exec is over. */
  finish(status: Record<string, unknown>): void;
}

/** What a transport tells a started exec. */
interface ExecInput {
  stdin(data: Buffer): void;
  /** The client closed stdin: a non-interactive process starts now, with its input whole. */
  stdinEnd(): void;
  /** The client went away. */
  abort(): void;
}

/**
 * An exec, independent of its transport: `sh` on a terminal is the interactive shell, fed
 * keystrokes as they come; anything else reads its input whole, so it starts when stdin is closed
 * (at once when there is no stdin, or when the client cannot say it closed: `startNow`).
 */
function startExec(server: ExecServer, plan: ExecPlan, sink: ExecSink, startNow: boolean): ExecInput {
  const abort = new AbortController();
  const interactive = plan.tty && plan.stdin && isBareShell(plan.command);
  const keys = new PassThrough();
  const input: Buffer[] = [];
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    void run();
  };
  if (interactive || !plan.stdin || startNow || plan.follow) start();

  async function run(): Promise<void> {
    const { interactiveExec, runWithStreams, StartError } = await import('../userland/exec.js');
    const out = (t: string) => (plan.stdout ? sink.stdout(t) : undefined);
    // A terminal has one stream: what goes to stderr comes out on stdout.
    const err = (t: string) => (plan.tty ? out(t) : plan.stderr ? sink.stderr(t) : undefined);
    let status: Record<string, unknown>;
    try {
      const { pod, snap } = server.session.read((api) => ({ pod: api.get(api.registry.resolve('pods'), plan.namespace, plan.pod), snap: api.store }));
      const host = { session: server.session, realNow: server.realNow, pinned: server.pinned, signal: () => abort.signal, note: err };
      let code: number;
      const outcome = { exited: false };
      if (plan.follow) {
        const { followOutput } = await import('../userland/follow-output.js');
        const sleep = (ms: number) => new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, ms);
          abort.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
        });
        await followOutput({ session: server.session, write: out, signal: abort.signal, sleep }, pod, plan.container);
        code = 0;
      } else if (interactive) {
        const screen = new Writable({ write: (c: Buffer, _e, done) => (out(c.toString('utf8')), done()) });
        code = await interactiveExec(host, snap, pod, plan.container, { input: keys, output: screen, signal: abort.signal });
      } else {
        const stdin = { data: Buffer.concat(input).toString('utf8'), pos: 0 };
        code = await runWithStreams(host, snap, pod, plan.container, plan.command, { stdin, out, err, tty: plan.tty }, true, plan.attach ? outcome : undefined);
      }
      if (plan.attach && !plan.follow) {
        const [{ containerSpec }, { endProcessIfEnded }] = await Promise.all([import('../api/pod-exec.js'), import('../userland/session-end.js')]);
        const spec = containerSpec(pod, plan.container);
        if (spec) endProcessIfEnded(server.session, pod, spec, code, { argv: plan.command, stdin: plan.stdin, interactive, exited: outcome.exited, aborted: abort.signal.aborted });
      }
      // An attach ends as its streams close, whatever the process's exit code (the pod's status has that).
      status = exitStatus(plan.command, plan.attach ? 0 : code);
    } catch (e) {
      const message = e instanceof StartError ? e.reason : `Internal error occurred: ${(e as Error).message}`;
      status = { metadata: {}, status: 'Failure', message, reason: 'InternalError', code: 500 };
    }
    sink.finish(status);
  }

  return {
    stdin: (data) => (interactive ? keys.write(data) : input.push(data)),
    stdinEnd: () => {
      keys.end();
      start();
    },
    abort: () => {
      abort.abort();
      keys.end();
    },
  };
}

/** Takes over the upgraded socket: the handshake's answer, then the exec's channels until the process ends. */
export function streamExec(server: ExecServer, req: IncomingMessage, socket: Duplex, head: Buffer, plan: ExecPlan): void {
  const protocol = chooseProtocol(req)!;
  acceptWebSocket(req, socket, protocol);
  const send = (channel: number, data: string) => {
    if (socket.writable) socket.write(channelMessage(channel, data));
  };
  // v4 cannot say that stdin ended: its process starts at once, with what came with the handshake.
  const exec = startExec(
    server,
    plan,
    {
      stdout: (t) => send(STDOUT, t),
      stderr: (t) => send(STDERR, t),
      finish: (status) => {
        send(ERROR, JSON.stringify(status));
        if (socket.writable) socket.end(normalClose());
      },
    },
    protocol !== PROTOCOLS[0],
  );
  socket.on('error', () => exec.abort());
  socket.on('close', () => exec.abort());
  readMessages(
    socket,
    head,
    (m) => {
      if (m.data[0] === STDIN) exec.stdin(m.data.subarray(1));
      else if (m.data[0] === CLOSE && m.data[1] === STDIN) exec.stdinEnd();
    },
    () => exec.abort(),
  );
}

/** The remote-command protocol an exec over SPDY speaks: v4 (the error stream carries a Status), if the client offers it. */
export function spdyExecProtocol(req: IncomingMessage): string | undefined {
  if (upgradeTo(req) !== 'spdy/3.1') return undefined;
  return headerValues(req, 'x-stream-protocol-version').includes(PROTOCOLS[1]!) ? PROTOCOLS[1] : undefined;
}

/**
 * An exec over SPDY (client-go's remotecommand, kubectl with KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false,
 * older clients): the client opens one stream per standard stream it asked for (`streamType`
 * error, stdin, stdout, stderr, resize with a terminal); once all are open the process starts as
 * above, its output goes out on stdout/stderr, which end (FIN) when it exits, and the error stream
 * carries the Status.
 */
export function streamExecSpdy(server: ExecServer, req: IncomingMessage, socket: Duplex, head: Buffer, plan: ExecPlan): void {
  socket.write(spdyHandshake(spdyExecProtocol(req)!));
  const expected = ['error', ...(plan.stdin ? ['stdin'] : []), ...(plan.stdout ? ['stdout'] : []), ...(plan.stderr && !plan.tty ? ['stderr'] : []), ...(plan.tty ? ['resize'] : [])];
  const streams = new Map<string, SpdyStream>();
  let exec: ExecInput | undefined;
  const conn = new SpdyConnection((bytes) => socket.writable && socket.write(bytes), onStream, () => {
    exec?.abort();
    socket.destroy();
  });
  socket.on('data', (chunk: Buffer) => conn.receive(chunk));
  socket.on('error', () => conn.close());
  socket.on('close', () => conn.close());
  if (head.length) conn.receive(head);

  function onStream(stream: SpdyStream): void {
    const type = stream.headers.get('streamtype') ?? '';
    if (!expected.includes(type) || streams.has(type)) return conn.reset(stream);
    streams.set(type, stream);
    if (streams.size < expected.length) return;
    const write = (type: string, text: string) => {
      const s = streams.get(type);
      if (s?.writable) s.write(text);
    };
    exec = startExec(server, plan, {
      stdout: (t) => write('stdout', t),
      stderr: (t) => write('stderr', t),
      finish: (status) => {
        streams.get('stdout')?.end();
        streams.get('stderr')?.end();
        streams.get('error')!.end(JSON.stringify(status));
      },
    }, false);
    const stdin = streams.get('stdin');
    if (stdin) {
      stdin.on('data', (c: Buffer) => exec!.stdin(c));
      stdin.on('end', () => exec!.stdinEnd());
    }
    streams.get('resize')?.resume();
  }
}
