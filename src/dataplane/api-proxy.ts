/**
 * The API server's proxy subresource (`pods/NAME[:PORT]/proxy/PATH`, `services/NAME[:PORT]/proxy/PATH`,
 * what `kubectl proxy` and `kubectl get --raw` reach pods and Services through): the API server
 * itself connects, from the control plane's host network. A pod is reached at its IP, on the port
 * named (a number or a container port's name) or else its first container port; a Service at one
 * of its ready endpoints for the Service port named (by its name or number; none: the port without
 * a name), picked at random: kube-proxy and the ClusterIP are not in the way. Errors are the API
 * server's Status answers.
 */
import type { KubeObject } from '../api/types.js';
import type { Snapshot } from '../store/types.js';
import { http } from './http.js';
import type { HttpRequest, HttpResponse, Origin, World } from './types.js';
import { buildWorld, indexOf } from './world.js';

export type ProxyOutcome = { response: HttpResponse } | { code: number; reason: string; message: string };

/** What is asked of the proxied server (the path after `/proxy`, with its query). */
export type ProxiedRequest = Pick<HttpRequest, 'method' | 'path' | 'headers' | 'body'>;

/** Kubernetes' SplitSchemeNamePort: `name`, `name:port` or `scheme:name:port` (scheme http, https or empty). */
export function splitSchemeNamePort(id: string): { scheme: string; name: string; port: string } | undefined {
  const parts = id.split(':');
  const [scheme, name, port] = parts.length === 1 ? ['', parts[0]!, ''] : parts.length === 2 ? ['', parts[0]!, parts[1]!] : parts.length === 3 ? [parts[0]!, parts[1]!, parts[2]!] : [];
  if (!name || (scheme !== '' && scheme !== 'http' && scheme !== 'https')) return undefined;
  return { scheme: scheme!, name, port: port! };
}

const unavailable = (message: string): ProxyOutcome => ({ code: 503, reason: 'ServiceUnavailable', message });

/** The API server's own pod (the control plane's kube-apiserver, host network), where its connections come from. */
function apiServerOrigin(world: World): Origin {
  const pod = indexOf(world).pods().find((p) => p.metadata.namespace === 'kube-system' && p.metadata.labels?.component === 'kube-apiserver' && p.spec?.hostNetwork);
  return pod ? { kind: 'pod', pod, container: 'kube-apiserver' } : { kind: 'host' };
}

function send(world: World, scheme: string, ip: string, port: number, req: ProxiedRequest): ProxyOutcome {
  const host = `${ip}:${port}`;
  const result = http(world, apiServerOrigin(world), { ...req, host, headers: { ...req.headers, host }, ip, port, tls: scheme === 'https' });
  if (result.ok) return { response: result.response };
  const why = result.error === 'refused' ? 'connect: connection refused' : result.error === 'timeout' ? 'i/o timeout' : 'connect: no route to host';
  return unavailable(`error trying to reach service: dial tcp ${host}: ${why}`);
}

/** A pod's proxy: `id` is the name with an optional scheme and port. */
export function proxyToPod(snap: Snapshot, now: number, pod: KubeObject, id: string, req: ProxiedRequest): ProxyOutcome {
  const parts = splitSchemeNamePort(id)!;
  const containers: any[] = pod.spec?.containers ?? [];
  let port = parts.port;
  if (port !== '' && !/^\d+$/.test(port)) {
    const named = containers.flatMap((c) => c.ports ?? []).find((p: any) => p.name === port);
    if (!named) return unavailable(`no port named "${port}" in pod ${pod.metadata.name}`);
    port = String(named.containerPort);
  }
  if (port === '') port = String(containers.flatMap((c) => c.ports ?? [])[0]?.containerPort ?? 80);
  const ip = pod.status?.podIP;
  if (!ip) return unavailable(`pod ${pod.metadata.name} has no IP address yet`);
  return send(buildWorld(snap, now), parts.scheme, ip, Number(port), req);
}

/** A Service's proxy: `id` is the name with an optional scheme and port (name or number). */
export function proxyToService(snap: Snapshot, now: number, svc: KubeObject, id: string, req: ProxiedRequest): ProxyOutcome {
  const parts = splitSchemeNamePort(id)!;
  let portName = parts.port;
  if (/^\d+$/.test(portName)) {
    const declared = (svc.spec?.ports ?? []).find((p: any) => Number(p.port) === Number(portName));
    if (!declared) return unavailable(`no service port ${Number(portName)} found for service "${parts.name}"`);
    portName = declared.name ?? '';
  }
  const world = buildWorld(snap, now);
  const ready = indexOf(world).endpoints(svc).filter((e) => e.ready && e.ports.has(portName));
  if (!ready.length) return unavailable(`no endpoints available for service "${id}"`);
  const endpoint = ready[Math.floor(world.random() * ready.length)]!;
  return send(world, parts.scheme, endpoint.ip, endpoint.ports.get(portName)!, req);
}
