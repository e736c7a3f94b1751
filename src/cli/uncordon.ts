/** `kubectl uncordon NODE`: mark a node schedulable again. */
import { NODE_SELECTION_FLAGS, runCordon } from './cordon.js';
import type { VerbSpec } from './framework.js';

export const verb: VerbSpec = {
  name: 'uncordon',
  summary: 'Mark node as schedulable',
  usage: 'NODE',
  examples: '  # Mark node "foo" as schedulable\n  kubectl uncordon foo',
  flags: NODE_SELECTION_FLAGS,
  run(ctx, args, flags) {
    runCordon(ctx, args, flags, false);
  },
};
