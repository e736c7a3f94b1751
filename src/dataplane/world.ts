/**
 * The cluster at one simulated moment, as the dataplane reads it: a Snapshot, `now`, a seeded
 * random source, and indexes (pods by IP, Services by IP and name, EndpointSlices by Service,
 * nodes by IP, NetworkPolicies by namespace) built lazily, once per World, the first time a
 * lookup needs them. Creating a World costs nothing; the first request pays for the indexes it
 * uses, and every later one is a map lookup.
 */
import type { KubeObject } from '../api/types.js';
import { stoppedNodes } from '../sim/node-state.js';
import type { Snapshot } from '../store/types.js';
import type { World } from './types.js';

/** One endpoint of a Service as kube-proxy sees it (from the EndpointSlices). */
export interface Endpoint {
  ip: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  nodeName?: string;
  hostname?: string;
  /** The pod behind it (targetRef), when it exists. */
  pod?: KubeObject;
  /** Service port name → the port on this endpoint. */
  ports: Map<string, number>;
}

/** The lazily built indexes of one World. */
export class WorldIndex {
  private podsByIP?: Map<string, KubeObject>;
  private podsByKey?: Map<string, KubeObject>;
  private servicesByIP?: Map<string, KubeObject>;
  private servicesByKey?: Map<string, KubeObject>;
  private lbByIP?: Map<string, KubeObject>;
  private nodePorts?: Map<number, KubeObject>;
  private slicesByService?: Map<string, KubeObject[]>;
  private endpointCache = new Map<string, Endpoint[]>();
  private nodesByName?: Map<string, KubeObject>;
  private nodesByIP?: Map<string, KubeObject>;
  private policiesByNs?: Map<string, KubeObject[]>;
  private namespacesByName?: Map<string, KubeObject>;
  private stopped?: Map<string, number>;
  /** sessionAffinity ClientIP: `svc uid/port name/client IP` → [endpoint IP, last used ms]. */
  readonly affinity = new Map<string, [string, number]>();

  constructor(private readonly snap: Snapshot) {}

  private list(collection: string): KubeObject[] {
    return this.snap.list(collection).map(([, v]) => v as KubeObject);
  }

  /** Pods that hold an IP of their own (not hostNetwork) and have not finished. */
  podByIP(ip: string): KubeObject | undefined {
    if (!this.podsByIP) {
      this.podsByIP = new Map();
      for (const p of this.pods()) {
        const podIP = p.status?.podIP;
        if (!podIP || p.spec?.hostNetwork || isFinished(p)) continue;
        this.podsByIP.set(podIP, p);
      }
    }
    return this.podsByIP.get(ip);
  }

  pod(namespace: string, name: string): KubeObject | undefined {
    this.pods();
    return this.podsByKey!.get(`${namespace}/${name}`);
  }

  pods(): KubeObject[] {
    if (!this.podsByKey) {
      this.podsByKey = new Map();
      for (const p of this.list('core/pods')) this.podsByKey.set(`${p.metadata.namespace}/${p.metadata.name}`, p);
    }
    return [...this.podsByKey.values()];
  }

  /** The Service whose ClusterIP (any of clusterIPs) is `ip`. */
  serviceByIP(ip: string): KubeObject | undefined {
    this.indexServices();
    return this.servicesByIP!.get(ip);
  }

  service(namespace: string, name: string): KubeObject | undefined {
    this.indexServices();
    return this.servicesByKey!.get(`${namespace}/${name}`);
  }

  services(): KubeObject[] {
    this.indexServices();
    return [...this.servicesByKey!.values()];
  }

  /** The LoadBalancer Service with this ingress IP. */
  serviceByLoadBalancerIP(ip: string): KubeObject | undefined {
    this.indexServices();
    return this.lbByIP!.get(ip);
  }

  /** The Service owning this node port (NodePort and LoadBalancer types). */
  serviceByNodePort(port: number): KubeObject | undefined {
    this.indexServices();
    return this.nodePorts!.get(port);
  }

  private indexServices(): void {
    if (this.servicesByKey) return;
    this.servicesByKey = new Map();
    this.servicesByIP = new Map();
    this.lbByIP = new Map();
    this.nodePorts = new Map();
    for (const s of this.list('core/services')) {
      this.servicesByKey.set(`${s.metadata.namespace}/${s.metadata.name}`, s);
      const ips: string[] = s.spec?.clusterIPs ?? (s.spec?.clusterIP ? [s.spec.clusterIP] : []);
      for (const ip of ips) if (ip && ip !== 'None') this.servicesByIP.set(ip, s);
      if (s.spec?.type === 'LoadBalancer') {
        for (const ing of s.status?.loadBalancer?.ingress ?? []) if (ing.ip) this.lbByIP.set(ing.ip, s);
      }
      if (s.spec?.type === 'NodePort' || s.spec?.type === 'LoadBalancer') {
        for (const p of s.spec?.ports ?? []) if (p.nodePort) this.nodePorts.set(p.nodePort, s);
      }
    }
  }

  /** The endpoints of a Service, from its EndpointSlices (deduplicated by IP). */
  endpoints(svc: KubeObject): Endpoint[] {
    const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
    const cached = this.endpointCache.get(key);
    if (cached) return cached;
    if (!this.slicesByService) {
      this.slicesByService = new Map();
      for (const s of this.list('discovery.k8s.io/endpointslices')) {
        const name = s.metadata.labels?.['kubernetes.io/service-name'];
        if (!name) continue;
        const k = `${s.metadata.namespace}/${name}`;
        const l = this.slicesByService.get(k);
        if (l) l.push(s);
        else this.slicesByService.set(k, [s]);
      }
    }
    const byIP = new Map<string, Endpoint>();
    for (const slice of this.slicesByService.get(key) ?? []) {
      if (slice.addressType && slice.addressType !== 'IPv4') continue;
      const ports = new Map<string, number>();
      for (const p of slice.ports ?? []) if ((p.protocol ?? 'TCP') && p.port !== undefined) ports.set(p.name ?? '', p.port);
      for (const e of slice.endpoints ?? []) {
        const ip = e.addresses?.[0];
        if (!ip) continue;
        const prev = byIP.get(ip);
        if (prev) {
          for (const [n, p] of ports) prev.ports.set(n, p);
          continue;
        }
        const ref = e.targetRef;
        const pod = ref?.kind === 'Pod' ? this.pod(ref.namespace ?? svc.metadata.namespace, ref.name) : undefined;
        byIP.set(ip, {
          ip,
          ready: e.conditions?.ready !== false,
          serving: (e.conditions?.serving ?? e.conditions?.ready) !== false,
          terminating: e.conditions?.terminating === true,
          nodeName: e.nodeName,
          hostname: e.hostname,
          pod: pod && (!ref.uid || pod.metadata.uid === ref.uid) ? pod : undefined,
          ports: new Map(ports),
        });
      }
    }
    const list = [...byIP.values()].sort((a, b) => compareIP(a.ip, b.ip));
    this.endpointCache.set(key, list);
    return list;
  }

  private localCache = new Map<string, Endpoint[]>();

  /** The Service's endpoints on one node (for the Local traffic policies). */
  endpointsOn(svc: KubeObject, node: string | undefined): Endpoint[] {
    const key = `${svc.metadata.namespace}/${svc.metadata.name}\u0000${node ?? ''}`;
    let list = this.localCache.get(key);
    if (!list) this.localCache.set(key, (list = this.endpoints(svc).filter((e) => e.nodeName === node)));
    return list;
  }

  node(name: string): KubeObject | undefined {
    this.indexNodes();
    return this.nodesByName!.get(name);
  }

  nodeByIP(ip: string): KubeObject | undefined {
    this.indexNodes();
    return this.nodesByIP!.get(ip);
  }

  nodes(): KubeObject[] {
    this.indexNodes();
    return [...this.nodesByName!.values()];
  }

  private indexNodes(): void {
    if (this.nodesByName) return;
    this.nodesByName = new Map();
    this.nodesByIP = new Map();
    for (const n of this.list('core/nodes')) {
      this.nodesByName.set(n.metadata.name!, n);
      const ip = nodeInternalIP(n);
      if (ip) this.nodesByIP.set(ip, n);
    }
  }

  /** A node that does not forward packets: its kubelet stopped (the machine is down), or it is gone. */
  nodeDown(name: string | undefined): boolean {
    if (!name) return false;
    this.stopped ??= stoppedNodes(this.snap);
    return this.stopped.has(name) || !this.node(name);
  }

  policies(namespace: string): KubeObject[] {
    if (!this.policiesByNs) {
      this.policiesByNs = new Map();
      for (const p of this.list('networking.k8s.io/networkpolicies')) {
        const ns = p.metadata.namespace!;
        const l = this.policiesByNs.get(ns);
        if (l) l.push(p);
        else this.policiesByNs.set(ns, [p]);
      }
    }
    return this.policiesByNs.get(namespace) ?? [];
  }

  namespace(name: string): KubeObject | undefined {
    if (!this.namespacesByName) {
      this.namespacesByName = new Map();
      for (const n of this.list('core/namespaces')) this.namespacesByName.set(n.metadata.name!, n);
    }
    return this.namespacesByName.get(name);
  }
}

export function nodeInternalIP(node: KubeObject): string | undefined {
  return (node.status?.addresses ?? []).find((a: any) => a.type === 'InternalIP')?.address;
}

export function isFinished(pod: KubeObject): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

export function compareIP(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/** A small seeded generator (mulberry32): the same seed gives the same endpoint choices. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class SimWorld implements World {
  readonly random: () => number;
  readonly index: WorldIndex;
  constructor(
    readonly snap: Snapshot,
    readonly now: number,
    seed: number,
  ) {
    this.random = seededRandom(seed);
    this.index = new WorldIndex(snap);
  }
}

const foreign = new WeakMap<World, WorldIndex>();

/** The World's indexes (any World: one made elsewhere gets its own, kept as long as it lives). */
export function indexOf(world: World): WorldIndex {
  if (world instanceof SimWorld) return world.index;
  let ix = foreign.get(world);
  if (!ix) foreign.set(world, (ix = new WorldIndex(world.snap)));
  return ix;
}

/** The cluster at `now`. Without a seed, the moment itself seeds the random source. */
export function buildWorld(snap: Snapshot, now: number, seed?: number): World {
  return new SimWorld(snap, now, seed ?? (now % 2147483647));
}
