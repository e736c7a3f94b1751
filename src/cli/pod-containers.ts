/** Which of a pod's containers kubectl means when none is named (logs, exec, attach): podcmd's choice and notice. */
import type { KubeObject } from '../api/types.js';
import { CliError } from '../errors.js';

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
 * ephemeral container counts); a pod without containers is refused, as podcmd refuses it.
 */
export function defaultContainer(pod: KubeObject, notice: ((text: string) => void) | undefined): string {
  const spec = pod.spec ?? {};
  // Only a pod as a file has it (exec -f) can have none: the API server refuses such a pod.
  if (!spec.containers?.length) throw new CliError(`pod ${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''} does not have any containers`);
  const every: any[] = [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])];
  const wanted = pod.metadata.annotations?.[DEFAULT_CONTAINER];
  if (wanted && every.some((c) => c.name === wanted)) return wanted;
  const first: string = spec.containers?.[0]?.name ?? '';
  if (every.length > 1) notice?.(`Defaulted container "${first}" out of: ${allContainerNames(pod)}\n`);
  return first;
}
