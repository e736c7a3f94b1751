/**
 * The protobuf wire format, read: a message as its fields in order, each [field number, wire
 * type, value] (a varint as a bigint, anything length-delimited or fixed-size as the bytes). Used
 * by serve's decoder and by scripts/proto-schemas.mjs, which reads the descriptors in kubectl.
 */
export type WireField = [number, number, bigint | Buffer];

export class WireError extends Error {}

export function readVarint(buf: Buffer, at: { i: number }): bigint {
  let v = 0n;
  let shift = 0n;
  for (;;) {
    if (at.i >= buf.length) throw new WireError('truncated varint');
    const b = buf[at.i++]!;
    v |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) return v;
    shift += 7n;
  }
}

/** Every varint of a packed repeated field's bytes. */
export function packedVarints(buf: Buffer): bigint[] {
  const at = { i: 0 };
  const out: bigint[] = [];
  while (at.i < buf.length) out.push(readVarint(buf, at));
  return out;
}

export function wireFields(buf: Buffer): WireField[] {
  const out: WireField[] = [];
  const at = { i: 0 };
  const bytes = (n: number): Buffer => {
    if (at.i + n > buf.length) throw new WireError('truncated field');
    const b = buf.subarray(at.i, at.i + n);
    at.i += n;
    return b;
  };
  while (at.i < buf.length) {
    const key = Number(readVarint(buf, at));
    const no = key >>> 3;
    const wire = key & 7;
    if (wire === 0) out.push([no, wire, readVarint(buf, at)]);
    else if (wire === 2) out.push([no, wire, bytes(Number(readVarint(buf, at)))]);
    else if (wire === 1) out.push([no, wire, bytes(8)]);
    else if (wire === 5) out.push([no, wire, bytes(4)]);
    else throw new WireError(`unsupported wire type ${wire}`);
  }
  return out;
}
