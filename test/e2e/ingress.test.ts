/** The cluster's ingress-nginx, installed as on kind, and its controller giving Ingresses of its class an ADDRESS. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT, runCli, tempHome } from '../helpers/cli.js';

const NOW = '2026-12-02T12:00:00Z';
const M = join(REPO_ROOT, 'manifests', 'ingress');

test('a new cluster has ingress-nginx as kind installs it: namespace, controller pod on the ingress-ready control plane, NodePort Service, IngressClass nginx', async () => {
  const { home, dispose } = tempHome();
  try {
    const pods = await runCli('get pods -n ingress-nginx -o wide --no-headers', { home, now: NOW });
    assert.match(pods.stdout, /^ingress-nginx-controller-[a-z0-9]+-[a-z0-9]{5} +1\/1 +Running +0 +\S+ +10\.244\.0\.\d+ +lite-control-plane /);
    const node = await runCli('get node lite-control-plane -o jsonpath={.metadata.labels.ingress-ready}', { home, now: NOW });
    assert.equal(node.stdout, 'true');
    const svc = await runCli('get svc ingress-nginx-controller -n ingress-nginx -o jsonpath={.spec.type}', { home, now: NOW });
    assert.equal(svc.stdout, 'NodePort');
    const ic = await runCli('get ingressclass', { home, now: NOW });
    assert.equal(ic.stdout, 'NAME    CONTROLLER             PARAMETERS   AGE\nnginx   k8s.io/ingress-nginx   <none>       0s\n');
  } finally {
    dispose();
  }
});

test('Ingresses of class nginx (and without a class) get ADDRESS localhost and a Sync event; another class gets none', async () => {
  const { home, dispose } = tempHome();
  try {
    for (const f of ['apps.yaml', 'ingress.yaml', 'other-class.yaml']) assert.equal((await runCli(['apply', '-f', join(M, f)], { home, now: NOW })).code, 0);
    const classless = '{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"noclass"},"spec":{"defaultBackend":{"service":{"name":"shop","port":{"number":80}}}}}';
    assert.equal((await runCli('apply -f -', { home, now: NOW, stdin: classless })).code, 0);
    const r = await runCli('get ingress', { home, now: NOW });
    assert.equal(
      r.stdout,
      [
        'NAME        CLASS     HOSTS                                 ADDRESS     PORTS   AGE',
        'elsewhere   traefik   other.example.com                                 80      0s',
        'noclass     <none>    *                                     localhost   80      0s',
        'shop        nginx     shop.example.com,*.shop.example.com   localhost   80      0s',
        '',
      ].join('\n'),
    );
    const ev = await runCli('describe ingress shop', { home, now: NOW });
    assert.match(ev.stdout, /Normal +Sync +0s +nginx-ingress-controller +Scheduled for sync/);
    // Moving an Ingress to a class nobody serves takes its address away.
    assert.equal((await runCli(['patch', 'ingress', 'shop', '--type=merge', '-p', '{"spec":{"ingressClassName":"traefik"}}'], { home, now: NOW })).stderr, '');
    const after = await runCli('get ingress shop -o jsonpath={.status.loadBalancer}', { home, now: NOW });
    assert.equal(after.stdout, '{}');
  } finally {
    dispose();
  }
});
