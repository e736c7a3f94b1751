/**
 * Cluster DNS as a kind cluster has it: the kubelet's /etc/resolv.conf for each dnsPolicy,
 * CoreDNS's `kubernetes` plugin answering for `cluster.local` (Services, headless Services,
 * hostname+subdomain pods, SRV for named ports, ExternalName CNAMEs, pod A records, PTR), the
 * node's resolver (docker's, which knows the node names) for the rest, and the musl resolver's
 * search path and ndots rule on the client side. A query reaches CoreDNS only through the
 * network: kube-dns must have a ready endpoint, and NetworkPolicy must let UDP/53 through.
 */
import type { KubeObject } from '../api/types.js';
import { podConnect, sourceOf } from './connect.js';
import type { DnsRecord, DnsRecordType, DnsResult, Origin, World } from './types.js';
import { indexOf, nodeInternalIP, type Endpoint } from './world.js';

export const CLUSTER_DOMAIN = 'cluster.local';
/** The kubelet's clusterDNS in kind. */
export const CLUSTER_DNS_IP = '10.96.0.10';
/** What a kind node's /etc/resolv.conf names (docker's resolver, reached through the network gateway). */
export const NODE_RESOLVER_IP = '172.18.0.1';
/** kind's Corefile: `ttl 30` in the kubernetes block. */
export const DNS_TTL = 30;
/** A resolver that never answers: musl and busybox give up after 5 s (timeout:5, attempts:2). */
export const DNS_TIMEOUT_MS = 5000;

export interface ResolverConfig {
  nameservers: string[];
  search: string[];
  options: string[];
}

export function ndotsOf(conf: ResolverConfig): number {
  const opt = conf.options.find((o) => o.startsWith('ndots:'));
  const n = opt ? Number(opt.slice(6)) : 1;
  return Number.isFinite(n) ? Math.min(n, 15) : 1;
}

/** The node's own resolver configuration (kind nodes: docker's embedded DNS, `ndots:0`). */
function hostConfig(): ResolverConfig {
  return { nameservers: [NODE_RESOLVER_IP], search: [], options: ['ndots:0'] };
}

/** The resolver configuration the kubelet gives a pod, by its dnsPolicy and dnsConfig. */
export function resolverConfig(pod: KubeObject): ResolverConfig {
  const spec = pod.spec ?? {};
  const policy: string = spec.dnsPolicy ?? 'ClusterFirst';
  const ns = pod.metadata.namespace ?? 'default';
  let conf: ResolverConfig;
  if (policy === 'None') conf = { nameservers: [], search: [], options: [] };
  else if (policy === 'Default' || (policy === 'ClusterFirst' && spec.hostNetwork)) conf = hostConfig();
  else {
    const host = hostConfig();
    conf = { nameservers: [CLUSTER_DNS_IP], search: [`${ns}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN, ...host.search], options: ['ndots:5'] };
  }
  const dc = spec.dnsConfig;
  if (dc) {
    for (const s of dc.nameservers ?? []) if (!conf.nameservers.includes(s)) conf.nameservers.push(s);
    for (const s of dc.searches ?? []) if (!conf.search.includes(s)) conf.search.push(s);
    for (const o of dc.options ?? []) {
      const text = o.value !== undefined ? `${o.name}:${o.value}` : o.name;
      const i = conf.options.findIndex((x) => x === o.name || x.startsWith(`${o.name}:`));
      if (i >= 0) conf.options[i] = text;
      else conf.options.push(text);
    }
  }
  conf.nameservers = conf.nameservers.slice(0, 3);
  conf.search = conf.search.slice(0, 32);
  return conf;
}

export function formatResolvConf(conf: ResolverConfig): string {
  let out = '';
  if (conf.search.length) out += `search ${conf.search.join(' ')}\n`;
  for (const s of conf.nameservers) out += `nameserver ${s}\n`;
  if (conf.options.length) out += `options ${conf.options.join(' ')}\n`;
  return out;
}

/** The pod's /etc/resolv.conf as the kubelet writes it. */
export function resolvConf(_world: World, pod: KubeObject): string {
  return formatResolvConf(resolverConfig(pod));
}

export function parseResolvConf(text: string): ResolverConfig {
  const conf: ResolverConfig = { nameservers: [], search: [], options: [] };
  for (const line of text.split('\n')) {
    const [key, ...rest] = line.trim().split(/\s+/);
    if (key === 'nameserver' && rest[0]) conf.nameservers.push(rest[0]);
    else if (key === 'search' || key === 'domain') conf.search = rest;
    else if (key === 'options') conf.options.push(...rest);
  }
  return conf;
}

/** The kubelet-managed /etc/hosts of a pod (hostAliases appended). */
export function kubeletHostsFile(pod: KubeObject): string {
  let out = '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n';
  const ip = pod.status?.podIP;
  if (ip && !pod.spec?.hostNetwork) {
    const host = pod.spec?.hostname ?? pod.metadata.name;
    const fq = pod.spec?.subdomain ? `${host}.${pod.spec.subdomain}.${pod.metadata.namespace}.svc.${CLUSTER_DOMAIN}\t` : '';
    out += `${ip}\t${fq}${host}\n`;
  }
  const aliases = pod.spec?.hostAliases ?? [];
  if (aliases.length) {
    out += '\n# Entries added by HostAliases.\n';
    for (const a of aliases) out += `${a.ip}\t${(a.hostnames ?? []).join('\t')}\n`;
  }
  return out;
}

/** name → addresses from a hosts file (first match wins, names case-insensitive). */
export function hostsLookup(hostsText: string, name: string): string[] {
  const want = name.toLowerCase().replace(/\.$/, '');
  const out: string[] = [];
  for (const line of hostsText.split('\n')) {
    const [ip, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (!ip || !ip.includes('.') || ip.includes(':')) continue;
    if (names.some((n) => n.toLowerCase() === want)) out.push(ip);
  }
  return out;
}

const dashed = (ip: string) => ip.replace(/\./g, '-');

/** What CoreDNS answers for one question: records, or NXDOMAIN. Out-of-zone names go to the node resolver. */
export function coreDnsAnswer(world: World, qname: string, qtype: DnsRecordType): { rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL'; records: DnsRecord[] } {
  const name = qname.toLowerCase().replace(/\.$/, '');
  if (name.endsWith('.in-addr.arpa')) return reverse(world, name, qtype);
  if (name === CLUSTER_DOMAIN || name.endsWith(`.${CLUSTER_DOMAIN}`)) return clusterZone(world, name, qtype);
  return upstream(world, name, qtype);
}

const NX = { rcode: 'NXDOMAIN' as const, records: [] };
const NODATA = { rcode: 'NOERROR' as const, records: [] };

function rec(name: string, type: DnsRecord['type'], value: string, extra: Partial<DnsRecord> = {}): DnsRecord {
  return { name, type, ttl: DNS_TTL, value, ...extra };
}

function wants(qtype: DnsRecordType, type: 'A' | 'SRV' | 'PTR' | 'CNAME'): boolean {
  return qtype === type || qtype === 'ANY';
}

function clusterZone(world: World, name: string, qtype: DnsRecordType): { rcode: 'NOERROR' | 'NXDOMAIN'; records: DnsRecord[] } {
  const ix = indexOf(world);
  const labels = name === CLUSTER_DOMAIN ? [] : name.slice(0, -CLUSTER_DOMAIN.length - 1).split('.');
  const kind = labels[labels.length - 1];
  if (labels.length === 0) return NODATA;
  if (kind === 'pod') {
    if (labels.length === 1) return NODATA;
    if (labels.length !== 3) return NX;
    // kind's Corefile has `pods insecure`: any dashed IPv4 address answers, without looking the pod up.
    const ip = labels[0]!.replace(/-/g, '.');
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(ip) || ip.split('.').some((p) => Number(p) > 255)) return NX;
    return { rcode: 'NOERROR', records: wants(qtype, 'A') ? [rec(name, 'A', ip)] : [] };
  }
  if (kind !== 'svc') return NX;
  if (labels.length === 1) return NODATA;
  const ns = labels[labels.length - 2]!;
  if (labels.length === 2) return ix.namespace(ns) ? NODATA : NX;
  const svc = ix.service(ns, labels[labels.length - 3]!);
  if (!svc) return NX;
  const headless = svc.spec?.clusterIP === 'None';
  const ready = () => ix.endpoints(svc).filter((e) => e.ready);
  if (labels.length === 3) {
    if (svc.spec?.type === 'ExternalName') {
      const target = String(svc.spec.externalName ?? '').replace(/\.$/, '');
      const cname = rec(name, 'CNAME', target);
      if (qtype === 'SRV' || qtype === 'PTR') return NODATA;
      const chased = target.endsWith(`.${CLUSTER_DOMAIN}`) && qtype !== 'CNAME' ? clusterZone(world, target, qtype).records : [];
      return { rcode: 'NOERROR', records: [cname, ...chased] };
    }
    if (qtype === 'SRV' || qtype === 'ANY') {
      const srv = (svc.spec?.ports ?? []).filter((p: any) => p.name).flatMap((p: any) => srvRecords(svc, p, name, headless ? ready() : undefined));
      if (qtype === 'SRV') return srv.length ? { rcode: 'NOERROR', records: srv } : headless && ready().length === 0 ? NX : NODATA;
    }
    if (!headless) return { rcode: 'NOERROR', records: wants(qtype, 'A') && svc.spec?.clusterIP ? [rec(name, 'A', svc.spec.clusterIP)] : [] };
    const eps = ready();
    if (eps.length === 0) return NX;
    return { rcode: 'NOERROR', records: wants(qtype, 'A') ? eps.map((e) => rec(name, 'A', e.ip)) : [] };
  }
  if (labels.length === 4) {
    // <hostname>.<svc>.<ns>.svc: an endpoint of a headless Service, by hostname or dashed IP.
    if (!headless) return NX;
    const host = labels[0]!;
    const eps = ready().filter((e) => (e.hostname ?? dashed(e.ip)) === host);
    if (eps.length === 0) return NX;
    return { rcode: 'NOERROR', records: wants(qtype, 'A') ? eps.map((e) => rec(name, 'A', e.ip)) : [] };
  }
  if (labels.length === 5 && labels[0]!.startsWith('_') && labels[1]!.startsWith('_')) {
    const portName = labels[0]!.slice(1);
    const proto = labels[1]!.slice(1).toUpperCase();
    const port = (svc.spec?.ports ?? []).find((p: any) => p.name === portName && (p.protocol ?? 'TCP') === proto);
    if (!port) return NX;
    if (svc.spec?.type === 'ExternalName') return NX;
    const records = srvRecords(svc, port, name, headless ? ready() : undefined);
    if (records.length === 0) return NX;
    return { rcode: 'NOERROR', records: wants(qtype, 'SRV') ? records : [] };
  }
  return NX;
}

/** SRV records for one named port: the Service name (ClusterIP), or each ready endpoint (headless). */
function srvRecords(svc: KubeObject, port: any, name: string, endpoints: Endpoint[] | undefined): DnsRecord[] {
  const ns = svc.metadata.namespace;
  const svcFqdn = `${svc.metadata.name}.${ns}.svc.${CLUSTER_DOMAIN}`;
  const owner = name.startsWith('_') ? name : `_${port.name}._${String(port.protocol ?? 'TCP').toLowerCase()}.${svcFqdn}`;
  if (!endpoints) return [rec(owner, 'SRV', svcFqdn, { priority: 0, weight: 100, port: port.port })];
  const withPort = endpoints.filter((e) => e.ports.has(port.name));
  const weight = withPort.length ? Math.floor(100 / withPort.length) : 0;
  return withPort.map((e) => rec(owner, 'SRV', `${e.hostname ?? dashed(e.ip)}.${svcFqdn}`, { priority: 0, weight, port: e.ports.get(port.name) }));
}

function reverse(world: World, name: string, qtype: DnsRecordType): { rcode: 'NOERROR' | 'NXDOMAIN'; records: DnsRecord[] } {
  const parts = name.slice(0, -'.in-addr.arpa'.length).split('.');
  if (parts.length !== 4) return NX;
  const ip = parts.reverse().join('.');
  const ix = indexOf(world);
  const svc = ix.serviceByIP(ip);
  const ptr = (target: string) => ({ rcode: 'NOERROR' as const, records: wants(qtype, 'PTR') ? [rec(name, 'PTR', target)] : [] });
  if (svc) return ptr(`${svc.metadata.name}.${svc.metadata.namespace}.svc.${CLUSTER_DOMAIN}`);
  for (const s of ix.services()) {
    for (const e of ix.endpoints(s)) {
      if (e.ip === ip) return ptr(`${e.hostname ?? dashed(ip)}.${s.metadata.name}.${s.metadata.namespace}.svc.${CLUSTER_DOMAIN}`);
    }
  }
  return NX;
}

/** The node's resolver (docker's embedded DNS on the `kind` network): it knows the nodes by name. */
function upstream(world: World, name: string, qtype: DnsRecordType): { rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL'; records: DnsRecord[] } {
  const node = indexOf(world).node(name);
  if (node) {
    const ip = nodeInternalIP(node);
    return { rcode: 'NOERROR', records: ip && wants(qtype, 'A') ? [{ name, type: 'A', ttl: 600, value: ip }] : [] };
  }
  // Only a name under a real top-level domain would exist out there; the rest the root servers deny.
  const tld = name.slice(name.lastIndexOf('.') + 1);
  return INTERNET_TLDS.has(tld) ? { rcode: 'SERVFAIL', records: [] } : NX;
}

const INTERNET_TLDS = new Set(
  'com net org io dev app ai co edu gov mil int info biz me tv cloud sh xyz site online tech uk de fr nl eu us ca au jp cn in ru br ch se no fi dk es it pl be at cz ie nz sg kr tw hk za mx ar'.split(' '),
);

export const NO_UPSTREAM = 'the simulated cluster has no Internet: names outside it cannot be resolved';

/**
 * Sends one question to one resolver from `origin`: to CoreDNS through kube-dns (its ready
 * endpoints, NetworkPolicy on UDP/53), or to the node's resolver.
 */
export function query(world: World, origin: Origin, server: string, fqdn: string, type: DnsRecordType): DnsResult {
  const q = fqdn.replace(/\.$/, '');
  const ix = indexOf(world);
  const src = sourceOf(world, origin);
  if (server === NODE_RESOLVER_IP || ix.nodeByIP(server)) {
    const a = upstream(world, q.toLowerCase(), type);
    if (a.rcode === 'NXDOMAIN') return { status: 'nxdomain', server, query: q };
    if (a.rcode === 'SERVFAIL') return { status: 'servfail', server, query: q, reason: NO_UPSTREAM };
    return { status: 'ok', server, query: q, records: a.records };
  }
  const svc = ix.serviceByIP(server);
  const isDns = svc && (svc.spec?.ports ?? []).some((p: any) => p.port === 53 && (p.protocol ?? 'TCP') === 'UDP');
  if (!svc || !isDns) return { status: 'timeout', server, query: q, reason: `no DNS server answers at ${server}` };
  if (!src.pod) return { status: 'timeout', server, query: q, reason: `no route from the host to the Service network (${server})` };
  const eps = ix.endpoints(svc).filter((e) => e.ready && e.pod);
  if (eps.length === 0) return { status: 'timeout', server, query: q, reason: `Service ${svc.metadata.namespace}/${svc.metadata.name} has no ready endpoints (no CoreDNS pod is ready)` };
  const sp = (svc.spec.ports as any[]).find((p) => p.port === 53 && (p.protocol ?? 'TCP') === 'UDP');
  const ep = eps[Math.floor(world.random() * eps.length)]!;
  const conn = podConnect(world, src, ep.pod!, ep.ip, ep.ports.get(sp.name ?? '') ?? 53, 'UDP', []);
  if (!conn.ok) return { status: 'timeout', server, query: q, reason: conn.message };
  const a = coreDnsAnswer(world, q, type);
  if (a.rcode === 'NXDOMAIN') return { status: 'nxdomain', server, query: q };
  if (a.rcode === 'SERVFAIL') return { status: 'servfail', server, query: q, reason: NO_UPSTREAM };
  return { status: 'ok', server, query: q, records: a.records };
}

/** The resolver configuration of an origin (a pod's, or the host's). */
export function configOf(origin: Origin): ResolverConfig {
  return origin.kind === 'pod' ? resolverConfig(origin.pod) : { nameservers: [NODE_RESOLVER_IP], search: [], options: [] };
}

/** musl's order of names to try: with fewer dots than ndots, each search domain then the name; else the name alone. */
export function searchCandidates(name: string, conf: ResolverConfig): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const dots = (name.match(/\./g) ?? []).length;
  if (dots >= ndotsOf(conf)) return [name];
  return [...conf.search.map((d) => `${name}.${d}`), name];
}

export interface LookupOptions {
  /** Apply the search path (musl's getaddrinfo does; `dig` does only with +search). Default true. */
  search?: boolean;
  /** The resolver configuration to use, e.g. parsed from the container's /etc/resolv.conf. */
  conf?: ResolverConfig;
  /** A hosts file to consult first (getaddrinfo does), e.g. the container's /etc/hosts. */
  hosts?: string;
}

/**
 * A name lookup as a client library does it: /etc/hosts, then each candidate name of the
 * search path against the nameservers in turn; NXDOMAIN moves on to the next candidate, an
 * answer (or an empty answer, or a failure) ends the search, as in musl.
 */
export function lookup(world: World, origin: Origin, name: string, type: DnsRecordType = 'A', opts: LookupOptions = {}): DnsResult {
  const conf = opts.conf ?? configOf(origin);
  const server = conf.nameservers[0] ?? '127.0.0.1';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name) && type === 'A') {
    return { status: 'ok', server, query: name, records: [{ name, type: 'A', ttl: 0, value: name }] };
  }
  const hosts = opts.hosts ?? (origin.kind === 'pod' ? kubeletHostsFile(origin.pod) : '127.0.0.1\tlocalhost\n');
  if (type === 'A') {
    const ips = hostsLookup(hosts, name);
    if (ips.length) return { status: 'ok', server: 'hosts', query: name, records: ips.map((ip) => ({ name, type: 'A', ttl: 0, value: ip })) };
  }
  const candidates = opts.search === false ? [name.replace(/\.$/, '')] : searchCandidates(name, conf);
  let last: DnsResult = { status: 'nxdomain', server, query: name };
  for (const cand of candidates) {
    let res: DnsResult | undefined;
    for (const ns of conf.nameservers.length ? conf.nameservers : ['127.0.0.1']) {
      res = query(world, origin, ns, cand, type);
      if (res.status !== 'timeout') break;
    }
    last = res!;
    if (last.status !== 'nxdomain') return last;
  }
  return last;
}

/** The addresses a successful lookup ends at (CNAMEs followed within the answer). */
export function addressesOf(res: DnsResult): string[] {
  return res.status === 'ok' ? res.records.filter((r) => r.type === 'A').map((r) => r.value) : [];
}
