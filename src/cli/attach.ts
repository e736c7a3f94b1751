/**
 * `kubectl attach POD [-c C] [-i] [-t]`: connects to a container's own process. A simulated
 * container's process is its command (or its image's default, busybox's `sh`: src/sim/process.ts);
 * one that keeps stdin open (`stdin: true`, as `kubectl debug -i` and `run -i` make them) is run
 * here attached, with this terminal or stdin as its input; any other is followed: what it writes
 * to its standard output from now on (as `logs -f` would show it), until it stops or Ctrl-C.
 * The simulation keeps no running process between commands: each attach starts the shell anew
 * (what it wrote to files stays).
 */
import type { KubeObject } from '../api/types.js';
import { CliError } from '../errors.js';
import type { Context, VerbSpec } from './framework.js';
import { podRunningTimeoutFlag, podRunningTimeoutOf } from './pod-running-timeout.js';
import { defaultContainer } from './pod-containers.js';
import { resolvePod } from './workload-pods.js';

export const verb: VerbSpec = {
  name: 'attach',
  summary: 'Attach to a running container',
  usage: '(POD | TYPE/NAME) -c CONTAINER',
  flags: [
    { name: 'container', short: 'c', type: 'string', description: 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen' },
    podRunningTimeoutFlag('1m0s'),
    { name: 'quiet', short: 'q', type: 'bool', description: 'Only print output from the remote session' },
    { name: 'stdin', short: 'i', type: 'bool', description: 'Pass stdin to the container' },
    { name: 'tty', short: 't', type: 'bool', description: 'Stdin is a TTY' },
  ],
  async run(ctx, args, flags) {
    podRunningTimeoutOf(ctx, flags, true);
    if (args.length === 0) throw new CliError('at least 1 argument is required for attach');
    if (args.length > 2) throw new CliError(`expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw ${args.length}: [${args.join(' ')}]`);
    const session = ctx.session();
    const quiet = Boolean(flags.quiet);
    const pod = session.read((api) => resolvePod(api, session.namespace, args.length === 2 ? `${args[0]}/${args[1]}` : args[0]!));
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') throw new CliError(`cannot attach a container in a completed pod; current phase is ${phase}`);
    const name = (flags.container as string | undefined) || defaultContainer(pod, quiet ? undefined : (t) => ctx.io.err.write(t));
    const { containerSpec } = await import('../api/pod-exec.js');
    const container = containerSpec(pod, name);
    if (!container) throw new CliError(`cannot attach to the container: container ${name} not found in pod ${pod.metadata.name}`);
    await attachToProcess(ctx, pod, container, { stdin: Boolean(flags.stdin), tty: Boolean(flags.tty), quiet });
  },
};

/**
 * kubectl's attach once it has the pod and container (also `debug -i`'s): the TTY it can use, its
 * prompt line, then the container's process, run attached when it keeps stdin open, else followed.
 */
export async function attachToProcess(ctx: Context, pod: KubeObject, container: any, o: { stdin: boolean; tty: boolean; quiet: boolean; startsProcess?: boolean }): Promise<void> {
  // `startsProcess`: the container's process is this attachment's (a pod made to be attached to, as `run -i` makes
  // them): it starts now, so the container need not be running yet.
  let tty = o.tty;
  if (tty && !container.tty) {
    tty = false;
    if (!o.quiet) ctx.io.err.write(`error: Unable to use a TTY - container ${container.name} did not allocate one\n`);
  } else if (!tty && container.tty) {
    tty = true;
  }
  if (tty && o.stdin && !(ctx.io.stdin as { isTTY?: boolean } | undefined)?.isTTY) {
    ctx.io.err.write('Unable to use a TTY - input is not a terminal or the right kind of file\n');
    tty = false;
  }
  if (!o.quiet) ctx.io.err.write("If you don't see a command prompt, try pressing enter.\n");
  // What the server refuses comes after that line: kubectl prints it before it connects.
  const { checkExecContainer } = await import('../api/pod-exec.js');
  if (!o.startsProcess) checkExecContainer(pod, container.name);
  if (!container.stdin && !o.startsProcess) {
    const { followOutput } = await import('../userland/follow-output.js');
    const signal = ctx.signal; // read first: it installs the Ctrl-C handler that ends the attachment
    return followOutput({ session: ctx.session(), write: (t) => ctx.io.out.write(t), signal, sleep: (ms) => ctx.sleep(ms) }, pod, container.name);
  }
  await runProcess(ctx, pod, container, o.stdin, tty);
  // After a session on a terminal, kubectl says how to come back.
  if (!(tty && o.stdin)) return;
  const { sessionEndedLine } = await import('../userland/session-end.js');
  ctx.io.out.write(sessionEndedLine(ctx.programName, pod, container.name));
}

/**
 * The container's process, run attached: its input is this command's stdin when -i is given. When
 * the session ends the process (see src/sim/process.ts), the container ends with it.
 */
async function runProcess(ctx: Context, pod: KubeObject, container: any, stdin: boolean, tty: boolean): Promise<void> {
  const { containerProcess } = await import('../sim/process.js');
  const argv = containerProcess(container);
  if (!argv) throw new CliError(`kubectl-lite: the command of container ${container.name} (image "${container.image}") is not known to the simulation, so there is no process to attach to`);
  const session = ctx.session();
  const { current, snap } = session.read((api) => ({ current: api.get(api.registry.resolve('pods'), pod.metadata.namespace, pod.metadata.name!), snap: api.store }));
  const { runAttachedProcess } = await import('../userland/session-end.js');
  await runAttachedProcess(ctx, session, snap, current, container, argv, { stdin, tty: tty && stdin });
}
