/**
 * kubectl's PrintFlags beyond -o (--template, --allow-missing-template-keys,
 * --show-managed-fields) and the --field-manager flag of the verbs that write: declared once,
 * read once, for every verb that prints or writes objects. A small module, so the verbs that
 * only print (config view, events, auth whoami) load nothing more for it; the generators and
 * create -f check their printer (checkPrintFlags) before anything is written.
 */
import { CliError } from '../errors.js';
import type { FlagSpec, FlagValues } from './framework.js';

/** kubectl's PrintFlags beyond -o: a --template alone means -o go-template. */
export const PRINT_FLAGS: FlagSpec[] = [
  { name: 'template', type: 'string', arg: 'string', description: 'Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].' },
  { name: 'allow-missing-template-keys', type: 'bool', default: true, description: 'If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.' },
  { name: 'show-managed-fields', type: 'bool', description: 'If true, keep the managedFields when printing objects in JSON or YAML format.' },
];

/**
 * -o, or go-template when only --template is given (kubectl's PrintFlags: a --template
 * without an -o given on the command line means go-template); `fallback` is the verb's default
 * -o (config view's yaml, cluster-info dump's json), which a --template overrides.
 */
export function outputOf(flags: FlagValues, fallback = ''): string {
  return (flags.output as string | undefined) || (flags.template ? 'go-template' : fallback);
}

/** What PRINT_FLAGS ask of the printer (src/printers/format.ts's PrintRequest fields). */
export interface PrintOptions {
  template?: string;
  allowMissingKeys: boolean;
  showManagedFields: boolean;
}

export function printOptionsOf(flags: FlagValues): PrintOptions {
  return {
    template: flags.template as string | undefined,
    allowMissingKeys: flags['allow-missing-template-keys'] !== false,
    showManagedFields: flags['show-managed-fields'] === true,
  };
}

/** The -o formats of kubectl's PrintFlags, which every verb but get prints with (no custom-columns, no wide). */
export const PRINT_FLAGS_FORMATS = 'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml';

/** kubectl's error for an -o its printer flags have no printer for. */
export function unmatchedFormat(output: string, allowed = PRINT_FLAGS_FORMATS): CliError {
  return new CliError(`unable to match a printer suitable for the output format "${output}", allowed formats are: ${allowed}`);
}

/** Refuses an -o (`name` or `name=value`) that is not one of PRINT_FLAGS_FORMATS. */
export function requirePrintFormat(output: string): void {
  if (!PRINT_FLAGS_FORMATS.split(',').includes(output.split('=')[0]!)) throw unmatchedFormat(output);
}

/** --field-manager with the manager name kubectl records for the verb by default. */
export function fieldManagerFlag(manager: string): FlagSpec {
  return { name: 'field-manager', type: 'string', arg: 'string', default: manager, description: 'Name of the manager used to track field ownership.' };
}

/**
 * A go-template or jsonpath failing on the object it prints (not a template that does not parse):
 * the verbs whose kubectl ignores the printer's error (events, auth reconcile) carry on.
 */
export function isTemplateExecutionError(err: unknown): boolean {
  return err instanceof CliError && err.message.startsWith('error executing ');
}

/** kubectl's PrintFlags.ToPrinter before the verb does anything (see checkPrinter); nothing is loaded without -o or --template. */
export async function checkPrintFlags(cwd: string, flags: FlagValues): Promise<void> {
  const output = outputOf(flags);
  if (!output) return;
  const { checkPrinter } = await import('../printers/format.js');
  await checkPrinter(output, flags.template as string | undefined, cwd);
}

/** kubectl's PrintFlags.ToPrinter for a verb that builds its printer before anything else: a bad -o fails first. */
export async function printerFirst(ctx: { cwd: string }, flags: FlagValues): Promise<void> {
  const output = outputOf(flags);
  if (!output) return;
  requirePrintFormat(output);
  await checkPrintFlags(ctx.cwd, flags);
}

/**
 * The error kubectl's PrintFlags.ToPrinter gives for these flags, or undefined: for the verbs
 * that build their printer only once an object is written (apply, patch, rollout's undo, pause,
 * resume and restart), so that the object is written and then the printing fails.
 */
export async function printerError(cwd: string, flags: FlagValues): Promise<unknown> {
  try {
    await checkPrintFlags(cwd, flags);
    return undefined;
  } catch (err) {
    return err;
  }
}
