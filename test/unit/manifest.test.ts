import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { join } from 'node:path';
import { checkTypeMeta, loadYamlSupport, parseManifest, readInputs, readManifestStream } from '../../src/api/manifest.js';
import { CliError } from '../../src/errors.js';
import { skipWithoutShared, tempHome } from '../helpers/cli.js';

await loadYamlSupport();
const parse = (text: string, source = 'f.yaml') => parseManifest({ source, text });
const names = (text: string) => parse(text).map((d) => `${d.object.kind}/${d.object.metadata?.name}`);

test('multi-document YAML: one document per object, empty documents skipped, source kept', () => {
  const text = '---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n---\n# only a comment\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\n...\n';
  const docs = parse(text);
  assert.deepEqual(docs.map((d) => `${d.object.kind}/${d.object.metadata.name}`), ['Pod/a', 'Service/b']);
  assert.deepEqual(docs.map((d) => d.source), ['f.yaml', 'f.yaml']);
});

test('flow-style YAML, JSON, JSON streams and Lists', () => {
  assert.deepEqual(names('apiVersion: v1\nkind: Pod\nmetadata: {name: a, labels: {x: "1"}}\n'), ['Pod/a']);
  // Like kubectl, a stream starting with `{` is read as JSON, so flow-style YAML at the top level is refused.
  assert.throws(() => parse('{apiVersion: v1, kind: Pod, metadata: {name: a}}\n', 'flow.yaml'), {
    message: "error parsing flow.yaml: json: offset 2: invalid character 'a' looking for beginning of object key string",
  });
  assert.throws(() => parse('  {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a"}}\n---\n{}', 'js3.yaml'), {
    message: "error parsing js3.yaml: json: offset 67: invalid character '-' in numeric literal",
  });
  assert.deepEqual(names('{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}}\n{"apiVersion":"v1","kind":"Pod","metadata":{"name":"b"}}'), ['Pod/a', 'Pod/b']);
  assert.deepEqual(
    names('apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n- apiVersion: v1\n  kind: Service\n  metadata: {name: b}\n'),
    ['Pod/a', 'Service/b'],
  );
  assert.deepEqual(names('{"apiVersion":"v1","kind":"PodList","items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"}}]}'), ['Pod/p']);
  assert.deepEqual(names('apiVersion: v1\nkind: PodList\nitems: []\n'), []);
  // Any document with items (a list, or null) is a List to kubectl's decoder, whatever its kind.
  assert.deepEqual(names('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nitems: null\n'), []);
  assert.deepEqual(names('apiVersion: v1\nkind: Service\nitems: [{apiVersion: v1, kind: Pod, metadata: {name: p}}]\n'), ['Pod/p']);
});

test('YAML 1.1 scalars as go-yaml reads them: yes/on are booleans, 0644 is octal', () => {
  const [doc] = parse('kind: X\na: yes\nb: "yes"\nc: 0644\nd: 2024-01-01\ne: 1.5\n');
  assert.deepEqual(doc!.object, { kind: 'X', a: true, b: 'yes', c: 420, d: '2024-01-01', e: 1.5 });
  // Keys too (checked against kubectl create --dry-run=client -o json): `n:` becomes "false", `y:`/`on:` "true".
  const [cm] = parse('kind: ConfigMap\ndata:\n  n: "x"\n  y: "z"\n  on: "q"\n');
  assert.deepEqual(cm!.object.data, { false: 'x', true: 'q' });
});

test('a nested List is refused as kubectl does', () => {
  const text = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: List\n  items:\n  - apiVersion: v1\n    kind: Pod\n';
  assert.throws(() => parse(text), { message: '*unstructured.Unstructured is not a list: no Items field in this object' });
});

// Expected messages captured from real kubectl v1.32 (`kubectl apply -f <file>`).
const YAML_ERRORS: Array<[string, string]> = [
  ['apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n labels: y\n', 'yaml: line 4: did not find expected key'],
  ['apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n    labels: y\n', 'yaml: line 5: mapping values are not allowed in this context'],
  ['apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers: [a, b\n  foo: 1\n', "yaml: line 6: did not find expected ',' or ']'"],
  ['apiVersion: v1\nkind: Pod\nmetadata:\n  name: x: y\n', 'yaml: line 4: mapping values are not allowed in this context'],
  ['apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n', 'yaml: line 4: found character that cannot start any token'],
  ['apiVersion: v1\nkind: Pod\nmetadata:\n  name: "x\n', 'yaml: line 5: found unexpected end of stream'],
  ['apiVersion: v1\nkind: Pod\nmetadata: {name: x\n', "yaml: line 3: did not find expected ',' or '}'"],
  ['apiVersion: v1\nkind: Pod\n- a\n', 'yaml: line 2: did not find expected key'],
  ['apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  - a\n', 'yaml: line 4: did not find expected key'],
  ['apiVersion: v1\nkind: Pod\nmetadata:\n  name: [x\n', "yaml: line 4: did not find expected ',' or ']'"],
  ['apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels:\n    a: *foo\n', "yaml: unknown anchor 'foo' referenced"],
  ['apiVersion: v1\n  kind: Pod\n', 'yaml: line 2: mapping values are not allowed in this context'],
  ['key: "a"b\n', 'yaml: did not find expected key'],
  ['a:\n  b: 1\n c: 2\n', 'yaml: line 2: did not find expected key'],
  // Line numbers count from the start of the document, not of the file.
  ['# comment\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n labels: y\n', 'yaml: line 4: did not find expected key'],
  ['a: [1,\n', 'yaml: line 1: did not find expected node content'],
  ['\u0000\u0001\u0002garbage', 'yaml: control characters are not allowed'],
  // Tabs where go-yaml's scanner wants a token or a block scalar's indentation.
  ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: t\ndata:\n  a: |\n\thello\n', 'yaml: line 7: found a tab character where an indentation space is expected'],
  ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: t\ndata:\n  a: |\n    line1\n\tline2\n', 'yaml: line 8: found a tab character where an indentation space is expected'],
  ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: t\ndata:\n  a: >-\n\n\tx\n', 'yaml: line 8: found a tab character where an indentation space is expected'],
  ['\t\tbad\n', 'yaml: found character that cannot start any token'],
  ['\tapiVersion: v1\n', 'yaml: found character that cannot start any token'],
  ['# c\n\n\tapiVersion: v1\n', 'yaml: line 3: found character that cannot start any token'],
  ['apiVersion: v1\nkind: List\nitems:\n-\t{}\n', 'yaml: line 4: found character that cannot start any token'],
  ['apiVersion: v1\nkind: List\nitems:\n- \t{}\nbad: [\n', 'yaml: line 4: found character that cannot start any token'],
  ['apiVersion: v1\nkind: List\nbad: [\nitems:\n- \t{}\n', 'yaml: line 4: did not find expected node content'],
  ['apiVersion: v1\nkind: List\nbad: {a: 1, b:\n- c\n', 'yaml: line 3: did not find expected node content'],
  // A sequence entry after a key on its line; characters no token starts with; a key without its `:`.
  ['kind: Pod\nmetadata:\n  name: - x\n', 'yaml: line 3: block sequence entries are not allowed in this context'],
  ['kind: Pod\nmetadata:\n  name: @x\n', 'yaml: line 3: found character that cannot start any token'],
  ['kind: Pod\nmetadata: [`x]\n', 'yaml: line 2: found character that cannot start any token'],
  ['kind: Pod\nmetadata:\n  name: %x\n', 'yaml: line 3: found character that cannot start any token'],
  ['kind: Pod\nmetadata\n  name: x\n', "yaml: line 3: could not find expected ':'"],
  ['kind: Pod\nmetadata:\n  name: x\n  labels\n\n  # c\n  a: b\n', "yaml: line 6: could not find expected ':'"],
  ['kind: Pod\nmetadata:\n  name: |\n  x\n', "yaml: line 5: could not find expected ':'"],
  // Escapes and tags go-yaml's scanner refuses.
  ['kind: Pod\nmetadata: {name: "\\q"}\n', 'yaml: line 2: found unknown escape character'],
  ['kind: Pod\nmetadata: {name: "\\x4"}\n', 'yaml: line 2: did not find expected hexdecimal number'],
  ['kind: Pod\nmetadata: {name: "\\ud83d\\ude00"}\n', 'yaml: line 2: found invalid Unicode character escape code'],
  ['kind: Pod\nmetadata: {name: !<> x}\n', 'yaml: line 2: did not find expected tag URI'],
  ['kind: Pod\nmetadata: {name: !<! x}\n', "yaml: line 2: did not find the expected '>'"],
  // Parser errors: a doubled comma, a second value for an explicit key, an empty key in flow.
  ['kind: Pod\nmetadata: {name: x,, a: b}\n', 'yaml: line 1: did not find expected node content'],
  ['kind: Pod\nmetadata:\n  ? name\n  : x\n  : y\n', 'yaml: line 4: did not find expected key'],
  ['kind: Pod\nmetadata: {: x}\n', 'yaml: line 1: did not find expected node content'],
  // Directives and document end markers: only the first document is read.
  ['%FOO x\n---\nkind: Pod\n', 'yaml: found unknown directive name'],
  ['%YAML 1.1\n', 'yaml: line 1: did not find expected <document start>'],
  // The reader's refusal comes before the scanner's.
  ['\u0001a: b\n%FOO x\n', 'yaml: control characters are not allowed'],
  ['kind: Pod\n# c\n%FOO x\n', 'yaml: line 3: found unknown directive name'],
  ['# c\n...\nkind: Pod\n', 'yaml: line 1: did not find expected node content'],
  // A block sequence followed by a key at its column; an item's next line read on as the item.
  ['kind: Pod\nspec:\n  - a\n  b: c\n', "yaml: line 3: did not find expected '-' indicator"],
  ['kind: Pod\nspec:\n  - a\n  b\n', "yaml: line 5: could not find expected ':'"],
  ['kind: Pod\nspec:\n  - a\n    - b: c\n', 'yaml: line 4: mapping values are not allowed in this context'],
  ['kind: Pod\nspec:\n  - [a]\n    b: c\n', "yaml: line 3: did not find expected '-' indicator"],
  // Block scalar headers.
  ['kind: Pod\nspec: |0\n  a\n', 'yaml: line 2: found an indentation indicator equal to 0'],
  ['kind: Pod\nspec: |+-\n  a\n', 'yaml: line 2: did not find expected comment or line break'],
  ['kind: Pod\nspec: | x\n  a\n', 'yaml: line 2: did not find expected comment or line break'],
  // A stray tab in a blank line's indentation: after a plain scalar, after anything else, in a block scalar; in flow, white space.
  ['kind: Pod\nspec:\n  a: b\n\t\n  c: d\n', 'yaml: line 4: found a tab character that violates indentation'],
  ['kind: Pod\nspec:\n  - b\n\t# c\n', 'yaml: line 4: found a tab character that violates indentation'],
  ['kind: Pod\nspec:\n  a: "b"\n\t\n  c: d\n', 'yaml: line 4: found character that cannot start any token'],
  ['kind: Pod\nspec:\n  a:\n\t\n    c: d\n', 'yaml: line 4: found character that cannot start any token'],
  ['kind: Pod\nspec:\n  a: |\n    x\n\t\n    y\n', 'yaml: line 5: found a tab character where an indentation space is expected'],
  ['kind: Pod\nspec:\n  a: |\n   \t\n    y\n', 'yaml: line 4: found a tab character where an indentation space is expected'],
  // A flow collection at the root, then a key on its line: read, and refused.
  ['# c\n[1, 2] junk: [\n', 'yaml: line 1: did not find expected key'],
];

test('YAML: a tab go-yaml takes: right of a plain scalar\'s block, or in a flow collection', () => {
  assert.deepEqual(parse('kind: Pod\nspec:\n  a: b\n   \t\n  c: d\n').map((d) => d.object), [{ kind: 'Pod', spec: { a: 'b', c: 'd' } }]);
  assert.deepEqual(parse('kind: Pod\nspec: [\n  a,\n\t\n  b]\n').map((d) => d.object), [{ kind: 'Pod', spec: ['a', 'b'] }]);
});

test('YAML: only the first document of a text is read (after a `...` marker or a directive, nothing)', () => {
  assert.deepEqual(parse('kind: Pod\nmetadata: {name: x}\n...\nkind: [\n').map((d) => d.object), [{ kind: 'Pod', metadata: { name: 'x' } }]);
  assert.deepEqual(parse('kind: Pod\nmetadata: {name: x}\n%YAML 1.1\nkind: [\n').map((d) => d.object), [{ kind: 'Pod', metadata: { name: 'x' } }]);
});

test('YAML errors in go-yaml / kubectl wording with kubectl line numbers', () => {
  for (const [text, want] of YAML_ERRORS) {
    assert.throws(
      () => parse(text),
      (e: unknown) => e instanceof CliError && e.message === `error parsing f.yaml: error converting YAML to JSON: ${want}`,
      `${JSON.stringify(text)} → ${want}`,
    );
  }
});

test('JSON errors in Go encoding/json wording', () => {
  assert.throws(() => parse('{"apiVersion":"v1","kind":"Pod",}', 'j.json'), {
    message: "error parsing j.json: json: offset 33: invalid character '}' looking for beginning of object key string",
  });
  assert.throws(() => parse('{"apiVersion":"v1","kind":"Pod"', 'j.json'), { message: 'error parsing j.json: unexpected EOF' });
  assert.throws(() => parse('hello\n'), { message: 'unable to decode "f.yaml": json: cannot unmarshal string into Go value of type unstructured.detector' });
  assert.throws(() => parse('- a\n'), { message: 'unable to decode "f.yaml": json: cannot unmarshal array into Go value of type unstructured.detector' });
});

/** The documents of a text as kubectl's builder checks them: each List itself (before its items), then the others. */
const checked = (text: string) =>
  readManifestStream({ source: 'f.yaml', text }).map((item) => {
    if ('error' in item) throw item.error;
    return 'listObject' in item ? { source: item.source, object: item.listObject } : item;
  });

test('kind / apiVersion missing', () => {
  const check = (text: string) => () => checked(text).forEach((doc) => checkTypeMeta(doc, true));
  const tail = '; if you choose to ignore these errors, turn validation off with --validate=false';
  assert.throws(check('apiVersion: v1\nmetadata: {name: a}\n'), { message: `error validating "f.yaml": error validating data: kind not set${tail}` });
  assert.throws(check('kind: Pod\n'), { message: `error validating "f.yaml": error validating data: apiVersion not set${tail}` });
  assert.throws(check('resources: [a.yaml]\n'), { message: `error validating "f.yaml": error validating data: [apiVersion not set, kind not set]${tail}` });
  // A v1 List whose items are not a list.
  for (const text of ['apiVersion: v1\nkind: List\n', 'apiVersion: v1\nkind: List\nitems: null\n', 'apiVersion: v1\nkind: List\nitems: {}\n']) {
    assert.throws(check(text), { message: `error validating "f.yaml": error validating data: invalid object to validate${tail}` }, text);
  }
  assert.doesNotThrow(check('apiVersion: v1\nkind: List\nitems: []\n'));
  // Only the verbs that validate against the schema check it (delete -f, get -f do not).
  assert.doesNotThrow(() => checked('apiVersion: v1\nkind: List\n').forEach((doc) => checkTypeMeta(doc)));
  assert.doesNotThrow(() => parse('kind: Pod\n').forEach((doc) => checkTypeMeta(doc)), 'without validation a missing apiVersion is the server\'s to refuse');
  // A TypeMeta field of another type: the validator's words, or, without it, the decoder's (as kubectl v1.32 says them).
  assert.throws(check('apiVersion: [1]\nkind: {a: 1}\n'), { message: `error validating "f.yaml": error validating data: [apiVersion isn't string type, kind isn't string type]${tail}` });
  const decode = (text: string) => () => parse(text).forEach((doc) => checkTypeMeta(doc));
  assert.throws(decode('apiVersion: 5\nkind: ConfigMap\n'), { message: 'unable to decode "f.yaml": json: cannot unmarshal number into Go struct field metadataOnlyObject.apiVersion of type string' });
  assert.throws(decode('apiVersion: v1\nkind: 5\n'), { message: 'unable to decode "f.yaml": Object \'Kind\' is missing in \'{"apiVersion":"v1","kind":5}\'' });
  // Any document with items is decoded as a list, whatever its kind.
  assert.throws(decode('apiVersion: v1\nkind: ConfigMap\nitems: 5\n'), { message: 'unable to decode "f.yaml": json: cannot unmarshal number into Go struct field decodeList.items of type []json.RawMessage' });
  assert.throws(decode('apiVersion: v1\nkind: List\nitems: {}\n'), { message: 'unable to decode "f.yaml": json: cannot unmarshal object into Go struct field decodeList.items of type []json.RawMessage' });
});
// Tabs a block scalar holds after its indentation, or a value holds after `:`, are content.
test('tabs go-yaml takes: in a block scalar past its indentation, after a mapping colon, inside a line', () => {
  const [doc] = parse('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: t   \t\ndata:\n  a:\tb\n  c: |\n    -\tnot an entry\n    \tx\n');
  assert.deepEqual(doc!.object.data, { a: 'b', c: '-\tnot an entry\n\tx\n' });
});

test('a key given twice keeps its last value (kubectl sends the server no duplicates)', () => {
  const yamlText = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'spec:',
    '  replicas: 1',
    '  replicas: 2',
    '  template:',
    '    spec:',
    '      containers:',
    '      - name: a',
    '        image: x',
    '        name: b',
    '        command: |',
    '          a: 1',
    '          a: 2',
    '        ports:',
    '        - containerPort: 1',
    '        - containerPort: 2',
    '          containerPort: 3',
    '      - name: c',
    '        image: y',
    '',
  ].join('\n');
  const [doc] = parse(yamlText);
  // As kubectl's decoders do, the last value of a repeated key wins and nothing else is kept.
  assert.equal(doc!.object.spec.replicas, 2);
  assert.deepEqual(doc!.object.spec.template.spec.containers[0].ports[1], { containerPort: 3 });
});

test('reading -f arguments: files, directories (non-recursive unless -R), stdin, missing paths, a malformed URL, a URL that cannot be read', async () => {
  const { home, dispose } = tempHome();
  try {
    const dir = join(home, 'm');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'b.yaml'), 'kind: B\n');
    writeFileSync(join(dir, 'a.json'), '{"kind":"A"}');
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    writeFileSync(join(dir, 'sub', 'c.yml'), 'kind: C\n');
    const opts = { cwd: home, readStdin: async () => Buffer.from('kind: S\n') };
    assert.deepEqual((await readInputs(['m'], opts)).map((i) => i.source), ['m/a.json', 'm/b.yaml']);
    assert.deepEqual((await readInputs(['m/'], { ...opts, recursive: true })).map((i) => i.source), ['m/a.json', 'm/b.yaml', 'm/sub/c.yml']);
    assert.deepEqual(await readInputs(['-'], opts), [{ source: 'STDIN', text: 'kind: S\n' }]);
    await assert.rejects(readInputs(['nope.yaml'], opts), { message: 'the path "nope.yaml" does not exist' });
    await assert.rejects(readInputs(['http://[::1'], opts), { message: 'the URL passed to filename "http://[::1" is not valid: parse "http://[::1": invalid URL' });
    // A URL the builder cannot read is that document's error, in its place (three tries, a second apart).
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/x.yaml`;
    await new Promise((r) => closed.close(r));
    const [refused] = await readInputs([url], opts);
    assert.equal(refused!.source, url);
    assert.match(refused!.error!.message, /^The connection to the server 127\.0\.0\.1:\d+ was refused - did you specify the right host or port\?$/);
  } finally {
    dispose();
  }
});

test('every corpus file reads into the documents EXPECT.tsv lists (kind, apiVersion, name), or fails as expected', { skip: skipWithoutShared('corpus', 'EXPECT.tsv') }, async () => {
  const { existsSync, readFileSync } = await import('node:fs');
  const { SHARED } = await import('../helpers/cli.js');
  const dir = join(SHARED, 'corpus');
  const rows = readFileSync(join(dir, 'EXPECT.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  const files = [...new Set(rows.map((r) => r[0]!))];
  assert.ok(files.length > 300);
  for (const file of files) {
    const expected = rows.filter((r) => r[0] === file);
    assert.ok(existsSync(join(dir, file)), file);
    let docs;
    try {
      docs = parseManifest({ source: file, text: readFileSync(join(dir, file), 'utf8') });
      docs.forEach((doc) => checkTypeMeta(doc));
    } catch (e) {
      // Only the rows with nothing to read (not an object, nested List, no kind) fail here.
      assert.ok(expected.every((r) => r[5] === 'reject' && /kustomization|nested List|kind missing/.test(r[6]!)), `${file}: ${(e as Error).message}`);
      continue;
    }
    const got = docs.map((d) => [d.object.apiVersion, d.object.kind, d.object.metadata?.name ?? d.object.metadata?.generateName].join(' '));
    assert.deepEqual(got.sort(), expected.map((r) => [r[1], r[2], r[4]].join(' ')).sort(), file);
  }
});
