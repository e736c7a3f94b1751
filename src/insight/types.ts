/**
 * What `kubectl-lite why` answers: an explanation of one object's state, computed by the same
 * functions that decided it (the scheduler's filters, the kubelet's stage engine, the endpoints
 * controller's selection, the conditions controllers leave). Pure data: src/insight/render.ts
 * turns it into text, `-o json` prints it as it is.
 */

/** One part of the answer: a few lines, or a table. */
export interface Section {
  title: string;
  lines?: string[];
  table?: { head: string[]; rows: string[][] };
}

export interface Explanation {
  kind: string;
  namespace?: string;
  name: string;
  /** A short state, as `get` would show it (`Pending`, `CrashLoopBackOff`, `2/3 endpoints`). */
  state: string;
  /** Nothing is wrong: the object is as a user would expect. */
  healthy: boolean;
  /** One sentence: the answer. */
  summary: string;
  sections: Section[];
  /** What would change the outcome, smallest first. */
  fixes: string[];
  /** How the fixes are introduced (default `To fix`). */
  fixTitle?: string;
  /** Machine-readable specifics, per kind (for scripts). */
  details?: Record<string, unknown>;
}

/** `kind namespace/name` or `kind name`, as the answers name objects. */
export function ref(kind: string, name: string, namespace?: string): string {
  return `${kind.toLowerCase()}/${name}${namespace ? ` (namespace ${namespace})` : ''}`;
}

/** A duration in whole seconds, minutes as a person reads it: `42s`, `2m30s`. */
export function inTime(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
}
