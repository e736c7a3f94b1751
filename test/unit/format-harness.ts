/** Runs our printer as `get` will and compares with real kubectl (shared by the format*.test.ts suites). */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { builtinRegistry } from '../../src/api/registry.js';
import type { KubeObject } from '../../src/api/types.js';
import { renderError } from '../../src/errors.js';
import { printObjects } from '../../src/printers/format.js';
import { kubectlAvailable, SKIP_NO_KUBECTL, startOracle, type Oracle } from '../helpers/oracle.js';

export interface Ours {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs our printer for `get TYPE [NAME...] -o ...` over `objects` the way get will. */
export async function ours(objects: KubeObject[], args: string[], cwd: string): Promise<Ours> {
  const rest = args.slice(1);
  const type = builtinRegistry.resolve(rest[0]!);
  const names: string[] = [];
  let output = '';
  let sortBy: string | undefined;
  let template: string | undefined;
  let noHeaders = false;
  let showManagedFields = false;
  let allowMissingKeys = true;
  for (let i = 1; i < rest.length; i++) {
    const a = rest[i]!;
    const value = () => (a.includes('=') ? a.slice(a.indexOf('=') + 1) : rest[++i]!);
    if (a === '-o' || a.startsWith('--output') || a.startsWith('-o=')) output = value();
    else if (a.startsWith('--sort-by')) sortBy = value();
    else if (a.startsWith('--template')) template = value();
    else if (a === '--no-headers') noHeaders = true;
    else if (a === '--show-managed-fields') showManagedFields = true;
    else if (a.startsWith('--allow-missing-template-keys')) allowMissingKeys = !a.endsWith('=false');
    else names.push(a);
  }
  const inType = objects.filter((o) => builtinRegistry.forKind(o.apiVersion, o.kind) === type);
  const picked = names.length ? names.map((n) => inType.find((o) => o.metadata.name === n)!) : inType;
  let stdout = '';
  try {
    await printObjects({
      output,
      template,
      sortBy,
      noHeaders,
      showManagedFields,
      allowMissingKeys,
      single: names.length === 1,
      items: picked.map((object) => ({ object, type })),
      cwd,
      out: { write: (s) => void (stdout += s) },
    });
    return { stdout, stderr: '', code: 0 };
  } catch (e) {
    const text = renderError(e);
    return { stdout, stderr: text.endsWith('\n') ? text : text + '\n', code: 1 };
  }
}

export function defineOracleSuite(name: string, objects: KubeObject[], cases: string[][], files: Record<string, string> = {}): void {
  let oracle: Oracle;
  let dir: string;
  // The oracle is stopped after the last test: with none, it would keep the process alive.
  if (cases.length === 0) return;
  const skip = !kubectlAvailable() && SKIP_NO_KUBECTL;
  before(async () => {
    if (skip) return;
    oracle = await startOracle(objects);
    dir = mkdtempSync(join(tmpdir(), 'format-oracle-'));
    for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  });
  after(async () => {
    if (skip) return;
    await oracle.close();
    rmSync(dir, { recursive: true, force: true });
  });
  for (const args of cases) {
    test(`${name}: kubectl ${args.join(' ')}`, { skip }, async () => {
      const fileArgs = args.map((a) => a.replace(/@DIR@/g, dir));
      const want = await oracle.kubectl(fileArgs);
      const got = await ours(objects, fileArgs, dir);
      assert.deepEqual({ ...got, stderr: got.stderr.replaceAll(dir, '@DIR@') }, { ...want, stderr: want.stderr.replaceAll(dir, '@DIR@') });
    });
  }
}

