/**
 * A simulated container's own process: what `kubectl run -i`, `kubectl debug -i` and `kubectl attach`
 * connect to. It is the container's command and args, else its image's default command where the
 * simulation knows it (busybox's and alpine's is `sh`).
 *
 * The simulation keeps no process running between commands: a session attached to a container runs
 * its process then and there. When that session ends the process (a shell left with `exit` or
 * Ctrl-D, a command that ran to its end, a shell whose stdin the runtime closed after the first
 * attach: `stdinOnce`), the end is recorded in the store's internal collection `sim/processes`
 * (PROCESSES_COLLECTION, keyed by the pod's `namespace/name`), and the kubelet ends that container
 * instance with that exit code, restarting it as the pod's restartPolicy says, as a real kubelet
 * does when a container's main process exits.
 */
import { containerStatus } from '../api/pod-exec.js';
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import type { Snapshot, Transaction } from '../store/types.js';

/** Images whose default command is known: busybox's and alpine's is `sh`. */
export function imageDefaultCommand(image: string): string[] | undefined {
  const repo = String(image).replace(/^docker\.io\/(library\/)?/, '').split(/[:@]/)[0]!;
  return ['busybox', 'alpine'].includes(repo) ? ['sh'] : undefined;
}

/** The argv of the container's process; undefined when neither the spec nor the simulation knows it. */
export function containerProcess(c: { image?: string; command?: string[]; args?: string[] }): string[] | undefined {
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  return argv.length ? argv : imageDefaultCommand(String(c.image ?? ''));
}

/** Whether the process is a shell alone, which reads its commands from stdin (and ends at its end). */
export function runsBareShell(c: { image?: string; command?: string[]; args?: string[] }): boolean {
  const argv = containerProcess(c);
  return argv !== undefined && isBareShellArgv(argv);
}

function isBareShellArgv(argv: string[]): boolean {
  return argv.length === 1 && /^(\/bin\/|\/usr\/bin\/)?(sh|ash|bash)$/.test(argv[0]!);
}

type StdinContainer = { image?: string; command?: string[]; args?: string[]; stdin?: boolean; stdinOnce?: boolean };

/**
 * Whether the container's process runs until a session ends it, whatever the pod's restartPolicy:
 * a shell with stdin kept open waits for its input (`run -i`, `debug -i`, a manifest's `stdin:
 * true`), and a process whose stdin is closed after the first attach (`stdinOnce`, as `run -i`
 * makes it) is the one that attach runs. Any other runs as the simulation's behaviour says.
 */
export function waitsForSession(c: StdinContainer): boolean {
  if (!c.stdin) return false;
  return runsBareShell(c) || (c.stdinOnce === true && containerProcess(c) !== undefined);
}

/** How a session attached to a container's process ended. */
export interface SessionEnd {
  /** The process that ran. */
  argv: string[];
  /** The session fed it this command's stdin (-i). */
  stdin: boolean;
  /** An interactive shell on a terminal: it ended by `exit` or Ctrl-D. */
  interactive: boolean;
  /** A shell reading piped input was left by `exit` (not at the end of its input). */
  exited: boolean;
  /** The session was cut (Ctrl-C, the client went away): the process goes on. */
  aborted: boolean;
}

/**
 * Whether the end of a session is the end of the container's process: a terminal's shell is left
 * by `exit` or Ctrl-D; a command runs to its end; a shell reading piped input ends at `exit`, or at
 * the input's end when the runtime closes its stdin then (`stdinOnce`): otherwise it goes on
 * waiting. A cut session (detached) leaves the process running.
 */
export function sessionEndsProcess(c: StdinContainer, s: SessionEnd): boolean {
  if (s.aborted) return false;
  if (s.interactive || s.exited) return true;
  if (!isBareShellArgv(s.argv)) return true;
  return s.stdin && c.stdinOnce === true;
}

export const PROCESSES_COLLECTION = 'sim/processes';

/** One container instance's process that ended: its containerID, exit code and when (simulated ms). */
export interface ProcessEnd {
  container: string;
  containerID: string;
  exitCode: number;
  atMs: number;
}

/** A pod's record in PROCESSES_COLLECTION; one whose uid is not the pod's is stale (the pod was replaced). */
export interface ProcessRecord {
  uid: string;
  ends: ProcessEnd[];
}

function keyOf(pod: KubeObject): string {
  return `${pod.metadata.namespace ?? ''}/${pod.metadata.name}`;
}

/** The recorded process ends of this pod (the kubelet reads them for every pod it syncs). */
export function processEndsOf(snap: Snapshot, pod: KubeObject): ProcessEnd[] | undefined {
  const rec = snap.get(PROCESSES_COLLECTION, keyOf(pod)) as ProcessRecord | undefined;
  if (!rec || typeof rec !== 'object' || rec.uid !== pod.metadata.uid || !Array.isArray(rec.ends) || rec.ends.length === 0) return undefined;
  return rec.ends;
}

/** The recorded end of a running container instance (its status), if its process has ended. */
export function endOfRunning(ends: ProcessEnd[] | undefined, name: string, status: any): ProcessEnd | undefined {
  if (!ends || !status?.state?.running || !status.containerID) return undefined;
  return ends.find((e) => e.container === name && e.containerID === status.containerID);
}

/**
 * Records that the process of container `name` of the pod ended with `exitCode` now (in a write:
 * the kubelet then ends the container in the same settle). Only the instance running now is
 * ended; a container not running (it ended meanwhile, or was never started) is left as it is.
 */
export function recordProcessEnd(api: ApiServer, namespace: string, podName: string, name: string, exitCode: number): void {
  const pod = api.tryGet(api.registry.resolve('pods'), namespace, podName);
  if (!pod || pod.metadata.deletionTimestamp) return;
  const status = containerStatus(pod, name);
  if (!status?.state?.running || !status.containerID) return;
  const tx = api.store as Transaction;
  const key = keyOf(pod);
  const old = processEndsOf(tx, pod) ?? [];
  const end: ProcessEnd = { container: name, containerID: status.containerID, exitCode, atMs: api.clock.now().getTime() };
  tx.put(PROCESSES_COLLECTION, key, { uid: pod.metadata.uid!, ends: [...old.filter((e) => e.container !== name), end] } satisfies ProcessRecord);
}
