/**
 * One shard as a command holds it: the file's bytes, each object parsed only when it is asked for,
 * and written back by copying the bytes of the objects nobody asked for. A write on a big cluster
 * touches a few objects of each shard it changes (one Event appended to a shard of 300, one pod of
 * a ReplicaSet's 100, one Endpoints of 40), so parsing and serialising every object of those shards,
 * as a whole-shard `JSON.parse`/`JSON.stringify` does, cost more than the rest of the write.
 *
 * The bytes are taken apart by peek.ts's shardEntries (the span of each top-level value); a file that
 * is not a shard as JSON.stringify writes one is parsed whole by the caller, which reports what is
 * wrong. Objects are kept in a record without a prototype, so any key (`constructor`, `__proto__`)
 * is a key like any other. An object that has been parsed is written from its value (a caller may
 * have changed it in place), any other from its bytes, unchanged.
 */

/** The [start, end) of each unparsed object's value in the bytes, and where its entry (`"key":`) starts. */
type Span = [start: number, end: number, entryStart: number];

export class ShardEdit {
  /** Objects parsed, put, or (for a shard made in memory) all of them. */
  private readonly objects: Record<string, unknown> = Object.create(null);
  /** Objects still only in `bytes`, in file order. */
  private readonly unparsed = new Map<string, Span>();
  private bytes: Buffer | undefined;
  /** Nothing parsed, put or deleted yet: the bytes are the shard. */
  private pristine = true;

  /** The size of the file it was read from (0: made in memory), for the reader's cache. */
  fileBytes = 0;

  private constructor(private readonly parse: (text: string) => unknown) {}

  /** A shard made in memory (or parsed whole): every object in hand. */
  static ofObjects(objects: Record<string, unknown>): ShardEdit {
    const shard = new ShardEdit(JSON.parse);
    for (const key of Object.keys(objects)) shard.objects[key] = objects[key];
    return shard;
  }

  /**
   * A shard read from a file: `bytes` (kept: a copy the caller does not reuse) and the spans of its
   * values (from shardEntries, in file order); `parse` parses one object's text (and reports a
   * corrupt one with the file's name).
   */
  static ofBytes(bytes: Buffer, at: Map<string, [number, number]>, parse: (text: string) => unknown): ShardEdit {
    const shard = new ShardEdit(parse);
    shard.bytes = bytes;
    shard.fileBytes = bytes.length;
    // Entries are `{e0,e1,...}`: each starts just after the byte that ends the one before.
    let next = 1;
    for (const [key, [start, end]] of at) {
      shard.unparsed.set(key, [start, end, next]);
      next = end + 1;
    }
    return shard;
  }

  has(key: string): boolean {
    return this.unparsed.has(key) || Object.hasOwn(this.objects, key);
  }

  get(key: string): unknown {
    const span = this.unparsed.get(key);
    if (span) {
      this.pristine = false;
      this.objects[key] = this.parse(this.bytes!.toString('utf8', span[0], span[1]));
      this.unparsed.delete(key);
    }
    // `objects` has no prototype and holds no undefined: one lookup says both.
    return this.objects[key];
  }

  set(key: string, value: unknown): void {
    this.pristine = false;
    this.unparsed.delete(key);
    this.objects[key] = value;
  }

  delete(key: string): boolean {
    this.pristine = false;
    if (this.unparsed.delete(key)) return true;
    if (!Object.hasOwn(this.objects, key)) return false;
    delete this.objects[key];
    return true;
  }

  /** Every key, parsed or not (in no particular order). */
  keys(): string[] {
    return [...this.unparsed.keys(), ...Object.keys(this.objects)];
  }

  /** Whether the object under `key` has been parsed or put (an unparsed one is as the file holds it). */
  inHand(key: string): boolean {
    return Object.hasOwn(this.objects, key);
  }

  /**
   * Each object's JSON text without parsing it: the file's bytes for one nobody asked for, its
   * serialisation for one parsed or put (which may have been changed in place).
   */
  *texts(): Iterable<[key: string, text: Buffer]> {
    for (const [key, [start, end]] of this.unparsed) yield [key, this.bytes!.subarray(start, end)];
    for (const key of Object.keys(this.objects)) yield [key, Buffer.from(JSON.stringify(this.objects[key]))];
  }

  /**
   * Every object, parsed: the shard as a record (the shard's own: changes to it are changes to the
   * shard). A shard nothing was parsed from yet is parsed in one go, as a listing would.
   */
  all(): Record<string, unknown> {
    if (this.unparsed.size === 0) return this.objects;
    if (this.pristine) {
      const whole = this.parse(this.bytes!.toString('utf8')) as Record<string, unknown>;
      for (const key of Object.keys(whole)) this.objects[key] = whole[key];
    } else for (const key of [...this.unparsed.keys()]) this.get(key);
    this.unparsed.clear();
    this.bytes = undefined;
    return this.objects;
  }

  /**
   * The shard's file content: the unparsed objects' bytes as they were (runs of neighbours copied at
   * once), then the others; as chunks to write one after the other (joining them would take a
   * megabyte of fresh memory per shard).
   */
  text(): string | Buffer[] {
    if (this.unparsed.size === 0) return JSON.stringify(this.objects);
    const bytes = this.bytes!;
    const parts: Buffer[] = [];
    let runStart = -1;
    let runEnd = -1;
    const flush = (): void => {
      if (runStart < 0) return;
      parts.push(parts.length ? COMMA : OPEN, bytes.subarray(runStart, runEnd));
    };
    for (const [, [, end, entryStart]] of this.unparsed) {
      if (entryStart !== runEnd + 1) {
        flush();
        runStart = entryStart;
      }
      runEnd = end;
    }
    flush();
    const rest = JSON.stringify(this.objects);
    if (rest.length > 2) parts.push(COMMA, Buffer.from(rest.slice(1, -1)));
    parts.push(CLOSE);
    return parts;
  }
}

const OPEN = Buffer.from('{');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from('}');
