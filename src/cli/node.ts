/** `kubectl-lite node add|remove|stop|start NAME`: reshape the current simulated cluster. */
import type { ApiServer } from '../api/server.js';
import type { KubeObject } from '../api/types.js';
import { CliError } from '../errors.js';
import { DEFAULT_SHAPE, indexOfPodCIDR, makeNode, SHAPE_META } from '../sim/bootstrap.js';
import { setNodeStopped, stoppedNodes } from '../sim/node-state.js';
import type { Transaction } from '../store/types.js';
import type { Context, FlagValues, VerbSpec } from './framework.js';

function names(args: string[], sub: string): string[] {
  if (args.length === 0) throw new CliError(`at least one node NAME is required; usage: kubectl-lite node ${sub} NAME...`);
  return args;
}

function nodeType(api: ApiServer) {
  return api.registry.forKind('v1', 'Node')!;
}

/** The index after the highest pod range a node has (it also picks the InternalIP). */
function nextNodeIndex(nodes: KubeObject[]): number {
  let max = -1;
  for (const n of nodes) max = Math.max(max, indexOfPodCIDR(String(n.spec?.podCIDR ?? '')) ?? -1);
  return max + 1;
}

function eachNode(ctx: Context, args: string[], sub: string, fn: (api: ApiServer, name: string) => string): void {
  const session = ctx.session();
  for (const name of names(args, sub)) {
    try {
      const line = session.write((api) => fn(api, name));
      ctx.io.out.write(line + '\n');
    } catch (e) {
      ctx.fail(e);
    }
  }
}

const add: VerbSpec = {
  name: 'add',
  summary: 'Add a Ready node to the current cluster',
  usage: 'NAME... [--cpu C] [--memory M] [--control-plane]',
  flags: [
    { name: 'cpu', type: 'string', description: "CPU capacity (default: the cluster's node size)" },
    { name: 'memory', type: 'string', description: "Memory capacity (default: the cluster's node size)" },
    { name: 'control-plane', type: 'bool', description: 'Label and taint it as a control-plane node' },
  ],
  run(ctx, args, flags: FlagValues) {
    eachNode(ctx, args, 'add', (api, name) => {
      if (api.tryGet(nodeType(api), undefined, name)) throw new CliError(`node "${name}" already exists`);
      const shape = { ...DEFAULT_SHAPE, ...((api.store.getMeta(SHAPE_META) as object | undefined) ?? {}) };
      const node = makeNode(
        { name: ctx.session().clusterName, nodeCpu: flags.cpu ?? shape.nodeCpu, nodeMemory: flags.memory ?? shape.nodeMemory },
        name,
        nextNodeIndex(api.list(nodeType(api))),
        flags['control-plane'] === true,
        api.now(),
      );
      api.create(node, { trusted: true });
      return `node/${name} created`;
    });
  },
};

const remove: VerbSpec = {
  name: 'remove',
  summary: 'Remove a node (its pods are garbage-collected and their controllers replace them)',
  usage: 'NAME...',
  run(ctx, args) {
    eachNode(ctx, args, 'remove', (api, name) => {
      api.delete(nodeType(api), undefined, name);
      setNodeStopped(api.store as Transaction, name, undefined);
      return `node "${name}" deleted`;
    });
  },
};

/** `node stop|start`: switches a node's kubelet off or on (kept in store meta, invisible to kubectl). */
function kubeletSwitch(verb: 'stop' | 'start', summary: string): VerbSpec {
  const stopping = verb === 'stop';
  return {
    name: verb,
    summary,
    usage: 'NAME...',
    run(ctx, args) {
      eachNode(ctx, args, verb, (api, name) => {
        api.get(nodeType(api), undefined, name);
        const tx = api.store as Transaction;
        if (stoppedNodes(tx).has(name) === stopping) return `node/${name} already ${stopping ? 'stopped' : 'started'}`;
        setNodeStopped(tx, name, stopping ? api.clock.now().getTime() : undefined);
        return `node/${name} ${stopping ? 'stopped' : 'started'}`;
      });
    },
  };
}

const stop = kubeletSwitch('stop', "Stop a node's kubelet: after 50s it goes NotReady, and its pods are evicted 300s later");
const start = kubeletSwitch('start', "Start a stopped node's kubelet again");

export const verb: VerbSpec = {
  name: 'node',
  summary: 'Add, remove, stop and start simulated nodes',
  usage: 'add|remove|stop|start NAME',
  subcommands: [add, remove, stop, start],
};
