/**
 * json-items.ts: a stored object's bytes re-indented as `-o json` prints it as an item of a List
 * must be, byte for byte, what the parsing way prints (the object with its keys in Go's order,
 * JSON.stringify with 4 spaces at the item's depth, Go's escapes); bytes JSON.stringify would not
 * have written are refused (and then printed the parsing way).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsonItems } from '../../src/printers/json-items.js';

/**
 * The parsing way, written here from scratch: keys in the order of their UTF-8 bytes (an object
 * cannot hold "10" after "9", so the text is made key by key), 4 spaces at the items' depth.
 */
function expected(obj: unknown, omitManagedFields: boolean): string {
  const order = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
  const indent = (v: unknown, at: string): string => {
    if (v === null || typeof v !== 'object') return JSON.stringify(v);
    const inner = `\n${at}    `;
    if (Array.isArray(v)) return v.length === 0 ? '[]' : `[${v.map((x) => inner + indent(x, `${at}    `)).join(',')}\n${at}]`;
    const keys = Object.keys(v).sort(order);
    const o = v as Record<string, unknown>;
    return keys.length === 0 ? '{}' : `{${keys.map((k) => `${inner}${JSON.stringify(k)}: ${indent(o[k], `${at}    `)}`).join(',')}\n${at}}`;
  };
  let top = obj as Record<string, unknown>;
  const meta = top.metadata as Record<string, unknown> | undefined;
  if (omitManagedFields && meta && typeof meta === 'object' && Object.hasOwn(meta, 'managedFields')) {
    const { managedFields: _, ...rest } = meta;
    top = { ...top, metadata: rest };
  }
  const text = indent(top, '        ');
  return `        ${text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}`;
}

function written(text: string, omitManagedFields = true): string | undefined {
  const bytes = Buffer.from(`{"k":${text}}`);
  const items = new JsonItems(64);
  items.text('[');
  const ok = items.item(bytes, 5, bytes.length - 1, omitManagedFields);
  const out = items.out.toString('utf8', 0, items.length);
  if (!ok) {
    assert.equal(out, '[', 'nothing is written for an object refused');
    return undefined;
  }
  return out.slice(1);
}

function hasEscapedKey(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some(hasEscapedKey);
  return Object.keys(v).some((k) => JSON.stringify(k) !== `"${k}"` || hasEscapedKey((v as Record<string, unknown>)[k]));
}

/** A small seeded generator (mulberry32), so that a failure can be run again. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['2', '10', '9', 'a', 'Z', 'é', '日本', '😀', '\uffff', '\ue000', ' ', '"', '\\', '\n', '\t', '\b', '\f', '\r', '\u0001', '\u001f', '\u007f', '<', '>', '&', '\u2028', '\u2029', '/', 'metadata', 'managedFields', '__proto__', 'constructor', ''];
const NUMBERS = [0, 1, -1, 42, 0.1, 1e3, 1e21, 1e-7, -0, 123456789012345, 2 ** 53, 3.14159, -2.5e-300, 1.7976931348623157e308];

function generate(rnd: () => number, depth: number): unknown {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const str = () => Array.from({ length: Math.floor(rnd() * 4) }, () => pick(PIECES)).join('');
  const r = rnd();
  if (depth > 4 || r < 0.3) return pick<unknown>([str(), pick(NUMBERS), true, false, null, str()]);
  if (r < 0.5) return Array.from({ length: Math.floor(rnd() * 4) }, () => generate(rnd, depth + 1));
  const o: Record<string, unknown> = {};
  const n = Math.floor(rnd() * (rnd() < 0.1 ? 60 : 6));
  for (let k = 0; k < n; k++) Object.defineProperty(o, str() + (rnd() < 0.5 ? String(k) : ''), { value: generate(rnd, depth + 1), enumerable: true, configurable: true, writable: true });
  return o;
}

test('json-items: random objects are written as the parsing way prints them, or refused where JSON.stringify wrote an escape it cannot vouch for', () => {
  const rnd = random(12);
  let refused = 0;
  for (let n = 0; n < 3000; n++) {
    const obj = { metadata: { name: `x${n}`, managedFields: [{ manager: 'm' }] }, spec: generate(rnd, 0), status: generate(rnd, 1) };
    const text = JSON.stringify(obj);
    const got = written(text, n % 2 === 0);
    // A key with an escape (its text does not sort as its value) is refused; so is nothing else here.
    const keyEscaped = hasEscapedKey(obj);
    if (got === undefined) {
      assert.ok(keyEscaped, `refused: ${text}`);
      refused++;
      continue;
    }
    assert.equal(got, expected(JSON.parse(text), n % 2 === 0), text);
  }
  assert.ok(refused > 0 && refused < 3000, `some refused (${refused})`);
});

test('json-items: keys sorted as Go sorts them (UTF-8 bytes), big objects too; managedFields left out of the top metadata only', () => {
  const many = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${(i * 37) % 100}`, i]));
  const obj = {
    status: { '\ue000': 1, '😀': 2, b: { z: [], y: {}, x: [{ d: 1, c: null }] } },
    metadata: { name: 'p', managedFields: [{ manager: 'kubectl' }], labels: many, annotations: { managedFields: 'kept' } },
    kind: 'Pod',
    apiVersion: 'v1',
  };
  const text = JSON.stringify(obj);
  assert.equal(written(text), expected(obj, true));
  assert.equal(written(text, false), expected(obj, false));
  assert.match(written(text)!, /"\\ue000"|"\ue000": 1,\n +"😀": 2/);
  assert.doesNotMatch(written(text)!, /"manager"/);
  assert.match(written(text)!, /"managedFields": "kept"/);
  // Only managedFields in metadata: `"metadata": {}`.
  assert.equal(written('{"metadata":{"managedFields":[]}}'), '        {\n            "metadata": {}\n        }');
  assert.equal(written('{}'), '        {}');
});

test('json-items: bytes JSON.stringify does not write are refused (and printed the parsing way)', () => {
  for (const text of [
    '{"a": 1}',
    '{"a":1 }',
    '{"a":1e3}',
    '{"a":0.10}',
    '{"a":-0}',
    '{"a":01}',
    '{"a":1.0}',
    '{"a":"\\/"}',
    '{"a":"\\u0041"}',
    '{"a":"\\u001F"}',
    '{"a":"\\u000a"}',
    '{"a":"\\ud800"}',
    '{"a\\"b":1}',
    '{"a":1,"a":2}',
    '{"b":1,"a":2,"b":3}',
    '{"a":tru}',
    '{"a":[1,]}',
    '{"a":[1}',
    '{"a":"x\u0001"}',
    `{"a":${'['.repeat(500)}${']'.repeat(500)}}`,
  ]) {
    assert.equal(written(text), undefined, text);
  }
  // What it does write: escapes as JSON.stringify writes them, numbers as String writes them.
  assert.equal(written('{"a":"\\"\\\\\\n\\u0001<&>\u2028","n":[1e+21,1e-7,0.1,-5]}'), '        {\n            "a": "\\"\\\\\\n\\u0001\\u003c\\u0026\\u003e\\u2028",\n            "n": [\n                1e+21,\n                1e-7,\n                0.1,\n                -5\n            ]\n        }');
  assert.ok(written(`{"a":${'['.repeat(300)}${']'.repeat(300)}}`), 'nesting up to the limit');
});
