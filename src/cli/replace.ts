/**
 * `replace -f`: PUT each document over the live object. A metadata.resourceVersion in
 * the manifest that is not the live one is refused with Conflict; `--force` deletes and
 * re-creates instead (with --cascade and --grace-period, waiting up to --timeout for the old
 * objects to go).
 */
import { BuilderErrorList, failAggregate } from './aggregate-errors.js';
import { CliError } from '../errors.js';
import { kindPrefix, type ResourceType } from '../api/registry.js';
import { isUrl, type ManifestDoc } from '../api/manifest.js';
import type { DeleteOptions } from '../api/server.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { withApplyAnnotation } from './apply.js';
import type { Context, FlagValues, VerbSpec } from './framework.js';
import { checkPrintFlags } from './print-flags.js';
import {
  checkRequestSize,
  DRY_RUN_FLAG,
  dryRunOf,
  dryRunSuffix,
  errorWhen,
  filenameFlags,
  OUTPUT_FLAG,
  outputOf,
  PRINT_FLAGS,
  printResults,
  readDocuments,
  VALIDATE_FLAG,
  fieldValidationOf,
  printWarnings,
  resolveDocs,
  type ResolvedDoc,
} from './manifest-objects.js';
import { CASCADE_FLAG, cascadeOf, deleteOptionsOf, GRACE_PERIOD_FLAG, TIMEOUT_FLAG, timeoutOf, waitGone } from './deletion-flags.js';

async function runReplace(ctx: Context, _args: string[], flags: FlagValues): Promise<void> {
  // kubectl builds the printer first (Complete), before reading the files.
  await checkPrintFlags(ctx.cwd, flags);
  const timeoutMs = timeoutOf(ctx, flags);
  const dryRun = dryRunOf(flags);
  const output = outputOf(flags);
  const force = flags.force === true;
  const cascade = cascadeOf(flags.cascade as string | undefined, (w) => ctx.io.err.write(w));
  // kubectl turns --grace-period=0 into 1 (and waits for the deletion) before checking it.
  let grace = (flags['grace-period'] as number | undefined) ?? -1;
  if (grace === 0) grace = 1;
  if (grace >= 0 && !force) throw new CliError('--grace-period must have --force specified');
  if (timeoutMs !== 0 && !force) throw new CliError('--timeout must have --force specified');
  if (force && dryRun !== 'none') throw new CliError('--dry-run can not be used when --force is set');
  const files = (flags.filename as string[] | undefined) ?? [];
  if (flags.raw !== undefined && flags.raw !== '') {
    if (files.length !== 1) throw new CliError('--raw can only use a single local file or stdin');
    if (isUrl(files[0]!)) throw new CliError('--raw cannot read from a url');
    if (flags.recursive === true) throw new CliError('--raw and --recursive are mutually exclusive');
    if (output) throw new CliError('--raw and --output are mutually exclusive');
    const raw = String(flags.raw);
    if (raw.startsWith(':')) throw new CliError(`--raw must be a valid URL path: parse "${raw}": missing protocol scheme`);
    if (!raw.startsWith('/') && !/^[a-z][a-z0-9+.-]*:/i.test(raw)) throw new CliError(`--raw must be a valid URL path: parse "${raw}": invalid URI for request`);
    const { rawBody, rawRequest } = await import('./raw-request.js');
    return rawRequest(ctx, 'PUT', raw, await rawBody(ctx, files[0]));
  }
  // kubectl returns every failure at the end, as one error or their aggregate (see aggregate-errors.ts).
  const failures: unknown[] = [];
  const unread = new BuilderErrorList();
  const docs = await readDocuments(ctx, flags, 'replace', { continueOnError: unread.add });
  if (force) {
    await forceReplace(ctx, flags, docs, deleteOptionsOf(cascade, grace), timeoutMs > 0 ? timeoutMs : 5 * 60 * 1000);
    failAggregate(ctx, unread.aggregate());
    return;
  }
  // --subresource PUTs the file's object to .../NAME/status or .../NAME/scale (src/api/subresources.ts).
  const subresource = (flags.subresource as string | undefined) || undefined;
  const sub = subresource && dryRun !== 'client' ? await import('../api/subresources.js') : undefined;
  const session = ctx.session();
  const replaced: Array<{ object: KubeObject; type: ResourceType }> = [];
  const suffix = dryRunSuffix(dryRun);
  session.write((api) => {
    const resolved = resolveDocs(ctx, api, session, docs, 'replacing', (e) => failures.push(e), unread.add);
    for (const r of resolved) {
      if (!r.name) {
        failures.push(new CliError(`error when replacing "${r.doc.source}": resource name may not be empty`));
        continue;
      }
      const object = withApplyAnnotation(r.object, flags['save-config'] === true);
      const opts = { dryRun: dryRun === 'server', fieldManager: fieldManagerOf(flags), fieldValidation: fieldValidationOf(flags), warnings: [] as string[], requestVerb: 'update' as const };
      try {
        checkRequestSize(object);
        const result = dryRun === 'client' ? object : sub ? sub.replaceSubresource(api, r.type, object, subresource!, opts) : api.update(object, opts);
        printWarnings(ctx, opts.warnings);
        replaced.push({ object: result, type: r.type });
        if (!output) ctx.io.out.write(`${r.ref} replaced${suffix}\n`);
      } catch (err) {
        failures.push(errorWhen(err, 'replacing', r.doc.source));
      }
    }
  });
  if (output) await printResults(ctx, output, replaced, 'documents', flags);
  failAggregate(ctx, [...failures, ...unread.aggregate()]);
}

function fieldManagerOf(flags: FlagValues): string {
  return (flags['field-manager'] as string | undefined) || 'kubectl-replace';
}

/**
 * kubectl's forceReplace: delete every object (a missing one is no error), wait for each to be
 * gone (--timeout, else 5 minutes), then create them all from the files.
 */
async function forceReplace(ctx: Context, flags: FlagValues, docs: ManifestDoc[], options: DeleteOptions, timeoutMs: number): Promise<void> {
  const output = outputOf(flags);
  const session = ctx.session();
  const deleted: Array<{ r: ResolvedDoc; uid: string | undefined }> = [];
  const resolved = session.write((api) => {
    const all = resolveDocs(ctx, api, session, docs);
    for (const r of all) {
      if (!r.name) {
        ctx.fail(new CliError(`error when deleting "${r.doc.source}": resource name may not be empty`));
        continue;
      }
      const live = api.tryGet(r.type, r.namespace, r.name);
      if (!live) continue;
      try {
        api.delete(r.type, r.namespace, r.name, options);
        deleted.push({ r, uid: live.metadata.uid });
        ctx.io.out.write(output === 'name' ? `${kindPrefix(r.type)}/${r.name}\n` : `${kindPrefix(r.type)} "${r.name}" deleted\n`);
      } catch (err) {
        ctx.fail(errorWhen(err, 'deleting', r.doc.source));
      }
    }
    return all;
  });
  if (ctx.failed) return;
  // The delete step (kubectl's DeleteResult) found nothing to visit.
  if (docs.length === 0) ctx.io.out.write('No resources found\n');
  for (const { r, uid } of deleted) {
    if (!(await waitGone(ctx, r.type, r.namespace, r.name, uid, timeoutMs))) throw new CliError('timed out waiting for the condition');
  }
  const replaced: Array<{ object: KubeObject; type: ResourceType }> = [];
  session.write((api) => {
    for (const r of resolved) {
      const object = deepClone(withApplyAnnotation(r.object, flags['save-config'] === true));
      delete object.metadata.resourceVersion;
      const opts = { fieldManager: fieldManagerOf(flags), fieldValidation: fieldValidationOf(flags), warnings: [] as string[] };
      try {
        checkRequestSize(object);
        replaced.push({ object: api.create(object, opts), type: r.type });
        printWarnings(ctx, opts.warnings);
        if (!output) ctx.io.out.write(`${r.ref} replaced\n`);
      } catch (err) {
        ctx.fail(err);
      }
    }
  });
  if (resolved.length === 0 && !ctx.failed) throw new CliError('no objects passed to replace');
  if (output) await printResults(ctx, output, replaced, 'documents', flags);
}

export const verb: VerbSpec = {
  name: 'replace',
  summary: 'Replace a resource by file name or stdin',
  usage: '-f FILENAME [flags]',
  examples: '  # Replace a pod using the data in pod.json\n  kubectl-lite replace -f ./pod.json',
  flags: [
    ...filenameFlags('to use to replace the resource'),
    DRY_RUN_FLAG,
    OUTPUT_FLAG,
    ...PRINT_FLAGS,
    { name: 'force', type: 'bool', description: 'If true, immediately remove resources from API and bypass graceful deletion, then re-create them.' },
    { name: 'save-config', type: 'bool', description: 'If true, the configuration of current object will be saved in its annotation.' },
    GRACE_PERIOD_FLAG,
    CASCADE_FLAG,
    TIMEOUT_FLAG,
    { name: 'wait', type: 'bool', description: 'If true, wait for resources to be gone before returning. This waits for finalizers.' },
    { name: 'raw', type: 'string', arg: 'string', description: 'Raw URI to PUT to the server (refused by kubectl-lite: the simulated cluster has no raw API).' },
    VALIDATE_FLAG,
    { name: 'field-manager', type: 'string', arg: 'string', description: 'Name of the manager used to track field ownership.' },
    { name: 'subresource', type: 'string', arg: 'string', description: 'If specified, replace will operate on the subresource of the requested object. This flag is beta and may change in the future.' },
  ],
  run: runReplace,
};
