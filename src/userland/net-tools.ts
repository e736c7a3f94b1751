/**
 * The network programs of the simulated userland: curl (src/userland/curl.ts), and busybox's
 * wget, nc, ping and nslookup, bind's dig, and getent hosts, each printing what the real
 * tool prints, over the dataplane (src/dataplane/).
 */
import { connect, sourceOf } from '../dataplane/connect.js';
import { CLUSTER_DOMAIN, DNS_TIMEOUT_MS, query } from '../dataplane/dns.js';
import { http } from '../dataplane/http.js';
import { evaluatePolicies } from '../dataplane/policy.js';
import type { DnsRecord, DnsRecordType, DnsResult } from '../dataplane/types.js';
import { indexOf } from '../dataplane/world.js';
import { curl } from './curl.js';
import { getopt, has, headerOptions, hostsOf, imageOf, isIPv4, last, pass, resolveHost, resolverOf, sourceNode } from './net-common.js';
import type { Program, ProgramContext } from './types.js';

// ---------------------------------------------------------------- wget (busybox)

const STARS = '*'.repeat(32);

function wgetProgress(name: string, size: number): string {
  return `${name.slice(0, 20).padEnd(20)} 100% |${STARS}| ${String(size).padStart(5)}  0:00:00 ETA\n`;
}

export async function wget(ctx: ProgramContext): Promise<number> {
  const p = getopt(ctx.argv.slice(1), {
    withArg: 'OTUYPo',
    flags: 'qcSs',
    long: {
      quiet: ['q', false], 'output-document': ['O', true], timeout: ['T', true], 'user-agent': ['U', true], header: ['header', true], spider: ['s', false],
      'server-response': ['S', false], continue: ['c', false], 'no-check-certificate': ['no-check-certificate', false],
    },
  });
  if (p.error || p.args.length === 0) {
    ctx.err('BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n\nRetrieve files via HTTP or FTP\n');
    return 1;
  }
  const quiet = has(p, 'q');
  const note = (s: string) => !quiet && ctx.err(s);
  const timeoutMs = Number(last(p, 'T') ?? 900) * 1000;
  let exit = 0;
  for (const raw of p.args) {
    const m = /^(?:(https?):\/\/)?([^/:]+)(?::(\d+))?(\/.*)?$/.exec(raw);
    if (!m) {
      ctx.err(`wget: bad address '${raw}'\n`);
      exit = 1;
      continue;
    }
    const host = m[2]!;
    const port = m[3] ? Number(m[3]) : m[1] === 'https' ? 443 : 80;
    const path = m[4] ?? '/';
    const res = resolveHost(ctx, host);
    if (!res.ok) {
      await pass(ctx, Math.min(res.ms, timeoutMs));
      ctx.err(res.ms > timeoutMs ? 'wget: download timed out\n' : `wget: bad address '${host}'\n`);
      exit = 1;
      continue;
    }
    note(`Connecting to ${host} (${res.ip}:${port})\n`);
    const hostHeader = port === 80 ? host : `${host}:${port}`;
    const tls = m[1] === 'https';
    const headers = { Host: hostHeader, 'User-Agent': last(p, 'U') ?? 'Wget', Connection: 'close', ...headerOptions(p.opts.get('header')) };
    const r = http(ctx.world, ctx.origin, { method: 'GET', host: hostHeader, path, headers, ip: res.ip, port, tls });
    // busybox's own TLS checks no certificate, and says so unless told not to.
    if (tls && (r.ok || r.error !== 'refused') && !has(p, 'no-check-certificate')) ctx.err('wget: note: TLS certificate validation not implemented\n');
    if (!r.ok) {
      if (r.error === 'refused') ctx.err(`wget: can't connect to remote host (${res.ip}): Connection refused\n`);
      else if (timeoutMs < 127_000) {
        await pass(ctx, timeoutMs);
        ctx.err('wget: download timed out\n');
      } else {
        await pass(ctx, 127_000);
        ctx.err(`wget: can't connect to remote host (${res.ip}): Connection timed out\n`);
      }
      exit = 1;
      continue;
    }
    const resp = r.response;
    if (resp.latencyMs > timeoutMs) {
      await pass(ctx, timeoutMs);
      ctx.err('wget: download timed out\n');
      exit = 1;
      continue;
    }
    await pass(ctx, resp.latencyMs);
    if (has(p, 'S')) ctx.err(`  HTTP/1.1 ${resp.status} ${resp.reason}\n${resp.headers.map(([k, v]) => `  ${k}: ${v}\n`).join('')}`);
    if (resp.status >= 400 || resp.status < 200) {
      ctx.err(`wget: server returned error: HTTP/1.1 ${resp.status} ${resp.reason}\n`);
      exit = 1;
      continue;
    }
    if (has(p, 's')) {
      note('remote file exists\n');
      continue;
    }
    const size = Buffer.byteLength(resp.body);
    const target = last(p, 'O') ?? (path.replace(/[?#].*$/, '').split('/').pop() || 'index.html');
    if (target === '-') {
      note('writing to stdout\n');
      ctx.out(resp.body);
      note(`${wgetProgress('-', size)}written to stdout\n`);
      continue;
    }
    note(`saving to '${target}'\n`);
    try {
      ctx.fs.writeFile(ctx.fs.resolve(target), resp.body);
    } catch {
      ctx.err(`wget: can't open '${target}': Permission denied\n`);
      exit = 1;
      continue;
    }
    note(`${wgetProgress(target, size)}'${target}' saved\n`);
  }
  return exit;
}

// ---------------------------------------------------------------- nc (busybox)

export async function nc(ctx: ProgramContext): Promise<number> {
  const p = getopt(ctx.argv.slice(1), { withArg: 'wpsi', flags: 'zvnulk' });
  if (p.error || p.args.length < 2) {
    if (p.args.length === 1 || p.error) {
      ctx.err('BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect\nnc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen\n');
      return 1;
    }
  }
  if (has(p, 'l')) {
    ctx.err('nc: listening is not simulated: nothing can connect to a program started by exec\n');
    return 1;
  }
  const verbose = has(p, 'v');
  const waitMs = last(p, 'w') !== undefined ? Number(last(p, 'w')) * 1000 : undefined;
  const [host, ...ports] = p.args as [string, ...string[]];
  const res = resolveHost(ctx, host);
  if (!res.ok) {
    await pass(ctx, res.ms);
    ctx.err(`nc: bad address '${host}'\n`);
    return 1;
  }
  let exit = 0;
  for (const portText of ports) {
    const [from, to] = portText.split('-').map(Number) as [number, number | undefined];
    for (let port = from; port <= (to ?? from); port++) {
      const conn = connect(ctx.world, ctx.origin, res.ip, port, has(p, 'u') ? 'UDP' : 'TCP');
      const label = `${host} (${res.ip}:${port})`;
      if (conn.ok) {
        if (verbose) ctx.err(`${label} open\n`);
        if (!has(p, 'z') && ctx.stdin) {
          const r = http(ctx.world, ctx.origin, { method: 'GET', host, path: '/', headers: {}, ip: res.ip, port });
          if (r.ok && /^[A-Z]+ \S+ HTTP\/1\.[01]/.test(ctx.stdin)) {
            const resp = r.response;
            ctx.out(`HTTP/1.1 ${resp.status} ${resp.reason}\r\n${resp.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${resp.body}`);
          }
        }
        continue;
      }
      exit = 1;
      if (conn.error === 'refused') {
        await pass(ctx, 1);
        if (verbose) ctx.err(`nc: ${label}: Connection refused\n`);
      } else {
        await pass(ctx, waitMs ?? 127_000);
        if (verbose || waitMs === undefined) ctx.err(waitMs !== undefined ? `nc: ${label}: timed out\n` : `nc: ${label}: Connection timed out\n`);
      }
    }
  }
  return exit;
}

// ---------------------------------------------------------------- ping (busybox)

/** Whether an ICMP echo to `ip` from the program's origin is answered, and the TTL it comes back with. */
function echoReply(ctx: ProgramContext, ip: string): { ttl: number } | undefined {
  const ix = indexOf(ctx.world);
  const here = sourceNode(ctx);
  if (ip.startsWith('127.')) return { ttl: 64 };
  if (ctx.origin.kind === 'pod' && ip === ctx.origin.pod.status?.podIP) return { ttl: 64 };
  const node = ix.nodeByIP(ip);
  if (node) {
    if (ix.nodeDown(node.metadata.name)) return undefined;
    return { ttl: ctx.origin.kind === 'host' || node.metadata.name === here ? 64 : 63 };
  }
  const pod = ix.podByIP(ip);
  if (!pod || ctx.origin.kind === 'host' || ix.nodeDown(pod.spec?.nodeName)) return undefined;
  // NetworkPolicy rules with ports never match ICMP; only a rule without ports lets it through.
  const src = sourceOf(ctx.world, ctx.origin);
  if (!evaluatePolicies(ctx.world, { ip: src.ip, pod: src.pod }, { ip, pod }, { port: 0, protocol: 'ICMP' }).allowed) return undefined;
  return { ttl: pod.spec?.nodeName === here ? 63 : 62 };
}

export async function ping(ctx: ProgramContext): Promise<number> {
  const p = getopt(ctx.argv.slice(1), { withArg: 'cWwsiIt', flags: 'qn46' });
  if (p.error || p.args.length !== 1) {
    ctx.err('BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n');
    return 1;
  }
  const host = p.args[0]!;
  const count = last(p, 'c') !== undefined ? Number(last(p, 'c')) : Infinity;
  const deadline = last(p, 'w') !== undefined ? Number(last(p, 'w')) * 1000 : Infinity;
  const wait = Number(last(p, 'W') ?? 10) * 1000;
  const size = Number(last(p, 's') ?? 56);
  const res = resolveHost(ctx, host);
  if (!res.ok) {
    await pass(ctx, res.ms);
    ctx.err(`ping: bad address '${host}'\n`);
    return 1;
  }
  ctx.out(`PING ${host} (${res.ip}): ${size} data bytes\n`);
  const reply = echoReply(ctx, res.ip);
  const times: number[] = [];
  let sent = 0;
  let elapsed = 0;
  const cap = Number.isFinite(count) ? count : 3600;
  while (sent < cap && elapsed < deadline && !ctx.signal?.aborted) {
    const seq = sent++;
    if (reply) {
      const ms = 0.04 + ctx.world.random() * (reply.ttl === 64 ? 0.05 : 0.3);
      times.push(ms);
      if (!has(p, 'q')) ctx.out(`${size + 8} bytes from ${res.ip}: seq=${seq} ttl=${reply.ttl} time=${ms.toFixed(3)} ms\n`);
    }
    if (sent < cap) {
      await pass(ctx, 1000);
      elapsed += 1000;
    }
  }
  if (!reply && Number.isFinite(count)) await pass(ctx, Math.min(wait, deadline - elapsed > 0 ? deadline - elapsed : wait));
  const received = times.length;
  const loss = sent ? Math.floor(((sent - received) * 100) / sent) : 0;
  ctx.out(`\n--- ${host} ping statistics ---\n${sent} packets transmitted, ${received} packets received, ${loss}% packet loss\n`);
  if (received) {
    const min = Math.min(...times);
    const max = Math.max(...times);
    const avg = times.reduce((a, b) => a + b, 0) / received;
    ctx.out(`round-trip min/avg/max = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)} ms\n`);
  }
  return received ? 0 : 1;
}

// ---------------------------------------------------------------- nslookup (busybox)

const QTYPES: Record<string, DnsRecordType> = { a: 'A', aaaa: 'AAAA', srv: 'SRV', ptr: 'PTR', cname: 'CNAME', any: 'ANY' };

function ptrName(ip: string): string {
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
}

/** Answers CoreDNS gives with authority (its own zones); the rest came from elsewhere. */
function authoritative(name: string): boolean {
  const n = name.toLowerCase();
  return n === CLUSTER_DOMAIN || n.endsWith(`.${CLUSTER_DOMAIN}`) || n.endsWith('.in-addr.arpa');
}

function nslookupRecord(r: DnsRecord): string {
  switch (r.type) {
    case 'A':
      return `Name:\t${r.name}\nAddress: ${r.value}\n`;
    case 'CNAME':
      return `${r.name}\tcanonical name = ${r.value}\n`;
    case 'PTR':
      return `${r.name}\tname = ${r.value}\n`;
    case 'SRV':
      return `${r.name}\tservice = ${r.priority ?? 0} ${r.weight ?? 0} ${r.port ?? 0} ${r.value}\n`;
  }
}

/** busybox before 1.28.4 (the `busybox:1.28` of many tutorials): getaddrinfo with the search path, the old output. */
async function nslookupOld(ctx: ProgramContext, name: string, serverArg: string | undefined): Promise<number> {
  const conf = resolverOf(ctx);
  const server = serverArg ?? conf.nameservers[0] ?? '127.0.0.1';
  const rev = (ip: string): string => {
    const r = query(ctx.world, ctx.origin, server, ptrName(ip), 'PTR');
    return r.status === 'ok' && r.records[0] ? ` ${r.records[0].value}` : '';
  };
  const probe = query(ctx.world, ctx.origin, server, ptrName(server), 'PTR');
  if (probe.status === 'timeout') {
    await pass(ctx, DNS_TIMEOUT_MS);
    ctx.out(`Server:    ${server}\nAddress 1: ${server}\n\n`);
    await pass(ctx, DNS_TIMEOUT_MS);
    ctx.err(`nslookup: can't resolve '${name}'\n`);
    return 1;
  }
  ctx.out(`Server:    ${server}\nAddress 1: ${server}${rev(server)}\n\n`);
  const res = resolveHost(ctx, name);
  if (!res.ok) {
    await pass(ctx, res.ms);
    ctx.err(`nslookup: can't resolve '${name}'\n`);
    return 1;
  }
  ctx.out(`Name:      ${name}\n${res.ips.map((ip, i) => `Address ${i + 1}: ${ip}${rev(ip)}\n`).join('')}`);
  return 0;
}

function oldBusybox(image: string): boolean {
  const m = /(?:^|\/)busybox:(\d+)\.(\d+)(?:\.(\d+))?/.exec(image);
  if (!m) return false;
  const [maj, min, patch] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  return maj < 1 || (maj === 1 && (min < 28 || (min === 28 && patch < 4)));
}

export async function nslookup(ctx: ProgramContext): Promise<number> {
  const args = ctx.argv.slice(1);
  const types: DnsRecordType[] = [];
  while (args[0]?.startsWith('-')) {
    const [opt, val = ''] = args.shift()!.slice(1).split('=') as [string, string?];
    if (opt === 'type' || opt === 'querytype' || opt === 'q' || opt === 'query') {
      const t = QTYPES[val.toLowerCase()];
      if (!t) {
        ctx.err(`nslookup: invalid query type "${val}"\n`);
        return 1;
      }
      types.push(t);
    }
  }
  if (args.length === 0 || args.length > 2) {
    ctx.err('BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n');
    return 1;
  }
  const [name, serverArg] = args as [string, string?];
  if (oldBusybox(imageOf(ctx))) return nslookupOld(ctx, name, serverArg);
  const conf = resolverOf(ctx);
  const servers = serverArg ? [serverArg] : conf.nameservers.length ? conf.nameservers : ['127.0.0.1'];
  // An explicit server: the name as given. Else the search domains, only for a name without a dot.
  const search = serverArg ? [] : conf.search;
  const queries: Array<[DnsRecordType, string]> = [];
  const add = (type: DnsRecordType) => {
    if (type === 'PTR' || search.length === 0 || name.includes('.')) queries.push([type, name]);
    else for (const d of search) queries.push([type, `${name}.${d}`]);
  };
  if (types.length === 0) {
    if (isIPv4(name)) queries.push(['PTR', ptrName(name)]);
    else {
      add('A');
      add('AAAA');
    }
  } else for (const t of types) add(t);
  for (const server of servers) {
    const answers = queries.map(([type, q]) => query(ctx.world, ctx.origin, server, q, type));
    if (answers.some((a) => a.status === 'timeout')) {
      await pass(ctx, DNS_TIMEOUT_MS);
      continue;
    }
    let out = `Server:\t\t${server}\nAddress:\t${server}:53\n\n`;
    let exit = 0;
    answers.forEach((a, i) => {
      const q = queries[i]![1];
      if (a.status === 'nxdomain' || a.status === 'servfail') {
        out += `** server can't find ${q}: ${a.status === 'nxdomain' ? 'NXDOMAIN' : 'SERVFAIL'}\n\n`;
        exit = 1;
        return;
      }
      if (a.status !== 'ok') return;
      if (!authoritative(q)) out += 'Non-authoritative answer:\n';
      for (const r of a.records) out += nslookupRecord(r);
      out += '\n';
    });
    ctx.out(out);
    return exit;
  }
  ctx.out(';; connection timed out; no servers could be reached\n\n');
  return 1;
}

// ---------------------------------------------------------------- dig (bind 9.18)

const DIG_VERSION = '9.18.33';

/** Width of a line as a terminal shows it (tab stops every 8 columns). */
function visibleLength(text: string): number {
  let n = 0;
  for (const ch of text) n = ch === '\t' ? (Math.floor(n / 8) + 1) * 8 : n + 1;
  return n;
}

/**
 * BIND's master-file columns: each field starts at its column (owner 0, TTL 24, class 32, type 40,
 * data 48), reached with tabs; a field already past its column is set off by one space.
 */
function digLine(fields: Array<[string, number]>): string {
  let out = '';
  for (const [text, col] of fields) {
    if (out !== '' || col !== 0) {
      let at = visibleLength(out);
      if (at >= col) out += ' ';
      else
        while (at < col) {
          out += '\t';
          at = (Math.floor(at / 8) + 1) * 8;
        }
    }
    out += text;
  }
  return out;
}

function digRecord(r: DnsRecord): string {
  const value = r.type === 'A' ? r.value : r.type === 'SRV' ? `${r.priority ?? 0} ${r.weight ?? 0} ${r.port ?? 0} ${r.value}.` : `${r.value}.`;
  return digLine([[`${r.name}.`, 0], [String(r.ttl), 24], ['IN', 32], [r.type, 40], [value, 48]]);
}

function digShort(r: DnsRecord): string {
  if (r.type === 'A') return r.value;
  if (r.type === 'SRV') return `${r.priority ?? 0} ${r.weight ?? 0} ${r.port ?? 0} ${r.value}.`;
  return `${r.value}.`;
}

function digWhen(ms: number): string {
  const d = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

export async function dig(ctx: ProgramContext): Promise<number> {
  let short = false;
  let searchOn = false;
  let server: string | undefined;
  let type: DnsRecordType | undefined;
  let name: string | undefined;
  const args = ctx.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '+short') short = true;
    else if (a === '+noshort') short = false;
    else if (a === '+search') searchOn = true;
    else if (a === '+nosearch') searchOn = false;
    else if (a.startsWith('+')) continue;
    else if (a.startsWith('@')) server = a.slice(1);
    else if (a === '-t') type = QTYPES[(args[++i] ?? '').toLowerCase()];
    else if (a === '-x') {
      name = ptrName(args[++i] ?? '');
      type = 'PTR';
    } else if (QTYPES[a.toLowerCase()] && !type) type = QTYPES[a.toLowerCase()];
    else if (!name) name = a;
  }
  const conf = resolverOf(ctx);
  server ??= conf.nameservers[0] ?? '127.0.0.1';
  const qtype = type ?? 'A';
  if (!name) name = '.';
  const candidates = searchOn && !name.endsWith('.') && (name.match(/\./g) ?? []).length < Math.max(1, Number(conf.options.find((o) => o.startsWith('ndots:'))?.slice(6) ?? 1)) ? [...conf.search.map((d) => `${name}.${d}`), name] : [name.replace(/\.$/, '')];
  let res: DnsResult | undefined;
  let qname = candidates[0]!;
  for (const c of candidates) {
    qname = c;
    res = query(ctx.world, ctx.origin, server, c, qtype);
    if (res.status !== 'nxdomain') break;
  }
  if (!res || res.status === 'timeout') {
    for (let i = 0; i < 3; i++) {
      await pass(ctx, DNS_TIMEOUT_MS);
      ctx.out(`;; communications error to ${server}#53: timed out\n`);
    }
    if (!short) ctx.out(`\n; <<>> DiG ${DIG_VERSION} <<>>${ctx.argv.slice(1).map((a) => ` ${a}`).join('')}\n;; global options: +cmd\n`);
    ctx.out(';; no servers could be reached\n');
    return 9;
  }
  const records = res.status === 'ok' ? res.records : [];
  if (short) {
    ctx.out(records.map((r) => `${digShort(r)}\n`).join(''));
    return 0;
  }
  const status = res.status === 'ok' ? 'NOERROR' : res.status === 'nxdomain' ? 'NXDOMAIN' : 'SERVFAIL';
  const aa = authoritative(qname) ? ' aa' : '';
  const id = Math.floor(ctx.world.random() * 65536);
  let out = `\n; <<>> DiG ${DIG_VERSION} <<>>${ctx.argv.slice(1).map((a) => ` ${a}`).join('')}\n;; global options: +cmd\n;; Got answer:\n`;
  out += `;; ->>HEADER<<- opcode: QUERY, status: ${status}, id: ${id}\n`;
  out += `;; flags: qr${aa} rd; QUERY: 1, ANSWER: ${records.length}, AUTHORITY: ${records.length || status !== 'NOERROR' ? 0 : 1}, ADDITIONAL: 1\n`;
  out += ';; WARNING: recursion requested but not available\n\n';
  out += `;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n;; QUESTION SECTION:\n${digLine([[`;${qname}.`, 0], ['IN', 32], [qtype, 40]])}\n\n`;
  if (records.length) out += `;; ANSWER SECTION:\n${records.map((r) => `${digRecord(r)}\n`).join('')}\n`;
  out += `;; Query time: 0 msec\n;; SERVER: ${server}#53(${server}) (UDP)\n;; WHEN: ${digWhen(ctx.world.now)}\n;; MSG SIZE  rcvd: ${40 + qname.length + records.length * (qname.length + 14)}\n\n`;
  ctx.out(out);
  return 0;
}

// ---------------------------------------------------------------- getent hosts

export async function getent(ctx: ProgramContext): Promise<number> {
  const [db, ...keys] = ctx.argv.slice(1);
  if (!db) {
    ctx.err('Usage: getent [OPTION...] database [key ...]\nTry `getent --help\' or `getent --usage\' for more information.\n');
    return 1;
  }
  if (db !== 'hosts' && db !== 'ahosts' && db !== 'ahostsv4') {
    if (['passwd', 'group', 'services', 'protocols', 'networks'].includes(db)) {
      ctx.err(`getent: the simulation has no ${db} database\n`);
      return 2;
    }
    ctx.err(`Unknown database: ${db}\nTry \`getent --help' or \`getent --usage' for more information.\n`);
    return 1;
  }
  if (keys.length === 0) {
    ctx.out(hostsOf(ctx).split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => `${l.split(/\s+/).join(' ')}\n`).join('').replace(/^(\S+) /gm, (_, ip: string) => `${ip.padEnd(15)} `));
    return 0;
  }
  let exit = 0;
  for (const key of keys) {
    const res = resolveHost(ctx, key);
    if (!res.ok) {
      await pass(ctx, res.ms);
      exit = 2;
      continue;
    }
    const canonical = res.result?.status === 'ok' ? (res.result.records.find((r) => r.type === 'A')?.name ?? key) : key;
    if (db === 'hosts') ctx.out(`${res.ip.padEnd(15)} ${canonical}\n`);
    else for (const ip of res.ips) ctx.out(`${ip.padEnd(15)} STREAM ${canonical}\n${ip.padEnd(15)} DGRAM  \n${ip.padEnd(15)} RAW    \n`);
  }
  return exit;
}

/** The network programs, by the name they are run as. */
export const NET_PROGRAMS: Record<string, Program> = {
  curl,
  wget,
  nc,
  ping,
  nslookup,
  dig,
  getent,
};
