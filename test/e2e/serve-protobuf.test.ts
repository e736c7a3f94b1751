/**
 * kubectl's typed clients (`create deployment`, `create configmap`, ..., `autoscale`) send their
 * bodies as protobuf (application/vnd.kubernetes.protobuf) and do not fall back to JSON on a 415:
 * serve decodes them. Each object the real kubectl creates that way must be stored as the same
 * object sent as JSON (`create ... --dry-run=client -o json | kubectl create -f -`) is.
 * Skipped, saying so, where kubectl is not installed.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { tempHome } from '../helpers/cli.js';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { startServe, type Served } from './serve-helpers.js';

const skip = !kubectlAvailable() && SKIP_NO_KUBECTL;

let home: { home: string; dispose(): void };
let served: Served;

before(async () => {
  if (skip) return;
  home = tempHome();
  writeFileSync(join(home.home, 'blob.bin'), Buffer.from([0xff, 0x00, 0xfe, 0x41]));
  writeFileSync(join(home.home, 'text.txt'), 'hello\n');
  served = await startServe(home.home, [], { KUBECTL_LITE_NOW: String(Date.now()) });
});

after(async () => {
  if (skip) return;
  await served.stop();
  home.dispose();
});

/** `create` generators by resource, with NAME where the name goes. */
const GENERATORS: Array<[resource: string, args: string]> = [
  ['deployment', 'create deployment NAME --image=nginx:1.27 --replicas=0 --port=8080'],
  ['deployment', 'create deployment NAME --image=nginx --image=busybox'],
  ['configmap', 'create configmap NAME --from-literal=a=1 --from-literal=empty= --from-file=@DIR@/text.txt --from-file=@DIR@/blob.bin'],
  ['secret', 'create secret generic NAME --from-literal=password=s3cr=t --from-file=@DIR@/blob.bin --type=Opaque'],
  ['secret', 'create secret docker-registry NAME --docker-server=r.example.com --docker-username=u --docker-password=p'],
  ['service', 'create service clusterip NAME --tcp=80:8080 --tcp=443'],
  ['service', 'create service nodeport NAME --tcp=80:8080'],
  ['service', 'create service externalname NAME --external-name=example.com'],
  ['namespace', 'create namespace NAME'],
  ['serviceaccount', 'create serviceaccount NAME'],
  ['job', 'create job NAME --image=busybox -- echo hi'],
  ['cronjob', 'create cronjob NAME --image=busybox --schedule=*/5_*_*_*_* --restart=Never'],
  ['role', 'create role NAME --verb=get,list --resource=pods,deployments.apps --resource-name=x'],
  ['clusterrole', 'create clusterrole NAME --verb=get --non-resource-url=/healthz'],
  ['rolebinding', 'create rolebinding NAME --clusterrole=view --user=alice --serviceaccount=default:builder'],
  ['clusterrolebinding', 'create clusterrolebinding NAME --clusterrole=view --group=devs'],
  ['resourcequota', 'create quota NAME --hard=pods=100,services=50,requests.storage=1Gi --scopes=NotTerminating'],
  ['poddisruptionbudget', 'create pdb NAME --selector=app=x --min-available=50%'],
  ['priorityclass', 'create priorityclass NAME --value=1000 --description=high --preemption-policy=Never'],
  ['ingress', 'create ingress NAME --class=nginx --rule=a.example.com/api*=svc:http,tls=cert --default-backend=svc:80'],
];

const VOLATILE = ['uid', 'resourceVersion', 'creationTimestamp', 'managedFields', 'generation'];

function normalised(text: string, name: string): unknown {
  const parsed = JSON.parse(text);
  // A Job's selector and labels carry its uid.
  const obj = JSON.parse(JSON.stringify(parsed).replaceAll(parsed.metadata.uid, 'UID'));
  for (const k of VOLATILE) delete obj.metadata?.[k];
  delete obj.status;
  // ClusterIPs and NodePorts are allocated; the rest must agree.
  if (obj.spec?.clusterIP) delete obj.spec.clusterIP, delete obj.spec.clusterIPs;
  for (const port of obj.spec?.ports ?? []) delete port.nodePort;
  return JSON.parse(JSON.stringify(obj).replaceAll(name, 'NAME'));
}

GENERATORS.forEach(([resource, line], i) => {
  test(`kubectl ${line.replace(/_/g, ' ')} through serve (protobuf) stores what the same object sent as JSON stores`, { skip }, async () => {
    const argsFor = (name: string) =>
      line
        .replace('NAME', name)
        .replaceAll('@DIR@', home.home)
        .split(' ')
        .map((a) => a.replace(/_/g, ' '));
    const pb = `pb${i}`;
    const js = `js${i}`;
    const created = await served.kubectl(argsFor(pb));
    assert.equal(created.stderr, '');
    assert.equal(created.code, 0);
    const jsArgs = argsFor(js);
    const dash = jsArgs.includes('--') ? jsArgs.indexOf('--') : jsArgs.length;
    const rendered = await served.kubectl([...jsArgs.slice(0, dash), '--dry-run=client', '-o', 'json', ...jsArgs.slice(dash)]);
    assert.equal(rendered.code, 0, rendered.stderr);
    const viaJson = await served.kubectl(['create', '-f', '-'], { stdin: rendered.stdout });
    assert.equal(viaJson.code, 0, viaJson.stderr);
    const got = await served.kubectl(['get', resource, pb, '-o', 'json']);
    const want = await served.kubectl(['get', resource, js, '-o', 'json']);
    assert.deepEqual(normalised(got.stdout, pb), normalised(want.stdout, js));
  });
});

test('autoscale posts an autoscaling/v1 HPA in protobuf: stored as v2, served at both versions', { skip }, async () => {
  assert.equal((await served.kubectl(['create', 'deployment', 'scaled', '--image=nginx'])).code, 0);
  const r = await served.kubectl(['autoscale', 'deployment', 'scaled', '--min=2', '--max=5', '--cpu-percent=60']);
  assert.deepEqual(r, { stdout: 'horizontalpodautoscaler.autoscaling/scaled autoscaled\n', stderr: '', code: 0 });
  const v2 = JSON.parse((await served.kubectl(['get', 'hpa', 'scaled', '-o', 'json'])).stdout);
  assert.equal(v2.apiVersion, 'autoscaling/v2');
  assert.deepEqual(v2.spec.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }]);
  assert.equal(v2.spec.minReplicas, 2);
  const v1 = JSON.parse((await served.kubectl(['get', 'horizontalpodautoscalers.v1.autoscaling', 'scaled', '-o', 'json'])).stdout);
  assert.equal(v1.apiVersion, 'autoscaling/v1');
  assert.equal(v1.spec.targetCPUUtilizationPercentage, 60);
});

test('a protobuf body serve cannot read is a 400; protobuf for a custom resource is a 415 as kube-apiserver answers', { skip }, async () => {
  const config = JSON.parse(readFileSync(served.kubeconfig, 'utf8'));
  const ca = Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64');
  const token = readFileSync(join(home.home, 'clusters', 'lite', 'serve', 'token'), 'utf8').trim();
  const post = (path: string, body: Buffer) =>
    new Promise<{ code: number; body: any }>((resolve, reject) => {
      const req = request(
        `${served.url}${path}`,
        { method: 'POST', ca, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/vnd.kubernetes.protobuf' } },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ code: res.statusCode!, body: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const garbage = await post('/api/v1/namespaces/default/configmaps', Buffer.from('k8s\0\x0a\xff', 'latin1'));
  assert.equal(garbage.code, 400);
  assert.equal(garbage.body.reason, 'BadRequest');
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
      scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
    },
  };
  assert.equal((await served.kubectl(['apply', '-f', '-'], { stdin: JSON.stringify(crd) })).code, 0);
  const custom = await post('/apis/example.com/v1/namespaces/default/widgets', Buffer.from('k8s\0', 'latin1'));
  assert.equal(custom.code, 415);
  assert.equal(custom.body.message, 'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml');
});

test('the verbs that write with typed clients or patches work through serve', { skip }, async () => {
  assert.equal((await served.kubectl(['create', 'deployment', 'verbs', '--image=nginx', '--replicas=2'])).code, 0);
  const expect: Array<[string, string]> = [
    ['scale deployment verbs --replicas=3', 'deployment.apps/verbs scaled\n'],
    ['rollout restart deployment verbs', 'deployment.apps/verbs restarted\n'],
    ['set image deployment/verbs nginx=nginx:1.27', 'deployment.apps/verbs image updated\n'],
    ['rollout undo deployment verbs', 'deployment.apps/verbs rolled back\n'],
    ['rollout pause deployment verbs', 'deployment.apps/verbs paused\n'],
    ['rollout resume deployment verbs', 'deployment.apps/verbs resumed\n'],
    ['set env deployment/verbs MODE=test', 'deployment.apps/verbs env updated\n'],
    ['label deployment verbs tier=web', 'deployment.apps/verbs labeled\n'],
    ['annotate deployment verbs note=x', 'deployment.apps/verbs annotated\n'],
    ['expose deployment verbs --port=80', 'service/verbs exposed\n'],
    ['run single --image=nginx', 'pod/single created\n'],
    ['cordon lite-worker', 'node/lite-worker cordoned\n'],
    ['uncordon lite-worker', 'node/lite-worker uncordoned\n'],
    ['taint node lite-worker dedicated=x:NoSchedule', 'node/lite-worker tainted\n'],
  ];
  for (const [line, stdout] of expect) assert.deepEqual(await served.kubectl(line.split(' ')), { stdout, stderr: '', code: 0 }, line);
  const replicas = await served.kubectl(['get', 'deployment', 'verbs', '-o', 'jsonpath={.spec.replicas} {.metadata.labels.tier}']);
  assert.equal(replicas.stdout, '3 web');
});
