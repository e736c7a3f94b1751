/**
 * The versions a store's derived data carries (scripts/store-versions.mjs): a build that changed
 * only a verb keeps them all; one that changed a controller, the settle's; one that changed what
 * the index functions run, the indexes' too.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, test } from 'node:test';
import { REPO_ROOT } from '../helpers/cli.js';

type Versions = Record<'__KL_SETTLE_BUILD__' | '__KL_INDEX_BUILD__' | '__KL_SUMMARY_BUILD__', string>;
type StoreVersions = (opts: { root: string; read?: (path: string) => string | Buffer }) => Promise<Versions>;

let storeVersions: StoreVersions;
let base: Versions;

before(async () => {
  ({ storeVersions } = (await import(pathToFileURL(join(REPO_ROOT, 'scripts', 'store-versions.mjs')).href)) as { storeVersions: StoreVersions });
  base = await storeVersions({ root: REPO_ROOT });
});

/** The versions with one compiled module's text changed. */
function changed(module: string): Promise<Versions> {
  const read = (path: string) => {
    const text = readFileSync(join(REPO_ROOT, path), 'utf8');
    return path === module ? `${text}\n// changed\n` : text;
  };
  return storeVersions({ root: REPO_ROOT, read });
}

test('store versions: the bundles carry them', () => {
  const bundle = readFileSync(join(REPO_ROOT, 'dist', 'bundle', 'kubectl-lite-core.cjs'), 'latin1');
  assert.ok(bundle.includes(`"${base.__KL_SETTLE_BUILD__}"`), 'the settle version');
  assert.ok(bundle.includes(`"1:${base.__KL_INDEX_BUILD__}"`), 'the index version');
  assert.ok(bundle.includes(`"1:${base.__KL_SUMMARY_BUILD__}"`), 'the summaries version');
});

test('store versions: a changed verb or printer keeps every one', async () => {
  assert.deepEqual(await changed('dist/src/cli/get.js'), base);
  assert.deepEqual(await changed('dist/src/printers/describe/pod.js'), base);
});

test('store versions: a changed controller changes the settle\'s only', async () => {
  const v = await changed('dist/src/controllers/kubelet.js');
  assert.notEqual(v.__KL_SETTLE_BUILD__, base.__KL_SETTLE_BUILD__);
  assert.equal(v.__KL_INDEX_BUILD__, base.__KL_INDEX_BUILD__);
  assert.equal(v.__KL_SUMMARY_BUILD__, base.__KL_SUMMARY_BUILD__);
});

test('store versions: a change in what the index functions run changes the indexes\' and the settle\'s', async () => {
  const v = await changed('dist/src/sim/pods.js');
  assert.notEqual(v.__KL_SETTLE_BUILD__, base.__KL_SETTLE_BUILD__);
  assert.notEqual(v.__KL_INDEX_BUILD__, base.__KL_INDEX_BUILD__);
  const s = await changed('dist/src/api/list-summaries.js');
  assert.notEqual(s.__KL_SUMMARY_BUILD__, base.__KL_SUMMARY_BUILD__);
  assert.equal(s.__KL_INDEX_BUILD__, base.__KL_INDEX_BUILD__);
});

test('store versions: a change in the store changes every one', async () => {
  const v = await changed('dist/src/store/file-store.js');
  for (const name of Object.keys(base) as Array<keyof Versions>) assert.notEqual(v[name], base[name], name);
});
