/** describe for workloads: apps/v1, batch/v1, autoscaling/v2, policy/v1. */
import { hpaToV2 } from '../../api/hpa-versions.js';
import type { KubeObject } from '../../api/types.js';
import { formatLabelSelector } from '../../api/labels.js';
import { describeEvents, intOrString, printAnnotations, printBoolPtr, printLabels, rfc1123z, controllerOf } from './common.js';
import { describeReasonConditions, podsStatusLine, type PodCounts } from './core.js';
import { describePodTemplate } from './pod.js';
import { canonical } from './quantity.js';
import { humanDuration } from '../../util/duration.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, tabbedString, type PrefixWriter } from './writer.js';

function rsSummary(list: KubeObject[]): string {
  return list.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 1} replicas created)`).join(', ') || '<none>';
}

export function describeDeployment(d: KubeObject, oldRSs: KubeObject[], newRS: KubeObject | undefined, events: KubeObject[] | undefined, now: Date): string {
  return tabbedString((w) => {
    const spec = d.spec ?? {};
    const status = d.status ?? {};
    w.write(LEVEL_0, `Name:\t${d.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${d.metadata.namespace}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
    printLabels(w, 'Labels', d.metadata.labels);
    printAnnotations(w, 'Annotations', d.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${selectorText(spec.selector)}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${spec.replicas ?? 1} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable\n`,
    );
    w.write(LEVEL_0, `StrategyType:\t${spec.strategy?.type ?? ''}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
    const ru = spec.strategy?.rollingUpdate;
    if (ru) w.write(LEVEL_0, `RollingUpdateStrategy:\t${intOrStringPtr(ru.maxUnavailable)} max unavailable, ${intOrStringPtr(ru.maxSurge)} max surge\n`);
    describePodTemplate(spec.template, w);
    describeReasonConditions(status.conditions, w);
    if (oldRSs.length > 0 || newRS) {
      w.write(LEVEL_0, `OldReplicaSets:\t${rsSummary(oldRSs)}\n`);
      w.write(LEVEL_0, `NewReplicaSet:\t${rsSummary(newRS ? [newRS] : [])}\n`);
    }
    if (events) describeEvents(events, w, now);
  });
}

/** %s of a *IntOrString: `<nil>` when unset. */
function intOrStringPtr(v: unknown): string {
  return v === undefined || v === null ? '<nil>' : String(v);
}

/** LabelSelectorAsSelector(...).String(): empty selector matches everything (''). */
function selectorText(sel: any): string {
  const s = formatLabelSelector(sel);
  return s === '<none>' ? '' : s;
}

export function describeReplicaSet(rs: KubeObject, counts: PodCounts, events: KubeObject[] | undefined, now: Date): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${rs.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${rs.metadata.namespace}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
    printLabels(w, 'Labels', rs.metadata.labels);
    printAnnotations(w, 'Annotations', rs.metadata.annotations);
    const controlledBy = controllerOf(rs);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    w.write(LEVEL_0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 1} desired\n`);
    w.write(LEVEL_0, 'Pods Status:\t');
    w.write(LEVEL_0, `${podsStatusLine(counts)}\n`);
    describePodTemplate(rs.spec?.template, w);
    describeReasonConditions(rs.status?.conditions, w);
    if (events) describeEvents(events, w, now);
  });
}

export function describeStatefulSet(ss: KubeObject, counts: PodCounts, events: KubeObject[] | undefined, now: Date): string {
  return tabbedString((w) => {
    const spec = ss.spec ?? {};
    w.write(LEVEL_0, `Name:\t${ss.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${ss.metadata.namespace}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(ss.metadata.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorText(spec.selector)}\n`);
    printLabels(w, 'Labels', ss.metadata.labels);
    printAnnotations(w, 'Annotations', ss.metadata.annotations);
    w.write(LEVEL_0, `Replicas:\t${spec.replicas ?? 1} desired | ${ss.status?.replicas ?? 0} total\n`);
    w.write(LEVEL_0, `Update Strategy:\t${spec.updateStrategy?.type ?? ''}\n`);
    const ru = spec.updateStrategy?.rollingUpdate;
    if (ru && ru.partition !== undefined && ru.partition !== null) {
      w.write(LEVEL_1, `Partition:\t${ru.partition}\n`);
      if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) w.write(LEVEL_1, `MaxUnavailable:\t${intOrString(ru.maxUnavailable)}\n`);
    }
    w.write(LEVEL_0, `Pods Status:\t${podsStatusLine(counts)}\n`);
    describePodTemplate(spec.template, w);
    const templates: any[] = spec.volumeClaimTemplates ?? [];
    if (templates.length === 0) w.write(LEVEL_0, 'Volume Claims:\t<none>\n');
    else {
      w.write(LEVEL_0, 'Volume Claims:\n');
      for (const t of templates) {
        w.write(LEVEL_1, `Name:\t${t.metadata?.name ?? ''}\n`);
        const sc = t.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? t.spec?.storageClassName ?? '';
        w.write(LEVEL_1, `StorageClass:\t${sc}\n`);
        printLabels(w, 'Labels', t.metadata?.labels, '  ');
        printLabels(w, 'Annotations', t.metadata?.annotations, '  ');
        const storage = t.spec?.resources?.requests?.storage;
        w.write(LEVEL_1, `Capacity:\t${storage !== undefined ? canonical(storage) : '<default>'}\n`);
        w.write(LEVEL_1, `Access Modes:\t[${(t.spec?.accessModes ?? []).join(' ')}]\n`);
      }
    }
    if (events) describeEvents(events, w, now);
  });
}

export function describeDaemonSet(ds: KubeObject, counts: PodCounts, events: KubeObject[] | undefined, now: Date): string {
  return tabbedString((w) => {
    const status = ds.status ?? {};
    w.write(LEVEL_0, `Name:\t${ds.metadata.name}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorText(ds.spec?.selector)}\n`);
    const ns = ds.spec?.template?.spec?.nodeSelector ?? {};
    const nsKeys = Object.keys(ns).sort();
    w.write(LEVEL_0, `Node-Selector:\t${nsKeys.length ? nsKeys.map((k) => `${k}=${ns[k]}`).join(',') : '<none>'}\n`);
    printLabels(w, 'Labels', ds.metadata.labels);
    printAnnotations(w, 'Annotations', ds.metadata.annotations);
    w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${status.desiredNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${status.currentNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${status.updatedNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${status.numberAvailable ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Misscheduled: ${status.numberMisscheduled ?? 0}\n`);
    w.write(LEVEL_0, `Pods Status:\t${podsStatusLine(counts)}\n`);
    describePodTemplate(ds.spec?.template, w);
    if (events) describeEvents(events, w, now);
  });
}

export function describeJob(job: KubeObject, events: KubeObject[] | undefined, now: Date): string {
  return tabbedString((w) => {
    const spec = job.spec ?? {};
    const status = job.status ?? {};
    w.write(LEVEL_0, `Name:\t${job.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${job.metadata.namespace}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorText(spec.selector)}\n`);
    printLabels(w, 'Labels', job.metadata.labels);
    printAnnotations(w, 'Annotations', job.metadata.annotations);
    const controlledBy = controllerOf(job);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    if (spec.parallelism !== undefined) w.write(LEVEL_0, `Parallelism:\t${spec.parallelism}\n`);
    w.write(LEVEL_0, `Completions:\t${spec.completions ?? '<unset>'}\n`);
    if (spec.completionMode) w.write(LEVEL_0, `Completion Mode:\t${spec.completionMode}\n`);
    if (spec.suspend !== undefined) w.write(LEVEL_0, `Suspend:\t${spec.suspend}\n`);
    if (spec.backoffLimit !== undefined) w.write(LEVEL_0, `Backoff Limit:\t${spec.backoffLimit}\n`);
    if (spec.ttlSecondsAfterFinished !== undefined) w.write(LEVEL_0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    if (status.completionTime) w.write(LEVEL_0, `Completed At:\t${rfc1123z(status.completionTime)}\n`);
    if (status.startTime && status.completionTime) w.write(LEVEL_0, `Duration:\t${humanDuration(Date.parse(status.completionTime) - Date.parse(status.startTime))}\n`);
    if (spec.activeDeadlineSeconds !== undefined) w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
    const counts = `${status.succeeded ?? 0} Succeeded / ${status.failed ?? 0} Failed`;
    if (status.ready === undefined || status.ready === null) w.write(LEVEL_0, `Pods Statuses:\t${status.active ?? 0} Active / ${counts}\n`);
    else w.write(LEVEL_0, `Pods Statuses:\t${status.active ?? 0} Active (${status.ready} Ready) / ${counts}\n`);
    if (spec.completionMode === 'Indexed') w.write(LEVEL_0, `Completed Indexes:\t${capIndexes(status.completedIndexes ?? '', 50)}\n`);
    describePodTemplate(spec.template, w);
    if (events) describeEvents(events, w, now);
  });
}

function capIndexes(indexes: string, softLimit: number): string {
  if (!indexes) return '<none>';
  let ix = softLimit;
  while (ix < indexes.length && indexes[ix] !== ',') ix++;
  return ix >= indexes.length ? indexes : indexes.slice(0, ix + 1) + '...';
}

export function describeCronJob(cj: KubeObject, events: KubeObject[] | undefined, now: Date): string {
  return tabbedString((w) => {
    const spec = cj.spec ?? {};
    w.write(LEVEL_0, `Name:\t${cj.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${cj.metadata.namespace}\n`);
    printLabels(w, 'Labels', cj.metadata.labels);
    printAnnotations(w, 'Annotations', cj.metadata.annotations);
    w.write(LEVEL_0, `Schedule:\t${spec.schedule ?? ''}\n`);
    w.write(LEVEL_0, `Concurrency Policy:\t${spec.concurrencyPolicy ?? ''}\n`);
    w.write(LEVEL_0, `Suspend:\t${printBoolPtr(spec.suspend)}\n`);
    w.write(LEVEL_0, `Successful Job History Limit:\t${spec.successfulJobsHistoryLimit ?? '<unset>'}\n`);
    w.write(LEVEL_0, `Failed Job History Limit:\t${spec.failedJobsHistoryLimit ?? '<unset>'}\n`);
    w.write(LEVEL_0, `Starting Deadline Seconds:\t${spec.startingDeadlineSeconds !== undefined ? `${spec.startingDeadlineSeconds}s` : '<unset>'}\n`);
    const jt = spec.jobTemplate?.spec ?? {};
    w.write(LEVEL_0, `Selector:\t${jt.selector ? selectorText(jt.selector) : '<unset>'}\n`);
    w.write(LEVEL_0, `Parallelism:\t${jt.parallelism ?? '<unset>'}\n`);
    w.write(LEVEL_0, `Completions:\t${jt.completions ?? '<unset>'}\n`);
    if (jt.activeDeadlineSeconds !== undefined) w.write(LEVEL_0, `Active Deadline Seconds:\t${jt.activeDeadlineSeconds}s\n`);
    describePodTemplate(jt.template, w);
    w.write(LEVEL_0, `Last Schedule Time:\t${cj.status?.lastScheduleTime ? rfc1123z(cj.status.lastScheduleTime) : '<unset>'}\n`);
    w.write(LEVEL_0, 'Active Jobs:\t');
    const active: any[] = cj.status?.active ?? [];
    w.line(active.length ? active.map((j) => j.name).join(', ') : '<none>');
    if (events) describeEvents(events, w, now);
  });
}

export function describeHPA(stored: KubeObject, events: KubeObject[] | undefined, now: Date): string {
  const hpa = hpaToV2(stored);
  return tabbedString((w) => {
    const spec = hpa.spec ?? {};
    const status = hpa.status ?? {};
    w.write(LEVEL_0, `Name:\t${hpa.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${hpa.metadata.namespace}\n`);
    printLabels(w, 'Labels', hpa.metadata.labels);
    printAnnotations(w, 'Annotations', hpa.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(hpa.metadata.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Reference:\t${spec.scaleTargetRef?.kind ?? ''}/${spec.scaleTargetRef?.name ?? ''}\n`);
    w.write(LEVEL_0, 'Metrics:\t( current / target )\n');
    (spec.metrics ?? []).forEach((m: any, i: number) => describeMetric(m, status.currentMetrics?.[i], w));
    w.write(LEVEL_0, `Min replicas:\t${spec.minReplicas ?? '<unset>'}\n`);
    w.write(LEVEL_0, `Max replicas:\t${spec.maxReplicas ?? 0}\n`);
    if (spec.behavior) {
      w.write(LEVEL_0, 'Behavior:\n');
      printDirection(w, 'Scale Up', spec.behavior.scaleUp);
      printDirection(w, 'Scale Down', spec.behavior.scaleDown);
    }
    w.write(LEVEL_0, `${spec.scaleTargetRef?.kind ?? ''} pods:\t`);
    w.write(LEVEL_0, `${status.currentReplicas ?? 0} current / ${status.desiredReplicas ?? 0} desired\n`);
    const conditions: any[] = status.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------\t-------\n');
      for (const c of conditions) w.write(LEVEL_1, `${c.type}\t${c.status}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
    }
    if (events) describeEvents(events, w, now);
  });
}

/** %s of a *Quantity: `<nil>` when unset. */
function q(v: unknown): string {
  return v === undefined || v === null ? '<nil>' : canonical(v as string);
}

/** An HPA stored at autoscaling/v1 (by an older kubectl-lite) is described as the server serves it, at v2. */
export { hpaToV2 as hpaAsV2 } from '../../api/hpa-versions.js';

function describeMetric(m: any, cur: any, w: PrefixWriter): void {
  const unknown = '<unknown>';
  switch (m.type) {
    case 'External': {
      const name = JSON.stringify(m.external?.metric?.name ?? '');
      if (m.external?.target?.averageValue !== undefined) {
        const c = cur?.external?.current?.averageValue !== undefined ? q(cur.external.current.averageValue) : unknown;
        w.write(LEVEL_1, `${name} (target average value):\t${c} / ${q(m.external.target.averageValue)}\n`);
      } else {
        const c = cur?.external ? q(cur.external.current?.value) : unknown;
        w.write(LEVEL_1, `${name} (target value):\t${c} / ${q(m.external?.target?.value)}\n`);
      }
      return;
    }
    case 'Pods': {
      const c = cur?.pods ? q(cur.pods.current?.averageValue) : unknown;
      w.write(LEVEL_1, `${JSON.stringify(m.pods?.metric?.name ?? '')} on pods:\t${c} / ${q(m.pods?.target?.averageValue)}\n`);
      return;
    }
    case 'Object': {
      const o = m.object ?? {};
      w.write(LEVEL_1, `"${o.metric?.name ?? ''}" on ${o.describedObject?.kind ?? ''}/${o.describedObject?.name ?? ''} `);
      if (o.target?.type === 'AverageValue') {
        const c = cur?.object ? q(cur.object.current?.averageValue) : unknown;
        w.write(LEVEL_0, `(target average value):\t${c} / ${q(o.target.averageValue)}\n`);
      } else {
        const c = cur?.object ? q(cur.object.current?.value) : unknown;
        w.write(LEVEL_0, `(target value):\t${c} / ${q(o.target?.value)}\n`);
      }
      return;
    }
    case 'Resource':
    case 'ContainerResource': {
      const key = m.type === 'Resource' ? 'resource' : 'containerResource';
      const r = m[key] ?? {};
      const c = cur?.[key];
      if (m.type === 'Resource') w.write(LEVEL_1, `resource ${r.name} on pods`);
      else w.write(LEVEL_1, `resource ${r.name} of container "${r.container}" on pods`);
      if (r.target?.averageValue !== undefined) {
        w.write(LEVEL_0, `:\t${c ? q(c.current?.averageValue) : unknown} / ${q(r.target.averageValue)}\n`);
      } else {
        const current = c && c.current?.averageUtilization !== undefined ? `${c.current.averageUtilization}% (${q(c.current.averageValue)})` : unknown;
        const target = r.target?.averageUtilization !== undefined ? `${r.target.averageUtilization}%` : '<auto>';
        w.write(LEVEL_1, `(as a percentage of request):\t${current} / ${target}\n`);
      }
      return;
    }
    default:
      w.write(LEVEL_1, `<unknown metric type ${JSON.stringify(m.type ?? '')}>\n`);
  }
}

function printDirection(w: PrefixWriter, direction: string, rules: any): void {
  if (!rules) return;
  w.write(LEVEL_1, `${direction}:\n`);
  if (rules.stabilizationWindowSeconds !== undefined) w.write(LEVEL_2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
  if (rules.policies?.length) {
    w.write(LEVEL_2, `Select Policy: ${rules.selectPolicy ?? 'Max'}\n`);
    w.write(LEVEL_2, 'Policies:\n');
    for (const p of rules.policies) w.write(LEVEL_3, `- Type: ${p.type}\tValue: ${p.value}\tPeriod: ${p.periodSeconds} seconds\n`);
  }
}

export function describePDB(pdb: KubeObject, events: KubeObject[] | undefined, now: Date): string {
  return tabbedString((w) => {
    const spec = pdb.spec ?? {};
    const status = pdb.status ?? {};
    w.write(LEVEL_0, `Name:\t${pdb.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${pdb.metadata.namespace}\n`);
    if (spec.minAvailable !== undefined) w.write(LEVEL_0, `Min available:\t${spec.minAvailable}\n`);
    else if (spec.maxUnavailable !== undefined) w.write(LEVEL_0, `Max unavailable:\t${spec.maxUnavailable}\n`);
    w.write(LEVEL_0, `Selector:\t${spec.selector ? formatLabelSelector(spec.selector) : '<unset>'}\n`);
    w.write(LEVEL_0, 'Status:\n');
    w.write(LEVEL_2, `Allowed disruptions:\t${status.disruptionsAllowed ?? 0}\n`);
    w.write(LEVEL_2, `Current:\t${status.currentHealthy ?? 0}\n`);
    w.write(LEVEL_2, `Desired:\t${status.desiredHealthy ?? 0}\n`);
    w.write(LEVEL_2, `Total:\t${status.expectedPods ?? 0}\n`);
    if (events) describeEvents(events, w, now);
  });
}
