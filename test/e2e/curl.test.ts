import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runBin, tempHome } from '../helpers/cli.js';

const NOW = '2026-12-02T12:00:00Z';

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: web, image: nginx:1.27, ports: [{containerPort: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{port: 80, targetPort: 80, nodePort: 30080}]
---
apiVersion: v1
kind: Service
metadata: {name: web-lb}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: 8080, targetPort: 80}]
`;

test('kubectl-lite curl from the host: through a NodePort on any node, a LoadBalancer IP; ClusterIPs are not routed', () => {
  const { home, dispose } = tempHome();
  try {
    const o = { home, now: NOW };
    assert.equal(runBin(['apply', '-f', '-'], { ...o, stdin: MANIFEST }).code, 0);
    const pods = runBin(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}'], o).stdout.trim().split('\n');
    assert.equal(pods.length, 3);
    const seen = new Set<string>();
    for (const node of ['172.18.0.3', '172.18.0.4', '172.18.0.5', '172.18.0.2']) {
      const r = runBin(['curl', '-s', `http://${node}:30080/`], o);
      assert.equal(r.code, 0, r.stderr);
      const m = /^(\S+) \(container web, node (\S+), IP (\S+)\): GET \/ Host: (\S+)\n$/.exec(r.stdout);
      assert.ok(m, r.stdout);
      assert.ok(pods.includes(m[1]!));
      assert.equal(m[4], `${node}:30080`);
      seen.add(m[1]!);
    }
    assert.ok(seen.size >= 1);
    const code = runBin(['curl', '-s', '-o', 'out.html', '-w', '%{http_code}\\n', 'http://172.18.0.3:30080/'], { ...o, cwd: home });
    assert.deepEqual([code.stdout, code.code], ['200\n', 0]);
    assert.match(readFileSync(join(home, 'out.html'), 'utf8'), /^web-/);
    const lb = runBin(['get', 'svc', 'web-lb', '-o', 'jsonpath={.status.loadBalancer.ingress[0].ip}'], o).stdout;
    assert.match(lb, /^\d+\.\d+\.\d+\.\d+$/);
    assert.equal(runBin(['curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', `http://${lb}:8080/`], o).stdout, '200');
    const clusterIP = runBin(['get', 'svc', 'web', '-o', 'jsonpath={.spec.clusterIP}'], o).stdout;
    const unrouted = runBin(['curl', '-sS', '-m', '2', `http://${clusterIP}/`], o);
    assert.deepEqual([unrouted.stderr, unrouted.code], ['curl: (28) Connection timed out after 2001 milliseconds\n', 28]);
    // No pod listening behind the NodePort any more: refused.
    assert.equal(runBin(['scale', 'deployment', 'web', '--replicas=0'], o).code, 0);
    const refused = runBin(['curl', '-sS', 'http://172.18.0.3:30080/'], o);
    assert.deepEqual([refused.stderr, refused.code], ["curl: (7) Failed to connect to 172.18.0.3 port 30080 after 1 ms: Couldn't connect to server\n", 7]);
    const usage = runBin(['curl'], o);
    assert.deepEqual([usage.stderr, usage.code], ["curl: no URL specified\ncurl: try 'curl --help' or 'curl --manual' for more information\n", 2]);
  } finally {
    dispose();
  }
});
