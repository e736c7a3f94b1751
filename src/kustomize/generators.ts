/**
 * configMapGenerator and secretGenerator as kustomize runs them: key/value pairs from env files,
 * literals and files (in that order), ConfigMap values that are not UTF-8 in binaryData, Secret
 * values base64-encoded, labels and annotations from generatorOptions and the generator's own
 * options, and whether the name gets a hash suffix.
 */
import { isMap, type Json, type JsonMap } from '../api/merge/index.js';
import { setKey } from '../util/own.js';
import type { FileLoader } from './build.js';
import { KustomizeError } from './error.js';

export interface GeneratorOptions {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  disableNameSuffixHash?: boolean;
  immutable?: boolean;
}

export interface GeneratorArgs {
  name?: string;
  namespace?: string;
  behavior?: string;
  literals?: string[];
  files?: string[];
  envs?: string[];
  env?: string;
  type?: string;
  options?: GeneratorOptions;
}

export const GENERATOR_FIELDS = ['name', 'namespace', 'behavior', 'literals', 'files', 'envs', 'env', 'type', 'options', 'kvSources'];
const KNOWN = new Set(GENERATOR_FIELDS);

/** `"v"` or `'v'` loses its quotes, as kustomize's literal sources do. */
function unquote(v: string): string {
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) return v.slice(1, -1);
  return v;
}

function isUtf8(b: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

/** Lines of an env file: `KEY=VALUE` as written (keys unchecked), `#` comments and blank lines skipped, a bare `KEY` empty. */
function envPairs(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const raw of text.replace(/^\uFEFF/, '').split('\n')) {
    const line = raw.replace(/\r$/, '').replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    out.push(eq >= 0 ? [line.slice(0, eq), line.slice(eq + 1)] : [line, '']);
  }
  return out;
}

/** Builds one generated object; `hash` says whether its name gets the hash suffix. */
export function generate(kind: 'ConfigMap' | 'Secret', args: GeneratorArgs, global: GeneratorOptions, loader: FileLoader): { obj: JsonMap; hash: boolean } {
  for (const key of Object.keys(args)) {
    if (!KNOWN.has(key)) throw new KustomizeError(`invalid Kustomization: json: unknown field "${key}"`);
  }
  const name = String(args.name ?? '');
  const pairs: Array<[string, Buffer | string]> = [];
  const envFiles = [...(args.envs ?? []), ...(args.env ? [args.env] : [])];
  for (const f of envFiles) {
    const text = loader.read(String(f));
    for (const p of envPairs(text)) pairs.push(p);
  }
  for (const lit of args.literals ?? []) {
    const s = String(lit);
    const eq = s.indexOf('=');
    if (eq <= 0) throw new KustomizeError(`invalid literal source ${s}, expected key=value`);
    pairs.push([s.slice(0, eq), unquote(s.slice(eq + 1))]);
  }
  for (const src of args.files ?? []) {
    const s = String(src);
    const eq = s.indexOf('=');
    let key: string;
    let path: string;
    if (eq >= 0) {
      key = s.slice(0, eq);
      path = s.slice(eq + 1);
      if (key === '') throw new KustomizeError(`file source ${s} has an empty key`);
      if (path === '') throw new KustomizeError(`file source ${s} has an empty path`);
    } else {
      path = s;
      key = loader.baseName(s);
    }
    let content: Buffer;
    try {
      content = loader.readBytes(path);
    } catch (e) {
      if (e instanceof KustomizeError) throw new KustomizeError(`loading KV pairs: file sources: [${(args.files ?? []).join(' ')}]: ${e.message}`);
      throw e;
    }
    pairs.push([key, content]);
  }

  const data: JsonMap = {};
  const binaryData: JsonMap = {};
  const seen = new Set<string>();
  for (const [key, value] of pairs) {
    if (seen.has(key)) {
      throw new KustomizeError(`${kind.toLowerCase()} ${name} illegally repeats the key \`${key}\``);
    }
    seen.add(key);
    const buf = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    if (kind === 'Secret') setKey(data, key, buf.toString('base64'));
    else if (typeof value === 'string' || isUtf8(buf)) setKey(data, key, buf.toString('utf8'));
    else setKey(binaryData, key, buf.toString('base64'));
  }

  const local = isMap(args.options as unknown as Json) ? (args.options as GeneratorOptions) : {};
  const labels = { ...(global.labels ?? {}), ...(local.labels ?? {}) };
  const annotations = { ...(global.annotations ?? {}), ...(local.annotations ?? {}) };
  const meta: JsonMap = { name };
  if (args.namespace) meta.namespace = args.namespace;
  if (Object.keys(labels).length) meta.labels = stringValues(labels);
  if (Object.keys(annotations).length) meta.annotations = stringValues(annotations);
  const obj: JsonMap = { apiVersion: 'v1', kind, metadata: meta };
  if (Object.keys(data).length) obj.data = data;
  if (Object.keys(binaryData).length) obj.binaryData = binaryData;
  if (kind === 'Secret') obj.type = args.type ? String(args.type) : 'Opaque';
  if ((local.immutable ?? global.immutable) === true) obj.immutable = true;
  const disable = local.disableNameSuffixHash ?? global.disableNameSuffixHash;
  return { obj, hash: disable !== true };
}

function stringValues(m: Record<string, unknown>): JsonMap {
  const out: JsonMap = {};
  for (const [k, v] of Object.entries(m)) setKey(out, k, v === null || v === undefined ? '' : String(v));
  return out;
}
