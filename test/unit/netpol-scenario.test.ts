/** manifests/networkpolicy/README.md, step by step, through the network programs the README runs with exec. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { KubeObject } from '../../src/api/types.js';
import { parseYamlDocuments } from '../../src/api/yaml-documents.js';
import { NET_PROGRAMS } from '../../src/userland/net-tools.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { from, NetCluster, runProgram } from './net-harness.js';

function manifest(name: string): KubeObject[] {
  const path = join(REPO_ROOT, 'manifests', 'networkpolicy', name);
  return parseYamlDocuments(path, readFileSync(path, 'utf8')).filter((d): d is KubeObject => !!d);
}

test('the NetworkPolicy scenario: open, default deny (DNS included), then allowed for the frontend only', async () => {
  const c = new NetCluster();
  c.apply(...manifest('apps.yaml'));
  const run = (ns: string, name: string, argv: string[]) => runProgram(NET_PROGRAMS[argv[0]!]!, c.world(), from(c.pod(name, ns)), argv);
  assert.match((await run('shop', 'frontend', ['wget', '-qO-', 'web'])).stdout, /^web-\S+ \(container web, /);
  assert.match((await run('outside', 'client', ['wget', '-qO-', 'web.shop'])).stdout, /^web-/);

  c.apply(...manifest('deny-all.yaml'));
  assert.equal((await run('shop', 'frontend', ['nslookup', 'web'])).stdout, ';; connection timed out; no servers could be reached\n\n');
  assert.equal((await run('shop', 'frontend', ['curl', '-sS', '-m', '3', 'web'])).stderr, 'curl: (28) Resolving timed out after 3000 milliseconds\n');
  assert.equal((await run('outside', 'client', ['wget', '-qO-', '-T', '3', 'web.shop'])).stderr, 'wget: download timed out\n');

  c.apply(...manifest('allow.yaml'));
  assert.match((await run('shop', 'frontend', ['wget', '-qO-', 'web'])).stdout, /^web-/);
  assert.equal((await run('outside', 'client', ['wget', '-qO-', '-T', '3', 'web.shop'])).stderr, 'wget: download timed out\n');
});
