/**
 * What the API server and the kubelet check before a process starts in a pod's container (exec,
 * and cp over it): the container is the pod's, the pod is on a node, the container runs. Shared by
 * the CLI and serve's exec endpoint.
 */
import { ApiError, RawError } from '../errors.js';
import type { KubeObject } from './types.js';

/** The container is not running: the kubelet cannot upgrade the connection (kubectl: `unable to upgrade connection: ...`). */
export class ContainerNotRunning extends RawError {
  constructor(readonly container: string) {
    super(`error: unable to upgrade connection: container not found ("${container}")`);
  }
}

function specs(pod: KubeObject): Array<{ name?: string }> {
  const spec = pod.spec ?? {};
  return [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])];
}

/** The spec of the pod's container of that name: a regular, init or ephemeral one. */
export function containerSpec(pod: KubeObject | undefined, name: string): any {
  return pod ? specs(pod).find((c) => c.name === name) : undefined;
}

/** The status of the pod's container of that name: a regular, init or ephemeral one. */
export function containerStatus(pod: KubeObject | undefined, name: string): any {
  const status = pod?.status;
  return [...(status?.containerStatuses ?? []), ...(status?.initContainerStatuses ?? []), ...(status?.ephemeralContainerStatuses ?? [])].find((s: { name: string }) => s.name === name);
}

/** Throws what is refused before a process can start in `container` of `pod`. */
export function checkExecContainer(pod: KubeObject, container: string): void {
  if (!containerSpec(pod, container)) throw new ApiError('BadRequest', 400, `container ${container} is not valid for pod ${pod.metadata.name}`);
  if (!pod.spec?.nodeName) throw new ApiError('BadRequest', 400, `pod ${pod.metadata.name} does not have a host assigned`);
  if (!containerStatus(pod, container)?.state?.running) throw new ContainerNotRunning(container);
}

/** The container an exec request without one runs in: the only one, else the API server's refusal. */
export function onlyContainer(pod: KubeObject): string {
  const containers: Array<{ name?: string }> = pod.spec?.containers ?? [];
  if (containers.length === 1) return containers[0]!.name ?? '';
  const names = specs(pod).map((c) => c.name).join(' ');
  throw new ApiError('BadRequest', 400, `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${names}]`);
}
