/** Workload controllers: deployments, replica sets, stateful sets, daemon sets, jobs, cron jobs, HPAs, PDBs. */
import { hpaToV2 } from '../../api/hpa-versions.js';
import { canonical } from '../describe/quantity.js';
import { formatLabelSelector, formatLabels, fromLabelSelector, selectorString } from '../../api/labels.js';
import type { KubeObject } from '../../api/types.js';
import { age, humanDuration } from '../../util/duration.js';
import type { TableHandler } from '../types.js';
import { AGE, CONTAINERS, IMAGES, NAME, ageOf, col, condition, containersAndImages, nameOf, num, wide } from './common.js';

const SELECTOR = wide('Selector', 'The label selector of the objects this controller manages.');

/** LabelSelectorAsSelector(...).String(): an empty or absent selector prints as an empty cell. */
function selectorAsString(ls: any): string {
  const sel = fromLabelSelector(ls);
  return sel ? selectorString(sel) : '';
}

export const deploymentHandler: TableHandler = {
  columns: [NAME, col('Ready', 'Number of the pod with ready state'), col('Up-to-date', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.', 'integer'), col('Available', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.', 'integer'), AGE, CONTAINERS, IMAGES, SELECTOR],
  row(d, now) {
    const [containers, images] = containersAndImages(d.spec?.template?.spec);
    const desired = d.spec?.replicas ?? 0;
    return [nameOf(d), `${num(d.status?.readyReplicas)}/${desired}`, num(d.status?.updatedReplicas), num(d.status?.availableReplicas), ageOf(d, now), containers, images, selectorAsString(d.spec?.selector)];
  },
};

export const replicaSetHandler: TableHandler = {
  columns: [NAME, col('Desired', 'Replicas is the number of desired replicas.', 'integer'), col('Current', 'Replicas is the most recently observed number of replicas.', 'integer'), col('Ready', 'The number of ready replicas for this replica set.', 'integer'), AGE, CONTAINERS, IMAGES, SELECTOR],
  row(rs, now) {
    const [containers, images] = containersAndImages(rs.spec?.template?.spec);
    return [nameOf(rs), rs.spec?.replicas ?? 0, num(rs.status?.replicas), num(rs.status?.readyReplicas), ageOf(rs, now), containers, images, formatLabelSelector(rs.spec?.selector)];
  },
};

export const replicationControllerHandler: TableHandler = {
  columns: replicaSetHandler.columns,
  row(rc, now) {
    const [containers, images] = containersAndImages(rc.spec?.template?.spec);
    return [nameOf(rc), rc.spec?.replicas ?? 0, num(rc.status?.replicas), num(rc.status?.readyReplicas), ageOf(rc, now), containers, images, formatLabels(rc.spec?.selector)];
  },
};

export const statefulSetHandler: TableHandler = {
  columns: [NAME, col('Ready', 'Number of the pod with ready state'), AGE, CONTAINERS, IMAGES],
  row(s, now) {
    const [containers, images] = containersAndImages(s.spec?.template?.spec);
    return [nameOf(s), `${num(s.status?.readyReplicas)}/${s.spec?.replicas ?? 0}`, ageOf(s, now), containers, images];
  },
};

export const daemonSetHandler: TableHandler = {
  columns: [
    NAME,
    col('Desired', 'The total number of nodes that should be running the daemon pod.', 'integer'),
    col('Current', 'The number of nodes that are running at least one daemon pod and are supposed to run the daemon pod.', 'integer'),
    col('Ready', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.', 'integer'),
    col('Up-to-date', 'The total number of nodes that are running updated daemon pod', 'integer'),
    col('Available', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.', 'integer'),
    col('Node Selector', 'NodeSelector is a selector which must be true for the pod to fit on a node.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  row(ds, now) {
    const st = ds.status ?? {};
    const [containers, images] = containersAndImages(ds.spec?.template?.spec);
    return [nameOf(ds), num(st.desiredNumberScheduled), num(st.currentNumberScheduled), num(st.numberReady), num(st.updatedNumberScheduled), num(st.numberAvailable), formatLabels(ds.spec?.template?.spec?.nodeSelector), ageOf(ds, now), containers, images, formatLabelSelector(ds.spec?.selector)];
  },
};

function jobStatus(job: KubeObject): string {
  const isTrue = (t: string) => condition(job, t)?.status === 'True';
  if (isTrue('Complete')) return 'Complete';
  if (isTrue('Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (isTrue('Suspended')) return 'Suspended';
  if (isTrue('FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function jobCompletions(job: KubeObject): string {
  const succeeded = num(job.status?.succeeded);
  if (job.spec?.completions !== undefined && job.spec?.completions !== null) return `${succeeded}/${job.spec.completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(job: KubeObject, now: Date): string {
  const start = job.status?.startTime;
  if (!start) return '';
  const end = job.status?.completionTime;
  return humanDuration((end ? Date.parse(end) : now.getTime()) - Date.parse(start));
}

export const jobHandler: TableHandler = {
  columns: [NAME, col('Status', 'Status of the job.'), col('Completions', 'The completion status of the job'), col('Duration', 'Time required to complete the job.'), AGE, CONTAINERS, IMAGES, SELECTOR],
  row(job, now) {
    const [containers, images] = containersAndImages(job.spec?.template?.spec);
    return [nameOf(job), jobStatus(job), jobCompletions(job), jobDuration(job, now), ageOf(job, now), containers, images, formatLabelSelector(job.spec?.selector)];
  },
};

function boolPtr(v: unknown): string {
  if (typeof v !== 'boolean') return '<unset>';
  return v ? 'True' : 'False';
}

export const cronJobHandler: TableHandler = {
  columns: [NAME, col('Schedule', 'The schedule in Cron format.'), col('Timezone', 'The time zone name for the given schedule.'), col('Suspend', 'This flag tells the controller to suspend subsequent executions.'), col('Active', 'A list of pointers to currently running jobs.', 'integer'), col('Last Schedule', 'Information when was the last time the job was successfully scheduled.'), AGE, CONTAINERS, IMAGES, SELECTOR],
  row(cj, now) {
    const jobSpec = cj.spec?.jobTemplate?.spec;
    const [containers, images] = containersAndImages(jobSpec?.template?.spec);
    const last = cj.status?.lastScheduleTime ? age(cj.status.lastScheduleTime, now) : '<none>';
    return [nameOf(cj), cj.spec?.schedule ?? '', cj.spec?.timeZone || '<none>', boolPtr(cj.spec?.suspend), (cj.status?.active ?? []).length, last, ageOf(cj, now), containers, images, formatLabelSelector(jobSpec?.selector)];
  },
};

/**
 * formatHPAMetrics (kubectl's printers): each metric against the status at the same index (the
 * controller writes them in spec order), quantities in canonical form, the first two shown.
 */
function metricTarget(spec: any, status: any): string {
  const q = (v: unknown) => (v === undefined || v === null ? '<unknown>' : canonical(v as string));
  switch (spec?.type) {
    case 'Resource':
    case 'ContainerResource': {
      const key = spec.type === 'Resource' ? 'resource' : 'containerResource';
      const t = spec[key]?.target ?? {};
      const name = spec[key]?.name ?? '';
      const cur = status?.[key];
      if (t.averageValue !== undefined) return `${name}: ${cur ? q(cur.current?.averageValue) : '<unknown>'}/${q(t.averageValue)}`;
      const current = cur?.current?.averageUtilization !== undefined ? `${cur.current.averageUtilization}%` : '<unknown>';
      return `${name}: ${current}/${t.averageUtilization !== undefined ? `${t.averageUtilization}%` : '<auto>'}`;
    }
    case 'Pods':
      return `${status?.pods ? q(status.pods.current?.averageValue) : '<unknown>'}/${q(spec.pods?.target?.averageValue)}`;
    case 'Object':
    case 'External': {
      const key = spec.type === 'Object' ? 'object' : 'external';
      const t = spec[key]?.target ?? {};
      const cur = status?.[key];
      if (t.averageValue !== undefined) return `${cur?.current?.averageValue !== undefined ? q(cur.current.averageValue) : '<unknown>'}/${q(t.averageValue)} (avg)`;
      return `${cur ? q(cur.current?.value) : '<unknown>'}/${q(t.value)}`;
    }
    default:
      return '<unknown type>';
  }
}

function hpaTargets(hpa: KubeObject): string {
  const specs: any[] = hpa.spec?.metrics ?? [];
  if (specs.length === 0) return '<none>';
  const statuses: any[] = hpa.status?.currentMetrics ?? [];
  const parts = specs.map((m, i) => metricTarget(m, statuses[i]));
  const shown = parts.slice(0, 2).join(', ');
  return parts.length > 2 ? `${shown} + ${parts.length - 2} more...` : shown;
}

export const hpaHandler: TableHandler = {
  columns: [NAME, col('Reference', 'reference to scaled resource'), col('Targets', 'metrics the HPA uses and their current values'), col('MinPods', 'lower limit for the number of pods', 'string'), col('MaxPods', 'upper limit for the number of pods', 'integer'), col('Replicas', 'current number of replicas', 'integer'), AGE],
  row(stored, now) {
    const hpa = hpaToV2(stored);
    const ref = hpa.spec?.scaleTargetRef ?? {};
    const min = hpa.spec?.minReplicas;
    return [nameOf(hpa), `${ref.kind ?? ''}/${ref.name ?? ''}`, hpaTargets(hpa), min === undefined || min === null ? '<unset>' : String(min), hpa.spec?.maxReplicas ?? 0, num(hpa.status?.currentReplicas), ageOf(hpa, now)];
  },
};

export const podDisruptionBudgetHandler: TableHandler = {
  columns: [NAME, col('Min Available', 'The minimum number of pods that must be available.'), col('Max Unavailable', 'The maximum number of pods that may be unavailable.'), col('Allowed Disruptions', 'Calculated number of pods that may be disrupted at this time.', 'integer'), AGE],
  row(pdb, now) {
    const show = (v: unknown) => (v === undefined || v === null ? 'N/A' : String(v));
    return [nameOf(pdb), show(pdb.spec?.minAvailable), show(pdb.spec?.maxUnavailable), num(pdb.status?.disruptionsAllowed), ageOf(pdb, now)];
  },
};

export const controllerRevisionHandler: TableHandler = {
  columns: [NAME, col('Controller', 'Controller of the object'), col('Revision', 'Revision indicates the revision of the state represented by Data.', 'integer'), AGE],
  row(cr, now) {
    const owner = (cr.metadata?.ownerReferences ?? []).find((r) => r.controller);
    let controller = '<none>';
    if (owner) {
      const slash = owner.apiVersion.indexOf('/');
      const group = slash < 0 ? '' : owner.apiVersion.slice(0, slash);
      controller = `${owner.kind.toLowerCase()}${group ? `.${group}` : ''}/${owner.name}`;
    }
    return [nameOf(cr), controller, num(cr.revision), ageOf(cr, now)];
  },
};

/** An autoscaling/v1 Scale, as a scale subresource reads it (printers.go's scale handler; CRDs' scale columns are the same). */
export const scaleHandler: TableHandler = {
  columns: [NAME, col('Desired', 'replicas is the desired number of instances for the scaled object.', 'integer'), col('Available', 'replicas is the actual number of observed instances of the scaled object.', 'integer'), AGE],
  row: (s, now) => [nameOf(s), num(s.spec?.replicas), num(s.status?.replicas), ageOf(s, now)],
};
