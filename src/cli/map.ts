/** `kubectl-lite map svc/web`: how traffic reaches pods, drawn (src/insight/graph.ts, draw.ts). */
import { ingressGraph, serviceGraph } from '../insight/graph.js';
import type { VerbSpec } from './framework.js';
import { drawVerb, OUTPUT_FLAG } from './tree.js';

export const verb: VerbSpec = {
  name: 'map',
  summary: 'Draw how traffic reaches pods: Service, EndpointSlices, Pods, Nodes (or Ingress, Services)',
  usage: 'TYPE/NAME [-o dot|json]',
  examples: `  # The Service's EndpointSlices, the pods behind them and their nodes, with the ports at each hop
  kubectl-lite map svc/web

  # An Ingress's rules, down to the pods
  kubectl-lite map ingress/web -o dot | dot -Tsvg > web.svg`,
  flags: [OUTPUT_FLAG],
  run(ctx, args, flags) {
    drawVerb(ctx, args, flags, ['Service', 'Ingress'], (api, obj) => (obj.kind === 'Ingress' ? ingressGraph(api, obj) : serviceGraph(api, obj)));
  },
};
