/**
 * `kubectl proxy`: the cluster's API on a local port (or Unix socket) without credentials, as
 * kubectl serves it: `Starting to serve on 127.0.0.1:8001`, then every request under --api-prefix
 * passed to the API (serve's, in this process, as the admin), so `curl localhost:8001/api/v1/pods`
 * and the proxy subresources (`/api/v1/namespaces/NS/services/NAME:PORT/proxy/`) work. kubectl's
 * request filter stands in front (hosts, paths and methods by regular expression: refused with 403
 * `Forbidden`), and --www serves a directory of static files under --www-prefix as Go's file server
 * does. Ctrl-C ends it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { extname, join, resolve } from 'node:path';
import type { Reply } from '../serve/api.js';
import { CliError, RawError } from '../errors.js';
import { untilAborted } from '../util/abort.js';
import type { VerbSpec } from './framework.js';
import { klogPrefix } from './index.js';
import { servingSession } from './serve.js';

const TEXT = { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' };

/** Go's http.Error with a status's own text, and its ServeMux's 404. */
const goError = (code: number, text: string): Reply => ({ code, body: `${text}\n`, headers: TEXT });
const NOT_FOUND = goError(404, '404 page not found');

/** A regular expression Go's regexp package would not compile, in its words (`missing closing )`) and with the part it names. */
export class BadRegexp extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

function goRegexpError(r: string, jsMessage: string): string {
  if (/Unterminated group/.test(jsMessage)) return `missing closing ): \`${r}\``;
  if (/Unterminated character class/.test(jsMessage)) return `missing closing ]: \`${r.slice(r.lastIndexOf('['))}\``;
  if (/Unmatched '\)'/.test(jsMessage)) return `unexpected ): \`${r}\``;
  const repeat = /Nothing to repeat/.test(jsMessage) ? /(^|[(|])([*+?{])/.exec(r) : null;
  if (repeat) return `missing argument to repetition operator: \`${repeat[2]}\``;
  if (/\\ at end of pattern/.test(jsMessage)) return 'trailing backslash at end of expression: ``';
  return `invalid regexp: \`${r}\``;
}

/** A comma-separated list of regular expressions, as kubectl's MakeRegexpArray reads it. */
export function regexps(list: string): RegExp[] {
  if (list === '') return [];
  return list.split(',').map((r) => {
    try {
      return new RegExp(r);
    } catch (e) {
      throw new BadRegexp(goRegexpError(r, (e as Error).message));
    }
  });
}

export interface Filter {
  acceptHosts: RegExp[];
  acceptPaths: RegExp[];
  rejectPaths: RegExp[];
  rejectMethods: RegExp[];
}

/**
 * kubectl's FilterServer: a rejected path or method loses, else the path and the host must both be
 * accepted. The host is the Host header without its port, as Go's SplitHostPort gives it (`[::1]:8001`
 * is `::1`, which kubectl's own default does not accept), or the whole header when it has no port.
 */
export function accepts(f: Filter, method: string, path: string, hostHeader: string): boolean {
  const m = /^(?:\[([^\]]*)\]|([^:[\]]*)):(\d*)$/.exec(hostHeader);
  const host = m ? (m[1] ?? m[2] ?? '') : hostHeader;
  const any = (list: RegExp[], s: string) => list.some((r) => r.test(s));
  if (any(f.rejectPaths, path) || any(f.rejectMethods, method)) return false;
  return any(f.acceptPaths, path) && any(f.acceptHosts, host);
}

/** A directory's entries as Go's file server lists them. */
function listing(dir: string): string {
  const names = readdirSync(dir, { withFileTypes: true })
    .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
    .sort();
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');
  return `<!doctype html>\n<meta name="viewport" content="width=device-width">\n<pre>\n${names.map((n) => `<a href="${encodeURI(n)}">${esc(n)}</a>\n`).join('')}</pre>\n`;
}

const MEDIA: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.yaml': 'application/yaml',
};

/** Go's http.FileServer under `prefix`, for the path after it. */
export function staticFile(root: string, urlPath: string, rest: string): Reply {
  const file = resolve(root, '.' + decodeURIComponent(rest));
  if (file !== resolve(root) && !file.startsWith(resolve(root) + '/')) return NOT_FOUND;
  let st;
  try {
    st = statSync(file);
  } catch {
    return NOT_FOUND;
  }
  const modified = { 'Last-Modified': st.mtime.toUTCString() };
  if (st.isDirectory()) {
    if (!urlPath.endsWith('/')) {
      const base = urlPath.slice(urlPath.lastIndexOf('/') + 1);
      return { code: 301, body: '', headers: { 'Content-Type': '', Location: `${base}/` } };
    }
    try {
      const index = join(file, 'index.html');
      if (statSync(index).isFile()) return { code: 200, body: readFileSync(index), headers: { 'Accept-Ranges': 'bytes', 'Content-Type': MEDIA['.html']!, 'Last-Modified': statSync(index).mtime.toUTCString() } };
    } catch {
      /* no index: the listing */
    }
    return { code: 200, body: listing(file), headers: { 'Content-Type': MEDIA['.html']!, ...modified } };
  }
  const body = readFileSync(file);
  const media = MEDIA[extname(file).toLowerCase()] ?? (body.includes(0) ? 'application/octet-stream' : 'text/plain; charset=utf-8');
  return { code: 200, body, headers: { 'Accept-Ranges': 'bytes', 'Content-Type': media, ...modified } };
}

const withSlash = (p: string) => (p.endsWith('/') ? p : `${p}/`);

/**
 * The proxy's front, as kubectl's mux, file handler and filter: what is not the API's is answered
 * here; the API's requests go on, their prefix stripped (unless it starts with /api) and filtered.
 */
export function proxyGate(o: { apiPrefix: string; wwwPrefix: string; www?: string; filter?: Filter }): (req: IncomingMessage) => Reply | undefined {
  const apiPrefix = withSlash(o.apiPrefix);
  const wwwPrefix = withSlash(o.wwwPrefix);
  return (req) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      path = url.pathname;
    }
    // Go's ServeMux: the longest prefix that matches; `/prefix` redirected to `/prefix/`.
    const prefixes = [apiPrefix, ...(o.www ? [wwwPrefix] : [])].sort((a, b) => b.length - a.length);
    const match = prefixes.find((p) => path.startsWith(p));
    if (!match) {
      const bare = prefixes.find((p) => path === p.slice(0, -1));
      if (bare) return { code: 301, body: `<a href="${bare}">Moved Permanently</a>.\n\n`, headers: { 'Content-Type': 'text/html; charset=utf-8', Location: bare } };
      return NOT_FOUND;
    }
    if (o.www && match === wwwPrefix) return staticFile(o.www, url.pathname, path.slice(wwwPrefix.length - 1));
    if (!apiPrefix.startsWith('/api')) {
      path = path.slice(apiPrefix.length - 1);
      req.url = url.pathname.slice(apiPrefix.length - 1) + url.search;
    }
    if (o.filter && !accepts(o.filter, req.method ?? 'GET', path, String(req.headers.host ?? ''))) return goError(403, 'Forbidden');
    return undefined;
  };
}

export const verb: VerbSpec = {
  name: 'proxy',
  summary: 'Run a proxy to the Kubernetes API server',
  usage: '[--port=PORT] [--www=static-dir] [--www-prefix=prefix] [--api-prefix=prefix]',
  examples: `  # The cluster's API on localhost:8001, then a pod list and a Service's answer through it
  kubectl-lite proxy &
  curl -s localhost:8001/api/v1/namespaces/default/pods
  curl -s localhost:8001/api/v1/namespaces/default/services/web:80/proxy/

  # The API under /custom/ on a random port, and ./web's files under /static/
  kubectl-lite proxy --port=0 --api-prefix=/custom/ --www=./web`,
  flags: [
    { name: 'accept-hosts', type: 'string', default: '^localhost$,^127\\.0\\.0\\.1$,^\\[::1\\]$', description: 'Regular expression for hosts that the proxy should accept.' },
    { name: 'accept-paths', type: 'string', default: '^.*', description: 'Regular expression for paths that the proxy should accept.' },
    { name: 'address', type: 'string', default: '127.0.0.1', description: 'The IP address on which to serve on.' },
    { name: 'api-prefix', type: 'string', default: '/', description: 'Prefix to serve the proxied API under.' },
    { name: 'append-server-path', type: 'bool', description: 'If true, enables automatic path appending of the kube context server path to each request.' },
    { name: 'disable-filter', type: 'bool', description: 'If true, disable request filtering in the proxy. This is dangerous, and can leave you vulnerable to XSRF attacks, when used with an accessible port.' },
    { name: 'keepalive', type: 'string', arg: 'duration', default: '0s', description: 'keepalive specifies the keep-alive period for an active network connection. Set to 0 to disable keepalive.' },
    { name: 'port', short: 'p', type: 'int', default: 8001, description: 'The port on which to run the proxy. Set to 0 to pick a random port.' },
    { name: 'reject-methods', type: 'string', default: '^$', description: "Regular expression for HTTP methods that the proxy should reject (example --reject-methods='POST,PUT,PATCH'). " },
    { name: 'reject-paths', type: 'string', default: '^/api/.*/pods/.*/exec,^/api/.*/pods/.*/attach', description: 'Regular expression for paths that the proxy should reject. Paths specified here will be rejected even accepted by --accept-paths.' },
    { name: 'unix-socket', short: 'u', type: 'string', description: 'Unix socket on which to run the proxy.' },
    { name: 'www', short: 'w', type: 'string', description: 'Also serve static files from the given directory under the specified prefix.' },
    { name: 'www-prefix', short: 'P', type: 'string', default: '/static/', description: 'Prefix to serve static files under, if static file directory is specified.' },
  ],
  async run(ctx, args, flags) {
    // kubectl proxy takes no arguments and ignores any it is given.
    void args;
    const port = flags.port as number;
    if (port < 0 || port > 65535) throw new CliError(`listen tcp: address ${port}: invalid port`);
    const socketPath = String(flags['unix-socket'] ?? '');
    const disabled = flags['disable-filter'] === true;
    let filter: Filter | undefined;
    try {
      filter = disabled ? undefined : { acceptHosts: regexps(String(flags['accept-hosts'])), acceptPaths: regexps(String(flags['accept-paths'])), rejectPaths: regexps(String(flags['reject-paths'])), rejectMethods: regexps(String(flags['reject-methods'])) };
    } catch (e) {
      if (!(e instanceof BadRegexp)) throw e;
      // kubectl's proxy server dies on it (klog.Fatal: exit 255).
      throw new RawError(`${klogPrefix(ctx, 'F')} proxy_server.go:83] Error compiling re: error parsing regexp: ${e.reason}`, 255);
    }
    if (disabled) ctx.io.err.write(`${klogPrefix(ctx, 'W')} proxy.go:177] Request filter disabled, your proxy is vulnerable to XSRF attacks, please be cautious\n`);
    const www = flags.www ? resolve(ctx.cwd, String(flags.www)) : undefined;
    const signal = ctx.signal;
    const { startServing } = await import('../serve/server.js');
    const session = await servingSession(ctx);
    const address = String(flags.address);
    let serving;
    try {
      serving = await startServing({
        session,
        port,
        address,
        socketPath: socketPath || undefined,
        insecure: true,
        realNow: ctx.realNow,
        pinned: Boolean(ctx.env.KUBECTL_LITE_NOW),
        gate: proxyGate({ apiPrefix: String(flags['api-prefix']), wwwPrefix: String(flags['www-prefix']), www, filter }),
      });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const where = socketPath || `${address}:${port}`;
      if (err.code === 'EADDRINUSE') throw new CliError(`listen ${socketPath ? 'unix' : 'tcp'} ${where}: bind: address already in use`);
      if (err.code === 'EADDRNOTAVAIL') throw new CliError(`listen tcp ${where}: bind: cannot assign requested address`);
      throw e;
    }
    ctx.io.out.write(`Starting to serve on ${socketPath || `${address.includes(':') ? `[${address}]` : address}:${serving.port}`}\n`);
    ctx.stopsCleanly?.();
    await untilAborted(signal);
    await serving.close();
  },
};
