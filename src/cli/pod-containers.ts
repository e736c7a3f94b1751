/** Which of a pod's containers kubectl means when none is named (logs, exec, attach): podcmd's choice and notice. */
import type { KubeObject } from '../api/types.js';

const DEFAULT_CONTAINER = 'kubectl.kubernetes.io/default-container';

/** kubectl's list of a pod's containers: `a, b, dbg (ephem), init (init)`. */
export function allContainerNames(pod: KubeObject): string {
  return [
    ...(pod.spec?.containers ?? []).map((c: any) => c.name),
    ...(pod.spec?.ephemeralContainers ?? []).map((c: any) => `${c.name} (ephem)`),
    ...(pod.spec?.initContainers ?? []).map((c: any) => `${c.name} (init)`),
  ].join(', ');
}

/**
 * The container kubectl picks without -c: the one the default-container annotation names (among
 * all the pod's containers), else the first, with a notice when the pod has any other (an init or
 * ephemeral container counts).
 */
export function defaultContainer(pod: KubeObject, notice: ((text: string) => void) | undefined): string {
  const spec = pod.spec ?? {};
  const every: any[] = [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])];
  const wanted = pod.metadata.annotations?.[DEFAULT_CONTAINER];
  if (wanted && every.some((c) => c.name === wanted)) return wanted;
  const first: string = spec.containers?.[0]?.name ?? '';
  if (every.length > 1) notice?.(`Defaulted container "${first}" out of: ${allContainerNames(pod)}\n`);
  return first;
}
