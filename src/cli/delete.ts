/**
 * `delete`: by TYPE NAME..., TYPE/NAME, -f, -l or --all, with kubectl's cascade, grace
 * period, force and dry-run handling. Prints `pod "web" deleted` per object.
 */
import { isUrl } from '../api/manifest.js';
import { checkRequestPath } from '../api/request-name.js';
import { kindPrefix, type ResourceType } from '../api/registry.js';
import type { ApiServer, DeleteOptions } from '../api/server.js';
import { ApiError, CliError } from '../errors.js';
import type { Context, FlagValues, VerbSpec } from './framework.js';
import { cascadeOf, stillThere, TIMEOUT_FLAG, timeoutOf, waitGone } from './deletion-flags.js';
import { DRY_RUN_FLAG, dryRunOf, dryRunSuffix, errorWhen, filenameFlags, hasManifestInput, readDocuments, resolveDocs, type DryRun } from './manifest-objects.js';
import { fetchSelection, namedWithSelectorError, parseResourceArgs, pathsWithArgumentsError, noResourcesError } from './resource-args.js';
import { BuilderErrorList, failAggregate } from './aggregate-errors.js';
import type { Session } from './session.js';

interface Target {
  type: ResourceType;
  namespace: string | undefined;
  name: string;
  /** The file the object came from (-f), for `error when deleting "<file>"`. */
  source?: string;
}

interface DeleteSettings {
  dryRun: DryRun;
  ignoreNotFound: boolean;
  options: DeleteOptions;
  force: boolean;
  /** `-o name`: print `pod/web` instead of `pod "web" deleted`. */
  nameOnly: boolean;
}

/** kubectl's grace-period rules: 0 without --force means 1; --force alone means 0; --now means 1. */
export function gracePeriodOf(flags: FlagValues): number | undefined {
  let grace = (flags['grace-period'] as number | undefined) ?? -1;
  if (flags.now === true) {
    if (grace !== -1) throw new CliError('--now and --grace-period cannot be specified together');
    grace = 1;
  }
  if (grace === 0 && flags.force !== true) grace = 1;
  if (flags.force === true && grace < 0) grace = 0;
  return grace >= 0 ? grace : undefined;
}

/**
 * Finds what to delete. `validate` runs between kubectl's Complete (the builder's errors: the
 * arguments, the selectors, the files' paths) and the listing, as kubectl's Validate does.
 */
async function collectTargets(ctx: Context, session: Session, args: string[], flags: FlagValues, validate: () => void, fail: (err: unknown) => void, unreadable: (err: unknown, seq: number) => void): Promise<Target[] | 'none'> {
  const all = flags.all === true;
  const selector = flags.selector as string | undefined;
  const fieldSelector = flags['field-selector'] as string | undefined;
  const selecting = selector !== undefined || fieldSelector !== undefined;
  if (all && ((selector ?? '') !== '' || (fieldSelector ?? '') !== '')) throw new CliError("setting 'all' parameter but found a non empty selector. ");
  if (hasManifestInput(flags)) {
    if (args.length) throw pathsWithArgumentsError(args, flags, ctx.cwd);
    // -l filters the objects read from the files by their own labels.
    const docs = await readDocuments(ctx, flags, 'delete', { continueOnError: unreadable, selects: true });
    validate();
    if (docs.length === 0) return 'none';
    return session.read((api) =>
      resolveDocs(ctx, api, session, docs, 'deleting', fail, unreadable).flatMap((r) => {
        // With -A the builder gives a document no namespace of its own: client-go refuses the named request.
        if (flags['all-namespaces'] === true && r.type.namespaced && !r.doc.object.metadata?.namespace) {
          fail(new CliError(`error when deleting "${r.doc.source}": an empty namespace may not be set when a resource name is provided`));
          return [];
        }
        return [{ type: r.type, namespace: r.namespace, name: r.name, source: r.doc.source }];
      }),
    );
  }
  if (args.length === 0) throw noResourcesError(all || selecting);
  return session.read((api) => {
    const selection = parseResourceArgs(args, api.registry);
    const ns = (t: ResourceType) => (t.namespaced ? session.namespace : undefined);
    if (selection.named.length) {
      if (all || selecting) throw namedWithSelectorError(args);
      if (flags['all-namespaces'] === true) throw new CliError('a resource cannot be retrieved by name across all namespaces');
      validate();
      return selection.named.map(({ type, name }) => ({ type, namespace: ns(type), name }));
    }
    if (!all && !selecting) throw new CliError('resource(s) were provided, but no name was specified');
    validate();
    const { found, missing } = fetchSelection(api, selection, {
      namespace: session.namespace,
      allNamespaces: flags['all-namespaces'] === true,
      labelSelector: selector,
      fieldSelector,
      all,
    });
    // A list refused (Forbidden under --as, a namespace client-go will not send) is reported; what is deleted goes on.
    missing.forEach(fail);
    return found
      .map(({ type, object }) => ({ type, namespace: object.metadata.namespace, name: object.metadata.name! }));
  });
}

/** An object this command deleted, with its uid: a namesake made since is not the one --wait waits for. */
interface Deleted {
  target: Target;
  uid: string | undefined;
}

function deleteOne(ctx: Context, api: ApiServer, t: Target, s: DeleteSettings, fail: (err: unknown) => void): Deleted | undefined {
  let live;
  // client-go refuses a request for an object without a name (a document that gave none) before sending it.
  if (!t.name && t.source) {
    fail(new CliError(`error when deleting "${t.source}": resource name may not be empty`));
    return undefined;
  }
  try {
    // kubectl's delete does not fetch what it names (RequireObject(false)): a client dry run never asks
    // (what it reads here is no request of kubectl's: asSystem).
    if (s.dryRun !== 'client') checkRequestPath(t.type, t.namespace, t.name);
    if (s.dryRun === 'client') live = api.asSystem().tryGet(t.type, t.namespace, t.name);
    else live = api.delete(t.type, t.namespace, t.name, { ...s.options, dryRun: s.dryRun === 'server' });
  } catch (err) {
    if (err instanceof ApiError && err.reason === 'NotFound' && s.ignoreNotFound) return undefined;
    fail(t.source ? errorWhen(err, 'deleting', t.source) : err);
    return undefined;
  }
  const deleted = { target: t, uid: live?.metadata.uid };
  if (s.nameOnly) {
    ctx.io.out.write(`${kindPrefix(t.type)}/${t.name}\n`);
    return deleted;
  }
  const verb = s.force && s.options.gracePeriodSeconds === 0 ? 'force deleted' : 'deleted';
  ctx.io.out.write(`${kindPrefix(t.type)} "${t.name}" ${verb}${dryRunSuffix(s.dryRun)}\n`);
  return deleted;
}

/** Whether the object deleted is still there (held by a finalizer, its dependents, a pod's shutdown). */
function lingers(api: ApiServer, d: Deleted): boolean {
  return stillThere(api, d.target.type, d.target.namespace, d.target.name, d.uid) !== undefined;
}

/**
 * --wait (kubectl's default): what the write left in place is waited for until it is gone, all of it
 * within one --timeout (0: a week, kubectl's "forever"); the first still there then fails the command
 * with kubectl's message, and the rest are not waited for.
 */
async function waitForDeletion(ctx: Context, lingering: Deleted[], timeoutMs: number): Promise<void> {
  const deadline = timeoutMs > 0 ? ctx.realNow() + timeoutMs : undefined;
  for (const { target: t, uid } of lingering) {
    // Each is looked at once more even when the time is up, as kubectl lists it before it watches.
    const left = deadline === undefined ? 0 : Math.max(1, deadline - ctx.realNow());
    if (!(await waitGone(ctx, t.type, t.namespace, t.name, uid, left))) {
      ctx.fail(new CliError(`timed out waiting for the condition on ${t.type.plural}/${t.name}`));
      return;
    }
  }
}

function outputOf(flags: FlagValues): string {
  const output = (flags.output as string | undefined) ?? '';
  if (output !== '' && output !== 'name') throw new CliError(`unexpected -o output mode: ${output}. We only support '-o name'`);
  return output;
}

/** --all, -l or --field-selector: what is missing by the time it is deleted is no error. */
function selectsMany(flags: FlagValues): boolean {
  return flags.all === true || flags.selector !== undefined || flags['field-selector'] !== undefined;
}

/** `delete --raw PATH [-f FILE]`: a DELETE of the path, with the file (DeleteOptions) as its body. */
async function deleteRaw(ctx: Context, flags: FlagValues): Promise<void> {
  const files = (flags.filename as string[] | undefined) ?? [];
  if (files.length > 1) throw new CliError('--raw can only use a single local file or stdin');
  if (files.length === 1 && isUrl(files[0]!)) throw new CliError('--raw cannot read from a url');
  if (flags.recursive === true) throw new CliError('--raw and --recursive are mutually exclusive');
  if (outputOf(flags)) throw new CliError('--raw and --output are mutually exclusive');
  const { checkRawUri, rawBody, rawRequest } = await import('./raw-request.js');
  checkRawUri(String(flags.raw));
  await rawRequest(ctx, 'DELETE', String(flags.raw), await rawBody(ctx, files[0]));
}

async function runDelete(ctx: Context, args: string[], flags: FlagValues): Promise<void> {
  const timeoutMs = timeoutOf(ctx, flags);
  const grace = gracePeriodOf(flags);
  const dryRun = dryRunOf(flags);
  // kubectl's Validate, run once the builder has taken the arguments (delete's own: run --rm takes the same flags without it).
  const validate = (): void => {
    outputOf(flags);
    if (flags.all === true && ((flags.selector as string | undefined) ?? '') !== '') throw new CliError('cannot set --all and --selector at the same time');
    if (flags.all === true && ((flags['field-selector'] as string | undefined) ?? '') !== '') throw new CliError('cannot set --all and --field-selector at the same time');
    if (flags.force === true && grace === 0) {
      ctx.io.err.write(
        'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
      );
    } else if (flags.force === true && grace !== undefined && grace > 0) throw new CliError('--force and --grace-period greater than 0 cannot be specified together');
  };
  const settings: DeleteSettings = {
    dryRun,
    force: flags.force === true,
    nameOnly: ((flags.output as string | undefined) ?? '') === 'name',
    ignoreNotFound: flags['ignore-not-found'] === true || selectsMany(flags),
    options: { propagationPolicy: cascadeOf(flags.cascade as string | undefined, (w) => ctx.io.err.write(w)), gracePeriodSeconds: grace },
  };
  if (flags.raw !== undefined && flags.raw !== '') {
    validate();
    return deleteRaw(ctx, flags);
  }
  const session = ctx.session();
  // kubectl reports what failed after what it deleted, as one error or their aggregate (see aggregate-errors.ts).
  const errors: unknown[] = [];
  const fail = (err: unknown) => errors.push(err);
  // The documents it could not read come last, as kubectl reports them.
  const unread = new BuilderErrorList();
  const targets = await collectTargets(ctx, session, args, flags, validate, fail, unread.add);
  if (targets === 'none' || targets.length === 0) {
    // Nothing to delete because every document failed is no "No resources found".
    if ((targets === 'none' || selectsMany(flags)) && errors.length + unread.length === 0) ctx.io.out.write('No resources found\n');
    failAggregate(ctx, [...errors, ...unread.aggregate()]);
    return;
  }
  if (flags.interactive === true && !(await confirmed(ctx, targets))) return;
  const deleted: Deleted[] = [];
  let lingering: Deleted[] = [];
  session.write(
    (api) => {
      // -n given (not -A): the first cluster-scoped object visited is warned of, once.
      let warnClusterScope = session.namespaceExplicit && flags['all-namespaces'] !== true;
      for (const t of targets) {
        if (warnClusterScope && !t.type.namespaced) {
          ctx.io.err.write('Warning: deleting cluster-scoped resources, not scoped to the provided namespace\n');
          warnClusterScope = false;
        }
        const d = deleteOne(ctx, api, t, settings, fail);
        if (d) deleted.push(d);
      }
    },
    undefined,
    (api) => (lingering = deleted.filter((d) => lingers(api, d))),
  );
  failAggregate(ctx, [...errors, ...unread.aggregate()]);
  if (deleted.length === 0 && !ctx.failed && selectsMany(flags)) ctx.io.out.write('No resources found\n');
  // kubectl waits only when every deletion went through, and never for a dry run.
  if (flags.wait === false || dryRun !== 'none' || ctx.failed || lingering.length === 0) return;
  await waitForDeletion(ctx, lingering, timeoutMs);
}

/** --interactive: lists what would be deleted and goes on only on a `y` read from stdin. */
async function confirmed(ctx: Context, targets: Target[]): Promise<boolean> {
  ctx.io.out.write(`You are about to delete the following ${targets.length} resource(s):\n`);
  for (const t of targets) ctx.io.out.write(`${kindPrefix(t.type)}/${t.name}\n`);
  ctx.io.out.write('Do you want to continue? (y/n): ');
  const answer = (await ctx.io.readStdin()).toString('utf8').trim().split(/\s+/)[0] ?? '';
  if (answer.toLowerCase() === 'y') return true;
  ctx.io.out.write('deletion is cancelled\n');
  return false;
}

export const verb: VerbSpec = {
  name: 'delete',
  summary: 'Delete resources by file names, stdin, resources and names, or by resources and label selector',
  usage: '([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [flags]',
  examples: '  # Delete a pod using the type and name specified in pod.json\n  kubectl-lite delete -f ./pod.json\n\n  # Delete pods and services with label name=myLabel\n  kubectl-lite delete pods,services -l name=myLabel',
  flags: [
    ...filenameFlags('containing the resource to delete'),
    DRY_RUN_FLAG,
    { name: 'selector', short: 'l', type: 'string', arg: 'string', description: "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'." },
    { name: 'all', type: 'bool', description: 'Delete all resources, in the namespace of the specified resource types.' },
    { name: 'all-namespaces', short: 'A', type: 'bool', description: 'If present, list the requested object(s) across all namespaces.' },
    { name: 'ignore-not-found', type: 'bool', description: 'Treat "resource not found" as a successful delete. Defaults to "true" when --all is specified.' },
    { name: 'cascade', type: 'string', arg: 'string', default: 'background', description: 'Must be "background", "orphan", or "foreground". Defaults to background.' },
    { name: 'grace-period', type: 'int', default: -1, description: 'Period of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion).' },
    { name: 'now', type: 'bool', description: 'If true, resources are signaled for immediate shutdown (same as --grace-period=1).' },
    { name: 'force', type: 'bool', description: 'If true, immediately remove resources from API and bypass graceful deletion.' },
    { name: 'wait', type: 'bool', default: true, description: 'If true, wait for resources to be gone before returning. This waits for finalizers.' },
    TIMEOUT_FLAG,
    { name: 'output', short: 'o', type: 'string', arg: 'string', description: 'Output mode. Use "-o name" for shorter output (resource/name).' },
    { name: 'field-selector', type: 'string', arg: 'string', description: "Selector (field query) to filter on, supports '=', '==', and '!='." },
    { name: 'interactive', short: 'i', type: 'bool', description: 'If true, delete resource only when user confirms.' },
    { name: 'raw', type: 'string', arg: 'string', description: 'Raw URI to DELETE to the server.  Uses the transport specified by the kubeconfig file.' },
  ],
  run: runDelete,
};
