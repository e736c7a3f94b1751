/**
 * `kubectl-lite serve`'s process side: the listening socket (HTTPS with client authentication, or
 * plain HTTP when asked), the kubeconfig for it, and the timers that keep the cluster alive while
 * it serves: the clock's next wake-up is settled when it comes, and commits by other processes
 * (the CLI) are noticed by the store file changing and handed to watches.
 */
import { X509Certificate } from 'node:crypto';
import { statSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { clientAuthOk, subjectUser } from '../api/client-certificates.js';
import type { UserInfo } from '../api/rbac.js';
import { authenticateToken } from '../api/token-request.js';
import { NEXT_WAKE_META } from '../controllers/loop.js';
import { hmacSha256 } from '../util/digest.js';
import type { Session } from '../cli/session.js';
import { KubeApi, replyHeaders, replyText, send, type Reply } from './api.js';
import { isWebSocketHandshake, spdyExecProtocol, streamExec, streamExecSpdy, type StreamPlan } from './exec-stream.js';
import { portForwardTransport, streamPortForward } from './portforward-stream.js';
import { ensureCredentials, type ServeCredentials } from './tls.js';

export interface ServeOptions {
  session: Session;
  port: number;
  address: string;
  insecure: boolean;
  /** Where the kubeconfig goes (none: not written). */
  kubeconfig?: string;
  /** A Unix socket to listen on instead of the address and port. */
  socketPath?: string;
  /**
   * Looks at each request first (`kubectl-lite proxy`'s filter, API prefix and static files): a
   * reply it returns is the answer; else the request goes on to the API (its URL maybe rewritten).
   */
  gate?: (req: IncomingMessage) => Reply | undefined;
  realNow(): number;
  /** The clock is pinned (KUBECTL_LITE_NOW): an exec's sleeps pass simulated time at once. */
  pinned?: boolean;
  /** How often the store file is checked for other processes' commits. */
  pollMs?: number;
  bookmarkMs?: number;
}

export interface Serving {
  url: string;
  /** The port listened on (0 on a Unix socket). */
  port: number;
  /** Stops listening, ends open watches, stops the timers. */
  close(): Promise<void>;
}

/** Paths anyone may read, as a real API server lets system:unauthenticated read them. */
const PUBLIC = /^\/(version|healthz|livez|readyz)(\/|$|\?)/;
/**
 * A wake-up already due (a catch-up its settle budget cut, `cluster advance 1000h` with a CronJob)
 * is settled after this pause, not at once: a command waiting for the store's lock polls it every
 * 20 ms at most (store/lock.ts), and settles taken back to back left it no gap (it waited its 60 s).
 */
const CATCH_UP_PAUSE_MS = 100;

export async function startServing(o: ServeOptions): Promise<Serving> {
  const session = o.session;
  const api = new KubeApi(
    {
      read: (fn) => session.read(fn),
      write: (fn) => session.write(fn),
      snapshot: (fn) => session.store.read(fn),
      storeDir: session.storeDir,
    },
    { realNow: o.realNow, bookmarkMs: o.bookmarkMs },
  );
  // A new cluster is made, and an old one brought up to now, before anyone asks.
  session.write(() => undefined);
  const creds = o.insecure ? undefined : await ensureCredentials(join(session.storeDir, 'serve'), o.address);
  const adminFingerprint = creds ? new X509Certificate(creds.clientCert).fingerprint256 : undefined;
  /**
   * Who the request's credentials are, tried as the API server tries them (a client certificate,
   * then a bearer token): the admin (serve's own certificate or token, or any request over
   * --insecure-http), the user a certificate the cluster's CA signed names, a service account (a
   * token the cluster signed), or no one.
   */
  const authenticate = (req: IncomingMessage): UserInfo | 'admin' | undefined => {
    const socket = req.socket as TLSSocket;
    if (creds && socket.authorized) {
      const peer = socket.getPeerCertificate();
      if (peer.fingerprint256 === adminFingerprint) return 'admin';
      const user = peer.subject && clientAuthOk(peer.ext_key_usage) ? subjectUser(peer.subject as unknown as Record<string, string | string[]>) : undefined;
      if (user) return user;
    }
    const auth = req.headers.authorization ?? '';
    const bearer = auth.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
    if (creds && bearer === creds.token) return 'admin';
    if (bearer) {
      const who = session.read((api) => authenticateToken(api, bearer, hmacSha256));
      if ('user' in who) return who.user;
      // A token that authenticates no one is refused, whatever the path (anonymous access is for requests without credentials).
      if (creds) return undefined;
    }
    if (!creds || PUBLIC.test(req.url ?? '')) return 'admin';
    return undefined;
  };
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const gated = o.gate?.(req);
    if (gated) return send(res, gated);
    const who = authenticate(req);
    if (!who) return send(res, unauthorizedReply());
    void api.handle(req, res, who === 'admin' ? undefined : who);
  };
  let server: Server;
  if (creds) {
    server = createHttpsServer({ key: creds.serverKey, cert: creds.serverCert, ca: creds.caCert, requestCert: true, rejectUnauthorized: false }, handler);
  } else {
    server = createHttpServer(handler);
  }
  server.keepAliveTimeout = 30_000;
  // exec and port-forward (over a WebSocket or SPDY): checked and routed as any request, then the
  // socket is the stream's.
  const upgraded = new Set<Duplex>();
  const execServer = { session, realNow: o.realNow, pinned: o.pinned === true };
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const gated = o.gate?.(req);
    if (gated) return void socket.end(rawResponse(gated));
    const who = authenticate(req);
    if (!who) return void socket.end(rawResponse(unauthorizedReply()));
    upgraded.add(socket);
    socket.on('close', () => upgraded.delete(socket));
    // A protocol that cannot carry what is asked is checked the same way, then told it cannot.
    const start = (plan: StreamPlan): boolean => {
      if (plan.kind === 'portforward') {
        if (!portForwardTransport(req)) return false;
        streamPortForward(execServer, req, socket, head, plan);
      } else if (isWebSocketHandshake(req)) streamExec(execServer, req, socket, head, plan);
      else if (spdyExecProtocol(req)) streamExecSpdy(execServer, req, socket, head, plan);
      else return false;
      return true;
    };
    const reply = api.upgrade(req, who === 'admin' ? undefined : who, start);
    if (reply) socket.end(rawResponse(reply));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    const listening = () => {
      server.off('error', reject);
      resolve();
    };
    if (o.socketPath) server.listen(o.socketPath, listening);
    else server.listen(o.port, o.address, listening);
  });
  const address = server.address();
  const host = o.address.includes(':') ? `[${o.address}]` : o.address === '0.0.0.0' ? '127.0.0.1' : o.address;
  const url = typeof address === 'string' ? address : `${creds ? 'https' : 'http'}://${host}:${(address as AddressInfo).port}`;
  if (o.kubeconfig) writeKubeconfig(o.kubeconfig, url, session.clusterName, session.namespace, creds);

  // The cluster's clock keeps running: settle at the next wake-up, re-read after any commit.
  let stamp = '';
  let wakeTimer: NodeJS.Timeout | undefined;
  const storeFile = session.store.location;
  const arm = () => {
    const { wake, now } = session.store.read((snap) => ({ wake: snap.getMeta(NEXT_WAKE_META), now: session.simulatedNow(snap) }));
    clearTimeout(wakeTimer);
    wakeTimer = undefined;
    if (typeof wake !== 'number') return;
    wakeTimer = setTimeout(() => {
      wakeTimer = undefined;
      try {
        session.write(() => undefined);
      } catch {
        /* a corrupt or busy store: the next poll tries again */
      }
      check();
    }, Math.min(2 ** 31 - 1, Math.max(wake <= now ? CATCH_UP_PAUSE_MS : 0, wake - now)));
  };
  const check = () => {
    let next: string;
    try {
      const st = statSync(storeFile);
      next = `${st.ino}:${st.mtimeMs}:${st.size}`;
    } catch {
      return;
    }
    if (next === stamp) return;
    stamp = next;
    try {
      api.poll();
      arm();
    } catch {
      /* as above */
    }
  };
  api.onWrite = check;
  check();
  const poller = setInterval(check, o.pollMs ?? 100);

  return {
    url,
    port: typeof address === 'string' ? 0 : (address as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(poller);
        clearTimeout(wakeTimer);
        api.closeStreams();
        for (const socket of upgraded) socket.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function unauthorizedReply(): Reply {
  return { code: 401, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 } };
}

/** A reply written on a socket that was not upgraded: the HTTP response, then the connection closes. */
function rawResponse(r: Reply): Buffer {
  const body = Buffer.from(replyText(r));
  const headers = [...replyHeaders(r), ['Content-Length', String(body.length)], ['Connection', 'close']];
  const head = `HTTP/1.1 ${r.code} ${STATUS_CODES[r.code] ?? ''}\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  return Buffer.concat([Buffer.from(head), body]);
}

function writeKubeconfig(path: string, server: string, cluster: string, namespace: string, creds: ServeCredentials | undefined): void {
  const name = `kubectl-lite-${cluster}`;
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server, ...(creds ? { 'certificate-authority-data': b64(creds.caCert) } : {}) } }],
    contexts: [{ name, context: { cluster: name, user: name, ...(namespace !== 'default' ? { namespace } : {}) } }],
    'current-context': name,
    users: [{ name, user: creds ? { 'client-certificate-data': b64(creds.clientCert), 'client-key-data': b64(creds.clientKey) } : {} }],
    preferences: {},
  };
  // JSON is YAML: every kubeconfig reader (client-go, the Python and JavaScript clients) takes it.
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
}
