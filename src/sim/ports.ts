/**
 * Which ports a simulated container listens on, and the clash of two containers of one pod
 * on the same port: they share the pod's network namespace, so the one started later cannot
 * bind it; its process exits at once with an error ("address already in use") and the
 * kubelet restarts it into CrashLoopBackOff, as in a real pod.
 */
import type { KubeObject } from '../api/types.js';
import { annotationFor } from './behaviour.js';

/** The annotation that says which ports a container listens on (`8080,9090/udp`, `none`). */
export const LISTEN_ANNOTATION = 'listen';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface Listen {
  port: number;
  protocol: Protocol;
}

/** The port kube-apiserver serves on unless its `--secure-port` says otherwise. */
export const API_SERVER_PORT = 6443;

/**
 * The port the cluster's API server listens on, when `container` is it: the kube-apiserver
 * container of the control plane's static pod (a mirror pod labelled `component: kube-apiserver`),
 * on its `--secure-port`. Its mirror pod declares no containerPorts, as kubeadm writes it.
 */
export function apiServerPort(pod: KubeObject, container: any): number | undefined {
  if (container?.name !== 'kube-apiserver' || pod.metadata.labels?.component !== 'kube-apiserver') return undefined;
  if (!pod.metadata.annotations?.['kubernetes.io/config.mirror'] || !pod.spec?.hostNetwork) return undefined;
  const flag = [...(container.command ?? []), ...(container.args ?? [])].find((a: unknown) => typeof a === 'string' && a.startsWith('--secure-port='));
  const port = flag ? Number(flag.slice('--secure-port='.length)) : API_SERVER_PORT;
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : API_SERVER_PORT;
}

/**
 * The ports a container listens on: its declared containerPorts (the API server: its secure
 * port), unless the `listen` annotation says otherwise.
 */
export function listeningPorts(pod: KubeObject, container: any): Listen[] {
  const override = annotationFor(pod, LISTEN_ANNOTATION, container.name);
  if (override !== undefined) {
    const out: Listen[] = [];
    for (const part of override.split(/[,\s]+/)) {
      const m = /^(\d+)(?:\/(tcp|udp|sctp))?$/i.exec(part.trim());
      if (m) out.push({ port: Number(m[1]), protocol: (m[2]?.toUpperCase() ?? 'TCP') as Protocol });
    }
    return out;
  }
  const apiPort = apiServerPort(pod, container);
  if (apiPort !== undefined) return [{ port: apiPort, protocol: 'TCP' }];
  return (container.ports ?? []).map((p: any) => ({ port: p.containerPort, protocol: (p.protocol ?? 'TCP') as Protocol }));
}

/** The pod's long-running containers in the order the kubelet starts them: native sidecars, then containers. */
export function serverContainers(pod: KubeObject): any[] {
  return [...(pod.spec?.initContainers ?? []).filter((c: any) => c.restartPolicy === 'Always'), ...(pod.spec?.containers ?? [])];
}

/** The port (and the container holding it) that `name` cannot bind because a container started before it listens there. */
export function portClash(pod: KubeObject, name: string): { port: number; protocol: Protocol; holder: string } | undefined {
  const taken = new Map<string, string>();
  for (const c of serverContainers(pod)) {
    const mine = listeningPorts(pod, c);
    if (c.name === name) {
      for (const l of mine) {
        const holder = taken.get(`${l.protocol}/${l.port}`);
        if (holder) return { ...l, holder };
      }
      return undefined;
    }
    for (const l of mine) if (!taken.has(`${l.protocol}/${l.port}`)) taken.set(`${l.protocol}/${l.port}`, c.name);
  }
  return undefined;
}
