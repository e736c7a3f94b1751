/**
 * What the API server answers outside its API: `GET /` lists every path it serves, /version is its
 * version (both as Go's json.MarshalIndent with two spaces), and /healthz, /livez and /readyz run
 * their checks (verbose, excluded, one at a time). The real kubectl through serve and kubectl-lite's
 * own `get --raw` must print the same; the paths outside the API are authorized for whoever asks.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kubectlAvailable, SKIP_NO_KUBECTL } from '../helpers/oracle.js';
import { serveForSuite } from './serve-helpers.js';

const SA = '--as=system:serviceaccount:default:default';

describe('the paths outside the API, as kubectl reads them through serve', { skip: !kubectlAvailable() && SKIP_NO_KUBECTL }, () => {
  const suite = serveForSuite();

  test('GET / lists the served paths in byte order, each of which answers', async () => {
    const root = await suite.same(['get', '--raw', '/']);
    assert.equal(root.code, 0, root.stderr);
    assert.match(root.stdout, /^\{\n {2}"paths": \[\n {4}"\/api",\n {4}"\/api\/v1",\n {4}"\/apis",\n {4}"\/apis\/",\n/);
    const paths = (JSON.parse(root.stdout) as { paths: string[] }).paths;
    assert.deepEqual(paths, [...paths].sort());
    for (const p of ['/apis/apps', '/apis/apps/v1', '/healthz/etcd', '/livez/ping', '/readyz/shutdown', '/openapi/v2', '/openapi/v3/', '/version']) assert.ok(paths.includes(p), p);
    for (const p of paths) {
      const r = await suite.served.kubectl(['get', '--raw', p]);
      assert.equal(r.code, 0, `${p}: ${r.stderr}`);
    }
    await suite.same(['get', '--raw', '/index.html']);
  });

  test('/version is indented as the API server writes it', async () => {
    const v = await suite.same(['get', '--raw', '/version']);
    assert.match(v.stdout, /^\{\n {2}"major": "1",\n {2}"minor": "32",\n {2}"gitVersion": "v1\.32\.\d+-lite",\n/);
    await suite.same(['get', '--raw', '/version/']);
  });

  test('the health endpoints: ok, verbose, excluded checks, one check, unknown checks', async () => {
    assert.equal((await suite.same(['get', '--raw', '/livez'])).stdout, 'ok');
    assert.equal((await suite.same(['get', '--raw', '/livez?verbose'])).stdout, '[+]ping ok\n[+]log ok\n[+]etcd ok\nlivez check passed\n');
    assert.equal((await suite.same(['get', '--raw', '/healthz?verbose'])).stdout, '[+]ping ok\n[+]log ok\n[+]etcd ok\nhealthz check passed\n');
    assert.equal(
      (await suite.same(['get', '--raw', '/readyz?verbose&exclude=etcd&exclude=zz&exclude=nope'])).stdout,
      '[+]ping ok\n[+]log ok\n[+]etcd excluded: ok\n[+]etcd-readiness ok\n[+]shutdown ok\nwarn: some health checks cannot be excluded: no matches for "nope","zz"\nreadyz check passed\n',
    );
    // Excluding without verbose still answers `ok`.
    assert.equal((await suite.same(['get', '--raw', '/readyz?exclude=etcd'])).stdout, 'ok');
    assert.equal((await suite.same(['get', '--raw', '/readyz/etcd-readiness'])).stdout, 'ok');
    for (const missing of ['/livez/nope', '/livez/', '/livez/etcd-readiness', '/healthz/shutdown']) {
      assert.deepEqual(await suite.same(['get', '--raw', missing]), { stdout: '', stderr: 'Error from server (NotFound): the server could not find the requested resource\n', code: 1 });
    }
  });

  test('as a service account: / and /metrics are forbidden, health and version are public', async () => {
    assert.deepEqual(await suite.same([SA, 'get', '--raw', '/']), { stdout: '', stderr: 'Error from server (Forbidden): forbidden: User "system:serviceaccount:default:default" cannot get path "/"\n', code: 1 });
    assert.equal((await suite.same([SA, 'get', '--raw', '/metrics'])).code, 1);
    assert.equal((await suite.same([SA, 'get', '--raw', '/livez?verbose'])).code, 0);
    assert.equal((await suite.same([SA, 'get', '--raw', '/version'])).code, 0);
    // Discovery and the OpenAPI documents are open to every authenticated user; the server reads the CRDs for itself.
    assert.equal((await suite.same([SA, 'get', '--raw', '/openapi/v3'])).code, 0);
    await suite.same([SA, 'get', '--raw', '/api/v1/namespaces/default/pods']);
    await suite.same(['--as=nobody', '--as-group=system:masters', 'get', '--raw', '/']);
  });
});
