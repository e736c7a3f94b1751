/**
 * The load generator's core: what a TARGET (`svc/NAME`, `ingress/NAME`, `pod/NAME`, a URL) means
 * as a request from a given origin in one World, sending batches of requests through the
 * dataplane's `http`, and the tallies a run keeps (per pod served, failures by cause, latencies,
 * a per-second timeline). No IO here: src/cli/load.ts drives the clock, the store and the screen.
 */
import type { KubeObject } from '../api/types.js';
import { CliError, notFound } from '../errors.js';
import { INGRESS_NAMESPACE, INGRESS_SERVICE, INGRESS_STATUS_ADDRESS, ingressClassOf, servedByIngressNginx } from './ingress-class.js';
import { REQUEST_BUCKET_MS, type HttpRequest, type HttpResult, type Origin, type RequestRecord, type World } from './types.js';
import { indexOf, nodeInternalIP } from './world.js';

/** The dataplane functions a run uses (src/dataplane/world.ts and http.ts), injected so tests can stand in. */
export interface Net {
  buildWorld(snap: World['snap'], now: number, seed?: number): World;
  http(world: World, origin: Origin, req: HttpRequest): HttpResult;
}

export type TargetSpec = { kind: 'service' | 'ingress' | 'pod'; namespace: string; name: string; port?: string } | { kind: 'url'; url: string };
export type FromSpec = { kind: 'host' } | { kind: 'pod'; namespace: string; name: string; container?: string };

/** A target as it stands in one World: where the request starts and what it is. */
export interface Aim {
  origin: Origin;
  req: HttpRequest;
  /** `10.96.12.7:80`, `shop.example.com/ via 172.18.0.2:80`. */
  address: string;
  /** How the host reaches it, when it goes through a node (`through lite-control-plane's network`). */
  via?: string;
}

const INGRESSES = 'networking.k8s.io/ingresses';

const RESOURCE_WORDS: Record<string, 'service' | 'ingress' | 'pod'> = {
  svc: 'service', service: 'service', services: 'service',
  ing: 'ingress', ingress: 'ingress', ingresses: 'ingress', 'ingress.networking.k8s.io': 'ingress',
  po: 'pod', pod: 'pod', pods: 'pod',
};

/** Parses TARGET: `svc/NAME[:PORT]`, `ingress/NAME`, `pod/NAME[:PORT]`, or an http(s) URL. */
export function parseTarget(text: string, namespace: string): TargetSpec {
  if (/^https?:\/\//i.test(text)) {
    try {
      new URL(text);
    } catch {
      throw new CliError(`invalid URL "${text}"`);
    }
    return { kind: 'url', url: text };
  }
  const slash = text.indexOf('/');
  const word = slash > 0 ? text.slice(0, slash).toLowerCase() : '';
  const kind = RESOURCE_WORDS[word];
  if (!kind || slash === text.length - 1) {
    throw new CliError(`the target must be svc/NAME, ingress/NAME, pod/NAME or an http:// URL, not "${text}"`);
  }
  const rest = text.slice(slash + 1);
  const colon = rest.indexOf(':');
  const name = colon >= 0 ? rest.slice(0, colon) : rest;
  const port = colon >= 0 ? rest.slice(colon + 1) : undefined;
  return { kind, namespace, name, ...(port ? { port } : {}) };
}

export function parseFrom(text: string | undefined, namespace: string): FromSpec {
  if (!text || text === 'host') return { kind: 'host' };
  const m = /^(?:po|pod|pods)\/([^/]+)$/.exec(text);
  if (!m) throw new CliError(`--from must be "host" or pod/NAME, not "${text}"`);
  return { kind: 'pod', namespace, name: m[1]! };
}

const isControlPlane = (n: KubeObject) => n.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined;

/**
 * The host reaches ClusterIPs and pod IPs only from inside a node, as `docker exec
 * lite-control-plane curl ...` does on kind: the control-plane node's network namespace, i.e.
 * one of its host-network pods (kube-proxy's, else a static pod).
 */
function nodeNetworkOrigin(world: World): { origin: Origin; node: string } {
  const all = indexOf(world).nodes();
  const order = [...all.filter(isControlPlane), ...all.filter((n) => !isControlPlane(n))].map((n) => n.metadata.name!);
  const hostPods = indexOf(world).pods().filter((p) => p.spec?.hostNetwork && p.status?.phase === 'Running');
  for (const node of order) {
    const on = hostPods.filter((p) => p.spec.nodeName === node);
    const pod = on.find((p) => p.metadata.name?.startsWith('kube-proxy-')) ?? on[0];
    if (pod) return { origin: { kind: 'pod', pod, container: pod.spec.containers[0].name }, node };
  }
  throw new CliError('no node of the cluster can reach the Service network from the host (no running host-network pod)');
}

/** kind maps the host's ports 80 and 443 to the node labelled ingress-ready (its extraPortMappings). */
function ingressNodeIP(world: World): string | undefined {
  const n = indexOf(world).nodes().find((x) => x.metadata.labels?.['ingress-ready'] === 'true');
  return n && nodeInternalIP(n);
}

function fromOrigin(world: World, from: FromSpec): Origin {
  if (from.kind === 'host') return { kind: 'host' };
  const pod = indexOf(world).pod(from.namespace, from.name);
  if (!pod) throw notFound('pods', '', from.name);
  const container = from.container ?? pod.spec?.containers?.[0]?.name;
  if (!(pod.spec?.containers ?? []).some((c: any) => c.name === container)) throw new CliError(`container ${container} is not valid for pod ${from.name}`);
  return { kind: 'pod', pod, container };
}

function servicePort(svc: KubeObject, port: string | undefined): any {
  const ports = (svc.spec?.ports ?? []) as any[];
  if (port === undefined) return ports.find((p) => (p.protocol ?? 'TCP') === 'TCP');
  return ports.find((p) => String(p.port) === port || p.name === port);
}

const hostPort = (host: string, port: number, tls = false) => (port === (tls ? 443 : 80) ? host : `${host}:${port}`);

/** Works out the request for a target in one World. Throws (kubectl-style) when it cannot be aimed at all. */
export function aim(world: World, target: TargetSpec, from: FromSpec, opts: { path?: string; host?: string; method?: string } = {}): Aim {
  const origin = fromOrigin(world, from);
  const method = opts.method ?? 'GET';
  const req = (host: string, ip: string, port: number, path: string, tls = false): HttpRequest => ({
    method, host: opts.host ?? host, path: opts.path ?? path, headers: { 'User-Agent': 'kubectl-lite-load', Accept: '*/*' }, ip, port, ...(tls ? { tls } : {}),
  });
  if (target.kind === 'url') {
    const u = new URL(target.url);
    const tls = u.protocol === 'https:';
    const port = u.port ? Number(u.port) : tls ? 443 : 80;
    let ip = u.hostname.replace(/^\[|\]$/g, '');
    let via: string | undefined;
    if ((ip === 'localhost' || ip.startsWith('127.')) && origin.kind === 'host' && (port === 80 || port === 443)) {
      const n = ingressNodeIP(world);
      if (n) {
        via = `kind's port mapping to ${n}:${port}`;
        ip = n;
      }
    }
    if (!/^[0-9.]+$/.test(ip) && ip !== 'localhost') throw new CliError(`load sends to addresses: "${u.hostname}" is not an IP address (use svc/NAME or ingress/NAME)`);
    return { origin, req: req(u.host, ip, port, u.pathname + u.search, tls), address: `${ip}:${port}`, via };
  }
  if (target.kind === 'service') {
    const svc = indexOf(world).service(target.namespace, target.name);
    if (!svc) throw notFound('services', '', target.name);
    if (svc.spec?.type === 'ExternalName') throw new CliError(`service "${target.name}" is an ExternalName Service (DNS only): there is nothing to send requests to`);
    const sp = servicePort(svc, target.port);
    if (!sp) throw new CliError(target.port ? `service "${target.name}" has no port ${target.port}` : `service "${target.name}" has no TCP port`);
    const ip = svc.spec?.clusterIP;
    if (!ip || ip === 'None') throw new CliError(`service "${target.name}" is headless (no ClusterIP): load a pod/NAME instead`);
    if (origin.kind === 'host') {
      const n = nodeNetworkOrigin(world);
      return { origin: n.origin, req: req(hostPort(ip, sp.port), ip, sp.port, '/'), address: `${ip}:${sp.port}`, via: `through ${n.node}'s network` };
    }
    const name = origin.pod.metadata.namespace === target.namespace ? target.name : `${target.name}.${target.namespace}`;
    return { origin, req: req(hostPort(name, sp.port), ip, sp.port, '/'), address: `${ip}:${sp.port}` };
  }
  if (target.kind === 'pod') {
    const pod = indexOf(world).pod(target.namespace, target.name);
    if (!pod) throw notFound('pods', '', target.name);
    const ip = pod.status?.podIP;
    if (!ip) throw new CliError(`pod "${target.name}" has no IP yet`);
    const declared = (pod.spec?.containers ?? []).flatMap((c: any) => c.ports ?? []);
    const port = target.port
      ? Number(declared.find((p: any) => p.name === target.port)?.containerPort ?? target.port)
      : Number(declared.find((p: any) => (p.protocol ?? 'TCP') === 'TCP')?.containerPort ?? 80);
    if (!Number.isInteger(port) || port <= 0) throw new CliError(`pod "${target.name}" has no port ${target.port}`);
    if (origin.kind === 'host') {
      const n = nodeNetworkOrigin(world);
      return { origin: n.origin, req: req(hostPort(ip, port), ip, port, '/'), address: `${ip}:${port}`, via: `through ${n.node}'s network` };
    }
    return { origin, req: req(hostPort(ip, port), ip, port, '/'), address: `${ip}:${port}` };
  }
  const ing = world.snap.get(INGRESSES, `${target.namespace}/${target.name}`) as KubeObject | undefined;
  if (!ing) throw notFound('ingresses', 'networking.k8s.io', target.name);
  if (!servedByIngressNginx(ing)) {
    throw new CliError(`ingress "${target.name}" has no address: its class "${ingressClassOf(ing)}" is not served by any ingress controller in the cluster (ingress-nginx serves class "nginx" and Ingresses without a class)`);
  }
  const rule = ((ing.spec?.rules ?? []) as any[]).find((r) => r?.http?.paths?.length) ?? (ing.spec?.rules ?? [])[0];
  const host = rule?.host ? String(rule.host).replace(/^\*\./, 'www.') : undefined;
  const first = rule?.http?.paths?.[0];
  const path = first?.path ? String(first.path) : '/';
  const tls = host !== undefined && ((ing.spec?.tls ?? []) as any[]).some((t) => (t?.hosts ?? []).includes(rule.host));
  const port = tls ? 443 : 80;
  if (origin.kind === 'host') {
    const n = ingressNodeIP(world);
    if (!n) throw new CliError('no node is labelled ingress-ready=true: the host cannot reach the ingress controller');
    return { origin, req: req(host ?? INGRESS_STATUS_ADDRESS, n, port, path, tls), address: `${n}:${port}`, via: `${INGRESS_STATUS_ADDRESS} (kind's port mapping)` };
  }
  const svc = indexOf(world).service(INGRESS_NAMESPACE, INGRESS_SERVICE);
  if (!svc?.spec?.clusterIP) throw notFound('services', '', INGRESS_SERVICE);
  return { origin, req: req(host ?? `${INGRESS_SERVICE}.${INGRESS_NAMESPACE}`, svc.spec.clusterIP, port, path, tls), address: `${svc.spec.clusterIP}:${port}` };
}

// ---------------------------------------------------------------------------------------------
// Tallies.

export interface PodTally {
  namespace: string;
  name: string;
  uid: string;
  node: string;
  served: number;
  /** By container name. */
  containers: Record<string, number>;
}

/** Requests served per pod in one REQUEST_BUCKET_MS bucket, not yet written to the store. */
type Pending = Map<string, { uid: string; buckets: Map<number, Record<string, number>> }>;

export interface Second {
  /** Seconds since the run began. */
  t: number;
  sent: number;
  failed: number;
  /** Served per pod (`namespace/name`). */
  served: Record<string, number>;
}

export class Tally {
  sent = 0;
  ok = 0;
  failed = 0;
  readonly pods = new Map<string, PodTally>();
  readonly failures = new Map<string, { cause: string; message: string; count: number }>();
  readonly statuses = new Map<number, number>();
  latencies: number[] = [];
  readonly timeline: Second[] = [];
  private pending: Pending = new Map();

  constructor(readonly startMs: number) {}

  private second(atMs: number): Second {
    const t = Math.max(0, Math.floor((atMs - this.startMs) / 1000));
    let s = this.timeline[this.timeline.length - 1];
    if (!s || s.t !== t) {
      s = { t, sent: 0, failed: 0, served: {} };
      this.timeline.push(s);
    }
    return s;
  }

  fail(cause: string, message: string, atMs: number): void {
    this.sent++;
    this.failed++;
    const key = `${cause}\u0000${message}`;
    const f = this.failures.get(key);
    if (f) f.count++;
    else this.failures.set(key, { cause, message, count: 1 });
    const s = this.second(atMs);
    s.sent++;
    s.failed++;
  }

  /** Per pod object of the current World: the tally and its pending counts, found without building keys. */
  private byPod = new WeakMap<KubeObject, { tally: PodTally; key: string }>();

  private podEntry(pod: KubeObject): { tally: PodTally; key: string } {
    let e = this.byPod.get(pod);
    if (e) return e;
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    let t = this.pods.get(key);
    if (!t || t.uid !== (pod.metadata.uid ?? '')) {
      const before = t?.served ?? 0;
      const containers = t?.containers ?? {};
      t = { namespace: pod.metadata.namespace!, name: pod.metadata.name!, uid: pod.metadata.uid ?? '', node: pod.spec?.nodeName ?? '', served: before, containers };
      this.pods.set(key, t);
    }
    t.node = pod.spec?.nodeName ?? t.node;
    this.byPod.set(pod, (e = { tally: t, key }));
    return e;
  }

  record(result: HttpResult, atMs: number): void {
    if (!result.ok) return this.fail(result.error, result.message, atMs);
    const { status, reason, latencyMs } = result.response;
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    if (status >= 500) return this.fail(`HTTP ${status}`, reason, atMs);
    this.sent++;
    this.ok++;
    this.latencies.push(latencyMs);
    const s = this.second(atMs);
    s.sent++;
    const pod = result.pod;
    if (!pod) return;
    const { tally: t, key } = this.podEntry(pod);
    s.served[key] = (s.served[key] ?? 0) + 1;
    const container = result.container ?? '';
    t.served++;
    t.containers[container] = (t.containers[container] ?? 0) + 1;
    const bucket = atMs - (atMs % REQUEST_BUCKET_MS);
    let p = this.pending.get(key);
    if (!p || p.uid !== t.uid) this.pending.set(key, (p = { uid: t.uid, buckets: new Map() }));
    let b = p.buckets.get(bucket);
    if (!b) p.buckets.set(bucket, (b = {}));
    b[container] = (b[container] ?? 0) + 1;
  }

  /** Makes sure a pod the target selects shows up even when it served nothing (a not-ready pod). */
  include(pod: KubeObject): void {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (!this.pods.has(key)) this.pods.set(key, { namespace: pod.metadata.namespace!, name: pod.metadata.name!, uid: pod.metadata.uid ?? '', node: pod.spec?.nodeName ?? '', served: 0, containers: {} });
  }

  /** Takes the requests counted since the last call, as store writes: [key, record merged into `existing`]. */
  drainRecords(existing: (key: string) => RequestRecord | undefined, nowMs: number): Array<[string, RequestRecord]> {
    const out: Array<[string, RequestRecord]> = [];
    const oldest = nowMs - 15 * 60_000;
    for (const [key, p] of this.pending) {
      const prev = existing(key);
      const buckets = new Map<number, Record<string, number>>();
      if (prev && prev.uid === p.uid) for (const [at, counts] of prev.buckets) buckets.set(at, { ...counts });
      for (const [at, counts] of p.buckets) {
        const b = buckets.get(at) ?? {};
        for (const [c, n] of Object.entries(counts)) b[c] = (b[c] ?? 0) + n;
        buckets.set(at, b);
      }
      const kept = [...buckets].filter(([at]) => at + REQUEST_BUCKET_MS > oldest).sort((a, b) => a[0] - b[0]);
      out.push([key, { uid: p.uid, buckets: kept }]);
    }
    this.pending = new Map();
    return out;
  }

  /** Served per pod over the seconds of the timeline from `sinceT` on. */
  servedSince(sinceT: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (let i = this.timeline.length - 1; i >= 0 && this.timeline[i]!.t >= sinceT; i--) {
      for (const [k, n] of Object.entries(this.timeline[i]!.served)) out[k] = (out[k] ?? 0) + n;
    }
    return out;
  }
}

/** The p-th percentile (nearest rank) of sorted values. */
export function percentile(sorted: ArrayLike<number>, p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function latencySummary(latencies: number[]): { p50?: number; p90?: number; p99?: number; max?: number } {
  const sorted = Float64Array.from(latencies).sort();
  const round = (n: number | undefined) => (n === undefined ? undefined : Math.round(n * 1000) / 1000);
  return { p50: round(percentile(sorted, 50)), p90: round(percentile(sorted, 90)), p99: round(percentile(sorted, 99)), max: round(sorted[sorted.length - 1]) };
}

/** The pods a Service selects (all of them, ready or not), so that one serving nothing shows as 0. */
export function selectedPods(world: World, target: TargetSpec): KubeObject[] {
  if (target.kind !== 'service') return [];
  const svc = indexOf(world).service(target.namespace, target.name);
  const sel = svc?.spec?.selector as Record<string, string> | undefined;
  if (!sel || Object.keys(sel).length === 0) return [];
  const out: KubeObject[] = [];
  for (const p of indexOf(world).pods()) {
    if (p.metadata.namespace !== target.namespace) continue;
    const labels = p.metadata.labels ?? {};
    if (Object.entries(sel).every(([lk, lv]) => labels[lk] === lv) && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed') out.push(p);
  }
  return out;
}

/**
 * Sends `n` requests in one World, spread evenly from `fromMs` over `spanMs` (their simulated
 * send times, for the timeline and the request records). A target that cannot be aimed in this
 * World (the client pod is gone, the Service was deleted) fails each request with that reason.
 */
export function sendBatch(net: Net, world: World, target: TargetSpec, from: FromSpec, opts: { path?: string; host?: string; method?: string }, tally: Tally, n: number, fromMs: number, spanMs: number): Aim | undefined {
  if (n <= 0) return undefined;
  let a: Aim;
  try {
    a = aim(world, target, from, opts);
  } catch (e) {
    const message = (e as Error).message;
    for (let i = 0; i < n; i++) tally.fail('client', message, fromMs + (spanMs * i) / n);
    return undefined;
  }
  for (let i = 0; i < n; i++) tally.record(net.http(world, a.origin, a.req), fromMs + (spanMs * i) / n);
  return a;
}
