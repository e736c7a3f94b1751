/**
 * The pods behind TYPE/NAME (deploy/web, svc/web, job/x) as kubectl finds them: by the object's
 * selector (polymorphichelpers' SelectorsForObject), in the order it picks one for logs and exec
 * (podutils.ByLogging).
 */
import { labelSelectorMatches, mapSelectorMatches } from '../api/labels.js';
import { goTypeName, qualifiedName, type ResourceType } from '../api/registry.js';
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import { ApiError, CliError } from '../errors.js';
import { checkRequestPath } from '../api/request-name.js';
import { splitResourceTypeName } from './resource-args.js';

/**
 * Every pod `obj` selects in `namespace`, kubectl's pick first. `cannot` begins the error when the
 * object selects no pods by its kind (`cannot attach to`).
 */
export function selectedPods(api: ApiServer, namespace: string, type: ResourceType, obj: KubeObject, cannot: string): KubeObject[] {
  const sel = obj.spec?.selector;
  // kubectl names the object by its Go type (`%T`).
  const goType = goTypeName(type);
  let keep: (labels: Record<string, string> | undefined) => boolean;
  if (type.kind === 'Service') {
    if (!sel || !Object.keys(sel).length) throw new CliError(`${cannot} ${goType}: invalid service '${obj.metadata.name}': Service is defined without a selector`);
    keep = (labels) => mapSelectorMatches(sel, labels);
  } else {
    if (!sel) throw new CliError(`${cannot} ${goType}: selector for ${goType} not implemented`);
    keep = (labels) => (sel.matchLabels || sel.matchExpressions ? labelSelectorMatches(sel, labels) : mapSelectorMatches(sel, labels));
  }
  return api
    .list(api.registry.resolve('pods'), namespace)
    .filter((p) => keep(p.metadata.labels))
    .sort(byLogging);
}

/** POD or TYPE/NAME (deploy/web, svc/web, sts/db, ...) to one pod, as kubectl's AttachablePodForObject does. */
export function resolvePod(api: ApiServer, namespace: string, arg: string): KubeObject {
  const podType = api.registry.resolve('pods');
  const slash = arg.indexOf('/');
  if (slash < 0) {
    checkRequestPath(podType, namespace, arg);
    const pod = api.tryGet(podType, namespace, arg);
    if (!pod) throw new ApiError('NotFound', 404, `pods "${arg}" not found`);
    return pod;
  }
  const { typeArg, name } = splitResourceTypeName(arg);
  const type = api.registry.resolve(typeArg);
  checkRequestPath(type, namespace, name);
  const obj = api.tryGet(type, namespace, name);
  if (!obj) throw new ApiError('NotFound', 404, `${qualifiedName(type)} "${name}" not found`);
  return podForObject(api, namespace, type, obj);
}

/**
 * AttachablePodForObject of an object as kubectl holds it (fetched, or read from -f as it is): a
 * pod is itself (the live one of that name), anything else the first pod its own selector picks.
 */
export function podForObject(api: ApiServer, namespace: string, type: ResourceType, obj: KubeObject): KubeObject {
  if (type.kind === 'Pod') {
    const pod = api.tryGet(type, namespace, obj.metadata.name!);
    if (!pod) throw new ApiError('NotFound', 404, `pods "${obj.metadata.name}" not found`);
    return pod;
  }
  const chosen = selectedPods(api, namespace, type, obj, 'cannot attach to');
  if (!chosen.length) throw new CliError('timed out waiting for the condition');
  return chosen[0]!;
}

/** A pod's phase as ByLogging ranks it (a phase it does not name ranks as Running). */
const PHASE_RANK: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 };

function readyCondition(p: KubeObject): any {
  return (p.status?.conditions ?? []).find((c: any) => c.type === 'Ready' && c.status === 'True');
}

/** Milliseconds, or undefined for Go's zero time (absent or unparsable). */
function time(text: unknown): number | undefined {
  const ms = typeof text === 'string' ? Date.parse(text) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

/** podutils' afterOrZero: a zero time sorts as the later one. */
function afterOrZero(t1: number | undefined, t2: number | undefined): boolean {
  if (t1 === undefined || t2 === undefined) return t1 === undefined;
  return t1 > t2;
}

function maxRestarts(p: KubeObject): number {
  return Math.max(0, ...(p.status?.containerStatuses ?? []).map((s: any) => Number(s.restartCount) || 0));
}

/**
 * podutils.ByLogging: scheduled before unscheduled; Running, Unknown, Pending; ready before not;
 * ready longer before ready less long; more restarts first; older before newer. Ties keep the
 * listing's order (a sort of a handful of pods in Go is an insertion sort, stable).
 */
export function byLogging(a: KubeObject, b: KubeObject): number {
  const na = a.spec?.nodeName ?? '';
  const nb = b.spec?.nodeName ?? '';
  if (na !== nb && (!na || !nb)) return na ? -1 : 1;
  const pa = PHASE_RANK[a.status?.phase] ?? 0;
  const pb = PHASE_RANK[b.status?.phase] ?? 0;
  if (pa !== pb) return pa - pb;
  const ra = readyCondition(a);
  const rb = readyCondition(b);
  if (Boolean(ra) !== Boolean(rb)) return ra ? -1 : 1;
  if (ra && rb) {
    const ta = time(ra.lastTransitionTime);
    const tb = time(rb.lastTransitionTime);
    if (ta !== tb) return afterOrZero(tb, ta) ? -1 : 1;
  }
  const xa = maxRestarts(a);
  const xb = maxRestarts(b);
  if (xa !== xb) return xa > xb ? -1 : 1;
  const ca = time(a.metadata.creationTimestamp);
  const cb = time(b.metadata.creationTimestamp);
  if (ca !== cb) return afterOrZero(cb, ca) ? -1 : 1;
  return 0;
}
