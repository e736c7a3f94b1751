import { CliError, ExitError, RawError } from '../errors.js';
import type { VerbSpec } from './framework.js';
import { podRunningTimeoutFlag, podRunningTimeoutOf } from './pod-running-timeout.js';
import type { ManifestDoc } from '../api/manifest.js';
import { singleItemImplied } from './resource-args.js';

export const verb: VerbSpec = {
  name: 'exec',
  summary: 'Execute a command in a container',
  usage: '(POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]',
  examples: `  # Get output from running the 'date' command from pod mypod, using the first container by default
  kubectl-lite exec mypod -- date

  # Get output from running the 'date' command in ruby-container from pod mypod
  kubectl-lite exec mypod -c ruby-container -- date

  # An interactive shell in the first pod of the deployment mydeployment
  kubectl-lite exec -it deploy/mydeployment -- sh`,
  flags: [
    { name: 'container', short: 'c', type: 'string', description: 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen' },
    { name: 'filename', short: 'f', type: 'strings', description: 'to use to exec into the resource' },
    podRunningTimeoutFlag('1m0s'),
    { name: 'quiet', short: 'q', type: 'bool', description: 'Only print output from the remote session' },
    { name: 'stdin', short: 'i', type: 'bool', description: 'Pass stdin to the container' },
    { name: 'tty', short: 't', type: 'bool', description: 'Stdin is a TTY' },
  ],
  async run(ctx, args, flags) {
    const positional = args.slice(0, args.length - ctx.dashArgs.length);
    const usage = (msg: string) => new RawError(`error: ${msg}\nSee '${ctx.programName} exec -h' for help and examples`);
    const target = positional[0];
    const files = (flags.filename as string[] | undefined) ?? [];
    // With -f, any word before `--` is a command given the old way.
    if (!ctx.dashArgs.length && positional.length > (files.length ? 0 : 1)) throw usage('exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead');
    podRunningTimeoutOf(ctx, flags, true);
    if (!files.length && !target) throw new CliError('pod, type/name or --filename must be specified');
    if (!ctx.dashArgs.length) throw new CliError('you must specify at least one command for the container');
    let fromFile: ManifestDoc | undefined;
    if (files.length) {
      // -f: the one object the files hold, as written (kubectl's builder does not fetch it).
      // kubectl's builder is given the POD as pods/NAME: a TYPE/NAME beside a path.
      if (target) throw new CliError('resource/name arguments cannot be provided when a path is specified');
      const { readDocuments } = await import('./manifest-objects.js');
      const docs = await readDocuments(ctx, { filename: files, validate: 'true' }, 'exec');
      if (docs.length !== 1 || !singleItemImplied(flags, ctx.cwd)) throw new CliError('cannot exec into multiple objects at a time');
      fromFile = docs[0];
    }
    const { execInPod } = await import('../userland/exec.js');
    const code = await execInPod(ctx, {
      target: target ?? '',
      fromFile,
      container: flags.container,
      command: ctx.dashArgs,
      stdin: Boolean(flags.stdin),
      tty: Boolean(flags.tty),
      quiet: Boolean(flags.quiet),
    });
    // Ctrl-C ends kubectl itself: no message, the shell's 130.
    if (ctx.signal?.aborted) throw new ExitError(130);
    if (code !== 0) throw new RawError(`command terminated with exit code ${code}`, code);
  },
};
