/**
 * SPDY/3.1 as serve speaks it to kubectl (src/serve/spdy.ts): the preset dictionary, frames, header
 * blocks, and a connection driven frame by frame as a client drives it (the client's header blocks
 * deflated with the dictionary, as Go's framer writes them).
 */
import assert from 'node:assert/strict';
import { constants, createDeflate, inflateSync } from 'node:zlib';
import { test } from 'node:test';
import { CONTROL, controlFrame, dataFrame, decodeHeaderBlock, encodeHeaderBlock, FLAG_FIN, FrameParser, HEADER_DICTIONARY, SpdyConnection, type SpdyStream } from '../../src/serve/spdy.js';

function adler32(b: Buffer): number {
  let a = 1;
  let s = 0;
  for (const c of b) {
    a = (a + c) % 65521;
    s = (s + a) % 65521;
  }
  return ((s << 16) | a) >>> 0;
}

test("the preset dictionary is the protocol's: the id kubectl v1.32's header blocks carry (0xe3c6a7c2)", () => {
  assert.equal(HEADER_DICTIONARY.length, 1423);
  assert.equal(adler32(HEADER_DICTIONARY).toString(16), 'e3c6a7c2');
});

test('frames: control and data, split across reads and joined', () => {
  const bytes = Buffer.concat([controlFrame(CONTROL.ping, 0, Buffer.from([0, 0, 0, 1])), dataFrame(3, FLAG_FIN, Buffer.from('hi'))]);
  const parser = new FrameParser();
  assert.deepEqual(parser.push(bytes.subarray(0, 5)), []);
  assert.deepEqual(parser.push(bytes.subarray(5)), [
    { control: true, type: CONTROL.ping, flags: 0, data: Buffer.from([0, 0, 0, 1]) },
    { control: false, streamId: 3, flags: FLAG_FIN, data: Buffer.from('hi') },
  ]);
  assert.throws(() => new FrameParser().push(Buffer.from([0x80, 2, 0, 1, 0, 0, 0, 0])), /unsupported SPDY version 2/);
});

test('header blocks: encoded, and decoded only when whole', () => {
  const block = encodeHeaderBlock([['streamType', 'data'], ['port', '80']]);
  assert.equal(decodeHeaderBlock(block.subarray(0, block.length - 1)), undefined);
  const decoded = decodeHeaderBlock(Buffer.concat([block, Buffer.from([9])]))!;
  assert.equal(decoded.length, block.length);
  assert.deepEqual([...decoded.headers], [['streamtype', 'data'], ['port', '80']]);
});

/** A client's side: header blocks deflated with the dictionary, one zlib stream, each block sync-flushed. */
function clientCompressor() {
  const z = createDeflate({ dictionary: HEADER_DICTIONARY });
  return (block: Buffer) =>
    new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      const onData = (c: Buffer) => chunks.push(c);
      z.on('data', onData);
      z.write(block);
      z.flush(constants.Z_SYNC_FLUSH, () => {
        z.off('data', onData);
        resolve(Buffer.concat(chunks));
      });
    });
}

function synStream(id: number, headerBlock: Buffer): Buffer {
  const head = Buffer.alloc(10);
  head.writeUInt32BE(id);
  return controlFrame(CONTROL.synStream, 0, Buffer.concat([head, headerBlock]));
}

test('a connection: streams opened with headers, replied, data both ways, FIN, pings echoed, resets', async () => {
  const sent: Buffer[] = [];
  const opened: SpdyStream[] = [];
  let closed = false;
  const conn = new SpdyConnection((b) => sent.push(b), (s) => opened.push(s), () => (closed = true));
  const compress = clientCompressor();
  conn.receive(synStream(1, await compress(encodeHeaderBlock([['streamtype', 'error'], ['port', '80'], ['requestid', '0']]))));
  conn.receive(synStream(3, await compress(encodeHeaderBlock([['streamtype', 'data'], ['port', '80'], ['requestid', '0']]))));
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(opened.map((s) => [s.id, s.headers.get('streamtype'), s.headers.get('port')]), [[1, 'error', '80'], [3, 'data', '80']]);

  // Each stream replied at once: SYN_REPLY, the stream's id, an empty header block in one zlib stream.
  const replies = new FrameParser().push(Buffer.concat(sent));
  assert.deepEqual(replies.map((f) => f.control && [f.type, f.data.readUInt32BE(0)]), [[CONTROL.synReply, 1], [CONTROL.synReply, 3]]);
  // Each block ends as a sync flush ends (an empty stored block): Go's reader hands out what it holds only there.
  for (const f of replies) assert.deepEqual(f.data.subarray(-5), Buffer.from([0, 0, 0, 0xff, 0xff]));
  const zlibStream = Buffer.concat(replies.map((f) => f.data.subarray(4)));
  assert.deepEqual(inflateSync(zlibStream, { finishFlush: constants.Z_SYNC_FLUSH }), Buffer.concat([encodeHeaderBlock([]), encodeHeaderBlock([])]));

  const data = opened[1]!;
  let got = '';
  let ended = false;
  data.on('data', (c) => (got += c));
  data.on('end', () => (ended = true));
  conn.receive(dataFrame(3, 0, Buffer.from('GET / ')));
  conn.receive(dataFrame(3, FLAG_FIN, Buffer.from('HTTP/1.1')));
  await new Promise((r) => setImmediate(r));
  assert.equal(got, 'GET / HTTP/1.1');
  assert.equal(ended, true);

  sent.length = 0;
  data.end('answer');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(new FrameParser().push(Buffer.concat(sent)), [
    { control: false, streamId: 3, flags: 0, data: Buffer.from('answer') },
    { control: false, streamId: 3, flags: FLAG_FIN, data: Buffer.alloc(0) },
  ]);

  sent.length = 0;
  conn.receive(controlFrame(CONTROL.ping, 0, Buffer.from([0, 0, 0, 7])));
  conn.receive(controlFrame(CONTROL.ping, 0, Buffer.from([0, 0, 0, 8])));
  assert.deepEqual(sent, [controlFrame(CONTROL.ping, 0, Buffer.from([0, 0, 0, 7]))]);

  const error = opened[0]!;
  conn.receive(controlFrame(CONTROL.rstStream, 0, Buffer.from([0, 0, 0, 1, 0, 0, 0, 5])));
  assert.equal(error.destroyed, true);
  conn.receive(controlFrame(CONTROL.goaway, 0, Buffer.alloc(8)));
  assert.equal(closed, true);
});
