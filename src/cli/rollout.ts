/**
 * kubectl rollout status|history|undo|restart|pause|resume for Deployments (and, where
 * kubectl supports them, DaemonSets and StatefulSets). Undo and restart are client-side
 * edits of the pod template, as in kubectl v1.32.
 */
import { labelSelectorMatches, matches } from '../api/labels.js';
import { qualifiedName, type ResourceType } from '../api/registry.js';
import type { ApiServer } from '../api/server.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { sortedJson } from '../api/merge/json.js';
import { applyStrategicPatch, strategyForKind, type JsonMap } from '../api/merge/index.js';
import { ApiError, CliError, ExitError, exitIfInterrupted } from '../errors.js';
import { isRefusal, unlessRefused } from '../api/impersonation.js';
import { parseGoDuration } from '../util/duration.js';
import type { Context, FlagSpec, FlagValues, VerbSpec } from './framework.js';
import type { ManifestDoc } from '../api/manifest.js';
import { fileSelector, hasManifestInput, NamespaceMismatch, OUTPUT_FLAG, outputOf, PRINT_FLAGS, printResults, readDocuments, resolveDocs } from './manifest-objects.js';
import type { Selector } from '../api/labels.js';
import { printerError } from './print-flags.js';
import { BuilderErrorList, builderErrors, failAggregate, VisitErrors } from './aggregate-errors.js';
import { typedDecodeFailure } from '../api/kubectl-scheme.js';
import { describePodTemplate as describeTemplate } from '../printers/describe/pod.js';
import { untabbedString } from '../printers/describe/writer.js';
import { dryRunSuffix, parseDryRun, resolveTargets, targetName, type Target } from './workload-targets.js';
import { parseResourceArgs, pathsWithArgumentsError } from './resource-args.js';
import { typedRoundTrip } from './typed-objects.js';
import { hasName, NO_NAME } from './file-targets.js';

const CHANGE_CAUSE = 'kubernetes.io/change-cause';
const REVISION = 'deployment.kubernetes.io/revision';
const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
const ANNOTATIONS_TO_SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration', REVISION, 'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas', 'deployment.kubernetes.io/max-replicas', 'deprecated.deployment.rollback.to',
]);
const POLL_MS = 1000;

const SELECTOR_FLAG: FlagSpec = { name: 'selector', short: 'l', type: 'string', description: 'Selector (label query) to filter on' };
const FILENAME_FLAG: FlagSpec = { name: 'filename', short: 'f', type: 'strings', description: 'Filename, directory, or URL to files identifying the resource' };
const DRY_RUN_FLAG: FlagSpec = { name: 'dry-run', type: 'string', default: 'none', description: 'Must be "none", "server", or "client"' };

/** What -f names: the documents read, and the errors of those that could not be, each with its place. */
interface TargetFiles {
  docs: ManifestDoc[];
  unread: BuilderErrorList;
  /** -l beside -f: the workloads whose live labels match (the builder fetches them first). */
  selector?: Selector;
}

/** -f (with -R): the manifests naming the workloads, read before the cluster is opened; kubectl's builder goes on past a document it cannot decode. */
async function readTargetFiles(ctx: Context, args: string[], flags: FlagValues): Promise<TargetFiles | undefined> {
  if (!((flags.filename as string[] | undefined) ?? []).length && flags.kustomize === undefined) return undefined;
  if (args.length) throw pathsWithArgumentsError(args, flags, ctx.cwd);
  const unread = new BuilderErrorList();
  const selector = flags.selector !== undefined ? await fileSelector(String(flags.selector)) : undefined;
  const docs = await readDocuments(ctx, flags, 'rollout', { continueOnError: unread.add });
  return { docs, unread, selector };
}

/**
 * A workload visited, or an error in its place; `builder`: one of the -f files' (a document the
 * builder could not read, map or find), which kubectl's builder collects in an aggregate of its
 * own, reported after the errors of the objects it visited.
 */
type Visit = { target: Target; nameless?: boolean } | { error: unknown; builder?: boolean };

/**
 * The workloads named, in the order kubectl's builder visits them, each found one's target or the
 * error in its place (a document it cannot map, an object it cannot find).
 */
function visitTargets(ctx: Context, api: ApiServer, args: string[], flags: FlagValues, files?: TargetFiles): Visit[] {
  if (files) {
    const session = ctx.session();
    // The workloads in document order; what could not be read, mapped or found is the builder's, in its own order.
    const visits: Visit[] = [];
    for (const doc of files.docs) {
      const seq = doc.seq ?? 0;
      // rollout's builder decodes into kubectl's typed scheme: a kind it does not know is a document it cannot read.
      const undecodable = typedDecodeFailure(api.registry, doc);
      if (undecodable) {
        files.unread.add(undecodable, seq);
        continue;
      }
      for (const r of resolveDocs(ctx, api, session, [doc], undefined, (e) => files.unread.add(e, seq), undefined, { latest: true })) {
        // The builder fetches nothing for a document without a name: the rollout helpers get the document.
        if (!hasName(r.object)) {
          if (!files.selector || matches(files.selector, r.object.metadata.labels)) {
            // A name that is no string reads as none (unstructured's GetName).
            const obj = { ...r.object, metadata: { ...r.object.metadata, name: '' } };
            visits.push({ target: { type: r.type, obj }, nameless: true });
          }
          continue;
        }
        const obj = unlessRefused(() => api.tryGet(r.type, r.namespace, r.name));
        if (isRefusal(obj)) files.unread.add(obj, seq);
        else if (obj) {
          if (!files.selector || matches(files.selector, obj.metadata.labels)) visits.push({ target: { type: r.type, obj } });
        } else files.unread.add(new ApiError('NotFound', 404, `${qualifiedName(r.type)} "${r.name}" not found`), seq);
      }
    }
    return [...visits, ...files.unread.errors.map((error) => ({ error, builder: true }))];
  }
  const { found, missing } = resolveTargets(api, {
    args,
    namespace: ctx.session().namespace,
    selector: flags.selector,
    // rollout's builder allows a bare type: `rollout restart deployment` means every deployment.
    allowBareType: true,
    noArgsMessage: 'required resource not specified',
  });
  // Named objects in argument order, each found or not; what a bare type lists follows.
  const { named } = parseResourceArgs(args, api.registry);
  const left = [...found];
  const errors = [...missing];
  const visits: Visit[] = [];
  for (const { type, name } of named) {
    const at = left.findIndex((t) => t.type === type && t.obj.metadata.name === name);
    if (at >= 0) visits.push({ target: left.splice(at, 1)[0]! });
    else if (errors.length) visits.push({ error: errors.shift() });
  }
  return [...visits, ...left.map((target) => ({ target })), ...errors.map((error) => ({ error }))];
}

// ---- status ----

/** The polymorphic status viewers: [message, done]; throws for a failed rollout. */
export function rolloutStatus(t: Target, revision = 0): [string, boolean] {
  const o = t.obj;
  const name = o.metadata.name;
  const s = o.status ?? {};
  const generation = o.metadata.generation ?? 0;
  switch (t.type.kind) {
    case 'Deployment': {
      if (revision > 0) {
        const current = Number(o.metadata.annotations?.[REVISION] ?? 0);
        if (current !== revision) throw new CliError(`desired revision (${revision}) is different from the running revision (${current})`);
      }
      if (generation > (s.observedGeneration ?? 0)) return ['Waiting for deployment spec update to be observed...\n', false];
      const progressing = (s.conditions ?? []).find((c: any) => c.type === 'Progressing');
      if (progressing?.reason === 'ProgressDeadlineExceeded') throw new CliError(`deployment "${name}" exceeded its progress deadline`);
      const replicas = o.spec?.replicas ?? 1;
      const updated = s.updatedReplicas ?? 0;
      if (updated < replicas) return [`Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...\n`, false];
      if ((s.replicas ?? 0) > updated) return [`Waiting for deployment "${name}" rollout to finish: ${(s.replicas ?? 0) - updated} old replicas are pending termination...\n`, false];
      if ((s.availableReplicas ?? 0) < updated) return [`Waiting for deployment "${name}" rollout to finish: ${s.availableReplicas ?? 0} of ${updated} updated replicas are available...\n`, false];
      return [`deployment "${name}" successfully rolled out\n`, true];
    }
    case 'DaemonSet': {
      if (o.spec?.updateStrategy?.type !== 'RollingUpdate') throw new CliError('rollout status is only available for RollingUpdate strategy type');
      if (generation > (s.observedGeneration ?? 0)) return ['Waiting for daemon set spec update to be observed...\n', false];
      const desired = s.desiredNumberScheduled ?? 0;
      if ((s.updatedNumberScheduled ?? 0) < desired) return [`Waiting for daemon set "${name}" rollout to finish: ${s.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...\n`, false];
      if ((s.numberAvailable ?? 0) < desired) return [`Waiting for daemon set "${name}" rollout to finish: ${s.numberAvailable ?? 0} of ${desired} updated pods are available...\n`, false];
      return [`daemon set "${name}" successfully rolled out\n`, true];
    }
    case 'StatefulSet': {
      const strategy = o.spec?.updateStrategy;
      if (strategy?.type !== 'RollingUpdate') throw new CliError('rollout status is only available for RollingUpdate strategy type');
      if (!s.observedGeneration || generation > s.observedGeneration) return ['Waiting for statefulset spec update to be observed...\n', false];
      const replicas = o.spec?.replicas ?? 1;
      if ((s.readyReplicas ?? 0) < replicas) return [`Waiting for ${replicas - (s.readyReplicas ?? 0)} pods to be ready...\n`, false];
      const partition = strategy?.rollingUpdate?.partition;
      if (strategy?.rollingUpdate) {
        if (partition !== undefined && (s.updatedReplicas ?? 0) < replicas - partition) {
          return [`Waiting for partitioned roll out to finish: ${s.updatedReplicas ?? 0} out of ${replicas - partition} new pods have been updated...\n`, false];
        }
        return [`partitioned roll out complete: ${s.updatedReplicas ?? 0} new pods have been updated...\n`, true];
      }
      if (s.updateRevision !== s.currentRevision) {
        return [`waiting for statefulset rolling update to complete ${s.updatedReplicas ?? 0} pods at revision ${s.updateRevision}...\n`, false];
      }
      return [`statefulset rolling update complete ${s.currentReplicas ?? 0} pods at revision ${s.currentRevision}...\n`, true];
    }
    default:
      throw noStatusViewer(t.type);
  }
}

/** Go's GroupKind as a string: `Kind.group`, the core group's kind alone. */
function groupKind(type: ResourceType): string {
  return type.group ? `${type.kind}.${type.group}` : type.kind;
}

/** kubectl looks for the kind's status viewer before it watches the object. */
function noStatusViewer(type: ResourceType): CliError | undefined {
  if (['Deployment', 'DaemonSet', 'StatefulSet'].includes(type.kind)) return undefined;
  return new CliError(`no status viewer has been implemented for ${groupKind(type)}`);
}

async function runStatus(ctx: Context, args: string[], flags: FlagValues): Promise<void> {
  // Installs the signal handlers (ctx.signal) before the first output, so Ctrl-C right after it is caught.
  if (flags.watch !== false) void ctx.signal;
  const timeoutMs = parseGoDuration(flags.timeout ?? '0s');
  if (timeoutMs === undefined) throw new CliError(`invalid argument "${flags.timeout}" for "--timeout" flag: time: invalid duration "${flags.timeout}"`);
  // kubectl's Validate, before the builder reads a file or maps a type.
  if (args.length === 0 && !hasManifestInput(flags)) throw new CliError('required resource not specified');
  if ((flags.revision ?? 0) < 0) throw new CliError(`revision must be a positive integer: ${flags.revision}`);
  const files = await readTargetFiles(ctx, args, flags);
  const session = ctx.session();
  // kubectl watches each object in turn, goes on past one it cannot find or follow, and reports
  // what failed at the end, in the order it visited them.
  const visits = session.read((api) => visitTargets(ctx, api, args, flags, files));
  if (visits.length === 0) {
    ctx.io.err.write(`No resources found in ${session.namespace} namespace.\n`);
    return;
  }
  const errors = new VisitErrors();
  for (const v of visits) {
    if ('error' in v) {
      errors.add(v.error, v.builder);
      continue;
    }
    try {
      if (v.nameless) {
        const unsupported = noStatusViewer(v.target.type);
        if (unsupported) throw unsupported;
        await waitForNameless(ctx, timeoutMs);
      }
      await watchStatus(ctx, v.target, flags.revision ?? 0, flags.watch !== false, timeoutMs);
    } catch (err) {
      if (err instanceof ExitError) throw err;
      errors.add(err);
    }
  }
  errors.report(ctx);
}

/**
 * kubectl watches for the object by its name (a field selector): with no name, no object ever
 * comes, with --watch=false too, and it waits until the timeout, or for ever without one.
 */
async function waitForNameless(ctx: Context, timeoutMs: number): Promise<never> {
  for (let waited = 0; timeoutMs === 0 || waited < timeoutMs; ) {
    const step = timeoutMs > 0 ? Math.min(POLL_MS, timeoutMs - waited) : POLL_MS;
    await ctx.sleep(step);
    exitIfInterrupted(ctx.signal);
    waited += step;
  }
  throw new CliError('timed out waiting for the condition');
}

/** Prints one object's rollout status as it changes, until the rollout is done (or once, without --watch). */
async function watchStatus(ctx: Context, { type, obj }: Target, revision: number, watch: boolean, timeoutMs: number): Promise<void> {
  const session = ctx.session();
  let waited = 0;
  let last = '';
  for (;;) {
    const live = session.read((api) => api.tryGet(type, obj.metadata.namespace, obj.metadata.name!));
    if (!live) throw new CliError(`${qualifiedName(type)} "${obj.metadata.name}" not found`);
    const [message, done] = rolloutStatus({ type, obj: live }, revision);
    if (message !== last) ctx.io.out.write(message);
    last = message;
    if (done || !watch) return;
    if (timeoutMs > 0 && waited >= timeoutMs) throw new CliError('timed out waiting for the condition');
    const step = timeoutMs > 0 ? Math.min(POLL_MS, timeoutMs - waited) : POLL_MS;
    await ctx.sleep(step);
    exitIfInterrupted(ctx.signal);
    waited += step;
  }
}

// ---- history ----

/** Revisions of a workload: revision number → [template, annotations]. */
function revisionsOf(api: ApiServer, t: Target): Map<number, { template: any; annotations: Record<string, string> }> {
  const out = new Map<number, { template: any; annotations: Record<string, string> }>();
  for (const [v, { object }] of revisionObjects(api, t)) {
    if (object.kind === 'ReplicaSet') {
      out.set(v, { template: object.spec?.template, annotations: object.metadata.annotations ?? {} });
      continue;
    }
    const { $patch: _p, ...template } = object.data?.spec?.template ?? {};
    out.set(v, { template, annotations: object.metadata.annotations ?? {} });
  }
  return out;
}

function ownedBy(obj: KubeObject, owner: KubeObject): boolean {
  return (obj.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === owner.metadata.uid);
}

/**
 * The kinds kubectl's GroupKindElement has a visitor method for, by group: the helpers' visitor
 * accepts them (and has a helper only for apps' Deployment, DaemonSet and StatefulSet).
 */
const VISITED_KINDS: Record<string, string[]> = {
  '': ['Pod', 'ReplicationController'],
  apps: ['DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'],
  extensions: ['DaemonSet', 'Deployment', 'ReplicaSet'],
  batch: ['Job', 'CronJob'],
};

/**
 * kubectl's polymorphic helpers (history viewer, rollbacker) for a type they have none for: a kind
 * their visitor accepts has no `what` implemented; any other is refused by the visitor first, which
 * Go prints as a struct (`{ Service}`, `{networking.k8s.io Ingress}`). Both name the GroupKind (`Kind.group`).
 */
function rolloutKindSupported(t: Target, what: 'history viewer' | 'rollbacker', retrieving: 'history' | 'rollbacker'): void {
  const { kind, group } = t.type;
  if (['Deployment', 'DaemonSet', 'StatefulSet'].includes(kind) && group === 'apps') return;
  if (VISITED_KINDS[group]?.includes(kind)) throw new CliError(`no ${what} has been implemented for "${groupKind(t.type)}"`);
  throw new CliError(`error retrieving ${retrieving} for "${groupKind(t.type)}", no visitor method exists for {${group} ${kind}}`);
}

/**
 * The history viewer's and rollbacker's failure to get a workload a -f document names without a
 * name (client-go refuses the request); each helper spells its kind its own way.
 */
function unnamedRetrieval(type: ResourceType, helper: 'history' | 'rollbacker'): CliError {
  const spelled = type.kind === 'StatefulSet' ? 'Statefulset' : type.kind === 'Deployment' && helper === 'history' ? 'deployment' : type.kind;
  return new CliError(`failed to retrieve ${spelled} : ${NO_NAME}`);
}

function historyKindSupported(t: Target): void {
  rolloutKindSupported(t, 'history viewer', 'history');
}

export function historyText(revisions: Map<number, { template: any; annotations: Record<string, string> }>, revision: number): string {
  if (revision > 0) {
    const r = revisions.get(revision);
    if (!r) throw new CliError('unable to find the specified revision');
    // kubectl shows the revision's change-cause among the template's annotations.
    const template = deepClone(r.template ?? {});
    const cause = r.annotations[CHANGE_CAUSE];
    if (cause) template.metadata = { ...(template.metadata ?? {}), annotations: { ...(template.metadata?.annotations ?? {}), [CHANGE_CAUSE]: cause } };
    return describePodTemplate(template);
  }
  if (revisions.size === 0) return 'No rollout history found.';
  const rows = [...revisions.keys()].sort((a, b) => a - b).map((v) => [String(v), revisions.get(v)!.annotations[CHANGE_CAUSE] || '<none>']);
  const width = Math.max('REVISION'.length, ...rows.map((r) => r[0]!.length)) + 2;
  return ['REVISION'.padEnd(width) + 'CHANGE-CAUSE', ...rows.map(([v, c]) => v!.padEnd(width) + c)].join('\n') + '\n';
}

async function runHistory(ctx: Context, args: string[], flags: FlagValues): Promise<void> {
  const revision: number = flags.revision ?? 0;
  if (revision < 0) throw new CliError(`revision must be a positive integer: ${revision}`);
  const output = outputOf(flags);
  const files = await readTargetFiles(ctx, args, flags);
  const printed: Array<{ object: KubeObject; type: ResourceType }> = [];
  const printerFailure = output ? await printerError(ctx.cwd, flags) : undefined;
  // What failed is reported after the histories printed, in the order kubectl visited the objects.
  const errors = new VisitErrors();
  ctx.session().read((api) => {
    for (const v of visitTargets(ctx, api, args, flags, files)) {
      if ('error' in v) {
        errors.add(v.error, v.builder);
        continue;
      }
      const t = v.target;
      try {
        historyKindSupported(t);
        if (v.nameless) throw unnamedRetrieval(t.type, 'history');
        if (output) {
          // kubectl builds a printer for each workload and stops at the first that fails.
          if (printerFailure) throw printerFailure;
          // kubectl prints a Deployment's ReplicaSets, or the DaemonSet or StatefulSet as each
          // ControllerRevision makes it, oldest first.
          const objects = historyObjects(api, t);
          if (revision > 0) {
            const one = objects.get(revision);
            if (!one) throw new CliError('unable to find the specified revision');
            printed.push(one);
          } else {
            for (const v of [...objects.keys()].sort((a, b) => a - b)) printed.push(objects.get(v)!);
          }
          continue;
        }
        const text = historyText(revisionsOf(api, t), revision);
        const operation = revision > 0 ? `with revision #${revision}` : '';
        ctx.io.out.write(`${targetName(t)} ${operation}\n${text}\n`);
      } catch (err) {
        if (err === printerFailure) throw err;
        errors.add(err);
      }
    }
  });
  if (output) await printTyped(ctx, output, printed, 'documents', flags);
  errors.report(ctx);
}

/**
 * rollout's builder decodes objects into kubectl's Go types: printed, they have the struct fields
 * without omitempty (`serviceName: ""`, a container's `resources: {}`), and -o json lists the
 * fields in struct order.
 */
async function printTyped(ctx: Context, output: string, printed: Array<{ object: KubeObject; type: ResourceType }>, multiple: 'documents' | 'separate', flags: FlagValues): Promise<void> {
  const typed = printed.map(({ object, type }) => ({ object: typedRoundTrip(object), type }));
  await printResults(ctx, output, typed, multiple, flags, { typed: true });
}

/**
 * GetHistory of kubectl's history viewers: a Deployment's revisions are its ReplicaSets; a
 * DaemonSet's or StatefulSet's are the workload itself with each ControllerRevision's data applied
 * to it as a strategic merge patch (the revision's template replaces the live one).
 */
function historyObjects(api: ApiServer, t: Target): Map<number, { object: KubeObject; type: ResourceType }> {
  const objects = revisionObjects(api, t);
  if (t.type.kind === 'Deployment') return objects;
  const strategy = strategyForKind(t.type.kind);
  const out = new Map<number, { object: KubeObject; type: ResourceType }>();
  for (const [v, { object }] of objects) {
    const patch = (object.data ?? {}) as JsonMap;
    out.set(v, { object: applyStrategicPatch(deepClone(t.obj) as unknown as JsonMap, patch, strategy) as unknown as KubeObject, type: t.type });
  }
  return out;
}

/** The objects that hold a workload's revisions: its ReplicaSets, or its ControllerRevisions. */
function revisionObjects(api: ApiServer, t: Target): Map<number, { object: KubeObject; type: ResourceType }> {
  const out = new Map<number, { object: KubeObject; type: ResourceType }>();
  const ns = t.obj.metadata.namespace;
  if (t.type.kind === 'Deployment') {
    const type = api.registry.forKind('apps/v1', 'ReplicaSet')!;
    for (const rs of api.list(type, ns)) {
      if (!ownedBy(rs, t.obj) || !labelSelectorMatches(t.obj.spec?.selector, rs.metadata.labels)) continue;
      const v = Number(rs.metadata.annotations?.[REVISION]);
      if (Number.isInteger(v)) out.set(v, { object: rs, type });
    }
    return out;
  }
  const type = api.registry.forKind('apps/v1', 'ControllerRevision')!;
  for (const cr of api.list(type, ns)) if (ownedBy(cr, t.obj)) out.set(cr.revision ?? 0, { object: cr, type });
  return out;
}

/** describe.DescribePodTemplate, as `rollout history --revision` prints it: over a plain buffer, not aligned. */
export function describePodTemplate(template: any): string {
  return untabbedString((w) => describeTemplate(template, w));
}

// ---- undo, restart, pause, resume ----

async function runUndo(ctx: Context, args: string[], flags: FlagValues): Promise<void> {
  const dryRun = parseDryRun(flags['dry-run']);
  const toRevision: number = flags['to-revision'] ?? 0;
  const output = outputOf(flags);
  const files = await readTargetFiles(ctx, args, flags);
  const printed: Array<{ object: KubeObject; type: ResourceType }> = [];
  // kubectl builds the printer once a workload is rolled back, and reports every failure at the end.
  const printerFailure = output ? await printerError(ctx.cwd, flags) : undefined;
  const errors = new VisitErrors();
  ctx.session().write((api) => {
    for (const v of visitTargets(ctx, api, args, flags, files)) {
      if ('error' in v) {
        errors.add(v.error, v.builder);
        continue;
      }
      const t = v.target;
      try {
        if (v.nameless) {
          rolloutKindSupported(t, 'rollbacker', 'rollbacker');
          throw unnamedRetrieval(t.type, 'rollbacker');
        }
        const result = rollback(api, t, toRevision, dryRun);
        if (printerFailure) throw printerFailure;
        // With -o kubectl prints the object as it was read, before the rollback.
        if (output) printed.push({ object: t.obj, type: t.type });
        // A client dry run's message is the revision's template (which ends in a newline): `deployment.apps/web Pod Template:\n... (dry run)`.
        else ctx.io.out.write(`${targetName(t)} ${result.message}${dryRunSuffix(dryRun)}\n`);
      } catch (err) {
        errors.add(err);
      }
    }
  });
  // A printer of its own for each workload: YAML documents without `---` between them.
  if (output) await printTyped(ctx, output, printed, 'separate', flags);
  errors.report(ctx);
}

/** The client-side rollbackers of kubectl v1.32. */
export function rollback(api: ApiServer, t: Target, toRevision: number, dryRun: 'none' | 'client' | 'server'): { message: string } {
  if (toRevision < 0) throw new CliError(`unable to find specified revision ${toRevision} in history`);
  rolloutKindSupported(t, 'rollbacker', 'rollbacker');
  const obj = t.obj;
  const revisions = revisionsOf(api, t);
  let chosen: { template: any; annotations: Record<string, string> } | undefined;
  if (toRevision > 0) {
    chosen = revisions.get(toRevision);
    if (!chosen) throw new CliError(`unable to find specified revision ${toRevision} in history`);
  } else {
    const sorted = [...revisions.keys()].sort((a, b) => b - a);
    if (sorted.length < 2) {
      throw new CliError(t.type.kind === 'Deployment' ? `no rollout history found for deployment "${obj.metadata.name}"` : 'no last revision to roll back to');
    }
    toRevision = sorted[1]!;
    chosen = revisions.get(toRevision)!;
  }
  // The DaemonSet and StatefulSet rollbackers say what they would do; the Deployment one prints the template alone.
  if (dryRun === 'client') return { message: `${t.type.kind === 'Deployment' ? '' : 'will roll back to '}${describePodTemplate(chosen.template)}` };
  // kubectl looks for the revision (and prints it for a client dry run) before it checks for a pause.
  if (t.type.kind === 'Deployment' && obj.spec?.paused) {
    throw new CliError("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
  }
  const template = deepClone(chosen.template);
  if (template.metadata?.labels) delete template.metadata.labels['pod-template-hash'];
  if (equalIgnoringHash(template, obj.spec?.template)) {
    return { message: `skipped rollback (current template already matches revision ${toRevision})` };
  }
  const updated = deepClone(obj);
  updated.spec.template = template;
  if (t.type.kind === 'Deployment') {
    const annotations: Record<string, string> = {};
    for (const k of ANNOTATIONS_TO_SKIP) if (obj.metadata.annotations?.[k] !== undefined) annotations[k] = obj.metadata.annotations[k]!;
    for (const [k, v] of Object.entries(chosen.annotations)) if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
    updated.metadata.annotations = annotations;
  }
  api.update(updated, { dryRun: dryRun === 'server', fieldManager: 'kubectl' });
  return { message: 'rolled back' };
}

function equalIgnoringHash(a: any, b: any): boolean {
  const strip = (t: any) => {
    const c = deepClone(t ?? {});
    if (c.metadata?.labels) delete c.metadata.labels['pod-template-hash'];
    if (c.metadata?.labels && Object.keys(c.metadata.labels).length === 0) delete c.metadata.labels;
    if (c.metadata && c.metadata.creationTimestamp === null) delete c.metadata.creationTimestamp;
    return sortedJson(c);
  };
  return strip(a) === strip(b);
}

type Mutation = (t: Target, api: ApiServer) => KubeObject | 'unchanged';

/** restart, pause and resume: kubectl v1.32 gives them no --dry-run. */
async function runMutation(ctx: Context, args: string[], flags: FlagValues, operation: string, mutate: Mutation): Promise<void> {
  const output = outputOf(flags);
  const files = await readTargetFiles(ctx, args, flags);
  const printed: Array<{ object: KubeObject; type: ResourceType }> = [];
  // kubectl builds the printer once a workload is patched, and reports every failure at the end.
  const printerFailure = output ? await printerError(ctx.cwd, flags) : undefined;
  // kubectl collects the objects first (what it cannot find is the first of its errors), then patches each.
  const errors: unknown[] = [];
  const unread: unknown[] = [];
  const session = ctx.session();
  const visited = session.write((api) => {
    const visits = visitTargets(ctx, api, args, flags, files);
    for (const v of visits) {
      if ('error' in v) {
        unread.push(v.error);
        continue;
      }
      const t = v.target;
      try {
        const updated = mutate(t, api);
        // The helpers work on the document; client-go refuses to patch what has no name.
        if (v.nameless && updated !== 'unchanged') throw new CliError(`failed to patch: ${NO_NAME}`);
        let result = updated === 'unchanged' ? t.obj : updated;
        if (updated !== 'unchanged') result = api.update(updated, { fieldManager: (flags['field-manager'] as string | undefined) || 'kubectl-rollout' });
        if (printerFailure) throw printerFailure;
        if (output) printed.push({ object: result, type: t.type });
        else ctx.io.out.write(`${targetName(t)} ${operation}\n`);
      } catch (err) {
        errors.push(err);
      }
    }
    return visits.length;
  });
  if (visited === 0) {
    ctx.io.err.write(`No resources found in ${session.namespace} namespace.\n`);
    return;
  }
  // A printer of its own for each workload: YAML documents without `---` between them.
  if (output) await printTyped(ctx, output, printed, 'separate', flags);
  // The namespace check ends the builder's visit with a plain error, not its files' aggregate.
  const plain = unread.length === 1 && unread[0] instanceof NamespaceMismatch;
  failAggregate(ctx, [...builderErrors(unread, files !== undefined && !plain), ...errors]);
}

function resourceText(type: ResourceType): string {
  return qualifiedName(type);
}

function pauser(pause: boolean): Mutation {
  return ({ type, obj }) => {
    if (type.kind !== 'Deployment') throw new CliError(`error: ${resourceText(type)} "${obj.metadata.name}" ${pause ? 'pausing' : 'resuming'} is not supported`);
    if (Boolean(obj.spec?.paused) === pause) {
      throw new CliError(`error: ${resourceText(type)} "${obj.metadata.name}" ${pause ? 'is already paused' : 'is not paused'}`);
    }
    const copy = deepClone(obj);
    if (pause) copy.spec.paused = true;
    else delete copy.spec.paused;
    return copy;
  };
}

const restarter: Mutation = ({ type, obj }, api) => {
  if (!['Deployment', 'DaemonSet', 'StatefulSet'].includes(type.kind)) {
    throw new CliError(`error: ${resourceText(type)} "${obj.metadata.name}" restarting is not supported`);
  }
  if (type.kind === 'Deployment' && obj.spec?.paused) {
    throw new CliError(`error: ${resourceText(type)} "${obj.metadata.name}" can't restart paused deployment (run rollout resume first)`);
  }
  const copy = deepClone(obj);
  copy.spec.template ??= {};
  copy.spec.template.metadata ??= {};
  copy.spec.template.metadata.annotations = { ...(copy.spec.template.metadata.annotations ?? {}), [RESTARTED_AT]: api.now() };
  return copy;
};

const RECURSIVE_FLAG: FlagSpec = { name: 'recursive', short: 'R', type: 'bool', description: 'Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.' };
const KUSTOMIZE_FLAG: FlagSpec = { name: 'kustomize', short: 'k', type: 'string', arg: 'string', description: "Process the kustomization directory. This flag can't be used together with -f or -R." };
const FIELD_MANAGER_FLAG: FlagSpec = { name: 'field-manager', type: 'string', arg: 'string', default: 'kubectl-rollout', description: 'Name of the manager used to track field ownership.' };
const COMMON_FLAGS: FlagSpec[] = [FILENAME_FLAG, RECURSIVE_FLAG, KUSTOMIZE_FLAG, SELECTOR_FLAG];

export const verb: VerbSpec = {
  name: 'rollout',
  summary: 'Manage the rollout of a resource',
  usage: 'SUBCOMMAND',
  bareGroup: 'stdout',
  subcommands: [
    {
      name: 'status',
      summary: 'Show the status of the rollout',
      usage: '(TYPE NAME | TYPE/NAME) [flags]',
      flags: [
        ...COMMON_FLAGS,
        { name: 'watch', short: 'w', type: 'bool', default: true, description: 'Watch the status of the rollout until it\'s done.' },
        { name: 'timeout', type: 'string', arg: 'duration', default: '0s', description: 'The length of time to wait before ending watch, zero means never.' },
        { name: 'revision', type: 'int', description: 'Pin to a specific revision for showing its status. Defaults to 0 (last revision).' },
      ],
      run: runStatus,
    },
    {
      name: 'history',
      summary: 'View rollout history',
      usage: '(TYPE NAME | TYPE/NAME) [flags]',
      flags: [...COMMON_FLAGS, OUTPUT_FLAG, ...PRINT_FLAGS, { name: 'revision', type: 'int', description: 'See the details, including podTemplate of the revision specified' }],
      run: runHistory,
    },
    {
      name: 'undo',
      summary: 'Undo a previous rollout',
      usage: '(TYPE NAME | TYPE/NAME) [flags]',
      flags: [...COMMON_FLAGS, DRY_RUN_FLAG, OUTPUT_FLAG, ...PRINT_FLAGS, { name: 'to-revision', type: 'int', default: 0, description: 'The revision to rollback to. Default to 0 (last revision).' }],
      run: runUndo,
    },
    {
      name: 'restart',
      summary: 'Restart a resource',
      usage: 'RESOURCE [flags]',
      flags: [...COMMON_FLAGS, OUTPUT_FLAG, ...PRINT_FLAGS, FIELD_MANAGER_FLAG],
      run: (ctx, args, flags) => runMutation(ctx, args, flags, 'restarted', restarter),
    },
    {
      name: 'pause',
      summary: 'Mark the provided resource as paused',
      usage: 'RESOURCE [flags]',
      flags: [...COMMON_FLAGS, OUTPUT_FLAG, ...PRINT_FLAGS, FIELD_MANAGER_FLAG],
      run: (ctx, args, flags) => runMutation(ctx, args, flags, 'paused', pauser(true)),
    },
    {
      name: 'resume',
      summary: 'Resume a paused resource',
      usage: 'RESOURCE [flags]',
      flags: [...COMMON_FLAGS, OUTPUT_FLAG, ...PRINT_FLAGS, FIELD_MANAGER_FLAG],
      run: (ctx, args, flags) => runMutation(ctx, args, flags, 'resumed', pauser(false)),
    },
  ],
};

