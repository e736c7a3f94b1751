/**
 * An object holding a character go-yaml's reader refuses (DEL, a C1 control, U+FFFE) in the JSON
 * kubectl converts to YAML: every YAML output is `error: yaml: control characters are not allowed`
 * with nothing printed, a List with one such item too; diff fails the same way (exit 2); JSON and
 * jsonpath print it. go-yaml's other quirks as kubectl shows them: a leading BOM escapes every
 * character, and a NEL followed by a document marker is a read error. Against the real kubectl through serve; skipped, saying so, without kubectl.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { diffStable, serveForSuite } from './serve-helpers.js';

const configMap = (name: string, value: string) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: value } });
const REFUSED = { stdout: '', stderr: 'error: yaml: control characters are not allowed\n', code: 1 };

describe('YAML of an object go-yaml cannot read back: what the real kubectl prints through serve', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  let dir = '';
  const suite = serveForSuite((served) => {
    dir = served.kubeconfig.replace(/\/kubeconfig$/, '');
    const files: Record<string, string> = {
      'del.json': configMap('del', 'a\u007fb'),
      'c1.json': configMap('c1', 'a\u009fb'),
      'nel.json': configMap('nel', 'a\u0085b'),
      'bom.json': configMap('bom', '\ufeffa b:\u00e9\u65e5\n\u2028'),
      'neltab.json': configMap('neltab', 'a \u0085\t b'),
      'marker.json': JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'marker' }, data: { a: '\u0085\u0085', b: 'x\u0085--- y' } }),
    };
    for (const [file, text] of Object.entries(files)) {
      writeFileSync(join(dir, file), text);
      assert.equal(served.lite(['apply', '-f', join(dir, file)]).code, 0, file);
    }
  });

  test('get -o yaml of the object, of a List holding it, apply view-last-applied, a client dry run: the error, nothing printed', async () => {
    assert.deepEqual(await suite.same('get configmap del -o yaml'), REFUSED);
    assert.deepEqual(await suite.same('get configmap c1 -o yaml'), REFUSED);
    assert.deepEqual(await suite.same('get configmaps -o yaml'), REFUSED);
    assert.deepEqual(await suite.same('apply view-last-applied configmap del'), REFUSED);
    assert.deepEqual(await suite.same(['create', 'configmap', 'x', '--from-literal=k=\u007f', '--dry-run=client', '-o', 'yaml']), REFUSED);
  });

  test("go-yaml's quirks: a leading BOM escapes every character, NEL folds around an escaped tab, a document marker after a NEL is a read error on its line", async () => {
    assert.match((await suite.same('get configmap bom -o yaml')).stdout, /\n {2}k: "\\uFEFF\\x61\\x20\\x62\\x3A\\xE9\\u65E5\\n\\L"\n/);
    await suite.same('get configmap neltab -o yaml');
    assert.deepEqual(await suite.same('get configmap marker -o yaml'), { ...REFUSED, stderr: 'error: yaml: line 4: found unexpected document indicator\n' });
  });

  test('NEL reads back (folded), JSON and jsonpath print DEL; diff of the object fails with exit 2', async () => {
    assert.match((await suite.same('get configmap nel -o yaml')).stdout, /\n {2}k: a b\n/);
    assert.equal((await suite.same('get configmap del -o jsonpath={.data.k}')).stdout, 'a\u007fb');
    await suite.same('get configmap del -o json');
    // A List's items are written from their stored bytes: DEL as it stands.
    assert.match((await suite.same('get configmaps -o json')).stdout, /"k": "a\u007fb"/);
    assert.deepEqual(diffStable(await suite.same(['diff', '-f', join(dir, 'del.json')], diffStable)), { ...REFUSED, code: 2 });
  });
});
