/**
 * `kubectl run NAME -i [-t] [--rm] --image=IMG -- CMD`: the pod is created, its container's
 * process is the command (run in the simulated container once the pod runs), its output is
 * printed, and with --rm the pod is deleted afterwards, as people use it to try DNS and
 * Services from inside the cluster.
 */
import type { DeleteOptions } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import type { Context } from '../cli/framework.js';
import { RawError } from '../errors.js';
import { imageDefaultCommand } from '../sim/process.js';
import { runAttachedProcess, sessionEndedLine } from './session-end.js';

export interface AttachedRun {
  stdin: boolean;
  tty: boolean;
  rm: boolean;
  argv: string[];
  /** -q: no prompt line, no `pod "x" deleted`. */
  quiet?: boolean;
  /** How --rm deletes the pod (--cascade, --grace-period, --force). */
  deleteOptions?: DeleteOptions;
}

export async function runAttached(ctx: Context, pod: KubeObject, o: AttachedRun): Promise<void> {
  const session = ctx.session();
  const ns = session.namespace;
  const created = session.write((api) => api.create({ ...pod, metadata: { ...pod.metadata, namespace: ns } }));
  const name = created.metadata.name!;
  const spec = pod.spec!.containers[0];
  let tty = o.tty;
  if (tty && o.stdin && !(ctx.io.stdin as any)?.isTTY) {
    ctx.io.err.write('Unable to use a TTY - input is not a terminal or the right kind of file\n');
    tty = false;
  }
  // kubectl prints it as it attaches: to a container that keeps stdin open (-i), terminal or not.
  if ((tty || o.stdin) && !o.quiet) ctx.io.err.write("If you don't see a command prompt, try pressing enter.\n");
  let code = 0;
  try {
    const { current, snap } = session.read((api) => ({ current: api.tryGet(api.registry.resolve('pods'), ns, name), snap: api.store }));
    const argv = o.argv.length ? o.argv : imageDefaultCommand(spec.image);
    if (!current?.spec?.nodeName) {
      ctx.io.err.write(`error: timed out waiting for the condition\n`);
      code = 1;
    } else if (!argv) ctx.io.err.write(`kubectl-lite: the default command of image "${spec.image}" is not known to the simulation; give one after --\n`);
    else {
      // With --rm the pod goes: no container's end to record.
      code = await runAttachedProcess(ctx, session, snap, current, spec, argv, { stdin: o.stdin, tty, record: !o.rm });
      // As kubectl's attach ends a session on a terminal.
      if (tty && o.stdin) ctx.io.out.write(sessionEndedLine(ctx.programName, current, spec.name));
    }
  } finally {
    if (o.rm) {
      session.write((api) => api.delete(api.registry.resolve('pods'), ns, name, o.deleteOptions ?? {}));
      if (!o.quiet) ctx.io.out.write(`pod "${name}" deleted\n`);
    }
  }
  // kubectl reports the exit code of a pod that does not restart.
  if (code !== 0 && pod.spec?.restartPolicy === 'Never') throw new RawError(`pod ${ns}/${name} terminated (Error)`, code);
}
