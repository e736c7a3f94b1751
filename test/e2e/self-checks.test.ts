/**
 * The real binary through a day in a cluster's life with both self-checks on: every controller the
 * reconcile loop skips is run anyway and must write nothing (KUBECTL_LITE_CHECK_SKIPS), and every
 * command line the simple parser takes is parsed by commander too and must come out the same
 * (KUBECTL_LITE_CHECK_ARGS). Either check fails the command if it finds a difference.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT, runBin, tempHome } from '../helpers/cli.js';

const CHECKS = { KUBECTL_LITE_CHECK_SKIPS: '1', KUBECTL_LITE_CHECK_ARGS: '1', KUBECTL_LITE_CHECK_SETTLE: '1' };

test('skipped controllers and the simple argument parser change nothing (self-checks on, real binary)', () => {
  const h = tempHome();
  try {
    const kl = (args: string[], stdin?: string) => {
      const r = runBin(args, { home: h.home, env: CHECKS, stdin });
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    kl(['apply', '-f', join(REPO_ROOT, 'manifests', 'web.yaml')]);
    kl(['apply', '-f', '-'], '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"solo","labels":{"app":"solo"}},"spec":{"containers":[{"name":"a","image":"nginx"}]}}');
    kl(['scale', 'deployment', 'web', '--replicas=5']);
    kl(['set', 'image', 'deployment/web', 'web=nginx:1.28']);
    kl(['rollout', 'status', 'deployment/web', '--timeout=60s']);
    const nodes = kl(['get', 'nodes', '-o', 'name']).trim().split('\n');
    const worker = nodes.find((n) => n.includes('worker'))!.replace('node/', '');
    kl(['node', 'stop', worker]);
    kl(['cluster', 'advance', '6m']);
    kl(['get', 'pods', '-A', '-o', 'wide', '--no-headers']);
    kl(['node', 'start', worker]);
    kl(['cluster', 'advance', '1m']);
    kl(['delete', 'deployment', 'web', '--wait=false']);
    kl(['cluster', 'advance', '1m']);
    const left = kl(['get', 'pods', '-l', 'app=web', '-o', 'name']);
    assert.equal(left, '', 'the Deployment\'s pods went with it');
    assert.match(kl(['get', 'pod', 'solo', '-o', 'jsonpath={.status.phase}']), /^Running$/);
  } finally {
    h.dispose();
  }
});
