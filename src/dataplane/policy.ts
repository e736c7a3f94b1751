/**
 * NetworkPolicy as a policy-enforcing CNI applies it (Calico, Cilium): a pod selected by at
 * least one policy of a direction (Ingress, Egress) is isolated in that direction, and then
 * only what some rule of some selecting policy allows gets through (the union); everything
 * else is dropped silently, so the client times out. A connection needs both the source's
 * egress and the destination's ingress to allow it. Traffic a pod sends to itself, and
 * hostNetwork pods, are not subject to policy.
 *
 * Pure: `evaluatePolicies` reads the World and returns the decision with the policy and rule
 * that decided, for the hops of a request and for explanations.
 */
import { labelSelectorMatches } from '../api/labels.js';
import type { KubeObject } from '../api/types.js';
import { ipToInt } from '../sim/ipam.js';
import type { World } from './types.js';
import { indexOf } from './world.js';

/** Who sends: an IP (after any SNAT), and the pod that owns it when there is one. */
export interface PolicyPeer {
  ip: string;
  pod?: KubeObject;
}

export interface DirectionDecision {
  /** Some policy selects the pod for this direction. */
  isolated: boolean;
  allowed: boolean;
  /** `namespace/name` of each policy selecting the pod for this direction. */
  policies: string[];
  /** The policy and rule (1-based) that allowed it, when one did. */
  rule?: { policy: string; index: number };
  reason: string;
}

export interface PolicyDecision {
  allowed: boolean;
  egress: DirectionDecision;
  ingress: DirectionDecision;
  reasons: string[];
}

export interface PortSpec {
  port: number;
  /** ICMP (ping) matches only rules without ports. */
  protocol?: 'TCP' | 'UDP' | 'SCTP' | 'ICMP';
}

function policyTypes(p: KubeObject): string[] {
  const t = p.spec?.policyTypes as string[] | undefined;
  if (t && t.length) return t;
  return p.spec?.egress ? ['Ingress', 'Egress'] : ['Ingress'];
}

const keyOf = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;

function namespaceLabels(world: World, ns: string): Record<string, string> {
  const obj = indexOf(world).namespace(ns);
  return { 'kubernetes.io/metadata.name': ns, ...(obj?.metadata.labels ?? {}) };
}

export function inCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const a = ipToInt(ip);
  const b = ipToInt(base ?? '');
  if (a === undefined || b === undefined || !(bits >= 0 && bits <= 32)) return false;
  if (bits === 0) return true;
  const shift = 32 - bits;
  return Math.floor(a / 2 ** shift) === Math.floor(b / 2 ** shift);
}

/** Does a peer (from/to entry) match this endpoint of the connection? */
function peerMatches(world: World, policy: KubeObject, peer: any, who: PolicyPeer): boolean {
  if (peer.ipBlock) {
    const block = peer.ipBlock;
    if (!inCidr(who.ip, block.cidr)) return false;
    return !(block.except ?? []).some((c: string) => inCidr(who.ip, c));
  }
  const pod = who.pod;
  if (!pod || pod.spec?.hostNetwork) return false;
  const ns = pod.metadata.namespace!;
  if (peer.namespaceSelector) {
    if (!labelSelectorMatches(peer.namespaceSelector, namespaceLabels(world, ns))) return false;
  } else if (ns !== policy.metadata.namespace) return false;
  if (peer.podSelector) return labelSelectorMatches(peer.podSelector, pod.metadata.labels);
  return true;
}

/** The container port named `name` on `pod` (for named ports in rules). */
function namedPort(pod: KubeObject | undefined, name: string, protocol: string): number | undefined {
  if (!pod) return undefined;
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  for (const c of containers) for (const p of c.ports ?? []) if (p.name === name && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  return undefined;
}

function portMatches(rulePorts: any[] | undefined, port: PortSpec, dest: PolicyPeer): boolean {
  if (!rulePorts || rulePorts.length === 0) return true;
  const protocol = port.protocol ?? 'TCP';
  return rulePorts.some((rp) => {
    if ((rp.protocol ?? 'TCP') !== protocol) return false;
    if (rp.port === undefined || rp.port === null) return true;
    let p: number | undefined;
    if (typeof rp.port === 'number' || /^\d+$/.test(String(rp.port))) p = Number(rp.port);
    else p = namedPort(dest.pod, String(rp.port), protocol);
    if (p === undefined) return false;
    if (rp.endPort !== undefined && typeof rp.port === 'number') return port.port >= p && port.port <= rp.endPort;
    return port.port === p;
  });
}

function decide(world: World, subject: KubeObject, dir: 'Ingress' | 'Egress', other: PolicyPeer, port: PortSpec, dest: PolicyPeer): DirectionDecision {
  const selecting = indexOf(world)
    .policies(subject.metadata.namespace!)
    .filter((p) => policyTypes(p).includes(dir) && labelSelectorMatches(p.spec?.podSelector ?? {}, subject.metadata.labels));
  const subjectName = keyOf(subject);
  const proto = port.protocol ?? 'TCP';
  if (selecting.length === 0) {
    return { isolated: false, allowed: true, policies: [], reason: `no NetworkPolicy selects pod ${subjectName} for ${dir}: ${dir.toLowerCase()} is open` };
  }
  const names = selecting.map(keyOf);
  for (const p of selecting) {
    const rules: any[] = (dir === 'Ingress' ? p.spec?.ingress : p.spec?.egress) ?? [];
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i] ?? {};
      const peers: any[] | undefined = dir === 'Ingress' ? rule.from : rule.to;
      const peerOk = !peers || peers.length === 0 || peers.some((peer) => peerMatches(world, p, peer, other));
      if (peerOk && portMatches(rule.ports, port, dest)) {
        return {
          isolated: true,
          allowed: true,
          policies: names,
          rule: { policy: keyOf(p), index: i + 1 },
          reason: `NetworkPolicy ${keyOf(p)} ${dir.toLowerCase()} rule ${i + 1} allows ${other.ip} on ${proto}/${port.port}`,
        };
      }
    }
  }
  const what = dir === 'Ingress' ? `from ${other.ip}` : `to ${other.ip}`;
  return {
    isolated: true,
    allowed: false,
    policies: names,
    reason: `pod ${subjectName} is isolated for ${dir} by ${names.map((n) => `NetworkPolicy ${n}`).join(', ')} and no rule allows ${proto}/${port.port} ${what}: dropped`,
  };
}

const OPEN = (dir: string, why: string): DirectionDecision => ({ isolated: false, allowed: true, policies: [], reason: `${dir}: ${why}` });

/**
 * Whether `from` may open a connection to `to` on `port`: the source pod's egress policies
 * and the destination pod's ingress policies, each the union of the policies selecting it.
 */
export function evaluatePolicies(world: World, from: PolicyPeer, to: PolicyPeer, port: PortSpec): PolicyDecision {
  const samePod = !!from.pod && !!to.pod && from.pod.metadata.uid === to.pod.metadata.uid;
  const side = (dir: 'Ingress' | 'Egress', subject: PolicyPeer, other: PolicyPeer): DirectionDecision => {
    const name = dir.toLowerCase();
    if (!subject.pod || subject.pod.spec?.hostNetwork) return OPEN(name, `the ${dir === 'Egress' ? 'source' : 'destination'} is not a pod on the pod network`);
    if (samePod) return OPEN(name, 'a pod reaching itself');
    return decide(world, subject.pod, dir, other, port, to);
  };
  const egress = side('Egress', from, to);
  const ingress = side('Ingress', to, from);
  const reasons = [egress.reason, ingress.reason];
  return { allowed: egress.allowed && ingress.allowed, egress, ingress, reasons };
}
