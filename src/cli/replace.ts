/**
 * `replace -f`: PUT each document over the live object. A metadata.resourceVersion in
 * the manifest that is not the live one is refused with Conflict; `--force` deletes and
 * re-creates instead.
 */
import { CliError } from '../errors.js';
import { kindPrefix, type ResourceType } from '../api/registry.js';
import type { KubeObject } from '../api/types.js';
import { withLastApplied } from './apply.js';
import type { Context, FlagValues, VerbSpec } from './framework.js';
import {
  checkRequestSize,
  DRY_RUN_FLAG,
  dryRunOf,
  dryRunSuffix,
  errorWhen,
  filenameFlags,
  OUTPUT_FLAG,
  printResults,
  readDocuments,
  VALIDATE_FLAG,
  fieldValidationOf,
  printWarnings,
  resolveDocs,
} from './manifest-objects.js';

async function runReplace(ctx: Context, _args: string[], flags: FlagValues): Promise<void> {
  const dryRun = dryRunOf(flags);
  const output = (flags.output as string | undefined) ?? '';
  const force = flags.force === true;
  if ((flags['grace-period'] ?? -1) >= 0 && !force) throw new CliError('--grace-period must have --force specified');
  const docs = await readDocuments(ctx, flags, 'replace');
  const session = ctx.session();
  const replaced: Array<{ object: KubeObject; type: ResourceType }> = [];
  const suffix = dryRunSuffix(dryRun);
  session.write((api) => {
    const resolved = resolveDocs(ctx, api, session, docs);
    for (const r of resolved) {
      const object = flags['save-config'] === true ? withLastApplied(r.object) : r.object;
      const opts = { dryRun: dryRun === 'server', fieldManager: (flags['field-manager'] as string | undefined) || 'kubectl-replace', fieldValidation: fieldValidationOf(flags), warnings: [] as string[] };
      try {
        checkRequestSize(object);
        if (force) {
          try {
            if (dryRun !== 'client') api.delete(r.type, r.namespace, r.name, { dryRun: opts.dryRun, gracePeriodSeconds: 0 });
            if (!output) ctx.io.out.write(`${kindPrefix(r.type)} "${r.name}" deleted${suffix}\n`);
          } catch (err) {
            ctx.fail(errorWhen(err, 'deleting', r.doc.source));
            continue;
          }
          delete object.metadata.resourceVersion;
          const created = dryRun === 'client' ? object : api.create(object, opts);
          replaced.push({ object: created, type: r.type });
          if (!output) ctx.io.out.write(`${r.ref} replaced${suffix}\n`);
          continue;
        }
        const result = dryRun === 'client' ? object : api.update(object, opts);
        printWarnings(ctx, opts.warnings);
        replaced.push({ object: result, type: r.type });
        if (!output) ctx.io.out.write(`${r.ref} replaced${suffix}\n`);
      } catch (err) {
        ctx.fail(errorWhen(err, 'replacing', r.doc.source));
      }
    }
  });
  if (output) await printResults(ctx, output, replaced);
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
    { name: 'force', type: 'bool', description: 'If true, immediately remove resources from API and bypass graceful deletion, then re-create them.' },
    { name: 'save-config', type: 'bool', description: 'If true, the configuration of current object will be saved in its annotation.' },
    { name: 'grace-period', type: 'int', default: -1, description: 'Period of time in seconds given to the resource to terminate gracefully (with --force).' },
    VALIDATE_FLAG,
    { name: 'field-manager', type: 'string', arg: 'string', description: 'Name of the manager used to track field ownership.' },
  ],
  run: runReplace,
};
