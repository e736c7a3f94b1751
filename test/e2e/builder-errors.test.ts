/**
 * Documents kubectl's resource builder cannot read, and where each verb reports them. The builder
 * goes on past a document it cannot decode or map (a syntax error ends its file; a schema
 * validation error too, for the verbs with --validate), so the documents around it are still
 * acted on, and its errors come in document order: for get and label among the objects it could
 * not fetch, for apply and describe first, for create, replace, delete and label after the
 * objects' own. An API error in an aggregate names its file (`error when creating "f.yaml": `),
 * Invalid ones too. patch and scale act on the files' own objects; scale stops at the first object
 * it cannot scale, keeping what it scaled before. Then the real kubectl through serve prints the same for every verb and file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli, tempHome } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { serveForSuite } from './serve-helpers.js';
import { WEB_APP } from '../helpers/manifests.js';

const NOW = '2026-12-05T12:00:00Z';
const WEB = WEB_APP;

/** The manifests, by file name (each error test names them by their absolute path). */
const FILES: Record<string, string> = {
  // A syntax error in the second document: the first is read, the third never.
  'syntax.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm2\n',
  // What can be read around a name that is a YAML boolean and a kind nobody serves.
  'mixed.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yes\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: 3\n---\napiVersion: nope/v1\nkind: Thing\nmetadata:\n  name: t\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n',
  'scalar.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s1\n---\n42\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s2\n',
  'stream.json': '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"j1"}}\n{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"j2"}\n',
  'list.yaml': 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: l1\n- 7\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: l2\n',
  'nested.yaml': 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: l1\n- apiVersion: v1\n  kind: List\n  items: []\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: l2\n',
  'invalid.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: v1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: v2\ndata: 5\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: v3\n',
  'unversioned.yaml': 'kind: ConfigMap\nmetadata:\n  name: noav\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\napiVersion: nope/v1\nkind: Thing\nmetadata:\n  name: t\n',
  'unmapped.yaml': 'apiVersion: nope/v1\nkind: Thing\nmetadata:\n  name: t\n',
  'portless.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web2\n',
};

/** Files some cases use, not every verb (get of an item named by a number prints a nameless row in kubectl). */
const MORE: Record<string, string> = {
  'numbered.yaml': 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: 1\n',
};

let dir: string;
const path = (name: string) => join(dir, name);
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kl-builder-'));
  for (const [name, text] of Object.entries({ ...FILES, ...MORE })) writeFileSync(path(name), text);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const decodeError = (file: string) => `unable to decode "${path(file)}": json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.name of type string`;
const mappingError = (file: string) => `resource mapping not found for name: "t" namespace: "" from "${path(file)}": no matches for kind "Thing" in version "nope/v1"\nensure CRDs are installed first`;
const syntaxError = () => `error parsing ${path('syntax.yaml')}: error converting YAML to JSON: yaml: line 4: did not find expected ',' or ']'`;

describe('documents the builder cannot read', () => {
  let home: string;
  let dispose: () => void;
  const cli = (args: string[]) => runCli(args, { home, now: NOW });
  before(async () => {
    ({ home, dispose } = tempHome());
    writeFileSync(path('web.yaml'), WEB);
    assert.equal((await cli(['apply', '-f', path('web.yaml')])).code, 0);
  });
  after(() => dispose());

  test('get prints what it found, then every error in document order', async () => {
    const r = await cli(['get', '-f', path('mixed.yaml')]);
    assert.match(r.stdout, /^NAME +TYPE +CLUSTER-IP .*\nservice\/web +ClusterIP .*\n\nNAME +READY +UP-TO-DATE +AVAILABLE +AGE\ndeployment\.apps\/web +1\/1 /);
    assert.equal(r.stderr, `${decodeError('mixed.yaml')}\nError from server (NotFound): pods "p" not found\n${mappingError('mixed.yaml')}\n`);
    assert.equal(r.code, 1);
    // What came before a syntax error is read (it said only the syntax error).
    assert.deepEqual(await cli(['get', '-f', path('syntax.yaml')]), { stdout: '', stderr: `Error from server (NotFound): configmaps "cm1" not found\n${syntaxError()}\n`, code: 1 });
    // Other than a table, one error alone is returned as itself (`error: `); the objects of one file are not printed.
    assert.deepEqual(await cli(['get', '-f', path('mixed.yaml'), '-o', 'name']), { stdout: '', stderr: `${decodeError('mixed.yaml')}\nError from server (NotFound): pods "p" not found\n${mappingError('mixed.yaml')}\n`, code: 1 });
    assert.deepEqual(await cli(['get', '-f', path('unmapped.yaml'), '-f', path('portless.yaml'), '-o', 'name']), {
      stdout: 'service/web\n',
      stderr: `${mappingError('unmapped.yaml')}\nError from server (NotFound): services "web2" not found\n`,
      code: 1,
    });
    assert.deepEqual(await cli(['get', '-f', path('unmapped.yaml'), '-f', path('web.yaml'), '-o', 'name']), {
      stdout: 'service/web\ndeployment.apps/web\n',
      stderr: `error: ${mappingError('unmapped.yaml')}\n`,
      code: 1,
    });
  });

  test('describe reports the builder errors first (one aggregate), then what it could not find', async () => {
    const r = await cli(['describe', '-f', path('mixed.yaml')]);
    assert.match(r.stdout, /^Name: +web\nNamespace: +default\n[\s\S]*\n\n\nName: +web\nNamespace: +default\nCreationTimestamp:/);
    assert.equal(r.stderr, `[${decodeError('mixed.yaml')}, ${mappingError('mixed.yaml')}]\nError from server (NotFound): pods "p" not found\n`);
    assert.equal(r.code, 1);
  });

  test('label and annotate change what they can read, and report the rest in document order', async () => {
    for (const [verb, done] of [['label', 'labeled'], ['annotate', 'annotated']]) {
      assert.deepEqual(await cli([verb!, '-f', path('mixed.yaml'), 'a=b', '--dry-run=client']), {
        stdout: `service/web ${done} (dry run)\ndeployment.apps/web ${done} (dry run)\n`,
        stderr: `${decodeError('mixed.yaml')}\nError from server (NotFound): pods "p" not found\n${mappingError('mixed.yaml')}\n`,
        code: 1,
      });
    }
    // Two objects failing: each error bare, on its own line (kubectl's aggregate).
    const two = ['service/web', 'deployment/web'];
    assert.deepEqual(await cli(['label', ...two, 'app=x']), { stdout: '', stderr: "'app' already has a value (web), and --overwrite is false\n".repeat(2), code: 1 });
    assert.deepEqual(await cli(['annotate', ...two, 'a=1', '--resource-version=1']), { stdout: '', stderr: 'error: --resource-version may only be used with a single resource\n', code: 1 });
  });

  test('apply, create and delete act on the documents around a bad one', async () => {
    const applied = await cli(['apply', '-f', path('syntax.yaml'), '-f', path('scalar.yaml')]);
    // A document that is not an object: the validator refuses it, and its file stops there.
    assert.equal(applied.stdout, 'configmap/cm1 created\nconfigmap/s1 created\n');
    assert.equal(applied.stderr, `${syntaxError()}\nerror validating "${path('scalar.yaml')}": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false\n`);
    assert.equal(applied.code, 1);
    // Not validated, it is a document the decoder refuses, and the file goes on.
    assert.deepEqual(await cli(['create', '-f', path('scalar.yaml'), '--validate=false', '--dry-run=client']), {
      stdout: 'configmap/s1 created (dry run)\nconfigmap/s2 created (dry run)\n',
      stderr: `error: unable to decode "${path('scalar.yaml')}": json: cannot unmarshal number into Go value of type unstructured.detector\n`,
      code: 1,
    });
    // The builder's errors (a decode error, then the unmapped kind) in document order, after the objects' own.
    const deleted = await cli(['delete', '-f', path('mixed.yaml'), '--dry-run=client']);
    assert.equal(deleted.stdout, 'service "web" deleted (dry run)\npod "p" deleted (dry run)\ndeployment.apps "web" deleted (dry run)\n');
    assert.equal(deleted.stderr, `${decodeError('mixed.yaml')}\n${mappingError('mixed.yaml')}\n`);
    // A List item that is not an object is decoded as a map; the validator refuses it and stops the file.
    assert.deepEqual(await cli(['create', '-f', path('list.yaml'), '--dry-run=server']), {
      stdout: '',
      stderr: `error: error validating "${path('list.yaml')}": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false\n`,
      code: 1,
    });
    assert.deepEqual(await cli(['delete', '-f', path('list.yaml'), '--dry-run=client']), {
      stdout: 'configmap "l2" deleted (dry run)\n',
      stderr: `error: unable to decode "${path('list.yaml')}": json: cannot unmarshal number into Go value of type map[string]interface {}\n`,
      code: 1,
    });
  });

  test('patch and scale act on the documents around a bad one, as the files have them', async () => {
    // A client dry run patches the file's own objects (pod p is not fetched); then the builder's errors.
    assert.deepEqual(await cli(['patch', '-f', path('mixed.yaml'), '-p', '{}', '--dry-run=client']), {
      stdout: 'service/web patched (no change)\npod/p patched (no change)\ndeployment.apps/web patched (no change)\n',
      stderr: `${decodeError('mixed.yaml')}\n${mappingError('mixed.yaml')}\n`,
      code: 1,
    });
    // Sent, the result is compared with the file's object, which it is not.
    assert.deepEqual(await cli(['patch', '-f', path('portless.yaml'), '-p', '{}']), { stdout: 'service/web patched\n', stderr: 'Error from server (NotFound): services "web2" not found\n', code: 1 });
    assert.deepEqual(await cli(['scale', '-f', path('mixed.yaml'), '--replicas=2', '--dry-run=client']), {
      stdout: 'service/web scaled (dry run)\npod/p scaled (dry run)\ndeployment.apps/web scaled (dry run)\n',
      stderr: `${decodeError('mixed.yaml')}\n${mappingError('mixed.yaml')}\n`,
      code: 1,
    });
    // wait on documents none of which maps: their error is all it says.
    assert.deepEqual(await cli(['wait', '-f', path('unmapped.yaml'), '--for=delete', '--timeout=1s']), { stdout: '', stderr: `error: ${mappingError('unmapped.yaml')}\n`, code: 1 });
    // --local maps nothing: a kind the cluster does not serve is patched all the same (a merge patch).
    assert.deepEqual(await cli(['patch', '-f', path('unmapped.yaml'), '-p', '{}', '--local', '--type=merge']), { stdout: 'thing.nope/t patched (no change)\n', stderr: '', code: 0 });
    // Nothing readable: the builder's error is part of scale's own.
    assert.deepEqual(await cli(['scale', '-f', path('unmapped.yaml'), '--replicas=2']), { stdout: '', stderr: `error: no objects passed to scale ${mappingError('unmapped.yaml')}\n`, code: 1 });
  });

  test('scale stops at the first object it cannot scale, and what it scaled before stays scaled', async () => {
    // It printed `scaled` for the Deployment, then the failure rolled its write back.
    assert.deepEqual(await cli(['scale', 'deployment/web', 'service/web', '--replicas=2']), {
      stdout: 'deployment.apps/web scaled\n',
      stderr: 'Error from server (NotFound): the server could not find the requested resource\n',
      code: 1,
    });
    assert.equal((await cli(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}'])).stdout, '2');
    assert.deepEqual(await cli(['scale', 'deployment/web', '--replicas=1', '--resource-version=1']), {
      stdout: '',
      stderr: `error: Expected resource version to be 1, was ${(await cli(['get', 'deployment', 'web', '-o', 'jsonpath={.metadata.resourceVersion}'])).stdout}\n`,
      code: 1,
    });
  });

  test('a List item named by a number has no name to kubectl\'s accessors', async () => {
    assert.deepEqual(await cli(['create', '-f', path('numbered.yaml'), '--dry-run=client']), { stdout: 'configmap/<unknown> created (dry run)\n', stderr: '', code: 0 });
  });

  test('an API error in an aggregate names its file, an Invalid one too', async () => {
    assert.deepEqual(await cli(['create', '-f', path('portless.yaml')]), {
      stdout: '',
      stderr: [
        `Error from server (Invalid): error when creating "${path('portless.yaml')}": Service "web" is invalid: spec.ports: Required value`,
        `Error from server (Invalid): error when creating "${path('portless.yaml')}": Service "web2" is invalid: spec.ports: Required value`,
        '',
      ].join('\n'),
      code: 1,
    });
    assert.deepEqual(await cli(['create', '-f', path('unversioned.yaml'), '--validate=false']), {
      stdout: '',
      stderr: [
        `Error from server (NotFound): error when creating "${path('unversioned.yaml')}": the server could not find the requested resource`,
        `Error from server (Invalid): error when creating "${path('unversioned.yaml')}": Service "web" is invalid: spec.ports: Required value`,
        mappingError('unversioned.yaml'),
        '',
      ].join('\n'),
      code: 1,
    });
  });
});

describe('documents the builder cannot read, through serve: the real kubectl prints what kubectl-lite prints', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite((served) => {
    writeFileSync(path('web.yaml'), WEB);
    assert.equal(served.lite(['apply', '-f', path('web.yaml')]).code, 0);
  });
  const verbs = [
    ['apply', '--dry-run=server'],
    ['create', '--dry-run=server'],
    ['replace', '--dry-run=server'],
    ['delete', '--dry-run=server'],
    ['get'],
    ['get', '-o', 'name'],
    ['describe'],
    ['label', 'a=b', '--dry-run=client'],
    ['annotate', 'a=b', '--dry-run=client'],
    ['scale', '--replicas=1', '--dry-run=client'],
    ['scale', '--replicas=1', '--dry-run=server'],
    ['patch', '-p', '{}', '--dry-run=client'],
    ['patch', '-p', '{}', '--dry-run=server'],
  ];
  // describe's output has the Service's endpoints and the ages of what it describes: only its errors are compared.
  const errorsOnly = (args: string[]) => (args[0] === 'describe' ? (r: { stdout: string; stderr: string; code: number }) => ({ ...r, stdout: '' }) : (r: { stdout: string; stderr: string; code: number }) => ({ ...r, stdout: r.stdout.replace(/\d+[smhd]\b/g, 'AGE') }));
  for (const file of Object.keys(FILES)) {
    test(`every verb on ${file}`, async () => {
      for (const verb of verbs) {
        const args = [...verb, '-f', path(file), ...(verb[0] === 'create' || verb[0] === 'apply' || verb[0] === 'replace' ? ['--validate=true'] : [])];
        await suite.same(args, errorsOnly(args));
      }
    });
  }
  test('several files, and the aggregate of the objects\' own errors', async () => {
    for (const args of [
      ['apply', '-f', path('syntax.yaml'), '-f', path('mixed.yaml'), '--dry-run=server'],
      ['create', '-f', path('syntax.yaml'), '-f', path('mixed.yaml'), '--dry-run=server'],
      ['delete', '-f', path('syntax.yaml'), '-f', path('mixed.yaml'), '--dry-run=client'],
      ['get', '-f', path('unmapped.yaml'), '-f', path('portless.yaml'), '-o', 'name'],
      ['get', '-f', path('mixed.yaml'), '-f', path('portless.yaml')],
      ['create', '-f', path('portless.yaml'), '--dry-run=server'],
      ['apply', '-f', path('portless.yaml'), '--dry-run=server'],
      ['replace', '-f', path('portless.yaml'), '--dry-run=server'],
      ['create', '-f', path('unversioned.yaml'), '--validate=false', '--dry-run=server'],
      ['label', 'service/web', 'deployment/web', 'app=x'],
      ['annotate', 'service/web', 'deployment/web', 'a=1', '--resource-version=1'],
      ['wait', '-f', path('unmapped.yaml'), '--for=delete', '--timeout=1s'],
      ['create', '-f', path('numbered.yaml'), '--dry-run=client'],
      ['create', '-f', path('numbered.yaml'), '--dry-run=server'],
      ['patch', '-f', path('portless.yaml'), '-p', '{}'],
      ['patch', '-f', path('unmapped.yaml'), '-f', path('portless.yaml'), '-p', '{}', '--local', '--type=merge'],
      ['patch', '-f', path('mixed.yaml'), '-p', '{}', '--local'],
      ['patch', '-f', path('unmapped.yaml'), '-f', path('portless.yaml'), '-p', '{}', '--dry-run=client'],
      ['scale', 'deployment/web', 'service/web', '--replicas=1', '--dry-run=server'],
      ['scale', 'deployment/nope', 'deployment/gone', '--replicas=1'],
      ['scale', 'deployment/web', '--replicas=1', '--resource-version=1'],
    ]) {
      await suite.same(args, errorsOnly(args));
    }
  });
});
