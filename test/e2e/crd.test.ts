/**
 * CustomResourceDefinitions as the API server has them: the CRDs under manifests/crds (shaped like
 * cert-manager's Certificate, the Prometheus operator's ServiceMonitor, Argo CD's Application and
 * Argo Workflows' Workflow) applied, then valid resources, then invalid variants, each refused with
 * the API server's message.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO_ROOT, runBin, runCli, staticCluster, tempHome } from '../helpers/cli.js';

const CRDS = join(REPO_ROOT, 'manifests', 'crds');
const home = tempHome();
const cli = (args: string | string[], stdin?: string) => runCli(args, { home: home.home, stdin });

before(async () => {
  await staticCluster(home.home);
  const r = await cli(`apply -f ${join(CRDS, 'certificates.yaml')} -f ${join(CRDS, 'servicemonitors.yaml')} -f ${join(CRDS, 'argo.yaml')}`);
  assert.equal(r.code, 0, r.stderr);
});
after(() => home.dispose());

/** `kubectl apply -f -` of one YAML document. */
const apply = (yaml: string, ...flags: string[]) => cli(['apply', '-f', '-', ...flags], yaml);

const cert = (name: string, spec: string) => `apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: ${name}}
spec: ${spec}
`;

test('the CRDs are established, with the accepted names and stored versions', async () => {
  const r = await cli('get crd certificates.cert-manager.io -o json');
  const crd = JSON.parse(r.stdout);
  assert.deepEqual(crd.status.conditions.map((c: any) => [c.type, c.status, c.reason, c.message]), [
    ['NamesAccepted', 'True', 'NoConflicts', 'no conflicts found'],
    ['Established', 'True', 'InitialNamesAccepted', 'the initial names have been accepted'],
  ]);
  assert.deepEqual(crd.status.acceptedNames, {
    plural: 'certificates', singular: 'certificate', shortNames: ['cert', 'certs'], kind: 'Certificate', listKind: 'CertificateList', categories: ['cert-manager'],
  });
  assert.deepEqual(crd.status.storedVersions, ['v1']);
  assert.deepEqual(crd.spec.conversion, { strategy: 'None' });
});

test('the examples are accepted, with defaults filled in top-down', async () => {
  const r = await cli(['apply', '-f', join(CRDS, 'examples.yaml')]);
  assert.equal(r.stdout, [
    'certificate.cert-manager.io/example-com created',
    'servicemonitor.monitoring.coreos.com/web created',
    'application.argoproj.io/guestbook created',
    'workflow.argoproj.io/hello-world created',
    '',
  ].join('\n'), r.stderr);
  const c = JSON.parse((await cli('get cert example-com -o json')).stdout);
  assert.deepEqual(c.spec.privateKey, { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' });
  const smon = JSON.parse((await cli('get smon web -o json')).stdout);
  assert.deepEqual(smon.spec.endpoints, [{ port: 'web', interval: '30s', path: '/metrics', honorLabels: false }]);
  // Preserved unknown fields: a Workflow's spec is kept whole.
  const wf = JSON.parse((await cli('get wf hello-world -o json')).stdout);
  assert.equal(wf.spec.templates[0].container.image, 'docker/whalesay');
  assert.equal(wf.metadata.generation, 1);
});

test('invalid Certificates: the API server\'s field errors', async () => {
  const r = await apply(cert('bad', '{secretName: "", issuerRef: {kind: Issuer}, commonName: x, duration: 90 days, revisionHistoryLimit: 0, usages: [server auth, codesigning], privateKey: {algorithm: DSA, size: "2048"}}'));
  assert.equal(r.code, 1);
  assert.equal(r.stderr, [
    'The Certificate "bad" is invalid: ',
    '* spec.duration: Invalid value: "90 days": spec.duration in body should match \'^([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+$\'',
    '* spec.issuerRef.name: Required value',
    '* spec.privateKey.algorithm: Unsupported value: "DSA": supported values: "RSA", "ECDSA", "Ed25519"',
    '* spec.privateKey.size: Invalid value: "string": spec.privateKey.size in body must be of type integer: "string"',
    '* spec.revisionHistoryLimit: Invalid value: 0: spec.revisionHistoryLimit in body should be greater than or equal to 1',
    '* spec.secretName: Invalid value: "": spec.secretName in body should be at least 1 chars long',
    '* spec.usages[1]: Unsupported value: "codesigning": supported values: "signing", "digital signature", "key encipherment", "server auth", "client auth"',
    '* <nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    '',
  ].join('\n'));
  assert.equal((await cli('get cert bad')).code, 1, 'nothing stored');

  const missing = await apply(cert('bare', '{}'));
  // A missing field does not keep the rules from running (only type errors do).
  assert.equal(missing.stderr, [
    'The Certificate "bare" is invalid: ',
    '* spec.issuerRef: Required value',
    '* spec.secretName: Required value',
    '* spec: Invalid value: "object": at least one of commonName or dnsNames must be set',
    '',
  ].join('\n'));
  const rule = await apply(cert('nonames', '{secretName: s, issuerRef: {name: ca}}'));
  assert.equal(rule.stderr, 'The Certificate "nonames" is invalid: spec: Invalid value: "object": at least one of commonName or dnsNames must be set\n');
  const long = await apply(cert('long', `{secretName: s, issuerRef: {name: ca}, commonName: ${'a'.repeat(65)}}`));
  assert.equal(long.stderr, 'The Certificate "long" is invalid: spec.commonName: Too long: may not be more than 64 bytes\n');
  const status = await apply(cert('st', '{secretName: s, issuerRef: {name: ca}, commonName: a}') + 'status: {notAfter: soon}\n');
  // The status subresource: what the main resource says of status is dropped, not validated.
  assert.equal(status.stdout, 'certificate.cert-manager.io/st created\n', status.stderr);
  assert.equal(JSON.parse((await cli('get cert st -o json')).stdout).status, undefined);
});

test('invalid ServiceMonitors and Applications', async () => {
  const smon = await apply(`apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: bad}
spec:
  sampleLimit: -1
  endpoints:
  - {port: web, targetPort: 8080, interval: 30 seconds, scheme: HTTP}
  - {targetPort: true, relabelings: [{sourceLabels: [__meta-x], action: rewrite}]}
`);
  assert.equal(smon.stderr, [
    'The ServiceMonitor "bad" is invalid: ',
    // Required fields of an object come before its properties' own errors, as kube-openapi checks them;
    // properties in key order (what kubectl sends).
    '* spec.selector: Required value',
    '* spec.endpoints[0].interval: Invalid value: "30 seconds": spec.endpoints[0].interval in body should match \'^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$\'',
    '* spec.endpoints[0].scheme: Unsupported value: "HTTP": supported values: "http", "https"',
    '* spec.endpoints[1].relabelings[0].action: Unsupported value: "rewrite": supported values: "replace", "keep", "drop", "labelmap", "labeldrop", "labelkeep"',
    '* spec.endpoints[1].relabelings[0].sourceLabels[0]: Invalid value: "__meta-x": spec.endpoints[1].relabelings[0].sourceLabels[0] in body should match \'^[a-zA-Z_][a-zA-Z0-9_]*$\'',
    '* spec.endpoints[1].targetPort: Invalid value: "boolean": spec.endpoints[1].targetPort in body must be of type integer,string: "boolean"',
    '* spec.sampleLimit: Invalid value: -1: spec.sampleLimit in body should be greater than or equal to 0',
    '* <nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    '',
  ].join('\n'));
  const both = await apply(`apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: both}
spec: {selector: {}, endpoints: [{port: web, targetPort: 8080}]}
`);
  assert.equal(both.stderr, 'The ServiceMonitor "both" is invalid: spec.endpoints[0]: Invalid value: "object": port and targetPort cannot be used together\n');
  const app = await apply(`apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: two}
spec:
  project: default
  destination: {namespace: x}
  source: {repoURL: a}
  sources: [{path: b}]
`);
  assert.equal(app.stderr, [
    'The Application "two" is invalid: ',
    '* spec.sources[0].repoURL: Required value',
    '* spec: Invalid value: "object": exactly one of source or sources must be set',
    '',
  ].join('\n'));
  const rule = await apply(`apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: none}
spec: {project: default, destination: {namespace: x}}
`);
  assert.equal(rule.stderr, 'The Application "none" is invalid: spec: Invalid value: "object": exactly one of source or sources must be set\n');
});

test('unknown fields: refused under --validate=strict (the default), warned about or dropped otherwise', async () => {
  const doc = cert('unknown', '{secretName: s, issuerRef: {name: ca, namespace: x}, commonName: a, keySize: 2048}');
  const strict = await apply(doc);
  assert.equal(strict.stderr, 'Error from server (BadRequest): error when creating "STDIN": Certificate in version "v1" cannot be handled as a Certificate: strict decoding error: unknown field "spec.issuerRef.namespace", unknown field "spec.keySize"\n');
  assert.equal(strict.code, 1);
  const warn = await apply(doc, '--validate=warn');
  assert.equal(warn.stdout, 'certificate.cert-manager.io/unknown created\n');
  assert.equal(warn.stderr, 'Warning: unknown field "spec.issuerRef.namespace"\nWarning: unknown field "spec.keySize"\n');
  const stored = JSON.parse((await cli('get cert unknown -o json')).stdout);
  assert.deepEqual(stored.spec.issuerRef, { name: 'ca', kind: 'Issuer' });
  assert.equal(stored.spec.keySize, undefined);
  const ignore = await cli(['create', '-f', '-', '--validate=false'], doc.replace('name: unknown', 'name: unknown2'));
  assert.deepEqual([ignore.stdout, ignore.stderr], ['certificate.cert-manager.io/unknown2 created\n', '']);
});

test('status and generation: the main resource ignores status, /status ignores the rest', async () => {
  await apply(cert('gen', '{secretName: s, issuerRef: {name: ca}, commonName: a}'));
  const patched = await cli(['patch', 'cert', 'gen', '--type=merge', '-p', '{"status":{"revision":1}}']);
  assert.equal(patched.stdout, 'certificate.cert-manager.io/gen patched (no change)\n', patched.stderr);
  const viaStatus = await cli(['patch', 'cert', 'gen', '--subresource=status', '--type=merge', '-p', '{"status":{"revision":2},"spec":{"commonName":"b"}}']);
  assert.equal(viaStatus.stdout, 'certificate.cert-manager.io/gen patched\n', viaStatus.stderr);
  let c = JSON.parse((await cli('get cert gen -o json')).stdout);
  assert.deepEqual([c.status, c.spec.commonName, c.metadata.generation], [{ revision: 2 }, 'a', 1]);
  const badStatus = await cli(['patch', 'cert', 'gen', '--subresource=status', '--type=merge', '-p', '{"status":{"notAfter":"tomorrow"}}']);
  assert.equal(badStatus.stderr, [
    'The Certificate "gen" is invalid: ',
    '* status.notAfter: Invalid value: "tomorrow": status.notAfter in body must be of type date-time: "tomorrow"',
    // A type error keeps the CRD's CEL rules from running, and the API server says so.
    '* <nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    '',
  ].join('\n'));
  await cli(['patch', 'cert', 'gen', '--type=merge', '-p', '{"spec":{"commonName":"c"}}']);
  c = JSON.parse((await cli('get cert gen -o json')).stdout);
  assert.equal(c.metadata.generation, 2);
});

test('printer columns, short names and categories', async () => {
  const r = await cli('get certs -o wide');
  assert.match(r.stdout, /^NAME +READY +SECRET +ISSUER +AGE\nexample-com +example-com-tls +ca-issuer +\d+s\n/);
  const category = await cli('get prometheus-operator');
  assert.match(category.stdout, /^NAME +AGE\nweb +\d+s\n$/);
  const apps = await cli('get apps');
  assert.equal(apps.stdout, 'NAME        SYNC STATUS   HEALTH STATUS\nguestbook                 \n');
});

test('a non-structural CRD and a CRD whose rule does not compile are refused', async () => {
  const crd = (name: string, schema: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: ${name}.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: ${name}, kind: K${name}}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema: ${schema}
`;
  const loose = await apply(crd('loose', '{type: object, properties: {spec: {properties: {a: {type: string}, b: {type: array, items: {}}}}}}'));
  assert.equal(loose.stderr, [
    'The CustomResourceDefinition "loose.example.com" is invalid: ',
    '* spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields',
    '* spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[b].items.type: Required value: must not be empty for specified array items',
    '',
  ].join('\n'));
  const rule = await apply(crd('ruled', '{type: object, x-kubernetes-validations: [{rule: "self.spec.a ==", message: m}], properties: {spec: {type: object}}}'));
  assert.match(rule.stderr, /^The CustomResourceDefinition "ruled\.example\.com" is invalid: spec\.versions\[0\]\.schema\.openAPIV3Schema\.x-kubernetes-validations\[0\]\.rule: Invalid value: "self\.spec\.a ==": compilation failed: /);
  const noSchema = await apply(crd('bare', 'null'));
  assert.equal(noSchema.stderr, 'The CustomResourceDefinition "bare.example.com" is invalid: spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required\n');
  assert.equal((await cli('get crd loose.example.com')).code, 1);
});

test('several versions: each served, the object stored at the storage version (conversion None)', async () => {
  const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gizmos.example.com}
spec:
  group: example.com
  scope: Cluster
  names: {plural: gizmos, kind: Gizmo}
  versions:
  - {name: v1alpha1, served: true, storage: false, schema: {openAPIV3Schema: {type: object, properties: {spec: {type: object, x-kubernetes-preserve-unknown-fields: true}}}}}
  - {name: v1, served: true, storage: true, subresources: {scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}},
     schema: {openAPIV3Schema: {type: object, properties: {spec: {type: object, properties: {replicas: {type: integer, maximum: 5, default: 1}, mode: {type: string, default: fast}}}}}}}
  - {name: v0, served: false, storage: false, schema: {openAPIV3Schema: {type: object}}}
`;
  assert.equal((await apply(crd)).code, 0);
  const old = await apply('apiVersion: example.com/v1alpha1\nkind: Gizmo\nmetadata: {name: g}\nspec: {extra: 1}\n', '-o', 'json');
  // Answered at the version it was written in; stored at v1, with v1's defaults.
  assert.equal(JSON.parse(old.stdout).apiVersion, 'example.com/v1alpha1', old.stderr);
  const stored = JSON.parse((await cli('get gizmo g -o json')).stdout);
  // Read back from storage, the object is pruned and defaulted by v1's schema.
  assert.deepEqual([stored.apiVersion, stored.spec], ['example.com/v1', { replicas: 1, mode: 'fast' }]);
  const v0 = await apply('apiVersion: example.com/v0\nkind: Gizmo\nmetadata: {name: z}\n');
  assert.match(v0.stderr, /no matches for kind "Gizmo" in version "example.com\/v0"/);
  const scaled = await cli('scale gizmo g --replicas=3');
  assert.equal(scaled.stdout, 'gizmo.example.com/g scaled\n', scaled.stderr);
  assert.equal(JSON.parse((await cli('get gizmo g -o json')).stdout).spec.replicas, 3);
  const tooMany = await cli('scale gizmo g --replicas=9');
  assert.equal(tooMany.stderr, 'The Gizmo "g" is invalid: spec.replicas: Invalid value: 9: spec.replicas in body should be less than or equal to 5\n');
});

test('the built binary evaluates CEL rules (the evaluator is required from node_modules)', () => {
  const r = runBin(['apply', '-f', '-'], { home: home.home, stdin: cert('bin', '{secretName: s, issuerRef: {name: ca}}') });
  assert.equal(r.stderr, 'The Certificate "bin" is invalid: spec: Invalid value: "object": at least one of commonName or dnsNames must be set\n');
  assert.equal(r.code, 1);
});
