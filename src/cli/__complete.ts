import { complete } from './complete-core.js';
import type { VerbSpec } from './framework.js';

/** Hidden verb the completion scripts call: `__complete get po` prints one candidate per line. */
export const verb: VerbSpec = {
  name: '__complete',
  summary: 'Print completion candidates for a partial command line',
  rawArgs: true,
  async run(ctx, args) {
    const words = args.length ? args : [''];
    for (const c of await complete(ctx, words)) ctx.io.out.write(`${c}\n`);
  },
};
