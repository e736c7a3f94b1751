import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinRegistry } from '../../src/api/registry.js';
import type { KubeObject } from '../../src/api/types.js';
import { CliError } from '../../src/errors.js';
import { isObjectFormat, printObjects, type PrintRequest } from '../../src/printers/format.js';
import { sortByJsonPath, sortTableRows, UnsortableError } from '../../src/printers/sort.js';

const pods = builtinRegistry.resolve('pods');
const deploys = builtinRegistry.resolve('deploy');
const pod = (name: string, extra: Partial<KubeObject> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', managedFields: [{ manager: 'kubectl' }] },
  ...extra,
});

async function print(req: Partial<PrintRequest> & { output: string; items: PrintRequest['items'] }): Promise<string> {
  let out = '';
  await printObjects({ single: false, cwd: '/', ...req, out: { write: (s) => void (out += s) } });
  return out;
}

test('format: which -o values are object formats', () => {
  assert.equal(isObjectFormat('yaml'), true);
  assert.equal(isObjectFormat('jsonpath={.a}'), true);
  assert.equal(isObjectFormat('wide'), false);
  assert.equal(isObjectFormat(''), false);
});

test('format: -o name is group-qualified; -o json wraps several objects in a List without managedFields', async () => {
  const d: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } };
  assert.equal(await print({ output: 'name', items: [{ object: pod('a'), type: pods }, { object: d, type: deploys }] }), 'pod/a\ndeployment.apps/web\n');
  assert.equal(
    await print({ output: 'json', items: [] }),
    '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n',
  );
  assert.equal(
    await print({ output: 'yaml', single: true, items: [{ object: pod('a'), type: pods }] }),
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  namespace: default\n',
  );
});

test('format: --sort-by on object formats, and its error when no object has the field', async () => {
  const items = [pod('b'), pod('a')].map((object) => ({ object, type: pods }));
  assert.equal(await print({ output: 'jsonpath={.items[*].metadata.name}', items, sortBy: '.metadata.name' }), 'a b');
  await assert.rejects(
    print({ output: 'name', items, sortBy: '.status.foo' }),
    new CliError('couldn\'t find any field with path "{.status.foo}" in the list of objects'),
  );
  const self = (p: KubeObject) => p;
  assert.equal(sortTableRows([pod('b'), pod('a')], '.status.foo', self), undefined);
  assert.deepEqual(sortTableRows([pod('b'), pod('a')], '{.metadata.name}', self)!.map((p) => p.metadata.name), ['a', 'b']);
  // A table takes a path that is not a relaxed one as it is; one that does not parse sorts nothing.
  assert.deepEqual(sortTableRows([pod('b'), pod('a')], '{.metadata.name}{.x}', self)!.map((p) => p.metadata.name), ['a', 'b']);
  assert.equal(sortTableRows([pod('b'), pod('a')], '{.metadata.name', self), undefined);
  await assert.rejects(print({ output: 'name', items, sortBy: '{.metadata.name}{.x}' }), /unexpected path string/);
});

test('sort: values kubectl cannot compare (maps, lists, bools, two kinds) are its isLess errors', () => {
  const withValue = (name: string, v: unknown) => ({ ...pod(name), spec: { v } }) as KubeObject;
  const reason = (values: unknown[]) => {
    try {
      sortByJsonPath(values.map((v, i) => withValue(`p${i}`, v)), '.spec.v');
      return 'sorted';
    } catch (e) {
      return e instanceof UnsortableError ? `${e.field} ${e.reason} ${e.rows}` : String(e);
    }
  };
  assert.equal(reason([true, false]), '{.spec.v} unsortable type: bool false');
  assert.equal(reason([{ a: 1 }, { b: 1 }]), '{.spec.v} unsortable type: map[string]interface {} false');
  assert.equal(reason([[1], [2]]), '{.spec.v} unsortable type: []interface {} false');
  assert.equal(reason([1, 'a']), '{.spec.v} unsortable interface: interface false');
  assert.equal(reason([1, 1.5]), '{.spec.v} unsortable interface: interface false');
  assert.equal(reason([2, 1, null]), 'sorted');
  assert.equal(reason(['1Gi', '2Mi', 'b']), 'sorted');
});

test('format: unknown formats and template errors use kubectl wording', async () => {
  await assert.rejects(print({ output: 'foo', items: [] }), /unable to match a printer suitable for the output format "foo", allowed formats are: custom-columns,/);
  await assert.rejects(print({ output: 'jsonpath={.items[', items: [] }), new CliError('error parsing jsonpath {.items[, unterminated array\n'));
  await assert.rejects(print({ output: 'jsonpath', items: [] }), new CliError('template format specified but no template given'));
});
