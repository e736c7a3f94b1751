/**
 * Bad input to the file-driven verbs: one kubectl-style line on stderr, exit 1, no stack
 * trace, and the store file byte-for-byte as it was.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { runBin, runCli, SHARED, skipWithoutShared, tempHome } from '../helpers/cli.js';
import { storeBytes } from './store-helpers.js';

const VALIDATE_TAIL = '; if you choose to ignore these errors, turn validation off with --validate=false';

interface BadCase {
  name: string;
  files?: Record<string, string | Buffer>;
  args: string;
  stdin?: string | Buffer;
  stderr: string | RegExp;
}

const CASES: BadCase[] = [
  { name: 'missing file', args: 'apply -f nope.yaml', stderr: 'error: the path "nope.yaml" does not exist\n' },
  { name: 'missing file (create)', args: 'create -f nope.yaml', stderr: 'error: the path "nope.yaml" does not exist\n' },
  { name: 'missing file (delete)', args: 'delete -f nope.yaml', stderr: 'error: the path "nope.yaml" does not exist\n' },
  {
    name: 'directory without manifests',
    files: { 'docs/notes.txt': 'x' },
    args: 'apply -f docs',
    stderr: 'error: error reading [docs]: recognized file extensions are [.json .yaml .yml]\n',
  },
  { name: 'apply without -f', args: 'apply', stderr: 'error: must specify one of -f and -k\n' },
  { name: 'empty file (apply)', files: { 'empty.yaml': '' }, args: 'apply -f empty.yaml', stderr: 'error: no objects passed to apply\n' },
  { name: 'only separators (create)', files: { 'empty.yaml': '---\n---\n' }, args: 'create -f empty.yaml', stderr: 'error: no objects passed to create\n' },
  {
    name: 'invalid YAML',
    files: { 'f.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n labels: y\n' },
    args: 'apply -f f.yaml',
    stderr: 'error: error parsing f.yaml: error converting YAML to JSON: yaml: line 4: did not find expected key\n',
  },
  {
    // (The documents before it are read and created: see builder-errors.test.ts.)
    name: 'invalid YAML ends its file: the documents after it are not read',
    files: { 'f.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: [x\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n' },
    args: 'create -f f.yaml',
    stderr: "error: error parsing f.yaml: error converting YAML to JSON: yaml: line 3: did not find expected ',' or ']'\n",
  },
  {
    name: 'invalid JSON',
    files: { 'f.json': '{"apiVersion":"v1","kind":"Pod",}' },
    args: 'apply -f f.json',
    stderr: "error: error parsing f.json: json: offset 33: invalid character '}' looking for beginning of object key string\n",
  },
  // A TypeMeta field of another type, and items that are not a list: the validator's words where it runs
  // (create, apply, replace), the decoder's otherwise; get and describe print the decoder's without `error: `.
  {
    name: 'apiVersion a number (create validates)',
    files: { 'f.yaml': 'apiVersion: 5\nkind: ConfigMap\nmetadata:\n  name: x\n' },
    args: 'create -f f.yaml',
    stderr: `error: error validating "f.yaml": error validating data: apiVersion isn't string type${VALIDATE_TAIL}\n`,
  },
  {
    name: 'apiVersion a number with --validate=false (it crashed: e.indexOf is not a function)',
    files: { 'f.yaml': 'apiVersion: 5\nkind: ConfigMap\nmetadata:\n  name: x\n' },
    args: 'apply -f f.yaml --validate=false',
    stderr: 'error: unable to decode "f.yaml": json: cannot unmarshal number into Go struct field metadataOnlyObject.apiVersion of type string\n',
  },
  {
    name: 'apiVersion a number (describe)',
    files: { 'f.yaml': 'apiVersion: 5\nkind: ConfigMap\nmetadata:\n  name: x\n' },
    args: 'describe -f f.yaml',
    stderr: 'unable to decode "f.yaml": json: cannot unmarshal number into Go struct field metadataOnlyObject.apiVersion of type string\n',
  },
  {
    name: 'kind a number (delete decodes, no validation)',
    files: { 'f.yaml': 'apiVersion: v1\nkind: 5\nmetadata:\n  name: x\n' },
    args: 'delete -f f.yaml',
    stderr: `error: unable to decode "f.yaml": Object 'Kind' is missing in '{"apiVersion":"v1","kind":5,"metadata":{"name":"x"}}'\n`,
  },
  // Metadata of another type: kubectl decodes TypeMeta and ObjectMeta typed before anything else (its
  // metadata-validating decoder), so a name YAML reads as a boolean is refused, not stored as "true".
  {
    name: 'a name YAML reads as a boolean (it was created as configmap/true)',
    files: { 'f.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\n' },
    args: 'create -f f.yaml --dry-run=client',
    stderr: 'error: unable to decode "f.yaml": json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.name of type string\n',
  },
  {
    name: 'a name that is an object (it was created as configmap/[object Object])',
    files: { 'f.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: {a: 1}}\n' },
    args: 'apply -f f.yaml',
    stderr: 'error: unable to decode "f.yaml": json: cannot unmarshal object into Go struct field ObjectMeta.metadata.name of type string\n',
  },
  {
    name: 'a label value that is a number: the first wrong field in the document\'s order',
    files: { 'f.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {labels: {a: 1}, name: 5}\n' },
    args: 'delete -f f.yaml',
    stderr: 'error: unable to decode "f.yaml": json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string\n',
  },
  {
    name: 'an owner reference field: named by its own struct, the path from the top',
    files: { 'f.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, ownerReferences: [{name: b, controller: "yes"}]}\n' },
    args: 'get -f f.yaml',
    stderr: 'unable to decode "f.yaml": json: cannot unmarshal string into Go struct field OwnerReference.metadata.ownerReferences.controller of type bool\n',
  },
  {
    name: 'a generation that is no int64 is named with its text',
    files: { 'f.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, generation: 1.5}\n' },
    args: 'create -f f.yaml',
    stderr: 'error: unable to decode "f.yaml": json: cannot unmarshal number 1.5 into Go struct field ObjectMeta.metadata.generation of type int64\n',
  },
  {
    name: 'metadata that is no object',
    files: { 'f.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: 5\n' },
    args: 'create -f f.yaml',
    stderr: 'error: unable to decode "f.yaml": json: cannot unmarshal number into Go struct field metadataOnlyObject.metadata of type v1.ObjectMeta\n',
  },
  {
    name: 'items that are not a list, whatever the kind',
    files: { 'f.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\nitems: 5\n' },
    args: 'get -f f.yaml',
    stderr: 'unable to decode "f.yaml": json: cannot unmarshal number into Go struct field decodeList.items of type []json.RawMessage\n',
  },
  { name: 'a document that is not an object (create validates)', files: { 'f.yaml': '- a\n- b\n' }, args: 'create -f f.yaml', stderr: `error: error validating "f.yaml": error validating data: invalid object to validate${VALIDATE_TAIL}\n` },
  {
    name: 'apiVersion missing (delete): the request goes nowhere the server serves',
    files: { 'f.yaml': 'kind: ConfigMap\nmetadata:\n  name: x\n' },
    args: 'delete -f f.yaml',
    stderr: 'Error from server (NotFound): error when deleting "f.yaml": the server could not find the requested resource\n',
  },
  { name: 'kind missing', files: { 'f.yaml': 'apiVersion: v1\nmetadata:\n  name: x\n' }, args: 'apply -f f.yaml', stderr: `error: error validating "f.yaml": error validating data: kind not set${VALIDATE_TAIL}\n` },
  { name: 'apiVersion missing', files: { 'f.yaml': 'kind: Pod\nmetadata:\n  name: x\n' }, args: 'create -f f.yaml', stderr: `error: error validating "f.yaml": error validating data: apiVersion not set${VALIDATE_TAIL}\n` },
  {
    name: 'kind missing with --validate=false',
    files: { 'f.yaml': 'apiVersion: v1\nmetadata:\n  name: x\n' },
    args: 'apply -f f.yaml --validate=false',
    stderr: `error: unable to decode "f.yaml": Object 'Kind' is missing in '{"apiVersion":"v1","metadata":{"name":"x"}}'\n`,
  },
  {
    name: 'apiVersion missing with --validate=false',
    files: { 'f.yaml': 'kind: Pod\nmetadata:\n  name: x\n' },
    args: 'apply -f f.yaml --validate=false',
    stderr: 'Error from server (NotFound): error when creating "f.yaml": the server could not find the requested resource\n',
  },
  {
    name: 'bad --validate value',
    files: { 'f.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' },
    args: 'create -f f.yaml --validate=bogus',
    stderr: 'error: invalid - validate option "bogus"; must be one of: strict (or true), warn, ignore (or false)\n',
  },
  {
    name: 'unknown kind',
    files: { 'f.yaml': 'apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n' },
    args: 'apply -f f.yaml',
    stderr: 'error: resource mapping not found for name: "x" namespace: "" from "f.yaml": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first\n',
  },
  {
    name: 'namespace that does not exist',
    files: { 'f.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: x\n' },
    args: 'create -f f.yaml',
    stderr: 'Error from server (NotFound): error when creating "f.yaml": namespaces "x" not found\n',
  },
  {
    name: 'namespace that does not exist (apply)',
    files: { 'f.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: x\n' },
    args: 'apply -f f.yaml',
    stderr: 'Error from server (NotFound): error when creating "f.yaml": namespaces "x" not found\n',
  },
  {
    name: 'binary garbage on stdin',
    args: 'apply -f -',
    stdin: Buffer.concat([Buffer.from([0, 1, 2]), randomBytes(4096)]),
    stderr: 'error: error parsing STDIN: error converting YAML to JSON: yaml: control characters are not allowed\n',
  },
  {
    name: 'invalid UTF-8 on stdin',
    args: 'apply -f -',
    stdin: Buffer.from([0x6b, 0x3a, 0x20, 0xff, 0xfe, 0x0a]),
    stderr: 'error: error parsing STDIN: error converting YAML to JSON: yaml: invalid leading UTF-8 octet\n',
  },
  {
    name: 'generateName with apply',
    files: { 'g.yaml': 'kind: Pod\napiVersion: v1\nmetadata:\n  generateName: testing-\nspec:\n  containers:\n  - image: nginx\n    name: nginx\n' },
    args: 'apply -f g.yaml',
    stderr: 'error: from testing-: cannot use generate name with apply\n',
  },
  {
    name: 'document without a name',
    files: { 'n.yaml': 'apiVersion: v1\nkind: ConfigMap\ndata: {a: b}\n' },
    args: 'apply -f n.yaml',
    stderr:
      'error: error when retrieving current configuration of:\nResource: "/v1, Resource=configmaps", GroupVersionKind: "/v1, Kind=ConfigMap"\nName: "", Namespace: "default"\nfrom server for: "n.yaml": resource name may not be empty\n',
  },
  {
    name: 'a scalar document (the validator sees it first, as in kubectl)',
    files: { 's.yaml': 'hello\n' },
    args: 'apply -f s.yaml',
    stderr: `error: error validating "s.yaml": error validating data: invalid object to validate${VALIDATE_TAIL}\n`,
  },
  {
    name: 'a scalar document, not validated',
    files: { 's.yaml': 'hello\n' },
    args: 'apply -f s.yaml --validate=false',
    stderr: 'error: unable to decode "s.yaml": json: cannot unmarshal string into Go value of type unstructured.detector\n',
  },
  {
    name: 'namespace in the file differs from -n',
    files: { 'f.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: kube-system\n' },
    args: 'apply -f f.yaml -n default',
    stderr: 'error: the namespace from the provided object "kube-system" does not match the namespace "default". You must pass \'--namespace=kube-system\' to perform this operation.\n',
  },
  {
    name: 'URL that does not parse',
    args: 'apply -f http://[::1',
    stderr: 'error: the URL passed to filename "http://[::1" is not valid: parse "http://[::1": invalid URL\n',
  },
  {
    name: 'name of 300 characters',
    files: { 'long.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${'a'.repeat(300)}\n` },
    args: 'create -f long.yaml',
    // Real servers refuse it in validation (`metadata.name: Invalid value: ...: must be no more than 253 characters`).
    stderr: /^(The ConfigMap "a{300}" is invalid: metadata\.name: Invalid value: "a{300}": must be no more than 253 characters\n|)$/,
  },
];

function corpus(path: string): string {
  return join(SHARED, 'corpus', path);
}

for (const c of CASES) {
  test(`bad input: ${c.name}`, async () => {
    const h = tempHome();
    try {
      for (const [name, content] of Object.entries(c.files ?? {})) {
        mkdirSync(dirname(join(h.home, name)), { recursive: true });
        writeFileSync(join(h.home, name), content);
      }
      // Bring the cluster up first so there is a store to compare.
      assert.equal((await runCli('apply -f -', { home: h.home, stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: seed}\n' })).code, 0);
      const before = storeBytes(h.home);
      const r = await runCli(c.args, { home: h.home, cwd: h.home, stdin: c.stdin });
      if (typeof c.stderr === 'string') {
        assert.deepEqual(r, { stdout: '', stderr: c.stderr, code: 1 });
      } else {
        if (r.stderr === '') {
          // Until the server validates name length, the object is created; it must at least not crash.
          assert.deepEqual(r, { stdout: `configmap/${'a'.repeat(300)} created\n`, stderr: '', code: 0 });
          return;
        }
        assert.match(r.stderr, c.stderr);
        assert.equal(r.code, 1);
      }
      assert.ok(before && storeBytes(h.home)!.equals(before), 'store unchanged');
    } finally {
      h.dispose();
    }
  });
}

test('bad input from the corpus: nested List, kustomization.yaml', { skip: skipWithoutShared('corpus', 'cli-runtime-artifacts') }, async () => {
  const h = tempHome();
  try {
    copyFileSync(corpus('cli-runtime-artifacts/artifacts/deeply-nested.yaml'), join(h.home, 'deeply-nested.yaml'));
    copyFileSync(corpus('cli-runtime-artifacts/artifacts/kustomization/kustomization.yaml'), join(h.home, 'kustomization.yaml'));
    const nested = await runCli('apply -f deeply-nested.yaml', { home: h.home, cwd: h.home });
    assert.deepEqual(nested, { stdout: '', stderr: 'error: *unstructured.Unstructured is not a list: no Items field in this object\n', code: 1 });
    const kust = await runCli('apply -f kustomization.yaml', { home: h.home, cwd: h.home });
    assert.deepEqual(kust, {
      stdout: '',
      stderr: `error: error validating "kustomization.yaml": error validating data: [apiVersion not set, kind not set]${VALIDATE_TAIL}\n`,
      code: 1,
    });
  } finally {
    h.dispose();
  }
});

test('bad input: a 50 MB manifest fails cleanly and quickly, store unchanged (real binary)', () => {
  const h = tempHome();
  try {
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: ${'x'.repeat(50 * 1024 * 1024)}\n`;
    writeFileSync(join(h.home, 'big.yaml'), big);
    assert.equal(runBin(['apply', '-f', '-'], { home: h.home, stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: seed}\n' }).code, 0);
    const before = storeBytes(h.home)!;
    const started = Date.now();
    const r = runBin(['apply', '-f', 'big.yaml'], { home: h.home, cwd: h.home });
    assert.ok(Date.now() - started < 30_000, 'fast enough');
    assert.deepEqual(r, {
      stdout: '',
      stderr: 'Error from server (RequestEntityTooLarge): error when creating "big.yaml": Request entity too large: limit is 3145728\n',
      code: 1,
    });
    assert.ok(storeBytes(h.home)!.equals(before), 'store unchanged');
  } finally {
    h.dispose();
  }
});

test('bad input: no stack trace from the real binary on garbage', () => {
  const h = tempHome();
  try {
    const r = runBin(['apply', '-f', '-'], { home: h.home, stdin: randomBytes(2048) });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /\bat .*\.js:\d+/);
  } finally {
    h.dispose();
  }
});
