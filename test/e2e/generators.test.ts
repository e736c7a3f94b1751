import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { clusterDir } from '../../src/config.js';
import { FileStore } from '../../src/store/file-store.js';
import { runBin, runCli, tempHome } from '../helpers/cli.js';

function stored(home: string, collection: string, key: string): any {
  return new FileStore(clusterDir(home, 'lite')).read((s) => s.get(collection, key));
}

describe('create <kind>, run, expose, autoscale', () => {
  let home: string;
  let dispose: () => void;
  before(() => ({ home, dispose } = tempHome()));
  after(() => dispose());

  test('create deployment builds what kubectl builds, and wraps AlreadyExists', async () => {
    assert.deepEqual(await runCli('create deployment web --image=nginx --replicas=3 --port=80', { home }), { stdout: 'deployment.apps/web created\n', stderr: '', code: 0 });
    const d = stored(home, 'apps/deployments', 'default/web');
    assert.deepEqual(d.metadata.labels, { app: 'web' });
    assert.equal(d.spec.replicas, 3);
    assert.deepEqual(d.spec.selector, { matchLabels: { app: 'web' } });
    assert.deepEqual(d.spec.template.spec.containers[0].name, 'nginx');
    assert.equal(d.spec.template.spec.containers[0].ports[0].containerPort, 80);
    const again = await runCli('create deployment web --image=nginx', { home });
    assert.deepEqual(again, { stdout: '', stderr: 'error: failed to create deployment: deployments.apps "web" already exists\n', code: 1 });
    const noImage = await runCli('create deployment zz', { home });
    assert.equal(noImage.code, 1);
    assert.match(noImage.stderr, /^E\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ run\.go:72\] "command failed" err="required flag\(s\) \\"image\\" not set"\n$/);
    // cobra checks required flags first; the NAME count is a usage error pointing at the help.
    assert.match((await runCli('create deployment', { home })).stderr, /err="required flag\(s\) \\"image\\" not set"\n$/);
    assert.deepEqual(await runCli('create deployment --image=nginx', { home }), {
      stdout: '',
      stderr: "error: exactly one NAME is required, got 0\nSee 'kubectl-lite create deployment -h' for help and examples\n",
      code: 1,
    });
  });

  test('configmap, secret, service, job, serviceaccount, namespace', async () => {
    assert.equal((await runCli('create configmap cfg --from-literal=a=b --from-literal=c=d', { home })).stdout, 'configmap/cfg created\n');
    assert.deepEqual(stored(home, 'core/configmaps', 'default/cfg').data, { a: 'b', c: 'd' });
    assert.equal((await runCli('create configmap cfg --from-literal=a=b', { home })).stderr, 'error: failed to create configmap: configmaps "cfg" already exists\n');
    assert.equal((await runCli('create secret generic sec --from-literal=password=s3cr3t', { home })).stdout, 'secret/sec created\n');
    assert.deepEqual(stored(home, 'core/secrets', 'default/sec').data, { password: Buffer.from('s3cr3t').toString('base64') });
    assert.equal((await runCli('create secret generic sec --from-literal=a=b', { home })).stderr, 'error: failed to create secret secrets "sec" already exists\n');
    assert.equal((await runCli('create service clusterip cip --tcp=80:8080', { home })).stdout, 'service/cip created\n');
    const svc = stored(home, 'core/services', 'default/cip');
    assert.deepEqual(svc.spec.ports[0], { ...svc.spec.ports[0], name: '80-8080', port: 80, protocol: 'TCP', targetPort: 8080 });
    assert.deepEqual(svc.spec.selector, { app: 'cip' });
    assert.equal((await runCli('create service clusterip cip --tcp=80', { home })).stderr, 'error: failed to create ClusterIP service: services "cip" already exists\n');
    assert.equal((await runCli('create job j --image=busybox -- sh -c date', { home })).stdout, 'job.batch/j created\n');
    const job = stored(home, 'batch/jobs', 'default/j');
    assert.deepEqual(job.spec.template.spec.containers[0].command, ['sh', '-c', 'date']);
    assert.equal(job.spec.template.spec.restartPolicy, 'Never');
    assert.equal((await runCli('create sa robot', { home })).stdout, 'serviceaccount/robot created\n');
    assert.equal((await runCli('create namespace foo', { home })).stdout, 'namespace/foo created\n');
    assert.equal((await runCli('create namespace foo', { home })).stderr, 'Error from server (AlreadyExists): namespaces "foo" already exists\n');
    assert.equal((await runCli('create configmap other -n foo --from-literal=x=y', { home })).code, 0);
    assert.ok(stored(home, 'core/configmaps', 'foo/other'));
  });

  test('dry runs write nothing', async () => {
    assert.equal((await runCli('create deployment ghost --image=nginx --dry-run=client', { home })).stdout, 'deployment.apps/ghost created (dry run)\n');
    assert.equal((await runCli('create deployment ghost --image=nginx --dry-run=server', { home })).stdout, 'deployment.apps/ghost created (server dry run)\n');
    assert.equal(stored(home, 'apps/deployments', 'default/ghost'), undefined);
  });

  test('run makes a pod labelled run=NAME; a second run is AlreadyExists', async () => {
    assert.deepEqual(await runCli('run nginx2 --image=nginx --port=80 --env=A=1', { home }), { stdout: 'pod/nginx2 created\n', stderr: '', code: 0 });
    const pod = stored(home, 'core/pods', 'default/nginx2');
    assert.deepEqual(pod.metadata.labels, { run: 'nginx2' });
    assert.deepEqual(pod.spec.containers[0].env, [{ name: 'A', value: '1' }]);
    assert.equal(pod.spec.restartPolicy, 'Always');
    assert.equal((await runCli('run nginx2 --image=nginx', { home })).stderr, 'Error from server (AlreadyExists): pods "nginx2" already exists\n');
  });

  test('expose copies the selector and labels; autoscale targets the deployment', async () => {
    assert.deepEqual(await runCli('expose deployment web --port=80 --target-port=8080 --name=web-exp', { home }), { stdout: 'service/web-exp exposed\n', stderr: '', code: 0 });
    const svc = stored(home, 'core/services', 'default/web-exp');
    assert.deepEqual(svc.spec.selector, { app: 'web' });
    assert.deepEqual(svc.metadata.labels, { app: 'web' });
    assert.equal(svc.spec.ports[0].targetPort, 8080);
    assert.equal((await runCli('expose deployment web --port=80 --name=web-exp', { home })).stderr, 'Error from server (AlreadyExists): services "web-exp" already exists\n');
    assert.equal((await runCli('expose deployment nosuch --port=80', { home })).stderr, 'Error from server (NotFound): deployments.apps "nosuch" not found\n');
    assert.equal((await runCli('autoscale deployment web --min=2 --max=5 --cpu-percent=80', { home })).stdout, 'horizontalpodautoscaler.autoscaling/web autoscaled\n');
    const hpa = stored(home, 'autoscaling/horizontalpodautoscalers', 'default/web');
    assert.deepEqual(hpa.spec.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' });
    assert.match((await runCli('autoscale deployment web', { home })).stderr, /run\.go:72\] "command failed" err="required flag\(s\) \\"max\\" not set"\n$/);
    assert.equal((await runCli('autoscale deployment web --max=0', { home })).stderr, 'error: --max=MAXPODS is required and must be at least 1, max: 0\n');
  });
});

describe('create token', () => {
  let home: string;
  let dispose: () => void;
  before(() => ({ home, dispose } = tempHome()));
  after(() => dispose());

  const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));

  test('a JWT-shaped ServiceAccount token with the API server claims', async () => {
    const now = '2026-12-02T10:00:00Z';
    assert.equal((await runCli('create serviceaccount robot', { home, now })).code, 0);
    const r = await runCli('create token robot', { home, now });
    assert.equal(r.code, 0, r.stderr);
    // Piped output has no newline, as kubectl prints it.
    assert.match(r.stdout, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const c = claims(r.stdout);
    assert.equal(c.sub, 'system:serviceaccount:default:robot');
    assert.deepEqual(c.aud, ['https://kubernetes.default.svc.cluster.local']);
    assert.equal(c.iat, Date.parse(now) / 1000);
    assert.equal(c.exp - c.iat, 3600);
    assert.equal(c['kubernetes.io'].serviceaccount.name, 'robot');
    assert.equal(c['kubernetes.io'].serviceaccount.uid, stored(home, 'core/serviceaccounts', 'default/robot').metadata.uid);
  });

  test('-o json prints the TokenRequest; audiences, duration and bound objects go into it', async () => {
    const now = '2026-12-02T10:00:00Z';
    await runCli('create secret generic holder --from-literal=a=b', { home, now });
    const r = await runCli('create token robot --audience=api --audience=vault --duration=2h --bound-object-kind=Secret --bound-object-name=holder -o json', { home, now });
    assert.equal(r.code, 0, r.stderr);
    const req = JSON.parse(r.stdout);
    assert.equal(req.kind, 'TokenRequest');
    assert.deepEqual(req.spec.audiences, ['api', 'vault']);
    assert.equal(req.spec.expirationSeconds, 7200);
    assert.equal(req.spec.boundObjectRef.name, 'holder');
    assert.equal(req.status.expirationTimestamp, '2026-12-02T12:00:00Z');
    assert.equal(claims(req.status.token)['kubernetes.io'].secret.name, 'holder');
  });

  test('the bundled binary loads what --append-hash and create token need (node:crypto, lazily)', () => {
    assert.match(runBin('create token robot', { home }).stdout, /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.deepEqual(runBin('create configmap c --from-literal=a=b --append-hash --dry-run=client -o name', { home }), { stdout: 'configmap/c-m4h6ctkgb2\n', stderr: '', code: 0 });
  });

  test('a missing service account or bound object fails as the API server does', async () => {
    assert.deepEqual(await runCli('create token ghost', { home }), { stdout: '', stderr: 'error: failed to create token: serviceaccounts "ghost" not found\n', code: 1 });
    assert.deepEqual(await runCli('create token robot --bound-object-kind=Pod --bound-object-name=nope', { home }), {
      stdout: '',
      stderr: 'error: failed to create token: pods "nope" not found\n',
      code: 1,
    });
    assert.match((await runCli('create token robot --duration=5m', { home })).stderr, /may not specify a duration less than 10 minutes/);
  });

  test('a pod-bound token names the pod and its node; a stale --bound-object-uid is the API server\'s conflict', async () => {
    const now = '2026-12-02T10:00:00Z';
    assert.equal((await runCli('run holder --image=nginx', { home, now })).code, 0);
    const pod = stored(home, 'core/pods', 'default/holder');
    const node = stored(home, 'core/nodes', pod.spec.nodeName);
    const r = await runCli('create token robot --bound-object-kind=Pod --bound-object-name=holder -o json', { home, now });
    assert.equal(r.code, 0, r.stderr);
    const req = JSON.parse(r.stdout);
    assert.deepEqual(req.spec.boundObjectRef, { kind: 'Pod', apiVersion: 'v1', name: 'holder', uid: pod.metadata.uid });
    const identity = claims(req.status.token)['kubernetes.io'];
    assert.deepEqual(Object.keys(identity), ['namespace', 'node', 'pod', 'serviceaccount']);
    assert.deepEqual(identity.node, { name: node.metadata.name, uid: node.metadata.uid });
    assert.deepEqual(identity.pod, { name: 'holder', uid: pod.metadata.uid });
    assert.deepEqual(await runCli('create token robot --bound-object-kind=Pod --bound-object-name=holder --bound-object-uid=stale', { home, now }), {
      stdout: '',
      stderr:
        'error: failed to create token: Operation cannot be fulfilled on Pod "holder": the UID in the bound object reference (stale) does not match the UID in record. The object might have been deleted and then recreated\n',
      code: 1,
    });
  });
});

test('a server dry-run create answers the object as prepared, with a uid and no resourceVersion (it is not stored)', () => {
  const { home, dispose } = tempHome();
  try {
    const yaml = runBin('create configmap cfg --from-literal=a=1 --dry-run=server -o yaml', { home });
    assert.equal(yaml.code, 0, yaml.stderr);
    assert.match(yaml.stdout, /\n {2}uid: [0-9a-f-]{36}\n/);
    assert.match(yaml.stdout, /\n {2}creationTimestamp: "/);
    assert.doesNotMatch(yaml.stdout, /resourceVersion/);
    assert.equal(runBin('run web --image=nginx --dry-run=server -o jsonpath={.metadata.resourceVersion}', { home }).stdout, '');
    assert.equal(runBin('get configmap cfg', { home }).code, 1, 'nothing stored');
  } finally {
    dispose();
  }
});
