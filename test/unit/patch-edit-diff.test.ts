import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinRegistry } from '../../src/api/registry.js';
import type { KubeObject } from '../../src/api/types.js';
import { diffFileName, maskSecrets } from '../../src/cli/diff.js';
import { editHeader, editorFromEnv, manualStrip, stripComments } from '../../src/cli/edit.js';
import { goJsonSyntaxError } from '../../src/api/go-json-scan.js';
import { patchBody } from '../../src/cli/patch.js';

test('goJsonSyntaxError words errors as Go encoding/json does', () => {
  assert.equal(goJsonSyntaxError('{"a":1}'), undefined);
  assert.equal(goJsonSyntaxError('{bad'), "invalid character 'b' looking for beginning of object key string");
  assert.equal(goJsonSyntaxError('{"a":'), 'unexpected end of JSON input');
  assert.equal(goJsonSyntaxError('{"a":x}'), "invalid character 'x' looking for beginning of value");
  assert.equal(goJsonSyntaxError('{"a":1}}'), "invalid character '}' after top-level value");
});

test('patchBody passes JSON through and converts YAML', () => {
  assert.equal(patchBody('{"a": 1}'), '{"a": 1}');
  assert.equal(patchBody('a: 1\nb: [x]'), '{"a":1,"b":["x"]}');
  assert.throws(() => patchBody('a: b: c'), /unable to parse "a: b: c": yaml: mapping values are not allowed in this context/);
});

test('diffFileName: [group.]version.Kind.namespace.name', () => {
  const deploy = builtinRegistry.resolve('deployments');
  const ns = builtinRegistry.resolve('namespaces');
  assert.equal(diffFileName({ type: deploy, namespace: 'default', name: 'web' }), 'apps.v1.Deployment.default.web');
  assert.equal(diffFileName({ type: ns, namespace: undefined, name: 'team' }), 'v1.Namespace..team');
});

test('maskSecrets: equal values ***, changed values *** (before)/(after), others untouched', () => {
  const live = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'YQ==', b: 'Yg==', gone: 'eA==' } } as unknown as KubeObject;
  const merged = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'YQ==', b: 'Yw==', added: 'eQ==' } } as unknown as KubeObject;
  maskSecrets(live, merged);
  assert.deepEqual(live.data, { a: '***', b: '*** (before)', gone: '***' });
  assert.deepEqual(merged.data, { a: '***', b: '*** (after)', added: '***' });
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } } as unknown as KubeObject;
  maskSecrets(undefined, cm);
  assert.deepEqual(cm.data, { a: '1' });
});

test('edit header lists reasons; multi-line reasons stay comments', () => {
  const h = editHeader([{ head: 'pods "x" was not valid', other: ['spec: bad\nsecond line'] }, { head: 'The edited file had a syntax error: y', other: [] }]);
  assert.ok(h.endsWith('#\n# pods "x" was not valid:\n# * spec: bad\n# second line\n#\n# The edited file had a syntax error: y\n#\n'), h);
});

test('comments are stripped for comparison; YAML compares by content', () => {
  assert.equal(manualStrip('# c\na: 1\n  # d\n#!keep\n'), 'a: 1\n#!keep\n');
  assert.equal(stripComments('# header\nb: 2\na: 1\n'), stripComments('a: 1\nb: 2\n'));
  assert.equal(stripComments('a: [\n# x\n'), 'a: [\n');
});

test('editor: KUBE_EDITOR, then EDITOR, else vi; quoting goes through the shell', () => {
  assert.deepEqual(editorFromEnv({}), { args: ['vi'], shell: false });
  assert.deepEqual(editorFromEnv({ EDITOR: 'nano -w', KUBE_EDITOR: '' }), { args: ['nano', '-w'], shell: false });
  assert.deepEqual(editorFromEnv({ KUBE_EDITOR: 'code --wait', EDITOR: 'nano' }), { args: ['code', '--wait'], shell: false });
  assert.deepEqual(editorFromEnv({ KUBE_EDITOR: "sed -i 's/a/b/'", SHELL: '/bin/bash' }), { args: ['/bin/bash', '-c', "sed -i 's/a/b/'"], shell: true });
});
