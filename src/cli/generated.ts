/**
 * The shared tail of kubectl's generator verbs (`create <kind>`, `run`, `expose`, `autoscale`):
 * honour --dry-run, create through the API server, and print `kind/name <verb>` or the object.
 */
import { kindPrefix, type ResourceType } from '../api/registry.js';
import type { KubeObject } from '../api/types.js';
import { ApiError, ClientRefusal, CliError, RawError } from '../errors.js';
import type { Context, FlagSpec, FlagValues } from './framework.js';
import { checkPrintFlags, outputOf, PRINT_FLAGS, printOptionsOf } from './print-flags.js';
import type { Session } from './session.js';
import { parseFlagBool } from './simple-args.js';

export const GENERATOR_FLAGS: FlagSpec[] = [
  { name: 'dry-run', type: 'string', description: 'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it.' },
  { name: 'output', short: 'o', type: 'string', description: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).' },
  { name: 'save-config', type: 'bool', description: 'If true, the configuration of current object will be saved in its annotation.' },
  { name: 'field-manager', type: 'string', description: 'Name of the manager used to track field ownership.' },
  { name: 'validate', type: 'string', description: 'Must be one of: strict (or true), warn, ignore (or false).' },
  ...PRINT_FLAGS,
];

/** run, expose and autoscale have the generators' flags but --validate. */
export const GENERATOR_FLAGS_UNVALIDATED: FlagSpec[] = GENERATOR_FLAGS.filter((f) => f.name !== 'validate');

export type DryRun = 'none' | 'client' | 'server';

export function dryRunMode(value: unknown): DryRun {
  if (value === undefined || value === 'none' || value === false) return 'none';
  if (value === 'client' || value === 'server') return value;
  throw new CliError(`Invalid dry-run value (${String(value)}). Must be "none", "server", or "client".`);
}

export type Validation = 'strict' | 'warn' | 'ignore';

/** `--validate`: strict (or true), warn, ignore (or false). */
export function validationOf(flags: FlagValues): Validation {
  // kubectl's GetValidationDirective: strconv.ParseBool's words, then the directives as written.
  const v = String(flags.validate ?? 'strict');
  const bool = parseFlagBool(v);
  if (bool !== undefined) return bool ? 'strict' : 'ignore';
  if (v === 'strict' || v === 'warn' || v === 'ignore') return v;
  throw new CliError(`invalid - validate option "${flags.validate}"; must be one of: strict (or true), warn, ignore (or false)`);
}

/** What kubectl generators put in metadata before the server fills it in. */
export function newObjectMeta(name: string, labels?: Record<string, string>): KubeObject['metadata'] {
  return { creationTimestamp: null, ...(labels ? { labels } : {}), name };
}

export interface GenerateOptions {
  /** The verb for the success line: `created`, `exposed`, `autoscaled`. */
  verb: string;
  /** kubectl wraps some AlreadyExists errors, e.g. `failed to create deployment: %v`. */
  wrapError?: (err: ApiError | ClientRefusal) => Error;
  /** Namespace the object goes to (from -n or the context). */
  namespace?: string;
  /** The field manager kubectl sends: `kubectl-create` unless the verb has its own (`kubectl-run`, `kubectl-expose`). */
  fieldManager?: string;
  /**
   * How many objects the verb's one printer printed before (expose and autoscale of several): a
   * YAML document after the first is separated by `---`. Counted here.
   */
  printed?: { count: number };
}

/** Creates (or dry-runs) `obj` and prints kubectl's result line or the object. */
export async function createGenerated(ctx: Context, obj: KubeObject, flags: FlagValues, opts: GenerateOptions): Promise<void> {
  const mode = dryRunMode(flags['dry-run']);
  validationOf(flags);
  const session = ctx.session();
  let type: ResourceType | undefined;
  let result: KubeObject = obj;
  const namespaced = () => type!.namespaced;
  try {
    result = session.write((api) => {
      type = api.typeOf(obj);
      const toCreate = { ...obj, metadata: { ...obj.metadata } };
      if (namespaced()) toCreate.metadata.namespace = opts.namespace ?? session.namespace;
      if (mode === 'client') return toCreate;
      return api.create(toCreate, { dryRun: mode === 'server', fieldManager: (flags['field-manager'] as string | undefined) || opts.fieldManager || 'kubectl-create' });
    });
  } catch (e) {
    if ((e instanceof ApiError || e instanceof ClientRefusal) && opts.wrapError) throw opts.wrapError(e);
    throw e;
  }
  const suffix = mode === 'client' ? ' (dry run)' : mode === 'server' ? ' (server dry run)' : '';
  if (outputOf(flags)) {
    // A client dry run prints what kubectl built, which names its namespace only when -n was given.
    const printed = mode === 'client' ? withExplicitNamespace(obj, type!, session) : result;
    if (opts.printed && opts.printed.count++ > 0 && outputOf(flags) === 'yaml') ctx.io.out.write('---\n');
    await printGenerated(ctx, printed, type!, flags);
    return;
  }
  ctx.io.out.write(`${kindPrefix(type!)}/${result.metadata.name} ${opts.verb}${suffix}\n`);
}

/** Prints an object kubectl builds itself (typed: -o json in Go struct order) for -o and PRINT_FLAGS. */
export async function printGenerated(ctx: Context, object: KubeObject, type: ResourceType, flags: FlagValues): Promise<void> {
  // What kubectl's PrintFlags cannot print fails as it does there (autoscale builds its printer only now).
  await checkPrintFlags(ctx.cwd, flags);
  const { printObjects } = await import('../printers/format.js');
  await printObjects({ output: outputOf(flags), items: [{ object, type }], single: true, typed: true, cwd: ctx.cwd, out: ctx.io.out, ...printOptionsOf(flags) });
}

/** kubectl wraps some server errors: `failed to create deployment: <error>`. */
export function wrap(prefix: string): (e: ApiError | ClientRefusal) => Error {
  return (e) => new CliError(`${prefix}${e.message}`);
}

/** cmdutil.UsageErrorf: the message and a pointer to the command's help. */
export function usageError(ctx: Context, message: string): RawError {
  return new RawError(`error: ${message}\nSee '${ctx.commandPath ?? ctx.programName} -h' for help and examples`);
}

/** The one NAME a generator takes (the words after `--` are a container command, not names). */
export function requireName(args: string[], ctx: Context): string {
  const positional = args.slice(0, args.length - ctx.dashArgs.length);
  if (positional.length !== 1) throw usageError(ctx, `exactly one NAME is required, got ${positional.length}`);
  return positional[0]!;
}

function withExplicitNamespace(obj: KubeObject, type: ResourceType, session: Session): KubeObject {
  if (!type.namespaced || !session.namespaceExplicit) return obj;
  const { creationTimestamp, ...rest } = obj.metadata;
  return { ...obj, metadata: { creationTimestamp, ...rest, namespace: session.namespace } };
}

/** `nginx`, `ghcr.io/x/api:v2` → `api`: the container name kubectl derives from an image. */
export function containerNameFromImage(image: string): string {
  let base = image.split('/').pop() ?? image;
  base = base.split('@')[0]!.split(':')[0]!;
  const cleaned = base.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '');
  return cleaned || 'container';
}

/** Parses `--env K=V` / `--labels a=b,c=d` style pairs. */
export function parsePairs(items: string[], what: string): Array<[string, string]> {
  return items.map((item) => {
    const i = item.indexOf('=');
    if (i <= 0) throw new CliError(`invalid ${what}: ${item}`);
    return [item.slice(0, i), item.slice(i + 1)];
  });
}
