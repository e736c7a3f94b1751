/**
 * `kubectl drain NODE`: cordon, then evict every pod on the node except mirror pods and
 * (with --ignore-daemonsets) DaemonSet pods, refusing unmanaged pods without --force and
 * emptyDir pods without --delete-emptydir-data, with kubectl's messages. Evictions go through the
 * eviction API (src/api/eviction.ts), so a PodDisruptionBudget that allows no disruption now holds
 * a pod back: kubectl's "will retry after 5s", until the budget allows it or --timeout runs out.
 * Each evicted pod is waited for until it is gone, as kubectl waits, before it is printed `evicted`.
 */
import type { ApiServer } from '../api/server.js';
import { matches, parseSelector } from '../api/labels.js';
import type { KubeObject } from '../api/types.js';
import { ApiError, CliError, exitIfInterrupted, RawError } from '../errors.js';
import { evictPod } from '../api/eviction.js';
import { goDurationString, parseGoDuration } from '../util/duration.js';
import { cordonNodes, NODE_SELECTION_FLAGS, selectNodes } from './cordon.js';
import { stillThere } from './deletion-flags.js';
import { dryRunOf, dryRunSuffix, type DryRun } from './manifest-objects.js';
import type { Context, FlagValues, VerbSpec } from './framework.js';

const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

interface DrainOptions {
  force: boolean;
  ignoreDaemonSets: boolean;
  deleteEmptyDirData: boolean;
  gracePeriod: number;
  disableEviction: boolean;
  podSelector?: string;
  dryRun: DryRun;
  /** --skip-wait-for-delete-timeout: a pod deleting since longer than this many seconds is neither drained nor waited for (0: off). */
  skipWaitForDeleteTimeout: number;
}

/** kubectl's shouldSkipPod: whole seconds since the pod's deletionTimestamp past --skip-wait-for-delete-timeout. */
function skipsDeleted(pod: KubeObject, seconds: number, nowMs: number): boolean {
  const at = pod.metadata.deletionTimestamp;
  return seconds > 0 && at !== undefined && Math.trunc((nowMs - Date.parse(at)) / 1000) > seconds;
}

type Verdict = { delete: true; warning?: string } | { delete: false; error?: string; warning?: string };

/**
 * kubectl's drain filters, in order (deleting for long, DaemonSet, mirror, local storage, unreplicated); the
 * first that keeps a pod decides, and only the last status computed counts, so an earlier
 * warning can be dropped as in kubectl. The no-controller message already starts with
 * "cannot delete", and kubectl prefixes every fatal message with it again.
 */
export function podVerdict(pod: KubeObject, o: DrainOptions, daemonSetExists: (ns: string, name: string) => boolean, nowMs: number): Verdict {
  const finished = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
  const controller = pod.metadata.ownerReferences?.find((r) => r.controller);
  const filters: Array<() => Verdict> = [
    () => (skipsDeleted(pod, o.skipWaitForDeleteTimeout, nowMs) ? { delete: false } : { delete: true }),
    () => {
      if (controller?.kind !== 'DaemonSet' || finished) return { delete: true };
      if (!daemonSetExists(pod.metadata.namespace!, controller.name)) {
        const message = `daemonsets.apps "${controller.name}" not found`;
        return o.force ? { delete: true, warning: message } : { delete: false, error: message };
      }
      if (!o.ignoreDaemonSets) return { delete: false, error: 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)' };
      return { delete: false, warning: 'ignoring DaemonSet-managed Pods' };
    },
    () => (pod.metadata.annotations?.[MIRROR_ANNOTATION] !== undefined ? { delete: false } : { delete: true }),
    () => {
      if (!(pod.spec?.volumes ?? []).some((v: any) => v.emptyDir) || finished) return { delete: true };
      if (!o.deleteEmptyDirData) return { delete: false, error: 'Pods with local storage (use --delete-emptydir-data to override)' };
      return { delete: true, warning: 'deleting Pods with local storage' };
    },
    () => {
      if (finished || controller) return { delete: true };
      if (o.force) return { delete: true, warning: 'deleting Pods that declare no controller' };
      return { delete: false, error: 'cannot delete Pods that declare no controller (use --force to override)' };
    },
  ];
  let verdict: Verdict = { delete: true };
  for (const filter of filters) {
    verdict = filter();
    if (!verdict.delete) break;
  }
  return verdict;
}

/** Joins per-message pod lists the way kubectl's PodDeleteList does. */
function grouped(items: Array<[string, KubeObject]>): Array<[string, string]> {
  const byMessage = new Map<string, string[]>();
  for (const [msg, pod] of items) {
    const list = byMessage.get(msg) ?? [];
    list.push(`${pod.metadata.namespace}/${pod.metadata.name}`);
    byMessage.set(msg, list);
  }
  return [...byMessage].map(([msg, pods]) => [msg, pods.join(', ')]);
}

/** utilerrors.NewAggregate(...).Error(): one message as is, several in brackets. */
function aggregate(messages: string[]): string {
  return messages.length === 1 ? messages[0]! : `[${messages.join(', ')}]`;
}

/** What draining a node means for its pods: the ones to evict, or why it cannot start (kubectl's filters). */
function planNode(ctx: Context | undefined, api: ApiServer, nodeName: string, o: DrainOptions): { pods: KubeObject[] } | { errors: string[] } {
  const podType = api.registry.forKind('v1', 'Pod')!;
  const dsType = api.registry.forKind('apps/v1', 'DaemonSet')!;
  const selector = o.podSelector ? parseSelector(o.podSelector) : undefined;
  const pods = api.list(podType).filter((p) => p.spec?.nodeName === nodeName && (!selector || matches(selector, p.metadata.labels)));
  const errors: Array<[string, KubeObject]> = [];
  const warnings: Array<[string, KubeObject]> = [];
  const toDelete: KubeObject[] = [];
  for (const pod of pods) {
    const v = podVerdict(pod, o, (ns, name) => api.tryGet(dsType, ns, name) !== undefined, api.clock.now().getTime());
    if (v.delete) toDelete.push(pod);
    else if (v.error) errors.push([v.error, pod]);
    if (v.warning) warnings.push([v.warning, pod]);
  }
  if (errors.length) return { errors: grouped(errors).map(([msg, list]) => `cannot delete ${msg}: ${list}`) };
  if (warnings.length) ctx?.io.err.write(`Warning: ${grouped(warnings).map(([msg, list]) => `${msg}: ${list}`).join('; ')}\n`);
  return { pods: toDelete };
}

/** kubectl's wait between two evictions a PodDisruptionBudget refused. */
const EVICTION_RETRY_MS = 5000;

type PodRef = { namespace: string; name: string; uid?: string };

/**
 * One write evicting (or deleting) `pods`: those it took go to `terminating`, those their budget
 * holds back (429) are returned, other refusals are added to `errors`.
 */
function evictAll(session: ReturnType<Context['session']>, pods: PodRef[], o: DrainOptions, deleteOptions: { gracePeriodSeconds?: number }, verb: string, errors: string[], terminating: PodRef[]): Array<PodRef & { message: string }> {
  const refused: Array<PodRef & { message: string }> = [];
  session.write((api) => {
    const podType = api.registry.forKind('v1', 'Pod')!;
    for (const pod of pods) {
      try {
        if (o.disableEviction) api.delete(podType, pod.namespace, pod.name, deleteOptions);
        else evictPod(api, pod.namespace, pod.name, deleteOptions);
        terminating.push(pod);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        if (e.code === 404) continue;
        if (e.code === 429) refused.push({ ...pod, message: e.message });
        else errors.push(`error when ${verb} pods/"${pod.name}" -n "${pod.namespace}": ${e.message}`);
      }
    }
  });
  return refused;
}

/** Where a pod drain waits for stands: gone (or replaced by another of its name), deleting for long enough to skip, or there. */
function podState(api: ApiServer, pod: PodRef, skipAfter: number): 'gone' | 'skip' | 'there' {
  const live = stillThere(api, api.registry.forKind('v1', 'Pod')!, pod.namespace, pod.name, pod.uid);
  if (live === undefined) return 'gone';
  return skipsDeleted(live, skipAfter, api.clock.now().getTime()) ? 'skip' : 'there';
}

/**
 * Evicts (or deletes) the node's pods as kubectl's drain does: a pod whose eviction the API server
 * refuses for now (429: its disruption budget) is tried again every 5 s until `timeoutMs` (0: no
 * limit) has passed; each try is a write of its own, so the cluster moves on in between (the
 * evicted pods' replacements start and the budget allows more). Each pod evicted is waited for
 * until it is gone (its containers stopped: a stop-delay or a long grace period takes that long), and
 * only then printed `evicted`, as kubectl's waitForDelete does. Returns the errors, one per pod.
 */
async function drainNode(ctx: Context, nodeName: string, o: DrainOptions, timeoutMs: number): Promise<{ errors: string[]; planned?: boolean }> {
  const session = ctx.session();
  const plan = session.write((api) => planNode(ctx, api, nodeName, o));
  if ('errors' in plan) return { errors: plan.errors, planned: true };
  const verb = o.disableEviction ? 'deleting' : 'evicting';
  if (o.dryRun !== 'none') {
    for (const pod of plan.pods) ctx.io.out.write(`${verb} pod ${pod.metadata.namespace}/${pod.metadata.name}${dryRunSuffix(o.dryRun)}\n`);
    return { errors: [] };
  }
  const started = ctx.realNow();
  const deadline = timeoutMs > 0 ? started + timeoutMs : undefined;
  const errors: string[] = [];
  const finished = o.disableEviction ? 'deleted' : 'evicted';
  let pending: PodRef[] = plan.pods.map((p) => ({ namespace: p.metadata.namespace!, name: p.metadata.name!, uid: p.metadata.uid }));
  /** Evicted (or deleted) and not gone yet: kubectl waits for each, looking every second. */
  let terminating: PodRef[] = [];
  let nextTry = started;
  const deleteOptions = o.gracePeriod >= 0 ? { gracePeriodSeconds: o.gracePeriod } : {};
  for (let round = 0; ; ) {
    if (pending.length && ctx.realNow() >= nextTry) {
      // kubectl announces each try, then (after a wait) looks at the clock before it makes it.
      // Deleting (--disable-eviction), kubectl deletes them all without a word and then waits.
      if (!o.disableEviction) for (const pod of pending) ctx.io.out.write(`${verb} pod ${pod.namespace}/${pod.name}\n`);
      if (round > 0 && deadline !== undefined && ctx.realNow() >= deadline) {
        for (const pod of pending) errors.push(`error when evicting pods/"${pod.name}" -n "${pod.namespace}": global timeout reached: ${goDurationString(timeoutMs)}`);
        pending = [];
      } else {
        round++;
        const refused = evictAll(session, pending, o, deleteOptions, verb, errors, terminating);
        for (const r of refused) ctx.io.err.write(`error when evicting pods/"${r.name}" -n "${r.namespace}" (will retry after 5s): ${r.message}\n`);
        pending = refused;
        nextTry = ctx.realNow() + EVICTION_RETRY_MS;
      }
    }
    if (terminating.length) {
      const seen = session.read((api) => terminating.map((t) => podState(api, t, o.skipWaitForDeleteTimeout)));
      for (const [i, t] of terminating.entries()) {
        if (seen[i] === 'gone') ctx.io.out.write(`pod/${t.name} ${finished}\n`);
        else if (seen[i] === 'skip') ctx.io.out.write(`pod "${t.name}" has DeletionTimestamp older than ${o.skipWaitForDeleteTimeout} seconds, skipping\n`);
      }
      terminating = terminating.filter((_, i) => seen[i] === 'there');
      if (terminating.length && deadline !== undefined && ctx.realNow() >= deadline) {
        // Deleting, kubectl waits for all at once (one error); evicting, for each pod (an error each).
        if (o.disableEviction) errors.push('context deadline exceeded');
        else for (const t of terminating) errors.push(`error when waiting for pod "${t.name}" in namespace "${t.namespace}" to terminate: context deadline exceeded`);
        terminating = [];
      }
    }
    if (pending.length === 0 && terminating.length === 0) break;
    const wake = Math.min(terminating.length ? ctx.realNow() + 1000 : Infinity, pending.length ? nextTry : Infinity, deadline ?? Infinity);
    await ctx.sleep(Math.max(1, wake - ctx.realNow()));
    exitIfInterrupted(ctx.signal);
  }
  if (errors.length) {
    const left = session.read((api) => planNode(undefined, api, nodeName, o));
    if ('pods' in left && left.pods.length) {
      ctx.io.err.write(`There are pending pods in node "${nodeName}" when an error occurred: ${aggregate(errors)}\n${left.pods.map((p) => `pod/${p.metadata.name}\n`).join('')}`);
    }
  }
  return { errors };
}

export const verb: VerbSpec = {
  name: 'drain',
  summary: 'Drain node in preparation for maintenance',
  usage: 'NODE',
  examples: '  # Drain node "foo", even if there are pods not managed by a replication controller, replica set, job, daemon set, or stateful set on it\n  kubectl drain foo --force',
  flags: [
    { name: 'force', type: 'bool', description: 'Continue even if there are pods that do not declare a controller.' },
    { name: 'ignore-daemonsets', type: 'bool', description: 'Ignore DaemonSet-managed pods.' },
    { name: 'delete-emptydir-data', type: 'bool', description: 'Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained).' },
    { name: 'grace-period', type: 'int', description: 'Period of time in seconds given to each pod to terminate gracefully. If negative, the default value specified in the pod will be used.', default: -1 },
    { name: 'timeout', type: 'string', arg: 'duration', description: 'The length of time to wait before giving up, zero means infinite', default: '0s' },
    { name: 'pod-selector', type: 'string', description: 'Label selector to filter pods on the node' },
    { name: 'disable-eviction', type: 'bool', description: 'Force drain to use delete, even if eviction is supported. This will bypass checking PodDisruptionBudgets, use with caution.' },
    { name: 'skip-wait-for-delete-timeout', type: 'int', description: 'If pod DeletionTimestamp older than N seconds, skip waiting for the pod.  Seconds must be greater than 0 to skip.', default: 0 },
    { name: 'chunk-size', type: 'int', arg: 'int', description: 'Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future.', default: 500 },
    ...NODE_SELECTION_FLAGS,
  ],
  async run(ctx, args, flags: FlagValues) {
    const o: DrainOptions = {
      force: flags.force === true,
      ignoreDaemonSets: flags['ignore-daemonsets'] === true,
      deleteEmptyDirData: flags['delete-emptydir-data'] === true,
      gracePeriod: flags['grace-period'] as number,
      disableEviction: flags['disable-eviction'] === true,
      podSelector: flags['pod-selector'],
      dryRun: dryRunOf(flags),
      skipWaitForDeleteTimeout: (flags['skip-wait-for-delete-timeout'] as number | undefined) ?? 0,
    };
    if (o.podSelector !== undefined) {
      try {
        parseSelector(o.podSelector);
      } catch {
        throw new CliError('--pod-selector=<pod_selector> must be a valid label selector');
      }
    }
    // The flag parser refused a value that is not a duration (arg: 'duration').
    const timeoutMs = parseGoDuration(String(flags.timeout ?? '0s')) ?? 0;
    const fatal: Array<{ errors: string[]; plain: boolean }> = [];
    const nodes = ctx.session().write((api) => {
      const selected = selectNodes(ctx, api, 'drain', args, flags);
      cordonNodes(ctx, api, selected, true, o.dryRun);
      return selected.map((n) => n.metadata.name!);
    });
    const remaining: string[] = [];
    for (const node of nodes) {
      const { errors, planned } = await drainNode(ctx, node, o, timeoutMs);
      if (errors.length === 0) {
        ctx.io.out.write(`node/${node} drained${dryRunSuffix(o.dryRun)}\n`);
      } else {
        ctx.io.err.write(`error: unable to drain node "${node}" due to error: ${aggregate(errors)}, continuing command...\n`);
        // Deleting (not evicting) one pod fails with a plain error; the rest are aggregates.
        fatal.push({ errors, plain: o.disableEviction && !planned && errors.length === 1 });
        remaining.push(node);
      }
    }
    if (remaining.length) ctx.io.err.write(`There are pending nodes to be drained:\n${remaining.map((n) => ` ${n}\n`).join('')}`);
    // kubectl aggregates the nodes' errors and prints an aggregate one error a line, without an
    // `error: ` prefix; an aggregate of one is the error inside it (a node's own aggregate, one line
    // per reason or eviction; a plain error as any other).
    if (fatal.length === 1 && fatal[0]!.plain) throw new CliError(fatal[0]!.errors[0]!);
    if (fatal.length === 1) throw new RawError(fatal[0]!.errors.join('\n'));
    if (fatal.length) throw new RawError(fatal.map((f) => aggregate(f.errors)).join('\n'));
  },
};
