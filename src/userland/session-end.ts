/**
 * The end of a session attached to a container's own process (attach, debug -i, run -i, serve's
 * attach): when it is the end of the process (src/sim/process.ts sessionEndsProcess), it is
 * recorded, in a write, so the kubelet ends the container with that exit code in its settle.
 */
import type { KubeObject } from '../api/types.js';
import type { Session } from '../cli/session.js';
import { recordProcessEnd, sessionEndsProcess, type SessionEnd } from '../sim/process.js';

export function endProcessIfEnded(session: Session, pod: KubeObject, container: { name: string; stdinOnce?: boolean }, code: number, how: SessionEnd): void {
  if (!sessionEndsProcess(container, how)) return;
  session.write((api) => recordProcessEnd(api, pod.metadata.namespace!, pod.metadata.name!, container.name, code));
}
