/**
 * curl (8.11, as in alpine and curlimages/curl) over the simulated network: its options, its
 * verbose trace, progress meter, `-w` variables, error messages and exit codes (6 could not
 * resolve, 7 could not connect, 22 HTTP error with -f, 28 timeout).
 */
import { http, serverCertificate } from '../dataplane/http.js';
import type { ServerCertificate } from '../dataplane/kube-apiserver.js';
import type { HttpResponse, HttpResult } from '../dataplane/types.js';
import { getopt, has, headerOptions, last, pass, resolveHost, type Parsed } from './net-common.js';
import type { ProgramContext } from './types.js';

export const CURL_VERSION = '8.11.1';
/** Linux gives up on a connection whose SYNs go unanswered after 6 retries (1+2+...+64 s) and a last wait. */
export const KERNEL_CONNECT_TIMEOUT_MS = 133_000;

const SPEC = {
  withArg: 'oowHXmdAeuxT',
  flags: 'sSvIiLfkNq#0',
  long: {
    silent: ['s', false], 'show-error': ['S', false], verbose: ['v', false], head: ['I', false], include: ['i', false],
    location: ['L', false], fail: ['f', false], insecure: ['k', false], output: ['o', true], 'write-out': ['w', true],
    header: ['H', true], request: ['X', true], 'max-time': ['m', true], 'connect-timeout': ['connect-timeout', true],
    data: ['d', true], 'data-raw': ['d', true], 'user-agent': ['A', true], referer: ['e', true], 'max-redirs': ['max-redirs', true],
    'http1.1': ['http1.1', false], 'no-buffer': ['N', false], 'fail-with-body': ['fail-with-body', false], retry: ['retry', true],
    'progress-bar': ['#', false], 'no-progress-meter': ['no-progress-meter', false], compressed: ['compressed', false],
    'resolve': ['resolve', true], 'noproxy': ['noproxy', true], cacert: ['cacert', true],
  } as Record<string, [string, boolean]>,
};

interface Url {
  scheme: string;
  host: string;
  port: number;
  path: string;
  text: string;
}

function parseUrl(raw: string): Url | undefined {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?([^/:?#]*)(?::(\d*))?([^#]*)/.exec(raw);
  if (!m || !m[2]) return undefined;
  const scheme = (m[1] ?? 'http').toLowerCase();
  const port = m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80;
  let path = m[4] || '/';
  if (!path.startsWith('/')) path = `/${path}`;
  const text = `${scheme}://${m[2]}${m[3] ? `:${m[3]}` : ''}${path}`;
  return { scheme, host: m[2], port, path, text };
}

/** curl's max5data: a number in at most 5 characters. */
function max5(n: number): string {
  const v = Math.floor(n);
  if (v < 100000) return String(v).padStart(5);
  if (v < 10000 * 1024) return `${String(Math.floor(v / 1024)).padStart(4)}k`;
  if (v < 10000 * 1024 * 1024) return `${String(Math.floor(v / 1024 / 1024)).padStart(4)}M`;
  return `${String(Math.floor(v / 1024 / 1024 / 1024)).padStart(4)}G`;
}

function time8(ms: number): string {
  if (ms < 1000) return '--:--:--';
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 3600)).padStart(2)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

const METER_HEAD =
  '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
  '                                 Dload  Upload   Total   Spent    Left  Speed\n';

function meterLine(size: number, ms: number, done: boolean): string {
  const pct = done ? 100 : 0;
  const speed = done && size ? (size * 1000) / Math.max(ms, 1) : 0;
  const t = time8(ms);
  return `\r${String(pct).padStart(3)} ${max5(done ? size : 0)}  ${String(pct).padStart(3)} ${max5(done ? size : 0)}    0 ${max5(0)}  ${max5(speed)}  ${max5(0)} ${done ? t : '--:--:--'} ${t} --:--:-- ${max5(speed)}`;
}

interface Timing {
  namelookup: number;
  connect: number;
  starttransfer: number;
  total: number;
}

interface Transfer {
  url: Url;
  exit: number;
  error?: string;
  response?: HttpResponse;
  ip?: string;
  port?: number;
  timing: Timing;
  redirects: number;
  headerBytes: number;
  requestBytes: number;
  method: string;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(6);
}

/** `-w` expansion: %{var}, %%, and the backslash escapes curl knows. */
export function writeOut(fmt: string, t: Transfer): { out: string; err: string } {
  const r = t.response;
  const header = (name: string) => r?.headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1] ?? '';
  const vars: Record<string, string> = {
    http_code: String(r?.status ?? 0).padStart(3, '0'),
    response_code: String(r?.status ?? 0).padStart(3, '0'),
    http_version: r ? '1.1' : '0',
    time_namelookup: seconds(t.timing.namelookup),
    time_connect: seconds(t.timing.connect),
    time_appconnect: seconds(0),
    time_pretransfer: seconds(t.timing.connect),
    time_starttransfer: seconds(t.timing.starttransfer),
    time_redirect: seconds(0),
    time_total: seconds(t.timing.total),
    size_download: String(r ? Buffer.byteLength(r.body) : 0),
    size_header: String(t.headerBytes),
    size_request: String(t.requestBytes),
    size_upload: '0',
    speed_download: String(r && t.timing.total ? Math.floor((Buffer.byteLength(r.body) * 1000) / t.timing.total) : 0),
    speed_upload: '0',
    remote_ip: t.ip ?? '',
    remote_port: t.port !== undefined && t.response ? String(t.port) : '',
    local_ip: '',
    local_port: '',
    url_effective: t.url.text,
    url: t.url.text,
    content_type: header('content-type'),
    num_redirects: String(t.redirects),
    num_connects: t.response ? '1' : '0',
    redirect_url: '',
    exitcode: String(t.exit),
    errormsg: t.error ?? '',
    method: t.method,
    scheme: t.url.scheme.toUpperCase(),
    filename_effective: '',
    ssl_verify_result: '0',
  };
  let out = '';
  let err = '';
  let toErr = false;
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c === '\\' && i + 1 < fmt.length) {
      const n = fmt[++i]!;
      const s = n === 'n' ? '\n' : n === 'r' ? '\r' : n === 't' ? '\t' : n === '\\' ? '\\' : `\\${n}`;
      if (toErr) err += s;
      else out += s;
      continue;
    }
    if (c === '%' && fmt[i + 1] === '%') {
      out += '%';
      i++;
      continue;
    }
    if (c === '%' && fmt[i + 1] === '{') {
      const end = fmt.indexOf('}', i);
      if (end > 0) {
        const name = fmt.slice(i + 2, end);
        i = end;
        if (name === 'stderr') toErr = true;
        else if (name === 'stdout') toErr = false;
        else if (name.startsWith('header{')) {
          // %{header{name}}: the closing brace of the inner name came first.
          const h = name.slice(7);
          if (fmt[i + 1] === '}') i++;
          const v = header(h);
          if (toErr) err += v;
          else out += v;
        } else if (name in vars) {
          if (toErr) err += vars[name];
          else out += vars[name];
        } else {
          err += `curl: unknown --write-out variable: '${name}'\n`;
        }
        continue;
      }
    }
    if (toErr) err += c;
    else out += c;
  }
  return { out, err };
}

function usageError(ctx: ProgramContext, msg: string): number {
  ctx.err(`curl: ${msg}\ncurl: try 'curl --help' or 'curl --manual' for more information\n`);
  return 2;
}

function num(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 ? n : NaN;
}

export async function curl(ctx: ProgramContext): Promise<number> {
  const p: Parsed = getopt(ctx.argv.slice(1), SPEC);
  if (p.error) {
    const m = /^unknown option (.*)$/.exec(p.error) ?? /^invalid option -- '(.)'$/.exec(p.error);
    if (m) return usageError(ctx, `option ${m[1]!.startsWith('--') ? m[1] : `-${m[1]}`}: is unknown`);
    return usageError(ctx, p.error.replace(/^option (.*) requires an argument$/, 'option $1: requires parameter'));
  }
  if (p.args.length === 0) return usageError(ctx, 'no URL specified');
  const maxTime = num(last(p, 'm'));
  const connectTimeout = num(last(p, 'connect-timeout'));
  if (Number.isNaN(maxTime)) return usageError(ctx, `option --max-time: expected a proper numerical parameter`);
  if (Number.isNaN(connectTimeout)) return usageError(ctx, `option --connect-timeout: expected a proper numerical parameter`);
  const silent = has(p, 's');
  const showError = !silent || has(p, 'S');
  const verbose = has(p, 'v');
  const outFile = last(p, 'o');
  // The meter goes to stderr when the body does not go to a terminal (a pipe, as `kubectl exec` without -t gives, or -o).
  const meter = !silent && !has(p, 'no-progress-meter') && (!ctx.tty || outFile !== undefined);
  const writeFmt = last(p, 'w');
  let exit = 0;
  for (const raw of p.args) {
    const url = parseUrl(raw);
    if (!url) {
      if (showError) ctx.err(`curl: (3) URL rejected: Bad hostname\n`);
      exit = 3;
      continue;
    }
    if (!['http', 'https'].includes(url.scheme)) {
      if (showError) ctx.err(`curl: (1) Protocol "${url.scheme}" not supported\n`);
      exit = 1;
      continue;
    }
    if (meter) ctx.err(METER_HEAD);
    const t = await transfer(ctx, p, url, { maxTime, connectTimeout, verbose, meter });
    if (meter) ctx.err(`${meterLine(t.response ? Buffer.byteLength(t.response.body) : 0, t.timing.total, !!t.response && t.exit === 0)}\n`);
    if (t.exit === 0 && t.response) {
      const r = t.response;
      const head = `HTTP/1.1 ${r.status} ${r.reason}\r\n${r.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
      let body = has(p, 'I') ? head : has(p, 'i') ? head + r.body : r.body;
      if (outFile !== undefined && outFile !== '-') {
        if (outFile !== '/dev/null') {
          try {
            ctx.fs.writeFile(ctx.fs.resolve(outFile), body);
          } catch {
            if (showError) ctx.err(`curl: (23) Failure writing output to destination\n`);
            t.exit = 23;
          }
        }
        body = '';
      }
      if (body) ctx.out(body);
    }
    if (verbose && t.response && t.exit !== 6 && t.exit !== 7) ctx.err(`* Connection #0 to host ${url.host} left intact\n`);
    if (t.exit !== 0 && showError) ctx.err(`curl: (${t.exit}) ${t.error}\n`);
    if (writeFmt !== undefined) {
      const w = writeOut(writeFmt.startsWith('@') ? '' : writeFmt, t);
      if (w.out) ctx.out(w.out);
      if (w.err) ctx.err(w.err);
    }
    if (t.exit !== 0) exit = t.exit;
  }
  return exit;
}

async function transfer(
  ctx: ProgramContext,
  p: Parsed,
  first: Url,
  o: { maxTime?: number; connectTimeout?: number; verbose: boolean; meter: boolean },
): Promise<Transfer> {
  const maxMs = o.maxTime !== undefined && o.maxTime > 0 ? o.maxTime * 1000 : Infinity;
  const connectMs = o.connectTimeout !== undefined && o.connectTimeout > 0 ? o.connectTimeout * 1000 : Infinity;
  const headers = headerOptions(p.opts.get('H'));
  const data = last(p, 'd');
  let method = last(p, 'X') ?? (p.opts.has('I') ? 'HEAD' : data !== undefined ? 'POST' : 'GET');
  let url = first;
  let redirects = 0;
  let elapsed = 0;
  const t: Transfer = { url, exit: 0, timing: { namelookup: 0, connect: 0, starttransfer: 0, total: 0 }, redirects: 0, headerBytes: 0, requestBytes: 0, method };
  const v = (s: string) => o.verbose && ctx.err(s);
  for (;;) {
    t.url = url;
    const hostHeader = headers.Host ?? (url.port === (url.scheme === 'https' ? 443 : 80) ? url.host : `${url.host}:${url.port}`);
    const res = resolveHost(ctx, url.host);
    if (!res.ok) {
      const waited = Math.min(res.ms, maxMs - elapsed);
      await pass(ctx, waited);
      elapsed += waited;
      t.timing.total = elapsed;
      if (res.timeout && waited < res.ms) return { ...t, exit: 28, error: `Resolving timed out after ${Math.round(waited)} milliseconds` };
      v(`* Could not resolve host: ${url.host}\n* closing connection #0\n`);
      return { ...t, exit: 6, error: `Could not resolve host: ${url.host}` };
    }
    t.timing.namelookup = elapsed;
    if (!/^\d/.test(url.host)) v(`* Host ${url.host}:${url.port} was resolved.\n* IPv6: (none)\n* IPv4: ${res.ips.join(', ')}\n`);
    v(`*   Trying ${res.ip}:${url.port}...\n`);
    t.ip = res.ip;
    t.port = url.port;
    const reqHeaders: Record<string, string> = { Host: hostHeader, 'User-Agent': headers['User-Agent'] ?? last(p, 'A') ?? `curl/${CURL_VERSION}`, Accept: '*/*', ...headers };
    if (data !== undefined) {
      reqHeaders['Content-Length'] = String(Buffer.byteLength(data));
      reqHeaders['Content-Type'] ??= 'application/x-www-form-urlencoded';
    }
    const result: HttpResult = http(ctx.world, ctx.origin, { method, host: hostHeader, path: url.path, headers: reqHeaders, ip: res.ip, port: url.port, tls: url.scheme === 'https', body: data });
    if (!result.ok) {
      if (result.error === 'refused') {
        await pass(ctx, 1);
        elapsed += 1;
        t.timing.total = elapsed;
        v(`* connect to ${res.ip} port ${url.port} from ${srcIP(ctx)} port ${40000 + Math.floor(ctx.world.random() * 20000)} failed: Connection refused\n`);
        v(`* Failed to connect to ${url.host} port ${url.port} after ${Math.round(elapsed)} ms: Couldn't connect to server\n* closing connection #0\n`);
        return { ...t, exit: 7, error: `Failed to connect to ${url.host} port ${url.port} after ${Math.round(elapsed)} ms: Couldn't connect to server` };
      }
      // Dropped: nothing answers; whichever limit comes first ends the wait.
      const remaining = maxMs - elapsed;
      const limit = Math.min(remaining, connectMs, KERNEL_CONNECT_TIMEOUT_MS);
      await pass(ctx, limit);
      elapsed += limit;
      t.timing.total = elapsed;
      const ms = Math.round(elapsed) + 1;
      if (limit === remaining && remaining <= connectMs) {
        v(`* Connection timed out after ${ms} milliseconds\n* closing connection #0\n`);
        return { ...t, exit: 28, error: `Connection timed out after ${ms} milliseconds` };
      }
      if (limit === connectMs) {
        v(`* Failed to connect to ${url.host} port ${url.port} after ${ms} ms: Timeout was reached\n* closing connection #0\n`);
        return { ...t, exit: 28, error: `Failed to connect to ${url.host} port ${url.port} after ${ms} ms: Timeout was reached` };
      }
      v(`* connect to ${res.ip} port ${url.port} from ${srcIP(ctx)} port ${40000 + Math.floor(ctx.world.random() * 20000)} failed: Connection timed out\n`);
      return { ...t, exit: 28, error: `Failed to connect to ${url.host} port ${url.port} after ${ms} ms: Couldn't connect to server` };
    }
    t.timing.connect = elapsed + 0.1;
    v(`* Connected to ${url.host} (${res.ip}) port ${url.port}\n`);
    if (url.scheme === 'https' && !p.opts.has('k')) {
      const refused = verifyPeer(ctx, p, url.host, serverCertificate(ctx.world, result.pod!, result.container!));
      if (refused) {
        v(`* closing connection #0\n`);
        return { ...t, ...refused };
      }
    }
    v(`* using HTTP/1.x\n`);
    const reqText = `${method} ${url.path} HTTP/1.1\r\n${Object.entries(reqHeaders).map(([k, val]) => `${k}: ${val}\r\n`).join('')}\r\n`;
    t.requestBytes = Buffer.byteLength(reqText) + (data ? Buffer.byteLength(data) : 0);
    v(reqText.split('\r\n').slice(0, -1).map((l) => `> ${l}\n`).join(''));
    v('* Request completely sent off\n');
    const r = result.response;
    if (elapsed + r.latencyMs > maxMs) {
      const waited = maxMs - elapsed;
      await pass(ctx, waited);
      t.timing.total = maxMs;
      return { ...t, exit: 28, error: `Operation timed out after ${Math.round(maxMs) + 1} milliseconds with 0 bytes received` };
    }
    await pass(ctx, r.latencyMs);
    elapsed += r.latencyMs;
    t.timing.starttransfer = elapsed;
    t.timing.total = elapsed;
    const head = `HTTP/1.1 ${r.status} ${r.reason}\r\n${r.headers.map(([k, val]) => `${k}: ${val}\r\n`).join('')}\r\n`;
    t.headerBytes += Buffer.byteLength(head);
    v(head.split('\r\n').slice(0, -1).map((l) => `< ${l}\n`).join(''));
    if (o.verbose && o.meter && r.body) ctx.err(`{ [${Buffer.byteLength(r.body)} bytes data]\n`);
    t.response = r;
    const location = r.headers.find(([k]) => k.toLowerCase() === 'location')?.[1];
    if (p.opts.has('L') && location && r.status >= 300 && r.status < 400) {
      const max = Number(last(p, 'max-redirs') ?? 50);
      if (redirects >= max) return { ...t, exit: 47, error: `Maximum (${max}) redirects followed` };
      const next = /^[a-z]+:\/\//i.test(location) ? parseUrl(location) : parseUrl(`${url.scheme}://${url.host}:${url.port}${location.startsWith('/') ? location : `/${location}`}`);
      if (!next) return t;
      v(`* Connection #0 to host ${url.host} left intact\n* Issue another request to this URL: '${next.text}'\n`);
      redirects++;
      t.redirects = redirects;
      if (r.status === 303 || ((r.status === 301 || r.status === 302) && method === 'POST')) method = 'GET';
      url = next;
      continue;
    }
    if ((p.opts.has('f') || p.opts.has('fail-with-body')) && r.status >= 400) {
      if (p.opts.has('f')) t.response = { ...r, body: '' };
      return { ...t, exit: 22, error: `The requested URL returned error: ${r.status}` };
    }
    return t;
  }
}

const CA_CERT_HELP = `More details here: https://curl.se/docs/sslcerts.html

curl failed to verify the legitimacy of the server and therefore could not
establish a secure connection to it. To learn more about this situation and
how to fix it, please visit the webpage mentioned above.`;

/**
 * curl's check of the server's certificate (without -k): signed by a CA it trusts (only the
 * `--cacert` file's: the image's bundle holds no cluster's CA) and naming the host it asked for.
 * A server whose certificate the simulation does not model is not checked.
 */
function verifyPeer(ctx: ProgramContext, p: Parsed, host: string, cert: ServerCertificate | undefined): { exit: number; error: string } | undefined {
  if (!cert) return undefined;
  const caFile = last(p, 'cacert');
  let bundle = '';
  if (caFile !== undefined) {
    try {
      bundle = ctx.fs.readFile(ctx.fs.resolve(caFile));
    } catch {
      return { exit: 77, error: `error setting certificate file: ${caFile}` };
    }
  }
  if (!bundle.includes(cert.issuerPem.trim())) return { exit: 60, error: `SSL certificate problem: unable to get local issuer certificate\n${CA_CERT_HELP}` };
  const name = host.toLowerCase();
  if (!cert.dnsNames.includes(name) && !cert.ips.includes(name)) return { exit: 60, error: `SSL: no alternative certificate subject name matches target hostname '${host}'\n${CA_CERT_HELP}` };
  return undefined;
}

function srcIP(ctx: ProgramContext): string {
  return ctx.origin.kind === 'pod' ? (ctx.origin.pod.status?.podIP ?? '0.0.0.0') : '172.18.0.1';
}
