/**
 * An HTTP request through the simulated network: the connection (src/dataplane/connect.ts),
 * then the server of the container that accepted it: a behaviour registered by name
 * (src/dataplane/servers.ts) when the pod's `sim.kubectl-lite.io/server` annotation names one,
 * else the default server, which answers with a short line naming the pod, container, node,
 * pod IP and the request, shaped by the pod's `http-*` annotations (src/sim/README.md).
 */
import type { KubeObject } from '../api/types.js';
import { annotationFor } from '../sim/behaviour.js';
import { apiServerPort } from '../sim/ports.js';
import { parseGoDuration } from '../util/duration.js';
import { connect } from './connect.js';
import { apiServerCertificate, type ServerCertificate } from './kube-apiserver.js';
import { SERVERS } from './servers.js';
import type { HttpRequest, HttpResponse, HttpResult, Origin, World } from './types.js';

export const REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified',
  307: 'Temporary Redirect', 308: 'Permanent Redirect', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 408: 'Request Timeout', 409: 'Conflict', 418: "I'm a teapot", 429: 'Too Many Requests',
  500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

export function reasonOf(status: number): string {
  return REASONS[status] ?? '';
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** RFC 7231 IMF-fixdate: `Wed, 02 Dec 2026 16:00:00 GMT`. */
export function httpDate(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} GMT`;
}

/** `0.1`, `10%` → 0.1; undefined when absent or unreadable. */
function share(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  const n = t.endsWith('%') ? Number(t.slice(0, -1)) / 100 : Number(t);
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : undefined;
}

let lastDate: [number, string] = [NaN, ''];
function dateHeader(ms: number): string {
  if (lastDate[0] !== ms) lastDate = [ms, httpDate(ms)];
  return lastDate[1];
}

/** A response with the headers every simulated server sends. */
export function response(world: World, status: number, body: string, latencyMs: number, method = 'GET', extra: Array<[string, string]> = []): HttpResponse {
  const headers: Array<[string, string]> = [
    ['Content-Type', 'text/plain; charset=utf-8'],
    ['Date', dateHeader(world.now)],
    ['Content-Length', String(Buffer.byteLength(body))],
    ...extra,
  ];
  return { status, reason: reasonOf(status), headers, body: method === 'HEAD' ? '' : body, latencyMs };
}

/** How one container's default server answers, from the pod's annotations. */
interface ServerConf {
  behaviour?: string;
  latency: number;
  failShare: number;
  status: number;
  body?: string;
  prefix: string;
}

const confs = new WeakMap<KubeObject, Map<string, ServerConf>>();

function serverConf(pod: KubeObject, container: string): ServerConf {
  let byContainer = confs.get(pod);
  if (!byContainer) confs.set(pod, (byContainer = new Map()));
  let conf = byContainer.get(container);
  if (conf) return conf;
  const statusText = annotationFor(pod, 'http-status', container);
  const custom = annotationFor(pod, 'http-body', container);
  conf = {
    behaviour: annotationFor(pod, 'server', container),
    latency: parseGoDuration(annotationFor(pod, 'http-latency', container) ?? '') ?? 0,
    failShare: share(annotationFor(pod, 'http-error-rate', container)) ?? 0,
    status: statusText && /^\d{3}$/.test(statusText) ? Number(statusText) : 200,
    body: custom === undefined ? undefined : custom.endsWith('\n') ? custom : `${custom}\n`,
    prefix: `${pod.metadata.name} (container ${container}, node ${pod.spec?.nodeName ?? '<none>'}, IP ${pod.status?.podIP ?? '<none>'}): `,
  };
  byContainer.set(container, conf);
  return conf;
}

/** The default simulated server of a container. */
export function defaultServer(world: World, self: { pod: KubeObject; container: string }, req: HttpRequest, clientIP?: string): HttpResponse {
  const { pod, container } = self;
  const conf = serverConf(pod, container);
  if (conf.failShare > 0 && world.random() < conf.failShare) {
    return response(world, 500, `simulated failure in ${pod.metadata.name} (container ${container})\n`, conf.latency, req.method);
  }
  const body = conf.body ?? `${conf.prefix}${req.method} ${req.path} Host: ${req.host}${clientIP ? ` from ${clientIP}` : ''}\n`;
  return response(world, conf.status, body, conf.latency, req.method);
}

function isApiServer(pod: KubeObject, container: string): boolean {
  return apiServerPort(pod, pod.spec?.containers?.find((c: { name?: string }) => c.name === container)) !== undefined;
}

/**
 * The certificate the server that accepted a TLS connection presents: the API server's; undefined
 * for the others, whose certificates the simulation does not model (a client does not check them).
 */
export function serverCertificate(world: World, pod: KubeObject, container: string): ServerCertificate | undefined {
  return isApiServer(pod, container) ? apiServerCertificate(world, pod) : undefined;
}

/** One HTTP exchange from `origin`: connection, then the server of the container that accepted it. */
export function http(world: World, origin: Origin, req: HttpRequest, depth = 0): HttpResult {
  const conn = connect(world, origin, req.ip, req.port);
  if (!conn.ok) return conn;
  const pod = conn.pod!;
  const container = conn.container!;
  const self = { pod, container };
  const name = serverConf(pod, container).behaviour ?? (isApiServer(pod, container) ? 'kube-apiserver' : undefined);
  const behaviour = name ? SERVERS[name] : undefined;
  const netMs = conn.ip === '127.0.0.1' ? 0.05 : 0.4;
  const done = (response: HttpResponse): HttpResult => {
    response.latencyMs += netMs;
    return { ok: true, ip: conn.ip, port: conn.port, pod, container, node: conn.node, hops: conn.hops, response };
  };
  if (behaviour && depth < 8) {
    const forward = (r: HttpRequest) => http(world, { kind: 'pod', pod, container }, r, depth + 1);
    const out = behaviour(world, self, req, forward);
    if ('status' in out && typeof out.status === 'number') return done({ ...out });
    return out as HttpResult;
  }
  // A connection to localhost comes from localhost; one across the pod network, from the client pod's IP.
  const clientIP = origin.kind === 'pod' ? (conn.ip === '127.0.0.1' ? '127.0.0.1' : origin.pod.status?.podIP) : undefined;
  return done(defaultServer(world, self, req, clientIP));
}
