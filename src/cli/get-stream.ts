/**
 * `get TYPE -o json|yaml` of a whole List, printed as the store is read (loaded only then): the
 * objects come from ApiServer.scan a shard at a time and go out a batch at a time, so `get pods -A
 * -o json` on 30,000 pods holds neither all the pods nor all the text. What it prints is what
 * printObjects prints for the List; under KUBECTL_LITE_CHECK_SETTLE=1 (the test suite) both are
 * made and compared.
 */
import { servedAt } from '../api/hpa-versions.js';
import type { KubeObject } from '../api/types.js';
import { writeListStream } from '../printers/list-stream.js';
import { RawObject } from '../store/peek.js';
import type { Writer } from './framework.js';
import type { GetOptions, Group } from './get.js';

export async function printLazy(
  o: GetOptions,
  group: Group,
  lazy: Iterable<KubeObject | RawObject>,
  out: Writer,
  printListed: (objects: KubeObject[], out: Writer) => Promise<void>,
): Promise<void> {
  const served = group.apiVersion ? mapped(lazy, servedAtOf(group.apiVersion)) : lazy;
  const format = o.output === 'json' ? 'json' : 'yaml';
  if (!group.listed) return writeListStream(served, format, o.showManagedFields, out);
  const fast = textWriter();
  await writeListStream(served, format, o.showManagedFields, fast);
  const slow = textWriter();
  await printListed(group.listed, slow);
  if (fast.text !== slow.text) {
    throw new Error(`the ${group.type.plural} read as printed print otherwise than when listed:\n${fast.text}\n${slow.text}`);
  }
  out.write(fast.text);
}

/**
 * servedAt for objects and their bytes: bytes that start with the apiVersion asked for are served
 * as they are (servedAt changes nothing then); others, and bytes the printer has to parse, are
 * converted once parsed.
 */
function servedAtOf(apiVersion: string): (obj: KubeObject | RawObject) => KubeObject | RawObject {
  const prefix = Buffer.from(`{"apiVersion":${JSON.stringify(apiVersion)},`);
  return (obj) => {
    if (!(obj instanceof RawObject)) return servedAt(obj, apiVersion);
    if (!obj.startsWith(prefix)) return servedAt(obj.parse() as KubeObject, apiVersion);
    return new RawObject(obj.bytes, obj.start, obj.end, () => servedAt(obj.parse() as KubeObject, apiVersion));
  };
}

function* mapped<T, U>(items: Iterable<T>, fn: (x: T) => U): Iterable<U> {
  for (const x of items) yield fn(x);
}

function textWriter(): Writer & { text: string } {
  const w = { text: '', write: (s: string) => void (w.text += s) };
  return w;
}
