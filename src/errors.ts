/**
 * The few error classes the whole program throws. Only src/main.ts turns them into
 * stderr text and an exit code, following kubectl's cmd/util/helpers.go checkErr.
 */

export interface StatusCause {
  /** The cause's type, e.g. `FieldManagerConflict`. */
  reason?: string;
  /** Field path, e.g. `spec.containers[0].image`. */
  field: string;
  /** Already formatted: `Required value`, `Invalid value: "x": ...`. */
  message: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
}

/** An error as the API server would return it (a metav1.Status). */
export class ApiError extends Error {
  constructor(
    readonly reason: string,
    readonly code: number,
    message: string,
    readonly details: StatusDetails = {},
  ) {
    super(message);
  }

  /** The metav1.Status object a real API server would send for this error. */
  toStatus(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      details: this.details,
      code: this.code,
    };
  }

  /** Same error with the message rewritten, e.g. prefixed `error when creating "f.yaml": `. */
  withMessage(message: string): ApiError {
    return new ApiError(this.reason, this.code, message, this.details);
  }
}

/** Resource name for messages: `pods`, `deployments.apps`. */
export function qualifiedResource(plural: string, group: string): string {
  return group ? `${plural}.${group}` : plural;
}

export function notFound(plural: string, group: string, name: string): ApiError {
  const res = qualifiedResource(plural, group);
  return new ApiError('NotFound', 404, `${res} "${name}" not found`, { name, group, kind: plural });
}

export function alreadyExists(plural: string, group: string, name: string): ApiError {
  const res = qualifiedResource(plural, group);
  return new ApiError('AlreadyExists', 409, `${res} "${name}" already exists`, { name, group, kind: plural });
}

/** A generated name still taken after the API server's retries. */
export function generateNameConflict(plural: string, group: string, name: string): ApiError {
  const res = qualifiedResource(plural, group);
  return new ApiError('AlreadyExists', 409, `${res} "${name}" already exists, the server was not able to generate a unique name for the object`, { name, group, kind: plural });
}

export function conflict(plural: string, group: string, name: string): ApiError {
  const res = qualifiedResource(plural, group);
  return new ApiError(
    'Conflict',
    409,
    `Operation cannot be fulfilled on ${res} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group, kind: plural },
  );
}

export function badRequest(message: string): ApiError {
  return new ApiError('BadRequest', 400, message);
}

/** A 422 Invalid error; kubectl prints it from details, not from message. */
export function invalid(kind: string, group: string, name: string, causes: StatusCause[]): ApiError {
  const qualified = group ? `${kind}.${group}` : kind;
  const parts = causes.map((c) => `${c.field}: ${c.message}`);
  const message =
    parts.length === 1
      ? `${qualified} "${name}" is invalid: ${parts[0]}`
      : `${qualified} "${name}" is invalid: [${parts.join(', ')}]`;
  return new ApiError('Invalid', 422, message, { name, group, kind, causes });
}

/** A client-side failure: printed as `error: <message>`, exit 1. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** A message kubectl prints as it is, alone or among others (its StandardErrorMessage: a connection refused). */
export class StandardMessageError extends CliError {}

/** A request client-go refuses before it is sent (a namespace no path can hold): a plain error, wherever the verb met it. */
export class ClientRefusal extends CliError {}

/** A kustomization -k names that does not build: to kubectl's builder, an error of its visit. */
export class KustomizeBuildError extends CliError {}

/** Printed exactly as given (already multi-line, cobra-style), then exit. */
export class RawError extends Error {
  constructor(
    readonly text: string,
    readonly exitCode = 1,
  ) {
    super(text);
  }
}

/** Leave with this exit code; whatever had to be said is already on stdout/stderr. */
export class ExitError extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

/**
 * A watching command (get -w, events -w, wait, rollout status) cancelled by Ctrl-C: kubectl runs
 * them under its interrupt handler, whose default end is exit status 1.
 */
export function exitIfInterrupted(signal: AbortSignal): void {
  if (signal.aborted) throw new ExitError(1);
}

/** kubectl's rendering of an error (checkErr / StandardErrorMessage). */
export function renderError(err: unknown): string {
  if (err instanceof ApiError) return renderApiError(err);
  if (err instanceof RawError) return err.text;
  if (err instanceof StandardMessageError) return err.message;
  if (err instanceof CliError) {
    return err.message.startsWith('error: ') ? err.message : `error: ${err.message}`;
  }
  // A stack overflow is never shown as such: recursion here only runs that deep on nested input.
  if (err instanceof RangeError && /call stack/.test(err.message)) return 'error: the input is nested too deeply for kubectl-lite';
  const msg = err instanceof Error ? err.message : String(err);
  return msg.startsWith('error: ') ? msg : `error: ${msg}`;
}

export function renderApiError(err: ApiError): string {
  if (err.reason === 'Invalid') {
    const d = err.details;
    const causes = dedupe(d.causes ?? []);
    if (!d.kind && !d.name && causes.length === 0) {
      return err.message ? `The request is invalid: ${err.message}` : 'The request is invalid';
    }
    if (causes.length === 1) {
      return `The ${d.kind} "${d.name}" is invalid: ${causes[0]!.field}: ${causes[0]!.message}`;
    }
    const lines = causes.map((c) => `* ${c.field}: ${c.message}`);
    return `The ${d.kind} "${d.name}" is invalid: \n${lines.join('\n')}`;
  }
  if (err.reason === 'Unauthorized') return `error: You must be logged in to the server (${err.message})`;
  if (err.reason) return `Error from server (${err.reason}): ${err.message}`;
  return `Error from server: ${err.message}`;
}

function dedupe(causes: StatusCause[]): StatusCause[] {
  const seen = new Set<string>();
  return causes.filter((c) => {
    const k = `${c.field}\u0000${c.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** get and describe report an unmapped kind without the `error: ` prefix the writing verbs print. */
export function readingVerbError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RawError && e.text.startsWith('error: ')) throw new RawError(e.text.slice('error: '.length), e.exitCode);
    throw e;
  }
}
