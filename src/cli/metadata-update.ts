/**
 * The shared core of `label` and `annotate`: parse `key=value` / `key-` arguments, apply them to
 * one map of an object, and word the outcome as kubectl does.
 */
import { labelValueErrors } from '../api/labels.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { CliError } from '../errors.js';
import { goQuote } from '../printers/go-values.js';
import { hasKey, setKey } from '../util/own.js';

export interface MapChanges {
  set: Array<[string, string]>;
  remove: string[];
}

/** Splits the arguments into resource arguments and map changes (kubectl decides by `=` or a trailing `-`). */
export function splitChanges(args: string[], what: 'label' | 'annotation'): { resources: string[]; changes: MapChanges } {
  const resources: string[] = [];
  const changes: MapChanges = { set: [], remove: [] };
  // kubectl's GetResourcesAndPairs first: once a change is seen, every argument after it must be one.
  const isChange = (a: string) => a.indexOf('=') > 0 || (a.endsWith('-') && a.length > 1);
  const first = args.findIndex(isChange);
  const stray = first < 0 ? undefined : args.slice(first).find((a) => !isChange(a));
  if (stray !== undefined) throw new CliError(`all resources must be specified before ${what} changes: ${stray}`);
  for (const a of args) {
    const eq = a.indexOf('=');
    if (eq > 0) {
      const key = a.slice(0, eq);
      const value = a.slice(eq + 1);
      // kubectl checks a label's value itself and leaves the key to the API server's validation.
      if (what === 'label') {
        if (value.includes('=')) throw new CliError(`invalid label spec: ${a}`);
        // All of the reasons, joined as kubectl joins them (no space after the semicolon).
        const valueErrors = labelValueErrors(value);
        if (valueErrors.length) throw new CliError(`invalid label value: ${goQuote(a)}: ${valueErrors.join(';')}`);
      }
      changes.set.push([key, value]);
    } else if (isChange(a)) {
      changes.remove.push(a.slice(0, -1));
    } else {
      resources.push(a);
    }
  }
  // label refuses a key both set and removed as it parses; annotate once its other checks pass (bothChanged).
  if (what === 'label' && bothChanged(changes).length) throw new CliError('can not both modify and remove a label in the same command');
  return { resources, changes };
}

/** The keys both set and removed, in the order of the removals. */
export function bothChanged(changes: MapChanges): string[] {
  const keys = new Set(changes.set.map(([k]) => k));
  return changes.remove.filter((k) => keys.has(k));
}

export interface MapUpdate {
  object: KubeObject;
  /** Keys asked to be removed that were not there. */
  absent: string[];
}

/**
 * Applies changes to metadata.labels or metadata.annotations of a copy of `obj`.
 * Without overwrite, changing an existing key to a different value is refused with kubectl's message.
 */
export function applyChanges(obj: KubeObject, field: 'labels' | 'annotations', changes: MapChanges, overwrite: boolean): MapUpdate {
  const copy = deepClone(obj);
  const map: Record<string, string> = { ...(copy.metadata[field] ?? {}) };
  const has = (k: string) => hasKey(map, k);
  if (!overwrite) {
    const clashes = changes.set.filter(([k, v]) => has(k) && map[k] !== v);
    if (clashes.length) {
      if (field === 'labels') {
        const [k] = clashes[0]!;
        throw new CliError(`'${k}' already has a value (${map[k]}), and --overwrite is false`);
      }
      const list = clashes.map(([k]) => `'${k}' already has a value (${map[k]})`).join('; ');
      throw new CliError(`--overwrite is false but found the following declared annotation(s): ${list}`);
    }
  }
  for (const [k, v] of changes.set) setKey(map, k, v);
  const absent: string[] = [];
  for (const k of changes.remove) {
    if (has(k)) delete map[k];
    else absent.push(k);
  }
  if (Object.keys(map).length) copy.metadata[field] = map;
  else delete copy.metadata[field];
  return { object: copy, absent };
}

/**
 * kubectl label's message: `labeled`, `unlabeled` (the object got shorter, without --overwrite) or
 * `not labeled`. kubectl compares the object before and after its change, which always gives it a
 * labels map: one that had none has changed (`labels: {}`).
 */
export function labelOutcome(before: KubeObject, after: KubeObject, overwrite: boolean): string {
  if (before.metadata.labels === undefined) return 'labeled';
  const a = JSON.stringify(before.metadata.labels ?? {});
  const b = JSON.stringify(after.metadata.labels ?? {});
  if (a === b) return 'not labeled';
  const shorter = JSON.stringify(after).length < JSON.stringify(before).length;
  return !overwrite && shorter ? 'unlabeled' : 'labeled';
}
