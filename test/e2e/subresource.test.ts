/**
 * `get --subresource` and `replace --subresource` (status, scale) on a real store, and the same
 * commands through `kubectl-lite serve` with the real kubectl v1.32, which renders the Scale and
 * status Tables and objects the server answers (one core, src/api/subresources.ts, serves both).
 * The oracle part is skipped, saying so, where kubectl is not installed.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli, tempHome, type Result } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { startServe, type Served } from './serve-helpers.js';

const NOW = '2026-03-01T12:00:00Z';

const OBJECTS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx:1.27}]}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: exp}
spec:
  replicas: 0
  selector:
    matchLabels: {app: exp}
    matchExpressions: [{key: tier, operator: In, values: [web, api]}]
  template:
    metadata: {labels: {app: exp, tier: web}}
    spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: v1
kind: ReplicationController
metadata: {name: rc}
spec:
  replicas: 0
  selector: {b: "2", a: "1"}
  template:
    metadata: {labels: {a: "1", b: "2"}}
    spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {k: v}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gizmos.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: gizmos, singular: gizmo, kind: Gizmo}
  versions:
  - name: v1
    served: true
    storage: true
    subresources:
      status: {}
      scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas, labelSelectorPath: .status.selector}
    additionalPrinterColumns:
    - {name: Size, type: integer, jsonPath: .spec.replicas}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec: {type: object, properties: {replicas: {type: integer}, color: {type: string}}}
          status: {type: object, properties: {replicas: {type: integer}, selector: {type: string}}}
`;

const GIZMOS = `apiVersion: example.com/v1
kind: Gizmo
metadata: {name: g1}
spec: {replicas: 2, color: red}
---
apiVersion: example.com/v1
kind: Gizmo
metadata: {name: bare}
spec: {color: blue}
`;

describe('--subresource on a real store', () => {
  let home: { home: string; dispose(): void };
  const cli = (args: string[], stdin?: string) => runCli(args, { home: home.home, now: NOW, stdin });
  const file = (name: string, text: string) => {
    const path = join(home.home, name);
    writeFileSync(path, text);
    return path;
  };

  before(async () => {
    home = tempHome();
    const r = await cli(['apply', '-f', '-'], OBJECTS);
    assert.equal(r.code, 0, r.stderr);
    const g = await cli(['apply', '-f', '-'], GIZMOS);
    assert.equal(g.code, 0, g.stderr);
  });
  after(() => home.dispose());

  test('get --subresource=scale: the Scale table, the autoscaling/v1 Scale object, its name', async () => {
    assert.deepEqual(await cli(['get', 'deployment', 'web', '--subresource=scale']), { stdout: 'NAME   DESIRED   AVAILABLE   AGE\nweb    2         2           0s\n', stderr: '', code: 0 });
    const live = JSON.parse((await cli(['get', 'deployment', 'web', '-o', 'json'])).stdout);
    const scale = JSON.parse((await cli(['get', 'deployment', 'web', '--subresource', 'scale', '-o', 'json'])).stdout);
    const { name, namespace, uid, resourceVersion, creationTimestamp } = live.metadata;
    assert.deepEqual(scale, {
      apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { creationTimestamp, name, namespace, resourceVersion, uid },
      spec: { replicas: 2 }, status: { replicas: 2, selector: 'app=web' },
    });
    assert.equal((await cli(['get', 'deploy/web', '--subresource=scale', '-o', 'name'])).stdout, 'scale.autoscaling/web\n');
    // Selectors as labels.Selector prints them: sorted by key, set values sorted.
    const selectors = await cli(['get', 'rs/exp', 'rc/rc', '--subresource=scale', '-o', 'jsonpath={range .items[*]}{.status.selector}{"\\n"}{end}']);
    assert.equal(selectors.stdout, 'app=exp,tier in (api,web)\na=1,b=2\n');
  });

  test('get --subresource=status is the whole object, in the main table', async () => {
    const main = await cli(['get', 'deployment', 'web']);
    assert.deepEqual(await cli(['get', 'deployment', 'web', '--subresource=status']), main);
    assert.deepEqual(await cli(['get', 'deployment', 'web', '--subresource=status', '-o', 'yaml']), await cli(['get', 'deployment', 'web', '-o', 'yaml']));
    assert.equal((await cli(['get', 'gizmo', 'g1', '--subresource=status'])).stdout, 'NAME   SIZE\ng1     2\n');
  });

  test('a type without the subresource, or another subresource: the API server\'s 404', async () => {
    const missing = { stdout: '', stderr: 'Error from server (NotFound): the server could not find the requested resource\n', code: 1 };
    assert.deepEqual(await cli(['get', 'configmap', 'cfg', '--subresource=scale']), missing);
    assert.deepEqual(await cli(['get', 'configmap', 'cfg', '--subresource=status']), missing);
    assert.deepEqual(await cli(['get', 'deployment', 'web', '--subresource=logs']), missing);
    // A 404 is a NotFound: --ignore-not-found drops it.
    assert.deepEqual(await cli(['get', 'configmap', 'cfg', '--subresource=scale', '--ignore-not-found']), { stdout: '', stderr: '', code: 0 });
    assert.deepEqual(await cli(['get', 'deployment', 'nosuch', '--subresource=scale']), { stdout: '', stderr: 'Error from server (NotFound): deployments.apps "nosuch" not found\n', code: 1 });
    assert.deepEqual(await cli(['get', 'deployments', '--subresource=status']), { stdout: '', stderr: 'error: subresource cannot be used when bulk resources are specified\n', code: 1 });
    // An empty value is no subresource.
    assert.equal((await cli(['get', 'deployments', '--subresource='])).code, 0);
  });

  test('a custom resource: its scale paths, and a missing spec replicas field', async () => {
    const r = await cli(['get', 'gizmo', 'g1', '--subresource=scale', '-o', 'jsonpath={.spec.replicas}/{.status.replicas}/{.kind}']);
    assert.equal(r.stdout, '2/0/Scale');
    assert.deepEqual(await cli(['get', 'gizmo', 'g1', '--subresource=scale']), { stdout: 'NAME   DESIRED   AVAILABLE   AGE\ng1     2         0           0s\n', stderr: '', code: 0 });
    assert.deepEqual(await cli(['get', 'gizmo', 'bare', '--subresource=scale']), {
      stdout: '', stderr: 'Error from server (InternalError): Internal error occurred: the spec replicas field ".spec.replicas" does not exist\n', code: 1,
    });
  });

  test('replace --subresource=status writes the status only, as kubectl-replace on the status subresource', async () => {
    const live = JSON.parse((await cli(['get', 'gizmo', 'g1', '-o', 'json'])).stdout);
    const edited = { ...live, spec: { ...live.spec, replicas: 4, color: 'green' }, status: { replicas: 9, selector: 'app=g1' } };
    const path = file('g1.json', JSON.stringify(edited));
    assert.deepEqual(await cli(['replace', '--subresource=status', '-f', path]), { stdout: 'gizmo.example.com/g1 replaced\n', stderr: '', code: 0 });
    const after = JSON.parse((await cli(['get', 'gizmo', 'g1', '-o', 'json', '--show-managed-fields'])).stdout);
    assert.deepEqual(after.spec, live.spec);
    assert.deepEqual(after.status, { replicas: 9, selector: 'app=g1' });
    assert.equal(after.metadata.generation, live.metadata.generation);
    const entry = after.metadata.managedFields.find((e: any) => e.manager === 'kubectl-replace');
    assert.deepEqual([entry.operation, entry.subresource, Object.keys(entry.fieldsV1)], ['Update', 'status', ['f:status']]);
    // The Scale reads the status paths; the file's resourceVersion is now stale.
    assert.equal((await cli(['get', 'gizmo', 'g1', '--subresource=scale', '-o', 'jsonpath={.status.replicas} {.status.selector}'])).stdout, '9 app=g1');
    assert.deepEqual(await cli(['replace', '--subresource=status', '-f', path]), {
      stdout: '',
      stderr: `Error from server (Conflict): error when replacing "${path}": Operation cannot be fulfilled on gizmos.example.com "g1": the object has been modified; please apply your changes to the latest version and try again\n`,
      code: 1,
    });
    // A Deployment's spec in the file is ignored too.
    const web = JSON.parse((await cli(['get', 'deployment', 'web', '-o', 'json'])).stdout);
    const webPath = file('web.json', JSON.stringify({ ...web, spec: { ...web.spec, replicas: 7 } }));
    const out = await cli(['replace', '--subresource=status', '-f', webPath, '-o', 'jsonpath={.spec.replicas}']);
    assert.deepEqual(out, { stdout: '2', stderr: '', code: 0 });
  });

  test('replace --subresource: no path for the type, and a body that is not a Scale', async () => {
    const cfg = file('cfg.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {k: w}\n');
    assert.deepEqual(await cli(['replace', '--subresource=status', '-f', cfg]), {
      stdout: '', stderr: `Error from server (NotFound): error when replacing "${cfg}": the server could not find the requested resource\n`, code: 1,
    });
    const web = file('web.yaml', (await cli(['get', 'deployment', 'web', '-o', 'yaml'])).stdout);
    assert.deepEqual(await cli(['replace', '--subresource=scale', '-f', web]), {
      stdout: '',
      stderr: `Error from server (BadRequest): error when replacing "${web}": Deployment in version "v1" cannot be handled as a Scale: converting (v1.Deployment) to (autoscaling.Scale): unknown conversion\n`,
      code: 1,
    });
    // kubectl cannot map a Scale file: Scale is only ever a subresource's kind.
    const scale = file('scale.yaml', 'apiVersion: autoscaling/v1\nkind: Scale\nmetadata: {name: web}\nspec: {replicas: 5}\n');
    const r = await cli(['replace', '--subresource=scale', '-f', scale]);
    assert.equal(r.stderr, `error: resource mapping not found for name: "web" namespace: "" from "${scale}": no matches for kind "Scale" in version "autoscaling/v1"\nensure CRDs are installed first\n`);
    assert.equal((await cli(['get', 'configmap', 'cfg', '-o', 'jsonpath={.data.k}'])).stdout, 'v');
    assert.equal((await cli(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}'])).stdout, '2');
  });

  test('patch --subresource goes through the same core: 404 where the type has no status', async () => {
    assert.deepEqual(await cli(['patch', 'configmap', 'cfg', '--subresource=status', '--type=merge', '-p', '{"status":{"x":1}}']), {
      stdout: '', stderr: 'Error from server (NotFound): the server could not find the requested resource\n', code: 1,
    });
    assert.deepEqual(await cli(['patch', 'gizmo', 'g1', '--subresource=scale', '--type=merge', '-p', '{"spec":{"replicas":3}}']), { stdout: 'scale.autoscaling/g1 patched\n', stderr: '', code: 0 });
    assert.equal((await cli(['get', 'gizmo', 'g1', '-o', 'jsonpath={.spec.replicas}'])).stdout, '3');
  });
});

const skip = !kubectlAvailable() && SKIP_NO_KUBECTL;

describe('--subresource: the real kubectl through serve prints what kubectl-lite prints', { skip }, () => {
  let home: { home: string; dispose(): void };
  let served: Served;

  before(async () => {
    home = tempHome();
    // One pinned clock for serve and the CLI: AGE cells are the same whichever prints them.
    served = await startServe(home.home, [], { KUBECTL_LITE_NOW: String(Date.now()) });
    for (const text of [OBJECTS, GIZMOS]) {
      const r = served.lite(['apply', '-f', '-'], { stdin: text });
      assert.equal(r.code, 0, r.stderr);
    }
  });
  after(async () => {
    await served.stop();
    home.dispose();
  });

  async function same(args: string[], stdin?: string): Promise<Result> {
    const k = await served.kubectl(args, { stdin });
    const l = served.lite(args, { stdin });
    assert.deepEqual(l, k, args.join(' '));
    return k;
  }

  test('get: Scale and status tables, objects and names, errors', async () => {
    const scale = await same(['get', 'deployment', 'web', '--subresource=scale']);
    assert.match(scale.stdout, /^NAME   DESIRED   AVAILABLE   AGE\nweb    2         2 /);
    for (const args of [
      ['get', 'deployment', 'web', '--subresource=scale', '-o', 'yaml'],
      ['get', 'deployment', 'web', '--subresource=scale', '-o', 'json'],
      ['get', 'deploy/web', 'rs/exp', 'rc/rc', '--subresource=scale'],
      ['get', 'deploy/web', 'rs/exp', '--subresource=scale', '-o', 'yaml'],
      ['get', 'deploy/web', 'rs/exp', '--subresource=scale', '-o', 'name'],
      ['get', 'deployment', 'web', '--subresource=scale', '-o', 'wide', '--show-labels'],
      ['get', 'deployment', 'web', '--subresource=scale', '-o', 'custom-columns=N:.metadata.name,R:.spec.replicas,S:.status.selector'],
      ['get', 'deployment', 'web', '--subresource=status'],
      ['get', 'deployment', 'web', '--subresource=status', '-o', 'name'],
      ['get', 'gizmo', 'g1', '--subresource=scale', '-o', 'yaml'],
      ['get', 'gizmo', 'g1', '--subresource=scale'],
      ['get', 'gizmo', 'g1', '--subresource=status'],
      ['get', 'gizmo', 'bare', '--subresource=scale'],
      ['get', 'configmap', 'cfg', '--subresource=scale'],
      ['get', 'configmap', 'cfg', '--subresource=status'],
      ['get', 'deployment', 'web', '--subresource=logs'],
      ['get', 'deployment', 'nosuch', '--subresource=scale'],
      ['get', 'deployments', '--subresource=scale'],
      ['get', 'deployment', 'web', '--subresource=scale', '--show-kind', '--no-headers'],
      ['get', 'deploy/web', 'rs/exp', '--subresource=scale', '-o', 'jsonpath={.items[*].status.selector}'],
    ]) {
      await same(args);
    }
    // -f reads the objects themselves, whatever --subresource says.
    await same(['get', '-f', '-', '--subresource=scale'], 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n');
  });

  test('replace: status written, 404 without the subresource, a Deployment is no Scale', async () => {
    const g1 = JSON.parse(served.lite(['get', 'gizmo', 'g1', '-o', 'json']).stdout);
    const status = JSON.stringify({ ...g1, metadata: { ...g1.metadata, resourceVersion: undefined }, spec: { replicas: 5 }, status: { replicas: 1 } });
    const replaced = await served.kubectl(['replace', '--subresource=status', '-f', '-'], { stdin: status });
    assert.deepEqual(replaced, { stdout: 'gizmo.example.com/g1 replaced\n', stderr: '', code: 0 });
    assert.equal(served.lite(['get', 'gizmo', 'g1', '-o', 'jsonpath={.spec.replicas}/{.status.replicas}']).stdout, '2/1');
    await same(['replace', '--subresource=status', '-f', '-', '-o', 'jsonpath={.spec.replicas}/{.status.replicas}'], status);
    const cfg = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {k: w}\n';
    await same(['replace', '--subresource=status', '-f', '-'], cfg);
    await same(['replace', '--subresource=foo', '-f', '-'], cfg);
    const web = served.lite(['get', 'deployment', 'web', '-o', 'yaml']).stdout;
    await same(['replace', '--subresource=scale', '-f', '-'], web);
    await same(['replace', '--subresource=scale', '-f', '-'], 'apiVersion: autoscaling/v1\nkind: Scale\nmetadata: {name: web}\nspec: {replicas: 5}\n');
  });

  test('patch and apply: the Scale is what kubectl names, and a type without status has no path', async () => {
    // Replicas already 2: the same outcome whichever runs first.
    await same(['patch', 'deployment', 'web', '--subresource=scale', '--type=merge', '-p', '{"spec":{"replicas":2}}']);
    await same(['patch', 'deployment', 'web', '--subresource=scale', '--type=merge', '-p', '{"spec":{"replicas":2}}', '-o', 'name']);
    await same(['patch', 'configmap', 'cfg', '--subresource=status', '--type=merge', '-p', '{"status":{"x":1}}']);
    // Client-side, the Scale read through the subresource is what is patched.
    await same(['patch', 'deployment', 'web', '--subresource=scale', '--type=merge', '-p', '{"spec":{"replicas":6}}', '--dry-run=client', '-o', 'yaml']);
    await same(['patch', 'configmap', 'cfg', '--subresource=scale', '--type=merge', '-p', '{"spec":{"replicas":6}}', '--dry-run=client']);
    await same(['apply', '--server-side', '--subresource=status', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\n');
  });
});
