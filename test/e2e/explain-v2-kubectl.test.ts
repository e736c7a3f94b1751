/**
 * `explain --output=plaintext-openapiv2`: real kubectl v1.32 renders the OpenAPI v2 document serve
 * publishes (protobuf, as client-go asks for it), kubectl-lite renders the same definitions; the two
 * must be byte for byte the same, errors and exit codes too. Skipped, saying so, without kubectl.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import yaml from 'js-yaml';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { packageRoot } from '../../src/util/paths.js';
import { wrapString } from '../../src/cli/explain-v2.js';
import { serveForSuite } from './serve-helpers.js';

const skip = !kubectlAvailable() && SKIP_NO_KUBECTL;
if (skip) process.stderr.write(`SKIPPING explain-v2-kubectl: ${SKIP_NO_KUBECTL}\n`);

/** Random prose with what kubectl's wrapper treats apart: blank lines, code lines, bullets, words ending in ':', long words, non-ASCII. */
function randomText(rnd: (n: number) => number): string {
  let text = '';
  for (let j = 1 + rnd(50); j > 0; j--) {
    const r = rnd(24);
    text += ['\n', '\n\n', '\n    code(x) = 1\n', '\n- item', '\n12. step', '\n* star', 'note:', 'x'.repeat(60 + rnd(30)), 'café—naïve', '  '][r] ?? 'w'.repeat(1 + rnd(12));
    if (rnd(5)) text += ' ';
  }
  return text;
}

const WIDGETS = (descriptions: string[]) => ({
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
    versions: [
      {
        name: 'v1', served: true, storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object', description: 'A widget.\n\nIt has parts:\n- one\n- two\n\n    code block\nEnd: done', required: ['spec'],
            properties: {
              spec: {
                type: 'object', required: ['size'],
                properties: {
                  size: { type: 'integer', description: 'How big.' },
                  port: { 'x-kubernetes-int-or-string': true, description: 'A port.' },
                  free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                  tags: { type: 'object', additionalProperties: { type: 'string' } },
                  parts: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, weights: { type: 'array', items: { type: 'number' } } } } },
                  anything: { 'x-kubernetes-preserve-unknown-fields': true, description: 'Whatever.' },
                  prose: { type: 'object', properties: Object.fromEntries(descriptions.map((d, i) => [`f${String(i).padStart(3, '0')}`, { type: 'string', description: d }])) },
                },
              },
            },
          },
        },
      },
      { name: 'v2', served: true, storage: false, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { x: { type: 'string' } } } } } } },
    ],
  },
});

describe('explain --output=plaintext-openapiv2 through serve', { skip }, () => {
  let seed = 11;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  const descriptions = Array.from({ length: 60 }, () => randomText(rnd));
  const suite = serveForSuite((served) => {
    assert.equal(served.lite(['apply', '-f', join(packageRoot(), 'manifests', 'crds', 'certificates.yaml')]).code, 0);
    const r = served.lite(['apply', '-f', '-'], { stdin: JSON.stringify(WIDGETS(descriptions)) });
    assert.equal(r.code, 0, r.stderr);
  });

  for (const args of [
    'explain pods -o plaintext-openapiv2',
    'explain deploy.spec.strategy --output=plaintext-openapiv2', // a reference: RESOURCE, its description
    'explain pods.spec.containers -o plaintext-openapiv2', // an array of objects: <[]Object>, both descriptions
    'explain pods.spec.containers.resources.limits -o plaintext-openapiv2', // a map: FIELD <map[string]string>
    'explain pods.spec.nodeName -o plaintext-openapiv2',
    'explain pods.spec.nodeName.foo -o plaintext-openapiv2', // a primitive ends the path, named by its last word
    'explain pods.spec.nope -o plaintext-openapiv2', // the error, and nothing printed before it
    'explain svc.spec.ports.targetPort -o plaintext-openapiv2', // IntOrString is a string in v2
    'explain nodes.status.capacity -o plaintext-openapiv2', // Quantity too
    'explain deploy --recursive -o plaintext-openapiv2',
    'explain crd --recursive -o plaintext-openapiv2', // a schema that contains itself is cut where it repeats
    'explain deploy --api-version=apps/v2 -o plaintext-openapiv2', // the document has no such kind
    'explain deploy --api-version=v1 -o plaintext-openapiv2',
    'explain deploy --api-version=a/b/c -o plaintext-openapiv2',
    'explain hpa --api-version=autoscaling/v1 -o plaintext-openapiv2',
    'explain deployments.apps.spec --api-version=apps/v1 -o plaintext-openapiv2', // apps is a field: the first missing one is named
    'explain certificates -o plaintext-openapiv2',
    'explain certificates --recursive -o plaintext-openapiv2',
    'explain widgets -o plaintext-openapiv2', // blank lines, a list, a code line, a word ending in ':'
    'explain widgets.spec -o plaintext-openapiv2',
    'explain widgets.spec.port -o plaintext-openapiv2',
    'explain widgets.spec.free -o plaintext-openapiv2', // an object of anything: DESCRIPTION <empty>
    'explain widgets.spec.free.x -o plaintext-openapiv2',
    'explain widgets.spec.tags -o plaintext-openapiv2',
    'explain widgets.spec.parts.weights -o plaintext-openapiv2',
    'explain widgets.spec.anything -o plaintext-openapiv2',
    'explain widgets --api-version=example.com/v2 -o plaintext-openapiv2',
    'explain widgets.spec.prose -o plaintext-openapiv2', // 60 random descriptions, wrapped
    // The argument is a JSONPath ({.ARG}); what follows resource.group is read again, its first node passed over.
    'explain pods./x',
    'explain pods.spec./x',
    'explain .pods/x',
    'explain deploy,deploy/web',
    'explain pods..spec',
    "explain pods.metadata['name']",
    'explain pods.spec[0]',
    'explain pods.spec[0] --api-version=v1',
    'explain pods}x{.y',
    'explain .',
    'explain certificates.cert-manager.io.spec.dnsNames',
  ]) {
    test(args, async () => {
      await suite.same(args);
    });
  }

  // A List is never validated by the server (kubectl knows no fieldValidation for it): kubectl checks
  // its items on the client against these definitions, so they must accept what the server accepts.
  test("a List of every shipped manifest passes kubectl's client-side validation; a wrong type is refused", async () => {
    const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
    const items = files(join(packageRoot(), 'manifests'))
      // invalid.yaml is wrong on purpose (see manifests/crds/README): the server refuses it too.
      .filter((f) => /\.(ya?ml|json)$/.test(f) && !f.endsWith('invalid.yaml'))
      .flatMap((f) => yaml.loadAll(readFileSync(f, 'utf8')) as Array<Record<string, unknown> | null>)
      .flatMap((d) => (d && Array.isArray(d.items) ? d.items : d ? [d] : []));
    assert.ok(items.length > 40, `${items.length} objects`);
    const list = (objects: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects });
    const ok = await suite.served.kubectl(['create', '--dry-run=client', '-o', 'name', '-f', '-'], { stdin: list(items) });
    assert.doesNotMatch(ok.stderr, /error validating/);
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 'http' }] }], extra: 1 } };
    const refused = await suite.served.kubectl(['create', '--dry-run=client', '-f', '-'], { stdin: list([pod]) });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /ValidationError\(Pod\.spec\.containers\[0\]\.ports\[0\]\.containerPort\): invalid type for [\w.]+: got "string", expected "integer"/);
    assert.match(refused.stderr, /ValidationError\(Pod\.spec\): unknown field "extra"/);
  });

  test('every built-in resource is explained as kubectl explains it', async () => {
    const names = suite.served.lite(['api-resources', '-o', 'name']).stdout.trim().split('\n');
    assert.ok(names.length > 50, `${names.length} resources`);
    for (const name of names) await suite.same(['explain', name, '-o', 'plaintext-openapiv2']);
  });
});

test('wrapString: kubectl explain v2 wrapping', () => {
  // Lines are joined and broken again within the width (in bytes).
  assert.deepEqual(wrapString('aaa bbb\nccc ddd eee', 11), ['aaa bbb ccc', 'ddd eee']);
  assert.deepEqual(wrapString('é é é', 4), ['é', 'é', 'é']);
  // A word ending in ':' ends its line; a list item and a code line start one; a blank line stays, except before anything was written.
  assert.deepEqual(wrapString('Parts:\nnext\n- one\n    code\n\nlast', 80), ['Parts:', 'next', '- one', '    code', '', 'last']);
  assert.deepEqual(wrapString('first\n\nsecond', 80), ['first', 'second']);
  // A word longer than the width is a line of its own.
  assert.deepEqual(wrapString('a ' + 'x'.repeat(12) + ' b', 10), ['a', 'x'.repeat(12), 'b']);
  assert.deepEqual(wrapString('', 80), []);
});
