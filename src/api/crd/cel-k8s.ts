/**
 * Part of the CEL libraries the API server adds to CEL for x-kubernetes-validations, on top of
 * what the evaluator has (strings, macros, timestamps): regex find/findAll, the list functions
 * (sum, min, max, isSorted, indexOf, lastIndexOf), and the checks isURL, isIP, isCIDR and
 * isQuantity. The typed values (url(), ip(), cidr(), quantity()) are not there: a rule using them
 * fails with the evaluator's message.
 */
import { requireFrom } from '../../util/lazy-require.js';

/** node:net, loaded on the first IP check: this module is part of every command's start-up. */
let net: typeof import('node:net') | undefined;
const isIP = (s: string): number => (net ??= requireFrom(import.meta.url)('node:net') as typeof import('node:net')).isIP(s);

interface CelEnvironment {
  registerFunction(spec: Record<string, unknown> | string, handler?: (...args: any[]) => unknown): unknown;
}

class CelLibraryError extends Error {}

const member = (env: CelEnvironment, receiverType: string, name: string, returnType: string, params: string[], handler: (...args: any[]) => unknown) =>
  env.registerFunction({ name, receiverType, returnType, params: params.map((type, i) => ({ name: `a${i}`, type })), handler });

/** CEL's ordering: ints (bigint), doubles, strings, bools compare with JavaScript's < once both sides are one kind. */
function less(a: unknown, b: unknown): boolean {
  return (a as number) < (b as number);
}

function extreme(list: unknown[], name: string, pick: (a: unknown, b: unknown) => boolean): unknown {
  if (list.length === 0) throw new CelLibraryError(`${name} called on empty list`);
  return list.reduce((best, v) => (pick(v, best) ? v : best));
}

const equal = (a: unknown, b: unknown) => a === b || JSON.stringify(a, big) === JSON.stringify(b, big);
const big = (_k: string, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v);

/** A Kubernetes quantity: a signed decimal number, then a binary (Ki..Ei) or decimal (n..E) suffix or an exponent. */
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

function isCIDR(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const version = isIP(s.slice(0, slash));
  const bits = s.slice(slash + 1);
  if (version === 0 || !/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (version === 4 ? 32 : 128);
}

/** Go's url.ParseRequestURI, roughly: an absolute URL (scheme:...) or an absolute path. */
function isURL(s: string): boolean {
  if (s.startsWith('/')) return !/\s/.test(s);
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(s)) return false;
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

export function registerKubernetesLibraries(env: CelEnvironment): void {
  member(env, 'string', 'find', 'string', ['string'], (s: string, re: string) => new RegExp(re).exec(s)?.[0] ?? '');
  member(env, 'string', 'findAll', 'list', ['string'], (s: string, re: string) => [...s.matchAll(new RegExp(re, 'g'))].map((m) => m[0]));
  member(env, 'string', 'findAll', 'list', ['string', 'int'], (s: string, re: string, n: bigint) => {
    const all = [...s.matchAll(new RegExp(re, 'g'))].map((m) => m[0]);
    return n < 0n ? all : all.slice(0, Number(n));
  });
  member(env, 'list', 'sum', 'dyn', [], (l: unknown[]) => (l.length === 0 ? 0n : l.reduce((a: any, b: any) => a + b)));
  member(env, 'list', 'min', 'dyn', [], (l: unknown[]) => extreme(l, 'min', less));
  member(env, 'list', 'max', 'dyn', [], (l: unknown[]) => extreme(l, 'max', (a, b) => less(b, a)));
  member(env, 'list', 'isSorted', 'bool', [], (l: unknown[]) => l.every((v, i) => i === 0 || !less(v, l[i - 1])));
  member(env, 'list', 'indexOf', 'int', ['dyn'], (l: unknown[], x: unknown) => BigInt(l.findIndex((v) => equal(v, x))));
  member(env, 'list', 'lastIndexOf', 'int', ['dyn'], (l: unknown[], x: unknown) => {
    for (let i = l.length - 1; i >= 0; i--) if (equal(l[i], x)) return BigInt(i);
    return -1n;
  });
  env.registerFunction('isURL(string): bool', isURL);
  env.registerFunction('isIP(string): bool', (s: string) => isIP(s) !== 0);
  env.registerFunction('isCIDR(string): bool', isCIDR);
  env.registerFunction('isQuantity(string): bool', (s: string) => QUANTITY.test(s));
}
