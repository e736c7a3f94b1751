/**
 * `diff -f`: what `apply -f` would change. Each object's live state and the result of a
 * server dry run of apply (or of create, when it does not exist yet) are written as YAML
 * to two temporary directories, LIVE-<n> and MERGED-<n>, which `diff -u -N` (or
 * $KUBECTL_EXTERNAL_DIFF) compares. Exit 0: no differences, 1: differences, >1: trouble.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverSideApply } from '../api/managed-fields/server-side-apply.js';
import { applyStrategicPatch, atomicLists, strategyForKind, threeWayPatch, type JsonMap } from '../api/merge/index.js';
import type { ApiServer } from '../api/server.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { ApiError, CliError, ExitError, RawError, renderError } from '../errors.js';
import { parseLastApplied, pruneCandidates, pruneSettings, warnDefaultPruneAllowlist, warnIfDeleting, withoutLastApplied } from './apply.js';
import { diffTimestamp, unifiedHunks } from './diff-unified.js';
import type { Context, FlagValues, VerbSpec } from './framework.js';
import { klogPrefix } from './index.js';
import { filenameFlags, readDocuments, resolveDoc, selectDocs, type ResolvedDoc } from './manifest-objects.js';

interface DiffPair {
  /** `apps.v1.Deployment.default.web` */
  file: string;
  live: KubeObject | undefined;
  /** Absent for an object `apply --prune` would delete: the diff shows it going. */
  merged: KubeObject | undefined;
}

/** kubectl's file name for an object: `[group.]version.Kind.namespace.name`. */
export function diffFileName(r: Pick<ResolvedDoc, 'type' | 'namespace' | 'name'>): string {
  const group = r.type.group ? `${r.type.group}.` : '';
  return `${group}${r.type.version}.${r.type.kind}.${r.namespace ?? ''}.${r.name}`;
}

/** --server-side: the field manager and whether conflicts are forced. */
interface ServerSide {
  fieldManager: string;
  force: boolean;
}

/** The object as `apply` would leave it, computed with a server dry run (an apply patch with --server-side). */
function mergedObject(api: ApiServer, r: ResolvedDoc, live: KubeObject | undefined, ssa?: ServerSide): KubeObject {
  if (ssa) {
    const config = deepClone(r.object);
    if (r.type.namespaced) config.metadata.namespace = r.namespace;
    return serverSideApply(api, config, { fieldManager: ssa.fieldManager, force: ssa.force, dryRun: true }).object;
  }
  if (!live) return api.create(r.object, { dryRun: true });
  // kubectl diff patches with the manifest unannotated: the live last-applied annotation stays as it is.
  const modified = withoutLastApplied(r.object);
  const strategy = r.type.custom ? atomicLists : strategyForKind(r.type.kind);
  const patch = threeWayPatch(parseLastApplied(live), modified as unknown as JsonMap, live as unknown as JsonMap, strategy);
  if (Object.keys(patch).length === 0) return live;
  const patched = applyStrategicPatch(live as unknown as JsonMap, patch, strategy) as unknown as KubeObject;
  return api.update(patched, { dryRun: true });
}

function warnKeepsChanging(ctx: Context, r: ResolvedDoc): void {
  // Go's GroupVersionKind.String(): `apps/v1, Kind=Deployment`, `/v1, Kind=Service`.
  ctx.io.err.write(`${klogPrefix(ctx, 'W')} diff.go:723] Object (${r.type.group}/${r.type.version}, Kind=${r.type.kind}: ${r.name}) keeps changing, diffing without lock\n`);
}

/** Secret values never reach the diff: `***`, or `*** (before)` / `*** (after)` where they differ. */
export function maskSecrets(live: KubeObject | undefined, merged: KubeObject | undefined): void {
  if (merged?.kind !== 'Secret' && live?.kind !== 'Secret') return;
  const before = (live?.data ?? undefined) as Record<string, string> | undefined;
  const after = (merged?.data ?? undefined) as Record<string, string> | undefined;
  const mask = (own: Record<string, string> | undefined, other: Record<string, string> | undefined, label: string) => {
    if (!own) return;
    for (const k of Object.keys(own)) own[k] = other && k in other && other[k] !== own[k] ? `*** (${label})` : '***';
  };
  const b = before ? { ...before } : undefined;
  const a = after ? { ...after } : undefined;
  mask(before, a, 'before');
  mask(after, b, 'after');
}

function stripManagedFields(obj: KubeObject | undefined): void {
  if (obj) delete (obj.metadata as Record<string, unknown>).managedFields;
}

/** Go's os.MkdirTemp(dir, "LIVE-"): the prefix and a random number. */
function makeTempDir(prefix: string): string {
  for (;;) {
    const dir = join(tmpdir(), `${prefix}${Math.floor(Math.random() * 4294967295)}`);
    try {
      mkdirSync(dir, { mode: 0o700 });
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/** `diff -u -N fromDir toDir` done in-process, for systems without a diff program. */
export function diffDirectories(from: string, to: string): { output: string; code: number } {
  const names = [...new Set([...readdirSync(from), ...readdirSync(to)])].sort();
  let output = '';
  for (const name of names) {
    const read = (dir: string) => {
      try {
        const p = join(dir, name);
        return { text: readFileSync(p, 'utf8'), stamp: diffTimestamp(statSync(p).mtimeMs) };
      } catch {
        return { text: '', stamp: diffTimestamp(0) };
      }
    };
    const a = read(from);
    const b = read(to);
    const hunks = unifiedHunks(a.text, b.text);
    if (!hunks) continue;
    output += `diff -u -N ${join(from, name)} ${join(to, name)}\n--- ${join(from, name)}\t${a.stamp}\n+++ ${join(to, name)}\t${b.stamp}\n${hunks}`;
  }
  return { output, code: output ? 1 : 0 };
}

/** Runs $KUBECTL_EXTERNAL_DIFF (its extra words kept only if plain flags, as kubectl does) or `diff -u -N`. */
function runDiffProgram(ctx: Context, from: string, to: string): number {
  const external = ctx.env.KUBECTL_EXTERNAL_DIFF;
  let program = 'diff';
  let args = ['-u', '-N', from, to];
  if (external) {
    const words = external.split(' ');
    program = words[0]!;
    args = [from, to, ...words.slice(1).filter((w) => /^[a-zA-Z0-9-=]+$/.test(w))];
  }
  const r = spawnSync(program, args, { env: ctx.env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) {
    if (!external && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
      const { output, code } = diffDirectories(from, to);
      ctx.io.out.write(output);
      return code;
    }
    throw new CliError(`failed to run "${program}": exec: "${program}": executable file not found in $PATH`);
  }
  ctx.io.out.write(r.stdout);
  ctx.io.err.write(r.stderr);
  return r.status ?? 2;
}

async function diffObjects(ctx: Context, flags: FlagValues): Promise<number> {
  if (flags['force-conflicts'] === true && flags['server-side'] !== true) throw new CliError('--force-conflicts only works with --server-side');
  const ssa: ServerSide | undefined = flags['server-side'] === true
    ? { fieldManager: (flags['field-manager'] as string | undefined) || 'kubectl', force: flags['force-conflicts'] === true }
    : undefined;
  // kubectl diff sends no fieldValidation (it has no --validate): the API server's default, Warn.
  let docs = await readDocuments(ctx, { ...flags, validate: 'warn' }, 'diff');
  // -l filters the objects read from the files by their own labels (the builder fetches nothing first).
  if (flags.selector !== undefined) docs = await selectDocs(docs, String(flags.selector));
  const session = ctx.session();
  const pairs: DiffPair[] = [];
  session.write((api) => {
    const resolved: ResolvedDoc[] = [];
    for (const doc of docs) {
      const r = resolveDoc(api, session, doc);
      // client-go refuses to get an object without a name before it asks.
      if (!r.name) throw new CliError('resource name may not be empty');
      resolved.push(r);
      const stored = api.tryGet(r.type, r.namespace, r.name);
      let merged: KubeObject;
      try {
        merged = deepClone(mergedObject(api, r, stored, ssa));
      } catch (err) {
        // kubectl retries a Conflict as a change under its lock, the last time without the lock; an
        // apply's field conflicts (a 409 too) come back each time.
        if (err instanceof ApiError && err.code === 409) warnKeepsChanging(ctx, r);
        warnIfDeleting(ctx, stored);
        throw err;
      }
      warnIfDeleting(ctx, stored);
      pairs.push({ file: diffFileName(r), live: stored && deepClone(stored), merged });
    }
    if (flags.prune !== true) return;
    // What `apply --prune` would delete, as deletions; without -l, every candidate (no --all needed).
    const settings = pruneSettings(api, flags.selector === undefined ? { ...flags, all: true } : flags, 'none');
    warnDefaultPruneAllowlist(ctx, settings);
    for (const { type, obj } of pruneCandidates(api, resolved, settings)) {
      pairs.push({ file: diffFileName({ type, namespace: obj.metadata.namespace, name: obj.metadata.name! }), live: deepClone(obj), merged: undefined });
    }
  });
  const { toYaml } = await import('../printers/yaml.js');
  const from = makeTempDir('LIVE-');
  const to = makeTempDir('MERGED-');
  try {
    for (const p of pairs) {
      // A pruned object is shown as the server sent it (kubectl's pruner does not clean it).
      if (flags['show-managed-fields'] !== true && p.merged) {
        stripManagedFields(p.live);
        stripManagedFields(p.merged);
      }
      // kubectl masks a Secret's values only where it has both sides: one being pruned shows its data.
      if (p.merged) maskSecrets(p.live, p.merged);
      // kubectl makes both files, empty for an object that is not there (on one side).
      writeFileSync(join(from, p.file), p.live ? toYaml(p.live) : '');
      writeFileSync(join(to, p.file), p.merged ? toYaml(p.merged) : '');
    }
    return runDiffProgram(ctx, from, to);
  } finally {
    rmSync(from, { recursive: true, force: true });
    rmSync(to, { recursive: true, force: true });
  }
}

async function runDiff(ctx: Context, args: string[], flags: FlagValues): Promise<void> {
  let code: number;
  try {
    if (args.length) throw new RawError(`error: Unexpected args: [${args.join(' ')}]\nSee '${ctx.programName} diff -h' for help and examples`);
    code = await diffObjects(ctx, flags);
  } catch (err) {
    // kubectl diff keeps 1 for "differences found": its own errors exit 2.
    ctx.io.err.write(renderError(err) + '\n');
    throw new ExitError(2);
  }
  if (code !== 0) throw new ExitError(code);
}

export const verb: VerbSpec = {
  name: 'diff',
  summary: 'Diff the live version against a would-be applied version',
  usage: '-f FILENAME',
  examples: '  # Diff resources included in pod.json\n  kubectl-lite diff -f pod.json\n\n  # Diff file read from stdin\n  cat service.yaml | kubectl-lite diff -f -',
  flags: [
    ...filenameFlags('contains the configuration to diff'),
    { name: 'server-side', type: 'bool', description: 'If true, apply runs in the server instead of the client.' },
    { name: 'force-conflicts', type: 'bool', description: 'If true, server-side apply will force the changes against conflicts.' },
    { name: 'field-manager', type: 'string', arg: 'string', description: 'Name of the manager used to track field ownership.' },
    { name: 'prune', type: 'bool', description: 'Include resources that would be deleted by pruning. Can be used with -l and default shows all resources would be pruned' },
    { name: 'prune-allowlist', type: 'strings', arg: 'stringArray', description: 'Overwrite the default allowlist with <group/version/kind> for --prune' },
    { name: 'selector', short: 'l', type: 'string', arg: 'string', description: 'Selector (label query) to filter on.' },
    { name: 'show-managed-fields', type: 'bool', description: 'If true, include managed fields in the diff.' },
    { name: 'concurrency', type: 'int', default: 1, description: 'Number of objects to process in parallel when diffing against the live version. Larger number = faster, but more memory, I/O and CPU over that shorter period of time.' },
  ],
  run: runDiff,
};
