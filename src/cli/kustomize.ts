/** kubectl kustomize DIR: prints the build of a kustomization (see src/kustomize/). */
import { errnoText } from '../util/errno.js';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError, ExitError } from '../errors.js';
import type { Context, FlagSpec, VerbSpec } from './framework.js';
import { commandFailed } from './index.js';

const UNSUPPORTED: FlagSpec[] = [
  { name: 'as-current-user', type: 'bool', description: 'use the uid and gid of the command executor to run the function in the container' },
  { name: 'enable-alpha-plugins', type: 'bool', description: 'enable kustomize plugins' },
  { name: 'enable-helm', type: 'bool', description: 'Enable use of the Helm chart inflator generator.' },
  { name: 'env', short: 'e', type: 'strings', arg: 'strings', description: 'a list of environment variables to be used by functions' },
  { name: 'helm-api-versions', type: 'strings', arg: 'strings', description: 'Kubernetes api versions used by Helm for Capabilities.APIVersions' },
  { name: 'helm-command', type: 'string', arg: 'string', description: 'helm command (path to executable)' },
  { name: 'helm-debug', type: 'bool', description: 'Enable debug output from the Helm chart inflator generator.' },
  { name: 'helm-kube-version', type: 'string', arg: 'string', description: 'Kubernetes version used by Helm for Capabilities.KubeVersion' },
  { name: 'mount', type: 'strings', arg: 'strings', description: 'a list of storage options read from the filesystem' },
  { name: 'network', type: 'bool', description: 'enable network access for functions that declare it' },
  { name: 'network-name', type: 'string', arg: 'string', description: 'the docker network to run the container in' },
];

/**
 * kubectl prints a failed build through klog:
 * `E1202 19:47:44.317271    7878 run.go:72] "command failed" err="..."`.
 */
function klogLine(ctx: Context, message: string): string {
  const d = new Date(ctx.realNow());
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${p(d.getMonth() + 1)}${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}000`;
  return `E${stamp} ${String(process.pid).padStart(7)} run.go:72] "command failed" err=${JSON.stringify(message)}\n`;
}

export const verb: VerbSpec = {
  name: 'kustomize',
  summary: 'Build a kustomization target from a directory or URL',
  usage: 'DIR [flags] [options]',
  examples: `  # Build the current working directory
  kubectl kustomize

  # Build some shared configuration directory
  kubectl kustomize /home/config/production`,
  flags: [
    {
      name: 'load-restrictor',
      type: 'string',
      arg: 'string',
      default: 'LoadRestrictionsRootOnly',
      description: "if set to 'LoadRestrictionsNone', local kustomizations may load files from outside their root. This does, however, break the relocatability of the kustomization.",
    },
    { name: 'output', short: 'o', type: 'string', arg: 'string', description: 'If specified, write output to this path.' },
    ...UNSUPPORTED,
  ],
  async run(ctx, args, flags) {
    for (const f of UNSUPPORTED) {
      const v = flags[f.name];
      if (v === undefined || v === false || (Array.isArray(v) && v.length === 0) || v === f.default) continue;
      throw new CliError(`--${f.name} is not supported by kubectl-lite (no plugins, functions or Helm charts)`);
    }
    if (args.length > 1) throw commandFailed(ctx, 'specify one path to kustomization.yaml');
    const dir = args[0] ?? '.';
    const { build, isRemote, renderYaml, KustomizeError } = await import('../kustomize/build.js');
    let text: string;
    try {
      const objects = build(isRemote(dir) ? dir : resolve(ctx.cwd, dir), {
        loadRestrictor: typeof flags['load-restrictor'] === 'string' ? flags['load-restrictor'] : undefined,
        warn: (m) => ctx.io.err.write(`${m}\n`),
        asGiven: dir,
      });
      text = await renderYaml(objects);
    } catch (e) {
      if (!(e instanceof KustomizeError)) throw e;
      ctx.io.err.write(klogLine(ctx, e.message));
      throw new ExitError(1);
    }
    if (typeof flags.output === 'string' && flags.output !== '') {
      const path = resolve(ctx.cwd, flags.output);
      try {
        writeFileSync(path, text);
      } catch (e) {
        throw new CliError(`open ${flags.output}: ${errnoText(e)}`);
      }
      return;
    }
    ctx.io.out.write(text);
  },
};
