import type { VerbSpec } from './framework.js';
import { CliError } from '../errors.js';

export const CLIENT_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2025-04-22T00:00:00Z',
  goVersion: 'go1.23.8',
  compiler: 'gc',
  platform: 'linux/amd64',
};
export const SERVER_VERSION = { ...CLIENT_VERSION, gitVersion: 'v1.32.4-lite' };
export const KUSTOMIZE_VERSION = 'v5.5.0';

export const verb: VerbSpec = {
  name: 'version',
  summary: 'Print the client and server version information',
  usage: '[flags]',
  flags: [
    { name: 'client', type: 'bool', description: 'If true, shows client version only (no server required).' },
    { name: 'output', short: 'o', type: 'string', description: "One of 'yaml' or 'json'." },
  ],
  async run(ctx, args, flags) {
    if (args.length) throw new CliError(`extra arguments: [${args.join(' ')}]`);
    const client = flags.client === true;
    const out = ctx.io.out;
    if (flags.output === 'json' || flags.output === 'yaml') {
      const doc: Record<string, unknown> = { clientVersion: CLIENT_VERSION, kustomizeVersion: KUSTOMIZE_VERSION };
      if (!client) doc.serverVersion = SERVER_VERSION;
      if (flags.output === 'json') out.write(JSON.stringify(doc, null, 2) + '\n');
      else {
        const { toYaml } = await import('../printers/yaml.js');
        out.write(toYaml(doc));
      }
      return;
    }
    if (flags.output !== undefined) throw new Error(`--output must be 'yaml' or 'json'`);
    out.write(`Client Version: ${CLIENT_VERSION.gitVersion}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`);
    if (!client) {
      ctx.session().read(() => undefined);
      out.write(`Server Version: ${SERVER_VERSION.gitVersion}\n`);
    }
  },
};
