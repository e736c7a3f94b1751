/**
 * `kubectl drain NODE`: cordon, then evict every pod on the node except mirror pods and
 * (with --ignore-daemonsets) DaemonSet pods, refusing unmanaged pods without --force and
 * emptyDir pods without --delete-emptydir-data, with kubectl's messages. The simulated
 * kubelet stops evicted pods at once (unless a stop-delay annotation says otherwise), so
 * the drain completes within the command. PodDisruptionBudgets are not consulted.
 */
import type { ApiServer } from '../api/server.js';
import { matches, parseSelector } from '../api/labels.js';
import type { KubeObject } from '../api/types.js';
import { CliError, RawError } from '../errors.js';
import { POD_CONDITION_ORDER, setCondition } from '../sim/pods.js';
import { cordonNodes, NODE_SELECTION_FLAGS, selectNodes } from './cordon.js';
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
}

type Verdict = { delete: true; warning?: string } | { delete: false; error?: string; warning?: string };

/**
 * kubectl's drain filters, in order (DaemonSet, mirror, local storage, unreplicated); the
 * first that keeps a pod decides, and only the last status computed counts, so an earlier
 * warning can be dropped as in kubectl. The no-controller message already starts with
 * "cannot delete", and kubectl prefixes every fatal message with it again.
 */
export function podVerdict(pod: KubeObject, o: DrainOptions, daemonSetExists: (ns: string, name: string) => boolean): Verdict {
  const finished = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
  const controller = pod.metadata.ownerReferences?.find((r) => r.controller);
  const filters: Array<() => Verdict> = [
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

function drainNode(ctx: Context, api: ApiServer, node: KubeObject, o: DrainOptions): string | undefined {
  const podType = api.registry.forKind('v1', 'Pod')!;
  const dsType = api.registry.forKind('apps/v1', 'DaemonSet')!;
  const selector = o.podSelector ? parseSelector(o.podSelector) : undefined;
  const pods = api.list(podType).filter((p) => p.spec?.nodeName === node.metadata.name && (!selector || matches(selector, p.metadata.labels)));
  const errors: Array<[string, KubeObject]> = [];
  const warnings: Array<[string, KubeObject]> = [];
  const toDelete: KubeObject[] = [];
  for (const pod of pods) {
    const v = podVerdict(pod, o, (ns, name) => api.tryGet(dsType, ns, name) !== undefined);
    if (v.delete) toDelete.push(pod);
    else if (v.error) errors.push([v.error, pod]);
    if (v.warning) warnings.push([v.warning, pod]);
  }
  if (errors.length) return aggregate(grouped(errors).map(([msg, list]) => `cannot delete ${msg}: ${list}`));
  if (warnings.length) ctx.io.err.write(`Warning: ${grouped(warnings).map(([msg, list]) => `${msg}: ${list}`).join('; ')}\n`);
  for (const pod of toDelete) ctx.io.out.write(`evicting pod ${pod.metadata.namespace}/${pod.metadata.name}${dryRunSuffix(o.dryRun)}\n`);
  if (o.dryRun !== 'none') return undefined;
  for (const pod of toDelete) {
    if (!o.disableEviction) {
      const status = { ...(pod.status ?? {}) };
      status.conditions = setCondition(status.conditions, { type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' }, api.now(), POD_CONDITION_ORDER);
      api.put({ ...pod, status });
    }
    api.delete(podType, pod.metadata.namespace, pod.metadata.name!, o.gracePeriod >= 0 ? { gracePeriodSeconds: o.gracePeriod } : {});
  }
  for (const pod of toDelete) ctx.io.out.write(`pod/${pod.metadata.name} ${o.disableEviction ? 'deleted' : 'evicted'}\n`);
  return undefined;
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
    { name: 'timeout', type: 'string', description: 'The length of time to wait before giving up, zero means infinite', default: '0s' },
    { name: 'pod-selector', type: 'string', description: 'Label selector to filter pods on the node' },
    { name: 'disable-eviction', type: 'bool', description: 'Force drain to use delete, even if eviction is supported. This will bypass checking PodDisruptionBudgets, use with caution.' },
    { name: 'skip-wait-for-delete-timeout', type: 'int', description: 'If pod DeletionTimestamp older than N seconds, skip waiting for the pod.  Seconds must be greater than 0 to skip.', default: 0 },
    { name: 'chunk-size', type: 'int', description: 'Return large lists in chunks rather than all at once.', default: 500, hidden: true },
    ...NODE_SELECTION_FLAGS,
  ],
  run(ctx, args, flags: FlagValues) {
    const o: DrainOptions = {
      force: flags.force === true,
      ignoreDaemonSets: flags['ignore-daemonsets'] === true,
      deleteEmptyDirData: flags['delete-emptydir-data'] === true,
      gracePeriod: flags['grace-period'] as number,
      disableEviction: flags['disable-eviction'] === true,
      podSelector: flags['pod-selector'],
      dryRun: dryRunOf(flags),
    };
    if (o.podSelector !== undefined) {
      try {
        parseSelector(o.podSelector);
      } catch {
        throw new CliError('--pod-selector=<pod_selector> must be a valid label selector');
      }
    }
    const fatal: string[] = [];
    ctx.session().write((api) => {
      const nodes = selectNodes(ctx, api, 'drain', args, flags);
      cordonNodes(ctx, api, nodes, true, o.dryRun);
      const remaining: string[] = [];
      for (const node of nodes) {
        const error = drainNode(ctx, api, node, o);
        if (error === undefined) {
          ctx.io.out.write(`node/${node.metadata.name} drained${dryRunSuffix(o.dryRun)}\n`);
        } else {
          ctx.io.err.write(`error: unable to drain node "${node.metadata.name}" due to error: ${error}, continuing command...\n`);
          fatal.push(error);
          remaining.push(node.metadata.name!);
        }
      }
      if (remaining.length) ctx.io.err.write(`There are pending nodes to be drained:\n${remaining.map((n) => ` ${n}\n`).join('')}`);
    });
    // kubectl prints the aggregated drain errors without an `error: ` prefix.
    if (fatal.length) throw new RawError(fatal.join('\n'));
  },
};
