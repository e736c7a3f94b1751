import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BIN, runBin, runCli, tempHome } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL, startOracle } from '../helpers/oracle.js';
import { storedObject } from './store-helpers.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

const APP = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
  labels: {app: shop}
spec:
  replicas: 2
  selector:
    matchLabels: {app: shop}
  template:
    metadata:
      labels: {app: shop}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        env:
        - name: A
          value: "1"
        - name: B
          value: "2"
---
apiVersion: v1
kind: Service
metadata:
  name: shop
spec:
  selector: {app: shop}
  ports:
  - port: 80
`;

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: webpod
spec:
  containers:
  - name: nginx
    image: nginx:1.27
`;

function scratch() {
  const h = tempHome();
  const file = (name: string, text: string) => {
    writeFileSync(join(h.home, name), text);
    return name;
  };
  const cli = (args: string | string[], stdin?: string) => runCli(args, { home: h.home, cwd: h.home, stdin });
  return { ...h, file, cli };
}

test('apply: created, unchanged, configured per document in file order; removed fields are removed', async () => {
  const s = scratch();
  try {
    s.file('app.yaml', APP);
    assert.deepEqual(await s.cli('apply -f app.yaml'), { stdout: 'deployment.apps/shop created\nservice/shop created\n', stderr: '', code: 0 });
    assert.deepEqual(await s.cli('apply -f app.yaml'), { stdout: 'deployment.apps/shop unchanged\nservice/shop unchanged\n', stderr: '', code: 0 });
    s.file('app2.yaml', APP.replace('replicas: 2', 'replicas: 3').replace('        - name: B\n          value: "2"\n', ''));
    assert.deepEqual(await s.cli('apply -f app2.yaml'), { stdout: 'deployment.apps/shop configured\nservice/shop unchanged\n', stderr: '', code: 0 });
    const deploy = storedObject(s.home, 'apps/deployments', 'default/shop');
    assert.equal(deploy.spec.replicas, 3);
    assert.deepEqual(deploy.spec.template.spec.containers[0].env, [{ name: 'A', value: '1' }]);
    assert.equal(deploy.metadata.generation, 2);
  } finally {
    s.dispose();
  }
});

test('apply writes the last-applied annotation as kubectl does (sorted compact JSON, annotations {}, namespace, newline)', async () => {
  const s = scratch();
  try {
    s.file('pod.yaml', POD);
    await s.cli('apply -f pod.yaml');
    const pod = storedObject(s.home, 'core/pods', 'default/web');
    assert.equal(
      pod.metadata.annotations[LAST_APPLIED],
      '{"apiVersion":"v1","kind":"Pod","metadata":{"annotations":{},"labels":{"app":"webpod"},"name":"web","namespace":"default"},"spec":{"containers":[{"image":"nginx:1.27","name":"nginx"}]}}\n',
    );
    const view = await s.cli('apply view-last-applied pod web');
    assert.equal(view.stdout, 'apiVersion: v1\nkind: Pod\nmetadata:\n  annotations: {}\n  labels:\n    app: webpod\n  name: web\n  namespace: default\nspec:\n  containers:\n  - image: nginx:1.27\n    name: nginx\n');
    assert.equal((await s.cli('apply view-last-applied pod/web')).stdout, view.stdout);
  } finally {
    s.dispose();
  }
});

test('apply on an object made by create warns about the missing annotation, then configures it', async () => {
  const s = scratch();
  try {
    s.file('pod.yaml', POD);
    assert.deepEqual(await s.cli('create -f pod.yaml'), { stdout: 'pod/web created\n', stderr: '', code: 0 });
    const r = await s.cli('apply -f pod.yaml');
    assert.equal(r.stdout, 'pod/web configured\n');
    assert.equal(
      r.stderr,
      'Warning: resource pods/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n',
    );
    assert.equal((await s.cli('apply -f pod.yaml')).stdout, 'pod/web unchanged\n');
    // A kind of a group is named by its plural alone (kubectl's Info.ObjectName()), as kubectl v1.32 prints it.
    assert.equal((await s.cli('create deployment web --image=nginx:1.27')).code, 0);
    s.file('deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: nginx, image: "nginx:1.27"}]}\n');
    assert.match((await s.cli('apply -f deploy.yaml')).stderr, /^Warning: resource deployments\/web is missing the /);
    const missing = await s.cli('apply view-last-applied pod nosuch');
    assert.equal(missing.stderr, 'Error from server (NotFound): pods "nosuch" not found\n');
  } finally {
    s.dispose();
  }
});

test('apply --dry-run=client|server: suffixes, client never says unchanged, nothing stored', async () => {
  const s = scratch();
  try {
    s.file('app.yaml', APP);
    s.file('pod.yaml', POD);
    await s.cli('apply -f app.yaml');
    assert.equal((await s.cli('apply -f app.yaml --dry-run=client')).stdout, 'deployment.apps/shop configured (dry run)\nservice/shop configured (dry run)\n');
    assert.equal((await s.cli('apply -f app.yaml --dry-run=server')).stdout, 'deployment.apps/shop unchanged (server dry run)\nservice/shop unchanged (server dry run)\n');
    s.file('app3.yaml', APP.replace('replicas: 2', 'replicas: 5'));
    assert.equal((await s.cli('apply -f app3.yaml --dry-run=server')).stdout, 'deployment.apps/shop configured (server dry run)\nservice/shop unchanged (server dry run)\n');
    assert.equal(storedObject(s.home, 'apps/deployments', 'default/shop').spec.replicas, 2);
    assert.equal((await s.cli('apply -f pod.yaml --dry-run=client')).stdout, 'pod/web created (dry run)\n');
    assert.equal((await s.cli('apply -f pod.yaml --dry-run=server')).stdout, 'pod/web created (server dry run)\n');
    assert.equal(storedObject(s.home, 'core/pods', 'default/web'), undefined);
    const bad = await s.cli('apply -f pod.yaml --dry-run=maybe');
    assert.deepEqual(bad, { stdout: '', stderr: 'error: Invalid dry-run value (maybe). Must be "none", "server", or "client".\n', code: 1 });
  } finally {
    s.dispose();
  }
});

test('apply: several documents, one failing: successes on stdout, the failure on stderr, exit 1', async () => {
  const s = scratch();
  try {
    const cm = (name: string, ns?: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}data: {a: "1"}\n`;
    s.file('mixed.yaml', [cm('one'), cm('two', 'missing'), cm('three')].join('---\n'));
    const r = await s.cli('apply -f mixed.yaml');
    assert.deepEqual(r, {
      stdout: 'configmap/one created\nconfigmap/three created\n',
      stderr: 'Error from server (NotFound): error when creating "mixed.yaml": namespaces "missing" not found\n',
      code: 1,
    });
  } finally {
    s.dispose();
  }
});

test('apply, create, replace: every failure after the objects that went through; several without error: (kubectl aggregates them)', async () => {
  const s = scratch();
  try {
    const cm = (name: string, ns?: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}data: {a: "1"}\n`;
    const unmapped = 'apiVersion: v1\nkind: Nope\nmetadata: {name: x}\n';
    const mapping = 'resource mapping not found for name: "x" namespace: "" from "mixed.yaml": no matches for kind "Nope" in version "v1"\nensure CRDs are installed first\n';
    s.file('mixed.yaml', [unmapped, cm('one'), cm('two', 'missing')].join('---\n'));
    // apply: the documents it could not map first (its GetObjects error), then each object's failure.
    assert.deepEqual(await s.cli('apply -f mixed.yaml'), {
      stdout: 'configmap/one created\n',
      stderr: `${mapping}Error from server (NotFound): error when creating "mixed.yaml": namespaces "missing" not found\n`,
      code: 1,
    });
    // create and replace: the objects' failures first, then the documents.
    assert.deepEqual(await s.cli('create -f mixed.yaml'), {
      stdout: '',
      stderr: 'Error from server (AlreadyExists): error when creating "mixed.yaml": configmaps "one" already exists\n' +
        `Error from server (NotFound): error when creating "mixed.yaml": namespaces "missing" not found\n${mapping}`,
      code: 1,
    });
    assert.deepEqual(await s.cli('replace -f mixed.yaml'), {
      stdout: 'configmap/one replaced\n',
      stderr: `Error from server (NotFound): error when replacing "mixed.yaml": configmaps "two" not found\n${mapping}`,
      code: 1,
    });
    // One failure alone is printed as kubectl prints a lone error.
    s.file('one.yaml', unmapped);
    assert.deepEqual(await s.cli('create -f one.yaml'), { stdout: '', stderr: `error: ${mapping.replace('mixed.yaml', 'one.yaml')}`, code: 1 });
  } finally {
    s.dispose();
  }
});

test('quantities are stored as the API server re-encodes them: canonical, strings, the text sent where it is canonical', async () => {
  const s = scratch();
  try {
    s.file('q.yaml', `apiVersion: v1
kind: Pod
metadata: {name: q}
spec:
  containers:
  - name: c
    image: nginx
    resources:
      limits: {cpu: 2, memory: 1024Mi, ephemeral-storage: 1.5Gi}
      requests: {cpu: 0.5, memory: "2E6"}
  volumes: [{name: v, emptyDir: {sizeLimit: 1000m}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: d}}
    spec: {containers: [{name: c, image: nginx, resources: {requests: {cpu: 1.5, memory: 5Mi}}}]}
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: rq}
spec: {hard: {cpu: "0.50", pods: 10}}
`);
    assert.equal((await s.cli('apply -f q.yaml')).code, 0);
    const get = async (what: string, path: string) => (await s.cli(['get', what, '-o', `jsonpath=${path}`])).stdout;
    assert.equal(await get('pod/q', '{.spec.containers[0].resources}'), '{"limits":{"cpu":"2","ephemeral-storage":"1536Mi","memory":"1Gi"},"requests":{"cpu":"500m","ephemeral-storage":"1536Mi","memory":"2E6"}}');
    assert.equal(await get('pod/q', '{.spec.volumes[0].emptyDir.sizeLimit}'), '1');
    assert.equal(await get('deploy/d', '{.spec.template.spec.containers[0].resources.requests}'), '{"cpu":"1500m","memory":"5Mi"}');
    assert.equal(await get('quota/rq', '{.spec.hard}'), '{"cpu":"500m","pods":"10"}');
    // Applied again, the file's texts differ from the live ones: kubectl's patch carries them (configured), and
    // the server stores the same quantities again (a known kubectl behaviour with non-canonical quantities).
    assert.deepEqual(await s.cli('apply -f q.yaml'), { stdout: 'pod/q configured\ndeployment.apps/d configured\nresourcequota/rq configured\n', stderr: '', code: 0 });
    assert.equal(await get('pod/q', '{.spec.containers[0].resources.requests.cpu}'), '500m');
    assert.equal(await get('deploy/d', '{.metadata.generation}'), '1');
    // A number JavaScript would change (1.0) is decoded from its text, as Quantity decodes a JSON number (it was refused).
    assert.equal((await s.cli(['patch', 'deploy/d', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"c","resources":{"requests":{"cpu":1.0,"memory":1e400}}}]}}}}'])).code, 0);
    assert.equal(await get('deploy/d', '{.spec.template.spec.containers[0].resources.requests}'), '{"cpu":"1","memory":"10e399"}');
  } finally {
    s.dispose();
  }
});

test('a document that fails decoding is skipped, one that fails validation ends its file: the rest applied, the errors at the end', async () => {
  const s = scratch();
  try {
    const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\n`;
    const nameless = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [x]}\n';
    const kindless = 'apiVersion: v1\nmetadata: {name: k}\n';
    s.file('decode.yaml', [cm('a'), nameless, cm('b')].join('---\n'));
    s.file('valid.yaml', [cm('c'), kindless, cm('d')].join('---\n'));
    const decodeError = 'unable to decode "decode.yaml": json: cannot unmarshal array into Go struct field ObjectMeta.metadata.name of type string';
    const validationError = 'error validating "valid.yaml": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false';
    assert.deepEqual(await s.cli('apply -f decode.yaml'), { stdout: 'configmap/a created\nconfigmap/b created\n', stderr: `error: ${decodeError}\n`, code: 1 });
    assert.deepEqual(await s.cli('create -f valid.yaml'), { stdout: 'configmap/c created\n', stderr: `error: ${validationError}\n`, code: 1 });
    assert.equal(storedObject(s.home, 'core/configmaps', 'default/d'), undefined, 'the rest of the file after a validation error is not read');
    // delete only decodes (it has no --validate), so d is asked for too; every error aggregated (bare) after
    // what went through, the documents it could not read last, as one element of it (Go's nested aggregate: [a, b]).
    assert.deepEqual(await s.cli('delete -f decode.yaml -f valid.yaml'), {
      stdout: 'configmap "a" deleted\nconfigmap "b" deleted\nconfigmap "c" deleted\n',
      stderr: 'Error from server (NotFound): error when deleting "valid.yaml": configmaps "d" not found\n' +
        `[${decodeError}, unable to decode "valid.yaml": Object 'Kind' is missing in '{"apiVersion":"v1","metadata":{"name":"k"}}']\n`,
      code: 1,
    });
    // Alone, the builder's errors are printed one a line.
    assert.deepEqual(await s.cli('apply -f decode.yaml -f valid.yaml --dry-run=server'), {
      stdout: 'configmap/a created (server dry run)\nconfigmap/b created (server dry run)\nconfigmap/c created (server dry run)\n',
      stderr: `${decodeError}\n${validationError}\n`,
      code: 1,
    });
  } finally {
    s.dispose();
  }
});

test('apply: JSON, JSON stream, List, stdin, directory and -R', async () => {
  const s = scratch();
  try {
    const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
    s.file('stream.json', `${JSON.stringify(cm('j1'))}\n${JSON.stringify(cm('j2'), null, 2)}`);
    assert.equal((await s.cli('apply -f stream.json')).stdout, 'configmap/j1 created\nconfigmap/j2 created\n');
    s.file('list.yaml', `apiVersion: v1\nkind: List\nitems:\n- ${JSON.stringify(cm('l1'))}\n- ${JSON.stringify(cm('l2'))}\n`);
    assert.equal((await s.cli('apply -f list.yaml')).stdout, 'configmap/l1 created\nconfigmap/l2 created\n');
    assert.equal((await s.cli('apply -f -', JSON.stringify(cm('s1')))).stdout, 'configmap/s1 created\n');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(s.home, 'dir', 'nested'), { recursive: true });
    s.file('dir/b.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d2}\n');
    s.file('dir/a.json', JSON.stringify(cm('d1')));
    s.file('dir/readme.md', 'not a manifest');
    s.file('dir/nested/c.yml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d3}\n');
    assert.equal((await s.cli('apply -f dir')).stdout, 'configmap/d1 created\nconfigmap/d2 created\n');
    assert.equal((await s.cli('apply -f dir -R')).stdout, 'configmap/d1 unchanged\nconfigmap/d2 unchanged\nconfigmap/d3 created\n');
  } finally {
    s.dispose();
  }
});

test('apply --prune -l deletes labelled objects that were applied before and are no longer in the manifests', async () => {
  const s = scratch();
  try {
    const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  labels: {app: p}\n`;
    s.file('all.yaml', [cm('a'), cm('b'), cm('c')].join('---\n'));
    s.file('some.yaml', cm('a'));
    await s.cli('apply -f all.yaml');
    s.file('other.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n  labels: {app: p}\n');
    await s.cli('create -f other.yaml');
    // With the default allowlist kubectl warns, as a klog line, that non-namespaced kinds will stop being pruned.
    const warning = /^W\d{4} [\d:.]+ +\d+ prune\.go:71\] Deprecated: kubectl apply will no longer prune non-namespaced resources by default when used with the --namespace flag in a future release\. To preserve the current behaviour, list the resources you want to target explicitly in the --prune-allowlist flag\.\n$/;
    const dry = await s.cli('apply -f some.yaml --prune -l app=p --dry-run=client');
    assert.match(dry.stderr, warning);
    assert.deepEqual({ ...dry, stderr: '' }, { stdout: 'configmap/a configured (dry run)\nconfigmap/b pruned (dry run)\nconfigmap/c pruned (dry run)\n', stderr: '', code: 0 });
    assert.deepEqual(await s.cli('apply -f some.yaml --prune -l app=p --prune-allowlist=core/v1/ConfigMap'), {
      stdout: 'configmap/a unchanged\nconfigmap/b pruned\nconfigmap/c pruned\n',
      stderr: '',
      code: 0,
    });
    assert.equal(storedObject(s.home, 'core/configmaps', 'default/b'), undefined);
    assert.ok(storedObject(s.home, 'core/configmaps', 'default/other'), 'objects not made by apply are not pruned');
    // A document that fails: kubectl returns its error before it would prune, so nothing is pruned.
    s.file('broken.yaml', `${cm('a')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: [x]}\n`);
    assert.equal((await s.cli('apply -f all.yaml')).code, 0);
    const broken = await s.cli('apply -f broken.yaml --prune -l app=p --prune-allowlist=core/v1/ConfigMap');
    assert.deepEqual(broken, {
      stdout: 'configmap/a unchanged\n',
      stderr: 'error: unable to decode "broken.yaml": json: cannot unmarshal array into Go struct field ObjectMeta.metadata.name of type string\n',
      code: 1,
    });
    assert.ok(storedObject(s.home, 'core/configmaps', 'default/b') && storedObject(s.home, 'core/configmaps', 'default/c'), 'nothing pruned');
    // The warning comes with the pruning: not at all when a document failed, after the applied objects.
    assert.equal((await s.cli('apply -f broken.yaml --prune -l app=p')).stderr, broken.stderr);
    const merged = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" apply -f some.yaml --prune -l app=p --dry-run=client 2>&1`], { cwd: s.home, env: { ...process.env, KUBECTL_LITE_HOME: s.home, NO_COLOR: '1' }, encoding: 'utf8' });
    assert.match(merged.stdout, /^configmap\/a configured \(dry run\)\nW\d{4} [^\n]* prune\.go:71\] Deprecated: [^\n]*\nconfigmap\/b pruned \(dry run\)\nconfigmap\/c pruned \(dry run\)\n$/);
    const noSelector = await s.cli('apply -f some.yaml --prune');
    assert.match(noSelector.stderr, /^error: all resources selected for prune without explicitly passing --all/);
    // The allowlist is mapped first (kubectl v1.32 through serve): a kind in lower case and an empty
    // version (the preferred one) are found; a kind not served is no match, before any other check.
    assert.deepEqual(await s.cli('apply -f some.yaml --prune -l app=p --prune-allowlist=core/v1/configmap --prune-allowlist=apps//Deployment'), { stdout: 'configmap/a unchanged\nconfigmap/b pruned\nconfigmap/c pruned\n', stderr: '', code: 0 });
    const refused = (stderr: string) => ({ stdout: '', stderr: `${stderr}\n`, code: 1 });
    assert.deepEqual(await s.cli('apply -f some.yaml --prune --prune-allowlist=core/v1/Nope'), refused('error: no matches for kind "Nope" in version "v1"'));
    assert.deepEqual(await s.cli('apply -f missing.yaml --prune --all --prune-allowlist=apps//Nope'), refused('error: no matches for kind "Nope" in version "apps/"'));
    assert.deepEqual(await s.cli('apply -f some.yaml --prune --all --prune-allowlist=apps/v1/deployments'), refused('error: no matches for kind "deployments" in version "apps/v1"'));
    assert.deepEqual(await s.cli('apply -f some.yaml --prune --prune-allowlist=core/v1/ConfigMap/x'), refused('error: invalid GroupVersionKind format: core/v1/ConfigMap/x, please follow <group/version/kind>'));
    assert.deepEqual(await s.cli('apply -f some.yaml --prune-allowlist=core/v1/Nope'), { stdout: 'configmap/a unchanged\n', stderr: '', code: 0 }, 'without --prune the allowlist is not read');
  } finally {
    s.dispose();
  }
});

test('create -f, --save-config and create --dry-run; AlreadyExists names the file', async () => {
  const s = scratch();
  try {
    s.file('pod.yaml', POD);
    assert.equal((await s.cli('create -f pod.yaml --dry-run=client')).stdout, 'pod/web created (dry run)\n');
    assert.equal((await s.cli('create -f pod.yaml --dry-run=server')).stdout, 'pod/web created (server dry run)\n');
    assert.equal((await s.cli('create -f pod.yaml --save-config')).stdout, 'pod/web created\n');
    assert.ok(storedObject(s.home, 'core/pods', 'default/web').metadata.annotations[LAST_APPLIED]);
    assert.deepEqual(await s.cli('create -f pod.yaml'), {
      stdout: '',
      stderr: 'Error from server (AlreadyExists): error when creating "pod.yaml": pods "web" already exists\n',
      code: 1,
    });
    assert.equal((await s.cli('create -f pod.yaml -o name --dry-run=client')).stdout, 'pod/web\n');
  } finally {
    s.dispose();
  }
});

test('replace -f: replaced; missing object and stale resourceVersion refused with kubectl errors', async () => {
  const s = scratch();
  try {
    // A ConfigMap: unlike a scheduled pod's spec, all of it may be replaced.
    const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  labels:\n    app: webpod\ndata:\n  a: "1"\n';
    s.file('cm.yaml', CM);
    assert.deepEqual(await s.cli('replace -f cm.yaml'), {
      stdout: '',
      stderr: 'Error from server (NotFound): error when replacing "cm.yaml": configmaps "web" not found\n',
      code: 1,
    });
    await s.cli('create -f cm.yaml');
    const rv = storedObject(s.home, 'core/configmaps', 'default/web').metadata.resourceVersion as string;
    s.file('current.yaml', CM.replace('  name: web\n', `  name: web\n  resourceVersion: "${rv}"\n`).replace('app: webpod', 'app: v2'));
    assert.deepEqual(await s.cli('replace -f current.yaml'), { stdout: 'configmap/web replaced\n', stderr: '', code: 0 });
    assert.equal(storedObject(s.home, 'core/configmaps', 'default/web').metadata.labels.app, 'v2');
    // current.yaml now carries a resourceVersion that is no longer the live one.
    assert.deepEqual(await s.cli('replace -f current.yaml'), {
      stdout: '',
      stderr:
        'Error from server (Conflict): error when replacing "current.yaml": Operation cannot be fulfilled on configmaps "web": the object has been modified; please apply your changes to the latest version and try again\n',
      code: 1,
    });
    // A pod's spec is mostly immutable once admitted: --force deletes and re-creates it.
    s.file('pod.yaml', POD);
    await s.cli('create -f pod.yaml');
    assert.deepEqual(await s.cli('replace -f pod.yaml --force'), { stdout: 'pod "web" deleted\npod/web replaced\n', stderr: '', code: 0 });
  } finally {
    s.dispose();
  }
});

test('apply through the real binary', () => {
  const h = tempHome();
  try {
    const r = runBin(['apply', '-f', '-'], { home: h.home, stdin: POD });
    assert.deepEqual(r, { stdout: 'pod/web created\n', stderr: '', code: 0 });
    const again = runBin(['apply', '-f', '-'], { home: h.home, stdin: POD.replace('nginx:1.27', 'nginx:1.28') });
    assert.deepEqual(again, { stdout: 'pod/web configured\n', stderr: '', code: 0 });
  } finally {
    h.dispose();
  }
});

test('apply view-last-applied prints what real kubectl prints for the same annotation', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, async () => {
  const s = scratch();
  try {
    // (Values that go-yaml would quote are left out until the shared YAML printer matches go-yaml's quoting.)
    s.file('pod.yaml', POD.replace('    image: nginx:1.27\n', '    image: nginx:1.27\n    command: ["sh", "echo <a&b>"]\n    env:\n    - {name: X, value: "x"}\n'));
    await s.cli('apply -f pod.yaml');
    const stored = storedObject(s.home, 'core/pods', 'default/web');
    const oracle = await startOracle([stored]);
    try {
      for (const args of [['pod', 'web'], ['pod/web', '-o', 'json'], ['pod', 'web', '-o', 'yaml']]) {
        const want = await oracle.kubectl(['apply', 'view-last-applied', ...args]);
        assert.deepEqual(await runCli(['apply', 'view-last-applied', ...args], { home: s.home }), want, args.join(' '));
      }
    } finally {
      await oracle.close();
    }
  } finally {
    s.dispose();
  }
});

test('apply --server-side: serverside-applied, no last-applied annotation; refuses --dry-run=client', async () => {
  const s = scratch();
  try {
    s.file('app.yaml', APP);
    assert.deepEqual(await s.cli('apply -f app.yaml --server-side'), { stdout: 'deployment.apps/shop serverside-applied\nservice/shop serverside-applied\n', stderr: '', code: 0 });
    assert.equal(storedObject(s.home, 'apps/deployments', 'default/shop').metadata.annotations?.[LAST_APPLIED], undefined);
    assert.equal((await s.cli('apply -f app.yaml --server-side --dry-run=server')).stdout, 'deployment.apps/shop serverside-applied (server dry run)\nservice/shop serverside-applied (server dry run)\n');
    assert.deepEqual(await s.cli('apply -f app.yaml --server-side --dry-run=client'), {
      stdout: '',
      stderr: "error: --dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)\n",
      code: 1,
    });
  } finally {
    s.dispose();
  }
});

test('apply: a Namespace and objects in it from one file; -n fills the namespace; unexpected args', async () => {
  const s = scratch();
  try {
    s.file('ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  namespace: shop\n');
    assert.equal((await s.cli('apply -f ns.yaml')).stdout, 'namespace/shop created\nconfigmap/cfg created\n');
    s.file('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n');
    assert.equal((await s.cli('apply -f cm.yaml -n shop')).stdout, 'configmap/other created\n');
    assert.ok(storedObject(s.home, 'core/configmaps', 'shop/other'));
    assert.deepEqual(await s.cli('apply -f cm.yaml extra'), { stdout: '', stderr: "error: Unexpected args: [extra]\nSee 'kubectl-lite apply -h' for help and examples\n", code: 1 });
  } finally {
    s.dispose();
  }
});

test('create subcommands still get --dry-run given after their name (create -f has the same flag)', async () => {
  const s = scratch();
  try {
    assert.deepEqual(await s.cli('create configmap cfg --from-literal=a=b --dry-run=client'), { stdout: 'configmap/cfg created (dry run)\n', stderr: '', code: 0 });
    assert.equal(storedObject(s.home, 'core/configmaps', 'default/cfg'), undefined);
  } finally {
    s.dispose();
  }
});

test('apply: a refused patch is reported with the patch, the resource and the file (kubectl multi-line form)', async () => {
  const s = scratch();
  try {
    s.file('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "1"\n');
    await s.cli('apply -f cm.yaml');
    const rv = storedObject(s.home, 'core/configmaps', 'default/cfg').metadata.resourceVersion as string;
    s.file('stale.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  resourceVersion: "${Number(rv) - 1}"\ndata:\n  a: "2"\n`);
    const r = await s.cli('apply -f stale.yaml');
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    const lines = r.stderr.split('\n');
    assert.equal(lines[0], 'Error from server (Conflict): error when applying patch:');
    const patch = JSON.parse(lines[1]!);
    assert.deepEqual(patch.data, { a: '2' });
    assert.equal(patch.metadata.resourceVersion, String(Number(rv) - 1));
    assert.deepEqual(lines.slice(2), [
      'to:',
      'Resource: "/v1, Resource=configmaps", GroupVersionKind: "/v1, Kind=ConfigMap"',
      'Name: "cfg", Namespace: "default"',
      'for: "stale.yaml": error when patching "stale.yaml": Operation cannot be fulfilled on configmaps "cfg": the object has been modified; please apply your changes to the latest version and try again',
      '',
    ]);
    assert.equal(storedObject(s.home, 'core/configmaps', 'default/cfg').data.a, '1');
  } finally {
    s.dispose();
  }
});
