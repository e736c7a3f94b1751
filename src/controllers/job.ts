/**
 * Job controller (pkg/controller/job): runs pods until `completions` succeed (at most
 * `parallelism` at a time), fails the job past `backoffLimit` or `activeDeadlineSeconds`,
 * suspends, and sets the terminal conditions and completionTime. Also the TTL-after-finished
 * controller's one rule.
 */
import { labelSelectorMatches } from '../api/labels.js';
import type { ResourceType } from '../api/registry.js';
import type { ApiServer } from '../api/server.js';
import { deepClone, type KubeObject } from '../api/types.js';
import {
  claim, createOwned, deleteIfPresent, earliest, indexByController, isPodActive, isPodReady, podFromTemplate, podType, writeStatus, type Condition,
  type OwnerIndex,
} from './pod-template.js';
import { ownerQueue } from './queues.js';
import type { Controller } from './types.js';

const COMPONENT = { component: 'job-controller' };
const INDEX_KEY = 'batch.kubernetes.io/job-completion-index';
const BACKOFF_BASE_MS = 10_000;
const BACKOFF_MAX_MS = 360_000;

export const jobController: Controller = {
  name: 'job',
  reconcile(api: ApiServer): number | void {
    const type = api.registry.forKind('batch/v1', 'Job')!;
    const jobs = api.list(type);
    if (jobs.length === 0) return;
    const index = indexByController(api.list(podType(api)));
    let next: number | undefined;
    for (const job of jobs) {
      if (job.metadata.deletionTimestamp) continue;
      next = earliest(next, syncJob(api, type, job, index));
    }
    return next;
  },
  ...ownerQueue({
    apiVersion: 'batch/v1',
    kind: 'Job',
    selects: (job, pod) => labelSelectorMatches(jobSelector(job), pod.metadata.labels),
    owned: [{ apiVersion: 'v1', kind: 'Pod' }],
    sync: (api, type, job, [pods]) => syncJob(api, type, job, pods!),
  }),
};

export function jobSelector(job: KubeObject): KubeObject['spec'] {
  return job.spec?.selector ?? { matchLabels: { 'batch.kubernetes.io/controller-uid': job.metadata.uid } };
}

export function finishedCondition(job: KubeObject): Condition | undefined {
  return (job.status?.conditions as Condition[] | undefined)?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

function syncJob(api: ApiServer, type: ResourceType, job: KubeObject, index: OwnerIndex): number | undefined {
  const nowMs = api.clock.now().getTime();
  const now = api.now();
  const pods = claim(api, job, index, (p) => labelSelectorMatches(jobSelector(job), p.metadata.labels));
  const active = pods.filter(isPodActive);
  const status: Record<string, any> = deepClone(job.status ?? {});
  const succeededPods = pods.filter((p) => p.status?.phase === 'Succeeded');
  const failedPods = pods.filter((p) => p.status?.phase === 'Failed');
  const succeeded = Math.max(status.succeeded ?? 0, succeededPods.length);
  const failed = Math.max(status.failed ?? 0, failedPods.length);
  const finished = finishedCondition(job);
  if (finished) {
    for (const p of active) removePod(api, job, p);
    writeJobStatus(api, job, { ...status, active: 0, ready: 0, terminating: 0, succeeded, failed });
    return ttlExpiry(api, type, job, finished, nowMs);
  }
  const conditions: Condition[] = [...(status.conditions ?? [])];
  const suspended = job.spec?.suspend === true;
  if (!suspended && !status.startTime) status.startTime = now;
  const completions: number | undefined = job.spec?.completions ?? undefined;
  const parallelism: number = job.spec?.parallelism ?? 1;
  const failure = failureReason(job, failed, status.startTime, nowMs);
  let next: number | undefined;
  let activeNow = active;
  const done = completions !== undefined ? succeeded >= completions : succeeded > 0 && active.length === 0;
  if (failure) {
    for (const p of active) removePod(api, job, p);
    activeNow = [];
    setJobCondition(conditions, 'FailureTarget', failure.reason, failure.message, now);
    setJobCondition(conditions, 'Failed', failure.reason, failure.message, now);
    api.recordEvent(job, 'Warning', failure.reason, failure.message, COMPONENT);
  } else if (done) {
    for (const p of active) removePod(api, job, p);
    activeNow = [];
    const message = 'Reached expected number of succeeded pods';
    setJobCondition(conditions, 'SuccessCriteriaMet', 'CompletionsReached', message, now);
    setJobCondition(conditions, 'Complete', 'CompletionsReached', message, now);
    status.completionTime = now;
    api.recordEvent(job, 'Normal', 'Completed', 'Job completed', COMPONENT);
  } else if (suspended) {
    for (const p of active) removePod(api, job, p);
    activeNow = [];
    if (!conditions.some((c) => c.type === 'Suspended' && c.status === 'True')) {
      setJobCondition(conditions, 'Suspended', 'JobSuspended', 'Job suspended', now);
      api.recordEvent(job, 'Normal', 'Suspended', 'Job suspended', COMPONENT);
    }
  } else {
    if (conditions.some((c) => c.type === 'Suspended' && c.status === 'True')) {
      setJobCondition(conditions, 'Suspended', 'JobResumed', 'Job resumed', now, 'False');
      api.recordEvent(job, 'Normal', 'Resumed', 'Job resumed', COMPONENT);
    }
    const want = completions !== undefined ? Math.min(parallelism, completions - succeeded) : succeeded > 0 ? 0 : parallelism;
    const readyAt = backoffUntil(failedPods, failed);
    if (active.length < want && readyAt > nowMs) {
      next = readyAt;
    } else {
      activeNow = manageJobPods(api, job, active, want, succeededPods);
    }
  }
  status.conditions = conditions.length ? conditions : undefined;
  writeJobStatus(api, job, {
    ...status,
    active: activeNow.length,
    ready: activeNow.filter(isPodReady).length,
    terminating: pods.filter((p) => p.metadata.deletionTimestamp && !isTerminal(p)).length,
    succeeded,
    failed,
    completedIndexes: isIndexed(job) ? compressIndexes(succeededPods.map(podIndex)) : undefined,
  });
  return earliest(next, deadlineAt(job, status.startTime));
}

function isTerminal(p: KubeObject): boolean {
  return p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
}

function failureReason(job: KubeObject, failed: number, startTime: string | undefined, nowMs: number): { reason: string; message: string } | undefined {
  if (failed > (job.spec?.backoffLimit ?? 6)) return { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
  const deadline = deadlineAt(job, startTime);
  if (deadline !== undefined && deadline <= nowMs) return { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
  return undefined;
}

function deadlineAt(job: KubeObject, startTime: string | undefined): number | undefined {
  const secs = job.spec?.activeDeadlineSeconds;
  if (secs === undefined || !startTime || job.spec?.suspend) return undefined;
  return Date.parse(startTime) + secs * 1000;
}

/** Pod failure back-off: 10 s doubled per failure, capped at 6 min, from the last failure. */
function backoffUntil(failedPods: KubeObject[], failed: number): number {
  if (failed === 0 || failedPods.length === 0) return 0;
  const last = Math.max(...failedPods.map(finishedAt));
  return last + Math.min(BACKOFF_BASE_MS * 2 ** (failed - 1), BACKOFF_MAX_MS);
}

function finishedAt(pod: KubeObject): number {
  const times = ((pod.status?.containerStatuses ?? []) as any[]).map((c) => Date.parse(c.state?.terminated?.finishedAt ?? '')).filter((t) => !Number.isNaN(t));
  if (times.length) return Math.max(...times);
  const ready = (pod.status?.conditions as Condition[] | undefined)?.find((c) => c.type === 'Ready');
  return Date.parse(ready?.lastTransitionTime ?? pod.metadata.creationTimestamp ?? '') || 0;
}

function manageJobPods(api: ApiServer, job: KubeObject, active: KubeObject[], want: number, succeededPods: KubeObject[]): KubeObject[] {
  if (active.length > want) {
    const extra = active.slice(want);
    for (const p of extra) removePod(api, job, p);
    return active.slice(0, want);
  }
  const result = [...active];
  const taken = new Set([...active, ...succeededPods].map(podIndex));
  let nextIndex = 0;
  for (let i = active.length; i < want; i++) {
    const labels: Record<string, string> = {
      'batch.kubernetes.io/controller-uid': job.metadata.uid!,
      'batch.kubernetes.io/job-name': job.metadata.name!,
      'controller-uid': job.metadata.uid!,
      'job-name': job.metadata.name!,
    };
    const pod = podFromTemplate(job.spec?.template, job, { ...labels, ...(job.spec?.template?.metadata?.labels ?? {}) });
    if (isIndexed(job)) {
      while (taken.has(nextIndex)) nextIndex++;
      taken.add(nextIndex);
      pod.metadata.generateName = `${job.metadata.name}-${nextIndex}-`;
      pod.metadata.labels![INDEX_KEY] = String(nextIndex);
      pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [INDEX_KEY]: String(nextIndex) };
      pod.spec.hostname ??= `${job.metadata.name}-${nextIndex}`;
    }
    const created = createOwned(api, pod, job, COMPONENT.component);
    if (!created) break;
    result.push(created);
    api.recordEvent(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, COMPONENT);
  }
  return result;
}

function removePod(api: ApiServer, job: KubeObject, pod: KubeObject): void {
  if (deleteIfPresent(api, podType(api), pod)) {
    api.recordEvent(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, COMPONENT);
  }
}

function isIndexed(job: KubeObject): boolean {
  return job.spec?.completionMode === 'Indexed';
}

function podIndex(pod: KubeObject): number {
  const v = pod.metadata.annotations?.[INDEX_KEY] ?? pod.metadata.labels?.[INDEX_KEY];
  return v === undefined ? -1 : Number(v);
}

/** `0-2,4`: the Job's completedIndexes format. */
export function compressIndexes(indexes: number[]): string | undefined {
  const sorted = [...new Set(indexes.filter((i) => i >= 0))].sort((a, b) => a - b);
  if (!sorted.length) return undefined;
  const parts: string[] = [];
  let start = sorted[0]!;
  let prev = start;
  for (const i of [...sorted.slice(1), Infinity]) {
    if (i === prev + 1) {
      prev = i;
      continue;
    }
    parts.push(start === prev ? String(start) : `${start}-${prev}`);
    start = prev = i;
  }
  return parts.join(',');
}

function setJobCondition(conditions: Condition[], type: string, reason: string, message: string, now: string, status = 'True'): void {
  const i = conditions.findIndex((c) => c.type === type);
  const cond: Condition = { type, status, lastProbeTime: now, lastTransitionTime: now, reason, message };
  if (i >= 0) {
    if (conditions[i]!.status === status) cond.lastTransitionTime = conditions[i]!.lastTransitionTime;
    conditions[i] = cond;
  } else {
    conditions.push(cond);
  }
}

function writeJobStatus(api: ApiServer, job: KubeObject, status: Record<string, any>): void {
  status.uncountedTerminatedPods ??= {};
  for (const k of Object.keys(status)) if (status[k] === undefined) delete status[k];
  for (const k of ['active', 'succeeded', 'failed']) if (status[k] === 0) delete status[k];
  writeStatus(api, job, status);
}

/** ttlafterfinished: a finished job with ttlSecondsAfterFinished goes (with its pods) once the TTL has passed. */
function ttlExpiry(api: ApiServer, type: ResourceType, job: KubeObject, finished: Condition, nowMs: number): number | undefined {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  if (ttl === undefined || ttl === null) return undefined;
  const finishedMs = Date.parse(job.status?.completionTime ?? finished.lastTransitionTime ?? '');
  const expiry = finishedMs + ttl * 1000;
  if (expiry > nowMs) return expiry;
  deleteIfPresent(api, type, job, 'Foreground');
  return undefined;
}

