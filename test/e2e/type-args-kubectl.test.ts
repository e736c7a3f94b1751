/**
 * Type arguments as the real kubectl maps them, through serve: a short name drops the version it is
 * given (`hpa.v1.autoscaling` lists autoscaling/v2), a resource name keeps it, a group may be a prefix
 * (`deploy.app`), resource names match in lower case but short names and groups as typed, on every verb
 * that takes a type; the verbs that map a resource alone (auth can-i, events --for, create role); the
 * node verbs' TYPE/NAME; a manifest's kind in lower case.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { serveForSuite } from './serve-helpers.js';

describe('type arguments mapped as kubectl maps them', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite((s) => {
    assert.equal(s.lite(['create', 'deployment', 'web', '--image=nginx']).code, 0);
    assert.equal(s.lite(['autoscale', 'deployment', 'web', '--max=3']).code, 0);
    assert.equal(s.lite(['create', 'configmap', 'cfg']).code, 0);
  });

  test('the version a type argument names, or the preferred one a short name falls back to', async () => {
    const versions = '-o=jsonpath={.items[*].apiVersion}';
    for (const [arg, version] of [['hpa.v1.autoscaling', 'v2'], ['horizontalpodautoscalers.v1.autoscaling', 'v1'], ['hpa.v1.autoscal', 'v1'], ['hpa.v2beta2.autoscaling', 'v2']]) {
      assert.equal((await suite.same(['get', arg!, versions])).stdout, `autoscaling/${version}`, arg);
    }
    assert.match((await suite.same(['get', 'hpa.v1.autoscaling', 'web', '-o', 'yaml'])).stdout, /^apiVersion: autoscaling\/v2\n/);
  });

  test('short names with any version, groups by prefix; what kubectl does not map, refused in its words', async () => {
    for (const arg of ['deploy.v9.apps', 'deployments.app', 'deploy.app', 'Deployment.v1.apps', 'DEPLOYMENT', 'hpa.auto']) {
      assert.equal((await suite.same(['get', arg, '-o', 'name'])).code, 0, arg);
    }
    for (const arg of ['deployments.v9.apps', 'DEPLOY', 'deployment.APPS', 'Deployment.v9.apps', 'rs.apps.v1', 'hpa.v9.autoscal']) {
      assert.match((await suite.same(['get', arg])).stderr, /^error: the server doesn't have a resource type "/, arg);
    }
    // kubectl ages the Events by its own clock: the rest is the same.
    await suite.same(['describe', 'deploy.v9.apps', 'web'], (r) => ({ ...r, stdout: r.stdout.replace(/ \d+s +deployment-controller/g, ' AGE deployment-controller') }));
    await suite.same(['get', 'deploy.v9.apps/web', 'hpa.app/web', '-o', 'name']);
    await suite.same(['label', 'deploy.v9.apps', 'web', 'a=b', '--dry-run=client']);
    await suite.same(['delete', 'hpa.v9.autoscaling', 'web', '--dry-run=client']);
  });

  test('the verbs that map a resource alone, in lower case (auth can-i, events --for) or in its group (create role --resource)', async () => {
    assert.equal((await suite.same(['auth', 'can-i', 'get', 'DEPLOY'])).stderr, '');
    assert.equal((await suite.same(['auth', 'can-i', 'get', 'deploy.app'])).stdout, 'yes\n');
    assert.equal((await suite.same(['events', '--for', 'DEPLOY/web', '-o', 'name'])).code, 0);
    assert.equal((await suite.same(['events', '--for', 'deploy.v9.apps/web', '-o', 'name'])).code, 0);
    const role = await suite.same(['create', 'role', 'r', '--verb=get', '--resource=deploy.app', '--resource=hpa.autoscal', '--dry-run=client', '-o', 'jsonpath={.rules}']);
    assert.equal(role.stdout, '[{"apiGroups":["apps"],"resources":["deployments"],"verbs":["get"]},{"apiGroups":["autoscaling"],"resources":["horizontalpodautoscalers"],"verbs":["get"]}]');
    const unknown = await suite.same(['create', 'role', 'r', '--verb=get', '--resource=deploy.v9.apps', '--dry-run=client']);
    assert.equal(unknown.stderr, 'the server doesn\'t have a resource type "deploy" in group "v9.apps"\n');
  });

  test('cordon, uncordon and drain take nodes as TYPE/NAME in any form kubectl maps, one type only, refusing another kind', async () => {
    for (const args of [['NODE/lite-worker', 'nodes.v1./lite-worker2'], ['Node/lite-worker'], ['deploy/web'], ['svc/kubernetes'], ['bogus/x', 'deploy/web'], ['lite-worker', 'deploy/web'], ['pods/nope'], ['lite-worker', 'no/nope']]) {
      for (const verb of [['cordon'], ['uncordon'], ['drain', '--ignore-daemonsets']]) await suite.same([...verb, ...args, '--dry-run=client']);
    }
    assert.equal((await suite.same(['cordon', 'deploy/web', '--dry-run=client'])).stderr, 'error: expected resource of type node, got "apps/v1, Resource=deployments"\n');
  });

  test("a manifest's kind in lower case maps as kubectl's discovery mapper maps it; the API server's decoder then refuses it", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kl-lower-kind-'));
    try {
      const deployment = join(dir, 'lc.yaml');
      writeFileSync(deployment, 'apiVersion: apps/v1\nkind: deployment\nmetadata: {name: lc}\n');
      const configmap = join(dir, 'cm.yaml');
      writeFileSync(configmap, 'apiVersion: v1\nkind: configmap\nmetadata: {name: cm}\n');
      const upper = join(dir, 'upper.yaml');
      writeFileSync(upper, 'apiVersion: v1\nkind: CONFIGMAP\nmetadata: {name: cm}\n');
      assert.equal(suite.served.lite(['create', 'configmap', 'cm']).code, 0);
      assert.equal((await suite.same(['create', '-f', deployment, '--dry-run=client'])).stdout, 'deployment.apps/lc created (dry run)\n');
      const refused = await suite.same(['apply', '-f', deployment]);
      assert.match(refused.stderr, /^Error from server \(BadRequest\): error when creating ".*lc.yaml": the API version in the data \(apps\/v1\) does not match the expected API version \(apps\/v1\)\n$/);
      for (const args of [['create', '-f', deployment], ['get', '-f', deployment], ['get', '-f', configmap, '-o', 'name'], ['label', '-f', configmap, 'x=y', '--dry-run=client'], ['get', '-f', upper]]) {
        await suite.same(args);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('TYPE,TYPE lists as kubectl splits them: a type named twice is one, an empty one refused; describe retries a lone NotFound only', async () => {
    assert.equal((await suite.same(['get', 'cm,cm', 'cfg', '-o', 'name'])).stdout, 'configmap/cfg\n');
    assert.equal((await suite.same(['get', 'cm,configmaps', 'cfg', '-o', 'name'])).stdout, 'configmap/cfg\nconfigmap/cfg\n');
    for (const args of [['describe', 'cm,cm', 'cfg'], ['describe', 'cm,configmaps', 'nope'], ['describe', 'cm,deploy', 'cfg'], ['describe', 'cm,cm', 'nope'], ['get', 'cm,', '-o', 'name'], ['get', ',cm'], ['describe', 'cm,']]) {
      await suite.same(args);
    }
    for (const verb of [['get'], ['describe'], ['label', 'x=y', '--dry-run=client'], ['delete', '--dry-run=client']]) {
      const r = await suite.same([verb[0]!, 'cm,', 'cfg', ...verb.slice(1)]);
      assert.equal(r.stderr, 'error: arguments in resource/name form must have a single resource and name\n');
    }
  });

  test('a short name two resources share is warned of once per builder: again by describe\'s name-prefix retry', async () => {
    const warning = 'Warning: short name "ev" could also match lower priority resource events.events.k8s.io\n';
    assert.equal((await suite.same(['describe', 'ev', 'nope'])).stderr, `${warning}${warning}Error from server (NotFound): events "nope" not found\n`);
    assert.equal((await suite.same(['get', 'ev', 'x', 'y'])).stderr.split(warning).length, 2);
    for (const args of [['describe', 'ev,ev', 'nope'], ['describe', 'ev', 'x', 'y'], ['get', 'ev,ev', 'x']]) await suite.same(args);
  });
});

