import type { Writer } from '../cli/framework.js';
export function goTemplatePrinter(_text: string, _out: Writer): (target: unknown) => string {
  return () => '';
}
