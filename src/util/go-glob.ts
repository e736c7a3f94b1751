/**
 * File name patterns as Go's path/filepath reads them (Match and Glob, on Unix), which kubectl's
 * builder applies to an -f path that does not exist: `kubectl apply -f 'manifests/*.yaml'`, quoted
 * so that the shell leaves it alone, reads every file it matches.
 *
 * The syntax: `*` any run of characters but `/`, `?` one character but `/`, `[...]` one character of
 * a class (`^` first negates it; `a-z` ranges; `\` escapes), `\c` the character c. A class must hold
 * at least one character or range, and `-` or `]` in it must be escaped: anything else is Go's
 * ErrBadPattern, `syntax error in pattern`.
 */
import { readdirSync, lstatSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export class BadPatternError extends Error {
  constructor() {
    super('syntax error in pattern');
  }
}

type Token =
  | { kind: 'star' }
  | { kind: 'any' }
  | { kind: 'char'; char: string }
  | { kind: 'class'; negated: boolean; ranges: Array<[lo: number, hi: number]> };

/** Whether `path` has any of the characters that make it a pattern (`\` among them, on Unix). */
export function hasGlobMeta(path: string): boolean {
  return /[*?[\\]/.test(path);
}

/** One character of a class: itself, or the one after a `\`. */
function classChar(chars: string[], at: number): [code: number, next: number] {
  let i = at;
  const c = chars[i];
  if (c === undefined || c === '-' || c === ']') throw new BadPatternError();
  if (c === '\\') {
    i++;
    if (chars[i] === undefined) throw new BadPatternError();
  }
  return [chars[i]!.codePointAt(0)!, i + 1];
}

/** The pattern's tokens; a pattern Go would refuse throws BadPatternError, whatever it is matched against. */
function compile(pattern: string): Token[] {
  const chars = Array.from(pattern);
  const tokens: Token[] = [];
  for (let i = 0; i < chars.length; ) {
    const c = chars[i]!;
    if (c === '*') {
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' });
      i++;
    } else if (c === '?') {
      tokens.push({ kind: 'any' });
      i++;
    } else if (c === '\\') {
      if (chars[i + 1] === undefined) throw new BadPatternError();
      tokens.push({ kind: 'char', char: chars[i + 1]! });
      i += 2;
    } else if (c === '[') {
      i++;
      const negated = chars[i] === '^';
      if (negated) i++;
      const ranges: Array<[number, number]> = [];
      for (;;) {
        if (chars[i] === ']' && ranges.length > 0) {
          i++;
          break;
        }
        const [lo, afterLo] = classChar(chars, i);
        let hi = lo;
        i = afterLo;
        if (chars[i] === '-') [hi, i] = classChar(chars, i + 1);
        // A class that runs to the end of the pattern is never closed.
        if (i >= chars.length) throw new BadPatternError();
        ranges.push([lo, hi]);
      }
      tokens.push({ kind: 'class', negated, ranges });
    } else {
      tokens.push({ kind: 'char', char: c });
      i++;
    }
  }
  return tokens;
}

function matchesFrom(tokens: Token[], t: number, name: string[], n: number): boolean {
  for (; t < tokens.length; t++) {
    const token = tokens[t]!;
    if (token.kind === 'star') {
      // The rest of the pattern after any run of the name that holds no separator.
      for (let end = n; end <= name.length; end++) {
        if (matchesFrom(tokens, t + 1, name, end)) return true;
        if (name[end] === '/') return false;
      }
      return false;
    }
    const c = name[n];
    if (c === undefined) return false;
    if (token.kind === 'any') {
      if (c === '/') return false;
    } else if (token.kind === 'char') {
      if (c !== token.char) return false;
    } else {
      const code = c.codePointAt(0)!;
      const inClass = token.ranges.some(([lo, hi]) => lo <= code && code <= hi);
      if (inClass === token.negated) return false;
    }
    n++;
  }
  return n === name.length;
}

/** Go's filepath.Match: whether `name` matches `pattern` as a whole. */
export function goMatch(pattern: string, name: string): boolean {
  return matchesFrom(compile(pattern), 0, Array.from(name), 0);
}

/** Go's filepath.Clean of a pattern's directory part, as Glob takes it (`a/` is `a`, `` is `.`). */
function dirOf(pattern: string): [dir: string, file: string] {
  const slash = pattern.lastIndexOf('/');
  const dir = pattern.slice(0, slash + 1);
  const file = pattern.slice(slash + 1);
  if (dir === '') return ['.', file];
  if (dir === '/') return ['/', file];
  return [dir.slice(0, -1), file];
}

/** Go's filepath.Join of a directory Glob walked and a name in it (`.` drops out). */
function joined(dir: string, name: string): string {
  return dir === '.' ? name : join(dir, name);
}

/** The names in `dir` (relative to `cwd`) that match `file`, sorted as Go sorts strings; none when it is not a readable directory. */
function matchesIn(cwd: string, dir: string, file: string): string[] {
  const path = resolve(cwd, dir);
  let names: string[];
  try {
    if (!statSync(path).isDirectory()) return [];
    names = readdirSync(path);
  } catch {
    return [];
  }
  const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
  return names.sort(byBytes).filter((n) => goMatch(file, n)).map((n) => joined(dir, n));
}

/**
 * Go's filepath.Glob, paths relative to `cwd`: the paths that match, as the pattern writes them
 * (sorted within each directory); a pattern without meta characters is itself if it exists.
 * Throws BadPatternError for a malformed pattern, before looking at any directory.
 */
export function goGlob(pattern: string, cwd: string): string[] {
  compile(pattern);
  if (!hasGlobMeta(pattern)) {
    try {
      lstatSync(resolve(cwd, pattern));
      return [pattern];
    } catch {
      return [];
    }
  }
  const [dir, file] = dirOf(pattern);
  if (!hasGlobMeta(dir)) return matchesIn(cwd, dir, file);
  if (dir === pattern) throw new BadPatternError();
  return goGlob(dir, cwd).flatMap((d) => matchesIn(cwd, d, file));
}
