/**
 * The cluster's API server as a client inside the cluster reaches it: the kubernetes Service
 * (10.96.0.1:443) sends it to the control plane's kube-apiserver (its host network, port 6443),
 * which authenticates the request (a service-account token, else anonymous), authorizes it with
 * RBAC and answers it as `serve` does, from the cluster at the World's moment. So
 * `curl --cacert .../ca.crt -H "Authorization: Bearer $(cat .../token)" https://kubernetes.default.svc/api/v1/namespaces/default/pods`
 * from a pod shows what its service account may read, and the Forbidden it gets where it may not.
 *
 * What it cannot do is kubectl-lite's own limit: the dataplane reads the cluster at one moment, so
 * writes, watches and followed logs are authorized, then refused with a Status saying so.
 */
import { SettableClock } from '../api/clock.js';
import { registryOf } from '../api/crd.js';
import { impersonatedUser, type UserInfo } from '../api/rbac.js';
import { ApiServer } from '../api/server.js';
import { authenticateToken } from '../api/token-request.js';
import type { KubeObject } from '../api/types.js';
import { goShapeOf } from '../printers/go-struct-order.js';
import { AS_BUILT, goJsonIndentShaped, goJsonShaped } from '../printers/go-values.js';
import { KubeApi, type ApiRequest, type Reply } from '../serve/api.js';
import { API_SERVER_PORT, apiServerPort } from '../sim/ports.js';
import { hmacSha256 } from '../util/digest.js';
import { CLUSTER_CA_PEM, ROOT_CA_CONFIGMAP } from '../controllers/serviceaccount.js';
import { httpDate, reasonOf } from './http.js';
import { indexOf, nodeInternalIP } from './world.js';
import type { HttpRequest, HttpResponse, ServerBehaviour, World } from './types.js';

/** The time the API server takes to answer (simulated). */
const LATENCY_MS = 2;

const ANONYMOUS = 'system:anonymous';

/** The API server reading one World's cluster at its moment, and the API answering through it. */
interface WorldApi {
  server: ApiServer;
  kube: KubeApi;
}

const apis = new WeakMap<World, WorldApi>();

function apiOf(world: World, address: string): WorldApi {
  let api = apis.get(world);
  if (api) return api;
  const server = new ApiServer(world.snap, registryOf(world.snap), new SettableClock(world.now));
  const kube = new KubeApi({ read: (fn) => fn(server), snapshot: (fn) => fn(world.snap) }, { serverAddress: address });
  apis.set(world, (api = { server, kube }));
  return api;
}

/** The kube-apiserver container of a control-plane node, answering one request. */
export const kubeApiserver: ServerBehaviour = (world, self, req) => {
  // Go's TLS server answers a plain-HTTP request itself, before any handler.
  if (!req.tls) return { status: 400, reason: reasonOf(400), headers: [], body: 'Client sent an HTTP request to an HTTPS server.\n', latencyMs: LATENCY_MS };
  const node = self.pod.spec?.nodeName ? indexOf(world).node(self.pod.spec.nodeName) : undefined;
  const container = (self.pod.spec?.containers ?? []).find((c: { name?: string }) => c.name === self.container);
  const address = `${(node && nodeInternalIP(node)) || self.pod.status?.podIP || ''}:${apiServerPort(self.pod, container) ?? API_SERVER_PORT}`;
  const api = apiOf(world, address);
  const user = requestUser(api.server, req);
  const reply = 'error' in user ? unauthorized() : api.kube.answer(apiRequest(req), user, Buffer.from(req.body ?? '', 'utf8'));
  return httpResponse(world, req, reply);
};

/**
 * Who the request is: the service account a bearer token names (the token authenticator's refusal
 * is 401, anonymous access being only for a request without credentials), else system:anonymous.
 */
function requestUser(api: ApiServer, req: HttpRequest): UserInfo | { error: string } {
  const auth = headerOf(req, 'authorization');
  if (auth === undefined) return impersonatedUser(ANONYMOUS);
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(auth);
  if (!bearer) return { error: 'unsupported credentials' };
  const who = authenticateToken(api, bearer[1]!, hmacSha256);
  return 'user' in who ? who.user : who;
}

function unauthorized(): Reply {
  return { code: 401, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 } };
}

function headerOf(req: HttpRequest, name: string): string | undefined {
  for (const key of Object.keys(req.headers)) if (key.toLowerCase() === name) return req.headers[key];
  return undefined;
}

/** The request as the API reads it (header names lower-cased, as Node's HTTP server gives them). */
function apiRequest(req: HttpRequest): ApiRequest {
  const headers: Record<string, string> = {};
  const distinct: Record<string, string[]> = {};
  for (const key of Object.keys(req.headers)) {
    const name = key.toLowerCase();
    headers[name] = req.headers[key]!;
    distinct[name] = [req.headers[key]!];
  }
  return { method: req.method, url: req.path, headers, headersDistinct: distinct };
}

/**
 * The reply as the API server writes it: JSON indented by two spaces for a person's client (curl,
 * Wget, a browser, or `?pretty=true`), else compact with a newline (Go's json.Encoder); a typed
 * object's fields in Go's order.
 */
function httpResponse(world: World, req: HttpRequest, reply: Reply): HttpResponse {
  const contentType = reply.headers?.['Content-Type'] ?? 'application/json';
  let body: string;
  if (typeof reply.body === 'string') body = reply.body;
  else if (Buffer.isBuffer(reply.body)) body = reply.body.toString('utf8');
  else {
    const shape = goShapeOf(reply.body as KubeObject) ?? AS_BUILT;
    body = isPretty(req) ? goJsonIndentShaped(reply.body, shape, '  ') : `${goJsonShaped(reply.body, shape)}\n`;
  }
  const headers: Array<[string, string]> = [
    ['Audit-Id', auditId(world)],
    ['Cache-Control', 'no-cache, private'],
    ['Content-Type', contentType],
    ['Date', httpDate(world.now)],
    ['Content-Length', String(Buffer.byteLength(body))],
  ];
  for (const [k, v] of Object.entries(reply.headers ?? {})) if (k !== 'Content-Type') headers.push([k, v]);
  return { status: reply.code, reason: reasonOf(reply.code), headers, body: req.method === 'HEAD' ? '' : body, latencyMs: LATENCY_MS };
}

/** The API server's rule (isPrettyPrint): `?pretty=` when given, else the client's User-Agent. */
function isPretty(req: HttpRequest): boolean {
  const query = req.path.includes('?') ? new URLSearchParams(req.path.slice(req.path.indexOf('?') + 1)) : undefined;
  const pretty = query?.get('pretty');
  if (pretty) return ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(pretty);
  const agent = headerOf(req, 'user-agent') ?? '';
  return agent.startsWith('curl') || agent.startsWith('Wget') || agent.startsWith('Mozilla/5.0');
}

function auditId(world: World): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(world.random() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(world.random() * 4)]}${hex(3)}-${hex(12)}`;
}

/** The certificate a TLS server presents, as a client checks it. */
export interface ServerCertificate {
  /** The PEM of the CA that signed it. */
  issuerPem: string;
  /** Its subject alternative names: DNS names and IP addresses. */
  dnsNames: string[];
  ips: string[];
}

/**
 * The API server's serving certificate, as kubeadm makes it on kind: signed by the cluster's CA
 * (the `ca.crt` every pod is given), for the node's name, `kubernetes` and its namespaced and
 * cluster-domain forms, localhost, the kubernetes Service's ClusterIP, the node's address and
 * 127.0.0.1.
 */
export function apiServerCertificate(world: World, pod: KubeObject): ServerCertificate {
  const node = pod.spec?.nodeName ? indexOf(world).node(pod.spec.nodeName) : undefined;
  const published = world.snap.get('core/configmaps', `kube-system/${ROOT_CA_CONFIGMAP}`) as KubeObject | undefined;
  const issuerPem = typeof published?.data?.['ca.crt'] === 'string' ? published.data['ca.crt'] : CLUSTER_CA_PEM;
  const service = world.snap.get('core/services', 'default/kubernetes') as KubeObject | undefined;
  const dnsNames = [pod.spec?.nodeName, 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', 'localhost'];
  const ips = [service?.spec?.clusterIP, node && nodeInternalIP(node), '127.0.0.1'];
  return { issuerPem, dnsNames: dnsNames.filter((n): n is string => typeof n === 'string' && n !== ''), ips: ips.filter((n): n is string => typeof n === 'string' && n !== '') };
}
