/** `label` and `annotate`: one verb shape, two maps. */
import { kindPrefix, type ResourceType } from '../api/registry.js';
import type { KubeObject } from '../api/types.js';
import { CliError, conflict } from '../errors.js';
import type { Context, FlagValues, VerbSpec } from './framework.js';
import { applyChanges, bothChanged, labelOutcome, splitChanges } from './metadata-update.js';
import { fetchSelection, namedWithSelectorError, parseResourceArgs, singleItemImplied } from './resource-args.js';
import { hasName, liveTargets, localTargets, NO_NAME, printEach, readTargetDocuments } from './file-targets.js';
import { filenameFlags, hasManifestInput } from './manifest-objects.js';
import { BuilderErrorList, failAggregate } from './aggregate-errors.js';
import { fieldManagerFlag, outputOf, PRINT_FLAGS, printerFirst, printOptionsOf, requirePrintFormat } from './print-flags.js';

function dryRunSuffix(mode: string | undefined): string {
  if (mode === undefined || mode === 'none') return '';
  if (mode === 'client') return ' (dry run)';
  if (mode === 'server') return ' (server dry run)';
  throw new CliError(`Invalid dry-run value (${mode}). Must be "none", "server", or "client".`);
}

export function makeMapVerb(kind: 'label' | 'annotate'): VerbSpec {
  const field = kind === 'label' ? 'labels' : 'annotations';
  const what = kind === 'label' ? 'label' : 'annotation';
  return {
    name: kind,
    summary: kind === 'label' ? 'Update the labels on a resource' : 'Update the annotations on a resource',
    usage: `[--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version]`,
    flags: [
      { name: 'overwrite', type: 'bool', description: `If true, allow ${what}s to be overwritten, otherwise reject ${what} updates that overwrite existing ${what}s.` },
      { name: 'selector', short: 'l', type: 'string', description: 'Selector (label query) to filter on' },
      { name: 'all', type: 'bool', description: 'Select all resources, in the namespace of the specified resource types' },
      { name: 'all-namespaces', short: 'A', type: 'bool', description: 'If true, check the specified action in all namespaces.' },
      { name: 'list', type: 'bool', description: `If true, display the ${what}s for a given resource.` },
      { name: 'dry-run', type: 'string', description: 'Must be "none", "server", or "client".' },
      { name: 'output', short: 'o', type: 'string', description: 'Output format.' },
      { name: 'resource-version', type: 'string', description: 'If non-empty, the update will only succeed if this is the current resource-version for the object.' },
      { name: 'local', type: 'bool', description: `If true, ${kind} will NOT contact api-server but run locally.` },
      ...filenameFlags(`identifying the resource to update the ${what}s`),
      { name: 'field-selector', type: 'string', description: 'Selector (field query) to filter on' },
      ...PRINT_FLAGS,
      fieldManagerFlag(`kubectl-${kind}`),
    ],
    async run(ctx: Context, args: string[], flags: FlagValues) {
      // annotate builds its printer before it reads its arguments (label only once it has an object).
      if (kind === 'annotate') await printerFirst(ctx, flags);
      const { resources, changes } = splitChanges(args, what);
      const suffix = dryRunSuffix(flags['dry-run']);
      const output = outputOf(flags);
      const local = flags.local === true;
      // A change made on kubectl's copy only, sent nowhere: --local, or a client dry run.
      const onClient = local || suffix === ' (dry run)';
      // kubectl's checks, in its order.
      if (kind === 'label' && flags.list && output) throw new CliError('--list and --output may not be specified together');
      if (flags.all && flags.selector) throw new CliError('cannot set --all and --selector at the same time');
      if (flags.all && flags['field-selector']) throw new CliError('cannot set --all and --field-selector at the same time');
      if (local) {
        const [file, json] = kind === 'label' ? ['pod.yaml', 'pod.json'] : ['rsrc.yaml', 'rsrc.json'];
        if (flags['dry-run'] === 'server') throw new CliError('cannot specify --local and --dry-run=server - did you mean --dry-run=client?');
        if (resources.length) throw new CliError(`can only use local files by -f ${file} or --filename=${json} when --local=true is set`);
        if (!hasManifestInput(flags)) throw new CliError(`one or more files must be specified as -f ${file} or --filename=${json}`);
      } else if (resources.length === 0 && !hasManifestInput(flags)) {
        throw new CliError(`one or more resources must be specified as <resource> <name> or <resource>/<name>`);
      }
      if (!flags.list && changes.set.length === 0 && changes.remove.length === 0) {
        throw new CliError(`at least one ${what} update is required`);
      }
      const both = kind === 'annotate' ? bothChanged(changes) : [];
      if (both.length) throw new CliError(`can not both modify and remove the following annotation(s) in the same command: ${both.join(', ')}`);
      // kubectl reports what failed after what it changed: the objects' own errors, then (one
      // element of their aggregate) those of the documents or objects it could not read or fetch.
      const errors: unknown[] = [];
      const unread = new BuilderErrorList();
      const docs = await readTargetDocuments(ctx, flags, resources, kind, 'map', unread.add);
      if (resources.length === 0 && !docs) {
        throw new CliError(`one or more resources must be specified as <resource> <name> or <resource>/<name>`);
      }
      const session = ctx.session();
      const lines: string[] = [];
      const printed: Array<{ object: KubeObject; type: ResourceType }> = [];
      // -l beside -f (not --local): the builder keeps the objects whose live labels match.
      const fileSel = docs && !local && flags.selector !== undefined ? await (await import('./manifest-objects.js')).fileSelector(String(flags.selector)) : undefined;
      const { matches } = fileSel ? await import('../api/labels.js') : { matches: undefined };
      session.write((api) => {
        const fromFiles = docs && (local ? localTargets(ctx, api, session, docs, unread.add, 'unstructured') : liveTargets(ctx, api, session, docs, unread.add, { allNamespaces: flags['all-namespaces'] === true }))
          .filter((t) => !fileSel || matches!(fileSel, t.obj.metadata.labels))
          .map((t) => ({ type: t.type, object: t.obj }));
        const sel = parseResourceArgs(fromFiles ? [] : resources, api.registry);
        const fieldSelector = flags['field-selector'] || undefined;
        const selecting = flags.selector !== undefined || fieldSelector !== undefined;
        // Named objects are what is visited: kubectl's builder then ignores --all, but not --all-namespaces.
        if (sel.named.length && selecting) throw namedWithSelectorError(resources);
        if (sel.named.length && flags['all-namespaces']) throw new CliError('a resource cannot be retrieved by name across all namespaces');
        if (sel.types.length && !selecting && !flags.all) throw new CliError('resource(s) were provided, but no name was specified');
        const { found, missing } = fromFiles ? { found: fromFiles, missing: [] } : fetchSelection(api, sel, {
          namespace: session.namespace,
          allNamespaces: flags['all-namespaces'],
          labelSelector: flags.selector,
          fieldSelector,
          all: flags.all,
        });
        missing.forEach((err, i) => unread.add(err, i));
        // --list names each object (`Listing labels for Pod./web:`) unless the arguments imply a single one.
        const one = fromFiles ? singleItemImplied(flags, ctx.cwd) : sel.named.length === 1 && sel.types.length === 0;
        if (flags['resource-version'] && !one) throw new CliError('--resource-version may only be used with a single resource');
        for (const { type, object } of found) {
          // kubectl's name printer: an object without a name (a nameless -f document, --dry-run=client) is <unknown>.
          const id = `${kindPrefix(type)}/${hasName(object) ? object.metadata.name : '<unknown>'}`;
          if (flags.list) {
            // kubectl makes the changes on its copy and lists the result: nothing is sent.
            let map: Record<string, string>;
            try {
              map = applyChanges(object, field, changes, Boolean(flags.overwrite)).object.metadata[field] ?? {};
            } catch (err) {
              errors.push(err);
              continue;
            }
            if (!one) lines.push(`Listing ${what}s for ${type.kind}.${type.group}/${object.metadata.name ?? ''}:`);
            for (const k of Object.keys(map).sort()) lines.push(`${one ? '' : ' '}${k}=${map[k]}`);
            continue;
          }
          let update: ReturnType<typeof applyChanges>;
          try {
            update = applyChanges(object, field, changes, Boolean(flags.overwrite));
          } catch (err) {
            // kubectl's builder continues on error: the other objects are still changed.
            errors.push(err);
            continue;
          }
          // --resource-version goes into the change: the server refuses another (a change made on
          // the client, --local or --dry-run=client, just carries it).
          const resourceVersion = flags['resource-version'] as string | undefined;
          if (resourceVersion) {
            if (!onClient && resourceVersion !== object.metadata.resourceVersion) {
              errors.push(conflict(type.plural, type.group, object.metadata.name!));
              continue;
            }
            update.object.metadata.resourceVersion = resourceVersion;
          }
          // kubectl says so only where it patches the server (not --local, not --dry-run=client).
          if (kind === 'label' && !onClient) for (const k of update.absent) lines.push(`label "${k}" not found.`);
          const outcome = kind === 'label' ? labelOutcome(object, update.object, Boolean(flags.overwrite)) : 'annotated';
          const changed = JSON.stringify(object.metadata[field]) !== JSON.stringify(update.object.metadata[field]);
          let result = update.object;
          const fieldManager = (flags['field-manager'] as string | undefined) || `kubectl-${kind}`;
          try {
            // A client dry run sends nothing: the server's validation never sees it.
            // client-go refuses the request (sent changed or not) for an object without a name (a nameless -f document).
            if (!onClient && !hasName(object)) throw new CliError(NO_NAME);
            if (changed && !onClient) result = api.update(update.object, { dryRun: suffix !== '', fieldManager });
          } catch (err) {
            errors.push(err);
            continue;
          }
          // label prints its own copy as it changed it, not what the server returned (the resourceVersion
          // it read, no managedFields entry of its own); annotate prints the server's answer. What kubectl
          // changed on its copy has the map it made, empty or not.
          if (kind === 'label') result = update.object;
          if ((onClient || kind === 'label') && result.metadata[field] === undefined) result = { ...result, metadata: { ...result.metadata, [field]: {} } };
          if (output) printed.push({ object: result, type });
          else lines.push(`${id} ${outcome}${suffix}`);
        }
      });
      if (lines.length) ctx.io.out.write(lines.join('\n') + '\n');
      // label builds its printer (kubectl's PrintFlags: no wide, no custom-columns) once it has changed an object.
      if (kind === 'label' && printed.length) {
        try {
          requirePrintFormat(output);
        } catch (err) {
          printed.length = 0;
          errors.unshift(err);
        }
      }
      // label prints each object with a printer of its own; annotate's one printer puts `---` between YAML documents.
      if (printed.length && docs) await printEach(ctx, flags, printed.map((p) => ({ type: p.type, obj: p.object })), false, kind === 'annotate');
      else if (printed.length) {
        const { printObjects } = await import('../printers/format.js');
        await printObjects({ output, items: printed, single: printed.length === 1, multiple: kind === 'label' ? 'separate' : 'documents', cwd: ctx.cwd, out: ctx.io.out, ...printOptionsOf(flags) });
      }
      failAggregate(ctx, [...errors, ...unread.aggregate()]);
    },
  };
}
