/**
 * -o yaml and -o json over every manifest of the shared corpus of real-world files
 * (ConfigMaps with scripts, CRD-heavy installs, long annotations), against real kubectl.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { builtinRegistry } from '../../src/api/registry.js';
import type { KubeObject } from '../../src/api/types.js';
import { test } from 'node:test';
import { SHARED, skipWithoutShared } from '../helpers/cli.js';
import { defineOracleSuite } from './format-harness.js';

function files(dir: string): string[] {
  let out: string[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  for (const e of entries.sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out = out.concat(files(p));
    else if (/\.ya?ml$/.test(e)) out.push(p);
  }
  return out;
}

function corpusObjects(): KubeObject[] {
  const seen = new Set<string>();
  const objects: KubeObject[] = [];
  for (const f of files(join(SHARED, 'corpus'))) {
    let docs: unknown[];
    try {
      docs = yaml.loadAll(readFileSync(f, 'utf8'), undefined, { schema: yaml.JSON_SCHEMA });
    } catch {
      continue;
    }
    for (const d of docs) {
      const o = d as KubeObject;
      if (!o || typeof o !== 'object' || !o.kind || !o.apiVersion || !o.metadata?.name || typeof o.metadata.name !== 'string') continue;
      const t = builtinRegistry.forKind(o.apiVersion, o.kind);
      if (!t) continue;
      if (t.namespaced) o.metadata.namespace = 'default';
      else delete o.metadata.namespace;
      const key = `${t.plural}/${o.metadata.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      objects.push(JSON.parse(JSON.stringify(o)));
    }
  }
  return objects;
}

const objects = corpusObjects();
const types = [...new Set(objects.map((o) => builtinRegistry.forKind(o.apiVersion, o.kind)!))];
const cases = types.flatMap((t) => {
  const name = t.group ? `${t.plural}.${t.group}` : t.plural;
  return [
    ['get', name, '-o', 'yaml'],
    ['get', name, '-o', 'json'],
    ['get', name, '-o', 'jsonpath={.items[*].metadata.annotations}'],
    ['get', name, '-o', 'custom-columns=NAME:.metadata.name,LABELS:.metadata.labels,SPEC:.spec'],
  ];
});
const skip = skipWithoutShared('corpus');
// Without the corpus there is nothing to compare (and a suite without tests would not stop its server).
if (skip) test('corpus -o yaml/json against real kubectl', { skip }, () => {});
else defineOracleSuite('corpus', objects, cases);
