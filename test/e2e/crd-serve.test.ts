/**
 * Custom resources through `kubectl-lite serve` with the real kubectl v1.32: the same validation
 * messages as the CLI's, fieldValidation from --validate, the scale and status subresources, and
 * printer columns. Skipped, saying so, where kubectl is not installed.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO_ROOT, tempHome } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { startServe, type Served } from './serve-helpers.js';

const skip = !kubectlAvailable() && SKIP_NO_KUBECTL;
const CRDS = join(REPO_ROOT, 'manifests', 'crds');

let home: { home: string; dispose(): void };
let served: Served;

before(async () => {
  if (skip) return;
  home = tempHome();
  served = await startServe(home.home, ['--insecure-http'], { KUBECTL_LITE_NOW: String(Date.now()) });
  const crds = await served.kubectl(['apply', '-f', join(CRDS, 'certificates.yaml'), '-f', join(CRDS, 'argo.yaml'), '-f', '-'], { stdin: GIZMOS });
  assert.equal(crds.code, 0, crds.stderr);
  const examples = await served.kubectl(['apply', '-f', join(CRDS, 'examples.yaml')]);
  // The ServiceMonitor's CRD is not installed here: kubectl says so, the others are created.
  assert.match(examples.stdout, /certificate\.cert-manager\.io\/example-com created\n/, examples.stderr);
});

after(async () => {
  if (skip) return;
  await served.stop();
  home.dispose();
});

const GIZMOS = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gizmos.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: gizmos, kind: Gizmo, shortNames: [gz]}
  versions:
  - {name: v1beta1, served: true, storage: false, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}
  - name: v1
    served: true
    storage: true
    subresources: {status: {}, scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec: {type: object, properties: {replicas: {type: integer, maximum: 5, default: 1}}}
          status: {type: object, properties: {replicas: {type: integer}}}
`;

const BAD_CERT = 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: bad}\nspec: {secretName: "", issuerRef: {kind: Issuer}, privateKey: {size: "2048"}}\n';

test('an invalid custom resource: kubectl through serve prints what kubectl-lite prints', { skip }, async () => {
  const k = await served.kubectl(['apply', '-f', '-'], { stdin: BAD_CERT });
  const lite = served.lite(['apply', '-f', '-'], { stdin: BAD_CERT });
  assert.equal(k.stderr, lite.stderr);
  assert.equal(k.stderr, [
    'The Certificate "bad" is invalid: ',
    '* spec.issuerRef.name: Required value',
    '* spec.privateKey.size: Invalid value: "string": spec.privateKey.size in body must be of type integer: "string"',
    '* spec.secretName: Invalid value: "": spec.secretName in body should be at least 1 chars long',
    '* <nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    '',
  ].join('\n'));
  assert.equal(k.code, 1);
});

test('--validate sends fieldValidation: Strict refuses unknown fields, Warn warns', { skip }, async () => {
  const doc = 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: unk}\nspec: {secretName: s, commonName: a, issuerRef: {name: x}, foo: 1}\n';
  const strict = await served.kubectl(['create', '-f', '-'], { stdin: doc });
  assert.equal(strict.stderr, 'Error from server (BadRequest): error when creating "STDIN": Certificate in version "v1" cannot be handled as a Certificate: strict decoding error: unknown field "spec.foo"\n');
  const warn = await served.kubectl(['create', '-f', '-', '--validate=warn'], { stdin: doc });
  assert.deepEqual([warn.stdout, warn.stderr], ['certificate.cert-manager.io/unk created\n', 'Warning: unknown field "spec.foo"\n']);
});

test('kubectl scale and the status subresource on a custom resource', { skip }, async () => {
  assert.equal((await served.kubectl(['apply', '-f', '-'], { stdin: 'apiVersion: example.com/v1\nkind: Gizmo\nmetadata: {name: g}\nspec: {}\n' })).code, 0);
  const scaled = await served.kubectl(['scale', 'gz', 'g', '--replicas=3']);
  assert.equal(scaled.stdout, 'gizmo.example.com/g scaled\n', scaled.stderr);
  const tooMany = await served.kubectl(['scale', 'gz', 'g', '--replicas=7']);
  assert.equal(tooMany.stderr, 'The Gizmo "g" is invalid: spec.replicas: Invalid value: 7: spec.replicas in body should be less than or equal to 5\n');
  const status = await served.kubectl(['patch', 'gz', 'g', '--subresource=status', '--type=merge', '-p', '{"status":{"replicas":3},"spec":{"replicas":1}}']);
  assert.equal(status.code, 0, status.stderr);
  const g = JSON.parse((await served.kubectl(['get', 'gz', 'g', '-o', 'json'])).stdout);
  assert.deepEqual([g.spec.replicas, g.status.replicas, g.metadata.generation], [3, 3, 2]);
  const beta = JSON.parse((await served.kubectl(['get', '--raw', '/apis/example.com/v1beta1/namespaces/default/gizmos/g'])).stdout);
  assert.equal(beta.apiVersion, 'example.com/v1beta1', 'answered at the version the URL names');
  const scale = JSON.parse((await served.kubectl(['get', '--raw', '/apis/example.com/v1/namespaces/default/gizmos/g/scale'])).stdout);
  assert.deepEqual([scale.spec, scale.status], [{ replicas: 3 }, { replicas: 3 }]);
});

test('printer columns through serve equal the CLI\'s', { skip }, async () => {
  for (const args of [['get', 'certs', '-o', 'wide'], ['get', 'applications'], ['get', 'wf']]) {
    const k = await served.kubectl(args);
    assert.equal(k.stdout, served.lite(args).stdout, args.join(' '));
  }
});

test('patch of a custom resource: unknown fields warned about and dropped, a strategic merge patch refused in kubectl\'s words', { skip }, async () => {
  for (const args of [
    ['patch', 'cert', 'example-com', '--type=merge', '-p', '{"spec":{"bogus":1}}'],
    ['patch', 'cert', 'example-com', '-p', '{"spec":{"dnsNames":["a.com"]}}'],
  ]) {
    const k = await served.kubectl(args);
    assert.deepEqual(served.lite(args), k, args.join(' '));
  }
  const refused = (await served.kubectl(['patch', 'cert', 'example-com', '-p', '{}'])).stderr;
  assert.ok(refused.startsWith('error: application/strategic-merge-patch+json is not supported by cert-manager.io/v1, Kind=Certificate: '), refused);
});
