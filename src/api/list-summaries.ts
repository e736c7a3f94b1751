/**
 * What the store keeps as the summary of a pod (see store/summaries.ts): the fields a `get pods`
 * table (wide too) and `-o name` print, and those label and field selectors filter on. A listing
 * that prints nothing else reads the summaries: a tenth of the bytes of the pods themselves.
 *
 * Under KUBECTL_LITE_CHECK_SETTLE=1 (the test suite) every listing served from summaries is also
 * made from the whole objects and compared (src/cli/get.ts), so a field the printer starts to read
 * and the shape below forgets fails the tests instead of printing a wrong cell.
 */
import { setSummaryFunctions } from '../store/summaries.js';

/** `true`: the value as it is; an object: those fields of it; a one-element array: that shape for each item. */
type Shape = true | { readonly [field: string]: Shape } | readonly [Shape];

const CONTAINER_STATUS: Shape = {
  name: true,
  restartCount: true,
  ready: true,
  started: true,
  state: true,
  lastState: { terminated: { finishedAt: true } },
};

const POD: Shape = {
  apiVersion: true,
  kind: true,
  metadata: { name: true, namespace: true, labels: true, creationTimestamp: true, deletionTimestamp: true },
  spec: {
    nodeName: true,
    restartPolicy: true,
    schedulerName: true,
    serviceAccountName: true,
    hostNetwork: true,
    readinessGates: true,
    containers: [{ name: true }],
    initContainers: [{ name: true, restartPolicy: true }],
  },
  status: {
    phase: true,
    reason: true,
    podIP: true,
    podIPs: true,
    nominatedNodeName: true,
    conditions: [{ type: true, status: true, reason: true }],
    containerStatuses: [CONTAINER_STATUS],
    initContainerStatuses: [CONTAINER_STATUS],
  },
};

/** The parts of `value` that `shape` names; anything not shaped as expected is kept whole. */
export function pick(value: unknown, shape: Shape): unknown {
  if (shape === true || value === null || typeof value !== 'object') return value;
  if (Array.isArray(shape)) return Array.isArray(value) ? value.map((item) => pick(item, shape[0]!)) : value;
  if (Array.isArray(value)) return value;
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of Object.keys(shape)) {
    if (Object.hasOwn(src, field)) out[field] = pick(src[field], (shape as Record<string, Shape>)[field]!);
  }
  return out;
}

/** Set by scripts/bundle.mjs: a hash of this module and what it imports; unbundled code (unit tests) is `dev`. */
declare const __KL_SUMMARY_BUILD__: string | undefined;
/** Summaries made by other summary code may hold other fields: they are made again rather than trusted. */
const VERSION = `1:${typeof __KL_SUMMARY_BUILD__ === 'string' ? __KL_SUMMARY_BUILD__ : 'dev'}`;

export const summarisePod = (pod: unknown): unknown => pick(pod, POD);

setSummaryFunctions(VERSION, { 'core/pods': summarisePod });
