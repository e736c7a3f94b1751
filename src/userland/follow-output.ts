/**
 * Attaching to a container whose process reads no stdin: what it writes to its standard output from
 * now on (the lines `logs` shows, without kubectl-lite's own start and exit lines), until that
 * instance stops, the pod goes, or the attachment is cancelled. Shared by `attach` and serve's attach.
 */
import type { KubeObject } from '../api/types.js';
import { containerStatus } from '../api/pod-exec.js';
import { instanceLog } from '../cli/logs.js';
import type { Session } from '../cli/session.js';

export interface FollowHost {
  session: Session;
  write(text: string): void;
  signal: AbortSignal;
  /** Resolves after `ms`, or at once when `signal` is aborted. */
  sleep(ms: number): Promise<void>;
}

export async function followOutput(host: FollowHost, pod: KubeObject, container: string): Promise<void> {
  const { session } = host;
  const podType = session.read((api) => api.registry.resolve('pods'));
  const stateOf = (p: KubeObject | undefined) => containerStatus(p, container);
  const instance = stateOf(pod)?.restartCount ?? 0;
  const linesNow = (p: KubeObject) => instanceLog(p, container, stateOf(p)?.state, session.read((api) => api.clock.now().getTime()));
  let printed = linesNow(pod).length;
  for (;;) {
    await host.sleep(500);
    if (host.signal.aborted) return;
    const current = session.read((api) => api.tryGet(podType, pod.metadata.namespace, pod.metadata.name!));
    const status = stateOf(current);
    if (!current || !status || (status.restartCount ?? 0) !== instance) return;
    const lines = linesNow(current);
    for (const l of lines.slice(printed)) if (!l.text.startsWith('[kubectl-lite] ')) host.write(`${l.text}\n`);
    printed = lines.length;
    if (!status.state?.running) return;
  }
}
