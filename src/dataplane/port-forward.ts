/**
 * A connection forwarded into a pod (`kubectl port-forward`, through the kubelet): made from inside
 * the pod's network namespace to localhost:PORT when the client's connection opens, then each HTTP
 * request on it answered by the server that accepted it, at the simulated moment of the request.
 * The errors are the kubelet's, as the error stream carries them to kubectl.
 */
import type { KubeObject } from '../api/types.js';
import type { Snapshot } from '../store/types.js';
import { connect } from './connect.js';
import { http } from './http.js';
import type { HttpRequest, HttpResponse } from './types.js';
import { buildWorld } from './world.js';

/** What arrives on a forwarded connection (the destination is the pod's localhost:PORT). */
export type ForwardedRequest = Omit<HttpRequest, 'ip' | 'port'>;

/** The kubelet's words for a forward that failed (the pod's uid where it names the sandbox). */
function forwardError(pod: KubeObject, port: number, why: string): string {
  return `error forwarding port ${port} to pod ${pod.metadata.uid}, uid : ${why}`;
}

const gone = (pod: KubeObject) => `pod not found ("${pod.metadata.name}_${pod.metadata.namespace}")`;
const refused = (port: number, message: string) => `failed to connect to localhost:${port} inside the pod's network namespace: ${message.toLowerCase()}`;

/** The pod as the store has it now, if it is still the one the forward was opened to. */
function current(snap: Snapshot, pod: KubeObject): KubeObject | undefined {
  const { namespace, name, uid } = pod.metadata;
  const now = snap.get('core/pods', `${namespace}/${name}`) as KubeObject | undefined;
  return now && now.metadata.uid === uid ? now : undefined;
}

const origin = (pod: KubeObject) => ({ kind: 'pod' as const, pod, container: String(pod.spec?.containers?.[0]?.name ?? '') });

/** Opening the connection: undefined when something listens on the port, else the kubelet's error. */
export function forwardRefusal(snap: Snapshot, now: number, pod: KubeObject, port: number): string | undefined {
  const found = current(snap, pod);
  if (!found) return forwardError(pod, port, gone(pod));
  const conn = connect(buildWorld(snap, now), origin(found), '127.0.0.1', port);
  return conn.ok ? undefined : forwardError(pod, port, refused(port, conn.message));
}

/** One request on a forwarded connection, answered from inside the pod. */
export function forwardRequest(snap: Snapshot, now: number, pod: KubeObject, port: number, req: ForwardedRequest): { response: HttpResponse } | { error: string } {
  const found = current(snap, pod);
  if (!found) return { error: forwardError(pod, port, gone(pod)) };
  const result = http(buildWorld(snap, now), origin(found), { ...req, ip: '127.0.0.1', port });
  if (!result.ok) return { error: forwardError(pod, port, refused(port, result.message)) };
  return { response: result.response };
}
