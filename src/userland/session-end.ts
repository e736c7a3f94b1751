/**
 * The end of a session attached to a container's own process (attach, debug -i, run -i, serve's
 * attach): when it is the end of the process (src/sim/process.ts sessionEndsProcess), it is
 * recorded, in a write, so the kubelet ends the container with that exit code in its settle.
 */
import type { KubeObject } from '../api/types.js';
import type { Context } from '../cli/framework.js';
import type { Session } from '../cli/session.js';
import { recordProcessEnd, sessionEndsProcess, type SessionEnd } from '../sim/process.js';
import type { Snapshot } from '../store/types.js';
import { runCommand, runsInteractive } from './exec.js';

/**
 * Runs the container's process attached to this command (attach, debug -i, run -i), then ends the
 * container if the session ended the process (`record` false: the pod is about to go); its exit code.
 */
export async function runAttachedProcess(
  ctx: Context, session: Session, snap: Snapshot, pod: KubeObject, container: { name: string; stdinOnce?: boolean }, argv: string[], o: { stdin: boolean; tty: boolean; record?: boolean },
): Promise<number> {
  const streams = { stdin: o.stdin, tty: o.tty, outcome: { exited: false } };
  const code = await runCommand(ctx, session, snap, pod, container.name, argv, streams);
  if (o.record !== false) {
    endProcessIfEnded(session, pod, container, code, { argv, stdin: o.stdin, interactive: runsInteractive(ctx, argv, streams), exited: streams.outcome.exited, aborted: Boolean(ctx.signal?.aborted) });
  }
  return code;
}

export function endProcessIfEnded(session: Session, pod: KubeObject, container: { name: string; stdinOnce?: boolean }, code: number, how: SessionEnd): void {
  if (!sessionEndsProcess(container, how)) return;
  session.write((api) => recordProcessEnd(api, pod.metadata.namespace!, pod.metadata.name!, container.name, code));
}

/**
 * What kubectl prints after a session on a terminal (attach -it, debug -it, run -it): how to come
 * back to the container, for an ephemeral one or one that restarts always; else nothing.
 */
export function sessionEndedLine(programName: string, pod: KubeObject, container: string): string {
  const again = `${programName} attach ${pod.metadata.name} -c ${container} -i -t`;
  if ((pod.spec?.ephemeralContainers ?? []).some((c: { name: string }) => c.name === container)) {
    return `Session ended, the ephemeral container will not be restarted but may be reattached using '${again}' if it is still running\n`;
  }
  if ((pod.spec?.restartPolicy ?? 'Always') === 'Always') return `Session ended, resume using '${again}' command when the pod is running\n`;
  return '';
}
