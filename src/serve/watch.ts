/**
 * Watch events from the store's commits (its own or another process's: the CLI writes the same
 * files): the server remembers, per collection it was asked about, the objects and
 * resourceVersions it last saw, and turns each commit the store's journal records into
 * ADDED/MODIFIED/DELETED events, so two commits between polls are two events and a deletion
 * carries the object's last state; where the journal cannot say (a commit too big to record, a
 * rotation past it), it compares the current state instead. Events since the collection was first
 * listed or watched are kept (up to a bound), so a watch can resume from any resourceVersion in
 * that window; older ones get 410 Gone.
 */
import { JournalReader, type JournalEntry } from '../store/journal.js';
import type { Snapshot } from '../store/types.js';
import type { KubeObject } from '../api/types.js';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: EventType;
  /** The resourceVersion of the event (a deletion's is the revision that saw it). */
  rv: number;
  object: KubeObject;
  /** The object before (MODIFIED), to tell a watcher whose selector it left. */
  old?: KubeObject;
}

/** How many events a collection keeps for resuming watches. */
const LOG_LIMIT = 20_000;

interface Tracked {
  /** Watches from a resourceVersion older than this are too old (410). */
  oldest: number;
  /** The store generation its objects were first listed at (earlier commits are in them). */
  listedAt: number;
  objects: Map<string, KubeObject>;
  log: WatchEvent[];
}

export interface Subscriber {
  collection: string;
  deliver(events: WatchEvent[]): void;
}

export class WatchHub {
  private readonly tracked = new Map<string, Tracked>();
  private readonly subscribers = new Set<Subscriber>();
  /** The store generation last compared. */
  private generation = -1;
  private journal?: JournalReader;

  /** `journalDir`: the store's directory, whose journal gives every commit (without it, states are compared). */
  constructor(private readonly journalDir?: string) {}

  /** Starts remembering a collection from this snapshot (a list or a watch asked about it). */
  track(snap: Snapshot, collection: string): void {
    if (this.tracked.has(collection)) {
      this.sync(snap);
      return;
    }
    const objects = new Map<string, KubeObject>();
    for (const [k, v] of snap.list(collection)) objects.set(k, v as KubeObject);
    this.tracked.set(collection, { oldest: snap.revision, listedAt: snap.generation, objects, log: [] });
    if (this.journalDir !== undefined && !this.journal) this.journal = new JournalReader(this.journalDir, snap.generation);
  }

  /** Brings every tracked collection up to `snap` (when it is a new commit) and delivers the events. */
  sync(snap: Snapshot): void {
    if (snap.generation === this.generation) return;
    this.generation = snap.generation;
    const commits = this.commitsUpTo(snap.generation);
    for (const [collection, t] of this.tracked) {
      const events = commits ? replay(t, collection, commits) : diff(t.objects, snap.list(collection), snap.revision);
      if (events.length === 0) continue;
      t.log.push(...events);
      if (t.log.length > LOG_LIMIT) {
        const dropped = t.log.splice(0, t.log.length - LOG_LIMIT);
        t.oldest = dropped[dropped.length - 1]!.rv;
      }
      for (const s of this.subscribers) if (s.collection === collection) s.deliver(events);
    }
  }

  /** The journal's commits since the last sync, when it has every one of them up to `generation` at least. */
  private commitsUpTo(generation: number): JournalEntry[] | undefined {
    if (!this.journal) return undefined;
    const { entries, gap } = this.journal.poll();
    if (gap || this.journal.at < generation) {
      this.journal.skipTo(generation);
      return undefined;
    }
    return entries;
  }

  /** The events after `rv`, or undefined when `rv` is older than what is kept (410 Gone). */
  since(collection: string, rv: number): WatchEvent[] | undefined {
    const t = this.tracked.get(collection);
    if (!t || rv < t.oldest) return undefined;
    return t.log.filter((e) => e.rv > rv);
  }

  /** The oldest resourceVersion a watch on the collection can resume from. */
  oldest(collection: string): number {
    return this.tracked.get(collection)?.oldest ?? 0;
  }

  subscribe(s: Subscriber): () => void {
    this.subscribers.add(s);
    return () => this.subscribers.delete(s);
  }

  get watching(): number {
    return this.subscribers.size;
  }
}

/** Applies the commits' changes of `collection` made after it was listed to its objects, and returns them as events, in order. */
function replay(t: Tracked, collection: string, commits: readonly JournalEntry[]): WatchEvent[] {
  const events: WatchEvent[] = [];
  for (const commit of commits) {
    if (commit.g <= t.listedAt) continue;
    for (const [changed, key, type, value] of commit.ch!) {
      if (changed !== collection) continue;
      const obj = value as KubeObject;
      const before = t.objects.get(key);
      if (type === 'DELETED') {
        if (!before) continue;
        t.objects.delete(key);
        events.push({ type, rv: commit.rv, object: { ...obj, metadata: { ...obj.metadata, resourceVersion: String(commit.rv) } } });
        continue;
      }
      const rv = Number(obj.metadata?.resourceVersion ?? commit.rv);
      events.push(before ? { type: 'MODIFIED', rv, object: obj, old: before } : { type: 'ADDED', rv, object: obj });
      t.objects.set(key, obj);
    }
  }
  return events.sort((a, b) => a.rv - b.rv);
}

/** Updates `known` to `now` and returns the changes, ordered by resourceVersion. */
function diff(known: Map<string, KubeObject>, now: Array<[string, unknown]>, revision: number): WatchEvent[] {
  const events: WatchEvent[] = [];
  const present = new Set<string>();
  for (const [k, v] of now) {
    present.add(k);
    const obj = v as KubeObject;
    const before = known.get(k);
    if (before === obj) continue;
    const rv = Number(obj.metadata?.resourceVersion ?? revision);
    if (!before) events.push({ type: 'ADDED', rv, object: obj });
    else if (before.metadata?.resourceVersion !== obj.metadata?.resourceVersion) events.push({ type: 'MODIFIED', rv, object: obj, old: before });
    else continue;
    known.set(k, obj);
  }
  if (present.size !== known.size) {
    for (const [k, obj] of known) {
      if (present.has(k)) continue;
      known.delete(k);
      events.push({ type: 'DELETED', rv: revision, object: { ...obj, metadata: { ...obj.metadata, resourceVersion: String(revision) } } });
    }
  }
  return events.sort((a, b) => a.rv - b.rv);
}
