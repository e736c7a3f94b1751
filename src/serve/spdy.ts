/**
 * The server side of SPDY/3.1 as Kubernetes' streaming clients speak it (kubectl port-forward, and
 * exec where WebSockets are turned off): the client opens streams (SYN_STREAM, with headers such as
 * `streamType` and `port`), each answered with a SYN_REPLY, and bytes flow both ways in DATA
 * frames until each side sends FIN (or RST_STREAM). PINGs are echoed; SETTINGS, WINDOW_UPDATE and
 * HEADERS are not needed by these clients and are ignored (spdystream does no flow control).
 *
 * Header blocks are one zlib stream per direction. The client's is deflated with the protocol's
 * preset dictionary, so it is inflated with it. Ours are written as stored (uncompressed) deflate
 * blocks: a valid zlib stream any reader takes, and no compressor state to keep in step.
 */
import { Duplex } from 'node:stream';
import { constants, createInflate, type Inflate } from 'node:zlib';

const VERSION = 3;
export const FLAG_FIN = 0x01;

export const CONTROL = { synStream: 1, synReply: 2, rstStream: 3, settings: 4, ping: 6, goaway: 7, headers: 8, windowUpdate: 9 } as const;

/** The answer to an `Upgrade: SPDY/3.1` request, agreeing on the stream protocol `protocol` (X-Stream-Protocol-Version). */
export function spdyHandshake(protocol: string): string {
  return `HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${protocol}\r\n\r\n`;
}

/** RST_STREAM's status codes used here. */
export const RST = { protocolError: 1, cancel: 5 } as const;

/**
 * SPDY/3's preset dictionary for header compression (the protocol's constant): header names and
 * common values, each behind its 32-bit length, then a run of common status lines, dates and media
 * types without lengths.
 */
const DICTIONARY_WORDS = [
  'options', 'head', 'post', 'put', 'delete', 'trace', 'accept', 'accept-charset', 'accept-encoding', 'accept-language',
  'accept-ranges', 'age', 'allow', 'authorization', 'cache-control', 'connection', 'content-base', 'content-encoding',
  'content-language', 'content-length', 'content-location', 'content-md5', 'content-range', 'content-type', 'date', 'etag',
  'expect', 'expires', 'from', 'host', 'if-match', 'if-modified-since', 'if-none-match', 'if-range', 'if-unmodified-since',
  'last-modified', 'location', 'max-forwards', 'pragma', 'proxy-authenticate', 'proxy-authorization', 'range', 'referer',
  'retry-after', 'server', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'vary', 'via', 'warning',
  'www-authenticate', 'method', 'get', 'status', '200 OK', 'version', 'HTTP/1.1', 'url', 'public', 'set-cookie', 'keep-alive', 'origin',
];
const DICTIONARY_TAIL =
  '100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505' +
  '203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized403 Forbidden' +
  '404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable' +
  'Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT' +
  'chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,text/javascript,' +
  'publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.';

export const HEADER_DICTIONARY: Buffer = Buffer.concat([
  ...DICTIONARY_WORDS.map((w) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(w.length);
    return Buffer.concat([len, Buffer.from(w, 'latin1')]);
  }),
  Buffer.from(DICTIONARY_TAIL, 'latin1'),
]);

export type Frame = { control: false; streamId: number; flags: number; data: Buffer } | { control: true; type: number; flags: number; data: Buffer };

/** Bytes from the client to frames; `push` each chunk read. */
export class FrameParser {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const frames: Frame[] = [];
    while (this.pending.length >= 8) {
      const b = this.pending;
      const length = b.readUIntBE(5, 3);
      if (b.length < 8 + length) break;
      const flags = b[4]!;
      const data = Buffer.from(b.subarray(8, 8 + length));
      if (b[0]! & 0x80) {
        const version = b.readUInt16BE(0) & 0x7fff;
        if (version !== VERSION) throw new Error(`unsupported SPDY version ${version}`);
        frames.push({ control: true, type: b.readUInt16BE(2), flags, data });
      } else {
        frames.push({ control: false, streamId: b.readUInt32BE(0) & 0x7fffffff, flags, data });
      }
      this.pending = b.subarray(8 + length);
    }
    return frames;
  }
}

export function controlFrame(type: number, flags: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16BE(0x8000 | VERSION, 0);
  head.writeUInt16BE(type, 2);
  head[4] = flags;
  head.writeUIntBE(payload.length, 5, 3);
  return Buffer.concat([head, payload]);
}

export function dataFrame(streamId: number, flags: number, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(streamId & 0x7fffffff, 0);
  head[4] = flags;
  head.writeUIntBE(data.length, 5, 3);
  return Buffer.concat([head, data]);
}

/** An uncompressed header block: the number of pairs, then each name and value behind its length. */
export function encodeHeaderBlock(headers: Array<[string, string]>): Buffer {
  const parts: Buffer[] = [u32(headers.length)];
  for (const [name, value] of headers) {
    const n = Buffer.from(name.toLowerCase(), 'utf8');
    const v = Buffer.from(value, 'utf8');
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

/** One complete header block at the start of `b`: its headers (names lowercased; values of a repeated name joined by NUL) and its length; undefined when `b` holds less. */
export function decodeHeaderBlock(b: Buffer): { headers: Map<string, string>; length: number } | undefined {
  if (b.length < 4) return undefined;
  const count = b.readUInt32BE(0);
  let at = 4;
  const headers = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    if (b.length < at + 4) return undefined;
    const nl = b.readUInt32BE(at);
    if (b.length < at + 4 + nl + 4) return undefined;
    const name = b.toString('utf8', at + 4, at + 4 + nl).toLowerCase();
    at += 4 + nl;
    const vl = b.readUInt32BE(at);
    if (b.length < at + 4 + vl) return undefined;
    headers.set(name, b.toString('utf8', at + 4, at + 4 + vl));
    at += 4 + vl;
  }
  return { headers, length: at };
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/**
 * Our side's header blocks as one zlib stream of stored deflate blocks, each followed by an empty
 * one, as a sync flush ends: a reader hands out what it holds when it meets that marker.
 */
class StoredZlibWriter {
  private started = false;

  block(data: Buffer): Buffer {
    const parts: Buffer[] = [];
    if (!this.started) {
      // CMF 0x78 (deflate, 32K window), FLG 0x01: no preset dictionary, header checksum right.
      parts.push(Buffer.from([0x78, 0x01]));
      this.started = true;
    }
    for (let at = 0; at < data.length; at += 0xffff) parts.push(storedBlock(data.subarray(at, at + 0xffff)));
    parts.push(storedBlock(Buffer.alloc(0)));
    return Buffer.concat(parts);
  }
}

/** A stored (uncompressed) deflate block, not the last, starting on a byte boundary. */
function storedBlock(piece: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head[0] = 0; // BFINAL 0, BTYPE 00; the rest of the byte is padding
  head.writeUInt16LE(piece.length, 1);
  head.writeUInt16LE(~piece.length & 0xffff, 3);
  return Buffer.concat([head, piece]);
}

/** One stream the client opened: readable is what it sends, writable what we send back (end: FIN). */
export class SpdyStream extends Duplex {
  headers = new Map<string, string>();
  private remoteClosed = false;
  private localClosed = false;

  constructor(
    readonly id: number,
    private readonly conn: SpdyConnection,
  ) {
    super({ allowHalfOpen: true });
  }

  override _read(): void {}

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    for (let at = 0; at < chunk.length; at += 0x10000) this.conn.send(dataFrame(this.id, 0, chunk.subarray(at, at + 0x10000)));
    done();
  }

  override _final(done: (e?: Error | null) => void): void {
    this.localClosed = true;
    this.conn.send(dataFrame(this.id, FLAG_FIN, Buffer.alloc(0)));
    this.conn.forgetIfDone(this);
    done();
  }

  /** The client's FIN. */
  remoteFin(): void {
    if (this.remoteClosed) return;
    this.remoteClosed = true;
    this.push(null);
    this.conn.forgetIfDone(this);
  }

  get done(): boolean {
    return this.remoteClosed && this.localClosed;
  }
}

/**
 * A SPDY connection, server side, over any byte transport: `receive` what the client sent, and
 * `write` (given) carries our frames out. `onStream` is called once a stream's headers are known.
 */
export class SpdyConnection {
  private readonly parser = new FrameParser();
  private readonly streams = new Map<number, SpdyStream>();
  private readonly replies = new StoredZlibWriter();
  private readonly inflate: Inflate;
  private inflated: Buffer = Buffer.alloc(0);
  /** Streams whose header blocks are still being inflated, in the order they came. */
  private readonly awaitingHeaders: SpdyStream[] = [];
  private closed = false;

  constructor(
    private readonly write: (bytes: Buffer) => void,
    private readonly onStream: (stream: SpdyStream) => void,
    private readonly onClose: () => void,
  ) {
    this.inflate = createInflate({ dictionary: HEADER_DICTIONARY, flush: constants.Z_SYNC_FLUSH });
    this.inflate.on('data', (c: Buffer) => this.headersInflated(c));
    this.inflate.on('error', () => this.close());
  }

  send(bytes: Buffer): void {
    if (!this.closed) this.write(bytes);
  }

  receive(chunk: Buffer): void {
    if (this.closed) return;
    let frames: Frame[];
    try {
      frames = this.parser.push(chunk);
    } catch {
      return this.close();
    }
    for (const f of frames) (f.control ? this.control(f.type, f.flags, f.data) : this.data(f.streamId, f.flags, f.data));
  }

  /** Ends every stream and the connection (the transport closed, or the client said goodbye). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.streams.values()) s.destroy();
    this.streams.clear();
    this.inflate.destroy();
    this.onClose();
  }

  forgetIfDone(stream: SpdyStream): void {
    if (stream.done) this.streams.delete(stream.id);
  }

  /** Refuses a stream (RST_STREAM), as for one this server cannot serve. */
  reset(stream: SpdyStream, status: number = RST.protocolError): void {
    this.send(controlFrame(CONTROL.rstStream, 0, Buffer.concat([u32(stream.id), u32(status)])));
    this.streams.delete(stream.id);
    stream.destroy();
  }

  private control(type: number, flags: number, data: Buffer): void {
    switch (type) {
      case CONTROL.synStream: {
        if (data.length < 10) return this.close();
        const id = data.readUInt32BE(0) & 0x7fffffff;
        const stream = new SpdyStream(id, this);
        this.streams.set(id, stream);
        this.awaitingHeaders.push(stream);
        this.inflate.write(data.subarray(10));
        // The reply carries no headers; the client waits for it before it sends anything more on the stream.
        this.send(controlFrame(CONTROL.synReply, 0, Buffer.concat([u32(id), this.replies.block(encodeHeaderBlock([]))])));
        if (flags & FLAG_FIN) stream.remoteFin();
        return;
      }
      case CONTROL.rstStream: {
        const stream = this.streams.get(data.readUInt32BE(0) & 0x7fffffff);
        if (!stream) return;
        this.streams.delete(stream.id);
        stream.destroy();
        return;
      }
      case CONTROL.ping:
        // Pings the client started (odd ids) come back as they are.
        if (data.length >= 4 && data.readUInt32BE(0) % 2 === 1) this.send(controlFrame(CONTROL.ping, 0, data));
        return;
      case CONTROL.goaway:
        return this.close();
      default:
    }
  }

  private data(streamId: number, flags: number, data: Buffer): void {
    const stream = this.streams.get(streamId);
    if (!stream) return;
    if (data.length) stream.push(data);
    if (flags & FLAG_FIN) stream.remoteFin();
  }

  private headersInflated(chunk: Buffer): void {
    this.inflated = this.inflated.length ? Buffer.concat([this.inflated, chunk]) : chunk;
    for (;;) {
      const stream = this.awaitingHeaders[0];
      if (!stream) return;
      const block = decodeHeaderBlock(this.inflated);
      if (!block) return;
      this.inflated = this.inflated.subarray(block.length);
      this.awaitingHeaders.shift();
      stream.headers = block.headers;
      if (!stream.destroyed) this.onStream(stream);
    }
  }
}
