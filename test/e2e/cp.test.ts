/**
 * kubectl cp: the copy is not simulated, but what kubectl checks before it runs tar in the
 * container is: the two file specifications, a local source that must exist, and the pod (a
 * missing one is NotFound). Then the real kubectl through serve says the same.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli, tempHome } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { serveForSuite } from './serve-helpers.js';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: app, image: nginx}]}\n';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kl-cp-'));
  writeFileSync(join(dir, 'here.txt'), 'hello\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** The checks before the copy, each with kubectl's error (none: the copy itself is reached). */
const cases = (): Array<[args: string[], stderr: string | undefined]> => [
  [['cp', 'web:/x'], 'error: source and destination are required\n'],
  [['cp', ':/x', '/tmp/x'], 'error: filespec must match the canonical format: [[namespace/]pod:]file/path\n'],
  [['cp', 'a/b/c:/x', '/tmp/x'], 'error: filespec must match the canonical format: [[namespace/]pod:]file/path\n'],
  [['cp', 'web:/x', 'web:/y'], 'error: one of src or dest must be a local file specification\n'],
  [['cp', 'web:', '/tmp/x'], 'error: filepath can not be empty\n'],
  [['cp', join(dir, 'here.txt'), join(dir, 'there.txt')], 'error: one of src or dest must be a remote file specification\n'],
  [['cp', join(dir, 'nope.txt'), 'web:/tmp'], `error: ${join(dir, 'nope.txt')} doesn't exist in local filesystem\n`],
  [['cp', 'nope:/x', join(dir, 'x')], 'Error from server (NotFound): pods "nope" not found\n'],
  [['cp', join(dir, 'here.txt'), 'kube-system/web:/tmp'], 'Error from server (NotFound): pods "web" not found\n'],
];

describe('cp', () => {
  let home: string;
  let dispose: () => void;
  before(async () => {
    ({ home, dispose } = tempHome());
    assert.equal((await runCli(['apply', '-f', '-'], { home, stdin: POD })).code, 0);
  });
  after(() => dispose());

  test('checks its arguments and finds the pod as kubectl does, then says the copy is not simulated', async () => {
    for (const [args, stderr] of cases()) assert.deepEqual(await runCli(args, { home }), { stdout: '', stderr, code: 1 }, args.join(' '));
    assert.deepEqual(await runCli(['cp', 'web:/etc/hostname', join(dir, 'h')], { home }), {
      stdout: '',
      stderr: 'error: cp is not possible in a kubectl-lite cluster: copying files in or out of a simulated container is not simulated (exec can read and write them)\n',
      code: 1,
    });
  });
});

describe('cp, through serve: the real kubectl checks the same', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite((served) => assert.equal(served.lite(['apply', '-f', '-'], { stdin: POD }).code, 0));
  test('every check before the copy', async () => {
    for (const [args] of cases()) await suite.same(args);
  });
});
