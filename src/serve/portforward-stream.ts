/**
 * A pod's portforward subresource, in the two ways clients speak it:
 * - kubectl's SPDY streams (src/serve/spdy.ts), carried in WebSocket binary messages (kubectl
 *   v1.31 and later: subprotocol `SPDY/3.1+portforward.k8s.io`) or on the upgraded connection itself
 *   (`Upgrade: SPDY/3.1`: older clients, and kubectl with KUBECTL_PORT_FORWARD_WEBSOCKETS=false).
 *   Each local connection kubectl accepts opens two streams with the same `requestID`, `error` and
 *   `data`, for the pod's `port`.
 * - the kubelet's WebSocket channels (`v4.channel.k8s.io`, the client libraries' way): the ports
 *   in the query, for the i-th port channel 2i carrying data and 2i+1 errors, each starting with
 *   the port number (two bytes, little-endian); one connection per port, for the WebSocket's life.
 * Either way, once a connection is asked for it is made from inside the pod to localhost:PORT, as
 * the kubelet makes it: refused, the error stream carries the kubelet's message and the data
 * stream ends; else what comes is HTTP (what the simulated servers speak), answered through the
 * dataplane, and the error stream ends empty when the data stream does.
 */
import type { IncomingMessage } from 'node:http';
import { Duplex } from 'node:stream';
import type { Session } from '../cli/session.js';
import { forwardingServer } from '../util/http-forwarding.js';
import type { PortForwardPlan } from './exec-stream.js';
import type { Snapshot } from '../store/types.js';
import { spdyHandshake, SpdyConnection, type SpdyStream } from './spdy.js';
import { headerValues, upgradeTo } from './upgrade.js';
import { acceptWebSocket, channelMessage, frame, isWebSocketUpgrade, normalClose, OPCODE, readMessages } from './websocket.js';

export const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';
/** The WebSocket subprotocol of SPDY tunnelled in WebSocket messages. */
export const TUNNEL_PROTOCOL = `SPDY/3.1+${PORT_FORWARD_PROTOCOL}`;
/** The kubelet's channel protocol for port forwarding over a WebSocket. */
const CHANNEL_PROTOCOL = 'v4.channel.k8s.io';

type Transport = 'tunnel' | 'spdy' | 'channels';

/** How the request asks to be carried; undefined: in no way this server speaks. */
export function portForwardTransport(req: IncomingMessage): Transport | undefined {
  if (isWebSocketUpgrade(req)) {
    const offered = headerValues(req, 'sec-websocket-protocol');
    if (offered.includes(TUNNEL_PROTOCOL)) return 'tunnel';
    if (offered.includes(CHANNEL_PROTOCOL)) return 'channels';
  }
  if (upgradeTo(req) === 'spdy/3.1' && headerValues(req, 'x-stream-protocol-version').includes(PORT_FORWARD_PROTOCOL)) return 'spdy';
  return undefined;
}

export interface PortForwardServer {
  session: Session;
}

/** Takes over the upgraded socket: the handshake's answer, then the forwarded connections until the client goes. */
export function streamPortForward(server: PortForwardServer, req: IncomingMessage, socket: Duplex, head: Buffer, plan: PortForwardPlan): void {
  const transport = portForwardTransport(req)!;
  const forward = (port: number, conn: Duplex, fail: (message: string) => void) => void forwardConnection(server.session, plan, port, conn, fail);
  if (transport === 'channels') return channels(req, socket, head, plan, forward);
  spdy(transport, req, socket, head, forward);
}

type Forward = (port: number, conn: Duplex, fail: (message: string) => void) => void;

/** One forwarded connection: made to the pod's port, then HTTP on `conn` answered by the pod's server. */
async function forwardConnection(session: Session, plan: PortForwardPlan, port: number, conn: Duplex, fail: (message: string) => void): Promise<void> {
  const { forwardRefusal, forwardRequest } = await import('../dataplane/port-forward.js');
  const atNow = <T>(fn: (snap: Snapshot, now: number) => T): T => session.store.read((snap) => fn(snap, session.simulatedNow(snap)));
  const refusal = atNow((snap, now) => forwardRefusal(snap, now, plan.pod, port));
  if (refusal) return fail(refusal);
  const http = forwardingServer(
    () => `localhost:${port}`,
    (r) => atNow((snap, now) => forwardRequest(snap, now, plan.pod, port, r)),
    fail,
  );
  http.emit('connection', conn);
}

function spdy(transport: 'tunnel' | 'spdy', req: IncomingMessage, socket: Duplex, head: Buffer, forward: Forward): void {
  let send: (bytes: Buffer) => void;
  if (transport === 'tunnel') {
    acceptWebSocket(req, socket, TUNNEL_PROTOCOL);
    send = (bytes) => socket.writable && socket.write(frame(OPCODE.binary, bytes));
  } else {
    socket.write(spdyHandshake(PORT_FORWARD_PROTOCOL));
    send = (bytes) => socket.writable && socket.write(bytes);
  }
  // Per requestID: the two streams of one local connection, as they come.
  const pairs = new Map<string, { error?: SpdyStream; data?: SpdyStream }>();
  const conn = new SpdyConnection(send, onStream, () => socket.destroy());
  socket.on('error', () => conn.close());
  socket.on('close', () => conn.close());
  if (transport === 'tunnel') readMessages(socket, head, (m) => m.opcode === OPCODE.binary && conn.receive(m.data), () => conn.close());
  else {
    socket.on('data', (chunk: Buffer) => conn.receive(chunk));
    if (head.length) conn.receive(head);
  }

  function onStream(stream: SpdyStream): void {
    const type = stream.headers.get('streamtype');
    const id = stream.headers.get('requestid') ?? '';
    const port = Number(stream.headers.get('port'));
    if ((type !== 'error' && type !== 'data') || !Number.isInteger(port) || port < 1 || port > 65535) return conn.reset(stream);
    const pair = pairs.get(id) ?? {};
    if (pair[type]) return conn.reset(stream);
    pair[type] = stream;
    pairs.set(id, pair);
    if (!pair.error || !pair.data) return;
    pairs.delete(id);
    const { error, data } = pair;
    data.on('finish', () => error.end());
    data.on('close', () => error.destroyed || error.end());
    forward(port, data, (message) => {
      error.end(message);
      data.end();
    });
  }
}

function channels(req: IncomingMessage, socket: Duplex, head: Buffer, plan: PortForwardPlan, forward: Forward): void {
  acceptWebSocket(req, socket, CHANNEL_PROTOCOL);
  const sendOn = (channel: number, data: Buffer) => socket.writable && socket.write(channelMessage(channel, data));
  let open = plan.ports.length;
  if (!open) return void socket.end(normalClose());
  const conns = plan.ports.map((port, i) => {
    const number = Buffer.alloc(2);
    number.writeUInt16LE(port);
    sendOn(2 * i, number);
    sendOn(2 * i + 1, number);
    const conn = new Duplex({
      allowHalfOpen: true,
      read() {},
      write(chunk: Buffer, _enc, done) {
        sendOn(2 * i, chunk);
        done();
      },
      final(done) {
        // The last connection done: the WebSocket is.
        if (--open === 0 && socket.writable) socket.end(normalClose());
        done();
      },
    });
    forward(port, conn, (message) => {
      sendOn(2 * i + 1, Buffer.from(message, 'utf8'));
      conn.end();
    });
    return conn;
  });
  const endAll = () => conns.forEach((c) => c.push(null));
  socket.on('error', () => conns.forEach((c) => c.destroy()));
  socket.on('close', () => conns.forEach((c) => c.destroy()));
  readMessages(
    socket,
    head,
    (m) => {
      const i = m.data[0]! / 2;
      if (m.opcode === OPCODE.binary && Number.isInteger(i) && conns[i]) conns[i].push(m.data.subarray(1));
    },
    endAll,
  );
}
