/**
 * CronJob controller (cronjob_controllerv2.go): creates a Job named
 * <cronjob>-<scheduled time in minutes since the epoch> at each scheduled time on the
 * simulated clock, honours suspend, startingDeadlineSeconds and concurrencyPolicy, tracks
 * active jobs, trims finished ones to the history limits, and returns its next schedule.
 */
import type { ResourceType } from '../api/registry.js';
import type { ApiServer } from '../api/server.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { rfc1123zAt, rfc3339 } from '../util/duration.js';
import { CronParseError, knownTimeZone, nextAfter, parseSchedule, rfc3339In, type Schedule } from '../api/cron-schedule.js';
import { finishedCondition } from './job.js';
import { controllerRef, deleteIfPresent, earliest, indexByController, recordEventOnce, writeStatus } from './pod-template.js';
import type { Controller } from './types.js';

const COMPONENT = { component: 'cronjob-controller' };
export const SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

export const cronJobController: Controller = {
  name: 'cronjob',
  reconcile(api: ApiServer): number | void {
    const cjType = api.registry.forKind('batch/v1', 'CronJob')!;
    const cronJobs = api.list(cjType);
    if (cronJobs.length === 0) return;
    const jobType = api.registry.forKind('batch/v1', 'Job')!;
    const jobsByOwner = indexByController(api.list(jobType)).byOwner;
    let next: number | undefined;
    for (const cj of cronJobs) {
      if (cj.metadata.deletionTimestamp) continue;
      next = earliest(next, syncCronJob(api, jobType, cj, jobsByOwner.get(cj.metadata.uid!) ?? []));
    }
    return next;
  },
};

interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
  resourceVersion?: string;
  uid: string;
}

function syncCronJob(api: ApiServer, jobType: ResourceType, cj: KubeObject, jobs: KubeObject[]): number | undefined {
  const nowMs = api.clock.now().getTime();
  const status: Record<string, any> = deepClone(cj.status ?? {});
  let active: ObjectRef[] = status.active ?? [];
  const ownedUids = new Set(jobs.map((j) => j.metadata.uid));
  for (const ref of active) {
    if (!ownedUids.has(ref.uid)) api.recordEvent(cj, 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`, COMPONENT);
  }
  active = active.filter((r) => ownedUids.has(r.uid));
  for (const job of jobs) {
    const done = finishedCondition(job);
    const isActive = active.some((r) => r.uid === job.metadata.uid);
    if (done && isActive) {
      active = active.filter((r) => r.uid !== job.metadata.uid);
      api.recordEvent(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${job.metadata.name}, status: ${done.type}`, COMPONENT);
      if (done.type === 'Complete' && job.status?.completionTime) {
        if (!status.lastSuccessfulTime || status.lastSuccessfulTime < job.status.completionTime) status.lastSuccessfulTime = job.status.completionTime;
      }
    }
  }
  const tz: string | undefined = cj.spec?.timeZone ?? undefined;
  const schedule = runnableSchedule(api, cj);
  cleanupFinishedJobs(api, jobType, cj, jobs.filter((j) => !active.some((r) => r.uid === j.metadata.uid)));
  if (!schedule) {
    writeCronStatus(api, cj, status, active);
    return undefined;
  }
  const nextRun = nextAfter(schedule, nowMs, tz);
  if (nextRun === undefined) {
    // A schedule no date matches (`0 0 31 2 *`): robfig's Next finds nothing within five years.
    const message = `invalid schedule: ${cj.spec?.schedule} : time difference between two schedules is less than 1 second`;
    recordEventOnce(api, cj, 'Warning', 'InvalidSchedule', message, COMPONENT.component);
    writeCronStatus(api, cj, status, active);
    return undefined;
  }
  const scheduled = mostRecentScheduleTime(cj, schedule, tz, nowMs, status.lastScheduleTime);
  if (scheduled === undefined) {
    writeCronStatus(api, cj, status, active);
    return nextRun;
  }
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (deadline !== undefined && deadline !== null && scheduled + deadline * 1000 < nowMs) {
    recordEventOnce(api, cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123zAt(scheduled, 'utc')}`, COMPONENT.component);
    writeCronStatus(api, cj, status, active);
    return nextRun;
  }
  const policy = cj.spec?.concurrencyPolicy ?? 'Allow';
  if (policy === 'Forbid' && active.length > 0) {
    recordEventOnce(
      api, cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid', COMPONENT.component,
      rfc3339(new Date(scheduled)),
    );
    writeCronStatus(api, cj, status, active);
    return nextRun;
  }
  if (policy === 'Replace') {
    for (const ref of active) {
      const job = jobs.find((j) => j.metadata.uid === ref.uid);
      if (job && deleteIfPresent(api, jobType, job, 'Background')) {
        api.recordEvent(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`, COMPONENT);
      }
    }
    active = [];
  }
  const job = createJob(api, jobType, cj, scheduled, tz);
  if (job) active = [...active, objectRef(job)];
  status.lastScheduleTime = rfc3339(new Date(scheduled));
  writeCronStatus(api, cj, status, active);
  return nextRun;
}

/**
 * The schedule the controller runs a CronJob by (its timeZone put in front as `TZ=`), or undefined
 * when it starts nothing now: a time zone it cannot load or a schedule it cannot parse (each said
 * by a Warning event), or a suspended CronJob.
 */
function runnableSchedule(api: ApiServer, cj: KubeObject): Schedule | undefined {
  const tz: unknown = cj.spec?.timeZone;
  if (typeof tz === 'string' && !knownTimeZone(tz)) {
    recordEventOnce(api, cj, 'Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(tz)}: unknown time zone ${tz}`, COMPONENT.component);
    return undefined;
  }
  if (cj.spec?.suspend) return undefined;
  const text = String(cj.spec?.schedule ?? '');
  const inline = text.includes('TZ');
  if (inline) {
    const message = `CRON_TZ or TZ used in schedule ${JSON.stringify(text)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`;
    recordEventOnce(api, cj, 'Warning', 'UnsupportedSchedule', message, COMPONENT.component);
  }
  try {
    return parseSchedule(inline || typeof tz !== 'string' ? text : `TZ=${tz} ${text}`);
  } catch (err) {
    if (!(err instanceof CronParseError)) throw err;
    recordEventOnce(api, cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(text)} : ${err.message}`, COMPONENT.component);
    return undefined;
  }
}

/** The latest scheduled time in (last schedule or creation, now], if any. */
function mostRecentScheduleTime(cj: KubeObject, s: Schedule, tz: string | undefined, nowMs: number, last: string | undefined): number | undefined {
  let earliestMs = Date.parse(last ?? cj.metadata.creationTimestamp ?? '') || nowMs;
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (deadline !== undefined && deadline !== null) earliestMs = Math.max(earliestMs, nowMs - deadline * 1000);
  let t = nextAfter(s, earliestMs, tz);
  if (t === undefined || t > nowMs) return undefined;
  // Jump close to now instead of walking every missed minute of a long gap.
  let found = t;
  let guard = 0;
  while (t !== undefined && t <= nowMs && guard++ < 1000) {
    found = t;
    t = nextAfter(s, t, tz);
  }
  if (guard >= 1000) {
    const fromNearNow = nextAfter(s, nowMs - 3600_000, tz);
    let u = fromNearNow;
    while (u !== undefined && u <= nowMs) {
      found = u;
      u = nextAfter(s, u, tz);
    }
  }
  return found;
}

function createJob(api: ApiServer, jobType: ResourceType, cj: KubeObject, scheduled: number, tz: string | undefined): KubeObject | undefined {
  const name = `${cj.metadata.name}-${Math.floor(scheduled / 60_000)}`;
  if (api.tryGet(jobType, cj.metadata.namespace, name)) return undefined;
  const template = deepClone(cj.spec?.jobTemplate ?? {});
  const job: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: cj.metadata.namespace,
      labels: template.metadata?.labels,
      annotations: { ...(template.metadata?.annotations ?? {}), [SCHEDULED_TIMESTAMP]: rfc3339In(scheduled, tz) },
      ownerReferences: [controllerRef(cj)],
    },
    spec: template.spec ?? {},
  };
  if (!job.metadata.labels) delete job.metadata.labels;
  try {
    const created = api.create(job);
    api.recordEvent(cj, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata.name}`, COMPONENT);
    return created;
  } catch (err) {
    recordEventOnce(api, cj, 'Warning', 'FailedCreate', `Error creating job: ${err instanceof Error ? err.message : String(err)}`, COMPONENT.component);
    return undefined;
  }
}

function objectRef(job: KubeObject): ObjectRef {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    name: job.metadata.name!,
    namespace: job.metadata.namespace!,
    resourceVersion: job.metadata.resourceVersion,
    uid: job.metadata.uid!,
  };
}

/** Keeps the newest successfulJobsHistoryLimit / failedJobsHistoryLimit finished jobs. */
function cleanupFinishedJobs(api: ApiServer, jobType: ResourceType, cj: KubeObject, jobs: KubeObject[]): void {
  const byStart = (a: KubeObject, b: KubeObject) => {
    const ta = a.status?.startTime ?? a.metadata.creationTimestamp ?? '';
    const tb = b.status?.startTime ?? b.metadata.creationTimestamp ?? '';
    return ta < tb ? -1 : ta > tb ? 1 : 0;
  };
  for (const [type, limit] of [['Complete', cj.spec?.successfulJobsHistoryLimit ?? 3], ['Failed', cj.spec?.failedJobsHistoryLimit ?? 1]] as const) {
    const finished = jobs.filter((j) => finishedCondition(j)?.type === type && !j.metadata.deletionTimestamp).sort(byStart);
    for (const job of finished.slice(0, Math.max(0, finished.length - limit))) {
      if (deleteIfPresent(api, jobType, job, 'Background')) {
        api.recordEvent(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`, COMPONENT);
      }
    }
  }
}

function writeCronStatus(api: ApiServer, cj: KubeObject, status: Record<string, any>, active: ObjectRef[]): void {
  const next: Record<string, any> = { ...status, active: active.length ? active : undefined };
  for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
  writeStatus(api, api.tryGet(api.typeOf(cj), cj.metadata.namespace, cj.metadata.name!) ?? cj, next);
}
