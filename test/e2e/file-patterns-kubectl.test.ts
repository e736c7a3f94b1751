/**
 * What kubectl's builder makes of -f and -k before and as it reads them: a path that does not exist
 * read as a Go file pattern (`-f 'dir/*.yaml'`), the paths checked before the resource arguments,
 * a directory with nothing to read refused only while nothing was read, and a kustomization that
 * does not build reported as an error of the builder's visit (scale's `no objects passed to
 * scale`, rollout's bare aggregate). Then the verbs' own handling of -k and --local (patch -k, set
 * env's and set serviceaccount's files-only --local, set selector without -k) and the flags kubectl
 * has or lacks (diff --validate, taint --validate, scale --timeout), -f URLs read over HTTP, and -A
 * beside -f.
 * Through serve, the real kubectl is the expectation.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { comparable, kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { serveForSuite } from './serve-helpers.js';

const cm = (name: string, extra = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\n${extra}`;
const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx}]}\n';

describe('-f patterns, path checks and -k build errors as kubectl handles them', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite((s) => {
    s.lite(['create', 'configmap', 'one']);
    s.lite(['create', 'deployment', 'web', '--image=nginx']);
  });
  let dir = '';
  const at = (...parts: string[]) => join(dir, ...parts);
  const usage = (r: { stdout: string; stderr: string; code: number }) => comparable(r, 'kubectl-lite');
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kl-patterns-'));
    writeFileSync(at('cm-one.yaml'), cm('one'));
    writeFileSync(at('cm-two.yaml'), cm('two'));
    writeFileSync(at('web.yaml'), DEPLOY);
    mkdirSync(at('empty'));
    writeFileSync(at('empty', 'notes.txt'), 'not a manifest');
    mkdirSync(at('kbad'));
    writeFileSync(at('kbad', 'kustomization.yaml'), 'resources:\n- nothere.yaml\n');
    mkdirSync(at('kweb'));
    writeFileSync(at('kweb', 'web.yaml'), DEPLOY);
    writeFileSync(at('kweb', 'kustomization.yaml'), 'resources:\n- web.yaml\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a path that does not exist is a Go file pattern: every match read, in order; a bad pattern and no match refused in kubectl words', async () => {
    // Two files: the one found is printed beside the other's NotFound (not a single item).
    const both = await suite.same(['get', '-f', at('cm-*.yaml'), '-o', 'name']);
    assert.equal(both.stdout, 'configmap/one\n');
    assert.equal(both.stderr, 'Error from server (NotFound): configmaps "two" not found\n');
    assert.equal((await suite.same(['get', '-f', at('cm-o?e.yaml'), '-o', 'name'])).stdout, 'configmap/one\n');
    await suite.same(['get', '-f', at('cm-[ot]*.yaml')]);
    await suite.same(['get', '-f', at('[cw]*.yaml'), '-o', 'name']);
    assert.equal((await suite.same(['get', '-f', at('cm-[.yaml')])).stderr, `error: pattern "${at('cm-[.yaml')}" is not valid: syntax error in pattern\n`);
    assert.equal((await suite.same(['get', '-f', at('zz*.yaml')])).stderr, `error: the path "${at('zz*.yaml')}" does not exist\n`);
    const applied = await suite.same(['apply', '-f', at('cm-*.yaml'), '--dry-run=client']);
    assert.equal(applied.stdout, 'configmap/one configured (dry run)\nconfigmap/two created (dry run)\n');
  });

  test('-f paths are checked before the resource arguments beside them; several missing paths are one line each', async () => {
    // Each verb's words before the path and after the argument.
    const verbs: Array<[string[], string[]]> = [
      [['get'], []], [['describe'], []], [['delete'], []], [['label'], ['a=b']], [['annotate'], ['a=b']], [['scale', '--replicas=1'], []],
      [['patch', '-p', '{}'], []], [['set', 'image'], ['web=nginx:2']], [['rollout', 'status'], []],
    ];
    for (const [words, changes] of verbs) {
      const r = await suite.same([...words, '-f', at('missing.yaml'), 'deploy/web', ...changes]);
      assert.equal(r.stderr, `error: the path "${at('missing.yaml')}" does not exist\n`, words.join(' '));
    }
    const two = await suite.same(['get', '-f', at('missing.yaml'), '-f', at('missing2.yaml'), 'deploy/web']);
    assert.equal(two.stderr, `the path "${at('missing.yaml')}" does not exist\nthe path "${at('missing2.yaml')}" does not exist\n`);
    // patch and the set verbs went on to the file's objects with the arguments unread.
    const beside: Array<[string[], string[]]> = [[['patch', '-p', '{}'], []], [['set', 'image'], ['web=nginx:2']], [['set', 'env'], ['A=1']], [['set', 'resources', '--limits=cpu=1'], []]];
    for (const [words, changes] of beside) {
      const r = await suite.same([...words, '-f', at('web.yaml'), 'deploy/web', ...changes]);
      assert.equal(r.stderr, 'error: resource/name arguments cannot be provided when a path is specified\n', words.join(' '));
    }
  });

  test('a directory with nothing to read is refused only while no path before it gave anything (stdin counts)', async () => {
    const refused = await suite.same(['get', '-f', at('empty'), '-f', at('cm-one.yaml'), '-o', 'name']);
    assert.equal(refused.stderr, `error: error reading [${at('empty')}]: recognized file extensions are [.json .yaml .yml]\n`);
    assert.equal((await suite.same(['get', '-f', at('cm-one.yaml'), '-f', at('empty'), '-o', 'name'])).stdout, 'configmap/one\n');
    assert.equal((await suite.same(['get', '-f', at('em*'), '-f', at('cm-one.yaml')])).code, 1);
    assert.equal((await suite.same(['get', '-f', '-', '-f', at('empty')])).code, 0);
  });

  test("a kustomization that does not build is an error of the builder's visit: scale says no objects passed, rollout's aggregate is bare", async () => {
    const scaled = await suite.same(['scale', '--replicas=1', '-k', at('kbad')]);
    assert.match(scaled.stderr, /^error: no objects passed to scale accumulating resources: /);
    assert.match((await suite.same(['scale', '--replicas=1', '-k', at('nowhere')])).stderr, /^error: no objects passed to scale must build at directory: /);
    for (const sub of ['restart', 'pause', 'resume']) {
      assert.match((await suite.same(['rollout', sub, '-k', at('kbad')])).stderr, /^accumulating resources: /, sub);
    }
    for (const verb of [['delete'], ['apply'], ['rollout', 'status'], ['label', 'a=b'], ['get']]) await suite.same([...verb, '-k', at('kbad')]);
  });

  test('patch -k patches what the kustomization builds; set env counts -f, not -k; set selector has no -k; --local set env and serviceaccount read only the files', async () => {
    const patched = await suite.same(['patch', '-k', at('kweb'), '-p', '{"metadata":{"labels":{"patched":"yes"}}}']);
    assert.equal(patched.stdout, 'deployment.apps/web patched\n');
    assert.equal((await suite.same(['get', 'deploy/web', '-o', 'jsonpath={.metadata.labels.patched}'])).stdout, 'yes');
    assert.equal((await suite.same(['patch', '-k', at('kbad'), '-p', '{}'])).code, 1);
    assert.equal((await suite.same(['set', 'env', '-k', at('kweb'), 'A=1'])).stderr, 'error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n');
    await suite.same(['set', 'env', 'deploy/web', '-k', at('kweb'), 'A=1']);
    assert.match((await suite.same(['set', 'selector', '-k', at('kweb'), 'a=b'], usage)).stderr, /^Error: unknown shorthand flag: 'k' in -k\n/);
    assert.equal((await suite.same(['set', 'env', '--local', '-f', at('web.yaml'), 'deploy/other', 'A=1', '-o', 'name'])).stdout, 'deployment.apps/web\n');
    assert.equal((await suite.same(['set', 'serviceaccount', '--local', '-f', at('web.yaml'), 'deploy/other', 'sa', '-o', 'name'])).stdout, 'deployment.apps/web\n');
    assert.match((await suite.same(['set', 'env', '--local', 'deploy/web', 'A=1'])).stderr, /^error: You must provide one or more resources by argument or filename\./);
    assert.match((await suite.same(['set', 'image', '--local', '-f', at('web.yaml'), 'deploy/web', 'web=nginx:2'])).stderr, /^error: you must specify resources by --filename when --local is set\./);
    // --list lists the file's objects (the live one, or with --local the file's own).
    await suite.same(['set', 'env', '--list', '-f', at('web.yaml')]);
    await suite.same(['set', 'env', '--list', '--local', '-f', at('web.yaml')]);
  });

  test('apply view-last-applied -f stops at the first object it cannot show, missing or without the annotation, in file order', async () => {
    const first = at('view-one-first.yaml');
    writeFileSync(first, `${cm('one')}---\n${cm('nothere')}`);
    const r = await suite.same(['apply', 'view-last-applied', '-f', first]);
    assert.equal(r.stderr, `error: error when no last-applied-configuration annotation found on resource: one\n "${first}": <nil>\n`);
    const missingFirst = at('view-missing-first.yaml');
    writeFileSync(missingFirst, `${cm('nothere')}---\n${cm('one')}`);
    assert.equal((await suite.same(['apply', 'view-last-applied', '-f', missingFirst])).stderr, 'Error from server (NotFound): configmaps "nothere" not found\n');
  });

  test('-f http://...: read over HTTP as kubectl reads it (redirects followed, a 5xx retried a second later, another status the document\'s error, a refused connection in kubectl\'s words)', async () => {
    // In a process of its own: kubectl-lite runs synchronously here, and would wait on this one forever.
    const script = at('http-server.cjs');
    writeFileSync(script, `
      const { createServer } = require('node:http');
      const { existsSync, readFileSync } = require('node:fs');
      const { join } = require('node:path');
      let flaky = 0;
      const server = createServer((req, res) => {
        const path = req.url;
        if (path === '/moved') return void res.writeHead(302, { location: '/cm-one.yaml' }).end();
        // Every other request for it fails: each client's first try, then its retry succeeds.
        if (path === '/flaky.yaml' && flaky++ % 2 === 0) return void res.writeHead(503).end();
        const file = join(${JSON.stringify(dir)}, path === '/flaky.yaml' ? 'cm-one.yaml' : path.slice(1));
        if (!/^\\/[\\w.-]+$/.test(path) || !existsSync(file)) return void res.writeHead(404).end();
        res.writeHead(200).end(readFileSync(file));
      });
      server.listen(0, '127.0.0.1', () => console.log(server.address().port));
    `);
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<string>((r) => child.stdout!.once('data', (d: Buffer) => r(d.toString().trim())));
    const base = `http://127.0.0.1:${port}`;
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const refused = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/x.yaml`;
    await new Promise((r) => closed.close(r));
    try {
      assert.equal((await suite.same(['get', '-f', `${base}/cm-one.yaml`, '-o', 'name'])).stdout, 'configmap/one\n');
      assert.equal((await suite.same(['get', '-f', `${base}/moved`, '-o', 'name'])).stdout, 'configmap/one\n');
      assert.equal((await suite.same(['get', '-f', `${base}/flaky.yaml`, '-o', 'name'])).stdout, 'configmap/one\n');
      const missing = `${base}/nothere.yaml`;
      assert.equal((await suite.same(['apply', '-f', missing])).stderr, `error: unable to read URL "${missing}", server reported 404 Not Found, status code=404\n`);
      assert.equal((await suite.same(['get', '-f', `${base}/cm-two.yaml`, '-f', missing])).stderr, `Error from server (NotFound): configmaps "two" not found\nunable to read URL "${missing}", server reported 404 Not Found, status code=404\n`);
      assert.equal((await suite.same(['apply', '-f', `${base}/cm-two.yaml`, '--dry-run=client'])).stdout, 'configmap/two created (dry run)\n');
      assert.equal((await suite.same(['apply', '-f', refused])).stderr, `The connection to the server ${new URL(refused).host} was refused - did you specify the right host or port?\n`);
    } finally {
      child.kill();
    }
  });

  test('-A beside -f: a document without a namespace of its own is asked for in none (describe: NotFound; label, annotate, get: no namespace set)', async () => {
    const one = at('cm-one.yaml');
    assert.equal((await suite.same(['describe', '-f', one, '-A'])).stderr, 'Error from server (NotFound): configmaps "one" not found\n');
    for (const verb of ['label', 'annotate']) {
      assert.equal((await suite.same([verb, '-f', one, '-A', 'a=b'])).stderr, 'error: no namespace set on resource /v1, Resource=configmaps "one"\n', verb);
    }
    assert.equal((await suite.same(['get', '-f', one, '-A'])).stderr, 'no namespace set on resource /v1, Resource=configmaps "one"\n');
    // One with its namespace written is found as without -A.
    const placed = at('cm-placed.yaml');
    writeFileSync(placed, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: one, namespace: default}\n');
    assert.equal((await suite.same(['label', '-f', placed, '-A', 'a=b', '--dry-run=client'])).stdout, 'configmap/one labeled (dry run)\n');
    await suite.same(['describe', '-f', placed, '-A']);
  });

  test('flags as kubectl has them: diff has no --validate and warns of unknown fields; taint checks --validate first; scale --timeout is a duration', async () => {
    assert.match((await suite.same(['diff', '--validate=false', '-f', at('cm-one.yaml')], usage)).stderr, /^error: unknown flag: --validate\n/);
    const unknown = at('cm-unknown.yaml');
    writeFileSync(unknown, cm('one', 'bogus: 1\ndata: {a: "2"}\n'));
    const diffed = await suite.same(['diff', '-f', unknown], (r) => ({ ...r, stdout: r.stdout.replace(/\/tmp\/\S+|\d{4}-\d\d-\d\d [\d:.]+ \+0000/g, 'X') }));
    assert.equal(diffed.code, 1);
    assert.equal(diffed.stderr, 'Warning: unknown field "bogus"\n');
    assert.equal((await suite.same(['taint', '--validate=bogus'])).stderr, 'error: invalid - validate option "bogus"; must be one of: strict (or true), warn, ignore (or false)\n');
    await suite.same(['taint', 'nodes', 'lite-worker', 'a=b:NoSchedule', '--validate=warn', '--dry-run=client']);
    assert.match((await suite.same(['scale', '--replicas=1', '--timeout=1x', 'deploy/web'], usage)).stderr, /^Error: invalid argument "1x" for "--timeout" flag: time: unknown unit "x" in duration "1x"\n/);
  });
});
