/**
 * One process started in a simulated container, as the runtime starts an exec: its
 * environment (env.ts), its files (volumes.ts over fs.ts), the dataplane as seen from it,
 * and the program table. `run` starts argv the way containerd does (no shell: a name is
 * looked up on $PATH), and reports what the runtime would report when it cannot. Writes to
 * files are collected as operations, for the caller to commit to the store (files.ts).
 */
import type { KubeObject } from '../api/types.js';
import { buildWorld } from '../dataplane/world.js';
import type { World } from '../dataplane/types.js';
import type { Snapshot } from '../store/types.js';
import { randomHex } from '../util/random.js';
import { containerEnv } from './env.js';
import { ContainerFs, type FileOp } from './fs.js';
import type { NetParts } from './net.js';
import { programTable, waitReal } from './programs.js';
import { Shell, type ShellIO } from './shell.js';
import type { Program } from './types.js';
import { containerMounts, podContainers } from './volumes.js';

export interface OpenOptions {
  /** The simulated time of the exec. */
  now: number;
  /** True when the clock is pinned (KUBECTL_LITE_NOW): sleeps pass simulated time at once instead of waiting. */
  pinned: boolean;
  /** Simulated now at this moment (wall clock + the cluster's offset). */
  clock(): number;
  tty?: boolean;
  signal?: AbortSignal;
  net?: NetParts;
  /** A fresh read of the store, for tail -f. */
  reread?<T>(fn: (snap: Snapshot) => T): T;
}

/** Why the runtime could not start the process (kubectl prints it as an internal error and exits 1). */
export class RuntimeError extends Error {}

export class ContainerProcess {
  readonly ops: FileOp[] = [];
  fs: ContainerFs;
  readonly env: Array<[string, string]>;
  readonly programs: Record<string, Program>;
  private virtualNow: number;
  /** Paths looked up in the image's own files and not found: the simulation cannot know them. */
  imageMisses = 0;

  constructor(
    private snap: Snapshot,
    readonly pod: KubeObject,
    readonly container: any,
    private readonly opts: OpenOptions,
  ) {
    this.virtualNow = opts.now;
    this.env = containerEnv(snap, pod, container, { tty: opts.tty, now: opts.now });
    this.programs = programTable(opts.net?.programs ?? {});
    this.fs = this.makeFs(snap, pod);
  }

  private makeFs(snap: Snapshot, pod: KubeObject): ContainerFs {
    const mounts = containerMounts(snap, pod, this.container, { now: this.now() });
    // The programs are on the image's PATH, as busybox's applets are.
    const root = mounts.find((m) => m.path === '/')!;
    for (const name of Object.keys(this.programs)) {
      const key = `bin/${name}`;
      if (!root.vol.entries[key]) root.vol.entries[key] = { t: 'f', d: '', m: 0o755, at: root.vol.at };
    }
    return new ContainerFs(mounts, () => this.now(), (op) => this.ops.push(op), () => this.imageMisses++);
  }

  now(): number {
    return this.opts.pinned ? this.virtualNow : Math.max(this.virtualNow, this.opts.clock());
  }

  world(): World {
    return buildWorld(this.snap, this.now());
  }

  private async sleep(ms: number): Promise<number> {
    if (!Number.isFinite(ms) || ms <= 0) {
      if (ms === Infinity) await new Promise<void>((r) => this.opts.signal?.addEventListener('abort', () => r(), { once: true }));
      return this.now();
    }
    if (this.opts.pinned) {
      this.virtualNow += ms;
      // Let Ctrl-C and output through.
      await new Promise((r) => setImmediate(r));
      return this.now();
    }
    await waitReal(ms, this.opts.signal);
    return this.now();
  }

  /** A shell over this process's files and programs. */
  shell(): Shell {
    const self = this;
    const base = {
      get world() {
        return self.world();
      },
      origin: { kind: 'pod' as const, pod: this.pod, container: this.container.name as string },
      sleep: (ms: number) => this.sleep(ms),
      signal: this.opts.signal,
      // tail -f reads the files again as time passes.
      refresh: () => this.refresh(),
    };
    const host = {
      get fs() {
        return self.fs;
      },
      lookup: (n: string) => this.programs[n],
      base,
    };
    return new Shell(host, this.env);
  }

  /** The files as they are now: the store read again, the pod's latest status. */
  refresh(): ContainerFs {
    if (!this.opts.reread) return this.fs;
    const cwd = this.fs.cwd;
    const { snap, pod } = this.opts.reread((s) => {
      const p = (s.get('core/pods', `${this.pod.metadata.namespace}/${this.pod.metadata.name}`) as KubeObject | undefined) ?? this.pod;
      return { snap: s, pod: p };
    });
    this.snap = snap;
    this.fs = this.makeFs(snap, pod);
    this.fs.cwd = cwd;
    return this.fs;
  }

  /**
   * Starts argv as the runtime does: no shell, `argv[0]` found on $PATH (or by path). Throws
   * RuntimeError with containerd's message when it cannot be started.
   */
  async run(argv: string[], io: ShellIO): Promise<number> {
    const shell = this.startable(argv[0]!);
    const env = Object.fromEntries(this.env);
    return shell.runProgram(argv, env, io);
  }

  /**
   * A bare shell (`sh`) reading its commands from io's stdin, as run would start it, and whether it
   * was left by `exit` (rather than at the end of its input): what ends an attached shell.
   */
  async runShell(argv: string[], io: ShellIO): Promise<{ code: number; exited: boolean }> {
    const shell = this.startable(argv[0]!);
    const code = await shell.runScript(io.stdin.data.slice(io.stdin.pos), { ...io, stdin: { data: '', pos: 0 } });
    return { code, exited: shell.exited };
  }

  /** A shell that can start `name`; throws RuntimeError with containerd's message when it cannot be started. */
  private startable(name: string): Shell {
    const shell = this.shell();
    const found = shell.find(name);
    if (found.kind === 'missing' || found.kind === 'denied') {
      const why = found.kind === 'denied' ? 'permission denied' : name.includes('/') ? `stat ${name}: no such file or directory` : 'executable file not found in $PATH';
      throw new RuntimeError(
        `Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${randomHex(32)}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${name}": ${why}: unknown`,
      );
    }
    return shell;
  }
}

export function findContainer(pod: KubeObject, name: string): any {
  return podContainers(pod).find((c: any) => c.name === name);
}
