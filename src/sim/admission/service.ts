/**
 * Service REST allocation, as the API server does it on create and update: ClusterIPs
 * from the service CIDR, NodePorts from the node-port range (kept across updates), and
 * the IP-family fields that go with them.
 */
import type { ApiServer } from '../../api/server.js';
import type { KubeObject } from '../../api/types.js';
import { invalid, type StatusCause } from '../../errors.js';
import {
  AllocationError,
  allocateClusterIP,
  allocateNodePort,
  claimClusterIP,
  claimNodePort,
  defaultRandom,
  type Random,
} from '../ipam.js';

interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
  nodePort?: number;
}

export function admitService(api: ApiServer, svc: KubeObject, op: 'create' | 'update', old?: KubeObject, random: Random = defaultRandom): void {
  const spec = (svc.spec ??= {});
  const type: string = spec.type ?? 'ClusterIP';
  const others = api.list(api.registry.forKind('v1', 'Service')!).filter(
    (s) => !(s.metadata.namespace === svc.metadata.namespace && s.metadata.name === svc.metadata.name),
  );
  const causes: StatusCause[] = [];
  if (type === 'ExternalName') {
    if (op === 'update') dropAllocatedIPs(spec, old);
  } else {
    assignClusterIP(spec, others, op === 'update' ? old : undefined, random, causes);
    defaultIPFamilies(spec);
  }
  assignNodePorts(spec, type, others, op === 'update' ? old : undefined, random, causes);
  if (causes.length) throw invalid('Service', '', svc.metadata.name ?? '', causes);
}

function assignClusterIP(spec: any, others: KubeObject[], old: KubeObject | undefined, random: Random, causes: StatusCause[]): void {
  const requested: string | undefined = spec.clusterIP || spec.clusterIPs?.[0] || undefined;
  const previous: string | undefined = old?.spec?.clusterIP || undefined;
  if (previous && (!requested || requested === previous)) {
    spec.clusterIP = previous;
    spec.clusterIPs = old!.spec.clusterIPs ?? [previous];
    return;
  }
  if (previous) {
    const ips = (spec.clusterIPs as string[] | undefined) ?? [requested!];
    causes.push({ field: 'spec.clusterIPs[0]', message: `Invalid value: ${goStrings(ips)}: may not change once set` });
    return;
  }
  if (requested === 'None') {
    spec.clusterIP = 'None';
    spec.clusterIPs = ['None'];
    return;
  }
  const used = new Set<string>();
  for (const s of others) for (const ip of s.spec?.clusterIPs ?? [s.spec?.clusterIP]) if (ip && ip !== 'None') used.add(ip);
  try {
    if (requested) claimClusterIP(requested, used);
    const ip = requested ?? allocateClusterIP(used, random);
    spec.clusterIP = ip;
    spec.clusterIPs = [ip];
  } catch (err) {
    if (!(err instanceof AllocationError)) throw err;
    const ips = (spec.clusterIPs as string[] | undefined) ?? [requested];
    causes.push({
      field: 'spec.clusterIPs',
      message: `Invalid value: ${goStrings(ips)}: failed to allocate IP ${requested}: ${err.message}`,
    });
  }
}

/** A []string as field errors print it (Go %#v). */
function goStrings(values: Array<string | undefined>): string {
  return `[]string{${values.map((v) => JSON.stringify(v ?? '')).join(', ')}}`;
}

/** Turning into ExternalName releases the addresses the API server had allocated (unless the user changed them). */
function dropAllocatedIPs(spec: any, old: KubeObject | undefined): void {
  const previous = old?.spec?.clusterIP;
  if (!previous || (spec.clusterIP && spec.clusterIP !== previous)) return;
  delete spec.clusterIP;
  delete spec.clusterIPs;
  delete spec.ipFamilies;
  delete spec.ipFamilyPolicy;
}

/** SingleStack IPv4; a headless Service without a selector gets RequireDualStack (families still just IPv4 here). */
function defaultIPFamilies(spec: any): void {
  const headlessSelectorless = spec.clusterIP === 'None' && !spec.selector;
  spec.ipFamilyPolicy ??= headlessSelectorless ? 'RequireDualStack' : 'SingleStack';
  spec.ipFamilies ??= ['IPv4'];
}

function needsNodePorts(spec: any, type: string): boolean {
  if (type === 'NodePort') return true;
  return type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false;
}

function assignNodePorts(spec: any, type: string, others: KubeObject[], old: KubeObject | undefined, random: Random, causes: StatusCause[]): void {
  const ports: ServicePort[] = spec.ports ?? [];
  if (!needsNodePorts(spec, type)) {
    ports.forEach((p, i) => {
      if (p.nodePort === undefined || type === 'LoadBalancer') return;
      if (old) delete p.nodePort;
      else causes.push({ field: `spec.ports[${i}].nodePort`, message: `Forbidden: may not be used when \`type\` is '${type}'` });
    });
    return;
  }
  const used = new Set<number>();
  for (const s of others) {
    for (const p of (s.spec?.ports ?? []) as ServicePort[]) if (p.nodePort) used.add(p.nodePort);
    if (s.spec?.healthCheckNodePort) used.add(s.spec.healthCheckNodePort);
  }
  const previous = new Map<string, number>();
  for (const p of (old?.spec?.ports ?? []) as ServicePort[]) if (p.nodePort) previous.set(`${p.port}/${p.protocol ?? 'TCP'}`, p.nodePort);
  const mine = new Set<number>();
  ports.forEach((p, i) => {
    if (p.nodePort) {
      // Two ports of one Service may share a NodePort (TCP and UDP on the same number).
      const reused = [...previous.values()].includes(p.nodePort) || mine.has(p.nodePort);
      const problem = reused ? undefined : claimNodePort(p.nodePort, used);
      if (problem) causes.push({ field: `spec.ports[${i}].nodePort`, message: `Invalid value: ${p.nodePort}: ${problem}` });
    } else {
      p.nodePort = previous.get(`${p.port}/${p.protocol ?? 'TCP'}`) ?? allocateNodePort(new Set([...used, ...mine]), random);
    }
    mine.add(p.nodePort!);
  });
  if (type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local' && !spec.healthCheckNodePort) {
    spec.healthCheckNodePort = old?.spec?.healthCheckNodePort ?? allocateNodePort(new Set([...used, ...mine]), random);
  }
}
