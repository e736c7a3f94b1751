/**
 * kubectl describe: resolves the arguments to objects, fetches each describer's related
 * objects inside one read of the cluster, and prints the texts separated as kubectl does.
 */
import { newBuilderWarnings } from '../api/registry.js';
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import { matches, parseSelector } from '../api/labels.js';
import { isRefusal, unlessRefused } from '../api/impersonation.js';
import { ApiError, CliError, KustomizeBuildError, notFound, readingVerbError } from '../errors.js';
import { describeObject, type ObjectSource } from '../printers/describe/index.js';
import { describeMissingPod } from '../printers/describe/pod.js';
import type { Context, FlagValues, VerbSpec } from './framework.js';
import { filenameFlags, hasManifestInput, resolveDoc, visitDocuments, type Visit } from './manifest-objects.js';
import { bareBuilderError, BuilderErrorList, BuilderErrors, failAggregate, isMappingError, ListErrors } from './aggregate-errors.js';
import { NO_NAME } from './file-targets.js';
import { fetchSelection, namedWithSelectorError, parseResourceArgs, pathsWithArgumentsError } from './resource-args.js';
import type { Session } from './session.js';
import { listThroughIndexes } from './indexed-list.js';
import { fieldMatcher } from '../api/fields.js';

const NO_TYPE = 'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.';

export const verb: VerbSpec = {
  name: 'describe',
  summary: 'Show details of a specific resource or group of resources',
  usage: '(-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME)',
  examples: `  # Describe a node
  kubectl describe nodes kubernetes-node-emt8.c.myproject.internal

  # Describe a pod
  kubectl describe pods/nginx

  # Describe all pods
  kubectl describe pods

  # Describe pods by label name=myLabel
  kubectl describe pods -l name=myLabel

  # Describe all pods managed by the 'frontend' replication controller
  # (rc-created pods get the name of the rc as a prefix in the pod name)
  kubectl describe pods frontend`,
  flags: [
    { name: 'selector', short: 'l', type: 'string', arg: 'selector', description: "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints." },
    { name: 'all-namespaces', short: 'A', type: 'bool', description: 'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.' },
    { name: 'show-events', type: 'bool', default: true, description: 'If true, display events related to the described object.' },
    { name: 'chunk-size', type: 'int', default: 500, arg: 'int', description: 'Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future.' },
    ...filenameFlags('containing the resource to describe'),
  ],
  async run(ctx, args, flags) {
    if (hasManifestInput(flags) && args.length > 0) throw pathsWithArgumentsError(args, flags, ctx.cwd);
    const docs = hasManifestInput(flags) ? await readManifests(ctx, flags) : undefined;
    describeCommand(ctx, args, flags, docs);
  },
};

/** The -f documents in the builder's order, each decoded (no schema validation) or the error in its place. */
function readManifests(ctx: Context, flags: FlagValues): Promise<Visit[]> {
  // A kustomization that does not build is the builder's visit error too: bare, as get prints it.
  return visitDocuments(ctx, flags, 'describe').catch((err: unknown) => Promise.reject(err instanceof KustomizeBuildError ? bareBuilderError(err) : err));
}

/**
 * The objects the -f documents name (those matching -l), looked up on the server; for a pod it
 * cannot find, the Events naming it (with --show-events), which the pod describer shows instead.
 */
function fetchDocuments(
  api: ApiServer, session: Session, docs: Visit[], labelSelector: string | undefined, showEvents: boolean, allNamespaces: boolean,
): { found: Array<{ obj: KubeObject } | { text: string }>; missing: unknown[] } {
  const selector = labelSelector !== undefined ? parseSelector(labelSelector) : [];
  const found: Array<{ obj: KubeObject } | { text: string }> = [];
  // kubectl's builder goes on past a document it cannot read or map; its errors, in document
  // order, are the first of the describe's (one element of its aggregate), the describers' follow.
  const unread = new BuilderErrorList();
  const missing: unknown[] = [];
  for (const visit of docs) {
    if ('error' in visit) {
      unread.add(bareBuilderError(visit.error), visit.seq);
      continue;
    }
    const { doc } = visit;
    if (!matches(selector, doc.object.metadata?.labels)) continue;
    let resolved: ReturnType<typeof resolveDoc>;
    try {
      // kubectl's describers get a core kind through the typed v1 client, whatever version the document gave (none).
      resolved = readingVerbError(() => resolveDoc(api, session, doc, { coreAsV1: true }));
    } catch (e) {
      if (isMappingError(e)) unread.add(e, doc.seq ?? 0);
      else missing.push(e);
      continue;
    }
    const { type, namespace, name } = resolved;
    if (!name) {
      missing.push(new CliError(NO_NAME));
      continue;
    }
    // With -A a document without a namespace of its own is asked for in none: nothing is found.
    const namespaceless = allNamespaces && type.namespaced && !doc.object.metadata?.namespace;
    const obj = namespaceless ? undefined : unlessRefused(() => api.tryGet(type, namespace, name));
    if (isRefusal(obj)) {
      missing.push(obj);
      continue;
    }
    if (obj) {
      found.push({ obj });
      continue;
    }
    const error = notFound(type.plural, type.group, name);
    const named = type.group === '' && type.kind === 'Pod' && showEvents && !namespaceless ? eventsNaming(api, namespace, name) : [];
    if (named.length) found.push({ text: describeMissingPod(name, error.message, named, api.clock.now()) });
    else missing.push(error);
  }
  // describe takes the builder's errors from Infos(), one aggregate deeper: a List's alone stay on one line.
  const builder = unread.aggregate();
  const lone = builder.length === 1 && builder[0] instanceof ListErrors ? [new BuilderErrors(builder)] : builder;
  return { found, missing: [...lone, ...missing] };
}

/** The Events whose involvedObject has this name and namespace (the describer's field selector), if they may be read. */
function eventsNaming(api: ApiServer, namespace: string | undefined, name: string): KubeObject[] {
  const events = api.registry.forKind('v1', 'Event')!;
  return orNone(() => api.list(events, namespace), []).filter((e) => e.involvedObject?.name === name && (e.involvedObject?.namespace ?? '') === (namespace ?? ''));
}

/** kubectl's describers go on without what the requester may not read (under --as): no Events, no related objects. */
function orNone<T>(read: () => T, none: T): T {
  const got = unlessRefused(read);
  return isRefusal(got) ? none : got;
}

function sourceOver(api: ApiServer): ObjectSource {
  return {
    list(apiVersion, kind, namespace) {
      const type = api.typeFor({ apiVersion, kind });
      return type ? orNone(() => api.list(type, type.namespaced ? namespace : undefined), []) : [];
    },
    eventsInvolving: (uid, name, namespace) => orNone(() => api.eventsInvolving(uid, name, namespace), []),
    selected(apiVersion, kind, namespace, { labels, fields = [] }) {
      const type = api.typeFor({ apiVersion, kind });
      if (!type) return undefined;
      const fieldsOk = fieldMatcher(fields, type);
      const kept = orNone(() => listThroughIndexes(api, type, namespace, { labels, fields }, (o) => matches(labels, o.metadata.labels) && fieldsOk(o)), []);
      return kept && [...kept];
    },
  };
}

function describeCommand(ctx: Context, args: string[], flags: FlagValues, docs: Visit[] | undefined): void {
  if (args.length === 0 && !docs) throw new CliError(NO_TYPE);
  if (args.some((a) => a.split('/').length > 2)) throw new CliError('arguments in resource/name form may not have more than one slash');
  const allNamespaces = flags['all-namespaces'] === true;
  const labelSelector: string | undefined = flags.selector;
  const session = ctx.session();
  const showEvents = flags['show-events'] !== false;

  const { texts, errors, prefixTexts } = session.read((api) => {
    const src = sourceOver(api);
    const opts = { now: api.clock.now(), showEvents };
    const describe = (obj: KubeObject) => describeObject(obj, src, opts);
    if (docs) {
      const { found, missing } = fetchDocuments(api, session, docs, labelSelector, showEvents, allNamespaces);
      return { texts: found.map((f) => ('text' in f ? f.text : describe(f.obj))), errors: missing, prefixTexts: undefined };
    }
    const selection = parseResourceArgs(args, api.registry);
    if (selection.named.length > 0 && labelSelector !== undefined) throw namedWithSelectorError(args);
    if (selection.named.length > 0 && allNamespaces) throw new CliError('a resource cannot be retrieved by name across all namespaces');
    const { found, missing } = fetchSelection(api, selection, { namespace: session.namespace, allNamespaces, labelSelector });
    // kubectl retries `describe TYPE NAME` as a name prefix when NAME is not found (not when it may not be read).
    // Only a lone error is a NotFound to kubectl: several are an aggregate, printed as they are.
    if (missing.length === 1 && args.length === 2 && missing[0] instanceof ApiError && missing[0].reason === 'NotFound') {
      if (args[0]!.includes('/')) return { texts: [], errors: missing.slice(0, 1) };
      if (new Set(args[0]!.split(',')).size > 1) throw new CliError('you may only specify a single resource type');
      // One type, named once, mapped again as kubectl's DescribeMatchingResources maps it in a builder of
      // its own (a short name two resources share is warned of again).
      newBuilderWarnings();
      const type = parseResourceArgs([args[0]!], api.registry).types[0]!;
      const matching = api.list(type, type.namespaced ? session.namespace : undefined).filter((o) => o.metadata.name!.startsWith(args[1]!));
      if (matching.length === 0) return { texts: [], errors: missing.slice(0, 1) };
      return { texts: [], errors: [], prefixTexts: matching.map(describe) };
    }
    // A list's errors are its builder's aggregate (EagerVisitorList), printed bare even alone.
    const errors = selection.types.length ? missing.map(bareBuilderError) : missing;
    return { texts: found.map((f) => describe(f.object)), errors, prefixTexts: undefined };
  });

  const out = ctx.io.out;
  if (prefixTexts) {
    for (const t of prefixTexts) out.write(`${t}\n`);
    return;
  }
  texts.forEach((t, i) => out.write(i === 0 ? t : `\n\n${t}`));
  failAggregate(ctx, errors);
  if (texts.length === 0 && errors.length === 0) {
    ctx.io.err.write(allNamespaces ? 'No resources found\n' : `No resources found in ${session.namespace} namespace.\n`);
  }
}
