import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { applyDefaults } from '../../src/api/defaults/index.js';
import { builtinRegistry } from '../../src/api/registry.js';
import type { KubeObject } from '../../src/api/types.js';
import { validateObject, type ValidateOptions } from '../../src/api/validation/index.js';
import { base64ErrorOffset } from '../../src/api/validation/decode.js';
import { ApiError, renderApiError } from '../../src/errors.js';
import { REPO_ROOT } from '../helpers/cli.js';

/** What kubectl would print for the object (after defaulting, as the API server does), or 'ok'. */
function outcome(obj: KubeObject, opts?: ValidateOptions): string {
  const type = builtinRegistry.forKind(obj.apiVersion, obj.kind);
  assert.ok(type, `no type for ${obj.apiVersion} ${obj.kind}`);
  try {
    applyDefaults(obj, type);
    validateObject(obj, type, undefined, opts);
    return 'ok';
  } catch (err) {
    assert.ok(err instanceof ApiError, String(err));
    return renderApiError(err);
  }
}

const pod = (spec: unknown, metadata: Record<string, unknown> = { name: 'web' }): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata,
  spec,
});

const RFC1123_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

test('a valid pod passes', () => {
  assert.equal(outcome(pod({ containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] })), 'ok');
});

test('unknown field: strict decoding error with the full path and array index', () => {
  assert.equal(
    outcome(pod({ containers: [{ name: 'nginx', imagee: 'nginx' }] })),
    'Error from server (BadRequest): Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagee"',
  );
});

test('several unknown fields are joined in decoder order (keys sorted), duplicates after', () => {
  const deploy: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd' },
    spec: {
      replicas: 4,
      foo: 'bar',
      baz: 'baq',
      selector: { matchLabels: { app: 'x' } },
      template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'a', image: 'x' }] } },
    },
  };
  assert.equal(
    outcome(deploy, { duplicateFields: ['spec.replicas'] }),
    'Error from server (BadRequest): Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.baz", unknown field "spec.foo", duplicate field "spec.replicas"',
  );
});

test('a duplicate field alone is a strict decoding error', () => {
  assert.equal(
    outcome(pod({ containers: [{ name: 'a', image: 'x' }] }), { duplicateFields: ['metadata.name'] }),
    'Error from server (BadRequest): Pod in version "v1" cannot be handled as a Pod: strict decoding error: duplicate field "metadata.name"',
  );
});

test('wrong JSON type: Go struct field naming', () => {
  assert.equal(
    outcome(pod({ containers: [{ name: 'a', image: 'x', ports: [{ containerPort: '80' }] }] })),
    'Error from server (BadRequest): Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32',
  );
  assert.equal(
    outcome(pod({ containers: [{ name: 'a', image: 'x' }] }, { name: 'web', labels: { tier: 3 } })),
    'Error from server (BadRequest): Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
  );
  assert.equal(
    outcome(pod({ containers: [{ name: 'a', image: 'x' }], affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [] } } })),
    'Error from server (BadRequest): Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal array into Go struct field NodeAffinity.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution of type v1.NodeSelector',
  );
});

test('a wrong type wins over unknown fields (decoding stops before the strict check)', () => {
  assert.match(outcome(pod({ containers: [{ name: 'a', image: 'x', bogus: 1 }], hostNetwork: 'yes' })), /cannot unmarshal string into Go struct field PodSpec\.spec\.hostNetwork of type bool$/);
});

test('missing container name and image: Required value', () => {
  assert.equal(outcome(pod({ containers: [{ name: null, image: 'nginx' }] }, { name: 'test' })), 'The Pod "test" is invalid: spec.containers[0].name: Required value');
  assert.equal(outcome(pod({ containers: [{ name: 'a' }] }, { name: 'bad' })), 'The Pod "bad" is invalid: spec.containers[0].image: Required value');
  // An empty string is missing too (minLength, counted by the validator's inlined helper).
  assert.equal(outcome(pod({ containers: [{ name: '', image: 'nginx' }] }, { name: 'test' })), 'The Pod "test" is invalid: spec.containers[0].name: Required value');
});

test('a 300-character name breaks the 253-character limit of a DNS-1123 subdomain', () => {
  const name = 'a'.repeat(300);
  assert.equal(
    outcome(pod({ containers: [{ name: 'a', image: 'x' }] }, { name })),
    `The Pod "${name}" is invalid: metadata.name: Invalid value: "${name}": must be no more than 253 characters`,
  );
});

test('an invalid name gets the RFC 1123 message; Services use DNS-1035 labels', () => {
  assert.equal(
    outcome(pod({ containers: [{ name: 'a', image: 'x' }] }, { name: 'Web_1' })),
    `The Pod "Web_1" is invalid: metadata.name: Invalid value: "Web_1": ${RFC1123_SUBDOMAIN}`,
  );
  const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: '1web' }, spec: { ports: [{ port: 80 }] } };
  assert.equal(
    outcome(svc),
    `The Service "1web" is invalid: metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
  );
});

test('bad label key and value', () => {
  assert.equal(
    outcome(pod({ containers: [{ name: 'a', image: 'x' }] }, { name: 'web', labels: { 'bad key': 'ok', app: '-web' } })),
    'The Pod "web" is invalid: \n' +
      "* metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')\n" +
      "* metadata.labels: Invalid value: \"-web\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
  );
});

test('deployment without selector: the causes and their order as the API server gives them', () => {
  const deploy: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'bad' },
    spec: { template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'a' }] } } },
  };
  assert.equal(
    outcome(deploy),
    'The Deployment "bad" is invalid: \n' +
      '* spec.selector: Required value\n' +
      '* spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`\n' +
      '* spec.template.spec.containers[0].image: Required value',
  );
});

test('enums: Unsupported value with the supported list', () => {
  const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { type: 'Public', ports: [{ port: 80 }] } };
  assert.equal(outcome(svc), 'The Service "web" is invalid: spec.type: Unsupported value: "Public": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"');
  const job: KubeObject = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { containers: [{ name: 'a', image: 'x' }] } } } };
  assert.equal(outcome(job), 'The Job "j" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"');
});

test('Secret data that is not base64 fails decoding at the first bad byte', () => {
  const secret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { 'tls.crt': 'REPLACE_WITH_BASE64_CERT', 'tls.key': 'x' } };
  assert.equal(outcome(secret), 'Error from server (BadRequest): Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 7');
  assert.equal(outcome({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'aGVsbG8=' } }), 'ok');
});

test('base64 offsets follow Go encoding/base64', () => {
  assert.equal(base64ErrorOffset('aGVsbG8='), -1);
  assert.equal(base64ErrorOffset('aGVs\nbG8='), -1);
  assert.equal(base64ErrorOffset('abc'), 0);
  assert.equal(base64ErrorOffset('abcde'), 4);
  assert.equal(base64ErrorOffset('ab=c'), 2);
  assert.equal(base64ErrorOffset('...x'), 0);
});

test('quantities are checked while decoding', () => {
  assert.equal(
    outcome(pod({ containers: [{ name: 'a', image: 'x', resources: { limits: { memory: '1Gb' } } }] })),
    "Error from server (BadRequest): Pod in version \"v1\" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  );
});

test('autoscaling/v1 and v2 HPAs are validated against their own version', () => {
  const v1: KubeObject = {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'h' },
    spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 3, targetCPUUtilizationPercentage: 50 },
  };
  assert.equal(outcome(v1), 'ok');
  const v2 = { ...structuredClone(v1), apiVersion: 'autoscaling/v2' };
  assert.match(outcome(v2), /strict decoding error: unknown field "spec\.targetCPUUtilizationPercentage"$/);
});

test('RBAC names may contain colons; namespaces must be DNS labels', () => {
  assert.equal(outcome({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:metrics' }, rules: [] }), 'ok');
  assert.match(outcome({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a.b' } }), /^The Namespace "a\.b" is invalid: metadata\.name: Invalid value: "a\.b": a lowercase RFC 1123 label must/);
});

test('kinds without a schema of their own get the permissive fallback', () => {
  assert.equal(outcome({ apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'gvisor' }, handler: 'runsc' }), 'ok');
});

test('update: an apps/v1 selector is immutable, rendered as Go prints a LabelSelector', () => {
  const type = builtinRegistry.forKind('apps/v1', 'Deployment')!;
  const make = (app: string): KubeObject => {
    const d: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { selector: { matchLabels: { app } }, template: { metadata: { labels: { app } }, spec: { containers: [{ name: 'a', image: 'x' }] } } },
    };
    applyDefaults(d, type);
    return d;
  };
  assert.doesNotThrow(() => validateObject(make('web'), type, make('web')));
  assert.throws(
    () => validateObject(make('web2'), type, make('web')),
    (err: unknown) =>
      err instanceof ApiError &&
      renderApiError(err) ===
        'The Deployment "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
  );
});

test('update: a pod may change its images but not its ports', () => {
  const type = builtinRegistry.forKind('v1', 'Pod')!;
  const make = (image: string, port: number): KubeObject => {
    const p = pod({ containers: [{ name: 'a', image, ports: [{ containerPort: port }] }] });
    applyDefaults(p, type);
    return p;
  };
  assert.doesNotThrow(() => validateObject(make('nginx:1.28', 80), type, make('nginx:1.27', 80)));
  assert.throws(
    () => validateObject(make('nginx:1.27', 8080), type, make('nginx:1.27', 80)),
    (err: unknown) =>
      err instanceof ApiError &&
      renderApiError(err).startsWith('The Pod "web" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,'),
  );
});

test('schemas/*.json are up to date with their source field lists', () => {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build-validators.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
});

test('requests above limits, bad port names, ingress without pathType', () => {
  assert.equal(
    outcome(pod({ containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } }] })),
    'The Pod "web" is invalid: spec.containers[0].resources.requests[cpu]: Invalid value: "2": must be less than or equal to cpu limit of 1',
  );
  assert.equal(
    outcome(pod({ containers: [{ name: 'a', image: 'x', ports: [{ name: 'metrics-endpoint-http', containerPort: 9090 }] }] })),
    'The Pod "web" is invalid: spec.containers[0].ports[0].name: Invalid value: "metrics-endpoint-http": must be no more than 15 characters',
  );
  const ing: KubeObject = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web' },
    spec: { rules: [{ http: { paths: [{ path: '/', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
  };
  assert.equal(outcome(ing), 'The Ingress "web" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified');
});

test('defaulting leaves wrongly typed values for validation to report', () => {
  const deploy: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd' },
    spec: {
      strategy: 'Recreate',
      selector: { matchLabels: { app: 'x' } },
      template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'a', image: 'x' }] } },
    },
  };
  assert.match(outcome(deploy), /json: cannot unmarshal string into Go struct field DeploymentSpec\.spec\.strategy of type v1\.DeploymentStrategy$/);
});

test('quantity and time fields with the wrong JSON type fail as their own decoders do', () => {
  assert.match(outcome(pod({ containers: [{ name: 'a', image: 'x', resources: { limits: { cpu: true } } }] })), /: quantities must match the regular expression/);
  assert.match(
    outcome(pod({ containers: [{ name: 'a', image: 'x' }] }, { name: 'web', creationTimestamp: 5 })),
    /json: cannot unmarshal number into Go struct field ObjectMeta\.metadata\.creationTimestamp of type string$/,
  );
});

test('tolerations, generateName and the annotation size limit', () => {
  assert.equal(
    outcome(pod({ containers: [{ name: 'a', image: 'x' }], tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoExecutee' }] })),
    'The Pod "web" is invalid: spec.tolerations[0].effect: Unsupported value: "NoExecutee": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
  );
  assert.equal(
    outcome(pod({ containers: [{ name: 'a', image: 'x' }] }, { name: 'Web-x1', generateName: 'Web-' })),
    'The Pod "Web-x1" is invalid: \n' +
      `* metadata.generateName: Invalid value: "Web-": ${RFC1123_SUBDOMAIN}\n` +
      `* metadata.name: Invalid value: "Web-x1": ${RFC1123_SUBDOMAIN}`,
  );
  assert.equal(
    outcome(pod({ containers: [{ name: 'a', image: 'x' }] }, { name: 'web', annotations: { big: 'x'.repeat(262145) } })),
    'The Pod "web" is invalid: metadata.annotations: Too long: may not be more than 262144 bytes',
  );
});

test("a toleration's key gets a cause per complaint, its value one cause of every complaint joined by ';'; annotation keys are checked lowercased and named as written", () => {
  const long = `-${'a'.repeat(63)}`;
  const valueMessage = "must be no more than 63 characters;a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
  const prefix = "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  const namePart = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  assert.equal(
    outcome(pod({ containers: [{ name: 'a', image: 'x' }], tolerations: [{ key: 'k', operator: 'Equal', value: long }, { key: 'Bad.Prefix/_n', value: 'ok' }] })),
    'The Pod "web" is invalid: \n' +
      `* spec.tolerations[0].operator: Invalid value: "${long}": ${valueMessage}\n` +
      `* spec.tolerations[1].key: Invalid value: "Bad.Prefix/_n": ${prefix}\n` +
      `* spec.tolerations[1].key: Invalid value: "Bad.Prefix/_n": ${namePart}`,
  );
  assert.equal(outcome(pod({ containers: [{ name: 'a', image: 'x' }] }, { name: 'web', annotations: { 'Example.COM/Foo': 'x' } })), 'ok');
  assert.equal(
    outcome(pod({ containers: [{ name: 'a', image: 'x' }] }, { name: 'web', annotations: { 'Bad_Prefix/_n': 'x' } })),
    'The Pod "web" is invalid: \n' +
      `* metadata.annotations: Invalid value: "Bad_Prefix/_n": ${prefix}\n` +
      `* metadata.annotations: Invalid value: "Bad_Prefix/_n": ${namePart}`,
  );
});

test('loading the API server loads no validator; a write loads only its kind (and nothing of ajv)', () => {
  const script = `
    const { createRequire } = require('node:module');
    const loaded = () => Object.keys(require.cache).filter((p) => p.includes('/validators/') || p.includes('/ajv/')).map((p) => p.replace(/.*\\/(validators|ajv)\\//, '$1/'));
    import(${JSON.stringify(join(REPO_ROOT, 'dist', 'src', 'api', 'server.js'))}).then(async () => {
      const before = loaded();
      const { validateObject } = await import(${JSON.stringify(join(REPO_ROOT, 'dist', 'src', 'api', 'validation', 'index.js'))});
      const { builtinRegistry } = await import(${JSON.stringify(join(REPO_ROOT, 'dist', 'src', 'api', 'registry.js'))});
      const { loadedValidators } = await import(${JSON.stringify(join(REPO_ROOT, 'dist', 'src', 'api', 'validation', 'decode.js'))});
      validateObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } }, builtinRegistry.forKind('v1', 'ConfigMap'));
      console.log(JSON.stringify({ before, after: [...loaded(), ...loadedValidators().map((n) => 'validators/' + n + '.cjs')] }));
    });`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(r.stderr, '');
  const { before, after } = JSON.parse(r.stdout) as { before: string[]; after: string[] };
  assert.deepEqual(before, []);
  assert.deepEqual(after.sort(), ['validators/ConfigMap.cjs']);
});

test('rolling update percents, typed secrets, immutable secrets', () => {
  const deploy: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd' },
    spec: {
      strategy: { rollingUpdate: { maxUnavailable: '25', maxSurge: 0 } },
      selector: { matchLabels: { app: 'x' } },
      template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'a', image: 'x' }] } },
    },
  };
  assert.equal(
    outcome(deploy),
    "The Deployment \"d\" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"25\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
  );
  assert.equal(
    outcome({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 't' }, type: 'kubernetes.io/tls', stringData: { 'tls.crt': 'x' } }),
    'The Secret "t" is invalid: data[tls.key]: Required value',
  );
  const type = builtinRegistry.forKind('v1', 'Secret')!;
  const old: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'Opaque', immutable: true, data: { a: 'eA==' } };
  const changed: KubeObject = { ...structuredClone(old), data: { a: 'eQ==' } };
  assert.throws(
    () => validateObject(changed, type, old),
    (err: unknown) => err instanceof ApiError && renderApiError(err) === 'The Secret "s" is invalid: data: Forbidden: field is immutable when `immutable` is set',
  );
});

test('a patched object reports strict decoding errors without the kind prefix', () => {
  assert.equal(
    outcome(pod({ containers: [{ name: 'nginx', image: 'x', imagee: 'nginx' }] }), { patch: true }),
    'Error from server (BadRequest): strict decoding error: unknown field "spec.containers[0].imagee"',
  );
});

test('a label value (or key) wrong in two ways gets both causes, as ValidateLabels lists each message', () => {
  const long = `${'a'.repeat(64)}-`;
  const got = outcome(pod({ containers: [{ name: 'nginx', image: 'nginx' }] }, { name: 'web', labels: { k: long } }));
  assert.ok(got.startsWith(`The Pod "web" is invalid: \n* metadata.labels: Invalid value: "${long}": must be no more than 63 characters\n* metadata.labels: Invalid value: "${long}": a valid label must be an empty string`), got);
  const badKey = outcome(pod({ containers: [{ name: 'nginx', image: 'nginx' }] }, { name: 'web', labels: { [`${'b'.repeat(64)}-`]: 'v' } }));
  assert.equal(badKey.match(/metadata\.labels: Invalid value/g)?.length, 2, badKey);
});
