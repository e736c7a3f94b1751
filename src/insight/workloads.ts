/**
 * Why a Deployment's rollout does not progress, an Ingress has no address, a PVC stays Pending,
 * an HPA does not scale: read from the conditions, events and status their controllers leave,
 * and, for the pods behind them, from the pod explanations.
 */
import { labelSelectorMatches } from '../api/labels.js';
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import { volumeMatches } from '../controllers/storage.js';
import { explainPod } from './pod.js';
import type { Explanation, Section } from './types.js';

const cond = (obj: KubeObject, type: string): any => (obj.status?.conditions ?? []).find((c: any) => c.type === type);
const controlledBy = (o: KubeObject, owner: KubeObject) => (o.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === owner.metadata.uid);

function warnings(api: ApiServer, obj: KubeObject): string[] {
  return api.eventsFor(obj).filter((e) => e.type === 'Warning').map((e) => `${e.reason}: ${e.message}`);
}

export function explainDeployment(api: ApiServer, d: KubeObject): Explanation {
  const ns = d.metadata.namespace!;
  const base = { kind: 'Deployment', namespace: ns, name: d.metadata.name! };
  const want = d.spec?.replicas ?? 1;
  const st = d.status ?? {};
  const rsAll = api.list(api.registry.forKind('apps/v1', 'ReplicaSet')!, ns).filter((rs) => controlledBy(rs, d));
  const revision = (rs: KubeObject) => Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
  const newest = [...rsAll].sort((a, b) => revision(b) - revision(a))[0];
  const pods = api.list(api.registry.forKind('v1', 'Pod')!, ns).filter((p) => rsAll.some((rs) => controlledBy(p, rs)));
  const progressing = cond(d, 'Progressing');
  const available = cond(d, 'Available');
  const sections: Section[] = [];
  sections.push({
    title: 'Status',
    lines: [
      `replicas: ${want} desired, ${st.updatedReplicas ?? 0} updated, ${st.readyReplicas ?? 0} ready, ${st.availableReplicas ?? 0} available, ${st.unavailableReplicas ?? 0} unavailable`,
      ...(progressing ? [`Progressing=${progressing.status} (${progressing.reason}): ${progressing.message}`] : []),
      ...(available ? [`Available=${available.status} (${available.reason}): ${available.message}`] : []),
      ...rsAll.map((rs) => `replicaset ${rs.metadata.name} (revision ${revision(rs)}${rs === newest ? ', new' : ''}): ${rs.status?.replicas ?? 0} pods, ${rs.status?.readyReplicas ?? 0} ready`),
    ],
  });
  const problems: string[] = [];
  for (const rs of rsAll) {
    const failure = cond(rs, 'ReplicaFailure');
    if (failure?.status === 'True') problems.push(`${rs.metadata.name}: ${failure.reason}: ${failure.message}`);
    for (const w of warnings(api, rs)) problems.push(`${rs.metadata.name}: ${w}`);
  }
  const stuck = pods.filter((p) => newest && controlledBy(p, newest)).map((p) => ({ pod: p, answer: explainPod(api, p) })).filter((x) => !x.answer.healthy);
  if (stuck.length) sections.push({ title: 'Pods of the new ReplicaSet that are not ready', table: { head: ['POD', 'STATUS', 'WHY'], rows: stuck.map((x) => [x.pod.metadata.name!, x.answer.state, x.answer.summary]) } });
  if (problems.length) sections.push({ title: 'The ReplicaSets cannot create pods', lines: problems });
  const fixes = [...new Set(stuck.flatMap((x) => x.answer.fixes))];
  let summary: string;
  let healthy = false;
  if (d.spec?.paused) {
    summary = 'it is paused: the controller does not roll out template changes until it is resumed';
    fixes.unshift(`kubectl-lite rollout resume deployment/${d.metadata.name} -n ${ns}`);
  } else if (progressing?.reason === 'ProgressDeadlineExceeded') {
    summary = `its rollout timed out (progressDeadlineSeconds ${d.spec?.progressDeadlineSeconds ?? 600})${stuck[0] ? `: ${stuck[0].pod.metadata.name} ${stuck[0].answer.summary}` : ''}`;
  } else if (problems.length) {
    summary = `its ReplicaSet cannot create pods: ${problems[0]}`;
  } else if ((st.updatedReplicas ?? 0) === want && (st.availableReplicas ?? 0) >= want && (st.replicas ?? 0) === want) {
    summary = `its rollout is complete: ${want} of ${want} pods are updated and available${newest ? ` (replicaset ${newest.metadata.name})` : ''}`;
    healthy = true;
  } else if (stuck.length) {
    summary = `its rollout waits for ${stuck.length} new pod(s): ${stuck[0]!.pod.metadata.name} ${stuck[0]!.answer.summary}`;
  } else summary = `its rollout is in progress: ${st.updatedReplicas ?? 0} of ${want} updated, ${st.availableReplicas ?? 0} available`;
  return { ...base, state: `${st.readyReplicas ?? 0}/${want} ready`, healthy, summary, sections, fixes, details: { conditions: st.conditions ?? [], replicaSets: rsAll.map((rs) => rs.metadata.name), notReadyPods: stuck.map((x) => ({ pod: x.pod.metadata.name, why: x.answer.summary })) } };
}

export function explainPVC(api: ApiServer, pvc: KubeObject): Explanation {
  const ns = pvc.metadata.namespace!;
  const base = { kind: 'PersistentVolumeClaim', namespace: ns, name: pvc.metadata.name! };
  const phase = pvc.status?.phase ?? 'Pending';
  if (phase === 'Bound') return { ...base, state: 'Bound', healthy: true, summary: `it is bound to volume ${pvc.spec?.volumeName}`, sections: [], fixes: [] };
  const className: string | undefined = pvc.spec?.storageClassName;
  const sc = className ? api.tryGet(api.registry.forKind('storage.k8s.io/v1', 'StorageClass')!, undefined, className) : undefined;
  const pvs = api.list(api.registry.forKind('v1', 'PersistentVolume')!);
  const candidates = pvs.filter((pv) => volumeMatches(pv, pvc));
  const users = api.list(api.registry.forKind('v1', 'Pod')!, ns).filter((p) => (p.spec?.volumes ?? []).some((v: any) => v.persistentVolumeClaim?.claimName === pvc.metadata.name));
  const events = api.eventsFor(pvc).map((e) => `${e.type} ${e.reason}: ${e.message}`);
  const sections: Section[] = [];
  if (events.length) sections.push({ title: 'What the volume controllers said', lines: events });
  sections.push({ title: 'Volumes', lines: [`${pvs.length} PersistentVolume(s), ${candidates.length} could serve this claim (class, size, access modes, selector)`] });
  const fixes: string[] = [];
  let summary: string;
  if (pvc.metadata.deletionTimestamp) summary = 'it is being deleted (kubernetes.io/pvc-protection holds it while a pod uses it)';
  else if (!className) {
    summary = candidates.length ? 'it names no StorageClass; a matching volume exists and the controller binds it on its next pass' : 'it names no StorageClass and no PersistentVolume matches it';
    fixes.push('set spec.storageClassName (kubectl-lite get storageclass), or create a matching PersistentVolume');
  } else if (!sc) {
    summary = `its StorageClass "${className}" does not exist`;
    fixes.push('use an existing class: kubectl-lite get storageclass');
  } else if (sc.volumeBindingMode === 'WaitForFirstConsumer' && !users.some((p) => p.spec?.nodeName)) {
    summary = `its class ${className} binds on first use (WaitForFirstConsumer) and no scheduled pod uses it yet${users.length ? ` (${users.map((p) => p.metadata.name).join(', ')} not scheduled)` : ''}`;
    fixes.push(users.length ? `kubectl-lite why pod/${users[0]!.metadata.name} -n ${ns}` : 'create a pod that mounts it: it is provisioned once the pod is scheduled');
  } else if (sc.provisioner === 'kubernetes.io/no-provisioner') {
    summary = `its class ${className} has no provisioner and no PersistentVolume matches it`;
    fixes.push('create a PersistentVolume of that class, size and access mode');
  } else summary = events.length ? `it is Pending: ${events[events.length - 1]}` : 'it is Pending';
  return { ...base, state: phase, healthy: false, summary, sections, fixes, details: { storageClass: className ?? null, candidateVolumes: candidates.map((pv) => pv.metadata.name), users: users.map((p) => p.metadata.name), events } };
}

export function explainIngress(api: ApiServer, ing: KubeObject): Explanation {
  const ns = ing.metadata.namespace!;
  const base = { kind: 'Ingress', namespace: ns, name: ing.metadata.name! };
  const addresses = (ing.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip ?? i.hostname);
  const classes = api.list(api.registry.forKind('networking.k8s.io/v1', 'IngressClass')!);
  const named: string | undefined = ing.spec?.ingressClassName ?? ing.metadata.annotations?.['kubernetes.io/ingress.class'];
  const defaults = classes.filter((c) => c.metadata.annotations?.['ingressclass.kubernetes.io/is-default-class'] === 'true');
  const cls = named ? classes.find((c) => c.metadata.name === named) : defaults[0];
  const backends = ingressBackends(ing);
  const svcType = api.registry.forKind('v1', 'Service')!;
  const backendLines = backends.map((b) => {
    const svc = api.tryGet(svcType, ns, b.service);
    return `${b.rule} -> service ${b.service}:${b.port}${svc ? '' : ' (no such Service)'}`;
  });
  const sections: Section[] = [{ title: 'Rules', lines: backendLines.length ? backendLines : ['no rules and no default backend'] }];
  const fixes: string[] = [];
  let summary: string;
  if (addresses.length) summary = `it has the address ${addresses.join(', ')} from the controller of class ${cls?.metadata.name ?? named ?? '?'}`;
  else if (!named && defaults.length === 0) {
    summary = 'it names no IngressClass and the cluster has no default class: no controller takes it';
    fixes.push(`set spec.ingressClassName to one of: ${classes.map((c) => c.metadata.name).join(', ') || '(none installed)'}`);
  } else if (!cls) {
    summary = `its class "${named}" does not exist: no controller serves it, so nothing gives it an address`;
    fixes.push(classes.length ? `set spec.ingressClassName to one of: ${classes.map((c) => c.metadata.name).join(', ')}` : 'install an ingress controller (none is installed)');
  } else {
    summary = `its class ${cls.metadata.name} (controller ${cls.spec?.controller}) has not given it an address: that controller is not running in this cluster`;
    fixes.push(`check the controller's pods: kubectl-lite get pods -A -l app.kubernetes.io/component=controller`);
  }
  const missing = backends.filter((b) => !api.tryGet(svcType, ns, b.service));
  if (missing.length) fixes.push(`create the Service(s) ${[...new Set(missing.map((b) => b.service))].join(', ')} in namespace ${ns}`);
  return { ...base, state: addresses.length ? addresses.join(',') : '<no address>', healthy: addresses.length > 0 && missing.length === 0, summary, sections, fixes, details: { ingressClass: named ?? cls?.metadata.name ?? null, addresses, backends } };
}

export interface IngressBackend {
  rule: string;
  service: string;
  port: string | number;
}

/** Every rule's backend (and the default backend), as `host/path -> service:port`. */
export function ingressBackends(ing: KubeObject): IngressBackend[] {
  const out: IngressBackend[] = [];
  const port = (b: any) => b?.service?.port?.number ?? b?.service?.port?.name ?? '';
  if (ing.spec?.defaultBackend?.service) out.push({ rule: '(default)', service: ing.spec.defaultBackend.service.name, port: port(ing.spec.defaultBackend) });
  for (const r of ing.spec?.rules ?? []) {
    for (const p of r.http?.paths ?? []) {
      if (p.backend?.service) out.push({ rule: `${r.host ?? '*'}${p.path ?? '/'}`, service: p.backend.service.name, port: port(p.backend) });
    }
  }
  return out;
}

export function explainHPA(api: ApiServer, hpa: KubeObject): Explanation {
  const ns = hpa.metadata.namespace!;
  const base = { kind: 'HorizontalPodAutoscaler', namespace: ns, name: hpa.metadata.name! };
  const st = hpa.status ?? {};
  const conditions = (st.conditions ?? []) as any[];
  const target = hpa.spec?.scaleTargetRef ?? {};
  const min = hpa.spec?.minReplicas ?? 1;
  const max = hpa.spec?.maxReplicas;
  const lines = [
    `target ${String(target.kind ?? '').toLowerCase()}/${target.name}: ${st.currentReplicas ?? '?'} current, ${st.desiredReplicas ?? '?'} desired (min ${min}, max ${max})`,
    ...conditions.map((c) => `${c.type}=${c.status} (${c.reason}): ${c.message}`),
  ];
  const bad = conditions.find((c) => (c.type === 'AbleToScale' || c.type === 'ScalingActive') && c.status !== 'True');
  const limited = conditions.find((c) => c.type === 'ScalingLimited' && c.status === 'True');
  let summary: string;
  const fixes: string[] = [];
  if (conditions.length === 0) summary = 'no autoscaler has evaluated it yet (no conditions)';
  else if (bad) {
    summary = `${bad.type} is ${bad.status} (${bad.reason}): ${bad.message}`;
    if (/FailedGetResourceMetric|missing request/i.test(`${bad.reason} ${bad.message}`)) fixes.push('set resources.requests for the metric on every container of the target (utilisation is a percentage of the request)');
    if (/FailedGetScale|not found/i.test(`${bad.reason} ${bad.message}`)) fixes.push(`check that ${target.kind} ${target.name} exists in namespace ${ns}`);
  } else if (limited) {
    summary = `it wants to go past its limits (${limited.reason}): ${limited.message}`;
    fixes.push(`raise maxReplicas (now ${max}) or lower minReplicas (now ${min})`);
  } else summary = `it is active: ${st.currentReplicas ?? '?'} replicas is what its metrics ask for (within the 10% tolerance, or held by the stabilisation window)`;
  return { ...base, state: `${st.currentReplicas ?? '?'}/${st.desiredReplicas ?? '?'} replicas`, healthy: !bad && !limited && conditions.length > 0, summary, sections: [{ title: 'Status', lines }], fixes, details: { conditions, currentMetrics: st.currentMetrics ?? [] } };
}

/** ReplicaSets, StatefulSets, DaemonSets: their pods' explanations. */
export function explainWorkload(api: ApiServer, w: KubeObject): Explanation {
  const ns = w.metadata.namespace!;
  const pods = api.list(api.registry.forKind('v1', 'Pod')!, ns).filter((p) => controlledBy(p, w) || (w.spec?.selector && labelSelectorMatches(w.spec.selector, p.metadata.labels) && controlledBy(p, w)));
  const answers = pods.map((p) => ({ pod: p, answer: explainPod(api, p) }));
  const stuck = answers.filter((x) => !x.answer.healthy);
  const rows = answers.map((x) => [x.pod.metadata.name!, x.answer.state, x.answer.healthy ? '' : x.answer.summary]);
  const failures = warnings(api, w);
  const summary = stuck.length ? `${stuck.length} of its ${pods.length} pods are not ready: ${stuck[0]!.pod.metadata.name} ${stuck[0]!.answer.summary}` : failures.length ? failures[failures.length - 1]! : `all ${pods.length} of its pods are ready`;
  const sections: Section[] = [{ title: 'Pods', table: { head: ['POD', 'STATUS', 'WHY'], rows } }];
  if (failures.length) sections.push({ title: 'Warnings', lines: failures });
  return { kind: w.kind!, namespace: ns, name: w.metadata.name!, state: `${pods.length - stuck.length}/${pods.length} ready`, healthy: stuck.length === 0 && failures.length === 0, summary, sections, fixes: [...new Set(stuck.flatMap((x) => x.answer.fixes))] };
}
