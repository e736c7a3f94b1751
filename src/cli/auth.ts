import { GROUPS, USERNAME } from '../api/reviews.js';
import { RawError } from '../errors.js';
import { tabwrite } from '../util/tabwriter.js';
import { reconcile } from './auth-reconcile.js';
import type { VerbSpec } from './framework.js';
import { PRINT_FLAGS, printOptionsOf, requirePrintFormat } from './print-flags.js';

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
      throw new RawError(`error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee '${ctx.programName} auth can-i -h' for help and examples.`);
    }
    if (!flags.quiet) ctx.io.out.write('yes\n');
  },
};

const whoami: VerbSpec = {
  name: 'whoami',
  summary: 'Experimental: Check self subject attributes',
  flags: [
    { name: 'output', short: 'o', type: 'string', description: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).' },
    ...PRINT_FLAGS,
  ],
  async run(ctx, _args, flags) {
    if (!flags.output) {
      ctx.io.out.write(`ATTRIBUTE   VALUE\nUsername    ${USERNAME}\nGroups      [${GROUPS.join(' ')}]\n`);
      return;
    }
    // The SelfSubjectReview the API server answers with, created at the cluster's now.
    const review = ctx.session().read((api) => api.create({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: {} }));
    requirePrintFormat(flags.output);
    const format = flags.output.split('=')[0];
    // kubectl prints this object in its Go field order; it has no name.
    if (format === 'json') return void ctx.io.out.write(JSON.stringify(review, null, 4) + '\n');
    if (format === 'name') return void ctx.io.out.write('selfsubjectreview.authentication.k8s.io/\n');
    const { printObjects } = await import('../printers/format.js');
    const type = { group: 'authentication.k8s.io', version: 'v1', kind: 'SelfSubjectReview', plural: 'selfsubjectreviews', namespaced: false };
    await printObjects({ output: flags.output, items: [{ object: review as never, type: type as never }], single: true, typed: true, cwd: ctx.cwd, out: ctx.io.out, ...printOptionsOf(flags) });
  },
};

export const verb: VerbSpec = {
  name: 'auth',
  summary: 'Inspect authorization',
  usage: 'SUBCOMMAND',
  subcommands: [canI, reconcile, whoami],
};
