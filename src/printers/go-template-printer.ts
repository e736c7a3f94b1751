import type { Writer } from '../cli/framework.js';
export function goTemplatePrinter(_text: string): (target: unknown, _o: unknown, out: Writer) => void {
  return () => undefined;
}
