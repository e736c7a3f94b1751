/**
 * What -n and -A mean beside the objects a verb is given: delete warns once of a cluster-scoped object
 * when a namespace was given; delete and wait refuse names across all namespaces, and an -f document
 * without a namespace of its own under -A, as kubectl's builder and client-go do; cluster-info lists the cluster's services of the
 * namespace -n names (kube-system without one); get -A gives every type printed after a namespaced one
 * the NAMESPACE column (kubectl's printers share the flag that turns it on). Through serve, the real kubectl is the expectation.
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

  test('get -A: a cluster-scoped type printed after a namespaced one has the NAMESPACE column, empty', async () => {
    // Ages are the real kubectl's clock against the store's: compared as AGE, the columns as single spaces.
    const ages = (r: Result): Result => ({ ...r, stdout: r.stdout.replace(/\b\d+[smhd]\b/g, 'AGE').replace(/ +/g, ' ') });
    const after = await suite.same(['get', 'pvc,sc,ns', '-A', '-L', 'x'], ages);
    assert.match(ages(after).stdout, /^NAMESPACE NAME PROVISIONER .*\n storageclass\.storage\.k8s\.io\/standard /);
    for (const args of [
      ['get', 'cm,nodes', '-A', '--no-headers'],
      ['get', 'nodes,cm', '-A', '-o', 'wide'],
      ['get', 'sc,pv', '-A'],
      ['get', 'nodes,cm', '-n', 'default'],
    ]) {
      await suite.same(args, ages);
    }
  });

  test("cluster-info lists the services of -n's namespace, kube-system without it", async () => {
    assert.match(sameServer(await suite.same(['cluster-info'], sameServer)).stdout, /^Kubernetes control plane is running at SERVER\nCoreDNS is running at SERVER\/api\/v1\/namespaces\/kube-system\/services\/kube-dns:dns\/proxy\n/);
    assert.equal(sameServer(await suite.same(['cluster-info', '-n', 'default'], sameServer)).stdout, "Kubernetes control plane is running at SERVER\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n");
    await suite.same(['cluster-info', '-n', 'a%b'], sameServer);
  });
});

describe("an -f document's own namespace beside -n, as kubectl's builder checks it", { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kl-nsmismatch-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const at = (name: string) => join(dir, name);
  const cm = (name: string, namespace?: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}data:\n  a: b\n`;
  writeFileSync(at('shop.yaml'), cm('other', 'shop'));
  writeFileSync(at('gone.yaml'), cm('gone', 'shop'));
  writeFileSync(at('ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: nsx\n  namespace: shop\n');
  writeFileSync(at('widget.yaml'), 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: shop\n');
  writeFileSync(at('m1.yaml'), cm('m1'));
  writeFileSync(at('mixed.yaml'), `${cm('m1')}---\n${cm('other', 'shop')}---\n${cm('m3')}`);
  writeFileSync(at('unmapped-first.yaml'), `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n---\n${cm('m1')}`);
  const suite = serveForSuite((s) => {
    // m1 is applied (it has a last-applied configuration), the others created.
    for (const args of [['create', 'ns', 'shop'], ['create', 'cm', 'other', '-n', 'shop'], ['apply', '-f', at('m1.yaml')], ['create', 'cm', 'm3']]) {
      assert.equal(s.lite(args).code, 0, args.join(' '));
    }
  });

  test('a verb that fetches the latest object fetches it first: a missing one is NotFound, a present one refused', async () => {
    for (const file of ['shop.yaml', 'gone.yaml']) {
      const f = at(file);
      for (const words of [
        ['get', '-f', f, '-n', 'default'],
        ['get', '-f', f, '-n', 'default', '-o', 'name'],
        ['label', '-f', f, '-n', 'default', 'a=b', '--dry-run=client'],
        ['annotate', '-f', f, '-n', 'default', 'a=b', '--dry-run=client'],
        ['set', 'env', '-f', f, '-n', 'default', 'A=1', '--dry-run=client'],
        ['set', 'image', '-f', f, '-n', 'default', 'a=b', '--dry-run=client'],
        ['wait', '-f', f, '-n', 'default', '--for=jsonpath={.data.a}=b', '--timeout=1s'],
        ['wait', '-f', f, '-n', 'default', '--for=delete', '--timeout=1s'],
        ['rollout', 'status', '-f', f, '-n', 'default'],
        ['rollout', 'restart', '-f', f, '-n', 'default'],
        ['rollout', 'history', '-f', f, '-n', 'default'],
        ['apply', 'view-last-applied', '-f', f, '-n', 'default'],
        ['apply', 'edit-last-applied', '-f', f, '-n', 'default'],
        ['edit', '-f', f, '-n', 'default'],
        // Builders that do not fetch first refuse it either way.
        ['debug', '-f', f, '-n', 'default', '--image=busybox'],
        ['delete', '-f', f, '-n', 'default', '--dry-run=client'],
        ['apply', '-f', f, '-n', 'default', '--dry-run=client'],
        ['auth', 'reconcile', '-f', f, '-n', 'default'],
      ]) await suite.same(words);
    }
  });

  test('a local builder maps nothing: any document naming a namespace is checked, whatever its kind', async () => {
    for (const words of [
      ['label', '-f', at('ns.yaml'), '-n', 'default', '--local', 'a=b', '-o', 'name'],
      ['label', '-f', at('ns.yaml'), '-n', 'shop', '--local', 'a=b', '-o', 'name'],
      ['set', 'env', '-f', at('ns.yaml'), '-n', 'default', '--local', 'A=1', '-o', 'name'],
      ['label', '-f', at('widget.yaml'), '-n', 'default', '--local', 'a=b', '-o', 'name'],
      ['auth', 'reconcile', '-f', at('ns.yaml'), '-n', 'default', '--dry-run=client'],
      ['apply', '-f', at('ns.yaml'), '-n', 'default', '--dry-run=client'],
    ]) await suite.same(words);
  });

  test('the check ends the visit: what came before it is done, what follows is not', async () => {
    for (const words of [
      ['get', '-f', at('mixed.yaml'), '-n', 'default'],
      ['label', '-f', at('mixed.yaml'), '-n', 'default', 'a=b', '--dry-run=client'],
      ['rollout', 'restart', '-f', at('mixed.yaml'), '-n', 'default'],
      ['rollout', 'resume', '-f', at('mixed.yaml'), '-n', 'default'],
      // view-last-applied and edit-last-applied stop at their first error, whatever it is.
      ['apply', 'view-last-applied', '-f', at('mixed.yaml'), '-n', 'default'],
      ['apply', 'view-last-applied', '-f', at('unmapped-first.yaml')],
      ['apply', 'edit-last-applied', '-f', at('unmapped-first.yaml')],
    ]) await suite.same(words);
  });
});
