/** A bootstrapped in-memory kind-like cluster for dataplane and network-program tests. */
import { SettableClock } from '../../src/api/clock.js';
import { Registry } from '../../src/api/registry.js';
import { ApiServer } from '../../src/api/server.js';
import { deepClone, type KubeObject } from '../../src/api/types.js';
import { settle } from '../../src/controllers/loop.js';
import { buildWorld } from '../../src/dataplane/world.js';
import type { Origin, World } from '../../src/dataplane/types.js';
import { bootstrapCluster, DEFAULT_SHAPE } from '../../src/sim/bootstrap.js';
import { serverHooks } from '../../src/sim/hooks.js';
import { setNodeStopped } from '../../src/sim/node-state.js';
import { MemoryStore } from '../../src/store/file-store.js';
import { FsError, type FileInfo, type Program, type ProgramContext, type SimFs } from '../../src/userland/types.js';

export const T0 = Date.parse('2026-12-02T12:00:00Z');

export class NetCluster {
  readonly store = new MemoryStore();
  now = T0;

  constructor() {
    this.store.update((tx) => {
      const clock = new SettableClock(this.now);
      const api = new ApiServer(tx, new Registry(), clock, serverHooks);
      bootstrapCluster(api, { name: 'lite', ...DEFAULT_SHAPE });
      settle(api, clock, this.now);
    });
  }

  /** Runs `fn` against the API, then lets the cluster settle (as a command does). */
  with<T>(fn: (api: ApiServer) => T): T {
    return this.store.update((tx) => {
      const clock = new SettableClock(this.now);
      const api = new ApiServer(tx, new Registry(), clock, serverHooks);
      const out = fn(api);
      settle(new ApiServer(tx, new Registry(), clock, serverHooks), clock, this.now);
      return out;
    });
  }

  apply(...objs: KubeObject[]): void {
    this.with((api) => {
      for (const o of objs) api.create(deepClone(o));
    });
  }

  advance(ms: number): void {
    this.store.update((tx) => {
      const clock = new SettableClock(this.now);
      this.now += ms;
      settle(new ApiServer(tx, new Registry(), clock, serverHooks), clock, this.now);
    });
  }

  stopNode(name: string): void {
    this.store.update((tx) => setNodeStopped(tx, name, this.now));
  }

  scale(kind: 'Deployment' | 'StatefulSet', name: string, replicas: number, ns = 'default'): void {
    this.with((api) => {
      const t = api.registry.forKind('apps/v1', kind)!;
      const o = deepClone(api.get(t, ns, name));
      o.spec.replicas = replicas;
      api.update(o);
    });
  }

  update(apiVersion: string, kind: string, name: string, change: (o: KubeObject) => void, ns = 'default'): void {
    this.with((api) => {
      const t = api.registry.forKind(apiVersion, kind)!;
      const o = deepClone(api.get(t, ns, name));
      change(o);
      api.update(o);
    });
  }

  world(seed = 1): World {
    return this.store.read((snap) => buildWorld(snap, this.now, seed));
  }

  pods(ns = 'default', label?: string): KubeObject[] {
    return this.store
      .read((snap) => snap.list('core/pods').map(([, v]) => v as KubeObject))
      .filter((p) => p.metadata.namespace === ns && (!label || Object.entries(Object.fromEntries([label.split('=')])).every(([k, v]) => p.metadata.labels?.[k] === v)));
  }

  pod(name: string, ns = 'default'): KubeObject {
    const p = this.pods(ns).find((x) => x.metadata.name === name);
    if (!p) throw new Error(`no pod ${ns}/${name}`);
    return p;
  }

  service(name: string, ns = 'default'): KubeObject {
    return this.store.read((snap) => snap.get('core/services', `${ns}/${name}`) as KubeObject);
  }

  nodeIP(name: string): string {
    const n = this.store.read((snap) => snap.get('core/nodes', name) as KubeObject);
    return n.status.addresses.find((a: any) => a.type === 'InternalIP').address;
  }
}

export function from(pod: KubeObject, container?: string): Origin {
  return { kind: 'pod', pod, container: container ?? pod.spec.containers[0].name };
}

export const HOST: Origin = { kind: 'host' };

export function deployment(name: string, replicas: number, spec: Record<string, unknown> = {}, meta: { annotations?: Record<string, string>; labels?: Record<string, string>; ns?: string } = {}): KubeObject {
  const labels = { app: name, ...(meta.labels ?? {}) };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: meta.ns ?? 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels, ...(meta.annotations ? { annotations: meta.annotations } : {}) },
        spec: { containers: [{ name, image: 'nginx:1.27', ports: [{ containerPort: 80, name: 'http' }] }], ...spec },
      },
    },
  };
}

export function service(name: string, spec: Record<string, unknown> = {}, ns = 'default'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns },
    spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 80 }], ...spec },
  };
}

export function pod(name: string, spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', ...meta },
    spec: { containers: [{ name: 'main', image: 'busybox:1.36' }], ...spec },
  };
}

/** A tiny in-memory filesystem: enough for -o FILE and for reading resolv.conf/hosts when given. */
export function memFs(files: Record<string, string> = {}): SimFs & { files: Record<string, string> } {
  const info = (path: string): FileInfo => ({ path, type: 'file', mode: 0o644, size: files[path]!.length, mtimeMs: 0, uid: 0, gid: 0 });
  return {
    files,
    stat(path) {
      if (!(path in files)) throw new FsError('ENOENT', path);
      return info(path);
    },
    readFile(path) {
      if (!(path in files)) throw new FsError('ENOENT', path);
      return files[path]!;
    },
    writeFile(path, data, opts) {
      files[path] = opts?.append ? (files[path] ?? '') + data : data;
    },
    readDir() {
      return [];
    },
    mkdir() {},
    remove(path) {
      delete files[path];
    },
    resolve(path) {
      return path.startsWith('/') ? path : `/${path}`;
    },
  };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Simulated milliseconds that passed. */
  elapsed: number;
  fs: Record<string, string>;
}

export async function runProgram(program: Program, world: World, origin: Origin, argv: string[], opts: { files?: Record<string, string>; tty?: boolean } = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  let elapsed = 0;
  const fs = memFs({ ...(opts.files ?? {}) });
  const ctx: ProgramContext = {
    argv,
    stdin: '',
    env: {},
    fs,
    world,
    origin,
    out: (t) => void (stdout += t),
    err: (t) => void (stderr += t),
    sleep: (ms) => (elapsed += ms),
    tty: opts.tty,
  };
  const code = await program(ctx);
  return { code, stdout, stderr, elapsed, fs: fs.files };
}
