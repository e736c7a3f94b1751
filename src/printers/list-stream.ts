/**
 * `-o json|yaml` of a List written as its items come: what printObjects prints for a List, byte
 * for byte, from an iterable that reads the store a part at a time (`get pods -A -o json` on
 * 30,000 pods then never holds them all, nor the whole text). YAML items are printed a batch at a
 * time; JSON items from their bytes where they come as such, else by the native JSON.stringify.
 */
import type { KubeObject } from '../api/types.js';
import type { Writer } from '../cli/framework.js';
import { RawObject } from '../store/peek.js';
import { goJsonIndent4 } from './go-values.js';
import { JsonItems } from './json-items.js';

/**
 * About how much text a batch makes. Small enough that V8 and the allocator reuse the memory of
 * the batches before (bigger strings and buffers each take fresh pages from the system, which
 * costs more than making the text).
 */
const BATCH_TEXT = 48 * 1024;

/** How much -o yaml text is held before the first write (see writeYaml). */
const YAML_HELD = 8 * 1024 * 1024;

/** How much -o json text is written at once (its buffer is reused: see BATCH_TEXT). */
const JSON_WRITE = 256 * 1024;

/** The List kubectl prints around the items, as printObjects builds it (format.ts asList). */
const LIST_SHELL = { apiVersion: 'v1', items: [0], kind: 'List', metadata: { resourceVersion: '' } };

/**
 * Items may be objects or, for -o json, their stored bytes (RawObject, each valid until the next
 * is asked for), which are re-indented as they stand (json-items.ts) where they are as
 * JSON.stringify wrote them, and parsed otherwise.
 */
export function writeListStream(items: Iterable<KubeObject | RawObject>, format: 'json' | 'yaml', showManagedFields: boolean, out: Writer): Promise<void> | void {
  const prepare = showManagedFields ? (o: KubeObject) => o : withoutManagedFields;
  return format === 'json' ? writeJson(items, prepare, !showManagedFields, out) : writeYaml(items, prepare, out);
}

function writeJson(items: Iterable<KubeObject | RawObject>, prepare: (o: KubeObject) => KubeObject, omitManagedFields: boolean, out: Writer): void {
  const [head, tail] = JSON.stringify(LIST_SHELL, null, 4).split('        0') as [string, string];
  const text = new JsonItems();
  let started = false;
  for (const item of items) {
    text.text(started ? ',\n' : head);
    started = true;
    if (item instanceof RawObject && text.item(item.bytes, item.start, item.end, omitManagedFields)) {
      // Written from its bytes.
    } else {
      const obj = item instanceof RawObject ? (item.parse() as KubeObject) : item;
      text.text(`        ${goJsonIndent4(prepare(obj), '        ')}`);
    }
    if (text.length >= JSON_WRITE) {
      writeBytes(out, text.out, text.length);
      text.length = 0;
    }
  }
  // No item: `"items": []`, as Go writes an empty slice.
  if (started) text.text(`${tail}\n`);
  else text.text(`${JSON.stringify({ ...LIST_SHELL, items: [] }, null, 4)}\n`);
  writeBytes(out, text.out, text.length);
}

/** The first `length` bytes of `bytes` (UTF-8 text), as bytes where the writer takes them. */
function writeBytes(out: Writer, bytes: Buffer, length: number): void {
  if (length === 0) return;
  if (out.writeBytes) out.writeBytes(bytes.subarray(0, length));
  else out.write(bytes.toString('utf8', 0, length));
}

async function writeYaml(items: Iterable<KubeObject | RawObject>, prepare: (o: KubeObject) => KubeObject, out: Writer): Promise<void> {
  const { toYaml } = await import('./yaml.js');
  const [head, tail] = toYaml(LIST_SHELL).split('- 0\n') as [string, string];
  let batch: unknown[] = [];
  let started = false;
  let size = 1;
  // go-yaml's line count runs over the whole List (see toYaml).
  const lines = { breaks: 0 };
  // kubectl prints nothing of a List with an item its YAML cannot hold (toYaml's error): the text is
  // held until it is big, so that a List of any usual size is all or nothing as there.
  let held: string[] | undefined = [];
  let heldLength = 0;
  const write = (text: string) => {
    if (!held) return out.write(text);
    held.push(text);
    heldLength += text.length;
    if (heldLength < YAML_HELD) return;
    for (const t of held) out.write(t);
    held = undefined;
  };
  const flush = () => {
    // `items:` then the sequence, each item at the column it has in the whole List.
    const text = toYaml({ items: batch }, lines);
    if (!started) write(head);
    write(text.slice('items:\n'.length));
    size = Math.max(1, Math.round((BATCH_TEXT * batch.length) / text.length));
    started = true;
    batch = [];
  };
  for (const item of items) {
    batch.push(prepare(item instanceof RawObject ? (item.parse() as KubeObject) : item));
    if (batch.length >= size) flush();
  }
  if (batch.length > 0) flush();
  write(started ? tail : toYaml({ ...LIST_SHELL, items: [] }));
  if (held) out.write(held.join(''));
}

function withoutManagedFields(o: KubeObject): KubeObject {
  if (!o.metadata || !Object.hasOwn(o.metadata, 'managedFields')) return o;
  const { managedFields: _omit, ...metadata } = o.metadata as Record<string, unknown>;
  return { ...o, metadata } as KubeObject;
}
