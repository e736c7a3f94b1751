/**
 * Why traffic from one pod to another (or to a Service's pods) is dropped: a thin adapter over the
 * dataplane's NetworkPolicy engine, `evaluatePolicies(world, from, to, port)` in
 * src/dataplane/policy.ts, which decides every connection. The engine is loaded when the build
 * has it; the explanation itself takes it as a parameter.
 */
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import { isPodReady, resolveTargetPort } from '../controllers/endpoints.js';
import { mapSelectorMatches } from '../api/labels.js';
import { CliError } from '../errors.js';
import type { Explanation } from './types.js';

type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** The shape of the engine's answer this adapter reads (src/dataplane/policy.ts). */
export interface DirectionVerdict {
  isolated: boolean;
  allowed: boolean;
  policies: string[];
  rule?: { policy: string; index: number };
  reason: string;
}

export interface PolicyEngine {
  /** evaluatePolicies over a world built from the snapshot at `now`. */
  evaluate(api: ApiServer, from: { ip: string; pod?: KubeObject }, to: { ip: string; pod?: KubeObject }, port: { port: number; protocol?: Protocol }): { allowed: boolean; egress: DirectionVerdict; ingress: DirectionVerdict };
}

/** The dataplane's engine, when this build includes it; undefined otherwise. */
export async function loadPolicyEngine(): Promise<PolicyEngine | undefined> {
  try {
    // @ts-ignore: present once the dataplane's policy engine is in the tree; absent, the import fails here and is caught.
    const policy = await import('../dataplane/policy.js');
    // @ts-ignore: as above.
    const world = await import('../dataplane/world.js');
    return {
      evaluate: (api, from, to, port) => policy.evaluatePolicies(world.buildWorld(api.store, api.clock.now().getTime()), from, to, port),
    };
  } catch {
    return undefined;
  }
}

/** `--to pod/NAME` or `--to svc/NAME`: the pods traffic would reach and the port it arrives on. */
export function trafficTargets(api: ApiServer, to: string, namespace: string, port: number | undefined): Array<{ pod: KubeObject; port: number; protocol: Protocol }> {
  const [kind, name] = to.split('/');
  if (!kind || !name) throw new CliError('--to must be pod/NAME or svc/NAME');
  const type = api.registry.resolve(kind);
  const podType = api.registry.forKind('v1', 'Pod')!;
  if (type.kind === 'Pod') {
    const pod = api.get(type, namespace, name);
    const declared = (pod.spec?.containers ?? []).flatMap((c: any) => c.ports ?? [])[0];
    const p = port ?? declared?.containerPort;
    if (p === undefined) throw new CliError('--port is required: the pod declares no port');
    return [{ pod, port: p, protocol: declared?.protocol ?? 'TCP' }];
  }
  if (type.kind !== 'Service') throw new CliError('--to must be pod/NAME or svc/NAME');
  const svc = api.get(type, namespace, name);
  const ports = (svc.spec?.ports ?? []) as any[];
  const sp = port === undefined ? ports[0] : ports.find((p) => p.port === port);
  if (!sp) throw new CliError(`service "${name}" has no port ${port ?? ''}`.trim());
  const pods = api.list(podType, namespace).filter((p) => p.status?.podIP && isPodReady(p) && mapSelectorMatches(svc.spec?.selector ?? {}, p.metadata.labels) && Object.keys(svc.spec?.selector ?? {}).length);
  return pods.flatMap((pod) => {
    const target = resolveTargetPort(sp, pod);
    return target === undefined ? [] : [{ pod, port: target, protocol: sp.protocol ?? 'TCP' }];
  });
}

export function explainTraffic(api: ApiServer, engine: PolicyEngine, from: KubeObject, to: string, targets: Array<{ pod: KubeObject; port: number; protocol: Protocol }>): Explanation {
  const base = { kind: 'Pod', namespace: from.metadata.namespace, name: from.metadata.name! };
  const src = { ip: from.status?.podIP ?? '', pod: from };
  const rows: string[][] = [];
  const verdicts = targets.map((t) => {
    const d = engine.evaluate(api, src, { ip: t.pod.status?.podIP ?? '', pod: t.pod }, { port: t.port, protocol: t.protocol });
    rows.push([`${t.pod.metadata.name}:${t.port}`, d.egress.allowed ? 'allowed' : 'DROPPED', d.ingress.allowed ? 'allowed' : 'DROPPED']);
    return { target: t, decision: d };
  });
  const dropped = verdicts.filter((v) => !v.decision.allowed);
  const lines = verdicts.flatMap((v) => [
    `${v.target.pod.metadata.name}: egress from ${from.metadata.name}: ${v.decision.egress.reason}`,
    `${v.target.pod.metadata.name}: ingress: ${v.decision.ingress.reason}`,
  ]);
  const fixes: string[] = [];
  for (const v of dropped) {
    const d = v.decision;
    if (!d.egress.allowed) fixes.push(`add an egress rule to ${d.egress.policies.join(' or ')} allowing ${v.target.pod.metadata.namespace}/${v.target.pod.metadata.name} (its labels ${labelsOf(v.target.pod)}) on ${v.target.protocol} ${v.target.port}`);
    if (!d.ingress.allowed) fixes.push(`add an ingress rule to ${d.ingress.policies.join(' or ')} allowing ${from.metadata.namespace}/${from.metadata.name} (its labels ${labelsOf(from)}) on ${v.target.protocol} ${v.target.port}`);
  }
  const summary = targets.length === 0
    ? `${to} has no ready pod to send to`
    : dropped.length === 0
      ? `NetworkPolicies allow its traffic to ${to} (${targets.length} pod(s))`
      : `NetworkPolicies drop its traffic to ${dropped.length} of ${targets.length} pod(s) of ${to}: ${!dropped[0]!.decision.egress.allowed ? dropped[0]!.decision.egress.reason : dropped[0]!.decision.ingress.reason}`;
  return {
    ...base,
    state: dropped.length ? 'dropped' : 'allowed',
    healthy: targets.length > 0 && dropped.length === 0,
    summary,
    sections: [{ title: `Traffic to ${to}`, table: { head: ['TO', 'EGRESS', 'INGRESS'], rows } }, { title: 'What the policies decided', lines }],
    fixes: [...new Set(fixes)],
    details: { traffic: verdicts.map((v) => ({ pod: v.target.pod.metadata.name, port: v.target.port, allowed: v.decision.allowed, egress: v.decision.egress, ingress: v.decision.ingress })) },
  };
}

const labelsOf = (p: KubeObject) => Object.entries(p.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || 'none';
