/**
 * What the network programs share: reading the container's resolver files, resolving a host
 * name as the C library would (with simulated time passing when the resolver does not answer),
 * and a small getopt for clustered short options.
 */
import { addressesOf, configOf, DNS_TIMEOUT_MS, kubeletHostsFile, lookup, parseResolvConf, type ResolverConfig } from '../dataplane/dns.js';
import type { DnsResult } from '../dataplane/types.js';
import type { ProgramContext } from './types.js';

export function readFileOr(ctx: ProgramContext, path: string): string | undefined {
  try {
    return ctx.fs.readFile(path);
  } catch {
    return undefined;
  }
}

/** The container's /etc/resolv.conf when its filesystem has one, else what the kubelet would write. */
export function resolverOf(ctx: ProgramContext): ResolverConfig {
  const text = ctx.origin.kind === 'pod' ? readFileOr(ctx, '/etc/resolv.conf') : undefined;
  return text !== undefined ? parseResolvConf(text) : configOf(ctx.origin);
}

export function hostsOf(ctx: ProgramContext): string {
  const text = ctx.origin.kind === 'pod' ? readFileOr(ctx, '/etc/hosts') : undefined;
  if (text !== undefined) return text;
  return ctx.origin.kind === 'pod' ? kubeletHostsFile(ctx.origin.pod) : '127.0.0.1\tlocalhost\n';
}

export const isIPv4 = (s: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(s) && s.split('.').every((p) => Number(p) <= 255);

export type Resolved = { ok: true; ip: string; ips: string[]; result?: DnsResult } | { ok: false; timeout: boolean; result: DnsResult; ms: number };

/** getaddrinfo: /etc/hosts, then DNS over the search path. A resolver that does not answer costs 5 s. */
export function resolveHost(ctx: ProgramContext, host: string): Resolved {
  if (isIPv4(host)) return { ok: true, ip: host, ips: [host] };
  const res = lookup(ctx.world, ctx.origin, host, 'A', { conf: resolverOf(ctx), hosts: hostsOf(ctx) });
  const ips = addressesOf(res);
  if (ips.length) return { ok: true, ip: ips[0]!, ips, result: res };
  return { ok: false, timeout: res.status === 'timeout', result: res, ms: res.status === 'timeout' ? DNS_TIMEOUT_MS : 0 };
}

export async function pass(ctx: ProgramContext, ms: number): Promise<void> {
  if (ms > 0) await ctx.sleep(ms);
}

export interface OptSpec {
  /** Short letters that take a value. */
  withArg: string;
  /** Short letters without a value. */
  flags: string;
  /** Long names → [key, takes a value]. */
  long?: Record<string, [string, boolean]>;
}

export interface Parsed {
  opts: Map<string, string[]>;
  args: string[];
  error?: string;
}

/** getopt_long-style parsing: `-sSo file`, `-ofile`, `--max-time 5`, `--max-time=5`, `--` ends options. */
export function getopt(argv: string[], spec: OptSpec): Parsed {
  const opts = new Map<string, string[]>();
  const args: string[] = [];
  const add = (k: string, v: string) => opts.set(k, [...(opts.get(k) ?? []), v]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      const def = spec.long?.[name];
      if (!def) return { opts, args, error: `unknown option --${name}` };
      if (def[1]) {
        const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
        if (v === undefined) return { opts, args, error: `option --${name} requires an argument` };
        add(def[0], v);
      } else add(def[0], '');
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (spec.withArg.includes(c)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
          if (v === undefined) return { opts, args, error: `option requires an argument -- '${c}'` };
          add(c, v);
          break;
        }
        if (spec.flags.includes(c)) add(c, '');
        else return { opts, args, error: `invalid option -- '${c}'` };
      }
      continue;
    }
    args.push(a);
  }
  return { opts, args };
}

export const has = (p: Parsed, ...keys: string[]) => keys.some((k) => p.opts.has(k));

/** `Name: value` header options (curl -H, wget --header) as a record; a line without a name is skipped. */
export function headerOptions(lines: readonly string[] | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const h of lines ?? []) {
    const i = h.indexOf(':');
    if (i > 0) headers[h.slice(0, i).trim()] = h.slice(i + 1).trim();
  }
  return headers;
}
export const last = (p: Parsed, ...keys: string[]) => {
  let v: string | undefined;
  for (const k of keys) {
    const l = p.opts.get(k);
    if (l?.length) v = l[l.length - 1];
  }
  return v;
};

/** The container's view of the source node, for ping's TTL and latency. */
export function sourceNode(ctx: ProgramContext): string | undefined {
  return ctx.origin.kind === 'pod' ? ctx.origin.pod.spec?.nodeName : undefined;
}

/** The image of the container the program runs in (empty from the host). */
export function imageOf(ctx: ProgramContext): string {
  if (ctx.origin.kind !== 'pod') return '';
  const name = ctx.origin.container;
  const c = [...(ctx.origin.pod.spec?.containers ?? []), ...(ctx.origin.pod.spec?.initContainers ?? []), ...(ctx.origin.pod.spec?.ephemeralContainers ?? [])].find((x: any) => x.name === name);
  return c?.image ?? '';
}
