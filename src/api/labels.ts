/**
 * Label selectors: apimachinery's labels.Parse grammar and error texts, matching, and the
 * canonical string form used in SELECTOR columns and describe output.
 */
import { aggregateMessage } from '../util/aggregate.js';
import type { LabelSelector } from './types.js';

export type Operator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

export type Selector = Requirement[];

export class SelectorParseError extends Error {}

type Tok = { kind: 'id' | 'op' | '(' | ')' | ',' | '!' | 'end'; text: string };

const OPS = ['==', '!=', '=', '>', '<'];

function lex(s: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      toks.push({ kind: c, text: c });
      i++;
      continue;
    }
    const op = OPS.find((o) => s.startsWith(o, i));
    if (op) {
      toks.push({ kind: 'op', text: op });
      i += op.length;
      continue;
    }
    if (c === '!') {
      toks.push({ kind: '!', text: '!' });
      i++;
      continue;
    }
    let j = i;
    while (j < s.length && !' \t\n\r(),!=<>'.includes(s[j]!)) j++;
    toks.push({ kind: 'id', text: s.slice(i, j) });
    i = j;
  }
  toks.push({ kind: 'end', text: '' });
  return toks;
}

const NAME_RE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
const DNS_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const NAME_PART_CHARS =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

/** Every complaint of the API's IsQualifiedName about `value` (`[prefix/]name`), in its order. */
export function qualifiedNameErrors(value: string): string[] {
  const parts = value.split('/');
  if (parts.length > 2) {
    return [`a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  const errs: string[] = [];
  const name = parts.length === 2 ? parts[1]! : value;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else {
      if (prefix.length > 253) errs.push('prefix part must be no more than 253 characters');
      if (!DNS_SUBDOMAIN_RE.test(prefix)) {
        errs.push(`prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`);
      }
    }
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  if (!QUALIFIED_NAME_PART.test(name)) errs.push(NAME_PART_CHARS);
  return errs;
}

/** Every reason a label value is invalid, in apimachinery's order (IsValidLabelValue). */
export function labelValueErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push('must be no more than 63 characters');
  if (!NAME_RE.test(value)) {
    errors.push(`a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`);
  }
  return errors;
}

/** A token of a selector as Go's %q quotes it (no whitespace in a token: JSON quotes it the same). */
const quoted = (text: string) => JSON.stringify(text);

/** strconv.ParseInt(value, 10, 64) succeeds. */
function isInt64(value: string): boolean {
  if (!/^[+-]?\d+$/.test(value)) return false;
  const n = BigInt(value);
  return n >= -(2n ** 63n) && n < 2n ** 63n;
}

/**
 * NewRequirement's complaints about the values of `key` (its field paths under a parser with no
 * path: `values[i]`, and `values[i][key]` for a value that is no label value), aggregated.
 */
function valueComplaints(key: string, operator: Operator, values: string[]): string | undefined {
  const errors: string[] = [];
  if (operator === 'gt' || operator === 'lt') {
    values.forEach((v, i) => {
      if (!isInt64(v)) errors.push(`values[${i}]: Invalid value: ${quoted(v)}: for 'Gt', 'Lt' operators, the value must be an integer`);
    });
  }
  values.forEach((v, i) => {
    const complaints = labelValueErrors(v);
    if (complaints.length) errors.push(`values[${i}][${key}]: Invalid value: ${quoted(v)}: ${complaints.join('; ')}`);
  });
  return errors.length ? aggregateMessage(errors) : undefined;
}

/** Parses `-l` text; throws SelectorParseError with apimachinery's message (labels.Parse). */
export function parseSelector(text: string): Selector {
  const toks = lex(text);
  let p = 0;
  const peek = () => toks[p]!;
  const next = () => toks[p++]!;
  const reqs: Requirement[] = [];
  const fail = (msg: string): never => {
    throw new SelectorParseError(`unable to parse requirement: ${msg}`);
  };

  if (peek().kind === 'end') return [];
  for (;;) {
    let t = peek();
    if (t.kind !== 'id' && t.kind !== '!') {
      throw new SelectorParseError(`found '${t.text}', expected: !, identifier, or 'end of string'`);
    }
    let negate = false;
    if (t.kind === '!') {
      negate = true;
      next();
      t = peek();
      if (t.kind !== 'id') fail(`found '${t.text}', expected: identifier`);
    }
    const key = next().text;
    // The key is checked with the parser's own (empty) field path: apimachinery prints it as <nil>.
    const keyErrors = qualifiedNameErrors(key);
    if (keyErrors.length) fail(`<nil>: Invalid value: ${quoted(key)}: ${keyErrors.join('; ')}`);
    if (negate) {
      reqs.push({ key, operator: '!', values: [] });
    } else {
      const op = peek();
      if (op.kind === ',' || op.kind === 'end') {
        reqs.push({ key, operator: 'exists', values: [] });
      } else if (op.kind === 'op') {
        next();
        const operator: Operator = op.text === '>' ? 'gt' : op.text === '<' ? 'lt' : (op.text as Operator);
        const v = peek();
        let value = '';
        if (v.kind === 'id') {
          value = next().text;
        } else if (v.kind !== ',' && v.kind !== 'end') {
          fail(`found '${v.text}', expected: identifier`);
        }
        const complaint = valueComplaints(key, operator, [value]);
        if (complaint) fail(complaint);
        reqs.push({ key, operator, values: [value] });
      } else if (op.kind === 'id' && (op.text === 'in' || op.text === 'notin')) {
        next();
        const values = parseValueSet(peek, next, fail);
        const complaint = valueComplaints(key, op.text as Operator, values);
        if (complaint) fail(complaint);
        reqs.push({ key, operator: op.text as Operator, values });
      } else {
        fail(`found '${op.text}', expected: in, notin, =, ==, !=, gt, lt`);
      }
    }
    const sep = peek();
    if (sep.kind === 'end') break;
    if (sep.kind !== ',') throw new SelectorParseError(`found '${sep.text}', expected: ',' or 'end of string'`);
    next();
    const after = peek();
    if (after.kind !== 'id' && after.kind !== '!') throw new SelectorParseError(`found '${after.text}', expected: identifier after ','`);
  }
  return reqs;
}

/**
 * `(a,b,...)` after in/notin, as apimachinery's parseValues reads it: a set, so sorted and each
 * once; empty places (`(a,)`, `()`) are the empty value.
 */
function parseValueSet(peek: () => Tok, next: () => Tok, fail: (msg: string) => never): string[] {
  if (peek().kind !== '(') fail(`found '${peek().text}' expected: '('`);
  next();
  const values = new Set<string>();
  const first = peek();
  if (first.kind === ')') {
    next();
    return [''];
  }
  if (first.kind !== 'id' && first.kind !== ',') fail(`found '${first.text}', expected: ',', ')' or identifier`);
  for (;;) {
    const t = next();
    if (t.kind === 'id') {
      values.add(t.text);
      const after = peek();
      if (after.kind === ',') continue;
      if (after.kind === ')') break;
      fail(`found '${after.text}', expected: ',' or ')'`);
    } else if (t.kind === ',') {
      if (values.size === 0) values.add('');
      const after = peek();
      if (after.kind === ')') {
        values.add('');
        break;
      }
      if (after.kind === ',') {
        next();
        values.add('');
      }
    } else {
      fail(`found '${t.text}', expected: ',', or identifier`);
    }
  }
  next();
  return [...values].sort();
}

export function matches(selector: Selector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return selector.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.operator) {
      case '=':
      case '==':
      case 'in':
        return has && r.values.includes(v!);
      case '!=':
      case 'notin':
        return !has || !r.values.includes(v!);
      case 'exists':
        return has;
      case '!':
        return !has;
      case 'gt':
      case 'lt': {
        if (!has || !/^-?\d+$/.test(v!)) return false;
        const n = parseInt(v!, 10);
        const bound = parseInt(r.values[0]!, 10);
        return r.operator === 'gt' ? n > bound : n < bound;
      }
    }
  });
}

/** metav1.LabelSelectorAsSelector. A null selector matches nothing; an empty one matches everything. */
export function fromLabelSelector(ls: LabelSelector | null | undefined): Selector | null {
  if (!ls) return null;
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(ls.matchLabels ?? {})) reqs.push({ key: k, operator: '=', values: [v] });
  for (const e of ls.matchExpressions ?? []) {
    const op: Operator =
      e.operator === 'In' ? 'in' : e.operator === 'NotIn' ? 'notin' : e.operator === 'Exists' ? 'exists' : '!';
    reqs.push({ key: e.key, operator: op, values: [...(e.values ?? [])] });
  }
  return reqs;
}

export function labelSelectorMatches(ls: LabelSelector | null | undefined, labels: Record<string, string> | undefined): boolean {
  const sel = fromLabelSelector(ls);
  return sel !== null && matches(sel, labels);
}

/** Map-style selector (Service, ReplicationController): empty or absent matches nothing here. */
export function mapSelectorMatches(sel: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!sel || Object.keys(sel).length === 0) return false;
  const l = labels ?? {};
  return Object.entries(sel).every(([k, v]) => l[k] === v);
}

/** Canonical string: requirements sorted by key, values sorted. */
export function selectorString(selector: Selector): string {
  const sorted = [...selector].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return sorted
    .map((r) => {
      const vals = [...r.values].sort();
      switch (r.operator) {
        case '=':
        case '==':
          return `${r.key}=${vals[0] ?? ''}`;
        case '!=':
          return `${r.key}!=${vals[0] ?? ''}`;
        case 'in':
          return `${r.key} in (${vals.join(',')})`;
        case 'notin':
          return `${r.key} notin (${vals.join(',')})`;
        case 'exists':
          return r.key;
        case '!':
          return `!${r.key}`;
        case 'gt':
          return `${r.key}>${r.values[0]}`;
        case 'lt':
          return `${r.key}<${r.values[0]}`;
      }
    })
    .join(',');
}

/** metav1.FormatLabelSelector: `<none>` for null/empty. */
export function formatLabelSelector(ls: LabelSelector | null | undefined): string {
  const sel = fromLabelSelector(ls);
  if (!sel || sel.length === 0) return '<none>';
  return selectorString(sel);
}

/** labels.FormatLabels: sorted `k=v,...` or `<none>`. */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  // labels.Set.String sorts the `k=v` strings, not the keys: `a.b/c=x` comes before `a=y`.
  const pairs = Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`).sort();
  return pairs.length === 0 ? '<none>' : pairs.join(',');
}
