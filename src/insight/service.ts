/**
 * Why a Service has the endpoints it has: its selector against the pods (through the endpoints
 * controllers' own PodIndex, resolveTargetPort and desiredSlices), the pods that almost match,
 * target ports no container declares, and why selected pods are not ready.
 */
import { mapSelectorMatches } from '../api/labels.js';
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import { hasManagedEndpoints, isPodReady, PodIndex, resolveTargetPort } from '../controllers/endpoints.js';
import { desiredSlices } from '../controllers/endpointslice.js';
import { editDistance } from '../util/edit-distance.js';
import { explainPod } from './pod.js';
import type { Explanation, Section } from './types.js';

interface NearMiss {
  pod: string;
  label: string;
  /** The pod's value for the key, or undefined when it lacks the label. */
  has?: string;
  wants: string;
}

export function explainService(api: ApiServer, svc: KubeObject): Explanation {
  const ns = svc.metadata.namespace!;
  const name = svc.metadata.name!;
  const base = { kind: 'Service', namespace: ns, name };
  const podType = api.registry.forKind('v1', 'Pod')!;
  const selector = (svc.spec?.selector ?? {}) as Record<string, string>;
  if (svc.spec?.type === 'ExternalName') {
    return { ...base, state: 'ExternalName', healthy: true, summary: `it is an ExternalName Service: DNS answers with a CNAME to ${svc.spec.externalName}; it has no endpoints by design`, sections: [], fixes: [] };
  }
  if (!hasManagedEndpoints(svc)) {
    const ep = api.tryGet(api.registry.forKind('v1', 'Endpoints')!, ns, name);
    const n = (ep?.subsets ?? []).reduce((s: number, x: any) => s + (x.addresses ?? []).length, 0);
    return {
      ...base, state: `${n} endpoints`, healthy: n > 0,
      summary: `it has no selector: no controller fills its endpoints; they are the ${n} address(es) of the Endpoints object ${name} you manage`,
      sections: [], fixes: n > 0 ? [] : [`add spec.selector, or create Endpoints ${name} in namespace ${ns}`],
    };
  }
  const all = api.list(podType);
  const inNs = all.filter((p) => p.metadata.namespace === ns);
  const selected = new PodIndex(inNs, new Set(Object.keys(selector))).select(ns, selector);
  const matching = inNs.filter((p) => mapSelectorMatches(selector, p.metadata.labels));
  const slices = desiredSlices(svc, selected);
  const endpoints = slices.flatMap((s) => (s.endpoints ?? []) as any[]);
  const readyEndpoints = endpoints.filter((e) => e.conditions?.ready);
  const ports = (svc.spec?.ports ?? []) as any[];

  const rows: string[][] = [];
  const podProblems: string[] = [];
  for (const pod of matching) {
    const pname = pod.metadata.name!;
    const ep = endpoints.find((e) => e.targetRef?.name === pname);
    let why = '';
    let inSlice = 'no';
    if (!selected.includes(pod)) why = pod.status?.podIP ? `it has finished (${pod.status.phase})` : `no pod IP yet: ${explainPod(api, pod).summary}`;
    else if (!ep) why = `no container port is named ${ports.map((p) => p.targetPort).filter((t) => typeof t === 'string' && !/^\d+$/.test(t)).join(', ')} (named targetPort)`;
    else {
      inSlice = ep.conditions.ready ? 'ready' : ep.conditions.terminating ? 'terminating' : 'not ready';
      if (!ep.conditions.ready) why = explainPod(api, pod).summary;
    }
    if (why) podProblems.push(`${pname}: ${why}`);
    rows.push([pname, pod.spec?.nodeName ?? '<none>', inSlice, why]);
  }

  // With a one-term selector every pod with that key "almost" matches: only worth naming when none matches.
  const nearMisses = Object.keys(selector).length > 1 || matching.length === 0 ? nearMissesOf(selector, inNs) : [];
  const elsewhere = all.filter((p) => p.metadata.namespace !== ns && Object.keys(selector).length && mapSelectorMatches(selector, p.metadata.labels));
  const undeclared = undeclaredTargetPorts(ports, selected);

  const sections: Section[] = [];
  const selText = Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',');
  sections.push({ title: `Selector ${selText} in namespace ${ns}: ${matching.length} pod(s) match`, ...(rows.length ? { table: { head: ['POD', 'NODE', 'ENDPOINT', 'WHY NOT READY'], rows } } : { lines: ['no pod in the namespace has all these labels'] }) });
  if (nearMisses.length) {
    sections.push({ title: 'Pods that match all but one label', lines: nearMisses.map((m) => `${m.pod}: has ${m.has === undefined ? `no label ${m.label}` : `${m.label}=${m.has}`}, the selector wants ${m.label}=${m.wants}`) });
  }
  if (elsewhere.length) {
    sections.push({ title: 'Matching pods in other namespaces (a Service selects only in its own)', lines: elsewhere.map((p) => `${p.metadata.namespace}/${p.metadata.name}`) });
  }
  if (undeclared.length) sections.push({ title: 'Target ports', lines: undeclared });

  const fixes: string[] = [];
  for (const m of matching.length ? [] : dedupeByLabel(nearMisses)) {
    fixes.push(`if the pods are right, change the selector to ${m.label}=${m.has ?? '(remove the key)'}: kubectl-lite patch service ${name} -n ${ns} -p '{"spec":{"selector":{"${m.label}":${m.has === undefined ? 'null' : JSON.stringify(m.has)}}}}'`);
  }
  if (elsewhere.length && !matching.length) fixes.push(`create the Service in namespace ${elsewhere[0]!.metadata.namespace} (where the pods are)`);
  if (undeclared.length) fixes.push('set targetPort to a port the containers declare (kubectl-lite get pods -o jsonpath=\'{..containerPort}\')');

  const n = readyEndpoints.length;
  let summary: string;
  if (matching.length === 0) {
    summary = nearMisses.length
      ? `no pod matches its selector ${selText}; ${new Set(nearMisses.map((m) => m.pod)).size} pod(s) miss by one label (${dedupeByLabel(nearMisses).map((m) => `${m.label}`).join(', ')})`
      : elsewhere.length
        ? `no pod in namespace ${ns} matches ${selText}; ${elsewhere.length} in other namespaces do`
        : `no pod matches its selector ${selText}`;
  } else if (n < matching.length) {
    summary = `${n} of the ${matching.length} pods it selects are ready endpoints: ${podProblems[0] ?? ''}`;
  } else if (undeclared.length) {
    summary = `${n} endpoint(s), but ${undeclared[0]}`;
  } else summary = `${n} ready endpoint(s): every pod it selects`;
  return {
    ...base,
    state: `${n}/${matching.length} endpoints ready`,
    healthy: matching.length > 0 && n === matching.length && undeclared.length === 0,
    summary,
    sections,
    fixes,
    details: {
      selector,
      matching: matching.map((p) => p.metadata.name),
      readyEndpoints: readyEndpoints.map((e) => e.targetRef?.name),
      nearMisses,
      otherNamespaces: elsewhere.map((p) => `${p.metadata.namespace}/${p.metadata.name}`),
      targetPortProblems: undeclared,
    },
  };
}

/** Pods in the namespace whose labels satisfy every selector term but one. */
function nearMissesOf(selector: Record<string, string>, pods: KubeObject[]): NearMiss[] {
  const terms = Object.entries(selector);
  if (terms.length === 0) return [];
  const out: NearMiss[] = [];
  for (const pod of pods) {
    const labels = pod.metadata.labels ?? {};
    const missed = terms.filter(([k, v]) => labels[k] !== v);
    if (missed.length !== 1) continue;
    // A one-term selector "almost matches" every pod: then only a value one or two edits away (a typo) counts.
    const [k, v] = missed[0]!;
    if (terms.length === 1 && !(k in labels && editDistance(labels[k]!, v) <= 2)) continue;
    out.push({ pod: pod.metadata.name!, label: k, has: labels[k], wants: v });
  }
  return out;
}

function dedupeByLabel(misses: NearMiss[]): NearMiss[] {
  const seen = new Map<string, NearMiss>();
  for (const m of misses) if (!seen.has(`${m.label}=${m.has}`)) seen.set(`${m.label}=${m.has}`, m);
  return [...seen.values()];
}

/** Numeric target ports no container of the selected pods declares: endpoints exist, connections are refused. */
function undeclaredTargetPorts(ports: any[], pods: KubeObject[]): string[] {
  if (pods.length === 0) return [];
  const out: string[] = [];
  for (const p of ports) {
    const declared = pods.filter((pod) => {
      const target = resolveTargetPort(p, pod);
      return (pod.spec?.containers ?? []).some((c: any) => (c.ports ?? []).some((cp: any) => cp.containerPort === target && (cp.protocol ?? 'TCP') === (p.protocol ?? 'TCP')));
    });
    if (declared.length === 0) {
      const target = p.targetPort ?? p.port;
      const have = [...new Set(pods.flatMap((pod) => (pod.spec?.containers ?? []).flatMap((c: any) => (c.ports ?? []).map((cp: any) => `${cp.containerPort}${cp.name ? ` (${cp.name})` : ''}`))))];
      out.push(`port ${p.port} sends to targetPort ${target}, which no container declares (they declare ${have.length ? have.join(', ') : 'no ports'})`);
    }
  }
  return out;
}
