/**
 * kubectl's checkErr on a utilerrors.Aggregate (the verbs that visit objects and carry on past a
 * failure: apply, create, replace, delete, describe, label, annotate, patch, rollout
 * undo/pause/resume/restart): one error is printed as it would be alone;
 * several are printed one a line, an API error as `Error from server (Reason): message` and any
 * other error as its bare message, without the `error: ` prefix a lone error gets.
 */
import { ApiError, CliError, RawError, renderApiError } from '../errors.js';
import type { Context } from './framework.js';

/**
 * A builder error (a document the decoder refuses, a syntax error, a List whose kind does not map, a list
 * client-go would not send) as get and describe print it: one line of an aggregate, without the `error: `
 * a lone error gets.
 */
export function bareBuilderError(err: unknown): unknown {
  if (err instanceof RawError && err.text.startsWith('error: ')) return new RawError(err.text.slice('error: '.length), err.exitCode);
  return err instanceof CliError ? new RawError(`${err.message}\n`) : err;
}

/**
 * Errors kubectl's builder collected (documents it could not read), which reach the verb's own
 * aggregate as one element: printed on one line as Go's aggregate words itself (`[a, b]`, each
 * message once), unless they are all there is to report.
 */
export class BuilderErrors extends Error {
  constructor(readonly errors: unknown[]) {
    const messages = [...new Set(errors.map((e) => (e instanceof Error ? e.message : String(e)).replace(/^error: /, '').replace(/\n+$/, '')))];
    super(messages.length === 1 ? messages[0]! : `[${messages.join(', ')}]`);
  }
}

/**
 * The builder's errors as the one element kubectl's aggregate gets: none, the error itself, or a
 * BuilderErrors. `wrapped`: the builder's files collected them (its EagerVisitorList makes an
 * aggregate even of one), and the verb took them from Infos() into its own aggregate, where one
 * stays an aggregate and is printed bare.
 */
export function builderErrors(errors: unknown[], wrapped = false): unknown[] {
  return errors.length === 0 || (errors.length === 1 && !wrapped) ? errors : [new BuilderErrors(errors)];
}

/**
 * The List each -f document of this command came from, by its place (`seq`): kubectl flattens a
 * List in a visitor of its own, which gathers its items' errors into one aggregate (printed as
 * Go's aggregate words itself where it is one error among others). Set as the documents are read.
 */
const listOfSeq = new Map<number, string>();

export function startListItems(): void {
  listOfSeq.clear();
}

export function markListItem(seq: number, list: string): void {
  listOfSeq.set(seq, list);
}

/** The errors of one List's items: the aggregate kubectl's List visitor makes of them. */
export class ListErrors extends BuilderErrors {}

/** The errors in order, those of one List's items (next to each other) as one ListErrors. */
function groupListErrors(items: Array<{ err: unknown; seq: number }>): unknown[] {
  const out: unknown[] = [];
  let group: { list: string; errors: unknown[] } | undefined;
  for (const { err, seq } of items) {
    const list = listOfSeq.get(seq);
    if (list !== undefined && group?.list === list) {
      group.errors.push(err);
      continue;
    }
    if (group) out.push(new ListErrors(group.errors));
    group = undefined;
    if (list !== undefined) group = { list, errors: [err] };
    else out.push(err);
  }
  if (group) out.push(new ListErrors(group.errors));
  return out;
}

/**
 * The errors of kubectl's builder in the order it visits their documents: those of reading (a
 * document it cannot decode, the syntax error that ends a file) and of mapping (a kind the cluster
 * does not serve, found later, when the cluster is read), each at its document's place (`seq`).
 */
export class BuilderErrorList {
  private readonly items: Array<{ err: unknown; seq: number }> = [];

  readonly add = (err: unknown, seq: number): void => {
    this.items.push({ err, seq });
  };

  get length(): number {
    return this.items.length;
  }

  /** In document order (the sort is stable: errors of one place keep the order they came in); a List's as one. */
  get errors(): unknown[] {
    return groupListErrors(this.items.sort((a, b) => a.seq - b.seq));
  }

  /** The one element they make of the verb's aggregate (see builderErrors). */
  aggregate(): unknown[] {
    return builderErrors(this.errors);
  }
}

/** kubectl's mapping error for a kind the cluster does not serve (a builder error, see resolveDoc). */
export function isMappingError(err: unknown): boolean {
  return err instanceof RawError && /^(error: )?resource mapping not found |^unable to recognize no matches /.test(err.text);
}

function aggregateLine(err: unknown): string {
  if (err instanceof ApiError) return err.reason === 'Invalid' ? `Error from server (Invalid): ${err.message}` : renderApiError(err);
  // A message kubectl prints alone with `error: ` (a document no kind matches) is bare here too.
  if (err instanceof RawError) return err.text.replace(/^error: /, '').replace(/\n+$/, '');
  if (err instanceof CliError || err instanceof Error) return err.message.replace(/\n+$/, '');
  return String(err);
}

/** Reports `errors` (in the order the objects were visited) as kubectl reports their aggregate; nothing when empty. */
export function failAggregate(ctx: Context, errors: unknown[]): void {
  // An aggregate of one is unwrapped (kubectl's checkErr): the builder's errors alone are printed
  // one a line, and bare, as an aggregate is, however many they are.
  if (errors.length === 1 && errors[0] instanceof BuilderErrors) return ctx.fail(aggregateText(errors[0].errors));
  if (errors.length === 0) return;
  ctx.fail(fetchFailure(errors));
}

/** Errors one a line, bare, as kubectl prints an aggregate. */
function aggregateText(errors: unknown[]): RawError {
  return new RawError(errors.map(aggregateLine).join('\n') + '\n');
}

/**
 * The error a verb that fetches everything before acting (set, edit) ends with when some of what it
 * names is missing: kubectl's builder aggregates one NotFound per name, so each is printed, one a line.
 */
export function fetchFailure(errors: unknown[]): unknown {
  return errors.length === 1 ? errors[0] : aggregateText(errors);
}

/**
 * The errors of a verb that visits what it names (kubectl's r.Visit): each object's own in the
 * order visited, then, after them, those of -f documents the builder could not read, map or find
 * (its files' aggregate, see builderErrors).
 */
export class VisitErrors {
  private readonly own: unknown[] = [];
  private readonly builder: unknown[] = [];

  add(error: unknown, fromBuilder = false): void {
    (fromBuilder ? this.builder : this.own).push(error);
  }

  report(ctx: Context): void {
    // Beside the objects' errors the builder's are one element, printed as Go's aggregate words
    // itself (a lone one as its bare message); alone, they are the whole aggregate.
    const builder = this.own.length && this.builder.length ? [new BuilderErrors(this.builder)] : builderErrors(this.builder);
    failAggregate(ctx, [...this.own, ...builder]);
  }
}
