/**
 * The dataplane's contract: what a request or a DNS lookup inside the simulated cluster
 * sees. Everything here is computed from the store's objects at one simulated moment
 * (a Snapshot and `now`); no verb or printer holds these rules. The userland (the
 * simulated commands run by `exec`) and traffic tools (`curl` from the host, `load`)
 * are clients of these functions; they format, the dataplane decides.
 */
import type { KubeObject } from '../api/types.js';
import type { Snapshot } from '../store/types.js';

/** Where a lookup or a connection starts. */
export type Origin =
  | { kind: 'pod'; pod: KubeObject; container: string }
  /** The machine running kubectl-lite, as kind's host: it reaches node IPs, LoadBalancer and Ingress addresses. */
  | { kind: 'host' };

/** The cluster at one simulated moment, with whatever indexes the dataplane builds lazily. */
export interface World {
  readonly snap: Snapshot;
  readonly now: number;
  /** Seeded randomness (kube-proxy's endpoint choice), so a run can be reproduced. */
  random(): number;
}

export type DnsRecordType = 'A' | 'AAAA' | 'SRV' | 'PTR' | 'CNAME' | 'ANY';

export interface DnsRecord {
  name: string;
  type: 'A' | 'SRV' | 'CNAME' | 'PTR';
  ttl: number;
  /** A: the IP; CNAME/PTR: the target name; SRV: the target host. */
  value: string;
  priority?: number;
  weight?: number;
  port?: number;
}

export type DnsResult =
  /** `server` is the resolver that answered (kube-dns's ClusterIP, or the node's resolver). */
  | { status: 'ok'; server: string; query: string; records: DnsRecord[] }
  | { status: 'nxdomain'; server: string; query: string }
  /** The resolver answered SERVFAIL (e.g. a name outside the cluster: the simulation has no upstream resolver). */
  | { status: 'servfail'; server: string; query: string; reason: string }
  /** No resolver reachable: CoreDNS down, or egress to it dropped by a NetworkPolicy. */
  | { status: 'timeout'; server: string; query: string; reason: string };

/** One step a connection took, for `-v` output, `why` and `map`. */
export interface Hop {
  what: 'dns' | 'service' | 'nodeport' | 'loadbalancer' | 'ingress' | 'pod' | 'localhost' | 'policy';
  detail: string;
}

export type ConnectResult =
  | { ok: true; ip: string; port: number; pod?: KubeObject; container?: string; node?: string; hops: Hop[] }
  | {
      ok: false;
      /** refused: RST (no listener, no endpoint); timeout: dropped (NetworkPolicy, dead node, externalTrafficPolicy); unreachable: no route. */
      error: 'refused' | 'timeout' | 'unreachable' | 'no-such-host';
      message: string;
      hops: Hop[];
    };

export interface HttpRequest {
  method: string;
  /** Host header (name as the client typed it, with :port where curl would send it). */
  host: string;
  path: string;
  headers: Record<string, string>;
  /** Destination after the client's own DNS lookup. */
  ip: string;
  port: number;
  tls?: boolean;
  /** What the client sends after the headers (curl -d). */
  body?: string;
}

export interface HttpResponse {
  status: number;
  reason: string;
  headers: Array<[string, string]>;
  body: string;
  /** Simulated time the request took. */
  latencyMs: number;
}

export type HttpResult = ({ ok: true; response: HttpResponse } & Omit<Extract<ConnectResult, { ok: true }>, 'ok'>) | Extract<ConnectResult, { ok: false }>;

/**
 * Requests served, per pod, as load runs and in-cluster clients record them: the input of the
 * usage model (`top`, metrics API, HPA). Kept in the store's internal collection REQUESTS_COLLECTION
 * under the pod's `namespace/name` key, written in aggregate (one write per second of a live run at
 * most, or one at the end), never one write per request.
 */
export const REQUESTS_COLLECTION = 'sim/requests';
export interface RequestRecord {
  /** The pod's uid: a record for a replaced pod of the same name is stale. */
  uid: string;
  /** [bucket start ms (multiple of REQUEST_BUCKET_MS, simulated clock), requests served, by container name]; oldest first; buckets older than 15 minutes are dropped. */
  buckets: Array<[number, Record<string, number>]>;
}
export const REQUEST_BUCKET_MS = 10_000;

/**
 * A simulated server that is not the default echo server, chosen by the pod annotation
 * `sim.kubectl-lite.io/server` (e.g. `ingress-nginx`): the dataplane hands it each request
 * the pod receives, with a way to forward upstream through the cluster's own network.
 */
export type ServerBehaviour = (
  world: World,
  self: { pod: KubeObject; container: string },
  req: HttpRequest,
  forward: (req: HttpRequest) => HttpResult,
) => HttpResponse | HttpResult;
