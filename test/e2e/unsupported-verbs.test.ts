/**
 * What kubectl cp and debug check before they start: cp's two file specifications, a local source
 * that must exist, and the pod (a missing one is NotFound), before the copy (test/e2e/cp.test.ts);
 * debug's flags, the legacy profile's deprecation line and what it debugs (a pod, or TYPE/NAME;
 * the session itself: test/e2e/debug.test.ts). Then the real kubectl through serve says the same.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

const PROFILE = '--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example "--profile=general".\n';

/** debug's checks before the session, with kubectl's stderr. */
const debugCases = (): Array<[args: string[], stderr: string]> => [
  [['debug', '--image=busybox'], 'error: NAME or filename is required for debug\n'],
  [['debug', 'nope'], 'error: you must specify --image when not using --copy-to.\n'],
  [['debug', 'nope', '--image=busybox'], `${PROFILE}Error from server (NotFound): pods "nope" not found\n`],
  [['debug', 'node/nope', '--image=busybox'], `${PROFILE}Error from server (NotFound): nodes "nope" not found\n`],
  [['debug', 'deploy/nope', '--image=busybox', '--profile=general'], 'Error from server (NotFound): deployments.apps "nope" not found\n'],
  [['debug', '--copy-to=x'], 'error: you must specify --image, --set-image or command arguments.\n'],
  [['debug', 'web', '--replace', '--image=busybox', '--profile=general'], 'error: --replace may only be used with --copy-to.\n'],
  [['debug', 'web', '--same-node', '--image=busybox', '--profile=general'], 'error: --same-node may only be used with --copy-to.\n'],
  [['debug', 'web', '--image=busybox', '--profile=bogus'], 'error: unknown profile: bogus\n'],
];

describe('cp', () => {
  let home: string;
  let dispose: () => void;
  before(async () => {
    ({ home, dispose } = tempHome());
    assert.equal((await runCli(['apply', '-f', '-'], { home, stdin: POD })).code, 0);
  });
  after(() => dispose());

  test('checks its arguments and finds the pod as kubectl does, then copies', async () => {
    for (const [args, stderr] of cases()) assert.deepEqual(await runCli(args, { home }), { stdout: '', stderr, code: 1 }, args.join(' '));
    assert.deepEqual(await runCli(['cp', 'web:/etc/hostname', join(dir, 'h')], { home }), {
      stdout: "tar: removing leading '/' from member names\n",
      stderr: '',
      code: 0,
    });
    assert.equal(readFileSync(join(dir, 'h'), 'utf8'), 'web\n');
  });

  test('debug checks its flags and finds what it debugs as kubectl does', async () => {
    for (const [args, stderr] of debugCases()) assert.deepEqual(await runCli(args, { home }), { stdout: '', stderr, code: 1 }, args.join(' '));
  });
});

describe('cp and debug, through serve: the real kubectl checks the same', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite((served) => assert.equal(served.lite(['apply', '-f', '-'], { stdin: POD }).code, 0));
  test('every check before the copy', async () => {
    for (const [args] of cases()) await suite.same(args);
  });
  test('every check of debug before the session', async () => {
    for (const [args] of debugCases()) await suite.same(args);
  });
});
