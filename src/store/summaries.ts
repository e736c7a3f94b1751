/**
 * Summaries: beside each shard of a collection, a file holding a smaller copy of every object in
 * it, made by a function registered for the collection (the store knows nothing of what it keeps).
 * A listing that needs only what the summaries hold (a table of 30,000 pods) reads them instead of
 * the shards: a tenth of the bytes to read and parse.
 *
 * The summary file of shard file `F` is `summary.F`. Shard names carry the commit's generation, so
 * a summary can never describe another state of its shard than the one it is named after. Written
 * without waiting for the disk: like an index, a summary that is missing or unreadable is not used
 * (the listing reads the shards), and the next commit that writes the collection writes it again.
 */

/** Makes the summary of one object (a new value: the object itself must not be changed). */
export type SummaryFn = (obj: any) => unknown;

interface Registered {
  version: string;
  fns: Record<string, SummaryFn>;
}

let registered: Registered | undefined;

/** Registers the summary functions (one set per process) under a version: summaries of another version are not used. */
export function setSummaryFunctions(version: string, fns: Record<string, SummaryFn>): void {
  registered = { version, fns };
}

export function summaryFunctions(): Registered | undefined {
  return registered;
}

export const summaryFileName = (shardFile: string): string => `summary.${shardFile}`;

/** The shard file a summary file describes, or undefined for any other file. */
export function shardOfSummary(name: string): string | undefined {
  return name.startsWith('summary.') ? name.slice('summary.'.length) : undefined;
}

/** The summaries of every object of one shard, as stored. */
export function summarise(shard: Record<string, unknown>, fn: SummaryFn): Record<string, unknown> {
  // No prototype: a key such as `__proto__` is a key like any other.
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(shard)) {
    const obj = shard[key];
    if (obj !== undefined) out[key] = fn(obj);
  }
  return out;
}
