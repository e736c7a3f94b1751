/** Hand-built cluster states for controller unit tests: an ApiServer over a MemoryStore transaction. */
import { SettableClock } from '../../src/api/clock.js';
import type { Session } from '../../src/cli/session.js';
import { makeContext } from '../../src/main.js';
import { Registry } from '../../src/api/registry.js';
import { ApiServer } from '../../src/api/server.js';
import type { KubeObject } from '../../src/api/types.js';
import { makeNode } from '../../src/sim/bootstrap.js';
import { serverHooks } from '../../src/sim/hooks.js';
import { MemoryStore } from '../../src/store/file-store.js';
import type { Transaction } from '../../src/store/types.js';

export const T0 = Date.parse('2026-01-01T00:00:00Z');

export interface World {
  api: ApiServer;
  clock: SettableClock;
  tx: Transaction;
  pod(name: string, ns?: string): KubeObject | undefined;
  node(name: string): KubeObject | undefined;
  events(reason?: string): KubeObject[];
}

/** Runs `fn` against a fresh in-memory cluster with the given nodes (no bootstrap objects). */
export function withWorld<T>(fn: (w: World) => T, opts: { nodes?: KubeObject[] } = {}): T {
  const store = new MemoryStore();
  return store.update((tx) => {
    const clock = new SettableClock(T0);
    const api = new ApiServer(tx, new Registry(), clock, serverHooks);
    for (const name of ['default', 'kube-system']) api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { trusted: true });
    for (const n of opts.nodes ?? []) api.create(n, { trusted: true });
    const type = (kind: string) => api.registry.forKind('v1', kind)!;
    return fn({
      api,
      clock,
      tx,
      pod: (name, ns = 'default') => api.tryGet(type('Pod'), ns, name),
      node: (name) => api.tryGet(type('Node'), undefined, name),
      events: (reason) => api.list(type('Event')).filter((e) => !reason || e.reason === reason),
    });
  });
}

export function node(name: string, index: number, opts: { cpu?: string; memory?: string; controlPlane?: boolean } = {}): KubeObject {
  return makeNode({ name: 'test', nodeCpu: opts.cpu ?? '4', nodeMemory: opts.memory ?? '8Gi' }, name, index, opts.controlPlane ?? false, new Date(T0).toISOString().replace('.000', ''));
}

export function pod(name: string, spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', ...meta },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ...spec },
  };
}

/** The cluster in a test home, opened as a command would (same clock pinning as runCli's `now`). */
export function sessionFor(home: string, now: number | string): Session {
  const env = { KUBECTL_LITE_HOME: home, KUBECTL_LITE_NOW: String(now) };
  const sink = { write: () => undefined };
  return makeContext({ io: { out: sink, err: sink, isTTY: false, readStdin: async () => Buffer.from('') }, env, cwd: '/' }).session();
}

/** A typed lookup of one object in a session (undefined when absent). */
export function lookup(api: ApiServer, kind: string, ns: string | undefined, name: string, apiVersion = 'v1'): KubeObject | undefined {
  return api.tryGet(api.registry.forKind(apiVersion, kind)!, ns, name);
}

export function listOf(api: ApiServer, kind: string, ns?: string, apiVersion = 'v1'): KubeObject[] {
  return api.list(api.registry.forKind(apiVersion, kind)!, ns);
}
