import { CliError } from '../errors.js';
import { tabwrite } from '../util/tabwriter.js';
import type { VerbSpec } from './framework.js';

/** Everyone is cluster-admin in a simulated cluster. */
const canI: VerbSpec = {
  name: 'can-i',
  summary: 'Check whether an action is allowed',
  usage: 'VERB [TYPE | TYPE/NAME | NONRESOURCEURL]',
  flags: [
    { name: 'all-namespaces', short: 'A', type: 'bool', description: 'If true, check the specified action in all namespaces.' },
    { name: 'list', type: 'bool', description: 'If true, prints all allowed actions.' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'If true, suppress output and just return the exit code.' },
    { name: 'no-headers', type: 'bool', description: 'If true, prints allowed actions without headers' },
    { name: 'as', type: 'string', description: 'Accepted for compatibility' },
    { name: 'subresource', type: 'string', description: 'SubResource such as pod/log or deployment/scale' },
  ],
  run(ctx, args, flags) {
    if (flags.list) {
      const rows = [
        ...(flags['no-headers'] ? [] : ['Resources\tNon-Resource URLs\tResource Names\tVerbs']),
        '*.*\t[]\t[]\t[*]',
        '\t[*]\t[]\t[*]',
      ];
      ctx.io.out.write(tabwrite(rows.join('\n') + '\n'));
      return;
    }
    if (args.length < 2 && !(args.length === 1 && args[0]!.startsWith('/'))) {
      throw new CliError('you must specify two arguments: verb resource or verb resource/resourceName.');
    }
    if (!flags.quiet) ctx.io.out.write('yes\n');
  },
};

const whoami: VerbSpec = {
  name: 'whoami',
  summary: 'Experimental: Check self subject attributes',
  run(ctx) {
    ctx.io.out.write('ATTRIBUTE   VALUE\nUsername    kubernetes-admin\nGroups      [kubeadm:cluster-admins system:authenticated]\n');
  },
};

export const verb: VerbSpec = {
  name: 'auth',
  summary: 'Inspect authorization',
  usage: 'SUBCOMMAND',
  subcommands: [canI, whoami],
};
