/** kubectl api-versions: every served group/version, sorted, one per line. */
import type { ResourceType } from '../api/registry.js';
import type { VerbSpec } from './framework.js';

import { RawError } from '../errors.js';
export function groupVersions(types: readonly ResourceType[]): string[] {
  const set = new Set<string>();
  for (const t of types) for (const v of t.versions) set.add(t.group ? `${t.group}/${v}` : v);
  return [...set].sort();
}

export const verb: VerbSpec = {
  name: 'api-versions',
  summary: 'Print the supported API versions on the server, in the form of "group/version"',
  usage: '[flags]',
  examples: `  # Print the supported API versions
  kubectl api-versions`,
  run(ctx, args) {
    if (args.length) throw new RawError(`error: unexpected arguments: [${args.join(' ')}]\nSee '${ctx.programName} api-versions -h' for help and examples`);
    const types = ctx.session().read((api) => api.registry.types);
    ctx.io.out.write(groupVersions(types).map((v) => `${v}\n`).join(''));
  },
};
