/**
 * Non-table output (-o yaml|json|name|jsonpath=...|jsonpath-file=...|custom-columns=...|
 * custom-columns-file=...|go-template=...|go-template-file=...|template=...) and --sort-by.
 * Placeholder: the output-formats work fills this in; the signatures are the contract.
 */
import type { ResourceType } from '../api/registry.js';
import type { KubeObject } from '../api/types.js';
import type { Writer } from '../cli/framework.js';
import { CliError } from '../errors.js';

export interface PrintRequest {
  /** The -o value as given, e.g. `yaml`, `jsonpath={.items[*].metadata.name}`. */
  output: string;
  /** The objects in print order, each with its type. */
  items: Array<{ object: KubeObject; type: ResourceType }>;
  /** True when exactly one object was asked for by name: print it bare, not wrapped in a List. */
  single: boolean;
  showManagedFields?: boolean;
  noHeaders?: boolean;
  /** Where -o *-file formats read from. */
  cwd: string;
  /** `--show-kind`/multi-type: custom-columns and name rendering. */
  out: Writer;
}

/** True when `output` is one of the formats printObjects handles (not '', 'wide'). */
export function isObjectFormat(output: string): boolean {
  return /^(yaml|json|name|jsonpath|jsonpath-file|jsonpath-as-json|custom-columns|custom-columns-file|go-template|go-template-file|template|templatefile)(=|$)/.test(output);
}

export function printObjects(req: PrintRequest): void {
  throw new CliError(`output format "${req.output}" is not implemented yet`);
}

/**
 * Sorts by a JSONPath (`.metadata.name` or `{.metadata.name}`) as kubectl's --sort-by does.
 * Returns undefined when no object has the field (table output then prints nothing).
 */
export function sortObjects(items: KubeObject[], _path: string): KubeObject[] | undefined {
  return items;
}

export const ALLOWED_FORMATS =
  'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';
