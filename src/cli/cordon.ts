/** `kubectl cordon NODE`: mark a node unschedulable. Shared with uncordon and drain. */
import type { ResourceType } from '../api/registry.js';
import type { ApiServer } from '../api/server.js';
import { matches, parseSelector } from '../api/labels.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { CliError, RawError } from '../errors.js';
import type { Context, FlagSpec, FlagValues, VerbSpec } from './framework.js';
import { PROVIDE_RESOURCES, splitNameArgs } from './resource-args.js';
import { dryRunOf, dryRunSuffix, type DryRun } from './manifest-objects.js';

export const NODE_SELECTION_FLAGS: FlagSpec[] = [
  { name: 'selector', short: 'l', type: 'string', description: 'Selector (label query) to filter on' },
  { name: 'dry-run', type: 'string', description: 'Must be "none", "server", or "client".', default: 'none' },
];

/**
 * The node each argument names, as kubectl's builder finds it: every TYPE of a `TYPE/NAME` mapped first (an
 * unknown one refused), all of one type (SingleResourceType), then each object fetched in turn and refused
 * unless it is a Node.
 */
function namedNodes(api: ApiServer, namespace: string, nodeType: ResourceType, args: string[]): KubeObject[] {
  const targets = splitNameArgs(args).map(({ typeArg, name }) => ({ type: typeArg === undefined ? nodeType : api.registry.resolve(typeArg), name }));
  if (new Set(targets.map((t) => t.type)).size > 1) throw new CliError('you may only specify a single resource type');
  return targets.map(({ type, name }) => {
    const obj = api.get(type, type.namespaced ? namespace : undefined, name);
    if (type !== nodeType) throw new CliError(`error: expected resource of type node, got "${type.group}/${type.version}, Resource=${type.plural}"`);
    return obj;
  });
}

/** The nodes named by args or --selector. */
export function selectNodes(ctx: Context, api: ApiServer, verb: string, args: string[], flags: FlagValues): KubeObject[] {
  const type = api.registry.forKind('v1', 'Node')!;
  const selector = flags.selector as string | undefined;
  if (args.length === 0 && selector === '') {
    throw new CliError(PROVIDE_RESOURCES);
  }
  if (args.length === 0 && selector === undefined) {
    throw new RawError(`error: USAGE: ${verb} NODE [flags]\nSee '${ctx.programName} ${verb} -h' for help and examples`);
  }
  if (args.length > 0 && selector) throw new RawError(`error: cannot specify both a node name and a --selector option\nSee '${ctx.programName} ${verb} -h' for help and examples`);
  if (selector !== undefined) {
    const sel = parseSelector(selector);
    return api.list(type).filter((n) => matches(sel, n.metadata.labels));
  }
  // kubectl resolves every name before changing anything: one missing node stops the command.
  return namedNodes(api, ctx.session().namespace, type, args);
}

/** Sets spec.unschedulable on each node, printing kubectl's `node/x cordoned` / `already cordoned` lines. */
export function cordonNodes(ctx: Context, api: ApiServer, nodes: KubeObject[], desired: boolean, dryRun: DryRun): void {
  const word = desired ? 'cordoned' : 'uncordoned';
  for (const node of nodes) {
    if (Boolean(node.spec?.unschedulable) === desired) {
      ctx.io.out.write(`node/${node.metadata.name} already ${word}${dryRunSuffix(dryRun)}\n`);
      continue;
    }
    if (dryRun === 'none') {
      const updated = deepClone(node);
      updated.spec ??= {};
      if (desired) updated.spec.unschedulable = true;
      else delete updated.spec.unschedulable;
      api.update(updated, { trusted: true, fieldManager: 'kubectl' });
    }
    ctx.io.out.write(`node/${node.metadata.name} ${word}${dryRunSuffix(dryRun)}\n`);
  }
}

export function runCordon(ctx: Context, args: string[], flags: FlagValues, desired: boolean): void {
  const verb = desired ? 'cordon' : 'uncordon';
  const dryRun = dryRunOf(flags);
  ctx.session().write((api) => cordonNodes(ctx, api, selectNodes(ctx, api, verb, args, flags), desired, dryRun));
}

export const verb: VerbSpec = {
  name: 'cordon',
  summary: 'Mark node as unschedulable',
  usage: 'NODE',
  examples: '  # Mark node "foo" as unschedulable\n  kubectl cordon foo',
  flags: NODE_SELECTION_FLAGS,
  run(ctx, args, flags) {
    runCordon(ctx, args, flags, true);
  },
};
