/**
 * `--record` (deprecated, still honoured by kubectl v1.32): the command line is recorded in the
 * object's `kubernetes.io/change-cause` annotation, which `rollout history` shows as CHANGE-CAUSE.
 * kubectl words it as cobra re-reads os.Args: the command path, its arguments, then every flag
 * given, in order, as `--long-name=value`.
 */
import type { KubeObject } from '../api/types.js';
import type { Context, FlagSpec } from './framework.js';

export const CHANGE_CAUSE = 'kubernetes.io/change-cause';


export function changeCause(ctx: Context): string {
  const argv = ctx.argv ?? [];
  const specs = ctx.commandFlags ?? [];
  const byLong = new Map(specs.map((f) => [f.name, f]));
  const byShort = new Map(specs.filter((f) => f.short).map((f) => [f.short!, f]));
  const flags: string[] = [];
  const args: string[] = [];
  const path = (ctx.commandPath ?? ctx.programName).split(' ');
  const pathWords = new Set(path.slice(1));
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    if (w === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (!w.startsWith('-') || w === '-') {
      // The words naming the command are its path, not arguments.
      if (pathWords.has(w)) pathWords.delete(w);
      else args.push(w);
      continue;
    }
    let spec: FlagSpec | undefined;
    let value: string | undefined;
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      const name = eq < 0 ? w.slice(2) : w.slice(2, eq);
      spec = byLong.get(name) ?? (name.startsWith('no-') ? byLong.get(name.slice(3)) : undefined);
      if (eq >= 0) value = w.slice(eq + 1);
      else if (spec && spec.name !== name) value = 'false';
    } else {
      spec = byShort.get(w[1]!);
      if (w.length > 2) value = w[2] === '=' ? w.slice(3) : w.slice(2);
    }
    if (!spec) continue;
    if (value === undefined) value = spec.type === 'bool' ? 'true' : (argv[++i] ?? '');
    flags.push(` --${spec.name}=${value}`);
  }
  return [path.join(' '), ...args].join(' ') + flags.join('');
}

/** Sets the change-cause annotation on `obj` (in place). */
export function recordChangeCause(ctx: Context, obj: KubeObject): void {
  obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [CHANGE_CAUSE]: changeCause(ctx) };
}
