/** `kubectl -o json`: Go's json.MarshalIndent with 4 spaces, keys sorted, plus a newline. */
import type { Writer } from '../cli/framework.js';
import { goJsonIndent, goJsonIndent4 } from './go-values.js';

export function toJson(obj: unknown): string {
  return goJsonIndent(obj) + '\n';
}

/**
 * A List as toJson prints it, written a few hundred items at a time: `get pods -A -o json` on
 * 30,000 pods never holds the whole text (over 100 MB) at once.
 */
export function writeJsonList(list: { items: unknown[] }, out: Writer): void {
  const { items, ...rest } = list;
  // The keys before "items" (apiVersion), the items, then the keys after (kind, metadata).
  const before = Object.entries(rest).filter(([k]) => k < 'items');
  const after = Object.entries(rest).filter(([k]) => k > 'items');
  if (items.length === 0 || before.length === 0 || after.length === 0) {
    out.write(toJson(list));
    return;
  }
  const head = toJson(Object.fromEntries(before));
  const tail = toJson(Object.fromEntries(after));
  let chunk = `${head.slice(0, head.lastIndexOf('\n}'))},\n    "items": [`;
  items.forEach((item, i) => {
    chunk += `${i ? ',' : ''}\n        ${goJsonIndent4(item, '        ')}`;
    if (chunk.length > 1 << 20) {
      out.write(chunk);
      chunk = '';
    }
  });
  out.write(`${chunk}\n    ],\n${tail.slice(2)}`);
}
