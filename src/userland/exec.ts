/**
 * `kubectl exec` (and `run -i`) over the simulated containers: which pod and container, the
 * errors the API server, the kubelet and the runtime give on the way, running the command at
 * the cluster's current moment, committing what it wrote, and the interactive shell.
 */
import type { KubeObject } from '../api/types.js';
import type { Context } from '../cli/framework.js';
import { resolvePod } from '../cli/workload-pods.js';
import { defaultContainer } from '../cli/pod-containers.js';
import type { Session } from '../cli/session.js';
import { ApiError, CliError, RawError } from '../errors.js';
import type { Snapshot } from '../store/types.js';
import { ContainerProcess, findContainer, RuntimeError } from './container.js';
import { commitOps } from './files.js';
import { loadNet } from './net.js';
import { Shell, type ShellIO } from './shell.js';

export interface ExecRequest {
  target: string;
  container?: string;
  command: string[];
  stdin: boolean;
  tty: boolean;
  quiet: boolean;
}

function pinned(ctx: Context): boolean {
  return Boolean(ctx.env.KUBECTL_LITE_NOW);
}

/** The process for `command` in the chosen container, opened on the store's current state. */
function open(ctx: Context, session: Session, snap: Snapshot, pod: KubeObject, container: string, tty: boolean, net: Awaited<ReturnType<typeof loadNet>>, signal: () => AbortSignal | undefined): ContainerProcess {
  const now = session.simulatedNow(snap);
  const offset = now - ctx.realNow();
  return new ContainerProcess(snap, pod, findContainer(pod, container), {
    now,
    pinned: pinned(ctx),
    clock: () => ctx.realNow() + offset,
    tty,
    get signal() {
      return signal();
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
function imageNote(ctx: Context, proc: ContainerProcess): void {
  if (proc.imageMisses) ctx.io.err.write(`kubectl-lite: the files of image "${proc.container.image}" are not known to the simulation; only volumes, the kubelet's files and files written in this container exist\n`);
}

/** Runs `req` and returns its exit code; errors before the command starts are thrown as kubectl words them. */
export async function execInPod(ctx: Context, req: ExecRequest): Promise<number> {
  const session = ctx.session();
  const { pod, snap } = session.read((api) => {
    const found = resolvePod(api, session.namespace, req.target);
    // kubectl GETs the pod, then POSTs to its exec subresource.
    api.request('create', api.registry.resolve('pods'), found.metadata.namespace, found.metadata.name, 'exec');
    return { pod: found, snap: api.store };
  });
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') throw new CliError(`cannot exec into a container in a completed pod; current phase is ${phase}`);
  const container = req.container || defaultContainer(pod, req.quiet ? undefined : (t) => ctx.io.err.write(t));
  let tty = req.tty;
  if (tty && req.stdin && !(ctx.io.stdin as any)?.isTTY) {
    if (!req.quiet) ctx.io.err.write('Unable to use a TTY - input is not a terminal or the right kind of file\n');
    tty = false;
  }
  if (!req.stdin) tty = false;
  if (!findContainer(pod, container)) throw new ApiError('BadRequest', 400, `container ${container} is not valid for pod ${pod.metadata.name}`);
  if (!pod.spec?.nodeName) throw new ApiError('BadRequest', 400, `pod ${pod.metadata.name} does not have a host assigned`);
  const status = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.ephemeralContainerStatuses ?? [])].find((s: any) => s.name === container);
  if (!status?.state?.running) throw new RawError(`error: unable to upgrade connection: container not found ("${container}")`);
  return runCommand(ctx, session, snap, pod, container, req.command, { stdin: req.stdin, tty });
}

/** Runs argv in the container (exec, or run -i's main process); interactive when on a terminal and argv is a bare shell. */
export async function runCommand(ctx: Context, session: Session, snap: Snapshot, pod: KubeObject, container: string, argv: string[], o: { stdin: boolean; tty: boolean }): Promise<number> {
  const net = await loadNet();
  let current: AbortSignal | undefined = ctx.signal;
  const proc = open(ctx, session, snap, pod, container, o.tty, net, () => current);
  const interactive = o.tty && o.stdin && ['sh', 'ash', '/bin/sh', '/bin/ash'].includes(argv[0]!) && argv.length === 1 && ctx.io.stdin && ctx.io.stdout;
  if (interactive) {
    const { interactiveShell } = await import('./interactive.js');
    return interactiveShell(ctx, proc, () => commit(session, proc), (s) => (current = s));
  }
  const stdinText = o.stdin ? (await ctx.io.readStdin()).toString('utf8') : '';
  const io: ShellIO = { stdin: { data: stdinText, pos: 0 }, out: (t) => ctx.io.out.write(t), err: (t) => ctx.io.err.write(t), tty: o.tty };
  let code: number;
  try {
    code = await proc.run(argv, io);
  } catch (e) {
    if (e instanceof RuntimeError) throw new RawError(`error: ${e.message}`);
    throw e;
  } finally {
    commit(session, proc);
  }
  if (code !== 0) imageNote(ctx, proc);
  return code;
}
