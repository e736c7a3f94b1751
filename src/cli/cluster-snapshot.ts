/**
 * Cluster snapshots: every object of a cluster, its clock and the simulation's own state, as one
 * v1 List (YAML, or JSON for a `.json` file), so a class or a CI job can start from a prepared
 * cluster. Restore replaces the current cluster's objects with the snapshot's and puts its clock
 * back at the moment of the save (ages and pending timers carry on from there).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { typeFromCRD } from '../api/crd.js';
import { collectionOf, Registry, type ResourceType } from '../api/registry.js';
import { objectKey, type KubeObject } from '../api/types.js';
import { RUNS_META } from '../controllers/loop.js';
import { CliError } from '../errors.js';
import type { Snapshot, Transaction } from '../store/types.js';
import { readFileSync as readPackage } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../util/paths.js';
import { rfc3339 } from '../util/duration.js';

/** Bumped when a snapshot's layout changes in a way older readers cannot follow. */
export const SNAPSHOT_FORMAT = 1;
const PREFIX = 'snapshot.kubectl-lite.io/';
const CLOCK_OFFSET = 'clock.offsetMs';

function productVersion(): string {
  try {
    return (JSON.parse(readPackage(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** The snapshot of `snap` at simulated time `nowMs`. */
export function snapshotList(snap: Snapshot, nowMs: number, cluster: string): KubeObject {
  const items: KubeObject[] = [];
  for (const collection of snap.collections().sort()) {
    for (const [, v] of snap.list(collection)) items.push(v as KubeObject);
  }
  const meta: Record<string, unknown> = {};
  for (const key of [CLOCK_OFFSET, 'cluster.shape', 'simulation', 'sim.nextWakeMs', 'sim.nodes.stopped']) {
    const v = snap.getMeta(key);
    if (v !== undefined && key !== CLOCK_OFFSET) meta[key] = v;
  }
  return {
    apiVersion: 'v1',
    kind: 'List',
    metadata: {
      annotations: {
        [`${PREFIX}format`]: String(SNAPSHOT_FORMAT),
        [`${PREFIX}written-by`]: `kubectl-lite ${productVersion()}`,
        [`${PREFIX}cluster`]: cluster,
        [`${PREFIX}clock`]: rfc3339(new Date(nowMs)),
        [`${PREFIX}clock-ms`]: String(nowMs),
        [`${PREFIX}revision`]: String(snap.revision),
        [`${PREFIX}simulation`]: JSON.stringify(meta),
      },
    },
    items,
  } as KubeObject;
}

export async function saveSnapshot(file: string, list: KubeObject): Promise<void> {
  let text: string;
  if (file.endsWith('.json')) text = `${JSON.stringify(list, null, 2)}\n`;
  else {
    const { toYaml } = await import('../printers/yaml.js');
    text = toYaml(list);
  }
  writeFileSync(file, text, { mode: 0o600 });
}

export interface ParsedSnapshot {
  items: KubeObject[];
  annotations: Record<string, string>;
}

/** Reads a snapshot: a List (YAML or JSON), or a multi-document YAML stream of objects and Lists. */
export async function readSnapshot(file: string): Promise<ParsedSnapshot> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`the path "${file}" does not exist${code === 'ENOENT' ? '' : `: ${(e as Error).message}`}`);
  }
  let docs: unknown[];
  if (/^\s*[{[]/.test(text)) {
    try {
      docs = [JSON.parse(text)];
    } catch (e) {
      throw new CliError(`error parsing ${file}: ${(e as Error).message}`);
    }
  } else {
    const { parseYamlDocuments } = await import('../api/yaml-documents.js');
    docs = parseYamlDocuments(file, text);
  }
  const items: KubeObject[] = [];
  let annotations: Record<string, string> = {};
  for (const d of docs) {
    if (d === null || d === undefined) continue;
    const o = d as KubeObject;
    if (typeof o !== 'object' || !o.kind) throw new CliError(`error parsing ${file}: a document without a kind is not an object`);
    if (o.kind === 'List' || (o.kind.endsWith('List') && Array.isArray(o.items))) {
      annotations = { ...annotations, ...(o.metadata?.annotations ?? {}) };
      items.push(...((o.items ?? []) as KubeObject[]));
    } else {
      items.push(o);
    }
  }
  return { items, annotations };
}

/**
 * Replaces everything in `tx` with the snapshot. Fails, leaving the store as it was (the caller's
 * transaction is not committed), when the snapshot is of a format this version does not read, or
 * holds objects of kinds it cannot store.
 */
export function restoreInto(tx: Transaction, s: ParsedSnapshot, realNowMs: number, file: string): number {
  const format = s.annotations[`${PREFIX}format`];
  const writtenBy = s.annotations[`${PREFIX}written-by`] ?? 'an unknown writer';
  if (format !== undefined && Number(format) > SNAPSHOT_FORMAT) {
    throw new CliError(
      `cannot restore ${file}: it was written by ${writtenBy} in snapshot format ${format}, and kubectl-lite ${productVersion()} reads format ${SNAPSHOT_FORMAT} and older; use a newer kubectl-lite`,
    );
  }
  const crds = s.items.filter((o) => o.apiVersion === 'apiextensions.k8s.io/v1' && o.kind === 'CustomResourceDefinition');
  const registry = new Registry(crds.map(typeFromCRD).filter((t): t is ResourceType => t !== undefined));
  const placed: Array<[string, string, KubeObject]> = [];
  const unknown = new Set<string>();
  for (const o of s.items) {
    const type = o.apiVersion && o.kind ? registry.forKind(o.apiVersion, o.kind) : undefined;
    if (!type || !o.metadata?.name) {
      unknown.add(`${o.apiVersion ?? '?'} ${o.kind ?? '?'}${o.metadata?.name ? '' : ' (without a name)'}`);
      continue;
    }
    placed.push([collectionOf(type), objectKey(type.namespaced ? o.metadata.namespace || 'default' : undefined, o.metadata.name), o]);
  }
  if (unknown.size) {
    throw new CliError(`cannot restore ${file} (written by ${writtenBy}): this kubectl-lite cannot store ${[...unknown].sort().join(', ')}`);
  }
  for (const collection of tx.collections()) for (const [k] of tx.list(collection)) tx.delete(collection, k);
  let maxRv = 0;
  for (const [collection, key, obj] of placed) {
    tx.put(collection, key, obj);
    maxRv = Math.max(maxRv, Number(obj.metadata.resourceVersion) || 0);
  }
  // resourceVersions only grow: the counter goes past both the snapshot's and this store's.
  const target = Math.max(maxRv, Number(s.annotations[`${PREFIX}revision`]) || 0);
  while (tx.revision < target) tx.nextRevision();
  tx.nextRevision();
  let sim: Record<string, unknown> = {};
  try {
    sim = JSON.parse(s.annotations[`${PREFIX}simulation`] ?? '{}') as Record<string, unknown>;
  } catch {
    throw new CliError(`cannot restore ${file}: its ${PREFIX}simulation annotation is not JSON`);
  }
  for (const key of ['cluster.shape', 'simulation', 'sim.nextWakeMs', 'sim.nodes.stopped']) tx.setMeta(key, sim[key]);
  tx.setMeta(RUNS_META, undefined);
  const clockMs = Number(s.annotations[`${PREFIX}clock-ms`]);
  tx.setMeta(CLOCK_OFFSET, Number.isFinite(clockMs) ? clockMs - realNowMs : 0);
  return placed.length;
}
