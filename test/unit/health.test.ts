/**
 * The health endpoints' answers when checks fail (health.ts): the failed checks named with their
 * reason withheld and a 500, verbose or not; one check's own failure with its reason; the shutdown
 * check of readyz once the server stops. Then through a real serve whose store is made unreadable.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Session } from '../../src/cli/session.js';
import { healthReply, type HealthProbe } from '../../src/serve/health.js';
import { startServing } from '../../src/serve/server.js';
import { tempHome } from '../helpers/cli.js';

const probe = (store: 'ok' | 'broken', stopping = false): HealthProbe => ({
  readStore: () => {
    if (store === 'broken') throw new Error('the cluster store is corrupt');
  },
  stopping: () => stopping,
});

const q = (s = '') => new URLSearchParams(s);

test('a failing check fails the endpoint, always verbose, its reason withheld', () => {
  const broken = probe('broken');
  assert.deepEqual(healthReply('/livez', q(), broken), {
    code: 500,
    body: '[+]ping ok\n[+]log ok\n[-]etcd failed: reason withheld\nlivez check failed\n',
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });
  assert.equal(healthReply('/readyz', q('verbose'), broken)!.body, '[+]ping ok\n[+]log ok\n[-]etcd failed: reason withheld\n[-]etcd-readiness failed: reason withheld\n[+]shutdown ok\nreadyz check failed\n');
  // Excluded, the failing check no longer fails the endpoint.
  assert.deepEqual(healthReply('/livez', q('exclude=etcd'), broken), { code: 200, body: 'ok', headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
  // One check on its own gives its reason.
  assert.deepEqual(healthReply('/livez/etcd', q(), broken)!, { code: 500, body: 'internal server error: the cluster store is corrupt\n', headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
  assert.equal(healthReply('/livez/ping', q(), broken)!.code, 200);
});

test('readyz fails its shutdown check once the server stops; livez does not have it', () => {
  const stopping = probe('ok', true);
  assert.equal(healthReply('/readyz', q(), stopping)!.body, '[+]ping ok\n[+]log ok\n[+]etcd ok\n[+]etcd-readiness ok\n[-]shutdown failed: reason withheld\nreadyz check failed\n');
  assert.equal(healthReply('/livez', q(), stopping)!.body, 'ok');
  assert.equal(healthReply('/livez/shutdown', q(), stopping), undefined);
  assert.equal(healthReply('/version', q(), stopping), undefined);
});

test('a served store that cannot be read fails livez and readyz, and version still answers', async () => {
  const home = tempHome();
  const session = new Session({ env: { KUBECTL_LITE_HOME: home.home }, globals: {}, realNow: () => Date.now() });
  const serving = await startServing({ session, port: 0, address: '127.0.0.1', insecure: true, kubeconfig: join(home.home, 'kubeconfig'), realNow: () => Date.now() });
  try {
    const get = async (path: string) => {
      const res = await fetch(`${serving.url}${path}`);
      return { code: res.status, text: await res.text() };
    };
    assert.deepEqual(await get('/livez'), { code: 200, text: 'ok' });
    writeFileSync(join(session.storeDir, 'store.json'), '{"format": "garbage');
    assert.deepEqual(await get('/livez?verbose'), { code: 500, text: '[+]ping ok\n[+]log ok\n[-]etcd failed: reason withheld\nlivez check failed\n' });
    assert.equal((await get('/readyz')).code, 500);
    assert.equal((await get('/livez/etcd')).code, 500);
    assert.equal((await get('/version')).code, 200);
  } finally {
    await serving.close();
    home.dispose();
  }
});
