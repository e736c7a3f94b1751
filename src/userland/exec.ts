/**
 * `kubectl exec` (and `run -i`) over the simulated containers: which pod and container, the
 * errors the API server, the kubelet and the runtime give on the way, running the command at
 * the cluster's current moment, committing what it wrote, and the interactive shell.
 */
import type { KubeObject } from '../api/types.js';
import type { Context } from '../cli/framework.js';
import { podForObject, resolvePod } from '../cli/workload-pods.js';
import type { ManifestDoc } from '../api/manifest.js';
import { resolveDoc } from '../cli/manifest-objects.js';
import { defaultContainer } from '../cli/pod-containers.js';
import type { Session } from '../cli/session.js';
import { checkExecContainer } from '../api/pod-exec.js';
import { ApiError, CliError, RawError } from '../errors.js';
import type { Snapshot } from '../store/types.js';
import { ContainerProcess, findContainer, RuntimeError } from './container.js';
import { commitOps } from './files.js';
import { loadNet } from './net.js';
import type { Terminal } from './interactive.js';
import { isBareShell } from './types.js';
import { Shell, type ShellIO } from './shell.js';

export interface ExecRequest {
  target: string;
  /** The object -f named, as read from the file (its selector, its namespace): `target` is then unused. */
  fromFile?: ManifestDoc;
  container?: string;
  command: string[];
  stdin: boolean;
  tty: boolean;
  quiet: boolean;
}

/** What a process in a container runs for: the cluster, the clocks, and where kubectl-lite's own notes go. */
export interface ExecHost {
  session: Session;
  realNow(): number;
  /** The clock is pinned (KUBECTL_LITE_NOW): sleeps pass simulated time at once. */
  pinned: boolean;
  signal(): AbortSignal | undefined;
  /** kubectl-lite's own line on the process's error stream (see imageNote). */
  note(text: string): void;
}

/** The CLI's host: the command's session, clock, Ctrl-C and stderr. */
export function cliExecHost(ctx: Context, session: Session, signal: () => AbortSignal | undefined = () => ctx.signal): ExecHost {
  return { session, realNow: () => ctx.realNow(), pinned: Boolean(ctx.env.KUBECTL_LITE_NOW), signal, note: (t) => ctx.io.err.write(t) };
}

/** The process for `command` in the chosen container, opened on the store's current state. */
function open(host: ExecHost, snap: Snapshot, pod: KubeObject, container: string, tty: boolean, net: Awaited<ReturnType<typeof loadNet>>): ContainerProcess {
  const { session } = host;
  const now = session.simulatedNow(snap);
  const offset = now - host.realNow();
  return new ContainerProcess(snap, pod, findContainer(pod, container), {
    now,
    pinned: host.pinned,
    clock: () => host.realNow() + offset,
    tty,
    get signal() {
      return host.signal();
    },
    net,
    reread: (fn) => session.store.read((s) => fn(s)),
  });
}

export function commit(session: Session, proc: ContainerProcess): void {
  if (!proc.ops.length) return;
  const ops = proc.ops.splice(0);
  session.store.update((tx) => commitOps(tx, ops));
}

/** The one line of honesty when a command failed on a file only the image could have held. */
function imageNote(host: ExecHost, proc: ContainerProcess): void {
  if (proc.imageMisses) host.note(`kubectl-lite: the files of image "${proc.container.image}" are not known to the simulation; only volumes, the kubelet's files and files written in this container exist\n`);
}

/** The runtime could not start the process: kubectl prints the server's message as an error. */
export class StartError extends RawError {
  constructor(readonly reason: string) {
    super(`error: ${reason}`);
  }
}

/** What an exec names: a pod (or TYPE/NAME) in a namespace, and maybe a container. */
export interface ExecTarget {
  /** The session's namespace when absent. */
  namespace?: string;
  target: string;
  fromFile?: ManifestDoc;
  container?: string;
  /** Where kubectl's `Defaulted container ...` notice goes (none: not printed). */
  notice?: (text: string) => void;
}

/**
 * The pod and container an exec runs in, with the store it was read from, as kubectl chooses them
 * (its own checks included); what the server then refuses is checkExecContainer's.
 */
export function chooseExecTarget(session: Session, t: ExecTarget): { pod: KubeObject; container: string; snap: Snapshot } {
  return session.read((api) => {
    const pods = api.registry.resolve('pods');
    const fromFile = t.fromFile && resolveDoc(api, session, t.fromFile);
    // A Pod from -f is kubectl's pod as the file has it (AttachablePodForObject returns it as it is): its phase and
    // containers are what kubectl checks and defaults from; the server is asked only by the exec itself.
    // Another kind leads to a live pod by its selector, as written in the file, in its namespace or the session's.
    const filePod = fromFile && fromFile.type.kind === 'Pod' && !fromFile.type.group ? fromFile.object : undefined;
    const pod = filePod ?? (fromFile ? podForObject(api, fromFile.namespace ?? session.namespace, fromFile.type, fromFile.object) : resolvePod(api, t.namespace ?? session.namespace, t.target));
    // kubectl GETs the pod, then POSTs to its exec subresource.
    if (!filePod) api.request('create', pods, pod.metadata.namespace, pod.metadata.name, 'exec');
    // kubectl's own check, before it asks the server.
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') throw new CliError(`cannot exec into a container in a completed pod; current phase is ${phase}`);
    const container = t.container || defaultContainer(pod, t.notice);
    if (!filePod) return { pod, container, snap: api.store };
    api.request('create', pods, filePod.metadata.namespace, filePod.metadata.name, 'exec');
    const live = api.tryGet(pods, filePod.metadata.namespace, filePod.metadata.name!);
    if (!live) throw new ApiError('NotFound', 404, `pods "${filePod.metadata.name}" not found`);
    return { pod: live, container, snap: api.store };
  });
}

/** Runs `req` and returns its exit code; errors before the command starts are thrown as kubectl words them. */
export async function execInPod(ctx: Context, req: ExecRequest): Promise<number> {
  const session = ctx.session();
  const { pod, container, snap } = chooseExecTarget(session, { target: req.target, fromFile: req.fromFile, container: req.container, notice: req.quiet ? undefined : (t) => ctx.io.err.write(t) });
  let tty = req.tty;
  if (tty && req.stdin && !(ctx.io.stdin as any)?.isTTY) {
    if (!req.quiet) ctx.io.err.write('Unable to use a TTY - input is not a terminal or the right kind of file\n');
    tty = false;
  }
  if (!req.stdin) tty = false;
  checkExecContainer(pod, container);
  return runCommand(ctx, session, snap, pod, container, req.command, { stdin: req.stdin, tty });
}

/**
 * Runs argv in the container with the given streams (no terminal); returns its exit code. `note`
 * false: no word on image files the simulation does not know when it fails (a probe's failure is an answer).
 */
export async function runWithStreams(host: ExecHost, snap: Snapshot, pod: KubeObject, container: string, argv: string[], io: ShellIO, note = true, outcome?: ShellOutcome): Promise<number> {
  const net = await loadNet();
  return runProcess(host, open(host, snap, pod, container, false, net), argv, io, note, outcome);
}

/** Filled in by a run that is given one: whether the process was a shell left by `exit` (see src/sim/process.ts). */
export interface ShellOutcome {
  exited: boolean;
}

/** Runs the process, commits what it wrote; a process the runtime cannot start is kubectl's internal error. */
async function runProcess(host: ExecHost, proc: ContainerProcess, argv: string[], io: ShellIO, note = true, outcome?: ShellOutcome): Promise<number> {
  let code: number;
  try {
    if (outcome && isBareShell(argv)) {
      const ran = await proc.runShell(argv, io);
      code = ran.code;
      outcome.exited = ran.exited;
    } else code = await proc.run(argv, io);
  } catch (e) {
    if (e instanceof RuntimeError) throw new StartError(e.message);
    throw e;
  } finally {
    commit(host.session, proc);
  }
  if (code !== 0 && note) imageNote(host, proc);
  return code;
}

/** The interactive shell in the container on `term` (exec -it through serve); returns its exit status. */
export async function interactiveExec(host: ExecHost, snap: Snapshot, pod: KubeObject, container: string, term: Terminal): Promise<number> {
  const net = await loadNet();
  let current = term.signal;
  const proc = open({ ...host, signal: () => current }, snap, pod, container, true, net);
  const { interactiveShell } = await import('./interactive.js');
  return interactiveShell(term, proc, () => commit(host.session, proc), (s) => (current = s));
}

/** Whether runCommand runs argv as the interactive shell: on a terminal, with stdin, a bare shell. */
export function runsInteractive(ctx: Context, argv: string[], o: { stdin: boolean; tty: boolean }): boolean {
  return Boolean(o.tty && o.stdin && isBareShell(argv) && ctx.io.stdin && ctx.io.stdout);
}

/** Runs argv in the container (exec, or run -i's main process); interactive when on a terminal and argv is a bare shell. */
export async function runCommand(ctx: Context, session: Session, snap: Snapshot, pod: KubeObject, container: string, argv: string[], o: { stdin: boolean; tty: boolean; outcome?: ShellOutcome }): Promise<number> {
  const net = await loadNet();
  let current: AbortSignal | undefined = ctx.signal;
  const host = cliExecHost(ctx, session, () => current);
  const proc = open(host, snap, pod, container, o.tty, net);
  if (runsInteractive(ctx, argv, o)) {
    const { interactiveShell } = await import('./interactive.js');
    return interactiveShell({ input: ctx.io.stdin!, output: ctx.io.stdout!, signal: ctx.signal }, proc, () => commit(session, proc), (s) => (current = s));
  }
  const stdinText = o.stdin ? (await ctx.io.readStdin()).toString('utf8') : '';
  const io: ShellIO = { stdin: { data: stdinText, pos: 0 }, out: (t) => ctx.io.out.write(t), err: (t) => ctx.io.err.write(t), tty: o.tty };
  return runProcess(host, proc, argv, io, true, o.outcome);
}
