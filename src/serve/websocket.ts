/**
 * The server side of a WebSocket (RFC 6455), as much as exec needs: the handshake's answer,
 * frames out (unmasked, unfragmented), and client frames in (masked, maybe fragmented) put back
 * together as messages, control frames (close, ping, pong) passed through as they come.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { upgradeTo } from './upgrade.js';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export const OPCODE = { text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const;

/** The 101 answer to a handshake with `key` (Sec-WebSocket-Key), agreeing on `protocol`. */
export function handshakeResponse(key: string, protocol: string): string {
  const accept = createHash('sha1').update(key + GUID).digest('base64');
  return `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: ${protocol}\r\n\r\n`;
}

/** Whether the request is a WebSocket handshake (the sub-protocol aside). */
export function isWebSocketUpgrade(req: IncomingMessage): boolean {
  return upgradeTo(req) === 'websocket' && typeof req.headers['sec-websocket-key'] === 'string';
}

/** Answers the handshake on the upgraded socket, agreeing on `protocol`. */
export function acceptWebSocket(req: IncomingMessage, socket: Duplex, protocol: string): void {
  socket.write(handshakeResponse(String(req.headers['sec-websocket-key']), protocol));
}

/** A close frame with status 1000 (normal closure). */
export function normalClose(): Buffer {
  return frame(OPCODE.close, Buffer.from([0x03, 0xe8]));
}

/** A binary message of the channel protocols: the channel's number, then its bytes. */
export function channelMessage(channel: number, data: Buffer | string): Buffer {
  return frame(OPCODE.binary, Buffer.concat([Buffer.from([channel]), typeof data === 'string' ? Buffer.from(data, 'utf8') : data]));
}

/**
 * Reads a client's messages on an upgraded socket (`head`: what came with the handshake): pings
 * answered, a close answered and reported to `closed`, data messages (binary or text) to `message`.
 */
export function readMessages(socket: Duplex, head: Buffer, message: (m: Message) => void, closed: () => void): void {
  const reader = new FrameReader();
  const onData = (chunk: Buffer) => {
    for (const m of reader.push(chunk)) {
      if (m.opcode === OPCODE.close) {
        closed();
        if (socket.writable) socket.end(frame(OPCODE.close, m.data.subarray(0, 2)));
        return;
      }
      if (m.opcode === OPCODE.ping) socket.write(frame(OPCODE.pong, m.data));
      if (m.opcode === OPCODE.binary || m.opcode === OPCODE.text) message(m);
    }
  };
  socket.on('data', onData);
  if (head.length) onData(head);
}

/** One final frame from the server. */
export function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  let head: Buffer;
  if (len < 126) head = Buffer.from([0x80 | opcode, len]);
  else if (len < 0x10000) {
    head = Buffer.alloc(4);
    head[1] = 126;
    head.writeUInt16BE(len, 2);
  } else {
    head = Buffer.alloc(10);
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
  head[0] = 0x80 | opcode;
  return Buffer.concat([head, payload]);
}

export interface Message {
  opcode: number;
  data: Buffer;
}

/** Client frames to messages; `push` each chunk the socket reads. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private fragmentOpcode = 0;

  push(chunk: Buffer): Message[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: Message[] = [];
    for (;;) {
      const b = this.pending;
      if (b.length < 2) break;
      const fin = (b[0]! & 0x80) !== 0;
      const opcode = b[0]! & 0x0f;
      const masked = (b[1]! & 0x80) !== 0;
      let len = b[1]! & 0x7f;
      let at = 2;
      if (len === 126) {
        if (b.length < 4) break;
        len = b.readUInt16BE(2);
        at = 4;
      } else if (len === 127) {
        if (b.length < 10) break;
        len = Number(b.readBigUInt64BE(2));
        at = 10;
      }
      const maskAt = at;
      if (masked) at += 4;
      if (b.length < at + len) break;
      const data = Buffer.from(b.subarray(at, at + len));
      if (masked) for (let i = 0; i < data.length; i++) data[i]! ^= b[maskAt + (i & 3)]!;
      this.pending = b.subarray(at + len);
      if (opcode >= 8) {
        out.push({ opcode, data });
        continue;
      }
      if (opcode !== 0) {
        this.fragmentOpcode = opcode;
        this.fragments = [];
      }
      this.fragments.push(data);
      if (fin) {
        out.push({ opcode: this.fragmentOpcode, data: Buffer.concat(this.fragments) });
        this.fragments = [];
      }
    }
    return out;
  }
}
