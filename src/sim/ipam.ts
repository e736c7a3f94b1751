/**
 * Address and port allocators of the simulated cluster: the Service ClusterIP range,
 * the NodePort range and the load-balancer address pool. Pure functions over the set of
 * values already in use, with the randomness injectable for tests.
 */
import { randomBytes } from '../util/random.js';

export type Random = (lowInclusive: number, highExclusive: number) => number;

export const defaultRandom: Random = (lo, hi) => {
  const b = randomBytes(4);
  return lo + (((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0) % (hi - lo);
};

export const SERVICE_CIDR = '10.96.0.0/12';
export const NODE_PORT_RANGE = { first: 30000, last: 32767 };
/** Addresses handed to LoadBalancer Services, as MetalLB / cloud-provider-kind do on kind's docker network. */
export const LB_POOL = { first: '172.18.255.200', last: '172.18.255.250' };

export function ipToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export interface Cidr {
  base: number;
  size: number;
  text: string;
}

export function parseCidr(text: string): Cidr {
  const [ip, bits] = text.split('/');
  const size = 2 ** (32 - Number(bits));
  return { base: ipToInt(ip!)!, size, text };
}

/**
 * The allocator's error texts (pkg/registry/core/service/ipallocator), to be wrapped as
 * `failed to allocate IP <ip>: <text>`.
 */
export class AllocationError extends Error {}

/** Checks a requested ClusterIP against the range and the used set. */
export function claimClusterIP(ip: string, used: Set<string>, cidr: Cidr = parseCidr(SERVICE_CIDR)): void {
  const n = ipToInt(ip);
  // The network and broadcast addresses are outside the usable range.
  if (n === undefined || n <= cidr.base || n >= cidr.base + cidr.size - 1) {
    throw new AllocationError(`the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${cidr.text}`);
  }
  if (used.has(ip)) throw new AllocationError('provided IP is already allocated');
}

/**
 * A random free ClusterIP. Since 1.26 dynamic allocation prefers the upper part of the
 * range: the first min(max(16, size/16), 256) addresses are kept for static requests.
 */
export function allocateClusterIP(used: Set<string>, random: Random = defaultRandom, cidr: Cidr = parseCidr(SERVICE_CIDR)): string {
  const usable = cidr.size - 2;
  const staticBand = Math.min(Math.max(16, Math.floor(cidr.size / 16)), 256);
  const upper = pickFree(cidr.base + 1 + staticBand, cidr.base + 1 + usable, (n) => used.has(intToIp(n)), random);
  const n = upper ?? pickFree(cidr.base + 1, cidr.base + 1 + usable, (n) => used.has(intToIp(n)), random);
  if (n === undefined) throw new AllocationError('range is full');
  return intToIp(n);
}

/** The allocator's texts for NodePorts (pkg/registry/core/service/portallocator). */
export function claimNodePort(port: number, used: Set<number>): string | undefined {
  if (port < NODE_PORT_RANGE.first || port > NODE_PORT_RANGE.last) {
    return `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE.first}-${NODE_PORT_RANGE.last}`;
  }
  if (used.has(port)) return 'provided port is already allocated';
  return undefined;
}

/** A random free NodePort, preferring the ports above the static band (min(max(16, size/32), 128) ports). */
export function allocateNodePort(used: Set<number>, random: Random = defaultRandom): number {
  const { first, last } = NODE_PORT_RANGE;
  const size = last - first + 1;
  const staticBand = Math.min(Math.max(16, Math.floor(size / 32)), 128);
  const port = pickFree(first + staticBand, last + 1, (p) => used.has(p), random) ?? pickFree(first, last + 1, (p) => used.has(p), random);
  if (port === undefined) throw new AllocationError('range is full');
  return port;
}

/** The lowest free address of the load-balancer pool, as MetalLB assigns them. */
export function allocateLoadBalancerIP(used: Set<string>): string | undefined {
  const first = ipToInt(LB_POOL.first)!;
  const last = ipToInt(LB_POOL.last)!;
  for (let n = first; n <= last; n++) if (!used.has(intToIp(n))) return intToIp(n);
  return undefined;
}

export function inLoadBalancerPool(ip: string): boolean {
  const n = ipToInt(ip);
  return n !== undefined && n >= ipToInt(LB_POOL.first)! && n <= ipToInt(LB_POOL.last)!;
}

/** Random probe, then a linear scan from there (wrapping), like the bitmap allocator. */
function pickFree(lo: number, hi: number, isUsed: (n: number) => boolean, random: Random): number | undefined {
  if (hi <= lo) return undefined;
  const start = random(lo, hi);
  for (let i = 0; i < hi - lo; i++) {
    const n = lo + ((start - lo + i) % (hi - lo));
    if (!isUsed(n)) return n;
  }
  return undefined;
}
