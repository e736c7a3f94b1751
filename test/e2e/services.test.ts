/** Services end to end: allocation, Endpoints/EndpointSlices from the pods, load balancers, node failure. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO_ROOT, runBin, runCli, tempHome } from '../helpers/cli.js';
import { SKIP_UNLESS_SIMULATION as SKIP } from './services-ready.js';

const NOW = Date.parse('2026-03-01T10:00:00Z');
const WEB = join(REPO_ROOT, 'manifests', 'web.yaml');
const SERVICES = join(REPO_ROOT, 'manifests', 'services', 'services.yaml');

let home: { home: string; dispose(): void };
const cli = (args: string, now = NOW) => runCli(args, { home: home.home, now });

before(async () => {
  home = tempHome();
  if (SKIP) return;
  await cli(`apply -f ${WEB}`);
  await cli(`apply -f ${SERVICES}`);
});
after(() => home.dispose());

test('get endpoints: every Service resolves targetPort http to the three pods on port 80', { skip: SKIP }, async () => {
  const r = await cli('get endpoints web web-nodeport web-lb');
  assert.equal(r.stderr, '');
  assert.equal(
    r.stdout,
    [
      'NAME           ENDPOINTS                                   AGE',
      'web            10.244.1.3:80,10.244.2.3:80,10.244.3.2:80   0s',
      'web-nodeport   10.244.1.3:80,10.244.2.3:80,10.244.3.2:80   0s',
      'web-lb         10.244.1.3:80,10.244.2.3:80,10.244.3.2:80   0s',
      '',
    ].join('\n'),
  );
});

test('get svc: ClusterIPs from 10.96.0.0/12, the requested NodePort, an allocated one, and a pool address for the LoadBalancer', { skip: SKIP }, async () => {
  const r = await cli('get svc --no-headers');
  const rows = Object.fromEntries(r.stdout.trim().split('\n').map((l) => [l.split(/\s+/)[0], l.split(/\s+/)]));
  assert.deepEqual(rows.kubernetes, ['kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP', '0s']);
  assert.match(rows.web!.join(' '), /^web ClusterIP 10\.(9[6-9]|10\d|11[01])\.\d+\.\d+ <none> 80\/TCP 0s$/);
  assert.match(rows['web-nodeport']!.join(' '), /^web-nodeport NodePort 10\.\d+\.\d+\.\d+ <none> 80:30080\/TCP 0s$/);
  const lb = rows['web-lb']!.join(' ');
  assert.match(lb, /^web-lb LoadBalancer 10\.\d+\.\d+\.\d+ 172\.18\.255\.200 80:(\d+)\/TCP 0s$/);
  const nodePort = Number(/80:(\d+)/.exec(lb)![1]);
  assert.ok(nodePort >= 30000 && nodePort <= 32767 && nodePort !== 30080);
  const ips = Object.values(rows).map((cols) => cols[2]);
  assert.equal(new Set(ips).size, ips.length, 'ClusterIPs are distinct');
});

test('get endpointslices: one slice per Service, named from generateName', { skip: SKIP }, async () => {
  const r = await cli('get endpointslices -l kubernetes.io/service-name=web');
  assert.match(r.stdout, /^NAME {8}ADDRESSTYPE {3}PORTS {3}ENDPOINTS {26}AGE\nweb-[bcdfghjklmnpqrstvwxz2456789]{5} {3}IPv4 {10}80 {6}10\.244\.1\.3,10\.244\.2\.3,10\.244\.3\.2 {3}0s\n$/);
});

test('a NodePort already in use is refused with the API server words, and nothing is stored', { skip: SKIP }, async () => {
  const manifest = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: clash\nspec:\n  type: NodePort\n  selector:\n    app: web\n  ports:\n  - port: 80\n    nodePort: 30080\n';
  const r = await runCli('apply -f -', { home: home.home, now: NOW, stdin: manifest });
  assert.deepEqual(r, {
    stdout: '',
    stderr: 'The Service "clash" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated\n',
    code: 1,
  });
  const get = await cli('get svc clash');
  assert.equal(get.stderr, 'Error from server (NotFound): services "clash" not found\n');
});

test('node failure: pods on the unreachable node leave the Endpoints (through the built binary)', { skip: SKIP }, () => {
  const h = tempHome();
  try {
    const bin = (args: string, now = NOW) => runBin(args, { home: h.home, now });
    assert.equal(bin(`apply -f ${WEB}`).code, 0);
    assert.equal(bin('get endpoints web --no-headers').stdout, 'web   10.244.1.3:80,10.244.2.3:80,10.244.3.2:80   0s\n');
    assert.equal(bin('node stop lite-worker').code, 0);
    assert.equal(bin('cluster advance 1m').code, 0);
    assert.equal(bin('get endpoints web --no-headers', NOW).stdout, 'web   10.244.2.3:80,10.244.3.2:80   60s\n');
  } finally {
    h.dispose();
  }
});
