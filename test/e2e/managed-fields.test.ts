/**
 * managedFields and server-side apply through the binary: the entries every write leaves (field
 * managers as kubectl v1.32 names them, Update and Apply, fieldsV1 in the API server's shape),
 * apply --server-side's conflicts, forcing, field removal and the client-side migration,
 * retainKeys, and diff --server-side. The same flows against the real kubectl are in
 * serve-ssa.test.ts.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runBin, tempHome, type Result } from '../helpers/cli.js';
import { DEPLOYMENT } from './ssa-manifests.js';


const CONFLICT_HINT_START = 'Please review the fields above--they currently have other managers. Here\nare the ways you can resolve this warning:\n';

interface Entry {
  manager: string;
  operation: string;
  apiVersion: string;
  time: string;
  fieldsType: string;
  fieldsV1: Record<string, any>;
  subresource?: string;
}

describe('managedFields and server-side apply', () => {
  let home: string;
  let dispose: () => void;
  const cli = (args: string[], stdin?: string): Result => runBin(args, { home, stdin });
  const file = (name: string, text: string) => {
    const path = join(home, name);
    writeFileSync(path, text);
    return path;
  };
  const entries = (ref: string): Entry[] => {
    const r = cli(['get', ref, '-o', 'json', '--show-managed-fields']);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout).metadata.managedFields ?? [];
  };
  const managers = (ref: string) => entries(ref).map((e) => [e.manager, e.operation, e.subresource ?? ''].join(' '));

  before(() => ({ home, dispose } = tempHome()));
  after(() => dispose());

  test('create records a kubectl-create Update entry in the API server format; -o yaml hides it unless --show-managed-fields', () => {
    assert.equal(cli(['create', 'deployment', 'made', '--image=nginx', '--replicas=2']).code, 0);
    const [created] = entries('deploy/made').filter((e) => e.manager === 'kubectl-create');
    assert.ok(created, 'kubectl-create entry');
    assert.equal(created.operation, 'Update');
    assert.equal(created.apiVersion, 'apps/v1');
    assert.equal(created.fieldsType, 'FieldsV1');
    assert.match(created.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const spec = created.fieldsV1['f:spec'];
    // Maps and new nodes carry `.`, nodes the Go zero value has do not; selectors are atomic; list items keyed.
    assert.deepEqual(created.fieldsV1['f:metadata'], { 'f:labels': { '.': {}, 'f:app': {} } });
    assert.deepEqual(spec['f:selector'], {});
    assert.deepEqual(spec['f:strategy'], { 'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} }, 'f:type': {} });
    assert.equal(spec['f:template']['f:metadata']['f:creationTimestamp'], undefined);
    const container = spec['f:template']['f:spec']['f:containers']['k:{"name":"nginx"}'];
    assert.deepEqual(Object.keys(container).sort(), ['.', 'f:image', 'f:imagePullPolicy', 'f:name', 'f:resources', 'f:terminationMessagePath', 'f:terminationMessagePolicy']);
    // Controllers: the deployment controller's revision annotation and status.
    assert.deepEqual(managers('deploy/made'), ['kube-controller-manager Update ', 'kube-controller-manager Update status', 'kubectl-create Update ']);
    assert.doesNotMatch(cli(['get', 'deploy/made', '-o', 'yaml']).stdout, /managedFields/);
    assert.match(cli(['get', 'deploy/made', '-o', 'yaml', '--show-managed-fields']).stdout, /managedFields:\n {2}- apiVersion: apps\/v1\n {4}fieldsType: FieldsV1\n/);
  });

  test('each verb writes as its own field manager; the scale subresource as kubectl', () => {
    assert.equal(cli(['label', 'deploy/made', 'tier=web']).code, 0);
    assert.equal(cli(['annotate', 'deploy/made', 'note=x']).code, 0);
    assert.equal(cli(['set', 'image', 'deploy/made', 'nginx=nginx:1.28']).code, 0);
    assert.equal(cli(['scale', 'deploy/made', '--replicas=3']).code, 0);
    assert.equal(cli(['patch', 'deploy/made', '-p', '{"spec":{"minReadySeconds":1}}']).code, 0);
    const byManager = new Map(entries('deploy/made').map((e) => [`${e.manager} ${e.subresource ?? ''}`, e]));
    assert.deepEqual(byManager.get('kubectl-label ')!.fieldsV1, { 'f:metadata': { 'f:labels': { 'f:tier': {} } } });
    assert.deepEqual(byManager.get('kubectl-annotate ')!.fieldsV1, { 'f:metadata': { 'f:annotations': { 'f:note': {} } } });
    assert.deepEqual(byManager.get('kubectl-set ')!.fieldsV1['f:spec']['f:template']['f:spec']['f:containers'], { 'k:{"name":"nginx"}': { 'f:image': {} } });
    assert.deepEqual(byManager.get('kubectl scale')!.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
    assert.deepEqual(byManager.get('kubectl-patch ')!.fieldsV1, { 'f:spec': { 'f:minReadySeconds': {} } });
    // The fields they took are no longer kubectl-create's.
    const created = byManager.get('kubectl-create ')!.fieldsV1['f:spec'];
    assert.equal(created['f:replicas'], undefined);
    assert.equal(created['f:template']['f:spec']['f:containers']['k:{"name":"nginx"}']['f:image'], undefined);
  });

  test('apply --server-side owns what it sent; a conflict is refused with the API server message and kubectl hint, exit 1', () => {
    const path = file('web.yaml', DEPLOYMENT('web'));
    assert.deepEqual(cli(['apply', '--server-side', '-f', path]), { stdout: 'deployment.apps/web serverside-applied\n', stderr: '', code: 0 });
    const [applied] = entries('deploy/web').filter((e) => e.operation === 'Apply');
    assert.equal(applied!.manager, 'kubectl');
    assert.deepEqual(applied!.fieldsV1, {
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } } } },
        },
      },
    });
    assert.equal(cli(['scale', 'deploy/web', '--replicas=4']).code, 0);
    assert.equal(cli(['patch', 'deploy/web', '--field-manager=hotfix', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.28"}]}}}}']).code, 0);
    const r = cli(['apply', '--server-side', '-f', path]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.ok(
      r.stderr.startsWith(
        'error: Apply failed with 2 conflicts: conflicts with "hotfix" using apps/v1:\n- .spec.template.spec.containers[name="web"].image\n' +
          'conflicts with "kubectl" with subresource "scale" using apps/v1:\n- .spec.replicas\n' + CONFLICT_HINT_START,
      ),
      r.stderr,
    );
    assert.match(r.stderr, /See https:\/\/kubernetes\.io\/docs\/reference\/using-api\/server-side-apply\/#conflicts\n$/);
    assert.equal(cli(['get', 'deploy/web', '-o', 'jsonpath={.spec.replicas}']).stdout, '4', 'store unchanged');
    // One conflict: the single-line form. The same manager's own Update entry is another manager.
    assert.equal(cli(['scale', 'deploy/web', '--replicas=2']).code, 0);
    const one = cli(['apply', '--server-side', '-f', path, '--field-manager=hotfix']);
    assert.equal(one.code, 1);
    assert.ok(one.stderr.startsWith('error: Apply failed with 1 conflict: conflict with "hotfix" using apps/v1: .spec.template.spec.containers[name="web"].image\n'), one.stderr);
  });

  test('conflicts in two objects are reported together, each without error: (kubectl aggregates them)', () => {
    const cm = (name: string, v: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: {x: "${v}"}\n`;
    assert.equal(cli(['apply', '-f', file('cms.yaml', `${cm('ca', '1')}---\n${cm('cb', '1')}`)]).code, 0);
    const r = cli(['apply', '--server-side', '-f', file('cms2.yaml', `${cm('ca', '2')}---\n${cm('cb', '2')}`)]);
    const one = `Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .data.x\n${CONFLICT_HINT_START}`;
    assert.equal(r.code, 1);
    assert.ok(r.stderr.startsWith(one), r.stderr);
    assert.equal(r.stderr.split(one).length, 3, r.stderr);
    assert.ok(!r.stderr.includes('error: '), r.stderr);
  });

  test('--force-conflicts takes the fields; fields an applier stops sending are removed unless someone else owns them', () => {
    const path = file('web.yaml', DEPLOYMENT('web'));
    assert.equal(cli(['apply', '--server-side', '--force-conflicts', '-f', path]).code, 0);
    assert.equal(cli(['get', 'deploy/web', '-o', 'jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}']).stdout, '2 nginx:1.27');
    assert.ok(!managers('deploy/web').some((m) => m.startsWith('hotfix')), 'hotfix lost its only field');
    const labelled = file('web2.yaml', DEPLOYMENT('web', ', tier: x'));
    assert.equal(cli(['apply', '--server-side', '-f', labelled]).code, 0);
    assert.equal(cli(['get', 'deploy/web', '-o', 'jsonpath={.metadata.labels}']).stdout, '{"app":"web","tier":"x"}');
    assert.equal(cli(['apply', '--server-side', '-f', path]).code, 0);
    assert.equal(cli(['get', 'deploy/web', '-o', 'jsonpath={.metadata.labels}']).stdout, '{"app":"web"}');
    // replicas dropped from the manifest: kept while `kubectl scale` co-owns it (it set the same value)...
    const noReplicas = file('web3.yaml', DEPLOYMENT('web').replace('  replicas: 2\n', ''));
    assert.equal(cli(['apply', '--server-side', '-f', noReplicas]).code, 0);
    assert.equal(cli(['get', 'deploy/web', '-o', 'jsonpath={.spec.replicas}']).stdout, '2');
    // ...removed (then defaulted again) once the applier was its only owner.
    assert.equal(cli(['apply', '--server-side', '--force-conflicts', '-f', file('web4.yaml', DEPLOYMENT('web').replace('replicas: 2', 'replicas: 3'))]).code, 0);
    assert.ok(!managers('deploy/web').includes('kubectl Update scale'));
    assert.equal(cli(['apply', '--server-side', '-f', noReplicas]).code, 0);
    assert.equal(cli(['get', 'deploy/web', '-o', 'jsonpath={.spec.replicas}']).stdout, '1');
    // A label another manager co-owns stays.
    assert.equal(cli(['apply', '--server-side', '-f', labelled]).code, 0);
    assert.equal(cli(['apply', '--server-side', '--field-manager=other', '-f', labelled]).code, 0);
    assert.equal(cli(['apply', '--server-side', '-f', path]).code, 0);
    assert.equal(cli(['get', 'deploy/web', '-o', 'jsonpath={.metadata.labels.tier}']).stdout, 'x');
  });

  test('flag checks as kubectl makes them', () => {
    const path = file('web.yaml', DEPLOYMENT('web'));
    assert.deepEqual(cli(['apply', '-f', path, '--force-conflicts']), { stdout: '', stderr: 'error: --force-conflicts only works with --server-side\n', code: 1 });
    assert.deepEqual(cli(['apply', '-f', path, '--subresource=status']), { stdout: '', stderr: 'error: --subresource can only be specified for --server-side\n', code: 1 });
  });

  test('client-side apply then --server-side: kubectl-last-applied keeps the annotation, kubectl takes over kubectl-client-side-apply', () => {
    const path = file('csa.yaml', DEPLOYMENT('csa'));
    assert.equal(cli(['apply', '-f', path]).code, 0);
    assert.deepEqual(managers('deploy/csa'), ['kube-controller-manager Update ', 'kube-controller-manager Update status', 'kubectl-client-side-apply Update ']);
    assert.equal(cli(['apply', '--server-side', '-f', path]).code, 0);
    assert.deepEqual(managers('deploy/csa'), ['kubectl Apply ', 'kubectl-last-applied Apply ', 'kube-controller-manager Update ', 'kube-controller-manager Update status']);
    const annotation = cli(['get', 'deploy/csa', '-o', 'jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}']).stdout;
    assert.match(annotation, /^\{"apiVersion":"apps\/v1","kind":"Deployment","metadata":\{"labels":\{"app":"csa"\},"name":"csa","namespace":"default"\}/);
  });

  test('--subresource=status applies to status only, as its own entry', () => {
    const status = file('status.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: csa\nspec:\n  replicas: 9\nstatus:\n  collisionCount: 7\n');
    const r = cli(['apply', '--server-side', '--subresource=status', '--field-manager=tester', '-f', status]);
    assert.equal(r.code, 0, r.stderr);
    const mine = entries('deploy/csa').find((e) => e.manager === 'tester')!;
    assert.equal(mine.subresource, 'status');
    assert.deepEqual(mine.fieldsV1, { 'f:status': { 'f:collisionCount': {} } });
    assert.equal(cli(['get', 'deploy/csa', '-o', 'jsonpath={.status.collisionCount}']).stdout, '7');
    assert.equal(cli(['get', 'deploy/csa', '-o', 'jsonpath={.spec.replicas}']).stdout, '2');
  });

  test('retainKeys: switching a Deployment to Recreate with apply clears rollingUpdate', () => {
    const rolling = DEPLOYMENT('rk').replace('  replicas: 2\n', '  replicas: 2\n  strategy: {type: RollingUpdate}\n');
    assert.equal(cli(['apply', '-f', file('rk.yaml', rolling)]).code, 0);
    // kubectl's patch carries `$retainKeys: [type]` even when nothing changed: configured, as kubectl says.
    assert.equal(cli(['apply', '-f', join(home, 'rk.yaml')]).stdout, 'deployment.apps/rk configured\n');
    const r = cli(['apply', '-f', file('rk2.yaml', rolling.replace('RollingUpdate', 'Recreate'))]);
    assert.deepEqual(r, { stdout: 'deployment.apps/rk configured\n', stderr: '', code: 0 });
    assert.equal(cli(['get', 'deploy/rk', '-o', 'jsonpath={.spec.strategy}']).stdout, '{"type":"Recreate"}');
  });

  test('diff --server-side: the dry-run apply as the merged side; conflicts as the server reports them (exit 2)', () => {
    assert.equal(cli(['apply', '--server-side', '-f', file('dd.yaml', DEPLOYMENT('dd'))]).code, 0);
    const path = file('dd5.yaml', DEPLOYMENT('dd').replace('replicas: 2', 'replicas: 5'));
    // Another manager than apply --server-side's conflicts; kubectl retries it as a change under its lock first.
    const KEEPS_CHANGING = /^W\d{4} [\d:.]+ +\d+ diff\.go:723\] Object \(apps\/v1, Kind=Deployment: dd\) keeps changing, diffing without lock\n/;
    const other = cli(['diff', '--server-side', '--field-manager=kubectl-client-side-apply', '-f', path]);
    assert.deepEqual({ ...other, stderr: other.stderr.replace(KEEPS_CHANGING, '') }, { stdout: '', stderr: 'Error from server (Conflict): Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas\n', code: 2 });
    assert.match(other.stderr, KEEPS_CHANGING);
    // kubectl diff --server-side applies as kubectl, apply --server-side's manager.
    assert.equal(cli(['diff', '--server-side', '-f', path]).code, 1);
    const r = cli(['diff', '--server-side', '--field-manager=kubectl', '-f', path]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^-  replicas: 2\n\+  replicas: 5\n/m);
    assert.doesNotMatch(r.stdout, /managedFields/);
    assert.equal(cli(['get', 'deploy/dd', '-o', 'jsonpath={.spec.replicas}']).stdout, '2', 'nothing written');
    assert.equal(cli(['scale', 'deploy/dd', '--replicas=3']).code, 0);
    const c = cli(['diff', '--server-side', '--field-manager=kubectl', '-f', path]);
    assert.deepEqual({ ...c, stderr: c.stderr.replace(KEEPS_CHANGING, '') }, { stdout: '', stderr: 'Error from server (Conflict): Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas\n', code: 2 });
    assert.equal(cli(['diff', '--server-side', '--force-conflicts', '--field-manager=kubectl', '-f', path]).code, 1);
  });
});
