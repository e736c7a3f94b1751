/**
 * `create -f`: POST each document as it is (optionally saving the last-applied
 * configuration). The imperative `create <kind>` generators are subcommands.
 */
import { BuilderErrorList, failAggregate } from './aggregate-errors.js';
import { kindPrefix, type ResourceType } from '../api/registry.js';
import type { KubeObject } from '../api/types.js';
import { withApplyAnnotation } from './apply.js';
import { createSubcommands } from './create-generators.js';
import { CliError, RawError } from '../errors.js';
import type { Context, FlagValues, VerbSpec } from './framework.js';
import {
  checkRequestSize,
  DRY_RUN_FLAG,
  dryRunOf,
  dryRunSuffix,
  errorWhen,
  filenameFlags,
  hasManifestInput,
  OUTPUT_FLAG,
  outputOf,
  PRINT_FLAGS,
  printResults,
  readDocuments,
  VALIDATE_FLAG,
  validationOf,
  fieldValidationOf,
  printWarnings,
  resolveDocs,
  type ResolvedDoc,
} from './manifest-objects.js';
import { checkPrintFlags } from './print-flags.js';
import { PART_SETTLE_BUDGET_MS, PART_WORK, workOf } from './write-parts.js';

/** `create --raw PATH -f FILE`: the file POSTed as it is (kubectl's checks first). */
async function createRaw(ctx: Context, flags: FlagValues): Promise<void> {
  const files = (flags.filename as string[] | undefined) ?? [];
  if (!files.length && flags.kustomize === undefined) throw new CliError('must specify one of -f and -k');
  if (flags.edit === true) throw new CliError('--raw and --edit are mutually exclusive');
  if (files.length !== 1) throw new CliError('--raw can only use a single local file or stdin');
  if (/^https?:\/\//.test(files[0]!)) throw new CliError('--raw cannot read from a url');
  if (flags.recursive === true) throw new CliError('--raw and --recursive are mutually exclusive');
  if (flags.selector) throw new CliError('--raw and --selector (-l) are mutually exclusive');
  if (outputOf(flags)) throw new CliError('--raw and --output are mutually exclusive');
  const { checkRawUri, rawBody, rawRequest } = await import('./raw-request.js');
  checkRawUri(String(flags.raw));
  await rawRequest(ctx, 'POST', String(flags.raw), await rawBody(ctx, files[0]));
}

async function runCreate(ctx: Context, args: string[], flags: FlagValues): Promise<void> {
  // kubectl's Complete, in its order: no arguments, the dry run, --validate, the printer; then -f or -k.
  if (args.length > 0) throw new RawError(`error: Unexpected args: [${args.join(' ')}]\nSee '${ctx.programName} create -h' for help and examples`);
  const dryRun = dryRunOf(flags);
  validationOf(flags);
  const output = outputOf(flags);
  await checkPrintFlags(ctx.cwd, flags);
  if (!hasManifestInput(flags)) throw new CliError('must specify one of -f and -k');
  if (flags.raw !== undefined && flags.raw !== '') return createRaw(ctx, flags);
  // kubectl returns every failure at the end, as one error or their aggregate (see aggregate-errors.ts):
  // the objects' own first, then the documents it could not read or map.
  const failures: unknown[] = [];
  const unread = new BuilderErrorList();
  if (flags.edit === true) return (await import('./create-edit.js')).createWithEdit(ctx, flags);
  const docs = await readDocuments(ctx, flags, 'create', { requireObjects: true, selects: true, continueOnError: unread.add });
  const session = ctx.session();
  const created: Array<{ object: KubeObject; type: ResourceType }> = [];
  // In parts, as apply writes them (see write-parts.ts).
  let resolved: ResolvedDoc[] = [];
  let next = 0;
  do {
    let work = 0;
    session.write((api) => {
      if (next === 0) resolved = resolveDocs(ctx, api, session, docs, 'creating', (e) => failures.push(e), unread.add);
      const fieldValidation = fieldValidationOf(flags);
      const warnings: string[] = [];
      while (next < resolved.length && work < PART_WORK) {
        const r = resolved[next++]!;
        work += workOf(r.object);
        const object = withApplyAnnotation(r.object, flags['save-config'] === true);
        try {
          const result =
            dryRun === 'client' ? object : (checkRequestSize(object), api.create(object, { dryRun: dryRun === 'server', fieldManager: (flags['field-manager'] as string | undefined) || 'kubectl-create', fieldValidation, warnings }));
          printWarnings(ctx, warnings);
          created.push({ object: result, type: r.type });
          // kubectl's accessor reads a name that is not a string (a List item's `name: 1`) as none.
          const name = (typeof result.metadata.name === 'string' && result.metadata.name) || '<unknown>';
          if (!output) ctx.io.out.write(`${kindPrefix(r.type)}/${name} created${dryRunSuffix(dryRun)}\n`);
        } catch (err) {
          failures.push(errorWhen(err, 'creating', r.doc.source));
        }
      }
    }, PART_SETTLE_BUDGET_MS);
  } while (next < resolved.length);
  // YAML documents get `---` between them; no other format's printer keeps state from one object to the next.
  if (output === 'yaml') await printResults(ctx, output, created, 'documents', flags);
  else if (output) await printEachContinuing(ctx, output, created, flags, failures);
  failAggregate(ctx, [...failures, ...unread.aggregate()]);
}

/** kubectl prints each created object as it visits it and goes on past one its template fails on. */
async function printEachContinuing(ctx: Context, output: string, created: Array<{ object: KubeObject; type: ResourceType }>, flags: FlagValues, failures: unknown[]): Promise<void> {
  for (const item of created) {
    try {
      await printResults(ctx, output, [item], 'documents', flags);
    } catch (err) {
      failures.push(err);
    }
  }
}

export const verb: VerbSpec = {
  name: 'create',
  summary: 'Create a resource from a file or from stdin',
  usage: '-f FILENAME [flags]',
  examples: '  # Create a pod using the data in pod.json\n  kubectl-lite create -f ./pod.json\n\n  # Create a pod based on the JSON passed into stdin\n  cat pod.json | kubectl-lite create -f -',
  flags: [
    ...filenameFlags('to use to create the resource'),
    DRY_RUN_FLAG,
    OUTPUT_FLAG,
    ...PRINT_FLAGS,
    { name: 'save-config', type: 'bool', description: 'If true, the configuration of current object will be saved in its annotation.' },
    VALIDATE_FLAG,
    { name: 'field-manager', type: 'string', arg: 'string', description: 'Name of the manager used to track field ownership.' },
    { name: 'edit', type: 'bool', description: 'Edit the API resource before creating' },
    { name: 'selector', short: 'l', type: 'string', arg: 'string', description: "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints." },
    { name: 'windows-line-endings', type: 'bool', description: 'Only relevant if --edit=true. Defaults to the line ending native to your platform.' },
    { name: 'raw', type: 'string', arg: 'string', description: 'Raw URI to POST to the server.  Uses the transport specified by the kubeconfig file.' },
    { name: 'record', type: 'bool', hidden: true, description: 'Record current kubectl command in the resource annotation.' },
  ],
  subcommands: createSubcommands,
  run: runCreate,
};
