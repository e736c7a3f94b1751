/** `kubectl-lite tree deploy/web`: a workload and what it owns, drawn (src/insight/graph.ts, draw.ts). */
import { CliError } from '../errors.js';
import { drawTree, toDot } from '../insight/draw.js';
import { ownerGraph, type Graph } from '../insight/graph.js';
import { parseTarget } from '../insight/why.js';
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import type { Context, FlagValues, VerbSpec } from './framework.js';
import { checkOutput, textWidth } from './why.js';

/** Shared by tree and map: resolve the target, build its graph, print it as text, DOT or JSON. */
export function drawVerb(ctx: Context, args: string[], flags: FlagValues, kinds: string[], build: (api: ApiServer, obj: KubeObject) => Graph): void {
  checkOutput(flags.output, ['dot', 'json']);
  const { type, name } = parseTarget(args);
  const session = ctx.session();
  const graph = session.read((api) => {
    const t = api.registry.resolve(type);
    if (!kinds.includes(t.kind)) throw new CliError(`cannot draw ${t.plural}: give one of ${kinds.map((k) => k.toLowerCase()).join(', ')}`);
    return build(api, api.get(t, t.namespaced ? session.namespace : undefined, name));
  });
  if (flags.output === 'dot') ctx.io.out.write(toDot(graph));
  else if (flags.output === 'json') ctx.io.out.write(JSON.stringify(graph, null, 2) + '\n');
  else ctx.io.out.write(drawTree(graph, { fancy: ctx.color, width: textWidth(ctx) }));
}

export const OUTPUT_FLAG = { name: 'output', short: 'o', type: 'string' as const, arg: 'format', description: 'Output format: dot (Graphviz) or json (default: a drawing for the terminal)' };

export const verb: VerbSpec = {
  name: 'tree',
  summary: 'Draw a workload and what it owns: Deployment, ReplicaSets, Pods, Nodes',
  usage: 'TYPE/NAME [-o dot|json]',
  examples: `  # The Deployment's ReplicaSets, their pods and the nodes they run on
  kubectl-lite tree deploy/web

  # As a picture
  kubectl-lite tree deploy/web -o dot | dot -Tsvg > web.svg`,
  flags: [OUTPUT_FLAG],
  run(ctx, args, flags) {
    drawVerb(ctx, args, flags, ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController', 'Pod'], ownerGraph);
  },
};
