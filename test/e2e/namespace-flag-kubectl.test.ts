/**
 * What -n and -A mean beside the objects a verb is given: delete warns once of a cluster-scoped object
 * when a namespace was given; delete and wait refuse names across all namespaces, and an -f document
 * without a namespace of its own under -A, as kubectl's builder and client-go do; cluster-info lists the cluster's services of the
 * namespace -n names (kube-system without one). Through serve, the real kubectl is the expectation.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import type { Result } from '../helpers/cli.js';
import { serveForSuite } from './serve-helpers.js';

/** The control plane's address differs (kubectl-lite names its store, kubectl the server it was given). */
const sameServer = (r: Result): Result => ({ ...r, stdout: r.stdout.replace(/(file:\/\/\S+\/clusters\/[^/\s]+|https?:\/\/127\.0\.0\.1:\d+)/g, 'SERVER') });

describe('-n and -A beside the objects a verb is given', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kl-nsflag-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const cfg = join(dir, 'cfg.yaml');
  const own = join(dir, 'own.yaml');
  writeFileSync(cfg, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\n');
  writeFileSync(own, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: own, namespace: default}\n');
  const suite = serveForSuite((s) => {
    assert.equal(s.lite(['create', 'cm', 'cfg']).code, 0);
  });

  test('delete: a cluster-scoped object warned of once with -n, names refused with -A', async () => {
    const warned = await suite.same(['delete', 'ns,pv', 'nope', '-n', 'default']);
    assert.equal(warned.stderr.split('Warning: deleting cluster-scoped resources, not scoped to the provided namespace\n').length, 2);
    assert.equal((await suite.same(['delete', 'pods', 'x', 'y', '-A'])).stderr, 'error: a resource cannot be retrieved by name across all namespaces\n');
    for (const args of [
      ['delete', 'ns', 'nope'],
      ['delete', 'ns', 'nope', '-n', 'default', '-o', 'name'],
      ['delete', 'pv', 'nope', '-n', 'default', '--ignore-not-found'],
      ['delete', 'cm,ns', 'nope', '-n', 'default', '--dry-run=client'],
      ['delete', 'pods/x', '-A'],
      ['delete', 'pods', '-l', 'a=b', '-A'],
      ['delete', '-f', cfg, '-A', '--dry-run=server'],
      ['delete', '-f', cfg, '-f', own, '-A', '--dry-run=server'],
    ]) {
      await suite.same(args);
    }
  });

  test('wait: names refused with -A, an -f document without a namespace of its own not fetched', async () => {
    assert.equal((await suite.same(['wait', '--for=delete', 'pod/x', '-A', '--timeout=1s'])).stderr, 'error: a resource cannot be retrieved by name across all namespaces\n');
    assert.equal((await suite.same(['wait', '--for=delete', '-f', cfg, '-A', '--timeout=1s'])).stderr, 'error: no namespace set on resource /v1, Resource=configmaps "cfg"\n');
    await suite.same(['wait', '--for=delete', '-f', cfg, '-f', own, '-A', '--timeout=1s']);
  });

  test("cluster-info lists the services of -n's namespace, kube-system without it", async () => {
    assert.match(sameServer(await suite.same(['cluster-info'], sameServer)).stdout, /^Kubernetes control plane is running at SERVER\nCoreDNS is running at SERVER\/api\/v1\/namespaces\/kube-system\/services\/kube-dns:dns\/proxy\n/);
    assert.equal(sameServer(await suite.same(['cluster-info', '-n', 'default'], sameServer)).stdout, "Kubernetes control plane is running at SERVER\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n");
    await suite.same(['cluster-info', '-n', 'a%b'], sameServer);
  });
});
