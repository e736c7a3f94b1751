/** `kubectl-lite get` end to end: objects written through the API, then read back through the CLI. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Session } from '../../src/cli/session.js';
import type { KubeObject } from '../../src/api/types.js';
import { runCli, staticCluster, tempHome } from '../helpers/cli.js';

const CREATED = Date.parse('2026-03-01T10:00:00Z');
const NOW = CREATED + 5 * 60 * 1000 + 7000; // AGE 5m7s

let home: { home: string; dispose(): void };

const cm = (name: string, data: Record<string, string>, ns = 'default'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns, labels: { t: 'e2e', tier: name === 'alpha' ? 'front' : 'back' } },
  data,
});

before(async () => {
  home = tempHome();
  // Exact objects to print: a static cluster stores them and reconciles nothing.
  await staticCluster(home.home);
  const session = new Session({ env: { KUBECTL_LITE_HOME: home.home }, globals: {}, realNow: () => CREATED });
  session.write((api) => {
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
    api.create(cm('alpha', { a: '1' }));
    api.create(cm('beta', { a: '1', b: '2' }));
    api.create(cm('gamma', {}, 'other'));
    api.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'default', labels: { t: 'e2e' } }, type: 'Opaque', data: { p: 'eA==' } });
  });
});

after(() => home.dispose());

const get = (args: string) => runCli(`get ${args}`, { home: home.home, now: NOW });

test('get configmaps prints the table with AGE from the pinned clock', async () => {
  const r = await get('cm -l t=e2e');
  assert.deepEqual(r, { stdout: 'NAME    DATA   AGE\nalpha   1      5m7s\nbeta    2      5m7s\n', stderr: '', code: 0 });
});

test('get -A adds NAMESPACE; --show-labels and -L add label columns', async () => {
  const r = await get('configmaps -A -l t=e2e --show-labels -L tier');
  assert.equal(
    r.stdout,
    'NAMESPACE   NAME    DATA   AGE    TIER    LABELS\n' +
      'default     alpha   1      5m7s   front   t=e2e,tier=front\n' +
      'default     beta    2      5m7s   back    t=e2e,tier=back\n' +
      'other       gamma   0      5m7s   back    t=e2e,tier=back\n',
  );
  assert.equal(r.code, 0);
});

test('get several types: kind/name, one blank line between groups, none with --no-headers', async () => {
  const r = await get('cm,secret -l t=e2e');
  assert.equal(
    r.stdout,
    'NAME              DATA   AGE\nconfigmap/alpha   1      5m7s\nconfigmap/beta    2      5m7s\n\nNAME           TYPE     DATA   AGE\nsecret/creds   Opaque   1      5m7s\n',
  );
  const n = await get('cm,secret -l t=e2e --no-headers');
  assert.equal(n.stdout, 'configmap/alpha   1     5m7s\nconfigmap/beta    2     5m7s\nsecret/creds   Opaque   1     5m7s\n');
});

test('get TYPE/NAME arguments, and names of one type', async () => {
  const r = await get('cm/alpha secret/creds');
  assert.equal(r.stdout, 'NAME              DATA   AGE\nconfigmap/alpha   1      5m7s\n\nNAME           TYPE     DATA   AGE\nsecret/creds   Opaque   1      5m7s\n');
  const s = await get('cm beta alpha');
  assert.equal(s.stdout, 'NAME    DATA   AGE\nbeta    2      5m7s\nalpha   1      5m7s\n');
});

test('found and missing names: rows on stdout, NotFound on stderr, exit 1; --ignore-not-found hides it', async () => {
  const r = await get('cm alpha nosuch');
  assert.deepEqual(r, { stdout: 'NAME    DATA   AGE\nalpha   1      5m7s\n', stderr: 'Error from server (NotFound): configmaps "nosuch" not found\n', code: 1 });
  const d = await get('deploy nosuch');
  assert.deepEqual(d, { stdout: '', stderr: 'Error from server (NotFound): deployments.apps "nosuch" not found\n', code: 1 });
  assert.deepEqual(await get('cm nosuch --ignore-not-found'), { stdout: '', stderr: '', code: 0 });
});

test('empty results say "No resources found" on stderr, exit 0', async () => {
  assert.deepEqual(await get('cm -l t=none'), { stdout: '', stderr: 'No resources found in default namespace.\n', code: 0 });
  assert.deepEqual(await get('cm -l t=none -n other'), { stdout: '', stderr: 'No resources found in other namespace.\n', code: 0 });
  assert.deepEqual(await get('cm -l t=none -A'), { stdout: '', stderr: 'No resources found\n', code: 0 });
  assert.deepEqual(await get('pv'), { stdout: '', stderr: 'No resources found\n', code: 0 });
  assert.deepEqual(await get('cm -n nope'), { stdout: '', stderr: 'No resources found in nope namespace.\n', code: 0 });
});

test('field selectors filter, and unsupported fields fail as the server does', async () => {
  const r = await get('cm --field-selector metadata.name!=alpha,metadata.namespace=default -l t=e2e');
  assert.equal(r.stdout, 'NAME   DATA   AGE\nbeta   2      5m7s\n');
  const bad = await get('cm --field-selector status.foo=x');
  assert.deepEqual(bad, {
    stdout: '',
    stderr: 'Error from server (BadRequest): Unable to find "/v1, Resource=configmaps" that match label selector "", field selector "status.foo=x": "status.foo" is not a known field selector: only "metadata.name", "metadata.namespace"\n',
    code: 1,
  });
  // A kind with a field label conversion of its own words it so; the terms are taken in sorted order.
  assert.equal(
    (await get('pods --field-selector status.foo=x,spec.bar=y')).stderr,
    'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "status.foo=x,spec.bar=y": field label not supported: spec.bar\n',
  );
  assert.equal(
    (await get('cm --field-selector metadata.name=a=b')).stderr,
    'Error from server (BadRequest): Unable to find "/v1, Resource=configmaps" that match label selector "", field selector "metadata.name=a=b": invalid field selector: unescaped character in value: =\n',
  );
  const unparsable = await get('cm --field-selector x');
  assert.equal(unparsable.stderr, `Error from server (BadRequest): Unable to find "/v1, Resource=configmaps" that match label selector "", field selector "x": invalid selector: 'x'; can't understand 'x'\n`);
});

test('a bad label selector is a BadRequest from the server', async () => {
  const r = await runCli(['get', 'pods', '--selector', 'app in (web'], { home: home.home, now: NOW });
  assert.deepEqual(r, {
    stdout: '',
    stderr: `Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "app in (web", field selector "": unable to parse requirement: found '', expected: ',' or ')'\n`,
    code: 1,
  });
  // `:` for `=`, as a v1.32 API server words it; the field selector sent beside it is named too.
  const colon = await runCli(['get', 'pods', '-l', 'app:monolith', '--field-selector', 'status.phase=Running'], { home: home.home, now: NOW });
  assert.deepEqual(colon, {
    stdout: '',
    stderr: `Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "app:monolith", field selector "status.phase=Running": unable to parse requirement: <nil>: Invalid value: "app:monolith": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')\n`,
    code: 1,
  });
});

test('get without a type, with an unknown type, with an unknown -o', async () => {
  const none = await runCli('get', { home: home.home, now: NOW });
  assert.equal(
    none.stderr,
    'You must specify the type of resource to get. Use "kubectl-lite api-resources" for a complete list of supported resources.\n\n' +
      'error: Required resource not specified.\n' +
      'Use "kubectl-lite explain <resource>" for a detailed description of that resource (e.g. kubectl-lite explain pods).\n' +
      "See 'kubectl-lite get -h' for help and examples\n",
  );
  assert.equal(none.code, 1);
  assert.deepEqual(await get('foo'), { stdout: '', stderr: 'error: the server doesn\'t have a resource type "foo"\n', code: 1 });
  assert.deepEqual(await get('foo.bar'), { stdout: '', stderr: 'error: the server doesn\'t have a resource type "foo"\n', code: 1 });
  const o = await get('cm -o foo');
  assert.equal(
    o.stderr,
    'error: unable to match a printer suitable for the output format "foo", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n',
  );
  assert.equal(o.code, 1);
  // The printer is made once the builder has read: an unknown type, or one object's own failure, comes first.
  const printerError = { stdout: '', stderr: o.stderr, code: 1 };
  const get2 = (args: string[]) => runCli(args, { home: home.home, now: NOW });
  assert.deepEqual(await get2(['get', 'foo', '-o', 'foo']), { stdout: '', stderr: 'error: the server doesn\'t have a resource type "foo"\n', code: 1 });
  assert.deepEqual(await get2(['get', 'cm', 'nope', '-o', 'foo']), { stdout: '', stderr: 'Error from server (NotFound): configmaps "nope" not found\n', code: 1 });
  assert.deepEqual(await get2(['get', 'cm/nope', '-o', 'foo', '--ignore-not-found']), { stdout: '', stderr: '', code: 0 });
  assert.deepEqual(await get2(['get', 'cm', 'a', 'b', '-o', 'foo']), printerError);
  assert.deepEqual(await get2(['get', 'cm,secrets', 'nope', '-o', 'foo']), printerError);
  assert.deepEqual(await get2(['get', 'cm', '-l', 'a in (', '-o', 'foo']), printerError);
});

test('names cannot be combined with -A or -l', async () => {
  assert.equal((await get('cm alpha -A')).stderr, 'error: a resource cannot be retrieved by name across all namespaces\n');
  assert.equal((await get('cm alpha -l t=e2e')).stderr, 'error: name cannot be provided when a selector is specified\n');
});

test('-o wide on a kind without wide columns, --show-kind on one type, --chunk-size accepted', async () => {
  const r = await get('cm -l t=e2e -o wide --show-kind --chunk-size 10');
  assert.equal(r.stdout, 'NAME              DATA   AGE\nconfigmap/alpha   1      5m7s\nconfigmap/beta    2      5m7s\n');
});

test('kinds without a printer use NAME / CREATED AT', async () => {
  const session = new Session({ env: { KUBECTL_LITE_HOME: home.home }, globals: {}, realNow: () => CREATED });
  session.write((api) =>
    api.create({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'reader', namespace: 'other' }, rules: [] }),
  );
  const r = await get('roles -n other');
  assert.equal(r.stdout, 'NAME     CREATED AT\nreader   2026-03-01T10:00:00Z\n');
});

test('STATUS is coloured only on a terminal without NO_COLOR; the layout stays the same', async () => {
  const { run } = await import('../../src/main.js');
  const session = new Session({ env: { KUBECTL_LITE_HOME: home.home }, globals: {}, realNow: () => CREATED });
  session.write((api) => {
    for (const name of ['colour', 'colour-b']) {
      const ns = api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      api.put({ ...ns, status: { phase: 'Active' } });
    }
  });
  const capture = async (isTTY: boolean, env: Record<string, string>) => {
    let stdout = '';
    await run(['get', 'ns', 'colour', 'colour-b'], {
      io: { out: { write: (s) => void (stdout += s) }, err: { write: () => {} }, isTTY, readStdin: async () => Buffer.alloc(0) },
      env: { KUBECTL_LITE_HOME: home.home, KUBECTL_LITE_NOW: String(NOW), ...env },
      cwd: process.cwd(),
    });
    return stdout;
  };
  const plain = await capture(false, {});
  const coloured = await capture(true, {});
  assert.equal(await capture(true, { NO_COLOR: '1' }), plain);
  assert.notEqual(coloured, plain);
  assert.match(coloured, /\u001b\[3\dm/);
  assert.equal(coloured.replace(/\u001b\[\d+m/g, ''), plain);
});

test('custom resources print their CRD printer columns; without any, NAME and AGE', async () => {
  const session = new Session({ env: { KUBECTL_LITE_HOME: home.home }, globals: {}, realNow: () => CREATED });
  const crd = (plural: string, kind: string, columns?: unknown[]) => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.example.com` },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural, singular: kind.toLowerCase(), kind, listKind: `${kind}List` },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } }, ...(columns ? { additionalPrinterColumns: columns } : {}) }],
    },
  });
  session.write((api) => {
    api.create(crd('widgets', 'Widget', [
      { name: 'Size', type: 'integer', jsonPath: '.spec.size' },
      { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
      { name: 'Colour', type: 'string', jsonPath: '.spec.colour', priority: 1 },
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    ]));
    api.create(crd('gadgets', 'Gadget'));
  });
  session.write((api) => {
    api.create({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1', namespace: 'default' }, spec: { size: 3, colour: 'blue' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } });
    api.create({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w2', namespace: 'default' }, spec: {} });
    api.create({ apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g1', namespace: 'default' } });
  });
  assert.equal((await get('widgets')).stdout, 'NAME   SIZE   READY   AGE\nw1     3      True    5m7s\nw2                    5m7s\n');
  assert.equal((await get('widget -o wide')).stdout, 'NAME   SIZE   READY   COLOUR   AGE\nw1     3      True    blue     5m7s\nw2                             5m7s\n');
  assert.equal((await get('gadgets.example.com,widgets --no-headers')).stdout, 'gadget.example.com/g1   5m7s\nwidget.example.com/w1   3     True   5m7s\nwidget.example.com/w2                5m7s\n');
});

test('--sort-by with several types fails as kubectl does; a single object is printed unsorted', async () => {
  assert.deepEqual(await get('cm,secrets -l t=e2e --sort-by=.metadata.name'), {
    stdout: '',
    stderr: 'error: couldn\'t find any field with path "{.metadata.name}" in the list of objects\n',
    code: 1,
  });
  assert.deepEqual(await get('cm alpha --sort-by=.status.nothing'), { stdout: 'NAME    DATA   AGE\nalpha   1      5m7s\n', stderr: '', code: 0 });
});

test('resource/name arguments mixed with a bare type are refused', async () => {
  const r = await get('cm/alpha secrets');
  assert.equal(
    r.stderr,
    "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl-lite get resource/<resource_name>' instead of 'kubectl-lite get resource resource/<resource_name>'\n",
  );
  assert.equal((await get('cm/')).stderr, 'error: arguments in resource/name form must have a single resource and name\n');
});

test('selectors with names and `all` with names are refused; repeated types are listed once, repeated names fetched twice', async () => {
  assert.equal((await get('cm alpha --field-selector metadata.name=alpha')).stderr, 'error: name cannot be provided when a selector is specified\n');
  assert.equal((await get('all alpha')).stderr, 'error: you must specify only one resource\n');
  // As kubectl prints them: the same kind twice is no reason to show the kind.
  assert.equal((await get('cm,configmaps alpha')).stdout, 'NAME    DATA   AGE\nalpha   1      5m7s\nalpha   1      5m7s\n');
  assert.equal((await get('cm,configmaps')).stdout.match(/^alpha /gm)?.length, 1);
});

test('get -f: the objects a manifest names, kind/name when they span types, NotFound for missing ones', async () => {
  const { writeFileSync, mkdirSync } = await import('node:fs');
  const { join } = await import('node:path');
  const dir = join(home.home, 'manifests');
  mkdirSync(dir, { recursive: true });
  const doc = (kind: string, name: string) => `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n`;
  writeFileSync(join(dir, 'mixed.yaml'), [doc('ConfigMap', 'alpha'), doc('Secret', 'creds'), doc('ConfigMap', 'missing')].join('---\n'));
  writeFileSync(join(dir, 'one.yaml'), doc('ConfigMap', 'beta'));
  writeFileSync(join(dir, 'empty.yaml'), '');
  writeFileSync(join(dir, 'foo.yaml'), doc('Foo', 'x'));
  const at = (args: string) => runCli(`get ${args}`, { home: home.home, now: NOW, cwd: dir });
  assert.deepEqual(await at('-f mixed.yaml'), {
    stdout: 'NAME              DATA   AGE\nconfigmap/alpha   1      5m7s\n\nNAME           TYPE     DATA   AGE\nsecret/creds   Opaque   1      5m7s\n',
    stderr: 'Error from server (NotFound): configmaps "missing" not found\n',
    code: 1,
  });
  assert.deepEqual(await at('-f one.yaml'), { stdout: 'NAME   DATA   AGE\nbeta   2      5m7s\n', stderr: '', code: 0 });
  assert.deepEqual(await at('-f one.yaml -l tier=front'), { stdout: '', stderr: 'No resources found in default namespace.\n', code: 0 });
  assert.deepEqual(await at('-f empty.yaml'), { stdout: '', stderr: 'No resources found in default namespace.\n', code: 0 });
  assert.deepEqual(await at('-f foo.yaml'), {
    stdout: '',
    stderr: 'resource mapping not found for name: "x" namespace: "" from "foo.yaml": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first\n',
    code: 1,
  });
  assert.equal((await at('-f one.yaml cm')).stderr, 'error: when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well\n');
  assert.equal((await at('-f nope.yaml')).stderr, 'error: the path "nope.yaml" does not exist\n');
});

test("get -f: one file (or a directory of one) implies a single item, printed as itself; a document without a name is printed as read", async () => {
  const { writeFileSync, mkdirSync } = await import('node:fs');
  const { join } = await import('node:path');
  const dir = join(home.home, 'single');
  mkdirSync(join(dir, 'onefile'), { recursive: true });
  const doc = (kind: string, name: string) => `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n`;
  writeFileSync(join(dir, 'beta.yaml'), doc('ConfigMap', 'beta'));
  writeFileSync(join(dir, 'onefile', 'beta.yaml'), doc('ConfigMap', 'beta'));
  writeFileSync(join(dir, 'two.yaml'), [doc('ConfigMap', 'alpha'), doc('ConfigMap', 'beta')].join('---\n'));
  writeFileSync(join(dir, 'unnamed.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: gen-\ndata: {k: v}\n');
  const at = (args: string) => runCli(`get ${args}`, { home: home.home, now: NOW, cwd: dir });
  for (const path of ['beta.yaml', 'onefile']) {
    assert.deepEqual(await at(`-f ${path} -o jsonpath={.kind}/{.metadata.name}`), { stdout: 'ConfigMap/beta', stderr: '', code: 0 }, path);
  }
  assert.deepEqual(await at('-f two.yaml -o jsonpath={.kind}'), { stdout: 'List', stderr: '', code: 0 });
  assert.deepEqual(await at('-f unnamed.yaml'), { stdout: 'NAME   AGE\n       <unknown>\n', stderr: '', code: 0 });
  assert.deepEqual(await at('-f unnamed.yaml -o name'), { stdout: 'configmap/<unknown>\n', stderr: '', code: 0 });
  // -A leaves a document without a namespace of its own: a namespaced object cannot be fetched.
  assert.deepEqual(await at('-f two.yaml -A'), {
    stdout: '',
    stderr: 'no namespace set on resource /v1, Resource=configmaps "alpha"\nno namespace set on resource /v1, Resource=configmaps "beta"\n',
    code: 1,
  });
  assert.deepEqual(await at('-f beta.yaml -A -o yaml'), { stdout: '', stderr: 'error: no namespace set on resource /v1, Resource=configmaps "beta"\n', code: 1 });
  assert.deepEqual(await at('-f unnamed.yaml -A'), { stdout: 'NAMESPACE   NAME   AGE\n                   <unknown>\n', stderr: '', code: 0 });
  assert.deepEqual(await at('-f unnamed.yaml -o json'), {
    stdout: JSON.stringify({ apiVersion: 'v1', data: { k: 'v' }, kind: 'ConfigMap', metadata: { generateName: 'gen-', namespace: 'default' } }, null, 4) + '\n',
    stderr: '',
    code: 0,
  });
});
