/**
 * `-o json|yaml` of a List written as its items come: what printObjects prints for a List, byte
 * for byte, from an iterable that reads the store a part at a time (`get pods -A -o json` on
 * 30,000 pods then never holds them all, nor the whole text). Items are printed a batch at a time
 * by the native JSON.stringify, nested so that it indents them as they stand in the List.
 */
import type { KubeObject } from '../api/types.js';
import type { Writer } from '../cli/framework.js';
import { byteCompare } from './go-values.js';
import { setKey } from '../util/own.js';

/**
 * About how much text a batch makes. Small enough that V8 and the allocator reuse the memory of
 * the batches before (bigger strings and buffers each take fresh pages from the system, which
 * costs more than making the text).
 */
const BATCH_TEXT = 48 * 1024;

/** The List kubectl prints around the items, as printObjects builds it (format.ts asList). */
const LIST_SHELL = { apiVersion: 'v1', items: [0], kind: 'List', metadata: { resourceVersion: '' } };

export function writeListStream(items: Iterable<KubeObject>, format: 'json' | 'yaml', showManagedFields: boolean, out: Writer): Promise<void> | void {
  const prepare = showManagedFields ? (o: KubeObject) => o : withoutManagedFields;
  return format === 'json' ? writeJson(items, prepare, out) : writeYaml(items, prepare, out);
}

function writeJson(items: Iterable<KubeObject>, prepare: (o: KubeObject) => KubeObject, out: Writer): void {
  const [head, tail] = JSON.stringify(LIST_SHELL, null, 4).split('        0') as [string, string];
  let batch: unknown[] = [];
  let started = false;
  let size = 1;
  const flush = () => {
    // Nested twice, the items stand at the List's items' depth; the two brackets around them are cut.
    const text = goEscapes(JSON.stringify([batch], null, 4));
    if (!started) out.write(head);
    else out.write(',\n');
    out.write(text.slice(8, text.length - 8));
    size = Math.max(1, Math.round((BATCH_TEXT * batch.length) / text.length));
    started = true;
    batch = [];
  };
  for (const item of items) {
    batch.push(goOrdered(prepare(item)));
    if (batch.length >= size) flush();
  }
  if (batch.length > 0) flush();
  // No item: `"items": []`, as Go writes an empty slice.
  out.write(started ? `${tail}\n` : `${JSON.stringify({ ...LIST_SHELL, items: [] }, null, 4)}\n`);
}

async function writeYaml(items: Iterable<KubeObject>, prepare: (o: KubeObject) => KubeObject, out: Writer): Promise<void> {
  const { toYaml } = await import('./yaml.js');
  const [head, tail] = toYaml(LIST_SHELL).split('- 0\n') as [string, string];
  let batch: unknown[] = [];
  let started = false;
  let size = 1;
  const flush = () => {
    // `items:` then the sequence, each item at the column it has in the whole List.
    const text = toYaml({ items: batch });
    if (!started) out.write(head);
    out.write(text.slice('items:\n'.length));
    size = Math.max(1, Math.round((BATCH_TEXT * batch.length) / text.length));
    started = true;
    batch = [];
  };
  for (const item of items) {
    batch.push(prepare(item));
    if (batch.length >= size) flush();
  }
  if (batch.length > 0) flush();
  out.write(started ? tail : toYaml({ ...LIST_SHELL, items: [] }));
}

function withoutManagedFields(o: KubeObject): KubeObject {
  if (!o.metadata || !Object.hasOwn(o.metadata, 'managedFields')) return o;
  const { managedFields: _omit, ...metadata } = o.metadata as Record<string, unknown>;
  return { ...o, metadata } as KubeObject;
}

/** Go's encoding/json escapes <, > and & (HTML safety) and U+2028/U+2029, which only strings can hold. */
function goEscapes(text: string): string {
  // Looking first is many times faster than a replace that finds nothing (the usual case).
  if (text.indexOf('<') < 0 && text.indexOf('>') < 0 && text.indexOf('&') < 0 && text.indexOf('\u2028') < 0 && text.indexOf('\u2029') < 0) return text;
  return text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * `v` with every object's keys in Go's (bytewise) order, as JSON.stringify then writes them: `v`
 * itself where it already is so (most of a stored object), a copy only of what is not.
 */
function goOrdered(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      const y = goOrdered(x);
      if (y !== x) (copy ??= v.slice())[i] = y;
    }
    return copy ?? v;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  let sorted = true;
  for (let i = 1; i < keys.length; i++) {
    if (byteCompare(keys[i - 1]!, keys[i]!) > 0) {
      sorted = false;
      break;
    }
  }
  let copy: Record<string, unknown> | undefined;
  if (!sorted) {
    keys.sort(byteCompare);
    copy = {};
  }
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const x = o[k];
    const y = goOrdered(x);
    if (!copy && y !== x) {
      copy = {};
      for (let j = 0; j < i; j++) setKey(copy, keys[j]!, o[keys[j]!]);
    }
    if (copy) setKey(copy, k, y);
  }
  return copy ?? o;
}
