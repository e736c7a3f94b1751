/**
 * Nulls in a manifest that apply creates from: the object kubectl creates has none of its map
 * fields that are null (a list's null items stay), its last-applied annotation keeps them; and
 * kubectl reads the annotations through an accessor that gives none where one is null, so the
 * manifest's other annotations are dropped with it. Against the real kubectl through serve, each
 * client creating its own object; skipped, saying so, without kubectl.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { blobCrd, clients, serveForSuite } from './serve-helpers.js';

const CRD = blobCrd('nulls.example.com');
const blob = (name: string) =>
  JSON.stringify({ apiVersion: 'nulls.example.com/v1', kind: 'Blob', metadata: { name, labels: null }, spec: { a: null, arr: [{ x: null, y: 1 }, null], m: { n: { o: null } } } });
const configMap = (name: string) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { x: null }, annotations: { a: 'kept?', q: null } }, data: { b: '1', c: null } });

describe('apply of a manifest with nulls: what the real kubectl creates through serve', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  let dir = '';
  const suite = serveForSuite((served) => {
    dir = served.kubeconfig.replace(/\/kubeconfig$/, '');
    writeFileSync(join(dir, 'crd.yaml'), CRD);
    assert.equal(served.lite(['apply', '-f', join(dir, 'crd.yaml')]).code, 0);
    for (const name of ['real', 'lite']) {
      writeFileSync(join(dir, `blob-${name}.json`), blob(name));
      writeFileSync(join(dir, `cm-${name}.json`), configMap(name));
    }
  });

  test('the created objects and their annotations are the same from either client', async () => {
    const shown: Record<string, string[]> = {};
    for (const [name, run] of clients(suite.served)) {
      for (const file of [`blob-${name}.json`, `cm-${name}.json`]) assert.equal((await run(['apply', '-f', join(dir, file)])).code, 0, `${name} ${file}`);
      const get = async (what: string) => (await suite.served.kubectl(['get', what, name, '-o', 'json'])).stdout.replace(/"(uid|resourceVersion|creationTimestamp)": "[^"]*"/g, '').replaceAll(name, 'NAME');
      shown[name] = [await get('blob'), await get('configmap')];
    }
    assert.deepEqual(shown.lite, shown.real);
    const [created, cm] = shown.real!;
    assert.match(created!, /"spec": \{\n {8}"arr": \[\n {12}\{\n {16}"y": 1\n {12}\},\n {12}null\n {8}\],\n {8}"m": \{\n {12}"n": \{\}/);
    assert.match(created!, /\\"spec\\":\{\\"a\\":null,/);
    assert.doesNotMatch(cm!, /kept\?/);
  });
});
