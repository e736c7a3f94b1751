/**
 * kubectl's PrintFlags beyond -o (--template, --allow-missing-template-keys,
 * --show-managed-fields), shared by the verbs that print the objects they write: the file-driven
 * ones (through printResults in manifest-objects.ts) and the generators (generated.ts).
 */
import type { FlagSpec, FlagValues } from './framework.js';

/** A --template alone means -o go-template. */
export const PRINT_FLAGS: FlagSpec[] = [
  { name: 'template', type: 'string', arg: 'string', description: 'Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].' },
  { name: 'allow-missing-template-keys', type: 'bool', default: true, description: 'If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.' },
  { name: 'show-managed-fields', type: 'bool', description: 'If true, keep the managedFields when printing objects in JSON or YAML format.' },
];

/** -o, or go-template when only --template is given (kubectl's PrintFlags). */
export function outputOf(flags: FlagValues): string {
  return (flags.output as string | undefined) || (flags.template ? 'go-template' : '');
}

/** What PRINT_FLAGS say to printObjects. */
export function printOptions(flags: FlagValues): { template?: string; allowMissingKeys: boolean; showManagedFields: boolean } {
  return { template: flags.template as string | undefined, allowMissingKeys: flags['allow-missing-template-keys'] !== false, showManagedFields: flags['show-managed-fields'] === true };
}

/** kubectl's PrintFlags.ToPrinter before the verb does anything (see checkPrinter); nothing is loaded without -o or --template. */
export async function checkPrintFlags(cwd: string, flags: FlagValues): Promise<void> {
  const output = outputOf(flags);
  if (!output) return;
  const { checkPrinter } = await import('../printers/format.js');
  await checkPrinter(output, flags.template as string | undefined, cwd);
}
