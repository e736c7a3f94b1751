/**
 * Where a connection goes, as a kind cluster routes it: localhost inside a pod's network
 * namespace, kube-proxy's iptables rules for ClusterIPs, NodePorts and LoadBalancer IPs, the
 * pod network (kindnet) with NetworkPolicy enforced, and the containers listening in the pod
 * that receives it. Computed from the World; nothing is remembered between Worlds except
 * through the objects themselves.
 */
import type { KubeObject } from '../api/types.js';
import { listeningPorts, serverContainers, type Protocol } from '../sim/ports.js';
import { evaluatePolicies } from './policy.js';
import type { ConnectResult, Hop, Origin, World } from './types.js';
import { indexOf, nodeInternalIP, type Endpoint } from './world.js';

/** The host, as kind's host sits on the `kind` docker network: its gateway address. */
export const HOST_IP = '172.18.0.1';
/** kube-proxy's default for sessionAffinityConfig.clientIP.timeoutSeconds. */
export const DEFAULT_AFFINITY_SECONDS = 10800;
export type { Protocol };

/** The connection's source as the network sees it. */
export interface Source {
  ip: string;
  pod?: KubeObject;
  container?: string;
  node?: string;
}

export function sourceOf(world: World, origin: Origin): Source {
  if (origin.kind === 'host') return { ip: HOST_IP };
  const pod = origin.pod;
  const node = pod.spec?.nodeName as string | undefined;
  const nodeObj = node ? indexOf(world).node(node) : undefined;
  const ip = pod.spec?.hostNetwork ? (nodeObj && nodeInternalIP(nodeObj)) || pod.status?.podIP : pod.status?.podIP;
  return { ip: ip ?? '', pod, container: origin.container, node };
}

function containerStatus(pod: KubeObject, name: string): any {
  return [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((s: any) => s.name === name);
}

export function containerRunning(pod: KubeObject, name: string): boolean {
  return !!containerStatus(pod, name)?.state?.running;
}

/** `TCP/80` → the running container listening there, per pod object (objects from a snapshot never change). */
const listenersOf = new WeakMap<KubeObject, Map<string, string>>();

function listeners(pod: KubeObject): Map<string, string> {
  let map = listenersOf.get(pod);
  if (map) return map;
  map = new Map();
  for (const c of serverContainers(pod)) {
    if (!containerRunning(pod, c.name)) continue;
    for (const l of listeningPorts(pod, c)) {
      const key = `${l.protocol}/${l.port}`;
      if (!map.has(key)) map.set(key, c.name);
    }
  }
  listenersOf.set(pod, map);
  return map;
}

/**
 * The container of `pod` that has `port` open: the first running container that listens on it.
 * (Two containers cannot both bind one port: the kubelet fails the second, see src/sim/ports.ts.)
 */
export function listenerOn(pod: KubeObject, port: number, protocol: Protocol = 'TCP'): string | undefined {
  return listeners(pod).get(`${protocol}/${port}`);
}

type Fail = Extract<ConnectResult, { ok: false }>;
const fail = (error: Fail['error'], message: string, hops: Hop[]): Fail => ({ ok: false, error, message, hops });
/** Appends to the connection's hop list (one list per connection) and returns it. */
const add = (hops: Hop[], hop: Hop): Hop[] => {
  hops.push(hop);
  return hops;
};
const refused = (hops: Hop[], why: string): Fail => fail('refused', 'Connection refused', add(hops, { what: 'pod', detail: why }));

function isLoopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1' || ip === 'localhost';
}

/** Opens a connection from `origin` to ip:port. */
export function connect(world: World, origin: Origin, ip: string, port: number, protocol: Protocol = 'TCP'): ConnectResult {
  return connectFrom(world, sourceOf(world, origin), ip, port, protocol, []);
}

export function connectFrom(world: World, src: Source, ip: string, port: number, protocol: Protocol, hops: Hop[]): ConnectResult {
  const ix = indexOf(world);
  if (isLoopback(ip)) return loopback(world, src, port, protocol, hops);
  if (src.pod && ip === src.pod.status?.podIP && !src.pod.spec?.hostNetwork) return podConnect(world, src, src.pod, ip, port, protocol, hops);
  const svc = ix.serviceByIP(ip);
  if (svc) {
    if (!src.pod) return fail('timeout', `no route from the host to the Service network (${ip})`, hops);
    return clusterIP(world, src, svc, port, protocol, hops);
  }
  const lb = ix.serviceByLoadBalancerIP(ip);
  if (lb) return loadBalancer(world, src, lb, ip, port, protocol, hops);
  const node = ix.nodeByIP(ip);
  if (node) return nodeConnect(world, src, node, port, protocol, hops);
  const pod = ix.podByIP(ip);
  if (pod) {
    if (!src.pod) return fail('timeout', `no route from the host to the pod network (${ip})`, hops);
    return podConnect(world, src, pod, ip, port, protocol, hops);
  }
  return fail('timeout', `nothing in the simulated cluster has the address ${ip}`, hops);
}

function loopback(world: World, src: Source, port: number, protocol: Protocol, hops: Hop[]): ConnectResult {
  if (!src.pod) return fail('refused', 'Connection refused', add(hops, { what: 'localhost', detail: `nothing listens on the host's port ${port}` }));
  const pod = src.pod;
  const candidates = [pod];
  if (pod.spec?.hostNetwork) {
    // The node's network namespace: every hostNetwork pod on the node shares it.
    for (const p of indexOf(world).pods()) if (p !== pod && p.spec?.hostNetwork && p.spec?.nodeName === pod.spec.nodeName) candidates.push(p);
  }
  for (const p of candidates) {
    const c = listenerOn(p, port, protocol);
    if (c) {
      const detail = p === pod ? `localhost:${port} → container ${c} of pod ${pod.metadata.name}` : `localhost:${port} → container ${c} of pod ${p.metadata.name} (host network)`;
      return { ok: true, ip: '127.0.0.1', port, pod: p, container: c, node: p.spec?.nodeName, hops: add(hops, { what: 'localhost', detail }) };
    }
  }
  return fail('refused', 'Connection refused', add(hops, { what: 'localhost', detail: `no container of pod ${pod.metadata.name} listens on ${protocol}/${port}` }));
}

function servicePort(svc: KubeObject, port: number, protocol: Protocol, field: 'port' | 'nodePort'): any {
  return (svc.spec?.ports ?? []).find((p: any) => p[field] === port && (p.protocol ?? 'TCP') === protocol);
}

const svcName = (svc: KubeObject) => `${svc.metadata.namespace}/${svc.metadata.name}`;

function affinitySeconds(svc: KubeObject): number | undefined {
  if (svc.spec?.sessionAffinity !== 'ClientIP') return undefined;
  return svc.spec?.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_AFFINITY_SECONDS;
}

const usableOf = new WeakMap<Endpoint[], Map<string, Endpoint[]>>();

/** Ready endpoints serving the port; serving-and-terminating ones only when none is ready (kube-proxy). */
function usableEndpoints(candidates: Endpoint[], name: string): Endpoint[] {
  let byName = usableOf.get(candidates);
  if (!byName) usableOf.set(candidates, (byName = new Map()));
  let usable = byName.get(name);
  if (usable) return usable;
  usable = candidates.filter((e) => e.ready && !e.terminating && e.ports.has(name));
  if (usable.length === 0) usable = candidates.filter((e) => e.serving && e.terminating && e.ports.has(name));
  byName.set(name, usable);
  return usable;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * kube-proxy's choice among endpoints: ready ones (serving-and-terminating ones only when none
 * is ready), uniformly at random; with ClientIP affinity, the endpoint the client had while it
 * stays usable and the timeout has not run out.
 */
export function chooseEndpoint(world: World, svc: KubeObject, sp: any, candidates: Endpoint[], clientIP: string): Endpoint | undefined {
  const name = sp.name ?? '';
  const usable = usableEndpoints(candidates, name);
  if (usable.length === 0) return undefined;
  const timeout = affinitySeconds(svc);
  if (timeout === undefined) return usable[Math.floor(world.random() * usable.length)];
  const table = indexOf(world).affinity;
  const key = `${svc.metadata.uid}/${name}/${clientIP}`;
  const held = table.get(key);
  if (held && world.now - held[1] <= timeout * 1000) {
    const ep = usable.find((e) => e.ip === held[0]);
    if (ep) {
      held[1] = world.now;
      return ep;
    }
  }
  // A client's first connection: the same client lands on the same endpoint from one command to
  // the next while the endpoints stay the same, as kube-proxy's recent-list would keep it.
  const ep = usable[hash(key) % usable.length]!;
  table.set(key, [ep.ip, world.now]);
  return ep;
}

/**
 * kube-proxy's DNAT to one endpoint, then the pod network. `masquerade`: externalTrafficPolicy
 * Cluster, where the source becomes the receiving node's address (or the endpoint's node's).
 */
function toEndpoint(world: World, src: Source, svc: KubeObject, sp: any, eps: Endpoint[], hops: Hop[], what: Hop['what'], protocol: Protocol, dropWhenNone: string | undefined, masquerade?: { node?: KubeObject }): ConnectResult {
  const ep = chooseEndpoint(world, svc, sp, eps, src.ip);
  if (ep && masquerade) {
    const via = masquerade.node ?? (ep.nodeName ? indexOf(world).node(ep.nodeName) : undefined);
    src = { ...src, ip: (via && nodeInternalIP(via)) || src.ip };
  }
  if (!ep) {
    if (dropWhenNone) return fail('timeout', dropWhenNone, add(hops, { what, detail: dropWhenNone }));
    return fail('refused', 'Connection refused', add(hops, { what, detail: `Service ${svcName(svc)} has no ready endpoints: kube-proxy rejects the connection` }));
  }
  const target = ep.ports.get(sp.name ?? '')!;
  const next = add(hops, { what, detail: `Service ${svcName(svc)} port ${sp.port}/${sp.protocol ?? 'TCP'} → endpoint ${ep.ip}:${target}${ep.pod ? ` (pod ${ep.pod.metadata.name})` : ''}` });
  if (!ep.pod) {
    // An endpoint on a node's own address (the kubernetes Service's: the API server on the
    // control plane's host network) is reached as the node is.
    const node = indexOf(world).nodeByIP(ep.ip);
    if (node) return nodeConnect(world, src, node, target, protocol, next);
    return fail('timeout', `endpoint ${ep.ip} is not a pod of this cluster`, next);
  }
  return podConnect(world, src, ep.pod, ep.ip, target, protocol, next);
}

function clusterIP(world: World, src: Source, svc: KubeObject, port: number, protocol: Protocol, hops: Hop[]): ConnectResult {
  const sp = servicePort(svc, port, protocol, 'port');
  if (!sp) return fail('timeout', `Service ${svcName(svc)} has no port ${port}/${protocol}: kube-proxy has no rule and the packet is dropped`, add(hops, { what: 'service', detail: `Service ${svcName(svc)} does not serve ${protocol}/${port}` }));
  let eps = indexOf(world).endpoints(svc);
  let drop: string | undefined;
  if (svc.spec?.internalTrafficPolicy === 'Local') {
    eps = indexOf(world).endpointsOn(svc, src.node);
    drop = `internalTrafficPolicy: Local and Service ${svcName(svc)} has no ready endpoint on node ${src.node ?? '(none)'}: dropped`;
  }
  return toEndpoint(world, src, svc, sp, eps, hops, 'service', protocol, drop);
}

function externalPath(world: World, src: Source, svc: KubeObject, sp: any, node: KubeObject | undefined, hops: Hop[], what: Hop['what'], protocol: Protocol): ConnectResult {
  let eps = indexOf(world).endpoints(svc);
  if (svc.spec?.externalTrafficPolicy === 'Local') {
    if (node) {
      eps = indexOf(world).endpointsOn(svc, node.metadata.name);
      const drop = `externalTrafficPolicy: Local and Service ${svcName(svc)} has no ready endpoint on node ${node.metadata.name}: dropped`;
      return toEndpoint(world, src, svc, sp, eps, hops, what, protocol, drop);
    }
    // A load balancer sends only to nodes whose health check passes (those with a local endpoint); the client's IP is kept.
    return toEndpoint(world, src, svc, sp, eps, hops, what, protocol, undefined);
  }
  // externalTrafficPolicy: Cluster: kube-proxy masquerades, so the pod sees a node's address.
  return toEndpoint(world, src, svc, sp, eps, hops, what, protocol, undefined, { node });
}

function loadBalancer(world: World, src: Source, svc: KubeObject, ip: string, port: number, protocol: Protocol, hops: Hop[]): ConnectResult {
  const sp = servicePort(svc, port, protocol, 'port');
  const next = add(hops, { what: 'loadbalancer' as const, detail: `LoadBalancer ${ip} of Service ${svcName(svc)}` });
  if (!sp) return fail('timeout', `the load balancer ${ip} does not listen on ${protocol}/${port}`, next);
  return externalPath(world, src, svc, sp, undefined, next, 'loadbalancer', protocol);
}

function nodeConnect(world: World, src: Source, node: KubeObject, port: number, protocol: Protocol, hops: Hop[]): ConnectResult {
  const ix = indexOf(world);
  const name = node.metadata.name!;
  if (ix.nodeDown(name)) return fail('timeout', `node ${name} is not responding`, add(hops, { what: 'nodeport', detail: `node ${name} is down` }));
  const svc = ix.serviceByNodePort(port);
  const sp = svc && servicePort(svc, port, protocol, 'nodePort');
  if (svc && sp) {
    const next = add(hops, { what: 'nodeport' as const, detail: `node ${name} (${nodeInternalIP(node)}) port ${port} → Service ${svcName(svc)} port ${sp.port}` });
    return externalPath(world, src, svc, sp, node, next, 'nodeport', protocol);
  }
  // The node's own network namespace: hostNetwork pods, and hostPort mappings to pods on it.
  for (const p of ix.pods()) {
    if (p.spec?.nodeName !== name || p.metadata.deletionTimestamp && !p.status?.containerStatuses) continue;
    if (p.spec?.hostNetwork) {
      const c = listenerOn(p, port, protocol);
      if (c) return { ok: true, ip: nodeInternalIP(node)!, port, pod: p, container: c, node: name, hops: add(hops, { what: 'pod', detail: `node ${name} port ${port} → container ${c} of pod ${p.metadata.name} (host network)` }) };
      continue;
    }
    for (const c of p.spec?.containers ?? []) {
      for (const cp of c.ports ?? []) {
        if (cp.hostPort === port && (cp.protocol ?? 'TCP') === protocol && p.status?.podIP) {
          const next = add(hops, { what: 'pod' as const, detail: `node ${name} hostPort ${port} → pod ${p.metadata.name} port ${cp.containerPort}` });
          return podConnect(world, src, p, p.status.podIP, cp.containerPort, protocol, next);
        }
      }
    }
  }
  return fail('refused', 'Connection refused', add(hops, { what: 'nodeport', detail: `nothing listens on node ${name} port ${protocol}/${port}` }));
}

/** The last step: the pod network to the pod, NetworkPolicy, and a container listening on the port. */
export function podConnect(world: World, src: Source, pod: KubeObject, ip: string, port: number, protocol: Protocol, hops: Hop[]): ConnectResult {
  const ix = indexOf(world);
  const node = pod.spec?.nodeName as string | undefined;
  const name = `${pod.metadata.namespace}/${pod.metadata.name}`;
  if (ix.nodeDown(node)) return fail('timeout', `pod ${name} is on node ${node}, which is not responding`, add(hops, { what: 'pod', detail: `node ${node} is down: no answer from ${ip}` }));
  const next = hops;
  // Namespaces without NetworkPolicies isolate nothing: no need to evaluate.
  if (ix.policies(pod.metadata.namespace!).length || (src.pod && ix.policies(src.pod.metadata.namespace!).length)) {
    const decision = evaluatePolicies(world, { ip: src.ip, pod: src.pod }, { ip, pod }, { port, protocol });
    if (decision.egress.isolated) next.push({ what: 'policy', detail: decision.egress.reason });
    if (decision.ingress.isolated) next.push({ what: 'policy', detail: decision.ingress.reason });
    if (!decision.allowed) return fail('timeout', decision.egress.allowed ? decision.ingress.reason : decision.egress.reason, next);
  }
  const container = listenerOn(pod, port, protocol);
  if (!container) {
    const why = pod.status?.phase === 'Running' || pod.status?.containerStatuses ? `no running container of pod ${name} listens on ${protocol}/${port}` : `pod ${name} is not running`;
    return refused(next, why);
  }
  return { ok: true, ip, port, pod, container, node, hops: [...next, { what: 'pod', detail: `pod ${name} container ${container} on ${node ?? '?'} accepts ${ip}:${port}` }] };
}
