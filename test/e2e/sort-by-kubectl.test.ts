/**
 * get --sort-by as the real kubectl v1.32 sorts, through serve: the server's responses sorted as
 * objects first (each a Table for a table), then each Table's rows; a table path that does not
 * parse or that no row has prints nothing (and succeeds), an object format says why (and fails);
 * values kubectl cannot compare (maps, lists, bools) end it through klog. Also the TYPE/NAME
 * argument checks, --output-watch-events without a watch, and events --for an unknown type.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Result } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { serveForSuite } from './serve-helpers.js';

const OBJECTS = ['b', 'a10', 'a9']
  .map((name, i) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: {app: web, order: "${3 - i}"}
spec:
  containers:
  - name: c
    image: nginx
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm-${name}
data: {k: v}
`)
  .join('---\n')
  .concat(`---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{port: 80}]
`);

/** A klog line's time and process id are the process's own. */
const withoutKlogHeader = (r: Result): Result => ({ ...r, stderr: r.stderr.replace(/^F\d{4} [\d:.]+ +\d+ /gm, 'F ') });

describe('get --sort-by, as kubectl sorts', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite((served) => assert.equal(served.lite(['apply', '-f', '-'], { stdin: OBJECTS }).code, 0));

  test('a table sorts its rows; a path it cannot use prints nothing of it, and succeeds', async () => {
    for (const path of ['.metadata.name', '{.metadata.labels.order}', '{.metadata.name', '.metadata.name}', '{.metadata.name}{.x}', '.items[0]', 'abc{.metadata.name}']) {
      for (const output of [[], ['-o', 'wide']]) await suite.same(['get', 'pods', `--sort-by=${path}`, ...output]);
    }
    // Strings are compared byte-wise (a10 before a9), as kubectl v1.32 compares them.
    const real = await suite.same(['get', 'pods', '--sort-by=.metadata.name', '-o', 'name']);
    assert.equal(real.stdout, 'pod/a10\npod/a9\npod/b\n');
  });

  test('several responses are sorted as Tables first: only their own fields are found', async () => {
    for (const path of ['.metadata.name', '.kind', '.metadata.resourceVersion', '{.status.conditions[?(@.type=="Ready")].status}']) {
      await suite.same(['get', 'pods,svc', `--sort-by=${path}`]);
      await suite.same(['get', 'pods', 'a9', 'b', `--sort-by=${path}`]);
      await suite.same(['get', 'pods,cm', `--sort-by=${path}`, '-o', 'wide']);
    }
  });

  test('an object format needs a relaxed path and a field some object has', async () => {
    for (const path of ['{.metadata.name', '{.metadata.name}{.x}', '.items[0]', '.metadata.name']) {
      for (const output of ['name', 'yaml', 'custom-columns=N:.metadata.name']) await suite.same(['get', 'pods,cm', `--sort-by=${path}`, '-o', output]);
    }
  });

  test('maps, lists and bools cannot be sorted: kubectl exits through klog', async () => {
    for (const path of ['.metadata.labels', '.spec.containers', '.status.containerStatuses[0].ready']) {
      for (const output of [[], ['-o', 'name']]) {
        const real = await suite.same(['get', 'pods', `--sort-by=${path}`, ...output], withoutKlogHeader);
        assert.match(real.stderr, /^F\d{4} .* sorter\.go:\d+\] Field \{.*\} in .* is an unsortable type: interface, err: unsortable type: /);
      }
    }
  });

  test('TYPE/NAME arguments: one slash, one type', async () => {
    for (const args of [['get', 'pods/a/b'], ['get', 'pods,svc/web'], ['get', 'pods,/b'], ['get', 'pods,pods/b'], ['label', 'pods,svc/web', 'x=y'], ['annotate', 'pods/a/b', 'x=y'], ['delete', 'pods,svc/web']]) {
      await suite.same(args);
    }
  });

  test('events --for a type the server does not have: the mapper\'s words, bare', async () => {
    for (const f of ['nope/x', 'Nope/x', 'nope.apps/x', 'nope.v1.apps/x', 'pods']) await suite.same(['events', `--for=${f}`]);
  });

  test('--output-watch-events needs a watch, and is checked before the builder', async () => {
    await suite.same(['get', 'pods', '--output-watch-events']);
    await suite.same(['get', 'pods', 'b', '-l', 'app=web', '--output-watch-events']);
    await suite.same(['get', 'pods', 'b', '-l', 'app=web', '--show-labels', '-o', 'yaml']);
  });
});
